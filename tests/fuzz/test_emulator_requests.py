"""Fuzz the emulator's request parsing over real sockets: every input is answered with JSON, in bounded time.

Hypothesis throws arbitrary bytes, request lines, header fields, query strings and bodies at a running
emulator (waitress front end, read timeout 0.5 s so a request that never completes is answered 408 quickly).
Each input must get a well-formed HTTP response whose body is a strict-JSON object with a RequestId, error
bodies in the gateway's shape, within ``BOUND`` seconds; afterwards the official SDK still works.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from alibabacloud_sts20150401.client import Client as StsClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alicloud_gov.emulator.testing import RunningEmulator, start_emulator
from tests.wire.raw_http import send_raw, strict_json

BOUND = 3.0  # seconds for one answer: read timeout 0.5 s + maintenance interval + slack for a loaded machine
ERROR_FIELDS = {"RequestId", "HostId", "Code", "Message", "Recommend"}
FUZZ = settings(
    max_examples=250,
    deadline=None,  # BOUND is asserted per input instead: a 408 legitimately takes the read timeout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def cloud() -> Iterator[RunningEmulator]:
    """One emulator for the module, with a short read timeout."""
    with start_emulator(read_timeout=0.5) as running:
        yield running


def assert_answered(port: int, raw: bytes) -> None:
    """Send ``raw`` on a new connection; the first response must be JSON and arrive within BOUND."""
    started = time.monotonic()
    status, headers, payload = send_raw(port, raw, timeout=BOUND)
    assert time.monotonic() - started < BOUND
    assert 200 <= status < 600
    assert headers.get("content-type", "").startswith("application/json"), (status, payload)
    body = strict_json(payload)
    assert isinstance(body, dict) and body.get("RequestId"), body
    if status >= 400:
        assert set(body) >= ERROR_FIELDS, body


def assert_healthy(cloud: RunningEmulator) -> None:
    """The health endpoint answers and a signed SDK call succeeds."""
    connection = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=5)
    try:
        connection.request("GET", "/_emulator/health")
        assert connection.getresponse().status == 200
    finally:
        connection.close()
    identity = StsClient(cloud.root_config("acme")).get_caller_identity().body
    assert identity.account_id == cloud.account("acme").uid


header_name = st.text(
    st.characters(min_codepoint=33, max_codepoint=126, blacklist_characters=":"), min_size=1, max_size=24
)
header_value = st.text(max_size=80).map(lambda text: text.encode("utf-8"))
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "G\u00e9T", "", "POST POST"])
versions = st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/9.9", "http/1.1", "", "HTTP/1.1 extra"])
query_pairs = st.lists(
    st.tuples(
        st.sampled_from(["Action", "Version", "Signature", "AccessKeyId", "Marker", "MaxItems", "PageSize"])
        | st.text(max_size=12),
        st.text(max_size=40),
    ),
    max_size=8,
)
targets = st.one_of(
    query_pairs.map(lambda pairs: "/?" + "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)),
    st.text(max_size=60).map(lambda text: "/" + text),
    st.sampled_from(["/_emulator/health", "/_emulator/clock", "/_emulator/faults", "/_emulator/nope", "*", ""]),
)


@FUZZ
@given(data=st.binary(min_size=1, max_size=600).filter(bytes.strip))
def test_arbitrary_bytes_are_answered(cloud: RunningEmulator, data: bytes) -> None:
    """Any bytes that are not only blank lines (RFC 9112 2.2: those are ignored before a request) get an answer."""
    assert_answered(cloud.port, data + b"\r\n\r\n")


@FUZZ
@given(
    method=methods,
    target=targets,
    version=versions,
    headers=st.lists(st.tuples(header_name, header_value), max_size=12),
    body=st.one_of(st.none(), st.binary(max_size=300), st.sampled_from([b'{"advance_seconds": 1e400}', b"[]"])),
    lie_about_length=st.booleans(),
)
@example(method="POST", target="/", version="HTTP/1.1", headers=[], body=b"x", lie_about_length=True)  # 408
@example(method="PUT", target="/", version="HTTP/1.1", headers=[], body=None, lie_about_length=False)  # 405
def test_structured_requests_are_answered(
    cloud: RunningEmulator,
    method: str,
    target: str,
    version: str,
    headers: list[tuple[str, bytes]],
    body: bytes | None,
    lie_about_length: bool,
) -> None:
    line = " ".join(part for part in (method, target, version) if part).encode("utf-8")
    fields = b"".join(name.encode("ascii") + b": " + value + b"\r\n" for name, value in headers)
    if body is not None:
        length = len(body) + (7 if lie_about_length else 0)  # a longer promise than the body: the read times out
        fields += b"Content-Length: %d\r\nContent-Type: application/x-www-form-urlencoded\r\n" % length
    assert_answered(cloud.port, line + b"\r\n" + fields + b"\r\n" + (body or b""))


@FUZZ
@given(
    pairs=query_pairs, signed_header=st.sampled_from(["x-acs-action", "x-acs-version", "authorization", "x-acs-date"])
)
def test_query_strings_and_acs_headers_are_answered(
    cloud: RunningEmulator, pairs: list[tuple[str, str]], signed_header: str
) -> None:
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    raw = f"POST /?{query} HTTP/1.1\r\nHost: emulator\r\n{signed_header}: {quote(str(pairs))[:200]}\r\n\r\n"
    assert_answered(cloud.port, raw.encode("ascii"))


def test_emulator_is_healthy_after_the_fuzzing(cloud: RunningEmulator) -> None:
    """Runs after the fuzz tests in this module (pytest keeps file order): the server still serves."""
    assert_healthy(cloud)
