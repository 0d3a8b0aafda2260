"""Errors raised by the cloud layer, and their mapping from the SDK's exceptions.

Every failed call surfaces as a :class:`CloudError` subclass chosen from the service's error code first
(the reference's code families) and the HTTP status second, so callers catch *what happened*
(``NotFound``, ``AlreadyExists``...) rather than parse strings. The original code, message, request id,
API name (``ram:CreateUser``) and HTTP status stay on the exception for messages and support tickets.

Deliberate exceptions to the ``*.NotFound -> NotFound`` rule: gateway codes about the *caller*
(``InvalidAccessKeyId.NotFound``, ``InvalidSecurityToken.*``, ``SignatureDoesNotMatch``...) map to
:class:`AccessDenied`, and ``InvalidAction.NotFound`` maps to :class:`InvalidInput`; treating either as
"the resource is gone" would make a provider's read drop live resources from state.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = [
    "AccessDenied",
    "AlreadyExists",
    "CloudConnectionError",
    "CloudError",
    "Conflict",
    "ConsistencyTimeout",
    "CredentialsError",
    "EndpointUnreachable",
    "InvalidInput",
    "NotFound",
    "ServerError",
    "Throttled",
    "error_from_code",
    "error_from_exception",
]


class CloudError(Exception):
    """A failed Alibaba Cloud API call (or a failure to make one).

    Attributes: ``code`` (service error code, e.g. ``EntityNotExist.User``), ``message`` (the service's
    message), ``request_id``, ``api`` (``product:Action``), ``status`` (HTTP status or ``None`` when no
    response arrived), ``retry_after_ms`` (the server's ``x-acs-retry-after`` hint, if any),
    ``recommend`` (the service's troubleshooting link), ``access_denied_detail`` (on ``NoPermission``),
    ``attempts`` (how many attempts the call made before giving up), ``earlier_outcome_unknown`` (set by the
    retrier when an earlier attempt of the same call may have been applied: a 5xx, or no response after the
    request was sent), ``retries_exhausted`` (set once a retry loop has given up on it, so an outer loop - e.g. a
    call whose credential refresh failed - does not retry it again).
    """

    def __init__(
        self,
        code: str,
        message: str,
        request_id: str | None = None,
        api: str | None = None,
        status: int | None = None,
        *,
        retry_after_ms: int | None = None,
        recommend: str | None = None,
        access_denied_detail: Mapping[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.request_id = request_id
        self.api = api
        self.status = status
        self.retry_after_ms = retry_after_ms
        self.recommend = recommend
        self.access_denied_detail = dict(access_denied_detail) if access_denied_detail else None
        self.attempts = 1
        self.earlier_outcome_unknown = False
        self.retries_exhausted = False
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.api}: " if self.api else ""
        status = f" (HTTP {self.status})" if self.status is not None else ""
        rid = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{where}{self.code}{status}: {self.message}{rid}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, request_id={self.request_id!r}, "
            f"api={self.api!r}, status={self.status!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[CloudError], state: dict[str, Any]) -> CloudError:
    """Unpickle a CloudError subclass (keyword-only fields survive process boundaries)."""
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, str(err))
    return err


class NotFound(CloudError):
    """The named entity does not exist (``EntityNotExist*``, ``EntityNotExists.*``, ``ResourceNotFound.*``,
    ``*.NotFound``, 404)."""


class AlreadyExists(CloudError):
    """An entity with that name already exists (``EntityAlreadyExists*``, ECR's ``ResourceAlreadyExists.*``)."""


class Conflict(CloudError):
    """The entity's state forbids the change (``DeleteConflict*``, ``Conflict.*``, ``LimitExceeded*``,
    ECR's ``DependencyViolation.*``, 409)."""


class Throttled(CloudError):
    """The service rejected the call for rate (``Throttling*``, ``Rejected.Throttling``, 429)."""


class AccessDenied(CloudError):
    """The caller may not do this, or could not be authenticated (``NoPermission``, ``Forbidden*``, 403)."""


class InvalidInput(CloudError):
    """The request itself is wrong (``InvalidParameter*``, ``MissingParameter``, ``MalformedPolicyDocument``,
    ``IllegalParam*``, 400)."""


class ServerError(CloudError):
    """The service failed (5xx, ``ServiceUnavailable``, ``InternalError``) or answered with an unreadable body."""


class CloudConnectionError(CloudError):
    """No response arrived: connection refused or reset, DNS failure, timeout. ``status`` is ``None``."""


class EndpointUnreachable(CloudConnectionError):
    """No connection could be made, so the request was never sent: refused, DNS failure, no route, connect timeout.

    Usually a wrong or stopped endpoint, which waiting does not fix: the retrier gives these a short bound of their
    own (:attr:`~alicloud_gov.cloud.retry.RetryPolicy.unreachable_attempts`).
    """


class CredentialsError(CloudError):
    """Credentials are missing or unusable (no env variables, bad profile file, unknown profile)."""


class ConsistencyTimeout(CloudError):
    """A read-after-write wait ran out of time before the service showed the expected state."""


# Gateway codes that describe the caller's credentials, not the target resource.
_AUTH_CODES = frozenset(
    {
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "SignatureNonceUsed",
        "MissingSecurityToken",
        "InvalidTimeStamp.Expired",
        "InvalidTimeStamp.Format",
    }
)
_AUTH_PREFIXES = ("InvalidAccessKeyId", "InvalidSecurityToken", "Forbidden", "NoPermission")
_SERVER_CODES = frozenset({"ServiceUnavailable", "InternalError", "UnknownError", "InternalServerError"})


def classify_code(code: str | None, status: int | None) -> type[CloudError]:
    """Pick the CloudError subclass for a service error code, falling back to the HTTP status."""
    c = code or ""
    if c.startswith(_AUTH_PREFIXES) or c in _AUTH_CODES:
        return AccessDenied
    if c == "InvalidAction.NotFound" or c.startswith(("InvalidParameter", "MissingParameter", "IllegalParam")):
        return InvalidInput
    if c.startswith("MalformedPolicyDocument") or c == "InvalidAction":
        return InvalidInput
    if c.startswith(("EntityNotExist", "ResourceNotFound")) or c.endswith(".NotFound") or ".NotFound." in c:
        return NotFound
    if "AlreadyExist" in c:
        return AlreadyExists
    if c.startswith(("Throttling", "Rejected.Throttling")):
        return Throttled
    if c.startswith(("DeleteConflict", "Conflict.", "LimitExceeded", "DependencyViolation")) or c == "Conflict":
        return Conflict
    if c in _SERVER_CODES or c.startswith("InternalError"):
        return ServerError
    return _classify_status(status)


def _classify_status(status: int | None) -> type[CloudError]:
    if status is None:
        return CloudError
    if status >= 500:
        return ServerError
    return {400: InvalidInput, 403: AccessDenied, 404: NotFound, 409: Conflict, 429: Throttled}.get(status, CloudError)


def error_from_code(
    code: str | None,
    message: str | None,
    *,
    request_id: str | None = None,
    api: str | None = None,
    status: int | None = None,
    retry_after_ms: int | None = None,
    recommend: str | None = None,
    access_denied_detail: Mapping[str, Any] | None = None,
) -> CloudError:
    """Build the right CloudError subclass from a service error's fields."""
    cls = classify_code(code, status)
    return cls(
        code or (f"HTTP{status}" if status else "Unknown"),
        message or "",
        request_id,
        api,
        status,
        retry_after_ms=retry_after_ms,
        recommend=recommend,
        access_denied_detail=access_denied_detail,
    )


def error_from_body(body: Mapping[str, Any], *, api: str | None, status: int | None) -> CloudError:
    """Build a CloudError from an error response body (``Code``, ``Message``, ``RequestId``, ``Recommend``)."""
    return error_from_code(
        _str_or_none(body.get("Code") or body.get("code")),
        _str_or_none(body.get("Message") or body.get("message")),
        request_id=_str_or_none(body.get("RequestId") or body.get("requestId")),
        api=api,
        status=status,
        recommend=_str_or_none(body.get("Recommend")),
        access_denied_detail=body.get("AccessDeniedDetail")
        if isinstance(body.get("AccessDeniedDetail"), dict)
        else None,
    )


def error_from_exception(exc: BaseException, *, api: str | None = None) -> CloudError:
    """Map anything the tea transport raises to a CloudError.

    Handles the tea-openapi 0.4.x exceptions (``ClientException``, ``ServerException``,
    ``ThrottlingException``: ``.code``, ``.data``, ``.status_code``, ``.retry_after``), the SDK's wrapper
    for transport failures (``UnretryableException`` around a connection error or an unparsable body),
    and bare ``OSError`` / ``ValueError`` from lower layers. A CloudError passes through unchanged.
    """
    if isinstance(exc, CloudError):
        return exc
    data = getattr(exc, "data", None)
    status = getattr(exc, "status_code", None)
    code = getattr(exc, "code", None)
    if isinstance(status, int) and (code is not None or isinstance(data, dict)):
        body = data if isinstance(data, dict) else {}
        retry_after = getattr(exc, "retry_after", None)
        return error_from_code(
            _str_or_none(body.get("Code")) or _str_or_none(code),
            _str_or_none(body.get("Message") or body.get("message")) or _str_or_none(getattr(exc, "message", None)),
            request_id=_str_or_none(body.get("RequestId") or body.get("requestId") or getattr(exc, "request_id", None)),
            api=api,
            status=status,
            retry_after_ms=retry_after if isinstance(retry_after, int) and retry_after > 0 else None,
            recommend=_str_or_none(body.get("Recommend")),
            access_denied_detail=body.get("AccessDeniedDetail")
            if isinstance(body.get("AccessDeniedDetail"), dict)
            else None,
        )
    inner = getattr(exc, "inner_exception", None)
    if isinstance(inner, CloudError):  # e.g. a CredentialsError raised inside the SDK's signing step
        return inner
    if inner is None and isinstance(code, str) and code:  # raised by the SDK before any request was sent
        if code == "InvalidCredentials":
            return CredentialsError(code, _str_or_none(getattr(exc, "message", None)) or code, None, api, None)
        return error_from_code(code, _str_or_none(getattr(exc, "message", None)), api=api, status=None)
    cause = inner if isinstance(inner, BaseException) else exc
    if isinstance(cause, ValueError):  # json.JSONDecodeError and friends: the body was not JSON
        return ServerError("InvalidResponse", f"unreadable response from the service: {cause}", None, api, None)
    unreachable = connect_failure(cause)
    if unreachable is not None:
        return EndpointUnreachable("ConnectionError", f"{type(unreachable).__name__}: {unreachable}", None, api, None)
    detail = getattr(cause, "message", None) or str(cause)
    return CloudConnectionError("ConnectionError", f"{type(cause).__name__}: {detail}", None, api, None)


_CONNECT_ERRNOS = frozenset({errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL})


def _causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it wraps: tea's ``inner_exception``, urllib3's ``reason``, ``__cause__``/``__context__``."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        wrapped = [getattr(current, "inner_exception", None), getattr(current, "reason", None)]
        wrapped += [current.__cause__, current.__context__, *current.args[:1]]
        pending.extend(item for item in wrapped if isinstance(item, BaseException))


def connect_failure(error: BaseException) -> BaseException | None:
    """The socket-level error behind ``error`` when no connection was made (the request never left), else None.

    Refused, DNS failure (``socket.gaierror``), no route, and a connect timeout (urllib3's ``ConnectTimeoutError``)
    count; a reset or a read timeout after connecting does not (the request may have been applied).
    """
    found: BaseException | None = None
    for cause in _causes(error):
        if isinstance(cause, socket.gaierror) or (isinstance(cause, OSError) and cause.errno in _CONNECT_ERRNOS):
            return cause
        # urllib3 (under requests, under the SDK): NewConnectionError and NameResolutionError subclass it. By name,
        # so that this module needs no import of a library we do not depend on directly.
        if found is None and any(kind.__name__ == "ConnectTimeoutError" for kind in type(cause).__mro__):
            found = cause
    return found


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text and text != "None" else None
