"""The emulator's authoriser against hostile callers, through the official SDK (issue 12, items 1 and 3).

Item 1: a Deny on ``acs:ram:*:*:user/boss`` holds when the request spells the name in another case;
RAM names are unique regardless of case, so ``BOSS`` is ``boss`` (rule and source:
:func:`alicloud_gov.policy.matching.folds_case`).

Item 3: a role session whose session policy is a backtracking bomb must not stall callers of other
accounts: policies are evaluated with a linear-time matcher, outside the store lock.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.exceptions import ClientException

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.policy.evaluate import Evaluator

ACME = "1000000000000001"
# Six "*a" and a 80-character name: about 9 s for the backtracking matcher this replaced (grows ~6x per "*a").
HOSTILE_RESOURCE = "acs:ram:*:*:user/" + "*a" * 6 + "b"
LONG_NAME = "a" * 80
SECOND_CALLER_BOUND = 2.0
HOSTILE_CALLER_BOUND = 5.0


def denied(call: object) -> ClientException:
    """Run a zero-argument call and assert the emulator refused it with NoPermission (403)."""
    with pytest.raises(ClientException) as caught:
        call()  # type: ignore[operator]
    assert (caught.value.code, caught.value.status_code) == ("NoPermission", 403), caught.value.message
    return caught.value


def user_with_policy(emulator: RunningEmulator, name: str, document: dict[str, object]) -> tuple[str, str]:
    """A RAM user of acme holding one custom policy; returns its AccessKey pair."""
    ram = RamClient(emulator.root_config("acme"))
    ram.create_user(ram_models.CreateUserRequest(user_name=name))
    policy = ram_models.CreatePolicyRequest(policy_name=f"{name}-policy", policy_document=json.dumps(document))
    ram.create_policy(policy)
    ram.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(user_name=name, policy_name=f"{name}-policy", policy_type="Custom")
    )
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name=name)).body.access_key
    return key.access_key_id, key.access_key_secret


def test_explicit_deny_on_a_user_holds_in_any_case(emulator: RunningEmulator) -> None:
    root = RamClient(emulator.root_config("acme"))
    root.create_user(ram_models.CreateUserRequest(user_name="boss"))
    root.create_user(ram_models.CreateUserRequest(user_name="Admin"))
    root.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(user_name="Admin", policy_name="AdministratorAccess", policy_type="System")
    )
    guard = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "ram:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": ["ram:CreateAccessKey", "ram:ListPoliciesForUser"],
                "Resource": ["acs:ram:*:*:user/boss", "acs:ram:*:*:user/admin"],
            },
        ],
    }
    mallory = RamClient(emulator.config(*user_with_policy(emulator, "mallory", guard)))
    denied(lambda: mallory.create_access_key(ram_models.CreateAccessKeyRequest(user_name="BOSS")))
    denied(lambda: mallory.create_access_key(ram_models.CreateAccessKeyRequest(user_name="Boss")))
    denied(lambda: mallory.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="ADMIN")))
    denied(lambda: mallory.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="admin")))
    keys = root.list_access_keys(ram_models.ListAccessKeysRequest(user_name="boss")).body.access_keys.access_key
    assert keys == []
    # The Allow still works on names the Deny does not cover.
    assert mallory.list_policies_for_user(ram_models.ListPoliciesForUserRequest(user_name="mallory")).body.policies


def hostile_session(emulator: RunningEmulator) -> RamClient:
    """A session of an administrator role in acme, narrowed by a backtracking-bomb session policy."""
    root = RamClient(emulator.root_config("acme"))
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": ACME}}]}
    root.create_role(ram_models.CreateRoleRequest(role_name="ops", assume_role_policy_document=json.dumps(trust)))
    root.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(role_name="ops", policy_name="AdministratorAccess", policy_type="System")
    )
    assumer = user_with_policy(
        emulator, "assumer", {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:*", "Resource": "*"}]}
    )
    session_policy = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "ram:*", "Resource": HOSTILE_RESOURCE}],
    }
    credentials = (
        StsClient(emulator.config(*assumer))
        .assume_role(
            sts_models.AssumeRoleRequest(
                role_arn=f"acs:ram::{ACME}:role/ops", role_session_name="bomb", policy=json.dumps(session_policy)
            )
        )
        .body.credentials
    )
    return RamClient(
        emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    )


def test_hostile_session_policy_does_not_stall_another_account(emulator: RunningEmulator) -> None:
    session = hostile_session(emulator)
    partner = RamClient(emulator.root_config("partner"))
    partner.list_users(ram_models.ListUsersRequest())  # warm the partner's client and connection
    outcome: dict[str, object] = {}

    def hostile_call() -> None:
        started = time.monotonic()
        try:
            session.get_user(ram_models.GetUserRequest(user_name=LONG_NAME))
        except ClientException as error:
            outcome["code"] = error.code
        outcome["hostile_seconds"] = time.monotonic() - started

    worker = threading.Thread(target=hostile_call, daemon=True)
    worker.start()
    # Call from the other account again and again while the hostile request is in flight; keep the slowest.
    slowest = 0.0
    window_ends = time.monotonic() + 3.0
    while worker.is_alive() and time.monotonic() < window_ends:
        started = time.monotonic()
        partner.list_users(ram_models.ListUsersRequest())
        slowest = max(slowest, time.monotonic() - started)
    worker.join(60)
    assert not worker.is_alive()
    assert outcome["code"] == "NoPermission"  # the session policy grants nothing on user/aaaa... (no "b")
    assert slowest < SECOND_CALLER_BOUND, f"the other account waited {slowest:.2f} s"
    assert float(outcome["hostile_seconds"]) < HOSTILE_CALLER_BOUND  # type: ignore[arg-type]


def test_policies_are_evaluated_outside_the_store_lock(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spy on the real evaluator records whether the request thread holds the store lock while it decides."""
    lock = emulator.emulator.store._lock
    held: list[bool] = []
    evaluate = Evaluator.evaluate

    def spy(self: Evaluator, *args: object, **kwargs: object) -> object:
        held.append(lock._is_owned())  # type: ignore[attr-defined]
        return evaluate(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Evaluator, "evaluate", spy)
    reader = user_with_policy(
        emulator, "reader", {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:*", "Resource": "*"}]}
    )
    client = RamClient(emulator.config(*reader))
    held.clear()
    client.list_users(ram_models.ListUsersRequest())
    client.create_group(ram_models.CreateGroupRequest(group_name="readers"))
    assert held and not any(held), held
