"""Check a Pulumi project offline: run its program under Pulumi's mocks and check what it declares.

``check_project(path, config)`` loads ``Pulumi.yaml``, runs the Python program with
:func:`pulumi.runtime.set_mocks` (no engine, no cloud, no credentials) and collects every
``alicloud-gov`` resource with the account of the provider that manages it. Then:

* every resource's inputs are validated as the provider's ``check`` would (RESOURCE_INPUT_INVALID);
* every custom policy is checked at each scope it is attached at (an attachment with a resource
  group id checks it with ``scope="resource-group"``), system policies attached to a resource group
  are checked at that scope too, and every trust policy is checked with the program's accounts trusted;
* stack-level checks look across accounts and resources:

  - STACK_PARTNER_MISSING_ASSUME_ROLE: a role trusts another account of the program, but no user or
    role declared there may call ``sts:AssumeRole`` on it;
  - STACK_PARTNER_WRONG_ACCOUNT: a policy lets principals assume ``acs:ram::X:role/R`` while role R is
    declared in another account;
  - STACK_TRUST_MISSING_PARTNER: a policy lets an account's principals assume a declared role whose trust
    policy does not trust that account;
  - STACK_ECR_GRANT_UNMATCHED / STACK_ECR_ASSOCIATION_UNGRANTED / STACK_ECR_OWNER_MISMATCH: the two sides
    of a cross-account ECR link do not meet;
  - UNKNOWN_AT_PREVIEW: a value that decides a check is known only after apply (it was checked with a
    placeholder, or not at all);
  - PROGRAM_ERROR: the program raised, or the project cannot be run.

YAML programs (``runtime: yaml``) are declared through this package's classes by
:mod:`alicloud_gov.provider.yaml_program` and then checked the same way.

Accounts come from each provider's ``accountId`` (or its ``assumeRole.roleArn``); the default provider
uses stack config ``alicloud-gov:accountId`` or the check config's ``account_id``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.output import Unknown
from pulumi.runtime import rpc

from alicloud_gov.plan import UNKNOWN
from alicloud_gov.plan.access import ResourceRecord, account_models
from alicloud_gov.policy.catalog import ActionInfo
from alicloud_gov.policy.checks import check_policy
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.evaluate import may_assume_role
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.scope import allowed_actions, complement_document, split_by_resource_group_support
from alicloud_gov.policy.stack import Principal, StackModel
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.program import ProgramError, Project, load_project, run_under_mocks
from alicloud_gov.provider.handlers import HANDLERS
from alicloud_gov.provider.schema import PACKAGE, RESOURCES
from alicloud_gov.provider.validate import validate_inputs
from alicloud_gov.provider.values import contains_unknown
from alicloud_gov.provider.yaml_program import declare as declare_yaml

PROVIDER_TYPE = f"pulumi:providers:{PACKAGE}"
PLACEHOLDER = "unknown-at-preview"
RG_SCOPE_UNSUPPORTED_ACTION = "RG_SCOPE_UNSUPPORTED_ACTION"
"""Marks an output the mocks cannot know (ids the cloud assigns); values containing it are unknown."""

RESOURCE_INPUT_INVALID = "RESOURCE_INPUT_INVALID"
PROGRAM_ERROR = "PROGRAM_ERROR"
UNKNOWN_AT_PREVIEW = "UNKNOWN_AT_PREVIEW"
STACK_PARTNER_MISSING_ASSUME_ROLE = "STACK_PARTNER_MISSING_ASSUME_ROLE"
STACK_PARTNER_WRONG_ACCOUNT = "STACK_PARTNER_WRONG_ACCOUNT"
STACK_TRUST_MISSING_PARTNER = "STACK_TRUST_MISSING_PARTNER"
STACK_ECR_GRANT_UNMATCHED = "STACK_ECR_GRANT_UNMATCHED"
STACK_ECR_ASSOCIATION_UNGRANTED = "STACK_ECR_ASSOCIATION_UNGRANTED"
STACK_ECR_OWNER_MISMATCH = "STACK_ECR_OWNER_MISMATCH"
CODES = (
    RESOURCE_INPUT_INVALID,
    PROGRAM_ERROR,
    UNKNOWN_AT_PREVIEW,
    STACK_PARTNER_MISSING_ASSUME_ROLE,
    STACK_PARTNER_WRONG_ACCOUNT,
    STACK_TRUST_MISSING_PARTNER,
    STACK_ECR_GRANT_UNMATCHED,
    STACK_ECR_ASSOCIATION_UNGRANTED,
    STACK_ECR_OWNER_MISMATCH,
)
"""Every finding code this module reports itself (document findings come from the policy checks)."""

MAX_MISSING_CONFIG = 20
"""Required config keys the check fills with placeholders before giving up."""


@dataclass
class Declared:
    """One resource the program declared: type, logical name, inputs and the account managing it."""

    type_name: str
    name: str
    inputs: dict[str, Any]
    account: str | None


@dataclass
class Declarations:
    """Everything a program declared, with the accounts its providers stand for."""

    resources: list[Declared] = field(default_factory=list)
    accounts: set[str] = field(default_factory=set)
    resource_group_names: dict[str, str] = field(default_factory=dict)

    def of_type(self, type_name: str) -> list[Declared]:
        """The declared resources of one type, in registration order."""
        return [item for item in self.resources if item.type_name == type_name]


def _account_of_provider(inputs: Mapping[str, Any]) -> str | None:
    account = inputs.get("accountId")
    if isinstance(account, str) and account.isdigit():
        return account
    assume = inputs.get("assumeRole")
    role_arn = assume.get("roleArn") if isinstance(assume, Mapping) else None
    if isinstance(role_arn, str) and role_arn.startswith("acs:ram::"):
        candidate = role_arn.split(":")[3]
        return candidate if candidate.isdigit() else None
    return None


class _Recorder(pulumi.runtime.Mocks):
    """Pulumi mocks that record alicloud-gov resources and answer with plausible outputs."""

    def __init__(self, default_account: str | None) -> None:
        self.default_account = default_account
        self.declarations = Declarations()
        self.provider_accounts: dict[str, str | None] = {}
        if default_account:
            self.declarations.accounts.add(default_account)

    def _account(self, provider_ref: str | None) -> str | None:
        if not provider_ref:
            return self.default_account
        provider_id = provider_ref.rsplit("::", 1)[-1]
        return self.provider_accounts.get(provider_id, self.default_account)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        """Record the resource; return an id and outputs."""
        inputs = _from_wire(dict(args.inputs))
        if args.typ == PROVIDER_TYPE:
            provider_id = f"provider-{len(self.provider_accounts)}-{args.name}"
            account = _account_of_provider(inputs)
            self.provider_accounts[provider_id] = account
            if account:
                self.declarations.accounts.add(account)
            return provider_id, inputs
        spec = RESOURCES.get(args.typ)
        if spec is None:
            return f"{args.name}-id", inputs
        account = self._account(args.provider)
        self.declarations.resources.append(Declared(spec.type_name, args.name, inputs, account))
        outputs = {item.name: f"{PLACEHOLDER}:{spec.type_name}.{args.name}.{item.name}" for item in spec.outputs}
        if account:
            outputs["accountId"] = account
        resource_id = f"{PLACEHOLDER}:{args.name}"
        name = str(inputs.get("name", args.name))
        if spec.type_name == "ResourceGroup":
            rg_id = f"rg-preview{len(self.declarations.resource_group_names)}{PLACEHOLDER.replace('-', '')}"
            self.declarations.resource_group_names[rg_id] = name
            outputs["resourceGroupId"] = resource_id = rg_id
        elif spec.type_name == "RamRole" and account:
            outputs["arn"] = f"acs:ram::{account}:role/{name}"
        elif spec.type_name in ("RamUser", "RamGroup") and account:
            domain = "" if spec.type_name == "RamUser" else "group."
            outputs["principalName"] = f"{name}@{domain}{account}.onaliyun.com"
        elif spec.type_name == "RamPolicy":
            outputs["policyType"] = "Custom"
        return resource_id, {**inputs, **outputs}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        """No provider functions are mocked."""
        return {}, None


def _from_wire(value: Any) -> Any:
    """Mock inputs as plain values: secret wrappers unwrapped, unknowns as placeholder text."""
    if isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN):
        return f"{PLACEHOLDER}:value"
    if isinstance(value, Mapping):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            return _from_wire(value.get("value"))
        return {str(key): _from_wire(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_from_wire(item) for item in value]
    return value


def _unknowns_replaced(value: Any) -> Any:
    """``value`` with every placeholder-bearing string turned into UNKNOWN (lists and dicts recursively)."""
    if isinstance(value, str):
        return UNKNOWN if PLACEHOLDER in value or PLACEHOLDER.replace("-", "") in value else value
    if isinstance(value, Mapping):
        return {key: _unknowns_replaced(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unknowns_replaced(item) for item in value]
    return value


# -- loading and running the program -----------------------------------------------------------------------------


def run_program(project: Project, default_account: str | None) -> Declarations:
    """Run the project's program under Pulumi's mocks; returns what it declared (exceptions propagate)."""
    recorder = _Recorder(default_account)
    run_under_mocks(project, recorder, stack="check", declare_yaml=declare_yaml)
    return recorder.declarations


# -- checks -------------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    declarations: Declarations
    config: CheckConfig
    file: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, severity: Severity, message: str, resource: str | None, **extra: Any) -> None:
        self.findings.append(Finding(code, severity, message, file=self.file, resource=resource, **extra))


def _document_findings(found: list[Finding], file: str, resource: str, context: str) -> list[Finding]:
    """Findings of a document re-labelled to the program (positions inside the JSON are dropped)."""
    result = []
    for finding in found:
        message = f"{finding.message} ({context})" if context else finding.message
        result.append(
            dataclasses.replace(finding, file=file, resource=resource, line=None, column=None, message=message)
        )
    return result


def _check_inputs(ctx: _Context) -> dict[int, dict[str, Any]]:
    """Validate every resource's inputs; returns the prepared inputs (trust helpers applied) by index."""
    prepared: dict[int, dict[str, Any]] = {}
    for index, item in enumerate(ctx.declarations.resources):
        spec = RESOURCES[f"{PACKAGE}:index:{item.type_name}"]
        inputs = {key: value for key, value in _unknowns_replaced(item.inputs).items() if value is not None}
        for field_name, message in validate_inputs(spec, item.name, inputs):
            ctx.add(RESOURCE_INPUT_INVALID, Severity.ERROR, message, item.name, json_path=f"$.{field_name}")
        prepared[index] = HANDLERS[spec.token].prepare(inputs)
    return prepared


