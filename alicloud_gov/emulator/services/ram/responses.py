"""RAM 2015-05-01 on the wire: users, groups, memberships, roles, custom policies with versions,
attachments, AccessKeys; and RAM's OIDC identity providers, which only its 2019-08-15 API version (the Ims
SDK) has. Parameters in, :class:`~.backend.RamBackend` called (the state, its rules and its
store kinds live there), responses out; the error codes are in :mod:`.errors`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.ram.backend import (
    POLICY_TYPES,
    PRINCIPALS,
    OidcProviders,
    RamBackend,
    Record,
    arn_kind,
    check_key_status,
)
from alicloud_gov.emulator.services.ram.errors import RamErrors as Errors
from alicloud_gov.policy.system_policies import (
    SystemPolicy,
    all_system_policies,
    system_policy_entry,
)
from alicloud_gov.spec.principals import rm_principal_name

VERSION = "2015-05-01"
PRODUCT = "Ram"
SYSTEM_POLICY_DATE = "2015-04-28T16:00:00Z"
# What GetPolicyVersion serves for a name-only system policy (its published document is not in the catalogue).
NAME_ONLY_DOCUMENT: dict[str, Any] = {"Version": "1", "Statement": []}


def backend(ctx: RequestContext) -> RamBackend:
    """The calling account's RAM backend over the request's view of the store."""
    return RamBackend(ctx.store, ctx.account_id, ctx.account.alias)


# -- parameters ---------------------------------------------------------------------------------------------------


def policy_type_param(ctx: RequestContext, *, required: bool = True) -> str:
    """The PolicyType parameter normalised to System or Custom ('' when optional and absent)."""
    value = ctx.params.require("PolicyType") if required else ctx.params.get_str("PolicyType")
    if value is None:
        return ""
    for known in POLICY_TYPES:
        if value.lower() == known.lower():
            return known
    raise Errors.POLICY_TYPE(value=value)


def _arn_of(kind: str, param: str) -> Callable[[RequestContext], str]:
    def resource(ctx: RequestContext) -> str:
        return ctx.arn("ram", f"{kind}/{ctx.params.get_str(param, '*')}")

    return resource


def _arns(*parts: tuple[str, str]) -> Callable[[RequestContext], list[str]]:
    def resources(ctx: RequestContext) -> list[str]:
        return [ctx.arn("ram", f"{kind}/{ctx.params.get_str(param, '*')}") for kind, param in parts]

    return resources


def _page(ctx: RequestContext, items: list[Record]) -> tuple[list[Record], dict[str, Any]]:
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
            raise Errors.MARKER()
    page = items[start : start + max_items]
    truncated = start + max_items < len(items)
    fields: dict[str, Any] = {"IsTruncated": truncated}
    if truncated:
        fields["Marker"] = base64.urlsafe_b64encode(str(start + max_items).encode("ascii")).decode("ascii")
    return page, fields


# -- users -------------------------------------------------------------------------------------------------------


def _new_text(ctx: RequestContext, name: str) -> str | None:
    """An optional text ``New*`` parameter of an Update* call: None when absent, ``""`` (clear it) when empty.

    RAM clears the field on an empty value: terraform-provider-alicloud's RAM user update sends ``NewEmail=""``
    and the like to remove a field, and its acceptance test against the real cloud sees the field gone.
    """
    return ctx.params.raw.get(name)


def _public_user(user: Record) -> Record:
    return {key: value for key, value in user.items() if key != "LastLoginDate"}


@action(PRODUCT, VERSION, "CreateUser", resource=_arn_of("user", "UserName"))
def create_user(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM user."""
    params = ctx.params
    user = backend(ctx).create_user(
        params.require("UserName"),
        display_name=params.get_str("DisplayName"),
        mobile_phone=params.get_str("MobilePhone", "") or "",
        email=params.get_str("Email", "") or "",
        comments=params.get_str("Comments", "") or "",
    )
    return {"User": _public_user(user)}


@action(PRODUCT, VERSION, "GetUser", resource=_arn_of("user", "UserName"))
def get_user(ctx: RequestContext) -> dict[str, Any]:
    """Get a RAM user."""
    user = dict(backend(ctx).get_user(ctx.params.require("UserName")))
    user.setdefault("LastLoginDate", "")
    return {"User": user}


