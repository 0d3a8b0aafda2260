"""Every check fires on its minimal bad document and stays silent on the fixed twin; the seeds' policies get
exactly the findings they deserve; check_policy never raises."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_check_cases import CASES, A, B, Case, allow, policy, trust

from alicloud_gov.policy.catalog import load_catalog
from alicloud_gov.policy.checks import REGISTRY, check_policy, detect_policy_type
from alicloud_gov.policy.config import CheckConfig, Ignore
from alicloud_gov.policy.findings import Finding, Severity
from alicloud_gov.policy.parse import parse_policy

DATA = Path(__file__).parents[1] / "data" / "policies"


def run(case: Case, document: str, fixed: bool) -> list[Finding]:
    kwargs: dict[str, Any] = dict(case.kwargs)
    accounts = list(kwargs.pop("config_accounts", []))
    fixed_accounts = kwargs.pop("fixed_accounts", [])
    accounts += fixed_accounts if fixed else []
    return check_policy(document, config=CheckConfig(trusted_accounts=frozenset(accounts)), **kwargs)


def test_every_registered_code_has_a_case() -> None:
    assert {c.code for c in CASES} == set(REGISTRY) - {"CHECK_CRASHED"}


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_code_fires_on_bad_document(case: Case) -> None:
    findings = [f for f in run(case, case.bad, fixed=False) if f.code == case.code]
    assert findings, f"{case.code} did not fire"
    for finding in findings:
        assert finding.severity is REGISTRY[case.code].severity
        assert finding.line is not None and finding.column is not None and finding.json_path
        assert finding.message


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_fixed_twin_is_clean(case: Case) -> None:
    assert run(case, case.fixed, fixed=True) == []


def test_findings_point_at_the_offending_value() -> None:
    text = policy(allow(["vpc:DescribeVpcs", "vpc:CreaeNatGateway"]))
    (finding,) = check_policy(text, file="net.json")
    assert (finding.code, finding.line, finding.column) == ("INVALID_ACTION", 8, 9)
    assert finding.json_path == "$.Statement[0].Action[1]" and finding.file == "net.json"
    assert finding.suggestion == "vpc:CreateNatGateway"


def test_action_names_are_case_insensitive_and_wildcards_match_the_catalogue() -> None:
    assert check_policy(policy(allow(["vpc:createvpc", "VPC:describeVPCS", "vpc:deleteVSWITCH"]))) == []
    assert check_policy(policy(allow(["vpc:*Vpc*", "vpc:Describe?pcs"]))) == []
    assert [f.code for f in check_policy(policy(allow(["vpc:*Vpc*", "vpc:DescribeVpcs"])))] == ["REDUNDANT_ACTION"]
    (finding,) = check_policy(policy(allow("vpc:*Nonexistent*")))
    assert finding.code == "INVALID_ACTION"


def test_service_level_only_services_accept_any_action() -> None:
    # arms is known only because system policies name it (catalog/known_services.json): no action list.
    assert check_policy(policy(allow(["oss:AnythingAtAll", "oss:Get*", "arms:Get*"]))) == []
    # ecs has its SDK's action list since issue 10, so an unknown ecs name is now an error.
    assert [f.code for f in check_policy(policy(allow(["ecs:AnythingAtAll"])))] == ["INVALID_ACTION"]


def test_unknown_key_in_wrong_case_suggests_the_element_name() -> None:
    text = policy({"effect": "Allow", "Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"})
    (finding,) = check_policy(text)
    assert finding.code == "INVALID_POLICY_ELEMENT" and '"Effect"' in (finding.suggestion or "")
    assert (finding.line, finding.column) == (5, 7)  # the key itself


def test_trust_policy_detection() -> None:
    assert detect_policy_type(parse_policy(policy(trust(f"acs:ram::{A}:root")))) == "trust"
    assert detect_policy_type(parse_policy(policy(allow("vpc:DescribeVpcs")))) == "identity"
    assert check_policy(policy(trust(f"acs:ram::{A}:root")), config=CheckConfig(account_id=A)) == []


def test_principal_forms() -> None:
    text = policy(
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {
                "RAM": [A, f"acs:ram::{A}:role/ops", f"acs:ram::{A}:user/alice"],
                "Service": "ecs.aliyuncs.com",
            },
        },
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRoleWithSAML",
            "Principal": {"Federated": f"acs:ram::{A}:saml-provider/idp"},
            "Condition": {"StringEquals": {"saml:recipient": "https://signin.aliyun.com/saml-role/sso"}},
        },
    )
    assert check_policy(text, config=CheckConfig(trusted_accounts=frozenset({A}))) == []
    bad = check_policy(policy({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "x"}}))
    assert [f.code for f in bad] == ["INVALID_PRINCIPAL_FORMAT"]


def test_conditions_of_every_family_parse() -> None:
    condition = {
        "IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "2001:db8::/32", "192.168.1.1"]},
        "DateLessThan": {"acs:CurrentTime": "2027-01-01T00:00:00Z"},
        "Bool": {"acs:SecureTransport": "true", "acs:MFAPresent": True},
        "StringLike": {"acs:ResourceTag/env": ["prod*"]},
        "ForAnyValue:StringEquals": {"acs:SourceVpc": ["vpc-1", "vpc-2"]},
    }
    assert check_policy(policy(allow("vpc:DescribeVpcs", Condition=condition))) == []
    wrong_family = check_policy(
        policy(allow("vpc:DescribeVpcs", Condition={"StringEquals": {"acs:SourceIp": "1.1.1.1"}}))
    )
    assert [f.code for f in wrong_family] == ["CONDITION_TYPE_MISMATCH"]
    bad_date = check_policy(policy(allow("vpc:DescribeVpcs", Condition={"DateLessThan": {"acs:CurrentTime": "soon"}})))
    assert [f.code for f in bad_date] == ["CONDITION_TYPE_MISMATCH"]


def test_rg_scope_suggests_the_account_level_complement_policy() -> None:
    text = policy(allow(["vpc:DeleteVpc", "vpc:DescribeVpcs", "expressconnectrouter:DescribeCarrierCloudLinks"]))
    (finding,) = check_policy(text, scope="resource-group")
    assert finding.code == "RG_SCOPE_UNSUPPORTED_ACTION"
    complement = json.loads(finding.suggestion or "")
    assert complement == {
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["expressconnectrouter:DescribeCarrierCloudLinks", "vpc:DescribeVpcs"],
                "Resource": "*",
            }
        ],
    }
    assert check_policy(finding.suggestion or "") == []  # the complement itself is clean at account scope


def test_ignores_by_code_resource_and_resource_code() -> None:
    text = policy(allow(["vpc:DescribeVPCs", "vpc:describeVpcs", "ram:*"]))
    codes = {f.code for f in check_policy(text, file="dir/ops.json")}
    assert codes == {"REDUNDANT_ACTION", "SENSITIVE_SERVICE_WILDCARD"}
    by_code = CheckConfig(ignore=(Ignore.parse("REDUNDANT_ACTION"),))
    assert {f.code for f in check_policy(text, file="dir/ops.json", config=by_code)} == {"SENSITIVE_SERVICE_WILDCARD"}
    by_resource = CheckConfig(ignore=(Ignore.parse("ops"),))
    assert check_policy(text, file="dir/ops.json", config=by_resource) == []
    by_both = CheckConfig(ignore=(Ignore.parse("ops.SENSITIVE_SERVICE_WILDCARD"),))
    assert {f.code for f in check_policy(text, file="dir/ops.json", config=by_both)} == {"REDUNDANT_ACTION"}
    assert {f.code for f in check_policy(text, file="dir/other.json", config=by_both)} == codes


def test_session_policy_quota_is_smaller() -> None:
    text = policy(allow("vpc:DeleteVpc", [f"acs:vpc:*:{A}:vpc/vpc-{i:040d}" for i in range(40)]))
    assert check_policy(text) == []
    assert [f.code for f in check_policy(text, policy_type="session")] == ["POLICY_SIZE_EXCEEDS_QUOTA"]


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="scope"):
        check_policy("{}", scope="region")
    with pytest.raises(ValueError, match="policy_type"):
        check_policy("{}", policy_type="bucket")


# --- the seeds ---------------------------------------------------------------------------------------------------


def codes_at(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in findings]


def test_seed000_read_only_policy_is_clean_at_account_scope() -> None:
    text = (DATA / "seed000_readonly_without_rg_support.json").read_text()
    assert check_policy(text) == []
    (finding,) = check_policy(text, scope="resource-group")
    assert finding.code == "RG_SCOPE_UNSUPPORTED_ACTION"
    assert len(json.loads(finding.suggestion or "")["Statement"][0]["Action"]) == 42


def test_seed000_full_policy_typo_and_duplicate() -> None:
    text = (DATA / "seed000_all_without_rg_support.json").read_text()
    findings = check_policy(text)
    assert codes_at(findings) == [("INVALID_ACTION", 25), ("REDUNDANT_ACTION", 117)]
    typo, duplicate = findings
    assert typo.suggestion == "vpc:CreateNatGateway" and "vpc:CreaeNatGateway" in typo.message
    assert "vpc:describeVpcs" in duplicate.message and "vpc:DescribeVPCs" in duplicate.message


def instantiate(template: str) -> str:
    arn = template.replace("{#regionId}", "cn-hangzhou").replace("{#accountId}", A)
    return re.sub(r"\{#(\w+)\}", lambda m: m.group(1).lower() + "-1", arn)


SEED002 = json.loads((DATA.parent / "seed002_vpc_ipam_table.json").read_text())["entries"]
OTHER_ARN = f"acs:vpc:cn-hangzhou:{A}:vpc/vpc-1"


@pytest.mark.parametrize("entry", SEED002, ids=[e["action"] for e in SEED002])
def test_seed002_vpc_table_entry(entry: dict[str, Any]) -> None:
    action = entry["action"]
    arns = [t["arn"] for t in entry["resource_types"]]
    if arns == ["*"]:
        assert check_policy(policy(allow(action, "*"))) == []
        specific = check_policy(policy(allow(action, f"acs:vpc:cn-hangzhou:{A}:ipam/ipam-1")))
        assert [f.code for f in specific] == ["ALL_RESOURCES_ONLY_ACTION"]
        return
    for template in arns:
        assert check_policy(policy(allow(action, instantiate(template)))) == [], template
    info = load_catalog().action(action)
    assert info is not None
    if {t.lower() for t in info.resource_types} != {t["type"].lower() for t in entry["resource_types"]}:
        return  # the action also takes resource types of other VPC features (the seed's table is IPAM's)
    assert [f.code for f in check_policy(policy(allow(action, OTHER_ARN)))] == ["RESOURCE_TYPE_MISMATCH"]


def test_seed004_empty_source_ips_are_condition_type_mismatches() -> None:
    findings = check_policy((DATA / "seed004_ecs_oss_example.json").read_text())
    assert [(f.code, f.line, f.column) for f in findings] == [
        ("CONDITION_TYPE_MISMATCH", 21, 18),
        ("CONDITION_TYPE_MISMATCH", 21, 22),
    ]
    assert all("empty string" in f.message for f in findings)


def test_seed001_partner_trust_policy() -> None:
    text = (DATA / "seed001_partner_trust.json").read_text()
    (finding,) = check_policy(text, config=CheckConfig(account_id=A))
    assert finding.code == "TRUST_EXTERNAL_ACCOUNT" and B in finding.message
    assert finding.severity is Severity.SECURITY_WARNING
    assert check_policy(text, config=CheckConfig(account_id=A, trusted_accounts=frozenset({B}))) == []


# --- robustness -------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for finding in check_policy(text):
        assert finding.code != "CHECK_CRASHED"


json_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        ["*", "Allow", "Deny", "vpc:*", "vpc:CreateVpc", "acs:ram::1:root", "acs:vpc:*:*:vpc/*", "", "sts:AssumeRole"]
    )
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Version",
                    "Statement",
                    "Effect",
                    "Action",
                    "NotAction",
                    "Resource",
                    "NotResource",
                    "Principal",
                    "Condition",
                    "RAM",
                    "StringEquals",
                    "IpAddress",
                    "acs:SourceIp",
                    "Bool",
                    "x",
                ]
            )
            | st.text(max_size=6),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from(["account", "resource-group"]))
def test_never_raises_on_arbitrary_json(value: object, scope: str) -> None:
    for source in (json.dumps(value), value if isinstance(value, dict) else json.dumps(value, indent=1)):
        for finding in check_policy(source, scope=scope):  # type: ignore[arg-type]
            assert finding.code != "CHECK_CRASHED", finding.message


def test_config_file_discovery(tmp_path: Path) -> None:
    from alicloud_gov.policy.config import ConfigError, load_config

    (tmp_path / "pyproject.toml").write_text(
        '[tool.alicloud-gov]\ntrusted-accounts = ["2000000000000002"]\n'
        'ignore = ["REDUNDANT_ACTION"]\nfail-on = "error"\n'
    )
    nested = tmp_path / "policies" / "team"
    nested.mkdir(parents=True)
    config = load_config(nested)
    assert config.trusted_accounts == frozenset({B}) and config.fail_on is Severity.ERROR
    assert config.ignore == (Ignore(code="REDUNDANT_ACTION"),)
    (nested / ".alicloud-gov.toml").write_text('account-id = "1000000000000001"\n')
    assert load_config(nested / "x.json").account_id == A  # nearest file wins
    (nested / ".alicloud-gov.toml").write_text('trusted-accounts = ["partner"]\n')
    with pytest.raises(ConfigError, match="trusted-accounts"):
        load_config(nested)
    (nested / ".alicloud-gov.toml").write_text("fail_on = 'fatal'\n")
    with pytest.raises(ConfigError, match="fail-on"):
        load_config(nested)
    (nested / ".alicloud-gov.toml").write_text("colour = true\n")
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(nested)


def test_docs_document_every_code_with_its_severity() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "checks.md").read_text()
    for code, spec in REGISTRY.items():
        heading = f"\n### {code}\n\n**Severity:** `{spec.severity.value}`"
        assert heading in docs, f"docs/checks.md lacks a section for {code} with severity {spec.severity.value}"


def test_repeated_keys_are_reported_at_the_second_key() -> None:
    text = (
        '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DeleteVpc",\n'
        '"Action": "vpc:DescribeVpcs", "Resource": "*"}]}'
    )
    (finding,) = check_policy(text)
    assert finding.code == "INVALID_POLICY_ELEMENT" and "more than once" in finding.message
    assert (finding.line, finding.column) == (2, 1)


def test_config_accepts_plain_strings() -> None:
    config = CheckConfig(trusted_accounts={B}, ignore=("REDUNDANT_ACTION", "ops.FULL_ADMIN"), fail_on="error")  # type: ignore[arg-type]
    assert config.trusted_accounts == frozenset({B}) and config.fail_on is Severity.ERROR
    assert config.ignore == (Ignore(code="REDUNDANT_ACTION"), Ignore(code="FULL_ADMIN", resource="ops"))


@pytest.mark.parametrize(
    ("arn", "fix"),
    [
        (f"acs:ram:{A}:role/ops", f"acs:ram::{A}:role/ops"),
        ("acs:vpc:cn-hangzhou:acme:vpc/vpc-1", "acs:vpc:{#regionId}:{#accountId}:"),
        ("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1", None),
    ],
)
def test_invalid_arn_suggests_a_fix(arn: str, fix: str | None) -> None:
    (finding,) = [f for f in check_policy(policy(allow("vpc:DescribeVpcs", arn))) if f.code == "INVALID_ARN"]
    if fix is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None and finding.suggestion.startswith(fix)


def test_bool_condition_takes_one_value() -> None:
    condition = {"Bool": {"acs:SecureTransport": ["true", "false"]}}
    findings = check_policy(policy(allow("vpc:DescribeVpcs", Condition=condition)))
    assert [f.code for f in findings] == ["CONDITION_TYPE_MISMATCH"] and "one" in findings[0].message


def test_seed000_full_policy_at_rg_scope_names_every_action_once() -> None:
    text = (DATA / "seed000_all_without_rg_support.json").read_text()
    findings = check_policy(text, scope="resource-group")
    assert codes_at(findings) == [("RG_SCOPE_UNSUPPORTED_ACTION", 6), ("INVALID_ACTION", 25), ("REDUNDANT_ACTION", 117)]
    listed = json.loads(text)["Statement"][0]["Action"]
    complement = json.loads(findings[0].suggestion or "")["Statement"][0]["Action"]
    # every listed action except the typo, once (vpc:DescribeVPCs and vpc:describeVpcs are one action)
    assert len(listed) == 112 and len(complement) == 110
    assert {a.lower() for a in complement} == {a.lower() for a in listed} - {"vpc:creaenatgateway"}


def test_a_system_policy_arn_is_valid() -> None:
    """RAM names system policies acs:ram:*:system:policy/<name> (its "RAM authorization" reference)."""
    from alicloud_gov.policy.checks.resources import arn_problem

    assert arn_problem("acs:ram:*:system:policy/*") is None
    assert arn_problem("acs:ram:*:system:policy/AliyunOSSReadOnlyAccess") is None
    assert arn_problem("acs:ecs:*:system:instance/*") is not None
    assert arn_problem("acs:ram:*:system:user/alice") is not None
