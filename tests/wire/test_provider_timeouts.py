"""A resource's ``customTimeouts`` bound every wait and retry of its operation (issue 14, item 13).

The engine sends the user's ``customTimeouts`` as ``timeout`` (seconds) in CreateRequest, UpdateRequest and
DeleteRequest (pulumi/pulumi pkg/resource/deploy/step.go; 0 when unset). A wait that never completes must end at
that deadline with an error naming the resource, the operation and the timeout.
"""

from __future__ import annotations

import time

import pytest

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.provider_harness import account_harness

ACME_UID = "1000000000000001"


def test_a_create_whose_wait_never_completes_stops_at_its_timeout(emulator: RunningEmulator) -> None:
    """The resource group stays ``Creating`` for an hour of emulator time; a create with timeout=2 fails in ~2 s."""
    emulator.set_faults(consistency_delay_ms=3_600_000)
    acme = account_harness(emulator, ACME_UID)
    start = time.monotonic()
    with pytest.raises(Exception) as caught:
        acme.create("ResourceGroup", "net", {"name": "net"}, timeout=2.0)
    elapsed = time.monotonic() - start
    message = str(caught.value)
    assert elapsed < 4.0, f"the create took {elapsed:.1f} s: {message}"
    assert "ResourceGroup 'net'" in message
    assert "create" in message
    assert "timeout of 2 s" in message
