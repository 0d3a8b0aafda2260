"""alicloud-gov quick start: one account's access model, and the partner account's side of a shared role.

Stack config (the demo sets these for the local emulator)::

    pulumi config set alicloud-gov:endpoint 127.0.0.1:8080
    pulumi config set alicloud-gov:accessKeyId LTAI5tAcmeRootKey0001
    pulumi config set --secret alicloud-gov:accessKeySecret AcmeRootSecret0001demo
    pulumi config set alicloud-gov:accountId 1000000000000001             # optional guard
    pulumi config set partnerAccountId 2000000000000002                    # who may assume the role
    pulumi config set partnerAccessKeyId LTAI5tPartnerRootKey02            # optional: also deploy the
    pulumi config set --secret partnerAccessKeySecret PartnerRootSecret02demo  # partner's side

Run ``alicloud-gov check .`` first: it runs this program under Pulumi's mocks and checks every
policy document at the scope it is attached at, plus the cross-account wiring.
"""

import pulumi

import alicloud_gov.resources as gov

config = pulumi.Config()
provider_config = pulumi.Config("alicloud-gov")
partner_account_id = config.get("partnerAccountId") or "2000000000000002"

# A resource group for the network team's resources.
network = gov.ResourceGroup("network", display_name="Network team")

# A person, and the group that carries their permissions.
alice = gov.RamUser("alice", display_name="Alice (network engineer)", email="alice@example.com")
netops = gov.RamGroup("netops", comments="Network operators")
gov.RamGroupMembership("alice-netops", group_name=netops.name, user_name=alice.name)

# A custom policy: read-only access to VPCs and vSwitches.
vpc_read = gov.RamPolicy(
    "vpc-read",
    name="NetopsVpcRead",
    description="Read VPCs and vSwitches",
    document={
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["vpc:DescribeVpcs", "vpc:DescribeVSwitches"],
                "Resource": "*",
            }
        ],
    },
)

# Account scope: the group may read VPCs everywhere in the account.
gov.PolicyAttachment(
    "netops-vpc-read",
    principal_type="group",
    principal_name=netops.name,
    policy_name=vpc_read.name,
    policy_type="Custom",
)

# Resource-group scope: the group manages VPCs only inside the network resource group.
gov.PolicyAttachment(
    "netops-vpc-full-in-network",
    principal_type="group",
    principal_name=netops.name,
    policy_name="AliyunVPCFullAccess",
    policy_type="System",
    resource_group_id=network.resource_group_id,
)

# A role the partner account may assume (seed 001), with read-only Express Connect access.
partner_role = gov.RamRole(
    "partner-netops",
    trusted_accounts=[partner_account_id],
    description="Assumed by the partner's network operators",
    max_session_duration=3600,
)
gov.PolicyAttachment(
    "partner-netops-ecr-read",
    principal_type="role",
    principal_name=partner_role.name,
    policy_name="AliyunExpressConnectReadOnlyAccess",
    policy_type="System",
)

# The partner's side: a user allowed to call sts:AssumeRole, deployed with the partner's own credentials.
partner_key_id = config.get("partnerAccessKeyId")
if partner_key_id:
    partner = gov.Provider(
        "partner",
        region=provider_config.get("region"),
        endpoint=provider_config.get("endpoint"),
        access_key_id=partner_key_id,
        access_key_secret=config.require_secret("partnerAccessKeySecret"),
        account_id=partner_account_id,
    )
    in_partner = pulumi.ResourceOptions(provider=partner)
    operator = gov.RamUser("partner-operator", name="netops-operator", opts=in_partner)
    gov.PolicyAttachment(
        "partner-operator-assume",
        principal_type="user",
        principal_name=operator.name,
        policy_name="AliyunSTSAssumeRoleAccess",
        policy_type="System",
        opts=in_partner,
    )
    pulumi.export("partnerOperator", operator.principal_name)

pulumi.export("resourceGroupId", network.resource_group_id)
pulumi.export("alice", alice.principal_name)
pulumi.export("partnerRoleArn", partner_role.arn)
