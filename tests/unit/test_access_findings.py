"""Grant-level findings over a whole program: unknown system policies, sensitive grants, escalation paths.

The measured case of issue 10: a program attaching AdministratorAccess, a misspelled AliyunVPCReadOnlyAcess and
AliyunECSReadOnlyAccess (a system policy of every real account: Alibaba's RAM reference, "System policies for
ECS") used to check clean.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from alicloud_gov.cli.main import cli
from alicloud_gov.plan.access import ResourceRecord
from alicloud_gov.policy import evaluate, system_policies
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.system_policy_names import system_policy_access_unknown, unknown_system_policy
from alicloud_gov.program.access_checks import sensitive_grant
from alicloud_gov.program.project_check import check_project
from alicloud_gov.program.stack_checks import Item, StackView

ACME = "1000000000000001"
PARTNER = "2000000000000002"

HEADER = f"""
import pulumi
import alicloud_gov.resources as gov

acme = gov.Provider("acme", account_id="{ACME}")
partner = gov.Provider("partner", account_id="{PARTNER}")
in_acme = pulumi.ResourceOptions(provider=acme)
in_partner = pulumi.ResourceOptions(provider=partner)
"""

MEASURED = """
user = gov.RamUser("alice", opts=in_acme)
for label, policy in (("admin", "AdministratorAccess"), ("vpc", "AliyunVPCReadOnlyAcess"),
                      ("ecs", "AliyunECSReadOnlyAccess")):
    gov.PolicyAttachment(f"alice-{label}", principal_type="user", principal_name=user.name,
                         policy_name=policy, policy_type="System", opts=in_acme)
"""


# The published documents of the system policies these tests attach (Alibaba Cloud RAM reference, "System
# policies" pages: AdministratorAccess is Allow * on *, AliyunRAMFullAccess Allow ram:* on *). They are used only
# where the shipped catalogue does not hold a document for the name yet, so the real catalogue always wins.
PUBLISHED = {
    "AdministratorAccess": ("*",),
    "AliyunRAMFullAccess": ("ram:*",),
    "AliyunECSReadOnlyAccess": ("ecs:Describe*", "ecs:List*"),
    "AliyunExpressConnectFullAccess": ("expressconnectrouter:*", "vpc:*PhysicalConnection*"),
}


@pytest.fixture(autouse=True)
def catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped catalogue, completed with :data:`PUBLISHED` for names it lacks a document for."""
    real = system_policies.all_system_policies()
    entries = {entry.name.lower(): entry for entry in real}
    for name, actions in PUBLISHED.items():
        entry = entries.get(name.lower())
        if entry is None or entry.document is None:
            document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}
            entries[name.lower()] = system_policies.SystemPolicy(
                name, "test", "test", document, "v1", None, "https://www.alibabacloud.com/help/en/ram", "2026-12-02"
            )
    ordered = tuple(sorted(entries.values(), key=lambda entry: entry.name))
    completed = system_policies.SystemPolicyCatalog(ordered, {entry.name.lower(): entry for entry in ordered})
    monkeypatch.setattr(system_policies, "_catalog", lambda: completed)
    evaluate._compiled_system_policy.cache_clear()
    yield
    evaluate._compiled_system_policy.cache_clear()


