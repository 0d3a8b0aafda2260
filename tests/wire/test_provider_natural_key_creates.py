"""Creates of natural-key resources (PolicyAttachment, RamGroupMembership, EcrGrant) meeting AlreadyExists.

Such a grant has no attribute of its own, so a live one cannot be told apart from one somebody else made: it is
adopted only when this create's own earlier attempt may have made it (a retry after a lost response); otherwise
the create fails and names ``pulumi import`` with the exact id, so our destroy never revokes another's grant.
"""

from __future__ import annotations

from typing import Any

import pytest

from alicloud_gov.cloud import Cloud
from alicloud_gov.cloud.errors import Throttled
from alicloud_gov.provider.config import ProviderConfig
from alicloud_gov.provider.handlers import ResourceFailure
from tests.wire.helpers import FaultyCloud, first_call_of, losing_first_response
from tests.wire.provider_harness import Harness, account_cloud, account_harness

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"


def losing(emulator: Any, uid: str, action: str) -> tuple[Harness, list[FaultyCloud]]:
    """A harness whose provider loses the response of its first ``action``; the list gets its Cloud."""
    made: list[FaultyCloud] = []

    def factory(config: ProviderConfig) -> Cloud:
        made.append(losing_first_response(config.cloud_config(), action))
        return made[0]

    return account_harness(emulator, uid, factory), made


ATTACH = {
    "principalType": "user",
    "principalName": "ops",
    "policyType": "System",
    "policyName": "AliyunVPCReadOnlyAccess",
}


def test_policy_attachment_made_by_someone_else_is_refused_with_the_import_id(emulator: Any) -> None:
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    cloud.ram.call(
        "AttachPolicyToUser", {"UserName": "ops", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"}
    )
    acme = account_harness(emulator, ACME_UID)
    expected = "pulumi import alicloud-gov:index:PolicyAttachment ro account:user:ops:System:AliyunVPCReadOnlyAccess"
    with pytest.raises(ResourceFailure, match=f"PolicyAttachment 'ro': .*`{expected}`"):
        acme.create("PolicyAttachment", "ro", ATTACH)


def test_policy_attachment_at_group_scope_made_by_someone_else_is_refused(emulator: Any) -> None:
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    acme = account_harness(emulator, ACME_UID)
    group_id, _ = acme.create("ResourceGroup", "net", {"name": "net"})
    cloud.resourcemanager.call(
        "AttachPolicy",
        {
            "ResourceGroupId": group_id,
            "PolicyType": "System",
            "PolicyName": "AliyunVPCReadOnlyAccess",
            "PrincipalType": "IMSUser",
            "PrincipalName": f"ops@{ACME_UID}.onaliyun.com",
        },
    )
    with pytest.raises(ResourceFailure, match=f"pulumi import alicloud-gov:index:PolicyAttachment ro {group_id}:user"):
        acme.create("PolicyAttachment", "ro", {**ATTACH, "resourceGroupId": group_id})


def test_policy_attachment_whose_response_was_lost_is_ours(emulator: Any) -> None:
    account_cloud(emulator, ACME_UID).ram.call("CreateUser", {"UserName": "ops"})
    acme, made = losing(emulator, ACME_UID, "AttachPolicyToUser")
    attachment_id, _ = acme.create("PolicyAttachment", "ro", ATTACH)
    assert made[0].lost == 1
    assert attachment_id == "account:user:ops:System:AliyunVPCReadOnlyAccess"


def test_policy_attachment_made_by_someone_else_while_we_were_throttled_is_refused(emulator: Any) -> None:
    """A throttled attempt was never applied: the AlreadyExists of the retry is somebody else's grant."""
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    grant = {"UserName": "ops", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"}
    made: list[FaultyCloud] = []

    def factory(config: ProviderConfig) -> Cloud:
        made.append(
            FaultyCloud(
                config.cloud_config(),
                first_call_of("AttachPolicyToUser"),
                error=lambda: Throttled("Throttling.User", "Request was denied due to user flow control.", status=400),
                applied=False,
                meanwhile=lambda: cloud.ram.call("AttachPolicyToUser", grant),
            )
        )
        return made[0]

    acme = account_harness(emulator, ACME_UID, factory)
    expected = "pulumi import alicloud-gov:index:PolicyAttachment ro account:user:ops:System:AliyunVPCReadOnlyAccess"
    with pytest.raises(ResourceFailure, match=f"PolicyAttachment 'ro': .*`{expected}`"):
        acme.create("PolicyAttachment", "ro", ATTACH)
    assert made[0].lost == 1


def test_group_membership_made_by_someone_else_is_refused_with_the_import_id(emulator: Any) -> None:
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    cloud.ram.call("CreateGroup", {"GroupName": "admins"})
    cloud.ram.call("AddUserToGroup", {"GroupName": "admins", "UserName": "ops"})
    acme = account_harness(emulator, ACME_UID)
    with pytest.raises(ResourceFailure, match="`pulumi import alicloud-gov:index:RamGroupMembership m admins:ops`"):
        acme.create("RamGroupMembership", "m", {"groupName": "admins", "userName": "ops"})


def test_group_membership_whose_response_was_lost_is_ours(emulator: Any) -> None:
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    cloud.ram.call("CreateGroup", {"GroupName": "admins"})
    acme, made = losing(emulator, ACME_UID, "AddUserToGroup")
    membership_id, _ = acme.create("RamGroupMembership", "m", {"groupName": "admins", "userName": "ops"})
    assert made[0].lost == 1
    assert membership_id == "admins:ops"


def _ecr_link(emulator: Any) -> dict[str, Any]:
    ecr_id = account_cloud(emulator, ACME_UID).ecr.call(
        "CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"}
    )["EcrId"]
    vpc_id = account_cloud(emulator, PARTNER_UID).vpc.call("CreateVpc", {"RegionId": "cn-hangzhou"})["VpcId"]
    return {
        "ecrId": ecr_id,
        "ecrOwnerUid": ACME_UID,
        "instanceId": vpc_id,
        "instanceType": "VPC",
        "instanceRegionId": "cn-hangzhou",
    }


def test_ecr_grant_made_by_someone_else_is_refused_with_the_import_id(emulator: Any) -> None:
    link = _ecr_link(emulator)
    params = {
        "EcrId": link["ecrId"],
        "EcrOwnerAliUid": ACME_UID,
        "InstanceId": link["instanceId"],
        "InstanceRegionId": "cn-hangzhou",
        "InstanceType": "VPC",
    }
    account_cloud(emulator, PARTNER_UID).ecr.call("GrantInstanceToExpressConnectRouter", params)
    partner = account_harness(emulator, PARTNER_UID)
    grant_id = f"{link['ecrId']}:{ACME_UID}:VPC:cn-hangzhou:{link['instanceId']}"
    with pytest.raises(ResourceFailure, match=f"`pulumi import alicloud-gov:index:EcrGrant g {grant_id}`"):
        partner.create("EcrGrant", "g", link)


def test_ecr_grant_whose_response_was_lost_is_ours(emulator: Any) -> None:
    link = _ecr_link(emulator)
    partner, made = losing(emulator, PARTNER_UID, "GrantInstanceToExpressConnectRouter")
    grant_id, _ = partner.create("EcrGrant", "g", link)
    assert made[0].lost == 1
    assert grant_id == f"{link['ecrId']}:{ACME_UID}:VPC:cn-hangzhou:{link['instanceId']}"
