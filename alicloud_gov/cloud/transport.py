"""The wire: one tea-openapi ``Client`` per product and credentials, called through ``call_api`` (V3 signatures).

A transport is any callable ``(action, params) -> {"body", "headers", "statusCode"}`` that raises the SDK's
exceptions (or a CloudError) on failure; :class:`TeaTransport` is the real one, unit tests pass fakes.
The tea client is built once and reused (its ``call_api`` keeps no per-call state on the instance, and the
HTTP sessions underneath are pooled per host), so a ProductClient may be shared across threads.
Credentials reach the SDK through :class:`TeaCredentialAdapter`, asked at every request, so refreshed STS
credentials are picked up without rebuilding the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from alicloud_gov.cloud.credentials import CredentialsProvider
from alicloud_gov.cloud.products import Product

if TYPE_CHECKING:  # the SDK costs about half a second to import: a preview that never calls the cloud skips it
    from alibabacloud_credentials.models import CredentialModel
    from alibabacloud_tea_openapi import models as om

__all__ = ["TeaCredentialAdapter", "TeaTransport", "Transport", "flatten_params"]


class Transport(Protocol):
    """Sends one request; returns the SDK's response mapping or raises."""

    def __call__(self, action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        """Send ``action`` with ``params`` (nested dicts/lists allowed) once."""


def flatten_params(params: Mapping[str, Any]) -> dict[str, str]:
    """RPC flattening: ``{"Tag": [{"Key": "k"}]}`` -> ``{"Tag.1.Key": "k"}``; ``None`` values dropped."""
    from alibabacloud_tea_openapi.utils import Utils

    return dict(Utils.query(dict(params)))


class TeaCredentialAdapter:
    """Presents a :class:`CredentialsProvider` as the credential client the tea SDK asks before each request."""

    def __init__(self, provider: CredentialsProvider) -> None:
        self.provider = provider

    def get_credential(self) -> CredentialModel:
        """The provider's current credential in the SDK's model."""
        from alibabacloud_credentials.models import CredentialModel

        cred = self.provider.get()
        return CredentialModel(
            access_key_id=cred.access_key_id,
            access_key_secret=cred.access_key_secret,
            security_token=cred.security_token,
            type="sts" if cred.security_token else "access_key",
            provider_name=cred.source or "alicloud_gov",
        )

    async def get_credential_async(self) -> CredentialModel:
        """Async twin of :meth:`get_credential` (the provider itself is synchronous)."""
        return self.get_credential()

    def __repr__(self) -> str:
        return f"TeaCredentialAdapter({self.provider!r})"


class TeaTransport:
    """Calls one product at one host through tea-openapi's generic ``call_api``."""

    def __init__(
        self,
        product: Product,
        *,
        host: str,
        protocol: str,
        region: str,
        credentials: CredentialsProvider,
        connect_timeout: float,
        read_timeout: float,
    ) -> None:
        from alibabacloud_tea_openapi import models as om
        from alibabacloud_tea_openapi.client import Client as TeaClient
        from darabonba.runtime import RuntimeOptions

        self.product = product
        self.host = host
        self.protocol = protocol
        self.url = f"{protocol}://{host}"
        config = om.Config(
            credential=TeaCredentialAdapter(credentials),
            endpoint=host,
            protocol=protocol,
            region_id=region,
            connect_timeout=max(1, int(connect_timeout * 1000)),
            read_timeout=max(1, int(read_timeout * 1000)),
        )
        if protocol == "http":
            # Local endpoints (the emulator) must not go through an HTTP(S)_PROXY from the environment.
            config.no_proxy = host.rsplit(":", 1)[0]
        self._client = TeaClient(config)
        self._runtime = RuntimeOptions()

    def __call__(self, action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        """One signed request; returns ``{"body", "headers", "statusCode"}`` or raises the SDK's exception."""
        from alibabacloud_tea_openapi import models as om

        api = om.Params(
            action=action,
            version=self.product.version,
            protocol=self.protocol.upper(),
            pathname="/",
            method="POST",
            auth_type="AK",
            style="RPC",
            req_body_type="formData",
            body_type="json",
        )
        return self._client.call_api(api, self.build_request(params), self._runtime)

    def build_request(self, params: Mapping[str, Any]) -> om.OpenApiRequest:
        """Flattened parameters in the query (RPC default) or, for form-body products (ECR), in the body."""
        from alibabacloud_tea_openapi import models as om

        flat = flatten_params(params)
        return om.OpenApiRequest(body=flat) if self.product.body == "form" else om.OpenApiRequest(query=flat)

    def __repr__(self) -> str:
        return f"TeaTransport({self.product.code} -> {self.url})"