def _scopes_of_policies(ctx: _Context, prepared: dict[int, dict[str, Any]]) -> dict[tuple[str | None, str], set[str]]:
    """(account, lower-cased custom policy name) -> the scopes it is attached at."""
    scopes: dict[tuple[str | None, str], set[str]] = {}
    for index, item in enumerate(ctx.declarations.resources):
        inputs = prepared[index]
        if item.type_name != "PolicyAttachment" or str(inputs.get("policyType")) != "Custom":
            continue
        policy_name = inputs.get("policyName")
        if not isinstance(policy_name, str):
            continue
        scope = "resource-group" if inputs.get("resourceGroupId") is not None else "account"
        scopes.setdefault((item.account, policy_name.lower()), set()).add(scope)
    return scopes


def _check_documents(ctx: _Context, prepared: dict[int, dict[str, Any]]) -> None:
    scopes = _scopes_of_policies(ctx, prepared)
    trusted = frozenset(ctx.config.trusted_accounts | ctx.declarations.accounts)
    for index, item in enumerate(ctx.declarations.resources):
        inputs = prepared[index]
        if item.type_name == "RamPolicy":
            document, name = inputs.get("document"), inputs.get("name")
            if document is None or contains_unknown(document):
                ctx.add(
                    UNKNOWN_AT_PREVIEW,
                    Severity.SUGGESTION,
                    f"RamPolicy '{item.name}' field 'document': known only after apply, so it was not checked",
                    item.name,
                    json_path="$.document",
                )
                continue
            attached = scopes.get((item.account, str(name).lower()), {"account"})
            seen: set[tuple[str, str | None, str]] = set()
            for scope in sorted(attached):
                found = check_policy(document, policy_type="identity", scope=scope, config=ctx.config)
                if scope == "resource-group":
                    found = _narrow_rg_findings(ctx, found, document, _rg_attachments_of(ctx, item, str(name)))
                context = "attached at resource-group scope" if scope == "resource-group" else ""
                for finding in _document_findings(found, ctx.file, item.name, context):
                    key = (finding.code, finding.json_path, scope)
                    if key not in seen:
                        seen.add(key)
                        ctx.findings.append(finding)
        elif item.type_name == "RamRole":
            document = inputs.get("assumeRolePolicyDocument")
            if document is None or contains_unknown(document):
                ctx.add(
                    UNKNOWN_AT_PREVIEW,
                    Severity.SUGGESTION,
                    f"RamRole '{item.name}' field 'assumeRolePolicyDocument': known only after apply, so the trust "
                    "policy was not checked",
                    item.name,
                    json_path="$.assumeRolePolicyDocument",
                )
                continue
            config = dataclasses.replace(ctx.config, trusted_accounts=trusted, account_id=item.account)
            found = check_policy(document, policy_type="trust", config=config)
            ctx.findings.extend(_document_findings(found, ctx.file, item.name, "trust policy"))
        elif item.type_name == "PolicyAttachment":
            _check_system_policy_at_group_scope(ctx, item, inputs)


