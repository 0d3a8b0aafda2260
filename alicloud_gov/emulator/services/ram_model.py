"""RAM state and rules: entity lookups, name and document validation, memberships, policy versions,
attachments and AccessKeys, shared by the RAM handlers (services.ram) and ResourceManager's AttachPolicy.

Store kinds (keys lower-cased so names are case-insensitive; records keep the case the entity was
created with): ``ram_user``, ``ram_group``, ``ram_membership`` (``<group>|<user>``), ``ram_role``,
``ram_policy``, ``ram_policy_version`` (``<policy>|<vN>``), ``ram_attachment``
(``<User|Group|Role>|<principal>|<System|Custom>|<policy>``), ``access_key``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.errors import ApiError, conflict, invalid_parameter, not_found
from alicloud_gov.emulator.policy_grammar import MAX_POLICY_DOCUMENT_LENGTH, PolicyKind, policy_errors
from alicloud_gov.emulator.registry import KIND_ACCESS_KEY, KIND_RG_ATTACHMENT, RequestContext, iso_now
from alicloud_gov.emulator.services.resourcemanager_model import rename_rg_principal, rg_attachments_of_principal
from alicloud_gov.emulator.store import Entity
from alicloud_gov.policy.system_policies import canonical_system_policy_name

# store kinds
USER, GROUP, ROLE, POLICY = "ram_user", "ram_group", "ram_role", "ram_policy"
POLICY_VERSION, MEMBERSHIP, ATTACHMENT = "ram_policy_version", "ram_membership", "ram_attachment"

MAX_POLICY_VERSIONS = 5
MAX_ACCESS_KEYS = 2
# default quotas per account: entity kind -> (limit, LimitExceeded code)
QUOTAS: dict[str, tuple[int, str]] = {
    USER: (1000, "LimitExceeded.User"),
    GROUP: (300, "LimitExceeded.Group"),
    ROLE: (1000, "LimitExceeded.Role"),
    POLICY: (1500, "LimitExceeded.Policy"),
}
ROTATE_OLDEST = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
SYSTEM_POLICY_DATE = "2015-04-28T16:00:00Z"

# name rules (lengths are checked by check_name's callers)
USER_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
GROUP_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
ROLE_NAME = re.compile(r"^[A-Za-z0-9.-]+$")
POLICY_NAME = re.compile(r"^[A-Za-z0-9-]+$")


def check_name(field: str, value: str, pattern: re.Pattern[str], max_length: int) -> str:
    """Validate an entity name: InvalidParameter.<field>.Length / .InvalidChars."""
    if not 1 <= len(value) <= max_length:
        raise invalid_parameter(
            f"InvalidParameter.{field}.Length", f"The length of {field} must be 1 to {max_length} characters."
        )
    if not pattern.match(value):
        raise invalid_parameter(
            f"InvalidParameter.{field}.InvalidChars", f"The {field} {value!r} contains invalid characters."
        )
    return value


def check_length(field: str, value: str | None, max_length: int) -> str | None:
    """Reject text longer than ``max_length`` (InvalidParameter.<field>.Length)."""
    if value is not None and len(value) > max_length:
        raise invalid_parameter(
            f"InvalidParameter.{field}.Length", f"The length of {field} must not exceed {max_length} characters."
        )
    return value


def check_policy_document(field: str, text: str, kind: PolicyKind) -> str:
    """Validate a policy document; returns it compacted the way RAM stores it."""
    if len(text) > MAX_POLICY_DOCUMENT_LENGTH:
        raise invalid_parameter(
            f"InvalidParameter.{field}.Length",
            f"The length of {field} must not exceed {MAX_POLICY_DOCUMENT_LENGTH} characters.",
        )
    errors = policy_errors(text, kind)
    if errors:
        raise ApiError("MalformedPolicyDocument", f"The policy document is malformed: {'; '.join(errors[:3])}.", 400)
    return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def entity(ctx: RequestContext, kind: str, name: str, code: str, label: str) -> dict[str, Any]:
    """The stored entity of a kind by case-insensitive name, else ``code`` (404)."""
    found = ctx.store.get(ctx.account_id, kind, name.lower())
    if found is None:
        raise not_found(code, f"The {label} does not exist: {name}.")
    return found


def get_user_entity(ctx: RequestContext, name: str) -> dict[str, Any]:
    """The stored user or EntityNotExist.User (404)."""
    return entity(ctx, USER, name, "EntityNotExist.User", "user")


def get_group_entity(ctx: RequestContext, name: str) -> dict[str, Any]:
    """The stored group or EntityNotExist.Group (404)."""
    return entity(ctx, GROUP, name, "EntityNotExist.Group", "group")


def get_role_entity(ctx: RequestContext, name: str) -> dict[str, Any]:
    """The stored role or EntityNotExist.Role (404)."""
    return entity(ctx, ROLE, name, "EntityNotExist.Role", "role")


def get_custom_policy(ctx: RequestContext, name: str) -> dict[str, Any]:
    """The stored custom policy or EntityNotExist.Policy (404)."""
    return entity(ctx, POLICY, name, "EntityNotExist.Policy", "policy")


def rename_references(ctx: RequestContext, principal_type: str, old: str, new: str) -> None:
    """Move memberships and attachments (account and resource-group scope) of a renamed user or group."""
    account = ctx.account_id
    store = ctx.store
    for attachment in store.list(account, ATTACHMENT, key_prefix=f"{principal_type}|{old}|".lower()):
        store.delete(account, ATTACHMENT, attachment_key(principal_type, old, attachment))
        attachment["PrincipalName"] = new
        store.put(account, ATTACHMENT, attachment_key(principal_type, new, attachment), attachment)
    rename_rg_principal(ctx.store, account, ctx.account.alias, principal_type, old, new)
    field = "UserName" if principal_type == "User" else "GroupName"
    for membership in store.list(account, MEMBERSHIP):
        if str(membership[field]).lower() == old.lower():
            store.delete(account, MEMBERSHIP, membership_key(membership["GroupName"], membership["UserName"]))
            membership[field] = new
            store.put(account, MEMBERSHIP, membership_key(membership["GroupName"], membership["UserName"]), membership)


def membership_key(group: str, user: str) -> str:
    """Store key of a group membership."""
    return f"{group}|{user}".lower()


def groups_of_user(ctx: RequestContext, user_name: str) -> list[dict[str, Any]]:
    """The memberships of a user."""
    return [m for m in ctx.store.list(ctx.account_id, MEMBERSHIP) if str(m["UserName"]).lower() == user_name.lower()]


def version_key(policy_name: str, version_id: str) -> str:
    """Store key of a policy version."""
    return f"{policy_name}|{version_id}".lower()


def versions_of(ctx: RequestContext, policy_name: str) -> list[dict[str, Any]]:
    """The versions of a custom policy, oldest first."""
    versions = ctx.store.list(ctx.account_id, POLICY_VERSION, key_prefix=f"{policy_name}|".lower())
    return sorted(versions, key=lambda version: int(str(version["VersionId"])[1:]))


def attachments_of_policy(ctx: RequestContext, policy_type: str, policy_name: str) -> list[dict[str, Any]]:
    """Account-scope attachments of a policy."""
    return [
        attachment
        for attachment in ctx.store.list(ctx.account_id, ATTACHMENT)
        if attachment["PolicyType"] == policy_type and str(attachment["PolicyName"]).lower() == policy_name.lower()
    ]


def resolve_policy(ctx: RequestContext, policy_type: str, name: str) -> str:
    """The canonical name of an existing System or Custom policy, else EntityNotExist.Policy (404)."""
    if policy_type == "System":
        canonical = canonical_system_policy_name(name)
        if canonical is None:
            raise not_found("EntityNotExist.Policy", f"The policy does not exist: {name}.")
        return canonical
    return str(get_custom_policy(ctx, name)["PolicyName"])


def set_default_version(ctx: RequestContext, policy: dict[str, Any], version_id: str) -> None:
    """Make ``version_id`` the default version (updates the versions and the policy record in memory)."""
    name = policy["PolicyName"]
    for version in versions_of(ctx, name):
        is_default = version["VersionId"] == version_id
        if version["IsDefaultVersion"] != is_default:
            ctx.store.put(
                ctx.account_id,
                POLICY_VERSION,
                version_key(name, version["VersionId"]),
                {**version, "IsDefaultVersion": is_default},
            )
    policy["DefaultVersion"] = version_id


def get_version(ctx: RequestContext, policy_name: str, version_id: str) -> dict[str, Any]:
    """A stored policy version, else EntityNotExist.Policy.Version (404)."""
    version = ctx.store.get(ctx.account_id, POLICY_VERSION, version_key(policy_name, version_id))
    if version is None:
        raise not_found("EntityNotExist.Policy.Version", f"The policy {policy_name} has no version {version_id}.")
    return version


def attachment_key(principal_type: str, principal_name: str, attachment: dict[str, Any]) -> str:
    """Store key of an account-scope attachment."""
    return f"{principal_type}|{principal_name}|{attachment['PolicyType']}|{attachment['PolicyName']}".lower()


PRINCIPALS: dict[str, tuple[str, str, Callable[[RequestContext, str], dict[str, Any]]]] = {
    "User": ("UserName", "user", get_user_entity),
    "Group": ("GroupName", "group", get_group_entity),
    "Role": ("RoleName", "role", get_role_entity),
}


def attach_policy(
    ctx: RequestContext, principal_type: str, principal_name: str, policy_type: str, policy_name: str
) -> dict[str, Any]:
    """Attach a policy at account scope; EntityAlreadyExists.<Type>.Policy (409) when already attached.

    Shared with ResourceManager AttachPolicy when its ResourceGroupId is the account id.
    """
    field, _, lookup = PRINCIPALS[principal_type]
    principal = lookup(ctx, principal_name)
    canonical_policy = resolve_policy(ctx, policy_type, policy_name)
    attachment = {
        "PrincipalType": principal_type,
        "PrincipalName": principal[field],
        "PolicyType": policy_type,
        "PolicyName": canonical_policy,
        "AttachDate": iso_now(),
    }
    key = attachment_key(principal_type, principal[field], attachment)
    if not ctx.store.insert(ctx.account_id, ATTACHMENT, key, attachment):
        raise conflict(
            f"EntityAlreadyExists.{principal_type}.Policy",
            f"The policy {canonical_policy} is already attached to {principal_type.lower()} {principal[field]}.",
        )
    return attachment


def detach_policy(
    ctx: RequestContext, principal_type: str, principal_name: str, policy_type: str, policy_name: str
) -> None:
    """Detach an account-scope attachment; EntityNotExist.<Type>.Policy (404) when not attached."""
    field, _, lookup = PRINCIPALS[principal_type]
    principal = lookup(ctx, principal_name)
    canonical_policy = resolve_policy(ctx, policy_type, policy_name)
    key = attachment_key(principal_type, principal[field], {"PolicyType": policy_type, "PolicyName": canonical_policy})
    if not ctx.store.delete(ctx.account_id, ATTACHMENT, key):
        raise not_found(
            f"EntityNotExist.{principal_type}.Policy",
            f"The policy {canonical_policy} is not attached to {principal_type.lower()} {principal[field]}.",
        )


def access_keys_of(ctx: RequestContext, user_name: str | None) -> list[dict[str, Any]]:
    """The AccessKeys of a RAM user, or of the root when ``user_name`` is None."""
    wanted = user_name.lower() if user_name else None
    return [
        key
        for key in ctx.store.store.list(ctx.account_id, KIND_ACCESS_KEY)
        if (str(key.get("UserName") or "").lower() or None) == wanted
    ]


def random_text(alphabet: str, length: int) -> str:
    """Random text from an alphabet (AccessKey ids and secrets)."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def has_attachments(ctx: RequestContext, principal_type: str, name: str) -> bool:
    """Whether any policy is attached to the principal, at account scope or in a resource group."""
    if ctx.store.list(ctx.account_id, ATTACHMENT, key_prefix=f"{principal_type}|{name}|".lower()):
        return True
    return bool(rg_attachments_of_principal(ctx.store, ctx.account_id, ctx.account.alias, principal_type, name))


def rg_attachments_of_policy(ctx: RequestContext, policy_type: str, policy_name: str) -> list[Entity]:
    """Resource-group-scope attachments of a policy (store entities, for their keys)."""
    return [
        item
        for item in ctx.store.list_entities(ctx.account_id, KIND_RG_ATTACHMENT)
        if item.data.get("PolicyType") == policy_type
        and str(item.data.get("PolicyName", "")).lower() == policy_name.lower()
    ]


def check_quota(ctx: RequestContext, kind: str) -> None:
    """Refuse to create one more entity of ``kind`` than the account's quota (LimitExceeded.*, 409)."""
    limit, code = QUOTAS[kind]
    if ctx.store.store.count(ctx.account_id, kind) >= limit:
        raise conflict(code, f"The account already has the maximum of {limit} {kind.removeprefix('ram_')} entities.")
