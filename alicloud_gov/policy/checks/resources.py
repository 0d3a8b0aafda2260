"""Resource checks: ARNs are well formed and can name resources the statement's actions take."""

from __future__ import annotations

import re
from collections.abc import Iterator

from alicloud_gov.policy.catalog import ActionInfo, Catalog
from alicloud_gov.policy.catalog.text import arn_template_pattern
from alicloud_gov.policy.checks.context import (
    ActionRef,
    ActionStatus,
    Arn,
    CheckContext,
    StatementElements,
    has_wildcard,
    wildcard_matches,
)
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import JsonNode, Statement

_SERVICE_FIELD = re.compile(r"^[a-z0-9*?][a-z0-9*?-]*$", re.IGNORECASE)
_REGION_FIELD = re.compile(r"^(|[a-z0-9*?][a-z0-9*?-]*)$")
_ACCOUNT_FIELD = re.compile(r"^(|[0-9*?]+)$")


SYSTEM_POLICY_ACCOUNT = "system"
"""The account field of a system policy's ARN: ``acs:ram:*:system:policy/<name>`` (RAM's resource types in the
"RAM authorization" reference, help.aliyun.com document 2337626)."""


def _is_system_policy_arn(arn: Arn) -> bool:
    return (
        arn.service.lower() == "ram" and arn.account == SYSTEM_POLICY_ACCOUNT and arn.relative_id.startswith("policy/")
    )


def arn_problem(text: str) -> str | None:
    """Why ``text`` is not a valid Resource value (``*`` or ``acs:<service>:<region>:<account>:<relative-id>``)."""
    if text == "*":
        return None
    if not text.startswith("acs:"):
        return 'the ARN prefix must be "acs:" (or use "*" for all resources)'
    arn = Arn.split(text)
    if arn is None:
        count = len(text.split(":"))
        return f"an ARN has five fields acs:<service>:<region>:<account>:<relative-id>; this one has {count}"
    if not _SERVICE_FIELD.match(arn.service):
        return f'the service field "{arn.service}" must be a RAM code such as vpc or ram'
    if not _REGION_FIELD.match(arn.region):
        return f'the region field "{arn.region}" must be a region ID (cn-hangzhou), "*" or empty'
    if not _ACCOUNT_FIELD.match(arn.account) and not _is_system_policy_arn(arn):
        return f'the account field "{arn.account}" must be an account UID (digits) or "*"'
    if not arn.relative_id:
        return 'the resource field is empty; use "*" for every resource of the service'
    return None


def arn_fix(text: str, catalog: Catalog) -> str | None:
    """A corrected ARN for common mistakes, or the service's ARN forms from the catalogue, or None."""
    if text.startswith("arn:"):
        return None  # an AWS ARN: there is no mechanical translation
    parts = text.split(":")
    if len(parts) == 4 and parts[0] == "acs" and parts[2].isdigit():
        return f"acs:{parts[1]}::{parts[2]}:{parts[3]}"  # the (empty) region field was left out
    if len(parts) >= 2 and parts[0].lower() == "acs":
        templates = [rtype.arn_template for rtype in catalog.resource_types(parts[1])]
        if templates:
            return " | ".join(templates[:3])
    return None


@check("INVALID_ARN", Severity.ERROR, "A Resource entry is not a valid ARN")
def invalid_arn(ctx: CheckContext) -> Iterator[Hit]:
    """Resource entries are ``*`` or ARNs ``acs:<ramcode>:<region>:<account>:<relative-id>``: the ``acs:`` prefix,
    five colon-separated fields, a region ID / ``*`` / empty (global services), an account UID or ``*``."""
    for elements in ctx.statement_elements:
        for node in (elements.resource, elements.not_resource):
            if node is None:
                continue
            for entry in node.strings():
                if entry.scalar == "*":
                    continue  # the one valid value that is not an ARN
                problem = arn_problem(entry.text)
                if problem is not None:
                    fix = arn_fix(entry.text, ctx.catalog)
                    yield Hit(f'"{entry.text}" is not a valid ARN: {problem}.', entry, fix)


def arn_fits(catalog: Catalog, info: ActionInfo, arn: str) -> bool | None:
    """Whether ``arn`` can name a resource ``info`` takes: True, False, or None when the catalogue cannot tell."""
    verdict = catalog.arn_fits_action(info, arn)
    if verdict is True or info.all_resources_only or not info.resource_level_known:
        return verdict
    templates = list(info.arn_templates)
    for name in info.resource_types:
        rtype = catalog.resource_type(info.service, name)
        if rtype is not None:
            templates.extend(rtype.arn_templates)
    if any(arn_template_pattern(t).matches(arn) for t in templates):
        return True
    if verdict is False:
        return False
    split = Arn.split(arn)
    template_services = {t.split(":")[1].lower() for t in templates if t.count(":") >= 4}
    if (
        split is not None
        and template_services
        and not has_wildcard(split.service)
        and split.service.lower() not in template_services
    ):
        return False
    return None


