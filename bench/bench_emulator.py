"""Emulator throughput with the official RAM SDK as client, against a plain http.server echo, same run.

The peer is the floor any Python HTTP emulator stands on: a ``ThreadingHTTPServer`` (HTTP/1.1,
keep-alive, Nagle off) that answers every request with a fixed, SDK-parsable JSON body and does
nothing else: no signature check, no routing, no state. Ours is the emulator doing its full work per
call: route, verify the ACS3-HMAC-SHA256 signature and nonce, authorise (for a RAM user: build or
reuse the account's StackModel and evaluate), run the handler in a SQLite transaction, render JSON.

Both are driven by the same client code (``alibabacloud_ram20150501.Client``, one per thread), so the
ratio (ours / echo requests per second) isolates what the emulator adds. Workloads: GetUser as the
account root, GetUser as a RAM user (authorised by a system policy), CreateUser (a write); each with
1 thread and with 4 threads. Also reported: the median time the emulator spends inside
``Emulator.handle`` per request (its own work, without HTTP parsing or the client; with 4 threads
it includes waiting for the store lock). Echo and emulator rounds alternate and the best round of
each counts (background load hits both alike). Client and servers share one process (and its GIL),
as the test suite does. Prints a table and writes ``bench/results/emulator.json``.

Run: ``make bench`` or ``.venv/bin/python bench/bench_emulator.py [--calls N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import models as open_api_models

from alicloud_gov.emulator.testing import start_emulator

RESULTS = Path(__file__).parent / "results" / "emulator.json"
ECHO_BODY = json.dumps(
    {
        "RequestId": "00000000-0000-0000-0000-000000000000",
        "User": {"UserId": "2600000000000001", "UserName": "bench", "DisplayName": "bench", "CreateDate": ""},
    }
).encode()


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def _reply(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(ECHO_BODY)))
        self.end_headers()
        self.wfile.write(ECHO_BODY)

    do_GET = _reply
    do_POST = _reply

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def echo_server() -> tuple[ThreadingHTTPServer, threading.Thread]:
    """The peer: a plain threading HTTP/1.1 server answering one fixed JSON body."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def ram_client(endpoint: str, key_id: str, secret: str) -> RamClient:
    """An official RAM client for an endpoint."""
    config = open_api_models.Config(
        access_key_id=key_id, access_key_secret=secret, endpoint=endpoint, protocol="http", region_id="cn-hangzhou"
    )
    return RamClient(config)


Workload = Callable[[RamClient, int, int], None]


def get_user(client: RamClient, worker: int, index: int) -> None:
    """Read one user."""
    client.get_user(ram_models.GetUserRequest(user_name="bench"))


def create_user(client: RamClient, worker: int, index: int) -> None:
    """Create a fresh user."""
    client.create_user(ram_models.CreateUserRequest(user_name=f"new-{worker}-{index}-{time.monotonic_ns() % 10**9}"))


def forget_created_users(emulator: Any, account: str) -> None:
    """Delete the users CreateUser rounds made (untimed), so rounds stay under the account's user quota."""
    store = emulator.store
    for entity in store.list_entities(account, "ram_user", key_prefix="new-"):
        store.delete(account, "ram_user", entity.key)


