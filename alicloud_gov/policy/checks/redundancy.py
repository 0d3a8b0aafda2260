"""Redundancy checks: entries and statements that add nothing.

Both checks ask "which other entry (statement) covers this one?". Instead of comparing every pair, the
candidates come from a :class:`CoverIndex`: equal names by hash, wildcard patterns by their literal prefix
and suffix, so a document costs about one lookup per entry. The findings are the same as a pairwise
comparison gives (the first covering entry, in document order). Patterns that differ only between
wildcards share a bucket; the comparisons they need are counted against :data:`COMPARISON_BUDGET`, and a
document that exhausts it gets an ``ANALYSIS_TRUNCATED`` finding instead of a hang.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator

from alicloud_gov.policy.checks.context import CheckContext, covers, has_wildcard
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import JsonNode, Statement

COMPARISON_BUDGET = 2_000_000  # wildcard tests per document; a 6,144-character policy needs at most ~10^6


class BudgetExhausted(Exception):
    """Raised inside a redundancy check when the document needs more comparisons than the budget allows."""


class Budget:
    """A countdown of wildcard comparisons shared by the redundancy checks of one document."""

    def __init__(self, comparisons: int) -> None:
        self.left = comparisons

    def spend(self, count: int) -> None:
        """Take ``count`` comparisons; raise :class:`BudgetExhausted` when none are left."""
        self.left -= count
        if self.left < 0:
            raise BudgetExhausted


def _literal_ends(folded: str) -> tuple[str, str]:
    """The literal text before the first and after the last wildcard of a (lower-cased) pattern."""
    first = min(i for i in (folded.find("*"), folded.find("?")) if i >= 0)
    last = max(folded.rfind("*"), folded.rfind("?"))
    return folded[:first], folded[last + 1 :]


class CoverIndex:
    """Which of a set of keyed texts cover a given text (in the sense of :func:`covers`), without a full scan.

    Texts are added with an integer key, in ascending key order (a list position, a statement's place);
    :meth:`coverers` yields, in ascending order, the key of every text that covers its argument. Exact texts are
    found by their lower-cased form; wildcard patterns by the literal prefix before their first wildcard, then
    the literal suffix after their last; a pattern repeated under several keys is tested once.
    """

    def __init__(self, entries: Iterable[tuple[int, str]], budget: Budget) -> None:
        self._budget = budget
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._patterns: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for key, text in entries:
            folded = text.lower()
            self._exact[folded].append(key)
            if has_wildcard(folded):
                head, tail = _literal_ends(folded)
                self._patterns[head][tail][text].append(key)
        self._head_lengths = sorted({len(head) for head in self._patterns})
        self._tail_lengths = {head: sorted({len(t) for t in tails}) for head, tails in self._patterns.items()}

    def key_lists(self, text: str) -> list[list[int]]:
        """Ascending key lists whose union is the keys of every text covering ``text`` (lists may overlap)."""
        folded = text.lower()
        lists = [self._exact[folded]] if folded in self._exact else []
        for head_length in self._head_lengths:
            if head_length > len(folded):
                break
            tails = self._patterns.get(folded[:head_length])
            if tails is None:
                continue
            for tail_length in self._tail_lengths[folded[:head_length]]:
                if head_length + tail_length > len(folded):
                    break
                bucket = tails.get(folded[len(folded) - tail_length :] if tail_length else "")
                if not bucket:
                    continue
                self._budget.spend(len(bucket))
                lists.extend(keys for pattern, keys in bucket.items() if covers(pattern, text))
        return lists

    def coverers(self, text: str) -> Iterator[int]:
        """The keys of every text covering ``text``, ascending, each once."""
        return _unique(heapq.merge(*self.key_lists(text)))


def _unique(keys: Iterable[int]) -> Iterator[int]:
    last = None
    for key in keys:
        if key != last:
            yield key
            last = key


def _redundant_entries(entries: list[JsonNode], budget: Budget) -> Iterator[tuple[JsonNode, JsonNode]]:
    """(redundant entry, the entry that makes it redundant) pairs within one list.

    For each entry, the first other entry (in list order) that covers it, unless the two cover each other
    and the other comes later (then the later one is the redundant one).
    """
    texts = [entry.text.strip() for entry in entries]
    if not any(has_wildcard(text) for text in texts) and len({text.lower() for text in texts}) == len(texts):
        return  # distinct literal names: none covers another (the common case, answered without an index)
    index = CoverIndex(enumerate(texts), budget)
    for i, text in enumerate(texts):
        for j in index.coverers(text):
            if j == i:
                continue
            budget.spend(1)
            if j < i or not covers(text, texts[j]):
                yield entries[i], entries[j]
                break


@check("REDUNDANT_ACTION", Severity.SUGGESTION, "An action listed twice or covered by a wildcard")
def redundant_action(ctx: CheckContext) -> Iterator[Hit]:
    """An entry of Action/NotAction repeats another (names compare case-insensitively: ``vpc:DescribeVPCs`` and
    ``vpc:describeVpcs`` are one action) or is covered by a wildcard entry of the same list (``vpc:*``)."""
    budget = Budget(COMPARISON_BUDGET)
    try:
        for statement in ctx.statements:
            for name in ("Action", "NotAction"):
                node = statement.element(name)
                if node is None:
                    continue
                for entry, other in _redundant_entries(node.strings(), budget):
                    same = entry.text.strip().lower() == other.text.strip().lower()
                    how = "repeats" if same else "is covered by"
                    yield Hit(f"{entry.text} {how} {other.text} in the same {name}.", entry, f"Remove {entry.text}.")
    except BudgetExhausted:
        ctx.incomplete.append(f"REDUNDANT_ACTION stopped after {COMPARISON_BUDGET:,} comparisons")


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


def _candidates(group: list[Statement], budget: Budget) -> Iterator[tuple[Statement, Iterator[int]]]:
    """For each statement of one shape group, positions (in ``group``, ascending) of the statements that may
    subsume it: those covering whichever of its actions or resources the fewest statements cover (a statement
    subsuming it must cover every one of them)."""
    actions = CoverIndex(((k, n.text.strip()) for k, s in enumerate(group) for n in s.action_strings()), budget)
    resources = CoverIndex(((k, n.text.strip()) for k, s in enumerate(group) for n in s.resource_strings()), budget)
    for statement in group:
        choices = [actions.key_lists(n.text.strip()) for n in statement.action_strings()]
        choices += [resources.key_lists(n.text.strip()) for n in statement.resource_strings()]
        fewest = min(choices, key=lambda lists: sum(map(len, lists)))
        yield statement, _unique(heapq.merge(*fewest))


@check("REDUNDANT_STATEMENT", Severity.SUGGESTION, "A statement another statement already covers")
def redundant_statement(ctx: CheckContext) -> Iterator[Hit]:
    """Another statement with the same Effect, Condition and Principal already covers every action and resource of
    this one (or the two are identical), so removing it changes nothing."""
    groups: dict[tuple[object, ...], list[Statement]] = defaultdict(list)
    for statement in ctx.statements:
        shape = _shape(statement)
        if shape is not None and statement.action_strings():
            groups[shape].append(statement)
    budget = Budget(COMPARISON_BUDGET)
    hits: list[tuple[int, Hit]] = []
    try:
        for group in groups.values():
            for statement, candidates in _candidates(group, budget):
                for position in candidates:
                    other = group[position]
                    if other is statement:
                        continue
                    budget.spend(_cost(other, statement))
                    if not _subsumes(other, statement):
                        continue
                    if other.index > statement.index and _subsumes(statement, other):
                        continue  # identical: report the later one only
                    message = f"Statement {statement.index} is covered by statement {other.index}; it adds nothing."
                    hits.append((statement.index, Hit(message, statement.node, f"Remove statement {statement.index}.")))
                    break
    except BudgetExhausted:
        ctx.incomplete.append(f"REDUNDANT_STATEMENT stopped after {COMPARISON_BUDGET:,} comparisons")
    for _, hit in sorted(hits, key=lambda item: item[0]):
        yield hit


def _cost(first: Statement, second: Statement) -> int:
    """Comparisons two :func:`_subsumes` calls between the statements take at most."""
    actions = len(first.action_strings()) * len(second.action_strings())
    return 2 * (actions + len(first.resource_strings()) * len(second.resource_strings()))
