"""Where the AccessKey that signs our calls comes from: a thin layer over ``alibabacloud-credentials``.

Every source is one of the library's providers (``alibabacloud_credentials.provider``), built on first use
from our settings; this module only chooses the provider, points its STS calls at the right endpoint,
names where the credentials came from, and turns the library's failures into secret-free
:class:`~alicloud_gov.cloud.errors.CloudError` s.

Sources (each a :class:`CredentialsProvider`):

- :class:`StaticCredentials`: an AccessKey pair, with an STS token when temporary (library: StaticAK, StaticSTS);
- :class:`AssumeRoleCredentials`: STS AssumeRole on top of another source, refreshed by the library before
  expiry (RamRoleArn);
- :class:`OidcCredentials`: STS AssumeRoleWithOIDC with a token file, as CI systems provide (OIDCRoleArn);
- :class:`EcsRamRoleCredentials`: the instance RAM role from the ECS metadata service (EcsRamRole);
- :class:`UriCredentials`: a local credentials server (URL, ``ALIBABA_CLOUD_CREDENTIALS_URI``);
- :class:`ProfileCredentials`: a profile of the aliyun CLI's ``config.json``, in every mode the library reads:
  AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CloudSSO, OAuth, External (CLIProfile);
- :class:`DefaultCredentials`: the chain over environment variables (:data:`ENV_CHAIN`), then the CLI profile,
  then the library's own default chain (credentials file, ECS metadata).

STS endpoint: :meth:`CredentialsProvider.bind` gives AssumeRole and AssumeRoleWithOIDC the endpoint the Cloud
uses (the emulator's ``http://127.0.0.1:PORT`` included). The library's STS providers send ``https`` to
``sts_endpoint``, except that Tea's URL composer (``TeaCore.compose_url``) keeps a host that already carries
a scheme as it is, so an ``http://`` endpoint reaches a plain-http emulator (tests/wire/test_oidc_login.py
guards this). Without an override the library's own choice stands (``ALIBABA_CLOUD_STS_REGION``,
``ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED``, else ``sts.aliyuncs.com``). CLI-profile modes that assume a role
use the STS region of the profile (the library reads it there).

Secrets never reach ``repr``, logs or errors: key ids are shortened (``LTAI****0001``), secrets and tokens
never shown, and the library's failure texts (which can carry the request URL with an OIDC token or a
signature, or a whole STS response) are reduced to the service's code and message. The library's own
``credentials`` logger (a stderr handler it installs) is silenced for the same reason.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alicloud_gov.cloud.errors import CloudConnectionError, CloudError, CredentialsError, classify_code

if TYPE_CHECKING:
    from alibabacloud_credentials.http import HttpOptions
    from alibabacloud_credentials_api import ICredentialsProvider

__all__ = [
    "ENV_CHAIN",
    "AssumeRoleCredentials",
    "Credential",
    "CredentialsProvider",
    "DefaultCredentials",
    "EcsRamRoleCredentials",
    "OidcCredentials",
    "ProfileCredentials",
    "StaticCredentials",
    "StsTarget",
    "UriCredentials",
    "default_profile_path",
    "env_value",
    "mask_key_id",
]

log = logging.getLogger("alicloud_gov.cloud")

# -- environment variables: the library's ALIBABA_CLOUD_* names first, then terraform-provider-alicloud's -------
# (alicloud/provider.go: ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY, ALICLOUD_SECURITY_TOKEN, ALICLOUD_ECS_ROLE_NAME,
# ALICLOUD_CREDENTIALS_URI, ALICLOUD_PROFILE; its OIDC block reads the ALIBABA_CLOUD_* names only).

ACCESS_KEY_FAMILIES: tuple[tuple[str, str, str], ...] = (
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
    ("ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_SECURITY_TOKEN"),
)
"""(key id, secret, token) variable names; the first family whose key id is set is used, never a mix."""
OIDC_ROLE_ARN = ("ALIBABA_CLOUD_ROLE_ARN",)
OIDC_PROVIDER_ARN = ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN",)
OIDC_TOKEN_FILE = ("ALIBABA_CLOUD_OIDC_TOKEN_FILE",)
ROLE_SESSION_NAME = ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "ALICLOUD_ASSUME_ROLE_SESSION_NAME")
ECS_ROLE_NAME = ("ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_ECS_ROLE_NAME")
CREDENTIALS_URI = ("ALIBABA_CLOUD_CREDENTIALS_URI", "ALICLOUD_CREDENTIALS_URI")
PROFILE_NAME = ("ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE")
PROFILE_FILE = ("ALICLOUD_GOV_CLI_CONFIG",)

ENV_CHAIN: tuple[str, ...] = (
    "AccessKey: " + " | ".join(f"{key}+{secret}[+{token}]" for key, secret, token in ACCESS_KEY_FAMILIES),
    f"OIDC: {OIDC_ROLE_ARN[0]}+{OIDC_PROVIDER_ARN[0]}+{OIDC_TOKEN_FILE[0]} [{ROLE_SESSION_NAME[0]}]",
    "credentials URI: " + " | ".join(CREDENTIALS_URI),
    "ECS RAM role: " + " | ".join(ECS_ROLE_NAME),
    "aliyun CLI profile: " + " | ".join(PROFILE_NAME) + f" in {PROFILE_FILE[0]} or ~/.aliyun/config.json",
    "the library's default chain: ~/.alibabacloud/credentials, ECS metadata",
)
"""The order :class:`DefaultCredentials` tries, for docs and error messages."""

DEFAULT_SESSION_NAME = "alicloud-gov"
_SECRET_MARKERS = (" result:", "HttpRAWContent", "\n")
_ERRNO = re.compile(r"\[Errno -?\d+\][^'\")\]]*")


def env_value(environ: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    """The first non-empty value among ``names`` in ``environ``, or None."""
    for name in names:
        value = environ.get(name)
        if value:
            return value
    return None


def mask_key_id(value: str | None) -> str:
    """Shorten an AccessKey id for display: first and last four characters (``LTAI****0001``)."""
    if not value:
        return "<none>"
    return f"{value[:4]}****{value[-4:]}" if len(value) >= 12 else "****"


def default_profile_path(environ: Mapping[str, str] | None = None) -> Path:
    """The aliyun CLI's config file: ``$ALICLOUD_GOV_CLI_CONFIG`` or ``~/.aliyun/config.json``."""
    env = os.environ if environ is None else environ
    override = env_value(env, PROFILE_FILE)
    return Path(override) if override else Path.home() / ".aliyun" / "config.json"


