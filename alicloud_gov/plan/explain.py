"""Human-readable detail of what changed inside a policy document.

The diff engine decides *whether* a document changed by comparing normalised
text; this module says *what* changed, for previews and ``alicloud-gov plan``.
It runs deepdiff over the two normalised documents with order ignored and
similar statements paired, so an added action shows as one added action rather
than a whole replaced statement.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from deepdiff import DeepDiff

from alicloud_gov.policy.normalize import normalize_policy

_VERBS = {
    "iterable_item_added": "added",
    "dictionary_item_added": "added",
    "iterable_item_removed": "removed",
    "dictionary_item_removed": "removed",
    "values_changed": "changed",
    "type_changes": "changed",
}


@dataclass(frozen=True)
class DocumentChange:
    """One change inside a policy document: where, what happened, the values."""

    path: str
    change: str
    old: Any
    new: Any

    def describe(self) -> str:
        """One line for people, e.g. ``added Statement[0].Action: ram:listusers``."""

        def show(value: Any) -> str:
            return value if isinstance(value, str) else json.dumps(value, sort_keys=True)

        if self.change == "added":
            return f"added {self.path}: {show(self.new)}"
        if self.change == "removed":
            return f"removed {self.path}: {show(self.old)}"
        return f"changed {self.path}: {show(self.old)} -> {show(self.new)}"


def _readable_path(path: str) -> str:
    """``root['Statement'][0]['Action'][1]`` -> ``Statement[0].Action`` (list positions of values dropped)."""
    parts: list[str] = []
    for raw in path.removeprefix("root").strip("[]").split("]["):
        if not raw:
            continue
        if raw.startswith("'"):
            parts.append(raw.strip("'"))
        elif parts and parts[-1] == "Statement":
            parts[-1] = f"Statement[{raw}]"
    return ".".join(parts)


def explain_policy_change(old: Any, new: Any) -> list[DocumentChange]:
    """Every change between two policy documents, in normalised terms; empty when they are equal."""
    diff = DeepDiff(
        normalize_policy(old),
        normalize_policy(new),
        ignore_order=True,
        view="tree",
        cutoff_intersection_for_pairs=1,
        cutoff_distance_for_pairs=1,
    )
    changes: list[DocumentChange] = []
    for report_type, items in diff.items():
        verb = _VERBS.get(report_type, "changed")
        for item in items:
            old_value = None if verb == "added" else item.t1
            new_value = None if verb == "removed" else item.t2
            changes.append(DocumentChange(_readable_path(item.path()), verb, old_value, new_value))
    changes.sort(key=lambda c: (c.path, c.change, str(c.old), str(c.new)))
    return changes
