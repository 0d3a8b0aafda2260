"""ExpressConnectRouter 2023-09-01 on the emulator, through the official ExpressConnectRouter SDK client."""

from __future__ import annotations

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

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import fails

ACME = "1000000000000001"
PARTNER = "2000000000000002"
REGION = "cn-hangzhou"


@pytest.fixture
def partner_ecr(emulator: RunningEmulator) -> EcrClient:
    """An ECR client signed with partner's root key."""
    return EcrClient(emulator.root_config("partner"))


def create_ecr(client: EcrClient, name: str = "hub", **fields: Any) -> str:
    """Create an ECR and return its id."""
    fields.setdefault("alibaba_side_asn", 45104)
    request = ecr_models.CreateExpressConnectRouterRequest(name=name, **fields)
    return str(client.create_express_connect_router(request).body.ecr_id)


def create_vpc(emulator: RunningEmulator, account: str) -> str:
    """Create a VPC for an account in cn-hangzhou."""
    client = VpcClient(emulator.root_config(account))
    return str(
        client.create_vpc(
            vpc_models.CreateVpcRequest(region_id=REGION, vpc_name="net", cidr_block="10.1.0.0/16")
        ).body.vpc_id
    )


def create_vbr(emulator: RunningEmulator, account: str, vlan: int = 7) -> str:
    """Create a VBR for an account in cn-hangzhou."""
    client = VpcClient(emulator.root_config(account))
    request = vpc_models.CreateVirtualBorderRouterRequest(
        region_id=REGION, physical_connection_id="pc-emulated", vlan_id=vlan, name="edge"
    )
    return str(client.create_virtual_border_router(request).body.vbr_id)


def grant(client: EcrClient, ecr_id: str, instance_id: str, instance_type: str = "VPC", **fields: Any) -> Any:
    """Grant an instance of the client's account to acme's ECR."""
    fields.setdefault("ecr_owner_ali_uid", int(ACME))
    fields.setdefault("instance_region_id", REGION)
    request = ecr_models.GrantInstanceToExpressConnectRouterRequest(
        ecr_id=ecr_id, instance_id=instance_id, instance_type=instance_type, **fields
    )
    return client.grant_instance_to_express_connect_router(request).body


def revoke(client: EcrClient, ecr_id: str, instance_id: str, instance_type: str = "VPC") -> Any:
    """Revoke a grant made to acme's ECR."""
    request = ecr_models.RevokeInstanceFromExpressConnectRouterRequest(
        ecr_id=ecr_id,
        ecr_owner_ali_uid=int(ACME),
        instance_id=instance_id,
        instance_region_id=REGION,
        instance_type=instance_type,
    )
    return client.revoke_instance_from_express_connect_router(request).body


def associate(client: EcrClient, ecr_id: str, vpc_id: str, owner: str | None = None, **fields: Any) -> str:
    """Associate a VPC with the client's ECR; return the association id."""
    request = ecr_models.CreateExpressConnectRouterAssociationRequest(
        ecr_id=ecr_id,
        association_region_id=REGION,
        vpc_id=vpc_id,
        vpc_owner_id=int(owner) if owner else None,
        **fields,
    )
    return str(client.create_express_connect_router_association(request).body.association_id)


# -- routers ------------------------------------------------------------------------------------------------------


def test_ecr_lifecycle_and_envelope(ecr: EcrClient) -> None:
    created = ecr.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(
            name="hub",
            description="core",
            alibaba_side_asn=64512,
            tag=[ecr_models.CreateExpressConnectRouterRequestTag(key="env", value="prod")],
        )
    ).body
    assert created.ecr_id.startswith("ecr-")
    assert (created.code, created.success, created.http_status_code, created.message) == ("200", True, 200, "OK")
    assert created.request_id
    listed = ecr.describe_express_connect_router(
        ecr_models.DescribeExpressConnectRouterRequest(ecr_id=created.ecr_id)
    ).body
    assert listed.total_count == 1 and listed.success is True
    item = listed.ecr_list[0]
    assert (item.ecr_id, item.name, item.description, item.alibaba_side_asn, item.owner_id, item.status) == (
        created.ecr_id,
        "hub",
        "core",
        64512,
        int(ACME),
        "ACTIVE",
    )
    assert item.resource_group_id.startswith("rg-") and item.gmt_create and item.biz_status == "Normal"
    assert [(tag.tag_key, tag.tag_value) for tag in item.tags] == [("env", "prod")]
    deleted = ecr.delete_express_connect_router(
        ecr_models.DeleteExpressConnectRouterRequest(ecr_id=created.ecr_id)
    ).body
    assert deleted.success is True
    assert ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest()).body.total_count == 0
    error = fails(
        lambda: ecr.delete_express_connect_router(ecr_models.DeleteExpressConnectRouterRequest(ecr_id=created.ecr_id)),
        "ResourceNotFound.EcrId",
        404,
    )
    assert error.data["Success"] is False and error.data["HttpStatusCode"] == 404


