"""The declared access model of one account (a *stack*), and the names RAM gives its principals.

A :class:`StackModel` holds what a platform team declares for one Alibaba Cloud account: RAM
users, user groups and memberships, roles with their trust policies, custom policies, policy
attachments at account or resource-group scope, resource groups and which resources sit in
which group. The evaluator (:mod:`alicloud_gov.policy.evaluate`) answers access questions
against one or several of them; ``alicloud-gov simulate`` loads them from a stack file with
:func:`load_stack_file` (format in docs/simulate.md).

ARNs and ResourceManager principal names are built and parsed by :mod:`alicloud_gov.spec.arns` and
:mod:`alicloud_gov.spec.principals`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from alicloud_gov.spec.arns import ArnError, principal_arn, ram_arn_parts, root_arn
from alicloud_gov.spec.names import ACCOUNT_UID, ACCOUNT_UID_LENGTH, is_account_uid

PrincipalKind = Literal["user", "role", "root", "group", "service", "federated"]
AttachmentPrincipalType = Literal["user", "group", "role"]
PolicyType = Literal["System", "Custom"]

ACCOUNT_SCOPE = "account"
"""The scope value of an attachment that applies everywhere in the account."""


class StackError(ValueError):
    """A stack (file or model) is malformed; the message names the file, account and field."""


@dataclass(frozen=True)
class Attachment:
    """A policy attached to a user, group or role, at account scope or in one resource group.

    ``scope`` is ``"account"`` or a resource group id (``rg-...``). RAM also accepts the
    account id as ResourceGroupId to mean account scope; :meth:`StackModel.scope_of` folds it.
    """

    principal_type: AttachmentPrincipalType
    principal_name: str
    policy_name: str
    policy_type: PolicyType
    scope: str = ACCOUNT_SCOPE

    @property
    def is_account_scope(self) -> bool:
        """True when the attachment applies across the whole account."""
        return self.scope == ACCOUNT_SCOPE

    @property
    def holder(self) -> str:
        """``kind:name`` of the principal the policy is attached to, e.g. ``group:netops``."""
        return f"{self.principal_type}:{self.principal_name}"


@dataclass(frozen=True)
class Principal:
    """Who makes a request.

    ``kind`` is ``user``, ``role`` (a session of an assumed role) or ``root`` (the
    Alibaba Cloud account itself). Three further kinds answer narrower questions:
    ``group`` (what membership in a user group grants), ``service`` (a cloud service
    such as ``ecs.aliyuncs.com`` assuming a role; ``account_id`` may be empty) and
    ``federated`` (an identity provider ARN assuming a role).
    """

    kind: PrincipalKind
    name: str
    account_id: str

    @property
    def arn(self) -> str:
        """The principal's RAM ARN (the service name for services, the provider ARN for federated)."""
        if self.kind == "root":
            return root_arn(self.account_id)
        if self.kind in ("service", "federated"):
            return self.name
        return principal_arn(self.account_id, self.kind, self.name)

    @property
    def label(self) -> str:
        """Short human form, e.g. ``user:alice@1000000000000001``."""
        if self.kind == "root":
            return f"root@{self.account_id}"
        if self.kind in ("service", "federated"):
            return f"{self.kind}:{self.name}"
        return f"{self.kind}:{self.name}@{self.account_id}"

    @classmethod
    def user(cls, name: str, account_id: str) -> Principal:
        """A RAM user."""
        return cls("user", name, account_id)

    @classmethod
    def role(cls, name: str, account_id: str) -> Principal:
        """A session of the named RAM role."""
        return cls("role", name, account_id)

    @classmethod
    def root(cls, account_id: str) -> Principal:
        """The Alibaba Cloud account (root identity)."""
        return cls("root", "root", account_id)

    @classmethod
    def from_arn(cls, arn: str) -> Principal:
        """Parse a user, role, assumed-role session or root ARN (``StackError`` otherwise)."""
        try:
            account_id, relative = ram_arn_parts(arn)
        except ArnError as error:
            raise StackError(str(error)) from None
        if relative == "root":
            return cls.root(account_id)
        kind, _, rest = relative.partition("/")
        if kind == "user" and rest:
            return cls.user(rest, account_id)
        if kind == "role" and rest:
            return cls.role(rest, account_id)
        if kind == "assumed-role" and rest:
            return cls.role(rest.split("/", 1)[0], account_id)
        raise StackError(f"{arn!r}: expected user/<name>, role/<name>, assumed-role/<role>/<session> or root")


