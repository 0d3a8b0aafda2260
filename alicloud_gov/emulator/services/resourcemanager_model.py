"""Resource groups and resource placement: the state ResourceManager owns and other products use.

Store kinds (per account, see registry.py): ``resource_group`` (key rg id), ``resource_group_default``
(key ``default`` -> the id of the account's default group, created lazily) and ``resource_placement``
(key resource ARN -> which group the resource is in).

VPC and ECR call :func:`place_resource` when they create a resource and :func:`remove_placement`
when they delete one; the authoriser calls :func:`resource_group_of` to find the group of a target.

Status lifecycle of a group: ``Creating`` while younger than the store's consistency delay (0 unless
the consistency fault is on), then ``OK``; ``PendingDelete`` after DeleteResourceGroup for the
consistency delay, after which the group is gone.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from alicloud_gov.emulator.errors import ApiError, not_found
from alicloud_gov.emulator.registry import KIND_RESOURCE_GROUP, KIND_RESOURCE_PLACEMENT, KIND_RG_ATTACHMENT, iso_now
from alicloud_gov.emulator.store import Store, StoreView

KIND_DEFAULT_GROUP = "resource_group_default"
DEFAULT_GROUP_NAME = "default"
DEFAULT_GROUP_DISPLAY_NAME = "Default Resource Group"
REGIONS = ("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "cn-hongkong", "ap-southeast-1")

STATUS_CREATING = "Creating"
STATUS_OK = "OK"
STATUS_PENDING_DELETE = "PendingDelete"

T = TypeVar("T")


def _raw(store: Store | StoreView) -> Store:
    """The strongly consistent store behind a request's view."""
    return store.store if isinstance(store, StoreView) else store


def new_resource_group_id(store: Store | StoreView) -> str:
    """A resource group id as Alibaba Cloud forms them: ``rg-`` and 15 characters (18 in all)."""
    return _raw(store).random_id("rg-", 15)


def group_status(store: Store | StoreView, account: str, group_id: str) -> str | None:
    """The group's current status, or None when the group does not exist (or its deletion completed)."""
    raw = _raw(store)
    entity = raw.get_entity(account, KIND_RESOURCE_GROUP, group_id)
    if entity is None:
        return None
    now = time.time()
    if entity.data.get("Status") == STATUS_PENDING_DELETE:
        if float(entity.data.get("DeletedAt", 0.0)) + raw.consistency_delay <= now:
            raw.delete(account, KIND_RESOURCE_GROUP, group_id)
            return None
        return STATUS_PENDING_DELETE
    if entity.created + raw.consistency_delay > now and not entity.data.get("IsDefault"):
        return STATUS_CREATING
    return STATUS_OK


def render_group(store: Store | StoreView, account: str, group: dict[str, Any]) -> dict[str, Any]:
    """The wire form of a group (Id, Name, DisplayName, AccountId, Status, CreateDate) with its live status."""
    status = group_status(store, account, group["Id"]) or STATUS_PENDING_DELETE
    return {
        "Id": group["Id"],
        "Name": group["Name"],
        "DisplayName": group["DisplayName"],
        "AccountId": account,
        "Status": status,
        "CreateDate": group["CreateDate"],
    }


def region_statuses(status: str) -> dict[str, Any]:
    """RegionStatuses as returned by Create/Get/DeleteResourceGroup: one entry per region."""
    return {"RegionStatus": [{"RegionId": region, "Status": status} for region in REGIONS]}


