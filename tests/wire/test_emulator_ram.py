"""RAM 2015-05-01 on the emulator, through the official alibabacloud_ram20150501 client."""

from __future__ import annotations

import json

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import fails

ACME = "1000000000000001"
POLICY = json.dumps(
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:Get*", "Resource": "*"}]}, indent=2
)
TRUST_PARTNER = json.dumps(
    {
        "Version": "1",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": ["acs:ram::2000000000000002:root"]}}
        ],
    }
)


# -- users ---------------------------------------------------------------------------------------


def test_user_lifecycle(ram: RamClient) -> None:
    created = ram.create_user(
        ram_models.CreateUserRequest(user_name="alice", display_name="Alice A", email="a@example.com", comments="ops")
    ).body.user
    assert created.user_id and created.create_date
    updated = ram.update_user(
        ram_models.UpdateUserRequest(user_name="alice", new_display_name="Alice B", new_comments="platform")
    ).body.user
    assert (updated.display_name, updated.comments, updated.email) == ("Alice B", "platform", "a@example.com")
    renamed = ram.update_user(ram_models.UpdateUserRequest(user_name="alice", new_user_name="alice2")).body.user
    assert renamed.user_name == "alice2" and renamed.user_id == created.user_id
    fails(lambda: ram.get_user(ram_models.GetUserRequest(user_name="alice")), "EntityNotExist.User", 404)
    ram.delete_user(ram_models.DeleteUserRequest(user_name="alice2"))
    fails(lambda: ram.delete_user(ram_models.DeleteUserRequest(user_name="alice2")), "EntityNotExist.User", 404)


def test_user_names_are_case_insensitive_and_keep_their_case(ram: RamClient) -> None:
    ram.create_user(ram_models.CreateUserRequest(user_name="Dave"))
    assert ram.get_user(ram_models.GetUserRequest(user_name="dave")).body.user.user_name == "Dave"
    fails(lambda: ram.create_user(ram_models.CreateUserRequest(user_name="DAVE")), "EntityAlreadyExists.User", 409)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("x" * 65, "InvalidParameter.UserName.Length"),
        ("bad name", "InvalidParameter.UserName.InvalidChars"),
        ("bad/name", "InvalidParameter.UserName.InvalidChars"),
    ],
)
def test_user_name_validation(ram: RamClient, name: str, code: str) -> None:
    fails(lambda: ram.create_user(ram_models.CreateUserRequest(user_name=name)), code, 400)


def test_missing_user_name_is_reported(ram: RamClient) -> None:
    error = fails(lambda: ram.create_user(ram_models.CreateUserRequest()), "MissingParameter", 400)
    assert "UserName" in error.message


def test_list_users_paginates_with_marker(ram: RamClient) -> None:
    for index in range(5):
        ram.create_user(ram_models.CreateUserRequest(user_name=f"user{index}"))
    first = ram.list_users(ram_models.ListUsersRequest(max_items=2)).body
    assert first.is_truncated and first.marker
    assert [user.user_name for user in first.users.user] == ["user0", "user1"]
    names = [user.user_name for user in first.users.user]
    marker = first.marker
    while marker:
        page = ram.list_users(ram_models.ListUsersRequest(max_items=2, marker=marker)).body
        names += [user.user_name for user in page.users.user]
        marker = page.marker if page.is_truncated else None
    assert names == [f"user{index}" for index in range(5)]
    fails(lambda: ram.list_users(ram_models.ListUsersRequest(max_items=0)), "InvalidParameter.MaxItems", 400)
    fails(lambda: ram.list_users(ram_models.ListUsersRequest(marker="nonsense!")), "InvalidParameter.Marker", 400)


