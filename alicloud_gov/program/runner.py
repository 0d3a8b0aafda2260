"""Run a Pulumi program (Python or YAML) in-process under Pulumi's mocks and record every registration.

The one runner behind ``alicloud-gov check PROJECT_DIR`` and ``alicloud-gov plan``: no engine, no cloud, no
credentials. :func:`run_program` runs the program in preview mode with :func:`pulumi.runtime.set_mocks`; each
registration becomes a :class:`~alicloud_gov.plan.access.ResourceRecord` (type, name, provider, inputs, outputs)
with values unknown until apply as :data:`~alicloud_gov.plan.UNKNOWN`, and the program's line that declared it
(:mod:`alicloud_gov.program.locations`). The outputs each registration answers
with come from an :class:`~alicloud_gov.program.outputs.OutputPolicy`, so every caller sees the same values for
the same program. Accounts: each explicit provider's ``accountId`` (or its ``assumeRole.roleArn``'s account);
the default provider's is the stack config ``alicloud-gov:accountId`` or the caller's ``default_account``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import runpy
import sys
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alicloud_gov import pulumi_internals
from alicloud_gov.plan import UNKNOWN
from alicloud_gov.plan.access import ResourceRecord
from alicloud_gov.program.locations import DeclarationSites
from alicloud_gov.program.outputs import DerivedOutputs, OutputPolicy, lookup_answer
from alicloud_gov.program.project import ProgramError, Project, load_project
from alicloud_gov.spec.arns import provider_account
from alicloud_gov.spec.functions import FUNCTIONS
from alicloud_gov.spec.tokens import PACKAGE, PROVIDER_TYPE, TYPE_PREFIX

if TYPE_CHECKING:
    import pulumi

ACCOUNT_CONFIG_KEY = f"{PACKAGE}:accountId"
"""The stack config key naming the default provider's account."""


@dataclass
class DeclaredProgram:
    """Everything a program declared, in registration order, and the account each provider stands for."""

    project: str
    stack: str
    resources: list[ResourceRecord] = field(default_factory=list)
    accounts: dict[str | None, str] = field(default_factory=dict)
    """Provider name (None: the default provider) -> account UID, where the program makes it known."""

    def ours(self) -> list[ResourceRecord]:
        """The alicloud-gov resources (not providers, not components)."""
        return [r for r in self.resources if r.is_ours]

    def providers(self) -> dict[str, ResourceRecord]:
        """Explicit alicloud-gov provider instances by name."""
        return {r.name: r for r in self.resources if r.type_name == PROVIDER_TYPE}

    def of_type(self, type_name: str) -> list[ResourceRecord]:
        """Our resources of one type, e.g. ``of_type("RamRole")``."""
        return [r for r in self.ours() if r.type_name == type_name]

    def account_of(self, record: ResourceRecord) -> str | None:
        """The account of the provider managing ``record``, when the program makes it known."""
        return self.accounts.get(record.provider)


def _plain(value: Any) -> Any:
    """A mock's input as a plain value: unknowns become :data:`UNKNOWN`, secret wrappers their value."""
    if pulumi_internals.is_unknown(value):
        return UNKNOWN
    if isinstance(value, Mapping):
        secret, inner = pulumi_internals.secret_value(value)
        if secret:
            return _plain(inner)
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _provider_name(reference: str | None) -> str | None:
    """``urn:...::acme::<id>`` -> ``acme`` (the provider resource's name); None for the default provider."""
    if not reference:
        return None
    urn = reference.split("::")
    return urn[-2] if len(urn) >= 2 else reference


def _type_name(token: str) -> str:
    """``RamRole`` for ``alicloud-gov:index:RamRole``; the full token for every other type."""
    return token.removeprefix(TYPE_PREFIX) if token.startswith(TYPE_PREFIX) else token


class Recorder:
    """Pulumi mocks that record every registration and answer with ``outputs``' ids and outputs.

    With ``sites``, each record carries the line that declared it (captured while the program constructs it).
    """

    def __init__(self, declared: DeclaredProgram, outputs: OutputPolicy, sites: DeclarationSites | None = None) -> None:
        self.declared = declared
        self.outputs = outputs
        self.sites = sites

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        """Record the registration; answer with the policy's id (unknown when None) and outputs over the inputs.

        A read (``RamUser.get(...)``; the mock monitor gives a read no ``custom`` flag) is not declared: the
        program does not manage it. It answers with its id and every property unknown, as nothing is read.
        """
        if args.custom is None and args.resource_id:
            return args.resource_id, {}
        inputs = _plain(dict(args.inputs))
        provider = _provider_name(args.provider)
        record = ResourceRecord(_type_name(args.typ), args.name, provider, inputs)
        if args.typ == PROVIDER_TYPE:
            account = provider_account(inputs)
            if account:
                self.declared.accounts[args.name] = account
        resource_id, outputs = self.outputs.answer(record, self.declared.accounts.get(provider))
        computed = {key: value for key, value in outputs.items() if key not in inputs}  # inputs echo as given
        location = self.sites.take(args.typ, args.name) if self.sites else None
        self.declared.resources.append(
            ResourceRecord(record.type_name, record.name, provider, inputs, computed, location)
        )
        return (resource_id or pulumi_internals.wire_unknown()), {**outputs, **dict(args.inputs)}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """A lookup: its arguments checked by their rules (a bad one fails the program, naming it), then what
        follows from them and the provider's account (:func:`~alicloud_gov.program.outputs.lookup_answer`);
        every other result property unknown, as nothing is read offline. Other packages' functions: unknown."""
        arguments = _plain(dict(args.args))
        spec = FUNCTIONS.get(args.token)
        if spec is None:
            return {}, []
        problems = spec.problems({key: value for key, value in arguments.items() if value is not UNKNOWN})
        if problems:
            return {}, problems
        account = self.declared.accounts.get(_provider_name(args.provider))
        known = lookup_answer(args.token, arguments, account)
        unknown = pulumi_internals.wire_unknown()
        return {item.name: known.get(item.name, unknown) for item in spec.outputs}, []


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


