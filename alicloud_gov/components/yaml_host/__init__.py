"""The components served as a Pulumi component provider, for Pulumi YAML (and any other language) programs.

This folder is a Pulumi plugin (``PulumiPlugin.yaml`` + ``__main__.py``). A YAML project adds it with
``pulumi package add <this folder>`` and then declares, for example::

    resources:
      net-ops:
        type: alicloud-gov-components:index:ResourceGroupAccess
        properties:
          resourceGroupId: ${network.resourceGroupId}
          principalType: user
          principalName: ${alice.name}
          systemPolicies: [AliyunExpressConnectFullAccess]

The classes here are thin wrappers: each declares its inputs as a TypedDict (the schema comes from these
annotations and docstrings) and delegates to the Python component of the same name in
:mod:`alicloud_gov.components`, created as its only child. Its resources use the ``alicloud-gov`` provider,
configured from the stack as usual (``alicloud-gov:endpoint``, ``alicloud-gov:accessKeyId`` ...).

Not served: :class:`~alicloud_gov.components.EcrCrossAccountLink` and the partner side of
:class:`~alicloud_gov.components.CrossAccountAccess`, which take provider objects for a second account.
"""

import inspect
from typing import Any, TypedDict

import pulumi
from typing_extensions import NotRequired

from alicloud_gov import __version__
from alicloud_gov import components as python_components

PLUGIN_NAME = "alicloud-gov-components"
"""The package name YAML programs use in type tokens: ``alicloud-gov-components:index:<Component>``."""

__all__ = [
    "PLUGIN_NAME",
    "CrossAccountAccess",
    "CrossAccountAccessArgs",
    "EnvironmentBaseline",
    "EnvironmentBaselineArgs",
    "ResourceGroupAccess",
    "ResourceGroupAccessArgs",
    "serve",
]


def _plain(component: str, resource_name: str, field: str, value: Any) -> Any:
    """``value`` when it is known while the program runs; an error naming the field when it is an output."""
    if isinstance(value, pulumi.Output):
        raise ValueError(
            f"{component} '{resource_name}' field '{field}': must be a literal value, not the output of another "
            "resource (it decides which resources the component declares)"
        )
    return value


