"""Findings: what a policy check reports, with a severity and a location.

The four severities are the finding types of AWS IAM Access Analyzer and of the RAM
console's policy validation. A :class:`Finding` is immutable and serialises to the JSON
shape every output format (text, JSON, SARIF) and the CLI's callers rely on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a finding is; ``ERROR`` ranks highest, ``SUGGESTION`` lowest."""

    ERROR = "error"
    SECURITY_WARNING = "security_warning"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        """Numeric rank: 3 for ERROR down to 0 for SUGGESTION (higher is worse)."""
        return _RANKS[self]

    def at_least(self, threshold: Severity) -> bool:
        """True when this severity is ``threshold`` or worse."""
        return self.rank >= threshold.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """The severity named ``text`` (case-insensitive, ``-`` or ``_``); ValueError otherwise."""
        key = text.strip().lower().replace("-", "_")
        for severity in cls:
            if severity.value == key:
                return severity
        names = ", ".join(s.value for s in cls)
        raise ValueError(f"unknown severity {text!r}; expected one of: {names}")


_RANKS = {Severity.ERROR: 3, Severity.SECURITY_WARNING: 2, Severity.WARNING: 1, Severity.SUGGESTION: 0}


@dataclass(frozen=True)
class Finding:
    """One problem found in a policy document (or a declared stack).

    ``code`` is stable UPPER_SNAKE (documented in docs/checks.md); ``json_path`` is like
    ``$.Statement[0].Action[2]``; ``line``/``column`` are 1-based positions in ``file``.
    ``suggestion`` is a fix in words or, for some codes, as a JSON document.
    """

    code: str
    severity: Severity
    message: str
    file: str | None = None
    resource: str | None = None
    json_path: str | None = None
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: every field, severity as its string value."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @property
    def sort_key(self) -> tuple[str, str, int, int, int, str]:
        """Order for reports: by file, resource, position, then worst severity first, then code."""
        return (
            self.file or "",
            self.resource or "",
            self.line or 0,
            self.column or 0,
            -self.severity.rank,
            self.code,
        )
