"""Decide whether a principal may perform an action on a resource, the way RAM does, offline.

The rules (docs/simulate.md explains each with an example):

1. A Deny statement that matches wins (``ExplicitDeny``); otherwise a matching Allow
   statement allows; otherwise the request is denied by default (``ImplicitDeny``).
2. A RAM user is governed by the policies attached to it and to every group it belongs to;
   a role session by the policies attached to the role. The account's root identity may do
   anything in its own account and cannot assume roles.
3. An attachment at account scope applies to every resource of the account. An attachment
   scoped to a resource group applies only to resources in that group (the caller passes
   ``resource_group_id``, or the stack's ``resource_placement`` says where the resource is),
   and only for actions that support resource-group authorisation (the catalogue's
   ``supports_resource_group``, seed 000). Actions the catalogue does not know are assumed to
   support it; the decision carries a note saying so.
4. A principal's policies govern only its own account's resources: a request naming a
   resource ARN of another account is denied, except ``sts:AssumeRole`` (the caller's side of
   a cross-account role assumption). To act in another account, assume a role there.
5. Assuming a role (:meth:`Evaluator.may_assume_role`) needs both the caller's
   ``sts:AssumeRole`` permission on the role ARN and the role's trust policy allowing the
   caller. Trust principals: ``RAM`` (``acs:ram::<uid>:root`` or a bare ``<uid>`` means any
   RAM user or role of that account; or a specific user or role ARN), ``Service`` and
   ``Federated``.
6. Actions match case-insensitively with ``*`` and ``?``; resource ARNs match
   case-sensitively, except RAM's own (``acs:ram:...``: user, group, role and policy names),
   which match in any case (:func:`alicloud_gov.policy.matching.folds_case`); matching is
   linear-time (:mod:`alicloud_gov.policy.matching`); conditions follow
   :mod:`alicloud_gov.policy.conditions`.

Speed: :class:`Evaluator` compiles every pattern once and indexes statements per principal and
per action, so a query is a few dictionary lookups plus the resource and condition tests of
the statements that name the action. It treats the stacks as a snapshot: build a new one after
changing a stack. The module-level :func:`evaluate` and :func:`may_assume_role` build a fresh
evaluator per call (always current, still reusing compiled documents by content). The emulator
builds a :class:`StackModel` per account from its store and keeps one :class:`Evaluator` until
the store changes (alicloud_gov/emulator/authz.py).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from alicloud_gov.policy.conditions import ConditionBlock, compile_conditions, normalize_context
from alicloud_gov.policy.matching import PatternSet, action_patterns, resource_key, resource_patterns
from alicloud_gov.policy.stack import (
    ACCOUNT_SCOPE,
    Attachment,
    Principal,
    StackError,
    StackModel,
    stacks_by_account,
)
from alicloud_gov.spec.arns import ArnError, arn_account, parse_role_arn, root_arn

Effect = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]
StatementEffect = Literal["Allow", "Deny"]

ASSUME_ROLE_ACTION = "sts:assumerole"
"""The action (lower case) whose caller side is evaluated even for another account's role ARN."""

TRUST_POLICY_TYPE = "Trust"
SESSION_POLICY_TYPE = "Session"

# Returns whether an action supports resource-group authorisation, or None when unknown.
RgSupport = Callable[[str], "bool | None"]


# ---------------------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class MatchedStatement:
    """A policy statement that took part in a decision, and where it comes from.

    ``policy_type`` is ``System`` or ``Custom`` for attached policies, ``Trust`` for a role's
    trust policy and ``Session`` for an STS session policy; ``scope`` is ``account``, a
    resource group id, or ``trust`` / ``session``; ``statement_index`` counts from 0 in the
    document's ``Statement`` list; ``attached_to`` is ``user:alice``, ``group:netops`` or
    ``role:ops``.
    """

    policy_name: str
    policy_type: str
    scope: str
    statement_index: int
    sid: str | None
    effect: StatementEffect
    attached_to: str
    account_id: str

    def describe(self) -> str:
        """Where the statement comes from, e.g. ``System policy AdministratorAccess Statement[0] (attached to ...)``."""
        sid = f' (Sid "{self.sid}")' if self.sid else ""
        if self.policy_type == TRUST_POLICY_TYPE:
            return f"the trust policy of {self.attached_to} Statement[{self.statement_index}]{sid}"
        if self.policy_type == SESSION_POLICY_TYPE:
            return f"the session policy Statement[{self.statement_index}]{sid}"
        where = "account scope" if self.scope == ACCOUNT_SCOPE else f"resource group {self.scope}"
        return (
            f"{self.policy_type} policy {self.policy_name} Statement[{self.statement_index}]{sid}"
            f" (attached to {self.attached_to} at {where})"
        )

    def summary(self) -> str:
        """The effect and the origin, e.g. ``Allow in System policy AdministratorAccess Statement[0] (...)``."""
        return f"{self.effect} in {self.describe()}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return dataclasses.asdict(self)


