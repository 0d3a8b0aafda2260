"""Deleting RAM entities that still have dependents no Pulumi resource manages (issue 14, item 11).

Ground truth: terraform-provider-alicloud ``resource_alicloud_ram_user.go`` (Delete): without ``force`` each
``DeleteConflict.User.{AccessKey,Group,Policy,LoginProfile,MFADevice}`` is answered "can not be deleted ... set
force"; with ``force`` it deletes the user's AccessKeys, detaches its policies, removes it from its groups,
deletes its login profile and unbinds its MFA device before DeleteUser. ``_ram_group.go`` (members, then
attachments), ``_ram_role.go`` (attachments) and ``_ram_policy.go`` (attachments to users, groups and roles, then
non-default versions) do the same for theirs. The failing deletes get a 1 s delete timeout, since a delete retries
DeleteConflict until its deadline (item 8).
"""

from __future__ import annotations

import pytest

from alicloud_gov.cloud.errors import NotFound
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.handlers.base import ResourceFailure
from tests.wire.provider_harness import account_cloud, account_harness

ACME_UID = "1000000000000001"
USER = "RamUser"
GROUP = "RamGroup"
ROLE = "RamRole"
POLICY = "RamPolicy"
TRUST = (
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
    '"Principal":{"Service":["ecs.aliyuncs.com"]}}]}'
)
DOCUMENT = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:DescribeVpcs","Resource":"*"}]}'


def test_user_with_an_out_of_band_access_key_names_it_and_force_deletes_it(emulator: RunningEmulator) -> None:
    """Without force the failure names the blocking AccessKey and suggests force (not "delete the resources that
    use it"); with force the key is deleted and so is the user."""
    harness = account_harness(emulator, ACME_UID)
    cloud = account_cloud(emulator, ACME_UID)
    user_id, state = harness.create(USER, "keyed", {"name": "keyed-user"})
    key_id = cloud.ram.call("CreateAccessKey", {"UserName": "keyed-user"})["AccessKey"]["AccessKeyId"]

    with pytest.raises(ResourceFailure) as failure:
        harness.delete(USER, "keyed", user_id, state, timeout=1.0)
    message = str(failure.value)
    assert key_id in message and "force" in message, message
    assert "delete the resources that use it" not in message, message
    cloud.ram.call("GetUser", {"UserName": "keyed-user"})  # still there

    _, forced = harness.create(USER, "keyed2", {"name": "keyed-user2", "force": True})
    _, _, refreshed = harness.read(USER, "keyed2", "keyed-user2", forced)
    assert refreshed["force"] is True, "a refresh keeps force (the cloud does not hold it)"
    cloud.ram.call("CreateAccessKey", {"UserName": "keyed-user2"})
    harness.delete(USER, "keyed2", "keyed-user2", forced)
    with pytest.raises(NotFound):
        cloud.ram.call("GetUser", {"UserName": "keyed-user2"})


def test_force_user_cleans_login_profile_groups_and_policies(emulator: RunningEmulator) -> None:
    """A user with a login profile, a group membership and an attached policy: the plain delete names each; the
    forced one removes them all."""
    harness = account_harness(emulator, ACME_UID)
    cloud = account_cloud(emulator, ACME_UID)
    _, state = harness.create(USER, "busy", {"name": "busy-user", "force": False})
    cloud.ram.call("CreateGroup", {"GroupName": "busy-group"})
    cloud.ram.call("AddUserToGroup", {"GroupName": "busy-group", "UserName": "busy-user"})
    cloud.ram.call(
        "AttachPolicyToUser", {"UserName": "busy-user", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"}
    )
    cloud.ram.call("CreateLoginProfile", {"UserName": "busy-user", "Password": "Str0ng!Passw0rd#"})

    with pytest.raises(ResourceFailure) as failure:
        harness.delete(USER, "busy", "busy-user", state, timeout=1.0)
    message = str(failure.value)
    for blocker in ("busy-group", "AliyunVPCReadOnlyAccess", "login profile", "force"):
        assert blocker in message, message

    harness.delete(USER, "busy", "busy-user", {**state, "force": True})
    with pytest.raises(NotFound):
        cloud.ram.call("GetUser", {"UserName": "busy-user"})
    with pytest.raises(NotFound):
        cloud.ram.call("GetLoginProfile", {"UserName": "busy-user"})
    assert cloud.ram.call("ListUsersForGroup", {"GroupName": "busy-group"})["Users"]["User"] == []


def test_force_group_role_and_policy(emulator: RunningEmulator) -> None:
    """Group: members and attachments; role: attachments; policy: attachments and non-default versions. Without
    force each failure names what blocks it."""
    harness = account_harness(emulator, ACME_UID)
    cloud = account_cloud(emulator, ACME_UID)
    _, group = harness.create(GROUP, "g", {"name": "forced-group"})
    _, role = harness.create(ROLE, "r", {"name": "forced-role", "assumeRolePolicyDocument": TRUST})
    _, policy = harness.create(POLICY, "p", {"name": "ForcedPolicy", "document": DOCUMENT})
    cloud.ram.call("CreateUser", {"UserName": "member"})
    cloud.ram.call("AddUserToGroup", {"GroupName": "forced-group", "UserName": "member"})
    cloud.ram.call(
        "AttachPolicyToGroup", {"GroupName": "forced-group", "PolicyType": "Custom", "PolicyName": "ForcedPolicy"}
    )
    cloud.ram.call(
        "AttachPolicyToRole", {"RoleName": "forced-role", "PolicyType": "Custom", "PolicyName": "ForcedPolicy"}
    )
    cloud.ram.call(
        "CreatePolicyVersion", {"PolicyName": "ForcedPolicy", "PolicyDocument": DOCUMENT, "SetAsDefault": "true"}
    )

    for type_name, name, resource_id, state, blocker in (
        (GROUP, "g", "forced-group", group, "member"),
        (ROLE, "r", "forced-role", role, "ForcedPolicy"),
        (POLICY, "p", "ForcedPolicy", policy, "forced-role"),
    ):
        with pytest.raises(ResourceFailure) as failure:
            harness.delete(type_name, name, resource_id, state, timeout=1.0)
        assert blocker in str(failure.value) and "force" in str(failure.value), str(failure.value)

    harness.delete(POLICY, "p", "ForcedPolicy", {**policy, "force": True})
    with pytest.raises(NotFound):
        cloud.ram.call("GetPolicy", {"PolicyName": "ForcedPolicy", "PolicyType": "Custom"})
    cloud.ram.call(
        "AttachPolicyToRole",
        {"RoleName": "forced-role", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"},
    )
    cloud.ram.call(
        "AttachPolicyToGroup",
        {"GroupName": "forced-group", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"},
    )
    harness.delete(ROLE, "r", "forced-role", {**role, "force": True})
    harness.delete(GROUP, "g", "forced-group", {**group, "force": True})
    with pytest.raises(NotFound):
        cloud.ram.call("GetRole", {"RoleName": "forced-role"})
    with pytest.raises(NotFound):
        cloud.ram.call("GetGroup", {"GroupName": "forced-group"})
    cloud.ram.call("GetUser", {"UserName": "member"})  # the member itself is untouched
