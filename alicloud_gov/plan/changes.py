"""Resource-level changes between a stack's deployed state and what the program now declares."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from alicloud_gov.plan.access import ResourceRecord
from alicloud_gov.plan.diff import DiffResult, ResourceSchema, diff_properties
from alicloud_gov.plan.explain import explain_policy_change

ChangeAction = Literal["create", "update", "replace", "delete"]


@dataclass
class ResourceChange:
    """One resource an apply would create, update, replace or delete, with its property changes."""

    action: ChangeAction
    type_name: str
    name: str
    provider: str | None
    diff: DiffResult | None = None
    details: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for people, e.g. ``~ RamRole ops (trustPolicy)``."""
        symbol = {"create": "+", "update": "~", "replace": "+-", "delete": "-"}[self.action]
        keys = f" ({', '.join(self.diff.changed_keys)})" if self.diff and self.diff.has_changes else ""
        where = f" [provider {self.provider}]" if self.provider else ""
        return f"{symbol} {self.type_name} {self.name}{keys}{where}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        changes = []
        if self.diff is not None:
            for change in self.diff.changes:
                changes.append(
                    {"property": change.name, "kind": change.kind, "replace": change.replace, "unknown": change.unknown}
                )
        return {
            "action": self.action,
            "type": self.type_name,
            "name": self.name,
            "provider": self.provider,
            "properties": changes,
            "details": self.details,
        }


def resource_changes(
    deployed: Sequence[ResourceRecord],
    declared: Sequence[ResourceRecord],
    schemas: Mapping[str, ResourceSchema],
    prepare: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None,
) -> list[ResourceChange]:
    """What an apply would do to go from ``deployed`` to ``declared``, matched by type and name.

    Properties are compared by the diff engine (normalised, so reformatting is never a change); a policy
    document's change comes with a line per changed element. Resources without a schema are compared by
    presence only. ``prepare(type_name, inputs)`` completes declared inputs the way the provider's check does
    (e.g. a trust policy built from typed helpers), so both sides are compared in the same terms.
    """
    old = {(r.type_name, r.name): r for r in deployed}
    new = {(r.type_name, r.name): r for r in declared}
    changes: list[ResourceChange] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            changes.append(ResourceChange("create", after.type_name, after.name, after.provider))
            continue
        if after is None and before is not None:
            changes.append(ResourceChange("delete", before.type_name, before.name, before.provider))
            continue
        assert before is not None and after is not None
        schema = schemas.get(after.type_name)
        if schema is None:
            continue
        news = prepare(after.type_name, dict(after.inputs)) if prepare else dict(after.inputs)
        diff = diff_properties(schema, {**before.inputs, **before.outputs}, news)
        if not diff.has_changes:
            continue
        details: list[str] = []
        for change in diff.changes:
            spec = schema.spec(change.name)
            if spec is not None and spec.kind == "policy" and not change.unknown:
                details += [f"{change.name}: {c.describe()}" for c in explain_policy_change(change.old, change.new)]
            elif change.unknown:
                details.append(f"{change.name}: known after apply")
        action: ChangeAction = "replace" if diff.replaces else "update"
        changes.append(ResourceChange(action, after.type_name, after.name, after.provider, diff, details))
    return changes
