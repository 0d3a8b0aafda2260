"""The policy catalogue: lookups, wildcards, suggestions, seed facts, resource types, condition keys, regeneration."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from alicloud_gov.policy.catalog import (
    ACCESS_LEVELS,
    ANY_RESOURCE_TYPE,
    CONDITION_KEY_TYPES,
    Catalog,
    CatalogDataError,
    catalog_from_data,
    load_catalog,
    read_catalog_files,
)
from alicloud_gov.policy.catalog.index import REMEMBERED_TEXT_LENGTH
from alicloud_gov.policy.catalog.text import (
    arn_template_pattern,
    edit_distance,
    template_relative_prefix,
    wildcard_pattern,
)

REPO = Path(__file__).resolve().parents[2]
SEED_FACTS = json.loads((REPO / "scripts" / "catalog_seed_facts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_catalog", REPO / "scripts" / "build_catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_catalog"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def verbs(build_script: ModuleType) -> dict:
    curated = yaml.safe_load(build_script.DEFAULT_CURATED.read_text(encoding="utf-8"))
    return curated["access_level_verbs"]


# --- services and lookups ----------------------------------------------------------------------------------------


def test_services_include_catalogued_and_service_level_only(catalog: Catalog) -> None:
    assert {"ram", "sts", "resourcemanager", "vpc", "expressconnectrouter", "ecs", "oss"} <= catalog.services()
    assert catalog.is_service_level_only("OSS")
    assert not catalog.is_service_level_only("ecs")  # from the ECS SDK since issue 10
    assert not catalog.is_service_level_only("vpc")
    assert not catalog.is_service_level_only("nosuchservice")
    assert catalog.actions("oss") == []
    assert catalog.action("ecs:DescribeInstances") is not None
    assert catalog.service_title("vpc") == "Virtual Private Cloud"


def test_action_lookup_is_case_insensitive_and_returns_canonical_case(catalog: Catalog) -> None:
    for spelling in ("vpc:createvpc", "VPC:CREATEVPC", "vpc:CreateVpc", " vpc:createVpc "):
        info = catalog.action(spelling)
        assert info is not None, spelling
        assert info.full_name == "vpc:CreateVpc"
    # Seed 000 writes both vpc:DescribeVPCs and vpc:describeVpcs; they are one action.
    assert catalog.action("vpc:DescribeVPCs") is catalog.action("vpc:describeVpcs")
    assert catalog.action("vpc:NoSuchAction") is None
    assert catalog.action("createvpc") is None


def test_sdk_api_names_are_all_catalogued(catalog: Catalog, build_script: ModuleType) -> None:
    names, source = build_script.sdk_api_names("alibabacloud_vpc20160428")
    assert source.startswith("sdk:alibabacloud_vpc20160428 ")
    assert "CreateVirtualBorderRouter" in names
    for name in names:
        info = catalog.action(f"vpc:{name}")
        assert info is not None, name
        assert source in info.source
        assert f"vpc:{name}" in info.apis


def test_every_fact_has_a_known_source_and_valid_values(catalog: Catalog) -> None:
    assert len(catalog.actions()) > 600
    for info in catalog.actions():
        parts = [p.strip() for p in info.source.split(",")]
        assert parts and all(p.startswith(("sdk:", "seed:", "system-policy:")) or p == "curated" for p in parts), info
        assert info.access_level in ACCESS_LEVELS
        assert info.access_level_source in ("curated", "seed:002")
        for name in info.resource_types:
            assert name == ANY_RESOURCE_TYPE or catalog.resource_type(info.service, name) is not None, info
    for key in catalog.condition_keys():
        assert key.type in CONDITION_KEY_TYPES
        assert key.source


def test_access_levels_are_derived_from_verbs_where_no_table_says(catalog: Catalog) -> None:
    expected = {
        "vpc:CreateVSwitch": "create",
        "vpc:DeleteVSwitch": "delete",
        "vpc:DescribeVSwitches": "list",
        "vpc:DescribeVpcAttribute": "get",
        "vpc:ModifyVpcAttribute": "update",
        "vpc:InnerVpcCreateDscp": "create",
        "expressconnectrouter:ForceDeleteExpressConnectRouter": "delete",
        "ram:GetUser": "get",
        "ram:ListUsers": "list",
        "ram:AttachPolicyToRole": "update",
    }
    for action, level in expected.items():
        info = catalog.action(action)
        assert info is not None, action
        assert (info.access_level, info.access_level_source) == (level, "curated"), action


def test_permission_points_and_apis_authorised_as_another_action(catalog: Catalog) -> None:
    pass_role = catalog.action("ram:PassRole")
    assert pass_role is not None
    assert pass_role.apis == ()
    assert pass_role.source == "curated"
    assert pass_role.resource_types == ("Role",)
    # ResourceManager's AttachPolicy is authorised as ram:AttachPolicy; resourcemanager:AttachPolicy is no action.
    assert catalog.action("resourcemanager:AttachPolicy") is None
    attach = catalog.action_for_api("resourcemanager", "AttachPolicy")
    assert attach is not None and attach.full_name == "ram:AttachPolicy"
    assert catalog.action_for_api("ResourceManager", "attachpolicy") is attach
    assert catalog.action_for_api("ram", "CreateUser") is catalog.action("ram:CreateUser")
    assume = catalog.action("sts:AssumeRole")
    assert assume is not None and assume.resource_types == ("Role",)


# --- wildcard matching ------------------------------------------------------------------------------------------


def test_match_wildcards_anywhere_case_insensitive(catalog: Catalog) -> None:
    names = {info.full_name for info in catalog.match("vpc:*Vpc*")}
    assert {"vpc:CreateVpc", "vpc:DeleteVpc", "vpc:DescribeVpcs", "vpc:ModifyVpcAttribute"} <= names
    assert "vpc:CreateVSwitch" not in names
    assert all(name.startswith("vpc:") for name in names)
    assert {i.full_name for i in catalog.match("VPC:*vpc*")} == names
    assert [i.full_name for i in catalog.match("vpc:DeleteVp?")] == ["vpc:DeleteVpc"]
    assert [i.full_name for i in catalog.match("*:AssumeRole")] == ["sts:AssumeRole"]
    assert len(catalog.match("*")) == len(catalog.actions())
    assert len(catalog.match("vpc:*")) == len(catalog.actions("vpc"))
    assert catalog.match("nosuch:*") == []
    assert catalog.match("oss:Get*") == []  # service-level only: nothing catalogued
    assert [i.full_name for i in catalog.match("vpc:createvpc")] == ["vpc:CreateVpc"]


def test_match_treats_regex_characters_literally(catalog: Catalog) -> None:
    assert catalog.match("vpc:Create.*") == []
    assert catalog.match("vpc:(Create)Vpc") == []
    assert catalog.match("vpc:CreateVpc+") == []


def test_match_results_are_independent_copies(catalog: Catalog) -> None:
    first = catalog.match("ram:*User*")
    first.clear()
    assert catalog.match("ram:*User*")


# --- suggestions -------------------------------------------------------------------------------------------------


def test_suggest_fixes_the_seed_000_typo(catalog: Catalog) -> None:
    assert catalog.action("vpc:CreaeNatGateway") is None
    assert catalog.suggest("vpc:CreaeNatGateway") == "vpc:CreateNatGateway"


def test_suggest_across_services_and_aliases(catalog: Catalog) -> None:
    assert catalog.suggest("vcp:CreateVpc") == "vpc:CreateVpc"
    assert catalog.suggest("ecr:CreateExpressConnectRouter") == "expressconnectrouter:CreateExpressConnectRouter"
    assert catalog.suggest("expressconnect:CreateVirtualBorderRouter") == "vpc:CreateVirtualBorderRouter"
    assert catalog.suggest("resourcemanager:AttachPolicy") == "ram:AttachPolicy"
    assert catalog.suggest("sts:AsumeRole") == "sts:AssumeRole"
    assert catalog.suggest("vpc:createvpc") == "vpc:CreateVpc"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("vpc:Descrbe*", "vpc:Describe*"),
        ("vpc:*Vcp*", "vpc:*Vpc*"),
        ("vpc:*VSwich*", "vpc:*VSwitch*"),
        ("ram:Lst*", "ram:List*"),
        ("vcp:Describe*", "vpc:Describe*"),
        ("ecr:Describe*", "expressconnectrouter:Describe*"),
        ("vpc:Creat*Ipam*Pol", "vpc:Create*Ipam*Pool"),
    ],
)
def test_suggest_corrects_patterns_that_match_nothing(catalog: Catalog, pattern: str, expected: str) -> None:
    assert catalog.match(pattern) == []
    assert catalog.suggest(pattern) == expected
    assert catalog.match(expected)


def test_suggest_gives_nothing_for_unrelated_or_malformed_input(catalog: Catalog) -> None:
    assert catalog.suggest("vpc:Xyzzy") is None
    assert catalog.suggest("vpc:Xyzzy*") is None
    assert catalog.suggest("*:Xyzzy*") is None
    assert catalog.suggest("CreateVpc") is None
    assert catalog.suggest("") is None
    assert catalog.suggest("nosuchservice:Frobnicate") is None


# --- resource-group support (seed 000) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "vpc:CreateNatGateway",
        "vpc:createvpc",
        "vpc:DescribeVpcs",
        "vpc:AllocateVpcIpv6Cidr",
        "vpc:GetObject",
        "vpc:InnerVpcModifyDscp",
        "vpc:UnAssociateEipAddress",
        "expressconnectrouter:ListExpressConnectRouterSupportedRegion",
        "expressconnectrouter:CreateCarrierCloudLink",
    ],
)
def test_seed_000_actions_do_not_support_resource_groups(catalog: Catalog, action: str) -> None:
    info = catalog.action(action)
    assert info is not None, action
    assert info.supports_resource_group is False
    assert "seed:000" in info.source


@pytest.mark.parametrize(
    "action",
    [
        "vpc:CreateVirtualBorderRouter",
        "vpc:CreateVSwitch",
        "vpc:DeleteVpc",
        "vpc:ModifyPhysicalConnectionAttribute",
        "expressconnectrouter:CreateExpressConnectRouter",
        "expressconnectrouter:GrantInstanceToExpressConnectRouter",
    ],
)
def test_other_express_connect_actions_support_resource_groups(catalog: Catalog, action: str) -> None:
    info = catalog.action(action)
    assert info is not None and info.supports_resource_group is True, action


def test_actions_without_rg_support_are_exactly_the_seed_list_for_its_services(catalog: Catalog) -> None:
    listed = {name.lower() for name in SEED_FACTS["seed:000"]["actions_without_resource_group_support"]}
    for service in ("vpc", "expressconnectrouter"):
        found = {info.full_name.lower() for info in catalog.actions_without_rg_support(service)}
        assert found == {name for name in listed if name.startswith(f"{service}:")}
    assert len(catalog.actions_without_rg_support("expressconnectrouter")) == 11
    # vpc:DescribeVPCs / vpc:describeVpcs are one action, so 100 rather than the 101 lines of the seed.
    assert len(catalog.actions_without_rg_support("vpc")) == 100
    # Global services: their resources are not in resource groups.
    assert catalog.action("ram:CreateUser").supports_resource_group is False  # type: ignore[union-attr]
    everything = catalog.actions_without_rg_support()
    assert {i.service for i in everything} >= {"vpc", "expressconnectrouter", "ram", "sts"}


def test_seed_000_groupable_resource_types(catalog: Catalog) -> None:
    for service, name in [
        ("vpc", "VirtualBorderRouter"),
        ("vpc", "PhysicalConnection"),
        ("vpc", "RouterInterface"),
        ("vpc", "TrafficQos"),
        ("expressconnectrouter", "ExpressConnectRouter"),
    ]:
        rtype = catalog.resource_type(service, name)
        assert rtype is not None and rtype.supports_resource_group is True, name
        assert "seed:000" in rtype.source
    vpc_type = catalog.resource_type("vpc", "Vpc")
    assert vpc_type is not None and vpc_type.supports_resource_group is None


# --- the VPC authorisation table (seed 002) -----------------------------------------------------------------------


def test_seed_002_rows_round_trip(catalog: Catalog) -> None:
    rows = SEED_FACTS["seed:002"]["actions"]
    assert len(rows) == 38
    for row in rows:
        info = catalog.action(row["action"])
        assert info is not None, row["action"]
        assert info.access_level == row["access_level"]
        assert info.access_level_source == "seed:002"
        typed = [r for r in row["resources"] if r["type"] != "All Resource"]
        assert list(info.resource_types[: len(typed)]) == [r["type"] for r in typed]
        assert list(info.required_resource_types) == [r["type"] for r in typed if r["required"]]
        assert [r["arn"] for r in typed] == list(info.arn_templates[: len(typed)])
        if not typed:
            assert info.all_resources_only, row["action"]
        assert f"vpc:{row['api']}" in info.apis


def test_seed_002_specific_rows(catalog: Catalog) -> None:
    cidr = catalog.action("vpc:GetIpamPoolNextAvailableCidr")
    assert cidr is not None
    assert (cidr.access_level, cidr.resource_types, cidr.required_resource_types) == (
        "get",
        ("IpamPool",),
        ("IpamPool",),
    )
    assert cidr.arn_templates == ("acs:vpc:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}",)
    assert cidr.resource_types_authoritative
    create_ipam = catalog.action("vpc:CreateIpam")
    assert create_ipam is not None and create_ipam.all_resources_only and create_ipam.access_level == "create"
    associate = catalog.action("vpc:AssociateIpamResourceDiscovery")
    assert associate is not None
    assert associate.required_resource_types == ("IpamResourceDiscovery", "Ipam")
    # The table says "create" for DeleteIpam; the catalogue keeps the document's value.
    assert catalog.action("vpc:DeleteIpam").access_level == "create"  # type: ignore[union-attr]
    tag = catalog.action("vpc:TagResources")
    assert tag is not None
    assert tag.required_resource_types == ()
    assert {"Ipam", "IpamPool", "IpamScope", "Vpc", "VSwitch"} <= set(tag.resource_types)
    assert not tag.resource_types_authoritative  # extended by curation beyond the IPAM table


def test_seed_002_resource_types_and_alternate_arns(catalog: Catalog) -> None:
    pool = catalog.resource_type("VPC", "ipampool")
    assert pool is not None and pool.name == "IpamPool"
    assert pool.arn_template == "acs:vpc:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}"
    assert "acs:vpcipam:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}" in pool.alternate_arn_templates
    service = catalog.resource_type("vpc", "IpamService")
    assert service is not None and service.arn_template == "acs:vpc:{#regionId}:{#accountId}:ipam/*"
    assert catalog.resource_type("vpc", "NoSuchType") is None


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("acs:vpc:cn-hangzhou:1000000000000001:ipampool/ipam-pool-1", ("vpc", "IpamPool")),
        ("acs:vpc:cn-hangzhou:1000000000000001:ipam/ipam-1", ("vpc", "Ipam")),
        ("acs:vpc:cn-hangzhou:1000000000000001:ipamscope/ipam-scope-1", ("vpc", "IpamScope")),
        ("acs:vpc:*:*:ipamresourcediscovery/*", ("vpc", "IpamResourceDiscovery")),
        ("acs:vpcipam:cn-hangzhou:1:ipampool/p-1", ("vpc", "IpamPool")),
        ("acs:vpc:cn-hangzhou:1:vpc/vpc-1", ("vpc", "Vpc")),
        ("acs:vpc:cn-hangzhou:1:vswitch/vsw-1", ("vpc", "VSwitch")),
        ("acs:vpc:cn-hangzhou:1:virtualborderrouter/vbr-1", ("vpc", "VirtualBorderRouter")),
        ("ACS:VPC:cn-hangzhou:1:VirtualBorderRouter/vbr-1", ("vpc", "VirtualBorderRouter")),
        ("acs:ram::1000000000000001:role/partner-admin", ("ram", "Role")),
        ("acs:ram::1000000000000001:user/alice", ("ram", "User")),
        ("acs:ram::1000000000000001:group/ops", ("ram", "Group")),
        ("acs:ram::1000000000000001:policy/ReadOnly", ("ram", "Policy")),
        ("acs:resourcemanager::1:resourcegroup/rg-aek2", ("resourcemanager", "ResourceGroup")),
        ("acs:ram:*:1:resourcegroup/rg-aek2", ("resourcemanager", "ResourceGroup")),
        ("acs:expressconnectrouter::1:expressconnectrouter/ecr-1", ("expressconnectrouter", "ExpressConnectRouter")),
    ],
)
def test_resource_type_for_arn(catalog: Catalog, arn: str, expected: tuple[str, str]) -> None:
    rtype = catalog.resource_type_for_arn(arn)
    assert rtype is not None, arn
    assert (rtype.service, rtype.name) == expected


@pytest.mark.parametrize(
    "arn", ["*", "acs:vpc:*:*:*", "acs:vpc:cn-hangzhou:1:nosuchtype/x", "arn:aws:iam::1:role/x", "acs:vpc", ""]
)
def test_resource_type_for_arn_unknown(catalog: Catalog, arn: str) -> None:
    assert catalog.resource_type_for_arn(arn) is None


def test_arn_fits_action(catalog: Catalog) -> None:
    def fits(action: str, arn: str) -> bool | None:
        info = catalog.action(action)
        assert info is not None, action
        return catalog.arn_fits_action(info, arn)

    assert fits("vpc:UpdateIpam", "acs:vpc:cn-hangzhou:1:ipam/ipam-1") is True
    assert fits("vpc:UpdateIpam", "acs:vpc:cn-hangzhou:1:ipampool/p-1") is False
    assert fits("vpc:CreateIpam", "acs:vpc:cn-hangzhou:1:ipam/ipam-1") is False
    assert fits("vpc:CreateIpam", "*") is True
    # The table's ARN for CreateIpamPool is an IPAM scope, though the type is IpamPool.
    assert fits("vpc:CreateIpamPool", "acs:vpc:cn-hangzhou:1:ipamscope/scope-1") is True
    assert fits("sts:AssumeRole", "acs:ram::2000000000000002:role/partner") is True
    # Curated (non-authoritative) resource types never yield a definite "does not fit".
    assert fits("vpc:CreateVSwitch", "acs:vpc:cn-hangzhou:1:natgateway/ngw-1") is None
    # Resource types not catalogued for the action: cannot tell.
    assert fits("expressconnectrouter:GrantInstanceToExpressConnectRouter", "acs:vpc:cn-hangzhou:1:vpc/v-1") is None
    assert fits("vpc:UpdateIpam", "acs:vpc:cn-hangzhou:1:nosuchtype/x") is None


# --- condition keys ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical", "key_type"),
    [
        ("acs:SourceIp", "acs:SourceIp", "IPAddress"),
        ("ACS:sourceip", "acs:SourceIp", "IPAddress"),
        ("acs:SecureTransport", "acs:SecureTransport", "Boolean"),
        ("acs:CurrentTime", "acs:CurrentTime", "Date"),
        ("acs:MFAPresent", "acs:MFAPresent", "Boolean"),
        ("acs:SourceVpc", "acs:SourceVpc", "String"),
        ("acs:UserAgent", "acs:UserAgent", "String"),
        ("acs:Referer", "acs:Referer", "String"),
        ("acs:AccessId", "acs:AccessId", "String"),
        ("saml:recipient", "saml:recipient", "String"),
        ("oidc:aud", "oidc:aud", "String"),
        ("oidc:iss", "oidc:iss", "String"),
        ("oidc:sub", "oidc:sub", "String"),
        ("acs:ResourceTag/env", "acs:ResourceTag/env", "String"),
        ("acs:resourcetag/CostCenter", "acs:ResourceTag/CostCenter", "String"),
        ("acs:RequestTag/team", "acs:RequestTag/team", "String"),
    ],
)
def test_condition_keys(catalog: Catalog, name: str, canonical: str, key_type: str) -> None:
    key = catalog.condition_key(name)
    assert key is not None, name
    assert (key.name, key.type) == (canonical, key_type)


@pytest.mark.parametrize("name", ["acs:SourceIP2", "acs:ResourceTag/", "acs:ResourceTag", "vpc:Foo", ""])
def test_unknown_condition_keys(catalog: Catalog, name: str) -> None:
    assert catalog.condition_key(name) is None


# --- text helpers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("vpc", "vpc", 0), ("vcp", "vpc", 1), ("lst", "list", 1), ("describe", "descrbe", 1), ("abc", "xyz", 3)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_wildcard_and_template_patterns() -> None:
    assert wildcard_pattern("vpc:*Vpc?").matches("VPC:createvpcs")
    assert not wildcard_pattern("vpc:*Vpc?").matches("vpc:CreateVpc")
    template = arn_template_pattern("acs:vpc:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}")
    assert template.matches("acs:vpc:cn-hangzhou:1000000000000001:ipampool/ipam-pool-1")
    assert not template.matches("acs:vpc:cn-hangzhou:1000000000000001:ipam/ipam-1")
    assert template_relative_prefix("acs:vpc:{#regionId}:{#accountId}:ipampool/{#IpamPoolId}") == ("vpc", "ipampool/")
    assert template_relative_prefix("acs:vpc:{#regionId}:{#accountId}:*") is None


# --- loading and data validation -----------------------------------------------------------------------------------


def test_load_catalog_is_cached() -> None:
    assert load_catalog() is load_catalog()


def test_bad_data_names_the_file_and_field() -> None:
    files = read_catalog_files()
    broken = json.loads(json.dumps(files["sts.json"]))
    broken["actions"][0]["access_level"] = "write"
    with pytest.raises(CatalogDataError, match=r"sts\.json: action 'AssumeRole': field 'access_level'"):
        catalog_from_data({"sts.json": broken})
    broken = json.loads(json.dumps(files["condition_keys.json"]))
    broken["condition_keys"][0]["type"] = "Ip"
    with pytest.raises(CatalogDataError, match=r"condition_keys\.json: condition key 'acs:SourceIp': field 'type'"):
        catalog_from_data({"condition_keys.json": broken})
    broken = json.loads(json.dumps(files["sts.json"]))
    del broken["actions"][0]["supports_resource_group"]
    with pytest.raises(CatalogDataError, match="supports_resource_group"):
        catalog_from_data({"sts.json": broken})


def test_catalog_from_a_subset_of_files() -> None:
    files = read_catalog_files()
    small = catalog_from_data({"sts.json": files["sts.json"], "condition_keys.json": files["condition_keys.json"]})
    assert small.services() == frozenset({"sts"})
    assert small.action("sts:AssumeRole") is not None
    assert small.action("vpc:CreateVpc") is None


# --- regeneration -------------------------------------------------------------------------------------------------


def test_catalogue_was_built_from_the_pinned_and_installed_sdk_versions(build_script: ModuleType) -> None:
    recorded = {
        source.split(" ")[0].removeprefix("sdk:"): source.split(" ")[1]
        for data in read_catalog_files().values()
        for source in data.get("sources", [])
        if source.startswith("sdk:")
    }
    pinned = {package: version for package, version in recorded.items() if package in build_script.SDK_WHEELS}
    assert pinned == build_script.SDK_WHEELS, "SDK_WHEELS changed: run scripts/build_catalog.py and commit the data"
    installed = {package: importlib.metadata.version(package) for package in recorded if package not in pinned}
    assert len(installed) == 5
    assert installed == {p: v for p, v in recorded.items() if p not in pinned}, "installed SDKs changed: rebuild"


def _committed_api_names(build_script: ModuleType) -> dict[str, list[str]]:
    """Package -> the API names the committed data records for it (what a rebuild reads from its wheel)."""
    curated = yaml.safe_load(build_script.DEFAULT_CURATED.read_text(encoding="utf-8"))
    names: dict[str, list[str]] = {}
    for code, service in curated["services"].items():
        package = service.get("sdk")
        if package in build_script.SDK_WHEELS:
            data = json.loads((build_script.DEFAULT_OUT / f"{code}.json").read_text(encoding="utf-8"))
            apis = {api.split(":", 1)[1] for action in data["actions"] for api in action["apis"]}
            names[package] = sorted(apis)
    return names


def test_rebuild_reproduces_the_committed_data(build_script: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    # The pinned wheels are not downloaded here (no network in unit tests): their API names come from the data.
    recorded = _committed_api_names(build_script)
    installed = build_script.sdk_api_names

    def names(package: str) -> tuple[list[str], str]:
        if package in recorded:
            return recorded[package], f"sdk:{package} {build_script.SDK_WHEELS[package]}"
        return installed(package)

    monkeypatch.setattr(build_script, "sdk_api_names", names)
    files = build_script.build(build_script.DEFAULT_CURATED, SEED_FACTS)
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in build_script.DEFAULT_OUT.glob("*.json")}
    assert set(files) == set(on_disk)
    for name, text in files.items():
        assert text == on_disk[name], f"{name} differs from a rebuild; run scripts/build_catalog.py"
    assert build_script.main(["--no-seeds", "--check"]) == 0


def test_sdk_api_names_reads_client_py_from_a_cached_wheel(
    build_script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    client = "class Client:\n    def a(self):\n        params = Params(action='DescribeThings', version='1')\n"
    client += "    def b(self):\n        params = Params(action = 'CreateThing')\n"
    with zipfile.ZipFile(tmp_path / "alibabacloud_demo20990101-1.2.3-py3-none-any.whl", "w") as wheel:
        wheel.writestr("alibabacloud_demo20990101/client.py", client)
        wheel.writestr("alibabacloud_demo20990101/models.py", "action='NotAnApi'\n")
    monkeypatch.setitem(build_script.SDK_WHEELS, "alibabacloud_demo20990101", "1.2.3")
    names, source = build_script.sdk_api_names("alibabacloud_demo20990101", tmp_path)
    assert names == ["CreateThing", "DescribeThings"]
    assert source == "sdk:alibabacloud_demo20990101 1.2.3"


# --- coverage (issue 10): 30+ products from their SDKs; every service a system policy names is known -------------


def test_at_least_thirty_products_have_action_lists_from_their_sdks(catalog: Catalog) -> None:
    from_sdk = {
        info.service for info in catalog.actions() if any(p.startswith("sdk:") for p in info.source.split(", "))
    }
    assert len(from_sdk) >= 30
    for code in ("ecs", "rds", "kvstore", "log", "cs", "kms", "yundun-cert", "bssapi", "cen", "slb"):
        assert code in from_sdk, code
        assert not catalog.is_service_level_only(code)
    assert catalog.action("kvstore:DescribeInstances") is not None
    assert catalog.action("log:GetProject") is not None
    assert catalog.action("cen:CreateCen") is not None
    # Access level by the existing verb rule, with its source.
    info = catalog.action("ecs:DeleteInstance")
    assert info is not None and (info.access_level, info.access_level_source) == ("delete", "curated")
    assert info.resource_types == (ANY_RESOURCE_TYPE,)  # resource-level support not catalogued for SDK-only actions


def test_every_service_a_system_policy_names_is_known(catalog: Catalog, build_script: ModuleType) -> None:
    named = build_script.system_policy_actions(build_script.DEFAULT_SYSTEM_POLICIES)
    assert named, "no system-policy documents found"
    codes = {text.split(":", 1)[0].lower() for actions in named.values() for text in actions if ":" in text}
    codes = {code for code in codes if "*" not in code and "?" not in code}
    unknown = sorted(code for code in codes if code not in catalog.services())
    assert unknown == [], f"services named by system policies but unknown: {unknown}; rerun build_catalog.py"
    files = read_catalog_files()
    for record in files["known_services.json"]["services"]:
        code = record["service"]
        assert catalog.is_service_level_only(code), code
        assert catalog.actions(code) == []
        assert record["sources"] and all(src.startswith("system-policy:") for src in record["sources"])


def test_every_literal_action_of_a_system_policy_resolves(catalog: Catalog, build_script: ModuleType) -> None:
    for policy, actions in build_script.system_policy_actions(build_script.DEFAULT_SYSTEM_POLICIES).items():
        for text in actions:
            service, sep, _ = text.partition(":")
            if not sep or "*" in text or "?" in text or catalog.is_service_level_only(service):
                continue
            assert catalog.action(text) is not None, f"{policy} names {text}, which the catalogue lacks"


def test_known_services_file_is_validated() -> None:
    files = read_catalog_files()
    bad = {"known_services.json": {"services": [{"service": 7}]}, "condition_keys.json": files["condition_keys.json"]}
    with pytest.raises(CatalogDataError, match=r"known_services\.json"):
        catalog_from_data(bad)


def test_a_service_code_in_two_files_is_refused_naming_both() -> None:
    files = read_catalog_files()
    twice = {
        "sts.json": files["sts.json"],
        "known_services.json": {"services": [{"service": "STS", "sources": ["system-policy:Demo"]}]},
        "condition_keys.json": files["condition_keys.json"],
    }
    # Before, whichever file sorted later silently replaced the other's entry for the code.
    with pytest.raises(CatalogDataError, match=r"sts\.json: service 'sts' is already defined in known_services\.json"):
        catalog_from_data(twice)


def test_build_script_reports_a_missing_seed_folder(
    build_script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_script.main(["--seeds", str(tmp_path), "--check"]) == 2
    error = capsys.readouterr().err
    assert "seed 000: no file 000_*.txt" in error
    assert "--no-seeds" in error


SEED_000_SAMPLE = """Express Connect:Fine-grained control with resource groups
Resource types that support resource groups
Express Connect supports the following resource types in resource groups:
Cloud service
Cloud service code
Resource type
Express Connect
expressconnect
virtualborderrouter: Virtual Border Router (VBR)
Note
Operations without resource group authorization
The following Express Connect actions do not support resource group-level authorization:
Actions
Description
expressconnectrouter:DescribeLineProviders
-
vpc:createvpc
-
For operations that do not support resource group authorization, setting the scope has no effect.
"""

SEED_002_SAMPLE = """The RAM code (RamCode) for Virtual Private Cloud is vpc , and the granularity is RESOURCE .
Action
API
Access level
Resource type
Condition key
Dependent action
vpc:UpdateIpam UpdateIpam update

