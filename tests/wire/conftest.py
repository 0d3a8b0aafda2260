"""Fixtures shared by the wire tests: the official clients of each product, signed with acme's root key."""

from __future__ import annotations

import pytest
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.emulator.testing import RunningEmulator


@pytest.fixture
def ram(emulator: RunningEmulator) -> RamClient:
    """A RAM client signed with acme's root key."""
    return RamClient(emulator.root_config("acme"))


@pytest.fixture
def rm(emulator: RunningEmulator) -> RmClient:
    """A ResourceManager client signed with acme's root key."""
    return RmClient(emulator.root_config("acme"))


@pytest.fixture
def vpc(emulator: RunningEmulator) -> VpcClient:
    """A VPC client signed with acme's root key."""
    return VpcClient(emulator.root_config("acme"))


@pytest.fixture
def ecr(emulator: RunningEmulator) -> EcrClient:
    """An ExpressConnectRouter client signed with acme's root key."""
    return EcrClient(emulator.root_config("acme"))
