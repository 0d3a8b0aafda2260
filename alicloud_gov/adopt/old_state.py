"""Another tool's state read into one shape: a ``pulumi stack export`` (any provider), a terraform state file
(the JSON state, version 4) or ``terraform show -json`` output.

Each managed resource becomes an :class:`OldResource` with terraform's attribute names: pulumi-alicloud is
bridged from terraform-provider-alicloud, so its properties are the terraform fields in camel case
(``ecrOwnerAliUid`` for ``ecr_owner_ali_uid``) and its ids are terraform's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from alicloud_gov.spec.state_secrets import open_secrets

Tool = Literal["pulumi", "terraform"]

_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")
_SKIPPED_PULUMI_TYPES = ("pulumi:pulumi:Stack", "pulumi:providers:")


class StateFileError(ValueError):
    """A file that is not a stack export or a terraform state; the message says what was expected."""


@dataclass(frozen=True)
class OldResource:
    """One managed resource of the old state.

    ``address``: its URN (pulumi) or address (terraform, ``module.m.alicloud_ram_user.x["k"]``); ``kind``: its
    type token (pulumi) or resource type (terraform); ``name``: the name the old program gave it (with the
    index key for terraform's count / for_each); ``id``: the provider's id; ``attributes``: its properties,
    terraform's snake-case names; ``depends_on``: addresses it depends on or is parented to (pulumi: the
    URNs ``pulumi state delete`` checks); ``provider``: the provider instance or configuration managing it;
    ``protected``: Pulumi's ``protect`` (``pulumi state delete`` then needs ``--force``).
    """

    address: str
    kind: str
    name: str
    id: str
    attributes: dict[str, Any]
    depends_on: tuple[str, ...] = ()
    provider: str = ""
    protected: bool = False


@dataclass(frozen=True)
class OldState:
    """Which tool the state came from and its managed resources, in file order."""

    tool: Tool
    resources: list[OldResource]


def snake_case(name: str) -> str:
    """A pulumi-alicloud property name in terraform's spelling: ``maxSessionDuration`` -> ``max_session_duration``."""
    return _UPPER.sub(r"_\1", name).lower()


def _pulumi(document: Mapping[str, Any]) -> OldState:
    deployment = document.get("deployment")
    if not isinstance(deployment, Mapping):
        raise StateFileError("a stack export has a 'deployment' object")
    found: list[OldResource] = []
    for resource in deployment.get("resources") or []:
        kind = str(resource.get("type", ""))
        if not resource.get("custom") or kind.startswith(_SKIPPED_PULUMI_TYPES):
            continue  # components, the stack and provider instances are not cloud entities
        if resource.get("delete") or resource.get("pendingReplacement"):
            continue  # an old copy awaiting deletion is not what the program declares
        urn = str(resource.get("urn", ""))
        properties = {**(resource.get("inputs") or {}), **(resource.get("outputs") or {})}
        attributes = {snake_case(key): open_secrets(value) for key, value in properties.items()}
        depends = [*(resource.get("dependencies") or []), resource.get("parent") or ""]
        for urns in (resource.get("propertyDependencies") or {}).values():
            depends += urns
        found.append(
            OldResource(
                urn,
                kind,
                urn.rsplit("::", 1)[-1],
                str(resource.get("id", "")),
                attributes,
                tuple(sorted({str(item) for item in depends if item})),
                str(resource.get("provider") or ""),
                bool(resource.get("protect")),
            )
        )
    return OldState("pulumi", found)


def _index_suffix(key: Any) -> str:
    return "" if key is None else f"[{json.dumps(key)}]"


def _terraform_raw(document: Mapping[str, Any]) -> OldState:
    found: list[OldResource] = []
    for resource in document.get("resources") or []:
        if resource.get("mode") != "managed":
            continue  # data sources read, they manage nothing
        module = f"{resource['module']}." if resource.get("module") else ""
        kind, name = str(resource.get("type", "")), str(resource.get("name", ""))
        for instance in resource.get("instances") or []:
            key = instance.get("index_key")
            attributes = dict(instance.get("attributes") or {})
            address = f"{module}{kind}.{name}{_index_suffix(key)}"
            local = name if key is None else f"{name}-{key}"
            dependencies = tuple(str(item) for item in instance.get("dependencies") or [])
            found.append(
                OldResource(
                    address,
                    kind,
                    local,
                    str(attributes.get("id", "")),
                    attributes,
                    dependencies,
                    str(resource.get("provider", "")),
                )
            )
    return OldState("terraform", found)


def _modules(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield module
    for child in module.get("child_modules") or []:
        yield from _modules(child)


def _terraform_show(document: Mapping[str, Any]) -> OldState:
    root = (document.get("values") or {}).get("root_module") or {}
    found: list[OldResource] = []
    for module in _modules(root):
        for resource in module.get("resources") or []:
            if resource.get("mode") != "managed":
                continue
            key = resource.get("index")
            attributes = dict(resource.get("values") or {})
            name = str(resource.get("name", ""))
            local = name if key is None else f"{name}-{key}"
            found.append(
                OldResource(
                    str(resource.get("address", "")),
                    str(resource.get("type", "")),
                    local,
                    str(attributes.get("id", "")),
                    attributes,
                )
            )
    return OldState("terraform", found)


def parse_state(document: Any) -> OldState:
    """The resources of a parsed stack export or terraform state; :class:`StateFileError` for anything else."""
    if not isinstance(document, Mapping):
        raise StateFileError("expected a JSON object")
    if "deployment" in document:
        return _pulumi(document)
    if "format_version" in document and "values" in document:
        return _terraform_show(document)
    if document.get("version") == 4 and "resources" in document:
        return _terraform_raw(document)
    if "version" in document and "resources" in document:
        raise StateFileError(f"terraform state version {document['version']} (expected 4: terraform 0.12 or later)")
    raise StateFileError(
        "not a pulumi stack export ('deployment'), a terraform state (version 4) or `terraform show -json` output"
    )


def read_state(path: Path) -> OldState:
    """:func:`parse_state` of the JSON file at ``path`` (OSError when unreadable, StateFileError when not JSON)."""
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise StateFileError(f"not JSON ({error})") from error
    return parse_state(document)
