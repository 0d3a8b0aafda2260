"""Component resources under Pulumi's mocks: which children they declare, with which inputs and scopes."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from alicloud_gov import resources as gov
from alicloud_gov.components import CrossAccountAccess, EcrCrossAccountLink, EnvironmentBaseline, ResourceGroupAccess
from tests.unit.pulumi_mocks import RecordingMocks

OWNER = "1000000000000001"
PARTNER = "2000000000000002"
ECR_ADMIN = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "expressconnectrouter:*", "Resource": "*"}]}


@pulumi.runtime.test
def test_resource_group_access_splits_and_complements(mocks: RecordingMocks) -> Any:
    access = ResourceGroupAccess(
        "net-ops",
        resource_group_id="rg-net",
        principal_type="user",
        principal_name="alice",
        # A custom stand-in: the published AliyunExpressConnectFullAccess is a name-only catalogue entry.
        custom_policies={"EcrAdmin": ECR_ADMIN},
    )

    def verify(values: list[Any]) -> None:
        rg_policies, account_policies, account_actions, ineffective = values
        attachments = mocks.of_type("PolicyAttachment")
        scoped = [a for a in attachments if a.inputs.get("resourceGroupId") == "rg-net"]
        unscoped = [a for a in attachments if not a.inputs.get("resourceGroupId")]
        assert [a.inputs["policyName"] for a in scoped] == ["EcrAdmin"]
        assert [a.inputs["policyName"] for a in unscoped] == ["net-ops-account-complement"]
        policies = {p.inputs["name"]: p for p in mocks.of_type("RamPolicy")}
        complement = json.loads(policies["net-ops-account-complement"].inputs["document"])
        actions = complement["Statement"][0]["Action"]
        assert actions == account_actions
        assert "expressconnectrouter:DescribeLineProviders" in actions  # read-only, no RG support (seed 000)
        assert "expressconnectrouter:CreateCarrierCloudLink" not in actions  # a write: not in read-only mode
        assert "expressconnectrouter:CreateCarrierCloudLink" in ineffective
        assert rg_policies == ["EcrAdmin"]
        assert account_policies == ["net-ops-account-complement"]

    return pulumi.Output.all(
        access.resource_group_policies,
        access.account_policies,
        access.account_level_actions,
        access.ineffective_actions,
    ).apply(verify)


@pulumi.runtime.test
def test_resource_group_access_full_complement_and_custom_policy(mocks: RecordingMocks) -> Any:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:CreateNatGateway", "Resource": "*"}]}
    access = ResourceGroupAccess(
        "nat",
        resource_group_id="rg-net",
        principal_type="role",
        principal_name="ops",
        custom_policies={"nat-admin": document},
        complement="full",
    )

    def verify(actions: list[str]) -> None:
        assert actions == ["vpc:CreateNatGateway"]
        names = sorted(p.inputs["name"] for p in mocks.of_type("RamPolicy"))
        assert names == ["nat-account-complement", "nat-admin"]

    return access.account_level_actions.apply(verify)


def test_resource_group_access_bad_input_names_the_field(mocks: RecordingMocks) -> None:
    with pytest.raises(ValueError, match="'principal_type'"):
        ResourceGroupAccess(
            "x", resource_group_id="rg", principal_type="robot", principal_name="a", system_policies=["A"]
        )
    with pytest.raises(ValueError, match="'system_policies': 'NoSuchPolicy' is not an Alibaba Cloud system policy"):
        ResourceGroupAccess(
            "y", resource_group_id="rg", principal_type="user", principal_name="a", system_policies=["NoSuchPolicy"]
        )


@pulumi.runtime.test
def test_cross_account_access_declares_both_sides(mocks: RecordingMocks) -> Any:
    partner = gov.Provider("partner", endpoint="127.0.0.1:1", access_key_id="k", access_key_secret="s")
    access = CrossAccountAccess(
        "partner-ops",
        role_name="partner-ecr-admin",
        partner_account_id=PARTNER,
        system_policies=["AliyunExpressConnectFullAccess"],
        partner_provider=partner,
        partner_users=["bob"],
    )

    def verify(values: list[Any]) -> None:
        arn, command = values
        role = mocks.of_type("RamRole")[0]
        trust = role.inputs["assumeRolePolicyDocument"]
        assert trust["Statement"][0]["Principal"] == {"RAM": [f"acs:ram::{PARTNER}:root"]}
        policy = mocks.of_type("RamPolicy")[0]
        statement = json.loads(policy.inputs["document"])["Statement"][0]
        assert statement == {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}
        assert policy.provider and "partner" in policy.provider
        assert {u.inputs["name"] for u in mocks.of_type("RamUser")} == {"bob"}
        attachments = {(a.inputs["principalType"], a.inputs["policyName"]) for a in mocks.of_type("PolicyAttachment")}
        assert attachments == {("role", "AliyunExpressConnectFullAccess"), ("user", "AssumeRole-partner-ecr-admin")}
        assert arn in command

    return pulumi.Output.all(access.role_arn, access.assume_role_command).apply(verify)


def test_cross_account_access_validates_partner_uid(mocks: RecordingMocks) -> None:
    with pytest.raises(ValueError, match="'partner_account_id'"):
        CrossAccountAccess("p", role_name="r", partner_account_id="12")
    with pytest.raises(ValueError, match="'partner_users': needs 'partner_provider'"):
        CrossAccountAccess("q", role_name="r", partner_account_id=PARTNER, partner_users=["bob"])


@pulumi.runtime.test
def test_ecr_link_orders_grant_before_association(mocks: RecordingMocks) -> Any:
    owner = gov.Provider("owner", endpoint="127.0.0.1:1", access_key_id="a", access_key_secret="s")
    vpc_owner = gov.Provider("vpc-owner", endpoint="127.0.0.1:1", access_key_id="b", access_key_secret="s")
    link = EcrCrossAccountLink(
        "link",
        ecr_id="ecr-1",
        ecr_owner_uid=OWNER,
        ecr_owner_provider=owner,
        instance_id="vpc-1",
        instance_type="VPC",
        instance_region_id="cn-hangzhou",
        instance_owner_uid=PARTNER,
        instance_owner_provider=vpc_owner,
    )

    def verify(_: Any) -> None:
        grant = mocks.of_type("EcrGrant")[0]
        association = mocks.of_type("EcrAssociation")[0]
        assert grant.inputs["ecrOwnerUid"] == OWNER
        assert association.inputs["instanceOwnerUid"] == PARTNER
        assert grant.provider and "vpc-owner" in grant.provider
        assert association.provider and "owner" in association.provider

    return link.association_status.apply(verify)


def test_ecr_link_refuses_same_account(mocks: RecordingMocks) -> None:
    provider = gov.Provider("same", endpoint="127.0.0.1:1", access_key_id="a", access_key_secret="s")
    with pytest.raises(ValueError, match="'instance_owner_uid'"):
        EcrCrossAccountLink(
            "l",
            ecr_id="e",
            ecr_owner_uid=OWNER,
            ecr_owner_provider=provider,
            instance_id="v",
            instance_type="VPC",
            instance_region_id="cn-hangzhou",
            instance_owner_uid=OWNER,
            instance_owner_provider=provider,
        )


@pulumi.runtime.test
def test_environment_baseline_groups_per_environment_and_tier(mocks: RecordingMocks) -> Any:
    baseline = EnvironmentBaseline("base", environments=["dev", "prod"], members={"readers": ["carol"]})

    def verify(ids: dict[str, str]) -> None:
        assert ids == {"dev": "rg-env-dev", "prod": "rg-env-prod"}
        groups = sorted(g.inputs["name"] for g in mocks.of_type("RamGroup"))
        assert groups == sorted(f"env-{e}-{t}" for e in ("dev", "prod") for t in ("admins", "operators", "readers"))
        members = {(m.inputs["groupName"], m.inputs["userName"]) for m in mocks.of_type("RamGroupMembership")}
        assert members == {("env-dev-readers", "carol"), ("env-prod-readers", "carol")}
        scoped = {a.inputs.get("resourceGroupId") for a in mocks.of_type("PolicyAttachment")}
        assert {"rg-env-dev", "rg-env-prod"} <= scoped

    return baseline.resource_group_ids.apply(verify)


@pulumi.runtime.test
def test_environment_baseline_members_may_be_users_of_the_program(mocks: RecordingMocks) -> None:
    dana = gov.RamUser("dana")
    baseline = EnvironmentBaseline(
        "team", environments=["dev"], tiers={"readers": ["AliyunVPCReadOnlyAccess"]}, members={"readers": [dana]}
    )

    def verify(_: Any) -> None:
        (membership,) = mocks.of_type("RamGroupMembership")
        assert membership.name == "team-dev-readers-dana"
        assert membership.inputs["userName"] == "dana"  # the user's name output: the membership depends on it

    return baseline.group_names.apply(verify)


def test_environment_baseline_validates(mocks: RecordingMocks) -> None:
    with pytest.raises(ValueError, match="'members': tiers auditors"):
        EnvironmentBaseline("b", environments=["dev"], members={"auditors": ["x"]})
    with pytest.raises(ValueError, match="'environments'"):
        EnvironmentBaseline("c", environments=["bad name"])


def test_cross_account_access_refuses_a_partner_provider_of_another_account(mocks: RecordingMocks) -> None:
    """Issue 10: the role trusts 2000000000000020 while the partner provider is account 2000000000000002."""
    partner = gov.Provider(
        "partner-b", endpoint="127.0.0.1:1", access_key_id="k", access_key_secret="s", account_id=PARTNER
    )
    with pytest.raises(
        ValueError,
        match=r"CrossAccountAccess 'typo' field 'partner_account_id': 2000000000000020 "
        r"is not the account of 'partner_provider', which is account 2000000000000002",
    ):
        CrossAccountAccess(
            "typo",
            role_name="r",
            partner_account_id="2000000000000020",
            partner_provider=partner,
            partner_users=["bob"],
        )
    assert not mocks.of_type("RamRole")  # refused before any resource is declared


@pulumi.runtime.test
def test_cross_account_access_accepts_a_partner_provider_of_unknown_account(mocks: RecordingMocks) -> Any:
    """A provider without a known account at preview: the component does not guess (check and the pack judge)."""
    partner = gov.Provider("partner-c", endpoint="127.0.0.1:1", access_key_id="k", access_key_secret="s")
    access = CrossAccountAccess("fine", role_name="r", partner_account_id=PARTNER, partner_provider=partner)
    return access.role_name.apply(lambda name: None)


def test_ecr_link_refuses_an_owner_uid_of_another_providers_account(mocks: RecordingMocks) -> None:
    owner = gov.Provider(
        "ecr-owner", endpoint="127.0.0.1:1", access_key_id="a", access_key_secret="s", account_id=OWNER
    )
    vpc_owner = gov.Provider(
        "vpc-owner-2", endpoint="127.0.0.1:1", access_key_id="b", access_key_secret="s", account_id=PARTNER
    )
    with pytest.raises(
        ValueError, match=r"EcrCrossAccountLink 'l2' field 'instance_owner_uid'.*account 2000000000000002"
    ):
        EcrCrossAccountLink(
            "l2",
            ecr_id="ecr-1",
            ecr_owner_uid=OWNER,
            ecr_owner_provider=owner,
            instance_id="vpc-1",
            instance_type="VPC",
            instance_region_id="cn-hangzhou",
            instance_owner_uid="2000000000000020",
            instance_owner_provider=vpc_owner,
        )
