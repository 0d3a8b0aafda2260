"""Security checks on identity policies: grants broader than anyone should hold."""

from __future__ import annotations

from collections.abc import Iterator

from alicloud_gov.policy.checks.context import ActionRef, ActionStatus, Arn, CheckContext, covers, has_wildcard
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import Statement

SENSITIVE_SERVICES = ("ram", "sts", "resourcemanager", "kms", "actiontrail")
ESCALATION_ACTIONS = (
    "ram:AttachPolicyToUser",
    "ram:AttachPolicyToGroup",
    "ram:AttachPolicyToRole",
    "ram:AttachPolicy",
    "ram:CreatePolicyVersion",
    "ram:SetDefaultPolicyVersion",
    "ram:UpdateRole",
    "ram:CreateAccessKey",
    "ram:CreateLoginProfile",
    "ram:UpdateLoginProfile",
    "ram:AddUserToGroup",
)


_FOLDED_ESCALATION_ACTIONS = frozenset(action.lower() for action in ESCALATION_ACTIONS)


def _allow_statements(ctx: CheckContext) -> Iterator[Statement]:
    if ctx.is_trust:
        return
    yield from (s for s in ctx.statements if s.is_allow)


def _entries(ctx: CheckContext) -> tuple[ActionRef, ...]:
    """Every resolved Action and NotAction entry, in document order; none in a trust policy.

    The checks below test an entry first (cheap, and few qualify), then that it is under Action, then its statement
    (Allow? on which resources?).
    """
    return () if ctx.is_trust else ctx.action_refs


def _on_everything(statement: Statement) -> bool:
    """True when the statement's Resource is ``*``."""
    return any(e.text == "*" for e in statement.resource_strings())


def _broad_resources(statement: Statement) -> bool:
    """True when the Resource is ``*`` or an ARN whose resource part is a wildcard (``role/*``)."""
    for entry in statement.resource_strings():
        text = entry.text
        if text == "*":
            return True
        if not has_wildcard(text):
            continue  # nor has its resource part
        arn = Arn.split(text)
        if arn is not None and has_wildcard(arn.relative_id):
            return True
    return False


def _may_be_ram(ref: ActionRef) -> bool:
    return ref.service.lower() == "ram" or has_wildcard(ref.service)


def _is_whole_service(ref: ActionRef) -> bool:
    return ref.status == ActionStatus.ANY or ref.name == "*"


def _single_ram_action(ref: ActionRef) -> bool:
    """True for an Action entry that may name some RAM actions but not every action of a service."""
    return _may_be_ram(ref) and ref.element == "Action" and not _is_whole_service(ref)


@check("FULL_ADMIN", Severity.SECURITY_WARNING, "The statement grants every action on every resource")
def full_admin(ctx: CheckContext) -> Iterator[Hit]:
    """``"Effect": "Allow", "Action": "*", "Resource": "*"`` makes the holder an administrator of the account
    (the AdministratorAccess system policy). Grant only the services and actions needed."""
    for ref in _entries(ctx):
        if ref.name != "*" or ref.element != "Action":
            continue  # "*" and "*:*" both name the action *
        if ref.status != ActionStatus.ANY and ref.text.strip() != "*:*":
            continue
        if ref.statement.is_allow and _on_everything(ref.statement):
            yield Hit("Allow * on * grants full administrator access.", ref.node, "List the actions needed.")


@check("SENSITIVE_SERVICE_WILDCARD", Severity.SECURITY_WARNING, "Every action of an identity or audit service")
def sensitive_service_wildcard(ctx: CheckContext) -> Iterator[Hit]:
    """``ram:*``, ``sts:*``, ``resourcemanager:*``, ``kms:*`` or ``actiontrail:*`` on all resources hands out control
    over identities, keys, resource groups or the audit trail; the holder can usually grant itself anything."""
    for ref in _entries(ctx):
        if ref.name != "*" or ref.element != "Action" or ref.service.lower() not in SENSITIVE_SERVICES:
            continue
        if ref.statement.is_allow and _broad_resources(ref.statement):
            yield Hit(
                f"{ref.text} grants every {ref.service} action on all resources.",
                ref.node,
                "List the specific actions needed (read-only ones where possible).",
            )


