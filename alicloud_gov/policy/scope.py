"""Which granted actions take effect at resource-group scope, and the account-level complement.

Some actions do not support resource-group-level authorisation (seed 000 lists
Express Connect's): attached in a resource group they have no effect. The
product documentation's remedy is a custom policy for exactly those actions,
attached at account level, in two flavours: read-only (only the Describe / Get /
List style actions) or full. This module computes that split from policy
documents and builds the complement document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from alicloud_gov.policy.catalog import ActionInfo, Catalog, load_catalog

ComplementMode = Literal["read-only", "full", "none"]
READ_ONLY_LEVELS = frozenset({"get", "list"})


@dataclass
class ScopeSplit:
    """The catalogued actions a set of documents allows, split by resource-group support."""

    supported: list[ActionInfo] = field(default_factory=list)
    unsupported: list[ActionInfo] = field(default_factory=list)

    def complement_actions(self, mode: ComplementMode) -> list[ActionInfo]:
        """The unsupported actions the account-level complement grants under ``mode``."""
        if mode == "none":
            return []
        if mode == "full":
            return list(self.unsupported)
        return [action for action in self.unsupported if action.access_level in READ_ONLY_LEVELS]

    def ineffective_actions(self, mode: ComplementMode) -> list[ActionInfo]:
        """Unsupported actions left without effect: granted at RG scope and not in the complement."""
        granted = {action.full_name for action in self.complement_actions(mode)}
        return [action for action in self.unsupported if action.full_name not in granted]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def _parse(document: Mapping[str, Any] | str) -> Mapping[str, Any]:
    if isinstance(document, str):
        try:
            parsed = json.loads(document)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, Mapping) else {}
    return document


def allowed_actions(documents: Iterable[Mapping[str, Any] | str], catalog: Catalog | None = None) -> list[ActionInfo]:
    """Every catalogued action an Allow statement of ``documents`` names, wildcards and NotAction expanded."""
    catalog = catalog or load_catalog()
    found: dict[str, ActionInfo] = {}
    for document in documents:
        statements = _parse(document).get("Statement", [])
        for statement in statements if isinstance(statements, list) else [statements]:
            if not isinstance(statement, Mapping) or str(statement.get("Effect", "")).lower() != "allow":
                continue
            if "Action" in statement:
                for pattern in _as_list(statement["Action"]):
                    for info in catalog.match(pattern):
                        found.setdefault(info.full_name, info)
            elif "NotAction" in statement:
                excluded = {info.full_name for p in _as_list(statement["NotAction"]) for info in catalog.match(p)}
                for info in catalog.match("*"):
                    if info.full_name not in excluded:
                        found.setdefault(info.full_name, info)
    return sorted(found.values(), key=lambda info: info.full_name)


def split_by_resource_group_support(
    documents: Iterable[Mapping[str, Any] | str], catalog: Catalog | None = None
) -> ScopeSplit:
    """Split the actions ``documents`` allow into those that support resource-group scope and those that don't."""
    split = ScopeSplit()
    for info in allowed_actions(documents, catalog):
        (split.supported if info.supports_resource_group else split.unsupported).append(info)
    return split


def complement_document(actions: Iterable[ActionInfo], condition: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The account-level custom policy allowing exactly ``actions`` on every resource (seed 000's remedy)."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Action": sorted({action.full_name for action in actions}),
        "Resource": "*",
    }
    if condition:
        statement["Condition"] = dict(condition)
    return {"Version": "1", "Statement": [statement]}
