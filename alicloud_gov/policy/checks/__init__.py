"""Policy checks: validate one RAM policy document offline and report located findings.

``check_policy(document)`` parses the document (text, bytes or a mapping), decides whether it
is an identity or a trust policy (a document whose statements carry ``Principal`` is a trust
policy unless told otherwise), runs every registered check and returns the findings sorted by
position. It never raises on any document: malformed input is a finding.

Each check lives in a small module of this package and is registered with its code, severity,
title and doc (see :mod:`alicloud_gov.policy.checks.registry`); docs/checks.md documents them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from alicloud_gov.policy.catalog import Catalog, load_catalog
from alicloud_gov.policy.checks import (  # noqa: F401  (importing registers the checks)
    actions,
    conditions,
    principals,
    redundancy,
    resource_group,
    resources,
    security,
    structure,
)
from alicloud_gov.policy.checks.context import CheckContext
from alicloud_gov.policy.checks.registry import REGISTRY, CheckSpec, Hit, register_external
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.model import ParsedPolicy
from alicloud_gov.policy.parse import parse_policy

__all__ = ["POLICY_TYPES", "REGISTRY", "SCOPES", "CheckConfig", "CheckSpec", "check_policy", "detect_policy_type"]

POLICY_TYPES = ("identity", "trust", "session")
SCOPES = ("account", "resource-group")
CHECK_CRASHED = "CHECK_CRASHED"

register_external(
    CHECK_CRASHED,
    Severity.WARNING,
    "A check could not finish on this document",
    "A check raised an unexpected error on this document; the other checks still ran. This is a bug in "
    "alicloud-gov: please report it with the document.",
)


def detect_policy_type(policy: ParsedPolicy) -> str:
    """``trust`` when any statement carries ``Principal``, else ``identity``."""
    return "trust" if any(s.principal is not None for s in policy.statements) else "identity"


def _finding(spec: CheckSpec, hit: Hit, file: str | None, resource: str | None) -> Finding:
    node = hit.node
    line, column = (node.line, node.column) if node is not None else (None, None)
    if hit.key_position is not None and hit.key_position[0] is not None:
        line, column = hit.key_position
    return Finding(
        code=spec.code,
        severity=spec.severity,
        message=hit.message,
        file=file,
        resource=resource,
        json_path=node.path if node is not None else "$",
        line=line,
        column=column,
        suggestion=hit.suggestion,
    )


def check_policy(
    text_or_dict: str | bytes | Mapping[str, Any] | ParsedPolicy,
    *,
    policy_type: str | None = None,
    scope: str = "account",
    config: CheckConfig | None = None,
    file: str | None = None,
    resource: str | None = None,
    catalog: Catalog | None = None,
) -> list[Finding]:
    """Check one policy document; returns findings (ignores from ``config`` applied) sorted by position.

    ``policy_type``: ``identity`` (custom policy), ``trust`` (a role's assume-role policy), ``session``
    (an AssumeRole session policy) or None to detect. ``scope``: ``account`` or ``resource-group`` (where
    the policy is attached). ``file``/``resource`` label the findings. Never raises on any document.
    """
    if policy_type is not None and policy_type not in POLICY_TYPES:
        raise ValueError(f"policy_type must be one of {', '.join(POLICY_TYPES)} or None, not {policy_type!r}")
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    config = config or CheckConfig()
    policy = text_or_dict if isinstance(text_or_dict, ParsedPolicy) else _parse(text_or_dict, file, resource)
    if policy.root is None:
        found = [
            f if f.file == file and f.resource == resource else _relabel(f, file, resource)
            for f in policy.syntax_findings
        ]
        return sorted(config.filter(found), key=lambda f: f.sort_key)
    ctx = CheckContext(
        policy=policy,
        policy_type=policy_type or detect_policy_type(policy),
        scope=scope,
        config=config,
        catalog=catalog or load_catalog(),
    )
    findings: list[Finding] = []
    for spec in REGISTRY.values():
        try:
            findings.extend(_finding(spec, hit, file, resource) for hit in spec.function(ctx))
        except Exception as error:  # a bug in one check must not hide the others' findings
            findings.append(
                Finding(
                    CHECK_CRASHED,
                    Severity.WARNING,
                    f"Check {spec.code} failed on this document: {type(error).__name__}: {error}",
                    file=file,
                    resource=resource,
                    json_path="$",
                )
            )
    return sorted(config.filter(findings), key=lambda f: f.sort_key)


def _parse(source: Any, file: str | None, resource: str | None) -> ParsedPolicy:
    return parse_policy(source, file=file, resource=resource)


def _relabel(finding: Finding, file: str | None, resource: str | None) -> Finding:
    return replace(finding, file=file, resource=resource)
