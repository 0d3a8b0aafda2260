"""``alicloud-gov simulate`` on the seed stacks: answers, deciding statements, formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alicloud_gov.cli.main import cli
from alicloud_gov.cli.simulate import simulate
from alicloud_gov.policy.system_policies import get_system_policy

A = "1000000000000001"
B = "2000000000000002"
STACKS = Path(__file__).parent.parent / "data" / "stacks"
SEED000 = str(STACKS / "seed000_resource_groups.yaml")
SEED001 = str(STACKS / "seed001_partner.yaml")
ECR_A = f"acs:expressconnectrouter::{A}:expressconnectrouter/ecr-projecta0001"
ECR_B = f"acs:expressconnectrouter::{A}:expressconnectrouter/ecr-projectb0002"
ROLE = f"acs:ram::{A}:role/partner-netops"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["simulate", *args])


def run_json(*args: str) -> tuple[int, dict[str, object]]:
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.output)


def test_allowed_in_the_resource_group_exits_0_and_names_the_statement() -> None:
    result = run(SEED000, "-p", "user:alice", "-a", "expressconnectrouter:ModifyExpressConnectRouter", "-r", ECR_A)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("MAY ")
    assert "System policy AliyunExpressConnectFullAccess" in result.output
    assert "group:project-a-netops at resource group rg-aek2projecta0001" in result.output
    assert "1 of 1 request(s) allowed" in result.output


def test_outside_the_resource_group_exits_1() -> None:
    result = run(SEED000, "-p", "user:alice", "-a", "expressconnectrouter:ModifyExpressConnectRouter", "-r", ECR_B)
    assert result.exit_code == 1
    assert "MAY NOT (default deny)" in result.output
    assert "rg-aek2projectb0002" in result.output


def test_combinations_and_json_output() -> None:
    code, payload = run_json(
        SEED000,
        "-p",
        "user:alice",
        "-p",
        "user:bob",
        "-a",
        "expressconnectrouter:DescribeCarrierCloudLinks",
        "-a",
        "expressconnectrouter:ModifyExpressConnectRouter",
        "-r",
        ECR_A,
    )
    assert code == 1
    results = payload["results"]
    assert isinstance(results, list) and len(results) == 4
    answers = {(r["principal"], r["action"]): r["allowed"] for r in results}
    assert answers == {
        (f"user:alice@{A}", "expressconnectrouter:DescribeCarrierCloudLinks"): False,
        (f"user:alice@{A}", "expressconnectrouter:ModifyExpressConnectRouter"): True,
        (f"user:bob@{A}", "expressconnectrouter:DescribeCarrierCloudLinks"): True,
        (f"user:bob@{A}", "expressconnectrouter:ModifyExpressConnectRouter"): True,
    }
    alice_describe = results[0]
    assert alice_describe["effect"] == "ImplicitDeny"
    assert any("does not support resource-group authorisation" in note for note in alice_describe["notes"])
    bob_describe = results[2]
    assert bob_describe["deciding"][0]["policy_name"] == "ExpressConnectReadWithoutRgSupport"
    assert bob_describe["deciding"][0]["statement_index"] == 0
    assert payload["summary"] == {"total": 4, "allowed": 3, "denied": 1}


def test_resource_group_option_for_actions_without_rg_support() -> None:
    code, payload = run_json(
        SEED000, "-p", "user:carol", "-a", "vpc:CreateNatGateway", "-a", "vpc:ModifyVpcAttribute",
        "--resource-group", "rg-aek2projecta0001",
    )  # fmt: skip
    assert code == 1
    results = payload["results"]
    assert isinstance(results, list)
    assert [r["allowed"] for r in results] == [False, True]
    assert results[0]["resource_group"] == "rg-aek2projecta0001"


def test_partner_assume_role_across_accounts() -> None:
    code, payload = run_json(SEED001, "-p", "user:carol", "-a", "sts:AssumeRole", "-r", ROLE)
    assert code == 0
    results = payload["results"]
    assert isinstance(results, list)
    deciding = results[0]["deciding"]
    assert [d["policy_type"] for d in deciding] == ["System", "Trust"]
    assert deciding[0]["account_id"] == B and deciding[1]["account_id"] == A


def test_partner_without_permission_and_root_are_refused() -> None:
    result = run(SEED001, "-p", "user:dave@partner", "-p", f"root@{B}", "-a", "sts:AssumeRole", "-r", ROLE)
    assert result.exit_code == 1
    assert result.output.count("MAY NOT") == 2
    assert "cannot assume" in result.output


def test_assumed_role_acts_in_account_a() -> None:
    result = run(
        SEED001, "-p", "role:partner-netops", "-a", "expressconnectrouter:CreateExpressConnectRouter", "-r", "*"
    )
    assert result.exit_code == 0, result.output


def test_principal_as_arn() -> None:
    result = run(SEED001, "-p", f"acs:ram::{B}:user/carol", "-a", "sts:AssumeRole", "-r", ROLE)
    assert result.exit_code == 0, result.output


def test_context_values_reach_conditions(tmp_path: Path) -> None:
    stack = {
        "account_id": A,
        "users": ["alice"],
        "policies": {
            "Office": {
                "Version": "1",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "vpc:*",
                        "Resource": "*",
                        "Condition": {
                            "IpAddress": {"acs:SourceIp": "10.0.0.0/8"},
                            "DateLessThan": {"acs:CurrentTime": "2999-01-01T00:00:00Z"},
                        },
                    }
                ],
            }
        },
        "attachments": [{"principal": "user:alice", "policy": "Office"}],
    }
    path = tmp_path / "stack.json"
    path.write_text(json.dumps(stack))
    assert run(str(path), "-p", "user:alice", "-a", "vpc:CreateVpc", "-c", "acs:SourceIp=10.1.1.1").exit_code == 0
    assert run(str(path), "-p", "user:alice", "-a", "vpc:CreateVpc", "-c", "acs:SourceIp=8.8.8.8").exit_code == 1
    late = run(
        str(path), "-p", "user:alice", "-a", "vpc:CreateVpc",
        "-c", "acs:SourceIp=10.1.1.1", "-c", "acs:CurrentTime=3000-01-01T00:00:00Z",
    )  # fmt: skip
    assert late.exit_code == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((SEED000, "-p", "user:ghost", "-a", "vpc:CreateVpc"), "not declared"),
        ((SEED000, "-p", "wizard:x", "-a", "vpc:CreateVpc"), "expected user:<name>"),
        ((SEED000, "-p", "user:alice", "-a", "CreateVpc"), "expected <service>:<ApiName>"),
        ((SEED000, "-p", "user:alice", "-a", "vpc:CreateVpc", "-c", "novalue"), "expected key=value"),
        ((SEED000, "-p", "user:alice", "-a", "sts:AssumeRole", "-r", "*"), "needs a role ARN"),
        ((SEED001, "-p", "user:nobody", "-a", "sts:AssumeRole", "-r", ROLE), "no account declares it"),
        ((SEED001, "-p", "user:carol@elsewhere", "-a", "sts:AssumeRole", "-r", ROLE), "no account 'elsewhere'"),
        ((SEED001, "-p", "root", "-a", "vpc:CreateVpc"), "the file declares several accounts"),
        ((SEED000, "-p", "user:alice", "-a", "vpc:CreateVpc", "--account", "nope"), "no account 'nope'"),
        (("missing.yaml", "-p", "user:alice", "-a", "vpc:CreateVpc"), "does not exist"),
        ((SEED000, "-a", "vpc:CreateVpc"), "--principal"),
    ],
)
def test_usage_errors_exit_64(args: tuple[str, ...], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 64
    assert fragment in result.output


def test_malformed_stack_file_is_a_usage_error_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text('account_id: "1000000000000001"\nattachments:\n  - principal: user:ghost\n    policy: X\n')
    result = run(str(path), "-p", "user:ghost", "-a", "vpc:CreateVpc")
    assert result.exit_code == 64
    assert "attachments[0].principal_name" in result.output


def test_help_documents_the_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit 0 when all are allowed, 1 when any is denied, 64 on a usage error" in text


def test_permissions_listing() -> None:
    result = run(SEED000, "-p", "user:carol", "-p", "root", "--permissions")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # One line per action of the published AliyunVPCFullAccess document (v12: 17 action patterns, no vpc:*).
    published = get_system_policy("AliyunVPCFullAccess")
    assert published is not None
    actions = published["Statement"][0]["Action"]
    assert lines[0] == f"user:carol@{A}: {len(actions)} permission(s)"
    assert any("Allow vpc:*Vpc* on * at resource group rg-aek2projecta0001" in line for line in lines[1:])
    assert "System policy AliyunVPCFullAccess Statement[0] via user:carol" in lines[1]
    assert lines[1 + len(actions)] == f"root@{A}: 1 permission(s)"
    code, payload = run_json(SEED000, "-p", "user:alice", "--permissions")
    assert code == 0
    permissions = payload["permissions"]
    assert isinstance(permissions, dict)
    entries = permissions[f"user:alice@{A}"]
    no_effect = [entry["action"] for entry in entries if not entry["effective"]]
    assert "vpc:DescribeVpcs" in no_effect


def test_actions_are_required_unless_listing_permissions() -> None:
    result = run(SEED000, "-p", "user:alice")
    assert result.exit_code == 64
    assert "--action" in result.output


def test_a_pulumi_project_folder_is_read_from_its_deployed_state(monkeypatch: pytest.MonkeyPatch) -> None:
    import json as json_module
    from pathlib import Path as PathType

    from alicloud_gov.cli import stack_state, stacks

    project = PathType(__file__).parent.parent / "data" / "programs" / "access"
    export = json_module.loads((project / "deployed-state.json").read_text())
    monkeypatch.setattr(stack_state, "deployed_export", lambda path, stack, state_file=None: export)
    monkeypatch.setattr(stacks, "backend_stacks", lambda path: stacks.BackendStacks(names=("dev",)))
    result = CliRunner().invoke(
        simulate, [str(project), "--stack", "dev", "-p", "user:alice", "-a", "vpc:DescribeVpcs", "-a", "vpc:CreateVpc"]
    )
    assert result.exit_code == 1, result.output  # DescribeVpcs through the group's policy; CreateVpc denied
    assert "MAY " in result.output and "MAY NOT" in result.output
    empty = CliRunner().invoke(simulate, [str(project.parent), "-p", "user:alice", "-a", "vpc:DescribeVpcs"])
    assert empty.exit_code == 64
    assert "no Pulumi.yaml" in empty.output


def _prod_only_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A copy of the access project whose only stack file is Pulumi.prod.yaml; the stacks whose state is read."""
    from alicloud_gov.cli import stack_state, stacks

    source = Path(__file__).parent.parent / "data" / "programs" / "access"
    (tmp_path / "Pulumi.yaml").write_text((source / "Pulumi.yaml").read_text())
    (tmp_path / "Pulumi.prod.yaml").write_text("config: {}\n")
    export = json.loads((source / "deployed-state.json").read_text())
    read: list[str] = []

    def deployed(path: Path, stack: str, state_file: Path | None = None) -> dict[str, object]:
        read.append(stack)
        return export

    monkeypatch.setattr(stack_state, "deployed_export", deployed)
    monkeypatch.setattr(stacks, "backend_stacks", lambda path: stacks.BackendStacks(problem="not asked in tests"))
    return tmp_path, read


def test_a_project_without_stack_reads_its_only_stack_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, read = _prod_only_project(tmp_path, monkeypatch)
    result = CliRunner().invoke(simulate, [str(project), "-p", "user:alice", "-a", "vpc:DescribeVpcs"])
    assert result.exit_code == 0, result.output
    assert read == ["prod"]
    assert "stack prod (the only stack file, Pulumi.prod.yaml)" in result.output


def test_a_nonexistent_stack_is_a_usage_error_naming_the_stacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, read = _prod_only_project(tmp_path, monkeypatch)
    result = CliRunner().invoke(simulate, [str(project), "--stack", "nope", "-p", "user:alice", "-a", "vpc:Get"])
    assert result.exit_code == 64, result.output
    assert "no stack 'nope' (stacks: prod" in result.output
    assert read == []
