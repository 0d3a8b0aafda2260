"""The diff engine: real changes are classified, meaningless ones never shown."""

from __future__ import annotations

import json

import pytest

from alicloud_gov.plan import (
    UNKNOWN,
    PropertySpec,
    ResourceSchema,
    diff_properties,
    explain_policy_change,
    values_equal,
)

ROLE = ResourceSchema(
    "RamRole",
    (
        PropertySpec("roleName", "string", replace_on_change=True),
        PropertySpec("trustPolicy", "policy"),
        PropertySpec("description", "string"),
        PropertySpec("maxSessionDuration", "int", default=3600),
    ),
)
ATTACHMENT = ResourceSchema(
    "PolicyAttachment",
    (PropertySpec("policyName", "name_ci", replace_on_change=True), PropertySpec("tags", "map")),
)
TRUST = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "2"}}]}


def test_no_change_for_reformatted_trust_policy_and_outputs_in_state() -> None:
    olds = {
        "roleName": "ops",
        "trustPolicy": json.dumps(TRUST, indent=2),
        "arn": "acs:ram::1:role/ops",  # an output: not compared
        "maxSessionDuration": "3600",
    }
    news = {
        "roleName": "ops",
        "trustPolicy": {
            "Statement": {"principal": {"RAM": ["2"]}, "action": ["STS:assumerole"], "effect": "Allow"},
            "Version": 1,
        },
    }
    assert not diff_properties(ROLE, olds, news).has_changes


def test_update_versus_replace() -> None:
    olds = {"roleName": "ops", "trustPolicy": TRUST, "description": "a"}
    result = diff_properties(ROLE, olds, {**olds, "description": "b"})
    assert result.changed_keys == ["description"]
    assert not result.replaces
    result = diff_properties(ROLE, olds, {**olds, "roleName": "ops2"})
    assert result.replace_keys == ["roleName"]
    assert result.replaces


def test_add_and_delete_kinds() -> None:
    result = diff_properties(ROLE, {"roleName": "ops"}, {"roleName": "ops", "description": "new"})
    assert [(c.name, c.kind) for c in result.changes] == [("description", "add")]
    result = diff_properties(ROLE, {"roleName": "ops", "description": "old"}, {"roleName": "ops"})
    assert [(c.name, c.kind) for c in result.changes] == [("description", "delete")]


def test_absent_equals_empty_string_and_default() -> None:
    assert not diff_properties(ROLE, {"description": ""}, {}).has_changes
    assert not diff_properties(ROLE, {"maxSessionDuration": 3600}, {}).has_changes
    assert diff_properties(ROLE, {"maxSessionDuration": 3600}, {"maxSessionDuration": 7200}).changed_keys == [
        "maxSessionDuration"
    ]


def test_policy_name_case_is_not_a_change() -> None:
    result = diff_properties(ATTACHMENT, {"policyName": "AdministratorAccess"}, {"policyName": "administratoraccess"})
    assert not result.has_changes


def test_map_order_is_not_a_change() -> None:
    result = diff_properties(ATTACHMENT, {"tags": {"a": "1", "b": "2"}}, {"tags": {"b": "2", "a": "1"}})
    assert not result.has_changes
    assert diff_properties(ATTACHMENT, {"tags": {"a": "1"}}, {"tags": {"a": "2"}}).changed_keys == ["tags"]


def test_unknown_values_are_reported_never_hidden() -> None:
    result = diff_properties(ROLE, {"roleName": "ops"}, {"roleName": UNKNOWN})
    assert result.changes[0].unknown
    assert result.replaces
    assert not values_equal(ROLE.properties[0], "ops", UNKNOWN)


@pytest.mark.parametrize(
    ("kind", "old", "new", "equal"),
    [
        ("string_set", ["b", "a", "a"], ["a", "b"], True),
        ("string_set", ["a"], ["a", "b"], False),
        ("bool", "True", True, True),
        ("bool", "false", True, False),
        ("int", "12", 12, True),
        ("json", '{"a": [1, 2]}', {"a": [1, 2]}, True),
        ("json", {"a": [1, 2]}, {"a": [2, 1]}, False),
    ],
)
def test_kinds(kind: str, old: object, new: object, equal: bool) -> None:
    assert values_equal(PropertySpec("p", kind), old, new) is equal  # type: ignore[arg-type]


def test_explain_names_the_added_action_and_statement() -> None:
    old = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:GetUser", "Resource": "*"}]}
    new = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": ["ram:GetUser", "ram:ListUsers"], "Resource": "*"},
            {"Effect": "Deny", "Action": "vpc:*", "Resource": "*"},
        ],
    }
    lines = [change.describe() for change in explain_policy_change(old, new)]
    assert "added Statement[0].Action: ram:ListUsers" in lines
    assert any(line.startswith("added Statement[1]") and "vpc:*" in line for line in lines)
    assert explain_policy_change(old, json.dumps(old, indent=4)) == []


def test_explanations_keep_the_users_spelling() -> None:
    old = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["ram:GetUser"], "Resource": "*"}]}
    new = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": ["RAM:getuser", "ECS:DescribeInstances"], "Resource": "*"}],
    }
    assert [change.describe() for change in explain_policy_change(old, new)] == [
        "added Statement[0].Action: ECS:DescribeInstances"
    ]
    removed = [change.describe() for change in explain_policy_change(new, old)]
    assert removed == ["removed Statement[0].Action: ECS:DescribeInstances"]


def test_one_added_action_is_one_line_whatever_its_position() -> None:
    actions = ["ecs:DescribeInstances", "ecs:DescribeDisks", "ecs:DescribeImages"]
    old = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
    new = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": ["ecs:StartInstance", *actions], "Resource": "*"}],
    }
    changes = explain_policy_change(old, new)
    assert [change.describe() for change in changes] == ["added Statement[0].Action: ecs:StartInstance"]
    assert changes[0].location == ("Statement", 0, "Action", 0)


def test_plan_details_list_the_added_action_as_written() -> None:
    """`alicloud-gov plan`'s text prints each change's details: the added member, in the user's spelling."""
    from alicloud_gov.plan import resource_schema
    from alicloud_gov.plan.access import ResourceRecord
    from alicloud_gov.plan.changes import resource_changes
    from alicloud_gov.spec.schema import RAM_POLICY as spec

    statement = {"Effect": "Allow", "Action": ["ecs:DescribeDisks", "ecs:DescribeImages"], "Resource": "*"}
    old = {"name": "ecs-read", "document": {"Version": "1", "Statement": [statement]}}
    grown = {**statement, "Action": ["ECS:DescribeInstances", *statement["Action"]]}
    new = {"name": "ecs-read", "document": {"Version": "1", "Statement": [grown]}}
    [change] = resource_changes(
        [ResourceRecord("RamPolicy", "ecs-read", None, old)],
        [ResourceRecord("RamPolicy", "ecs-read", None, new)],
        {"RamPolicy": resource_schema(spec)},
    )
    assert change.details == ["document: added Statement[0].Action: ECS:DescribeInstances"]
