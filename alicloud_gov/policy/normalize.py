"""The normalised form of a RAM policy document, which the diff engine compares.

Alibaba Cloud returns policy and trust documents reformatted (compacted, keys
reordered, one-element lists as strings); existing providers compare text and
show perpetual diffs. Two documents that RAM treats as the same must have the
same normalised form, so this module erases every difference that carries no
meaning:

* whitespace, indentation and key order;
* a single value versus a one-element list (``"Action": "ram:GetUser"``);
* the case of action names (RAM matches them case-insensitively), of element
  names (``effect`` / ``Effect``), of condition operators and condition key
  names (a tag key after ``acs:ResourceTag/`` keeps its case);
* duplicate values and the order of values, statements and principals;
* ``"Version": 1`` versus ``"Version": "1"``; scalar condition values
  (``true`` versus ``"true"``).

Resources keep their case: ARNs of named resources are case-sensitive.
The function is total: anything that is not a policy comes back as parsed JSON
(or, for text that is not JSON, wrapped as ``{"__unparsed__": text}``) so that
callers can still compare it without special cases.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

_ELEMENTS = {
    name.lower(): name
    for name in (
        "Version",
        "Statement",
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Principal",
        "NotPrincipal",
        "Condition",
    )
}
_OPERATORS = {
    name.lower(): name
    for name in (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "IpAddress",
        "NotIpAddress",
    )
}
_PRINCIPAL_KINDS = {name.lower(): name for name in ("RAM", "Service", "Federated")}
_ACTION_ELEMENTS = ("Action", "NotAction")
_RESOURCE_ELEMENTS = ("Resource", "NotResource")


def _scalar_text(value: Any) -> str:
    """The text RAM would compare for a scalar value (``true`` -> ``"true"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _value_list(value: Any, *, fold_case: bool = False) -> list[str]:
    """A single value or a list of values as a sorted, de-duplicated list of text."""
    items = value if isinstance(value, list) else [value]
    texts = {_scalar_text(item) for item in items}
    if fold_case:
        texts = {text.lower() for text in texts}
    return sorted(texts)


def _normalize_principal(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return _value_list(value)
    result: dict[str, Any] = {}
    for kind, entries in value.items():
        name = _PRINCIPAL_KINDS.get(str(kind).lower(), str(kind))
        merged = set(result.get(name, [])) | set(_value_list(entries))
        result[name] = sorted(merged)
    return dict(sorted(result.items()))


def _condition_key_name(key: str) -> str:
    """Condition key names match case-insensitively; a tag key after ``/`` keeps its case."""
    prefix, slash, rest = key.partition("/")
    return prefix.lower() + slash + rest


def _normalize_condition(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    result: dict[str, dict[str, list[str]]] = {}
    for operator, keys in value.items():
        op_name = _OPERATORS.get(str(operator).lower(), str(operator))
        block = result.setdefault(op_name, {})
        if not isinstance(keys, Mapping):
            block["__value__"] = _value_list(keys)
            continue
        for key, values in keys.items():
            key_name = _condition_key_name(str(key))
            fold = op_name.endswith("IgnoreCase") or op_name == "Bool"
            merged = set(block.get(key_name, [])) | set(_value_list(values, fold_case=fold))
            block[key_name] = sorted(merged)
    return {op: dict(sorted(keys.items())) for op, keys in sorted(result.items())}


def _normalize_statement(statement: Any) -> Any:
    if not isinstance(statement, Mapping):
        return statement
    result: dict[str, Any] = {}
    for key, value in statement.items():
        name = _ELEMENTS.get(str(key).lower(), str(key))
        if name in _ACTION_ELEMENTS:
            result[name] = _value_list(value, fold_case=True)
        elif name in _RESOURCE_ELEMENTS:
            result[name] = _value_list(value)
        elif name == "Effect":
            text = _scalar_text(value)
            result[name] = text.capitalize() if text.lower() in ("allow", "deny") else text
        elif name in ("Principal", "NotPrincipal"):
            result[name] = _normalize_principal(value)
        elif name == "Condition":
            result[name] = _normalize_condition(value)
        else:
            result[name] = value
    return dict(sorted(result.items()))


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, separators=(",", ":"))


def normalize_policy(doc: str | Mapping[str, Any] | Any) -> Any:
    """Return the canonical form of a policy document given as JSON text or a mapping.

    Statements come back as a sorted, de-duplicated list; every element value as
    described in the module docstring. Input that is not a policy is returned as
    parsed JSON, and text that is not JSON as ``{"__unparsed__": text}``.
    """
    parsed: Any = doc
    if isinstance(doc, (str, bytes)):
        text = doc.decode("utf-8", "replace") if isinstance(doc, bytes) else doc
        try:
            parsed = json.loads(text)
        except ValueError:
            return {"__unparsed__": text.strip()}
    if not isinstance(parsed, Mapping):
        return parsed
    result: dict[str, Any] = {}
    for key, value in parsed.items():
        name = _ELEMENTS.get(str(key).lower(), str(key))
        if name == "Version":
            result[name] = _scalar_text(value)
        elif name == "Statement":
            statements = value if isinstance(value, list) else [value]
            unique = {_sort_key(s): s for s in (_normalize_statement(s) for s in statements)}
            result[name] = [unique[k] for k in sorted(unique)]
        else:
            result[name] = value
    return dict(sorted(result.items()))


def canonical_policy_json(doc: str | Mapping[str, Any] | Any) -> str:
    """The normalised document as compact JSON with sorted keys: equal text means equal policies."""
    return json.dumps(normalize_policy(doc), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def policies_equal(left: str | Mapping[str, Any] | Any, right: str | Mapping[str, Any] | Any) -> bool:
    """True when two documents differ only in ways RAM ignores."""
    return canonical_policy_json(left) == canonical_policy_json(right)
