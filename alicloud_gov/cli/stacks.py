"""Which stacks a Pulumi project has, and which one ``check`` and ``plan`` read.

A stack exists when it has a stack file (``Pulumi.<stack>.yaml`` next to ``Pulumi.yaml``), the backend lists it
(``pulumi stack ls --json``, with the environment of :func:`~alicloud_gov.cli.stack_state.backend_env`), or a
``--state`` export belongs to it. Without ``--stack`` a command reads the project's default stack: the one
selected in the workspace (``pulumi stack select``), else the only stack file, else none. The backend is asked
only when the stack files cannot settle the question, and a backend that cannot be asked (no Pulumi CLI, not
logged in) is named in the error instead. Secret config values are decrypted by the Pulumi CLI
(``pulumi config --show-secrets --json``), which holds the passphrase or secrets-provider logic.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STACK_FILE_PREFIX, STACK_FILE_SUFFIX = "Pulumi.", ".yaml"
BACKEND_TIMEOUT_SECONDS = 60.0
"""How long one ``pulumi stack ls`` or ``pulumi config`` may take."""


class StackNotFoundError(Exception):
    """The stack asked for does not exist; the message names the stacks that do."""


@dataclass(frozen=True)
class BackendStacks:
    """What the backend says about the project's stacks, or why it could not be asked."""

    names: tuple[str, ...] = ()
    selected: str | None = None
    problem: str | None = None
    """Why the backend could not be asked (None when it answered)."""


@dataclass(frozen=True)
class ChosenStack:
    """The stack a command reads (None: no stack, the project's own config only) and how it was chosen."""

    name: str | None
    reason: str
    in_backend: bool | None = None
    """Whether the backend has the stack (None: not asked)."""

    def describe(self, project_dir: Path) -> str:
        """One line for standard error: which stack, and why."""
        if self.name is None:
            return f"{project_dir}: {self.reason}"
        return f"{project_dir}: stack {self.name} ({self.reason})"


def stack_files(project_dir: Path) -> dict[str, Path]:
    """The project's stack files by stack name (``Pulumi.dev.yaml`` -> ``dev``)."""
    found: dict[str, Path] = {}
    for path in sorted(Path(project_dir).glob(f"{STACK_FILE_PREFIX}*{STACK_FILE_SUFFIX}")):
        name = path.name[len(STACK_FILE_PREFIX) : -len(STACK_FILE_SUFFIX)]
        if name and path.is_file():
            found[name] = path
    return found


def _short(name: str) -> str:
    """``org/project/dev`` or ``org/dev`` -> ``dev`` (Pulumi Cloud names); a file backend's name as it is."""
    return name.rsplit("/", 1)[-1]


def backend_stacks(project_dir: Path) -> BackendStacks:
    """The project's stacks in its backend and the one selected in the workspace."""
    from alicloud_gov.cli.stack_state import backend_env
    from alicloud_gov.toolchain import PulumiCommandError, PulumiNotFoundError, run_pulumi

    try:
        result = run_pulumi(
            ["stack", "ls", "--json"], cwd=project_dir, env=backend_env(), timeout=BACKEND_TIMEOUT_SECONDS
        )
        listed = json.loads(result.stdout or "[]")
    except PulumiNotFoundError:
        return BackendStacks(problem="the backend was not asked: no Pulumi CLI")
    except PulumiCommandError as error:
        return BackendStacks(problem=f"the backend could not be asked: {error.stderr.strip() or error}")
    except (subprocess.TimeoutExpired, OSError, ValueError) as error:
        return BackendStacks(problem=f"the backend could not be asked: {error}")
    names = tuple(_short(str(entry.get("name"))) for entry in listed if isinstance(entry, dict))
    selected = next((_short(str(e.get("name"))) for e in listed if isinstance(e, dict) and e.get("current")), None)
    return BackendStacks(names, selected)


def export_stacks(export: Mapping[str, Any]) -> set[str]:
    """The stacks a ``pulumi stack export`` belongs to, from its resources' URNs (``urn:pulumi:<stack>::...``)."""
    resources = (export.get("deployment") or {}).get("resources") or []
    found = set()
    for resource in resources:
        urn = str(resource.get("urn", "")) if isinstance(resource, Mapping) else ""
        if urn.startswith("urn:pulumi:") and "::" in urn:
            found.add(_short(urn.removeprefix("urn:pulumi:").split("::", 1)[0]))
    return found


