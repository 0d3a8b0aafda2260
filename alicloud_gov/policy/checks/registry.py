"""The check registry: one small function per finding code, registered with its metadata.

A check is a generator taking a :class:`~alicloud_gov.policy.checks.context.CheckContext`
and yielding :class:`Hit` objects (message, offending node, optional fix); the runner turns
hits into :class:`~alicloud_gov.policy.findings.Finding` objects with the code, severity
and location filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import JsonNode

if TYPE_CHECKING:
    from alicloud_gov.policy.checks.context import CheckContext


@dataclass(frozen=True)
class Hit:
    """What a check found: a message, the node it concerns (for the location) and an optional fix."""

    message: str
    node: JsonNode | None = None
    suggestion: str | None = None
    key_position: tuple[int | None, int | None] | None = None


CheckFunction = Callable[["CheckContext"], Iterator[Hit]]


@dataclass(frozen=True)
class CheckSpec:
    """A registered check: its stable code, severity, one-line title, longer doc and function."""

    code: str
    severity: Severity
    title: str
    doc: str
    function: CheckFunction


REGISTRY: dict[str, CheckSpec] = {}


def check(code: str, severity: Severity, title: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated generator as the check for ``code`` (its docstring is the doc)."""

    def register(function: CheckFunction) -> CheckFunction:
        """Record ``function`` under ``code`` and return it unchanged."""
        if code in REGISTRY:
            raise ValueError(f"check code {code} registered twice")
        doc = " ".join((function.__doc__ or title).split()).replace("``", "`")
        REGISTRY[code] = CheckSpec(code, severity, title, doc, function)
        return function

    return register


def register_external(code: str, severity: Severity, title: str, doc: str) -> None:
    """Register a code whose findings are produced outside the per-check loop (e.g. JSON_SYNTAX_ERROR)."""

    def nothing(_: CheckContext) -> Iterator[Hit]:
        """Yield no hits: the code's findings come from elsewhere."""
        return iter(())

    REGISTRY[code] = CheckSpec(code, severity, title, doc, nothing)
