"""A RamAccessKey through the real Pulumi CLI: the secret never reaches the state, the outputs or the logs in
plaintext, and changing ``rotation`` replaces the key (issue 14, item 11)."""

from __future__ import annotations

import json
from collections.abc import Callable

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject
from tests.e2e.emulator_helpers import EMPTY, configure_provider, leftovers, root_cloud

PROGRAM = """
import pulumi
import alicloud_gov.resources as gov

robot = gov.RamUser("robot")
key = gov.RamAccessKey("robot-key", user_name=robot.name, rotation=pulumi.Config().get("rotation") or "1")
pulumi.export("keyId", key.access_key_id)
pulumi.export("keySecret", key.access_key_secret)
"""


def test_access_key_secret_stays_encrypted_and_rotation_replaces(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("access-key", PROGRAM)
    configure_provider(project, cloud_emulator)
    cloud = root_cloud(cloud_emulator)

    log = project.up("--diff")
    shown = project.outputs(show_secrets=True)
    secret = shown["keySecret"]
    assert secret and shown["keyId"]
    assert project.outputs()["keySecret"] == "[secret]"
    assert secret not in json.dumps(project.export_state()), "the secret must be encrypted in the state"
    assert secret not in log.stdout + log.stderr

    refreshed = project.run("refresh", "--yes", "--non-interactive", "--diff")
    assert secret not in refreshed.stdout + refreshed.stderr
    assert project.outputs(show_secrets=True)["keySecret"] == secret, "a refresh keeps the secret"

    project.set_config("rotation", "2")
    rotated = project.up("--diff")
    new = project.outputs(show_secrets=True)
    assert new["keyId"] != shown["keyId"] and new["keySecret"] != secret
    assert secret not in rotated.stdout + rotated.stderr and new["keySecret"] not in rotated.stdout + rotated.stderr
    keys = cloud.ram.call("ListAccessKeys", {"UserName": "robot"})["AccessKeys"]["AccessKey"]
    assert [key["AccessKeyId"] for key in keys] == [new["keyId"]], "the old key is deleted after the new one"

    project.destroy()
    assert leftovers(cloud) == EMPTY
