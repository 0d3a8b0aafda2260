"""Seed 003 (grant permissions to an ECR across Alibaba Cloud accounts) end to end on the emulator.

Account B ("partner") owns a VPC and a VBR and grants them to account A's ("acme") Express Connect
Router; A can then associate the VPC and attach the VBR. Instances B has not granted are refused, and B
can revoke a grant only after A has let go of the instance. RAM identities need Express Connect permissions
for their side, and B's operator can do A's side through A's role (seed 001). Official SDK clients over
real HTTP.
"""

from __future__ import annotations

import pytest
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_vpc20160428 import models as vpc_models
from alibabacloud_vpc20160428.client import Client as VpcClient

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import fails

ACCOUNT_A = "1000000000000001"
ACCOUNT_B = "2000000000000002"
REGION = "cn-hangzhou"


class Parties:
    """The clients of both accounts and the instances of the scenario."""

    def __init__(self, emulator: RunningEmulator) -> None:
        self.a_ecr = EcrClient(emulator.root_config("acme"))
        self.b_ecr = EcrClient(emulator.root_config("partner"))
        self.b_vpc = VpcClient(emulator.root_config("partner"))
        self.ecr_id = self.a_ecr.create_express_connect_router(
            ecr_models.CreateExpressConnectRouterRequest(name="hub", alibaba_side_asn=45104)
        ).body.ecr_id

    def b_creates_vpc(self, name: str) -> str:
        request = vpc_models.CreateVpcRequest(region_id=REGION, vpc_name=name, cidr_block="192.168.0.0/16")
        return str(self.b_vpc.create_vpc(request).body.vpc_id)

    def b_creates_vbr(self, vlan: int) -> str:
        request = vpc_models.CreateVirtualBorderRouterRequest(
            region_id=REGION, physical_connection_id="pc-b-dc1", vlan_id=vlan, name=f"dc-{vlan}"
        )
        return str(self.b_vpc.create_virtual_border_router(request).body.vbr_id)

    def b_grants(self, instance_id: str, instance_type: str) -> None:
        self.b_ecr.grant_instance_to_express_connect_router(
            ecr_models.GrantInstanceToExpressConnectRouterRequest(
                ecr_id=self.ecr_id,
                ecr_owner_ali_uid=int(ACCOUNT_A),
                instance_id=instance_id,
                instance_region_id=REGION,
                instance_type=instance_type,
            )
        )

    def b_revokes(self, instance_id: str, instance_type: str) -> None:
        self.b_ecr.revoke_instance_from_express_connect_router(
            ecr_models.RevokeInstanceFromExpressConnectRouterRequest(
                ecr_id=self.ecr_id,
                ecr_owner_ali_uid=int(ACCOUNT_A),
                instance_id=instance_id,
                instance_region_id=REGION,
                instance_type=instance_type,
            )
        )

    def a_associates(self, vpc_id: str) -> str:
        request = ecr_models.CreateExpressConnectRouterAssociationRequest(
            ecr_id=self.ecr_id, association_region_id=REGION, vpc_id=vpc_id, vpc_owner_id=int(ACCOUNT_B)
        )
        return str(self.a_ecr.create_express_connect_router_association(request).body.association_id)

    def a_attaches(self, vbr_id: str) -> None:
        self.a_ecr.attach_express_connect_router_child_instance(
            ecr_models.AttachExpressConnectRouterChildInstanceRequest(
                ecr_id=self.ecr_id,
                child_instance_id=vbr_id,
                child_instance_type="VBR",
                child_instance_region_id=REGION,
                child_instance_owner_id=int(ACCOUNT_B),
            )
        )


@pytest.fixture
def parties(emulator: RunningEmulator) -> Parties:
    """Account A with an ECR, account B ready to grant."""
    return Parties(emulator)


