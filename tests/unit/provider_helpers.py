"""Helpers for tests that call the provider's methods directly (no engine, no cloud)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Mapping
from typing import Any, TypeVar

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import CheckRequest, DiffRequest

from alicloud_gov.provider.values import map_from_plain

T = TypeVar("T")


def urn(type_name: str, name: str) -> str:
    """A resource URN of this package."""
    return f"urn:pulumi:dev::proj::alicloud-gov:index:{type_name}::{name}"


def props(values: Mapping[str, Any]) -> dict[str, PropertyValue]:
    """A property map from plain values."""
    return map_from_plain(values)


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one provider coroutine to completion on a private loop.

    Unlike ``asyncio.run`` this leaves the thread's current event loop alone, which tests using Pulumi's
    mocks in the same process rely on.
    """
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


def check_request(type_name: str, name: str, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None) -> Any:
    """A CheckRequest for ``type_name`` named ``name``."""
    return CheckRequest(urn(type_name, name), props(olds or {}), props(news), b"")


def diff_request(
    type_name: str, olds: Mapping[str, Any], news: Mapping[str, Any], ignore_changes: list[str] | None = None
) -> Any:
    """A DiffRequest comparing stored state ``olds`` with new inputs ``news``."""
    return DiffRequest(urn(type_name, "r"), "id-1", props(olds), props(news), ignore_changes or [])
