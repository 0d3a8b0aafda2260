"""A create that succeeded but whose wait failed keeps its id (issue 14, item 9).

terraform-provider-alicloud (alicloud/resource_alicloud_resource_manager_resource_group.go) sets the id right
after CreateResourceGroup and then waits for ``OK`` within the create timeout, 11 minutes by default; a failed
wait leaves the group in its state. Pulumi's counterpart is a create failing with ``ErrorResourceInitFailed``
(id and properties): the engine stores the resource and the next ``up`` sends an update to resume, not a create
that meets AlreadyExists.

The waits here run in emulator time: the cloud's read-after-write waits sleep by advancing the emulator's clock,
so an 11-minute wait takes a few hundred polls over real HTTP and no real minutes.
"""

from __future__ import annotations

import time

import pytest
from pulumi.provider.experimental.provider import CreateRequest

from alicloud_gov.cloud import Cloud
from alicloud_gov.cloud.client import ProductClient
from alicloud_gov.cloud.credentials import CredentialsProvider
from alicloud_gov.cloud.products import Product
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.provider import InitFailed
from alicloud_gov.provider.values import map_from_plain, map_to_plain
from tests.unit.provider_helpers import run, urn
from tests.wire.provider_harness import Harness, account_harness

ACME_UID = "1000000000000001"
MINUTE_MS = 60_000


def emulator_time(emulator: RunningEmulator) -> type[Cloud]:
    """A Cloud whose consistency waits read and advance the emulator's clock instead of sleeping."""

    class EmulatorTimeCloud(Cloud):
        def _new_client(self, product: Product, credentials: CredentialsProvider) -> ProductClient:
            return ProductClient(
                product,
                self._transport_factory(product, credentials),
                self.retrier,
                consistency_timeout=self.config.consistency_timeout,
                clock=lambda: time.monotonic() + emulator.emulator.clock.offset,
                sleep=emulator.advance_clock,
            )

    return EmulatorTimeCloud


def harness(emulator: RunningEmulator) -> Harness:
    cloud_type = emulator_time(emulator)
    return account_harness(emulator, ACME_UID, lambda config: cloud_type(config.cloud_config()))


def create_group(acme: Harness, name: str) -> tuple[str, dict[str, object]]:
    checked = acme.check("ResourceGroup", name, {"name": name})
    response = run(acme.provider.create(CreateRequest(urn("ResourceGroup", name), map_from_plain(checked), 0, False)))
    return response.resource_id, map_to_plain(response.properties)


def test_a_group_that_turns_ok_within_terraforms_create_timeout_is_created(emulator: RunningEmulator) -> None:
    """Creating for 5 minutes (ours gave up after 30 s): the create waits and answers the group as OK."""
    emulator.set_faults(consistency_delay_ms=5 * MINUTE_MS)
    group_id, state = create_group(harness(emulator), "slow")
    assert group_id.startswith("rg-")
    assert state["status"] == "OK"


def test_a_group_still_creating_after_the_wait_is_a_partial_create_that_resumes(emulator: RunningEmulator) -> None:
    """Creating for 12 minutes: the create fails after 11, naming the group's id and carrying its properties;
    an update (what the engine sends next for a resource with init errors) resumes the wait and succeeds."""
    emulator.set_faults(consistency_delay_ms=12 * MINUTE_MS)
    acme = harness(emulator)
    with pytest.raises(InitFailed) as caught:
        create_group(acme, "slower")
    failure = caught.value
    assert failure.resource_id.startswith("rg-")
    assert failure.resource_id in str(failure)
    state = map_to_plain(failure.properties)
    assert state["name"] == "slower"
    assert state["resourceGroupId"] == failure.resource_id
    assert state["status"] == "Creating"

    emulator.advance_clock(2 * 60)  # the group is OK now
    updated = acme.update("ResourceGroup", "slower", failure.resource_id, state, {"name": "slower"})
    assert updated["status"] == "OK"
    assert updated["resourceGroupId"] == failure.resource_id
