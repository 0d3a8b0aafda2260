"""CrossGuard with the real Pulumi CLI: a mandatory violation fails the preview, an advisory one warns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.policy_pack.folder import write_pack
from alicloud_gov.toolchain import PulumiProject

PROGRAM = """
import alicloud_gov.resources as gov

everything = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
gov.RamPolicy("everything", document=everything)
"""


def test_mandatory_fails_and_advisory_warns(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator, tmp_path: Path
) -> None:
    project = pulumi_project("crossguard", PROGRAM)
    account = cloud_emulator.account("1000000000000001")
    project.set_config("alicloud-gov:endpoint", cloud_emulator.endpoint)
    project.set_config("alicloud-gov:accessKeyId", account.access_key_id)
    project.set_config("alicloud-gov:accessKeySecret", account.access_key_secret, secret=True)
    pack = write_pack(tmp_path / "pack")

    failed = project.run("preview", "--non-interactive", "--policy-pack", str(pack), check=False)
    assert failed.returncode != 0
    output = failed.stdout + failed.stderr
    assert "full-admin" in output and "mandatory" in output

    levels = tmp_path / "levels.json"
    levels.write_text(json.dumps({"full-admin": "advisory"}))
    warned = project.run(
        "preview", "--non-interactive", "--policy-pack", str(pack), "--policy-pack-config", str(levels), check=False
    )
    output = warned.stdout + warned.stderr
    assert warned.returncode == 0, output
    assert "full-admin" in output and "advisory" in output

    levels.write_text(json.dumps({"full-admin": "disabled"}))
    quiet = project.run(
        "preview", "--non-interactive", "--policy-pack", str(pack), "--policy-pack-config", str(levels), check=False
    )
    assert quiet.returncode == 0
    assert "full-admin" not in quiet.stdout
