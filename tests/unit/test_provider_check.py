"""Provider ``check``: offline validation naming the resource and field, trust helpers, unknowns, config."""

from __future__ import annotations

import json

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import CheckRequest
from pulumi.runtime.rpc import UNKNOWN as WIRE_UNKNOWN

from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.provider.values import map_to_plain
from tests.unit.provider_helpers import check_request, props, run, urn

provider = AlicloudGovProvider()
PROVIDER_URN = "urn:pulumi:dev::p::pulumi:providers:alicloud-gov::acme"


def failures(type_name: str, name: str, news: dict) -> list[tuple[str, str]]:
    response = run(provider.check(check_request(type_name, name, news)))
    return [(f.property, f.reason) for f in response.failures or []]


def test_valid_user_passes_and_inputs_are_echoed() -> None:
    response = run(provider.check(check_request("RamUser", "alice", {"name": "alice", "displayName": "Alice"})))
    assert not response.failures
    assert map_to_plain(response.inputs or {}) == {"name": "alice", "displayName": "Alice"}


# How the engine prints a failure (pkg/resource/deploy/step_generator.go, issueCheckFailures; diag codes 2002/2003):
#   with a property:    "<type> resource '<name>': property <property> value <its whole value> has a problem: <reason>"
#   without a property: "<type> resource '<name>' has a problem: <reason>"
# so the reason never repeats the resource, and only a scalar that is not secret is named as the property.


def test_missing_required_field_names_the_field_in_the_reason() -> None:
    assert failures("RamPolicy", "ops", {"document": {"Version": "1", "Statement": []}}) == [
        ("", "field 'name': is required")
    ]


def test_role_name_with_underscore_is_rejected() -> None:
    [(field, reason)] = failures("RamRole", "r", {"name": "bad_role", "trustedServices": ["ecs.aliyuncs.com"]})
    assert field == "name"
    assert "underscore" in reason
    assert "RamRole 'r'" not in reason  # the engine names the resource already


def test_a_document_failure_names_the_field_and_the_place_but_not_the_value() -> None:
    document = {
        "Version": "1",
        "Statement": [
            {"Sid": "MarkerNotToBeDumped", "Effect": "Allow", "Action": ["ecs:DescribeInstances"], "Resource": "*"},
            {"Effect": "Allwo", "Action": "ram:GetUser", "Resource": "*"},
        ],
    }
    [(field, reason)] = failures("RamPolicy", "ops", {"name": "ops", "document": document})
    assert field == ""  # named, the engine would print the whole document after it
    assert reason.startswith("field 'document' at Statement[1].Effect: INVALID_EFFECT"), reason
    assert "MarkerNotToBeDumped" not in reason and "DescribeInstances" not in reason


def test_name_length_limits() -> None:
    [(field, reason)] = failures("RamUser", "u", {"name": "a" * 65})
    assert field == "name" and "1-64" in reason
    [(field, reason)] = failures("ResourceGroup", "g", {"name": "9starts-with-digit"})
    assert field == "name" and "start with a letter" in reason


def test_enum_fields_are_checked_case_insensitively() -> None:
    ok = {
        "principalType": "USER",
        "principalName": "alice",
        "policyName": "AdministratorAccess",
        "policyType": "system",
    }
    response = run(provider.check(check_request("PolicyAttachment", "a", ok)))
    assert not response.failures
    checked = map_to_plain(response.inputs or {})
    assert checked["principalType"] == "user"
    assert checked["policyType"] == "System"
    bad = {**ok, "principalType": "robot"}
    [(field, reason)] = failures("PolicyAttachment", "a", bad)
    assert field == "principalType" and "user, group, role" in reason


def test_attachment_scope_with_account_id_is_rejected() -> None:
    news = {"principalType": "user", "principalName": "alice", "policyName": "P", "resourceGroupId": "1000000000000001"}
    [(field, reason)] = failures("PolicyAttachment", "a", news)
    assert field == "resourceGroupId"
    assert "omit resourceGroupId" in reason


def test_unknown_values_pass_through_unchecked() -> None:
    news = props({"groupName": "ops"})
    news["userName"] = PropertyValue(WIRE_UNKNOWN)  # how the engine sends an unknown
    response = run(provider.check(CheckRequest(urn("RamGroupMembership", "m"), {}, news, b"")))
    assert not response.failures
    assert response.inputs is not None and response.inputs["userName"].value == WIRE_UNKNOWN
    PropertyValue.marshal_map(response.inputs)  # what the server does with it: must not raise


def test_trust_helpers_build_the_trust_policy() -> None:
    news = {"name": "partner-ops", "trustedAccounts": ["2000000000000002"], "trustedServices": ["ecs.aliyuncs.com"]}
    response = run(provider.check(check_request("RamRole", "r", news)))
    assert not response.failures
    document = map_to_plain(response.inputs or {})["assumeRolePolicyDocument"]
    principals = [statement["Principal"] for statement in document["Statement"]]
    assert {"RAM": ["acs:ram::2000000000000002:root"]} in principals
    assert {"Service": ["ecs.aliyuncs.com"]} in principals


def test_trust_helper_unknown_makes_document_unknown() -> None:
    news = props({"name": "partner-ops"})
    news["trustedAccounts"] = PropertyValue([PropertyValue(WIRE_UNKNOWN)])
    response = run(provider.check(CheckRequest(urn("RamRole", "r"), {}, news, b"")))
    assert not response.failures
    assert response.inputs is not None
    assert response.inputs["assumeRolePolicyDocument"].value == WIRE_UNKNOWN
    PropertyValue.marshal_map(response.inputs)


def test_role_needs_exactly_one_way_of_giving_the_trust_policy() -> None:
    [(field, reason)] = failures("RamRole", "r", {"name": "x"})
    assert field == "" and reason.startswith("field 'assumeRolePolicyDocument':") and "needs a trust policy" in reason
    both = {"name": "x", "trustedServices": ["ecs.aliyuncs.com"], "assumeRolePolicyDocument": "{}"}
    [(field, reason)] = failures("RamRole", "r", both)
    assert "not both" in reason


def test_oversized_document_is_rejected() -> None:
    statement = {"Effect": "Allow", "Action": [f"vpc:DescribeVpcs{i}" for i in range(400)], "Resource": "*"}
    document = json.dumps({"Version": "1", "Statement": [statement]})
    reasons = [reason for field, reason in failures("RamPolicy", "big", {"name": "big", "document": document})]
    assert any("6144" in reason for reason in reasons)


def test_session_duration_range() -> None:
    news = {"name": "r", "trustedServices": ["ecs.aliyuncs.com"], "maxSessionDuration": 60}
    [(field, reason)] = failures("RamRole", "r", news)
    assert field == "maxSessionDuration" and "3600-43200" in reason


def test_config_secrets_are_marked_secret_and_bad_values_named() -> None:
    news = props({"region": "cn-hangzhou", "accessKeyId": "LTAI5tAcmeRootKey0001", "accessKeySecret": "s3cret"})
    response = run(provider.check_config(CheckRequest(PROVIDER_URN, {}, news, b"")))
    assert not response.failures
    assert response.inputs is not None
    assert response.inputs["accessKeySecret"].is_secret
    assert not response.inputs["accessKeyId"].is_secret
    bad = props({"accessKeyId": "LTAI5tAcmeRootKey0001", "maxRetries": "many"})
    response = run(provider.check_config(CheckRequest(PROVIDER_URN, {}, bad, b"")))
    fields = {f.property for f in response.failures or []}
    assert fields == {"accessKeySecret"}
