"""Grant-level stack checks: unknown system policies, sensitive grants and privilege-escalation paths.

Registered in :data:`~alicloud_gov.program.stack_checks.STACK_CHECKS` (imported there), so ``check``, SARIF,
docs/checks.md and the CrossGuard pack see the same codes. The judgement is :mod:`alicloud_gov.policy.escalation`
over the program's declared stacks; group membership counts wherever a user's access does.
"""

from __future__ import annotations

from collections.abc import Iterator

from alicloud_gov.plan import contains_unknown
from alicloud_gov.policy.escalation import escalation_path, sensitive_grants
from alicloud_gov.policy.evaluate import Evaluator
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.stack import Principal
from alicloud_gov.policy.system_policy_names import system_policy_access_unknown, unknown_system_policy
from alicloud_gov.program.stack_checks import StackHit, StackView, account_key, stack_check, trusted_accounts

_PRINCIPAL_TYPES = {"RamUser": "user", "RamGroup": "group", "RamRole": "role"}


def _system_attachments(view: StackView) -> Iterator[tuple[str, str]]:
    """(resource name, policy name) of every System-type attachment whose name is known at preview."""
    for item in view.of_type("PolicyAttachment"):
        name = item.inputs.get("policyName")
        system = str(item.inputs.get("policyType", "")).lower() == "system"
        if system and isinstance(name, str) and not contains_unknown(name):
            yield item.record.name, name


@stack_check("UNKNOWN_SYSTEM_POLICY", Severity.ERROR, "A system policy name Alibaba Cloud does not have")
def unknown_system_policy_name(view: StackView) -> Iterator[StackHit]:
    """A `PolicyAttachment` with `policyType: System` names a policy outside the system-policy catalogue (a typo
    such as `AliyunVPCReadOnlyAcess`): RAM refuses the attachment at apply, after the resources before it were
    created. The provider's check refuses it at `pulumi preview`, naming the resource and `policyName`."""
    for resource, name in _system_attachments(view):
        found = unknown_system_policy(name)
        if found is not None:
            message, closest = found
            yield StackHit(
                f"PolicyAttachment '{resource}' field 'policyName': {message}",
                resource,
                json_path="$.policyName",
                suggestion=closest,
            )


@stack_check("SYSTEM_POLICY_ACCESS_UNKNOWN", Severity.WARNING, "A system policy whose access cannot be judged offline")
def system_policy_access_unknown_name(view: StackView) -> Iterator[StackHit]:
    """A `PolicyAttachment` names a system policy the catalogue knows by name only (its document was not
    found): the attachment is valid, but no check can say what it grants."""
    for resource, name in _system_attachments(view):
        message = system_policy_access_unknown(name)
        if message is not None:
            yield StackHit(f"PolicyAttachment '{resource}': {message}", resource, json_path="$.policyName")


def _principals(view: StackView) -> Iterator[tuple[Principal, str]]:
    """Each declared user, group and role with a known name and account, with the resource declaring it."""
    for item in view.items:
        kind = _PRINCIPAL_TYPES.get(item.record.type_name)
        name = item.inputs.get("name")
        if kind and isinstance(name, str) and not contains_unknown(name):
            yield Principal(kind, name, account_key(item)), item.record.name  # type: ignore[arg-type]


def _foreign_trust(evaluator: Evaluator, principal: Principal) -> list[str]:
    """The other accounts a role's trust policy trusts (empty for users, groups and same-account trust)."""
    if principal.kind != "role":
        return []
    stack = evaluator.stacks[principal.account_id]
    declared = stack.find_role(principal.name)
    trust = stack.roles.get(declared) if declared else None
    return sorted(trusted_accounts(trust) - {principal.account_id}) if trust else []


@stack_check("SENSITIVE_GRANT", Severity.SECURITY_WARNING, "A principal holds administrator or identity power")
def sensitive_grant(view: StackView) -> Iterator[StackHit]:
    """A user, group or role whose effective policies (custom and system, its groups' included) make it a full
    administrator (`*` on `*`), allow every RAM action, or allow identity administration (creating users, roles
    or policies, attaching policies, new policy versions, trust changes, AccessKeys, console passwords, group
    membership) on any identity. Judged by the evaluator: a Deny takes the power away. At resource-group scope
    only full administration of the group is reported, and the message says so."""
    evaluator = view.evaluator
    for principal, resource in _principals(view):
        if _foreign_trust(evaluator, principal):
            continue  # SENSITIVE_GRANT_CROSS_ACCOUNT
        for grant in sensitive_grants(evaluator, principal):
            yield StackHit(
                grant.describe(),
                resource,
                suggestion="grant only the actions this principal needs; keep administrators few and named",
            )


@stack_check(
    "SENSITIVE_GRANT_CROSS_ACCOUNT", Severity.SECURITY_WARNING, "A role trusted by another account holds power"
)
def sensitive_grant_cross_account(view: StackView) -> Iterator[StackHit]:
    """A role whose trust policy trusts another account holds the power `SENSITIVE_GRANT` describes: whoever
    that account lets assume the role administers this one."""
    evaluator = view.evaluator
    for principal, resource in _principals(view):
        foreign = _foreign_trust(evaluator, principal)
        if not foreign:
            continue
        for grant in sensitive_grants(evaluator, principal):
            yield StackHit(
                f"{grant.describe()}; its trust policy trusts account {', '.join(foreign)}",
                resource,
                suggestion="give the partner's role only the actions the partnership needs, or trust a named "
                "role of the partner instead of its whole account",
            )


@stack_check("PRIVILEGE_ESCALATION_PATH", Severity.SECURITY_WARNING, "A principal may raise its own permissions")
def privilege_escalation_path(view: StackView) -> Iterator[StackHit]:
    """A user or role may, in one or more steps the program's grants allow, come to act with more than it holds:
    attach a policy to itself or its group, write a new version of a custom policy it holds, add itself to a
    group, rewrite a role's trust policy and assume the role, create an AccessKey or console password for
    another user, or assume a role (a plain role assumption counts only when it leads to administrator or
    identity power). The message names each step and the permission that allows it."""
    evaluator = view.evaluator
    for principal, resource in _principals(view):
        if principal.kind == "group":
            continue
        path = escalation_path(evaluator, principal)
        if path is not None:
            yield StackHit(
                path.describe(),
                resource,
                suggestion="restrict the RAM actions of each step to the identities they are meant for",
            )
