"""The emulator application and its HTTP front end.

:class:`Emulator` holds the state (store, accounts, clock, faults) and turns one signed request
into one response: route by x-acs-action/x-acs-version (V3) or Action/Version (V2), authenticate,
inject faults, authorise (outside the store lock), run the handler in a store transaction, render JSON.
:class:`EmulatorHTTPServer` serves it over HTTP/1.1 (keep-alive) on 127.0.0.1 with waitress, with limits
and timeouts, answering every request, even one that is not HTTP, with the gateway's JSON error shape.

Control endpoints (unauthenticated, for tests and demos; the server binds to loopback only):
``POST /_emulator/reset``, ``GET|POST /_emulator/faults`` (JSON FaultConfig fields),
``POST /_emulator/clock`` ({"advance_seconds": N}, moves credential-expiry time; the offset stays within
``MAX_CLOCK_OFFSET_SECONDS`` either way),
``GET|POST /_emulator/oidc-issuers`` ({"issuer": URL, "jwks": {"keys": [...]}}: the keys an OIDC issuer signs
its tokens with, which the emulator's AssumeRoleWithOIDC trusts; see services/sts/oidc.py),
``GET /_emulator/health``.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from waitress import wasyncore
from waitress.channel import ClientDisconnected, HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import (
    BadRequest,
    RequestEntityTooLarge,
    RequestHeaderFieldsTooLarge,
    ServerNotImplemented,
)

from alicloud_gov.emulator.accounts import DEMO_ACCOUNTS, Account, validate_accounts
from alicloud_gov.emulator.auth import Authenticator, SignedRequest
from alicloud_gov.emulator.authz import Authorizer
from alicloud_gov.emulator.clock import Clock
from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.faults import FaultConfig, FaultInjector
from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import (
    ANONYMOUS,
    KIND_ACCOUNT,
    Params,
    RequestContext,
    iso_now,
    load_services,
    lookup,
)
from alicloud_gov.emulator.services.ram.backend import KIND_ACCESS_KEY
from alicloud_gov.emulator.services.sts.oidc import OidcIssuers
from alicloud_gov.emulator.store import Store

log = logging.getLogger(__name__)

HOST_ID = "emulator.alicloud-gov.local"
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_CLOCK_OFFSET_SECONDS = 10 * 366 * 86400  # ten years: far past any credential lifetime, far from overflow
_PROTOCOL_PARAMS = frozenset(
    {
        "Action",
        "Version",
        "Format",
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "SignatureType",
        "Timestamp",
        "SecurityToken",
    }
)


@dataclass
class Response:
    """A rendered response: status, headers and JSON body."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        """The JSON body as bytes."""
        return json.dumps(self.body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


class Emulator:
    """The emulated cloud: state plus request dispatch, independent of the HTTP layer."""

    def __init__(
        self,
        accounts: Sequence[Account] | None = None,
        data_path: str | Path | None = None,
        *,
        authz: bool = True,
        faults: FaultConfig | None = None,
        region: str = "cn-hangzhou",
    ) -> None:
        load_services()
        self.accounts: dict[str, Account] = {account.uid: account for account in (accounts or DEMO_ACCOUNTS)}
        validate_accounts(list(self.accounts.values()))
        self.clock = Clock()  # one clock: store ages, consistency delay, busy states, STS expiry, signing window
        self.store = Store(data_path, clock=self.clock)
        self.authenticator = Authenticator(self.store, self.clock, frozenset(self.accounts))
        self.authorizer = Authorizer(enabled=authz)
        self.faults = FaultInjector()
        self.region = region
        self.set_faults(faults or FaultConfig())
        self._seed_accounts()

    # -- state ------------------------------------------------------------------------------------

    def _seed_accounts(self) -> None:
        with self.store.transaction():
            for account in self.accounts.values():
                self.store.put(account.uid, KIND_ACCOUNT, account.uid, {"Uid": account.uid, "Alias": account.alias})
                existing = self.store.find(KIND_ACCESS_KEY, account.access_key_id)
                if existing is not None and existing.account != account.uid:
                    self.store.delete(existing.account, KIND_ACCESS_KEY, account.access_key_id)
                    existing = None
                if existing is None:
                    self.store.put(
                        account.uid,
                        KIND_ACCESS_KEY,
                        account.access_key_id,
                        {
                            "AccessKeyId": account.access_key_id,
                            "AccessKeySecret": account.access_key_secret,
                            "Status": "Active",
                            "UserName": None,
                            "CreateDate": iso_now(),
                        },
                    )

    def reset(self) -> None:
        """Forget all state, faults, nonces and clock offsets; keep the configured accounts."""
        self.store.reset()
        self.authenticator.nonces.clear()
        self.clock.reset()
        self.set_faults(FaultConfig())
        self._seed_accounts()

    def set_faults(self, config: FaultConfig) -> None:
        """Replace the fault configuration."""
        self.faults.configure(config)
        self.store.consistency_delay = config.consistency_delay_ms / 1000.0
        self.store.transition_delay = config.transition_delay_ms / 1000.0
        self.store.grant_delay = config.grant_delay_ms / 1000.0
        self.store.linger_delay = config.linger_delay_ms / 1000.0

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    # -- dispatch ---------------------------------------------------------------------------------

    def handle(self, request: SignedRequest) -> Response:
        """Turn one HTTP request into one response (never raises)."""
        request_id = str(uuid.uuid4()).upper()
        try:
            if request.path.startswith("/_emulator/"):
                return self._control(request, request_id)
            body = self._dispatch(request, request_id)
            return Response(200, {"RequestId": request_id, **body})
        except ApiError as error:
            return Response(error.http_status, error.to_body(request_id, HOST_ID), dict(error.headers))
        except Exception:
            log.exception("emulator: internal error in request %s", request_id)
            internal = GatewayErrors.INTERNAL_ERROR()
            return Response(500, internal.to_body(request_id, HOST_ID))

    def _dispatch(self, request: SignedRequest, request_id: str) -> dict[str, Any]:
        params = request.parameters()  # the very pairs the signature covers, each name once
        action_name = request.header("x-acs-action") or params.get("Action")
        version = request.header("x-acs-version") or params.get("Version")
        if not action_name:
            raise GatewayErrors.MISSING_PARAMETER(name="Action")
        if not version:
            raise GatewayErrors.MISSING_PARAMETER(name="Version")
        spec = lookup(version, action_name)
        if spec is None:
            raise GatewayErrors.UNKNOWN_API(action=action_name, version=version)
        self.faults.delay()
        caller = self.authenticator.authenticate(request) if spec.authenticate else ANONYMOUS
        self.faults.maybe_fail(spec.name)
        api_params = Params({key: value for key, value in params.items() if key not in _PROTOCOL_PARAMS})
        context = RequestContext(
            request_id=request_id,
            spec=spec,
            params=api_params,
            caller=caller,
            store=self.store.view(stale=spec.read_only),
            accounts=self.accounts,
            region=api_params.get_str("RegionId", self.region) or self.region,
            received=self.clock.now(),  # emulator time, as the store's stamps (acs:CurrentTime, deletion times)
            extras={"clock": self.clock, "authorizer": self.authorizer, "source_ip": request.client_ip},
        )
        self.authorizer.authorize(context)  # outside the store lock (see emulator.authz, "Locking")
        with self.store.transaction():
            body = spec.handler(context)
        self.faults.maybe_lose(spec.name, read_only=spec.read_only)  # applied and committed, answer lost
        return body

    def _control(self, request: SignedRequest, request_id: str) -> Response:
        name = request.path[len("/_emulator/") :].strip("/")
        payload: dict[str, Any] = {}
        if request.body:
            try:
                parsed = json.loads(request.body)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                raise GatewayErrors.INVALID_CONTROL_REQUEST(detail="The control request body must be a JSON object.")
            payload = parsed
        if name == "health":
            return Response(200, {"RequestId": request_id, "Ok": True, "Accounts": sorted(self.accounts)})
        if name == "reset" and request.method == "POST":
            self.reset()
            return Response(200, {"RequestId": request_id, "Reset": True})
        if name == "faults":
            if request.method == "POST":
                try:
                    self.set_faults(FaultConfig.from_mapping(payload, self.faults.config))
                except (ValueError, TypeError) as error:
                    raise GatewayErrors.INVALID_CONTROL_REQUEST(detail=str(error)) from None
            return Response(200, {"RequestId": request_id, "Faults": self.faults.config.to_dict()})
        if name == "oidc-issuers":
            issuers = OidcIssuers(self.store)
            if request.method == "POST":
                issuers.register(payload.get("issuer"), payload.get("jwks"))
            return Response(200, {"RequestId": request_id, "Issuers": issuers.names()})
        if name == "clock" and request.method == "POST":
            self.clock.advance(_clock_advance(payload.get("advance_seconds", 0), self.clock.offset))
            return Response(200, {"RequestId": request_id, "Offset": self.clock.offset})
        raise GatewayErrors.UNKNOWN_CONTROL_ENDPOINT(path=request.path)


def _clock_advance(value: object, offset: float) -> float:
    """A clock advance as requested: a finite number keeping the offset within MAX_CLOCK_OFFSET_SECONDS."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise GatewayErrors.INVALID_CONTROL_REQUEST(detail="advance_seconds must be a finite number.")
    if abs(offset + value) > MAX_CLOCK_OFFSET_SECONDS:
        raise GatewayErrors.INVALID_CONTROL_REQUEST(
            detail=f"The clock offset must stay within {MAX_CLOCK_OFFSET_SECONDS} seconds of real time."
        )
    return float(value)


