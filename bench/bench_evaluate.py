"""Evaluator throughput: compiled, indexed evaluation against a naive re-parse-per-query baseline, same run.

Generates a deterministic stack (hundreds of users, groups, roles and custom policies; account and
resource-group scoped attachments; wildcards, NotAction, conditions) and a fixed list of questions
(principal, action, resource, resource group, context), then answers every question three ways:

* ``naive``: what a straightforward implementation does per request: read each governing policy from its
  stored JSON text, parse it and compile its patterns and conditions, then test every statement;
* ``evaluate()``: the module-level function (a fresh evaluator per call that reuses compiled documents by
  content; always current when the stack changes);
* ``Evaluator``: one evaluator reused across questions (compiled snapshot, per-principal and per-action
  indexes) - what the emulator holds between RAM changes.

All three must give the same effect for every question (the run fails otherwise). Reports questions per
second, the speed-up over the naive baseline, and writes ``bench/results/evaluate.json``.

Run: ``make bench`` or ``.venv/bin/python bench/bench_evaluate.py [--users N] [--questions N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alicloud_gov.policy.catalog import load_catalog
from alicloud_gov.policy.evaluate import Evaluator, compile_policy, evaluate
from alicloud_gov.policy.stack import Attachment, Principal, StackModel

ACCOUNT = "1000000000000001"
REGIONS = ("cn-hangzhou", "cn-shanghai", "cn-beijing")
RESULTS = Path(__file__).parent / "results" / "evaluate.json"


@dataclass(frozen=True)
class Question:
    """One access question of the workload."""

    principal: Principal
    action: str
    resource: str
    resource_group: str | None
    context: dict[str, object]


def _resource(rng: random.Random, service: str, index: int) -> str:
    kind = {"vpc": "vpc", "expressconnectrouter": "expressconnectrouter", "ram": "user"}.get(service, "instance")
    region = "" if service in ("ram", "expressconnectrouter") else rng.choice(REGIONS)
    return f"acs:{service}:{region}:{ACCOUNT}:{kind}/{kind}-{index:04d}"


def _statement(rng: random.Random, actions: list[str], resource_pool: list[str]) -> dict[str, Any]:
    """A random statement: exact names or wildcards, specific ARNs or *, sometimes NotAction or a condition."""
    shape = rng.random()
    chosen = rng.sample(actions, k=rng.randint(1, 12))
    statement: dict[str, Any] = {"Effect": "Deny" if rng.random() < 0.08 else "Allow"}
    if shape < 0.55:
        statement["Action"] = chosen
    elif shape < 0.9:
        service = chosen[0].split(":")[0]
        verb = rng.choice(["Describe*", "List*", "Get*", "Create*", "*Vpc*", "Modify*", "*"])
        statement["Action"] = [f"{service}:{verb}", *chosen[:3]]
    else:
        statement["NotAction"] = [f"{chosen[0].split(':')[0]}:*", "ram:*"]
    if rng.random() < 0.5:
        statement["Resource"] = "*"
    else:
        picks = rng.sample(resource_pool, k=rng.randint(1, 4))
        statement["Resource"] = [*picks, f"acs:vpc:*:{ACCOUNT}:vpc/vpc-00{rng.randint(0, 9)}*"]
    roll = rng.random()
    if roll < 0.15:
        statement["Condition"] = {"IpAddress": {"acs:SourceIp": [f"10.{rng.randint(0, 255)}.0.0/16", "192.168.0.0/16"]}}
    elif roll < 0.22:
        statement["Condition"] = {
            "Bool": {"acs:SecureTransport": "true"},
            "DateLessThan": {"acs:CurrentTime": "2099-01-01T00:00:00Z"},
        }
    elif roll < 0.26:
        statement["Condition"] = {"StringNotLike": {"acs:UserAgent": ["*terraform*", "*pulumi*"]}}
    return statement


def build_stack(rng: random.Random, users: int, groups: int, roles: int, policies: int) -> StackModel:
    """A deterministic stack sized by the arguments; custom policies are stored as JSON text, as RAM keeps them."""
    catalog = load_catalog()
    actions = [info.full_name for info in catalog.actions() if info.service in ("vpc", "expressconnectrouter", "ram")]
    resource_pool = [_resource(rng, rng.choice(["vpc", "expressconnectrouter"]), i) for i in range(400)]
    rgs = {f"rg-bench{i:04d}": f"group-{i}" for i in range(20)}
    placement = {arn: rng.choice(list(rgs)) for arn in resource_pool if rng.random() < 0.7}
    documents: dict[str, Any] = {}
    for index in range(policies):
        statements = [_statement(rng, actions, resource_pool) for _ in range(rng.randint(2, 6))]
        documents[f"policy-{index:04d}"] = json.dumps({"Version": "1", "Statement": statements})
    user_names = {f"user-{i:04d}" for i in range(users)}
    group_names = {f"group-{i:03d}" for i in range(groups)}
    memberships = {(user, group) for user in sorted(user_names) for group in rng.sample(sorted(group_names), k=2)}
    role_names = {f"role-{i:03d}" for i in range(roles)}
    trusted = {"RAM": [f"acs:ram::{ACCOUNT}:root"]}
    trust = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": trusted}]}
    system = ["AliyunVPCReadOnlyAccess", "AliyunExpressConnectReadOnlyAccess", "AliyunRAMReadOnlyAccess"]
    attachments: list[Attachment] = []
    holders = [("user", n) for n in sorted(user_names)] + [("group", n) for n in sorted(group_names)]
    holders += [("role", n) for n in sorted(role_names)]
    for kind, name in holders:
        for _ in range(rng.randint(1, 3)):
            scope = rng.choice(list(rgs)) if rng.random() < 0.35 else "account"
            if rng.random() < 0.15:
                attachments.append(Attachment(kind, name, rng.choice(system), "System", scope))  # type: ignore[arg-type]
            else:
                policy = rng.choice(sorted(documents))
                attachments.append(Attachment(kind, name, policy, "Custom", scope))  # type: ignore[arg-type]
    return StackModel(
        account_id=ACCOUNT,
        users=user_names,
        groups=group_names,
        memberships=memberships,
        roles={name: trust for name in role_names},
        policies=documents,  # JSON text, parsed by the evaluator
        attachments=attachments,
        resource_groups=rgs,
        resource_placement=placement,
    )


def build_questions(rng: random.Random, stack: StackModel, count: int) -> list[Question]:
    """Questions skewed like real traffic: a few hot principals and actions, varied resources and contexts."""
    catalog = load_catalog()
    actions = [info.full_name for info in catalog.actions() if info.service in ("vpc", "expressconnectrouter", "ram")]
    principals = [Principal.user(name, ACCOUNT) for name in sorted(stack.users)]
    principals += [Principal.role(name, ACCOUNT) for name in sorted(stack.roles)]
    resources = [*sorted(stack.resource_placement), "*"]
    hot_actions = rng.sample(actions, k=40)
    questions = []
    for _ in range(count):
        principal = principals[min(int(rng.paretovariate(1.2)) - 1, len(principals) - 1)]
        action = rng.choice(hot_actions) if rng.random() < 0.8 else rng.choice(actions)
        resource = rng.choice(resources)
        context: dict[str, object] = {
            "acs:SourceIp": f"10.{rng.randint(0, 255)}.1.{rng.randint(1, 254)}",
            "acs:SecureTransport": rng.choice(["true", "false"]),
            "acs:CurrentTime": "2026-11-25T12:00:00Z",
            "acs:UserAgent": rng.choice(["aliyun-cli", "pulumi/3", "console"]),
        }
        group = stack.resource_placement.get(resource) if rng.random() < 0.5 else None
        questions.append(Question(principal, action, resource, group, context))
    return questions


Answer = Callable[[Question], str]


def naive_answerer(stack: StackModel) -> Answer:
    """Re-parse and re-compile every governing policy on every question (no caches, no indexes)."""

    def answer(question: Question) -> str:
        evaluator = Evaluator(stack, compile_document=compile_policy)
        decision = evaluator.evaluate(
            question.principal, question.action, question.resource, question.context, question.resource_group
        )
        return decision.effect

    return answer


def function_answerer(stack: StackModel) -> Answer:
    """The module-level evaluate(): current on every call, documents compiled once per content."""

    def answer(question: Question) -> str:
        decision = evaluate(
            stack, question.principal, question.action, question.resource, question.context, question.resource_group
        )
        return decision.effect

    return answer


def evaluator_answerer(stack: StackModel) -> Answer:
    """One Evaluator reused for every question."""
    evaluator = Evaluator(stack)

    def answer(question: Question) -> str:
        decision = evaluator.evaluate(
            question.principal, question.action, question.resource, question.context, question.resource_group
        )
        return decision.effect

    return answer


def one_pass(answer: Answer, questions: list[Question]) -> tuple[float, list[str]]:
    """Questions per second of one pass over every question, and the answers."""
    started = time.perf_counter()
    answers = [answer(question) for question in questions]
    return len(questions) / (time.perf_counter() - started), answers


def main() -> None:
    """Run the benchmark, print the table, write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--roles", type=int, default=60)
    parser.add_argument("--policies", type=int, default=250)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    stack = build_stack(rng, args.users, args.groups, args.roles, args.policies)
    questions = build_questions(rng, stack, args.questions)
    load_catalog()  # load the catalogue once, outside every timing

    contenders: list[tuple[str, Answer, str]] = [
        ("naive (re-parse per query)", naive_answerer(stack), "baseline"),
        ("evaluate() (fresh, cached docs)", function_answerer(stack), "module function"),
        ("Evaluator (reused snapshot)", evaluator_answerer(stack), "emulator path"),
    ]
    for _, answerer, _ in contenders:
        answerer(questions[0])  # warm imports and first-use caches
    # Rounds interleave the contenders so a change in machine load affects them alike.
    rates: list[list[float]] = [[] for _ in contenders]
    answers: list[list[str]] = [[] for _ in contenders]
    for _ in range(args.rounds):
        for position, (_, answerer, _) in enumerate(contenders):
            rate, answers[position] = one_pass(answerer, questions)
            rates[position].append(rate)
    reference = answers[0]
    rows: list[dict[str, Any]] = []
    for position, (label, _, role) in enumerate(contenders):
        mismatches = sum(a != b for a, b in zip(answers[position], reference, strict=True))
        rate = statistics.median(rates[position])
        rows.append({"name": label, "role": role, "questions_per_second": round(rate, 1), "mismatches": mismatches})
    baseline = float(rows[0]["questions_per_second"])
    for row in rows:
        row["speedup_vs_naive"] = round(float(row["questions_per_second"]) / baseline, 2)

    effects = {effect: reference.count(effect) for effect in sorted(set(reference))}
    print(
        f"stack: {len(stack.users)} users, {len(stack.groups)} groups, {len(stack.roles)} roles, "
        f"{len(stack.policies)} custom policies, {len(stack.attachments)} attachments; "
        f"{len(questions)} questions x {args.rounds} rounds; answers {effects}"
    )
    print(f"{'contender':34} {'questions/s':>12} {'vs naive':>9} {'mismatches':>11}")
    for row in rows:
        print(
            f"{row['name']:34} {row['questions_per_second']:>12,.0f} "
            f"{row['speedup_vs_naive']:>8.2f}x {row['mismatches']:>11}"
        )
    report = {
        "benchmark": "evaluate",
        "python": platform.python_version(),
        "stack": {
            "users": len(stack.users),
            "groups": len(stack.groups),
            "roles": len(stack.roles),
            "custom_policies": len(stack.policies),
            "attachments": len(stack.attachments),
            "resource_groups": len(stack.resource_groups),
        },
        "questions": len(questions),
        "rounds": args.rounds,
        "answers": effects,
        "results": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    if any(row["mismatches"] for row in rows):
        raise SystemExit("contenders disagree on some answers")


if __name__ == "__main__":
    main()
