"""The catalogue's records: actions, resource types, condition keys and services (plain frozen dataclasses)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

ACCESS_LEVELS = ("create", "list", "get", "update", "delete", "unknown")
CONDITION_KEY_TYPES = ("String", "Numeric", "Date", "Boolean", "IPAddress", "ARN")

CONDITION_KEYS_FILE = "condition_keys.json"
KNOWN_SERVICES_FILE = "known_services.json"
"""Services named by system policies whose action lists are not catalogued (service level only)."""

ANY_RESOURCE_TYPE = "*"
"""``resource_types == ("*",)``: the action's resource-level support is not catalogued; any ARN may be valid."""


class CatalogDataError(ValueError):
    """The catalogue's JSON data is malformed (names the file and field)."""


@dataclass(frozen=True)
class ResourceType:
    """A resource type a service defines for the Resource element of a policy.

    ``arn_template`` is the canonical ARN (``acs:vpc:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}``);
    ``alternate_arn_templates`` holds further ARN forms the documentation lists for the same type.
    ``supports_resource_group`` is True when the product documents the type as groupable in resource groups,
    False when documented as not, None when unknown.
    """

    service: str
    name: str
    arn_template: str
    source: str
    alternate_arn_templates: tuple[str, ...] = ()
    supports_resource_group: bool | None = None

    @property
    def arn_templates(self) -> tuple[str, ...]:
        """The canonical ARN template followed by the alternates."""
        return (self.arn_template, *self.alternate_arn_templates)


@dataclass(frozen=True)
class ConditionKey:
    """A condition key usable in a policy Condition block, with its value type."""

    name: str
    type: str  # "String" | "Numeric" | "Date" | "Boolean" | "IPAddress" | "ARN"
    source: str


@dataclass(frozen=True)
class ActionInfo:
    """One RAM action (``<ramcode>:<Name>``).

    ``resource_types`` are the names of the :class:`ResourceType` the action takes; an empty tuple means the action
    supports only "All Resources" (``"Resource": "*"``); ``("*",)`` (:data:`ANY_RESOURCE_TYPE`) means the catalogue
    does not know which resource types the action takes. ``required_resource_types`` are those marked required in
    the authorisation table; ``arn_templates`` are the ARN forms the table gives for this action (they can differ
    from the resource type's canonical ARN). ``apis`` names the API calls (``<product>:<ApiName>``) this action
    authorises; it is empty for permission points that are not APIs (``ram:PassRole``). ``access_level_source``
    and ``resource_types_source`` say where those facts come from: a product's authorisation table (``seed:nnn``,
    authoritative) or ``curated`` (derived from the API name; a best effort).
    """

    service: str
    name: str
    access_level: str
    resource_types: tuple[str, ...]
    condition_keys: tuple[str, ...]
    supports_resource_group: bool
    source: str
    required_resource_types: tuple[str, ...] = ()
    arn_templates: tuple[str, ...] = ()
    apis: tuple[str, ...] = ()
    access_level_source: str = ""
    resource_types_source: str = ""

    @property
    def full_name(self) -> str:
        """The action as written in a policy, e.g. ``vpc:CreateVpc``."""
        return f"{self.service}:{self.name}"

    @property
    def all_resources_only(self) -> bool:
        """True when the action supports only ``"Resource": "*"`` (no resource-level permission)."""
        return not self.resource_types

    @property
    def resource_types_authoritative(self) -> bool:
        """True when the resource types come from a product's authorisation table rather than curation."""
        sources = [part.strip() for part in self.resource_types_source.split(",") if part.strip()]
        return bool(sources) and all(part.startswith("seed:") for part in sources)

    @property
    def resource_level_known(self) -> bool:
        """False when the catalogue does not know which resource types the action takes (``("*",)``)."""
        return ANY_RESOURCE_TYPE not in self.resource_types


@dataclass(frozen=True)
class ServiceInfo:
    """A RAM service code the catalogue knows, with its title and whether only the service level is known."""

    code: str
    title: str
    service_level_only: bool
    sources: tuple[str, ...]


class CatalogRecords(NamedTuple):
    """The validated records a :class:`~alicloud_gov.policy.catalog.index.Catalog` is built from, in file order."""

    actions: Sequence[ActionInfo]
    resource_types: Sequence[ResourceType]
    condition_keys: Sequence[ConditionKey]
    services: Sequence[ServiceInfo]
    service_aliases: Mapping[str, str]
