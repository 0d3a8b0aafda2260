"""The provider plugin as a user installs it: `pulumi plugin install --file` of the archive `make dist` builds.

The stack runs with a fresh PULUMI_HOME, no alicloud-gov executable on PATH (PATH holds only the Pulumi CLI, its
Python language host and a plain interpreter), no ``plugins:`` entry in Pulumi.yaml and ambient plugins ignored,
so the engine can only run the plugin from the archive. The plugin's first start builds its own virtualenv inside
its plugin folder from the wheels the archive bundles (offline); the program's virtualenv is made from the same
wheelhouse, as a user's would be.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

from alicloud_gov import __version__
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PROVIDER_PACKAGE, PulumiProject, find_pulumi, pulumi_env, run_pulumi, select_stack
from alicloud_gov.toolchain import write_python_project as write_project
from tests.e2e.emulator_helpers import EMPTY, configure_provider, leftovers, root_cloud

REPO = Path(__file__).resolve().parents[2]
PLUGIN_EXECUTABLE = f"pulumi-resource-{PROVIDER_PACKAGE}"

PROGRAM = """
import pulumi
import alicloud_gov.resources as gov

user = gov.RamUser("installed", name="installed-plugin-user", display_name="From the archive")
pulumi.export("principal", user.principal_name)
"""


def _clean_path(folder: Path) -> str:
    """A PATH with only the Pulumi CLI, its Python language host and a plain interpreter (no alicloud-gov)."""
    folder.mkdir()
    cli_folder = find_pulumi().parent
    for name in ("pulumi", "pulumi-language-python", "pulumi-language-python-exec"):
        (folder / name).symlink_to(cli_folder / name)
    interpreter = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    for name in ("python3", "python"):
        (folder / name).symlink_to(interpreter)
    return os.pathsep.join([str(folder), "/usr/bin", "/bin"])


def _build_archive(out: Path) -> Path:
    """Run the `make dist` script into ``out``; the one plugin archive it reports."""
    subprocess.run([sys.executable, str(REPO / "scripts" / "dist.py"), "--dist-dir", str(out)], check=True)
    archives = sorted(out.glob(f"pulumi-resource-{PROVIDER_PACKAGE}-v{__version__}-*-*.tar.gz"))
    assert len(archives) == 1, f"expected one plugin archive in {out}, found {archives}"
    return archives[0]


def _program_virtualenv(folder: Path, wheelhouse: Path, path: str) -> Path:
    """A virtualenv for the program with alicloud-gov installed offline from the dist wheelhouse."""
    venv.EnvBuilder(with_pip=True).create(folder)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index"]
    subprocess.run(
        [*pip, "--find-links", str(wheelhouse), f"alicloud-gov=={__version__}"],
        check=True,
        env={**os.environ, "PATH": path},
    )
    return folder


def test_the_archive_installs_into_a_clean_pulumi_home_and_runs_a_stack(
    tmp_path: Path, cloud_emulator: RunningEmulator
) -> None:
    archive = _build_archive(tmp_path / "dist")
    assert archive.name.startswith(f"pulumi-resource-{PROVIDER_PACKAGE}-v{__version__}-")

    path = _clean_path(tmp_path / "bin")
    assert shutil.which(PLUGIN_EXECUTABLE, path=path) is None
    base = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env = pulumi_env(tmp_path / "state", {"PATH": path, "PULUMI_IGNORE_AMBIENT_PLUGINS": "true"}, base=base)
    home = Path(env["PULUMI_HOME"])
    assert not (home / "plugins").exists()

    run_pulumi(["plugin", "install", "resource", PROVIDER_PACKAGE, __version__, "--file", str(archive)], tmp_path, env)
    listed = json.loads(run_pulumi(["plugin", "ls", "--json"], tmp_path, env).stdout)
    assert [(p["name"], p["kind"], p["version"]) for p in listed] == [(PROVIDER_PACKAGE, "resource", __version__)]
    plugin_dir = home / "plugins" / f"resource-{PROVIDER_PACKAGE}-v{__version__}"
    assert os.access(plugin_dir / PLUGIN_EXECUTABLE, os.X_OK)

    program_venv = _program_virtualenv(tmp_path / "program-venv", tmp_path / "dist" / "wheels", path)
    directory = write_project(
        tmp_path / "project", "installed-plugin", PROGRAM, virtualenv=program_venv, local_plugins=False
    )
    assert "plugins" not in (directory / "Pulumi.yaml").read_text()
    select_stack("test", cwd=directory, env=env)
    project = PulumiProject(directory=directory, env=env, stack="test")
    configure_provider(project, cloud_emulator)

    project.up()
    assert project.outputs()["principal"].startswith("installed-plugin-user@")
    cloud = root_cloud(cloud_emulator)
    assert leftovers(cloud)["users"] == ["installed-plugin-user"]
    # The engine ran the installed plugin: its first start built the plugin's own environment in its folder.
    located = subprocess.run(
        [str(plugin_dir / "venv" / "bin" / "python"), "-I", "-c", "import alicloud_gov; print(alicloud_gov.__file__)"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert Path(located.stdout.strip()).is_relative_to(plugin_dir / "venv")

    project.destroy()
    assert leftovers(cloud) == EMPTY
