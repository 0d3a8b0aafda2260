"""``alicloud-gov emulator``: serve the local, wire-compatible Alibaba Cloud on 127.0.0.1."""

from __future__ import annotations

import signal
import sqlite3
import threading
from pathlib import Path
from types import FrameType

import click

from alicloud_gov.cli.command import Command
from alicloud_gov.emulator.accounts import DEMO_ACCOUNTS, Account, parse_account_spec, validate_accounts
from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.profile import PROFILES, profile_config

HOST = "127.0.0.1"
_FAULT_KNOBS = ("throttle_rate", "error_rate", "lost_response_rate", "latency_ms", "consistency_delay_ms")


def _accounts(specs: tuple[str, ...]) -> list[Account]:
    try:
        accounts = [parse_account_spec(spec) for spec in specs] if specs else list(DEMO_ACCOUNTS)
        validate_accounts(accounts)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--account") from None
    return accounts


def _data_path(data: Path | None) -> Path | None:
    if data is None:
        return None
    if data.exists() and data.is_dir():
        raise click.BadParameter(f"{data} is a directory; give a file for the SQLite state", param_hint="--data")
    if not data.parent.exists():
        raise click.BadParameter(f"the folder {data.parent} does not exist", param_hint="--data")
    return data


def _describe_secret(account: Account) -> str:
    """Demo secrets are public and shown; secrets given on the command line are not echoed."""
    if account in DEMO_ACCOUNTS:
        return account.access_key_secret
    return "(as given on --account)"


@click.command("emulator", cls=Command)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="TCP port (0: any free).")
@click.option(
    "--data",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="SQLite file holding the state (kept across restarts). Default: in memory.",
)
@click.option(
    "--account",
    "account_specs",
    multiple=True,
    metavar="UID:ACCESS_KEY_ID:ACCESS_KEY_SECRET[:ALIAS]",
    help="An account and its root AccessKey (repeatable). Default: the demo accounts acme and partner.",
)
@click.option("--no-authz", is_flag=True, help="Do not enforce RAM policies on RAM users and role sessions.")
@click.option("--throttle-rate", type=click.FloatRange(0, 1), default=0.0, help="Share of calls throttled.")
@click.option(
    "--throttle-status", type=click.Choice(["400", "429"]), default="400", show_default=True, help="Throttling status."
)
@click.option(
    "--retry-after-ms", type=click.IntRange(min=1), default=None, help="Send x-acs-retry-after when throttling."
)
@click.option("--error-rate", type=click.FloatRange(0, 1), default=0.0, help="Share of calls failing with 500/503.")
@click.option(
    "--lost-response-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Share of writes applied and then answered 503, as if the response were lost.",
)
@click.option("--latency-ms", type=click.IntRange(min=0), default=0, help="Latency added to every call.")
@click.option(
    "--consistency-delay-ms",
    type=click.IntRange(min=0),
    default=0,
    help="New entities stay invisible to reads, and deleted ones stay listed, for this long.",
)
@click.option(
    "--fault-actions",
    default="*",
    show_default=True,
    help="Throttle / fail only APIs matching these comma-separated wildcards, e.g. 'List*,Describe*'.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fault RNG (repeatable runs).")
@click.option(
    "--profile",
    type=click.Choice(sorted(PROFILES)),
    default=None,
    help="Real-cloud behaviour (realistic: transitional states, Conflict.Lock, reads lagging writes), scaled "
    "to fractions of a second; its delays replace the matching options above.",
)
@click.option("--real-durations", is_flag=True, help="With --profile: real-cloud durations (tens of seconds).")
def emulator(
    port: int,
    data: Path | None,
    account_specs: tuple[str, ...],
    no_authz: bool,
    throttle_rate: float,
    throttle_status: str,
    retry_after_ms: int | None,
    error_rate: float,
    lost_response_rate: float,
    latency_ms: int,
    consistency_delay_ms: int,
    fault_actions: str,
    seed: int,
    profile: str | None,
    real_durations: bool,
) -> None:
    """Serve the local, wire-compatible Alibaba Cloud (RAM, STS, ResourceManager, ECR, VPC) until Ctrl-C."""
    from alicloud_gov.emulator.server import Emulator, EmulatorHTTPServer

    accounts = _accounts(account_specs)
    try:
        faults = FaultConfig(
            throttle_rate=throttle_rate,
            throttle_status=int(throttle_status),
            retry_after_ms=retry_after_ms,
            error_rate=error_rate,
            lost_response_rate=lost_response_rate,
            latency_ms=latency_ms,
            consistency_delay_ms=consistency_delay_ms,
            seed=seed,
            actions=fault_actions,
        )
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--fault-actions") from None
    if real_durations and profile is None:
        raise click.BadParameter("--real-durations needs --profile", param_hint="--real-durations")
    if profile is not None:
        faults = profile_config(profile, real_durations=real_durations, base=faults)
    try:
        cloud = Emulator(accounts, _data_path(data), authz=not no_authz, faults=faults)
    except sqlite3.DatabaseError as error:
        raise click.BadParameter(f"{data} is not an emulator state file ({error})", param_hint="--data") from None
    try:
        server = EmulatorHTTPServer(cloud, HOST, port)
    except OSError as error:
        cloud.close()
        raise click.ClickException(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from None
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    endpoint = f"{HOST}:{server.port}"
    click.echo(f"alicloud-gov emulator serving http://{endpoint}  (SDK endpoint {endpoint}, protocol http)")
    click.echo(f"state: {data if data else 'in memory'}; authorisation: {'off' if no_authz else 'on'}")
    active = {name: value for name, value in faults.to_dict().items() if name in _FAULT_KNOBS and value}
    if faults.throttle_rate:
        active.update(throttle_status=faults.throttle_status, retry_after_ms=faults.retry_after_ms)
    if active and faults.actions != "*":
        active["actions"] = faults.actions
    if profile is not None:
        click.echo(f"profile: {profile} ({'real-cloud' if real_durations else 'scaled'} durations)")
    if active:
        click.echo("faults: " + ", ".join(f"{name}={value}" for name, value in sorted(active.items())))
    click.echo("accounts:")
    for account in accounts:
        click.echo(
            f"  {account.alias:<12} {account.uid}  AccessKeyId {account.access_key_id}  "
            f"AccessKeySecret {_describe_secret(account)}"
        )
    click.echo("Press Ctrl-C to stop.", nl=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        cloud.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        click.echo("emulator stopped")