def project(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: proj\nruntime: python\n")
    (folder / "__main__.py").write_text(textwrap.dedent(HEADER) + textwrap.dedent(body))
    return folder


def of_code(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def test_measured_case_unknown_name_and_full_administrator(tmp_path: Path) -> None:
    folder = project(tmp_path, MEASURED)
    findings = check_project(folder)
    [unknown] = of_code(findings, "UNKNOWN_SYSTEM_POLICY")
    assert unknown.severity == Severity.ERROR
    assert unknown.resource == "alice-vpc" and unknown.json_path == "$.policyName"
    assert "did you mean AliyunVPCReadOnlyAccess" in unknown.message
    [admin] = of_code(findings, "SENSITIVE_GRANT")
    assert admin.severity == Severity.SECURITY_WARNING
    assert admin.resource == "alice" and "full administrator" in admin.message
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1, result.output
    assert "UNKNOWN_SYSTEM_POLICY" in result.output


def test_group_membership_makes_a_user_a_full_administrator(tmp_path: Path) -> None:
    body = """
user = gov.RamUser("bob", opts=in_acme)
group = gov.RamGroup("admins", opts=in_acme)
gov.RamGroupMembership("bob-admins", user_name=user.name, group_name=group.name, opts=in_acme)
gov.PolicyAttachment("admins-admin", principal_type="group", principal_name=group.name,
                     policy_name="AdministratorAccess", policy_type="System", opts=in_acme)
"""
    found = of_code(check_project(project(tmp_path, body)), "SENSITIVE_GRANT")
    bob = [f for f in found if f.resource == "bob"]
    assert bob and "full administrator" in bob[0].message and "group:admins" in bob[0].message
    assert [f for f in found if f.resource == "admins"]


def test_identity_administration_and_ram_wildcard_are_sensitive(tmp_path: Path) -> None:
    body = """
keys = gov.RamPolicy("keys", document={"Version": "1", "Statement": [{"Effect": "Allow",
    "Action": ["ram:CreateAccessKey", "ram:CreateUser"], "Resource": "*"}]}, opts=in_acme)
minter = gov.RamUser("minter", opts=in_acme)
gov.PolicyAttachment("minter-keys", principal_type="user", principal_name=minter.name,
                     policy_name=keys.name, opts=in_acme)
ramadmin = gov.RamUser("ramadmin", opts=in_acme)
gov.PolicyAttachment("ramadmin-ram", principal_type="user", principal_name=ramadmin.name,
                     policy_name="AliyunRAMFullAccess", policy_type="System", opts=in_acme)
"""
    found = {f.resource: f for f in of_code(check_project(project(tmp_path, body)), "SENSITIVE_GRANT")}
    assert "ram:CreateAccessKey" in found["minter"].message and "identity administration" in found["minter"].message
    assert "every RAM action" in found["ramadmin"].message


def test_a_deny_takes_the_sensitive_power_away(tmp_path: Path) -> None:
    body = """
deny = gov.RamPolicy("no-ram", document={"Version": "1", "Statement": [{"Effect": "Deny",
    "Action": ["ram:*"], "Resource": "*"}]}, opts=in_acme)
ops = gov.RamUser("ops", opts=in_acme)
gov.PolicyAttachment("ops-ram", principal_type="user", principal_name=ops.name,
                     policy_name="AliyunRAMFullAccess", policy_type="System", opts=in_acme)
gov.PolicyAttachment("ops-deny", principal_type="user", principal_name=ops.name, policy_name=deny.name,
                     opts=in_acme)
"""
    assert not of_code(check_project(project(tmp_path, body)), "SENSITIVE_GRANT")


def test_a_sensitive_role_trusted_by_another_account(tmp_path: Path) -> None:
    body = f"""
role = gov.RamRole("break-glass", trusted_accounts=["{PARTNER}"], opts=in_acme)
gov.PolicyAttachment("break-glass-admin", principal_type="role", principal_name=role.name,
                     policy_name="AdministratorAccess", policy_type="System", opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    [cross] = of_code(findings, "SENSITIVE_GRANT_CROSS_ACCOUNT")
    assert cross.resource == "break-glass" and PARTNER in cross.message and "full administrator" in cross.message
    assert cross.severity == Severity.SECURITY_WARNING


def test_a_partner_role_with_sts_access_only_is_not_sensitive(tmp_path: Path) -> None:
    body = f"""
role = gov.RamRole("partner-ops", trusted_accounts=["{PARTNER}"], opts=in_acme)
gov.PolicyAttachment("role-ec", principal_type="role", principal_name=role.name,
                     policy_name="AliyunExpressConnectFullAccess", policy_type="System", opts=in_acme)
operator = gov.RamUser("operator", opts=in_partner)
gov.PolicyAttachment("operator-sts", principal_type="user", principal_name=operator.name,
                     policy_name="AliyunSTSAssumeRoleAccess", policy_type="System", opts=in_partner)
"""
    findings = check_project(project(tmp_path, body))
    assert [f.code for f in findings] == []


def test_assuming_a_role_is_escalation_only_when_it_leads_to_identity_power(tmp_path: Path) -> None:
    body = f"""
role = gov.RamRole("deployer", trusted_accounts=["{ACME}"], opts=in_acme)
gov.PolicyAttachment("deployer-vpc", principal_type="role", principal_name=role.name,
                     policy_name="AliyunVPCFullAccess", policy_type="System", opts=in_acme)
admin = gov.RamRole("iam-admin", trusted_accounts=["{ACME}"], opts=in_acme)
gov.PolicyAttachment("iam-admin-ram", principal_type="role", principal_name=admin.name,
                     policy_name="AliyunRAMFullAccess", policy_type="System", opts=in_acme)
dev = gov.RamUser("dev", opts=in_acme)
gov.PolicyAttachment("dev-sts", principal_type="user", principal_name=dev.name,
                     policy_name="AliyunSTSAssumeRoleAccess", policy_type="System", opts=in_acme)
"""
    found = of_code(check_project(project(tmp_path, body)), "PRIVILEGE_ESCALATION_PATH")
    [path] = [f for f in found if f.resource == "dev"]
    assert path.severity == Severity.SECURITY_WARNING
    assert f"(1) user:dev@{ACME} may assume role:iam-admin@{ACME}" in path.message
    assert "every RAM action" in path.message
    # deployer's vpc:* is more than dev holds, but assuming a role both sides allow is delegation, not escalation
    assert "deployer" not in path.message


def test_the_provider_check_fails_an_unknown_system_policy_naming_the_field() -> None:
    from alicloud_gov.provider.provider import AlicloudGovProvider
    from tests.unit.provider_helpers import check_request, run

    inputs = {"principalType": "user", "principalName": "alice", "policyType": "System"}
    provider = AlicloudGovProvider()
    response = run(
        provider.check(
            check_request("PolicyAttachment", "alice-vpc", {**inputs, "policyName": "AliyunVPCReadOnlyAcess"})
        )
    )
    [failure] = response.failures or []
    assert failure.property == "policyName"
    assert "UNKNOWN_SYSTEM_POLICY" in failure.reason and "did you mean AliyunVPCReadOnlyAccess" in failure.reason
    known = run(
        provider.check(
            check_request("PolicyAttachment", "alice-ecs", {**inputs, "policyName": "aliyunecsreadonlyaccess"})
        )
    )
    assert not known.failures


def test_the_measured_case_without_a_known_account_still_names_the_administrator(tmp_path: Path) -> None:
    """The issue's program as a new user writes it: the default provider, no account id in the config."""
    from alicloud_gov.program.project_check import check_project

    (tmp_path / "Pulumi.yaml").write_text("name: measured\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(
        "import alicloud_gov as gov\n"
        'u = gov.RamUser("ops", name="ops")\n'
        'for p in ["AdministratorAccess", "AliyunVPCReadOnlyAcess", "AliyunECSReadOnlyAccess"]:\n'
        '    gov.PolicyAttachment(p, principal_type="user", principal_name=u.name, policy_name=p,'
        ' policy_type="System")\n'
    )
    codes = sorted(f.code for f in check_project(tmp_path))
    assert codes == ["SENSITIVE_GRANT", "UNKNOWN_SYSTEM_POLICY"], codes


def _view(policy: str) -> StackView:
    """A view of account ACME: user alice with the system policy ``policy`` attached."""
    alice = ResourceRecord("RamUser", "alice", "acme", {"name": "alice"})
    attachment = ResourceRecord(
        "PolicyAttachment",
        "alice-policy",
        "acme",
        {"principalType": "user", "principalName": "alice", "policyName": policy, "policyType": "System"},
    )
    return StackView((Item(alice, alice.inputs, ACME), Item(attachment, attachment.inputs, ACME)), CheckConfig())


def test_each_view_owns_its_evaluator_and_interleaved_views_keep_their_own_findings() -> None:
    admin, reader = _view("AdministratorAccess"), _view("AliyunECSReadOnlyAccess")
    assert admin.evaluator is admin.evaluator and admin.evaluator is not reader.evaluator
    for _ in range(2):  # alternate: neither view's evaluator (nor its memo) may answer for the other
        assert [hit.resource for hit in sensitive_grant(admin)] == ["alice"]
        assert list(sensitive_grant(reader)) == []


def test_a_name_like_no_system_policy_points_to_list_policies_and_suggests_nothing() -> None:
    message, closest = unknown_system_policy("Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq") or ("", "not reported")
    assert closest is None and "is not an Alibaba Cloud system policy" in message and "ListPolicies" in message
    assert unknown_system_policy("administratoraccess") is None  # names are matched without regard to case
    assert system_policy_access_unknown("AdministratorAccess") is None  # its document is known
    assert system_policy_access_unknown("Qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq") is None  # not a system policy at all
