"""``make soak``: every example's e2e, many times in a row, on the realistic emulator with faults.

Each iteration runs tests/e2e/test_examples.py (the real Pulumi CLI: check, preview, up, the seed's scenario
checked with the official SDKs, destroy) on emulators started with the ``realistic`` profile; while a pulumi
command runs the emulator also throttles, fails with 5xx and loses the responses of applied writes (a new
fault seed per iteration). After each test the fixture reads what each account still holds (the leftovers
helper the examples assert with): anything left after destroy is a leak, and a duplicate made by a retried
create is one too, since destroy deletes only the entity Pulumi recorded.

Usage: ``python scripts/soak.py [--iterations 20] [--throttle-rate 0.1] [--error-rate 0.05]
[--lost-response-rate 0.05] [-k EXPR]``. Prints one line per iteration and the totals; exits 1 when any run
failed or leaked.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = "tests/e2e/test_examples.py"


@dataclass
class Iteration:
    """One run of the suite: its test outcomes, leftovers and duration."""

    passed: int = 0
    failed: list[str] = field(default_factory=list)
    leaked: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    seconds: float = 0.0


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--throttle-rate", type=float, default=0.1)
    parser.add_argument("--error-rate", type=float, default=0.05)
    parser.add_argument("--lost-response-rate", type=float, default=0.05)
    parser.add_argument("-k", dest="select", default=None, help="pytest -k expression (a subset of the examples)")
    return parser.parse_args(argv)


def _run(index: int, args: argparse.Namespace, workdir: Path) -> Iteration:
    junit = workdir / f"run-{index}.xml"
    report = workdir / f"leftovers-{index}.jsonl"
    faults = {
        "throttle_rate": args.throttle_rate,
        "error_rate": args.error_rate,
        "lost_response_rate": args.lost_response_rate,
        "seed": index + 1,
    }
    env = {
        **os.environ,
        "ALICLOUD_GOV_EMULATOR_PROFILE": "realistic",
        "ALICLOUD_GOV_SOAK_FAULTS": json.dumps(faults),
        "ALICLOUD_GOV_SOAK_REPORT": str(report),
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", SUITE, f"--junitxml={junit}"]
    if args.select:
        command += ["-k", args.select]
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = Iteration(seconds=time.monotonic() - started)
    if junit.exists():
        for case in ElementTree.parse(junit).iter("testcase"):
            name = case.get("name", "?")
            if case.find("failure") is not None or case.find("error") is not None:
                result.failed.append(name)
            elif case.find("skipped") is None:
                result.passed += 1
    else:
        result.failed.append("(pytest produced no report)")
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry["test"].rsplit("::", 1)[-1] in result.failed:
                continue  # a failed test may stop before its destroy: counted as a failure, not a leak
            left = {uid: {k: v for k, v in kinds.items() if v} for uid, kinds in entry["leftovers"].items()}
            left = {uid: kinds for uid, kinds in left.items() if kinds}
            if left:
                result.leaked[entry["test"].rsplit("::", 1)[-1]] = left
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its figures; 1 when any run failed or leaked."""
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    print(
        f"soak: {args.iterations} x {SUITE} on the realistic profile; while pulumi runs: throttling "
        f"{args.throttle_rate:.0%}, 5xx {args.error_rate:.0%}, lost responses {args.lost_response_rate:.0%}",
        flush=True,
    )
    runs: list[Iteration] = []
    with tempfile.TemporaryDirectory(prefix="soak-") as scratch:
        for index in range(args.iterations):
            run = _run(index, args, Path(scratch))
            runs.append(run)
            verdict = "ok" if not run.failed and not run.leaked else "FAILED"
            print(
                f"run {index + 1:>2}: {verdict:<6} {run.passed} passed, {len(run.failed)} failed, "
                f"{len(run.leaked)} leaking, {run.seconds:.0f} s"
                + (f"  failed: {', '.join(run.failed)}" if run.failed else "")
                + (f"  leaked: {json.dumps(run.leaked)}" if run.leaked else ""),
                flush=True,
            )
    clean = sum(1 for run in runs if not run.failed and not run.leaked)
    tests = sum(run.passed + len(run.failed) for run in runs)
    failures = sum(len(run.failed) for run in runs)
    leaks = sum(len(run.leaked) for run in runs)
    seconds = [run.seconds for run in runs]
    print(
        f"soak: {len(runs)} runs, {clean} clean, {len(runs) - clean} not; {tests} tests, {failures} failed, "
        f"{leaks} with leftovers after destroy; per run {min(seconds):.0f}-{max(seconds):.0f} s, "
        f"mean {sum(seconds) / len(seconds):.0f} s"
    )
    return 0 if clean == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
