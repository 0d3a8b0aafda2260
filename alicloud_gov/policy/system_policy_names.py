"""Is a System-type policy name one Alibaba Cloud has: the one rule behind UNKNOWN_SYSTEM_POLICY and
SYSTEM_POLICY_ACCESS_UNKNOWN, shared by ``check`` and the provider's ``check`` at preview."""

from __future__ import annotations

from alicloud_gov.policy.system_policies import suggest_system_policy_names, system_policy_entry


def unknown_system_policy(name: str) -> tuple[str, str | None] | None:
    """``(message, closest known name or None)`` when ``name`` is no system policy of the catalogue, else None."""
    if system_policy_entry(name) is not None:
        return None
    close = suggest_system_policy_names(name)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; system policy names are listed by ListPolicies"
    return f"{name!r} is not an Alibaba Cloud system policy{hint}", (close[0] if close else None)


def system_policy_access_unknown(name: str) -> str | None:
    """A sentence when ``name`` is a known system policy whose document the catalogue lacks (a name-only entry)."""
    entry = system_policy_entry(name)
    if entry is None or not entry.name_only:
        return None
    return (
        f"system policy {entry.name} exists, but its document is not in the catalogue, so the access it grants "
        "cannot be judged offline"
    )
