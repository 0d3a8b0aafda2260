"""pulumi-alicloud's RAM and ResourceManager resources as this package's own record kinds.

Teams migrating to alicloud-gov run pulumi-alicloud's resources next to ours. :func:`translate` turns their
records (full type tokens such as ``alicloud:ram/policy:Policy``) into records of our kinds (``RamPolicy`` ...)
with our input names, so every gate reads one access model. Input names are pulumi-alicloud's camelCase of
terraform-provider-alicloud's schema (``resource_alicloud_ram_*.go``,
``resource_alicloud_resource_manager_policy_attachment.go``, ``..._resource_group.go``): the current field first,
then its deprecated spelling (``policyName``/``name``, ``policyDocument``/``document``,
``assumeRolePolicyDocument``/``document``; a role's deprecated ``ramUsers``/``services`` become our RamRole's
``trustedAccounts``/``trustedServices``, from which our trust-policy builder grants the sts:AssumeRole trust
terraform's ``AssembleRolePolicyDocument`` grants). Values unknown until apply pass through unchanged.

Accounts: a record of an explicit ``pulumi:providers:alicloud`` gets the provider key ``alicloud:<name>``, with the
account its ``accountId`` or ``assumeRole.roleArn`` names (the key of our own provider of that account when there is
one). A record of pulumi-alicloud's default provider shares our default provider's account: both take their
credentials from the same environment variables (terraform's provider.go chain, mirrored by
:mod:`alicloud_gov.cloud.credentials`). Any other ``alicloud:ram/*``, ``alicloud:resourcemanager/*`` or
``alicloud:sts/*`` resource that may change access is reported as a grant of unknown meaning, and so is a
ResourceManager attachment whose principal name's domain is the UID of an account other than its provider's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alicloud_gov.spec.arns import provider_account
from alicloud_gov.spec.names import is_account_uid
from alicloud_gov.spec.principals import PrincipalNameError, parse_rm_principal_name, principal_type
from alicloud_gov.spec.unknown import UNKNOWN

if TYPE_CHECKING:
    from alicloud_gov.plan.access import ResourceRecord

ALICLOUD_PROVIDER_TYPE = "pulumi:providers:alicloud"
"""pulumi-alicloud's provider resource type."""

RM_ATTACHMENT_TYPE = "alicloud:resourcemanager/policyAttachment:PolicyAttachment"
"""pulumi-alicloud's ResourceManager policy attachment (its principal is named in full, with its account's domain)."""

ACCESS_MODULES = ("alicloud:ram/", "alicloud:resourcemanager/", "alicloud:sts/")
"""Type-token prefixes of pulumi-alicloud resources that may grant or change access."""

NO_GRANT_TYPES = frozenset(
    {
        "alicloud:ram/accountAlias:AccountAlias",
        "alicloud:ram/accountPasswordPolicy:AccountPasswordPolicy",
        "alicloud:ram/passwordPolicy:PasswordPolicy",
        "alicloud:ram/securityPreference:SecurityPreference",
        "alicloud:ram/loginProfile:LoginProfile",
        "alicloud:ram/accessKey:AccessKey",
        "alicloud:resourcemanager/folder:Folder",
    }
)
"""Access-module types that change no principal's permissions (names, password rules, credentials of a principal)."""


KEPT_OUTPUTS = ("id", "accountId")
"""Outputs a translated record keeps; the others are in pulumi-alicloud's names (computed echoes of inputs)."""


def _first(inputs: Mapping[str, Any], *keys: str) -> Any:
    """The first of ``keys`` that is set (current field before its deprecated spelling)."""
    return next((inputs[key] for key in keys if inputs.get(key) is not None), None)


