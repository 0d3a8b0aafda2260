"""Our cloud layer against the emulator over real HTTP: calls, pagination, error mapping on real errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.cloud.credentials import CredentialsProvider
from alicloud_gov.cloud.errors import (
    AccessDenied,
    AlreadyExists,
    CloudConnectionError,
    Conflict,
    InvalidInput,
    NotFound,
)
from alicloud_gov.cloud.products import Product
from alicloud_gov.cloud.retry import Retrier, RetryPolicy
from alicloud_gov.cloud.transport import Transport

ACME = ("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
ACME_UID = "1000000000000001"


def acme(emulator: Any, **config: Any) -> Cloud:
    """A Cloud signed with account A's root AccessKey, pointed at the emulator."""
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME), **config))


class CountingCloud(Cloud):
    """A Cloud whose real tea transports count the requests they send."""

    requests: list[tuple[str, str]]

    def __init__(self, config: CloudConfig) -> None:
        self.requests = []
        super().__init__(config, transport_factory=self._counting)

    def _counting(self, product: Product, credentials: CredentialsProvider) -> Transport:
        real = self.tea_transport(product, credentials)

        def send(action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
            self.requests.append((product.code, action))
            return real(action, params)

        return send


def test_ram_round_trip(emulator: Any) -> None:
    cloud = acme(emulator)
    created = cloud.ram.call("CreateUser", {"UserName": "alice", "DisplayName": "Alice"})
    assert created["User"]["UserName"] == "alice"
    assert created["RequestId"]
    got = cloud.ram.call("GetUser", {"UserName": "alice"})
    assert got["User"]["DisplayName"] == "Alice"
    cloud.ram.call("DeleteUser", {"UserName": "alice"})
    with pytest.raises(NotFound):
        cloud.ram.call("GetUser", {"UserName": "alice"})


def test_sts_caller_identity(emulator: Any) -> None:
    identity = acme(emulator).caller_identity()
    assert identity["AccountId"] == ACME_UID
    assert identity["IdentityType"] == "Account"


def test_ram_pagination_across_pages(emulator: Any) -> None:
    cloud = CountingCloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME)))
    names = [f"user-{i:02d}" for i in range(7)]
    for name in names:
        cloud.ram.call("CreateUser", {"UserName": name})
    cloud.requests.clear()
    listed = [u["UserName"] for u in cloud.ram.paginate("ListUsers", items="Users.User", page_size=3)]
    assert sorted(listed) == names
    assert cloud.requests == [("ram", "ListUsers")] * 3


def test_real_errors_map_to_classes(emulator: Any) -> None:
    cloud = acme(emulator)
    with pytest.raises(NotFound) as missing:
        cloud.ram.call("GetUser", {"UserName": "nobody"})
    assert missing.value.code == "EntityNotExist.User"
    assert missing.value.status == 404
    assert missing.value.request_id
    assert missing.value.api == "ram:GetUser"
    assert missing.value.attempts == 1  # not retried

    cloud.ram.call("CreateUser", {"UserName": "dup"})
    with pytest.raises(AlreadyExists) as dup:
        cloud.ram.call("CreateUser", {"UserName": "dup"})
    assert dup.value.code.startswith("EntityAlreadyExists")

    with pytest.raises(InvalidInput) as bad:
        cloud.ram.call("CreateUser", {"UserName": "bad name!"})
    assert bad.value.code.startswith("InvalidParameter")

    with pytest.raises(InvalidInput):
        cloud.ram.call("CreatePolicy", {"PolicyName": "p", "PolicyDocument": "{not json"})

    cloud.ram.call("CreateGroup", {"GroupName": "ops"})
    cloud.ram.call("AddUserToGroup", {"GroupName": "ops", "UserName": "dup"})
    with pytest.raises(Conflict) as conflict:
        cloud.ram.call("DeleteGroup", {"GroupName": "ops"})
    assert conflict.value.code.startswith("DeleteConflict")


def test_unknown_access_key_is_access_denied_not_not_found(emulator: Any) -> None:
    stranger = Cloud(
        CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials("LTAI5tNobody00000001", "x"))
    )
    with pytest.raises(AccessDenied) as info:
        stranger.ram.call("ListUsers")
    assert info.value.code.startswith("InvalidAccessKeyId")


def test_wrong_secret_is_access_denied(emulator: Any) -> None:
    wrong = Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(ACME[0], "not-the-secret")))
    with pytest.raises(AccessDenied) as info:
        wrong.ram.call("ListUsers")
    assert info.value.code == "SignatureDoesNotMatch"


def test_safe_delete_and_create_helpers(emulator: Any) -> None:
    cloud = acme(emulator)
    body = cloud.ram.create(
        "CreateRole",
        {"RoleName": "ops", "AssumeRolePolicyDocument": _trust(ACME_UID)},
        read=lambda: cloud.ram.call("GetRole", {"RoleName": "ops"}),
    )
    assert body["Role"]["Arn"] == f"acs:ram::{ACME_UID}:role/ops"
    assert cloud.ram.delete("DeleteRole", {"RoleName": "ops"}) != {}
    with pytest.raises(NotFound):  # first-attempt NotFound is the caller's to judge
        cloud.ram.delete("DeleteRole", {"RoleName": "ops"})


def _trust(uid: str) -> str:
    return (
        '{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",'
        f'"Principal":{{"RAM":["acs:ram::{uid}:root"]}}}}]}}'
    )


def test_connection_errors_name_the_endpoint_and_are_retried() -> None:
    retrier = Retrier(RetryPolicy(max_attempts=2, base_delay=0.001))
    cloud = Cloud(CloudConfig(endpoint="127.0.0.1:1", credentials=StaticCredentials(*ACME)), retrier=retrier)
    with pytest.raises(CloudConnectionError, match=r"cannot reach http://127\.0\.0\.1:1") as info:
        cloud.ram.call("ListUsers")
    assert info.value.attempts == 2
    assert info.value.status is None