def _drain(loop: asyncio.AbstractEventLoop) -> None:
    """Finish ``loop`` before it is closed: cancel and await what is still pending, async generators, executor.

    A loop closed with tasks pending logs "Task was destroyed but it is pending" when they are collected.
    """
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.run_until_complete(loop.shutdown_default_executor())


@contextlib.contextmanager
def _own_event_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """A fresh event loop set as the thread's loop for the run, drained and closed after; the previous one back.

    Pulumi registers resources from worker threads of the loop's default executor, and its mock monitor gives
    each worker thread an event loop of its own (``sync_await._ensure_event_loop``) that nothing closes; such a
    loop, collected later, warns "unclosed event loop" and, once its self-pipe socket is gone, fails in
    ``__del__`` with ``ValueError: Invalid file descriptor: -1``. So the run's executor hands each worker a loop
    at start, and every one is closed with the run's loop.
    """
    # The loop the thread had, read without asyncio.get_event_loop(), which would create (and leak) one.
    local = getattr(asyncio.get_event_loop_policy(), "_local", None)
    previous_loop = getattr(local, "_loop", None)
    worker_loops: list[asyncio.AbstractEventLoop] = []
    lock = threading.Lock()

    def give_worker_a_loop() -> None:
        worker_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(worker_loop)
        with lock:
            worker_loops.append(worker_loop)

    loop = asyncio.new_event_loop()
    loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="program-mocks", initializer=give_worker_a_loop))
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        try:
            _drain(loop)
        finally:
            for worker_loop in worker_loops:
                worker_loop.close()
            loop.close()
            asyncio.set_event_loop(previous_loop)


def run_under_mocks(
    project: Project,
    mocks: pulumi.runtime.Mocks,
    *,
    stack: str = "dev",
    config: Mapping[str, str] | None = None,
) -> None:
    """Run ``project``'s program in preview mode with ``mocks`` answering every registration.

    ``config`` overrides the project's configuration. Exceptions of the program propagate. The event loop the
    run uses is its own, drained and closed before this returns.
    """
    import pulumi

    with _own_event_loop() as loop:
        pulumi.runtime.set_mocks(mocks, project=project.name, stack=stack, preview=True)
        pulumi.runtime.set_all_config({**project.config, **(config or {})}, list(project.secret_keys))
        pulumi_internals.reset_run_state()

        def program() -> None:
            if project.runtime == "yaml":
                from alicloud_gov.program.yaml_program import declare

                declare(project.settings, project.name, source=project.main)()
            else:
                runpy.run_path(str(project.main), run_name="__main__")

        with _program_environment(project.directory):
            loop.run_until_complete(pulumi_internals.run_program_function(program))


def run_program(
    project: Project | str | Path,
    stack: str = "dev",
    config: Mapping[str, str] | None = None,
    *,
    outputs: OutputPolicy | None = None,
    default_account: str | None = None,
) -> DeclaredProgram:
    """Run a Pulumi program under mocks (preview mode) and return what it declared.

    ``project`` is a loaded :class:`Project` or its folder (read for ``stack``). ``config`` adds or overrides
    configuration (``project:key`` -> text). ``outputs`` answers each registration (default
    :class:`~alicloud_gov.program.outputs.DerivedOutputs`). ``default_account`` is the default provider's
    account when the stack config does not set ``alicloud-gov:accountId``.
    Raises :class:`ProgramError` when the project cannot be loaded or the program fails (the program's own
    exception is the error's ``__cause__``).
    """
    if not isinstance(project, Project):
        project = load_project(project, stack)
    declared = DeclaredProgram(project=project.name, stack=stack)
    account = {**project.config, **(config or {})}.get(ACCOUNT_CONFIG_KEY) or default_account
    if account:
        declared.accounts[None] = account
    sites = DeclarationSites(project.directory)
    recorder = Recorder(declared, outputs or DerivedOutputs(), sites)
    try:
        with sites.capturing():
            run_under_mocks(project, recorder, stack=stack, config=config)  # type: ignore[arg-type]
    except ProgramError:
        raise
    except Exception as err:  # the user's program may raise anything: report it, named
        raise ProgramError(f"{project.main}: the program failed: {type(err).__name__}: {err}") from err
    return declared
