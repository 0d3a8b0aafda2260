"""STS 2015-04-01 on the wire: AssumeRole (cross-account, trust policy + caller permission),
AssumeRoleWithOIDC (unsigned: an OIDC token of a provider declared in RAM, then the trust policy) and
GetCallerIdentity. Parameters in, :class:`~.backend.StsBackend` called, responses out; the error codes
are in :mod:`.errors`.
"""

from __future__ import annotations

from typing import Any

from alicloud_gov.emulator.authz import Authorizer, no_permission
from alicloud_gov.emulator.clock import Clock
from alicloud_gov.emulator.registry import RequestContext, action
from alicloud_gov.emulator.services.ram.backend import OidcProviders
from alicloud_gov.emulator.services.ram.errors import RamErrors
from alicloud_gov.emulator.services.sts.backend import (
    DEFAULT_DURATION_SECONDS,
    StsBackend,
    check_session_name,
    check_session_policy,
    role_of_arn,
)
from alicloud_gov.emulator.services.sts.errors import StsErrors as Errors
from alicloud_gov.emulator.services.sts.oidc import OidcIssuers, verify_token
from alicloud_gov.spec.arns import ArnError, assumed_role_arn, parse_oidc_provider_arn, role_arn

VERSION = "2015-04-01"
PRODUCT = "Sts"


def _role_arn_param(ctx: RequestContext) -> str:
    return ctx.params.get_str("RoleArn", "*") or "*"


@action(PRODUCT, VERSION, "AssumeRole", resource=_role_arn_param)
def assume_role(ctx: RequestContext) -> dict[str, Any]:
    """Issue temporary credentials for a role the caller is trusted (and permitted) to assume."""
    params = ctx.params
    caller = ctx.caller
    arn = params.require("RoleArn")
    session_name = check_session_name(params.require("RoleSessionName"))
    role_account, role_name = role_of_arn(arn)
    if caller.kind == "root":
        raise Errors.ROOT_CANNOT_ASSUME()
    if role_account not in ctx.accounts:
        raise RamErrors.ROLE_NOT_FOUND(name=arn)
    sts = StsBackend(ctx.store, role_account)
    role = sts.role(role_name, arn=arn)
    duration = sts.check_duration(role, params.get_int("DurationSeconds", DEFAULT_DURATION_SECONDS))
    session_policy = check_session_policy(params.get_str("Policy"))
    authorizer: Authorizer = ctx.extras["authorizer"]
    if authorizer.enabled:
        canonical_arn = role_arn(role_account, role["RoleName"])
        decision = authorizer.assume_role_decision(ctx, role_account, canonical_arn, params.get_str("ExternalId"))
        if not decision.allowed:
            raise no_permission(ctx, "sts:AssumeRole", decision, [canonical_arn])
    clock: Clock = ctx.extras["clock"]
    issued = sts.issue(
        role,
        session_name=session_name,
        expires_at=clock.now() + duration,
        source_arn=caller.arn,
        session_policy=session_policy,
    )
    return {
        "Credentials": {
            "AccessKeyId": issued.access_key_id,
            "AccessKeySecret": issued.access_key_secret,
            "SecurityToken": issued.security_token,
            "Expiration": issued.expiration,
        },
        "AssumedRoleUser": {
            "Arn": assumed_role_arn(role_account, issued.role_name, session_name),
            "AssumedRoleId": f"{issued.role_id}:{session_name}",
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


@action(PRODUCT, VERSION, "AssumeRoleWithOIDC", authorize=False, authenticate=False)
def assume_role_with_oidc(ctx: RequestContext) -> dict[str, Any]:
    """Temporary credentials of a role for a user of an OIDC identity provider declared in RAM; unsigned, the
    OIDC token is the proof (verified as :mod:`.oidc` describes), then the role's trust policy decides."""
    params = ctx.params
    provider_arn = params.require("OIDCProviderArn")
    arn = params.require("RoleArn")
    token = params.require("OIDCToken")
    session_name = check_session_name(params.require("RoleSessionName"))
    try:
        provider_account, provider_name = parse_oidc_provider_arn(provider_arn)
    except ArnError:
        raise Errors.OIDC_PROVIDER_UNKNOWN() from None
    provider = OidcProviders(ctx.store, provider_account).find(provider_name)
    if provider_account not in ctx.accounts or provider is None:
        raise Errors.OIDC_PROVIDER_UNKNOWN()
    role_account, role_name = role_of_arn(arn)
    if role_account != provider_account:  # a provider is trusted by the roles of its own account only
        raise RamErrors.ROLE_NOT_FOUND(name=arn)
    sts = StsBackend(ctx.store, role_account)
    role = sts.role(role_name, arn=arn)
    duration = sts.check_duration(role, params.get_int("DurationSeconds", DEFAULT_DURATION_SECONDS))
    session_policy = check_session_policy(params.get_str("Policy"))
    clock: Clock = ctx.extras["clock"]
    claims = verify_token(
        token,
        issuer_keys=OidcIssuers(ctx.store).key_set(str(provider["IssuerUrl"])),
        issuer_url=str(provider["IssuerUrl"]),
        client_ids=[item for item in str(provider["ClientIds"]).split(",") if item],
        now=clock.now(),
    )
    authorizer: Authorizer = ctx.extras["authorizer"]
    canonical_arn = role_arn(role_account, role["RoleName"])
    if authorizer.enabled:
        decision = authorizer.federated_assume_role_decision(
            ctx, role_account, canonical_arn, str(provider["Arn"]), claims.condition_context()
        )
        if not decision.allowed:
            raise Errors.OIDC_TRUST_DENIED(reason=decision.reason)
    issued = sts.issue(
        role,
        session_name=session_name,
        expires_at=clock.now() + duration,
        source_arn=str(provider["Arn"]),
        session_policy=session_policy,
    )
    return {
        "Credentials": {
            "AccessKeyId": issued.access_key_id,
            "AccessKeySecret": issued.access_key_secret,
            "SecurityToken": issued.security_token,
            "Expiration": issued.expiration,
        },
        "AssumedRoleUser": {
            "Arn": assumed_role_arn(role_account, issued.role_name, session_name),
            "AssumedRoleId": f"{issued.role_id}:{session_name}",
        },
        "OIDCTokenInfo": {"Issuer": claims.issuer, "Subject": claims.subject, "ClientIds": claims.audience},
    }
