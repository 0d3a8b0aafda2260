"""Every use of the Pulumi Python SDK's private or undocumented parts, in one place.

The SDK has no public way to do a few things the package needs: run a program under mocks more than once in a
process (``pulumi.runtime.settings.SETTINGS``, ``pulumi.runtime.stack.run_pulumi_func``), read the values a mock
receives (the wire's unknown marker and secret wrapper in ``pulumi.runtime.rpc``, ``pulumi.output.Unknown``),
serve a provider with the SDK's gRPC options and user-facing errors (``pulumi.runtime._grpc_settings``, the
``ProviderServicer`` methods), and see each resource as the program constructs it (``pulumi.Resource.__init__``
wrapped while a program runs, since registration itself is asynchronous). Each hook here names what it relies on
in :data:`HOOKS`; :func:`problems` checks
them all, and a hook whose attribute is gone raises :class:`SdkDrift` naming it. tests/unit/test_pulumi_internals.py
runs the check and pins the SDK in pyproject.toml to the minor versions it passed on: an SDK upgrade that moves
one of them fails there, by name, not deep inside a program run.

The SDK is imported when a hook is used, not when this module is imported.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from importlib.metadata import version
from typing import Any

HOOKS: tuple[tuple[str, str], ...] = (
    ("pulumi.runtime._grpc_settings", "_GRPC_CHANNEL_OPTIONS"),
    ("pulumi.runtime.rpc", "UNKNOWN"),
    ("pulumi.runtime.rpc", "_special_sig_key"),
    ("pulumi.runtime.rpc", "_special_secret_sig"),
    ("pulumi.output", "Unknown"),
    ("pulumi.runtime.settings", "SETTINGS"),
    ("pulumi.runtime.stack", "run_pulumi_func"),
    ("pulumi.provider.experimental.server", "ProviderServicer"),
    ("pulumi.resource", "Resource"),
)
"""(module, attribute) of every SDK internal the package uses."""

SERVICER_METHODS = ("CheckConfig", "Configure", "Check", "Diff", "Create", "Read", "Update", "Delete", "Invoke")
"""The ``ProviderServicer`` gRPC methods the plugin wraps (each must be a coroutine function taking
``(self, request, context)``)."""


class SdkDrift(RuntimeError):
    """The installed Pulumi SDK lacks, or has changed, an internal this package relies on."""


def _drift(what: str, how: str = "is gone") -> SdkDrift:
    return SdkDrift(
        f"pulumi SDK {version('pulumi')}: {what} {how}; alicloud_gov/pulumi_internals.py relies on it "
        "(the SDK range it was tested with is pinned in pyproject.toml)"
    )


def _get(module: str, name: str) -> Any:
    """``module.name`` from the SDK, or :class:`SdkDrift` naming it."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise _drift(f"{module}.{name}") from None


def problems() -> list[str]:
    """What is missing or changed among the hooks in the installed SDK (empty when all is as expected)."""
    found: list[str] = []
    for module, name in HOOKS:
        try:
            _get(module, name)
        except SdkDrift as drift:
            found.append(str(drift))
    try:
        settings = _get("pulumi.runtime.settings", "SETTINGS")
        for part in ("rpc_manager", "outputs"):
            if not callable(getattr(getattr(settings, part, None), "clear", None)):
                found.append(str(_drift(f"pulumi.runtime.settings.SETTINGS.{part}.clear()")))
    except SdkDrift:
        pass
    for check in (lambda: _servicer_methods(SERVICER_METHODS), _resource_init):
        try:
            check()
        except SdkDrift as drift:
            found.append(str(drift))
    return found


# -- values a mock receives ---------------------------------------------------------------------------------------


def wire_unknown() -> str:
    """The text the SDK sends for a value unknown at preview (``pulumi.runtime.rpc.UNKNOWN``)."""
    return str(_get("pulumi.runtime.rpc", "UNKNOWN"))


def is_unknown(value: Any) -> bool:
    """Whether ``value`` is the SDK's unknown: an ``Unknown`` object or the wire's unknown text."""
    unknown_type = _get("pulumi.output", "Unknown")
    return isinstance(value, unknown_type) or (isinstance(value, str) and value == wire_unknown())


