"""Provider ``diff``: no false diffs from normalisation, replace versus update, unknowns, ignore_changes."""

from __future__ import annotations

import json

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import DiffRequest, PropertyDiffKind
from pulumi.runtime.rpc import UNKNOWN as WIRE_UNKNOWN

from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.provider.values import map_to_plain
from tests.unit.provider_helpers import check_request, diff_request, props, run, urn

provider = AlicloudGovProvider()

POLICY = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": ["vpc:DescribeVpcs"], "Resource": ["*"]}],
}
STORED_POLICY = {"name": "vpc-read", "document": POLICY, "policyType": "Custom", "defaultVersion": "v1"}


def diff(type_name: str, olds: dict, news: dict, ignore: list[str] | None = None):  # type: ignore[no-untyped-def]
    return run(provider.diff(diff_request(type_name, olds, news, ignore)))


def checked(type_name: str, news: dict) -> dict:  # type: ignore[type-arg]
    """The inputs as the engine passes them to diff: after check."""
    response = run(provider.check(check_request(type_name, "r", news)))
    assert not response.failures
    return map_to_plain(response.inputs or {})


def test_reformatted_document_is_no_change() -> None:
    text = json.dumps(POLICY, indent=4)
    response = diff("RamPolicy", STORED_POLICY, {"name": "vpc-read", "document": text})
    assert response.changes is False
    assert response.diffs == [] and response.replaces == []


def test_string_versus_list_and_action_case_are_no_change() -> None:
    news = {
        "name": "vpc-read",
        "document": {"Version": 1, "Statement": {"effect": "Allow", "action": "VPC:describevpcs", "resource": "*"}},
    }
    assert diff("RamPolicy", STORED_POLICY, news).changes is False


def test_policy_name_case_is_no_change() -> None:
    olds = {
        "principalType": "user",
        "principalName": "alice",
        "policyName": "AdministratorAccess",
        "policyType": "System",
    }
    news = {**olds, "policyName": "administratoraccess", "policyType": "system"}
    assert diff("PolicyAttachment", olds, news).changes is False


def test_trust_policy_principal_string_versus_list_is_no_change() -> None:
    stored = {
        "name": "partner",
        "assumeRolePolicyDocument": json.dumps(
            {
                "Statement": [
                    {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": ["acs:ram::2:root"]}}
                ],
                "Version": "1",
            },
            separators=(",", ":"),
        ),
        "maxSessionDuration": 3600,
        "arn": "acs:ram::1:role/partner",
    }
    news = {
        "name": "partner",
        "assumeRolePolicyDocument": {
            "Version": "1",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "acs:ram::2:root"}}],
        },
    }
    assert diff("RamRole", stored, news).changes is False


def test_document_change_is_an_in_place_update() -> None:
    document = {
        **POLICY,
        "Statement": [{**POLICY["Statement"][0], "Action": ["vpc:DescribeVpcs", "vpc:DescribeVSwitches"]}],
    }
    response = diff("RamPolicy", STORED_POLICY, {"name": "vpc-read", "document": document})
    assert response.changes is True
    assert response.diffs == ["document"]
    assert response.replaces == []
    assert {path: d.kind for path, d in response.detailed_diff.items()} == {
        "document.Statement[0].Action[1]": PropertyDiffKind.ADD
    }


# The CLI renders detailedDiff by walking each path through the old and the new inputs, index by index
# (pulumi/pulumi pkg/engine/detailedDiff.go, TranslateDetailedDiff/addDiff; pkg/backend/display/object_diff.go):
# "document.Statement[0].Action[1]" ADD prints "+ [1]: <new value>" inside Statement [0]'s Action, and nothing
# else; a top-level "document" UPDATE prints every later list entry as a positional "~" change.
ACTIONS = ["ecs:DescribeInstances", "ECS:DescribeDisks", "ecs:DescribeImages", "ecs:DescribeRegions"]


def _policy(actions: list[str], *more: dict) -> dict:  # type: ignore[type-arg]
    statement = {"Effect": "Allow", "Action": actions, "Resource": "*"}
    return {"name": "ecs-read", "document": {"Version": "1", "Statement": [statement, *more]}}


def _detailed(olds: dict, news: dict) -> dict[str, PropertyDiffKind]:  # type: ignore[type-arg]
    return {path: d.kind for path, d in diff("RamPolicy", olds, news).detailed_diff.items()}


def test_adding_one_action_in_the_middle_is_one_added_member() -> None:
    news = _policy([*ACTIONS[:1], "ecs:DescribeSnapshots", *ACTIONS[1:]])
    assert _detailed(_policy(ACTIONS), news) == {"document.Statement[0].Action[1]": PropertyDiffKind.ADD}


def test_removing_one_action_is_one_removed_member_at_its_old_place() -> None:
    news = _policy([ACTIONS[0], *ACTIONS[2:]])
    assert _detailed(_policy(ACTIONS), news) == {"document.Statement[0].Action[1]": PropertyDiffKind.DELETE}


