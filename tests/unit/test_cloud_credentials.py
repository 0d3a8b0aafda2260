"""Credential providers: static, env, aliyun CLI profiles, assume-role refresh timing, secret masking."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from alicloud_gov.cloud.credentials import (
    AssumeRoleCredentials,
    Credential,
    CredentialsProvider,
    DefaultCredentials,
    EnvCredentials,
    ProfileCredentials,
    StaticCredentials,
    mask_key_id,
    parse_cli_profile,
)
from alicloud_gov.cloud.errors import CredentialsError, ServerError
from alicloud_gov.cloud.transport import TeaCredentialAdapter

ROLE = "acs:ram::1000000000000001:role/ecr-ops"
SECRET = "PartnerRootSecret02demo"


def test_masking() -> None:
    assert mask_key_id("LTAI5tAcmeRootKey0001") == "LTAI****0001"
    assert mask_key_id("short") == "****"
    cred = Credential("LTAI5tAcmeRootKey0001", SECRET, "token-value", 5.0)
    for text in (repr(cred), str(cred), repr(StaticCredentials("LTAI5tAcmeRootKey0001", SECRET, "token-value"))):
        assert SECRET not in text and "token-value" not in text and "LTAI5tAcmeRootKey0001" not in text


def test_static_rejects_empty_values() -> None:
    with pytest.raises(CredentialsError, match="non-empty"):
        StaticCredentials("", "x")


def test_env_credentials() -> None:
    env = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv000001",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s",
        "ALIBABA_CLOUD_SECURITY_TOKEN": "t",
    }
    assert EnvCredentials(env).get() == Credential("LTAIenv000001", "s", "t")
    with pytest.raises(CredentialsError, match="ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
        EnvCredentials({"ALIBABA_CLOUD_ACCESS_KEY_ID": "x"}).get()


CLI_CONFIG: dict[str, Any] = {
    "current": "acme",
    "profiles": [
        {"name": "acme", "mode": "AK", "access_key_id": "LTAI5tAcmeRootKey0001", "access_key_secret": "a-secret"},
        {
            "name": "temp",
            "mode": "StsToken",
            "access_key_id": "STS.k",
            "access_key_secret": "s",
            "sts_token": "tok",
        },
        {
            "name": "ops",
            "mode": "RamRoleArn",
            "access_key_id": "LTAI5tPartnerRootKey02",
            "access_key_secret": SECRET,
            "ram_role_arn": ROLE,
            "ram_session_name": "ops-session",
            "expired_seconds": 900,
            "external_id": "abc",
        },
        {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "acme", "ram_role_arn": ROLE},
        {"name": "loop1", "mode": "ChainableRamRoleArn", "source_profile": "loop2", "ram_role_arn": ROLE},
        {"name": "loop2", "mode": "ChainableRamRoleArn", "source_profile": "loop1", "ram_role_arn": ROLE},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "x"},
        {"name": "broken", "mode": "AK", "access_key_id": "LTAI5tAcmeRootKey0001"},
    ],
}


def test_profile_modes() -> None:
    current = parse_cli_profile(CLI_CONFIG)
    assert current.get() == Credential("LTAI5tAcmeRootKey0001", "a-secret")
    assert parse_cli_profile(CLI_CONFIG, "temp").get() == Credential("STS.k", "s", "tok")
    ops = parse_cli_profile(CLI_CONFIG, "ops")
    assert isinstance(ops, AssumeRoleCredentials)
    assert (ops.role_arn, ops.session_name, ops.duration_seconds, ops.external_id) == (ROLE, "ops-session", 900, "abc")
    assert ops.base.get().access_key_id == "LTAI5tPartnerRootKey02"
    chain = parse_cli_profile(CLI_CONFIG, "chain")
    assert isinstance(chain, AssumeRoleCredentials)
    assert chain.base.get().access_key_id == "LTAI5tAcmeRootKey0001"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nobody", "no profile named 'nobody'"),
        ("ecs", "mode 'EcsRamRole' is not supported"),
        ("broken", "profile 'broken' (mode AK): field 'access_key_secret' is missing"),
        ("loop1", "profile chain loops: loop1 -> loop2 -> loop1"),
    ],
)
def test_profile_errors_name_profile_and_field(name: str, message: str) -> None:
    with pytest.raises(CredentialsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_cli_profile(CLI_CONFIG, name, source="cfg.json").get()


def test_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(CLI_CONFIG), encoding="utf-8")
    assert ProfileCredentials(path=path, environ={}).get().access_key_id == "LTAI5tAcmeRootKey0001"
    assert ProfileCredentials("temp", path=path).get().security_token == "tok"
    by_env = ProfileCredentials(path=path, environ={"ALIBABA_CLOUD_PROFILE": "temp"})
    assert by_env.get().access_key_id == "STS.k"
    assert "a-secret" not in repr(ProfileCredentials(path=path))


def test_profile_file_problems(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="not found"):
        ProfileCredentials(path=tmp_path / "missing.json").get()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CredentialsError, match="cannot read"):
        ProfileCredentials(path=bad).get()


def test_default_chain_prefers_env_then_profile(tmp_path: Path) -> None:
    env = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv000001", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"}
    assert DefaultCredentials(env).get().access_key_id == "LTAIenv000001"
    path = tmp_path / "config.json"
    path.write_text(json.dumps(CLI_CONFIG), encoding="utf-8")
    assert DefaultCredentials({"ALICLOUD_GOV_CLI_CONFIG": str(path)}).get().access_key_id == "LTAI5tAcmeRootKey0001"
    with pytest.raises(CredentialsError, match="no credentials"):
        DefaultCredentials({"ALICLOUD_GOV_CLI_CONFIG": str(tmp_path / "none.json")}).get()


class FakeSts:
    """Answers AssumeRole with numbered temporary keys expiring ``lifetime`` seconds after the clock."""

    def __init__(self, clock: list[float], lifetime: float = 900.0) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail_with: Exception | None = None

    def __call__(self, base: CredentialsProvider, params: Mapping[str, Any]) -> Mapping[str, Any]:
        self.calls.append((base.get().access_key_id, dict(params)))
        if self.fail_with:
            raise self.fail_with
        import datetime

        expires = datetime.datetime.fromtimestamp(self.clock[0] + self.lifetime, tz=datetime.timezone.utc)
        return {
            "Credentials": {
                "AccessKeyId": f"STS.key{len(self.calls)}",
                "AccessKeySecret": f"secret{len(self.calls)}",
                "SecurityToken": f"token{len(self.calls)}",
                "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
            "AssumedRoleUser": {"Arn": "acs:ram::1000000000000001:assumed-role/ecr-ops/s"},
        }


def _assumed(now: list[float], **kwargs: Any) -> tuple[AssumeRoleCredentials, FakeSts]:
    sts = FakeSts(now)
    base = StaticCredentials("LTAI5tPartnerRootKey02", SECRET)
    creds = AssumeRoleCredentials(base, ROLE, "s1", duration_seconds=900, clock=lambda: now[0], **kwargs).bind(sts)
    return creds, sts


def test_assume_role_caches_until_the_refresh_margin() -> None:
    now = [1_800_000_000.0]
    creds, sts = _assumed(now, refresh_margin_seconds=120)
    first = creds.get()
    assert first.access_key_id == "STS.key1" and first.security_token == "token1"
    assert creds.assumed_role_arn == "acs:ram::1000000000000001:assumed-role/ecr-ops/s"
    now[0] += 900 - 121  # just before the margin
    assert creds.get() is first
    now[0] += 1  # inside the margin: refresh
    assert creds.get().access_key_id == "STS.key2"
    assert len(sts.calls) == 2
    assert sts.calls[0] == (
        "LTAI5tPartnerRootKey02",
        {"RoleArn": ROLE, "RoleSessionName": "s1", "DurationSeconds": 900},
    )


def test_default_margin_is_a_fifth_of_the_duration_at_most_five_minutes() -> None:
    base = StaticCredentials("LTAI5tPartnerRootKey02", SECRET)
    assert AssumeRoleCredentials(base, ROLE, duration_seconds=900).refresh_margin_seconds == 180
    assert AssumeRoleCredentials(base, ROLE, duration_seconds=3600).refresh_margin_seconds == 300


def test_failed_refresh_falls_back_to_still_valid_credentials_then_fails() -> None:
    now = [1_800_000_000.0]
    creds, sts = _assumed(now, refresh_margin_seconds=300)
    first = creds.get()
    sts.fail_with = ServerError("ServiceUnavailable", "down")
    now[0] += 700  # inside the margin, not yet expired
    assert creds.get() is first
    now[0] += 300  # expired
    with pytest.raises(ServerError):
        creds.get()


def test_unbound_assume_role_explains_itself() -> None:
    creds = AssumeRoleCredentials(StaticCredentials("LTAI5tPartnerRootKey02", SECRET), ROLE)
    with pytest.raises(CredentialsError, match="not bound"):
        creds.get()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role_arn": "arn:aws:iam::1:role/x"}, "role_arn"),
        ({"session_name": "x"}, "session_name"),
        ({"session_name": "has space"}, "session_name"),
        ({"duration_seconds": 100}, "duration_seconds"),
    ],
)
def test_assume_role_validates_its_inputs(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"role_arn": ROLE, "session_name": "ok-session", "duration_seconds": 3600, **kwargs}
    with pytest.raises(CredentialsError, match=message):
        AssumeRoleCredentials(StaticCredentials("LTAI5tPartnerRootKey02", SECRET), **args)


def test_repr_of_assume_role_hides_base_secret() -> None:
    creds, _ = _assumed([1_800_000_000.0])
    creds.get()
    assert SECRET not in repr(creds) and "secret1" not in repr(creds) and "token1" not in repr(creds)


def test_tea_adapter_presents_sts_and_ak_types() -> None:
    now = [1_800_000_000.0]
    creds, _ = _assumed(now)
    model = TeaCredentialAdapter(creds).get_credential()
    assert (model.type, model.access_key_id, model.security_token) == ("sts", "STS.key1", "token1")
    plain = TeaCredentialAdapter(StaticCredentials("LTAI5tPartnerRootKey02", SECRET)).get_credential()
    assert plain.type == "access_key" and plain.security_token is None
