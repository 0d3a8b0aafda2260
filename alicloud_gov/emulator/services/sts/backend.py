"""STS's state and rules: the temporary credentials AssumeRole issues.

Store kind ``sts_credential`` in the role's account, keyed by the ``STS.`` AccessKey id: the secret, the
SecurityToken only as a SHA-256 digest, the expiry (emulator clock), the role and session, and the session
policy. The authenticator accepts them with their SecurityToken until they expire.
"""

from __future__ import annotations

import hashlib
import secrets
import string
import time
from dataclasses import dataclass
from typing import Any

from alicloud_gov.emulator.policy_grammar import policy_errors
from alicloud_gov.emulator.services.ram.backend import RamBackend
from alicloud_gov.emulator.services.ram.errors import RamErrors
from alicloud_gov.emulator.services.sts.errors import StsErrors as Errors
from alicloud_gov.emulator.store import Store, StoreView
from alicloud_gov.spec import names
from alicloud_gov.spec.arns import ArnError, parse_role_arn

KIND_STS_CREDENTIAL = "sts_credential"
MIN_DURATION_SECONDS = names.ASSUME_ROLE_DURATION[0]
DEFAULT_DURATION_SECONDS = 3600
_ALPHANUMERIC = string.ascii_letters + string.digits


def _random(length: int, alphabet: str = _ALPHANUMERIC) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def security_token_digest(token: str) -> str:
    """The SHA-256 hex digest under which an issued SecurityToken is stored (the token itself is not kept)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_session_name(session_name: str) -> str:
    """A RoleSessionName within the spec's rule (InvalidParameter.RoleSessionName)."""
    if not names.SESSION_NAME.matches(session_name):
        raise Errors.SESSION_NAME(rule=names.SESSION_NAME.describe())
    return session_name


def role_of_arn(arn: str) -> tuple[str, str]:
    """(account, role name) of a role ARN whose name follows the role-name rule (InvalidParameter.RoleArn)."""
    try:
        role_account, role_name = parse_role_arn(arn)
    except ArnError:
        role_account, role_name = "", ""
    if not names.ROLE_NAME.matches(role_name):
        raise Errors.ROLE_ARN(arn=arn)
    return role_account, role_name


def check_session_policy(policy: str | None) -> str | None:
    """An inline session policy that parses as an identity policy (InvalidParameter.PolicyGrammar)."""
    if policy is not None:
        errors = policy_errors(policy, "identity")
        if errors:
            raise Errors.SESSION_POLICY(problem=errors[0])
    return policy


@dataclass(frozen=True)
class IssuedCredentials:
    """What AssumeRole returns: the key pair, the SecurityToken (never stored) and the session's names."""

    access_key_id: str
    access_key_secret: str
    security_token: str
    expiration: str
    role_name: str
    role_id: str
    session_name: str


class StsBackend:
    """The temporary credentials of one role account over the store."""

    def __init__(self, store: Store | StoreView, account: str) -> None:
        self.store = store
        self.account = account

    def role(self, role_name: str, *, arn: str) -> dict[str, Any]:
        """The role to assume, else EntityNotExist.Role naming the ARN (404)."""
        role = RamBackend(self.store, self.account).find_role(role_name)
        if role is None:
            raise RamErrors.ROLE_NOT_FOUND(name=arn)
        return role

    @staticmethod
    def check_duration(role: dict[str, Any], duration: int | None) -> int:
        """DurationSeconds between 900 and the role's MaxSessionDuration (InvalidParameter.DurationSeconds)."""
        maximum = int(role.get("MaxSessionDuration", 3600))
        if duration is None or not MIN_DURATION_SECONDS <= duration <= maximum:
            raise Errors.DURATION(minimum=MIN_DURATION_SECONDS, maximum=maximum)
        return duration

    def issue(
        self,
        role: dict[str, Any],
        *,
        session_name: str,
        expires_at: float,
        source_arn: str,
        session_policy: str | None,
    ) -> IssuedCredentials:
        """Store new temporary credentials for a session of ``role``, valid until ``expires_at``."""
        expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires_at))
        key_id = "STS.NT" + _random(26)
        secret = _random(44)
        token = "CAIS" + _random(300, _ALPHANUMERIC + "+/")
        self.store.put(
            self.account,
            KIND_STS_CREDENTIAL,
            key_id,
            {
                "AccessKeyId": key_id,
                "AccessKeySecret": secret,
                "SecurityTokenSha256": security_token_digest(token),
                "ExpiresAt": expires_at,
                "Expiration": expiration,
                "RoleName": role["RoleName"],
                "RoleId": role["RoleId"],
                "RoleSessionName": session_name,
                "SourceArn": source_arn,
                "Policy": session_policy,
            },
        )
        return IssuedCredentials(key_id, secret, token, expiration, role["RoleName"], role["RoleId"], session_name)

    def session_policy(self, access_key_id: str) -> str | None:
        """The inline policy a session was created with (any account), or None."""
        credential = self.store.find(KIND_STS_CREDENTIAL, access_key_id)
        text = credential.data.get("Policy") if credential else None
        return str(text) if text else None
