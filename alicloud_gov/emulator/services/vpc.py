"""VPC 2016-04-28: VPCs, virtual border routers (VBRs) and the read views of their grants to ECRs.

- CreateVpc / DescribeVpcs / DeleteVpc / MoveResourceGroup (ResourceType Vpc); CreateVirtualBorderRouter
  (needs only PhysicalConnectionId, VlanId and RegionId: the physical connection itself is not emulated) /
  DescribeVirtualBorderRouters / DeleteVirtualBorderRouter. Each new VPC or VBR is registered in its resource
  group (the account's default group unless ResourceGroupId names another) so ResourceManager lists and
  moves it.
- DescribeVpcGrantRulesToEcr and DescribeGrantRulesToEcr show the grants the caller, as owner of the
  VPC or VBR, made to ECRs with ExpressConnectRouter GrantInstanceToExpressConnectRouter.

Store kinds (owner account): ``vpc`` and ``vbr`` keyed by id. Error codes: InvalidVpcId.NotFound /
InvalidVbrId.NotFound (404), InvalidVpcName.Malformed, InvalidName.Malformed, InvalidDescription.Malformed,
InvalidCidrBlock.Malformed, InvalidVlanId.Used, InvalidRegionId.Malformed, OperationUnsupported.* (400),
DependencyViolation.ExpressConnectRouter (400) while an ECR still uses the VPC or VBR.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.errors import ApiError, not_found
from alicloud_gov.emulator.registry import RequestContext, action, iso_now
from alicloud_gov.emulator.services.ecr_common import (
    KIND_ECR_ASSOCIATION,
    KIND_ECR_CHILD,
    KIND_ECR_GRANT,
    KIND_VBR,
    KIND_VPC,
    dry_run_passed,
    idempotent,
    token_page,
)
from alicloud_gov.emulator.services.resourcemanager_model import (
    numbered_page,
    page_of,
    place_resource,
    remove_placement,
    require_group,
    resource_group_of,
    set_resource_group,
)

PRODUCT = "Vpc"
VERSION = "2016-04-28"
MAX_PAGE_SIZE = 50

SERVICE_VPC = "vpc"
SERVICE_EXPRESS_CONNECT = "expressconnect"
TYPE_VPC = "vpc"
TYPE_VBR = "virtualborderrouter"

_REGION = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")
_VBR_NAME = re.compile(r"^[A-Za-z\u4e00-\u9fa5][\w\u4e00-\u9fa5-]*$")


def vpc_arn(region: str, account: str, vpc_id: str) -> str:
    """The ARN of a VPC."""
    return f"acs:vpc:{region}:{account}:vpc/{vpc_id}"


def vbr_arn(region: str, account: str, vbr_id: str) -> str:
    """The ARN of a VBR."""
    return f"acs:vpc:{region}:{account}:virtualborderrouter/{vbr_id}"


def _region(ctx: RequestContext, *, required: bool = True) -> str:
    region = ctx.params.require("RegionId") if required else ctx.params.get_str("RegionId", ctx.region)
    if region is None or not _REGION.match(region):
        raise ApiError("InvalidRegionId.Malformed", f"The RegionId {region!r} is not a region id.")
    return region


def _ids_arns(kind: str, param: str) -> Callable[[RequestContext], list[str]]:
    """The target ARNs of the ids in ``param`` (comma-separated): an existing VPC or VBR's own ARN, so its
    region is right even when the request names none; otherwise built from the request's region."""
    store_kind = KIND_VPC if kind == "vpc" else KIND_VBR

    def resources(ctx: RequestContext) -> list[str]:
        ids = [item.strip() for item in (ctx.params.get_str(param) or "*").split(",") if item.strip()]
        arns = []
        for item in ids or ["*"]:
            stored = ctx.store.store.get(ctx.account_id, store_kind, item) if item != "*" else None
            arns.append(str(stored["Arn"]) if stored else ctx.arn("vpc", f"{kind}/{item}"))
        return arns

    return resources


def _optional_text(ctx: RequestContext, name: str, code: str, min_length: int, max_length: int) -> str:
    value = ctx.params.get_str(name)
    if value is None:
        return ""
    if not min_length <= len(value) <= max_length or value.startswith(("http://", "https://")):
        raise ApiError(
            code,
            f"The {name} must be {min_length} to {max_length} characters and must not start with http:// or https://.",
        )
    return value