def _check_system_policy_at_group_scope(ctx: _Context, item: Declared, inputs: Mapping[str, Any]) -> None:
    if inputs.get("resourceGroupId") is None or str(inputs.get("policyType")) != "System":
        return
    name = inputs.get("policyName")
    document = get_system_policy(name) if isinstance(name, str) else None
    if document is None:
        return
    found = check_policy(document, policy_type="identity", scope="resource-group", config=ctx.config)
    kept = _narrow_rg_findings(ctx, found, document, [item])
    context = f"system policy {name} attached at resource-group scope"
    ctx.findings.extend(_document_findings(kept, ctx.file, item.name, context))


def _rg_attachments_of(ctx: _Context, policy: Declared, policy_name: str) -> list[Declared]:
    """The resource-group-scope attachments of custom policy ``policy_name`` in ``policy``'s account."""
    return [
        other
        for other in ctx.declarations.resources
        if other.type_name == "PolicyAttachment"
        and other.account == policy.account
        and other.inputs.get("resourceGroupId") is not None
        and str(other.inputs.get("policyType", "Custom")) == "Custom"
        and str(other.inputs.get("policyName", "")).lower() == policy_name.lower()
    ]


def _narrow_rg_findings(
    ctx: _Context, found: list[Finding], document: Mapping[str, Any], attachments: list[Declared]
) -> list[Finding]:
    """Resource-group scope findings restricted to the actions some holder lacks at account scope.

    For each statement's actions without resource-group support, the actions every holder (the principal of
    each resource-group attachment) already holds at account scope elsewhere in the stack are dropped; a
    finding left with none is dropped. Without known attachments the findings stay as they are.
    """
    if not attachments:
        return found
    held_by_each = [
        {action.full_name for action in allowed_actions(_account_scope_documents(ctx, attachment, attachment.inputs))}
        for attachment in attachments
    ]
    kept = []
    for finding in found:
        if finding.code == RG_SCOPE_UNSUPPORTED_ACTION:
            statement = _statement_of(document, finding.json_path)
            unsupported = split_by_resource_group_support([statement]).unsupported
            uncovered = [a for a in unsupported if any(a.full_name not in held for held in held_by_each)]
            if not uncovered:
                continue  # every holder has these actions at account scope (e.g. ResourceGroupAccess's complement)
            finding = _narrowed_rg_finding(finding, uncovered)
        kept.append(finding)
    return kept


