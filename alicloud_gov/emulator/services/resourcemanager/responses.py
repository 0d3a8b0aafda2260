"""ResourceManager 2020-03-31 on the wire: resource groups, policy attachments at group or account scope, resources.

- CreateResourceGroup / GetResourceGroup / UpdateResourceGroup / DeleteResourceGroup / ListResourceGroups.
  Every account has a ``default`` group, created on first use; it cannot be deleted. A group that still
  holds resources cannot be deleted (DeleteConflict.ResourceGroup.Resource); deleting a group removes its
  group-scope attachments. Status: Creating -> OK -> PendingDelete, timed by the consistency fault.
- AttachPolicy / DetachPolicy / ListPolicyAttachments. ``ResourceGroupId`` is a group id (group scope, kept
  by this product's backend) or the account id (account scope: the very attachments RAM's AttachPolicyTo*
  make, through RAM's backend). Principal names follow ``<User>@<alias>.onaliyun.com``,
  ``<Group>@group.<alias>.onaliyun.com`` and ``<Role>@role.<alias>.onaliyunservice.com`` (the account UID is
  accepted in place of the alias). RAM authorises these as ram:AttachPolicy / ram:DetachPolicy /
  ram:ListPolicyAttachments on the policy.
- MoveResources (at most 10 per call, per-resource SUCCESS/FAIL) and ListResources over the resources VPC
  and ECR register when they create them; the products' own MoveResourceGroup APIs move the same placements.

Parameters in, the backends (:mod:`.backend`, RAM's for principals and policies) called, responses out; the
error codes are in :mod:`.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.ram.backend import RamBackend, arn_kind
from alicloud_gov.emulator.services.resourcemanager.backend import (
    STATUS_PENDING_DELETE,
    Placement,
    ResourceManagerBackend,
    region_statuses,
)
from alicloud_gov.emulator.services.resourcemanager.errors import ResourceManagerErrors as Errors
from alicloud_gov.emulator.services.wire import numbered_page, page_params
from alicloud_gov.policy.system_policies import system_policy_description
from alicloud_gov.spec import names
from alicloud_gov.spec.principals import (
    PrincipalNameError,
    parse_rm_principal_name,
    principal_type,
    ram_type_of_rm,
    rm_principal_type,
)

if TYPE_CHECKING:
    from alicloud_gov.emulator.authz import Authorizer

PRODUCT = "ResourceManager"
VERSION = "2020-03-31"
MAX_PAGE_SIZE = 100
MAX_MOVE = 10


def backend(ctx: RequestContext) -> ResourceManagerBackend:
    """The calling account's ResourceManager backend over the request's view of the store."""
    return ResourceManagerBackend(ctx.store, ctx.account_id, ctx.account.alias)


def ram_backend(ctx: RequestContext) -> RamBackend:
    """The calling account's RAM backend (principals, policies, account-scope attachments)."""
    return RamBackend(ctx.store, ctx.account_id, ctx.account.alias)


def _group_arn(ctx: RequestContext, group_id: str = "*") -> str:
    return ctx.arn("resourcemanager", f"resourcegroup/{group_id}", region="")


def _target_group_arn(ctx: RequestContext) -> str:
    return _group_arn(ctx, ctx.params.get_str("ResourceGroupId", "*") or "*")


def _policy_arn(ctx: RequestContext) -> str:
    """Attachments are authorised as RAM actions on the policy (ram:AttachPolicy on policy/<name>)."""
    return ctx.arn("ram", f"policy/{ctx.params.get_str('PolicyName', '*')}")


def _attachment_arns(ctx: RequestContext) -> list[str]:
    """AttachPolicy / DetachPolicy act on the policy and on the principal: the RAM authorisation table of
    ram:AttachPolicy lists the principal types (``acs:ram:*:{#accountId}:group/{#GroupName}`` ...) as well as
    the policy (ResourceManager API reference, AttachPolicy). The principal is read as the handler reads it
    (its RAM type from PrincipalType, its name before the first ``@``); an invalid PrincipalType is refused by
    the handler before anything is written.
    """
    ram_type = ram_type_of_rm(ctx.params.get_str("PrincipalType") or "")
    if ram_type is None:
        return [_policy_arn(ctx)]
    name = (ctx.params.get_str("PrincipalName") or "*").partition("@")[0] or "*"
    return [_policy_arn(ctx), ctx.arn("ram", f"{arn_kind(ram_type)}/{name}")]


def _page_params(ctx: RequestContext) -> tuple[int, int]:
    return page_params(ctx, maximum=MAX_PAGE_SIZE)


