"""Trust policy checks: who may assume the role, and with which action."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from alicloud_gov.policy.checks.context import CheckContext
from alicloud_gov.policy.checks.registry import Hit, check
from alicloud_gov.policy.findings import Severity
from alicloud_gov.policy.model import JsonNode, Kind, Statement
from alicloud_gov.spec.arns import FEDERATED_PROVIDER_ARN, RAM_PRINCIPAL_ARN
from alicloud_gov.spec.names import is_account_uid

PRINCIPAL_TYPES = ("RAM", "Service", "Federated")
# Kind's members as module constants: looking up ``Kind.X`` costs several times a global in the loops below.
_ARRAY = Kind.ARRAY
_STRING = Kind.STRING
TRUST_ACTIONS = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithOIDC")
_SERVICE = re.compile(r"^([0-9]+@)?[a-z0-9-]+(\.[a-z0-9-]+)*\.aliyuncs\.com$")


@dataclass(frozen=True)
class PrincipalRef:
    """One principal named in a statement: its type (RAM, Service, Federated or ``*``), node and account."""

    statement: Statement
    principal_type: str
    node: JsonNode
    account: str | None  # the UID, "*" for any account, None when not an account principal or malformed
    valid: bool

    @property
    def text(self) -> str:
        """The principal as written."""
        return self.node.text


def _classify(statement: Statement, principal_type: str, node: JsonNode) -> PrincipalRef:
    text = node.text
    if text == "*":
        return PrincipalRef(statement, principal_type, node, "*", principal_type in ("*", "RAM"))
    if principal_type == "RAM":
        if is_account_uid(text):
            return PrincipalRef(statement, principal_type, node, text, True)
        match = RAM_PRINCIPAL_ARN.match(text)
        return PrincipalRef(statement, principal_type, node, match["account"] if match else None, bool(match))
    if principal_type == "Service":
        return PrincipalRef(statement, principal_type, node, None, bool(_SERVICE.match(text)))
    if principal_type == "Federated":
        match = FEDERATED_PROVIDER_ARN.match(text)
        return PrincipalRef(statement, principal_type, node, match["account"] if match else None, bool(match))
    return PrincipalRef(statement, principal_type, node, None, False)


def principal_refs(statement: Statement) -> list[PrincipalRef]:
    """Every string principal of a statement (``"Principal": "*"`` gives one of type ``*``)."""
    principal = statement.principal
    if principal is None:
        return []
    if principal.is_string:
        return [_classify(statement, "*", principal)]
    refs: list[PrincipalRef] = []
    for member in principal.members:
        if member.value.kind in (_STRING, _ARRAY):
            refs.extend(_classify(statement, member.key, entry) for entry in member.value.strings())
    return refs


@check("UNSUPPORTED_PRINCIPAL", Severity.ERROR, "Principal in an identity policy")
def unsupported_principal(ctx: CheckContext) -> Iterator[Hit]:
    """Identity policies (custom policies attached to users, groups and roles) apply to whoever they are attached
    to; they take no ``Principal``. Only a role's trust policy names principals."""
    if ctx.is_trust:
        return
    for elements in ctx.statement_elements:
        if elements.principal is not None:
            yield Hit(
                f"Statement {elements.statement.index} of an identity policy has a Principal.",
                elements.principal,
                "Remove Principal, or check the document as a trust policy (--policy-type trust).",
            )


@check("MISSING_PRINCIPAL", Severity.ERROR, "A trust policy statement without Principal")
def missing_principal(ctx: CheckContext) -> Iterator[Hit]:
    """Every statement of a role's trust policy must say who may assume the role with ``Principal``
    (``{"RAM": [...]}``, ``{"Service": [...]}`` or ``{"Federated": [...]}``)."""
    if not ctx.is_trust:
        return
    for statement in ctx.statements:
        if statement.principal is None:
            yield Hit(
                f"Statement {statement.index} of a trust policy has no Principal.",
                statement.node,
                'Add "Principal": {"RAM": ["acs:ram::<account-uid>:root"]}.',
            )


