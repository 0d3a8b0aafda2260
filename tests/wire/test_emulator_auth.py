"""Authentication on the emulator: V3 and V2 signatures, their failures, and gateway errors."""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Iterator

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_openapi.client import Client as OpenApiClient
from alibabacloud_tea_openapi.utils import Utils
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.auth.credentials import StsTokenCredential
from aliyunsdkcore.client import AcsClient
from aliyunsdkcore.request import CommonRequest
from darabonba.runtime import RuntimeOptions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import fails, read_only_role_and_user, rpc_params


def list_users(client: RamClient) -> object:
    """A cheap signed call."""
    return client.list_users(ram_models.ListUsersRequest())


# -- V3 (the SDK default) ----------------------------------------------------------------------------


def test_wrong_secret_is_signature_mismatch(emulator: RunningEmulator) -> None:
    acme = emulator.account("acme")
    client = RamClient(emulator.config(acme.access_key_id, "not-the-secret"))
    error = fails(lambda: list_users(client), "SignatureDoesNotMatch", 400)
    assert "not-the-secret" not in json.dumps(error.data)


def test_tampered_signature_is_rejected(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Utils.get_authorization

    def tampered(request: object, sign_type: str, payload: str, ak: str, secret: str) -> str:
        header = original(request, sign_type, payload, ak, secret)
        flipped = "0" if header[-1] != "0" else "1"
        return header[:-1] + flipped

    monkeypatch.setattr(Utils, "get_authorization", staticmethod(tampered))
    fails(lambda: list_users(RamClient(emulator.root_config("acme"))), "SignatureDoesNotMatch", 400)


def test_unknown_access_key(emulator: RunningEmulator) -> None:
    client = RamClient(emulator.config("LTAI5tNoSuchKey000000", "whatever"))
    fails(lambda: list_users(client), "InvalidAccessKeyId.NotFound", 404)


def test_old_timestamp_is_expired(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 16 * 60))
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: stale))
    fails(lambda: list_users(RamClient(emulator.root_config("acme"))), "InvalidTimeStamp.Expired", 400)


def test_timestamp_within_skew_is_accepted(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    skewed = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 10 * 60))
    monkeypatch.setattr(Utils, "get_timestamp", staticmethod(lambda: skewed))
    assert list_users(RamClient(emulator.root_config("acme"))).status_code == 200  # type: ignore[attr-defined]


def test_reused_nonce_is_rejected(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Utils, "get_nonce", staticmethod(lambda: "fixed-nonce-0001"))
    client = RamClient(emulator.root_config("acme"))
    list_users(client)
    fails(lambda: list_users(client), "SignatureNonceUsed", 400)


def raw_request(
    emulator: RunningEmulator, headers: dict[str, str], body: bytes = b"", path: str = "/"
) -> tuple[int, dict]:
    """Send one raw HTTP request; returns (status, JSON body)."""
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_unsigned_request_is_incomplete(emulator: RunningEmulator) -> None:
    status, body = raw_request(emulator, {"x-acs-action": "ListUsers", "x-acs-version": "2015-05-01"})
    assert (status, body["Code"]) == (400, "IncompleteSignature")
    assert set(body) >= {"RequestId", "HostId", "Code", "Message", "Recommend"}


def test_body_hash_must_match(emulator: RunningEmulator) -> None:
    acme = emulator.account("acme")
    headers = {
        "x-acs-action": "ListUsers",
        "x-acs-version": "2015-05-01",
        "x-acs-date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "x-acs-signature-nonce": "n-1",
        "x-acs-content-sha256": "0" * 64,
        "Authorization": f"ACS3-HMAC-SHA256 Credential={acme.access_key_id},"
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        "Signature=" + "a" * 64,
    }
    status, body = raw_request(emulator, headers, b"UserName=x")
    assert (status, body["Code"]) == (400, "SignatureDoesNotMatch")
    assert "x-acs-content-sha256" in body["Message"]


def test_unknown_action_and_version(emulator: RunningEmulator) -> None:
    config = emulator.root_config("acme")
    client = OpenApiClient(config)
    params = rpc_params("FlyToTheMoon", "2015-05-01")
    call = lambda: client.call_api(params, open_api_models.OpenApiRequest(query={}), RuntimeOptions())  # noqa: E731
    fails(call, "InvalidAction.NotFound", 404)


# -- V2 (HMAC-SHA1) --------------------------------------------------------------------------------


@pytest.fixture
def v2_request(emulator: RunningEmulator) -> Iterator[CommonRequest]:
    """A V2 CommonRequest for RAM CreateUser against the emulator."""
    request = CommonRequest(domain=emulator.endpoint, version="2015-05-01", action_name="CreateUser")
    request.set_protocol_type("http")
    request.set_method("POST")
    yield request


def test_v2_common_request_post_and_get(emulator: RunningEmulator, v2_request: CommonRequest) -> None:
    acme = emulator.account("acme")
    client = AcsClient(acme.access_key_id, acme.access_key_secret, "cn-hangzhou")
    v2_request.add_query_param("UserName", "v2-post")
    v2_request.add_query_param("Comments", "spaces and * and ~ survive")
    created = json.loads(client.do_action_with_exception(v2_request))
    assert created["User"]["Comments"] == "spaces and * and ~ survive"
    get = CommonRequest(domain=emulator.endpoint, version="2015-05-01", action_name="GetUser")
    get.set_protocol_type("http")
    get.set_method("GET")
    get.add_query_param("UserName", "v2-post")
    assert json.loads(client.do_action_with_exception(get))["User"]["UserName"] == "v2-post"


