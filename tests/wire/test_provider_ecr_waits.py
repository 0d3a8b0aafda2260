"""EcrAssociation against an ECR that changes slowly, as terraform-provider-alicloud expects the real one to.

terraform (resource_alicloud_express_connect_router_vpc_association.go, _vbr_child_instance.go) retries
``Conflict.Lock`` for the whole create/delete timeout, 3 then 5 s apart, waits for ``ACTIVE`` after an
association or attach and for disappearance after a delete, and also retries
``OperationDenied.VbrHasRouteEntryInMiddleStatus`` when it detaches a VBR.
"""

from __future__ import annotations

from typing import Any

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.provider_harness import account_cloud, account_harness

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"
REGION = "cn-hangzhou"


def _granted(emulator: RunningEmulator, instance_type: str) -> dict[str, Any]:
    """An ECR of acme and a VPC or VBR of partner granted to it: an EcrAssociation's inputs."""
    ecr_id = account_cloud(emulator, ACME_UID).ecr.call(
        "CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"}
    )["EcrId"]
    partner = account_cloud(emulator, PARTNER_UID)
    if instance_type == "VPC":
        instance_id = partner.vpc.call("CreateVpc", {"RegionId": REGION})["VpcId"]
    else:
        instance_id = partner.vpc.call(
            "CreateVirtualBorderRouter",
            {"RegionId": REGION, "PhysicalConnectionId": "pc-emulated", "VlanId": 7, "Name": "edge"},
        )["VbrId"]
    partner.ecr.call(
        "GrantInstanceToExpressConnectRouter",
        {
            "EcrId": ecr_id,
            "EcrOwnerAliUid": ACME_UID,
            "InstanceId": instance_id,
            "InstanceRegionId": REGION,
            "InstanceType": instance_type,
        },
    )
    return {
        "ecrId": ecr_id,
        "instanceType": instance_type,
        "instanceRegionId": REGION,
        "instanceId": instance_id,
        "instanceOwnerUid": PARTNER_UID,
    }


def _children(emulator: RunningEmulator, ecr_id: str) -> list[dict[str, Any]]:
    body = account_cloud(emulator, ACME_UID).ecr.call("DescribeExpressConnectRouterChildInstance", {"EcrId": ecr_id})
    return list(body["ChildInstanceList"])


def test_vbr_detach_retries_route_entries_in_middle_status(emulator: RunningEmulator) -> None:
    link = _granted(emulator, "VBR")
    acme = account_harness(emulator, ACME_UID)
    association_id, state = acme.create("EcrAssociation", "edge", link)
    emulator.set_faults(
        answers="DetachExpressConnectRouterChildInstance:OperationDenied.VbrHasRouteEntryInMiddleStatus:2"
    )
    acme.delete("EcrAssociation", "edge", association_id, state)
    assert _children(emulator, link["ecrId"]) == []