def test_ecr_in_resource_group_and_listed_by_resource_manager(ecr: EcrClient, emulator: RunningEmulator) -> None:
    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="net", display_name="Net")
    ).body.resource_group.id
    ecr_id = create_ecr(ecr, resource_group_id=group_id)
    found = ecr.describe_express_connect_router(
        ecr_models.DescribeExpressConnectRouterRequest(resource_group_id=group_id)
    ).body
    assert [item.ecr_id for item in found.ecr_list] == [ecr_id]
    resources = rm.list_resources(rm_models.ListResourcesRequest(resource_group_id=group_id)).body
    assert [(item.resource_id, item.service, item.resource_type) for item in resources.resources.resource] == [
        (ecr_id, "expressconnect", "expressconnectrouter")
    ]
    fails(lambda: create_ecr(ecr, resource_group_id="rg-doesnotexist0"), "EntityNotExists.ResourceGroup", 404)
    default_id = rm.list_resource_groups(rm_models.ListResourceGroupsRequest(name="default")).body
    default_group = default_id.resource_groups.resource_group[0].id
    moved = rm.move_resources(
        rm_models.MoveResourcesRequest(
            resource_group_id=default_group,
            resources=[
                rm_models.MoveResourcesRequestResources(
                    resource_id=ecr_id, region_id=REGION, service="expressconnect", resource_type="expressconnectrouter"
                )
            ],
        )
    ).body
    assert moved.responses[0].status == "SUCCESS"
    after = ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(ecr_id=ecr_id)).body
    assert after.ecr_list[0].resource_group_id == default_group


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"alibaba_side_asn": 65025}, "IllegalParam.AlibabaSideAsn"),
        ({"alibaba_side_asn": 100}, "IllegalParam.AlibabaSideAsn"),
        ({"alibaba_side_asn": None}, "MissingParameter"),
        ({"name": "n" * 129}, "IllegalParam.Name"),
        ({"name": "https://hub"}, "IllegalParam.Name"),
        ({"description": "d" * 257}, "IllegalParam.Description"),
    ],
)
def test_create_ecr_validation(ecr: EcrClient, fields: dict[str, Any], code: str) -> None:
    values: dict[str, Any] = {"alibaba_side_asn": 45104, **fields}
    fails(lambda: ecr.create_express_connect_router(ecr_models.CreateExpressConnectRouterRequest(**values)), code, 400)


def test_client_token_and_dry_run(ecr: EcrClient) -> None:
    first = create_ecr(ecr, client_token="t-1")
    assert create_ecr(ecr, client_token="t-1") == first
    fails(lambda: create_ecr(ecr, dry_run=True), "DryRunOperation", 400)
    assert ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest()).body.total_count == 1


def test_describe_pages_by_next_token(ecr: EcrClient) -> None:
    ids = [create_ecr(ecr, f"hub-{index}") for index in range(5)]
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        body = ecr.describe_express_connect_router(
            ecr_models.DescribeExpressConnectRouterRequest(max_results=2, next_token=token)
        ).body
        assert body.total_count == 5
        seen.extend(item.ecr_id for item in body.ecr_list)
        pages += 1
        if not body.next_token:
            break
        token = body.next_token
    assert seen == ids and pages == 3
    by_name = ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(name="hub-3")).body
    assert [item.ecr_id for item in by_name.ecr_list] == [ids[3]]
    fails(
        lambda: ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(next_token="%%%")),
        "IllegalParam.NextToken",
        400,
    )


def test_routers_are_per_account(ecr: EcrClient, partner_ecr: EcrClient) -> None:
    ecr_id = create_ecr(ecr)
    assert (
        partner_ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest()).body.ecr_list
        == []
    )
    fails(
        lambda: partner_ecr.delete_express_connect_router(ecr_models.DeleteExpressConnectRouterRequest(ecr_id=ecr_id)),
        "ResourceNotFound.EcrId",
        404,
    )


# -- grants -------------------------------------------------------------------------------------------------------


