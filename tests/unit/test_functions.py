"""The lookup functions: in the package schema with their documentation, and as typed Python functions.

The schema's shape is Pulumi's package schema (docs "Pulumi Package Schema": ``functions`` maps a token to
``inputs`` and ``outputs`` object types, each with ``properties`` and ``required``).
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

import alicloud_gov
import alicloud_gov.functions as functions
from alicloud_gov.spec import names
from alicloud_gov.spec.functions import FUNCTIONS, GET_POLICY, GET_USER, FunctionSpec
from alicloud_gov.spec.schema import package_schema
from tests.unit.test_public_face import ROOT, run_mypy

EXPECTED = {"getUser", "getGroup", "getRole", "getPolicy", "getResourceGroup", "getAccount"}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_schema_has_every_lookup_with_documented_inputs_and_outputs() -> None:
    schema = json.loads(package_schema("0.0.1"))
    assert set(schema["functions"]) == {f"alicloud-gov:index:{name}" for name in EXPECTED}
    for token, entry in schema["functions"].items():
        assert entry["description"], token
        outputs = entry["outputs"]
        assert set(outputs["required"]) <= set(outputs["properties"]), token
        for part in ("inputs", "outputs"):
            for name, prop in entry.get(part, {}).get("properties", {}).items():
                assert prop["description"] and ("type" in prop or "$ref" in prop), (token, part, name)
    get_user = schema["functions"]["alicloud-gov:index:getUser"]
    assert get_user["inputs"]["required"] == ["name"]
    assert names.USER_NAME.describe() in get_user["inputs"]["properties"]["name"]["description"]
    assert "inputs" not in schema["functions"]["alicloud-gov:index:getAccount"]


def test_arguments_are_checked_by_their_name_rules() -> None:
    assert GET_USER.problems({"name": "netops-dave"}) == []
    [(argument, reason)] = GET_USER.problems({"name": "a" * 65})
    assert argument == "name" and "1-64" in reason
    [(argument, reason)] = GET_POLICY.problems({"name": "ReadOnly", "policyType": "Managed"})
    assert argument == "policyType" and "System, Custom" in reason
    assert GET_POLICY.problems({"name": "ReadOnly", "policyType": "system"}) == []


def result_type(spec: FunctionSpec) -> Any:
    """The class the plain function's return annotation names (annotations are text in the module)."""
    function = getattr(functions, snake(spec.function_name))
    return getattr(functions, inspect.signature(function).return_annotation)


@pytest.mark.parametrize("spec", FUNCTIONS.values(), ids=lambda spec: spec.function_name)
def test_python_functions_match_the_spec(spec: FunctionSpec) -> None:
    plain = getattr(functions, snake(spec.function_name))
    output = getattr(functions, f"{snake(spec.function_name)}_output")
    result = result_type(spec)
    assert dataclasses.is_dataclass(result) and result.__doc__
    assert {field.name for field in dataclasses.fields(result)} == {snake(item.name) for item in spec.outputs}
    for function, typed in ((plain, "str"), (output, "pulumi.Input[str]")):
        parameters = inspect.signature(function).parameters
        assert {name for name in parameters if name != "opts"} == {snake(item.name) for item in spec.inputs}
        assert "InvokeOpt" in str(parameters["opts"].annotation)
        for item in spec.inputs:
            parameter = parameters[snake(item.name)]
            assert (parameter.default is inspect.Parameter.empty) == item.required, item.name
            assert str(parameter.annotation).startswith(typed), (function.__name__, parameter.annotation)
    assert inspect.signature(output).return_annotation == f"pulumi.Output[{result.__name__}]"
    for item in spec.inputs:
        assert " ".join(item.description.split()) in " ".join((plain.__doc__ or "").split()), item.name


def test_the_functions_are_exported_from_the_package() -> None:
    for spec in FUNCTIONS.values():
        name = snake(spec.function_name)
        assert getattr(alicloud_gov, name) is getattr(functions, name)
        assert getattr(alicloud_gov, f"{name}_output") is getattr(functions, f"{name}_output")


def test_a_result_is_built_from_the_wire_and_can_be_awaited() -> None:
    result = functions.GetUserResult.from_wire({"name": "dave", "userId": "u-1", "principalName": "p"})
    assert result.name == "dave" and result.user_id == "u-1" and result.email is None

    async def wait() -> Any:
        return await result

    import asyncio

    assert asyncio.run(wait()) is result


def test_mypy_sees_typed_lookups_and_get(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    found = run_mypy(
        tmp_path,
        {
            "typo.py": """
                import alicloud_gov as gov

                gov.get_user(nam="x")
                gov.RamUser.get("d", idd="x")
            """,
            "correct.py": """
                import pulumi
                import alicloud_gov as gov

                user: gov.GetUserResult = gov.get_user(name="netops-dave")
                uid: str = user.user_id
                policy: pulumi.Output[gov.GetPolicyResult] = gov.get_policy_output(name="x", policy_type="System")
                existing: gov.RamUser = gov.RamUser.get("dave", id="netops-dave")
                role: gov.RamRole = gov.RamRole.get("ops", id="ops", opts=pulumi.ResourceOptions())
                arn: pulumi.Output[str] = role.arn
            """,
        },
    )
    assert {line.split(":")[1] for line in found["typo.py"]} == {"4", "5"}, found
    assert found["correct.py"] == []
