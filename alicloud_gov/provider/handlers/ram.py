"""RAM resources: users, groups, memberships, roles, custom policies and policy attachments."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from alicloud_gov.cloud import errors
from alicloud_gov.policy.normalize import policies_equal
from alicloud_gov.provider.handlers.base import (
    Handler,
    ReadResult,
    Session,
    changed,
    keep_representation,
    made_elsewhere,
    or_none,
    pick,
    until_released,
)
from alicloud_gov.provider.handlers.ram_dependents import blocked, remove_dependents
from alicloud_gov.spec.arns import role_arn
from alicloud_gov.spec.inputs import TRUST_HELPERS, canonical_policy_type, document_text
from alicloud_gov.spec.principals import rm_principal_type
from alicloud_gov.spec.schema import (
    POLICY_ATTACHMENT,
    RAM_ACCESS_KEY,
    RAM_GROUP,
    RAM_GROUP_MEMBERSHIP,
    RAM_POLICY,
    RAM_ROLE,
    RAM_USER,
)

MAX_POLICY_VERSIONS = 5

# DeleteConflict codes that terraform-provider-alicloud retries for the delete timeout, as a dependent just removed
# may still be reported (resource_alicloud_ram_role.go, _ram_group.go, _ram_policy.go).
ROLE_DEPENDENTS = frozenset({"DeleteConflict.Role.Policy"})
GROUP_DEPENDENTS = frozenset({"DeleteConflict.Group.User", "DeleteConflict.Group.Policy"})
POLICY_DEPENDENTS = frozenset(
    {
        "DeleteConflict.Policy.Group",
        "DeleteConflict.Policy.User",
        "DeleteConflict.Policy.Version",
        "DeleteConflict.Role.Policy",
    }
)


def _items(body: dict[str, Any], outer: str, inner: str) -> list[dict[str, Any]]:
    """The list in an XML-shaped collection (``{"Users": {"User": [...]}}``); tolerant of a bare list."""
    value = body.get(outer)
    if isinstance(value, dict):
        value = value.get(inner)
    return [item for item in value or [] if isinstance(item, dict)]


class RamUserHandler(Handler):
    """RAM users (id: the user name at creation; the UserId output finds the user after an out-of-band rename).

    Rename, display name, email, phone and comments update in place.
    """

    spec = RAM_USER
    _FIELDS = (
        ("DisplayName", "displayName"),
        ("Email", "email"),
        ("MobilePhone", "mobilePhone"),
        ("Comments", "comments"),
    )

    def _outputs(self, session: Session, user: dict[str, Any], user_name: str) -> dict[str, Any]:
        return {
            "userId": user.get("UserId"),
            "principalName": session.principal_name("user", user_name),
            "accountId": session.account_id,
        }

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params = {"UserName": inputs["name"], **pick(inputs, {param: key for param, key in self._FIELDS})}
        try:
            body = session.cloud.ram.create(
                "CreateUser",
                params,
                read=or_none(lambda: session.cloud.ram.call("GetUser", {"UserName": inputs["name"]})),
                matches=lambda _found: self.own_attempt(session, name, inputs["name"], inputs),
            )
            session.cloud.ram.wait_until("GetUser", {"UserName": inputs["name"]})
        except errors.AlreadyExists as err:
            raise self.failure(
                name,
                f"a RAM user named {inputs['name']!r} already exists; adopt it with "
                f"`pulumi import {self.spec.token} {name} {inputs['name']}` or choose another name",
                err,
            ) from err
        return inputs["name"], self._outputs(session, body.get("User") or {}, inputs["name"])

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        user_name = (state or {}).get("name") or resource_id
        try:
            user = session.cloud.ram.call("GetUser", {"UserName": user_name}).get("User") or {}
        except errors.NotFound:
            found = self._renamed(session, (state or {}).get("userId"))
            if found is None:
                return None
            user = found
        actual_name = str(user.get("UserName") or user_name)
        inputs: dict[str, Any] = {"name": actual_name}
        for param, key in self._FIELDS:
            value = user.get(param)
            if not value:
                continue
            if key == "displayName" and value in (actual_name, user_name) and not (state or {}).get(key):
                continue  # RAM shows the name (at creation, even after a rename) when no display name was given
            inputs[key] = value
        return inputs, self._outputs(session, user, actual_name)

    @staticmethod
    def _renamed(session: Session, user_id: str | None) -> dict[str, Any] | None:
        """The user with ``user_id`` under whatever name it has now, or None when no user has it.

        RAM has no lookup by UserId: like terraform-provider-alicloud (DescribeRamUser) this pages through
        ListUsers for the UserId, then reads the user with GetUser by the name found.
        """
        if not user_id:
            return None
        for listed in session.cloud.ram.paginate("ListUsers", items="Users.User"):
            if isinstance(listed, dict) and listed.get("UserId") == user_id:
                try:
                    return session.cloud.ram.call("GetUser", {"UserName": listed["UserName"]}).get("User") or {}
                except errors.NotFound:
                    return None
        return None

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"UserName": state.get("name") or resource_id}
        if changed(state, news, "name"):
            params["NewUserName"] = news["name"]
        for param, key in self._FIELDS:
            if changed(state, news, key):
                value = news.get(key)
                if key == "displayName" and not value:
                    value = news["name"]
                params[f"New{param}"] = value or ""
        if len(params) > 1:
            try:
                session.cloud.ram.call("UpdateUser", params)
            except errors.AlreadyExists as err:
                raise self.failure(
                    name, f"cannot rename to {news['name']!r}: a user with that name exists", err
                ) from err
        user = session.cloud.ram.call("GetUser", {"UserName": news["name"]}).get("User") or {}
        return self._outputs(session, user, news["name"])

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        user_name = state.get("name") or resource_id
        if state.get("force"):
            remove_dependents(session, "user", user_name)
        try:
            session.cloud.ram.delete("DeleteUser", {"UserName": user_name})
        except errors.NotFound:
            return
        except errors.Conflict as err:
            raise self.failure(name, blocked(session, "user", user_name, err), err) from err


class RamGroupHandler(Handler):
    """RAM user groups (id: the group name). Rename and comments update in place."""

    spec = RAM_GROUP

    def _outputs(self, session: Session, group: dict[str, Any], group_name: str) -> dict[str, Any]:
        return {
            "groupId": group.get("GroupId"),
            "principalName": session.principal_name("group", group_name),
            "accountId": session.account_id,
        }

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params = pick(inputs, {"GroupName": "name", "Comments": "comments"})
        try:
            body = session.cloud.ram.create(
                "CreateGroup",
                params,
                read=or_none(lambda: session.cloud.ram.call("GetGroup", {"GroupName": inputs["name"]})),
                matches=lambda _found: self.own_attempt(session, name, inputs["name"], inputs),
            )
            session.cloud.ram.wait_until("GetGroup", {"GroupName": inputs["name"]})
        except errors.AlreadyExists as err:
            raise self.failure(
                name,
                f"a RAM group named {inputs['name']!r} already exists; adopt it with "
                f"`pulumi import {self.spec.token} {name} {inputs['name']}` or choose another name",
                err,
            ) from err
        return inputs["name"], self._outputs(session, body.get("Group") or {}, inputs["name"])

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        group_name = (state or {}).get("name") or resource_id
        try:
            group = session.cloud.ram.call("GetGroup", {"GroupName": group_name}).get("Group") or {}
        except errors.NotFound:
            return None
        actual_name = str(group.get("GroupName") or group_name)
        inputs: dict[str, Any] = {"name": actual_name}
        if group.get("Comments"):
            inputs["comments"] = group["Comments"]
        return inputs, self._outputs(session, group, actual_name)

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"GroupName": state.get("name") or resource_id}
        if changed(state, news, "name"):
            params["NewGroupName"] = news["name"]
        if changed(state, news, "comments"):
            params["NewComments"] = news.get("comments") or ""
        if len(params) > 1:
            session.cloud.ram.call("UpdateGroup", params)
        group = session.cloud.ram.call("GetGroup", {"GroupName": news["name"]}).get("Group") or {}
        return self._outputs(session, group, news["name"])

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        group_name = state.get("name") or resource_id
        if state.get("force"):
            remove_dependents(session, "group", group_name)
        try:
            until_released(
                session, GROUP_DEPENDENTS, lambda: session.cloud.ram.delete("DeleteGroup", {"GroupName": group_name})
            )
        except errors.NotFound:
            return
        except errors.Conflict as err:
            raise self.failure(name, blocked(session, "group", group_name, err), err) from err


class RamGroupMembershipHandler(Handler):
    """A user's membership of a group (id: ``group:user``); any change replaces it."""

    spec = RAM_GROUP_MEMBERSHIP

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params = {"GroupName": inputs["groupName"], "UserName": inputs["userName"]}
        membership_id = f"{inputs['groupName']}:{inputs['userName']}"
        try:
            # A membership has nothing of its own to tell who made it: adopted only after our own retry.
            session.cloud.ram.create(
                "AddUserToGroup", params, read=lambda: self._found(session, name, membership_id, inputs)
            )
        except errors.AlreadyExists as err:
            raise self.failure(name, made_elsewhere(self.spec.token, name, membership_id), err) from err
        except errors.NotFound as err:
            raise self.failure(name, "the group or the user does not exist", err) from err
        return membership_id, {"accountId": session.account_id}

    def _found(self, session: Session, name: str, resource_id: str, inputs: dict[str, Any]) -> dict[str, Any] | None:
        """The membership read back (its inputs), or None when not (yet) visible."""
        result = self.read(session, name, resource_id, inputs)
        return result[0] if result else None

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        if state and state.get("groupName") and state.get("userName"):
            group_name, user_name = str(state["groupName"]), str(state["userName"])
        else:
            group_name, user_name = self.parse_id(name, resource_id, 2)
        try:
            body = session.cloud.ram.call("ListGroupsForUser", {"UserName": user_name})
        except errors.NotFound:
            return None
        for group in _items(body, "Groups", "Group"):
            if str(group.get("GroupName", "")).lower() == group_name.lower():
                inputs = {"groupName": group["GroupName"], "userName": user_name}
                return inputs, {"accountId": session.account_id}
        return None

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        params = {"GroupName": state.get("groupName"), "UserName": state.get("userName")}
        if not all(params.values()):
            group_name, user_name = self.parse_id(name, resource_id, 2)
            params = {"GroupName": group_name, "UserName": user_name}
        try:
            session.cloud.ram.delete("RemoveUserFromGroup", params)
        except errors.NotFound:
            return


