"""`check` and `plan` run a program through one runner: the same program shows them the same values.

A role's ARN used in another resource's policy document and a resource group's id used in an attachment are
outputs of the program's own resources. Both commands must see the same value for each: the ARN follows from
the provider's account and the role's name (``acs:ram::<account-id>:role/<role-name>``, the RAM role ARN format
Alibaba Cloud documents for PrincipalArn), so both see it; a resource group id is assigned by the cloud at
create, so both see it unknown until apply.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from alicloud_gov.plan import UNKNOWN

ACME = "1000000000000001"
PARTNER = "2000000000000002"

PROGRAM = f"""
import json
import pulumi
import alicloud_gov.resources as gov

acme = gov.Provider("acme", account_id="{ACME}")
in_acme = pulumi.ResourceOptions(provider=acme)
role = gov.RamRole("ops", trusted_accounts=["{PARTNER}"], opts=in_acme)
gov.RamPolicy("assume-ops", opts=in_acme, document=role.arn.apply(lambda arn: json.dumps(
    {{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}}]}})))
rg = gov.ResourceGroup("network", opts=in_acme)
gov.PolicyAttachment("ops-vpc", principal_type="role", principal_name=role.name, policy_type="System",
                     policy_name="AliyunVPCReadOnlyAccess", resource_group_id=rg.resource_group_id, opts=in_acme)
"""


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "agree"
    folder.mkdir()
    (folder / "Pulumi.yaml").write_text("name: agree\nruntime: python\n")
    (folder / "__main__.py").write_text(textwrap.dedent(PROGRAM))
    return folder


def seen_by_check(folder: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The inputs of each declared resource as `alicloud-gov check` runs the program."""
    from alicloud_gov.program import load_project
    from alicloud_gov.program.project_check import declare

    declared = declare(load_project(folder))
    return {(record.type_name, record.name): dict(record.inputs) for record in declared.ours()}


def seen_by_plan(folder: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The inputs of each declared resource as `alicloud-gov plan` runs the program (nothing deployed yet)."""
    from alicloud_gov.cli.plan import _declared

    records, _ = _declared(folder, "dev", [])
    return {(record.type_name, record.name): dict(record.inputs) for record in records}


def test_check_and_plan_see_the_same_values_for_the_same_program(tmp_path: Path) -> None:
    folder = project(tmp_path)
    check, plan = seen_by_check(folder), seen_by_plan(folder)
    assert check == plan
    document = json.loads(plan[("RamPolicy", "assume-ops")]["document"])
    assert document["Statement"][0]["Resource"] == f"acs:ram::{ACME}:role/ops"
    assert plan[("PolicyAttachment", "ops-vpc")]["resourceGroupId"] is UNKNOWN
