"""ExpressConnectRouter 2023-09-01 (V3, form body): ECRs, cross-account grants, VPC associations, VBR children.

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

DescribeInstanceGrantedToExpressConnectRouter: CallerType ``OTHER`` is the ECR owner's view (grants other
accounts made to the caller's ECR; the caller must own it); ``SELF`` is the instance owner's view (grants
the caller made to that ECR). Without CallerType the owner of the ECR gets OTHER and anyone else SELF.

Every response has Code/Message/Success/HttpStatusCode; parameter errors are IllegalParam.<Field>;
writes honour ClientToken (a repeated token returns the first result) and DryRun (DryRunOperation).
Changes to one ECR are serialised: with the consistency fault on, a change keeps the ECR busy (Status
ASSOCIATING / DISSOCIATING / UPDATING / DELETING) for the consistency delay and a second change in that
window fails with Conflict.Lock (409), which callers retry.
Other codes: ResourceNotFound.{EcrId|InstanceId|VpcId|ChildInstanceId|AssociationId|GrantRule} (404),
ResourceAlreadyExists.{GrantRule|Association|ChildInstance} (409), DependencyViolation.{Association|
EcrAssociation} (400), EntityNotExists.ResourceGroup (404).
"""

from __future__ import annotations

import time
from typing import Any

from alicloud_gov.emulator.errors import ApiError, conflict, not_found
from alicloud_gov.emulator.registry import RequestContext, action, iso_now
from alicloud_gov.emulator.services.ecr_common import (
    INSTANCE_TYPES,
    KIND_ECR,
    KIND_ECR_ASSOCIATION,
    KIND_ECR_CHILD,
    KIND_ECR_GRANT,
    KIND_VBR,
    KIND_VPC,
    dry_run_passed,
    ecr_envelope,
    grant_key,
    idempotent,
    instance_kind,
    owner_uid,
    token_page_response,
)
from alicloud_gov.emulator.services.resourcemanager_model import (
    place_resource,
    remove_placement,
    require_group,
    resource_group_of,
    set_resource_group,
)
from alicloud_gov.emulator.services.vpc import vbr_arn, vpc_arn

PRODUCT = "ExpressConnectRouter"
VERSION = "2023-09-01"
SERVICE = "expressconnect"
RESOURCE_TYPE = "expressconnectrouter"
DEFAULT_ASN = 45104


def ecr_arn(account: str, ecr_id: str) -> str:
    """The ARN of an ECR (ECRs are global: the region part is empty)."""
    return f"acs:expressconnectrouter::{account}:expressconnectrouter/{ecr_id}"


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
    value = ctx.params.get_str(name) or ""
    if len(value) > max_length or value.startswith(("http://", "https://")):
        raise ApiError(
            f"IllegalParam.{name}",
            f"The {name} must be at most {max_length} characters and must not start with http:// or https://.",
        )
    return value


def _asn(ctx: RequestContext) -> int:
    asn = ctx.params.get_int("AlibabaSideAsn")
    if asn is None:
        raise ApiError("MissingParameter", 'The input parameter "AlibabaSideAsn" that is mandatory is not supplied.')
    valid = asn == DEFAULT_ASN or (64512 <= asn <= 65534 and asn != 65025) or 4200000000 <= asn <= 4294967294
    if not valid:
        raise ApiError(
            "IllegalParam.AlibabaSideAsn",
            f"The AlibabaSideAsn {asn} is not allowed: use 45104, 64512-65534 (not 65025) or 4200000000-4294967294.",
        )
    return asn


def _instance_type(ctx: RequestContext, name: str = "InstanceType", *, required: bool = True) -> str | None:
    value = ctx.params.require(name) if required else ctx.params.get_str(name)
    if value is None:
        return None
    if value.upper() not in INSTANCE_TYPES:
        raise ApiError(f"IllegalParam.{name}", f"The {name} {value!r} must be VPC or VBR.")
    return value.upper()


def _own_ecr(ctx: RequestContext, ecr_id: str) -> dict[str, Any]:
    ecr = ctx.store.get(ctx.account_id, KIND_ECR, ecr_id)
    if ecr is None:
        raise not_found("ResourceNotFound.EcrId", f"The Express Connect Router {ecr_id} does not exist.")
    return ecr


