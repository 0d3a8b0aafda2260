"""Seed 001 (a RAM user of enterprise B accesses enterprise A's Express Connect resources through a role).

Two providers, one per account. In A: a RAM role trusted by B's account, with AliyunExpressConnectFullAccess
at account scope (steps 1-2). In B: a RAM user allowed to assume it (steps 3-4).

Stack config (README.md has the exact commands):
    acmeAccessKeyId / acmeAccessKeySecret (secret)        enterprise A's credentials (or acmeProfile)
    partnerAccessKeyId / partnerAccessKeySecret (secret)  enterprise B's credentials (or partnerProfile)
    acmeAccountId, partnerAccountId                       default: the emulator's demo accounts
    assumeRoleAccess   system-policy (default, as the seed: AliyunSTSAssumeRoleAccess, any role)
                       or least-privilege (a custom policy allowing sts:AssumeRole on exactly this role)
"""

import pulumi

import alicloud_gov.resources as gov
from alicloud_gov.components import CrossAccountAccess

config = pulumi.Config()
settings = pulumi.Config("alicloud-gov")


def account_provider(prefix: str, default_uid: str) -> tuple[gov.Provider, str]:
    """A provider for one enterprise's account, from ``<prefix>AccessKeyId``/``...Secret`` or ``<prefix>Profile``."""
    uid = config.get(f"{prefix}AccountId") or default_uid
    provider = gov.Provider(
        prefix,
        region=settings.get("region"),
        endpoint=settings.get("endpoint"),
        access_key_id=config.get(f"{prefix}AccessKeyId"),
        access_key_secret=config.get_secret(f"{prefix}AccessKeySecret"),
        profile=config.get(f"{prefix}Profile"),
        account_id=uid,
    )
    return provider, uid


acme, acme_uid = account_provider("acme", "1000000000000001")  # enterprise A
partner, partner_uid = account_provider("partner", "2000000000000002")  # enterprise B

access = CrossAccountAccess(
    "partner-expressconnect",
    role_name="PartnerExpressConnectOps",
    partner_account_id=partner_uid,
    system_policies=["AliyunExpressConnectFullAccess"],
    description="Enterprise B manages enterprise A's Express Connect resources",
    max_session_duration=3600,
    partner_provider=partner,
    partner_users=["netops-bob"],
    assume_role_access=config.get("assumeRoleAccess") or "system-policy",
    opts=pulumi.ResourceOptions(provider=acme),
)

pulumi.export("roleArn", access.role_arn)
pulumi.export("partnerPolicy", access.partner_policy_name)
pulumi.export("assumeRoleCommand", access.assume_role_command)
