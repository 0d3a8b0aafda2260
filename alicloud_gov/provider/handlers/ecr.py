"""Express Connect Router cross-account links: the instance owner's grant and the ECR owner's association."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from alicloud_gov.cloud import consistency, errors
from alicloud_gov.cloud.retry import RETRY_LOGGER
from alicloud_gov.provider.handlers.base import Handler, ReadResult, Session, made_elsewhere
from alicloud_gov.spec.schema import ECR_ASSOCIATION, ECR_GRANT

_KEYS = ("ecrId", "instanceType", "instanceRegionId", "instanceId")

T = TypeVar("T")
log = logging.getLogger(RETRY_LOGGER)

FIRST_RETRY_WAIT = 3.0
NEXT_RETRY_WAIT = 5.0
"""Pauses between attempts of a locked change: terraform's ``incrementalWait(3*time.Second, 5*time.Second)``
(3 s before the second attempt, then 5 s), alicloud/common.go."""

LOCKED = frozenset({"Conflict.Lock"})
"""Codes of an ECR busy with another change, retried for the whole operation (terraform's ECR resources)."""

ROUTES_SETTLING = "OperationDenied.VbrHasRouteEntryInMiddleStatus"
"""A VBR whose route entries are still changing; terraform retries its detach on this code too."""

NOT_GRANTED = "Forbidden.InstanceNotGranted"
"""An association of another account's instance without that account's (effective) grant."""

ACTIVE = "ACTIVE"
"""The state terraform waits for after an association or attach; CREATING, ASSOCIATING and UPDATING precede it,
DISSOCIATING and DELETING precede disappearance (resource_alicloud_express_connect_router_*.go)."""


def _transient(err: errors.CloudError, codes: frozenset[str]) -> bool:
    """Whether the operation may succeed later: a listed code, throttling, a server error or a dropped answer."""
    if err.code in codes or isinstance(err, (errors.Throttled, errors.ServerError)):
        return True
    return isinstance(err, errors.CloudConnectionError) and not isinstance(err, errors.EndpointUnreachable)


def persist(
    what: str,
    send: Callable[[], T],
    *,
    codes: frozenset[str] = LOCKED,
    also: Callable[[errors.CloudError], bool] | None = None,
    timeout: float,
    first_wait: float = FIRST_RETRY_WAIT,
    next_wait: float = NEXT_RETRY_WAIT,
) -> T:
    """Call ``send`` until it succeeds, retrying ``codes`` (and transient failures) for ``timeout`` seconds.

    ``send`` makes one call (itself retried by the cloud layer); a failure it gives up on that is still
    transient (or that ``also`` accepts) gets another try after ``first_wait``, then every ``next_wait``
    seconds. The last failure propagates when the time is up; any other failure at once. Callers pass one
    ClientToken to all tries.
    """
    failures: list[errors.CloudError] = []

    def attempt() -> tuple[T] | None:
        try:
            return (send(),)
        except errors.CloudError as err:
            if not (_transient(err, codes) or (also is not None and also(err))):
                raise
            failures[:] = [err]
            log.warning("%s: %s; trying again", what, err)
            return None

    try:
        done = consistency.wait_until(
            attempt,
            lambda result: result is not None,
            timeout=timeout,
            what=what,
            initial_delay=first_wait,
            max_delay=next_wait,
            retry_on=(),
        )
    except errors.ConsistencyTimeout:
        if failures:
            raise failures[-1] from None
        raise
    assert done is not None
    return done[0]


def _bound(session: Session, handler: Handler, operation: str) -> float:
    """Seconds ``operation`` of an ECR link may keep retrying and waiting: what is left of the operation's deadline
    (``customTimeouts``, set by the provider), else the type's default (``ResourceSpec.timeouts``)."""
    operation_deadline = session.deadline
    if operation_deadline is not None:
        return operation_deadline.remaining()
    return handler.spec.timeouts.of(operation)


def _token() -> str:
    """One ClientToken for every try of one operation, so the service applies it once."""
    return str(uuid.uuid4())


def _list(body: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = body.get(key)
    if isinstance(value, dict):  # tolerate an XML-shaped wrapper
        value = next(iter(value.values()), [])
    return [item for item in value or [] if isinstance(item, dict)]


class EcrGrantHandler(Handler):
    """Grants a VPC or VBR to another account's ECR (id: ``<ecr>:<owner uid>:<type>:<region>:<instance>``)."""

    spec = ECR_GRANT

    @staticmethod
    def _id(inputs: dict[str, Any]) -> str:
        return ":".join(
            (
                inputs["ecrId"],
                inputs["ecrOwnerUid"],
                inputs["instanceType"],
                inputs["instanceRegionId"],
                inputs["instanceId"],
            )
        )

    @staticmethod
    def _params(inputs: dict[str, Any]) -> dict[str, Any]:
        return {
            "EcrId": inputs["ecrId"],
            "EcrOwnerAliUid": inputs["ecrOwnerUid"],
            "InstanceId": inputs["instanceId"],
            "InstanceRegionId": inputs["instanceRegionId"],
            "InstanceType": inputs["instanceType"].upper(),
        }

    def _target(self, name: str, resource_id: str, state: dict[str, Any] | None) -> dict[str, Any]:
        if state and state.get("ecrId"):
            return {key: state[key] for key in ("ecrId", "ecrOwnerUid", *_KEYS[1:])}
        ecr_id, owner, instance_type, region, instance_id = self.parse_id(name, resource_id, 5)
        return {
            "ecrId": ecr_id,
            "ecrOwnerUid": owner,
            "instanceType": instance_type.upper(),
            "instanceRegionId": region,
            "instanceId": instance_id,
        }

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        # A grant has nothing of its own to tell who made it: adopted only after our own retry (the ClientToken
        # makes the service answer a retry as the first attempt; AlreadyExists on a first attempt is not ours).
        params = {**self._params(inputs), "ClientToken": _token()}
        try:
            persist(
                f"{self.label(name)}: granting {inputs['instanceId']}",
                lambda: session.cloud.ecr.create(
                    "GrantInstanceToExpressConnectRouter", params, read=lambda: self._find(session, inputs)
                ),
                timeout=_bound(session, self, "create"),
            )
        except errors.AlreadyExists as err:
            raise self.failure(name, made_elsewhere(self.spec.token, name, self._id(inputs)), err) from err
        except errors.NotFound as err:
            raise self.failure(name, f"{inputs['instanceType']} {inputs['instanceId']} does not exist", err) from err
        found = self._find(session, inputs)
        return self._id(inputs), self._outputs(session, found)

    def _outputs(self, session: Session, grant: dict[str, Any] | None) -> dict[str, Any]:
        return {"status": (grant or {}).get("Status") or "Granted", "instanceOwnerUid": session.account_id}

    def _find(self, session: Session, target: dict[str, Any]) -> dict[str, Any] | None:
        params = {
            "EcrId": target["ecrId"],
            "InstanceId": target["instanceId"],
            "InstanceRegionId": target["instanceRegionId"],
            "InstanceType": target["instanceType"].upper(),
            # OTHER: the instance owner's view of its grants to another account's ECR, the way terraform's
            # alicloud_express_connect_router_grant_association reads it (service_alicloud_express_connect_router_v2.go)
            "CallerType": "OTHER",
        }
        try:
            body = session.cloud.ecr.call("DescribeInstanceGrantedToExpressConnectRouter", params)
        except errors.NotFound:
            return None
        for grant in _list(body, "EcrGrantedInstanceList"):
            same_instance = str(grant.get("NodeId", target["instanceId"])) == target["instanceId"]
            same_owner = str(grant.get("EcrOwnerAliUid", target["ecrOwnerUid"])) == str(target["ecrOwnerUid"])
            if same_instance and same_owner and str(grant.get("EcrId", target["ecrId"])) == target["ecrId"]:
                return grant
        return None

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        target = self._target(name, resource_id, state)
        grant = self._find(session, target)
        if grant is None:
            return None
        return target, self._outputs(session, grant)

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        target = self._target(name, resource_id, state)
        params = {**self._params(target), "ClientToken": _token()}
        try:
            persist(
                f"{self.label(name)}: revoking {target['instanceId']}",
                lambda: session.cloud.ecr.delete("RevokeInstanceFromExpressConnectRouter", params),
                timeout=_bound(session, self, "delete"),
            )
        except errors.NotFound:
            return
        except errors.Conflict as err:
            raise self.failure(
                name,
                "cannot revoke the grant while the ECR owner still has the instance associated; delete the "
                "EcrAssociation first",
                err,
            ) from err


class EcrAssociationHandler(Handler):
    """Associates a granted VPC or VBR with the caller's ECR (id: ``<ecr>:<type>:<region>:<instance>``)."""

    spec = ECR_ASSOCIATION

    @staticmethod
    def _id(inputs: dict[str, Any]) -> str:
        return ":".join(str(inputs[key]) for key in _KEYS)

    def _target(self, name: str, resource_id: str, state: dict[str, Any] | None) -> dict[str, Any]:
        if state and state.get("ecrId"):
            return {key: state[key] for key in (*_KEYS, "instanceOwnerUid") if state.get(key) is not None}
        ecr_id, instance_type, region, instance_id = self.parse_id(name, resource_id, 4)
        return {
            "ecrId": ecr_id,
            "instanceType": instance_type.upper(),
            "instanceRegionId": region,
            "instanceId": instance_id,
        }

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if inputs["instanceType"].upper() == "VPC":
            action = "CreateExpressConnectRouterAssociation"
            params = {
                "EcrId": inputs["ecrId"],
                "AssociationRegionId": inputs["instanceRegionId"],
                "VpcId": inputs["instanceId"],
                "VpcOwnerId": inputs["instanceOwnerUid"],
            }
        else:
            action = "AttachExpressConnectRouterChildInstance"
            params = {
                "EcrId": inputs["ecrId"],
                "ChildInstanceId": inputs["instanceId"],
                "ChildInstanceRegionId": inputs["instanceRegionId"],
                "ChildInstanceType": "VBR",
                "ChildInstanceOwnerId": inputs["instanceOwnerUid"],
            }
        params["ClientToken"] = _token()

        def not_effective_yet(err: errors.CloudError) -> bool:
            # A grant the owner made that the association does not honour yet: wait for it to take effect.
            return err.code == NOT_GRANTED and self._granted(session, inputs)

        try:
            body = persist(
                f"{self.label(name)}: associating {inputs['instanceId']}",
                lambda: session.cloud.ecr.create(action, params),
                also=not_effective_yet,
                timeout=_bound(session, self, "create"),
            )
        except (errors.AccessDenied, errors.InvalidInput, errors.NotFound) as err:
            raise self.failure(
                name,
                f"could not associate {inputs['instanceType']} {inputs['instanceId']} of account "
                f"{inputs['instanceOwnerUid']} with {inputs['ecrId']}: has the instance owner granted it to this "
                "ECR (an EcrGrant declared with the owner's provider)?",
                err,
            ) from err
        try:
            found = consistency.wait_until(
                lambda: self._find(session, inputs),
                lambda item: item is not None and item.get("Status") == ACTIVE,
                timeout=_bound(session, self, "create"),
                what=f"{self.label(name)}: {inputs['instanceId']} to be {ACTIVE}",
            )
        except errors.ConsistencyTimeout as err:
            raise self.failure(name, f"{inputs['instanceId']} did not become {ACTIVE}", err) from err
        assert found is not None
        found.setdefault("AssociationId", body.get("AssociationId"))
        return self._id(inputs), self._outputs(found, inputs)

    @staticmethod
    def _granted(session: Session, inputs: dict[str, Any]) -> bool:
        """Whether the instance owner's grant to this ECR is listed (the ECR owner's view, CallerType SELF)."""
        params = {
            "EcrId": inputs["ecrId"],
            "InstanceId": inputs["instanceId"],
            "InstanceType": inputs["instanceType"].upper(),
            "CallerType": "SELF",
        }
        body = session.cloud.ecr.call("DescribeInstanceGrantedToExpressConnectRouter", params)
        return any(
            str(grant.get("NodeId")) == inputs["instanceId"]
            and str(grant.get("NodeOwnerUid", inputs["instanceOwnerUid"])) == str(inputs["instanceOwnerUid"])
            for grant in _list(body, "EcrGrantedInstanceList")
        )

    @staticmethod
    def _outputs(found: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
        return {
            "associationId": str(found.get("AssociationId") or inputs["instanceId"]),
            "status": found.get("Status") or "ACTIVE",
        }

    def _find(self, session: Session, target: dict[str, Any]) -> dict[str, Any] | None:
        try:
            if target["instanceType"].upper() == "VPC":
                body = session.cloud.ecr.call(
                    "DescribeExpressConnectRouterAssociation", {"EcrId": target["ecrId"], "VpcId": target["instanceId"]}
                )
                items = _list(body, "AssociationList")
                matches = [item for item in items if str(item.get("VpcId")) == target["instanceId"]]
            else:
                body = session.cloud.ecr.call(
                    "DescribeExpressConnectRouterChildInstance",
                    {"EcrId": target["ecrId"], "ChildInstanceId": target["instanceId"]},
                )
                items = _list(body, "ChildInstanceList")
                matches = [item for item in items if str(item.get("ChildInstanceId")) == target["instanceId"]]
        except errors.NotFound:
            return None
        return matches[0] if matches else None

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        target = self._target(name, resource_id, state)
        found = self._find(session, target)
        if found is None:
            return None
        owner = found.get("VpcOwnerId") or found.get("ChildInstanceOwnerId") or target.get("instanceOwnerUid")
        inputs = {**target, "instanceOwnerUid": str(owner) if owner is not None else None}
        return inputs, self._outputs(found, target)

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        target = self._target(name, resource_id, state)
        if target["instanceType"].upper() == "VPC":
            association_id = state.get("associationId")
            if not association_id:
                found = self._find(session, target)
                if found is None:
                    return
                association_id = found.get("AssociationId")
            action = "DeleteExpressConnectRouterAssociation"
            params = {"EcrId": target["ecrId"], "AssociationId": association_id}
            codes = LOCKED
        else:
            action = "DetachExpressConnectRouterChildInstance"
            params = {"EcrId": target["ecrId"], "ChildInstanceId": target["instanceId"], "ChildInstanceType": "VBR"}
            codes = LOCKED | {ROUTES_SETTLING}
        params["ClientToken"] = _token()
        with contextlib.suppress(errors.NotFound):  # already gone
            persist(
                f"{self.label(name)}: removing {target['instanceId']}",
                lambda: session.cloud.ecr.delete(action, params),
                codes=codes,
                timeout=_bound(session, self, "delete"),
            )
        try:
            consistency.wait_until(
                lambda: self._find(session, target),
                lambda item: item is None,
                timeout=_bound(session, self, "delete"),
                what=f"{self.label(name)}: {target['instanceId']} to be gone",
            )
        except errors.ConsistencyTimeout as err:
            raise self.failure(name, f"{target['instanceId']} is still associated with {target['ecrId']}", err) from err
