"""Run a Pulumi Python program under Pulumi's mocks and collect every resource it declares.

``alicloud-gov check PROJECT_DIR`` and ``alicloud-gov plan`` need what a program
declares without an engine, a cloud or credentials. This module runs the
program in-process with :func:`pulumi.runtime.set_mocks` in preview mode: each
registered resource is recorded with its type, name, parent, provider and
inputs, and its computed outputs (ids, ARNs, account ids) come back *unknown*,
exactly as in a real preview. Values unknown until apply stay visible as
:data:`alicloud_gov.plan.UNKNOWN` so that callers report them rather than pass
them silently.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from alicloud_gov.plan import UNKNOWN

PACKAGE_PREFIX = "alicloud-gov:index:"
PROVIDER_TYPE = "pulumi:providers:alicloud-gov"


class ProgramError(Exception):
    """The project could not be loaded or its program raised; the message says which and why."""


@dataclass
class DeclaredResource:
    """One resource as the program declared it."""

    type: str
    name: str
    inputs: dict[str, Any]
    provider: str | None = None
    parent: str | None = None
    custom: bool = True

    @property
    def type_name(self) -> str:
        """``RamRole`` for ``alicloud-gov:index:RamRole``; the full token for other packages."""
        return self.type.removeprefix(PACKAGE_PREFIX)

    @property
    def is_ours(self) -> bool:
        """True for resources of the alicloud-gov package (not providers, not components)."""
        return self.type.startswith(PACKAGE_PREFIX) and self.custom

    @property
    def key(self) -> str:
        """A stable identity across runs: ``<type>::<name>`` (Pulumi names are unique per type and parent)."""
        return f"{self.type}::{self.name}"

    def unknown_inputs(self) -> list[str]:
        """Names of inputs (dotted paths for nested values) whose value is unknown until apply."""
        found: list[str] = []

        def walk(value: Any, path: str) -> None:
            if value is UNKNOWN:
                found.append(path)
            elif isinstance(value, Mapping):
                for key, item in value.items():
                    walk(item, f"{path}.{key}")
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    walk(item, f"{path}[{index}]")

        for name, value in self.inputs.items():
            walk(value, name)
        return found


@dataclass
class DeclaredProgram:
    """Everything a program declared, in registration order."""

    project: str
    stack: str
    resources: list[DeclaredResource] = field(default_factory=list)

    def ours(self) -> list[DeclaredResource]:
        """The alicloud-gov custom resources."""
        return [r for r in self.resources if r.is_ours]

    def providers(self) -> dict[str, DeclaredResource]:
        """Explicit alicloud-gov provider instances by their provider reference prefix (URN)."""
        return {r.name: r for r in self.resources if r.type == PROVIDER_TYPE}

    def of_type(self, type_name: str) -> list[DeclaredResource]:
        """Our resources of one type, e.g. ``of_type("RamRole")``."""
        return [r for r in self.ours() if r.type_name == type_name]


def _from_wire(value: Any) -> Any:
    """Mock inputs arrive deserialised: unknowns become :data:`UNKNOWN`, secret wrappers their value."""
    from pulumi.output import Unknown
    from pulumi.runtime import rpc

    if isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN):
        return UNKNOWN
    if isinstance(value, Mapping):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            return _from_wire(value.get("value"))
        return {str(k): _from_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_from_wire(v) for v in value]
    return value


def _provider_name(reference: str | None) -> str | None:
    """``urn:...::acme::<id>`` -> ``acme`` (the provider resource's name); None for the default provider."""
    if not reference:
        return None
    urn = reference.split("::")
    return urn[-2] if len(urn) >= 2 else reference


def load_project(project_dir: Path) -> tuple[str, Path]:
    """The project's name and its program's entry file, from Pulumi.yaml."""
    for candidate in ("Pulumi.yaml", "Pulumi.yml"):
        project_file = project_dir / candidate
        if project_file.is_file():
            break
    else:
        raise ProgramError(f"{project_dir}: no Pulumi.yaml (not a Pulumi project folder)")
    try:
        project = yaml.safe_load(project_file.read_text()) or {}
    except yaml.YAMLError as err:
        raise ProgramError(f"{project_file}: not valid YAML: {err}") from err
    runtime = project.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, Mapping) else runtime
    if runtime_name != "python":
        raise ProgramError(f"{project_file}: runtime {runtime_name!r} is not python; only Python programs run here")
    main = project_dir / str(project.get("main") or ".")
    entry = main / "__main__.py" if main.is_dir() else main
    if not entry.is_file():
        raise ProgramError(f"{project_file}: the program {entry} does not exist")
    return str(project.get("name") or project_dir.name), entry


