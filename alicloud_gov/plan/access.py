"""Access models from declared or deployed resources, and each principal's permission delta.

A Pulumi program (or a stack's deployed state) is a list of resource records:
users, groups, memberships, roles with trust policies, custom policies and
attachments, each managed through one provider, i.e. one account. This module
folds those records into one :class:`~alicloud_gov.policy.stack.StackModel` per
account and compares the effective permissions of every principal between two
such sets: what each one gains and loses, with sensitive access highlighted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from alicloud_gov.plan.diff import UNKNOWN
from alicloud_gov.plan.foreign import translate
from alicloud_gov.policy.algebra import Element, Grant, condition_atoms, gains, losses
from alicloud_gov.policy.checks.security import ESCALATION_ACTIONS, SENSITIVE_SERVICES
from alicloud_gov.policy.evaluate import Permission, effective_permissions_by_principal
from alicloud_gov.policy.matching import has_wildcard, wildcard_match
from alicloud_gov.policy.stack import ACCOUNT_SCOPE, Attachment, StackModel
from alicloud_gov.policy.system_policy_names import system_policy_access_unknown, unknown_system_policy
from alicloud_gov.spec.inputs import TRUST_HELPERS
from alicloud_gov.spec.trust import build_trust_policy
from alicloud_gov.spec.unknown import contains_unknown

UNKNOWN_ACCOUNT = "<account of {provider}>"
"""Account id placeholder for a provider whose account is not known before apply."""


@dataclass(frozen=True)
class SourceLocation:
    """Where a program declared a resource: the source file, its 1-based line and column (in code points)."""

    file: str
    line: int
    column: int | None = None


@dataclass(frozen=True)
class ResourceRecord:
    """One resource, declared by a program or deployed in a stack: type, name, provider, inputs and outputs.

    ``type_name`` is ``RamRole`` for the alicloud-gov package's resources and the full type token for any
    other registration (``pulumi:providers:alicloud-gov``, a component). ``provider`` is the name of the
    explicit provider resource that manages it (None for the default provider). Values unknown until apply
    are :data:`~alicloud_gov.plan.UNKNOWN`. ``location`` is the program's line that declared it (for a
    component's child, the line that declared the component), when the program was run; it takes no part in
    comparisons.
    """

    type_name: str
    name: str
    provider: str | None
    inputs: Mapping[str, Any]
    outputs: Mapping[str, Any] = field(default_factory=dict)
    location: SourceLocation | None = field(default=None, compare=False)

    @property
    def is_ours(self) -> bool:
        """True for the alicloud-gov package's own resources (not providers, not components)."""
        return ":" not in self.type_name

    def value(self, key: str) -> Any:
        """An output when known, else the input of the same name."""
        output = self.outputs.get(key)
        return output if output not in (None, UNKNOWN) else self.inputs.get(key)

    def unknown_inputs(self) -> list[str]:
        """Names of inputs (dotted paths for nested values) whose value is unknown until apply."""
        found: list[str] = []

        def walk(value: Any, path: str) -> None:
            if value is UNKNOWN:
                found.append(path)
            elif isinstance(value, Mapping):
                for key, item in value.items():
                    walk(item, f"{path}.{key}")
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    walk(item, f"{path}[{index}]")

        for name, value in self.inputs.items():
            walk(value, name)
        return found


def _document(value: Any) -> dict[str, Any] | None:
    if value is None or value is UNKNOWN:
        return None
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return dict(value) if isinstance(value, Mapping) else None


TRUST_FIELDS = ("assumeRolePolicyDocument", *TRUST_HELPERS)
"""A RamRole's inputs that say who may assume it: its document, else the helper lists it is built from."""


def trust_document(record: ResourceRecord) -> dict[str, Any]:
    """A role's trust policy: its document, else the one spec.trust builds from its helper lists (as the
    provider's check does); a helper entry known only after apply is left out (:func:`unknown_trust` says so)."""
    document = _document(record.value("assumeRolePolicyDocument"))
    if document is not None:
        return document
    known = {key: record.inputs.get(key) for key in TRUST_HELPERS}
    accounts, services, federated = (
        [v for v in value if isinstance(v, str)] if isinstance(value, list) else [] for value in known.values()
    )
    return build_trust_policy(accounts, services, federated)


