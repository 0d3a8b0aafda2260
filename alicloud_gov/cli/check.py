"""``alicloud-gov check``: validate policy documents, folders of them, or a Pulumi project, offline.

Exit codes (:class:`~alicloud_gov.cli.exit_codes.CheckExit`): 0 when no finding reaches ``--fail-on`` (default
``security_warning``), 1 when one does, 2 when the check cannot run (the program raised, no such stack, an
unreadable file), 64 for a usage error (a missing path, an unknown option or ``--ignore`` code). A malformed
policy is a finding, not an error. A project is checked with the config of ``--stack``, else of its default
stack (:mod:`alicloud_gov.cli.stacks`), named on standard error.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from alicloud_gov import __version__
from alicloud_gov.cli.command import Command, colour_off, fail
from alicloud_gov.cli.exit_codes import CheckExit
from alicloud_gov.cli.stacks import StackNotFoundError, choose_stack, stack_secrets
from alicloud_gov.policy.checks import POLICY_TYPES, SCOPES, check_policy
from alicloud_gov.policy.config import CheckConfig, ConfigError, Ignore, load_config
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.report import RuleInfo, check_help_uri_base, render_json, render_sarif, render_text, summarize

if TYPE_CHECKING:
    from alicloud_gov.program.stack_checks import StackCheckSpec


def every_check() -> dict[str, StackCheckSpec]:
    """Every finding code, imported on first use: the stack checks import Pulumi, which files alone never need."""
    from alicloud_gov.program.stack_checks import every_check as codes

    return codes()


PROJECT_FILE = "Pulumi.yaml"
SKIPPED_FOLDERS = frozenset({".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"})


class UsageProblem(click.UsageError):
    """A problem with the command line or the paths given: the usage exit code."""


@dataclass
class Targets:
    """What a check run covers: policy files and Pulumi project folders."""

    documents: list[Path] = field(default_factory=list)
    projects: list[Path] = field(default_factory=list)


def _policy_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*.json")):
        relative = path.relative_to(folder).parts[:-1]
        if not any(part in SKIPPED_FOLDERS or part.startswith(".") for part in relative) and path.is_file():
            yield path


def collect_targets(paths: tuple[Path, ...]) -> Targets:
    """Expand PATH arguments: a file is a document, a folder with Pulumi.yaml a project, another folder its *.json."""
    targets = Targets()
    for path in paths:
        if path.is_dir():
            if (path / PROJECT_FILE).is_file():
                targets.projects.append(path)
                continue
            found = list(_policy_files(path))
            if not found:
                raise UsageProblem(f"{path}: no policy documents (*.json) and no {PROJECT_FILE} found")
            targets.documents.extend(found)
        elif path.is_file():
            targets.documents.append(path)
        else:
            raise UsageProblem(f"{path}: not a file or folder")
    return targets


def _working_directory() -> Path:
    """The resolved working directory (resolved once per directory: a folder's files are labelled against it)."""
    return _resolved(os.getcwd())


@functools.lru_cache(maxsize=256)
def _resolved(directory: str) -> Path:
    return Path(directory).resolve()


def _label(path: Path) -> str:
    """The path as shown in reports: relative to the working directory when below it, with forward slashes."""
    try:
        return _resolved_file(path).relative_to(_working_directory()).as_posix()
    except ValueError:
        return path.as_posix()


def _resolved_file(path: Path) -> Path:
    """``path.resolve()``, with the folder resolved once for all its files (a folder's files share it); a file
    that is itself a symbolic link is resolved on its own."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    return _resolved(os.path.join(os.getcwd(), path.parent)) / path.name


def _project_config(project: Path, stack: str | None) -> tuple[str | None, dict[str, str]]:
    """The stack to check ``project`` with (named on standard error) and its decrypted secrets."""
    try:
        chosen = choose_stack(project, stack)
    except StackNotFoundError as error:
        fail(str(error))
    click.echo(f"alicloud-gov check: {chosen.describe(project)}", err=True)
    if chosen.name is None:
        return None, {}
    values, problem = stack_secrets(project, chosen.name)
    if problem:
        click.echo(
            f"alicloud-gov check: {project}: secret config of stack {chosen.name} {problem}; the program sees "
            "a placeholder for each",
            err=True,
        )
    return chosen.name, values


def _program_error_code() -> str:
    from alicloud_gov.program.stack_checks import PROGRAM_ERROR

    return PROGRAM_ERROR.code


def _check_projects(projects: list[Path], config: CheckConfig, stack: str | None) -> list[Finding]:
    if not projects:
        return []
    try:
        module = importlib.import_module("alicloud_gov.program.project_check")
        check_project = module.check_project
    except (ImportError, AttributeError) as error:
        raise UsageProblem(
            f"{projects[0]}: checking a Pulumi project needs alicloud_gov.program.project_check, "
            f"which is not available ({error})"
        ) from error
    findings: list[Finding] = []
    for project in projects:
        name, values = _project_config(project, stack)
        if name is None:
            findings.extend(check_project(project, config))
        else:
            findings.extend(check_project(project, config, stack=name, values=values))
    return config.filter(findings)


def _stdout() -> IO[str]:
    """Standard output, set to escape what its encoding cannot write rather than fail half-way through a report."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="backslashreplace")
    return stream


def _unknown_code(rules: Iterable[Ignore]) -> str | None:
    """What is wrong with the first rule whose code is no finding code (a typo there would ignore nothing)."""
    named = [rule.code for rule in rules if rule.code is not None]
    codes = every_check() if named else {}
    for code in named:
        if code not in codes:
            close = difflib.get_close_matches(code, list(codes), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else " (the codes: docs/checks.md)"
            return f"{code}: no finding has that code{hint}"
    return None


def _ignored_codes(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """The ``--ignore`` entries, refused when one names a code no finding has."""
    problem = _unknown_code(Ignore.parse(entry) for entry in value)
    if problem:
        raise click.BadParameter(problem)
    return value


def _read_sources(findings: list[Finding], known: dict[str, list[str]]) -> dict[str, list[str]]:
    for finding in findings:
        if finding.file and finding.file not in known:
            try:
                known[finding.file] = Path(finding.file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                known[finding.file] = []
    return known


def _help_uri_base(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """The ``--help-uri-base`` value, refused unless it is an absolute URI."""
    try:
        return check_help_uri_base(value) if value else None
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


@click.command("check", cls=Command)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--policy-type",
    type=click.Choice(POLICY_TYPES),
    default=None,
    help="identity (custom policy), trust (role trust policy) or session; default: detect per document.",
)
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="account",
    show_default=True,
    help="Where the policies are attached: at account level or in a resource group.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, sarif (2.1.0) for code-scanning UIs.",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: config, else security_warning].",
)
@click.option(
    "--stack",
    default=None,
    metavar="STACK",
    help="For a Pulumi project: check with this stack's config (Pulumi.STACK.yaml and its secrets) "
    "[default: the stack selected in the workspace, else the only stack file].",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_ignored_codes,
    metavar="CODE|RESOURCE|RESOURCE.CODE",
    help="Suppress findings (repeatable).",
)
@click.option("--trusted-account", multiple=True, metavar="UID", help="Account a trust policy may name (repeatable).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Config file (default: nearest .alicloud-gov.toml or pyproject.toml [tool.alicloud-gov]).",
)
@click.option(
    "--output",
    "-o",
    "output_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--help-uri-base",
    metavar="URL",
    callback=_help_uri_base,
    help="SARIF: absolute URL of docs/checks.md as published; each rule's helpUri is URL#code (default: none).",
)
def check(
    paths: tuple[Path, ...],
    policy_type: str | None,
    scope: str,
    output_format: str,
    fail_on: str | None,
    ignore: tuple[str, ...],
    trusted_account: tuple[str, ...],
    config_file: Path | None,
    output_file: Path | None,
    help_uri_base: str | None,
    stack: str | None,
) -> None:
    """Validate RAM policy documents (PATH: a .json file, a folder of them, or a Pulumi project) offline.

    \b
    Examples:
      alicloud-gov check policies/
      alicloud-gov check trust.json --policy-type trust --trusted-account 2000000000000002
      alicloud-gov check policies/ --scope resource-group --format sarif -o results.sarif
    """
    try:
        config = load_config(paths[0], config_file).merged(
            trusted_accounts=trusted_account,
            ignore=ignore,
            fail_on=Severity.parse(fail_on) if fail_on else None,
        )
    except ConfigError as error:
        raise UsageProblem(str(error)) from error
    problem = _unknown_code(config.ignore)
    if problem:
        raise UsageProblem(f"ignore rule of the config file: {problem}")
    targets = collect_targets(paths)
    sources: dict[str, list[str]] = {}
    findings: list[Finding] = []
    for path in targets.documents:
        try:
            data = path.read_bytes()
        except OSError as error:
            fail(f"{path}: cannot read ({error.strerror or error})")
        label = _label(path)
        if output_format == "text":  # the text report shows each finding's line
            sources[label] = data.decode("utf-8", errors="replace").splitlines()
        findings.extend(check_policy(data, policy_type=policy_type, scope=scope, config=config, file=label))
    findings.extend(_check_projects(targets.projects, config, stack))
    findings.sort(key=lambda f: f.sort_key)
    summary = summarize(findings, config.fail_on, len(targets.documents) + len(targets.projects))
    stream = output_file.open("w", encoding="utf-8", errors="backslashreplace") if output_file else _stdout()
    try:
        if output_format == "json":
            stream.write(render_json(findings, summary) + "\n")
        elif output_format == "sarif":
            rules = [RuleInfo(s.code, s.severity, s.title, s.doc) for s in every_check().values()]
            stream.write(render_sarif(findings, rules, __version__, help_uri_base=help_uri_base) + "\n")
        else:
            color = False if colour_off() else None
            render_text(findings, summary, _read_sources(findings, sources), stream, color=color)
    finally:
        if output_file:
            stream.close()
    if targets.projects and any(finding.code == _program_error_code() for finding in findings):
        sys.exit(CheckExit.ERROR)  # reported above, but nothing the program declares was checked
    sys.exit(CheckExit.FINDINGS if summary["blocking"] else CheckExit.OK)
