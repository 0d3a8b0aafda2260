"""Read-after-write waits: NotFound means "not yet", predicates, time bound, other errors propagate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from test_cloud_fakes import FakeClock

from alicloud_gov.cloud.consistency import field_in, wait_until, wait_until_gone
from alicloud_gov.cloud.errors import AccessDenied, ConsistencyTimeout, NotFound


def _sequence(*answers: object) -> Callable[[], Any]:
    pending = list(answers)

    def read() -> object:
        answer = pending.pop(0) if len(pending) > 1 else pending[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return read


def test_not_found_then_found() -> None:
    clock = FakeClock()
    read = _sequence(NotFound("EntityNotExist.User", "x"), NotFound("EntityNotExist.User", "x"), {"User": {}})
    assert wait_until(read, timeout=5, clock=clock, sleep=clock.sleep, initial_delay=0.1) == {"User": {}}
    assert clock.sleeps == pytest.approx([0.1, 0.2])


def test_predicate_on_status() -> None:
    clock = FakeClock()
    read = _sequence({"ResourceGroup": {"Status": "Creating"}}, {"ResourceGroup": {"Status": "OK"}})
    body = wait_until(read, field_in("ResourceGroup.Status", "OK"), timeout=5, clock=clock, sleep=clock.sleep)
    assert body["ResourceGroup"]["Status"] == "OK"


def test_timeout_names_what_and_last_observation() -> None:
    clock = FakeClock()
    read = _sequence(NotFound("EntityNotExist.Role", "The role does not exist"))
    with pytest.raises(ConsistencyTimeout, match=r"role ops readable not reached within 3s.*EntityNotExist.Role"):
        wait_until(read, timeout=3, what="role ops readable", clock=clock, sleep=clock.sleep, max_delay=1)
    assert sum(clock.sleeps) <= 3


def test_other_errors_propagate() -> None:
    clock = FakeClock()
    with pytest.raises(AccessDenied):
        wait_until(_sequence(AccessDenied("NoPermission", "no")), timeout=3, clock=clock, sleep=clock.sleep)
    assert clock.sleeps == []


def test_wait_until_gone() -> None:
    clock = FakeClock()
    wait_until_gone(
        _sequence({"User": {}}, NotFound("EntityNotExist.User", "gone")), timeout=3, clock=clock, sleep=clock.sleep
    )
    assert len(clock.sleeps) == 1
    with pytest.raises(ConsistencyTimeout):
        wait_until_gone(_sequence({"User": {}}), timeout=1, clock=clock, sleep=clock.sleep)


def test_field_in_tolerates_missing_paths() -> None:
    assert field_in("A.B", 1)({"A": {"B": 1}})
    assert not field_in("A.B", 1)({"A": None})
    assert not field_in("A.B", 1)({})
