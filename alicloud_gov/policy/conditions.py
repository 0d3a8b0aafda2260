"""RAM ``Condition`` blocks: every operator, compiled once, evaluated against a request context.

A condition block maps operators to ``{key: value-or-values}``. RAM's rules, which this
module follows:

* the values listed for one key OR together;
* the keys under one operator AND together;
* the operators of one block AND together.

Choices this module makes (documented in docs/simulate.md):

* Operator names and condition keys match case-insensitively (``acs:SourceIp`` and
  ``acs:sourceip`` are the same key); string *values* compare case-sensitively except
  under the ``...IgnoreCase`` operators.
* A key missing from the context makes a positive operator (``StringEquals``,
  ``IpAddress``, ``Bool``, ...) false and a negated operator (``StringNotEquals``,
  ``StringNotLike``, ``NumericNotEquals``, ``DateNotEquals``, ``NotIpAddress``, ...) true:
  no value is present, so no value equals the listed ones. This is what makes the common
  guard rail ``Deny ... StringNotEquals acs:SourceVpc vpc-1`` deny requests that carry no VPC.
* A context value may be a single value or a list; a positive operator holds when any
  context value matches any listed value, a negated one when none does.
* Numbers and epoch dates are read exactly (as :class:`~decimal.Decimal`): a 400-digit integer or ``1e400``
  compares exactly, never overflowing or rounding; ``NaN`` and infinities are not numbers.
* A context value that cannot be read as the operator's type (``"abc"`` for a numeric
  operator, a malformed IP) makes the condition false, whatever the operator.
* A listed value that cannot be read as the operator's type, or an unknown operator,
  makes the whole block never hold (the statement then never applies); the problem is recorded
  in :attr:`ConditionBlock.problems` so callers can report it (the checker reports these as findings).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from alicloud_gov.policy.matching import Pattern

# A comparison of one context value (already converted) against one listed value.
Comparator = Callable[[Any, Any], bool]
# Converts a raw value into the operator's type; raises ValueError when it cannot.
Converter = Callable[[object], Any]


class ConditionValueError(ValueError):
    """A value cannot be read as the type a condition operator needs."""


def _as_string(value: object) -> str:
    """Render a condition value as RAM compares it: booleans lower-case, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ConditionValueError(f"expected a string, got {type(value).__name__}")


def parse_number(value: object) -> Decimal:
    """Read an int, float or numeric string exactly, as a :class:`~decimal.Decimal`.

    Integers of any size and decimal text (``"1e400"``, 400 digits) keep their exact value, so comparisons never
    overflow or round. Booleans and non-finite values (``NaN``, ``Infinity``, a float ``inf``) are rejected.
    """
    if isinstance(value, bool):
        raise ConditionValueError("expected a number, got a boolean")
    try:
        if isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))  # the shortest text that reads back as this float: 0.1 is 0.1
        elif isinstance(value, str):
            number = Decimal(value.strip())
        else:
            raise ConditionValueError(f"expected a number, got {type(value).__name__}")
    except (ArithmeticError, ValueError):
        raise ConditionValueError(f"expected a number, got {_shown(value)}") from None
    if not number.is_finite():
        raise ConditionValueError(f"expected a finite number, got {_shown(value)}")
    return number


def _shown(value: object) -> str:
    """A short rendering of a value for a problem message."""
    text = value if isinstance(value, str) else type(value).__name__
    return repr(text if len(text) <= 40 else text[:37] + "...")


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def parse_date(value: object) -> Decimal:
    """Read a date as exact epoch seconds: ISO 8601 text (``Z`` or an offset; naive means UTC),
    epoch seconds (a number or ASCII digits, of any size), or a :class:`datetime`."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, bool):
        raise ConditionValueError("expected a date, got a boolean")
    elif isinstance(value, (int, float)):
        return parse_number(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            return parse_number(text)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ConditionValueError(f"expected an ISO 8601 date, got {_shown(value)}") from None
    else:
        raise ConditionValueError(f"expected a date, got {type(value).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    elapsed = moment - _EPOCH
    return Decimal(elapsed.days * 86_400 + elapsed.seconds) + Decimal(elapsed.microseconds).scaleb(-6)


def _as_bool(value: object) -> bool:
    """Read ``true``/``false`` (any case) or a boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ConditionValueError(f"expected true or false, got {value!r}")


