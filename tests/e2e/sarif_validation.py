"""Microsoft's SARIF validator (``Sarif.Multitool validate``, npm ``@microsoft/sarif-multitool``) for the e2e tests.

``make sarif-validator`` (a prerequisite of ``make test``) installs it at the version the Makefile pins and links
it as ``.tools/bin/sarif-multitool``. ``--rule-kind "Sarif;Gh"`` runs the SARIF rules (SARIF1xxx errors,
SARIF2xxx warnings) and GitHub Advanced Security's ingestion rules (GHxxxx). Its log is itself SARIF: one result
per problem, ``level`` ``error`` for the errors. No skip: without the validator a test fails, saying how to
install it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[2]
VALIDATOR = ROOT / ".tools" / "bin" / "sarif-multitool"
GITHUB_RULES = ("--rule-kind", "Sarif;Gh")
"""The SARIF rules and GitHub Advanced Security's ingestion rules."""


def validate(sarif: Path, tmp_path: Path) -> list[dict[str, object]]:
    """The validator's results for ``sarif`` (its log is SARIF; a result without a level is a warning)."""
    assert VALIDATOR.exists(), f"{VALIDATOR} is missing: run `make sarif-validator` (part of `make test`)"
    log = tmp_path / "validation.sarif"
    completed = subprocess.run(
        [str(VALIDATOR), "validate", str(sarif), "--output", str(log), "--log", "ForceOverwrite", *GITHUB_RULES],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0 and log.is_file(), completed.stdout + completed.stderr
    results: list[dict[str, object]] = json.loads(log.read_text())["runs"][0]["results"]
    return results


def summary(problem: dict[str, object]) -> str:
    """``SARIF1002 Error_UrisMustConformToRfc3986 runs[0].tool.driver.rules[3].helpUri``, say."""
    message = problem["message"]
    assert isinstance(message, dict)
    where = (message.get("arguments") or ["?"])[0]
    return f"{problem['ruleId']} {message.get('id', message.get('text'))} {where}"


def errors(sarif: Path, tmp_path: Path) -> list[str]:
    """The validator's errors for ``sarif``, summarised (empty when it accepts the log)."""
    return sorted({summary(p) for p in validate(sarif, tmp_path) if p.get("level") == "error"})