def test_delete_user_conflicts(ram: RamClient) -> None:
    ram.create_user(ram_models.CreateUserRequest(user_name="erin"))
    ram.create_group(ram_models.CreateGroupRequest(group_name="ops"))
    ram.add_user_to_group(ram_models.AddUserToGroupRequest(user_name="erin", group_name="ops"))
    delete = lambda: ram.delete_user(ram_models.DeleteUserRequest(user_name="erin"))  # noqa: E731
    fails(delete, "DeleteConflict.User.Group", 409)
    ram.remove_user_from_group(ram_models.RemoveUserFromGroupRequest(user_name="erin", group_name="ops"))
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            user_name="erin", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
        )
    )
    fails(delete, "DeleteConflict.User.Policy", 409)
    ram.detach_policy_from_user(
        ram_models.DetachPolicyFromUserRequest(
            user_name="erin", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
        )
    )
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="erin")).body.access_key
    fails(delete, "DeleteConflict.User.AccessKey", 409)
    ram.delete_access_key(ram_models.DeleteAccessKeyRequest(user_name="erin", user_access_key_id=key.access_key_id))
    delete()


# -- groups and membership -----------------------------------------------------------------------


def test_group_lifecycle_and_membership(ram: RamClient) -> None:
    group = ram.create_group(ram_models.CreateGroupRequest(group_name="dev", comments="developers")).body.group
    assert group.group_name == "dev" and group.comments == "developers"
    fails(lambda: ram.create_group(ram_models.CreateGroupRequest(group_name="DEV")), "EntityAlreadyExists.Group", 409)
    for name in ("u1", "u2"):
        ram.create_user(ram_models.CreateUserRequest(user_name=name))
        ram.add_user_to_group(ram_models.AddUserToGroupRequest(user_name=name, group_name="dev"))
    fails(
        lambda: ram.add_user_to_group(ram_models.AddUserToGroupRequest(user_name="u1", group_name="dev")),
        "EntityAlreadyExists.User.Group",
        409,
    )
    members = ram.list_users_for_group(ram_models.ListUsersForGroupRequest(group_name="dev")).body.users.user
    assert [member.user_name for member in members] == ["u1", "u2"]
    groups = ram.list_groups_for_user(ram_models.ListGroupsForUserRequest(user_name="u1")).body.groups.group
    assert [(g.group_name, g.comments) for g in groups] == [("dev", "developers")]
    fails(lambda: ram.delete_group(ram_models.DeleteGroupRequest(group_name="dev")), "DeleteConflict.Group.User", 409)
    ram.update_group(ram_models.UpdateGroupRequest(group_name="dev", new_group_name="developers", new_comments="c"))
    groups = ram.list_groups_for_user(ram_models.ListGroupsForUserRequest(user_name="u2")).body.groups.group
    assert [g.group_name for g in groups] == ["developers"]
    for name in ("u1", "u2"):
        ram.remove_user_from_group(ram_models.RemoveUserFromGroupRequest(user_name=name, group_name="developers"))
    fails(
        lambda: ram.remove_user_from_group(
            ram_models.RemoveUserFromGroupRequest(user_name="u1", group_name="developers")
        ),
        "EntityNotExist.User.Group",
        404,
    )
    ram.attach_policy_to_group(
        ram_models.AttachPolicyToGroupRequest(
            group_name="developers", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
        )
    )
    fails(
        lambda: ram.delete_group(ram_models.DeleteGroupRequest(group_name="developers")),
        "DeleteConflict.Group.Policy",
        409,
    )
    listed = ram.list_groups(ram_models.ListGroupsRequest()).body.groups.group
    assert [g.group_name for g in listed] == ["developers"]
    fails(lambda: ram.get_group(ram_models.GetGroupRequest(group_name="dev")), "EntityNotExist.Group", 404)
    fails(
        lambda: ram.add_user_to_group(ram_models.AddUserToGroupRequest(user_name="nobody", group_name="developers")),
        "EntityNotExist.User",
        404,
    )


# -- roles ---------------------------------------------------------------------------------------


