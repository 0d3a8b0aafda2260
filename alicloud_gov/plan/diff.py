"""Property diffs that never show a false change.

Each resource type declares its input properties as :class:`PropertySpec`s: a
*kind* that says how two values are compared, and whether a change forces a
replacement. :func:`diff_properties` compares old state with new inputs value by
value in normalised form, so that reformatting, reordering, string-versus-list,
action-name case and policy-name case never appear as changes, and reports each
real change with its kind (add, delete, update) and whether it replaces.

Only declared properties are compared: computed outputs kept in the old state
(ids, ARNs, status) are never mistaken for deletions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from alicloud_gov.policy.normalize import canonical_policy_json
from alicloud_gov.spec.schema import ResourceSpec
from alicloud_gov.spec.unknown import UNKNOWN

PropertyKind = Literal["string", "name_ci", "policy", "string_set", "json", "int", "bool", "map"]
ChangeKind = Literal["add", "delete", "update"]


@dataclass(frozen=True)
class PropertySpec:
    """How one input property of a resource type is compared.

    ``kind`` chooses the comparison:
    ``string`` (absent and empty are the same), ``name_ci`` (case-insensitive
    names, such as policy names), ``policy`` (a policy document, dict or JSON
    text, compared in normalised form), ``string_set`` (order and duplicates
    ignored), ``json`` (structural equality), ``int``, ``bool`` and ``map``
    (string to string, such as tags).
    """

    name: str
    kind: PropertyKind = "string"
    replace_on_change: bool = False
    secret: bool = False
    default: Any = None


@dataclass(frozen=True)
class ResourceSchema:
    """The declared input properties of one resource type."""

    type_name: str
    properties: tuple[PropertySpec, ...]

    def spec(self, name: str) -> PropertySpec | None:
        """The spec of property ``name``, or None when it is not declared."""
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None

    @property
    def replace_keys(self) -> tuple[str, ...]:
        """Names of the properties whose change forces a replacement."""
        return tuple(p.name for p in self.properties if p.replace_on_change)


@dataclass(frozen=True)
class PropertyChange:
    """One property that differs between the old state and the new inputs."""

    name: str
    kind: ChangeKind
    replace: bool
    old: Any
    new: Any
    unknown: bool = False


@dataclass
class DiffResult:
    """Every changed property of one resource, in declaration order."""

    changes: list[PropertyChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        """True when at least one property changes (or may change: unknown)."""
        return bool(self.changes)

    @property
    def replaces(self) -> bool:
        """True when any change forces a replacement."""
        return any(change.replace for change in self.changes)

    @property
    def replace_keys(self) -> list[str]:
        """Names of the changed properties that force a replacement."""
        return [change.name for change in self.changes if change.replace]

    @property
    def changed_keys(self) -> list[str]:
        """Names of every changed property."""
        return [change.name for change in self.changes]


def _is_absent(value: Any) -> bool:
    return value is None


def _normalize_string(value: Any) -> Any:
    return "" if value is None else str(value)


def _normalize_name_ci(value: Any) -> Any:
    return "" if value is None else str(value).casefold()


def _normalize_policy(value: Any) -> Any:
    return None if value is None or value == "" else canonical_policy_json(value)


def _normalize_string_set(value: Any) -> Any:
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    return tuple(sorted({str(item) for item in items}))


def _normalize_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _normalize_int(value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return str(value)


def _normalize_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return value
    return None if value is None else bool(value)


def _normalize_map(value: Any) -> Any:
    if not value:
        return ()
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in value.items()))
    return _normalize_json(value)


_NORMALIZERS: dict[str, Callable[[Any], Any]] = {
    "string": _normalize_string,
    "name_ci": _normalize_name_ci,
    "policy": _normalize_policy,
    "string_set": _normalize_string_set,
    "json": _normalize_json,
    "int": _normalize_int,
    "bool": _normalize_bool,
    "map": _normalize_map,
}


def normalize_value(spec: PropertySpec, value: Any) -> Any:
    """The comparable form of ``value`` under ``spec`` (absent values take the spec's default)."""
    if value is None and spec.default is not None:
        value = spec.default
    return _NORMALIZERS[spec.kind](value)


def values_equal(spec: PropertySpec, old: Any, new: Any) -> bool:
    """True when ``old`` and ``new`` mean the same under ``spec``; never true for an unknown value."""
    if new is UNKNOWN or old is UNKNOWN:
        return False
    return bool(normalize_value(spec, old) == normalize_value(spec, new))


def diff_properties(schema: ResourceSchema, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffResult:
    """Compare the declared properties of ``schema`` between old state and new inputs."""
    result = DiffResult()
    for spec in schema.properties:
        old = olds.get(spec.name)
        new = news.get(spec.name)
        if new is UNKNOWN:
            result.changes.append(PropertyChange(spec.name, "update", spec.replace_on_change, old, new, unknown=True))
            continue
        if values_equal(spec, old, new):
            continue
        if _is_absent(old) and spec.default is None:
            kind: ChangeKind = "add"
        elif _is_absent(new) and spec.default is None:
            kind = "delete"
        else:
            kind = "update"
        result.changes.append(PropertyChange(spec.name, kind, spec.replace_on_change, old, new))
    return result


def resource_schema(resource: ResourceSpec) -> ResourceSchema:
    """The diff engine's view of a resource type's inputs (those the diff compares)."""
    return ResourceSchema(
        type_name=resource.type_name,
        properties=tuple(
            PropertySpec(
                name=item.name,
                kind=item.kind,  # type: ignore[arg-type]
                replace_on_change=item.replace,
                secret=item.secret,
                default=item.default,
            )
            for item in resource.inputs
            if item.compared
        ),
    )
