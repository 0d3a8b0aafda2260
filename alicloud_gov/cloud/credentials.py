"""Where the AccessKey that signs our calls comes from.

Providers (all :class:`CredentialsProvider`): :class:`StaticCredentials` (an AccessKey pair, optionally an STS
token), :class:`EnvCredentials` (``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``_ACCESS_KEY_SECRET`` / ``_SECURITY_TOKEN``),
:class:`ProfileCredentials` (the aliyun CLI's ``~/.aliyun/config.json``: modes ``AK``, ``StsToken``,
``RamRoleArn``, ``ChainableRamRoleArn``), :class:`AssumeRoleCredentials` (STS AssumeRole on top of another
provider, refreshed before expiry) and :class:`DefaultCredentials` (env, then the CLI profile).

Why not alibabacloud-credentials for everything: its RamRoleArn provider calls STS itself over hard-coded
https with its own client, so it can neither go through our retries and error mapping nor reach the local
emulator over http. We therefore make AssumeRole calls through our own STS client (the :class:`Cloud` binds
an ``AssumeRoleCall`` into each provider) and read the CLI profile ourselves (a small JSON file; reading it
here also gives errors that name the profile and field). We do use alibabacloud-credentials where it
serves: its ``CredentialModel`` is what the tea transport consumes (see ``transport.py``), and we follow its
field names for the profile file and its ``ALIBABA_CLOUD_PROFILE`` variable.

Secrets never appear in ``repr``/``str``: key ids are shortened (``LTAI****0001``), secrets and tokens masked.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from alicloud_gov.cloud.errors import CloudError, CredentialsError

__all__ = [
    "AssumeRoleCall",
    "AssumeRoleCredentials",
    "Credential",
    "CredentialsProvider",
    "DefaultCredentials",
    "EnvCredentials",
    "ProfileCredentials",
    "StaticCredentials",
    "default_profile_path",
    "mask_key_id",
    "mask_secret",
    "parse_cli_profile",
]

log = logging.getLogger("alicloud_gov.cloud")

ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"
ENV_PROFILE = "ALIBABA_CLOUD_PROFILE"
ENV_PROFILE_FILE = "ALICLOUD_GOV_CLI_CONFIG"

ROLE_ARN = re.compile(r"^acs:ram::(\d+):role/([A-Za-z0-9.\-]{1,64})$")
SESSION_NAME = re.compile(r"^[A-Za-z0-9.@_\-]{2,64}$")


def mask_key_id(value: str | None) -> str:
    """Shorten an AccessKey id for display: first and last four characters (``LTAI****0001``)."""
    if not value:
        return "<none>"
    return f"{value[:4]}****{value[-4:]}" if len(value) >= 12 else "****"


def mask_secret(value: str | None) -> str:
    """Hide a secret or token entirely, only saying whether there is one."""
    return "<none>" if not value else "****"


@dataclass(frozen=True, repr=False)
class Credential:
    """A resolved AccessKey (permanent, or temporary with ``security_token`` and ``expiration`` epoch seconds)."""

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None
    expiration: float | None = None

    def __repr__(self) -> str:
        exp = f", expiration={self.expiration:.0f}" if self.expiration is not None else ""
        return (
            f"Credential(access_key_id={mask_key_id(self.access_key_id)!r}, "
            f"access_key_secret={mask_secret(self.access_key_secret)!r}, "
            f"security_token={mask_secret(self.security_token)!r}{exp})"
        )

    __str__ = __repr__


#: Makes one STS AssumeRole call signed with ``base`` and returns the response body
#: (``{"Credentials": {...}, "AssumedRoleUser": {...}}``). The Cloud provides it; tests may fake it.
AssumeRoleCall = Callable[["CredentialsProvider", Mapping[str, Any]], Mapping[str, Any]]


class CredentialsProvider(ABC):
    """Yields the credential to sign the next request with; thread-safe."""

    @abstractmethod
    def get(self) -> Credential:
        """The credential to use now (refreshing it first if it is about to expire)."""

    def bind(self, assume_role: AssumeRoleCall) -> CredentialsProvider:
        """A provider whose AssumeRole calls (if any) go through ``assume_role``; default: itself."""
        return self

    def describe(self) -> str:
        """A secret-free one-line description for logs and errors."""
        return repr(self)


class StaticCredentials(CredentialsProvider):
    """A fixed AccessKey pair, with an STS security token when it is temporary."""

    def __init__(self, access_key_id: str, access_key_secret: str, security_token: str | None = None) -> None:
        if not access_key_id or not access_key_secret:
            raise CredentialsError(
                "InvalidCredentials", "StaticCredentials needs a non-empty access_key_id and access_key_secret"
            )
        self._credential = Credential(access_key_id, access_key_secret, security_token or None)

    @property
    def access_key_id(self) -> str:
        """The AccessKey id (not secret)."""
        return self._credential.access_key_id

    def get(self) -> Credential:
        """The fixed credential."""
        return self._credential

    def __repr__(self) -> str:
        token = ", security_token='****'" if self._credential.security_token else ""
        return f"StaticCredentials(access_key_id={mask_key_id(self.access_key_id)!r}, access_key_secret='****'{token})"


class EnvCredentials(CredentialsProvider):
    """``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``_ACCESS_KEY_SECRET`` (+ ``_SECURITY_TOKEN``), read at each ``get``."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = environ

    def get(self) -> Credential:
        """The credential in the environment; CredentialsError naming the missing variable otherwise."""
        env = os.environ if self._environ is None else self._environ
        key_id, secret = env.get(ENV_ACCESS_KEY_ID, ""), env.get(ENV_ACCESS_KEY_SECRET, "")
        missing = [name for name, value in ((ENV_ACCESS_KEY_ID, key_id), (ENV_ACCESS_KEY_SECRET, secret)) if not value]
        if missing:
            raise CredentialsError("InvalidCredentials", f"environment variable(s) not set: {', '.join(missing)}")
        return Credential(key_id, secret, env.get(ENV_SECURITY_TOKEN) or None)

    def __repr__(self) -> str:
        return "EnvCredentials()"