def test_role_lifecycle(ram: RamClient) -> None:
    role = ram.create_role(
        ram_models.CreateRoleRequest(
            role_name="NetworkAdmin",
            assume_role_policy_document=TRUST_PARTNER,
            description="partner network admins",
            max_session_duration=7200,
        )
    ).body.role
    assert role.arn == f"acs:ram::{ACME}:role/NetworkAdmin"
    assert role.max_session_duration == 7200 and role.role_id
    got = ram.get_role(ram_models.GetRoleRequest(role_name="networkadmin")).body.role
    assert got.role_name == "NetworkAdmin"
    assert got.role_principal_name == "NetworkAdmin@role.acme.onaliyunservice.com"
    assert json.loads(got.assume_role_policy_document) == json.loads(TRUST_PARTNER)
    assert " " not in got.assume_role_policy_document  # RAM returns documents compacted
    updated = ram.update_role(
        ram_models.UpdateRoleRequest(role_name="NetworkAdmin", new_description="d2", new_max_session_duration=3600)
    ).body.role
    assert (updated.description, updated.max_session_duration) == ("d2", 3600)
    listed = ram.list_roles(ram_models.ListRolesRequest()).body.roles.role
    assert [r.role_name for r in listed] == ["NetworkAdmin"]
    ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(
            role_name="NetworkAdmin", policy_name="AliyunVPCReadOnlyAccess", policy_type="System"
        )
    )
    fails(
        lambda: ram.delete_role(ram_models.DeleteRoleRequest(role_name="NetworkAdmin")),
        "DeleteConflict.Role.Policy",
        409,
    )
    ram.detach_policy_from_role(
        ram_models.DetachPolicyFromRoleRequest(
            role_name="NetworkAdmin", policy_name="AliyunVPCReadOnlyAccess", policy_type="System"
        )
    )
    ram.delete_role(ram_models.DeleteRoleRequest(role_name="NetworkAdmin"))
    fails(lambda: ram.get_role(ram_models.GetRoleRequest(role_name="NetworkAdmin")), "EntityNotExist.Role", 404)


@pytest.mark.parametrize(
    ("request_fields", "code"),
    [
        ({"role_name": "has_underscore"}, "InvalidParameter.RoleName.InvalidChars"),
        ({"role_name": "r" * 65}, "InvalidParameter.RoleName.Length"),
        ({"assume_role_policy_document": "{not json"}, "MalformedPolicyDocument"),
        (
            {"assume_role_policy_document": json.dumps({"Version": "1", "Statement": [{"Effect": "Allow"}]})},
            "MalformedPolicyDocument",
        ),
        ({"max_session_duration": 100}, "InvalidParameter.MaxSessionDuration"),
        ({"max_session_duration": 50000}, "InvalidParameter.MaxSessionDuration"),
    ],
)
def test_role_validation(ram: RamClient, request_fields: dict[str, object], code: str) -> None:
    fields: dict[str, object] = {"role_name": "ok-role", "assume_role_policy_document": TRUST_PARTNER}
    fields.update(request_fields)
    fails(lambda: ram.create_role(ram_models.CreateRoleRequest(**fields)), code, 400)


# -- policies and versions -------------------------------------------------------------------------