@dataclass
class Decision:
    """The answer to one access question.

    ``deciding`` lists the statements that decided it (the matching Deny statements for an
    explicit deny, the matching Allow statements for an allow, empty for a default deny);
    ``reason`` says why in one sentence; ``notes`` explain statements that would have matched
    but did not apply (wrong resource group, action without resource-group support, an
    unreadable condition, a missing policy). ``conditional`` is True for an allow decided with
    ``any_context`` whose every allowing statement has a condition: it holds only for the requests
    that meet one of them.
    """

    effect: Effect
    deciding: list[MatchedStatement]
    reason: str
    notes: list[str] = field(default_factory=list)
    conditional: bool = False

    @property
    def allowed(self) -> bool:
        """True when the effect is ``Allow``."""
        return self.effect == "Allow"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "effect": self.effect,
            "allowed": self.allowed,
            "reason": self.reason,
            "deciding": [statement.to_dict() for statement in self.deciding],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Permission:
    """One (effect, action pattern, resource pattern, scope) a principal holds, for diffs and reviews.

    A statement with several actions and resources yields one entry per pair. ``NotAction`` and
    ``NotResource`` cannot be split: such an entry has ``not_action`` / ``not_resource`` set and
    its ``action`` / ``resource`` lists the excluded patterns joined by ``", "`` (for people; the patterns
    themselves are :attr:`action_patterns` / :attr:`resource_patterns`). ``condition`` is
    the statement's Condition block as canonical JSON (None without one). ``effective`` is False
    for a resource-group-scoped entry whose exact action does not support resource-group
    authorisation (the grant has no effect). The provenance fields do not take part in
    :meth:`key`, so two policies granting the same thing compare equal there.
    """

    effect: StatementEffect
    action: str
    resource: str
    scope: str
    not_action: bool = False
    not_resource: bool = False
    condition: str | None = None
    effective: bool = True
    policy_name: str = ""
    policy_type: str = ""
    attached_to: str = ""
    statement_index: int = 0
    not_patterns: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    """The excluded (action, resource) patterns of a NotAction / NotResource entry, sorted (empty otherwise)."""

    @property
    def action_patterns(self) -> tuple[str, ...]:
        """The action patterns this entry names (the excluded ones when ``not_action``)."""
        return self.not_patterns[0] if self.not_action and self.not_patterns[0] else (self.action,)

    @property
    def resource_patterns(self) -> tuple[str, ...]:
        """The resource patterns this entry names (the excluded ones when ``not_resource``)."""
        return self.not_patterns[1] if self.not_resource and self.not_patterns[1] else (self.resource,)

    def key(self) -> tuple[str, tuple[str, ...], tuple[str, ...], str, bool, bool, str | None]:
        """What is granted, without where it comes from (actions and RAM ARNs lower-cased)."""
        return (
            self.effect,
            tuple(action.lower() for action in self.action_patterns),
            tuple(resource_key(resource) for resource in self.resource_patterns),
            self.scope,
            self.not_action,
            self.not_resource,
            self.condition,
        )

    def describe(self) -> str:
        """One line for people."""
        action = f"NOT({self.action})" if self.not_action else self.action
        resource = f"NOT({self.resource})" if self.not_resource else self.resource
        where = "account" if self.scope == ACCOUNT_SCOPE else f"resource group {self.scope}"
        condition = f" if {self.condition}" if self.condition else ""
        no_effect = " [no effect: action lacks resource-group authorisation]" if not self.effective else ""
        return f"{self.effect} {action} on {resource} at {where}{condition}{no_effect}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form (Not* patterns as the lists ``action_patterns`` / ``resource_patterns``)."""
        fields = dataclasses.asdict(self)
        del fields["not_patterns"]
        return {
            **fields,
            "action_patterns": list(self.action_patterns),
            "resource_patterns": list(self.resource_patterns),
        }


# ---------------------------------------------------------------------------------------------------------------
# Compiled documents


