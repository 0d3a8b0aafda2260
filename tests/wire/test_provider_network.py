"""ResourceGroupMove and the cross-account ECR link (seed 003) against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from alicloud_gov.cloud import Cloud
from alicloud_gov.provider.handlers import ResourceFailure
from tests.wire.provider_harness import account_cloud, account_harness

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"


def group_of(cloud: Cloud, vpc_id: str) -> str:
    [resource] = cloud.resourcemanager.list_all("ListResources", {"ResourceId": vpc_id}, items="Resources.Resource")
    return str(resource["ResourceGroupId"])


def test_move_a_vpc_into_groups_and_back(emulator: Any) -> None:
    acme, cloud = account_harness(emulator, ACME_UID), account_cloud(emulator, ACME_UID)
    vpc_id = cloud.vpc.call("CreateVpc", {"RegionId": "cn-hangzhou", "VpcName": "core"})["VpcId"]
    original = group_of(cloud, vpc_id)
    first, _ = acme.create("ResourceGroup", "net", {"name": "net"})
    second, _ = acme.create("ResourceGroup", "net2", {"name": "net2"})
    target = {"resourceId": vpc_id, "resourceType": "vpc", "service": "vpc", "regionId": "cn-hangzhou"}

    move_id, state = acme.create("ResourceGroupMove", "core", {**target, "resourceGroupId": first})
    assert move_id == f"vpc:cn-hangzhou:vpc:{vpc_id}"
    assert state["previousResourceGroupId"] == original
    assert group_of(cloud, vpc_id) == first

    with pytest.raises(ResourceFailure, match="ResourceGroup 'net': cannot delete resource group"):
        acme.delete("ResourceGroup", "net", first, {"name": "net"}, timeout=1.0)  # customTimeouts.delete: 1 s

    state = acme.update("ResourceGroupMove", "core", move_id, state, {**target, "resourceGroupId": second})
    assert group_of(cloud, vpc_id) == second
    assert acme.read("ResourceGroupMove", "core", move_id, None)[2]["resourceGroupId"] == second

    acme.delete("ResourceGroupMove", "core", move_id, {**state, **target, "resourceGroupId": second})
    assert group_of(cloud, vpc_id) == original


def test_cross_account_ecr_grant_and_association(emulator: Any) -> None:
    acme, partner = account_harness(emulator, ACME_UID), account_harness(emulator, PARTNER_UID)
    acme_cloud, partner_cloud = account_cloud(emulator, ACME_UID), account_cloud(emulator, PARTNER_UID)
    ecr_id = acme_cloud.ecr.call("CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"})["EcrId"]
    vpc_id = partner_cloud.vpc.call("CreateVpc", {"RegionId": "cn-hangzhou"})["VpcId"]
    link = {"ecrId": ecr_id, "instanceId": vpc_id, "instanceType": "VPC", "instanceRegionId": "cn-hangzhou"}

    with pytest.raises(ResourceFailure, match="has the instance owner granted it"):
        acme.create("EcrAssociation", "assoc", {**link, "instanceOwnerUid": PARTNER_UID})

    grant_id, grant = partner.create("EcrGrant", "grant", {**link, "ecrOwnerUid": ACME_UID})
    assert grant_id == f"{ecr_id}:{ACME_UID}:VPC:cn-hangzhou:{vpc_id}"
    assert grant["instanceOwnerUid"] == PARTNER_UID
    assert partner.read("EcrGrant", "grant", grant_id, None)[2] == {**link, "ecrOwnerUid": ACME_UID}

    assoc_id, assoc = acme.create("EcrAssociation", "assoc", {**link, "instanceOwnerUid": PARTNER_UID})
    assert assoc_id == f"{ecr_id}:VPC:cn-hangzhou:{vpc_id}"
    assert assoc["associationId"]
    _, _, inputs = acme.read("EcrAssociation", "assoc", assoc_id, None)
    assert inputs["instanceOwnerUid"] == PARTNER_UID

    with pytest.raises(ResourceFailure, match="delete the EcrAssociation first"):
        partner.delete("EcrGrant", "grant", grant_id, grant)

    acme.delete("EcrAssociation", "assoc", assoc_id, assoc)
    assert acme.read("EcrAssociation", "assoc", assoc_id, assoc)[0] is None
    partner.delete("EcrGrant", "grant", grant_id, grant)
    assert partner.read("EcrGrant", "grant", grant_id, grant)[0] is None