def test_policy_versions_and_rotation(ram: RamClient) -> None:
    created = ram.create_policy(
        ram_models.CreatePolicyRequest(policy_name="read-ram", policy_document=POLICY, description="reads")
    ).body.policy
    assert (created.policy_type, created.default_version) == ("Custom", "v1")
    for _ in range(4):
        ram.create_policy_version(ram_models.CreatePolicyVersionRequest(policy_name="read-ram", policy_document=POLICY))
    fails(
        lambda: ram.create_policy_version(
            ram_models.CreatePolicyVersionRequest(policy_name="read-ram", policy_document=POLICY)
        ),
        "LimitExceeded.Policy.Version",
        409,
    )
    rotated = ram.create_policy_version(
        ram_models.CreatePolicyVersionRequest(
            policy_name="read-ram",
            policy_document=POLICY,
            set_as_default=True,
            rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded",
        )
    ).body.policy_version
    assert (rotated.version_id, rotated.is_default_version) == ("v6", True)
    versions = ram.list_policy_versions(
        ram_models.ListPolicyVersionsRequest(policy_name="read-ram", policy_type="Custom")
    ).body.policy_versions.policy_version
    assert [(v.version_id, v.is_default_version) for v in versions] == [
        ("v1", False),
        ("v3", False),
        ("v4", False),
        ("v5", False),
        ("v6", True),
    ]
    policy = ram.get_policy(ram_models.GetPolicyRequest(policy_name="READ-RAM", policy_type="Custom")).body
    assert policy.policy.policy_name == "read-ram"
    assert policy.default_policy_version.version_id == "v6"
    fails(
        lambda: ram.delete_policy_version(
            ram_models.DeletePolicyVersionRequest(policy_name="read-ram", version_id="v6")
        ),
        "DeleteConflict.Policy.Version.Default",
        409,
    )
    ram.set_default_policy_version(ram_models.SetDefaultPolicyVersionRequest(policy_name="read-ram", version_id="v1"))
    got = ram.get_policy_version(
        ram_models.GetPolicyVersionRequest(policy_name="read-ram", policy_type="Custom", version_id="v1")
    ).body.policy_version
    assert got.is_default_version and json.loads(got.policy_document) == json.loads(POLICY)
    fails(
        lambda: ram.get_policy_version(
            ram_models.GetPolicyVersionRequest(policy_name="read-ram", policy_type="Custom", version_id="v2")
        ),
        "EntityNotExist.Policy.Version",
        404,
    )
    fails(
        lambda: ram.delete_policy(ram_models.DeletePolicyRequest(policy_name="read-ram")),
        "DeleteConflict.Policy.Version",
        409,
    )
    for version_id in ("v3", "v4", "v5", "v6"):
        ram.delete_policy_version(ram_models.DeletePolicyVersionRequest(policy_name="read-ram", version_id=version_id))
    ram.update_policy_description(
        ram_models.UpdatePolicyDescriptionRequest(policy_name="read-ram", new_description="new")
    )
    assert (
        ram.get_policy(
            ram_models.GetPolicyRequest(policy_name="read-ram", policy_type="Custom")
        ).body.policy.description
        == "new"
    )
    ram.delete_policy(ram_models.DeletePolicyRequest(policy_name="read-ram"))
    fails(
        lambda: ram.get_policy(ram_models.GetPolicyRequest(policy_name="read-ram", policy_type="Custom")),
        "EntityNotExist.Policy",
        404,
    )


@pytest.mark.parametrize(
    ("name", "document", "code"),
    [
        ("bad_name", POLICY, "InvalidParameter.PolicyName.InvalidChars"),
        ("p" * 129, POLICY, "InvalidParameter.PolicyName.Length"),
        ("p1", "{", "MalformedPolicyDocument"),
        ("p2", json.dumps({"Version": "2", "Statement": []}), "MalformedPolicyDocument"),
        (
            "p3",
            json.dumps({"Version": "1", "Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}),
            "MalformedPolicyDocument",
        ),
        (
            "p4",
            json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*"}]}),
            "MalformedPolicyDocument",
        ),
        (
            "p5",
            json.dumps(
                {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "x" * 6200}]}
            ),
            "InvalidParameter.PolicyDocument.Length",
        ),
    ],
)
def test_policy_validation(ram: RamClient, name: str, document: str, code: str) -> None:
    fails(
        lambda: ram.create_policy(ram_models.CreatePolicyRequest(policy_name=name, policy_document=document)), code, 400
    )


