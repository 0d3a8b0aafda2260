"""Plain declarations rewritten as the components that would have made them (issue 13, item 2).

A set of read entities becomes a component call only when it is exactly what the component creates: the same
child resources, with the same inputs and the child names the component gives them (so the imported URNs are
the ones the program's component registers). Anything short of that, or a match that could go two ways, stays
plain resources: never a wrong component.

- :class:`~alicloud_gov.components.ResourceGroupAccess` (seed 000, system policies only): a custom policy named
  ``<name>-account-complement`` with the component's description, attached at account scope to one principal
  only, whose document is the complement (read-only or full) of that principal's system-policy attachments in
  exactly one resource group. Children: ``<name>-<policy>`` attachments, ``<name>-account-complement`` policy
  and attachment.
- :class:`~alicloud_gov.components.CrossAccountAccess` (seed 001, owner side): a role whose trust policy is
  exactly :func:`~alicloud_gov.components.cross_account_access.trust_policy` of one partner UID (with or without
  an external id), whose attachments are all system policies in one scope. The component is named after the
  role; children: ``<name>-role`` and ``<name>-<policy>``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from alicloud_gov.adopt.writer import Declaration, Ref
from alicloud_gov.components.cross_account_access import trust_policy
from alicloud_gov.policy.scope import complement_document, split_by_resource_group_support
from alicloud_gov.policy.system_policies import get_system_policy
from alicloud_gov.spec.names import is_account_uid

__all__ = ["COMPLEMENT_SUFFIX", "match_components"]

COMPLEMENT_SUFFIX = "-account-complement"
"""How ResourceGroupAccess names its complement policy and attachment (``f"{name}-account-complement"``)."""


def _complement_description(name: str) -> str:
    return f"Account-level complement of {name}: actions without resource-group support"


def _document(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _refers_to(value: Any, decl: Declaration) -> bool:
    if isinstance(value, Ref):
        return (value.type_name, value.resource_name) == decl.key
    return decl.type_name in ("RamPolicy", "RamRole") and value == decl.args.get("name")


def _attachments_of(decls: Sequence[Declaration], kind: str, target: Declaration) -> list[Declaration]:
    field_name = "policy_name" if kind == "policy" else "principal_name"
    found = []
    for decl in decls:
        if decl.type_name != "PolicyAttachment" or decl.parent is not None:
            continue
        if kind == "role" and decl.args.get("principal_type") != "role":
            continue
        if kind == "policy" and decl.args.get("policy_type") != "Custom":
            continue
        if _refers_to(decl.args.get(field_name), target):
            found.append(decl)
    return found


def _child(decl: Declaration, parent: str, name: str) -> Declaration:
    return replace(decl, resource_name=name, parent=parent, protect=False)


def _resource_group_access(decls: Sequence[Declaration], policy: Declaration) -> list[Declaration] | None:
    """The component and its children replacing ``policy`` and its attachments, or None."""
    name = str(policy.args.get("name", ""))
    component = name[: -len(COMPLEMENT_SUFFIX)] if name.endswith(COMPLEMENT_SUFFIX) else ""
    if not component or policy.args.get("description") != _complement_description(component):
        return None
    attached = _attachments_of(decls, "policy", policy)
    if len(attached) != 1 or attached[0].args.get("resource_group_id") is not None:
        return None
    (complement_attachment,) = attached
    principal_type = complement_attachment.args["principal_type"]
    principal = complement_attachment.args["principal_name"]
    in_groups: dict[str, list[Declaration]] = {}
    for decl in decls:
        given = decl.args
        if decl.type_name != "PolicyAttachment" or decl.parent is not None or given.get("policy_type") != "System":
            continue
        if given.get("resource_group_id") is None or given.get("principal_type") != principal_type:
            continue
        if given.get("principal_name") == principal:
            in_groups.setdefault(repr(given["resource_group_id"]), []).append(decl)
    if len(in_groups) != 1:
        return None  # none, or in several groups: which ones the component granted is ambiguous
    (granted,) = in_groups.values()
    system_policies = [str(decl.args["policy_name"]) for decl in granted]
    documents = [get_system_policy(item) for item in system_policies]
    if any(document is None for document in documents) or len(set(system_policies)) != len(system_policies):
        return None
    split = split_by_resource_group_support([document for document in documents if document is not None])
    modes = [
        mode
        for mode in ("read-only", "full")
        if (actions := split.complement_actions(mode))
        and complement_document(actions) == _document(policy.args["document"])
    ]
    if not modes:
        return None
    args: dict[str, Any] = {
        "resource_group_id": granted[0].args["resource_group_id"],
        "principal_type": principal_type,
        "principal_name": principal,
        "system_policies": system_policies,
    }
    if modes[0] != "read-only":
        args["complement"] = modes[0]
    parent = Declaration("ResourceGroupAccess", component, args, protect=True, component=True)
    children = [_child(decl, component, f"{component}-{decl.args['policy_name']}") for decl in granted]
    children.append(_child(policy, component, f"{component}{COMPLEMENT_SUFFIX}"))
    children.append(_child(complement_attachment, component, f"{component}{COMPLEMENT_SUFFIX}"))
    return [parent, *children]


def _partner(document: Any) -> tuple[str, str | None] | None:
    """(partner UID, external id) when ``document`` is exactly CrossAccountAccess's trust policy."""
    try:
        (statement,) = document["Statement"]
        (arn,) = statement["Principal"]["RAM"]
        uid = str(arn).split(":")[3]
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    condition = statement.get("Condition") if isinstance(statement, dict) else None
    external = (condition or {}).get("StringEquals", {}).get("sts:ExternalId") if isinstance(condition, dict) else None
    if not is_account_uid(uid) or trust_policy(uid, external) != document:
        return None
    return uid, external


