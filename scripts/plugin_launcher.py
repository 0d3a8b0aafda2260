#!/usr/bin/env python3
"""Launcher of the installable alicloud-gov provider plugin (the archive's ``pulumi-resource-alicloud-gov``).

``scripts/dist.py`` copies this file into the plugin archive under the plugin's executable name, next to
``wheels/`` (alicloud-gov and every dependency, built for one platform) and ``requirements.txt`` (the exact
versions). ``pulumi plugin install`` unpacks the archive into ``$PULUMI_HOME/plugins/resource-alicloud-gov-v<V>/``.

On its first start the launcher makes the plugin's own virtualenv, ``venv/`` in that folder, and installs the
requirements from the bundled wheels without the network (from the package index, with the bundled wheels
preferred, when the interpreter cannot use them, e.g. another Python version). A lock file serialises concurrent
first starts; progress goes to stderr, since the engine reads the plugin's port from stdout. Every later start
replaces this process with the virtualenv's plugin at once.

Environment: ``ALICLOUD_GOV_PLUGIN_PYTHON`` names the interpreter for the virtualenv (default: the one running
this launcher, ``python3`` on PATH, 3.10 or newer); ``ALICLOUD_GOV_PLUGIN_OFFLINE=1`` forbids the index fallback.
Only the standard library is used here.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

EXECUTABLE = "pulumi-resource-alicloud-gov"
MIN_PYTHON = (3, 10)
HERE = Path(__file__).resolve().parent
WHEELS = HERE / "wheels"
REQUIREMENTS = HERE / "requirements.txt"
VENV = HERE / "venv"
READY = VENV / ".alicloud-gov-ready"
LOCK = HERE / ".venv.lock"


def say(message: str) -> None:
    """One line of progress on stderr (the engine shows the plugin's stderr; stdout carries the port)."""
    print(f"{EXECUTABLE}: {message}", file=sys.stderr, flush=True)


def wanted_stamp() -> str:
    """What a finished virtualenv records: the digest of the requirements it was built from."""
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def is_ready() -> bool:
    """True when the virtualenv was completely built from the current requirements."""
    try:
        return READY.read_text().strip() == wanted_stamp()
    except FileNotFoundError:
        return False


def interpreter() -> str:
    """The interpreter to build the virtualenv with; exits with a message when it is too old or missing."""
    chosen = os.environ.get("ALICLOUD_GOV_PLUGIN_PYTHON") or sys.executable
    probe = f"import sys; print(sys.version_info >= {MIN_PYTHON!r})"
    try:
        answer = subprocess.run([chosen, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        sys.exit(f"{EXECUTABLE}: cannot run the Python interpreter {chosen!r}: {error}")
    if answer != "True":
        wanted = ".".join(map(str, MIN_PYTHON))
        sys.exit(f"{EXECUTABLE}: {chosen} is older than Python {wanted}; set ALICLOUD_GOV_PLUGIN_PYTHON")
    return chosen


def pip_install(python: Path, offline: bool) -> bool:
    """Install the requirements into the virtualenv with pip, its output on stderr; True on success."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet"]
    command += ["--find-links", str(WHEELS), "--requirement", str(REQUIREMENTS)]
    if offline:
        command.append("--no-index")
    return subprocess.run(command, stdout=sys.stderr, check=False).returncode == 0


def build() -> None:
    """Make ``venv/`` from scratch and install the plugin into it, then write the ready stamp."""
    started = time.monotonic()
    shutil.rmtree(VENV, ignore_errors=True)
    python = interpreter()
    say(f"first start: creating the plugin's Python environment in {VENV}")
    subprocess.run([python, "-m", "venv", str(VENV)], stdout=sys.stderr, check=True)
    venv_python = VENV / "bin" / "python"
    say("installing alicloud-gov and its dependencies from the bundled wheels (offline)")
    if not pip_install(venv_python, offline=True):
        if os.environ.get("ALICLOUD_GOV_PLUGIN_OFFLINE") == "1":
            sys.exit(f"{EXECUTABLE}: the bundled wheels do not fit this interpreter and the index is not allowed")
        say("the bundled wheels do not fit this interpreter; installing the same versions from the package index")
        if not pip_install(venv_python, offline=False):
            sys.exit(f"{EXECUTABLE}: installing the plugin's dependencies failed (see the pip output above)")
    READY.write_text(wanted_stamp() + "\n")
    say(f"ready in {time.monotonic() - started:.0f} s; later starts reuse it")


def main() -> None:
    """Build the virtualenv once (under the lock), then become the plugin it holds."""
    if not is_ready():
        with LOCK.open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not is_ready():  # another first start may have finished while this one waited
                build()
    plugin = VENV / "bin" / EXECUTABLE
    os.execv(plugin, [str(plugin), *sys.argv[1:]])


if __name__ == "__main__":
    main()
