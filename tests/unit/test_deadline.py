"""An operation's deadline (Pulumi ``customTimeouts``) ends every retry loop and consistency wait inside it."""

from __future__ import annotations

import random

import pytest

from alicloud_gov.cloud import deadline
from alicloud_gov.cloud.consistency import wait_until
from alicloud_gov.cloud.errors import ConsistencyTimeout, Throttled
from alicloud_gov.cloud.retry import Retrier, RetryPolicy


class FakeTime:
    """A clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_retry_loop_stops_at_the_deadline_naming_resource_operation_and_timeout() -> None:
    time = FakeTime()
    policy = RetryPolicy(max_attempts=1000, max_total_seconds=3600, base_delay=1.0, max_delay=1.0)
    retrier = Retrier(policy, clock=time.clock, sleep=time.sleep, rng=random.Random(1))
    attempts: list[int] = []

    def throttled(number: int) -> None:
        attempts.append(number)
        raise Throttled("Throttling.User", "slow down", api="ram:GetUser")

    alice = deadline.Deadline.start("RamUser 'alice'", "update", 5.0, time.clock)
    with deadline.scope(alice), pytest.raises(deadline.DeadlineExceeded) as caught:
        retrier.run(throttled, label="ram:GetUser")
    assert time.now <= 5.0
    assert 1 < len(attempts) < 1000
    message = str(caught.value)
    assert "RamUser 'alice': update did not finish within its timeout of 5 s" in message
    assert "ram:GetUser" in message and "Throttling.User" in message


def test_a_wait_stops_at_the_deadline_before_its_own_bound() -> None:
    time = FakeTime()
    net = deadline.Deadline.start("ResourceGroup 'net'", "create", 2.0, time.clock)
    with deadline.scope(net), pytest.raises(deadline.DeadlineExceeded) as caught:
        wait_until(lambda: "Creating", "OK".__eq__, timeout=30, what="OK", clock=time.clock, sleep=time.sleep)
    assert time.now <= 2.0
    assert "ResourceGroup 'net': create did not finish within its timeout of 2 s" in str(caught.value)
    assert isinstance(caught.value, ConsistencyTimeout)  # code handling a wait that ran out handles this too


def test_without_a_deadline_the_loops_keep_their_own_bounds() -> None:
    time = FakeTime()
    assert deadline.current() is None
    with pytest.raises(ConsistencyTimeout) as caught:
        wait_until(lambda: 0, bool, timeout=3, what="never", clock=time.clock, sleep=time.sleep)
    assert not isinstance(caught.value, deadline.DeadlineExceeded)
    with deadline.scope(deadline.Deadline.start("RamRole 'r'", "delete", 1.0)):
        assert deadline.current() is not None
    assert deadline.current() is None
