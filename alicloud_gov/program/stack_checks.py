"""Stack-level checks: what no single document shows, found across a program's accounts and resources.

Registered like the document checks (:mod:`alicloud_gov.policy.checks.registry`): each code has its severity,
title and doc in one place, :data:`STACK_CHECKS`, either with the function that finds it (a generator over a
:class:`StackView` yielding :class:`StackHit`) or, for the codes the project check reports while running the
program, none. :func:`every_check` is the one table of codes (document and stack) that ``--ignore``,
docs/checks.md, SARIF rules and the CrossGuard pack read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from alicloud_gov.plan import UNKNOWN, contains_unknown
from alicloud_gov.plan.access import UNKNOWN_ACCOUNT, ResourceRecord, account_models
from alicloud_gov.policy.checks import REGISTRY
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.evaluate import Evaluator, may_assume_role
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.stack import Principal, StackModel
from alicloud_gov.spec.arns import account_of_principal, role_arn, root_arn


@dataclass(frozen=True)
class StackHit:
    """What a stack check found: a message, the resource it concerns and an optional fix."""

    message: str
    resource: str | None = None
    json_path: str | None = None
    suggestion: str | None = None


@dataclass(frozen=True)
class Item:
    """One declared resource as the stack checks see it: its record, checked inputs and account."""

    record: ResourceRecord
    inputs: Mapping[str, Any]
    """The inputs as the provider's check completes them (trust helpers applied), unknowns as UNKNOWN."""
    account: str | None


@dataclass(frozen=True)
class StackView:
    """The declared resources of a program with their accounts, and the check configuration."""

    items: tuple[Item, ...]
    config: CheckConfig
    accounts: frozenset[str] = frozenset()
    """Every account the program's providers stand for (the default provider's included, when known)."""

    def of_type(self, type_name: str) -> list[Item]:
        """The items of one type, in registration order."""
        return [item for item in self.items if item.record.type_name == type_name]

    @cached_property
    def evaluator(self) -> Evaluator:
        """One evaluator over :meth:`models` (``unknown_accounts=True``), built once and shared by the checks of
        this view (its items do not change)."""
        return Evaluator(self.models(unknown_accounts=True))

    def models(self, *, unknown_accounts: bool = False) -> list[StackModel]:
        """One StackModel per known account, values unknown at preview left out.

        With ``unknown_accounts``, the resources of a provider whose account is not known before apply form a
        model of their own, under the placeholder :func:`account_key` gives (access within one account can be
        judged without knowing its id).
        """
        records: list[ResourceRecord] = []
        for item in self.items:
            account = item.account or (account_key(item) if unknown_accounts else None)
            if not account:
                continue
            known = {key: value for key, value in item.inputs.items() if not contains_unknown(value)}
            if "resourceGroupId" in item.inputs and "resourceGroupId" not in known:
                known["resourceGroupId"] = UNKNOWN  # still a resource-group grant, in a group not yet known
            records.append(ResourceRecord(item.record.type_name, item.record.name, account, known))
        return account_models(records, {record.provider: str(record.provider) for record in records})


def account_key(item: Item) -> str:
    """The item's account id, or a placeholder naming its provider when the account is unknown before apply."""
    return item.account or UNKNOWN_ACCOUNT.format(provider=item.record.provider or "default provider")


class StackCheckFunction(Protocol):
    """A stack check: findings over a whole declared stack."""

    def __call__(self, view: StackView) -> Iterator[StackHit]:
        """Yield one hit per problem."""
        ...


@dataclass(frozen=True)
class StackCheckSpec:
    """A registered stack-level code: severity, one-line title, longer doc, and its check (None when the
    project check reports the code itself)."""

    code: str
    severity: Severity
    title: str
    doc: str
    function: StackCheckFunction | None = None

    def finding(self, hit: StackHit, file: str | None) -> Finding:
        """The finding of ``hit`` in ``file``, with this code's severity."""
        return Finding(
            self.code,
            self.severity,
            hit.message,
            file=file,
            resource=hit.resource,
            json_path=hit.json_path,
            suggestion=hit.suggestion,
        )


STACK_CHECKS: dict[str, StackCheckSpec] = {}


def _doc(text: str | None, title: str) -> str:
    return " ".join((text or title).split()).replace("``", "`")


