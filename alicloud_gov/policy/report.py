"""Render findings for people (text), programs (JSON) and code-scanning UIs (SARIF 2.1.0)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from alicloud_gov.policy.findings import Finding, Severity

if TYPE_CHECKING:  # rich is imported by render_text only: JSON and SARIF reports never load it
    from rich.console import Console
    from rich.text import Text

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
"""The SARIF ``uriBaseId`` of the files a report names: the folder ``check`` ran from (a CI job's checkout)."""
FINGERPRINT_KEY = "alicloudGovFinding/v1"
"""The ``partialFingerprints`` key of each result (GitHub's upload adds its own ``primaryLocationLineHash``)."""
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


def help_uri(code: str, base: str) -> str:
    """Link to the code's section of docs/checks.md published at ``base`` (anchors are the lower-case code)."""
    return f"{base}#{code.lower()}"


def check_help_uri_base(base: str) -> str:
    """``base`` when it is an absolute URI (SARIF's ``helpUri`` must be one); ValueError otherwise."""
    parts = urlsplit(base)
    if parts.scheme and (parts.netloc or (parts.scheme == "file" and parts.path)):
        return base
    raise ValueError(f"{base!r}: the help URI base must be an absolute URI, e.g. https://host/path/checks.md")


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


def _artifact(file: str, root: Path) -> dict[str, str]:
    """``file`` relative to ``root`` under %SRCROOT% when it is below it, else as an absolute ``file:`` URI."""
    path = Path(file)
    absolute = (path if path.is_absolute() else root / path).resolve()
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def _help(rule: RuleInfo, base: str | None) -> dict[str, str]:
    """The rule's help (its doc from the check registry) as text and as Markdown, linking the docs with a base."""
    where = f"docs/checks.md, section {rule.code}"
    link = f"[{where}]({help_uri(rule.code, base)})" if base else where
    title = rule.title.rstrip(".")
    return {
        "text": f"{title}.\n\n{rule.doc}\n\nSeverity: {rule.severity.value}. See {where}.",
        "markdown": f"**{title}.**\n\n{rule.doc}\n\nSeverity: `{rule.severity.value}`. See {link}.",
    }


def _sarif_rule(rule: RuleInfo, base: str | None) -> dict[str, Any]:
    properties: dict[str, Any] = {"severity": rule.severity.value, "tags": ["alibaba-cloud", "ram", "policy"]}
    if rule.severity in _SECURITY_SEVERITY:
        properties["security-severity"] = _SECURITY_SEVERITY[rule.severity]
        properties["tags"].append("security")
    return {
        "id": rule.code,
        "name": "".join(part.capitalize() for part in rule.code.split("_")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.doc},
        **({"helpUri": help_uri(rule.code, base)} if base else {}),
        "help": _help(rule, base),
        "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
        "properties": properties,
    }


def fingerprint(finding: Finding, artifact_uri: str, occurrence: int = 1) -> str:
    """What identifies ``finding`` across runs and edits: its code, file, resource and JSON path, not its line.

    ``occurrence`` tells apart findings alike in all four (the n-th such in the report).
    """
    parts = [finding.code, artifact_uri, finding.resource or "", finding.json_path or "", str(occurrence)]
    import hashlib  # SARIF only: the JSON and text reports never load it

    return hashlib.sha256("\0".join(parts).encode("utf-8", errors="surrogatepass")).hexdigest()[:32]


def _sarif_result(finding: Finding, index: Mapping[str, int], root: Path, seen: Counter[tuple[str, ...]]) -> Any:
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
    artifact = _artifact(finding.file, root) if finding.file else {"uri": ""}
    key = (finding.code, artifact["uri"], finding.resource or "", finding.json_path or "")
    seen[key] += 1
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding, artifact["uri"], seen[key])}
    if finding.file:
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if finding.line:
            region: dict[str, Any] = {"startLine": finding.line}
            if finding.column:
                region["startColumn"] = finding.column
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        if finding.json_path:
            location["logicalLocations"] = [{"fullyQualifiedName": finding.json_path, "kind": "member"}]
        result["locations"] = [location]
    return result


def render_sarif(
    findings: Sequence[Finding],
    rules: Iterable[RuleInfo],
    tool_version: str,
    *,
    source_root: Path | None = None,
    help_uri_base: str | None = None,
) -> str:
    """A SARIF 2.1.0 log with one run: every rule (code) and one result per finding, located by line/column.

    Files below ``source_root`` (default: the working directory) are relative to ``%SRCROOT%``, which
    ``originalUriBaseIds`` sets to it; others are absolute ``file:`` URIs. Each rule has ``help`` (text and
    Markdown); ``helpUri`` (and the tool's ``informationUri``) only with ``help_uri_base``, the absolute URL of
    docs/checks.md as published (see :func:`check_help_uri_base`). Each result has a ``partialFingerprints``
    entry (:data:`FINGERPRINT_KEY`) that stays when lines move.
    """
    root = (source_root or Path.cwd()).resolve()
    base = check_help_uri_base(help_uri_base) if help_uri_base else None
    rule_list = sorted(rules, key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(rule_list)}
    seen: Counter[tuple[str, ...]] = Counter()
    results = [_sarif_result(finding, index, root, seen) for finding in findings]
    root_uri = root.as_uri()
    driver: dict[str, Any] = {"name": "alicloud-gov", "version": tool_version}
    if base:
        driver["informationUri"] = base
    driver["rules"] = [_sarif_rule(rule, base) for rule in rule_list]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri if root_uri.endswith("/") else root_uri + "/"}},
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
    from rich.console import Console
    from rich.text import Text

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
    from rich.text import Text

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
    from rich.text import Text

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