@check("INVALID_PRINCIPAL_FORMAT", Severity.ERROR, "A principal that is not a valid RAM, Service or Federated value")
def invalid_principal_format(ctx: CheckContext) -> Iterator[Hit]:
    """Principals are ``{"RAM": ["acs:ram::<uid>:root" | "acs:ram::<uid>:role/<name>" | "acs:ram::<uid>:user/<name>"
    | "<uid>"]}``, ``{"Service": ["<name>.aliyuncs.com"]}`` or ``{"Federated": ["acs:ram::<uid>:saml-provider/<name>"
    | "acs:ram::<uid>:oidc-provider/<name>"]}``."""
    if not ctx.is_trust:
        return  # a Principal in an identity policy is UNSUPPORTED_PRINCIPAL
    for statement in ctx.statements:
        principal = statement.principal
        if principal is None:
            continue
        for member in principal.members:
            if member.key not in PRINCIPAL_TYPES:
                yield Hit(
                    f'"{member.key}" is not a principal type; use RAM, Service or Federated.',
                    member.value,
                    key_position=(member.key_line, member.key_column),
                )
        if principal.is_string and principal.text != "*":
            yield Hit(f'Principal "{principal.text}" must be an object such as {{"RAM": [...]}}.', principal)
        for ref in principal_refs(statement):
            if ref.principal_type in PRINCIPAL_TYPES and not ref.valid:
                example = {
                    "RAM": "acs:ram::<uid>:root",
                    "Service": "ecs.aliyuncs.com",
                    "Federated": "acs:ram::<uid>:saml-provider/<name>",
                }[ref.principal_type]
                yield Hit(f'"{ref.text}" is not a valid {ref.principal_type} principal.', ref.node, example)


@check("TRUST_ACTION_NOT_ASSUMEROLE", Severity.ERROR, "A trust policy grants something other than assuming the role")
def trust_action_not_assumerole(ctx: CheckContext) -> Iterator[Hit]:
    """The only actions a trust policy can grant are ``sts:AssumeRole`` (``sts:AssumeRoleWithSAML`` and
    ``sts:AssumeRoleWithOIDC`` for federated principals); other actions, wildcards and NotAction have no meaning."""
    if not ctx.is_trust:
        return
    allowed = {a.lower() for a in TRUST_ACTIONS}
    for ref in ctx.action_refs:
        if ref.element == "NotAction":
            yield Hit("A trust policy cannot use NotAction.", ref.node, 'Use "Action": "sts:AssumeRole".')
        elif ref.text.lower() not in allowed:
            yield Hit(f"{ref.text} in a trust policy; only sts:AssumeRole is meaningful.", ref.node, "sts:AssumeRole")


@check("TRUST_ANY_PRINCIPAL", Severity.SECURITY_WARNING, "Anyone may assume the role")
def trust_any_principal(ctx: CheckContext) -> Iterator[Hit]:
    """An Allow trust statement whose principal is ``*`` (or ``acs:ram::*:...``) lets any Alibaba Cloud account
    assume the role. Name the accounts (``acs:ram::<uid>:root``) instead."""
    if not ctx.is_trust:
        return
    for statement in ctx.statements:
        if not statement.is_allow:
            continue
        for ref in principal_refs(statement):
            if ref.account == "*":
                yield Hit(
                    f'Principal "{ref.text}" lets any Alibaba Cloud account assume this role.',
                    ref.node,
                    "acs:ram::<trusted-account-uid>:root",
                )


@check("TRUST_EXTERNAL_ACCOUNT", Severity.SECURITY_WARNING, "The role trusts an account outside the allow-list")
def trust_external_account(ctx: CheckContext) -> Iterator[Hit]:
    """An Allow trust statement names a principal in an account that is neither the owning account nor on the
    configured allow-list (``trusted-accounts``). Cross-account roles (such as a partner's, seed 001) are fine once
    the partner's account is listed as trusted."""
    if not ctx.is_trust:
        return
    for statement in ctx.statements:
        if not statement.is_allow:
            continue
        for ref in principal_refs(statement):
            if ref.account is None or ref.account == "*" or ctx.config.is_trusted(ref.account):
                continue
            yield Hit(
                f"The role trusts {ref.text} in account {ref.account}, which is not on the trusted-accounts list.",
                ref.node,
                f'If intended, add "{ref.account}" to trusted-accounts ([tool.alicloud-gov]) or --trusted-account.',
            )
