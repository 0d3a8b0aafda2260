"""Access as sets: containment of RAM patterns and grants, and what one set of grants allows that another does not.

A RAM ``Action`` / ``Resource`` pattern (``*`` any run, ``?`` one character) denotes a set of strings; a
``NotAction`` / ``NotResource`` element the complement of its patterns' union. This module decides containment
and intersection of such sets exactly, by a search over a product of small automata: every pattern is a
nondeterministic automaton over its own characters plus one symbol standing for "any other character" (enough,
since patterns cannot tell other characters apart), determinised on the fly. Actions compare case-insensitively;
resources case-sensitively except RAM ARNs (:func:`alicloud_gov.policy.matching.folds_case`), judged in both
modes.

The search is capped (:data:`STATE_BUDGET` product states). Past the cap it answers as if a witness existed:
"not contained", "intersects". Every caller reads that answer as "a gain may exist", so a case too big to decide
reports a gain rather than hide one (the gates fail closed).

:func:`gains` compares two principals' grant lists: a gain is a request (action, resource, scope, condition)
that an Allow after permits and the grants before do not. An after-Allow is covered when the before-Allows at a
scope containing its own (account scope contains every resource group; a resource group only itself), with
conditions the same or weaker than its own (:func:`conditions_cover`; a condition that cannot be compared
never narrows), contain its actions and resources, and every
before-Deny that may overlap it is still in force after (contained in an after-Deny whose conditions are a
subset of its own). An added Deny never creates a gain; a removed or narrowed one can. Losses are the gains of
the reverse comparison.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from alicloud_gov.policy.conditions import OPERATORS
from alicloud_gov.policy.matching import RAM_ARN_PREFIX, has_wildcard, wildcard_match
from alicloud_gov.policy.stack import ACCOUNT_SCOPE

STATE_BUDGET = 20_000
"""Product states one search may visit before it gives up and answers "a witness may exist".

Searches are cached by their patterns: clear ``_witness``'s cache after changing this."""

_OTHER = ""
"""The symbol for every character that no pattern of a search names."""

_RAM_ANY = RAM_ARN_PREFIX + "*"

Atom = tuple[str, str, tuple[str, ...]]
"""One condition test: (operator, key, values), operator and key lower-cased, values sorted."""


@dataclass(frozen=True)
class Element:
    """An ``Action`` or ``Resource`` element: the union of ``patterns``, or its complement when ``negated``."""

    patterns: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Grant:
    """One statement's worth of access: effect, actions, resources, scope and conditions.

    ``scope`` is ``account`` or a resource group id; ``conditions`` the statement's condition tests
    (:func:`condition_atoms`); ``origin`` is any object the caller wants back (e.g. a Permission).
    """

    effect: Literal["Allow", "Deny"]
    actions: Element
    resources: Element
    scope: str = ACCOUNT_SCOPE
    conditions: frozenset[Atom] = frozenset()
    origin: Any = field(default=None, compare=False)


def condition_atoms(condition: str | dict[str, Any] | None) -> frozenset[Atom]:
    """A Condition block (a dict or its JSON text) as a set of tests; unreadable text is one opaque test."""
    if condition is None:
        return frozenset()
    block: object = condition
    if isinstance(condition, str):
        try:
            block = json.loads(condition)
        except ValueError:
            return frozenset({("<unreadable>", condition, ())})
    if not isinstance(block, dict):
        return frozenset({("<unreadable>", repr(condition), ())})
    atoms: set[Atom] = set()
    for operator, tests in block.items():
        if not isinstance(tests, dict):
            atoms.add(("<unreadable>", json.dumps({operator: tests}, sort_keys=True, default=str), ()))
            continue
        for key, values in tests.items():
            listed = values if isinstance(values, list) else [values]
            atoms.add((str(operator).lower(), str(key).lower(), tuple(sorted(str(value) for value in listed))))
    return frozenset(atoms)


def conditions_cover(weaker: frozenset[Atom], stronger: frozenset[Atom]) -> bool:
    """True when ``stronger`` holds only where ``weaker`` does: each test of ``weaker`` is implied by one of it.

    A test is implied by one on the same operator and key whose values are a subset (a positive operator: the
    listed values OR together) or a superset (a negated operator: none of them may match); values compare as
    written, so a narrower network or a later date is not recognised (treated as not narrowing).
    """
    for operator, key, values in weaker:
        spec = OPERATORS.get(operator)
        if not any(
            (op, k) == (operator, key)
            and (
                vals == values
                or (spec is not None and (set(values) <= set(vals) if spec.negated else set(vals) <= set(values)))
            )
            for op, k, vals in stronger
        ):
            return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# The search


