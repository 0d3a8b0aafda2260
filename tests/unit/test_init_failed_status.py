"""A partial create reaches the engine as ``ErrorResourceInitFailed`` (issue 14, item 9).

The engine reads the detail from the status's ``grpc-status-details-bin`` trailer and then stores the resource
with its id, properties and the reason as init error (pulumi/pulumi sdk/go/common/resource/plugin/
provider_plugin.go, parseError).
"""

from __future__ import annotations

from pulumi.runtime.proto import provider_pb2, status_pb2

from alicloud_gov.provider.provider import InitFailed
from alicloud_gov.provider.server import init_failed_status
from alicloud_gov.provider.values import map_from_plain


def test_the_status_carries_the_id_properties_inputs_and_reason() -> None:
    failure = InitFailed(
        "ResourceGroup 'net': created as rg-1, but it did not become OK",
        "rg-1",
        map_from_plain({"name": "net", "resourceGroupId": "rg-1", "status": "Creating"}),
        map_from_plain({"name": "net"}),
    )
    status = init_failed_status(failure)
    (key, value), *rest = status.trailing_metadata
    assert key == "grpc-status-details-bin" and not rest
    rich = status_pb2.Status.FromString(value)
    detail = provider_pb2.ErrorResourceInitFailed()
    assert rich.details[0].Unpack(detail)
    assert detail.id == "rg-1"
    assert dict(detail.properties)["status"] == "Creating"
    assert dict(detail.inputs) == {"name": "net"}
    assert list(detail.reasons) == [str(failure)]
    assert status.details == str(failure)
