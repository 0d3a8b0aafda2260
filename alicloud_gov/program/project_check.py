"""Check a Pulumi project offline: run its program through the runner and check what it declares.

``check_project(path, config)`` loads the project, runs the program with
:func:`~alicloud_gov.program.runner.run_program` (Pulumi's mocks: no engine, no cloud, no credentials; outputs
derived as :class:`~alicloud_gov.program.outputs.DerivedOutputs` does, the same values ``plan`` sees), then:

* every resource's inputs are validated as the provider's ``check`` would (RESOURCE_INPUT_INVALID);
* every custom policy is checked at each scope it is attached at (an attachment with a resource group id checks
  it with ``scope="resource-group"``), system policies attached to a resource group are checked at that scope
  too, and every trust policy is checked with the program's accounts trusted;
* the registered stack-level checks (:mod:`alicloud_gov.program.stack_checks`) look across accounts and
  resources.

Each finding on a resource is placed on the program's line that declared it (for a component's children, the
line that declared the component); a program that raised, on the user's line that raised.

A program that needs a config key the stack does not set runs with a placeholder value for it (config is text
in Pulumi, so the placeholder is text: one per key and run, and every input containing one is unknown).
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi

from alicloud_gov.plan import UNKNOWN, contains_unknown
from alicloud_gov.plan.foreign import translate
from alicloud_gov.policy.catalog import ActionInfo
from alicloud_gov.policy.checks import check_policy
from alicloud_gov.policy.checks.resource_group import RG_SCOPE_UNSUPPORTED_ACTION
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.findings import Finding
from alicloud_gov.policy.scope import allowed_actions, complement_document, split_by_resource_group_support
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.program.locations import DeclarationSites, place_findings
from alicloud_gov.program.project import ProgramError, Project, load_project
from alicloud_gov.program.runner import DeclaredProgram, run_program
from alicloud_gov.program.stack_checks import (
    PROGRAM_ERROR,
    RESOURCE_INPUT_INVALID,
    UNKNOWN_AT_PREVIEW,
    Item,
    StackCheckSpec,
    StackHit,
    StackView,
    run_stack_checks,
)
from alicloud_gov.spec.inputs import prepare_inputs, validate_inputs
from alicloud_gov.spec.schema import RESOURCES
from alicloud_gov.spec.tokens import type_token

MAX_MISSING_CONFIG = 20
"""Required config keys the check fills with placeholders before giving up."""


@dataclass(frozen=True)
class Placeholders:
    """The text values the check gave config keys the stack does not set, by key."""

    by_key: Mapping[str, str] = field(default_factory=dict)

    def add(self, key: str) -> Placeholders:
        """These placeholders and a new one for ``key``."""
        return Placeholders({**self.by_key, key: f"<config {key} unset {secrets.token_hex(4)}>"})

    def unknowns(self, value: Any) -> Any:
        """``value`` with every text containing a placeholder as UNKNOWN (lists and dicts recursively)."""
        if isinstance(value, str):
            return UNKNOWN if any(text in value for text in self.by_key.values()) else value
        if isinstance(value, Mapping):
            return {key: self.unknowns(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.unknowns(item) for item in value]
        return value


@dataclass
class _Context:
    view: StackView
    file: str
    findings: list[Finding] = field(default_factory=list)

    def add(self, spec: StackCheckSpec, hit: StackHit) -> None:
        self.findings.append(spec.finding(hit, self.file))


def _document_findings(found: list[Finding], file: str, resource: str, context: str) -> list[Finding]:
    """Findings of a document re-labelled to the program (positions inside the JSON are dropped)."""
    result = []
    for finding in found:
        message = f"{finding.message} ({context})" if context else finding.message
        result.append(
            dataclasses.replace(finding, file=file, resource=resource, line=None, column=None, message=message)
        )
    return result


def _view(
    program: DeclaredProgram, placeholders: Placeholders, config: CheckConfig
) -> tuple[StackView, list[StackHit], list[StackHit]]:
    """The stack view (inputs completed as the provider's check does), the input problems found on the way, and
    the pulumi-alicloud resources whose access is not understood."""
    items: list[Item] = []
    problems: list[StackHit] = []
    for record in program.ours():
        spec = RESOURCES.get(type_token(record.type_name))
        if spec is None:
            continue
        inputs = {key: value for key, value in placeholders.unknowns(dict(record.inputs)).items() if value is not None}
        for field_name, message in validate_inputs(spec, record.name, inputs):
            problems.append(StackHit(message, record.name, json_path=f"$.{field_name}"))
        items.append(Item(record, prepare_inputs(spec, inputs), program.account_of(record)))
    foreign = translate(program.resources, program.accounts)  # pulumi-alicloud's, as our kinds
    accounts = {**foreign.accounts, **program.accounts}
    for record in foreign.records:  # their inputs are validated by their own provider
        inputs = {key: value for key, value in placeholders.unknowns(dict(record.inputs)).items() if value is not None}
        item_inputs = prepare_inputs(RESOURCES[type_token(record.type_name)], inputs)
        items.append(Item(record, item_inputs, accounts.get(record.provider)))
    unknown = [StackHit(grant.sentence, grant.resource) for grant in foreign.unknown]
    return StackView(tuple(items), config, frozenset(accounts.values())), problems, unknown


def _scopes_of_policies(view: StackView) -> dict[tuple[str | None, str], set[str]]:
    """(account, lower-cased custom policy name) -> the scopes it is attached at."""
    scopes: dict[tuple[str | None, str], set[str]] = {}
    for item in view.of_type("PolicyAttachment"):
        inputs = item.inputs
        policy_name = inputs.get("policyName")
        if str(inputs.get("policyType")) != "Custom" or not isinstance(policy_name, str):
            continue
        scope = "resource-group" if inputs.get("resourceGroupId") is not None else "account"
        scopes.setdefault((item.account, policy_name.lower()), set()).add(scope)
    return scopes


def _check_documents(ctx: _Context) -> None:
    view = ctx.view
    scopes = _scopes_of_policies(view)
    trusted = frozenset(view.config.trusted_accounts | view.accounts)
    for item in view.items:
        inputs, name = item.inputs, item.record.name
        if item.record.type_name == "RamPolicy":
            document, policy_name = inputs.get("document"), inputs.get("name")
            if document is None or contains_unknown(document):
                message = f"RamPolicy '{name}' field 'document': known only after apply, so it was not checked"
                ctx.add(UNKNOWN_AT_PREVIEW, StackHit(message, name, json_path="$.document"))
                continue
            attached = scopes.get((item.account, str(policy_name).lower()), {"account"})
            seen: set[tuple[str, str | None, str]] = set()
            for scope in sorted(attached):
                found = check_policy(document, policy_type="identity", scope=scope, config=view.config)
                if scope == "resource-group":
                    found = _narrow_rg_findings(view, found, document, _rg_attachments_of(view, item, str(policy_name)))
                context = "attached at resource-group scope" if scope == "resource-group" else ""
                for finding in _document_findings(found, ctx.file, name, context):
                    key = (finding.code, finding.json_path, scope)
                    if key not in seen:
                        seen.add(key)
                        ctx.findings.append(finding)
        elif item.record.type_name == "RamRole":
            document = inputs.get("assumeRolePolicyDocument")
            if document is None or contains_unknown(document):
                message = (
                    f"RamRole '{name}' field 'assumeRolePolicyDocument': known only after apply, so the trust "
                    "policy was not checked"
                )
                ctx.add(UNKNOWN_AT_PREVIEW, StackHit(message, name, json_path="$.assumeRolePolicyDocument"))
                continue
            config = dataclasses.replace(view.config, trusted_accounts=trusted, account_id=item.account)
            found = check_policy(document, policy_type="trust", config=config)
            ctx.findings.extend(_document_findings(found, ctx.file, name, "trust policy"))
        elif item.record.type_name == "PolicyAttachment":
            _check_system_policy_at_group_scope(ctx, item)


def _check_system_policy_at_group_scope(ctx: _Context, item: Item) -> None:
    inputs = item.inputs
    if inputs.get("resourceGroupId") is None or str(inputs.get("policyType")) != "System":
        return
    name = inputs.get("policyName")
    document = get_system_policy(name) if isinstance(name, str) else None
    if document is None:
        return
    found = check_policy(document, policy_type="identity", scope="resource-group", config=ctx.view.config)
    # Alibaba's own document cannot be edited: only what its resource-group scope means is worth saying.
    scoped = [finding for finding in found if finding.code == RG_SCOPE_UNSUPPORTED_ACTION]
    kept = _narrow_rg_findings(ctx.view, scoped, document, [item])
    context = f"system policy {name} attached at resource-group scope"
    ctx.findings.extend(_document_findings(kept, ctx.file, item.record.name, context))


def _rg_attachments_of(view: StackView, policy: Item, policy_name: str) -> list[Item]:
    """The resource-group-scope attachments of custom policy ``policy_name`` in ``policy``'s account."""
    return [
        other
        for other in view.of_type("PolicyAttachment")
        if other.account == policy.account
        and other.inputs.get("resourceGroupId") is not None
        and str(other.inputs.get("policyType", "Custom")) == "Custom"
        and str(other.inputs.get("policyName", "")).lower() == policy_name.lower()
    ]


def _narrow_rg_findings(
    view: StackView, found: list[Finding], document: Mapping[str, Any], attachments: list[Item]
) -> list[Finding]:
    """Resource-group scope findings restricted to the actions some holder lacks at account scope.

    For each statement's actions without resource-group support, the actions every holder (the principal of
    each resource-group attachment) already holds at account scope elsewhere in the stack are dropped; a
    finding left with none is dropped. Without known attachments the findings stay as they are.
    """
    if not attachments:
        return found
    held_by_each = [
        {action.full_name for action in allowed_actions(_account_scope_documents(view, attachment))}
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


def _account_scope_documents(view: StackView, attachment: Item) -> list[Any]:
    """The documents attached at account scope to the same principal as ``attachment`` (same account), and for a
    user also to the groups it belongs to (a user holds its groups' grants)."""
    inputs = attachment.inputs
    principal = (str(inputs.get("principalType")), str(inputs.get("principalName")).lower())
    holders = {principal}
    if principal[0] == "user":
        holders |= {
            ("group", str(member.inputs.get("groupName")).lower())
            for member in view.of_type("RamGroupMembership")
            if member.account == attachment.account and str(member.inputs.get("userName")).lower() == principal[1]
        }
    custom = {
        str(other.inputs.get("name", other.record.name)).lower(): other.inputs.get("document")
        for other in view.of_type("RamPolicy")
        if other.account == attachment.account
    }
    documents: list[Any] = []
    for other in view.of_type("PolicyAttachment"):
        held = other.inputs
        if other.account != attachment.account or held.get("resourceGroupId") is not None:
            continue
        if (str(held.get("principalType")), str(held.get("principalName")).lower()) not in holders:
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


def check_declarations(
    program: DeclaredProgram, config: CheckConfig, file: str, placeholders: Placeholders | None = None
) -> list[Finding]:
    """Run every input, document and stack-level check over what a program declared."""
    view, problems, unknown = _view(program, placeholders or Placeholders(), config)
    ctx = _Context(view, file)
    for hit in problems:
        ctx.add(RESOURCE_INPUT_INVALID, hit)
    for hit in unknown:
        ctx.add(UNKNOWN_AT_PREVIEW, hit)
    _check_documents(ctx)
    return ctx.findings + run_stack_checks(view, file)


def declare(
    project: Project,
    config: CheckConfig | None = None,
    placeholders: Placeholders | None = None,
    stack: str = "check",
) -> DeclaredProgram:
    """What the project's program declares, run as ``check`` runs it (exceptions as :class:`ProgramError`)."""
    config = config or CheckConfig()
    values = dict((placeholders or Placeholders()).by_key)
    return run_program(project, stack, values, default_account=config.account_id)


def _program_error(
    message: str, file: str, project: Project | None = None, error: BaseException | None = None
) -> list[Finding]:
    finding = PROGRAM_ERROR.finding(StackHit(message), file)
    site = DeclarationSites(project.directory).traceback_location(error.__traceback__) if project and error else None
    if site is not None:
        finding = dataclasses.replace(finding, file=site.file, line=site.line, column=site.column)
    return [finding]


def check_project(
    path: Path,
    config: CheckConfig | None = None,
    *,
    stack: str | None = None,
    values: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Run the Pulumi project at ``path`` under mocks and check everything it declares (see module docstring).

    ``stack`` names the stack whose config is read (and the stack the program sees); ``values`` override config
    values (``project:key`` -> text: the stack's decrypted secrets).
    """
    config = config or CheckConfig()
    path = Path(path)
    try:
        project = load_project(path, stack)
    except (OSError, ProgramError) as error:
        return _program_error(f"cannot read the Pulumi project: {error}", str(path))
    if values:
        project = dataclasses.replace(project, config={**project.config, **values})
    file = str(project.main)
    placeholders = Placeholders()
    while True:
        try:
            program = declare(project, config, placeholders, stack or "check")
            break
        except ProgramError as error:
            cause = error.__cause__
            if not isinstance(cause, pulumi.ConfigMissingError):
                return _program_error(_raised(cause) if cause is not None else str(error), file, project, cause)
            if (
                cause.key in project.config
                or cause.key in placeholders.by_key
                or (len(placeholders.by_key) >= MAX_MISSING_CONFIG)
            ):
                return _program_error(_raised(cause), file)
            placeholders = placeholders.add(cause.key)
            if cause.secret:
                project = dataclasses.replace(project, secret_keys=(*project.secret_keys, cause.key))
    findings = [
        UNKNOWN_AT_PREVIEW.finding(
            StackHit(
                f"config '{key}' is not set for this check; the program ran with a placeholder, and values derived "
                "from it were not checked",
                suggestion=f"set it in Pulumi.<stack>.yaml (pulumi config set {key.split(':', 1)[-1]} ...)",
            ),
            file,
        )
        for key in placeholders.by_key
    ]
    declared = check_declarations(program, config, file, placeholders)
    return config.filter(place_findings(findings + declared, program.resources))


def _raised(error: BaseException) -> str:
    return f"the program raised {type(error).__name__}: {error}"