# -- HTTP front end -------------------------------------------------------------------------------
#
# waitress (a maintained pure-Python WSGI server) does the HTTP/1.1 work: keep-alive, buffering whole
# requests before a worker thread sees them (a slow client holds a socket, never a thread), a bounded
# worker pool, header and body size limits, a long listen backlog. Three small subclasses keep every
# answer an Alibaba-style JSON error: waitress's own parser errors (plain text upstream) are rendered by
# _JsonErrorTask, a request that is not fully received within ``read_timeout`` is cut off by
# EmulatorHTTPServer.maintenance, and the WSGI adapter answers methods other than GET and POST.

ALLOWED_METHODS = ("GET", "POST")
MAX_HEADER_BYTES = 64 * 1024  # request line plus header fields
MAX_HEADER_FIELDS = 100
READ_TIMEOUT_SECONDS = 10.0  # from a request's first byte (or the connect) to its last
IDLE_TIMEOUT_SECONDS = 60  # an idle keep-alive connection is closed after this
WORKER_THREADS = 16
LISTEN_BACKLOG = 1024
CONNECTION_LIMIT = 512
_JSON_CONTENT_TYPE = "application/json;charset=utf-8"

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def _new_request_id() -> str:
    return str(uuid.uuid4()).upper()


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _error_response(error: ApiError) -> Response:
    return Response(error.http_status, error.to_body(_new_request_id(), HOST_ID), dict(error.headers))


