"""Seed 002 (VPC RAM authorisation): custom policies with VPC resource-level permissions.

Seed 002's action table says which VPC actions take which resource types, with ARN templates such as
``acs:vpc:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}``, and which take only "All Resources" (``*``).
The policies below follow it: actions with resource-level permissions name the ARNs of one IPAM pool and
one IPAM scope; actions that support only "All Resources" sit in statements of their own with ``*``.

Stack config: ``ipamPoolId`` (default ``ipam-pool-shared``), ``ipamScopeId`` (default ``ipam-scope-private``);
the account is ``alicloud-gov:accountId`` (default the emulator's acme account), the region
``alicloud-gov:region`` (default cn-hangzhou).
"""

import pulumi

import alicloud_gov.resources as gov

config = pulumi.Config()
settings = pulumi.Config("alicloud-gov")
region = settings.get("region") or "cn-hangzhou"
account = settings.get("accountId") or "1000000000000001"
pool_id = config.get("ipamPoolId") or "ipam-pool-shared"
scope_id = config.get("ipamScopeId") or "ipam-scope-private"


def vpc_arn(relative_id: str) -> str:
    """``acs:vpc:{region}:{account}:{relative id}``: seed 002's ARN format."""
    return f"acs:vpc:{region}:{account}:{relative_id}"


pool_operator = gov.RamPolicy(
    "ipam-pool-operator",
    name="IpamPoolOperator",
    description=f"Allocate CIDRs from IPAM pool {pool_id} only",
    document={
        "Version": "1",
        "Statement": [
            {
                # IpamPool actions, on exactly one pool.
                "Effect": "Allow",
                "Action": [
                    "vpc:GetIpamPoolAllocation",
                    "vpc:GetIpamPoolNextAvailableCidr",
                    "vpc:DeleteIpamPoolAllocation",
                ],
                "Resource": vpc_arn(f"ipampool/{pool_id}"),
            },
            {
                # ListIpamPools takes acs:vpc:{region}:{account}:ipampool/*.
                "Effect": "Allow",
                "Action": "vpc:ListIpamPools",
                "Resource": vpc_arn("ipampool/*"),
            },
            {
                # "All Resources" only: these take "*" and nothing narrower.
                "Effect": "Allow",
                "Action": ["vpc:CreateIpamPoolAllocation", "vpc:ListIpamPoolAllocations", "vpc:ListIpamPoolCidrs"],
                "Resource": "*",
            },
        ],
    },
)

scope_auditor = gov.RamPolicy(
    "ipam-scope-auditor",
    name="IpamScopeAuditor",
    description=f"Read IPAM scope {scope_id} and tag IPAM resources in {region}",
    document={
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "vpc:ListIpamResourceCidrs",
                "Resource": vpc_arn(f"ipamscope/{scope_id}"),
            },
            {
                "Effect": "Allow",
                "Action": "vpc:ListIpamScopes",
                "Resource": vpc_arn("ipamscope/*"),
            },
            {
                # TagResources takes Ipam, IpamPool and IpamScope ARNs.
                "Effect": "Allow",
                "Action": ["vpc:TagResources", "vpc:ListTagResources"],
                "Resource": [vpc_arn("ipam/*"), vpc_arn("ipampool/*"), vpc_arn("ipamscope/*")],
            },
        ],
    },
)

operators = gov.RamGroup("ipam-operators", comments="IPAM pool operators")
operator = gov.RamUser("ipam-operator", name="ipam-carol", display_name="IPAM operator")
gov.RamGroupMembership("ipam-carol-operators", group_name=operators.name, user_name=operator.name)
for attachment_name, policy in (("ipam-operators-pool", pool_operator), ("ipam-operators-scope", scope_auditor)):
    gov.PolicyAttachment(
        attachment_name,
        principal_type="group",
        principal_name=operators.name,
        policy_name=policy.name,
        policy_type="Custom",
    )

pulumi.export("policies", [pool_operator.name, scope_auditor.name])
pulumi.export("poolArn", vpc_arn(f"ipampool/{pool_id}"))
