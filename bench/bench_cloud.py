"""Cloud layer overhead: our Cloud/ProductClient against raw tea-openapi ``call_api``, same calls, same run.

Starts the embedded emulator, creates a few users, then makes identical read calls (RAM GetUser, RAM
ListUsers) interleaved call by call, two ways: raw ``Client.call_api`` with a prepared ``Params`` (the floor:
signing + HTTP + JSON), and ``cloud.ram.call`` (the same plus our retries, error mapping, credential
provider, logging). Reports median latency and calls per second for each, the ratio of medians (ours / raw;
1.0 = no overhead) with the quartiles of per-pair ratios, the absolute overhead per call, and the in-process
cost of our layer alone over a no-op transport. Over loopback HTTP the layer's few microseconds are small
against a ~1 ms round trip, so a ratio inside the per-pair quartiles around 1.0 means "no measurable overhead".

Run: ``make bench`` or ``.venv/bin/python bench/bench_cloud.py [--calls N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from alibabacloud_tea_openapi import models as om
from alibabacloud_tea_openapi.client import Client as TeaClient
from alibabacloud_tea_openapi.utils import Utils
from darabonba.runtime import RuntimeOptions

from alicloud_gov.cloud import Cloud, CloudConfig, ProductClient, StaticCredentials
from alicloud_gov.cloud.products import RAM
from alicloud_gov.cloud.retry import Retrier, RetryPolicy
from alicloud_gov.emulator.testing import start_emulator

ACME_KEY = ("LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
CALLS: list[tuple[str, dict[str, Any]]] = [("GetUser", {"UserName": "bench-user-1"}), ("ListUsers", {"MaxItems": 10})]


def raw_caller(endpoint: str) -> Callable[[str, Mapping[str, Any]], dict[str, Any]]:
    """The floor: one tea client, prepared runtime, call_api per request, body returned."""
    client = TeaClient(
        om.Config(access_key_id=ACME_KEY[0], access_key_secret=ACME_KEY[1], endpoint=endpoint, protocol="http")
    )
    runtime = RuntimeOptions()

    def call(action: str, params: Mapping[str, Any]) -> dict[str, Any]:
        api = om.Params(
            action=action,
            version=RAM.version,
            protocol="HTTP",
            pathname="/",
            method="POST",
            auth_type="AK",
            style="RPC",
            req_body_type="formData",
            body_type="json",
        )
        response = client.call_api(api, om.OpenApiRequest(query=Utils.query(dict(params))), runtime)
        return response["body"]  # type: ignore[no-any-return]

    return call


def paired_latencies(
    raw: Callable[[str, Mapping[str, Any]], Any], ours: Callable[[str, Mapping[str, Any]], Any], calls: int
) -> tuple[list[float], list[float]]:
    """Per-call seconds for each contender, interleaved call by call (alternating who goes first) so that
    load on the machine hits both alike."""
    raw_times: list[float] = []
    our_times: list[float] = []
    for i in range(calls):
        action, params = CALLS[i % len(CALLS)]
        order = ((raw, raw_times), (ours, our_times)) if i % 2 == 0 else ((ours, our_times), (raw, raw_times))
        for call, sink in order:
            start = time.perf_counter()
            call(action, params)
            sink.append(time.perf_counter() - start)
    return raw_times, our_times


def layer_only_cost(calls: int) -> float:
    """Microseconds per call of our layer alone (retrier, mapping, logging) over a transport that does nothing."""
    body = {"RequestId": "R", "User": {"UserName": "x"}}

    def transport(action: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
        return {"body": body, "headers": {}, "statusCode": 200}

    client = ProductClient(RAM, transport, Retrier(RetryPolicy()))
    start = time.perf_counter()
    for _ in range(calls):
        client.call("GetUser", {"UserName": "x"})
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    """Run the benchmark, print a table and write bench/results/cloud.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls per contender (interleaved)")
    args = parser.parse_args()

    with start_emulator() as emulator:
        cloud = Cloud(CloudConfig(endpoint=emulator.endpoint, credentials=StaticCredentials(*ACME_KEY)))
        for i in range(1, 4):
            cloud.ram.call("CreateUser", {"UserName": f"bench-user-{i}"})
        raw = raw_caller(emulator.endpoint)
        assert raw("GetUser", CALLS[0][1])["User"] == cloud.ram.call("GetUser", CALLS[0][1])["User"]
        paired_latencies(raw, cloud.ram.call, 40)  # warm both paths (connection pools, imports)
        raw_times, our_times = paired_latencies(raw, cloud.ram.call, args.calls)

    raw_s, ours_s = statistics.median(raw_times), statistics.median(our_times)
    pair_ratios = sorted(o / r for o, r in zip(our_times, raw_times, strict=True))
    quartiles = statistics.quantiles(pair_ratios, n=4)
    report = {
        "calls_per_contender": args.calls,
        "calls": [action for action, _ in CALLS],
        "raw_call_api_median_ms": round(raw_s * 1e3, 3),
        "ours_median_ms": round(ours_s * 1e3, 3),
        "raw_call_api_calls_per_s": round(1 / raw_s, 1),
        "ours_calls_per_s": round(1 / ours_s, 1),
        "time_ratio_ours_over_raw": round(ours_s / raw_s, 3),
        "pair_ratio_quartiles": [round(q, 3) for q in quartiles],
        "overhead_us_per_call": round((ours_s - raw_s) * 1e6, 1),
        "layer_only_us_per_call": round(layer_only_cost(20_000), 2),
    }
    print(f"{'contender':<34}{'calls/s':>10}")
    print(f"{'raw tea-openapi call_api':<34}{report['raw_call_api_calls_per_s']:>10}")
    print(f"{'alicloud_gov.cloud ProductClient':<34}{report['ours_calls_per_s']:>10}")
    low, _mid, high = report["pair_ratio_quartiles"]
    print(f"time ratio (ours / raw, medians): {report['time_ratio_ours_over_raw']}x (per-pair IQR {low}..{high})")
    print(
        f"overhead per call: {report['overhead_us_per_call']} us (layer alone: {report['layer_only_us_per_call']} us)"
    )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "cloud.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
