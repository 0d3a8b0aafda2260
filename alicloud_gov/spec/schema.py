"""The resource types of the ``alicloud-gov`` package, as data.

One :class:`ResourceSpec` per resource type says which inputs it takes (with their
kind, whether a change replaces the resource, defaults and secrecy), which outputs it
returns, and how its id is formed (the id ``pulumi import`` accepts). From these specs
come the Pulumi package schema (:func:`package_schema`), the diff engine's
:class:`~alicloud_gov.plan.ResourceSchema` (:func:`alicloud_gov.plan.resource_schema`) and the typed
keyword arguments of the program-side classes (tests/unit/test_public_face.py holds them to it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from alicloud_gov.spec import names
from alicloud_gov.spec.arns import role_arn
from alicloud_gov.spec.names import NameRule
from alicloud_gov.spec.plugin import plugin_manifest
from alicloud_gov.spec.principals import PRINCIPAL_TYPES, rm_principal_name
from alicloud_gov.spec.tokens import PACKAGE, type_token


@dataclass(frozen=True)
class Field:
    """One property of a resource type.

    ``kind`` is the diff engine's comparison kind (see :class:`alicloud_gov.plan.PropertySpec`);
    ``enum`` lists the allowed values, compared case-insensitively.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    replace: bool = False
    secret: bool = False
    default: Any = None
    enum: tuple[str, ...] = ()
    rule: NameRule | None = None
    """The text rule a string value must follow (checked offline by the provider)."""
    compared: bool = True
    """False for helper inputs whose effect shows in another property (a role's trusted* lists build its
    trust policy): the diff compares the result, so an imported role shows no false change."""
    stored_only: bool = False
    """True for a setting of the provider's own that the cloud does not hold (``force``): a read carries it over
    from the stored state instead of reporting it gone."""

    def schema_type(self) -> dict[str, Any]:
        """The Pulumi schema type of this property."""
        if self.kind in ("policy", "json"):
            return {"$ref": "pulumi.json#/Any"}
        if self.kind == "string_set":
            return {"type": "array", "items": {"type": "string"}}
        if self.kind == "int":
            return {"type": "integer"}
        if self.kind == "bool":
            return {"type": "boolean"}
        if self.kind == "map":
            return {"type": "object", "additionalProperties": {"type": "string"}}
        return {"type": "string"}

    def schema(self) -> dict[str, Any]:
        """This property's entry in the package schema."""
        entry: dict[str, Any] = {**self.schema_type(), "description": self.description}
        if self.replace:
            entry["willReplaceOnChanges"] = True
        if self.secret:
            entry["secret"] = True
        if self.default is not None:
            entry["default"] = self.default
        return entry


TERRAFORM_DEFAULT_TIMEOUT = 20 * 60.0
"""Seconds terraform allows an operation whose resource declares no timeout of its own (its plugin SDK's default)."""

_MINUTE = 60.0


@dataclass(frozen=True)
class Timeouts:
    """Seconds each operation may take when the user sets no ``customTimeouts``: terraform-provider-alicloud's
    ``Timeouts`` of the matching resource (alicloud/resource_alicloud_*.go), or terraform's default where it has none.
    """

    create: float = TERRAFORM_DEFAULT_TIMEOUT
    update: float = TERRAFORM_DEFAULT_TIMEOUT
    delete: float = TERRAFORM_DEFAULT_TIMEOUT

    def of(self, operation: str) -> float:
        """The default of ``operation`` (``create``, ``update`` or ``delete``)."""
        return float(getattr(self, operation))


@dataclass(frozen=True)
class ResourceSpec:
    """One resource type: its inputs, outputs and the id format ``pulumi import`` takes."""

    type_name: str
    description: str
    inputs: tuple[Field, ...]
    outputs: tuple[Field, ...]
    id_format: str
    natural_key: bool = False
    """True when the resource's identity is its natural key (a grant, a membership, a placement): a replacement
    would create the very thing the delete of the old one then removes, so it deletes first."""
    timeouts: Timeouts = Timeouts()
    """Default operation timeouts (a user's ``customTimeouts`` overrides them); every wait and retry stops there."""

    @property
    def token(self) -> str:
        """The Pulumi type token."""
        return type_token(self.type_name)

    def field(self, name: str) -> Field | None:
        """The input or output field called ``name``."""
        for item in (*self.inputs, *self.outputs):
            if item.name == name:
                return item
        return None

    @property
    def secret_names(self) -> frozenset[str]:
        """Names of the properties stored as secrets."""
        return frozenset(item.name for item in (*self.inputs, *self.outputs) if item.secret)

    def schema(self) -> dict[str, Any]:
        """This resource's entry in the package schema."""
        properties = {item.name: item.schema() for item in (*self.inputs, *self.outputs)}
        return {
            "description": f"{self.description}\n\nImport id: `{self.id_format}`.",
            "properties": properties,
            "required": [item.name for item in self.inputs if item.required] + [item.name for item in self.outputs],
            "inputProperties": {item.name: item.schema() for item in self.inputs},
            "requiredInputs": [item.name for item in self.inputs if item.required],
        }


