"""Helpers shared by the wire tests: expected SDK failures, RAM users and roles made through the official clients."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.cloud import Cloud, CloudConfig
from alicloud_gov.cloud.credentials import CredentialsProvider
from alicloud_gov.cloud.errors import CloudConnectionError, CloudError
from alicloud_gov.cloud.products import Product
from alicloud_gov.cloud.transport import Transport
from alicloud_gov.emulator.testing import RunningEmulator


def fails(call: Callable[[], Any], code: str, status: int) -> ClientException:
    """Run a zero-argument call and assert it fails with this error code and HTTP status; return the error."""
    with pytest.raises(ClientException) as caught:
        call()
    assert (caught.value.code, caught.value.status_code) == (code, status), caught.value.message
    return caught.value


def denied(call: Callable[[], Any]) -> ClientException:
    """Run the call and assert the 403 NoPermission of a RAM denial; return the error."""
    return fails(call, "NoPermission", 403)


def rpc_params(action: str, version: str) -> open_api_models.Params:
    """tea-openapi Params for any RPC-style API (form body, JSON reply, AccessKey auth), to call it generically."""
    return open_api_models.Params(
        action=action,
        version=version,
        protocol="HTTP",
        pathname="/",
        method="POST",
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )


def user_key(
    emulator: RunningEmulator, name: str, *policies: tuple[str, str], account: str = "acme"
) -> tuple[str, str]:
    """Create a RAM user holding these (type, name) policies, with an AccessKey; return the key pair."""
    ram = RamClient(emulator.root_config(account))
    ram.create_user(ram_models.CreateUserRequest(user_name=name))
    for policy_type, policy_name in policies:
        ram.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(user_name=name, policy_name=policy_name, policy_type=policy_type)
        )
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name=name)).body.access_key
    return key.access_key_id, key.access_key_secret


def read_only_role_and_user(emulator: RunningEmulator, role: str, user: str) -> tuple[str, str]:
    """In acme: a role with RAM read-only rights that the account's root trusts, and a user allowed to assume
    roles (AliyunSTSAssumeRoleAccess); return the user's key pair."""
    acme = emulator.account("acme")
    ram = RamClient(emulator.root_config("acme"))
    trust = {
        "Version": "1",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": f"acs:ram::{acme.uid}:root"}}
        ],
    }
    ram.create_role(ram_models.CreateRoleRequest(role_name=role, assume_role_policy_document=json.dumps(trust)))
    ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(
            role_name=role, policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
        )
    )
    return user_key(emulator, user, ("System", "AliyunSTSAssumeRoleAccess"))


def create_group(rm: RmClient, name: str, display_name: str | None = None) -> str:
    """Create a resource group (display name: the name in title case unless given) and return its id."""
    request = rm_models.CreateResourceGroupRequest(name=name, display_name=display_name or name.title())
    return str(rm.create_resource_group(request).body.resource_group.id)


def make_vpc(emulator: RunningEmulator, account: str = "acme", group_id: str | None = None) -> str:
    """Create a VPC of the account in cn-hangzhou (in a resource group when given) and return its id."""
    client = VpcClient(emulator.root_config(account))
    request = vpc_models.CreateVpcRequest(region_id="cn-hangzhou", cidr_block="10.0.0.0/16", resource_group_id=group_id)
    return str(client.create_vpc(request).body.vpc_id)


def lost_response() -> CloudError:
    """The error of a call that reached the service but whose response never came back."""
    return CloudConnectionError("ConnectionError", "connection reset after the request was sent")


def first_call_of(action: str) -> Callable[[str], bool]:
    """A ``fails`` choice for :class:`FaultyCloud`: only the first call of ``action``."""
    seen = [0]

    def pick(name: str) -> bool:
        if name != action:
            return False
        seen[0] += 1
        return seen[0] == 1

    return pick


class FaultyCloud(Cloud):
    """A Cloud whose transport fails the calls ``fails(action)`` picks, counting them in ``lost``.

    A picked call is first sent to the emulator and applied (its response is lost) unless ``applied`` is false
    (e.g. throttled: never applied); ``meanwhile()`` then runs (somebody else's change), and ``error()`` is raised.
    """

    def __init__(
        self,
        config: CloudConfig,
        fails: Callable[[str], bool],
        *,
        error: Callable[[], CloudError] = lost_response,
        applied: bool = True,
        meanwhile: Callable[[], object] | None = None,
    ) -> None:
        self.fails = fails
        self.error = error
        self.applied = applied
        self.meanwhile = meanwhile
        self.lost = 0
        super().__init__(config, transport_factory=self._faulty)

    def _faulty(self, product: Product, credentials: CredentialsProvider) -> Transport:
        real = self.tea_transport(product, credentials)

        def send(action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
            if not self.fails(action):
                return real(action, params)
            if self.applied:
                real(action, params)
            self.lost += 1
            if self.meanwhile is not None:
                self.meanwhile()
            raise self.error()

        return send


def losing_first_response(config: CloudConfig, action: str) -> FaultyCloud:
    """The first call of ``action`` reaches the emulator and is applied, but its response is lost."""
    return FaultyCloud(config, first_call_of(action))
