"""ExpressConnectRouter 2023-09-01 on the wire (V3, form body): ECRs, cross-account grants, VPC associations,
VBR children.

APIs: Create/Describe/Modify/DeleteExpressConnectRouter, MoveResourceGroup;
Grant/RevokeInstanceTo(From)ExpressConnectRouter and DescribeInstanceGrantedToExpressConnectRouter;
Create/Describe/DeleteExpressConnectRouterAssociation (VPCs); Attach/Describe/DetachExpressConnectRouterChildInstance
(VBRs). A new ECR is registered in its resource group (ResourceManager service ``expressconnect``, type
``expressconnectrouter``).

The cross-account flow (seed 003): account B, owner of a VPC or VBR, grants it to account A's ECR with
GrantInstanceToExpressConnectRouter; A then associates the VPC (CreateExpressConnectRouterAssociation
with VpcOwnerId = B) or attaches the VBR (AttachExpressConnectRouterChildInstance with
ChildInstanceOwnerId = B). Without B's grant A is refused with Forbidden.InstanceNotGranted (403).
B cannot revoke while A still uses the instance (DependencyViolation.Association): A disassociates or
detaches first. Instances of A's own account need no grant (granting to one's own ECR is refused with
IllegalParam.EcrOwnerAliUid). Deleting the VPC or VBR drops its grants.

DescribeInstanceGrantedToExpressConnectRouter: CallerType ``OTHER`` is the instance owner's view (the grants the
caller made of its instances to that ECR of another account), as terraform-provider-alicloud reads its grant
association from the instance owner's account (service_alicloud_express_connect_router_v2.go); ``SELF`` is the
ECR owner's view (grants other accounts made to the caller's own ECR; the caller must own it). Without CallerType
the owner of the ECR gets SELF and anyone else OTHER.

Every response has Code/Message/Success/HttpStatusCode (:func:`ecr_envelope`); parameter errors are
IllegalParam.<Field>; writes honour ClientToken (a repeated token returns the first result) and DryRun
(DryRunOperation). Parameters in, the backends (:mod:`.backend`, VPC's for the granted instances) called,
responses out; the error codes are in :mod:`.errors`.
"""

from __future__ import annotations

import functools
from typing import Any

from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import Handler, RequestContext, action
from alicloud_gov.emulator.services.ecr.backend import (
    MAX_TAGS,
    EcrBackend,
    check_asn,
    check_text,
    ecr_arn,
    link_view,
)
from alicloud_gov.emulator.services.ecr.errors import ILLEGAL_PARAM_PREFIX
from alicloud_gov.emulator.services.ecr.errors import EcrErrors as Errors
from alicloud_gov.emulator.services.idempotency import idempotent
from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.services.vpc.backend import INSTANCE_TYPES, VpcBackend, vbr_arn, vpc_arn
from alicloud_gov.emulator.services.wire import dry_run_passed, optional_uid, owner_uid, token_page_response

PRODUCT = "ExpressConnectRouter"
VERSION = "2023-09-01"

_INVALID_PARAMETER_PREFIX = GatewayErrors.NOT_AN_INTEGER.code.partition("{")[0]  # "InvalidParameter."


def ecr_envelope(handler: Handler) -> Handler:
    """Wrap an ECR handler: add the success envelope, turn errors into ECR-shaped errors."""

    @functools.wraps(handler)
    def wrapped(ctx: RequestContext) -> dict[str, Any]:
        try:
            body = handler(ctx)
        except ApiError as error:
            code = error.code
            if code.startswith(_INVALID_PARAMETER_PREFIX):
                code = ILLEGAL_PARAM_PREFIX + code[len(_INVALID_PARAMETER_PREFIX) :]
            raised = ApiError(
                code,
                error.message,
                error.http_status,
                extra={**error.extra, "Success": False, "HttpStatusCode": error.http_status},
                headers=error.headers,
            )
            raise raised from None
        return {"Code": "200", "Message": "OK", "Success": True, "HttpStatusCode": 200, **body}

    return wrapped


def backend(ctx: RequestContext) -> EcrBackend:
    """The calling account's ECR backend over the request's view of the store."""
    return EcrBackend(ctx.store, ctx.account_id)


def _target_ecr_arn(ctx: RequestContext) -> str:
    return ecr_arn(ctx.account_id, ctx.params.get_str("EcrId") or "*")


