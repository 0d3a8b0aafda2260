"""The CrossGuard pack's validators, called directly (building a PolicyPack would start a server)."""

from __future__ import annotations

from typing import Any

from pulumi_policy import EnforcementLevel, StackValidationPolicy

from alicloud_gov.policy_pack.pack import build_policies, document_findings, policy_name, rg_scope_findings

ADMIN = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
TYPO = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:CreaeNatGateway", "Resource": "*"}]}


def codes(resource_type: str, props: dict[str, Any]) -> set[str]:
    return {f.code for f in document_findings(f"alicloud-gov:index:{resource_type}", "r", props)}


def test_one_policy_per_code_with_default_levels() -> None:
    policies = {p.name: p for p in build_policies()}
    assert policy_name("INVALID_ACTION") == "invalid-action"
    assert policies["invalid-action"].enforcement_level == EnforcementLevel.MANDATORY
    assert policies["full-admin"].enforcement_level == EnforcementLevel.MANDATORY
    assert policies["redundant-action"].enforcement_level == EnforcementLevel.ADVISORY
    assert isinstance(policies["rg-scope-unsupported-action"], StackValidationPolicy)


def test_documents_of_policies_and_roles_are_checked() -> None:
    assert "FULL_ADMIN" in codes("RamPolicy", {"document": ADMIN})
    assert "INVALID_ACTION" in codes("RamPolicy", {"document": TYPO})
    # no allow-list configured: an external account is worth a look, nothing worse
    assert codes("RamRole", {"trustedAccounts": ["2000000000000002"]}) == {"TRUST_EXTERNAL_ACCOUNT"}
    trust_any = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "*"}}],
    }
    assert "TRUST_ANY_PRINCIPAL" in codes("RamRole", {"assumeRolePolicyDocument": trust_any})
    assert codes("RamUser", {"name": "alice"}) == set()


def test_rg_scope_needs_the_stack() -> None:
    resources = [
        (
            "alicloud-gov:index:PolicyAttachment",
            "net",
            {"resourceGroupId": "rg-1", "policyName": "AliyunExpressConnectFullAccess", "policyType": "System"},
        ),
        (
            "alicloud-gov:index:PolicyAttachment",
            "acct",
            {"policyName": "AliyunExpressConnectFullAccess", "policyType": "System"},
        ),
    ]
    found = rg_scope_findings(resources)
    assert {(name, f.code) for name, f in found} == {("net", "RG_SCOPE_UNSUPPORTED_ACTION")}
