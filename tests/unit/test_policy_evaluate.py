"""The evaluator's RAM rules: explicit deny, default deny, groups, scopes, accounts, matching."""

from __future__ import annotations

from typing import Any

import pytest

from alicloud_gov.policy.evaluate import Evaluator, evaluate
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

A = "1000000000000001"
B = "2000000000000002"
RG_A = "rg-aek2projecta0001"
RG_B = "rg-aek2projectb0002"
VPC_A = f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-a"
VPC_B = f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-b"
ALICE = Principal.user("alice", A)


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "1", "Statement": list(statements)}


def stack(
    policies: dict[str, dict[str, Any]] | None = None,
    attachments: list[Attachment] | None = None,
    **fields: Any,
) -> StackModel:
    base: dict[str, Any] = {
        "users": {"alice", "bob"},
        "groups": {"netops", "auditors"},
        "memberships": {("alice", "netops")},
        "roles": {"Ops": doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"{A}"]}})},
        "resource_groups": {RG_A: "project-a", RG_B: "project-b"},
        "resource_placement": {VPC_A: RG_A, VPC_B: RG_B},
    }
    base.update(fields)
    return StackModel(account_id=A, policies=policies or {}, attachments=attachments or [], **base)


def attach(holder: str, policy: str, scope: str = "account", policy_type: str = "Custom") -> Attachment:
    kind, name = holder.split(":")
    return Attachment(kind, name, policy, policy_type, scope)  # type: ignore[arg-type]


# -- allow / deny ------------------------------------------------------------------------------------------------


def test_default_deny_without_any_statement() -> None:
    decision = evaluate(stack(), ALICE, "vpc:CreateVpc", VPC_A)
    assert decision.effect == "ImplicitDeny"
    assert decision.deciding == []
    assert "denied by default" in decision.reason


def test_allow_names_the_deciding_statement() -> None:
    policies = {"VpcAdmin": doc(allow("vpc:CreateVpc"), allow("vpc:DeleteVpc", Sid="Delete"))}
    decision = evaluate(stack(policies, [attach("user:alice", "VpcAdmin")]), ALICE, "vpc:DeleteVpc", VPC_A)
    assert decision.effect == "Allow"
    [statement] = decision.deciding
    assert (statement.policy_name, statement.policy_type, statement.scope) == ("VpcAdmin", "Custom", "account")
    assert (statement.statement_index, statement.sid, statement.attached_to) == (1, "Delete", "user:alice")
    assert 'Sid "Delete"' in decision.reason


def test_explicit_deny_wins_over_allow_from_another_policy() -> None:
    policies = {"Admin": doc(allow("*")), "NoDelete": doc(deny("vpc:Delete*"))}
    attachments = [attach("user:alice", "Admin"), attach("group:netops", "NoDelete")]
    s = stack(policies, attachments)
    decision = evaluate(s, ALICE, "vpc:DeleteVpc", VPC_A)
    assert decision.effect == "ExplicitDeny"
    assert [m.policy_name for m in decision.deciding] == ["NoDelete"]
    assert evaluate(s, ALICE, "vpc:CreateVpc", VPC_A).effect == "Allow"


def test_deny_in_the_same_policy_wins() -> None:
    policies = {"Mixed": doc(allow("vpc:*"), deny("vpc:CreateVpc"))}
    decision = evaluate(stack(policies, [attach("user:alice", "Mixed")]), ALICE, "vpc:CreateVpc", VPC_A)
    assert decision.effect == "ExplicitDeny"
    assert decision.deciding[0].statement_index == 1


# -- principals ----------------------------------------------------------------------------------------------------


def test_user_inherits_its_groups_attachments_only() -> None:
    policies = {"Net": doc(allow("vpc:CreateVpc")), "Audit": doc(allow("vpc:DescribeVpcs"))}
    s = stack(policies, [attach("group:netops", "Net"), attach("group:auditors", "Audit")])
    allowed = evaluate(s, ALICE, "vpc:CreateVpc", VPC_A)
    assert allowed.effect == "Allow"
    assert allowed.deciding[0].attached_to == "group:netops"
    assert evaluate(s, ALICE, "vpc:DescribeVpcs", "*").effect == "ImplicitDeny"
    assert evaluate(s, Principal.user("bob", A), "vpc:CreateVpc", VPC_A).effect == "ImplicitDeny"


