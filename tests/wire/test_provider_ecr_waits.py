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


def _associations(emulator: RunningEmulator, ecr_id: str) -> list[dict[str, Any]]:
    body = account_cloud(emulator, ACME_UID).ecr.call("DescribeExpressConnectRouterAssociation", {"EcrId": ecr_id})
    return list(body["AssociationList"])


def test_association_create_returns_when_active_and_delete_when_gone(emulator: RunningEmulator) -> None:
    link = _granted(emulator, "VPC")
    emulator.set_faults(transition_delay_ms=1500)  # CREATING, then DELETING, for 1.5 s of emulator time
    acme = account_harness(emulator, ACME_UID)
    association_id, state = acme.create("EcrAssociation", "net", link)
    assert state["status"] == "ACTIVE"
    assert [item["Status"] for item in _associations(emulator, link["ecrId"])] == ["ACTIVE"]
    acme.delete("EcrAssociation", "net", association_id, state)
    assert _associations(emulator, link["ecrId"]) == []


def test_vbr_attach_returns_when_active_and_detach_when_gone(emulator: RunningEmulator) -> None:
    link = _granted(emulator, "VBR")
    emulator.set_faults(transition_delay_ms=1500)
    acme = account_harness(emulator, ACME_UID)
    association_id, state = acme.create("EcrAssociation", "edge", link)
    assert state["status"] == "ACTIVE"
    assert [item["Status"] for item in _children(emulator, link["ecrId"])] == ["ACTIVE"]
    acme.delete("EcrAssociation", "edge", association_id, state)
    assert _children(emulator, link["ecrId"]) == []


def test_conflict_lock_held_for_seconds_is_retried(emulator: RunningEmulator) -> None:
    first = _granted(emulator, "VPC")
    partner = account_cloud(emulator, PARTNER_UID)
    second_vpc = partner.vpc.call("CreateVpc", {"RegionId": REGION})["VpcId"]
    partner.ecr.call(
        "GrantInstanceToExpressConnectRouter",
        {
            "EcrId": first["ecrId"],
            "EcrOwnerAliUid": ACME_UID,
            "InstanceId": second_vpc,
            "InstanceRegionId": REGION,
            "InstanceType": "VPC",
        },
    )
    emulator.set_faults(consistency_delay_ms=2500)  # each change keeps the ECR locked (Conflict.Lock) for 2.5 s
    acme = account_harness(emulator, ACME_UID)
    acme.create("EcrAssociation", "one", first)
    acme.create("EcrAssociation", "two", {**first, "instanceId": second_vpc})  # meets the first one's lock
    assert sorted(item["VpcId"] for item in _associations(emulator, first["ecrId"])) == sorted(
        [first["instanceId"], second_vpc]
    )
