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
