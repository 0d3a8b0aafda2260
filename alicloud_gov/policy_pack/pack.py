"""The CrossGuard policy pack: alicloud-gov's checks inside ``pulumi preview --policy-pack DIR``.

Every finding code is its own Pulumi policy (named after the code in lower-case
kebab form, e.g. ``invalid-action``), so ``--policy-pack-config`` sets the
enforcement level per code::

    {"all": "advisory", "full-admin": "mandatory", "redundant-action": "disabled"}

By default codes of severity ``error`` and ``security_warning`` are mandatory
(they fail the preview) and the others advisory. The pack has no checks of its
own: every policy is a stack policy that hands the stack's resources (with the
account of each provider) to the project check's
:func:`~alicloud_gov.program.project_check.check_declarations`, the same code
``alicloud-gov check PROJECT`` runs (document checks at each scope a policy is
attached at, the account-level complement and group grants of the resource-group
check, and every registered stack check), so the two give the same verdicts on
the same program. Findings are computed once per stack and shared by the per-code
policies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyPack,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy import proxy as policy_proxy

from alicloud_gov.plan import UNKNOWN
from alicloud_gov.plan.access import ResourceRecord
from alicloud_gov.policy.config import CheckConfig
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.program.project_check import check_declarations
from alicloud_gov.program.runner import DeclaredProgram
from alicloud_gov.program.stack_checks import every_check
from alicloud_gov.spec.arns import provider_account
from alicloud_gov.spec.schema import RESOURCES
from alicloud_gov.spec.tokens import PROVIDER_TYPE, TYPE_PREFIX

PACK_NAME = "alicloud-gov"
MANDATORY_SEVERITIES = frozenset({Severity.ERROR, Severity.SECURITY_WARNING})
_UNKNOWN_SENTINELS = frozenset(
    {
        policy_proxy.UNKNOWN_BOOLEAN_VALUE,
        policy_proxy.UNKNOWN_NUMBER_VALUE,
        policy_proxy.UNKNOWN_STRING_VALUE,
        policy_proxy.UNKNOWN_ARRAY_VALUE,
        policy_proxy.UNKNOWN_ASSET_VALUE,
    }
)


def policy_name(code: str) -> str:
    """The Pulumi policy name of a finding code: ``INVALID_ACTION`` -> ``invalid-action``."""
    return code.lower().replace("_", "-")


def default_enforcement(severity: Severity) -> EnforcementLevel:
    """Mandatory for errors and security warnings, advisory otherwise."""
    return EnforcementLevel.MANDATORY if severity in MANDATORY_SEVERITIES else EnforcementLevel.ADVISORY


def _plain(value: Any) -> Any:
    """CrossGuard hands property values as read-only proxies that raise on unknown values: copy the raw values
    into plain dicts and lists, a value unknown until apply as :data:`~alicloud_gov.plan.UNKNOWN`."""
    if type(value).__name__.endswith("Proxy"):
        value = value["__target"]
    if isinstance(value, str):
        return UNKNOWN if value in _UNKNOWN_SENTINELS else value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class PackResource:
    """One resource of the stack as CrossGuard shows it: type token, name, properties, URN and its provider."""

    resource_type: str
    name: str
    props: Mapping[str, Any]
    urn: str = ""
    provider_name: str | None = None
    provider_type: str | None = None
    provider_props: Mapping[str, Any] | None = None


def _type_name(token: str) -> str:
    """``RamPolicy`` for this package's resources (as the project check records them), else the full token."""
    short = token.removeprefix(TYPE_PREFIX)
    return short if short != token and token in RESOURCES else token


def declared_program(resources: Sequence[PackResource]) -> DeclaredProgram:
    """The stack as the project check's runner would have recorded it: each resource with its provider, each
    explicit provider as a record, and the account of each alicloud-gov provider whose account is known."""
    program = DeclaredProgram(project="pack", stack="preview")
    providers: dict[str, ResourceRecord] = {}
    for resource in resources:
        if resource.resource_type.startswith("pulumi:providers:"):
            continue
        provider = resource.provider_name
        if provider is not None and provider not in providers and resource.provider_type:
            props = _plain(resource.provider_props or {})
            providers[provider] = ResourceRecord(resource.provider_type, provider, None, props)
            account = provider_account(props) if resource.provider_type == PROVIDER_TYPE else None
            if account is not None:
                program.accounts[provider] = account
        program.resources.append(
            ResourceRecord(_type_name(resource.resource_type), resource.name, provider, _plain(resource.props))
        )
    program.resources[:0] = list(providers.values())
    return program


def stack_findings(resources: Sequence[PackResource], config: CheckConfig | None = None) -> list[Finding]:
    """What ``alicloud-gov check`` finds in these resources: one implementation for the pack and ``check``."""
    return check_declarations(declared_program(resources), config or CheckConfig(), "Pulumi stack")


def _message(finding: Finding) -> str:
    where = f" ({finding.json_path})" if finding.json_path else ""
    hint = f"\nSuggestion: {finding.suggestion}" if finding.suggestion else ""
    return f"{finding.code}: {finding.message}{where}{hint}"


def _resources_of(args: StackValidationArgs) -> list[PackResource]:
    found = []
    for resource in args.resources:
        provider = resource.provider
        found.append(
            PackResource(
                resource.resource_type,
                resource.name,
                resource.props,
                resource.urn,
                provider.name if provider is not None else None,
                provider.resource_type if provider is not None else None,
                provider.props if provider is not None else None,
            )
        )
    return found


class _StackFindings:
    """The findings of the stack under validation, computed once and shared by every per-code policy."""

    def __init__(self) -> None:
        self._key: str | None = None
        self._findings: list[Finding] = []
        self._urns: dict[str, str] = {}

    def of(self, args: StackValidationArgs) -> tuple[list[Finding], dict[str, str]]:
        resources = _resources_of(args)
        key = json.dumps([(r.urn, _plain(r.props)) for r in resources], sort_keys=True, default=str)
        if key != self._key:
            self._findings = stack_findings(resources)
            self._urns = {r.name: r.urn for r in resources if r.urn}
            self._key = key
        return self._findings, self._urns


_SHARED = _StackFindings()


def _stack_validator(code: str) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        findings, urns = _SHARED.of(args)
        for finding in findings:
            if finding.code == code:
                named = f"{finding.resource}: " if finding.resource else ""
                report_violation(f"{named}{_message(finding)}", urns.get(finding.resource or ""))

    return validate


def build_policies() -> list[Policy]:
    """One stack policy per finding code (document and stack-level), with its default enforcement level."""
    policies: list[Policy] = []
    for code, spec in sorted(every_check().items()):
        description = f"{spec.title} ({spec.severity.value}; see docs/checks.md#{code.lower()})"
        policies.append(
            StackValidationPolicy(
                policy_name(code), description, _stack_validator(code), default_enforcement(spec.severity)
            )
        )
    return policies


def serve() -> None:
    """Start the pack (called by the pack folder's ``__main__.py``; blocks while the engine talks to it)."""
    PolicyPack(PACK_NAME, build_policies())
