"""``check`` and ``plan`` read the stack asked for, on a real backend: its config, its secrets (decrypted by the
Pulumi CLI with the stack's passphrase), the stack selected in the workspace, and an error naming the stacks
that exist for one that does not (issue 11, item 1)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from alicloud_gov.toolchain import run_pulumi, venv_bin

STACKS = Path(__file__).parents[1] / "data" / "programs" / "stacks"
PLAN_ERROR, CHECK_FINDINGS = 1, 1  # README.md, "Exit codes"


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv_bin() / "alicloud-gov"), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def codes(result: subprocess.CompletedProcess[str]) -> set[tuple[str, str | None]]:
    return {(f["code"], f["resource"]) for f in json.loads(result.stdout)["findings"]}


def test_check_and_plan_read_the_stack_asked_for(tmp_path: Path, pulumi_environment: dict[str, str]) -> None:
    project = tmp_path / "stacks"
    shutil.copytree(STACKS, project)
    env = pulumi_environment
    for stack in ("dev", "prod", "staging", "bare"):
        run_pulumi(["stack", "init", stack, "--non-interactive"], cwd=project, env=env)
    # staging: the admin switch is a secret, so only its decrypted value turns the policy into an admin one.
    run_pulumi(["config", "set", "--secret", "admin", "true", "--stack", "staging"], cwd=project, env=env)
    account = ["config", "set", "alicloud-gov:accountId", "1000000000000001", "--stack", "staging"]
    run_pulumi(account, cwd=project, env=env)  # whose principals gain access
    assert "secure:" in (project / "Pulumi.staging.yaml").read_text()

    staging = cli("check", str(project), "--stack", "staging", "--format", "json", env=env)
    assert staging.returncode == CHECK_FINDINGS, staging.stderr
    assert ("FULL_ADMIN", "operators") in codes(staging)

    # Without --stack: the stack selected in the workspace (the last one created is selected).
    run_pulumi(["stack", "select", "prod"], cwd=project, env=env)
    selected = cli("check", str(project), "--format", "json", env=env)
    assert selected.returncode == CHECK_FINDINGS, selected.stderr
    assert "stack prod (selected in the workspace)" in selected.stderr
    assert ("FULL_ADMIN", "operators") in codes(selected)

    # A stack the backend has but no stack file (deleted: `stack init` writes one): the project's own config.
    (project / "Pulumi.bare.yaml").unlink()
    bare = cli("check", str(project), "--stack", "bare", "--format", "json", env=env)
    assert bare.returncode == 0, bare.stderr
    assert "in the backend" in bare.stderr

    missing = cli("plan", str(project), "--stack", "nope", env=env)
    assert missing.returncode == PLAN_ERROR, missing.stdout + missing.stderr
    assert "nope" in missing.stderr and "bare, dev, prod, staging" in missing.stderr
    assert "to create" not in missing.stdout

    # plan of a stack that exists runs with its config and secrets: staging's admin policy is new access.
    planned = cli("plan", str(project), "--stack", "staging", "--deny-new-access", "--format", "json", env=env)
    assert planned.returncode == 3, planned.stdout + planned.stderr
    gained = {g["action"] for d in json.loads(planned.stdout)["permission_delta"] for g in d["gained"]}
    assert "*" in gained
