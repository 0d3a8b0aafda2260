"""What a pipeline sees when something is wrong, through the real Pulumi CLI (issue 11, item 5).

* an example previewed as its README says warns about the plugin found on ``$PATH`` at most once;
* a preview error names the resource, the field and the problem, without a dump of the property's value;
* ``pulumi up`` against an endpoint nobody listens on fails within seconds, naming it, with a line per retry.
"""

from __future__ import annotations

import shutil
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

from alicloud_gov.toolchain import PulumiProject, run_pulumi, select_stack

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PATH_WARNING = "pulumi-resource-alicloud-gov from $PATH"


def test_an_example_warns_about_the_plugin_on_path_at_most_once(
    tmp_path: Path, pulumi_environment: dict[str, str]
) -> None:
    # The example's own folder layout, unmodified: <checkout>/examples/<name> next to <checkout>/.venv.
    checkout = tmp_path / "checkout"
    (checkout / "examples").mkdir(parents=True)
    (checkout / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    project = checkout / "examples" / "seed004-basic-policy"
    shutil.copytree(EXAMPLES / "seed004-basic-policy", project)
    select_stack("dev", cwd=project, env=pulumi_environment)
    done = run_pulumi(["preview", "--non-interactive"], cwd=project, env=pulumi_environment)
    assert (done.stdout + done.stderr).count(PATH_WARNING) <= 1, done.stdout


BAD_POLICY = """
import alicloud_gov as gov

gov.RamPolicy(
    "ops-read",
    name="ops-read",
    document={
        "Version": "1",
        "Statement": [
            {"Sid": "MarkerNotToBeDumped", "Effect": "Allow", "Action": ["ecs:DescribeInstances"], "Resource": "*"},
            {"Effect": "Allwo", "Action": "ram:GetUser", "Resource": "*"},
        ],
    },
)
"""


def test_a_preview_error_names_resource_field_and_problem_without_the_value(
    pulumi_project: Callable[..., PulumiProject],
) -> None:
    project = pulumi_project("badpolicy", BAD_POLICY)
    done = project.run("preview", "--non-interactive", check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "ops-read" in output and "document" in output and "INVALID_EFFECT" in output, output
    assert "MarkerNotToBeDumped" not in output, output  # the rest of the document is not echoed
    assert "map[" not in output, output  # nor the engine's rendering of the whole value


PROGRAM = """
import alicloud_gov as gov

gov.RamUser("alice", name="alice")
"""


def test_up_against_a_dead_endpoint_fails_fast_with_a_line_per_retry(
    pulumi_project: Callable[..., PulumiProject],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    project = pulumi_project("deadend", PROGRAM)
    project.set_config("alicloud-gov:endpoint", f"127.0.0.1:{port}")
    project.set_config("alicloud-gov:accessKeyId", "LTAI5tAcmeRootKey0001")
    project.set_config("alicloud-gov:accessKeySecret", "AcmeRootSecret0001demo", secret=True)
    start = time.monotonic()
    done = project.run("up", "--yes", "--skip-preview", "--non-interactive", check=False)
    elapsed = time.monotonic() - start
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert f"127.0.0.1:{port}" in output and "Connection refused" in output, output
    retries = [line for line in output.splitlines() if "retrying in" in line and "attempt 1 of" in line]
    assert retries, output
    # The engine, the language host and the program take a few seconds of their own; the cloud part is < 5 s.
    assert elapsed < 20.0, f"took {elapsed:.1f} s"