class RamRoleHandler(Handler):
    """RAM roles (id: the role name). Trust policy, description and session length update in place."""

    spec = RAM_ROLE

    def _outputs(self, session: Session, role: dict[str, Any], role_name: str) -> dict[str, Any]:
        account_id = session.account_id
        return {
            "roleId": role.get("RoleId"),
            "arn": role.get("Arn") or role_arn(account_id, role_name),
            "principalName": role.get("RolePrincipalName") or session.principal_name("role", role_name),
            "accountId": account_id,
        }

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {
            "RoleName": inputs["name"],
            "AssumeRolePolicyDocument": document_text(inputs["assumeRolePolicyDocument"]),
            **pick(inputs, {"Description": "description"}),
        }
        if inputs.get("maxSessionDuration") is not None:
            params["MaxSessionDuration"] = int(inputs["maxSessionDuration"])
        try:
            body = session.cloud.ram.create(
                "CreateRole",
                params,
                read=or_none(lambda: session.cloud.ram.call("GetRole", {"RoleName": inputs["name"]})),
                matches=lambda _found: self.own_attempt(session, name, inputs["name"], inputs),
            )
            session.cloud.ram.wait_until("GetRole", {"RoleName": inputs["name"]})
        except errors.AlreadyExists as err:
            raise self.failure(
                name,
                f"a RAM role named {inputs['name']!r} already exists; adopt it with "
                f"`pulumi import {self.spec.token} {name} {inputs['name']}` or choose another name",
                err,
            ) from err
        return inputs["name"], self._outputs(session, body.get("Role") or {}, inputs["name"])

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        role_name = (state or {}).get("name") or resource_id
        try:
            role = session.cloud.ram.call("GetRole", {"RoleName": role_name}).get("Role") or {}
        except errors.NotFound:
            return None
        actual_name = str(role.get("RoleName") or role_name)
        document = role.get("AssumeRolePolicyDocument")
        inputs: dict[str, Any] = {"name": actual_name}
        if document is not None:
            same = state is not None and policies_equal(state.get("assumeRolePolicyDocument") or {}, document)
            inputs["assumeRolePolicyDocument"] = keep_representation(state, "assumeRolePolicyDocument", document, same)
            if same:
                for key in TRUST_HELPERS:
                    if state and state.get(key):
                        inputs[key] = state[key]
        if role.get("Description"):
            inputs["description"] = role["Description"]
        if role.get("MaxSessionDuration") is not None:
            inputs["maxSessionDuration"] = int(role["MaxSessionDuration"])
        return inputs, self._outputs(session, role, actual_name)

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        role_name = state.get("name") or resource_id
        params: dict[str, Any] = {"RoleName": role_name}
        new_document = news.get("assumeRolePolicyDocument")
        if new_document is not None and not policies_equal(state.get("assumeRolePolicyDocument") or {}, new_document):
            params["NewAssumeRolePolicyDocument"] = document_text(new_document)
        if changed(state, news, "description"):
            params["NewDescription"] = news.get("description") or ""
        old_duration = state.get("maxSessionDuration") or 3600
        new_duration = news.get("maxSessionDuration") or 3600
        if int(old_duration) != int(new_duration):
            params["NewMaxSessionDuration"] = int(new_duration)
        if len(params) > 1:
            session.cloud.ram.call("UpdateRole", params)
        role = session.cloud.ram.call("GetRole", {"RoleName": role_name}).get("Role") or {}
        return self._outputs(session, role, role_name)

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        role_name = state.get("name") or resource_id
        if state.get("force"):
            remove_dependents(session, "role", role_name)
        try:
            until_released(
                session, ROLE_DEPENDENTS, lambda: session.cloud.ram.delete("DeleteRole", {"RoleName": role_name})
            )
        except errors.NotFound:
            return
        except errors.Conflict as err:
            raise self.failure(name, blocked(session, "role", role_name, err), err) from err


