"""Offline validation of resource inputs: names, lengths, patterns, enums and policy documents.

Everything here runs at preview, before any API call, and reports problems as
``(field, message)`` pairs whose message names the resource type, the resource and
the field. Values unknown at preview are skipped (they are checked again at apply).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from alicloud_gov.provider.schema import ResourceSpec
from alicloud_gov.provider.values import contains_unknown


@dataclass(frozen=True)
class Rule:
    """A text rule: a length range and, optionally, a pattern with a human description."""

    min_length: int
    max_length: int
    pattern: str | None = None
    explain: str = ""

    def problem(self, value: str) -> str | None:
        """Why ``value`` breaks the rule, or None when it does not."""
        if not self.min_length <= len(value) <= self.max_length:
            return f"must be {self.min_length}-{self.max_length} characters long (got {len(value)})"
        if self.pattern and not re.fullmatch(self.pattern, value):
            return f"{value!r} {self.explain}"
        return None


_USER_NAME = Rule(1, 64, r"[A-Za-z0-9._-]+", "may contain only letters, digits, '.', '_' and '-'")
_GROUP_NAME = Rule(1, 64, r"[A-Za-z0-9.-]+", "may contain only letters, digits, '.' and '-'")
_ROLE_NAME = Rule(1, 64, r"[A-Za-z0-9.-]+", "may contain only letters, digits, '.' and '-' (no underscore)")
_POLICY_NAME = Rule(1, 128, r"[A-Za-z0-9-]+", "may contain only letters, digits and '-'")
_RG_NAME = Rule(2, 50, r"[A-Za-z][A-Za-z0-9-]*", "must start with a letter and contain only letters, digits and '-'")
_RG_ID = Rule(4, 64, r"rg-[A-Za-z0-9]+", "is not a resource group id (rg-...)")
_ACCOUNT_UID = Rule(1, 32, r"[0-9]+", "is not an account UID (digits only)")
_ECR_ID = Rule(5, 64, r"ecr-[A-Za-z0-9]+", "is not an ECR id (ecr-...)")
_REGION = Rule(2, 64, r"[a-z0-9-]+", "is not a region id (e.g. cn-hangzhou)")
_NON_EMPTY = Rule(1, 256)

_PRINCIPAL_NAME_RULES = {"user": _USER_NAME, "group": _GROUP_NAME, "role": _ROLE_NAME}

TEXT_RULES: dict[str, dict[str, Rule]] = {
    "ResourceGroup": {"name": _RG_NAME, "displayName": Rule(1, 50)},
    "RamUser": {
        "name": _USER_NAME,
        "displayName": Rule(1, 128),
        "comments": Rule(0, 128),
        "email": Rule(0, 128, r"[^@\s]+@[^@\s]+", "is not an email address"),
        "mobilePhone": Rule(0, 32, r"[0-9+-]+", "is not a phone number (e.g. 86-18600008888)"),
    },
    "RamGroup": {"name": _GROUP_NAME, "comments": Rule(0, 128)},
    "RamGroupMembership": {"groupName": _GROUP_NAME, "userName": _USER_NAME},
    "RamRole": {"name": _ROLE_NAME, "description": Rule(0, 1024)},
    "RamPolicy": {"name": _POLICY_NAME, "description": Rule(0, 1024)},
    "PolicyAttachment": {"policyName": _POLICY_NAME},
    "ResourceGroupMove": {
        "resourceGroupId": _RG_ID,
        "resourceId": _NON_EMPTY,
        "resourceType": _NON_EMPTY,
        "service": _NON_EMPTY,
        "regionId": _REGION,
    },
    "EcrGrant": {
        "ecrId": _ECR_ID,
        "ecrOwnerUid": _ACCOUNT_UID,
        "instanceId": _NON_EMPTY,
        "instanceRegionId": _REGION,
    },
    "EcrAssociation": {
        "ecrId": _ECR_ID,
        "instanceOwnerUid": _ACCOUNT_UID,
        "instanceId": _NON_EMPTY,
        "instanceRegionId": _REGION,
    },
}
"""Text rules per resource type and field (from the RAM, ResourceManager and ECR API limits)."""

MAX_POLICY_DOCUMENT_LENGTH = 6144
SESSION_DURATION_RANGE = (3600, 43200)

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
        rule = TEXT_RULES.get(spec.type_name, {}).get(field.name)
        if rule is not None and isinstance(value, str):
            message = rule.problem(value)
            if message:
                report(field.name, message)
        if field.kind == "policy":
            length = len(document_text(value))
            if length > MAX_POLICY_DOCUMENT_LENGTH:
                report(field.name, f"the document is {length} characters long; RAM allows {MAX_POLICY_DOCUMENT_LENGTH}")
    problems.extend(_type_specific(spec, resource_name, inputs))
    return problems


def _type_specific(spec: ResourceSpec, resource_name: str, inputs: Mapping[str, Any]) -> Iterable[Problem]:
    prefix = spec.type_name

    def problem(field: str, message: str) -> Problem:
        return field, f"{describe(spec, resource_name, field)}: {message}"

    if prefix == "RamRole":
        duration = inputs.get("maxSessionDuration")
        low, high = SESSION_DURATION_RANGE
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
            if isinstance(account, str) and not re.fullmatch(r"[0-9]+|acs:ram::[0-9]+:(root|user/.+|role/.+)", account):
                yield problem("trustedAccounts", f"{account!r} is neither an account UID nor a RAM principal ARN")
    if prefix == "PolicyAttachment":
        principal_type = inputs.get("principalType")
        principal_name = inputs.get("principalName")
        if isinstance(principal_type, str) and isinstance(principal_name, str):
            rule = _PRINCIPAL_NAME_RULES.get(principal_type.lower())
            message = rule.problem(principal_name) if rule else None
            if message:
                yield problem("principalName", message)
        group_id = inputs.get("resourceGroupId")
        if isinstance(group_id, str):
            if re.fullmatch(r"[0-9]+", group_id):
                yield problem(
                    "resourceGroupId",
                    f"{group_id!r} is an account id: omit resourceGroupId to attach at account scope",
                )
            else:
                message = _RG_ID.problem(group_id)
                if message:
                    yield problem("resourceGroupId", message)
