"""Alibaba Cloud's system policies (AdministratorAccess, Aliyun*Access): the catalogue, read from packaged data.

The data lives in ``alicloud_gov/policy/catalog/system_policies/*.json``; each file is ``{"policies": [ENTRY...]}``
and each entry records a policy's name, the service it belongs to, a short description in our own words, the
policy document exactly as Alibaba publishes it (or ``null`` when only the name is known: a *name-only* entry), its
version and update date, and the public page it was read from with the date it was read. The files are read once,
lazily, and validated; a name appears in one entry only, in any case. Names match case-insensitively, as in RAM.

An entry may carry ``"basis": "described"``: its published text could not be obtained (the stored copies of
Alibaba's pages lack or truncate it), so the document is our reading of what Alibaba's page at ``source`` says
the policy grants (``AdministratorAccess``: everything; ``AliyunRAMFullAccess``: all of RAM). Every other entry's
basis is ``published``. ``described.json`` holds these; replace one with the published text when it is found.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from alicloud_gov.spec.names import POLICY_NAME

__all__ = [
    "SystemPolicy",
    "SystemPolicyCatalogError",
    "all_system_policies",
    "canonical_system_policy_name",
    "get_system_policy",
    "load_system_policy_catalog",
    "suggest_system_policy_names",
    "system_policy_description",
    "system_policy_entry",
]

DATA_PACKAGE = "alicloud_gov.policy.catalog"
DATA_DIRECTORY = "system_policies"
DESCRIPTION_LIMIT = 120

_FIELDS = ("name", "service", "description", "document", "version", "updated", "source", "retrieved")
_OPTIONAL_FIELDS = ("basis",)
BASES = ("published", "described")
"""Where an entry's document comes from: the published text, or our reading of the published description."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VERSION = re.compile(r"^v\d+$")


class SystemPolicyCatalogError(ValueError):
    """The system-policy data is malformed or names a policy twice (names the file, entry and field)."""


@dataclasses.dataclass(frozen=True)
class SystemPolicy:
    """One system policy of the catalogue; ``document`` is None for a name-only entry."""

    name: str
    service: str
    description: str
    document: Mapping[str, Any] | None
    version: str | None
    updated: str | None
    source: str
    retrieved: str
    basis: str = "published"

    @property
    def name_only(self) -> bool:
        """True when the policy's name is known but its document is not (its access is unknown)."""
        return self.document is None


@dataclasses.dataclass(frozen=True)
class SystemPolicyCatalog:
    """The validated catalogue: entries sorted by name, indexed by lower-case name."""

    entries: tuple[SystemPolicy, ...]
    by_lower_name: Mapping[str, SystemPolicy]


def _optional(record: Mapping[str, Any], field: str, pattern: re.Pattern[str], where: str) -> str | None:
    value = record[field]
    if value is None:
        return None
    if not isinstance(value, str) or not pattern.match(value):
        raise SystemPolicyCatalogError(f"{where}: field {field!r} must be null or match {pattern.pattern}")
    return value


def _text(record: Mapping[str, Any], field: str, where: str) -> str:
    value = record[field]
    if not isinstance(value, str) or not value.strip():
        raise SystemPolicyCatalogError(f"{where}: field {field!r} must be a non-empty string")
    return value


