"""VPC 2016-04-28 on the emulator (VPCs, VBRs, grant views), through the official alibabacloud_vpc20160428 client."""

from __future__ import annotations

import json
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
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import fails

ACME = "1000000000000001"
PARTNER = "2000000000000002"
REGION = "cn-hangzhou"


def create_vpc(client: VpcClient, name: str = "net", **fields: Any) -> vpc_models.CreateVpcResponseBody:
    """Create a VPC in cn-hangzhou."""
    request = vpc_models.CreateVpcRequest(region_id=REGION, vpc_name=name, cidr_block="10.0.0.0/16", **fields)
    return client.create_vpc(request).body


def create_vbr(client: VpcClient, vlan: int = 10, **fields: Any) -> str:
    """Create a VBR in cn-hangzhou and return its id."""
    request = vpc_models.CreateVirtualBorderRouterRequest(
        region_id=REGION, physical_connection_id="pc-bp1emulated0001", vlan_id=vlan, **fields
    )
    return str(client.create_virtual_border_router(request).body.vbr_id)


# -- VPCs ---------------------------------------------------------------------------------------------------------


def test_vpc_lifecycle(vpc: VpcClient) -> None:
    created = create_vpc(vpc, "prod", description="production")
    assert created.vpc_id.startswith("vpc-") and created.vrouter_id.startswith("vrt-")
    assert created.route_table_id.startswith("vtb-") and created.resource_group_id.startswith("rg-")
    assert created.request_id
    listed = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, vpc_id=created.vpc_id)).body
    assert listed.total_count == 1 and (listed.page_number, listed.page_size) == (1, 10)
    item = listed.vpcs.vpc[0]
    assert (item.vpc_id, item.vpc_name, item.description, item.cidr_block, item.status, item.owner_id) == (
        created.vpc_id,
        "prod",
        "production",
        "10.0.0.0/16",
        "Available",
        int(ACME),
    )
    assert (item.resource_group_id, item.vrouter_id, item.is_default) == (
        created.resource_group_id,
        created.vrouter_id,
        False,
    )
    assert item.router_table_ids.router_table_ids == [created.route_table_id]
    vpc.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=created.vpc_id))
    assert vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION)).body.total_count == 0
    fails(
        lambda: vpc.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=created.vpc_id)),
        "InvalidVpcId.NotFound",
        404,
    )


def test_describe_vpcs_pages_and_filters(vpc: VpcClient, emulator: RunningEmulator) -> None:
    ids = [create_vpc(vpc, f"net-{index}").vpc_id for index in range(5)]
    create_vpc(VpcClient(emulator.root_config("partner")), "theirs")
    first = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, page_size=2)).body
    third = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, page_size=2, page_number=3)).body
    assert first.total_count == 5 and [item.vpc_id for item in first.vpcs.vpc] == ids[:2]
    assert [item.vpc_id for item in third.vpcs.vpc] == ids[4:]
    two = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, vpc_id=f"{ids[1]},{ids[3]}")).body
    assert {item.vpc_id for item in two.vpcs.vpc} == {ids[1], ids[3]}
    by_name = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, vpc_name="net-2")).body
    assert [item.vpc_id for item in by_name.vpcs.vpc] == [ids[2]]
    elsewhere = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id="cn-beijing")).body
    assert elsewhere.total_count == 0
    fails(
        lambda: vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, page_size=51)),
        "InvalidParameter.PageSize",
        400,
    )