def _account_scope_documents(ctx: _Context, item: Declared, inputs: Mapping[str, Any]) -> list[Any]:
    """The documents attached at account scope to the same principal as ``inputs`` (same account)."""
    principal = (str(inputs.get("principalType")), str(inputs.get("principalName")).lower())
    custom = {
        str(other.inputs.get("name", other.name)).lower(): other.inputs.get("document")
        for other in ctx.declarations.resources
        if other.type_name == "RamPolicy" and other.account == item.account
    }
    documents: list[Any] = []
    for other in ctx.declarations.resources:
        if other.type_name != "PolicyAttachment" or other.account != item.account:
            continue
        held = other.inputs
        if held.get("resourceGroupId") is not None:
            continue
        if (str(held.get("principalType")), str(held.get("principalName")).lower()) != principal:
            continue
        policy_name = str(held.get("policyName", ""))
        if str(held.get("policyType")) == "System":
            documents.append(get_system_policy(policy_name))
        else:
            documents.append(custom.get(policy_name.lower()))
    return [d for d in documents if d is not None and not contains_unknown(d)]


def _statement_of(document: Mapping[str, Any], json_path: str | None) -> dict[str, Any]:
    """The one-statement document of the statement a finding points at (the whole document if none)."""
    match = re.match(r"\$\.Statement\[(\d+)\]", json_path or "")
    statements = document.get("Statement")
    if match and isinstance(statements, list) and int(match.group(1)) < len(statements):
        return {"Version": "1", "Statement": [statements[int(match.group(1))]]}
    return dict(document)


