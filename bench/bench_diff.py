"""Diff throughput: our normalised comparison against a naive deepdiff of the raw documents.

Generates 10 000 pairs of policy documents (seeded): each pair is the same policy
as written by a user and as returned by the service (reformatted, reordered,
string-vs-list, action case), and one pair in ten carries a real change. Both
contenders must decide "changed or not" for every pair; the report gives pairs
per second for each, their ratio, and how many false diffs each produced.

Run: ``make bench`` or ``.venv/bin/python bench/bench_diff.py [--pairs N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

from deepdiff import DeepDiff

from alicloud_gov.plan import PropertySpec, ResourceSchema, diff_properties

ACTIONS = [
    "ram:GetUser",
    "ram:ListUsers",
    "ram:CreateUser",
    "vpc:CreateVpc",
    "vpc:DescribeVpcs",
    "vpc:DeleteVpc",
    "expressconnectrouter:DescribeExpressConnectRouter",
    "sts:AssumeRole",
    "ecs:Describe*",
]
RESOURCES = ["*", "acs:vpc:cn-hangzhou:*:vpc/*", "acs:ram::1000000000000001:role/ops", "acs:oss:*:*:bucket/*"]
SCHEMA = ResourceSchema("RamPolicy", (PropertySpec("document", "policy"),))


def make_policy(rng: random.Random) -> dict[str, Any]:
    """A realistic identity policy with one to four statements."""
    statements = []
    for _ in range(rng.randint(1, 4)):
        statement: dict[str, Any] = {
            "Effect": rng.choice(["Allow", "Allow", "Deny"]),
            "Action": rng.sample(ACTIONS, rng.randint(1, 4)),
            "Resource": rng.sample(RESOURCES, rng.randint(1, 2)),
        }
        if rng.random() < 0.3:
            statement["Condition"] = {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8"]}}
        statements.append(statement)
    return {"Version": "1", "Statement": statements}


def as_service_returns(policy: dict[str, Any], rng: random.Random) -> str:
    """The same policy the way the service hands it back: compact, reordered, lists collapsed."""
    statements = []
    for statement in policy["Statement"]:
        copy = {}
        for key in sorted(statement, reverse=True):
            value = statement[key]
            if key == "Action":
                value = [v.lower() for v in value]
            if isinstance(value, list) and len(value) == 1:
                value = value[0]
            copy[key] = value
        statements.append(copy)
    rng.shuffle(statements)
    return json.dumps({"Statement": statements, "Version": "1"}, separators=(",", ":"))


def build_corpus(pairs: int, seed: int) -> list[tuple[dict[str, Any], str, bool]]:
    """(declared, returned, really_changed) triples."""
    rng = random.Random(seed)
    corpus = []
    for index in range(pairs):
        declared = make_policy(rng)
        changed = index % 10 == 0
        returned_source = json.loads(json.dumps(declared))
        if changed:
            returned_source["Statement"][0]["Action"] = [
                *returned_source["Statement"][0]["Action"],
                "vpc:CreateNatGateway",
            ]
        corpus.append((declared, as_service_returns(returned_source, rng), changed))
    return corpus


def run_ours(corpus: list[tuple[dict[str, Any], str, bool]]) -> tuple[float, int]:
    """Seconds taken and false verdicts of the diff engine."""
    start = time.perf_counter()
    wrong = 0
    for declared, returned, changed in corpus:
        verdict = diff_properties(SCHEMA, {"document": returned}, {"document": declared}).has_changes
        wrong += verdict != changed
    return time.perf_counter() - start, wrong


def run_naive(corpus: list[tuple[dict[str, Any], str, bool]]) -> tuple[float, int]:
    """Seconds taken and false verdicts of deepdiff over the raw parsed documents (order ignored)."""
    start = time.perf_counter()
    wrong = 0
    for declared, returned, changed in corpus:
        verdict = bool(DeepDiff(declared, json.loads(returned), ignore_order=True))
        wrong += verdict != changed
    return time.perf_counter() - start, wrong


def main() -> None:
    """Run both contenders on the same corpus and report the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpus = build_corpus(args.pairs, args.seed)
    ours_s, ours_wrong = run_ours(corpus)
    naive_s, naive_wrong = run_naive(corpus)
    report = {
        "benchmark": "diff",
        "pairs": args.pairs,
        "ours_pairs_per_s": round(args.pairs / ours_s, 1),
        "naive_deepdiff_pairs_per_s": round(args.pairs / naive_s, 1),
        "speed_ratio_ours_over_naive": round(naive_s / ours_s, 2),
        "ours_false_verdicts": ours_wrong,
        "naive_false_verdicts": naive_wrong,
    }
    print(f"{'contender':<28}{'pairs/s':>12}{'false verdicts':>16}")
    print(f"{'alicloud-gov diff engine':<28}{report['ours_pairs_per_s']:>12}{ours_wrong:>16}")
    print(f"{'deepdiff on raw documents':<28}{report['naive_deepdiff_pairs_per_s']:>12}{naive_wrong:>16}")
    print(f"ratio (ours / naive speed): {report['speed_ratio_ours_over_naive']}x")
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "diff.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
