"""A program for the plan tests: a user in a group, a custom policy, account and resource-group attachments."""

import pulumi

import alicloud_gov as gov

config = pulumi.Config()
alice = gov.RamUser("alice", display_name="Alice")
ops = gov.RamGroup("ops")
gov.RamGroupMembership("alice-ops", group_name=ops.name, user_name=alice.name)
actions = config.get_object("actions") or ["vpc:DescribeVpcs"]
reader = gov.RamPolicy(
    "net-reader",
    document={"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]},
)
gov.PolicyAttachment("ops-net-reader", principal_type="group", principal_name=ops.name, policy_name=reader.name)
if config.get_bool("admin"):
    gov.PolicyAttachment(
        "alice-admin",
        principal_type="user",
        principal_name=alice.name,
        policy_name="AdministratorAccess",
        policy_type="System",
    )
