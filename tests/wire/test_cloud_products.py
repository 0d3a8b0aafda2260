"""ResourceManager and VPC through our layer: page-number pagination, Creating -> OK waits, ClientToken
idempotency under lost responses, and thread-safe shared clients."""

from __future__ import annotations

import random
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials, field_in
from alicloud_gov.cloud.credentials import CredentialsProvider
from alicloud_gov.cloud.errors import CloudConnectionError, Conflict, NotFound
from alicloud_gov.cloud.products import Product
from alicloud_gov.cloud.transport import Transport

ACME = ("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
FAST: dict[str, Any] = {"retry_base_delay": 0.002, "retry_max_delay": 0.02, "max_attempts": 15}


class CountingCloud(Cloud):
    """Counts requests per action; optionally 'loses' the response of applied Create* calls."""

    def __init__(self, config: CloudConfig, lose_rate: float = 0.0) -> None:
        self.requests: list[str] = []
        self.lost = 0
        self.rng = random.Random(9)
        self.lose_rate = lose_rate
        super().__init__(config, transport_factory=self._wrapped)

    def _wrapped(self, product: Product, credentials: CredentialsProvider) -> Transport:
        real = self.tea_transport(product, credentials)

        def send(action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
            self.requests.append(action)
            response = real(action, params)
            if action.startswith("Create") and self.rng.random() < self.lose_rate:
                self.lost += 1
                raise CloudConnectionError("ConnectionError", "connection reset after the request was sent")
            return response

        return send


def acme(emulator: Any, lose_rate: float = 0.0) -> CountingCloud:
    config = CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME), **FAST)
    return CountingCloud(config, lose_rate)


def test_resource_groups_paginate_by_page_number(emulator: Any) -> None:
    cloud = acme(emulator)
    names = [f"team-{i}" for i in range(5)]
    for name in names:
        cloud.resourcemanager.call("CreateResourceGroup", {"Name": name, "DisplayName": name.title()})
    cloud.requests.clear()
    groups = list(
        cloud.resourcemanager.paginate("ListResourceGroups", items="ResourceGroups.ResourceGroup", page_size=2)
    )
    listed = [g["Name"] for g in groups]
    assert set(names) <= set(listed)
    assert len(listed) == len(set(listed))  # no item twice across pages
    assert len(cloud.requests) == -(-len(listed) // 2)  # ceil(total / page size) pages, no extra call


def test_resource_group_creating_then_ok(emulator: Any) -> None:
    emulator.set_faults(consistency_delay_ms=250)
    cloud = acme(emulator)
    created = cloud.resourcemanager.call("CreateResourceGroup", {"Name": "slow", "DisplayName": "Slow"})
    group_id = created["ResourceGroup"]["Id"]
    assert created["ResourceGroup"]["Status"] == "Creating"
    cloud.requests.clear()
    ready = cloud.resourcemanager.wait_until(
        "GetResourceGroup", {"ResourceGroupId": group_id}, field_in("ResourceGroup.Status", "OK"), timeout=10
    )
    emulator.set_faults()
    assert ready["ResourceGroup"]["Status"] == "OK"
    assert len(cloud.requests) >= 2  # the first read saw NotFound (or Creating) and was polled again


def test_resource_group_errors(emulator: Any) -> None:
    cloud = acme(emulator)
    with pytest.raises(NotFound) as missing:
        cloud.resourcemanager.call("GetResourceGroup", {"ResourceGroupId": "rg-doesnotexist000"})
    assert missing.value.code == "EntityNotExists.ResourceGroup"
    group_id = cloud.resourcemanager.call("CreateResourceGroup", {"Name": "busy", "DisplayName": "Busy"})[
        "ResourceGroup"
    ]["Id"]
    cloud.resourcemanager.wait_until(
        "GetResourceGroup", {"ResourceGroupId": group_id}, field_in("ResourceGroup.Status", "OK")
    )
    cloud.vpc.call("CreateVpc", {"RegionId": "cn-hangzhou", "ResourceGroupId": group_id})
    with pytest.raises(Conflict) as busy:
        cloud.resourcemanager.call("DeleteResourceGroup", {"ResourceGroupId": group_id})
    assert busy.value.code.startswith("DeleteConflict.ResourceGroup")


def test_vpc_client_token_makes_lost_creates_safe(emulator: Any) -> None:
    cloud = acme(emulator, lose_rate=0.5)
    ids = [cloud.vpc.create("CreateVpc", {"RegionId": "cn-hangzhou", "VpcName": f"net-{i}"})["VpcId"] for i in range(6)]
    assert cloud.lost > 0
    listed = list(cloud.vpc.paginate("DescribeVpcs", {"RegionId": "cn-hangzhou"}, items="Vpcs.Vpc", page_size=4))
    assert sorted(v["VpcId"] for v in listed) == sorted(ids)  # one VPC per logical create
    assert sorted(v["VpcName"] for v in listed) == [f"net-{i}" for i in range(6)]


def test_vpc_not_found_code(emulator: Any) -> None:
    with pytest.raises(NotFound) as info:
        acme(emulator).vpc.call("DeleteVpc", {"RegionId": "cn-hangzhou", "VpcId": "vpc-missing0000000000"})
    assert info.value.code.endswith(".NotFound")


def test_one_cloud_shared_across_threads(emulator: Any) -> None:
    cloud = acme(emulator)
    names = [f"thread-user-{i:02d}" for i in range(24)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        bodies = list(pool.map(lambda n: cloud.ram.call("CreateUser", {"UserName": n}), names))
    assert sorted(b["User"]["UserName"] for b in bodies) == names
    listed = [u["UserName"] for u in cloud.ram.paginate("ListUsers", items="Users.User")]
    assert sorted(listed) == names
