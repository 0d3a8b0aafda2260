"""ResourceManager resources: resource groups, and placing existing resources in them."""

from __future__ import annotations

from typing import Any

from alicloud_gov.cloud import errors, field_in
from alicloud_gov.provider.handlers.base import Handler, ReadResult, Session, changed, until_released
from alicloud_gov.spec.schema import RESOURCE_GROUP, RESOURCE_GROUP_MOVE

READY_TIMEOUT = RESOURCE_GROUP.timeouts.create
"""Seconds a new resource group may stay ``Creating`` before the create gives up: the type's create timeout
(terraform-provider-alicloud's 11 minutes, recorded on the spec), waiting for ``OK`` as terraform's state refresh
of service_alicloud_resourcemanager.go does."""


GROUP_DEPENDENTS = frozenset({"DeleteConflict.ResourceGroup.Resource"})
"""The DeleteConflict code terraform-provider-alicloud retries on DeleteResourceGroup for the delete timeout, as a
resource just moved out may still be counted (resource_alicloud_resource_manager_resource_group.go)."""


class ResourceGroupHandler(Handler):
    """Resource groups (id: the rg id). The display name updates in place; a new name replaces the group."""

    spec = RESOURCE_GROUP

    def _outputs(self, session: Session, group: dict[str, Any]) -> dict[str, Any]:
        return {
            "resourceGroupId": group.get("Id"),
            "status": group.get("Status"),
            "accountId": str(group.get("AccountId") or session.account_id),
        }

    def _get(self, session: Session, group_id: str) -> dict[str, Any] | None:
        try:
            body = session.cloud.resourcemanager.call("GetResourceGroup", {"ResourceGroupId": group_id})
        except errors.NotFound:
            return None
        group = body.get("ResourceGroup") or {}
        return None if group.get("Status") in ("PendingDelete", "Deleting") else group

    @staticmethod
    def find_by_name(session: Session, group_name: str) -> dict[str, Any] | None:
        """The live group called ``group_name``, shaped like GetResourceGroup's body, or None."""
        for group in session.cloud.resourcemanager.paginate(
            "ListResourceGroups", {"Name": group_name}, items="ResourceGroups.ResourceGroup"
        ):
            if group.get("Name") == group_name and group.get("Status") not in ("PendingDelete", "Deleting"):
                return {"ResourceGroup": group}
        return None

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params = {"Name": inputs["name"], "DisplayName": inputs.get("displayName") or inputs["name"]}
        try:
            body = session.cloud.resourcemanager.create(
                "CreateResourceGroup",
                params,
                read=lambda: self.find_by_name(session, inputs["name"]),
                matches=lambda found: self.own_attempt(
                    session, name, str((found.get("ResourceGroup") or {}).get("Id") or ""), inputs
                ),
            )
        except errors.AlreadyExists as err:
            raise self.failure(
                name,
                f"a resource group named {inputs['name']!r} already exists; adopt it with "
                f"`pulumi import {self.spec.token} {name} <rg id>` or choose another name",
                err,
            ) from err
        group = body.get("ResourceGroup") or {}
        group_id = str(group.get("Id") or "")
        if not group_id:
            raise self.failure(name, "CreateResourceGroup returned no resource group id")
        return group_id, self._outputs(session, self._ready(session, name, group_id, group))

    def _ready(self, session: Session, name: str, group_id: str, group: dict[str, Any]) -> dict[str, Any]:
        """The group once ``OK`` (waited for within :data:`READY_TIMEOUT`); a group still not ready then is a
        :class:`~alicloud_gov.provider.handlers.base.PartialCreate` carrying its id, so the stack keeps it."""
        if group.get("Status") == "OK":
            return group
        try:
            body = session.cloud.resourcemanager.wait_until(
                "GetResourceGroup",
                {"ResourceGroupId": group_id},
                field_in("ResourceGroup.Status", "OK"),
                timeout=READY_TIMEOUT,
            )
        except errors.CloudError as err:  # a timeout, or a read that failed: the group exists either way
            raise self.partial(name, group_id, self._outputs(session, group), "it did not become OK", err) from err
        return body.get("ResourceGroup") or group

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        group = self._get(session, resource_id)
        if group is None:
            return None
        inputs: dict[str, Any] = {"name": group.get("Name")}
        display = group.get("DisplayName")
        if display and (display != group.get("Name") or (state or {}).get("displayName")):
            inputs["displayName"] = display
        return inputs, self._outputs(session, group)

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        if changed(state, news, "displayName"):
            session.cloud.resourcemanager.call(
                "UpdateResourceGroup",
                {"ResourceGroupId": resource_id, "NewDisplayName": news.get("displayName") or news["name"]},
            )
        if state.get("status") != "OK":  # resuming a create whose wait for OK failed
            known = {"Id": resource_id, "Status": state.get("status"), "AccountId": state.get("accountId")}
            return self._outputs(session, self._ready(session, name, resource_id, known))
        group = self._get(session, resource_id)
        if group is None:
            raise self.failure(name, f"resource group {resource_id} disappeared during the update")
        return self._outputs(session, group)

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        try:
            until_released(
                session,
                GROUP_DEPENDENTS,
                lambda: session.cloud.resourcemanager.delete("DeleteResourceGroup", {"ResourceGroupId": resource_id}),
            )
        except errors.NotFound:
            return
        except errors.Conflict as err:
            raise self.failure(
                name,
                f"cannot delete resource group {resource_id}: it still holds resources or grants. Move the resources "
                "out (or delete the ResourceGroupMove and PolicyAttachment resources that use it) first",
                err,
            ) from err


