"""What every resource handler shares: the cloud session, the handler interface, error wording."""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from alicloud_gov.cloud import Cloud, deadline, errors
from alicloud_gov.cloud.retry import RETRY_LOGGER
from alicloud_gov.plan import diff_properties, resource_schema
from alicloud_gov.spec.inputs import prepare_inputs
from alicloud_gov.spec.legacy_ids import legacy_id_hint
from alicloud_gov.spec.principals import rm_principal_name
from alicloud_gov.spec.schema import ResourceSpec

retry_log = logging.getLogger(RETRY_LOGGER)


class ResourceFailure(Exception):
    """A failed operation on one resource, with a message naming the resource and what to do."""


class PartialCreate(ResourceFailure):
    """A resource that exists in the cloud but did not get ready: its create succeeded and a later step (a wait
    for its ready state, a follow-up call) failed. ``resource_id`` and ``outputs`` are what exists; the provider
    reports them as a create that failed to initialise, so the state keeps the resource and the next ``up``
    resumes it with an update instead of creating it again."""

    def __init__(self, message: str, resource_id: str, outputs: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.resource_id = resource_id
        self.outputs = dict(outputs)


class Session:
    """The cloud client of one provider instance plus facts about its account, looked up once."""

    def __init__(self, cloud: Cloud) -> None:
        self.cloud = cloud
        self._lock = threading.Lock()
        self._account_id: str | None = None
        self._alias: str | None = None

    @property
    def account_id(self) -> str:
        """The UID of the account the credentials belong to (STS GetCallerIdentity)."""
        with self._lock:
            if self._account_id is None:
                body = self.cloud.sts.call("GetCallerIdentity", {})
                self._account_id = str(body.get("AccountId") or "")
            return self._account_id

    @property
    def alias(self) -> str:
        """The account alias used in principal names; the UID when the account has none."""
        account_id = self.account_id
        with self._lock:
            if self._alias is None:
                try:
                    body = self.cloud.ram.call("GetAccountAlias", {})
                    self._alias = str(body.get("AccountAlias") or account_id)
                except (errors.NotFound, errors.InvalidInput, errors.AccessDenied):
                    self._alias = account_id  # <uid>.onaliyun.com is every account's default domain
            return self._alias

    @property
    def deadline(self) -> deadline.Deadline | None:
        """The deadline of the operation running in this context (its ``customTimeouts``), if any."""
        return deadline.current()

    def principal_name(self, principal_type: str, name: str) -> str:
        """The full principal name ResourceManager uses: ``alice@acme.onaliyun.com`` and the like."""
        return rm_principal_name(principal_type, name, self.alias)


RELEASE_FIRST_PAUSE = 0.5
"""Seconds before the first retry of a delete that met a dependent still going away (:func:`until_released`)."""
RELEASE_MAX_PAUSE = 5.0
"""The longest pause between those retries (terraform-provider-alicloud's ``incrementalWait(3s, 5s)`` pauses 3 s,
then 5 s)."""

_T = TypeVar("_T")


def until_released(session: Session, codes: frozenset[str], delete: Callable[[], _T]) -> _T:
    """``delete()``, tried again while it fails with one of the ``DeleteConflict`` ``codes``, until the operation's
    deadline (its ``customTimeouts.delete``); the last conflict then propagates.

    Right after its dependents were removed, RAM and ResourceManager may still report them for a moment (eventual
    consistency), which terraform-provider-alicloud retries for the whole delete timeout. Pauses grow from
    :data:`RELEASE_FIRST_PAUSE` to :data:`RELEASE_MAX_PAUSE`. Outside an operation (no deadline) one try is made.
    """
    pause = RELEASE_FIRST_PAUSE
    while True:
        try:
            return delete()
        except errors.Conflict as err:
            operation = session.deadline
            if err.code not in codes or operation is None or not operation.allows(pause):
                raise
            retry_log.warning(
                "%s: %s; a dependent may still be going away, retrying in %.1f s", err.api, err.code, pause
            )
            time.sleep(pause)
            pause = min(RELEASE_MAX_PAUSE, pause * 2)


def or_none(read: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any] | None]:
    """A read that answers None instead of raising NotFound (for safe creates)."""

    def attempt() -> dict[str, Any] | None:
        try:
            return read()
        except errors.NotFound:
            return None

    return attempt


def made_elsewhere(token: str, name: str, resource_id: str) -> str:
    """Why a natural-key create that met an existing grant fails: nothing shows it is ours, so it is not adopted
    (our destroy would revoke it); ``pulumi import`` with the exact id adopts it knowingly."""
    return (
        f"{resource_id} already exists and was not made by this deployment, so it is not adopted (destroying "
        f"this resource would remove it); adopt it with `pulumi import {token} {name} {resource_id}`, or remove "
        "this resource from the program"
    )


ReadResult = tuple[dict[str, Any], dict[str, Any]]
"""(inputs as the cloud has them, outputs)."""


