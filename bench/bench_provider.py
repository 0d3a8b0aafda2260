"""The provider against two peers, same run, same emulator.

1. Lifecycle cost. Each RAM user goes through the provider as the engine drives it (check, create,
   read, delete: property-value conversion, offline validation, a safe create that waits until the user
   is readable, a read and a delete) and, as the peer, through the official RAM SDK client making the
   bare CreateUser, GetUser and DeleteUser calls. The ratio (provider / SDK milliseconds per user) is
   what the provider's guarantees cost on top of the raw API.
2. Perpetual diffs. Roles and policies are created from documents written the way people write them
   (indented, single values as strings, lower-case actions, reordered keys); after a refresh the
   provider's diff is compared with the naive text comparison that existing providers make against the
   document the service returns. Counted: resources that would show a change although nothing changed.

Prints a table and writes ``bench/results/provider.json``.
Run: ``make bench`` or ``.venv/bin/python bench/bench_provider.py [--users N] [--rounds R]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import time
from pathlib import Path
from typing import Any

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from pulumi.provider.experimental.provider import (
    CheckRequest,
    ConfigureRequest,
    CreateRequest,
    DeleteRequest,
    DiffRequest,
    ReadRequest,
)

from alicloud_gov.emulator.testing import start_emulator
from alicloud_gov.provider.provider import AlicloudGovProvider
from alicloud_gov.provider.values import map_from_plain
from alicloud_gov.spec.inputs import document_text
from alicloud_gov.spec.tokens import type_token

RESULTS = Path(__file__).parent / "results" / "provider.json"
ACME = "1000000000000001"


def _urn(type_name: str, name: str) -> str:
    return f"urn:pulumi:bench::bench::{type_token(type_name)}::{name}"


class Driver:
    """Calls the provider's methods the way the engine does, on one private event loop."""

    def __init__(self, endpoint: str, key_id: str, secret: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.provider = AlicloudGovProvider()
        args = map_from_plain({"endpoint": endpoint, "accessKeyId": key_id, "accessKeySecret": secret})
        self.loop.run_until_complete(self.provider.configure(ConfigureRequest({}, args, True, False)))

    def lifecycle(self, type_name: str, name: str, inputs: dict[str, Any]) -> tuple[str, Any]:
        """check + create + read; returns (id, read properties)."""
        urn = _urn(type_name, name)
        checked = self.loop.run_until_complete(self.provider.check(CheckRequest(urn, {}, map_from_plain(inputs), b"")))
        assert not checked.failures, [f.reason for f in checked.failures or []]
        created = self.loop.run_until_complete(
            self.provider.create(CreateRequest(urn, checked.inputs or {}, 60, False))
        )
        read = self.loop.run_until_complete(
            self.provider.read(ReadRequest(urn, created.resource_id or "", created.properties, checked.inputs or {}))
        )
        return created.resource_id or "", read.properties

    def diff_changes(self, type_name: str, state: Any, inputs: dict[str, Any]) -> bool:
        urn = _urn(type_name, "r")
        checked = self.loop.run_until_complete(self.provider.check(CheckRequest(urn, {}, map_from_plain(inputs), b"")))
        response = self.loop.run_until_complete(
            self.provider.diff(DiffRequest(urn, "id", state, checked.inputs or {}, []))
        )
        return bool(response.changes)

    def delete(self, type_name: str, name: str, resource_id: str, state: Any) -> None:
        self.loop.run_until_complete(self.provider.delete(DeleteRequest(_urn(type_name, name), resource_id, state, 60)))


def bench_lifecycle(emulator: Any, users: int, rounds: int) -> dict[str, Any]:
    account = emulator.account(ACME)
    driver = Driver(emulator.endpoint, account.access_key_id, account.access_key_secret)
    sdk = RamClient(emulator.root_config(ACME))
    driver.lifecycle("RamUser", "warmup", {"name": "warmup"})  # account id and alias are looked up once
    best_provider = best_sdk = float("inf")
    for round_number in range(rounds):
        start = time.perf_counter()
        for index in range(users):
            name = f"p{round_number}-{index}"
            resource_id, state = driver.lifecycle("RamUser", name, {"name": name, "displayName": "Bench"})
            driver.delete("RamUser", name, resource_id, state)
        best_provider = min(best_provider, (time.perf_counter() - start) / users)
        start = time.perf_counter()
        for index in range(users):
            name = f"s{round_number}-{index}"
            sdk.create_user(ram_models.CreateUserRequest(user_name=name, display_name="Bench"))
            sdk.get_user(ram_models.GetUserRequest(user_name=name))
            sdk.delete_user(ram_models.DeleteUserRequest(user_name=name))
        best_sdk = min(best_sdk, (time.perf_counter() - start) / users)
    return {
        "users_per_round": users,
        "rounds": rounds,
        "provider_ms_per_user": round(best_provider * 1000, 2),
        "sdk_ms_per_user": round(best_sdk * 1000, 2),
        "ratio_provider_over_sdk": round(best_provider / best_sdk, 2),
    }


def _variants() -> list[tuple[str, dict[str, Any], Any]]:
    """(type, program inputs, document as the program writes it) for documents written in several styles."""
    policy_styles = [
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:DescribeVpcs", "Resource": "*"}]},
        {
            "Statement": [
                {"Resource": ["*"], "Action": ["VPC:describevpcs", "vpc:DescribeVSwitches"], "Effect": "Allow"}
            ],
            "Version": "1",
        },
        json.dumps(
            {"Version": "1", "Statement": {"Effect": "Allow", "Action": ["vpc:DescribeVpcs"], "Resource": "*"}},
            indent=4,
        ),
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:describevpcs", "Resource": ["*", "*"]}]},
    ]
    trust_styles = [
        {
            "Version": "1",
            "Statement": [
                {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"RAM": "acs:ram::2000000000000002:root"}}
            ],
        },
        json.dumps(
            {
                "Statement": [
                    {
                        "Principal": {"RAM": ["acs:ram::2000000000000002:root"]},
                        "Effect": "Allow",
                        "Action": "sts:AssumeRole",
                    }
                ],
                "Version": "1",
            },
            indent=2,
        ),
        {
            "Version": "1",
            "Statement": [
                {"Action": ["STS:AssumeRole"], "Effect": "Allow", "Principal": {"Service": "ecs.aliyuncs.com"}}
            ],
        },
    ]
    cases: list[tuple[str, dict[str, Any], Any]] = []
    for index, document in enumerate(policy_styles):
        cases.append(("RamPolicy", {"name": f"BenchPolicy{index}", "document": document}, document))
    for index, document in enumerate(trust_styles):
        cases.append(("RamRole", {"name": f"bench-role-{index}", "assumeRolePolicyDocument": document}, document))
    return cases


