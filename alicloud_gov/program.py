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

import asyncio
import contextlib
import json
import os
import runpy
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import pulumi

from alicloud_gov import TYPE_PREFIX
from alicloud_gov.plan import UNKNOWN

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
        return self.type.removeprefix(TYPE_PREFIX)

    @property
    def is_ours(self) -> bool:
        """True for resources of the alicloud-gov package (not providers, not components)."""
        return self.type.startswith(TYPE_PREFIX) and self.custom

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


SECRET_PLACEHOLDER = "[secret]"
"""The value a secret config key has under mocks: its ciphertext is not decrypted offline."""
RUNTIMES = ("python", "yaml")


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


@contextlib.contextmanager
def _program_environment(directory: Path) -> Iterator[None]:
    """The working directory and import path a Pulumi language host gives the program."""
    previous_cwd = os.getcwd()
    previous_path = list(sys.path)
    previous_modules = set(sys.modules)
    os.chdir(directory)
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        os.chdir(previous_cwd)
        sys.path[:] = previous_path
        for name in set(sys.modules) - previous_modules:
            module = sys.modules.get(name)
            origin = getattr(module, "__file__", None) or ""
            if origin.startswith(str(directory)):
                del sys.modules[name]


def run_under_mocks(
    project: Project,
    mocks: pulumi.runtime.Mocks,
    *,
    stack: str = "dev",
    config: Mapping[str, str] | None = None,
    declare_yaml: Callable[[Mapping[str, Any], str], Callable[[], None]] | None = None,
) -> None:
    """Run ``project``'s program in preview mode with ``mocks`` answering every registration.

    ``config`` overrides the project's configuration. YAML programs need ``declare_yaml(settings, project name)``
    (the provider's reader of YAML resources). Exceptions of the program propagate.
    """
    import pulumi
    from pulumi.runtime.settings import SETTINGS
    from pulumi.runtime.stack import run_pulumi_func

    if project.runtime == "yaml" and declare_yaml is None:
        raise ProgramError(f"{project.main}: a YAML program needs the provider's YAML reader")
    loop = asyncio.new_event_loop()
    previous_loop = None
    with contextlib.suppress(RuntimeError):
        previous_loop = asyncio.get_event_loop_policy().get_event_loop()
    asyncio.set_event_loop(loop)
    try:
        pulumi.runtime.set_mocks(mocks, project=project.name, stack=stack, preview=True)
        pulumi.runtime.set_all_config({**project.config, **(config or {})}, list(project.secret_keys))
        SETTINGS.rpc_manager.clear()
        SETTINGS.outputs.clear()

        def program() -> None:
            if project.runtime == "yaml" and declare_yaml is not None:
                declare_yaml(project.settings, project.name)()
            else:
                runpy.run_path(str(project.main), run_name="__main__")

        with _program_environment(project.directory):
            loop.run_until_complete(run_pulumi_func(program))
    finally:
        loop.close()
        asyncio.set_event_loop(previous_loop)


def run_program(
    project_dir: str | Path,
    stack: str = "dev",
    config: Mapping[str, str] | None = None,
    known_outputs: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
) -> DeclaredProgram:
    """Run the Pulumi program of ``project_dir`` under mocks (preview mode) and return what it declared.

    ``config`` adds or overrides configuration (``project:key`` -> text) on top of the project and stack files.
    ``known_outputs`` maps ``(type token, name)`` of already deployed resources to their outputs: as in a real
    preview, those resources then show their deployed outputs (ids, ARNs) instead of unknowns.
    Raises :class:`ProgramError` when the project cannot be loaded or the program fails.
    """
    import pulumi
    from pulumi.runtime import rpc

    project = load_project(project_dir, stack)
    declared = DeclaredProgram(project=project.name, stack=stack)

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

    declare_yaml: Callable[[Mapping[str, Any], str], Callable[[], None]] | None = None
    if project.runtime == "yaml":
        from alicloud_gov.provider.yaml_program import declare

        declare_yaml = declare
    try:
        run_under_mocks(project, Recorder(), stack=stack, config=config, declare_yaml=declare_yaml)
    except ProgramError:
        raise
    except Exception as err:  # the user's program may raise anything: report it, named
        raise ProgramError(f"{project.main}: the program failed: {type(err).__name__}: {err}") from err
    return declared
