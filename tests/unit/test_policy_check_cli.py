"""``alicloud-gov check``: exit codes, formats (text, JSON, SARIF validated against the official schema), config."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from alicloud_gov.cli.main import cli
from alicloud_gov.policy.findings import Finding, Severity

DATA = Path(__file__).parents[1] / "data"
SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
CLEAN = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]}'
TYPO = '{"Version": "1",\n "Statement": [{"Effect": "Allow", "Action": "vpc:CreaeNatGateway", "Resource": "*"}]}'
ADMIN = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
REDUNDANT = (
    '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:DescribeVpcs", "vpc:describevpcs"], '
    '"Resource": "*"}]}'
)


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *map(str, args)])
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "clean.json").write_text(CLEAN)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "typo.json").write_text(TYPO)
    (tmp_path / "nested" / "broken.json").write_text('{"Version": "1",')
    return tmp_path


def test_clean_document_exits_0(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(CLEAN)
    code, output = invoke(tmp_path / "p.json")
    assert code == 0 and "No findings in 1 document." in output


def test_folder_is_checked_recursively_and_errors_exit_1(folder: Path) -> None:
    code, output = invoke("--format", "json", folder)
    assert code == 1
    report = json.loads(output)
    codes = sorted((Path(f["file"]).name, f["code"]) for f in report["findings"])
    assert codes == [("broken.json", "JSON_SYNTAX_ERROR"), ("typo.json", "INVALID_ACTION")]
    assert report["summary"]["documents"] == 3 and report["summary"]["blocking"] == 2
    typo = next(f for f in report["findings"] if f["code"] == "INVALID_ACTION")
    assert set(typo) == {"code", "severity", "message", "file", "resource", "json_path", "line", "column", "suggestion"}
    assert (typo["line"], typo["column"], typo["suggestion"]) == (2, 46, "vpc:CreateNatGateway")


def test_text_report_shows_the_offending_line(tmp_path: Path) -> None:
    (tmp_path / "typo.json").write_text(TYPO)
    code, output = invoke(tmp_path / "typo.json")
    assert code == 1
    assert "INVALID_ACTION" in output and '"Action": "vpc:CreaeNatGateway"' in output
    assert "fix: vpc:CreateNatGateway" in output
    assert "1 finding (1 error) in 1 document; 1 at or above security_warning." in output


def test_fail_on_threshold_and_ignores(tmp_path: Path) -> None:
    (tmp_path / "admin.json").write_text(ADMIN)
    (tmp_path / "redundant.json").write_text(REDUNDANT)
    assert invoke(tmp_path / "admin.json")[0] == 1  # security_warning blocks by default
    assert invoke("--fail-on", "error", tmp_path / "admin.json")[0] == 0
    assert invoke(tmp_path / "redundant.json")[0] == 0  # a suggestion does not block by default
    assert invoke("--fail-on", "suggestion", tmp_path / "redundant.json")[0] == 1
    assert invoke("--ignore", "FULL_ADMIN", tmp_path / "admin.json")[0] == 0
    assert invoke("--ignore", "admin.FULL_ADMIN", tmp_path / "admin.json")[0] == 0
    assert invoke("--ignore", "other.FULL_ADMIN", tmp_path / "admin.json")[0] == 1


def test_trust_policy_and_trusted_accounts(tmp_path: Path) -> None:
    path = DATA / "policies" / "seed001_partner_trust.json"
    code, output = invoke(path)
    assert code == 1 and "TRUST_EXTERNAL_ACCOUNT" in output
    assert invoke("--trusted-account", "2000000000000002", path)[0] == 0
    identity = invoke("--policy-type", "identity", "--format", "json", path)
    assert sorted(f["code"] for f in json.loads(identity[1])["findings"]) == [
        "MISSING_RESOURCE",
        "UNSUPPORTED_PRINCIPAL",
    ]


def test_config_file_is_found_upward(tmp_path: Path) -> None:
    (tmp_path / ".alicloud-gov.toml").write_text('trusted-accounts = ["2000000000000002"]\nfail-on = "error"\n')
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "partner.json").write_text((DATA / "policies" / "seed001_partner_trust.json").read_text())
    (tmp_path / "roles" / "admin.json").write_text(ADMIN)
    code, output = invoke("--format", "json", tmp_path / "roles")
    assert code == 0
    assert [f["code"] for f in json.loads(output)["findings"]] == ["FULL_ADMIN"]


def test_usage_errors_exit_64(tmp_path: Path) -> None:
    assert invoke(tmp_path / "missing.json")[0] == 64
    assert invoke("--scope", "region", tmp_path)[0] == 64
    (tmp_path / "empty").mkdir()
    code, output = invoke(tmp_path / "empty")
    assert code == 64 and "no policy documents" in output
    bad = tmp_path / "bad.toml"
    bad.write_text('trusted-accounts = ["partner"]\n')
    (tmp_path / "p.json").write_text(CLEAN)
    code, output = invoke("--config", bad, tmp_path / "p.json")
    assert code == 64 and "trusted-accounts" in output


def test_rg_scope_prints_the_complement_policy(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(
        '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["vpc:DeleteVpc", "vpc:CreateVpc"], '
        '"Resource": "*"}]}'
    )
    code, output = invoke("--scope", "resource-group", tmp_path / "p.json")
    assert code == 0 and "RG_SCOPE_UNSUPPORTED_ACTION" in output and '"vpc:CreateVpc"' in output


def test_sarif_is_valid_against_the_official_schema(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.sarif"
    code, _ = invoke("--format", "sarif", "-o", out, folder)
    assert code == 1
    log = json.loads(out.read_text())
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert "helpUri" not in rules["INVALID_ACTION"]  # SARIF wants an absolute URI: only with --help-uri-base
    assert rules["INVALID_ACTION"]["help"]["text"].startswith(rules["INVALID_ACTION"]["shortDescription"]["text"])
    assert rules["FULL_ADMIN"]["defaultConfiguration"]["level"] == "error"
    assert rules["REDUNDANT_ACTION"]["defaultConfiguration"]["level"] == "note"
    typo = next(r for r in run["results"] if r["ruleId"] == "INVALID_ACTION")
    location = typo["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("nested/typo.json")
    assert location["region"] == {"startLine": 2, "startColumn": 46}
    assert run["tool"]["driver"]["rules"][typo["ruleIndex"]]["id"] == "INVALID_ACTION"


def test_sarif_of_a_clean_run_is_valid(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(CLEAN)
    code, output = invoke("--format", "sarif", tmp_path / "p.json")
    assert code == 0
    log = json.loads(output)
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"] == []


def test_pulumi_project_is_delegated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\n")
    calls = []

    def check_project(path: Path, config: object) -> list[Finding]:
        calls.append(path)
        return [Finding("TRUST_ANY_PRINCIPAL", Severity.SECURITY_WARNING, "anyone", resource="ops-role")]

    fake = types.ModuleType("alicloud_gov.program.project_check")
    fake.check_project = check_project  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "alicloud_gov.program.project_check", fake)
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1 and calls == [tmp_path]
    assert json.loads(result.stdout)["findings"][0]["resource"] == "ops-role"
    assert invoke("--ignore", "ops-role", tmp_path)[0] == 0


def test_pulumi_project_without_project_checker_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\n")
    monkeypatch.setitem(sys.modules, "alicloud_gov.program.project_check", None)
    code, output = invoke(tmp_path)
    assert code == 64 and "project_check" in output


def test_text_report_colours_only_on_a_terminal() -> None:
    import io

    from alicloud_gov.policy.report import render_text, summarize

    finding = Finding("FULL_ADMIN", Severity.SECURITY_WARNING, "admin", file="a.json", line=1, column=3)
    summary = summarize([finding], Severity.SECURITY_WARNING, 1)
    plain, coloured = io.StringIO(), io.StringIO()
    render_text([finding], summary, {"a.json": ['{ "Action": "*" }']}, plain)
    render_text([finding], summary, {"a.json": ['{ "Action": "*" }']}, coloured, color=True)
    assert "\x1b[" not in plain.getvalue() and "\x1b[" in coloured.getvalue()
    lines = plain.getvalue().splitlines()
    assert lines[0] == "a.json"
    assert lines[2].endswith('1 | { "Action": "*" }') and lines[3].index("^") == lines[2].index("{") + 2
    assert lines[-1] == "1 finding (1 security_warning) in 1 document; 1 at or above security_warning."


def test_a_file_label_is_its_resolved_path_below_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Labels resolve each folder once; the answer is still ``path.resolve()``'s: a linked file is labelled by its
    target, a file in a linked folder by the folder's target, and a relative path against the current directory."""
    from alicloud_gov.cli.check import _label

    work = tmp_path / "work"
    (work / "real").mkdir(parents=True)
    (work / "real" / "a.json").write_text(CLEAN)
    (work / "linked-folder").symlink_to(work / "real", target_is_directory=True)
    (work / "real" / "link.json").symlink_to(work / "real" / "a.json")
    outside = tmp_path / "outside.json"
    outside.write_text(CLEAN)
    (work / "real" / "out.json").symlink_to(outside)
    monkeypatch.chdir(work)
    assert _label(Path("real/a.json")) == "real/a.json"
    assert _label(work / "linked-folder" / "a.json") == "real/a.json"
    assert _label(Path("linked-folder/link.json")) == "real/a.json"
    assert _label(Path("real/out.json")) == "real/out.json"  # outside the working directory: as given
    monkeypatch.chdir(work / "real")
    assert _label(Path("a.json")) == "a.json"  # the same relative folder, another working directory
