"""Issue 14, bugs 1 and 3: clearing an optional text field set outside Pulumi, and importing an id that is not there.

Bug 1's ground truth: terraform-provider-alicloud's ``resourceAlicloudRamUserUpdate`` sends ``NewEmail=""`` /
``NewComments=""`` when the field leaves the configuration (commit b188fddce, "Fixed field update diff error"),
and its acceptance test ``resource_alicloud_ram_user_test.go`` checks against the real cloud that the field is
then gone (``REMOVEKEY``); ``resourceAliCloudRamRoleUpdate`` sends ``NewDescription`` with the empty value the
same way. So an empty ``New*`` value clears the field, and absent in the program means "clear it".
"""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient

from alicloud_gov.provider.handlers import ResourceFailure
from tests.wire.provider_harness import Harness, account_harness

ACME_UID = "1000000000000001"
TRUST = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]}}],
}


@pytest.fixture
def acme(emulator: Any) -> Harness:
    return account_harness(emulator, ACME_UID)


def _refresh_and_update(
    acme: Harness, type_name: str, resource_id: str, state: dict[str, Any], news: dict[str, Any]
) -> dict[str, Any]:
    """What ``pulumi up --refresh`` does: read the drift, diff against the program, update in place."""
    found, properties, _inputs = acme.read(type_name, "r", resource_id, state)
    assert found == resource_id
    response = acme.diff(type_name, properties, news)
    assert response.changes and not response.replaces
    return acme.update(type_name, "r", resource_id, properties, news)


def test_user_email_and_comments_set_out_of_band_are_cleared(acme: Harness, ram: RamClient) -> None:
    user_id, state = acme.create("RamUser", "r", {"name": "erin"})
    ram.update_user(ram_models.UpdateUserRequest(user_name="erin", new_email="erin@example.com", new_comments="hand"))
    _refresh_and_update(acme, "RamUser", user_id, state, {"name": "erin"})
    user = ram.get_user(ram_models.GetUserRequest(user_name="erin")).body.user
    assert (user.email or "", user.comments or "") == ("", "")
    _, _properties, inputs = acme.read("RamUser", "r", user_id, state)
    assert inputs == {"name": "erin"}


def test_role_description_set_out_of_band_is_cleared(acme: Harness, ram: RamClient) -> None:
    role_id, state = acme.create("RamRole", "r", {"name": "ops", "assumeRolePolicyDocument": TRUST})
    ram.update_role(ram_models.UpdateRoleRequest(role_name="ops", new_description="set by hand"))
    _refresh_and_update(acme, "RamRole", role_id, state, {"name": "ops", "assumeRolePolicyDocument": TRUST})
    role = ram.get_role(ram_models.GetRoleRequest(role_name="ops")).body.role
    assert (role.description or "") == ""


def test_group_comments_set_out_of_band_are_cleared(acme: Harness, ram: RamClient) -> None:
    group_id, state = acme.create("RamGroup", "r", {"name": "devs"})
    ram.update_group(ram_models.UpdateGroupRequest(group_name="devs", new_comments="set by hand"))
    _refresh_and_update(acme, "RamGroup", group_id, state, {"name": "devs"})
    group = ram.get_group(ram_models.GetGroupRequest(group_name="devs")).body.group
    assert (group.comments or "") == ""


@pytest.mark.parametrize(
    ("type_name", "resource_id"),
    [
        ("RamUser", "nobody"),
        ("RamGroup", "nogroup"),
        ("RamRole", "norole"),
        ("RamPolicy", "nopolicy"),
        ("RamGroupMembership", "nogroup:nobody"),
        ("PolicyAttachment", "account:user:nobody:System:AliyunECSReadOnlyAccess"),
    ],
)
def test_import_of_a_missing_id_fails_naming_it(acme: Harness, type_name: str, resource_id: str) -> None:
    with pytest.raises(ResourceFailure) as failure:
        acme.read(type_name, "imported", resource_id)  # no state: the engine's import
    assert type_name in str(failure.value) and resource_id in str(failure.value)


def test_refresh_of_a_deleted_resource_still_reports_it_gone(acme: Harness) -> None:
    user_id, state = acme.create("RamUser", "r", {"name": "gone"})
    acme.delete("RamUser", "r", user_id, state)
    assert acme.read("RamUser", "r", user_id, state)[0] is None
