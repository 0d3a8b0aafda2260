"""Redundancy checks: entries and statements that add nothing.

Both checks ask "which other entry (statement) covers this one?". Instead of comparing every pair, the
candidates come from a :class:`CoverIndex`: equal names by hash, wildcard patterns by their literal prefix
and suffix, so a document costs about one lookup per entry. The findings are the same as a pairwise
comparison gives (the first covering entry, in document order). Patterns that differ only between
wildcards share a bucket; the comparisons they need are counted against :data:`COMPARISON_BUDGET`, and a
document that exhausts it gets an ``ANALYSIS_TRUNCATED`` finding instead of a hang. A document of few
statements whose worst case fits the budget compares its statements pairwise instead, cheapest test first and
without counting: the same findings, without building indexes for a handful of statements.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property

from alicloud_gov.policy.checks.context import CheckContext, covers, has_wildcard, wildcard_matches
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
    if not has_wildcard("".join(texts)) and len(set(map(str.lower, texts))) == len(texts):
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
    element = statement.element
    if element("Action") is None or element("NotAction") is not None or element("NotResource") is not None:
        return None
    condition, principal, effect = element("Condition"), element("Principal"), element("Effect")
    return (
        effect.text if effect is not None else "",
        repr(condition.to_python() if condition is not None else None),
        repr(principal.to_python() if principal is not None else None),
        element("Resource") is None,
    )


class _Entries:
    """The string entries of one Action or Resource list, read once for :meth:`_Compared.subsumes`."""

    __slots__ = ("folded", "patterns", "texts")

    def __init__(self, nodes: list[JsonNode]) -> None:
        self.texts = [node.text.strip() for node in nodes]
        self.folded = frozenset(map(str.lower, self.texts))
        joined = "".join(self.texts)
        self.patterns = list(filter(has_wildcard, self.texts)) if has_wildcard(joined) else []

    def cover(self, other: _Entries) -> bool:
        """True when every entry of ``other`` is covered (:func:`covers`) by one of these entries."""
        if other.folded <= self.folded:
            return True  # each entry of other equals one of these (case-insensitively)
        return bool(self.patterns) and self.patterns_cover(other)

    def patterns_cover(self, other: _Entries) -> bool:
        """True when every entry of ``other`` equals one of these or matches one of these patterns."""
        if "*" in self.folded:
            return True
        return all(
            text.lower() in self.folded or any(wildcard_matches(pattern, text) for pattern in self.patterns)
            for text in other.texts
        )


class _Compared:
    """A statement with Action strings, as the redundancy comparison reads it (each part once, when first needed)."""

    def __init__(self, statement: Statement, actions: _Entries, resource: JsonNode | None) -> None:
        self.statement = statement
        self.actions = actions
        self.resource = resource

    @classmethod
    def every(cls, statements: Iterable[Statement]) -> list[_Compared]:
        """The statements whose Action holds strings."""
        compared = []
        for statement in statements:
            action = statement.element("Action")
            if action is not None:
                actions = _Entries(action.strings())
                if actions.texts:
                    compared.append(cls(statement, actions, statement.element("Resource")))
        return compared

    @cached_property
    def resources(self) -> _Entries:
        """The Resource entries."""
        return _Entries(self.resource.strings() if self.resource is not None else [])

    @cached_property
    def shape(self) -> tuple[object, ...] | None:
        """The statement's :func:`_shape`."""
        return _shape(self.statement)

    def subsumes(self, specific: _Compared) -> bool:
        """True when this statement covers every action and every resource of ``specific`` (shapes aside)."""
        return self.actions.cover(specific.actions) and self.resources.cover(specific.resources)


def _cost(first: _Compared, second: _Compared) -> int:
    """Comparisons two :meth:`_Compared.subsumes` calls between the statements take at most."""
    actions = len(first.actions.texts) * len(second.actions.texts)
    return 2 * (actions + len(first.resources.texts) * len(second.resources.texts))


PAIRWISE_LIMIT = 32
"""Documents of up to this many statements compare every pair, cheaper for them than building indexes."""


