"""A Pulumi stack's deployed state for the commands that read it (``plan``, ``simulate``)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def backend_env() -> dict[str, str]:
    """The caller's backend when ``PULUMI_BACKEND_URL`` is set, else the project's offline file backend."""
    from alicloud_gov.toolchain import default_state_dir, pulumi_env

    return dict(os.environ) if os.environ.get("PULUMI_BACKEND_URL") else pulumi_env(default_state_dir())


def deployed_export(project_dir: Path, stack: str, state_file: Path | None = None) -> dict[str, Any]:
    """The stack's deployment: from ``state_file`` (a ``pulumi stack export``), else the backend.

    The backend is the caller's ``PULUMI_BACKEND_URL`` when set, otherwise the project's offline file backend
    (see :mod:`alicloud_gov.toolchain`). Raises :class:`~alicloud_gov.cli.stacks.StackNotFoundError` when the
    backend has no such stack (naming those it has).
    """
    if state_file is not None:
        loaded: dict[str, Any] = json.loads(state_file.read_text())
        return loaded
    from alicloud_gov.cli.stacks import StackNotFoundError, backend_stacks
    from alicloud_gov.toolchain import PulumiCommandError, run_pulumi

    env = backend_env()
    try:
        result = run_pulumi(["stack", "export", "--stack", stack], cwd=project_dir, env=env)
    except PulumiCommandError as err:
        if "no stack named" in err.stderr.lower():
            known = backend_stacks(project_dir).names
            listed = f"stacks: {', '.join(sorted(known))}" if known else "it has no stacks of this project"
            raise StackNotFoundError(f"{project_dir}: the backend has no stack {stack!r} ({listed})") from None
        raise
    exported: dict[str, Any] = json.loads(result.stdout or "{}")
    return exported


def refreshed_export(project_dir: Path, stack: str, state_file: Path | None = None) -> dict[str, Any]:
    """The deployed state refreshed with live reads from the cloud, leaving the stack's own state untouched.

    The deployment is imported into a scratch file backend (same project, same stack config and secrets
    passphrase), refreshed there by the real engine and provider plugin, and exported again.
    """
    from alicloud_gov.toolchain import pulumi_env, run_pulumi

    exported = deployed_export(project_dir, stack, state_file)
    if not exported:
        return {}
    config_file = project_dir / f"Pulumi.{stack}.yaml"
    config_before = config_file.read_bytes() if config_file.is_file() else None
    with tempfile.TemporaryDirectory(prefix="alicloud-gov-refresh-") as scratch:
        env = pulumi_env(Path(scratch), base=backend_env())
        export_file = Path(scratch) / "deployment.json"
        export_file.write_text(json.dumps(exported))
        try:
            run_pulumi(["stack", "init", stack, "--non-interactive"], cwd=project_dir, env=env)
            run_pulumi(["stack", "import", "--stack", stack, "--file", str(export_file)], cwd=project_dir, env=env)
            run_pulumi(
                ["refresh", "--stack", stack, "--yes", "--skip-preview", "--non-interactive"], cwd=project_dir, env=env
            )
            result = run_pulumi(["stack", "export", "--stack", stack], cwd=project_dir, env=env)
        finally:
            if config_before is not None and config_file.read_bytes() != config_before:
                config_file.write_bytes(config_before)  # never leave the user's stack config changed
    refreshed: dict[str, Any] = json.loads(result.stdout or "{}")
    return refreshed
