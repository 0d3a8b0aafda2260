"""Wildcard matching under hostile input, and the case rule for RAM entity ARNs (issue 12, items 1 and 3).

Case rule: RAM user, group, role and policy names are unique within an account regardless of case
(the emulator's store keys them lower-cased; RAM's CreateUser authorises on the ARN
``acs:ram:*:{#accountId}:user/*`` that names the user,
https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createuser), so an ARN of
service ``ram`` names the same entity in any case and a Deny on ``user/boss`` covers ``user/BOSS``.
Other services' resource ids stay case-sensitive.

Hang guards: each hostile call runs in a forked child that must answer within a generous bound;
the backtracking matcher this replaced needed minutes for ``*a`` x 6 against 200 characters.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from alicloud_gov.cli.main import cli
from alicloud_gov.policy import matching
from alicloud_gov.policy.evaluate import Evaluator
from alicloud_gov.policy.matching import Pattern, resource_patterns
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

A = "1000000000000001"
HANG_GUARD_SECONDS = 2.0
HOSTILE = "*a" * 60 + "b"
LONG_A = "a" * 5000

T = TypeVar("T")


def finishes(call: Callable[[], T], bound: float = HANG_GUARD_SECONDS) -> T:
    """Run ``call`` in a forked child and fail unless it answers within ``bound`` seconds.

    A child process, not a thread: a backtracking regex runs in C holding the GIL, so a thread
    timeout could never fire while it runs.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run() -> None:
        try:
            sender.send(("value", call()))
        except BaseException as error:  # reported to the test process
            sender.send(("error", repr(error)))

    child = context.Process(target=run, daemon=True)
    child.start()
    try:
        answered = receiver.poll(bound)
        if not answered:
            pytest.fail(f"no answer after {bound} s (a hang)")
        kind, value = receiver.recv()
    finally:
        child.kill()
        child.join()
    assert kind == "value", value
    return value  # type: ignore[no-any-return]


# -- item 3: linear-time matching ------------------------------------------------------------------------------


@pytest.mark.parametrize("case_sensitive", [True, False])
def test_hostile_pattern_against_a_long_value_finishes(case_sensitive: bool) -> None:
    pattern = Pattern(HOSTILE, case_sensitive=case_sensitive)
    assert finishes(lambda: pattern.matches(LONG_A)) is False
    assert finishes(lambda: pattern.matches(LONG_A + "b")) is True
    assert finishes(lambda: Pattern("?a" * 60 + "b").matches(LONG_A)) is False
    assert finishes(lambda: Pattern("*?a" * 60 + "*b").matches(LONG_A + "b")) is True


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("", "", True),
        ("", "a", False),
        ("*", "", True),
        ("**", "abc", True),
        ("a*", "a", True),
        ("*a", "a", True),
        ("a*a", "a", False),
        ("a*a", "aa", True),
        ("?", "", False),
        ("?", "x", True),
        ("a?c*", "abc", True),
        ("*b?d*", "abxbcd", True),
        ("*b?d", "abcdbcd", True),
        ("*ab*ab*", "abab", True),
        ("*ab*ab*", "aba", False),
        ("*aa", "aaa", True),
        ("a*b*c", "abbbc", True),
        ("a*b*c", "acb", False),
        ("x*??*y", "x1y", False),
        ("x*??*y", "x12y", True),
        ("a.c", "abc", False),
        ("[ab]", "a", False),
        ("[ab]", "[ab]", True),
    ],
)
def test_wildcard_semantics(pattern: str, value: str, expected: bool) -> None:
    assert matching.wildcard_match(pattern, value) is expected


def test_evaluator_finishes_on_hostile_identity_and_session_policies() -> None:
    resource = f"acs:vpc:cn-hangzhou:{A}:vpc/{LONG_A}"
    hostile = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": ["vpc:" + HOSTILE, "vpc:*"], "Resource": f"acs:vpc:*:*:{HOSTILE}"}],
    }
    stack = StackModel(
        account_id=A,
        users={"alice"},
        roles={"ops": {"Version": "1", "Statement": []}},
        policies={"Hostile": hostile},
        attachments=[
            Attachment("user", "alice", "Hostile", "Custom"),
            Attachment("role", "ops", "AdministratorAccess", "System"),
        ],
    )
    evaluator = Evaluator(stack)
    decision = finishes(lambda: evaluator.evaluate(Principal.user("alice", A), "vpc:" + LONG_A, resource))
    assert decision.effect == "ImplicitDeny"
    session = json.dumps(hostile)
    decision = finishes(
        lambda: evaluator.evaluate(Principal.role("ops", A), "vpc:DescribeVpcs", resource, session_policy=session)
    )
    assert decision.effect == "ImplicitDeny"
    assert finishes(lambda: evaluator.evaluate(Principal.role("ops", A), "vpc:DescribeVpcs", resource + "b")).allowed


def test_check_finishes_on_a_document_of_hostile_patterns(tmp_path: Path) -> None:
    """Action and Resource lists pairing a hostile pattern with a long literal (the redundancy check compares them)."""
    document = {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["vpc:" + HOSTILE, "vpc:" + "a" * 200, "*:" + HOSTILE],
                "Resource": [f"acs:vpc:*:*:vpc/{HOSTILE}", f"acs:vpc:*:*:vpc/{'a' * 200}", f"acs:{HOSTILE}:*:*:*"],
            }
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document))
    benign = tmp_path / "benign.json"
    benign.write_text('{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*"}]}')
    CliRunner().invoke(cli, ["check", str(benign)])  # load the catalogue outside the guard

    def check() -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
        return result.exit_code, result.output

    exit_code, output = finishes(check, bound=10.0)
    assert exit_code in (0, 1), output
    assert json.loads(output)["summary"]["documents"] == 1


# -- item 1: RAM entity names in ARNs are case-insensitive ------------------------------------------------------


def test_ram_entity_arns_match_in_any_case_other_services_do_not() -> None:
    patterns = resource_patterns(["acs:ram:*:*:user/boss", "acs:ram:*:*:policy/Admin*", "acs:vpc:*:*:vpc/vpc-a"])
    assert patterns.matches(f"acs:ram::{A}:user/BOSS")
    assert patterns.matches(f"acs:ram::{A}:user/Boss")
    assert patterns.matches(f"acs:RAM::{A}:user/boss")
    assert patterns.matches(f"acs:ram::{A}:policy/administratoraccess")
    assert not patterns.matches(f"acs:ram::{A}:user/boss2")
    assert patterns.matches(f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-a")
    assert not patterns.matches(f"acs:vpc:cn-hangzhou:{A}:vpc/VPC-A")


def test_explicit_deny_on_a_user_holds_whatever_the_case_of_the_request() -> None:
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
    stack = StackModel(
        account_id=A,
        users={"mallory", "boss", "Admin"},
        policies={"Guard": guard},
        attachments=[Attachment("user", "mallory", "Guard", "Custom")],
    )
    evaluator = Evaluator(stack)
    mallory = Principal.user("mallory", A)
    for action, name in [("ram:CreateAccessKey", "BOSS"), ("ram:ListPoliciesForUser", "ADMIN")]:
        decision = evaluator.evaluate(mallory, action, f"acs:ram::{A}:user/{name}")
        assert decision.effect == "ExplicitDeny", (action, name, decision.reason)
    assert evaluator.evaluate(mallory, "ram:CreateAccessKey", f"acs:ram::{A}:user/mallory").allowed