class ResourceGroupMoveHandler(Handler):
    """Places an existing resource in a resource group (id: ``<service>:<region>:<type>:<resource id>``)."""

    spec = RESOURCE_GROUP_MOVE

    @staticmethod
    def _id(inputs: dict[str, Any]) -> str:
        return ":".join((inputs["service"], inputs["regionId"], inputs["resourceType"], inputs["resourceId"]))

    def _target(self, name: str, resource_id: str, state: dict[str, Any] | None) -> dict[str, Any]:
        if state and state.get("resourceId"):
            return {key: state[key] for key in ("service", "regionId", "resourceType", "resourceId")}
        service, region, resource_type, target_id = self.parse_id(name, resource_id, 4)
        return {"service": service, "regionId": region, "resourceType": resource_type, "resourceId": target_id}

    def _current_group(self, session: Session, target: dict[str, Any]) -> str | None:
        """The group the resource is in now, or None when the resource is unknown to ResourceManager."""
        params = {
            "ResourceId": target["resourceId"],
            "Service": target["service"],
            "ResourceType": target["resourceType"],
            "Region": target["regionId"],
        }
        try:
            resources = list(
                session.cloud.resourcemanager.paginate("ListResources", params, items="Resources.Resource")
            )
        except errors.NotFound:
            return None
        for resource in resources:
            if str(resource.get("ResourceId")) == target["resourceId"]:
                return str(resource.get("ResourceGroupId") or "") or None
        return None

    def _move(self, session: Session, name: str, target: dict[str, Any], group_id: str) -> None:
        params = {
            "ResourceGroupId": group_id,
            "Resources.1.ResourceId": target["resourceId"],
            "Resources.1.RegionId": target["regionId"],
            "Resources.1.ResourceType": target["resourceType"],
            "Resources.1.Service": target["service"],
        }
        try:
            body = session.cloud.resourcemanager.call("MoveResources", params)
        except errors.NotFound as err:
            raise self.failure(name, f"the resource or the resource group {group_id} does not exist", err) from err
        responses = body.get("Responses")
        if isinstance(responses, dict):
            responses = responses.get("Response")
        for response in responses or []:
            if isinstance(response, dict) and str(response.get("Status", "SUCCESS")).upper() != "SUCCESS":
                raise self.failure(
                    name,
                    f"ResourceManager did not move {target['resourceId']} to {group_id}: "
                    f"{response.get('ErrorCode')}: {response.get('ErrorMsg') or response.get('ErrorMessage') or ''}",
                )

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        previous = self._current_group(session, inputs)
        if previous is None:
            raise self.failure(
                name,
                f"ResourceManager knows no {inputs['service']}/{inputs['resourceType']} {inputs['resourceId']!r} in "
                f"{inputs['regionId']}",
            )
        if previous != inputs["resourceGroupId"]:
            self._move(session, name, inputs, inputs["resourceGroupId"])
        return self._id(inputs), {"previousResourceGroupId": previous, "accountId": session.account_id}

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        target = self._target(name, resource_id, state)
        current = self._current_group(session, target)
        if current is None:
            return None
        outputs = {
            "previousResourceGroupId": (state or {}).get("previousResourceGroupId"),
            "accountId": session.account_id,
        }
        return {**target, "resourceGroupId": current}, outputs

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        if changed(state, news, "resourceGroupId"):
            self._move(session, name, news, news["resourceGroupId"])
        return {"previousResourceGroupId": state.get("previousResourceGroupId"), "accountId": session.account_id}

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        target = self._target(name, resource_id, state)
        previous = state.get("previousResourceGroupId")
        current = self._current_group(session, target)
        if current is None or not previous or current == previous:
            return  # the resource is gone, or already back where it was
        try:
            session.cloud.resourcemanager.call("GetResourceGroup", {"ResourceGroupId": previous})
        except errors.NotFound as err:
            raise self.failure(
                name,
                f"cannot move {target['resourceId']} back: its previous resource group {previous} no longer exists; "
                "move it by hand, then delete this resource again",
                err,
            ) from err
        self._move(session, name, target, previous)
