"""``alicloud-gov plan``: what an apply would change, and each principal's permission delta.

The program runs under Pulumi's mocks (no engine, no cloud, no credentials) and is
compared with the stack's deployed state (``pulumi stack export``, or a file given
with ``--state``). Exit codes (:class:`~alicloud_gov.cli.exit_codes.PlanExit`) follow
terraform's detailed exit code: 0 no change, 2 changes, 1 error (a stack that does not
exist among them); with ``--deny-new-access`` a principal that gains access exits 3, so CI
can block a change that widens access (like CheckNoNewAccess), and a grant whose access is unknown
before apply (a policy document or name known only after apply, a system policy whose document the
catalogue lacks) exits 4, naming each grant; a usage error exits 64. Access is compared as sets of
requests (:mod:`alicloud_gov.policy.algebra`): narrowing is never a gain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from alicloud_gov.cli.command import Command, fail
from alicloud_gov.cli.exit_codes import PlanExit
from alicloud_gov.cli.stack_state import deployed_export, refreshed_export
from alicloud_gov.cli.stacks import ChosenStack, StackNotFoundError, choose_stack, export_stacks, stack_secrets
from alicloud_gov.plan.access import (
    PrincipalDelta,
    ResourceRecord,
    account_models,
    permission_delta,
    provider_accounts,
)
from alicloud_gov.plan.changes import ResourceChange, resource_changes
from alicloud_gov.plan.foreign import is_foreign_record
from alicloud_gov.plan.state import records_from_export
from alicloud_gov.program import DeployedOutputs, ProgramError, run_program
from alicloud_gov.spec.tokens import type_token


def _declared(
    project_dir: Path, stack: str, deployed: list[ResourceRecord]
) -> tuple[list[ResourceRecord], dict[str | None, str]]:
    """The program's resources (deployed ones with their deployed outputs), and the accounts its providers name."""
    secrets, problem = stack_secrets(project_dir, stack)
    if problem:
        click.echo(
            f"alicloud-gov plan: secret config of stack {stack} {problem}; the program sees a placeholder for each",
            err=True,
        )
    program = run_program(project_dir, stack=stack, config=secrets, outputs=DeployedOutputs(deployed))
    kept = [r for r in program.resources if r.is_ours or is_foreign_record(r.type_name)]  # pulumi-alicloud's too
    return kept, dict(program.accounts)


def _stack(project_dir: Path, stack: str | None, export: dict[str, Any] | None) -> ChosenStack:
    """The stack to plan (given, else the --state file's, else the project's default), named on standard error."""
    try:
        chosen = choose_stack(
            project_dir, stack, known=export_stacks(export) if export else (), ask_backend=export is None
        )
    except StackNotFoundError as error:
        fail(str(error))
    if chosen.name is None:
        fail(f"{project_dir}: {chosen.reason}")
    click.echo(f"alicloud-gov plan: {chosen.describe(project_dir)}", err=True)
    return chosen


def _deployed_state(project_dir: Path, stack: str, refresh: bool) -> dict[str, Any]:
    """The stack's deployment from the backend (refreshed if asked); empty for a stack only its file declares."""
    try:
        return refreshed_export(project_dir, stack) if refresh else deployed_export(project_dir, stack)
    except StackNotFoundError:
        if not (project_dir / f"Pulumi.{stack}.yaml").is_file():
            raise
        click.echo(f"alicloud-gov plan: stack {stack} is not in the backend yet: planning against no state", err=True)
        return {}


def _schemas() -> dict[str, Any]:
    from alicloud_gov.plan import resource_schema
    from alicloud_gov.spec.schema import RESOURCES

    return {spec.type_name: resource_schema(spec) for spec in RESOURCES.values()}


