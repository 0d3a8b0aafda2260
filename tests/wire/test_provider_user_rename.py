"""Issue 14, bug 12: a RAM user renamed outside Pulumi is drift of ``name``, not a deletion.

terraform-provider-alicloud (service_alicloud_ram.go DescribeRamUser) finds a user by its UserId in a paged
ListUsers, then reads it with GetUser by the name found; RAM has no lookup by UserId. The provider keeps the user
name as the Pulumi id, stores the UserId as an output and does the same lookup when GetUser by name is NotFound.
"""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient

from tests.wire.provider_harness import Harness, account_harness

ACME_UID = "1000000000000001"


@pytest.fixture
def acme(emulator: Any) -> Harness:
    return account_harness(emulator, ACME_UID)


def test_user_renamed_out_of_band_reads_as_name_drift(acme: Harness, ram: RamClient) -> None:
    user_id, state = acme.create("RamUser", "r", {"name": "frank", "comments": "ops"})
    ram.update_user(ram_models.UpdateUserRequest(user_name="frank", new_user_name="frank2"))
    found, properties, inputs = acme.read("RamUser", "r", user_id, state)
    assert found == user_id  # the Pulumi id is stable
    assert inputs == {"name": "frank2", "comments": "ops"}
    assert properties["userId"] == state["userId"]
    # the next up renames it back: the program says "frank"
    acme.update("RamUser", "r", user_id, properties, {"name": "frank", "comments": "ops"})
    assert ram.get_user(ram_models.GetUserRequest(user_name="frank")).body.user.user_id == state["userId"]


def test_user_renamed_among_others_is_found_by_user_id(acme: Harness, ram: RamClient) -> None:
    for index in range(3):
        ram.create_user(ram_models.CreateUserRequest(user_name=f"filler{index}"))
    user_id, state = acme.create("RamUser", "r", {"name": "gina"})
    ram.update_user(ram_models.UpdateUserRequest(user_name="gina", new_user_name="gina-renamed"))
    found, _properties, inputs = acme.read("RamUser", "r", user_id, state)
    assert (found, inputs["name"]) == (user_id, "gina-renamed")


def test_user_deleted_out_of_band_still_reads_gone(acme: Harness, ram: RamClient) -> None:
    user_id, state = acme.create("RamUser", "r", {"name": "hank"})
    ram.delete_user(ram_models.DeleteUserRequest(user_name="hank"))
    found, _properties, _inputs = acme.read("RamUser", "r", user_id, state)
    assert found is None
