"""RAM's state and rules: users, groups and memberships, roles, custom policies and their versions,
account-scope attachments and AccessKeys.

Store kinds (keys lower-cased so names are case-insensitive; records keep the case the entity was created
with): ``ram_user``, ``ram_group``, ``ram_membership`` (``<group>|<user>``), ``ram_role``, ``ram_policy``,
``ram_policy_version`` (``<policy>|<vN>``), ``ram_attachment`` (``<User|Group|Role>|<principal>|<System|Custom>|
<policy>``: {"PrincipalType", "PrincipalName", "PolicyType", "PolicyName" (canonical case), "AttachDate"}) and
``access_key`` (key AccessKeyId: {"AccessKeyId", "AccessKeySecret", "Status", "UserName" (None for the root),
"CreateDate"}) and ``ram_login_profile`` (key: the user name: {"UserName", "PasswordResetRequired",
"MFABindRequired", "CreateDate"}; the password itself is not kept).

The methods take plain arguments and own the rules: name and document validation (through
:mod:`alicloud_gov.spec.names` and the policy grammar), quotas, uniqueness, DeleteConflict, renames that carry
memberships, attachments (at both scopes) and AccessKeys along. Resource-group-scope attachments belong to
ResourceManager's backend, which this one asks.
"""

from __future__ import annotations

import json
import secrets
import string
from typing import Any

from alicloud_gov.emulator.errors import ErrorCode
from alicloud_gov.emulator.policy_grammar import PolicyKind, policy_errors
from alicloud_gov.emulator.registry import iso_now
from alicloud_gov.emulator.services.ram.errors import RamErrors as Errors
from alicloud_gov.emulator.services.resourcemanager.backend import ResourceManagerBackend
from alicloud_gov.emulator.store import Store, StoreView
from alicloud_gov.policy.system_policies import canonical_system_policy_name
from alicloud_gov.spec import names
from alicloud_gov.spec.arns import oidc_provider_arn, role_arn
from alicloud_gov.spec.names import MAX_POLICY_DOCUMENT_LENGTH, NameRule
from alicloud_gov.spec.principals import principal_type, ram_type_of_rm

Record = dict[str, Any]

KIND_ACCESS_KEY = "access_key"
KIND_LOGIN_PROFILE = "ram_login_profile"
KIND_USER, KIND_GROUP, KIND_ROLE, KIND_POLICY = "ram_user", "ram_group", "ram_role", "ram_policy"
KIND_POLICY_VERSION, KIND_MEMBERSHIP, KIND_ATTACHMENT = "ram_policy_version", "ram_membership", "ram_attachment"

MAX_POLICY_VERSIONS = 5
MAX_ACCESS_KEYS = 2
# default quotas per account: entity kind -> (limit, LimitExceeded error)
QUOTAS: dict[str, tuple[int, ErrorCode]] = {
    KIND_USER: (1000, Errors.TOO_MANY_USERS),
    KIND_GROUP: (300, Errors.TOO_MANY_GROUPS),
    KIND_ROLE: (1000, Errors.TOO_MANY_ROLES),
    KIND_POLICY: (1500, Errors.TOO_MANY_POLICIES),
}
ROTATE_OLDEST = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
LINGERING_FOR_DELETE_POLICY = ("User", "Group")
"""Principal types whose attachment, just detached, still blocks DeletePolicy under the store's linger delay:
terraform-provider-alicloud retries DeletePolicy on DeleteConflict.Policy.User / .Group / .Version
(resource_alicloud_ram_policy.go), not on DeleteConflict.Policy.Role (its list names DeleteConflict.Role.Policy,
DeleteRole's code, instead), so nothing shows that a role's attachment lingers for the policy's delete."""
POLICY_TYPES = ("System", "Custom")

# RAM principal type -> (name field, store kind, error when absent)
PRINCIPALS: dict[str, tuple[str, str, ErrorCode]] = {
    "User": ("UserName", KIND_USER, Errors.USER_NOT_FOUND),
    "Group": ("GroupName", KIND_GROUP, Errors.GROUP_NOT_FOUND),
    "Role": ("RoleName", KIND_ROLE, Errors.ROLE_NOT_FOUND),
}

_KEY_ALPHABET = string.ascii_letters + string.digits


def check_name(field: str, value: str, rule: NameRule) -> str:
    """Validate an entity name against its rule: InvalidParameter.<field>.Length / .InvalidChars."""
    if not rule.length_ok(value):
        raise Errors.NAME_LENGTH(field=field, min_length=rule.min_length, max_length=rule.max_length)
    if not rule.chars_ok(value):
        raise Errors.NAME_CHARS(field=field, value=value)
    return value


def check_length(field: str, value: str | None, rule: NameRule) -> str | None:
    """Reject text longer than the rule allows (InvalidParameter.<field>.Length)."""
    if value is not None and len(value) > rule.max_length:
        raise Errors.TEXT_LENGTH(field=field, max_length=rule.max_length)
    return value


