"""Normalised policy documents: no meaningless difference survives, every meaningful one does."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alicloud_gov.policy.normalize import canonical_policy_json, normalize_policy, policies_equal

ACTIONS = ["ram:GetUser", "ram:ListUsers", "vpc:CreateVpc", "vpc:DescribeVpcs", "sts:AssumeRole", "vpc:*Vpc*"]
RESOURCES = ["*", "acs:ram::1000000000000001:role/ops", "acs:vpc:cn-hangzhou:*:vpc/vpc-1", "acs:ram::*:user/Alice"]
ACCOUNTS = ["acs:ram::2000000000000002:root", "1000000000000001"]

statements = st.fixed_dictionaries(
    {
        "Effect": st.sampled_from(["Allow", "Deny"]),
        "Action": st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=4, unique=True),
        "Resource": st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=3, unique=True),
    },
    optional={
        "Condition": st.fixed_dictionaries(
            {"IpAddress": st.fixed_dictionaries({"acs:SourceIp": st.just(["10.0.0.0/8", "192.168.0.1"])})}
        ),
        "Principal": st.fixed_dictionaries({"RAM": st.lists(st.sampled_from(ACCOUNTS), min_size=1, unique=True)}),
    },
)
policies = st.fixed_dictionaries({"Version": st.just("1"), "Statement": st.lists(statements, min_size=1, max_size=4)})


def reformat(policy: dict[str, Any], rng: random.Random) -> str:
    """Rewrite a policy the ways RAM and users do without changing its meaning."""

    def reshape(values: list[str], fold: bool) -> Any:
        out = [v.swapcase() if fold and rng.random() < 0.5 else v for v in values]
        if rng.random() < 0.3:
            out = out + out[:1]  # a duplicate
        rng.shuffle(out)
        return out[0] if len(out) == 1 and rng.random() < 0.5 else out

    def rename(key: str) -> str:
        return key.lower() if rng.random() < 0.2 else key

    statements_out = []
    for statement in policy["Statement"]:
        items: list[tuple[str, Any]] = []
        for key, value in statement.items():
            if key == "Action":
                value = reshape(value, fold=True)
            elif key == "Resource":
                value = reshape(value, fold=False)
            elif key == "Principal":
                value = {k: reshape(v, fold=False) for k, v in value.items()}
            items.append((rename(key), value))
        rng.shuffle(items)
        statements_out.append(dict(items))
    if rng.random() < 0.3:
        statements_out.append(statements_out[0])
    rng.shuffle(statements_out)
    body: Any = statements_out[0] if len(statements_out) == 1 and rng.random() < 0.5 else statements_out
    top = [("Version", 1 if rng.random() < 0.3 else "1"), ("Statement", body)]
    rng.shuffle(top)
    indent = rng.choice([None, 0, 2, 4, "\t"])
    separators = rng.choice([(",", ":"), (", ", ": "), (",", ": ")])
    return json.dumps(dict(top), indent=indent, separators=separators)


@settings(max_examples=300, deadline=None)
@given(policy=policies, seed=st.integers(0, 2**32 - 1))
def test_any_reformatting_normalises_to_the_same_document(policy: dict[str, Any], seed: int) -> None:
    reformatted = reformat(policy, random.Random(seed))
    assert policies_equal(policy, reformatted), reformatted


@settings(max_examples=200, deadline=None)
@given(policy=policies)
def test_a_changed_action_is_never_hidden(policy: dict[str, Any]) -> None:
    changed = json.loads(json.dumps(policy))
    changed["Statement"][0]["Action"] = [*changed["Statement"][0]["Action"], "ecs:RunInstances"]
    assert not policies_equal(policy, changed)


def test_resources_keep_their_case() -> None:
    left = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "ram:GetUser", "Resource": "acs:ram::*:user/A"}],
    }
    right = {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "ram:GetUser", "Resource": "acs:ram::*:user/a"}],
    }
    assert not policies_equal(left, right)


def test_effect_change_is_a_change() -> None:
    allow = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    deny = {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    assert not policies_equal(allow, deny)


def test_condition_operator_and_key_case_and_scalar_types() -> None:
    left = {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"acs:MFAPresent": True}}}
        ],
    }
    right = (
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",'
        '"Condition":{"bool":{"ACS:mfapresent":"TRUE"}}}]}'
    )
    assert policies_equal(left, right)


def test_tag_key_case_is_kept() -> None:
    def doc(tag: str) -> dict[str, Any]:
        condition = {"StringEquals": {f"acs:ResourceTag/{tag}": "prod"}}
        return {
            "Version": "1",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}],
        }

    assert policies_equal(doc("Env"), json.dumps(doc("Env")).replace("acs:ResourceTag", "ACS:resourcetag"))
    assert not policies_equal(doc("Env"), doc("env"))


def test_not_json_and_not_a_policy_are_tolerated() -> None:
    assert normalize_policy("{not json") == {"__unparsed__": "{not json"}
    assert normalize_policy("[1, 2]") == [1, 2]
    assert canonical_policy_json("{not json") != canonical_policy_json("{other")
    assert normalize_policy({"Version": "1", "Statement": ["odd"]}) == {"Statement": ["odd"], "Version": "1"}
