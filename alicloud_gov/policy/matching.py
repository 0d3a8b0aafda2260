"""Wildcard matching for RAM policy patterns, in time linear in the text (no regular expressions).

RAM patterns use ``*`` (any run of characters, including none) and ``?`` (exactly one
character) anywhere in the string. Two case rules apply:

* action names (``vpc:*Vpc*``) match case-insensitively, as RAM documents for the Action element
  ("in most cases not case-sensitive", https://www.alibabacloud.com/help/en/ram/policy-elements);
* resource ARNs match case-sensitively, because resource ids are (a policy that spells
  ``vpc/VPC-A`` grants nothing on ``vpc-a``), except the ARNs of RAM's own entities: see
  :func:`folds_case`.

Matching is a scan, not a backtracking search. A pattern is split at its ``*`` into fixed-width
segments (literal text and ``?``); the first segment must sit at the start, the last at the end,
and each middle segment is taken at its leftmost place after the previous one. Taking the leftmost
place never loses a match (a later place only leaves less room for what follows), so the scan never
goes back: each segment is found with ``str.find``. The cost is O(len(text) x len(pattern)) at worst
and usually O(len(text)); a ``*a*a*a...`` pattern against ``aaaa...`` costs what any other does.
The backtracking regular expressions this replaced grew about 6x per ``*a`` and, running under the
emulator's store lock, stalled every caller (issue 12).

A :class:`Pattern` picks the cheapest test for its shape (everything, equality, prefix, or the scan).
:class:`PatternSet` bundles the patterns of one ``Action`` or ``Resource`` element (entries OR).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

RAM_ARN_PREFIX = "acs:ram:"
"""How every ARN of a RAM entity (user, group, role, policy) begins, in lower case."""


def has_wildcard(text: str) -> bool:
    """True when ``text`` contains a ``*`` or ``?`` wildcard."""
    return "*" in text or "?" in text


def folds_case(resource: str) -> bool:
    """True when ``resource`` is a RAM ARN (``acs:ram:...``), whose names match in any case.

    The one case rule for RAM names, shared by the emulator's store (keys lower-cased), the offline
    evaluator and the emulator's authoriser: RAM user, group, role and policy names are unique within
    an account regardless of case (``Boss`` and ``boss`` cannot both exist; RAM policy names match
    case-insensitively, e.g. attaching ``administratoraccess``), and RAM authorises a call on the ARN
    that names the entity (CreateUser: ``acs:ram:*:{#accountId}:user/*``,
    https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createuser).
    So ``acs:ram::<uid>:user/BOSS`` is the ARN of user ``boss`` and a statement on
    ``acs:ram:*:*:user/boss`` covers it; otherwise a Deny could be side-stepped by re-casing a name.
    ARNs of other services keep case-sensitive ids.
    """
    return resource[: len(RAM_ARN_PREFIX)].lower() == RAM_ARN_PREFIX


def resource_key(resource: str) -> str:
    """The form of a resource ARN under which equal resources compare equal (RAM ARNs lower-cased)."""
    return resource.lower() if folds_case(resource) else resource


# ---------------------------------------------------------------------------------------------------------------
# The scan


@dataclass(frozen=True)
class _Segment:
    """A fixed-width run between two ``*``: literal text with ``?`` standing for any one character."""

    text: str
    pieces: tuple[tuple[int, str], ...]  # (offset, literal) runs without "?", longest first

    @classmethod
    def of(cls, text: str) -> _Segment:
        pieces: list[tuple[int, str]] = []
        start = 0
        for offset, character in enumerate([*text, "?"]):
            if character == "?":
                if offset > start:
                    pieces.append((start, text[start:offset]))
                start = offset + 1
        pieces.sort(key=lambda piece: -len(piece[1]))
        return cls(text, tuple(pieces))

    def at(self, value: str, index: int) -> bool:
        """True when the segment matches ``value`` at ``index`` (the caller checked it fits)."""
        return all(value.startswith(literal, index + offset) for offset, literal in self.pieces)

    def find(self, value: str, start: int, end: int) -> int:
        """The leftmost index in ``[start, end - width]`` where the segment matches, or -1."""
        width = len(self.text)
        if not self.pieces:
            return start if start + width <= end else -1
        offset, anchor = self.pieces[0]
        probe = value.find(anchor, start + offset, end - width + offset + len(anchor))
        while probe != -1:
            index = probe - offset
            if self.at(value, index):
                return index
            probe = value.find(anchor, probe + 1, end - width + offset + len(anchor))
        return -1


@dataclass(frozen=True)
class _Glob:
    """A pattern split at ``*``: ``head`` at the start, ``tail`` at the end, ``middle`` in order between."""

    head: _Segment
    middle: tuple[_Segment, ...]
    tail: _Segment | None  # None when the pattern has no "*" (head must then cover the whole value)

    @classmethod
    def of(cls, pattern: str) -> _Glob:
        parts = pattern.split("*")
        if len(parts) == 1:
            return cls(_Segment.of(pattern), (), None)
        middle = tuple(_Segment.of(part) for part in parts[1:-1] if part)
        return cls(_Segment.of(parts[0]), middle, _Segment.of(parts[-1]))

    def matches(self, value: str) -> bool:
        head, tail = self.head, self.tail
        if tail is None:
            return len(value) == len(head.text) and head.at(value, 0)
        end = len(value) - len(tail.text)
        if end < len(head.text) or not head.at(value, 0) or not tail.at(value, end):
            return False
        position = len(head.text)
        for segment in self.middle:
            found = segment.find(value, position, end)
            if found == -1:
                return False
            position = found + len(segment.text)
        return True


def wildcard_match(pattern: str, value: str, *, case_sensitive: bool = True) -> bool:
    """True when RAM wildcard ``pattern`` matches all of ``value`` (linear time; see the module doc)."""
    if not case_sensitive:
        pattern, value = pattern.lower(), value.lower()
    return _Glob.of(pattern).matches(value)


# ---------------------------------------------------------------------------------------------------------------
# Compiled patterns


@dataclass(frozen=True)
class Pattern:
    """One compiled wildcard pattern.

    ``source`` is the pattern as written in the policy; ``case_sensitive`` False folds case on
    both sides (actions, principals).
    """

    source: str
    case_sensitive: bool = True
    _kind: str = field(init=False, repr=False, compare=False)
    _text: str = field(init=False, repr=False, compare=False)
    _glob: _Glob | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = self.source if self.case_sensitive else self.source.lower()
        glob: _Glob | None = None
        if text == "*":
            kind = "any"
        elif not has_wildcard(text):
            kind = "exact"
        elif text.endswith("*") and not has_wildcard(text[:-1]):
            kind = "prefix"
            text = text[:-1]
        else:
            kind = "glob"
            glob = _Glob.of(text)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_glob", glob)

    @property
    def matches_everything(self) -> bool:
        """True for the bare ``*`` pattern."""
        return self._kind == "any"

    def matches(self, value: str) -> bool:
        """True when ``value`` matches this pattern."""
        kind = self._kind
        if kind == "any":
            return True
        if not self.case_sensitive:
            value = value.lower()
        if kind == "exact":
            return value == self._text
        if kind == "prefix":
            return value.startswith(self._text)
        assert self._glob is not None
        return self._glob.matches(value)


class _Flavour:
    """The patterns of one element under one case rule: exact entries hashed, wildcard ones compiled."""

    __slots__ = ("any", "exact", "fold", "wild")

    def __init__(self, sources: Iterable[str], *, fold: bool) -> None:
        self.fold = fold
        exact: set[str] = set()
        wild: list[Pattern] = []
        self.any = False
        for source in sources:
            pattern = Pattern(source, case_sensitive=not fold)
            if pattern.matches_everything:
                self.any = True
            elif has_wildcard(source):
                wild.append(pattern)
            else:
                exact.add(source.lower() if fold else source)
        self.exact = frozenset(exact)
        self.wild = tuple(wild)

    def matches(self, value: str) -> bool:
        if self.any:
            return True
        key = value.lower() if self.fold else value
        return key in self.exact or any(pattern.matches(key) for pattern in self.wild)


class PatternSet:
    """The patterns of one policy element; a value matches when any pattern does.

    Exact patterns are kept in a set so a long ``Action`` list (seed 000 lists over a hundred
    names) costs one hash lookup, not one comparison per entry. With ``fold_ram_arns`` (resource
    elements) a case-sensitive set matches RAM ARNs in any case (:func:`folds_case`); that folded
    flavour is built on first use.
    """

    __slots__ = ("_case_sensitive", "_fold_ram_arns", "_folded", "_plain", "sources")

    def __init__(self, sources: Iterable[str], *, case_sensitive: bool, fold_ram_arns: bool = False) -> None:
        self.sources: tuple[str, ...] = tuple(sources)
        self._case_sensitive = case_sensitive
        self._fold_ram_arns = fold_ram_arns and case_sensitive
        self._plain = _Flavour(self.sources, fold=not case_sensitive)
        self._folded: _Flavour | None = None

    @property
    def matches_everything(self) -> bool:
        """True when one of the patterns is the bare ``*``."""
        return self._plain.any

    def matches(self, value: str) -> bool:
        """True when ``value`` matches any pattern of the set."""
        if self._fold_ram_arns and folds_case(value):
            if self._folded is None:
                self._folded = _Flavour(self.sources, fold=True)
            return self._folded.matches(value)
        return self._plain.matches(value)

    def __repr__(self) -> str:
        return f"PatternSet({list(self.sources)!r}, case_sensitive={self._case_sensitive})"


def action_patterns(sources: Iterable[str]) -> PatternSet:
    """A case-insensitive pattern set for ``Action`` / ``NotAction`` entries."""
    return PatternSet(sources, case_sensitive=False)


def resource_patterns(sources: Iterable[str]) -> PatternSet:
    """A pattern set for ``Resource`` / ``NotResource`` entries: case-sensitive, RAM ARNs in any case."""
    return PatternSet(sources, case_sensitive=True, fold_ram_arns=True)
