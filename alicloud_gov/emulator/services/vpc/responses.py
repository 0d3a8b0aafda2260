"""VPC 2016-04-28 on the wire: VPCs, virtual border routers (VBRs) and the read views of their grants to ECRs.

- CreateVpc / DescribeVpcs / ModifyVpcAttribute / DeleteVpc / MoveResourceGroup (ResourceType Vpc);
  CreateVirtualBorderRouter
  (needs only PhysicalConnectionId, VlanId and RegionId: the physical connection itself is not emulated) /
  DescribeVirtualBorderRouters / DeleteVirtualBorderRouter. Each new VPC or VBR is registered in its resource
  group (the account's default group unless ResourceGroupId names another) so ResourceManager lists and
  moves it.
- DescribeVpcGrantRulesToEcr and DescribeGrantRulesToEcr show the grants the caller, as owner of the
  VPC or VBR, made to ECRs with ExpressConnectRouter GrantInstanceToExpressConnectRouter.

Parameters in, the backend (:mod:`.backend`; ExpressConnectRouter's for grants) called, responses out; the
error codes are in :mod:`.errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.errors import ErrorCode
from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.ecr.backend import EcrBackend, child_of
from alicloud_gov.emulator.services.idempotency import idempotent
from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.services.vpc.backend import (
    INSTANCE_TYPES,
    MAX_VPC_IDS,
    VpcBackend,
    check_cidr,
    check_region,
    check_vbr_name,
)
from alicloud_gov.emulator.services.vpc.errors import VpcErrors as Errors
from alicloud_gov.emulator.services.wire import dry_run_passed, numbered_page, page_of, page_params, token_page

PRODUCT = "Vpc"
VERSION = "2016-04-28"
MAX_PAGE_SIZE = 50


def backend(ctx: RequestContext) -> VpcBackend:
    """The calling account's VPC backend over the request's view of the store."""
    return VpcBackend(ctx.store, ctx.account_id)


def _region(ctx: RequestContext, *, required: bool = True) -> str:
    return check_region(ctx.params.require("RegionId") if required else ctx.params.get_str("RegionId", ctx.region))


def _ids_arns(kind: str, param: str) -> Callable[[RequestContext], list[str]]:
    """The target ARNs of the ids in ``param`` (comma-separated): an existing VPC or VBR's own ARN, so its
    region is right even when the request names none; otherwise built from the request's region."""
    instance_type = "VPC" if kind == "vpc" else "VBR"

    def resources(ctx: RequestContext) -> list[str]:
        ids = [item.strip() for item in (ctx.params.get_str(param) or "*").split(",") if item.strip()]
        arns = []
        for item in ids or ["*"]:
            stored = backend(ctx).stored_arn(instance_type, item) if item != "*" else None
            arns.append(stored or ctx.arn("vpc", f"{kind}/{item}"))
        return arns

    return resources


def _optional_text(ctx: RequestContext, name: str, error: ErrorCode, min_length: int, max_length: int) -> str:
    value = ctx.params.get_str(name)
    if value is None:
        return ""
    if not min_length <= len(value) <= max_length or value.startswith(("http://", "https://")):
        raise error(name=name, min_length=min_length, max_length=max_length)
    return value


def _group_for_create(ctx: RequestContext) -> str | None:
    group_id = ctx.params.get_str("ResourceGroupId")
    if group_id is not None:
        ResourceManagerBackend(ctx.store, ctx.account_id).require_group(group_id, usable=True)
    return group_id


def _tags(ctx: RequestContext, name: str) -> list[dict[str, str]]:
    return [{"Key": tag.get("Key", ""), "Value": tag.get("Value", "")} for tag in ctx.params.get_tags(name)]


def _page_params(ctx: RequestContext) -> tuple[int, int]:
    return page_params(ctx, maximum=MAX_PAGE_SIZE)


# -- VPCs ---------------------------------------------------------------------------------------------------------


@action(
    PRODUCT,
    VERSION,
    "CreateVpc",
    resource=lambda ctx: ctx.arn("vpc", "vpc/*"),
    resource_group=lambda ctx: ctx.params.get_str("ResourceGroupId"),
)
@idempotent
def create_vpc(ctx: RequestContext) -> dict[str, Any]:
    """Create a VPC (Status Available) with its vRouter and system route table."""
    region = _region(ctx)
    name = _optional_text(ctx, "VpcName", Errors.VPC_NAME_MALFORMED, 1, 128)
    description = _optional_text(ctx, "Description", Errors.DESCRIPTION_MALFORMED, 1, 256)
    cidr = check_cidr(ctx.params.get_str("CidrBlock") or "172.16.0.0/12")
    group_id = _group_for_create(ctx)
    dry_run_passed(ctx)
    vpc, placed_in = backend(ctx).create_vpc(
        region=region,
        name=name,
        description=description,
        cidr=cidr,
        tags=_tags(ctx, "Tag"),
        resource_group_id=group_id,
    )
    return {
        "VpcId": vpc["VpcId"],
        "VRouterId": vpc["VRouterId"],
        "RouteTableId": vpc["RouteTableId"],
        "ResourceGroupId": placed_in,
    }


