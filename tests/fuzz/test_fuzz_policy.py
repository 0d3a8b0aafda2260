"""Fuzz tier: the policy parser, checker, reports and evaluator on arbitrary input (issue 12, item 5).

Every input is answered: the parser returns a ParsedPolicy, the checker a list of findings (never a
CHECK_CRASHED one, which would mean a check raised), every report format renders, and the evaluator
returns a Decision. Hypothesis' ``deadline`` bounds each example, so a hang is a failure, not a stall;
``max_examples`` keeps the whole file well under a minute on a slow machine.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alicloud_gov.policy.checks import REGISTRY, check_policy
from alicloud_gov.policy.conditions import OPERATOR_NAMES, compile_conditions, normalize_context
from alicloud_gov.policy.evaluate import compile_policy, evaluate
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.model import ParsedPolicy
from alicloud_gov.policy.parse import parse_policy
from alicloud_gov.policy.report import RuleInfo, render_json, render_sarif, render_text, summarize
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

A = "1000000000000001"
BOUNDED = settings(max_examples=120, deadline=3000, suppress_health_check=[HealthCheck.too_slow])

# Any code point, lone surrogates and control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**450), max_value=10**450),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "²", "1_000", " 7 ", "0x10", "1e999999999999999999999"]),
)
ELEMENTS = st.sampled_from(
    ["Version", "Statement", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Principal"]
)
WORDS = st.one_of(
    ELEMENTS,
    st.sampled_from(["Allow", "Deny", "1", "*", "vpc:*", "vpc:DescribeVpcs", "ram:Get*", "acs:vpc:*:*:vpc/*", "RAM"]),
    st.sampled_from([*OPERATOR_NAMES, "ForAnyValue:StringLike", "acs:SourceIp", "acs:CurrentTime", "10.0.0.0/8"]),
    ANY_TEXT,
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, WORDS)
JSON_LIKE = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(WORDS, children, max_size=5),
    max_leaves=40,
)
CONDITION = st.dictionaries(
    st.one_of(st.sampled_from(OPERATOR_NAMES), WORDS),
    st.one_of(st.dictionaries(WORDS, st.one_of(SCALARS, st.lists(SCALARS, max_size=3)), max_size=3), SCALARS),
    max_size=3,
)
STATEMENT = st.dictionaries(
    ELEMENTS,
    st.one_of(WORDS, st.lists(WORDS, max_size=4), CONDITION, JSON_LIKE),
    max_size=7,
)
POLICY = st.fixed_dictionaries(
    {"Version": st.one_of(st.just("1"), SCALARS), "Statement": st.one_of(st.lists(STATEMENT, max_size=4), JSON_LIKE)}
)
DOCUMENT = st.one_of(POLICY, JSON_LIKE)


def as_text(document: Any) -> str:
    """The document as JSON text (big integers beyond Python's text conversion limit as a float literal)."""
    try:
        return json.dumps(document, indent=1)
    except ValueError:
        return '{"Version": "1", "Statement": [1e999]}'


def mutations(text: str) -> st.SearchStrategy[str]:
    """``text`` with a slice cut out or junk inserted: mostly broken JSON."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, len(text)), ANY_TEXT).map(
        lambda cut: text[: min(cut[:2])] + cut[2] + text[max(cut[:2]) :]
    )


TEXTS = st.one_of(
    ANY_TEXT,
    DOCUMENT.map(as_text),
    DOCUMENT.map(as_text).flatmap(mutations),
    st.binary(max_size=60).map(lambda data: data.decode("utf-8", "surrogateescape")),
)
RULES = [RuleInfo(s.code, s.severity, s.title, s.doc) for s in REGISTRY.values()]


def answered(findings: list[Finding]) -> None:
    """The checker answered: findings only, none saying a check crashed, and every report format renders."""
    assert all(isinstance(f, Finding) for f in findings)
    assert "CHECK_CRASHED" not in {f.code for f in findings}, [f.message for f in findings]
    summary = summarize(findings, Severity.SECURITY_WARNING, 1)
    json.loads(render_json(findings, summary))
    json.loads(render_sarif(findings, RULES, "0"))
    out = io.StringIO()
    render_text(findings, summary, {}, out, color=False)
    out.getvalue().encode("utf-8")  # nothing unencodable (lone surrogates are escaped)


@BOUNDED
@given(TEXTS)
def test_parser_answers_any_text(text: str) -> None:
    parsed = parse_policy(text)
    assert isinstance(parsed, ParsedPolicy)
    assert (parsed.root is None) == bool(parsed.syntax_findings)


@BOUNDED
@given(DOCUMENT)
def test_parser_answers_any_structure(document: Any) -> None:
    parsed = parse_policy(document) if isinstance(document, dict) else parse_policy(as_text(document))
    assert isinstance(parsed, ParsedPolicy)


@BOUNDED
@given(TEXTS, st.sampled_from([None, "identity", "trust", "session"]), st.sampled_from(["account", "resource-group"]))
def test_checker_answers_any_text(text: str, policy_type: str | None, scope: str) -> None:
    answered(check_policy(text, policy_type=policy_type, scope=scope, file="fuzz.json"))


@BOUNDED
@given(DOCUMENT)
def test_checker_answers_any_structure(document: Any) -> None:
    if isinstance(document, dict):
        answered(check_policy(document))
    answered(check_policy(as_text(document).encode("utf-8", "surrogatepass")))


CONTEXT = st.dictionaries(st.one_of(st.sampled_from(["acs:SourceIp", "acs:CurrentTime"]), WORDS), SCALARS, max_size=4)


@BOUNDED
@given(POLICY, WORDS, WORDS, CONTEXT)
def test_evaluator_answers_any_policy(document: dict[str, Any], action: str, resource: str, context: Any) -> None:
    compile_policy(document)
    compile_policy(as_text(document))
    stack = StackModel(
        A, users={"alice"}, policies={"Fuzz": document}, attachments=[Attachment("user", "alice", "Fuzz", "Custom")]
    )
    decision = evaluate(stack, Principal.user("alice", A), action, resource, context)
    assert decision.effect in ("Allow", "ExplicitDeny", "ImplicitDeny")


@BOUNDED
@given(CONDITION, CONTEXT)
def test_conditions_answer_any_block_and_context(block: Any, context: Any) -> None:
    compiled = compile_conditions(block)
    assert compiled.holds(normalize_context(context)) in (True, False)
