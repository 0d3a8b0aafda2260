"""Who holds sensitive power over a declared stack, and who may raise its own: judged by the evaluator.

Both questions are asked of :class:`~alicloud_gov.policy.evaluate.Evaluator` (so Deny, NotAction, NotResource,
group membership and resource-group scope count exactly as in ``simulate``), with *probe* requests: an action
no service has stands for "every action" (only ``*`` grants it), a name nothing is called stands for "any user,
role, group or policy". Probes ask whether *some* request may succeed (``any_context``): a grant under a condition
that can hold counts (and says so), a Deny under a condition does not hide one.

* :func:`sensitive_grants`: a principal that is a full administrator (``*`` on ``*``), holds every RAM action,
  or may perform identity administration (:data:`IDENTITY_ADMINISTRATION_ACTIONS`) on any identity.
* :func:`escalation_path`: the shortest chain of steps by which a principal that is not a full administrator
  may act with more than it holds: attach a policy to itself or its group, rewrite a custom policy it holds,
  join a group, assume a role, rewrite a role's trust policy, or mint an AccessKey or a console password for
  another user, each step naming the permission that allows it. Assuming a role that both sides allow is the
  role's intended use (delegation): a chain of such steps alone is reported only when it ends in sensitive
  power the principal lacks.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

from alicloud_gov.policy.checks.security import ESCALATION_ACTIONS
from alicloud_gov.policy.evaluate import Decision, Evaluator, Permission
from alicloud_gov.policy.stack import ACCOUNT_SCOPE, Principal, StackModel
from alicloud_gov.spec.arns import principal_arn, role_arn
from alicloud_gov.spec.names import ACCOUNT_UID_PATTERN

PROBE_NAME = "alicloud-gov-probe-any"
"""The name of an identity nobody declares: a grant that reaches it reaches any identity of its kind."""
PROBE_ACTION = "alicloudgovprobe:AnyAction"
"""An action of no service: only a grant of every action (``*``) allows it."""
RAM_PROBE_ACTION = "ram:AlicloudGovProbeAnyAction"
"""A RAM action that does not exist: only a grant of every RAM action (``ram:*``) allows it."""

IDENTITY_ADMINISTRATION_ACTIONS: tuple[str, ...] = (
    *ESCALATION_ACTIONS,
    "ram:CreateUser",
    "ram:CreateRole",
    "ram:CreatePolicy",
)
"""RAM writes on users, groups, roles, policies and credentials that amount to administering identities: the
escalation actions of :mod:`alicloud_gov.policy.checks.security` and the creation of identities and policies."""

_TARGET_KIND = {
    "ram:AttachPolicyToUser": "user",
    "ram:AttachPolicyToGroup": "group",
    "ram:AttachPolicyToRole": "role",
    "ram:UpdateRole": "role",
    "ram:CreateRole": "role",
    "ram:CreateAccessKey": "user",
    "ram:CreateLoginProfile": "user",
    "ram:UpdateLoginProfile": "user",
    "ram:CreateUser": "user",
    "ram:AddUserToGroup": "group",
}
"""The kind of RAM resource each identity action is authorised on (``policy`` for the rest)."""

MAX_STEPS = 4
"""The longest escalation chain looked for."""


def _target(action: str, account_id: str, name: str) -> str:
    """The ARN ``action`` is authorised on when it acts on the identity ``name`` of ``account_id``."""
    if action == "ram:AttachPolicy":
        return "*"
    return principal_arn(account_id, _TARGET_KIND.get(action, "policy"), name)


def _origin(decision: Decision) -> str:
    """Where an allow comes from, e.g. ``System policy AdministratorAccess ... (attached to group:admins ...)``."""
    return "; ".join(dict.fromkeys(statement.describe() for statement in decision.deciding))


@dataclass(frozen=True)
class SensitiveGrant:
    """A principal's sensitive power: what it is (``full administrator``...), where, and which grants give it."""

    principal: Principal
    power: str
    scope: str
    origin: str
    conditional: bool = False
    """True when every grant giving the power has a condition: it holds for the requests that meet one."""

    @property
    def full_administrator(self) -> bool:
        """True for ``*`` on ``*``."""
        return self.power == FULL_ADMINISTRATOR

    def describe(self) -> str:
        """One sentence naming the principal, the power, its scope and its origin."""
        where = "" if self.scope == ACCOUNT_SCOPE else f" in resource group {self.scope}"
        when = " (only for requests that meet its conditions)" if self.conditional else ""
        return f"{self.principal.label} is {self.power}{where}{when}, through {self.origin}"


