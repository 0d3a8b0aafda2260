"""Human-readable detail of what changed inside a policy document, in the user's own spelling.

The diff engine decides *whether* a document changed by comparing normalised text; this module says *what*
changed, for previews and ``alicloud-gov plan``. Statements are paired old to new (equal ones first, then the
most alike), and inside a pair every list-valued element (``Action``, ``NotAction``, ``Resource``,
``NotResource``, each kind of ``Principal``) is compared as a set: an added action is one added member, wherever
it was inserted, never a shift of every later entry. Members and values are shown as the user wrote them
(``ECS:DescribeInstances`` stays so); equality is the diff engine's (:mod:`alicloud_gov.policy.normalize`), so
a change of case or order alone is never reported.

Each change carries a :attr:`DocumentChange.location`, its path in the user's documents, for renderers that
point into the document (the provider's detailed diff).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from alicloud_gov.plan.members import as_members, member_changes
from alicloud_gov.policy.normalize import normalize_policy

__all__ = ["DocumentChange", "Location", "explain_policy_change"]

Location = tuple[str | int, ...]
"""A path into a document as the user wrote it: keys in the user's spelling, list positions as ints."""

_MEMBER_ELEMENTS = ("Action", "NotAction", "Resource", "NotResource")
_PRINCIPAL_ELEMENTS = ("Principal", "NotPrincipal")


@dataclass(frozen=True)
class DocumentChange:
    """One change inside a policy document: where, what happened, the values as the user wrote them.

    ``location`` is the change's path in the user's documents, valid in both (the statement sits at the same
    place in the old and the new document): the new document's for an addition, the old one's for a removal.
    ``None`` when there is no such path (the statement moved, a key is spelled differently on the two sides).
    """

    path: str
    change: str
    old: Any
    new: Any
    location: Location | None = None

    def describe(self) -> str:
        """One line for people, e.g. ``added Statement[0].Action: ram:ListUsers``."""

        def show(value: Any) -> str:
            return value if isinstance(value, str) else json.dumps(value, sort_keys=True)

        if self.change == "added":
            return f"added {self.path}: {show(self.new)}"
        if self.change == "removed":
            return f"removed {self.path}: {show(self.old)}"
        return f"changed {self.path}: {show(self.old)} -> {show(self.new)}"


def _parsed(document: Any) -> Any:
    """A document given as JSON text, parsed; anything else as it is (text that is not JSON stays text)."""
    if isinstance(document, (str, bytes)):
        try:
            return json.loads(document)
        except ValueError:
            return document
    return document


def _keys(mapping: Mapping[str, Any], canonical: Mapping[str, str] | None = None) -> dict[str, str]:
    """Canonical name -> the user's key, for keys that match case-insensitively (``effect`` is ``Effect``)."""
    names = canonical or {}
    return {names.get(str(key).lower(), str(key)): str(key) for key in mapping}


def _form(value: Any) -> str:
    """A value's comparable text: the normalised statement or element as compact, sorted JSON."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _statement_form(statement: Any) -> Any:
    """One statement as the diff engine compares it."""
    normalised = normalize_policy({"Statement": [statement]})
    return normalised["Statement"][0] if isinstance(normalised, Mapping) and normalised.get("Statement") else None


def _element_form(name: str, value: Any) -> Any:
    """One statement element (by canonical name) as the diff engine compares it."""
    form = _statement_form({name: value})
    return form.get(name) if isinstance(form, Mapping) else None


_ELEMENT_NAMES = {
    name.lower(): name for name in ("Sid", "Effect", "Condition", *_MEMBER_ELEMENTS, *_PRINCIPAL_ELEMENTS)
}
_PRINCIPAL_KINDS = {name.lower(): name for name in ("RAM", "Service", "Federated")}


def _statements(document: Mapping[str, Any]) -> tuple[str | None, list[tuple[int | None, Any]]]:
    """The user's ``Statement`` key and its statements with their positions (``None``: a single statement)."""
    key = _keys(document, {"statement": "Statement"}).get("Statement")
    if key is None:
        return None, []
    value = document[key]
    if isinstance(value, list):
        return key, list(enumerate(value))
    return key, [(None, value)]


