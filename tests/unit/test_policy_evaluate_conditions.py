"""Every RAM condition operator, the OR/AND rules, missing keys and values of the wrong type."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from alicloud_gov.policy.conditions import OPERATOR_NAMES, compile_conditions, normalize_context, parse_date
from alicloud_gov.policy.evaluate import evaluate
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

A = "1000000000000001"


def holds(block: dict[str, Any], context: dict[str, object]) -> bool:
    compiled = compile_conditions(block)
    return compiled.holds(normalize_context(context))


CASES: list[tuple[str, object, object, bool]] = [
    # operator, listed value(s), context value, expected
    ("StringEquals", "prod", "prod", True),
    ("StringEquals", "prod", "Prod", False),
    ("StringEquals", ["dev", "prod"], "prod", True),
    ("StringNotEquals", "prod", "dev", True),
    ("StringNotEquals", ["dev", "prod"], "prod", False),
    ("StringEqualsIgnoreCase", "PROD", "prod", True),
    ("StringEqualsIgnoreCase", "prod", "dev", False),
    ("StringNotEqualsIgnoreCase", "PROD", "prod", False),
    ("StringNotEqualsIgnoreCase", "PROD", "dev", True),
    ("StringLike", "team-*", "team-net", True),
    ("StringLike", "team-?", "team-ab", False),
    ("StringLike", "Team-*", "team-net", False),
    ("StringNotLike", "team-*", "ops", True),
    ("StringNotLike", "team-*", "team-net", False),
    ("NumericEquals", "10", 10, True),
    ("NumericEquals", 10, "10.0", True),
    ("NumericEquals", "10", "11", False),
    ("NumericNotEquals", "10", "11", True),
    ("NumericNotEquals", "10", "10", False),
    ("NumericLessThan", "10", "9", True),
    ("NumericLessThan", "10", "10", False),
    ("NumericLessThanEquals", "10", "10", True),
    ("NumericLessThanEquals", "10", "11", False),
    ("NumericGreaterThan", "10", "11", True),
    ("NumericGreaterThan", "10", "10", False),
    ("NumericGreaterThanEquals", "10", "10", True),
    ("NumericGreaterThanEquals", "10", "9.5", False),
    ("DateEquals", "2026-01-01T00:00:00Z", "2026-01-01T08:00:00+08:00", True),
    ("DateEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", False),
    ("DateNotEquals", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", True),
    ("DateNotEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", False),
    ("DateLessThan", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", True),
    ("DateLessThan", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", False),
    ("DateLessThanEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", True),
    ("DateLessThanEquals", "2026-01-01", "2026-01-02", False),
    ("DateGreaterThan", "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", True),
    ("DateGreaterThan", "2026-01-01T00:00:00Z", "2025-06-01T00:00:00Z", False),
    ("DateGreaterThanEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", True),
    ("DateGreaterThanEquals", "2026-01-01T00:00:00Z", "1767225599", False),  # epoch seconds, one before
    ("Bool", "true", True, True),
    ("Bool", "true", "TRUE", True),
    ("Bool", "false", "true", False),
    ("Bool", True, "false", False),
    ("IpAddress", "10.0.0.0/8", "10.1.2.3", True),
    ("IpAddress", ["192.168.0.0/16", "10.0.0.0/8"], "192.168.1.1", True),
    ("IpAddress", "10.0.0.0/8", "11.0.0.1", False),
    ("IpAddress", "10.0.0.5", "10.0.0.5", True),
    ("IpAddress", "2001:db8::/32", "2001:db8::1", True),
    ("IpAddress", "10.0.0.0/8", "2001:db8::1", False),
    ("NotIpAddress", "10.0.0.0/8", "11.0.0.1", True),
    ("NotIpAddress", "10.0.0.0/8", "10.0.0.1", False),
]


@pytest.mark.parametrize(("operator", "listed", "observed", "expected"), CASES)
def test_operator(operator: str, listed: object, observed: object, expected: bool) -> None:
    assert holds({operator: {"test:Key": listed}}, {"test:Key": observed}) is expected


def test_every_operator_is_covered_by_a_case() -> None:
    assert {case[0] for case in CASES} == set(OPERATOR_NAMES)
    assert len(OPERATOR_NAMES) == 21  # 6 String, 6 Numeric, 6 Date, Bool, IpAddress, NotIpAddress


POSITIVE = ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "NumericEquals", "NumericLessThan", "DateEquals"]
NEGATED = [
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "NumericNotEquals",
    "DateNotEquals",
    "NotIpAddress",
]
SAMPLE = {
    "StringEquals": "x",
    "StringEqualsIgnoreCase": "x",
    "StringLike": "x*",
    "NumericEquals": "1",
    "NumericLessThan": "1",
    "DateEquals": "2026-01-01T00:00:00Z",
    "StringNotEquals": "x",
    "StringNotEqualsIgnoreCase": "x",
    "StringNotLike": "x*",
    "NumericNotEquals": "1",
    "DateNotEquals": "2026-01-01T00:00:00Z",
    "NotIpAddress": "10.0.0.0/8",
}


@pytest.mark.parametrize("operator", [*POSITIVE, "Bool", "IpAddress"])
def test_missing_key_makes_positive_operators_false(operator: str) -> None:
    listed = SAMPLE.get(operator, "true" if operator == "Bool" else "10.0.0.0/8")
    assert holds({operator: {"test:Key": listed}}, {}) is False


@pytest.mark.parametrize("operator", NEGATED)
def test_missing_key_makes_negated_operators_true(operator: str) -> None:
    assert holds({operator: {"test:Key": SAMPLE[operator]}}, {"other": "x"}) is True


@pytest.mark.parametrize(
    ("operator", "observed"),
    [
        ("NumericEquals", "ten"),
        ("NumericNotEquals", "ten"),
        ("NumericGreaterThan", True),
        ("DateLessThan", "yesterday"),
        ("DateNotEquals", "not-a-date"),
        ("Bool", "yes"),
        ("IpAddress", "10.0.0.999"),
        ("NotIpAddress", "not-an-ip"),
    ],
)
def test_unreadable_context_value_makes_the_condition_false(operator: str, observed: object) -> None:
    listed = {"Bool": "true", "IpAddress": "10.0.0.0/8", "NotIpAddress": "10.0.0.0/8"}.get(operator, "5")
    if operator.startswith("Date"):
        listed = "2026-01-01T00:00:00Z"
    assert holds({operator: {"test:Key": listed}}, {"test:Key": observed}) is False


@pytest.mark.parametrize(
    ("operator", "listed"),
    [
        ("NumericEquals", "ten"),
        ("DateGreaterThan", "soon"),
        ("Bool", "maybe"),
        ("IpAddress", "10.0.0.0/99"),
        ("NotIpAddress", "nowhere"),
    ],
)
def test_unreadable_listed_value_never_holds_and_is_reported(operator: str, listed: object) -> None:
    compiled = compile_conditions({operator: {"test:Key": listed}})
    assert compiled.problems
    assert compiled.holds({"test:key": "10.0.0.1"}) is False


def test_unknown_operator_never_holds() -> None:
    compiled = compile_conditions({"StringSortOf": {"test:Key": "x"}})
    assert compiled.problems and "StringSortOf" in compiled.problems[0]
    assert not compiled.holds({"test:key": "x"})


def test_malformed_blocks_are_reported() -> None:
    assert compile_conditions(["StringEquals"]).problems
    assert compile_conditions({"StringEquals": "x"}).problems


def test_values_of_one_key_or_keys_and_operators_and() -> None:
    block = {
        "StringEquals": {"acs:SourceVpc": ["vpc-1", "vpc-2"], "acs:UserAgent": "cli"},
        "IpAddress": {"acs:SourceIp": "10.0.0.0/8"},
    }
    ok = {"acs:SourceVpc": "vpc-2", "acs:UserAgent": "cli", "acs:SourceIp": "10.0.0.1"}
    assert holds(block, ok)
    assert not holds(block, {**ok, "acs:SourceVpc": "vpc-3"})  # no listed value matches
    assert not holds(block, {**ok, "acs:UserAgent": "console"})  # second key fails
    assert not holds(block, {**ok, "acs:SourceIp": "192.168.0.1"})  # second operator fails


def test_condition_keys_and_operators_are_case_insensitive() -> None:
    assert holds({"stringequals": {"ACS:SourceVpc": "vpc-1"}}, {"acs:sourcevpc": "vpc-1"})


def test_multi_valued_context() -> None:
    assert holds({"StringEquals": {"k": "b"}}, {"k": ["a", "b"]})
    assert not holds({"StringNotEquals": {"k": "b"}}, {"k": ["a", "b"]})
    assert holds({"StringNotEquals": {"k": "c"}}, {"k": ["a", "b"]})


def test_numbers_and_booleans_listed_as_strings_compare_as_text() -> None:
    assert holds({"StringEquals": {"k": 5}}, {"k": "5"})
    assert holds({"StringEquals": {"k": True}}, {"k": "true"})


def test_datetime_context_values() -> None:
    moment = datetime(2026, 3, 1, tzinfo=timezone.utc)
    assert holds({"DateGreaterThan": {"acs:CurrentTime": "2026-01-01T00:00:00Z"}}, {"acs:CurrentTime": moment})
    assert parse_date("2026-03-01T00:00:00") == moment.timestamp()  # naive means UTC


def test_conditions_decide_in_the_evaluator() -> None:
    policies = {
        "FromOffice": {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "vpc:*",
                    "Resource": "*",
                    "Condition": {"IpAddress": {"acs:SourceIp": "203.0.113.0/24"}},
                },
                {
                    "Effect": "Deny",
                    "Action": "vpc:Delete*",
                    "Resource": "*",
                    "Condition": {"Bool": {"acs:MFAPresent": "false"}},
                },
            ],
        }
    }
    stack = StackModel(
        A, users={"alice"}, policies=policies, attachments=[Attachment("user", "alice", "FromOffice", "Custom")]
    )
    alice = Principal.user("alice", A)
    office = {"acs:SourceIp": "203.0.113.7", "acs:MFAPresent": "true"}
    assert evaluate(stack, alice, "vpc:DeleteVpc", "*", office).allowed
    assert evaluate(stack, alice, "vpc:DeleteVpc", "*", {**office, "acs:SourceIp": "198.51.100.1"}).effect == (
        "ImplicitDeny"
    )
    assert evaluate(stack, alice, "vpc:DeleteVpc", "*", {**office, "acs:MFAPresent": False}).effect == "ExplicitDeny"
    assert evaluate(stack, alice, "vpc:DeleteVpc", "*").effect == "ImplicitDeny"  # no context: no source IP


def test_invalid_condition_is_noted_by_the_evaluator() -> None:
    policies = {
        "Broken": {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": "vpc:*", "Resource": "*", "Condition": {"NumericLessThan": {"k": "x"}}}
            ],
        }
    }
    stack = StackModel(
        A, users={"alice"}, policies=policies, attachments=[Attachment("user", "alice", "Broken", "Custom")]
    )
    decision = evaluate(stack, Principal.user("alice", A), "vpc:CreateVpc", "*", {"k": "1"})
    assert decision.effect == "ImplicitDeny"
    assert any("never applies" in note for note in decision.notes)
