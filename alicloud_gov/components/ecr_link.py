"""EcrCrossAccountLink: a VPC or VBR of one account joined to another account's ECR (seed 003).

The instance owner (account B) grants its VPC or VBR to the ECR of account A;
then A associates it. Two providers, one per account; the association depends
on the grant, so Pulumi creates the grant first and, on destroy, removes the
association before revoking the grant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, overload

import pulumi

from alicloud_gov import resources as gov
from alicloud_gov.components._accounts import account_mismatch
from alicloud_gov.spec.names import ACCOUNT_UID, is_account_uid
from alicloud_gov.spec.tokens import type_token

INSTANCE_TYPES: tuple[str, ...] = ("VPC", "VBR")


@dataclass
class EcrCrossAccountLinkArgs:
    """Both sides of the link: the ECR (``ecr_id`` of ``ecr_owner_uid``, managed through ``ecr_owner_provider``)
    and the instance (``instance_id`` of type VPC or VBR in ``instance_region_id``, owned by ``instance_owner_uid``
    and managed through ``instance_owner_provider``)."""

    ecr_id: pulumi.Input[str]
    ecr_owner_uid: str
    ecr_owner_provider: pulumi.ProviderResource
    instance_id: pulumi.Input[str]
    instance_type: str
    instance_region_id: str
    instance_owner_uid: str
    instance_owner_provider: pulumi.ProviderResource


class EcrCrossAccountLink(pulumi.ComponentResource):
    """The grant by the instance owner and the association by the ECR owner, in the right order.

    Outputs: ``grant_status`` and ``association_status``, ``association_id``.
    """

    grant_status: pulumi.Output[str]
    association_id: pulumi.Output[str]
    association_status: pulumi.Output[str]

    @overload
    def __init__(
        self, resource_name: str, args: EcrCrossAccountLinkArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None: ...
    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        ecr_id: pulumi.Input[str],
        ecr_owner_uid: str,
        ecr_owner_provider: pulumi.ProviderResource,
        instance_id: pulumi.Input[str],
        instance_type: str,
        instance_region_id: str,
        instance_owner_uid: str,
        instance_owner_provider: pulumi.ProviderResource,
    ) -> None: ...
    def __init__(
        self,
        resource_name: str,
        args: EcrCrossAccountLinkArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        """Declare the EcrCrossAccountLink: keyword arguments, or one ``EcrCrossAccountLinkArgs`` as ``args``.

        :param resource_name: The component's Pulumi name (its children's names start with it).
        :param args: All arguments as one :class:`EcrCrossAccountLinkArgs` (instead of keywords).
        :param opts: Pulumi resource options.
        :param ecr_id: The Express Connect Router (ecr-...).
        :param ecr_owner_uid: The UID of the account that owns the ECR.
        :param ecr_owner_provider: The Provider of the ECR owner's account (declares the association).
        :param instance_id: The VPC or VBR id.
        :param instance_type: VPC or VBR.
        :param instance_region_id: The region of the VPC or VBR.
        :param instance_owner_uid: The UID of the account that owns the VPC or VBR.
        :param instance_owner_provider: The Provider of the instance owner's account (declares the grant).
        """
        args = args or EcrCrossAccountLinkArgs(**kwargs)
        super().__init__(type_token("EcrCrossAccountLink"), resource_name, None, opts)
        _validate(resource_name, args)
        grant = gov.EcrGrant(
            f"{resource_name}-grant",
            ecr_id=args.ecr_id,
            ecr_owner_uid=args.ecr_owner_uid,
            instance_id=args.instance_id,
            instance_type=args.instance_type,
            instance_region_id=args.instance_region_id,
            opts=pulumi.ResourceOptions(parent=self, provider=args.instance_owner_provider),
        )
        association = gov.EcrAssociation(
            f"{resource_name}-association",
            ecr_id=args.ecr_id,
            instance_id=args.instance_id,
            instance_type=args.instance_type,
            instance_region_id=args.instance_region_id,
            instance_owner_uid=args.instance_owner_uid,
            opts=pulumi.ResourceOptions(parent=self, provider=args.ecr_owner_provider, depends_on=[grant]),
        )
        self.grant_status = grant.status
        self.association_id = association.association_id
        self.association_status = association.status
        self.register_outputs(
            {
                "grant_status": self.grant_status,
                "association_id": self.association_id,
                "association_status": self.association_status,
            }
        )


def _validate(resource_name: str, args: EcrCrossAccountLinkArgs) -> None:
    """Errors that name the component and the field, before any resource is declared."""
    for field_name in ("ecr_owner_uid", "instance_owner_uid"):
        value = getattr(args, field_name)
        if not is_account_uid(value):
            raise ValueError(
                f"EcrCrossAccountLink '{resource_name}' field '{field_name}': {value!r} {ACCOUNT_UID.explain}"
            )
    for field_name, provider_field in (
        ("ecr_owner_uid", "ecr_owner_provider"),
        ("instance_owner_uid", "instance_owner_provider"),
    ):
        mismatch = account_mismatch(
            "EcrCrossAccountLink",
            resource_name,
            field_name,
            getattr(args, field_name),
            provider_field,
            getattr(args, provider_field),
        )
        if mismatch is not None:
            raise ValueError(mismatch)
    if args.instance_type not in INSTANCE_TYPES:
        raise ValueError(
            f"EcrCrossAccountLink '{resource_name}' field 'instance_type': {args.instance_type!r} is not VPC or VBR"
        )
    if args.ecr_owner_uid == args.instance_owner_uid:
        raise ValueError(
            f"EcrCrossAccountLink '{resource_name}' field 'instance_owner_uid': the instance and the ECR belong to the "
            "same account; a cross-account grant is not needed"
        )
