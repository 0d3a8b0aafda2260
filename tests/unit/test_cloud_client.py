"""ProductClient and Cloud over a scripted transport: retries, safe creates and deletes, endpoints, logging."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from test_cloud_fakes import FakeClock, MaxRandom, ScriptedTransport

from alicloud_gov.cloud import Cloud, CloudConfig, ProductClient, StaticCredentials
from alicloud_gov.cloud.credentials import AssumeRoleCredentials, CredentialsProvider, StsTarget
from alicloud_gov.cloud.errors import (
    AccessDenied,
    AlreadyExists,
    Conflict,
    NotFound,
    ServerError,
    Throttled,
)
from alicloud_gov.cloud.products import ECR, RAM, RESOURCE_MANAGER, STS, VPC, Product
from alicloud_gov.cloud.retry import Retrier, RetryPolicy

SECRET = "AcmeRootSecret0001demo"
CREDS = StaticCredentials("LTAI5tAcmeRootKey0001", SECRET)


def _server_error(code: str = "InternalError", status: int = 500) -> ServerException:
    return ServerException(status_code=status, code=code, data={"Code": code, "Message": "boom", "RequestId": "R"})


def _client_error(code: str, status: int) -> ClientException:
    return ClientException(status_code=status, code=code, data={"Code": code, "Message": code, "RequestId": "R"})


def _client(product: Product, transport: ScriptedTransport, clock: FakeClock | None = None) -> ProductClient:
    clock = clock or FakeClock()
    retrier = Retrier(RetryPolicy(max_attempts=5, base_delay=0.01), clock=clock, sleep=clock.sleep, rng=MaxRandom())
    return ProductClient(product, transport, retrier, consistency_timeout=5.0, clock=clock, sleep=clock.sleep)


def test_call_returns_body_and_passes_params() -> None:
    transport = ScriptedTransport({"RequestId": "R1", "User": {"UserName": "alice"}})
    body = _client(RAM, transport).call("CreateUser", {"UserName": "alice"})
    assert body["User"] == {"UserName": "alice"}
    assert transport.calls == [("CreateUser", {"UserName": "alice"})]


def test_call_retries_transient_failures() -> None:
    transport = ScriptedTransport(
        _client_error("Throttling.User", 400), _server_error("ServiceUnavailable", 503), {"RequestId": "R", "Users": {}}
    )
    assert _client(RAM, transport).call("ListUsers") == {"RequestId": "R", "Users": {}}
    assert len(transport.calls) == 3


def test_call_without_retry_makes_one_attempt() -> None:
    transport = ScriptedTransport(_client_error("Throttling.User", 400))
    with pytest.raises(Throttled):
        _client(RAM, transport).call("ListUsers", retry=False)
    assert len(transport.calls) == 1


def test_failure_reports_attempts_and_api() -> None:
    transport = ScriptedTransport(*[_server_error() for _ in range(5)])
    with pytest.raises(ServerError) as info:
        _client(RAM, transport).call("ListUsers")
    assert info.value.attempts == 5
    assert info.value.api == "ram:ListUsers"


def test_ecr_failure_inside_a_200_is_an_error() -> None:
    body = {"Success": False, "Code": "Conflict.Lock", "Message": "locked", "HttpStatusCode": 409, "RequestId": "R"}
    transport = ScriptedTransport(body, {"Success": True, "RequestId": "R2"})
    assert _client(ECR, transport).call("GrantInstanceToExpressConnectRouter", {"EcrId": "ecr-1"})["Success"] is True
    assert len(transport.calls) == 2  # Conflict.Lock retried


def test_create_with_client_token_reuses_it_across_attempts() -> None:
    transport = ScriptedTransport(_server_error(), {"RequestId": "R", "Success": True})
    _client(ECR, transport).create("GrantInstanceToExpressConnectRouter", {"EcrId": "ecr-1"})
    tokens = [params["ClientToken"] for _action, params in transport.calls]
    assert len(tokens) == 2 and tokens[0] == tokens[1] and tokens[0]


def test_each_logical_create_gets_a_new_client_token() -> None:
    transport = ScriptedTransport({"Success": True}, {"Success": True})
    client = _client(VPC, transport)
    client.create("CreateVpc", {"RegionId": "cn-hangzhou"})
    client.create("CreateVpc", {"RegionId": "cn-hangzhou"})
    assert transport.calls[0][1]["ClientToken"] != transport.calls[1][1]["ClientToken"]


def test_ram_create_has_no_client_token() -> None:
    transport = ScriptedTransport({"User": {"UserName": "a"}})
    _client(RAM, transport).create("CreateUser", {"UserName": "a"})
    assert "ClientToken" not in transport.calls[0][1]


def test_already_exists_after_a_retry_counts_as_created_when_it_matches() -> None:
    # First attempt was applied server-side but answered 500; the retry then sees the user.
    transport = ScriptedTransport(_server_error(), _client_error("EntityAlreadyExists.User", 409))
    reads: list[int] = []

    def read() -> Mapping[str, Any]:
        reads.append(1)
        return {"User": {"UserName": "alice", "DisplayName": "Alice"}}

    body = _client(RAM, transport).create(
        "CreateUser",
        {"UserName": "alice", "DisplayName": "Alice"},
        read=read,
        matches=lambda found: found["User"]["DisplayName"] == "Alice",
    )
    assert body == {"User": {"UserName": "alice", "DisplayName": "Alice"}}
    assert reads == [1]


def test_already_exists_after_a_retry_that_differs_is_still_an_error() -> None:
    transport = ScriptedTransport(_server_error(), _client_error("EntityAlreadyExists.User", 409))
    with pytest.raises(AlreadyExists, match="differs"):
        _client(RAM, transport).create(
            "CreateUser",
            {"UserName": "alice", "DisplayName": "Alice"},
            read=lambda: {"User": {"UserName": "alice", "DisplayName": "Somebody else"}},
            matches=lambda found: found["User"]["DisplayName"] == "Alice",
        )


def test_already_exists_on_the_first_attempt_is_never_adopted() -> None:
    transport = ScriptedTransport(_client_error("EntityAlreadyExists.User", 409))
    called: list[int] = []

    def read() -> Mapping[str, Any]:
        called.append(1)
        return {}

    with pytest.raises(AlreadyExists):
        _client(RAM, transport).create("CreateUser", {"UserName": "alice"}, read=read)
    assert called == []


def test_read_back_waits_out_eventual_consistency() -> None:
    transport = ScriptedTransport(_server_error(), _client_error("EntityAlreadyExists.Role", 409))
    answers: list[object] = [NotFound("EntityNotExist.Role", "not yet"), {"Role": {"RoleName": "r"}}]

    def read() -> Mapping[str, Any]:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[return-value]

    assert _client(RAM, transport).create("CreateRole", {"RoleName": "r"}, read=read) == {"Role": {"RoleName": "r"}}


def test_delete_not_found_after_a_retry_is_success() -> None:
    transport = ScriptedTransport(_server_error("ServiceUnavailable", 503), _client_error("EntityNotExist.User", 404))
    assert _client(RAM, transport).delete("DeleteUser", {"UserName": "a"}) == {}


def test_delete_not_found_on_first_attempt_propagates() -> None:
    transport = ScriptedTransport(_client_error("EntityNotExist.User", 404))
    with pytest.raises(NotFound):
        _client(RAM, transport).delete("DeleteUser", {"UserName": "a"})


def test_delete_conflict_propagates() -> None:
    transport = ScriptedTransport(_client_error("DeleteConflict.User.Group", 409))
    with pytest.raises(Conflict):
        _client(RAM, transport).delete("DeleteUser", {"UserName": "a"})


def test_wait_until_polls_until_the_predicate_holds() -> None:
    transport = ScriptedTransport(
        _client_error("EntityNotExists.ResourceGroup", 404),
        {"ResourceGroup": {"Status": "Creating"}},
        {"ResourceGroup": {"Status": "OK"}},
    )
    client = _client(RESOURCE_MANAGER, transport)
    from alicloud_gov.cloud import field_in

    body = client.wait_until("GetResourceGroup", {"ResourceGroupId": "rg-1"}, field_in("ResourceGroup.Status", "OK"))
    assert body["ResourceGroup"]["Status"] == "OK"
    assert len(transport.calls) == 3


def test_debug_log_has_api_attempt_and_request_id_but_no_params(caplog: pytest.LogCaptureFixture) -> None:
    transport = ScriptedTransport(_client_error("Throttling.User", 400), {"RequestId": "REQ-42"})
    with caplog.at_level(logging.DEBUG, logger="alicloud_gov.cloud"):
        _client(RAM, transport).call("CreateLoginProfile", {"UserName": "a", "Password": "hunter2-Secret"})
    text = caplog.text
    assert "api=ram:CreateLoginProfile attempt=1" in text
    assert "attempt=2" in text and "request_id=REQ-42" in text
    assert "hunter2" not in text


# -- Cloud ------------------------------------------------------------------------------------------------


def _recording_cloud(config: CloudConfig) -> tuple[Cloud, list[tuple[str, CredentialsProvider]]]:
    built: list[tuple[str, CredentialsProvider]] = []

    def factory(product: Product, credentials: CredentialsProvider) -> ScriptedTransport:
        built.append((product.code, credentials))
        return ScriptedTransport()

    return Cloud(config, transport_factory=factory), built


def test_cloud_reuses_one_client_per_product() -> None:
    cloud, built = _recording_cloud(CloudConfig(credentials=CREDS))
    assert cloud.ram is cloud.ram
    assert cloud.ecr is cloud.client("expressconnectrouter")
    _ = cloud.vpc, cloud.sts, cloud.resourcemanager
    assert sorted(code for code, _ in built) == ["expressconnectrouter", "ram", "resourcemanager", "sts", "vpc"]
    with pytest.raises(ValueError, match="unknown product"):
        cloud.client("ecs")


def test_real_endpoints_per_product_and_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALICLOUD_GOV_ENDPOINT", raising=False)
    cloud = Cloud(CloudConfig(region="cn-shanghai", credentials=CREDS))
    assert cloud.endpoint_for(RAM) == ("ram.aliyuncs.com", "https")
    assert cloud.endpoint_for(STS) == ("sts.aliyuncs.com", "https")
    assert cloud.endpoint_for(RESOURCE_MANAGER) == ("resourcemanager.aliyuncs.com", "https")
    assert cloud.endpoint_for(ECR) == ("expressconnectrouter.cn-shanghai.aliyuncs.com", "https")
    assert cloud.endpoint_for(VPC) == ("vpc.cn-shanghai.aliyuncs.com", "https")
    hangzhou = Cloud(CloudConfig(region="cn-hangzhou", regional_sts=True, credentials=CREDS))
    assert hangzhou.endpoint_for(VPC) == ("vpc.aliyuncs.com", "https")
    assert hangzhou.endpoint_for(STS) == ("sts.cn-hangzhou.aliyuncs.com", "https")


def test_one_setting_points_every_product_at_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALICLOUD_GOV_ENDPOINT", raising=False)
    cloud = Cloud(CloudConfig(endpoint="127.0.0.1:8080", credentials=CREDS))
    assert {cloud.endpoint_for(p) for p in (RAM, STS, ECR, VPC, RESOURCE_MANAGER)} == {("127.0.0.1:8080", "http")}
    monkeypatch.setenv("ALICLOUD_GOV_ENDPOINT", "http://localhost:9000")
    from_env = Cloud(CloudConfig(credentials=CREDS))
    assert from_env.endpoint_for(ECR) == ("localhost:9000", "http")


def test_tea_transport_is_built_for_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALICLOUD_GOV_ENDPOINT", raising=False)
    cloud = Cloud(CloudConfig(endpoint="127.0.0.1:8080", credentials=CREDS, connect_timeout=2, read_timeout=3))
    transport = cloud.ram.transport
    assert repr(transport) == "TeaTransport(ram -> http://127.0.0.1:8080)"


def test_credentials_send_their_sts_calls_where_the_cloud_sends_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The library's STS providers get the Cloud's endpoint: the emulator as an http URL, else regional STS."""
    monkeypatch.delenv("ALICLOUD_GOV_ENDPOINT", raising=False)
    emulated = Cloud(CloudConfig(endpoint="127.0.0.1:8080", credentials=CREDS, connect_timeout=2, read_timeout=3))
    role = emulated.assume_role("acs:ram::1000000000000001:role/ops", "s1", external_id="ext-1", duration_seconds=900)
    assert isinstance(role.credentials, AssumeRoleCredentials)
    assert role.credentials.target == StsTarget("http://127.0.0.1:8080", 2000, 3000)
    assert role.credentials.base.target == role.credentials.target  # the base's own STS calls, if any
    regional = Cloud(CloudConfig(region="cn-shanghai", regional_sts=True, credentials=CREDS))
    assert regional.credentials.target.endpoint == "sts.cn-shanghai.aliyuncs.com"
    assert Cloud(CloudConfig(credentials=CREDS)).credentials.target.endpoint is None  # the library's default