def _f(name: str, kind: str, description: str, **options: Any) -> Field:
    return Field(name=name, kind=kind, description=description, **options)


_FORCE_REMOVES = {
    "user": "its AccessKeys, attached policies, group memberships, login profile and MFA device",
    "group": "its members and attached policies",
    "role": "its attached policies",
    "policy": "its attachments to users, groups and roles and its non-default versions",
}
"""What ``force`` removes before a delete, as terraform-provider-alicloud's ``force`` does."""


def _force(kind: str) -> Field:
    return _f(
        "force",
        "bool",
        f"Delete the {kind} even when objects this stack does not manage still use it: {_FORCE_REMOVES[kind]} are "
        f"removed first. Without it such a delete fails naming each of them. Takes effect once recorded by an up.",
        default=False,
        stored_only=True,
    )


_ACCOUNT_ID = _f("accountId", "string", "The UID of the Alibaba Cloud account that owns the resource.")
_POLICY_TYPES = ("System", "Custom")
_INSTANCE_TYPES = ("VPC", "VBR")

RESOURCE_GROUP = ResourceSpec(
    type_name="ResourceGroup",
    description="A resource group: a unit of resources inside one account that permissions can be scoped to.",
    inputs=(
        _f(
            "name",
            "string",
            f"Unique name: {names.RESOURCE_GROUP_NAME.describe()}.",
            required=True,
            replace=True,
            rule=names.RESOURCE_GROUP_NAME,
        ),
        _f(
            "displayName",
            "string",
            f"Display name, {names.RESOURCE_GROUP_DISPLAY_NAME.describe()} (defaults to the name); updated in place.",
            rule=names.RESOURCE_GROUP_DISPLAY_NAME,
        ),
    ),
    outputs=(
        _f("resourceGroupId", "string", "The resource group id (rg-...)."),
        _f("status", "string", "Creating, OK or PendingDelete."),
        _ACCOUNT_ID,
    ),
    id_format="<resource group id>",
    timeouts=Timeouts(create=11 * _MINUTE),  # resource_alicloud_resource_manager_resource_group.go
)

RAM_USER = ResourceSpec(
    type_name="RamUser",
    description="A RAM user: a person or an application with its own identity in the account.",
    inputs=(
        _f(
            "name",
            "string",
            f"Logon name: {names.USER_NAME.describe()}; renamed in place.",
            required=True,
            rule=names.USER_NAME,
        ),
        _f(
            "displayName",
            "string",
            f"Display name, {names.USER_DISPLAY_NAME.describe()}; updated in place.",
            rule=names.USER_DISPLAY_NAME,
        ),
        _f("email", "string", "Email address; updated in place.", rule=names.EMAIL),
        _f("mobilePhone", "string", "Mobile phone, e.g. 86-18600008888; updated in place.", rule=names.MOBILE_PHONE),
        _f(
            "comments",
            "string",
            f"Free text, up to {names.COMMENTS.max_length} characters; updated in place.",
            rule=names.COMMENTS,
        ),
        _force("user"),
    ),
    outputs=(
        _f("userId", "string", "The user's immutable id."),
        _f("principalName", "string", f"The principal name, {rm_principal_name('user', '<name>', '<alias>')}."),
        _ACCOUNT_ID,
    ),
    id_format="<user name>",
    timeouts=Timeouts(3 * _MINUTE, 3 * _MINUTE, 3 * _MINUTE),  # resource_alicloud_ram_user.go
)

