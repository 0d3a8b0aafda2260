"""What stands in the way of deleting a RAM user, group, role or custom policy, and how ``force`` removes it.

The lists follow terraform-provider-alicloud's ``force`` (``resource_alicloud_ram_{user,group,role,policy}.go``,
Delete): a user's AccessKeys, attached policies, group memberships, login profile and MFA device; a group's members
and attached policies; a role's attached policies; a custom policy's attachments (users, groups, roles) and its
non-default versions. Each removal treats "already gone" as done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alicloud_gov.cloud import errors
from alicloud_gov.provider.handlers.base import Session

ENTITY_KINDS = ("user", "group", "role", "policy")


@dataclass(frozen=True)
class Dependent:
    """One object that blocks a delete: how a message names it and the call that removes it."""

    label: str
    action: str
    params: dict[str, Any]


def _items(body: dict[str, Any], outer: str, inner: str) -> list[dict[str, Any]]:
    value = body.get(outer)
    if isinstance(value, dict):
        value = value.get(inner)
    return [item for item in value or [] if isinstance(item, dict)]


def _listed(call: Callable[[], dict[str, Any]], outer: str, inner: str) -> list[dict[str, Any]]:
    """The items of a list call; none when the entity itself is gone."""
    try:
        return _items(call(), outer, inner)
    except errors.NotFound:
        return []


def _detach(kind: str, field: str, name: str, policy: dict[str, Any]) -> Dependent:
    policy_type, policy_name = str(policy.get("PolicyType")), str(policy.get("PolicyName"))
    return Dependent(
        f"{policy_type} policy {policy_name} attached",
        f"DetachPolicyFrom{kind}",
        {field: name, "PolicyType": policy_type, "PolicyName": policy_name},
    )


def _user(session: Session, user_name: str) -> list[Dependent]:
    ram = session.cloud.ram
    found: list[Dependent] = []
    keys = _listed(lambda: ram.call("ListAccessKeys", {"UserName": user_name}), "AccessKeys", "AccessKey")
    for key in keys:
        key_id = str(key.get("AccessKeyId"))
        found.append(
            Dependent(f"AccessKey {key_id}", "DeleteAccessKey", {"UserName": user_name, "UserAccessKeyId": key_id})
        )
    policies = _listed(lambda: ram.call("ListPoliciesForUser", {"UserName": user_name}), "Policies", "Policy")
    found.extend(_detach("User", "UserName", user_name, policy) for policy in policies)
    groups = _listed(lambda: ram.call("ListGroupsForUser", {"UserName": user_name}), "Groups", "Group")
    for group in groups:
        group_name = str(group.get("GroupName"))
        found.append(
            Dependent(
                f"membership of group {group_name}",
                "RemoveUserFromGroup",
                {"UserName": user_name, "GroupName": group_name},
            )
        )
    with contextlib.suppress(errors.NotFound):
        ram.call("GetLoginProfile", {"UserName": user_name})
        found.append(Dependent("login profile (console password)", "DeleteLoginProfile", {"UserName": user_name}))
    return found


def _group(session: Session, group_name: str) -> list[Dependent]:
    ram = session.cloud.ram
    found: list[Dependent] = []
    try:
        members = list(ram.paginate("ListUsersForGroup", {"GroupName": group_name}, items="Users.User"))
    except errors.NotFound:
        members = []
    for member in members:
        user_name = str(member.get("UserName")) if isinstance(member, dict) else str(member)
        found.append(
            Dependent(f"member {user_name}", "RemoveUserFromGroup", {"GroupName": group_name, "UserName": user_name})
        )
    policies = _listed(lambda: ram.call("ListPoliciesForGroup", {"GroupName": group_name}), "Policies", "Policy")
    found.extend(_detach("Group", "GroupName", group_name, policy) for policy in policies)
    return found


def _role(session: Session, role_name: str) -> list[Dependent]:
    ram = session.cloud.ram
    policies = _listed(lambda: ram.call("ListPoliciesForRole", {"RoleName": role_name}), "Policies", "Policy")
    return [_detach("Role", "RoleName", role_name, policy) for policy in policies]


def _policy(session: Session, policy_name: str) -> list[Dependent]:
    ram = session.cloud.ram
    params = {"PolicyName": policy_name, "PolicyType": "Custom"}
    try:
        body = ram.call("ListEntitiesForPolicy", params)
    except errors.NotFound:
        return []
    found: list[Dependent] = []
    for kind, field in (("User", "UserName"), ("Group", "GroupName"), ("Role", "RoleName")):
        for entity in _items(body, f"{kind}s", kind):
            principal = str(entity.get(field))
            found.append(
                Dependent(
                    f"attachment to {kind.lower()} {principal}", f"DetachPolicyFrom{kind}", {**params, field: principal}
                )
            )
    versions = _listed(lambda: ram.call("ListPolicyVersions", params), "PolicyVersions", "PolicyVersion")
    for version in versions:
        default = version.get("IsDefaultVersion")
        if default is True or str(default).lower() == "true":
            continue
        version_id = str(version.get("VersionId"))
        found.append(
            Dependent(
                f"non-default version {version_id}",
                "DeletePolicyVersion",
                {"PolicyName": policy_name, "VersionId": version_id},
            )
        )
    return found


_LISTERS: dict[str, Callable[[Session, str], list[Dependent]]] = {
    "user": _user,
    "group": _group,
    "role": _role,
    "policy": _policy,
}


def dependents(session: Session, kind: str, name: str) -> list[Dependent]:
    """What blocks deleting the ``kind`` (user, group, role or policy) called ``name``, as RAM lists it now."""
    return _LISTERS[kind](session, name)


def remove_dependents(session: Session, kind: str, name: str) -> None:
    """``force``: remove everything that blocks the delete (anything already gone is skipped); for a user also
    unbind its MFA device, which no list call shows (terraform calls UnbindMFADevice unconditionally too)."""
    ram = session.cloud.ram
    for dependent in dependents(session, kind, name):
        with contextlib.suppress(errors.NotFound):
            ram.delete(dependent.action, dependent.params)
    if kind == "user":
        with contextlib.suppress(errors.NotFound):
            ram.delete("UnbindMFADevice", {"UserName": name})


def blocked(session: Session, kind: str, name: str, cause: errors.CloudError) -> str:
    """Why the delete of ``name`` failed: each blocking object named, and the ``force`` option suggested."""
    try:
        labels = [dependent.label for dependent in dependents(session, kind, name)]
    except errors.CloudError:
        labels = []
    if kind == "user" and "MFADevice" in cause.code:
        labels.append("MFA device")
    listed = "; ".join(labels) if labels else f"RAM reports {cause.code}"
    return (
        f"cannot delete {kind} {name!r}: it is still in use: {listed}. Remove these (a resource of this program "
        "that holds one must depend on it, so that Pulumi deletes that first), or set `force: true` on this "
        "resource and run `pulumi up` once, so that its delete removes them first"
    )
