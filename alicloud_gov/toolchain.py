"""Find the Pulumi CLI and run it offline, the same way for every Pulumi run this project makes.

Every Pulumi run of the project (e2e tests, the demo, the provider's own tests) goes through this module so that
it never reaches the network and never touches the user's ``~/.pulumi``:

* state lives on the local file backend (``PULUMI_BACKEND_URL=file://<state dir>``);
* ``PULUMI_HOME`` (plugins, credentials, workspace settings) is a folder inside the state dir;
* update checks and automatic plugin downloads are off;
* ``PATH`` starts with this interpreter's script folder (``pulumi-resource-alicloud-gov`` and ``python``) and the
  folder of the Pulumi CLI (where the Python language host sits next to it).

Typical use::

    from alicloud_gov.toolchain import PulumiProject, pulumi_env, run_pulumi, select_stack, write_python_project

    env = pulumi_env(tmp_path / "state")
    project_dir = write_python_project(tmp_path / "app", "app", "import pulumi\npulumi.export('x', 1)\n")
    select_stack("dev", cwd=project_dir, env=env)
    result = run_pulumi(["preview", "--json", "--non-interactive"], cwd=project_dir, env=env)
    steps = json.loads(result.stdout)["steps"]

    project = PulumiProject(project_dir, env, "dev")   # the same, with helpers
    project.up()
    assert project.outputs() == {"x": 1}

``scripts/pulumi-env.sh`` sets the same variables for a shell; ``make toolchain`` provides the CLI.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_TIMEOUT_SECONDS",
    "MIN_PULUMI_MINOR",
    "PASSPHRASE_FILE_NAME",
    "PROVIDER_PACKAGE",
    "PULUMI_VERSION",
    "STATE_DIR_VARIABLE",
    "PulumiCommandError",
    "PulumiNotFoundError",
    "PulumiProject",
    "default_passphrase_file",
    "default_state_dir",
    "find_pulumi",
    "local_plugins_setting",
    "pulumi_env",
    "repo_root",
    "run_pulumi",
    "select_stack",
    "tools_bin",
    "venv_bin",
    "write_python_policy_pack",
    "write_python_project",
]

PULUMI_VERSION = "3.274.1"
"""The Pulumi CLI version ``make toolchain`` builds when no recent CLI is on PATH (scripts/pulumi-toolchain.sh
reads this line; keep it a plain string literal)."""

MIN_PULUMI_MINOR = 200
"""The oldest Pulumi v3 minor version ``make toolchain`` accepts from PATH instead of building (read likewise)."""

STATE_DIR_VARIABLE = "ALICLOUD_GOV_STATE_DIR"
"""Environment variable that overrides the default state folder (``<repo>/.state``)."""

PROVIDER_PACKAGE = "alicloud-gov"
"""The Pulumi package name of this project's provider (plugin executable ``pulumi-resource-alicloud-gov``)."""

PASSPHRASE_FILE_NAME = "passphrase"
"""The file in a state folder that holds its generated secrets passphrase (mode 0600), used when none is set."""

DEFAULT_TIMEOUT_SECONDS = 600.0
"""How long one Pulumi command may run before :func:`run_pulumi` gives up on it."""

_OUTPUT_TAIL_LINES = 40
_HIDDEN = "[hidden]"


class PulumiNotFoundError(RuntimeError):
    """No usable Pulumi CLI: neither built into ``.tools/bin`` nor on ``PATH``."""


class PulumiCommandError(RuntimeError):
    """A Pulumi command exited non-zero; the message carries the command, exit code and the end of its output."""

    def __init__(self, args: Sequence[str], cwd: Path, returncode: int, stdout: str, stderr: str) -> None:
        self.args_shown = list(args)
        self.cwd = cwd
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        super().__init__(self._describe())

    def _describe(self) -> str:
        lines = [f"`pulumi {' '.join(self.args_shown)}` failed with exit code {self.returncode} (in {self.cwd})"]
        for label, text in (("stderr", self.stderr), ("stdout", self.stdout)):
            tail = text.rstrip().splitlines()[-_OUTPUT_TAIL_LINES:]
            if tail:
                lines.append(f"--- {label} (last {len(tail)} lines) ---")
                lines.extend(tail)
        return "\n".join(lines)