def test_cloud_repr_hides_secrets() -> None:
    cloud = Cloud(
        CloudConfig(endpoint="127.0.0.1:1", credentials=StaticCredentials("LTAI5tAcmeRootKey0001", SECRET, "tok"))
    )
    text = repr(cloud)
    assert SECRET not in text and "LTAI5tAcmeRootKey0001" not in text and "tok'" not in text
    assert "LTAI****0001" in text


def test_access_denied_surface() -> None:
    transport = ScriptedTransport(_client_error("NoPermission", 403))
    with pytest.raises(AccessDenied):
        _client(RAM, transport).call("CreateUser", {"UserName": "a"})


def test_read_back_that_never_finds_the_entity_keeps_already_exists() -> None:
    transport = ScriptedTransport(_server_error(), _client_error("EntityAlreadyExists.User", 409))
    client = _client(RAM, transport)
    client.consistency_timeout = 0.0
    with pytest.raises(AlreadyExists, match="found nothing"):
        client.create("CreateUser", {"UserName": "a"}, read=lambda: None)


def test_ecr_parameters_go_in_a_form_body_others_in_the_query() -> None:
    from alicloud_gov.cloud.transport import TeaTransport

    def build(product: Product) -> Any:
        transport = TeaTransport(
            product,
            host="127.0.0.1:1",
            protocol="http",
            region="cn-hangzhou",
            credentials=CREDS,
            connect_timeout=1,
            read_timeout=1,
        )
        return transport.build_request({"EcrId": "ecr-1", "Tag": [{"Key": "k", "Value": "v"}], "DryRun": False})

    ecr = build(ECR)
    assert ecr.query is None
    assert ecr.body == {"EcrId": "ecr-1", "Tag.1.Key": "k", "Tag.1.Value": "v", "DryRun": "False"}
    ram = build(RAM)
    assert ram.body is None
    assert ram.query == {"EcrId": "ecr-1", "Tag.1.Key": "k", "Tag.1.Value": "v", "DryRun": "False"}


def test_already_exists_on_the_first_attempt_is_adopted_when_it_matches() -> None:
    # An interrupted earlier run created the user; this run's first attempt finds it, read back equal to the request.
    transport = ScriptedTransport(_client_error("EntityAlreadyExists.User", 409))
    found = {"User": {"UserName": "alice", "DisplayName": "Alice", "UserId": "2001"}}
    body = _client(RAM, transport).create(
        "CreateUser",
        {"UserName": "alice", "DisplayName": "Alice"},
        read=lambda: found,
        matches=lambda live: live["User"]["DisplayName"] == "Alice",
    )
    assert body == found
    assert len(transport.calls) == 1


def test_already_exists_on_the_first_attempt_that_differs_is_refused() -> None:
    transport = ScriptedTransport(_client_error("EntityAlreadyExists.User", 409))
    with pytest.raises(AlreadyExists, match="differs from what was asked"):
        _client(RAM, transport).create(
            "CreateUser",
            {"UserName": "alice", "DisplayName": "Alice"},
            read=lambda: {"User": {"UserName": "alice", "DisplayName": "Somebody else"}},
            matches=lambda live: live["User"]["DisplayName"] == "Alice",
        )
