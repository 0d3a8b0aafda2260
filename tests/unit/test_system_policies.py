"""System policy documents: shape, case-insensitive lookup, and that they name what their names promise."""

from __future__ import annotations

import pytest

from alicloud_gov.policy.catalog import ActionInfo, load_catalog
from alicloud_gov.policy.system_policies import (
    SYSTEM_POLICIES,
    SYSTEM_POLICY_DESCRIPTIONS,
    canonical_system_policy_name,
    get_system_policy,
    system_policy_description,
)

REQUIRED = {
    "AdministratorAccess",
    "AliyunExpressConnectFullAccess",
    "AliyunExpressConnectReadOnlyAccess",
    "AliyunSTSAssumeRoleAccess",
    "AliyunVPCFullAccess",
    "AliyunVPCReadOnlyAccess",
    "AliyunRAMFullAccess",
    "AliyunRAMReadOnlyAccess",
    "AliyunResourceManagerFullAccess",
}


def _actions(document: dict) -> list[str]:
    names: list[str] = []
    for statement in document["Statement"]:
        value = statement["Action"]
        names.extend([value] if isinstance(value, str) else value)
    return names


def _granted(name: str) -> set[ActionInfo]:
    catalog = load_catalog()
    return {info for pattern in _actions(SYSTEM_POLICIES[name]) for info in catalog.match(pattern)}


def test_all_required_policies_exist_with_descriptions() -> None:
    assert set(SYSTEM_POLICIES) >= REQUIRED
    assert set(SYSTEM_POLICY_DESCRIPTIONS) == set(SYSTEM_POLICIES)
    assert all(SYSTEM_POLICY_DESCRIPTIONS[name].strip() for name in SYSTEM_POLICIES)


@pytest.mark.parametrize("name", sorted(SYSTEM_POLICIES))
def test_documents_are_well_formed_allow_statements(name: str) -> None:
    document = SYSTEM_POLICIES[name]
    assert set(document) == {"Version", "Statement"}
    assert document["Version"] == "1"
    assert document["Statement"]
    for statement in document["Statement"]:
        assert set(statement) == {"Effect", "Action", "Resource"}
        assert statement["Effect"] == "Allow"
        assert statement["Resource"] == "*"


@pytest.mark.parametrize("name", sorted(SYSTEM_POLICIES))
def test_every_action_entry_names_catalogued_actions(name: str) -> None:
    catalog = load_catalog()
    for pattern in _actions(SYSTEM_POLICIES[name]):
        assert catalog.match(pattern), f"{name}: {pattern} matches no catalogued action"


def test_lookup_is_case_insensitive_and_returns_a_copy() -> None:
    document = get_system_policy("aliyunstsassumeroleaccess")
    assert document == {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
    document["Statement"].clear()
    assert get_system_policy("AliyunSTSAssumeRoleAccess") == SYSTEM_POLICIES["AliyunSTSAssumeRoleAccess"]
    assert SYSTEM_POLICIES["AliyunSTSAssumeRoleAccess"]["Statement"]
    assert canonical_system_policy_name(" ADMINISTRATORACCESS ") == "AdministratorAccess"
    assert get_system_policy("NoSuchPolicy") is None
    assert system_policy_description("aliyunvpcfullaccess") == SYSTEM_POLICY_DESCRIPTIONS["AliyunVPCFullAccess"]
    assert system_policy_description("NoSuchPolicy") is None


def test_administrator_access_grants_everything() -> None:
    assert SYSTEM_POLICIES["AdministratorAccess"]["Statement"] == [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
    assert len(_granted("AdministratorAccess")) == len(load_catalog().actions())


@pytest.mark.parametrize(
    ("name", "service"),
    [
        ("AliyunVPCFullAccess", "vpc"),
        ("AliyunRAMFullAccess", "ram"),
        ("AliyunResourceManagerFullAccess", "resourcemanager"),
    ],
)
def test_full_access_covers_the_whole_service(name: str, service: str) -> None:
    assert _granted(name) == set(load_catalog().actions(service))


@pytest.mark.parametrize(
    "name", ["AliyunVPCReadOnlyAccess", "AliyunRAMReadOnlyAccess", "AliyunExpressConnectReadOnlyAccess"]
)
def test_read_only_policies_grant_only_reads(name: str) -> None:
    granted = _granted(name)
    assert granted
    writes = sorted(info.full_name for info in granted if info.access_level not in ("list", "get"))
    assert writes == []


def test_vpc_read_only_includes_describe_list_and_get() -> None:
    names = {info.full_name for info in _granted("AliyunVPCReadOnlyAccess")}
    assert {"vpc:DescribeVpcs", "vpc:ListIpamPools", "vpc:GetIpamPoolAllocation"} <= names
    assert "vpc:CreateVpc" not in names


def test_express_connect_full_access_covers_express_connect_not_plain_vpc() -> None:
    names = {info.full_name for info in _granted("AliyunExpressConnectFullAccess")}
    assert {
        "vpc:CreateVirtualBorderRouter",
        "vpc:CreatePhysicalConnection",
        "vpc:CreateRouterInterface",
        "vpc:GrantInstanceToVbr",
        "expressconnectrouter:CreateExpressConnectRouter",
        "expressconnectrouter:GrantInstanceToExpressConnectRouter",
    } <= names
    assert set(load_catalog().actions("expressconnectrouter")) <= _granted("AliyunExpressConnectFullAccess")
    assert "vpc:CreateVpc" not in names
    assert "vpc:CreateVSwitch" not in names
    assert "vpc:CreateNatGateway" not in names


def test_express_connect_read_only_is_a_subset_of_full_access() -> None:
    read = _granted("AliyunExpressConnectReadOnlyAccess")
    assert {"vpc:DescribeVirtualBorderRouters", "expressconnectrouter:DescribeExpressConnectRouter"} <= {
        info.full_name for info in read
    }
    assert read <= _granted("AliyunExpressConnectFullAccess")


def test_sts_assume_role_access_grants_only_assume_role() -> None:
    assert {info.full_name for info in _granted("AliyunSTSAssumeRoleAccess")} == {"sts:AssumeRole"}


@pytest.mark.parametrize("name", sorted(SYSTEM_POLICIES))
def test_policy_checks_find_no_errors_or_warnings(name: str) -> None:
    from alicloud_gov.policy.checks import check_policy
    from alicloud_gov.policy.findings import Severity

    findings = check_policy(SYSTEM_POLICIES[name], policy_type="identity")
    assert [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)] == []
