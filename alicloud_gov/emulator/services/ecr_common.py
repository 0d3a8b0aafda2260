"""Shared wire conventions of ExpressConnectRouter (and the VPC views of its grants).

- The ECR envelope: every response carries Code, Message, Success and HttpStatusCode besides the data;
  errors carry the same fields, and parameter errors use ``IllegalParam.<Field>``.
- NextToken/MaxResults pagination with an opaque token.
- ClientToken idempotency: a repeated write with the same token (same caller account and API) returns
  the first call's result without acting again.
- Store kinds and record shapes for grants (``ecr_grant``, kept in the account that owns the granted
  VPC or VBR, key ``<ecr id>|<instance id>``), shared by services.ecr and services.vpc.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from alicloud_gov.emulator.errors import ApiError
from alicloud_gov.emulator.registry import RequestContext

KIND_ECR = "ecr"
KIND_ECR_GRANT = "ecr_grant"
KIND_ECR_ASSOCIATION = "ecr_association"
KIND_ECR_CHILD = "ecr_child_instance"
KIND_CLIENT_TOKEN = "client_token"
KIND_VPC = "vpc"
KIND_VBR = "vbr"

INSTANCE_TYPES = ("VPC", "VBR")

T = TypeVar("T")
Handler = Callable[[RequestContext], dict[str, Any]]


def grant_key(ecr_id: str, instance_id: str) -> str:
    """Store key of a grant within the instance owner's account."""
    return f"{ecr_id}|{instance_id}"


def instance_kind(instance_type: str) -> str:
    """Store kind of a grantable network instance (VPC or VBR)."""
    return KIND_VPC if instance_type == "VPC" else KIND_VBR


def ecr_envelope(handler: Handler) -> Handler:
    """Wrap an ECR handler: add the success envelope, turn errors into ECR-shaped errors."""

    @functools.wraps(handler)
    def wrapped(ctx: RequestContext) -> dict[str, Any]:
        try:
            body = handler(ctx)
        except ApiError as error:
            code = error.code
            if code.startswith("InvalidParameter."):
                code = "IllegalParam." + code[len("InvalidParameter.") :]
            raised = ApiError(
                code,
                error.message,
                error.http_status,
                extra={**error.extra, "Success": False, "HttpStatusCode": error.http_status},
                headers=error.headers,
            )
            raise raised from None
        return {"Code": "200", "Message": "OK", "Success": True, "HttpStatusCode": 200, **body}

    return wrapped


def idempotent(handler: Handler) -> Handler:
    """Replay the stored result of an earlier call with the same ClientToken (per account and API)."""

    @functools.wraps(handler)
    def wrapped(ctx: RequestContext) -> dict[str, Any]:
        token = ctx.params.get_str("ClientToken")
        if token is None or ctx.params.get_bool("DryRun"):
            return handler(ctx)
        key = f"{ctx.spec.version}|{ctx.spec.name}|{token}"
        stored = ctx.store.store.get(ctx.account_id, KIND_CLIENT_TOKEN, key)
        if stored is not None:
            return dict(stored["Response"])
        body = handler(ctx)
        ctx.store.put(ctx.account_id, KIND_CLIENT_TOKEN, key, {"Response": body})
        return body

    return wrapped


def dry_run_passed(ctx: RequestContext) -> None:
    """Stop a validated DryRun request the way Alibaba Cloud does (DryRunOperation, 400)."""
    if ctx.params.get_bool("DryRun"):
        raise ApiError("DryRunOperation", "Request validation has been passed with DryRun flag set.", 400)


def token_page_response(ctx: RequestContext, collection: str, items: Sequence[T]) -> dict[str, Any]:
    """A MaxResults/NextToken response: ``{collection: [page], TotalCount, MaxResults, NextToken}``."""
    page, next_token = token_page(ctx, items)
    return {collection: page, "TotalCount": len(items), "MaxResults": len(page), "NextToken": next_token}


def token_page(
    ctx: RequestContext, items: Sequence[T], *, default: int = 20, maximum: int = 2147483647
) -> tuple[list[T], str]:
    """One page under MaxResults/NextToken; returns the page and the next token ('' when none)."""
    size = ctx.params.get_int("MaxResults", default, minimum=1, maximum=maximum) or default
    token = ctx.params.get_str("NextToken")
    start = 0
    if token:
        try:
            start = int(base64.urlsafe_b64decode(token.encode("ascii")).decode("ascii").removeprefix("offset:"))
        except (ValueError, binascii.Error, UnicodeError):
            raise ApiError("InvalidParameter.NextToken", f"The NextToken {token!r} is not valid.") from None
        if start < 0:
            raise ApiError("InvalidParameter.NextToken", f"The NextToken {token!r} is not valid.")
    page = list(items[start : start + size])
    following = start + size
    next_token = base64.urlsafe_b64encode(f"offset:{following}".encode("ascii")).decode("ascii")
    return page, next_token if following < len(items) else ""


def owner_uid(name: str, value: str) -> str:
    """A validated account id parameter (EcrOwnerAliUid, VpcOwnerId...)."""
    if not value.isdigit():
        raise ApiError(f"InvalidParameter.{name}", f"The {name} {value!r} is not an account id.")
    return value
