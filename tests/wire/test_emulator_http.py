"""The emulator's HTTP front end under hostile or broken clients: every request gets a JSON error, limits hold.

Raw sockets and http.client send what no SDK would (garbage request lines, 70 KB URLs, PUT, huge headers,
half-sent requests); the official SDKs then check the emulator still serves. Error bodies have the shape
Alibaba Cloud's gateway uses (RequestId, HostId, Code, Message, Recommend; see alicloud_gov/emulator/errors.py).
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import time
from collections.abc import Iterator

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.exceptions import ClientException

from alicloud_gov.emulator.testing import RunningEmulator, start_emulator
from tests.wire.helpers import user_key
from tests.wire.raw_http import send_raw, strict_json

ERROR_FIELDS = {"RequestId", "HostId", "Code", "Message", "Recommend"}


def exchange(port: int, raw: bytes, timeout: float = 5.0) -> tuple[int, dict[str, str], dict]:
    """Send raw bytes on a new connection; returns the response's status, headers and (strict) JSON body."""
    status, headers, body = send_raw(port, raw, timeout)
    assert headers.get("content-type", "").startswith("application/json"), (status, body[:200])
    return status, headers, strict_json(body)


def error_code(body: dict) -> str:
    """The error code of an Alibaba-shaped error body (asserting the shape)."""
    assert set(body) >= ERROR_FIELDS, body
    return str(body["Code"])


def test_garbage_request_line_is_a_json_400(emulator: RunningEmulator) -> None:
    status, _, body = exchange(emulator.port, b"\x16\x03\x01 hello \xff\xfe\r\n\r\n")
    assert (status, error_code(body)) == (400, "InvalidRequest.Malformed")


def test_overlong_request_line_is_a_json_414(emulator: RunningEmulator) -> None:
    raw = b"GET /?Action=" + b"A" * 70_000 + b" HTTP/1.1\r\nHost: emulator\r\n\r\n"
    status, _, body = exchange(emulator.port, raw)
    assert (status, error_code(body)) == (414, "InvalidRequest.UriTooLong")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_a_json_405(emulator: RunningEmulator, method: str) -> None:
    """Alibaba's gateway answers UnsupportedHTTPMethod ("This http method is not supported.")."""
    connection = http.client.HTTPConnection("127.0.0.1", emulator.port, timeout=5)
    try:
        connection.request(method, "/?Action=ListUsers&Version=2015-05-01", body=b"" if method != "OPTIONS" else None)
        response = connection.getresponse()
        body = json.loads(response.read())
        assert response.getheader("Allow") == "GET, POST"
        # the connection stays usable (keep-alive) after an API-level error
        connection.request("GET", "/_emulator/health")
        assert connection.getresponse().status == 200
    finally:
        connection.close()
    assert (response.status, error_code(body)) == (405, "UnsupportedHTTPMethod")


def test_oversized_headers_are_a_json_431(emulator: RunningEmulator) -> None:
    raw = b"POST / HTTP/1.1\r\nHost: emulator\r\nX-Big: " + b"b" * 100_000 + b"\r\n\r\n"
    status, _, body = exchange(emulator.port, raw)
    assert (status, error_code(body)) == (431, "InvalidRequest.HeaderTooLarge")


def test_too_many_header_fields_are_a_json_431(emulator: RunningEmulator) -> None:
    fields = b"".join(b"X-F%d: v\r\n" % index for index in range(200))
    status, _, body = exchange(
        emulator.port, b"GET /_emulator/health HTTP/1.1\r\nHost: emulator\r\n" + fields + b"\r\n"
    )
    assert (status, error_code(body)) == (431, "InvalidRequest.HeaderTooLarge")


def test_oversized_body_is_refused_before_it_is_read(emulator: RunningEmulator) -> None:
    raw = b"POST / HTTP/1.1\r\nHost: emulator\r\nContent-Length: 999999999\r\n\r\n"
    status, _, body = exchange(emulator.port, raw)
    assert (status, error_code(body)) == (413, "InvalidParameter.ContentLength")


@pytest.fixture
def short_timeout_emulator() -> Iterator[RunningEmulator]:
    """An emulator whose front end cuts off a request not fully received within 1 s."""
    with start_emulator(read_timeout=1.0) as running:
        yield running


def test_slow_partial_requests_are_cut_off_and_block_nobody(short_timeout_emulator: RunningEmulator) -> None:
    cloud = short_timeout_emulator
    partial = []
    for _ in range(150):
        sock = socket.create_connection(("127.0.0.1", cloud.port), timeout=5)
        sock.sendall(b"POST / HTTP/1.1\r\nHost: emulator\r\nx-acs-action: ListUsers\r\n")  # never finished
        partial.append(sock)
    try:
        started = time.monotonic()
        identity = StsClient(cloud.root_config("acme")).get_caller_identity().body
        assert identity.account_id == cloud.account("acme").uid
        assert time.monotonic() - started < 1.0
        for sock in partial:  # each is answered 408 within timeout + maintenance interval, then closed
            sock.settimeout(3.0)
            response = http.client.HTTPResponse(sock)
            response.begin()
            body = json.loads(response.read())
            assert (response.status, error_code(body)) == (408, "InvalidRequest.Timeout")
            assert sock.recv(1) == b""
    finally:
        for sock in partial:
            sock.close()


def post_json(port: int, path: str, body: bytes) -> tuple[int, dict]:
    """POST a raw JSON body to a control endpoint; the reply must be valid JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, strict_json(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("value", [b"1e400", b"-1e400", b"NaN", b"Infinity", b"1e12", b'"soon"', b"true"])
def test_clock_takes_only_a_bounded_finite_number(emulator: RunningEmulator, value: bytes) -> None:
    status, body = post_json(emulator.port, "/_emulator/clock", b'{"advance_seconds": ' + value + b"}")
    assert (status, error_code(body)) == (400, "InvalidParameter")
    ram = RamClient(emulator.root_config("acme"))
    acme = emulator.account("acme").uid
    trust = {
        "Version": "1",
        "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{acme}:root"]}}],
    }
    ram.create_role(ram_models.CreateRoleRequest(role_name="Ops", assume_role_policy_document=json.dumps(trust)))
    key = user_key(emulator, "ops", ("System", "AliyunSTSAssumeRoleAccess"))
    request = sts_models.AssumeRoleRequest(role_arn=f"acs:ram::{acme}:role/Ops", role_session_name="after-clock")
    sts = StsClient(emulator.config(*key))
    credentials = sts.assume_role(request).body.credentials
    assert credentials.security_token


def test_clock_still_advances_by_a_sane_amount(emulator: RunningEmulator) -> None:
    status, body = post_json(emulator.port, "/_emulator/clock", b'{"advance_seconds": 3600}')
    assert (status, body["Offset"]) == (200, 3600.0)


@pytest.mark.parametrize("offset", ["-1", "-100"])
def test_negative_ram_marker_is_invalid(emulator: RunningEmulator, offset: str) -> None:
    """A Marker is opaque and only valid as returned by the previous page (RAM ListUsers docs)."""
    ram = RamClient(emulator.root_config("acme"))
    for name in ("m1", "m2"):
        ram.create_user(ram_models.CreateUserRequest(user_name=name))
    marker = base64.urlsafe_b64encode(offset.encode()).decode()
    with pytest.raises(ClientException) as caught:
        ram.list_users(ram_models.ListUsersRequest(marker=marker))
    assert (caught.value.code, caught.value.status_code) == ("InvalidParameter.Marker", 400)