def _as_address(value: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """Read one IPv4 or IPv6 address (a request's source IP)."""
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return value
    if not isinstance(value, str):
        raise ConditionValueError(f"expected an IP address, got {type(value).__name__}")
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        raise ConditionValueError(f"expected an IP address, got {value!r}") from None


def _as_network(value: object) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """Read a CIDR block or a single address (a /32 or /128) listed in a policy."""
    if not isinstance(value, str):
        raise ConditionValueError(f"expected a CIDR block, got {type(value).__name__}")
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ConditionValueError(f"expected a CIDR block or IP address, got {value!r}") from None


def _like(context_value: str, pattern: Pattern) -> bool:
    return pattern.matches(context_value)


def _in_network(address: Any, network: Any) -> bool:
    return address.version == network.version and address in network


@dataclass(frozen=True)
class OperatorSpec:
    """How one operator reads and compares values.

    ``negated`` operators hold when no context value matches any listed value.
    """

    name: str
    context_converter: Converter
    policy_converter: Converter
    comparator: Comparator
    negated: bool = False


def _string_equals(a: str, b: str) -> bool:
    return a == b


def _string_equals_ignore_case(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _like_pattern(value: object) -> Pattern:
    return Pattern(_as_string(value), case_sensitive=True)


def _operators() -> dict[str, OperatorSpec]:
    """The full RAM operator table, keyed by lower-cased name."""
    specs: list[OperatorSpec] = [
        OperatorSpec("StringEquals", _as_string, _as_string, _string_equals),
        OperatorSpec("StringNotEquals", _as_string, _as_string, _string_equals, negated=True),
        OperatorSpec("StringEqualsIgnoreCase", _as_string, _as_string, _string_equals_ignore_case),
        OperatorSpec("StringNotEqualsIgnoreCase", _as_string, _as_string, _string_equals_ignore_case, negated=True),
        OperatorSpec("StringLike", _as_string, _like_pattern, _like),
        OperatorSpec("StringNotLike", _as_string, _like_pattern, _like, negated=True),
        OperatorSpec("Bool", _as_bool, _as_bool, lambda a, b: a == b),
        OperatorSpec("IpAddress", _as_address, _as_network, _in_network),
        OperatorSpec("NotIpAddress", _as_address, _as_network, _in_network, negated=True),
    ]
    comparisons: list[tuple[str, Comparator, bool]] = [
        ("Equals", lambda a, b: a == b, False),
        ("NotEquals", lambda a, b: a == b, True),
        ("LessThan", lambda a, b: a < b, False),
        ("LessThanEquals", lambda a, b: a <= b, False),
        ("GreaterThan", lambda a, b: a > b, False),
        ("GreaterThanEquals", lambda a, b: a >= b, False),
    ]
    for family, converter in (("Numeric", parse_number), ("Date", parse_date)):
        for suffix, comparator, negated in comparisons:
            specs.append(OperatorSpec(family + suffix, converter, converter, comparator, negated=negated))
    return {spec.name.lower(): spec for spec in specs}


OPERATORS: dict[str, OperatorSpec] = _operators()
"""Every RAM condition operator, keyed by lower-cased name."""

OPERATOR_NAMES: tuple[str, ...] = tuple(spec.name for spec in OPERATORS.values())
"""Canonical names of every supported operator."""


def _as_list(value: object) -> list[object]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


@dataclass(frozen=True)
class CompiledCondition:
    """One ``operator: {key: values}`` entry, with its listed values converted once."""

    operator: str
    key: str
    values: tuple[Any, ...]
    spec: OperatorSpec
    valid: bool
    shown: tuple[str, ...] = field(default=(), compare=False)
    """The listed values as the policy wrote them, for explanations."""

    key_lower: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "key_lower", self.key.lower())

    def holds(self, context: Mapping[str, object]) -> bool:
        """True when the condition holds for ``context`` (keys already lower-cased)."""
        spec = self.spec
        if not self.valid:
            return False
        raw = context.get(self.key_lower)
        if raw is None:
            return spec.negated
        try:
            observed = [spec.context_converter(item) for item in _as_list(raw)]
        except ConditionValueError:
            return False
        compare = spec.comparator
        matched = any(compare(item, listed) for item in observed for listed in self.values)
        return not matched if spec.negated else matched

    def explain_unmet(self, context: Mapping[str, object]) -> str:
        """Why the condition does not hold for ``context``: the operator, key and listed values, and what the
        request had for the key (or that it lacked it)."""
        listed = ", ".join(self.shown) if self.shown else "(no values)"
        raw = context.get(self.key_lower)
        if raw is None:
            had = f"the request lacks {self.key}"
        else:
            had = f"the request has {self.key}={', '.join(str(item) for item in _as_list(raw))}"
        return f"{self.operator} {self.key} {listed} is not met ({had})"


class ConditionBlock:
    """A compiled ``Condition`` element: every entry must hold.

    ``problems`` lists human-readable reasons why parts of the block can never hold
    (unknown operator, a listed value of the wrong type, a malformed block).
    """

    __slots__ = ("conditions", "problems")

    def __init__(self, conditions: Iterable[CompiledCondition], problems: Iterable[str] = ()) -> None:
        self.conditions: tuple[CompiledCondition, ...] = tuple(conditions)
        self.problems: tuple[str, ...] = tuple(problems)

    @property
    def is_empty(self) -> bool:
        """True when the statement has no conditions (always holds)."""
        return not self.conditions and not self.problems

    def holds(self, context: Mapping[str, object]) -> bool:
        """True when every condition holds for ``context`` (keys already lower-cased)."""
        if self.problems:
            return False
        return all(condition.holds(context) for condition in self.conditions)

    def unmet(self, context: Mapping[str, object]) -> list[str]:
        """An explanation of each condition that does not hold for ``context`` (keys already lower-cased)."""
        return [condition.explain_unmet(context) for condition in self.conditions if not condition.holds(context)]

    def keys(self) -> frozenset[str]:
        """The condition keys this block reads, as written."""
        return frozenset(condition.key for condition in self.conditions)


EMPTY_BLOCK = ConditionBlock(())


def compile_conditions(block: object) -> ConditionBlock:
    """Compile a statement's ``Condition`` element (``None`` means no conditions)."""
    if block is None:
        return EMPTY_BLOCK
    if not isinstance(block, Mapping):
        return ConditionBlock((), [f"Condition must be an object, got {type(block).__name__}"])
    conditions: list[CompiledCondition] = []
    problems: list[str] = []
    for operator, entries in block.items():
        spec = OPERATORS.get(str(operator).lower())
        if spec is None:
            problems.append(f"unknown condition operator {operator!r}")
            continue
        if not isinstance(entries, Mapping):
            problems.append(f"{spec.name} must map condition keys to values")
            continue
        for key, raw_values in entries.items():
            listed: list[Any] = []
            valid = True
            for item in _as_list(raw_values):
                try:
                    listed.append(spec.policy_converter(item))
                except ConditionValueError as error:
                    valid = False
                    problems.append(f"{spec.name} {key}: {error}")
            shown = tuple(_shown_value(item) for item in _as_list(raw_values))
            conditions.append(CompiledCondition(spec.name, str(key), tuple(listed), spec, valid, shown))
    return ConditionBlock(conditions, problems)


def _shown_value(value: object) -> str:
    """A listed condition value as text (booleans as RAM writes them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def normalize_context(context: Mapping[str, object] | None) -> dict[str, object]:
    """Lower-case the keys of a request context so lookups are case-insensitive."""
    if not context:
        return {}
    return {str(key).lower(): value for key, value in context.items()}