def test_policy_name_conflicts(ram: RamClient) -> None:
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="Mine", policy_document=POLICY))
    fails(
        lambda: ram.create_policy(ram_models.CreatePolicyRequest(policy_name="mine", policy_document=POLICY)),
        "EntityAlreadyExists.Policy",
        409,
    )
    fails(
        lambda: ram.create_policy(
            ram_models.CreatePolicyRequest(policy_name="AdministratorAccess", policy_document=POLICY)
        ),
        "EntityAlreadyExists.Policy",
        409,
    )


def test_system_policies_are_listed_and_readable(ram: RamClient) -> None:
    policy = ram.get_policy(
        ram_models.GetPolicyRequest(policy_name="aliyunstsassumeroleaccess", policy_type="System")
    ).body
    assert policy.policy.policy_name == "AliyunSTSAssumeRoleAccess"
    assert policy.policy.policy_type == "System"
    document = json.loads(policy.default_policy_version.policy_document)
    assert any("sts:AssumeRole" in json.dumps(statement) for statement in document["Statement"])
    listed = ram.list_policies(
        ram_models.ListPoliciesRequest(policy_type="System", max_items=1000)
    ).body.policies.policy
    assert "AdministratorAccess" in {p.policy_name for p in listed}
    fails(
        lambda: ram.get_policy(ram_models.GetPolicyRequest(policy_name="NoSuchPolicy", policy_type="System")),
        "EntityNotExist.Policy",
        404,
    )
    fails(
        lambda: ram.get_policy(ram_models.GetPolicyRequest(policy_name="x", policy_type="Managed")),
        "InvalidParameter.PolicyType",
        400,
    )


# -- attachments -----------------------------------------------------------------------------------


def test_attachments_are_case_insensitive_and_listed_canonically(ram: RamClient) -> None:
    ram.create_user(ram_models.CreateUserRequest(user_name="frank"))
    ram.create_group(ram_models.CreateGroupRequest(group_name="ops"))
    ram.create_role(ram_models.CreateRoleRequest(role_name="Ops", assume_role_policy_document=TRUST_PARTNER))
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="Net-Read", policy_document=POLICY))
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(user_name="frank", policy_name="administratoraccess", policy_type="System")
    )
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(user_name="frank", policy_name="net-read", policy_type="Custom")
    )
    ram.attach_policy_to_group(
        ram_models.AttachPolicyToGroupRequest(group_name="ops", policy_name="NET-READ", policy_type="Custom")
    )
    ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(role_name="ops", policy_name="Net-Read", policy_type="Custom")
    )
    fails(
        lambda: ram.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(
                user_name="FRANK", policy_name="AdministratorAccess", policy_type="System"
            )
        ),
        "EntityAlreadyExists.User.Policy",
        409,
    )
    policies = ram.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="frank")).body.policies.policy
    assert sorted((p.policy_name, p.policy_type) for p in policies) == [
        ("AdministratorAccess", "System"),
        ("Net-Read", "Custom"),
    ]
    entities = ram.list_entities_for_policy(
        ram_models.ListEntitiesForPolicyRequest(policy_name="net-read", policy_type="Custom")
    ).body
    assert [u.user_name for u in entities.users.user] == ["frank"]
    assert [g.group_name for g in entities.groups.group] == ["ops"]
    assert [(r.role_name, r.arn) for r in entities.roles.role] == [("Ops", f"acs:ram::{ACME}:role/Ops")]
    group_policies = ram.list_policies_for_group(ram_models.ListPoliciesForGroupRequest(group_name="ops")).body
    assert [p.policy_name for p in group_policies.policies.policy] == ["Net-Read"]
    role_policies = ram.list_policies_for_role(ram_models.ListPoliciesForRoleRequest(role_name="Ops")).body
    assert [p.policy_name for p in role_policies.policies.policy] == ["Net-Read"]
    count = ram.get_policy(ram_models.GetPolicyRequest(policy_name="Net-Read", policy_type="Custom")).body.policy
    assert count.attachment_count == 3
    fails(
        lambda: ram.delete_policy(ram_models.DeletePolicyRequest(policy_name="Net-Read")),
        "DeleteConflict.Policy.User",
        409,
    )
    ram.delete_policy(ram_models.DeletePolicyRequest(policy_name="Net-Read", cascading_delete=True))
    remaining = ram.list_policies_for_user(
        ram_models.ListPoliciesForUserRequest(user_name="frank")
    ).body.policies.policy
    assert [p.policy_name for p in remaining] == ["AdministratorAccess"]
    fails(
        lambda: ram.detach_policy_from_group(
            ram_models.DetachPolicyFromGroupRequest(group_name="ops", policy_name="Net-Read", policy_type="Custom")
        ),
        "EntityNotExist.Policy",
        404,
    )
    fails(
        lambda: ram.detach_policy_from_group(
            ram_models.DetachPolicyFromGroupRequest(
                group_name="ops", policy_name="AdministratorAccess", policy_type="System"
            )
        ),
        "EntityNotExist.Group.Policy",
        404,
    )
    fails(
        lambda: ram.attach_policy_to_role(
            ram_models.AttachPolicyToRoleRequest(
                role_name="nope", policy_name="AdministratorAccess", policy_type="System"
            )
        ),
        "EntityNotExist.Role",
        404,
    )


