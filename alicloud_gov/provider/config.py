"""The provider's configuration: parsed, validated offline, and turned into a cloud-layer config.

Values arrive as provider inputs (explicit ``Provider`` resources) or stack config
(``alicloud-gov:region`` ...); numbers and objects may arrive as JSON text. The secret
fields never appear in ``repr`` and are marked secret in the checked inputs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alicloud_gov.cloud.config import region_from_env
from alicloud_gov.cloud.credentials import (
    OIDC_PROVIDER_ARN,
    OIDC_ROLE_ARN,
    OIDC_TOKEN_FILE,
    ROLE_SESSION_NAME,
    env_value,
)
from alicloud_gov.plan import UNKNOWN
from alicloud_gov.spec import names
from alicloud_gov.spec.arns import ArnError, parse_oidc_provider_arn, parse_role_arn
from alicloud_gov.spec.regions import is_known_region, unknown_region_message
from alicloud_gov.spec.schema import CONFIG_FIELDS

if TYPE_CHECKING:
    from alicloud_gov.cloud import CloudConfig

DEFAULT_DURATION = 3600
"""An assumed role's session length when none is given (SDK alibabacloud_sts20150401 AssumeRoleRequest)."""
SECRET_FIELDS = frozenset({"accessKeySecret", "securityToken"})
DEFAULT_REGION = "cn-hangzhou"
_KNOWN = frozenset({item.name for item in CONFIG_FIELDS} | {"version"})
_SOURCES = ("accessKeyId", "profile", "assumeRoleWithOidc")
"""Config keys that each name a whole credentials source: at most one may be set."""
_OIDC_KEYS = {
    "roleArn": OIDC_ROLE_ARN,
    "oidcProviderArn": OIDC_PROVIDER_ARN,
    "oidcTokenFile": OIDC_TOKEN_FILE,
    "sessionName": ROLE_SESSION_NAME,
    "durationSeconds": (),
}
"""assumeRoleWithOidc's keys and the environment variables a missing one is read from (as Terraform's block)."""
SKIP_REGION_VALIDATION_ENV = "ALICLOUD_SKIP_REGION_VALIDATION"


class ConfigError(ValueError):
    """A provider configuration problem, naming the field."""


@dataclass(frozen=True)
class AssumeRoleConfig:
    """A role the provider assumes with its base credentials before every call."""

    role_arn: str
    session_name: str = "alicloud-gov"
    external_id: str | None = None
    duration_seconds: int = DEFAULT_DURATION


@dataclass(frozen=True)
class OidcConfig:
    """A role the provider assumes with an OIDC token from a file (STS AssumeRoleWithOIDC), no AccessKey."""

    role_arn: str
    oidc_provider_arn: str
    token_file: str
    session_name: str = "alicloud-gov"
    duration_seconds: int = DEFAULT_DURATION


