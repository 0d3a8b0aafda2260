"""Drive the provider's methods directly against the emulator (no engine): one harness per account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental.provider import (
    CheckRequest,
    ConfigureRequest,
    CreateRequest,
    DeleteRequest,
    DiffRequest,
    InvokeRequest,
    ReadRequest,
    UpdateRequest,
)

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.provider import AlicloudGovProvider, CloudFactory
from alicloud_gov.provider.values import map_from_plain, map_to_plain
from tests.unit.provider_helpers import run, urn


class Harness:
    """One configured provider instance; methods take and return plain values."""

    def __init__(
        self,
        endpoint: str,
        access_key_id: str,
        access_key_secret: str,
        cloud_factory: CloudFactory | None = None,
        **config: Any,
    ) -> None:
        self.provider = AlicloudGovProvider(cloud_factory)
        args = {"endpoint": endpoint, "accessKeyId": access_key_id, "accessKeySecret": access_key_secret, **config}
        run(self.provider.configure(ConfigureRequest({}, map_from_plain(args), True, False)))

    def check(self, type_name: str, name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Checked inputs; AssertionError listing the failures if any."""
        response = run(self.provider.check(CheckRequest(urn(type_name, name), {}, map_from_plain(inputs), b"")))
        assert not response.failures, [f.reason for f in response.failures or []]
        return map_to_plain(response.inputs or {})

    def create(
        self, type_name: str, name: str, inputs: Mapping[str, Any], *, timeout: float = 60.0
    ) -> tuple[str, dict[str, Any]]:
        """Check then create within ``timeout`` seconds (a user's ``customTimeouts.create``); returns (id, state)."""
        checked = self.check(type_name, name, inputs)
        request = CreateRequest(urn(type_name, name), map_from_plain(checked), timeout, False)
        response = run(self.provider.create(request))
        assert response.resource_id
        return response.resource_id, map_to_plain(response.properties)

    def read(
        self, type_name: str, name: str, resource_id: str, state: Mapping[str, Any] | None = None
    ) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        """(id or None when gone, properties, inputs)."""
        request = ReadRequest(urn(type_name, name), resource_id, map_from_plain(state or {}), {})
        response = run(self.provider.read(request))
        return response.resource_id, map_to_plain(response.properties), map_to_plain(response.inputs)

    def diff(self, type_name: str, state: Mapping[str, Any], news: Mapping[str, Any]) -> Any:
        """The DiffResponse of checked ``news`` against ``state``."""
        checked = self.check(type_name, "r", news)
        request = DiffRequest(urn(type_name, "r"), "id", map_from_plain(state), map_from_plain(checked), [])
        return run(self.provider.diff(request))

    def update(
        self, type_name: str, name: str, resource_id: str, state: Mapping[str, Any], news: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Check then update in place; returns the new state."""
        checked = self.check(type_name, name, news)
        request = UpdateRequest(
            urn(type_name, name), resource_id, map_from_plain(state), map_from_plain(checked), 60.0, [], False
        )
        return map_to_plain(run(self.provider.update(request)).properties)

    def invoke(self, function: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """(result, [(argument, reason)] failures) of lookup ``function`` (``getUser``) with ``args``."""
        response = run(self.provider.invoke(InvokeRequest(f"alicloud-gov:index:{function}", map_from_plain(args))))
        failures = [(f.property, f.reason) for f in response.failures]
        return map_to_plain(response.return_value or {}), failures

    def delete(
        self, type_name: str, name: str, resource_id: str, state: Mapping[str, Any], *, timeout: float = 60.0
    ) -> None:
        """Delete within ``timeout`` seconds (a user's ``customTimeouts.delete``)."""
        request = DeleteRequest(urn(type_name, name), resource_id, map_from_plain(state), timeout)
        run(self.provider.delete(request))


def account_harness(emulator: RunningEmulator, uid: str, cloud_factory: CloudFactory | None = None) -> Harness:
    """A provider configured with the account's root AccessKey against the emulator (two retries); a
    ``cloud_factory`` builds its Cloud instead of the default (e.g. a transport that loses responses)."""
    account = emulator.account(uid)
    return Harness(emulator.endpoint, account.access_key_id, account.access_key_secret, cloud_factory, maxRetries=2)


def account_cloud(emulator: RunningEmulator, uid: str, *, max_attempts: int = 2) -> Cloud:
    """The account through the cloud layer (root AccessKey), for out-of-band changes and assertions."""
    account = emulator.account(uid)
    credentials = StaticCredentials(account.access_key_id, account.access_key_secret)
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=credentials, max_attempts=max_attempts))
