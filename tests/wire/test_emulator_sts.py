"""STS on the emulator through the official clients: AssumeRole across accounts (seed 001), identities, expiry."""

from __future__ import annotations

import json

import pytest
from alibabacloud_expressconnectrouter20230901 import models as ecr_models
from alibabacloud_expressconnectrouter20230901.client import Client as EcrClient
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_sts20150401 import models as sts_models
from alibabacloud_sts20150401.client import Client as StsClient

from alicloud_gov.emulator.testing import RunningEmulator
from tests.wire.helpers import fails, user_key

ACME, PARTNER = "1000000000000001", "2000000000000002"
ROLE_ARN = f"acs:ram::{ACME}:role/PartnerNetOps"


def trust(*principals: str, condition: dict[str, object] | None = None) -> str:
    """A trust policy letting these RAM principals assume the role."""
    statement: dict[str, object] = {
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Principal": {"RAM": list(principals)},
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "1", "Statement": [statement]})


def make_role(
    emulator: RunningEmulator, trust_policy: str, policy: str = "AliyunRAMReadOnlyAccess", **extra: object
) -> None:
    """Seed 001 steps 1-2: account A creates the role and grants it a policy."""
    ram_a = RamClient(emulator.root_config("acme"))
    ram_a.create_role(
        ram_models.CreateRoleRequest(role_name="PartnerNetOps", assume_role_policy_document=trust_policy, **extra)
    )
    ram_a.attach_policy_to_role(
        ram_models.AttachPolicyToRoleRequest(role_name="PartnerNetOps", policy_name=policy, policy_type="System")
    )


def make_user(emulator: RunningEmulator, account: str, name: str, *policies: str) -> tuple[str, str]:
    """Seed 001 steps 3-4: a RAM user with an AccessKey and these system policies; returns the key pair."""
    return user_key(emulator, name, *(("System", policy) for policy in policies), account=account)


def assume(emulator: RunningEmulator, key: tuple[str, str], **fields: object) -> sts_models.AssumeRoleResponseBody:
    """AssumeRole with a key pair; defaults to the seed role and a valid session name."""
    request = {"role_arn": ROLE_ARN, "role_session_name": "partner-session", **fields}
    return StsClient(emulator.config(*key)).assume_role(sts_models.AssumeRoleRequest(**request)).body