def repo_root() -> Path | None:
    """The source checkout this package runs from (editable install), or None for an installed package."""
    candidate = Path(__file__).resolve().parent.parent
    return candidate if (candidate / "pyproject.toml").is_file() else None


def tools_bin() -> Path | None:
    """``<repo>/.tools/bin`` when ``make toolchain`` built a complete Pulumi CLI there, else None."""
    root = repo_root()
    if root is None:
        return None
    folder = root / ".tools" / "bin"
    needed = ("pulumi", "pulumi-language-python", "pulumi-language-python-exec")
    return folder if all(os.access(folder / name, os.X_OK) for name in needed) else None


def venv_bin() -> Path:
    """The script folder of the running interpreter (a venv's ``bin``): python and console scripts live there."""
    return Path(sysconfig.get_path("scripts")).resolve()


def default_state_dir() -> Path:
    """Where Pulumi state lives by default: ``$ALICLOUD_GOV_STATE_DIR``, else ``<repo>/.state``, else ``./.state``."""
    override = os.environ.get(STATE_DIR_VARIABLE)
    if override:
        return Path(override).resolve()
    root = repo_root()
    return (root if root is not None else Path.cwd()) / ".state"


def find_pulumi(search_path: str | None = None) -> Path:
    """Locate the Pulumi CLI: the ``make toolchain`` build in ``.tools/bin`` first, then ``search_path``.

    ``search_path`` defaults to the ``PATH`` of this process. ``.tools/bin`` wins because the toolchain script only
    builds there when the CLI on ``PATH`` is missing or too old. Raises :class:`PulumiNotFoundError` otherwise.
    """
    built = tools_bin()
    if built is not None:
        return built / "pulumi"
    found = shutil.which("pulumi", path=search_path if search_path is not None else os.environ.get("PATH", ""))
    if found:
        return Path(found).resolve()
    raise PulumiNotFoundError(
        "Pulumi CLI not found: run `make toolchain` (builds Pulumi "
        f"v{PULUMI_VERSION} into .tools/bin, needs Go) or install Pulumi v3.{MIN_PULUMI_MINOR} or newer on PATH"
    )