def _wire(response: Response) -> tuple[bytes, list[tuple[str, str]]]:
    """The body bytes and header list of a response (an unencodable body becomes an InternalError)."""
    try:
        payload = response.encode()
    except ValueError:
        log.exception("emulator: response %s is not JSON-encodable", response.body.get("RequestId"))
        response = _error_response(GatewayErrors.UNRENDERABLE())
        payload = response.encode()
    headers = [
        ("Content-Type", _JSON_CONTENT_TYPE),
        ("Content-Length", str(len(payload))),
        ("x-acs-request-id", str(response.body.get("RequestId", ""))),
        *response.headers.items(),
    ]
    return payload, headers


def _raw_response(response: Response) -> bytes:
    """A whole HTTP/1.1 response closing the connection, for answers written outside a waitress task."""
    payload, headers = _wire(response)
    head = "".join(f"{name}: {value}\r\n" for name, value in [*headers, ("Connection", "close")])
    return f"HTTP/1.1 {_status_line(response.status)}\r\n{head}\r\n".encode("latin-1") + payload


def signed_request(
    method: str, target: str, header_pairs: Iterable[tuple[str, str]], body: bytes, client_ip: str
) -> SignedRequest:
    """Assemble the request the Emulator sees from what arrived: method, raw request target, headers, body."""
    url = urlsplit(target)
    headers: dict[str, list[str]] = {}
    for name, value in header_pairs:
        headers.setdefault(name.lower(), []).append(value)
    form: list[tuple[str, str]] = []
    content_type = (headers.get("content-type") or [""])[0].lower()
    if body and content_type.startswith("application/x-www-form-urlencoded"):
        form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return SignedRequest(
        method=method,
        path=url.path or "/",
        query=parse_qsl(url.query, keep_blank_values=True),
        form=form,
        headers=headers,
        body=body,
        client_ip=client_ip,
    )


