"""The package schema served by GetSchema, and the shared resource specs behind it."""

from __future__ import annotations

import json

from alicloud_gov.provider.handlers import HANDLERS
from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.spec.schema import RESOURCES
from tests.unit.provider_helpers import run

EXPECTED_TYPES = {
    "ResourceGroup",
    "RamUser",
    "RamAccessKey",
    "RamGroup",
    "RamGroupMembership",
    "RamRole",
    "RamPolicy",
    "PolicyAttachment",
    "ResourceGroupMove",
    "EcrGrant",
    "EcrAssociation",
}


def schema() -> dict:  # type: ignore[type-arg]
    from pulumi.provider.experimental.provider import GetSchemaRequest

    response = run(AlicloudGovProvider().get_schema(GetSchemaRequest(0)))
    return json.loads(response.schema or "{}")


def test_every_resource_type_has_a_schema_and_a_handler() -> None:
    resources = schema()["resources"]
    assert {token.split(":")[-1] for token in resources} == EXPECTED_TYPES
    assert set(HANDLERS) == set(RESOURCES) == set(resources)


def test_schema_marks_replacing_and_required_inputs_and_import_ids() -> None:
    role = schema()["resources"]["alicloud-gov:index:RamRole"]
    assert role["inputProperties"]["name"]["willReplaceOnChanges"] is True
    assert "willReplaceOnChanges" not in role["inputProperties"]["assumeRolePolicyDocument"]
    assert role["requiredInputs"] == ["name"]
    assert "Import id: `<role name>`" in role["description"]
    assert "arn" in role["properties"]


def test_provider_config_secrets() -> None:
    config = schema()["config"]["variables"]
    assert config["accessKeySecret"]["secret"] is True
    assert config["securityToken"]["secret"] is True
    assert "secret" not in config["accessKeyId"]
    assert set(config) >= {"region", "profile", "assumeRole", "endpoint", "maxRetries"}


def test_docs_describe_every_resource() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "provider.md").read_text()
    for spec in RESOURCES.values():
        assert f"| `{spec.type_name}` |" in text, spec.type_name