@dataclass(frozen=True, repr=False)
class Credential:
    """A resolved AccessKey (temporary with ``security_token``); ``source`` names the library provider chain
    that produced it, e.g. ``oidc_role_arn`` or ``cli_profile/static_ak``."""

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None
    source: str = ""

    def __repr__(self) -> str:
        token = ", security_token='****'" if self.security_token else ""
        return (
            f"Credential(access_key_id={mask_key_id(self.access_key_id)!r}, access_key_secret='****'{token}, "
            f"source={self.source!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True)
class StsTarget:
    """Where a source's STS calls go: ``endpoint`` (``host``, or ``http(s)://host:port``; None for the library's
    default) and the timeouts in milliseconds."""

    endpoint: str | None = None
    connect_timeout_ms: int = 5000
    read_timeout_ms: int = 10000


def _library() -> None:
    """Import the library once and silence its stderr logger (its warnings carry raw failure texts)."""
    import alibabacloud_credentials.provider  # noqa: F401  (installs the 'credentials' logger's handlers)

    library_log = logging.getLogger("credentials")
    if not getattr(library_log, "_alicloud_gov_quiet", False):
        for handler in list(library_log.handlers):
            library_log.removeHandler(handler)
        library_log.addHandler(logging.NullHandler())
        library_log.propagate = False
        library_log._alicloud_gov_quiet = True  # type: ignore[attr-defined]


def _safe_detail(text: str) -> str:
    """The part of a library message before anything that may quote a response, a URL or a secret."""
    cut = len(text)
    for marker in _SECRET_MARKERS:
        index = text.find(marker)
        if index != -1:
            cut = min(cut, index)
    return text[:cut].rstrip(" ,:")


def _response_error(text: str) -> tuple[str, str, str | None, int | None] | None:
    """(Code, Message, RequestId, HTTP status) of the STS error response quoted in a library message."""
    status_match = re.search(r"http_code: (\d+)", text)
    start = text.find("result: ")
    if start == -1:
        return None
    try:
        body = json.loads(text[start + len("result: ") :])
    except ValueError:
        return None
    if not isinstance(body, dict) or not body.get("Code"):
        return None
    return (
        str(body["Code"]),
        str(body.get("Message") or ""),
        str(body["RequestId"]) if body.get("RequestId") else None,
        int(status_match.group(1)) if status_match else None,
    )


def library_error(exc: BaseException, what: str, target: StsTarget | None = None, api: str | None = None) -> CloudError:
    """A secret-free CloudError for a failure of the library while getting credentials from ``what``.

    An STS error response keeps its code, message, request id and status, classified like any call's error
    (NoPermission -> AccessDenied...; codes with no family, such as AuthenticationFail.OIDCToken.*, are
    CredentialsError); ``api`` names the STS action (``sts:AssumeRoleWithOIDC``).
    """
    if isinstance(exc, CloudError):
        return exc
    text = str(exc)
    if type(exc).__name__ == "RetryError":  # Tea's wrapper of a connection failure; its text quotes the URL
        reason = _ERRNO.search(text)
        where = f" at {target.endpoint}" if target is not None and target.endpoint else ""
        detail = reason.group(0).strip() if reason else "connection failed"
        return CloudConnectionError("ConnectionError", f"{what}: cannot reach STS{where}: {detail}", None, api, None)
    quoted = _response_error(text)
    if quoted is not None:
        code, message, request_id, status = quoted
        cls = classify_code(code, None)
        cls = CredentialsError if cls is CloudError else cls
        return cls(code, f"{what}: {message}".rstrip(": "), request_id, api, status)
    if isinstance(exc, OSError) and exc.filename is not None:
        return CredentialsError("InvalidCredentials", f"{what}: cannot read {exc.filename}: {exc.strerror}")
    return CredentialsError("InvalidCredentials", f"{what}: {_safe_detail(text) or type(exc).__name__}")


class CredentialsProvider(ABC):
    """One source of credentials: builds its library provider on first use, then asks it at every request.

    Thread-safe; the library provider caches and refreshes temporary credentials itself.
    """

    kind = "credentials"
    sts_api: str | None = None
    """The STS action this source calls, for errors (``sts:AssumeRole``...)."""

    def __init__(self) -> None:
        self.target = StsTarget()
        self._provider: ICredentialsProvider | None = None
        self._lock = threading.Lock()
        self.last_source: str | None = None

    @abstractmethod
    def build(self) -> ICredentialsProvider:
        """The library provider for this source (called once, under the lock)."""

    @abstractmethod
    def describe(self) -> str:
        """A secret-free description of this source, for logs and errors."""

    def library_provider(self) -> ICredentialsProvider:
        """The library provider (built now if needed); CredentialsError when the settings are unusable."""
        with self._lock:
            if self._provider is None:
                _library()
                try:
                    self._provider = self.build()
                except Exception as exc:
                    raise library_error(exc, self.describe(), self.target, self.sts_api) from None
            return self._provider

    def get(self) -> Credential:
        """The credential to sign the next request with (the library refreshes temporary ones first)."""
        provider = self.library_provider()
        try:
            found = provider.get_credentials()
        except Exception as exc:
            raise library_error(exc, self.describe(), self.target, self.sts_api) from None
        source = found.get_provider_name() or self.kind
        if source != self.last_source:
            log.debug("credentials from %s (%s)", self.describe(), source)
            self.last_source = source
        return Credential(
            found.get_access_key_id(), found.get_access_key_secret(), found.get_security_token() or None, source
        )

    def bind(self, target: StsTarget) -> CredentialsProvider:
        """A copy (sharing nothing built) whose STS calls, if any, go to ``target``."""
        bound = copy.copy(self)
        bound.target = target
        bound._provider = None
        bound._lock = threading.Lock()
        bound.last_source = None
        return bound

    def http_options(self) -> HttpOptions:
        """The library's HttpOptions for this source's STS calls."""
        from alibabacloud_credentials.http import HttpOptions

        return HttpOptions(connect_timeout=self.target.connect_timeout_ms, read_timeout=self.target.read_timeout_ms)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.describe()})"


