"""Conversion between Pulumi property values and the plain Python values the handlers use.

Handlers work with plain values (str, int, float, bool, None, list, dict) and the
diff engine's :data:`~alicloud_gov.plan.UNKNOWN` sentinel for values that are not
known until apply. Secrets are re-applied on the way out from the resource spec,
so an AccessKey secret or an STS token never lands in plaintext state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from alicloud_gov import pulumi_internals
from alicloud_gov.plan import UNKNOWN
from alicloud_gov.plan import contains_unknown as contains_unknown  # defined with UNKNOWN; re-exported here

WIRE_UNKNOWN = pulumi_internals.wire_unknown()
"""The text the SDK sends for a value unknown at preview."""

# The SDK's PropertyValue cannot marshal Computed values, and the engine's unknowns arrive as this
# sentinel string; both directions therefore use the wire sentinel.


def to_plain(value: PropertyValue) -> Any:
    """A plain Python value for ``value``; computed (unknown) values become ``UNKNOWN``.

    Secret wrappers are dropped: callers re-apply secrecy from the spec with :func:`from_plain`.
    """
    inner = value.value
    if isinstance(inner, Computed) or inner == WIRE_UNKNOWN:
        return UNKNOWN
    if isinstance(inner, float) and inner.is_integer():
        return int(inner)
    if isinstance(inner, (str, bool, float)) or inner is None:
        return inner
    if isinstance(inner, Mapping):
        return {key: to_plain(item) for key, item in inner.items()}
    if isinstance(inner, (list, tuple)):
        return [to_plain(item) for item in inner]
    # Assets, archives and resource references have no meaning for this provider.
    return str(inner)


def map_to_plain(values: Mapping[str, PropertyValue]) -> dict[str, Any]:
    """Plain values for a whole property map (null values are dropped: absent and null mean the same)."""
    result: dict[str, Any] = {}
    for key, item in values.items():
        plain = to_plain(item)
        if plain is not None:
            result[key] = plain
    return result


def secret_keys(values: Mapping[str, PropertyValue]) -> set[str]:
    """Names of the top-level properties that are, or contain, secrets."""
    return {key for key, item in values.items() if item.contains_secret()}


def from_plain(value: Any, *, secret: bool = False) -> PropertyValue:
    """A property value for a plain Python value (``UNKNOWN`` becomes the engine's unknown sentinel)."""
    if value is UNKNOWN:
        result = PropertyValue(WIRE_UNKNOWN)
    elif value is None or isinstance(value, (str, bool, float)):
        result = PropertyValue(value)
    elif isinstance(value, int):
        result = PropertyValue(float(value))
    elif isinstance(value, Mapping):
        result = PropertyValue({str(key): from_plain(item) for key, item in value.items()})
    elif isinstance(value, (list, tuple, set, frozenset)):
        result = PropertyValue([from_plain(item) for item in value])
    else:
        result = PropertyValue(str(value))
    return result.with_secret(True) if secret else result


def map_from_plain(values: Mapping[str, Any], secrets: Iterable[str] = ()) -> dict[str, PropertyValue]:
    """A property map for plain values; the keys in ``secrets`` are marked secret."""
    secret_set = set(secrets)
    return {key: from_plain(item, secret=key in secret_set) for key, item in values.items() if item is not None}
