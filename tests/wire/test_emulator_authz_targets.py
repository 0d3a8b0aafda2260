"""Calls that name a second resource are authorised on every resource they name (issue 12, item 6).

Official SDK clients against the emulator over HTTP. Sources for each rule:

- Moving into a group: resource-group-scoped permissions "only take effect on resources in a specific resource
  group" (Resource Management, "Grant permissions on resource groups to a RAM identity"), so a move is authorised
  on the resource where it is (its current group) and where it goes (the destination group). vpc:MoveResourceGroup
  is authorised on the VPC (VPC API reference, MoveResourceGroup) and supports resource-group authorisation (seed
  000 does not list it among the actions that do not).
- resourcemanager:MoveResources is authorised on "All Resources" (ResourceManager API reference, MoveResources), and
  a resource the caller may not move comes back in ``Responses`` with Status FAIL and ErrorCode NoPermission (the
  same page's response example): the destination group and every moved resource are checked.
- ResourceManager AttachPolicy / DetachPolicy are authorised as ram:AttachPolicy / ram:DetachPolicy, whose RAM
  authorisation table lists the principal types (``acs:ram:*:{#accountId}:group/{#GroupName}`` ...) besides the
  policy (ResourceManager API reference, AttachPolicy).
- ram:AttachPolicyToUser and ram:AddUserToGroup take both the user (or group) and the policy (RAM API reference).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import create_group, denied, make_vpc, user_key

ACME = "1000000000000001"
REGION = "cn-hangzhou"


def make_policy(ram: RamClient, name: str, actions: list[str], resources: list[str] | str = "*") -> None:
    """Create a custom Allow policy."""
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resources}]}
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name=name, policy_document=json.dumps(document)))


def attach_in_group(rm: RmClient, user: str, policy: str, group_id: str) -> None:
    """Attach a custom policy to an acme user, scoped to one resource group."""
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name=policy,
            policy_type="Custom",
            principal_type="IMSUser",
            principal_name=f"{user}@acme.onaliyun.com",
            resource_group_id=group_id,
        )
    )


# -- product MoveResourceGroup: the destination group is checked as well as the source --------------------------


def test_vpc_move_needs_rights_in_the_destination_group(
    emulator: RunningEmulator, ram: RamClient, rm: RmClient
) -> None:
    group_a, group_b = create_group(rm, "team-a"), create_group(rm, "team-b")
    vpc_id = make_vpc(emulator, group_id=group_a)
    make_policy(ram, "vpc-mover", ["vpc:MoveResourceGroup"])
    alice = VpcClient(emulator.config(*user_key(emulator, "alice")))
    attach_in_group(rm, "alice", "vpc-mover", group_a)
    move = vpc_models.MoveResourceGroupRequest(
        region_id=REGION, resource_id=vpc_id, resource_type="Vpc", new_resource_group_id=group_b
    )
    error = denied(lambda: alice.move_resource_group(move))
    assert "vpc:MoveResourceGroup" in error.message
    assert ResourceManagerBackend(emulator.emulator.store, ACME).resource_group_of(vpc_id) == group_a
    attach_in_group(rm, "alice", "vpc-mover", group_b)
    alice.move_resource_group(move)
    assert ResourceManagerBackend(emulator.emulator.store, ACME).resource_group_of(vpc_id) == group_b


def test_vpc_move_still_needs_rights_where_the_vpc_is(emulator: RunningEmulator, ram: RamClient, rm: RmClient) -> None:
    group_a, group_b = create_group(rm, "team-a"), create_group(rm, "team-b")
    vpc_id = make_vpc(emulator, group_id=group_a)
    make_policy(ram, "vpc-mover", ["vpc:MoveResourceGroup"])
    alice = VpcClient(emulator.config(*user_key(emulator, "alice")))
    attach_in_group(rm, "alice", "vpc-mover", group_b)
    move = vpc_models.MoveResourceGroupRequest(
        region_id=REGION, resource_id=vpc_id, resource_type="Vpc", new_resource_group_id=group_b
    )
    denied(lambda: alice.move_resource_group(move))
    assert ResourceManagerBackend(emulator.emulator.store, ACME).resource_group_of(vpc_id) == group_a


def test_ecr_move_needs_rights_in_the_destination_group(
    emulator: RunningEmulator, ram: RamClient, rm: RmClient
) -> None:
    group_a, group_b = create_group(rm, "team-a"), create_group(rm, "team-b")
    root_ecr = EcrClient(emulator.root_config("acme"))
    ecr_id = root_ecr.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(alibaba_side_asn=45104, resource_group_id=group_a)
    ).body.ecr_id
    make_policy(ram, "ecr-mover", ["expressconnectrouter:MoveResourceGroup"])
    alice = EcrClient(emulator.config(*user_key(emulator, "alice")))
    attach_in_group(rm, "alice", "ecr-mover", group_a)
    move = ecr_models.MoveResourceGroupRequest(
        resource_id=ecr_id, resource_type="EXPRESSCONNECTROUTER", new_resource_group_id=group_b
    )
    denied(lambda: alice.move_resource_group(move))
    assert ResourceManagerBackend(emulator.emulator.store, ACME).resource_group_of(ecr_id) == group_a
    attach_in_group(rm, "alice", "ecr-mover", group_b)
    alice.move_resource_group(move)
    assert ResourceManagerBackend(emulator.emulator.store, ACME).resource_group_of(ecr_id) == group_b


# -- ResourceManager MoveResources: the destination group and every moved resource ----------------------------------


def _move_item(vpc_id: str) -> rm_models.MoveResourcesRequestResources:
    return rm_models.MoveResourcesRequestResources(
        resource_id=vpc_id, region_id=REGION, service="vpc", resource_type="vpc"
    )


def test_move_resources_checks_each_resource_it_moves(emulator: RunningEmulator, ram: RamClient, rm: RmClient) -> None:
    group_a, group_c = create_group(rm, "team-a"), create_group(rm, "team-c")
    mine, theirs = make_vpc(emulator), make_vpc(emulator, group_id=group_c)
    make_policy(
        ram,
        "rm-mover",
        ["resourcemanager:MoveResources"],
        [f"acs:resourcemanager:*:{ACME}:resourcegroup/{group_a}", f"acs:vpc:*:{ACME}:vpc/{mine}"],
    )
    config = emulator.config(*user_key(emulator, "bob", ("Custom", "rm-mover")))
    bob = RmClient(config)
    body = bob.move_resources(
        rm_models.MoveResourcesRequest(resource_group_id=group_a, resources=[_move_item(mine), _move_item(theirs)])
    ).body
    results = {item.resource_id: (item.status, item.error_code) for item in body.responses}
    assert results == {mine: ("SUCCESS", None), theirs: ("FAIL", "NoPermission")}
    store = emulator.emulator.store
    placed = ResourceManagerBackend(store, ACME)
    assert (placed.resource_group_of(mine), placed.resource_group_of(theirs)) == (group_a, group_c)


def test_move_resources_needs_rights_on_the_destination_group(
    emulator: RunningEmulator, ram: RamClient, rm: RmClient
) -> None:
    group_a, group_b = create_group(rm, "team-a"), create_group(rm, "team-b")
    vpc_id = make_vpc(emulator)
    make_policy(
        ram,
        "rm-mover",
        ["resourcemanager:MoveResources"],
        [f"acs:resourcemanager:*:{ACME}:resourcegroup/{group_a}", f"acs:vpc:*:{ACME}:vpc/*"],
    )
    config = emulator.config(*user_key(emulator, "bob", ("Custom", "rm-mover")))
    bob = RmClient(config)
    denied(
        lambda: bob.move_resources(
            rm_models.MoveResourcesRequest(resource_group_id=group_b, resources=[_move_item(vpc_id)])
        )
    )
    body = bob.move_resources(rm_models.MoveResourcesRequest(resource_group_id=group_a, resources=[_move_item(vpc_id)]))
    assert [item.status for item in body.body.responses] == ["SUCCESS"]


# -- ResourceManager AttachPolicy / DetachPolicy: the principal as well as the policy -------------------------------


def test_rm_attach_and_detach_check_the_principal(emulator: RunningEmulator, ram: RamClient, rm: RmClient) -> None:
    group_a = create_group(rm, "team-a")
    make_policy(ram, "vpc-read", ["vpc:Describe*"])
    make_policy(
        ram,
        "dev-attacher",
        ["ram:AttachPolicy", "ram:DetachPolicy"],
        [f"acs:ram:*:{ACME}:policy/*", f"acs:ram:*:{ACME}:user/dev-*"],
    )
    for name in ("dev-1", "ops-1"):
        ram.create_user(ram_models.CreateUserRequest(user_name=name))
    config = emulator.config(*user_key(emulator, "carol", ("Custom", "dev-attacher")))
    carol = RmClient(config)

    def request(kind: type[Any], user: str) -> Any:
        return kind(
            policy_name="vpc-read",
            policy_type="Custom",
            principal_type="IMSUser",
            principal_name=f"{user}@acme.onaliyun.com",
            resource_group_id=group_a,
        )

    carol.attach_policy(request(rm_models.AttachPolicyRequest, "dev-1"))
    error = denied(lambda: carol.attach_policy(request(rm_models.AttachPolicyRequest, "ops-1")))
    assert "ram:AttachPolicy" in error.message
    rm.attach_policy(request(rm_models.AttachPolicyRequest, "ops-1"))
    denied(lambda: carol.detach_policy(request(rm_models.DetachPolicyRequest, "ops-1")))
    carol.detach_policy(request(rm_models.DetachPolicyRequest, "dev-1"))
    listed = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(resource_group_id=group_a)).body
    assert [item.principal_name for item in listed.policy_attachments.policy_attachment] == ["ops-1@acme.onaliyun.com"]


# -- RAM APIs that already name two resources (guards) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("resources", "call"),
    [
        (
            [f"acs:ram:*:{ACME}:policy/*"],
            lambda client: client.attach_policy_to_user(
                ram_models.AttachPolicyToUserRequest(
                    policy_type="System", policy_name="ReadOnlyAccess", user_name="eve"
                )
            ),
        ),
        (
            [f"acs:ram:*:{ACME}:user/eve"],
            lambda client: client.attach_policy_to_user(
                ram_models.AttachPolicyToUserRequest(
                    policy_type="System", policy_name="ReadOnlyAccess", user_name="eve"
                )
            ),
        ),
        (
            [f"acs:ram:*:{ACME}:group/admins"],
            lambda client: client.add_user_to_group(
                ram_models.AddUserToGroupRequest(user_name="eve", group_name="admins")
            ),
        ),
        (
            [f"acs:ram:*:{ACME}:user/eve"],
            lambda client: client.add_user_to_group(
                ram_models.AddUserToGroupRequest(user_name="eve", group_name="admins")
            ),
        ),
    ],
    ids=["attach-policy-only", "attach-user-only", "add-group-only", "add-user-only"],
)
def test_ram_calls_need_both_resources(
    emulator: RunningEmulator, ram: RamClient, resources: list[str], call: Callable[[RamClient], Any]
) -> None:
    ram.create_group(ram_models.CreateGroupRequest(group_name="admins"))
    make_policy(ram, "half", ["ram:AttachPolicyToUser", "ram:AddUserToGroup"], resources)
    config = emulator.config(*user_key(emulator, "eve", ("Custom", "half")))
    denied(lambda: call(RamClient(config)))


# -- VPC CreateVirtualBorderRouter: the VBR and the physical connection it is built on --------------------------------


def test_create_vbr_checks_the_physical_connection(emulator: RunningEmulator, ram: RamClient) -> None:
    """Express Connect "Authentication rules for Express Connect APIs": vpc:CreateVirtualBorderRouter is checked on
    ``virtualborderrouter/*`` and on ``physicalconnection/<PhysicalConnectionId>``."""
    make_policy(
        ram,
        "vbr-maker",
        ["vpc:CreateVirtualBorderRouter"],
        [f"acs:vpc:*:{ACME}:virtualborderrouter/*", f"acs:vpc:*:{ACME}:physicalconnection/pc-mine"],
    )
    config = emulator.config(*user_key(emulator, "dave", ("Custom", "vbr-maker")))
    dave = VpcClient(config)

    def create(connection: str, vlan: int) -> Any:
        return dave.create_virtual_border_router(
            vpc_models.CreateVirtualBorderRouterRequest(
                region_id=REGION, physical_connection_id=connection, vlan_id=vlan
            )
        )

    assert create("pc-mine", 10).body.vbr_id.startswith("vbr-")
    error = denied(lambda: create("pc-other", 11))
    assert "vpc:CreateVirtualBorderRouter" in error.message
