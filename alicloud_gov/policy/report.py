"""Render findings for people (text), programs (JSON) and code-scanning UIs (SARIF 2.1.0)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from alicloud_gov.policy.findings import Finding, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
DOCS_PAGE = "docs/checks.md"
_SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.SECURITY_WARNING: "error",
    Severity.WARNING: "warning",
    Severity.SUGGESTION: "note",
}
# GitHub code scanning ranks security results by this property (CVSS-like 0.0-10.0).
_SECURITY_SEVERITY = {Severity.SECURITY_WARNING: "7.5"}
_STYLES = {
    Severity.ERROR: "bold red",
    Severity.SECURITY_WARNING: "bold magenta",
    Severity.WARNING: "yellow",
    Severity.SUGGESTION: "cyan",
}


# Characters a terminal must not receive raw: C0/C1 controls (escape sequences) and lone surrogates (not encodable).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters and lone surrogates written as escapes (``\\x1b``, ``\\ud800``).

    The JSON and SARIF reports escape them by JSON's own rules; the text report uses this.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class RuleInfo:
    """What a report needs to know about a finding code."""

    code: str
    severity: Severity
    title: str
    doc: str


def help_uri(code: str) -> str:
    """Link to the code's section of docs/checks.md (anchors are the lower-case code)."""
    return f"{DOCS_PAGE}#{code.lower()}"


def summarize(findings: Sequence[Finding], fail_on: Severity, documents: int) -> dict[str, Any]:
    """Counts per severity, the blocking threshold and how many findings reach it."""
    counts = Counter(f.severity for f in findings)
    return {
        "documents": documents,
        "findings": len(findings),
        "by_severity": {s.value: counts.get(s, 0) for s in Severity},
        "fail_on": fail_on.value,
        "blocking": sum(1 for f in findings if f.severity.at_least(fail_on)),
    }


def render_json(findings: Sequence[Finding], summary: Mapping[str, Any]) -> str:
    """``{"findings": [...], "summary": {...}}`` as indented JSON."""
    return json.dumps({"findings": [f.to_dict() for f in findings], "summary": dict(summary)}, indent=2)


def _artifact_uri(file: str) -> str:
    return PurePath(file).as_posix()


def render_sarif(findings: Sequence[Finding], rules: Iterable[RuleInfo], tool_version: str) -> str:
    """A SARIF 2.1.0 log with one run: every rule (code) and one result per finding, located by line/column."""
    rule_list = sorted(rules, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rule_list)}
    sarif_rules = []
    for rule in rule_list:
        properties: dict[str, Any] = {"severity": rule.severity.value, "tags": ["alibaba-cloud", "ram", "policy"]}
        if rule.severity in _SECURITY_SEVERITY:
            properties["security-severity"] = _SECURITY_SEVERITY[rule.severity]
            properties["tags"].append("security")
        sarif_rules.append(
            {
                "id": rule.code,
                "name": "".join(part.capitalize() for part in rule.code.split("_")),
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": rule.doc},
                "helpUri": help_uri(rule.code),
                "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
                "properties": properties,
            }
        )
    results = []
    for finding in findings:
        text = finding.message
        if finding.suggestion and "\n" not in finding.suggestion:
            text = f"{text} Fix: {finding.suggestion}"
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _SARIF_LEVELS[finding.severity],
            "message": {"text": text},
            "properties": {
                "severity": finding.severity.value,
                **({"jsonPath": finding.json_path} if finding.json_path else {}),
                **({"resource": finding.resource} if finding.resource else {}),
                **({"suggestion": finding.suggestion} if finding.suggestion else {}),
            },
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": _artifact_uri(finding.file)}}
            if finding.line:
                region: dict[str, Any] = {"startLine": finding.line}
                if finding.column:
                    region["startColumn"] = finding.column
                physical["region"] = region
            location: dict[str, Any] = {"physicalLocation": physical}
            if finding.json_path:
                location["logicalLocations"] = [{"fullyQualifiedName": finding.json_path, "kind": "member"}]
            result["locations"] = [location]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "alicloud-gov",
                        "version": tool_version,
                        "rules": sarif_rules,
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, indent=2)


def render_text(
    findings: Sequence[Finding],
    summary: Mapping[str, Any],
    sources: Mapping[str, Sequence[str]],
    stream: IO[str],
    *,
    color: bool | None = None,
) -> None:
    """Findings grouped by file, each with its offending line and a caret, then a summary line.

    ``sources`` maps a file label to its lines; ``color`` None means "if the stream is a terminal".
    """
    console = Console(
        file=stream,
        force_terminal=color if color is not None else None,
        no_color=color is False,
        highlight=False,
        soft_wrap=True,
    )
    current: object = object()
    for finding in findings:
        group = finding.file or finding.resource or "<document>"
        if group != current:
            current = group
            console.print(Text(printable(group), style="bold underline"))
        _print_finding(console, finding, sources.get(finding.file or ""))
    console.print(_summary_text(summary))


def _print_finding(console: Console, finding: Finding, lines: Sequence[str] | None) -> None:
    where = printable(f"{finding.line}:{finding.column}" if finding.line else (finding.json_path or ""))
    head = Text("  ")
    head.append(f"{where:<8} ", style="dim")
    head.append(f"{finding.severity.value:<17}", style=_STYLES[finding.severity])
    head.append(f"{printable(finding.code)}  ", style="bold")
    if finding.resource and finding.file:
        head.append(f"[{printable(finding.resource)}] ")
    head.append(printable(finding.message))
    console.print(head)
    if lines and finding.line and 0 < finding.line <= len(lines):
        source = printable(lines[finding.line - 1].rstrip("\n").expandtabs(1))
        console.print(Text(f"      {finding.line:>4} | {source}", style="dim"))
        if finding.column:
            console.print(Text(" " * (13 + finding.column - 1) + "^", style=_STYLES[finding.severity]))
    if finding.suggestion:
        suggestion = finding.suggestion
        if "\n" in suggestion:
            console.print(Text("        fix:", style="green"))
            for line in suggestion.splitlines():
                console.print(Text(f"          {printable(line)}", style="green"))
        else:
            console.print(Text(f"        fix: {printable(suggestion)}", style="green"))


def _summary_text(summary: Mapping[str, Any]) -> Text:
    counts = summary["by_severity"]
    parts = ", ".join(f"{counts[s.value]} {s.value}" for s in Severity if counts.get(s.value))
    total = summary["findings"]
    documents = summary["documents"]
    text = Text()
    noun = "document" if documents == 1 else "documents"
    if total == 0:
        text.append(f"No findings in {documents} {noun}.", style="bold green")
        return text
    text.append(f"{total} finding{'s' if total != 1 else ''} ({parts}) in {documents} {noun}; ", style="bold")
    blocking = summary["blocking"]
    style = "bold red" if blocking else "bold green"
    text.append(f"{blocking} at or above {summary['fail_on']}.", style=style)
    return text
