"""The plugin's engine watch: a live engine keeps it, a stopped engine or a new parent process ends it."""

from __future__ import annotations

import asyncio
import os

import grpc.aio

from alicloud_gov.provider.engine_watch import FAILURES_BEFORE_GONE, watch_engine

INTERVAL = 0.05


async def _engine() -> tuple[grpc.aio.Server, str]:
    """A loopback gRPC server with no services: its health check answers UNIMPLEMENTED, which counts as alive."""
    server = grpc.aio.server()
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, f"127.0.0.1:{port}"


def test_a_live_engine_is_watched_until_it_stops() -> None:
    async def scenario() -> list[str]:
        server, address = await _engine()
        reasons: list[str] = []
        watcher = asyncio.create_task(watch_engine(address, reasons.append, interval=INTERVAL, timeout=1.0))
        await asyncio.sleep(INTERVAL * 10)
        assert reasons == [] and not watcher.done()
        await server.stop(None)
        await asyncio.wait_for(watcher, timeout=INTERVAL * (FAILURES_BEFORE_GONE + 10) + 2)
        return reasons

    reasons = asyncio.run(scenario())
    assert len(reasons) == 1 and "stopped answering (UNAVAILABLE)" in reasons[0]


def test_a_new_parent_process_means_the_engine_is_gone() -> None:
    async def scenario() -> list[str]:
        server, address = await _engine()
        reasons: list[str] = []
        try:
            await asyncio.wait_for(
                watch_engine(address, reasons.append, interval=INTERVAL, parent_pid=os.getppid() + 1), timeout=2
            )
        finally:
            await server.stop(None)
        return reasons

    reasons = asyncio.run(scenario())
    assert len(reasons) == 1 and "exited" in reasons[0]
