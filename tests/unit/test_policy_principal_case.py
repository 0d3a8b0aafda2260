"""RAM principal names match in any case in the offline model, as in the emulator (issue 12, item 1).

The rule (``alicloud_gov.policy.matching.folds_case``): RAM user, group, role and policy names are unique
within an account regardless of case, so ``BOSS`` and ``boss`` are one entity. The emulator's store keys
names in lower case; the offline evaluator behind ``simulate`` and ``plan`` must find the same principal,
its groups and its attachments whatever the case the question is asked in.
"""

from __future__ import annotations

from alicloud_gov.policy.evaluate import evaluate
from alicloud_gov.policy.stack import Principal, stack_from_dict

A = "1000000000000001"
ADMIN = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:*", "Resource": "*"}]}
DENY_KEYS = {
    "Version": "1",
    "Statement": [{"Effect": "Deny", "Action": "ram:CreateAccessKey", "Resource": "acs:ram:*:*:user/boss"}],
}


def _stack():  # type: ignore[no-untyped-def]
    return stack_from_dict(
        {
            "account_id": A,
            "users": ["Boss", "ops"],
            "groups": ["Admins"],
            "memberships": [["Boss", "Admins"]],
            "policies": {"admin": ADMIN, "deny-keys": DENY_KEYS},
            "attachments": [
                {"principal": "group:Admins", "policy": "admin", "policy_type": "Custom"},
                {"principal": "user:ops", "policy": "admin", "policy_type": "Custom"},
                {"principal": "user:ops", "policy": "deny-keys", "policy_type": "Custom"},
            ],
        }
    )


def test_a_user_asked_in_another_case_is_the_declared_user_with_its_groups() -> None:
    stack = _stack()
    assert stack.has_principal("user", "BOSS") and stack.has_principal("group", "admins")
    decision = evaluate(stack, Principal.user("BOSS", A), "ram:ListUsers", "acs:ram:*:" + A + ":user/*")
    assert decision.allowed, decision.reason


def test_a_deny_on_a_user_arn_holds_for_every_spelling_of_the_target() -> None:
    stack = _stack()
    for target in ("boss", "BOSS", "Boss"):
        decision = evaluate(stack, Principal.user("OPS", A), "ram:CreateAccessKey", f"acs:ram::{A}:user/{target}")
        assert not decision.allowed, (target, decision.reason)
