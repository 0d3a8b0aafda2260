"""ResourceManager's state and rules: resource groups, where resources are placed, group-scope attachments.

Store kinds (per account): ``resource_group`` (key rg id), ``resource_group_default`` (key ``default`` ->
the id of the account's default group, created lazily), ``resource_placement`` (key resource ARN -> which
group the resource is in) and ``rg_attachment`` (key ``<rg id>|<PrincipalType>|<PrincipalName>|<PolicyType>|
<PolicyName>``, lower-cased: {"ResourceGroupId", "PolicyType", "PolicyName", "PrincipalType": "IMSUser"|
"IMSGroup"|"ServiceRole", "PrincipalName": "alice@acme.onaliyun.com" style, "AttachDate"}).

VPC and ECR call :meth:`ResourceManagerBackend.place_resource` when they create a resource and
:meth:`~ResourceManagerBackend.remove_placement` when they delete one; the authoriser and the request context
read placements and group-scope attachments through this backend too.

Status lifecycle of a group: ``Creating`` while younger than the store's consistency delay (0 unless the
consistency fault is on), then ``OK``; ``PendingDelete`` after DeleteResourceGroup for the consistency delay,
after which the group is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alicloud_gov.emulator.registry import iso_now
from alicloud_gov.emulator.services.resourcemanager.errors import ResourceManagerErrors as Errors
from alicloud_gov.emulator.store import Store, StoreView
from alicloud_gov.spec import names
from alicloud_gov.spec.principals import rm_principal_name, rm_principal_type

KIND_RESOURCE_GROUP = "resource_group"
KIND_DEFAULT_GROUP = "resource_group_default"
KIND_RESOURCE_PLACEMENT = "resource_placement"
KIND_RG_ATTACHMENT = "rg_attachment"

DEFAULT_GROUP_NAME = "default"
DEFAULT_GROUP_DISPLAY_NAME = "Default Resource Group"
REGIONS = ("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "cn-hongkong", "ap-southeast-1")

STATUS_CREATING = "Creating"
STATUS_OK = "OK"
STATUS_PENDING_DELETE = "PendingDelete"

_ATTACHMENT_FIELDS = ("ResourceGroupId", "PrincipalType", "PrincipalName", "PolicyType", "PolicyName")


def rg_attachment_key(attachment: dict[str, Any]) -> str:
    """Store key of a group-scope attachment."""
    return "|".join(str(attachment[field]) for field in _ATTACHMENT_FIELDS).lower()


@dataclass(frozen=True)
class Placement:
    """Where a resource lives: its ARN, ids and group."""

    arn: str
    resource_id: str
    resource_type: str
    service: str
    region: str
    resource_group_id: str
    create_date: str

    def to_wire(self) -> dict[str, Any]:
        """The ListResources entry."""
        return {
            "ResourceId": self.resource_id,
            "ResourceType": self.resource_type,
            "Service": self.service,
            "RegionId": self.region,
            "ResourceGroupId": self.resource_group_id,
            "CreateDate": self.create_date,
        }


def _placement(arn: str, data: dict[str, Any]) -> Placement:
    return Placement(
        arn=arn,
        resource_id=str(data["ResourceId"]),
        resource_type=str(data["ResourceType"]),
        service=str(data["Service"]),
        region=str(data.get("RegionId", "")),
        resource_group_id=str(data["ResourceGroupId"]),
        create_date=str(data.get("CreateDate", "")),
    )


class ResourceManagerBackend:
    """One account's resource groups, placements and group-scope attachments over the store.

    ``store`` is a request's view (stale under the consistency fault) or the store itself; reads that must be
    strongly consistent (statuses, the default group, placements' writes) go to the store behind the view.
    ``alias`` is the account's alias, needed for principal names.
    """

    def __init__(self, store: Store | StoreView, account: str, alias: str = "") -> None:
        self.store = store
        self.raw = store.store if isinstance(store, StoreView) else store
        self.account = account
        self.alias = alias

    # -- groups ---------------------------------------------------------------------------------------------------

    def new_group_id(self) -> str:
        """A resource group id as Alibaba Cloud forms them: ``rg-`` and 15 characters (18 in all)."""
        return self.raw.random_id("rg-", 15)

    def group_status(self, group_id: str) -> str | None:
        """The group's current status, or None when the group does not exist (or its deletion completed)."""
        raw = self.raw
        entity = raw.get_entity(self.account, KIND_RESOURCE_GROUP, group_id)
        if entity is None:
            return None
        now = raw.clock.now()
        if entity.data.get("Status") == STATUS_PENDING_DELETE:
            if float(entity.data.get("DeletedAt", 0.0)) + raw.consistency_delay <= now:
                raw.delete(self.account, KIND_RESOURCE_GROUP, group_id)
                return None
            return STATUS_PENDING_DELETE
        if entity.created + raw.consistency_delay > now and not entity.data.get("IsDefault"):
            return STATUS_CREATING
        return STATUS_OK

    def render_group(self, group: dict[str, Any]) -> dict[str, Any]:
        """The wire form of a group (Id, Name, DisplayName, AccountId, Status, CreateDate) with its live status."""
        status = self.group_status(group["Id"]) or STATUS_PENDING_DELETE
        return {
            "Id": group["Id"],
            "Name": group["Name"],
            "DisplayName": group["DisplayName"],
            "AccountId": self.account,
            "Status": status,
            "CreateDate": group["CreateDate"],
        }

    def ensure_default_group(self) -> str:
        """The id of the account's default resource group, creating it on first use."""
        raw = self.raw
        with raw.transaction():
            pointer = raw.get(self.account, KIND_DEFAULT_GROUP, DEFAULT_GROUP_NAME)
            if pointer is not None:
                return str(pointer["Id"])
            group_id = self.new_group_id()
            raw.put(
                self.account,
                KIND_RESOURCE_GROUP,
                group_id,
                {
                    "Id": group_id,
                    "Name": DEFAULT_GROUP_NAME,
                    "DisplayName": DEFAULT_GROUP_DISPLAY_NAME,
                    "Status": STATUS_OK,
                    "CreateDate": iso_now(),
                    "IsDefault": True,
                    "Tags": [],
                },
            )
            raw.put(self.account, KIND_DEFAULT_GROUP, DEFAULT_GROUP_NAME, {"Id": group_id})
            return group_id

    def live_groups(self, *, consistent: bool = False) -> list[dict[str, Any]]:
        """Every group the view can see that still exists (PendingDelete included), oldest first."""
        self.ensure_default_group()
        source = self.raw if consistent else self.store
        return [group for group in source.list(self.account, KIND_RESOURCE_GROUP) if self.group_status(group["Id"])]

    def all_groups(self) -> list[dict[str, Any]]:
        """Every stored group record, whatever its status (for the authoriser's model)."""
        return self.store.list(self.account, KIND_RESOURCE_GROUP)

    def require_group(self, group_id: str, *, usable: bool = False, field: str = "ResourceGroupId") -> dict[str, Any]:
        """The group; EntityNotExists.ResourceGroup (404) when absent, or when ``usable`` and pending deletion."""
        self.ensure_default_group()
        if not group_id.startswith("rg-"):
            raise Errors.NOT_A_GROUP_ID(field=field, group_id=group_id)
        group = self.store.get(self.account, KIND_RESOURCE_GROUP, group_id)
        status = self.group_status(group_id) if group is not None else None
        if group is None or status is None or (usable and status == STATUS_PENDING_DELETE):
            raise Errors.GROUP_NOT_FOUND(group_id=group_id)
        return group

    def create_group(self, name: str, display_name: str, tags: list[dict[str, str]]) -> dict[str, Any]:
        """Create a group (names unique per account, case-insensitively) with tags given as Key/Value."""
        rule = names.RESOURCE_GROUP_NAME
        if not rule.length_ok(name):
            raise Errors.NAME_LENGTH(min_length=rule.min_length, max_length=rule.max_length)
        if not rule.chars_ok(name):
            raise Errors.NAME_CHARS(name=name)
        check_display_name("DisplayName", display_name)
        stored_tags = check_tags(tags)
        for group in self.live_groups(consistent=True):
            if group["Name"].lower() == name.lower():
                raise Errors.GROUP_EXISTS(name=name)
        group_id = self.new_group_id()
        group = {
            "Id": group_id,
            "Name": name,
            "DisplayName": display_name,
            "Status": STATUS_OK,
            "CreateDate": iso_now(),
            "Tags": stored_tags,
        }
        self.store.put(self.account, KIND_RESOURCE_GROUP, group_id, group)
        return group

    def update_group(self, group_id: str, display_name: str) -> dict[str, Any]:
        """Change a usable group's display name; returns the updated record."""
        group = dict(self.require_group(group_id, usable=True))
        group["DisplayName"] = check_display_name("NewDisplayName", display_name)
        self.store.put(self.account, KIND_RESOURCE_GROUP, group["Id"], group)
        return group

    def delete_group(self, group_id: str, deleted_at: float) -> dict[str, Any]:
        """Delete an empty, non-default group with its group-scope attachments; returns the record as it was.

        With the consistency fault on, the group stays PendingDelete for the delay (from ``deleted_at``).
        """
        group = dict(self.require_group(group_id))
        if group.get("IsDefault"):
            raise Errors.DELETE_DEFAULT()
        if self.group_status(group_id) == STATUS_PENDING_DELETE:
            raise Errors.DELETE_DELETING(group_id=group_id)
        held = [placement for placement in self.placements() if placement.resource_group_id == group_id]
        if held:
            raise Errors.DELETE_NOT_EMPTY(group_id=group_id, count=len(held), example=held[0].resource_id)
        for attachment in self.store.list(self.account, KIND_RG_ATTACHMENT, key_prefix=f"{group_id}|".lower()):
            self.store.delete(self.account, KIND_RG_ATTACHMENT, rg_attachment_key(attachment))
        if self.raw.consistency_delay > 0:
            self.store.put(
                self.account,
                KIND_RESOURCE_GROUP,
                group_id,
                {**group, "Status": STATUS_PENDING_DELETE, "DeletedAt": deleted_at},
            )
        else:
            self.store.delete(self.account, KIND_RESOURCE_GROUP, group_id)
        return group

    # -- placements -----------------------------------------------------------------------------------------------

    def place_resource(
        self,
        *,
        arn: str,
        service: str,
        resource_type: str,
        resource_id: str,
        region: str,
        resource_group_id: str | None = None,
    ) -> str:
        """Register a new resource in a group (the default group when none is given); return the group id."""
        group_id = resource_group_id or self.ensure_default_group()
        self.raw.put(
            self.account,
            KIND_RESOURCE_PLACEMENT,
            arn,
            {
                "ResourceGroupId": group_id,
                "ResourceId": resource_id,
                "ResourceType": resource_type,
                "Service": service,
                "RegionId": region,
                "CreateDate": iso_now(),
            },
        )
        return group_id

    def remove_placement(self, arn: str) -> None:
        """Forget a deleted resource's placement."""
        self.raw.delete(self.account, KIND_RESOURCE_PLACEMENT, arn)

    def placements(self) -> list[Placement]:
        """Every placed resource of the account, oldest first."""
        return [
            _placement(entity.key, entity.data)
            for entity in self.store.list_entities(self.account, KIND_RESOURCE_PLACEMENT)
        ]

    def set_resource_group(self, arn: str, group_id: str) -> bool:
        """Put the resource with this ARN into a group (products' own MoveResourceGroup); False if not placed."""
        data = self.raw.get(self.account, KIND_RESOURCE_PLACEMENT, arn)
        if data is None:
            return False
        self.raw.put(self.account, KIND_RESOURCE_PLACEMENT, arn, {**data, "ResourceGroupId": group_id})
        return True

    def resource_group_of(self, arn_or_resource_id: str) -> str | None:
        """The id of the group a resource is in, by its ARN or its bare id (``vpc-...``), or None."""
        if arn_or_resource_id.startswith("acs:"):
            data = self.raw.get(self.account, KIND_RESOURCE_PLACEMENT, arn_or_resource_id)
            return str(data["ResourceGroupId"]) if data else None
        for entity in self.raw.list_entities(self.account, KIND_RESOURCE_PLACEMENT):
            if str(entity.data["ResourceId"]) == arn_or_resource_id:
                return str(entity.data["ResourceGroupId"])
        return None

    # -- group-scope attachments ----------------------------------------------------------------------------------

    def principal_name(self, ram_type: str, name: str) -> str:
        """This account's ResourceManager principal name of a RAM user, group or role."""
        return rm_principal_name(ram_type, name, self.alias)

    def attach(self, group_id: str, rm_type: str, principal: str, policy_type: str, policy_name: str) -> dict[str, Any]:
        """Attach a (resolved) policy to a principal in a group; EntityAlreadyExists.PolicyAttachment (409)."""
        attachment = {
            "ResourceGroupId": group_id,
            "PrincipalType": rm_type,
            "PrincipalName": principal,
            "PolicyType": policy_type,
            "PolicyName": policy_name,
            "AttachDate": iso_now(),
        }
        if not self.store.insert(self.account, KIND_RG_ATTACHMENT, rg_attachment_key(attachment), attachment):
            raise Errors.ATTACHMENT_EXISTS(policy=policy_name, principal=principal, group_id=group_id)
        return attachment

    def detach(
        self, group_id: str, rm_type: str, principal: str, policy_type: str, policy_name: str, *, named: str
    ) -> None:
        """Remove a group-scope attachment; EntityNotExist.PolicyAttachment (404), naming the policy as ``named``."""
        key = rg_attachment_key(
            {
                "ResourceGroupId": group_id,
                "PrincipalType": rm_type,
                "PrincipalName": principal,
                "PolicyType": policy_type,
                "PolicyName": policy_name,
            }
        )
        if not self.store.delete(self.account, KIND_RG_ATTACHMENT, key):
            raise Errors.ATTACHMENT_NOT_FOUND(policy=named, principal=principal, group_id=group_id)

    def rg_attachments(self, group_id: str | None = None) -> list[dict[str, Any]]:
        """The group-scope attachments of one group, or of every group when None."""
        prefix = f"{group_id}|".lower() if group_id else ""
        return self.store.list(self.account, KIND_RG_ATTACHMENT, key_prefix=prefix)

    def rg_attachments_of_principal(self, ram_type: str, name: str) -> list[dict[str, Any]]:
        """The group-scope attachments of a RAM user, group or role (for RAM's DeleteConflict checks)."""
        wanted = self.principal_name(ram_type, name).lower()
        rm_type = rm_principal_type(ram_type)
        return [
            attachment
            for attachment in self.store.list(self.account, KIND_RG_ATTACHMENT)
            if attachment["PrincipalType"] == rm_type and str(attachment["PrincipalName"]).lower() == wanted
        ]

    def rg_attachments_of_policy(self, policy_type: str, policy_name: str) -> list[dict[str, Any]]:
        """The group-scope attachments of a policy."""
        return [
            item
            for item in self.store.list(self.account, KIND_RG_ATTACHMENT)
            if item.get("PolicyType") == policy_type and str(item.get("PolicyName", "")).lower() == policy_name.lower()
        ]

    def remove_rg_attachment(self, attachment: dict[str, Any]) -> None:
        """Delete one group-scope attachment record."""
        self.store.delete(self.account, KIND_RG_ATTACHMENT, rg_attachment_key(attachment))

    def rename_principal(self, ram_type: str, old: str, new: str) -> None:
        """Make a renamed RAM user's or group's group-scope attachments follow the new name."""
        for attachment in self.rg_attachments_of_principal(ram_type, old):
            self.remove_rg_attachment(attachment)
            renamed = {**attachment, "PrincipalName": self.principal_name(ram_type, new)}
            self.store.put(self.account, KIND_RG_ATTACHMENT, rg_attachment_key(renamed), renamed)


def check_display_name(field: str, value: str) -> str:
    """A group's display name within its length rule (InvalidParameter.<field>.Length)."""
    rule = names.RESOURCE_GROUP_DISPLAY_NAME
    if not rule.length_ok(value):
        raise Errors.DISPLAY_NAME_LENGTH(field=field, min_length=rule.min_length, max_length=rule.max_length)
    return value


def check_tags(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    """Validated Key/Value tags in the stored TagKey/TagValue form (keys 1-128 characters, not ``aliyun``/``acs:``)."""
    for tag in tags:
        key = tag.get("Key", "")
        if not key or len(key) > 128 or key.startswith(("aliyun", "acs:")):
            raise Errors.TAG_KEY(key=key)
        if len(tag.get("Value", "")) > 128:
            raise Errors.TAG_VALUE(key=key)
    return [{"TagKey": tag["Key"], "TagValue": tag.get("Value", "")} for tag in tags]


def region_statuses(status: str) -> dict[str, Any]:
    """RegionStatuses as returned by Create/Get/DeleteResourceGroup: one entry per region."""
    return {"RegionStatus": [{"RegionId": region, "Status": status} for region in REGIONS]}
