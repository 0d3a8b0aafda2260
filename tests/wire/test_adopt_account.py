"""alicloud_gov.adopt.account reads the messy account (tests/messy_account.py) over real HTTP: what is declared,
what is left out and listed, filters, paging and progress (issue 13, item 2)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

from alicloud_gov.adopt.account import Filter, read_account
from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials

sys.path.insert(0, str(Path(__file__).parents[1]))
from messy_account import ACME_UID, CROSS_ACCOUNT, PARTNER_UID, RG_ACCESS, build


def _cloud(emulator: Any, uid: str) -> Cloud:
    account = emulator.account(uid)
    credentials = StaticCredentials(account.access_key_id, account.access_key_secret)
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=credentials, max_attempts=1))


def test_the_messy_account_is_read_paged_with_defaults_left_out(emulator: Any) -> None:
    acme = _cloud(emulator, ACME_UID)
    built = build(acme, _cloud(emulator, PARTNER_UID))
    calls: list[tuple[str, dict[str, Any]]] = []
    original = acme.ram.call

    def recording(action: str, params: Any = None, **kwargs: Any) -> dict[str, Any]:
        calls.append((action, dict(params or {})))
        return original(action, params, **kwargs)

    acme.ram.call = recording  # type: ignore[method-assign]
    acme.ram.product = dataclasses.replace(acme.ram.product, max_page_size=20)  # 50 users: three pages
    lines: list[str] = []
    result = read_account(acme, progress=lines.append)

    kinds = [d.type_name for d in result.declarations]
    assert kinds.count("RamUser") == 50 and kinds.count("RamRole") == 20 and kinds.count("EcrGrant") == 1
    assert any(line.startswith(f"role {built.service_linked_role}: service-linked") for line in result.skipped)
    assert any("the account's default group" in line for line in result.skipped)
    assert "system policy AliyunVPCFullAccess: Alibaba Cloud's own, not declared (11 attachments refer to it)" in (
        result.skipped
    )
    assert [p.get("Marker") is not None for a, p in calls if a == "ListUsers"] == [False, True, True]
    assert "adopt: 50 entities read (users)" in lines and lines[-1].endswith("declared")
    roles = {d.resource_name: d.args for d in result.declarations if d.type_name == "RamRole"}
    assert roles["partner-access-0-role"]["trusted_accounts"] == [PARTNER_UID]  # a CrossAccountAccess child
    assert roles["partner-access-1"]["trusted_accounts"] == [f"acs:ram::{PARTNER_UID}:role/deployer-1"]
    components = {d.resource_name: d for d in result.declarations if d.component}
    assert components[RG_ACCESS].type_name == "ResourceGroupAccess"
    assert components[RG_ACCESS].args["system_policies"] == ["AliyunVPCFullAccess"]
    assert components[CROSS_ACCOUNT].type_name == "CrossAccountAccess"
    assert components[CROSS_ACCOUNT].args["external_id"] == "audit-2024"
    assert sorted(n for n, d in components.items() if d.type_name == "CrossAccountAccess") == [
        *(f"partner-access-{i}" for i in (0, 2, 4, 6)),
        CROSS_ACCOUNT,
    ]
    assert roles["ecs-instance-role-0"]["trusted_services"] == ["ecs.aliyuncs.com"]
    assert "Condition" in roles["mfa-admin-0"]["assume_role_policy_document"]["Statement"][0]
    policies = {d.resource_name: d.args for d in result.declarations if d.type_name == "RamPolicy"}
    versions = policies["sec-policy-03"]["document"]["Statement"][0]["Action"]  # v4, the default of 4 versions
    assert versions == ["vpc:DescribeVpcs", "vpc:DescribeVSwitches", "vpc:DescribeRouteTables"]
    ids = {d.import_id for d in result.declarations if d.type_name == "PolicyAttachment"}
    prod = built.resource_groups["prod-rg"]
    assert "account:user:netops-user00:System:AliyunVPCReadOnlyAccess" in ids
    assert f"{prod}:group:netops-team:Custom:netops-policy-00" in ids


def test_filters_by_prefix_type_and_resource_group(emulator: Any) -> None:
    acme = _cloud(emulator, ACME_UID)
    built = build(acme, _cloud(emulator, PARTNER_UID))
    only_roles = read_account(acme, Filter.parse(["type=role", "prefix=partner-"]))
    assert sorted(d.resource_name for d in only_roles.declarations) == [f"partner-access-{i}" for i in range(8)]
    netops = read_account(acme, Filter.parse(["prefix=netops-"]))
    assert {d.type_name for d in netops.declarations} >= {"RamUser", "RamGroup", "RamPolicy", "PolicyAttachment"}
    assert all(d.args.get("name", "netops-").startswith("netops-") for d in netops.declarations)
    prod = read_account(acme, Filter.parse(["resource-group=prod-rg", "type=attachment", "type=resource-group"]))
    rg_scoped = [d for d in prod.declarations if d.type_name == "PolicyAttachment" and d.import_id.startswith("rg-")]
    assert rg_scoped and all(d.import_id.startswith(built.resource_groups["prod-rg"]) for d in rg_scoped)
    assert [d.resource_name for d in prod.declarations if d.type_name == "ResourceGroup"] == ["prod-rg"]


def test_the_ecr_owner_reads_its_associations(emulator: Any) -> None:
    acme, partner = _cloud(emulator, ACME_UID), _cloud(emulator, PARTNER_UID)
    built = build(acme, partner)
    params = {
        "EcrId": built.ecr_id,
        "AssociationRegionId": "cn-hangzhou",
        "VpcId": built.vpc_id,
        "VpcOwnerId": ACME_UID,
    }
    partner.ecr.create("CreateExpressConnectRouterAssociation", params)
    result = read_account(partner, Filter.parse(["type=ecr"]))
    (association,) = [d for d in result.declarations if d.type_name == "EcrAssociation"]
    assert association.import_id == f"{built.ecr_id}:VPC:cn-hangzhou:{built.vpc_id}"
    assert association.args["instance_owner_uid"] == ACME_UID and association.args["ecr_id"] == built.ecr_id
