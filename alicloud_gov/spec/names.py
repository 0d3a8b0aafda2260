"""Name rules and limits per entity, each with the Alibaba Cloud document that states it.

A :class:`NameRule` is a length range and, optionally, a full-match pattern. The provider's offline
check (:mod:`alicloud_gov.spec.inputs`), the emulator's parameter checks and the components all
ask the same rule, so a name one of them accepts, the others accept too
(tests/wire/test_name_rules_agree.py runs one table through the emulator and the provider).

Sources: "SDK" is the parameter's documentation in the official Python SDK models (generated from
the API reference): ``alibabacloud_ram20150501`` (RAM), ``alibabacloud_resourcemanager20200331``,
``alibabacloud_sts20150401``; the account UID is from Account Center, "View your Alibaba Cloud
account ID".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard


@dataclass(frozen=True)
class NameRule:
    """A text rule: ``min_length``-``max_length`` characters and, optionally, a full-match ``pattern``.

    ``explain`` completes a sentence about a value that breaks the pattern (``'a b' may contain only
    letters...``); ``source`` names the document the rule comes from.
    """

    min_length: int
    max_length: int
    pattern: str | None = None
    explain: str = ""
    source: str = ""

    def length_ok(self, value: str) -> bool:
        """Whether ``value`` has an allowed length."""
        return self.min_length <= len(value) <= self.max_length

    def chars_ok(self, value: str) -> bool:
        """Whether ``value`` matches the pattern (True when the rule has none)."""
        return self.pattern is None or re.fullmatch(self.pattern, value) is not None

    def matches(self, value: str) -> bool:
        """Whether ``value`` follows the rule."""
        return self.length_ok(value) and self.chars_ok(value)

    def describe(self) -> str:
        """The rule in words, for documentation: ``1-64 characters, may contain only letters, ...``."""
        length = f"{self.min_length}-{self.max_length} characters"
        return f"{length}, {self.explain}" if self.pattern else length

    def problem(self, value: str) -> str | None:
        """Why ``value`` breaks the rule, or None when it does not."""
        if not self.length_ok(value):
            return f"must be {self.min_length}-{self.max_length} characters long (got {len(value)})"
        if not self.chars_ok(value):
            return f"{value!r} {self.explain}"
        return None


_RAM = "SDK alibabacloud_ram20150501"

USER_NAME = NameRule(
    1,
    64,
    r"[A-Za-z0-9._-]+",
    "may contain only letters, digits, '.', '_' and '-'",
    f"{_RAM} CreateUserRequest.user_name",
)
"""A RAM user's logon name."""

GROUP_NAME = NameRule(
    1,
    64,
    r"[A-Za-z0-9._-]+",
    "may contain only letters, digits, '.', '_' and '-'",
    f"{_RAM} CreateGroupRequest.group_name (letters, digits, periods, hyphens and underscores)",
)
"""A RAM user group's name (underscores allowed: ``ops_team``)."""

ROLE_NAME = NameRule(
    1,
    64,
    r"[A-Za-z0-9.-]+",
    "may contain only letters, digits, '.' and '-' (no underscore)",
    f"{_RAM} CreateRoleRequest.role_name",
)
"""A RAM role's name (no underscore, unlike users and groups)."""

POLICY_NAME = NameRule(
    1,
    128,
    r"[A-Za-z0-9-]+",
    "may contain only letters, digits and '-'",
    f"{_RAM} CreatePolicyRequest.policy_name",
)
"""A custom policy's name."""

USER_DISPLAY_NAME = NameRule(1, 128, source=f"{_RAM} CreateUserRequest.display_name")
"""A RAM user's display name."""

COMMENTS = NameRule(0, 128, source=f"{_RAM} CreateUserRequest.comments, CreateGroupRequest.comments")
"""Free text on a user or group (empty means none)."""

DESCRIPTION = NameRule(0, 1024, source=f"{_RAM} CreateRoleRequest.description, CreatePolicyRequest.description")
"""Free text on a role or policy (empty means none)."""

EMAIL = NameRule(0, 128, r"[^@\s]+@[^@\s]+", "is not an email address", f"{_RAM} CreateUserRequest.email")
"""A RAM user's email address."""

MOBILE_PHONE = NameRule(
    0,
    32,
    r"[0-9+-]+",
    "is not a phone number (e.g. 86-18600008888)",
    f"{_RAM} CreateUserRequest.mobile_phone (<country code>-<number>)",
)
"""A RAM user's mobile phone number."""

MAX_POLICY_DOCUMENT_LENGTH = 6144
"""Characters in a policy document (SDK alibabacloud_ram20150501 CreatePolicyRequest.policy_document)."""

MAX_SESSION_POLICY_LENGTH = 2048
"""Characters in an AssumeRole session policy (SDK alibabacloud_sts20150401 AssumeRoleRequest.policy)."""

ROLE_SESSION_DURATION = (3600, 43200)
"""A role's MaxSessionDuration range in seconds (SDK alibabacloud_ram20150501 CreateRoleRequest)."""

