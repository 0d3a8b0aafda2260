"""One table of finding codes: every code alicloud-gov emits is registered once, with its severity, and documented.

Document checks register in :mod:`alicloud_gov.policy.checks.registry`, stack-level checks in
:mod:`alicloud_gov.program.stack_checks`; :func:`every_check` is the table ``--ignore``, SARIF rules and the docs
read. Codes are found where findings are made: every ``Finding(...)`` call in the package is scanned.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from click.testing import CliRunner

from alicloud_gov.cli.check import check
from alicloud_gov.program.stack_checks import STACK_CHECKS, every_check

PACKAGE = Path(__file__).parents[2] / "alicloud_gov"
DOCS = Path(__file__).parents[2] / "docs" / "checks.md"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def emitted_codes() -> dict[str, str]:
    """Code -> where it is emitted, for every ``Finding(...)`` whose code is a literal or a module-level name."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                not isinstance(node, ast.Call)
                or getattr(node.func, "id", getattr(node.func, "attr", None)) != "Finding"
            ):
                continue
            argument = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "code"), None)
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found[argument.value] = where
            elif isinstance(argument, ast.Name):
                value = getattr(importlib.import_module(_module_name(path)), argument.id, None)
                if isinstance(value, str):
                    found[value] = where
    return found


def test_every_emitted_code_is_registered() -> None:
    table = every_check()
    emitted = emitted_codes()
    assert emitted, "the scan found no Finding(...) calls"
    assert {code: where for code, where in emitted.items() if code not in table} == {}


def test_every_code_is_documented_with_its_severity() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    missing = [
        code
        for code, spec in every_check().items()
        if f"\n### {code}\n\n**Severity:** `{spec.severity.value}`" not in docs
    ]
    assert missing == []


def test_stack_codes_are_spelled_once_in_the_package() -> None:
    """A stack-level code is written where it is registered and nowhere else (no re-typed constants)."""
    sources = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}
    for code in [*STACK_CHECKS, "RG_SCOPE_UNSUPPORTED_ACTION"]:
        places = [
            str(path.relative_to(PACKAGE)) for path, text in sources.items() for _ in range(text.count(f'"{code}"'))
        ]
        assert len(places) == 1, (code, places)


def test_stack_checks_have_severity_from_the_table_only() -> None:
    """Stack findings are made through their spec: no ``Severity.`` chosen next to a stack finding."""
    text = (PACKAGE / "program" / "project_check.py").read_text(encoding="utf-8")
    assert "Severity." not in text


def test_sarif_rules_cover_stack_codes(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text('{"Version": "1", "Statement": []}')
    result = CliRunner().invoke(check, ["--format", "sarif", str(tmp_path / "p.json")])
    import json

    rules = {rule["id"] for rule in json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    assert set(STACK_CHECKS) <= rules


def test_an_ignore_rule_naming_no_code_is_pointed_out(tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text('{"Version": "1", "Statement": []}')
    typo = CliRunner().invoke(check, ["--ignore", "STACK_PARTNER_MISING_ASSUME_ROLE", str(tmp_path / "p.json")])
    assert typo.exit_code == 64  # a usage error (README.md, "Exit codes"): the typo would ignore nothing
    assert "STACK_PARTNER_MISING_ASSUME_ROLE: no finding has that code" in typo.stderr
    assert "did you mean STACK_PARTNER_MISSING_ASSUME_ROLE?" in typo.stderr
    known = CliRunner().invoke(check, ["--ignore", "STACK_PARTNER_MISSING_ASSUME_ROLE", str(tmp_path / "p.json")])
    assert "no finding has that code" not in known.stderr