def requests_per_second(make_client: Callable[[], RamClient], workload: Workload, calls: int, threads: int) -> float:
    """Run ``calls`` requests split over ``threads`` threads (each with its own client); requests per second."""
    clients = [make_client() for _ in range(threads)]
    for client in clients:
        workload(client, -1, -1)  # warm the connection
    per_thread = calls // threads
    barrier = threading.Barrier(threads + 1)

    def run(worker: int) -> None:
        barrier.wait()
        for index in range(per_thread):
            workload(clients[worker], worker, index)

    workers = [threading.Thread(target=run, args=(worker,)) for worker in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    return per_thread * threads / (time.perf_counter() - started)


class HandleTimer:
    """Wraps Emulator.handle to measure the emulator's own CPU-side work per request (no HTTP, no client)."""

    def __init__(self, emulator: Any) -> None:
        self.samples: list[float] = []
        self._lock = threading.Lock()
        self._original = emulator.handle
        emulator.handle = self._timed

    def _timed(self, request: Any) -> Any:
        started = time.perf_counter()
        response = self._original(request)
        elapsed = time.perf_counter() - started
        with self._lock:
            self.samples.append(elapsed)
        return response

    def take_median_us(self) -> float:
        """Median of the samples since the last call, in microseconds; clears them."""
        with self._lock:
            samples, self.samples = sorted(self.samples), []
        return samples[len(samples) // 2] * 1e6 if samples else 0.0


def main() -> None:
    """Run the benchmark, print a table and write bench/results/emulator.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per contender (the best counts)")
    args = parser.parse_args()

    rows: list[dict[str, Any]] = []
    echo, _ = echo_server()
    echo_endpoint = f"127.0.0.1:{echo.server_address[1]}"
    with start_emulator() as emulator:
        acme = emulator.account("acme")
        root = ram_client(emulator.endpoint, acme.access_key_id, acme.access_key_secret)
        root.create_user(ram_models.CreateUserRequest(user_name="bench"))
        root.create_user(ram_models.CreateUserRequest(user_name="reader"))
        root.attach_policy_to_user(
            ram_models.AttachPolicyToUserRequest(
                user_name="reader", policy_name="AliyunRAMReadOnlyAccess", policy_type="System"
            )
        )
        key = root.create_access_key(ram_models.CreateAccessKeyRequest(user_name="reader")).body.access_key
        contenders: list[tuple[str, Callable[[], RamClient], Workload]] = [
            (
                "GetUser as root",
                lambda: ram_client(emulator.endpoint, acme.access_key_id, acme.access_key_secret),
                get_user,
            ),
            (
                "GetUser as RAM user (authz)",
                lambda: ram_client(emulator.endpoint, key.access_key_id, key.access_key_secret),
                get_user,
            ),
            (
                "CreateUser as root",
                lambda: ram_client(emulator.endpoint, acme.access_key_id, acme.access_key_secret),
                create_user,
            ),
        ]
        echo_client: Callable[[], RamClient] = lambda: ram_client(echo_endpoint, "x", "y")  # noqa: E731
        timer = HandleTimer(emulator.emulator)
        for threads in (1, 4):
            for name, make_client, workload in contenders:
                echo_rounds: list[float] = []
                our_rounds: list[float] = []
                timer.take_median_us()
                for _ in range(args.rounds):  # alternate so background load hits both alike
                    forget_created_users(emulator.emulator, acme.uid)
                    echo_rounds.append(requests_per_second(echo_client, get_user, args.calls, threads))
                    our_rounds.append(requests_per_second(make_client, workload, args.calls, threads))
                handle_us = timer.take_median_us()
                ours, echo_rps = max(our_rounds), max(echo_rounds)
                rows.append(
                    {
                        "workload": name,
                        "threads": threads,
                        "emulator_rps": round(ours, 1),
                        "echo_rps": round(echo_rps, 1),
                        "ratio_emulator_over_echo": round(ours / echo_rps, 3),
                        "emulator_handle_median_us": round(handle_us, 1),
                    }
                )
    echo.shutdown()
    echo.server_close()

    print(f"{'workload':<30}{'threads':>8}{'emulator req/s':>16}{'echo req/s':>12}{'ratio':>8}{'handle us':>11}")
    for row in rows:
        print(
            f"{row['workload']:<30}{row['threads']:>8}{row['emulator_rps']:>16}{row['echo_rps']:>12}"
            f"{row['ratio_emulator_over_echo']:>8}{row['emulator_handle_median_us']:>11}"
        )
    report = {
        "peer": "http.server ThreadingHTTPServer echo (fixed JSON, no auth), same SDK client",
        "client": "alibabacloud_ram20150501.Client (tea-openapi, V3 signatures)",
        "calls_per_round": args.calls,
        "rounds": args.rounds,
        "statistic": "best round of each contender, rounds alternating",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "results": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