def test_group_principal_sees_only_the_groups_grants() -> None:
    policies = {"Net": doc(allow("vpc:CreateVpc")), "Mine": doc(allow("vpc:DeleteVpc"))}
    s = stack(policies, [attach("group:netops", "Net"), attach("user:alice", "Mine")])
    group = Principal("group", "netops", A)
    assert evaluate(s, group, "vpc:CreateVpc", VPC_A).allowed
    assert not evaluate(s, group, "vpc:DeleteVpc", VPC_A).allowed


def test_role_uses_its_attachments_and_name_is_case_insensitive() -> None:
    policies = {"Net": doc(allow("vpc:*"))}
    s = stack(policies, [attach("role:ops", "Net")])
    assert evaluate(s, Principal.role("OPS", A), "vpc:CreateVpc", VPC_A).allowed
    assert not evaluate(s, ALICE, "vpc:CreateVpc", VPC_A).allowed


def test_undeclared_principal_and_account_are_denied() -> None:
    s = stack({"Admin": doc(allow("*"))}, [attach("user:alice", "Admin")])
    ghost = evaluate(s, Principal.user("ghost", A), "vpc:CreateVpc", VPC_A)
    assert ghost.effect == "ImplicitDeny" and "not declared" in ghost.reason
    elsewhere = evaluate(s, Principal.user("alice", B), "vpc:CreateVpc", VPC_A)
    assert elsewhere.effect == "ImplicitDeny" and B in elsewhere.reason


def test_root_may_do_anything_in_its_own_account_only() -> None:
    s = stack()
    assert evaluate(s, Principal.root(A), "vpc:DeleteVpc", VPC_A).allowed
    assert evaluate(s, Principal.root(A), "ram:CreateUser", "*").allowed
    foreign = evaluate([s, StackModel(B)], Principal.root(B), "vpc:DeleteVpc", VPC_A)
    assert foreign.effect == "ImplicitDeny"


def test_system_policy_names_match_case_insensitively() -> None:
    # AliyunSTSAssumeRoleAccess allows sts:AssumeRole on "*" (its published document, v1: RAM reference,
    # .../ram/developer-reference/aliyunstsassumeroleaccess).
    s = stack(attachments=[attach("user:alice", "aliyunstsassumeroleaccess", policy_type="System")])
    decision = evaluate(s, ALICE, "sts:AssumeRole", f"acs:ram::{A}:role/ops")
    assert decision.allowed
    assert decision.deciding[0].policy_name == "AliyunSTSAssumeRoleAccess"
    assert decision.deciding[0].policy_type == "System"


def test_a_name_only_system_policy_allows_nothing_and_says_so() -> None:
    from alicloud_gov.policy.system_policies import all_system_policies

    name = next(entry.name for entry in all_system_policies() if entry.name_only)
    decision = evaluate(
        stack(attachments=[attach("user:alice", name, policy_type="System")]), ALICE, "vpc:DescribeVpcs", "*"
    )
    assert decision.effect == "ImplicitDeny"
    assert any("its document is not in the catalogue" in note and name in note for note in decision.notes)


def test_custom_policy_names_match_case_insensitively() -> None:
    s = stack({"VpcAdmin": doc(allow("vpc:*"))}, [attach("user:alice", "vpcadmin")])
    assert evaluate(s, ALICE, "vpc:CreateVpc", VPC_A).allowed


def test_missing_policy_grants_nothing_and_is_noted() -> None:
    s = stack(attachments=[attach("user:alice", "Nowhere")])
    decision = evaluate(s, ALICE, "vpc:CreateVpc", VPC_A)
    assert decision.effect == "ImplicitDeny"
    assert any("Nowhere" in note and "not declared" in note for note in decision.notes)


# -- scopes --------------------------------------------------------------------------------------------------------


def test_account_scope_applies_to_every_resource_group() -> None:
    s = stack({"Net": doc(allow("vpc:ModifyVpcAttribute"))}, [attach("user:alice", "Net")])
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_A).allowed
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_B).allowed
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", f"acs:vpc:cn-hangzhou:{A}:vpc/unplaced").allowed


def test_account_id_as_scope_means_account_scope() -> None:
    s = stack({"Net": doc(allow("vpc:ModifyVpcAttribute"))}, [attach("user:alice", "Net", scope=A)])
    decision = evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_B)
    assert decision.allowed and decision.deciding[0].scope == "account"