def _occupy(ctx: RequestContext, ecr: dict[str, Any], busy_status: str) -> None:
    """Serialise changes to one ECR: Conflict.Lock while an earlier change is still in progress.

    A change keeps the ECR busy (Status ``busy_status``) for the store's consistency delay, so with the
    consistency fault on, back-to-back changes meet the Conflict.Lock that real callers must retry.
    """
    now = time.time()
    if float(ecr.get("BusyUntil", 0.0)) > now:
        raise ApiError(
            "Conflict.Lock",
            f"The Express Connect Router {ecr['EcrId']} is {ecr['BusyStatus']}; retry when the change completes.",
            409,
        )
    delay = ctx.store.store.consistency_delay
    if delay > 0:
        ctx.store.put(
            ctx.account_id, KIND_ECR, ecr["EcrId"], {**ecr, "BusyUntil": now + delay, "BusyStatus": busy_status}
        )


def _ecr_anywhere(ctx: RequestContext, ecr_id: str) -> tuple[str, dict[str, Any]] | None:
    entity = ctx.store.find(KIND_ECR, ecr_id)
    return (entity.account, entity.data) if entity else None


def _optional_uid(ctx: RequestContext, name: str) -> str | None:
    value = ctx.params.get_str(name)
    return None if value is None else owner_uid(name, value)


def _millis() -> int:
    return int(time.time() * 1000)


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
    if len(tags) > 20:
        raise ApiError("IllegalParam.Tag", "At most 20 tags can be given.")
    group_id = ctx.params.get_str("ResourceGroupId")
    if group_id is not None:
        require_group(ctx.store, ctx.account_id, group_id, usable=True)
    dry_run_passed(ctx)
    ecr_id = ctx.store.random_id("ecr-", 18)
    place_resource(
        ctx.store,
        ctx.account_id,
        arn=ecr_arn(ctx.account_id, ecr_id),
        service=SERVICE,
        resource_type=RESOURCE_TYPE,
        resource_id=ecr_id,
        region=ctx.region,
        resource_group_id=group_id,
    )
    now = iso_now()
    ecr = {
        "EcrId": ecr_id,
        "Name": name,
        "Description": description,
        "AlibabaSideAsn": asn,
        "OwnerId": int(ctx.account_id),
        "Status": "ACTIVE",
        "BizStatus": "Normal",
        "GmtCreate": now,
        "GmtModified": now,
        "Tags": [{"TagKey": tag.get("Key", ""), "TagValue": tag.get("Value", "")} for tag in tags],
    }
    ctx.store.put(ctx.account_id, KIND_ECR, ecr_id, ecr)
    return {"EcrId": ecr_id}


def _ecr_view(ctx: RequestContext, ecr: dict[str, Any]) -> dict[str, Any]:
    group_id = resource_group_of(ctx.store, ctx.account_id, ecr_arn(ctx.account_id, ecr["EcrId"])) or ""
    view = {field: value for field, value in ecr.items() if field not in ("BusyUntil", "BusyStatus")}
    if float(ecr.get("BusyUntil", 0.0)) > time.time():
        view["Status"] = ecr["BusyStatus"]
    return {**view, "ResourceGroupId": group_id}


