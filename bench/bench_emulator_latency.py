"""Emulator latency under concurrency: p50/p99 of one call with 32 client threads at once.

Three workloads, each started by a barrier so every thread connects and sends at the same moment:

- ``sdk first call``: the official STS SDK (``GetCallerIdentity``, V3-signed, authenticated), one new
  client per thread, its first call only: 32 connects at once, plus the SDK's own warm-up.
- ``sdk keep-alive``: the same clients after that first call, ``--calls`` calls each over the SDK's
  pooled keep-alive connections.
- ``new connection``: ``GET /_emulator/health`` over a fresh ``http.client`` connection per call,
  so every call goes through the listen queue (where a short backlog shows as 1 s SYN retries).

Prints a table and writes ``bench/results/emulator_latency.json``. Not a test: figures depend on the machine.

Run: ``make bench`` or ``.venv/bin/python bench/bench_emulator_latency.py [--threads 32] [--calls 20]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import platform
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alibabacloud_sts20150401.client import Client as StsClient

from alicloud_gov.emulator.testing import RunningEmulator, start_emulator

RESULTS = Path(__file__).parent / "results" / "emulator_latency.json"


def sdk_call(cloud: RunningEmulator) -> Callable[[], Callable[[], None]]:
    """A factory of per-thread callables doing one STS GetCallerIdentity as the acme root."""

    def make() -> Callable[[], None]:
        client = StsClient(cloud.root_config("acme"))
        return client.get_caller_identity

    return make


def fresh_connection_call(cloud: RunningEmulator) -> Callable[[], Callable[[], None]]:
    """A factory of per-thread callables doing one health GET over a new TCP connection."""

    def make() -> Callable[[], None]:
        def call() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", cloud.port, timeout=30)
            try:
                connection.request("GET", "/_emulator/health")
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"health answered {response.status}")
            finally:
                connection.close()

        return call

    return make


def latencies(make: Callable[[], Callable[[], None]], threads: int, calls: int, *, warm: bool = False) -> list[float]:
    """Seconds per call, over ``threads`` threads released together, ``calls`` calls each (after one untimed)."""
    samples: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def run() -> None:
        call = make()
        if warm:
            call()
        barrier.wait()
        own: list[float] = []
        for _ in range(calls):
            started = time.perf_counter()
            try:
                call()
            except Exception as error:  # a failed call is reported, not timed
                errors.append(error)
                continue
            own.append(time.perf_counter() - started)
        with lock:
            samples.extend(own)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise RuntimeError(f"{len(errors)} calls failed, first: {errors[0]!r}")
    return samples


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at ``fraction`` (nearest rank) of the sorted samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> None:
    """Run both workloads, print a table and write bench/results/emulator_latency.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--threads", type=int, default=32, help="concurrent client threads")
    parser.add_argument("--calls", type=int, default=20, help="calls per thread")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with start_emulator() as cloud:
        workloads = (
            ("sdk first call", sdk_call, 1, False),
            ("sdk keep-alive", sdk_call, args.calls, True),
            ("new connection", fresh_connection_call, args.calls, False),
        )
        for name, factory, calls, warm in workloads:
            samples = latencies(factory(cloud), args.threads, calls, warm=warm)
            rows.append(
                {
                    "workload": name,
                    "threads": args.threads,
                    "calls": len(samples),
                    "p50_ms": round(statistics.median(samples) * 1000, 1),
                    "p99_ms": round(percentile(samples, 0.99) * 1000, 1),
                    "max_ms": round(max(samples) * 1000, 1),
                }
            )
    print(f"{'workload':<18}{'threads':>8}{'calls':>7}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for row in rows:
        print(
            f"{row['workload']:<18}{row['threads']:>8}{row['calls']:>7}{row['p50_ms']:>9}{row['p99_ms']:>9}"
            f"{row['max_ms']:>9}"
        )
    report = {"python": platform.python_version(), "machine": platform.machine(), "results": rows}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