@action(PRODUCT, VERSION, "UpdateUser", resource=_arn_of("user", "UserName"))
def update_user(ctx: RequestContext) -> dict[str, Any]:
    """Update a RAM user's name, display name, phone, email or comments."""
    params = ctx.params
    user = backend(ctx).update_user(
        params.require("UserName"),
        new_name=params.get_str("NewUserName"),
        display_name=params.get_str("NewDisplayName"),
        mobile_phone=_new_text(ctx, "NewMobilePhone"),
        email=_new_text(ctx, "NewEmail"),
        comments=_new_text(ctx, "NewComments"),
    )
    return {"User": _public_user(user)}


@action(PRODUCT, VERSION, "DeleteUser", resource=_arn_of("user", "UserName"))
def delete_user(ctx: RequestContext) -> dict[str, Any]:
    """Delete a RAM user that has no group memberships, attached policies or AccessKeys."""
    backend(ctx).delete_user(ctx.params.require("UserName"))
    return {}


@action(PRODUCT, VERSION, "GetAccountAlias", resource=lambda ctx: ctx.arn("ram", "*"), read_only=True)
def get_account_alias(ctx: RequestContext) -> dict[str, Any]:
    """The account's alias (principal names read ``<user>@<alias>.onaliyun.com``)."""
    return {"AccountAlias": ctx.account.alias}


@action(PRODUCT, VERSION, "ListUsers", resource=lambda ctx: ctx.arn("ram", "user/*"))
def list_users(ctx: RequestContext) -> dict[str, Any]:
    """List RAM users (Marker / MaxItems)."""
    page, fields = _page(ctx, [_public_user(user) for user in backend(ctx).users()])
    return {"Users": {"User": page}, **fields}


# -- groups and memberships -----------------------------------------------------------------------------------


