"""pulumi-alicloud and terraform-provider-alicloud resources -> alicloud-gov declarations and import ids.

Field names are terraform-provider-alicloud's (``alicloud/resource_alicloud_<type>.go``); pulumi-alicloud
uses the same fields in camel case (:mod:`alicloud_gov.adopt.old_state` turns them back). Renamed on the
way: ``mobile`` -> ``mobile_phone``; ``group_name``, ``role_name``, ``policy_name``, ``resource_group_name``
(and their deprecated ``name``) -> ``name``; ``document``/``assume_role_policy_document``/``policy_document`` ->
``document``/``assume_role_policy_document``; ResourceManager's ``IMSUser``/``IMSGroup``/``ServiceRole`` ->
``user``/``group``/``role`` and its ``alice@<alias>.onaliyun.com`` -> ``alice``; ``ecr_owner_ali_uid`` ->
``ecr_owner_uid``. One ``alicloud_ram_group_membership`` (a group and a set of users) becomes one
``RamGroupMembership`` per user. Import ids are README's "Resources and import ids". Every other resource is
left to its provider and listed.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from alicloud_gov.adopt.old_state import OldResource, OldState, Tool
from alicloud_gov.adopt.writer import Declaration, Ref
from alicloud_gov.spec.principals import PrincipalNameError, parse_rm_principal_name, principal_type


class Unmigratable(ValueError):
    """A resource of a migrated type whose state lacks what its alicloud-gov declaration needs."""


@dataclass(frozen=True)
class Left:
    """A resource the migration leaves to its provider: its address, type and why."""

    address: str
    kind: str
    reason: str


@dataclass
class Migration:
    """The result: declarations (with import ids), the old resources they replace, and those left alone."""

    tool: Tool
    declarations: list[Declaration] = field(default_factory=list)
    migrated: list[OldResource] = field(default_factory=list)
    left: list[Left] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def forget_commands(self) -> list[str]:
        """The commands that make the old state forget the migrated resources without touching the cloud,
        dependents first (``pulumi state delete`` refuses a resource others depend on)."""
        if self.tool == "terraform":
            return [f"terraform state rm {shlex.quote(old.address)}" for old in reversed(self.migrated)]
        return [
            f"pulumi state delete --yes{' --force' if old.protected else ''} {shlex.quote(old.address)}"
            for old in reversed(self.migrated)
        ]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _first(attributes: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        found = _text(attributes.get(key))
        if found is not None:
            return found
    return None


def _required(old: OldResource, *keys: str) -> str:
    found = _first(old.attributes, *keys)
    if found is None:
        raise Unmigratable(f"no {' or '.join(keys)} in the state")
    return found


def _document(old: OldResource, *keys: str) -> Any:
    text = _required(old, *keys)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Unmigratable(f"{keys[0]} is not JSON ({error})") from error


def _args(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _user(old: OldResource) -> list[Declaration]:
    a = old.attributes
    name = _required(old, "name", "user_name")
    args = _args(
        name=name,
        display_name=_text(a.get("display_name")),
        email=_text(a.get("email")),
        mobile_phone=_text(a.get("mobile")),
        comments=_text(a.get("comments")),
    )
    return [Declaration("RamUser", old.name, args, name)]


def _group(old: OldResource) -> list[Declaration]:
    name = _required(old, "group_name", "name")
    return [Declaration("RamGroup", old.name, _args(name=name, comments=_text(old.attributes.get("comments"))), name)]


def _memberships(old: OldResource) -> list[Declaration]:
    group = _required(old, "group_name")
    users = old.attributes.get("user_names") or []
    return [
        Declaration(
            "RamGroupMembership", f"{old.name}-{user}", {"group_name": group, "user_name": user}, f"{group}:{user}"
        )
        for user in sorted(str(user) for user in users)
    ]


def _membership(old: OldResource) -> list[Declaration]:
    group, user = _required(old, "group_name"), _required(old, "user_name")
    return [Declaration("RamGroupMembership", old.name, {"group_name": group, "user_name": user}, f"{group}:{user}")]


def _role(old: OldResource) -> list[Declaration]:
    a = old.attributes
    name = _required(old, "role_name", "name")
    duration = a.get("max_session_duration")
    args = _args(
        name=name,
        assume_role_policy_document=_document(old, "assume_role_policy_document", "document"),
        description=_text(a.get("description")),
        max_session_duration=int(duration) if duration not in (None, "", 0) else None,
    )
    return [Declaration("RamRole", old.name, args, name)]


def _policy(old: OldResource) -> list[Declaration]:
    name = _required(old, "policy_name", "name")
    args = _args(
        name=name,
        document=_document(old, "policy_document", "document"),
        description=_text(old.attributes.get("description")),
    )
    return [Declaration("RamPolicy", old.name, args, name)]


def _policy_type(old: OldResource) -> str:
    text = _required(old, "policy_type")
    for known in ("System", "Custom"):
        if text.lower() == known.lower():
            return known
    raise Unmigratable(f"policy_type {text!r} is neither System nor Custom")


def _attachment(kind: str) -> Callable[[OldResource], list[Declaration]]:
    def convert(old: OldResource) -> list[Declaration]:
        principal = _required(old, f"{kind}_name")
        policy, policy_type = _required(old, "policy_name"), _policy_type(old)
        args = {"principal_type": kind, "principal_name": principal, "policy_name": policy, "policy_type": policy_type}
        return [Declaration("PolicyAttachment", old.name, args, f"account:{kind}:{principal}:{policy_type}:{policy}")]

    return convert


def _short_name(principal: str) -> str:
    """``alice`` of ResourceManager's ``alice@<alias>.onaliyun.com``; a short name as it is."""
    try:
        return parse_rm_principal_name(principal)[1]
    except PrincipalNameError:
        return principal


