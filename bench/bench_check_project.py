"""``alicloud-gov check PROJECT`` end to end on generated Pulumi projects of 5 000, 20 000 and 50 000 resources.

The org-wide audit: one Python Pulumi program declaring 100 resources per account (an explicit provider, 20 RAM
users, 4 groups, 20 memberships, 10 custom policies, 5 roles trusted by the account, 40 attachments, a sixth of
them system policies), for 50, 200 and 500 accounts. Each size is checked ``--rounds`` times as a child process
(program run under Pulumi's mocks, every input, document and stack check); the best round counts, CPU time
(user + system) and wall time. Time grows linearly when the time per resource stays flat: the report gives each
size's per-resource time and its ratio to the smallest size's, and writes ``bench/results/check_project.json``.

Run: ``make bench`` or ``.venv/bin/python bench/bench_check_project.py [--accounts 50,200,500] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "check_project.json"
BIN = Path(sys.executable).parent
PER_ACCOUNT = 100

PROGRAM = """
import alicloud_gov as gov
import pulumi

SYSTEM = ["AliyunVPCReadOnlyAccess", "AliyunRAMReadOnlyAccess", "AliyunECSReadOnlyAccess"]
ACTIONS = ["vpc:DescribeVpcs", "vpc:DescribeVSwitches", "vpc:DescribeRouteTables", "vpc:CreateVSwitch",
           "vpc:DescribeNatGateways", "vpc:DescribeEipAddresses"]

for a in range({accounts}):
    account = str(1000000000000001 + a)
    provider = gov.Provider(f"acct{{a}}", account_id=account)
    opts = pulumi.ResourceOptions(provider=provider)
    users = [gov.RamUser(f"a{{a}}-user{{u}}", name=f"user{{u}}", opts=opts) for u in range(20)]
    groups = [gov.RamGroup(f"a{{a}}-group{{g}}", name=f"group{{g}}", opts=opts) for g in range(4)]
    for u, user in enumerate(users):
        gov.RamGroupMembership(f"a{{a}}-member{{u}}", user_name=user.name, group_name=groups[u % 4].name, opts=opts)
    policies = []
    for p in range(10):
        statements = [
            {{"Effect": "Allow", "Action": [ACTIONS[(p + s) % len(ACTIONS)]], "Resource": "*"}} for s in range(3)
        ]
        document = {{"Version": "1", "Statement": statements}}
        policies.append(gov.RamPolicy(f"a{{a}}-policy{{p}}", name=f"policy{{p}}", document=document, opts=opts))
    roles = [
        gov.RamRole(f"a{{a}}-role{{r}}", name=f"role{{r}}", trusted_accounts=[account], opts=opts) for r in range(5)
    ]
    for n in range(40):
        kind, holder = [("user", users[n % 20]), ("group", groups[n % 4]), ("role", roles[n % 5])][n % 3]
        if n % 6 == 5:
            name, policy_type = SYSTEM[n % len(SYSTEM)], "System"
        else:
            name, policy_type = policies[n % 10].name, "Custom"
        gov.PolicyAttachment(f"a{{a}}-attach{{n}}", principal_type=kind, principal_name=holder.name,
                             policy_name=name, policy_type=policy_type, opts=opts)
"""


def write_project(folder: Path, accounts: int) -> None:
    """A Pulumi project declaring ``accounts`` x 100 resources."""
    folder.mkdir(parents=True)
    (folder / "Pulumi.yaml").write_text("name: org-audit\nruntime: python\n", encoding="utf-8")
    (folder / "__main__.py").write_text(PROGRAM.format(accounts=accounts), encoding="utf-8")


def check_once(folder: Path) -> tuple[float, float, int]:
    """CPU seconds (user + system of the child), wall seconds and findings of one ``check --format json``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "alicloud-gov"), "check", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"check {folder} failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, len(json.loads(done.stdout)["findings"])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", default="50,200,500", help="comma-separated account counts")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)

    rows = []
    root = Path(tempfile.mkdtemp(prefix="bench-check-project-"))
    try:
        for accounts in (int(text) for text in args.accounts.split(",")):
            folder = root / f"org-{accounts}"
            write_project(folder, accounts)
            runs = [check_once(folder) for _ in range(args.rounds)]
            cpu, wall = min(r[0] for r in runs), min(r[1] for r in runs)
            resources = accounts * PER_ACCOUNT
            rows.append(
                {
                    "accounts": accounts,
                    "resources": resources,
                    "cpu_seconds": cpu,
                    "wall_seconds": wall,
                    "findings": runs[-1][2],
                    "cpu_ms_per_resource": cpu / resources * 1e3,
                }
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    base = rows[0]["cpu_ms_per_resource"]
    for row in rows:
        row["per_resource_ratio_to_smallest"] = row["cpu_ms_per_resource"] / base
    report = {
        "benchmark": "check_project",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "rounds": args.rounds,
        "sizes": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print(f"alicloud-gov check PROJECT, end to end, best of {args.rounds} (CPU s = user + system of the child)")
    print(f"{'accounts':>9}{'resources':>11}{'CPU s':>9}{'wall s':>9}{'ms/res':>9}{'ratio':>7}{'findings':>10}")
    for row in rows:
        print(
            f"{row['accounts']:>9}{row['resources']:>11}{row['cpu_seconds']:>9.1f}{row['wall_seconds']:>9.1f}"
            f"{row['cpu_ms_per_resource']:>9.3f}{row['per_resource_ratio_to_smallest']:>7.2f}{row['findings']:>10}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
