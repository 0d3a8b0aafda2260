"""Shared pytest configuration: every test is tagged with its tier by folder."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test unit, wire, e2e or fuzz after the folder it lives in."""
    for item in items:
        tier = Path(str(item.fspath)).relative_to(TESTS).parts[0]
        if tier in ("unit", "wire", "e2e", "fuzz"):
            item.add_marker(getattr(pytest.mark, tier))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run that collected no tests is a failure, never a silent pass."""
    if session.testscollected == 0 and exitstatus == 5:
        session.exitstatus = 1


# --- emulator (owner: EMULATOR-CORE) ---------------------------------------------------------------


@pytest.fixture(scope="session")
def emulator_session():  # type: ignore[no-untyped-def]
    """One emulator for the whole test session (demo accounts, in-memory state)."""
    from alicloud_gov.emulator.testing import start_emulator

    with start_emulator() as running:
        yield running


@pytest.fixture
def emulator(emulator_session):  # type: ignore[no-untyped-def]
    """The session emulator, reset to empty state (demo accounts only, no faults) for this test."""
    emulator_session.reset()
    yield emulator_session
    emulator_session.reset()
