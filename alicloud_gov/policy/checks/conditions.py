"""Condition checks: operators exist, keys are well formed and known, values fit the operator and the key."""

from __future__ import annotations

import difflib
import functools
import ipaddress
import re
from collections.abc import Iterator
from typing import NamedTuple

from alicloud_gov.policy.checks.context import CheckContext, has_wildcard
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.conditions import ConditionValueError, parse_date, parse_number
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import JsonNode, Kind, Statement

STRING_OPERATORS = (
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
)
NUMERIC_OPERATORS = (
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
)
DATE_OPERATORS = (
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
)
OPERATOR_FAMILIES: dict[str, str] = {
    **dict.fromkeys(STRING_OPERATORS, "String"),
    **dict.fromkeys(NUMERIC_OPERATORS, "Numeric"),
    **dict.fromkeys(DATE_OPERATORS, "Date"),
    "Bool": "Boolean",
    "IpAddress": "IPAddress",
    "NotIpAddress": "IPAddress",
}
SET_PREFIXES = ("ForAnyValue:", "ForAllValues:")
_CANONICAL = {name.lower(): name for name in OPERATOR_FAMILIES}
# Which key types each operator family may compare (String operators also read ARN keys).
_COMPATIBLE = {
    "String": {"String", "ARN"},
    "Numeric": {"Numeric"},
    "Date": {"Date"},
    "Boolean": {"Boolean"},
    "IPAddress": {"IPAddress"},
}
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*:[A-Za-z0-9][A-Za-z0-9_./:-]*$")
_EQUALITY_OPERATORS = ("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase")
# Kind's members as module constants: looking up ``Kind.X`` costs several times a global in the loops below.
_ARRAY = Kind.ARRAY
_NULL = Kind.NULL
_OBJECT = Kind.OBJECT
_REMEMBERED_LENGTH = 256  # longer condition values are checked without being remembered
_NOT_SCALARS = (_OBJECT, _ARRAY, _NULL)


@functools.lru_cache(maxsize=1024)
def _read_operator(name: str) -> tuple[str | None, str]:
    """An operator name's family (None if unknown) and its canonical form (remembered: documents repeat them)."""
    base = name
    for prefix in SET_PREFIXES:
        if name.lower().startswith(prefix.lower()):
            base = name[len(prefix) :]
    canonical = _CANONICAL.get(base.lower())
    return (OPERATOR_FAMILIES[canonical], canonical) if canonical else (None, base)


def operator_family(name: str) -> str | None:
    """The value family (String, Numeric, Date, Boolean, IPAddress) of an operator name, or None if unknown.

    Names match case-insensitively (as RAM evaluates them); ``ForAnyValue:``/``ForAllValues:`` prefixes are allowed.
    """
    return _read_operator(name)[0]


def canonical_operator(name: str) -> str:
    """The operator without set prefix, in canonical case (or as written when unknown)."""
    return _read_operator(name)[1]


@functools.lru_cache(maxsize=4096)
def _well_formed_key(key: str) -> bool:
    """True when ``key`` has the form ``<prefix>:<name>`` (remembered: documents repeat their keys)."""
    return _KEY.match(key) is not None


class ConditionEntry(NamedTuple):
    """One ``operator -> key -> values`` entry of a statement's Condition block (immutable, cheap to build)."""

    statement: Statement
    operator: str
    operator_node: JsonNode
    operator_position: tuple[int | None, int | None]
    key: str
    key_node: JsonNode
    key_position: tuple[int | None, int | None]

    @property
    def values(self) -> tuple[JsonNode, ...]:
        """The listed values (a single value counts as one)."""
        return self.key_node.items()


def condition_entries(ctx: CheckContext) -> Iterator[ConditionEntry]:
    """Every operator/key pair of every statement's Condition (well-typed parts only)."""
    return iter(ctx.shared(_condition_entries))


def _condition_entries(ctx: CheckContext) -> tuple[ConditionEntry, ...]:
    """The document's condition entries, listed once for the checks that read them."""
    return tuple(_walk_conditions(ctx))