def test_vpc_in_a_resource_group(vpc: VpcClient, emulator: RunningEmulator) -> None:
    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="net", display_name="Net")
    ).body.resource_group.id
    created = create_vpc(vpc, resource_group_id=group_id)
    assert created.resource_group_id == group_id
    listed = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, resource_group_id=group_id)).body
    assert [item.vpc_id for item in listed.vpcs.vpc] == [created.vpc_id]
    fails(lambda: create_vpc(vpc, resource_group_id="rg-doesnotexist0"), "EntityNotExists.ResourceGroup", 404)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"cidr_block": "10.0.0.0/33"}, "InvalidCidrBlock.Malformed"),
        ({"cidr_block": "10.0.0.1/16"}, "InvalidCidrBlock.Malformed"),
        ({"cidr_block": "10.0.0.0/30"}, "InvalidCidrBlock.Malformed"),
        ({"vpc_name": "n" * 129}, "InvalidVpcName.Malformed"),
        ({"vpc_name": "http://x"}, "InvalidVpcName.Malformed"),
        ({"description": "d" * 257}, "InvalidDescription.Malformed"),
        ({"region_id": "Hangzhou"}, "InvalidRegionId.Malformed"),
        ({"region_id": None}, "MissingParameter"),
    ],
)
def test_create_vpc_validation(vpc: VpcClient, fields: dict[str, Any], code: str) -> None:
    values: dict[str, Any] = {"region_id": REGION, "cidr_block": "10.0.0.0/16", **fields}
    fails(lambda: vpc.create_vpc(vpc_models.CreateVpcRequest(**values)), code, 400)


def test_create_vpc_client_token_is_idempotent(vpc: VpcClient) -> None:
    first = create_vpc(vpc, client_token="token-1")
    again = create_vpc(vpc, client_token="token-1")
    other = create_vpc(vpc, client_token="token-2")
    assert first.vpc_id == again.vpc_id != other.vpc_id
    assert vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION)).body.total_count == 2


def test_dry_run_creates_nothing(vpc: VpcClient) -> None:
    fails(lambda: create_vpc(vpc, dry_run=True), "DryRunOperation", 400)
    assert vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION)).body.total_count == 0


def test_vpcs_are_per_account(vpc: VpcClient, emulator: RunningEmulator) -> None:
    vpc_id = create_vpc(vpc).vpc_id
    partner = VpcClient(emulator.root_config("partner"))
    fails(
        lambda: partner.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id)),
        "InvalidVpcId.NotFound",
        404,
    )


# -- VBRs ---------------------------------------------------------------------------------------------------------


def test_vbr_lifecycle(vpc: VpcClient) -> None:
    vbr_id = create_vbr(vpc, 100, name="edge-1", description="to the data centre")
    assert vbr_id.startswith("vbr-")
    listed = vpc.describe_virtual_border_routers(vpc_models.DescribeVirtualBorderRoutersRequest(region_id=REGION)).body
    item = listed.virtual_border_router_set.virtual_border_router_type[0]
    assert (item.vbr_id, item.name, item.vlan_id, item.physical_connection_id, item.status) == (
        vbr_id,
        "edge-1",
        100,
        "pc-bp1emulated0001",
        "active",
    )
    assert item.resource_group_id.startswith("rg-") and item.ecr_id == ""
    fails(lambda: create_vbr(vpc, 100), "InvalidVlanId.Used", 400)
    other = create_vbr(vpc, 101)
    only = vpc.describe_virtual_border_routers(
        vpc_models.DescribeVirtualBorderRoutersRequest(
            region_id=REGION, filter=[vpc_models.DescribeVirtualBorderRoutersRequestFilter(key="VbrId", value=[other])]
        )
    ).body
    assert [vbr.vbr_id for vbr in only.virtual_border_router_set.virtual_border_router_type] == [other]
    vpc.delete_virtual_border_router(vpc_models.DeleteVirtualBorderRouterRequest(region_id=REGION, vbr_id=vbr_id))
    fails(
        lambda: vpc.delete_virtual_border_router(
            vpc_models.DeleteVirtualBorderRouterRequest(region_id=REGION, vbr_id=vbr_id)
        ),
        "InvalidVbrId.NotFound",
        404,
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"vlan_id": 3000}, "InvalidParameter.VlanId"),
        ({"vlan_id": None}, "MissingParameter"),
        ({"physical_connection_id": None}, "MissingParameter"),
        ({"name": "1starts-with-digit"}, "InvalidName.Malformed"),
        ({"vbr_owner_id": int(PARTNER)}, "OperationUnsupported.VbrOwnerId"),
    ],
)
def test_create_vbr_validation(vpc: VpcClient, fields: dict[str, Any], code: str) -> None:
    values: dict[str, Any] = {"region_id": REGION, "physical_connection_id": "pc-1", "vlan_id": 5, **fields}
    request = vpc_models.CreateVirtualBorderRouterRequest(**values)
    fails(lambda: vpc.create_virtual_border_router(request), code, 400)


