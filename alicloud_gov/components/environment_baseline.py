"""EnvironmentBaseline: the repeatable environment setup, one resource group per environment.

For each environment (``dev``, ``staging``, ``prod`` ...) a resource group, and
for each access tier (admins, operators, readers by default) a RAM user group
whose policies are attached in that resource group, with the account-level
complement for actions that do not support resource-group scope.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import pulumi

from alicloud_gov import resources as gov
from alicloud_gov.components._outputs import once_created
from alicloud_gov.components.resource_group_access import ResourceGroupAccess
from alicloud_gov.spec.tokens import type_token

DEFAULT_TIERS: dict[str, tuple[str, ...]] = {
    "admins": ("AliyunVPCFullAccess", "AliyunExpressConnectFullAccess"),
    "operators": ("AliyunExpressConnectFullAccess", "AliyunVPCReadOnlyAccess"),
    "readers": ("AliyunVPCReadOnlyAccess", "AliyunExpressConnectReadOnlyAccess"),
}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,20}$")


@dataclass
class EnvironmentBaselineArgs:
    """Environments and access tiers.

    ``environments``: names (letters, digits, '-'); the resource group is ``<prefix>-<environment>``.
    ``tiers``: tier name -> system policies granted in each environment's group (default: admins, operators,
    readers). ``members``: tier name -> RAM users added to that tier's group in every environment, as user names
    or as ``RamUser`` resources of the same program (the memberships then wait for the users).
    ``complement``: as in ResourceGroupAccess (read-only by default).
    """

    environments: Sequence[str]
    prefix: str = "env"
    tiers: Mapping[str, Sequence[str]] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    members: Mapping[str, Sequence[str | gov.RamUser]] = field(default_factory=dict)
    complement: str = "read-only"


class EnvironmentBaseline(pulumi.ComponentResource):
    """A resource group per environment with group-based access tiers.

    Outputs: ``resource_group_ids`` (environment -> rg id) and ``group_names`` (environment -> tier -> group).
    """

    resource_group_ids: pulumi.Output[dict[str, str]]
    group_names: pulumi.Output[dict[str, dict[str, str]]]

    @overload
    def __init__(
        self, resource_name: str, args: EnvironmentBaselineArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        environments: Sequence[str],
        prefix: str = ...,
        tiers: Mapping[str, Sequence[str]] = ...,
        members: Mapping[str, Sequence[str | gov.RamUser]] = ...,
        complement: str = ...,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: EnvironmentBaselineArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the EnvironmentBaseline: keyword arguments, or one ``EnvironmentBaselineArgs`` as ``args``.

        :param resource_name: The component's Pulumi name (its children's names start with it).
        :param args: All arguments as one :class:`EnvironmentBaselineArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param environments: Environment names (letters, digits, '-'); each gets the resource group
            <prefix>-<environment>.
        :param prefix: The prefix of the resource group and user group names (default env).
        :param tiers: Tier name -> system policies granted in each environment's group (default: admins, operators,
            readers).
        :param members: Tier name -> RAM users (names or RamUser resources) added to that tier's group in every
            environment.
        :param complement: The account-level complement, as in ResourceGroupAccess (default read-only).
        """
        args = args or EnvironmentBaselineArgs(**kwargs)
        super().__init__(type_token("EnvironmentBaseline"), resource_name, None, opts)
        _validate(resource_name, args)
        child = pulumi.ResourceOptions(parent=self)
        children: list[pulumi.Resource] = []
        rg_ids: dict[str, pulumi.Output[str]] = {}
        group_names: dict[str, dict[str, str]] = {}
        for environment in args.environments:
            rg = gov.ResourceGroup(
                f"{resource_name}-{environment}",
                name=f"{args.prefix}-{environment}",
                display_name=f"{args.prefix} {environment}",
                opts=child,
            )
            children.append(rg)
            rg_ids[environment] = rg.resource_group_id
            group_names[environment] = {}
            for tier, policies in args.tiers.items():
                group_name = f"{args.prefix}-{environment}-{tier}"
                group = gov.RamGroup(f"{resource_name}-{environment}-{tier}", name=group_name, opts=child)
                group_names[environment][tier] = group_name
                children.append(group)
                access = ResourceGroupAccess(
                    f"{resource_name}-{environment}-{tier}",
                    resource_group_id=rg.resource_group_id,
                    principal_type="group",
                    principal_name=group.name,
                    system_policies=list(policies),
                    complement=args.complement,
                    complement_policy_name=f"{group_name}-account-complement",
                    opts=child,
                )
                children.append(access)
                for member in args.members.get(tier, ()):
                    label = member if isinstance(member, str) else member.pulumi_resource_name
                    membership = gov.RamGroupMembership(
                        f"{resource_name}-{environment}-{tier}-{label}",
                        group_name=group.name,
                        user_name=member if isinstance(member, str) else member.name,
                        opts=child,
                    )
                    children.append(membership)
        self.resource_group_ids = once_created(children, pulumi.Output.all(**rg_ids))
        self.group_names = once_created(children, group_names)
        self.register_outputs({"resource_group_ids": self.resource_group_ids, "group_names": self.group_names})


def _validate(resource_name: str, args: EnvironmentBaselineArgs) -> None:
    """Errors that name the component and the field, before any resource is declared."""
    if not args.environments:
        raise ValueError(f"EnvironmentBaseline '{resource_name}' field 'environments': at least one is needed")
    for environment in args.environments:
        if not _NAME.match(environment):
            raise ValueError(
                f"EnvironmentBaseline '{resource_name}' field 'environments': {environment!r} must be 1-21 letters, "
                "digits or '-', starting with a letter"
            )
    if not _NAME.match(args.prefix):
        raise ValueError(f"EnvironmentBaseline '{resource_name}' field 'prefix': {args.prefix!r} is not a valid name")
    unknown = sorted(set(args.members) - set(args.tiers))
    if unknown:
        raise ValueError(
            f"EnvironmentBaseline '{resource_name}' field 'members': tiers {', '.join(unknown)} are not in 'tiers'"
        )
