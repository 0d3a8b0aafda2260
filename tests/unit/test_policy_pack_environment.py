"""``alicloud-gov policy-pack DIR --virtualenv ENV`` refuses an environment the pack cannot run in.

The engine runs the pack with ENV's Python (PulumiPolicy.yaml's ``runtime.options.virtualenv``); an ENV without
alicloud-gov and pulumi-policy used to be written out silently, and the failure came later, inside
``pulumi preview``, as a stack trace of the policy analyzer.
"""

from __future__ import annotations

import sys
import venv
from pathlib import Path

from click.testing import CliRunner

from alicloud_gov.cli.exit_codes import PolicyPackExit
from alicloud_gov.cli.main import cli


def test_an_environment_without_the_pack_is_refused(tmp_path: Path) -> None:
    bare = tmp_path / "bare-env"
    venv.EnvBuilder(with_pip=False).create(bare)
    result = CliRunner().invoke(cli, ["policy-pack", str(tmp_path / "pack"), "--virtualenv", str(bare)])
    assert result.exit_code == PolicyPackExit.ERROR, result.output
    assert str(bare) in result.output and "alicloud_gov" in result.output
    assert not (tmp_path / "pack" / "PulumiPolicy.yaml").exists()


def test_a_folder_that_is_no_environment_is_refused(tmp_path: Path) -> None:
    (tmp_path / "not-an-env").mkdir()
    result = CliRunner().invoke(
        cli, ["policy-pack", str(tmp_path / "pack"), "--virtualenv", str(tmp_path / "not-an-env")]
    )
    assert result.exit_code == PolicyPackExit.ERROR, result.output
    assert "no Python" in result.output


def test_the_running_environment_runs_the_pack(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["policy-pack", str(tmp_path / "pack"), "--virtualenv", sys.prefix])
    assert result.exit_code == PolicyPackExit.OK, result.output
    assert (tmp_path / "pack" / "PulumiPolicy.yaml").is_file()
