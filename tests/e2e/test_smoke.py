"""Smoke test of the Pulumi toolchain: the real CLI and Python language host run a tiny program offline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from alicloud_gov.toolchain import PulumiCommandError, PulumiProject, write_python_policy_pack

PROGRAM = """
import pulumi


class Box(pulumi.ComponentResource):
    def __init__(self, name: str, size: int, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("smoke:index:Box", name, None, opts)
        self.label = pulumi.Output.from_input(f"box-{name}-{size}")
        self.register_outputs({"label": self.label})


config = pulumi.Config()
box = Box("one", size=config.get_int("size") or 1)
pulumi.export("label", box.label)
pulumi.export("stack", pulumi.get_stack())
pulumi.export("token", config.get_secret("token"))
"""

FAILING_PROGRAM = """
import pulumi

pulumi.export("before", "ok")
raise ValueError("smoke program refuses: size must be positive")
"""

POLICY_PACK = """
from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy


def no_boxes(args, report_violation):
    if args.resource_type == "smoke:index:Box":
        report_violation(f"box {args.name} is not allowed in stack " + args.props.get("stack", "this stack"))


PolicyPack(
    name="smoke-pack",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[ResourceValidationPolicy(name="no-boxes", description="Boxes are forbidden.", validate=no_boxes)],
)
"""

BOX_TYPE = "smoke:index:Box"
STACK_TYPE = "pulumi:pulumi:Stack"


def ops_by_type(preview: dict[str, object]) -> dict[str, str]:
    """Map resource type -> planned operation from ``pulumi preview --json`` steps."""
    steps = preview["steps"]
    assert isinstance(steps, list)
    return {step["urn"].split("::")[2]: step["op"] for step in steps}


def test_preview_then_up_then_no_changes(pulumi_project: Callable[..., PulumiProject]) -> None:
    project = pulumi_project("smoke", PROGRAM)
    project.set_config("size", "3")
    project.set_config("token", "s3cr3t-value", secret=True)

    preview = project.preview()
    assert ops_by_type(preview) == {STACK_TYPE: "create", BOX_TYPE: "create"}
    assert preview["changeSummary"] == {"create": 2}
    box_step = next(step for step in preview["steps"] if step["urn"].endswith(f"{BOX_TYPE}::one"))
    assert box_step["newState"]["custom"] is False
    assert box_step["newState"]["parent"].endswith(f"{STACK_TYPE}::smoke-{project.stack}")
    # A preview writes no resources.
    assert project.outputs() == {}

    project.up()
    assert project.outputs() == {"label": "box-one-3", "stack": "test", "token": "[secret]"}
    assert project.outputs(show_secrets=True)["token"] == "s3cr3t-value"
    checkpoint = project.export_state()
    types = [resource["type"] for resource in checkpoint["deployment"]["resources"]]
    assert types.count(BOX_TYPE) == 1
    assert "s3cr3t-value" not in json.dumps(checkpoint)

    again = project.preview()
    assert again["changeSummary"] == {"same": 2}
    # The provider plugin is a project plugin (Pulumi.yaml), so the engine has nothing to warn about.
    assert again.get("diagnostics", []) == []


def test_config_change_reaches_the_program(pulumi_project: Callable[..., PulumiProject]) -> None:
    project = pulumi_project("resize", PROGRAM)
    project.up()
    assert project.outputs()["label"] == "box-one-1"

    project.set_config("size", "7")
    project.up()
    assert project.outputs()["label"] == "box-one-7"

    project.destroy()
    assert project.outputs() == {}
    assert not [r for r in project.export_state()["deployment"].get("resources") or [] if r["type"] == BOX_TYPE]


def test_program_error_is_reported_with_its_message(pulumi_project: Callable[..., PulumiProject]) -> None:
    project = pulumi_project("broken", FAILING_PROGRAM)
    with pytest.raises(PulumiCommandError) as failure:
        project.up()
    assert failure.value.returncode != 0
    assert "size must be positive" in str(failure.value)
    assert "pulumi up --yes" in str(failure.value)


def test_mandatory_policy_pack_blocks_the_preview(pulumi_project: Callable[..., PulumiProject], tmp_path: Path) -> None:
    project = pulumi_project("guarded", PROGRAM)
    pack = write_python_policy_pack(tmp_path / "pack", POLICY_PACK)
    with pytest.raises(PulumiCommandError) as failure:
        project.run("preview", "--non-interactive", "--policy-pack", str(pack))
    report = failure.value.stdout
    assert "smoke-pack@v0.0.1" in report
    assert "[mandatory]  no-boxes  (smoke:index:Box: one)" in report
    assert "box one is not allowed in stack this stack" in report
    # The engine stopped the program; it reports the violation, not a Python traceback.
    assert "Traceback" not in report + failure.value.stderr
    assert project.outputs() == {}


def test_missing_virtualenv_is_named_in_the_error(pulumi_project: Callable[..., PulumiProject], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-venv"
    project = pulumi_project("novenv", PROGRAM, virtualenv=missing)
    with pytest.raises(PulumiCommandError) as failure:
        project.preview()
    message = str(failure.value)
    assert "virtualenv" in message
    assert str(missing) in message