def secret_value(value: Mapping[str, Any]) -> tuple[bool, Any]:
    """``(True, inner value)`` when ``value`` is the SDK's secret wrapper; ``(False, None)`` otherwise."""
    key = _get("pulumi.runtime.rpc", "_special_sig_key")
    secret = _get("pulumi.runtime.rpc", "_special_secret_sig")
    if value.get(key) == secret:
        return True, value.get("value")
    return False, None


# -- running a program under mocks ------------------------------------------------------------------------------


def reset_run_state() -> None:
    """Forget the previous run's pending RPCs and outputs, so a process can run programs one after another."""
    settings = _get("pulumi.runtime.settings", "SETTINGS")
    settings.rpc_manager.clear()
    settings.outputs.clear()


def run_program_function(program: Callable[[], None]) -> Awaitable[Any]:
    """The SDK's own wrapper that runs a program body and waits for its registrations (``run_pulumi_func``)."""
    run: Callable[[Callable[[], None]], Awaitable[Any]] = _get("pulumi.runtime.stack", "run_pulumi_func")
    return run(program)


RESOURCE_INIT_PARAMETERS = ("self", "t", "name", "custom", "props", "opts")
"""The leading parameters of ``pulumi.Resource.__init__`` that :func:`on_resource_construction` reads."""
ConstructionCallback = Callable[[Any, str, str, Any], None]


def _resource_init() -> Callable[..., None]:
    resource = _get("pulumi.resource", "Resource")
    init: Callable[..., None] = resource.__init__
    if tuple(inspect.signature(init).parameters)[: len(RESOURCE_INIT_PARAMETERS)] != RESOURCE_INIT_PARAMETERS:
        raise _drift("pulumi.resource.Resource.__init__", f"no longer starts {RESOURCE_INIT_PARAMETERS}")
    return init


@contextlib.contextmanager
def on_resource_construction(callback: ConstructionCallback) -> Iterator[None]:
    """While active, ``callback(resource, type_token, name, opts)`` runs as each ``pulumi.Resource`` is constructed.

    It runs synchronously in the constructing thread, before the SDK's own constructor, so the caller's frames
    (the program's line) are on the stack. Nesting is allowed; each exit restores the constructor it replaced.
    """
    resource = _get("pulumi.resource", "Resource")
    original = _resource_init()

    @functools.wraps(original)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        named = dict(zip(RESOURCE_INIT_PARAMETERS[1:], args, strict=False)) | kwargs
        callback(self, str(named.get("t")), str(named.get("name")), named.get("opts"))
        original(self, *args, **kwargs)

    resource.__init__ = init
    try:
        yield
    finally:
        resource.__init__ = original


# -- serving the provider -------------------------------------------------------------------------------------


def grpc_channel_options() -> Sequence[tuple[str, Any]]:
    """The options the SDK's own provider server passes to gRPC (message size, idle limits)."""
    return tuple(_get("pulumi.runtime._grpc_settings", "_GRPC_CHANNEL_OPTIONS"))


Handler = Callable[[Any, Any, Any], Awaitable[Any]]


def _servicer_methods(names: Iterable[str]) -> dict[str, Handler]:
    servicer = _get("pulumi.provider.experimental.server", "ProviderServicer")
    methods: dict[str, Handler] = {}
    for name in names:
        method = getattr(servicer, name, None)
        if method is None:
            raise _drift(f"ProviderServicer.{name}")
        if not inspect.iscoroutinefunction(method) or list(inspect.signature(method).parameters)[:1] != ["self"]:
            raise _drift(f"ProviderServicer.{name}", "is no longer an async method (self, request, context)")
        methods[name] = method
    return methods


def servicer_wrapping(
    names: Iterable[str], wrap: Callable[[Handler], Handler], class_name: str = "WrappedProviderServicer"
) -> type[Any]:
    """A subclass of the SDK's ``ProviderServicer`` whose methods ``names`` are ``wrap`` of the SDK's own."""
    base = _get("pulumi.provider.experimental.server", "ProviderServicer")
    wrapped: dict[str, Any] = {name: wrap(method) for name, method in _servicer_methods(names).items()}
    wrapped["__module__"] = __name__
    return type(class_name, (base,), wrapped)
