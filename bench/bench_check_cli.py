"""``alicloud-gov check DIR`` end to end (process start-up included) against ``parliament --directory DIR``.

The audit use: one command over a folder of policy files. From one seed, ``--small`` and ``--large`` policies
(3 to 10 statements each) are drawn as shapes by :mod:`bench_check`'s generator and written twice: RAM documents
from our catalogue and equivalent AWS IAM documents from parliament's (same statements, same effects, wildcards,
ARNs and conditions; vpc -> ec2, ram -> iam, ...). Every third policy gets one more statement with a misspelt
action (``vpc:DescribeVpcsx`` / ``ec2:DescribeVpcsx``), a finding both tools report. Each tool runs as a child
process ``--rounds`` times per folder; the best round counts. Time is the child's CPU time (user + system, from
``getrusage``) so a loaded machine skews neither tool; wall time is reported next to it. Both tools run as
installed: our package is byte-compiled first (as ``pip install`` leaves it; parliament's already is), so a shell
with ``PYTHONDONTWRITEBYTECODE`` set does not make every round compile our modules from source.

Reports the time ratio at ``--small`` (parliament / ours: above 1 means ours is faster) and the statements/s at
the margin (the slope between the two sizes, start-up cancelled out), and writes ``bench/results/check_cli.json``.

Run: ``make bench`` or ``.venv/bin/python bench/bench_check_cli.py [--small N] [--large N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import compileall
import dataclasses
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import parliament
from bench_check import AwsRenderer, RamRenderer, Renderer, StatementShape, draw_shapes

import alicloud_gov
from alicloud_gov.policy.catalog import load_catalog
from alicloud_gov.policy.catalog.cache import CACHE_DIR_ENV

RESULTS = Path(__file__).parent / "results" / "check_cli.json"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Run:
    """One tool over one folder: best CPU and wall seconds, the first round's CPU, and the documents flagged."""

    cpu: float
    wall: float
    flagged: int
    first_cpu: float


READ_VERBS = ("Describe", "List", "Get")


def clean(statement: StatementShape) -> StatementShape:
    """The statement as a least-privilege author writes it: Allow, exact read actions, ``*``, conditions kept."""
    actions = tuple(dataclasses.replace(draw, wildcard="") for draw in statement.actions)
    return StatementShape("Allow", actions, 0, statement.conditions)


