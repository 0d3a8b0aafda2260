"""STS 2015-04-01: AssumeRole (cross-account, trust policy + caller permission) and GetCallerIdentity.

Temporary credentials are stored as kind ``sts_credential`` in the role's account, keyed by their
``STS.`` AccessKey id (the SecurityToken only as a SHA-256 digest); the authenticator accepts them
with their SecurityToken until they expire (emulator clock, see ``auth.Clock``).
"""

from __future__ import annotations

import re
import secrets
import string
import time
from typing import Any

from alicloud_gov.emulator.auth import KIND_STS_CREDENTIAL, Clock, security_token_digest
from alicloud_gov.emulator.authz import Authorizer, no_permission
from alicloud_gov.emulator.errors import ApiError, invalid_parameter, not_found
from alicloud_gov.emulator.policy_grammar import policy_errors
from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.ram_model import ROLE, ROLE_NAME
from alicloud_gov.policy.stack import StackError, parse_role_arn

VERSION = "2015-04-01"
PRODUCT = "Sts"

_SESSION_NAME = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")
MIN_DURATION_SECONDS = 900
DEFAULT_DURATION_SECONDS = 3600


def _role_arn_param(ctx: RequestContext) -> str:
    return ctx.params.get_str("RoleArn", "*") or "*"


def _random(length: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


@action(PRODUCT, VERSION, "AssumeRole", resource=_role_arn_param)
def assume_role(ctx: RequestContext) -> dict[str, Any]:
    """Issue temporary credentials for a role the caller is trusted (and permitted) to assume."""
    params = ctx.params
    caller = ctx.caller
    arn = params.require("RoleArn")
    session_name = params.require("RoleSessionName")
    if not _SESSION_NAME.match(session_name):
        raise invalid_parameter(
            "InvalidParameter.RoleSessionName",
            "RoleSessionName must be 2 to 64 characters of letters, digits, '.', '@', '_' or '-'.",
        )
    try:
        role_account, role_name = parse_role_arn(arn)
    except StackError:
        role_account, role_name = "", ""
    if not ROLE_NAME.match(role_name) or len(role_name) > 64:
        raise invalid_parameter("InvalidParameter.RoleArn", f"The RoleArn {arn!r} is not acs:ram::<uid>:role/<name>.")
    if caller.kind == "root":
        raise ApiError("NoPermission", "Roles may not be assumed by root accounts.", 403)
    role = ctx.store.get(role_account, ROLE, role_name.lower()) if role_account in ctx.accounts else None
    if role is None:
        raise not_found("EntityNotExist.Role", f"The role does not exist: {arn}.")
    duration = params.get_int("DurationSeconds", DEFAULT_DURATION_SECONDS)
    maximum = int(role.get("MaxSessionDuration", 3600))
    if duration is None or not MIN_DURATION_SECONDS <= duration <= maximum:
        raise invalid_parameter(
            "InvalidParameter.DurationSeconds", f"DurationSeconds must be between {MIN_DURATION_SECONDS} and {maximum}."
        )
    session_policy = params.get_str("Policy")
    if session_policy is not None:
        errors = policy_errors(session_policy, "identity")
        if errors:
            raise invalid_parameter("InvalidParameter.PolicyGrammar", f"The policy is malformed: {errors[0]}.")
    authorizer: Authorizer = ctx.extras["authorizer"]
    if authorizer.enabled:
        canonical_arn = f"acs:ram::{role_account}:role/{role['RoleName']}"
        decision = authorizer.assume_role_decision(ctx, role_account, canonical_arn, params.get_str("ExternalId"))
        if not decision.allowed:
            raise no_permission(ctx, "sts:AssumeRole", decision, [canonical_arn])
    clock: Clock = ctx.extras["clock"]
    expires_at = clock.now() + duration
    expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires_at))
    key_id = "STS.NT" + _random(26)
    secret = _random(44)
    token = "CAIS" + _random(300, string.ascii_letters + string.digits + "+/")
    ctx.store.put(
        role_account,
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
            "SourceArn": caller.arn,
            "Policy": session_policy,
        },
    )
    return {
        "Credentials": {
            "AccessKeyId": key_id,
            "AccessKeySecret": secret,
            "SecurityToken": token,
            "Expiration": expiration,
        },
        "AssumedRoleUser": {
            "Arn": f"acs:ram::{role_account}:assumed-role/{role['RoleName']}/{session_name}",
            "AssumedRoleId": f"{role['RoleId']}:{session_name}",
        },
    }


@action(PRODUCT, VERSION, "GetCallerIdentity", authorize=False)
def get_caller_identity(ctx: RequestContext) -> dict[str, Any]:
    """Who is calling: AccountId, Arn, IdentityType, PrincipalId, UserId (and RoleId for sessions)."""
    caller = ctx.caller
    body: dict[str, Any] = {
        "AccountId": caller.account_id,
        "Arn": caller.arn,
        "IdentityType": caller.identity_type,
        "PrincipalId": caller.principal_id,
        "UserId": caller.principal_id,
    }
    if caller.kind == "role":
        body["RoleId"] = caller.principal_id.split(":", 1)[0]
    return body