class StaticCredentials(CredentialsProvider):
    """A fixed AccessKey pair, with an STS security token when it is temporary."""

    def __init__(self, access_key_id: str, access_key_secret: str, security_token: str | None = None) -> None:
        super().__init__()
        if not access_key_id or not access_key_secret:
            raise CredentialsError(
                "InvalidCredentials", "StaticCredentials needs a non-empty access_key_id and access_key_secret"
            )
        self.access_key_id = access_key_id
        self._secret = access_key_secret
        self._token = security_token or None
        self.kind = "sts" if self._token else "access_key"

    def build(self) -> ICredentialsProvider:
        """StaticAK or StaticSTS."""
        from alibabacloud_credentials.provider import StaticAKCredentialsProvider, StaticSTSCredentialsProvider

        if self._token:
            return StaticSTSCredentialsProvider(
                access_key_id=self.access_key_id, access_key_secret=self._secret, security_token=self._token
            )
        return StaticAKCredentialsProvider(access_key_id=self.access_key_id, access_key_secret=self._secret)

    def describe(self) -> str:
        """``AccessKey LTAI****0001`` (``+ STS token`` when temporary)."""
        return f"AccessKey {mask_key_id(self.access_key_id)}" + (" + STS token" if self._token else "")


class AssumeRoleCredentials(CredentialsProvider):
    """Temporary credentials of a RAM role, from STS AssumeRole signed with ``base``'s credentials.

    The library refreshes them on the first request within 15 minutes of expiry (a 900-second session is
    therefore renewed at every request); ``policy`` narrows the session.
    """

    kind = "ram_role_arn"
    sts_api = "sts:AssumeRole"

    def __init__(
        self,
        base: CredentialsProvider,
        role_arn: str,
        session_name: str = DEFAULT_SESSION_NAME,
        external_id: str | None = None,
        duration_seconds: int = 3600,
        *,
        policy: str | None = None,
    ) -> None:
        super().__init__()
        self.base = base
        self.role_arn = role_arn
        self.session_name = session_name
        self.external_id = external_id
        self.duration_seconds = int(duration_seconds)
        self.policy = policy

    def bind(self, target: StsTarget) -> AssumeRoleCredentials:
        """A copy whose AssumeRole, and its base's STS calls, go to ``target``."""
        bound = super().bind(target)
        assert isinstance(bound, AssumeRoleCredentials)
        bound.base = self.base.bind(target)
        return bound

    def build(self) -> ICredentialsProvider:
        """RamRoleArn over the base source's library provider."""
        from alibabacloud_credentials.provider import RamRoleArnCredentialsProvider

        return RamRoleArnCredentialsProvider(
            credentials_provider=self.base.library_provider(),
            role_arn=self.role_arn,
            role_session_name=self.session_name,
            duration_seconds=self.duration_seconds,
            policy=self.policy,
            external_id=self.external_id,
            sts_endpoint=self.target.endpoint,
            http_options=self.http_options(),
        )

    def describe(self) -> str:
        """``role <arn> (session <name>) assumed with <base>``."""
        return f"role {self.role_arn} (session {self.session_name}) assumed with {self.base.describe()}"