def _cross_account_access(decls: Sequence[Declaration], role: Declaration) -> list[Declaration] | None:
    """The component and its children replacing ``role`` and its attachments, or None."""
    trusted = role.args.get("trusted_accounts")
    if trusted is not None:
        found = _partner(trust_policy(trusted[0])) if len(trusted) == 1 and is_account_uid(trusted[0]) else None
        if set(role.args) - {"name", "trusted_accounts", "description", "max_session_duration"}:
            found = None
    else:
        found = _partner(_document(role.args.get("assume_role_policy_document")))
    if found is None:
        return None
    partner, external = found
    attached = _attachments_of(decls, "role", role)
    scopes = {repr(decl.args.get("resource_group_id")) for decl in attached}
    names = [str(decl.args["policy_name"]) for decl in attached]
    if any(decl.args.get("policy_type") != "System" for decl in attached) or len(scopes) > 1:
        return None
    if len(set(names)) != len(names):
        return None
    component = str(role.args["name"])
    args: dict[str, Any] = {"role_name": component, "partner_account_id": partner}
    if names:
        args["system_policies"] = names
    args["resource_group_id"] = attached[0].args.get("resource_group_id") if attached else None
    args["description"] = role.args.get("description")
    args["max_session_duration"] = role.args.get("max_session_duration")
    args["external_id"] = external
    parent = Declaration("CrossAccountAccess", component, args, protect=True, component=True)
    children = [_child(role, component, f"{component}-role")]
    children += [_child(decl, component, f"{component}-{decl.args['policy_name']}") for decl in attached]
    return [parent, *children]


def match_components(declarations: Sequence[Declaration]) -> list[Declaration]:
    """``declarations`` with every exact component pattern replaced by the component and its children (at the
    end, the component first); a match is dropped when a remaining declaration still refers to a replaced one."""
    result = list(declarations)
    taken = {d.resource_name.lower() for d in result}
    for decl in list(result):
        if decl not in result or decl.parent is not None:
            continue
        if decl.type_name == "RamPolicy":
            group = _resource_group_access(result, decl)
        elif decl.type_name == "RamRole":
            group = _cross_account_access(result, decl)
        else:
            group = None
        if group is None or group[0].resource_name.lower() in {n for n in taken if n != decl.resource_name.lower()}:
            continue
        replaced = [d for d in result if any(d is c or _same(d, c) for c in group[1:])]
        rest = [d for d in result if not any(d is r for r in replaced)]
        if any(
            _refers_to(value, r) for d in rest for value in d.args.values() for r in replaced if isinstance(value, Ref)
        ):
            continue
        result = [*rest, *group]
    return result


def _same(plain: Declaration, child: Declaration) -> bool:
    return plain.parent is None and plain.type_name == child.type_name and plain.import_id == child.import_id
