"""Policy check throughput: ``check_policy`` against parliament's ``analyze_policy_string``, same run, same shapes.

parliament is the peer: the offline AWS IAM policy linter (parses the document, resolves every action against its
bundled catalogue, checks resources and conditions, runs its auditors). Ours is
:func:`alicloud_gov.policy.checks.check_policy` (located parse + every registered check).

A seeded RNG draws a corpus of realistic policy *shapes* (statements, Allow/Deny, exact and wildcard actions,
``*`` or ARNs, conditions) and renders each shape twice: as a RAM policy from our catalogue and as the equivalent
AWS IAM policy from parliament's (vpc -> ec2, ram -> iam, sts -> sts, expressconnectrouter -> directconnect,
resourcemanager -> resource-groups, ecs -> ec2; acs:SourceIp -> aws:SourceIp ...). Both tools analyse their
corpus ``--rounds`` times; the best round counts. Reports documents/s and statements/s (CPU time) for each and the time
ratio (ours / parliament: below 1.0 means ours is faster), and writes ``bench/results/check.json``.

Run: ``make bench`` or ``.venv/bin/python bench/bench_check.py [--documents N] [--rounds R] [--seed S]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import parliament

from alicloud_gov.policy.catalog import load_catalog
from alicloud_gov.policy.checks import check_policy

RESULTS = Path(__file__).parent / "results" / "check.json"
ACCOUNT_RAM = "1000000000000001"
ACCOUNT_AWS = "123456789012"
SERVICE_MAP = {
    "vpc": "ec2",
    "ram": "iam",
    "sts": "sts",
    "expressconnectrouter": "directconnect",
    "resourcemanager": "resource-groups",
}
SERVICE_WEIGHTS = {"vpc": 6, "ram": 3, "expressconnectrouter": 2, "sts": 1, "resourcemanager": 1}
CONDITIONS: list[tuple[str, str, str | list[str]]] = [
    ("IpAddress", "SourceIp", ["10.0.0.0/8", "192.168.0.0/16"]),
    ("Bool", "SecureTransport", "true"),
    ("DateLessThan", "CurrentTime", "2027-01-01T00:00:00Z"),
    ("StringEquals", "SourceVpc", "vpc-1"),
]
VERBS = ("Describe", "List", "Get", "Create", "Delete", "Modify", "Update")


@dataclass(frozen=True)
class ActionDraw:
    """One Action entry of a shape: the service, an index into that service's actions, and a wildcard kind."""

    service: str
    index: int
    wildcard: str  # "" exact, "prefix" (Describe*), "service" (svc:*)


@dataclass(frozen=True)
class StatementShape:
    """A statement independent of the cloud: effect, actions, resources and conditions."""

    effect: str
    actions: tuple[ActionDraw, ...]
    resource_count: int  # 0 means "*"
    conditions: tuple[int, ...]


def draw_shapes(count: int, seed: int) -> list[list[StatementShape]]:
    """``count`` policy shapes from a seeded RNG (1-6 statements, 1-8 actions each, 20% ARNs, 30% conditions)."""
    rng = random.Random(seed)
    services = list(SERVICE_WEIGHTS)
    weights = [SERVICE_WEIGHTS[s] for s in services]
    shapes = []
    for _ in range(count):
        statements = []
        for _ in range(rng.randint(1, 6)):
            service = rng.choices(services, weights)[0]
            actions = tuple(
                ActionDraw(service, rng.randrange(1 << 30), rng.choices(["", "prefix", "service"], [85, 12, 3])[0])
                for _ in range(rng.randint(1, 8))
            )
            wildcards = [draw for draw in actions if draw.wildcard]
            if wildcards:  # as people write them: a wildcard statement stands alone ("vpc:Describe*")
                actions = (wildcards[0],)
            resource_count = rng.randint(1, 3) if rng.random() < 0.2 else 0
            conditions = tuple(rng.sample(range(len(CONDITIONS)), rng.randint(1, 2))) if rng.random() < 0.3 else ()
            effect = "Deny" if rng.random() < 0.1 else "Allow"
            statements.append(StatementShape(effect, actions, resource_count, conditions))
        shapes.append(statements)
    return shapes


class Renderer(ABC):
    """Turns shapes into documents for one cloud, from that cloud's own action names."""

    def __init__(self, names: dict[str, list[str]], prefix: str, version: str) -> None:
        self.names = {service: sorted(actions) for service, actions in names.items() if actions}
        self.prefix = prefix
        self.version = version

    def action(self, service: str, draw: ActionDraw) -> str:
        names = self.names[service]
        name = names[draw.index % len(names)]
        if draw.wildcard == "service":
            return f"{service}:*"
        if draw.wildcard == "prefix":
            verb = next((v for v in VERBS if name.startswith(v)), name[:3])
            return f"{service}:{verb}*"
        return f"{service}:{name}"

    @abstractmethod
    def arn(self, service: str, index: int) -> str:
        """A resource ARN of ``service`` in this cloud's format."""

    @abstractmethod
    def service(self, code: str) -> str:
        """This cloud's service code for the shape's service ``code``."""

    def render(self, shape: Sequence[StatementShape]) -> str:
        statements = []
        for statement in shape:
            service = self.service(statement.actions[0].service)
            body: dict[str, Any] = {
                "Effect": statement.effect,
                # distinct names, as people write them (a small service can draw the same action twice)
                "Action": list(dict.fromkeys(self.action(self.service(d.service), d) for d in statement.actions)),
                "Resource": [self.arn(service, i) for i in range(statement.resource_count)] or "*",
            }
            if statement.conditions:
                body["Condition"] = {
                    CONDITIONS[i][0]: {f"{self.prefix}:{CONDITIONS[i][1]}": CONDITIONS[i][2]}
                    for i in statement.conditions
                }
            statements.append(body)
        return json.dumps({"Version": self.version, "Statement": statements}, indent=2)