def test_vpc_granted_by_b_is_associated_by_a(parties: Parties) -> None:
    granted = parties.b_creates_vpc("shared")
    ungranted = parties.b_creates_vpc("private")
    parties.b_grants(granted, "VPC")

    # B sees its grant in the VPC console view, A sees it as the ECR owner.
    rules = parties.b_vpc.describe_vpc_grant_rules_to_ecr(
        vpc_models.DescribeVpcGrantRulesToEcrRequest(region_id=REGION, instance_id=granted, instance_type="VPC")
    ).body.grant_rule_models
    assert [(rule.ecr_id, rule.ecr_owner_id) for rule in rules] == [(parties.ecr_id, int(ACCOUNT_A))]
    seen_by_a = parties.a_ecr.describe_instance_granted_to_express_connect_router(
        ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=parties.ecr_id, caller_type="SELF")
    ).body.ecr_granted_instance_list
    assert [(item.node_id, item.node_owner_uid) for item in seen_by_a] == [(granted, int(ACCOUNT_B))]

    association_id = parties.a_associates(granted)
    associations = parties.a_ecr.describe_express_connect_router_association(
        ecr_models.DescribeExpressConnectRouterAssociationRequest(ecr_id=parties.ecr_id)
    ).body.association_list
    assert [(item.association_id, item.vpc_id, item.vpc_owner_id, item.status) for item in associations] == [
        (association_id, granted, int(ACCOUNT_B), "ACTIVE")
    ]

    fails(lambda: parties.a_associates(ungranted), "Forbidden.InstanceNotGranted", 403)


def test_vbr_granted_by_b_is_attached_by_a(parties: Parties) -> None:
    vbr_id = parties.b_creates_vbr(10)
    fails(lambda: parties.a_attaches(vbr_id), "Forbidden.InstanceNotGranted", 403)
    parties.b_grants(vbr_id, "VBR")
    rules = parties.b_vpc.describe_grant_rules_to_ecr(
        vpc_models.DescribeGrantRulesToEcrRequest(region_id=REGION, instance_id=vbr_id)
    ).body.ecr_grant_rules
    assert [(rule.ecr_instance_id, rule.ecr_uid) for rule in rules] == [(parties.ecr_id, int(ACCOUNT_A))]
    parties.a_attaches(vbr_id)
    children = parties.a_ecr.describe_express_connect_router_child_instance(
        ecr_models.DescribeExpressConnectRouterChildInstanceRequest(ecr_id=parties.ecr_id)
    ).body.child_instance_list
    assert [(child.child_instance_id, child.child_instance_owner_id) for child in children] == [
        (vbr_id, int(ACCOUNT_B))
    ]


def test_grant_to_another_ecr_does_not_count(parties: Parties, emulator: RunningEmulator) -> None:
    other_ecr = parties.a_ecr.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(name="other", alibaba_side_asn=64600)
    ).body.ecr_id
    vpc_id = parties.b_creates_vpc("shared")
    parties.b_ecr.grant_instance_to_express_connect_router(
        ecr_models.GrantInstanceToExpressConnectRouterRequest(
            ecr_id=other_ecr,
            ecr_owner_ali_uid=int(ACCOUNT_A),
            instance_id=vpc_id,
            instance_region_id=REGION,
            instance_type="VPC",
        )
    )
    fails(lambda: parties.a_associates(vpc_id), "Forbidden.InstanceNotGranted", 403)


def test_revoke_only_after_a_lets_go(parties: Parties) -> None:
    vpc_id = parties.b_creates_vpc("shared")
    vbr_id = parties.b_creates_vbr(20)
    parties.b_grants(vpc_id, "VPC")
    parties.b_grants(vbr_id, "VBR")
    association_id = parties.a_associates(vpc_id)
    parties.a_attaches(vbr_id)

    fails(lambda: parties.b_revokes(vpc_id, "VPC"), "DependencyViolation.Association", 400)
    fails(lambda: parties.b_revokes(vbr_id, "VBR"), "DependencyViolation.Association", 400)

    parties.a_ecr.delete_express_connect_router_association(
        ecr_models.DeleteExpressConnectRouterAssociationRequest(ecr_id=parties.ecr_id, association_id=association_id)
    )
    parties.a_ecr.detach_express_connect_router_child_instance(
        ecr_models.DetachExpressConnectRouterChildInstanceRequest(
            ecr_id=parties.ecr_id, child_instance_id=vbr_id, child_instance_type="VBR"
        )
    )
    parties.b_revokes(vpc_id, "VPC")
    parties.b_revokes(vbr_id, "VBR")

    assert (
        parties.a_ecr.describe_instance_granted_to_express_connect_router(
            ecr_models.DescribeInstanceGrantedToExpressConnectRouterRequest(ecr_id=parties.ecr_id)
        ).body.ecr_granted_instance_list
        == []
    )
    fails(lambda: parties.a_associates(vpc_id), "Forbidden.InstanceNotGranted", 403)
    fails(lambda: parties.a_attaches(vbr_id), "Forbidden.InstanceNotGranted", 403)


