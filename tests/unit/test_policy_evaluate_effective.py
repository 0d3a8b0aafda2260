"""Effective permissions per principal (what plan diffs) and the wildcard matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from alicloud_gov.policy.evaluate import effective_permissions, effective_permissions_by_principal
from alicloud_gov.policy.matching import Pattern, PatternSet, wildcard_match
from alicloud_gov.policy.stack import Attachment, Principal, StackError, StackModel, load_stack_file

A = "1000000000000001"
STACKS = Path(__file__).parent.parent / "data" / "stacks"


def test_permissions_span_own_and_group_attachments() -> None:
    [stack] = load_stack_file(STACKS / "seed000_resource_groups.yaml")
    entries = effective_permissions(stack, Principal.user("bob", A))
    holders = {entry.attached_to for entry in entries}
    assert holders == {"user:bob", "group:project-a-netops"}
    by_action = {entry.action: entry for entry in entries}
    assert by_action["expressconnectrouter:*"].scope == "rg-aek2projecta0001"
    assert by_action["expressconnectrouter:DescribeCarrierCloudLinks"].scope == "account"


def test_rg_scoped_entries_for_actions_without_rg_support_are_marked_ineffective() -> None:
    policies = {
        "Mixed": {
            "Version": "1",
            "Statement": [
                {"Effect": "Allow", "Action": ["vpc:CreateNatGateway", "vpc:ModifyVpcAttribute"], "Resource": "*"}
            ],
        }
    }
    stack = StackModel(
        A,
        users={"alice"},
        policies=policies,
        resource_groups={"rg-1": "one"},
        attachments=[Attachment("user", "alice", "Mixed", "Custom", "rg-1")],
    )
    entries = {entry.action: entry for entry in effective_permissions(stack, Principal.user("alice", A))}
    assert entries["vpc:CreateNatGateway"].effective is False
    assert "no effect" in entries["vpc:CreateNatGateway"].describe()
    assert entries["vpc:ModifyVpcAttribute"].effective is True


def test_not_action_and_conditions_are_kept_whole() -> None:
    statement = {
        "Effect": "Deny",
        "NotAction": ["vpc:*", "ecs:*"],
        "NotResource": "acs:vpc:*:*:vpc/keep",
        "Condition": {"Bool": {"acs:MFAPresent": "false"}},
    }
    stack = StackModel(
        A,
        users={"alice"},
        policies={"Guard": {"Version": "1", "Statement": [statement]}},
        attachments=[Attachment("user", "alice", "Guard", "Custom")],
    )
    [entry] = effective_permissions(stack, Principal.user("alice", A))
    assert (entry.effect, entry.action, entry.not_action, entry.not_resource) == ("Deny", "ecs:*, vpc:*", True, True)
    assert entry.condition == '{"Bool":{"acs:MFAPresent":"false"}}'
    assert entry.to_dict()["resource"] == "acs:vpc:*:*:vpc/keep"


def test_keys_ignore_provenance_for_diffs() -> None:
    doc = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "VPC:CreateVpc", "Resource": "*"}]}
    other = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:createvpc", "Resource": "*"}]}
    stack = StackModel(
        A,
        users={"alice"},
        groups={"g"},
        memberships={("alice", "g")},
        policies={"One": doc, "Two": other},
        attachments=[Attachment("user", "alice", "One", "Custom"), Attachment("group", "g", "Two", "Custom")],
    )
    entries = effective_permissions(stack, Principal.user("alice", A))
    assert len(entries) == 2
    assert len({entry.key() for entry in entries}) == 1


def test_by_principal_covers_users_and_roles_and_root_has_everything() -> None:
    stacks = load_stack_file(STACKS / "seed001_partner.yaml")
    table = effective_permissions_by_principal(stacks)
    assert set(table) == {
        f"role:partner-netops@{A}",
        "user:carol@2000000000000002",
        "user:dave@2000000000000002",
    }
    assert table["user:dave@2000000000000002"] == []
    assert [entry.action for entry in table["user:carol@2000000000000002"]] == ["sts:AssumeRole"]
    [root] = effective_permissions(stacks, Principal.root(A))
    assert (root.action, root.resource) == ("*", "*")
    with pytest.raises(StackError):
        effective_permissions(stacks, Principal.user("ghost", A))


@pytest.mark.parametrize(
    ("pattern", "case_sensitive", "value", "expected"),
    [
        ("*", True, "anything", True),
        ("abc", True, "abc", True),
        ("abc", True, "ABC", False),
        ("abc", False, "ABC", True),
        ("ab*", True, "abcdef", True),
        ("ab*", True, "xabc", False),
        ("a?c", True, "abc", True),
        ("a?c", True, "ac", False),
        ("*b*", False, "ABC", True),
        ("a.c", True, "abc", False),  # regex characters are literal
        ("a*c*e", True, "abcde", True),
        ("a*c*e", True, "abcdf", False),
    ],
)
def test_pattern(pattern: str, case_sensitive: bool, value: str, expected: bool) -> None:
    assert Pattern(pattern, case_sensitive=case_sensitive).matches(value) is expected


def test_pattern_set() -> None:
    patterns = PatternSet(["vpc:CreateVpc", "vpc:Describe*", "ecs:?un*"], case_sensitive=False)
    assert patterns.matches("VPC:createvpc")
    assert patterns.matches("vpc:DescribeVpcs")
    assert patterns.matches("ecs:RunInstances")
    assert not patterns.matches("vpc:DeleteVpc")
    assert not patterns.matches_everything
    assert PatternSet(["x", "*"], case_sensitive=True).matches_everything
    assert wildcard_match("a*b?", "axxbc") and not wildcard_match("a*b?", "axxb")