ASSUME_ROLE_DURATION = (900, 43200)
"""An STS session's DurationSeconds range (SDK alibabacloud_sts20150401 AssumeRoleRequest.duration_seconds)."""

SESSION_NAME = NameRule(
    2,
    64,
    r"[A-Za-z0-9.@_-]+",
    "may contain only letters, digits, '.', '@', '_' and '-'",
    "SDK alibabacloud_sts20150401 AssumeRoleRequest.role_session_name",
)
"""An STS role session's name."""

_IMS = "SDK alibabacloud_ims20190815 CreateOIDCProviderRequest"

OIDC_PROVIDER_NAME = NameRule(
    1,
    128,
    r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?",
    "may contain only letters, digits, '.', '_' and '-', and not start or end with one of them",
    f"{_IMS}.oidcprovider_name",
)
"""A RAM OIDC identity provider's name."""

OIDC_ISSUER_URL = NameRule(
    9, 255, r"https://[^?@#\s]+", "must be an https URL without '?', '@' or '#'", f"{_IMS}.issuer_url"
)
"""An OIDC provider's issuer URL, unique within an account."""

OIDC_CLIENT_ID = NameRule(
    1,
    128,
    r"[A-Za-z0-9][A-Za-z0-9.:/_-]*",
    "may contain only letters, digits, '.', '-', '_', ':' and '/', and not start with one of them",
    f"{_IMS}.client_ids",
)
"""One client id (audience) of an OIDC provider; ``ClientIds`` is a comma-separated list of up to 50."""

OIDC_FINGERPRINT = NameRule(1, 128, r"[A-Za-z0-9]+", "may contain only letters and digits", f"{_IMS}.fingerprints")
"""One fingerprint of the issuer's HTTPS CA certificate; ``Fingerprints`` lists up to 5."""

OIDC_DESCRIPTION = NameRule(0, 256, source=f"{_IMS}.description")
"""An OIDC provider's description."""

OIDC_LIMITS = {"ClientIds": 50, "Fingerprints": 5, "providers": 100}
"""Per-provider list limits and the providers per account (RAM CreateOIDCProvider, "Limits")."""

OIDC_TOKEN_LENGTH = (4, 20000)
"""Characters in an OIDC token (SDK alibabacloud_sts20150401 AssumeRoleWithOIDCRequest.oidctoken)."""

_RM = "SDK alibabacloud_resourcemanager20200331"

RESOURCE_GROUP_NAME = NameRule(
    2,
    50,
    r"[A-Za-z][A-Za-z0-9-]*",
    "must start with a letter and contain only letters, digits and '-'",
    f"{_RM} CreateResourceGroupRequest.name",
)
"""A resource group's unique identifier (its Name)."""

RESOURCE_GROUP_DISPLAY_NAME = NameRule(1, 50, source=f"{_RM} CreateResourceGroupRequest.display_name")
"""A resource group's display name."""

RESOURCE_GROUP_ID = NameRule(
    4, 64, r"rg-[A-Za-z0-9]+", "is not a resource group id (rg-...)", f"{_RM} GetResourceGroup"
)
"""A resource group id: ``rg-`` and letters or digits."""

ACCOUNT_UID_LENGTH = 16
"""Digits in an account UID (Account Center, "View your Alibaba Cloud account ID": a unique 16-digit identifier)."""

ACCOUNT_UID_PATTERN = f"[0-9]{{{ACCOUNT_UID_LENGTH}}}"
"""An account UID as a pattern, for rules that embed one (ARNs)."""

ACCOUNT_UID = NameRule(
    1,
    ACCOUNT_UID_LENGTH,
    ACCOUNT_UID_PATTERN,
    f"is not an account UID ({ACCOUNT_UID_LENGTH} digits)",
    "Account Center, View your Alibaba Cloud account ID",
)
"""An Alibaba Cloud account id (UID): exactly 16 digits, e.g. ``1000000000000001``.

The one UID rule of the package (the provider's check, the components, the offline checker's
configuration and trust-policy checks, stack files and the emulator all use it)."""

ECR_ID = NameRule(5, 64, r"ecr-[A-Za-z0-9]+", "is not an ECR id (ecr-...)", "Express Connect Router ids (ecr-...)")
"""An Express Connect Router id."""

REGION_ID = NameRule(2, 64, r"[a-z0-9-]+", "is not a region id (e.g. cn-hangzhou)", "Alibaba Cloud region ids")
"""A region id such as ``cn-hangzhou``."""

NON_EMPTY = NameRule(1, 256)
"""Any non-empty identifier of up to 256 characters."""


def is_account_uid(value: object) -> TypeGuard[str]:
    """Whether ``value`` is an account UID (a string of 16 digits)."""
    return isinstance(value, str) and ACCOUNT_UID.matches(value)


PRINCIPAL_NAME_RULES: dict[str, NameRule] = {"user": USER_NAME, "group": GROUP_NAME, "role": ROLE_NAME}
"""The name rule of each principal type (``user``, ``group``, ``role``)."""
