"""ResourceManager 2020-03-31: resource groups, policy attachments at group or account scope, resources.

- CreateResourceGroup / GetResourceGroup / UpdateResourceGroup / DeleteResourceGroup / ListResourceGroups.
  Every account has a ``default`` group, created on first use; it cannot be deleted. A group that still
  holds resources cannot be deleted (DeleteConflict.ResourceGroup.Resource); deleting a group removes its
  group-scope attachments. Status: Creating -> OK -> PendingDelete, timed by the consistency fault.
- AttachPolicy / DetachPolicy / ListPolicyAttachments. ``ResourceGroupId`` is a group id (group scope,
  store kind ``rg_attachment``) or the account id (account scope: the very attachments RAM's
  AttachPolicyTo* make, store kind ``ram_attachment``, through services.ram). Principal names follow
  ``<User>@<alias>.onaliyun.com``, ``<Group>@group.<alias>.onaliyun.com`` and
  ``<Role>@role.<alias>.onaliyunservice.com`` (the account UID is accepted in place of the alias).
  RAM authorises these as ram:AttachPolicy / ram:DetachPolicy / ram:ListPolicyAttachments on the policy.
- MoveResources (at most 10 per call, per-resource SUCCESS/FAIL) and ListResources over the
  resources VPC and ECR register when they create them (see resourcemanager_model); the products' own
  MoveResourceGroup APIs move the same placements.

Error codes: EntityNotExists.ResourceGroup (404), EntityAlreadyExists.ResourceGroup (409),
DeleteConflict.ResourceGroup.Resource / .Default / .Status (409), InvalidParameter.Name.{Length|InvalidChars},
InvalidParameter.DisplayName.Length, InvalidParameter.PrincipalName, InvalidParameter.PrincipalType,
EntityAlreadyExists.PolicyAttachment (409), EntityNotExist.PolicyAttachment (404), plus RAM's
EntityNotExist.{User|Group|Role|Policy} (404) for principals and policies that do not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alicloud_gov.emulator.authz import Authorizer
from alicloud_gov.emulator.errors import ApiError, conflict, not_found
from alicloud_gov.emulator.registry import (
    KIND_RESOURCE_GROUP,
    KIND_RG_ATTACHMENT,
    RequestContext,
    action,
    iso_now,
)
from alicloud_gov.emulator.services import ram
from alicloud_gov.emulator.services.ram_model import PRINCIPALS
from alicloud_gov.emulator.services.resourcemanager_model import (
    PRINCIPAL_FORMATS,
    STATUS_OK,
    STATUS_PENDING_DELETE,
    Placement,
    ensure_default_group,
    group_status,
    live_groups,
    move_placement,
    new_resource_group_id,
    numbered_page,
    placements,
    principal_name,
    region_statuses,
    render_group,
    require_group,
    rg_attachment_key,
)
from alicloud_gov.policy.system_policies import system_policy_description

PRODUCT = "ResourceManager"
VERSION = "2020-03-31"
MAX_PAGE_SIZE = 100
MAX_MOVE = 10

_GROUP_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")

# ResourceManager principal type -> RAM principal type
_PRINCIPAL_TYPES: dict[str, str] = {rm_type: ram_type for ram_type, (rm_type, _) in PRINCIPAL_FORMATS.items()}


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
    ram_type = _PRINCIPAL_TYPES.get(ctx.params.get_str("PrincipalType") or "")
    if ram_type is None:
        return [_policy_arn(ctx)]
    name = (ctx.params.get_str("PrincipalName") or "*").partition("@")[0] or "*"
    return [_policy_arn(ctx), ctx.arn("ram", f"{PRINCIPALS[ram_type][1]}/{name}")]


def _page_params(ctx: RequestContext) -> tuple[int, int]:
    page_number = ctx.params.get_int("PageNumber", 1, minimum=1) or 1
    page_size = ctx.params.get_int("PageSize", 10, minimum=1, maximum=MAX_PAGE_SIZE) or 10
    return page_number, page_size


def _check_display_name(field: str, value: str) -> str:
    if not 1 <= len(value) <= 50:
        raise ApiError(f"InvalidParameter.{field}.Length", f"The {field} must be 1 to 50 characters long.")
    return value


def _tags(ctx: RequestContext) -> list[dict[str, str]]:
    tags = ctx.params.get_tags("Tag")
    for tag in tags:
        key = tag.get("Key", "")
        if not key or len(key) > 128 or key.startswith(("aliyun", "acs:")):
            raise ApiError("InvalidParameter.Tag.Key", f"The tag key {key!r} is not valid.")
        if len(tag.get("Value", "")) > 128:
            raise ApiError("InvalidParameter.Tag.Value", f"The value of tag {key!r} is longer than 128 characters.")
    return [{"TagKey": tag["Key"], "TagValue": tag.get("Value", "")} for tag in tags]


# -- resource groups ----------------------------------------------------------------------------------------------


@action(PRODUCT, VERSION, "CreateResourceGroup", resource=_group_arn)
def create_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Create a resource group (Status Creating until the consistency delay has passed, then OK)."""
    name = ctx.params.require("Name")
    if not 2 <= len(name) <= 50:
        raise ApiError("InvalidParameter.Name.Length", "The Name of a resource group must be 2 to 50 characters.")
    if not _GROUP_NAME.match(name):
        raise ApiError(
            "InvalidParameter.Name.InvalidChars",
            f"The Name {name!r} may contain letters, digits and hyphens and must start with a letter.",
        )
    display_name = _check_display_name("DisplayName", ctx.params.require("DisplayName"))
    tags = _tags(ctx)
    for group in live_groups(ctx.store.store, ctx.account_id):
        if group["Name"].lower() == name.lower():
            raise conflict("EntityAlreadyExists.ResourceGroup", f"A resource group named {name} already exists.")
    group_id = new_resource_group_id(ctx.store)
    group = {
        "Id": group_id,
        "Name": name,
        "DisplayName": display_name,
        "Status": STATUS_OK,
        "CreateDate": iso_now(),
        "Tags": tags,
    }
    ctx.store.put(ctx.account_id, KIND_RESOURCE_GROUP, group_id, group)
    view = render_group(ctx.store, ctx.account_id, group)
    return {"ResourceGroup": {**view, "RegionStatuses": region_statuses(view["Status"])}}


