"""OIDC login against the emulator, the way a GitHub Actions job logs in to Alibaba Cloud without an AccessKey.

RAM's CreateOIDCProvider (official Ims 2019-08-15 SDK) declares the issuer, a role trusts it (Principal
Federated, conditions on oidc:iss / oidc:aud / oidc:sub), a locally signed RS256 token (PyJWT) is exchanged by
STS AssumeRoleWithOIDC (official STS SDK, an unsigned call), and the credentials work for a call. Failures carry
the codes of STS's error-code table (2015-04-01). The last tests log in through our cloud layer from the
ALIBABA_CLOUD_* OIDC variables alone, as the provider plugin does in CI, through alibabacloud-credentials'
OIDCRoleArn provider over plain http to the emulator.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from alibabacloud_ims20190815 import models as ims_models
from alibabacloud_ims20190815.client import Client as ImsClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi import models as open_api_models

from alicloud_gov.cloud import Cloud, CredentialsError, OidcCredentials
from alicloud_gov.cloud.credentials import ACCESS_KEY_FAMILIES
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.config import parse_config
from tests.oidc_helpers import (
    ACME,
    AUDIENCE,
    ISSUER,
    OTHER_KEY,
    PROVIDER_ARN,
    ROLE_ARN,
    SUBJECT,
    create_github_provider,
    create_oidc_role,
    token,
)
from tests.wire.helpers import fails


@pytest.fixture
def oidc(emulator: RunningEmulator) -> RunningEmulator:
    """Account acme with the GitHub provider and a read-only role it may assume."""
    created = create_github_provider(emulator)
    assert (created.arn, created.client_ids, created.issuer_url) == (PROVIDER_ARN, AUDIENCE, ISSUER)
    create_oidc_role(emulator, "ci-preview", system_policies=("AliyunRAMReadOnlyAccess",))
    return emulator


def anonymous_sts(emulator: RunningEmulator) -> StsClient:
    """An STS client with no credentials at all (AssumeRoleWithOIDC is an anonymous call)."""
    return StsClient(open_api_models.Config(endpoint=emulator.endpoint, protocol="http", region_id="cn-hangzhou"))


def assume(emulator: RunningEmulator, oidc_token: str, role_arn: str = ROLE_ARN, provider: str = PROVIDER_ARN) -> Any:
    request = sts_models.AssumeRoleWithOIDCRequest(
        oidcprovider_arn=provider, role_arn=role_arn, oidctoken=oidc_token, role_session_name="gha-run-42"
    )
    return anonymous_sts(emulator).assume_role_with_oidc(request).body


def test_provider_is_read_back_listed_and_deleted(oidc: RunningEmulator) -> None:
    ims = ImsClient(oidc.root_config("acme"))
    got = ims.get_oidcprovider(ims_models.GetOIDCProviderRequest(oidcprovider_name="GitHub")).body.oidcprovider
    assert (got.oidcprovider_name, got.description) == ("github", "GitHub Actions")
    listed = ims.list_oidcproviders(ims_models.ListOIDCProvidersRequest()).body.oidcproviders.oidcprovider
    assert [item.arn for item in listed] == [PROVIDER_ARN]
    duplicate = ims_models.CreateOIDCProviderRequest(oidcprovider_name="github", issuer_url="https://other.example")
    fails(lambda: ims.create_oidcprovider(duplicate), "EntityAlreadyExists.OIDCProvider", 409)
    plain_http = ims_models.CreateOIDCProviderRequest(oidcprovider_name="insecure", issuer_url="http://x.example")
    fails(lambda: ims.create_oidcprovider(plain_http), "InvalidParameter.IssuerUrl", 400)
    ims.delete_oidcprovider(ims_models.DeleteOIDCProviderRequest(oidcprovider_name="github"))
    gone = ims_models.GetOIDCProviderRequest(oidcprovider_name="github")
    fails(lambda: ims.get_oidcprovider(gone), "EntityNotExist.OIDCProvider", 404)


def test_good_token_gives_credentials_that_work(oidc: RunningEmulator) -> None:
    body = assume(oidc, token())
    assert body.assumed_role_user.arn == f"acs:ram::{ACME}:assumed-role/ci-preview/gha-run-42"
    assert (body.oidctoken_info.issuer, body.oidctoken_info.subject) == (ISSUER, SUBJECT)
    creds = body.credentials
    ram = RamClient(oidc.config(creds.access_key_id, creds.access_key_secret, creds.security_token))
    assert [role.role_name for role in ram.list_roles(ram_models.ListRolesRequest()).body.roles.role] == ["ci-preview"]
    denied = ram_models.CreateUserRequest(user_name="intruder")  # read-only role: writes are refused
    fails(lambda: ram.create_user(denied), "NoPermission", 403)


@pytest.mark.parametrize(
    ("make_token", "code"),
    [
        (lambda: token(exp=int(time.time()) - 60), "AuthenticationFail.OIDCToken.Expired"),
        (lambda: token(aud="someone-else"), "AuthenticationFail.OIDCToken.AudienceNotMatch"),
        (lambda: token(iss="https://evil.example"), "AuthenticationFail.OIDCToken.Invalid"),
        (lambda: token(OTHER_KEY), "AuthenticationFail.OIDCToken.InvalidSignature"),
        (lambda: token(nbf=int(time.time()) + 600), "AuthenticationFail.OIDCToken.Invalid"),
        (lambda: token(sub="repo:acme/infra:pull_request"), "AuthenticationFail.NoPermission"),
        (lambda: "not-a-jwt", "AuthenticationFail.OIDCToken.Invalid"),
        (
            lambda: jwt.encode(
                {"iss": ISSUER, "aud": AUDIENCE, "sub": SUBJECT}, "a-shared-secret-of-32-bytes-long", algorithm="HS256"
            ),
            "AuthenticationFail.OIDCToken.Invalid",
        ),
    ],
    ids=[
        "expired",
        "wrong-aud",
        "wrong-issuer",
        "bad-signature",
        "not-yet-valid",
        "trust-mismatch",
        "garbage",
        "hs256",
    ],
)
def test_bad_tokens_are_refused_with_the_documented_codes(oidc: RunningEmulator, make_token: Any, code: str) -> None:
    fails(lambda: assume(oidc, make_token()), code, 401)


def test_unknown_provider_and_expiry_on_the_emulators_clock(oidc: RunningEmulator) -> None:
    fails(
        lambda: assume(oidc, token(), provider=f"acs:ram::{ACME}:oidc-provider/gitlab"),
        "AuthenticationFail.NoPermission",
        401,
    )
    oidc.advance_clock(600)  # the token's exp (now + 300) has passed in emulator time
    fails(lambda: assume(oidc, token()), "AuthenticationFail.OIDCToken.Expired", 401)


@pytest.fixture
def ci_environment(oidc: RunningEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CI job's environment: the three ALIBABA_CLOUD_* OIDC variables and a token file; no AccessKey at all."""
    for family in ACCESS_KEY_FAMILIES:
        for name in family:
            monkeypatch.delenv(name, raising=False)
    token_file = tmp_path / "oidc-token"
    token_file.write_text(token(), encoding="utf-8")
    monkeypatch.setenv("ALIBABA_CLOUD_ROLE_ARN", ROLE_ARN)
    monkeypatch.setenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", PROVIDER_ARN)
    monkeypatch.setenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE", str(token_file))
    monkeypatch.setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "gha-preview")
    monkeypatch.setenv("ALICLOUD_GOV_CLI_CONFIG", str(tmp_path / "no-cli-config.json"))
    return token_file


