"""Wire conventions several products share: PageNumber/PageSize and MaxResults/NextToken paging, DryRun,
account-id parameters. Pure request/response shaping; no state."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any, TypeVar

from alicloud_gov.emulator.gateway_errors import GatewayErrors
from alicloud_gov.emulator.registry import RequestContext
from alicloud_gov.spec.names import ACCOUNT_UID, is_account_uid

T = TypeVar("T")


def numbered_page(collection: str, item: str, items: Sequence[T], page_number: int, page_size: int) -> dict[str, Any]:
    """A PageNumber/PageSize response: ``{collection: {item: [page]}, TotalCount, PageNumber, PageSize}``."""
    return {
        collection: {item: page_of(items, page_number, page_size)},
        "TotalCount": len(items),
        "PageNumber": page_number,
        "PageSize": page_size,
    }


def page_of(items: Sequence[T], page_number: int, page_size: int) -> list[T]:
    """One page (1-based) of a list."""
    start = (page_number - 1) * page_size
    return list(items[start : start + page_size])


def page_params(ctx: RequestContext, *, maximum: int) -> tuple[int, int]:
    """PageNumber (default 1) and PageSize (default 10, at most ``maximum``)."""
    page_number = ctx.params.get_int("PageNumber", 1, minimum=1) or 1
    page_size = ctx.params.get_int("PageSize", 10, minimum=1, maximum=maximum) or 10
    return page_number, page_size


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
            raise GatewayErrors.INVALID_NEXT_TOKEN(token=token) from None
        if start < 0:
            raise GatewayErrors.INVALID_NEXT_TOKEN(token=token)
    page = list(items[start : start + size])
    following = start + size
    next_token = base64.urlsafe_b64encode(f"offset:{following}".encode("ascii")).decode("ascii")
    return page, next_token if following < len(items) else ""


def dry_run_passed(ctx: RequestContext) -> None:
    """Stop a validated DryRun request the way Alibaba Cloud does (DryRunOperation, 400)."""
    if ctx.params.get_bool("DryRun"):
        raise GatewayErrors.DRY_RUN()


def owner_uid(name: str, value: str) -> str:
    """A validated account id parameter (EcrOwnerAliUid, VpcOwnerId...): a 16-digit UID."""
    if not is_account_uid(value):
        raise GatewayErrors.NOT_AN_ACCOUNT_ID(name=name, value=value, explain=ACCOUNT_UID.explain)
    return value


def optional_uid(ctx: RequestContext, name: str) -> str | None:
    """An optional account id parameter, validated when given."""
    value = ctx.params.get_str(name)
    return None if value is None else owner_uid(name, value)
