"""``simulate`` on the one permission model: a stack's own ResourceGroupMoves place resources, an action the
catalogue does not know is named as such, and a condition that stops a statement is named in the answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from alicloud_gov.cli.simulate import simulate

A = "1000000000000001"
PROVIDER = "urn:pulumi:dev::rg-demo::pulumi:providers:alicloud-gov::default_0_1_0::abc"
ECR = f"acs:expressconnectrouter::{A}:expressconnectrouter/ecr-projecta0001"


def _resource(type_name: str, name: str, inputs: dict[str, Any], **outputs: Any) -> dict[str, Any]:
    return {
        "urn": f"urn:pulumi:dev::rg-demo::alicloud-gov:index:{type_name}::{name}",
        "type": f"alicloud-gov:index:{type_name}",
        "custom": True,
        "inputs": inputs,
        "outputs": {**inputs, "accountId": A, **outputs},
        "provider": PROVIDER,
    }


def _export(*, move: bool) -> dict[str, Any]:
    """A deployed stack: alice holds ECR full access in resource group rg-aek2projecta0001 only; with ``move``
    the stack's own ResourceGroupMove puts ecr-projecta0001 in that group."""
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "expressconnectrouter:*", "Resource": "*"}]}
    resources = [
        _resource("RamUser", "alice", {"name": "alice"}),
        _resource("ResourceGroup", "project-a", {"name": "project-a"}, resourceGroupId="rg-aek2projecta0001"),
        _resource("RamPolicy", "ecr-admin", {"name": "ecr-admin", "document": document}),
        _resource(
            "PolicyAttachment",
            "alice-ecr",
            {
                "principalType": "user",
                "principalName": "alice",
                "policyName": "ecr-admin",
                "policyType": "Custom",
                "resourceGroupId": "rg-aek2projecta0001",
            },
        ),
    ]
    if move:
        inputs = {
            "resourceGroupId": "rg-aek2projecta0001",
            "resourceId": "ecr-projecta0001",
            "resourceType": "expressconnectrouter",
            "service": "expressconnectrouter",
            "regionId": "cn-hangzhou",
        }
        resources.append(_resource("ResourceGroupMove", "ecr-into-a", inputs))
    return {"version": 3, "deployment": {"resources": resources}}


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, export: dict[str, Any]) -> Path:
    from alicloud_gov.cli import stack_state, stacks

    (tmp_path / "Pulumi.yaml").write_text("name: rg-demo\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    monkeypatch.setattr(stack_state, "deployed_export", lambda path, stack, state_file=None: export)
    monkeypatch.setattr(stacks, "backend_stacks", lambda path: stacks.BackendStacks(names=("dev",)))
    return tmp_path


def _ask(project: Path, *args: str) -> Result:
    return CliRunner().invoke(simulate, [str(project), "--stack", "dev", "-p", "user:alice", *args])


def test_the_stacks_own_resource_group_move_places_the_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path, monkeypatch, _export(move=True))
    result = _ask(project, "-a", "expressconnectrouter:ModifyExpressConnectRouter", "-r", ECR)
    assert result.exit_code == 0, result.output
    assert "MAY " in result.output and "resource group rg-aek2projecta0001" in result.output


def test_without_the_move_the_resource_is_outside_the_group(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, monkeypatch, _export(move=False))
    result = _ask(project, "-a", "expressconnectrouter:ModifyExpressConnectRouter", "-r", ECR)
    assert result.exit_code == 1, result.output
    assert "no declared resource group" in result.output


def _vpc_reader(tmp_path: Path) -> str:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}]}
    stack = {
        "account_id": A,
        "users": ["alice"],
        "policies": {"VpcReader": document},
        "attachments": [{"principal": "user:alice", "policy": "VpcReader"}],
    }
    path = tmp_path / "reader.json"
    path.write_text(json.dumps(stack))
    return str(path)


def test_a_misspelled_action_is_reported_as_unknown_with_a_suggestion(tmp_path: Path) -> None:
    stack = _vpc_reader(tmp_path)
    result = CliRunner().invoke(simulate, [stack, "-p", "user:alice", "-a", "vpc:DescribeVpcz"])
    assert result.exit_code == 0, result.output  # vpc:Describe* covers the text, but no such action exists
    assert "[unknown action]" in result.output
    assert "unknown action vpc:DescribeVpcz; did you mean vpc:DescribeVpcs?" in result.output
    as_json = CliRunner().invoke(simulate, [stack, "-p", "user:alice", "-a", "vpc:DescribeVpcz", "--format", "json"])
    answer = json.loads(as_json.output)["results"][0]
    assert answer["action_known"] is False
    assert any("unknown action vpc:DescribeVpcz" in note for note in answer["notes"])


def test_an_unknown_service_is_named_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(simulate, [_vpc_reader(tmp_path), "-p", "user:alice", "-a", "vcp:DescribeVpcs"])
    assert result.exit_code == 1, result.output
    assert "unknown action vcp:DescribeVpcs (service 'vcp' is not in the catalogue)" in result.output


def test_a_known_action_carries_no_unknown_action_note(tmp_path: Path) -> None:
    args = [_vpc_reader(tmp_path), "-p", "user:alice", "-a", "vpc:DescribeVpcs", "--format", "json"]
    result = CliRunner().invoke(simulate, args)
    answer = json.loads(result.output)["results"][0]
    assert answer["action_known"] is True
    assert not any("unknown action" in note for note in answer["notes"])


def _condition_stack(tmp_path: Path) -> str:
    condition = {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}, "Bool": {"acs:SecureTransport": "true"}}
    stack = {
        "account_id": A,
        "users": ["alice"],
        "policies": {
            "Office": {
                "Version": "1",
                "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*", "Condition": condition}],
            }
        },
        "attachments": [{"principal": "user:alice", "policy": "Office"}],
    }
    path = tmp_path / "stack.json"
    path.write_text(json.dumps(stack))
    return str(path)


def test_an_unmet_condition_is_named_with_the_value_the_request_had(tmp_path: Path) -> None:
    path = _condition_stack(tmp_path)
    args = [path, "-p", "user:alice", "-a", "vpc:CreateVpc", "-c", "acs:SourceIp=8.8.8.8"]
    result = CliRunner().invoke(simulate, [*args, "-c", "acs:SecureTransport=true"])
    assert result.exit_code == 1, result.output
    assert "IpAddress acs:SourceIp 10.0.0.0/8" in result.output
    assert "the request has acs:SourceIp=8.8.8.8" in result.output


def test_an_unmet_condition_names_the_key_the_request_lacked(tmp_path: Path) -> None:
    path = _condition_stack(tmp_path)
    args = [path, "-p", "user:alice", "-a", "vpc:CreateVpc", "-c", "acs:SourceIp=10.1.1.1", "--format", "json"]
    result = CliRunner().invoke(simulate, args)
    assert result.exit_code == 1, result.output
    notes = json.loads(result.output)["results"][0]["notes"]
    assert any("Bool acs:SecureTransport true" in note and "lacks acs:SecureTransport" in note for note in notes)