def _step(pattern: str, positions: Iterable[int], symbol: str) -> set[int]:
    following: set[int] = set()
    for position in positions:
        if position == len(pattern):
            continue
        token = pattern[position]
        if token == "*":
            following.add(position)
        elif token == "?" or (symbol != _OTHER and token == symbol):
            following.add(position + 1)
    return _closure(pattern, following)


def _closure(pattern: str, positions: set[int]) -> set[int]:
    stack = list(positions)
    while stack:
        position = stack.pop()
        if position < len(pattern) and pattern[position] == "*" and position + 1 not in positions:
            positions.add(position + 1)
            stack.append(position + 1)
    return positions


GroupState = frozenset[tuple[int, int]]


def _start(group: Sequence[str]) -> GroupState:
    return frozenset((index, position) for index, p in enumerate(group) for position in _closure(p, {0}))


def _advance(group: Sequence[str], state: GroupState, symbol: str) -> GroupState:
    by_pattern: dict[int, list[int]] = {}
    for index, position in state:
        by_pattern.setdefault(index, []).append(position)
    return frozenset(
        (index, position)
        for index, positions in by_pattern.items()
        for position in _step(group[index], positions, symbol)
    )


def _accepts(group: Sequence[str], state: GroupState) -> bool:
    return any(position == len(group[index]) for index, position in state)


def _literal_witness(required: Sequence[Sequence[str]], forbidden: Sequence[str]) -> bool | None:
    """Decide by testing words directly when one required group lists only literals; None otherwise."""
    for group in required:
        if group and not any(has_wildcard(p) for p in group):
            return any(
                all(any(wildcard_match(p, word) for p in other) for other in required)
                and not any(wildcard_match(p, word) for p in forbidden)
                for word in group
            )
    return None


def _prefix(pattern: str) -> str:
    """The literal text before the pattern's first wildcard."""
    cut = min((i for i in (pattern.find("*"), pattern.find("?")) if i != -1), default=len(pattern))
    return pattern[:cut]


def _compatible(first: str, second: str) -> bool:
    """False when no string can match both patterns because their literal prefixes disagree."""
    a, b = _prefix(first), _prefix(second)
    return a.startswith(b) or b.startswith(a)


def witness_exists(required: Sequence[Sequence[str]], forbidden: Sequence[str]) -> bool:
    """True when some string matches a pattern of every ``required`` group and no ``forbidden`` pattern.

    Exact, case-sensitive (callers fold case first). Answers True past :data:`STATE_BUDGET` (fail closed).
    """
    if any(not group for group in required):
        return False
    if any(p == "*" for p in forbidden):
        return False
    # Patterns whose literal prefix no candidate shares cannot take part: drop them (the usual case is one
    # service's patterns among many).
    anchor = required[0]
    pruned = [list(anchor)] + [[p for p in g if any(_compatible(p, a) for a in anchor)] for g in required[1:]]
    banned = [p for p in forbidden if any(_compatible(p, a) for a in anchor)]
    return _witness(tuple(tuple(g) for g in pruned), tuple(banned))


@functools.lru_cache(maxsize=65_536)
def _witness(required: tuple[tuple[str, ...], ...], forbidden: tuple[str, ...]) -> bool:
    if any(not group for group in required):
        return False
    direct = _literal_witness(required, forbidden)
    if direct is not None:
        return direct
    groups = [list(group) for group in required] + [list(forbidden)]
    alphabet = [*sorted({c for group in groups for p in group for c in p if c not in "*?"}), _OTHER]
    start = tuple(_start(group) for group in groups)
    seen = {start}
    frontier = [start]
    while frontier:
        state = frontier.pop()
        if all(_accepts(g, s) for g, s in zip(groups[:-1], state[:-1], strict=True)) and not _accepts(
            groups[-1], state[-1]
        ):
            return True
        for symbol in alphabet:
            following = tuple(_advance(g, s, symbol) for g, s in zip(groups, state, strict=True))
            if any(not s for s in following[:-1]) or following in seen:
                continue
            if len(seen) >= STATE_BUDGET:
                return True
            seen.add(following)
            frontier.append(following)
    return False


# ---------------------------------------------------------------------------------------------------------------
# Elements


Kind = Literal["action", "resource"]


def _modes(kind: Kind) -> list[tuple[bool, list[list[str]], list[str]]]:
    """(fold case, extra required groups, extra forbidden patterns) for each way values of ``kind`` compare."""
    if kind == "action":
        return [(True, [], [])]
    # RAM ARNs compare in any case, every other resource exactly (matching.folds_case).
    return [(True, [[_RAM_ANY]], []), (False, [], [_RAM_ANY])]


