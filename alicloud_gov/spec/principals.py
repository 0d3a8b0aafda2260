"""Principal types and ResourceManager principal names.

A principal that policies attach to is a RAM ``user``, ``group`` or ``role``. RAM's API spells the
types ``User``/``Group``/``Role`` (AttachPolicyToUser ...); ResourceManager's AttachPolicy spells them
``IMSUser``/``IMSGroup``/``ServiceRole`` and names the principal in full (SDK
alibabacloud_resourcemanager20200331 ``AttachPolicyRequest.principal_name``):
``<user>@<alias>.onaliyun.com``, ``<group>@group.<alias>.onaliyun.com`` and
``<role>@role.<alias>.onaliyunservice.com``, where ``<alias>`` is the account alias or, without
one, the account UID (``<uid>.onaliyun.com`` is every account's default domain).
"""

from __future__ import annotations

from typing import Literal

PrincipalType = Literal["user", "group", "role"]
"""A principal policies attach to, as this package spells it."""

PRINCIPAL_TYPES: tuple[PrincipalType, ...] = ("user", "group", "role")

RM_PRINCIPAL_TYPES: dict[PrincipalType, str] = {"user": "IMSUser", "group": "IMSGroup", "role": "ServiceRole"}
"""Principal type -> ResourceManager's PrincipalType."""

_DOMAINS: dict[PrincipalType, tuple[str, str]] = {
    "user": ("", ".onaliyun.com"),
    "group": ("group.", ".onaliyun.com"),
    "role": ("role.", ".onaliyunservice.com"),
}
_PARSE_ORDER: tuple[PrincipalType, ...] = ("role", "group", "user")  # a user's domain is the least specific


class PrincipalNameError(ValueError):
    """Text that is not a principal type or ResourceManager principal name; the message says what was expected."""


def principal_type(text: str) -> PrincipalType:
    """The principal type of ``user``/``User``/``IMSUser`` and the like (case-insensitive); error otherwise."""
    lowered = text.lower()
    for kind, rm_type in RM_PRINCIPAL_TYPES.items():
        if lowered in (kind, rm_type.lower()):
            return kind
    raise PrincipalNameError(f"unknown principal type {text!r} (expected user, group or role)")


def ram_principal_type(kind: PrincipalType) -> str:
    """RAM's spelling of a principal type: ``User``, ``Group`` or ``Role``."""
    return kind.capitalize()


def rm_principal_type(kind: str) -> str:
    """ResourceManager's PrincipalType of a principal type: ``IMSUser``, ``IMSGroup`` or ``ServiceRole``."""
    return RM_PRINCIPAL_TYPES[principal_type(kind)]


def rm_principal_name(kind: str, name: str, alias: str) -> str:
    """The PrincipalName ResourceManager's AttachPolicy uses for a user, group or role of account ``alias``."""
    prefix, suffix = _DOMAINS[principal_type(kind)]
    return f"{name}@{prefix}{alias}{suffix}"


def parse_rm_principal_name(principal_name: str) -> tuple[PrincipalType, str, str]:
    """``(kind, name, alias)`` of a ResourceManager PrincipalName; PrincipalNameError otherwise."""
    name, at, domain = principal_name.rpartition("@")
    if at and name:
        lowered = domain.lower()  # domains compare case-insensitively
        for kind in _PARSE_ORDER:
            prefix, suffix = _DOMAINS[kind]
            if lowered.startswith(prefix) and lowered.endswith(suffix):
                return kind, name, domain[len(prefix) : -len(suffix)]
    raise PrincipalNameError(f"{principal_name!r} is not a principal name (expected <name>@<alias>.onaliyun.com)")


def ram_type_of_rm(rm_type: str) -> str | None:
    """RAM's spelling (``User``, ``Group``, ``Role``) of a ResourceManager PrincipalType; None for any other text."""
    for kind, known in RM_PRINCIPAL_TYPES.items():
        if rm_type == known:
            return ram_principal_type(kind)
    return None
