"""ExpressConnectRouter's error codes (2023-09-01).

Parameter errors are ``IllegalParam.<Field>``; the ECR envelope also renames the gateway's
``InvalidParameter.<Field>`` to that form (:func:`alicloud_gov.emulator.services.ecr.responses.ecr_envelope`).
"""

from __future__ import annotations

from alicloud_gov.emulator.errors import ErrorCode, ErrorTable, Family

ILLEGAL_PARAM_PREFIX = "IllegalParam."


class EcrErrors(ErrorTable):
    """ECRs, cross-account grants, VPC associations and VBR children."""

    product = "ExpressConnectRouter"

    TEXT = ErrorCode(
        "IllegalParam.{name}",
        400,
        "The {name} must be at most {max_length} characters and must not start with http:// or https://.",
        Family.INVALID_INPUT,
    )
    ASN = ErrorCode(
        "IllegalParam.AlibabaSideAsn",
        400,
        "The AlibabaSideAsn {asn} is not allowed: use 45104, 64512-65534 (not 65025) or 4200000000-4294967294.",
        Family.INVALID_INPUT,
    )
    INSTANCE_TYPE = ErrorCode(
        "IllegalParam.{name}", 400, "The {name} {value!r} must be VPC or VBR.", Family.INVALID_INPUT
    )
    TOO_MANY_TAGS = ErrorCode("IllegalParam.Tag", 400, "At most {limit} tags can be given.", Family.INVALID_INPUT)
    RESOURCE_TYPE = ErrorCode(
        "IllegalParam.ResourceType",
        400,
        "The ResourceType {value!r} must be EXPRESSCONNECTROUTER.",
        Family.INVALID_INPUT,
    )
    CALLER_TYPE = ErrorCode(
        "IllegalParam.CallerType", 400, "The CallerType {value!r} must be OTHER or SELF.", Family.INVALID_INPUT
    )
    CHILD_INSTANCE_TYPE = ErrorCode(
        "IllegalParam.ChildInstanceType", 400, "The ChildInstanceType {value!r} must be VBR.", Family.INVALID_INPUT
    )
    TRANSIT_ROUTER = ErrorCode(
        "IllegalParam.TransitRouterId",
        400,
        "The emulator associates VPCs only, not transit routers.",
        Family.INVALID_INPUT,
    )
    OWN_ECR = ErrorCode(
        "IllegalParam.EcrOwnerAliUid",
        400,
        "The ECR belongs to the calling account; grants are only needed across accounts.",
        Family.INVALID_INPUT,
    )
    WRONG_ECR_OWNER = ErrorCode(
        "IllegalParam.EcrOwnerAliUid",
        400,
        "The Express Connect Router {ecr_id} does not belong to {owner}.",
        Family.INVALID_INPUT,
    )
    UNKNOWN_ACCOUNT = ErrorCode(
        "IllegalParam.{field}", 400, "The account {owner} does not exist.", Family.INVALID_INPUT
    )
    ECR_NOT_FOUND = ErrorCode(
        "ResourceNotFound.EcrId", 404, "The Express Connect Router {ecr_id} does not exist.", Family.NOT_FOUND
    )
    GRANTABLE_NOT_FOUND = ErrorCode(
        "ResourceNotFound.InstanceId",
        404,
        "The {instance_type} {instance_id} does not exist in {region} in the calling account; "
        "only the owner of an instance can grant it.",
        Family.NOT_FOUND,
    )
    INSTANCE_NOT_FOUND = ErrorCode(
        "ResourceNotFound.{label}",
        404,
        "The instance {instance_id} of {owner} does not exist in {region}.",
        Family.NOT_FOUND,
    )
    GRANT_NOT_FOUND = ErrorCode(
        "ResourceNotFound.GrantRule",
        404,
        "The {instance_type} {instance_id} is not granted to {ecr_id} of {owner}.",
        Family.NOT_FOUND,
    )
    ASSOCIATION_NOT_FOUND = ErrorCode(
        "ResourceNotFound.AssociationId",
        404,
        "The association {association_id} of {ecr_id} does not exist.",
        Family.NOT_FOUND,
    )
    CHILD_NOT_FOUND = ErrorCode(
        "ResourceNotFound.ChildInstanceId", 404, "The VBR {vbr_id} is not attached to {ecr_id}.", Family.NOT_FOUND
    )
    GRANT_EXISTS = ErrorCode(
        "ResourceAlreadyExists.GrantRule",
        409,
        "The {instance_type} {instance_id} is already granted to {ecr_id}.",
        Family.ALREADY_EXISTS,
    )
    ASSOCIATION_EXISTS = ErrorCode(
        "ResourceAlreadyExists.Association",
        409,
        "The VPC {vpc_id} is already associated with {ecr_id}.",
        Family.ALREADY_EXISTS,
    )
    CHILD_EXISTS = ErrorCode(
        "ResourceAlreadyExists.ChildInstance",
        409,
        "The VBR {vbr_id} is already attached to {ecr_id}.",
        Family.ALREADY_EXISTS,
    )
    INSTANCE_IN_USE = ErrorCode(
        "DependencyViolation.Association",
        400,
        "The {instance_type} {instance_id} is still associated with {ecr_id}; "
        "the ECR owner must remove the association first.",
        Family.CONFLICT,
    )
    ECR_IN_USE = ErrorCode(
        "DependencyViolation.EcrAssociation",
        400,
        "The Express Connect Router {ecr_id} still has {count} associated or attached instance(s).",
        Family.CONFLICT,
    )
    NOT_GRANTED = ErrorCode(
        "Forbidden.InstanceNotGranted",
        403,
        "The instance {instance_id} of account {owner} is not granted to Express Connect Router {ecr_id}; "
        "the owner must call GrantInstanceToExpressConnectRouter first.",
        Family.ACCESS_DENIED,
    )
    LOCKED = ErrorCode(
        "Conflict.Lock",
        409,
        "The Express Connect Router {ecr_id} is {busy}; retry when the change completes.",
        Family.CONFLICT,
    )
    ROUTES_SETTLING = ErrorCode(
        "OperationDenied.VbrHasRouteEntryInMiddleStatus",
        400,
        "The VBR has route entries that are still being added or removed; retry later.",
        Family.INVALID_INPUT,
    )