def _narrowed_rg_finding(finding: Finding, uncovered: list[ActionInfo]) -> Finding:
    """The resource-group scope finding restricted to the actions the principal lacks at account scope."""
    names = [action.full_name for action in uncovered]
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    message = (
        f"Granted at resource-group scope, {shown} ha{'s' if len(names) == 1 else 've'} no effect and "
        f"{'is' if len(names) == 1 else 'are'} not granted at account scope elsewhere in the stack: "
        "they do not support resource-group-level authorisation (suggested account-level policy)."
    )
    suggestion = json.dumps(complement_document(uncovered), indent=2)
    return dataclasses.replace(finding, message=message, suggestion=suggestion)


def _models(ctx: _Context, prepared: dict[int, dict[str, Any]]) -> list[StackModel]:
    """One StackModel per known account from the declared resources, values unknown at preview left out."""
    records: list[ResourceRecord] = []
    for index, item in enumerate(ctx.declarations.resources):
        if not item.account:
            continue
        inputs = prepared[index]
        known = {key: value for key, value in inputs.items() if not contains_unknown(value)}
        if "resourceGroupId" in inputs and "resourceGroupId" not in known:
            known["resourceGroupId"] = UNKNOWN  # still a resource-group grant, in a group not yet known
        records.append(ResourceRecord(item.type_name, item.name, item.account, known))
    return account_models(records, {record.provider: str(record.provider) for record in records})


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


def _trusted_accounts(trust: Mapping[str, Any]) -> set[str]:
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
                text = str(value)
                if text.isdigit():
                    accounts.add(text)
                elif text.startswith("acs:ram::") and text.split(":")[3].isdigit():
                    accounts.add(text.split(":")[3])
    return accounts


