"""Entry point of the ``pulumi-resource-alicloud-gov`` plugin executable.

Serves :class:`~alicloud_gov.provider.provider.AlicloudGovProvider` over gRPC like the SDK's
``pulumi.provider.experimental.server.main``, with one difference: a failure meant for the user
(a resource failure naming the resource, a configuration or cloud error) reaches the engine as its
own message, not as ``Unexpected <class 'Exception'>`` followed by the plugin's stack trace.

The plugin never outlives its engine: when the engine is gone (killed with ``kill -9``, crashed;
see :mod:`.engine_watch`) or the plugin gets SIGTERM or SIGINT, it exits at once, abandoning any
cloud call in flight. Nothing is left to report to, and a call that did reach the cloud is found
again by the next run's create, which adopts it when it is exactly what was asked
(:meth:`~alicloud_gov.provider.handlers.base.Handler.own_attempt`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, status_pb2

from alicloud_gov import __version__, pulumi_internals
from alicloud_gov.cloud.errors import CloudError
from alicloud_gov.provider.config import ConfigError
from alicloud_gov.provider.engine_log import forward_retries, working_on
from alicloud_gov.provider.engine_watch import watch_engine
from alicloud_gov.provider.handlers import ResourceFailure
from alicloud_gov.provider.provider import AlicloudGovProvider, InitFailed

USER_ERRORS: tuple[type[BaseException], ...] = (ResourceFailure, ConfigError, CloudError)
"""Exceptions whose message is the whole story for the user."""

EXIT_ENGINE_GONE = 3
"""Exit code of a plugin whose engine went away."""

Handler = pulumi_internals.Handler


def user_error(error: BaseException) -> BaseException | None:
    """The user-facing error behind ``error`` (the SDK re-raises a plain Exception from it), if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, USER_ERRORS):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def init_failed_status(failure: InitFailed) -> grpc.Status:
    """The gRPC status of a create that left its resource not ready: code UNKNOWN with an
    ``ErrorResourceInitFailed`` detail (id, properties, inputs, the message as its reason), as Pulumi's Node.js
    provider server sends it (sdk/nodejs/provider/server.ts) and the engine reads it (provider_plugin.go)."""
    detail = provider_pb2.ErrorResourceInitFailed(
        id=failure.resource_id,
        properties=PropertyValue.marshal_map(failure.properties),
        inputs=PropertyValue.marshal_map(failure.inputs),
        reasons=[str(failure)],
    )
    rich = status_pb2.Status(code=grpc.StatusCode.UNKNOWN.value[0], message=str(failure))
    rich.details.add().Pack(detail)
    status = grpc.Status()
    status.code = grpc.StatusCode.UNKNOWN
    status.details = str(failure)
    status.trailing_metadata = (("grpc-status-details-bin", rich.SerializeToString()),)
    return status


def _clean_errors(method: Handler) -> Handler:
    async def wrapper(self: Any, request: Any, context: Any) -> Any:
        try:
            with working_on(getattr(request, "urn", "")):  # retry lines name the resource
                return await method(self, request, context)
        except Exception as error:
            cause = user_error(error)
            if cause is None:
                raise
            if isinstance(cause, InitFailed):
                await context.abort_with_status(init_failed_status(cause))
            await context.abort(grpc.StatusCode.UNKNOWN, str(cause))

    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


CleanErrorServicer = pulumi_internals.servicer_wrapping(
    pulumi_internals.SERVICER_METHODS, _clean_errors, "CleanErrorServicer"
)
"""The SDK's servicer with user-facing failures reported as plain messages."""


def stop_now(reason: str, code: int) -> None:
    """Leave at once: say why on stderr (the engine's log, if it still reads it) and exit without cleanup.

    Worker threads may be blocked in cloud calls; waiting for them is exactly what must not happen.
    """
    with contextlib.suppress(OSError):
        sys.stderr.write(f"pulumi-resource-alicloud-gov: stopping: {reason}\n")
        sys.stderr.flush()
    os._exit(code)


async def serve(engine_address: str, args: list[str]) -> None:
    """Start the gRPC server on a free loopback port, print the port for the engine, and block.

    Exits the process when the engine is gone or on SIGTERM / SIGINT (see :func:`stop_now`).
    """
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop_now, f"received {signal.Signals(number).name}", 128 + number)
    forward_retries(engine_address)
    server = grpc.aio.server(options=pulumi_internals.grpc_channel_options())
    servicer = CleanErrorServicer(args, __version__, AlicloudGovProvider(), engine_address=engine_address)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    await server.start()
    watcher = asyncio.create_task(watch_engine(engine_address, lambda reason: stop_now(reason, EXIT_ENGINE_GONE)))
    sys.stdout.buffer.write(f"{port}\n".encode())
    sys.stdout.buffer.flush()
    try:
        await server.wait_for_termination()
    finally:
        watcher.cancel()


def main() -> None:
    """Serve the provider over gRPC for the Pulumi engine (prints the port, then blocks)."""
    parser = argparse.ArgumentParser(description="alicloud-gov Pulumi resource provider (gRPC server)")
    parser.add_argument("engine", help="Pulumi engine address")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    known, _ = parser.parse_known_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(known.engine, sys.argv[1:]))


if __name__ == "__main__":
    main()
