"""Helpers shared by the e2e tests that deploy to the emulator: accounts, clients, config, leftovers."""

from __future__ import annotations

from alicloud_gov.cloud import Cloud, CloudConfig, StaticCredentials
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject

ACME_UID = "1000000000000001"
PARTNER_UID = "2000000000000002"

EMPTY: dict[str, list[str]] = {
    "users": [],
    "groups": [],
    "roles": [],
    "policies": [],
    "resource groups": [],
    "rg attachments": [],
}
"""What :func:`leftovers` returns for an account a stack left clean."""


def root_cloud(emulator: RunningEmulator, uid: str = ACME_UID) -> Cloud:
    """The project's cloud client signed with an account's root AccessKey (no retries: tests see every error)."""
    account = emulator.account(uid)
    credentials = StaticCredentials(account.access_key_id, account.access_key_secret)
    return Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=credentials, max_attempts=1))


def configure_provider(project: PulumiProject, emulator: RunningEmulator, uid: str = ACME_UID) -> None:
    """Point the stack's default provider at the emulator with an account's root keys (the secret as a secret)."""
    account = emulator.account(uid)
    project.set_config("alicloud-gov:endpoint", emulator.endpoint)
    project.set_config("alicloud-gov:accessKeyId", account.access_key_id)
    project.set_config("alicloud-gov:accessKeySecret", account.access_key_secret, secret=True)


def leftovers(cloud: Cloud) -> dict[str, list[str]]:
    """Every RAM and ResourceManager entity a stack could leave behind in one account."""
    groups = cloud.resourcemanager.list_all("ListResourceGroups", {}, items="ResourceGroups.ResourceGroup")
    attachments = cloud.resourcemanager.list_all(
        "ListPolicyAttachments", {}, items="PolicyAttachments.PolicyAttachment"
    )
    return {
        "users": [u["UserName"] for u in cloud.ram.list_all("ListUsers", {}, items="Users.User")],
        "groups": [g["GroupName"] for g in cloud.ram.list_all("ListGroups", {}, items="Groups.Group")],
        "roles": [r["RoleName"] for r in cloud.ram.list_all("ListRoles", {}, items="Roles.Role")],
        "policies": [
            p["PolicyName"]
            for p in cloud.ram.list_all("ListPolicies", {"PolicyType": "Custom"}, items="Policies.Policy")
        ],
        "resource groups": [g["Name"] for g in groups if g.get("Status") != "PendingDelete" and g["Name"] != "default"],
        "rg attachments": [a["PolicyName"] for a in attachments],
    }


def settle(emulator: RunningEmulator) -> None:
    """Move emulator time past its consistency and transition delays (a no-op without them): every write so far
    is visible and every transitional state final, as after waiting on the real cloud."""
    config = emulator.emulator.faults.config
    delay = max(config.consistency_delay_ms, config.transition_delay_ms)
    if delay:
        emulator.advance_clock(delay / 1000.0 + 0.5)