def _prepare(type_name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """The provider's own completion of inputs (what its check returns), offline."""
    from alicloud_gov.spec.inputs import prepare_inputs
    from alicloud_gov.spec.schema import RESOURCES

    spec = RESOURCES.get(type_token(type_name))
    return prepare_inputs(spec, inputs) if spec is not None else inputs


def _render_text(changes: list[ResourceChange], deltas: list[PrincipalDelta], unknown: list[str]) -> str:
    lines: list[str] = []
    if not changes:
        lines.append("No resource changes.")
    else:
        counts = {
            action: sum(1 for c in changes if c.action == action)
            for action in ("create", "update", "replace", "delete")
        }
        lines.append("Resource changes: " + ", ".join(f"{n} to {a}" for a, n in counts.items() if n))
        for change in changes:
            lines.append(f"  {change.describe()}")
            lines += [f"      {detail}" for detail in change.details]
    lines.append("")
    if unknown:
        lines.append("Grants whose access is unknown before apply (not judged):")
        lines += [f"  ? {sentence}" for sentence in unknown]
        lines.append("")
    if not deltas and unknown:
        lines.append("No gain or loss found among the grants that could be judged.")
    elif not deltas:
        lines.append("No principal gains or loses access.")
    else:
        lines.append("Permission delta:")
        for delta in deltas:
            lines.append(f"  {delta.principal}")
            for permission in delta.gained:
                flag = "  [sensitive]" if permission in delta.sensitive_gains else ""
                lines.append(f"    + {permission.describe()}{flag}")
            for permission in delta.lost:
                lines.append(f"    - {permission.describe()}")
    return "\n".join(lines)


@click.command("plan", cls=Command)
@click.argument("project_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--stack",
    "stack",
    default=None,
    metavar="STACK",
    help="The stack whose config to run with and whose deployed state to compare [default: the --state file's "
    "stack, else the stack selected in the workspace, else the only stack file].",
)
@click.option(
    "--state",
    "state_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Compare with this `pulumi stack export` file instead of asking the backend.",
)
@click.option(
    "--refresh",
    is_flag=True,
    help="Compare with live reads from the cloud (the engine refreshes a scratch copy of the state; the stack's own "
    "state is not changed). Needs the stack's credentials.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--deny-new-access",
    is_flag=True,
    help=f"Exit {PlanExit.NEW_ACCESS:d} when any principal gains access, {PlanExit.UNKNOWN_ACCESS:d} when a grant's "
    "access is unknown before apply.",
)
def plan(
    project_dir: Path,
    stack: str | None,
    state_file: Path | None,
    refresh: bool,
    output_format: str,
    deny_new_access: bool,
) -> None:
    """Show the changes an apply would make and each principal's permission delta (offline).

    Exit 0: no change; 2: changes; 1: error (no such stack, the program raised); 3: with --deny-new-access, a
    principal gains access; 4: with --deny-new-access, a grant's access is unknown before apply; 64: usage error.
    """
    try:
        export = json.loads(state_file.read_text(encoding="utf-8")) if state_file is not None else None
    except (OSError, ValueError) as err:
        fail(f"{state_file}: not a `pulumi stack export` file ({err})")
    if export is not None and not isinstance(export, dict):
        fail(f"{state_file}: not a `pulumi stack export` file (not a JSON object)")
    chosen = _stack(project_dir, stack, export)
    name = str(chosen.name)
    try:
        if export is None:
            export = _deployed_state(project_dir, name, refresh)
        elif refresh:
            export = refreshed_export(project_dir, name, state_file)
        deployed = records_from_export(export)
        declared, declared_accounts = _declared(project_dir, name, deployed)
    except (ProgramError, StackNotFoundError, OSError, ValueError, RuntimeError) as err:
        fail(str(err))
    before = account_models(deployed)
    after = account_models(declared, accounts={**declared_accounts, **provider_accounts(deployed)})
    changes = resource_changes(deployed, declared, _schemas(), _prepare)
    deltas = permission_delta(before, after)
    unknown = [sentence for model in after for sentence in model.unknown_grants]
    gained_any = any(delta.gained for delta in deltas)
    if output_format == "json":
        report = {
            "changes": [change.to_dict() for change in changes],
            "permission_delta": [delta.to_dict() for delta in deltas],
            "unknown_grants": unknown,
            "summary": {
                "resource_changes": len(changes),
                "principals_gaining_access": sum(1 for d in deltas if d.gained),
                "principals_losing_access": sum(1 for d in deltas if d.lost),
                "sensitive_gains": sum(len(d.sensitive_gains) for d in deltas),
            },
        }
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(_render_text(changes, deltas, unknown))
    if deny_new_access and gained_any:
        click.echo("alicloud-gov plan: new access would be granted (--deny-new-access)", err=True)
        sys.exit(PlanExit.NEW_ACCESS)
    if deny_new_access and unknown:
        for sentence in unknown:
            click.echo(f"alicloud-gov plan: cannot judge: {sentence}", err=True)
        click.echo(
            "alicloud-gov plan: the access of these grants is unknown before apply (--deny-new-access)", err=True
        )
        sys.exit(PlanExit.UNKNOWN_ACCESS)
    sys.exit(PlanExit.CHANGES if changes else PlanExit.NO_CHANGES)