def _vpc_view(ctx: RequestContext, vpc: dict[str, Any]) -> dict[str, Any]:
    return {
        "VpcId": vpc["VpcId"],
        "RegionId": vpc["RegionId"],
        "Status": "Available",
        "VpcName": vpc["VpcName"],
        "Description": vpc["Description"],
        "CidrBlock": vpc["CidrBlock"],
        "VRouterId": vpc["VRouterId"],
        "CreationTime": vpc["CreationTime"],
        "IsDefault": False,
        "OwnerId": int(ctx.account_id),
        "ResourceGroupId": backend(ctx).resource_group_of(vpc),
        "EnabledIpv6": False,
        "Ipv6CidrBlock": "",
        "DhcpOptionsSetId": "",
        "DhcpOptionsSetStatus": "",
        "DnsHostnameStatus": "DISABLED",
        "CenStatus": "",
        "Tags": {"Tag": vpc.get("Tags", [])},
        "VSwitchIds": {"VSwitchId": []},
        "RouterTableIds": {"RouterTableIds": [vpc["RouteTableId"]]},
        "UserCidrs": {"UserCidr": []},
        "NatGatewayIds": {"NatGatewayIds": []},
        "SecondaryCidrBlocks": {"SecondaryCidrBlock": []},
        "Ipv6CidrBlocks": {"Ipv6CidrBlock": []},
    }


@action(PRODUCT, VERSION, "DescribeVpcs", resource=_ids_arns("vpc", "VpcId"))
def describe_vpcs(ctx: RequestContext) -> dict[str, Any]:
    """List the caller's VPCs in a region, filtered by VpcId (comma-separated, up to 20), name and group."""
    region = _region(ctx)
    page_number, page_size = _page_params(ctx)
    ids = {item.strip() for item in (ctx.params.get_str("VpcId") or "").split(",") if item.strip()}
    if len(ids) > MAX_VPC_IDS:
        raise Errors.TOO_MANY_VPC_IDS(limit=MAX_VPC_IDS)
    name = ctx.params.get_str("VpcName")
    group_id = ctx.params.get_str("ResourceGroupId")
    views = [
        view
        for view in (_vpc_view(ctx, vpc) for vpc in backend(ctx).vpcs())
        if view["RegionId"] == region
        and (not ids or view["VpcId"] in ids)
        and (name is None or view["VpcName"] == name)
        and (group_id is None or view["ResourceGroupId"] == group_id)
    ]
    return numbered_page("Vpcs", "Vpc", views, page_number, page_size)


_UNMODELLED_VPC_ATTRIBUTES = ("CidrBlock", "EnableIPv6", "Ipv6CidrBlock", "Ipv6Isp", "EnableDnsHostname")


@action(PRODUCT, VERSION, "ModifyVpcAttribute", resource=_ids_arns("vpc", "VpcId"))
def modify_vpc_attribute(ctx: RequestContext) -> dict[str, Any]:
    """Change a VPC's VpcName and/or Description.

    VPC API reference (api-vpc-2016-04-28-modifyvpcattribute): VpcName 1 to 128 characters, Description 1 to 256,
    neither starting with http:// or https://. The other attributes (CIDR, IPv6, DNS) are not emulated.
    """
    region = _region(ctx)
    vpcs = backend(ctx)
    vpc = vpcs.own_vpc(ctx.params.require("VpcId"), region=region)
    for name in _UNMODELLED_VPC_ATTRIBUTES:
        if ctx.params.get_str(name) is not None:
            raise Errors.UNSUPPORTED_ATTRIBUTE(name=name)
    given = {name: ctx.params.get_str(name) is not None for name in ("VpcName", "Description")}
    name = _optional_text(ctx, "VpcName", Errors.VPC_NAME_MALFORMED, 1, 128)
    description = _optional_text(ctx, "Description", Errors.DESCRIPTION_MALFORMED, 1, 256)
    vpcs.modify_vpc(
        vpc,
        name=name if given["VpcName"] else None,
        description=description if given["Description"] else None,
    )
    return {}


@action(PRODUCT, VERSION, "DeleteVpc", resource=_ids_arns("vpc", "VpcId"))
def delete_vpc(ctx: RequestContext) -> dict[str, Any]:
    """Delete a VPC no ECR is associated with; its grants go with it."""
    vpcs = backend(ctx)
    vpc = vpcs.own_vpc(ctx.params.require("VpcId"))
    vpcs.check_vpc_deletable(vpc["VpcId"])
    dry_run_passed(ctx)
    vpcs.delete_vpc(vpc)
    return {}


