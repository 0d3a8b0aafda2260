"""Program-side resources under Pulumi's mocks: wire names, defaults, secrets, argument errors."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pulumi
import pytest

import alicloud_gov.resources as gov
from alicloud_gov import _lazy


class RecordingMocks(pulumi.runtime.Mocks):
    """Records every registered resource's type, name and inputs (as the engine would receive them)."""

    def __init__(self) -> None:
        self.resources: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self.resources.append(args)
        outputs = dict(args.inputs)
        if args.typ == "alicloud-gov:index:RamRole":
            outputs["arn"] = f"acs:ram::1000000000000001:role/{args.inputs['name']}"
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def mocks() -> RecordingMocks:
    recorder = RecordingMocks()
    asyncio.set_event_loop(asyncio.new_event_loop())  # earlier tests may have left the thread without one
    pulumi.runtime.set_mocks(recorder, project="proj", stack="dev", preview=False)
    return recorder


def by_name(mocks: RecordingMocks, name: str) -> pulumi.runtime.MockResourceArgs:
    return next(item for item in mocks.resources if item.name == name)


@pulumi.runtime.test
def test_inputs_go_out_in_camel_case_and_name_defaults(mocks: RecordingMocks) -> Any:
    user = gov.RamUser("alice", display_name="Alice A.", mobile_phone="86-18600008888")
    role = gov.RamRole("ops", trusted_accounts=["2000000000000002"], max_session_duration=7200)

    def verify(values: list[Any]) -> None:
        user_args = by_name(mocks, "alice")
        assert user_args.typ == "alicloud-gov:index:RamUser"
        assert user_args.inputs["name"] == "alice"
        assert user_args.inputs["displayName"] == "Alice A."
        assert user_args.inputs["mobilePhone"] == "86-18600008888"
        role_args = by_name(mocks, "ops")
        assert role_args.inputs["trustedAccounts"] == ["2000000000000002"]
        assert role_args.inputs["maxSessionDuration"] == 7200
        assert values == ["Alice A.", "acs:ram::1000000000000001:role/ops"]

    return pulumi.Output.all(user.display_name, role.arn).apply(verify)


@pulumi.runtime.test
def test_args_object_and_policy_document_dict(mocks: RecordingMocks) -> Any:
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:Describe*", "Resource": "*"}]}
    policy = gov.RamPolicy("vpc-read", gov.RamPolicyArgs(document=document, name="VpcRead"))
    attachment = gov.PolicyAttachment(
        "attach",
        principal_type="user",
        principal_name="alice",
        policy_name=policy.name,
        policy_type="Custom",
        resource_group_id="rg-abc",
    )

    def verify(_: Any) -> None:
        assert by_name(mocks, "vpc-read").inputs["document"] == document
        assert by_name(mocks, "vpc-read").inputs["name"] == "VpcRead"
        inputs = by_name(mocks, "attach").inputs
        assert inputs["policyName"] == "VpcRead"
        assert inputs["resourceGroupId"] == "rg-abc"
        assert inputs["principalType"] == "user"

    return attachment.urn.apply(verify)


@pulumi.runtime.test
def test_provider_secrets_are_secret_outputs(mocks: RecordingMocks) -> Any:
    acme = gov.Provider(
        "acme",
        region="cn-hangzhou",
        access_key_id="LTAI5tAcmeRootKey0001",
        access_key_secret="AcmeRootSecret0001demo",
        endpoint="127.0.0.1:9999",
        assume_role=gov.AssumeRoleArgs(role_arn="acs:ram::1:role/admin", session_name="deploy"),
    )
    user = gov.RamUser("bob", opts=pulumi.ResourceOptions(provider=acme))

    def verify(values: list[Any]) -> None:
        assert values[1] is True  # the AccessKey secret is a secret output
        provider_args = by_name(mocks, "acme")
        assert provider_args.typ == "pulumi:providers:alicloud-gov"
        assert provider_args.inputs["accessKeyId"] == "LTAI5tAcmeRootKey0001"
        assert provider_args.inputs["endpoint"] == "127.0.0.1:9999"
        assert provider_args.inputs["assumeRole"] == {"roleArn": "acs:ram::1:role/admin", "sessionName": "deploy"}
        assert "pulumi:providers:alicloud-gov::acme" in by_name(mocks, "bob").provider

    is_secret = asyncio.ensure_future(acme.access_key_secret.is_secret())  # type: ignore[attr-defined]
    return pulumi.Output.all(user.urn, pulumi.Output.from_input(is_secret)).apply(verify)


def test_args_and_keywords_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        gov.RamUser("x", gov.RamUserArgs(name="x"), comments="y")


def test_unknown_keyword_names_the_resource() -> None:
    with pytest.raises(TypeError, match="RamGroupArgs for 'ops'"):
        gov.RamGroup("ops", colour="blue")


def test_lazy_exports_resolve_to_the_resource_classes() -> None:
    assert _lazy.load("RamRole") is gov.RamRole
    for name, module in _lazy.EXPORTS.items():
        assert getattr(importlib.import_module(module), name) is _lazy.load(name)
    components = importlib.import_module("alicloud_gov.components")
    assert _lazy.exported_by("alicloud_gov.components") == sorted(components.__all__)
    with pytest.raises(AttributeError):
        _lazy.load("Nope")


def test_trust_policy_helper_builds_a_checkable_document() -> None:
    document = gov.trust_policy(accounts=["2000000000000002"], services=["ecs.aliyuncs.com"])
    assert document["Version"] == "1"
    principals = [statement["Principal"] for statement in document["Statement"]]
    assert principals == [{"RAM": ["acs:ram::2000000000000002:root"]}, {"Service": ["ecs.aliyuncs.com"]}]
    from alicloud_gov.policy.checks import check_policy
    from alicloud_gov.policy.findings import Severity

    findings = check_policy(document, policy_type="trust")
    assert not [finding for finding in findings if finding.severity == Severity.ERROR]