def test_grant_describe_and_revoke(ecr: EcrClient, partner_ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    vpc_id = create_vpc(emulator, "partner")
    body = grant(partner_ecr, ecr_id, vpc_id)
    assert (body.code, body.success) == ("200", True)
    owner_view = ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, caller_type="SELF")
    ).body
    assert owner_view.total_count == 1
    item = owner_view.ecr_granted_instance_list[0]
    assert (item.ecr_id, item.ecr_owner_ali_uid, item.node_id, item.node_region_id, item.node_type) == (
        ecr_id,
        ACME,
        vpc_id,
        REGION,
        "VPC",
    )
    assert item.node_owner_uid == int(PARTNER) and item.grant_id and item.status and item.gmt_create
    granter_view = partner_ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, caller_type="OTHER")
    ).body
    assert [grant.node_id for grant in granter_view.ecr_granted_instance_list] == [vpc_id]
    default_view = ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, instance_type="VPC")
    ).body
    assert default_view.total_count == 1
    filtered = ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, instance_owner_id=int(ACME))
    ).body
    assert filtered.total_count == 0
    fails(lambda: grant(partner_ecr, ecr_id, vpc_id), "ResourceAlreadyExists.GrantRule", 409)
    revoke(partner_ecr, ecr_id, vpc_id)
    fails(lambda: revoke(partner_ecr, ecr_id, vpc_id), "ResourceNotFound.GrantRule", 404)
    after = ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id)
    ).body
    assert after.ecr_granted_instance_list == []


def test_only_the_instance_owner_can_grant(ecr: EcrClient, partner_ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    acme_vpc = create_vpc(emulator, "acme")
    partner_vpc = create_vpc(emulator, "partner")
    # The partner cannot grant acme's VPC, and acme cannot grant to its own ECR.
    fails(lambda: grant(partner_ecr, ecr_id, acme_vpc), "ResourceNotFound.InstanceId", 404)
    fails(lambda: grant(ecr, ecr_id, acme_vpc), "IllegalParam.EcrOwnerAliUid", 400)
    fails(
        lambda: grant(partner_ecr, ecr_id, partner_vpc, ecr_owner_ali_uid=int(PARTNER)),
        "IllegalParam.EcrOwnerAliUid",
        400,
    )
    fails(lambda: grant(partner_ecr, "ecr-doesnotexist00", partner_vpc), "ResourceNotFound.EcrId", 404)
    fails(
        lambda: grant(partner_ecr, ecr_id, partner_vpc, instance_region_id="cn-beijing"),
        "ResourceNotFound.InstanceId",
        404,
    )
    fails(lambda: grant(partner_ecr, ecr_id, partner_vpc, instance_type="TR"), "IllegalParam.InstanceType", 400)
    fails(lambda: grant(partner_ecr, ecr_id, partner_vpc, dry_run=True), "DryRunOperation", 400)
    request = ecr_models.GrantInstanceToExpressConnectRouterRequest(ecr_id=ecr_id, instance_id=partner_vpc)
    error = fails(lambda: partner_ecr.grant_instance_to_express_connect_router(request), "MissingParameter", 400)
    assert error.data["Success"] is False


def test_describe_granted_caller_types(ecr: EcrClient, partner_ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    fails(
        lambda: partner_ecr.describe_instance_granted_to_express_connect_router(
            ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, caller_type="SELF")
        ),
        "ResourceNotFound.EcrId",
        404,
    )
    fails(
        lambda: ecr.describe_instance_granted_to_express_connect_router(
            ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, caller_type="ANYONE")
        ),
        "IllegalParam.CallerType",
        400,
    )
    fails(
        lambda: ecr.describe_instance_granted_to_express_connect_router(
            ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest()
        ),
        "MissingParameter",
        400,
    )
    vpcs = [create_vpc(emulator, "partner") for _ in range(3)]
    for vpc_id in vpcs:
        grant(partner_ecr, ecr_id, vpc_id)
    first = ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=ecr_id, max_results=2)
    ).body
    rest = ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(
            ecr_id=ecr_id, max_results=2, next_token=first.next_token
        )
    ).body
    assert [item.node_id for item in first.ecr_granted_instance_list + rest.ecr_granted_instance_list] == vpcs
    assert first.total_count == 3 and rest.next_token == ""


# -- associations and child instances -----------------------------------------------------------------------------


