"""Retry policy: full-jitter backoff math, which errors are retried, bounds on attempts and time."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cloud_fakes import FakeClock, MaxRandom

from alicloud_gov.cloud.errors import (
    AccessDenied,
    AlreadyExists,
    CloudConnectionError,
    CloudError,
    Conflict,
    InvalidInput,
    NotFound,
    error_from_code,
)
from alicloud_gov.cloud.retry import Retrier, RetryPolicy, backoff_delay, is_retryable


@pytest.mark.parametrize(
    ("code", "status", "retryable"),
    [
        ("Throttling.User", 400, True),
        ("Throttling.Api", 429, True),
        ("Rejected.Throttling", 400, True),
        ("ServiceUnavailable", 503, True),
        ("InternalError", 500, True),
        ("Whatever", 502, True),
        ("Conflict.Lock", 409, True),
        ("EntityNotExist.User", 404, False),
        ("EntityAlreadyExists.User", 409, False),
        ("DeleteConflict.User.Policy", 409, False),
        ("NoPermission", 403, False),
        ("InvalidParameter.UserName.Length", 400, False),
        ("SignatureDoesNotMatch", 400, False),
    ],
)
def test_which_errors_are_retried(code: str, status: int, retryable: bool) -> None:
    assert is_retryable(error_from_code(code, "m", status=status)) is retryable


def test_connection_errors_are_retried() -> None:
    assert is_retryable(CloudConnectionError("ConnectionError", "refused"))


def test_full_jitter_stays_within_a_doubling_capped_window() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    rng = random.Random(7)
    for retry in range(1, 12):
        cap = min(4.0, 0.5 * 2 ** (retry - 1))
        samples = [backoff_delay(policy, retry, rng) for _ in range(200)]
        assert all(0.0 <= s <= cap for s in samples)
        assert max(samples) > cap * 0.8  # full jitter spreads over the whole window...
        assert min(samples) < cap * 0.2  # ...down to (almost) zero


def test_caps_with_max_random() -> None:
    policy = RetryPolicy(base_delay=0.2, max_delay=1.0)
    assert [backoff_delay(policy, n, MaxRandom()) for n in range(1, 6)] == [0.2, 0.4, 0.8, 1.0, 1.0]


def _failing(*errs: CloudError, result: str = "done") -> tuple[Callable[[int], str], list[int]]:
    pending = list(errs)
    seen: list[int] = []

    def attempt(number: int) -> str:
        seen.append(number)
        if pending:
            raise pending.pop(0)
        return result

    return attempt, seen


def _retrier(clock: FakeClock, **policy: float) -> Retrier:
    return Retrier(RetryPolicy(**policy), clock=clock, sleep=clock.sleep, rng=MaxRandom())  # type: ignore[arg-type]


def test_transient_failures_are_retried_until_success() -> None:
    clock = FakeClock()
    attempt, seen = _failing(
        error_from_code("Throttling.User", "", status=400),
        error_from_code("ServiceUnavailable", "", status=503),
        CloudConnectionError("ConnectionError", "reset"),
    )
    assert _retrier(clock, base_delay=0.1, max_delay=5.0).run(attempt) == "done"
    assert seen == [1, 2, 3, 4]
    assert clock.sleeps == pytest.approx([0.1, 0.2, 0.4])


@pytest.mark.parametrize(
    "error",
    [
        NotFound("EntityNotExist.User", "x"),
        AlreadyExists("EntityAlreadyExists.User", "x"),
        Conflict("DeleteConflict.User.Group", "x"),
        AccessDenied("NoPermission", "x"),
        InvalidInput("MalformedPolicyDocument", "x"),
    ],
)
def test_permanent_failures_propagate_at_once(error: CloudError) -> None:
    clock = FakeClock()
    attempt, seen = _failing(error)
    with pytest.raises(type(error)):
        _retrier(clock).run(attempt)
    assert seen == [1]
    assert clock.sleeps == []


def test_attempts_are_bounded() -> None:
    clock = FakeClock()
    attempt, seen = _failing(*[error_from_code("InternalError", "", status=500) for _ in range(10)])
    with pytest.raises(CloudError) as info:
        _retrier(clock, max_attempts=4, base_delay=0.01).run(attempt)
    assert info.value.code == "InternalError"
    assert seen == [1, 2, 3, 4]
    assert len(clock.sleeps) == 3


def test_total_time_is_bounded() -> None:
    clock = FakeClock()
    attempt, seen = _failing(*[error_from_code("Throttling.User", "", status=400) for _ in range(50)])
    with pytest.raises(CloudError):
        _retrier(clock, max_attempts=50, max_total_seconds=3.0, base_delay=1.0, max_delay=1.0).run(attempt)
    assert sum(clock.sleeps) <= 3.0
    assert len(seen) == 4  # waits of 1 s each: 3 fit in the 3 s budget


def test_retry_after_hint_is_a_minimum_wait() -> None:
    clock = FakeClock()
    throttled = error_from_code("Throttling.User", "", status=400, retry_after_ms=2500)
    attempt, _seen = _failing(throttled)
    _retrier(clock, base_delay=0.1).run(attempt)
    assert clock.sleeps == [2.5]


def test_retry_after_beyond_budget_gives_up_without_sleeping() -> None:
    clock = FakeClock()
    attempt, seen = _failing(error_from_code("Throttling.User", "", status=400, retry_after_ms=90_000))
    with pytest.raises(CloudError):
        _retrier(clock, max_total_seconds=60.0).run(attempt)
    assert seen == [1]
    assert clock.sleeps == []


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(base_delay=-1)


def test_an_error_an_inner_loop_gave_up_on_is_not_retried_again() -> None:
    # e.g. a credential refresh (AssumeRole) that exhausted its own retries inside an outer call
    err = error_from_code("ServiceUnavailable", "", status=503)
    assert is_retryable(err)
    err.retries_exhausted = True
    assert not is_retryable(err)


@given(
    base=st.floats(min_value=0.0, max_value=5.0),
    cap=st.floats(min_value=0.0, max_value=30.0),
    retry=st.integers(min_value=1, max_value=64),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_backoff_is_always_within_the_full_jitter_window(base: float, cap: float, retry: int, seed: int) -> None:
    policy = RetryPolicy(base_delay=base, max_delay=cap)
    delay = backoff_delay(policy, retry, random.Random(seed))
    assert 0.0 <= delay <= min(cap, base * 2 ** (retry - 1)) + 1e-12


@given(
    failures=st.integers(min_value=0, max_value=12),
    max_attempts=st.integers(min_value=1, max_value=10),
    budget=st.floats(min_value=0.0, max_value=5.0),
)
def test_retrier_never_exceeds_its_bounds(failures: int, max_attempts: int, budget: float) -> None:
    clock = FakeClock()
    attempt, seen = _failing(*[error_from_code("Throttling.User", "", status=400) for _ in range(failures)])
    retrier = Retrier(
        RetryPolicy(max_attempts=max_attempts, max_total_seconds=budget, base_delay=0.3, max_delay=2.0),
        clock=clock,
        sleep=clock.sleep,
        rng=random.Random(failures),
    )
    try:
        assert retrier.run(attempt) == "done"
        assert len(seen) == failures + 1
    except CloudError:
        assert len(seen) <= failures
    assert len(seen) <= max_attempts
    assert sum(clock.sleeps) <= budget + 1e-9
