"""Tell the plugin when the Pulumi engine that started it is gone, so it stops instead of working for nobody.

The engine passes its gRPC address as the plugin's first argument. Pulumi's own plugins and language hosts watch
it with ``rpcutil.Healthcheck`` (sdk/go/common/util/rpcutil/health.go): call the standard gRPC health service
``grpc.health.v1.Health/Check`` on the engine every interval, treat UNIMPLEMENTED as alive, and cancel on any
other error. Pulumi polls every 5 minutes; a killed ``pulumi up`` would then leave this plugin applying in-flight
creates for minutes, so :func:`watch_engine` polls every second, and also notices at once when the parent process
(the engine, which starts every plugin itself) is gone and the plugin was handed to another parent.

The health call is made through the generic channel API with an empty request (an empty ``HealthCheckRequest``
asks about the whole server) and its answer is not decoded: only the status counts, as in Pulumi's helper. This
avoids ``grpcio-health-checking``, whose releases pin a newer protobuf than the Pulumi SDK accepts.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable

import grpc
import grpc.aio

HEALTH_CHECK_METHOD = "/grpc.health.v1.Health/Check"
"""The standard gRPC health service's Check method, which the engine's gRPC server registers."""

CHECK_INTERVAL_SECONDS = 1.0
"""How often the engine is asked whether it is alive."""

CHECK_TIMEOUT_SECONDS = 10.0
"""How long one health call may take before it counts as a failure."""

FAILURES_BEFORE_GONE = 2
"""Consecutive failed health calls that mean the engine is gone (one slow answer on a busy machine is not)."""


async def watch_engine(
    engine_address: str,
    on_gone: Callable[[str], None],
    *,
    interval: float = CHECK_INTERVAL_SECONDS,
    timeout: float = CHECK_TIMEOUT_SECONDS,
    parent_pid: int | None = None,
) -> None:
    """Poll the engine until it is gone, then call ``on_gone(reason)`` once and return.

    Gone means: the parent process changed (``os.getppid()`` is no longer ``parent_pid``, by default the parent at
    the time of the call), or :data:`FAILURES_BEFORE_GONE` health calls in a row failed with anything but
    UNIMPLEMENTED. Cancel the task to stop watching.
    """
    parent = os.getppid() if parent_pid is None else parent_pid
    async with grpc.aio.insecure_channel(engine_address) as channel:
        check = channel.unary_unary(
            HEALTH_CHECK_METHOD, request_serializer=lambda _: b"", response_deserializer=lambda data: data
        )
        failures = 0
        while True:
            await asyncio.sleep(interval)
            if os.getppid() != parent:
                on_gone(f"the engine (parent process {parent}) exited")
                return
            try:
                await check(None, timeout=timeout)
                failures = 0
            except grpc.aio.AioRpcError as error:
                if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                    failures = 0
                    continue
                failures += 1
                if failures >= FAILURES_BEFORE_GONE:
                    on_gone(f"the engine at {engine_address} stopped answering ({error.code().name})")
                    return
