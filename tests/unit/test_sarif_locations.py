"""Where SARIF places a project's findings: the program's line that declared the resource, under %SRCROOT%.

The programs in tests/data/programs/located (Python) and located-yaml (YAML) mark each declaring line with
``# declares: NAME``; a finding on resource NAME (or on a child of component NAME) must be on that line. A copy
shifted down by a few lines must keep every result's ``partialFingerprints`` while its lines move.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from alicloud_gov.cli.main import cli
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.report import FINGERPRINT_KEY, SRCROOT, RuleInfo, render_sarif
from alicloud_gov.program.project_check import check_project

PROGRAMS = Path(__file__).parents[1] / "data" / "programs"
MARKER = re.compile(r"#\s*declares:\s*(\S+)")
ENTRY = {"located": "__main__.py", "located-yaml": "Pulumi.yaml"}


def declaring_lines(program: Path) -> dict[str, tuple[int, int]]:
    """NAME -> (line, column) of the line marked ``# declares: NAME`` (column: its first non-blank character)."""
    found = {}
    for number, text in enumerate(program.read_text().splitlines(), start=1):
        match = MARKER.search(text)
        if match:
            found[match.group(1)] = (number, len(text) - len(text.lstrip()) + 1)
    return found


def declared_by(resource: str, names: dict[str, tuple[int, int]]) -> str:
    """The marked name that declared ``resource``: itself, or the component whose child it is."""
    owners = [name for name in names if resource == name or resource.startswith(f"{name}-")]
    assert owners, f"{resource}: no declaring line is marked"
    return max(owners, key=len)


def sarif_of(project: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> dict[str, Any]:
    """``check --format sarif`` of ``project``, run from the folder above it (that folder is %SRCROOT%)."""
    monkeypatch.chdir(project.parent)
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", *extra, project.name])
    assert result.exit_code == 1, result.output
    log: dict[str, Any] = json.loads(result.stdout)
    return log


@pytest.mark.parametrize("program", sorted(ENTRY))
def test_a_project_finding_is_on_the_line_that_declared_its_resource(program: str) -> None:
    entry = PROGRAMS / program / ENTRY[program]
    names = declaring_lines(entry)
    findings = check_project(PROGRAMS / program)
    assert {f.code for f in findings} >= {"FULL_ADMIN", "RG_SCOPE_UNSUPPORTED_ACTION"}
    for finding in findings:
        assert finding.resource is not None
        owner = declared_by(finding.resource, names)
        assert (Path(str(finding.file)), finding.line) == (entry, names[owner][0]), finding
    # The column is the start of the declaration: the call (Python) or the resource's key (YAML).
    admin = next(f for f in findings if f.code == "FULL_ADMIN")
    assert admin.column == names["everything"][1]


@pytest.mark.parametrize("program", sorted(ENTRY))
def test_sarif_places_project_findings_relative_to_srcroot(
    program: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / program
    shutil.copytree(PROGRAMS / program, copy)
    run = sarif_of(copy, monkeypatch)["runs"][0]
    assert run["originalUriBaseIds"] == {SRCROOT: {"uri": tmp_path.resolve().as_uri() + "/"}}
    names = declaring_lines(copy / ENTRY[program])
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": f"{program}/{ENTRY[program]}", "uriBaseId": SRCROOT}
        owner = declared_by(result["properties"]["resource"], names)
        assert location["region"]["startLine"] == names[owner][0]
        assert result["partialFingerprints"][FINGERPRINT_KEY]


@pytest.mark.parametrize("program", sorted(ENTRY))
def test_fingerprints_stay_when_lines_shift(program: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before, after = tmp_path / "before" / program, tmp_path / "after" / program
    shutil.copytree(PROGRAMS / program, before)
    shutil.copytree(PROGRAMS / program, after)
    entry = after / ENTRY[program]
    entry.write_text("# shifted\n# by three\n# lines\n" + entry.read_text())

    def placed(project: Path) -> dict[str, int]:
        results = sarif_of(project, monkeypatch)["runs"][0]["results"]
        return {
            r["partialFingerprints"][FINGERPRINT_KEY]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in results
        }

    first, again, shifted = placed(before), placed(before), placed(after)
    assert first == again  # stable across runs
    assert set(first) == set(shifted) and len(first) >= 3  # the same fingerprints, one per result
    assert all(shifted[key] == line + 3 for key, line in first.items())  # while every line moved


def test_fingerprints_differ_between_results() -> None:
    """Two results that differ only in message (one policy checked at two scopes) get different fingerprints."""
    findings = [
        Finding("FULL_ADMIN", Severity.SECURITY_WARNING, "a", file="m.py", resource="p", json_path="$.S", line=3),
        Finding("FULL_ADMIN", Severity.SECURITY_WARNING, "b", file="m.py", resource="p", json_path="$.S", line=3),
        Finding("FULL_ADMIN", Severity.SECURITY_WARNING, "c", file="m.py", resource="q", json_path="$.S", line=9),
    ]
    rules = [RuleInfo("FULL_ADMIN", Severity.SECURITY_WARNING, "Full admin", "Grants everything.")]
    results = json.loads(render_sarif(findings, rules, "0"))["runs"][0]["results"]
    assert len({r["partialFingerprints"][FINGERPRINT_KEY] for r in results}) == 3


def test_help_uri_only_with_a_base_and_help_always(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "located"
    shutil.copytree(PROGRAMS / "located", copy)
    plain = sarif_of(copy, monkeypatch)["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in rule for rule in plain)
    assert all(rule["help"]["text"] and rule["help"]["markdown"] for rule in plain)
    base = "https://example.com/acme/infra/blob/main/docs/checks.md"
    linked = sarif_of(copy, monkeypatch, "--help-uri-base", base)["runs"][0]["tool"]["driver"]["rules"]
    full_admin = next(rule for rule in linked if rule["id"] == "FULL_ADMIN")
    assert full_admin["helpUri"] == f"{base}#full_admin"
    assert full_admin["properties"]["security-severity"] == "7.5"
    assert f"({base}#full_admin)" in full_admin["help"]["markdown"]


def test_help_uri_base_must_be_absolute(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text('{"Version": "1", "Statement": []}')
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "--help-uri-base", "docs/checks.md", str(tmp_path)])
    assert result.exit_code not in (0, 1) and "absolute" in result.output  # a usage error, not a check result
