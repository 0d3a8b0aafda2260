"""ExpressConnectRouter's state and rules: ECRs, cross-account grants, VPC associations, VBR children.

Store kinds: ``ecr`` (key ECR id, in the owner's account), ``ecr_grant`` (kept in the account that owns the
granted VPC or VBR, key ``<ecr id>|<instance id>``), ``ecr_association`` (key association id, in the ECR
owner's account) and ``ecr_child_instance`` (key ``<ecr id>|<vbr id>``, in the ECR owner's account).

Changes to one ECR are serialised: with the consistency fault on, a change keeps the ECR busy (Status
ASSOCIATING / DISSOCIATING / UPDATING / DELETING) for the consistency delay and a second change in that
window fails with Conflict.Lock (409).

With the transition fault on (``FaultConfig.transition_delay_ms``), an association or attached VBR reads
``CREATING`` for that long (emulator clock) before ``ACTIVE``, and once removed reads ``DELETING`` for that long
before it disappears, the states terraform-provider-alicloud waits through
(resource_alicloud_express_connect_router_vpc_association.go, _vbr_child_instance.go). Off, both are immediate.
"""

from __future__ import annotations

import time
from typing import Any

from alicloud_gov.emulator.registry import iso_now
from alicloud_gov.emulator.services.ecr.errors import EcrErrors as Errors
from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.store import Store, StoreView

KIND_ECR = "ecr"
KIND_ECR_GRANT = "ecr_grant"
KIND_ECR_ASSOCIATION = "ecr_association"
KIND_ECR_CHILD = "ecr_child_instance"

SERVICE = "expressconnect"
RESOURCE_TYPE = "expressconnectrouter"
DEFAULT_ASN = 45104
MAX_TAGS = 20


def ecr_arn(account: str, ecr_id: str) -> str:
    """The ARN of an ECR (ECRs are global: the region part is empty)."""
    return f"acs:expressconnectrouter::{account}:expressconnectrouter/{ecr_id}"


def grant_key(ecr_id: str, instance_id: str) -> str:
    """Store key of a grant within the instance owner's account."""
    return f"{ecr_id}|{instance_id}"


def child_key(ecr_id: str, vbr_id: str) -> str:
    """Store key of an attached VBR within the ECR owner's account."""
    return f"{ecr_id}|{vbr_id}"


def check_asn(asn: int) -> int:
    """An allowed AlibabaSideAsn: 45104, 64512-65534 except 65025, or 4200000000-4294967294."""
    valid = asn == DEFAULT_ASN or (64512 <= asn <= 65534 and asn != 65025) or 4200000000 <= asn <= 4294967294
    if not valid:
        raise Errors.ASN(asn=asn)
    return asn


def check_text(name: str, value: str, max_length: int) -> str:
    """A Name or Description: at most ``max_length`` characters, not starting with http:// or https://."""
    if len(value) > max_length or value.startswith(("http://", "https://")):
        raise Errors.TEXT(name=name, max_length=max_length)
    return value


def _millis() -> int:
    return int(time.time() * 1000)


def _raw(store: Store | StoreView) -> Store:
    return store.store if isinstance(store, StoreView) else store


_TRANSITION_FIELDS = ("ReadyAt", "GoneAt")


def settle(store: Store | StoreView) -> None:
    """Forget the associations and attached VBRs whose DELETING has run its course."""
    raw = _raw(store)
    now = raw.clock.now()
    for kind in (KIND_ECR_ASSOCIATION, KIND_ECR_CHILD):
        for entity in raw.list_entities(None, kind):
            if "GoneAt" in entity.data and float(entity.data["GoneAt"]) <= now:
                raw.delete(entity.account, kind, entity.key)


def link_view(store: Store | StoreView, link: dict[str, Any]) -> dict[str, Any]:
    """An association or attached VBR as Describe shows it: CREATING or DELETING while it is changing."""
    view = {field: value for field, value in link.items() if field not in _TRANSITION_FIELDS}
    if "GoneAt" in link:
        view["Status"] = "DELETING"
    elif float(link.get("ReadyAt", 0.0)) > _raw(store).clock.now():
        view["Status"] = "CREATING"
    return view