def bench_perpetual_diffs(emulator: Any) -> dict[str, Any]:
    account = emulator.account(ACME)
    driver = Driver(emulator.endpoint, account.access_key_id, account.access_key_secret)
    ours = naive = 0
    cases = _variants()
    for type_name, inputs, written in cases:
        resource_id, state = driver.lifecycle(type_name, resource_id_name(inputs), inputs)
        returned = _returned_document(emulator, type_name, inputs["name"])
        ours += driver.diff_changes(type_name, state, inputs)
        naive += document_text(written) != returned
        driver.delete(type_name, resource_id_name(inputs), resource_id, state)
    return {"resources": len(cases), "false_diffs_provider": ours, "false_diffs_text_compare": naive}


def resource_id_name(inputs: dict[str, Any]) -> str:
    return str(inputs["name"]).lower()


def _returned_document(emulator: Any, type_name: str, name: str) -> str:
    sdk = RamClient(emulator.root_config(ACME))
    if type_name == "RamPolicy":
        body = sdk.get_policy(ram_models.GetPolicyRequest(policy_name=name, policy_type="Custom")).body
        return str(body.default_policy_version.policy_document)
    return str(sdk.get_role(ram_models.GetRoleRequest(role_name=name)).body.role.assume_role_policy_document)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30, help="users per round (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best counts (default 3)")
    options = parser.parse_args()
    with start_emulator() as emulator:
        lifecycle = bench_lifecycle(emulator, options.users, options.rounds)
        diffs = bench_perpetual_diffs(emulator)
    report = {
        "benchmark": "provider",
        "python": platform.python_version(),
        "lifecycle": lifecycle,
        "perpetual_diffs": diffs,
    }
    print(f"{'':34}{'provider':>12}{'peer':>12}{'ratio':>8}")
    print(
        f"{'ms per user (create/read/delete)':34}{lifecycle['provider_ms_per_user']:>12}"
        f"{lifecycle['sdk_ms_per_user']:>12}{lifecycle['ratio_provider_over_sdk']:>8}   (peer: official RAM SDK)"
    )
    print(
        f"{'false diffs after refresh':34}{diffs['false_diffs_provider']:>12}{diffs['false_diffs_text_compare']:>12}"
        f"{'':>8}   (peer: text comparison; {diffs['resources']} resources)"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
