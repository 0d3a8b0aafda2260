"""A messy, realistic account, built in the emulator through the project's cloud layer (official SDK transport).

What ``alicloud-gov adopt`` is tested against (issue 13, "Done when"): 50 users, 10 groups with memberships,
20 roles (partner trusts to account 2000000000000002, ecs.aliyuncs.com service roles, roles with a hand-written
trust policy, and one named as a service-linked role: the emulator has no CreateServiceLinkedRole, so the name
rule stands in for it), 30 custom policies with several versions, system and custom attachments at account and
resource-group scope, 5 resource groups and an ECR grant of one of acme's VPCs to a partner ECR. Two sets are made
exactly as the components make their children (adopt must declare them as the components): a ResourceGroupAccess
``ml-shared-access`` (data-user45, AliyunVPCFullAccess in shared-rg, its read-only complement) and a
CrossAccountAccess ``vendor-audit`` (trusting the partner with an external id, AliyunVPCReadOnlyAccess in
sandbox-rg).

Run against a running emulator (``alicloud-gov emulator --port 8080``)::

    python tests/messy_account.py --endpoint 127.0.0.1:8080
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.components.cross_account_access import trust_policy
from alicloud_gov.policy.scope import complement_document, split_by_resource_group_support
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.spec.principals import rm_principal_name
from alicloud_gov.spec.trust import build_trust_policy

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"
TEAMS = ("netops", "dba", "dev", "sec", "finance", "data", "sre", "qa", "ml", "web")
SYSTEM_POLICIES = (
    "AliyunVPCReadOnlyAccess",
    "AliyunRAMReadOnlyAccess",
    "AliyunVPCFullAccess",
    "AliyunSTSAssumeRoleAccess",
)


@dataclass(frozen=True)
class MessyAccount:
    """What was built: names by kind, for assertions."""

    users: list[str]
    groups: list[str]
    roles: list[str]
    policies: list[str]
    resource_groups: dict[str, str]
    """name -> id"""
    service_linked_role: str
    ecr_id: str
    vpc_id: str


def _document(*actions: str) -> str:
    return json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]})


def build(acme: Cloud, partner: Cloud) -> MessyAccount:
    """Create the account's entities in ``acme`` (and the partner's ECR in ``partner``)."""
    ram, rm = acme.ram, acme.resourcemanager
    users = [f"{TEAMS[i % 10]}-user{i:02d}" for i in range(50)]
    for i, user in enumerate(users):
        params = {"UserName": user}
        if i % 3 == 0:
            params["DisplayName"] = f"{user.title()} (contractor)" if i % 2 else user.upper()
        if i % 7 == 0:
            params["Email"] = f"{user}@example.com"
        if i % 11 == 0:
            params["Comments"] = "made in the console, 2021"
        ram.call("CreateUser", params)
    groups = [f"{team}-team" for team in TEAMS]
    for i, group in enumerate(groups):
        ram.call("CreateGroup", {"GroupName": group, **({"Comments": "on-call"} if i % 2 else {})})
    for i, user in enumerate(users):
        ram.call("AddUserToGroup", {"GroupName": groups[i % 10], "UserName": user})
        if i % 5 == 0:
            ram.call("AddUserToGroup", {"GroupName": groups[(i + 3) % 10], "UserName": user})

    roles: list[str] = []
    for i in range(8):  # partner trusts: the account root or one partner role
        name = f"partner-access-{i}"
        trusted = [PARTNER_UID] if i % 2 == 0 else [f"acs:ram::{PARTNER_UID}:role/deployer-{i}"]
        document = json.dumps(build_trust_policy(trusted))
        ram.call("CreateRole", {"RoleName": name, "AssumeRolePolicyDocument": document, "MaxSessionDuration": 7200})
        roles.append(name)
    for i in range(6):  # service roles
        name = f"ecs-instance-role-{i}"
        document = json.dumps(build_trust_policy(services=["ecs.aliyuncs.com"]))
        ram.call("CreateRole", {"RoleName": name, "AssumeRolePolicyDocument": document, "Description": "ECS"})
        roles.append(name)
    for i in range(5):  # hand-written trust policies: a condition the helpers cannot say
        name = f"mfa-admin-{i}"
        statement = {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]},
            "Condition": {"Bool": {"acs:MFAPresent": "true"}},
        }
        document = json.dumps({"Version": "1", "Statement": [statement]})
        ram.call("CreateRole", {"RoleName": name, "AssumeRolePolicyDocument": document})
        roles.append(name)
    linked = "AliyunServiceRoleForECSDemo"
    ram.call(
        "CreateRole",
        {"RoleName": linked, "AssumeRolePolicyDocument": json.dumps(build_trust_policy(services=["ecs.aliyuncs.com"]))},
    )

    policies = [f"{TEAMS[i % 10]}-policy-{i:02d}" for i in range(30)]
    for i, policy in enumerate(policies):
        ram.call(
            "CreatePolicy",
            {"PolicyName": policy, "PolicyDocument": _document("ecs:Describe*"), "Description": f"v1 of {i}"},
        )
        for version in range(i % 4):  # up to 4 versions, the last one default
            actions = [f"vpc:Describe{kind}" for kind in ("Vpcs", "VSwitches", "RouteTables")[: version + 1]]
            ram.call(
                "CreatePolicyVersion",
                {"PolicyName": policy, "PolicyDocument": _document(*actions), "SetAsDefault": "true"},
            )

    resource_groups: dict[str, str] = {}
    for env in ("prod", "staging", "dev", "shared", "sandbox"):
        body = rm.call("CreateResourceGroup", {"Name": f"{env}-rg", "DisplayName": f"{env.title()} resources"})
        resource_groups[f"{env}-rg"] = str(body["ResourceGroup"]["Id"])

    for i, user in enumerate(users[:20]):  # account scope, users: system and custom
        ram.call("AttachPolicyToUser", {"PolicyType": "System", "PolicyName": SYSTEM_POLICIES[i % 4], "UserName": user})
        ram.call("AttachPolicyToUser", {"PolicyType": "Custom", "PolicyName": policies[i], "UserName": user})
    for i, group in enumerate(groups):
        ram.call("AttachPolicyToGroup", {"PolicyType": "Custom", "PolicyName": policies[20 + i], "GroupName": group})
    for role in roles[:8]:
        ram.call(
            "AttachPolicyToRole",
            {"PolicyType": "System", "PolicyName": "AliyunExpressConnectReadOnlyAccess", "RoleName": role},
        )
    alias = str(ram.call("GetAccountAlias", {}).get("AccountAlias") or ACME_UID)
    rg_ids = list(resource_groups.values())
    for i, group in enumerate(groups):  # resource-group scope: groups, users, roles; system and custom
        rm.call(
            "AttachPolicy",
            {
                "ResourceGroupId": rg_ids[i % 5],
                "PolicyType": "System" if i % 2 else "Custom",
                "PolicyName": SYSTEM_POLICIES[i % 4] if i % 2 else policies[i],
                "PrincipalType": "IMSGroup",
                "PrincipalName": rm_principal_name("group", group, alias),
            },
        )
    for i, user in enumerate(users[40:45]):
        rm.call(
            "AttachPolicy",
            {
                "ResourceGroupId": rg_ids[i],
                "PolicyType": "System",
                "PolicyName": "AliyunVPCFullAccess",
                "PrincipalType": "IMSUser",
                "PrincipalName": rm_principal_name("user", user, alias),
            },
        )
    rm.call(
        "AttachPolicy",
        {
            "ResourceGroupId": rg_ids[0],
            "PolicyType": "Custom",
            "PolicyName": policies[29],
            "PrincipalType": "ServiceRole",
            "PrincipalName": rm_principal_name("role", roles[8], alias),
        },
    )

    _component_shaped(acme, alias, resource_groups)
    ecr_id = str(partner.ecr.create("CreateExpressConnectRouter", {"AlibabaSideAsn": 45104, "Name": "core"})["EcrId"])
    vpc_id = str(acme.vpc.create("CreateVpc", {"RegionId": "cn-hangzhou", "VpcName": "shared-vpc"})["VpcId"])
    acme.ecr.create(
        "GrantInstanceToExpressConnectRouter",
        {
            "EcrId": ecr_id,
            "EcrOwnerAliUid": PARTNER_UID,
            "InstanceId": vpc_id,
            "InstanceRegionId": "cn-hangzhou",
            "InstanceType": "VPC",
        },
    )
    return MessyAccount(users, groups, roles, policies, resource_groups, linked, ecr_id, vpc_id)


RG_ACCESS = "ml-shared-access"
CROSS_ACCOUNT = "vendor-audit"


def _component_shaped(acme: Cloud, alias: str, resource_groups: dict[str, str]) -> None:
    """ResourceGroupAccess and CrossAccountAccess children, with the inputs the components give them."""
    ram, rm = acme.ram, acme.resourcemanager
    system = "AliyunVPCFullAccess"
    document = get_system_policy(system)
    assert document is not None
    split = split_by_resource_group_support([document])
    complement = json.dumps(complement_document(split.complement_actions("read-only")), indent=2)
    policy = f"{RG_ACCESS}-account-complement"
    description = f"Account-level complement of {RG_ACCESS}: actions without resource-group support"
    ram.call("CreatePolicy", {"PolicyName": policy, "PolicyDocument": complement, "Description": description})
    ram.call("AttachPolicyToUser", {"PolicyType": "Custom", "PolicyName": policy, "UserName": "data-user45"})
    rm.call(
        "AttachPolicy",
        {
            "ResourceGroupId": resource_groups["shared-rg"],
            "PolicyType": "System",
            "PolicyName": system,
            "PrincipalType": "IMSUser",
            "PrincipalName": rm_principal_name("user", "data-user45", alias),
        },
    )
    trust = json.dumps(trust_policy(PARTNER_UID, "audit-2024"))
    ram.call("CreateRole", {"RoleName": CROSS_ACCOUNT, "AssumeRolePolicyDocument": trust})
    rm.call(
        "AttachPolicy",
        {
            "ResourceGroupId": resource_groups["sandbox-rg"],
            "PolicyType": "System",
            "PolicyName": "AliyunVPCReadOnlyAccess",
            "PrincipalType": "ServiceRole",
            "PrincipalName": rm_principal_name("role", CROSS_ACCOUNT, alias),
        },
    )


def _cloud(endpoint: str, key_id: str, secret: str) -> Cloud:
    return Cloud(CloudConfig(endpoint=endpoint, credentials=StaticCredentials(key_id, secret)))


def main() -> None:
    """Build the account in a running emulator (its demo accounts' root keys)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", default="127.0.0.1:8080")
    endpoint = parser.parse_args().endpoint
    acme = _cloud(endpoint, "LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
    partner = _cloud(endpoint, "LTAI5tPartnerRootKey02", "PartnerRootSecret02demo")
    built = build(acme, partner)
    print(
        f"built {len(built.users)} users, {len(built.groups)} groups, {len(built.roles) + 1} roles, "
        f"{len(built.policies)} policies, {len(built.resource_groups)} resource groups, 1 ECR grant"
    )


if __name__ == "__main__":
    main()
