"""The emulator application and its HTTP front end.

:class:`Emulator` holds the state (store, accounts, clock, faults) and turns one signed request
into one response: route by x-acs-action/x-acs-version (V3) or Action/Version (V2), authenticate,
inject faults, authorise, run the handler in a store transaction, render JSON.
:func:`serve` wraps it in a threading HTTP/1.1 server (keep-alive) on 127.0.0.1.

Control endpoints (unauthenticated, for tests and demos; the server binds to loopback only):
``POST /_emulator/reset``, ``GET|POST /_emulator/faults`` (JSON FaultConfig fields),
``POST /_emulator/clock`` ({"advance_seconds": N}, moves credential-expiry time),
``GET /_emulator/health``.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from alicloud_gov.emulator.accounts import DEMO_ACCOUNTS, Account, validate_accounts
from alicloud_gov.emulator.auth import Authenticator, Clock, SignedRequest
from alicloud_gov.emulator.authz import Authorizer
from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.faults import FaultConfig, FaultInjector
from alicloud_gov.emulator.registry import (
    KIND_ACCESS_KEY,
    KIND_ACCOUNT,
    Params,
    RequestContext,
    iso_now,
    load_services,
    lookup,
)
from alicloud_gov.emulator.store import Store

log = logging.getLogger(__name__)

HOST_ID = "emulator.alicloud-gov.local"
MAX_BODY_BYTES = 8 * 1024 * 1024
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
        return json.dumps(self.body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


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
        self.store = Store(data_path)
        self.clock = Clock()
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
        self.clock.offset = 0.0
        self.set_faults(FaultConfig())
        self._seed_accounts()

    def set_faults(self, config: FaultConfig) -> None:
        """Replace the fault configuration."""
        self.faults.configure(config)
        self.store.consistency_delay = config.consistency_delay_ms / 1000.0

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
            internal = ApiError("InternalError", "The request processing has failed due to some unknown error.", 500)
            return Response(500, internal.to_body(request_id, HOST_ID))

    def _dispatch(self, request: SignedRequest, request_id: str) -> dict[str, Any]:
        params = request.parameters()  # the very pairs the signature covers, each name once
        action_name = request.header("x-acs-action") or params.get("Action")
        version = request.header("x-acs-version") or params.get("Version")
        if not action_name:
            raise ApiError("MissingParameter", 'The input parameter "Action" that is mandatory is not supplied.')
        if not version:
            raise ApiError("MissingParameter", 'The input parameter "Version" that is mandatory is not supplied.')
        spec = lookup(version, action_name)
        if spec is None:
            raise ApiError("InvalidAction.NotFound", f"Specified api {action_name} ({version}) is not found.", 404)
        self.faults.delay()
        caller = self.authenticator.authenticate(request)
        self.faults.maybe_fail(spec.name)
        api_params = Params({key: value for key, value in params.items() if key not in _PROTOCOL_PARAMS})
        with self.store.transaction():
            context = RequestContext(
                request_id=request_id,
                spec=spec,
                params=api_params,
                caller=caller,
                store=self.store.view(stale=spec.read_only),
                accounts=self.accounts,
                region=api_params.get_str("RegionId", self.region) or self.region,
                extras={"clock": self.clock, "authorizer": self.authorizer, "source_ip": request.client_ip},
            )
            self.authorizer.authorize(context)
            return spec.handler(context)

    def _control(self, request: SignedRequest, request_id: str) -> Response:
        name = request.path[len("/_emulator/") :].strip("/")
        payload: dict[str, Any] = {}
        if request.body:
            try:
                parsed = json.loads(request.body)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                raise ApiError("InvalidParameter", "The control request body must be a JSON object.")
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
                    raise ApiError("InvalidParameter", str(error)) from None
            return Response(200, {"RequestId": request_id, "Faults": self.faults.config.to_dict()})
        if name == "clock" and request.method == "POST":
            try:
                self.clock.advance(float(payload.get("advance_seconds", 0)))
            except (TypeError, ValueError):
                raise ApiError("InvalidParameter", "advance_seconds must be a number.") from None
            return Response(200, {"RequestId": request_id, "Offset": self.clock.offset})
        raise ApiError("InvalidAction.NotFound", f"Unknown control endpoint {request.path}.", 404)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes; do not wait for ACKs
    server: EmulatorHTTPServer

    def _serve(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            error = ApiError("InvalidParameter.ContentLength", f"Content-Length must be 0 to {MAX_BODY_BYTES} bytes.")
            self._send(Response(400, error.to_body(str(uuid.uuid4()).upper(), HOST_ID)))
            return
        body = self.rfile.read(length) if length > 0 else b""
        url = urlsplit(self.path)
        headers: dict[str, list[str]] = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        form: list[tuple[str, str]] = []
        content_type = (self.headers.get("Content-Type") or "").lower()
        if body and content_type.startswith("application/x-www-form-urlencoded"):
            form = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        request = SignedRequest(
            method=self.command,
            path=url.path or "/",
            query=parse_qsl(url.query, keep_blank_values=True),
            form=form,
            headers=headers,
            body=body,
            client_ip=str(self.client_address[0]),
        )
        self._send(self.server.emulator.handle(request))

    def _send(self, response: Response) -> None:
        payload = response.encode()
        self.send_response(response.status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-acs-request-id", str(response.body.get("RequestId", "")))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _serve
    do_POST = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Debug-log requests by method and path only: query strings carry signatures and SecurityTokens."""
        log.debug("emulator: %s %s %s", self.address_string(), self.command, urlsplit(self.path).path)


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one Emulator."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, emulator: Emulator, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _RequestHandler)
        self.emulator = emulator

    @property
    def port(self) -> int:
        """The bound TCP port."""
        return int(self.server_address[1])


def serve_in_thread(
    emulator: Emulator, host: str = "127.0.0.1", port: int = 0
) -> tuple[EmulatorHTTPServer, threading.Thread]:
    """Start serving in a daemon thread; returns the server (stop with shutdown + server_close)."""
    server = EmulatorHTTPServer(emulator, host, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True, name="emulator")
    thread.start()
    return server, thread