def _as_strings(value: object) -> list[str] | None:
    """A policy element as a list of strings (a single string is a one-element list); None if malformed."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


class TrustPrincipals:
    """The compiled ``Principal`` element of a trust policy statement."""

    __slots__ = ("federated", "ram", "service", "sources")

    def __init__(self, element: object) -> None:
        ram: list[str] = []
        service: list[str] = []
        federated: list[str] = []
        if isinstance(element, str):
            ram = [element]
        elif isinstance(element, Mapping):
            for kind, values in element.items():
                names = _as_strings(values) or []
                lowered = str(kind).lower()
                if lowered == "ram":
                    ram.extend(names)
                elif lowered == "service":
                    service.extend(names)
                elif lowered == "federated":
                    federated.extend(names)
        self.sources: dict[str, list[str]] = {"RAM": ram, "Service": service, "Federated": federated}
        # Principal ARNs and service names compare case-insensitively (RAM names are case-insensitive).
        self.ram: PatternSet = action_patterns(ram)
        self.service: PatternSet = action_patterns(service)
        self.federated: PatternSet = action_patterns(federated)

    def matches(self, caller: Principal) -> bool:
        """True when the caller is one of the trusted principals."""
        if caller.kind in ("user", "role"):
            if not self.ram.sources:
                return False
            candidates = (caller.arn, root_arn(caller.account_id), caller.account_id)
            return any(self.ram.matches(candidate) for candidate in candidates)
        if caller.kind == "service":
            return self.service.matches(caller.name)
        if caller.kind == "federated":
            return self.federated.matches(caller.name)
        return False


class CompiledStatement:
    """One statement with its patterns and conditions compiled."""

    __slots__ = (
        "actions",
        "condition_source",
        "conditions",
        "deny",
        "effect_valid",
        "index",
        "not_action",
        "not_resource",
        "principals",
        "problems",
        "resources",
        "sid",
    )

    def __init__(self, index: int, statement: object, *, trust: bool) -> None:
        self.index = index
        self.problems: list[str] = []
        self.sid: str | None = None
        self.deny = False
        self.effect_valid = False
        self.not_action = False
        self.not_resource = False
        self.actions: PatternSet | None = None
        self.resources: PatternSet | None = None
        self.principals: TrustPrincipals | None = None
        self.conditions: ConditionBlock = compile_conditions(None)
        self.condition_source: str | None = None
        if not isinstance(statement, Mapping):
            self.problems.append(f"Statement[{index}] is not an object")
            return
        by_lower = {str(key).lower(): value for key, value in statement.items()}
        sid = by_lower.get("sid")
        self.sid = str(sid) if sid is not None else None
        effect = str(by_lower.get("effect", "")).lower()
        if effect not in ("allow", "deny"):
            self.problems.append(f"Statement[{index}].Effect must be Allow or Deny")
        self.deny = effect == "deny"
        self.effect_valid = effect in ("allow", "deny")
        self.actions, self.not_action = self._element(by_lower, "action", action_patterns)
        if not trust:
            self.resources, self.not_resource = self._element(by_lower, "resource", resource_patterns)
        else:
            self.principals = TrustPrincipals(by_lower.get("principal"))
        if "condition" in by_lower:
            self.conditions = compile_conditions(by_lower["condition"])
            self.problems.extend(f"Statement[{index}].Condition: {problem}" for problem in self.conditions.problems)
            try:
                self.condition_source = json.dumps(by_lower["condition"], sort_keys=True, separators=(",", ":"))
            except (TypeError, ValueError):
                self.condition_source = repr(by_lower["condition"])

    def _element(
        self, by_lower: Mapping[str, object], name: str, build: Callable[[Iterable[str]], PatternSet]
    ) -> tuple[PatternSet | None, bool]:
        """Compile ``Action``/``NotAction`` or ``Resource``/``NotResource``; None when absent or malformed."""
        title = name.capitalize()
        positive, negative = by_lower.get(name), by_lower.get("not" + name)
        if positive is not None and negative is not None:
            self.problems.append(f"Statement[{self.index}] has both {title} and Not{title}")
            return None, False
        chosen, negated = (negative, True) if negative is not None else (positive, False)
        if chosen is None:
            self.problems.append(f"Statement[{self.index}] has no {title} or Not{title}")
            return None, False
        values = _as_strings(chosen)
        if values is None:
            self.problems.append(f"Statement[{self.index}].{'Not' if negated else ''}{title} must be text or a list")
            return None, False
        return build(values), negated

    @property
    def effect(self) -> StatementEffect:
        """``Allow`` or ``Deny``."""
        return "Deny" if self.deny else "Allow"

    @property
    def usable(self) -> bool:
        """False when the statement is malformed and can never match."""
        return (
            self.effect_valid
            and self.actions is not None
            and (self.resources is not None or self.principals is not None)
        )

    def matches_action(self, action: str) -> bool:
        """True when the action (any case) is covered by Action, or not excluded by NotAction."""
        if self.actions is None:
            return False
        return self.actions.matches(action) != self.not_action

    def matches_resource(self, resource: str) -> bool:
        """True when the resource ARN is covered by Resource, or not excluded by NotResource."""
        if self.resources is None:
            return False
        return self.resources.matches(resource) != self.not_resource


@dataclass(frozen=True)
class CompiledPolicy:
    """A policy document with every statement compiled; ``problems`` lists what could not be read."""

    statements: tuple[CompiledStatement, ...]
    problems: tuple[str, ...]


def compile_policy(document: object, *, trust: bool = False) -> CompiledPolicy:
    """Compile a policy (or, with ``trust=True``, a trust policy) document given as a dict or JSON text."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as error:
            return CompiledPolicy((), (f"not valid JSON: {error.msg}",))
    if not isinstance(document, Mapping):
        return CompiledPolicy((), ("the policy document is not an object",))
    raw = next((value for key, value in document.items() if str(key).lower() == "statement"), None)
    if raw is None:
        return CompiledPolicy((), ("the policy has no Statement",))
    items = raw if isinstance(raw, list) else [raw]
    statements = tuple(CompiledStatement(index, item, trust=trust) for index, item in enumerate(items))
    problems = tuple(problem for statement in statements for problem in statement.problems)
    return CompiledPolicy(statements, problems)