def _entry(record: Any, where: str) -> SystemPolicy:
    if not isinstance(record, dict):
        raise SystemPolicyCatalogError(f"{where}: an entry must be an object")
    fields = set(record) - set(_OPTIONAL_FIELDS)
    if fields != set(_FIELDS):
        missing, extra = sorted(set(_FIELDS) - fields), sorted(fields - set(_FIELDS))
        raise SystemPolicyCatalogError(f"{where}: fields missing {missing}, unexpected {extra}")
    name = _text(record, "name", where)
    where = f"{where} ({name!r})"
    problem = POLICY_NAME.problem(name)
    if problem is not None:
        raise SystemPolicyCatalogError(f"{where}: field 'name' is not a RAM policy name: {problem}")
    description = _text(record, "description", where)
    if len(description) > DESCRIPTION_LIMIT:
        raise SystemPolicyCatalogError(f"{where}: field 'description' is longer than {DESCRIPTION_LIMIT} characters")
    document = record["document"]
    if document is not None and not (isinstance(document, dict) and isinstance(document.get("Statement"), list)):
        raise SystemPolicyCatalogError(f"{where}: field 'document' must be null or a policy with a Statement list")
    source = _text(record, "source", where)
    if not source.startswith("https://"):
        raise SystemPolicyCatalogError(f"{where}: field 'source' must be an https:// address")
    retrieved = _optional(record, "retrieved", _DATE, where)
    if retrieved is None:
        raise SystemPolicyCatalogError(f"{where}: field 'retrieved' must be a date (YYYY-MM-DD)")
    basis = record.get("basis", "published")
    if basis not in BASES or (basis == "described" and document is None):
        raise SystemPolicyCatalogError(f"{where}: field 'basis' must be one of {BASES} (described needs a document)")
    return SystemPolicy(
        name=name,
        service=_text(record, "service", where),
        description=description,
        document=document,
        version=_optional(record, "version", _VERSION, where),
        updated=_optional(record, "updated", _DATE, where),
        source=source,
        retrieved=retrieved,
        basis=basis,
    )


def _files(directory: Traversable) -> list[Traversable]:
    return sorted((item for item in directory.iterdir() if item.name.endswith(".json")), key=lambda item: item.name)


def load_system_policy_catalog(files: Iterable[Traversable]) -> SystemPolicyCatalog:
    """Read and validate system-policy data files; duplicate names (in any case) name both files."""
    seen: dict[str, tuple[SystemPolicy, str]] = {}
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise SystemPolicyCatalogError(f"{file.name}: not valid JSON: {error}") from error
        if not isinstance(data, dict) or set(data) != {"policies"} or not isinstance(data["policies"], list):
            raise SystemPolicyCatalogError(f'{file.name}: must be an object {{"policies": [...]}}')
        for index, record in enumerate(data["policies"]):
            entry = _entry(record, f"{file.name}: policies[{index}]")
            key = entry.name.lower()
            if key in seen:
                other, other_file = seen[key]
                raise SystemPolicyCatalogError(
                    f"system policy {entry.name!r} is in {file.name} and again as {other.name!r} in {other_file}"
                )
            seen[key] = (entry, file.name)
    entries = tuple(sorted((entry for entry, _ in seen.values()), key=lambda entry: entry.name))
    return SystemPolicyCatalog(entries=entries, by_lower_name={entry.name.lower(): entry for entry in entries})


@functools.lru_cache(maxsize=1)
def _catalog() -> SystemPolicyCatalog:
    return load_system_policy_catalog(_files(resources.files(DATA_PACKAGE).joinpath(DATA_DIRECTORY)))


def system_policy_entry(name: str) -> SystemPolicy | None:
    """The catalogue entry of a system policy (case-insensitive name), name-only entries included; None if unknown."""
    return _catalog().by_lower_name.get(name.strip().lower())


def all_system_policies() -> tuple[SystemPolicy, ...]:
    """Every catalogue entry, sorted by name (documents and name-only entries)."""
    return _catalog().entries


def canonical_system_policy_name(name: str) -> str | None:
    """The canonical spelling of a system policy name, matched case-insensitively; None if unknown.

    A name-only entry counts as known.
    """
    entry = system_policy_entry(name)
    return entry.name if entry else None


def get_system_policy(name: str) -> dict[str, Any] | None:
    """A copy of the named system policy's document (case-insensitive); None if unknown or name-only."""
    entry = system_policy_entry(name)
    return copy.deepcopy(dict(entry.document)) if entry is not None and entry.document is not None else None


def system_policy_description(name: str) -> str | None:
    """The description of a system policy (case-insensitive name), or None if unknown."""
    entry = system_policy_entry(name)
    return entry.description if entry else None


def suggest_system_policy_names(name: str, limit: int = 3) -> list[str]:
    """Catalogue names close to ``name`` (a did-you-mean for an unknown name), closest first."""
    catalog = _catalog()
    close = difflib.get_close_matches(name.strip().lower(), list(catalog.by_lower_name), n=limit, cutoff=0.75)
    return [catalog.by_lower_name[key].name for key in close]
