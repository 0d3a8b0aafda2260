"""``alicloud-gov check --format sarif`` passes Microsoft's SARIF validator, GitHub's rules included.

The validator is ``Sarif.Multitool validate`` from npm ``@microsoft/sarif-multitool`` (the SARIF SDK's own
tool), run with the SARIF rules and GitHub's ingestion rules by :mod:`tests.e2e.sarif_validation`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from alicloud_gov.cli.main import cli
from tests.e2e.sarif_validation import summary, validate

ROOT = Path(__file__).parents[2]
PROGRAMS = ROOT / "tests" / "data" / "programs"
BAD_POLICIES = ROOT / "examples" / "seed002-vpc-resource-permissions" / "bad-policies"
TARGETS = {
    "files": [BAD_POLICIES],
    "seed000": [ROOT / "examples" / "seed000-resource-group-access"],
    "python-program": [PROGRAMS / "located"],
    "yaml-program": [PROGRAMS / "located-yaml"],
    "files-and-projects": [BAD_POLICIES, PROGRAMS / "located"],
}


@pytest.fixture(autouse=True)
def _from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run ``check`` as a CI job does: from the checkout's root (the SARIF's %SRCROOT%)."""
    monkeypatch.chdir(ROOT)
    yield


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_check_sarif_has_no_validator_errors(target: str, tmp_path: Path) -> None:
    out = tmp_path / f"{target}.sarif"
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "-o", str(out), *map(str, TARGETS[target])])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(out.read_text())["runs"][0]["results"], "the target should have findings to place"
    problems = validate(out, tmp_path)
    errors = sorted({summary(p) for p in problems if p.get("level") == "error"})
    assert errors == []


def test_the_validator_finds_what_github_refuses(tmp_path: Path) -> None:
    """The validator runs and reports errors: a relative helpUri, a rooted relative path, no help (GH2012)."""
    broken = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x", "rules": [{"id": "R1", "helpUri": "docs/checks.md#r1"}]}},
                "results": [
                    {
                        "ruleId": "R1",
                        "message": {"text": "m"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "/abs/main.py"}}}],
                    }
                ],
            }
        ],
    }
    sarif = tmp_path / "broken.sarif"
    sarif.write_text(json.dumps(broken))
    errors = {str(p["ruleId"]) for p in validate(sarif, tmp_path) if p.get("level") == "error"}
    assert {"SARIF1002", "SARIF1004", "GH2012"} <= errors
