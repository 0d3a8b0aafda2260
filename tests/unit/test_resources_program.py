"""Program-side resources under Pulumi's mocks: wire names, defaults, secrets, argument errors."""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pulumi
import pytest

import alicloud_gov.resources as gov
from tests.unit.pulumi_mocks import RecordingMocks


@pulumi.runtime.test
def test_inputs_go_out_in_camel_case_and_name_defaults(mocks: RecordingMocks) -> Any:
    user = gov.RamUser("alice", display_name="Alice A.", mobile_phone="86-18600008888")
    role = gov.RamRole("ops", trusted_accounts=["2000000000000002"], max_session_duration=7200)

    def verify(values: list[Any]) -> None:
        user_args = mocks.by_name("alice")
        assert user_args.typ == "alicloud-gov:index:RamUser"
        assert user_args.inputs["name"] == "alice"
        assert user_args.inputs["displayName"] == "Alice A."
        assert user_args.inputs["mobilePhone"] == "86-18600008888"
        role_args = mocks.by_name("ops")
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
        assert mocks.by_name("vpc-read").inputs["document"] == document
        assert mocks.by_name("vpc-read").inputs["name"] == "VpcRead"
        inputs = mocks.by_name("attach").inputs
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
        provider_args = mocks.by_name("acme")
        assert provider_args.typ == "pulumi:providers:alicloud-gov"
        assert provider_args.inputs["accessKeyId"] == "LTAI5tAcmeRootKey0001"
        assert provider_args.inputs["endpoint"] == "127.0.0.1:9999"
        assert provider_args.inputs["assumeRole"] == {"roleArn": "acs:ram::1:role/admin", "sessionName": "deploy"}
        assert "pulumi:providers:alicloud-gov::acme" in mocks.by_name("bob").provider

    is_secret = asyncio.ensure_future(acme.access_key_secret.is_secret())  # type: ignore[attr-defined]
    return pulumi.Output.all(user.urn, pulumi.Output.from_input(is_secret)).apply(verify)


def test_args_and_keywords_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        gov.RamUser("x", gov.RamUserArgs(name="x"), comments="y")


def test_unknown_keyword_names_the_resource() -> None:
    with pytest.raises(TypeError, match="RamGroupArgs for 'ops'"):
        gov.RamGroup("ops", colour="blue")


def test_lazy_exports_resolve_to_the_resource_classes() -> None:
    package = importlib.import_module("alicloud_gov")
    assert package.RamRole is gov.RamRole
    components = importlib.import_module("alicloud_gov.components")
    for module in (gov, components):
        for name in module.__all__:
            assert getattr(package, name) is getattr(module, name)
    assert not set(gov.__all__) & set(components.__all__)  # each name is exported by one module
    with pytest.raises(AttributeError):
        package.Nope  # noqa: B018


def test_trust_policy_helper_builds_a_checkable_document() -> None:
    document = gov.trust_policy(accounts=["2000000000000002"], services=["ecs.aliyuncs.com"])
    assert document["Version"] == "1"
    principals = [statement["Principal"] for statement in document["Statement"]]
    assert principals == [{"RAM": ["acs:ram::2000000000000002:root"]}, {"Service": ["ecs.aliyuncs.com"]}]
    from alicloud_gov.policy.checks import check_policy
    from alicloud_gov.policy.findings import Severity

    findings = check_policy(document, policy_type="trust")
    assert not [finding for finding in findings if finding.severity == Severity.ERROR]
