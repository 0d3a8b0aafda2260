"""Scope checks: grants attached at resource-group scope must use actions that support it."""

from __future__ import annotations

import json
from collections.abc import Iterator

from alicloud_gov.policy.catalog import ActionInfo
from alicloud_gov.policy.checks.context import ActionStatus, CheckContext
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import Statement

RESOURCE_GROUP_SCOPE = "resource-group"
RG_SCOPE_UNSUPPORTED_ACTION = "RG_SCOPE_UNSUPPORTED_ACTION"
"""The code of the one document check that needs the attachment's scope (the stack, not the document alone)."""


def unsupported_at_rg_scope(ctx: CheckContext, statement: Statement) -> list[ActionInfo]:
    """Catalogued actions the statement grants that do not support resource-group-level authorisation."""
    found: dict[str, ActionInfo] = {}
    for ref in ctx.refs_of(statement):
        infos = ctx.catalog.match("*") if ref.status == ActionStatus.ANY else list(ref.matches)
        for info in infos:
            if not info.supports_resource_group:
                found.setdefault(info.full_name.lower(), info)
    return sorted(found.values(), key=lambda info: info.full_name)


def complement_policy(actions: list[ActionInfo], statement: Statement) -> str:
    """The account-level policy seed 000 recommends for ``actions``: Allow them on ``*`` (keeping any Condition)."""
    body: dict[str, object] = {"Effect": "Allow", "Action": [a.full_name for a in actions], "Resource": "*"}
    if statement.condition is not None:
        body["Condition"] = statement.condition.to_python()
    return json.dumps({"Version": "1", "Statement": [body]}, indent=2)


@check(RG_SCOPE_UNSUPPORTED_ACTION, Severity.WARNING, "Actions without resource-group authorisation at RG scope")
def rg_scope_unsupported_action(ctx: CheckContext) -> Iterator[Hit]:
    """Checked with ``--scope resource-group``: some actions (seed 000 lists Express Connect's) do not support
    resource-group-level authorisation, so granting them in a resource group has no effect. The suggestion is the
    account-level custom policy for exactly those actions, as the product documentation recommends."""
    if ctx.scope != RESOURCE_GROUP_SCOPE or ctx.is_trust:
        return
    for statement in ctx.statements:
        if not statement.is_allow:
            continue
        actions = unsupported_at_rg_scope(ctx, statement)
        if not actions:
            continue
        names = [a.full_name for a in actions]
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        yield Hit(
            f"Granted at resource-group scope, {shown} ha{'s' if len(names) == 1 else 've'} no effect: "
            f"{'it does' if len(names) == 1 else 'they do'} not support resource-group-level authorisation. "
            f"Grant {'it' if len(names) == 1 else 'them'} at account level (suggested policy).",
            statement.action,
            complement_policy(actions, statement),
        )
