"""Fixtures shared by the unit tests."""

from __future__ import annotations

import asyncio

import pulumi
import pytest

from tests.unit.pulumi_mocks import RecordingMocks


@pytest.fixture
def mocks() -> RecordingMocks:
    """Pulumi's mocks with a recorder, on a fresh event loop (earlier tests may have closed the thread's)."""
    recorder = RecordingMocks()
    asyncio.set_event_loop(asyncio.new_event_loop())
    pulumi.runtime.set_mocks(recorder, project="proj", stack="dev", preview=False)
    return recorder
