"""A misspelled system policy name fails `pulumi preview` naming the resource and the field, and `pulumi up`
creates nothing (issue 10: it used to create the user, then fail on the attachment, half-applied)."""

from __future__ import annotations

from collections.abc import Callable

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject
from tests.e2e.emulator_helpers import EMPTY, configure_provider, leftovers, root_cloud

PROGRAM = """
import alicloud_gov.resources as gov

user = gov.RamUser("alice")
for label, policy in (("admin", "AdministratorAccess"), ("vpc", "AliyunVPCReadOnlyAcess"),
                      ("ecs", "AliyunECSReadOnlyAccess")):
    gov.PolicyAttachment(f"alice-{label}", principal_type="user", principal_name=user.name,
                         policy_name=policy, policy_type="System")
"""


def test_preview_fails_on_a_misspelled_system_policy_and_up_creates_nothing(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("unknown-system-policy", PROGRAM)
    configure_provider(project, cloud_emulator)
    preview = project.run("preview", "--non-interactive", check=False)
    output = preview.stdout + preview.stderr
    assert preview.returncode != 0, output
    assert "alice-vpc" in output and "policyName" in output and "UNKNOWN_SYSTEM_POLICY" in output, output
    assert "did you mean AliyunVPCReadOnlyAccess" in output, output
    for real in ("alice-ecs", "alice-admin"):  # real system policies pass
        assert f"resource '{real}'" not in output, output

    up = project.run("up", "--yes", "--non-interactive", check=False)
    assert up.returncode != 0, up.stdout + up.stderr
    assert leftovers(root_cloud(cloud_emulator)) == EMPTY  # the user was not created
