"""The emulator's grant-delay and lingering-dependent switches, through the official RAM SDK over HTTP.

Lingering: terraform-provider-alicloud retries DeleteRole on DeleteConflict.Role.Policy, DeleteGroup on
DeleteConflict.Group.User/Policy and DeletePolicy on DeleteConflict.Policy.User/Group/Version for the delete timeout
(resource_alicloud_ram_role.go, _ram_group.go, _ram_policy.go): a dependent just removed still blocks its parent.
It does not retry DeleteConflict.Policy.Role, so a policy's role attachment does not linger.
Grant delay: an opt-in robustness switch (Alibaba's RAM guide says grants take effect at once; see emulator.profile).
"""

from __future__ import annotations

import json

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.provider_harness import account_cloud, account_harness

ACME = "1000000000000001"
TRUST = (
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
    '"Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]}'
)
ATTACH = {"RoleName": "ops", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"}


def _code(error: Exception) -> str:
    return str(getattr(error, "code", ""))


def test_an_attachment_authorises_only_after_the_grant_delay(emulator: RunningEmulator) -> None:
    emulator.set_faults(grant_delay_ms=60_000)
    root = RamClient(emulator.root_config(ACME))
    root.create_user(ram_models.CreateUserRequest(user_name="dev"))
    key = root.create_access_key(ram_models.CreateAccessKeyRequest(user_name="dev")).body.access_key
    root.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            policy_type="System", policy_name="AliyunRAMReadOnlyAccess", user_name="dev"
        )
    )
    dev = RamClient(emulator.config(key.access_key_id, key.access_key_secret))
    with pytest.raises((ClientException, ServerException)) as info:
        dev.list_users(ram_models.ListUsersRequest())
    assert _code(info.value) == "NoPermission"
    emulator.advance_clock(61)
    assert [u.user_name for u in dev.list_users(ram_models.ListUsersRequest()).body.users.user] == ["dev"]


def test_a_role_delete_right_after_a_detach_answers_delete_conflict_then_succeeds(emulator: RunningEmulator) -> None:
    emulator.set_faults(linger_delay_ms=60_000)
    cloud = account_cloud(emulator, ACME)
    cloud.ram.call("CreateRole", {"RoleName": "ops", "AssumeRolePolicyDocument": TRUST})
    cloud.ram.call("AttachPolicyToRole", ATTACH)
    cloud.ram.call("DetachPolicyFromRole", ATTACH)
    root = RamClient(emulator.root_config(ACME))
    with pytest.raises((ClientException, ServerException)) as info:
        root.delete_role(ram_models.DeleteRoleRequest(role_name="ops"))
    assert _code(info.value) == "DeleteConflict.Role.Policy"
    emulator.advance_clock(61)
    root.delete_role(ram_models.DeleteRoleRequest(role_name="ops"))


def test_a_group_delete_right_after_a_member_left_answers_delete_conflict(emulator: RunningEmulator) -> None:
    emulator.set_faults(linger_delay_ms=60_000)
    cloud = account_cloud(emulator, ACME)
    cloud.ram.call("CreateGroup", {"GroupName": "admins"})
    cloud.ram.call("CreateUser", {"UserName": "dev"})
    cloud.ram.call("AddUserToGroup", {"GroupName": "admins", "UserName": "dev"})
    cloud.ram.call("RemoveUserFromGroup", {"GroupName": "admins", "UserName": "dev"})
    root = RamClient(emulator.root_config(ACME))
    with pytest.raises((ClientException, ServerException)) as info:
        root.delete_group(ram_models.DeleteGroupRequest(group_name="admins"))
    assert _code(info.value) == "DeleteConflict.Group.User"


def test_the_provider_deletes_a_role_whose_policy_was_just_detached(emulator: RunningEmulator) -> None:
    """The provider retries DeleteConflict.Role.Policy within the delete timeout, as terraform does."""
    emulator.set_faults(linger_delay_ms=800)
    acme, cloud = account_harness(emulator, ACME), account_cloud(emulator, ACME)
    trust = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACME}:root"]}}],
    }
    role_id, state = acme.create("RamRole", "r", {"name": "ops", "assumeRolePolicyDocument": trust})
    cloud.ram.call("AttachPolicyToRole", ATTACH)
    cloud.ram.call("DetachPolicyFromRole", ATTACH)
    acme.delete("RamRole", "r", role_id, state)
    assert acme.read("RamRole", "r", role_id, state)[0] is None


CUSTOM_DOCUMENT = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:Describe*", "Resource": "*"}]}


def test_a_policy_delete_right_after_a_user_detach_answers_delete_conflict(emulator: RunningEmulator) -> None:
    emulator.set_faults(linger_delay_ms=60_000)
    cloud = account_cloud(emulator, ACME)
    cloud.ram.call("CreateUser", {"UserName": "dev"})
    cloud.ram.call("CreatePolicy", {"PolicyName": "EcsRead", "PolicyDocument": json.dumps(CUSTOM_DOCUMENT)})
    attach = {"UserName": "dev", "PolicyType": "Custom", "PolicyName": "EcsRead"}
    cloud.ram.call("AttachPolicyToUser", attach)
    cloud.ram.call("DetachPolicyFromUser", attach)
    root = RamClient(emulator.root_config(ACME))
    with pytest.raises((ClientException, ServerException)) as info:
        root.delete_policy(ram_models.DeletePolicyRequest(policy_name="EcsRead"))
    assert _code(info.value) == "DeleteConflict.Policy.User"
    emulator.advance_clock(61)
    root.delete_policy(ram_models.DeletePolicyRequest(policy_name="EcsRead"))


def test_the_provider_deletes_a_policy_just_detached_from_a_role(emulator: RunningEmulator) -> None:
    """No linger there: terraform (and so the provider) would not retry DeleteConflict.Policy.Role (failed before)."""
    emulator.set_faults(linger_delay_ms=60_000)
    acme, cloud = account_harness(emulator, ACME), account_cloud(emulator, ACME)
    cloud.ram.call("CreateRole", {"RoleName": "ops", "AssumeRolePolicyDocument": TRUST})
    policy_id, state = acme.create("RamPolicy", "p", {"name": "EcsRead", "document": CUSTOM_DOCUMENT})
    attach = {"RoleName": "ops", "PolicyType": "Custom", "PolicyName": "EcsRead"}
    cloud.ram.call("AttachPolicyToRole", attach)
    cloud.ram.call("DetachPolicyFromRole", attach)
    acme.delete("RamPolicy", "p", policy_id, state)
    assert acme.read("RamPolicy", "p", policy_id, state)[0] is None
