"""VPC's error codes (2016-04-28)."""

from __future__ import annotations

from alicloud_gov.emulator.errors import ErrorCode, ErrorTable, Family

_TEXT = "The {name} must be {min_length} to {max_length} characters and must not start with http:// or https://."


class VpcErrors(ErrorTable):
    """VPCs, virtual border routers and the read views of their grants."""

    product = "Vpc"

    REGION_MALFORMED = ErrorCode(
        "InvalidRegionId.Malformed", 400, "The RegionId {region!r} is not a region id.", Family.INVALID_INPUT
    )
    VPC_NAME_MALFORMED = ErrorCode("InvalidVpcName.Malformed", 400, _TEXT, Family.INVALID_INPUT)
    DESCRIPTION_MALFORMED = ErrorCode("InvalidDescription.Malformed", 400, _TEXT, Family.INVALID_INPUT)
    CIDR_MALFORMED = ErrorCode(
        "InvalidCidrBlock.Malformed",
        400,
        "The CidrBlock {value!r} is not a valid IPv4 CIDR block.",
        Family.INVALID_INPUT,
    )
    CIDR_MASK = ErrorCode(
        "InvalidCidrBlock.Malformed",
        400,
        "The CidrBlock {value} must be IPv4 with a mask of /8 to /28.",
        Family.INVALID_INPUT,
    )
    TOO_MANY_VPC_IDS = ErrorCode(
        "InvalidVpcId.Malformed", 400, "At most {limit} VPC ids can be given in VpcId.", Family.INVALID_INPUT
    )
    VPC_NOT_FOUND = ErrorCode(
        "InvalidVpcId.NotFound", 404, "The specified VPC {vpc_id} does not exist{where}.", Family.NOT_FOUND
    )
    VBR_NOT_FOUND = ErrorCode(
        "InvalidVbrId.NotFound", 404, "The specified VBR {vbr_id} does not exist.", Family.NOT_FOUND
    )
    VPC_INSTANCE_NOT_FOUND = ErrorCode(
        "InvalidVpcId.NotFound",
        404,
        "The specified instance {instance_id} does not exist in {region}.",
        Family.NOT_FOUND,
    )
    VBR_INSTANCE_NOT_FOUND = ErrorCode(
        "InvalidVbrId.NotFound",
        404,
        "The specified instance {instance_id} does not exist in {region}.",
        Family.NOT_FOUND,
    )
    VPC_IN_USE = ErrorCode(
        "DependencyViolation.ExpressConnectRouter",
        400,
        "The VPC {vpc_id} is associated with the Express Connect Router {ecr_id}; delete the association first.",
        Family.CONFLICT,
    )
    VBR_IN_USE = ErrorCode(
        "DependencyViolation.ExpressConnectRouter",
        400,
        "The VBR {vbr_id} is attached to the Express Connect Router {ecr_id}; detach it first.",
        Family.CONFLICT,
    )
    UNSUPPORTED_RESOURCE_TYPE = ErrorCode(
        "OperationUnsupported.ResourceType",
        400,
        "The emulator moves only ResourceType Vpc, not {resource_type}.",
        Family.INVALID_INPUT,
    )
    UNSUPPORTED_VBR_OWNER = ErrorCode(
        "OperationUnsupported.VbrOwnerId",
        400,
        "The emulator creates VBRs only for the calling account.",
        Family.INVALID_INPUT,
    )
    VBR_NAME_MALFORMED = ErrorCode(
        "InvalidName.Malformed",
        400,
        "The Name must be 2 to 128 characters and start with a letter or Chinese character.",
        Family.INVALID_INPUT,
    )
    VLAN_USED = ErrorCode(
        "InvalidVlanId.Used",
        400,
        "The VLAN {vlan_id} is already used on {physical_connection}.",
        Family.INVALID_INPUT,
    )
    INSTANCE_TYPE_MALFORMED = ErrorCode(
        "InvalidInstanceType.Malformed", 400, "The InstanceType must be VPC or VBR.", Family.INVALID_INPUT
    )
    UNSUPPORTED_ATTRIBUTE = ErrorCode(
        "OperationUnsupported.Parameter",
        400,
        "The emulator's ModifyVpcAttribute changes only VpcName and Description, not {name}.",
        Family.INVALID_INPUT,
    )
