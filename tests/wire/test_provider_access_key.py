"""RamAccessKey over real HTTP (issue 14, item 11; seed 001 "OpenAPI Access": an AccessKey pair for a RAM user).

The secret is known only from CreateAccessKey (RAM's ListAccessKeys never returns it): the create response marks
it a Pulumi secret, a refresh keeps the stored one, an import has none. Status updates in place (UpdateAccessKey);
the user name and the ``rotation`` trigger replace the key.
"""

from __future__ import annotations

import pytest
from pulumi.provider.experimental.provider import CreateRequest, ReadRequest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.handlers.base import ResourceFailure
from alicloud_gov.provider.values import map_from_plain, map_to_plain
from tests.unit.provider_helpers import run, urn
from tests.wire.provider_harness import account_cloud, account_harness

ACME_UID = "1000000000000001"
KEY = "RamAccessKey"


def _keys(cloud: Cloud, user: str) -> list[dict[str, str]]:
    return list(cloud.ram.call("ListAccessKeys", {"UserName": user})["AccessKeys"]["AccessKey"])


def test_create_marks_the_secret_and_read_keeps_it(emulator: RunningEmulator) -> None:
    """The created secret is a secret property and works as a credential; refresh returns the same secret
    (still secret); an import by ``<user>:<AccessKey id>`` finds the key but not its secret."""
    harness = account_harness(emulator, ACME_UID)
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "robot"})
    checked = harness.check(KEY, "robot-key", {"userName": "robot"})
    response = run(harness.provider.create(CreateRequest(urn(KEY, "robot-key"), map_from_plain(checked), 60.0, False)))
    properties = response.properties
    assert properties["accessKeySecret"].is_secret, "the secret must be marked secret in Create's response"
    assert not properties["accessKeyId"].is_secret
    state = map_to_plain(properties)
    key_id, secret = state["accessKeyId"], state["accessKeySecret"]
    assert response.resource_id == f"robot:{key_id}" and secret
    assert [(key["AccessKeyId"], key["Status"]) for key in _keys(cloud, "robot")] == [(key_id, "Active")]
    as_robot = Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(key_id, secret)))
    assert as_robot.caller_identity()["IdentityType"] == "RAMUser"

    read = run(
        harness.provider.read(ReadRequest(urn(KEY, "robot-key"), response.resource_id, map_from_plain(state), {}))
    )
    assert read.properties["accessKeySecret"].is_secret
    assert map_to_plain(read.properties)["accessKeySecret"] == secret

    _, imported, inputs = harness.read(KEY, "imported", f"robot:{key_id}")
    assert imported["accessKeyId"] == key_id and inputs == {"userName": "robot", "status": "Active"}
    assert "accessKeySecret" not in imported, "an import cannot know the secret"


def test_status_updates_in_place_and_delete_removes_the_key(emulator: RunningEmulator) -> None:
    harness = account_harness(emulator, ACME_UID)
    cloud = account_cloud(emulator, ACME_UID)
    cloud.ram.call("CreateUser", {"UserName": "batch"})
    key_id, state = harness.create(KEY, "k", {"userName": "batch", "status": "Inactive"})
    assert _keys(cloud, "batch")[0]["Status"] == "Inactive"

    diff = harness.diff(KEY, state, {"userName": "batch", "status": "Active"})
    assert diff.diffs == ["status"] and diff.replaces == []
    assert harness.diff(KEY, state, {"userName": "batch", "status": "Inactive", "rotation": "2"}).replaces == [
        "rotation"
    ]
    updated = harness.update(KEY, "k", key_id, state, {"userName": "batch", "status": "Active"})
    assert _keys(cloud, "batch")[0]["Status"] == "Active"
    assert updated["accessKeySecret"] == state["accessKeySecret"]

    harness.delete(KEY, "k", key_id, updated)
    assert _keys(cloud, "batch") == []
    harness.delete(KEY, "k", key_id, updated)  # already gone is fine


def test_a_key_for_a_missing_user_fails_naming_it(emulator: RunningEmulator) -> None:
    harness = account_harness(emulator, ACME_UID)
    with pytest.raises(ResourceFailure, match="nobody"):
        harness.create(KEY, "k", {"userName": "nobody"})