def _declared_spelling(declared: Iterable[str], name: str) -> str | None:
    """The entry of ``declared`` equal to ``name`` in any case (the exact spelling first), or None."""
    if name in declared:
        return name
    lowered = name.lower()
    return next((entry for entry in declared if entry.lower() == lowered), None)


@dataclass
class StackModel:
    """The declared access model of one account.

    ``memberships`` holds ``(user, group)`` pairs; ``roles`` maps a role name to its trust
    policy; ``policies`` maps a custom policy name to its document; ``resource_groups`` maps
    a resource group id to its name; ``resource_placement`` maps a resource ARN to the id of
    the resource group it is in. ``alias`` is the account alias (used for principal names).
    ``unknown_grants`` describes each declared grant whose meaning the model cannot know (a policy
    name or document unknown until apply, a name-only system policy, another provider's resource
    that may grant access), one sentence each naming the resource; gates fail closed on them.
    """

    account_id: str
    users: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    memberships: set[tuple[str, str]] = field(default_factory=set)
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    resource_groups: dict[str, str] = field(default_factory=dict)
    resource_placement: dict[str, str] = field(default_factory=dict)
    alias: str | None = None
    unknown_grants: list[str] = field(default_factory=list)

    def scope_of(self, attachment: Attachment) -> str:
        """The attachment's scope with the account id folded into ``"account"``."""
        return ACCOUNT_SCOPE if attachment.scope in (ACCOUNT_SCOPE, self.account_id) else attachment.scope

    def groups_of(self, user: str) -> list[str]:
        """The groups ``user`` belongs to, sorted (names matched in any case, as RAM does)."""
        lowered = user.lower()
        return sorted({group for member, group in self.memberships if member.lower() == lowered})

    def find_role(self, name: str) -> str | None:
        """The declared spelling of role ``name`` (RAM role names are case-insensitive)."""
        return _declared_spelling(self.roles, name)

    def find_policy(self, name: str) -> str | None:
        """The declared spelling of custom policy ``name`` (matched case-insensitively, as RAM does)."""
        return _declared_spelling(self.policies, name)

    def find_principal(self, kind: str, name: str) -> str | None:
        """The declared spelling of the user, group or role ``name``, or None.

        RAM names are unique within an account regardless of case (the one case rule:
        :func:`alicloud_gov.policy.matching.folds_case`), so ``BOSS`` finds the declared ``Boss``.
        """
        if kind == "user":
            return _declared_spelling(self.users, name)
        if kind == "group":
            return _declared_spelling(self.groups, name)
        if kind == "role":
            return self.find_role(name)
        return None

    def has_principal(self, kind: str, name: str) -> bool:
        """True when the stack declares the user, group or role ``name`` (in any case)."""
        return self.find_principal(kind, name) is not None

    def resource_group_of(self, resource: str) -> str | None:
        """The resource group a resource ARN is placed in, if declared."""
        return self.resource_placement.get(resource)

    def validate(self) -> list[str]:
        """Problems that make the stack inconsistent, each naming the field (empty when sound)."""
        from alicloud_gov.policy.system_policies import canonical_system_policy_name

        problems: list[str] = []
        if not is_account_uid(self.account_id):
            problems.append(f"account_id: {self.account_id!r} {ACCOUNT_UID.explain}")
        for user, group in sorted(self.memberships):
            if user not in self.users:
                problems.append(f"memberships: ({user!r}, {group!r}) names undeclared user {user!r}")
            if group not in self.groups:
                problems.append(f"memberships: ({user!r}, {group!r}) names undeclared group {group!r}")
        for index, attachment in enumerate(self.attachments):
            where = f"attachments[{index}]"
            if attachment.principal_type not in ("user", "group", "role"):
                problems.append(f"{where}.principal_type: {attachment.principal_type!r} is not user, group or role")
            elif not self.has_principal(attachment.principal_type, attachment.principal_name):
                problems.append(
                    f"{where}.principal_name: {attachment.principal_type} {attachment.principal_name!r} is not declared"
                )
            if attachment.policy_type == "Custom":
                if self.find_policy(attachment.policy_name) is None:
                    problems.append(f"{where}.policy_name: custom policy {attachment.policy_name!r} is not declared")
            elif attachment.policy_type == "System":
                if canonical_system_policy_name(attachment.policy_name) is None:  # name-only entries are known
                    problems.append(f"{where}.policy_name: {attachment.policy_name!r} is not a known system policy")
            else:
                problems.append(f"{where}.policy_type: {attachment.policy_type!r} is not System or Custom")
            scope = self.scope_of(attachment)
            if scope != ACCOUNT_SCOPE and scope not in self.resource_groups:
                problems.append(f"{where}.scope: resource group {attachment.scope!r} is not declared")
        for resource, group in sorted(self.resource_placement.items()):
            if group not in self.resource_groups:
                problems.append(f"resource_placement[{resource!r}]: resource group {group!r} is not declared")
        for name, document in sorted(self.roles.items()):
            if not isinstance(document, Mapping):
                problems.append(f"roles[{name!r}]: the trust policy must be an object")
        for name, document in sorted(self.policies.items()):
            if not isinstance(document, Mapping):
                problems.append(f"policies[{name!r}]: the policy document must be an object")
        return problems


