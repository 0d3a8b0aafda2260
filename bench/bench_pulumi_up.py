"""`pulumi up` of N RAM users through the provider plugin against the emulator, versus a plain SDK script.

For each size (100 and 500 by default) the benchmark starts a fresh emulator, then:

* ours: a Pulumi Python program declaring N ``RamUser`` resources, deployed with the real ``pulumi up``
  (engine, language host, provider plugin, diff engine, retries and read-after-write waits included);
* peer: a plain script creating the same N users with the official RAM SDK, one call after another.

The ratio (ours / peer wall time) is the whole overhead of doing it declaratively. ``pulumi destroy`` is
timed too, for information. Run: ``make bench`` or ``.venv/bin/python bench/bench_pulumi_up.py [--sizes 100,500]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient

from alicloud_gov.emulator.testing import RunningEmulator, start_emulator
from alicloud_gov.toolchain import PulumiProject, pulumi_env, select_stack, write_python_project

ACME_UID = "1000000000000001"
PROGRAM = """
import pulumi
import alicloud_gov.resources as gov

for index in range(int(pulumi.Config().require("users"))):
    gov.RamUser(f"user-{index}", name=f"bench-user-{index}", display_name=f"Bench user {index}")
"""


def deploy_with_pulumi(emulator: RunningEmulator, size: int, workdir: Path) -> tuple[float, float]:
    """Seconds for ``pulumi up`` and ``pulumi destroy`` of ``size`` users."""
    env = pulumi_env(workdir / "state")
    project_dir = write_python_project(workdir / "project", "bench-up", PROGRAM)
    select_stack("bench", cwd=project_dir, env=env)
    project = PulumiProject(directory=project_dir, env=env, stack="bench")
    account = emulator.account(ACME_UID)
    project.set_config("users", str(size))
    project.set_config("alicloud-gov:endpoint", emulator.endpoint)
    project.set_config("alicloud-gov:accessKeyId", account.access_key_id)
    project.set_config("alicloud-gov:accessKeySecret", account.access_key_secret, secret=True)
    start = time.perf_counter()
    project.up()
    up_seconds = time.perf_counter() - start
    start = time.perf_counter()
    project.destroy()
    return up_seconds, time.perf_counter() - start


def create_with_sdk(emulator: RunningEmulator, size: int) -> float:
    """Seconds for a plain official-SDK script creating ``size`` users."""
    ram = RamClient(emulator.root_config(ACME_UID))
    start = time.perf_counter()
    for index in range(size):
        ram.create_user(ram_models.CreateUserRequest(user_name=f"sdk-user-{index}", display_name=f"Bench user {index}"))
    return time.perf_counter() - start


def main() -> None:
    """Run both contenders at each size and report the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500", help="comma-separated resource counts")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as scratch, start_emulator() as emulator:
            up_seconds, destroy_seconds = deploy_with_pulumi(emulator, size, Path(scratch))
            sdk_seconds = create_with_sdk(emulator, size)
        rows.append(
            {
                "resources": size,
                "pulumi_up_s": round(up_seconds, 2),
                "pulumi_destroy_s": round(destroy_seconds, 2),
                "sdk_script_s": round(sdk_seconds, 2),
                "ratio_up_over_sdk": round(up_seconds / sdk_seconds, 2),
            }
        )
    print(f"{'resources':>10}{'pulumi up s':>14}{'destroy s':>12}{'SDK script s':>15}{'ratio':>8}")
    for row in rows:
        print(
            f"{row['resources']:>10}{row['pulumi_up_s']:>14}{row['pulumi_destroy_s']:>12}"
            f"{row['sdk_script_s']:>15}{row['ratio_up_over_sdk']:>8}"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "pulumi_up.json").write_text(json.dumps({"benchmark": "pulumi_up", "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
