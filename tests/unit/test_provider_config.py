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
        (
            {"assumeRole": {"roleArn": "acs:ram::1000000000000001:role/x", "durationSeconds": 60}},
            "assumeRole",
            "900-43200",
        ),
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


def test_region_from_the_terraform_variable() -> None:
    """Regression (issue 11): ALICLOUD_REGION was ignored (the default cn-hangzhou was used)."""
    assert parse_config({}, environ={"ALICLOUD_REGION": "cn-shanghai"}).region == "cn-shanghai"
    both = {"ALIBABA_CLOUD_REGION_ID": "cn-beijing", "ALICLOUD_REGION": "cn-shanghai"}
    assert parse_config({}, environ=both).region == "cn-beijing"


def test_misspelled_region_is_refused_with_a_suggestion() -> None:
    """Regression (issue 11, item 5): 'cn-hangzou' was accepted; the list is terraform-provider-alicloud's."""
    [(field, message)] = config_problems({"region": "cn-hangzou"})
    assert field == "region"
    assert "'cn-hangzou' is not a known Alibaba Cloud region (did you mean 'cn-hangzhou'?)" in message
    assert parse_config({"region": "cn-hangzou", "skipRegionValidation": "true"}, environ={}).region == "cn-hangzou"
    assert parse_config({"region": "xx-new-1"}, environ={"ALICLOUD_SKIP_REGION_VALIDATION": "true"}).region
    with pytest.raises(ConfigError, match="skipRegionValidation"):
        parse_config({"skipRegionValidation": "sometimes"}, environ={})


OIDC_ENV = {
    "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1000000000000001:role/ci",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1000000000000001:oidc-provider/github",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/run/token",
}


def test_assume_role_with_oidc_maps_onto_oidc_credentials() -> None:
    from alicloud_gov.cloud import OidcCredentials

    config = parse_config({"assumeRoleWithOidc": '{"sessionName": "gha", "durationSeconds": 1800}'}, environ=OIDC_ENV)
    assert config.oidc is not None and config.oidc.session_name == "gha"
    credentials = config.cloud_config().credentials
    assert isinstance(credentials, OidcCredentials)
    assert (credentials.role_arn, credentials.token_file, credentials.duration_seconds) == (
        OIDC_ENV["ALIBABA_CLOUD_ROLE_ARN"],
        "/run/token",
        1800,
    )


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"assumeRoleWithOidc": {"roleArn": "acs:ram::1000000000000001:role/ci"}}, "oidcProviderArn"),
        (
            {"assumeRoleWithOidc": {**{"roleArn": "r"}, "oidcProviderArn": "p", "oidcTokenFile": "/t"}},
            "is not acs:ram::<uid>:role/<name>",
        ),
        ({"assumeRoleWithOidc": {"tokenFile": "/t"}}, "unknown key 'tokenFile'"),
        (
            {"accessKeyId": "LTAI5t", "accessKeySecret": "s", "assumeRoleWithOidc": {"oidcTokenFile": "/t"}},
            "choose one credentials source",
        ),
    ],
)
def test_oidc_problems_name_the_field(values: dict, fragment: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError, match="provider config 'assumeRoleWithOidc'") as info:
        parse_config(values, environ={})
    assert fragment in str(info.value)


def test_oidc_variables_alone_log_in_through_the_default_chain() -> None:
    from alicloud_gov.cloud import OidcCredentials

    chain = parse_config({}, environ={}).cloud_config().credentials
    assert isinstance(chain, DefaultCredentials)
    assert isinstance(DefaultCredentials(OIDC_ENV).resolve(), OidcCredentials)