class OidcCredentials(CredentialsProvider):
    """Temporary credentials of a RAM role from STS AssumeRoleWithOIDC, with the OIDC token read from a file
    at every refresh (CI systems rewrite it); no AccessKey is needed."""

    kind = "oidc_role_arn"
    sts_api = "sts:AssumeRoleWithOIDC"

    def __init__(
        self,
        role_arn: str,
        oidc_provider_arn: str,
        token_file: str,
        session_name: str = DEFAULT_SESSION_NAME,
        duration_seconds: int = 3600,
        *,
        policy: str | None = None,
    ) -> None:
        super().__init__()
        self.role_arn = role_arn
        self.oidc_provider_arn = oidc_provider_arn
        self.token_file = token_file
        self.session_name = session_name
        self.duration_seconds = int(duration_seconds)
        self.policy = policy

    def build(self) -> ICredentialsProvider:
        """OIDCRoleArn."""
        from alibabacloud_credentials.provider import OIDCRoleArnCredentialsProvider

        return OIDCRoleArnCredentialsProvider(
            role_arn=self.role_arn,
            oidc_provider_arn=self.oidc_provider_arn,
            oidc_token_file_path=self.token_file,
            role_session_name=self.session_name,
            duration_seconds=self.duration_seconds,
            policy=self.policy,
            sts_endpoint=self.target.endpoint,
            http_options=self.http_options(),
        )

    def describe(self) -> str:
        """``OIDC role <arn> via <provider arn> (token file <path>)``."""
        return f"OIDC role {self.role_arn} via {self.oidc_provider_arn} (token file {self.token_file})"


