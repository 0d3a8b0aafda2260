"""The provider's lookup functions (Invoke) against the emulator over real HTTP: each one found and not found."""

from __future__ import annotations

import json
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud
from tests.wire.provider_harness import Harness, account_cloud, account_harness

ACME_UID = "1000000000000001"
TRUST = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
}
VPC_READ = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:DescribeVpcs"], "Resource": ["*"]}]}


@pytest.fixture
def acme(emulator: Any) -> Harness:
    return account_harness(emulator, ACME_UID)


@pytest.fixture
def cloud(emulator: Any) -> Cloud:
    """The acme account through the cloud layer, to make entities out of band (as a console would)."""
    return account_cloud(emulator, ACME_UID)


def only_failure(failures: list[tuple[str, str]]) -> tuple[str, str]:
    assert len(failures) == 1, failures
    return failures[0]


def test_get_user_found_and_not_found(acme: Harness, cloud: Cloud, emulator: Any) -> None:
    cloud.ram.call("CreateUser", {"UserName": "netops-dave", "DisplayName": "Dave", "Email": "dave@example.com"})
    result, failures = acme.invoke("getUser", {"name": "netops-dave"})
    assert failures == []
    alias = emulator.account(ACME_UID).alias
    assert result["name"] == "netops-dave" and result["displayName"] == "Dave"
    assert result["email"] == "dave@example.com" and result["userId"]
    assert result["principalName"] == f"netops-dave@{alias}.onaliyun.com"
    assert result["accountId"] == ACME_UID

    _, failures = acme.invoke("getUser", {"name": "nobody"})
    argument, reason = only_failure(failures)
    assert argument == "name"
    assert "getUser" in reason and "'nobody'" in reason and ACME_UID in reason


def test_get_user_rejects_a_name_that_breaks_the_rule_before_any_call(acme: Harness) -> None:
    _, failures = acme.invoke("getUser", {"name": "has space"})
    argument, reason = only_failure(failures)
    assert argument == "name" and reason.startswith("getUser: argument 'name'")
    _, failures = acme.invoke("getUser", {})
    assert only_failure(failures) == ("name", "getUser: argument 'name' is required")


def test_get_group_found_and_not_found(acme: Harness, cloud: Cloud) -> None:
    cloud.ram.call("CreateGroup", {"GroupName": "netops", "Comments": "network team"})
    result, failures = acme.invoke("getGroup", {"name": "netops"})
    assert failures == []
    assert result["name"] == "netops" and result["comments"] == "network team" and result["groupId"]
    assert result["principalName"].startswith("netops@")

    _, failures = acme.invoke("getGroup", {"name": "ghosts"})
    argument, reason = only_failure(failures)
    assert argument == "name" and "getGroup" in reason and "'ghosts'" in reason


def test_get_role_returns_its_trust_policy_as_a_document(acme: Harness, cloud: Cloud) -> None:
    cloud.ram.call(
        "CreateRole", {"RoleName": "ecs-worker", "AssumeRolePolicyDocument": json.dumps(TRUST), "Description": "w"}
    )
    result, failures = acme.invoke("getRole", {"name": "ecs-worker"})
    assert failures == []
    assert result["assumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": ["ecs.aliyuncs.com"]}
    assert result["arn"] == f"acs:ram::{ACME_UID}:role/ecs-worker"
    assert result["maxSessionDuration"] == 3600 and result["description"] == "w" and result["roleId"]

    _, failures = acme.invoke("getRole", {"name": "no-such-role"})
    argument, reason = only_failure(failures)
    assert argument == "name" and "getRole" in reason and "'no-such-role'" in reason


def test_get_policy_custom_reads_the_default_version(acme: Harness, cloud: Cloud) -> None:
    cloud.ram.call("CreatePolicy", {"PolicyName": "vpc-read", "PolicyDocument": json.dumps(VPC_READ)})
    newer = {**VPC_READ, "Statement": [{**VPC_READ["Statement"][0], "Action": ["vpc:DescribeVpcAttribute"]}]}
    cloud.ram.call(
        "CreatePolicyVersion",
        {"PolicyName": "vpc-read", "PolicyDocument": json.dumps(newer), "SetAsDefault": "true"},
    )
    result, failures = acme.invoke("getPolicy", {"name": "vpc-read"})
    assert failures == []
    assert result["policyType"] == "Custom" and result["defaultVersion"] == "v2"
    assert result["document"]["Statement"][0]["Action"] == ["vpc:DescribeVpcAttribute"]

    _, failures = acme.invoke("getPolicy", {"name": "vpc-write"})
    argument, reason = only_failure(failures)
    assert argument == "name" and "getPolicy" in reason and "custom policy" in reason and "'vpc-write'" in reason


def test_get_policy_system_is_read_from_ram(acme: Harness) -> None:
    result, failures = acme.invoke("getPolicy", {"name": "AliyunVPCReadOnlyAccess", "policyType": "system"})
    assert failures == []
    assert result["policyType"] == "System" and result["name"] == "AliyunVPCReadOnlyAccess"
    assert result["document"]["Statement"], result
    assert result["description"]

    _, failures = acme.invoke("getPolicy", {"name": "AliyunNoSuchAccess", "policyType": "System"})
    argument, reason = only_failure(failures)
    assert argument == "name" and "system policy" in reason and "'AliyunNoSuchAccess'" in reason
    _, failures = acme.invoke("getPolicy", {"name": "x", "policyType": "Managed"})
    assert only_failure(failures)[0] == "policyType"


def test_get_resource_group_by_id_and_by_name(acme: Harness, cloud: Cloud) -> None:
    body = cloud.resourcemanager.call("CreateResourceGroup", {"Name": "net-prod", "DisplayName": "Network"})
    group_id = body["ResourceGroup"]["Id"]
    by_id, failures = acme.invoke("getResourceGroup", {"resourceGroupId": group_id})
    assert failures == []
    assert by_id["name"] == "net-prod" and by_id["displayName"] == "Network" and by_id["accountId"] == ACME_UID
    by_name, failures = acme.invoke("getResourceGroup", {"name": "net-prod"})
    assert failures == [] and by_name == by_id

    _, failures = acme.invoke("getResourceGroup", {"name": "net-test"})
    argument, reason = only_failure(failures)
    assert argument == "name" and "getResourceGroup" in reason and "'net-test'" in reason
    _, failures = acme.invoke("getResourceGroup", {"resourceGroupId": "rg-doesnotexist000"})
    assert only_failure(failures)[0] == "resourceGroupId"
    _, failures = acme.invoke("getResourceGroup", {})
    assert "exactly one" in only_failure(failures)[1]


def test_get_account_gives_uid_and_alias(acme: Harness, emulator: Any) -> None:
    result, failures = acme.invoke("getAccount", {})
    assert failures == []
    assert result == {"accountId": ACME_UID, "accountAlias": emulator.account(ACME_UID).alias}