FULL_ADMINISTRATOR = "a full administrator (every action on every resource)"
RAM_ADMINISTRATOR = "allowed every RAM action (ram:*) on every identity"


def _probe(evaluator: Evaluator, principal: Principal, action: str, kind: str, group: str | None) -> Decision:
    resource = "*" if kind == "*" else principal_arn(principal.account_id, kind, PROBE_NAME)
    return evaluator.evaluate(principal, action, resource, resource_group_id=group, any_context=True)


def sensitive_grants(evaluator: Evaluator, principal: Principal) -> list[SensitiveGrant]:
    """The principal's sensitive power at account scope, and in each declared resource group where it is not
    already held account-wide (RAM itself does not authorise by resource group, so only ``*`` counts there)."""
    memo = _memo(evaluator).sensitive
    key = (principal.kind, principal.name.lower(), principal.account_id)
    if key not in memo:
        memo[key] = _sensitive_grants(evaluator, principal) if _may_act(evaluator, principal) else []
    return list(memo[key])


def _sensitive_grants(evaluator: Evaluator, principal: Principal) -> list[SensitiveGrant]:
    stack = evaluator.stacks[principal.account_id]
    found: list[SensitiveGrant] = []
    admin = _probe(evaluator, principal, PROBE_ACTION, "*", None)
    ram = _probe(evaluator, principal, RAM_PROBE_ACTION, "user", None)
    if admin.allowed and ram.allowed:
        conditional = admin.conditional or ram.conditional
        return [SensitiveGrant(principal, FULL_ADMINISTRATOR, ACCOUNT_SCOPE, _origin(admin), conditional)]
    if ram.allowed:
        found.append(SensitiveGrant(principal, RAM_ADMINISTRATOR, ACCOUNT_SCOPE, _origin(ram), ram.conditional))
    else:
        allowed = [
            (action, decision)
            for action in IDENTITY_ADMINISTRATION_ACTIONS
            if (decision := _probe(evaluator, principal, action, _TARGET_KIND.get(action, "policy"), None)).allowed
        ]
        if allowed:
            names = ", ".join(action for action, _ in allowed)
            origin = "; ".join(dict.fromkeys(_origin(decision) for _, decision in allowed))
            found.append(
                SensitiveGrant(
                    principal,
                    f"allowed identity administration ({names}) on any identity",
                    ACCOUNT_SCOPE,
                    origin,
                    all(decision.conditional for _, decision in allowed),
                )
            )
    if not admin.allowed:
        for group in sorted(stack.resource_groups):
            scoped = evaluator.evaluate(
                principal, PROBE_ACTION, f"acs:alicloudgovprobe:*:{stack.account_id}:x", {}, group, any_context=True
            )
            if scoped.allowed:
                found.append(SensitiveGrant(principal, FULL_ADMINISTRATOR, group, _origin(scoped), scoped.conditional))
    return found


# -- escalation paths ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One move of an escalation chain: who acts, what it does (naming the permission), whom it then acts as."""

    actor: Principal
    text: str
    becomes: Principal | None = None
    """The identity the actor acts as afterwards; None when the step grants the actor more itself."""
    delegation: bool = False
    """True for a role assumption the role's trust policy and the caller's policies both allow as written: the
    intended use of a role, an escalation only when it leads to sensitive power."""


@dataclass(frozen=True)
class EscalationPath:
    """A chain of steps by which ``principal`` comes to act with more than it holds, and what it then gains."""

    principal: Principal
    steps: tuple[Step, ...]
    gain: str

    def describe(self) -> str:
        """The steps numbered, then the gain."""
        steps = "; ".join(f"({number}) {step.text}" for number, step in enumerate(self.steps, 1))
        return f"{self.principal.label} may escalate: {steps}; so it gains {self.gain}"


def _grants(evaluator: Evaluator, principal: Principal) -> list[Permission]:
    return [p for p in evaluator.effective_permissions(principal) if p.effect == "Allow" and p.effective]