class EcsRamRoleCredentials(CredentialsProvider):
    """The RAM role of the ECS instance this runs on, from the metadata service (IMDSv2 first)."""

    kind = "ecs_ram_role"

    def __init__(self, role_name: str | None = None) -> None:
        super().__init__()
        self.role_name = role_name

    def build(self) -> ICredentialsProvider:
        """EcsRamRole, refreshed on demand (no background scheduler thread)."""
        from alibabacloud_credentials.provider import EcsRamRoleCredentialsProvider

        return EcsRamRoleCredentialsProvider(role_name=self.role_name, async_update_enabled=False)

    def describe(self) -> str:
        """``ECS RAM role <name>``."""
        return f"ECS RAM role {self.role_name or '(from metadata)'}"


class UriCredentials(CredentialsProvider):
    """Credentials served by a local credentials endpoint (``ALIBABA_CLOUD_CREDENTIALS_URI``)."""

    kind = "credentials_uri"

    def __init__(self, uri: str) -> None:
        super().__init__()
        self.uri = uri

    def build(self) -> ICredentialsProvider:
        """URL provider."""
        from alibabacloud_credentials.provider import URLCredentialsProvider

        return URLCredentialsProvider(uri=self.uri, http_options=self.http_options())

    def describe(self) -> str:
        """``credentials URI <uri>`` (without its query, which may carry a token)."""
        return f"credentials URI {self.uri.split('?', 1)[0]}"