@dataclass(frozen=True)
class ProviderConfig:
    """One provider instance's settings (one account, one set of credentials)."""

    region: str = DEFAULT_REGION
    access_key_id: str | None = None
    access_key_secret: str | None = field(default=None, repr=False)
    security_token: str | None = field(default=None, repr=False)
    profile: str | None = None
    assume_role: AssumeRoleConfig | None = None
    oidc: OidcConfig | None = None
    endpoint: str | None = None
    protocol: str | None = None
    max_retries: int = 7
    account_id: str | None = None

    def cloud_config(self) -> CloudConfig:
        """The cloud layer's config: static keys, a CLI profile or OIDC if configured, else the environment's
        chain (``alicloud_gov.cloud.credentials.ENV_CHAIN``); then, optionally, a role assumed on top."""
        from alicloud_gov.cloud import (
            AssumeRoleCredentials,
            CloudConfig,
            CredentialsProvider,
            DefaultCredentials,
            OidcCredentials,
            ProfileCredentials,
            StaticCredentials,
        )

        base: CredentialsProvider
        if self.access_key_id and self.access_key_secret:
            base = StaticCredentials(self.access_key_id, self.access_key_secret, self.security_token)
        elif self.profile:
            base = ProfileCredentials(self.profile)
        elif self.oidc is not None:
            oidc = self.oidc
            base = OidcCredentials(
                oidc.role_arn, oidc.oidc_provider_arn, oidc.token_file, oidc.session_name, oidc.duration_seconds
            )
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
    region = values.get("region") or region_from_env(env) or DEFAULT_REGION
    if not names.REGION_ID.matches(region):
        raise ConfigError(f"provider config 'region': {region!r} {names.REGION_ID.explain}")
    if not _skip_region_validation(values.get("skipRegionValidation"), env) and not is_known_region(region):
        raise ConfigError(
            f"provider config 'region': {unknown_region_message(region)}; "
            "set skipRegionValidation to use a region not in this list"
        )
    given = [key for key in _SOURCES if values.get(key) not in (None, "", {})]
    if len(given) > 1:
        raise ConfigError(f"provider config '{given[1]}': choose one credentials source, not {' and '.join(given)}")
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
    if account_id is not None and not names.is_account_uid(account_id):
        raise ConfigError(f"provider config 'accountId': {account_id!r} {names.ACCOUNT_UID.explain}")
    return ProviderConfig(
        account_id=account_id,
        region=region,
        access_key_id=key_id or None,
        access_key_secret=secret or None,
        security_token=values.get("securityToken") or None,
        profile=values.get("profile") or None,
        assume_role=_assume_role(values.get("assumeRole")),
        oidc=_oidc(values.get("assumeRoleWithOidc"), env),
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
    if not isinstance(role_arn, str) or not _is_role_arn(role_arn):
        raise ConfigError(f"provider config 'assumeRole': roleArn {role_arn!r} is not acs:ram::<uid>:role/<name>")
    session_name = raw.get("sessionName") or "alicloud-gov"
    if not isinstance(session_name, str) or not names.SESSION_NAME.matches(session_name):
        raise ConfigError(
            f"provider config 'assumeRole': sessionName {session_name!r}: {names.SESSION_NAME.describe()}"
        )
    raw_duration = raw.get("durationSeconds")
    duration = DEFAULT_DURATION if raw_duration in (None, "") else _int(raw_duration, "assumeRole")
    low, high = names.ASSUME_ROLE_DURATION
    if not low <= duration <= high:
        raise ConfigError(f"provider config 'assumeRole': durationSeconds must be {low}-{high}, got {duration}")
    external_id = raw.get("externalId")
    return AssumeRoleConfig(role_arn, session_name, str(external_id) if external_id else None, duration)


def _skip_region_validation(raw: Any, env: Mapping[str, str]) -> bool:
    """skipRegionValidation (a boolean, or its text) or, when unset, ``ALICLOUD_SKIP_REGION_VALIDATION``."""
    value = raw if raw not in (None, "") else env.get(SKIP_REGION_VALIDATION_ENV, "")
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("", "false", "0"):
        return False
    if text in ("true", "1"):
        return True
    raise ConfigError(f"provider config 'skipRegionValidation': expected true or false, got {value!r}")


def _oidc(raw: Any, env: Mapping[str, str]) -> OidcConfig | None:
    """assumeRoleWithOidc, its missing keys read from the ALIBABA_CLOUD_* variables CI systems set."""
    raw = _json_or_text(raw)
    if raw in (None, "", {}):
        return None
    where = "provider config 'assumeRoleWithOidc'"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: expected {{{', '.join(_OIDC_KEYS)}}}")
    extra = sorted(set(raw) - set(_OIDC_KEYS))
    if extra:
        raise ConfigError(f"{where}: unknown key {extra[0]!r}")
    value = {
        key: raw.get(key) or (env_value(env, variables) if variables else None) for key, variables in _OIDC_KEYS.items()
    }
    required: list[str] = []
    for key in ("roleArn", "oidcProviderArn", "oidcTokenFile"):
        text = value[key]
        if not isinstance(text, str) or not text:
            variable = f" (or {_OIDC_KEYS[key][0]})" if _OIDC_KEYS[key] else ""
            raise ConfigError(f"{where}: {key}{variable} is required")
        required.append(text)
    role_arn, provider_arn, token_file = required
    if not _is_role_arn(role_arn):
        raise ConfigError(f"{where}: roleArn {role_arn!r} is not acs:ram::<uid>:role/<name>")
    try:
        parse_oidc_provider_arn(provider_arn)
    except ArnError as err:
        raise ConfigError(f"{where}: oidcProviderArn {err}") from None
    session_name = value["sessionName"] or "alicloud-gov"
    if not isinstance(session_name, str) or not names.SESSION_NAME.matches(session_name):
        raise ConfigError(f"{where}: sessionName {session_name!r}: {names.SESSION_NAME.describe()}")
    duration = (
        DEFAULT_DURATION
        if value["durationSeconds"] in (None, "")
        else _int(value["durationSeconds"], "assumeRoleWithOidc")
    )
    low, high = names.ASSUME_ROLE_DURATION
    if not low <= duration <= high:
        raise ConfigError(f"{where}: durationSeconds must be {low}-{high}, got {duration}")
    return OidcConfig(role_arn, provider_arn, token_file, session_name, duration)


def config_from_variables(variables: Mapping[str, str]) -> dict[str, Any]:
    """Raw config values from the engine's legacy ``variables`` (``alicloud-gov:config:region`` keys)."""
    result: dict[str, Any] = {}
    for key, value in variables.items():
        name = key.rsplit(":", 1)[-1]
        result[name] = _json_or_text(value)
    return result


def _is_role_arn(text: str) -> bool:
    """Whether ``text`` is ``acs:ram::<uid>:role/<name>`` with a valid role name."""
    try:
        _, role_name = parse_role_arn(text)
    except ArnError:
        return False
    return names.ROLE_NAME.matches(role_name)
