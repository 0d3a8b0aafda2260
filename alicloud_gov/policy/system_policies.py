"""Documents of the Alibaba Cloud system policies the project knows (AdministratorAccess, Aliyun*Access).

These are our offline stand-ins for the policies Alibaba Cloud manages: each names only actions (or wildcards)
the catalogue knows, and grants what the policy's name and description promise. Look them up with
:func:`get_system_policy` (case-insensitive, as the RAM console is).
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["SYSTEM_POLICIES", "SYSTEM_POLICY_DESCRIPTIONS", "get_system_policy", "system_policy_description"]

_READ_VERBS = ("Describe*", "List*", "Get*", "Query*", "Check*")

# Express Connect resources and operations authorised under RAM code "vpc": physical connections, virtual border
# routers (VBRs), router interfaces, QoS, Express Cloud Connect, access points, and the ECR grants made from a VBR.
_EXPRESS_CONNECT_VPC_WILDCARDS = (
    "vpc:*PhysicalConnection*",
    "vpc:*VirtualBorderRouter*",
    "vpc:*RouterInterface*",
    "vpc:*ExpressConnect*",
    "vpc:*ExpressCloudConnection*",
    "vpc:*Vbr*",
    "vpc:UpdateVirtualBorderBandwidth",
    "vpc:*AccessPoint*",
    "vpc:ListBusiness*",
    "vpc:*BgpGroup*",
    "vpc:*BgpPeer*",
    "vpc:*BgpNetwork*",
)
_EXPRESS_CONNECT_READ = (
    *(f"vpc:Describe*{part}" for part in ("PhysicalConnection*", "VirtualBorderRouter*", "RouterInterface*")),
    "vpc:DescribeAccessPoints",
    "vpc:DescribeBgpGroups",
    "vpc:DescribeBgpPeers",
    "vpc:DescribeBgpNetworks",
    "vpc:DescribeExpressConnect*",
    "vpc:DescribeVbr*",
    "vpc:ListBusiness*",
    "vpc:GetPhysicalConnectionServiceStatus",
    "vpc:QueryPhysicalConnectionPrice",
    "vpc:DescribeRegions",
    "vpc:DescribeZones",
    "expressconnectrouter:Describe*",
    "expressconnectrouter:List*",
    "expressconnectrouter:Check*",
)


def _allow(actions: str | list[str] | tuple[str, ...], resource: str = "*") -> dict[str, Any]:
    value: str | list[str] = actions if isinstance(actions, str) else list(actions)
    return {"Effect": "Allow", "Action": value, "Resource": resource}


def _document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "1", "Statement": list(statements)}


SYSTEM_POLICIES: dict[str, dict[str, Any]] = {
    "AdministratorAccess": _document(_allow("*")),
    "AliyunExpressConnectFullAccess": _document(
        _allow([*_EXPRESS_CONNECT_VPC_WILDCARDS, "vpc:DescribeRegions", "vpc:DescribeZones", "vpc:DescribeVpcs"]),
        _allow("expressconnectrouter:*"),
    ),
    "AliyunExpressConnectReadOnlyAccess": _document(_allow(list(_EXPRESS_CONNECT_READ))),
    "AliyunSTSAssumeRoleAccess": _document(_allow("sts:AssumeRole")),
    "AliyunVPCFullAccess": _document(_allow("vpc:*")),
    "AliyunVPCReadOnlyAccess": _document(_allow([f"vpc:{verb}" for verb in _READ_VERBS])),
    "AliyunRAMFullAccess": _document(_allow("ram:*")),
    "AliyunRAMReadOnlyAccess": _document(_allow(["ram:Get*", "ram:List*"])),
    "AliyunResourceManagerFullAccess": _document(_allow("resourcemanager:*")),
    "AliyunResourceManagerReadOnlyAccess": _document(
        _allow(["resourcemanager:Get*", "resourcemanager:List*", "resourcemanager:Lookup*"])
    ),
}

SYSTEM_POLICY_DESCRIPTIONS: dict[str, str] = {
    "AdministratorAccess": "Full access to all Alibaba Cloud resources and services.",
    "AliyunExpressConnectFullAccess": "Full access to Express Connect (physical connections, VBRs, router "
    "interfaces) and Express Connect Router.",
    "AliyunExpressConnectReadOnlyAccess": "Read-only access to Express Connect and Express Connect Router.",
    "AliyunSTSAssumeRoleAccess": "Permission to call the AssumeRole operation of Security Token Service (STS).",
    "AliyunVPCFullAccess": "Full access to Virtual Private Cloud (VPC).",
    "AliyunVPCReadOnlyAccess": "Read-only access to Virtual Private Cloud (VPC).",
    "AliyunRAMFullAccess": "Full access to Resource Access Management (RAM): users, groups, roles and policies.",
    "AliyunRAMReadOnlyAccess": "Read-only access to Resource Access Management (RAM).",
    "AliyunResourceManagerFullAccess": "Full access to Resource Management (resource groups, resource directory).",
    "AliyunResourceManagerReadOnlyAccess": "Read-only access to Resource Management.",
}

_BY_LOWER_NAME = {name.lower(): name for name in SYSTEM_POLICIES}


def canonical_system_policy_name(name: str) -> str | None:
    """The canonical spelling of a system policy name, matched case-insensitively; None if unknown."""
    return _BY_LOWER_NAME.get(name.strip().lower())


def get_system_policy(name: str) -> dict[str, Any] | None:
    """A copy of the named system policy's document (case-insensitive name), or None if unknown."""
    canonical = canonical_system_policy_name(name)
    return copy.deepcopy(SYSTEM_POLICIES[canonical]) if canonical else None


def system_policy_description(name: str) -> str | None:
    """The description of a system policy (case-insensitive name), or None if unknown."""
    canonical = canonical_system_policy_name(name)
    return SYSTEM_POLICY_DESCRIPTIONS[canonical] if canonical else None
