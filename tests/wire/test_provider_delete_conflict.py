"""Deletes that meet ``DeleteConflict.*`` while a dependent is still going away are retried, as terraform does.

terraform-provider-alicloud retries DeleteRole on DeleteConflict.Role.Policy, DeleteGroup on
DeleteConflict.Group.User/Policy, DeletePolicy on DeleteConflict.Policy.* and DeleteResourceGroup on
DeleteConflict.ResourceGroup.Resource within the delete timeout (resource_alicloud_ram_role.go, _ram_group.go,
_ram_policy.go, _resource_manager_resource_group.go). Here the dependent really exists at the first attempt and is
removed out of band a moment later; the provider's delete must then succeed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud
from tests.wire.provider_harness import Harness, account_cloud, account_harness

ACME_UID = "1000000000000001"
LATER = 0.6  # seconds until the dependent is removed
TRUST = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]}}],
}
VPC_READ = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:DescribeVpcs"], "Resource": ["*"]}]}


@pytest.fixture
def later() -> Iterator[Callable[[Callable[[], Any]], None]]:
    """Run a change out of band after LATER seconds (joined at the end of the test)."""
    timers: list[threading.Timer] = []

    def schedule(change: Callable[[], Any]) -> None:
        timer = threading.Timer(LATER, change)
        timers.append(timer)
        timer.start()

    yield schedule
    for timer in timers:
        timer.join()


def _setup(emulator: Any) -> tuple[Harness, Cloud]:
    return account_harness(emulator, ACME_UID), account_cloud(emulator, ACME_UID)


def test_role_delete_waits_out_a_policy_being_detached(emulator: Any, later: Any) -> None:
    acme, cloud = _setup(emulator)
    role_id, state = acme.create("RamRole", "r", {"name": "ops", "assumeRolePolicyDocument": TRUST})
    attach = {"RoleName": "ops", "PolicyType": "System", "PolicyName": "AliyunVPCReadOnlyAccess"}
    cloud.ram.call("AttachPolicyToRole", attach)
    later(lambda: cloud.ram.call("DetachPolicyFromRole", attach))
    acme.delete("RamRole", "r", role_id, state)
    assert acme.read("RamRole", "r", role_id, state)[0] is None


def test_group_delete_waits_out_a_member_being_removed(emulator: Any, later: Any) -> None:
    acme, cloud = _setup(emulator)
    group_id, state = acme.create("RamGroup", "g", {"name": "admins"})
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    cloud.ram.call("AddUserToGroup", {"GroupName": "admins", "UserName": "ops"})
    later(lambda: cloud.ram.call("RemoveUserFromGroup", {"GroupName": "admins", "UserName": "ops"}))
    acme.delete("RamGroup", "g", group_id, state)
    assert acme.read("RamGroup", "g", group_id, state)[0] is None


def test_policy_delete_waits_out_an_attachment_being_removed(emulator: Any, later: Any) -> None:
    acme, cloud = _setup(emulator)
    policy_id, state = acme.create("RamPolicy", "p", {"name": "VpcRead", "document": json.dumps(VPC_READ)})
    cloud.ram.call("CreateUser", {"UserName": "ops"})
    attach = {"UserName": "ops", "PolicyType": "Custom", "PolicyName": "VpcRead"}
    cloud.ram.call("AttachPolicyToUser", attach)
    later(lambda: cloud.ram.call("DetachPolicyFromUser", attach))
    acme.delete("RamPolicy", "p", policy_id, state)
    assert acme.read("RamPolicy", "p", policy_id, state)[0] is None


def test_resource_group_delete_waits_out_a_resource_moving_out(emulator: Any, later: Any) -> None:
    acme, cloud = _setup(emulator)
    group_id, state = acme.create("ResourceGroup", "net", {"name": "net"})
    vpc_id = cloud.vpc.call("CreateVpc", {"RegionId": "cn-hangzhou"})["VpcId"]
    [resource] = cloud.resourcemanager.list_all("ListResources", {"ResourceId": vpc_id}, items="Resources.Resource")
    original = resource["ResourceGroupId"]

    def move(to: str) -> None:
        cloud.resourcemanager.call(
            "MoveResources",
            {
                "ResourceGroupId": to,
                "Resources": [
                    {"ResourceId": vpc_id, "ResourceType": "vpc", "Service": "vpc", "RegionId": "cn-hangzhou"}
                ],
            },
        )

    move(group_id)
    later(lambda: move(original))
    acme.delete("ResourceGroup", "net", group_id, state)
    assert acme.read("ResourceGroup", "net", group_id, state)[0] is None  # gone, or on its way (PendingDelete)
