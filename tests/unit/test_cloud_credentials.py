"""Credential sources mapped onto alibabacloud-credentials' providers, without network: environment variables of
both families (the SDKs' ALIBABA_CLOUD_* and terraform-provider-alicloud's ALICLOUD_*, alicloud/provider.go),
OIDC, ECS RAM role, credentials URI, aliyun CLI profiles, assume-role, and secrets kept out of every text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alibabacloud_credentials.exceptions import CredentialException
from alibabacloud_credentials.provider import (
    CLIProfileCredentialsProvider,
    OIDCRoleArnCredentialsProvider,
    RamRoleArnCredentialsProvider,
)
from Tea.exceptions import RetryError

from alicloud_gov.cloud.credentials import (
    AssumeRoleCredentials,
    Credential,
    DefaultCredentials,
    EcsRamRoleCredentials,
    OidcCredentials,
    ProfileCredentials,
    StaticCredentials,
    StsTarget,
    UriCredentials,
    choose_from_environment,
    library_error,
    mask_key_id,
)
from alicloud_gov.cloud.errors import CloudConnectionError, CredentialsError
from alicloud_gov.cloud.transport import TeaCredentialAdapter

ROLE = "acs:ram::1000000000000001:role/ci-deployer"
OIDC_PROVIDER = "acs:ram::1000000000000001:oidc-provider/github"
SECRET = "PartnerRootSecret02demo"
EMULATOR = StsTarget("http://127.0.0.1:9", 1000, 2000)


def test_alicloud_access_key_names_are_read() -> None:
    """Regression (issue 11): ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY were ignored ("no credentials")."""
    env = {
        "ALICLOUD_ACCESS_KEY": "LTAI5tTerraformKey01",
        "ALICLOUD_SECRET_KEY": "tf-secret",
        "ALICLOUD_SECURITY_TOKEN": "tf-token",
    }
    cred = DefaultCredentials(env).get()
    assert (cred.access_key_id, cred.access_key_secret, cred.security_token) == (
        "LTAI5tTerraformKey01",
        "tf-secret",
        "tf-token",
    )
    assert cred.source == "static_sts"


def test_the_sdk_family_wins_and_families_never_mix() -> None:
    env = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI5tSdkKey000001",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "sdk-secret",
        "ALICLOUD_ACCESS_KEY": "LTAI5tTerraformKey01",
        "ALICLOUD_SECRET_KEY": "tf-secret",
        "ALICLOUD_SECURITY_TOKEN": "tf-token",
    }
    cred = DefaultCredentials(env).get()
    assert (cred.access_key_id, cred.access_key_secret, cred.security_token) == (
        "LTAI5tSdkKey000001",
        "sdk-secret",
        None,
    )
    assert cred.source == "static_ak"
    with pytest.raises(CredentialsError, match="ALICLOUD_ACCESS_KEY is set but ALICLOUD_SECRET_KEY is not"):
        choose_from_environment({"ALICLOUD_ACCESS_KEY": "LTAI5tTerraformKey01"})


def test_oidc_variables_make_an_oidc_login_bound_to_the_clouds_sts() -> None:
    env = {
        "ALIBABA_CLOUD_ROLE_ARN": ROLE,
        "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": OIDC_PROVIDER,
        "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/run/token",
        "ALIBABA_CLOUD_ROLE_SESSION_NAME": "gha-run-7",
    }
    chain = DefaultCredentials(env).bind(EMULATOR)
    chosen = chain.resolve()
    assert isinstance(chosen, OidcCredentials)
    assert (chosen.role_arn, chosen.oidc_provider_arn, chosen.token_file, chosen.session_name) == (
        ROLE,
        OIDC_PROVIDER,
        "/run/token",
        "gha-run-7",
    )
    library = chosen.library_provider()
    assert isinstance(library, OIDCRoleArnCredentialsProvider)
    assert library._sts_endpoint == "http://127.0.0.1:9"  # the emulator, over http
    assert library._role_session_name == "gha-run-7"
    assert library._runtime_options["connectTimeout"] == 1000
    assert chain.describe() == f"default chain -> OIDC role {ROLE} via {OIDC_PROVIDER} (token file /run/token)"


def test_an_access_key_in_the_environment_comes_before_oidc() -> None:
    env = {
        "ALICLOUD_ACCESS_KEY": "LTAI5tTerraformKey01",
        "ALICLOUD_SECRET_KEY": "tf-secret",
        "ALIBABA_CLOUD_ROLE_ARN": ROLE,
        "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": OIDC_PROVIDER,
        "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/run/token",
    }
    assert isinstance(choose_from_environment(env), StaticCredentials)


def test_half_an_oidc_setup_names_what_is_missing() -> None:
    with pytest.raises(CredentialsError, match="needs ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE"):
        choose_from_environment({"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": OIDC_PROVIDER})


@pytest.mark.parametrize("variable", ["ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_ECS_ROLE_NAME"])
def test_ecs_role_name_from_either_family(variable: str) -> None:
    chosen = choose_from_environment({variable: "EcsDeployer"})
    assert isinstance(chosen, EcsRamRoleCredentials) and chosen.role_name == "EcsDeployer"
    library = chosen.library_provider()  # built without touching the metadata service
    assert type(library).__name__ == "EcsRamRoleCredentialsProvider"


@pytest.mark.parametrize("variable", ["ALIBABA_CLOUD_CREDENTIALS_URI", "ALICLOUD_CREDENTIALS_URI"])
def test_credentials_uri_from_either_family(variable: str) -> None:
    chosen = choose_from_environment({variable: "http://127.0.0.1:7/creds?token=abc"})
    assert isinstance(chosen, UriCredentials)
    assert "token=abc" not in chosen.describe()
    assert type(chosen.library_provider()).__name__ == "URLCredentialsProvider"


CLI_CONFIG: dict[str, Any] = {
    "current": "acme",
    "profiles": [
        {"name": "acme", "mode": "AK", "access_key_id": "LTAI5tAcmeRootKey0001", "access_key_secret": "a-secret"},
        {
            "name": "temp",
            "mode": "StsToken",
            "access_key_id": "STS.tmpkey000001",
            "access_key_secret": "t-secret",
            "sts_token": "t-token",
        },
        {
            "name": "ops",
            "mode": "RamRoleArn",
            "access_key_id": "LTAI5tAcmeRootKey0001",
            "access_key_secret": "a-secret",
            "ram_role_arn": ROLE,
            "ram_session_name": "ops",
        },
        {"name": "hop", "mode": "ChainableRamRoleArn", "source_profile": "ops", "ram_role_arn": ROLE},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsDeployer"},
        {
            "name": "ci",
            "mode": "OIDC",
            "ram_role_arn": ROLE,
            "oidc_provider_arn": OIDC_PROVIDER,
            "oidc_token_file": "/run/token",
        },
        {
            "name": "sso",
            "mode": "CloudSSO",
            "cloud_sso_sign_in_url": "https://signin-cn-shanghai.alibabacloudsso.com/start/login",
            "cloud_sso_account_id": "1000000000000001",
            "cloud_sso_access_config": "ac-00000001",
            "access_token": "sso-token",
            "cloud_sso_access_token_expire": 1,  # long expired
        },
    ],
}


@pytest.fixture
def cli_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(CLI_CONFIG), encoding="utf-8")
    return path


def test_profile_name_and_file_come_from_either_family(cli_config: Path) -> None:
    env = {"ALICLOUD_GOV_CLI_CONFIG": str(cli_config), "ALICLOUD_PROFILE": "temp"}
    chosen = choose_from_environment(env)
    assert isinstance(chosen, ProfileCredentials) and chosen.name == "temp" and chosen.path == cli_config
    cred = chosen.get()
    assert (cred.access_key_id, cred.security_token, cred.source) == (
        "STS.tmpkey000001",
        "t-token",
        "cli_profile/static_sts",
    )
    current = ProfileCredentials(path=cli_config, environ={}).get()  # the file's "current" profile
    assert (current.access_key_id, current.source) == ("LTAI5tAcmeRootKey0001", "cli_profile/static_ak")


@pytest.mark.parametrize(
    ("profile", "library_class"),
    [
        ("acme", "StaticAKCredentialsProvider"),
        ("temp", "StaticSTSCredentialsProvider"),
        ("ops", "RamRoleArnCredentialsProvider"),
        ("hop", "RamRoleArnCredentialsProvider"),
        ("ecs", "EcsRamRoleCredentialsProvider"),
        ("ci", "OIDCRoleArnCredentialsProvider"),
    ],
)
def test_every_cli_mode_is_read_by_the_library(cli_config: Path, profile: str, library_class: str) -> None:
    """The modes README's table promises: the library (not this package) maps each profile to a provider."""
    library = ProfileCredentials(profile, cli_config, environ={}).library_provider()
    assert isinstance(library, CLIProfileCredentialsProvider)
    inner = library._get_credentials_provider(CLI_CONFIG, profile)
    assert type(inner).__name__ == library_class