def check_policy_document(field: str, text: str, kind: PolicyKind) -> str:
    """Validate a policy document; returns it compacted the way RAM stores it."""
    if len(text) > MAX_POLICY_DOCUMENT_LENGTH:
        raise Errors.TEXT_LENGTH(field=field, max_length=MAX_POLICY_DOCUMENT_LENGTH)
    errors = policy_errors(text, kind)
    if errors:
        raise Errors.MALFORMED_POLICY(problems="; ".join(errors[:3]))
    return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def check_tags(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    """Key/Value tags (every one with a Key) in RAM's stored TagKey/TagValue form."""
    for tag in tags:
        if not tag.get("Key"):
            raise Errors.TAG_KEY()
    return [{"TagKey": tag["Key"], "TagValue": tag.get("Value", "")} for tag in tags]


def check_key_status(status: str) -> str:
    """An AccessKey status: Active or Inactive (InvalidParameter.Status)."""
    if status not in ("Active", "Inactive"):
        raise Errors.ACCESS_KEY_STATUS()
    return status


def members_prefix(group: str) -> str:
    """Store key prefix of a group's memberships."""
    return f"{group}|".lower()


def membership_key(group: str, user: str) -> str:
    """Store key of a group membership."""
    return members_prefix(group) + user.lower()


def versions_prefix(policy_name: str) -> str:
    """Store key prefix of a policy's versions."""
    return f"{policy_name}|".lower()


def version_key(policy_name: str, version_id: str) -> str:
    """Store key of a policy version."""
    return versions_prefix(policy_name) + version_id.lower()


def attachments_prefix(principal_type: str, principal_name: str) -> str:
    """Store key prefix of a principal's account-scope attachments."""
    return f"{principal_type}|{principal_name}|".lower()


def attachment_key(principal_type: str, principal_name: str, policy_type: str, policy_name: str) -> str:
    """Store key of an account-scope attachment."""
    return attachments_prefix(principal_type, principal_name) + f"{policy_type}|{policy_name}".lower()


def _of_policy(attachments: list[Record], policy_type: str, policy_name: str) -> list[Record]:
    """The attachments (account scope) of one policy."""
    name = policy_name.lower()
    return [a for a in attachments if a["PolicyType"] == policy_type and str(a["PolicyName"]).lower() == name]


def _random_text(length: int) -> str:
    return "".join(secrets.choice(_KEY_ALPHABET) for _ in range(length))


class RamBackend:
    """One account's RAM state over the store (a request's view, or the store itself)."""

    def __init__(self, store: Store | StoreView, account: str, alias: str = "") -> None:
        self.store = store
        self.raw = store.store if isinstance(store, StoreView) else store
        self.account = account
        self.alias = alias
        self.groups_backend = ResourceManagerBackend(store, account, alias)

    # -- lookups --------------------------------------------------------------------------------------------------

    def _find(self, kind: str, name: str) -> Record | None:
        return self.store.get(self.account, kind, name.lower())

    def _require(self, kind: str, name: str, missing: ErrorCode) -> Record:
        found = self._find(kind, name)
        if found is None:
            raise missing(name=name)
        return found

    def find_user(self, name: str) -> Record | None:
        """The user by case-insensitive name, or None."""
        return self._find(KIND_USER, name)

    def find_group(self, name: str) -> Record | None:
        """The group by case-insensitive name, or None."""
        return self._find(KIND_GROUP, name)

    def find_role(self, name: str) -> Record | None:
        """The role by case-insensitive name, or None."""
        return self._find(KIND_ROLE, name)

    def find_custom_policy(self, name: str) -> Record | None:
        """The custom policy by case-insensitive name, or None."""
        return self._find(KIND_POLICY, name)

    def get_user(self, name: str) -> Record:
        """The user, else EntityNotExist.User (404)."""
        return self._require(KIND_USER, name, Errors.USER_NOT_FOUND)

    def get_group(self, name: str) -> Record:
        """The group, else EntityNotExist.Group (404)."""
        return self._require(KIND_GROUP, name, Errors.GROUP_NOT_FOUND)

    def get_role(self, name: str) -> Record:
        """The role, else EntityNotExist.Role (404)."""
        return self._require(KIND_ROLE, name, Errors.ROLE_NOT_FOUND)

    def get_custom_policy(self, name: str) -> Record:
        """The custom policy, else EntityNotExist.Policy (404)."""
        return self._require(KIND_POLICY, name, Errors.POLICY_NOT_FOUND)

    def get_principal(self, principal_type: str, name: str) -> Record:
        """A user, group or role by RAM principal type (``User``...), else its EntityNotExist code (404)."""
        _, kind, missing = PRINCIPALS[principal_type]
        return self._require(kind, name, missing)

    def canonical_principal(self, principal_type: str, name: str) -> str:
        """The stored spelling of an existing principal's name (404 when absent)."""
        field = PRINCIPALS[principal_type][0]
        return str(self.get_principal(principal_type, name)[field])

    def users(self) -> list[Record]:
        """Every user, oldest first."""
        return self.store.list(self.account, KIND_USER)

    def groups(self) -> list[Record]:
        """Every group, oldest first."""
        return self.store.list(self.account, KIND_GROUP)

    def roles(self) -> list[Record]:
        """Every role, oldest first."""
        return self.store.list(self.account, KIND_ROLE)

    def custom_policies(self) -> list[Record]:
        """Every custom policy, oldest first."""
        return self.store.list(self.account, KIND_POLICY)

    def _check_quota(self, kind: str) -> None:
        limit, error = QUOTAS[kind]
        if self.raw.count(self.account, kind) >= limit:
            raise error(limit=limit)

    # -- users ----------------------------------------------------------------------------------------------------

    def create_user(
        self, name: str, *, display_name: str | None, mobile_phone: str, email: str, comments: str
    ) -> Record:
        """Create a user (name and text rules, quota, unique name)."""
        check_name("UserName", name, names.USER_NAME)
        check_length("DisplayName", display_name, names.USER_DISPLAY_NAME)
        now = iso_now()
        user = {
            "UserId": self.store.numeric_id("ram-user-id", lead="26"),
            "UserName": name,
            "DisplayName": display_name or name,
            "MobilePhone": mobile_phone,
            "Email": email,
            "Comments": check_length("Comments", comments, names.COMMENTS) or "",
            "CreateDate": now,
            "UpdateDate": now,
        }
        self._check_quota(KIND_USER)
        if not self.store.insert(self.account, KIND_USER, name.lower(), user):
            raise Errors.USER_EXISTS(name=name)
        return user

    def update_user(
        self,
        name: str,
        *,
        new_name: str | None,
        display_name: str | None,
        mobile_phone: str | None,
        email: str | None,
        comments: str | None,
    ) -> Record:
        """Change a user's fields (None: unchanged); a rename carries memberships, attachments and keys along."""
        user = dict(self.get_user(name))
        if new_name is not None:
            check_name("NewUserName", new_name, names.USER_NAME)
        updates = {
            "DisplayName": check_length("NewDisplayName", display_name, names.USER_DISPLAY_NAME),
            "MobilePhone": mobile_phone,
            "Email": email,
            "Comments": check_length("NewComments", comments, names.COMMENTS),
        }
        user.update({key: value for key, value in updates.items() if value is not None})
        user["UpdateDate"] = iso_now()
        if new_name is not None and new_name != user["UserName"]:
            if new_name.lower() != name.lower() and self.find_user(new_name) is not None:
                raise Errors.USER_EXISTS(name=new_name)
            old_name = user["UserName"]
            self.store.delete(self.account, KIND_USER, old_name.lower())
            user["UserName"] = new_name
            self._rename_references("User", old_name, new_name)
            for entity in self.store.list_entities(self.account, KIND_ACCESS_KEY):
                if str(entity.data.get("UserName") or "").lower() == old_name.lower():
                    self.store.put(self.account, KIND_ACCESS_KEY, entity.key, {**entity.data, "UserName": new_name})
            profile = self.find_login_profile(old_name)
            if profile is not None:
                self.store.delete(self.account, KIND_LOGIN_PROFILE, old_name.lower())
                self.store.put(self.account, KIND_LOGIN_PROFILE, new_name.lower(), {**profile, "UserName": new_name})
        self.store.put(self.account, KIND_USER, user["UserName"].lower(), user)
        return user

    def delete_user(self, name: str) -> None:
        """Delete a user that has no group memberships, attached policies, AccessKeys or login profile
        (DeleteConflict.User.*)."""
        canonical = self.get_user(name)["UserName"]
        if self.memberships_of_user(canonical):
            raise Errors.USER_IN_GROUPS(name=canonical)
        if self._has_attachments("User", canonical):
            raise Errors.USER_HAS_POLICIES(kind="user", name=canonical)
        if self.access_keys_of(canonical):
            raise Errors.USER_HAS_ACCESS_KEYS(name=canonical)
        if self.find_login_profile(canonical) is not None:
            raise Errors.USER_HAS_LOGIN_PROFILE(name=canonical)
        self.store.delete(self.account, KIND_USER, canonical.lower())

    # -- groups and memberships -----------------------------------------------------------------------------------

    def create_group(self, name: str, *, comments: str) -> Record:
        """Create a group (name rule, quota, unique name)."""
        check_name("GroupName", name, names.GROUP_NAME)
        now = iso_now()
        group = {
            "GroupId": self.store.numeric_id("ram-group-id", lead="27"),
            "GroupName": name,
            "Comments": check_length("Comments", comments, names.COMMENTS) or "",
            "CreateDate": now,
            "UpdateDate": now,
        }
        self._check_quota(KIND_GROUP)
        if not self.store.insert(self.account, KIND_GROUP, name.lower(), group):
            raise Errors.GROUP_EXISTS(name=name)
        return group

    def update_group(self, name: str, *, new_name: str | None, comments: str | None) -> Record:
        """Rename a group (carrying memberships and attachments along) or change its comments."""
        group = dict(self.get_group(name))
        checked = check_length("NewComments", comments, names.COMMENTS)
        if checked is not None:
            group["Comments"] = checked
        group["UpdateDate"] = iso_now()
        if new_name is not None and new_name != group["GroupName"]:
            check_name("NewGroupName", new_name, names.GROUP_NAME)
            if new_name.lower() != group["GroupName"].lower() and self.find_group(new_name):
                raise Errors.GROUP_EXISTS(name=new_name)
            old_name = group["GroupName"]
            self.store.delete(self.account, KIND_GROUP, old_name.lower())
            group["GroupName"] = new_name
            self._rename_references("Group", old_name, new_name)
        self.store.put(self.account, KIND_GROUP, group["GroupName"].lower(), group)
        return group

    def delete_group(self, name: str) -> None:
        """Delete a group with no members and no attached policies (DeleteConflict.Group.*)."""
        canonical = self.get_group(name)["GroupName"]
        if self.members_of_group(canonical) or self.raw.lingering(
            self.account, KIND_MEMBERSHIP, key_prefix=members_prefix(canonical)
        ):
            raise Errors.GROUP_HAS_MEMBERS(name=canonical)
        if self._has_attachments("Group", canonical, lingering=True):
            raise Errors.GROUP_HAS_POLICIES(kind="group", name=canonical)
        self.store.delete(self.account, KIND_GROUP, canonical.lower())

    def add_user_to_group(self, user_name: str, group_name: str) -> Record:
        """Make a user a member of a group; EntityAlreadyExists.User.Group (409) when it is one."""
        user = self.get_user(user_name)["UserName"]
        group = self.get_group(group_name)["GroupName"]
        membership = {"GroupName": group, "UserName": user, "JoinDate": iso_now()}
        if not self.store.insert(self.account, KIND_MEMBERSHIP, membership_key(group, user), membership):
            raise Errors.ALREADY_A_MEMBER(user=user, group=group)
        return membership

    def remove_user_from_group(self, user_name: str, group_name: str) -> None:
        """End a membership; EntityNotExist.User.Group (404) when there is none."""
        user = self.get_user(user_name)["UserName"]
        group = self.get_group(group_name)["GroupName"]
        if not self.store.delete(self.account, KIND_MEMBERSHIP, membership_key(group, user)):
            raise Errors.NOT_A_MEMBER(user=user, group=group)

    def memberships(self) -> list[Record]:
        """Every membership of the account."""
        return self.store.list(self.account, KIND_MEMBERSHIP)

    def memberships_of_user(self, user_name: str) -> list[Record]:
        """The memberships of a user."""
        return [m for m in self.memberships() if str(m["UserName"]).lower() == user_name.lower()]

    def members_of_group(self, group_name: str) -> list[Record]:
        """The memberships of a group."""
        return self.store.list(self.account, KIND_MEMBERSHIP, key_prefix=members_prefix(group_name))

    # -- roles ----------------------------------------------------------------------------------------------------

    def create_role(
        self,
        name: str,
        *,
        trust_policy: str,
        description: str,
        max_session_duration: int | None,
        tags: list[dict[str, str]],
    ) -> Record:
        """Create a role with a trust policy (name, document and text rules, quota, unique name)."""
        check_name("RoleName", name, names.ROLE_NAME)
        document = check_policy_document("AssumeRolePolicyDocument", trust_policy, "trust")
        now = iso_now()
        role = {
            "RoleId": self.store.numeric_id("ram-role-id", lead="36"),
            "RoleName": name,
            "Arn": role_arn(self.account, name),
            "Description": check_length("Description", description, names.DESCRIPTION) or "",
            "AssumeRolePolicyDocument": document,
            "MaxSessionDuration": max_session_duration,
            "IsServiceLinkedRole": False,
            "CreateDate": now,
            "UpdateDate": now,
            "Tags": check_tags(tags),
        }
        self._check_quota(KIND_ROLE)
        if not self.store.insert(self.account, KIND_ROLE, name.lower(), role):
            raise Errors.ROLE_EXISTS(name=name)
        return role

    def update_role(
        self,
        name: str,
        *,
        trust_policy: str | None,
        description: str | None,
        max_session_duration: int | None,
    ) -> Record:
        """Change a role's trust policy, description or maximum session duration (None: unchanged)."""
        role = dict(self.get_role(name))
        if trust_policy is not None:
            role["AssumeRolePolicyDocument"] = check_policy_document(
                "NewAssumeRolePolicyDocument", trust_policy, "trust"
            )
        checked = check_length("NewDescription", description, names.DESCRIPTION)
        if checked is not None:
            role["Description"] = checked
        if max_session_duration is not None:
            role["MaxSessionDuration"] = max_session_duration
        role["UpdateDate"] = iso_now()
        self.store.put(self.account, KIND_ROLE, role["RoleName"].lower(), role)
        return role

    def delete_role(self, name: str) -> None:
        """Delete a role with no attached policies (DeleteConflict.Role.Policy)."""
        canonical = self.get_role(name)["RoleName"]
        if self._has_attachments("Role", canonical, lingering=True):
            raise Errors.ROLE_HAS_POLICIES(kind="role", name=canonical)
        self.store.delete(self.account, KIND_ROLE, canonical.lower())

    # -- policies and versions ------------------------------------------------------------------------------------

    def resolve_policy(self, policy_type: str, name: str) -> str:
        """The canonical name of an existing System or Custom policy, else EntityNotExist.Policy (404)."""
        if policy_type == "System":
            canonical = canonical_system_policy_name(name)
            if canonical is None:
                raise Errors.POLICY_NOT_FOUND(name=name)
            return canonical
        return str(self.get_custom_policy(name)["PolicyName"])

    def create_policy(self, name: str, *, document: str, description: str, tags: list[dict[str, str]]) -> Record:
        """Create a custom policy with its version v1 (default); a system policy's name is taken."""
        check_name("PolicyName", name, names.POLICY_NAME)
        compact = check_policy_document("PolicyDocument", document, "identity")
        if canonical_system_policy_name(name) is not None:
            raise Errors.SYSTEM_POLICY_NAME(name=name)
        now = iso_now()
        policy = {
            "PolicyName": name,
            "PolicyType": "Custom",
            "Description": check_length("Description", description, names.DESCRIPTION) or "",
            "DefaultVersion": "v1",
            "CreateDate": now,
            "UpdateDate": now,
            "NextVersion": 2,
            "Tags": check_tags(tags),
        }
        self._check_quota(KIND_POLICY)
        if not self.store.insert(self.account, KIND_POLICY, name.lower(), policy):
            raise Errors.POLICY_EXISTS(name=name)
        version = {"VersionId": "v1", "IsDefaultVersion": True, "PolicyDocument": compact, "CreateDate": now}
        self.store.put(self.account, KIND_POLICY_VERSION, version_key(name, "v1"), version)
        return policy

    def update_policy_description(self, name: str, description: str) -> Record:
        """Change a custom policy's description."""
        policy = dict(self.get_custom_policy(name))
        policy["Description"] = check_length("NewDescription", description, names.DESCRIPTION) or ""
        self._save_policy(policy)
        return policy

    def _save_policy(self, policy: Record) -> None:
        policy["UpdateDate"] = iso_now()
        self.store.put(self.account, KIND_POLICY, policy["PolicyName"].lower(), policy)

    def delete_policy(self, name: str, *, cascading: bool) -> None:
        """Delete a custom policy; without ``cascading`` refused while attached (either scope) or versioned."""
        canonical = self.get_custom_policy(name)["PolicyName"]
        attachments = self.attachments_of_policy("Custom", canonical)
        rg_attachments = self.groups_backend.rg_attachments_of_policy("Custom", canonical)
        versions = self.versions(canonical)
        if not cascading:
            gone = [
                item
                for item in _of_policy(self.raw.lingering(self.account, KIND_ATTACHMENT), "Custom", canonical)
                if item["PrincipalType"] in LINGERING_FOR_DELETE_POLICY
            ]
            attached_types = {attachment["PrincipalType"] for attachment in [*attachments, *gone]}
            attached_types |= {ram_type_of_rm(str(item.get("PrincipalType"))) or "" for item in rg_attachments}
            for ram_type in PRINCIPALS:
                if ram_type in attached_types:
                    raise Errors.POLICY_ATTACHED(principal_type=ram_type, name=canonical, kind=ram_type.lower())
            if len(versions) > 1 or self.raw.lingering(
                self.account, KIND_POLICY_VERSION, key_prefix=versions_prefix(canonical)
            ):
                raise Errors.POLICY_HAS_VERSIONS(name=canonical)
        for attachment in attachments:
            self._delete_attachment(attachment)
        for item in rg_attachments:
            self.groups_backend.remove_rg_attachment(item)
        for version in versions:
            self.store.delete(self.account, KIND_POLICY_VERSION, version_key(canonical, version["VersionId"]))
        self.store.delete(self.account, KIND_POLICY, canonical.lower())

    def versions(self, policy_name: str) -> list[Record]:
        """The versions of a custom policy, oldest first."""
        found = self.store.list(self.account, KIND_POLICY_VERSION, key_prefix=versions_prefix(policy_name))
        return sorted(found, key=lambda version: int(str(version["VersionId"])[1:]))

    def find_version(self, policy_name: str, version_id: str) -> Record | None:
        """A stored policy version, or None."""
        return self.store.get(self.account, KIND_POLICY_VERSION, version_key(policy_name, version_id))

    def get_version(self, policy_name: str, version_id: str) -> Record:
        """A stored policy version, else EntityNotExist.Policy.Version (404)."""
        version = self.find_version(policy_name, version_id)
        if version is None:
            raise Errors.VERSION_NOT_FOUND(policy=policy_name, version_id=version_id)
        return version

    def default_document(self, policy: Record) -> str | None:
        """The document of a custom policy's default version, or None."""
        version = self.find_version(str(policy["PolicyName"]), str(policy["DefaultVersion"]))
        return str(version["PolicyDocument"]) if version else None

    def create_policy_version(self, name: str, *, document: str, set_default: bool, rotate_strategy: str) -> Record:
        """Add a version (at most 5; ``DeleteOldestNonDefaultVersionWhenLimitExceeded`` drops the oldest)."""
        policy = dict(self.get_custom_policy(name))
        canonical = policy["PolicyName"]
        compact = check_policy_document("PolicyDocument", document, "identity")
        if rotate_strategy not in ("None", ROTATE_OLDEST):
            raise Errors.ROTATE_STRATEGY(rotate_oldest=ROTATE_OLDEST)
        versions = self.versions(canonical)
        if len(versions) >= MAX_POLICY_VERSIONS:
            if rotate_strategy != ROTATE_OLDEST:
                raise Errors.TOO_MANY_VERSIONS(name=canonical, limit=MAX_POLICY_VERSIONS)
            oldest = next(version for version in versions if not version["IsDefaultVersion"])
            self.store.delete(self.account, KIND_POLICY_VERSION, version_key(canonical, oldest["VersionId"]))
        now = iso_now()
        version_id = f"v{policy['NextVersion']}"
        policy["NextVersion"] = int(policy["NextVersion"]) + 1
        policy["UpdateDate"] = now
        version = {
            "VersionId": version_id,
            "IsDefaultVersion": set_default,
            "PolicyDocument": compact,
            "CreateDate": now,
        }
        if set_default:
            self._set_default_version(policy, version_id)
        self.store.put(self.account, KIND_POLICY_VERSION, version_key(canonical, version_id), version)
        self.store.put(self.account, KIND_POLICY, canonical.lower(), policy)
        return version

    def delete_policy_version(self, name: str, version_id: str) -> None:
        """Delete a non-default version (DeleteConflict.Policy.Version.Default)."""
        policy = self.get_custom_policy(name)
        version = self.get_version(policy["PolicyName"], version_id)
        if version["IsDefaultVersion"]:
            raise Errors.DEFAULT_VERSION(version_id=version["VersionId"], policy=policy["PolicyName"])
        self.store.delete(self.account, KIND_POLICY_VERSION, version_key(policy["PolicyName"], version["VersionId"]))

    def set_default_policy_version(self, name: str, version_id: str) -> None:
        """Make an existing version the default."""
        policy = dict(self.get_custom_policy(name))
        version = self.get_version(policy["PolicyName"], version_id)
        self._set_default_version(policy, version["VersionId"])
        self._save_policy(policy)

    def _set_default_version(self, policy: Record, version_id: str) -> None:
        name = policy["PolicyName"]
        for version in self.versions(name):
            is_default = version["VersionId"] == version_id
            if version["IsDefaultVersion"] != is_default:
                self.store.put(
                    self.account,
                    KIND_POLICY_VERSION,
                    version_key(name, version["VersionId"]),
                    {**version, "IsDefaultVersion": is_default},
                )
        policy["DefaultVersion"] = version_id

    # -- attachments (account scope) ------------------------------------------------------------------------------

    def attach_policy(self, principal_type: str, principal_name: str, policy_type: str, policy_name: str) -> Record:
        """Attach a policy at account scope; EntityAlreadyExists.<Type>.Policy (409) when already attached.

        Shared with ResourceManager AttachPolicy when its ResourceGroupId is the account id.
        """
        principal = self.canonical_principal(principal_type, principal_name)
        canonical_policy = self.resolve_policy(policy_type, policy_name)
        attachment = {
            "PrincipalType": principal_type,
            "PrincipalName": principal,
            "PolicyType": policy_type,
            "PolicyName": canonical_policy,
            "AttachDate": iso_now(),
        }
        key = attachment_key(principal_type, principal, policy_type, canonical_policy)
        if not self.store.insert(self.account, KIND_ATTACHMENT, key, attachment):
            raise Errors.ALREADY_ATTACHED(
                principal_type=principal_type,
                policy=canonical_policy,
                kind=principal_type.lower(),
                principal=principal,
            )
        return attachment

    def detach_policy(self, principal_type: str, principal_name: str, policy_type: str, policy_name: str) -> None:
        """Detach an account-scope attachment; EntityNotExist.<Type>.Policy (404) when not attached."""
        principal = self.canonical_principal(principal_type, principal_name)
        canonical_policy = self.resolve_policy(policy_type, policy_name)
        key = attachment_key(principal_type, principal, policy_type, canonical_policy)
        if not self.store.delete(self.account, KIND_ATTACHMENT, key):
            raise Errors.NOT_ATTACHED(
                principal_type=principal_type,
                policy=canonical_policy,
                kind=principal_type.lower(),
                principal=principal,
            )

    def attachments(self) -> list[Record]:
        """Every account-scope attachment."""
        return self.store.list(self.account, KIND_ATTACHMENT)

    def attachments_of_principal(self, principal_type: str, name: str) -> list[Record]:
        """The account-scope attachments of a user, group or role."""
        return self.store.list(self.account, KIND_ATTACHMENT, key_prefix=attachments_prefix(principal_type, name))

    def attachments_of_policy(self, policy_type: str, policy_name: str) -> list[Record]:
        """The account-scope attachments of a policy."""
        return _of_policy(self.attachments(), policy_type, policy_name)

    def _delete_attachment(self, attachment: Record) -> None:
        key = attachment_key(
            attachment["PrincipalType"], attachment["PrincipalName"], attachment["PolicyType"], attachment["PolicyName"]
        )
        self.store.delete(self.account, KIND_ATTACHMENT, key)

    def _has_attachments(self, principal_type: str, name: str, *, lingering: bool = False) -> bool:
        """Whether any policy is attached to the principal, at account scope or in a resource group; with
        ``lingering``, an account-scope attachment removed within the store's linger delay counts too (RAM's
        eventual consistency: the DeleteConflict codes terraform-provider-alicloud retries)."""
        if self.attachments_of_principal(principal_type, name):
            return True
        prefix = attachments_prefix(principal_type, name)
        if lingering and self.raw.lingering(self.account, KIND_ATTACHMENT, key_prefix=prefix):
            return True
        return bool(self.groups_backend.rg_attachments_of_principal(principal_type, name))

    def _rename_references(self, principal_type: str, old: str, new: str) -> None:
        """Move memberships and attachments (account and resource-group scope) of a renamed user or group."""
        for attachment in self.attachments_of_principal(principal_type, old):
            self._delete_attachment(attachment)
            attachment["PrincipalName"] = new
            key = attachment_key(principal_type, new, attachment["PolicyType"], attachment["PolicyName"])
            self.store.put(self.account, KIND_ATTACHMENT, key, attachment)
        self.groups_backend.rename_principal(principal_type, old, new)
        field = PRINCIPALS[principal_type][0]
        for membership in self.memberships():
            if str(membership[field]).lower() == old.lower():
                self.store.delete(
                    self.account, KIND_MEMBERSHIP, membership_key(membership["GroupName"], membership["UserName"])
                )
                membership[field] = new
                self.store.put(
                    self.account,
                    KIND_MEMBERSHIP,
                    membership_key(membership["GroupName"], membership["UserName"]),
                    membership,
                )

    # -- AccessKeys -----------------------------------------------------------------------------------------------

    def access_keys_of(self, user_name: str | None) -> list[Record]:
        """The AccessKeys of a RAM user, or of the root when ``user_name`` is None (strongly consistent)."""
        wanted = user_name.lower() if user_name else None
        return [
            key
            for key in self.raw.list(self.account, KIND_ACCESS_KEY)
            if (str(key.get("UserName") or "").lower() or None) == wanted
        ]

    def create_access_key(self, owner: str | None) -> Record:
        """A new Active AccessKey pair for a user (or the root); at most 2 per identity."""
        if len(self.access_keys_of(owner)) >= MAX_ACCESS_KEYS:
            raise Errors.TOO_MANY_ACCESS_KEYS(owner=owner or "The account", limit=MAX_ACCESS_KEYS)
        key_id = "LTAI5t" + _random_text(18)
        key = {
            "AccessKeyId": key_id,
            "AccessKeySecret": _random_text(30),
            "Status": "Active",
            "UserName": owner,
            "CreateDate": iso_now(),
        }
        self.store.put(self.account, KIND_ACCESS_KEY, key_id, key)
        return key

    def owned_key(self, owner: str | None, key_id: str) -> Record:
        """One AccessKey of the owner, else EntityNotExist.User.AccessKey (404)."""
        for key in self.access_keys_of(owner):
            if key["AccessKeyId"] == key_id:
                return key
        raise Errors.ACCESS_KEY_NOT_FOUND(key_id=key_id, owner=owner or "the account")

    def update_access_key(self, owner: str | None, key_id: str, status: str) -> None:
        """Enable or disable an AccessKey (Active | Inactive)."""
        check_key_status(status)
        key = self.owned_key(owner, key_id)
        self.store.put(self.account, KIND_ACCESS_KEY, key["AccessKeyId"], {**key, "Status": status})

    def delete_access_key(self, owner: str | None, key_id: str) -> None:
        """Delete an AccessKey of the owner."""
        key = self.owned_key(owner, key_id)
        self.store.delete(self.account, KIND_ACCESS_KEY, key["AccessKeyId"])

    # -- login profiles -------------------------------------------------------------------------------------------

    def find_login_profile(self, user_name: str) -> Record | None:
        """The user's console login profile, or None."""
        return self.store.get(self.account, KIND_LOGIN_PROFILE, user_name.lower())

    def create_login_profile(self, user_name: str, *, reset_required: bool, mfa_required: bool) -> Record:
        """Give a user a console password (one profile per user)."""
        canonical = self.get_user(user_name)["UserName"]
        profile = {
            "UserName": canonical,
            "PasswordResetRequired": reset_required,
            "MFABindRequired": mfa_required,
            "CreateDate": iso_now(),
        }
        if not self.store.insert(self.account, KIND_LOGIN_PROFILE, canonical.lower(), profile):
            raise Errors.LOGIN_PROFILE_EXISTS(name=canonical)
        return profile

    def get_login_profile(self, user_name: str) -> Record:
        """The user's login profile, else EntityNotExist.User.LoginProfile."""
        canonical = self.get_user(user_name)["UserName"]
        profile = self.find_login_profile(canonical)
        if profile is None:
            raise Errors.LOGIN_PROFILE_NOT_FOUND(name=canonical)
        return profile

    def delete_login_profile(self, user_name: str) -> None:
        """Remove the user's console password."""
        self.get_login_profile(user_name)
        self.store.delete(self.account, KIND_LOGIN_PROFILE, user_name.lower())

    def unbind_mfa_device(self, user_name: str) -> None:
        """Unbind the user's MFA device. The emulator binds none (binding needs TOTP codes), so this answers as
        RAM does for a user without one: EntityNotExist.User.MFADevice."""
        canonical = self.get_user(user_name)["UserName"]
        raise Errors.MFA_DEVICE_NOT_FOUND(name=canonical)


def arn_kind(ram_type: str) -> str:
    """The resource kind in a RAM ARN of a principal type (``user/alice``): ``user``, ``group`` or ``role``."""
    return principal_type(ram_type)


KIND_OIDC_PROVIDER = "ram_oidc_provider"
"""Store kind of OIDC identity providers (key: lower-cased name): the Ims 2019-08-15 OIDCProvider fields."""


def _listed(field: str, text: str | None, rule: NameRule, limit: int) -> str:
    """A comma-separated list (ClientIds, Fingerprints) whose every value follows ``rule``, normalised."""
    values = [item.strip() for item in (text or "").split(",") if item.strip()]
    if len(values) > limit:
        raise Errors.OIDC_LIST_TOO_LONG(field=field, limit=limit)
    for value in values:
        if not rule.matches(value):
            raise Errors.OIDC_VALUE(field=field, value=value, explain=rule.explain)
    return ",".join(values)


class OidcProviders:
    """One account's OIDC identity providers (RAM's CreateOIDCProvider family, API version Ims 2019-08-15)."""

    def __init__(self, store: Store | StoreView, account: str) -> None:
        self.store = store
        self.raw = store.store if isinstance(store, StoreView) else store
        self.account = account

    def find(self, name: str) -> Record | None:
        """The provider by case-insensitive name, or None."""
        return self.store.get(self.account, KIND_OIDC_PROVIDER, name.lower())

    def get(self, name: str) -> Record:
        """The provider, else EntityNotExist.OIDCProvider (404)."""
        found = self.find(name)
        if found is None:
            raise Errors.OIDC_PROVIDER_NOT_FOUND(name=name)
        return found

    def all(self) -> list[Record]:
        """Every provider, oldest first."""
        return self.store.list(self.account, KIND_OIDC_PROVIDER)

    def create(
        self,
        name: str,
        *,
        issuer_url: str,
        client_ids: str | None,
        fingerprints: str | None,
        description: str | None,
        issuance_limit_time: int | None,
    ) -> Record:
        """Create a provider: name and URL rules, list limits, a unique name and IssuerUrl, the account quota."""
        check_name("OIDCProviderName", name, names.OIDC_PROVIDER_NAME)
        if not names.OIDC_ISSUER_URL.matches(issuer_url):
            raise Errors.OIDC_VALUE(field="IssuerUrl", value=issuer_url, explain=names.OIDC_ISSUER_URL.explain)
        limits = names.OIDC_LIMITS
        now = iso_now()
        provider = {
            "OIDCProviderName": name,
            "Arn": oidc_provider_arn(self.account, name),
            "IssuerUrl": issuer_url,
            "ClientIds": _listed("ClientIds", client_ids, names.OIDC_CLIENT_ID, limits["ClientIds"]),
            "Fingerprints": _listed("Fingerprints", fingerprints, names.OIDC_FINGERPRINT, limits["Fingerprints"]),
            "Description": check_length("Description", description, names.OIDC_DESCRIPTION) or "",
            "IssuanceLimitTime": issuance_limit_time if issuance_limit_time is not None else 12,
            "CreateDate": now,
            "UpdateDate": now,
        }
        if self.raw.count(self.account, KIND_OIDC_PROVIDER) >= limits["providers"]:
            raise Errors.TOO_MANY_OIDC_PROVIDERS(limit=limits["providers"])
        if any(item["IssuerUrl"] == issuer_url for item in self.all()):
            raise Errors.OIDC_ISSUER_EXISTS(issuer=issuer_url)
        if not self.store.insert(self.account, KIND_OIDC_PROVIDER, name.lower(), provider):
            raise Errors.OIDC_PROVIDER_EXISTS(name=name)
        return provider

    def delete(self, name: str) -> None:
        """Delete a provider (404 when absent)."""
        self.get(name)
        self.store.delete(self.account, KIND_OIDC_PROVIDER, name.lower())
