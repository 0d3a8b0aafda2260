"""Role assumption: the caller's sts:AssumeRole permission AND the role's trust policy, across accounts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alicloud_gov.policy.evaluate import evaluate, may_assume_role
from alicloud_gov.policy.stack import Attachment, Principal, StackModel, load_stack_file

A = "1000000000000001"
B = "2000000000000002"
ROLE = f"acs:ram::{A}:role/partner-netops"
ECR = f"acs:expressconnectrouter::{A}:expressconnectrouter/ecr-1"
CAROL = Principal.user("carol", B)
STACKS = Path(__file__).parent.parent / "data" / "stacks"


def trust(principal: Any, effect: str = "Allow", **extra: Any) -> dict[str, Any]:
    return {
        "Version": "1",
        "Statement": [{"Effect": effect, "Action": "sts:AssumeRole", "Principal": principal, **extra}],
    }


def sts_access(holder: str = "carol") -> Attachment:
    return Attachment("user", holder, "AliyunSTSAssumeRoleAccess", "System")


def accounts(trust_policy: dict[str, Any], partner_attachments: list[Attachment] | None = None) -> list[StackModel]:
    acme = StackModel(
        A,
        users={"alice"},
        roles={"partner-netops": trust_policy},
        attachments=[Attachment("role", "partner-netops", "AliyunExpressConnectFullAccess", "System")],
    )
    partner = StackModel(B, users={"carol", "dave"}, attachments=partner_attachments or [])
    return [acme, partner]


def test_both_sides_allow() -> None:
    decision = may_assume_role(accounts(trust({"RAM": [f"acs:ram::{B}:root"]}), [sts_access()]), CAROL, ROLE)
    assert decision.allowed
    kinds = [statement.policy_type for statement in decision.deciding]
    assert kinds == ["System", "Trust"]
    assert decision.deciding[1].attached_to == "role:partner-netops"


def test_trust_alone_is_not_enough() -> None:
    decision = may_assume_role(accounts(trust({"RAM": [f"acs:ram::{B}:root"]})), CAROL, ROLE)
    assert decision.effect == "ImplicitDeny"
    assert "none of its own policies allows sts:AssumeRole" in decision.reason
    assert decision.reason.endswith("the role's trust policy trusts it")


def test_caller_permission_alone_is_not_enough() -> None:
    decision = may_assume_role(accounts(trust({"RAM": [f"acs:ram::{A}:root"]}), [sts_access()]), CAROL, ROLE)
    assert decision.effect == "ImplicitDeny"
    assert "does not trust" in decision.reason


def test_root_cannot_assume_even_when_trusted() -> None:
    decision = may_assume_role(accounts(trust({"RAM": [f"acs:ram::{B}:root"]})), Principal.root(B), ROLE)
    assert decision.effect == "ImplicitDeny"
    assert "cannot assume" in decision.reason
    assert not evaluate(accounts(trust("*")), Principal.root(A), "sts:AssumeRole", ROLE).allowed


def test_bare_account_id_trusts_every_ram_identity_of_that_account() -> None:
    stacks = accounts(trust({"RAM": B}), [sts_access(), sts_access("dave")])
    assert may_assume_role(stacks, CAROL, ROLE).allowed
    assert may_assume_role(stacks, Principal.user("dave", B), ROLE).allowed


def test_specific_user_arn_trusts_only_that_user() -> None:
    stacks = accounts(trust({"RAM": f"acs:ram::{B}:user/carol"}), [sts_access(), sts_access("dave")])
    assert may_assume_role(stacks, CAROL, ROLE).allowed
    assert may_assume_role(stacks, Principal.user("dave", B), ROLE).effect == "ImplicitDeny"


def test_role_session_can_assume_a_role_that_trusts_it() -> None:
    acme, partner = accounts(trust({"RAM": f"acs:ram::{B}:role/broker"}))
    partner.roles["broker"] = trust({"Service": "ecs.aliyuncs.com"})
    partner.attachments.append(Attachment("role", "broker", "AliyunSTSAssumeRoleAccess", "System"))
    assert may_assume_role([acme, partner], Principal.role("broker", B), ROLE).allowed
    assert not may_assume_role([acme, partner], CAROL, ROLE).allowed


def test_service_principal() -> None:
    stacks = accounts(trust({"Service": ["ecs.aliyuncs.com"]}))
    decision = may_assume_role(stacks, Principal("service", "ECS.aliyuncs.com", ""), ROLE)
    assert decision.allowed
    assert any("only the trust policy applies" in note for note in decision.notes)
    assert not may_assume_role(stacks, Principal("service", "fc.aliyuncs.com", ""), ROLE).allowed
    assert not may_assume_role(stacks, CAROL, ROLE).allowed


def test_federated_principal_with_condition() -> None:
    provider = f"acs:ram::{A}:saml-provider/corp-idp"
    policy = trust(
        {"Federated": [provider]},
        Condition={"StringEquals": {"saml:recipient": "https://signin.aliyun.com/saml-role/sso"}},
    )
    stacks = accounts(policy)
    idp = Principal("federated", provider, A)
    assert may_assume_role(stacks, idp, ROLE, {"saml:recipient": "https://signin.aliyun.com/saml-role/sso"}).allowed
    assert not may_assume_role(stacks, idp, ROLE, {"saml:recipient": "https://elsewhere"}).allowed


def test_trust_deny_wins() -> None:
    policy = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": [f"acs:ram::{B}:root"]}},
            {"Effect": "Deny", "Action": "sts:*", "Principal": {"RAM": [f"acs:ram::{B}:user/carol"]}},
        ],
    }
    decision = may_assume_role(accounts(policy, [sts_access(), sts_access("dave")]), CAROL, ROLE)
    assert decision.effect == "ExplicitDeny"
    assert decision.deciding[0].statement_index == 1
    assert may_assume_role(accounts(policy, [sts_access("dave")]), Principal.user("dave", B), ROLE).allowed


def test_caller_side_explicit_deny() -> None:
    acme, partner = accounts(trust({"RAM": B}), [sts_access()])
    partner.policies["NoAssume"] = {
        "Version": "1",
        "Statement": [{"Effect": "Deny", "Action": "sts:*", "Resource": "*"}],
    }
    partner.attachments.append(Attachment("user", "carol", "NoAssume", "Custom"))
    decision = may_assume_role([acme, partner], CAROL, ROLE)
    assert decision.effect == "ExplicitDeny"
    assert decision.deciding[0].policy_name == "NoAssume"


def test_external_id_condition_in_trust() -> None:
    policy = trust({"RAM": B}, Condition={"StringEquals": {"sts:ExternalId": "abc-123"}})
    stacks = accounts(policy, [sts_access()])
    assert may_assume_role(stacks, CAROL, ROLE, {"sts:ExternalId": "abc-123"}).allowed
    assert not may_assume_role(stacks, CAROL, ROLE).allowed


def test_caller_permission_scoped_to_one_role_arn() -> None:
    acme, partner = accounts(trust({"RAM": B}))
    acme.roles["other"] = trust({"RAM": B})
    partner.policies["OnlyNetops"] = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ROLE}],
    }
    partner.attachments.append(Attachment("user", "carol", "OnlyNetops", "Custom"))
    assert may_assume_role([acme, partner], CAROL, ROLE).allowed
    assert not may_assume_role([acme, partner], CAROL, f"acs:ram::{A}:role/other").allowed


@pytest.mark.parametrize(
    ("role_arn", "fragment"),
    [
        ("acs:ram::1000000000000001:user/alice", "not a role ARN"),
        ("not-an-arn", "not a role ARN"),
        (f"acs:ram::{A}:role/missing", "not declared"),
        ("acs:ram::3000000000000003:role/x", "no stack declares account"),
    ],
)
def test_unknown_or_malformed_roles_are_denied(role_arn: str, fragment: str) -> None:
    decision = may_assume_role(accounts(trust({"RAM": B}), [sts_access()]), CAROL, role_arn)
    assert decision.effect == "ImplicitDeny"
    assert fragment in decision.reason


def test_role_arn_name_matches_case_insensitively() -> None:
    stacks = accounts(trust({"RAM": B}), [sts_access()])
    assert may_assume_role(stacks, CAROL, f"acs:ram::{A}:role/Partner-NetOps").allowed


def test_seed_001_partner_scenario() -> None:
    stacks = load_stack_file(STACKS / "seed001_partner.yaml")
    assert may_assume_role(stacks, CAROL, ROLE).allowed
    assert not may_assume_role(stacks, Principal.user("dave", B), ROLE).allowed
    assert not may_assume_role(stacks, Principal.root(B), ROLE).allowed
    role = Principal.role("partner-netops", A)
    assert evaluate(stacks, role, "expressconnectrouter:CreateExpressConnectRouter", ECR).allowed
    assert evaluate(stacks, role, "vpc:DescribeVirtualBorderRouters", "*").allowed
    assert not evaluate(stacks, role, "ram:CreateUser", "*").allowed
    # carol's own policies never reach account A's resources: she must assume the role.
    assert not evaluate(stacks, CAROL, "expressconnectrouter:CreateExpressConnectRouter", ECR).allowed