def test_profile_problems_are_credentials_errors(cli_config: Path, tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="CloudSSO access token is empty or expired"):
        ProfileCredentials("sso", cli_config, environ={}).get()
    with pytest.raises(CredentialsError, match="unable to get profile with 'nobody'"):
        ProfileCredentials("nobody", cli_config, environ={}).get()
    with pytest.raises(CredentialsError, match="config file not found"):
        ProfileCredentials("acme", tmp_path / "missing.json", environ={}).get()


def test_no_source_in_the_environment_falls_back_to_the_librarys_chain(tmp_path: Path) -> None:
    chosen = choose_from_environment({"ALICLOUD_GOV_CLI_CONFIG": str(tmp_path / "none.json")})
    assert chosen.kind == "default" and chosen.describe() == "the library's default chain"


def test_assume_role_maps_onto_ram_role_arn_with_the_bound_endpoint() -> None:
    base = StaticCredentials("LTAI5tAcmeRootKey0001", SECRET)
    role = AssumeRoleCredentials(base, ROLE, "deploy", "ext-1", 900, policy='{"Version":"1"}').bind(EMULATOR)
    library = role.library_provider()
    assert isinstance(library, RamRoleArnCredentialsProvider)
    assert (library._role_arn, library._role_session_name, library._external_id, library._duration_seconds) == (
        ROLE,
        "deploy",
        "ext-1",
        900,
    )
    assert library._sts_endpoint == "http://127.0.0.1:9" and library._policy == '{"Version":"1"}'
    assert library._credentials_provider.get_credentials().get_access_key_id() == "LTAI5tAcmeRootKey0001"