def _rg_attachment(old: OldResource) -> list[Declaration]:
    try:
        kind = principal_type(_required(old, "principal_type"))
    except PrincipalNameError as error:
        raise Unmigratable(str(error)) from error
    principal = _short_name(_required(old, "principal_name"))
    policy, policy_type, group = _required(old, "policy_name"), _policy_type(old), _required(old, "resource_group_id")
    args = {
        "principal_type": kind,
        "principal_name": principal,
        "policy_name": policy,
        "policy_type": policy_type,
        "resource_group_id": group,
    }
    return [Declaration("PolicyAttachment", old.name, args, f"{group}:{kind}:{principal}:{policy_type}:{policy}")]


def _resource_group(old: OldResource) -> list[Declaration]:
    name = _required(old, "resource_group_name", "name")
    group_id = _text(old.id) or _required(old, "id")
    args = _args(name=name, display_name=_text(old.attributes.get("display_name")))
    return [Declaration("ResourceGroup", old.name, args, group_id)]


def _ecr_grant(old: OldResource) -> list[Declaration]:
    ecr, owner = _required(old, "ecr_id"), _required(old, "ecr_owner_ali_uid")
    instance, kind, region = (
        _required(old, "instance_id"),
        _required(old, "instance_type").upper(),
        _required(old, "instance_region_id"),
    )
    args = {
        "ecr_id": ecr,
        "ecr_owner_uid": owner,
        "instance_id": instance,
        "instance_type": kind,
        "instance_region_id": region,
    }
    return [Declaration("EcrGrant", old.name, args, f"{ecr}:{owner}:{kind}:{region}:{instance}")]


def _vpc_association(old: OldResource) -> list[Declaration]:
    if old.attributes.get("allowed_prefixes"):
        raise Unmigratable("it sets allowed_prefixes, which EcrAssociation does not manage")
    ecr, vpc, region = _required(old, "ecr_id"), _required(old, "vpc_id"), _required(old, "association_region_id")
    owner = _text(str(old.attributes.get("vpc_owner_id") or "")) or None
    if owner is None:
        raise Unmigratable("no vpc_owner_id in the state (EcrAssociation needs the VPC owner's UID)")
    args = {
        "ecr_id": ecr,
        "instance_id": vpc,
        "instance_type": "VPC",
        "instance_region_id": region,
        "instance_owner_uid": owner,
    }
    return [Declaration("EcrAssociation", old.name, args, f"{ecr}:VPC:{region}:{vpc}")]


@dataclass(frozen=True)
class OldType:
    """One old resource type: its terraform type, pulumi-alicloud token and converter."""

    terraform: str
    pulumi: str
    convert: Callable[[OldResource], list[Declaration]]


MAPPINGS: tuple[OldType, ...] = (
    OldType(
        "alicloud_resource_manager_resource_group",
        "alicloud:resourcemanager/resourceGroup:ResourceGroup",
        _resource_group,
    ),
    OldType("alicloud_ram_user", "alicloud:ram/user:User", _user),
    OldType("alicloud_ram_group", "alicloud:ram/group:Group", _group),
    OldType("alicloud_ram_role", "alicloud:ram/role:Role", _role),
    OldType("alicloud_ram_policy", "alicloud:ram/policy:Policy", _policy),
    OldType("alicloud_ram_group_membership", "alicloud:ram/groupMembership:GroupMembership", _memberships),
    OldType("alicloud_ram_user_group_attachment", "alicloud:ram/userGroupAttachment:UserGroupAttachment", _membership),
    OldType(
        "alicloud_ram_user_policy_attachment",
        "alicloud:ram/userPolicyAttachment:UserPolicyAttachment",
        _attachment("user"),
    ),
    OldType(
        "alicloud_ram_group_policy_attachment",
        "alicloud:ram/groupPolicyAttachment:GroupPolicyAttachment",
        _attachment("group"),
    ),
    OldType(
        "alicloud_ram_role_policy_attachment",
        "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment",
        _attachment("role"),
    ),
    OldType(
        "alicloud_resource_manager_policy_attachment",
        "alicloud:resourcemanager/policyAttachment:PolicyAttachment",
        _rg_attachment,
    ),
    OldType(
        "alicloud_express_connect_router_grant_association",
        "alicloud:expressconnect/routerGrantAssociation:RouterGrantAssociation",
        _ecr_grant,
    ),
    OldType(
        "alicloud_express_connect_router_vpc_association",
        "alicloud:expressconnect/routerVpcAssociation:RouterVpcAssociation",
        _vpc_association,
    ),
)
"""Every migrated type, in declaration order (a resource is declared after those it refers to)."""

