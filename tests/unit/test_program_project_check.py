"""check_project: a Pulumi program run under mocks, its documents checked at their real scopes, stack checks."""

from __future__ import annotations

import textwrap
from pathlib import Path

from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.system_policies import all_system_policies
from alicloud_gov.program.project_check import check_project

ACME = "1000000000000001"
PARTNER = "2000000000000002"

HEADER = f"""
import json
import pulumi
import alicloud_gov.resources as gov

acme = gov.Provider("acme", account_id="{ACME}")
partner = gov.Provider("partner", account_id="{PARTNER}")
in_acme = pulumi.ResourceOptions(provider=acme)
in_partner = pulumi.ResourceOptions(provider=partner)
"""

CROSS_ACCOUNT_ROLE = f"""
role = gov.RamRole("partner-ops", trusted_accounts=["{PARTNER}"], opts=in_acme)
gov.PolicyAttachment("role-ecr", principal_type="role", principal_name=role.name,
                     policy_name="AliyunExpressConnectFullAccess", policy_type="System", opts=in_acme)
operator = gov.RamUser("operator", opts=in_partner)
"""


def project(tmp_path: Path, body: str, header: str = HEADER, runtime: str = "python") -> Path:
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(f"name: proj\nruntime: {runtime}\n")
    (folder / "__main__.py").write_text(textwrap.dedent(header) + textwrap.dedent(body))
    return folder


def codes(findings: list[Finding]) -> list[str]:
    return sorted(finding.code for finding in findings)


def test_partner_without_assume_role_permission_is_reported(tmp_path: Path) -> None:
    findings = check_project(project(tmp_path, CROSS_ACCOUNT_ROLE))
    [finding] = [f for f in findings if f.code == "STACK_PARTNER_MISSING_ASSUME_ROLE"]
    assert finding.resource == "partner-ops"
    assert finding.severity == Severity.WARNING
    assert f"acs:ram::{ACME}:role/partner-ops" in finding.message and PARTNER in finding.message
    assert finding.file is not None and finding.file.endswith("__main__.py")
    assert "TRUST_EXTERNAL_ACCOUNT" not in codes(findings)  # both accounts are the program's own


def test_partner_with_assume_role_access_is_clean(tmp_path: Path) -> None:
    body = (
        CROSS_ACCOUNT_ROLE
        + """
gov.PolicyAttachment("operator-sts", principal_type="user", principal_name=operator.name,
                     policy_name="AliyunSTSAssumeRoleAccess", policy_type="System", opts=in_partner)
"""
    )
    # The subject is the partner check; whether the catalogue holds the system policy's document (else a
    # SYSTEM_POLICY_ACCESS_UNKNOWN warning, tested in test_access_findings.py) is not.
    assert [
        code for code in codes(check_project(project(tmp_path, body))) if code != "SYSTEM_POLICY_ACCESS_UNKNOWN"
    ] == []


def test_partner_policy_naming_the_wrong_account_is_an_error(tmp_path: Path) -> None:
    body = (
        CROSS_ACCOUNT_ROLE
        + f"""
assume = gov.RamPolicy("assume-partner-ops", document={{"Version": "1", "Statement": [{{
    "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "acs:ram::{PARTNER}:role/partner-ops"}}]}},
    opts=in_partner)
gov.PolicyAttachment("operator-assume", principal_type="user", principal_name=operator.name,
                     policy_name=assume.name, opts=in_partner)
"""
    )
    findings = check_project(project(tmp_path, body))
    [wrong] = [f for f in findings if f.code == "STACK_PARTNER_WRONG_ACCOUNT"]
    assert wrong.severity == Severity.ERROR
    assert f"declared in account {ACME}" in wrong.message
    assert wrong.suggestion == f"use acs:ram::{ACME}:role/partner-ops"
    assert "STACK_PARTNER_MISSING_ASSUME_ROLE" in codes(findings)


def test_custom_policy_is_checked_at_its_resource_group_scope(tmp_path: Path) -> None:
    body = """
rg = gov.ResourceGroup("network", opts=in_acme)
policy = gov.RamPolicy("carrier", document={"Version": "1", "Statement": [{"Effect": "Allow",
    "Action": "expressconnectrouter:CreateCarrierCloudLink", "Resource": "*"}]}, opts=in_acme)
user = gov.RamUser("alice", opts=in_acme)
gov.PolicyAttachment("alice-carrier", principal_type="user", principal_name=user.name,
                     policy_name=policy.name, resource_group_id=rg.resource_group_id, opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    scoped = [f for f in findings if f.resource == "carrier" and "resource-group scope" in f.message]
    assert scoped, codes(findings)
    # Positions inside the JSON do not apply to the program file: the finding is on the line declaring the policy.
    lines = (tmp_path / "proj" / "__main__.py").read_text().splitlines()
    assert all(lines[f.line - 1].startswith('policy = gov.RamPolicy("carrier"') for f in scoped if f.line)
    assert all(f.line for f in scoped)


def test_same_policy_unattached_is_checked_at_account_scope(tmp_path: Path) -> None:
    body = """
