"""One table of names per entity, run through the emulator (official SDK calls) and the provider's check.

Both must agree with each other and with the documented rule (the ``valid`` column, from the
parameter documentation of the official SDK models; the UID from Account Center, "View your Alibaba
Cloud account ID": a unique 16-digit identifier). Settled here:

- group names allow ``_`` (alibabacloud_ram20150501 ``CreateGroupRequest.group_name``: "letters, digits,
  periods (.), hyphens (-), and underscores (_)"): the emulator was right, the provider refused ``ops_team``;
- an account UID is exactly 16 digits: the emulator's ECR took any digits, the provider 1-32 digits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_resourcemanager20200331 import models as rm_models
from alibabacloud_resourcemanager20200331.client import Client as RmClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_openapi.exceptions import ClientException
from pulumi.provider.experimental.provider import CheckRequest

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.provider.values import map_from_plain
from tests.unit.provider_helpers import check_request, run

ACME = "1000000000000001"
POLICY = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:Get*", "Resource": "*"}]}
TRUST = {
    "Version": "1",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["ecs.aliyuncs.com"]}}],
}
PROVIDER_URN = "urn:pulumi:dev::p::pulumi:providers:alicloud-gov::acme"


@dataclass(frozen=True)
class Entity:
    """How the emulator and the provider each take one kind of name."""

    parameter: str
    """The API parameter carrying the name; a refusal of the value names it (``InvalidParameter.UserName.Length``)."""
    emulator: Callable[[RunningEmulator, str], Any]
    """Send the name to the emulator with the official SDK (raises ClientException on refusal)."""
    provider: Callable[[str], list[str]]
    """The provider's failures for the name (the plugin's Check or CheckConfig)."""


def _check(type_name: str, field: str, inputs: dict[str, Any]) -> list[str]:
    response = run(AlicloudGovProvider().check(check_request(type_name, "r", inputs)))
    return [f.reason for f in response.failures or [] if f.property == field]


def _check_config(field: str, inputs: dict[str, Any]) -> list[str]:
    news = map_from_plain({"accessKeyId": "LTAI5tAcmeRootKey0001", "accessKeySecret": "secret-0001", **inputs})
    response = run(AlicloudGovProvider().check_config(CheckRequest(PROVIDER_URN, {}, news, b"")))
    return [f.reason for f in response.failures or [] if f.property == field]


def _ram(emulator: RunningEmulator) -> RamClient:
    return RamClient(emulator.root_config("acme"))


def _rm(emulator: RunningEmulator) -> RmClient:
    return RmClient(emulator.root_config("acme"))


def _grant(emulator: RunningEmulator, uid: str) -> Any:
    request = ecr_models.GrantInstanceToExpressConnectRouterRequest(
        ecr_id="ecr-doesnotexist0",
        ecr_owner_ali_uid=uid,
        instance_id="vpc-none",
        instance_type="VPC",  # type: ignore[arg-type]
        instance_region_id="cn-hangzhou",
    )
    return EcrClient(emulator.root_config("acme")).grant_instance_to_express_connect_router(request)


def _assume(emulator: RunningEmulator, session: str) -> Any:
    request = sts_models.AssumeRoleRequest(role_arn=f"acs:ram::{ACME}:role/ops", role_session_name=session)
    return StsClient(emulator.root_config("acme")).assume_role(request)


ENTITIES: dict[str, Entity] = {
    "user": Entity(
        "UserName",
        lambda emu, name: _ram(emu).create_user(ram_models.CreateUserRequest(user_name=name)),
        lambda name: _check("RamUser", "name", {"name": name}),
    ),
    "group": Entity(
        "GroupName",
        lambda emu, name: _ram(emu).create_group(ram_models.CreateGroupRequest(group_name=name)),
        lambda name: _check("RamGroup", "name", {"name": name}),
    ),
    "role": Entity(
        "RoleName",
        lambda emu, name: _ram(emu).create_role(
            ram_models.CreateRoleRequest(role_name=name, assume_role_policy_document=json.dumps(TRUST))
        ),
        lambda name: _check("RamRole", "name", {"name": name, "trustedServices": ["ecs.aliyuncs.com"]}),
    ),
    "policy": Entity(
        "PolicyName",
        lambda emu, name: _ram(emu).create_policy(
            ram_models.CreatePolicyRequest(policy_name=name, policy_document=json.dumps(POLICY))
        ),
        lambda name: _check("RamPolicy", "name", {"name": name, "document": POLICY}),
    ),
    "resource group name": Entity(
        "Name",
        lambda emu, name: _rm(emu).create_resource_group(
            rm_models.CreateResourceGroupRequest(name=name, display_name="Net")
        ),
        lambda name: _check("ResourceGroup", "name", {"name": name}),
    ),
    "resource group display name": Entity(
        "DisplayName",
        lambda emu, name: _rm(emu).create_resource_group(
            rm_models.CreateResourceGroupRequest(name="net", display_name=name)
        ),
        lambda name: _check("ResourceGroup", "displayName", {"name": "net", "displayName": name}),
    ),
    "session name": Entity(
        "RoleSessionName",
        _assume,
        lambda name: _check_config(
            "assumeRole", {"assumeRole": {"roleArn": f"acs:ram::{ACME}:role/ops", "sessionName": name}}
        ),
    ),
    "account uid": Entity(
        "EcrOwnerAliUid",
        _grant,
        lambda uid: _check(
            "EcrGrant",
            "ecrOwnerUid",
            {
                "ecrId": "ecr-abc",
                "ecrOwnerUid": uid,
                "instanceId": "vpc-abc",
                "instanceType": "VPC",
                "instanceRegionId": "cn-hangzhou",
            },
        ),
    ),
}

CASES: list[tuple[str, str, bool]] = [
    # (entity, name, valid by the documented rule)
    ("user", "alice", True),
    ("user", "ops_team.a-1", True),
    ("user", "u" * 64, True),
    ("user", "u" * 65, False),
    ("user", "bad name", False),
    ("user", "bad/name", False),
    ("group", "ops", True),
    ("group", "ops_team", True),
    ("group", "ops.team-1", True),
    ("group", "g" * 64, True),
    ("group", "g" * 65, False),
    ("group", "ops team", False),
    ("group", "ops@team", False),
    ("role", "ops-role.1", True),
    ("role", "r" * 64, True),
    ("role", "r" * 65, False),
    ("role", "ops_role", False),
    ("role", "ops role", False),
    ("policy", "Read-Only-1", True),
    ("policy", "p" * 128, True),
    ("policy", "p" * 129, False),
    ("policy", "read_only", False),
    ("policy", "read.only", False),
    ("resource group name", "net-prod", True),
    ("resource group name", "n" + "x" * 49, True),
    ("resource group name", "n" + "x" * 50, False),
    ("resource group name", "n", False),
    ("resource group name", "9net", False),
    ("resource group name", "net_prod", False),
    ("resource group display name", "Net prod (team A)", True),
    ("resource group display name", "d" * 50, True),
    ("resource group display name", "d" * 51, False),
    ("session name", "deploy@ci_1.x-y", True),
    ("session name", "ab", True),
    ("session name", "a", False),
    ("session name", "s" * 65, False),
    ("session name", "with space", False),
    ("account uid", ACME, True),
    ("account uid", "1234567890123456", True),
    ("account uid", "123", False),
    ("account uid", "12345678901234567", False),
    ("account uid", "1" * 32, False),
]


def emulator_accepts(emulator: RunningEmulator, entity: str, name: str) -> bool:
    """True unless the emulator refuses the value itself (a code naming its parameter, e.g.
    ``InvalidParameter.GroupName.InvalidChars`` or ``IllegalParam.EcrOwnerAliUid``).

    Other refusals (the role or the instance does not exist, a root cannot assume a role) come after the
    value was accepted.
    """
    try:
        ENTITIES[entity].emulator(emulator, name)
    except ClientException as error:
        parts = str(error.code).split(".")
        return not (len(parts) > 1 and parts[1] == ENTITIES[entity].parameter)
    return True


@pytest.mark.parametrize(("entity", "name", "valid"), CASES, ids=[f"{e}:{n[:20]}" for e, n, _ in CASES])
def test_emulator_and_provider_agree_with_the_documented_rule(
    emulator: RunningEmulator, entity: str, name: str, valid: bool
) -> None:
    provider_failures = ENTITIES[entity].provider(name)
    verdicts = {
        "documented": valid,
        "emulator": emulator_accepts(emulator, entity, name),
        "provider": not provider_failures,
    }
    assert set(verdicts.values()) == {valid}, (verdicts, provider_failures)
