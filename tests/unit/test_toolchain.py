"""Unit tests of alicloud_gov.toolchain: CLI discovery, the offline environment, command errors, project files."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from alicloud_gov import toolchain
from alicloud_gov.toolchain import (
    PulumiCommandError,
    PulumiNotFoundError,
    find_pulumi,
    pulumi_env,
    run_pulumi,
    venv_bin,
    write_python_policy_pack,
    write_python_project,
)


def fake_cli(folder: Path, script: str = 'echo "v3.999.0"') -> Path:
    """An executable named ``pulumi`` that runs ``script`` (a stand-in CLI for discovery and error tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pulumi"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def no_built_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend ``make toolchain`` built nothing into .tools/bin, so only PATH counts."""
    monkeypatch.setattr(toolchain, "tools_bin", lambda: None)


@pytest.mark.usefixtures("no_built_cli")
def test_find_pulumi_uses_the_search_path(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "bin")
    assert find_pulumi(str(tmp_path / "empty") + os.pathsep + str(cli.parent)) == cli.resolve()


@pytest.mark.usefixtures("no_built_cli")
def test_find_pulumi_without_any_cli_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(PulumiNotFoundError, match="make toolchain"):
        find_pulumi(str(tmp_path))


def test_find_pulumi_prefers_the_toolchain_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = fake_cli(tmp_path / "tools")
    monkeypatch.setattr(toolchain, "tools_bin", lambda: built.parent)
    assert find_pulumi(str(fake_cli(tmp_path / "elsewhere").parent)) == built


@pytest.mark.usefixtures("no_built_cli")
def test_pulumi_env_is_offline_and_local(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli")
    base = {"PATH": f"/usr/bin{os.pathsep}{cli.parent}", "PULUMI_ACCESS_TOKEN": "pul-token", "HOME": "/home/x"}
    env = pulumi_env(tmp_path / "state", base=base)

    state = (tmp_path / "state").resolve()
    assert env["PULUMI_BACKEND_URL"] == f"file://{state}"
    assert env["PULUMI_HOME"] == str(state / "pulumi-home")
    assert (state / "pulumi-home").is_dir()
    assert "PULUMI_CONFIG_PASSPHRASE" not in env  # never empty by default: a passphrase file instead
    assert env["PULUMI_SKIP_UPDATE_CHECK"] == "true"
    assert env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] == "true"
    assert "PULUMI_ACCESS_TOKEN" not in env
    assert env["HOME"] == "/home/x"
    path = env["PATH"].split(os.pathsep)
    assert path[:2] == [str(venv_bin()), str(cli.parent.resolve())]
    assert path.count("/usr/bin") == 1
    # The caller's environment is not modified.
    assert base["PULUMI_ACCESS_TOKEN"] == "pul-token"


@pytest.mark.usefixtures("no_built_cli")
def test_pulumi_env_keeps_a_passphrase_and_applies_extra_last(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli")
    base = {"PATH": str(cli.parent), "PULUMI_CONFIG_PASSPHRASE": "correct horse"}
    env = pulumi_env(tmp_path / "state", {"PULUMI_SKIP_UPDATE_CHECK": "false", "EXTRA": "1"}, base=base)
    assert env["PULUMI_CONFIG_PASSPHRASE"] == "correct horse"
    assert env["PULUMI_SKIP_UPDATE_CHECK"] == "false"
    assert env["EXTRA"] == "1"


@pytest.mark.usefixtures("no_built_cli")
def test_pulumi_env_fails_early_without_a_cli(tmp_path: Path) -> None:
    with pytest.raises(PulumiNotFoundError):
        pulumi_env(tmp_path / "state", base={"PATH": str(tmp_path)})


def test_venv_bin_holds_the_running_python() -> None:
    assert (venv_bin() / Path(sys.executable).name).exists()


@pytest.mark.usefixtures("no_built_cli")
def test_run_pulumi_returns_output_and_passes_env(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli", 'echo "args=$* backend=$PULUMI_BACKEND_URL"; pwd')
    env = pulumi_env(tmp_path / "state", base={"PATH": str(cli.parent)})
    workdir = tmp_path / "project"
    workdir.mkdir()
    result = run_pulumi(["stack", "ls"], cwd=workdir, env=env)
    first, second = result.stdout.splitlines()
    assert first == f"args=stack ls backend=file://{(tmp_path / 'state').resolve()}"
    assert Path(second).resolve() == workdir.resolve()


@pytest.mark.usefixtures("no_built_cli")
def test_run_pulumi_failure_names_command_and_shows_output_tail(tmp_path: Path) -> None:
    script = 'i=0; while [ $i -lt 100 ]; do echo "line $i" >&2; i=$((i+1)); done; echo "partial"; exit 3'
    cli = fake_cli(tmp_path / "cli", script)
    env = pulumi_env(tmp_path / "state", base={"PATH": str(cli.parent)})
    with pytest.raises(PulumiCommandError) as failure:
        run_pulumi(["up", "--yes"], cwd=tmp_path, env=env)
    message = str(failure.value)
    assert message.startswith("`pulumi up --yes` failed with exit code 3")
    assert "line 99" in message and "line 59" not in message
    assert "partial" in message
    assert failure.value.returncode == 3


@pytest.mark.usefixtures("no_built_cli")
def test_run_pulumi_without_check_returns_the_failure(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli", "exit 4")
    env = pulumi_env(tmp_path / "state", base={"PATH": str(cli.parent)})
    assert run_pulumi(["preview"], cwd=tmp_path, env=env, check=False).returncode == 4


@pytest.mark.usefixtures("no_built_cli")
def test_run_pulumi_gives_an_empty_stdin(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli", 'read answer || echo "no input"')
    env = pulumi_env(tmp_path / "state", base={"PATH": str(cli.parent)})
    assert run_pulumi(["new"], cwd=tmp_path, env=env).stdout.strip() == "no input"
    assert run_pulumi(["new"], cwd=tmp_path, env=env, input_text="yes\n").stdout.strip() == ""


@pytest.mark.usefixtures("no_built_cli")
def test_secret_config_value_never_appears_in_the_error(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli", "exit 1")
    env = pulumi_env(tmp_path / "state", base={"PATH": str(cli.parent)})
    with pytest.raises(PulumiCommandError) as failure:
        run_pulumi(["config", "set", "--stack", "dev", "--secret", "token", "hunter2"], cwd=tmp_path, env=env)
    assert "hunter2" not in str(failure.value)
    assert "config set --stack dev --secret token [hidden]" in str(failure.value)


def test_plain_config_value_is_shown() -> None:
    error = PulumiCommandError(["config", "set", "region", "cn-hangzhou"], Path("."), 1, "", "boom")
    assert "config set region cn-hangzhou" in str(error)


def test_timeout_is_enforced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli = fake_cli(tmp_path / "cli", "exec sleep 5")
    monkeypatch.setattr(toolchain, "tools_bin", lambda: None)
    env = pulumi_env(tmp_path / "state", base={"PATH": f"{cli.parent}{os.pathsep}/usr/bin{os.pathsep}/bin"})
    with pytest.raises(subprocess.TimeoutExpired):
        run_pulumi(["up"], cwd=tmp_path, env=env, timeout=0.2)


def test_write_python_project_points_the_runtime_at_a_virtualenv(tmp_path: Path) -> None:
    folder = write_python_project(
        tmp_path / "app",
        "app",
        """
            import pulumi
            pulumi.export("x", 1)
        """,
        virtualenv=tmp_path / "venv",
        extra_settings={"config": {"app:size": {"default": 2}}},
    )
    settings = yaml.safe_load((folder / "Pulumi.yaml").read_text())
    assert settings["name"] == "app"
    assert settings["runtime"] == {"name": "python", "options": {"virtualenv": str(tmp_path / "venv")}}
    assert settings["config"] == {"app:size": {"default": 2}}
    assert settings["plugins"] == {"providers": [{"name": "alicloud-gov", "path": str(venv_bin())}]}
    assert (venv_bin() / "pulumi-resource-alicloud-gov").exists()
    assert (folder / "__main__.py").read_text() == 'import pulumi\npulumi.export("x", 1)\n'


def test_write_python_project_can_leave_plugins_to_path(tmp_path: Path) -> None:
    folder = write_python_project(tmp_path / "app", "app", "", local_plugins=False)
    assert "plugins" not in yaml.safe_load((folder / "Pulumi.yaml").read_text())


def test_write_python_policy_pack(tmp_path: Path) -> None:
    folder = write_python_policy_pack(tmp_path / "pack", "\n    print('pack')\n", version="1.2.3")
    settings = yaml.safe_load((folder / "PulumiPolicy.yaml").read_text())
    assert settings == {"runtime": {"name": "python", "options": {"virtualenv": sys.prefix}}, "version": "1.2.3"}
    assert (folder / "__main__.py").read_text() == "print('pack')\n"


@pytest.mark.usefixtures("no_built_cli")
def test_pulumi_env_never_defaults_to_an_empty_passphrase(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli")
    for base in ({"PATH": str(cli.parent)}, {"PATH": str(cli.parent), "PULUMI_CONFIG_PASSPHRASE": ""}):
        env = pulumi_env(tmp_path / "state", base=base)
        assert "PULUMI_CONFIG_PASSPHRASE" not in env  # Pulumi prefers the variable, even empty, over the file
        passphrase_file = Path(env["PULUMI_CONFIG_PASSPHRASE_FILE"])
        assert passphrase_file.parent == (tmp_path / "state").resolve()
        assert stat.S_IMODE(passphrase_file.stat().st_mode) == 0o600
        assert len(passphrase_file.read_text().strip()) >= 32
    # The same folder keeps its passphrase (its stacks stay readable); another folder gets its own.
    again = pulumi_env(tmp_path / "state", base={"PATH": str(cli.parent)})
    other = pulumi_env(tmp_path / "other", base={"PATH": str(cli.parent)})
    assert again["PULUMI_CONFIG_PASSPHRASE_FILE"] == env["PULUMI_CONFIG_PASSPHRASE_FILE"]
    assert Path(other["PULUMI_CONFIG_PASSPHRASE_FILE"]).read_text() != passphrase_file.read_text()


@pytest.mark.usefixtures("no_built_cli")
def test_pulumi_env_keeps_the_callers_passphrase_file(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli")
    mine = tmp_path / "mine.txt"
    mine.write_text("my own passphrase\n")
    base = {"PATH": str(cli.parent), "PULUMI_CONFIG_PASSPHRASE_FILE": str(mine)}
    env = pulumi_env(tmp_path / "state", base=base)
    assert env["PULUMI_CONFIG_PASSPHRASE_FILE"] == str(mine)
    assert "PULUMI_CONFIG_PASSPHRASE" not in env
    assert not (tmp_path / "state" / toolchain.PASSPHRASE_FILE_NAME).exists()


def test_pulumi_env_sh_uses_the_same_passphrase_file(tmp_path: Path) -> None:
    cli = fake_cli(tmp_path / "cli")
    root = Path(__file__).resolve().parents[2]
    script = (
        f'export PATH="{cli.parent}:$PATH"; export PULUMI_CONFIG_PASSPHRASE=; source "{root}/scripts/pulumi-env.sh"; '
        'echo "set=${PULUMI_CONFIG_PASSPHRASE+yes}"; echo "file=$PULUMI_CONFIG_PASSPHRASE_FILE"'
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", toolchain.STATE_DIR_VARIABLE: str(tmp_path / "state")}
    out = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    assert "set=\n" in out  # an empty PULUMI_CONFIG_PASSPHRASE is dropped, not used
    shown = Path(out.split("file=", 1)[1].strip())
    assert shown == (tmp_path / "state").resolve() / toolchain.PASSPHRASE_FILE_NAME
    assert stat.S_IMODE(shown.stat().st_mode) == 0o600


# -- the version pin: one place (toolchain.py), read by the build script ---------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_the_build_script_reads_its_pulumi_pins_from_toolchain_py() -> None:
    """scripts/pulumi-toolchain.sh builds the version toolchain.py names and accepts the same minimum on PATH."""
    printed = subprocess.run(
        ["bash", str(ROOT / "scripts/pulumi-toolchain.sh"), "--print-pins"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert printed == [f"PULUMI_VERSION={toolchain.PULUMI_VERSION}", f"MIN_PULUMI_MINOR={toolchain.MIN_PULUMI_MINOR}"]
    script = (ROOT / "scripts/pulumi-toolchain.sh").read_text()
    assert toolchain.PULUMI_VERSION not in script  # no second copy that could drift


def test_an_override_of_the_pin_still_wins_in_the_build_script() -> None:
    printed = subprocess.run(
        ["bash", str(ROOT / "scripts/pulumi-toolchain.sh"), "--print-pins"],
        env={"PATH": "/usr/bin:/bin", "PULUMI_VERSION": "3.999.0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert printed[0] == "PULUMI_VERSION=3.999.0"


def test_the_docs_name_the_pinned_version() -> None:
    """Where README and docs/toolchain.md say which version gets built, it is the pinned one."""
    for doc in ("README.md", "docs/toolchain.md"):
        named = re.findall(r"builds\*{0,2} Pulumi v(\d+\.\d+\.\d+)", (ROOT / doc).read_text())
        assert named and set(named) == {toolchain.PULUMI_VERSION}, (doc, named)
