"""What every check sees: the parsed policy, its type and scope, the config, the catalogue,
and shared analyses (actions resolved against the catalogue, ARNs split into fields)."""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from alicloud_gov.policy.catalog import ActionInfo, Catalog
from alicloud_gov.policy.catalog.index import REMEMBERED_TEXT_LENGTH
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.matching import Pattern, has_wildcard
from alicloud_gov.policy.model import JsonNode, Kind, ParsedPolicy, Statement

_SERVICE = re.compile(r"^[A-Za-z0-9*?][A-Za-z0-9*?_.-]*$")
_ACTION_NAME = re.compile(r"^[A-Za-z0-9*?][A-Za-z0-9*?_.-]*$")
_RESOLUTION_LIMIT = 16384  # distinct action texts remembered per catalogue; the memo starts over when full
# Kind's members as module constants: looking up ``Kind.X`` costs several times a global in the loops below.
_ARRAY = Kind.ARRAY
_STRING = Kind.STRING

T = TypeVar("T")


__all__ = [
    "ActionRef",
    "ActionStatus",
    "Arn",
    "CheckContext",
    "StatementElements",
    "covers",
    "has_wildcard",
    "wildcard_matches",
]


@functools.lru_cache(maxsize=8192)
def _folded_pattern(pattern: str) -> Pattern:
    return Pattern(pattern, case_sensitive=False)


def wildcard_matches(pattern: str, text: str) -> bool:
    """True when RAM wildcard ``pattern`` (``*`` any run, ``?`` one character) matches ``text``, ignoring case
    the way RAM matches action names (the evaluator's own matcher, :class:`~alicloud_gov.policy.matching.Pattern`)."""
    return _folded_pattern(pattern).matches(text)


@functools.lru_cache(maxsize=8)
def _lower_codes(services: frozenset[str]) -> frozenset[str]:
    """The service codes lower-cased, once per catalogue."""
    return frozenset(service.lower() for service in services)


@functools.lru_cache(maxsize=4096)
def _any_service_matches(services: frozenset[str], pattern: str) -> bool:
    """True when wildcard ``pattern`` matches one of ``services`` (remembered: documents repeat their patterns)."""
    return any(wildcard_matches(pattern, service) for service in services)


def covers(general: str, specific: str) -> bool:
    """True when wildcard pattern ``general`` matches everything ``specific`` matches (case-insensitive).

    Exact for literal ``specific``; for a wildcard ``specific`` its wildcards are read literally,
    which is sound for the common shapes (``vpc:*`` covers ``vpc:Describe*``).
    """
    if general.lower() == specific.lower():
        return True
    if not has_wildcard(general):
        return False
    return wildcard_matches(general, specific)


class ActionStatus:
    """How an Action entry resolved against the catalogue."""

    ANY = "any"  # "*"
    BAD_FORMAT = "bad_format"
    UNKNOWN_SERVICE = "unknown_service"
    SERVICE_LEVEL = "service_level"  # known service, actions not catalogued: accepted
    UNKNOWN_ACTION = "unknown_action"
    OK = "ok"


class ActionRef(NamedTuple):
    """One string entry of a statement's Action or NotAction, resolved against the catalogue.

    Immutable like a frozen dataclass but several times cheaper to build (a document has one per entry).
    """

    statement: Statement
    node: JsonNode
    element: str  # "Action" | "NotAction"
    service: str
    name: str
    status: str
    matches: tuple[ActionInfo, ...]

    @property
    def text(self) -> str:
        """The entry as written."""
        return self.node.text

    @property
    def is_pattern(self) -> bool:
        """True when the entry contains a wildcard."""
        return has_wildcard(self.node.text)


Resolution = tuple[str, str, str, tuple[ActionInfo, ...]]
"""What an action text resolves to: its service, name, :class:`ActionStatus` and catalogued matches."""

_RESOLUTIONS: weakref.WeakKeyDictionary[Catalog, dict[str, Resolution]] = weakref.WeakKeyDictionary()


def resolve_action(catalog: Catalog, text: str) -> Resolution:
    """How the Action entry ``text`` (as written) resolves against ``catalog``.

    Remembered per catalogue (documents and checks repeat their actions); the catalogue is read-only, so an
    answer never goes stale, and a different catalogue has its own memo.
    """
    memo = _resolutions(catalog)
    found = memo.get(text)
    if found is None:
        found = _resolve(catalog, text)
        if len(text) <= REMEMBERED_TEXT_LENGTH:
            if len(memo) >= _RESOLUTION_LIMIT:
                memo.clear()
            memo[text] = found
    return found


def _resolutions(catalog: Catalog) -> dict[str, Resolution]:
    """The memo of action texts resolved against ``catalog``."""
    memo = _RESOLUTIONS.get(catalog)
    if memo is None:
        memo = _RESOLUTIONS[catalog] = {}
    return memo


def _resolve(catalog: Catalog, written: str) -> Resolution:
    text = written.strip()
    if text == "*":
        return ("*", "*", ActionStatus.ANY, ())
    service, sep, name = text.partition(":")
    if not sep or not _SERVICE.match(service) or not _ACTION_NAME.match(name) or text != written:
        return (service, name, ActionStatus.BAD_FORMAT, ())
    if not _service_known(catalog, service):
        return (service, name, ActionStatus.UNKNOWN_SERVICE, ())
    if not has_wildcard(service) and catalog.is_service_level_only(service):
        return (service, name, ActionStatus.SERVICE_LEVEL, ())
    matches = tuple(catalog.match(text))
    if matches:
        return (service, name, ActionStatus.OK, matches)
    if has_wildcard(service) and _service_level_match(catalog, service):
        return (service, name, ActionStatus.SERVICE_LEVEL, ())
    return (service, name, ActionStatus.UNKNOWN_ACTION, ())


