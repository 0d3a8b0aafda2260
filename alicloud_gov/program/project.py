"""A Pulumi project on disk: ``Pulumi.yaml``, the stack's ``Pulumi.<stack>.yaml``, the program's entry point.

:func:`load_project` reads both files into a :class:`Project` (name, runtime, main, configuration as text,
which keys are secret); nothing here runs the program.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SECRET_PLACEHOLDER = "[secret]"
"""The value a secret config key has under mocks: its ciphertext is not decrypted offline."""
RUNTIMES = ("python", "yaml")
"""The program runtimes that run in-process under mocks."""


class ProgramError(Exception):
    """The project could not be loaded or its program raised; the message says which and why."""


@dataclass(frozen=True)
class Project:
    """A Pulumi project: its name, program entry point, runtime and configuration (``project:key`` -> text)."""

    name: str
    directory: Path
    main: Path
    runtime: str
    config: dict[str, str]
    secret_keys: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict, compare=False)


def _config_value(value: Any) -> tuple[str, bool]:
    """(text, is_secret) of one config entry of a project or stack file; secrets read SECRET_PLACEHOLDER."""
    if isinstance(value, Mapping):
        if "secure" in value:
            return SECRET_PLACEHOLDER, True
        inner = value.get("value", value.get("default"))
        return _config_value(inner) if inner is not None else ("", False)
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if isinstance(value, (list, dict)):
        return json.dumps(value), False
    return ("" if value is None else str(value)), False


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise ProgramError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(loaded, dict):
        raise ProgramError(f"{path}: expected a mapping at the top level")
    return loaded


def load_project(path: str | Path, stack: str | None = None) -> Project:
    """Read ``Pulumi.yaml`` and the stack's ``Pulumi.<stack>.yaml`` (the only stack file when ``stack`` is None).

    Raises :class:`ProgramError` for a folder that is not a Pulumi project, a runtime other than Python or YAML,
    or a program that does not exist.
    """
    given = Path(path)
    directory = (given if given.is_dir() else given.parent).resolve()
    project_file = directory / "Pulumi.yaml"
    if not project_file.is_file():
        raise ProgramError(f"{directory}: no Pulumi.yaml (not a Pulumi project folder)")
    settings = _read_yaml(project_file)
    name = str(settings.get("name") or directory.name)
    runtime = settings.get("runtime")
    runtime_name = str(runtime.get("name") if isinstance(runtime, Mapping) else runtime or "")
    if runtime_name not in RUNTIMES:
        raise ProgramError(f"{project_file}: runtime {runtime_name!r}; only Python and YAML programs run here")
    main = directory / str(settings.get("main") or ".")
    if main.is_dir():
        main = main / ("Pulumi.yaml" if runtime_name == "yaml" else "__main__.py")
    if not main.is_file():
        raise ProgramError(f"{project_file}: the program {main} does not exist")
    config: dict[str, str] = {}
    secrets: list[str] = []

    def add(key: str, value: Any) -> None:
        full = key if ":" in key else f"{name}:{key}"
        text, secret = _config_value(value)
        config[full] = text
        if secret:
            secrets.append(full)

    for key, value in (settings.get("config") or {}).items():
        add(str(key), value)
    stack_files = sorted(directory.glob("Pulumi.*.yaml"))
    chosen = directory / f"Pulumi.{stack}.yaml" if stack else (stack_files[0] if len(stack_files) == 1 else None)
    if chosen is not None and chosen.is_file():
        for key, value in (_read_yaml(chosen).get("config") or {}).items():
            add(str(key), value)
    if runtime_name == "yaml" and main.name != "Pulumi.yaml":
        settings = {**settings, **_read_yaml(main)}
    return Project(name, directory, main, runtime_name, config, tuple(secrets), dict(settings))
