"""Lookups and get() with the real Pulumi CLI against the emulator: a Python program reads an account made
out of band (a console's users, role and policy) and grants on top of it; a YAML program does the same with
``fn::invoke`` and ``get:``. A missing user fails the run naming the function and the name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from alicloud_gov import __version__
from alicloud_gov.cloud import Cloud
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.toolchain import PulumiCommandError, PulumiProject, run_pulumi, select_stack, venv_bin
from tests.e2e.emulator_helpers import ACME_UID, configure_provider, root_cloud
from tests.e2e.test_yaml_program import require_yaml_language_host

TRUST = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
}

PROGRAM = """
import pulumi
import alicloud_gov as gov

account = gov.get_account()
dave = gov.get_user(name="netops-dave")
vpc_read = gov.get_policy(name="AliyunVPCReadOnlyAccess", policy_type="System")
worker = gov.get_role_output(name="ecs-worker")
existing = gov.RamUser.get("dave", id="netops-dave")

gov.PolicyAttachment("dave-vpc-read", principal_type="user", principal_name=dave.name,
                     policy_name=vpc_read.name, policy_type="System")
pulumi.export("accountId", account.account_id)
pulumi.export("alias", account.account_alias)
pulumi.export("userId", dave.user_id)
pulumi.export("policyActions", vpc_read.document["Statement"][0]["Action"])
pulumi.export("workerArn", worker.arn)
pulumi.export("readUserId", existing.user_id)
pulumi.export("readDisplayName", existing.display_name)
"""

MISSING = """
import alicloud_gov as gov

gov.get_user(name="nobody-here")
"""

YAML_PROGRAM = {
    "name": "lookups-yaml",
    "runtime": "yaml",
    "variables": {
        "dave": {"fn::invoke": {"function": "alicloud-gov:index:getUser", "arguments": {"name": "netops-dave"}}},
        "account": {"fn::invoke": {"function": "alicloud-gov:index:getAccount", "arguments": {}}},
    },
    "resources": {
        "ops": {"type": "alicloud-gov:index:RamGroup", "get": {"id": "netops"}},
        "dave-vpc-read": {
            "type": "alicloud-gov:index:PolicyAttachment",
            "properties": {
                "principalType": "user",
                "principalName": "${dave.name}",
                "policyName": "AliyunVPCReadOnlyAccess",
                "policyType": "System",
            },
        },
    },
    "outputs": {"userId": "${dave.userId}", "accountId": "${account.accountId}", "groupId": "${ops.groupId}"},
}


def make_console_account(cloud: Cloud) -> None:
    """What a team made in the console before adopting alicloud-gov."""
    cloud.ram.call("CreateUser", {"UserName": "netops-dave", "DisplayName": "Dave"})
    cloud.ram.call("CreateGroup", {"GroupName": "netops"})
    cloud.ram.call("CreateRole", {"RoleName": "ecs-worker", "AssumeRolePolicyDocument": json.dumps(TRUST)})


def user_attachments(cloud: Cloud, user: str) -> list[str]:
    body = cloud.ram.call("ListPoliciesForUser", {"UserName": user})
    return sorted(p["PolicyName"] for p in (body.get("Policies") or {}).get("Policy", []))


def test_python_program_reads_existing_entities_and_grants_on_them(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    cloud = root_cloud(cloud_emulator)
    make_console_account(cloud)
    project = pulumi_project("lookups", PROGRAM)
    configure_provider(project, cloud_emulator)

    project.up()
    outputs = project.outputs()
    user_id = cloud.ram.call("GetUser", {"UserName": "netops-dave"})["User"]["UserId"]
    assert outputs["accountId"] == ACME_UID
    assert outputs["alias"] == cloud_emulator.account(ACME_UID).alias
    assert outputs["userId"] == user_id and outputs["readUserId"] == user_id
    assert outputs["readDisplayName"] == "Dave"
    assert outputs["policyActions"] == get_system_policy("AliyunVPCReadOnlyAccess")["Statement"][0]["Action"]
    assert outputs["workerArn"] == f"acs:ram::{ACME_UID}:role/ecs-worker"
    assert user_attachments(cloud, "netops-dave") == ["AliyunVPCReadOnlyAccess"]

    resources = project.export_state()["deployment"]["resources"]
    read = [r for r in resources if r["type"] == "alicloud-gov:index:RamUser"]
    assert len(read) == 1 and read[0].get("external") is True  # read, not managed
    assert set(project.preview()["changeSummary"]) == {"same"}

    project.destroy()
    assert user_attachments(cloud, "netops-dave") == []
    assert cloud.ram.call("GetUser", {"UserName": "netops-dave"})["User"]["UserId"] == user_id  # never deleted


def test_a_missing_entity_fails_naming_the_function_and_argument(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("lookup-missing", MISSING)
    configure_provider(project, cloud_emulator)
    with pytest.raises(PulumiCommandError) as failed:
        project.preview()
    text = f"{failed.value.stdout}\n{failed.value.stderr}"
    assert "getUser" in text and "'nobody-here'" in text and "(name)" in text, text


def test_yaml_program_with_fn_invoke_and_get(
    tmp_path: Path, pulumi_environment: dict[str, str], cloud_emulator: RunningEmulator
) -> None:
    env = pulumi_environment
    require_yaml_language_host(env)
    cloud = root_cloud(cloud_emulator)
    make_console_account(cloud)
    directory = tmp_path / "lookups-yaml"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(YAML_PROGRAM, sort_keys=False))
    provider_binary = venv_bin() / "pulumi-resource-alicloud-gov"
    run_pulumi(
        ["plugin", "install", "resource", "alicloud-gov", __version__, "--file", str(provider_binary)],
        cwd=directory,
        env=env,
    )
    select_stack("test", cwd=directory, env=env)
    project = PulumiProject(directory=directory, env=env, stack="test")
    configure_provider(project, cloud_emulator)

    project.up()
    outputs = project.outputs()
    assert outputs["userId"] == cloud.ram.call("GetUser", {"UserName": "netops-dave"})["User"]["UserId"]
    assert outputs["accountId"] == ACME_UID
    assert outputs["groupId"] == cloud.ram.call("GetGroup", {"GroupName": "netops"})["Group"]["GroupId"]
    assert user_attachments(cloud, "netops-dave") == ["AliyunVPCReadOnlyAccess"]
    project.destroy()
    assert user_attachments(cloud, "netops-dave") == []
