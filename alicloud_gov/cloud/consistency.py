"""Read-after-write waits for Alibaba Cloud's eventual consistency.

Right after a create, a read may still answer ``EntityNotExist``; a resource group stays ``Creating`` a moment
before ``OK``; a deleted entity may still be listed. :func:`wait_until` polls a read with growing pauses until
a predicate holds, treating the listed "not there yet" errors as "keep waiting", within a time bound.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from alicloud_gov.cloud import deadline
from alicloud_gov.cloud.errors import CloudError, ConsistencyTimeout, NotFound

__all__ = ["field_in", "wait_until", "wait_until_gone"]

T = TypeVar("T")
log = logging.getLogger("alicloud_gov.cloud")


def field_in(path: str, *values: object) -> Callable[[Mapping[str, Any]], bool]:
    """Predicate: the dotted ``path`` of a response body holds one of ``values`` (e.g. ``ResourceGroup.Status``)."""

    def check(body: Mapping[str, Any]) -> bool:
        node: Any = body
        for key in path.split("."):
            if not isinstance(node, Mapping):
                return False
            node = node.get(key)
        return node in values

    check.__doc__ = f"{path} in {values!r}"
    return check


def wait_until(
    fn: Callable[[], T],
    predicate: Callable[[T], bool] = lambda _value: True,
    *,
    timeout: float = 30.0,
    what: str = "condition",
    initial_delay: float = 0.05,
    max_delay: float = 2.0,
    retry_on: tuple[type[CloudError], ...] = (NotFound,),
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``fn`` until ``predicate(result)`` holds; return that result.

    Errors of the ``retry_on`` types count as "not yet"; other errors propagate. Pauses start at
    ``initial_delay`` and double up to ``max_delay``. Raises :class:`ConsistencyTimeout` (naming ``what``
    and the last observation) when ``timeout`` seconds pass first, and the operation's
    :class:`~alicloud_gov.cloud.deadline.DeadlineExceeded` when its deadline (``customTimeouts``) comes sooner.
    """
    start = clock()
    delay = initial_delay
    polls = 0
    while True:
        polls += 1
        try:
            value = fn()
            if predicate(value):
                if polls > 1:
                    log.debug("%s reached after %d polls, %.3fs", what, polls, clock() - start)
                return value
            last = "condition not met"
        except retry_on as err:
            last = f"{err.code}: {err.message}"
        elapsed = clock() - start
        if elapsed + delay > timeout:
            raise ConsistencyTimeout(
                "ConsistencyTimeout", f"{what} not reached within {timeout:g}s after {polls} polls (last: {last})"
            )
        operation = deadline.current()
        if operation is not None and not operation.allows(delay):
            raise operation.exceeded(f"waiting for {what}, {polls} polls", last)
        sleep(delay)
        delay = min(max_delay, delay * 2)


def wait_until_gone(
    fn: Callable[[], object],
    *,
    timeout: float = 30.0,
    what: str = "deletion",
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll a read until it raises :class:`NotFound` (the entity is gone), within ``timeout``."""

    def probe() -> bool:
        try:
            fn()
        except NotFound:
            return True
        return False

    wait_until(probe, bool, timeout=timeout, what=what, retry_on=(), clock=clock, sleep=sleep)
