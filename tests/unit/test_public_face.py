"""The typed public face: every resource and component takes explicit, typed, documented keyword arguments.

The resources are held to the spec schema (alicloud_gov/spec/schema.py: names, required-ness, kinds and each
field's description); the components to their Args dataclasses. mypy sees the real classes through
``import alicloud_gov``, so a misspelt keyword is a type error, not a run-time surprise.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from mypy import api as mypy_api
from typing_extensions import get_overloads

import alicloud_gov.components as components
import alicloud_gov.resources as resources
from alicloud_gov.spec.schema import CONFIG_FIELDS, RESOURCES, Field

ROOT = Path(__file__).parents[2]
KIND_TYPES = {
    "string": "pulumi.Input[str]",
    "name_ci": "pulumi.Input[str]",
    "int": "pulumi.Input[int]",
    "bool": "pulumi.Input[bool]",
    "policy": "pulumi.Input[JsonDocument]",
    "string_set": "pulumi.Input[Sequence[pulumi.Input[str]]]",
}
"""The Python type of each schema kind, as the resource classes spell it."""


def snake(name: str) -> str:
    """The Python name of a wire name (``displayName`` -> ``display_name``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def keyword_form(cls: type) -> dict[str, inspect.Parameter]:
    """The keyword-only parameters of the overload that takes keywords instead of an Args object."""
    overloads = get_overloads(cls.__init__)  # type: ignore[misc]
    assert len(overloads) == 2, f"{cls.__name__}: expected an Args overload and a keyword overload"
    parameters = inspect.signature(overloads[1]).parameters.values()
    return {p.name: p for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}


def flat(text: str | None) -> str:
    """Text with its white space folded (docstrings wrap long descriptions)."""
    return " ".join((text or "").split())


def required(parameter: inspect.Parameter) -> bool:
    return parameter.default is inspect.Parameter.empty


def args_fields(cls: type) -> dict[str, bool]:
    """Field name -> required, of an Args dataclass."""
    return {
        f.name: f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(cls)
    }


def python_required(field: Field) -> bool:
    """Required in Python: as in the schema, except ``name``, which defaults to the resource name."""
    return field.required and field.name != "name"


@pytest.mark.parametrize("spec", RESOURCES.values(), ids=lambda spec: spec.type_name)
def test_resource_keywords_match_the_schema(spec: Any) -> None:
    cls = getattr(resources, spec.type_name)
    keywords = keyword_form(cls)
    expected = {snake(field.name): field for field in spec.inputs}
    assert set(keywords) == set(expected)
    assert {name: required(p) for name, p in keywords.items()} == {
        name: python_required(field) for name, field in expected.items()
    }
    assert args_fields(getattr(resources, f"{spec.type_name}Args")) == {
        name: python_required(field) for name, field in expected.items()
    }
    for name, field in expected.items():
        assert KIND_TYPES[field.kind] in str(keywords[name].annotation), (name, keywords[name].annotation)
        assert flat(field.description) in flat(cls.__init__.__doc__), f"{spec.type_name}.{name}: no field doc"


def test_provider_keywords_match_the_config_schema() -> None:
    keywords = keyword_form(resources.Provider)
    assert set(keywords) == {snake(field.name) for field in CONFIG_FIELDS}
    assert not any(required(p) for p in keywords.values())
    assert set(args_fields(resources.ProviderArgs)) == set(keywords)
    for field in CONFIG_FIELDS:
        if field.name != "assumeRole":  # documented as the AssumeRoleArgs it takes
            assert flat(field.description) in flat(resources.Provider.__init__.__doc__), field.name


@pytest.mark.parametrize("name", [n for n in components.__all__ if not n.endswith("Args")])
def test_component_keywords_match_their_args(name: str) -> None:
    cls = getattr(components, name)
    keywords = keyword_form(cls)
    fields = args_fields(getattr(components, f"{name}Args"))
    assert {key: required(p) for key, p in keywords.items()} == fields
    for field_name in fields:
        assert f":param {field_name}:" in (cls.__init__.__doc__ or ""), f"{name}.{field_name}: no field doc"


def run_mypy(tmp_path: Path, sources: dict[str, str]) -> dict[str, list[str]]:
    """mypy's error lines per snippet file (the package resolved from the repository, no cache)."""
    paths = []
    for file_name, text in sources.items():
        path = tmp_path / file_name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        paths.append(str(path))
    stdout, stderr, _ = mypy_api.run(
        [
            *paths,
            "--no-error-summary",
            "--warn-unused-ignores",
            "--cache-dir",
            os.devnull,  # a fresh check: a warm cache can hide a snippet's errors
            "--python-version",
            "3.10",
        ]
    )
    assert not stderr, stderr
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    return {name: [line for line in errors if line.startswith(f"{tmp_path / name}:")] for name in sources}


def test_mypy_rejects_a_misspelt_keyword_and_accepts_a_correct_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    found = run_mypy(
        tmp_path,
        {
            "typo.py": """
                import alicloud_gov as gov

                gov.RamUser("x", display_nam="typo")
                gov.CrossAccountAccess("p", role_name="r", partner_acount_id="1000000000000001")
            """,
            "correct.py": """
                import alicloud_gov as gov

                user = gov.RamUser("x", display_name="Ops")
                role = gov.RamRole("ops", trusted_accounts=["2000000000000002"], max_session_duration=7200)
                gov.PolicyAttachment("a", principal_type="user", principal_name=user.name, policy_name="ReadOnly")
                gov.CrossAccountAccess("p", role_name="r", partner_account_id="2000000000000002")
                name: str = gov.RamUserArgs(name="x").name  # type: ignore[assignment]
            """,
        },
    )
    errors = found["typo.py"]
    assert {line.split(":")[1] for line in errors} == {"4", "5"}, found  # both misspelt calls
    assert any('"display_nam"' in line for line in errors) and any('"partner_acount_id"' in line for line in errors)
    assert found["correct.py"] == []