# -- grant views ----------------------------------------------------------------------------------------------------


def test_grant_rule_views_show_the_owner_s_grants(vpc: VpcClient, emulator: RunningEmulator) -> None:
    acme_ecr = EcrClient(emulator.root_config("acme"))
    ecr_id = acme_ecr.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(alibaba_side_asn=45104, name="hub")
    ).body.ecr_id
    partner_vpc = VpcClient(emulator.root_config("partner"))
    vpc_id = create_vpc(partner_vpc).vpc_id
    vbr_id = create_vbr(partner_vpc)
    partner_ecr = EcrClient(emulator.root_config("partner"))
    for instance_id, instance_type in ((vpc_id, "VPC"), (vbr_id, "VBR")):
        partner_ecr.grant_instance_to_express_connect_router(
            ecr_models.GrantInstanceToExpressConnectRouterRequest(
                ecr_id=ecr_id,
                ecr_owner_ali_uid=int(ACME),
                instance_id=instance_id,
                instance_region_id=REGION,
                instance_type=instance_type,
            )
        )
    rules = partner_vpc.describe_vpc_grant_rules_to_ecr(
        vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION, instance_type="VPC")
    ).body
    assert rules.total_count == "1" and rules.next_token == ""
    rule = rules.grant_rule_models[0]
    assert (rule.instance_id, rule.ecr_id, rule.ecr_owner_id, rule.instance_uid, rule.region_no, rule.type) == (
        vpc_id,
        ecr_id,
        int(ACME),
        int(PARTNER),
        REGION,
        "VPC",
    )
    assert int(rule.creation_time) > 0
    vbr_rules = partner_vpc.describe_grant_rules_to_ecr(
        vpc_models.DescribeGrantRulesToEcrRequest(region_id=REGION, instance_id=vbr_id)
    ).body
    assert [(item.ecr_instance_id, item.ecr_uid) for item in vbr_rules.ecr_grant_rules] == [(ecr_id, int(ACME))]
    assert vbr_rules.total_count == 1 and vbr_rules.ecr_grant_rules[0].create_time
    # The ECR owner has no grants of its own to show, and cannot read the partner's VBR.
    mine = vpc.describe_vpc_grant_rules_to_ecr(vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION)).body
    assert mine.grant_rule_models == []
    fails(
        lambda: vpc.describe_grant_rules_to_ecr(
            vpc_models.DescribeGrantRulesToEcrRequest(region_id=REGION, instance_id=vbr_id)
        ),
        "InvalidVbrId.NotFound",
        404,
    )
    # Deleting the VPC drops its grants.
    partner_vpc.delete_vpc(vpc_models.DeleteVpcRequest(region_id=REGION, vpc_id=vpc_id))
    after = partner_vpc.describe_vpc_grant_rules_to_ecr(
        vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION)
    ).body
    assert after.total_count == "0"


def test_grant_rules_page_by_next_token(emulator: RunningEmulator) -> None:
    acme_ecr = EcrClient(emulator.root_config("acme"))
    ecr_ids = [
        acme_ecr.create_express_connect_router(
            ecr_models.CreateExpressConnectRouterRequest(alibaba_side_asn=45104)
        ).body.ecr_id
        for _ in range(3)
    ]
    partner_vpc = VpcClient(emulator.root_config("partner"))
    vpc_id = create_vpc(partner_vpc).vpc_id
    partner_ecr = EcrClient(emulator.root_config("partner"))
    for ecr_id in ecr_ids:
        partner_ecr.grant_instance_to_express_connect_router(
            ecr_models.GrantInstanceToExpressConnectRouterRequest(
                ecr_id=ecr_id,
                ecr_owner_ali_uid=int(ACME),
                instance_id=vpc_id,
                instance_region_id=REGION,
                instance_type="VPC",
            )
        )
    seen: list[str] = []
    token = None
    while True:
        body = partner_vpc.describe_vpc_grant_rules_to_ecr(
            vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION, max_results=2, next_token=token)
        ).body
        seen.extend(rule.ecr_id for rule in body.grant_rule_models)
        if not body.next_token:
            break
        token = body.next_token
    assert seen == ecr_ids
    fails(
        lambda: partner_vpc.describe_vpc_grant_rules_to_ecr(
            vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION, next_token="not-a-token")
        ),
        "InvalidParameter.NextToken",
        400,
    )