def _specific_arns(elements: StatementElements) -> list[JsonNode] | None:
    """The statement's valid ARNs, or None when it grants on ``*`` or uses NotResource (nothing to compare)."""
    resource = elements.resource
    if resource is None or elements.not_resource is not None:
        return None
    if resource.scalar == "*":
        return None  # "Resource": "*", the common case
    entries = resource.strings()
    if any(e.text == "*" for e in entries):
        return None
    return [e for e in entries if arn_problem(e.text) is None]


def _statements_with_arns(ctx: CheckContext) -> tuple[tuple[Statement, list[JsonNode]], ...]:
    """The statements that name specific valid ARNs (see :func:`_specific_arns`), with them, in document order."""
    found = []
    for elements in ctx.statement_elements:
        arns = _specific_arns(elements)
        if arns:
            found.append((elements.statement, arns))
    return tuple(found)


def _exact_refs(ctx: CheckContext, statement: Statement) -> list[ActionRef]:
    return [r for r in ctx.refs_of(statement) if r.status == ActionStatus.OK and not r.is_pattern]


def _covers_whole_service(info: ActionInfo, arns: list[JsonNode]) -> bool:
    for node in arns:
        arn = Arn.split(node.text)
        if arn is not None and arn.is_everything and wildcard_service_match(arn.service, info.service):
            return True
    return False


def wildcard_service_match(pattern: str, service: str) -> bool:
    """True when ARN service field ``pattern`` (maybe with wildcards) names ``service``."""
    if not has_wildcard(pattern):
        return pattern.lower() == service.lower()
    return wildcard_matches(pattern, service)


@check("ALL_RESOURCES_ONLY_ACTION", Severity.WARNING, 'An action that supports only "All Resources" is given an ARN')
def all_resources_only_action(ctx: CheckContext) -> Iterator[Hit]:
    """The action has no resource-level permission (its authorisation table says "All Resources"), yet the statement
    names only specific ARNs: the grant has no effect for that action. Use ``"Resource": "*"`` for it, in a
    statement of its own if the other actions keep their ARNs."""
    if ctx.is_trust:
        return
    for statement, arns in ctx.shared(_statements_with_arns):
        for ref in _exact_refs(ctx, statement):
            info = ref.matches[0]
            if info.all_resources_only and not _covers_whole_service(info, arns):
                yield Hit(
                    f'{info.full_name} supports only "All Resources"; with Resource {arns[0].text} it has no effect.',
                    ref.node,
                    f'Grant {info.full_name} on "Resource": "*" in a separate statement.',
                )


@check("RESOURCE_TYPE_MISMATCH", Severity.WARNING, "No Resource is of a type the action takes")
def resource_type_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """The action supports resource-level permissions, but none of the statement's ARNs is of a resource type it
    takes (e.g. ``vpc:UpdateIpam`` with an ``ipampool/...`` ARN): the statement has no effect for that action."""
    if ctx.is_trust:
        return
    for statement, arns in ctx.shared(_statements_with_arns):
        for ref in _exact_refs(ctx, statement):
            info = ref.matches[0]
            if info.all_resources_only or not info.resource_level_known:
                continue
            verdicts = [arn_fits(ctx.catalog, info, node.text) for node in arns]
            if any(v is not False for v in verdicts) or _covers_whole_service(info, arns):
                continue
            templates = []
            for name in info.resource_types:
                rtype = ctx.catalog.resource_type(info.service, name)
                templates.append(f"{name} ({rtype.arn_template})" if rtype else name)
            yield Hit(
                f"{info.full_name} takes {', '.join(templates)}; none of the statement's resources is one.",
                ref.node,
                "Name an ARN of a type the action takes, or move the action to a statement with matching resources.",
            )


@check("ACTION_RESOURCE_SERVICE_MISMATCH", Severity.WARNING, "A Resource belongs to a service no action is from")
def action_resource_service_mismatch(ctx: CheckContext) -> Iterator[Hit]:
    """An ARN's service (``acs:<service>:...``) matches none of the statement's actions and no action takes it, so
    that resource is never affected by the statement (e.g. ``vpc:*`` actions on an ``acs:ram::...`` ARN)."""
    if ctx.is_trust:
        return
    for statement, arns in ctx.shared(_statements_with_arns):
        refs = ctx.refs_of(statement)
        if not refs or any(r.status in (ActionStatus.ANY, ActionStatus.BAD_FORMAT) for r in refs):
            continue
        if any(has_wildcard(r.service) for r in refs):
            continue
        services = {r.service.lower() for r in refs}
        infos = [info for r in refs for info in r.matches]
        for node in arns:
            arn = Arn.split(node.text)
            if arn is None or has_wildcard(arn.service) or arn.service.lower() in services:
                continue
            if any(
                arn_fits(ctx.catalog, info, node.text) is not False for info in infos if not info.all_resources_only
            ):
                continue
            yield Hit(
                f"{node.text} is a {arn.service} resource but the statement's actions are from "
                f"{', '.join(sorted(services))}; it is never affected.",
                node,
                "Remove the ARN or add the actions it was meant for.",
            )
