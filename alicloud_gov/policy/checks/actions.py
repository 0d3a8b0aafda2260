"""Action checks: every Action/NotAction entry is well formed and names catalogued actions."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import TypeVar

from alicloud_gov.policy.checks.context import ActionStatus, CheckContext, has_wildcard
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity

T = TypeVar("T")


def _memo(function: Callable[[str], T]) -> Callable[[str], T]:
    """``function`` remembering its answers for this check run (a long document repeats its typos)."""
    answers: dict[str, T] = {}

    def remembered(text: str) -> T:
        """The answer for ``text``, computed once."""
        if text not in answers:
            answers[text] = function(text)
        return answers[text]

    return remembered


@check("INVALID_ACTION_FORMAT", Severity.ERROR, "An action is not <service>:<ActionName>")
def invalid_action_format(ctx: CheckContext) -> Iterator[Hit]:
    """Actions are written ``<ramcode>:<ActionName>`` (``vpc:CreateVpc``), optionally with ``*`` and ``?``
    wildcards, or ``*`` alone. Spaces, a missing colon or several colons are errors."""
    if ActionStatus.BAD_FORMAT not in ctx.action_statuses:
        return
    for ref in ctx.action_refs:
        if ref.status == ActionStatus.BAD_FORMAT:
            yield Hit(
                f'"{ref.text}" in {ref.element} is not of the form <service>:<ActionName>.',
                ref.node,
                "Write the RAM code, a colon and the action name, e.g. vpc:CreateVpc.",
            )


@check("INVALID_SERVICE", Severity.WARNING, "The action's service code is unknown")
def invalid_service(ctx: CheckContext) -> Iterator[Hit]:
    """The part before the colon is not a RAM service code the offline catalogue knows: the services with action
    lists (``ram``, ``sts``, ``vpc``, ``ecs``, ``rds``, ``log``, ``kms``... see the coverage note in
    docs/checks.md) and every other code an Alibaba Cloud system policy names (``arms``, ``hdm``..., known at
    service level); a misspelt code grants nothing. Note that Express Connect uses the RAM code ``vpc``. A
    warning, not an error: RAM has more services than the catalogue, so a real but uncatalogued code is reported
    too (ignore it with ``--ignore``)."""
    if ActionStatus.UNKNOWN_SERVICE not in ctx.action_statuses:
        return
    services = sorted(ctx.catalog.services())
    suggest = _memo(ctx.catalog.suggest)
    close_service = _memo(lambda service: difflib.get_close_matches(service, services, n=1, cutoff=0.6))
    for ref in ctx.action_refs:
        if ref.status != ActionStatus.UNKNOWN_SERVICE:
            continue
        suggestion = None
        if not has_wildcard(ref.text):
            suggestion = suggest(ref.text)
        if suggestion is None:
            close = close_service(ref.service.lower())
            suggestion = f"{close[0]}:{ref.name}" if close else None
        hint = f"; did you mean {suggestion}?" if suggestion else f"; known codes: {', '.join(services)}."
        yield Hit(f'"{ref.service}" in {ref.text} is not a known RAM service code{hint}', ref.node, suggestion)


@check("INVALID_ACTION", Severity.ERROR, "The action does not exist in its service")
def invalid_action(ctx: CheckContext) -> Iterator[Hit]:
    """The action name (or wildcard pattern) matches no action the catalogue knows for that service; usually a
    typo. Names match case-insensitively; for services known only at service level (``oss``, and the codes
    system policies name without an action list here, such as ``arms``) any name is accepted."""
    if ActionStatus.UNKNOWN_ACTION not in ctx.action_statuses:
        return
    suggest = _memo(ctx.catalog.suggest)
    for ref in ctx.action_refs:
        if ref.status != ActionStatus.UNKNOWN_ACTION:
            continue
        if ref.is_pattern:
            yield Hit(f"{ref.text} matches no {ref.service} action.", ref.node, "Check the pattern's spelling.")
            continue
        suggestion = suggest(ref.text)
        hint = f"; did you mean {suggestion}?" if suggestion else "."
        yield Hit(f"{ref.text} is not a known {ref.service} action{hint}", ref.node, suggestion)