_BY_KIND = {
    kind: (order, mapping) for order, mapping in enumerate(MAPPINGS) for kind in (mapping.terraform, mapping.pulumi)
}

# (type, argument) -> (the type declaring the entity it names, the attribute to read from it)
_REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("RamGroupMembership", "group_name"): ("RamGroup", "name"),
    ("RamGroupMembership", "user_name"): ("RamUser", "name"),
    ("PolicyAttachment", "resource_group_id"): ("ResourceGroup", "resource_group_id"),
}
_PRINCIPAL_TYPES = {"user": "RamUser", "group": "RamGroup", "role": "RamRole"}


def _link(declarations: list[Declaration]) -> None:
    """Turn names and ids of entities the program also declares into references to them, so Pulumi orders
    them and a rename follows (a value stays text when the entity is not migrated)."""
    index: dict[tuple[str, str], Declaration] = {}
    for decl in declarations:
        key = decl.import_id if decl.type_name == "ResourceGroup" else decl.args.get("name")
        if key is not None:
            index.setdefault((decl.type_name, str(key).lower()), decl)
    for decl in declarations:
        targets = dict(_REFERENCES)
        if decl.type_name == "PolicyAttachment":
            targets[("PolicyAttachment", "principal_name")] = (_PRINCIPAL_TYPES[decl.args["principal_type"]], "name")
            if decl.args.get("policy_type") == "Custom":
                targets[("PolicyAttachment", "policy_name")] = ("RamPolicy", "name")
        for (type_name, argument), (target_type, attribute) in targets.items():
            value = decl.args.get(argument)
            if type_name != decl.type_name or not isinstance(value, str):
                continue
            target = index.get((target_type, value.lower()))
            if target is not None and target is not decl:
                decl.args[argument] = Ref(target_type, target.resource_name, attribute)


def _unique(declarations: Iterable[Declaration]) -> list[Declaration]:
    """One declaration per entity (an import id), resource names unique per type."""
    result: list[Declaration] = []
    seen_ids: set[tuple[str, str]] = set()
    names: set[tuple[str, str]] = set()
    for decl in declarations:
        identity = (decl.type_name, str(decl.import_id).lower())
        if identity in seen_ids:
            continue
        seen_ids.add(identity)
        base, number = decl.resource_name, 2
        while (decl.type_name, decl.resource_name.lower()) in names:
            decl.resource_name, number = f"{base}-{number}", number + 1
        names.add((decl.type_name, decl.resource_name.lower()))
        result.append(decl)
    return result


def _blocking_dependents(state: OldState, result: Migration) -> list[str]:
    """Notes for resources left to the old tool that depend on migrated ones: the old program must stop
    referring to them (write the id as text) before the old state can forget them."""
    migrated = {old.address for old in result.migrated}
    notes = []
    for old in state.resources:
        if old.address in migrated:
            continue
        for target in old.depends_on:
            if target in migrated:
                notes.append(
                    f"{old.address} (left to its provider) depends on {target}: in the old program, refer to it by "
                    "its id as text before the old state forgets it"
                )
    return notes


def migrate(state: OldState) -> Migration:
    """The alicloud-gov declarations replacing ``state``'s RAM, ResourceManager and ECR resources."""
    result = Migration(state.tool)
    converted: list[tuple[int, int, Declaration]] = []
    provider = "pulumi-alicloud" if state.tool == "pulumi" else "its terraform provider"
    for position, old in enumerate(state.resources):
        entry = _BY_KIND.get(old.kind)
        if entry is None:
            result.left.append(Left(old.address, old.kind, f"not an access resource: stays with {provider}"))
            continue
        order, mapping = entry
        try:
            declarations = mapping.convert(old)
        except Unmigratable as error:
            result.left.append(Left(old.address, old.kind, f"{error}: stays with {provider}"))
            continue
        result.migrated.append(old)
        converted += [(order, position, decl) for decl in declarations]
    result.notes += _blocking_dependents(state, result)
    providers = sorted({old.provider for old in result.migrated if old.provider})
    if len(providers) > 1:
        result.notes.append(
            f"{len(providers)} provider configurations manage the migrated resources (accounts or regions): "
            "declare one gov.Provider per account and pass it to its resources"
        )
    converted.sort(key=lambda item: (item[0], item[1]))
    result.declarations = _unique(decl for _order, _position, decl in converted)
    _link(result.declarations)
    return result
