"""Fixtures shared by the unit tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import pulumi
import pytest

from tests.unit.pulumi_mocks import RecordingMocks


@pytest.fixture
def mocks() -> Iterator[RecordingMocks]:
    """Pulumi's mocks with a recorder, on a fresh event loop (earlier tests may have closed the thread's).

    On teardown the loop is drained and closed: a test whose program raised (bad input named at preview) leaves
    the SDK's registration tasks pending, which would otherwise be destroyed pending when the run exits.
    """
    recorder = RecordingMocks()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_mocks(recorder, project="proj", stack="dev", preview=False)
    yield recorder
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    with contextlib.suppress(Exception):
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()
