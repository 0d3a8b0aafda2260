"""The emulator serves the system-policy catalogue in every account, through the official RAM client.

Real RAM: every account holds Alibaba's system policies (ListPolicies with PolicyType=System pages them with
Marker/MaxItems; GetPolicy / GetPolicyVersion return the default version's document as text), e.g.
AliyunECSReadOnlyAccess exists in every account (RAM reference, "System policies"), so attaching it succeeds.
"""

from __future__ import annotations

import json

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.policy.system_policies import all_system_policies, system_policy_entry
from tests.wire.helpers import fails, user_key

CORE = [
    entry.name
    for entry in all_system_policies()
    if entry.name
    in {
        "AdministratorAccess",
        "AliyunECSReadOnlyAccess",
        "AliyunExpressConnectFullAccess",
        "AliyunRAMReadOnlyAccess",
        "AliyunSTSAssumeRoleAccess",
        "AliyunVPCFullAccess",
        "AliyunVPCReadOnlyAccess",
    }
]


def _all_system_policies(ram: RamClient) -> list[ram_models.ListPoliciesResponseBodyPoliciesPolicy]:
    listed: list[ram_models.ListPoliciesResponseBodyPoliciesPolicy] = []
    marker = None
    while True:
        body = ram.list_policies(
            ram_models.ListPoliciesRequest(policy_type="System", max_items=100, marker=marker)
        ).body
        listed.extend(body.policies.policy)
        if not body.is_truncated:
            return listed
        marker = body.marker


def test_attaching_aliyun_ecs_read_only_access_succeeds(ram: RamClient) -> None:
    # Before the catalogue: EntityNotExist.Policy, although the policy exists in every real account.
    ram.create_user(ram_models.CreateUserRequest(user_name="viewer"))
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(
            user_name="viewer", policy_name="aliyunecsreadonlyaccess", policy_type="System"
        )
    )
    attached = ram.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="viewer")).body
    assert [p.policy_name for p in attached.policies.policy] == ["AliyunECSReadOnlyAccess"]
    fails(
        lambda: ram.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(
                user_name="viewer", policy_name="AliyunECSReadOnlyAcess", policy_type="System"
            )
        ),
        "EntityNotExist.Policy",
        404,
    )


def test_list_policies_system_pages_through_the_whole_catalogue(ram: RamClient) -> None:
    first = ram.list_policies(ram_models.ListPoliciesRequest(policy_type="System", max_items=100)).body
    assert len(first.policies.policy) == 100 and first.is_truncated
    listed = _all_system_policies(ram)
    names = [p.policy_name for p in listed]
    assert names == [entry.name for entry in all_system_policies()]
    assert set(CORE) <= set(names)
    vpc = next(p for p in listed if p.policy_name == "AliyunVPCFullAccess")
    assert (vpc.policy_type, vpc.default_version, vpc.update_date) == ("System", "v12", "2023-04-07T00:00:00Z")


def test_get_policy_version_returns_the_published_document(ram: RamClient) -> None:
    entry = system_policy_entry("AliyunRAMReadOnlyAccess")
    assert entry is not None and entry.version == "v3"
    got = ram.get_policy(ram_models.GetPolicyRequest(policy_name="aliyunramreadonlyaccess", policy_type="System")).body
    assert got.policy.default_version == "v3"
    assert got.policy.description == entry.description
    assert json.loads(got.default_policy_version.policy_document) == entry.document
    version = ram.get_policy_version(
        ram_models.GetPolicyVersionRequest(policy_name="AliyunRAMReadOnlyAccess", policy_type="System", version_id="v3")
    ).body.policy_version
    assert version.is_default_version and json.loads(version.policy_document) == entry.document
    fails(
        lambda: ram.get_policy_version(
            ram_models.GetPolicyVersionRequest(
                policy_name="AliyunRAMReadOnlyAccess", policy_type="System", version_id="v1"
            )
        ),
        "EntityNotExist.Policy.Version",
        404,
    )


def test_ram_read_only_access_is_enforced_with_its_document(emulator: RunningEmulator) -> None:
    key_id, secret = user_key(emulator, "auditor", ("System", "AliyunRAMReadOnlyAccess"))
    auditor = RamClient(emulator.config(key_id, secret))
    assert auditor.get_user(ram_models.GetUserRequest(user_name="auditor")).body.user.user_name == "auditor"
    fails(lambda: auditor.create_user(ram_models.CreateUserRequest(user_name="mallory")), "NoPermission", 403)


def test_a_name_only_policy_attaches_and_grants_nothing(emulator: RunningEmulator, ram: RamClient) -> None:
    name_only = next(entry for entry in all_system_policies() if entry.name_only)
    key_id, secret = user_key(emulator, "holder", ("System", name_only.name))
    holder = RamClient(emulator.config(key_id, secret))
    fails(lambda: holder.get_user(ram_models.GetUserRequest(user_name="holder")), "NoPermission", 403)
    version = ram.get_policy(ram_models.GetPolicyRequest(policy_name=name_only.name, policy_type="System")).body
    assert json.loads(version.default_policy_version.policy_document) == {"Version": "1", "Statement": []}
