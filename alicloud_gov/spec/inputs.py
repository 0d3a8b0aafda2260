"""Resource inputs offline: validation (names, lengths, patterns, enums, policy documents) and completion.

Everything here runs at preview, before any API call, and is shared by the plugin's check and the offline
project check (one set of input rules). :func:`validate_inputs` reports problems as ``(field, message)``
pairs whose message names the resource type, the resource and the field; values unknown at preview are
skipped (they are checked again at apply). :func:`prepare_inputs` completes checked inputs the way the
plugin sends them on (a role's trust policy from its typed helper lists, canonical case of enums).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from alicloud_gov.spec import names
from alicloud_gov.spec.arns import RAM_PRINCIPAL_ARN
from alicloud_gov.spec.schema import POLICY_ATTACHMENT, RAM_ROLE, ResourceSpec
from alicloud_gov.spec.trust import build_trust_policy
from alicloud_gov.spec.unknown import UNKNOWN, contains_unknown

Problem = tuple[str, str]
"""A (field, message) pair."""


def describe(spec: ResourceSpec, resource_name: str, field: str) -> str:
    """The prefix naming a resource and field in every message: ``RamPolicy 'ops' field 'document'``."""
    return f"{spec.type_name} '{resource_name}' field '{field}'"


def document_text(document: Any) -> str:
    """The JSON text sent to the API for a document given as a dict or as text."""
    if isinstance(document, str):
        return document
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def validate_inputs(spec: ResourceSpec, resource_name: str, inputs: Mapping[str, Any]) -> list[Problem]:
    """Every problem with ``inputs`` that can be found offline, field by field."""
    problems: list[Problem] = []

    def report(field: str, message: str) -> None:
        problems.append((field, f"{describe(spec, resource_name, field)}: {message}"))

    for field in spec.inputs:
        value = inputs.get(field.name)
        if value is None:
            if field.required:
                report(field.name, "is required")
            continue
        if contains_unknown(value):
            continue
        if field.kind in ("string", "name_ci") and not isinstance(value, str):
            report(field.name, f"must be a string, not {type(value).__name__}")
            continue
        if field.kind == "int" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            report(field.name, f"must be an integer, not {type(value).__name__}")
            continue
        if field.kind == "string_set" and not (
            isinstance(value, list) and all(isinstance(item, str) for item in value)
        ):
            report(field.name, "must be a list of strings")
            continue
        if field.kind == "policy" and not isinstance(value, (str, dict)):
            report(field.name, f"must be a policy document (a dict or JSON text), not {type(value).__name__}")
            continue
        if field.enum and str(value).lower() not in {item.lower() for item in field.enum}:
            report(field.name, f"{value!r} is not one of {', '.join(field.enum)}")
            continue
        if field.rule is not None and isinstance(value, str):
            message = field.rule.problem(value)
            if message:
                report(field.name, message)
        if field.kind == "policy":
            length = len(document_text(value))
            if length > names.MAX_POLICY_DOCUMENT_LENGTH:
                report(
                    field.name,
                    f"the document is {length} characters long; RAM allows {names.MAX_POLICY_DOCUMENT_LENGTH}",
                )
    problems.extend(_type_specific(spec, resource_name, inputs))
    return problems


def _type_specific(spec: ResourceSpec, resource_name: str, inputs: Mapping[str, Any]) -> Iterable[Problem]:
    prefix = spec.type_name

    def problem(field: str, message: str) -> Problem:
        return field, f"{describe(spec, resource_name, field)}: {message}"

    if prefix == "RamRole":
        duration = inputs.get("maxSessionDuration")
        low, high = names.ROLE_SESSION_DURATION
        if isinstance(duration, (int, float)) and not isinstance(duration, bool) and not low <= duration <= high:
            yield problem("maxSessionDuration", f"{int(duration)} is outside {low}-{high} seconds")
        helpers = [
            name for name in ("trustedAccounts", "trustedServices", "trustedFederatedProviders") if inputs.get(name)
        ]
        if inputs.get("assumeRolePolicyDocument") is not None and helpers:
            yield problem(
                "assumeRolePolicyDocument",
                f"give either a trust policy document or {', '.join(helpers)}, not both",
            )
        elif inputs.get("assumeRolePolicyDocument") is None and not helpers:
            yield problem(
                "assumeRolePolicyDocument",
                "a role needs a trust policy: give a document or trustedAccounts, trustedServices or "
                "trustedFederatedProviders",
            )
        for account in inputs.get("trustedAccounts") or []:
            if isinstance(account, str) and not _trusted_account(account):
                yield problem("trustedAccounts", f"{account!r} is neither an account UID nor a RAM principal ARN")
    if prefix == "PolicyAttachment":
        principal_type = inputs.get("principalType")
        principal_name = inputs.get("principalName")
        if isinstance(principal_type, str) and isinstance(principal_name, str):
            rule = names.PRINCIPAL_NAME_RULES.get(principal_type.lower())
            message = rule.problem(principal_name) if rule else None
            if message:
                yield problem("principalName", message)
        group_id = inputs.get("resourceGroupId")
        if isinstance(group_id, str):
            if names.is_account_uid(group_id):
                yield problem(
                    "resourceGroupId",
                    f"{group_id!r} is an account id: omit resourceGroupId to attach at account scope",
                )
            else:
                message = names.RESOURCE_GROUP_ID.problem(group_id)
                if message:
                    yield problem("resourceGroupId", message)


def _trusted_account(text: str) -> bool:
    """An account UID, or the ARN of a root, user or role of one (what ``trustedAccounts`` takes)."""
    match = RAM_PRINCIPAL_ARN.match(text)
    return names.is_account_uid(text) or (
        match is not None and match["account"] != "*" and not match["rest"].startswith("assumed-role/")
    )


TRUST_HELPERS = ("trustedAccounts", "trustedServices", "trustedFederatedProviders")
"""A RamRole's typed helper lists, from which the trust policy is built when no document is given."""


def canonical_policy_type(value: Any) -> str:
    """``System`` or ``Custom`` whatever the case it was given in (default Custom)."""
    return "System" if str(value or "Custom").lower() == "system" else "Custom"


def prepare_inputs(spec: ResourceSpec, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Complete checked inputs: a RamRole's trust policy from its helpers, a PolicyAttachment's canonical case."""
    result = dict(inputs)
    if spec.token == RAM_ROLE.token and result.get("assumeRolePolicyDocument") is None:
        helpers = {key: result.get(key) for key in TRUST_HELPERS}
        if any(contains_unknown(value) for value in helpers.values()):
            result["assumeRolePolicyDocument"] = UNKNOWN
        elif any(helpers.values()):
            result["assumeRolePolicyDocument"] = build_trust_policy(
                list(helpers["trustedAccounts"] or []),
                list(helpers["trustedServices"] or []),
                list(helpers["trustedFederatedProviders"] or []),
            )
    elif spec.token == POLICY_ATTACHMENT.token:
        if isinstance(result.get("principalType"), str):
            result["principalType"] = result["principalType"].lower()
        if result.get("policyType") is not UNKNOWN:
            result["policyType"] = canonical_policy_type(result.get("policyType"))
    return result