RAM_ACCESS_KEY = ResourceSpec(
    type_name="RamAccessKey",
    description=(
        "An AccessKey pair of a RAM user (the console's OpenAPI Access): its credential for API calls. The secret "
        "is known only when the key is created: it is stored as a Pulumi secret, a refresh keeps it and an import "
        "cannot recover it. Rotate by replacement: change `rotation` (or `pulumi up --replace <urn>`); the new key "
        "is created before the old one is deleted (RAM allows a user two keys)."
    ),
    inputs=(
        _f(
            "userName",
            "string",
            f"The RAM user the key belongs to: {names.USER_NAME.describe()}; a change replaces the key.",
            required=True,
            replace=True,
            rule=names.USER_NAME,
        ),
        _f(
            "status",
            "string",
            "Active (the key signs requests) or Inactive (refused); updated in place.",
            default="Active",
            enum=("Active", "Inactive"),
        ),
        _f(
            "rotation",
            "string",
            "Any text; a new value replaces the key with a new pair (rotation). Kept in the stack only.",
            replace=True,
            stored_only=True,
        ),
    ),
    outputs=(
        _f("accessKeyId", "string", "The AccessKey id."),
        _f(
            "accessKeySecret",
            "string",
            "The AccessKey secret (a Pulumi secret); known from the create only, absent after an import.",
            secret=True,
        ),
        _f("createDate", "string", "When the key was created (UTC, ISO 8601)."),
        _ACCOUNT_ID,
    ),
    id_format="<user name>:<AccessKey id>",
    timeouts=Timeouts(5 * _MINUTE, 5 * _MINUTE, 5 * _MINUTE),  # resource_alicloud_ram_access_key.go
)

RAM_GROUP = ResourceSpec(
    type_name="RamGroup",
    description="A RAM user group: permissions attached to the group apply to each member.",
    inputs=(
        _f(
            "name",
            "string",
            f"Group name: {names.GROUP_NAME.describe()}; renamed in place.",
            required=True,
            rule=names.GROUP_NAME,
        ),
        _f(
            "comments",
            "string",
            f"Free text, up to {names.COMMENTS.max_length} characters; updated in place.",
            rule=names.COMMENTS,
        ),
        _force("group"),
    ),
    outputs=(
        _f("groupId", "string", "The group's immutable id."),
        _f("principalName", "string", f"The principal name, {rm_principal_name('group', '<name>', '<alias>')}."),
        _ACCOUNT_ID,
    ),
    id_format="<group name>",
    timeouts=Timeouts(5 * _MINUTE, 5 * _MINUTE, 5 * _MINUTE),  # resource_alicloud_ram_group.go
)

RAM_GROUP_MEMBERSHIP = ResourceSpec(
    type_name="RamGroupMembership",
    description="One RAM user's membership of one RAM user group.",
    inputs=(
        _f("groupName", "string", "The group.", required=True, replace=True, rule=names.GROUP_NAME),
        _f("userName", "string", "The user.", required=True, replace=True, rule=names.USER_NAME),
    ),
    outputs=(_ACCOUNT_ID,),
    id_format="<group name>:<user name>",
    timeouts=Timeouts(create=5 * _MINUTE, delete=5 * _MINUTE),  # resource_alicloud_ram_user_group_attachment.go
    natural_key=True,
)

RAM_ROLE = ResourceSpec(
    type_name="RamRole",
    description=(
        "A RAM role: an identity without credentials that trusted principals assume through STS. The trust policy "
        "is given as a document (a dict or JSON text) or built from trustedAccounts, trustedServices and "
        "trustedFederatedProviders."
    ),
    inputs=(
        _f(
            "name",
            "string",
            f"Role name: {names.ROLE_NAME.describe()}; a new name replaces the role.",
            required=True,
            replace=True,
            rule=names.ROLE_NAME,
        ),
        _f("assumeRolePolicyDocument", "policy", "The trust policy (dict or JSON text); updated in place."),
        _f(
            "trustedAccounts",
            "string_set",
            "Account UIDs (or RAM principal ARNs) whose identities may assume the role.",
            compared=False,
        ),
        _f(
            "trustedServices",
            "string_set",
            "Cloud services that may assume the role, e.g. ecs.aliyuncs.com.",
            compared=False,
        ),
        _f(
            "trustedFederatedProviders",
            "string_set",
            "Identity provider ARNs, acs:ram::<uid>:saml-provider/<name>, whose users may assume the role.",
            compared=False,
        ),
        _f(
            "description",
            "string",
            f"Description, up to {names.DESCRIPTION.max_length} characters; updated in place.",
            rule=names.DESCRIPTION,
        ),
        _f(
            "maxSessionDuration",
            "int",
            "Longest STS session in seconds, {}-{}; updated in place.".format(*names.ROLE_SESSION_DURATION),
            default=names.ROLE_SESSION_DURATION[0],
        ),
        _force("role"),
    ),
    outputs=(
        _f("roleId", "string", "The role's immutable id."),
        _f("arn", "string", f"The role ARN, {role_arn('<uid>', '<name>')}."),
        _f("principalName", "string", f"The principal name, {rm_principal_name('role', '<name>', '<alias>')}."),
        _ACCOUNT_ID,
    ),
    id_format="<role name>",
    timeouts=Timeouts(5 * _MINUTE, 5 * _MINUTE, 5 * _MINUTE),  # resource_alicloud_ram_role.go
)

