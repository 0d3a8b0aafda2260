"""RAM 2015-05-01: users, groups, memberships, roles, custom policies with versions, attachments, AccessKeys.

State per account (store kinds, keys lower-cased so names are case-insensitive; responses keep
the canonical case the entity was created with): ``ram_user``, ``ram_group``, ``ram_membership``
(``<group>|<user>``), ``ram_role``, ``ram_policy``, ``ram_policy_version`` (``<policy>|<vN>``),
``ram_attachment`` (``<User|Group|Role>|<principal>|<System|Custom>|<policy>``), ``access_key``.
"""

from __future__ import annotations

import re
from typing import Any

from alicloud_gov.emulator.errors import conflict, invalid_parameter, not_found
from alicloud_gov.emulator.registry import RequestContext, action, iso_now

VERSION = "2015-05-01"
PRODUCT = "Ram"

_USER_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


def _check_name(field: str, value: str, pattern: re.Pattern[str], max_length: int, min_length: int = 1) -> str:
    if not min_length <= len(value) <= max_length:
        raise invalid_parameter(
            f"InvalidParameter.{field}.Length",
            f"The length of {field} must be {min_length} to {max_length} characters.",
        )
    if not pattern.match(value):
        raise invalid_parameter(
            f"InvalidParameter.{field}.InvalidChars", f"The {field} {value!r} contains invalid characters."
        )
    return value


def _check_length(field: str, value: str | None, max_length: int) -> str | None:
    if value is not None and len(value) > max_length:
        raise invalid_parameter(
            f"InvalidParameter.{field}.Length", f"The length of {field} must not exceed {max_length}."
        )
    return value


def _user_arn(ctx: RequestContext, name_param: str = "UserName") -> str:
    return ctx.arn("ram", f"user/{ctx.params.get_str(name_param, '*')}")


def _get_user(ctx: RequestContext, name: str) -> dict[str, Any]:
    user = ctx.store.get(ctx.account_id, "ram_user", name.lower())
    if user is None:
        raise not_found("EntityNotExist.User", f"The user does not exist: {name}.")
    return user


@action(PRODUCT, VERSION, "CreateUser", resource=_user_arn)
def create_user(ctx: RequestContext) -> dict[str, Any]:
    """Create a RAM user."""
    params = ctx.params
    name = _check_name("UserName", params.require("UserName"), _USER_NAME, 64)
    display_name = _check_length("DisplayName", params.get_str("DisplayName"), 128)
    now = iso_now()
    user = {
        "UserId": ctx.store.numeric_id("ram-user-id", lead="26"),
        "UserName": name,
        "DisplayName": display_name or name,
        "MobilePhone": params.get_str("MobilePhone", "") or "",
        "Email": params.get_str("Email", "") or "",
        "Comments": _check_length("Comments", params.get_str("Comments", ""), 128) or "",
        "CreateDate": now,
        "UpdateDate": now,
    }
    if not ctx.store.insert(ctx.account_id, "ram_user", name.lower(), user):
        raise conflict("EntityAlreadyExists.User", f"The user already exists: {name}.")
    return {"User": user}


@action(PRODUCT, VERSION, "GetUser", resource=_user_arn)
def get_user(ctx: RequestContext) -> dict[str, Any]:
    """Get a RAM user."""
    user = dict(_get_user(ctx, ctx.params.require("UserName")))
    user.setdefault("LastLoginDate", "")
    return {"User": user}