def test_resource_group_scope_applies_only_to_resources_in_that_group() -> None:
    s = stack({"Net": doc(allow("vpc:ModifyVpcAttribute"))}, [attach("user:alice", "Net", scope=RG_A)])
    inside = evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_A)
    assert inside.allowed and inside.deciding[0].scope == RG_A
    outside = evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_B)
    assert outside.effect == "ImplicitDeny"
    assert any(RG_B in note for note in outside.notes)
    unplaced = evaluate(s, ALICE, "vpc:ModifyVpcAttribute", f"acs:vpc:cn-hangzhou:{A}:vpc/unplaced")
    assert not unplaced.allowed


def test_explicit_resource_group_argument_overrides_placement() -> None:
    s = stack({"Net": doc(allow("vpc:ModifyVpcAttribute"))}, [attach("user:alice", "Net", scope=RG_A)])
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_B, resource_group_id=RG_A).allowed
    assert not evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_A, resource_group_id=RG_B).allowed
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", "*", resource_group_id=RG_A).allowed


@pytest.mark.parametrize(
    "action",
    ["vpc:CreateNatGateway", "vpc:createvpc", "vpc:describeVpcs", "expressconnectrouter:DescribeCarrierCloudLinks"],
)
def test_resource_group_scope_is_ignored_for_actions_without_rg_support(action: str) -> None:
    s = stack({"Net": doc(allow(["vpc:*", "expressconnectrouter:*"]))}, [attach("user:alice", "Net", RG_A)])
    decision = evaluate(s, ALICE, action, VPC_A, resource_group_id=RG_A)
    assert decision.effect == "ImplicitDeny"
    assert any("does not support resource-group authorisation" in note for note in decision.notes)


def test_account_level_complement_grants_what_rg_scope_cannot() -> None:
    policies = {"NatAtAccount": doc(allow("vpc:CreateNatGateway"))}
    attachments = [
        attach("user:alice", "AliyunVPCFullAccess", RG_A, "System"),
        attach("user:alice", "NatAtAccount"),
    ]
    decision = evaluate(stack(policies, attachments), ALICE, "vpc:CreateNatGateway", VPC_A)
    assert decision.allowed
    assert decision.deciding[0].policy_name == "NatAtAccount"


def test_resource_group_scoped_deny_applies_only_in_its_group() -> None:
    policies = {"Admin": doc(allow("vpc:*")), "Freeze": doc(deny("vpc:ModifyVpcAttribute"))}
    s = stack(policies, [attach("user:alice", "Admin"), attach("user:alice", "Freeze", RG_A)])
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_A).effect == "ExplicitDeny"
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", VPC_B).allowed


def test_unknown_action_is_assumed_to_support_resource_groups() -> None:
    # oss is known at service level only (no action list), so its actions are not in the catalogue.
    s = stack({"Oss": doc(allow("oss:*"))}, [attach("user:alice", "Oss", RG_A)])
    resource = f"acs:oss:cn-hangzhou:{A}:bucket-1"
    decision = evaluate(s, ALICE, "oss:PutBucketTags", resource, resource_group_id=RG_A)
    assert decision.allowed
    assert any("not in the catalogue" in note for note in decision.notes)


def test_rg_support_can_be_supplied() -> None:
    s = stack({"Net": doc(allow("vpc:*"))}, [attach("user:alice", "Net", RG_A)])
    evaluator = Evaluator(s, rg_support=lambda action: False)
    assert not evaluator.evaluate(ALICE, "vpc:ModifyVpcAttribute", VPC_A).allowed


# -- accounts ------------------------------------------------------------------------------------------------------


def test_policies_govern_only_their_own_accounts_resources() -> None:
    admin = attach("user:carol", "Admin", "account")
    partner = StackModel(B, users={"carol"}, policies={"Admin": doc(allow("*"))}, attachments=[admin])
    carol = Principal.user("carol", B)
    assert evaluate([stack(), partner], carol, "vpc:DeleteVpc", f"acs:vpc:cn-hangzhou:{B}:vpc/vpc-own").allowed
    foreign = evaluate([stack(), partner], carol, "vpc:DeleteVpc", VPC_A)
    assert foreign.effect == "ImplicitDeny"
    assert "belongs to account" in foreign.reason


def test_resource_with_wildcard_account_counts_as_own_account() -> None:
    s = stack({"Net": doc(allow("vpc:*"))}, [attach("user:alice", "Net")])
    assert evaluate(s, ALICE, "vpc:DescribeVpcs", "acs:vpc:*:*:vpc/*").allowed