RAM_POLICY = ResourceSpec(
    type_name="RamPolicy",
    description=(
        "A custom RAM policy. A changed document becomes a new default version (the oldest non-default version "
        "is deleted first when the policy already has five)."
    ),
    inputs=(
        _f(
            "name",
            "name_ci",
            f"Policy name: {names.POLICY_NAME.describe()}; a new name replaces the policy.",
            required=True,
            replace=True,
            rule=names.POLICY_NAME,
        ),
        _f(
            "document",
            "policy",
            f"The policy document (dict or JSON text), up to {names.MAX_POLICY_DOCUMENT_LENGTH} characters.",
            required=True,
        ),
        _f(
            "description",
            "string",
            f"Description, up to {names.DESCRIPTION.max_length} characters; updated in place.",
            rule=names.DESCRIPTION,
        ),
        _force("policy"),
    ),
    outputs=(
        _f("policyType", "string", "Always Custom."),
        _f("defaultVersion", "string", "The id of the default version (v1, v2, ...)."),
        _ACCOUNT_ID,
    ),
    id_format="<policy name>",
    timeouts=Timeouts(5 * _MINUTE, 5 * _MINUTE, 26 * _MINUTE),  # resource_alicloud_ram_policy.go
)

POLICY_ATTACHMENT = ResourceSpec(
    type_name="PolicyAttachment",
    description=(
        "Grants a policy to a principal at a scope. Account scope (no resourceGroupId) uses RAM's AttachPolicyTo*; "
        "resource-group scope uses ResourceManager's AttachPolicy with the resource group id."
    ),
    inputs=(
        _f("principalType", "string", "user, group or role.", required=True, replace=True, enum=PRINCIPAL_TYPES),
        _f(
            "principalName",
            "string",
            "The user, group or role name (not the principal's full name).",
            required=True,
            replace=True,
        ),
        _f(
            "policyName",
            "name_ci",
            "The policy name (matched case-insensitively, as RAM does).",
            required=True,
            replace=True,
            rule=names.POLICY_NAME,
        ),
        _f("policyType", "name_ci", "System or Custom.", replace=True, default="Custom", enum=_POLICY_TYPES),
        _f(
            "resourceGroupId",
            "string",
            "Scope the grant to this resource group; absent means the whole account.",
            replace=True,
        ),
    ),
    outputs=(
        _f("scope", "string", "account, or the resource group id."),
        _ACCOUNT_ID,
    ),
    id_format="<account|resource group id>:<user|group|role>:<principal name>:<System|Custom>:<policy name>",
    timeouts=Timeouts(create=5 * _MINUTE, delete=5 * _MINUTE),  # resource_alicloud_ram_*_policy_attachment.go
    natural_key=True,
)

RESOURCE_GROUP_MOVE = ResourceSpec(
    type_name="ResourceGroupMove",
    description=(
        "Places an existing cloud resource in a resource group. Changing the group moves it again; deleting this "
        "resource moves it back to the group it came from."
    ),
    inputs=(
        _f(
            "resourceGroupId",
            "string",
            "The destination resource group; updated in place.",
            required=True,
            rule=names.RESOURCE_GROUP_ID,
        ),
        _f(
            "resourceId",
            "string",
            "The resource's id, e.g. vpc-....",
            required=True,
            replace=True,
            rule=names.NON_EMPTY,
        ),
        _f("resourceType", "string", "The resource type, e.g. vpc.", required=True, replace=True, rule=names.NON_EMPTY),
        _f("service", "string", "The service code, e.g. vpc.", required=True, replace=True, rule=names.NON_EMPTY),
        _f("regionId", "string", "The region of the resource.", required=True, replace=True, rule=names.REGION_ID),
    ),
    outputs=(
        _f("previousResourceGroupId", "string", "The group the resource was in before the move."),
        _ACCOUNT_ID,
    ),
    id_format="<service>:<region>:<resource type>:<resource id>",
    natural_key=True,
)