def unknown_trust(record: ResourceRecord) -> str | None:
    """Why a role's trust is not known before apply (its document, or an entry of a helper list, is unknown
    until apply), naming the fields; None when it is known. Who may assume such a role is unknown."""
    unknown = [key for key in TRUST_FIELDS if contains_unknown(record.inputs.get(key))]
    if not unknown or _document(record.value("assumeRolePolicyDocument")) is not None:
        return None
    fields = ", ".join(f"'{key}'" for key in unknown)
    return f"RamRole '{record.name}' field {fields}: known only after apply, so who may assume it is unknown"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def account_models(
    records: Iterable[ResourceRecord], accounts: Mapping[str | None, str] | None = None
) -> list[StackModel]:
    """One StackModel per provider (account) from resource records.

    ``accounts`` maps a provider name (None for the default provider) to its account id when known; otherwise
    the account id is read from the records' ``accountId`` outputs, or a placeholder naming the provider.
    Records with values unknown until apply contribute what is known (an attachment to an unknown policy name
    is left out, and reported by ``check`` as unknown at preview).
    """
    records = list(records)
    foreign = translate(records, accounts)  # pulumi-alicloud's access resources as our kinds
    accounts = {**foreign.accounts, **(accounts or {})}
    by_provider: dict[str | None, list[ResourceRecord]] = {grant.provider: [] for grant in foreign.unknown}
    for record in [*records, *foreign.records]:
        by_provider.setdefault(record.provider, []).append(record)
    models: list[StackModel] = []
    for provider, items in by_provider.items():
        account_id = accounts.get(provider) or next(
            (str(r.outputs["accountId"]) for r in items if _text(r.outputs.get("accountId"))), None
        )
        model = StackModel(account_id=account_id or UNKNOWN_ACCOUNT.format(provider=provider or "default provider"))
        model.unknown_grants.extend(grant.sentence for grant in foreign.unknown if grant.provider == provider)
        for record in items:
            name = _text(record.value("name"))
            if record.type_name == "RamUser" and name:
                model.users.add(name)
            elif record.type_name == "RamGroup" and name:
                model.groups.add(name)
            elif record.type_name == "RamGroupMembership":
                user, group = _text(record.value("userName")), _text(record.value("groupName"))
                if user and group:
                    model.memberships.add((user, group))
            elif record.type_name == "RamRole" and name:
                model.roles[name] = trust_document(record)
                unknown_role_trust = unknown_trust(record)
                if unknown_role_trust is not None:
                    model.unknown_grants.append(unknown_role_trust)
            elif record.type_name == "RamPolicy" and name:
                document = _document(record.value("document"))
                if document is not None:
                    model.policies[name] = document
                else:
                    model.unknown_grants.append(
                        f"RamPolicy '{record.name}' field 'document': known only after apply, so the access it grants "
                        "is unknown"
                    )
            elif record.type_name == "ResourceGroup":
                rg_id = _text(record.outputs.get("resourceGroupId")) or _text(record.outputs.get("id"))
                model.resource_groups[rg_id or f"<rg {record.value('name')}>"] = str(record.value("name"))
            elif record.type_name == "ResourceGroupMove":
                placed = _moved_resource(record, model.account_id)
                if placed is not None:
                    model.resource_placement[placed[0]] = placed[1]
            elif record.type_name == "PolicyAttachment":
                attachment = _attachment(record)
                if attachment is not None:
                    model.attachments.append(attachment)
                unknown = _unknown_attachment(record, attachment)
                if unknown is not None:
                    model.unknown_grants.append(unknown)
        model.unknown_grants.extend(_undeclared_custom_policies(model, items))
        models.append(model)
    return models


def provider_accounts(records: Iterable[ResourceRecord]) -> dict[str | None, str]:
    """Provider name -> account id, from the ``accountId`` outputs of deployed records."""
    accounts: dict[str | None, str] = {}
    for record in records:
        account_id = _text(record.outputs.get("accountId"))
        if account_id:
            accounts.setdefault(record.provider, account_id)
    return accounts


def _moved_resource(record: ResourceRecord, account_id: str) -> tuple[str, str] | None:
    """(resource ARN, resource group id) a ResourceGroupMove places, when every part is known.

    The ARN follows the catalogue's template for the service's resource type whose relative id starts with
    ``<resourceType>/`` (a global type such as ECR has an empty region there); without one,
    ``acs:<service>:<region>:<account>:<resourceType>/<id>``.
    """
    parts = [_text(record.value(key)) for key in ("service", "resourceType", "regionId", "resourceId")]
    group = _text(record.value("resourceGroupId"))
    service, resource_type, region, resource_id = parts
    if not (service and resource_type and region and resource_id and group):
        return None
    from alicloud_gov.policy.catalog import load_catalog

    arn = f"acs:{service}:{region}:{account_id}:{resource_type}/{resource_id}"
    prefix = f"{resource_type.lower()}/"
    for known in load_catalog().resource_types(service):
        fields = known.arn_template.split(":", 4)
        if len(fields) == 5 and fields[4].lower().startswith(prefix) and fields[4].count("{#") == 1:
            arn = (
                f"acs:{fields[1]}:{region if fields[2] else ''}:{account_id}:{fields[4].split('/', 1)[0]}/{resource_id}"
            )
            break
    return arn, group


def _attachment(record: ResourceRecord) -> Attachment | None:
    principal_type = _text(record.value("principalType"))
    principal_name = _text(record.value("principalName"))
    policy_name = _text(record.value("policyName"))
    if not (principal_type and principal_name and policy_name) or principal_type not in ("user", "group", "role"):
        return None
    policy_type = "System" if str(record.value("policyType") or "Custom").lower() == "system" else "Custom"
    scope_value = record.value("resourceGroupId")
    scope = (
        ACCOUNT_SCOPE
        if scope_value in (None, "")
        else ("<unknown resource group>" if scope_value is UNKNOWN else str(scope_value))
    )
    return Attachment(principal_type, principal_name, policy_name, policy_type, scope)  # type: ignore[arg-type]