def test_secrets_stay_out_of_texts() -> None:
    assert mask_key_id("LTAI5tAcmeRootKey0001") == "LTAI****0001" and mask_key_id("short") == "****"
    static = StaticCredentials("LTAI5tAcmeRootKey0001", SECRET, "token-value")
    role = AssumeRoleCredentials(static, ROLE)
    cred = Credential("LTAI5tAcmeRootKey0001", SECRET, "token-value", "static_sts")
    for text in (repr(cred), str(cred), repr(static), repr(role), role.describe()):
        assert SECRET not in text and "token-value" not in text and "LTAI5tAcmeRootKey0001" not in text


def test_library_failures_lose_urls_tokens_and_responses() -> None:
    """The library's texts quote the request URL (with the OIDC token or a signature) or the whole STS response."""
    token = "eyJhbGciOiJSUzI1NiJ9.secret-claims.sig"
    refused = RetryError(
        "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: "
        f"/?Action=AssumeRoleWithOIDC&OIDCToken={token} (Caused by NewConnectionError(': Failed to establish a new "
        "connection: [Errno 111] Connection refused'))"
    )
    err = library_error(refused, "OIDC role x", EMULATOR)
    assert isinstance(err, CloudConnectionError)
    assert token not in str(err) and "[Errno 111] Connection refused" in str(err) and "http://127.0.0.1:9" in str(err)

    body = {
        "RequestId": "R-1",
        "Code": "AuthenticationFail.OIDCToken.Expired",
        "Message": "This JsonWebToken is expired.",
    }
    denied = CredentialException(
        f"error refreshing credentials from oidc_role_arn, http_code: 401, result: {json.dumps(body)}"
    )
    err = library_error(denied, "OIDC role x")
    assert isinstance(err, CredentialsError)
    assert (err.code, err.status, err.request_id) == ("AuthenticationFail.OIDCToken.Expired", 401, "R-1")
    assert err.message == "OIDC role x: This JsonWebToken is expired."

    leaked = {"RequestId": "R-2", "Credentials": {"AccessKeyId": "STS.x", "AccessKeySecret": SECRET}}
    odd = CredentialException(f"error retrieving credentials from oidc_role_arn result: {json.dumps(leaked)}")
    assert SECRET not in str(library_error(odd, "OIDC role x"))


def test_tea_adapter_names_the_source() -> None:
    model = TeaCredentialAdapter(StaticCredentials("LTAI5tAcmeRootKey0001", SECRET, "tok")).get_credential()
    assert (model.type, model.security_token, model.provider_name) == ("sts", "tok", "static_sts")
    plain = TeaCredentialAdapter(StaticCredentials("LTAI5tAcmeRootKey0001", SECRET)).get_credential()
    assert (plain.type, plain.provider_name) == ("access_key", "static_ak")
    with pytest.raises(CredentialsError, match="non-empty"):
        StaticCredentials("", "x")