def test_reordering_and_recasing_members_is_no_change() -> None:
    news = _policy([action.upper() for action in reversed(ACTIONS)])
    assert diff("RamPolicy", _policy(ACTIONS), news).changes is False


def test_a_member_replaced_in_place_is_one_update_at_its_place() -> None:
    news = _policy([ACTIONS[0], "ecs:DescribeSnapshots", *ACTIONS[2:]])
    assert _detailed(_policy(ACTIONS), news) == {"document.Statement[0].Action[1]": PropertyDiffKind.UPDATE}


def test_an_added_statement_is_one_added_element() -> None:
    deny = {"Effect": "Deny", "Action": "ecs:DeleteInstance", "Resource": "*"}
    assert _detailed(_policy(ACTIONS), _policy(ACTIONS, deny)) == {"document.Statement[1]": PropertyDiffKind.ADD}


def test_a_document_given_as_text_falls_back_to_the_whole_property() -> None:
    olds = _policy(ACTIONS)
    news = {"name": "ecs-read", "document": json.dumps(_policy([*ACTIONS, "ecs:DescribeSnapshots"])["document"])}
    assert _detailed(olds, news) == {"document": PropertyDiffKind.UPDATE}


def test_policy_rename_is_a_replacement() -> None:
    response = diff("RamPolicy", STORED_POLICY, {"name": "vpc-readonly", "document": POLICY})
    assert response.replaces == ["name"]
    assert response.detailed_diff["name"].kind == PropertyDiffKind.UPDATE_REPLACE
    assert response.delete_before_replace is False


def test_user_rename_is_an_update_but_role_rename_replaces() -> None:
    user = diff("RamUser", {"name": "alice", "userId": "1"}, {"name": "alice2"})
    assert user.diffs == ["name"] and user.replaces == []
    role = diff(
        "RamRole",
        {"name": "ops", "assumeRolePolicyDocument": POLICY},
        {"name": "ops2", "assumeRolePolicyDocument": POLICY},
    )
    assert role.replaces == ["name"]


def test_role_rename_in_case_only_deletes_first() -> None:
    stored = {"name": "Ops", "assumeRolePolicyDocument": POLICY}
    response = diff("RamRole", stored, {"name": "ops", "assumeRolePolicyDocument": POLICY})
    assert response.replaces == ["name"]
    assert response.delete_before_replace is True


def test_attachment_scope_change_replaces() -> None:
    olds = {"principalType": "user", "principalName": "alice", "policyName": "P", "policyType": "Custom"}
    response = diff("PolicyAttachment", olds, {**olds, "resourceGroupId": "rg-abc"})
    assert response.replaces == ["resourceGroupId"]
    assert response.detailed_diff["resourceGroupId"].kind == PropertyDiffKind.ADD_REPLACE


def test_added_and_removed_optional_fields() -> None:
    added = diff("RamUser", {"name": "alice"}, {"name": "alice", "comments": "on call"})
    assert added.detailed_diff["comments"].kind == PropertyDiffKind.ADD
    removed = diff("RamUser", {"name": "alice", "comments": "on call"}, {"name": "alice"})
    assert removed.detailed_diff["comments"].kind == PropertyDiffKind.DELETE


def test_default_session_duration_is_no_change() -> None:
    stored = {"name": "ops", "assumeRolePolicyDocument": POLICY, "maxSessionDuration": 3600}
    assert diff("RamRole", stored, {"name": "ops", "assumeRolePolicyDocument": POLICY}).changes is False


def test_outputs_in_state_are_not_deletions() -> None:
    stored = {"name": "alice", "userId": "123", "principalName": "alice@acme.onaliyun.com", "accountId": "1"}
    assert diff("RamUser", stored, {"name": "alice"}).changes is False


def test_unknown_new_value_is_reported_as_a_possible_change() -> None:
    news = props({"groupName": "ops"})
    news["userName"] = PropertyValue(WIRE_UNKNOWN)
    request = DiffRequest(
        urn("RamGroupMembership", "m"), "ops:alice", props({"groupName": "ops", "userName": "alice"}), news, []
    )
    response = run(provider.diff(request))
    assert response.changes is True
    assert response.replaces == ["userName"]


def test_ignore_changes_hides_a_property() -> None:
    response = diff("RamUser", {"name": "alice", "comments": "a"}, {"name": "alice", "comments": "b"}, ["comments"])
    assert response.changes is False


def test_trust_helpers_are_judged_by_the_document_they_build() -> None:
    trust = {
        "Version": "1",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": ["acs:ram::2000000000000002:root"]}}
        ],
    }
    imported = {"name": "partner", "assumeRolePolicyDocument": json.dumps(trust)}
    same = diff("RamRole", imported, checked("RamRole", {"name": "partner", "trustedAccounts": ["2000000000000002"]}))
    assert same.changes is False  # an imported role declared through trustedAccounts shows no false change
    other = diff("RamRole", imported, checked("RamRole", {"name": "partner", "trustedAccounts": ["3000000000000003"]}))
    assert other.diffs == ["assumeRolePolicyDocument"] and other.replaces == []