@action(PRODUCT, VERSION, "GetResourceGroup", resource=_target_group_arn)
def get_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Get one resource group (with tags when IncludeTags is true)."""
    group = require_group(ctx.store, ctx.account_id, ctx.params.require("ResourceGroupId"))
    view = render_group(ctx.store, ctx.account_id, group)
    view["RegionStatuses"] = region_statuses(view["Status"])
    if ctx.params.get_bool("IncludeTags"):
        view["Tags"] = {"Tag": group.get("Tags", [])}
    return {"ResourceGroup": view}


@action(PRODUCT, VERSION, "UpdateResourceGroup", resource=_target_group_arn)
def update_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Change a group's display name."""
    group = dict(require_group(ctx.store, ctx.account_id, ctx.params.require("ResourceGroupId"), usable=True))
    group["DisplayName"] = _check_display_name("NewDisplayName", ctx.params.require("NewDisplayName"))
    ctx.store.put(ctx.account_id, KIND_RESOURCE_GROUP, group["Id"], group)
    return {"ResourceGroup": render_group(ctx.store, ctx.account_id, group)}


@action(PRODUCT, VERSION, "DeleteResourceGroup", resource=_target_group_arn)
def delete_resource_group(ctx: RequestContext) -> dict[str, Any]:
    """Delete an empty, non-default group: PendingDelete for the consistency delay, then gone.

    The group's own policy attachments go with it.
    """
    group_id = ctx.params.require("ResourceGroupId")
    group = dict(require_group(ctx.store, ctx.account_id, group_id))
    if group.get("IsDefault"):
        raise conflict("DeleteConflict.ResourceGroup.Default", "The default resource group cannot be deleted.")
    if group_status(ctx.store, ctx.account_id, group_id) == STATUS_PENDING_DELETE:
        raise conflict("DeleteConflict.ResourceGroup.Status", f"The resource group {group_id} is already deleting.")
    held = [placement for placement in placements(ctx.store, ctx.account_id) if placement.resource_group_id == group_id]
    if held:
        raise conflict(
            "DeleteConflict.ResourceGroup.Resource",
            f"The resource group {group_id} still contains {len(held)} resource(s), e.g. {held[0].resource_id}; "
            "move them out first.",
        )
    for attachment in ctx.store.list(ctx.account_id, KIND_RG_ATTACHMENT, key_prefix=f"{group_id}|".lower()):
        ctx.store.delete(ctx.account_id, KIND_RG_ATTACHMENT, rg_attachment_key(attachment))
    view = render_group(ctx.store, ctx.account_id, group)
    view["Status"] = STATUS_PENDING_DELETE
    view["RegionStatuses"] = region_statuses(STATUS_PENDING_DELETE)
    if ctx.store.store.consistency_delay > 0:
        group.update(Status=STATUS_PENDING_DELETE, DeletedAt=ctx.received)
        ctx.store.put(ctx.account_id, KIND_RESOURCE_GROUP, group_id, group)
    else:
        ctx.store.delete(ctx.account_id, KIND_RESOURCE_GROUP, group_id)
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
    views = []
    for group in live_groups(ctx.store, ctx.account_id):
        view = render_group(ctx.store, ctx.account_id, group)
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


