"""Capture the exact HTTP request an official SDK sends, and replay it (changed or not) byte for byte.

:func:`capture` points an SDK call at a recording server (``http.server``) that answers ``200 {}`` and keeps
the request as it arrived: method, request target, headers in wire order, body. :class:`RawRequest` sends it
again over ``http.client`` to any port, so a test can replay a real signed request or tamper with one part.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, unquote_plus, urlsplit


@dataclass(frozen=True)
class RawRequest:
    """One HTTP request as an SDK put it on the wire."""

    method: str
    target: str  # path and query exactly as sent
    headers: tuple[tuple[str, str], ...]  # (name as sent, value), in wire order
    body: bytes

    # -- reading --------------------------------------------------------------------------------

    @property
    def path(self) -> str:
        """The path part of the target."""
        return urlsplit(self.target).path

    @property
    def raw_query(self) -> str:
        """The query part of the target, undecoded."""
        return urlsplit(self.target).query

    def query_pairs(self) -> list[tuple[str, str]]:
        """The decoded query parameters in wire order."""
        return decode_pairs(self.raw_query)

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or None."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    # -- changing -------------------------------------------------------------------------------

    def with_query(self, raw_query: str) -> RawRequest:
        """The same request with another (already encoded) query string."""
        return replace(self, target=f"{self.path}?{raw_query}" if raw_query else self.path)

    def with_pairs(self, pairs: list[tuple[str, str]]) -> RawRequest:
        """The same request with these decoded query parameters, encoded the way the SDKs encode them."""
        return self.with_query(encode_pairs(pairs))

    def with_header(self, name: str, value: str | None) -> RawRequest:
        """Replace every header of this name (case-insensitive) by one value, or drop it when None."""
        kept = [(key, old) for key, old in self.headers if key.lower() != name.lower()]
        if value is not None:
            kept.append((name, value))
        return replace(self, headers=tuple(kept))

    def with_extra_header(self, name: str, value: str) -> RawRequest:
        """The same request with one more header line."""
        return replace(self, headers=(*self.headers, (name, value)))

    def with_body(self, body: bytes) -> RawRequest:
        """Another body, with a Content-Length that matches it."""
        changed = replace(self, body=body)
        return changed.with_header("Content-Length", str(len(body)))

    # -- sending --------------------------------------------------------------------------------

    def send(self, port: int) -> tuple[int, dict[str, Any]]:
        """Send exactly these bytes to 127.0.0.1:port; returns (status, JSON body)."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.putrequest(self.method, self.target, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers:
                connection.putheader(name, value)
            connection.endheaders(self.body or None)
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()


def decode_pairs(raw_query: str) -> list[tuple[str, str]]:
    """Split and decode a query string without merging or dropping anything (``+`` is a space)."""
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        key, _, value = part.partition("=")
        pairs.append((unquote_plus(key), unquote_plus(value)))
    return pairs


def encode_pairs(pairs: list[tuple[str, str]]) -> str:
    """Encode decoded parameters into a query string, every reserved character percent-encoded."""
    return "&".join(f"{quote(key, safe='~')}={quote(value, safe='~')}" for key, value in pairs)


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _RecordingServer

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.recorded.append(RawRequest(self.command, self.path, tuple(self.headers.items()), body))
        payload = b'{"RequestId":"recorded"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _record
    do_POST = _record

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.recorded: list[RawRequest] = []


def capture(call: Callable[[str], object]) -> RawRequest:
    """Run ``call(endpoint)`` (an SDK call aimed at ``endpoint``) against a recorder; the one request it sent."""
    server = _RecordingServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        call(f"127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert len(server.recorded) == 1, f"expected one request, the SDK sent {len(server.recorded)}"
    return server.recorded[0]


def send_raw(port: int, raw: bytes, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes on a new connection to 127.0.0.1; the response's status, headers (lower-case names), body.

    The server may answer and close before it has read everything sent; that answer still counts.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(raw)
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
    return response.status, headers, body


def _not_a_json_constant(name: str) -> float:
    raise ValueError(f"the response is not strict JSON: {name}")


def strict_json(payload: bytes) -> Any:
    """Parse a response body as strict JSON (``NaN`` and ``Infinity`` are refused, as RFC 8259 has none)."""
    return json.loads(payload, parse_constant=_not_a_json_constant)
