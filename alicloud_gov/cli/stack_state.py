"""A Pulumi stack's deployed state for the commands that read it (``plan``, ``simulate``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def deployed_export(project_dir: Path, stack: str, state_file: Path | None = None) -> dict[str, Any]:
    """The stack's deployment: from ``state_file`` (a ``pulumi stack export``), else the backend.

    The backend is the caller's ``PULUMI_BACKEND_URL`` when set, otherwise the project's offline file backend
    (see :mod:`alicloud_gov.toolchain`). A stack that does not exist yet is empty.
    """
    if state_file is not None:
        loaded: dict[str, Any] = json.loads(state_file.read_text())
        return loaded
    from alicloud_gov.toolchain import PulumiCommandError, default_state_dir, pulumi_env, run_pulumi

    env = dict(os.environ) if os.environ.get("PULUMI_BACKEND_URL") else pulumi_env(default_state_dir())
    try:
        result = run_pulumi(["stack", "export", "--stack", stack], cwd=project_dir, env=env)
    except PulumiCommandError as err:
        if "no stack named" in str(err).lower() or "not found" in str(err).lower():
            return {}
        raise
    exported: dict[str, Any] = json.loads(result.stdout or "{}")
    return exported