def _worst_case(compared: list[_Compared]) -> int:
    """An upper bound of the comparisons :func:`_indexed` counts: in each shape group, each index lookup tests at
    most every pattern of its index, and :func:`_cost` is charged at most once per pair of statements (taken here
    as if every statement were of one shape, and counting every value of Action and Resource)."""
    actions = sum(len(member.actions.texts) for member in compared)
    resources = sum(len(member.resource.items()) for member in compared if member.resource is not None)
    return 3 * (actions * actions + resources * resources)


def _pairwise(compared: list[_Compared]) -> Iterator[tuple[_Compared, _Compared]]:
    """(redundant statement, the first statement covering it) pairs, comparing every pair, cheapest test first."""
    for member in compared:
        actions = member.actions
        for other in compared:
            covering = other.actions  # _Entries.cover inline, its cheap tests first: most pairs fail them
            if other is member or not (
                actions.folded <= covering.folded or (covering.patterns and covering.patterns_cover(actions))
            ):
                continue
            if member.shape is None or other.shape != member.shape or not other.resources.cover(member.resources):
                continue
            if other.statement.index > member.statement.index and member.subsumes(other):
                continue  # identical: report the later one only
            yield member, other
            break


def _indexed_candidates(group: list[_Compared], budget: Budget) -> Iterator[tuple[_Compared, Iterator[int]]]:
    """For each statement of one shape group, positions (in ``group``, ascending) of the statements that may
    subsume it: those covering whichever of its actions or resources the fewest statements cover (a statement
    subsuming it must cover every one of them)."""
    actions = CoverIndex(((k, text) for k, member in enumerate(group) for text in member.actions.texts), budget)
    resources = CoverIndex(((k, text) for k, member in enumerate(group) for text in member.resources.texts), budget)
    for member in group:
        choices = [actions.key_lists(text) for text in member.actions.texts]
        choices += [resources.key_lists(text) for text in member.resources.texts]
        fewest = min(choices, key=lambda lists: sum(map(len, lists)))
        yield member, _unique(heapq.merge(*fewest))


def _indexed(compared: list[_Compared], budget: Budget) -> Iterator[tuple[_Compared, _Compared]]:
    """The pairs :func:`_pairwise` finds, by shape group and through a :class:`CoverIndex` of each group's actions
    and resources, counting the comparisons against ``budget``."""
    groups: dict[tuple[object, ...], list[_Compared]] = defaultdict(list)
    for member in compared:
        if member.shape is not None:
            groups[member.shape].append(member)
    for group in groups.values():
        for member, positions in _indexed_candidates(group, budget):
            for position in positions:
                other = group[position]
                if other is member:
                    continue
                budget.spend(_cost(other, member))
                if not other.subsumes(member):
                    continue
                if other.statement.index > member.statement.index and member.subsumes(other):
                    continue  # identical: report the later one only
                yield member, other
                break


@check("REDUNDANT_STATEMENT", Severity.SUGGESTION, "A statement another statement already covers")
def redundant_statement(ctx: CheckContext) -> Iterator[Hit]:
    """Another statement with the same Effect, Condition and Principal already covers every action and resource of
    this one (or the two are identical), so removing it changes nothing."""
    compared = _Compared.every(ctx.statements)
    hits: list[tuple[int, Hit]] = []
    if len(compared) <= PAIRWISE_LIMIT and _worst_case(compared) <= COMPARISON_BUDGET:
        pairs = _pairwise(compared)  # a small document, which cannot run out of budget: no index, no counting
    else:
        pairs = _indexed(compared, Budget(COMPARISON_BUDGET))
    try:
        for member, other in pairs:
            index = member.statement.index
            message = f"Statement {index} is covered by statement {other.statement.index}; it adds nothing."
            hits.append((index, Hit(message, member.statement.node, f"Remove statement {index}.")))
    except BudgetExhausted:
        ctx.incomplete.append(f"REDUNDANT_STATEMENT stopped after {COMPARISON_BUDGET:,} comparisons")
    for _, hit in sorted(hits, key=lambda item: item[0]):
        yield hit
