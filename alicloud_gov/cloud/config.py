"""CloudConfig: region, where to send calls (real endpoints or one override), credentials, retries, timeouts."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from alicloud_gov.cloud.credentials import CredentialsProvider, DefaultCredentials

__all__ = ["ENV_ENDPOINT", "ENV_REGION", "REGION_VARS", "CloudConfig", "parse_endpoint", "region_from_env"]

ENV_ENDPOINT = "ALICLOUD_GOV_ENDPOINT"
ENV_REGION = "ALIBABA_CLOUD_REGION_ID"
REGION_VARS = (ENV_REGION, "ALICLOUD_REGION", "ALIBABA_CLOUD_REGION")
"""Region variables, first set wins: the SDKs' name, then terraform-provider-alicloud's (alicloud/provider.go)."""


def region_from_env(environ: Mapping[str, str]) -> str | None:
    """The region the environment names (:data:`REGION_VARS`), or None."""
    return next((environ[name] for name in REGION_VARS if environ.get(name)), None)


def _is_loopback(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def parse_endpoint(endpoint: str, protocol: str | None = None) -> tuple[str, str]:
    """Split ``host[:port]`` or ``scheme://host[:port][/]`` into (host, protocol).

    Without a scheme or ``protocol``, loopback hosts (the emulator) use http and others https.
    """
    text = endpoint.strip()
    if not text:
        raise ValueError("CloudConfig.endpoint is empty")
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"CloudConfig.endpoint {endpoint!r}: expected http(s)://host[:port] or host[:port]")
        if parts.path not in ("", "/"):
            raise ValueError(f"CloudConfig.endpoint {endpoint!r}: a path is not allowed")
        return parts.netloc, protocol or parts.scheme
    if "/" in text:
        raise ValueError(f"CloudConfig.endpoint {endpoint!r}: expected host[:port]")
    return text, protocol or ("http" if _is_loopback(text) else "https")


@dataclass(frozen=True)
class CloudConfig:
    """Settings for :class:`~alicloud_gov.cloud.Cloud`.

    ``endpoint`` (or env ``ALICLOUD_GOV_ENDPOINT`` when left ``None``) sends every product to one host —
    the local emulator (``127.0.0.1:PORT``, http) — instead of the real per-product, per-region endpoints.
    ``credentials`` defaults to :class:`DefaultCredentials` (the chain of ``credentials.ENV_CHAIN``).
    ``max_attempts`` / ``max_retry_seconds`` bound our retries; timeouts are in seconds;
    ``consistency_timeout`` bounds read-after-write waits; ``regional_sts`` uses ``sts.<region>.aliyuncs.com``.
    """

    region: str = "cn-hangzhou"
    endpoint: str | None = None
    protocol: str | None = None
    credentials: CredentialsProvider = field(default_factory=DefaultCredentials)
    max_attempts: int = 8
    max_retry_seconds: float = 60.0
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    consistency_timeout: float = 30.0
    retry_base_delay: float = 0.2
    retry_max_delay: float = 10.0
    regional_sts: bool = False

    def __post_init__(self) -> None:
        if not self.region:
            raise ValueError("CloudConfig.region must not be empty")
        if self.protocol not in (None, "http", "https"):
            raise ValueError(f"CloudConfig.protocol must be 'http' or 'https', got {self.protocol!r}")
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("CloudConfig timeouts must be positive")
        if self.endpoint is not None:
            parse_endpoint(self.endpoint, self.protocol)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> CloudConfig:
        """A config from :data:`REGION_VARS` and ``ALICLOUD_GOV_ENDPOINT`` (plus keyword overrides)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        region = region_from_env(env)
        if region:
            values["region"] = region
        if env.get(ENV_ENDPOINT):
            values["endpoint"] = env[ENV_ENDPOINT]
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def override_endpoint(self, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
        """(host, protocol) every product goes to, or ``None`` for the real endpoints."""
        env = os.environ if environ is None else environ
        endpoint = self.endpoint or env.get(ENV_ENDPOINT) or None
        return parse_endpoint(endpoint, self.protocol) if endpoint else None