def read_actions(names: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each service's read actions (Describe*, List*, Get*): no escalation, no resource-level opinion."""
    return {service: [n for n in actions if n.startswith(READ_VERBS)] for service, actions in names.items()}


def draw_policies(count: int, seed: int) -> list[list[StatementShape]]:
    """``count`` policies of 3 to 10 statements from bench_check's statement shapes (same seed, same corpus)."""
    # sts has one read action: its statements would only repeat each other (a redundancy finding), so none
    drawn = (statement for shape in draw_shapes(count * 5, seed) for statement in shape)
    pool = [clean(statement) for statement in drawn if statement.actions[0].service != "sts"]
    rng = random.Random(seed + 1)
    policies, at = [], 0
    for _ in range(count):
        size = rng.randint(3, 10)
        policies.append(distinct(pool[at : at + size], rng))
        at += size
    return policies


def distinct(statements: list[StatementShape], rng: random.Random) -> list[StatementShape]:
    """The statements with consecutive action indices per service, so no action repeats within the policy."""
    next_index: dict[str, int] = {}
    result = []
    for statement in statements:
        actions = []
        for draw in statement.actions:
            index = next_index.setdefault(draw.service, rng.randrange(1 << 20))
            next_index[draw.service] = index + 1
            actions.append(dataclasses.replace(draw, index=index))
        result.append(dataclasses.replace(statement, actions=tuple(actions)))
    return result


def render(renderer: Renderer, shapes: list[list[StatementShape]], typo_service: str, folder: Path) -> None:
    """One file per policy; every third one with an extra statement naming a misspelt action."""
    folder.mkdir(parents=True)
    for index, shape in enumerate(shapes):
        document = json.loads(renderer.render(shape))
        if index % 3 == 0:
            document["Statement"].append(
                {"Effect": "Allow", "Action": f"{typo_service}:DescribeVpcsx", "Resource": "*"}
            )
        (folder / f"policy-{index:05d}.json").write_text(json.dumps(document, indent=2), encoding="utf-8")


def flagged_ours(stdout: str) -> int:
    """Documents with at least one finding in ``check --format json``'s report."""
    return len({finding["file"] for finding in json.loads(stdout)["findings"]})


def flagged_parliament(stdout: str) -> int:
    """Documents with at least one finding in ``parliament --json``'s output (one JSON object per line)."""
    return len({json.loads(line).get("location", {}).get("filepath") for line in stdout.splitlines() if line.strip()})


def run_tool(command: list[str], flagged: Callable[[str], int], rounds: int, env: dict[str, str]) -> Run:
    """Best of ``rounds`` child runs of ``command``: CPU seconds (user + system), wall seconds, documents flagged,
    and the first round's CPU seconds."""
    best_cpu = best_wall = float("inf")
    count = 0
    first_cpu = 0.0
    for round_number in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
        first_cpu = cpu if round_number == 0 else first_cpu
        count = flagged(done.stdout)
    return Run(best_cpu, best_wall, count, first_cpu)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args(argv)

    ours_names: dict[str, list[str]] = {}
    for info in load_catalog().actions():
        ours_names.setdefault(info.service, []).append(info.name)
    peer_names = {s["prefix"]: [p["privilege"] for p in s["privileges"]] for s in parliament.iam_definition}
    ram = RamRenderer(read_actions(ours_names), "acs", "1")
    aws = AwsRenderer(read_actions(peer_names), "aws", "2012-10-17")
    ours_cmd = [str(BIN / "alicloud-gov"), "check", "--format", "json"]
    compileall.compile_dir(str(Path(alicloud_gov.__file__).parent), quiet=1)
    peer_cmd = [str(BIN / "parliament"), "--json", "--directory"]

    sizes: dict[int, dict[str, object]] = {}
    root = Path(tempfile.mkdtemp(prefix="bench-check-cli-"))
    try:
        for count in (args.small, args.large):
            shapes = draw_policies(count, args.seed)
            statements = sum(len(shape) for shape in shapes) + len(range(0, count, 3))
            render(ram, shapes, "vpc", root / f"ram-{count}")
            render(aws, shapes, "ec2", root / f"aws-{count}")
            # a catalogue cache of this run's own: each size's first round starts cold, as a first run does
            cache = root / f"cache-{count}"
            ours_env = {**os.environ, CACHE_DIR_ENV: str(cache)}
            ours = run_tool([*ours_cmd, str(root / f"ram-{count}")], flagged_ours, args.rounds, ours_env)
            peer = run_tool([*peer_cmd, str(root / f"aws-{count}")], flagged_parliament, args.rounds, dict(os.environ))
            sizes[count] = {
                "policies": count,
                "statements": statements,
                "ours": ours.__dict__,
                "parliament": peer.__dict__,
            }
    finally:
        shutil.rmtree(root, ignore_errors=True)

    small, large = sizes[args.small], sizes[args.large]

    def margin(tool: str, clock: str) -> float:
        extra = int(large["statements"]) - int(small["statements"])  # type: ignore[call-overload]
        return extra / (large[tool][clock] - small[tool][clock])  # type: ignore[index]

    report = {
        "benchmark": "check_cli",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
        "rounds": args.rounds,
        "parliament_version": parliament.__version__,
        "sizes": list(sizes.values()),
        "speedup_vs_parliament_cpu": small["parliament"]["cpu"] / small["ours"]["cpu"],  # type: ignore[index]
        "speedup_vs_parliament_wall": small["parliament"]["wall"] / small["ours"]["wall"],  # type: ignore[index]
        "margin_statements_per_second": {
            "ours_cpu": margin("ours", "cpu"),
            "ours_wall": margin("ours", "wall"),
            "parliament_cpu": margin("parliament", "cpu"),
        },
        "targets": {"speedup": 3.0, "margin_statements_per_second": 10000},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"end to end, best of {args.rounds} rounds, seed {args.seed} (CPU s = user + system of the child)")
    print(f"{'policies':>9}{'stmts':>8}  {'tool':<18}{'CPU s':>8}{'wall s':>8}{'1st CPU':>9}{'flagged':>9}")
    for row in sizes.values():
        for label, key in (("alicloud-gov check", "ours"), (f"parliament {parliament.__version__}", "parliament")):
            run = row[key]
            print(
                f"{row['policies']:>9}{row['statements']:>8}  {label:<18}{run['cpu']:>8.2f}{run['wall']:>8.2f}"  # type: ignore[index]
                f"{run['first_cpu']:>9.2f}{run['flagged']:>9}"  # type: ignore[index]
            )
    print("(1st CPU: the first round, ours with its catalogue cache cold)")
    print(
        f"at {args.small} policies: ours {report['speedup_vs_parliament_cpu']:.2f}x faster (CPU), "
        f"{report['speedup_vs_parliament_wall']:.2f}x (wall); target 3x"
    )
    margins = report["margin_statements_per_second"]
    print(
        f"statements/s at the margin ({args.small} -> {args.large}): ours {margins['ours_cpu']:.0f} (CPU), "  # type: ignore[index]
        f"{margins['ours_wall']:.0f} (wall); parliament {margins['parliament_cpu']:.0f}; target 10000"  # type: ignore[index]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
