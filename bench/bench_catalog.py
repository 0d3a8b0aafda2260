"""Action catalogue lookups: our indexed Catalog against parliament's bundled IAM catalogue, same run.

parliament (the offline AWS policy linter) is the peer: it ships a catalogue of every AWS service's actions and
expands an action pattern with ``expand_action`` (a scan of its services and fnmatch over the service's
actions, results memoised). Ours is :class:`alicloud_gov.policy.catalog.Catalog` (a dict per service, one
compiled regex per pattern, results memoised).

The catalogues differ in size (AWS has many more actions), so patterns are generated the same way from each
catalogue's own action names, and each cold pattern expansion is reported both per call and per action of the
service scanned (the fair unit). Three kinds of query: exact names in lower case (``vpc:createvpc``), prefix
wildcards (``vpc:Describe*``) and infix wildcards (``vpc:*Vpc*``). "Cold" queries are distinct patterns with
empty memo caches; "warm" repeats them. Reports calls per second, the ratios (ours / parliament time;
below 1.0 means faster) and writes ``bench/results/catalog.json``.

Run: ``make bench`` or ``.venv/bin/python bench/bench_catalog.py [--patterns N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import parliament

from alicloud_gov.policy.catalog import Catalog, catalog_from_data, read_catalog_files

RESULTS = Path(__file__).parent / "results" / "catalog.json"
WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def our_names(catalog: Catalog) -> dict[str, list[str]]:
    """Service code -> action names of our catalogue."""
    names: dict[str, list[str]] = {}
    for info in catalog.actions():
        names.setdefault(info.service, []).append(info.name)
    return names


def peer_names() -> dict[str, list[str]]:
    """Service prefix -> action names of parliament's catalogue."""
    return {
        service["prefix"]: [p["privilege"] for p in service["privileges"]]
        for service in parliament.iam_definition
        if service["privileges"]
    }


def make_patterns(names: dict[str, list[str]], count: int, seed: int) -> dict[str, list[tuple[str, int]]]:
    """``count`` distinct queries of each kind, as (pattern, size of the service it names)."""
    rng = random.Random(seed)
    services = sorted(names)
    weights = [len(names[s]) for s in services]
    kinds: dict[str, list[tuple[str, int]]] = {"exact": [], "prefix": [], "infix": []}
    seen: set[str] = set()
    attempts = 0
    while min(len(v) for v in kinds.values()) < count and attempts < count * 200:
        attempts += 1
        service = rng.choices(services, weights)[0]
        name = rng.choice(names[service])
        words = WORD.findall(name)
        size = len(names[service])
        candidates = {
            "exact": f"{service}:{name.lower()}",
            "prefix": f"{service}:{words[0]}*",
            "infix": f"{service}:*{rng.choice(words)}*",
        }
        for kind, pattern in candidates.items():
            if len(kinds[kind]) < count and pattern.lower() not in seen:
                seen.add(pattern.lower())
                kinds[kind].append((pattern, size))
    return kinds


def time_calls(
    call: Callable[[str], object], patterns: Sequence[tuple[str, int]], reset: Callable[[], None]
) -> dict[str, float]:
    """Seconds for one cold pass (caches reset first) and one warm pass over the same patterns."""
    reset()
    started = time.perf_counter()
    for pattern, _ in patterns:
        call(pattern)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for pattern, _ in patterns:
        call(pattern)
    warm = time.perf_counter() - started
    return {"cold": cold, "warm": warm}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the report and write the JSON results."""
    parser = argparse.ArgumentParser(description="catalogue lookups: ours vs parliament")
    parser.add_argument("--patterns", type=int, default=300, help="distinct queries per kind")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    files = read_catalog_files()
    catalog = catalog_from_data(files)
    load_seconds = time.perf_counter() - started
    ours = make_patterns(our_names(catalog), args.patterns, seed=1)
    peer = make_patterns(peer_names(), args.patterns, seed=1)

    state: dict[str, Catalog] = {"catalog": catalog}

    def ours_reset() -> None:
        state["catalog"] = catalog_from_data(files)  # a fresh catalogue: empty match cache

    def ours_call(pattern: str) -> object:
        return state["catalog"].match(pattern)

    def peer_call(pattern: str) -> object:
        return parliament.expand_action(pattern, raise_exceptions=False)

    results: dict[str, Any] = {}
    for kind in ("exact", "prefix", "infix"):
        rounds: dict[str, list[dict[str, float]]] = {"ours": [], "parliament": []}
        for _ in range(args.rounds):
            rounds["ours"].append(time_calls(ours_call, ours[kind], ours_reset))
            rounds["parliament"].append(time_calls(peer_call, peer[kind], parliament.expand_action.cache_clear))
        ours_scanned = sum(size for _, size in ours[kind])
        peer_scanned = sum(size for _, size in peer[kind])
        entry: dict[str, Any] = {"queries": len(ours[kind])}
        for phase in ("cold", "warm"):
            ours_s = statistics.median(r[phase] for r in rounds["ours"])
            peer_s = statistics.median(r[phase] for r in rounds["parliament"])
            entry[phase] = {
                "ours_us_per_query": ours_s / len(ours[kind]) * 1e6,
                "parliament_us_per_query": peer_s / len(peer[kind]) * 1e6,
                "ratio_per_query": (ours_s / len(ours[kind])) / (peer_s / len(peer[kind])),
            }
            if phase == "cold":
                entry[phase]["ours_ns_per_action_scanned"] = ours_s / ours_scanned * 1e9
                entry[phase]["parliament_ns_per_action_scanned"] = peer_s / peer_scanned * 1e9
                entry[phase]["ratio_per_action_scanned"] = (ours_s / ours_scanned) / (peer_s / peer_scanned)
        results[kind] = entry

    report = {
        "benchmark": "catalog",
        "python": platform.python_version(),
        "catalogue_actions": {"ours": len(catalog.actions()), "parliament": sum(len(v) for v in peer_names().values())},
        "ours_load_and_index_ms": load_seconds * 1e3,
        "rounds": args.rounds,
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    sizes = report["catalogue_actions"]
    print(f"catalogue actions: ours {sizes['ours']}, parliament {sizes['parliament']}")
    print(f"our load + index: {load_seconds * 1e3:.1f} ms")
    for kind, entry in results.items():
        cold, warm = entry["cold"], entry["warm"]
        print(
            f"{kind:6} cold: ours {cold['ours_us_per_query']:8.1f} us/query, parliament "
            f"{cold['parliament_us_per_query']:8.1f} (ratio {cold['ratio_per_query']:.3f}; per action scanned "
            f"{cold['ratio_per_action_scanned']:.3f}) | warm: ours {warm['ours_us_per_query']:.2f} us, parliament "
            f"{warm['parliament_us_per_query']:.2f} (ratio {warm['ratio_per_query']:.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