# -- resource groups ----------------------------------------------------------------------------------------------


@action(PRODUCT, VERSION, "CreateResourceGroup", resource=_group_arn)
def create_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Create a resource group (Status Creating until the consistency delay has passed, then OK)."""
    rm = backend(ctx)
    group = rm.create_group(ctx.params.require("Name"), ctx.params.require("DisplayName"), ctx.params.get_tags("Tag"))
    view = rm.render_group(group)
    return {"ResourceGroup": {**view, "RegionStatuses": region_statuses(view["Status"])}}


@action(PRODUCT, VERSION, "GetResourceGroup", resource=_target_group_arn)
def get_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Get one resource group (with tags when IncludeTags is true)."""
    rm = backend(ctx)
    group = rm.require_group(ctx.params.require("ResourceGroupId"))
    view = rm.render_group(group)
    view["RegionStatuses"] = region_statuses(view["Status"])
    if ctx.params.get_bool("IncludeTags"):
        view["Tags"] = {"Tag": group.get("Tags", [])}
    return {"ResourceGroup": view}


@action(PRODUCT, VERSION, "UpdateResourceGroup", resource=_target_group_arn)
def update_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Change a group's display name."""
    rm = backend(ctx)
    group = rm.update_group(ctx.params.require("ResourceGroupId"), ctx.params.require("NewDisplayName"))
    return {"ResourceGroup": rm.render_group(group)}