def default_passphrase_file(state_dir: Path | str) -> Path:
    """The state folder's passphrase file, created once with a random passphrase readable by its owner only.

    Every stack on the folder's file backend encrypts its secrets with this passphrase unless the caller set
    ``PULUMI_CONFIG_PASSPHRASE``, ``PULUMI_CONFIG_PASSPHRASE_FILE`` or a secrets provider. The file is written
    under a temporary name and linked into place, so concurrent first runs agree on one passphrase.
    """
    folder = Path(state_dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PASSPHRASE_FILE_NAME
    if path.is_file() and path.stat().st_size > 0:
        return path
    scratch = folder / f".{PASSPHRASE_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
        with contextlib.suppress(FileExistsError):  # another run made it first: use theirs
            os.link(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)
    return path


def _join_path(first: Sequence[Path], rest: str) -> str:
    """Prepend folders to a PATH string, dropping later duplicates."""
    seen: set[str] = set()
    parts: list[str] = []
    for entry in [str(folder) for folder in first] + rest.split(os.pathsep):
        if entry and entry not in seen:
            seen.add(entry)
            parts.append(entry)
    return os.pathsep.join(parts)


def pulumi_env(
    state_dir: Path,
    extra: Mapping[str, str] | None = None,
    *,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Build the environment for an offline Pulumi run whose state lives in ``state_dir``.

    Starts from ``base`` (default: this process's environment) and sets ``PULUMI_HOME`` (``state_dir/pulumi-home``),
    ``PULUMI_BACKEND_URL`` (``file://<absolute state_dir>``), the secrets passphrase (a non-empty
    ``PULUMI_CONFIG_PASSPHRASE`` or a ``PULUMI_CONFIG_PASSPHRASE_FILE`` is kept; otherwise an empty
    ``PULUMI_CONFIG_PASSPHRASE`` is dropped and ``PULUMI_CONFIG_PASSPHRASE_FILE`` names
    :func:`default_passphrase_file`: never an empty passphrase), the update-check and plugin-download switches,
    and ``PATH`` (venv scripts and the CLI's folder first). ``extra`` is applied last and wins. Creates
    ``state_dir`` and the home folder.
    Raises :class:`PulumiNotFoundError` when there is no CLI, so a missing toolchain fails early.
    """
    source = dict(os.environ if base is None else base)
    state = Path(state_dir).resolve()
    home = state / "pulumi-home"
    home.mkdir(parents=True, exist_ok=True)
    pulumi = find_pulumi(source.get("PATH", ""))

    env = dict(source)
    env["PULUMI_HOME"] = str(home)
    env["PULUMI_BACKEND_URL"] = f"file://{state}"
    if not env.get("PULUMI_CONFIG_PASSPHRASE"):
        # Pulumi uses PULUMI_CONFIG_PASSPHRASE whenever it is set, even empty, before looking at the file.
        env.pop("PULUMI_CONFIG_PASSPHRASE", None)
        if not env.get("PULUMI_CONFIG_PASSPHRASE_FILE"):
            env["PULUMI_CONFIG_PASSPHRASE_FILE"] = str(default_passphrase_file(state))
    env["PULUMI_SKIP_UPDATE_CHECK"] = "true"
    env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] = "true"
    env["PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK"] = "true"
    # A Pulumi Cloud token in the caller's environment must not turn a local run into a network one.
    env.pop("PULUMI_ACCESS_TOKEN", None)
    env["PATH"] = _join_path([venv_bin(), pulumi.parent], source.get("PATH", ""))
    if extra:
        env.update(extra)
    return env


_FLAGS_WITH_VALUE = frozenset({"--stack", "-s", "--cwd", "-C", "--config-file"})


def _shown_args(args: Sequence[str]) -> list[str]:
    """The command line as it may appear in messages: the value of ``config set --secret KEY VALUE`` is hidden."""
    shown = list(args)
    if "--secret" not in shown or shown[:2] != ["config", "set"]:
        return shown
    positional: list[int] = []
    skip_next = False
    for index, arg in enumerate(shown[2:], start=2):
        if skip_next:
            skip_next = False
        elif arg in _FLAGS_WITH_VALUE:
            skip_next = True
        elif not arg.startswith("-"):
            positional.append(index)
    for index in positional[1:]:
        shown[index] = _HIDDEN
    return shown


def run_pulumi(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    check: bool = True,
    *,
    input_text: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> subprocess.CompletedProcess[str]:
    """Run ``pulumi ARGS`` in ``cwd`` with ``env`` (from :func:`pulumi_env`) and capture its text output.

    Standard input is empty unless ``input_text`` is given, so a command that would prompt fails at once instead of
    waiting; pass ``--yes`` / ``--non-interactive`` where a command asks. With ``check`` a non-zero exit raises
    :class:`PulumiCommandError` naming the command (secret config values hidden) with the end of stderr and stdout.
    """
    pulumi = find_pulumi(env.get("PATH", ""))
    completed = subprocess.run(
        [str(pulumi), *args],
        cwd=str(cwd),
        env=dict(env),
        input=input_text,
        stdin=None if input_text is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and completed.returncode != 0:
        raise PulumiCommandError(_shown_args(args), Path(cwd), completed.returncode, completed.stdout, completed.stderr)
    return completed


def select_stack(stack: str, cwd: Path, env: Mapping[str, str], *, create: bool = True) -> None:
    """Make ``stack`` the current stack of the project in ``cwd``, creating it on the file backend if asked."""
    args = ["stack", "select", stack, "--non-interactive"]
    if create:
        args.append("--create")
    run_pulumi(args, cwd=cwd, env=env)


@dataclass
class PulumiProject:
    """A Pulumi project folder with a selected stack and the offline environment to run commands in it."""

    directory: Path
    env: dict[str, str]
    stack: str

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``pulumi ARGS`` in the project folder; raises PulumiCommandError on failure when ``check``."""
        return run_pulumi(list(args), cwd=self.directory, env=self.env, check=check)

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        """Set a stack config value (``--secret`` encrypts it with the stack's passphrase)."""
        self.run("config", "set", *(["--secret"] if secret else []), key, value)

    def preview(self, *extra: str) -> dict[str, Any]:
        """``pulumi preview --json``, parsed: ``steps``, ``changeSummary``, ``diagnostics``, ..."""
        result = self.run("preview", "--json", "--non-interactive", *extra)
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    def up(self, *extra: str) -> subprocess.CompletedProcess[str]:
        """``pulumi up --yes --skip-preview --non-interactive``."""
        return self.run("up", "--yes", "--skip-preview", "--non-interactive", *extra)

    def destroy(self) -> subprocess.CompletedProcess[str]:
        """``pulumi destroy --yes --skip-preview --non-interactive``."""
        return self.run("destroy", "--yes", "--skip-preview", "--non-interactive")

    def outputs(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """The stack outputs (``pulumi stack output --json``); secrets read ``[secret]`` unless shown."""
        result = self.run("stack", "output", "--json", *(["--show-secrets"] if show_secrets else []))
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    def export_state(self) -> dict[str, Any]:
        """The stack's checkpoint (``pulumi stack export``), as the engine stored it."""
        parsed: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return parsed


def local_plugins_setting(bin_dir: Path | None = None) -> dict[str, Any]:
    """The ``plugins`` section of ``Pulumi.yaml`` that points the engine at this environment's provider plugin.

    With it the engine runs ``<bin_dir>/pulumi-resource-alicloud-gov`` (default: this interpreter's script folder)
    as a project plugin, instead of finding it on ``PATH`` and warning about that on every run.
    """
    return {"providers": [{"name": PROVIDER_PACKAGE, "path": str(bin_dir or venv_bin())}]}


def write_python_project(
    directory: Path,
    name: str,
    program: str,
    *,
    virtualenv: Path | None = None,
    local_plugins: bool = True,
    extra_settings: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``Pulumi.yaml`` and ``__main__.py`` for a Python project whose runtime uses ``virtualenv``.

    ``virtualenv`` defaults to the environment running the tests (this repository's ``.venv``), so the program sees
    the installed ``alicloud_gov`` package and nothing needs downloading. ``local_plugins`` adds
    :func:`local_plugins_setting`. ``extra_settings`` are merged in last. ``program`` is dedented.
    """
    directory.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {
        "name": name,
        "description": f"e2e test project {name}",
        "runtime": {"name": "python", "options": {"virtualenv": str(virtualenv or Path(sys.prefix))}},
    }
    if local_plugins:
        settings["plugins"] = local_plugins_setting()
    settings.update(extra_settings or {})
    (directory / "Pulumi.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    (directory / "__main__.py").write_text(textwrap.dedent(program).lstrip())
    return directory


def write_python_policy_pack(
    directory: Path,
    program: str,
    *,
    version: str = "0.0.1",
    virtualenv: Path | None = None,
) -> Path:
    """Write ``PulumiPolicy.yaml`` and ``__main__.py`` for a CrossGuard pack run with ``--policy-pack DIR``.

    The pack runs in ``virtualenv`` (default: the running environment, which has ``pulumi-policy``), so the
    engine needs no install step. ``program`` is dedented.
    """
    directory.mkdir(parents=True, exist_ok=True)
    settings = {
        "runtime": {"name": "python", "options": {"virtualenv": str(virtualenv or Path(sys.prefix))}},
        "version": version,
    }
    (directory / "PulumiPolicy.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    (directory / "__main__.py").write_text(textwrap.dedent(program).lstrip())
    return directory