def test_same_account_association_needs_no_grant(ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    vpc_id = create_vpc(emulator, "acme")
    association_id = associate(ecr, ecr_id, vpc_id, description="local")
    assert association_id.startswith("ecr-assoc-")
    listed = ecr.describe_express_connect_router_association(
        ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=ecr_id)
    ).body
    item = listed.association_list[0]
    assert (item.association_id, item.vpc_id, item.vpc_owner_id, item.region_id, item.status) == (
        association_id,
        vpc_id,
        int(ACME),
        REGION,
        "ACTIVE",
    )
    assert (item.association_node_type, item.description, item.vpc_name) == ("VPC", "local", "net")
    fails(lambda: associate(ecr, ecr_id, vpc_id), "ResourceAlreadyExists.Association", 409)
    fails(
        lambda: ecr.delete_express_connect_router(ecr_models.DeleteExpressConnectRouterRequest(ecr_id=ecr_id)),
        "DependencyViolation.EcrAssociation",
        400,
    )
    vpc_client = VpcClient(emulator.root_config("acme"))
    fails(
        lambda: vpc_client.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id)),
        "DependencyViolation.ExpressConnectRouter",
        400,
    )
    ecr.delete_express_connect_router_association(
        ecr_models.DeleteExpressConnectRouterAssociationRequest(ecr_id=ecr_id, association_id=association_id)
    )
    fails(
        lambda: ecr.delete_express_connect_router_association(
            ecr_models.DeleteExpressConnectRouterAssociationRequest(ecr_id=ecr_id, association_id=association_id)
        ),
        "ResourceNotFound.AssociationId",
        404,
    )
    ecr.delete_express_connect_router(ecr_models.DeleteExpressConnectRouterRequest(ecr_id=ecr_id))


def test_association_validation(ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    vpc_id = create_vpc(emulator, "acme")
    fails(lambda: associate(ecr, "ecr-doesnotexist00", vpc_id), "ResourceNotFound.EcrId", 404)
    fails(lambda: associate(ecr, ecr_id, "vpc-doesnotexist"), "ResourceNotFound.VpcId", 404)
    fails(lambda: associate(ecr, ecr_id, vpc_id, owner="3000000000000003"), "IllegalParam.VpcOwnerId", 400)
    request = ecr_models.CreateExpressConnectRouterAssociationRequest(ecr_id=ecr_id, vpc_id=vpc_id)
    fails(lambda: ecr.create_express_connect_router_association(request), "MissingParameter", 400)


def test_association_filters_and_pages(ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    vpc_ids = [create_vpc(emulator, "acme") for _ in range(3)]
    association_ids = [associate(ecr, ecr_id, vpc_id) for vpc_id in vpc_ids]
    one = ecr.describe_express_connect_router_association(
        ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=ecr_id, vpc_id=vpc_ids[1])
    ).body
    assert [item.association_id for item in one.association_list] == [association_ids[1]]
    page = ecr.describe_express_connect_router_association(
        ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=ecr_id, max_results=2)
    ).body
    assert page.total_count == 3 and len(page.association_list) == 2 and page.next_token


def test_child_instances(ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    vbr_id = create_vbr(emulator, "acme")
    attached = ecr.attach_express_connect_router_child_instance(
        ecr_models.AttachExpressConnectRouterChildInstanceRequest(
            ecr_id=ecr_id,
            child_instance_id=vbr_id,
            child_instance_type="VBR",
            child_instance_region_id=REGION,
            description="dc link",
        )
    ).body
    assert attached.code == "200"
    listed = ecr.describe_express_connect_router_child_instance(
        ecr_models.DescribeExpressConnectRouterChildInstanceRequest(ecr_id=ecr_id)
    ).body
    child = listed.child_instance_list[0]
    assert (child.child_instance_id, child.child_instance_type, child.child_instance_owner_id, child.status) == (
        vbr_id,
        "VBR",
        int(ACME),
        "ACTIVE",
    )
    assert (child.child_instance_name, child.description, child.child_instance_region_id) == ("edge", "dc link", REGION)
    vbrs = (
        VpcClient(emulator.root_config("acme"))
        .describe_virtual_border_routers(vpc_models.DescribeVirtualBorderRoutersRequest(region_id=REGION))
        .body
    )
    assert vbrs.virtual_border_router_set.virtual_border_router_type[0].ecr_id == ecr_id
    fails(
        lambda: ecr.attach_express_connect_router_child_instance(
            ecr_models.AttachExpressConnectRouterChildInstanceRequest(
                ecr_id=ecr_id, child_instance_id=vbr_id, child_instance_type="VBR", child_instance_region_id=REGION
            )
        ),
        "ResourceAlreadyExists.ChildInstance",
        409,
    )
    fails(
        lambda: ecr.attach_express_connect_router_child_instance(
            ecr_models.AttachExpressConnectRouterChildInstanceRequest(
                ecr_id=ecr_id, child_instance_id=vbr_id, child_instance_type="VPC", child_instance_region_id=REGION
            )
        ),
        "IllegalParam.ChildInstanceType",
        400,
    )
    detach = ecr_models.DetachExpressConnectRouterChildInstanceRequest(
        ecr_id=ecr_id, child_instance_id=vbr_id, child_instance_type="VBR"
    )
    ecr.detach_express_connect_router_child_instance(detach)
    fails(lambda: ecr.detach_express_connect_router_child_instance(detach), "ResourceNotFound.ChildInstanceId", 404)
    assert (
        ecr.describe_express_connect_router_child_instance(
            ecr_models.DescribeExpressConnectRouterChildInstanceRequest(ecr_id=ecr_id)
        ).body.child_instance_list
        == []
    )


# -- authorisation --------------------------------------------------------------------------------------------------


def test_read_only_policy_allows_describe_but_not_create(ecr: EcrClient, emulator: RunningEmulator) -> None:
    create_ecr(ecr)
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name="viewer"))
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            policy_type="System", policy_name="AliyunExpressConnectReadOnlyAccess", user_name="viewer"
        )
    )
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="viewer")).body.access_key
    viewer = EcrClient(emulator.config(key.access_key_id, key.access_key_secret))
    assert (
        viewer.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest()).body.total_count == 1
    )
    fails(lambda: create_ecr(viewer), "NoPermission", 403)