def _unknown_attachment(record: ResourceRecord, attachment: Attachment | None) -> str | None:
    """Why the access a PolicyAttachment grants is unknown before apply (None when it is known)."""
    if attachment is None:
        unknown = [key for key in ("principalType", "principalName", "policyName") if record.value(key) is UNKNOWN]
        if not unknown:
            return None
        fields = ", ".join(f"'{key}'" for key in unknown)
        return f"PolicyAttachment '{record.name}' field {fields}: known only after apply, so its access is unknown"
    if record.value("policyType") is UNKNOWN:
        return f"PolicyAttachment '{record.name}' field 'policyType': known only after apply"
    if attachment.policy_type != "System":
        return None
    problem = unknown_system_policy(attachment.policy_name)
    sentence = problem[0] if problem else system_policy_access_unknown(attachment.policy_name)
    if sentence is None:
        return None
    return f"PolicyAttachment '{record.name}' field 'policyName': {sentence}"


def _undeclared_custom_policies(model: StackModel, items: Iterable[ResourceRecord]) -> list[str]:
    """A sentence for each Custom attachment whose policy the account's records do not declare (access unknown)."""
    unknown_documents = {
        str(r.value("name")).lower() for r in items if r.type_name == "RamPolicy" and _text(r.value("name"))
    }
    found: list[str] = []
    for record in items:
        if record.type_name != "PolicyAttachment":
            continue
        attachment = _attachment(record)
        if attachment is None or attachment.policy_type != "Custom" or model.find_policy(attachment.policy_name):
            continue
        if attachment.policy_name.lower() in unknown_documents:
            continue  # declared, with a document known only after apply: reported with the RamPolicy
        found.append(
            f"PolicyAttachment '{record.name}' field 'policyName': custom policy {attachment.policy_name} is not "
            "declared in this program's account, so the access it grants is unknown"
        )
    return found


def is_sensitive(permission: Permission) -> bool:
    """True for grants worth a reviewer's attention: everything, a sensitive service, escalation or assume-role."""
    if permission.effect != "Allow":
        return False
    action = permission.action.lower()
    if permission.not_action or action == "*":
        return True
    service, _, name = action.partition(":")
    if service in SENSITIVE_SERVICES and has_wildcard(name):
        return True
    if action in ("sts:assumerole", "ram:passrole"):
        return True
    return any(wildcard_match(permission.action, escalation, case_sensitive=False) for escalation in ESCALATION_ACTIONS)


@dataclass
class PrincipalDelta:
    """What one principal gains and loses between two access models."""

    principal: str
    gained: list[Permission] = field(default_factory=list)
    lost: list[Permission] = field(default_factory=list)

    @property
    def sensitive_gains(self) -> list[Permission]:
        """Gained grants that deserve a reviewer's attention."""
        return [p for p in self.gained if is_sensitive(p)]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "principal": self.principal,
            "gained": [dict(p.to_dict(), sensitive=is_sensitive(p), text=p.describe()) for p in self.gained],
            "lost": [dict(p.to_dict(), text=p.describe()) for p in self.lost],
        }


def _grant(permission: Permission) -> Grant:
    """The algebra's view of one effective permission."""
    return Grant(
        permission.effect,
        Element(permission.action_patterns, permission.not_action),
        Element(permission.resource_patterns, permission.not_resource),
        permission.scope,
        condition_atoms(permission.condition),
        origin=permission,
    )


def _judged(permissions: Iterable[Permission]) -> list[Grant]:
    unique = {p.key(): p for p in permissions if p.effective}
    return [_grant(unique[key]) for key in sorted(unique, key=str)]


def permission_delta(before: Sequence[StackModel], after: Sequence[StackModel]) -> list[PrincipalDelta]:
    """Each principal's gained and lost access, compared as sets of requests (policy.algebra), not as text.

    ``gained`` lists the after-grants that allow some request (action, resource, scope, condition) not allowed
    before; ``lost`` the before-grants that allowed some request no longer allowed. A user's access includes
    its groups'. Principals sorted, unchanged ones left out. Grants whose meaning is unknown are not here: they
    are in each model's ``unknown_grants``.
    """
    old = effective_permissions_by_principal(list(before)) if before else {}
    new = effective_permissions_by_principal(list(after)) if after else {}
    deltas: list[PrincipalDelta] = []
    for principal in sorted(set(old) | set(new)):
        old_grants, new_grants = _judged(old.get(principal, [])), _judged(new.get(principal, []))
        gained = [g.origin for g in gains(old_grants, new_grants)]
        lost = [g.origin for g in losses(old_grants, new_grants)]
        if gained or lost:
            deltas.append(PrincipalDelta(principal, gained, lost))
    return deltas
