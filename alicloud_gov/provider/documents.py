"""Policy-document checks at ``check`` time: error-severity findings fail the resource, naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alicloud_gov.provider.values import contains_unknown
from alicloud_gov.spec.inputs import Problem, describe
from alicloud_gov.spec.schema import ResourceSpec

DOCUMENT_FIELDS: dict[str, tuple[str, str]] = {
    "RamPolicy": ("document", "identity"),
    "RamRole": ("assumeRolePolicyDocument", "trust"),
}
"""Resource type -> (field holding a document, the document's kind for the checks)."""


def finding_text(finding: Any) -> str:
    """``CODE message`` plus the finding's suggestion: ``(did you mean X?)`` or ``Fix: ...``."""
    text = f"{finding.code} {finding.message}"
    suggestion = getattr(finding, "suggestion", None)
    if suggestion and suggestion not in finding.message:
        # A bare name is a correction ("did you mean"); anything longer is advice, quoted as given.
        text += f" (did you mean {suggestion}?)" if " " not in suggestion.strip() else f" Fix: {suggestion.strip()}"
    return text


def check_documents(spec: ResourceSpec, resource_name: str, inputs: Mapping[str, Any]) -> list[Problem]:
    """Run the policy checks on the resource's document; one problem per error-severity finding. A System-type
    PolicyAttachment naming no known system policy fails too (UNKNOWN_SYSTEM_POLICY), before any API call."""
    if spec.type_name == "PolicyAttachment":
        return _check_system_policy_name(spec, resource_name, inputs)
    entry = DOCUMENT_FIELDS.get(spec.type_name)
    if entry is None:
        return []
    field, policy_type = entry
    document = inputs.get(field)
    if document is None or contains_unknown(document):
        return []
    from alicloud_gov.policy.checks import check_policy
    from alicloud_gov.policy.findings import Severity

    findings = check_policy(document, policy_type=policy_type, resource=resource_name)
    return [
        (field, f"{describe(spec, resource_name, field)}{_place(finding)}: {finding_text(finding)}")
        for finding in findings
        if finding.severity == Severity.ERROR
    ]


def _place(finding: Any) -> str:
    """`` at Statement[1].Effect`` for a finding located inside the document (its JSONPath without ``$.``)."""
    path = str(getattr(finding, "json_path", None) or "").removeprefix("$").removeprefix(".")
    return f" at {path}" if path else ""


def _check_system_policy_name(spec: ResourceSpec, resource_name: str, inputs: Mapping[str, Any]) -> list[Problem]:
    name = inputs.get("policyName")
    if str(inputs.get("policyType", "")).lower() != "system" or not isinstance(name, str) or contains_unknown(name):
        return []
    from alicloud_gov.policy.system_policy_names import unknown_system_policy

    found = unknown_system_policy(name)
    if found is None:
        return []
    return [("policyName", f"{describe(spec, resource_name, 'policyName')}: UNKNOWN_SYSTEM_POLICY {found[0]}")]
