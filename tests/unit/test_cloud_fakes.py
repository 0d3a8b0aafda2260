"""Test doubles for the cloud unit tests: a fake clock, a max RNG, a scripted transport (no tests here)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any


class FakeClock:
    """Monotonic time that only moves when someone sleeps (or a test advances it)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class MaxRandom(random.Random):
    """An RNG whose uniform(a, b) returns b: makes full-jitter delays equal their cap."""

    def uniform(self, a: float, b: float) -> float:
        return b


Step = Callable[[str, Mapping[str, Any]], Any]


class ScriptedTransport:
    """Answers calls from a script: each step is a body dict (success) or an exception to raise."""

    def __init__(self, *steps: object) -> None:
        self.steps = list(steps)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        self.calls.append((action, dict(params)))
        if not self.steps:
            raise AssertionError(f"unexpected extra call {action}")
        step = self.steps.pop(0)
        if callable(step) and not isinstance(step, BaseException):
            step = step(action, params)
        if isinstance(step, BaseException):
            raise step
        return {"body": step, "headers": {}, "statusCode": 200}