ECR_GRANT = ResourceSpec(
    type_name="EcrGrant",
    description=(
        "The VPC or VBR owner's side of a cross-account Express Connect Router link: grants the instance to the "
        "ECR of another account. Declare it with the provider of the instance's account."
    ),
    inputs=(
        _f("ecrId", "string", "The ECR id (ecr-...).", required=True, replace=True, rule=names.ECR_ID),
        _f(
            "ecrOwnerUid",
            "string",
            "The UID of the account that owns the ECR.",
            required=True,
            replace=True,
            rule=names.ACCOUNT_UID,
        ),
        _f("instanceId", "string", "The VPC or VBR id.", required=True, replace=True, rule=names.NON_EMPTY),
        _f("instanceType", "string", "VPC or VBR.", required=True, replace=True, enum=_INSTANCE_TYPES),
        _f(
            "instanceRegionId",
            "string",
            "The region of the VPC or VBR.",
            required=True,
            replace=True,
            rule=names.REGION_ID,
        ),
    ),
    outputs=(
        _f("status", "string", "The grant status."),
        _f("instanceOwnerUid", "string", "The UID of the account that owns the instance (the grantor)."),
    ),
    id_format="<ecr id>:<ecr owner uid>:<VPC|VBR>:<region>:<instance id>",
    timeouts=Timeouts(create=5 * _MINUTE, delete=5 * _MINUTE),  # ..._express_connect_router_grant_association.go
    natural_key=True,
)

ECR_ASSOCIATION = ResourceSpec(
    type_name="EcrAssociation",
    description=(
        "The ECR owner's side of a cross-account link: associates a granted VPC (CreateExpressConnectRouter"
        "Association) or VBR (AttachExpressConnectRouterChildInstance) with the ECR. Declare it with the provider "
        "of the ECR's account, after the instance owner's EcrGrant."
    ),
    inputs=(
        _f("ecrId", "string", "The ECR id (ecr-...).", required=True, replace=True, rule=names.ECR_ID),
        _f("instanceId", "string", "The VPC or VBR id.", required=True, replace=True, rule=names.NON_EMPTY),
        _f("instanceType", "string", "VPC or VBR.", required=True, replace=True, enum=_INSTANCE_TYPES),
        _f(
            "instanceRegionId",
            "string",
            "The region of the VPC or VBR.",
            required=True,
            replace=True,
            rule=names.REGION_ID,
        ),
        _f(
            "instanceOwnerUid",
            "string",
            "The UID of the account that owns the VPC or VBR.",
            required=True,
            replace=True,
            rule=names.ACCOUNT_UID,
        ),
    ),
    outputs=(
        _f("associationId", "string", "The association id (VPC) or the child instance id (VBR)."),
        _f("status", "string", "The association status."),
    ),
    id_format="<ecr id>:<VPC|VBR>:<region>:<instance id>",
    timeouts=Timeouts(5 * _MINUTE, 5 * _MINUTE, 5 * _MINUTE),  # ..._express_connect_router_vpc_association.go
    natural_key=True,
)

RESOURCES: dict[str, ResourceSpec] = {
    spec.token: spec
    for spec in (
        RESOURCE_GROUP,
        RAM_USER,
        RAM_ACCESS_KEY,
        RAM_GROUP,
        RAM_GROUP_MEMBERSHIP,
        RAM_ROLE,
        RAM_POLICY,
        POLICY_ATTACHMENT,
        RESOURCE_GROUP_MOVE,
        ECR_GRANT,
        ECR_ASSOCIATION,
    )
}
"""Every resource type by type token."""

