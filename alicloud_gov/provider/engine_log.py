"""The cloud layer's retry lines, sent to the Pulumi engine's log (``Engine.Log``) under the resource's URN.

The plugin's stdout and stderr are not the user's console; the engine's ``Log`` RPC is (the same channel
``pulumi.info`` uses in a program). :func:`forward_retries` attaches an :class:`EngineLogHandler` to
:data:`~alicloud_gov.cloud.retry.RETRY_LOGGER`; :func:`working_on` says which resource the current request is
for, and the URN travels with the request's context into the worker thread that makes the cloud call
(``asyncio.to_thread`` copies context variables).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from contextvars import ContextVar

import grpc

from alicloud_gov import pulumi_internals
from alicloud_gov.cloud.retry import RETRY_LOGGER

__all__ = ["EngineLogHandler", "current_urn", "forward_retries", "working_on"]

current_urn: ContextVar[str] = ContextVar("alicloud_gov_current_urn", default="")
"""The URN of the resource the current engine request is about ("" for none)."""

LOG_TIMEOUT_SECONDS = 5.0
"""How long one ``Log`` call may take before the line goes to stderr instead."""


@contextlib.contextmanager
def working_on(urn: str) -> Iterator[None]:
    """Attribute lines logged inside the block (and in threads it starts with ``to_thread``) to ``urn``."""
    token = current_urn.set(urn)
    try:
        yield
    finally:
        current_urn.reset(token)


class EngineLogHandler(logging.Handler):
    """Sends each record as an INFO diagnostic to the engine at ``engine_address`` (a retry is progress, not a
    problem: the final error, if any, is reported by the failing request itself)."""

    def __init__(self, engine_address: str) -> None:
        super().__init__(level=logging.INFO)
        from pulumi.runtime.proto import engine_pb2_grpc

        self._channel = grpc.insecure_channel(engine_address, options=pulumi_internals.grpc_channel_options())
        self._engine = engine_pb2_grpc.EngineStub(self._channel)

    def emit(self, record: logging.LogRecord) -> None:
        """One ``Log`` call; if the engine cannot take it, the line goes to stderr (the engine's plugin log)."""
        from pulumi.runtime.proto import engine_pb2

        message = self.format(record)
        request = engine_pb2.LogRequest(severity=engine_pb2.INFO, message=message, urn=current_urn.get())
        try:
            self._engine.Log(request, timeout=LOG_TIMEOUT_SECONDS)
        except grpc.RpcError:
            with contextlib.suppress(OSError):
                sys.stderr.write(message + "\n")

    def close(self) -> None:
        """Close the channel to the engine."""
        self._channel.close()
        super().close()


def forward_retries(engine_address: str) -> EngineLogHandler:
    """Send every retry line to the engine from now on (instead of the plugin's stderr); returns the handler."""
    handler = EngineLogHandler(engine_address)
    logger = logging.getLogger(RETRY_LOGGER)
    logger.addHandler(handler)
    logger.propagate = False
    return handler
