"""The realistic emulator profile and the lost-response fault, through the official SDK clients over HTTP."""

from __future__ import annotations

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_tea_openapi.exceptions import ServerException

from alicloud_gov.emulator.profile import profile_config
from alicloud_gov.emulator.testing import RunningEmulator

ACME = "1000000000000001"


def test_a_lost_response_is_applied_then_answered_503(emulator: RunningEmulator) -> None:
    """The write happened although the caller saw ServiceUnavailable: exactly what a retry must cope with."""
    emulator.set_faults(lost_response_rate=1.0, actions="CreateUser")
    ram = RamClient(emulator.root_config(ACME))
    with pytest.raises(ServerException) as info:
        ram.create_user(ram_models.CreateUserRequest(user_name="ghost"))
    assert info.value.code == "ServiceUnavailable"
    emulator.set_faults()
    assert ram.get_user(ram_models.GetUserRequest(user_name="ghost")).body.user.user_name == "ghost"


def test_reads_are_never_lost(emulator: RunningEmulator) -> None:
    emulator.set_faults(lost_response_rate=1.0)
    ram = RamClient(emulator.root_config(ACME))
    assert ram.list_users(ram_models.ListUsersRequest()).body.users.user == []


def test_the_realistic_profile_shows_a_new_resource_group_creating_then_ok(emulator: RunningEmulator) -> None:
    """Resource Management DeleteResourceGroup / GetResourceGroup docs: Status Creating, OK, PendingDelete."""
    emulator.set_faults(profile_config("realistic"))
    rm = RmClient(emulator.root_config(ACME))
    created = rm.create_resource_group(rm_models.CreateResourceGroupRequest(name="team", display_name="Team"))
    group_id = created.body.resource_group.id
    assert created.body.resource_group.status == "Creating"
    emulator.advance_clock(60)
    body = rm.get_resource_group(rm_models.GetResourceGroupRequest(resource_group_id=group_id)).body
    assert body.resource_group.status == "OK"
    deleted = rm.delete_resource_group(rm_models.DeleteResourceGroupRequest(resource_group_id=group_id))
    assert deleted.body.resource_group.status == "PendingDelete"