class RamRenderer(Renderer):
    """RAM documents from our catalogue."""

    def service(self, code: str) -> str:
        return code

    def arn(self, service: str, index: int) -> str:
        return {
            "vpc": f"acs:vpc:cn-hangzhou:{ACCOUNT_RAM}:vpc/vpc-{index}",
            "ram": f"acs:ram::{ACCOUNT_RAM}:user/user-{index}",
            "sts": f"acs:ram::{ACCOUNT_RAM}:role/role-{index}",
            "expressconnectrouter": f"acs:expressconnectrouter::{ACCOUNT_RAM}:ecr/ecr-{index}",
            "resourcemanager": f"acs:resourcemanager:*:{ACCOUNT_RAM}:resourcegroup/rg-{index}",
        }[service]


class AwsRenderer(Renderer):
    """Equivalent AWS IAM documents from parliament's catalogue."""

    def service(self, code: str) -> str:
        return SERVICE_MAP[code]

    def arn(self, service: str, index: int) -> str:
        return {
            "ec2": f"arn:aws:ec2:us-east-1:{ACCOUNT_AWS}:vpc/vpc-{index}",
            "iam": f"arn:aws:iam::{ACCOUNT_AWS}:user/user-{index}",
            "sts": f"arn:aws:iam::{ACCOUNT_AWS}:role/role-{index}",
            "directconnect": f"arn:aws:directconnect:us-east-1:{ACCOUNT_AWS}:dxcon/dxcon-{index}",
            "resource-groups": f"arn:aws:resource-groups:us-east-1:{ACCOUNT_AWS}:group/rg-{index}",
        }[service]


def time_corpus(analyse: Callable[[str], int], corpus: Sequence[str], rounds: int) -> tuple[float, int]:
    """Best CPU time of this process over ``rounds`` passes over ``corpus`` and the findings of the last pass.

    CPU time, not wall time: both tools are single-threaded, and a shared machine's load then skews neither.
    """
    best = float("inf")
    findings = 0
    for _ in range(rounds):
        started = time.process_time()
        findings = sum(analyse(document) for document in corpus)
        best = min(best, time.process_time() - started)
    return best, findings


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args(argv)

    catalog = load_catalog()
    ours_names: dict[str, list[str]] = {}
    for info in catalog.actions():
        ours_names.setdefault(info.service, []).append(info.name)
    peer_names = {s["prefix"]: [p["privilege"] for p in s["privileges"]] for s in parliament.iam_definition}
    shapes = draw_shapes(args.documents, args.seed)
    ram_corpus = [RamRenderer(ours_names, "acs", "1").render(shape) for shape in shapes]
    aws_corpus = [AwsRenderer(peer_names, "aws", "2012-10-17").render(shape) for shape in shapes]
    statements = sum(len(shape) for shape in shapes)

    # Warm-up: load catalogues and fill per-process caches the same way for both.
    check_policy(ram_corpus[0])
    parliament.analyze_policy_string(aws_corpus[0])

    ours_s, ours_findings = time_corpus(lambda d: len(check_policy(d)), ram_corpus, args.rounds)
    peer_s, peer_findings = time_corpus(
        lambda d: len(parliament.analyze_policy_string(d).findings), aws_corpus, args.rounds
    )

    def rates(seconds: float) -> dict[str, float]:
        return {
            "seconds": seconds,
            "documents_per_second": len(shapes) / seconds,
            "statements_per_second": statements / seconds,
        }

    report = {
        "benchmark": "check",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": args.seed,
        "rounds": args.rounds,
        "documents": len(shapes),
        "statements": statements,
        "characters": {"ours": sum(map(len, ram_corpus)), "parliament": sum(map(len, aws_corpus))},
        "ours": {**rates(ours_s), "findings": ours_findings},
        "parliament": {**rates(peer_s), "findings": peer_findings, "version": parliament.__version__},
        "ratio_time_ours_over_parliament": ours_s / peer_s,
        "speedup_vs_parliament": peer_s / ours_s,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"corpus: {len(shapes)} documents, {statements} statements (seed {args.seed}), best of {args.rounds} rounds")
    print(f"{'tool':<24}{'docs/s':>10}{'stmts/s':>11}{'total ms':>11}{'findings':>10}")
    for label, key in (("alicloud-gov check", "ours"), (f"parliament {parliament.__version__}", "parliament")):
        row = report[key]
        print(
            f"{label:<24}{row['documents_per_second']:>10.0f}{row['statements_per_second']:>11.0f}"
            f"{row['seconds'] * 1e3:>11.1f}{row['findings']:>10}"
        )
    print(
        f"time ratio ours/parliament: {report['ratio_time_ours_over_parliament']:.3f} "
        f"(ours {report['speedup_vs_parliament']:.2f}x the throughput)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
