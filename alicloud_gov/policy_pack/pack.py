"""The CrossGuard policy pack: alicloud-gov's checks inside ``pulumi preview --policy-pack DIR``.

Every finding code is its own Pulumi policy (named after the code in lower-case
kebab form, e.g. ``invalid-action``), so ``--policy-pack-config`` sets the
enforcement level per code::

    {"all": "advisory", "full-admin": "mandatory", "redundant-action": "disabled"}

By default codes of severity ``error`` and ``security_warning`` are mandatory
(they fail the preview) and the others advisory. Document checks run on each
RamPolicy's document and each RamRole's trust policy; the resource-group scope
check needs the whole stack (which policy is attached where), so it is a stack
policy. Findings are computed once per document and shared by the per-code
policies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from alicloud_gov.plan.access import ResourceRecord, trust_document
from alicloud_gov.policy.checks import REGISTRY, check_policy
from alicloud_gov.policy.checks.resource_group import RG_SCOPE_UNSUPPORTED_ACTION
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.spec.tokens import TYPE_PREFIX

PACK_NAME = "alicloud-gov"
STACK_SCOPED_CODES = frozenset({RG_SCOPE_UNSUPPORTED_ACTION})
"""Document codes that need the whole stack (where each policy is attached), so they are stack policies."""
MANDATORY_SEVERITIES = frozenset({Severity.ERROR, Severity.SECURITY_WARNING})


def policy_name(code: str) -> str:
    """The Pulumi policy name of a finding code: ``INVALID_ACTION`` -> ``invalid-action``."""
    return code.lower().replace("_", "-")


def default_enforcement(severity: Severity) -> EnforcementLevel:
    """Mandatory for errors and security warnings, advisory otherwise."""
    return EnforcementLevel.MANDATORY if severity in MANDATORY_SEVERITIES else EnforcementLevel.ADVISORY


def _plain(value: Any) -> Any:
    """CrossGuard hands property values as read-only proxies: copy them into plain dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or (hasattr(value, "__iter__") and not isinstance(value, (str, bytes))):
        return [_plain(v) for v in value]
    return value


def _text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(_plain(document), sort_keys=True)


@lru_cache(maxsize=4096)
def _findings(document_text: str, policy_type: str, scope: str, resource: str) -> tuple[Finding, ...]:
    return tuple(check_policy(document_text, policy_type=policy_type, scope=scope, resource=resource))


def document_findings(resource_type: str, name: str, props: Mapping[str, Any]) -> list[Finding]:
    """Findings of the policy document a resource carries (none for resources without one)."""
    type_name = resource_type.removeprefix(TYPE_PREFIX)
    if type_name == "RamPolicy" and props.get("document") is not None:
        return list(_findings(_text(props["document"]), "identity", "account", name))
    if type_name == "RamRole":
        document = trust_document(ResourceRecord("RamRole", name, None, _plain(props)))
        if document.get("Statement"):
            return list(_findings(_text(document), "trust", "account", name))
    return []


def _message(finding: Finding) -> str:
    where = f" (line {finding.line}, {finding.json_path})" if finding.line else ""
    hint = f"\nSuggestion: {finding.suggestion}" if finding.suggestion else ""
    return f"{finding.code}: {finding.message}{where}{hint}"


def _resource_validator(code: str) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        for finding in document_findings(args.resource_type, args.name, args.props):
            if finding.code == code:
                report_violation(_message(finding), None)

    return validate


def rg_scope_findings(resources: list[tuple[str, str, Mapping[str, Any]]]) -> list[tuple[str, Finding]]:
    """``(attachment name, finding)`` for each resource-group-scoped attachment of a policy whose actions
    lack resource-group support. ``resources`` are ``(type, name, props)`` of the whole stack."""
    custom_documents = {
        str(props.get("name", name)).lower(): props.get("document")
        for type_, name, props in resources
        if type_.removeprefix(TYPE_PREFIX) == "RamPolicy"
    }
    results: list[tuple[str, Finding]] = []
    for type_, name, props in resources:
        if type_.removeprefix(TYPE_PREFIX) != "PolicyAttachment" or not props.get("resourceGroupId"):
            continue
        policy = str(props.get("policyName", ""))
        if str(props.get("policyType", "Custom")).lower() == "system":
            document: Any = get_system_policy(policy)
        else:
            document = custom_documents.get(policy.lower())
        if document is None:
            continue
        for finding in _findings(_text(document), "identity", "resource-group", name):
            if finding.code in STACK_SCOPED_CODES:
                results.append((name, finding))
    return results


def _stack_validator(code: str) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        resources = [(r.resource_type, r.name, _plain(r.props)) for r in args.resources]
        for name, finding in rg_scope_findings(resources):
            if finding.code == code:
                report_violation(f"PolicyAttachment {name}: {_message(finding)}", None)

    return validate


def build_policies() -> list[Policy]:
    """One policy per finding code, with its default enforcement level."""
    policies: list[Policy] = []
    for code, spec in sorted(REGISTRY.items()):
        description = f"{spec.title} ({spec.severity.value}; see docs/checks.md#{code.lower()})"
        if code in STACK_SCOPED_CODES:
            policies.append(
                StackValidationPolicy(
                    policy_name(code), description, _stack_validator(code), default_enforcement(spec.severity)
                )
            )
        else:
            policies.append(
                ResourceValidationPolicy(
                    policy_name(code), description, _resource_validator(code), default_enforcement(spec.severity)
                )
            )
    return policies


def serve() -> None:
    """Start the pack (called by the pack folder's ``__main__.py``; blocks while the engine talks to it)."""
    PolicyPack(PACK_NAME, build_policies())
