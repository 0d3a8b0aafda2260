"""ResourceGroupAccess: grant a principal policies in one resource group, with the account-level complement.

Seed 000: permissions attached at resource-group scope apply only to the
resources in that group, and only for actions that support resource-group-level
authorisation. For the actions that don't, the documented remedy is an
account-level custom policy. This component does both in one declaration.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import pulumi

from alicloud_gov import resources as gov
from alicloud_gov.components._outputs import once_created
from alicloud_gov.policy.scope import ComplementMode, complement_document, split_by_resource_group_support
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.policy.system_policy_names import system_policy_access_unknown, unknown_system_policy
from alicloud_gov.spec.tokens import type_token

COMPLEMENT_MODES: tuple[str, ...] = ("read-only", "full", "none")
PRINCIPAL_TYPES: tuple[str, ...] = ("user", "group", "role")


@dataclass
class ResourceGroupAccessArgs:
    """What to grant, to whom, in which resource group.

    ``system_policies`` are system policy names (e.g. ``AliyunExpressConnectFullAccess``);
    ``custom_policies`` maps a new custom policy's name to its document (a dict or JSON text, known when the
    program runs). ``complement`` chooses the account-level complement for actions without resource-group
    support: ``read-only`` (default: only Describe/Get/List-style actions), ``full``, or ``none``.
    """

    resource_group_id: pulumi.Input[str]
    principal_type: str
    principal_name: pulumi.Input[str]
    system_policies: Sequence[str] = ()
    custom_policies: Mapping[str, Mapping[str, Any] | str] = field(default_factory=dict)
    complement: str = "read-only"
    complement_policy_name: str | None = None


class ResourceGroupAccess(pulumi.ComponentResource):
    """Grants a user, group or role policies at a resource group's scope, plus the account-level complement.

    Outputs: ``resource_group_policies`` (names attached in the group), ``account_policies`` (names attached at
    account level), ``account_level_actions`` (actions moved to account level) and ``ineffective_actions``
    (actions without resource-group support that stay ungranted under the chosen complement).

    Example::

        ResourceGroupAccess("net-ops", resource_group_id=rg.resource_group_id, principal_type="user",
                            principal_name=alice.name, system_policies=["AliyunExpressConnectFullAccess"])
    """

    resource_group_policies: pulumi.Output[list[str]]
    account_policies: pulumi.Output[list[str]]
    account_level_actions: pulumi.Output[list[str]]
    ineffective_actions: pulumi.Output[list[str]]

    @overload
    def __init__(
        self, resource_name: str, args: ResourceGroupAccessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        resource_group_id: pulumi.Input[str],
        principal_type: str,
        principal_name: pulumi.Input[str],
        system_policies: Sequence[str] = ...,
        custom_policies: Mapping[str, Mapping[str, Any] | str] = ...,
        complement: str = ...,
        complement_policy_name: str | None = ...,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: ResourceGroupAccessArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the ResourceGroupAccess: keyword arguments, or one ``ResourceGroupAccessArgs`` as ``args``.

        :param resource_name: The component's Pulumi name (its children's names start with it).
        :param args: All arguments as one :class:`ResourceGroupAccessArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param resource_group_id: The resource group (rg-...) the policies are attached in.
        :param principal_type: user, group or role.
        :param principal_name: The user, group or role name.
        :param system_policies: System policy names attached in the group, e.g. AliyunExpressConnectFullAccess.
        :param custom_policies: New custom policies attached in the group: name -> document (a dict or JSON text).
        :param complement: The account-level complement for actions without resource-group support: read-only
            (default: Describe/Get/List-style actions only), full, or none.
        :param complement_policy_name: The name of the complement's custom policy (default: derived from the
            component name).
        """
        args = args or ResourceGroupAccessArgs(**kwargs)
        super().__init__(type_token("ResourceGroupAccess"), resource_name, None, opts)
        _validate(resource_name, args)
        child = pulumi.ResourceOptions(parent=self)
        documents: list[Mapping[str, Any] | str] = []
        rg_policies: list[str] = []
        granted: list[pulumi.Resource] = []

        for system_name in args.system_policies:
            unknown = unknown_system_policy(system_name)
            if unknown is not None:
                raise ValueError(f"ResourceGroupAccess '{resource_name}' field 'system_policies': {unknown[0]}")
            document = get_system_policy(system_name)
            if document is None:  # a name-only catalogue entry: attachable, but its actions are not known here
                pulumi.log.warn(
                    f"ResourceGroupAccess '{resource_name}' field 'system_policies': "
                    f"{system_policy_access_unknown(system_name)}; its actions without resource-group support "
                    "cannot be complemented at account level"
                )
            else:
                documents.append(document)
            attachment = gov.PolicyAttachment(
                f"{resource_name}-{system_name}",
                principal_type=args.principal_type,
                principal_name=args.principal_name,
                policy_name=system_name,
                policy_type="System",
                resource_group_id=args.resource_group_id,
                opts=child,
            )
            granted.append(attachment)
            rg_policies.append(system_name)

        for policy_name, custom_document in args.custom_policies.items():
            documents.append(custom_document)
            policy = gov.RamPolicy(
                f"{resource_name}-{policy_name}", name=policy_name, document=custom_document, opts=child
            )
            attachment = gov.PolicyAttachment(
                f"{resource_name}-{policy_name}-rg",
                principal_type=args.principal_type,
                principal_name=args.principal_name,
                policy_name=policy.name,
                policy_type="Custom",
                resource_group_id=args.resource_group_id,
                opts=child,
            )
            granted.append(attachment)
            rg_policies.append(policy_name)

        mode: ComplementMode = args.complement  # type: ignore[assignment]
        split = split_by_resource_group_support(documents)
        complement = split.complement_actions(mode)
        account_policies: list[str] = []
        if complement:
            name = args.complement_policy_name or f"{resource_name}-account-complement"
            complement_policy = gov.RamPolicy(
                f"{resource_name}-account-complement",
                name=name,
                document=json.dumps(complement_document(complement), indent=2),
                description=f"Account-level complement of {resource_name}: actions without resource-group support",
                opts=child,
            )
            attachment = gov.PolicyAttachment(
                f"{resource_name}-account-complement",
                principal_type=args.principal_type,
                principal_name=args.principal_name,
                policy_name=complement_policy.name,
                policy_type="Custom",
                opts=child,
            )
            granted.append(attachment)
            account_policies.append(name)

        self.resource_group_policies = once_created(granted, rg_policies)
        self.account_policies = once_created(granted, account_policies)
        self.account_level_actions = once_created(granted, [a.full_name for a in complement])
        self.ineffective_actions = once_created(granted, [a.full_name for a in split.ineffective_actions(mode)])
        self.register_outputs(
            {
                "resource_group_policies": self.resource_group_policies,
                "account_policies": self.account_policies,
                "account_level_actions": self.account_level_actions,
                "ineffective_actions": self.ineffective_actions,
            }
        )


def _validate(resource_name: str, args: ResourceGroupAccessArgs) -> None:
    """Errors that name the component and the field, before any resource is declared."""
    if args.principal_type not in PRINCIPAL_TYPES:
        raise ValueError(
            f"ResourceGroupAccess '{resource_name}' field 'principal_type': {args.principal_type!r} is not one of "
            f"{', '.join(PRINCIPAL_TYPES)}"
        )
    if args.complement not in COMPLEMENT_MODES:
        raise ValueError(
            f"ResourceGroupAccess '{resource_name}' field 'complement': {args.complement!r} is not one of "
            f"{', '.join(COMPLEMENT_MODES)}"
        )
    if not args.system_policies and not args.custom_policies:
        raise ValueError(
            f"ResourceGroupAccess '{resource_name}' fields 'system_policies'/'custom_policies': nothing to grant"
        )
