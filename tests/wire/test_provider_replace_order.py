"""Resources whose identity is their natural key never create-before-delete onto themselves.

A replacement is create-then-delete unless the provider's Diff answers deleteBeforeReplace (pulumi/pulumi
pkg/resource/deploy/step_generator.go): for a grant, the "new" create is the very grant the "old" delete then
revokes. :func:`up` plays the engine's steps for one resource against the provider over real HTTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from alicloud_gov.cloud import Cloud
from alicloud_gov.spec.schema import RESOURCES
from tests.wire.provider_harness import Harness, account_cloud, account_harness

ACME_UID = "1000000000000001"
VPC_READ = "AliyunVPCReadOnlyAccess"
ALICE_VPC_READ = {"principalType": "user", "principalName": "alice", "policyName": VPC_READ, "policyType": "System"}


@pytest.fixture
def acme(emulator: Any) -> Harness:
    return account_harness(emulator, ACME_UID)


@pytest.fixture
def cloud(emulator: Any) -> Cloud:
    return account_cloud(emulator, ACME_UID)


def up(
    harness: Harness, type_name: str, name: str, resource_id: str, state: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The engine's steps for one declared resource with stored ``state``: nothing, or a replacement in the order
    the provider's diff asks for (create first unless deleteBeforeReplace)."""
    response = harness.diff(type_name, state, news)
    if not response.changes:
        return resource_id, dict(state)
    assert response.replaces, "these resources are never updated in place"
    if response.delete_before_replace:
        harness.delete(type_name, name, resource_id, state)
        return harness.create(type_name, name, news)
    created = harness.create(type_name, name, news)
    harness.delete(type_name, name, resource_id, state)
    return created


def _alice_policies(cloud: Cloud) -> list[str]:
    body = cloud.ram.call("ListPoliciesForUser", {"UserName": "alice"})
    return [item["PolicyName"] for item in body["Policies"]["Policy"]]


@pytest.mark.parametrize("scope", [ACME_UID, "account"])
def test_import_by_account_uid_then_up_keeps_the_grant(acme: Harness, cloud: Cloud, scope: str) -> None:
    """Resource Management AttachPolicy: ResourceGroupId is a resource group id or the account's UID (account
    scope), so ``<uid>:user:...`` names the same grant as ``account:user:...``; the read answers the canonical id."""
    cloud.ram.call("CreateUser", {"UserName": "alice"})
    cloud.ram.call("AttachPolicyToUser", {"UserName": "alice", "PolicyType": "System", "PolicyName": VPC_READ})
    canonical = f"account:user:alice:System:{VPC_READ}"

    imported_id, state, inputs = acme.read("PolicyAttachment", "alice-vpc", f"{scope}:user:alice:System:{VPC_READ}")
    assert imported_id == canonical
    assert "resourceGroupId" not in inputs and state["scope"] == "account"
    assert acme.diff("PolicyAttachment", state, ALICE_VPC_READ).changes is False

    up(acme, "PolicyAttachment", "alice-vpc", imported_id, state, ALICE_VPC_READ)
    assert _alice_policies(cloud) == [VPC_READ]


def test_state_scoped_by_account_uid_replaced_keeps_the_grant(acme: Harness, cloud: Cloud) -> None:
    """State written with the account's UID as resourceGroupId (an earlier import), program at account scope:
    whatever the diff decides, the user still holds the policy afterwards."""
    cloud.ram.call("CreateUser", {"UserName": "alice"})
    cloud.ram.call("AttachPolicyToUser", {"UserName": "alice", "PolicyType": "System", "PolicyName": VPC_READ})
    old_id = f"{ACME_UID}:user:alice:System:{VPC_READ}"
    old_state = {**ALICE_VPC_READ, "resourceGroupId": ACME_UID, "scope": ACME_UID, "accountId": ACME_UID}

    up(acme, "PolicyAttachment", "alice-vpc", old_id, old_state, ALICE_VPC_READ)
    assert _alice_policies(cloud) == [VPC_READ]


def test_natural_key_types_delete_before_replace(acme: Harness) -> None:
    """A replaced grant, membership, ECR grant or association, or resource move deletes first."""
    natural = {spec.type_name for spec in RESOURCES.values() if spec.natural_key}
    assert natural == {"PolicyAttachment", "RamGroupMembership", "ResourceGroupMove", "EcrGrant", "EcrAssociation"}
    old = {**ALICE_VPC_READ, "scope": "account", "accountId": ACME_UID}
    response = acme.diff("PolicyAttachment", old, {**ALICE_VPC_READ, "principalName": "bob"})
    assert response.replaces == ["principalName"] and response.delete_before_replace is True
    membership = acme.diff(
        "RamGroupMembership", {"groupName": "ops", "userName": "a"}, {"groupName": "ops", "userName": "b"}
    )
    assert membership.delete_before_replace is True
    trust = {"trustedServices": ["ecs.aliyuncs.com"]}
    role = acme.diff("RamRole", {"name": "ops", **trust}, {"name": "ops2", **trust})
    assert role.replaces == ["name"] and role.delete_before_replace is False