def default_profile_path(environ: Mapping[str, str] | None = None) -> Path:
    """The aliyun CLI's config file: ``$ALICLOUD_GOV_CLI_CONFIG`` or ``~/.aliyun/config.json``."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_PROFILE_FILE)
    return Path(override) if override else Path.home() / ".aliyun" / "config.json"


def parse_cli_profile(
    config: Mapping[str, Any], name: str | None = None, *, source: str = "config.json"
) -> CredentialsProvider:
    """Turn one profile of an aliyun CLI config (already parsed JSON) into a provider.

    ``name`` None means the file's ``current`` profile. Supported modes: ``AK``, ``StsToken``,
    ``RamRoleArn`` (AssumeRole with the profile's AccessKey) and ``ChainableRamRoleArn`` (AssumeRole on top
    of ``source_profile``). Errors name the file, the profile and the field.
    """
    return _parse_profile(config, name, source, seen=())


def _parse_profile(
    config: Mapping[str, Any], name: str | None, source: str, seen: tuple[str, ...]
) -> CredentialsProvider:
    if not isinstance(config, Mapping):
        raise CredentialsError("InvalidProfile", f"{source}: expected a JSON object at the top level")
    profile_name = name or config.get("current") or "default"
    if profile_name in seen:
        raise CredentialsError("InvalidProfile", f"{source}: profile chain loops: {' -> '.join([*seen, profile_name])}")
    profiles = config.get("profiles")
    if not isinstance(profiles, list):
        raise CredentialsError("InvalidProfile", f"{source}: field 'profiles' must be a list")
    found = next((p for p in profiles if isinstance(p, Mapping) and p.get("name") == profile_name), None)
    if found is None:
        known = ", ".join(sorted(str(p.get("name")) for p in profiles if isinstance(p, Mapping))) or "none"
        raise CredentialsError("InvalidProfile", f"{source}: no profile named {profile_name!r} (profiles: {known})")
    where = f"{source}: profile {profile_name!r}"
    mode = found.get("mode", "AK")

    def field(key: str) -> str:
        value = found.get(key)
        if not isinstance(value, str) or not value:
            raise CredentialsError("InvalidProfile", f"{where} (mode {mode}): field {key!r} is missing or empty")
        return value

    def assume_role_on(base: CredentialsProvider) -> AssumeRoleCredentials:
        duration = found.get("expired_seconds") or 3600
        try:
            duration = int(duration)
        except (TypeError, ValueError):
            raise CredentialsError("InvalidProfile", f"{where}: field 'expired_seconds' must be a number") from None
        return AssumeRoleCredentials(
            base,
            field("ram_role_arn"),
            session_name=found.get("ram_session_name") or "alicloud-gov",
            external_id=found.get("external_id") or None,
            duration_seconds=duration,
            policy=found.get("policy") or None,
        )

    if mode == "AK":
        return StaticCredentials(field("access_key_id"), field("access_key_secret"))
    if mode == "StsToken":
        return StaticCredentials(field("access_key_id"), field("access_key_secret"), field("sts_token"))
    if mode == "RamRoleArn":
        return assume_role_on(StaticCredentials(field("access_key_id"), field("access_key_secret")))
    if mode == "ChainableRamRoleArn":
        base = _parse_profile(config, field("source_profile"), source, (*seen, profile_name))
        return assume_role_on(base)
    raise CredentialsError(
        "InvalidProfile",
        f"{where}: mode {mode!r} is not supported (supported: AK, StsToken, RamRoleArn, ChainableRamRoleArn)",
    )


class ProfileCredentials(CredentialsProvider):
    """A profile of the aliyun CLI's config file, read once on first use.

    ``name``: the profile (default ``$ALIBABA_CLOUD_PROFILE``, then the file's ``current``);
    ``path``: the file (default :func:`default_profile_path`, overridable for tests).
    """

    def __init__(
        self,
        name: str | None = None,
        path: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        self.name = name or env.get(ENV_PROFILE) or None
        self.path = Path(path) if path is not None else default_profile_path(env)
        self._assume_role: AssumeRoleCall | None = None
        self._inner: CredentialsProvider | None = None
        self._lock = threading.Lock()

    def load(self) -> CredentialsProvider:
        """Read and parse the profile (once); CredentialsError if the file or profile is unusable."""
        with self._lock:
            if self._inner is None:
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                except FileNotFoundError:
                    raise CredentialsError("InvalidProfile", f"aliyun CLI config file not found: {self.path}") from None
                except (OSError, ValueError) as exc:
                    raise CredentialsError(
                        "InvalidProfile", f"cannot read aliyun CLI config {self.path}: {exc}"
                    ) from None
                inner = parse_cli_profile(data, self.name, source=str(self.path))
                self._inner = inner.bind(self._assume_role) if self._assume_role else inner
            return self._inner

    def get(self) -> Credential:
        """The profile's current credential."""
        return self.load().get()

    def bind(self, assume_role: AssumeRoleCall) -> ProfileCredentials:
        """A copy whose RamRoleArn AssumeRole calls go through ``assume_role``."""
        bound = ProfileCredentials(self.name, self.path, environ={})
        bound._assume_role = assume_role
        return bound

    def __repr__(self) -> str:
        return f"ProfileCredentials(name={self.name!r}, path={str(self.path)!r})"


class DefaultCredentials(CredentialsProvider):
    """The usual chain: environment variables if set, otherwise the aliyun CLI profile file."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = environ
        self._assume_role: AssumeRoleCall | None = None
        self._chosen: CredentialsProvider | None = None
        self._lock = threading.Lock()

    def resolve(self) -> CredentialsProvider:
        """The provider the chain settles on (decided once)."""
        with self._lock:
            if self._chosen is None:
                env = os.environ if self._environ is None else self._environ
                if env.get(ENV_ACCESS_KEY_ID):
                    chosen: CredentialsProvider = EnvCredentials(self._environ)
                elif default_profile_path(env).is_file():
                    chosen = ProfileCredentials(environ=env)
                else:
                    raise CredentialsError(
                        "InvalidCredentials",
                        f"no credentials: set {ENV_ACCESS_KEY_ID} and {ENV_ACCESS_KEY_SECRET}, "
                        "or configure the aliyun CLI (~/.aliyun/config.json)",
                    )
                self._chosen = chosen.bind(self._assume_role) if self._assume_role else chosen
            return self._chosen

    def get(self) -> Credential:
        """The chosen provider's credential."""
        return self.resolve().get()

    def bind(self, assume_role: AssumeRoleCall) -> DefaultCredentials:
        """A copy that binds ``assume_role`` into whichever provider it settles on."""
        bound = DefaultCredentials(self._environ)
        bound._assume_role = assume_role
        return bound

    def __repr__(self) -> str:
        return "DefaultCredentials()"


def _parse_expiration(value: object, role_arn: str) -> float:
    if not isinstance(value, str):
        raise CredentialsError("InvalidResponse", f"AssumeRole {role_arn}: response has no Credentials.Expiration")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CredentialsError("InvalidResponse", f"AssumeRole {role_arn}: unreadable Expiration {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


class AssumeRoleCredentials(CredentialsProvider):
    """Temporary credentials of a RAM role, from STS AssumeRole signed with ``base``; refreshed before expiry.

    A refresh happens on the first ``get`` at or after ``expiration - refresh_margin_seconds`` (default: a fifth
    of the duration, at most 5 minutes). If a refresh fails while the cached credential is still valid, the
    cached one is used and the failure logged; once expired, the failure propagates.
    The AssumeRole call itself is injected by :meth:`bind` (the Cloud does this with its own STS client).
    """

    def __init__(
        self,
        base: CredentialsProvider,
        role_arn: str,
        session_name: str = "alicloud-gov",
        external_id: str | None = None,
        duration_seconds: int = 3600,
        *,
        policy: str | None = None,
        refresh_margin_seconds: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not ROLE_ARN.match(role_arn or ""):
            raise CredentialsError(
                "InvalidParameter.RoleArn",
                f"role_arn {role_arn!r} is not of the form acs:ram::<account id>:role/<name>",
            )
        if not SESSION_NAME.match(session_name or ""):
            raise CredentialsError(
                "InvalidParameter.RoleSessionName",
                f"session_name {session_name!r} must be 2-64 characters of letters, digits and . @ _ -",
            )
        if not 900 <= int(duration_seconds) <= 43200:
            raise CredentialsError(
                "InvalidParameter.DurationSeconds", f"duration_seconds must be 900..43200, got {duration_seconds}"
            )
        self.base = base
        self.role_arn = role_arn
        self.session_name = session_name
        self.external_id = external_id
        self.duration_seconds = int(duration_seconds)
        self.policy = policy
        self.refresh_margin_seconds = (
            refresh_margin_seconds if refresh_margin_seconds is not None else min(300.0, self.duration_seconds / 5)
        )
        self.clock = clock
        self.assumed_role_arn: str | None = None
        self._assume_role: AssumeRoleCall | None = None
        self._cached: Credential | None = None
        self._lock = threading.Lock()

    @property
    def account_id(self) -> str:
        """The account that owns the role."""
        match = ROLE_ARN.match(self.role_arn)
        assert match is not None  # validated in __init__
        return match.group(1)

    def bind(self, assume_role: AssumeRoleCall) -> AssumeRoleCredentials:
        """A copy (sharing nothing cached) whose AssumeRole calls go through ``assume_role``."""
        bound = AssumeRoleCredentials(
            self.base.bind(assume_role),
            self.role_arn,
            self.session_name,
            self.external_id,
            self.duration_seconds,
            policy=self.policy,
            refresh_margin_seconds=self.refresh_margin_seconds,
            clock=self.clock,
        )
        bound._assume_role = assume_role
        return bound

    def needs_refresh(self) -> bool:
        """Whether the next ``get`` will call AssumeRole (nothing cached, or within the margin of expiry)."""
        cached = self._cached
        if cached is None or cached.expiration is None:
            return True
        return self.clock() >= cached.expiration - self.refresh_margin_seconds

    def get(self) -> Credential:
        """The role's temporary credential, assuming the role again when the cached one nears expiry."""
        with self._lock:
            if not self.needs_refresh():
                assert self._cached is not None
                return self._cached
            try:
                self._cached = self._assume()
            except CloudError as err:
                cached = self._cached
                if cached is not None and cached.expiration is not None and self.clock() < cached.expiration:
                    log.warning(
                        "refreshing credentials of %s failed (%s); using the cached ones", self.role_arn, err.code
                    )
                    return cached
                raise
            return self._cached

    def _assume(self) -> Credential:
        if self._assume_role is None:
            raise CredentialsError(
                "InvalidCredentials",
                f"AssumeRoleCredentials for {self.role_arn} is not bound to an STS client; "
                "pass it to Cloud(CloudConfig(credentials=...))",
            )
        params: dict[str, Any] = {
            "RoleArn": self.role_arn,
            "RoleSessionName": self.session_name,
            "DurationSeconds": self.duration_seconds,
        }
        if self.external_id:
            params["ExternalId"] = self.external_id
        if self.policy:
            params["Policy"] = self.policy
        body = self._assume_role(self.base, params)
        creds = body.get("Credentials")
        if not isinstance(creds, Mapping) or not creds.get("AccessKeyId") or not creds.get("AccessKeySecret"):
            raise CredentialsError("InvalidResponse", f"AssumeRole {self.role_arn}: response has no Credentials")
        user = body.get("AssumedRoleUser")
        self.assumed_role_arn = str(user.get("Arn")) if isinstance(user, Mapping) and user.get("Arn") else None
        log.debug("assumed %s as session %s", self.role_arn, self.session_name)
        return Credential(
            str(creds["AccessKeyId"]),
            str(creds["AccessKeySecret"]),
            str(creds.get("SecurityToken") or "") or None,
            _parse_expiration(creds.get("Expiration"), self.role_arn),
        )

    def __repr__(self) -> str:
        return (
            f"AssumeRoleCredentials(base={self.base!r}, role_arn={self.role_arn!r}, "
            f"session_name={self.session_name!r}, duration_seconds={self.duration_seconds})"
        )
