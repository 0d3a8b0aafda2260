"""Provider configuration: parsing, field-named errors, credentials chosen, secrets kept out of repr."""

from __future__ import annotations

import pytest

from alicloud_gov.cloud import AssumeRoleCredentials, DefaultCredentials, ProfileCredentials, StaticCredentials
from alicloud_gov.provider.config import ConfigError, config_from_variables, config_problems, parse_config
from alicloud_gov.provider.handlers import ResourceFailure
from alicloud_gov.provider.server import user_error


def test_static_keys_endpoint_and_retries() -> None:
    config = parse_config(
        {
            "accessKeyId": "LTAI5tAcmeRootKey0001",
            "accessKeySecret": "s3cret",
            "endpoint": "127.0.0.1:8080",
            "maxRetries": "3",
            "region": "cn-shanghai",
        },
        environ={},
    )
    cloud = config.cloud_config()
    assert isinstance(cloud.credentials, StaticCredentials)
    assert cloud.endpoint == "127.0.0.1:8080" and cloud.region == "cn-shanghai"
    assert cloud.max_attempts == 4
    assert "s3cret" not in repr(config)


def test_profile_default_chain_and_assume_role() -> None:
    assert isinstance(parse_config({"profile": "work"}, environ={}).cloud_config().credentials, ProfileCredentials)
    assert isinstance(parse_config({}, environ={}).cloud_config().credentials, DefaultCredentials)
    assumed = parse_config(
        {"assumeRole": '{"roleArn": "acs:ram::2000000000000002:role/deployer", "durationSeconds": 900}'},
        environ={},
    )
    assert assumed.assume_role is not None and assumed.assume_role.duration_seconds == 900
    assert isinstance(assumed.cloud_config().credentials, AssumeRoleCredentials)


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"accessKeyId": "LTAI5t"}, "accessKeySecret", "go together"),
        ({"protocol": "ftp"}, "protocol", "http or https"),
        ({"maxRetries": "lots"}, "maxRetries", "integer"),
        ({"region": "Hangzhou!"}, "region", "not a region id"),
        ({"assumeRole": {"roleArn": "arn:aws:iam::1:role/x"}}, "assumeRole", "acs:ram::<uid>:role/<name>"),
        ({"assumeRole": {"roleArn": "acs:ram::1:role/x", "durationSeconds": 60}}, "assumeRole", "900-43200"),
        ({"accountId": "acme"}, "accountId", "not an account UID"),
        ({"colour": "blue"}, "colour", "unknown setting"),
        ({"endpoint": "http://127.0.0.1:8080/path"}, "endpoint", "path"),
    ],
)
def test_problems_name_the_field(values: dict, field: str, fragment: str) -> None:  # type: ignore[type-arg]
    [(reported, message)] = config_problems(values)
    assert reported == field
    assert f"provider config '{field}'" in message and fragment in message
    with pytest.raises(ConfigError):
        parse_config(values, environ={})


def test_legacy_variables_are_read() -> None:
    values = config_from_variables({"alicloud-gov:config:region": "cn-beijing", "alicloud-gov:config:maxRetries": "2"})
    assert parse_config(values, environ={}).region == "cn-beijing"


def test_user_errors_are_found_behind_the_sdk_wrapper() -> None:
    failure = ResourceFailure("RamUser 'a': nope")
    wrapped = Exception("RamUser 'a': nope:\n  File ...")  # what the SDK's servicer raises while handling it
    wrapped.__context__ = failure
    assert user_error(wrapped) is failure
    assert user_error(RuntimeError("a bug keeps its traceback")) is None
