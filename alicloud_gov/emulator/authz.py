"""Authorisation of incoming calls against the caller's RAM policies.

Roots are always allowed. A RAM user or an assumed-role session is allowed only when the
policies attached to it allow the handler's RAM action on the target resource:

- account-scope attachments (store kind ``ram_attachment``), for a user also those of its groups;
- resource-group-scope attachments (store kind ``rg_attachment``) of the resource group the
  target resource is in (``RequestContext.resource_group_id``);
- for a role session created with an inline ``Policy``, that policy must allow the call as well.

Interim rule set (until the shared evaluator lands): statements match on Effect, Action /
NotAction (case-insensitive wildcards) and Resource / NotResource (wildcards); an explicit Deny
wins; no Allow means an implicit deny. A statement with a Condition is treated as not matching
when it allows and as matching when it denies (conservative: never grants more than real RAM).
A denial is a 403 NoPermission with AccessDeniedDetail.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.registry import KIND_RG_ATTACHMENT, RequestContext
from alicloud_gov.emulator.store import Store
from alicloud_gov.policy.system_policies import get_system_policy

Effect = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]


@dataclass(frozen=True)
class GrantingPolicy:
    """One policy that applies to the caller, with where it came from."""

    policy_type: str  # System | Custom
    name: str
    document: Mapping[str, Any]
    scope: str  # "account" or a resource group id


def custom_policy_document(store: Store, account: str, name: str) -> dict[str, Any] | None:
    """The default version's document of a custom policy, or None."""
    policy = store.get(account, "ram_policy", name.lower())
    if policy is None:
        return None
    version = store.get(account, "ram_policy_version", f"{name.lower()}|{policy['DefaultVersion']}")
    if version is None:
        return None
    try:
        document = json.loads(version["PolicyDocument"])
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def policy_document(store: Store, account: str, policy_type: str, name: str) -> dict[str, Any] | None:
    """The document of a System or Custom policy by name (case-insensitive)."""
    if policy_type.lower() == "system":
        return get_system_policy(name)
    return custom_policy_document(store, account, name)


def _principal_attachments(store: Store, account: str, principal_type: str, name: str) -> list[dict[str, Any]]:
    prefix = f"{principal_type}|{name}|".lower()
    return store.list(account, "ram_attachment", key_prefix=prefix)


def _rm_principal_names(context_alias: str, kind: str, name: str) -> str:
    if kind == "user":
        return f"{name}@{context_alias}.onaliyun.com".lower()
    if kind == "group":
        return f"{name}@group.{context_alias}.onaliyun.com".lower()
    return f"{name}@role.{context_alias}.onaliyunservice.com".lower()


def caller_policies(
    store: Store, account: str, alias: str, kind: str, name: str, resource_group: str | None
) -> list[GrantingPolicy]:
    """Every policy granted to a user (directly or through groups) or a role, at account scope and in the group."""
    principals: list[tuple[str, str]] = [("user" if kind == "user" else "role", name)]
    if kind == "user":
        for membership in store.list(account, "ram_membership"):
            if str(membership["UserName"]).lower() == name.lower():
                principals.append(("group", str(membership["GroupName"])))
    found: list[GrantingPolicy] = []
    for principal_type, principal_name in principals:
        for attachment in _principal_attachments(store, account, principal_type.capitalize(), principal_name):
            document = policy_document(store, account, attachment["PolicyType"], attachment["PolicyName"])
            if document is not None:
                found.append(GrantingPolicy(attachment["PolicyType"], attachment["PolicyName"], document, "account"))
    if resource_group:
        wanted = {
            _rm_principal_names(alias, principal_type, principal_name) for principal_type, principal_name in principals
        }
        for attachment in store.list(account, KIND_RG_ATTACHMENT, key_prefix=f"{resource_group}|".lower()):
            if str(attachment.get("PrincipalName", "")).lower() not in wanted:
                continue
            document = policy_document(store, account, attachment["PolicyType"], attachment["PolicyName"])
            if document is not None:
                found.append(
                    GrantingPolicy(attachment["PolicyType"], attachment["PolicyName"], document, resource_group)
                )
    return found


@lru_cache(maxsize=4096)
def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$", re.IGNORECASE)


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return [str(value)]