CONFIG_FIELDS: tuple[Field, ...] = (
    _f(
        "region",
        "string",
        "The region, e.g. cn-hangzhou (or ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION); checked against the known "
        "regions.",
        default=None,
    ),
    _f("accessKeyId", "string", "AccessKey id (or ALIBABA_CLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY)."),
    _f(
        "accessKeySecret",
        "string",
        "AccessKey secret (or ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALICLOUD_SECRET_KEY).",
        secret=True,
    ),
    _f("securityToken", "string", "STS security token for temporary credentials.", secret=True),
    _f("profile", "string", "A profile of the Alibaba Cloud CLI configuration to take credentials from."),
    _f("assumeRole", "json", "Assume this role first: {roleArn, sessionName, externalId, durationSeconds}."),
    _f("endpoint", "string", "Override every product's endpoint, e.g. 127.0.0.1:8080 for the local emulator."),
    _f("protocol", "string", "http or https (default https; http when endpoint starts with http://)."),
    _f("maxRetries", "int", "Retries of a throttled or failed call (default 7)."),
    _f(
        "accountId",
        "string",
        "The UID these credentials must belong to: checked before the first change, and used by offline checks "
        "to tell the accounts of a multi-account program apart.",
    ),
    _f(
        "assumeRoleWithOidc",
        "json",
        "Log in without an AccessKey: {roleArn, oidcProviderArn, oidcTokenFile, sessionName, durationSeconds}, "
        "missing keys read from ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, "
        "ALIBABA_CLOUD_OIDC_TOKEN_FILE, ALIBABA_CLOUD_ROLE_SESSION_NAME.",
    ),
    _f(
        "skipRegionValidation",
        "bool",
        "Accept a region that is not in the known list (or ALICLOUD_SKIP_REGION_VALIDATION).",
    ),
)
"""The provider's configuration (stack config ``alicloud-gov:<name>``)."""

OIDC_LOGIN_TOKEN = type_token("AssumeRoleWithOidc")
"""The schema type of the provider's ``assumeRoleWithOidc`` setting."""

CONFIG_BY_NAME = {item.name: item for item in CONFIG_FIELDS}
"""The provider's configuration fields by name."""

ASSUME_ROLE_TOKEN = type_token("AssumeRole")
"""The schema type of the provider's ``assumeRole`` setting."""


@cache
def package_schema(version: str) -> str:
    """The Pulumi package schema (JSON text) of package version ``version``, served by ``GetSchema``."""
    from alicloud_gov.spec.functions import FUNCTIONS  # defined from this module's fields

    config_vars = {item.name: item.schema() for item in CONFIG_FIELDS}
    config_vars["assumeRole"] = {
        "$ref": f"#/types/{ASSUME_ROLE_TOKEN}",
        "description": CONFIG_BY_NAME["assumeRole"].description,
    }
    assume_role_type = {
        "type": "object",
        "description": "A role the provider assumes before making calls.",
        "properties": {
            "roleArn": {"type": "string", "description": "ARN of the role to assume."},
            "sessionName": {"type": "string", "description": f"Session name: {names.SESSION_NAME.describe()}."},
            "externalId": {"type": "string", "description": "External id the trust policy requires."},
            "durationSeconds": {
                "type": "integer",
                "description": "Session length in seconds, {}-{}.".format(*names.ASSUME_ROLE_DURATION),
            },
        },
        "required": ["roleArn"],
    }
    config_vars["assumeRoleWithOidc"] = {
        "$ref": f"#/types/{OIDC_LOGIN_TOKEN}",
        "description": CONFIG_BY_NAME["assumeRoleWithOidc"].description,
    }
    oidc_type = {
        "type": "object",
        "description": "A role the provider assumes with an OIDC token (STS AssumeRoleWithOIDC).",
        "properties": {
            "roleArn": {"type": "string", "description": "ARN of the role to assume."},
            "oidcProviderArn": {"type": "string", "description": "ARN of the RAM OIDC provider."},
            "oidcTokenFile": {"type": "string", "description": "File holding the OIDC token (re-read on refresh)."},
            "sessionName": {"type": "string", "description": f"Session name: {names.SESSION_NAME.describe()}."},
            "durationSeconds": {
                "type": "integer",
                "description": "Session length in seconds, {}-{}.".format(*names.ASSUME_ROLE_DURATION),
            },
        },
    }
    schema = {
        "name": PACKAGE,
        "version": version,
        "displayName": "Alibaba Cloud access governance",
        "description": "Resource groups, RAM principals, policies, attachments and ECR grants, checked offline.",
        "config": {"variables": config_vars},
        "provider": {
            "description": "The alicloud-gov provider: one instance per account and credentials.",
            "inputProperties": config_vars,
        },
        "types": {ASSUME_ROLE_TOKEN: assume_role_type, OIDC_LOGIN_TOKEN: oidc_type},
        "resources": {spec.token: spec.schema() for spec in RESOURCES.values()},
        "functions": {spec.token: spec.schema() for spec in FUNCTIONS.values()},
        "language": {"python": {"packageName": "alicloud_gov"}},
    }
    download_url = plugin_manifest().server
    if download_url:  # set by scripts/dist.py for a release build; Pulumi's default lookup otherwise
        schema["pluginDownloadURL"] = download_url
    return json.dumps(schema, indent=2, sort_keys=True)
