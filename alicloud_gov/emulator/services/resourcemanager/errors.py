"""ResourceManager's error codes (2020-03-31)."""

from __future__ import annotations

from alicloud_gov.emulator.errors import ErrorCode, ErrorTable, Family


class ResourceManagerErrors(ErrorTable):
    """Resource groups, group-scope policy attachments and resource moves."""

    product = "ResourceManager"

    GROUP_NOT_FOUND = ErrorCode(
        "EntityNotExists.ResourceGroup", 404, "The resource group {group_id} does not exist.", Family.NOT_FOUND
    )
    NOT_A_GROUP_ID = ErrorCode(
        "InvalidParameter.{field}",
        400,
        "The {field} {group_id!r} is not a resource group id (rg-...).",
        Family.INVALID_INPUT,
    )
    FOREIGN_ACCOUNT_SCOPE = ErrorCode(
        "InvalidParameter.ResourceGroupId",
        400,
        "The ResourceGroupId {scope} is another account's id; use this account's id {account} or an rg id.",
        Family.INVALID_INPUT,
    )
    NAME_LENGTH = ErrorCode(
        "InvalidParameter.Name.Length",
        400,
        "The Name of a resource group must be {min_length} to {max_length} characters.",
        Family.INVALID_INPUT,
    )
    NAME_CHARS = ErrorCode(
        "InvalidParameter.Name.InvalidChars",
        400,
        "The Name {name!r} may contain letters, digits and hyphens and must start with a letter.",
        Family.INVALID_INPUT,
    )
    DISPLAY_NAME_LENGTH = ErrorCode(
        "InvalidParameter.{field}.Length",
        400,
        "The {field} must be {min_length} to {max_length} characters long.",
        Family.INVALID_INPUT,
    )
    TAG_KEY = ErrorCode("InvalidParameter.Tag.Key", 400, "The tag key {key!r} is not valid.", Family.INVALID_INPUT)
    TAG_VALUE = ErrorCode(
        "InvalidParameter.Tag.Value",
        400,
        "The value of tag {key!r} is longer than 128 characters.",
        Family.INVALID_INPUT,
    )
    GROUP_EXISTS = ErrorCode(
        "EntityAlreadyExists.ResourceGroup",
        409,
        "A resource group named {name} already exists.",
        Family.ALREADY_EXISTS,
    )
    DELETE_DEFAULT = ErrorCode(
        "DeleteConflict.ResourceGroup.Default",
        409,
        "The default resource group cannot be deleted.",
        Family.CONFLICT,
    )
    DELETE_DELETING = ErrorCode(
        "DeleteConflict.ResourceGroup.Status",
        409,
        "The resource group {group_id} is already deleting.",
        Family.CONFLICT,
    )
    DELETE_NOT_EMPTY = ErrorCode(
        "DeleteConflict.ResourceGroup.Resource",
        409,
        "The resource group {group_id} still contains {count} resource(s), e.g. {example}; move them out first.",
        Family.CONFLICT,
    )
    PRINCIPAL_TYPE = ErrorCode(
        "InvalidParameter.PrincipalType",
        400,
        "The PrincipalType {value!r} is not valid; use IMSUser, IMSGroup or ServiceRole.",
        Family.INVALID_INPUT,
    )
    PRINCIPAL_NAME = ErrorCode(
        "InvalidParameter.PrincipalName",
        400,
        "The PrincipalName {value!r} is not a {principal_type} of this account; expected {expected}.",
        Family.INVALID_INPUT,
    )
    POLICY_TYPE = ErrorCode(
        "InvalidParameter.PolicyType",
        400,
        "The PolicyType {value!r} must be System or Custom.",
        Family.INVALID_INPUT,
    )
    ATTACHMENT_EXISTS = ErrorCode(
        "EntityAlreadyExists.PolicyAttachment",
        409,
        "The policy {policy} is already attached to {principal} in resource group {group_id}.",
        Family.ALREADY_EXISTS,
    )
    ATTACHMENT_NOT_FOUND = ErrorCode(
        "EntityNotExist.PolicyAttachment",
        404,
        "The policy {policy} is not attached to {principal} in resource group {group_id}.",
        Family.NOT_FOUND,
    )
    TOO_MANY_RESOURCES = ErrorCode(
        "InvalidParameter.Resources", 400, "At most {limit} resources can be moved per call.", Family.INVALID_INPUT
    )
    RESOURCE_NOT_FOUND = ErrorCode(  # reported per resource in MoveResources' Responses, not raised
        "NotFound.Resource",
        404,
        "The {service} {resource_type} {resource_id} was not found in region {region}.",
        Family.NOT_FOUND,
    )
