"""Import ids in the formats of pulumi-alicloud and terraform-provider-alicloud, recognised and translated.

pulumi-alicloud keeps terraform's ids, which the terraform resources set with ``d.SetId``
(terraform-provider-alicloud, ``alicloud/resource_alicloud_*.go``):

- ``alicloud_ram_{user,group,role}_policy_attachment``: ``<user|group|role>:<policy name>:<System|Custom>:<name>``
- ``alicloud_resource_manager_policy_attachment``:
  ``<policy name>:<System|Custom>:<principal name>:<IMSUser|IMSGroup|ServiceRole>:<resource group id>``
- ``alicloud_express_connect_router_grant_association``:
  ``<ecr id>:<instance id>:<region>:<ecr owner uid>:<VPC|VBR>``
- ``alicloud_express_connect_router_vpc_association``: ``<ecr id>:<association id>:<vpc id>``
- ``alicloud_ram_group_membership``: ``<group name>`` (one resource for all of the group's users)

The RAM user's id there is its UserId, not its name. A translation gives this package's id of the same entity
where the old id holds every part of it; :func:`legacy_id_hint` words the error the provider gives.
"""

from __future__ import annotations

from alicloud_gov.spec.principals import PrincipalNameError, parse_rm_principal_name, principal_type

MIGRATE_HINT = "`alicloud-gov migrate` converts a whole pulumi-alicloud stack export or terraform state"
"""Where an error about an old id sends the user."""

_POLICY_TYPES = {"system": "System", "custom": "Custom"}


def _policy_type(text: str) -> str | None:
    return _POLICY_TYPES.get(text.lower())


def translate(type_name: str, resource_id: str) -> str | None:
    """This package's import id for ``resource_id`` given in an old format for a ``type_name`` resource; None
    when ``resource_id`` is not one of the old formats or lacks a part of the new id."""
    fields = resource_id.split(":")
    if type_name == "PolicyAttachment":
        if len(fields) == 4 and fields[0].lower() in ("user", "group", "role") and _policy_type(fields[2]):
            kind, policy, policy_type, name = fields
            return f"account:{kind.lower()}:{name}:{_policy_type(policy_type)}:{policy}"
        if len(fields) == 5 and _policy_type(fields[1]) and fields[3] in ("IMSUser", "IMSGroup", "ServiceRole"):
            policy, policy_type, principal, rm_type, group = fields
            try:
                _kind, name, _alias = parse_rm_principal_name(principal)
            except PrincipalNameError:
                name = principal
            return f"{group}:{principal_type(rm_type)}:{name}:{_policy_type(policy_type)}:{policy}"
    if type_name == "EcrGrant" and len(fields) == 5:
        ecr, instance, region, owner, kind = fields
        if kind.upper() in ("VPC", "VBR") and owner.isdigit() and not instance.isdigit():
            return f"{ecr}:{owner}:{kind.upper()}:{region}:{instance}"
    return None


def _untranslatable(type_name: str, resource_id: str) -> str | None:
    """What an old id that cannot be translated is, or None."""
    fields = resource_id.split(":")
    if type_name == "RamGroupMembership" and len(fields) == 1 and resource_id:
        return "a terraform/pulumi-alicloud group membership id (the group alone, for all of its users)"
    if type_name == "EcrAssociation" and len(fields) == 3 and fields[0].startswith("ecr-"):
        return "a terraform/pulumi-alicloud VPC association id (<ecr id>:<association id>:<vpc id>)"
    return None


def legacy_id_hint(type_name: str, resource_id: str, id_format: str) -> str | None:
    """The error text for an id in an old format (naming ``id_format``, the new id if known and the migrate
    command), or None when ``resource_id`` is not an old id."""
    new_id = translate(type_name, resource_id)
    if new_id is not None:
        what = f"is in pulumi-alicloud's / terraform's format; the same entity's id here is {new_id!r}"
    else:
        found = _untranslatable(type_name, resource_id)
        if found is None:
            return None
        what = f"is {found}"
    return f"id {resource_id!r} {what} (format {id_format}); {MIGRATE_HINT} (docs/migrating.md)"
