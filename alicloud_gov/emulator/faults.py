"""Injected faults: throttling, server errors, lost responses, latency and eventual consistency.

A :class:`FaultConfig` is set per emulator run (CLI options, ``start_emulator(faults=...)``) or
changed at runtime through ``POST /_emulator/faults`` with the same field names as JSON. The
random choices come from a seeded RNG so a run with the same seed and call order fails the same
calls.
"""

from __future__ import annotations

import fnmatch
import random
import string
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from alicloud_gov.emulator.errors import ApiError, ErrorCode, ErrorTable
from alicloud_gov.emulator.gateway_errors import GatewayErrors


@dataclass(frozen=True)
class FaultConfig:
    """What to inject. Rates are probabilities in [0, 1] per authenticated API call."""

    throttle_rate: float = 0.0
    throttle_status: int = 400  # 400 (Throttling.User) or 429
    retry_after_ms: int | None = None  # send x-acs-retry-after on throttled responses
    error_rate: float = 0.0  # half ServiceUnavailable (503), half InternalError (500)
    lost_response_rate: float = 0.0  # a write is applied, then answered 503 as if its response were lost
    latency_ms: int = 0
    consistency_delay_ms: int = 0
    transition_delay_ms: int = 0  # ECR associations and VBR children stay CREATING / DELETING this long
    grant_delay_ms: int = 0  # a new attachment, membership or policy version authorises calls only after this
    linger_delay_ms: int = 0  # a just-removed dependent still blocks its parent's delete (DeleteConflict.*) this long
    seed: int = 0
    actions: str = "*"  # throttling and errors hit only APIs matching these comma-separated wildcards ("List*")
    # Scripted answers: "Action:Code:N,..." answers the first N calls of Action with the error table entry Code
    # (e.g. a transient code a caller must retry), counted from when the config is set.
    answers: str = ""

    def __post_init__(self) -> None:
        for name in ("throttle_rate", "error_rate", "lost_response_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"faults: {name} must be between 0 and 1, got {value}")
        for name in ("latency_ms", "consistency_delay_ms", "transition_delay_ms", "grant_delay_ms", "linger_delay_ms"):
            if getattr(self, name) < 0:
                raise ValueError(f"faults: {name} must not be negative")
        if self.throttle_status not in (400, 429):
            raise ValueError(f"faults: throttle_status must be 400 or 429, got {self.throttle_status}")
        if self.retry_after_ms is not None and self.retry_after_ms <= 0:
            raise ValueError("faults: retry_after_ms must be positive")
        if not self.action_patterns:
            raise ValueError("faults: actions must name at least one API pattern, e.g. '*' or 'List*,Describe*'")
        self.scripted_answers  # noqa: B018 - validates the syntax

    @property
    def scripted_answers(self) -> tuple[tuple[str, str, int], ...]:
        """The ``answers`` as (action, code, times)."""
        parsed = []
        for item in (part.strip() for part in self.answers.split(",")):
            if not item:
                continue
            action, _, rest = item.partition(":")
            code, _, times = rest.rpartition(":")
            if not (action and code and times.isdigit()):
                raise ValueError(f"faults: answers item {item!r} must read Action:Code:N")
            parsed.append((action, code, int(times)))
        return tuple(parsed)

    @property
    def action_patterns(self) -> tuple[str, ...]:
        """The API name patterns that throttling, errors and lost responses apply to."""
        return tuple(part.strip() for part in self.actions.split(",") if part.strip())

    def targets(self, action_name: str) -> bool:
        """Whether throttling, errors and lost responses apply to this API name (case-insensitive wildcards)."""
        return any(fnmatch.fnmatchcase(action_name.lower(), pattern.lower()) for pattern in self.action_patterns)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], base: FaultConfig | None = None) -> FaultConfig:
        """A config from JSON-like values (unknown names rejected), starting from ``base`` or defaults."""
        known = {item.name: item.type for item in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"faults: unknown option {unknown[0]!r}; known: {', '.join(sorted(known))}")
        converted: dict[str, Any] = {}
        for name, value in values.items():
            if value is None:
                converted[name] = None
            elif name in ("actions", "answers"):
                converted[name] = str(value)
            elif name.endswith("_rate"):
                converted[name] = float(value)
            else:
                converted[name] = int(value)
        return replace(base or cls(), **converted)

    def to_dict(self) -> dict[str, Any]:
        """The config as JSON-ready values."""
        return asdict(self)


class FaultInjector:
    """Applies a FaultConfig to calls, with a seeded RNG."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self.config = config or FaultConfig()
        self._rng = random.Random(self.config.seed)
        self._answers = self._script(self.config)

    def configure(self, config: FaultConfig) -> None:
        """Replace the config, reseed the RNG and restart the scripted answers' counts."""
        with self._lock:
            self.config = config
            self._rng = random.Random(config.seed)
            self._answers = self._script(config)

    @staticmethod
    def _script(config: FaultConfig) -> dict[str, list[tuple[ErrorCode, int]]]:
        """Scripted answers by lower-case action name: [table entry, calls left]; unknown codes refused."""
        entries = {entry.code: entry for table in ErrorTable.tables() for entry in table.entries().values()}
        script: dict[str, list[tuple[ErrorCode, int]]] = {}
        for action, code, times in config.scripted_answers:
            if code not in entries:
                raise ValueError(f"faults: answers code {code!r} is not in any emulator error table")
            script.setdefault(action.lower(), []).append((entries[code], times))
        return script

    def scripted(self, action_name: str) -> ApiError | None:
        """The scripted error this call of ``action_name`` answers with, counting it, or None."""
        with self._lock:
            queue = self._answers.get(action_name.lower(), [])
            for index, (entry, left) in enumerate(queue):
                if left > 0:
                    queue[index] = (entry, left - 1)
                    names = {
                        name
                        for text in (entry.code, entry.message)
                        for _, name, _, _ in string.Formatter().parse(text)
                        if name
                    }
                    placeholders: dict[str, Any] = dict.fromkeys(names, "(scripted)")
                    return entry(**placeholders)
        return None

    def delay(self) -> None:
        """Sleep for the configured latency (outside any lock)."""
        if self.config.latency_ms > 0:
            time.sleep(self.config.latency_ms / 1000.0)

    def maybe_fail(self, action_name: str) -> None:
        """Raise a throttling or server error for this call when the dice say so."""
        scripted = self.scripted(action_name) if self._answers else None
        if scripted is not None:
            raise scripted
        config = self.config
        if (config.throttle_rate <= 0 and config.error_rate <= 0) or not config.targets(action_name):
            return
        with self._lock:
            throttle_roll = self._rng.random()
            error_roll = self._rng.random()
            kind_roll = self._rng.random()
        if throttle_roll < config.throttle_rate:
            headers = {"x-acs-retry-after": str(config.retry_after_ms)} if config.retry_after_ms else {}
            raise GatewayErrors.THROTTLED(action=action_name, status=config.throttle_status, headers=headers)
        if error_roll < config.error_rate:
            if kind_roll < 0.5:
                raise GatewayErrors.SERVICE_UNAVAILABLE()
            raise GatewayErrors.INTERNAL_ERROR()

    def maybe_lose(self, action_name: str, *, read_only: bool) -> None:
        """After a write was applied: raise ServiceUnavailable when the dice say its response is lost."""
        config = self.config
        if read_only or config.lost_response_rate <= 0 or not config.targets(action_name):
            return
        with self._lock:
            roll = self._rng.random()
        if roll < config.lost_response_rate:
            raise GatewayErrors.SERVICE_UNAVAILABLE()
