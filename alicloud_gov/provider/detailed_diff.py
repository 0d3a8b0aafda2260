"""The engine's ``detailedDiff``: property paths the Pulumi CLI shows as added and removed members.

The CLI renders a detailed diff by walking each path through the old and the new inputs, index by index, and
printing only the leaf each path names (pulumi/pulumi pkg/engine/detailedDiff.go, ``TranslateDetailedDiff``;
pkg/backend/display/object_diff.go). So ``document.Statement[0].Action[1]`` as an addition prints one
``+ [1]: "ecs:DescribeSnapshots"`` line, where a plain ``document`` update prints every entry after the
insertion as a positional ``~`` change. One consequence of the walk shapes the rules here: the old and the new
list share one index space, so a removal and an addition at the same position become one update there.

Paths come from :mod:`alicloud_gov.plan.explain` (documents) and :mod:`alicloud_gov.plan.members` (list
inputs). When there is no path valid in both values (a document given as JSON text, a statement that moved, an
unknown or secret value) the property is reported as a whole, as before.
"""

from __future__ import annotations

from collections.abc import Mapping

from alicloud_gov.plan.diff import ChangeKind, PropertyChange, PropertySpec
from alicloud_gov.plan.explain import Location, explain_policy_change
from alicloud_gov.plan.members import member_changes

__all__ = ["detailed_paths", "property_path"]

_KIND_OF = {"added": "add", "removed": "delete", "changed": "update"}


def property_path(name: str, location: Location) -> str:
    """A Pulumi property path: ``document.Statement[0].Action[1]``; keys that are not plain names as ``["key"]``."""
    text = name
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part and all(char.isascii() and (char.isalnum() or char == "_") for char in part):
            text += f".{part}"
        else:
            escaped = part.replace('"', '\\"')
            text += f'["{escaped}"]'
    return text


def _located(change: PropertyChange, spec: PropertySpec) -> list[tuple[Location, ChangeKind]] | None:
    """(location inside the property, kind) for each member-level change, or None when the whole must be used."""
    if change.unknown or spec.secret or change.kind != "update":
        return None
    if spec.kind == "policy":
        if not isinstance(change.old, Mapping) or not isinstance(change.new, Mapping):
            return None  # JSON text: the engine cannot index into a string
        found: list[tuple[Location, ChangeKind]] = []
        for item in explain_policy_change(change.old, change.new):
            if item.location is None:
                return None
            found.append((item.location, _KIND_OF[item.change]))  # type: ignore[arg-type]
        return found
    if spec.kind == "string_set":
        if not isinstance(change.old, list) or not isinstance(change.new, list):
            return None
        members = member_changes(change.old, change.new, str)
        return [((member.index,) if member.index is not None else (), _KIND_OF[member.change]) for member in members]  # type: ignore[misc]
    return None


def _merged(entries: list[tuple[Location, ChangeKind]]) -> dict[Location, ChangeKind]:
    """One kind per path: two kinds at one path (a removal and an addition at the same index) are an update, and
    a path inside another reported path is covered by it (the outer one becomes an update)."""
    kinds: dict[Location, ChangeKind] = {}
    for location, kind in entries:
        kinds[location] = kind if kinds.get(location, kind) == kind else "update"
    for location in sorted(kinds, key=len):
        if location not in kinds:
            continue
        inner = [other for other in kinds if len(other) > len(location) and other[: len(location)] == location]
        if inner:
            for other in inner:
                del kinds[other]
            kinds[location] = "update"
    return kinds


def detailed_paths(change: PropertyChange, spec: PropertySpec) -> dict[str, ChangeKind]:
    """Property path -> change kind for one changed property (the property's own name when not finer)."""
    located = _located(change, spec)
    if not located:
        return {change.name: change.kind}
    return {property_path(change.name, location): kind for location, kind in _merged(located).items()}
