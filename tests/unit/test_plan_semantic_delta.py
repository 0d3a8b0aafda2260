"""`alicloud-gov plan --deny-new-access` compares access, not text (issue 10's measured cases).

Each test writes a small Pulumi project (a user with one custom policy, optional system-policy attachments) and a
deployed state of its "before" version, then plans the "after" version under mocks through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from alicloud_gov.cli.exit_codes import PlanExit
from alicloud_gov.cli.plan import plan
from alicloud_gov.plan.access import permission_delta
from alicloud_gov.policy.stack import Attachment, StackModel
from alicloud_gov.policy.system_policies import get_system_policy

ACCOUNT = "1000000000000001"
PROVIDER = "urn:pulumi:dev::delta-demo::pulumi:providers:alicloud-gov::default_0_1_0::abc"

PROGRAM = '''"""A user with one custom policy (from config) and optional system-policy attachments."""

import pulumi

import alicloud_gov as gov

config = pulumi.Config()
alice = gov.RamUser("alice", name="alice")
if config.get_bool("unknownDocument"):
    bob = gov.RamUser("bob", name="bob")  # new: its user id is known only after apply
    document = bob.user_id.apply(
        lambda uid: {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": uid}]}
    )
else:
    document = config.require_object("document")
policy = gov.RamPolicy("custom", name="custom", document=document)
gov.PolicyAttachment("alice-custom", principal_type="user", principal_name="alice", policy_name="custom")
for name in config.get_object("systemPolicies") or []:
    gov.PolicyAttachment(
        f"alice-{name}", principal_type="user", principal_name="alice", policy_name=name, policy_type="System"
    )
'''


def _resource(type_name: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {
        "urn": f"urn:pulumi:dev::delta-demo::alicloud-gov:index:{type_name}::{name}",
        "type": f"alicloud-gov:index:{type_name}",
        "custom": True,
        "id": name,
        "inputs": inputs,
        "outputs": {**inputs, "accountId": ACCOUNT},
        "provider": PROVIDER,
    }


def _state(document: dict[str, Any], system_policies: list[str]) -> dict[str, Any]:
    resources = [
        _resource("RamUser", "alice", {"name": "alice"}),
        _resource("RamPolicy", "custom", {"name": "custom", "document": document}),
        _resource(
            "PolicyAttachment",
            "alice-custom",
            {"principalType": "user", "principalName": "alice", "policyName": "custom", "policyType": "Custom"},
        ),
    ]
    resources += [
        _resource(
            "PolicyAttachment",
            f"alice-{name}",
            {"principalType": "user", "principalName": "alice", "policyName": name, "policyType": "System"},
        )
        for name in system_policies
    ]
    return {"version": 3, "deployment": {"resources": resources}}


def _plan(
    tmp_path: Path,
    before: dict[str, Any],
    after: dict[str, Any] | None,
    *,
    before_system: tuple[str, ...] = (),
    after_system: tuple[str, ...] = (),
    unknown_document: bool = False,
    output_format: str = "text",
    program: str = PROGRAM,
) -> tuple[int, str, str]:
    (tmp_path / "__main__.py").write_text(program)
    (tmp_path / "Pulumi.yaml").write_text("name: delta-demo\nruntime: python\n")
    config: dict[str, Any] = {"delta-demo:systemPolicies": json.dumps(list(after_system))}
    if after is not None:
        config["delta-demo:document"] = json.dumps(after)  # structured config as JSON text
    if unknown_document:
        config["delta-demo:unknownDocument"] = "true"
    (tmp_path / "Pulumi.dev.yaml").write_text(yaml.safe_dump({"config": config}))
    state = tmp_path / "state.json"
    state.write_text(json.dumps(_state(before, list(before_system))))
    result = CliRunner().invoke(
        plan,
        [str(tmp_path), "--stack", "dev", "--state", str(state), "--deny-new-access", "--format", output_format],
    )
    return result.exit_code, result.stdout, result.stderr


def _allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Version": "1", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


def test_narrowing_an_action_wildcard_is_a_change_without_new_access(tmp_path: Path) -> None:
    code, output, _ = _plan(tmp_path, _allow("expressconnectrouter:*"), _allow("expressconnectrouter:Describe*"))
    assert code == PlanExit.CHANGES, output
    assert "- Allow expressconnectrouter:* on * at account" in output


def test_narrowing_assume_role_to_one_role_arn_is_no_new_access(tmp_path: Path) -> None:
    arn = f"acs:ram::{ACCOUNT}:role/ops"
    code, output, _ = _plan(tmp_path, _allow("sts:AssumeRole"), _allow("sts:AssumeRole", arn))
    assert code == PlanExit.CHANGES, output


def test_widening_is_new_access(tmp_path: Path) -> None:
    code, output, _ = _plan(tmp_path, _allow("expressconnectrouter:Describe*"), _allow("expressconnectrouter:*"))
    assert code == PlanExit.NEW_ACCESS, output
    assert "+ Allow expressconnectrouter:* on * at account" in output


def test_a_new_system_policy_attachment_is_judged_by_its_document(tmp_path: Path) -> None:
    document = _allow("vpc:DescribeVpcs")
    code, output, errors = _plan(tmp_path, document, document, after_system=("AliyunOSSFullAccess",))
    if get_system_policy("AliyunOSSFullAccess") is not None:
        assert code == PlanExit.NEW_ACCESS, output
        assert "+ Allow oss:*" in output
    else:  # the catalogue does not know its document: fail closed, naming the grant
        assert code == PlanExit.UNKNOWN_ACCESS, output
        assert "AliyunOSSFullAccess" in errors
        assert "No principal gains or loses access" not in output


def test_a_custom_policy_whose_document_is_unknown_until_apply_fails_closed(tmp_path: Path) -> None:
    code, output, errors = _plan(tmp_path, _allow("vpc:DescribeVpcs"), None, unknown_document=True)
    assert code == PlanExit.UNKNOWN_ACCESS, output
    assert "custom" in errors and "after apply" in errors
    assert "No principal gains or loses access" not in output


def test_json_shows_gains_losses_and_unknown_grants(tmp_path: Path) -> None:
    code, output, _ = _plan(
        tmp_path, _allow("expressconnectrouter:*"), _allow("expressconnectrouter:Describe*"), output_format="json"
    )
    assert code == PlanExit.CHANGES
    report = json.loads(output)
    (delta,) = report["permission_delta"]
    assert delta["gained"] == []
    assert [lost["text"] for lost in delta["lost"]] == ["Allow expressconnectrouter:* on * at account"]
    assert report["unknown_grants"] == []


def test_an_attachment_to_an_undeclared_custom_policy_fails_closed(tmp_path: Path) -> None:
    program = PROGRAM.replace('policy_name="custom")', 'policy_name="managed-elsewhere")')
    document = _allow("vpc:DescribeVpcs")
    code, output, errors = _plan(tmp_path, document, document, program=program)
    assert code == PlanExit.UNKNOWN_ACCESS, output
    assert "managed-elsewhere" in errors and "not declared" in errors


def _model(memberships: set[tuple[str, str]], documents: dict[str, dict[str, Any]]) -> StackModel:
    model = StackModel(ACCOUNT, users={"alice"}, groups={"ops"}, memberships=set(memberships))
    model.policies.update(documents)
    model.attachments += [
        Attachment("group", "ops", "ops-policy", "Custom"),
        Attachment("user", "alice", "own", "Custom"),
    ]
    return model


def test_group_membership_counts_in_the_delta() -> None:
    documents = {"ops-policy": _allow("ecs:*"), "own": _allow("ecs:Describe*")}
    (joined,) = permission_delta([_model(set(), documents)], [_model({("alice", "ops")}, documents)])
    assert [p.action for p in joined.gained] == ["ecs:*"] and joined.lost == []
    # A user's own narrowing is no loss while a group still grants the wider access.
    narrowed = {"ops-policy": _allow("ecs:*"), "own": _allow("ecs:DescribeInstances")}
    member = {("alice", "ops")}
    assert permission_delta([_model(member, documents)], [_model(member, narrowed)]) == []


def test_a_removed_deny_is_a_gain_and_an_added_one_a_loss() -> None:
    guarded = {
        "ops-policy": {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "ecs:Delete*", "Resource": "*"}]},
        "own": _allow("ecs:*"),
    }
    open_ = {"ops-policy": _allow("vpc:DescribeVpcs"), "own": _allow("ecs:*")}
    member = {("alice", "ops")}
    (lifted,) = permission_delta([_model(member, guarded)], [_model(member, open_)])
    assert [p.describe() for p in lifted.gained] == [
        "Allow ecs:* on * at account",
        "Allow vpc:DescribeVpcs on * at account",
    ]
    (added,) = permission_delta([_model(member, open_)], [_model(member, guarded)])
    assert added.gained == [] and {p.action for p in added.lost} == {"ecs:*", "vpc:DescribeVpcs"}


def test_a_not_resource_pattern_containing_a_comma_is_one_pattern() -> None:
    """NotResource ["x, y"] excludes only the literal "x, y", not x and y: after, x is newly allowed."""
    x, y = "acs:oss:cn-hangzhou:1:bucket/x", "acs:oss:cn-hangzhou:1:bucket/y"

    def not_resource(patterns: list[str]) -> dict[str, Any]:
        statement = {"Effect": "Allow", "Action": "oss:GetObject", "NotResource": patterns}
        return {"ops-policy": _allow("vpc:DescribeVpcs"), "own": {"Version": "1", "Statement": [statement]}}

    (widened,) = permission_delta([_model(set(), not_resource([x, y]))], [_model(set(), not_resource([f"{x}, {y}"]))])
    assert [(p.not_resource, p.resource_patterns) for p in widened.gained] == [(True, (f"{x}, {y}",))]
    assert [p.resource_patterns for p in widened.lost] == [(x, y)]


def test_a_role_whose_trust_is_known_only_after_apply_fails_closed() -> None:
    """A trust document, or a helper list entry, unknown at preview means who may assume the role is unknown:
    an unknown grant (exit 4), not a role that trusts nobody. Before, the unknown entry was dropped."""
    from alicloud_gov.plan import UNKNOWN
    from alicloud_gov.plan.access import ResourceRecord, account_models

    for inputs in (
        {"name": "deployer", "trustedAccounts": ["2000000000000002", UNKNOWN]},
        {"name": "deployer", "trustedServices": UNKNOWN},
        {"name": "deployer", "assumeRolePolicyDocument": UNKNOWN},
    ):
        (model,) = account_models([ResourceRecord("RamRole", "deployer", None, inputs)], {None: ACCOUNT})
        assert "deployer" in model.roles, inputs
        assert any("RamRole 'deployer'" in grant and "after apply" in grant for grant in model.unknown_grants), inputs
    known = {"name": "deployer", "trustedAccounts": ["2000000000000002"]}
    (model,) = account_models([ResourceRecord("RamRole", "deployer", None, known)], {None: ACCOUNT})
    assert model.unknown_grants == []