SECRET_PLACEHOLDER = "[secret]"
"""The value a secret config key has under mocks: its ciphertext is not decrypted offline."""


def load_stack_config(project_dir: Path, project: str, stack: str) -> dict[str, str]:
    """Configuration of ``Pulumi.<stack>.yaml`` as ``project:key`` -> text; secrets read :data:`SECRET_PLACEHOLDER`."""
    stack_file = project_dir / f"Pulumi.{stack}.yaml"
    if not stack_file.is_file():
        return {}
    try:
        data = yaml.safe_load(stack_file.read_text()) or {}
    except yaml.YAMLError as err:
        raise ProgramError(f"{stack_file}: not valid YAML: {err}") from err
    config: dict[str, str] = {}
    for key, value in (data.get("config") or {}).items():
        full_key = key if ":" in key else f"{project}:{key}"
        if isinstance(value, Mapping) and "secure" in value:
            config[full_key] = SECRET_PLACEHOLDER
            continue
        config[full_key] = value if isinstance(value, str) else json.dumps(value)
    return config


@contextmanager
def _program_environment(entry: Path) -> Iterator[None]:
    """The working directory and import path a Pulumi language host would give the program."""
    previous_cwd = os.getcwd()
    previous_path = list(sys.path)
    previous_modules = set(sys.modules)
    os.chdir(entry.parent)
    sys.path.insert(0, str(entry.parent))
    try:
        yield
    finally:
        os.chdir(previous_cwd)
        sys.path[:] = previous_path
        for name in set(sys.modules) - previous_modules:
            module = sys.modules.get(name)
            origin = getattr(module, "__file__", None) or ""
            if origin.startswith(str(entry.parent)):
                del sys.modules[name]


def run_program(
    project_dir: str | Path,
    stack: str = "dev",
    config: Mapping[str, str] | None = None,
    known_outputs: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
) -> DeclaredProgram:
    """Run the Pulumi program of ``project_dir`` under mocks (preview mode) and return what it declared.

    ``config`` adds or overrides configuration (``project:key`` -> text) on top of ``Pulumi.<stack>.yaml``.
    ``known_outputs`` maps ``(type token, name)`` of already deployed resources to their outputs: as in a real
    preview, those resources then show their deployed outputs (ids, ARNs) instead of unknowns.
    Raises :class:`ProgramError` when the project cannot be loaded or the program fails.
    """
    import asyncio

    import pulumi
    from pulumi.runtime import rpc
    from pulumi.runtime.config import set_all_config
    from pulumi.runtime.settings import SETTINGS
    from pulumi.runtime.stack import run_pulumi_func
    from pulumi.runtime.sync_await import _sync_await

    project_path = Path(project_dir).resolve()
    project, entry = load_project(project_path)
    declared = DeclaredProgram(project=project, stack=stack)

    class Recorder(pulumi.runtime.Mocks):
        """Records each registration; computed outputs are unknown, as in a preview."""

        def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
            declared.resources.append(
                DeclaredResource(
                    type=args.typ,
                    name=args.name,
                    inputs=_from_wire(dict(args.inputs)),
                    provider=_provider_name(args.provider),
                    custom=bool(args.custom) if args.custom is not None else True,
                )
            )
            deployed = (known_outputs or {}).get((args.typ, args.name))
            if deployed is not None:
                return str(deployed.get("id") or rpc.UNKNOWN), {**deployed, **dict(args.inputs)}
            return rpc.UNKNOWN, dict(args.inputs)

        def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
            return {}, None

    asyncio.set_event_loop(asyncio.new_event_loop())
    pulumi.runtime.set_mocks(Recorder(), project=project, stack=stack, preview=True)
    stack_config = load_stack_config(project_path, project, stack)
    secret_keys = [key for key, value in stack_config.items() if value == SECRET_PLACEHOLDER]
    set_all_config({**stack_config, **(config or {})}, secret_keys)
    SETTINGS.rpc_manager.clear()
    SETTINGS.outputs.clear()

    def program() -> None:
        runpy.run_path(str(entry), run_name="__main__")

    with _program_environment(entry):
        try:
            _sync_await(run_pulumi_func(program))
        except Exception as err:  # the user's program may raise anything: report it, named
            raise ProgramError(f"{entry}: the program failed: {type(err).__name__}: {err}") from err
    return declared