def stack_check(code: str, severity: Severity, title: str) -> Callable[[StackCheckFunction], StackCheckFunction]:
    """Register the decorated generator as the stack check for ``code`` (its docstring is the doc)."""

    def register(function: StackCheckFunction) -> StackCheckFunction:
        """Record ``function`` under ``code`` and return it unchanged."""
        _register(StackCheckSpec(code, severity, title, _doc(function.__doc__, title), function))
        return function

    return register


def stack_code(code: str, severity: Severity, title: str, doc: str) -> StackCheckSpec:
    """Register a code the project check reports itself (no stack-check function); returns its spec."""
    return _register(StackCheckSpec(code, severity, title, _doc(doc, title)))


def _register(spec: StackCheckSpec) -> StackCheckSpec:
    if spec.code in STACK_CHECKS or spec.code in REGISTRY:
        raise ValueError(f"check code {spec.code} registered twice")
    STACK_CHECKS[spec.code] = spec
    return spec


def every_check() -> dict[str, StackCheckSpec]:
    """Every finding code of alicloud-gov, document and stack-level, by code: the one table of codes."""
    table = {code: StackCheckSpec(s.code, s.severity, s.title, s.doc) for code, s in REGISTRY.items()}
    return {**table, **STACK_CHECKS}


def run_stack_checks(view: StackView, file: str | None) -> list[Finding]:
    """The findings of every registered stack check over ``view``."""
    return [
        spec.finding(hit, file)
        for spec in STACK_CHECKS.values()
        if spec.function is not None
        for hit in spec.function(view)
    ]


# -- the codes the project check reports while running the program -----------------------------------------------

RESOURCE_INPUT_INVALID = stack_code(
    "RESOURCE_INPUT_INVALID",
    Severity.ERROR,
    "An input breaks a rule of the service",
    "An input breaks a name, length, pattern or enum rule of the service; the provider's check, which runs at "
    "`pulumi preview`, refuses it with the same message.",
)
PROGRAM_ERROR = stack_code(
    "PROGRAM_ERROR",
    Severity.ERROR,
    "The program raised, or the project cannot be run",
    "The program raised, or the project cannot be run (no Pulumi.yaml, a runtime other than Python or YAML).",
)


# -- partners: cross-account roles ----------------------------------------------------------------------------------


