"""The deadline of one resource operation: Pulumi's ``customTimeouts``, which every wait and retry loop obeys.

The provider opens a :func:`scope` around each create, update and delete with the request's timeout (or the
resource type's default); every retry loop (:class:`~alicloud_gov.cloud.retry.Retrier`), every consistency wait
(:func:`~alicloud_gov.cloud.consistency.wait_until`) and every handler loop of that operation reads it with
:func:`current` and stops at it with :class:`DeadlineExceeded`, which names the resource, the operation and the
timeout. A context variable carries it: ``asyncio.to_thread`` copies the caller's context into the worker thread,
so concurrent operations of one provider each see their own deadline, and code outside any operation sees none.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from alicloud_gov.cloud.errors import ConsistencyTimeout

__all__ = ["Deadline", "DeadlineExceeded", "current", "scope"]


class DeadlineExceeded(ConsistencyTimeout):
    """An operation's timeout (``customTimeouts``) passed while it was still waiting or retrying (a kind of
    :class:`ConsistencyTimeout`, so code that handles a wait running out handles this too)."""


@dataclass(frozen=True)
class Deadline:
    """``operation`` (create, update, delete) of ``subject`` (``RamRole 'ops'``) must end ``seconds`` after start."""

    subject: str
    operation: str
    seconds: float
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)
    expires: float = field(default=0.0, compare=False)

    @classmethod
    def start(
        cls, subject: str, operation: str, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> Deadline:
        """A deadline ``seconds`` from now on ``clock``."""
        return cls(subject, operation, seconds, clock, clock() + seconds)

    def remaining(self) -> float:
        """Seconds left (0 once passed)."""
        return max(0.0, self.expires - self.clock())

    def allows(self, delay: float) -> bool:
        """Whether a pause of ``delay`` seconds still ends before the deadline."""
        return delay <= self.remaining()

    def exceeded(self, doing: str, last: object = None) -> DeadlineExceeded:
        """The error for giving up on ``doing`` at this deadline (``last``: the last failure or observation)."""
        detail = f"; last: {last}" if last is not None else ""
        return DeadlineExceeded(
            "OperationTimeout",
            f"{self.subject}: {self.operation} did not finish within its timeout of {self.seconds:g} s "
            f"({doing}{detail}); set customTimeouts.{self.operation} to allow longer",
        )


_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("alicloud_gov_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the operation running in this context, if any."""
    return _CURRENT.get()


@contextmanager
def scope(deadline: Deadline | None) -> Iterator[Deadline | None]:
    """Run the block (and the worker threads it starts with ``asyncio.to_thread``) under ``deadline``."""
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)
