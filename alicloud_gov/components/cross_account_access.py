"""CrossAccountAccess: a partner enterprise assumes a role in the owner's account (seed 001).

The owner account gets a RAM role whose trust policy names the partner account,
with the chosen policies attached at account or resource-group scope. When a
provider for the partner account is given, the partner side is declared too:
its RAM users and a policy allowing ``sts:AssumeRole`` on exactly that role
(least privilege), or the system policy ``AliyunSTSAssumeRoleAccess`` on request.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from alicloud_gov import resources as gov
from alicloud_gov.components._accounts import account_mismatch
from alicloud_gov.components._outputs import once_created
from alicloud_gov.spec.arns import root_arn
from alicloud_gov.spec.names import ACCOUNT_UID, is_account_uid
from alicloud_gov.spec.tokens import type_token

ASSUME_ROLE_ACCESS_MODES: tuple[str, ...] = ("least-privilege", "system-policy")


@dataclass
class CrossAccountAccessArgs:
    """The role in the owner account, what it may do, and the partner account that may assume it.

    ``partner_account_id`` is the partner's 16-digit UID. ``system_policies`` are attached to the role at account
    scope, or in ``resource_group_id`` when given. ``external_id`` adds an ``sts:ExternalId`` condition to the
    trust policy. With ``partner_provider`` (a Provider for the partner account) the partner's ``partner_users``
    are created and allowed to assume the role: ``assume_role_access`` ``least-privilege`` (default: a custom
    policy naming exactly this role) or ``system-policy`` (AliyunSTSAssumeRoleAccess, any role).
    """

    role_name: str
    partner_account_id: str
    system_policies: Sequence[str] = ()
    resource_group_id: pulumi.Input[str] | None = None
    description: str | None = None
    max_session_duration: int | None = None
    external_id: str | None = None
    partner_provider: pulumi.ProviderResource | None = None
    partner_users: Sequence[str] = ()
    assume_role_access: str = "least-privilege"


class CrossAccountAccess(pulumi.ComponentResource):
    """A role in the owner account trusted by a partner account, and optionally the partner's side.

    Outputs: ``role_arn``, ``role_name``, ``partner_policy_name`` (the policy granting sts:AssumeRole in the
    partner account, empty without a partner provider) and ``assume_role_command`` (how a partner user assumes
    the role with the aliyun CLI).
    """

    role_arn: pulumi.Output[str]
    role_name: pulumi.Output[str]
    partner_policy_name: pulumi.Output[str]
    assume_role_command: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: CrossAccountAccessArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        role_name: str,
        partner_account_id: str,
        system_policies: Sequence[str] = ...,
        resource_group_id: pulumi.Input[str] | None = ...,
        description: str | None = ...,
        max_session_duration: int | None = ...,
        external_id: str | None = ...,
        partner_provider: pulumi.ProviderResource | None = ...,
        partner_users: Sequence[str] = ...,
        assume_role_access: str = ...,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: CrossAccountAccessArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the CrossAccountAccess: keyword arguments, or one ``CrossAccountAccessArgs`` as ``args``.

        :param resource_name: The component's Pulumi name (its children's names start with it).
        :param args: All arguments as one :class:`CrossAccountAccessArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param role_name: The role created in the owner account.
        :param partner_account_id: The partner's account UID (16 digits), trusted to assume the role.
        :param system_policies: System policies attached to the role, at account scope or in resource_group_id.
        :param resource_group_id: Attach the system policies in this resource group instead of the whole account.
        :param description: The role's description.
        :param max_session_duration: The role's longest STS session in seconds.
        :param external_id: Adds an sts:ExternalId condition to the trust policy.
        :param partner_provider: A Provider for the partner account: declares the partner's side too.
        :param partner_users: RAM users created in the partner account and allowed to assume the role (needs
            partner_provider).
        :param assume_role_access: How partner users may assume the role: least-privilege (default: a custom policy
            naming exactly this role) or system-policy (AliyunSTSAssumeRoleAccess, any role).
        """
        args = args or CrossAccountAccessArgs(**kwargs)
        super().__init__(type_token("CrossAccountAccess"), resource_name, None, opts)
        _validate(resource_name, args)
        owner = pulumi.ResourceOptions(parent=self)

        children: list[pulumi.Resource] = []
        role = gov.RamRole(
            f"{resource_name}-role",
            name=args.role_name,
            assume_role_policy_document=trust_policy(args.partner_account_id, args.external_id),
            description=args.description,
            max_session_duration=args.max_session_duration,
            opts=owner,
        )
        children.append(role)
        for policy_name in args.system_policies:
            role_attachment = gov.PolicyAttachment(
                f"{resource_name}-{policy_name}",
                principal_type="role",
                principal_name=role.name,
                policy_name=policy_name,
                policy_type="System",
                resource_group_id=args.resource_group_id,
                opts=owner,
            )
            children.append(role_attachment)

        partner_policy_name = ""
        if args.partner_provider is not None:
            partner = pulumi.ResourceOptions(parent=self, provider=args.partner_provider)
            if args.assume_role_access == "least-privilege":
                partner_policy_name = f"AssumeRole-{args.role_name}"[:128]
                policy = gov.RamPolicy(
                    f"{resource_name}-assume-role",
                    name=partner_policy_name,
                    document=role.arn.apply(assume_role_document),
                    description=f"Allows assuming exactly the role {args.role_name} of the owner account",
                    opts=partner,
                )
                children.append(policy)
                attached_name: pulumi.Input[str] = policy.name
                policy_type = "Custom"
            else:
                partner_policy_name = "AliyunSTSAssumeRoleAccess"
                attached_name = partner_policy_name
                policy_type = "System"
            for user_name in args.partner_users:
                user = gov.RamUser(f"{resource_name}-{user_name}", name=user_name, opts=partner)
                user_attachment = gov.PolicyAttachment(
                    f"{resource_name}-{user_name}-assume-role",
                    principal_type="user",
                    principal_name=user.name,
                    policy_name=attached_name,
                    policy_type=policy_type,
                    opts=partner,
                )
                children += [user, user_attachment]

        self.role_arn = once_created(children, role.arn)
        self.role_name = once_created(children, role.name)
        self.partner_policy_name = once_created(children, partner_policy_name)
        self.assume_role_command = self.role_arn.apply(
            lambda arn: f"aliyun sts AssumeRole --RoleArn {arn} --RoleSessionName <session-name>"
        )
        self.register_outputs(
            {
                "role_arn": self.role_arn,
                "role_name": self.role_name,
                "partner_policy_name": self.partner_policy_name,
                "assume_role_command": self.assume_role_command,
            }
        )