_COMPILE_CACHE_LIMIT = 4096
_compile_cache: dict[tuple[bool, str], CompiledPolicy] = {}


def compile_policy_cached(document: object, *, trust: bool = False) -> CompiledPolicy:
    """:func:`compile_policy`, reusing an earlier compilation of an identical document."""
    key = (trust, document if isinstance(document, str) else repr(document))
    compiled = _compile_cache.get(key)
    if compiled is None:
        compiled = compile_policy(document, trust=trust)
        if len(_compile_cache) >= _COMPILE_CACHE_LIMIT:
            _compile_cache.clear()
        _compile_cache[key] = compiled
    return compiled


@functools.lru_cache(maxsize=64)
def _compiled_system_policy(canonical_name: str) -> CompiledPolicy | None:
    from alicloud_gov.policy.system_policies import get_system_policy

    document = get_system_policy(canonical_name)
    return compile_policy(document) if document is not None else None


def _unresolved_note(attachment: Attachment) -> str:
    """Why an attachment grants nothing here: its policy is undeclared, or a name-only system policy."""
    from alicloud_gov.policy.system_policy_names import system_policy_access_unknown

    where = f"{attachment.policy_type} policy {attachment.policy_name} attached to {attachment.holder}"
    unknown = system_policy_access_unknown(attachment.policy_name) if attachment.policy_type == "System" else None
    if unknown is not None:
        return f"{where}: {unknown}; nothing is allowed through it here (its real access is unknown)"
    return f"{where} is not declared; the attachment grants nothing"


def _system_policy(name: str) -> tuple[str, CompiledPolicy] | None:
    """(canonical name, compiled document) of a system policy, matched case-insensitively."""
    from alicloud_gov.policy.system_policies import canonical_system_policy_name

    canonical = canonical_system_policy_name(name)
    if canonical is None:
        return None
    compiled = _compiled_system_policy(canonical)
    return (canonical, compiled) if compiled is not None else None


@functools.lru_cache(maxsize=4096)
def unknown_action_note(action: str) -> str | None:
    """``unknown action vpc:DescribeVpcz; did you mean vpc:DescribeVpcs?`` when the catalogue does not know
    ``action`` (a service it does not know, or a catalogued service without that action); None when it is known,
    a wildcard, or of a service known only at service level (any name accepted)."""
    from alicloud_gov.policy.catalog import load_catalog

    text = action.strip()
    service, sep, name = text.partition(":")
    if not sep or not name or "*" in text or "?" in text:
        return None
    catalog = load_catalog()
    known_service = catalog.service_title(service) is not None
    if known_service and (catalog.is_service_level_only(service) or catalog.action(text) is not None):
        return None
    suggestion = catalog.suggest(text)
    hint = f"; did you mean {suggestion}?" if suggestion and suggestion.lower() != text.lower() else ""
    where = "" if known_service else f" (service {service!r} is not in the catalogue)"
    return f"unknown action {text}{where}{hint}"


def _condition_applies(
    conditions: ConditionBlock, context: Mapping[str, object], deny: bool, any_context: bool
) -> bool:
    """Whether a statement with ``conditions`` counts for the request: as ``context`` meets them or, with
    ``any_context``, as some request may: an Allow whose condition can hold counts, a conditional Deny does not
    (some request escapes it). A condition that can never hold never counts."""
    if any_context and not conditions.is_empty and not conditions.problems:
        return not deny
    return conditions.holds(context)


@functools.lru_cache(maxsize=8192)
def catalog_rg_support(action: str) -> bool | None:
    """Whether the catalogue says ``action`` supports resource-group authorisation (None: unknown action)."""
    from alicloud_gov.policy.catalog import load_catalog

    info = load_catalog().action(action)
    return None if info is None else info.supports_resource_group


# ---------------------------------------------------------------------------------------------------------------
# Per-principal index


@dataclass(frozen=True)
class _Bound:
    """A compiled statement bound to the attachment it came through."""

    statement: CompiledStatement
    scope: str
    provenance: MatchedStatement


_BIND_CACHE_LIMIT = 16384
_bind_cache: dict[tuple[str, Attachment, str, str], tuple[CompiledPolicy, tuple[_Bound, ...]]] = {}


def _bind(
    account_id: str, attachment: Attachment, policy_name: str, scope: str, compiled: CompiledPolicy
) -> tuple[_Bound, ...]:
    """The usable statements of a compiled policy bound to one attachment (reused while the document is)."""
    key = (account_id, attachment, policy_name, scope)
    cached = _bind_cache.get(key)
    if cached is not None and cached[0] is compiled:
        return cached[1]
    bound = tuple(
        _Bound(
            statement,
            scope,
            MatchedStatement(
                policy_name=policy_name,
                policy_type=attachment.policy_type,
                scope=scope,
                statement_index=statement.index,
                sid=statement.sid,
                effect=statement.effect,
                attached_to=attachment.holder,
                account_id=account_id,
            ),
        )
        for statement in compiled.statements
        if statement.usable
    )
    if len(_bind_cache) >= _BIND_CACHE_LIMIT:
        _bind_cache.clear()
    _bind_cache[key] = (compiled, bound)
    return bound


