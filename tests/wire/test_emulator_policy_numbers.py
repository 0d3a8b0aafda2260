"""A RAM user whose policy holds a 400-digit number in a Numeric condition gets normal answers (issue 12, item 5).

Before the fix, compiling such a policy raised OverflowError and every call of the holder was InternalError 500.
Numbers in conditions are now compared exactly (alicloud_gov.policy.conditions.parse_number).
"""

from __future__ import annotations

import json

import pytest
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi.exceptions import ClientException

from alicloud_gov.emulator.testing import RunningEmulator

HUGE = "1" + "0" * 399  # 400 digits

POLICY = json.dumps(
    {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "ram:GetUser", "Resource": "*"},
            {
                "Effect": "Allow",
                "Action": "ram:ListUsers",
                "Resource": "*",
                "Condition": {"NumericGreaterThan": {"acs:SomeCount": int(HUGE)}},
            },
            {
                "Effect": "Deny",
                "Action": "ram:GetUser",
                "Resource": "*",
                "Condition": {"NumericLessThan": {"acs:SomeCount": HUGE}},
            },
        ],
    }
)


def test_holder_of_a_400_digit_numeric_condition_gets_allow_or_no_permission(emulator: RunningEmulator) -> None:
    root = RamClient(emulator.root_config("acme"))
    root.create_user(ram_models.CreateUserRequest(user_name="numbers"))
    root.create_policy(ram_models.CreatePolicyRequest(policy_name="Huge", policy_document=POLICY))
    root.attach_policy_to_user(
        ram_models.AttachPolicyToUserRequest(user_name="numbers", policy_name="Huge", policy_type="Custom")
    )
    key = root.create_access_key(ram_models.CreateAccessKeyRequest(user_name="numbers")).body.access_key
    holder = RamClient(emulator.config(key.access_key_id, key.access_key_secret))
    # The request carries no acs:SomeCount: the Deny's positive operator does not hold, the Allow applies.
    got = holder.get_user(ram_models.GetUserRequest(user_name="numbers"))
    assert got.status_code == 200 and got.body.user.user_name == "numbers"
    # The conditional Allow does not hold either: an implicit deny, answered as RAM answers it.
    with pytest.raises(ClientException) as caught:
        holder.list_users(ram_models.ListUsersRequest())
    assert (caught.value.status_code, caught.value.code) == (403, "NoPermission"), caught.value.message
