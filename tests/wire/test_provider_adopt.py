"""A create after an interrupted apply: its own earlier attempt is adopted, anyone else's entity is refused.

Pulumi v3.274 keeps the pending CREATE of a killed run in the state and creates the resource again on the next
`up`; these tests make the "earlier attempt" out of band (as the killed run left it) and call the provider's
Create over real HTTP against the emulator.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud
from alicloud_gov.provider.handlers import ResourceFailure
from tests.wire.provider_harness import Harness, account_cloud, account_harness

ACME_UID = "1000000000000001"
TRUST = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{ACME_UID}:root"]}}],
}
READ_ONLY = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["ram:Get*"], "Resource": ["*"]}]}


@pytest.fixture
def acme(emulator: Any) -> Harness:
    return account_harness(emulator, ACME_UID)


@pytest.fixture
def cloud(emulator: Any) -> Cloud:
    return account_cloud(emulator, ACME_UID, max_attempts=1)


def _user_names(cloud: Cloud) -> list[str]:
    return [user["UserName"] for user in cloud.ram.list_all("ListUsers", {}, items="Users.User")]


def test_create_adopts_its_own_earlier_user(acme: Harness, cloud: Cloud) -> None:
    earlier = cloud.ram.call("CreateUser", {"UserName": "rk-user-17", "DisplayName": "RK 17", "Comments": "batch"})
    user_id, state = acme.create(
        "RamUser", "rk-user-17", {"name": "rk-user-17", "displayName": "RK 17", "comments": "batch"}
    )
    assert user_id == "rk-user-17"
    assert state["userId"] == earlier["User"]["UserId"]
    assert _user_names(cloud) == ["rk-user-17"]


def test_create_adopts_its_own_earlier_user_with_only_a_name(acme: Harness, cloud: Cloud) -> None:
    # RAM shows the name as the display name when none was given: the refresh view keeps them equal.
    cloud.ram.call("CreateUser", {"UserName": "rk-user-3"})
    assert acme.create("RamUser", "rk-user-3", {"name": "rk-user-3"})[0] == "rk-user-3"


def test_create_adopts_its_own_earlier_role_policy_and_group(acme: Harness, cloud: Cloud) -> None:
    # The read-back documents are compared in normalised form, not as text.
    cloud.ram.call("CreateRole", {"RoleName": "Ops", "AssumeRolePolicyDocument": json.dumps(TRUST, indent=4)})
    assert acme.create("RamRole", "ops", {"name": "Ops", "assumeRolePolicyDocument": TRUST})[0] == "Ops"
    cloud.ram.call("CreatePolicy", {"PolicyName": "RamRead", "PolicyDocument": json.dumps(READ_ONLY)})
    assert acme.create("RamPolicy", "read", {"name": "RamRead", "document": READ_ONLY})[0] == "RamRead"
    group = cloud.resourcemanager.call("CreateResourceGroup", {"Name": "rg-batch", "DisplayName": "Batch"})
    rg_id, _ = acme.create("ResourceGroup", "batch", {"name": "rg-batch", "displayName": "Batch"})
    assert rg_id == group["ResourceGroup"]["Id"]


@pytest.mark.parametrize(
    ("type_name", "inputs", "foreign", "kind"),
    [
        ("RamUser", {"name": "frank", "displayName": "Frank"}, ("CreateUser", {"UserName": "frank"}), "RAM user"),
        (
            "RamUser",
            {"name": "frank", "comments": "ours"},
            ("CreateUser", {"UserName": "frank", "Comments": "theirs"}),
            "RAM user",
        ),
        (
            "RamRole",
            {"name": "Ops", "assumeRolePolicyDocument": TRUST},
            (
                "CreateRole",
                {
                    "RoleName": "Ops",
                    "AssumeRolePolicyDocument": json.dumps(
                        {
                            **TRUST,
                            "Statement": [{**TRUST["Statement"][0], "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
                        }
                    ),
                },
            ),
            "RAM role",
        ),
        (
            "RamPolicy",
            {"name": "RamRead", "document": READ_ONLY},
            (
                "CreatePolicy",
                {
                    "PolicyName": "RamRead",
                    "PolicyDocument": json.dumps(
                        {**READ_ONLY, "Statement": [{**READ_ONLY["Statement"][0], "Action": ["ram:*"]}]}
                    ),
                },
            ),
            "custom policy",
        ),
    ],
)
def test_create_refuses_a_foreign_entity_of_the_same_name(
    acme: Harness, cloud: Cloud, type_name: str, inputs: dict[str, Any], foreign: tuple[str, dict[str, Any]], kind: str
) -> None:
    cloud.ram.call(*foreign)
    name = inputs["name"]
    with pytest.raises(ResourceFailure, match=rf"a {kind} named '{name}' already exists; adopt it with `pulumi import"):
        acme.create(type_name, "r", inputs)


def test_create_refuses_a_foreign_resource_group_of_the_same_name(acme: Harness, cloud: Cloud) -> None:
    cloud.resourcemanager.call("CreateResourceGroup", {"Name": "rg-batch", "DisplayName": "Someone else's"})
    with pytest.raises(ResourceFailure, match="a resource group named 'rg-batch' already exists; adopt it with"):
        acme.create("ResourceGroup", "batch", {"name": "rg-batch", "displayName": "Batch"})