class _PrincipalIndex:
    """Every statement that governs one principal, with a per-action cache of the candidates."""

    __slots__ = ("bound", "by_action", "notes")

    _ACTION_CACHE_LIMIT = 2048

    def __init__(self, bound: list[_Bound], notes: list[str]) -> None:
        self.bound = tuple(bound)
        self.notes = tuple(notes)
        self.by_action: dict[str, tuple[_Bound, ...]] = {}

    def candidates(self, action: str) -> tuple[_Bound, ...]:
        """The statements whose Action/NotAction covers ``action`` (lower case)."""
        found = self.by_action.get(action)
        if found is None:
            found = tuple(item for item in self.bound if item.statement.matches_action(action))
            if len(self.by_action) >= self._ACTION_CACHE_LIMIT:
                self.by_action.clear()
            self.by_action[action] = found
        return found


# ---------------------------------------------------------------------------------------------------------------
# The evaluator


class Evaluator:
    """Answers access questions against a snapshot of one or several stacks (one per account).

    ``rg_support`` tells whether an action supports resource-group authorisation (None when
    unknown); it defaults to the catalogue.
    """

    def __init__(
        self,
        stacks: StackModel | Iterable[StackModel],
        *,
        rg_support: RgSupport | None = None,
        compile_document: Callable[..., CompiledPolicy] = compile_policy_cached,
    ) -> None:
        self.stacks: dict[str, StackModel] = stacks_by_account(stacks)
        self._rg_support: RgSupport = rg_support or catalog_rg_support
        self._compile = compile_document
        self._indexes: dict[tuple[str, str, str], _PrincipalIndex] = {}
        self._trust: dict[tuple[str, str], tuple[str, CompiledPolicy]] = {}

    # -- indexes ------------------------------------------------------------------------------------------------

    def _holders(self, stack: StackModel, principal: Principal) -> list[tuple[str, str]]:
        """The (type, name) pairs whose attachments govern the principal."""
        if principal.kind == "user":
            return [("user", principal.name), *(("group", group) for group in stack.groups_of(principal.name))]
        if principal.kind in ("role", "group"):
            return [(principal.kind, stack.find_principal(principal.kind, principal.name) or principal.name)]
        return []

    def _index(self, stack: StackModel, principal: Principal) -> _PrincipalIndex:
        key = (stack.account_id, principal.kind, principal.name.lower())  # RAM names match in any case
        index = self._indexes.get(key)
        if index is None:
            index = self._build_index(stack, principal)
            self._indexes[key] = index
        return index

    def _build_index(self, stack: StackModel, principal: Principal) -> _PrincipalIndex:
        # RAM principal names are case-insensitive (policy.matching.folds_case), so holders match in any case.
        wanted = {(kind, name.lower()) for kind, name in self._holders(stack, principal)}
        relevant = [a for a in stack.attachments if (a.principal_type, a.principal_name.lower()) in wanted]
        bound: list[_Bound] = []
        notes: list[str] = []
        for attachment in relevant:
            resolved = self._resolve_policy(stack, attachment)
            if resolved is None:
                notes.append(_unresolved_note(attachment))
                continue
            policy_name, compiled = resolved
            bound.extend(_bind(stack.account_id, attachment, policy_name, stack.scope_of(attachment), compiled))
            notes.extend(f"{attachment.policy_type} policy {policy_name}: {problem}" for problem in compiled.problems)
        return _PrincipalIndex(bound, notes)

    def _resolve_policy(self, stack: StackModel, attachment: Attachment) -> tuple[str, CompiledPolicy] | None:
        if attachment.policy_type == "Custom":
            declared = stack.find_policy(attachment.policy_name)
            if declared is None:
                return None
            return declared, self._compile(stack.policies[declared])
        return _system_policy(attachment.policy_name)

    def _trust_policy(self, stack: StackModel, role_name: str) -> tuple[str, CompiledPolicy] | None:
        declared = stack.find_role(role_name)
        if declared is None:
            return None
        key = (stack.account_id, declared)
        found = self._trust.get(key)
        if found is None:
            found = (declared, self._compile(stack.roles[declared], trust=True))
            self._trust[key] = found
        return found

    # -- identity policies --------------------------------------------------------------------------------------

    def evaluate(
        self,
        principal: Principal,
        action: str,
        resource: str,
        context: Mapping[str, object] | None = None,
        resource_group_id: str | None = None,
        session_policy: Mapping[str, Any] | str | None = None,
        *,
        any_context: bool = False,
    ) -> Decision:
        """Decide whether ``principal`` may perform ``action`` on ``resource`` (an ARN or ``*``).

        ``resource_group_id`` names the resource group the resource is in (overrides the
        stack's ``resource_placement``); ``session_policy`` is the optional STS session policy
        of a role session, which further limits what the role's policies allow. With ``any_context``
        the question is whether *some* request may succeed, whatever ``context`` says: an Allow whose
        condition can hold counts, a Deny under a condition does not (some request escapes it), so the
        security checks never miss a grant behind a condition (:attr:`Decision.conditional` marks it).
        """
        decision = self._evaluate_identity(
            principal, action, resource, context, resource_group_id, session_policy, any_context
        )
        unknown = unknown_action_note(action)
        if unknown is not None and unknown not in decision.notes:
            decision.notes.insert(0, unknown)
        return decision

    def _evaluate_identity(
        self,
        principal: Principal,
        action: str,
        resource: str,
        context: Mapping[str, object] | None,
        resource_group_id: str | None,
        session_policy: Mapping[str, Any] | str | None,
        any_context: bool = False,
    ) -> Decision:
        """:meth:`evaluate` without the catalogue's word on the action."""
        action_key = action.lower()
        stack = self.stacks.get(principal.account_id)
        if stack is None:
            return Decision("ImplicitDeny", [], f"no stack declares account {principal.account_id}")
        resource_account = arn_account(resource)
        foreign = resource_account is not None and resource_account != principal.account_id
        if principal.kind == "root":
            if action_key == ASSUME_ROLE_ACTION:
                return Decision("ImplicitDeny", [], "an Alibaba Cloud account (root) cannot assume a RAM role")
            if foreign:
                return Decision(
                    "ImplicitDeny",
                    [],
                    f"{resource} belongs to account {resource_account}; "
                    f"the root identity of {principal.account_id} acts only in its own account",
                )
            return Decision("Allow", [], f"the root identity may do anything in its own account {stack.account_id}")
        if principal.kind not in ("user", "role", "group"):
            return Decision(
                "ImplicitDeny", [], f"{principal.label} has no RAM policies; only its role assumptions can be evaluated"
            )
        if not stack.has_principal(principal.kind, principal.name):
            return Decision(
                "ImplicitDeny", [], f"{principal.kind} {principal.name} is not declared in account {stack.account_id}"
            )
        if foreign and action_key != ASSUME_ROLE_ACTION:
            return Decision(
                "ImplicitDeny",
                [],
                f"{resource} belongs to account {resource_account}; policies of account {principal.account_id} "
                "govern only its own resources (assume a role in that account instead)",
            )
        index = self._index(stack, principal)
        group = resource_group_id or stack.resource_placement.get(resource)
        candidates = index.candidates(action_key)
        return self._decide(
            candidates, list(index.notes), principal, action, resource, group, context, session_policy, any_context
        )

    def _decide(
        self,
        candidates: Iterable[_Bound],
        notes: list[str],
        principal: Principal,
        action: str,
        resource: str,
        group: str | None,
        context: Mapping[str, object] | None,
        session_policy: Mapping[str, Any] | str | None,
        any_context: bool = False,
    ) -> Decision:
        """Apply scope, resource and condition tests to the statements whose action matches, then decide."""
        normalized = normalize_context(context)
        allows: list[MatchedStatement] = []
        denies: list[MatchedStatement] = []
        unconditional_allow = False
        rg_supported: bool | None = None
        rg_known = True
        for item in candidates:
            statement = item.statement
            if not statement.matches_resource(resource):
                continue
            conditional = not statement.conditions.is_empty
            if not _condition_applies(statement.conditions, normalized, statement.deny, any_context):
                if any_context and not statement.conditions.problems:
                    notes.append(f"{item.provenance.summary()} applies only to requests that meet its condition")
                elif statement.conditions.problems:
                    notes.append(f"{item.provenance.summary()} never applies: {'; '.join(statement.problems)}")
                else:
                    unmet = "; ".join(statement.conditions.unmet(normalized))
                    notes.append(f"{item.provenance.summary()} does not apply: condition {unmet}")
                continue
            if item.scope != ACCOUNT_SCOPE:
                if rg_supported is None:
                    support = self._rg_support(action)
                    rg_known = support is not None
                    rg_supported = support is not False
                if not rg_supported:
                    notes.append(
                        f"{item.provenance.summary()} is ignored: {action} does not support resource-group "
                        "authorisation, so a resource-group-scoped grant has no effect (grant it at account scope)"
                    )
                    continue
                if group != item.scope:
                    where = f"resource group {group}" if group else "no declared resource group"
                    notes.append(f"{item.provenance.summary()} does not apply: {resource} is in {where}")
                    continue
                if not rg_known:
                    notes.append(f"{action} is not in the catalogue; assumed to support resource-group authorisation")
            (denies if statement.deny else allows).append(item.provenance)
            unconditional_allow = unconditional_allow or not (statement.deny or conditional)
        notes = list(dict.fromkeys(notes))
        if denies:
            return Decision("ExplicitDeny", denies, f"explicitly denied by {denies[0].describe()}", notes)
        if not allows:
            return Decision(
                "ImplicitDeny",
                [],
                f"no statement attached to {principal.label} allows {action} on {resource} (denied by default)",
                notes,
            )
        if session_policy is not None:
            limited = self._apply_session_policy(session_policy, action, resource, normalized, principal)
            if limited is not None:
                limited.notes[:0] = notes
                return limited
        only_conditional = any_context and not unconditional_allow
        return Decision("Allow", allows, f"allowed by {allows[0].describe()}", notes, conditional=only_conditional)

    def _apply_session_policy(
        self,
        session_policy: Mapping[str, Any] | str,
        action: str,
        resource: str,
        context: Mapping[str, object],
        principal: Principal,
    ) -> Decision | None:
        """A deny when the session policy denies or does not allow the request; None when it allows."""
        compiled = self._compile(session_policy)
        allowed = False
        for statement in compiled.statements:
            if not statement.usable or not statement.matches_action(action):
                continue
            if not statement.matches_resource(resource) or not statement.conditions.holds(context):
                continue
            matched = MatchedStatement(
                policy_name="session policy",
                policy_type=SESSION_POLICY_TYPE,
                scope="session",
                statement_index=statement.index,
                sid=statement.sid,
                effect=statement.effect,
                attached_to=principal.label,
                account_id=principal.account_id,
            )
            if statement.deny:
                return Decision("ExplicitDeny", [matched], f"explicitly denied by {matched.describe()}")
            allowed = True
        if allowed:
            return None
        return Decision("ImplicitDeny", [], f"the session policy does not allow {action} on {resource}")

    # -- role assumption ----------------------------------------------------------------------------------------

    def may_assume_role(
        self,
        caller: Principal,
        role_arn: str,
        context: Mapping[str, object] | None = None,
        *,
        any_context: bool = False,
    ) -> Decision:
        """Decide whether ``caller`` may assume the role ``role_arn``: both the caller's
        ``sts:AssumeRole`` permission and the role's trust policy must allow it. ``any_context`` as in
        :meth:`evaluate`, on both sides."""
        try:
            role_account, role_name = parse_role_arn(role_arn)
        except ArnError as error:
            return Decision("ImplicitDeny", [], str(error))
        if caller.kind == "root":
            return Decision("ImplicitDeny", [], "an Alibaba Cloud account (root) cannot assume a RAM role")
        if caller.kind == "group":
            return Decision("ImplicitDeny", [], "a user group cannot assume a role; ask for one of its users")
        role_stack = self.stacks.get(role_account)
        if role_stack is None:
            return Decision("ImplicitDeny", [], f"no stack declares account {role_account}, which owns {role_arn}")
        trust = self._trust_policy(role_stack, role_name)
        if trust is None:
            return Decision("ImplicitDeny", [], f"role {role_name} is not declared in account {role_account}")
        declared_name, compiled_trust = trust
        identity: Decision | None = None
        if caller.kind in ("user", "role"):
            identity = self.evaluate(caller, "sts:AssumeRole", role_arn, context, any_context=any_context)
            if identity.effect == "ExplicitDeny":
                return Decision(
                    "ExplicitDeny", identity.deciding, f"the caller's side: {identity.reason}", identity.notes
                )
        trust_allows, trust_denies, trust_notes = self._evaluate_trust(
            compiled_trust, caller, normalize_context(context), f"role:{declared_name}", role_account, any_context
        )
        notes = [*(identity.notes if identity else []), *trust_notes]
        if trust_denies:
            return Decision("ExplicitDeny", trust_denies, f"explicitly denied by {trust_denies[0].describe()}", notes)
        if identity is not None and not identity.allowed:
            trust_state = "trusts it" if trust_allows else "does not trust it either"
            cause = identity.reason
            if not identity.deciding and cause.startswith("no statement"):
                cause = "none of its own policies allows sts:AssumeRole on the role"
            reason = f"{caller.label} may not assume {role_arn}: {cause}; the role's trust policy {trust_state}"
            return Decision("ImplicitDeny", [], reason, notes)
        if not trust_allows:
            return Decision(
                "ImplicitDeny",
                [],
                f"the trust policy of role {declared_name} in account {role_account} does not trust {caller.label}",
                notes,
            )
        deciding = [*(identity.deciding if identity else []), *trust_allows]
        if identity is None:
            notes.append(f"{caller.label} is not a RAM identity; only the trust policy applies")
        sides = "its own policies allow sts:AssumeRole and the trust policy trusts it"
        if identity is None:
            sides = "the trust policy trusts it"
        return Decision("Allow", deciding, f"{caller.label} may assume {role_arn}: {sides}", notes)

    def _evaluate_trust(
        self,
        compiled: CompiledPolicy,
        caller: Principal,
        context: Mapping[str, object],
        holder: str,
        account_id: str,
        any_context: bool = False,
    ) -> tuple[list[MatchedStatement], list[MatchedStatement], list[str]]:
        allows: list[MatchedStatement] = []
        denies: list[MatchedStatement] = []
        notes = [f"trust policy of {holder}: {problem}" for problem in compiled.problems]
        for statement in compiled.statements:
            if not statement.usable or statement.principals is None:
                continue
            if not statement.matches_action(ASSUME_ROLE_ACTION) or not statement.principals.matches(caller):
                continue
            if not _condition_applies(statement.conditions, context, statement.deny, any_context):
                continue
            matched = MatchedStatement(
                policy_name=f"trust policy of {holder}",
                policy_type=TRUST_POLICY_TYPE,
                scope="trust",
                statement_index=statement.index,
                sid=statement.sid,
                effect=statement.effect,
                attached_to=holder,
                account_id=account_id,
            )
            (denies if statement.deny else allows).append(matched)
        return allows, denies, notes

    # -- effective permissions ----------------------------------------------------------------------------------

    def effective_permissions(self, principal: Principal) -> list[Permission]:
        """Every (effect, action, resource, scope) the principal holds, one entry per pattern pair, sorted."""
        stack = self.stacks.get(principal.account_id)
        if stack is None:
            raise StackError(f"no stack declares account {principal.account_id}")
        if principal.kind == "root":
            return [Permission("Allow", "*", "*", ACCOUNT_SCOPE, policy_name="(root identity)", attached_to="root")]
        if principal.kind not in ("user", "role", "group") or not stack.has_principal(principal.kind, principal.name):
            raise StackError(f"{principal.label} is not declared in account {stack.account_id}")
        entries: list[Permission] = []
        for item in self._index(stack, principal).bound:
            entries.extend(self._permissions_of(item))
        return sorted(set(entries), key=lambda entry: (entry.key(), entry.policy_name, entry.attached_to))

    def _permissions_of(self, item: _Bound) -> list[Permission]:
        statement = item.statement
        assert statement.actions is not None and statement.resources is not None
        not_patterns = (
            tuple(sorted(statement.actions.sources)) if statement.not_action else (),
            tuple(sorted(statement.resources.sources)) if statement.not_resource else (),
        )
        actions = [", ".join(not_patterns[0])] if statement.not_action else list(statement.actions.sources)
        resources = [", ".join(not_patterns[1])] if statement.not_resource else list(statement.resources.sources)
        provenance = item.provenance
        entries = []
        for action in actions:
            effective = True
            if item.scope != ACCOUNT_SCOPE and not statement.not_action and "*" not in action and "?" not in action:
                effective = self._rg_support(action) is not False
            for resource in resources:
                entries.append(
                    Permission(
                        effect=statement.effect,
                        action=action,
                        resource=resource,
                        scope=item.scope,
                        not_action=statement.not_action,
                        not_resource=statement.not_resource,
                        condition=statement.condition_source,
                        effective=effective,
                        policy_name=provenance.policy_name,
                        policy_type=provenance.policy_type,
                        attached_to=provenance.attached_to,
                        statement_index=provenance.statement_index,
                        not_patterns=not_patterns,
                    )
                )
        return entries

    def principals(self) -> list[Principal]:
        """Every user and role declared across the stacks (the principals that make requests)."""
        found: list[Principal] = []
        for account_id, stack in sorted(self.stacks.items()):
            found.extend(Principal.user(name, account_id) for name in sorted(stack.users))
            found.extend(Principal.role(name, account_id) for name in sorted(stack.roles))
        return found