def _policy_document(inputs: Mapping[str, Any]) -> Any:
    document = _first(inputs, "policyDocument", "document")
    statements = inputs.get("statements")  # pulumi's plural of terraform's ``statement`` blocks
    if document is None and isinstance(statements, list):  # deprecated statement blocks (effect, action, resource)
        document = {
            "Version": str(inputs.get("version") or "1"),
            "Statement": [
                {
                    "Effect": s.get("effect"),
                    "Action": s.get("actions", s.get("action")),
                    "Resource": s.get("resources", s.get("resource")),
                }
                for s in statements
                if isinstance(s, Mapping)
            ],
        }
    return document


def _role(inputs: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A role with its document, or terraform's deprecated ``ramUsers``/``services`` as our trust helpers (our
    trust-policy builder then applies, values unknown until apply included)."""
    role = {
        "name": _first(inputs, "roleName", "name"),
        "assumeRolePolicyDocument": _first(inputs, "assumeRolePolicyDocument", "document"),
        "trustedAccounts": inputs.get("ramUsers"),
        "trustedServices": inputs.get("services"),
    }
    return [("RamRole", role)]


def _attachment(kind: str, name_key: str) -> Callable[[Mapping[str, Any]], list[tuple[str, dict[str, Any]]]]:
    def build(inputs: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return [
            (
                "PolicyAttachment",
                {
                    "principalType": kind,
                    "principalName": inputs.get(name_key),
                    "policyName": inputs.get("policyName"),
                    "policyType": inputs.get("policyType"),
                },
            )
        ]

    return build


def _rm_attachment(inputs: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """ResourceManager's IMSUser/IMSGroup/ServiceRole and ``<name>@<alias>.onaliyun.com`` as our type and name."""
    kind: Any = inputs.get("principalType")
    name: Any = inputs.get("principalName")
    try:
        kind = principal_type(kind) if isinstance(kind, str) else kind
        name = parse_rm_principal_name(name)[1] if isinstance(name, str) else name
    except PrincipalNameError:
        pass  # left as written: our PolicyAttachment rules report it
    attachment = {
        "principalType": kind,
        "principalName": name,
        "policyName": inputs.get("policyName"),
        "policyType": inputs.get("policyType"),
        "resourceGroupId": inputs.get("resourceGroupId"),
    }
    return [("PolicyAttachment", attachment)]


