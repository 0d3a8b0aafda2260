"""The checker and the evaluator on big or odd input (issue 12, item 5): near-linear cost, limits that are
findings, every input a report, lone surrogates printed, huge numbers compared exactly.

RAM's document limit (6,144 characters for a custom policy) is from Alibaba's RAM limits page,
https://www.alibabacloud.com/help/en/ram/product-overview/limits ("The number of characters that a custom
policy can contain: 6144").
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_gov.policy import parse as parse_module
from alicloud_gov.policy.checks import check_policy, redundancy
from alicloud_gov.policy.checks.context import covers
from alicloud_gov.policy.conditions import compile_conditions, normalize_context
from alicloud_gov.policy.evaluate import compile_policy, evaluate
from alicloud_gov.policy.findings import Finding
from alicloud_gov.policy.parse import parse_policy
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

A = "1000000000000001"
ACTIONS = ("vpc:DescribeVpcs", "vpc:CreateVpc", "ram:GetUser", "ecs:DescribeInstances", "vpc:DeleteVpc")
HUGE = 10**400  # 401 digits: more than a float holds


def bounded(function: Callable[..., Any], *args: Any, timeout: float = 90.0) -> Any:
    """Run ``function(*args)`` in a forked child; fail (not hang) when it takes longer than ``timeout``."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=lambda: queue.put(function(*args)), daemon=True)
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"{getattr(function, '__name__', function)} did not finish within {timeout} s")
    assert child.exitcode == 0, f"child exited with {child.exitcode}"
    return queue.get(timeout=5)


def many_statements(count: int) -> str:
    """``count`` Allow statements of one shape (so the redundancy check compares them); every 10th repeats the
    one before it, and only those are redundant."""
    statements = []
    for i in range(count):
        j = i - 1 if i % 10 == 9 else i
        statements.append(
            {
                "Effect": "Allow",
                "Action": [ACTIONS[j % len(ACTIONS)], f"vpc:Describe{j}*"],
                "Resource": [f"acs:vpc:*:{A}:vpc/vpc-{j}"],
            }
        )
    return json.dumps({"Version": "1", "Statement": statements}, indent=2)


def check_cost(document: str) -> tuple[int, dict[str, int]]:
    """A deterministic cost: the number of Python and built-in calls ``check_policy`` makes; and the codes found."""
    calls = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        findings = check_policy(document)
    finally:
        sys.setprofile(None)
    codes: dict[str, int] = {}
    for finding in findings:
        codes[finding.code] = codes.get(finding.code, 0) + 1
    return calls, codes


def test_thousand_statements_complete_and_cost_grows_near_linearly() -> None:
    small_cost, small_codes = bounded(check_cost, many_statements(1000))
    large_cost, large_codes = bounded(check_cost, many_statements(4000))
    assert small_codes["REDUNDANT_STATEMENT"] == 100 and large_codes["REDUNDANT_STATEMENT"] == 400
    assert "CHECK_CRASHED" not in large_codes
    ratio = large_cost / small_cost
    assert ratio < 5.5, f"4x the statements cost {ratio:.1f}x the calls (quadratic would be ~16x)"


def cli(path: Path, *args: str, timeout: float = 240.0) -> subprocess.CompletedProcess[str]:
    """``alicloud-gov check PATH ARGS`` in a child process with real (UTF-8, strict) standard streams."""
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    command = [sys.executable, "-m", "alicloud_gov.cli.main", "check", str(path), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment, check=False)


def report_codes(result: subprocess.CompletedProcess[str]) -> set[str]:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return {finding["code"] for finding in json.loads(result.stdout)["findings"]}


