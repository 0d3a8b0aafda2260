"""Which members of a list-valued value were added or removed, in the user's spelling, with their positions.

A list of actions, resources or principals is a set to RAM: order, duplicates and (for actions) case carry no
meaning. So a change to one is a set of added and removed members, each shown as the user wrote it and located
where it sits in the user's own list (the new list for an addition, the old one for a removal): the positions
let a preview point at that one member instead of shifting every later entry.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["MemberChange", "as_members", "member_changes"]


@dataclass(frozen=True)
class MemberChange:
    """One member added to or removed from a list-valued value.

    ``index`` is the member's position in the new list (added) or the old list (removed); ``None`` when that side
    is a single value rather than a list (``"Action": "ram:GetUser"``).
    """

    change: Literal["added", "removed"]
    value: Any
    index: int | None


def as_members(value: Any) -> list[Any]:
    """The members of a value: a list as it is, a single value as one member, nothing as none."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def member_changes(old: Any, new: Any, key: Callable[[Any], Hashable]) -> list[MemberChange]:
    """Members whose ``key`` is in one side and not the other: removals (old order), then additions (new order).

    ``key`` is the comparison the diff engine makes (e.g. case-folded for actions), so this never reports a member
    the engine considers unchanged. A member listed twice is reported once, at its first position.
    """
    old_members, new_members = as_members(old), as_members(new)
    old_keys = {key(item) for item in old_members}
    new_keys = {key(item) for item in new_members}
    changes: list[MemberChange] = []
    for change, members, other, is_list in (
        ("removed", old_members, new_keys, isinstance(old, (list, tuple))),
        ("added", new_members, old_keys, isinstance(new, (list, tuple))),
    ):
        seen: set[Hashable] = set()
        for index, item in enumerate(members):
            item_key = key(item)
            if item_key in other or item_key in seen:
                continue
            seen.add(item_key)
            changes.append(MemberChange(change, item, index if is_list else None))  # type: ignore[arg-type]
    return changes