def _as_document(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    import json

    try:
        parsed = json.loads(str(value))
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def trusted_accounts(trust: Mapping[str, Any]) -> set[str]:
    """Accounts whose RAM identities a trust policy names (``acs:ram::<uid>:...`` or a bare UID)."""
    accounts: set[str] = set()
    for statement in _listed(trust.get("Statement") or []):
        if not isinstance(statement, Mapping) or str(statement.get("Effect", "")).lower() != "allow":
            continue
        principal = statement.get("Principal")
        if not isinstance(principal, Mapping):
            continue
        for kind, values in principal.items():
            if str(kind).upper() != "RAM":
                continue
            for value in _listed(values):
                account = account_of_principal(str(value))
                if account is not None:
                    accounts.add(account)
    return accounts


@stack_check(
    "STACK_PARTNER_MISSING_ASSUME_ROLE", Severity.WARNING, "A trusted partner account of the program cannot assume"
)
def partner_missing_assume_role(view: StackView) -> Iterator[StackHit]:
    """A role trusts another account of the program, but no user or role the program declares in that account
    may call `sts:AssumeRole` on it (seed 001 needs both sides)."""
    stacks = view.models()
    models = {stack.account_id: stack for stack in stacks}
    for item in view.of_type("RamRole"):
        document, name = item.inputs.get("assumeRolePolicyDocument"), item.inputs.get("name")
        if not item.account or document is None or contains_unknown(document) or not isinstance(name, str):
            continue
        arn = role_arn(item.account, name)
        for partner in sorted(trusted_accounts(_as_document(document)) - {str(item.account)}):
            partner_model = models.get(partner)
            if partner_model is None:
                continue  # the partner's side is managed elsewhere
            callers = [Principal.user(user, partner) for user in sorted(partner_model.users)]
            callers += [Principal.role(role, partner) for role in sorted(partner_model.roles)]
            if not any(may_assume_role(stacks, caller, arn).allowed for caller in callers):
                yield StackHit(
                    f"RamRole '{item.record.name}' ({arn}) trusts account {partner}, but no user or role this "
                    f"program declares in {partner} may call sts:AssumeRole on it",
                    item.record.name,
                    suggestion=f"attach AliyunSTSAssumeRoleAccess, or a policy allowing sts:AssumeRole on {arn}, "
                    f"to the principal in account {partner} that should assume the role",
                )


def _assume_role_targets(document: Mapping[str, Any]) -> list[str]:
    """Literal role ARNs an identity policy allows ``sts:AssumeRole`` on."""
    targets: list[str] = []
    for statement in _listed(document.get("Statement") or []):
        if not isinstance(statement, Mapping) or str(statement.get("Effect", "")).lower() != "allow":
            continue
        actions = [str(action).lower() for action in _listed(statement.get("Action") or [])]
        if not any(action in ("sts:assumerole", "sts:*", "*") for action in actions):
            continue
        for resource in _listed(statement.get("Resource") or []):
            text = str(resource)
            parts = text.split(":")
            if len(parts) == 5 and parts[:2] == ["acs", "ram"] and parts[4].startswith("role/") and "*" not in text:
                targets.append(text)
    return targets


def _assume_targets(view: StackView) -> Iterator[tuple[str, str, str, str, list[tuple[str, str, Any]]]]:
    """(account, policy name, target ARN, role name, declared roles of that name) per assume-role grant."""
    models = {model.account_id: model for model in view.models()}
    declared = [(account, role, trust) for account, model in models.items() for role, trust in model.roles.items()]
    for account, model in models.items():
        for policy_name, document in model.policies.items():
            for target in _assume_role_targets(document):
                role_name = target.split(":")[4].split("/", 1)[1]
                same_name = [entry for entry in declared if entry[1].lower() == role_name.lower()]
                yield account, policy_name, target, role_name, same_name


@stack_check("STACK_PARTNER_WRONG_ACCOUNT", Severity.ERROR, "An assume-role grant names the wrong account")
def partner_wrong_account(view: StackView) -> Iterator[StackHit]:
    """A policy allows `sts:AssumeRole` on `acs:ram::X:role/R` while role R is declared in another account."""
    for account, policy_name, target, role_name, same_name in _assume_targets(view):
        target_account = target.split(":")[3]
        if same_name and not any(owner == target_account for owner, _, _ in same_name):
            owners = sorted(owner for owner, _, _ in same_name)
            yield StackHit(
                f"RamPolicy '{policy_name}' (account {account}) allows sts:AssumeRole on {target}, but role "
                f"'{role_name}' is declared in account {', '.join(owners)}",
                policy_name,
                suggestion=f"use {role_arn(owners[0], role_name)}",
            )


@stack_check("STACK_TRUST_MISSING_PARTNER", Severity.WARNING, "A partner's grant meets a trust policy without it")
def trust_missing_partner(view: StackView) -> Iterator[StackHit]:
    """A policy lets an account's principals assume a declared role whose trust policy does not trust that
    account, so the grant can never be used."""
    for account, policy_name, target, _, same_name in _assume_targets(view):
        target_account = target.split(":")[3]
        exact = [trust for owner, _, trust in same_name if owner == target_account]
        if exact and account != target_account and account not in trusted_accounts(exact[0]):
            yield StackHit(
                f"RamPolicy '{policy_name}' (account {account}) allows sts:AssumeRole on {target}, but the "
                f"role's trust policy does not trust account {account}",
                policy_name,
                suggestion=f"add {root_arn(account)} to the role's trusted accounts",
            )


# -- ECR cross-account links ----------------------------------------------------------------------------------------


def _link_key(item: Item) -> tuple[Any, Any]:
    """The ECR and instance an EcrGrant or EcrAssociation names, as the program gave them."""
    # The raw inputs: a config value the check had to supply is the same text on both sides, so two sides
    # fed from one unset config key still meet.
    return item.record.inputs.get("ecrId"), item.record.inputs.get("instanceId")


def _unknown_link(item: Item) -> bool:
    return contains_unknown(item.inputs.get("ecrId")) or contains_unknown(item.inputs.get("instanceId"))


def _links(view: StackView) -> tuple[list[Item], list[Item]]:
    return view.of_type("EcrGrant"), view.of_type("EcrAssociation")


def _matches(grant: Item, associations: list[Item]) -> list[Item]:
    key = _link_key(grant)
    return [item for item in associations if not contains_unknown(key) and _link_key(item) == key]


@stack_check("STACK_ECR_GRANT_UNMATCHED", Severity.WARNING, "An EcrGrant without its EcrAssociation")
def ecr_grant_unmatched(view: StackView) -> Iterator[StackHit]:
    """An `EcrGrant` has no `EcrAssociation` for the same ECR and instance in the program (seed 003 takes two
    steps: the instance owner grants, then the ECR owner associates). A grant whose ids are known only after
    apply is reported as UNKNOWN_AT_PREVIEW instead."""
    grants, associations = _links(view)
    for grant in grants:
        if _matches(grant, associations):
            continue
        if _unknown_link(grant):
            continue  # reported as UNKNOWN_AT_PREVIEW
        inputs = grant.inputs
        yield StackHit(
            f"EcrGrant '{grant.record.name}' grants {inputs.get('instanceType')} {inputs.get('instanceId')} to "
            f"{inputs.get('ecrId')}, but no EcrAssociation in this program associates it",
            grant.record.name,
            suggestion="declare the EcrAssociation with the ECR owner's provider, or remove the grant",
        )


@stack_check("UNKNOWN_AT_PREVIEW", Severity.SUGGESTION, "A value that decides a check is known only after apply")
def ecr_link_unknown(view: StackView) -> Iterator[StackHit]:
    """A value that decides a check is known only after apply (an output the cloud assigns, or a config key the
    stack does not set), so it was checked with a placeholder, or not at all: a document built from another
    resource's output, a program run with a placeholder for unset config, or an `EcrGrant` whose ECR or
    instance id is unknown and so cannot be matched with its association. The project check reports the first
    two itself; this check reports the last."""
    grants, associations = _links(view)
    for grant in grants:
        if not _matches(grant, associations) and _unknown_link(grant):
            yield StackHit(
                f"EcrGrant '{grant.record.name}': the ECR or instance id is known only after apply; its "
                "association could not be matched",
                grant.record.name,
            )


@stack_check("STACK_ECR_OWNER_MISMATCH", Severity.ERROR, "The two sides of an ECR link name different accounts")
def ecr_owner_mismatch(view: StackView) -> Iterator[StackHit]:
    """The grant names an ECR owner other than the account making the association, or the association names an
    instance owner other than the account making the grant."""
    grants, associations = _links(view)
    for grant in grants:
        for association in _matches(grant, associations):
            owner = grant.inputs.get("ecrOwnerUid")
            if association.account and isinstance(owner, str) and owner != association.account:
                yield StackHit(
                    f"EcrGrant '{grant.record.name}' names ECR owner {owner}, but EcrAssociation "
                    f"'{association.record.name}' is made by account {association.account}",
                    grant.record.name,
                )
            instance_owner = association.inputs.get("instanceOwnerUid")
            if grant.account and isinstance(instance_owner, str) and instance_owner != grant.account:
                yield StackHit(
                    f"EcrAssociation '{association.record.name}' names instance owner {instance_owner}, but "
                    f"EcrGrant '{grant.record.name}' is made by account {grant.account}",
                    association.record.name,
                )


@stack_check(
    "STACK_ECR_ASSOCIATION_UNGRANTED", Severity.WARNING, "An EcrAssociation of another account's instance, ungranted"
)
def ecr_association_ungranted(view: StackView) -> Iterator[StackHit]:
    """An `EcrAssociation` of another account's instance has no `EcrGrant` in the program; the service refuses
    the association until the instance owner grants it."""
    grants, associations = _links(view)
    granted = {_link_key(grant) for grant in grants}
    for association in associations:
        owner = association.inputs.get("instanceOwnerUid")
        same_account = association.account is not None and owner == association.account
        if _link_key(association) not in granted and not same_account and not _unknown_link(association):
            yield StackHit(
                f"EcrAssociation '{association.record.name}' associates {association.inputs.get('instanceId')} "
                f"of account {owner}, but this program declares no EcrGrant for it; the association fails unless "
                "the owner granted it elsewhere",
                association.record.name,
            )


UNKNOWN_AT_PREVIEW = next(spec for spec in STACK_CHECKS.values() if spec.function is ecr_link_unknown)
"""The spec the project check reports its own unknown values with (documents, unset config)."""


# The grant-level checks register themselves on import; importing them here puts them in every_check().
from alicloud_gov.program import access_checks as _access_checks  # noqa: E402, F401
