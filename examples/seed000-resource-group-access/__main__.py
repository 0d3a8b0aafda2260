"""Seed 000 (Express Connect: fine-grained control with resource groups).

A resource group for one project's Express Connect resources, a RAM user, and the user's grant:
AliyunExpressConnectFullAccess attached at the resource group's scope, plus the account-level custom policy
the seed recommends for the read-only actions that do not support resource-group authorisation.

Optional stack config:
    ecrId              an existing Express Connect Router to move into the group (seed 000, prerequisite 2)
    resourceGroupName  default ``expressconnect-prod``
    userName           default ``netops-alice``
"""

import pulumi

import alicloud_gov.resources as gov
from alicloud_gov.components import ResourceGroupAccess

config = pulumi.Config()
region = pulumi.Config("alicloud-gov").get("region") or "cn-hangzhou"

# Prerequisite 1: a RAM user.  Prerequisite 2: a resource group holding the project's resources.
operator = gov.RamUser("operator", name=config.get("userName") or "netops-alice", display_name="Network operator")
group = gov.ResourceGroup(
    "expressconnect-prod",
    name=config.get("resourceGroupName") or "expressconnect-prod",
    display_name="Express Connect (production)",
)

ecr_id = config.get("ecrId")
if ecr_id:
    gov.ResourceGroupMove(
        "ecr-into-group",
        resource_group_id=group.resource_group_id,
        service="expressconnect",
        resource_type="expressconnectrouter",
        resource_id=ecr_id,
        region_id=region,
    )

# Step 2: resource-group-level permissions, and the account-level read-only complement (the seed's first
# custom policy) for the actions where a resource-group scope has no effect.
access = ResourceGroupAccess(
    "operator-expressconnect",
    resource_group_id=group.resource_group_id,
    principal_type="user",
    principal_name=operator.name,
    system_policies=["AliyunExpressConnectFullAccess"],
    complement="read-only",
    complement_policy_name="ExpressConnectAccountReadOnly",
)

pulumi.export("resourceGroupId", group.resource_group_id)
pulumi.export("operator", operator.principal_name)
pulumi.export("resourceGroupPolicies", access.resource_group_policies)
pulumi.export("accountPolicies", access.account_policies)
pulumi.export("accountLevelActions", access.account_level_actions)
pulumi.export("ineffectiveActions", access.ineffective_actions)