def _check_partners(ctx: _Context, prepared: dict[int, dict[str, Any]]) -> None:
    stacks = _models(ctx, prepared)
    models = {stack.account_id: stack for stack in stacks}
    roles = [
        (index, item)
        for index, item in enumerate(ctx.declarations.resources)
        if item.type_name == "RamRole" and item.account
    ]
    for index, item in roles:
        inputs = prepared[index]
        document, name = inputs.get("assumeRolePolicyDocument"), inputs.get("name")
        if document is None or contains_unknown(document) or not isinstance(name, str):
            continue
        role_arn = f"acs:ram::{item.account}:role/{name}"
        for partner in sorted(_trusted_accounts(_as_document(document)) - {str(item.account)}):
            partner_model = models.get(partner)
            if partner_model is None:
                continue  # the partner's side is managed elsewhere
            callers = [Principal.user(user, partner) for user in sorted(partner_model.users)]
            callers += [Principal.role(role, partner) for role in sorted(partner_model.roles)]
            if not any(may_assume_role(stacks, caller, role_arn).allowed for caller in callers):
                ctx.add(
                    STACK_PARTNER_MISSING_ASSUME_ROLE,
                    Severity.WARNING,
                    f"RamRole '{item.name}' ({role_arn}) trusts account {partner}, but no user or role this program "
                    f"declares in {partner} may call sts:AssumeRole on it",
                    item.name,
                    suggestion=f"attach AliyunSTSAssumeRoleAccess, or a policy allowing sts:AssumeRole on {role_arn}, "
                    f"to the principal in account {partner} that should assume the role",
                )
    _check_assume_targets(ctx, models)


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


def _check_assume_targets(ctx: _Context, models: Mapping[str, StackModel]) -> None:
    declared_roles = {
        (account, role.lower()): (account, role, trust)
        for account, model in models.items()
        for role, trust in model.roles.items()
    }
    for account, model in models.items():
        for policy_name, document in model.policies.items():
            for target in _assume_role_targets(document):
                target_account, role_name = target.split(":")[3], target.split(":")[4].split("/", 1)[1]
                elsewhere = [
                    declared for (owner, role), declared in declared_roles.items() if role == role_name.lower()
                ]
                exact = declared_roles.get((target_account, role_name.lower()))
                if exact is None and elsewhere:
                    owners = ", ".join(sorted(owner for owner, _, _ in elsewhere))
                    ctx.add(
                        STACK_PARTNER_WRONG_ACCOUNT,
                        Severity.ERROR,
                        f"RamPolicy '{policy_name}' (account {account}) allows sts:AssumeRole on {target}, but role "
                        f"'{role_name}' is declared in account {owners}",
                        policy_name,
                        suggestion=f"use acs:ram::{sorted(owner for owner, _, _ in elsewhere)[0]}:role/{role_name}",
                    )
                elif exact is not None and account != target_account:
                    trusted = _trusted_accounts(exact[2])
                    if account not in trusted:
                        ctx.add(
                            STACK_TRUST_MISSING_PARTNER,
                            Severity.WARNING,
                            f"RamPolicy '{policy_name}' (account {account}) allows sts:AssumeRole on {target}, but the "
                            f"role's trust policy does not trust account {account}",
                            policy_name,
                            suggestion=f"add acs:ram::{account}:root to the role's trusted accounts",
                        )


