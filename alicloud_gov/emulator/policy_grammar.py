"""Policy document validation for RAM writes (MalformedPolicyDocument), on the shared policy checker.

RAM rejects a document that breaks the policy grammar. The emulator runs
:func:`alicloud_gov.policy.checks.check_policy` and keeps only its error-severity *grammar*
findings (listed in :data:`GRAMMAR_CODES`): JSON syntax, Version, Statement, Effect, element
names and types, Action / Resource / Principal presence and format, condition operator and key
format. Semantic findings (unknown actions, ARN shapes, condition value types) and all warnings
are left to ``alicloud-gov check``: RAM itself accepts such documents.
"""

from __future__ import annotations

from typing import Literal

from alicloud_gov.policy.checks import check_policy
from alicloud_gov.policy.findings import Severity

PolicyKind = Literal["identity", "trust", "session"]

GRAMMAR_CODES = frozenset(
    {
        "JSON_SYNTAX_ERROR",
        "DATA_TYPE_MISMATCH",
        "INVALID_VERSION",
        "MISSING_VERSION",
        "MISSING_STATEMENT",
        "MISSING_EFFECT",
        "INVALID_EFFECT",
        "MISSING_ACTION",
        "MISSING_RESOURCE",
        "MISSING_PRINCIPAL",
        "INVALID_POLICY_ELEMENT",
        "INVALID_ACTION_FORMAT",
        "INVALID_PRINCIPAL_FORMAT",
        "INVALID_CONDITION_OPERATOR",
        "INVALID_CONDITION_KEY_FORMAT",
        "UNSUPPORTED_ELEMENT_COMBINATION",
        "UNSUPPORTED_PRINCIPAL",
        "TRUST_ACTION_NOT_ASSUMEROLE",
    }
)


def policy_errors(text: str, kind: PolicyKind = "identity") -> list[str]:
    """Grammar errors of a policy document as ``<json path>: <message>`` (empty when RAM would accept it)."""
    findings = check_policy(text, policy_type=kind)
    return [
        f"{finding.json_path or '$'}: {finding.message}"
        for finding in findings
        if finding.severity == Severity.ERROR and finding.code in GRAMMAR_CODES
    ]