def exceeds(evaluator: Evaluator, holder: Principal, other: Principal) -> str | None:
    """A grant ``holder`` has and ``other`` lacks (``Allow <action> on <resource>``), or None when ``other``
    may do everything ``holder`` may. A holder in another account always exceeds: its grants act there."""
    for permission in _grants(evaluator, holder):
        if permission.scope != ACCOUNT_SCOPE or permission.not_resource:
            continue
        text = f"{permission.action} on {permission.resource}"
        if permission.not_action:
            return f"every action except {permission.action}"
        if holder.account_id != other.account_id:
            return f"{text} in account {holder.account_id}"
        if not evaluator.evaluate(holder, permission.action, permission.resource, any_context=True).allowed:
            continue  # denied elsewhere in the holder's own policies
        if not evaluator.evaluate(other, permission.action, permission.resource, any_context=True).allowed:
            return text
    return None


def _may(evaluator: Evaluator, actor: Principal, action: str, target: str) -> Decision | None:
    decision = evaluator.evaluate(actor, action, target, any_context=True)
    return decision if decision.allowed else None


def _held_policies(stack: StackModel, principal: Principal) -> list[str]:
    """The custom policies attached to the principal or, for a user, to its groups."""
    holders = {(principal.kind, principal.name.lower())}
    if principal.kind == "user":
        holders |= {("group", group.lower()) for group in stack.groups_of(principal.name)}
    return sorted(
        {
            a.policy_name
            for a in stack.attachments
            if a.policy_type == "Custom" and (a.principal_type, a.principal_name.lower()) in holders
        }
    )


def _self_grants(evaluator: Evaluator, actor: Principal) -> Iterator[tuple[Step, str]]:
    """Steps by which ``actor`` grants itself more, each with what it gains."""
    stack = evaluator.stacks[actor.account_id]
    account = actor.account_id
    own = [(f"ram:AttachPolicyTo{actor.kind.capitalize()}", actor.name, f"itself ({actor.kind})")]
    if actor.kind == "user":
        own += [("ram:AttachPolicyToGroup", group, f"its group {group}") for group in stack.groups_of(actor.name)]
    for action, name, whom in own:
        target = _target(action, account, name)
        if _may(evaluator, actor, action, target):
            yield Step(actor, f"{actor.label} attaches any policy to {whom} ({action} on {target})"), "any permission"
    for policy in _held_policies(stack, actor):
        target = _target("ram:CreatePolicyVersion", account, policy)
        for action in ("ram:CreatePolicyVersion", "ram:SetDefaultPolicyVersion"):
            if _may(evaluator, actor, action, target):
                text = f"{actor.label} rewrites custom policy {policy}, which it holds ({action} on {target})"
                yield Step(actor, text), "any permission"
                break
    if actor.kind == "user":
        member_of = {group.lower() for group in stack.groups_of(actor.name)}
        for group in sorted(stack.groups):
            if group.lower() in member_of:
                continue
            target = _target("ram:AddUserToGroup", account, group)
            if _may(evaluator, actor, "ram:AddUserToGroup", target):
                gain = exceeds(evaluator, Principal("group", group, account), actor)
                if gain:
                    text = f"{actor.label} adds itself to group {group} (ram:AddUserToGroup on {target})"
                    yield Step(actor, text), gain


@dataclass
class _Memo:
    """What the checks compute once per evaluator: sensitive grants by principal, and which accounts have a
    role whose trust policy names a given account (so the search for assumable roles stays linear)."""

    sensitive: dict[tuple[str, str, str], list[SensitiveGrant]] = field(default_factory=dict)
    trusting: dict[str, set[str]] | None = None


_MEMO: weakref.WeakKeyDictionary[Evaluator, _Memo] = weakref.WeakKeyDictionary()
"""Each live evaluator's memo, dropped with the evaluator (so two evaluators in use never share or evict one)."""


def _memo(evaluator: Evaluator) -> _Memo:
    return _MEMO.setdefault(evaluator, _Memo())


