"""The provider's configuration: parsed, validated offline, and turned into a cloud-layer config.

Values arrive as provider inputs (explicit ``Provider`` resources) or stack config
(``alicloud-gov:region`` ...); numbers and objects may arrive as JSON text. The secret
fields never appear in ``repr`` and are marked secret in the checked inputs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alicloud_gov.plan import UNKNOWN

if TYPE_CHECKING:
    from alicloud_gov.cloud import CloudConfig

SECRET_FIELDS = frozenset({"accessKeySecret", "securityToken"})
DEFAULT_REGION = "cn-hangzhou"
_ROLE_ARN = re.compile(r"acs:ram::[0-9]+:role/[A-Za-z0-9.-]+")
_SESSION_NAME = re.compile(r"[A-Za-z0-9.@_-]{2,64}")
_KNOWN = frozenset(
    {
        "region",
        "accessKeyId",
        "accessKeySecret",
        "securityToken",
        "profile",
        "assumeRole",
        "endpoint",
        "protocol",
        "maxRetries",
        "accountId",
        "version",
    }
)


class ConfigError(ValueError):
    """A provider configuration problem, naming the field."""


@dataclass(frozen=True)
class AssumeRoleConfig:
    """A role the provider assumes with its base credentials before every call."""

    role_arn: str
    session_name: str = "alicloud-gov"
    external_id: str | None = None
    duration_seconds: int = 3600


@dataclass(frozen=True)
class ProviderConfig:
    """One provider instance's settings (one account, one set of credentials)."""

    region: str = DEFAULT_REGION
    access_key_id: str | None = None
    access_key_secret: str | None = field(default=None, repr=False)
    security_token: str | None = field(default=None, repr=False)
    profile: str | None = None
    assume_role: AssumeRoleConfig | None = None
    endpoint: str | None = None
    protocol: str | None = None
    max_retries: int = 7
    account_id: str | None = None

    def cloud_config(self) -> CloudConfig:
        """The cloud layer's config: static keys, then a CLI profile, then the environment; optionally a role."""
        from alicloud_gov.cloud import (
            AssumeRoleCredentials,
            CloudConfig,
            CredentialsProvider,
            DefaultCredentials,
            ProfileCredentials,
            StaticCredentials,
        )

        base: CredentialsProvider
        if self.access_key_id and self.access_key_secret:
            base = StaticCredentials(self.access_key_id, self.access_key_secret, self.security_token)
        elif self.profile:
            base = ProfileCredentials(self.profile)
        else:
            base = DefaultCredentials()
        credentials: CredentialsProvider = base
        if self.assume_role is not None:
            credentials = AssumeRoleCredentials(
                base,
                self.assume_role.role_arn,
                self.assume_role.session_name,
                self.assume_role.external_id,
                self.assume_role.duration_seconds,
            )
        return CloudConfig(
            region=self.region,
            endpoint=self.endpoint,
            protocol=self.protocol,
            credentials=credentials,
            max_attempts=self.max_retries + 1,
        )


def _json_or_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"provider config '{name}': expected an integer, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"provider config '{name}': expected an integer, got {value!r}") from None
    if not number.is_integer():
        raise ConfigError(f"provider config '{name}': expected an integer, got {value!r}")
    return int(number)