def _environ_headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """Header fields from a WSGI environ (waitress drops names with '_', so '-' maps back unambiguously)."""
    pairs = [(key[5:].replace("_", "-").lower(), str(value)) for key, value in environ.items() if key[:5] == "HTTP_"]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if key in environ:
            pairs.append((key.replace("_", "-").lower(), str(environ[key])))
    return pairs


def wsgi_application(emulator: Emulator) -> Callable[[dict[str, Any], StartResponse], list[bytes]]:
    """The Emulator as a WSGI application: one environ in, one JSON response out."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        method = str(environ.get("REQUEST_METHOD", ""))
        headers = _environ_headers(environ)
        if method not in ALLOWED_METHODS:
            # Alibaba's gateway answers other methods with UnsupportedHTTPMethod, "This http method is not supported."
            error = GatewayErrors.UNSUPPORTED_METHOD(headers={"Allow": ", ".join(ALLOWED_METHODS)})
            response = _error_response(error)
        elif len(headers) > MAX_HEADER_FIELDS:
            response = _error_response(_header_too_large(f"more than {MAX_HEADER_FIELDS} header fields"))
        else:
            length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has validated it
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            request = signed_request(
                method, str(environ.get("REQUEST_URI") or "/"), headers, body, str(environ.get("REMOTE_ADDR", ""))
            )
            log.debug("emulator: %s %s %s", request.client_ip, method, request.path)
            response = emulator.handle(request)
        payload, response_headers = _wire(response)
        start_response(_status_line(response.status), response_headers)
        return [payload]

    return application


def _header_too_large(detail: str) -> ApiError:
    return GatewayErrors.HEADER_TOO_LARGE(detail=detail, max_bytes=MAX_HEADER_BYTES, max_fields=MAX_HEADER_FIELDS)


def _parser_error(parser: HTTPRequestParser) -> ApiError:
    """The JSON error for a request waitress's parser refused."""
    error = parser.error
    if isinstance(error, RequestHeaderFieldsTooLarge):
        if b"\n" not in parser.header_plus:  # the request line alone filled the limit
            return GatewayErrors.URI_TOO_LONG(max_bytes=MAX_HEADER_BYTES)
        return _header_too_large("the header fields exceed the limit")
    length = parser.headers.get("CONTENT_LENGTH")
    if isinstance(error, RequestEntityTooLarge) or (length is not None and not length.isdigit()):
        status = 413 if isinstance(error, RequestEntityTooLarge) else 400
        return GatewayErrors.CONTENT_LENGTH(max_bytes=MAX_BODY_BYTES, status=status)
    if isinstance(error, ServerNotImplemented):
        return GatewayErrors.NOT_IMPLEMENTED(detail=error.body)
    if isinstance(error, BadRequest):
        return GatewayErrors.MALFORMED_REQUEST(detail=error.body)
    return GatewayErrors.INTERNAL_ERROR()


class _JsonErrorTask(ErrorTask):
    """waitress's error task, answering in the gateway's JSON error shape instead of plain text."""

    def execute(self) -> None:
        """Write the JSON error for the refused request, then close the connection."""
        error = _parser_error(self.request)
        log.debug("emulator: refused a request from %s: %s", self.channel.addr[0], error)
        payload, headers = _wire(_error_response(error))
        self.status = _status_line(error.http_status)
        self.response_headers.extend(header for header in headers if header[0] != "Content-Length")
        self.set_close_on_finish()
        self.content_length = len(payload)
        self.write(payload)


