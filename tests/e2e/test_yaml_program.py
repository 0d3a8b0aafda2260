"""A Pulumi YAML program declares seed 000 with the components served as a component provider.

The real CLI runs `pulumi package add` on alicloud_gov/components/yaml_host (a Python component provider),
then deploys examples/yaml-seed000 to the emulator: a resource group, a RAM user, and ResourceGroupAccess
granting AliyunExpressConnectFullAccess at the group's scope plus the account-level read-only complement.
The test checks both attachments in the emulator, that a second preview plans nothing, and that destroy
leaves nothing behind. Without pulumi-language-yaml (``make toolchain``) it fails, naming the missing tool.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import alicloud_gov.components.yaml_host as yaml_host
from alicloud_gov import __version__
from alicloud_gov.cloud import Cloud
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject, run_pulumi, select_stack, venv_bin
from tests.e2e.emulator_helpers import ACME_UID, root_cloud

PLUGIN_DIR = Path(yaml_host.__file__).resolve().parent
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yaml-seed000" / "Pulumi.yaml"
USER = "netops-alice"
COMPLEMENT = "ExpressConnectAccountReadOnly"


def require_yaml_language_host(env: dict[str, str]) -> None:
    """Fail (never skip) when the engine would not find a YAML language host."""
    if shutil.which("pulumi-language-yaml", path=env["PATH"]) is None:
        pytest.fail(
            "pulumi-language-yaml not found next to the Pulumi CLI or on PATH: run `make toolchain` "
            "(scripts/pulumi-language-yaml.sh builds it into .tools/bin)"
        )


def write_yaml_project(directory: Path) -> Path:
    """The example program without its `packages:` entry, so that the test adds the package itself."""
    program = yaml.safe_load(EXAMPLE.read_text())
    program.pop("packages", None)
    directory.mkdir(parents=True)
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))
    return directory


def attachments(cloud: Cloud, scope: str) -> list[tuple[str, str, str, str]]:
    """(principal type, principal's own name, policy type, policy name) of every attachment at ``scope``.

    ResourceManager names a RAM user ``name@<account alias or uid>.onaliyun.com``; the part before ``@`` is compared.
    """
    found = cloud.resourcemanager.list_all(
        "ListPolicyAttachments", {"ResourceGroupId": scope}, items="PolicyAttachments.PolicyAttachment"
    )
    return sorted(
        (a["PrincipalType"], a["PrincipalName"].split("@")[0], a["PolicyType"], a["PolicyName"]) for a in found
    )


def leftovers(cloud: Cloud) -> dict[str, list[Any]]:
    """What the stack could have left in the acme account."""
    groups = cloud.resourcemanager.list_all("ListResourceGroups", {}, items="ResourceGroups.ResourceGroup")
    return {
        "users": [u["UserName"] for u in cloud.ram.list_all("ListUsers", {}, items="Users.User")],
        "custom policies": [
            p["PolicyName"]
            for p in cloud.ram.list_all("ListPolicies", {"PolicyType": "Custom"}, items="Policies.Policy")
        ],
        "resource groups": [g["Name"] for g in groups if g.get("Status") != "PendingDelete" and g["Name"] != "default"],
        "attachments": attachments(cloud, ""),
    }


def test_yaml_program_deploys_seed_000_through_the_component_provider(
    tmp_path: Path, pulumi_environment: dict[str, str], cloud_emulator: RunningEmulator
) -> None:
    env = pulumi_environment
    require_yaml_language_host(env)
    directory = write_yaml_project(tmp_path / "yaml-seed000")
    cloud = root_cloud(cloud_emulator)

    # The component provider's Python package requires the alicloud-gov resource plugin; package installation
    # looks for it in the plugin cache (it never downloads it: there is nothing to download).
    provider_binary = venv_bin() / "pulumi-resource-alicloud-gov"
    run_pulumi(
        ["plugin", "install", "resource", "alicloud-gov", __version__, "--file", str(provider_binary)],
        cwd=directory,
        env=env,
    )
    added = run_pulumi(["package", "add", str(PLUGIN_DIR)], cwd=directory, env=env)
    assert "Added package alicloud-gov-components" in added.stderr
    packages = yaml.safe_load((directory / "Pulumi.yaml").read_text())["packages"]
    assert Path(packages["alicloud-gov-components"]).resolve() == PLUGIN_DIR

    select_stack("test", cwd=directory, env=env)
    project = PulumiProject(directory=directory, env=env, stack="test")
    account = cloud_emulator.account(ACME_UID)
    project.set_config("alicloud-gov:endpoint", cloud_emulator.endpoint)
    project.set_config("alicloud-gov:accessKeyId", account.access_key_id)
    project.set_config("alicloud-gov:accessKeySecret", account.access_key_secret, secret=True)

    project.up()
    outputs = project.outputs()
    rg_id = outputs["resourceGroupId"]
    assert rg_id.startswith("rg-")
    assert outputs["resourceGroupPolicies"] == ["AliyunExpressConnectFullAccess"]
    assert outputs["accountPolicies"] == [COMPLEMENT]
    assert "expressconnectrouter:DescribeCarrierCloudLinks" in outputs["accountLevelActions"]
    assert "expressconnectrouter:CreateCarrierCloudLink" in outputs["ineffectiveActions"]

    # The grant at the resource group's scope, and the complement at account scope, as the emulator sees them.
    assert outputs["operator"].startswith(f"{USER}@")
    assert attachments(cloud, rg_id) == [("IMSUser", USER, "System", "AliyunExpressConnectFullAccess")]
    assert attachments(cloud, ACME_UID) == [("IMSUser", USER, "Custom", COMPLEMENT)]
    policy = cloud.ram.call("GetPolicy", {"PolicyName": COMPLEMENT, "PolicyType": "Custom"})
    document = json.loads(policy["DefaultPolicyVersion"]["PolicyDocument"])
    granted = {action for statement in document["Statement"] for action in statement["Action"]}
    assert set(outputs["accountLevelActions"]) == granted
    assert "expressconnectrouter:DescribeCarrierCloudLinks" in granted
    assert not any(action.split(":")[1].startswith(("Create", "Delete", "Modify")) for action in granted)

    # The components are the provider's: the YAML-facing one wraps the Python one.
    types = {r["type"] for r in project.export_state()["deployment"]["resources"]}
    assert {"alicloud-gov-components:index:ResourceGroupAccess", "alicloud-gov:index:ResourceGroupAccess"} <= types

    clean = project.preview()
    assert set(clean["changeSummary"]) == {"same"}, clean["changeSummary"]

    project.destroy()
    assert leftovers(cloud) == {"users": [], "custom policies": [], "resource groups": [], "attachments": []}
