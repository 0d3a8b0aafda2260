"""``alicloud-gov simulate``: may PRINCIPAL do ACTION on RESOURCE, answered offline from a stack file.

Every combination of ``--principal``, ``--action`` and ``--resource`` is one question. Exit
status (:class:`~alicloud_gov.cli.exit_codes.SimulateExit`): 0 when every question is answered
"may", 1 when any is "may not", 64 on a usage error (unreadable or malformed stack file, no such
stack, unknown principal, malformed option), 2 on any other error. The stack file format is
documented in docs/simulate.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

import click

from alicloud_gov.cli.command import Command
from alicloud_gov.cli.exit_codes import SimulateExit
from alicloud_gov.policy.evaluate import (
    ASSUME_ROLE_ACTION,
    Decision,
    Evaluator,
    Permission,
    unknown_action_note,
)
from alicloud_gov.policy.stack import (
    Principal,
    PrincipalKind,
    StackError,
    StackModel,
    find_account,
    load_stack_file,
)
from alicloud_gov.spec.arns import ArnError, parse_role_arn

CURRENT_TIME_KEY = "acs:CurrentTime"
_NAMED_KINDS = ("user", "role", "group", "service", "federated")


@dataclass(frozen=True)
class Question:
    """One access question and its answer."""

    principal: Principal
    action: str
    resource: str
    resource_group: str | None
    decision: Decision
    action_known: bool = True
    """False when the catalogue does not know the action (the decision's first note says so)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the question and its decision."""
        return {
            "principal": self.principal.label,
            "principal_arn": self.principal.arn,
            "action": self.action,
            "resource": self.resource,
            "resource_group": self.resource_group,
            "action_known": self.action_known,
            **self.decision.to_dict(),
        }


def resolve_principal(spec: str, stacks: Sequence[StackModel], default_account: str | None) -> Principal:
    """Turn ``user:alice``, ``role:ops@acme``, ``root@<uid>``, ``service:ecs.aliyuncs.com`` or a RAM ARN
    into a :class:`Principal` (``click.BadParameter`` naming the problem otherwise)."""
    if spec.startswith("acs:"):
        try:
            return Principal.from_arn(spec)
        except StackError as error:
            raise click.BadParameter(str(error), param_hint="--principal") from None
    body, _, account_key = spec.partition("@")
    kind, sep, name = body.partition(":")
    if not sep:
        kind, name = body, ""
    if kind in ("service", "federated"):
        if not name:
            raise click.BadParameter(f"{spec!r}: expected {kind}:<name>", param_hint="--principal")
        return Principal(cast(PrincipalKind, kind), spec.partition(":")[2], "")
    if kind not in (*_NAMED_KINDS, "root"):
        raise click.BadParameter(
            f"{spec!r}: expected user:<name>, role:<name>, group:<name>, root, service:<name> or an ARN,"
            " optionally followed by @<account id or alias>",
            param_hint="--principal",
        )
    if kind != "root" and not name:
        raise click.BadParameter(f"{spec!r}: missing the {kind} name", param_hint="--principal")
    account_key = account_key or default_account or ""
    if account_key:
        stack = find_account(stacks, account_key)
        if stack is None:
            raise click.BadParameter(
                f"{spec!r}: no account {account_key!r} in the stack file", param_hint="--principal"
            )
    elif len(stacks) == 1:
        stack = stacks[0]
    else:
        declaring = [stack for stack in stacks if kind != "root" and stack.has_principal(kind, name)]
        if len(declaring) != 1:
            where = "no account declares it" if not declaring else "several accounts declare it"
            if kind == "root":
                where = "the file declares several accounts"
            raise click.BadParameter(f"{spec!r}: {where}; add @<account id or alias>", param_hint="--principal")
        stack = declaring[0]
    if kind == "root":
        return Principal.root(stack.account_id)
    if not stack.has_principal(kind, name):
        raise click.BadParameter(
            f"{spec!r}: {kind} {name!r} is not declared in account {stack.account_id}", param_hint="--principal"
        )
    if kind == "role":
        name = stack.find_role(name) or name
    return Principal(cast(PrincipalKind, kind), name, stack.account_id)


def parse_context(pairs: Sequence[str]) -> dict[str, object]:
    """``key=value`` pairs into a context; a key given twice holds a list of values."""
    context: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(
                f"{pair!r}: expected key=value, e.g. acs:SourceIp=10.0.0.1", param_hint="--context"
            )
        key = key.strip()
        if key in context:
            existing = context[key]
            context[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            context[key] = value
    if not any(key.lower() == CURRENT_TIME_KEY.lower() for key in context):
        context[CURRENT_TIME_KEY] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return context


def ask(
    evaluator: Evaluator,
    principal: Principal,
    action: str,
    resource: str,
    context: dict[str, object],
    resource_group: str | None,
) -> Question:
    """Answer one question; ``sts:AssumeRole`` questions check both the caller and the role's trust policy."""
    if action.lower() == ASSUME_ROLE_ACTION:
        try:
            parse_role_arn(resource)
        except ArnError as error:
            raise click.BadParameter(f"sts:AssumeRole needs a role ARN: {error}", param_hint="--resource") from None
        decision = evaluator.may_assume_role(principal, resource, context)
    else:
        decision = evaluator.evaluate(principal, action, resource, context, resource_group)
    known = unknown_action_note(action) is None
    return Question(principal, action, resource, resource_group, decision, known)


def _headline(question: Question) -> str:
    decision = question.decision
    if decision.allowed:
        verdict = click.style("MAY", fg="green", bold=True)
    elif decision.effect == "ExplicitDeny":
        verdict = click.style("MAY NOT (explicit deny)", fg="red", bold=True)
    else:
        verdict = click.style("MAY NOT (default deny)", fg="red", bold=True)
    group = f" in resource group {question.resource_group}" if question.resource_group else ""
    if not question.action_known:
        verdict += click.style("  [unknown action]", fg="yellow", bold=True)
    return f"{verdict}  {question.principal.label}  {question.action}  on {question.resource}{group}"


def render_text(questions: Sequence[Question]) -> str:
    """Human-readable answers: one block per question, then a summary line."""
    lines: list[str] = []
    for question in questions:
        lines.append(_headline(question))
        decision = question.decision
        lines.append(f"    {decision.reason}")
        # The reason already names the first deciding statement of a one-sided decision.
        extra = [s for s in decision.deciding if s.describe() not in decision.reason]
        lines.extend(f"    - {statement.summary()}" for statement in extra)
        lines.extend(f"    note: {note}" for note in question.decision.notes)
    allowed = sum(question.decision.allowed for question in questions)
    lines.append(f"{allowed} of {len(questions)} request(s) allowed")
    return "\n".join(lines)


def render_json(questions: Sequence[Question]) -> str:
    """``{"results": [...], "summary": {"total", "allowed", "denied"}}``."""
    allowed = sum(question.decision.allowed for question in questions)
    payload = {
        "results": [question.to_dict() for question in questions],
        "summary": {"total": len(questions), "allowed": allowed, "denied": len(questions) - allowed},
    }
    return json.dumps(payload, indent=2)


def render_permissions(evaluator: Evaluator, principals: Sequence[Principal], output_format: str) -> str:
    """Each principal's effective permissions, as text lines or ``{"permissions": {label: [...]}}``."""
    table: dict[str, list[Permission]] = {}
    for principal in principals:
        if principal.kind in ("service", "federated"):
            raise click.BadParameter(f"{principal.label} holds no RAM policies", param_hint="--principal")
        table[principal.label] = evaluator.effective_permissions(principal)
    if output_format == "json":
        payload = {label: [entry.to_dict() for entry in entries] for label, entries in table.items()}
        return json.dumps({"permissions": payload}, indent=2)
    lines: list[str] = []
    for label, entries in table.items():
        lines.append(f"{label}: {len(entries)} permission(s)")
        for entry in entries:
            source = f"{entry.policy_type} policy {entry.policy_name} Statement[{entry.statement_index}]"
            origin = f"{source} via {entry.attached_to}" if entry.policy_type else "the account's root identity"
            lines.append(f"    {entry.describe()}  <- {origin}")
    return "\n".join(lines)


def _load_stacks(path: Path, stack_name: str | None) -> list[StackModel]:
    """Stack models from a stack file, or from the deployed state of a Pulumi project folder.

    For a project the stack is chosen as ``check`` and ``plan`` choose it (:func:`~alicloud_gov.cli.stacks.
    choose_stack`: ``--stack``, else the stack selected in the workspace, else the only stack file), named on
    standard error.
    """
    if not path.is_dir():
        return load_stack_file(path)
    from alicloud_gov.cli.stack_state import deployed_export
    from alicloud_gov.cli.stacks import StackNotFoundError, choose_stack
    from alicloud_gov.plan.access import account_models
    from alicloud_gov.plan.state import records_from_export

    if not (path / "Pulumi.yaml").is_file():
        raise StackError(f"{path}: a folder must be a Pulumi project (no Pulumi.yaml)")
    try:
        chosen = choose_stack(path, stack_name)
    except StackNotFoundError as error:
        raise StackError(str(error)) from None
    if chosen.name is None:
        raise StackError(f"{path}: {chosen.reason}")
    click.echo(f"alicloud-gov simulate: {chosen.describe(path)}", err=True)
    stack_name = chosen.name
    try:
        records = records_from_export(deployed_export(path, stack_name))
    except StackNotFoundError as error:
        raise StackError(str(error)) from None
    except (OSError, ValueError, RuntimeError) as error:
        raise StackError(f"{path}: cannot read the deployed state of stack {stack_name!r}: {error}") from None
    if not records:
        raise StackError(f"{path}: stack {stack_name!r} has no deployed alicloud-gov resources")
    return account_models(records)


@click.command("simulate", cls=Command)
@click.argument("stack_file", type=click.Path(exists=True, readable=True))
@click.option(
    "--stack",
    "stack_name",
    default=None,
    help="When STACK_FILE is a Pulumi project folder: the stack whose deployed state to ask about "
    "[default: the stack selected in the workspace, else the only stack file].",
)
@click.option(
    "--principal",
    "-p",
    "principals",
    multiple=True,
    required=True,
    help="user:NAME, role:NAME, group:NAME, root, service:NAME or a RAM ARN; add @ACCOUNT (id or alias) "
    "when the file declares several accounts. Repeatable.",
)
@click.option("--action", "-a", "actions", multiple=True, help="e.g. vpc:CreateVpc. Repeatable.")
@click.option(
    "--resource",
    "-r",
    "resources",
    multiple=True,
    help="Resource ARN (default *); for sts:AssumeRole the role ARN. Repeatable.",
)
@click.option(
    "--resource-group",
    "resource_group",
    default=None,
    help="Resource group id the resource is in (overrides the stack file's resource_placement).",
)
@click.option(
    "--context",
    "-c",
    "contexts",
    multiple=True,
    help="Condition context key=value, e.g. acs:SourceIp=10.0.0.1 (acs:CurrentTime defaults to now). Repeatable.",
)
@click.option(
    "--account", default=None, help="Account id or alias for principals given without @ACCOUNT (several accounts)."
)
@click.option(
    "--permissions",
    "list_permissions",
    is_flag=True,
    help="List each principal's effective permissions (effect, action, resource, scope) instead of asking.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def simulate(
    stack_file: str,
    stack_name: str | None,
    principals: tuple[str, ...],
    actions: tuple[str, ...],
    resources: tuple[str, ...],
    resource_group: str | None,
    contexts: tuple[str, ...],
    account: str | None,
    list_permissions: bool,
    output_format: str,
) -> None:
    """Answer "may PRINCIPAL do ACTION on RESOURCE" from STACK_FILE (JSON or YAML), naming the deciding statements.

    STACK_FILE may also be a Pulumi project folder: the access model is then read from the deployed state of
    --stack, else of the stack selected in the workspace, else of the only stack file (each provider one
    account); a --stack that does not exist is a usage error naming those that do.

    Every combination of --principal, --action and --resource is asked. Exit 0 when all are
    allowed, 1 when any is denied, 64 on a usage error. With --permissions, list what each
    principal holds instead (exit 0).

    \b
    Example:
      alicloud-gov simulate stack.yaml --principal user:alice \\
        --action expressconnectrouter:ModifyExpressConnectRouter \\
        --resource acs:expressconnectrouter::1000000000000001:expressconnectrouter/ecr-1
    """
    try:
        stacks = _load_stacks(Path(stack_file), stack_name)
    except StackError as error:
        raise click.UsageError(str(error)) from None
    if account is not None and find_account(stacks, account) is None:
        raise click.BadParameter(f"no account {account!r} in the stack file", param_hint="--account")
    for action in actions:
        if ":" not in action:
            raise click.BadParameter(
                f"{action!r}: expected <service>:<ApiName>, e.g. vpc:CreateVpc", param_hint="--action"
            )
    resolved = [resolve_principal(spec, stacks, account) for spec in principals]
    evaluator = Evaluator(stacks)
    if list_permissions:
        click.echo(render_permissions(evaluator, resolved, output_format))
        return
    if not actions:
        raise click.UsageError("Missing option '--action' / '-a' (or ask for --permissions).")
    context = parse_context(contexts)
    questions = [
        ask(evaluator, principal, action, resource, context, resource_group)
        for principal in resolved
        for action in actions
        for resource in resources or ("*",)
    ]
    click.echo(render_json(questions) if output_format == "json" else render_text(questions))
    if not all(question.decision.allowed for question in questions):
        raise SystemExit(SimulateExit.DENIED)