class _Channel(HTTPChannel):
    """A connection that remembers since when it has been waiting for the rest of a request."""

    error_task_class = _JsonErrorTask

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading_since: float | None = self.creation_time  # a new connection owes its first request

    def received(self, data: bytes) -> bool:
        """Feed bytes to the parser, noting when a request starts and when the last one was whole."""
        if self.reading_since is None and self.request is None:
            self.reading_since = time.time()
        queued = len(self.requests)
        result = bool(super().received(data))
        if self.request is None and len(self.requests) > queued:  # a whole request arrived, none is pending
            self.reading_since = None
        return result


class EmulatorHTTPServer(TcpWSGIServer):
    """An HTTP/1.1 server (waitress) bound to one Emulator on a loopback address.

    Limits: ``MAX_HEADER_BYTES`` of request line and headers, ``MAX_HEADER_FIELDS`` fields,
    ``MAX_BODY_BYTES`` of body, ``read_timeout`` seconds to receive a whole request, ``IDLE_TIMEOUT_SECONDS``
    for an idle keep-alive connection, ``CONNECTION_LIMIT`` open connections, a ``LISTEN_BACKLOG`` queue.
    Use like socketserver: ``serve_forever()`` in one thread, ``shutdown()`` and ``server_close()`` from another.
    """

    channel_class = _Channel

    def __init__(
        self,
        emulator: Emulator,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        read_timeout: float = READ_TIMEOUT_SECONDS,
        threads: int = WORKER_THREADS,
    ) -> None:
        self.emulator = emulator
        self.read_timeout = read_timeout
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        super().__init__(
            wsgi_application(emulator),
            host=host,
            port=port,
            ipv6=False,
            threads=threads,
            backlog=LISTEN_BACKLOG,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=IDLE_TIMEOUT_SECONDS,
            cleanup_interval=1,
            max_request_header_size=MAX_HEADER_BYTES,
            max_request_body_size=MAX_BODY_BYTES + 1,  # waitress refuses a body of this size or more
            asyncore_use_poll=True,
            clear_untrusted_proxy_headers=False,
            ident="",
        )
        self.adj.cleanup_interval = min(1.0, read_timeout / 4)  # how often maintenance() looks
        # waitress warns on every request queued behind busy workers; for a test cloud that is noise
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return int(self.effective_port)

    def maintenance(self, now: float) -> None:
        """Close idle connections (waitress) and those that have not delivered a whole request in time.

        A connection that sent part of a request is answered 408 (JSON) before it is closed; one that sent
        nothing is closed silently.
        """
        super().maintenance(now)
        cutoff = now - self.read_timeout
        for channel in list(self.active_channels.values()):
            since = getattr(channel, "reading_since", None)
            if channel.requests or since is None or since >= cutoff or channel.will_close:
                continue
            channel.reading_since = None
            if channel.request is None or channel.total_outbufs_len:
                channel.will_close = True
                continue
            error = GatewayErrors.REQUEST_TIMEOUT(seconds=f"{self.read_timeout:g}")
            try:
                channel.write_soon(_raw_response(_error_response(error)))
            except ClientDisconnected:
                channel.will_close = True
            else:
                channel.close_when_flushed = True

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until :meth:`shutdown`; then close every connection (in this thread, which owns them)."""
        self._stop.clear()
        self._stopped.clear()
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=poll_interval, map=self._map, use_poll=True, count=1)
        finally:
            for dispatcher in list(self._map.values()):
                if dispatcher is not self and dispatcher is not self.trigger:
                    dispatcher.close()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` and wait until it has returned."""
        self._stop.set()
        self.pull_trigger()
        self._stopped.wait()

    def server_close(self) -> None:
        """Close the listening socket and stop the worker threads."""
        self.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self.close()


def serve_in_thread(
    emulator: Emulator, host: str = "127.0.0.1", port: int = 0, *, read_timeout: float = READ_TIMEOUT_SECONDS
) -> tuple[EmulatorHTTPServer, threading.Thread]:
    """Start serving in a daemon thread; returns the server (stop with shutdown + server_close)."""
    server = EmulatorHTTPServer(emulator, host, port, read_timeout=read_timeout)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True, name="emulator")
    thread.start()
    return server, thread