# ---------------------------------------------------------------------------------------------------------------
# Stack files


def _document(value: object, where: str) -> dict[str, Any]:
    """A policy document given as an object or as JSON text."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            raise StackError(f"{where}: not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(value, Mapping):
        raise StackError(f"{where}: expected a policy document (an object or JSON text)")
    return dict(value)


def _string_list(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise StackError(f"{where}: expected a list of names")
    return list(value)


def _memberships(value: object, where: str) -> set[tuple[str, str]]:
    """Memberships as ``{group: [users]}`` or a list of ``[user, group]`` pairs / ``{user, group}`` objects."""
    pairs: set[tuple[str, str]] = set()
    if value is None:
        return pairs
    if isinstance(value, Mapping):
        for group, users in value.items():
            for user in _string_list(users, f"{where}.{group}"):
                pairs.add((user, str(group)))
        return pairs
    if not isinstance(value, list):
        raise StackError(f"{where}: expected {{group: [users]}} or a list of [user, group] pairs")
    for index, item in enumerate(value):
        if isinstance(item, Mapping) and "user" in item and "group" in item:
            pairs.add((str(item["user"]), str(item["group"])))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.add((str(item[0]), str(item[1])))
        else:
            raise StackError(f"{where}[{index}]: expected [user, group] or {{user: ..., group: ...}}")
    return pairs


_ATTACHMENT_TYPES = {"user": "user", "group": "group", "role": "role"}


def _attachment(item: object, where: str, custom_policies: Mapping[str, object]) -> Attachment:
    """One attachment: ``{principal: "user:alice", policy: Name, type: System|Custom, scope: account|rg-id}``
    or the dataclass field names (``principal_type``, ``principal_name``, ``policy_name``, ``policy_type``)."""
    if not isinstance(item, Mapping):
        raise StackError(f"{where}: expected an object")
    if "principal" in item:
        principal = item["principal"]
        kind, sep, name = str(principal).partition(":")
        if not sep or kind not in _ATTACHMENT_TYPES or not name:
            raise StackError(f"{where}.principal: expected user:<name>, group:<name> or role:<name>, got {principal!r}")
    else:
        kind = str(item.get("principal_type", ""))
        name = str(item.get("principal_name", ""))
        if kind not in _ATTACHMENT_TYPES:
            raise StackError(f"{where}.principal_type: expected user, group or role, got {kind!r}")
        if not name:
            raise StackError(f"{where}.principal_name: missing")
    policy = item.get("policy", item.get("policy_name"))
    if not isinstance(policy, str) or not policy:
        raise StackError(f"{where}.policy: missing policy name")
    policy_type = item.get("type", item.get("policy_type"))
    if policy_type is None:
        lowered = policy.lower()
        policy_type = "Custom" if any(str(key).lower() == lowered for key in custom_policies) else "System"
    canonical_type = {"system": "System", "custom": "Custom"}.get(str(policy_type).lower())
    if canonical_type is None:
        raise StackError(f"{where}.type: expected System or Custom, got {policy_type!r}")
    scope = item.get("scope", item.get("resource_group", ACCOUNT_SCOPE))
    if not isinstance(scope, str) or not scope:
        raise StackError(f"{where}.scope: expected 'account' or a resource group id")
    return Attachment(
        cast(AttachmentPrincipalType, kind),
        name,
        policy,
        cast(PolicyType, canonical_type),
        scope,
    )


_STACK_KEYS = frozenset(
    {
        "account_id",
        "alias",
        "name",
        "users",
        "groups",
        "memberships",
        "roles",
        "policies",
        "attachments",
        "resource_groups",
        "resource_placement",
    }
)


def stack_from_dict(data: Mapping[str, Any], where: str = "stack") -> StackModel:
    """Build and validate one account's :class:`StackModel` from its stack-file form."""
    if not isinstance(data, Mapping):
        raise StackError(f"{where}: expected an object describing one account")
    unknown = sorted(set(map(str, data)) - _STACK_KEYS)
    if unknown:
        raise StackError(f"{where}: unknown field(s) {', '.join(unknown)} (allowed: {', '.join(sorted(_STACK_KEYS))})")
    account_id = data.get("account_id")
    if isinstance(account_id, int) and not isinstance(account_id, bool):
        account_id = str(account_id)
    if not is_account_uid(account_id):
        raise StackError(
            f"{where}.account_id: expected an account UID ({ACCOUNT_UID_LENGTH} digits; quote it in YAML), "
            f"got {account_id!r}"
        )
    roles_raw = data.get("roles") or {}
    if not isinstance(roles_raw, Mapping):
        raise StackError(f"{where}.roles: expected {{role name: trust policy}}")
    roles: dict[str, dict[str, Any]] = {}
    for role_name, role in roles_raw.items():
        trust = role.get("trust_policy") if isinstance(role, Mapping) and "trust_policy" in role else role
        roles[str(role_name)] = _document(trust, f"{where}.roles.{role_name}")
    policies_raw = data.get("policies") or {}
    if not isinstance(policies_raw, Mapping):
        raise StackError(f"{where}.policies: expected {{policy name: document}}")
    policies = {str(name): _document(doc, f"{where}.policies.{name}") for name, doc in policies_raw.items()}
    attachments_raw = data.get("attachments") or []
    if not isinstance(attachments_raw, list):
        raise StackError(f"{where}.attachments: expected a list")
    attachments = [
        _attachment(item, f"{where}.attachments[{index}]", policies) for index, item in enumerate(attachments_raw)
    ]
    resource_groups = _string_map(data.get("resource_groups"), f"{where}.resource_groups")
    placement = _string_map(data.get("resource_placement"), f"{where}.resource_placement")
    alias = data.get("alias", data.get("name"))
    stack = StackModel(
        account_id=account_id,
        users=set(_string_list(data.get("users"), f"{where}.users")),
        groups=set(_string_list(data.get("groups"), f"{where}.groups")),
        memberships=_memberships(data.get("memberships"), f"{where}.memberships"),
        roles=roles,
        policies=policies,
        attachments=attachments,
        resource_groups=resource_groups,
        resource_placement=placement,
        alias=str(alias) if alias is not None else None,
    )
    problems = stack.validate()
    if problems:
        raise StackError(f"{where}: " + "; ".join(problems))
    return stack


