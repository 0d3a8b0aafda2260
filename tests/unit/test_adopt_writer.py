"""The program writer (alicloud_gov.adopt.writer) and adopt's pure rules: names, filters, trust helpers, the
service-linked role rule. The generated source is checked with ruff itself (format and lint, default settings,
as a generated project has none of its own) and by compiling it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from alicloud_gov.adopt.account import Filter, is_service_linked_role, trust_helpers
from alicloud_gov.adopt.writer import Declaration, Ref, identifier, import_file, program_source, python_names, render
from alicloud_gov.spec.trust import build_trust_policy

RUFF = Path(sys.executable).parent / "ruff"
DOCUMENT = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["ecs:Describe*"] * 9, "Resource": "*"}]}


def _program() -> list[Declaration]:
    return [
        Declaration("RamUser", "netops-dave", {"name": "netops-dave", "display_name": "Dave Ö"}, "netops-dave"),
        Declaration("RamGroup", "class", {"name": "class"}, "class", protect=True),
        Declaration(
            "RamGroupMembership",
            "class-netops-dave",
            {"group_name": Ref("RamGroup", "class"), "user_name": Ref("RamUser", "netops-dave")},
            "class:netops-dave",
        ),
        Declaration(
            "RamPolicy", "ops-read", {"name": "ops-read", "document": DOCUMENT, "description": None}, "ops-read"
        ),
        Declaration("RamRole", "ops", {"name": "ops", "trusted_accounts": ["2000000000000002"]}, None),
    ]


def test_variables_are_identifiers_unique_in_any_case_and_stable() -> None:
    decls = [
        Declaration("RamUser", "Ops", {}, None),
        Declaration("RamUser", "ops.", {}, None),
        Declaration("RamGroup", "ops", {}, None),
        Declaration("RamUser", "1st-admin", {}, None),
        Declaration("PolicyAttachment", "account-user-ops-AliyunRAMReadOnlyAccess", {}, None),
    ]
    names = python_names(decls)
    assert list(names.values()) == [
        "user_ops",
        "user_ops_2",
        "group_ops",
        "user_1st_admin",
        "attach_account_user_ops_aliyun_ram_read_only",  # cut at a word, under 48 characters
    ]
    assert python_names(decls) == names
    assert identifier("class") == "class_" and identifier("9x") == "r_9x"
    assert len(identifier("x" * 30 + "-y" * 40, "attach")) <= 48


def test_the_program_is_formatted_lint_clean_and_compiles(tmp_path: Path) -> None:
    source = program_source(_program(), "Acme, adopted.")
    path = tmp_path / "__main__.py"
    path.write_text(source, encoding="utf-8")
    compile(source, "__main__.py", "exec")
    formatted = subprocess.run([RUFF, "format", "--isolated", "--diff", path], capture_output=True, text=True)
    assert formatted.returncode == 0, formatted.stdout
    linted = subprocess.run([RUFF, "check", "--isolated", path], capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout
    assert "import alicloud_gov as gov" in source
    assert "group_name=group_class.name," in source
    assert "opts=pulumi.ResourceOptions(protect=True)," in source
    assert "description" not in source  # None is left out


def test_a_reference_must_point_to_an_earlier_declaration() -> None:
    decls = _program()
    with pytest.raises(ValueError, match="not declared before it"):
        program_source([decls[2], *decls[:2]])


def test_duplicate_resource_names_of_one_type_are_refused() -> None:
    with pytest.raises(ValueError, match="two RamUser declarations named 'a'"):
        import_file([Declaration("RamUser", "a", {}, "a"), Declaration("RamUser", "a", {}, "a")])


def test_import_file_is_pulumi_import_file_format() -> None:
    files = render(_program(), project="acme")
    resources = json.loads(files["import.json"])["resources"]
    assert resources[2] == {
        "type": "alicloud-gov:index:RamGroupMembership",
        "name": "class-netops-dave",
        "id": "class:netops-dave",
    }
    assert [item["name"] for item in resources] == ["netops-dave", "class", "class-netops-dave", "ops-read"]
    assert files["Pulumi.yaml"].startswith('name: "acme"\nruntime:\n  name: python\n')


def test_trust_helpers_only_when_the_helper_builds_exactly_that_document() -> None:
    partner = build_trust_policy(["2000000000000002", "acs:ram::2000000000000002:role/ci"], ["ecs.aliyuncs.com"])
    assert trust_helpers(json.dumps(partner)) == {
        "trusted_accounts": ["2000000000000002", "acs:ram::2000000000000002:role/ci"],
        "trusted_services": ["ecs.aliyuncs.com"],
    }
    saml = build_trust_policy(federated=["acs:ram::1000000000000001:saml-provider/okta"])
    assert trust_helpers(saml) == {"trusted_federated_providers": ["acs:ram::1000000000000001:saml-provider/okta"]}
    with_condition = json.loads(json.dumps(partner))
    with_condition["Statement"][0]["Condition"] = {"Bool": {"acs:MFAPresent": "true"}}
    assert trust_helpers(with_condition) is None
    unsorted = json.loads(json.dumps(partner))
    unsorted["Statement"][0]["Principal"]["RAM"].reverse()  # not what the helper writes: keep the document
    assert trust_helpers(unsorted) is None
    assert trust_helpers("not json") is None


def test_service_linked_roles_by_path_or_name() -> None:
    assert is_service_linked_role({"RoleName": "AliyunServiceRoleForECS", "Arn": "acs:ram::1:role/x"})
    assert is_service_linked_role({"RoleName": "x", "Arn": "acs:ram::1:role/aliyun-service-role/x"})
    assert not is_service_linked_role({"RoleName": "AliyunECSInstanceRole", "Arn": "acs:ram::1:role/ecs"})


def test_filter_parses_prefix_resource_group_and_type() -> None:
    wanted = Filter.parse(["prefix=net", "type=role", "resource-group=prod-rg"])
    assert wanted.name("NetOps-x") and not wanted.name("dba")
    assert wanted.kind("role") and not wanted.kind("user")
    assert wanted.group({"Id": "rg-1", "Name": "prod-rg"}) and not wanted.group({"Id": "rg-2", "Name": "dev"})
    for bad in ("prefix", "type=roles", "colour=red"):
        with pytest.raises(ValueError, match="--filter"):
            Filter.parse([bad])