@check("ALLOW_WITH_NOTACTION", Severity.SECURITY_WARNING, "Allow with NotAction")
def allow_with_notaction(ctx: CheckContext) -> Iterator[Hit]:
    """``Allow`` + ``NotAction`` grants every action except those listed, including actions of services added in
    the future. Use ``Action`` with the actions needed, or a ``Deny`` statement."""
    for statement in _allow_statements(ctx):
        node = statement.not_action
        if node is not None:
            yield Hit(
                "Allow with NotAction grants every action not listed, now and in future.",
                node,
                "List the granted actions under Action.",
            )


@check("ALLOW_WITH_NOTRESOURCE", Severity.SECURITY_WARNING, "Allow with NotResource")
def allow_with_notresource(ctx: CheckContext) -> Iterator[Hit]:
    """``Allow`` + ``NotResource`` grants the actions on every resource except those listed, including resources
    created later. List the resources under ``Resource`` instead."""
    for statement in _allow_statements(ctx):
        node = statement.not_resource
        if node is not None:
            yield Hit(
                "Allow with NotResource grants on every resource not listed, now and in future.",
                node,
                "List the granted resources under Resource.",
            )


@check("PASS_ROLE_WITH_STAR_IN_RESOURCE", Severity.SECURITY_WARNING, "ram:PassRole on every role")
def pass_role_with_star_in_resource(ctx: CheckContext) -> Iterator[Hit]:
    """``ram:PassRole`` lets the holder hand a role to a cloud service (an ECS instance, a function). On ``*`` or
    ``role/*`` that includes every role of the account, including administrative ones. Name the roles."""
    for ref in _entries(ctx):
        if not _single_ram_action(ref) or not covers(ref.text.strip(), "ram:PassRole"):
            continue
        if ref.statement.is_allow and _broad_resources(ref.statement):
            yield Hit(
                f"{ref.text} allows passing any role to a service.",
                ref.node,
                'Use "Resource": "acs:ram::<account-uid>:role/<role-name>".',
            )


def _may_escalate(ref: ActionRef) -> bool:
    """True when the entry may cover one of :data:`ESCALATION_ACTIONS`: a RAM pattern, or one of them by name."""
    if not _single_ram_action(ref):
        return False
    text = ref.text.strip()
    return has_wildcard(text) or text.lower() in _FOLDED_ESCALATION_ACTIONS


@check("PRIVILEGE_ESCALATION", Severity.SECURITY_WARNING, "Actions that let the holder raise its own permissions")
def privilege_escalation(ctx: CheckContext) -> Iterator[Hit]:
    """Attaching policies (``ram:AttachPolicyToUser``/``...ToRole``/``...ToGroup``, ``ram:AttachPolicy``), rewriting
    them (``ram:CreatePolicyVersion``, ``ram:SetDefaultPolicyVersion``), changing trust (``ram:UpdateRole``),
    minting credentials (``ram:CreateAccessKey``, ``ram:CreateLoginProfile``, ``ram:UpdateLoginProfile``) or joining
    groups (``ram:AddUserToGroup``) on all users/roles/policies lets the holder give itself any permission."""
    by_statement: dict[int, list[ActionRef]] = {}  # statement index -> its entries that may escalate, in order
    for ref in _entries(ctx):
        if _may_escalate(ref):
            by_statement.setdefault(ref.statement.index, []).append(ref)
    for refs in by_statement.values():
        statement = refs[0].statement
        if not statement.is_allow or not _broad_resources(statement):
            continue
        granted = [a for a in ESCALATION_ACTIONS if any(covers(r.text.strip(), a) for r in refs)]
        if granted:
            node = statement.action
            yield Hit(
                f"Statement {statement.index} allows {', '.join(granted)} on all resources: the holder can escalate "
                "its own privileges.",
                node,
                "Restrict Resource to specific users/roles/policies or drop these actions.",
            )