def _version_number(version_id: str) -> int:
    match = re.search(r"\d+", version_id)
    return int(match.group()) if match else 0


class RamPolicyHandler(Handler):
    """Custom policies (id: the policy name). A new document becomes a new default version."""

    spec = RAM_POLICY

    def _outputs(self, session: Session, default_version: str | None) -> dict[str, Any]:
        return {"policyType": "Custom", "defaultVersion": default_version or "v1", "accountId": session.account_id}

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        params = {
            "PolicyName": inputs["name"],
            "PolicyDocument": document_text(inputs["document"]),
            **pick(inputs, {"Description": "description"}),
        }
        try:
            get_params = {"PolicyName": inputs["name"], "PolicyType": "Custom"}
            body = session.cloud.ram.create(
                "CreatePolicy",
                params,
                read=or_none(lambda: session.cloud.ram.call("GetPolicy", get_params)),
                matches=lambda _found: self.own_attempt(session, name, inputs["name"], inputs),
            )
            session.cloud.ram.wait_until("GetPolicy", get_params)
        except errors.AlreadyExists as err:
            raise self.failure(
                name,
                f"a custom policy named {inputs['name']!r} already exists; adopt it with "
                f"`pulumi import {self.spec.token} {name} {inputs['name']}` or choose another name",
                err,
            ) from err
        except errors.InvalidInput as err:
            raise self.failure(name, "RAM rejected the policy document", err) from err
        policy = body.get("Policy") or {}
        return inputs["name"], self._outputs(session, policy.get("DefaultVersion"))

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        policy_name = (state or {}).get("name") or resource_id
        try:
            body = session.cloud.ram.call("GetPolicy", {"PolicyName": policy_name, "PolicyType": "Custom"})
        except errors.NotFound:
            return None
        policy = body.get("Policy") or {}
        version = body.get("DefaultPolicyVersion") or {}
        actual_name = str(policy.get("PolicyName") or policy_name)
        inputs: dict[str, Any] = {
            "name": keep_representation(state, "name", actual_name, actual_name.lower() == str(policy_name).lower())
        }
        document = version.get("PolicyDocument")
        if document is not None:
            same = state is not None and policies_equal(state.get("document") or {}, document)
            inputs["document"] = keep_representation(state, "document", document, same)
        if policy.get("Description"):
            inputs["description"] = policy["Description"]
        default_version = version.get("VersionId") or policy.get("DefaultVersion")
        return inputs, self._outputs(session, default_version)

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        policy_name = state.get("name") or resource_id
        default_version = state.get("defaultVersion")
        if not policies_equal(state.get("document") or {}, news["document"]):
            default_version = self._new_default_version(session, name, policy_name, news["document"])
        if changed(state, news, "description"):
            session.cloud.ram.call(
                "UpdatePolicyDescription", {"PolicyName": policy_name, "NewDescription": news.get("description") or ""}
            )
        return self._outputs(session, default_version)

    def _versions(self, session: Session, policy_name: str) -> list[dict[str, Any]]:
        body = session.cloud.ram.call("ListPolicyVersions", {"PolicyName": policy_name, "PolicyType": "Custom"})
        return _items(body, "PolicyVersions", "PolicyVersion")

    def _new_default_version(self, session: Session, name: str, policy_name: str, document: Any) -> str | None:
        """Add the document as the default version, deleting the oldest non-default one first when at the limit."""
        versions = self._versions(session, policy_name)
        if len(versions) >= MAX_POLICY_VERSIONS:
            old = [item for item in versions if not _is_default(item)]
            if not old:
                raise self.failure(name, "the policy has no non-default version to rotate out")
            oldest = min(old, key=lambda item: _version_number(str(item.get("VersionId", ""))))
            with contextlib.suppress(errors.NotFound):
                session.cloud.ram.call(
                    "DeletePolicyVersion", {"PolicyName": policy_name, "VersionId": oldest["VersionId"]}
                )
        try:
            body = session.cloud.ram.call(
                "CreatePolicyVersion",
                {"PolicyName": policy_name, "PolicyDocument": document_text(document), "SetAsDefault": "true"},
            )
        except errors.InvalidInput as err:
            raise self.failure(name, "RAM rejected the policy document", err) from err
        version = body.get("PolicyVersion") or {}
        return version.get("VersionId")

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        """Delete the non-default versions, then the policy. A version already gone (a retried
        DeletePolicyVersion whose first response was lost) is skipped, never a reason to stop before DeletePolicy;
        a policy already gone is success."""
        policy_name = state.get("name") or resource_id
        if state.get("force"):
            remove_dependents(session, "policy", policy_name)
        try:
            versions = self._versions(session, policy_name)
        except errors.NotFound:
            return
        try:
            for version in versions:
                if not _is_default(version):
                    with contextlib.suppress(errors.NotFound):
                        session.cloud.ram.delete(
                            "DeletePolicyVersion", {"PolicyName": policy_name, "VersionId": version["VersionId"]}
                        )
            until_released(
                session,
                POLICY_DEPENDENTS,
                lambda: session.cloud.ram.delete("DeletePolicy", {"PolicyName": policy_name}),
            )
        except errors.NotFound:
            return
        except errors.Conflict as err:
            raise self.failure(name, blocked(session, "policy", policy_name, err), err) from err


