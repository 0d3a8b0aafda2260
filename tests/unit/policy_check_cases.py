"""Minimal bad documents, one per finding code, each with its fixed twin (shared by the check and docs tests)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

A = "1000000000000001"  # demo account "acme"
B = "2000000000000002"  # demo account "partner"


def policy(*statements: dict[str, Any]) -> str:
    """An identity/trust policy document as indented JSON text."""
    return json.dumps({"Version": "1", "Statement": list(statements)}, indent=2)


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    """An Allow statement."""
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def trust(*principals: str, action: Any = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    """An Allow trust statement for RAM principals."""
    return {"Effect": "Allow", "Action": action, "Principal": {"RAM": list(principals)}, **extra}


@dataclass(frozen=True)
class Case:
    """A code, a document that triggers it, and the fixed twin that must not."""

    code: str
    bad: str
    fixed: str
    kwargs: dict[str, Any] = field(default_factory=dict)


CASES: list[Case] = [
    Case("JSON_SYNTAX_ERROR", '{"Version": "1", "Statement": [],}', policy(allow("vpc:DescribeVpcs"))),
    Case("MISSING_VERSION", json.dumps({"Statement": [allow("vpc:DescribeVpcs")]}), policy(allow("vpc:DescribeVpcs"))),
    Case(
        "INVALID_VERSION",
        json.dumps({"Version": "2012-10-17", "Statement": [allow("vpc:DescribeVpcs")]}),
        policy(allow("vpc:DescribeVpcs")),
    ),
    Case("MISSING_STATEMENT", json.dumps({"Version": "1"}), policy(allow("vpc:DescribeVpcs"))),
    Case(
        "INVALID_POLICY_ELEMENT",
        policy({"Effect": "Allow", "action": "vpc:DescribeVpcs", "Action": "vpc:DescribeVpcs", "Resource": "*"}),
        policy(allow("vpc:DescribeVpcs")),
    ),
    Case("MISSING_EFFECT", policy({"Action": "vpc:DescribeVpcs", "Resource": "*"}), policy(allow("vpc:DescribeVpcs"))),
    Case(
        "INVALID_EFFECT",
        policy({"Effect": "allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}),
        policy(allow("vpc:DescribeVpcs")),
    ),
    Case("MISSING_ACTION", policy({"Effect": "Allow", "Resource": "*"}), policy(allow("vpc:DescribeVpcs"))),
    Case(
        "MISSING_RESOURCE",
        policy({"Effect": "Allow", "Action": "vpc:DescribeVpcs"}),
        policy(allow("vpc:DescribeVpcs")),
    ),
    Case(
        "UNSUPPORTED_ELEMENT_COMBINATION",
        policy({"Effect": "Deny", "Action": "vpc:DeleteVpc", "NotAction": "vpc:DescribeVpcs", "Resource": "*"}),
        policy({"Effect": "Deny", "Action": "vpc:DeleteVpc", "Resource": "*"}),
    ),
    Case(
        "DATA_TYPE_MISMATCH",
        json.dumps({"Version": 1, "Statement": [allow("vpc:DescribeVpcs")]}),
        policy(allow("vpc:DescribeVpcs")),
    ),
    Case("INVALID_ACTION_FORMAT", policy(allow("vpc DescribeVpcs")), policy(allow("vpc:DescribeVpcs"))),
    Case("INVALID_SERVICE", policy(allow("vcp:DescribeVpcs")), policy(allow("vpc:DescribeVpcs"))),
    Case("INVALID_ACTION", policy(allow("vpc:CreaeNatGateway")), policy(allow("vpc:CreateNatGateway"))),
    Case(
        "INVALID_ARN",
        policy(allow("vpc:DeleteVpc", f"acs:vpc:cn-hangzhou:{A}")),
        policy(allow("vpc:DeleteVpc", f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-1")),
    ),
    Case(
        "RESOURCE_TYPE_MISMATCH",
        policy(allow("vpc:UpdateIpam", f"acs:vpc:cn-hangzhou:{A}:ipampool/ipam-pool-1")),
        policy(allow("vpc:UpdateIpam", f"acs:vpc:cn-hangzhou:{A}:ipam/ipam-1")),
    ),
    Case(
        "ALL_RESOURCES_ONLY_ACTION",
        policy(allow("vpc:CreateIpam", f"acs:vpc:cn-hangzhou:{A}:ipam/ipam-1")),
        policy(allow("vpc:CreateIpam", "*")),
    ),
    Case(
        "ACTION_RESOURCE_SERVICE_MISMATCH",
        policy(allow("vpc:DeleteVpc", [f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-1", f"acs:ram::{A}:user/alice"])),
        policy(allow("vpc:DeleteVpc", [f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-1"])),
    ),
    Case(
        "INVALID_CONDITION_OPERATOR",
        policy(allow("vpc:DescribeVpcs", Condition={"StringEqual": {"acs:SourceVpc": "vpc-1"}})),
        policy(allow("vpc:DescribeVpcs", Condition={"StringEquals": {"acs:SourceVpc": "vpc-1"}})),
    ),
    Case(
        "INVALID_CONDITION_KEY_FORMAT",
        policy(allow("vpc:DescribeVpcs", Condition={"StringEquals": {"SourceVpc": "vpc-1"}})),
        policy(allow("vpc:DescribeVpcs", Condition={"StringEquals": {"acs:SourceVpc": "vpc-1"}})),
    ),
    Case(
        "UNKNOWN_CONDITION_KEY",
        policy(allow("vpc:DescribeVpcs", Condition={"IpAddress": {"acs:SourceIP4": "10.0.0.0/8"}})),
        policy(allow("vpc:DescribeVpcs", Condition={"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})),
    ),
    Case(
        "CONDITION_TYPE_MISMATCH",
        policy(allow("vpc:DescribeVpcs", Condition={"IpAddress": {"acs:SourceIp": ["", "10.0.0.0/8"]}})),
        policy(allow("vpc:DescribeVpcs", Condition={"IpAddress": {"acs:SourceIp": ["192.168.0.1", "10.0.0.0/8"]}})),
    ),
    Case(
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
        policy(allow("vpc:DescribeVpcs", Condition={"StringEquals": {"acs:SourceVpc": "vpc-*"}})),
        policy(allow("vpc:DescribeVpcs", Condition={"StringLike": {"acs:SourceVpc": "vpc-*"}})),
    ),
    Case(
        "POLICY_SIZE_EXCEEDS_QUOTA",
        policy(allow("vpc:DeleteVpc", [f"acs:vpc:*:{A}:vpc/vpc-{i:040d}" for i in range(120)])),
        policy(allow("vpc:DeleteVpc", [f"acs:vpc:*:{A}:vpc/vpc-{i:040d}" for i in range(60)])),
    ),
    Case(
        "ANALYSIS_TRUNCATED",
        policy(*[allow("vpc:DescribeVpcs", f"acs:vpc:*:{A}:vpc/vpc-{i}") for i in range(13_000)]),
        policy(allow("vpc:DescribeVpcs")),
    ),
    Case(
        "UNSUPPORTED_PRINCIPAL",
        policy(allow("vpc:DescribeVpcs", Principal={"RAM": [f"acs:ram::{A}:root"]})),
        policy(allow("vpc:DescribeVpcs")),
        {"policy_type": "identity"},
    ),
    Case(
        "MISSING_PRINCIPAL",
        policy(trust(f"acs:ram::{A}:root"), {"Effect": "Allow", "Action": "sts:AssumeRole"}),
        policy(trust(f"acs:ram::{A}:root")),
        {"config_accounts": [A]},
    ),
    Case(
        "INVALID_PRINCIPAL_FORMAT",
        policy(trust(f"acs:ram:{A}:root")),
        policy(trust(f"acs:ram::{A}:root")),
        {"config_accounts": [A]},
    ),
    Case(
        "TRUST_ACTION_NOT_ASSUMEROLE",
        policy(trust(f"acs:ram::{A}:root", action="sts:*")),
        policy(trust(f"acs:ram::{A}:root")),
        {"config_accounts": [A]},
    ),
    Case(
        "FULL_ADMIN",
        policy(allow("*", "*")),
        policy(allow("vpc:*", "*")),
    ),
    Case("SENSITIVE_SERVICE_WILDCARD", policy(allow("ram:*")), policy(allow(["ram:ListUsers", "ram:GetUser"]))),
    Case(
        "ALLOW_WITH_NOTACTION",
        policy({"Effect": "Allow", "NotAction": "ram:*", "Resource": "*"}),
        policy({"Effect": "Deny", "NotAction": "ram:*", "Resource": "*"}),
    ),
    Case(
        "ALLOW_WITH_NOTRESOURCE",
        policy({"Effect": "Allow", "Action": "vpc:DeleteVpc", "NotResource": f"acs:vpc:*:{A}:vpc/vpc-prod"}),
        policy({"Effect": "Allow", "Action": "vpc:DeleteVpc", "Resource": f"acs:vpc:*:{A}:vpc/vpc-dev"}),
    ),
    Case(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        policy(allow("ram:PassRole", "*")),
        policy(allow("ram:PassRole", f"acs:ram::{A}:role/ecs-app")),
    ),
    Case(
        "PRIVILEGE_ESCALATION",
        policy(allow(["ram:AttachPolicyToUser", "ram:ListUsers"], "*")),
        policy(allow(["ram:ListUsers"], "*")),
    ),
    Case(
        "TRUST_ANY_PRINCIPAL",
        policy(trust("*")),
        policy(trust(f"acs:ram::{A}:root")),
        {"config_accounts": [A]},
    ),
    Case(
        "TRUST_EXTERNAL_ACCOUNT",
        policy(trust(f"acs:ram::{B}:root")),
        policy(trust(f"acs:ram::{B}:root")),
        {"fixed_accounts": [B]},
    ),
    Case(
        "RG_SCOPE_UNSUPPORTED_ACTION",
        policy(allow(["vpc:DescribeVpcs", "vpc:DeleteVpc"])),
        policy(allow(["vpc:DeleteVpc"])),
        {"scope": "resource-group"},
    ),
    Case(
        "REDUNDANT_ACTION",
        policy(allow(["vpc:DescribeVPCs", "vpc:describeVpcs"])),
        policy(allow(["vpc:DescribeVPCs"])),
    ),
    Case(
        "REDUNDANT_STATEMENT",
        policy(allow("vpc:Describe*"), allow("vpc:DescribeVpcs")),
        policy(allow("vpc:Describe*"), allow("vpc:DeleteVpc")),
    ),
    Case("EMPTY_ARRAY", policy(allow([], "*")), policy(allow(["vpc:DescribeVpcs"], "*"))),
]