def _group_for_create(ctx: RequestContext) -> str | None:
    group_id = ctx.params.get_str("ResourceGroupId")
    if group_id is not None:
        require_group(ctx.store, ctx.account_id, group_id, usable=True)
    return group_id


def _tags(ctx: RequestContext, name: str) -> list[dict[str, str]]:
    return [{"Key": tag.get("Key", ""), "Value": tag.get("Value", "")} for tag in ctx.params.get_tags(name)]


def _in_use_by_ecr(ctx: RequestContext, instance_id: str) -> str | None:
    for kind, field in ((KIND_ECR_ASSOCIATION, "VpcId"), (KIND_ECR_CHILD, "ChildInstanceId")):
        for entity in ctx.store.store.list_entities(None, kind):
            if entity.data.get(field) == instance_id:
                return str(entity.data["EcrId"])
    return None


def _forget_grants(ctx: RequestContext, instance_id: str) -> None:
    for grant in ctx.store.list(ctx.account_id, KIND_ECR_GRANT):
        if grant["NodeId"] == instance_id:
            ctx.store.delete(ctx.account_id, KIND_ECR_GRANT, f"{grant['EcrId']}|{instance_id}")


# -- VPCs ---------------------------------------------------------------------------------------------------------


def _cidr(value: str) -> str:
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise ApiError(
            "InvalidCidrBlock.Malformed", f"The CidrBlock {value!r} is not a valid IPv4 CIDR block."
        ) from None
    if network.version != 4 or not 8 <= network.prefixlen <= 28:
        raise ApiError("InvalidCidrBlock.Malformed", f"The CidrBlock {value} must be IPv4 with a mask of /8 to /28.")
    return str(network)


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
    name = _optional_text(ctx, "VpcName", "InvalidVpcName.Malformed", 1, 128)
    description = _optional_text(ctx, "Description", "InvalidDescription.Malformed", 1, 256)
    cidr = _cidr(ctx.params.get_str("CidrBlock") or "172.16.0.0/12")
    group_id = _group_for_create(ctx)
    dry_run_passed(ctx)
    vpc_id = ctx.store.random_id("vpc-", 21)
    arn = vpc_arn(region, ctx.account_id, vpc_id)
    group_id = place_resource(
        ctx.store,
        ctx.account_id,
        arn=arn,
        service=SERVICE_VPC,
        resource_type=TYPE_VPC,
        resource_id=vpc_id,
        region=region,
        resource_group_id=group_id,
    )
    vpc = {
        "VpcId": vpc_id,
        "RegionId": region,
        "VpcName": name,
        "Description": description,
        "CidrBlock": cidr,
        "VRouterId": ctx.store.random_id("vrt-", 21),
        "RouteTableId": ctx.store.random_id("vtb-", 21),
        "CreationTime": iso_now(),
        "Tags": _tags(ctx, "Tag"),
        "Arn": arn,
    }
    ctx.store.put(ctx.account_id, KIND_VPC, vpc_id, vpc)
    return {
        "VpcId": vpc_id,
        "VRouterId": vpc["VRouterId"],
        "RouteTableId": vpc["RouteTableId"],
        "ResourceGroupId": group_id,
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
        "ResourceGroupId": resource_group_of(ctx.store, ctx.account_id, vpc["Arn"]) or "",
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
    page_number = ctx.params.get_int("PageNumber", 1, minimum=1) or 1
    page_size = ctx.params.get_int("PageSize", 10, minimum=1, maximum=MAX_PAGE_SIZE) or 10
    ids = {item.strip() for item in (ctx.params.get_str("VpcId") or "").split(",") if item.strip()}
    if len(ids) > 20:
        raise ApiError("InvalidVpcId.Malformed", "At most 20 VPC ids can be given in VpcId.")
    name = ctx.params.get_str("VpcName")
    group_id = ctx.params.get_str("ResourceGroupId")
    views = [
        view
        for view in (_vpc_view(ctx, vpc) for vpc in ctx.store.list(ctx.account_id, KIND_VPC))
        if view["RegionId"] == region
        and (not ids or view["VpcId"] in ids)
        and (name is None or view["VpcName"] == name)
        and (group_id is None or view["ResourceGroupId"] == group_id)
    ]
    return numbered_page("Vpcs", "Vpc", views, page_number, page_size)


def _own_vpc(ctx: RequestContext, vpc_id: str) -> dict[str, Any]:
    vpc = ctx.store.get(ctx.account_id, KIND_VPC, vpc_id)
    if vpc is None:
        raise not_found("InvalidVpcId.NotFound", f"The specified VPC {vpc_id} does not exist.")
    return vpc


@action(PRODUCT, VERSION, "DeleteVpc", resource=_ids_arns("vpc", "VpcId"))
def delete_vpc(ctx: RequestContext) -> dict[str, Any]:
    """Delete a VPC no ECR is associated with; its grants go with it."""
    vpc_id = ctx.params.require("VpcId")
    vpc = _own_vpc(ctx, vpc_id)
    ecr_id = _in_use_by_ecr(ctx, vpc_id)
    if ecr_id:
        raise ApiError(
            "DependencyViolation.ExpressConnectRouter",
            f"The VPC {vpc_id} is associated with the Express Connect Router {ecr_id}; delete the association first.",
        )
    dry_run_passed(ctx)
    _forget_grants(ctx, vpc_id)
    remove_placement(ctx.store, ctx.account_id, vpc["Arn"])
    ctx.store.delete(ctx.account_id, KIND_VPC, vpc_id)
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
        raise ApiError(
            "OperationUnsupported.ResourceType", f"The emulator moves only ResourceType Vpc, not {resource_type}."
        )
    vpc = _own_vpc(ctx, ctx.params.require("ResourceId"))
    if vpc["RegionId"] != region:
        raise not_found("InvalidVpcId.NotFound", f"The specified VPC {vpc['VpcId']} does not exist in {region}.")
    group_id = require_group(ctx.store, ctx.account_id, ctx.params.require("NewResourceGroupId"), usable=True)["Id"]
    set_resource_group(ctx.store, ctx.account_id, vpc["Arn"], group_id)
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
    region = _region(ctx)
    physical_connection = ctx.params.require("PhysicalConnectionId")
    vlan_id = ctx.params.get_int("VlanId", minimum=0, maximum=2999)
    if vlan_id is None:
        raise ApiError("MissingParameter", 'The input parameter "VlanId" that is mandatory is not supplied.')
    owner = ctx.params.get_str("VbrOwnerId")
    if owner is not None and owner != ctx.account_id:
        raise ApiError("OperationUnsupported.VbrOwnerId", "The emulator creates VBRs only for the calling account.")
    name = ctx.params.get_str("Name") or ""
    if name and (not 2 <= len(name) <= 128 or not _VBR_NAME.match(name)):
        raise ApiError(
            "InvalidName.Malformed",
            "The Name must be 2 to 128 characters and start with a letter or Chinese character.",
        )
    description = _optional_text(ctx, "Description", "InvalidDescription.Malformed", 2, 256)
    group_id = _group_for_create(ctx)
    for other in ctx.store.list(ctx.account_id, KIND_VBR):
        if other["PhysicalConnectionId"] == physical_connection and other["VlanId"] == vlan_id:
            raise ApiError("InvalidVlanId.Used", f"The VLAN {vlan_id} is already used on {physical_connection}.")
    vbr_id = ctx.store.random_id("vbr-", 21)
    arn = vbr_arn(region, ctx.account_id, vbr_id)
    place_resource(
        ctx.store,
        ctx.account_id,
        arn=arn,
        service=SERVICE_EXPRESS_CONNECT,
        resource_type=TYPE_VBR,
        resource_id=vbr_id,
        region=region,
        resource_group_id=group_id,
    )
    vbr = {
        "VbrId": vbr_id,
        "RegionId": region,
        "Name": name,
        "Description": description,
        "PhysicalConnectionId": physical_connection,
        "VlanId": vlan_id,
        "LocalGatewayIp": ctx.params.get_str("LocalGatewayIp", "") or "",
        "PeerGatewayIp": ctx.params.get_str("PeerGatewayIp", "") or "",
        "PeeringSubnetMask": ctx.params.get_str("PeeringSubnetMask", "") or "",
        "Bandwidth": ctx.params.get_int("Bandwidth", 0, minimum=0) or 0,
        "RouteTableId": ctx.store.random_id("vtb-", 21),
        "CreationTime": iso_now(),
        "Tags": _tags(ctx, "Tags"),
        "Arn": arn,
    }
    ctx.store.put(ctx.account_id, KIND_VBR, vbr_id, vbr)
    return {"VbrId": vbr_id}


def _vbr_view(ctx: RequestContext, vbr: dict[str, Any]) -> dict[str, Any]:
    attachment = next(
        (
            entity.data
            for entity in ctx.store.store.list_entities(None, KIND_ECR_CHILD)
            if entity.data.get("ChildInstanceId") == vbr["VbrId"]
        ),
        None,
    )
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
        "ResourceGroupId": resource_group_of(ctx.store, ctx.account_id, vbr["Arn"]) or "",
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
    page_number = ctx.params.get_int("PageNumber", 1, minimum=1) or 1
    page_size = ctx.params.get_int("PageSize", 10, minimum=1, maximum=MAX_PAGE_SIZE) or 10
    filters: dict[str, set[str]] = {}
    for item in ctx.params.get_models("Filter"):
        key = item.get("Key", "")
        values = {value for field, value in item.items() if field.startswith("Value")}
        filters.setdefault(key, set()).update(values)
    views = []
    for vbr in ctx.store.list(ctx.account_id, KIND_VBR):
        if vbr["RegionId"] != region:
            continue
        view = _vbr_view(ctx, vbr)
        if all(str(view.get(key, "")) in values for key, values in filters.items()):
            views.append(view)
    return numbered_page("VirtualBorderRouterSet", "VirtualBorderRouterType", views, page_number, page_size)


def _own_vbr(ctx: RequestContext, vbr_id: str) -> dict[str, Any]:
    vbr = ctx.store.get(ctx.account_id, KIND_VBR, vbr_id)
    if vbr is None:
        raise not_found("InvalidVbrId.NotFound", f"The specified VBR {vbr_id} does not exist.")
    return vbr


@action(PRODUCT, VERSION, "DeleteVirtualBorderRouter", resource=_ids_arns("virtualborderrouter", "VbrId"))
def delete_virtual_border_router(ctx: RequestContext) -> dict[str, Any]:
    """Delete a VBR no ECR has attached; its grants go with it."""
    vbr_id = ctx.params.require("VbrId")
    vbr = _own_vbr(ctx, vbr_id)
    ecr_id = _in_use_by_ecr(ctx, vbr_id)
    if ecr_id:
        raise ApiError(
            "DependencyViolation.ExpressConnectRouter",
            f"The VBR {vbr_id} is attached to the Express Connect Router {ecr_id}; detach it first.",
        )
    _forget_grants(ctx, vbr_id)
    remove_placement(ctx.store, ctx.account_id, vbr["Arn"])
    ctx.store.delete(ctx.account_id, KIND_VBR, vbr_id)
    return {}


# -- read views of ECR grants -------------------------------------------------------------------------------------


@action(PRODUCT, VERSION, "DescribeVpcGrantRulesToEcr")
def describe_vpc_grant_rules_to_ecr(ctx: RequestContext) -> dict[str, Any]:
    """The caller's grants of its VPCs (InstanceType VPC, default) or VBRs to ECRs, paged by NextToken."""
    region = _region(ctx)
    instance_type = (ctx.params.get_str("InstanceType") or "VPC").upper()
    if instance_type not in ("VPC", "VBR"):
        raise ApiError("InvalidInstanceType.Malformed", "The InstanceType must be VPC or VBR.")
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
        for grant in ctx.store.list(ctx.account_id, KIND_ECR_GRANT)
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
    kind = KIND_VPC if instance_id.startswith("vpc-") else KIND_VBR
    instance = ctx.store.get(ctx.account_id, kind, instance_id)
    if instance is None or instance["RegionId"] != region:
        code = "InvalidVpcId.NotFound" if kind == KIND_VPC else "InvalidVbrId.NotFound"
        raise not_found(code, f"The specified instance {instance_id} does not exist in {region}.")
    page_number = ctx.params.get_int("PageNumber", 1, minimum=1) or 1
    page_size = ctx.params.get_int("PageSize", 10, minimum=1, maximum=MAX_PAGE_SIZE) or 10
    rules = [
        {"EcrInstanceId": grant["EcrId"], "EcrUid": int(grant["EcrOwnerAliUid"]), "CreateTime": grant["GmtCreate"]}
        for grant in ctx.store.list(ctx.account_id, KIND_ECR_GRANT)
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
