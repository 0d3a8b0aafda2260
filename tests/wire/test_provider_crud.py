"""The provider's create, read, update and delete against the emulator over real HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.provider.handlers import ResourceFailure
from tests.wire.provider_harness import Harness, account_cloud, account_harness

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"
VPC_READ = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": ["vpc:DescribeVpcs"], "Resource": ["*"]}],
}


@pytest.fixture
def acme(emulator: Any) -> Harness:
    return account_harness(emulator, ACME_UID)


@pytest.fixture
def cloud(emulator: Any) -> Cloud:
    """The acme account through the cloud layer, for out-of-band changes and assertions."""
    return account_cloud(emulator, ACME_UID)


def test_user_lifecycle_create_read_rename_delete(acme: Harness, cloud: Cloud) -> None:
    user_id, state = acme.create("RamUser", "alice", {"name": "alice", "displayName": "Alice"})
    assert user_id == "alice"
    assert state["userId"]
    assert state["principalName"].startswith("alice@")
    assert state["accountId"] == ACME_UID

    found_id, properties, inputs = acme.read("RamUser", "alice", user_id, state)
    assert found_id == "alice"
    assert inputs == {"name": "alice", "displayName": "Alice"}
    assert acme.diff("RamUser", properties, {"name": "alice", "displayName": "Alice"}).changes is False

    renamed = acme.update("RamUser", "alice", user_id, state, {"name": "alice2", "displayName": "Alice Two"})
    assert renamed["name"] == "alice2" and renamed["userId"] == state["userId"]
    user = cloud.ram.call("GetUser", {"UserName": "alice2"})["User"]
    assert user["DisplayName"] == "Alice Two"

    acme.delete("RamUser", "alice", user_id, renamed)
    assert acme.read("RamUser", "alice", user_id, renamed)[0] is None
    acme.delete("RamUser", "alice", user_id, renamed)  # already gone is not an error


def test_refresh_shows_out_of_band_drift(acme: Harness, cloud: Cloud) -> None:
    user_id, state = acme.create("RamUser", "bob", {"name": "bob", "comments": "team a"})
    cloud.ram.call("UpdateUser", {"UserName": "bob", "NewComments": "changed by hand"})
    _, properties, inputs = acme.read("RamUser", "bob", user_id, state)
    assert inputs["comments"] == "changed by hand"
    response = acme.diff("RamUser", properties, {"name": "bob", "comments": "team a"})
    assert response.diffs == ["comments"] and response.replaces == []


def test_group_membership_and_delete_order_error(acme: Harness) -> None:
    _, user = acme.create("RamUser", "carol", {"name": "carol"})
    _, group = acme.create("RamGroup", "ops", {"name": "ops", "comments": "operators"})
    member_id, member = acme.create("RamGroupMembership", "m", {"groupName": "ops", "userName": "carol"})
    assert member_id == "ops:carol"
    assert acme.read("RamGroupMembership", "m", member_id, None)[2] == {"groupName": "ops", "userName": "carol"}

    with pytest.raises(ResourceFailure, match="RamUser 'carol': cannot delete user 'carol': it is still in use"):
        acme.delete("RamUser", "carol", "carol", user)

    acme.delete("RamGroupMembership", "m", member_id, member)
    assert acme.read("RamGroupMembership", "m", member_id, member)[0] is None
    acme.delete("RamGroup", "ops", "ops", group)
    acme.delete("RamUser", "carol", "carol", user)


def test_role_trust_policy_update_without_false_diffs(acme: Harness, cloud: Cloud) -> None:
    role_id, state = acme.create("RamRole", "partner", {"name": "partner-ops", "trustedAccounts": [PARTNER_UID]})
    assert state["arn"].lower() == f"acs:ram::{ACME_UID}:role/partner-ops"
    stored = cloud.ram.call("GetRole", {"RoleName": "partner-ops"})["Role"]["AssumeRolePolicyDocument"]
    assert PARTNER_UID in stored

    _, properties, _ = acme.read("RamRole", "partner", role_id, state)
    assert acme.diff("RamRole", properties, {"name": "partner-ops", "trustedAccounts": [PARTNER_UID]}).changes is False

    trust = {
        "Version": "1",
        "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "ecs.aliyuncs.com"}}],
    }
    news = {"name": "partner-ops", "assumeRolePolicyDocument": trust, "description": "for ECS"}
    response = acme.diff("RamRole", properties, news)
    assert response.replaces == [] and "assumeRolePolicyDocument" in response.diffs
    updated = acme.update("RamRole", "partner", role_id, properties, news)
    assert updated["roleId"] == state["roleId"]
    role = cloud.ram.call("GetRole", {"RoleName": "partner-ops"})["Role"]
    assert "ecs.aliyuncs.com" in role["AssumeRolePolicyDocument"] and role["Description"] == "for ECS"
    acme.delete("RamRole", "partner", role_id, updated)


def test_policy_versions_rotate_at_five(acme: Harness, cloud: Cloud) -> None:
    policy_id, state = acme.create("RamPolicy", "p", {"name": "VpcRead", "document": VPC_READ})
    assert state["defaultVersion"] == "v1"
    for number in range(2, 8):
        statement = {
            "Effect": "Allow",
            "Action": ["vpc:DescribeVpcs", "vpc:DescribeVSwitches"],
            "Resource": f"acs:vpc:*:*:vpc/vpc-{number}",
        }
        news = {"name": "VpcRead", "document": {"Version": "1", "Statement": [statement]}}
        state = acme.update("RamPolicy", "p", policy_id, state, news)
    versions = cloud.ram.call("ListPolicyVersions", {"PolicyName": "VpcRead", "PolicyType": "Custom"})
    items = versions["PolicyVersions"]["PolicyVersion"]
    assert len(items) == 5
    default = [item for item in items if item["IsDefaultVersion"] in (True, "true")]
    assert [item["VersionId"] for item in default] == [state["defaultVersion"]]
    assert "v1" not in {item["VersionId"] for item in items}

    _, properties, inputs = acme.read("RamPolicy", "p", policy_id, state)
    assert json.loads(json.dumps(inputs["document"])) == state["document"]
    acme.delete("RamPolicy", "p", policy_id, properties)
    assert acme.read("RamPolicy", "p", policy_id, properties)[0] is None


def test_attachments_at_account_and_resource_group_scope(acme: Harness, cloud: Cloud) -> None:
    acme.create("RamUser", "dave", {"name": "dave"})
    rg_id, rg = acme.create("ResourceGroup", "network", {"name": "network", "displayName": "Network"})
    assert rg_id.startswith("rg-") and rg["status"] == "OK"
    account_scope = {
        "principalType": "user",
        "principalName": "dave",
        "policyName": "aliyunvpcreadonlyaccess",
        "policyType": "system",
    }
    attach_id, attached = acme.create("PolicyAttachment", "a1", account_scope)
    assert attach_id == "account:user:dave:System:aliyunvpcreadonlyaccess"
    policies = cloud.ram.call("ListPoliciesForUser", {"UserName": "dave"})["Policies"]["Policy"]
    assert [item["PolicyName"] for item in policies] == ["AliyunVPCReadOnlyAccess"]
    found_id, properties, _ = acme.read("PolicyAttachment", "a1", attach_id, attached)
    assert found_id == attach_id
    assert acme.diff("PolicyAttachment", properties, account_scope).changes is False

    rg_scope = {**account_scope, "policyName": "AliyunVPCFullAccess", "resourceGroupId": rg_id}
    rg_attach_id, rg_attached = acme.create("PolicyAttachment", "a2", rg_scope)
    assert rg_attached["scope"] == rg_id
    imported_id, _, imported_inputs = acme.read("PolicyAttachment", "a2", rg_attach_id, None)
    assert imported_id == rg_attach_id
    assert imported_inputs["resourceGroupId"] == rg_id and imported_inputs["policyType"] == "System"

    acme.delete("PolicyAttachment", "a2", rg_attach_id, rg_attached)
    assert acme.read("PolicyAttachment", "a2", rg_attach_id, rg_attached)[0] is None
    acme.delete("PolicyAttachment", "a1", attach_id, attached)
    assert cloud.ram.call("ListPoliciesForUser", {"UserName": "dave"})["Policies"]["Policy"] == []


def test_resource_group_display_name_update_and_import(acme: Harness) -> None:
    rg_id, state = acme.create("ResourceGroup", "apps", {"name": "apps"})
    updated = acme.update("ResourceGroup", "apps", rg_id, state, {"name": "apps", "displayName": "Applications"})
    found_id, _, inputs = acme.read("ResourceGroup", "apps", rg_id, None)
    assert found_id == rg_id and inputs == {"name": "apps", "displayName": "Applications"}
    acme.delete("ResourceGroup", "apps", rg_id, updated)
    assert acme.read("ResourceGroup", "apps", rg_id, updated)[0] is None  # refresh: gone


def test_import_by_documented_ids(acme: Harness, cloud: Cloud) -> None:
    cloud.ram.call("CreateUser", {"UserName": "erin", "DisplayName": "Erin"})
    cloud.ram.call(
        "CreateRole",
        {
            "RoleName": "auditor",
            "AssumeRolePolicyDocument": json.dumps(
                {
                    "Version": "1",
                    "Statement": [
                        {
                            "Action": "sts:AssumeRole",
                            "Effect": "Allow",
                            "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]},
                        }
                    ],
                }
            ),
        },
    )
    cloud.ram.call("CreatePolicy", {"PolicyName": "AuditRead", "PolicyDocument": json.dumps(VPC_READ)})
    assert acme.read("RamUser", "erin", "erin")[2] == {"name": "erin", "displayName": "Erin"}
    role_inputs = acme.read("RamRole", "auditor", "auditor")[2]
    assert role_inputs["name"] == "auditor" and ACME_UID in json.dumps(role_inputs["assumeRolePolicyDocument"])
    policy_inputs = acme.read("RamPolicy", "audit", "AuditRead")[2]
    assert policy_inputs["name"] == "AuditRead"
    with pytest.raises(ResourceFailure, match="cannot import 'nobody'"):
        acme.read("RamUser", "nobody", "nobody")  # an import of a missing id fails (issue 14, bug 3)


def test_existing_name_is_a_clear_error(acme: Harness, cloud: Cloud) -> None:
    # Someone else's user (its settings differ from ours); an identical one would be adopted (test_provider_adopt).
    cloud.ram.call("CreateUser", {"UserName": "frank", "DisplayName": "Frank from another team"})
    with pytest.raises(ResourceFailure, match="RamUser 'frank': a RAM user named 'frank' already exists; adopt it"):
        acme.create("RamUser", "frank", {"name": "frank"})


def test_account_id_guard_stops_before_any_change(emulator: Any, cloud: Cloud) -> None:
    account = emulator.account(ACME_UID)
    wrong = Harness(emulator.endpoint, account.access_key_id, account.access_key_secret, accountId=PARTNER_UID)
    with pytest.raises(ResourceFailure, match=f"'accountId' is {PARTNER_UID} but the credentials belong to account"):
        wrong.create("RamUser", "guarded", {"name": "guarded"})
    assert cloud.ram.list_all("ListUsers", {}, items="Users.User") == []


def test_assume_role_manages_another_account(emulator: Any, cloud: Cloud) -> None:
    partner = emulator.account(PARTNER_UID)
    partner_cloud = Cloud(
        CloudConfig(
            endpoint=emulator.endpoint,
            credentials=StaticCredentials(partner.access_key_id, partner.access_key_secret),
            max_attempts=2,
        )
    )
    partner_cloud.ram.call("CreateUser", {"UserName": "deployer"})
    key = partner_cloud.ram.call("CreateAccessKey", {"UserName": "deployer"})["AccessKey"]
    partner_cloud.ram.call(
        "AttachPolicyToUser",
        {"PolicyType": "System", "PolicyName": "AliyunSTSAssumeRoleAccess", "UserName": "deployer"},
    )
    trust = {
        "Version": "1",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{PARTNER_UID}:root"]}}
        ],
    }
    cloud.ram.call("CreateRole", {"RoleName": "deploy-from-partner", "AssumeRolePolicyDocument": json.dumps(trust)})
    cloud.ram.call(
        "AttachPolicyToRole",
        {"PolicyType": "System", "PolicyName": "AliyunRAMFullAccess", "RoleName": "deploy-from-partner"},
    )

    deployer = Harness(
        emulator.endpoint,
        key["AccessKeyId"],
        key["AccessKeySecret"],
        accountId=ACME_UID,
        assumeRole={"roleArn": f"acs:ram::{ACME_UID}:role/deploy-from-partner", "sessionName": "ci"},
    )
    user_id, state = deployer.create("RamUser", "made-by-partner", {"name": "made-by-partner"})
    assert state["accountId"] == ACME_UID
    assert cloud.ram.call("GetUser", {"UserName": "made-by-partner"})["User"]["UserName"] == "made-by-partner"
    deployer.delete("RamUser", "made-by-partner", user_id, state)
