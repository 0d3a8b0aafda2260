"""The CrossGuard pack's validators, called directly (building a PolicyPack would start a server).

The pack has no checks of its own: it hands the stack to the project check, so on the same program it gives the
same codes as ``alicloud-gov check`` (compared here on programs that need the whole stack: the account-level
complement, grants held through a group, an assume-role grant naming the wrong account).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pulumi_policy import EnforcementLevel, StackValidationPolicy

from alicloud_gov.policy_pack.pack import PackResource, build_policies, policy_name, stack_findings
from alicloud_gov.program import load_project
from alicloud_gov.program.project_check import check_project, declare
from alicloud_gov.program.stack_checks import every_check
from alicloud_gov.spec.tokens import TYPE_PREFIX

ADMIN = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
TYPO = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:CreaeNatGateway", "Resource": "*"}]}


def one(type_name: str, props: dict[str, Any], name: str = "r") -> PackResource:
    return PackResource(f"{TYPE_PREFIX}{type_name}", name, props, urn=f"urn:{name}")


def codes(resource_type: str, props: dict[str, Any]) -> set[str]:
    return {f.code for f in stack_findings([one(resource_type, {"name": "r", **props})])}


def test_one_stack_policy_per_code_with_default_levels() -> None:
    policies = {p.name: p for p in build_policies()}
    assert set(policies) == {policy_name(code) for code in every_check()}
    assert policy_name("INVALID_ACTION") == "invalid-action"
    assert policies["invalid-action"].enforcement_level == EnforcementLevel.MANDATORY
    assert policies["full-admin"].enforcement_level == EnforcementLevel.MANDATORY
    assert policies["redundant-action"].enforcement_level == EnforcementLevel.ADVISORY
    assert all(isinstance(policy, StackValidationPolicy) for policy in policies.values())
    assert "stack-partner-wrong-account" in policies


def test_documents_of_policies_and_roles_are_checked() -> None:
    assert "FULL_ADMIN" in codes("RamPolicy", {"document": ADMIN})
    assert "INVALID_ACTION" in codes("RamPolicy", {"document": TYPO})
    trust_any = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "*"}}],
    }
    assert "TRUST_ANY_PRINCIPAL" in codes("RamRole", {"assumeRolePolicyDocument": trust_any})
    assert codes("RamUser", {"name": "alice"}) == set()


def _pack_resources(folder: Path) -> list[PackResource]:
    """The program's resources as CrossGuard would hand them to the pack (type token, props, provider)."""
    declared = declare(load_project(folder))
    providers = declared.providers()
    found = []
    for record in declared.ours():
        provider = providers.get(record.provider or "")
        found.append(
            PackResource(
                f"{TYPE_PREFIX}{record.type_name}",
                record.name,
                dict(record.inputs),
                urn=f"urn:{record.name}",
                provider_name=record.provider,
                provider_type=provider.type_name if provider else None,
                provider_props=dict(provider.inputs) if provider else None,
            )
        )
    return found


COMPLEMENT = """
import alicloud_gov as gov

gov.ResourceGroupAccess("net", resource_group_id="rg-1", principal_type="user", principal_name="alice",
                        custom_policies={"ecr": {"Version": "1", "Statement": [{"Effect": "Allow",
                            "Action": "expressconnectrouter:*", "Resource": "*"}]}}, complement="read-only")
"""

GROUPS = """
import alicloud_gov as gov

nat = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:CreateNatGateway"], "Resource": "*"}]}
everything = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*"}]}
gov.RamUser("alice", name="alice")
gov.RamGroup("netops", name="netops")
gov.RamGroupMembership("alice-netops", user_name="alice", group_name="netops")
gov.RamPolicy("nat", name="NatAdmin", document=nat)
gov.RamPolicy("vpc-all", name="VpcAll", document=everything)
gov.PolicyAttachment("alice-nat-rg", principal_type="user", principal_name="alice", policy_name="NatAdmin",
                     resource_group_id="rg-1")
gov.PolicyAttachment("netops-vpc", principal_type="group", principal_name="netops", policy_name="VpcAll")
gov.PolicyAttachment("bob-nat-rg", principal_type="user", principal_name="bob", policy_name="NatAdmin",
                     resource_group_id="rg-1")
"""

WRONG_ACCOUNT = """
import pulumi
import alicloud_gov as gov

owner = gov.Provider("owner", account_id="1000000000000001")
partner = gov.Provider("partner", account_id="2000000000000002")
gov.RamRole("ops", name="ops", trusted_accounts=["2000000000000002"], opts=pulumi.ResourceOptions(provider=owner))
gov.RamPolicy("assume", name="AssumeOps", opts=pulumi.ResourceOptions(provider=partner), document={
    "Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                   "Resource": "acs:ram::1000000000000010:role/ops"}]})
"""


def _both(tmp_path: Path, source: str) -> tuple[list[str], list[str]]:
    (tmp_path / "Pulumi.yaml").write_text("name: agree\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(source)
    by_check = sorted(f"{f.code} {f.resource}" for f in check_project(tmp_path))
    by_pack = sorted(f"{f.code} {f.resource}" for f in stack_findings(_pack_resources(tmp_path)))
    return by_check, by_pack


def test_pack_and_check_agree_on_the_account_level_complement(tmp_path: Path) -> None:
    by_check, by_pack = _both(tmp_path, COMPLEMENT)
    assert by_pack == by_check
    assert any(line.startswith("RG_SCOPE_UNSUPPORTED_ACTION") for line in by_pack)  # the writes left uncovered


def test_pack_and_check_agree_on_grants_held_through_groups(tmp_path: Path) -> None:
    by_check, by_pack = _both(tmp_path, GROUPS)
    assert by_pack == by_check
    rg = [line for line in by_pack if line.startswith("RG_SCOPE_UNSUPPORTED_ACTION")]
    assert rg == ["RG_SCOPE_UNSUPPORTED_ACTION nat"]  # bob lacks vpc:CreateNatGateway at account scope


def test_pack_and_check_agree_on_an_assume_role_grant_to_the_wrong_account(tmp_path: Path) -> None:
    by_check, by_pack = _both(tmp_path, WRONG_ACCOUNT)
    assert by_pack == by_check
    assert "STACK_PARTNER_WRONG_ACCOUNT AssumeOps" in by_pack
