"""Named emulator profiles: one switch that turns on the real cloud's slow and eventually consistent behaviour.

The ``realistic`` profile is a :class:`~alicloud_gov.emulator.faults.FaultConfig` whose timing knobs are set
so that what the real cloud does slowly happens in the emulator too, only faster:

* reads lag writes, resource groups pass through ``Creating`` and ``PendingDelete``, an ECR stays busy
  (``Conflict.Lock`` for a concurrent change) while it changes: the store's consistency delay, which drives
  all three (store, resourcemanager and ecr backends);
* ECR associations and VBR children pass through ``CREATING`` and ``DELETING`` (ecr backend);
* dependents linger after deletion (``linger_delay_ms``): right after a policy is detached from a role or
  group, a member leaves a group, or a custom policy loses a version or its attachment to a user or group,
  deleting the parent answers ``DeleteConflict.Role.Policy``, ``DeleteConflict.Group.User`` / ``.Policy`` or
  ``DeleteConflict.Policy.User`` / ``.Group`` / ``.Version`` (ram backend). Only the codes
  terraform-provider-alicloud retries linger: it does not retry ``DeleteConflict.User.*`` (it maps them to its
  ``force`` clean-up) nor ``DeleteConflict.Policy.Role``, so nothing shows that a user's dependents, or a
  policy's role attachments, linger.
* not in the profile: grants taking effect late (``grant_delay_ms``, emulated for robustness tests only).
  Alibaba's RAM guide says the opposite of a delay: "Grant permissions to a RAM user", section
  "Authorization behavior and limits" (help.aliyun.com/en/ram/revoke-permissions-from-a-ram-user): a
  permission takes effect immediately, with no waiting period or re-login.

Durations come in two scales. The default (``scaled``) keeps the suite fast: fractions of a second. With
``real_durations`` (``alicloud-gov emulator --real-durations``, or ``ALICLOUD_GOV_EMULATOR_REAL_DURATIONS=1``
for the test fixtures) each delay is a real-cloud figure. terraform-provider-alicloud records budgets and
poll intervals rather than measured durations, so each real figure is a few of its poll intervals and well
inside its timeout (alicloud/resource_alicloud_*.go at the time of writing):

* resource group ``Creating`` / ``PendingDelete``: terraform waits for ``OK`` with an 11 min budget, polling
  every 10 s (resource_manager_resource_group.go); here 30 s real, 0.5 s scaled.
* ECR busy (``Conflict.Lock``): terraform retries ``Conflict.Lock`` 3-5 s apart for a 5 min budget
  (express_connect_router_grant_association.go and the others); driven by the same consistency delay.
* ECR association and VBR child ``CREATING`` / ``DELETING`` (``transition_delay_ms``): terraform waits for
  ``ACTIVE`` or disappearance with a 5 min budget, polling every 5 s (express_connect_router_vpc_association.go,
  _vbr_child_instance.go); here 15 s real (three of its polls), 0.5 s scaled.
* lingering dependents (``linger_delay_ms``): terraform retries DeleteRole on ``DeleteConflict.Role.Policy``,
  DeleteGroup on ``DeleteConflict.Group.*`` and DeletePolicy on ``DeleteConflict.Policy.User`` / ``.Group`` /
  ``.Version`` for the delete timeout, 3-5 s apart (incrementalWait, resource_alicloud_ram_role.go,
  _ram_group.go, _ram_policy.go); here 8 s real (two of its retries), 0.3 s scaled.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

from alicloud_gov.emulator.faults import FaultConfig

REAL_DURATIONS_ENV = "ALICLOUD_GOV_EMULATOR_REAL_DURATIONS"
"""Environment switch for the test fixtures and scripts: ``1`` (or ``true``) selects real-cloud durations."""

PROFILE_ENV = "ALICLOUD_GOV_EMULATOR_PROFILE"
"""Environment switch naming the profile the e2e fixtures and scripts start the emulator with (``none``: off)."""

REALISTIC: Mapping[str, tuple[int, int]] = {
    # FaultConfig field: (scaled ms, real-cloud ms); sources in the module docstring.
    "consistency_delay_ms": (500, 30_000),
    "transition_delay_ms": (500, 15_000),
    "linger_delay_ms": (300, 8_000),
}
"""The ``realistic`` profile: each FaultConfig timing field it sets, scaled and at real-cloud durations."""

PROFILES: Mapping[str, Mapping[str, tuple[int, int]]] = {"realistic": REALISTIC}
"""Every named profile."""


def profile_config(name: str, *, real_durations: bool = False, base: FaultConfig | None = None) -> FaultConfig:
    """The FaultConfig of profile ``name`` over ``base`` (other faults, e.g. throttling, are kept)."""
    try:
        knobs = PROFILES[name]
    except KeyError:
        raise ValueError(f"emulator profile: unknown profile {name!r}; known: {', '.join(sorted(PROFILES))}") from None
    known = {item.name for item in fields(FaultConfig)}
    missing = sorted(set(knobs) - known)
    if missing:
        raise ValueError(f"emulator profile {name!r} names fault settings the emulator lacks: {', '.join(missing)}")
    values: dict[str, Any] = {field: real if real_durations else scaled for field, (scaled, real) in knobs.items()}
    return replace(base or FaultConfig(), **values)


def real_durations_from_env(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment asks for real-cloud durations (:data:`REAL_DURATIONS_ENV`)."""
    value = (os.environ if environ is None else environ).get(REAL_DURATIONS_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def profile_from_env(default: str | None, environ: Mapping[str, str] | None = None) -> FaultConfig | None:
    """The FaultConfig the environment selects (:data:`PROFILE_ENV`, else ``default``); None for no profile."""
    env = os.environ if environ is None else environ
    name = env.get(PROFILE_ENV, default or "none").strip() or "none"
    if name == "none":
        return None
    return profile_config(name, real_durations=real_durations_from_env(env))
