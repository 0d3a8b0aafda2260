"""Reading the packaged JSON data into a :class:`~alicloud_gov.policy.catalog.index.Catalog`, validating it."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from alicloud_gov.policy.catalog import cache
from alicloud_gov.policy.catalog.index import Catalog
from alicloud_gov.policy.catalog.model import (
    ACCESS_LEVELS,
    CONDITION_KEY_TYPES,
    CONDITION_KEYS_FILE,
    KNOWN_SERVICES_FILE,
    ActionInfo,
    CatalogDataError,
    CatalogRecords,
    ConditionKey,
    ResourceType,
    ServiceInfo,
)

DATA_PACKAGE = "alicloud_gov.policy.catalog"
_DATA_FOLDER = Path(__file__).parent


def _field(record: Mapping[str, Any], field: str, where: str, kind: type) -> Any:
    value = record.get(field)
    if not isinstance(value, kind):
        raise CatalogDataError(f"{where}: field {field!r} must be a {kind.__name__}, got {type(value).__name__}")
    return value


def _optional_bool(record: Mapping[str, Any], field: str, where: str) -> bool | None:
    value = record.get(field)
    if value is not None and not isinstance(value, bool):
        raise CatalogDataError(f"{where}: field {field!r} must be true, false or absent")
    return value


def _strings(record: Mapping[str, Any], field: str, where: str) -> tuple[str, ...]:
    values = record.get(field)
    if values is None or (type(values) is list and not values):  # absent or empty: the common case, kept fast
        return ()
    if type(values) is not list or not all(type(v) is str for v in values):
        raise CatalogDataError(f"{where}: field {field!r} must be a list of strings")
    return tuple(values)


def _parse_service_file(
    data: Mapping[str, Any], where: str
) -> tuple[ServiceInfo, list[ActionInfo], list[ResourceType], list[ConditionKey]]:
    code = _field(data, "service", where, str)
    service = ServiceInfo(
        code=code,
        title=_field(data, "title", where, str),
        service_level_only=bool(data.get("service_level_only", False)),
        sources=_strings(data, "sources", where),
    )
    actions = []
    for record in _field(data, "actions", where, list):
        at = f"{where}: action {record.get('name')!r}"
        level = _field(record, "access_level", at, str)
        if level not in ACCESS_LEVELS:
            raise CatalogDataError(f"{at}: field 'access_level' has unknown value {level!r}")
        actions.append(
            ActionInfo(
                service=code,
                name=_field(record, "name", at, str),
                access_level=level,
                resource_types=_strings(record, "resource_types", at),
                condition_keys=_strings(record, "condition_keys", at),
                supports_resource_group=_field(record, "supports_resource_group", at, bool),
                source=_field(record, "source", at, str),
                required_resource_types=_strings(record, "required_resource_types", at),
                arn_templates=_strings(record, "arn_templates", at),
                apis=_strings(record, "apis", at),
                access_level_source=str(record.get("access_level_source", "")),
                resource_types_source=str(record.get("resource_types_source", "")),
            )
        )
    rtypes = []
    for record in data.get("resource_types", []):
        at = f"{where}: resource type {record.get('name')!r}"
        rtypes.append(
            ResourceType(
                service=code,
                name=_field(record, "name", at, str),
                arn_template=_field(record, "arn_template", at, str),
                source=_field(record, "source", at, str),
                alternate_arn_templates=_strings(record, "alternate_arn_templates", at),
                supports_resource_group=_optional_bool(record, "supports_resource_group", at),
            )
        )
    keys = [_parse_condition_key(record, where) for record in data.get("condition_keys", [])]
    return service, actions, rtypes, keys


def _parse_condition_key(record: Mapping[str, Any], where: str) -> ConditionKey:
    at = f"{where}: condition key {record.get('name')!r}"
    key_type = _field(record, "type", at, str)
    if key_type not in CONDITION_KEY_TYPES:
        raise CatalogDataError(f"{at}: field 'type' has unknown value {key_type!r}")
    return ConditionKey(_field(record, "name", at, str), key_type, _field(record, "source", at, str))


def _parse_known_service(record: Mapping[str, Any], where: str) -> ServiceInfo:
    code = _field(record, "service", f"{where}: service", str)
    at = f"{where}: service {code!r}"
    return ServiceInfo(code, str(record.get("title") or code), True, _strings(record, "sources", at))


def catalog_from_data(files: Mapping[str, Mapping[str, Any]]) -> Catalog:
    """Build a :class:`Catalog` from parsed JSON documents keyed by file name (see the data files for the shape)."""
    return Catalog(*records_from_data(files))


def records_from_data(files: Mapping[str, Mapping[str, Any]]) -> CatalogRecords:
    """The validated records of parsed JSON documents keyed by file name; :class:`CatalogDataError` names a fault."""
    actions: list[ActionInfo] = []
    rtypes: list[ResourceType] = []
    keys: list[ConditionKey] = []
    services: dict[str, tuple[ServiceInfo, str]] = {}
    aliases: dict[str, str] = {}
    for file_name, data in sorted(files.items()):
        if file_name == CONDITION_KEYS_FILE:
            keys.extend(
                _parse_condition_key(record, file_name) for record in _field(data, "condition_keys", file_name, list)
            )
            aliases.update(data.get("service_aliases", {}))
            continue
        if file_name == KNOWN_SERVICES_FILE:
            for record in _field(data, "services", file_name, list):
                _add_service(services, _parse_known_service(record, file_name), file_name)
            continue
        service, service_actions, service_rtypes, service_keys = _parse_service_file(data, file_name)
        _add_service(services, service, file_name)
        actions.extend(service_actions)
        rtypes.extend(service_rtypes)
        keys.extend(service_keys)
    return CatalogRecords(actions, rtypes, keys, [service for service, _ in services.values()], aliases)


def _add_service(services: dict[str, tuple[ServiceInfo, str]], service: ServiceInfo, file_name: str) -> None:
    """Record ``service`` from ``file_name``; a code defined twice (in any case) names both files, since the
    Catalog keeps one entry per code and which one survived would depend on file order."""
    key = service.code.lower()
    if key in services:
        raise CatalogDataError(f"{file_name}: service {service.code!r} is already defined in {services[key][1]}")
    services[key] = (service, file_name)


def read_catalog_files() -> dict[str, dict[str, Any]]:
    """The packaged JSON data files, parsed, keyed by file name."""
    return _parse_files(read_catalog_bytes())


def read_catalog_bytes() -> dict[str, bytes]:
    """The packaged JSON data files as stored, keyed by file name."""
    if not _DATA_FOLDER.is_dir():  # imported from an archive: importlib.resources reads it (a costly import)
        from importlib import resources

        entries = resources.files(DATA_PACKAGE).iterdir()
        return {entry.name: entry.read_bytes() for entry in entries if entry.name.endswith(".json")}
    with os.scandir(_DATA_FOLDER) as found:
        return {entry.name: Path(entry.path).read_bytes() for entry in found if entry.name.endswith(".json")}


def _parse_files(raw: Mapping[str, bytes]) -> dict[str, Any]:
    """The JSON data files ``raw`` (as stored, keyed by name) parsed; :class:`CatalogDataError` names a bad one."""
    return {name: _parse_json(name, data) for name, data in raw.items()}


def _parse_json(name: str, data: bytes) -> Any:
    # Decoded as a text-mode read decodes it (universal newlines), so error positions count as they always did.
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogDataError(f"{name}: not valid JSON ({exc})") from exc


def load_packaged_catalog() -> Catalog:
    """The packaged catalogue: its validated records from the user's cache when they are of these very data files
    (see :mod:`~alicloud_gov.policy.catalog.cache`), else parsed and validated afresh and then cached."""
    with _collection_paused():
        raw = read_catalog_bytes()
        path = cache.cache_file()
        fingerprint = cache.fingerprint(raw)
        cached = cache.load(path, fingerprint) if path is not None else None
        if cached is not None:
            return Catalog(*cached)
        records = records_from_data(_parse_files(raw))
        catalog = Catalog(*records)
        if path is not None:
            cache.store(path, fingerprint, records)
        return catalog


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No garbage collection while the catalogue's tens of thousands of long-lived objects are made: a collection
    then finds no garbage, only scans them again (a fifth of a warm load's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