def _not_found(project_dir: Path, given: str, files: Iterable[str], backend: BackendStacks | None) -> str:
    known = sorted({*files, *(backend.names if backend else ())})
    where = "stacks: " + ", ".join(known) if known else "the project has no stacks"
    note = f"; {backend.problem}" if backend is not None and backend.problem else ""
    return f"{project_dir}: no stack {given!r} ({where}{note})"


def choose_stack(
    project_dir: Path, given: str | None, *, known: Iterable[str] = (), ask_backend: bool = True
) -> ChosenStack:
    """The stack to read: ``given`` when it exists, else the project's default (see the module docstring).

    ``known`` are stacks known to exist besides stack files (those a ``--state`` export belongs to); without
    ``given`` a single known stack is the default. ``ask_backend`` False keeps the choice offline.
    Raises :class:`StackNotFoundError` for a ``given`` stack that does not exist.
    """
    files = stack_files(project_dir)
    known = sorted(set(known))
    if given is not None:
        if given in files:
            return ChosenStack(given, f"--stack, {files[given].name}")
        if given in known:
            return ChosenStack(given, "--stack, the stack of the --state file; no stack file")
        backend = backend_stacks(project_dir) if ask_backend else None
        if backend is not None and given in backend.names:
            return ChosenStack(given, "--stack, in the backend; no stack file", in_backend=True)
        raise StackNotFoundError(_not_found(project_dir, given, [*files, *known], backend))
    if len(known) == 1:
        return ChosenStack(known[0], "the stack of the --state file")
    backend = backend_stacks(project_dir) if ask_backend else BackendStacks()
    if backend.selected is not None:
        return ChosenStack(backend.selected, "selected in the workspace", in_backend=True)
    if len(files) == 1:
        ((name, path),) = files.items()
        return ChosenStack(name, f"the only stack file, {path.name}")
    names = sorted({*files, *backend.names})
    listed = f"stacks: {', '.join(names)}; " if names else ""
    return ChosenStack(None, f"no stack selected, so no stack's config was read ({listed}choose one with --stack)")


def decrypted_secrets(project_dir: Path, stack: str, keys: Iterable[str]) -> tuple[dict[str, str], str | None]:
    """The decrypted values of the stack's secret config ``keys`` (``project:key`` -> text), and why not if not.

    Asks the Pulumi CLI (``pulumi config --show-secrets --json``) with the backend's environment, so the stack's
    passphrase (``PULUMI_CONFIG_PASSPHRASE`` or ``_FILE``) or secrets provider decides; nothing is decrypted here.
    """
    wanted = set(keys)
    if not wanted:
        return {}, None
    from alicloud_gov.cli.stack_state import backend_env
    from alicloud_gov.toolchain import PulumiCommandError, PulumiNotFoundError, run_pulumi

    args = ["config", "--show-secrets", "--json", "--stack", stack]
    try:
        result = run_pulumi(args, cwd=project_dir, env=backend_env(), timeout=BACKEND_TIMEOUT_SECONDS)
        loaded = json.loads(result.stdout or "{}")
    except PulumiNotFoundError:
        return {}, "no Pulumi CLI to decrypt them"
    except PulumiCommandError as error:
        return {}, error.stderr.strip().splitlines()[-1] if error.stderr.strip() else str(error)
    except (subprocess.TimeoutExpired, OSError, ValueError) as error:
        return {}, str(error)
    values: dict[str, str] = {}
    for key, entry in loaded.items() if isinstance(loaded, dict) else ():
        if key in wanted and isinstance(entry, Mapping) and "value" in entry:
            value = entry["value"]
            values[key] = value if isinstance(value, str) else json.dumps(value)
    missing = wanted - set(values)
    return values, (f"not decrypted: {', '.join(sorted(missing))}" if missing else None)


def stack_secrets(project_dir: Path, stack: str) -> tuple[dict[str, str], str | None]:
    """The decrypted secret config of ``stack`` (none when its config has no secrets), and why not if not."""
    from alicloud_gov.program.project import ProgramError, load_project

    try:
        keys = load_project(project_dir, stack).secret_keys
    except ProgramError:
        return {}, None  # the program's run names the problem
    return decrypted_secrets(project_dir, stack, keys)
