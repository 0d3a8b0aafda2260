"""The on-disk cache of the validated catalogue records, so that a process need not parse and validate the JSON.

The cache is one file, ``$XDG_CACHE_HOME/alicloud-gov/catalog.marshal`` (``~/.cache`` when ``XDG_CACHE_HOME`` is
unset or not absolute). ``ALICLOUD_GOV_CACHE_DIR`` names another folder for it; the value ``off`` turns it off.
The file holds the records as plain tuples in :mod:`marshal` format (data only: nothing runs on load), after a
header with the fingerprint of what they were built from (this format, the package and Python versions, the code of
the modules that build the records, the data files' names and content hash) and a checksum of the payload. A
missing, stale, corrupt or unreadable file is rebuilt, and one that cannot be written is left alone: the cache never
makes a load fail.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import marshal
import operator
import os
import sys
import threading
from collections.abc import Iterable, Mapping
from importlib.util import source_hash
from pathlib import Path
from typing import Any, TypeVar

from alicloud_gov import __version__
from alicloud_gov.policy.catalog.model import ActionInfo, CatalogRecords, ConditionKey, ResourceType, ServiceInfo

CACHE_DIR_ENV = "ALICLOUD_GOV_CACHE_DIR"
CACHE_OFF = "off"
"""The value of :data:`CACHE_DIR_ENV` that turns the cache off."""
CACHE_FILE_NAME = "catalog.marshal"

_FORMAT = 1  # bump when the payload's shape changes
_MAGIC = b"alicloud-gov catalogue cache\n"
_DIGEST_BYTES = 8  # importlib.util.source_hash: the 64-bit hash Python checks hash-based .pyc files with

_Record = TypeVar("_Record")

_BUILDERS = ("alicloud_gov.policy.catalog.loader", "alicloud_gov.policy.catalog.model", __name__)
"""The modules whose code shapes the cached records: an edit to one (without a version bump) makes the cache stale."""


def cache_file() -> Path | None:
    """Where the cache lives, or None when it is turned off or there is no home folder to put it in."""
    configured = os.environ.get(CACHE_DIR_ENV, "")
    if configured == CACHE_OFF:
        return None
    if configured:
        return Path(configured) / CACHE_FILE_NAME
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    except RuntimeError:  # no home folder can be determined
        return None
    return base / "alicloud-gov" / CACHE_FILE_NAME


def fingerprint(files: Mapping[str, bytes]) -> bytes:
    """Digest of the data files (names and contents) and of everything else the cached payload depends on."""
    parts = [f"{_FORMAT}\0{__version__}\0{sys.version}\0{marshal.version}".encode()]
    parts.extend(b"\0" + source_hash(_code_of(module)) for module in _BUILDERS)
    for name in sorted(files):
        parts.append(b"\0" + name.encode() + b"\0" + len(files[name]).to_bytes(8, "big") + source_hash(files[name]))
    return source_hash(b"".join(parts))


def _code_of(module_name: str) -> bytes:
    """The stored code of a module (its source, or the compiled file when only that ships); empty if unreadable."""
    module = importlib.import_module(module_name)  # already imported: a dictionary look-up
    origin = getattr(module, "__file__", None)
    get_data = getattr(getattr(module, "__loader__", None), "get_data", None)  # also reads from a zip archive
    if origin is None or get_data is None:
        return b""
    try:
        return bytes(get_data(origin))
    except OSError:
        return b""


def load(path: Path, key: bytes) -> CatalogRecords | None:
    """The records cached at ``path`` for fingerprint ``key``; None when absent, stale, corrupt or unreadable."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header = _MAGIC + key
    if not blob.startswith(header):
        return None
    checksum, payload = blob[len(header) : len(header) + _DIGEST_BYTES], blob[len(header) + _DIGEST_BYTES :]
    if checksum != source_hash(payload):
        return None
    try:
        return _from_plain(marshal.loads(payload))
    except Exception:  # damage the checksum let through reads as a cache miss
        return None


def store(path: Path, key: bytes, records: CatalogRecords) -> None:
    """Write ``records`` for fingerprint ``key`` to ``path`` atomically; a failure to write is ignored."""
    payload = marshal.dumps(_to_plain(records))
    blob = _MAGIC + key + source_hash(payload) + payload
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(blob)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


# --- records <-> plain tuples --------------------------------------------------------------------------------------


def _to_plain(records: CatalogRecords) -> tuple[Any, ...]:
    # Equal values become one object, which marshal then writes once and later reads back once. (The fields hold
    # str, bool, None and tuples of str: no two of them are equal across types, as True and 1 would be.)
    shared: dict[Any, Any] = {}

    remember = shared.setdefault

    def rows(items: Iterable[Any], cls: type) -> tuple[tuple[Any, ...], ...]:
        fields = operator.attrgetter(*(field.name for field in dataclasses.fields(cls)))  # every class has several
        return tuple(tuple(map(remember, values, values)) for values in map(fields, items))

    return (
        rows(records.actions, ActionInfo),
        rows(records.resource_types, ResourceType),
        rows(records.condition_keys, ConditionKey),
        rows(records.services, ServiceInfo),
        dict(records.service_aliases),
    )


def _from_plain(plain: tuple[Any, ...]) -> CatalogRecords:
    actions, resource_types, condition_keys, services, aliases = plain
    if not isinstance(aliases, dict):
        raise TypeError("service aliases are not a mapping")
    return CatalogRecords(
        _restore(ActionInfo, actions),
        _restore(ResourceType, resource_types),
        _restore(ConditionKey, condition_keys),
        _restore(ServiceInfo, services),
        aliases,
    )


def _restore(cls: type[_Record], rows: Iterable[tuple[Any, ...]]) -> list[_Record]:
    """Records of ``cls`` from their field values, set as unpickling sets them: the values were validated when
    they were cached, so the (frozen) dataclass's ``__init__`` is skipped."""
    names = tuple(field.name for field in dataclasses.fields(cls))  # type: ignore[arg-type]
    new = object.__new__
    restored = []
    for row in rows:
        record = new(cls)
        record.__dict__.update(zip(names, row, strict=True))
        restored.append(record)
    return restored