def test_v2_form_body_parameters_are_signed(emulator: RunningEmulator, v2_request: CommonRequest) -> None:
    acme = emulator.account("acme")
    client = AcsClient(acme.access_key_id, acme.access_key_secret, "cn-hangzhou")
    v2_request.add_body_params("UserName", "v2-form")
    assert json.loads(client.do_action_with_exception(v2_request))["User"]["UserName"] == "v2-form"


def test_v2_failures(emulator: RunningEmulator, v2_request: CommonRequest) -> None:
    acme = emulator.account("acme")
    v2_request.add_query_param("UserName", "nobody")
    for client, code, status in (
        (AcsClient(acme.access_key_id, "wrong-secret", "cn-hangzhou"), "SignatureDoesNotMatch", 400),
        (AcsClient("LTAI5tUnknownKey0000", "x", "cn-hangzhou"), "InvalidAccessKeyId.NotFound", 404),
    ):
        with pytest.raises(ServerException) as caught:
            client.do_action_with_exception(v2_request)
        assert (caught.value.get_error_code(), caught.value.get_http_status()) == (code, status)


def test_v2_with_sts_token(emulator: RunningEmulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="alicloud_gov.emulator")
    key_id, key_secret = read_only_role_and_user(emulator, "Reader", "ivan")
    client = AcsClient(key_id, key_secret, "cn-hangzhou")
    assume = CommonRequest(domain=emulator.endpoint, version="2015-04-01", action_name="AssumeRole")
    assume.set_protocol_type("http")
    assume.set_method("POST")
    assume.add_query_param("RoleArn", "acs:ram::1000000000000001:role/Reader")
    assume.add_query_param("RoleSessionName", "v2")
    credentials = json.loads(client.do_action_with_exception(assume))["Credentials"]
    session = AcsClient(
        region_id="cn-hangzhou",
        credential=StsTokenCredential(
            credentials["AccessKeyId"], credentials["AccessKeySecret"], credentials["SecurityToken"]
        ),
    )
    get_role = CommonRequest(domain=emulator.endpoint, version="2015-05-01", action_name="GetRole")
    get_role.set_protocol_type("http")
    get_role.add_query_param("RoleName", "Reader")
    assert json.loads(session.do_action_with_exception(get_role))["Role"]["RoleName"] == "Reader"
    assert "GET /" in caplog.text  # requests are logged at debug level...
    assert "SecurityToken" not in caplog.text  # ...without the query, which carries the token
    assert "Signature=" not in caplog.text


def test_tea_openapi_v2_signature(emulator: RunningEmulator) -> None:
    config = emulator.root_config("acme")
    config.signature_algorithm = "v2"
    created = RamClient(config).create_user(ram_models.CreateUserRequest(user_name="tea-v2"))
    assert created.body.user.user_name == "tea-v2"


@pytest.mark.parametrize("algorithm", ["ACS3-HMAC-SHA256", "v2"])
@pytest.mark.parametrize("text", ["a+b", "x&y=z", "100%", "ünï 中文", "a b~c*d'e(f)!", "slash/colon:semi;"])
def test_awkward_characters_survive_signing(emulator: RunningEmulator, algorithm: str, text: str) -> None:
    config = emulator.root_config("acme")
    if algorithm == "v2":
        config.signature_algorithm = "v2"
    created = RamClient(config).create_user(ram_models.CreateUserRequest(user_name="chars", comments=text))
    assert created.body.user.comments == text


def test_bad_content_length_is_a_json_error(emulator: RunningEmulator) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.putrequest("POST", "/")
        connection.putheader("Content-Length", "not-a-number")
        connection.endheaders()
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        connection.close()
    assert (response.status, body["Code"]) == (400, "InvalidParameter.ContentLength")


_unique = iter(range(1, 10**9))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60), v2=st.booleans())
def test_any_text_round_trips_through_signing(emulator: RunningEmulator, text: str, v2: bool) -> None:
    """Whatever the SDK signs (any Unicode, V3 or V2), the emulator verifies and stores unchanged."""
    config = emulator.root_config("acme")
    if v2:
        config.signature_algorithm = "v2"
    created = RamClient(config).create_user(
        ram_models.CreateUserRequest(user_name=f"fuzz-{next(_unique)}", comments=text)
    )
    assert created.body.user.comments == text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
    method=st.sampled_from(["GET", "POST"]),
    in_body=st.booleans(),
)
def test_any_text_round_trips_through_common_request(
    emulator: RunningEmulator, text: str, method: str, in_body: bool
) -> None:
    """The older SDK's V2 signer (query or form body, GET or POST) is verified for any Unicode too."""
    acme = emulator.account("acme")
    client = AcsClient(acme.access_key_id, acme.access_key_secret, "cn-hangzhou")
    request = CommonRequest(domain=emulator.endpoint, version="2015-05-01", action_name="CreateUser")
    request.set_protocol_type("http")
    request.set_method(method)
    request.add_query_param("UserName", f"fuzz-v2-{next(_unique)}")
    if in_body and method == "POST":
        request.add_body_params("Comments", text)
    else:
        request.add_query_param("Comments", text)
    assert json.loads(client.do_action_with_exception(request))["User"]["Comments"] == text