class ProfileCredentials(CredentialsProvider):
    """A profile of the aliyun CLI's config file, in any mode the library reads.

    ``name``: the profile (default ``ALIBABA_CLOUD_PROFILE`` / ``ALICLOUD_PROFILE``, then the file's
    ``current``); ``path``: the file (default :func:`default_profile_path`).
    """

    kind = "cli_profile"

    def __init__(
        self,
        name: str | None = None,
        path: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        env = os.environ if environ is None else environ
        self.name = name or env_value(env, PROFILE_NAME)
        self.path = Path(path) if path is not None else default_profile_path(env)

    def build(self) -> ICredentialsProvider:
        """CLIProfile (reads the file on first use; CloudSSO and OAuth profiles refresh through it)."""
        if not self.path.is_file():
            raise CredentialsError("InvalidCredentials", f"aliyun CLI config file not found: {self.path}")
        return _profile_provider(self.name, self.path, self.target.endpoint)

    def describe(self) -> str:
        """``aliyun CLI profile <name> in <file>``."""
        return f"aliyun CLI profile {self.name or '(current)'} in {self.path}"


def _profile_provider(name: str | None, path: Path, sts_endpoint: str | None) -> ICredentialsProvider:
    """The library's CLIProfile provider; with an STS endpoint override, one that gives it to the role providers.

    The library builds a profile's RamRoleArn / ChainableRamRoleArn / OIDC provider from the profile's own
    ``sts_region`` and offers no endpoint setting for profiles, so with an override (the emulator) the providers
    it builds get the endpoint set afterwards (their ``_sts_endpoint``; tests/wire/test_cloud_assume_role.py
    guards that this still reaches the endpoint).
    """
    from alibabacloud_credentials.provider import (
        CLIProfileCredentialsProvider,
        OIDCRoleArnCredentialsProvider,
        RamRoleArnCredentialsProvider,
    )

    if not sts_endpoint:
        return CLIProfileCredentialsProvider(profile_name=name, profile_file=str(path))

    class EndpointProfileProvider(CLIProfileCredentialsProvider):
        def _get_credentials_provider(self, config: dict[str, Any], profile_name: str) -> ICredentialsProvider:
            inner = super()._get_credentials_provider(config, profile_name)
            if isinstance(inner, (RamRoleArnCredentialsProvider, OIDCRoleArnCredentialsProvider)):
                inner._sts_endpoint = sts_endpoint
            return inner

    return EndpointProfileProvider(profile_name=name, profile_file=str(path))


class _LibraryDefault(CredentialsProvider):
    """The library's own default chain (credentials file, ECS metadata, ...), as the last resort."""

    kind = "default"

    def build(self) -> ICredentialsProvider:
        """DefaultCredentialsProvider."""
        from alibabacloud_credentials.provider import DefaultCredentialsProvider

        return DefaultCredentialsProvider()

    def describe(self) -> str:
        """``the library's default chain``."""
        return "the library's default chain"


class DefaultCredentials(CredentialsProvider):
    """The chain of :data:`ENV_CHAIN`, decided once from ``environ`` (default: the process environment)."""

    kind = "default"

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._environ = environ
        self._chosen: CredentialsProvider | None = None

    def resolve(self) -> CredentialsProvider:
        """The source the chain settles on (bound to this chain's STS target)."""
        if self._chosen is None:
            self._chosen = choose_from_environment(os.environ if self._environ is None else self._environ).bind(
                self.target
            )
        return self._chosen

    def bind(self, target: StsTarget) -> DefaultCredentials:
        """A copy that binds ``target`` into whichever source it settles on."""
        bound = super().bind(target)
        assert isinstance(bound, DefaultCredentials)
        bound._chosen = None
        return bound

    def build(self) -> ICredentialsProvider:
        """The chosen source's library provider."""
        return self.resolve().library_provider()

    def get(self) -> Credential:
        """The chosen source's credential."""
        with self._lock:
            chosen = self.resolve()
        return chosen.get()

    def describe(self) -> str:
        """``default chain -> <the chosen source>`` once decided."""
        return f"default chain -> {self._chosen.describe()}" if self._chosen else "default chain"


def choose_from_environment(environ: Mapping[str, str]) -> CredentialsProvider:
    """The first source of :data:`ENV_CHAIN` that ``environ`` configures (the library's chain when none does)."""
    for key_name, secret_name, token_name in ACCESS_KEY_FAMILIES:
        key_id = environ.get(key_name)
        if key_id:
            secret = environ.get(secret_name)
            if not secret:
                raise CredentialsError("InvalidCredentials", f"{key_name} is set but {secret_name} is not")
            return StaticCredentials(key_id, secret, environ.get(token_name) or None)
    oidc_vars = (OIDC_ROLE_ARN, OIDC_PROVIDER_ARN, OIDC_TOKEN_FILE)
    oidc = [env_value(environ, group) for group in oidc_vars]
    if all(oidc):
        role_arn, provider_arn, token_file = (str(value) for value in oidc)
        session = env_value(environ, ROLE_SESSION_NAME) or DEFAULT_SESSION_NAME
        return OidcCredentials(role_arn, provider_arn, token_file, session)
    if any(oidc[1:]):  # an OIDC provider or token file without the rest is a half-done CI setup
        missing = [group[0] for group, value in zip(oidc_vars, oidc, strict=True) if not value]
        raise CredentialsError("InvalidCredentials", f"OIDC login needs {', '.join(missing)} as well")
    uri = env_value(environ, CREDENTIALS_URI)
    if uri:
        return UriCredentials(uri)
    role_name = env_value(environ, ECS_ROLE_NAME)
    if role_name:
        return EcsRamRoleCredentials(role_name)
    profile = ProfileCredentials(environ=environ)
    if profile.path.is_file():
        return profile
    return _LibraryDefault()
