"""Seed 003 (grant permissions to an ECR across Alibaba Cloud accounts).

Account B owns a VPC (or VBR), account A owns an Express Connect Router (ECR) in China (Hangzhou). B grants
its instance to A's ECR ("Cross-account authorization" in B's console), then A associates it with the ECR.
EcrCrossAccountLink declares both sides with one provider per account, in that order; destroy undoes them
in reverse (A disassociates, then B revokes).

Stack config (README.md has the exact commands):
    ecrId                        A's ECR id (required)
    instanceId                   B's VPC or VBR id (required)
    instanceType                 VPC (default) or VBR
    acmeAccessKeyId / acmeAccessKeySecret (secret)        account A (or acmeProfile)
    partnerAccessKeyId / partnerAccessKeySecret (secret)  account B (or partnerProfile)
    acmeAccountId, partnerAccountId                       default: the emulator's demo accounts
"""

import pulumi

import alicloud_gov.resources as gov
from alicloud_gov.components import EcrCrossAccountLink

config = pulumi.Config()
settings = pulumi.Config("alicloud-gov")
region = settings.get("region") or "cn-hangzhou"


def account_provider(prefix: str, default_uid: str) -> tuple[gov.Provider, str]:
    """A provider for one account, from ``<prefix>AccessKeyId``/``...Secret`` or ``<prefix>Profile``."""
    uid = config.get(f"{prefix}AccountId") or default_uid
    provider = gov.Provider(
        prefix,
        region=region,
        endpoint=settings.get("endpoint"),
        access_key_id=config.get(f"{prefix}AccessKeyId"),
        access_key_secret=config.get_secret(f"{prefix}AccessKeySecret"),
        profile=config.get(f"{prefix}Profile"),
        account_id=uid,
    )
    return provider, uid


acme, acme_uid = account_provider("acme", "1000000000000001")  # account A: owns the ECR
partner, partner_uid = account_provider("partner", "2000000000000002")  # account B: owns the VPC

link = EcrCrossAccountLink(
    "hub-link",
    ecr_id=config.require("ecrId"),
    ecr_owner_uid=acme_uid,
    ecr_owner_provider=acme,
    instance_id=config.require("instanceId"),
    instance_type=config.get("instanceType") or "VPC",
    instance_region_id=region,
    instance_owner_uid=partner_uid,
    instance_owner_provider=partner,
)

pulumi.export("grantStatus", link.grant_status)
pulumi.export("associationId", link.association_id)
pulumi.export("associationStatus", link.association_status)