# -- AccessKeys ------------------------------------------------------------------------------------


def test_access_keys(ram: RamClient, emulator: RunningEmulator) -> None:
    ram.create_user(ram_models.CreateUserRequest(user_name="gina"))
    first = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="gina")).body.access_key
    second = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="gina")).body.access_key
    assert first.access_key_secret and first.status == "Active"
    fails(
        lambda: ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="gina")),
        "LimitExceeded.User.AccessKey",
        409,
    )
    listed = ram.list_access_keys(ram_models.ListAccessKeysRequest(user_name="gina")).body.access_keys.access_key
    assert sorted(k.access_key_id for k in listed) == sorted([first.access_key_id, second.access_key_id])
    assert all(getattr(k, "access_key_secret", None) is None for k in listed)
    as_gina = RamClient(emulator.config(first.access_key_id, first.access_key_secret))
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            user_name="gina", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
        )
    )
    assert as_gina.get_user(ram_models.GetUserRequest(user_name="gina")).body.user.user_name == "gina"
    ram.update_access_key(
        ram_models.UpdateAccessKeyRequest(user_name="gina", user_access_key_id=first.access_key_id, status="Inactive")
    )
    fails(lambda: as_gina.get_user(ram_models.GetUserRequest(user_name="gina")), "InvalidAccessKeyId.Inactive", 400)
    fails(
        lambda: ram.update_access_key(
            ram_models.UpdateAccessKeyRequest(user_name="gina", user_access_key_id=first.access_key_id, status="Paused")
        ),
        "InvalidParameter.Status",
        400,
    )
    ram.delete_access_key(ram_models.DeleteAccessKeyRequest(user_name="gina", user_access_key_id=first.access_key_id))
    fails(
        lambda: ram.delete_access_key(
            ram_models.DeleteAccessKeyRequest(user_name="gina", user_access_key_id=first.access_key_id)
        ),
        "EntityNotExist.User.AccessKey",
        404,
    )
    fails(lambda: as_gina.get_user(ram_models.GetUserRequest(user_name="gina")), "InvalidAccessKeyId.NotFound", 404)


def test_root_access_keys(ram: RamClient, emulator: RunningEmulator) -> None:
    listed = ram.list_access_keys(ram_models.ListAccessKeysRequest()).body.access_keys.access_key
    assert [k.access_key_id for k in listed] == [emulator.account("acme").access_key_id]
    extra = ram.create_access_key(ram_models.CreateAccessKeyRequest()).body.access_key
    as_root = RamClient(emulator.config(extra.access_key_id, extra.access_key_secret))
    assert as_root.list_users(ram_models.ListUsersRequest()).status_code == 200