@action(
    PRODUCT,
    VERSION,
    "MoveResourceGroup",
    resource=_ids_arns("vpc", "ResourceId"),
    destination_group=lambda ctx: ctx.params.get_str("NewResourceGroupId"),
)
def move_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Move one of the caller's VPCs (ResourceType Vpc) to another resource group.

    vpc:MoveResourceGroup is authorised on the VPC (VPC API reference, MoveResourceGroup) both in its current
    group and in NewResourceGroupId: a group-scoped grant covers only resources in that group, so moving a VPC
    into a group needs rights there too.
    """
    region = _region(ctx)
    resource_type = ctx.params.require("ResourceType")
    if resource_type.lower() != "vpc":
        raise Errors.UNSUPPORTED_RESOURCE_TYPE(resource_type=resource_type)
    vpcs = backend(ctx)
    vpc = vpcs.own_vpc(ctx.params.require("ResourceId"), region=region)
    group_id = vpcs.placement.require_group(ctx.params.require("NewResourceGroupId"), usable=True)["Id"]
    vpcs.move_vpc(vpc, group_id)
    return {}


# -- virtual border routers ---------------------------------------------------------------------------------------


@action(
    PRODUCT,
    VERSION,
    "CreateVirtualBorderRouter",
    resource=lambda ctx: [
        ctx.arn("vpc", "virtualborderrouter/*"),
        ctx.arn("vpc", f"physicalconnection/{ctx.params.get_str('PhysicalConnectionId', '*')}"),
    ],
    resource_group=lambda ctx: ctx.params.get_str("ResourceGroupId"),
)
@idempotent
def create_virtual_border_router(ctx: RequestContext) -> dict[str, Any]:
    """Create a VBR on a (not emulated) physical connection; VLAN ids are unique per physical connection.

    Authorised on ``virtualborderrouter/*`` and on the physical connection (Express Connect, "Authentication rules
    for Express Connect APIs"). Physical connections are not placed in groups here, so both count as in the
    requested ResourceGroupId.
    """
    params = ctx.params
    region = _region(ctx)
    physical_connection = params.require("PhysicalConnectionId")
    vlan_id = params.get_int("VlanId", minimum=0, maximum=2999)
    if vlan_id is None:
        raise GatewayErrors.MISSING_PARAMETER(name="VlanId")
    owner = params.get_str("VbrOwnerId")
    if owner is not None and owner != ctx.account_id:
        raise Errors.UNSUPPORTED_VBR_OWNER()
    name = check_vbr_name(params.get_str("Name") or "")
    description = _optional_text(ctx, "Description", Errors.DESCRIPTION_MALFORMED, 2, 256)
    group_id = _group_for_create(ctx)
    vbr = backend(ctx).create_vbr(
        region=region,
        physical_connection=physical_connection,
        vlan_id=vlan_id,
        name=name,
        description=description,
        local_gateway_ip=params.get_str("LocalGatewayIp", "") or "",
        peer_gateway_ip=params.get_str("PeerGatewayIp", "") or "",
        peering_subnet_mask=params.get_str("PeeringSubnetMask", "") or "",
        bandwidth=params.get_int("Bandwidth", 0, minimum=0) or 0,
        tags=_tags(ctx, "Tags"),
        resource_group_id=group_id,
    )
    return {"VbrId": vbr["VbrId"]}


def _vbr_view(ctx: RequestContext, vbr: dict[str, Any]) -> dict[str, Any]:
    attachment = child_of(ctx.store, vbr["VbrId"])
    return {
        "VbrId": vbr["VbrId"],
        "Name": vbr["Name"],
        "Description": vbr["Description"],
        "Status": "active",
        "Type": "pconnVBR",
        "CreationTime": vbr["CreationTime"],
        "ActivationTime": vbr["CreationTime"],
        "PhysicalConnectionId": vbr["PhysicalConnectionId"],
        "PhysicalConnectionOwnerUid": ctx.account_id,
        "PhysicalConnectionStatus": "Enabled",
        "PhysicalConnectionBusinessStatus": "Normal",
        "VlanId": vbr["VlanId"],
        "VlanInterfaceId": vbr["VbrId"].replace("vbr-", "ri-", 1),
        "LocalGatewayIp": vbr["LocalGatewayIp"],
        "PeerGatewayIp": vbr["PeerGatewayIp"],
        "PeeringSubnetMask": vbr["PeeringSubnetMask"],
        "Bandwidth": vbr["Bandwidth"],
        "RouteTableId": vbr["RouteTableId"],
        "ResourceGroupId": backend(ctx).resource_group_of(vbr),
        "EnableIpv6": False,
        "EcrId": attachment["EcrId"] if attachment else "",
        "EcrOwnerId": attachment["EcrOwnerId"] if attachment else "",
        "EcrAttatchStatus": "Attached" if attachment else "",
        "Tags": {"Tags": vbr.get("Tags", [])},
        "AssociatedCens": {"AssociatedCen": []},
        "AssociatedPhysicalConnections": {"AssociatedPhysicalConnection": []},
    }


@action(PRODUCT, VERSION, "DescribeVirtualBorderRouters", resource=lambda ctx: ctx.arn("vpc", "virtualborderrouter/*"))
def describe_virtual_border_routers(ctx: RequestContext) -> dict[str, Any]:
    """List the caller's VBRs in a region; Filter.N.Key VbrId / PhysicalConnectionId / VlanId narrows it."""
    region = _region(ctx)
    page_number, page_size = _page_params(ctx)
    filters: dict[str, set[str]] = {}
    for item in ctx.params.get_models("Filter"):
        key = item.get("Key", "")
        values = {value for field, value in item.items() if field.startswith("Value")}
        filters.setdefault(key, set()).update(values)
    views = []
    for vbr in backend(ctx).vbrs():
        if vbr["RegionId"] != region:
            continue
        view = _vbr_view(ctx, vbr)
        if all(str(view.get(key, "")) in values for key, values in filters.items()):
            views.append(view)
    return numbered_page("VirtualBorderRouterSet", "VirtualBorderRouterType", views, page_number, page_size)


@action(PRODUCT, VERSION, "DeleteVirtualBorderRouter", resource=_ids_arns("virtualborderrouter", "VbrId"))
def delete_virtual_border_router(ctx: RequestContext) -> dict[str, Any]:
    """Delete a VBR no ECR has attached; its grants go with it."""
    vpcs = backend(ctx)
    vbr = vpcs.own_vbr(ctx.params.require("VbrId"))
    vpcs.check_vbr_deletable(vbr["VbrId"])
    vpcs.delete_vbr(vbr)
    return {}


# -- read views of ECR grants -------------------------------------------------------------------------------------


@action(PRODUCT, VERSION, "DescribeVpcGrantRulesToEcr")
def describe_vpc_grant_rules_to_ecr(ctx: RequestContext) -> dict[str, Any]:
    """The caller's grants of its VPCs (InstanceType VPC, default) or VBRs to ECRs, paged by NextToken."""
    region = _region(ctx)
    instance_type = (ctx.params.get_str("InstanceType") or "VPC").upper()
    if instance_type not in INSTANCE_TYPES:
        raise Errors.INSTANCE_TYPE_MALFORMED()
    instance_id = ctx.params.get_str("InstanceId")
    ecr_id = ctx.params.get_str("EcrInstanceId")
    ecr_owner = ctx.params.get_str("EcrOwnerId")
    rules = [
        {
            "InstanceId": grant["NodeId"],
            "InstanceUid": int(grant["NodeOwnerUid"]),
            "RegionNo": grant["NodeRegionId"],
            "Type": grant["NodeType"],
            "EcrId": grant["EcrId"],
            "EcrOwnerId": int(grant["EcrOwnerAliUid"]),
            "CreationTime": str(grant["CreatedMillis"]),
        }
        for grant in EcrBackend(ctx.store, ctx.account_id).grants_made()
        if grant["NodeType"] == instance_type
        and grant["NodeRegionId"] == region
        and (instance_id is None or grant["NodeId"] == instance_id)
        and (ecr_id is None or grant["EcrId"] == ecr_id)
        and (ecr_owner is None or grant["EcrOwnerAliUid"] == ecr_owner)
    ]
    page, next_token = token_page(ctx, rules, default=100, maximum=100)
    return {"GrantRuleModels": page, "NextToken": next_token, "TotalCount": str(len(rules))}


@action(PRODUCT, VERSION, "DescribeGrantRulesToEcr", resource=_ids_arns("virtualborderrouter", "InstanceId"))
def describe_grant_rules_to_ecr(ctx: RequestContext) -> dict[str, Any]:
    """The ECRs a VBR (or VPC) of the caller is granted to, paged by PageNumber/PageSize."""
    region = _region(ctx)
    instance_id = ctx.params.require("InstanceId")
    backend(ctx).own_instance_in(instance_id, region)
    page_number, page_size = _page_params(ctx)
    rules = [
        {"EcrInstanceId": grant["EcrId"], "EcrUid": int(grant["EcrOwnerAliUid"]), "CreateTime": grant["GmtCreate"]}
        for grant in EcrBackend(ctx.store, ctx.account_id).grants_made()
        if grant["NodeId"] == instance_id
    ]
    page = page_of(rules, page_number, page_size)
    return {
        "EcrGrantRules": page,
        "Count": len(page),
        "TotalCount": len(rules),
        "PageNumber": page_number,
        "PageSize": page_size,
    }