def test_modify_router(ecr: EcrClient) -> None:
    ecr_id = create_ecr(ecr, description="old")
    ecr.modify_express_connect_router(ecr_models.ModifyExpressConnectRouterRequest(ecr_id=ecr_id, name="renamed"))
    item = ecr.describe_express_connect_router(
        ecr_models.DescribeExpressConnectRouterRequest(ecr_id=ecr_id)
    ).body.ecr_list[0]
    assert (item.name, item.description, item.status) == ("renamed", "old", "ACTIVE")
    fails(
        lambda: ecr.modify_express_connect_router(
            ecr_models.ModifyExpressConnectRouterRequest(ecr_id=ecr_id, description="http://x")
        ),
        "IllegalParam.Description",
        400,
    )
    fails(
        lambda: ecr.modify_express_connect_router(
            ecr_models.ModifyExpressConnectRouterRequest(ecr_id="ecr-doesnotexist00", name="x")
        ),
        "ResourceNotFound.EcrId",
        404,
    )


def test_changes_in_progress_lock_the_router(ecr: EcrClient, emulator: RunningEmulator) -> None:
    ecr_id = create_ecr(ecr)
    first, second = create_vpc(emulator, "acme"), create_vpc(emulator, "acme")
    emulator.set_faults(consistency_delay_ms=60_000)
    associate(ecr, ecr_id, first, client_token="assoc-1")
    error = fails(lambda: associate(ecr, ecr_id, second, client_token="assoc-2"), "Conflict.Lock", 409)
    assert error.data["Success"] is False
    fails(
        lambda: ecr.modify_express_connect_router(
            ecr_models.ModifyExpressConnectRouterRequest(ecr_id=ecr_id, name="x")
        ),
        "Conflict.Lock",
        409,
    )
    # Without the fault, changes complete at once and never lock.
    emulator.reset()
    ecr_id = create_ecr(ecr)
    third, fourth = create_vpc(emulator, "acme"), create_vpc(emulator, "acme")
    associate(ecr, ecr_id, third)
    associate(ecr, ecr_id, fourth)


def test_move_resource_group_of_an_ecr(ecr: EcrClient, emulator: RunningEmulator) -> None:
    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="net", display_name="Net")
    ).body.resource_group.id
    ecr_id = create_ecr(ecr)
    ecr.move_resource_group(
        ecr_models.MoveResourceGroupRequest(
            resource_id=ecr_id, resource_type="EXPRESSCONNECTROUTER", new_resource_group_id=group_id
        )
    )
    found = ecr.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(ecr_id=ecr_id)).body
    assert found.ecr_list[0].resource_group_id == group_id
    for resource_id, resource_type, target, code, status in (
        (ecr_id, "VPC", group_id, "IllegalParam.ResourceType", 400),
        ("ecr-doesnotexist00", "EXPRESSCONNECTROUTER", group_id, "ResourceNotFound.EcrId", 404),
        (ecr_id, "EXPRESSCONNECTROUTER", "rg-doesnotexist0", "EntityNotExists.ResourceGroup", 404),
    ):
        request = ecr_models.MoveResourceGroupRequest(
            resource_id=resource_id, resource_type=resource_type, new_resource_group_id=target
        )
        fails(lambda request=request: ecr.move_resource_group(request), code, status)