def _granted_instance_arn(ctx: RequestContext) -> str:
    """The caller's VPC or VBR named by InstanceId (the resource a grant or revoke acts on)."""
    region = ctx.params.get_str("InstanceRegionId") or ctx.region
    instance_id = ctx.params.get_str("InstanceId") or "*"
    if (ctx.params.get_str("InstanceType") or "").upper() == "VBR":
        return vbr_arn(region, ctx.account_id, instance_id)
    return vpc_arn(region, ctx.account_id, instance_id)


def _text(ctx: RequestContext, name: str, max_length: int) -> str:
    return check_text(name, ctx.params.get_str(name) or "", max_length)


def _asn(ctx: RequestContext) -> int:
    asn = ctx.params.get_int("AlibabaSideAsn")
    if asn is None:
        raise GatewayErrors.MISSING_PARAMETER(name="AlibabaSideAsn")
    return check_asn(asn)


def _instance_type(ctx: RequestContext, name: str = "InstanceType", *, required: bool = True) -> str | None:
    value = ctx.params.require(name) if required else ctx.params.get_str(name)
    if value is None:
        return None
    if value.upper() not in INSTANCE_TYPES:
        raise Errors.INSTANCE_TYPE(name=name, value=value)
    return value.upper()


def _child_type(ctx: RequestContext) -> None:
    child_type = ctx.params.require("ChildInstanceType")
    if child_type.upper() != "VBR":
        raise Errors.CHILD_INSTANCE_TYPE(value=child_type)


# -- routers ------------------------------------------------------------------------------------------------------


@action(
    PRODUCT,
    VERSION,
    "CreateExpressConnectRouter",
    resource=lambda ctx: ecr_arn(ctx.account_id, "*"),
    resource_group=lambda ctx: ctx.params.get_str("ResourceGroupId"),
)
@ecr_envelope
@idempotent
def create_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Create an ECR (Status ACTIVE) in the given resource group or the account's default group."""
    asn = _asn(ctx)
    name = _text(ctx, "Name", 128)
    description = _text(ctx, "Description", 256)
    tags = ctx.params.get_tags("Tag")
    if len(tags) > MAX_TAGS:
        raise Errors.TOO_MANY_TAGS(limit=MAX_TAGS)
    group_id = ctx.params.get_str("ResourceGroupId")
    if group_id is not None:
        ResourceManagerBackend(ctx.store, ctx.account_id).require_group(group_id, usable=True)
    dry_run_passed(ctx)
    ecr_id = backend(ctx).create_ecr(
        asn=asn, name=name, description=description, tags=tags, region=ctx.region, resource_group_id=group_id
    )
    return {"EcrId": ecr_id}