def _matches_any(patterns: Iterable[str], value: str) -> bool:
    return any(_wildcard(pattern).match(value) for pattern in patterns)


def action_matches(patterns: Any, action: str) -> bool:
    """Whether an Action value (a string or list of wildcard patterns) covers ``action``."""
    return _matches_any(_values(patterns), action)


def _statement_applies(statement: Mapping[str, Any], action: str, resource: str) -> bool:
    if "Action" in statement:
        if not _matches_any(_values(statement["Action"]), action):
            return False
    elif "NotAction" in statement:
        if _matches_any(_values(statement["NotAction"]), action):
            return False
    else:
        return False
    if "Resource" in statement:
        return _matches_any(_values(statement["Resource"]), resource)
    if "NotResource" in statement:
        return not _matches_any(_values(statement["NotResource"]), resource)
    return False


def interim_evaluate(documents: Iterable[Mapping[str, Any]], action: str, resource: str) -> Effect:
    """Decide one action on one resource under the interim rule set (see module docstring)."""
    allowed = False
    for document in documents:
        statements = document.get("Statement", [])
        if isinstance(statements, Mapping):
            statements = [statements]
        for statement in statements if isinstance(statements, list) else []:
            if not isinstance(statement, Mapping) or not _statement_applies(statement, action, resource):
                continue
            effect = str(statement.get("Effect", "")).lower()
            if effect == "deny":
                return "ExplicitDeny"
            if effect == "allow" and not statement.get("Condition"):
                allowed = True
    return "Allow" if allowed else "ImplicitDeny"


def no_permission(context: RequestContext, action: str, effect: Effect, policy_type: str) -> ApiError:
    """The 403 NoPermission error with AccessDeniedDetail for a denied call."""
    caller = context.caller
    diagnostic = json.dumps(
        {"AuthAction": action, "AuthPrincipal": caller.arn, "Resources": context.resource_arns(), "Decision": effect},
        separators=(",", ":"),
    )
    detail = {
        "PolicyType": policy_type,
        "AuthPrincipalOwnerId": caller.account_id,
        "EncodedDiagnosticMessage": base64.b64encode(diagnostic.encode("utf-8")).decode("ascii"),
        "AuthPrincipalType": caller.auth_principal_type,
        "AuthPrincipalDisplayName": caller.display_name,
        "NoPermissionType": effect,
        "AuthAction": action,
    }
    message = f"You are not authorized to do this action. You should be authorized by RAM ({action})."
    return ApiError("NoPermission", message, 403, extra={"AccessDeniedDetail": detail})


class Authorizer:
    """Checks each call's RAM action against the caller's policies (switchable off)."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled

    def authorize(self, context: RequestContext) -> None:
        """Return when the call is allowed; raise NoPermission (403) otherwise."""
        caller = context.caller
        if not self.enabled or not context.spec.authorize or caller.kind == "root":
            return
        self.check(context, context.spec.ram_action, context.resource_arns(), context.resource_group_id())

    def check(self, context: RequestContext, action: str, resources: list[str], resource_group: str | None) -> None:
        """Raise NoPermission unless the caller may perform ``action`` on every resource."""
        caller = context.caller
        if not self.enabled or caller.kind == "root":
            return
        store = context.store.store
        policies = caller_policies(
            store, caller.account_id, context.account.alias, caller.kind, caller.name, resource_group
        )
        session_policy = self._session_policy(context)
        for resource in resources:
            effect = interim_evaluate((policy.document for policy in policies), action, resource)
            if effect == "Allow" and session_policy is not None:
                effect = interim_evaluate([session_policy], action, resource)
                if effect != "Allow":
                    raise no_permission(context, action, effect, "AssumeRolePolicy")
            if effect != "Allow":
                raise no_permission(context, action, effect, "AccountLevelIdentityBasedPolicy")

    @staticmethod
    def _session_policy(context: RequestContext) -> dict[str, Any] | None:
        if context.caller.kind != "role":
            return None
        credential = context.store.find("sts_credential", context.caller.access_key_id)
        text = credential.data.get("Policy") if credential else None
        if not text:
            return None
        document = json.loads(text)
        return document if isinstance(document, dict) else None
