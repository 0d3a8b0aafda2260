"""Redundancy checks: entries and statements that add nothing."""

from __future__ import annotations

from collections.abc import Iterator

from alicloud_gov.policy.checks.context import CheckContext, covers
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import JsonNode, Statement


def _redundant_entries(entries: list[JsonNode]) -> Iterator[tuple[JsonNode, JsonNode]]:
    """(redundant entry, the entry that makes it redundant) pairs within one list."""
    for i, entry in enumerate(entries):
        text = entry.text.strip()
        for j, other in enumerate(entries):
            if i == j:
                continue
            other_text = other.text.strip()
            if not covers(other_text, text):
                continue
            mutual = covers(text, other_text)
            if not mutual or j < i:
                yield entry, other
                break


@check("REDUNDANT_ACTION", Severity.SUGGESTION, "An action listed twice or covered by a wildcard")
def redundant_action(ctx: CheckContext) -> Iterator[Hit]:
    """An entry of Action/NotAction repeats another (names compare case-insensitively: ``vpc:DescribeVPCs`` and
    ``vpc:describeVpcs`` are one action) or is covered by a wildcard entry of the same list (``vpc:*``)."""
    for statement in ctx.statements:
        for name in ("Action", "NotAction"):
            node = statement.element(name)
            if node is None:
                continue
            for entry, other in _redundant_entries(node.strings()):
                same = entry.text.strip().lower() == other.text.strip().lower()
                how = "repeats" if same else "is covered by"
                yield Hit(f"{entry.text} {how} {other.text} in the same {name}.", entry, f"Remove {entry.text}.")


def _shape(statement: Statement) -> tuple[object, ...] | None:
    """What must be equal for one statement to subsume another; None for statements not compared."""
    if statement.action is None or statement.not_action is not None or statement.not_resource is not None:
        return None
    condition = statement.condition.to_python() if statement.condition is not None else None
    principal = statement.principal.to_python() if statement.principal is not None else None
    return (statement.effect_text, repr(condition), repr(principal), statement.resource is None)


def _subsumes(general: Statement, specific: Statement) -> bool:
    actions = [n.text.strip() for n in general.action_strings()]
    if not all(any(covers(g, s.text.strip()) for g in actions) for s in specific.action_strings()):
        return False
    resources = [n.text.strip() for n in general.resource_strings()]
    return all(any(covers(g, s.text.strip()) for g in resources) for s in specific.resource_strings())


@check("REDUNDANT_STATEMENT", Severity.SUGGESTION, "A statement another statement already covers")
def redundant_statement(ctx: CheckContext) -> Iterator[Hit]:
    """Another statement with the same Effect, Condition and Principal already covers every action and resource of
    this one (or the two are identical), so removing it changes nothing."""
    shapes = {s.index: _shape(s) for s in ctx.statements}
    statements = [s for s in ctx.statements if shapes[s.index] is not None and s.action_strings()]
    for statement in statements:
        for other in statements:
            if other is statement or shapes[other.index] != shapes[statement.index]:
                continue
            if not _subsumes(other, statement):
                continue
            if _subsumes(statement, other) and other.index > statement.index:
                continue  # identical: report the later one only
            yield Hit(
                f"Statement {statement.index} is covered by statement {other.index}; it adds nothing.",
                statement.node,
                f"Remove statement {statement.index}.",
            )
            break
