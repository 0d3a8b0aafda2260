"""The emulator's error type, its wire rendering, and the shape of the per-service error tables.

Every failure a handler, the authenticator or the authoriser reports is an :class:`ApiError`.
The server renders it the way Alibaba Cloud's gateway does: a JSON body with RequestId,
HostId, Code, Message and Recommend (plus AccessDeniedDetail on NoPermission) and the
matching HTTP status, which is what the official SDKs parse into their exceptions.

Error codes are not written at raise sites: each service lists its codes once, in an
:class:`ErrorTable` (``services/<service>/errors.py``; the gateway's own in
:mod:`alicloud_gov.emulator.gateway_errors`), as :class:`ErrorCode` entries of code, HTTP status,
message template and the :class:`Family` a client should read the error as. A raise site calls
the entry: ``raise RamErrors.USER_NOT_FOUND(name=name)``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar


class ApiError(Exception):
    """An API failure with an Alibaba Cloud error code, message and HTTP status."""

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int = 400,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.extra: dict[str, Any] = dict(extra or {})
        self.headers: dict[str, str] = dict(headers or {})

    def to_body(self, request_id: str, host_id: str) -> dict[str, Any]:
        """The JSON error body as the gateway returns it."""
        body: dict[str, Any] = {
            "RequestId": request_id,
            "HostId": host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": f"https://api.aliyun.com/troubleshoot?q={self.code}&product=emulator",
        }
        body.update(self.extra)
        return body


class Family(enum.Enum):
    """What an error tells the caller; the values name the cloud layer's exception classes
    (:mod:`alicloud_gov.cloud.errors`), and a test holds every table entry to its family there."""

    NOT_FOUND = "NotFound"
    ALREADY_EXISTS = "AlreadyExists"
    CONFLICT = "Conflict"
    THROTTLED = "Throttled"
    INVALID_INPUT = "InvalidInput"
    ACCESS_DENIED = "AccessDenied"
    SERVER_ERROR = "ServerError"
    OTHER = "CloudError"  # a failure of the HTTP exchange itself (405, 408, 414, 431): no narrower family


@dataclass(frozen=True)
class ErrorCode:
    """One error of a service: code, HTTP status, message template and family.

    ``code`` and ``message`` are :meth:`str.format` templates filled from the same keyword fields
    (``InvalidParameter.{field}.Length``); calling the entry builds the :class:`ApiError`.
    """

    code: str
    http_status: int
    message: str
    family: Family

    def __call__(
        self,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
        **fields: Any,
    ) -> ApiError:
        """The ApiError of this entry with its templates filled from ``fields`` (``status`` overrides the
        entry's HTTP status where the service answers the same code with either of two)."""
        return ApiError(
            self.code.format(**fields),
            self.message.format(**fields),
            self.http_status if status is None else status,
            extra=extra,
            headers=headers,
        )

    def matches(self, error: ApiError) -> bool:
        """Whether ``error`` carries this entry's code (templated codes match on their fixed parts)."""
        if "{" not in self.code:
            return error.code == self.code
        head, _, rest = self.code.partition("{")
        tail = rest.rpartition("}")[2]
        return error.code.startswith(head) and error.code.endswith(tail)


class ErrorTable:
    """Base of one service's table of error codes: its :class:`ErrorCode` class attributes.

    Subclasses register themselves, so :meth:`tables` lists every table that has been imported.
    """

    product: ClassVar[str] = ""
    _tables: ClassVar[list[type[ErrorTable]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ErrorTable._tables.append(cls)

    @classmethod
    def entries(cls) -> dict[str, ErrorCode]:
        """The table's entries by attribute name."""
        return {name: value for name, value in vars(cls).items() if isinstance(value, ErrorCode)}

    @staticmethod
    def tables() -> list[type[ErrorTable]]:
        """Every registered table (the gateway's and each imported service's)."""
        return list(ErrorTable._tables)