def _some(kind: Kind, required: list[list[str]], forbidden: list[str]) -> bool:
    for fold, extra_required, extra_forbidden in _modes(kind):
        if fold:
            groups = [[p.lower() for p in g] for g in required] + extra_required
            banned = [p.lower() for p in forbidden] + extra_forbidden
        else:
            groups, banned = [list(g) for g in required] + extra_required, list(forbidden) + extra_forbidden
        if witness_exists(groups, banned):
            return True
    return False


def element_subset(element: Element, union: Sequence[Element], kind: Kind) -> bool:
    """True when every value of ``element`` is a value of some element of ``union``."""
    if element in union:
        return True
    if not union:
        return not element.negated and not element.patterns
    positive = [p for u in union if not u.negated for p in u.patterns]
    complements = [list(u.patterns) for u in union if u.negated]
    if element.negated:
        return not _some(kind, [["*"], *complements], [*element.patterns, *positive])
    return not any(_some(kind, [[p], *complements], positive) for p in element.patterns)


def elements_intersect(first: Element, second: Element, kind: Kind) -> bool:
    """True when some value belongs to both elements."""
    required = [list(e.patterns) for e in (first, second) if not e.negated]
    forbidden = [p for e in (first, second) if e.negated for p in e.patterns]
    return _some(kind, required or [["*"]], forbidden)


# ---------------------------------------------------------------------------------------------------------------
# Grants


def scope_contains(outer: str, inner: str) -> bool:
    """True when a grant at scope ``outer`` applies wherever one at ``inner`` does."""
    return outer in (ACCOUNT_SCOPE, inner)


def _scopes_overlap(first: str, second: str) -> bool:
    return scope_contains(first, second) or scope_contains(second, first)


def grant_subset(inner: Grant, outer: Grant) -> bool:
    """True when every request ``inner`` applies to, ``outer`` applies to as well (same effect assumed)."""
    return (
        scope_contains(outer.scope, inner.scope)
        and conditions_cover(outer.conditions, inner.conditions)
        and element_subset(inner.actions, [outer.actions], "action")
        and element_subset(inner.resources, [outer.resources], "resource")
    )


def grants_overlap(first: Grant, second: Grant) -> bool:
    """True when some request may be governed by both grants (conditions ignored: both may hold)."""
    return (
        _scopes_overlap(first.scope, second.scope)
        and elements_intersect(first.actions, second.actions, "action")
        and elements_intersect(first.resources, second.resources, "resource")
    )


def _may_share_actions(first: Element, second: Element) -> bool:
    """A cheap necessary test for two action elements to intersect (literal prefixes, case folded)."""
    if first.negated or second.negated:
        return True
    return any(_compatible(a.lower(), b.lower()) for a in first.patterns for b in second.patterns)


def _allow_covered(grant: Grant, allows: Sequence[Grant]) -> bool:
    usable = [
        a
        for a in allows
        if scope_contains(a.scope, grant.scope)
        and conditions_cover(a.conditions, grant.conditions)
        and _may_share_actions(grant.actions, a.actions)
    ]
    if not usable:
        return False
    for whole, part in (("resources", "actions"), ("actions", "resources")):
        kind_whole: Kind = "resource" if whole == "resources" else "action"
        kind_part: Kind = "action" if part == "actions" else "resource"
        holders = [a for a in usable if element_subset(getattr(grant, whole), [getattr(a, whole)], kind_whole)]
        if holders and element_subset(getattr(grant, part), [getattr(a, part) for a in holders], kind_part):
            return True
    return False


def gains(before: Sequence[Grant], after: Sequence[Grant]) -> list[Grant]:
    """The after-Allows that permit some request the before grants do not (see the module doc for the rules)."""
    before_allows = [g for g in before if g.effect == "Allow"]
    before_denies = [g for g in before if g.effect == "Deny"]
    after_denies = [g for g in after if g.effect == "Deny"]
    lifted = [d for d in before_denies if not any(grant_subset(d, kept) for kept in after_denies)]
    held = set(before_allows)  # an identical grant before covers at once (origin takes no part in equality)
    found: list[Grant] = []
    for grant in after:
        if grant.effect != "Allow":
            continue
        covered = grant in held or _allow_covered(grant, before_allows)
        if not covered or any(grants_overlap(grant, d) for d in lifted):
            found.append(grant)
    return found


def losses(before: Sequence[Grant], after: Sequence[Grant]) -> list[Grant]:
    """The before-Allows that permitted some request the after grants do not."""
    return gains(after, before)