def _readable(statement: int | None, *rest: str) -> str:
    head = "Statement" if statement is None else f"Statement[{statement}]"
    return ".".join([head, *rest])


def _similarity(old: Any, new: Any) -> float:
    """How alike two changed statements are: equal elements count 1, list elements their shared fraction."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return 0.0
    score = 0.0
    for name in set(old) | set(new):
        left, right = old.get(name), new.get(name)
        if left == right:
            score += 1.0
        elif isinstance(left, list) and isinstance(right, list) and (left or right):
            score += len(set(map(_form, left)) & set(map(_form, right))) / len(set(map(_form, left + right)))
    return score


def _pairs(
    olds: list[tuple[int | None, Any]], news: list[tuple[int | None, Any]]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Changed statement pairs (old, new list indexes), then unpaired old and new ones; equal statements drop out."""
    old_forms = [_statement_form(statement) for _, statement in olds]
    new_forms = [_statement_form(statement) for _, statement in news]
    old_left, new_left = list(range(len(olds))), list(range(len(news)))
    for j in list(new_left):  # equal statements: unchanged, wherever they moved
        same = [i for i in old_left if _form(old_forms[i]) == _form(new_forms[j])]
        if same:
            chosen = j if j in same else same[0]
            old_left.remove(chosen)
            new_left.remove(j)
    candidates = sorted(
        ((_similarity(old_forms[i], new_forms[j]), i == j, -i, -j, i, j) for i in old_left for j in new_left),
        reverse=True,
    )
    pairs: list[tuple[int, int]] = []
    for score, _same_place, _, _, i, j in candidates:
        if score > 0 and i in old_left and j in new_left:
            pairs.append((i, j))
            old_left.remove(i)
            new_left.remove(j)
    return sorted(pairs, key=lambda pair: pair[1]), old_left, new_left


