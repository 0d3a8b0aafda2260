"""Programs that mix pulumi-alicloud's RAM and ResourceManager resources with ours, under check and plan.

Input names are pulumi-alicloud's camelCase of terraform-provider-alicloud's schema (resource_alicloud_ram_policy.go:
``policy_name``/``policy_document``, deprecated ``name``/``document``; resource_alicloud_ram_user_policy_attachment.go:
``user_name``, ``policy_name``, ``policy_type``; resource_alicloud_resource_manager_policy_attachment.go:
``principal_type`` IMSUser/IMSGroup/ServiceRole, ``principal_name``, ``resource_group_id``). The SDK is not needed:
a program registers the foreign types with a bare ``pulumi.CustomResource``.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from alicloud_gov.cli.exit_codes import PlanExit
from alicloud_gov.cli.plan import plan
from alicloud_gov.plan.access import ResourceRecord, account_models
from alicloud_gov.plan.foreign import translate
from alicloud_gov.program import run_program
from alicloud_gov.program.project_check import check_project

ACME = "1000000000000001"

HEADER = """
import json
import pulumi
import alicloud_gov.resources as gov

def foreign(token, name, **props):  # the engine receives the SDK's camelCase names
    return pulumi.CustomResource(token, name, props)

alice = gov.RamUser("alice", name="alice")
"""

MIXED = """
broad = foreign("alicloud:ram/policy:Policy", "broad", policyName="everything",
                policyDocument=json.dumps({"Version": "1", "Statement": [
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
foreign("alicloud:ram/userPolicyAttachment:UserPolicyAttachment", "alice-broad",
        userName=alice.name, policyName=broad.policyName, policyType="Custom")
"""

UNKNOWN_KIND = """
foreign("alicloud:ram/somethingElse:SomethingElse", "mystery", userName="alice")
"""


def project(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir(parents=True)
    (folder / "Pulumi.yaml").write_text("name: mixed\nruntime: python\n")
    (folder / "Pulumi.dev.yaml").write_text(f"config:\n  alicloud-gov:accountId: '{ACME}'\n")
    (folder / "__main__.py").write_text(textwrap.dedent(HEADER) + textwrap.dedent(body))
    return folder


def run_plan(folder: Path, *args: str) -> tuple[int, str]:
    state = folder / "empty-state.json"
    state.write_text("{}")
    result = CliRunner().invoke(plan, [str(folder), "--stack", "dev", "--state", str(state), *args])
    return result.exit_code, result.output


def test_check_shows_a_foreign_policy_documents_findings(tmp_path: Path) -> None:
    findings = check_project(project(tmp_path, MIXED), stack="dev")
    broad = [f for f in findings if f.resource == "broad"]
    assert broad, [f"{f.code} {f.resource}: {f.message}" for f in findings]
    assert any("*" in f.message or f.code.startswith(("FULL", "ADMIN", "WILDCARD")) for f in broad)


def test_plan_shows_the_users_gain_through_a_foreign_attachment(tmp_path: Path) -> None:
    code, output = run_plan(project(tmp_path, MIXED), "--format", "json")
    assert code == 2, output
    report = json.loads(output[output.index("{") :])
    deltas = {d["principal"]: d for d in report["permission_delta"]}
    alice = deltas[f"user:alice@{ACME}"]
    assert ("*", True) in {(g["action"], g["sensitive"]) for g in alice["gained"]}


def test_an_unknown_foreign_access_resource_is_an_unknown_grant(tmp_path: Path) -> None:
    program = run_program(project(tmp_path, UNKNOWN_KIND), stack="dev")
    (model,) = account_models(program.resources, program.accounts)
    (sentence,) = model.unknown_grants
    assert "alicloud:ram/somethingElse:SomethingElse 'mystery'" in sentence
    findings = check_project(project(tmp_path / "again", UNKNOWN_KIND), stack="dev")
    assert any(f.resource == "mystery" and "not understood" in f.message for f in findings), findings


def test_foreign_records_become_our_kinds_in_the_account_model() -> None:
    records = [
        ResourceRecord("RamUser", "bob", None, {"name": "bob"}),
        ResourceRecord("alicloud:ram/group:Group", "ops", None, {"groupName": "ops"}),
        ResourceRecord(
            "alicloud:ram/groupMembership:GroupMembership", "m", None, {"groupName": "ops", "userNames": ["bob"]}
        ),
        ResourceRecord(
            "alicloud:ram/role:Role", "r", None, {"roleName": "deployer", "ramUsers": [f"acs:ram::{ACME}:root"]}
        ),
        ResourceRecord("alicloud:ram/policy:Policy", "p", None, {"name": "legacy", "document": '{"Statement": []}'}),
        ResourceRecord(
            "alicloud:resourcemanager/policyAttachment:PolicyAttachment",
            "a",
            None,
            {
                "principalType": "IMSGroup",
                "principalName": f"ops@group.{ACME}.onaliyun.com",
                "policyName": "AliyunVPCReadOnlyAccess",
                "policyType": "System",
                "resourceGroupId": "rg-1",
            },
        ),
        ResourceRecord("alicloud:ram/accountAlias:AccountAlias", "alias", None, {"accountAlias": "acme"}),
    ]
    (model,) = account_models(records, {None: ACME})
    assert model.users == {"bob"} and model.groups == {"ops"} and model.memberships == {("bob", "ops")}
    assert model.roles["deployer"]["Statement"][0]["Principal"] == {"RAM": [f"acs:ram::{ACME}:root"]}
    assert model.policies["legacy"] == {"Statement": []}
    (attachment,) = model.attachments
    assert (attachment.holder, attachment.policy_name, attachment.scope) == (
        "group:ops",
        "AliyunVPCReadOnlyAccess",
        "rg-1",
    )
    assert model.unknown_grants == []  # an account alias grants nothing


def test_an_explicit_alicloud_provider_names_its_account() -> None:
    records = [
        ResourceRecord(
            "pulumi:providers:alicloud",
            "partner",
            None,
            {"assumeRole": {"roleArn": "acs:ram::2000000000000002:role/x"}},
        ),
        ResourceRecord("alicloud:ram/user:User", "carol", "partner", {"name": "carol"}),
        ResourceRecord("alicloud:ram/roleAttachment:RoleAttachment", "ecs", "partner", {"roleName": "x"}),
    ]
    translation = translate(records, {None: ACME})
    assert {r.provider for r in translation.records} == {"alicloud:partner"}
    assert translation.accounts == {"alicloud:partner": "2000000000000002"}
    models = {m.account_id: m for m in account_models(records, {None: ACME})}
    partner = models["2000000000000002"]
    assert partner.users == {"carol"}
    (sentence,) = partner.unknown_grants
    assert "alicloud:ram/roleAttachment:RoleAttachment" in sentence and "'ecs'" in sentence


def test_an_unknown_foreign_access_resource_fails_deny_new_access_closed(tmp_path: Path) -> None:
    code, output = run_plan(project(tmp_path, UNKNOWN_KIND), "--deny-new-access")
    assert "alicloud:ram/somethingElse:SomethingElse 'mystery'" in output, output
    assert code == PlanExit.UNKNOWN_ACCESS, output


def test_a_foreign_role_whose_trusted_users_are_unknown_until_apply_translates() -> None:
    """terraform's deprecated ``ram_users``/``services`` (resource_alicloud_ram_role.go) are our trust helpers; a
    list known only after apply is left unknown instead of breaking the translation (before: TypeError from JSON)."""
    from alicloud_gov.spec.unknown import UNKNOWN

    records = [
        ResourceRecord("alicloud:ram/role:Role", "r", None, {"roleName": "deployer", "ramUsers": UNKNOWN}),
        ResourceRecord("alicloud:ram/role:Role", "s", None, {"roleName": "ecs", "services": ["ecs.aliyuncs.com"]}),
    ]
    (unknown, service) = translate(records).records
    assert unknown.inputs["trustedAccounts"] is UNKNOWN and unknown.inputs.get("assumeRolePolicyDocument") is None
    (model,) = account_models(records, {None: ACME})
    assert model.roles["ecs"]["Statement"][0]["Principal"] == {"Service": ["ecs.aliyuncs.com"]}
    assert service.inputs["trustedServices"] == ["ecs.aliyuncs.com"]


def test_a_resource_manager_attachment_naming_another_accounts_principal_is_an_unknown_grant() -> None:
    """``ops@group.<uid>.onaliyun.com`` names a group of account <uid>. Before, the alias was dropped and the
    grant landed on the provider's own group of that name; now it is a grant of unknown meaning, named."""
    partner = "2000000000000002"
    attachment = {
        "principalType": "IMSGroup",
        "principalName": f"ops@group.{partner}.onaliyun.com",
        "policyName": "AdministratorAccess",
        "policyType": "System",
        "resourceGroupId": "rg-1",
    }
    records = [
        ResourceRecord("alicloud:ram/group:Group", "ops", None, {"groupName": "ops"}),
        ResourceRecord("alicloud:resourcemanager/policyAttachment:PolicyAttachment", "a", None, attachment),
    ]
    (model,) = account_models(records, {None: ACME})
    assert model.attachments == []
    (sentence,) = model.unknown_grants
    assert "'a'" in sentence and "principalName" in sentence and partner in sentence and ACME in sentence
