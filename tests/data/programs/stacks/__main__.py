"""A program for the --stack tests: the prod stack's config alone turns the operators' policy into an admin one."""

import pulumi

import alicloud_gov as gov

config = pulumi.Config()
actions = ["*"] if config.get_bool("admin") else ["vpc:DescribeVpcs"]
policy = gov.RamPolicy(
    "operators",
    document={"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]},
)
ops = gov.RamGroup("ops")
alice = gov.RamUser("alice")
gov.RamGroupMembership("alice-ops", group_name=ops.name, user_name=alice.name)
gov.PolicyAttachment("ops-operators", principal_type="group", principal_name=ops.name, policy_name=policy.name)
