"""The gateway's error codes: what Alibaba Cloud's API gateway answers for any product.

Parameters (MissingParameter, InvalidParameter.<Name>), routing, DryRun, request paging tokens,
signatures and credentials, authorisation (NoPermission), injected faults and the HTTP front end.
Each product's own codes are in its service's ``errors.py``.
"""

from __future__ import annotations

from alicloud_gov.emulator.errors import ErrorCode, ErrorTable, Family

_UNKNOWN = "The request processing has failed due to some unknown error."


class GatewayErrors(ErrorTable):
    """Codes shared by every product."""

    product = "Gateway"

    # parameters
    MISSING_PARAMETER = ErrorCode(
        "MissingParameter",
        400,
        'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
        Family.INVALID_INPUT,
    )
    NOT_AN_INTEGER = ErrorCode(
        "InvalidParameter.{name}", 400, "The parameter {name} must be an integer.", Family.INVALID_INPUT
    )
    OUT_OF_RANGE = ErrorCode(
        "InvalidParameter.{name}", 400, "The parameter {name} must be {bounds}.", Family.INVALID_INPUT
    )
    NOT_A_BOOLEAN = ErrorCode(
        "InvalidParameter.{name}", 400, "The parameter {name} must be true or false.", Family.INVALID_INPUT
    )
    NOT_JSON = ErrorCode(
        "InvalidParameter.{name}", 400, "The parameter {name} is not valid JSON.", Family.INVALID_INPUT
    )
    NOT_TAGS = ErrorCode(
        "InvalidParameter.{name}",
        400,
        "The parameter {name} must be a list of Key/Value objects.",
        Family.INVALID_INPUT,
    )
    NOT_AN_ACCOUNT_ID = ErrorCode(
        "InvalidParameter.{name}", 400, "The {name} {value!r} {explain}.", Family.INVALID_INPUT
    )
    INVALID_NEXT_TOKEN = ErrorCode(
        "InvalidParameter.NextToken", 400, "The NextToken {token!r} is not valid.", Family.INVALID_INPUT
    )
    DRY_RUN = ErrorCode(
        "DryRunOperation", 400, "Request validation has been passed with DryRun flag set.", Family.INVALID_INPUT
    )

    # routing and the control API
    UNKNOWN_API = ErrorCode(
        "InvalidAction.NotFound", 404, "Specified api {action} ({version}) is not found.", Family.INVALID_INPUT
    )
    UNKNOWN_CONTROL_ENDPOINT = ErrorCode(
        "InvalidAction.NotFound", 404, "Unknown control endpoint {path}.", Family.INVALID_INPUT
    )
    INVALID_CONTROL_REQUEST = ErrorCode("InvalidParameter", 400, "{detail}", Family.INVALID_INPUT)

    # signatures and credentials
    INCOMPLETE_SIGNATURE = ErrorCode("IncompleteSignature", 400, "{detail}", Family.ACCESS_DENIED)
    SIGNATURE_MISMATCH = ErrorCode(
        "SignatureDoesNotMatch",
        400,
        "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}",
        Family.ACCESS_DENIED,
    )
    SIGNED_REQUEST_MISMATCH = ErrorCode("SignatureDoesNotMatch", 400, "{detail}", Family.ACCESS_DENIED)
    TIMESTAMP_FORMAT = ErrorCode(
        "InvalidTimeStamp.Format",
        400,
        "The timestamp {timestamp!r} is not in yyyy-MM-ddTHH:mm:ssZ format.",
        Family.ACCESS_DENIED,
    )
    TIMESTAMP_EXPIRED = ErrorCode(
        "InvalidTimeStamp.Expired",
        400,
        "The timestamp {timestamp} is more than 15 minutes from the server time.",
        Family.ACCESS_DENIED,
    )
    NONCE_USED = ErrorCode(
        "SignatureNonceUsed", 400, "The signature nonce {nonce} has already been used.", Family.ACCESS_DENIED
    )
    MISSING_SECURITY_TOKEN = ErrorCode(
        "MissingSecurityToken", 400, "Temporary credentials need a SecurityToken.", Family.ACCESS_DENIED
    )
    SECURITY_TOKEN_MISMATCH = ErrorCode(
        "InvalidSecurityToken.Mismatch", 400, "The SecurityToken does not match the AccessKey.", Family.ACCESS_DENIED
    )
    SECURITY_TOKEN_EXPIRED = ErrorCode(
        "InvalidSecurityToken.Expired", 400, "The SecurityToken has expired.", Family.ACCESS_DENIED
    )
    ACCESS_KEY_NOT_FOUND = ErrorCode(
        "InvalidAccessKeyId.NotFound",
        404,
        "Specified access key is not found: {access_key_id}.",
        Family.ACCESS_DENIED,
    )
    ACCESS_KEY_INACTIVE = ErrorCode(
        "InvalidAccessKeyId.Inactive",
        400,
        "Specified access key is disabled: {access_key_id}.",
        Family.ACCESS_DENIED,
    )

    # authorisation
    NO_PERMISSION = ErrorCode(
        "NoPermission",
        403,
        "You are not authorized to do this action. You should be authorized by RAM ({action}).",
        Family.ACCESS_DENIED,
    )

    # injected faults
    THROTTLED = ErrorCode(
        "Throttling.User",
        429,
        "Request was denied due to user flow control ({action}).",
        Family.THROTTLED,
    )
    SERVICE_UNAVAILABLE = ErrorCode(
        "ServiceUnavailable",
        503,
        "The request has failed due to a temporary failure of the server.",
        Family.SERVER_ERROR,
    )
    INTERNAL_ERROR = ErrorCode("InternalError", 500, _UNKNOWN, Family.SERVER_ERROR)
    UNRENDERABLE = ErrorCode("InternalError", 500, "The response could not be rendered.", Family.SERVER_ERROR)

    # the HTTP front end
    UNSUPPORTED_METHOD = ErrorCode("UnsupportedHTTPMethod", 405, "This http method is not supported.", Family.OTHER)
    HEADER_TOO_LARGE = ErrorCode(
        "InvalidRequest.HeaderTooLarge",
        431,
        "The request header is too large ({detail}; the limit is {max_bytes} bytes and {max_fields} fields).",
        Family.OTHER,
    )
    URI_TOO_LONG = ErrorCode(
        "InvalidRequest.UriTooLong", 414, "The request line is longer than {max_bytes} bytes.", Family.OTHER
    )
    CONTENT_LENGTH = ErrorCode(
        "InvalidParameter.ContentLength", 400, "Content-Length must be 0 to {max_bytes} bytes.", Family.INVALID_INPUT
    )
    NOT_IMPLEMENTED = ErrorCode(
        "InvalidRequest.Malformed", 501, "The request is not supported: {detail}.", Family.SERVER_ERROR
    )
    MALFORMED_REQUEST = ErrorCode(
        "InvalidRequest.Malformed", 400, "The HTTP request is malformed: {detail}.", Family.INVALID_INPUT
    )
    REQUEST_TIMEOUT = ErrorCode(
        "InvalidRequest.Timeout", 408, "The request was not received within {seconds} seconds.", Family.OTHER
    )