def _principal_name(ctx: RequestContext, rm_type: str, name: str) -> str:
    return principal_name(ctx.account.alias, _PRINCIPAL_TYPES[rm_type], name)


def _principal(ctx: RequestContext) -> _Principal:
    rm_type = ctx.params.require("PrincipalType")
    if rm_type not in _PRINCIPAL_TYPES:
        raise ApiError(
            "InvalidParameter.PrincipalType",
            f"The PrincipalType {rm_type!r} is not valid; use IMSUser, IMSGroup or ServiceRole.",
        )
    principal_name = ctx.params.require("PrincipalName")
    ram_type = _PRINCIPAL_TYPES[rm_type]
    suffix = PRINCIPAL_FORMATS[ram_type][1]
    name, _, domain = principal_name.partition("@")
    accepted = {suffix.format(alias=ctx.account.alias).lower(), suffix.format(alias=ctx.account_id).lower()}
    if not name or domain.lower() not in accepted:
        raise ApiError(
            "InvalidParameter.PrincipalName",
            f"The PrincipalName {principal_name!r} is not a {rm_type} of this account; expected "
            f"{_principal_name(ctx, rm_type, '<name>')}.",
        )
    lookup: dict[str, Callable[[RequestContext, str], dict[str, Any]]] = {
        "User": ram.get_user_entity,
        "Group": ram.get_group_entity,
        "Role": ram.get_role_entity,
    }
    entity = lookup[ram_type](ctx, name)
    canonical = str(entity[{"User": "UserName", "Group": "GroupName", "Role": "RoleName"}[ram_type]])
    return _Principal(rm_type, ram_type, canonical, _principal_name(ctx, rm_type, canonical))


def _policy_type(ctx: RequestContext) -> str:
    policy_type = ctx.params.require("PolicyType")
    if policy_type not in ("System", "Custom"):
        raise ApiError("InvalidParameter.PolicyType", f"The PolicyType {policy_type!r} must be System or Custom.")
    return policy_type