def _memberships(inputs: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    users = inputs.get("userNames")
    group = inputs.get("groupName")
    if not isinstance(users, list):  # unknown until apply
        return [("RamGroupMembership", {"userName": UNKNOWN, "groupName": group})]
    return [("RamGroupMembership", {"userName": user, "groupName": group}) for user in users]


TRANSLATIONS: dict[str, Callable[[Mapping[str, Any]], list[tuple[str, dict[str, Any]]]]] = {
    "alicloud:ram/user:User": lambda i: [("RamUser", {"name": i.get("name")})],
    "alicloud:ram/group:Group": lambda i: [("RamGroup", {"name": _first(i, "groupName", "name")})],
    "alicloud:ram/groupMembership:GroupMembership": _memberships,
    "alicloud:ram/userGroupAttachment:UserGroupAttachment": lambda i: [
        ("RamGroupMembership", {"userName": i.get("userName"), "groupName": i.get("groupName")})
    ],
    "alicloud:ram/policy:Policy": lambda i: [
        ("RamPolicy", {"name": _first(i, "policyName", "name"), "document": _policy_document(i)})
    ],
    "alicloud:ram/role:Role": _role,
    "alicloud:ram/userPolicyAttachment:UserPolicyAttachment": _attachment("user", "userName"),
    "alicloud:ram/groupPolicyAttachment:GroupPolicyAttachment": _attachment("group", "groupName"),
    "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": _attachment("role", "roleName"),
    RM_ATTACHMENT_TYPE: _rm_attachment,
    "alicloud:resourcemanager/resourceGroup:ResourceGroup": lambda i: [
        ("ResourceGroup", {"name": _first(i, "resourceGroupName", "name"), "displayName": i.get("displayName")})
    ],
}
"""pulumi-alicloud type token -> its record(s) of our kinds, with our input names."""


@dataclass(frozen=True)
class UnknownGrant:
    """A pulumi-alicloud resource that may change access and is not understood: its provider key, name, sentence."""

    provider: str | None
    resource: str
    sentence: str


@dataclass
class Translation:
    """Foreign records as our kinds, the accounts of pulumi-alicloud's explicit providers, and what is not understood.

    ``unknown`` holds each access resource whose meaning is not known.
    """

    records: list[ResourceRecord] = field(default_factory=list)
    accounts: dict[str | None, str] = field(default_factory=dict)
    unknown: list[UnknownGrant] = field(default_factory=list)


def _principal_of_another_account(record: ResourceRecord, account: str | None) -> str | None:
    """Why a ResourceManager attachment is not understood when its principal name's domain is the UID of an
    account other than the provider's (``ops@group.<uid>.onaliyun.com``); None otherwise. An alias that is not a
    UID cannot be told apart offline from the provider's own."""
    if record.type_name != RM_ATTACHMENT_TYPE or account is None:
        return None
    principal = record.inputs.get("principalName")
    if not isinstance(principal, str):  # unknown until apply
        return None
    try:
        _kind, _name, alias = parse_rm_principal_name(principal)
    except PrincipalNameError:
        return None
    if not is_account_uid(alias) or alias == account:
        return None
    return (
        f"{record.type_name} '{record.name}' field 'principalName': {principal} is a principal of account {alias}, "
        f"not of the provider's account {account}, so the access it grants is unknown"
    )


def is_foreign_access_type(type_name: str) -> bool:
    """True for a pulumi-alicloud type of a module that governs access (RAM, ResourceManager, STS)."""
    return type_name.startswith(ACCESS_MODULES)


def is_foreign_record(type_name: str) -> bool:
    """True for what the gates read of pulumi-alicloud: its access resources and its provider resources."""
    return type_name == ALICLOUD_PROVIDER_TYPE or is_foreign_access_type(type_name)


def translate(records: Iterable[ResourceRecord], accounts: Mapping[str | None, str] | None = None) -> Translation:
    """pulumi-alicloud's access resources among ``records`` as records of our kinds (see the module docstring).

    ``accounts`` maps our providers to their accounts; an explicit alicloud provider of one of those accounts
    shares that provider's key, so both sides land in one account model.
    """
    items = list(records)
    accounts = accounts or {}
    by_account = {account: key for key, account in sorted(accounts.items(), key=lambda kv: kv[0] is not None)}
    result = Translation()
    keys: dict[str, str | None] = {}
    for record in items:
        if record.type_name == ALICLOUD_PROVIDER_TYPE:
            account = provider_account(record.inputs)
            key = by_account.get(account) if account else None
            if account is None or (key is None and account not in by_account):
                key = f"alicloud:{record.name}"
                if account:
                    result.accounts[key] = account
            keys[record.name] = key
    for record in items:
        if not is_foreign_access_type(record.type_name):
            continue
        key = keys.get(record.provider, f"alicloud:{record.provider}") if record.provider else None
        account = accounts.get(key) or result.accounts.get(key)
        elsewhere = _principal_of_another_account(record, account)
        if elsewhere is not None:
            result.unknown.append(UnknownGrant(key, record.name, elsewhere))
            continue
        build = TRANSLATIONS.get(record.type_name)
        if build is None:
            if record.type_name not in NO_GRANT_TYPES:
                sentence = (
                    f"{record.type_name} '{record.name}' is a pulumi-alicloud resource that may change access and "
                    "is not understood by alicloud-gov, so the access it grants is unknown"
                )
                result.unknown.append(UnknownGrant(key, record.name, sentence))
            continue
        for type_name, inputs in build(record.inputs):
            outputs = {k: v for k, v in record.outputs.items() if k in KEPT_OUTPUTS}
            result.records.append(
                dataclasses.replace(record, type_name=type_name, provider=key, inputs=inputs, outputs=outputs)
            )
    return result
