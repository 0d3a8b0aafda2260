"""Seed 000 end to end: the account-level complement's read actions answer through RAM with the official SDKs.

The seed-000 user holds AliyunExpressConnectFullAccess at resource-group scope and the read-only complement at
account level, built as ResourceGroupAccess builds them (alicloud_gov.policy.scope). Every complement action is
called with the official SDK (its typed client method where the SDK has one, else tea-openapi's generic call_api)
and is allowed; a user without those policies is denied. Where the SDK has a response model, the body round-trips
through the model's from_map/to_map unchanged: every field name the emulator sends is one the model knows.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_util.models import RuntimeOptions
from alibabacloud_vpc20160428 import models as vpc_models

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.policy.scope import complement_document, split_by_resource_group_support
from alicloud_gov.policy.system_policies import get_system_policy
from tests.wire.helpers import create_group, denied, rpc_params, user_key

SYSTEM_POLICY = "AliyunExpressConnectFullAccess"
VERSIONS = {"vpc": ("2016-04-28", vpc_models), "expressconnectrouter": ("2023-09-01", ecr_models)}
REGION = "cn-hangzhou"


def _complement() -> list[str]:
    document = get_system_policy(SYSTEM_POLICY)
    assert document is not None
    return [a.full_name for a in split_by_resource_group_support([document]).complement_actions("read-only")]


COMPLEMENT = _complement()


def _seed_user(emulator: RunningEmulator, ram: RamClient, rm: RmClient, *, complement: bool = True) -> tuple[str, str]:
    """The seed-000 user: the system policy at resource-group scope plus (unless not ``complement``) the
    complement at account level."""
    group_id = create_group(rm, "express-connect")
    key = user_key(emulator, "netops")
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name=SYSTEM_POLICY,
            policy_type="System",
            principal_type="IMSUser",
            principal_name="netops@acme.onaliyun.com",
            resource_group_id=group_id,
        )
    )
    if not complement:
        return key
    document = complement_document(
        split_by_resource_group_support([get_system_policy(SYSTEM_POLICY) or {}]).complement_actions("read-only")
    )
    ram.create_policy(
        ram_models.CreatePolicyRequest(
            policy_name="ExpressConnectAccountReadOnly", policy_document=json.dumps(document)
        )
    )
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            user_name="netops", policy_name="ExpressConnectAccountReadOnly", policy_type="Custom"
        )
    )
    return key


def _call(emulator: RunningEmulator, key: tuple[str, str], full_name: str) -> dict[str, Any]:
    """Call one action with the official SDK; return the response body as sent."""
    service, name = full_name.split(":")
    version, _models = VERSIONS[service]
    client = OpenApiClient(emulator.config(*key))
    request = open_api_models.OpenApiRequest(query={"RegionId": REGION})
    answer = client.call_api(rpc_params(name, version), request, RuntimeOptions())
    body = answer["body"]
    assert isinstance(body, dict)
    return body


def _sdk_body_model(full_name: str) -> Any:
    """The SDK's response body model of an action, or None when the SDK has none."""
    service, name = full_name.split(":")
    _version, models = VERSIONS[service]
    return getattr(models, f"{name}ResponseBody", None)


def test_the_complement_is_seed_000s_read_list() -> None:
    assert "expressconnectrouter:ListExpressConnectRouterSupportedRegion" in COMPLEMENT
    assert "vpc:DescribeVpcs" in COMPLEMENT
    assert all(re.match(r"^\w+:(Describe|Get|List|Query|InnerVpcDescribe)", action) for action in COMPLEMENT)


@pytest.mark.parametrize("full_name", COMPLEMENT)
def test_seed_user_may_call_each_complement_action(
    emulator: RunningEmulator, ram: RamClient, rm: RmClient, full_name: str
) -> None:
    body = _call(emulator, _seed_user(emulator, ram, rm), full_name)
    assert body.get("RequestId")
    model = _sdk_body_model(full_name)
    if model is not None:
        assert model().from_map(body).to_map() == body


@pytest.mark.parametrize("full_name", COMPLEMENT)
def test_unrelated_user_is_denied_each_complement_action(emulator: RunningEmulator, full_name: str) -> None:
    key = user_key(emulator, "bystander", ("System", "AliyunRAMReadOnlyAccess"))
    denied(lambda: _call(emulator, key, full_name))


@pytest.mark.parametrize("full_name", COMPLEMENT)
def test_resource_group_grant_alone_is_denied_each_complement_action(
    emulator: RunningEmulator, ram: RamClient, rm: RmClient, full_name: str
) -> None:
    key = _seed_user(emulator, ram, rm, complement=False)
    denied(lambda: _call(emulator, key, full_name))


def test_typed_sdk_client_reads_ecr_supported_regions(emulator: RunningEmulator, ram: RamClient, rm: RmClient) -> None:
    from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient

    client = EcrClient(emulator.config(*_seed_user(emulator, ram, rm)))
    body = client.list_express_connect_router_supported_region(
        ecr_models.ListExpressConnectRouterSupportedRegionRequest()
    ).body
    assert body.success and REGION in (body.supported_region_id_list or [])
