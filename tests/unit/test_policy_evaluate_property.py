"""The indexed, cached evaluator agrees with a plain reading of the rules on random stacks."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_gov.policy.evaluate import Evaluator
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

A = "1000000000000001"
ACTIONS = ["vpc:CreateVpc", "vpc:DeleteVpc", "vpc:CreateNatGateway", "ram:CreateUser", "ecs:RunInstances"]
ACTION_PATTERNS = ["*", "vpc:*", "vpc:Create*", "VPC:createvpc", "ram:?reateUser", "ecs:*Instances", "vpc:*Vpc"]
RESOURCES = [f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-1", f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-2", "*"]
RESOURCE_PATTERNS = [
    "*",
    f"acs:vpc:*:{A}:vpc/*",
    f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-?",
    RESOURCES[1],
    "acs:vpc:*:*:VPC/*",
]
PLACEMENT = {RESOURCES[0]: "rg-1", RESOURCES[1]: "rg-2"}
NO_RG_SUPPORT = {"vpc:createnatgateway"}
HOLDERS = ["user:alice", "group:g1", "group:g2"]


def wildcard(pattern: str, value: str, *, ignore_case: bool) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0) is not None


statements = st.fixed_dictionaries(
    {
        "Effect": st.sampled_from(["Allow", "Allow", "Deny"]),
        "actions": st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=3),
        "not_action": st.booleans(),
        "resources": st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=2),
        "not_resource": st.booleans(),
    }
)
attachments = st.lists(
    st.tuples(st.sampled_from(HOLDERS), st.sampled_from(["account", "rg-1", "rg-2"]), st.lists(statements, max_size=3)),
    max_size=5,
)


def to_document(raw: list[dict[str, Any]]) -> dict[str, Any]:
    out = []
    for item in raw:
        statement: dict[str, Any] = {"Effect": item["Effect"]}
        statement["NotAction" if item["not_action"] else "Action"] = item["actions"]
        statement["NotResource" if item["not_resource"] else "Resource"] = item["resources"]
        out.append(statement)
    return {"Version": "1", "Statement": out}


def reference(
    declared: list[tuple[str, str, list[dict[str, Any]]]], groups: set[str], action: str, resource: str, rg: str | None
) -> str:
    """Explicit deny, then allow, else default deny, read straight from the rules."""
    holders = {"user:alice", *(f"group:{group}" for group in groups)}
    effects = set()
    for holder, scope, raw in declared:
        if holder not in holders:
            continue
        if scope != "account" and (action.lower() in NO_RG_SUPPORT or rg != scope):
            continue
        for item in raw:
            action_hit = any(wildcard(p, action, ignore_case=True) for p in item["actions"])
            resource_hit = any(wildcard(p, resource, ignore_case=False) for p in item["resources"])
            if action_hit != item["not_action"] and resource_hit != item["not_resource"]:
                effects.add(item["Effect"])
    if "Deny" in effects:
        return "ExplicitDeny"
    return "Allow" if "Allow" in effects else "ImplicitDeny"


@settings(max_examples=50, deadline=None)
@given(declared=attachments, groups=st.sets(st.sampled_from(["g1", "g2"])))
def test_evaluator_matches_the_reference(
    declared: list[tuple[str, str, list[dict[str, Any]]]], groups: set[str]
) -> None:
    policies = {f"p{index}": to_document(raw) for index, (_, _, raw) in enumerate(declared)}
    links = [
        Attachment(holder.split(":")[0], holder.split(":")[1], f"p{index}", "Custom", scope)  # type: ignore[arg-type]
        for index, (holder, scope, _) in enumerate(declared)
    ]
    stack = StackModel(
        A,
        users={"alice"},
        groups={"g1", "g2"},
        memberships={("alice", group) for group in groups},
        policies=policies,
        attachments=links,
        resource_groups={"rg-1": "one", "rg-2": "two"},
        resource_placement=dict(PLACEMENT),
    )
    evaluator = Evaluator(stack, rg_support=lambda action: action.lower() not in NO_RG_SUPPORT)
    alice = Principal.user("alice", A)
    for _ in range(2):  # the second pass answers from the per-action cache
        for action in ACTIONS:
            for resource in RESOURCES:
                for explicit in (None, "rg-1"):
                    rg = explicit or PLACEMENT.get(resource)
                    decision = evaluator.evaluate(alice, action, resource, resource_group_id=explicit)
                    assert decision.effect == reference(declared, groups, action, resource, rg), (action, resource, rg)