def _walk_conditions(ctx: CheckContext) -> Iterator[ConditionEntry]:
    for elements in ctx.statement_elements:
        condition = elements.condition
        if condition is None or condition.kind is not _OBJECT:
            continue
        statement = elements.statement
        for operator in condition.members:
            if operator.value.kind is not _OBJECT:
                continue
            for key in operator.value.members:
                yield ConditionEntry(
                    statement,
                    operator.key,
                    operator.value,
                    (operator.key_line, operator.key_column),
                    key.key,
                    key.value,
                    (key.key_line, key.key_column),
                )


@check("INVALID_CONDITION_OPERATOR", Severity.ERROR, "A condition operator that does not exist")
def invalid_condition_operator(ctx: CheckContext) -> Iterator[Hit]:
    """Condition operators are the String*, Numeric*, Date* families, ``Bool``, ``IpAddress`` and
    ``NotIpAddress`` (optionally prefixed ``ForAnyValue:``/``ForAllValues:``). Anything else never matches."""
    for elements in ctx.statement_elements:
        condition = elements.condition
        if condition is None:
            continue
        for operator in condition.members:
            if operator_family(operator.key) is None:
                close = difflib.get_close_matches(operator.key, list(OPERATOR_FAMILIES), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]}?" if close else "."
                yield Hit(
                    f'"{operator.key}" is not a condition operator{hint}',
                    operator.value,
                    close[0] if close else None,
                    key_position=(operator.key_line, operator.key_column),
                )


@check("INVALID_CONDITION_KEY_FORMAT", Severity.ERROR, "A condition key is not <prefix>:<name>")
def invalid_condition_key_format(ctx: CheckContext) -> Iterator[Hit]:
    """Condition keys are written ``<prefix>:<name>``: ``acs:SourceIp``, ``acs:ResourceTag/<tag-key>``,
    ``vpc:<service key>``, ``oidc:sub``. A key without a prefix or with spaces is never present in a request."""
    for entry in condition_entries(ctx):
        if not _well_formed_key(entry.key):
            yield Hit(
                f'"{entry.key}" is not a condition key of the form <prefix>:<name> (e.g. acs:SourceIp).',
                entry.key_node,
                key_position=entry.key_position,
            )


def _key_is_checkable(ctx: CheckContext, key: str) -> bool:
    prefix = key.partition(":")[0]
    if prefix.lower() == "acs":
        return True
    return not ctx.catalog.is_service_level_only(prefix)


@check("UNKNOWN_CONDITION_KEY", Severity.WARNING, "A condition key the catalogue does not know")
def unknown_condition_key(ctx: CheckContext) -> Iterator[Hit]:
    """The key is neither a common key (``acs:SourceIp``, ``acs:CurrentTime``, ``acs:ResourceTag/<k>``...) nor a key
    the catalogue knows for a service; it is probably misspelt and then never present, so the condition never
    holds (or, under a negated operator, always holds). Keys of services known only at service level pass."""
    known: list[str] | None = None
    for entry in condition_entries(ctx):
        if not _well_formed_key(entry.key) or not _key_is_checkable(ctx, entry.key):
            continue
        if ctx.catalog.condition_key(entry.key) is None:
            if known is None:
                known = [k.name for k in ctx.catalog.condition_keys()]
            close = difflib.get_close_matches(entry.key, known, n=1, cutoff=0.7)
            hint = f"; did you mean {close[0]}?" if close else "."
            yield Hit(
                f'"{entry.key}" is not a known condition key{hint}',
                entry.key_node,
                close[0] if close else None,
                key_position=entry.key_position,
            )


def value_problem(family: str, value: JsonNode) -> str | None:
    """Why ``value`` cannot be read as a value of operator ``family``, or None when it can.

    Numbers and dates are read by the evaluator's own converters, so a value is valid here exactly when
    ``simulate`` and the emulator can compare it (400-digit numbers are; ``NaN`` and ``Infinity`` are not).
    """
    if value.kind in _NOT_SCALARS:
        return None  # a DATA_TYPE_MISMATCH, reported there
    if family == "String":
        return None  # every scalar reads as a string
    raw = value.scalar
    if isinstance(raw, str) and len(raw) > _REMEMBERED_LENGTH:
        return _scalar_problem(family, raw)
    return _remembered_scalar_problem(family, raw)


