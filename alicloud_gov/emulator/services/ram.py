"""RAM 2015-05-01 on the wire: users, groups, memberships, roles, custom policies with versions,
attachments, AccessKeys. Parameters in, responses out; the state and its rules live in
:mod:`alicloud_gov.emulator.services.ram_model` (store kinds documented there).
Error codes and HTTP statuses follow RAM: 400 validation, 404 EntityNotExist.*, 409
EntityAlreadyExists.* / DeleteConflict.* / LimitExceeded.*.
"""

from __future__ import annotations

import base64
import json
import string
from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.errors import conflict, invalid_parameter, missing_parameter, not_found
from alicloud_gov.emulator.registry import KIND_ACCESS_KEY, RequestContext, action, iso_now
from alicloud_gov.emulator.services.ram_model import (
    ATTACHMENT,
    GROUP,
    GROUP_NAME,
    MAX_ACCESS_KEYS,
    MAX_POLICY_VERSIONS,
    MEMBERSHIP,
    POLICY,
    POLICY_NAME,
    POLICY_VERSION,
    PRINCIPALS,
    ROLE,
    ROLE_NAME,
    ROTATE_OLDEST,
    SYSTEM_POLICY_DATE,
    USER,
    USER_NAME,
    access_keys_of,
    attach_policy,
    attachment_key,
    attachments_of_policy,
    check_length,
    check_name,
    check_policy_document,
    check_quota,
    detach_policy,
    get_custom_policy,
    get_group_entity,
    get_role_entity,
    get_user_entity,
    get_version,
    groups_of_user,
    has_attachments,
    membership_key,
    random_text,
    rename_references,
    resolve_policy,
    rg_attachments_of_policy,
    set_default_version,
    version_key,
    versions_of,
)
from alicloud_gov.emulator.services.resourcemanager_model import PRINCIPAL_FORMATS
from alicloud_gov.policy.stack import role_arn
from alicloud_gov.policy.system_policies import (
    SYSTEM_POLICIES,
    canonical_system_policy_name,
    get_system_policy,
    system_policy_description,
)

VERSION = "2015-05-01"
PRODUCT = "Ram"


# -- validation helpers ---------------------------------------------------------------------------


def policy_type_param(ctx: RequestContext, *, required: bool = True) -> str:
    """The PolicyType parameter normalised to System or Custom."""
    value = ctx.params.require("PolicyType") if required else ctx.params.get_str("PolicyType")
    if value is None:
        return ""
    for known in ("System", "Custom"):
        if value.lower() == known.lower():
            return known
    raise invalid_parameter("InvalidParameter.PolicyType", f"PolicyType must be System or Custom, not {value!r}.")


# -- ARNs and lookups ----------------------------------------------------------------------------


def _arn_of(kind: str, param: str) -> Callable[[RequestContext], str]:
    def resource(ctx: RequestContext) -> str:
        return ctx.arn("ram", f"{kind}/{ctx.params.get_str(param, '*')}")

    return resource


def _arns(*parts: tuple[str, str]) -> Callable[[RequestContext], list[str]]:
    def resources(ctx: RequestContext) -> list[str]:
        return [ctx.arn("ram", f"{kind}/{ctx.params.get_str(param, '*')}") for kind, param in parts]

    return resources


