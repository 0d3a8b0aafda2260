"""The plugin's retry lines reach the Pulumi engine's log (the Engine.Log RPC), one per retry, naming the resource.

A loopback gRPC server with the engine's ``Log`` method stands in for the engine; the provider itself runs a real
create against a closed port, through the official SDK transport.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from pulumi.provider.experimental.provider import ConfigureRequest, CreateRequest
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from alicloud_gov.cloud.retry import RETRY_LOGGER
from alicloud_gov.provider.engine_log import forward_retries, working_on
from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.provider.server import USER_ERRORS
from tests.unit.provider_helpers import props, urn


class RecordingEngine(engine_pb2_grpc.EngineServicer):  # type: ignore[misc]
    """Keeps every LogRequest the plugin sends."""

    def __init__(self) -> None:
        self.logs: list[Any] = []
        self.lock = threading.Lock()

    def Log(self, request: Any, context: Any) -> Any:
        with self.lock:
            self.logs.append(request)
        from google.protobuf import empty_pb2

        return empty_pb2.Empty()


@pytest.fixture
def engine() -> Iterator[tuple[RecordingEngine, str]]:
    servicer = RecordingEngine()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    engine_pb2_grpc.add_EngineServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield servicer, f"127.0.0.1:{port}"
    finally:
        server.stop(None)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_create_against_a_dead_endpoint_logs_each_retry_to_the_engine(engine: tuple[RecordingEngine, str]) -> None:
    servicer, address = engine
    handler = forward_retries(address)
    try:
        provider = AlicloudGovProvider()
        port = closed_port()
        config = {"endpoint": f"127.0.0.1:{port}", "accessKeyId": "LTAI5tAcmeRootKey0001", "accessKeySecret": "s"}
        asyncio.run(provider.configure(ConfigureRequest({}, props(config), True, False)))
        resource = urn("RamUser", "alice")

        async def create() -> None:
            with working_on(resource):
                await provider.create(CreateRequest(resource, props({"name": "alice"}), 60, False))

        start = time.monotonic()
        with pytest.raises(USER_ERRORS) as caught:
            asyncio.run(create())
        elapsed = time.monotonic() - start
    finally:
        logging.getLogger(RETRY_LOGGER).removeHandler(handler)
        handler.close()
    assert elapsed < 5.0
    assert f"127.0.0.1:{port}" in str(caught.value)
    retries = [log for log in servicer.logs if "retrying in" in log.message]
    assert len(retries) >= 1
    assert all(log.urn == resource and log.severity == engine_pb2.INFO for log in retries)
    assert [log.message.split(": attempt ")[1].split(" failed: ")[0] for log in retries] == [
        f"{n} of {len(retries) + 1}" for n in range(1, len(retries) + 1)
    ]
    assert all(f"127.0.0.1:{port}" in log.message and "Connection refused" in log.message for log in retries)
