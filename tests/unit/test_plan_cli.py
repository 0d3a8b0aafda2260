"""`alicloud-gov plan`: resource changes and permission deltas from a program and a deployed state."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from alicloud_gov.cli.plan import plan
from alicloud_gov.plan.access import ResourceRecord, account_models, is_sensitive, permission_delta
from alicloud_gov.plan.state import records_from_export
from alicloud_gov.policy.evaluate import Permission

PROJECT = Path(__file__).parent.parent / "data" / "programs" / "access"
STATE = PROJECT / "deployed-state.json"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(plan, [str(PROJECT), "--state", str(STATE), *args])
    return result.exit_code, result.stdout


def test_unchanged_program_plans_nothing() -> None:
    code, output = run()
    assert code == 0
    assert "No resource changes." in output
    assert "No principal gains or loses access." in output


def test_widened_access_is_shown_and_flagged() -> None:
    code, output = run("--stack", "widen", "--format", "json")
    assert code == 2
    report = json.loads(output)
    actions = {(c["action"], c["type"], c["name"]) for c in report["changes"]}
    assert actions == {("create", "PolicyAttachment", "alice-admin"), ("update", "RamPolicy", "net-reader")}
    update = next(c for c in report["changes"] if c["action"] == "update")
    assert update["details"] == ["document: added Statement[0].Action: vpc:CreateVpc"]  # as the program spells it
    (delta,) = report["permission_delta"]
    assert delta["principal"] == "user:alice@1000000000000001"
    gained = {(g["action"], g["sensitive"]) for g in delta["gained"]}
    assert gained == {("*", True), ("vpc:CreateVpc", False)}
    assert report["summary"]["sensitive_gains"] == 1


def test_deny_new_access_fails_the_plan() -> None:
    code, _ = run("--stack", "widen", "--deny-new-access")
    assert code == 3
    code, _ = run("--deny-new-access")
    assert code == 0


def test_an_empty_state_creates_everything() -> None:
    result = CliRunner().invoke(plan, [str(PROJECT), "--state", str(PROJECT / "Pulumi.yaml"), "--format", "json"])
    assert result.exit_code == 1  # not JSON: an error, named
    empty = PROJECT.parent / "empty-state.json"
    try:
        empty.write_text("{}")
        result = CliRunner().invoke(plan, [str(PROJECT), "--state", str(empty), "--format", "json"])
        assert result.exit_code == 2
        assert {c["action"] for c in json.loads(result.stdout)["changes"]} == {"create"}
    finally:
        empty.unlink()


def test_lost_access_and_secret_state_values() -> None:
    export = json.loads(STATE.read_text())
    records = records_from_export(export)
    before = account_models(records)
    after = account_models([r for r in records if r.type_name != "RamGroupMembership"], {None: before[0].account_id})
    (delta,) = permission_delta(before, after)
    assert not delta.gained
    assert [p.action for p in delta.lost] == ["vpc:DescribeVpcs"]
    secret = {
        "deployment": {
            "resources": [
                {
                    "urn": "urn:pulumi:dev::p::alicloud-gov:index:RamUser::u",
                    "type": "alicloud-gov:index:RamUser",
                    "inputs": {
                        "name": "u",
                        "email": {
                            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                            "ciphertext": "xyz",
                        },
                    },
                }
            ]
        }
    }
    (record,) = records_from_export(secret)
    assert record.inputs["email"] is None


def test_sensitive_permissions() -> None:
    def allow(action: str) -> Permission:
        return Permission("Allow", action, "*", "account")

    assert is_sensitive(allow("ram:Attach*"))
    assert is_sensitive(allow("sts:AssumeRole"))
    assert is_sensitive(allow("ram:*"))
    assert not is_sensitive(allow("vpc:DescribeVpcs"))
    assert not is_sensitive(Permission("Deny", "*", "*", "account"))


def test_trust_from_typed_helpers() -> None:
    role = ResourceRecord("RamRole", "ops", None, {"name": "ops", "trustedAccounts": ["2000000000000002"]})
    (model,) = account_models([role], {None: "1000000000000001"})
    principal = model.roles["ops"]["Statement"][0]["Principal"]
    assert principal == {"RAM": ["acs:ram::2000000000000002:root"]}


def test_a_secret_opened_by_show_secrets_is_its_value() -> None:
    """``pulumi stack export --show-secrets`` holds a secret's value JSON-encoded in ``plaintext`` (the form
    adopt.old_state reads too): a secret policy document is that document, not its JSON text quoted again."""
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*"}]}
    resource = {
        "urn": "urn:pulumi:dev::p::alicloud-gov:index:RamPolicy::p",
        "type": "alicloud-gov:index:RamPolicy",
        "inputs": {
            "name": "p",
            "document": {
                "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                "plaintext": json.dumps(json.dumps(document)),
            },
        },
    }
    (record,) = records_from_export({"deployment": {"resources": [resource]}})
    assert record.inputs["document"] == json.dumps(document)
    (model,) = account_models([record])
    assert model.policies["p"] == document


def test_a_provider_whose_own_name_begins_with_default_is_not_a_default_provider() -> None:
    """Pulumi names its default providers ``default`` or ``default_<version>`` (``default_3_0_0``); a program's own
    provider ``default-eu`` keeps its name, so its resources stay in its account."""
    from alicloud_gov.plan.state import provider_name

    assert provider_name("urn:pulumi:dev::p::pulumi:providers:alicloud-gov::default_0_1_0::id") is None
    assert provider_name("urn:pulumi:dev::p::pulumi:providers:alicloud-gov::default::id") is None
    assert provider_name("urn:pulumi:dev::p::pulumi:providers:alicloud-gov::default-eu::id") == "default-eu"


def test_a_declared_role_trusting_a_saml_provider_has_the_document_the_provider_deploys() -> None:
    """The plan's declared trust is spec.trust.build_trust_policy's, which the provider's check deploys (with its
    saml:recipient condition); before, the plan built a second, unconditional copy and saw a change."""
    from alicloud_gov.spec.inputs import prepare_inputs
    from alicloud_gov.spec.schema import RESOURCES
    from alicloud_gov.spec.tokens import type_token

    saml = "acs:ram::1000000000000001:saml-provider/idp"
    inputs = {"name": "sso", "trustedFederatedProviders": [saml], "trustedServices": ["ecs.aliyuncs.com"]}
    deployed = prepare_inputs(RESOURCES[type_token("RamRole")], inputs)["assumeRolePolicyDocument"]
    (model,) = account_models([ResourceRecord("RamRole", "sso", None, inputs)], {None: "1000000000000001"})
    assert model.roles["sso"] == deployed
    assert any("Condition" in statement for statement in deployed["Statement"])
