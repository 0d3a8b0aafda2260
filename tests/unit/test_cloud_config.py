"""CloudConfig: endpoint parsing (one override for the emulator), env settings, validation."""

from __future__ import annotations

import pytest

from alicloud_gov.cloud.config import CloudConfig, parse_endpoint
from alicloud_gov.cloud.credentials import StaticCredentials

CREDS = StaticCredentials("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")


@pytest.mark.parametrize(
    ("endpoint", "protocol", "expected"),
    [
        ("127.0.0.1:8080", None, ("127.0.0.1:8080", "http")),
        ("localhost:8080", None, ("localhost:8080", "http")),
        ("http://127.0.0.1:8080/", None, ("127.0.0.1:8080", "http")),
        ("https://ram.example.internal", None, ("ram.example.internal", "https")),
        ("ram.example.internal", None, ("ram.example.internal", "https")),
        ("127.0.0.1:8443", "https", ("127.0.0.1:8443", "https")),
    ],
)
def test_parse_endpoint(endpoint: str, protocol: str | None, expected: tuple[str, str]) -> None:
    assert parse_endpoint(endpoint, protocol) == expected


@pytest.mark.parametrize("bad", ["", "ftp://x", "http://x/path", "x/y"])
def test_parse_endpoint_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        parse_endpoint(bad)


def test_override_endpoint_prefers_config_then_env() -> None:
    assert CloudConfig(credentials=CREDS).override_endpoint({}) is None
    env = {"ALICLOUD_GOV_ENDPOINT": "127.0.0.1:9"}
    assert CloudConfig(credentials=CREDS).override_endpoint(env) == ("127.0.0.1:9", "http")
    assert CloudConfig(endpoint="127.0.0.1:7", credentials=CREDS).override_endpoint(env) == ("127.0.0.1:7", "http")


def test_from_env() -> None:
    cfg = CloudConfig.from_env(
        {"ALIBABA_CLOUD_REGION_ID": "cn-beijing", "ALICLOUD_GOV_ENDPOINT": "127.0.0.1:5"}, credentials=CREDS
    )
    assert (cfg.region, cfg.endpoint) == ("cn-beijing", "127.0.0.1:5")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"region": ""}, "region"),
        ({"protocol": "ftp"}, "protocol"),
        ({"read_timeout": 0}, "timeouts"),
        ({"endpoint": "x/y"}, "endpoint"),
    ],
)
def test_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CloudConfig(credentials=CREDS, **kwargs)  # type: ignore[arg-type]