def test_the_provider_logs_in_with_oidc_variables_only(oidc: RunningEmulator, ci_environment: Path) -> None:
    """What the plugin does with its config (provider/provider.py: Cloud(config.cloud_config()))."""
    config = parse_config({"endpoint": oidc.endpoint, "region": "cn-shanghai"})
    cloud = Cloud(config.cloud_config())
    identity = cloud.caller_identity()
    assert identity["Arn"] == f"acs:ram::{ACME}:assumed-role/ci-preview/gha-preview"
    assert cloud.ram.list_all("ListRoles", items="Roles.Role")[0]["RoleName"] == "ci-preview"
    assert cloud.credentials.get().source == "oidc_role_arn"
    assert "default chain -> OIDC role" in repr(cloud)


def test_a_refused_login_names_the_code_and_never_the_token(oidc: RunningEmulator, ci_environment: Path) -> None:
    expired = token(exp=int(time.time()) - 60)
    ci_environment.write_text(expired, encoding="utf-8")
    cloud = Cloud(parse_config({"endpoint": oidc.endpoint}).cloud_config())
    with pytest.raises(CredentialsError) as info:
        cloud.caller_identity()
    err = info.value
    assert (err.code, err.status, err.api) == ("AuthenticationFail.OIDCToken.Expired", 401, "sts:AssumeRoleWithOIDC")
    assert err.attempts == 1  # not retried: a refused token stays refused
    assert expired not in str(err) and expired.split(".")[1] not in repr(err)


def test_explicit_oidc_setting_for_one_provider_instance(oidc: RunningEmulator, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(token(), encoding="utf-8")
    config = parse_config(
        {
            "endpoint": oidc.endpoint,
            "assumeRoleWithOidc": {
                "roleArn": ROLE_ARN,
                "oidcProviderArn": PROVIDER_ARN,
                "oidcTokenFile": str(token_file),
            },
        },
        environ={},
    )
    cloud = Cloud(config.cloud_config())
    assert isinstance(cloud.credentials, OidcCredentials)
    assert cloud.caller_identity()["Arn"] == f"acs:ram::{ACME}:assumed-role/ci-preview/alicloud-gov"
