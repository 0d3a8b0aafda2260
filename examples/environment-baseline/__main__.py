"""EnvironmentBaseline: the same access model in every environment, one resource group each.

For dev and prod: a resource group ``env-dev`` / ``env-prod`` and, per access tier, a RAM user group whose
policies are attached in that resource group (seed 000's fine-grained control), plus an account-level
custom policy with the read-only actions that do not support resource-group authorisation.

Two people: ``dana`` operates dev and reads prod; ``omar`` operates prod.

Stack config: ``environments`` (comma-separated, default ``dev,prod``), ``prefix`` (default ``env``).
"""

import pulumi

import alicloud_gov.resources as gov
from alicloud_gov.components import EnvironmentBaseline

config = pulumi.Config()
environments = [name.strip() for name in (config.get("environments") or "dev,prod").split(",")]

baseline = EnvironmentBaseline(
    "baseline",
    environments=environments,
    prefix=config.get("prefix") or "env",
    tiers={
        "operators": ["AliyunExpressConnectFullAccess"],
        "readers": ["AliyunExpressConnectReadOnlyAccess"],
    },
)

# People and their tiers. The memberships take the group names from the component's output, so they are
# created after the groups exist.
people = {"dana": [("dev", "operators"), ("prod", "readers")], "omar": [("prod", "operators")]}
for person, places in people.items():
    user = gov.RamUser(person, display_name=f"{person.title()} (platform team)")
    for environment, tier in places:
        if environment in environments:
            gov.RamGroupMembership(
                f"{person}-{environment}-{tier}",
                group_name=baseline.group_names.apply(lambda names, e=environment, t=tier: names[e][t]),
                user_name=user.name,
            )

pulumi.export("resourceGroupIds", baseline.resource_group_ids)
pulumi.export("groupNames", baseline.group_names)