def _known(component: str, resource_name: str, args: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The given ``fields`` of ``args`` (those present), each checked by :func:`_plain`."""
    return {name: _plain(component, resource_name, name, args[name]) for name in fields if name in args}


def _token(component: str) -> str:
    """The type token of a served component."""
    return f"{PLUGIN_NAME}:index:{component}"


# Inputs that decide which resources a component declares: they must be known while the program runs.
_RESOURCE_GROUP_ACCESS_PLAIN = (
    "principal_type",
    "system_policies",
    "custom_policies",
    "complement",
    "complement_policy_name",
)
_ENVIRONMENT_BASELINE_PLAIN = ("environments", "prefix", "tiers", "members", "complement")
_CROSS_ACCOUNT_ACCESS_PLAIN = (
    "role_name",
    "partner_account_id",
    "system_policies",
    "description",
    "max_session_duration",
    "external_id",
)


class ResourceGroupAccessArgs(TypedDict):
    """What to grant, to whom, in which resource group (seed 000)."""

    resource_group_id: pulumi.Input[str]
    """Id of the resource group the policies are attached in, e.g. ``rg-...``."""
    principal_type: str
    """Kind of principal: ``user``, ``group`` or ``role``."""
    principal_name: pulumi.Input[str]
    """Name of the RAM user, group or role that receives the grant."""
    system_policies: NotRequired[list[str]]
    """System policy names attached at resource-group scope, e.g. ``AliyunExpressConnectFullAccess``."""
    custom_policies: NotRequired[dict[str, Any]]
    """New custom policies attached at resource-group scope: policy name -> document (an object or JSON text)."""
    complement: NotRequired[str]
    """Account-level grant of actions without resource-group support: ``read-only`` (default), ``full``, ``none``."""
    complement_policy_name: NotRequired[str]
    """Name of the complement's custom policy (default: ``<resource name>-account-complement``)."""


class ResourceGroupAccess(pulumi.ComponentResource):
    """Grants a user, group or role policies at a resource group's scope, plus the account-level complement.

    Permissions attached in a resource group only cover actions that support resource-group authorisation; for
    the others this component attaches an account-level custom policy (the complement), as seed 000 advises.
    """

    resource_group_policies: pulumi.Output[list[str]]
    """Names of the policies attached in the resource group."""
    account_policies: pulumi.Output[list[str]]
    """Names of the policies attached at account level (the complement, when there is one)."""
    account_level_actions: pulumi.Output[list[str]]
    """Actions granted at account level because they do not support resource-group authorisation."""
    ineffective_actions: pulumi.Output[list[str]]
    """Actions without resource-group support that stay ungranted under the chosen complement."""

    def __init__(
        self, resource_name: str, args: ResourceGroupAccessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        plain = _known("ResourceGroupAccess", resource_name, args, _RESOURCE_GROUP_ACCESS_PLAIN)
        super().__init__(_token("ResourceGroupAccess"), resource_name, None, opts)
        inner = python_components.ResourceGroupAccess(
            resource_name,
            python_components.ResourceGroupAccessArgs(
                resource_group_id=args["resource_group_id"], principal_name=args["principal_name"], **plain
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.resource_group_policies = inner.resource_group_policies
        self.account_policies = inner.account_policies
        self.account_level_actions = inner.account_level_actions
        self.ineffective_actions = inner.ineffective_actions
        self.register_outputs(
            {
                "resource_group_policies": self.resource_group_policies,
                "account_policies": self.account_policies,
                "account_level_actions": self.account_level_actions,
                "ineffective_actions": self.ineffective_actions,
            }
        )


class EnvironmentBaselineArgs(TypedDict):
    """Environments and their access tiers."""

    environments: list[str]
    """Environment names (letters, digits, '-'); each gets the resource group ``<prefix>-<environment>``."""
    prefix: NotRequired[str]
    """Prefix of the resource group and RAM group names (default ``env``)."""
    tiers: NotRequired[dict[str, list[str]]]
    """Tier name -> system policies granted in each environment's group (default: admins, operators, readers)."""
    members: NotRequired[dict[str, list[str]]]
    """Tier name -> existing RAM user names added to that tier's group in every environment."""
    complement: NotRequired[str]
    """Account-level complement, as in ResourceGroupAccess (``read-only`` by default)."""


class EnvironmentBaseline(pulumi.ComponentResource):
    """A resource group per environment, with a RAM group per access tier granted in that resource group."""

    resource_group_ids: pulumi.Output[dict[str, str]]
    """Environment -> resource group id."""
    group_names: pulumi.Output[dict[str, dict[str, str]]]
    """Environment -> tier -> RAM group name."""

    def __init__(
        self, resource_name: str, args: EnvironmentBaselineArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        plain = _known("EnvironmentBaseline", resource_name, args, _ENVIRONMENT_BASELINE_PLAIN)
        super().__init__(_token("EnvironmentBaseline"), resource_name, None, opts)
        inner = python_components.EnvironmentBaseline(
            resource_name,
            python_components.EnvironmentBaselineArgs(**plain),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.resource_group_ids = inner.resource_group_ids
        self.group_names = inner.group_names
        self.register_outputs({"resource_group_ids": self.resource_group_ids, "group_names": self.group_names})


class CrossAccountAccessArgs(TypedDict):
    """The role in this account, what it may do, and the partner account that may assume it (seed 001)."""

    role_name: str
    """Name of the RAM role created in this account."""
    partner_account_id: str
    """The partner's 16-digit account UID, trusted to assume the role."""
    system_policies: NotRequired[list[str]]
    """System policies attached to the role: at account scope, or in ``resource_group_id`` when given."""
    resource_group_id: NotRequired[pulumi.Input[str]]
    """Resource group the role's policies are attached in (default: account scope)."""
    description: NotRequired[str]
    """Description of the role."""
    max_session_duration: NotRequired[int]
    """Longest role session in seconds (3600 to 43200)."""
    external_id: NotRequired[str]
    """When set, the trust policy requires this ``sts:ExternalId``."""


class CrossAccountAccess(pulumi.ComponentResource):
    """A RAM role trusted by a partner account, with its policies (the owner's side of seed 001)."""

    role_arn: pulumi.Output[str]
    """ARN of the role, for the partner's AssumeRole call."""
    role_name: pulumi.Output[str]
    """Name of the role."""
    assume_role_command: pulumi.Output[str]
    """An ``aliyun sts AssumeRole`` command line the partner can run."""

    def __init__(
        self, resource_name: str, args: CrossAccountAccessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        plain = _known("CrossAccountAccess", resource_name, args, _CROSS_ACCOUNT_ACCESS_PLAIN)
        super().__init__(_token("CrossAccountAccess"), resource_name, None, opts)
        inner = python_components.CrossAccountAccess(
            resource_name,
            python_components.CrossAccountAccessArgs(resource_group_id=args.get("resource_group_id"), **plain),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.role_arn = inner.role_arn
        self.role_name = inner.role_name
        self.assume_role_command = inner.assume_role_command
        self.register_outputs(
            {"role_arn": self.role_arn, "role_name": self.role_name, "assume_role_command": self.assume_role_command}
        )


COMPONENTS: list[type[pulumi.ComponentResource]] = [ResourceGroupAccess, EnvironmentBaseline, CrossAccountAccess]
"""The components this plugin serves."""

# The schema takes each component's description from its __doc__ as written; drop the source indentation.
for _component in COMPONENTS:
    _component.__doc__ = inspect.cleandoc(_component.__doc__ or "")


def serve() -> None:
    """Serve :data:`COMPONENTS` over gRPC as the ``alicloud-gov-components`` plugin (the engine starts this)."""
    from pulumi.provider.experimental import component_provider_host

    component_provider_host(components=COMPONENTS, name=PLUGIN_NAME, version=__version__)
