"""Our own retries: tea-openapi 0.4.x makes exactly one attempt, so every call goes through :class:`Retrier`.

Policy: exponential backoff with *full jitter* (a delay drawn uniformly from ``[0, min(cap, base * 2**n)]``),
bounded by a number of attempts and a total time budget. Retried: throttling (``Throttling*``,
``Rejected.Throttling``, 429), ``ServiceUnavailable`` and every 5xx, ECR's ``Conflict.Lock``, unreadable
responses and connection failures. A server's ``x-acs-retry-after`` hint (milliseconds) is honoured: we never
retry sooner than it asks, and give up if it asks for longer than the remaining budget.

Clock, sleep and random source are injectable so tests run without real time passing.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from alicloud_gov.cloud.errors import CloudConnectionError, CloudError, ServerError, Throttled

__all__ = ["RETRYABLE_CODES", "Retrier", "RetryPolicy", "backoff_delay", "is_retryable"]

T = TypeVar("T")
log = logging.getLogger("alicloud_gov.cloud")

#: Codes retried whatever their HTTP status (the others are recognised by class: Throttled, ServerError...).
RETRYABLE_CODES = frozenset({"ServiceUnavailable", "Conflict.Lock", "Rejected.Throttling", "InvalidResponse"})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: at most ``max_attempts`` attempts within ``max_total_seconds`` of waiting and working.

    ``base_delay`` is the first backoff cap (seconds); each retry doubles it up to ``max_delay``.
    """

    max_attempts: int = 8
    max_total_seconds: float = 60.0
    base_delay: float = 0.2
    max_delay: float = 10.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"RetryPolicy.max_attempts must be at least 1, got {self.max_attempts}")
        if self.max_total_seconds < 0 or self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("RetryPolicy durations must not be negative")


def is_retryable(error: CloudError) -> bool:
    """Whether trying the same request again may succeed (transient: rate, server, lock or network).

    An error another retry loop already gave up on (``retries_exhausted``) is final.
    """
    if error.retries_exhausted:
        return False
    if isinstance(error, (Throttled, ServerError, CloudConnectionError)):
        return True
    return error.code in RETRYABLE_CODES or error.code.startswith("Throttling")


def backoff_delay(policy: RetryPolicy, retry_number: int, rng: random.Random) -> float:
    """Full-jitter delay before retry ``retry_number`` (1 for the first retry)."""
    cap = min(policy.max_delay, policy.base_delay * (2 ** max(0, retry_number - 1)))
    return rng.uniform(0.0, cap)


class Retrier:
    """Runs an attempt function until it succeeds, fails for good, or the policy's bounds are reached.

    ``run(attempt)`` calls ``attempt(n)`` with n = 1, 2, ...; a :class:`CloudError` that
    :func:`is_retryable` accepts leads to a wait and another attempt; anything else propagates at once.
    When the bounds are reached, the last error propagates. Thread-safe if ``rng`` is only used here
    (``random.Random`` methods are atomic under the GIL).
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        retryable: Callable[[CloudError], bool] = is_retryable,
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.retryable = retryable

    def next_delay(self, error: CloudError, retry_number: int, elapsed: float) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` to give up (not retryable or out of budget)."""
        if not self.retryable(error) or retry_number >= self.policy.max_attempts:
            return None
        delay = backoff_delay(self.policy, retry_number, self.rng)
        if error.retry_after_ms is not None:
            delay = max(delay, error.retry_after_ms / 1000.0)
        if elapsed + delay > self.policy.max_total_seconds:
            return None
        return delay

    def run(self, attempt: Callable[[int], T], *, label: str = "call") -> T:
        """Call ``attempt(n)`` until success or a final error (see class docstring)."""
        start = self.clock()
        number = 1
        while True:
            try:
                return attempt(number)
            except CloudError as err:
                delay = self.next_delay(err, number, self.clock() - start)
                if delay is None:
                    raise
                log.debug("%s attempt=%d failed with %s; retrying in %.3fs", label, number, err.code, delay)
                self.sleep(delay)
                number += 1