gov.RamPolicy("carrier", document={"Version": "1", "Statement": [{"Effect": "Allow",
    "Action": "expressconnectrouter:CreateCarrierCloudLink", "Resource": "*"}]}, opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    assert not [f for f in findings if "resource-group" in f.message]


def test_invalid_inputs_and_typos_name_resource_and_field(tmp_path: Path) -> None:
    body = """
gov.RamRole("bad_role", trusted_services=["ecs.aliyuncs.com"], opts=in_acme)
gov.RamPolicy("ops", document={"Version": "1", "Statement": [{"Effect": "Allow",
    "Action": "vpc:CreaeNatGateway", "Resource": "*"}]}, opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    [invalid] = [f for f in findings if f.code == "RESOURCE_INPUT_INVALID"]
    assert invalid.message.startswith("RamRole 'bad_role' field 'name':")
    assert invalid.json_path == "$.name"
    typo = [f for f in findings if f.resource == "ops" and f.severity == Severity.ERROR]
    assert typo and "vpc:CreateNatGateway" in (typo[0].suggestion or typo[0].message)


def test_ecr_links_are_matched_across_accounts(tmp_path: Path) -> None:
    body = f"""
gov.EcrGrant("grant", ecr_id="ecr-abc", ecr_owner_uid="{ACME}", instance_id="vpc-1", instance_type="VPC",
             instance_region_id="cn-hangzhou", opts=in_partner)
gov.EcrAssociation("assoc", ecr_id="ecr-abc", instance_id="vpc-1", instance_type="VPC",
                   instance_region_id="cn-hangzhou", instance_owner_uid="{PARTNER}", opts=in_acme)
gov.EcrGrant("lonely", ecr_id="ecr-abc", ecr_owner_uid="{ACME}", instance_id="vpc-2", instance_type="VPC",
             instance_region_id="cn-hangzhou", opts=in_partner)
gov.EcrGrant("wrong-owner", ecr_id="ecr-abc", ecr_owner_uid="3000000000000003", instance_id="vpc-3",
             instance_type="VPC", instance_region_id="cn-hangzhou", opts=in_partner)
gov.EcrAssociation("assoc3", ecr_id="ecr-abc", instance_id="vpc-3", instance_type="VPC",
                   instance_region_id="cn-hangzhou", instance_owner_uid="{PARTNER}", opts=in_acme)
gov.EcrAssociation("ungranted", ecr_id="ecr-abc", instance_id="vpc-4", instance_type="VPC",
                   instance_region_id="cn-hangzhou", instance_owner_uid="{PARTNER}", opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    by_code = {(f.code, f.resource) for f in findings}
    assert ("STACK_ECR_GRANT_UNMATCHED", "lonely") in by_code
    assert ("STACK_ECR_OWNER_MISMATCH", "wrong-owner") in by_code
    assert ("STACK_ECR_ASSOCIATION_UNGRANTED", "ungranted") in by_code
    assert not [f for f in findings if f.resource in ("grant", "assoc")]


def test_values_known_only_after_apply_are_reported(tmp_path: Path) -> None:
    body = """
rg = gov.ResourceGroup("network", opts=in_acme)
gov.RamPolicy("rg-bound", document=rg.resource_group_id.apply(lambda rg_id: json.dumps({"Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*",
                   "Condition": {"StringEquals": {"acs:ResourceGroupId": rg_id}}}]})), opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    [unknown] = [f for f in findings if f.code == "UNKNOWN_AT_PREVIEW"]
    assert unknown.resource == "rg-bound" and unknown.severity == Severity.SUGGESTION


def test_program_errors_and_other_runtimes_are_findings(tmp_path: Path) -> None:
    [raised] = check_project(project(tmp_path, "raise RuntimeError('no config')"))
    assert raised.code == "PROGRAM_ERROR" and "no config" in raised.message
    other = tmp_path / "other"
    other.mkdir()
    (other / "Pulumi.yaml").write_text("name: y\nruntime: nodejs\n")
    [unsupported] = check_project(other)
    assert unsupported.code == "PROGRAM_ERROR" and "nodejs" in unsupported.message


def test_stack_config_and_check_config_ignores_apply(tmp_path: Path) -> None:
    body = """
config = pulumi.Config()
gov.RamRole(config.require("roleName"), trusted_accounts=["3000000000000003"], opts=in_acme)
"""
    folder = project(tmp_path, body)
    (folder / "Pulumi.dev.yaml").write_text("config:\n  proj:roleName: outsider\n")
    findings = check_project(folder)
    assert "TRUST_EXTERNAL_ACCOUNT" in codes(findings)
    assert check_project(folder, CheckConfig(trusted_accounts=frozenset({"3000000000000003"}))) == []
    assert check_project(folder, CheckConfig(ignore=("TRUST_EXTERNAL_ACCOUNT",))) == []


def test_missing_required_config_runs_with_a_placeholder(tmp_path: Path) -> None:
    body = f"""
config = pulumi.Config()
ecr_id = config.require("ecrId")
gov.EcrGrant("grant", ecr_id=ecr_id, ecr_owner_uid="{ACME}", instance_id="vpc-1", instance_type="VPC",
             instance_region_id="cn-hangzhou", opts=in_partner)
gov.EcrAssociation("assoc", ecr_id=ecr_id, instance_id="vpc-1", instance_type="VPC",
                   instance_region_id="cn-hangzhou", instance_owner_uid="{PARTNER}", opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    [placeholder] = findings
    assert placeholder.code == "UNKNOWN_AT_PREVIEW" and "proj:ecrId" in placeholder.message
    assert placeholder.severity == Severity.SUGGESTION  # the two sides share the unknown id, so they still meet


YAML_PROGRAM = f"""
name: yamlproj
runtime: yaml
config:
  partnerAccount:
    type: string
    default: "{PARTNER}"
variables:
  roleName: partner-ops
resources:
  acme:
    type: pulumi:providers:alicloud-gov
    properties:
      accountId: "{ACME}"
  partner:
    type: pulumi:providers:alicloud-gov
    properties:
      accountId: "{PARTNER}"
  role:
    type: alicloud-gov:index:RamRole
    properties:
      name: ${{roleName}}
      trustedAccounts: ["${{partnerAccount}}"]
      description: trusted by ${{partnerAccount}} for ${{pulumi.stack}}
    options:
      provider: ${{acme}}
  operator:
    type: alicloud-gov:index:RamUser
    properties:
      name: operator
    options:
      provider: ${{partner}}
"""


def test_yaml_programs_are_declared_through_the_python_classes(tmp_path: Path) -> None:
    folder = tmp_path / "yamlproj"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text(YAML_PROGRAM)
    findings = check_project(folder)
    [missing] = findings
    assert missing.code == "STACK_PARTNER_MISSING_ASSUME_ROLE" and missing.resource == "role"
    assert f"acs:ram::{ACME}:role/partner-ops" in missing.message
    assert missing.file is not None and missing.file.endswith("Pulumi.yaml")


def test_yaml_functions_are_reported_as_unsupported(tmp_path: Path) -> None:
    folder = tmp_path / "fn"
    folder.mkdir()
    program = YAML_PROGRAM.replace("name: operator", "name:\n        fn::readFile: ./name.txt")
    (folder / "Pulumi.yaml").write_text(program)
    [error] = check_project(folder)  # fn::invoke is supported (tests/unit/test_lookups_offline.py)
    assert error.code == "PROGRAM_ERROR" and "fn::readFile is not supported" in error.message


def test_name_only_system_policy_at_resource_group_scope_says_its_access_is_unknown(tmp_path: Path) -> None:
    # Its document is not in the catalogue, so the resource-group scope check has nothing to judge: the stack check
    # must say so (fail closed) rather than the attachment passing without a word.
    name_only = next(entry.name for entry in all_system_policies() if entry.name_only)
    body = f"""
rg = gov.ResourceGroup("network", opts=in_acme)
user = gov.RamUser("alice", opts=in_acme)
gov.PolicyAttachment("alice-name-only", principal_type="user", principal_name=user.name,
                     policy_name="{name_only}", policy_type="System", resource_group_id=rg.resource_group_id,
                     opts=in_acme)
"""
    findings = check_project(project(tmp_path, body))
    [unknown] = [f for f in findings if f.code == "SYSTEM_POLICY_ACCESS_UNKNOWN"]
    assert unknown.resource == "alice-name-only" and name_only in unknown.message
    assert "cannot be judged offline" in unknown.message
