"""Request authentication: ACS3-HMAC-SHA256 (V3) and HMAC-SHA1 (V2) signatures, STS tokens.

The verifier rebuilds the string to sign from the request itself, as Alibaba Cloud's specifications
define it ("Request syntax and signature method V3" and the V2 RPC signature topic of the Alibaba Cloud
SDK documentation; the official signers are ``alibabacloud_tea_openapi.utils`` and
``aliyunsdkcore.auth.composer.rpc_signature_composer``), and compares signatures in constant time.
Every query parameter is covered with its name and value percent-encoded, so a name cannot smuggle
``=`` or ``&``; the parameters an API handler reads (:meth:`SignedRequest.parameters`) are exactly
the pairs the signature covers, each name once. It resolves the AccessKey to a
:class:`~alicloud_gov.emulator.registry.Caller`: an account root, a RAM user, or a role session
holding temporary credentials this emulator issued through STS AssumeRole. Used nonces are kept in
the store, so a signed request does not replay after a restart either.

Gateway errors: IncompleteSignature, SignatureDoesNotMatch (400), InvalidAccessKeyId.NotFound (404),
InvalidAccessKeyId.Inactive, InvalidTimeStamp.Expired (more than 15 minutes off),
SignatureNonceUsed, MissingSecurityToken, InvalidSecurityToken.Mismatch,
InvalidSecurityToken.Expired.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from alicloud_gov.emulator.clock import Clock
from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import Caller
from alicloud_gov.emulator.services.ram.backend import KIND_ACCESS_KEY, RamBackend
from alicloud_gov.emulator.services.sts.backend import KIND_STS_CREDENTIAL, security_token_digest
from alicloud_gov.emulator.store import Store

MAX_CLOCK_SKEW_SECONDS = 15 * 60
_V3_ALGORITHM = "ACS3-HMAC-SHA256"
_V3_REQUIRED_HEADERS = ("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256")
_V2_ROUTING = (("x-acs-action", "Action"), ("x-acs-version", "Version"))  # header, signed V2 parameter
_AUTHORIZATION = re.compile(
    r"^ACS3-HMAC-SHA256\s+Credential=([^,]+),\s*SignedHeaders=([^,]*),\s*Signature=([0-9a-fA-F]+)$"
)


def _must_be_signed(header: str) -> bool:
    """Whether a header present in a V3 request must be listed in its SignedHeaders (lower-case name).

    The V3 specification has every common request header but Authorization signed when present. The
    emulator routes by ``x-acs-action``/``x-acs-version``, reads the token from ``x-acs-security-token`` and
    parses the body by ``content-type``, so ``host``, ``content-type`` and every ``x-acs-*`` header must be
    signed; the official SDK signs every header it sets.
    """
    return header in ("host", "content-type") or header.startswith("x-acs-")


@dataclass(frozen=True)
class SignedRequest:
    """The parts of an HTTP request that signatures cover."""

    method: str
    path: str
    query: Sequence[tuple[str, str]]  # decoded, in wire order
    form: Sequence[tuple[str, str]]  # decoded form-body parameters
    headers: Mapping[str, list[str]]  # lower-case name -> every value
    body: bytes
    client_ip: str = "127.0.0.1"

    def header(self, name: str) -> str | None:
        """The first value of a header, or None."""
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def parameters(self) -> dict[str, str]:
        """Query and form parameters as API handlers read them: the pairs the signature covers, each name once.

        A name given twice (in the query, the form body, or both) is refused with SignatureDoesNotMatch:
        the signature covers both pairs, but a handler would read only one of them.
        """
        merged: dict[str, str] = {}
        for key, value in (*self.query, *self.form):
            if key in merged:
                raise GatewayErrors.SIGNED_REQUEST_MISMATCH(
                    detail=f"The parameter {_percent(key)} is given more than once; each parameter is signed and read "
                    "once."
                )
            merged[key] = value
        return merged


class NonceCache:
    """Signature nonces used within the replay window, kept in the store so they survive a restart.

    A nonce is remembered until its request's timestamp leaves the accepted window (signed time plus
    :data:`MAX_CLOCK_SKEW_SECONDS`); after that the timestamp check refuses a replay by itself, so
    older nonces are purged (at most once a minute) and the table stays bounded by the window.
    """

    PURGE_INTERVAL_SECONDS = 60.0

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._next_purge = 0.0

    def claim(self, access_key_id: str, nonce: str, signed_at: float) -> bool:
        """Record a nonce for a request signed at ``signed_at`` (epoch seconds); False when already used."""
        now = self._store.clock.wall()  # the signers' time base, as the timestamp window
        with self._lock:
            purge = now >= self._next_purge
            if purge:
                self._next_purge = now + self.PURGE_INTERVAL_SECONDS
        if purge:
            self._store.purge_nonces(now)
        expires = max(signed_at, now) + MAX_CLOCK_SKEW_SECONDS
        return self._store.claim_nonce(access_key_id, nonce, expires, now)

    def clear(self) -> None:
        """Forget every nonce."""
        self._store.clear_nonces()


def _percent(value: str) -> str:
    """RFC 3986 percent-encoding of UTF-8: only ``A-Z a-z 0-9 - _ . ~`` stay as they are (space is ``%20``)."""
    return quote(value, safe="~", encoding="utf-8")


def v3_canonical_query(pairs: Sequence[tuple[str, str]]) -> str:
    """The V3 CanonicalQueryString: every pair as ``percent(name)=percent(value)``, sorted by name, joined by ``&``.

    Names are encoded like values (the V3 specification; the SDK's names never need it), so the string
    decodes back to exactly one list of pairs: no name can carry ``=`` or ``&`` into another pair.
    Pairs sort by name then value, in code-point order, as the SDKs sort their query maps.
    """
    ordered = sorted(pairs)
    return "&".join(f"{_percent(key)}={_percent(value)}" for key, value in ordered)


def v3_string_to_sign(request: SignedRequest, signed_headers: Sequence[str], payload_hash: str) -> str:
    """The ACS3-HMAC-SHA256 string to sign, rebuilt from the request and its SignedHeaders list.

    CanonicalRequest = method, path, CanonicalQueryString, CanonicalHeaders (``name:values`` of each signed
    header, values trimmed, sorted and comma-joined), SignedHeaders, HashedRequestPayload, one per line
    (``alibabacloud_tea_openapi.utils.Utils.get_authorization`` builds the same).
    """
    canonical_query = v3_canonical_query(request.query)
    canonical_headers = "".join(
        f"{name}:{','.join(sorted(value.strip() for value in request.headers.get(name, [])))}\n"
        for name in sorted(signed_headers)
    )
    canonical = "\n".join(
        [
            request.method,
            request.path or "/",
            canonical_query,
            canonical_headers,
            ";".join(signed_headers),
            payload_hash,
        ]
    )
    return f"{_V3_ALGORITHM}\n{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"


def v3_signature(secret: str, string_to_sign: str) -> str:
    """Hex HMAC-SHA256 of the string to sign."""
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def v2_string_to_sign(method: str, params: Mapping[str, str]) -> str:
    """The HMAC-SHA1 (signature version 1.0) string to sign over every parameter but Signature.

    ``method & percent("/") & percent(name=value pairs sorted by name, each side percent-encoded)``, as
    ``aliyunsdkcore``'s RPC composer and ``Utils.get_rpcsignature`` of tea-openapi build it; the ``/`` is
    the request path, which for RPC APIs is always the root.
    """
    pairs = sorted((key, value) for key, value in params.items() if key != "Signature")
    canonical = "&".join(f"{_percent(key)}={_percent(value)}" for key, value in pairs)
    return f"{method}&%2F&{_percent(canonical)}"


def v2_signature(secret: str, string_to_sign: str) -> str:
    """Base64 HMAC-SHA1 keyed with ``secret + '&'``."""
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$")


def _parse_timestamp(value: str) -> float | None:
    """Epoch seconds of a ``yyyy-MM-ddTHH:mm:ss[.fff]Z`` timestamp, or None when malformed."""
    match = _TIMESTAMP.match(value)
    if not match:
        return None
    try:
        parts = tuple(int(part) for part in match.groups())
        return float(calendar.timegm((*parts, 0, 0, 0)))
    except (ValueError, OverflowError):
        return None


def _signature_mismatch(string_to_sign: str) -> ApiError:
    """SignatureDoesNotMatch carrying the server's string to sign (clients compare it to find a wrong secret)."""
    return GatewayErrors.SIGNATURE_MISMATCH(string_to_sign=string_to_sign)


@dataclass(frozen=True)
class _Credential:
    access_key_id: str
    secret: str
    caller: Caller
    security_token: str | None = None  # SHA-256 hex digest of the token
    expiration: float | None = None


class Authenticator:
    """Verifies signatures and resolves callers against the store."""

    def __init__(self, store: Store, clock: Clock, accounts: frozenset[str]) -> None:
        self.store = store
        self.clock = clock
        self.accounts = accounts  # keys of accounts left in a state file but not configured are refused
        self.nonces = NonceCache(store)

    def authenticate(self, request: SignedRequest) -> Caller:
        """The caller of a signed request; ApiError when authentication fails."""
        authorizations = request.headers.get("authorization", [])
        if len(authorizations) > 1:
            raise GatewayErrors.INCOMPLETE_SIGNATURE(detail="A request carries one Authorization header.")
        if authorizations:
            return self._authenticate_v3(request, authorizations[0])
        params = request.parameters()
        if "Signature" in params:
            return self._authenticate_v2(request, params)
        raise GatewayErrors.INCOMPLETE_SIGNATURE(
            detail="The request is not signed: no Authorization header or Signature."
        )

    # -- V3 -------------------------------------------------------------------------------------

    def _authenticate_v3(self, request: SignedRequest, authorization: str) -> Caller:
        match = _AUTHORIZATION.match(authorization.strip())
        if not match:
            raise GatewayErrors.INCOMPLETE_SIGNATURE(
                detail="The Authorization header is not a valid ACS3-HMAC-SHA256 value."
            )
        access_key_id, signed_list, signature = match.group(1), match.group(2), match.group(3).lower()
        signed_headers = [name.strip().lower() for name in signed_list.split(";") if name.strip()]
        for required in _V3_REQUIRED_HEADERS:
            if required not in signed_headers or request.header(required) is None:
                raise GatewayErrors.INCOMPLETE_SIGNATURE(detail=f"The header {required} must be present and signed.")
        for name in request.headers:
            if _must_be_signed(name) and name not in signed_headers:
                raise GatewayErrors.INCOMPLETE_SIGNATURE(
                    detail=f"The header {name} is present but not in SignedHeaders."
                )
        request.parameters()  # each name once, before the signature vouches for the list
        credential = self._credential(access_key_id)
        payload_hash = request.header("x-acs-content-sha256") or ""
        if payload_hash.lower() != hashlib.sha256(request.body).hexdigest():
            raise GatewayErrors.SIGNED_REQUEST_MISMATCH(
                detail="The x-acs-content-sha256 header does not match the body."
            )
        string_to_sign = v3_string_to_sign(request, signed_headers, payload_hash)
        if not hmac.compare_digest(v3_signature(credential.secret, string_to_sign), signature):
            raise _signature_mismatch(string_to_sign)
        self._check_time_and_nonce(
            access_key_id, request.header("x-acs-date") or "", request.header("x-acs-signature-nonce") or ""
        )
        self._check_token(credential, request.header("x-acs-security-token"))
        return credential.caller

    # -- V2 -------------------------------------------------------------------------------------

    def _authenticate_v2(self, request: SignedRequest, params: Mapping[str, str]) -> Caller:
        method, path = request.method, request.path
        for required in ("AccessKeyId", "SignatureNonce", "Timestamp"):
            if not params.get(required):
                raise GatewayErrors.INCOMPLETE_SIGNATURE(
                    detail=f"The parameter {required} is required for a signed request."
                )
        if params.get("SignatureMethod", "HMAC-SHA1") != "HMAC-SHA1":
            raise GatewayErrors.INCOMPLETE_SIGNATURE(
                detail="Only SignatureMethod HMAC-SHA1 is supported for V2 signatures."
            )
        credential = self._credential(params["AccessKeyId"])
        string_to_sign = v2_string_to_sign(method, params)
        if path != "/":
            raise GatewayErrors.SIGNED_REQUEST_MISMATCH(detail=f"A V2 signature covers the path / only, not {path}.")
        for header, name in _V2_ROUTING:
            # both V2 SDKs send these headers too, unsigned: they may repeat the signed parameter, never change it
            if request.headers.get(header, [params.get(name)]) != [params.get(name)]:
                raise GatewayErrors.SIGNED_REQUEST_MISMATCH(
                    detail=f"The {header} header differs from the signed {name}."
                )
        if not hmac.compare_digest(v2_signature(credential.secret, string_to_sign), params["Signature"]):
            raise _signature_mismatch(string_to_sign)
        self._check_time_and_nonce(params["AccessKeyId"], params["Timestamp"], params["SignatureNonce"])
        self._check_token(credential, params.get("SecurityToken"))
        return credential.caller

    # -- shared -----------------------------------------------------------------------------------

    def _check_time_and_nonce(self, access_key_id: str, timestamp: str, nonce: str) -> None:
        signed_at = _parse_timestamp(timestamp)
        if signed_at is None:
            raise GatewayErrors.TIMESTAMP_FORMAT(timestamp=timestamp)
        if abs(self.clock.wall() - signed_at) > MAX_CLOCK_SKEW_SECONDS:
            raise GatewayErrors.TIMESTAMP_EXPIRED(timestamp=timestamp)
        if not self.nonces.claim(access_key_id, nonce, signed_at):
            raise GatewayErrors.NONCE_USED(nonce=nonce)

    def _check_token(self, credential: _Credential, token: str | None) -> None:
        if credential.security_token is None:
            return
        if not token:
            raise GatewayErrors.MISSING_SECURITY_TOKEN()
        if not hmac.compare_digest(security_token_digest(token), credential.security_token):
            raise GatewayErrors.SECURITY_TOKEN_MISMATCH()
        if credential.expiration is not None and self.clock.now() >= credential.expiration:
            raise GatewayErrors.SECURITY_TOKEN_EXPIRED()

    def _credential(self, access_key_id: str) -> _Credential:
        if access_key_id.startswith("STS."):
            return self._sts_credential(access_key_id)
        entity = self.store.find(KIND_ACCESS_KEY, access_key_id)
        if entity is None or entity.account not in self.accounts:
            raise GatewayErrors.ACCESS_KEY_NOT_FOUND(access_key_id=access_key_id)
        key = entity.data
        if key.get("Status") != "Active":
            raise GatewayErrors.ACCESS_KEY_INACTIVE(access_key_id=access_key_id)
        user_name = key.get("UserName")
        if not user_name:
            caller = Caller(entity.account, "root", "root", access_key_id, entity.account)
        else:
            user = RamBackend(self.store, entity.account).find_user(str(user_name)) or {}
            caller = Caller(
                entity.account, "user", str(user.get("UserName", user_name)), access_key_id, str(user.get("UserId", ""))
            )
        return _Credential(access_key_id, str(key["AccessKeySecret"]), caller)

    def _sts_credential(self, access_key_id: str) -> _Credential:
        entity = self.store.find(KIND_STS_CREDENTIAL, access_key_id)
        if entity is None or entity.account not in self.accounts:
            raise GatewayErrors.ACCESS_KEY_NOT_FOUND(access_key_id=access_key_id)
        data = entity.data
        caller = Caller(
            entity.account,
            "role",
            str(data["RoleName"]),
            access_key_id,
            f"{data['RoleId']}:{data['RoleSessionName']}",
            session_name=str(data["RoleSessionName"]),
        )
        return _Credential(
            access_key_id,
            str(data["AccessKeySecret"]),
            caller,
            str(data["SecurityTokenSha256"]),
            float(data["ExpiresAt"]),
        )