@action(PRODUCT, VERSION, "DescribeExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
def describe_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """List the caller's ECRs, filtered by EcrId, Name, ResourceGroupId and Tag, paged by NextToken."""
    ecr_id = ctx.params.get_str("EcrId")
    name = ctx.params.get_str("Name")
    group_id = ctx.params.get_str("ResourceGroupId")
    tag_filters = ctx.params.get_tags("Tag")
    views = []
    for ecr in ctx.store.list(ctx.account_id, KIND_ECR):
        view = _ecr_view(ctx, ecr)
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
    ecr = dict(_own_ecr(ctx, ctx.params.require("EcrId")))
    changes = {
        field: _text(ctx, field, limit) for field, limit in (("Name", 128), ("Description", 256)) if field in ctx.params
    }
    dry_run_passed(ctx)
    _occupy(ctx, ecr, "UPDATING")
    ecr = dict(_own_ecr(ctx, ecr["EcrId"]))
    ecr.update(changes, GmtModified=iso_now())
    ctx.store.put(ctx.account_id, KIND_ECR, ecr["EcrId"], ecr)
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
        raise ApiError("IllegalParam.ResourceType", f"The ResourceType {resource_type!r} must be EXPRESSCONNECTROUTER.")
    ecr = _own_ecr(ctx, ctx.params.require("ResourceId"))
    group_id = require_group(ctx.store, ctx.account_id, ctx.params.require("NewResourceGroupId"), usable=True)["Id"]
    dry_run_passed(ctx)
    set_resource_group(ctx.store, ctx.account_id, ecr_arn(ctx.account_id, ecr["EcrId"]), group_id)
    return {}


@action(PRODUCT, VERSION, "DeleteExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def delete_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Delete an ECR that has no associated VPC and no attached VBR."""
    ecr_id = ctx.params.require("EcrId")
    ecr = _own_ecr(ctx, ecr_id)
    in_use = [item for item in ctx.store.list(ctx.account_id, KIND_ECR_ASSOCIATION) if item["EcrId"] == ecr_id]
    in_use += ctx.store.list(ctx.account_id, KIND_ECR_CHILD, key_prefix=f"{ecr_id}|")
    if in_use:
        raise ApiError(
            "DependencyViolation.EcrAssociation",
            f"The Express Connect Router {ecr_id} still has {len(in_use)} associated or attached instance(s).",
        )
    dry_run_passed(ctx)
    _occupy(ctx, ecr, "DELETING")
    remove_placement(ctx.store, ctx.account_id, ecr_arn(ctx.account_id, ecr_id))
    ctx.store.delete(ctx.account_id, KIND_ECR, ecr_id)
    return {}


# -- grants (called by the owner of the VPC or VBR) ---------------------------------------------------------------


def _grant_target(ctx: RequestContext) -> tuple[str, str, str, str, str]:
    """Validated (ecr id, ecr owner, instance id, instance region, instance type) of a grant or revoke."""
    ecr_id = ctx.params.require("EcrId")
    ecr_owner = owner_uid("EcrOwnerAliUid", ctx.params.require("EcrOwnerAliUid"))
    instance_id = ctx.params.require("InstanceId")
    region = ctx.params.require("InstanceRegionId")
    instance_type = _instance_type(ctx) or "VPC"
    instance = ctx.store.get(ctx.account_id, instance_kind(instance_type), instance_id)
    if instance is None or instance["RegionId"] != region:
        raise not_found(
            "ResourceNotFound.InstanceId",
            f"The {instance_type} {instance_id} does not exist in {region} in the calling account; "
            "only the owner of an instance can grant it.",
        )
    return ecr_id, ecr_owner, instance_id, region, instance_type


@action(PRODUCT, VERSION, "GrantInstanceToExpressConnectRouter", resource=_granted_instance_arn)
@ecr_envelope
@idempotent
def grant_instance_to_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Let another account's ECR associate (VPC) or attach (VBR) one of the caller's instances."""
    ecr_id, ecr_owner, instance_id, region, instance_type = _grant_target(ctx)
    if ecr_owner == ctx.account_id:
        raise ApiError(
            "IllegalParam.EcrOwnerAliUid",
            "The ECR belongs to the calling account; grants are only needed across accounts.",
        )
    found = _ecr_anywhere(ctx, ecr_id)
    if found is None:
        raise not_found("ResourceNotFound.EcrId", f"The Express Connect Router {ecr_id} does not exist.")
    if found[0] != ecr_owner:
        raise ApiError(
            "IllegalParam.EcrOwnerAliUid", f"The Express Connect Router {ecr_id} does not belong to {ecr_owner}."
        )
    dry_run_passed(ctx)
    now = iso_now()
    grant = {
        "GrantId": ctx.store.random_id("ecr-grant-", 18),
        "EcrId": ecr_id,
        "EcrOwnerAliUid": ecr_owner,
        "NodeId": instance_id,
        "NodeRegionId": region,
        "NodeType": instance_type,
        "NodeOwnerUid": int(ctx.account_id),
        "Status": "Granted",
        "GmtCreate": now,
        "GmtModified": now,
        "CreatedMillis": _millis(),
    }
    if not ctx.store.insert(ctx.account_id, KIND_ECR_GRANT, grant_key(ecr_id, instance_id), grant):
        raise conflict(
            "ResourceAlreadyExists.GrantRule", f"The {instance_type} {instance_id} is already granted to {ecr_id}."
        )
    return {}


def _instance_in_use(ctx: RequestContext, ecr_owner: str, ecr_id: str, instance_id: str) -> bool:
    associations = ctx.store.store.list(ecr_owner, KIND_ECR_ASSOCIATION)
    if any(item["EcrId"] == ecr_id and item["VpcId"] == instance_id for item in associations):
        return True
    return ctx.store.store.get(ecr_owner, KIND_ECR_CHILD, f"{ecr_id}|{instance_id}") is not None


@action(PRODUCT, VERSION, "RevokeInstanceFromExpressConnectRouter", resource=_granted_instance_arn)
@ecr_envelope
@idempotent
def revoke_instance_from_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Withdraw a grant; refused while the ECR still has the instance associated or attached."""
    ecr_id, ecr_owner, instance_id, _, instance_type = _grant_target(ctx)
    grant = ctx.store.get(ctx.account_id, KIND_ECR_GRANT, grant_key(ecr_id, instance_id))
    if grant is None or grant["EcrOwnerAliUid"] != ecr_owner:
        raise not_found(
            "ResourceNotFound.GrantRule",
            f"The {instance_type} {instance_id} is not granted to {ecr_id} of {ecr_owner}.",
        )
    if _instance_in_use(ctx, ecr_owner, ecr_id, instance_id):
        raise ApiError(
            "DependencyViolation.Association",
            f"The {instance_type} {instance_id} is still associated with {ecr_id}; "
            "the ECR owner must remove the association first.",
        )
    dry_run_passed(ctx)
    ctx.store.delete(ctx.account_id, KIND_ECR_GRANT, grant_key(ecr_id, instance_id))
    return {}


def _grant_view(grant: dict[str, Any]) -> dict[str, Any]:
    return {field: value for field, value in grant.items() if field != "CreatedMillis"}


@action(PRODUCT, VERSION, "DescribeInstanceGrantedToExpressConnectRouter", resource=_target_ecr_arn)
@ecr_envelope
def describe_instance_granted_to_express_connect_router(ctx: RequestContext) -> dict[str, Any]:
    """Grants to an ECR: the owner's view (CallerType OTHER) or the granting account's view (SELF)."""
    ecr_id = ctx.params.require("EcrId")
    owns_ecr = ctx.store.get(ctx.account_id, KIND_ECR, ecr_id) is not None
    caller_type = (ctx.params.get_str("CallerType") or "").upper()
    if caller_type in ("", "PARENT", "SUB"):
        caller_type = "OTHER" if owns_ecr else "SELF"
    if caller_type not in ("OTHER", "SELF"):
        raise ApiError("IllegalParam.CallerType", f"The CallerType {caller_type!r} must be OTHER or SELF.")
    if caller_type == "OTHER":
        if not owns_ecr:
            raise not_found("ResourceNotFound.EcrId", f"The Express Connect Router {ecr_id} does not exist.")
        grants = [
            entity.data
            for entity in ctx.store.list_entities(None, KIND_ECR_GRANT)
            if entity.data["EcrId"] == ecr_id and entity.data["EcrOwnerAliUid"] == ctx.account_id
        ]
    else:
        grants = [grant for grant in ctx.store.list(ctx.account_id, KIND_ECR_GRANT) if grant["EcrId"] == ecr_id]
    instance_id = ctx.params.get_str("InstanceId")
    instance_owner = _optional_uid(ctx, "InstanceOwnerId")
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
    ctx: RequestContext, ecr_id: str, owner: str, kind: str, instance_id: str, region: str, label: str, owner_field: str
) -> dict[str, Any]:
    """The instance; Forbidden.InstanceNotGranted without the owner's grant, ResourceNotFound.<label> when absent.

    Another account's instance is checked for a grant first, so an ungranted caller learns nothing about
    which instance ids exist in that account.
    """
    if owner not in ctx.accounts:
        raise ApiError(f"IllegalParam.{owner_field}", f"The account {owner} does not exist.")
    if owner != ctx.account_id:
        grant = ctx.store.store.get(owner, KIND_ECR_GRANT, grant_key(ecr_id, instance_id))
        if grant is None or grant["EcrOwnerAliUid"] != ctx.account_id:
            raise ApiError(
                "Forbidden.InstanceNotGranted",
                f"The instance {instance_id} of account {owner} is not granted to Express Connect Router {ecr_id}; "
                "the owner must call GrantInstanceToExpressConnectRouter first.",
                403,
            )
    instance = ctx.store.store.get(owner, kind, instance_id)
    if instance is None or instance["RegionId"] != region:
        raise not_found(
            f"ResourceNotFound.{label}", f"The instance {instance_id} of {owner} does not exist in {region}."
        )
    return instance


@action(PRODUCT, VERSION, "CreateExpressConnectRouterAssociation", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def create_express_connect_router_association(ctx: RequestContext) -> dict[str, Any]:
    """Associate a VPC (own, or another account's that granted it) with the caller's ECR."""
    ecr_id = ctx.params.require("EcrId")
    region = ctx.params.require("AssociationRegionId")
    ecr = _own_ecr(ctx, ecr_id)
    if ctx.params.get_str("TransitRouterId") and not ctx.params.get_str("VpcId"):
        raise ApiError("IllegalParam.TransitRouterId", "The emulator associates VPCs only, not transit routers.")
    vpc_id = ctx.params.require("VpcId")
    owner = _optional_uid(ctx, "VpcOwnerId") or ctx.account_id
    description = _text(ctx, "Description", 128)
    vpc = _require_grant_or_own(ctx, ecr_id, owner, KIND_VPC, vpc_id, region, "VpcId", "VpcOwnerId")
    for existing in ctx.store.store.list_entities(None, KIND_ECR_ASSOCIATION):
        if existing.data["VpcId"] == vpc_id:
            raise conflict(
                "ResourceAlreadyExists.Association",
                f"The VPC {vpc_id} is already associated with {existing.data['EcrId']}.",
            )
    dry_run_passed(ctx)
    _occupy(ctx, ecr, "ASSOCIATING")
    now = iso_now()
    association = {
        "AssociationId": ctx.store.random_id("ecr-assoc-", 18),
        "EcrId": ecr_id,
        "AssociationNodeType": "VPC",
        "RegionId": region,
        "VpcId": vpc_id,
        "VpcName": vpc.get("VpcName", ""),
        "VpcOwnerId": int(owner),
        "OwnerId": int(owner),
        "TransitRouterId": "",
        "TransitRouterName": "",
        "CenId": "",
        "Description": description,
        "AllowedPrefixes": ctx.params.get_list("AllowedPrefixes"),
        "AllowedPrefixesMode": ctx.params.get_str("AllowedPrefixesMode", "MatchMode"),
        "Status": "ACTIVE",
        "GmtCreate": now,
        "GmtModified": now,
        "Tags": [],
    }
    ctx.store.put(ctx.account_id, KIND_ECR_ASSOCIATION, association["AssociationId"], association)
    return {"AssociationId": association["AssociationId"]}


@action(PRODUCT, VERSION, "DescribeExpressConnectRouterAssociation", resource=_target_ecr_arn)
@ecr_envelope
def describe_express_connect_router_association(ctx: RequestContext) -> dict[str, Any]:
    """The caller's ECR's associations, filtered by AssociationId, region, node type and VpcId."""
    ecr_id = ctx.params.require("EcrId")
    _own_ecr(ctx, ecr_id)
    filters = {
        "AssociationId": ctx.params.get_str("AssociationId"),
        "RegionId": ctx.params.get_str("AssociationRegionId"),
        "AssociationNodeType": ctx.params.get_str("AssociationNodeType"),
        "VpcId": ctx.params.get_str("VpcId"),
        "TransitRouterId": ctx.params.get_str("TransitRouterId"),
        "CenId": ctx.params.get_str("CenId"),
    }
    matched = [
        association
        for association in ctx.store.list(ctx.account_id, KIND_ECR_ASSOCIATION)
        if association["EcrId"] == ecr_id
        and all(wanted is None or association.get(field) == wanted for field, wanted in filters.items())
    ]
    return token_page_response(ctx, "AssociationList", matched)


@action(PRODUCT, VERSION, "DeleteExpressConnectRouterAssociation", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def delete_express_connect_router_association(ctx: RequestContext) -> dict[str, Any]:
    """Remove a VPC association from the caller's ECR."""
    ecr_id = ctx.params.require("EcrId")
    association_id = ctx.params.require("AssociationId")
    ecr = _own_ecr(ctx, ecr_id)
    association = ctx.store.get(ctx.account_id, KIND_ECR_ASSOCIATION, association_id)
    if association is None or association["EcrId"] != ecr_id:
        raise not_found(
            "ResourceNotFound.AssociationId", f"The association {association_id} of {ecr_id} does not exist."
        )
    dry_run_passed(ctx)
    _occupy(ctx, ecr, "DISSOCIATING")
    ctx.store.delete(ctx.account_id, KIND_ECR_ASSOCIATION, association_id)
    return {}


@action(PRODUCT, VERSION, "AttachExpressConnectRouterChildInstance", resource=_target_ecr_arn)
@ecr_envelope
@idempotent
def attach_express_connect_router_child_instance(ctx: RequestContext) -> dict[str, Any]:
    """Attach a VBR (own, or another account's that granted it) to the caller's ECR."""
    ecr_id = ctx.params.require("EcrId")
    vbr_id = ctx.params.require("ChildInstanceId")
    child_type = ctx.params.require("ChildInstanceType")
    if child_type.upper() != "VBR":
        raise ApiError("IllegalParam.ChildInstanceType", f"The ChildInstanceType {child_type!r} must be VBR.")
    region = ctx.params.require("ChildInstanceRegionId")
    owner = _optional_uid(ctx, "ChildInstanceOwnerId") or ctx.account_id
    description = _text(ctx, "Description", 128)
    ecr = _own_ecr(ctx, ecr_id)
    vbr = _require_grant_or_own(ctx, ecr_id, owner, KIND_VBR, vbr_id, region, "ChildInstanceId", "ChildInstanceOwnerId")
    for existing in ctx.store.store.list_entities(None, KIND_ECR_CHILD):
        if existing.data["ChildInstanceId"] == vbr_id:
            raise conflict(
                "ResourceAlreadyExists.ChildInstance",
                f"The VBR {vbr_id} is already attached to {existing.data['EcrId']}.",
            )
    dry_run_passed(ctx)
    _occupy(ctx, ecr, "ASSOCIATING")
    now = iso_now()
    child = {
        "EcrId": ecr_id,
        "EcrOwnerId": ctx.account_id,
        "AssociationId": "",
        "ChildInstanceId": vbr_id,
        "ChildInstanceName": vbr.get("Name", ""),
        "ChildInstanceType": "VBR",
        "ChildInstanceRegionId": region,
        "ChildInstanceOwnerId": int(owner),
        "OwnerId": int(owner),
        "RegionId": region,
        "Description": description,
        "Status": "ACTIVE",
        "GmtCreate": now,
        "GmtModified": now,
    }
    ctx.store.put(ctx.account_id, KIND_ECR_CHILD, f"{ecr_id}|{vbr_id}", child)
    return {}


@action(PRODUCT, VERSION, "DescribeExpressConnectRouterChildInstance", resource=_target_ecr_arn)
@ecr_envelope
def describe_express_connect_router_child_instance(ctx: RequestContext) -> dict[str, Any]:
    """The VBRs attached to the caller's ECR, filtered by id, type and region."""
    ecr_id = ctx.params.require("EcrId")
    _own_ecr(ctx, ecr_id)
    filters = {
        "ChildInstanceId": ctx.params.get_str("ChildInstanceId"),
        "ChildInstanceType": ctx.params.get_str("ChildInstanceType"),
        "ChildInstanceRegionId": ctx.params.get_str("ChildInstanceRegionId"),
        "AssociationId": ctx.params.get_str("AssociationId"),
    }
    matched = [
        {field: value for field, value in child.items() if field != "EcrOwnerId"}
        for child in ctx.store.list(ctx.account_id, KIND_ECR_CHILD, key_prefix=f"{ecr_id}|")
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
    child_type = ctx.params.require("ChildInstanceType")
    if child_type.upper() != "VBR":
        raise ApiError("IllegalParam.ChildInstanceType", f"The ChildInstanceType {child_type!r} must be VBR.")
    ecr = _own_ecr(ctx, ecr_id)
    if not ctx.store.get(ctx.account_id, KIND_ECR_CHILD, f"{ecr_id}|{vbr_id}"):
        raise not_found("ResourceNotFound.ChildInstanceId", f"The VBR {vbr_id} is not attached to {ecr_id}.")
    dry_run_passed(ctx)
    _occupy(ctx, ecr, "DISSOCIATING")
    ctx.store.delete(ctx.account_id, KIND_ECR_CHILD, f"{ecr_id}|{vbr_id}")
    return {}