def _is_default(version: dict[str, Any]) -> bool:
    value = version.get("IsDefaultVersion")
    return value is True or str(value).lower() == "true"


_RAM_PRINCIPAL = {"user": ("User", "UserName"), "group": ("Group", "GroupName"), "role": ("Role", "RoleName")}


class PolicyAttachmentHandler(Handler):
    """A policy granted to a principal at account scope (RAM AttachPolicyTo*) or resource-group scope
    (ResourceManager AttachPolicy). Id: ``<account|rg id>:<type>:<principal>:<System|Custom>:<policy>``."""

    spec = POLICY_ATTACHMENT

    @staticmethod
    def _id(inputs: dict[str, Any]) -> str:
        scope = inputs.get("resourceGroupId") or "account"
        return ":".join(
            (scope, inputs["principalType"], inputs["principalName"], inputs["policyType"], inputs["policyName"])
        )

    def _inputs_from_id(self, name: str, resource_id: str) -> dict[str, Any]:
        scope, principal_type, principal_name, policy_type, policy_name = self.parse_id(name, resource_id, 5)
        principal_type = principal_type.lower()
        if principal_type not in _RAM_PRINCIPAL:
            raise self.failure(name, f"id {resource_id!r}: principal type must be user, group or role")
        inputs: dict[str, Any] = {
            "principalType": principal_type,
            "principalName": principal_name,
            "policyType": canonical_policy_type(policy_type),
            "policyName": policy_name,
        }
        if scope != "account":
            inputs["resourceGroupId"] = scope
        return inputs

    @staticmethod
    def _account_scoped(session: Session, inputs: dict[str, Any]) -> dict[str, Any]:
        """``inputs`` with a ``resourceGroupId`` that is the account's own UID taken as what it means, account scope.

        Resource Management AttachPolicy / ListPolicyAttachments take as ResourceGroupId a resource group id or the
        UID of the account the principal belongs to, the latter meaning the whole account: the same grant RAM's
        AttachPolicyTo* makes, so ``<uid>:user:...`` and ``account:user:...`` name one attachment.
        """
        if inputs.get("resourceGroupId") == session.account_id:
            return {key: value for key, value in inputs.items() if key != "resourceGroupId"}
        return inputs

    def canonical_id(self, session: Session, resource_id: str, inputs: dict[str, Any]) -> str:
        """``account:...`` for an account-scope grant however it was spelled; else ``<rg id>:...``."""
        return self._id(self._account_scoped(session, inputs))

    def _outputs(self, session: Session, inputs: dict[str, Any]) -> dict[str, Any]:
        scope = self._account_scoped(session, inputs).get("resourceGroupId") or "account"
        return {"scope": scope, "accountId": session.account_id}

    def _rm_params(self, session: Session, inputs: dict[str, Any]) -> dict[str, Any]:
        return {
            "PolicyType": inputs["policyType"],
            "PolicyName": inputs["policyName"],
            "PrincipalType": rm_principal_type(inputs["principalType"]),
            "PrincipalName": session.principal_name(inputs["principalType"], inputs["principalName"]),
            "ResourceGroupId": inputs["resourceGroupId"],
        }

    def _ram_params(self, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        kind, key = _RAM_PRINCIPAL[inputs["principalType"]]
        params = {"PolicyType": inputs["policyType"], "PolicyName": inputs["policyName"], key: inputs["principalName"]}
        return kind, params

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        inputs = self.prepare(inputs)

        def found() -> dict[str, Any] | None:
            policy_name = self._find(session, inputs)
            return None if policy_name is None else {"PolicyName": policy_name}

        # A grant has nothing of its own to tell who made it: adopted only after our own retry.
        try:
            if inputs.get("resourceGroupId"):
                session.cloud.resourcemanager.create("AttachPolicy", self._rm_params(session, inputs), read=found)
            else:
                kind, params = self._ram_params(inputs)
                session.cloud.ram.create(f"AttachPolicyTo{kind}", params, read=found)
        except errors.AlreadyExists as err:
            raise self.failure(name, made_elsewhere(self.spec.token, name, self._id(inputs)), err) from err
        except errors.NotFound as err:
            raise self.failure(
                name, f"the {inputs['principalType']}, the policy or the resource group does not exist", err
            ) from err
        return self._id(inputs), self._outputs(session, inputs)

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        wanted = self.prepare(dict(state)) if state and state.get("principalName") else None
        wanted = self._account_scoped(session, wanted or self._inputs_from_id(name, resource_id))
        found = self._find(session, wanted)
        if found is None:
            return None
        inputs = {key: wanted[key] for key in ("principalType", "principalName", "policyType") if wanted.get(key)}
        inputs["policyName"] = keep_representation(
            state, "policyName", found, str(found).lower() == str(wanted["policyName"]).lower()
        )
        # An account-scope grant stored with the account's UID as its scope keeps that spelling (no refresh noise);
        # an import of that spelling reads as the canonical account scope.
        scope = wanted.get("resourceGroupId") or (state or {}).get("resourceGroupId")
        if scope:
            inputs["resourceGroupId"] = scope
        return inputs, self._outputs(session, inputs)

    def _find(self, session: Session, wanted: dict[str, Any]) -> str | None:
        """The attached policy's name as the service spells it, or None when not attached."""
        policy = str(wanted["policyName"]).lower()
        policy_type = wanted["policyType"]
        try:
            if wanted.get("resourceGroupId"):
                params = self._rm_params(session, wanted)
                principal_prefix = f"{wanted['principalName']}@".lower()
                del params["PrincipalName"]  # alias or UID domain: match on the name part below
                listing = session.cloud.resourcemanager.paginate(
                    "ListPolicyAttachments", params, items="PolicyAttachments.PolicyAttachment"
                )
                items = [
                    item for item in listing if str(item.get("PrincipalName", "")).lower().startswith(principal_prefix)
                ]
            else:
                kind, params = self._ram_params(wanted)
                principal = {k: v for k, v in params.items() if k.endswith("Name") and k != "PolicyName"}
                items = _items(session.cloud.ram.call(f"ListPoliciesFor{kind}", principal), "Policies", "Policy")
        except errors.NotFound:
            return None
        for item in items:
            if str(item.get("PolicyName", "")).lower() == policy and canonical_policy_type(item.get("PolicyType")) == (
                policy_type
            ):
                return str(item["PolicyName"])
        return None

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        inputs = self.prepare(dict(state)) if state.get("principalName") else self._inputs_from_id(name, resource_id)
        try:
            if inputs.get("resourceGroupId"):
                session.cloud.resourcemanager.delete("DetachPolicy", self._rm_params(session, inputs))
            else:
                kind, params = self._ram_params(inputs)
                session.cloud.ram.delete(f"DetachPolicyFrom{kind}", params)
        except errors.NotFound:
            return


class RamAccessKeyHandler(Handler):
    """A RAM user's AccessKey pair (id: ``<user>:<AccessKey id>``). Status updates in place; anything else
    replaces. The secret comes from CreateAccessKey only, so reads keep the stored one (an import has none)."""

    spec = RAM_ACCESS_KEY

    def _outputs(self, session: Session, key: dict[str, Any], secret: str | None) -> dict[str, Any]:
        return {
            "accessKeyId": key.get("AccessKeyId"),
            "accessKeySecret": secret,
            "createDate": key.get("CreateDate"),
            "accountId": session.account_id,
        }

    def _listed(self, session: Session, user_name: str) -> list[dict[str, Any]]:
        body = session.cloud.ram.call("ListAccessKeys", {"UserName": user_name})
        return _items(body, "AccessKeys", "AccessKey")

    def create(self, session: Session, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """CreateAccessKey is sent once (no retry): RAM has no idempotency token for it, and a retried call would
        make a second key whose twin's secret nobody saw. When the call fails, a key that appeared meanwhile is
        that unseen twin and is deleted again, so nothing leaks."""
        user_name = str(inputs["userName"])
        try:
            before = {str(key.get("AccessKeyId")) for key in self._listed(session, user_name)}
        except errors.NotFound as err:
            raise self.failure(name, f"the RAM user {user_name!r} does not exist", err) from err
        try:
            body = session.cloud.ram.call("CreateAccessKey", {"UserName": user_name}, retry=False)
        except errors.CloudError as err:
            with contextlib.suppress(errors.CloudError):
                for key in self._listed(session, user_name):
                    if str(key.get("AccessKeyId")) not in before:
                        session.cloud.ram.delete(
                            "DeleteAccessKey", {"UserName": user_name, "UserAccessKeyId": key["AccessKeyId"]}
                        )
            raise self.failure(name, f"cannot create an AccessKey for user {user_name!r}", err) from err
        key = body.get("AccessKey") or {}
        key_id = str(key["AccessKeyId"])
        status = inputs.get("status") or "Active"
        if str(key.get("Status") or "Active") != status:
            session.cloud.ram.call(
                "UpdateAccessKey", {"UserName": user_name, "UserAccessKeyId": key_id, "Status": status}
            )
        return f"{user_name}:{key_id}", self._outputs(session, key, key.get("AccessKeySecret"))

    def read(self, session: Session, name: str, resource_id: str, state: dict[str, Any] | None) -> ReadResult | None:
        user_name, key_id = self.parse_id(name, resource_id, 2)
        user_name = str((state or {}).get("userName") or user_name)
        try:
            keys = self._listed(session, user_name)
        except errors.NotFound:
            return None
        for key in keys:
            if key.get("AccessKeyId") == key_id:
                inputs = {"userName": user_name, "status": key.get("Status") or "Active"}
                return inputs, self._outputs(session, key, (state or {}).get("accessKeySecret"))
        return None

    def update(
        self, session: Session, name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
    ) -> dict[str, Any]:
        key_id = self.parse_id(name, resource_id, 2)[1]
        if changed(state, news, "status"):
            session.cloud.ram.call(
                "UpdateAccessKey",
                {"UserName": news["userName"], "UserAccessKeyId": key_id, "Status": news.get("status") or "Active"},
            )
        key = {"AccessKeyId": key_id, "CreateDate": state.get("createDate")}
        return self._outputs(session, key, state.get("accessKeySecret"))

    def delete(self, session: Session, name: str, resource_id: str, state: dict[str, Any]) -> None:
        user_name, key_id = self.parse_id(name, resource_id, 2)
        params = {"UserName": state.get("userName") or user_name, "UserAccessKeyId": key_id}
        try:
            session.cloud.ram.delete("DeleteAccessKey", params)
        except errors.NotFound:
            return