def test_seed_001_partner_user_assumes_role_in_acme(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    body = assume(emulator, key, duration_seconds=1800)
    credentials = body.credentials
    assert credentials.access_key_id.startswith("STS.")
    assert credentials.expiration.endswith("Z")
    assert body.assumed_role_user.arn == f"acs:ram::{ACME}:assumed-role/PartnerNetOps/partner-session"
    session = emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    identity = StsClient(session).get_caller_identity().body
    assert (identity.account_id, identity.identity_type) == (ACME, "AssumedRoleUser")
    assert identity.arn == body.assumed_role_user.arn
    assert identity.principal_id == body.assumed_role_user.assumed_role_id
    # the role's policy (RAM read-only in A) allows reads in account A, not writes
    ram_as_role = RamClient(session)
    assert ram_as_role.list_roles(ram_models.ListRolesRequest()).body.roles.role[0].role_name == "PartnerNetOps"
    error = fails(lambda: ram_as_role.create_user(ram_models.CreateUserRequest(user_name="x")), "NoPermission", 403)
    detail = error.data["AccessDeniedDetail"]
    assert detail["AuthAction"] == "ram:CreateUser"
    assert detail["NoPermissionType"] == "ImplicitDeny"
    assert detail["AuthPrincipalType"] == "AssumedRoleUser"
    assert detail["AuthPrincipalOwnerId"] == ACME


def test_seed_001_denied_without_assume_role_permission(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    key = make_user(emulator, "partner", "netops")
    error = fails(lambda: assume(emulator, key), "NoPermission", 403)
    assert error.data["AccessDeniedDetail"]["AuthAction"] == "sts:AssumeRole"


def test_seed_001_denied_without_trust(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{ACME}:root"))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    fails(lambda: assume(emulator, key), "NoPermission", 403)


def test_trust_naming_a_specific_user(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:user/alice"))
    alice = make_user(emulator, "partner", "alice", "AliyunSTSAssumeRoleAccess")
    bob = make_user(emulator, "partner", "bob", "AliyunSTSAssumeRoleAccess")
    assert assume(emulator, alice).credentials.security_token
    fails(lambda: assume(emulator, bob), "NoPermission", 403)


def test_trust_condition_on_external_id(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root", condition={"StringEquals": {"sts:ExternalId": "abc123"}}))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    fails(lambda: assume(emulator, key), "NoPermission", 403)
    fails(lambda: assume(emulator, key, external_id="wrong"), "NoPermission", 403)
    assert assume(emulator, key, external_id="abc123").credentials.access_key_id


def test_root_cannot_assume_a_role(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    partner = emulator.account("partner")
    fails(lambda: assume(emulator, (partner.access_key_id, partner.access_key_secret)), "NoPermission", 403)


@pytest.mark.parametrize(
    ("fields", "code", "status"),
    [
        ({"role_session_name": "a"}, "InvalidParameter.RoleSessionName", 400),
        ({"role_session_name": "has space"}, "InvalidParameter.RoleSessionName", 400),
        ({"role_session_name": "x" * 65}, "InvalidParameter.RoleSessionName", 400),
        ({"duration_seconds": 899}, "InvalidParameter.DurationSeconds", 400),
        ({"duration_seconds": 3601}, "InvalidParameter.DurationSeconds", 400),
        ({"role_arn": "acs:ram::1000000000000001:user/x"}, "InvalidParameter.RoleArn", 400),
        ({"role_arn": f"acs:ram::{ACME}:role/Missing"}, "EntityNotExist.Role", 404),
        ({"policy": "{nope"}, "InvalidParameter.PolicyGrammar", 400),
    ],
)
def test_assume_role_validation(emulator: RunningEmulator, fields: dict[str, object], code: str, status: int) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    fails(lambda: assume(emulator, key, **fields), code, status)


def test_duration_up_to_max_session_duration(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"), max_session_duration=7200)
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    assert assume(emulator, key, duration_seconds=7200).credentials.access_key_id
    fails(lambda: assume(emulator, key, duration_seconds=7201), "InvalidParameter.DurationSeconds", 400)


def test_session_policy_narrows_the_role(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    narrow = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:GetRole", "Resource": "*"}]})
    credentials = assume(emulator, key, policy=narrow).credentials
    ram = RamClient(
        emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    )
    assert ram.get_role(ram_models.GetRoleRequest(role_name="PartnerNetOps")).body.role.role_name == "PartnerNetOps"
    fails(lambda: ram.list_roles(ram_models.ListRolesRequest()), "NoPermission", 403)


def test_credentials_expire(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    credentials = assume(emulator, key, duration_seconds=900).credentials
    sts = StsClient(
        emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    )
    assert sts.get_caller_identity().body.account_id == ACME
    emulator.advance_clock(901)
    fails(lambda: sts.get_caller_identity(), "InvalidSecurityToken.Expired", 400)


def test_temporary_credentials_need_their_token(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"))
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    credentials = assume(emulator, key).credentials
    without = StsClient(emulator.config(credentials.access_key_id, credentials.access_key_secret))
    fails(lambda: without.get_caller_identity(), "MissingSecurityToken", 400)
    wrong = StsClient(emulator.config(credentials.access_key_id, credentials.access_key_secret, "CAISwrong"))
    fails(lambda: wrong.get_caller_identity(), "InvalidSecurityToken.Mismatch", 400)


def test_caller_identity_of_root_and_user(emulator: RunningEmulator) -> None:
    root = StsClient(emulator.root_config("acme")).get_caller_identity().body
    assert (root.account_id, root.arn, root.identity_type, root.principal_id) == (
        ACME,
        f"acs:ram::{ACME}:root",
        "Account",
        ACME,
    )
    key = make_user(emulator, "acme", "hank")
    user = StsClient(emulator.config(*key)).get_caller_identity().body
    user_id = (
        RamClient(emulator.root_config("acme")).get_user(ram_models.GetUserRequest(user_name="hank")).body.user.user_id
    )
    assert (user.arn, user.identity_type, user.user_id, user.principal_id) == (
        f"acs:ram::{ACME}:user/hank",
        "RAMUser",
        user_id,
        user_id,
    )


def test_role_session_can_chain_into_another_role(emulator: RunningEmulator) -> None:
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"), policy="AliyunSTSAssumeRoleAccess")
    ram_a = RamClient(emulator.root_config("acme"))
    ram_a.create_role(
        ram_models.CreateRoleRequest(
            role_name="Inner", assume_role_policy_document=trust(f"acs:ram::{ACME}:role/PartnerNetOps")
        )
    )
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    outer = assume(emulator, key).credentials
    session = (outer.access_key_id, outer.access_key_secret)
    inner = (
        StsClient(emulator.config(*session, outer.security_token))
        .assume_role(sts_models.AssumeRoleRequest(role_arn=f"acs:ram::{ACME}:role/inner", role_session_name="hop"))
        .body
    )
    assert inner.assumed_role_user.arn == f"acs:ram::{ACME}:assumed-role/Inner/hop"


def test_seed_001_partner_reads_express_connect_router_in_acme(emulator: RunningEmulator) -> None:
    """Seed 001 end to end: B's user, with AliyunSTSAssumeRoleAccess, assumes A's role and reads A's ECR."""
    ecr_a = EcrClient(emulator.root_config("acme"))
    created = ecr_a.create_express_connect_router(
        ecr_models.CreateExpressConnectRouterRequest(name="core", alibaba_side_asn=45104)
    )
    ecr_id = created.body.ecr_id
    make_role(emulator, trust(f"acs:ram::{PARTNER}:root"), policy="AliyunExpressConnectReadOnlyAccess")
    key = make_user(emulator, "partner", "netops", "AliyunSTSAssumeRoleAccess")
    credentials = assume(emulator, key).credentials
    ecr_as_role = EcrClient(
        emulator.config(credentials.access_key_id, credentials.access_key_secret, credentials.security_token)
    )
    listed = ecr_as_role.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest()).body
    assert [ecr.ecr_id for ecr in listed.ecr_list] == [ecr_id]
    one = ecr_as_role.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest(ecr_id=ecr_id))
    assert one.body.ecr_list[0].name == "core"
    error = fails(
        lambda: ecr_as_role.create_express_connect_router(ecr_models.CreateExpressConnectRouterRequest(name="x")),
        "NoPermission",
        403,
    )
    assert error.data["AccessDeniedDetail"]["AuthAction"] == "expressconnectrouter:CreateExpressConnectRouter"
    # the partner user's own credentials carry no Express Connect permission at all
    ecr_as_user = EcrClient(emulator.config(*key))
    fails(
        lambda: ecr_as_user.describe_express_connect_router(ecr_models.DescribeExpressConnectRouterRequest()),
        "NoPermission",
        403,
    )
