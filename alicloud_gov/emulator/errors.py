"""The emulator's error type and its wire rendering.

Every failure a handler, the authenticator or the authoriser reports is an :class:`ApiError`.
The server renders it the way Alibaba Cloud's gateway does: a JSON body with RequestId,
HostId, Code, Message and Recommend (plus AccessDeniedDetail on NoPermission) and the
matching HTTP status, which is what the official SDKs parse into their exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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


def missing_parameter(name: str) -> ApiError:
    """The error for a mandatory parameter that was not supplied."""
    return ApiError(
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
    )


def invalid_parameter(code: str, message: str) -> ApiError:
    """A 400 validation error (code such as InvalidParameter.UserName.Length)."""
    return ApiError(code, message, 400)


def not_found(code: str, message: str) -> ApiError:
    """A 404 error (code such as EntityNotExist.User)."""
    return ApiError(code, message, 404)


def conflict(code: str, message: str) -> ApiError:
    """A 409 error (EntityAlreadyExists.*, DeleteConflict.*, LimitExceeded.*)."""
    return ApiError(code, message, 409)
