"""Resource records from a Pulumi stack's deployed state (``pulumi stack export``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alicloud_gov.plan.access import ResourceRecord
from alicloud_gov.plan.foreign import is_foreign_record
from alicloud_gov.spec.state_secrets import open_secrets
from alicloud_gov.spec.tokens import TYPE_PREFIX


def provider_name(reference: str | None) -> str | None:
    """The provider resource's name from a state reference (``urn...::<name>::<id>``); None for default ones."""
    if not reference:
        return None
    parts = reference.split("::")
    name = parts[-2] if len(parts) >= 2 else reference
    # the engine's default providers: ``default``, or ``default_<version>`` (dots as underscores)
    return None if name == "default" or name.startswith("default_") else name


def records_from_export(export: Mapping[str, Any]) -> list[ResourceRecord]:
    """The alicloud-gov resources of a ``pulumi stack export`` document, pending deletes and reads left out.

    pulumi-alicloud's access and provider resources are kept too, by their full type token
    (:mod:`alicloud_gov.plan.foreign`), so a mixed program's deployed access is compared with its declared access.

    A read (``RamUser.get(...)``, YAML ``get:``) is in the state as an ``external`` resource: the stack does not
    manage it, so it is not deployed by the stack.
    """
    deployment = export.get("deployment", export)
    records: list[ResourceRecord] = []
    for resource in deployment.get("resources") or []:
        resource_type = str(resource.get("type", ""))
        ours = resource_type.startswith(TYPE_PREFIX)
        if not (ours or is_foreign_record(resource_type)) or resource.get("delete") or resource.get("external"):
            continue
        if not resource.get("custom", True):
            continue
        name = str(resource.get("urn", "")).rsplit("::", 1)[-1]
        records.append(
            ResourceRecord(
                type_name=resource_type.removeprefix(TYPE_PREFIX) if ours else resource_type,
                name=name,
                provider=provider_name(resource.get("provider")),
                inputs=open_secrets(resource.get("inputs") or {}),
                outputs=open_secrets(resource.get("outputs") or {}),
            )
        )
    return records