def trust_policy(partner_account_id: str, external_id: str | None = None) -> dict[str, Any]:
    """The trust policy letting RAM identities of ``partner_account_id`` assume the role."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"RAM": [root_arn(partner_account_id)]},
    }
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return {"Version": "1", "Statement": [statement]}


def assume_role_document(role_arn: str) -> str:
    """The least-privilege partner policy: ``sts:AssumeRole`` on exactly ``role_arn``."""
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}
    return json.dumps({"Version": "1", "Statement": [statement]}, indent=2)


def _validate(resource_name: str, args: CrossAccountAccessArgs) -> None:
    """Errors that name the component and the field, before any resource is declared."""
    if not is_account_uid(args.partner_account_id):
        raise ValueError(
            f"CrossAccountAccess '{resource_name}' field 'partner_account_id': {args.partner_account_id!r} "
            f"{ACCOUNT_UID.explain}"
        )
    if args.assume_role_access not in ASSUME_ROLE_ACCESS_MODES:
        raise ValueError(
            f"CrossAccountAccess '{resource_name}' field 'assume_role_access': {args.assume_role_access!r} is not "
            f"one of {', '.join(ASSUME_ROLE_ACCESS_MODES)}"
        )
    mismatch = account_mismatch(
        "CrossAccountAccess",
        resource_name,
        "partner_account_id",
        args.partner_account_id,
        "partner_provider",
        args.partner_provider,
    )
    if mismatch is not None:
        raise ValueError(mismatch)
    if args.partner_users and args.partner_provider is None:
        raise ValueError(
            f"CrossAccountAccess '{resource_name}' field 'partner_users': needs 'partner_provider' (a Provider for "
            "the partner account) to create them"
        )
