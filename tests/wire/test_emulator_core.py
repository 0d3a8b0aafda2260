"""Emulator core over real HTTP with the official RAM SDK: routing, errors, signatures."""

from __future__ import annotations

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.exceptions import ClientException

from alicloud_gov.emulator.testing import RunningEmulator


def test_create_user_round_trip(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    created = ram.create_user(ram_models.CreateUserRequest(user_name="alice", display_name="Alice"))
    assert created.status_code == 200
    assert created.body.user.user_name == "alice"
    assert created.body.request_id
    fetched = ram.get_user(ram_models.GetUserRequest(user_name="alice")).body.user
    assert fetched.user_id == created.body.user.user_id
    assert fetched.display_name == "Alice"


def test_duplicate_user_is_409(emulator: RunningEmulator) -> None:
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name="bob"))
    with pytest.raises(ClientException) as caught:
        ram.create_user(ram_models.CreateUserRequest(user_name="bob"))
    assert caught.value.code == "EntityAlreadyExists.User"
    assert caught.value.status_code == 409


def test_accounts_are_isolated(emulator: RunningEmulator) -> None:
    RamClient(emulator.root_config("acme")).create_user(ram_models.CreateUserRequest(user_name="carol"))
    partner = RamClient(emulator.root_config("partner"))
    with pytest.raises(ClientException) as caught:
        partner.get_user(ram_models.GetUserRequest(user_name="carol"))
    assert caught.value.code == "EntityNotExist.User"
    assert caught.value.status_code == 404
