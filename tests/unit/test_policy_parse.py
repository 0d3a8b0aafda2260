"""The located JSON reader: positions, paths, syntax errors as findings, never an exception."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.model import Kind
from alicloud_gov.policy.parse import parse_policy

DOC = """{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["vpc:CreateVpc", "vpc:DeleteVpc"],
      "Resource": "*"
    }
  ]
}"""


def test_positions_and_paths_of_every_value() -> None:
    policy = parse_policy(DOC)
    assert policy.ok and not policy.syntax_findings
    nodes = {node.path: node for node in policy.walk()}
    assert (nodes["$.Version"].line, nodes["$.Version"].column) == (2, 14)
    second = nodes["$.Statement[0].Action[1]"]
    assert (second.line, second.column, second.text) == (6, 35, "vpc:DeleteVpc")
    assert nodes["$.Statement[0]"].kind is Kind.OBJECT
    assert policy.source_line(6) == '      "Action": ["vpc:CreateVpc", "vpc:DeleteVpc"],'


def test_key_positions_and_odd_keys_in_paths() -> None:
    policy = parse_policy('{"Condition": {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}}}')
    assert policy.root is not None
    member = policy.root.member("Condition")
    assert member is not None and (member.key_line, member.key_column) == (1, 2)
    paths = [node.path for node in policy.walk()]
    assert "$.Condition.IpAddress['acs:SourceIp'][0]" in paths


def test_single_statement_object_counts_as_one_statement() -> None:
    policy = parse_policy('{"Version": "1", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}')
    assert [s.effect_text for s in policy.statements] == ["Deny"]
    assert policy.statements[0].path == "$.Statement"


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{"Version": "1",}', 1, 17, "trailing comma"),
        ('{\n  "Version": "1"\n  "Statement": []\n}', 3, 3, "expected ',' or '}'"),
        ("{'Version': '1'}", 1, 2, "quoted key"),
        ('{"a": [1, 2,]}', 1, 13, "trailing comma"),
        ('{"a": "unterminated}', 1, 7, "unterminated string"),
        ('{"a": 1} extra', 1, 10, "after the end"),
        ("", 1, 1, "end of input"),
        ('{"a": tru}', 1, 7, "expected a value"),
        ('{"a": "\\x"}', 1, 8, "invalid escape"),
        ('{"a": NaN}', 1, 7, "expected a value"),
    ],
)
def test_syntax_errors_become_located_findings(text: str, line: int, column: int, words: str) -> None:
    policy = parse_policy(text, file="p.json")
    assert policy.root is None
    (finding,) = policy.syntax_findings
    assert finding.code == "JSON_SYNTAX_ERROR" and finding.severity is Severity.ERROR
    assert (finding.line, finding.column, finding.file) == (line, column, "p.json")
    assert words in finding.message


def test_agrees_with_the_standard_library_on_values() -> None:
    text = '{"s": "a\\u00e9\\ud83d\\ude00\\n", "n": [0, -1.5e2, 12], "b": [true, false, null], "e": {}, "l": []}'
    policy = parse_policy(text)
    assert policy.root is not None and policy.root.to_python() == json.loads(text)


def test_bytes_bom_and_mappings() -> None:
    assert parse_policy(b'{"Version": "1"}').ok
    assert parse_policy('\ufeff{"Version": "1"}').ok
    bad = parse_policy(b"\xff\xfe{}")
    assert bad.root is None and "UTF-8" in bad.syntax_findings[0].message
    mapped = parse_policy({"Version": "1", "Statement": [{"Effect": "Allow"}]})
    assert mapped.statements[0].effect_text == "Allow" and mapped.statements[0].effect is not None
    assert mapped.statements[0].effect.line is None


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    policy = parse_policy("[" * 10000)
    assert policy.root is None and "nesting" in policy.syntax_findings[0].message


def test_finding_serialises_with_string_severity() -> None:
    finding = Finding("X", Severity.SECURITY_WARNING, "m", line=3)
    assert finding.to_dict()["severity"] == "security_warning"
    assert Severity.ERROR.at_least(Severity.WARNING) and not Severity.SUGGESTION.at_least(Severity.WARNING)
    assert Severity.parse("Security-Warning") is Severity.SECURITY_WARNING
    with pytest.raises(ValueError):
        Severity.parse("fatal")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    policy = parse_policy(text)
    assert policy.ok or len(policy.syntax_findings) == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values, st.sampled_from([None, 2]))
def test_round_trips_any_json(value: object, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    policy = parse_policy(text)
    assert policy.root is not None and policy.root.to_python() == json.loads(text)