def _check_ecr(ctx: _Context, prepared: dict[int, dict[str, Any]]) -> None:
    resources = ctx.declarations.resources
    grants = [(item, prepared[i]) for i, item in enumerate(resources) if item.type_name == "EcrGrant"]
    associations = [(item, prepared[i]) for i, item in enumerate(resources) if item.type_name == "EcrAssociation"]

    def key(item: Declared) -> tuple[str, str]:
        # Raw values: a placeholder names its source (a config key, a resource output), so two sides fed
        # from the same unknown value still meet.
        return str(item.inputs.get("ecrId")), str(item.inputs.get("instanceId"))

    def unknown(item: Declared) -> bool:
        return any(PLACEHOLDER in part for part in key(item))

    for grant, inputs in grants:
        matches = [(item, other) for item, other in associations if key(item) == key(grant)]
        if not matches and unknown(grant):
            ctx.add(
                UNKNOWN_AT_PREVIEW,
                Severity.SUGGESTION,
                f"EcrGrant '{grant.name}': the ECR or instance id is known only after apply; its association "
                "could not be matched",
                grant.name,
            )
        elif not matches:
            ctx.add(
                STACK_ECR_GRANT_UNMATCHED,
                Severity.WARNING,
                f"EcrGrant '{grant.name}' grants {inputs.get('instanceType')} {inputs.get('instanceId')} to "
                f"{inputs.get('ecrId')}, but no EcrAssociation in this program associates it",
                grant.name,
                suggestion="declare the EcrAssociation with the ECR owner's provider, or remove the grant",
            )
        for association, other in matches:
            owner = inputs.get("ecrOwnerUid")
            if association.account and isinstance(owner, str) and owner != association.account:
                ctx.add(
                    STACK_ECR_OWNER_MISMATCH,
                    Severity.ERROR,
                    f"EcrGrant '{grant.name}' names ECR owner {owner}, but EcrAssociation '{association.name}' is "
                    f"made by account {association.account}",
                    grant.name,
                )
            instance_owner = other.get("instanceOwnerUid")
            if grant.account and isinstance(instance_owner, str) and instance_owner != grant.account:
                ctx.add(
                    STACK_ECR_OWNER_MISMATCH,
                    Severity.ERROR,
                    f"EcrAssociation '{association.name}' names instance owner {instance_owner}, but EcrGrant "
                    f"'{grant.name}' is made by account {grant.account}",
                    association.name,
                )
    granted = {key(grant) for grant, _ in grants}
    for association, inputs in associations:
        owner = inputs.get("instanceOwnerUid")
        same_account = association.account is not None and owner == association.account
        if key(association) not in granted and not same_account and not unknown(association):
            ctx.add(
                STACK_ECR_ASSOCIATION_UNGRANTED,
                Severity.WARNING,
                f"EcrAssociation '{association.name}' associates {inputs.get('instanceId')} of account {owner}, but "
                "this program declares no EcrGrant for it; the association fails unless the owner granted it "
                "elsewhere",
                association.name,
            )


def check_declarations(declarations: Declarations, config: CheckConfig, file: str) -> list[Finding]:
    """Run every input, document and stack-level check over what a program declared."""
    ctx = _Context(declarations, config, file)
    prepared = _check_inputs(ctx)
    _check_documents(ctx, prepared)
    _check_partners(ctx, prepared)
    _check_ecr(ctx, prepared)
    return ctx.findings


def check_project(path: Path, config: CheckConfig | None = None, *, stack: str | None = None) -> list[Finding]:
    """Run the Pulumi project at ``path`` under mocks and check everything it declares (see module docstring)."""
    config = config or CheckConfig()
    path = Path(path)
    try:
        project = load_project(path, stack)
    except (OSError, ProgramError) as error:
        return [Finding(PROGRAM_ERROR, Severity.ERROR, f"cannot read the Pulumi project: {error}", file=str(path))]
    file = str(project.main)
    default_account = project.config.get(f"{PACKAGE}:accountId") or config.account_id
    missing: list[str] = []
    while True:
        try:
            declarations = run_program(project, default_account or None)
            break
        except pulumi.ConfigMissingError as error:
            if error.key in project.config or len(missing) >= MAX_MISSING_CONFIG:
                return [
                    Finding(PROGRAM_ERROR, Severity.ERROR, f"the program raised ConfigMissingError: {error}", file=file)
                ]
            missing.append(error.key)
            secrets = (*project.secret_keys, error.key) if error.secret else project.secret_keys
            project = dataclasses.replace(
                project, config={**project.config, error.key: f"{PLACEHOLDER}:config:{error.key}"}, secret_keys=secrets
            )
        except Exception as error:  # the user's program failed: report it as a finding
            message = f"the program raised {type(error).__name__}: {error}"
            return [Finding(PROGRAM_ERROR, Severity.ERROR, message, file=file)]
    findings = [
        Finding(
            UNKNOWN_AT_PREVIEW,
            Severity.SUGGESTION,
            f"config '{key}' is not set for this check; the program ran with a placeholder, and values derived "
            "from it were not checked",
            file=file,
            suggestion=f"set it in Pulumi.<stack>.yaml (pulumi config set {key.split(':', 1)[-1]} ...)",
        )
        for key in missing
    ]
    return config.filter(findings + check_declarations(declarations, config, file))