def _string_map(value: object, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, list):  # a list of resource group ids with no names
        if not all(isinstance(item, str) for item in value):
            raise StackError(f"{where}: expected {{id: name}} or a list of ids")
        return {item: item for item in value}
    if not isinstance(value, Mapping):
        raise StackError(f"{where}: expected an object")
    return {str(key): str(item) for key, item in value.items()}


def stacks_from_data(data: object, source: str = "stack") -> list[StackModel]:
    """Stacks from parsed stack-file data: one account object, or ``{accounts: [...]}``, or a list of accounts."""
    if isinstance(data, Mapping) and "accounts" in data:
        extra = sorted(set(map(str, data)) - {"accounts"})
        if extra:
            raise StackError(f"{source}: unknown top-level field(s) {', '.join(extra)} next to 'accounts'")
        accounts = data["accounts"]
    elif isinstance(data, list):
        accounts = data
    else:
        accounts = [data]
    if not isinstance(accounts, list) or not accounts:
        raise StackError(f"{source}: 'accounts' must be a non-empty list")
    stacks = [stack_from_dict(item, f"{source}: accounts[{index}]") for index, item in enumerate(accounts)]
    seen: set[str] = set()
    for index, stack in enumerate(stacks):
        if stack.account_id in seen:
            raise StackError(f"{source}: accounts[{index}].account_id: {stack.account_id} is declared twice")
        seen.add(stack.account_id)
    return stacks


