"""Write a CrossGuard pack folder that runs the installed alicloud-gov checks."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from alicloud_gov import __version__

MAIN_PROGRAM = '''"""The alicloud-gov CrossGuard pack (written by `alicloud-gov policy-pack`)."""

from alicloud_gov.policy_pack.pack import serve

serve()
'''


def write_pack(directory: Path, virtualenv: Path | None = None) -> Path:
    """Write ``PulumiPolicy.yaml`` and ``__main__.py`` into ``directory``; the pack runs in ``virtualenv``
    (default: the environment alicloud-gov is installed in), so the engine needs no install step."""
    directory.mkdir(parents=True, exist_ok=True)
    settings = {
        "description": "alicloud-gov access checks: every finding code is a policy",
        "runtime": {"name": "python", "options": {"virtualenv": str(virtualenv or Path(sys.prefix))}},
        "version": __version__,
    }
    (directory / "PulumiPolicy.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    (directory / "__main__.py").write_text(MAIN_PROGRAM)
    return directory
