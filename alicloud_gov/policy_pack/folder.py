"""Write a CrossGuard pack folder that runs the installed alicloud-gov checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from alicloud_gov import __version__

MAIN_PROGRAM = '''"""The alicloud-gov CrossGuard pack (written by `alicloud-gov policy-pack`)."""

from alicloud_gov.policy_pack.pack import serve

serve()
'''


PACK_MODULE = "alicloud_gov.policy_pack.pack"
"""What the pack folder's ``__main__.py`` imports: alicloud-gov and, through it, pulumi-policy."""
IMPORT_TIMEOUT_SECONDS = 60.0


def environment_python(virtualenv: Path) -> Path | None:
    """The Python of a virtualenv (``bin/python``, ``Scripts/python.exe`` on Windows), None when it has none."""
    for candidate in (virtualenv / "bin" / "python", virtualenv / "Scripts" / "python.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def pack_environment_problem(virtualenv: Path) -> str | None:
    """Why the pack cannot run in ``virtualenv`` (no Python there, or its Python cannot import the pack), or None."""
    python = environment_python(virtualenv)
    if python is None:
        return f"{virtualenv}: no Python in it (bin/python): not a virtualenv"
    try:
        result = subprocess.run(
            [str(python), "-c", f"import {PACK_MODULE}"],
            cwd=virtualenv,  # not the caller's folder: a source tree there must not stand in for an install
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{virtualenv}: its Python could not be run ({error})"
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines()
    reason = lines[-1] if lines else f"exit {result.returncode}"
    return f"{virtualenv}: the pack cannot run there ({reason}); install alicloud-gov in it (it brings pulumi-policy)"


def write_pack(directory: Path, virtualenv: Path | None = None) -> Path:
    """Write ``PulumiPolicy.yaml`` and ``__main__.py`` into ``directory``; the pack runs in ``virtualenv``
    (default: the environment alicloud-gov is installed in), so the engine needs no install step.

    Raises :class:`ValueError` (nothing written) when the pack cannot run in ``virtualenv``.
    """
    environment = virtualenv or Path(sys.prefix)
    problem = pack_environment_problem(environment)
    if problem:
        raise ValueError(problem)
    directory.mkdir(parents=True, exist_ok=True)
    settings = {
        "description": "alicloud-gov access checks: every finding code is a policy",
        "runtime": {"name": "python", "options": {"virtualenv": str(environment)}},
        "version": __version__,
    }
    (directory / "PulumiPolicy.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    (directory / "__main__.py").write_text(MAIN_PROGRAM)
    return directory
