"""What every check sees: the parsed policy, its type and scope, the config, the catalogue,
and shared analyses (actions resolved against the catalogue, ARNs split into fields)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from alicloud_gov.policy.catalog import ActionInfo, Catalog
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.matching import Pattern, has_wildcard
from alicloud_gov.policy.model import JsonNode, ParsedPolicy, Statement

_SERVICE = re.compile(r"^[A-Za-z0-9*?][A-Za-z0-9*?_.-]*$")
_ACTION_NAME = re.compile(r"^[A-Za-z0-9*?][A-Za-z0-9*?_.-]*$")


__all__ = ["ActionRef", "ActionStatus", "Arn", "CheckContext", "covers", "has_wildcard", "wildcard_matches"]


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


@dataclass(frozen=True)
class ActionRef:
    """One string entry of a statement's Action or NotAction, resolved against the catalogue."""

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


@dataclass
class CheckContext:
    """Inputs and shared analyses for one policy document."""

    policy: ParsedPolicy
    policy_type: str  # "identity" | "trust" | "session"
    scope: str  # "account" | "resource-group"
    config: CheckConfig
    catalog: Catalog
    incomplete: list[str] = field(default_factory=list)  # analyses cut short by a budget (ANALYSIS_TRUNCATED)

    @property
    def statements(self) -> tuple[Statement, ...]:
        """The policy's statement objects."""
        return self.policy.statements

    @property
    def is_trust(self) -> bool:
        """True for a trust (role assume) policy."""
        return self.policy_type == "trust"

    @cached_property
    def action_refs(self) -> tuple[ActionRef, ...]:
        """Every Action/NotAction string entry of every statement, resolved."""
        refs: list[ActionRef] = []
        for statement in self.statements:
            for element in ("Action", "NotAction"):
                node = statement.element(element)
                if node is None:
                    continue
                refs.extend(self._resolve(statement, element, entry) for entry in node.strings())
        return tuple(refs)

    def _resolve(self, statement: Statement, element: str, node: JsonNode) -> ActionRef:
        text = node.text.strip()
        if text == "*":
            return ActionRef(statement, node, element, "*", "*", ActionStatus.ANY, ())
        service, sep, name = text.partition(":")
        if not sep or not _SERVICE.match(service) or not _ACTION_NAME.match(name) or text != node.text:
            return ActionRef(statement, node, element, service, name, ActionStatus.BAD_FORMAT, ())
        if not self._service_known(service):
            return ActionRef(statement, node, element, service, name, ActionStatus.UNKNOWN_SERVICE, ())
        if not has_wildcard(service) and self.catalog.is_service_level_only(service):
            return ActionRef(statement, node, element, service, name, ActionStatus.SERVICE_LEVEL, ())
        matches = tuple(self.catalog.match(text))
        if matches:
            return ActionRef(statement, node, element, service, name, ActionStatus.OK, matches)
        if has_wildcard(service) and self._service_level_match(service):
            return ActionRef(statement, node, element, service, name, ActionStatus.SERVICE_LEVEL, ())
        return ActionRef(statement, node, element, service, name, ActionStatus.UNKNOWN_ACTION, ())

    @cached_property
    def _services(self) -> frozenset[str]:
        return _lower_codes(self.catalog.services())

    def _service_known(self, service: str) -> bool:
        if not has_wildcard(service):
            return service.lower() in self._services
        return _any_service_matches(self.catalog.services(), service)

    def _service_level_match(self, service: str) -> bool:
        return any(
            wildcard_matches(service, s) and self.catalog.is_service_level_only(s) for s in self.catalog.services()
        )

    @cached_property
    def _refs_by_statement(self) -> dict[tuple[int, str], list[ActionRef]]:
        index: dict[tuple[int, str], list[ActionRef]] = defaultdict(list)
        for ref in self.action_refs:
            index[(ref.statement.index, ref.element)].append(ref)
        return index

    def refs_of(self, statement: Statement, element: str = "Action") -> list[ActionRef]:
        """The resolved entries of one statement's ``element`` (an indexed lookup, not a scan)."""
        return list(self._refs_by_statement.get((statement.index, element), ()))

    def granted_actions(self, statement: Statement) -> list[ActionInfo]:
        """Catalogued actions a statement's Action entries name (deduplicated, in order)."""
        seen: dict[str, ActionInfo] = {}
        for ref in self.refs_of(statement):
            for info in ref.matches if ref.status != ActionStatus.ANY else self.catalog.match("*"):
                seen.setdefault(info.full_name.lower(), info)
        return list(seen.values())