class EcrBackend:
    """One account's ECRs and what they are joined to, plus the grants of the account's own instances."""

    def __init__(self, store: Store | StoreView, account: str) -> None:
        self.store = store
        self.raw = store.store if isinstance(store, StoreView) else store
        self.account = account
        settle(store)

    def _arriving(self) -> dict[str, float]:
        """The transition field of a new association or child (none when transitions are off)."""
        delay = self.raw.transition_delay
        return {"ReadyAt": self.raw.clock.now() + delay} if delay > 0 else {}

    def _remove(self, kind: str, key: str) -> None:
        """Remove an association or child: at once, or after DELETING when transitions are on."""
        delay = self.raw.transition_delay
        link = self.store.get(self.account, kind, key)
        if delay <= 0 or link is None:
            self.store.delete(self.account, kind, key)
        elif "GoneAt" not in link:
            self.store.put(self.account, kind, key, {**link, "GoneAt": self.raw.clock.now() + delay})

    # -- routers --------------------------------------------------------------------------------------------------

    def ecr(self, ecr_id: str) -> dict[str, Any] | None:
        """The account's ECR, or None."""
        return self.store.get(self.account, KIND_ECR, ecr_id)

    def own_ecr(self, ecr_id: str) -> dict[str, Any]:
        """The account's ECR; ResourceNotFound.EcrId (404) otherwise."""
        ecr = self.ecr(ecr_id)
        if ecr is None:
            raise Errors.ECR_NOT_FOUND(ecr_id=ecr_id)
        return ecr

    def owner_of(self, ecr_id: str) -> str | None:
        """The account that owns an ECR, in any account, or None."""
        entity = self.store.find(KIND_ECR, ecr_id)
        return entity.account if entity else None

    def ecrs(self) -> list[dict[str, Any]]:
        """The account's ECRs, oldest first."""
        return self.store.list(self.account, KIND_ECR)

    def create_ecr(
        self,
        *,
        asn: int,
        name: str,
        description: str,
        tags: list[dict[str, str]],
        region: str,
        resource_group_id: str | None,
    ) -> str:
        """Create an ECR (Status ACTIVE) placed in the group (the default one when None); returns its id."""
        ecr_id = self.store.random_id("ecr-", 18)
        ResourceManagerBackend(self.store, self.account).place_resource(
            arn=ecr_arn(self.account, ecr_id),
            service=SERVICE,
            resource_type=RESOURCE_TYPE,
            resource_id=ecr_id,
            region=region,
            resource_group_id=resource_group_id,
        )
        now = iso_now()
        self.store.put(
            self.account,
            KIND_ECR,
            ecr_id,
            {
                "EcrId": ecr_id,
                "Name": name,
                "Description": description,
                "AlibabaSideAsn": asn,
                "OwnerId": int(self.account),
                "Status": "ACTIVE",
                "BizStatus": "Normal",
                "GmtCreate": now,
                "GmtModified": now,
                "Tags": [{"TagKey": tag.get("Key", ""), "TagValue": tag.get("Value", "")} for tag in tags],
            },
        )
        return ecr_id

    def view(self, ecr: dict[str, Any]) -> dict[str, Any]:
        """An ECR as Describe shows it: busy status while a change runs, and its resource group."""
        group_id = ResourceManagerBackend(self.store, self.account).resource_group_of(
            ecr_arn(self.account, ecr["EcrId"])
        )
        view = {field: value for field, value in ecr.items() if field not in ("BusyUntil", "BusyStatus")}
        if float(ecr.get("BusyUntil", 0.0)) > self.raw.clock.now():
            view["Status"] = ecr["BusyStatus"]
        return {**view, "ResourceGroupId": group_id or ""}

    def occupy(self, ecr: dict[str, Any], busy_status: str) -> None:
        """Serialise changes to one ECR: Conflict.Lock while an earlier change is still in progress.

        A change keeps the ECR busy (Status ``busy_status``) for the store's consistency delay, so with the
        consistency fault on, back-to-back changes meet the Conflict.Lock that real callers must retry.
        """
        now = self.raw.clock.now()
        if float(ecr.get("BusyUntil", 0.0)) > now:
            raise Errors.LOCKED(ecr_id=ecr["EcrId"], busy=ecr["BusyStatus"])
        delay = self.raw.consistency_delay
        if delay > 0:
            self.store.put(
                self.account, KIND_ECR, ecr["EcrId"], {**ecr, "BusyUntil": now + delay, "BusyStatus": busy_status}
            )

    def modify_ecr(self, ecr_id: str, changes: dict[str, str]) -> None:
        """Apply Name/Description changes to an ECR (after :meth:`occupy`)."""
        ecr = dict(self.own_ecr(ecr_id))
        ecr.update(changes, GmtModified=iso_now())
        self.store.put(self.account, KIND_ECR, ecr["EcrId"], ecr)

    def check_deletable(self, ecr_id: str) -> None:
        """DependencyViolation.EcrAssociation while the ECR has associated VPCs or attached VBRs."""
        in_use = [item for item in self.store.list(self.account, KIND_ECR_ASSOCIATION) if item["EcrId"] == ecr_id]
        in_use += self.store.list(self.account, KIND_ECR_CHILD, key_prefix=f"{ecr_id}|")
        if in_use:
            raise Errors.ECR_IN_USE(ecr_id=ecr_id, count=len(in_use))

    def delete_ecr(self, ecr_id: str) -> None:
        """Forget an ECR and its placement (after :meth:`check_deletable` and :meth:`occupy`)."""
        ResourceManagerBackend(self.store, self.account).remove_placement(ecr_arn(self.account, ecr_id))
        self.store.delete(self.account, KIND_ECR, ecr_id)

    # -- grants (in the instance owner's account) -----------------------------------------------------------------

    def grant(self, ecr_id: str, instance_id: str) -> dict[str, Any] | None:
        """This account's grant of an instance to an ECR, or None (strongly consistent)."""
        return self.raw.get(self.account, KIND_ECR_GRANT, grant_key(ecr_id, instance_id))

    def create_grant(self, ecr_id: str, ecr_owner: str, instance_id: str, region: str, instance_type: str) -> None:
        """Grant one of this account's instances to another account's ECR; ResourceAlreadyExists.GrantRule."""
        now = iso_now()
        grant = {
            "GrantId": self.store.random_id("ecr-grant-", 18),
            "EcrId": ecr_id,
            "EcrOwnerAliUid": ecr_owner,
            "NodeId": instance_id,
            "NodeRegionId": region,
            "NodeType": instance_type,
            "NodeOwnerUid": int(self.account),
            "Status": "Granted",
            "GmtCreate": now,
            "GmtModified": now,
            "CreatedMillis": _millis(),
        }
        if not self.store.insert(self.account, KIND_ECR_GRANT, grant_key(ecr_id, instance_id), grant):
            raise Errors.GRANT_EXISTS(instance_type=instance_type, instance_id=instance_id, ecr_id=ecr_id)

    def revoke_grant(self, ecr_id: str, instance_id: str) -> None:
        """Withdraw a grant (after :meth:`check_revocable`)."""
        self.store.delete(self.account, KIND_ECR_GRANT, grant_key(ecr_id, instance_id))

    def check_revocable(self, ecr_id: str, ecr_owner: str, instance_id: str, instance_type: str) -> None:
        """Refuse to revoke a grant that does not exist or whose instance the ECR still uses."""
        grant = self.store.get(self.account, KIND_ECR_GRANT, grant_key(ecr_id, instance_id))
        if grant is None or grant["EcrOwnerAliUid"] != ecr_owner:
            raise Errors.GRANT_NOT_FOUND(
                instance_type=instance_type, instance_id=instance_id, ecr_id=ecr_id, owner=ecr_owner
            )
        if EcrBackend(self.store, ecr_owner).uses(ecr_id, instance_id):
            raise Errors.INSTANCE_IN_USE(instance_type=instance_type, instance_id=instance_id, ecr_id=ecr_id)

    def grants_made(self, ecr_id: str | None = None) -> list[dict[str, Any]]:
        """The grants this account made (to one ECR, or to any)."""
        return [grant for grant in self.store.list(self.account, KIND_ECR_GRANT) if ecr_id in (None, grant["EcrId"])]

    def grants_received(self, ecr_id: str) -> list[dict[str, Any]]:
        """The grants other accounts made to this account's ECR."""
        return [
            entity.data
            for entity in self.store.list_entities(None, KIND_ECR_GRANT)
            if entity.data["EcrId"] == ecr_id and entity.data["EcrOwnerAliUid"] == self.account
        ]

    def require_grant(self, ecr_id: str, owner: str, instance_id: str) -> None:
        """Forbidden.InstanceNotGranted (403) unless ``owner`` granted its instance to this account's ECR."""
        grant = EcrBackend(self.store, owner).grant(ecr_id, instance_id)
        if grant is None or grant["EcrOwnerAliUid"] != self.account:
            raise Errors.NOT_GRANTED(instance_id=instance_id, owner=owner, ecr_id=ecr_id)

    def forget_grants(self, instance_id: str) -> None:
        """Drop every grant of one of this account's instances (the instance is being deleted)."""
        for grant in self.store.list(self.account, KIND_ECR_GRANT):
            if grant["NodeId"] == instance_id:
                self.store.delete(self.account, KIND_ECR_GRANT, grant_key(grant["EcrId"], instance_id))

    # -- associations and children (in the ECR owner's account) ---------------------------------------------------

    def uses(self, ecr_id: str, instance_id: str) -> bool:
        """Whether this account's ECR has the instance associated (VPC) or attached (VBR)."""
        associations = self.raw.list(self.account, KIND_ECR_ASSOCIATION)
        if any(item["EcrId"] == ecr_id and item["VpcId"] == instance_id for item in associations):
            return True
        return self.raw.get(self.account, KIND_ECR_CHILD, child_key(ecr_id, instance_id)) is not None

    def associate(
        self,
        ecr: dict[str, Any],
        *,
        region: str,
        vpc_id: str,
        vpc_name: str,
        owner: str,
        description: str,
        allowed_prefixes: list[str],
        allowed_prefixes_mode: str,
    ) -> str:
        """Associate a VPC with this account's ECR (the grant already checked); returns the association id."""
        now = iso_now()
        association = {
            "AssociationId": self.store.random_id("ecr-assoc-", 18),
            "EcrId": ecr["EcrId"],
            "AssociationNodeType": "VPC",
            "RegionId": region,
            "VpcId": vpc_id,
            "VpcName": vpc_name,
            "VpcOwnerId": int(owner),
            "OwnerId": int(owner),
            "TransitRouterId": "",
            "TransitRouterName": "",
            "CenId": "",
            "Description": description,
            "AllowedPrefixes": allowed_prefixes,
            "AllowedPrefixesMode": allowed_prefixes_mode,
            "Status": "ACTIVE",
            "GmtCreate": now,
            "GmtModified": now,
            "Tags": [],
            **self._arriving(),
        }
        self.store.put(self.account, KIND_ECR_ASSOCIATION, association["AssociationId"], association)
        return str(association["AssociationId"])

    def check_not_associated(self, vpc_id: str) -> None:
        """ResourceAlreadyExists.Association when any ECR already has the VPC."""
        for existing in self.raw.list_entities(None, KIND_ECR_ASSOCIATION):
            if existing.data["VpcId"] == vpc_id:
                raise Errors.ASSOCIATION_EXISTS(vpc_id=vpc_id, ecr_id=existing.data["EcrId"])

    def associations(self, ecr_id: str) -> list[dict[str, Any]]:
        """The associations of this account's ECR."""
        return [item for item in self.store.list(self.account, KIND_ECR_ASSOCIATION) if item["EcrId"] == ecr_id]

    def association(self, ecr_id: str, association_id: str) -> dict[str, Any]:
        """One association of this account's ECR; ResourceNotFound.AssociationId (404) otherwise."""
        association = self.store.get(self.account, KIND_ECR_ASSOCIATION, association_id)
        if association is None or association["EcrId"] != ecr_id:
            raise Errors.ASSOCIATION_NOT_FOUND(association_id=association_id, ecr_id=ecr_id)
        return association

    def dissociate(self, association_id: str) -> None:
        """Remove an association (after :meth:`occupy`)."""
        self._remove(KIND_ECR_ASSOCIATION, association_id)

    def check_not_attached(self, vbr_id: str) -> None:
        """ResourceAlreadyExists.ChildInstance when any ECR already has the VBR."""
        for existing in self.raw.list_entities(None, KIND_ECR_CHILD):
            if existing.data["ChildInstanceId"] == vbr_id:
                raise Errors.CHILD_EXISTS(vbr_id=vbr_id, ecr_id=existing.data["EcrId"])

    def attach_child(
        self, ecr_id: str, *, vbr_id: str, vbr_name: str, region: str, owner: str, description: str
    ) -> None:
        """Attach a VBR to this account's ECR (the grant already checked)."""
        now = iso_now()
        child = {
            "EcrId": ecr_id,
            "EcrOwnerId": self.account,
            "AssociationId": "",
            "ChildInstanceId": vbr_id,
            "ChildInstanceName": vbr_name,
            "ChildInstanceType": "VBR",
            "ChildInstanceRegionId": region,
            "ChildInstanceOwnerId": int(owner),
            "OwnerId": int(owner),
            "RegionId": region,
            "Description": description,
            "Status": "ACTIVE",
            "GmtCreate": now,
            "GmtModified": now,
            **self._arriving(),
        }
        self.store.put(self.account, KIND_ECR_CHILD, child_key(ecr_id, vbr_id), child)

    def children(self, ecr_id: str) -> list[dict[str, Any]]:
        """The VBRs attached to this account's ECR."""
        return self.store.list(self.account, KIND_ECR_CHILD, key_prefix=f"{ecr_id}|")

    def require_child(self, ecr_id: str, vbr_id: str) -> None:
        """ResourceNotFound.ChildInstanceId (404) unless the VBR is attached to this account's ECR."""
        if not self.store.get(self.account, KIND_ECR_CHILD, child_key(ecr_id, vbr_id)):
            raise Errors.CHILD_NOT_FOUND(vbr_id=vbr_id, ecr_id=ecr_id)

    def detach_child(self, ecr_id: str, vbr_id: str) -> None:
        """Detach a VBR (after :meth:`occupy`)."""
        self._remove(KIND_ECR_CHILD, child_key(ecr_id, vbr_id))


def ecr_using(store: Store | StoreView, instance_id: str) -> str | None:
    """The id of the ECR, in any account, that has this VPC associated or this VBR attached, or None."""
    raw = _raw(store)
    settle(raw)
    for kind, field in ((KIND_ECR_ASSOCIATION, "VpcId"), (KIND_ECR_CHILD, "ChildInstanceId")):
        for entity in raw.list_entities(None, kind):
            if entity.data.get(field) == instance_id:
                return str(entity.data["EcrId"])
    return None


def child_of(store: Store | StoreView, vbr_id: str) -> dict[str, Any] | None:
    """The attachment record of a VBR to an ECR (any account), or None."""
    raw = _raw(store)
    settle(raw)
    return next(
        (
            entity.data
            for entity in raw.list_entities(None, KIND_ECR_CHILD)
            if entity.data.get("ChildInstanceId") == vbr_id
        ),
        None,
    )