def test_role_and_policy_tags_sent_as_json(ram: RamClient) -> None:
    ram.create_role(
        ram_models.CreateRoleRequest(
            role_name="Tagged",
            assume_role_policy_document=TRUST_PARTNER,
            tag=[ram_models.CreateRoleRequestTag(key="team", value="net")],
        )
    )
    roles = ram.list_roles(ram_models.ListRolesRequest()).body.roles.role
    assert [(tag.tag_key, tag.tag_value) for tag in roles[0].tags.tag] == [("team", "net")]
    ram.create_policy(
        ram_models.CreatePolicyRequest(
            policy_name="tagged",
            policy_document=POLICY,
            tag=[ram_models.CreatePolicyRequestTag(key="env", value="prod")],
        )
    )
    policies = ram.list_policies(ram_models.ListPoliciesRequest(policy_type="Custom")).body
    assert [(tag.tag_key, tag.tag_value) for tag in policies.policies.policy[0].tags.tag] == [("env", "prod")]
    assert not policies.is_truncated


def test_resource_group_attachments_block_deletes_until_cascaded(ram: RamClient, emulator: RunningEmulator) -> None:
    from alibabacloud_resourcemanager20200331 import models as rm_models
    from alibabacloud_resourcemanager20200331.client import Client as RmClient

    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="net-team", display_name="Network team")
    ).body.resource_group.id
    ram.create_user(ram_models.CreateUserRequest(user_name="rg-user"))
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="RgOnly", policy_document=POLICY))
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name="RgOnly",
            policy_type="Custom",
            principal_name="rg-user@acme.onaliyun.com",
            principal_type="IMSUser",
            resource_group_id=group_id,
        )
    )
    fails(lambda: ram.delete_user(ram_models.DeleteUserRequest(user_name="rg-user")), "DeleteConflict.User.Policy", 409)
    fails(
        lambda: ram.delete_policy(ram_models.DeletePolicyRequest(policy_name="RgOnly")),
        "DeleteConflict.Policy.User",
        409,
    )
    ram.delete_policy(ram_models.DeletePolicyRequest(policy_name="RgOnly", cascading_delete=True))
    remaining = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(resource_group_id=group_id)).body
    assert not remaining.policy_attachments.policy_attachment
    ram.delete_user(ram_models.DeleteUserRequest(user_name="rg-user"))


def test_users_manage_their_own_keys_and_sessions_must_name_one(ram: RamClient, emulator: RunningEmulator) -> None:
    from alibabacloud_sts20150401 import models as sts_models
    from alibabacloud_sts20150401.client import Client as StsClient

    ram.create_user(ram_models.CreateUserRequest(user_name="keyholder"))
    # AdministratorAccess is name-only in the catalogue (grants nothing here): a declared policy allows everything.
    everything = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    ram.create_policy(ram_models.CreatePolicyRequest(policy_name="Everything", policy_document=json.dumps(everything)))
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(user_name="keyholder", policy_name="Everything", policy_type="Custom")
    )
    first = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="keyholder")).body.access_key
    as_user = RamClient(emulator.config(first.access_key_id, first.access_key_secret))
    own = as_user.list_access_keys(ram_models.ListAccessKeysRequest()).body.access_keys.access_key
    assert [key.access_key_id for key in own] == [first.access_key_id]
    trust = {
        "Version": "1",
        "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": f"acs:ram::{ACME}:root"}}],
    }
    ram.create_role(ram_models.CreateRoleRequest(role_name="Admin", assume_role_policy_document=json.dumps(trust)))
    ram.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(role_name="Admin", policy_name="Everything", policy_type="Custom")
    )
    credentials = (
        StsClient(emulator.config(first.access_key_id, first.access_key_secret))
        .assume_role(sts_models.AssumeRoleRequest(role_arn=f"acs:ram::{ACME}:role/Admin", role_session_name="s1"))
        .body.credentials
    )
    as_session = RamClient(
        emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    )
    fails(lambda: as_session.create_access_key(ram_models.CreateAccessKeyRequest()), "MissingParameter", 400)
    listed = as_session.list_access_keys(ram_models.ListAccessKeysRequest(user_name="keyholder")).body
    assert [key.access_key_id for key in listed.access_keys.access_key] == [first.access_key_id]