def config_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (field, message) problem with raw config values; unknown values are skipped."""
    problems: list[tuple[str, str]] = []
    known = {key: value for key, value in values.items() if value is not UNKNOWN}
    try:
        parse_config(known)
    except ConfigError as err:
        field_name = str(err).split("'")[1] if "'" in str(err) else ""
        problems.append((field_name, str(err)))
    return problems


def parse_config(values: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> ProviderConfig:
    """A ProviderConfig from raw values (provider inputs or stack config); ConfigError names the bad field."""
    env = os.environ if environ is None else environ
    unknown_keys = sorted(set(values) - _KNOWN)
    if unknown_keys:
        raise ConfigError(
            f"provider config '{unknown_keys[0]}': unknown setting (known: {', '.join(sorted(_KNOWN - {'version'}))})"
        )
    for key in (
        "region",
        "accessKeyId",
        "accessKeySecret",
        "securityToken",
        "profile",
        "endpoint",
        "protocol",
        "accountId",
    ):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"provider config '{key}': expected a string, got {type(value).__name__}")
    region = values.get("region") or env.get("ALIBABA_CLOUD_REGION_ID") or DEFAULT_REGION
    if not re.fullmatch(r"[a-z0-9-]+", region):
        raise ConfigError(f"provider config 'region': {region!r} is not a region id (e.g. cn-hangzhou)")
    key_id, secret = values.get("accessKeyId"), values.get("accessKeySecret")
    if bool(key_id) != bool(secret):
        missing = "accessKeySecret" if key_id else "accessKeyId"
        raise ConfigError(f"provider config '{missing}': accessKeyId and accessKeySecret go together")
    if values.get("securityToken") and not key_id:
        raise ConfigError("provider config 'securityToken': needs accessKeyId and accessKeySecret")
    protocol = values.get("protocol") or None
    if protocol is not None and protocol not in ("http", "https"):
        raise ConfigError(f"provider config 'protocol': must be http or https, got {protocol!r}")
    endpoint = values.get("endpoint") or None
    if endpoint is not None:
        from alicloud_gov.cloud.config import parse_endpoint

        try:
            parse_endpoint(endpoint, protocol)
        except ValueError as err:
            raise ConfigError(f"provider config 'endpoint': {err}") from None
    max_retries = 7 if values.get("maxRetries") in (None, "") else _int(values["maxRetries"], "maxRetries")
    if not 0 <= max_retries <= 20:
        raise ConfigError(f"provider config 'maxRetries': must be 0-20, got {max_retries}")
    account_id = values.get("accountId") or None
    if account_id is not None and not re.fullmatch(r"[0-9]+", account_id):
        raise ConfigError(f"provider config 'accountId': {account_id!r} is not an account UID (digits only)")
    return ProviderConfig(
        account_id=account_id,
        region=region,
        access_key_id=key_id or None,
        access_key_secret=secret or None,
        security_token=values.get("securityToken") or None,
        profile=values.get("profile") or None,
        assume_role=_assume_role(values.get("assumeRole")),
        endpoint=endpoint,
        protocol=protocol,
        max_retries=max_retries,
    )


def _assume_role(raw: Any) -> AssumeRoleConfig | None:
    raw = _json_or_text(raw)
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, Mapping):
        raise ConfigError("provider config 'assumeRole': expected {roleArn, sessionName, externalId, durationSeconds}")
    extra = sorted(set(raw) - {"roleArn", "sessionName", "externalId", "durationSeconds"})
    if extra:
        raise ConfigError(f"provider config 'assumeRole': unknown key {extra[0]!r}")
    role_arn = raw.get("roleArn")
    if not isinstance(role_arn, str) or not _ROLE_ARN.fullmatch(role_arn):
        raise ConfigError(f"provider config 'assumeRole': roleArn {role_arn!r} is not acs:ram::<uid>:role/<name>")
    session_name = raw.get("sessionName") or "alicloud-gov"
    if not isinstance(session_name, str) or not _SESSION_NAME.fullmatch(session_name):
        raise ConfigError(f"provider config 'assumeRole': sessionName {session_name!r} must be 2-64 of [A-Za-z0-9.@_-]")
    duration = 3600 if raw.get("durationSeconds") in (None, "") else _int(raw["durationSeconds"], "assumeRole")
    if not 900 <= duration <= 43200:
        raise ConfigError(f"provider config 'assumeRole': durationSeconds must be 900-43200, got {duration}")
    external_id = raw.get("externalId")
    return AssumeRoleConfig(role_arn, session_name, str(external_id) if external_id else None, duration)


def config_from_variables(variables: Mapping[str, str]) -> dict[str, Any]:
    """Raw config values from the engine's legacy ``variables`` (``alicloud-gov:config:region`` keys)."""
    result: dict[str, Any] = {}
    for key, value in variables.items():
        name = key.rsplit(":", 1)[-1]
        result[name] = _json_or_text(value)
    return result