class Handler(ABC):
    """Create, read, update and delete of one resource type.

    ``name`` arguments are the Pulumi logical names, used in messages only. ``inputs`` are
    checked inputs (plain values); ``state`` is the stored state (inputs and outputs).
    """

    spec: ResourceSpec

    def prepare(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """Complete checked inputs (defaults, helper properties); runs offline at preview (spec's one rule)."""
        return prepare_inputs(self.spec, inputs)

    @abstractmethod
    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Create the resource; return its id and outputs."""

    @abstractmethod
    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        """Read the resource (``state`` is None on import); None when it no longer exists."""

    def canonical_id(self, session: Session, resource_id: str, inputs: dict[str, Any]) -> str:
        """The id a read answers for the resource read as ``inputs``: the one spelling of it, whichever spelling
        was imported (resource types with a single spelling keep ``resource_id``)."""
        return resource_id

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        """Apply the in-place changes from ``state`` to ``news``; return the new outputs.

        Resource types whose every input replaces them keep this default: the engine never asks them to update.
        """
        raise ResourceFailure(f"{self.label(name)} cannot be updated in place: every change replaces it")

    @abstractmethod
    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        """Delete the resource; a resource already gone is not an error."""

    def own_attempt(self, session: Session, name: str, resource_id: str, inputs: dict[str, Any]) -> bool:
        """Whether the live entity ``resource_id``, met by a create of ``inputs``, is this resource's own attempt.

        Pulumi v3.274 keeps a killed run's in-flight creates as pending CREATE operations in the state (its
        snapshot manager carries them over on every later update, and only ``pulumi refresh``, interactively or
        with ``--clear-pending-creates`` / ``--import-pending-creates``, resolves them); the next non-interactive
        ``up`` prints a warning naming them and simply creates those resources again. So a create that meets an
        entity of its name decides here whether that entity is its own interrupted attempt: it is when the entity,
        read back the way refresh reads it, has no diff against ``inputs`` under the provider's own comparison
        (:func:`alicloud_gov.plan.diff_properties`: case-insensitive names, normalised documents, defaults). Any
        difference means someone else's entity, which is refused with a pointer to ``pulumi import``. An entity
        made outside Pulumi with the same name and identical settings cannot be told apart and is adopted, as
        ``pulumi import`` would have done.
        """
        result = self.read(session, name, resource_id, inputs)
        if result is None:
            return False
        live, _outputs = result
        return not diff_properties(resource_schema(self.spec), live, inputs).has_changes

    # Shared helpers -------------------------------------------------------------------------

    def label(self, name: str) -> str:
        """``RamUser 'alice'``: how messages name a resource."""
        return f"{self.spec.type_name} '{name}'"

    def failure(self, name: str, message: str, cause: Exception | None = None) -> ResourceFailure:
        """A failure naming the resource; the cloud error's code and request id are kept."""
        detail = f" ({cause})" if cause is not None else ""
        return ResourceFailure(f"{self.label(name)}: {message}{detail}")

    def partial(
        self, name: str, resource_id: str, outputs: Mapping[str, Any], message: str, cause: Exception | None = None
    ) -> PartialCreate:
        """A :class:`PartialCreate` naming the resource and its id: created as ``resource_id``, then ``message``."""
        detail = f" ({cause})" if cause is not None else ""
        return PartialCreate(
            f"{self.label(name)}: created as {resource_id}, but {message}{detail}; it is kept in the stack, and the "
            "next `pulumi up` resumes it",
            resource_id,
            outputs,
        )

    def parse_id(self, name: str, resource_id: str, parts: int) -> list[str]:
        """Split a composite id into ``parts`` fields (the last may contain ':'), or fail naming the format (and,
        for an id in pulumi-alicloud's / terraform's format, the id here and ``alicloud-gov migrate``)."""
        hint = legacy_id_hint(self.spec.type_name, resource_id, self.spec.id_format)
        if hint is not None:
            raise self.failure(name, hint)
        fields = resource_id.split(":", parts - 1)
        if len(fields) != parts or not all(fields):
            raise self.failure(name, f"id {resource_id!r} does not match the format {self.spec.id_format}")
        return fields


def changed(state: Mapping[str, Any], news: Mapping[str, Any], key: str) -> bool:
    """True when ``key`` differs between stored state and new inputs (absent and empty are equal)."""
    return (state.get(key) or None) != (news.get(key) or None)


def pick(source: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    """API parameters from inputs: ``{"UserName": "name", ...}`` keeps only values that are set."""
    return {param: source[key] for param, key in mapping.items() if source.get(key) not in (None, "")}


def keep_representation(state: Mapping[str, Any] | None, key: str, cloud_value: Any, same: bool) -> Any:
    """The stored value when the cloud's value means the same (no noise in refresh), else the cloud's."""
    if state is not None and same and state.get(key) is not None:
        return state[key]
    return cloud_value