def test_an_ungranted_caller_cannot_probe_b_s_instance_ids(parties: Parties) -> None:
    real = parties.b_creates_vpc("shared")
    fails(lambda: parties.a_associates(real), "Forbidden.InstanceNotGranted", 403)
    fails(lambda: parties.a_associates("vpc-doesnotexist00000"), "Forbidden.InstanceNotGranted", 403)


def test_ram_identities_need_express_connect_permissions(parties: Parties, emulator: RunningEmulator) -> None:
    """B's network admin (a RAM user) grants; B's read-only user cannot; A's operator role, assumed by B, associates."""

    def ram_user(ram: RamClient, name: str, policy: str) -> tuple[str, str]:
        """A RAM user with one system policy; its AccessKey pair."""
        ram.create_user(ram_models.CreateUserRequest(user_name=name))
        ram.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(policy_type="System", policy_name=policy, user_name=name)
        )
        key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name=name)).body.access_key
        return key.access_key_id, key.access_key_secret

    b_ram = RamClient(emulator.root_config("partner"))
    admin = EcrClient(emulator.config(*ram_user(b_ram, "net-admin", "AliyunExpressConnectFullAccess")))
    viewer = EcrClient(emulator.config(*ram_user(b_ram, "net-viewer", "AliyunExpressConnectReadOnlyAccess")))
    vpc_id = parties.b_creates_vpc("shared")
    grant = ecr_models.GrantInstanceToExpressConnectRouterRequest(
        ecr_id=parties.ecr_id,
        ecr_owner_ali_uid=int(ACCOUNT_A),
        instance_id=vpc_id,
        instance_region_id=REGION,
        instance_type="VPC",
    )
    fails(lambda: viewer.grant_instance_to_express_connect_router(grant), "NoPermission", 403)
    admin.grant_instance_to_express_connect_router(grant)

    # Seed 001: A's role trusted by B, with AliyunExpressConnectFullAccess, does A's side of the work.
    a_ram = RamClient(emulator.root_config("acme"))
    trust = (
        '{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",'
        f'"Principal":{{"RAM":["acs:ram::{ACCOUNT_B}:root"]}}}}]}}'
    )
    a_ram.create_role(ram_models.CreateRoleRequest(role_name="partner-netops", assume_role_policy_document=trust))
    a_ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(
            policy_type="System", policy_name="AliyunExpressConnectFullAccess", role_name="partner-netops"
        )
    )
    operator = ram_user(b_ram, "operator", "AliyunSTSAssumeRoleAccess")
    credentials = (
        StsClient(emulator.config(*operator))
        .assume_role(
            sts_models.AssumeRoleRequest(
                role_arn=f"acs:ram::{ACCOUNT_A}:role/partner-netops", role_session_name="operator"
            )
        )
        .body.credentials
    )
    as_a = EcrClient(
        emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    )
    association_id = as_a.create_express_connect_router_association(
        ecr_models.CreateExpressConnectRouterAssociationRequest(
            ecr_id=parties.ecr_id, association_region_id=REGION, vpc_id=vpc_id, vpc_owner_id=int(ACCOUNT_B)
        )
    ).body.association_id
    assert association_id.startswith("ecr-assoc-")
