"""`alicloud-gov plan --refresh` sees a change made out of band; the stack's own state stays as it was."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject, venv_bin
from tests.e2e.emulator_helpers import ACME_UID, configure_provider

PROGRAM = """
import alicloud_gov as gov

alice = gov.RamUser("alice", display_name="Alice")
ops = gov.RamGroup("ops")
gov.RamGroupMembership("alice-ops", group_name=ops.name, user_name=alice.name)
reader = gov.RamPolicy(
    "net-reader",
    name="NetReader",
    document={"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]},
)
gov.PolicyAttachment("ops-net-reader", principal_type="group", principal_name=ops.name, policy_name=reader.name)
"""


def plan(project: PulumiProject, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [str(venv_bin() / "alicloud-gov"), "plan", str(project.directory), "--stack", project.stack, *extra]
    return subprocess.run(command, env=project.env, capture_output=True, text=True, timeout=600, check=False)


def test_refresh_reads_live_state(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("plan-refresh", PROGRAM)
    configure_provider(project, cloud_emulator)
    project.up()
    state_before = project.export_state()
    stack_config = (project.directory / f"Pulumi.{project.stack}.yaml").read_text()

    ram = RamClient(cloud_emulator.root_config(ACME_UID))
    ram.detach_policy_from_group(
        ram_models.DetachPolicyFromGroupRequest(policy_type="Custom", policy_name="NetReader", group_name="ops")
    )

    offline = plan(project, "--format", "json")
    assert offline.returncode == 0, offline.stdout + offline.stderr  # the recorded state still has the grant

    live = plan(project, "--refresh", "--format", "json")
    assert live.returncode == 2, live.stdout + live.stderr
    report = json.loads(live.stdout)
    assert [(c["action"], c["name"]) for c in report["changes"]] == [("create", "ops-net-reader")]
    (delta,) = report["permission_delta"]
    assert delta["principal"] == f"user:alice@{ACME_UID}"
    assert [g["action"] for g in delta["gained"]] == ["vpc:DescribeVpcs"]

    assert project.export_state()["deployment"]["resources"] == state_before["deployment"]["resources"]
    assert (project.directory / f"Pulumi.{project.stack}.yaml").read_text() == stack_config


def test_a_stack_never_deployed_plans_every_create(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("plan-fresh", PROGRAM)
    configure_provider(project, cloud_emulator)
    # A stack a pull request adds: its stack file exists, the backend has no such stack yet.
    stack_file = project.directory / f"Pulumi.{project.stack}.yaml"
    (project.directory / "Pulumi.never-deployed.yaml").write_text(stack_file.read_text())
    result = plan(project, "--stack", "never-deployed", "--format", "json")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not in the backend yet" in result.stderr
    report = json.loads(result.stdout)
    assert {c["action"] for c in report["changes"]} == {"create"}
    assert len(report["changes"]) == 5