# -- matching ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    [
        ("vpc:*Vpc*", "vpc:CreateVpc", True),
        ("vpc:*Vpc*", "vpc:DescribeVpcAttribute", True),
        ("vpc:*Vpc*", "vpc:CreateNatGateway", False),
        ("vpc:Create???", "vpc:CreateVpc", True),
        ("vpc:Create???", "vpc:CreateVpcX", False),
        ("VPC:CREATEVPC", "vpc:createvpc", True),
        ("vpc:createvpc", "VPC:CreateVpc", True),
        ("*", "ram:CreateUser", True),
        ("vpc:*", "ecs:RunInstances", False),
    ],
)
def test_action_wildcards_and_case(pattern: str, action: str, expected: bool) -> None:
    s = stack({"P": doc(allow(pattern))}, [attach("user:alice", "P")])
    assert evaluate(s, ALICE, action, VPC_A).allowed is expected


@pytest.mark.parametrize(
    ("pattern", "resource", "expected"),
    [
        (f"acs:vpc:*:{A}:vpc/*", VPC_A, True),
        (f"acs:vpc:*:{A}:vpc/vpc-?", VPC_A, True),
        (f"acs:vpc:*:{A}:vpc/vpc-?", f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-ab", False),
        (f"acs:vpc:cn-hangzhou:{A}:vpc/VPC-A", VPC_A, False),
        (f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-a", VPC_A, True),
        (f"acs:vpc:*:{A}:vswitch/*", VPC_A, False),
    ],
)
def test_resource_wildcards_are_case_sensitive(pattern: str, resource: str, expected: bool) -> None:
    s = stack({"P": doc(allow("vpc:*", pattern))}, [attach("user:alice", "P")])
    assert evaluate(s, ALICE, "vpc:ModifyVpcAttribute", resource).allowed is expected


def test_not_action_allows_everything_else() -> None:
    statement = {"Effect": "Allow", "NotAction": ["ram:*", "sts:*"], "Resource": "*"}
    s = stack({"NotIam": doc(statement)}, [attach("user:alice", "NotIam")])
    assert evaluate(s, ALICE, "vpc:CreateVpc", VPC_A).allowed
    assert not evaluate(s, ALICE, "ram:CreateUser", "*").allowed
    assert not evaluate(s, ALICE, "RAM:createuser", "*").allowed


def test_not_resource_excludes_matching_resources() -> None:
    statement = {"Effect": "Allow", "Action": "vpc:*", "NotResource": f"acs:vpc:*:{A}:vpc/vpc-b"}
    s = stack({"NotB": doc(statement)}, [attach("user:alice", "NotB")])
    assert evaluate(s, ALICE, "vpc:DeleteVpc", VPC_A).allowed
    assert not evaluate(s, ALICE, "vpc:DeleteVpc", VPC_B).allowed


def test_deny_with_not_action_denies_everything_else() -> None:
    policies = {"Admin": doc(allow("*")), "OnlyVpc": doc({"Effect": "Deny", "NotAction": "vpc:*", "Resource": "*"})}
    s = stack(policies, [attach("user:alice", "Admin"), attach("user:alice", "OnlyVpc")])
    assert evaluate(s, ALICE, "vpc:CreateVpc", VPC_A).allowed
    assert evaluate(s, ALICE, "ram:CreateUser", "*").effect == "ExplicitDeny"


def test_single_statement_object_and_string_values_are_accepted() -> None:
    policies = {"One": {"Version": "1", "Statement": {"Effect": "Allow", "Action": "vpc:CreateVpc", "Resource": "*"}}}
    assert evaluate(stack(policies, [attach("user:alice", "One")]), ALICE, "vpc:CreateVpc", VPC_A).allowed


def test_malformed_statements_never_match() -> None:
    policies = {
        "Bad": doc(
            {"Effect": "Allow", "Resource": "*"},  # no Action
            {"Effect": "Allow", "Action": "vpc:*"},  # no Resource
            {"Effect": "Maybe", "Action": "vpc:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "vpc:*", "NotAction": "ram:*", "Resource": "*"},
        )
    }
    decision = evaluate(stack(policies, [attach("user:alice", "Bad")]), ALICE, "vpc:CreateVpc", VPC_A)
    assert decision.effect == "ImplicitDeny"


def test_policy_document_as_json_text() -> None:
    text = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:*","Resource":"*"}]}'
    policies: dict[str, Any] = {"Text": text}
    assert evaluate(stack(policies, [attach("user:alice", "Text")]), ALICE, "vpc:CreateVpc", VPC_A).allowed


# -- session policy ------------------------------------------------------------------------------------------------


def test_session_policy_limits_a_role_session() -> None:
    s = stack({"Admin": doc(allow("*"))}, [attach("role:Ops", "Admin")])
    ops = Principal.role("Ops", A)
    session = doc(allow("vpc:Describe*"))
    assert evaluate(s, ops, "vpc:DescribeVpcs", "*", session_policy=session).allowed
    limited = evaluate(s, ops, "vpc:DeleteVpc", VPC_A, session_policy=session)
    assert limited.effect == "ImplicitDeny" and "session policy" in limited.reason
    denied = evaluate(s, ops, "vpc:DescribeVpcs", "*", session_policy=doc(allow("*"), deny("vpc:DescribeVpcs")))
    assert denied.effect == "ExplicitDeny" and denied.deciding[0].policy_type == "Session"


def test_session_policy_cannot_grant_more_than_the_role_has() -> None:
    s = stack({"Read": doc(allow("vpc:Describe*"))}, [attach("role:Ops", "Read")])
    decision = evaluate(s, Principal.role("Ops", A), "vpc:DeleteVpc", VPC_A, session_policy=doc(allow("*")))
    assert decision.effect == "ImplicitDeny"


# -- evaluator snapshot --------------------------------------------------------------------------------------------


def test_evaluator_reuses_its_index_and_module_function_sees_changes() -> None:
    s = stack({"Net": doc(allow("vpc:CreateVpc"))}, [attach("user:alice", "Net")])
    evaluator = Evaluator(s)
    assert evaluator.evaluate(ALICE, "vpc:CreateVpc", VPC_A).allowed
    s.policies["Net"] = doc(deny("vpc:CreateVpc"))
    assert evaluate(s, ALICE, "vpc:CreateVpc", VPC_A).effect == "ExplicitDeny"
    assert Evaluator(s).evaluate(ALICE, "vpc:CreateVpc", VPC_A).effect == "ExplicitDeny"
    # An existing evaluator answers from its snapshot until rebuilt.
    assert evaluator.evaluate(ALICE, "vpc:CreateVpc", VPC_A).allowed


# -- the emulator's path: one Evaluator over the accounts' stacks, group and session policy passed in -------------


def test_reused_evaluator_with_explicit_group_applies_scope_and_support() -> None:
    """As emulator/authz.py calls it: no placement in the stack, the resource group passed per request."""
    policies = {"Net": doc(allow("vpc:*")), "Freeze": doc(deny("vpc:DeleteVpc"))}
    attachments = [attach("group:netops", "Net", RG_A), attach("user:alice", "Freeze", A)]
    evaluator = Evaluator([stack(policies, attachments, resource_placement={})])
    inside = evaluator.evaluate(ALICE, "vpc:ModifyVpcAttribute", VPC_A, None, RG_A)
    assert inside.allowed and inside.deciding[0].attached_to == "group:netops"
    assert not evaluator.evaluate(ALICE, "vpc:ModifyVpcAttribute", VPC_B, None, RG_B).allowed
    denied = evaluator.evaluate(ALICE, "vpc:DeleteVpc", VPC_A, None, RG_A)
    assert denied.effect == "ExplicitDeny" and denied.deciding[0].scope == "account"
    no_rg = evaluator.evaluate(ALICE, "vpc:CreateNatGateway", VPC_A, None, RG_A)
    assert no_rg.effect == "ImplicitDeny"
    assert any("does not support resource-group authorisation" in note for note in no_rg.notes)


def test_reused_evaluator_root_cross_account_and_session_policy_text() -> None:
    """Root, the foreign-account rule and a session policy given as JSON text (how STS stores it)."""
    other = StackModel(account_id=B, policies={}, attachments=[], roles={"x": doc()})
    admin = [attach("role:Ops", "Admin")]
    evaluator = Evaluator([stack({"Admin": doc(allow("*"))}, admin), other])
    ops = Principal.role("Ops", A)
    assert evaluator.evaluate(Principal.root(A), "vpc:DeleteVpc", VPC_A).allowed
    assert not evaluator.evaluate(Principal.root(A), "sts:AssumeRole", f"acs:ram::{B}:role/x").allowed
    assert not evaluator.evaluate(ops, "vpc:DeleteVpc", f"acs:vpc:cn-hangzhou:{B}:vpc/v").allowed
    assert evaluator.evaluate(ops, "sts:AssumeRole", f"acs:ram::{B}:role/x").allowed
    text = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:Describe*","Resource":"*"}]}'
    limited = evaluator.evaluate(ops, "vpc:DeleteVpc", VPC_A, session_policy=text)
    assert limited.effect == "ImplicitDeny"
    assert evaluator.evaluate(ops, "vpc:DescribeVpcs", "*", session_policy=text).allowed