# ---------------------------------------------------------------------------------------------------------------
# Module-level entry points (the shared contract)


def evaluate(
    stack: StackModel | Sequence[StackModel],
    principal: Principal,
    action: str,
    resource: str,
    context: Mapping[str, object] | None = None,
    resource_group_id: str | None = None,
    session_policy: Mapping[str, Any] | str | None = None,
) -> Decision:
    """Decide whether ``principal`` may perform ``action`` on ``resource`` (see :meth:`Evaluator.evaluate`).

    Reads the stacks as they are now; for many questions against unchanged stacks, build one
    :class:`Evaluator` and reuse it.
    """
    return Evaluator(stack).evaluate(principal, action, resource, context, resource_group_id, session_policy)


def may_assume_role(
    stacks: StackModel | Sequence[StackModel],
    caller: Principal,
    role_arn: str,
    context: Mapping[str, object] | None = None,
) -> Decision:
    """Decide whether ``caller`` may assume ``role_arn`` (caller permission AND trust policy)."""
    return Evaluator(stacks).may_assume_role(caller, role_arn, context)


def effective_permissions(stack: StackModel | Sequence[StackModel], principal: Principal) -> list[Permission]:
    """Every (effect, action, resource, scope) ``principal`` holds; compare :meth:`Permission.key` sets to diff."""
    return Evaluator(stack).effective_permissions(principal)


def effective_permissions_by_principal(stack: StackModel | Sequence[StackModel]) -> dict[str, list[Permission]]:
    """:func:`effective_permissions` of every declared user and role, keyed by :attr:`Principal.label`."""
    evaluator = Evaluator(stack)
    return {principal.label: evaluator.effective_permissions(principal) for principal in evaluator.principals()}
