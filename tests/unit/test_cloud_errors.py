"""Error mapping: service codes and HTTP statuses to CloudError classes; tea exceptions to CloudErrors."""

from __future__ import annotations

import json
import pickle

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from darabonba.exceptions import RetryError, UnretryableException
from darabonba.policy.retry import RetryPolicyContext

from alicloud_gov.cloud import errors
from alicloud_gov.cloud.errors import (
    AccessDenied,
    AlreadyExists,
    CloudConnectionError,
    CloudError,
    Conflict,
    CredentialsError,
    InvalidInput,
    NotFound,
    ServerError,
    Throttled,
    classify_code,
    error_from_code,
    error_from_exception,
)


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("EntityNotExist.User", 404, NotFound),
        ("EntityNotExist.Role.Policy", 404, NotFound),
        ("EntityNotExists.ResourceGroup", 404, NotFound),
        ("InvalidEcrId.NotFound", 400, NotFound),
        ("ResourceNotFound.EcrId", 404, NotFound),
        ("ResourceAlreadyExists.GrantRule", 409, AlreadyExists),
        ("DependencyViolation.Association", 400, Conflict),
        ("EntityAlreadyExists.User", 409, AlreadyExists),
        ("EntityAlreadyExists.User.Group", 409, AlreadyExists),
        ("DeleteConflict.User.Policy", 409, Conflict),
        ("DeleteConflict.ResourceGroup.Resource", 409, Conflict),
        ("Conflict.Lock", 409, Conflict),
        ("LimitExceeded.Policy.Version", 409, Conflict),
        ("Throttling.User", 400, Throttled),
        ("Throttling", 429, Throttled),
        ("Rejected.Throttling", 400, Throttled),
        ("NoPermission", 403, AccessDenied),
        ("Forbidden.RAM", 403, AccessDenied),
        ("InvalidAccessKeyId.NotFound", 404, AccessDenied),
        ("InvalidSecurityToken.Expired", 400, AccessDenied),
        ("SignatureDoesNotMatch", 400, AccessDenied),
        ("InvalidParameter.UserName.InvalidChars", 400, InvalidInput),
        ("InvalidParameter.RoleSessionName", 400, InvalidInput),
        ("MissingParameter", 400, InvalidInput),
        ("MalformedPolicyDocument", 400, InvalidInput),
        ("IllegalParam.InstanceId", 400, InvalidInput),
        ("InvalidAction.NotFound", 404, InvalidInput),
        ("ServiceUnavailable", 503, ServerError),
        ("InternalError", 500, ServerError),
        ("SomethingNew", 502, ServerError),
        ("SomethingNew", 404, NotFound),
        ("SomethingNew", 409, Conflict),
        ("SomethingNew", 403, AccessDenied),
        ("SomethingNew", 400, InvalidInput),
        ("SomethingNew", 418, CloudError),
    ],
)
def test_codes_and_statuses_pick_the_class(code: str, status: int, expected: type[CloudError]) -> None:
    assert classify_code(code, status) is expected
    err = error_from_code(code, "msg", status=status, api="ram:GetUser", request_id="RID")
    assert type(err) is expected
    assert (err.code, err.message, err.status, err.api, err.request_id) == (code, "msg", status, "ram:GetUser", "RID")


def test_message_names_api_code_status_and_request_id() -> None:
    err = error_from_code(
        "EntityNotExist.User", "The user does not exist: bob.", status=404, api="ram:GetUser", request_id="R1"
    )
    assert str(err) == "ram:GetUser: EntityNotExist.User (HTTP 404): The user does not exist: bob. [request id R1]"


def test_client_exception_maps_by_body_code() -> None:
    body = {
        "Code": "EntityNotExist.User",
        "Message": "The user does not exist: bob.",
        "RequestId": "R2",
        "Recommend": "https://x",
    }
    exc = ClientException(
        status_code=404, code="EntityNotExist.User", message="code: 404, ...", data=dict(body), request_id="R2"
    )
    err = error_from_exception(exc, api="ram:GetUser")
    assert isinstance(err, NotFound)
    assert err.message == "The user does not exist: bob."
    assert (err.request_id, err.status, err.recommend) == ("R2", 404, "https://x")


def test_no_permission_keeps_access_denied_detail() -> None:
    detail = {"AuthAction": "ram:CreateUser", "NoPermissionType": "ImplicitDeny"}
    body = {"Code": "NoPermission", "Message": "denied", "RequestId": "R", "AccessDeniedDetail": detail}
    err = error_from_exception(ClientException(status_code=403, code="NoPermission", data=body), api="ram:CreateUser")
    assert isinstance(err, AccessDenied)
    assert err.access_denied_detail == detail


def test_server_exception_is_server_error() -> None:
    exc = ServerException(
        status_code=503, code="ServiceUnavailable", data={"Code": "ServiceUnavailable", "Message": "busy"}
    )
    err = error_from_exception(exc, api="vpc:DescribeVpcs")
    assert isinstance(err, ServerError)
    assert err.status == 503


def test_throttling_exception_carries_retry_after() -> None:
    exc = ThrottlingException(
        status_code=400,
        code="Throttling.User",
        retry_after=1500,
        data={"Code": "Throttling.User", "Message": "slow down"},
    )
    err = error_from_exception(exc, api="ram:ListUsers")
    assert isinstance(err, Throttled)
    assert err.retry_after_ms == 1500


def test_connection_failure_is_connection_error() -> None:
    ctx = RetryPolicyContext(retries_attempted=1, exception=RetryError("Connection refused"))
    exc = UnretryableException(ctx)
    err = error_from_exception(exc, api="ram:ListUsers")
    assert isinstance(err, CloudConnectionError)
    assert err.status is None
    assert "Connection refused" in err.message


def test_unparsable_body_is_server_error() -> None:
    try:
        json.loads("<html>bad gateway</html>")
    except ValueError as bad:
        exc = UnretryableException(RetryPolicyContext(retries_attempted=1, exception=bad))
    err = error_from_exception(exc, api="ram:ListUsers")
    assert isinstance(err, ServerError)
    assert err.code == "InvalidResponse"


def test_credentials_error_inside_sdk_surfaces_unchanged() -> None:
    inner = CredentialsError("InvalidCredentials", "environment variable(s) not set: X")
    exc = UnretryableException(RetryPolicyContext(retries_attempted=1, exception=inner))
    assert error_from_exception(exc) is inner


def test_sdk_missing_credentials_is_credentials_error() -> None:
    exc = ClientException(code="InvalidCredentials", message="Please set up the credentials correctly.")
    assert isinstance(error_from_exception(exc, api="ram:ListUsers"), CredentialsError)


def test_cloud_errors_pickle_with_their_fields() -> None:
    err = errors.error_from_code("EntityNotExist.Role", "gone", status=404, api="ram:GetRole", request_id="R9")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is NotFound
    assert (again.code, again.message, again.status, again.api, again.request_id) == (
        "EntityNotExist.Role",
        "gone",
        404,
        "ram:GetRole",
        "R9",
    )
    assert str(again) == str(err)
