"""An interrupted apply: `pulumi up` killed with -9 mid-apply, then a rerun and a destroy.

The emulator answers every call after a realistic delay, so that the kill lands while creates are in flight.
Then: every process the killed run started (the provider plugin, the language host, the program) is gone within
a few seconds and the number of users stops growing; after `pulumi cancel` (the killed run's stack lock) the
rerun converges (Pulumi v3.274 keeps the pending CREATE
operations and creates those resources again; each create adopts its own earlier attempt); destroy leaves nothing.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from alicloud_gov.emulator.services.ram.backend import KIND_USER
from alicloud_gov.emulator.testing import RunningEmulator
from alicloud_gov.toolchain import PulumiProject, find_pulumi
from tests.e2e.emulator_helpers import ACME_UID, EMPTY, configure_provider, leftovers, root_cloud

USERS = 30
PROGRAM = f"""
import alicloud_gov as gov

for number in range({USERS}):
    gov.RamUser(f"rk-user-{{number}}", name=f"rk-user-{{number}}", comments="interrupted-apply test")
"""
LATENCY_MS = 300
"""Per call: about what RAM answers in a real region; a user's create (CreateUser, GetUser) takes ~0.6 s."""
KILL_AT = 8
"""Users created when `pulumi up` is killed: well into the apply, far from its end."""
STOP_WITHIN_SECONDS = 5.0
"""How soon after the kill every process of the run must be gone."""


def _process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state letter) of every process, from /proc."""
    table: dict[int, tuple[int, str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), fields[0])
    return table


def _descendants(root: int) -> set[int]:
    """Every process below ``root`` now."""
    table = _process_table()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, (parent, _) in table.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> dict[int, str]:
    """The processes of ``pids`` still running (a zombie has exited), with their command lines."""
    table = _process_table()
    alive: dict[int, str] = {}
    for pid in pids:
        if pid in table and table[pid][1] != "Z":
            try:
                alive[pid] = (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()).strip()
            except OSError:
                continue
    return alive


def _user_count(emulator: RunningEmulator) -> int:
    return emulator.emulator.store.count(ACME_UID, KIND_USER)


def test_kill_9_mid_apply_then_rerun_converges_and_destroy_leaves_nothing(
    pulumi_project: Callable[..., PulumiProject], cloud_emulator: RunningEmulator, tmp_path: Path
) -> None:
    project = pulumi_project("interrupted-up", PROGRAM)
    configure_provider(project, cloud_emulator)
    cloud_emulator.set_faults(latency_ms=LATENCY_MS)

    log = (tmp_path / "killed-up.log").open("w")
    command = [str(find_pulumi(project.env["PATH"])), "up", "--yes", "--skip-preview", "--non-interactive"]
    run = subprocess.Popen(
        [*command, "--parallel", "8"],
        cwd=project.directory,
        env=project.env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while _user_count(cloud_emulator) < KILL_AT:
            assert run.poll() is None, f"`pulumi up` ended before the kill: {(tmp_path / 'killed-up.log').read_text()}"
            assert time.monotonic() < deadline, "the apply never reached the kill point"
            time.sleep(0.05)
        started = _descendants(run.pid)
        os.kill(run.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        run.wait()
        at_kill = _user_count(cloud_emulator)
    finally:
        if run.poll() is None:
            run.kill()
        log.close()
    assert started, "the run had started no plugin or language host"

    deadline = time.monotonic() + STOP_WITHIN_SECONDS
    while _alive(started) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _alive(started)
    gone_after = time.monotonic() - killed_at
    for pid in left:  # never leave them running for the next test; the assertion below reports them
        os.kill(pid, signal.SIGKILL)
    assert not left, f"still running {STOP_WITHIN_SECONDS:.0f} s after the kill: {sorted(left.values())}"
    stopped = _user_count(cloud_emulator)
    time.sleep(2 * LATENCY_MS / 1000 + 1)
    assert _user_count(cloud_emulator) == stopped, "users are still being created after the run's processes exited"
    assert stopped < USERS, f"the kill came too late to interrupt anything ({at_kill} at the kill, {stopped} after)"
    print(
        f"users: {at_kill} when `pulumi up` was killed, {stopped} when its {len(started)} processes had exited "
        f"({gone_after:.1f} s after the kill)"
    )

    # The killed run still holds the file backend's stack lock; `pulumi cancel` is Pulumi's way to release it.
    project.run("cancel", "--yes", "--non-interactive")
    rerun = project.up()
    assert "pending operations from previous deployment" in rerun.stdout + rerun.stderr
    cloud = root_cloud(cloud_emulator)
    names = [user["UserName"] for user in cloud.ram.list_all("ListUsers", {}, items="Users.User")]
    assert sorted(names) == sorted(f"rk-user-{number}" for number in range(USERS))

    project.destroy()
    assert _user_count(cloud_emulator) == 0
    assert leftovers(cloud) == EMPTY
