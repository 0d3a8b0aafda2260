"""Wildcard matching for RAM policy patterns, compiled once and reused.

RAM patterns use ``*`` (any run of characters, including none) and ``?`` (exactly one
character) anywhere in the string. Two flavours are needed:

* action names (``vpc:*Vpc*``) match case-insensitively, as RAM documents;
* resource ARNs (``acs:vpc:*:1000000000000001:vpc/*``) match case-sensitively, because
  resource ids are case-sensitive; a policy that spells an ARN in another case grants nothing.

A :class:`Pattern` picks the cheapest test for its shape (everything, equality, prefix,
or a compiled regular expression), so matching a request costs a comparison in the
common cases. :class:`PatternSet` bundles the patterns of one ``Action`` or ``Resource``
element (a list whose entries OR).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field


def has_wildcard(text: str) -> bool:
    """True when ``text`` contains a ``*`` or ``?`` wildcard."""
    return "*" in text or "?" in text


def wildcard_to_regex(pattern: str) -> str:
    """Translate a RAM wildcard pattern into an anchored regular-expression source."""
    parts: list[str] = []
    for character in pattern:
        if character == "*":
            parts.append(".*")
        elif character == "?":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return "".join(parts)


@dataclass(frozen=True)
class Pattern:
    """One compiled wildcard pattern.

    ``source`` is the pattern as written in the policy; ``case_sensitive`` selects the
    resource (True) or action (False) flavour.
    """

    source: str
    case_sensitive: bool = True
    _kind: str = field(init=False, repr=False, compare=False)
    _text: str = field(init=False, repr=False, compare=False)
    _regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text = self.source if self.case_sensitive else self.source.lower()
        regex: re.Pattern[str] | None = None
        if text == "*":
            kind = "any"
        elif not has_wildcard(text):
            kind = "exact"
        elif text.endswith("*") and not has_wildcard(text[:-1]):
            kind = "prefix"
            text = text[:-1]
        else:
            kind = "regex"
            regex = re.compile(wildcard_to_regex(text), re.DOTALL)
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_regex", regex)

    @property
    def matches_everything(self) -> bool:
        """True for the bare ``*`` pattern."""
        return self._kind == "any"

    def matches(self, value: str) -> bool:
        """True when ``value`` matches this pattern (lower-case ``value`` first for actions)."""
        kind = self._kind
        if kind == "any":
            return True
        if not self.case_sensitive:
            value = value.lower()
        if kind == "exact":
            return value == self._text
        if kind == "prefix":
            return value.startswith(self._text)
        assert self._regex is not None
        return self._regex.fullmatch(value) is not None


class PatternSet:
    """The patterns of one policy element; a value matches when any pattern does.

    Exact patterns are kept in a set so a long ``Action`` list (seed 000 lists over a
    hundred names) costs one hash lookup, not one comparison per entry.
    """

    __slots__ = ("_any", "_case_sensitive", "_exact", "_wild", "sources")

    def __init__(self, sources: Iterable[str], *, case_sensitive: bool) -> None:
        self.sources: tuple[str, ...] = tuple(sources)
        self._case_sensitive = case_sensitive
        exact: set[str] = set()
        wild: list[Pattern] = []
        matches_any = False
        for source in self.sources:
            pattern = Pattern(source, case_sensitive=case_sensitive)
            if pattern.matches_everything:
                matches_any = True
            elif has_wildcard(source):
                wild.append(pattern)
            else:
                exact.add(source if case_sensitive else source.lower())
        self._any = matches_any
        self._exact = frozenset(exact)
        self._wild = tuple(wild)

    @property
    def matches_everything(self) -> bool:
        """True when one of the patterns is the bare ``*``."""
        return self._any

    def matches(self, value: str) -> bool:
        """True when ``value`` matches any pattern of the set."""
        if self._any:
            return True
        key = value if self._case_sensitive else value.lower()
        if key in self._exact:
            return True
        return any(pattern.matches(key) for pattern in self._wild)

    def __repr__(self) -> str:
        return f"PatternSet({list(self.sources)!r}, case_sensitive={self._case_sensitive})"


def action_patterns(sources: Iterable[str]) -> PatternSet:
    """A case-insensitive pattern set for ``Action`` / ``NotAction`` entries."""
    return PatternSet(sources, case_sensitive=False)


def resource_patterns(sources: Iterable[str]) -> PatternSet:
    """A case-sensitive pattern set for ``Resource`` / ``NotResource`` entries."""
    return PatternSet(sources, case_sensitive=True)