def _trusting(evaluator: Evaluator) -> dict[str, set[str]]:
    """Account id -> the other accounts with a role whose trust policy names it (or any account)."""
    memo = _memo(evaluator)
    if memo.trusting is None:
        index: dict[str, set[str]] = {}
        for account_id, stack in evaluator.stacks.items():
            text = json.dumps(list(stack.roles.values()))
            named = set(re.findall(ACCOUNT_UID_PATTERN, text))
            for other in evaluator.stacks if ('"*"' in text or ":*:" in text) else named:
                if other != account_id:
                    index.setdefault(other, set()).add(account_id)
        memo.trusting = index
    return memo.trusting


def _moves(evaluator: Evaluator, actor: Principal) -> Iterator[Step]:
    """Steps by which ``actor`` comes to act as another user or role."""
    for account_id, stack in sorted(evaluator.stacks.items()):
        if account_id != actor.account_id and account_id not in _trusting(evaluator).get(actor.account_id, ()):
            continue  # no role there names the actor's account in its trust policy
        for role in sorted(stack.roles):
            target = Principal.role(role, account_id)
            if target == actor:
                continue
            arn = role_arn(account_id, role)
            if evaluator.may_assume_role(actor, arn, any_context=True).allowed:
                text = f"{actor.label} may assume {target.label} (sts:AssumeRole on {arn})"
                yield Step(actor, text, target, delegation=True)
            elif (
                account_id == actor.account_id
                and _may(evaluator, actor, "ram:UpdateRole", arn)
                and _may(evaluator, actor, "sts:AssumeRole", arn)
            ):
                text = (
                    f"{actor.label} rewrites the trust policy of {target.label} to trust itself "
                    f"(ram:UpdateRole on {arn}), then assumes it"
                )
                yield Step(actor, text, target)
        if account_id != actor.account_id:
            continue
        for user in sorted(stack.users):
            target = Principal.user(user, account_id)
            if target == actor:
                continue
            for action in ("ram:CreateAccessKey", "ram:CreateLoginProfile", "ram:UpdateLoginProfile"):
                arn = _target(action, account_id, user)
                if _may(evaluator, actor, action, arn):
                    yield Step(actor, f"{actor.label} signs in as {target.label} ({action} on {arn})", target)
                    break


def _may_act(evaluator: Evaluator, actor: Principal) -> bool:
    """False when the actor holds no RAM or STS action at all (no step can start from it): the common case."""
    for permission in _grants(evaluator, actor):
        service = permission.action.split(":", 1)[0].lower()
        if permission.not_action or "*" in service or "?" in service or service in ("ram", "sts"):
            return True
    return False


def _gain(evaluator: Evaluator, principal: Principal, reached: Principal, chain: tuple[Step, ...]) -> str | None:
    """What acting as ``reached`` gives ``principal``: sensitive power it lacks, or (after a step other than an
    intended role assumption) any grant it lacks; None when the chain is plain delegation or gains nothing."""
    mine = {grant.power for grant in sensitive_grants(evaluator, principal)}
    for grant in sensitive_grants(evaluator, reached):
        if grant.power not in mine:
            return grant.describe()
    if all(step.delegation for step in chain):
        return None
    gain = exceeds(evaluator, reached, principal)
    return f"{gain} (held by {reached.label})" if gain else None


def escalation_path(evaluator: Evaluator, principal: Principal) -> EscalationPath | None:
    """The shortest chain (at most :data:`MAX_STEPS` steps) by which ``principal`` acts with more than it holds,
    or None. A full administrator has nothing to gain and is not asked about."""
    if _probe(evaluator, principal, PROBE_ACTION, "*", None).allowed:
        return None
    frontier: list[tuple[Principal, tuple[Step, ...]]] = [(principal, ())]
    seen = {principal}
    for _ in range(MAX_STEPS):
        following: list[tuple[Principal, tuple[Step, ...]]] = []
        for actor, steps in frontier:
            if not _may_act(evaluator, actor):
                continue
            for step, granted in _self_grants(evaluator, actor):
                return EscalationPath(principal, (*steps, step), granted)
            for step in _moves(evaluator, actor):
                assert step.becomes is not None
                if step.becomes in seen:
                    continue
                seen.add(step.becomes)
                chain = (*steps, step)
                gain = _gain(evaluator, principal, step.becomes, chain)
                if gain:
                    return EscalationPath(principal, chain, gain)
                following.append((step.becomes, chain))
        frontier = following
        if not frontier:
            break
    return None
