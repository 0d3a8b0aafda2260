"""Real SDK-signed requests captured off the wire and replayed: rewritten queries and replays across restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest

from alicloud_gov.emulator.testing import RunningEmulator, start_emulator
from tests.wire.helpers import read_only_role_and_user
from tests.wire.raw_http import RawRequest, capture

ACME = "1000000000000001"
ROLE_ARN = f"acs:ram::{ACME}:role/Operator"
SESSION_POLICY = json.dumps(
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:GetUser", "Resource": "*"}]}
)


def operator_role_and_user(emulator: RunningEmulator) -> tuple[str, str]:
    """A role with RAM read-only rights that acme's root trusts, and a user allowed to assume it; the user's key."""
    return read_only_role_and_user(emulator, "Operator", "ops")


def signed_assume_role(emulator: RunningEmulator, key: tuple[str, str]) -> RawRequest:
    """The bytes the official STS client sends for AssumeRole with DurationSeconds=900 and a session Policy."""

    def call(endpoint: str) -> object:
        config = emulator.config(*key)
        config.endpoint = endpoint
        request = sts_models.AssumeRoleRequest(
            role_arn=ROLE_ARN, role_session_name="narrow", duration_seconds=900, policy=SESSION_POLICY
        )
        return StsClient(config).assume_role(request)

    return capture(call)


def test_session_policy_cannot_be_folded_into_another_query_key(emulator: RunningEmulator) -> None:
    """`DurationSeconds%3D900%26Policy=...` must not sign like `DurationSeconds=900&Policy=...`.

    The V3 CanonicalQueryString percent-encodes parameter names as well as values (Alibaba Cloud SDK docs,
    "Request syntax and signature method V3"), so a name that decodes to ``=``/``&`` signs differently.
    """
    key = operator_role_and_user(emulator)
    original = signed_assume_role(emulator, key)
    assert "DurationSeconds=900&Policy=" in original.raw_query
    folded = original.with_query(
        original.raw_query.replace("DurationSeconds=900&Policy=", "DurationSeconds%3D900%26Policy=")
    )

    status, body = folded.send(emulator.port)
    assert (status, body.get("Code")) == (400, "SignatureDoesNotMatch"), body

    status, body = original.send(emulator.port)  # the untouched request is valid, and its session is narrow
    assert status == 200, body
    assert body["AssumedRoleUser"]["Arn"].endswith("assumed-role/Operator/narrow")


def signed_list_users_v3(emulator: RunningEmulator) -> RawRequest:
    """The bytes of a V3 RAM ListUsers by acme's root (official tea-openapi client)."""

    def call(endpoint: str) -> object:
        config = emulator.root_config("acme")
        config.endpoint = endpoint
        return RamClient(config).list_users(ram_models.ListUsersRequest())

    return capture(call)


def signed_list_users_v2(emulator: RunningEmulator) -> RawRequest:
    """The bytes of a V2 (HMAC-SHA1) RAM ListUsers by acme's root (aliyun-python-sdk-core)."""
    acme = emulator.account("acme")

    def call(endpoint: str) -> object:
        request = CommonRequest(domain=endpoint, version="2015-05-01", action_name="ListUsers")
        request.set_protocol_type("http")
        request.set_method("POST")
        return AcsClient(acme.access_key_id, acme.access_key_secret, "cn-hangzhou").do_action_with_exception(request)

    return capture(call)


@pytest.mark.parametrize("sign", [signed_list_users_v3, signed_list_users_v2], ids=["v3", "v2"])
def test_signed_request_does_not_replay_after_restart(tmp_path: Path, sign: object) -> None:
    """A nonce used before a restart stays used after it (same state file, within the 15-minute window)."""
    data = tmp_path / "state.db"
    with start_emulator(data) as first:
        request = sign(first)  # type: ignore[operator]
        status, body = request.send(first.port)
        assert status == 200, body
        status, body = request.send(first.port)
        assert (status, body.get("Code")) == (400, "SignatureNonceUsed")
    with start_emulator(data) as second:
        status, body = request.send(second.port)
    assert (status, body.get("Code")) == (400, "SignatureNonceUsed"), body


def test_v2_action_cannot_be_switched_by_an_unsigned_header(emulator: RunningEmulator) -> None:
    """Both V2 SDKs also send x-acs-action/x-acs-version headers, which a V2 signature does not cover.

    A V2 request signed for GetUser, re-headed ``x-acs-action: DeleteUser``, must not delete the user.
    """
    RamClient(emulator.root_config("acme")).create_user(ram_models.CreateUserRequest(user_name="kept"))
    acme = emulator.account("acme")

    def call(endpoint: str) -> object:
        request = CommonRequest(domain=endpoint, version="2015-05-01", action_name="GetUser")
        request.set_protocol_type("http")
        request.add_query_param("UserName", "kept")
        return AcsClient(acme.access_key_id, acme.access_key_secret, "cn-hangzhou").do_action_with_exception(request)

    original = capture(call)
    assert original.header("x-acs-action") == "GetUser"
    status, body = original.with_header("x-acs-action", "DeleteUser").send(emulator.port)
    assert (status, body.get("Code")) == (400, "SignatureDoesNotMatch"), body
    status, body = original.send(emulator.port)
    assert (status, body["User"]["UserName"]) == (200, "kept")
