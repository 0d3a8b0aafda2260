"""`pulumi preview --diff` shows a policy's list elements as added and removed members (issue 11, item 6).

The real CLI renders the provider's detailedDiff; one action inserted in the middle of a list must read as one
added member, in the user's spelling, not as a positional change of every later entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject
from tests.e2e.emulator_helpers import configure_provider

PROGRAM = """
import pulumi
import alicloud_gov as gov

actions = ["ecs:DescribeInstances", "ecs:DescribeDisks", "ecs:DescribeImages", "ecs:DescribeRegions"]
if pulumi.Config().get_bool("more"):
    actions.insert(1, "ECS:DescribeSnapshots")
gov.RamPolicy(
    "ecs-read",
    name="ecs-read",
    document={"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]},
)
"""


def test_an_inserted_action_previews_as_one_added_member(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator
) -> None:
    project = pulumi_project("diffshow", PROGRAM)
    configure_provider(project, cloud_emulator)
    project.up()
    project.set_config("more", "true")
    output = project.run("preview", "--non-interactive", "--diff").stdout
    assert re.search(r'\+ \[1\]: "ECS:DescribeSnapshots"', output), output
    assert not re.search(r"~ \[\d\]: \"", output), output  # no positional shift of the later actions
    assert "ecs:DescribeDisks" not in output, output  # unchanged members are not repeated
