"""Retries proven against injected faults: throttling, 5xx, lost responses and eventual consistency converge
with no duplicates."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.cloud.errors import NotFound, Throttled
from alicloud_gov.cloud.retry import RETRY_LOGGER, Retrier, RetryPolicy
from tests.wire.helpers import FaultyCloud

ACME = ("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
FAST: dict[str, Any] = {
    "retry_base_delay": 0.002,
    "retry_max_delay": 0.02,
    "max_attempts": 15,
    "max_retry_seconds": 20.0,
}


class RecordingSleep:
    """Records the waits the retrier asks for without sleeping (fast, and proves the policy's choices)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def fast_cloud(emulator: Any, **extra: Any) -> Cloud:
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME), **{**FAST, **extra}))


def _reader(cloud: Cloud, name: str) -> Callable[[], dict[str, Any]]:
    """Read-back for a safe create: GetUser of that name."""
    return lambda: cloud.ram.call("GetUser", {"UserName": name})


def _same_display_name(display_name: str) -> Callable[[Mapping[str, Any]], bool]:
    """Match for a safe create: the existing user carries the display name we asked for."""
    return lambda body: bool(body["User"]["DisplayName"] == display_name)


def _users(cloud: Cloud) -> list[str]:
    return [u["UserName"] for u in cloud.ram.paginate("ListUsers", items="Users.User", page_size=5)]


def test_throttling_and_server_errors_converge_without_duplicates(emulator: Any) -> None:
    emulator.set_faults(throttle_rate=0.3, error_rate=0.1, seed=7)
    cloud = fast_cloud(emulator)
    names = [f"svc-{i:02d}" for i in range(15)]
    for name in names:
        cloud.ram.create(
            "CreateUser",
            {"UserName": name, "DisplayName": name.upper()},
            read=_reader(cloud, name),
            matches=_same_display_name(name.upper()),
        )
    cloud.ram.call("CreateGroup", {"GroupName": "svc"})
    for name in names:
        cloud.ram.call("AddUserToGroup", {"GroupName": "svc", "UserName": name})
    listed = _users(cloud)
    members = [u["UserName"] for u in cloud.ram.paginate("ListUsersForGroup", {"GroupName": "svc"}, items="Users.User")]
    emulator.set_faults()
    assert sorted(listed) == names  # every user once: no duplicates, none missing
    assert sorted(members) == names


def test_faults_really_happened_and_were_retried(emulator: Any) -> None:
    emulator.set_faults(throttle_rate=0.5, seed=3)
    sleep = RecordingSleep()
    retrier = Retrier(RetryPolicy(max_attempts=20, base_delay=0.001, max_delay=0.001), sleep=sleep)
    cloud = Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME)), retrier=retrier)
    for i in range(6):
        cloud.ram.call("CreateUser", {"UserName": f"t{i}"})
    emulator.set_faults()
    assert sleep.waits, "with a 50 % throttle rate some call must have been retried"
    assert sorted(_users(cloud)) == [f"t{i}" for i in range(6)]


@pytest.mark.parametrize("status", [400, 429])
def test_retry_after_is_honoured(emulator: Any, status: int) -> None:
    emulator.set_faults(throttle_rate=0.6, throttle_status=status, retry_after_ms=40, seed=11)
    sleep = RecordingSleep()
    retrier = Retrier(RetryPolicy(max_attempts=20, base_delay=0.001, max_delay=0.001), sleep=sleep)
    cloud = Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME)), retrier=retrier)
    for i in range(5):
        cloud.ram.call("CreateUser", {"UserName": f"r{i}"})
    emulator.set_faults()
    assert sleep.waits and all(wait >= 0.04 for wait in sleep.waits)


def test_giving_up_reports_the_last_error(emulator: Any) -> None:
    emulator.set_faults(throttle_rate=1.0, seed=1)
    cloud = fast_cloud(emulator, max_attempts=3)
    with pytest.raises(Throttled) as info:
        cloud.ram.call("ListUsers")
    emulator.set_faults()
    assert info.value.attempts == 3


def losing_cloud(config: CloudConfig, rng: random.Random) -> FaultyCloud:
    """Every first attempt of a create reaches the emulator and is applied, but its response is 'lost'."""
    return FaultyCloud(config, lambda action: action.startswith(("Create", "Attach")) and rng.random() < 0.5)


def test_lost_responses_after_applied_creates_converge_without_duplicates(emulator: Any) -> None:
    cloud = losing_cloud(
        CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME), **FAST), random.Random(5)
    )
    names = [f"lost-{i}" for i in range(8)]
    for name in names:
        body = cloud.ram.create(
            "CreateUser",
            {"UserName": name},
            read=_reader(cloud, name),
        )
        assert body["User"]["UserName"] == name
    assert cloud.lost > 0
    assert sorted(_users(cloud)) == names


def test_eventual_consistency_read_after_write(emulator: Any) -> None:
    emulator.set_faults(consistency_delay_ms=300)
    cloud = fast_cloud(emulator)
    cloud.ram.call("CreateUser", {"UserName": "fresh"})
    with pytest.raises(NotFound):
        cloud.ram.call("GetUser", {"UserName": "fresh"})  # not visible yet
    body = cloud.ram.wait_until("GetUser", {"UserName": "fresh"}, timeout=5)
    emulator.set_faults()
    assert body["User"]["UserName"] == "fresh"


def test_all_faults_together_converge_without_duplicates(emulator: Any) -> None:
    """Throttling 30 %, 5xx 10 %, eventual consistency and lost responses of applied creates, all at once."""
    emulator.set_faults(throttle_rate=0.3, error_rate=0.1, consistency_delay_ms=150, seed=21)
    config = CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME), **FAST)
    cloud = losing_cloud(config, random.Random(8))
    names = [f"all-{i}" for i in range(10)]
    for name in names:
        cloud.ram.create("CreateUser", {"UserName": name, "DisplayName": name.upper()}, read=_reader(cloud, name))
    listed = cloud.ram.wait_until(
        "ListUsers", {"MaxItems": 100}, lambda body: len(body["Users"]["User"]) >= len(names), timeout=10
    )
    emulator.set_faults()
    assert cloud.lost > 0
    assert sorted(u["UserName"] for u in listed["Users"]["User"]) == names


def test_throttling_is_still_retried_with_a_line_per_retry(emulator: Any, caplog: pytest.LogCaptureFixture) -> None:
    """The short bound for unreachable endpoints leaves throttling alone: retried to the policy's attempts."""
    emulator.set_faults(throttle_rate=1.0, seed=2)
    cloud = fast_cloud(emulator, max_attempts=4)
    with caplog.at_level("INFO", logger=RETRY_LOGGER), pytest.raises(Throttled) as info:
        cloud.ram.call("ListUsers")
    emulator.set_faults()
    assert info.value.attempts == 4
    lines = [record.getMessage() for record in caplog.records if record.name == RETRY_LOGGER]
    assert [line.split(" failed: ")[0] for line in lines] == [f"ram:ListUsers: attempt {n} of 4" for n in (1, 2, 3)]
    assert all("Throttling.User" in line for line in lines)
