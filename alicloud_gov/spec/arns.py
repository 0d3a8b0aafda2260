"""RAM ARNs (Alibaba Cloud Resource Names of RAM identities), built and parsed.

Forms (RAM "Policy elements" and the STS AssumeRole reference, SDK alibabacloud_sts20150401
``AssumeRoleRequest.role_arn``): ``acs:ram::<uid>:root``, ``acs:ram::<uid>:user/<name>``,
``acs:ram::<uid>:role/<name>``, ``acs:ram::<uid>:assumed-role/<role>/<session>`` and the identity
providers ``acs:ram::<uid>:saml-provider/<name>`` / ``oidc-provider/<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from alicloud_gov.spec.names import ACCOUNT_UID, ACCOUNT_UID_LENGTH, ACCOUNT_UID_PATTERN

ARN_PARTS = 5
"""Fields of an ARN: ``acs:<service>:<region>:<account>:<relative id>``."""

RAM_PRINCIPAL_ARN = re.compile(
    rf"^acs:ram::(?P<account>{ACCOUNT_UID_PATTERN}|\*):(?P<rest>root|(role|user)/.+|assumed-role/[^/]+/.+)$"
)
"""A RAM principal in a trust policy: root, user, role or assumed-role session (``*`` for any account)."""

FEDERATED_PROVIDER_ARN = re.compile(
    rf"^acs:ram::(?P<account>{ACCOUNT_UID_PATTERN}):(saml-provider|oidc-provider)/[A-Za-z0-9._-]+$"
)
"""A SAML or OIDC identity provider."""


class ArnError(ValueError):
    """Text that is not the ARN it should be; the message says what was expected."""


def root_arn(account_id: str) -> str:
    """``acs:ram::<uid>:root``: the account and every identity it authorises."""
    return f"acs:ram::{account_id}:root"


def user_arn(account_id: str, name: str) -> str:
    """``acs:ram::<uid>:user/<name>``."""
    return f"acs:ram::{account_id}:user/{name}"


def role_arn(account_id: str, name: str) -> str:
    """``acs:ram::<uid>:role/<name>``, the name as given: the one rule for a role's ARN (RAM keeps the name's
    case; the GetRole API reference, ram 2015-05-01, answers RoleName ``ECSAdmin`` with Arn
    ``acs:ram::123456789012****:role/ECSAdmin``)."""
    return f"acs:ram::{account_id}:role/{name}"


def assumed_role_arn(account_id: str, role_name: str, session_name: str) -> str:
    """``acs:ram::<uid>:assumed-role/<role>/<session>``: one STS session of a role."""
    return f"acs:ram::{account_id}:assumed-role/{role_name}/{session_name}"


def principal_arn(account_id: str, kind: str, name: str) -> str:
    """The ARN of a ``root``, ``user`` or ``role`` principal."""
    return root_arn(account_id) if kind == "root" else f"acs:ram::{account_id}:{kind}/{name}"


def trusted_principal(account_or_arn: str) -> str:
    """A trust policy's RAM principal: an ARN as given, a bare UID as that account's root ARN."""
    return account_or_arn if account_or_arn.startswith("acs:") else root_arn(account_or_arn)


def split_arn(arn: str) -> list[str] | None:
    """The five fields of an ``acs:`` ARN, or None when ``arn`` is not one."""
    parts = arn.split(":", ARN_PARTS - 1)
    return parts if len(parts) == ARN_PARTS and parts[0] == "acs" else None


def ram_arn_parts(arn: str) -> tuple[str, str]:
    """``(account id, relative id)`` of a RAM ARN with a valid UID; ArnError otherwise."""
    parts = split_arn(arn)
    if parts is None or parts[1].lower() != "ram":
        raise ArnError(f"{arn!r} is not a RAM principal ARN (expected acs:ram::<uid>:user/<name>)")
    if not ACCOUNT_UID.matches(parts[3]):
        raise ArnError(f"{arn!r}: the account field must be an account UID ({ACCOUNT_UID_LENGTH} digits)")
    return parts[3], parts[4]


def parse_role_arn(arn: str) -> tuple[str, str]:
    """``(account_id, role_name)`` of ``acs:ram::<uid>:role/<name>``; ArnError otherwise."""
    expected = f"{arn!r} is not a role ARN (expected acs:ram::<account-id>:role/<role-name>)"
    try:
        account_id, relative = ram_arn_parts(arn)
    except ArnError:
        raise ArnError(expected) from None
    if not relative.startswith("role/") or len(relative) == len("role/"):
        raise ArnError(expected)
    return account_id, relative[len("role/") :]


def oidc_provider_arn(account_id: str, name: str) -> str:
    """``acs:ram::<uid>:oidc-provider/<name>`` (RAM ``CreateOIDCProvider``'s ``Arn``)."""
    return f"acs:ram::{account_id}:oidc-provider/{name}"


def parse_oidc_provider_arn(arn: str) -> tuple[str, str]:
    """``(account_id, provider_name)`` of ``acs:ram::<uid>:oidc-provider/<name>``; ArnError otherwise."""
    match = FEDERATED_PROVIDER_ARN.match(arn)
    relative = arn.rsplit(":", 1)[-1]
    if match is None or not relative.startswith("oidc-provider/"):
        raise ArnError(f"{arn!r} is not an OIDC provider ARN (expected acs:ram::<account-id>:oidc-provider/<name>)")
    return match["account"], relative[len("oidc-provider/") :]


def arn_account(arn: str) -> str | None:
    """The account field of an ``acs:`` ARN; None when ``arn`` is not one or the field is empty or a wildcard."""
    parts = split_arn(arn)
    if parts is None:
        return None
    account = parts[3]
    if not account or "*" in account or "?" in account:
        return None
    return account


def account_of_principal(text: str) -> str | None:
    """The UID a trust policy's RAM principal names: a bare UID, or the account of an ``acs:ram::`` ARN."""
    if ACCOUNT_UID.matches(text):
        return text
    match = RAM_PRINCIPAL_ARN.match(text)
    return match["account"] if match and match["account"] != "*" else None


def provider_account(inputs: Mapping[str, Any]) -> str | None:
    """The account a provider's inputs (wire names) make known: ``accountId``, else the account of
    ``assumeRole.roleArn``; None when neither is a known UID (e.g. a value known only after apply)."""
    account = inputs.get("accountId")
    if isinstance(account, str) and ACCOUNT_UID.matches(account):
        return account
    assume = inputs.get("assumeRole")
    assumed = assume.get("roleArn") if isinstance(assume, Mapping) else None
    try:
        return parse_role_arn(assumed)[0] if isinstance(assumed, str) else None
    except ArnError:
        return None
