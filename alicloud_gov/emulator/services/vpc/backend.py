"""VPC's state and rules: VPCs and virtual border routers (VBRs).

Store kinds (owner account): ``vpc`` and ``vbr`` keyed by id. Each new VPC or VBR is placed in its resource
group through ResourceManager's backend; deleting one drops its placement and its grants to ECRs, and is
refused while an ECR still uses it (ExpressConnectRouter's backend).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from alicloud_gov.emulator.registry import iso_now
from alicloud_gov.emulator.services.ecr.backend import EcrBackend, ecr_using
from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.services.vpc.errors import VpcErrors as Errors
from alicloud_gov.emulator.store import Store, StoreView

KIND_VPC = "vpc"
KIND_VBR = "vbr"
INSTANCE_TYPES = ("VPC", "VBR")

SERVICE_VPC = "vpc"
SERVICE_EXPRESS_CONNECT = "expressconnect"
TYPE_VPC = "vpc"
TYPE_VBR = "virtualborderrouter"

MAX_VPC_IDS = 20
_REGION = re.compile(r"^[a-z]{2,}(-[a-z0-9]+)+$")
_VBR_NAME = re.compile(r"^[A-Za-z\u4e00-\u9fa5][\w\u4e00-\u9fa5-]*$")


def vpc_arn(region: str, account: str, vpc_id: str) -> str:
    """The ARN of a VPC."""
    return f"acs:vpc:{region}:{account}:vpc/{vpc_id}"


def vbr_arn(region: str, account: str, vbr_id: str) -> str:
    """The ARN of a VBR."""
    return f"acs:vpc:{region}:{account}:virtualborderrouter/{vbr_id}"


def instance_kind(instance_type: str) -> str:
    """Store kind of a grantable network instance (VPC or VBR)."""
    return KIND_VPC if instance_type == "VPC" else KIND_VBR


def check_region(region: str | None) -> str:
    """A region id (``cn-hangzhou``); InvalidRegionId.Malformed otherwise."""
    if region is None or not _REGION.match(region):
        raise Errors.REGION_MALFORMED(region=region)
    return region


def check_cidr(value: str) -> str:
    """An IPv4 CIDR block with a mask of /8 to /28, normalised."""
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        raise Errors.CIDR_MALFORMED(value=value) from None
    if network.version != 4 or not 8 <= network.prefixlen <= 28:
        raise Errors.CIDR_MASK(value=value)
    return str(network)


def check_vbr_name(name: str) -> str:
    """A VBR name: empty, or 2 to 128 characters starting with a letter or Chinese character."""
    if name and (not 2 <= len(name) <= 128 or not _VBR_NAME.match(name)):
        raise Errors.VBR_NAME_MALFORMED()
    return name


class VpcBackend:
    """One account's VPCs and VBRs over the store."""

    def __init__(self, store: Store | StoreView, account: str) -> None:
        self.store = store
        self.raw = store.store if isinstance(store, StoreView) else store
        self.account = account
        self.placement = ResourceManagerBackend(store, account)

    # -- lookups --------------------------------------------------------------------------------------------------

    def instance(self, instance_type: str, instance_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        """A VPC or VBR of this account by type (VPC | VBR) and id, or None."""
        source = self.raw if consistent else self.store
        return source.get(self.account, instance_kind(instance_type), instance_id)

    def stored_arn(self, instance_type: str, instance_id: str) -> str | None:
        """The ARN of an existing VPC or VBR (strongly consistent), or None."""
        stored = self.instance(instance_type, instance_id, consistent=True)
        return str(stored["Arn"]) if stored else None

    def vpcs(self) -> list[dict[str, Any]]:
        """This account's VPCs, oldest first."""
        return self.store.list(self.account, KIND_VPC)

    def vbrs(self) -> list[dict[str, Any]]:
        """This account's VBRs, oldest first."""
        return self.store.list(self.account, KIND_VBR)

    def own_vpc(self, vpc_id: str, *, region: str | None = None) -> dict[str, Any]:
        """This account's VPC (in ``region`` when given); InvalidVpcId.NotFound (404) otherwise."""
        vpc = self.instance("VPC", vpc_id)
        if vpc is None:
            raise Errors.VPC_NOT_FOUND(vpc_id=vpc_id, where="")
        if region is not None and vpc["RegionId"] != region:
            raise Errors.VPC_NOT_FOUND(vpc_id=vpc["VpcId"], where=f" in {region}")
        return vpc

    def own_vbr(self, vbr_id: str) -> dict[str, Any]:
        """This account's VBR; InvalidVbrId.NotFound (404) otherwise."""
        vbr = self.instance("VBR", vbr_id)
        if vbr is None:
            raise Errors.VBR_NOT_FOUND(vbr_id=vbr_id)
        return vbr

    def own_instance_in(self, instance_id: str, region: str) -> dict[str, Any]:
        """A VPC (``vpc-...``) or VBR of this account in a region; InvalidVpcId/InvalidVbrId.NotFound."""
        instance_type = "VPC" if instance_id.startswith("vpc-") else "VBR"
        instance = self.instance(instance_type, instance_id)
        if instance is None or instance["RegionId"] != region:
            missing = Errors.VPC_INSTANCE_NOT_FOUND if instance_type == "VPC" else Errors.VBR_INSTANCE_NOT_FOUND
            raise missing(instance_id=instance_id, region=region)
        return instance

    def resource_group_of(self, record: dict[str, Any]) -> str:
        """The resource group a VPC or VBR is in ('' when unplaced)."""
        return self.placement.resource_group_of(record["Arn"]) or ""

    # -- VPCs -----------------------------------------------------------------------------------------------------

    def create_vpc(
        self,
        *,
        region: str,
        name: str,
        description: str,
        cidr: str,
        tags: list[dict[str, str]],
        resource_group_id: str | None,
    ) -> tuple[dict[str, Any], str]:
        """Create a VPC with its vRouter and system route table; returns it and the group it was placed in."""
        vpc_id = self.store.random_id("vpc-", 21)
        arn = vpc_arn(region, self.account, vpc_id)
        group_id = self.placement.place_resource(
            arn=arn,
            service=SERVICE_VPC,
            resource_type=TYPE_VPC,
            resource_id=vpc_id,
            region=region,
            resource_group_id=resource_group_id,
        )
        vpc = {
            "VpcId": vpc_id,
            "RegionId": region,
            "VpcName": name,
            "Description": description,
            "CidrBlock": cidr,
            "VRouterId": self.store.random_id("vrt-", 21),
            "RouteTableId": self.store.random_id("vtb-", 21),
            "CreationTime": iso_now(),
            "Tags": tags,
            "Arn": arn,
        }
        self.store.put(self.account, KIND_VPC, vpc_id, vpc)
        return vpc, group_id

    def check_vpc_deletable(self, vpc_id: str) -> None:
        """DependencyViolation.ExpressConnectRouter while an ECR has the VPC associated."""
        ecr_id = ecr_using(self.store, vpc_id)
        if ecr_id:
            raise Errors.VPC_IN_USE(vpc_id=vpc_id, ecr_id=ecr_id)

    def delete_vpc(self, vpc: dict[str, Any]) -> None:
        """Delete a VPC with its grants and placement (after :meth:`check_vpc_deletable`)."""
        EcrBackend(self.store, self.account).forget_grants(vpc["VpcId"])
        self.placement.remove_placement(vpc["Arn"])
        self.store.delete(self.account, KIND_VPC, vpc["VpcId"])

    def modify_vpc(self, vpc: dict[str, Any], *, name: str | None, description: str | None) -> None:
        """Set a VPC's name and/or description (None leaves a field as it is)."""
        changed = dict(vpc)
        if name is not None:
            changed["VpcName"] = name
        if description is not None:
            changed["Description"] = description
        self.store.put(self.account, KIND_VPC, vpc["VpcId"], changed)

    def move_vpc(self, vpc: dict[str, Any], group_id: str) -> None:
        """Put a VPC into another (usable) resource group."""
        self.placement.set_resource_group(vpc["Arn"], group_id)

    # -- VBRs -----------------------------------------------------------------------------------------------------

    def create_vbr(
        self,
        *,
        region: str,
        physical_connection: str,
        vlan_id: int,
        name: str,
        description: str,
        local_gateway_ip: str,
        peer_gateway_ip: str,
        peering_subnet_mask: str,
        bandwidth: int,
        tags: list[dict[str, str]],
        resource_group_id: str | None,
    ) -> dict[str, Any]:
        """Create a VBR on a (not emulated) physical connection; VLAN ids are unique per physical connection."""
        for other in self.vbrs():
            if other["PhysicalConnectionId"] == physical_connection and other["VlanId"] == vlan_id:
                raise Errors.VLAN_USED(vlan_id=vlan_id, physical_connection=physical_connection)
        vbr_id = self.store.random_id("vbr-", 21)
        arn = vbr_arn(region, self.account, vbr_id)
        self.placement.place_resource(
            arn=arn,
            service=SERVICE_EXPRESS_CONNECT,
            resource_type=TYPE_VBR,
            resource_id=vbr_id,
            region=region,
            resource_group_id=resource_group_id,
        )
        vbr = {
            "VbrId": vbr_id,
            "RegionId": region,
            "Name": name,
            "Description": description,
            "PhysicalConnectionId": physical_connection,
            "VlanId": vlan_id,
            "LocalGatewayIp": local_gateway_ip,
            "PeerGatewayIp": peer_gateway_ip,
            "PeeringSubnetMask": peering_subnet_mask,
            "Bandwidth": bandwidth,
            "RouteTableId": self.store.random_id("vtb-", 21),
            "CreationTime": iso_now(),
            "Tags": tags,
            "Arn": arn,
        }
        self.store.put(self.account, KIND_VBR, vbr_id, vbr)
        return vbr

    def check_vbr_deletable(self, vbr_id: str) -> None:
        """DependencyViolation.ExpressConnectRouter while an ECR has the VBR attached."""
        ecr_id = ecr_using(self.store, vbr_id)
        if ecr_id:
            raise Errors.VBR_IN_USE(vbr_id=vbr_id, ecr_id=ecr_id)

    def delete_vbr(self, vbr: dict[str, Any]) -> None:
        """Delete a VBR with its grants and placement (after :meth:`check_vbr_deletable`)."""
        EcrBackend(self.store, self.account).forget_grants(vbr["VbrId"])
        self.placement.remove_placement(vbr["Arn"])
        self.store.delete(self.account, KIND_VBR, vbr["VbrId"])
