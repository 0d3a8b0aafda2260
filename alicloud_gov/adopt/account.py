"""A live account (the real cloud or the emulator) read into :class:`~alicloud_gov.adopt.writer.Declaration` s.

What is read, and with which calls (every list paged, :mod:`alicloud_gov.cloud.pagination`): RAM ListUsers,
ListGroups, ListUsersForGroup, ListRoles + GetRole (the trust policy), ListPolicies (Custom) + GetPolicy (the
default version's document), ListPoliciesForUser/Group/Role (account-scope attachments); ResourceManager
ListResourceGroups and ListPolicyAttachments per group (resource-group scope); VPC DescribeVpcGrantRulesToEcr
(the account's ECR grants, VPC and VBR, in the configured region); ECR DescribeExpressConnectRouter +
DescribeExpressConnectRouterAssociation (the VPC associations of the ECRs this account owns).

Every declaration is ``protect=True``, as ``pulumi import`` protects what it imports: the program and the state
agree, and a removed line cannot delete a live grant until ``protect`` is lifted on purpose. Sets that are
exactly what a component makes are declared as that component (:mod:`alicloud_gov.adopt.components`).

System defaults are left out and listed in :attr:`Adoption.skipped`: the default resource group, service-linked
roles (path ``/aliyun-service-role/`` or a name starting ``AliyunServiceRole``, Alibaba "Service-linked roles"
docs), system policies themselves (only their attachments are declared), and anything ``--filter`` excludes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from alicloud_gov.adopt.components import match_components
from alicloud_gov.adopt.writer import Declaration, Ref, unique_names
from alicloud_gov.cloud import Cloud
from alicloud_gov.cloud.pagination import paginate
from alicloud_gov.spec.arns import root_arn
from alicloud_gov.spec.principals import PrincipalNameError, parse_rm_principal_name
from alicloud_gov.spec.trust import build_trust_policy

__all__ = ["TYPES", "Adoption", "Filter", "is_service_linked_role", "read_account", "trust_helpers"]

TYPES = ("user", "group", "membership", "role", "policy", "attachment", "resource-group", "ecr")
"""What ``--filter type=...`` selects, one word per kind of declaration."""

SERVICE_LINKED_PATH = "/aliyun-service-role/"
SERVICE_LINKED_PREFIX = "AliyunServiceRole"
PROGRESS_EVERY = 50
"""A progress line on standard error every this many entities read."""


def is_service_linked_role(role: Mapping[str, Any]) -> bool:
    """A service-linked role (made and owned by a cloud service): path ``/aliyun-service-role/`` or its name."""
    arn = str(role.get("Arn") or "")
    return SERVICE_LINKED_PATH in arn or str(role.get("RoleName", "")).startswith(SERVICE_LINKED_PREFIX)


def _document(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def trust_helpers(document: Any) -> dict[str, list[str]] | None:
    """``trusted_accounts`` / ``trusted_services`` / ``trusted_federated_providers`` when ``document`` is exactly
    what :func:`~alicloud_gov.spec.trust.build_trust_policy` builds from them, else None (keep the document)."""
    document = _document(document)
    if not isinstance(document, Mapping) or not isinstance(document.get("Statement"), list):
        return None
    found: dict[str, list[str]] = {"RAM": [], "Service": [], "Federated": []}
    for statement in document["Statement"]:
        principal = statement.get("Principal") if isinstance(statement, Mapping) else None
        if not isinstance(principal, Mapping) or len(principal) != 1:
            return None
        ((kind, values),) = principal.items()
        if kind not in found or found[kind]:
            return None
        found[kind] = [str(item) for item in (values if isinstance(values, list) else [values])]
    accounts = [_uid_of_root(item) for item in found["RAM"]]
    rebuilt = build_trust_policy(accounts, found["Service"], found["Federated"])
    if rebuilt != document:
        return None
    helpers = {
        "trusted_accounts": accounts,
        "trusted_services": found["Service"],
        "trusted_federated_providers": found["Federated"],
    }
    return {key: sorted(value) for key, value in helpers.items() if value}


def _uid_of_root(arn: str) -> str:
    parts = arn.split(":")
    uid = parts[3] if len(parts) == 5 else ""
    return uid if uid and root_arn(uid) == arn else arn


@dataclass(frozen=True)
class Filter:
    """``--filter``: name prefixes, resource group ids or names, kinds (:data:`TYPES`); empty means all."""

    prefixes: tuple[str, ...] = ()
    resource_groups: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    @classmethod
    def parse(cls, items: Iterable[str]) -> Filter:
        """From ``prefix=ops-``, ``resource-group=rg-...`` (or its name), ``type=role`` items."""
        values: dict[str, list[str]] = {"prefix": [], "resource-group": [], "type": []}
        for item in items:
            key, sep, value = item.partition("=")
            if not sep or key not in values or not value:
                raise ValueError(f"--filter {item!r}: expected prefix=TEXT, resource-group=ID|NAME or type=KIND")
            if key == "type" and value not in TYPES:
                raise ValueError(f"--filter {item!r}: unknown type (expected one of {', '.join(TYPES)})")
            values[key].append(value)
        return cls(tuple(values["prefix"]), tuple(values["resource-group"]), tuple(values["type"]))

    def kind(self, kind: str) -> bool:
        """Whether declarations of ``kind`` are wanted."""
        return not self.types or kind in self.types

    def name(self, name: str) -> bool:
        """Whether an entity named ``name`` is wanted (a prefix, case-insensitive as RAM names are)."""
        return not self.prefixes or any(name.lower().startswith(prefix.lower()) for prefix in self.prefixes)

    def group(self, group: Mapping[str, Any]) -> bool:
        """Whether the resource group is wanted."""
        wanted = {item.lower() for item in self.resource_groups}
        return not wanted or str(group.get("Id", "")).lower() in wanted or str(group.get("Name", "")).lower() in wanted


@dataclass
class Adoption:
    """The result: declarations in dependency order, and what was left out (``kind name: reason``)."""

    declarations: list[Declaration] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, cloud: Cloud, wanted: Filter, progress: Callable[[str], None]) -> None:
        self.cloud, self.wanted, self.progress = cloud, wanted, progress
        self.result = Adoption()
        self.read = 0
        self.group_names: dict[str, str] = {}
        """resource group id -> name, for attachment names that read well and do not depend on ids."""
        self.names: dict[str, dict[str, str]] = {}
        """kind -> entity name (lowercased) -> resource name, for Refs."""

    def tick(self, what: str) -> None:
        self.read += 1
        if self.read % PROGRESS_EVERY == 0:
            self.progress(f"adopt: {self.read} entities read ({what})")

    def ram(self, action: str, items: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        return self.cloud.ram.paginate(action, params, items=items)

    def add(self, kind: str, type_name: str, entity: str, args: dict[str, Any], import_id: str, **extra: Any) -> None:
        taken = {d.resource_name.lower() for d in self.result.declarations if d.type_name == type_name}
        (resource_name,) = unique_names([entity], taken)
        self.names.setdefault(kind, {})[entity.lower()] = resource_name
        declaration = Declaration(type_name, resource_name, args, import_id, protect=True, **extra)
        self.result.declarations.append(declaration)

    def ref(self, kind: str, type_name: str, name: str) -> Ref | str:
        resource_name = self.names.get(kind, {}).get(name.lower())
        return Ref(type_name, resource_name) if resource_name else name

    def skip(self, text: str) -> None:
        self.result.skipped.append(text)


def read_account(
    cloud: Cloud, wanted: Filter = Filter(), progress: Callable[[str], None] = lambda _l: None
) -> Adoption:
    """Read the account ``cloud`` signs in to into declarations (see the module docstring)."""
    reader = _Reader(cloud, wanted, progress)
    groups = _resource_groups(reader)
    users = _users(reader)
    group_names = _groups(reader)
    _memberships(reader, group_names)
    roles = _roles(reader)
    _policies(reader)
    _attachments(reader, users, group_names, roles, groups)
    _ecr_grants(reader)
    _ecr_associations(reader)
    system: dict[str, int] = {}
    for decl in reader.result.declarations:
        if decl.type_name == "PolicyAttachment" and decl.args["policy_type"] == "System":
            system[str(decl.args["policy_name"])] = system.get(str(decl.args["policy_name"]), 0) + 1
    for name, count in sorted(system.items()):
        reader.skip(f"system policy {name}: Alibaba Cloud's own, not declared ({count} attachments refer to it)")
    if all(wanted.kind(kind) for kind in ("role", "policy", "attachment")) and not wanted.resource_groups:
        # only with every attachment read: a filtered read could miss a child and match the wrong component
        reader.result.declarations = match_components(reader.result.declarations)
    progress(f"adopt: {reader.read} entities read, {len(reader.result.declarations)} declared")
    return reader.result


def _resource_groups(reader: _Reader) -> list[dict[str, Any]]:
    groups = []
    for group in reader.cloud.resourcemanager.paginate("ListResourceGroups", {}, items="ResourceGroups.ResourceGroup"):
        reader.tick("resource groups")
        if group.get("Name") == "default" or group.get("IsDefault") is True:
            reader.skip(f"resource group {group.get('Name')} ({group.get('Id')}): the account's default group")
            continue
        if not reader.wanted.group(group) or not reader.wanted.name(str(group["Name"])):
            continue
        groups.append(group)
        reader.group_names[str(group["Id"])] = str(group["Name"])
        if reader.wanted.kind("resource-group"):
            args = {"name": group["Name"], "display_name": group.get("DisplayName") or None}
            reader.add("resource-group", "ResourceGroup", str(group["Name"]), args, str(group["Id"]))
            reader.names["resource-group-id"] = {
                **reader.names.get("resource-group-id", {}),
                str(group["Id"]).lower(): reader.names["resource-group"][str(group["Name"]).lower()],
            }
    return groups


def _users(reader: _Reader) -> list[str]:
    names = []
    for user in reader.ram("ListUsers", "Users.User"):
        reader.tick("users")
        name = str(user["UserName"])
        if not reader.wanted.name(name):
            continue
        names.append(name)
        if not reader.wanted.kind("user"):
            continue
        args = {
            "name": name,
            # RAM shows the name as the display name when none was given (the provider's read drops it too)
            "display_name": user.get("DisplayName") if user.get("DisplayName") not in (None, "", name) else None,
            "email": user.get("Email") or None,
            "mobile_phone": user.get("MobilePhone") or None,
            "comments": user.get("Comments") or None,
        }
        reader.add("user", "RamUser", name, args, name)
    return names


def _groups(reader: _Reader) -> list[str]:
    names = []
    for group in reader.ram("ListGroups", "Groups.Group"):
        reader.tick("groups")
        name = str(group["GroupName"])
        if not reader.wanted.name(name):
            continue
        names.append(name)
        if reader.wanted.kind("group"):
            args = {"name": name, "comments": group.get("Comments") or None}
            reader.add("group", "RamGroup", name, args, name)
    return names


def _memberships(reader: _Reader, groups: list[str]) -> None:
    if not reader.wanted.kind("membership"):
        return
    for group in groups:
        for user in reader.ram("ListUsersForGroup", "Users.User", {"GroupName": group}):
            reader.tick("memberships")
            user_name = str(user["UserName"])
            args = {
                "group_name": reader.ref("group", "RamGroup", group),
                "user_name": reader.ref("user", "RamUser", user_name),
            }
            reader.add("membership", "RamGroupMembership", f"{group}-{user_name}", args, f"{group}:{user_name}")


def _roles(reader: _Reader) -> list[str]:
    names = []
    for listed in reader.ram("ListRoles", "Roles.Role"):
        reader.tick("roles")
        name = str(listed["RoleName"])
        if is_service_linked_role(listed):
            reader.skip(f"role {name}: service-linked (made and owned by its cloud service)")
            continue
        if not reader.wanted.name(name):
            continue
        names.append(name)
        if not reader.wanted.kind("role"):
            continue
        role = reader.cloud.ram.call("GetRole", {"RoleName": name}).get("Role") or listed
        document = _document(role.get("AssumeRolePolicyDocument"))
        helpers = trust_helpers(document)
        args: dict[str, Any] = {"name": name}
        args.update(helpers if helpers is not None else {"assume_role_policy_document": document})
        args["description"] = role.get("Description") or None
        if role.get("MaxSessionDuration") not in (None, "", 3600):
            args["max_session_duration"] = int(role["MaxSessionDuration"])
        reader.add("role", "RamRole", name, args, name)
    return names


def _policies(reader: _Reader) -> None:
    if not reader.wanted.kind("policy"):
        return
    for listed in reader.ram("ListPolicies", "Policies.Policy", {"PolicyType": "Custom"}):
        reader.tick("policies")
        name = str(listed["PolicyName"])
        if not reader.wanted.name(name):
            continue
        body = reader.cloud.ram.call("GetPolicy", {"PolicyName": name, "PolicyType": "Custom"})
        version = body.get("DefaultPolicyVersion") or {}
        args = {
            "name": name,
            "document": _document(version.get("PolicyDocument")),
            "description": (body.get("Policy") or {}).get("Description") or None,
        }
        reader.add("policy", "RamPolicy", name, args, name)


_KINDS = {
    "user": ("RamUser", "User", "UserName"),
    "group": ("RamGroup", "Group", "GroupName"),
    "role": ("RamRole", "Role", "RoleName"),
}


def _attachment(reader: _Reader, scope: str, kind: str, principal: str, policy_type: str, policy: str) -> None:
    type_name = _KINDS[kind][0]
    args: dict[str, Any] = {
        "principal_type": kind,
        "principal_name": reader.ref(kind, type_name, principal),
        "policy_name": reader.ref("policy", "RamPolicy", policy) if policy_type == "Custom" else policy,
        "policy_type": policy_type,
    }
    if scope != "account":
        rg = reader.names.get("resource-group-id", {}).get(scope.lower())
        args["resource_group_id"] = Ref("ResourceGroup", rg, "resource_group_id") if rg else scope
    where = "account" if scope == "account" else reader.group_names.get(scope, scope)
    import_id = f"{scope}:{kind}:{principal}:{policy_type}:{policy}"
    reader.add("attachment", "PolicyAttachment", f"{where}-{kind}-{principal}-{policy}", args, import_id)


def _attachments(
    reader: _Reader, users: list[str], group_names: list[str], roles: list[str], groups: list[dict[str, Any]]
) -> None:
    if not reader.wanted.kind("attachment"):
        return
    principals = {"user": users, "group": group_names, "role": roles}
    for kind, names in principals.items():
        _, ram_type, field_name = _KINDS[kind]
        for name in names:
            body = reader.cloud.ram.call(f"ListPoliciesFor{ram_type}", {field_name: name})
            for policy in (body.get("Policies") or {}).get("Policy") or []:
                reader.tick("attachments")
                _attachment(reader, "account", kind, name, str(policy["PolicyType"]), str(policy["PolicyName"]))
    for group in groups:
        params = {"ResourceGroupId": group["Id"]}
        items = "PolicyAttachments.PolicyAttachment"
        for row in reader.cloud.resourcemanager.paginate("ListPolicyAttachments", params, items=items):
            reader.tick("attachments")
            if str(row.get("ResourceGroupId")) != str(group["Id"]):
                continue
            try:
                kind, name, _alias = parse_rm_principal_name(str(row["PrincipalName"]))
            except PrincipalNameError:
                reader.skip(f"attachment {row.get('PrincipalName')}: not a RAM principal of this account")
                continue
            if reader.wanted.name(name):
                _attachment(reader, str(group["Id"]), kind, name, str(row["PolicyType"]), str(row["PolicyName"]))


_GRANT_RULES_PAGING: dict[str, Any] = {"items": "GrantRuleModels", "style": "token", "page_size": 100}
"""VPC pages most lists by number, but DescribeVpcGrantRulesToEcr by NextToken (MaxResults up to 100)."""


def _ecr_grants(reader: _Reader) -> None:
    if not reader.wanted.kind("ecr") or reader.wanted.resource_groups:
        return
    region = reader.cloud.config.region
    for instance_type in ("VPC", "VBR"):
        params = {"InstanceType": instance_type, "RegionId": region}
        rules = paginate(reader.cloud.vpc.call, "DescribeVpcGrantRulesToEcr", params, **_GRANT_RULES_PAGING)
        for rule in rules:
            reader.tick("ECR grants")
            ecr, owner, instance = str(rule["EcrId"]), str(rule["EcrOwnerId"]), str(rule["InstanceId"])
            rule_region = str(rule.get("RegionNo") or region)
            args = {
                "ecr_id": ecr,
                "ecr_owner_uid": owner,
                "instance_id": instance,
                "instance_type": instance_type,
                "instance_region_id": rule_region,
            }
            import_id = f"{ecr}:{owner}:{instance_type}:{rule_region}:{instance}"
            reader.add("ecr", "EcrGrant", f"{instance}-{ecr}", args, import_id)


_ECR_PAGING: dict[str, Any] = {"style": "token", "page_size": 100}
"""ECR lists page by NextToken (MaxResults up to 100), as DescribeVpcGrantRulesToEcr does."""


def _ecr_associations(reader: _Reader) -> None:
    """The ECR owner's side: each VPC associated with an ECR of this account, as an EcrAssociation."""
    if not reader.wanted.kind("ecr") or reader.wanted.resource_groups:
        return
    call = reader.cloud.ecr.call
    for ecr in paginate(call, "DescribeExpressConnectRouter", {}, items="EcrList", **_ECR_PAGING):
        ecr_id = str(ecr["EcrId"])
        params = {"EcrId": ecr_id}
        for found in paginate(
            call, "DescribeExpressConnectRouterAssociation", params, items="AssociationList", **_ECR_PAGING
        ):
            reader.tick("ECR associations")
            if not found.get("VpcId"):
                continue  # a transit router node: not an EcrAssociation
            instance, region = str(found["VpcId"]), str(found.get("RegionId") or reader.cloud.config.region)
            args = {
                "ecr_id": ecr_id,
                "instance_id": instance,
                "instance_type": "VPC",
                "instance_region_id": region,
                "instance_owner_uid": str(found["VpcOwnerId"]) if found.get("VpcOwnerId") is not None else None,
            }
            reader.add("ecr", "EcrAssociation", f"{ecr_id}-{instance}", args, f"{ecr_id}:VPC:{region}:{instance}")
