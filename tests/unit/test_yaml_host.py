"""The component provider for YAML programs: its inferred schema, and the wrappers under Pulumi's mocks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from pulumi.provider.experimental.component import ComponentProvider

from alicloud_gov import __version__
from alicloud_gov.components import yaml_host
from tests.unit.pulumi_mocks import RecordingMocks

ACCESS = "alicloud-gov-components:index:ResourceGroupAccess"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    provider = ComponentProvider(yaml_host.COMPONENTS, yaml_host.PLUGIN_NAME, None, __version__)
    assert provider.schema is not None
    parsed: dict[str, Any] = json.loads(provider.schema)
    return parsed


def test_schema_names_the_package_and_its_components(schema: dict[str, Any]) -> None:
    assert schema["name"] == "alicloud-gov-components"
    assert schema["version"] == __version__
    assert set(schema["resources"]) == {
        ACCESS,
        "alicloud-gov-components:index:EnvironmentBaseline",
        "alicloud-gov-components:index:CrossAccountAccess",
    }
    assert all(resource["isComponent"] for resource in schema["resources"].values())


def test_resource_group_access_schema_inputs_outputs_and_descriptions(schema: dict[str, Any]) -> None:
    access = schema["resources"][ACCESS]
    assert sorted(access["requiredInputs"]) == ["principalName", "principalType", "resourceGroupId"]
    inputs = access["inputProperties"]
    assert set(inputs) == {
        "resourceGroupId",
        "principalType",
        "principalName",
        "systemPolicies",
        "customPolicies",
        "complement",
        "complementPolicyName",
    }
    # Outputs of other resources may feed the group and the principal; the rest decides what gets declared.
    assert "plain" not in inputs["resourceGroupId"] and "plain" not in inputs["principalName"]
    assert inputs["principalType"]["plain"] and inputs["systemPolicies"]["plain"]
    assert inputs["customPolicies"]["additionalProperties"]["$ref"] == "pulumi.json#/Any"
    assert set(access["properties"]) == {
        "resourceGroupPolicies",
        "accountPolicies",
        "accountLevelActions",
        "ineffectiveActions",
    }
    assert access["description"].startswith("Grants a user, group or role policies")
    assert "\n    " not in access["description"]  # source indentation dropped
    assert all(spec.get("description") for spec in inputs.values())


def test_plugin_folder_runs_python_in_the_repository_virtualenv() -> None:
    folder = Path(yaml_host.__file__).parent
    plugin = yaml.safe_load((folder / "PulumiPlugin.yaml").read_text())
    assert plugin["runtime"]["name"] == "python"
    assert (folder / "__main__.py").is_file()
    assert (folder / plugin["runtime"]["options"]["virtualenv"]).resolve() == (folder / "../../../.venv").resolve()


@pulumi.runtime.test
def test_wrapper_delegates_to_the_python_component(mocks: RecordingMocks) -> Any:
    args: yaml_host.ResourceGroupAccessArgs = {
        "resource_group_id": "rg-net",
        "principal_type": "user",
        "principal_name": "alice",
        "system_policies": ["AliyunVPCFullAccess"],  # published v12: some vpc actions lack RG support
        "complement_policy_name": "NetAccountReadOnly",
    }
    access = yaml_host.ResourceGroupAccess("net-ops", args)

    def verify(values: list[Any]) -> None:
        rg_policies, account_policies = values
        types = {(r.typ, r.name) for r in mocks.resources}
        assert (ACCESS, "net-ops") in types
        assert ("alicloud-gov:index:ResourceGroupAccess", "net-ops") in types
        attachments = [r for r in mocks.resources if r.typ == "alicloud-gov:index:PolicyAttachment"]
        scopes = sorted((a.inputs["policyName"], a.inputs.get("resourceGroupId", "")) for a in attachments)
        assert scopes == [("AliyunVPCFullAccess", "rg-net"), ("NetAccountReadOnly", "")]
        assert rg_policies == ["AliyunVPCFullAccess"]
        assert account_policies == ["NetAccountReadOnly"]

    return pulumi.Output.all(access.resource_group_policies, access.account_policies).apply(verify)


def test_an_output_where_a_literal_is_needed_is_named() -> None:
    asyncio.set_event_loop(asyncio.new_event_loop())
    pulumi.runtime.set_mocks(RecordingMocks(), project="proj", stack="dev", preview=False)
    args: yaml_host.ResourceGroupAccessArgs = {
        "resource_group_id": "rg-net",
        "principal_type": pulumi.Output.from_input("user"),  # type: ignore[typeddict-item]
        "principal_name": "alice",
        "system_policies": ["AliyunExpressConnectFullAccess"],
    }
    with pytest.raises(ValueError, match=r"ResourceGroupAccess 'net-ops' field 'principal_type': must be a literal"):
        yaml_host.ResourceGroupAccess("net-ops", args)


@pulumi.runtime.test
def test_environment_baseline_wrapper_passes_tiers_and_returns_group_ids(mocks: RecordingMocks) -> Any:
    args: yaml_host.EnvironmentBaselineArgs = {
        "environments": ["dev"],
        "prefix": "net",
        "tiers": {"readers": ["AliyunVPCReadOnlyAccess"]},
    }
    baseline = yaml_host.EnvironmentBaseline("base", args)

    def verify(values: list[Any]) -> None:
        rg_ids, group_names = values
        groups = [r.inputs["name"] for r in mocks.resources if r.typ == "alicloud-gov:index:ResourceGroup"]
        assert groups == ["net-dev"]
        assert set(rg_ids) == {"dev"}
        assert set(group_names["dev"]) == {"readers"}

    return pulumi.Output.all(baseline.resource_group_ids, baseline.group_names).apply(verify)


@pulumi.runtime.test
def test_cross_account_access_wrapper_declares_the_trusted_role(mocks: RecordingMocks) -> Any:
    args: yaml_host.CrossAccountAccessArgs = {
        "role_name": "partner-ops",
        "partner_account_id": "2000000000000002",
        "system_policies": ["AliyunVPCReadOnlyAccess"],
        "external_id": "shared-secret-id",
    }
    access = yaml_host.CrossAccountAccess("partner", args)

    def verify(role_name: str) -> None:
        roles = [r for r in mocks.resources if r.typ == "alicloud-gov:index:RamRole"]
        assert [r.inputs["name"] for r in roles] == ["partner-ops"]
        assert role_name == "partner-ops"
        assert "2000000000000002" in json.dumps(roles[0].inputs)
        attached = [r.inputs["policyName"] for r in mocks.resources if r.typ == "alicloud-gov:index:PolicyAttachment"]
        assert attached == ["AliyunVPCReadOnlyAccess"]

    return access.role_name.apply(verify)