def test_hundred_thousand_statements_are_answered_with_the_size_findings(tmp_path: Path) -> None:
    statement = {"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"Version": "1", "Statement": [statement] * 100_000}))
    result = cli(path, "--format", "json")
    codes = report_codes(result)
    assert result.returncode == 1
    assert {"POLICY_SIZE_EXCEEDS_QUOTA", "ANALYSIS_TRUNCATED"} <= codes and "CHECK_CRASHED" not in codes
    truncated = next(f for f in json.loads(result.stdout)["findings"] if f["code"] == "ANALYSIS_TRUNCATED")
    assert truncated["severity"] == "error" and truncated["json_path"].startswith("$.Statement[")
    assert truncated["line"] == 1  # placed at the Statement array, the deepest value that was read


def test_ten_megabyte_array_is_answered(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text(json.dumps([{"a": "x" * 10, "b": [1, 2, 3]}] * 280_000))
    assert path.stat().st_size > 10_000_000
    result = cli(path, "--format", "json")
    codes = report_codes(result)
    assert result.returncode == 1
    assert {"POLICY_SIZE_EXCEEDS_QUOTA", "ANALYSIS_TRUNCATED", "INVALID_POLICY_ELEMENT"} <= codes


def test_documents_within_the_limit_are_analysed_in_full() -> None:
    # The largest document RAM accepts holds far fewer values than the analysis cap.
    assert parse_module.MAX_ANALYSED_VALUES > 6144
    assert "ANALYSIS_TRUNCATED" not in {f.code for f in check_policy(many_statements(1000))}


def test_truncation_is_reported_and_later_statements_are_not_analysed() -> None:
    bad = {"Effect": "Allow", "Action": "vpc:NoSuchAction", "Resource": "*"}
    document = json.dumps({"Version": "1", "Statement": [bad] * (parse_module.MAX_ANALYSED_VALUES // 2)})
    findings = check_policy(document)
    truncated = [f for f in findings if f.code == "ANALYSIS_TRUNCATED"]
    assert len(truncated) == 1 and truncated[0].severity.value == "error"
    flagged = [f for f in findings if f.code == "INVALID_ACTION"]
    assert 0 < len(flagged) < parse_module.MAX_ANALYSED_VALUES // 2
    size = next(f for f in findings if f.code == "POLICY_SIZE_EXCEEDS_QUOTA")
    assert "at least" in size.message


SURROGATE_POLICY = (
    '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*",'
    ' "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-\\ud800*"}}}]}'
)


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_lone_surrogate_is_printed_escaped_in_every_format(tmp_path: Path, output_format: str) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text(SURROGATE_POLICY)
    result = cli(path, "--format", output_format, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0  # the one finding (WILDCARD_WITHOUT_LIKE_OPERATOR) is a warning
    assert "WILDCARD_WITHOUT_LIKE_OPERATOR" in result.stdout and "\\ud800" in result.stdout
    if output_format != "text":
        json.loads(result.stdout)
    blocked = cli(path, "--format", output_format, "--fail-on", "warning", timeout=60)
    assert blocked.returncode == 1 and "\\ud800" in blocked.stdout and "Traceback" not in blocked.stderr


def test_control_characters_do_not_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "escape.json"
    path.write_text(SURROGATE_POLICY.replace("\\ud800", "\\u001b[31m"))
    result = cli(path, timeout=60)
    assert result.returncode == 0 and "\x1b" not in result.stdout and "\\x1b[31m" in result.stdout


def numeric(operator: str, listed: object) -> dict[str, Any]:
    return {operator: {"test:Count": listed}}


@pytest.mark.parametrize("listed", [HUGE, str(HUGE), "1e400", f"{HUGE}.0"])
def test_huge_numbers_compare_exactly(listed: object) -> None:
    block = compile_conditions(numeric("NumericEquals", listed))
    assert not block.problems
    assert block.holds(normalize_context({"test:Count": HUGE}))
    assert not block.holds(normalize_context({"test:Count": HUGE + 1}))
    assert compile_conditions(numeric("NumericLessThan", listed)).holds(normalize_context({"test:Count": HUGE - 1}))
    assert compile_conditions(numeric("NumericGreaterThan", listed)).holds(normalize_context({"test:Count": "1e401"}))


@pytest.mark.parametrize("listed", ["Infinity", "-inf", "NaN", float("inf"), float("nan"), "1e999999999999999999999"])
def test_non_finite_numbers_are_invalid_condition_values(listed: object) -> None:
    block = compile_conditions(numeric("NumericEquals", listed))
    assert block.problems and not block.holds(normalize_context({"test:Count": 1}))


@pytest.mark.parametrize("observed", [float("inf"), "NaN", "²", "1e999999999999999999999"])
def test_unreadable_context_numbers_make_numeric_and_date_conditions_false(observed: object) -> None:
    context = normalize_context({"test:Count": observed, "test:When": observed})
    assert compile_conditions(numeric("NumericEquals", "1")).holds(context) is False
    assert compile_conditions(numeric("NumericNotEquals", "1")).holds(context) is False
    assert compile_conditions({"DateLessThan": {"test:When": "2026-01-01T00:00:00Z"}}).holds(context) is False


def test_enormous_context_integer_compares_exactly() -> None:
    enormous = HUGE * 10**5000  # beyond the int-to-text conversion limit
    context = normalize_context({"test:Count": enormous, "test:When": enormous})
    assert compile_conditions(numeric("NumericGreaterThan", str(HUGE))).holds(context)
    assert not compile_conditions(numeric("NumericEquals", str(HUGE))).holds(context)
    assert compile_conditions({"DateGreaterThan": {"test:When": "2026-01-01T00:00:00Z"}}).holds(context)


@pytest.mark.parametrize("listed", [HUGE, str(HUGE), "²"])
def test_huge_epoch_dates_never_raise(listed: object) -> None:
    block = compile_conditions({"DateLessThan": {"test:When": listed}})
    if listed == "²":
        assert block.problems
    else:
        assert not block.problems and block.holds(normalize_context({"test:When": "2026-01-01T00:00:00Z"}))


def huge_policy(listed: object) -> dict[str, Any]:
    return {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"},
            {"Effect": "Deny", "Action": "vpc:*", "Resource": "*", "Condition": numeric("NumericEquals", listed)},
        ],
    }


@pytest.mark.parametrize("listed", [HUGE, str(HUGE)])
def test_evaluator_decides_with_a_400_digit_condition(listed: object) -> None:
    document = huge_policy(listed)
    assert not compile_policy(json.dumps(document)).problems
    stack = StackModel(
        A, users={"alice"}, policies={"Huge": document}, attachments=[Attachment("user", "alice", "Huge", "Custom")]
    )
    alice = Principal.user("alice", A)
    assert evaluate(stack, alice, "vpc:DescribeVpcs", "*").allowed
    assert evaluate(stack, alice, "vpc:DescribeVpcs", "*", {"test:Count": HUGE}).effect == "ExplicitDeny"
    assert evaluate(stack, alice, "vpc:DescribeVpcs", "*", {"test:Count": HUGE - 1}).allowed


def codes_of(findings: list[Finding]) -> set[str]:
    return {finding.code for finding in findings}


def test_checker_accepts_a_400_digit_numeric_condition() -> None:
    for listed in (HUGE, str(HUGE)):
        codes = codes_of(check_policy(json.dumps(huge_policy(listed))))
        assert "CONDITION_TYPE_MISMATCH" not in codes and "CHECK_CRASHED" not in codes


@pytest.mark.parametrize("listed", ["Infinity", "NaN", "-inf"])
def test_checker_reports_non_finite_numbers_as_invalid_condition_values(listed: str) -> None:
    findings = check_policy(json.dumps(huge_policy(listed)))
    mismatch = [f for f in findings if f.code == "CONDITION_TYPE_MISMATCH"]
    assert mismatch and "finite" in mismatch[0].message


def test_checker_on_a_mapping_with_an_enormous_integer_never_crashes() -> None:
    codes = codes_of(check_policy(huge_policy(10**5000)))
    assert "CHECK_CRASHED" not in codes and codes


def test_parser_keeps_huge_integers_exact() -> None:
    policy = parse_policy(json.dumps(huge_policy(HUGE)))
    value = policy.root.get("Statement").elements[1].get("Condition").get("NumericEquals").get("test:Count")  # type: ignore[union-attr]
    assert value is not None and value.scalar == HUGE and Decimal(value.scalar) == Decimal(HUGE)


# The redundancy checks as they were before they were indexed: every pair compared. The indexed version must
# report exactly the same findings.
def naive_redundant_entries(texts: list[str]) -> list[tuple[int, int]]:
    pairs = []
    for i, text in enumerate(texts):
        for j, other in enumerate(texts):
            covered = i != j and covers(other.strip(), text.strip())
            if covered and (not covers(text.strip(), other.strip()) or j < i):
                pairs.append((i, j))
                break
    return pairs


def naive_redundant_statements(statements: list[dict[str, Any]]) -> list[tuple[int, int]]:
    def subsumes(general: dict[str, Any], specific: dict[str, Any]) -> bool:
        return all(any(covers(g, s) for g in general["Action"]) for s in specific["Action"]) and all(
            any(covers(g, s) for g in general["Resource"]) for s in specific["Resource"]
        )

    pairs = []
    for i, statement in enumerate(statements):
        for j, other in enumerate(statements):
            if i == j or other["Effect"] != statement["Effect"] or not subsumes(other, statement):
                continue
            if subsumes(statement, other) and j > i:
                continue
            pairs.append((i, j))
            break
    return pairs


PIECES = st.sampled_from(["vpc:", "Describe", "vpc", "*", "?", "Vpcs", "VPC", "a", "A", ":", "ram:Get", "K", "ß"])
PATTERN = st.lists(PIECES, min_size=1, max_size=4).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(PATTERN, min_size=1, max_size=8))
def test_indexed_redundant_action_matches_pairwise(texts: list[str]) -> None:
    document = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": texts, "Resource": "*"}]})
    found = [f for f in check_policy(document) if f.code == "REDUNDANT_ACTION"]
    expected = naive_redundant_entries(texts)
    assert sorted(f.json_path or "" for f in found) == sorted(f"$.Statement[0].Action[{i}]" for i, _ in expected)


STATEMENT = st.fixed_dictionaries(
    {
        "Effect": st.sampled_from(["Allow", "Deny"]),
        "Action": st.lists(PATTERN, min_size=1, max_size=3),
        "Resource": st.lists(st.sampled_from(["*", "acs:vpc:*:*:vpc/*", "acs:vpc:*:*:vpc/vpc-1", "acs:*"]), max_size=2),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(STATEMENT, min_size=1, max_size=8))
def test_indexed_redundant_statement_matches_pairwise(statements: list[dict[str, Any]]) -> None:
    # A small document compares every pair itself; with PAIRWISE_LIMIT 0 it goes through the index, as a large one
    # does. Both must give the naive answer.
    document = json.dumps({"Version": "1", "Statement": statements})
    expected = sorted(
        f"Statement {i} is covered by statement {j}; it adds nothing."
        for i, j in naive_redundant_statements(statements)
    )
    found = [f.message for f in check_policy(document) if f.code == "REDUNDANT_STATEMENT"]
    with mock.patch.object(redundancy, "PAIRWISE_LIMIT", 0):
        indexed = [f.message for f in check_policy(document) if f.code == "REDUNDANT_STATEMENT"]
    assert sorted(found) == expected and sorted(indexed) == expected


def test_a_small_document_that_could_exhaust_the_budget_is_counted() -> None:
    # Four statements, each with 600 patterns of one bucket: few statements, but too many comparisons to skip
    # counting them; the check stops with the same note as on a long document.
    patterns = [f"vpc:D*{i}*s" for i in range(600)]
    statement = {"Effect": "Allow", "Action": patterns, "Resource": "*"}
    findings = check_policy(json.dumps({"Version": "1", "Statement": [statement] * 4}))
    notes = [f.message for f in findings if f.code == "ANALYSIS_TRUNCATED"]
    assert any("REDUNDANT_STATEMENT stopped after 2,000,000 comparisons" in note for note in notes)
