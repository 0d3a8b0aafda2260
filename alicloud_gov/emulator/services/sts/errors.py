"""STS's error codes (2015-04-01); a role that does not exist is RAM's EntityNotExist.Role."""

from __future__ import annotations

from alicloud_gov.emulator.errors import ErrorCode, ErrorTable, Family


class StsErrors(ErrorTable):
    """AssumeRole's own refusals."""

    product = "Sts"

    SESSION_NAME = ErrorCode("InvalidParameter.RoleSessionName", 400, "RoleSessionName: {rule}.", Family.INVALID_INPUT)
    ROLE_ARN = ErrorCode(
        "InvalidParameter.RoleArn",
        400,
        "The RoleArn {arn!r} is not acs:ram::<uid>:role/<name>.",
        Family.INVALID_INPUT,
    )
    ROOT_CANNOT_ASSUME = ErrorCode(
        "NoPermission", 403, "Roles may not be assumed by root accounts.", Family.ACCESS_DENIED
    )
    DURATION = ErrorCode(
        "InvalidParameter.DurationSeconds",
        400,
        "DurationSeconds must be between {minimum} and {maximum}.",
        Family.INVALID_INPUT,
    )
    SESSION_POLICY = ErrorCode(
        "InvalidParameter.PolicyGrammar", 400, "The policy is malformed: {problem}.", Family.INVALID_INPUT
    )

    # AssumeRoleWithOIDC (STS error-code table, 2015-04-01; 401 with no family of the cloud layer's)
    OIDC_PROVIDER_UNKNOWN = ErrorCode(
        "AuthenticationFail.NoPermission", 401, "No such OIDC Provider registered.", Family.OTHER
    )
    OIDC_TRUST_DENIED = ErrorCode(
        "AuthenticationFail.NoPermission", 401, "There is no permission: {reason}", Family.OTHER
    )
    OIDC_TOKEN_INVALID = ErrorCode("AuthenticationFail.OIDCToken.Invalid", 401, "{problem}.", Family.OTHER)
    OIDC_SIGNATURE = ErrorCode(
        "AuthenticationFail.OIDCToken.InvalidSignature",
        401,
        "OIDC token validate failed: invalid signature.",
        Family.OTHER,
    )
    OIDC_EXPIRED = ErrorCode("AuthenticationFail.OIDCToken.Expired", 401, "This JsonWebToken is expired.", Family.OTHER)
    OIDC_AUDIENCE = ErrorCode("AuthenticationFail.OIDCToken.AudienceNotMatch", 401, "Invalid audience.", Family.OTHER)
    OIDC_ISSUER_KEYS = ErrorCode(
        "AuthenticationFail.OIDCToken.HttpsUrlInvalid",
        401,
        "The signing keys of {issuer} cannot be had (the emulator: none registered with POST /_emulator/oidc-issuers).",
        Family.OTHER,
    )
