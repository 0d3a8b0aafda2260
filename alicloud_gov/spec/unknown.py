"""The value of an input not known until apply (a preview's unknown), shared by every layer.

The program runner records unknown outputs with it, the plugin's check and diff read engine unknowns
into it, and the offline checks skip what it marks. Defined here, at the bottom of the house, so that
input rules (:mod:`alicloud_gov.spec.inputs`) and the diff engine (:mod:`alicloud_gov.plan`) share one sentinel.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class _Unknown:
    """The sentinel for an input whose value is not known until apply."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()
"""A new value unknown at preview: reported as a possible change, never hidden."""


def contains_unknown(value: Any) -> bool:
    """True when ``value`` is, or contains (in a mapping or list), :data:`UNKNOWN`."""
    if value is UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(item) for item in value)
    return False
