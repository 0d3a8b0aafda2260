"""RAM's error codes (2015-05-01): 400 validation, 404 EntityNotExist.*, 409 EntityAlreadyExists.* /
DeleteConflict.* / LimitExceeded.*."""

from __future__ import annotations

from alicloud_gov.emulator.errors import ErrorCode, ErrorTable, Family

_TEXT_LENGTH = "The length of {field} must not exceed {max_length} characters."
_HAS_POLICIES = "The {kind} {name} still has policies attached; detach them first."


class RamErrors(ErrorTable):
    """Users, groups, roles, custom policies and their versions, attachments and AccessKeys."""

    product = "Ram"

    # validation
    NAME_LENGTH = ErrorCode(
        "InvalidParameter.{field}.Length",
        400,
        "The length of {field} must be {min_length} to {max_length} characters.",
        Family.INVALID_INPUT,
    )
    NAME_CHARS = ErrorCode(
        "InvalidParameter.{field}.InvalidChars",
        400,
        "The {field} {value!r} contains invalid characters.",
        Family.INVALID_INPUT,
    )
    TEXT_LENGTH = ErrorCode("InvalidParameter.{field}.Length", 400, _TEXT_LENGTH, Family.INVALID_INPUT)
    MALFORMED_POLICY = ErrorCode(
        "MalformedPolicyDocument", 400, "The policy document is malformed: {problems}.", Family.INVALID_INPUT
    )
    POLICY_TYPE = ErrorCode(
        "InvalidParameter.PolicyType",
        400,
        "PolicyType must be System or Custom, not {value!r}.",
        Family.INVALID_INPUT,
    )
    MARKER = ErrorCode("InvalidParameter.Marker", 400, "The Marker is not one this API returned.", Family.INVALID_INPUT)
    TAG_KEY = ErrorCode("InvalidParameter.Tag", 400, "Every tag needs a Key.", Family.INVALID_INPUT)
    ROTATE_STRATEGY = ErrorCode(
        "InvalidParameter.RotateStrategy",
        400,
        "RotateStrategy must be None or {rotate_oldest}.",
        Family.INVALID_INPUT,
    )
    ACCESS_KEY_STATUS = ErrorCode(
        "InvalidParameter.Status", 400, "Status must be Active or Inactive.", Family.INVALID_INPUT
    )

    # entities that do not exist
    USER_NOT_FOUND = ErrorCode("EntityNotExist.User", 404, "The user does not exist: {name}.", Family.NOT_FOUND)
    GROUP_NOT_FOUND = ErrorCode("EntityNotExist.Group", 404, "The group does not exist: {name}.", Family.NOT_FOUND)
    ROLE_NOT_FOUND = ErrorCode("EntityNotExist.Role", 404, "The role does not exist: {name}.", Family.NOT_FOUND)
    POLICY_NOT_FOUND = ErrorCode("EntityNotExist.Policy", 404, "The policy does not exist: {name}.", Family.NOT_FOUND)
    VERSION_NOT_FOUND = ErrorCode(
        "EntityNotExist.Policy.Version", 404, "The policy {policy} has no version {version_id}.", Family.NOT_FOUND
    )
    NOT_ATTACHED = ErrorCode(
        "EntityNotExist.{principal_type}.Policy",
        404,
        "The policy {policy} is not attached to {kind} {principal}.",
        Family.NOT_FOUND,
    )
    NOT_A_MEMBER = ErrorCode(
        "EntityNotExist.User.Group", 404, "The user {user} is not in group {group}.", Family.NOT_FOUND
    )
    ACCESS_KEY_NOT_FOUND = ErrorCode(
        "EntityNotExist.User.AccessKey",
        404,
        "The AccessKey {key_id} does not exist for {owner}.",
        Family.NOT_FOUND,
    )

    LOGIN_PROFILE_NOT_FOUND = ErrorCode(
        "EntityNotExist.User.LoginProfile", 404, "The user {name} has no login profile.", Family.NOT_FOUND
    )
    MFA_DEVICE_NOT_FOUND = ErrorCode(
        "EntityNotExist.User.MFADevice", 404, "The user {name} has no MFA device bound.", Family.NOT_FOUND
    )

    # entities that already exist
    USER_EXISTS = ErrorCode("EntityAlreadyExists.User", 409, "The user already exists: {name}.", Family.ALREADY_EXISTS)
    GROUP_EXISTS = ErrorCode(
        "EntityAlreadyExists.Group", 409, "The group already exists: {name}.", Family.ALREADY_EXISTS
    )
    ROLE_EXISTS = ErrorCode("EntityAlreadyExists.Role", 409, "The role already exists: {name}.", Family.ALREADY_EXISTS)
    POLICY_EXISTS = ErrorCode(
        "EntityAlreadyExists.Policy", 409, "The policy already exists: {name}.", Family.ALREADY_EXISTS
    )
    SYSTEM_POLICY_NAME = ErrorCode(
        "EntityAlreadyExists.Policy", 409, "A system policy is already named {name}.", Family.ALREADY_EXISTS
    )
    ALREADY_ATTACHED = ErrorCode(
        "EntityAlreadyExists.{principal_type}.Policy",
        409,
        "The policy {policy} is already attached to {kind} {principal}.",
        Family.ALREADY_EXISTS,
    )
    ALREADY_A_MEMBER = ErrorCode(
        "EntityAlreadyExists.User.Group",
        409,
        "The user {user} is already in group {group}.",
        Family.ALREADY_EXISTS,
    )
    LOGIN_PROFILE_EXISTS = ErrorCode(
        "EntityAlreadyExists.User.LoginProfile",
        409,
        "The user {name} already has a login profile.",
        Family.ALREADY_EXISTS,
    )

    # the entity's state forbids the change
    USER_IN_GROUPS = ErrorCode(
        "DeleteConflict.User.Group",
        409,
        "The user {name} still belongs to groups; remove it first.",
        Family.CONFLICT,
    )
    USER_HAS_POLICIES = ErrorCode("DeleteConflict.User.Policy", 409, _HAS_POLICIES, Family.CONFLICT)
    USER_HAS_ACCESS_KEYS = ErrorCode(
        "DeleteConflict.User.AccessKey",
        409,
        "The user {name} still has AccessKeys; delete them first.",
        Family.CONFLICT,
    )
    USER_HAS_LOGIN_PROFILE = ErrorCode(
        "DeleteConflict.User.LoginProfile",
        409,
        "The user {name} still has a login profile; delete it first.",
        Family.CONFLICT,
    )
    GROUP_HAS_MEMBERS = ErrorCode(
        "DeleteConflict.Group.User", 409, "The group {name} still has members; remove them first.", Family.CONFLICT
    )
    GROUP_HAS_POLICIES = ErrorCode("DeleteConflict.Group.Policy", 409, _HAS_POLICIES, Family.CONFLICT)
    ROLE_HAS_POLICIES = ErrorCode("DeleteConflict.Role.Policy", 409, _HAS_POLICIES, Family.CONFLICT)
    POLICY_ATTACHED = ErrorCode(
        "DeleteConflict.Policy.{principal_type}",
        409,
        "The policy {name} is still attached to a {kind}; detach it first.",
        Family.CONFLICT,
    )
    POLICY_HAS_VERSIONS = ErrorCode(
        "DeleteConflict.Policy.Version",
        409,
        "The policy {name} still has non-default versions; delete them first.",
        Family.CONFLICT,
    )
    DEFAULT_VERSION = ErrorCode(
        "DeleteConflict.Policy.Version.Default",
        409,
        "Version {version_id} is the default version of {policy} and cannot be deleted.",
        Family.CONFLICT,
    )

    # quotas
    TOO_MANY_USERS = ErrorCode(
        "LimitExceeded.User", 409, "The account already has the maximum of {limit} user entities.", Family.CONFLICT
    )
    TOO_MANY_GROUPS = ErrorCode(
        "LimitExceeded.Group", 409, "The account already has the maximum of {limit} group entities.", Family.CONFLICT
    )
    TOO_MANY_ROLES = ErrorCode(
        "LimitExceeded.Role", 409, "The account already has the maximum of {limit} role entities.", Family.CONFLICT
    )
    TOO_MANY_POLICIES = ErrorCode(
        "LimitExceeded.Policy",
        409,
        "The account already has the maximum of {limit} policy entities.",
        Family.CONFLICT,
    )
    TOO_MANY_VERSIONS = ErrorCode(
        "LimitExceeded.Policy.Version", 409, "The policy {name} already has {limit} versions.", Family.CONFLICT
    )
    TOO_MANY_ACCESS_KEYS = ErrorCode(
        "LimitExceeded.User.AccessKey", 409, "{owner} already has {limit} AccessKeys.", Family.CONFLICT
    )

    # OIDC identity providers (RAM 2019-08-15: CreateOIDCProvider, GetOIDCProvider, DeleteOIDCProvider)
    OIDC_PROVIDER_NOT_FOUND = ErrorCode(
        "EntityNotExist.OIDCProvider", 404, "The OIDC provider does not exist: {name}.", Family.NOT_FOUND
    )
    OIDC_PROVIDER_EXISTS = ErrorCode(
        "EntityAlreadyExists.OIDCProvider", 409, "The OIDC provider already exists: {name}.", Family.ALREADY_EXISTS
    )
    OIDC_ISSUER_EXISTS = ErrorCode(
        "EntityAlreadyExists.OIDCProvider.IssuerUrl",
        409,
        "An OIDC provider of this account already has the IssuerUrl {issuer}.",
        Family.ALREADY_EXISTS,
    )
    OIDC_LIST_TOO_LONG = ErrorCode(
        "InvalidParameter.{field}.Length", 400, "{field} lists at most {limit} values.", Family.INVALID_INPUT
    )
    OIDC_VALUE = ErrorCode(
        "InvalidParameter.{field}", 400, "The {field} value {value!r} {explain}.", Family.INVALID_INPUT
    )
    TOO_MANY_OIDC_PROVIDERS = ErrorCode(
        "LimitExceeded.OIDCProvider",
        409,
        "The account already has the maximum of {limit} OIDC providers.",
        Family.CONFLICT,
    )