def _page(ctx: RequestContext, items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Apply Marker / MaxItems; returns the page and the IsTruncated/Marker fields."""
    max_items = ctx.params.get_int("MaxItems", 100, minimum=1, maximum=1000) or 100
    marker = ctx.params.get_str("Marker")
    start = 0
    if marker:
        try:
            start = int(base64.urlsafe_b64decode(marker.encode("ascii")).decode("ascii"))
        except ValueError:
            start = -1
        if start < 0:  # a Marker is opaque: only what a previous page returned is valid, never a negative offset
            raise invalid_parameter("InvalidParameter.Marker", "The Marker is not one this API returned.")
    page = items[start : start + max_items]
    truncated = start + max_items < len(items)
    fields: dict[str, Any] = {"IsTruncated": truncated}
    if truncated:
        fields["Marker"] = base64.urlsafe_b64encode(str(start + max_items).encode("ascii")).decode("ascii")
    return page, fields


def _tags_param(ctx: RequestContext) -> list[dict[str, str]]:
    tags = ctx.params.get_tags("Tag")
    for tag in tags:
        if not tag.get("Key"):
            raise invalid_parameter("InvalidParameter.Tag", "Every tag needs a Key.")
    return [{"TagKey": tag["Key"], "TagValue": tag.get("Value", "")} for tag in tags]


# -- users -------------------------------------------------------------------------------------


def _public_user(user: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in user.items() if key != "LastLoginDate"}


@action(PRODUCT, VERSION, "CreateUser", resource=_arn_of("user", "UserName"))
def create_user(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM user."""
    params = ctx.params
    name = check_name("UserName", params.require("UserName"), USER_NAME, 64)
    display_name = check_length("DisplayName", params.get_str("DisplayName"), 128)
    now = iso_now()
    user = {
        "UserId": ctx.store.numeric_id("ram-user-id", lead="26"),
        "UserName": name,
        "DisplayName": display_name or name,
        "MobilePhone": params.get_str("MobilePhone", "") or "",
        "Email": params.get_str("Email", "") or "",
        "Comments": check_length("Comments", params.get_str("Comments", ""), 128) or "",
        "CreateDate": now,
        "UpdateDate": now,
    }
    check_quota(ctx, USER)
    if not ctx.store.insert(ctx.account_id, USER, name.lower(), user):
        raise conflict("EntityAlreadyExists.User", f"The user already exists: {name}.")
    return {"User": _public_user(user)}


@action(PRODUCT, VERSION, "GetUser", resource=_arn_of("user", "UserName"))
def get_user(ctx: RequestContext) -> dict[str, Any]:
    """Get a RAM user."""
    user = dict(get_user_entity(ctx, ctx.params.require("UserName")))
    user.setdefault("LastLoginDate", "")
    return {"User": user}


@action(PRODUCT, VERSION, "UpdateUser", resource=_arn_of("user", "UserName"))
def update_user(ctx: RequestContext) -> dict[str, Any]:
    """Update a RAM user's name, display name, phone, email or comments."""
    params = ctx.params
    name = params.require("UserName")
    user = dict(get_user_entity(ctx, name))
    new_name = params.get_str("NewUserName")
    if new_name is not None:
        check_name("NewUserName", new_name, USER_NAME, 64)
    updates = {
        "DisplayName": check_length("NewDisplayName", params.get_str("NewDisplayName"), 128),
        "MobilePhone": params.get_str("NewMobilePhone"),
        "Email": params.get_str("NewEmail"),
        "Comments": check_length("NewComments", params.get_str("NewComments"), 128),
    }
    user.update({key: value for key, value in updates.items() if value is not None})
    user["UpdateDate"] = iso_now()
    if new_name is not None and new_name != user["UserName"]:
        if new_name.lower() != name.lower() and ctx.store.get(ctx.account_id, USER, new_name.lower()) is not None:
            raise conflict("EntityAlreadyExists.User", f"The user already exists: {new_name}.")
        old_name = user["UserName"]
        ctx.store.delete(ctx.account_id, USER, old_name.lower())
        user["UserName"] = new_name
        rename_references(ctx, "User", old_name, new_name)
        for entity in ctx.store.list_entities(ctx.account_id, KIND_ACCESS_KEY):
            if str(entity.data.get("UserName") or "").lower() == old_name.lower():
                ctx.store.put(ctx.account_id, KIND_ACCESS_KEY, entity.key, {**entity.data, "UserName": new_name})
    ctx.store.put(ctx.account_id, USER, user["UserName"].lower(), user)
    return {"User": _public_user(user)}


@action(PRODUCT, VERSION, "DeleteUser", resource=_arn_of("user", "UserName"))
def delete_user(ctx: RequestContext) -> dict[str, Any]:
    """Delete a RAM user that has no group memberships, attached policies or AccessKeys."""
    user = get_user_entity(ctx, ctx.params.require("UserName"))
    name = user["UserName"]
    if groups_of_user(ctx, name):
        raise conflict("DeleteConflict.User.Group", f"The user {name} still belongs to groups; remove it first.")
    if has_attachments(ctx, "User", name):
        raise conflict("DeleteConflict.User.Policy", f"The user {name} still has policies attached; detach them first.")
    if access_keys_of(ctx, name):
        raise conflict("DeleteConflict.User.AccessKey", f"The user {name} still has AccessKeys; delete them first.")
    ctx.store.delete(ctx.account_id, USER, name.lower())
    return {}


@action(PRODUCT, VERSION, "GetAccountAlias", resource=lambda ctx: ctx.arn("ram", "*"), read_only=True)
def get_account_alias(ctx: RequestContext) -> dict[str, Any]:
    """The account's alias (principal names read ``<user>@<alias>.onaliyun.com``)."""
    return {"AccountAlias": ctx.account.alias}


@action(PRODUCT, VERSION, "ListUsers", resource=lambda ctx: ctx.arn("ram", "user/*"))
def list_users(ctx: RequestContext) -> dict[str, Any]:
    """List RAM users (Marker / MaxItems)."""
    users = [_public_user(user) for user in ctx.store.list(ctx.account_id, USER)]
    page, fields = _page(ctx, users)
    return {"Users": {"User": page}, **fields}


# -- groups and memberships ---------------------------------------------------------------------


@action(PRODUCT, VERSION, "CreateGroup", resource=_arn_of("group", "GroupName"))
def create_group(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM user group."""
    name = check_name("GroupName", ctx.params.require("GroupName"), GROUP_NAME, 64)
    now = iso_now()
    group = {
        "GroupId": ctx.store.numeric_id("ram-group-id", lead="27"),
        "GroupName": name,
        "Comments": check_length("Comments", ctx.params.get_str("Comments", ""), 128) or "",
        "CreateDate": now,
        "UpdateDate": now,
    }
    check_quota(ctx, GROUP)
    if not ctx.store.insert(ctx.account_id, GROUP, name.lower(), group):
        raise conflict("EntityAlreadyExists.Group", f"The group already exists: {name}.")
    return {"Group": group}


@action(PRODUCT, VERSION, "GetGroup", resource=_arn_of("group", "GroupName"))
def get_group(ctx: RequestContext) -> dict[str, Any]:
    """Get a RAM user group."""
    return {"Group": get_group_entity(ctx, ctx.params.require("GroupName"))}


@action(PRODUCT, VERSION, "UpdateGroup", resource=_arn_of("group", "GroupName"))
def update_group(ctx: RequestContext) -> dict[str, Any]:
    """Rename a group or change its comments."""
    params = ctx.params
    group = dict(get_group_entity(ctx, params.require("GroupName")))
    comments = check_length("NewComments", params.get_str("NewComments"), 128)
    if comments is not None:
        group["Comments"] = comments
    group["UpdateDate"] = iso_now()
    new_name = params.get_str("NewGroupName")
    if new_name is not None and new_name != group["GroupName"]:
        check_name("NewGroupName", new_name, GROUP_NAME, 64)
        if new_name.lower() != group["GroupName"].lower() and ctx.store.get(ctx.account_id, GROUP, new_name.lower()):
            raise conflict("EntityAlreadyExists.Group", f"The group already exists: {new_name}.")
        old_name = group["GroupName"]
        ctx.store.delete(ctx.account_id, GROUP, old_name.lower())
        group["GroupName"] = new_name
        rename_references(ctx, "Group", old_name, new_name)
    ctx.store.put(ctx.account_id, GROUP, group["GroupName"].lower(), group)
    return {"Group": group}


@action(PRODUCT, VERSION, "DeleteGroup", resource=_arn_of("group", "GroupName"))
def delete_group(ctx: RequestContext) -> dict[str, Any]:
    """Delete a group with no members and no attached policies."""
    group = get_group_entity(ctx, ctx.params.require("GroupName"))
    name = group["GroupName"]
    if ctx.store.list(ctx.account_id, MEMBERSHIP, key_prefix=f"{name}|".lower()):
        raise conflict("DeleteConflict.Group.User", f"The group {name} still has members; remove them first.")
    if has_attachments(ctx, "Group", name):
        raise conflict(
            "DeleteConflict.Group.Policy", f"The group {name} still has policies attached; detach them first."
        )
    ctx.store.delete(ctx.account_id, GROUP, name.lower())
    return {}


@action(PRODUCT, VERSION, "ListGroups", resource=lambda ctx: ctx.arn("ram", "group/*"))
def list_groups(ctx: RequestContext) -> dict[str, Any]:
    """List groups (Marker / MaxItems)."""
    page, fields = _page(ctx, ctx.store.list(ctx.account_id, GROUP))
    return {"Groups": {"Group": page}, **fields}


@action(PRODUCT, VERSION, "AddUserToGroup", resource=_arns(("user", "UserName"), ("group", "GroupName")))
def add_user_to_group(ctx: RequestContext) -> dict[str, Any]:
    """Make a user a member of a group."""
    user = get_user_entity(ctx, ctx.params.require("UserName"))
    group = get_group_entity(ctx, ctx.params.require("GroupName"))
    membership = {"GroupName": group["GroupName"], "UserName": user["UserName"], "JoinDate": iso_now()}
    if not ctx.store.insert(
        ctx.account_id, MEMBERSHIP, membership_key(group["GroupName"], user["UserName"]), membership
    ):
        raise conflict(
            "EntityAlreadyExists.User.Group", f"The user {user['UserName']} is already in group {group['GroupName']}."
        )
    return {}


@action(PRODUCT, VERSION, "RemoveUserFromGroup", resource=_arns(("user", "UserName"), ("group", "GroupName")))
def remove_user_from_group(ctx: RequestContext) -> dict[str, Any]:
    """Remove a user from a group."""
    user = get_user_entity(ctx, ctx.params.require("UserName"))
    group = get_group_entity(ctx, ctx.params.require("GroupName"))
    if not ctx.store.delete(ctx.account_id, MEMBERSHIP, membership_key(group["GroupName"], user["UserName"])):
        raise not_found(
            "EntityNotExist.User.Group", f"The user {user['UserName']} is not in group {group['GroupName']}."
        )
    return {}


@action(PRODUCT, VERSION, "ListGroupsForUser", resource=_arn_of("user", "UserName"))
def list_groups_for_user(ctx: RequestContext) -> dict[str, Any]:
    """The groups a user belongs to."""
    user = get_user_entity(ctx, ctx.params.require("UserName"))
    groups = []
    for membership in groups_of_user(ctx, user["UserName"]):
        group = ctx.store.get(ctx.account_id, GROUP, str(membership["GroupName"]).lower()) or {}
        groups.append(
            {
                "GroupName": membership["GroupName"],
                "GroupId": group.get("GroupId", ""),
                "Comments": group.get("Comments", ""),
                "JoinDate": membership["JoinDate"],
            }
        )
    return {"Groups": {"Group": groups}}


@action(PRODUCT, VERSION, "ListUsersForGroup", resource=_arn_of("group", "GroupName"))
def list_users_for_group(ctx: RequestContext) -> dict[str, Any]:
    """The members of a group (Marker / MaxItems)."""
    group = get_group_entity(ctx, ctx.params.require("GroupName"))
    users = []
    for membership in ctx.store.list(ctx.account_id, MEMBERSHIP, key_prefix=f"{group['GroupName']}|".lower()):
        user = ctx.store.get(ctx.account_id, USER, str(membership["UserName"]).lower()) or {}
        users.append(
            {
                "UserName": membership["UserName"],
                "DisplayName": user.get("DisplayName", ""),
                "JoinDate": membership["JoinDate"],
            }
        )
    page, fields = _page(ctx, users)
    return {"Users": {"User": page}, **fields}


# -- roles ---------------------------------------------------------------------------------------


def _role_view(ctx: RequestContext, role: dict[str, Any], *, detail: bool) -> dict[str, Any]:
    view = {key: value for key, value in role.items() if key != "Tags"}
    if role.get("Tags"):
        view["Tags"] = {"Tag": role["Tags"]}
    if detail:
        view["RolePrincipalName"] = f"{role['RoleName']}@role.{ctx.account.alias}.onaliyunservice.com"
    else:
        view.pop("AssumeRolePolicyDocument", None)
    return view


@action(PRODUCT, VERSION, "CreateRole", resource=_arn_of("role", "RoleName"))
def create_role(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM role with a trust policy."""
    params = ctx.params
    name = check_name("RoleName", params.require("RoleName"), ROLE_NAME, 64)
    document = check_policy_document("AssumeRolePolicyDocument", params.require("AssumeRolePolicyDocument"), "trust")
    now = iso_now()
    role = {
        "RoleId": ctx.store.numeric_id("ram-role-id", lead="36"),
        "RoleName": name,
        "Arn": role_arn(ctx.account_id, name),
        "Description": check_length("Description", params.get_str("Description", ""), 1024) or "",
        "AssumeRolePolicyDocument": document,
        "MaxSessionDuration": params.get_int("MaxSessionDuration", 3600, minimum=3600, maximum=43200),
        "IsServiceLinkedRole": False,
        "CreateDate": now,
        "UpdateDate": now,
        "Tags": _tags_param(ctx),
    }
    check_quota(ctx, ROLE)
    if not ctx.store.insert(ctx.account_id, ROLE, name.lower(), role):
        raise conflict("EntityAlreadyExists.Role", f"The role already exists: {name}.")
    view = _role_view(ctx, role, detail=True)
    view.pop("RolePrincipalName")
    view["AssumeRolePolicyDocument"] = document
    return {"Role": view}


@action(PRODUCT, VERSION, "GetRole", resource=_arn_of("role", "RoleName"))
def get_role(ctx: RequestContext) -> dict[str, Any]:
    """Get a role, including its trust policy and RolePrincipalName."""
    return {"Role": _role_view(ctx, get_role_entity(ctx, ctx.params.require("RoleName")), detail=True)}


@action(PRODUCT, VERSION, "UpdateRole", resource=_arn_of("role", "RoleName"))
def update_role(ctx: RequestContext) -> dict[str, Any]:
    """Change a role's trust policy, description or maximum session duration."""
    params = ctx.params
    role = dict(get_role_entity(ctx, params.require("RoleName")))
    document = params.get_str("NewAssumeRolePolicyDocument")
    if document is not None:
        role["AssumeRolePolicyDocument"] = check_policy_document("NewAssumeRolePolicyDocument", document, "trust")
    description = check_length("NewDescription", params.get_str("NewDescription"), 1024)
    if description is not None:
        role["Description"] = description
    duration = params.get_int("NewMaxSessionDuration", None, minimum=3600, maximum=43200)
    if duration is not None:
        role["MaxSessionDuration"] = duration
    role["UpdateDate"] = iso_now()
    ctx.store.put(ctx.account_id, ROLE, role["RoleName"].lower(), role)
    return {"Role": _role_view(ctx, role, detail=True)}


@action(PRODUCT, VERSION, "DeleteRole", resource=_arn_of("role", "RoleName"))
def delete_role(ctx: RequestContext) -> dict[str, Any]:
    """Delete a role with no attached policies."""
    role = get_role_entity(ctx, ctx.params.require("RoleName"))
    name = role["RoleName"]
    if has_attachments(ctx, "Role", name):
        raise conflict("DeleteConflict.Role.Policy", f"The role {name} still has policies attached; detach them first.")
    ctx.store.delete(ctx.account_id, ROLE, name.lower())
    return {}


@action(PRODUCT, VERSION, "ListRoles", resource=lambda ctx: ctx.arn("ram", "role/*"))
def list_roles(ctx: RequestContext) -> dict[str, Any]:
    """List roles (Marker / MaxItems), without their trust policies."""
    roles = [_role_view(ctx, role, detail=False) for role in ctx.store.list(ctx.account_id, ROLE)]
    page, fields = _page(ctx, roles)
    return {"Roles": {"Role": page}, **fields}


# -- policies and versions -------------------------------------------------------------------------


def _system_policy_view(ctx: RequestContext, name: str) -> dict[str, Any]:
    canonical = canonical_system_policy_name(name) or name
    return {
        "PolicyName": canonical,
        "PolicyType": "System",
        "Description": system_policy_description(canonical) or "",
        "DefaultVersion": "v1",
        "CreateDate": SYSTEM_POLICY_DATE,
        "UpdateDate": SYSTEM_POLICY_DATE,
        "AttachmentCount": len(attachments_of_policy(ctx, "System", canonical)),
    }


def _system_policy_version(canonical: str) -> dict[str, Any]:
    """The single version (v1, default) of a system policy."""
    document = json.dumps(get_system_policy(canonical), separators=(",", ":"))
    return {"VersionId": "v1", "IsDefaultVersion": True, "PolicyDocument": document, "CreateDate": SYSTEM_POLICY_DATE}


def _custom_policy_view(ctx: RequestContext, policy: dict[str, Any]) -> dict[str, Any]:
    view = {key: value for key, value in policy.items() if key not in ("NextVersion", "Tags")}
    view["AttachmentCount"] = len(attachments_of_policy(ctx, "Custom", policy["PolicyName"]))
    if policy.get("Tags"):
        view["Tags"] = {"Tag": policy["Tags"]}
    return view


@action(PRODUCT, VERSION, "CreatePolicy", resource=_arn_of("policy", "PolicyName"))
def create_policy(ctx: RequestContext) -> dict[str, Any]:
    """Create a custom policy (version v1, default)."""
    params = ctx.params
    name = check_name("PolicyName", params.require("PolicyName"), POLICY_NAME, 128)
    document = check_policy_document("PolicyDocument", params.require("PolicyDocument"), "identity")
    if canonical_system_policy_name(name) is not None:
        raise conflict("EntityAlreadyExists.Policy", f"A system policy is already named {name}.")
    now = iso_now()
    policy = {
        "PolicyName": name,
        "PolicyType": "Custom",
        "Description": check_length("Description", params.get_str("Description", ""), 1024) or "",
        "DefaultVersion": "v1",
        "CreateDate": now,
        "UpdateDate": now,
        "NextVersion": 2,
        "Tags": _tags_param(ctx),
    }
    check_quota(ctx, POLICY)
    if not ctx.store.insert(ctx.account_id, POLICY, name.lower(), policy):
        raise conflict("EntityAlreadyExists.Policy", f"The policy already exists: {name}.")
    version = {"VersionId": "v1", "IsDefaultVersion": True, "PolicyDocument": document, "CreateDate": now}
    ctx.store.put(ctx.account_id, POLICY_VERSION, version_key(name, "v1"), version)
    view = _custom_policy_view(ctx, policy)
    view.pop("AttachmentCount")
    view.pop("UpdateDate")
    return {"Policy": view}


@action(PRODUCT, VERSION, "GetPolicy", resource=_arn_of("policy", "PolicyName"))
def get_policy(ctx: RequestContext) -> dict[str, Any]:
    """Get a policy and its default version's document."""
    name = ctx.params.require("PolicyName")
    policy_type = policy_type_param(ctx, required=False) or "Custom"
    if policy_type == "System":
        canonical = resolve_policy(ctx, "System", name)
        default = _system_policy_version(canonical)
        view = _system_policy_view(ctx, canonical)
    else:
        policy = get_custom_policy(ctx, name)
        stored = ctx.store.get(
            ctx.account_id, POLICY_VERSION, version_key(policy["PolicyName"], policy["DefaultVersion"])
        )
        default = dict(stored or {})
        view = _custom_policy_view(ctx, policy)
    view["PolicyDocument"] = default.get("PolicyDocument", "")
    return {"Policy": view, "DefaultPolicyVersion": default}


@action(PRODUCT, VERSION, "UpdatePolicyDescription", resource=_arn_of("policy", "PolicyName"))
def update_policy_description(ctx: RequestContext) -> dict[str, Any]:
    """Change a custom policy's description."""
    policy = dict(get_custom_policy(ctx, ctx.params.require("PolicyName")))
    policy["Description"] = check_length("NewDescription", ctx.params.get_str("NewDescription", ""), 1024) or ""
    policy["UpdateDate"] = iso_now()
    ctx.store.put(ctx.account_id, POLICY, policy["PolicyName"].lower(), policy)
    return {"Policy": _custom_policy_view(ctx, policy)}


_RM_TO_RAM_TYPE = {rm_type: ram_type for ram_type, (rm_type, _) in PRINCIPAL_FORMATS.items()}


@action(PRODUCT, VERSION, "DeletePolicy", resource=_arn_of("policy", "PolicyName"))
def delete_policy(ctx: RequestContext) -> dict[str, Any]:
    """Delete a custom policy; CascadingDelete also detaches it (at both scopes) and deletes its versions."""
    policy = get_custom_policy(ctx, ctx.params.require("PolicyName"))
    name = policy["PolicyName"]
    cascading = ctx.params.get_bool("CascadingDelete", False)
    attachments = attachments_of_policy(ctx, "Custom", name)
    rg_attachments = rg_attachments_of_policy(ctx, "Custom", name)
    versions = versions_of(ctx, name)
    if not cascading:
        attached_types = {attachment["PrincipalType"] for attachment in attachments}
        attached_types |= {_RM_TO_RAM_TYPE.get(str(item.data.get("PrincipalType")), "") for item in rg_attachments}
        for principal_type in ("User", "Group", "Role"):
            if principal_type in attached_types:
                raise conflict(
                    f"DeleteConflict.Policy.{principal_type}",
                    f"The policy {name} is still attached to a {principal_type.lower()}; detach it first.",
                )
        if len(versions) > 1:
            raise conflict(
                "DeleteConflict.Policy.Version", f"The policy {name} still has non-default versions; delete them first."
            )
    for attachment in attachments:
        ctx.store.delete(
            ctx.account_id,
            ATTACHMENT,
            attachment_key(attachment["PrincipalType"], attachment["PrincipalName"], attachment),
        )
    for item in rg_attachments:
        ctx.store.delete(ctx.account_id, item.kind, item.key)
    for version in versions:
        ctx.store.delete(ctx.account_id, POLICY_VERSION, version_key(name, version["VersionId"]))
    ctx.store.delete(ctx.account_id, POLICY, name.lower())
    return {}


@action(PRODUCT, VERSION, "ListPolicies", resource=lambda ctx: ctx.arn("ram", "policy/*"))
def list_policies(ctx: RequestContext) -> dict[str, Any]:
    """List system and/or custom policies (PolicyType filter, Marker / MaxItems)."""
    policy_type = policy_type_param(ctx, required=False)
    policies: list[dict[str, Any]] = []
    if policy_type in ("", "System"):
        policies.extend(_system_policy_view(ctx, name) for name in sorted(SYSTEM_POLICIES))
    if policy_type in ("", "Custom"):
        policies.extend(_custom_policy_view(ctx, policy) for policy in ctx.store.list(ctx.account_id, POLICY))
    page, fields = _page(ctx, policies)
    return {"Policies": {"Policy": page}, **fields}


@action(PRODUCT, VERSION, "CreatePolicyVersion", resource=_arn_of("policy", "PolicyName"))
def create_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """Add a version to a custom policy (at most 5; RotateStrategy may delete the oldest non-default)."""
    params = ctx.params
    policy = dict(get_custom_policy(ctx, params.require("PolicyName")))
    name = policy["PolicyName"]
    document = check_policy_document("PolicyDocument", params.require("PolicyDocument"), "identity")
    set_default = params.get_bool("SetAsDefault", False)
    strategy = params.get_str("RotateStrategy", "None")
    if strategy not in ("None", ROTATE_OLDEST):
        raise invalid_parameter("InvalidParameter.RotateStrategy", f"RotateStrategy must be None or {ROTATE_OLDEST}.")
    versions = versions_of(ctx, name)
    if len(versions) >= MAX_POLICY_VERSIONS:
        if strategy != ROTATE_OLDEST:
            raise conflict(
                "LimitExceeded.Policy.Version", f"The policy {name} already has {MAX_POLICY_VERSIONS} versions."
            )
        oldest = next(version for version in versions if not version["IsDefaultVersion"])
        ctx.store.delete(ctx.account_id, POLICY_VERSION, version_key(name, oldest["VersionId"]))
    now = iso_now()
    version_id = f"v{policy['NextVersion']}"
    policy["NextVersion"] = int(policy["NextVersion"]) + 1
    policy["UpdateDate"] = now
    version = {"VersionId": version_id, "IsDefaultVersion": set_default, "PolicyDocument": document, "CreateDate": now}
    if set_default:
        set_default_version(ctx, policy, version_id)
    ctx.store.put(ctx.account_id, POLICY_VERSION, version_key(name, version_id), version)
    ctx.store.put(ctx.account_id, POLICY, name.lower(), policy)
    return {"PolicyVersion": version}


@action(PRODUCT, VERSION, "GetPolicyVersion", resource=_arn_of("policy", "PolicyName"))
def get_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """One version of a policy."""
    params = ctx.params
    version_id = params.require("VersionId")
    if policy_type_param(ctx, required=False) == "System":
        canonical = resolve_policy(ctx, "System", params.require("PolicyName"))
        if version_id != "v1":
            raise not_found("EntityNotExist.Policy.Version", f"The policy {canonical} has no version {version_id}.")
        return {"PolicyVersion": _system_policy_version(canonical)}
    policy = get_custom_policy(ctx, params.require("PolicyName"))
    return {"PolicyVersion": get_version(ctx, policy["PolicyName"], version_id)}


@action(PRODUCT, VERSION, "ListPolicyVersions", resource=_arn_of("policy", "PolicyName"))
def list_policy_versions(ctx: RequestContext) -> dict[str, Any]:
    """Every version of a custom policy, oldest first."""
    if policy_type_param(ctx, required=False) == "System":
        canonical = resolve_policy(ctx, "System", ctx.params.require("PolicyName"))
        return {"PolicyVersions": {"PolicyVersion": [_system_policy_version(canonical)]}}
    policy = get_custom_policy(ctx, ctx.params.require("PolicyName"))
    return {"PolicyVersions": {"PolicyVersion": versions_of(ctx, policy["PolicyName"])}}


@action(PRODUCT, VERSION, "DeletePolicyVersion", resource=_arn_of("policy", "PolicyName"))
def delete_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """Delete a non-default version."""
    policy = get_custom_policy(ctx, ctx.params.require("PolicyName"))
    version = get_version(ctx, policy["PolicyName"], ctx.params.require("VersionId"))
    if version["IsDefaultVersion"]:
        raise conflict(
            "DeleteConflict.Policy.Version.Default",
            f"Version {version['VersionId']} is the default version of {policy['PolicyName']} and cannot be deleted.",
        )
    ctx.store.delete(ctx.account_id, POLICY_VERSION, version_key(policy["PolicyName"], version["VersionId"]))
    return {}


@action(PRODUCT, VERSION, "SetDefaultPolicyVersion", resource=_arn_of("policy", "PolicyName"))
def set_default_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """Make a version the default."""
    policy = dict(get_custom_policy(ctx, ctx.params.require("PolicyName")))
    version = get_version(ctx, policy["PolicyName"], ctx.params.require("VersionId"))
    set_default_version(ctx, policy, version["VersionId"])
    policy["UpdateDate"] = iso_now()
    ctx.store.put(ctx.account_id, POLICY, policy["PolicyName"].lower(), policy)
    return {}


# -- attachments (account scope) -------------------------------------------------------------------


def _policies_for(ctx: RequestContext, principal_type: str) -> dict[str, Any]:
    field, _, lookup = PRINCIPALS[principal_type]
    principal = lookup(ctx, ctx.params.require(field))
    policies = []
    for attachment in ctx.store.list(
        ctx.account_id, ATTACHMENT, key_prefix=f"{principal_type}|{principal[field]}|".lower()
    ):
        if attachment["PolicyType"] == "System":
            description, default_version = system_policy_description(attachment["PolicyName"]) or "", "v1"
        else:
            policy = ctx.store.get(ctx.account_id, POLICY, str(attachment["PolicyName"]).lower()) or {}
            description, default_version = policy.get("Description", ""), policy.get("DefaultVersion", "")
        policies.append(
            {
                "PolicyName": attachment["PolicyName"],
                "PolicyType": attachment["PolicyType"],
                "Description": description,
                "DefaultVersion": default_version,
                "AttachDate": attachment["AttachDate"],
            }
        )
    return {"Policies": {"Policy": policies}}


def _register_attachment_apis(principal_type: str) -> None:
    field, arn_kind, _ = PRINCIPALS[principal_type]
    resources = _arns(("policy", "PolicyName"), (arn_kind, field))

    def attach(ctx: RequestContext) -> dict[str, Any]:
        attach_policy(
            ctx, principal_type, ctx.params.require(field), policy_type_param(ctx), ctx.params.require("PolicyName")
        )
        return {}

    def detach(ctx: RequestContext) -> dict[str, Any]:
        detach_policy(
            ctx, principal_type, ctx.params.require(field), policy_type_param(ctx), ctx.params.require("PolicyName")
        )
        return {}

    def list_for(ctx: RequestContext) -> dict[str, Any]:
        return _policies_for(ctx, principal_type)

    attach.__doc__ = f"Attach a policy to a {arn_kind} at account scope."
    detach.__doc__ = f"Detach a policy from a {arn_kind}."
    list_for.__doc__ = f"The policies attached to a {arn_kind} at account scope."
    action(PRODUCT, VERSION, f"AttachPolicyTo{principal_type}", resource=resources)(attach)
    action(PRODUCT, VERSION, f"DetachPolicyFrom{principal_type}", resource=resources)(detach)
    action(PRODUCT, VERSION, f"ListPoliciesFor{principal_type}", resource=_arn_of(arn_kind, field))(list_for)


for _principal_type in PRINCIPALS:
    _register_attachment_apis(_principal_type)


@action(PRODUCT, VERSION, "ListEntitiesForPolicy", resource=_arn_of("policy", "PolicyName"))
def list_entities_for_policy(ctx: RequestContext) -> dict[str, Any]:
    """The users, groups and roles a policy is attached to at account scope."""
    policy_type = policy_type_param(ctx)
    canonical = resolve_policy(ctx, policy_type, ctx.params.require("PolicyName"))
    users: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    for attachment in attachments_of_policy(ctx, policy_type, canonical):
        name, date = attachment["PrincipalName"], attachment["AttachDate"]
        if attachment["PrincipalType"] == "User":
            user = ctx.store.get(ctx.account_id, USER, name.lower()) or {}
            users.append(
                {
                    "UserName": name,
                    "UserId": user.get("UserId", ""),
                    "DisplayName": user.get("DisplayName", ""),
                    "AttachDate": date,
                }
            )
        elif attachment["PrincipalType"] == "Group":
            group = ctx.store.get(ctx.account_id, GROUP, name.lower()) or {}
            groups.append({"GroupName": name, "Comments": group.get("Comments", ""), "AttachDate": date})
        else:
            role = ctx.store.get(ctx.account_id, ROLE, name.lower()) or {}
            roles.append(
                {
                    "RoleName": name,
                    "RoleId": role.get("RoleId", ""),
                    "Arn": role.get("Arn", ""),
                    "Description": role.get("Description", ""),
                    "AttachDate": date,
                }
            )
    return {"Users": {"User": users}, "Groups": {"Group": groups}, "Roles": {"Role": roles}}


# -- AccessKeys ------------------------------------------------------------------------------------


def _key_owner(ctx: RequestContext) -> str | None:
    """The user whose keys the call manages: UserName, else the calling RAM user, else the root (None).

    A role session has no keys of its own: it must name the user.
    """
    name = ctx.params.get_str("UserName")
    if name is not None:
        return str(get_user_entity(ctx, name)["UserName"])
    if ctx.caller.kind == "user":
        return ctx.caller.name
    if ctx.caller.kind == "role":
        raise missing_parameter("UserName")
    return None


def _key_owner_arn(ctx: RequestContext) -> str:
    name = ctx.params.get_str("UserName") or (ctx.caller.name if ctx.caller.kind == "user" else None)
    return ctx.arn("ram", f"user/{name}") if name else ctx.arn("ram", "root")


@action(PRODUCT, VERSION, "CreateAccessKey", resource=_key_owner_arn)
def create_access_key(ctx: RequestContext) -> dict[str, Any]:
    """Create an AccessKey pair for a RAM user (or the root); at most 2 per identity."""
    owner = _key_owner(ctx)
    if len(access_keys_of(ctx, owner)) >= MAX_ACCESS_KEYS:
        raise conflict(
            "LimitExceeded.User.AccessKey", f"{owner or 'The account'} already has {MAX_ACCESS_KEYS} AccessKeys."
        )
    key_id = "LTAI5t" + random_text(string.ascii_letters + string.digits, 18)
    secret = random_text(string.ascii_letters + string.digits, 30)
    now = iso_now()
    ctx.store.put(
        ctx.account_id,
        KIND_ACCESS_KEY,
        key_id,
        {"AccessKeyId": key_id, "AccessKeySecret": secret, "Status": "Active", "UserName": owner, "CreateDate": now},
    )
    return {"AccessKey": {"AccessKeyId": key_id, "AccessKeySecret": secret, "Status": "Active", "CreateDate": now}}


@action(PRODUCT, VERSION, "ListAccessKeys", resource=_key_owner_arn)
def list_access_keys(ctx: RequestContext) -> dict[str, Any]:
    """The AccessKeys of a user (or the root), without secrets."""
    keys = [
        {"AccessKeyId": key["AccessKeyId"], "Status": key["Status"], "CreateDate": key["CreateDate"]}
        for key in access_keys_of(ctx, _key_owner(ctx))
    ]
    return {"AccessKeys": {"AccessKey": keys}}


def _owned_key(ctx: RequestContext) -> dict[str, Any]:
    owner = _key_owner(ctx)
    key_id = ctx.params.require("UserAccessKeyId")
    for key in access_keys_of(ctx, owner):
        if key["AccessKeyId"] == key_id:
            return key
    raise not_found(
        "EntityNotExist.User.AccessKey", f"The AccessKey {key_id} does not exist for {owner or 'the account'}."
    )


@action(PRODUCT, VERSION, "UpdateAccessKey", resource=_key_owner_arn)
def update_access_key(ctx: RequestContext) -> dict[str, Any]:
    """Enable or disable an AccessKey (Status Active | Inactive)."""
    status = ctx.params.require("Status")
    if status not in ("Active", "Inactive"):
        raise invalid_parameter("InvalidParameter.Status", "Status must be Active or Inactive.")
    key = _owned_key(ctx)
    ctx.store.put(ctx.account_id, KIND_ACCESS_KEY, key["AccessKeyId"], {**key, "Status": status})
    return {}


@action(PRODUCT, VERSION, "DeleteAccessKey", resource=_key_owner_arn)
def delete_access_key(ctx: RequestContext) -> dict[str, Any]:
    """Delete an AccessKey."""
    key = _owned_key(ctx)
    ctx.store.delete(ctx.account_id, KIND_ACCESS_KEY, key["AccessKeyId"])
    return {}
