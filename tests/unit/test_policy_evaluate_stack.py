"""Stack model and stack files: loading, validation errors naming the field, ARNs and principal names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alicloud_gov.policy.stack import (
    Attachment,
    Principal,
    StackError,
    StackModel,
    load_stack_file,
    stack_from_dict,
    stack_to_dict,
    stacks_from_data,
)
from alicloud_gov.spec.arns import ArnError, arn_account, parse_role_arn
from alicloud_gov.spec.principals import PrincipalNameError, parse_rm_principal_name, rm_principal_name

A = "1000000000000001"
STACKS = Path(__file__).parent.parent / "data" / "stacks"


def test_seed_000_stack_file_loads() -> None:
    [stack] = load_stack_file(STACKS / "seed000_resource_groups.yaml")
    assert stack.account_id == A and stack.alias == "acme"
    assert ("alice", "project-a-netops") in stack.memberships
    assert stack.resource_groups["rg-aek2projecta0001"] == "project-a"
    assert Attachment(
        "group", "project-a-netops", "AliyunExpressConnectFullAccess", "System", "rg-aek2projecta0001"
    ) in (stack.attachments)


def test_seed_001_stack_file_holds_two_accounts() -> None:
    stacks = load_stack_file(STACKS / "seed001_partner.yaml")
    assert [stack.account_id for stack in stacks] == [A, "2000000000000002"]
    assert "partner-netops" in stacks[0].roles


def test_json_file_and_round_trip(tmp_path: Path) -> None:
    [original] = load_stack_file(STACKS / "seed000_resource_groups.yaml")
    path = tmp_path / "stack.json"
    path.write_text(json.dumps(stack_to_dict(original)))
    [loaded] = load_stack_file(path)
    assert loaded == original


def test_compact_and_explicit_attachment_forms_agree() -> None:
    compact = stack_from_dict(
        {
            "account_id": A,
            "users": ["alice"],
            "attachments": [{"principal": "user:alice", "policy": "AdministratorAccess"}],
        }
    )
    explicit = stack_from_dict(
        {
            "account_id": A,
            "users": ["alice"],
            "attachments": [
                {
                    "principal_type": "user",
                    "principal_name": "alice",
                    "policy_name": "AdministratorAccess",
                    "policy_type": "System",
                    "scope": "account",
                }
            ],
        }
    )
    assert compact == explicit
    assert compact.attachments[0].policy_type == "System"


def test_policy_type_defaults_to_custom_when_declared() -> None:
    stack = stack_from_dict(
        {
            "account_id": A,
            "users": ["alice"],
            "policies": {"Mine": '{"Version":"1","Statement":[]}'},
            "attachments": [{"principal": "user:alice", "policy": "mine"}],
        }
    )
    assert stack.attachments[0].policy_type == "Custom"
    assert stack.policies["Mine"] == {"Version": "1", "Statement": []}


def test_memberships_as_pairs() -> None:
    stack = stack_from_dict({"account_id": A, "users": ["a"], "groups": ["g"], "memberships": [["a", "g"]]})
    assert stack.memberships == {("a", "g")}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"account_id": "acme"}, "account_id"),
        ({"account_id": 1000000000000001}, None),  # an unquoted YAML number is accepted
        ({"account_id": A, "colour": "blue"}, "unknown field(s) colour"),
        ({"account_id": A, "memberships": {"g": ["nobody"]}}, "undeclared user 'nobody'"),
        ({"account_id": A, "attachments": [{"principal": "user:ghost", "policy": "AdministratorAccess"}]}, "ghost"),
        ({"account_id": A, "attachments": [{"principal": "alice", "policy": "X"}]}, "attachments[0].principal"),
        (
            {"account_id": A, "users": ["a"], "attachments": [{"principal": "user:a", "policy": "NoSuchPolicy"}]},
            "'NoSuchPolicy' is not a known system policy",
        ),
        (
            {
                "account_id": A,
                "users": ["a"],
                "attachments": [{"principal": "user:a", "policy": "X", "type": "Custom"}],
            },
            "custom policy 'X' is not declared",
        ),
        (
            {
                "account_id": A,
                "users": ["a"],
                "attachments": [{"principal": "user:a", "policy": "AdministratorAccess", "scope": "rg-nope"}],
            },
            "resource group 'rg-nope' is not declared",
        ),
        ({"account_id": A, "resource_placement": {"acs:vpc::1:vpc/v": "rg-x"}}, "resource_placement"),
        ({"account_id": A, "policies": {"P": "{not json"}}, "policies.P: not valid JSON"),
        ({"account_id": A, "roles": {"r": 5}}, "roles.r"),
        ({"account_id": A, "attachments": {"x": 1}}, "attachments: expected a list"),
    ],
)
def test_bad_stacks_name_the_field(data: dict[str, object], fragment: str | None) -> None:
    if fragment is None:
        assert stack_from_dict(data).account_id == A
        return
    with pytest.raises(StackError) as error:
        stack_from_dict(data, "stack.yaml")
    assert fragment in str(error.value)
    assert str(error.value).startswith("stack.yaml")


def test_duplicate_accounts_and_empty_files_are_rejected() -> None:
    with pytest.raises(StackError, match="declared twice"):
        stacks_from_data({"accounts": [{"account_id": A}, {"account_id": A}]})
    with pytest.raises(StackError, match="non-empty"):
        stacks_from_data({"accounts": []})


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(StackError, match="cannot read"):
        load_stack_file(tmp_path / "missing.yaml")
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("accounts: [\n")
    with pytest.raises(StackError, match="not valid YAML"):
        load_stack_file(bad_yaml)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{")
    with pytest.raises(StackError, match="not valid JSON"):
        load_stack_file(bad_json)


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        (f"acs:ram::{A}:user/alice", Principal.user("alice", A)),
        (f"acs:ram::{A}:role/ops", Principal.role("ops", A)),
        (f"acs:ram::{A}:assumed-role/ops/session-1", Principal.role("ops", A)),
        (f"acs:ram::{A}:root", Principal.root(A)),
    ],
)
def test_principal_arns_round_trip(arn: str, expected: Principal) -> None:
    parsed = Principal.from_arn(arn)
    assert parsed == expected
    if "assumed-role" not in arn:
        assert parsed.arn == arn


@pytest.mark.parametrize("arn", ["acs:vpc::1:vpc/x", f"acs:ram::{A}:group/g", "acs:ram::abc:user/a", "alice"])
def test_bad_principal_arns(arn: str) -> None:
    with pytest.raises(StackError):
        Principal.from_arn(arn)


def test_role_arn_parsing() -> None:
    assert parse_role_arn(f"acs:ram::{A}:role/partner-netops") == (A, "partner-netops")
    for bad in (f"acs:ram::{A}:role/", f"acs:ram::{A}:user/x", "acs:ram:::role/x"):
        with pytest.raises(ArnError):
            parse_role_arn(bad)


def test_arn_account() -> None:
    assert arn_account(f"acs:vpc:cn-hangzhou:{A}:vpc/v") == A
    assert arn_account("acs:vpc:*:*:vpc/*") is None
    assert arn_account("*") is None
    assert arn_account("acs:oss:::bucket") is None


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("user", "alice@acme.onaliyun.com"),
        ("group", "alice@group.acme.onaliyun.com"),
        ("role", "alice@role.acme.onaliyunservice.com"),
    ],
)
def test_resource_manager_principal_names(kind: str, expected: str) -> None:
    name = rm_principal_name(kind, "alice", "acme")
    assert name == expected
    assert parse_rm_principal_name(name) == (kind, "alice", "acme")


def test_bad_resource_manager_principal_names() -> None:
    for bad in ("alice", "alice@example.com", "@acme.onaliyun.com"):
        with pytest.raises(PrincipalNameError):
            parse_rm_principal_name(bad)


def test_stack_helpers() -> None:
    stack = StackModel(
        A,
        users={"alice"},
        groups={"b", "a"},
        memberships={("alice", "b"), ("alice", "a")},
        roles={"Ops": {}},
        attachments=[Attachment("user", "alice", "AdministratorAccess", "System", A)],
    )
    assert stack.groups_of("alice") == ["a", "b"]
    assert stack.find_role("ops") == "Ops"
    assert stack.scope_of(stack.attachments[0]) == "account"
    assert stack.validate() == []
    assert Principal.user("alice", A).label == f"user:alice@{A}"