@action(PRODUCT, VERSION, "CreateGroup", resource=_arn_of("group", "GroupName"))
def create_group(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM user group."""
    group = backend(ctx).create_group(
        ctx.params.require("GroupName"), comments=ctx.params.get_str("Comments", "") or ""
    )
    return {"Group": group}


@action(PRODUCT, VERSION, "GetGroup", resource=_arn_of("group", "GroupName"))
def get_group(ctx: RequestContext) -> dict[str, Any]:
    """Get a RAM user group."""
    return {"Group": backend(ctx).get_group(ctx.params.require("GroupName"))}


@action(PRODUCT, VERSION, "UpdateGroup", resource=_arn_of("group", "GroupName"))
def update_group(ctx: RequestContext) -> dict[str, Any]:
    """Rename a group or change its comments."""
    params = ctx.params
    group = backend(ctx).update_group(
        params.require("GroupName"), new_name=params.get_str("NewGroupName"), comments=_new_text(ctx, "NewComments")
    )
    return {"Group": group}


@action(PRODUCT, VERSION, "DeleteGroup", resource=_arn_of("group", "GroupName"))
def delete_group(ctx: RequestContext) -> dict[str, Any]:
    """Delete a group with no members and no attached policies."""
    backend(ctx).delete_group(ctx.params.require("GroupName"))
    return {}


@action(PRODUCT, VERSION, "ListGroups", resource=lambda ctx: ctx.arn("ram", "group/*"))
def list_groups(ctx: RequestContext) -> dict[str, Any]:
    """List groups (Marker / MaxItems)."""
    page, fields = _page(ctx, backend(ctx).groups())
    return {"Groups": {"Group": page}, **fields}


@action(PRODUCT, VERSION, "AddUserToGroup", resource=_arns(("user", "UserName"), ("group", "GroupName")))
def add_user_to_group(ctx: RequestContext) -> dict[str, Any]:
    """Make a user a member of a group."""
    backend(ctx).add_user_to_group(ctx.params.require("UserName"), ctx.params.require("GroupName"))
    return {}


@action(PRODUCT, VERSION, "RemoveUserFromGroup", resource=_arns(("user", "UserName"), ("group", "GroupName")))
def remove_user_from_group(ctx: RequestContext) -> dict[str, Any]:
    """Remove a user from a group."""
    backend(ctx).remove_user_from_group(ctx.params.require("UserName"), ctx.params.require("GroupName"))
    return {}


@action(PRODUCT, VERSION, "ListGroupsForUser", resource=_arn_of("user", "UserName"))
def list_groups_for_user(ctx: RequestContext) -> dict[str, Any]:
    """The groups a user belongs to."""
    ram = backend(ctx)
    user = ram.get_user(ctx.params.require("UserName"))
    groups = []
    for membership in ram.memberships_of_user(user["UserName"]):
        group = ram.find_group(str(membership["GroupName"])) or {}
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
    ram = backend(ctx)
    group = ram.get_group(ctx.params.require("GroupName"))
    users = []
    for membership in ram.members_of_group(group["GroupName"]):
        user = ram.find_user(str(membership["UserName"])) or {}
        users.append(
            {
                "UserName": membership["UserName"],
                "DisplayName": user.get("DisplayName", ""),
                "JoinDate": membership["JoinDate"],
            }
        )
    page, fields = _page(ctx, users)
    return {"Users": {"User": page}, **fields}


# -- roles -------------------------------------------------------------------------------------------------------


def _role_view(ctx: RequestContext, role: Record, *, detail: bool) -> Record:
    view = {key: value for key, value in role.items() if key != "Tags"}
    if role.get("Tags"):
        view["Tags"] = {"Tag": role["Tags"]}
    if detail:
        view["RolePrincipalName"] = rm_principal_name("role", role["RoleName"], ctx.account.alias)
    else:
        view.pop("AssumeRolePolicyDocument", None)
    return view


@action(PRODUCT, VERSION, "CreateRole", resource=_arn_of("role", "RoleName"))
def create_role(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM role with a trust policy."""
    params = ctx.params
    role = backend(ctx).create_role(
        params.require("RoleName"),
        trust_policy=params.require("AssumeRolePolicyDocument"),
        description=params.get_str("Description", "") or "",
        max_session_duration=params.get_int("MaxSessionDuration", 3600, minimum=3600, maximum=43200),
        tags=params.get_tags("Tag"),
    )
    view = _role_view(ctx, role, detail=True)
    view.pop("RolePrincipalName")
    view["AssumeRolePolicyDocument"] = role["AssumeRolePolicyDocument"]
    return {"Role": view}


@action(PRODUCT, VERSION, "GetRole", resource=_arn_of("role", "RoleName"))
def get_role(ctx: RequestContext) -> dict[str, Any]:
    """Get a role, including its trust policy and RolePrincipalName."""
    return {"Role": _role_view(ctx, backend(ctx).get_role(ctx.params.require("RoleName")), detail=True)}


@action(PRODUCT, VERSION, "UpdateRole", resource=_arn_of("role", "RoleName"))
def update_role(ctx: RequestContext) -> dict[str, Any]:
    """Change a role's trust policy, description or maximum session duration."""
    params = ctx.params
    role = backend(ctx).update_role(
        params.require("RoleName"),
        trust_policy=params.get_str("NewAssumeRolePolicyDocument"),
        description=_new_text(ctx, "NewDescription"),
        max_session_duration=params.get_int("NewMaxSessionDuration", None, minimum=3600, maximum=43200),
    )
    return {"Role": _role_view(ctx, role, detail=True)}


@action(PRODUCT, VERSION, "DeleteRole", resource=_arn_of("role", "RoleName"))
def delete_role(ctx: RequestContext) -> dict[str, Any]:
    """Delete a role with no attached policies."""
    backend(ctx).delete_role(ctx.params.require("RoleName"))
    return {}


@action(PRODUCT, VERSION, "ListRoles", resource=lambda ctx: ctx.arn("ram", "role/*"))
def list_roles(ctx: RequestContext) -> dict[str, Any]:
    """List roles (Marker / MaxItems), without their trust policies."""
    page, fields = _page(ctx, [_role_view(ctx, role, detail=False) for role in backend(ctx).roles()])
    return {"Roles": {"Role": page}, **fields}


# -- policies and versions -------------------------------------------------------------------------------------


def _system_entry(canonical: str) -> SystemPolicy:
    entry = system_policy_entry(canonical)
    assert entry is not None, canonical  # callers pass names RamBackend.resolve_policy has resolved
    return entry


def _system_default_version(entry: SystemPolicy) -> str:
    return entry.version or "v1"


def _system_update_date(entry: SystemPolicy) -> str:
    return f"{entry.updated}T00:00:00Z" if entry.updated else SYSTEM_POLICY_DATE


def _system_policy_view(ram: RamBackend, entry: SystemPolicy) -> Record:
    return {
        "PolicyName": entry.name,
        "PolicyType": "System",
        "Description": entry.description,
        "DefaultVersion": _system_default_version(entry),
        "CreateDate": SYSTEM_POLICY_DATE,
        "UpdateDate": _system_update_date(entry),
        "AttachmentCount": len(ram.attachments_of_policy("System", entry.name)),
    }


def _system_policy_version(entry: SystemPolicy) -> Record:
    """The catalogue's version of a system policy (its published default version); a name-only entry's document
    is not known, so the emulator serves one that grants nothing (docs/emulator.md)."""
    document = dict(entry.document) if entry.document is not None else NAME_ONLY_DOCUMENT
    return {
        "VersionId": _system_default_version(entry),
        "IsDefaultVersion": True,
        "PolicyDocument": json.dumps(document, separators=(",", ":")),
        "CreateDate": _system_update_date(entry),
    }


def _custom_policy_view(ram: RamBackend, policy: Record) -> Record:
    view = {key: value for key, value in policy.items() if key not in ("NextVersion", "Tags")}
    view["AttachmentCount"] = len(ram.attachments_of_policy("Custom", policy["PolicyName"]))
    if policy.get("Tags"):
        view["Tags"] = {"Tag": policy["Tags"]}
    return view


@action(PRODUCT, VERSION, "CreatePolicy", resource=_arn_of("policy", "PolicyName"))
def create_policy(ctx: RequestContext) -> dict[str, Any]:
    """Create a custom policy (version v1, default)."""
    params = ctx.params
    ram = backend(ctx)
    policy = ram.create_policy(
        params.require("PolicyName"),
        document=params.require("PolicyDocument"),
        description=params.get_str("Description", "") or "",
        tags=params.get_tags("Tag"),
    )
    view = _custom_policy_view(ram, policy)
    view.pop("AttachmentCount")
    view.pop("UpdateDate")
    return {"Policy": view}


@action(PRODUCT, VERSION, "GetPolicy", resource=_arn_of("policy", "PolicyName"))
def get_policy(ctx: RequestContext) -> dict[str, Any]:
    """Get a policy and its default version's document."""
    name = ctx.params.require("PolicyName")
    policy_type = policy_type_param(ctx, required=False) or "Custom"
    ram = backend(ctx)
    if policy_type == "System":
        entry = _system_entry(ram.resolve_policy("System", name))
        default = _system_policy_version(entry)
        view = _system_policy_view(ram, entry)
    else:
        policy = ram.get_custom_policy(name)
        default = dict(ram.find_version(policy["PolicyName"], policy["DefaultVersion"]) or {})
        view = _custom_policy_view(ram, policy)
    view["PolicyDocument"] = default.get("PolicyDocument", "")
    return {"Policy": view, "DefaultPolicyVersion": default}


@action(PRODUCT, VERSION, "UpdatePolicyDescription", resource=_arn_of("policy", "PolicyName"))
def update_policy_description(ctx: RequestContext) -> dict[str, Any]:
    """Change a custom policy's description."""
    ram = backend(ctx)
    policy = ram.update_policy_description(
        ctx.params.require("PolicyName"), ctx.params.get_str("NewDescription", "") or ""
    )
    return {"Policy": _custom_policy_view(ram, policy)}


@action(PRODUCT, VERSION, "DeletePolicy", resource=_arn_of("policy", "PolicyName"))
def delete_policy(ctx: RequestContext) -> dict[str, Any]:
    """Delete a custom policy; CascadingDelete also detaches it (at both scopes) and deletes its versions."""
    backend(ctx).delete_policy(
        ctx.params.require("PolicyName"), cascading=ctx.params.get_bool("CascadingDelete", False)
    )
    return {}


@action(PRODUCT, VERSION, "ListPolicies", resource=lambda ctx: ctx.arn("ram", "policy/*"))
def list_policies(ctx: RequestContext) -> dict[str, Any]:
    """List system and/or custom policies (PolicyType filter, Marker / MaxItems)."""
    policy_type = policy_type_param(ctx, required=False)
    ram = backend(ctx)
    policies: list[Record] = []
    if policy_type in ("", "System"):
        policies.extend(_system_policy_view(ram, entry) for entry in all_system_policies())
    if policy_type in ("", "Custom"):
        policies.extend(_custom_policy_view(ram, policy) for policy in ram.custom_policies())
    page, fields = _page(ctx, policies)
    return {"Policies": {"Policy": page}, **fields}


@action(PRODUCT, VERSION, "CreatePolicyVersion", resource=_arn_of("policy", "PolicyName"))
def create_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """Add a version to a custom policy (at most 5; RotateStrategy may delete the oldest non-default)."""
    params = ctx.params
    version = backend(ctx).create_policy_version(
        params.require("PolicyName"),
        document=params.require("PolicyDocument"),
        set_default=params.get_bool("SetAsDefault", False),
        rotate_strategy=params.get_str("RotateStrategy", "None") or "None",
    )
    return {"PolicyVersion": version}


@action(PRODUCT, VERSION, "GetPolicyVersion", resource=_arn_of("policy", "PolicyName"))
def get_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """One version of a policy."""
    params = ctx.params
    version_id = params.require("VersionId")
    ram = backend(ctx)
    if policy_type_param(ctx, required=False) == "System":
        entry = _system_entry(ram.resolve_policy("System", params.require("PolicyName")))
        if version_id != _system_default_version(entry):
            raise Errors.VERSION_NOT_FOUND(policy=entry.name, version_id=version_id)
        return {"PolicyVersion": _system_policy_version(entry)}
    policy = ram.get_custom_policy(params.require("PolicyName"))
    return {"PolicyVersion": ram.get_version(policy["PolicyName"], version_id)}


@action(PRODUCT, VERSION, "ListPolicyVersions", resource=_arn_of("policy", "PolicyName"))
def list_policy_versions(ctx: RequestContext) -> dict[str, Any]:
    """Every version of a custom policy, oldest first."""
    ram = backend(ctx)
    if policy_type_param(ctx, required=False) == "System":
        entry = _system_entry(ram.resolve_policy("System", ctx.params.require("PolicyName")))
        return {"PolicyVersions": {"PolicyVersion": [_system_policy_version(entry)]}}
    policy = ram.get_custom_policy(ctx.params.require("PolicyName"))
    return {"PolicyVersions": {"PolicyVersion": ram.versions(policy["PolicyName"])}}


@action(PRODUCT, VERSION, "DeletePolicyVersion", resource=_arn_of("policy", "PolicyName"))
def delete_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """Delete a non-default version."""
    backend(ctx).delete_policy_version(ctx.params.require("PolicyName"), ctx.params.require("VersionId"))
    return {}


@action(PRODUCT, VERSION, "SetDefaultPolicyVersion", resource=_arn_of("policy", "PolicyName"))
def set_default_policy_version(ctx: RequestContext) -> dict[str, Any]:
    """Make a version the default."""
    backend(ctx).set_default_policy_version(ctx.params.require("PolicyName"), ctx.params.require("VersionId"))
    return {}


# -- attachments (account scope) --------------------------------------------------------------------------------


def _policies_for(ctx: RequestContext, principal_type: str) -> dict[str, Any]:
    field = PRINCIPALS[principal_type][0]
    ram = backend(ctx)
    principal = ram.canonical_principal(principal_type, ctx.params.require(field))
    policies = []
    for attachment in ram.attachments_of_principal(principal_type, principal):
        if attachment["PolicyType"] == "System":
            entry = _system_entry(str(attachment["PolicyName"]))
            description, default_version = entry.description, _system_default_version(entry)
        else:
            policy = ram.find_custom_policy(str(attachment["PolicyName"])) or {}
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
    field = PRINCIPALS[principal_type][0]
    kind = arn_kind(principal_type)
    resources = _arns(("policy", "PolicyName"), (kind, field))

    def attach(ctx: RequestContext) -> dict[str, Any]:
        backend(ctx).attach_policy(
            principal_type, ctx.params.require(field), policy_type_param(ctx), ctx.params.require("PolicyName")
        )
        return {}

    def detach(ctx: RequestContext) -> dict[str, Any]:
        backend(ctx).detach_policy(
            principal_type, ctx.params.require(field), policy_type_param(ctx), ctx.params.require("PolicyName")
        )
        return {}

    def list_for(ctx: RequestContext) -> dict[str, Any]:
        return _policies_for(ctx, principal_type)

    attach.__doc__ = f"Attach a policy to a {kind} at account scope."
    detach.__doc__ = f"Detach a policy from a {kind}."
    list_for.__doc__ = f"The policies attached to a {kind} at account scope."
    action(PRODUCT, VERSION, f"AttachPolicyTo{principal_type}", resource=resources)(attach)
    action(PRODUCT, VERSION, f"DetachPolicyFrom{principal_type}", resource=resources)(detach)
    action(PRODUCT, VERSION, f"ListPoliciesFor{principal_type}", resource=_arn_of(kind, field))(list_for)


for _principal_type in PRINCIPALS:
    _register_attachment_apis(_principal_type)


@action(PRODUCT, VERSION, "ListEntitiesForPolicy", resource=_arn_of("policy", "PolicyName"))
def list_entities_for_policy(ctx: RequestContext) -> dict[str, Any]:
    """The users, groups and roles a policy is attached to at account scope."""
    policy_type = policy_type_param(ctx)
    ram = backend(ctx)
    canonical = ram.resolve_policy(policy_type, ctx.params.require("PolicyName"))
    users: list[Record] = []
    groups: list[Record] = []
    roles: list[Record] = []
    for attachment in ram.attachments_of_policy(policy_type, canonical):
        name, date = attachment["PrincipalName"], attachment["AttachDate"]
        if attachment["PrincipalType"] == "User":
            user = ram.find_user(name) or {}
            users.append(
                {
                    "UserName": name,
                    "UserId": user.get("UserId", ""),
                    "DisplayName": user.get("DisplayName", ""),
                    "AttachDate": date,
                }
            )
        elif attachment["PrincipalType"] == "Group":
            group = ram.find_group(name) or {}
            groups.append({"GroupName": name, "Comments": group.get("Comments", ""), "AttachDate": date})
        else:
            role = ram.find_role(name) or {}
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


# -- AccessKeys ----------------------------------------------------------------------------------------------------


def _key_owner(ctx: RequestContext) -> str | None:
    """The user whose keys the call manages: UserName, else the calling RAM user, else the root (None).

    A role session has no keys of its own: it must name the user.
    """
    name = ctx.params.get_str("UserName")
    if name is not None:
        return str(backend(ctx).get_user(name)["UserName"])
    if ctx.caller.kind == "user":
        return ctx.caller.name
    if ctx.caller.kind == "role":
        raise GatewayErrors.MISSING_PARAMETER(name="UserName")
    return None


def _key_owner_arn(ctx: RequestContext) -> str:
    name = ctx.params.get_str("UserName") or (ctx.caller.name if ctx.caller.kind == "user" else None)
    return ctx.arn("ram", f"user/{name}") if name else ctx.arn("ram", "root")


@action(PRODUCT, VERSION, "CreateAccessKey", resource=_key_owner_arn)
def create_access_key(ctx: RequestContext) -> dict[str, Any]:
    """Create an AccessKey pair for a RAM user (or the root); at most 2 per identity."""
    key = backend(ctx).create_access_key(_key_owner(ctx))
    return {"AccessKey": {field: key[field] for field in ("AccessKeyId", "AccessKeySecret", "Status", "CreateDate")}}


@action(PRODUCT, VERSION, "ListAccessKeys", resource=_key_owner_arn)
def list_access_keys(ctx: RequestContext) -> dict[str, Any]:
    """The AccessKeys of a user (or the root), without secrets."""
    keys = [
        {"AccessKeyId": key["AccessKeyId"], "Status": key["Status"], "CreateDate": key["CreateDate"]}
        for key in backend(ctx).access_keys_of(_key_owner(ctx))
    ]
    return {"AccessKeys": {"AccessKey": keys}}


@action(PRODUCT, VERSION, "UpdateAccessKey", resource=_key_owner_arn)
def update_access_key(ctx: RequestContext) -> dict[str, Any]:
    """Enable or disable an AccessKey (Status Active | Inactive)."""
    status = check_key_status(ctx.params.require("Status"))
    backend(ctx).update_access_key(_key_owner(ctx), ctx.params.require("UserAccessKeyId"), status)
    return {}


@action(PRODUCT, VERSION, "DeleteAccessKey", resource=_key_owner_arn)
def delete_access_key(ctx: RequestContext) -> dict[str, Any]:
    """Delete an AccessKey."""
    backend(ctx).delete_access_key(_key_owner(ctx), ctx.params.require("UserAccessKeyId"))
    return {}


# -- login profiles and MFA devices --------------------------------------------------------------------------------


@action(PRODUCT, VERSION, "CreateLoginProfile", resource=_arn_of("user", "UserName"))
def create_login_profile(ctx: RequestContext) -> dict[str, Any]:
    """Give a user a console password (the password is required and not kept)."""
    ctx.params.require("Password")
    profile = backend(ctx).create_login_profile(
        ctx.params.require("UserName"),
        reset_required=ctx.params.get_bool("PasswordResetRequired"),
        mfa_required=ctx.params.get_bool("MFABindRequired"),
    )
    return {"LoginProfile": profile}


@action(PRODUCT, VERSION, "GetLoginProfile", resource=_arn_of("user", "UserName"))
def get_login_profile(ctx: RequestContext) -> dict[str, Any]:
    """A user's login profile (EntityNotExist.User.LoginProfile when it has none)."""
    return {"LoginProfile": backend(ctx).get_login_profile(ctx.params.require("UserName"))}


@action(PRODUCT, VERSION, "DeleteLoginProfile", resource=_arn_of("user", "UserName"))
def delete_login_profile(ctx: RequestContext) -> dict[str, Any]:
    """Remove a user's console password."""
    backend(ctx).delete_login_profile(ctx.params.require("UserName"))
    return {}


@action(PRODUCT, VERSION, "UnbindMFADevice", resource=_arn_of("user", "UserName"))
def unbind_mfa_device(ctx: RequestContext) -> dict[str, Any]:
    """Unbind a user's MFA device (the emulator binds none: EntityNotExist.User.MFADevice)."""
    backend(ctx).unbind_mfa_device(ctx.params.require("UserName"))
    return {}


# -- OIDC identity providers (RAM's API version 2019-08-15, the Ims SDK: alibabacloud_ims20190815) ----------------

IMS_VERSION = "2019-08-15"
OIDC_PROVIDER_FIELDS = (
    "OIDCProviderName",
    "Arn",
    "IssuerUrl",
    "ClientIds",
    "Fingerprints",
    "Description",
    "IssuanceLimitTime",
    "CreateDate",
    "UpdateDate",
)
"""The fields of an OIDCProvider in Create/Get/List responses (SDK alibabacloud_ims20190815 models)."""


def oidc_providers(ctx: RequestContext) -> OidcProviders:
    """The calling account's OIDC providers over the request's view of the store."""
    return OidcProviders(ctx.store, ctx.account_id)


def _oidc_view(provider: Record) -> Record:
    return {key: provider[key] for key in OIDC_PROVIDER_FIELDS if key in provider}


@action(PRODUCT, IMS_VERSION, "CreateOIDCProvider", resource=_arn_of("oidc-provider", "OIDCProviderName"))
def create_oidc_provider(ctx: RequestContext) -> dict[str, Any]:
    """Declare an external OIDC identity provider that roles can trust (Principal Federated)."""
    params = ctx.params
    provider = oidc_providers(ctx).create(
        params.require("OIDCProviderName"),
        issuer_url=params.require("IssuerUrl"),
        client_ids=params.get_str("ClientIds"),
        fingerprints=params.get_str("Fingerprints"),
        description=params.get_str("Description"),
        issuance_limit_time=params.get_int("IssuanceLimitTime", minimum=1, maximum=168),
    )
    return {"OIDCProvider": _oidc_view(provider)}


@action(PRODUCT, IMS_VERSION, "GetOIDCProvider", resource=_arn_of("oidc-provider", "OIDCProviderName"))
def get_oidc_provider(ctx: RequestContext) -> dict[str, Any]:
    """One OIDC provider by name."""
    return {"OIDCProvider": _oidc_view(oidc_providers(ctx).get(ctx.params.require("OIDCProviderName")))}


@action(PRODUCT, IMS_VERSION, "ListOIDCProviders", resource=lambda ctx: ctx.arn("ram", "oidc-provider/*"))
def list_oidc_providers(ctx: RequestContext) -> dict[str, Any]:
    """The account's OIDC providers, paged by Marker / MaxItems (1-100)."""
    ctx.params.get_int("MaxItems", 100, minimum=1, maximum=100)
    page, fields = _page(ctx, [_oidc_view(item) for item in oidc_providers(ctx).all()])
    return {"OIDCProviders": {"OIDCProvider": page}, **fields}


@action(PRODUCT, IMS_VERSION, "DeleteOIDCProvider", resource=_arn_of("oidc-provider", "OIDCProviderName"))
def delete_oidc_provider(ctx: RequestContext) -> dict[str, Any]:
    """Delete an OIDC provider."""
    oidc_providers(ctx).delete(ctx.params.require("OIDCProviderName"))
    return {}