def test_classic_v2_sdk_creates_and_lists_vpcs(emulator: RunningEmulator) -> None:
    acme = emulator.account("acme")
    client = AcsClient(acme.access_key_id, acme.access_key_secret, REGION)

    def call(action: str, **params: str) -> dict[str, Any]:
        request = CommonRequest(domain=emulator.endpoint, version="2016-04-28", action_name=action)
        request.set_protocol_type("http")
        request.set_method("POST")
        for key, value in params.items():
            request.add_query_param(key, value)
        return dict(json.loads(client.do_action_with_exception(request)))

    created = call("CreateVpc", RegionId=REGION, CidrBlock="192.168.0.0/16", VpcName="classic")
    listed = call("DescribeVpcs", RegionId=REGION, VpcId=created["VpcId"])
    assert [vpc["VpcName"] for vpc in listed["Vpcs"]["Vpc"]] == ["classic"]


def test_move_resource_group_of_a_vpc(vpc: VpcClient, emulator: RunningEmulator) -> None:
    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="net", display_name="Net")
    ).body.resource_group.id
    vpc_id = create_vpc(vpc).vpc_id
    move = vpc_models.MoveResourceGroupRequest(
        region_id=REGION, resource_id=vpc_id, resource_type="Vpc", new_resource_group_id=group_id
    )
    vpc.move_resource_group(move)
    listed = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id=REGION, vpc_id=vpc_id)).body
    assert listed.vpcs.vpc[0].resource_group_id == group_id
    for fields, code, status in (
        ({"resource_type": "Eip"}, "OperationUnsupported.ResourceType", 400),
        ({"resource_id": "vpc-missing"}, "InvalidVpcId.NotFound", 404),
        ({"new_resource_group_id": "rg-doesnotexist0"}, "EntityNotExists.ResourceGroup", 404),
    ):
        request = vpc_models.MoveResourceGroupRequest(
            region_id=REGION,
            resource_id=fields.get("resource_id", vpc_id),
            resource_type=fields.get("resource_type", "Vpc"),
            new_resource_group_id=fields.get("new_resource_group_id", group_id),
        )
        fails(lambda request=request: vpc.move_resource_group(request), code, status)


def test_group_scope_permission_to_delete_a_vpc_in_another_region(vpc: VpcClient, emulator: RunningEmulator) -> None:
    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="net", display_name="Net")
    ).body.resource_group.id
    inside = vpc.create_vpc(
        vpc_models.CreateVpcRequest(region_id="cn-shanghai", cidr_block="10.0.0.0/16", resource_group_id=group_id)
    ).body.vpc_id
    outside = vpc.create_vpc(vpc_models.CreateVpcRequest(region_id="cn-shanghai", cidr_block="10.0.0.0/16")).body.vpc_id
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name="netops"))
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name="AliyunVPCFullAccess",
            policy_type="System",
            principal_type="IMSUser",
            principal_name="netops@acme.onaliyun.com",
            resource_group_id=group_id,
        )
    )
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="netops")).body.access_key
    netops = VpcClient(emulator.config(key.access_key_id, key.access_key_secret))
    fails(lambda: netops.delete_vpc(vpc_models.DeleteVpcRequest(vpc_id=outside)), "NoPermission", 403)
    netops.delete_vpc(vpc_models.DeleteVpcRequest(vpc_id=inside))
    remaining = vpc.describe_vpcs(vpc_models.DescribeVpcsRequest(region_id="cn-shanghai")).body.vpcs.vpc
    assert [item.vpc_id for item in remaining] == [outside]
