"""Our own retries: tea-openapi 0.4.x makes exactly one attempt, so every call goes through :class:`Retrier`.

Policy: exponential backoff with *full jitter* (a delay drawn uniformly from ``[0, min(cap, base * 2**n)]``),
bounded by a number of attempts and a total time budget. Retried: throttling (``Throttling*``,
``Rejected.Throttling``, 429), ``ServiceUnavailable`` and every 5xx, ECR's ``Conflict.Lock``, unreadable
responses and connection failures. A server's ``x-acs-retry-after`` hint (milliseconds) is honoured: we never
retry sooner than it asks, and give up if it asks for longer than the remaining budget.

An endpoint that cannot be reached at all (:class:`~alicloud_gov.cloud.errors.EndpointUnreachable`: refused,
DNS failure, no route, connect timeout) gets a short bound of its own, ``unreachable_attempts`` within
``unreachable_seconds``: the request never left, and a wrong or stopped endpoint does not come back by waiting,
so the user hears within seconds which endpoint failed and why. terraform-provider-alicloud's ``NeedRetry``
(alicloud/errors.go) retries every transport failure to an https endpoint (``^Post "https://...``) for as long as
the resource's timeout allows; we keep that for failures after a connection was made (reset, read timeout:
the request may have been applied) and for throttling, ``ServiceUnavailable`` and 5xx, as it does.

Every retry is announced by one line on logger :data:`RETRY_LOGGER` at WARNING, which Python prints on stderr
when nothing else is set up (the CLI), and the provider plugin forwards to the Pulumi engine's log.

Clock, sleep and random source are injectable so tests run without real time passing. The bounds are plain data
(:class:`RetryPolicy`). Inside an operation with a deadline (a resource's ``customTimeouts``, see
:mod:`~alicloud_gov.cloud.deadline`) no retry waits past it: the loop ends with
:class:`~alicloud_gov.cloud.deadline.DeadlineExceeded` naming the resource, the operation and the timeout.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from alicloud_gov.cloud import deadline
from alicloud_gov.cloud.errors import CloudConnectionError, CloudError, EndpointUnreachable, ServerError, Throttled

__all__ = [
    "RETRYABLE_CODES",
    "RETRY_LOGGER",
    "Retrier",
    "RetryPolicy",
    "backoff_delay",
    "is_retryable",
    "outcome_unknown",
]

T = TypeVar("T")

RETRY_LOGGER = "alicloud_gov.cloud.retry"
"""The logger that announces each retry (one WARNING line: API, attempt, error, wait)."""

log = logging.getLogger(RETRY_LOGGER)

#: Codes retried whatever their HTTP status (the others are recognised by class: Throttled, ServerError...).
RETRYABLE_CODES = frozenset({"ServiceUnavailable", "Conflict.Lock", "Rejected.Throttling", "InvalidResponse"})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: at most ``max_attempts`` attempts within ``max_total_seconds`` of waiting and working.

    ``base_delay`` is the first backoff cap (seconds); each retry doubles it up to ``max_delay``.
    An unreachable endpoint is tried at most ``unreachable_attempts`` times, ``unreachable_delay`` apart, and
    not again once ``unreachable_seconds`` have passed since the first attempt.
    """

    max_attempts: int = 8
    max_total_seconds: float = 60.0
    base_delay: float = 0.2
    max_delay: float = 10.0
    unreachable_attempts: int = 3
    unreachable_seconds: float = 3.0
    unreachable_delay: float = 0.5

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.unreachable_attempts < 1:
            raise ValueError("RetryPolicy.max_attempts and unreachable_attempts must be at least 1")
        durations = (self.max_total_seconds, self.base_delay, self.max_delay)
        if min(*durations, self.unreachable_seconds, self.unreachable_delay) < 0:
            raise ValueError("RetryPolicy durations must not be negative")

    def attempts_for(self, error: CloudError) -> int:
        """How many attempts a call failing with ``error`` gets in all."""
        if isinstance(error, EndpointUnreachable):
            return min(self.max_attempts, self.unreachable_attempts)
        return self.max_attempts


def is_retryable(error: CloudError) -> bool:
    """Whether trying the same request again may succeed (transient: rate, server, lock or network).

    An error another retry loop already gave up on (``retries_exhausted``) is final.
    """
    if error.retries_exhausted:
        return False
    if isinstance(error, (Throttled, ServerError, CloudConnectionError)):
        return True
    return error.code in RETRYABLE_CODES or error.code.startswith("Throttling")


def outcome_unknown(error: CloudError) -> bool:
    """Whether the failed attempt may have been applied all the same: a 5xx or unreadable response, a timeout or a
    connection dropped after the request was sent. Throttling, ECR's ``Conflict.Lock`` and an unreachable endpoint
    prove the request was refused (or never sent), as does any other error the service answered with."""
    if isinstance(error, (Throttled, EndpointUnreachable)):
        return False
    if error.code.startswith("Throttling") or error.code in {"Rejected.Throttling", "Conflict.Lock"}:
        return False
    return isinstance(error, (ServerError, CloudConnectionError)) or error.code in RETRYABLE_CODES


def backoff_delay(policy: RetryPolicy, retry_number: int, rng: random.Random) -> float:
    """Full-jitter delay before retry ``retry_number`` (1 for the first retry)."""
    cap = min(policy.max_delay, policy.base_delay * (2 ** max(0, retry_number - 1)))
    return rng.uniform(0.0, cap)


class Retrier:
    """Runs an attempt function until it succeeds, fails for good, or the policy's bounds are reached.

    ``run(attempt)`` calls ``attempt(n)`` with n = 1, 2, ...; a :class:`CloudError` that
    :func:`is_retryable` accepts leads to a wait and another attempt; anything else propagates at once.
    When the bounds are reached, the last error propagates, its ``earlier_outcome_unknown`` set when any earlier
    attempt's outcome was unknown (:func:`outcome_unknown`): only then may that attempt have been applied.
    Thread-safe if ``rng`` is only used here
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
        policy = self.policy
        if not self.retryable(error) or retry_number >= policy.attempts_for(error):
            return None
        if isinstance(error, EndpointUnreachable):
            delay, budget = policy.unreachable_delay, min(policy.max_total_seconds, policy.unreachable_seconds)
        else:
            delay, budget = backoff_delay(policy, retry_number, self.rng), policy.max_total_seconds
        if error.retry_after_ms is not None:
            delay = max(delay, error.retry_after_ms / 1000.0)
        if elapsed + delay > budget:
            return None
        return delay

    def run(self, attempt: Callable[[int], T], *, label: str = "call") -> T:
        """Call ``attempt(n)`` until success or a final error (see class docstring); one line per retry."""
        start = self.clock()
        number = 1
        unknown = False
        while True:
            try:
                return attempt(number)
            except CloudError as err:
                delay = self.next_delay(err, number, self.clock() - start)
                if delay is None:
                    err.earlier_outcome_unknown = err.earlier_outcome_unknown or unknown
                    raise
                unknown = unknown or outcome_unknown(err)
                detail = str(err).removeprefix(f"{err.api}: ") if err.api else str(err)
                operation = deadline.current()
                if operation is not None and not operation.allows(delay):
                    raise operation.exceeded(f"retrying {label} after {number} attempts", detail) from err
                limit = self.policy.attempts_for(err)
                log.warning("%s: attempt %d of %d failed: %s; retrying in %.2f s", label, number, limit, detail, delay)
                self.sleep(delay)
                number += 1
