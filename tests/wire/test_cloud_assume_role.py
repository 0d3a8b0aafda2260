"""Seed 001 over the wire: account A's role trusts account B; B's RAM user assumes it through alibabacloud-credentials.

Account A (acme) creates a RAM role trusting account B (partner) and grants it
AliyunExpressConnectFullAccess; account B creates a RAM user with AliyunSTSAssumeRoleAccess and an
AccessKey. That user then works in account A with temporary credentials that the library's RamRoleArn
provider gets from the emulator's STS (over http) and refreshes within 15 minutes of their expiry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alicloud_gov.cloud import AssumeRoleCredentials, Cloud, CloudConfig, ProfileCredentials, StaticCredentials
from alicloud_gov.cloud.errors import AccessDenied

ACME = ("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
PARTNER = ("LTAI5tPartnerRootKey02", "PartnerRootSecret02demo")
ACME_UID, PARTNER_UID = "1000000000000001", "2000000000000002"
ROLE_ARN = f"acs:ram::{ACME_UID}:role/partner-ecr-ops"


def _cloud(emulator: Any, credentials: Any) -> Cloud:
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=credentials))


def _seed_001(emulator: Any, *, grant_sts: bool = True) -> StaticCredentials:
    """Both accounts' steps; returns the AccessKey of B's RAM user."""
    acme = _cloud(emulator, StaticCredentials(*ACME))
    trust = {
        "Version": "1",
        "Statement": [
            {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": [f"acs:ram::{PARTNER_UID}:root"]}}
        ],
    }
    acme.ram.call(
        "CreateRole",
        {"RoleName": "partner-ecr-ops", "AssumeRolePolicyDocument": json.dumps(trust), "MaxSessionDuration": 3600},
    )
    acme.ram.call(
        "AttachPolicyToRole",
        {"PolicyType": "System", "PolicyName": "AliyunExpressConnectFullAccess", "RoleName": "partner-ecr-ops"},
    )
    partner = _cloud(emulator, StaticCredentials(*PARTNER))
    partner.ram.call("CreateUser", {"UserName": "ops-bob"})
    if grant_sts:
        partner.ram.call(
            "AttachPolicyToUser",
            {"PolicyType": "System", "PolicyName": "AliyunSTSAssumeRoleAccess", "UserName": "ops-bob"},
        )
    key = partner.ram.call("CreateAccessKey", {"UserName": "ops-bob"})["AccessKey"]
    return StaticCredentials(key["AccessKeyId"], key["AccessKeySecret"])


def test_partner_user_works_in_account_a_through_the_role(emulator: Any) -> None:
    bob = _cloud(emulator, _seed_001(emulator))
    assert bob.caller_identity()["AccountId"] == PARTNER_UID
    as_role = bob.assume_role(ROLE_ARN, "bob-session", duration_seconds=900)
    identity = as_role.caller_identity()
    assert identity["AccountId"] == ACME_UID
    assert identity["IdentityType"] == "AssumedRoleUser"
    assert identity["Arn"] == f"acs:ram::{ACME_UID}:assumed-role/partner-ecr-ops/bob-session"
    assert isinstance(as_role.credentials, AssumeRoleCredentials)
    assert as_role.credentials.get().source == "ram_role_arn/static_ak"


def test_credentials_are_refreshed_before_they_expire(emulator: Any) -> None:
    """The library renews a session on the first request within 15 minutes of its expiry (RefreshCachedSupplier's
    stale time), and keeps a longer one: a 900-second session is renewed at every call, a 3600-second one is not."""
    bob_key = _seed_001(emulator)
    short = _cloud(emulator, AssumeRoleCredentials(bob_key, ROLE_ARN, "bob-refresh", duration_seconds=900))
    short.caller_identity()
    first = short.credentials.get()
    assert first.security_token and first.access_key_id != bob_key.access_key_id
    assert short.caller_identity()["AccountId"] == ACME_UID
    second = short.credentials.get()
    assert second.access_key_id != first.access_key_id

    long = _cloud(emulator, AssumeRoleCredentials(bob_key, ROLE_ARN, "bob-cached", duration_seconds=3600))
    assert long.credentials.get().access_key_id == long.credentials.get().access_key_id

    # Past the expiry on the emulator's side: the old token is refused; the short session has moved on.
    emulator.advance_clock(901)
    old_token = StaticCredentials(second.access_key_id, second.access_key_secret, second.security_token)
    with pytest.raises(AccessDenied) as expired:
        _cloud(emulator, old_token).caller_identity()
    assert expired.value.code == "InvalidSecurityToken.Expired"
    assert short.caller_identity()["AccountId"] == ACME_UID


def test_user_without_sts_permission_is_denied(emulator: Any) -> None:
    bob = _cloud(emulator, _seed_001(emulator, grant_sts=False))
    with pytest.raises(AccessDenied) as info:
        bob.assume_role(ROLE_ARN, "bob-session").caller_identity()
    assert info.value.code == "NoPermission"
    assert info.value.api == "sts:AssumeRole"


def test_root_account_cannot_assume_roles(emulator: Any) -> None:
    _seed_001(emulator)
    partner_root = _cloud(emulator, StaticCredentials(*PARTNER))
    with pytest.raises(AccessDenied):
        partner_root.assume_role(ROLE_ARN, "root-session").caller_identity()


def test_cli_profile_in_ram_role_arn_mode(emulator: Any, tmp_path: Path) -> None:
    bob_key = _seed_001(emulator)
    bob = bob_key.get()
    config = {
        "current": "acme-ops",
        "profiles": [
            {
                "name": "acme-ops",
                "mode": "RamRoleArn",
                "access_key_id": bob.access_key_id,
                "access_key_secret": bob.access_key_secret,
                "ram_role_arn": ROLE_ARN,
                "ram_session_name": "from-profile",
                "expired_seconds": 900,
            }
        ],
    }
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    cloud = _cloud(emulator, ProfileCredentials(path=path, environ={}))
    identity = cloud.caller_identity()
    assert identity["Arn"] == f"acs:ram::{ACME_UID}:assumed-role/partner-ecr-ops/from-profile"
    assert bob.access_key_secret not in repr(cloud)