def _scope(ctx: RequestContext) -> str | None:
    """The group id of the scope, or None for account scope (ResourceGroupId = the account id)."""
    scope = ctx.params.require("ResourceGroupId")
    if scope == ctx.account_id:
        return None
    if re.fullmatch(r"\d{16}", scope):
        raise ApiError(
            "InvalidParameter.ResourceGroupId",
            f"The ResourceGroupId {scope} is another account's id; use this account's id {ctx.account_id} or an rg id.",
        )
    return str(require_group(ctx.store, ctx.account_id, scope, usable=True)["Id"])


@action(PRODUCT, VERSION, "AttachPolicy", ram_action="ram:AttachPolicy", resource=_attachment_arns)
def attach_policy(ctx: RequestContext) -> dict[str, Any]:
    """Attach a policy to a principal in a resource group, or at account scope when given the account id."""
    principal = _principal(ctx)
    policy_type = _policy_type(ctx)
    policy_name = ctx.params.require("PolicyName")
    group_id = _scope(ctx)
    if group_id is None:
        ram.attach_policy(ctx, principal.ram_type, principal.name, policy_type, policy_name)
        return {}
    attachment = {
        "ResourceGroupId": group_id,
        "PrincipalType": principal.rm_type,
        "PrincipalName": principal.principal_name,
        "PolicyType": policy_type,
        "PolicyName": ram.resolve_policy(ctx, policy_type, policy_name),
        "AttachDate": iso_now(),
    }
    if not ctx.store.insert(ctx.account_id, KIND_RG_ATTACHMENT, rg_attachment_key(attachment), attachment):
        raise conflict(
            "EntityAlreadyExists.PolicyAttachment",
            f"The policy {attachment['PolicyName']} is already attached to {principal.principal_name} "
            f"in resource group {group_id}.",
        )
    return {}


@action(PRODUCT, VERSION, "DetachPolicy", ram_action="ram:DetachPolicy", resource=_attachment_arns)
def detach_policy(ctx: RequestContext) -> dict[str, Any]:
    """Remove a group-scope or account-scope attachment."""
    principal = _principal(ctx)
    policy_type = _policy_type(ctx)
    policy_name = ctx.params.require("PolicyName")
    group_id = _scope(ctx)
    if group_id is None:
        ram.detach_policy(ctx, principal.ram_type, principal.name, policy_type, policy_name)
        return {}
    key = rg_attachment_key(
        {
            "ResourceGroupId": group_id,
            "PrincipalType": principal.rm_type,
            "PrincipalName": principal.principal_name,
            "PolicyType": policy_type,
            "PolicyName": ram.resolve_policy(ctx, policy_type, policy_name),
        }
    )
    if not ctx.store.delete(ctx.account_id, KIND_RG_ATTACHMENT, key):
        raise not_found(
            "EntityNotExist.PolicyAttachment",
            f"The policy {policy_name} is not attached to {principal.principal_name} in resource group {group_id}.",
        )
    return {}


def _description(ctx: RequestContext, policy_type: str, policy_name: str) -> str:
    if policy_type == "System":
        return system_policy_description(policy_name) or ""
    policy = ctx.store.get(ctx.account_id, ram.POLICY, policy_name.lower()) or {}
    return str(policy.get("Description", ""))