def load_stack_file(path: str | Path) -> list[StackModel]:
    """Load the stacks of a JSON or YAML stack file (``StackError`` names the file and field on bad input)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise StackError(f"{file}: cannot read ({error.strerror or error})") from None
    try:
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise StackError(f"{file}: not valid JSON ({error.msg} at line {error.lineno})") from None
    except yaml.YAMLError as error:
        raise StackError(f"{file}: not valid YAML ({error})") from None
    return stacks_from_data(data, str(file))


def stack_to_dict(stack: StackModel) -> dict[str, Any]:
    """The stack-file form of a stack (inverse of :func:`stack_from_dict`), with sorted collections."""
    data: dict[str, Any] = {"account_id": stack.account_id}
    if stack.alias:
        data["alias"] = stack.alias
    data["users"] = sorted(stack.users)
    data["groups"] = sorted(stack.groups)
    data["memberships"] = [list(pair) for pair in sorted(stack.memberships)]
    data["roles"] = dict(sorted(stack.roles.items()))
    data["policies"] = dict(sorted(stack.policies.items()))
    data["attachments"] = [
        {"principal": a.holder, "policy": a.policy_name, "type": a.policy_type, "scope": a.scope}
        for a in stack.attachments
    ]
    data["resource_groups"] = dict(sorted(stack.resource_groups.items()))
    data["resource_placement"] = dict(sorted(stack.resource_placement.items()))
    return data


def stacks_by_account(stacks: StackModel | Iterable[StackModel]) -> dict[str, StackModel]:
    """Index stacks by account id (a single stack is accepted too)."""
    if isinstance(stacks, StackModel):
        return {stacks.account_id: stacks}
    return {stack.account_id: stack for stack in stacks}


def find_account(stacks: Sequence[StackModel], key: str) -> StackModel | None:
    """The stack whose account id or alias is ``key`` (alias case-insensitive)."""
    for stack in stacks:
        if stack.account_id == key or (stack.alias is not None and stack.alias.lower() == key.lower()):
            return stack
    return None