class _Explainer:
    """Collects the changes between one old and one new document."""

    def __init__(self) -> None:
        self.changes: list[DocumentChange] = []

    def add(self, path: str, change: str, old: Any, new: Any, location: Location | None) -> None:
        self.changes.append(DocumentChange(path, change, old, new, location))

    def documents(self, old: Any, new: Any) -> None:
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            self.add("(document)", "changed", old, new, None)
            return
        old_keys = _keys(old, {"version": "Version", "statement": "Statement"})
        new_keys = _keys(new, {"version": "Version", "statement": "Statement"})
        for name in sorted((set(old_keys) | set(new_keys)) - {"Statement"}):
            self.element(name, old_keys.get(name), new_keys.get(name), old, new, (), name)
        self.statements(old, new)

    def element(
        self,
        name: str,
        old_key: str | None,
        new_key: str | None,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        where: Location | None,
        path: str,
    ) -> None:
        """A scalar-like element (Version, Sid, Effect, Condition...) compared as a whole, in normalised form."""
        left = old.get(old_key) if old_key else None
        right = new.get(new_key) if new_key else None
        if name == "Version":
            same = str(left) == str(right)
        else:
            same = _form(_element_form(name, left)) == _form(_element_form(name, right))
        if same:
            return
        if old_key is None:
            self.add(path, "added", None, right, None if where is None else (*where, str(new_key)))
        elif new_key is None:
            self.add(path, "removed", left, None, None if where is None else (*where, old_key))
        else:
            self.add(path, "changed", left, right, None if where is None or old_key != new_key else (*where, old_key))

    def statements(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        old_key, olds = _statements(old)
        new_key, news = _statements(new)
        pairs, removed, added = _pairs(olds, news)
        for i in removed:
            position, statement = olds[i]
            where = None if old_key is None else (old_key,) if position is None else (old_key, position)
            self.add(_readable(position), "removed", statement, None, where)
        for j in added:
            position, statement = news[j]
            where = None if new_key is None else (new_key,) if position is None else (new_key, position)
            self.add(_readable(position), "added", None, statement, where)
        for i, j in pairs:
            (old_position, old_statement), (new_position, new_statement) = olds[i], news[j]
            common: Location | None = None
            if old_key == new_key and old_key is not None and old_position == new_position:
                common = (old_key,) if new_position is None else (old_key, new_position)
            self.statement(old_statement, new_statement, common, new_position)

    def statement(self, old: Any, new: Any, where: Location | None, position: int | None) -> None:
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            self.add(_readable(position), "changed", old, new, where)
            return
        old_keys, new_keys = _keys(old, _ELEMENT_NAMES), _keys(new, _ELEMENT_NAMES)
        for name in sorted(set(old_keys) | set(new_keys)):
            old_key, new_key = old_keys.get(name), new_keys.get(name)
            # A member diff needs the element under one spelling on both sides; otherwise it changes as a whole.
            key_where = where if old_key is None or new_key is None or old_key == new_key else None
            if name in _MEMBER_ELEMENTS and old_key and new_key:
                self.members(name, old[old_key], new[new_key], _extend(key_where, old_key), _readable(position, name))
            elif name in _PRINCIPAL_ELEMENTS and old_key and new_key and _both_mappings(old[old_key], new[new_key]):
                self.principals(name, old[old_key], new[new_key], _extend(key_where, old_key), position)
            else:
                self.element(name, old_key, new_key, old, new, key_where, _readable(position, name))

    def members(self, name: str, old: Any, new: Any, where: Location | None, path: str) -> None:
        """Added and removed members of one list element, compared as the diff engine does."""

        def key(item: Any) -> str:
            return _form(_element_form(name, [item]))

        for member in member_changes(old, new, key):
            location = None if where is None else where if member.index is None else (*where, member.index)
            if member.change == "added":
                self.add(path, "added", None, member.value, location)
            else:
                self.add(path, "removed", member.value, None, location)

    def principals(
        self, name: str, old: Mapping[str, Any], new: Mapping[str, Any], where: Location | None, position: int | None
    ) -> None:
        """``Principal``: each kind (RAM, Service, Federated) a list of its own."""
        old_kinds, new_kinds = _keys(old, _PRINCIPAL_KINDS), _keys(new, _PRINCIPAL_KINDS)
        for kind in sorted(set(old_kinds) | set(new_kinds)):
            old_key, new_key = old_kinds.get(kind), new_kinds.get(kind)
            path = _readable(position, name, kind)
            left = as_members(old.get(old_key)) if old_key else []
            right = as_members(new.get(new_key)) if new_key else []
            if old_key and new_key and old_key == new_key:
                self.members_of_kind(name, kind, old[old_key], new[new_key], _extend(where, old_key), path)
            elif _form(_element_form(name, {kind: left})) != _form(_element_form(name, {kind: right})):
                if old_key:
                    self.add(path, "removed", old[old_key], None, _extend(where, old_key))
                if new_key:
                    self.add(path, "added", None, new[new_key], _extend(where, new_key))

    def members_of_kind(self, name: str, kind: str, old: Any, new: Any, where: Location | None, path: str) -> None:
        def key(item: Any) -> str:
            return _form(_element_form(name, {kind: [item]}))

        for member in member_changes(old, new, key):
            location = None if where is None else where if member.index is None else (*where, member.index)
            old_value, new_value = (member.value, None) if member.change == "removed" else (None, member.value)
            self.add(path, member.change, old_value, new_value, location)


def _extend(where: Location | None, key: str) -> Location | None:
    return None if where is None else (*where, key)


def _both_mappings(old: Any, new: Any) -> bool:
    return isinstance(old, Mapping) and isinstance(new, Mapping)


def explain_policy_change(old: Any, new: Any) -> list[DocumentChange]:
    """Every change between two policy documents (dicts or JSON text); empty when they are equal.

    Removals come before additions of the same element; statements in the new document's order.
    """
    if _form(normalize_policy(old)) == _form(normalize_policy(new)):
        return []
    explainer = _Explainer()
    explainer.documents(_parsed(old), _parsed(new))
    return explainer.changes
