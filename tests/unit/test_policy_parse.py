"""The located JSON reader: positions, paths, syntax errors as findings, never an exception."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_gov.policy import model
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.model import JsonNode, Kind, Member, make_member, make_node, member_suffix
from alicloud_gov.policy.parse import MAX_DEPTH, MAX_INTEGER_DIGITS, _fast_read, _Reader, parse_policy

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
    assert repr(_fast_read(text)) == repr(_Reader(text).document())  # the fast reader's tree is the full reader's


@pytest.mark.parametrize(
    "text",
    [
        DOC,
        '{"a": 1, "a": [true, false, null, -0, -0.0, 1.5e3], "b c": {"x\'y": {}}, "": []}',
        '\r\n\t {"s": "tab\\t \\"q\\" \\ud83d\\ude00 \\ud800 \\u00e9 é \u2028", "k": "\\/"}  \n',
        "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),  # an empty array is as deep as the full reader reads
        '{"a":' * MAX_DEPTH + "{}" + "}" * MAX_DEPTH,
        '"just a string"',
        "12345678901234567890",
        "[" + "9" * MAX_INTEGER_DIGITS + ", -" + "9" * MAX_INTEGER_DIGITS + ", 1E2, -0e-0]",  # the longest ints
    ],
)
def test_fast_reader_builds_the_full_readers_tree(text: str) -> None:
    fast = _fast_read(text)
    assert fast is not None
    assert repr(fast) == repr(_Reader(text).document())  # repr tells 1 from 1.0 and True, which == does not


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1,}',  # a syntax error: the full reader words and places it
        '\ufeff{"a": 1}',
        '{"a": NaN}',
        '{"a": -Infinity}',
        '{"a": 1e999}',
        '{"a": ' + "9" * (MAX_INTEGER_DIGITS + 1) + "}",
        '{"a": -' + "9" * (MAX_INTEGER_DIGITS + 1) + "}",
        "[" * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1),
        json.dumps(list(range(60_000))),  # truncated by the full reader
    ],
)
def test_unusual_text_is_left_to_the_full_reader(text: str) -> None:
    assert _fast_read(text) is None


def test_fast_constructors_equal_the_dataclasses() -> None:
    assert [f.name for f in dataclasses.fields(JsonNode)] == [
        "kind",
        "path",
        "line",
        "column",
        "scalar",
        "members",
        "elements",
    ]
    assert [f.name for f in dataclasses.fields(Member)] == ["key", "value", "key_line", "key_column"]
    leaf = make_node(Kind.STRING, "$.a", 1, 7, "x", (), ())
    assert leaf == JsonNode(Kind.STRING, "$.a", 1, 7, "x") and hash(leaf) == hash(
        JsonNode(Kind.STRING, "$.a", 1, 7, "x")
    )
    member = make_member("a", leaf, 1, 2)
    assert member == Member("a", leaf, 1, 2) and repr(member) == repr(Member("a", leaf, 1, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        leaf.line = 2  # type: ignore[misc]


def test_member_suffix_memo_is_bounded() -> None:
    model._SUFFIXES.clear()
    keys = [f"k{i}" for i in range(model.SUFFIX_MEMO_SIZE + 10)] + ["acs:x", "x" * (model.SUFFIX_MEMO_KEY_LENGTH + 1)]
    for key in keys:
        member_suffix(key)
    assert len(model._SUFFIXES) <= model.SUFFIX_MEMO_SIZE
    assert "x" * (model.SUFFIX_MEMO_KEY_LENGTH + 1) not in model._SUFFIXES
    assert [member_suffix(key) for key in ("Effect", "acs:x", "a'b\\c")] == [".Effect", "['acs:x']", "['a\\'b\\\\c']"]


def test_statement_elements_are_read_once_and_stay_consistent() -> None:
    policy = parse_policy(
        '{"Statement": [{"Effect": "Allow", "Action": "a", "Effect": "Deny", "Resource": ["*"], "Sid": "x"},'
        ' {"Effect": 1, "NotAction": [], "NotResource": "*", "Principal": {}, "Condition": {}}]}'
    )
    first, second = policy.statements
    assert (first.effect_text, first.is_allow, first.element("Sid")) == ("Deny", False, first.node.get("Sid"))
    assert first.effect is first.node.get("Effect") and first.action is first.node.get("Action")
    assert first.resource is first.node.get("Resource") and first.element("resource") is None
    assert (first.not_action, first.principal, first.condition) == (None, None, None)
    assert (second.effect_text, second.is_allow) == ("", False)
    for name in ("NotAction", "NotResource", "Principal", "Condition"):
        assert getattr(second, name.replace("Not", "not_").lower()) is second.element(name) is second.node.get(name)
    assert first == model.Statement(0, first.node) and hash(first) == hash(model.Statement(0, first.node))
    moved = dataclasses.replace(first, node=second.node)
    assert (moved.effect, moved.effect_text, moved.not_action) == (second.effect, "", second.not_action)
    assert repr(first) == f"Statement(index=0, node={first.node!r})"


def test_walk_is_depth_first_in_document_order() -> None:
    policy = parse_policy('{"a": [1, {"b": 2}, [3]], "c": {"d": [], "e": 4}}')
    assert [node.path for node in policy.walk()] == [
        "$",
        "$.a",
        "$.a[0]",
        "$.a[1]",
        "$.a[1].b",
        "$.a[2]",
        "$.a[2][0]",
        "$.c",
        "$.c.d",
        "$.c.e",
    ]
    odd = JsonNode(
        Kind.OBJECT, "$", members=(Member("m", JsonNode(Kind.NULL, "$.m")),), elements=(JsonNode(Kind.NULL, "$[0]"),)
    )
    assert [node.path for node in model.ParsedPolicy(text=None, root=odd).walk()] == ["$", "$.m", "$[0]"]


def test_strings_and_text_of_single_values_and_arrays() -> None:
    policy = parse_policy('{"a": ["x", 1, "y", null], "b": "z", "c": 2, "d": []}')
    assert policy.root is not None
    a, b, c, d = (policy.root.get(key) for key in "abcd")
    assert a is not None and b is not None and c is not None and d is not None
    assert [node.text for node in a.strings()] == ["x", "y"] and b.strings() == [b]
    assert c.strings() == [] and d.strings() == [] and (b.text, c.text, a.text) == ("z", "", "")


@pytest.mark.parametrize(
    "literal", ["1e999", "-1E400", "9" * (MAX_INTEGER_DIGITS + 1), "-" + "9" * (MAX_INTEGER_DIGITS + 1)]
)
def test_a_number_out_of_range_is_a_syntax_error_at_the_number(literal: str) -> None:
    policy = parse_policy('{"a": ' + literal + "}")
    assert policy.root is None
    assert [f.message for f in policy.syntax_findings] == [
        f"Invalid JSON: number {literal[:20]} is out of range (line 1, column 7)."
    ]


def test_many_keys_go_to_the_full_reader_which_keeps_them_all() -> None:
    # 30 001 values and 30 000 keys: more tokens than MAX_ANALYSED_VALUES, but fewer values, so nothing is cut.
    text = json.dumps({f"k{i}": i for i in range(30_000)})
    policy = parse_policy(text)
    assert _fast_read(text) is None and policy.truncated_at is None
    assert policy.root is not None and len(policy.root.members) == 30_000


def test_a_key_ending_in_a_newline_is_quoted_in_the_json_path() -> None:
    """``$`` in a regular expression also matches before a final newline, so the key "a\\n" read as an identifier
    and its path was ``$.a`` followed by a raw newline, unreadable in a report. It is quoted like any other key
    that is not an identifier."""
    from alicloud_gov.policy.model import child_path

    assert child_path("$", "a\n") == "$['a\n']"
    assert child_path("$", "Effect") == "$.Effect"
