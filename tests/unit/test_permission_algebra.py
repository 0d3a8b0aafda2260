"""policy.algebra: containment of RAM patterns and grants; narrowing is never a gain, widening always is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_gov.policy import algebra
from alicloud_gov.policy.algebra import (
    Element,
    Grant,
    condition_atoms,
    element_subset,
    elements_intersect,
    gains,
    losses,
)


def allow(actions: str | tuple[str, ...], resources: str | tuple[str, ...] = "*", **kw: object) -> Grant:
    acts = (actions,) if isinstance(actions, str) else actions
    res = (resources,) if isinstance(resources, str) else resources
    return Grant("Allow", Element(acts), Element(res), **kw)  # type: ignore[arg-type]


def deny(actions: str, resources: str = "*", **kw: object) -> Grant:
    return Grant("Deny", Element((actions,)), Element((resources,)), **kw)  # type: ignore[arg-type]


def test_pattern_containment_is_exact() -> None:
    assert element_subset(Element(("ecs:Describe*",)), [Element(("ecs:*",))], "action")
    assert not element_subset(Element(("ecs:*",)), [Element(("ecs:Describe*",))], "action")
    assert element_subset(Element(("vpc:*a*b*",)), [Element(("vpc:*a*",))], "action")
    assert not element_subset(Element(("vpc:*b*a*",)), [Element(("vpc:*a*b*",))], "action")
    assert element_subset(Element(("a?c",)), [Element(("a*",)), Element(("x",))], "action")
    assert element_subset(Element(("ECS:DescribeInstances",)), [Element(("ecs:describe*",))], "action")


def test_resources_fold_case_only_for_ram_arns() -> None:
    assert element_subset(Element(("acs:ram::1:role/OPS",)), [Element(("acs:ram::1:role/ops",))], "resource")
    assert not element_subset(Element(("acs:vpc:*:1:vpc/VPC-A",)), [Element(("acs:vpc:*:1:vpc/vpc-a",))], "resource")


def test_not_action_and_not_resource() -> None:
    everything_but_ram = Element(("ram:*",), negated=True)
    assert element_subset(Element(("ecs:*",)), [everything_but_ram], "action")
    assert not element_subset(Element(("ram:CreateUser",)), [everything_but_ram], "action")
    assert element_subset(Element(("ram:*", "sts:*"), negated=True), [everything_but_ram], "action")
    assert not element_subset(everything_but_ram, [Element(("ecs:*",))], "action")
    assert not elements_intersect(Element(("ram:Get*",)), everything_but_ram, "action")
    assert elements_intersect(Element(("*",)), everything_but_ram, "action")


def test_the_issue_cases() -> None:
    assert gains([allow("expressconnectrouter:*")], [allow("expressconnectrouter:Describe*")]) == []
    assert gains([allow("sts:AssumeRole")], [allow("sts:AssumeRole", "acs:ram::1:role/ops")]) == []
    lost = losses([allow("expressconnectrouter:*")], [allow("expressconnectrouter:Describe*")])
    assert [g.actions.patterns for g in lost] == [("expressconnectrouter:*",)]


def test_a_union_of_grants_covers() -> None:
    before = [allow("vpc:A*", "r1"), allow("vpc:B*", "r1")]
    assert gains(before, [allow(("vpc:Ax", "vpc:Bx"), "r1")]) == []
    assert gains(before, [allow("vpc:*", "r1")]) != []


def test_scope_and_conditions() -> None:
    assert gains([allow("ecs:*")], [allow("ecs:*", scope="rg-1")]) == []
    assert gains([allow("ecs:*", scope="rg-1")], [allow("ecs:*")]) != []
    assert gains([allow("ecs:*", scope="rg-1")], [allow("ecs:*", scope="rg-2")]) != []
    ip = condition_atoms({"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})
    narrower = condition_atoms({"IpAddress": {"acs:SourceIp": "10.1.0.0/16"}})
    assert gains([allow("ecs:*")], [allow("ecs:*", conditions=ip)]) == []
    assert gains([allow("ecs:*", conditions=ip)], [allow("ecs:*")]) != []
    # Values are not compared: a condition that cannot be compared is treated as not narrowing.
    assert gains([allow("ecs:*", conditions=ip)], [allow("ecs:*", conditions=narrower)]) != []


def test_denies() -> None:
    base = [allow("ecs:*"), deny("ecs:Delete*")]
    assert gains(base, [allow("ecs:*")]) != []  # the Deny was lifted
    assert gains(base, [allow("ecs:*"), deny("ecs:Delete*"), deny("ecs:Stop*")]) == []  # a Deny added
    assert gains(base, [allow("ecs:*"), deny("ecs:*")]) == []  # a Deny widened
    assert gains(base, [allow("ecs:*"), deny("ecs:DeleteInstance")]) != []  # a Deny narrowed
    assert gains([allow("ecs:*"), deny("vpc:*")], [allow("ecs:*")]) == []  # the lifted Deny hid nothing
    assert losses([allow("ecs:*")], [allow("ecs:*"), deny("ecs:Delete*")]) != []


def test_past_the_budget_the_answer_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    inner, outer = Element(("vpc:*a*b*c*",)), [Element(("vpc:*a*",))]
    assert element_subset(inner, outer, "action")
    monkeypatch.setattr(algebra, "STATE_BUDGET", 2)
    algebra._witness.cache_clear()
    try:
        assert not element_subset(inner, outer, "action")  # undecided in budget: "not contained", so a gain
    finally:
        algebra._witness.cache_clear()  # no answer found under the small budget outlives the test


# ---------------------------------------------------------------------------------------------------------------
# Properties (bounded)

SERVICES = ("ecs", "vpc", "oss")
NAMES = ("Describe", "DescribeVpcs", "Create", "CreateVpc", "Delete")

actions = st.builds(
    lambda service, name, wild: f"{service}:{name}{'*' if wild else ''}",
    st.sampled_from(SERVICES),
    st.sampled_from(NAMES),
    st.booleans(),
)
resources = st.sampled_from(("*", "acs:oss:*:*:bucket/a*", "acs:oss:*:*:bucket/ab", "acs:ram::1:role/ops"))
conditions = st.sampled_from((frozenset(), condition_atoms({"Bool": {"acs:SecureTransport": "true"}})))
scopes = st.sampled_from(("account", "rg-1"))
grants = st.builds(
    lambda acts, res, cond, scope: allow(tuple(acts), res, conditions=cond, scope=scope),
    st.lists(actions, min_size=1, max_size=3),
    resources,
    conditions,
    scopes,
)
policies = st.lists(grants, min_size=1, max_size=4)

FRESH = allow("fresh:DoThing")


def narrowings(policy: list[Grant], index: int, choice: int) -> list[list[Grant]]:
    grant = policy[index % len(policy)]
    rest = [g for g in policy if g is not grant]
    narrowed = [
        rest,  # drop a statement
        [
            *rest,
            allow(grant.actions.patterns[:1], grant.resources.patterns, scope=grant.scope, conditions=grant.conditions),
        ],  # drop actions
        [
            *rest,
            allow(
                tuple(p.rstrip("*") for p in grant.actions.patterns),
                grant.resources.patterns,
                scope=grant.scope,
                conditions=grant.conditions,
            ),
        ],  # a wildcard replaced by a literal
        [
            *rest,
            allow(
                grant.actions.patterns,
                grant.resources.patterns,
                scope=grant.scope,
                conditions=grant.conditions | condition_atoms({"Bool": {"acs:MFAPresent": "true"}}),
            ),
        ],
        [*policy, deny(grant.actions.patterns[choice % len(grant.actions.patterns)])],  # add a Deny
        [
            *rest,
            allow(grant.actions.patterns, grant.resources.patterns, scope="rg-9", conditions=grant.conditions)
            if grant.scope == "account"
            else grant,
        ],  # narrow the scope
    ]
    return narrowed


@settings(max_examples=60, deadline=None)
@given(policies, st.integers(0, 10), st.integers(0, 10))
def test_any_narrowing_yields_no_gain(policy: list[Grant], index: int, choice: int) -> None:
    for narrowed in narrowings(policy, index, choice):
        assert gains(policy, narrowed) == []


@settings(max_examples=60, deadline=None)
@given(policies, st.integers(0, 10), st.integers(0, 10))
def test_the_inverse_widening_yields_a_gain(policy: list[Grant], index: int, choice: int) -> None:
    base = [*policy, FRESH]
    # Widen the fresh grant in each way narrowing would have removed it.
    widened = [
        (policy, base),  # add a statement
        ([*policy, allow("fresh:DoThing", conditions=condition_atoms({"Bool": {"acs:MFAPresent": "true"}}))], base),
        ([*policy, allow("fresh:DoThing", scope="rg-1")], base),  # widen the scope
        ([*base, deny("fresh:Do*")], base),  # lift a Deny
        (base, [*policy, allow("fresh:*")]),  # a literal replaced by a wildcard
    ]
    for before, after in widened:
        assert gains(before, after) != [], (before, after)


def test_condition_values_narrow_by_operator() -> None:
    two = condition_atoms({"StringEquals": {"acs:SourceVpc": ["vpc-1", "vpc-2"]}})
    one = condition_atoms({"StringEquals": {"acs:SourceVpc": "vpc-1"}})
    assert gains([allow("ecs:*", conditions=two)], [allow("ecs:*", conditions=one)]) == []  # fewer OR'd values
    assert gains([allow("ecs:*", conditions=one)], [allow("ecs:*", conditions=two)]) != []
    not_one = condition_atoms({"StringNotEquals": {"acs:SourceVpc": "vpc-1"}})
    not_two = condition_atoms({"StringNotEquals": {"acs:SourceVpc": ["vpc-1", "vpc-2"]}})
    assert gains([allow("ecs:*", conditions=not_one)], [allow("ecs:*", conditions=not_two)]) == []
    assert gains([allow("ecs:*", conditions=not_two)], [allow("ecs:*", conditions=not_one)]) != []
    # A Deny whose condition lists more values after applies wherever it did before: no gain.
    base = [allow("ecs:*"), Grant("Deny", Element(("ecs:*",)), Element(("*",)), conditions=one)]
    wider_deny = [allow("ecs:*"), Grant("Deny", Element(("ecs:*",)), Element(("*",)), conditions=two)]
    assert gains(base, wider_deny) == []
    assert gains(wider_deny, base) != []


@pytest.mark.parametrize("condition", ["{not json", '["a list"]', '{"StringEquals": "not a block"}'])
def test_an_unreadable_condition_never_narrows(condition: str) -> None:
    """Text that is not a Condition block is one opaque test, implied only by itself: an Allow losing it, or
    trading it for a readable condition, is a gain (fail closed)."""
    opaque = condition_atoms(condition)
    assert len(opaque) == 1 and next(iter(opaque))[0] == "<unreadable>"
    readable = condition_atoms({"StringEquals": {"acs:SourceVpc": "vpc-1"}})
    assert gains([allow("ecs:*", conditions=opaque)], [allow("ecs:*")]) != []
    assert gains([allow("ecs:*", conditions=opaque)], [allow("ecs:*", conditions=readable)]) != []
    assert gains([allow("ecs:*")], [allow("ecs:*", conditions=opaque)]) == []
    assert gains([allow("ecs:*", conditions=opaque)], [allow("ecs:*", conditions=condition_atoms(condition))]) == []
