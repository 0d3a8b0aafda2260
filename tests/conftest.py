"""Shared pytest configuration: every test is tagged with its tier by folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from alicloud_gov.policy.catalog.cache import CACHE_DIR_ENV

TESTS = Path(__file__).parent
_CATALOG_CACHE = pytest.StashKey[tuple[str | None, str]]()


def pytest_configure(config: pytest.Config) -> None:
    """The catalogue cache goes to a folder of this run (inherited by child processes), never the user's home."""
    config.stash[_CATALOG_CACHE] = (os.environ.get(CACHE_DIR_ENV), tempfile.mkdtemp(prefix="alicloud-gov-cache-"))
    os.environ[CACHE_DIR_ENV] = config.stash[_CATALOG_CACHE][1]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove this run's catalogue cache folder and restore the variable."""
    before, folder = config.stash[_CATALOG_CACHE]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop(CACHE_DIR_ENV, None)
    else:
        os.environ[CACHE_DIR_ENV] = before


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