*Ipam

acs:vpc:{#regionId}:{#accountId}:ipam/{#IpamId}

None None
vpc:CreateIpam CreateIpam create
*All Resource
*
None None
Resource
The following table lists the resources.
Resource type
ARN
Ipam
  \u2022 acs:vpc:{#regionId}:{#accountId}:ipam/*
  \u2022 acs:vpc:{#regionId}:{#accountId}:ipam/{#IpamId}
Condition
Virtual Private Cloud does not define product-level condition keys. Use the common keys.
How to create custom RAM policies?
"""


def test_seed_extractors_read_the_documents_shape(build_script: ModuleType) -> None:
    facts_000 = build_script.extract_seed_000(SEED_000_SAMPLE)
    assert facts_000["actions_without_resource_group_support"] == [
        "expressconnectrouter:DescribeLineProviders",
        "vpc:createvpc",
    ]
    assert facts_000["resource_group_resource_types"] == [
        {"service_code": "expressconnect", "resource_type": "virtualborderrouter"}
    ]
    facts_002 = build_script.extract_seed_002(SEED_002_SAMPLE)
    assert facts_002["ram_code"] == "vpc"
    assert [row["action"] for row in facts_002["actions"]] == ["vpc:UpdateIpam", "vpc:CreateIpam"]
    assert facts_002["actions"][0]["resources"] == [
        {"type": "Ipam", "required": True, "arn": "acs:vpc:{#regionId}:{#accountId}:ipam/{#IpamId}"}
    ]
    assert facts_002["actions"][1]["resources"] == [{"type": "All Resource", "required": True, "arn": "*"}]
    assert facts_002["resource_types"] == [
        {
            "name": "Ipam",
            "arns": ["acs:vpc:{#regionId}:{#accountId}:ipam/*", "acs:vpc:{#regionId}:{#accountId}:ipam/{#IpamId}"],
        }
    ]


def test_seed_extractors_fail_loudly_on_unexpected_shapes(build_script: ModuleType) -> None:
    with pytest.raises(build_script.SeedFormatError, match="Operations without resource group authorization"):
        build_script.extract_seed_000("nothing here")
    truncated = SEED_002_SAMPLE.replace("None None\nvpc:CreateIpam", "vpc:CreateIpam")
    with pytest.raises(build_script.SeedFormatError, match="vpc:UpdateIpam"):
        build_script.extract_seed_002(truncated)
    with_keys = SEED_002_SAMPLE.replace("does not define product-level condition keys", "defines these keys")
    with pytest.raises(build_script.SeedFormatError, match="condition keys"):
        build_script.extract_seed_002(with_keys)


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("CreateVpc", "create"),
        ("DescribeVpcs", "list"),
        ("DescribeVpcAttribute", "get"),
        ("DeletionProtection", "update"),
        ("ActiveFlowLog", "update"),
        ("Describe95Traffic", "list"),
        ("SecondApplyPhysicalConnectionLOA", "create"),
        ("Frobnicate", "unknown"),
        ("Addressbook", "unknown"),
    ],
)
def test_access_level_from_name(build_script: ModuleType, verbs: dict, name: str, level: str) -> None:
    assert build_script.access_level_from_name(name, verbs) == level


def test_a_suggestion_is_remembered_only_for_a_text_of_action_length() -> None:
    catalog = catalog_from_data(read_catalog_files())
    short, long_text = "vpc:CreatVpc", "vpc:CreatVpc" + "x" * REMEMBERED_TEXT_LENGTH
    assert catalog.suggest(short) == "vpc:CreateVpc"
    assert catalog.suggest(long_text) is None
    assert catalog.suggest(long_text) is None  # answered again, not from the memo
    assert list(catalog._suggest_cache) == [short]
