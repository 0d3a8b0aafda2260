"""An endpoint nobody answers on fails fast and says so; each retry is one visible line (issue 11, item 5).

Real sockets, no emulator: a port on 127.0.0.1 that was bound and closed again refuses connections, which is
what a mistyped or stopped endpoint looks like from the official SDK's transport.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time

import pytest
from test_cloud_fakes import FakeClock, MaxRandom

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.cloud.errors import CloudConnectionError, EndpointUnreachable, error_from_code
from alicloud_gov.cloud.retry import RETRY_LOGGER, Retrier, RetryPolicy, is_retryable

CREDS = StaticCredentials("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")


def closed_port() -> int:
    """A loopback port with no listener (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_closed_port_fails_within_5_seconds_naming_the_endpoint_and_the_error() -> None:
    port = closed_port()
    cloud = Cloud(CloudConfig(endpoint=f"127.0.0.1:{port}", credentials=CREDS))  # the default retry policy
    start = time.monotonic()
    with pytest.raises(CloudConnectionError) as caught:
        cloud.caller_identity()
    elapsed = time.monotonic() - start
    assert elapsed < 5.0, f"took {elapsed:.1f} s"
    message = str(caught.value)
    assert f"http://127.0.0.1:{port}" in message
    assert "Connection refused" in message
    assert "Max retries exceeded" not in message  # urllib3's wording for its own (zero) retries misleads
    assert caught.value.attempts >= 2  # a blip of a second is still ridden out


def test_each_retry_prints_one_line_at_the_default_verbosity() -> None:
    """A fresh interpreter with no logging set up (like the CLI) shows one stderr line per retry."""
    port = closed_port()
    script = textwrap.dedent(
        f"""
        from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
        from alicloud_gov.cloud.errors import CloudConnectionError
        cloud = Cloud(CloudConfig(endpoint="127.0.0.1:{port}", credentials=StaticCredentials("ak", "sk")))
        try:
            cloud.caller_identity()
        except CloudConnectionError as err:
            print(err.attempts)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    attempts = int(done.stdout.strip())
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == attempts - 1, done.stderr
    for number, line in enumerate(lines, start=1):
        assert line.startswith(f"sts:GetCallerIdentity: attempt {number} of "), line
        assert f"127.0.0.1:{port}" in line and "Connection refused" in line and "retrying in" in line


def test_unreachable_is_retried_briefly_and_throttling_fully() -> None:
    """Refused / DNS failures get a short bound of their own; throttling and 5xx keep the whole policy."""
    policy = RetryPolicy()
    clock = FakeClock()
    retrier = Retrier(policy, clock=clock, sleep=clock.sleep, rng=MaxRandom())
    unreachable = EndpointUnreachable("ConnectionError", "cannot reach https://ram.aliyuncs.com: refused")
    throttled = error_from_code("Throttling.User", "", status=400)
    assert is_retryable(unreachable) and is_retryable(throttled)
    delays_unreachable = []
    number = 1
    while (delay := retrier.next_delay(unreachable, number, sum(delays_unreachable))) is not None:
        delays_unreachable.append(delay)
        number += 1
    assert number == policy.unreachable_attempts
    assert sum(delays_unreachable) <= policy.unreachable_seconds
    delays_throttled = []
    number = 1
    while (delay := retrier.next_delay(throttled, number, sum(delays_throttled))) is not None:
        delays_throttled.append(delay)
        number += 1
    assert number == policy.max_attempts


def test_each_retry_is_logged_once_on_the_retry_logger(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    retrier = Retrier(RetryPolicy(max_attempts=4, base_delay=0.1), clock=clock, sleep=clock.sleep, rng=MaxRandom())
    failures = [error_from_code("Throttling.User", "slow down", status=400, api="ram:ListUsers") for _ in range(3)]

    def attempt(number: int) -> str:
        if failures:
            raise failures.pop(0)
        return "ok"

    with caplog.at_level("INFO", logger=RETRY_LOGGER):
        assert retrier.run(attempt, label="ram:ListUsers") == "ok"
    lines = [r.getMessage() for r in caplog.records if r.name == RETRY_LOGGER]
    assert lines == [
        "ram:ListUsers: attempt 1 of 4 failed: Throttling.User (HTTP 400): slow down; retrying in 0.10 s",
        "ram:ListUsers: attempt 2 of 4 failed: Throttling.User (HTTP 400): slow down; retrying in 0.20 s",
        "ram:ListUsers: attempt 3 of 4 failed: Throttling.User (HTTP 400): slow down; retrying in 0.40 s",
    ]
