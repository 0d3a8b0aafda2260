"""``alicloud-gov migrate``: recorded pulumi-alicloud and terraform states -> the program and its import ids.

The fixtures (tests/data/migrate/) are shaped as the tools write them: ``pulumi stack export`` (version 3,
``deployment.resources`` with inputs, outputs, dependencies, ``protect``) of a pulumi-alicloud stack, a terraform
state version 4 (``for_each`` and ``count`` instances, a module, a data source) and its ``terraform show -json``.
Field names and ids: terraform-provider-alicloud's resource schemas and ``d.SetId`` calls (``alicloud/resource_
alicloud_ram_*.go``, ``_resource_manager_*.go``, ``_express_connect_router_grant_association.go``).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from alicloud_gov.adopt.migrate import migrate
from alicloud_gov.adopt.old_state import StateFileError, parse_state, read_state
from alicloud_gov.cli.main import cli

DATA = Path(__file__).parents[1] / "data" / "migrate"
PULUMI = DATA / "pulumi-alicloud-stack.json"
TERRAFORM = DATA / "terraform.tfstate"
TERRAFORM_SHOW = DATA / "terraform-show.json"

RG = "rg-acfmzsjk3lhq4ya"
EXPECTED_IDS = {
    ("ResourceGroup", RG),
    ("RamUser", "netops-dave"),
    ("RamUser", "netops-erin"),
    ("RamGroup", "netops"),
    ("RamGroupMembership", "netops:netops-dave"),
    ("RamGroupMembership", "netops:netops-erin"),
    ("RamRole", "partner-netops"),
    ("RamPolicy", "vpc-read"),
    ("PolicyAttachment", "account:user:netops-dave:Custom:vpc-read"),
    ("PolicyAttachment", "account:group:netops:System:AliyunExpressConnectReadOnlyAccess"),
    ("PolicyAttachment", "account:role:partner-netops:Custom:vpc-read"),
    ("PolicyAttachment", f"{RG}:group:netops:System:AliyunExpressConnectFullAccess"),
    ("EcrGrant", "ecr-7qthudw0ll6jmc0dh2:2000000000000002:VPC:cn-hangzhou:vpc-bp1q4d2kdl4vq0qzx8m2x"),
}
"""The same entities, whichever tool recorded them, in README's "Resources and import ids" formats."""


def run_migrate(source: Path, out: Path) -> tuple[int, str, dict[str, object], str]:
    result = CliRunner().invoke(cli, ["migrate", str(source), "--out", str(out)])
    imports = json.loads((out / "import.json").read_text()) if (out / "import.json").exists() else {}
    program = (out / "__main__.py").read_text() if (out / "__main__.py").exists() else ""
    return result.exit_code, result.output, imports, program


def ids(imports: dict[str, object]) -> set[tuple[str, str]]:
    resources = imports["resources"]
    assert isinstance(resources, list)
    return {(item["type"].removeprefix("alicloud-gov:index:"), item["id"]) for item in resources}


@pytest.mark.parametrize("source", [PULUMI, TERRAFORM, TERRAFORM_SHOW], ids=["pulumi", "tfstate", "show-json"])
def test_every_access_resource_gets_its_alicloud_gov_import_id(source: Path, tmp_path: Path) -> None:
    code, output, imports, program = run_migrate(source, tmp_path / "out")
    assert code == 0, output
    assert ids(imports) == EXPECTED_IDS
    ast.parse(program)  # valid Python
    assert "left to their provider (1)" in output  # the VPC stays where it is
    assert "vpc" in output.split("left to their provider", 1)[1].splitlines()[1].lower()


def test_the_program_renames_fields_and_refers_to_migrated_entities(tmp_path: Path) -> None:
    code, output, _imports, program = run_migrate(PULUMI, tmp_path / "out")
    assert code == 0, output
    assert 'mobile_phone="86-18600000001"' in program  # terraform / pulumi-alicloud: mobile
    assert "mobile=" not in program and "role_name" not in program and "IMSGroup" not in program
    assert 'name="partner-netops"' in program  # roleName -> name
    assert '"RAM": ["acs:ram::2000000000000002:root"]' in program  # the trust policy as a document
    # ResourceManager's principal name (netops@group.<uid>.onaliyun.com) becomes the group, by reference:
    assert "principal_name=group_netops.name" in program
    assert "resource_group_id=rg_network.resource_group_id" in program
    assert "user_name=user_netops_dave.name" in program  # one membership per user of the old set
    assert "onaliyun.com" not in program


def test_the_program_runs_and_declares_what_it_imports(tmp_path: Path) -> None:
    """The written project runs under Pulumi's mocks (alicloud-gov check): exit 0 or 1 (findings), never 2."""
    out = tmp_path / "out"
    run_migrate(TERRAFORM, out)
    result = CliRunner().invoke(cli, ["check", str(out), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    resources = {finding["resource"] for finding in findings}
    assert "partner" in resources  # the role's external-account trust is checked, under its migrated name


def test_the_old_state_forgets_dependents_first_and_protected_ones_with_force(tmp_path: Path) -> None:
    run_migrate(PULUMI, tmp_path / "p")
    script = (tmp_path / "p" / "forget-old-state.sh").read_text().splitlines()
    commands = [line for line in script if line.startswith("pulumi ")]
    assert len(commands) == 12  # every migrated resource, the VPC not
    assert all(line.startswith("pulumi state delete --yes") for line in commands)
    position = {line.rsplit("::", 1)[1]: n for n, line in enumerate(commands)}
    assert position["netops-network-ec"] < position["netops"] < position["network"]
    assert [line for line in commands if "--force" in line] == [
        next(line for line in commands if line.endswith("alicloud:ram/role:Role::partner-netops"))
    ]
    run_migrate(TERRAFORM, tmp_path / "t")
    script = (tmp_path / "t" / "forget-old-state.sh").read_text()
    assert "terraform state rm 'alicloud_ram_user.ops[\"netops-dave\"]'" in script
    assert "module.network.alicloud_vpc.main" not in script


def test_a_resource_left_behind_that_depends_on_a_migrated_one_is_named() -> None:
    result = migrate(read_state(PULUMI))
    assert any("Network::main" in note and "ResourceGroup::network" in note for note in result.notes)


def test_secrets_in_a_stack_export_are_opened_only_when_the_export_holds_the_plaintext() -> None:
    sig = "4dabf18193072939515e22adb298388d"
    user = {
        "urn": "urn:pulumi:dev::p::alicloud:ram/user:User::bob",
        "custom": True,
        "id": "2001",
        "type": "alicloud:ram/user:User",
        "outputs": {
            "name": "bob",
            "email": {sig: "1b47061264138c4ac30d75fd1eb44270", "plaintext": '"bob@example.com"'},
            "comments": {sig: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"},
        },
    }
    (declaration,) = migrate(parse_state({"deployment": {"resources": [user]}})).declarations
    assert declaration.args == {"name": "bob", "email": "bob@example.com"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ('{"version": 3, "resources": []}', "terraform state version 3"),
        ('{"hello": 1}', "not a pulumi stack export"),
    ],
)
def test_a_file_that_is_no_state_is_an_error_naming_what_was_expected(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "state.json"
    source.write_text(text)
    result = CliRunner().invoke(cli, ["migrate", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output  # MigrateExit.ERROR (README.md, "Exit codes")
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_an_unreadable_state_is_a_state_file_error() -> None:
    with pytest.raises(StateFileError):
        parse_state([1, 2])