def ensure_default_group(store: Store | StoreView, account: str) -> str:
    """The id of the account's default resource group, creating it on first use."""
    raw = _raw(store)
    with raw.transaction():
        pointer = raw.get(account, KIND_DEFAULT_GROUP, DEFAULT_GROUP_NAME)
        if pointer is not None:
            return str(pointer["Id"])
        group_id = new_resource_group_id(raw)
        raw.put(
            account,
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
        raw.put(account, KIND_DEFAULT_GROUP, DEFAULT_GROUP_NAME, {"Id": group_id})
        return group_id


def live_groups(store: Store | StoreView, account: str) -> list[dict[str, Any]]:
    """Every group of the account the view can see that still exists (PendingDelete included), oldest first."""
    ensure_default_group(store, account)
    return [group for group in store.list(account, KIND_RESOURCE_GROUP) if group_status(store, account, group["Id"])]


def require_group(
    store: Store | StoreView, account: str, group_id: str, *, usable: bool = False, field: str = "ResourceGroupId"
) -> dict[str, Any]:
    """The group; EntityNotExists.ResourceGroup (404) when absent, or when ``usable`` and pending deletion."""
    ensure_default_group(store, account)
    if not group_id.startswith("rg-"):
        raise ApiError(f"InvalidParameter.{field}", f"The {field} {group_id!r} is not a resource group id (rg-...).")
    group = store.get(account, KIND_RESOURCE_GROUP, group_id)
    status = group_status(store, account, group_id) if group is not None else None
    if group is None or status is None or (usable and status == STATUS_PENDING_DELETE):
        raise not_found("EntityNotExists.ResourceGroup", f"The resource group {group_id} does not exist.")
    return group


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


def place_resource(
    store: Store | StoreView,
    account: str,
    *,
    arn: str,
    service: str,
    resource_type: str,
    resource_id: str,
    region: str,
    resource_group_id: str | None = None,
) -> str:
    """Register a new resource in a group (the default group when none is given); return the group id."""
    group_id = resource_group_id or ensure_default_group(store, account)
    _raw(store).put(
        account,
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


def remove_placement(store: Store | StoreView, account: str, arn: str) -> None:
    """Forget a deleted resource's placement."""
    _raw(store).delete(account, KIND_RESOURCE_PLACEMENT, arn)


def placements(store: Store | StoreView, account: str) -> list[Placement]:
    """Every placed resource of the account, oldest first."""
    return [_placement(entity.key, entity.data) for entity in store.list_entities(account, KIND_RESOURCE_PLACEMENT)]


def move_placement(store: Store | StoreView, account: str, placement: Placement, group_id: str) -> None:
    """Move one placed resource to another group."""
    set_resource_group(store, account, placement.arn, group_id)


def set_resource_group(store: Store | StoreView, account: str, arn: str, group_id: str) -> bool:
    """Put the resource with this ARN into a group (products' own MoveResourceGroup); False if not placed."""
    raw = _raw(store)
    data = raw.get(account, KIND_RESOURCE_PLACEMENT, arn)
    if data is None:
        return False
    raw.put(account, KIND_RESOURCE_PLACEMENT, arn, {**data, "ResourceGroupId": group_id})
    return True


def resource_group_of(store: Store | StoreView, account: str, arn_or_resource_id: str) -> str | None:
    """The id of the group a resource is in, by its ARN or its bare id (``vpc-...``), or None."""
    raw = _raw(store)
    if arn_or_resource_id.startswith("acs:"):
        data = raw.get(account, KIND_RESOURCE_PLACEMENT, arn_or_resource_id)
        return str(data["ResourceGroupId"]) if data else None
    for placement in placements(raw, account):
        if placement.resource_id == arn_or_resource_id:
            return placement.resource_group_id
    return None


# ResourceManager principal type and principal-name domain for each RAM principal type.
PRINCIPAL_FORMATS: dict[str, tuple[str, str]] = {
    "User": ("IMSUser", "{alias}.onaliyun.com"),
    "Group": ("IMSGroup", "group.{alias}.onaliyun.com"),
    "Role": ("ServiceRole", "role.{alias}.onaliyunservice.com"),
}


def principal_name(alias: str, ram_type: str, name: str) -> str:
    """The ResourceManager principal name of a RAM user, group or role (``alice@acme.onaliyun.com``)."""
    return f"{name}@{PRINCIPAL_FORMATS[ram_type][1].format(alias=alias)}"


def rg_attachment_key(attachment: dict[str, Any]) -> str:
    """Store key of a group-scope attachment."""
    fields = ("ResourceGroupId", "PrincipalType", "PrincipalName", "PolicyType", "PolicyName")
    return "|".join(str(attachment[field]) for field in fields).lower()


def rg_attachments_of_principal(
    store: Store | StoreView, account: str, alias: str, ram_type: str, name: str
) -> list[dict[str, Any]]:
    """The group-scope attachments of a RAM user, group or role (for RAM's DeleteConflict checks)."""
    wanted = principal_name(alias, ram_type, name).lower()
    rm_type = PRINCIPAL_FORMATS[ram_type][0]
    return [
        attachment
        for attachment in store.list(account, KIND_RG_ATTACHMENT)
        if attachment["PrincipalType"] == rm_type and str(attachment["PrincipalName"]).lower() == wanted
    ]


def rename_rg_principal(store: Store | StoreView, account: str, alias: str, ram_type: str, old: str, new: str) -> None:
    """Make a renamed RAM user's or group's group-scope attachments follow the new name."""
    for attachment in rg_attachments_of_principal(store, account, alias, ram_type, old):
        store.delete(account, KIND_RG_ATTACHMENT, rg_attachment_key(attachment))
        renamed = {**attachment, "PrincipalName": principal_name(alias, ram_type, new)}
        store.put(account, KIND_RG_ATTACHMENT, rg_attachment_key(renamed), renamed)


def numbered_page(collection: str, item: str, items: Sequence[T], page_number: int, page_size: int) -> dict[str, Any]:
    """A PageNumber/PageSize response: ``{collection: {item: [page]}, TotalCount, PageNumber, PageSize}``."""
    return {
        collection: {item: page_of(items, page_number, page_size)},
        "TotalCount": len(items),
        "PageNumber": page_number,
        "PageSize": page_size,
    }


def page_of(items: Sequence[T], page_number: int, page_size: int) -> list[T]:
    """One page (1-based) of a list."""
    start = (page_number - 1) * page_size
    return list(items[start : start + page_size])