def _service_known(catalog: Catalog, service: str) -> bool:
    if not has_wildcard(service):
        return service.lower() in _lower_codes(catalog.services())
    return _any_service_matches(catalog.services(), service)


def _service_level_match(catalog: Catalog, service: str) -> bool:
    return any(wildcard_matches(service, s) and catalog.is_service_level_only(s) for s in catalog.services())


@dataclass(frozen=True)
class Arn:
    """An ARN split into its five fields (the relative id keeps any further colons)."""

    text: str
    service: str
    region: str
    account: str
    relative_id: str

    @classmethod
    def split(cls, text: str) -> Arn | None:
        """Split ``acs:<service>:<region>:<account>:<relative-id>``; None when there are fewer than five fields."""
        parts = text.split(":", 4)
        if len(parts) != 5:
            return None
        return cls(text, parts[1], parts[2], parts[3], parts[4])

    @property
    def is_everything(self) -> bool:
        """True when the ARN names every resource of its service (relative id ``*``)."""
        return self.relative_id == "*"


class StatementElements(NamedTuple):
    """A statement with the values of its elements (None when absent), looked up once for the checks that read them."""

    statement: Statement
    sid: JsonNode | None
    effect: JsonNode | None
    action: JsonNode | None
    not_action: JsonNode | None
    resource: JsonNode | None
    not_resource: JsonNode | None
    principal: JsonNode | None
    condition: JsonNode | None

    @classmethod
    def of(cls, statement: Statement) -> StatementElements:
        """The elements of ``statement`` (:meth:`Statement.element` of each name)."""
        element = statement.element
        return cls(
            statement,
            element("Sid"),
            element("Effect"),
            element("Action"),
            element("NotAction"),
            element("Resource"),
            element("NotResource"),
            element("Principal"),
            element("Condition"),
        )


_MISSING = object()


@dataclass
class CheckContext:
    """Inputs and shared analyses for one policy document.

    The shared analyses are computed on first use and kept for the other checks of the same document.
    """

    policy: ParsedPolicy
    policy_type: str  # "identity" | "trust" | "session"
    scope: str  # "account" | "resource-group"
    config: CheckConfig
    catalog: Catalog
    incomplete: list[str] = field(default_factory=list)  # analyses cut short by a budget (ANALYSIS_TRUNCATED)
    _shared: dict[Callable[[CheckContext], Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def statements(self) -> tuple[Statement, ...]:
        """The policy's statement objects."""
        return self.policy.statements

    @property
    def is_trust(self) -> bool:
        """True for a trust (role assume) policy."""
        return self.policy_type == "trust"

    @property
    def statement_elements(self) -> tuple[StatementElements, ...]:
        """Every statement with its elements, in document order."""
        return self.shared(_statement_elements)

    @property
    def action_refs(self) -> tuple[ActionRef, ...]:
        """Every Action/NotAction string entry of every statement, resolved."""
        return self.shared(_index_actions).refs

    @property
    def action_statuses(self) -> frozenset[str]:
        """The :class:`ActionStatus` values that occur among :attr:`action_refs` (a check's quick exit)."""
        return self.shared(_index_actions).statuses

    def refs_of(self, statement: Statement, element: str = "Action") -> list[ActionRef]:
        """The resolved entries of one statement's ``element`` (an indexed lookup, not a scan)."""
        return list(self.shared(_index_actions).by_statement.get((statement.index, element), ()))

    def shared(self, analysis: Callable[[CheckContext], T]) -> T:
        """``analysis(self)``, computed once per document: a per-document view several checks read."""
        value = self._shared.get(analysis, _MISSING)
        if value is _MISSING:
            value = self._shared[analysis] = analysis(self)
        return value

    def granted_actions(self, statement: Statement) -> list[ActionInfo]:
        """Catalogued actions a statement's Action entries name (deduplicated, in order)."""
        seen: dict[str, ActionInfo] = {}
        for ref in self.refs_of(statement):
            for info in ref.matches if ref.status != ActionStatus.ANY else self.catalog.match("*"):
                seen.setdefault(info.full_name.lower(), info)
        return list(seen.values())


def _statement_elements(ctx: CheckContext) -> tuple[StatementElements, ...]:
    """The elements of every statement (:attr:`CheckContext.statement_elements`)."""
    return tuple(map(StatementElements.of, ctx.statements))


class _ActionIndex(NamedTuple):
    """A document's resolved Action/NotAction entries, the statuses among them, and them by (statement, element)."""

    refs: tuple[ActionRef, ...]
    statuses: frozenset[str]
    by_statement: dict[tuple[int, str], tuple[ActionRef, ...]]


def _index_actions(ctx: CheckContext) -> _ActionIndex:
    """Resolve every entry (each distinct text once per catalogue); index the refs by statement and element."""
    catalog = ctx.catalog
    memo = _resolutions(catalog)
    refs: list[ActionRef] = []
    index: dict[tuple[int, str], tuple[ActionRef, ...]] = {}
    for elements in ctx.statement_elements:
        statement = elements.statement
        for element, node in (("Action", elements.action), ("NotAction", elements.not_action)):
            if node is None:
                continue
            start = len(refs)
            for entry in node.elements if node.kind is _ARRAY else (node,):
                if entry.kind is not _STRING:
                    continue
                resolution = memo.get(entry.scalar)  # type: ignore[arg-type]  # a string's scalar is its text
                if resolution is None:
                    resolution = resolve_action(catalog, entry.text)
                refs.append(ActionRef(statement, entry, element, *resolution))
            if len(refs) > start:
                index[(statement.index, element)] = tuple(refs[start:])
    return _ActionIndex(tuple(refs), frozenset([ref.status for ref in refs]), index)