def _scalar_problem(family: str, raw: str | int | float | bool | None) -> str | None:
    """:func:`value_problem` for a scalar."""
    if family in ("Numeric", "Date"):
        try:
            (parse_number if family == "Numeric" else parse_date)(raw)
        except ConditionValueError as error:
            return _problem_text(family, raw, error)
        return None
    text = str(raw).strip() if not isinstance(raw, bool) else ("true" if raw else "false")
    if family == "Boolean":
        if text.lower() not in ("true", "false"):
            return f'"{text}" is not true or false'
    elif family == "IPAddress":
        if not text:
            return "an empty string is not an IP address or CIDR block"
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            return f'"{text}" is not an IP address or CIDR block'
    return None


# Remembered (documents repeat their values); typed: True, 1 and 1.0 are different values here.
_remembered_scalar_problem = functools.lru_cache(maxsize=4096, typed=True)(_scalar_problem)


def _problem_text(family: str, raw: object, error: ConditionValueError) -> str:
    if isinstance(raw, bool):
        return f"a boolean is not a {'number' if family == 'Numeric' else 'date'}"
    text = str(raw).strip()
    if len(text) > 60:
        text = text[:57] + "..."
    if family == "Numeric":
        return f'"{text}" is not a {"finite " if "finite" in str(error) else ""}number'
    return f'"{text}" is not a date (ISO 8601 such as 2026-01-01T00:00:00Z, or epoch seconds)'


@check("CONDITION_TYPE_MISMATCH", Severity.ERROR, "A condition value or key does not fit the operator")
def condition_type_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """The operator's family must suit the key's type (``IpAddress`` for ``acs:SourceIp``, ``Date*`` for
    ``acs:CurrentTime``, ``Bool`` for ``acs:SecureTransport``...) and every value must parse as that type
    (an empty string is not an IP address; ``Bool`` takes exactly one value): otherwise the condition never holds
    as intended."""
    for entry in condition_entries(ctx):
        family = operator_family(entry.operator)
        if family is None:
            continue
        key = ctx.catalog.condition_key(entry.key) if _well_formed_key(entry.key) else None
        if key is not None and key.type not in _COMPATIBLE[family]:
            fitting = [op for op, fam in OPERATOR_FAMILIES.items() if key.type in _COMPATIBLE[fam]]
            yield Hit(
                f"{key.name} is a {key.type} key; {canonical_operator(entry.operator)} compares {family} values.",
                entry.key_node,
                f"Use {' or '.join(fitting[:2])}.",
                key_position=entry.key_position,
            )
            continue
        if family == "Boolean" and len(entry.values) > 1:
            yield Hit(
                f"Condition Bool {entry.key} lists {len(entry.values)} values; a Boolean condition takes one.",
                entry.key_node,
                '"true" or "false"',
                key_position=entry.key_position,
            )
        for value in entry.values:
            problem = value_problem(family, value)
            if problem is not None:
                yield Hit(f"Condition {canonical_operator(entry.operator)} {entry.key}: {problem}.", value)


@check("WILDCARD_WITHOUT_LIKE_OPERATOR", Severity.WARNING, "A wildcard in a value compared for equality")
def wildcard_without_like_operator(ctx: CheckContext) -> Iterator[Hit]:
    """``*`` and ``?`` are wildcards only under ``StringLike``/``StringNotLike``; under ``StringEquals`` and its
    kin they are literal characters, which is rarely what was meant."""
    for entry in condition_entries(ctx):
        operator = canonical_operator(entry.operator)
        if operator not in _EQUALITY_OPERATORS:
            continue
        for value in entry.values:
            if value.is_string and has_wildcard(value.text):
                like = "StringNotLike" if "Not" in operator else "StringLike"
                yield Hit(
                    f'"{value.text}" contains a wildcard, but {operator} compares it literally.',
                    value,
                    f"Use {like}.",
                )
