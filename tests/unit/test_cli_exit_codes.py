"""Exit codes that cannot collide, ``--stack`` for check and plan, and the command line's error handling (issue 11).

The numbers are the public contract of README.md's exit-code table, written out here on purpose: a pipeline
reads the number, so a test that derived it from the implementation could not catch a change of contract.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alicloud_gov.cli.main import SUBCOMMANDS, cli
from alicloud_gov.toolchain import venv_bin

USAGE = 64
CHECK_FINDINGS, CHECK_ERROR = 1, 2
PLAN_ERROR, PLAN_CHANGES, PLAN_NEW_ACCESS = 1, 2, 3

PROGRAMS = Path(__file__).parents[1] / "data" / "programs"
STACKS = PROGRAMS / "stacks"
ACCESS = PROGRAMS / "access"
ADMIN = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


@pytest.fixture(autouse=True)
def own_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Pulumi call these commands make goes to an empty file backend of the test's own."""
    monkeypatch.setenv("ALICLOUD_GOV_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def test_plan_bad_path_is_a_usage_error_not_changes() -> None:
    result = invoke("plan", "/nonexistent/dir")
    assert result.exit_code == USAGE, result.output
    assert "does not exist" in result.output


def test_plan_unknown_option_is_a_usage_error_not_changes() -> None:
    result = invoke("plan", ACCESS, "--bogus-option")
    assert result.exit_code == USAGE, result.output
    assert "--bogus-option" in result.output


def test_check_bad_path_is_a_usage_error() -> None:
    result = invoke("check", "/nonexistent")
    assert result.exit_code == USAGE, result.output


@pytest.mark.parametrize("command", sorted(SUBCOMMANDS))
def test_every_command_gives_usage_errors_the_usage_code(command: str) -> None:
    result = invoke(command, "--bogus-option")
    assert result.exit_code == USAGE, result.output


def test_unknown_subcommand_is_a_usage_error() -> None:
    assert invoke("nope").exit_code == USAGE


def findings(result: Result) -> list[tuple[str, str | None]]:
    return sorted((f["code"], f["resource"]) for f in json.loads(result.stdout)["findings"])


def test_check_reads_the_stack_given() -> None:
    prod = invoke("check", STACKS, "--stack", "prod", "--format", "json")
    assert prod.exit_code == CHECK_FINDINGS, prod.output
    assert ("FULL_ADMIN", "operators") in findings(prod)
    dev = invoke("check", STACKS, "--stack", "dev", "--format", "json")
    assert dev.exit_code == 0, dev.output
    assert findings(dev) == []


def test_check_without_stack_reads_the_only_stack_file_and_says_so(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(STACKS, project)
    (project / "Pulumi.dev.yaml").unlink()
    result = invoke("check", project, "--format", "json")
    assert result.exit_code == CHECK_FINDINGS, result.output
    assert ("FULL_ADMIN", "operators") in findings(result)
    assert "stack prod" in result.stderr and "Pulumi.prod.yaml" in result.stderr


def test_check_without_stack_and_several_stack_files_names_them() -> None:
    result = invoke("check", STACKS, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "no stack" in result.stderr and "dev, prod" in result.stderr and "--stack" in result.stderr


def test_check_of_a_stack_that_does_not_exist_is_an_error_naming_those_that_do() -> None:
    result = invoke("check", STACKS, "--stack", "nope")
    assert result.exit_code == CHECK_ERROR, result.output
    assert "nope" in result.stderr and "dev, prod" in result.stderr


def test_plan_of_a_stack_that_does_not_exist_is_an_error_naming_those_that_do() -> None:
    offline = invoke("plan", ACCESS, "--stack", "nope", "--state", ACCESS / "deployed-state.json")
    assert offline.exit_code == PLAN_ERROR, offline.output
    assert "nope" in offline.stderr and "widen" in offline.stderr
    backend = invoke("plan", ACCESS, "--stack", "nope")
    assert backend.exit_code == PLAN_ERROR, backend.output
    assert "nope" in backend.stderr and "widen" in backend.stderr
    assert "to create" not in backend.stdout


def test_unknown_ignore_code_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "admin.json").write_text(ADMIN)
    for entry in ("FULL_ADMN", "admin.FULL_ADMN"):
        result = invoke("check", tmp_path / "admin.json", "--ignore", entry)
        assert result.exit_code == USAGE, result.output
        assert "FULL_ADMN" in result.output and "did you mean FULL_ADMIN" in result.output
    assert invoke("check", tmp_path / "admin.json", "--ignore", "FULL_ADMIN").exit_code == 0
    (tmp_path / ".alicloud-gov.toml").write_text('ignore = ["admin.FULL_ADMN"]\n')
    configured = invoke("check", tmp_path / "admin.json")
    assert configured.exit_code == USAGE, configured.output
    assert "config file" in configured.output and "did you mean FULL_ADMIN" in configured.output


def test_a_program_that_raises_exits_with_the_error_code_in_one_line() -> None:
    result = invoke("check", PROGRAMS / "broken")
    assert result.exit_code == CHECK_ERROR, result.output
    assert "boom in the program" in result.output
    assert "Traceback" not in result.output


def test_an_unexpected_exception_is_one_line_and_the_error_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import alicloud_gov.cli.check as check_module

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(check_module, "check_policy", explode)
    args = ("check", PROGRAMS.parent / "policies" / "seed001_partner_trust.json")
    result = invoke(*args)
    assert result.exit_code == CHECK_ERROR, result.output
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "KeyError" in line and "surprise" in line and "--debug" in line
    debug = invoke(*args, "--debug")
    assert debug.exit_code == CHECK_ERROR
    assert "Traceback" in debug.stderr and "explode" in debug.stderr


def test_plan_error_code_for_an_unexpected_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    import alicloud_gov.cli.plan as plan_module

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(plan_module, "resource_changes", explode)
    result = invoke("plan", ACCESS, "--state", ACCESS / "deployed-state.json")
    assert result.exit_code == PLAN_ERROR, result.output
    assert "Traceback" not in result.stderr and "surprise" in result.stderr


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """The output of the console script run on a pseudo-terminal (where colour is on by default)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(venv_bin() / "alicloud-gov"), *args], stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the process has exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_no_color_and_the_no_color_flag(tmp_path: Path) -> None:
    (tmp_path / "admin.json").write_text(ADMIN)
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    args = ["check", str(tmp_path / "admin.json")]
    assert "\x1b[" in run_on_a_terminal(args, env)  # the control: a terminal gets colour
    assert "\x1b[" not in run_on_a_terminal(args, {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in run_on_a_terminal([*args, "--no-color"], env)
    assert "\x1b[" not in run_on_a_terminal(["--no-color", *args], env)


def test_the_readme_table_is_the_exit_code_table() -> None:
    from alicloud_gov.cli.exit_codes import EXIT_CODES

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip(" `") for cell in rows[0].strip("|").split("|")]
    assert header[0] == "code" and sorted(header[1:]) == sorted(EXIT_CODES)
    documented: dict[str, set[int]] = {command: set() for command in header[1:]}
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for command, cell in zip(header[1:], cells[1:], strict=True):
            if cell:
                documented[command].add(int(cells[0]))
    for command, outcomes in EXIT_CODES.items():
        codes = [int(outcome) for outcome in outcomes]
        assert len(codes) == len(set(codes)), command  # no two outcomes of a command share a code
        assert documented[command] == set(codes), command
        assert outcomes["USAGE"] == USAGE
