"""Code generation through the project's Python language host, with the real Pulumi CLI against the emulator.

``pulumi import`` (printed code and ``--out``), ``pulumi convert --from yaml``, ``pulumi package gen-sdk`` and
``pulumi package add`` all ask the language host to generate Python (GenerateProgram, GenerateProject,
GeneratePackage, Link); before the host implemented them each one failed with ``method ... not implemented``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.spec.schema import package_schema
from alicloud_gov.toolchain import PulumiProject, run_pulumi, select_stack, venv_bin, write_python_project
from tests.e2e.emulator_helpers import ACME_UID, configure_provider, root_cloud

EMPTY_PROGRAM = """
import pulumi
"""


def test_import_prints_generated_code_that_previews_clean(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    root_cloud(cloud_emulator).ram.call("CreateUser", {"UserName": "netops-dave", "DisplayName": "Dave"})
    project = pulumi_project("gov-import-code", EMPTY_PROGRAM)
    configure_provider(project, cloud_emulator)

    imported = project.run(
        "import", "alicloud-gov:index:RamUser", "netops-dave", "netops-dave", "--yes", "--non-interactive", check=False
    )
    assert imported.returncode == 0, imported.stderr + imported.stdout
    code = imported.stdout[imported.stdout.index("import pulumi") :]
    assert "RamUser(" in code
    assert 'name="netops-dave"' in code
    assert "protect=True" in code  # pulumi import protects what it adopts

    (project.directory / "__main__.py").write_text(code)
    project.run("preview", "--expect-no-changes", "--non-interactive")


TRUST = {
    "Version": "1",
    "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]}}],
}
READ_VPCS = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]}


def test_import_file_writes_code_for_several_types_that_previews_clean(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    cloud = root_cloud(cloud_emulator)
    cloud.ram.call("CreateUser", {"UserName": "erin", "DisplayName": "Erin", "Email": "erin@example.com"})
    cloud.ram.call("CreateGroup", {"GroupName": "auditors", "Comments": "Read-only auditors"})
    cloud.ram.call("CreateRole", {"RoleName": "auditor", "AssumeRolePolicyDocument": json.dumps(TRUST)})
    cloud.ram.call("CreatePolicy", {"PolicyName": "ReadVpcs", "PolicyDocument": json.dumps(READ_VPCS)})
    project = pulumi_project("gov-import-out", EMPTY_PROGRAM)
    configure_provider(project, cloud_emulator)
    imports = {
        "resources": [
            {"type": "alicloud-gov:index:RamUser", "name": "erin", "id": "erin"},
            {"type": "alicloud-gov:index:RamGroup", "name": "auditors", "id": "auditors"},
            {"type": "alicloud-gov:index:RamRole", "name": "auditor", "id": "auditor"},
            {"type": "alicloud-gov:index:RamPolicy", "name": "read-vpcs", "id": "ReadVpcs"},
        ]
    }
    (project.directory / "import.json").write_text(json.dumps(imports))

    project.run("import", "--file", "import.json", "--out", "out.py", "--yes", "--non-interactive")
    code = (project.directory / "out.py").read_text()
    for constructor in ("RamUser(", "RamGroup(", "RamRole(", "RamPolicy("):
        assert f"alicloud_gov.{constructor}" in code
    assert "import alicloud_gov" in code  # the schema's language.python.packageName

    (project.directory / "__main__.py").write_text(code)
    project.run("preview", "--expect-no-changes", "--non-interactive")


YAML_PROGRAM = {
    "name": "gov-yaml",
    "runtime": "yaml",
    "resources": {
        "operator": {
            "type": "alicloud-gov:index:RamUser",
            "properties": {"name": "netops-alice", "displayName": "Network operator"},
        },
        "expressconnect-prod": {
            "type": "alicloud-gov:index:ResourceGroup",
            "properties": {"name": "expressconnect-prod", "displayName": "Express Connect (production)"},
        },
    },
    "outputs": {"operator": "${operator.name}"},
}


def test_convert_from_yaml_writes_a_python_project_that_deploys(
    tmp_path: Path, pulumi_environment: dict[str, str], cloud_emulator: RunningEmulator
) -> None:
    source = tmp_path / "yaml"
    source.mkdir()
    (source / "Pulumi.yaml").write_text(yaml.safe_dump(YAML_PROGRAM, sort_keys=False))
    target = tmp_path / "converted"

    run_pulumi(
        ["convert", "--from", "yaml", "--language", "python", "--out", str(target), "--generate-only"],
        cwd=source,
        env=pulumi_environment,
    )
    code = (target / "__main__.py").read_text()
    assert "import alicloud_gov" in code
    assert 'alicloud_gov.RamUser("operator"' in code
    assert "display_name=" in code  # snake_case keyword arguments, as the hand-written classes take
    assert "alicloud_gov==0.1.0" in (target / "requirements.txt").read_text().split()  # the schema's packageName
    assert yaml.safe_load((target / "Pulumi.yaml").read_text())["runtime"] == "python"

    # The generated program runs against this project's own SDK.
    project_dir = write_python_project(tmp_path / "deploy", "gov-yaml", code)
    select_stack("test", cwd=project_dir, env=pulumi_environment)
    project = PulumiProject(project_dir, pulumi_environment, "test")
    configure_provider(project, cloud_emulator)
    project.up()
    assert project.outputs() == {"operator": "netops-alice"}
    assert root_cloud(cloud_emulator).ram.call("GetUser", {"UserName": "netops-alice"})["User"]["DisplayName"] == (
        "Network operator"
    )
    project.destroy()


def test_gen_sdk_writes_a_python_sdk_from_the_schema(tmp_path: Path, pulumi_environment: dict[str, str]) -> None:
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(package_schema("0.1.0"))
    out = tmp_path / "sdk"

    run_pulumi(
        ["package", "gen-sdk", str(schema_file), "--language", "python", "--out", str(out)],
        cwd=tmp_path,
        env=pulumi_environment,
    )
    package = out / "python" / "alicloud_gov"
    assert (out / "python" / "setup.py").is_file()
    assert (package / "__init__.py").is_file()
    assert (package / "ram_user.py").is_file()
    assert "class RamUser(pulumi.CustomResource)" in (package / "ram_user.py").read_text()


def test_package_add_links_a_generated_sdk_into_a_python_project(
    tmp_path: Path, pulumi_environment: dict[str, str]
) -> None:
    # A throwaway virtualenv of its own: `package add` always pip-installs the linked SDK, and that must never
    # replace this checkout's alicloud_gov in the test environment. Only the SDK itself is installed (no
    # dependencies); pip's build isolation fetches the build tools (setuptools, wheel) from its configured index.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    project_dir = write_python_project(tmp_path / "app", "gov-add", EMPTY_PROGRAM, virtualenv=venv)
    (project_dir / "requirements.txt").write_text("")
    env = {**pulumi_environment, "PIP_NO_DEPS": "1"}
    plugin = venv_bin() / "pulumi-resource-alicloud-gov"

    added = run_pulumi(["package", "add", str(plugin)], cwd=project_dir, env=env)
    assert "import alicloud_gov" in added.stdout + added.stderr
    requirements = (project_dir / "requirements.txt").read_text().split()
    assert requirements == ["sdks/alicloud-gov"]
    assert (project_dir / "sdks" / "alicloud-gov" / "alicloud_gov" / "ram_user.py").is_file()
    located = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import importlib.util as u; print(u.find_spec('alicloud_gov').origin)"],
        cwd=tmp_path,  # not this checkout, whose own alicloud_gov would be found first
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.startswith(str(venv))