@action(PRODUCT, VERSION, "DescribeExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
def describe_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """List the caller's ECRs, filtered by EcrId, Name, ResourceGroupId and Tag, paged by NextToken."""
    ecr_id = ctx.params.get_str("EcrId")
    name = ctx.params.get_str("Name")
    group_id = ctx.params.get_str("ResourceGroupId")
    tag_filters = ctx.params.get_tags("Tag")
    ecrs = backend(ctx)
    views = []
    for ecr in ecrs.ecrs():
        view = ecrs.view(ecr)
        tags = {(tag["TagKey"], tag["TagValue"]) for tag in view["Tags"]}
        if (
            (ecr_id is None or view["EcrId"] == ecr_id)
            and (name is None or view["Name"] == name)
            and (group_id is None or view["ResourceGroupId"] == group_id)
            and all((tag.get("Key", ""), tag.get("Value", "")) in tags for tag in tag_filters)
        ):
            views.append(view)
    return token_page_response(ctx, "EcrList", views)


@action(PRODUCT, VERSION, "ModifyExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def modify_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Change an ECR's Name and/or Description."""
    ecrs = backend(ctx)
    ecr = dict(ecrs.own_ecr(ctx.params.require("EcrId")))
    changes = {
        field: _text(ctx, field, limit) for field, limit in (("Name", 128), ("Description", 256)) if field in ctx.params
    }
    dry_run_passed(ctx)
    ecrs.occupy(ecr, "UPDATING")
    ecrs.modify_ecr(ecr["EcrId"], changes)
    return {}


@action(
    PRODUCT,
    VERSION,
    "MoveResourceGroup",
    resource=lambda ctx: ecr_arn(ctx.account_id, ctx.params.get_str("ResourceId") or "*"),
    destination_group=lambda ctx: ctx.params.get_str("NewResourceGroupId"),
)
@ecr_envelope
@idempotent
def move_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Move one of the caller's ECRs (ResourceType EXPRESSCONNECTROUTER) to another resource group.

    Authorised on the ECR in its current group and in NewResourceGroupId (a group-scoped grant covers only the
    resources in that group; ECRs support resource-group authorisation, seed 000).
    """
    resource_type = ctx.params.require("ResourceType")
    if resource_type.upper() != "EXPRESSCONNECTROUTER":
        raise Errors.RESOURCE_TYPE(value=resource_type)
    ecr = backend(ctx).own_ecr(ctx.params.require("ResourceId"))
    groups = ResourceManagerBackend(ctx.store, ctx.account_id)
    group_id = groups.require_group(ctx.params.require("NewResourceGroupId"), usable=True)["Id"]
    dry_run_passed(ctx)
    groups.set_resource_group(ecr_arn(ctx.account_id, ecr["EcrId"]), group_id)
    return {}


@action(PRODUCT, VERSION, "DeleteExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def delete_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Delete an ECR that has no associated VPC and no attached VBR."""
    ecr_id = ctx.params.require("EcrId")
    ecrs = backend(ctx)
    ecr = ecrs.own_ecr(ecr_id)
    ecrs.check_deletable(ecr_id)
    dry_run_passed(ctx)
    ecrs.occupy(ecr, "DELETING")
    ecrs.delete_ecr(ecr_id)
    return {}


# -- grants (called by the owner of the VPC or VBR) ---------------------------------------------------------------


def _grant_target(ctx: RequestContext) -> tuple[str, str, str, str, str]:
    """Validated (ecr id, ecr owner, instance id, instance region, instance type) of a grant or revoke."""
    ecr_id = ctx.params.require("EcrId")
    ecr_owner = owner_uid("EcrOwnerAliUid", ctx.params.require("EcrOwnerAliUid"))
    instance_id = ctx.params.require("InstanceId")
    region = ctx.params.require("InstanceRegionId")
    instance_type = _instance_type(ctx) or "VPC"
    instance = VpcBackend(ctx.store, ctx.account_id).instance(instance_type, instance_id)
    if instance is None or instance["RegionId"] != region:
        raise Errors.GRANTABLE_NOT_FOUND(instance_type=instance_type, instance_id=instance_id, region=region)
    return ecr_id, ecr_owner, instance_id, region, instance_type


@action(PRODUCT, VERSION, "GrantInstanceToExpressConnectRouter", resource=_granted_instance_arn)
@ecr_envelope
@idempotent
def grant_instance_to_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Let another account's ECR associate (VPC) or attach (VBR) one of the caller's instances."""
    ecr_id, ecr_owner, instance_id, region, instance_type = _grant_target(ctx)
    if ecr_owner == ctx.account_id:
        raise Errors.OWN_ECR()
    ecrs = backend(ctx)
    found = ecrs.owner_of(ecr_id)
    if found is None:
        raise Errors.ECR_NOT_FOUND(ecr_id=ecr_id)
    if found != ecr_owner:
        raise Errors.WRONG_ECR_OWNER(ecr_id=ecr_id, owner=ecr_owner)
    dry_run_passed(ctx)
    ecrs.create_grant(ecr_id, ecr_owner, instance_id, region, instance_type)
    return {}


@action(PRODUCT, VERSION, "RevokeInstanceFromExpressConnectRouter", resource=_granted_instance_arn)
@ecr_envelope
@idempotent
def revoke_instance_from_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Withdraw a grant; refused while the ECR still has the instance associated or attached."""
    ecr_id, ecr_owner, instance_id, _, instance_type = _grant_target(ctx)
    ecrs = backend(ctx)
    ecrs.check_revocable(ecr_id, ecr_owner, instance_id, instance_type)
    dry_run_passed(ctx)
    ecrs.revoke_grant(ecr_id, instance_id)
    return {}


def _grant_view(grant: dict[str, Any]) -> dict[str, Any]:
    return {field: value for field, value in grant.items() if field != "CreatedMillis"}


@action(PRODUCT, VERSION, "DescribeInstanceGrantedToExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
def describe_instance_granted_to_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Grants to an ECR: the granting account's view (CallerType OTHER) or the ECR owner's view (SELF)."""
    ecr_id = ctx.params.require("EcrId")
    ecrs = backend(ctx)
    owns_ecr = ecrs.ecr(ecr_id) is not None
    caller_type = (ctx.params.get_str("CallerType") or "").upper()
    if caller_type in ("", "PARENT", "SUB"):
        caller_type = "SELF" if owns_ecr else "OTHER"
    if caller_type not in ("OTHER", "SELF"):
        raise Errors.CALLER_TYPE(value=caller_type)
    if caller_type == "SELF":
        if not owns_ecr:
            raise Errors.ECR_NOT_FOUND(ecr_id=ecr_id)
        grants = ecrs.grants_received(ecr_id)
    else:
        grants = ecrs.grants_made(ecr_id)
    instance_id = ctx.params.get_str("InstanceId")
    instance_owner = optional_uid(ctx, "InstanceOwnerId")
    region = ctx.params.get_str("InstanceRegionId")
    instance_type = _instance_type(ctx, required=False)
    matched = [
        _grant_view(grant)
        for grant in grants
        if (instance_id is None or grant["NodeId"] == instance_id)
        and (instance_owner is None or str(grant["NodeOwnerUid"]) == instance_owner)
        and (region is None or grant["NodeRegionId"] == region)
        and (instance_type is None or grant["NodeType"] == instance_type)
    ]
    return token_page_response(ctx, "EcrGrantedInstanceList", matched)


# -- VPC associations and VBR children (called by the ECR owner) --------------------------------------------------


def _require_grant_or_own(
    ctx: RequestContext,
    ecr_id: str,
    owner: str,
    instance_type: str,
    instance_id: str,
    region: str,
    label: str,
    owner_field: str,
) -> dict[str, Any]:
    """The instance; Forbidden.InstanceNotGranted without the owner's grant, ResourceNotFound.<label> when absent.

    Another account's instance is checked for a grant first, so an ungranted caller learns nothing about
    which instance ids exist in that account.
    """
    if owner not in ctx.accounts:
        raise Errors.UNKNOWN_ACCOUNT(field=owner_field, owner=owner)
    if owner != ctx.account_id:
        backend(ctx).require_grant(ecr_id, owner, instance_id)
    instance = VpcBackend(ctx.store, owner).instance(instance_type, instance_id, consistent=True)
    if instance is None or instance["RegionId"] != region:
        raise Errors.INSTANCE_NOT_FOUND(label=label, instance_id=instance_id, owner=owner, region=region)
    return instance


@action(PRODUCT, VERSION, "CreateExpressConnectRouterAssociation", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def create_express_connect_router_association(ctx: RequestContext) -> dict[str, Any]:
    """Associate a VPC (own, or another account's that granted it) with the caller's ECR."""
    params = ctx.params
    ecr_id = params.require("EcrId")
    region = params.require("AssociationRegionId")
    ecrs = backend(ctx)
    ecr = ecrs.own_ecr(ecr_id)
    if params.get_str("TransitRouterId") and not params.get_str("VpcId"):
        raise Errors.TRANSIT_ROUTER()
    vpc_id = params.require("VpcId")
    owner = optional_uid(ctx, "VpcOwnerId") or ctx.account_id
    description = _text(ctx, "Description", 128)
    vpc = _require_grant_or_own(ctx, ecr_id, owner, "VPC", vpc_id, region, "VpcId", "VpcOwnerId")
    ecrs.check_not_associated(vpc_id)
    dry_run_passed(ctx)
    ecrs.occupy(ecr, "ASSOCIATING")
    association_id = ecrs.associate(
        ecr,
        region=region,
        vpc_id=vpc_id,
        vpc_name=vpc.get("VpcName", ""),
        owner=owner,
        description=description,
        allowed_prefixes=params.get_list("AllowedPrefixes"),
        allowed_prefixes_mode=params.get_str("AllowedPrefixesMode", "MatchMode") or "MatchMode",
    )
    return {"AssociationId": association_id}


@action(PRODUCT, VERSION, "DescribeExpressConnectRouterAssociation", resource=_target_ecr_arn)
@ecr_envelope
def describe_express_connect_router_association(ctx: RequestContext) -> dict[str, Any]:
    """The caller's ECR's associations, filtered by AssociationId, region, node type and VpcId."""
    ecr_id = ctx.params.require("EcrId")
    ecrs = backend(ctx)
    ecrs.own_ecr(ecr_id)
    filters = {
        "AssociationId": ctx.params.get_str("AssociationId"),
        "RegionId": ctx.params.get_str("AssociationRegionId"),
        "AssociationNodeType": ctx.params.get_str("AssociationNodeType"),
        "VpcId": ctx.params.get_str("VpcId"),
        "TransitRouterId": ctx.params.get_str("TransitRouterId"),
        "CenId": ctx.params.get_str("CenId"),
    }
    matched = [
        link_view(ctx.store, association)
        for association in ecrs.associations(ecr_id)
        if all(wanted is None or association.get(field) == wanted for field, wanted in filters.items())
    ]
    return token_page_response(ctx, "AssociationList", matched)


@action(PRODUCT, VERSION, "DeleteExpressConnectRouterAssociation", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def delete_express_connect_router_association(ctx: RequestContext) -> dict[str, Any]:
    """Remove a VPC association from the caller's ECR."""
    ecr_id = ctx.params.require("EcrId")
    association_id = ctx.params.require("AssociationId")
    ecrs = backend(ctx)
    ecr = ecrs.own_ecr(ecr_id)
    ecrs.association(ecr_id, association_id)
    dry_run_passed(ctx)
    ecrs.occupy(ecr, "DISSOCIATING")
    ecrs.dissociate(association_id)
    return {}


@action(PRODUCT, VERSION, "AttachExpressConnectRouterChildInstance", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def attach_express_connect_router_child_instance(ctx: RequestContext) -> dict[str, Any]:
    """Attach a VBR (own, or another account's that granted it) to the caller's ECR."""
    ecr_id = ctx.params.require("EcrId")
    vbr_id = ctx.params.require("ChildInstanceId")
    _child_type(ctx)
    region = ctx.params.require("ChildInstanceRegionId")
    owner = optional_uid(ctx, "ChildInstanceOwnerId") or ctx.account_id
    description = _text(ctx, "Description", 128)
    ecrs = backend(ctx)
    ecr = ecrs.own_ecr(ecr_id)
    vbr = _require_grant_or_own(ctx, ecr_id, owner, "VBR", vbr_id, region, "ChildInstanceId", "ChildInstanceOwnerId")
    ecrs.check_not_attached(vbr_id)
    dry_run_passed(ctx)
    ecrs.occupy(ecr, "ASSOCIATING")
    ecrs.attach_child(
        ecr_id, vbr_id=vbr_id, vbr_name=vbr.get("Name", ""), region=region, owner=owner, description=description
    )
    return {}


@action(PRODUCT, VERSION, "DescribeExpressConnectRouterChildInstance", resource=_target_ecr_arn)
@ecr_envelope
def describe_express_connect_router_child_instance(ctx: RequestContext) -> dict[str, Any]:
    """The VBRs attached to the caller's ECR, filtered by id, type and region."""
    ecr_id = ctx.params.require("EcrId")
    ecrs = backend(ctx)
    ecrs.own_ecr(ecr_id)
    filters = {
        "ChildInstanceId": ctx.params.get_str("ChildInstanceId"),
        "ChildInstanceType": ctx.params.get_str("ChildInstanceType"),
        "ChildInstanceRegionId": ctx.params.get_str("ChildInstanceRegionId"),
        "AssociationId": ctx.params.get_str("AssociationId"),
    }
    matched = [
        {field: value for field, value in link_view(ctx.store, child).items() if field != "EcrOwnerId"}
        for child in ecrs.children(ecr_id)
        if all(wanted is None or child.get(field) == wanted for field, wanted in filters.items())
    ]
    return token_page_response(ctx, "ChildInstanceList", matched)


@action(PRODUCT, VERSION, "DetachExpressConnectRouterChildInstance", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def detach_express_connect_router_child_instance(ctx: RequestContext) -> dict[str, Any]:
    """Detach a VBR from the caller's ECR."""
    ecr_id = ctx.params.require("EcrId")
    vbr_id = ctx.params.require("ChildInstanceId")
    _child_type(ctx)
    ecrs = backend(ctx)
    ecr = ecrs.own_ecr(ecr_id)
    ecrs.require_child(ecr_id, vbr_id)
    dry_run_passed(ctx)
    ecrs.occupy(ecr, "DISSOCIATING")
    ecrs.detach_child(ecr_id, vbr_id)
    return {}
