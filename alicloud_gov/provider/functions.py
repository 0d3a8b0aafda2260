"""The provider's lookup functions (``Invoke``): read existing users, groups, roles, policies, resource groups
and the account through the cloud layer.

Each lookup checks its arguments against the rules in :mod:`alicloud_gov.spec.functions` first, then reads with
the same calls the resource handlers' ``read`` makes (so a lookup and ``pulumi import`` see an entity alike). A
missing entity is a :class:`LookupFailure` naming the function and the argument, which the engine shows as the
invoke's failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from alicloud_gov.cloud import errors
from alicloud_gov.provider.handlers import HANDLERS, Session
from alicloud_gov.provider.handlers.resourcemanager import ResourceGroupHandler
from alicloud_gov.spec.functions import (
    FUNCTIONS,
    GET_ACCOUNT,
    GET_GROUP,
    GET_POLICY,
    GET_RESOURCE_GROUP,
    GET_ROLE,
    GET_USER,
    FunctionSpec,
)
from alicloud_gov.spec.inputs import canonical_policy_type
from alicloud_gov.spec.schema import RAM_GROUP, RAM_ROLE, RAM_USER, RESOURCE_GROUP


class LookupFailure(Exception):
    """A lookup that found nothing (or was asked wrongly): ``argument`` is the argument at fault."""

    def __init__(self, argument: str, reason: str) -> None:
        super().__init__(reason)
        self.argument = argument
        self.reason = reason


def _document(value: Any) -> Any:
    """A policy document as a dict (RAM returns JSON text)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _missing(spec: FunctionSpec, argument: str, what: str, value: Any, session: Session) -> LookupFailure:
    return LookupFailure(
        argument, f"{spec.function_name}: no {what} {value!r} in account {session.account_id} (argument '{argument}')"
    )


def _read(session: Session, token: str, resource_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    return HANDLERS[token].read(session, resource_id, resource_id, None)


def get_user(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """RAM GetUser."""
    found = _read(session, RAM_USER.token, args["name"])
    if found is None:
        raise _missing(GET_USER, "name", "RAM user named", args["name"], session)
    inputs, outputs = found
    return {**inputs, "displayName": inputs.get("displayName") or inputs["name"], **outputs}


def get_group(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """RAM GetGroup."""
    found = _read(session, RAM_GROUP.token, args["name"])
    if found is None:
        raise _missing(GET_GROUP, "name", "RAM user group named", args["name"], session)
    return {**found[0], **found[1]}


def get_role(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """RAM GetRole; the trust policy as a dict."""
    found = _read(session, RAM_ROLE.token, args["name"])
    if found is None:
        raise _missing(GET_ROLE, "name", "RAM role named", args["name"], session)
    inputs, outputs = found
    inputs["assumeRolePolicyDocument"] = _document(inputs.get("assumeRolePolicyDocument"))
    return {**inputs, **outputs}


def get_policy(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """RAM GetPolicy (its DefaultPolicyVersion holds the document; GetPolicyVersion when it is absent)."""
    policy_type = canonical_policy_type(args.get("policyType") or "Custom")
    try:
        body = session.cloud.ram.call("GetPolicy", {"PolicyName": args["name"], "PolicyType": policy_type})
    except errors.NotFound:
        raise _missing(GET_POLICY, "name", f"{policy_type.lower()} policy named", args["name"], session) from None
    policy = body.get("Policy") or {}
    version = body.get("DefaultPolicyVersion") or {}
    default_version = str(version.get("VersionId") or policy.get("DefaultVersion") or "")
    document = version.get("PolicyDocument")
    if document is None and default_version:
        params = {"PolicyName": policy.get("PolicyName") or args["name"], "PolicyType": policy_type}
        reply = session.cloud.ram.call("GetPolicyVersion", {**params, "VersionId": default_version})
        document = (reply.get("PolicyVersion") or {}).get("PolicyDocument")
    result = {
        "name": policy.get("PolicyName") or args["name"],
        "policyType": policy.get("PolicyType") or policy_type,
        "defaultVersion": default_version,
        "document": _document(document),
        "accountId": session.account_id,
    }
    if policy.get("Description"):
        result["description"] = policy["Description"]
    return result


def get_resource_group(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """ResourceManager GetResourceGroup (by id) or ListResourceGroups with Name (by name)."""
    group_id, group_name = args.get("resourceGroupId"), args.get("name")
    if bool(group_id) == bool(group_name):
        raise LookupFailure(
            "resourceGroupId", f"{GET_RESOURCE_GROUP.function_name}: give exactly one of 'resourceGroupId' and 'name'"
        )
    if group_name:
        listed = ResourceGroupHandler.find_by_name(session, group_name)
        if listed is None:
            raise _missing(GET_RESOURCE_GROUP, "name", "resource group named", group_name, session)
        group_id = str((listed.get("ResourceGroup") or {}).get("Id") or "")
    found = _read(session, RESOURCE_GROUP.token, str(group_id))
    if found is None:
        argument = "name" if group_name else "resourceGroupId"
        raise _missing(GET_RESOURCE_GROUP, argument, "resource group", group_name or group_id, session)
    inputs, outputs = found
    return {**inputs, "displayName": inputs.get("displayName") or inputs.get("name"), **outputs}


def get_account(session: Session, args: dict[str, Any]) -> dict[str, Any]:
    """STS GetCallerIdentity and RAM GetAccountAlias."""
    return {"accountId": session.account_id, "accountAlias": session.alias}


LOOKUPS: dict[str, Callable[[Session, dict[str, Any]], dict[str, Any]]] = {
    GET_USER.token: get_user,
    GET_GROUP.token: get_group,
    GET_ROLE.token: get_role,
    GET_POLICY.token: get_policy,
    GET_RESOURCE_GROUP.token: get_resource_group,
    GET_ACCOUNT.token: get_account,
}
"""The reader of every function token."""

assert set(LOOKUPS) == set(FUNCTIONS), "every function in the spec has a reader"


def lookup(session_of: Callable[[], Session], token: str, args: dict[str, Any]) -> dict[str, Any]:
    """The result of function ``token`` for ``args``; :class:`LookupFailure` for bad arguments or nothing found.

    ``session_of`` is called only once the arguments pass their rules (no cloud session for a bad argument).
    """
    spec = FUNCTIONS.get(token)
    if spec is None:
        raise LookupFailure("", f"unknown function {token} (known: {', '.join(sorted(FUNCTIONS))})")
    problems = spec.problems(args)
    if problems:
        raise LookupFailure(*problems[0])
    known = {item.name for item in spec.inputs}
    result = LOOKUPS[token](session_of(), {key: value for key, value in args.items() if key in known})
    return {key: value for key, value in result.items() if value is not None}