def _all_attachments(ctx: RequestContext, scope: str | None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if scope in (None, ctx.account_id):
        for attachment in ctx.store.list(ctx.account_id, ram.ATTACHMENT):
            rm_type = PRINCIPAL_FORMATS[attachment["PrincipalType"]][0]
            found.append(
                {
                    "ResourceGroupId": ctx.account_id,
                    "PrincipalType": rm_type,
                    "PrincipalName": _principal_name(ctx, rm_type, attachment["PrincipalName"]),
                    "PolicyType": attachment["PolicyType"],
                    "PolicyName": attachment["PolicyName"],
                    "AttachDate": attachment["AttachDate"],
                }
            )
    if scope != ctx.account_id:
        prefix = f"{scope}|".lower() if scope else ""
        found.extend(dict(item) for item in ctx.store.list(ctx.account_id, KIND_RG_ATTACHMENT, key_prefix=prefix))
    return found


@action(PRODUCT, VERSION, "ListPolicyAttachments", ram_action="ram:ListPolicyAttachments", resource=_policy_arn)
def list_policy_attachments(ctx: RequestContext) -> dict[str, Any]:
    """List attachments at account and group scope, filtered by scope, principal and policy, paged."""
    page_number, page_size = _page_params(ctx)
    params = ctx.params
    scope = params.get_str("ResourceGroupId")
    if scope and scope != ctx.account_id:
        require_group(ctx.store, ctx.account_id, scope)
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
        if error.code != "NoPermission":
            raise
        return error
    return None


@action(PRODUCT, VERSION, "MoveResources", resource=_target_group_arn)
def move_resources(ctx: RequestContext) -> dict[str, Any]:
    """Move up to 10 resources into a group; each resource reports SUCCESS or FAIL on its own.

    resourcemanager:MoveResources is authorised on "All Resources" (ResourceManager API reference,
    MoveResources): here on the destination group (before the call) and on every resource it moves, in the
    group the resource is in; a resource the caller may not move fails alone with ErrorCode NoPermission, as the
    API reference's response example shows.
    """
    target = require_group(ctx.store, ctx.account_id, ctx.params.require("ResourceGroupId"), usable=True)["Id"]
    wanted = ctx.params.get_models("Resources")
    if not wanted:
        raise ApiError("MissingParameter", 'The input parameter "Resources" that is mandatory is not supplied.')
    if len(wanted) > MAX_MOVE:
        raise ApiError("InvalidParameter.Resources", f"At most {MAX_MOVE} resources can be moved per call.")
    known = placements(ctx.store, ctx.account_id)
    responses = []
    for item in wanted:
        for field in ("ResourceId", "RegionId", "Service", "ResourceType"):
            if not item.get(field):
                raise ApiError("MissingParameter", f'The input parameter "Resources.N.{field}" is not supplied.')
        result: dict[str, Any] = {
            **{field: item[field] for field in ("ResourceId", "RegionId", "Service", "ResourceType")},
            "RequestId": ctx.request_id,
        }
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
            result.update(
                Status="FAIL",
                ErrorCode="NotFound.Resource",
                ErrorMsg=f"The {item['Service']} {item['ResourceType']} {item['ResourceId']} was not found "
                f"in region {item['RegionId']}.",
            )
        elif (refusal := _move_denied(ctx, match)) is not None:
            result.update(Status="FAIL", ErrorCode=refusal.code, ErrorMsg=refusal.message)
        else:
            move_placement(ctx.store, ctx.account_id, match, target)
            result["Status"] = "SUCCESS"
        responses.append(result)
    return {"Responses": responses}


@action(PRODUCT, VERSION, "ListResources")
def list_resources(ctx: RequestContext) -> dict[str, Any]:
    """List placed resources, filtered by group, service, type, region and id, paged."""
    page_number, page_size = _page_params(ctx)
    params = ctx.params
    group_id = params.get_str("ResourceGroupId")
    if group_id:
        require_group(ctx.store, ctx.account_id, group_id)
    else:
        ensure_default_group(ctx.store, ctx.account_id)
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
        for placement in placements(ctx.store, ctx.account_id)
        if (not group_id or placement.resource_group_id == group_id)
        and (not service or placement.service.lower() == service)
        and (not resource_type or placement.resource_type.lower() == resource_type)
        and (not region or placement.region == region)
        and (not resource_id or placement.resource_id == resource_id)
        and (not type_pairs or (placement.service.lower(), placement.resource_type.lower()) in type_pairs)
    ]
    return numbered_page("Resources", "Resource", found, page_number, page_size)
