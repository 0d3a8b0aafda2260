"""Lookups and ``get()`` in programs run offline (``alicloud-gov check`` and ``plan``): nothing is read, nothing
crashes, a result is unknown except what follows from the arguments, and a lookup that feeds access is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from alicloud_gov.plan import UNKNOWN
from alicloud_gov.plan.state import records_from_export
from alicloud_gov.program import ProgramError, run_program
from alicloud_gov.program.project_check import check_project

ACME = "1000000000000001"

PYTHON_PROGRAM = """
import pulumi
import alicloud_gov as gov

account = gov.get_account()
dave = gov.get_user(name="netops-dave")
ops = gov.get_role_output(name="ops")
vpc_read = gov.get_policy(name="AliyunVPCReadOnlyAccess", policy_type="System")
existing = gov.RamUser.get("dave", id="netops-dave")

gov.PolicyAttachment("dave-vpc", principal_type="user", principal_name=dave.name,
                     policy_name=vpc_read.name, policy_type="System")
gov.PolicyAttachment("existing-vpc", principal_type="user", principal_name=existing.name,
                     policy_name="AliyunVPCReadOnlyAccess", policy_type="System")
gov.RamPolicy("copy", document=vpc_read.document)
pulumi.export("account", account.account_id)
pulumi.export("role_arn", ops.arn)
"""

YAML_PROGRAM = """
name: lookups-yaml
runtime: yaml
variables:
  dave:
    fn::invoke:
      function: alicloud-gov:index:getUser
      arguments:
        name: netops-dave
  daveId:
    fn::invoke:
      function: alicloud-gov:index:getUser
      arguments:
        name: netops-dave
      return: userId
resources:
  existing:
    type: alicloud-gov:index:RamGroup
    get:
      id: netops
  dave-vpc:
    type: alicloud-gov:index:PolicyAttachment
    properties:
      principalType: user
      principalName: ${dave.name}
      policyName: AliyunVPCReadOnlyAccess
      policyType: System
  group-vpc:
    type: alicloud-gov:index:PolicyAttachment
    properties:
      principalType: group
      principalName: ${existing.name}
      policyName: AliyunVPCReadOnlyAccess
      policyType: System
  tagged:
    type: alicloud-gov:index:RamUser
    properties:
      comments: ${daveId}
"""


def project(tmp_path: Path, source: str, runtime: str = "python") -> Path:
    if runtime == "python":
        (tmp_path / "Pulumi.yaml").write_text("name: lookups\nruntime: python\n")
        (tmp_path / "__main__.py").write_text(source)
    else:
        (tmp_path / "Pulumi.yaml").write_text(source)
    (tmp_path / "Pulumi.dev.yaml").write_text(f"config:\n  alicloud-gov:accountId: '{ACME}'\n")
    return tmp_path


def test_a_python_program_with_lookups_and_get_runs_offline(tmp_path: Path) -> None:
    declared = run_program(project(tmp_path, PYTHON_PROGRAM), stack="dev")
    attachments = {record.name: record for record in declared.of_type("PolicyAttachment")}
    assert attachments["dave-vpc"].inputs["principalName"] == "netops-dave"  # the argument, echoed
    assert attachments["dave-vpc"].inputs["policyName"] == "AliyunVPCReadOnlyAccess"
    assert attachments["existing-vpc"].inputs["principalName"] is UNKNOWN  # read at apply time
    assert declared.of_type("RamPolicy")[0].inputs["document"] is UNKNOWN
    assert declared.of_type("RamUser") == []  # a get() reads: the program does not manage the user


def test_check_reports_a_lookup_that_feeds_a_policy_document(tmp_path: Path) -> None:
    findings = check_project(project(tmp_path, PYTHON_PROGRAM), stack="dev")
    codes = [finding.code for finding in findings]
    assert "PROGRAM_ERROR" not in codes, findings
    assert any(f.code == "UNKNOWN_AT_PREVIEW" and "RamPolicy 'copy'" in f.message for f in findings), findings


def test_a_lookup_with_a_bad_argument_fails_offline_naming_it(tmp_path: Path) -> None:
    source = "import alicloud_gov as gov\ngov.get_user(name='has space')\n"
    with pytest.raises(ProgramError, match=r"getUser: argument 'name'"):
        run_program(project(tmp_path, source), stack="dev")


def test_a_yaml_program_with_fn_invoke_and_get_runs_offline(tmp_path: Path) -> None:
    declared = run_program(project(tmp_path, YAML_PROGRAM, "yaml"), stack="dev")
    attachments = {record.name: record for record in declared.of_type("PolicyAttachment")}
    assert attachments["dave-vpc"].inputs["principalName"] == "netops-dave"
    assert attachments["group-vpc"].inputs["principalName"] is UNKNOWN
    assert declared.of_type("RamGroup") == []
    assert declared.of_type("RamUser")[0].inputs["comments"] is UNKNOWN


def test_plan_leaves_out_entities_a_program_only_reads() -> None:
    """A get() is kept in the stack's state as an ``external`` resource (Pulumi's state format, apitype
    ResourceV3.External): the stack does not manage it, so plan must not count it as deployed (it would show as a
    delete, since the program run offline declares no such resource)."""
    export = {
        "deployment": {
            "resources": [
                {
                    "urn": "urn:pulumi:dev::p::alicloud-gov:index:RamUser::dave",
                    "type": "alicloud-gov:index:RamUser",
                    "custom": True,
                    "external": True,
                    "id": "netops-dave",
                    "outputs": {"name": "netops-dave", "userId": "u-1"},
                },
                {
                    "urn": "urn:pulumi:dev::p::alicloud-gov:index:RamGroup::ops",
                    "type": "alicloud-gov:index:RamGroup",
                    "custom": True,
                    "id": "ops",
                    "inputs": {"name": "ops"},
                    "outputs": {"name": "ops"},
                },
            ]
        }
    }
    assert [record.name for record in records_from_export(export)] == ["ops"]
