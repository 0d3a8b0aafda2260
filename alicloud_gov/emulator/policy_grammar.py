"""Policy document validation for RAM writes (MalformedPolicyDocument).

Interim, minimal grammar of our own until the shared checker's error-severity grammar findings
are wired in: the document must be a JSON object with Version "1" and a non-empty Statement (an
object or a list of objects); each statement has Effect Allow|Deny, exactly one of Action /
NotAction (a non-empty string or list of strings, each ``service:Name`` or ``*``), and for
identity policies exactly one of Resource / NotResource; trust policies need a Principal with
RAM, Service or Federated values; Condition, when present, is an object of objects.
"""

from __future__ import annotations

import json
from typing import Any, Literal

PolicyKind = Literal["identity", "trust"]
MAX_POLICY_DOCUMENT_LENGTH = 6144
_STATEMENT_KEYS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition"}
_PRINCIPAL_KEYS = {"RAM", "Service", "Federated"}


def _string_values(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def _statement_errors(index: int, statement: Any, kind: PolicyKind) -> list[str]:
    where = f"Statement[{index}]"
    if not isinstance(statement, dict):
        return [f"{where} must be an object"]
    errors: list[str] = []
    unknown = sorted(set(statement) - _STATEMENT_KEYS)
    if unknown:
        errors.append(f"{where} has an unknown element {unknown[0]!r}")
    if statement.get("Effect") not in ("Allow", "Deny"):
        errors.append(f"{where}.Effect must be Allow or Deny")
    action_keys = [key for key in ("Action", "NotAction") if key in statement]
    if len(action_keys) != 1:
        errors.append(f"{where} needs exactly one of Action or NotAction")
    else:
        actions = _string_values(statement[action_keys[0]])
        if actions is None:
            errors.append(f"{where}.{action_keys[0]} must be a non-empty string or list of strings")
        else:
            errors.extend(
                f"{where}.{action_keys[0]} {action!r} is not service:Action or *"
                for action in actions
                if action != "*" and (":" not in action or not action.split(":", 1)[0] or not action.split(":", 1)[1])
            )
    resource_keys = [key for key in ("Resource", "NotResource") if key in statement]
    if kind == "identity":
        if len(resource_keys) != 1:
            errors.append(f"{where} needs exactly one of Resource or NotResource")
        elif _string_values(statement[resource_keys[0]]) is None:
            errors.append(f"{where}.{resource_keys[0]} must be a non-empty string or list of strings")
        if "Principal" in statement:
            errors.append(f"{where}.Principal is not allowed in a permission policy")
    else:
        principal = statement.get("Principal")
        if not isinstance(principal, dict) or not principal:
            errors.append(f"{where}.Principal must be an object with RAM, Service or Federated")
        else:
            for key, value in principal.items():
                if key not in _PRINCIPAL_KEYS:
                    errors.append(f"{where}.Principal has an unknown element {key!r}")
                elif _string_values(value) is None:
                    errors.append(f"{where}.Principal.{key} must be a non-empty string or list of strings")
    condition = statement.get("Condition")
    if condition is not None and (
        not isinstance(condition, dict) or not all(isinstance(block, dict) for block in condition.values())
    ):
        errors.append(f"{where}.Condition must be an object of operator objects")
    return errors


def policy_errors(text: str, kind: PolicyKind = "identity") -> list[str]:
    """Grammar errors of a policy document (empty when valid)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return [f"the document is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"]
    if not isinstance(document, dict):
        return ["the document must be a JSON object"]
    errors: list[str] = []
    unknown = sorted(set(document) - {"Version", "Statement"})
    if unknown:
        errors.append(f"unknown top-level element {unknown[0]!r}")
    if document.get("Version") != "1":
        errors.append('Version must be "1"')
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        errors.append("Statement must be a non-empty list of statements")
        return errors
    for index, statement in enumerate(statements):
        errors.extend(_statement_errors(index, statement, kind))
    return errors
