"""The access model the example pipeline guards: two teams, and what each stack grants them.

The shared model lives here; what a stack grants on top of it lives in that stack's file (Pulumi.prod.yaml), so
a pull request can change one stack's access without touching this program. That is why every gate reads the
stack it guards (``--stack prod``).
"""

import pulumi

import alicloud_gov.resources as gov

config = pulumi.Config()

# Everyone who reads the network: AliyunVPCReadOnlyAccess, account-wide.
readers = gov.RamGroup("readers", comments="Read the network")
gov.PolicyAttachment(
    "readers-vpc-read",
    principal_type="group",
    principal_name=readers.name,
    policy_name="AliyunVPCReadOnlyAccess",
    policy_type="System",
)

# The operators, and the on-call engineer among them: the actions the stack's config lists (operatorActions), on
# every resource of the account.
operators = gov.RamGroup("operators", comments="Operate the network")
oncall = gov.RamUser("oncall", display_name="Network on-call engineer")
gov.RamGroupMembership("oncall-operators", group_name=operators.name, user_name=oncall.name)
operations = gov.RamPolicy(
    "operations",
    description="What the operators of this stack may do",
    document={
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": config.require_object("operatorActions"), "Resource": "*"}],
    },
)
gov.PolicyAttachment(
    "operators-operations",
    principal_type="group",
    principal_name=operators.name,
    policy_name=operations.name,
    policy_type="Custom",
)

pulumi.export("operatorsGroup", operators.name)