@action(PRODUCT, VERSION, "DeleteResourceGroup", resource=_target_group_arn)
def delete_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Delete an empty, non-default group: PendingDelete for the consistency delay, then gone.

    The group's own policy attachments go with it.
    """
    rm = backend(ctx)
    group = rm.delete_group(ctx.params.require("ResourceGroupId"), ctx.received)
    view = rm.render_group(group)
    view["Status"] = STATUS_PENDING_DELETE
    view["RegionStatuses"] = region_statuses(STATUS_PENDING_DELETE)
    return {"ResourceGroup": view}


@action(PRODUCT, VERSION, "ListResourceGroups", resource=lambda ctx: _group_arn(ctx))
def list_resource_groups(ctx: RequestContext) -> dict[str, Any]:
    """List groups, filtered by Name / DisplayName (substring), ResourceGroupId(s), Status and Tag, paged."""
    page_number, page_size = _page_params(ctx)
    params = ctx.params
    name = (params.get_str("Name") or "").lower()
    display_name = (params.get_str("DisplayName") or "").lower()
    wanted_ids = set(params.get_list("ResourceGroupIds")) or (
        {params.require("ResourceGroupId")} if params.get_str("ResourceGroupId") else set()
    )
    status = params.get_str("Status")
    tag_filters = params.get_models("Tag")
    include_tags = params.get_bool("IncludeTags") or bool(tag_filters)
    rm = backend(ctx)
    views = []
    for group in rm.live_groups():
        view = rm.render_group(group)
        tags = group.get("Tags", [])
        if (
            (name and name not in group["Name"].lower())
            or (display_name and display_name not in group["DisplayName"].lower())
            or (wanted_ids and group["Id"] not in wanted_ids)
            or (status and view["Status"] != status)
            or not all(_has_tag(tags, wanted) for wanted in tag_filters)
        ):
            continue
        if include_tags:
            view["Tags"] = {"Tag": tags}
        views.append(view)
    return numbered_page("ResourceGroups", "ResourceGroup", views, page_number, page_size)


def _has_tag(tags: list[dict[str, str]], wanted: dict[str, str]) -> bool:
    return any(
        tag["TagKey"] == wanted.get("Key") and ("Value" not in wanted or tag["TagValue"] == wanted["Value"])
        for tag in tags
    )


# -- policy attachments ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Principal:
    """A validated ResourceManager principal: its RM and RAM types, RAM name and RM principal name."""

    rm_type: str
    ram_type: str
    name: str
    principal_name: str


def _principal(ctx: RequestContext) -> _Principal:
    rm_type = ctx.params.require("PrincipalType")
    ram_type = ram_type_of_rm(rm_type)
    if ram_type is None:
        raise Errors.PRINCIPAL_TYPE(value=rm_type)
    given = ctx.params.require("PrincipalName")
    rm = backend(ctx)
    kind: str
    try:
        kind, name, alias = parse_rm_principal_name(given)
    except PrincipalNameError:
        kind, name, alias = "", "", ""
    if kind != principal_type(rm_type) or alias.lower() not in (ctx.account.alias.lower(), ctx.account_id):
        raise Errors.PRINCIPAL_NAME(value=given, principal_type=rm_type, expected=rm.principal_name(ram_type, "<name>"))
    canonical = ram_backend(ctx).canonical_principal(ram_type, name)
    return _Principal(rm_type, ram_type, canonical, rm.principal_name(ram_type, canonical))


def _policy_type(ctx: RequestContext) -> str:
    policy_type = ctx.params.require("PolicyType")
    if policy_type not in ("System", "Custom"):
        raise Errors.POLICY_TYPE(value=policy_type)
    return policy_type


def _scope(ctx: RequestContext) -> str | None:
    """The group id of the scope, or None for account scope (ResourceGroupId = the account id)."""
    scope = ctx.params.require("ResourceGroupId")
    if scope == ctx.account_id:
        return None
    if names.is_account_uid(scope):
        raise Errors.FOREIGN_ACCOUNT_SCOPE(scope=scope, account=ctx.account_id)
    return str(backend(ctx).require_group(scope, usable=True)["Id"])


@action(PRODUCT, VERSION, "AttachPolicy", ram_action="ram:AttachPolicy", resource=_attachment_arns)
def attach_policy(ctx: RequestContext) -> dict[str, Any]:
    """Attach a policy to a principal in a resource group, or at account scope when given the account id."""
    principal = _principal(ctx)
    policy_type = _policy_type(ctx)
    policy_name = ctx.params.require("PolicyName")
    group_id = _scope(ctx)
    if group_id is None:
        ram_backend(ctx).attach_policy(principal.ram_type, principal.name, policy_type, policy_name)
        return {}
    canonical = ram_backend(ctx).resolve_policy(policy_type, policy_name)
    backend(ctx).attach(group_id, principal.rm_type, principal.principal_name, policy_type, canonical)
    return {}


@action(PRODUCT, VERSION, "DetachPolicy", ram_action="ram:DetachPolicy", resource=_attachment_arns)
def detach_policy(ctx: RequestContext) -> dict[str, Any]:
    """Remove a group-scope or account-scope attachment."""
    principal = _principal(ctx)
    policy_type = _policy_type(ctx)
    policy_name = ctx.params.require("PolicyName")
    group_id = _scope(ctx)
    if group_id is None:
        ram_backend(ctx).detach_policy(principal.ram_type, principal.name, policy_type, policy_name)
        return {}
    canonical = ram_backend(ctx).resolve_policy(policy_type, policy_name)
    backend(ctx).detach(
        group_id, principal.rm_type, principal.principal_name, policy_type, canonical, named=policy_name
    )
    return {}


def _description(ctx: RequestContext, policy_type: str, policy_name: str) -> str:
    if policy_type == "System":
        return system_policy_description(policy_name) or ""
    policy = ram_backend(ctx).find_custom_policy(policy_name) or {}
    return str(policy.get("Description", ""))


def _all_attachments(ctx: RequestContext, scope: str | None) -> list[dict[str, Any]]:
    rm = backend(ctx)
    found: list[dict[str, Any]] = []
    if scope in (None, ctx.account_id):
        for attachment in ram_backend(ctx).attachments():
            rm_type = rm_principal_type(attachment["PrincipalType"])
            found.append(
                {
                    "ResourceGroupId": ctx.account_id,
                    "PrincipalType": rm_type,
                    "PrincipalName": rm.principal_name(attachment["PrincipalType"], attachment["PrincipalName"]),
                    "PolicyType": attachment["PolicyType"],
                    "PolicyName": attachment["PolicyName"],
                    "AttachDate": attachment["AttachDate"],
                }
            )
    if scope != ctx.account_id:
        found.extend(dict(item) for item in rm.rg_attachments(scope))
    return found


@action(PRODUCT, VERSION, "ListPolicyAttachments", ram_action="ram:ListPolicyAttachments", resource=_policy_arn)
def list_policy_attachments(ctx: RequestContext) -> dict[str, Any]:
    """List attachments at account and group scope, filtered by scope, principal and policy, paged."""
    page_number, page_size = _page_params(ctx)
    params = ctx.params
    scope = params.get_str("ResourceGroupId")
    if scope and scope != ctx.account_id:
        backend(ctx).require_group(scope)
    filters = {
        field: (params.get_str(field) or "").lower()
        for field in ("PrincipalType", "PrincipalName", "PolicyType", "PolicyName")
    }
    matched = []
    for attachment in _all_attachments(ctx, scope):
        if any(wanted and str(attachment[field]).lower() != wanted for field, wanted in filters.items()):
            continue
        attachment["Description"] = _description(ctx, attachment["PolicyType"], attachment["PolicyName"])
        matched.append(attachment)
    matched.sort(key=lambda item: (item["AttachDate"], item["ResourceGroupId"], item["PrincipalName"]))
    return numbered_page("PolicyAttachments", "PolicyAttachment", matched, page_number, page_size)


# -- resources ---------------------------------------------------------------------------------------------------


def _move_denied(ctx: RequestContext, placement: Placement) -> ApiError | None:
    """The NoPermission error when the caller may not move this resource from where it is, else None."""
    authorizer: Authorizer = ctx.extras["authorizer"]
    try:
        authorizer.check(ctx, ctx.spec.ram_action, [placement.arn], placement.resource_group_id)
    except ApiError as error:
        if not GatewayErrors.NO_PERMISSION.matches(error):
            raise
        return error
    return None


_RESOURCE_FIELDS = ("ResourceId", "RegionId", "Service", "ResourceType")


@action(PRODUCT, VERSION, "MoveResources", resource=_target_group_arn)
def move_resources(ctx: RequestContext) -> dict[str, Any]:
    """Move up to 10 resources into a group; each resource reports SUCCESS or FAIL on its own.

    resourcemanager:MoveResources is authorised on "All Resources" (ResourceManager API reference,
    MoveResources): here on the destination group (before the call) and on every resource it moves, in the
    group the resource is in; a resource the caller may not move fails alone with ErrorCode NoPermission, as the
    API reference's response example shows.
    """
    rm = backend(ctx)
    target = rm.require_group(ctx.params.require("ResourceGroupId"), usable=True)["Id"]
    wanted = ctx.params.get_models("Resources")
    if not wanted:
        raise GatewayErrors.MISSING_PARAMETER(name="Resources")
    if len(wanted) > MAX_MOVE:
        raise Errors.TOO_MANY_RESOURCES(limit=MAX_MOVE)
    known = rm.placements()
    responses = []
    for item in wanted:
        for field in _RESOURCE_FIELDS:
            if not item.get(field):
                raise GatewayErrors.MISSING_PARAMETER(name=f"Resources.N.{field}")
        result: dict[str, Any] = {**{field: item[field] for field in _RESOURCE_FIELDS}, "RequestId": ctx.request_id}
        match = next(
            (
                placement
                for placement in known
                if placement.resource_id == item["ResourceId"]
                and placement.service.lower() == item["Service"].lower()
                and placement.resource_type.lower() == item["ResourceType"].lower()
                and placement.region in (item["RegionId"], "")
            ),
            None,
        )
        if match is None:
            missing = Errors.RESOURCE_NOT_FOUND(
                service=item["Service"],
                resource_type=item["ResourceType"],
                resource_id=item["ResourceId"],
                region=item["RegionId"],
            )
            result.update(Status="FAIL", ErrorCode=missing.code, ErrorMsg=missing.message)
        elif (refusal := _move_denied(ctx, match)) is not None:
            result.update(Status="FAIL", ErrorCode=refusal.code, ErrorMsg=refusal.message)
        else:
            rm.set_resource_group(match.arn, target)
            result["Status"] = "SUCCESS"
        responses.append(result)
    return {"Responses": responses}


@action(PRODUCT, VERSION, "ListResources")
def list_resources(ctx: RequestContext) -> dict[str, Any]:
    """List placed resources, filtered by group, service, type, region and id, paged."""
    page_number, page_size = _page_params(ctx)
    params = ctx.params
    rm = backend(ctx)
    group_id = params.get_str("ResourceGroupId")
    if group_id:
        rm.require_group(group_id)
    else:
        rm.ensure_default_group()
    service = (params.get_str("Service") or "").lower()
    resource_type = (params.get_str("ResourceType") or "").lower()
    region = params.get_str("Region")
    resource_id = params.get_str("ResourceId")
    type_pairs = {
        (str(pair.get("Service", "")).lower(), str(pair.get("ResourceType", "")).lower())
        for pair in params.get_models("ResourceTypes")
    }
    found = [
        placement.to_wire()
        for placement in rm.placements()
        if (not group_id or placement.resource_group_id == group_id)
        and (not service or placement.service.lower() == service)
        and (not resource_type or placement.resource_type.lower() == resource_type)
        and (not region or placement.region == region)
        and (not resource_id or placement.resource_id == resource_id)
        and (not type_pairs or (placement.service.lower(), placement.resource_type.lower()) in type_pairs)
    ]
    return numbered_page("Resources", "Resource", found, page_number, page_size)