@pytest.mark.parametrize(("kind", "code"), [("ram_user", "LimitExceeded.User"), ("ram_role", "LimitExceeded.Role")])
def test_account_quotas(ram: RamClient, monkeypatch: pytest.MonkeyPatch, kind: str, code: str) -> None:
    from alicloud_gov.emulator.services.ram import backend

    monkeypatch.setitem(backend.QUOTAS, kind, (1, backend.QUOTAS[kind][1]))
    if kind == "ram_user":
        ram.create_user(ram_models.CreateUserRequest(user_name="only"))
        fails(lambda: ram.create_user(ram_models.CreateUserRequest(user_name="second")), code, 409)
    else:
        ram.create_role(ram_models.CreateRoleRequest(role_name="only", assume_role_policy_document=TRUST_PARTNER))
        fails(
            lambda: ram.create_role(
                ram_models.CreateRoleRequest(role_name="second", assume_role_policy_document=TRUST_PARTNER)
            ),
            code,
            409,
        )


def test_system_policy_versions(ram: RamClient) -> None:
    # AliyunVPCFullAccess: published current version v12 (RAM reference, .../developer-reference/aliyunvpcfullaccess)
    versions = ram.list_policy_versions(
        ram_models.ListPolicyVersionsRequest(policy_name="aliyunvpcfullaccess", policy_type="System")
    ).body.policy_versions.policy_version
    assert [(v.version_id, v.is_default_version) for v in versions] == [("v12", True)]
    one = ram.get_policy_version(
        ram_models.GetPolicyVersionRequest(policy_name="AliyunVPCFullAccess", policy_type="System", version_id="v12")
    ).body.policy_version
    assert json.loads(one.policy_document)["Statement"]
    fails(
        lambda: ram.get_policy_version(
            ram_models.GetPolicyVersionRequest(policy_name="AliyunVPCFullAccess", policy_type="System", version_id="v2")
        ),
        "EntityNotExist.Policy.Version",
        404,
    )


def test_renamed_user_keeps_its_resource_group_attachments(ram: RamClient, emulator: RunningEmulator) -> None:
    from alibabacloud_resourcemanager20200331 import models as rm_models
    from alibabacloud_resourcemanager20200331.client import Client as RmClient

    rm = RmClient(emulator.root_config("acme"))
    group_id = rm.create_resource_group(
        rm_models.CreateResourceGroupRequest(name="renames", display_name="Renames")
    ).body.resource_group.id
    ram.create_user(ram_models.CreateUserRequest(user_name="before"))
    rm.attach_policy(
        rm_models.AttachPolicyRequest(
            policy_name="AliyunVPCReadOnlyAccess",
            policy_type="System",
            principal_name="before@acme.onaliyun.com",
            principal_type="IMSUser",
            resource_group_id=group_id,
        )
    )
    ram.update_user(ram_models.UpdateUserRequest(user_name="before", new_user_name="after"))
    listed = rm.list_policy_attachments(rm_models.ListPolicyAttachmentsRequest(resource_group_id=group_id)).body
    assert [item.principal_name for item in listed.policy_attachments.policy_attachment] == ["after@acme.onaliyun.com"]
    fails(lambda: ram.delete_user(ram_models.DeleteUserRequest(user_name="after")), "DeleteConflict.User.Policy", 409)


def test_account_alias(ram: RamClient, emulator: RunningEmulator) -> None:
    assert ram.get_account_alias().body.account_alias == "acme"
    partner = RamClient(emulator.root_config("partner"))
    assert partner.get_account_alias().body.account_alias == "partner"
