"""``alicloud-gov emulator`` as a process: prints endpoint and keys, serves the SDK, stops cleanly on Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_ram20150501.client import Client as RamClient
from alibabacloud_tea_openapi import models as open_api_models
from click.testing import CliRunner

from alicloud_gov.cli.main import cli

CUSTOM = "3000000000000003:LTAI5tCustomKey00003:CustomSecret0003xyz:custom"


def start(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """Start the emulator command; returns the process, its endpoint and the banner lines."""
    process = subprocess.Popen(
        [sys.executable, "-m", "alicloud_gov.cli.main", "emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    banner: list[str] = []
    for line in process.stdout:
        banner.append(line.rstrip())
        if line.startswith("Press Ctrl-C"):
            break
    match = re.search(r"http://(127\.0\.0\.1:\d+)", banner[0])
    assert match, banner
    return process, match.group(1), banner


def stop(process: subprocess.Popen[str]) -> str:
    """Send Ctrl-C and return the rest of stdout; the process must exit 0."""
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    return out


def client(endpoint: str, key_id: str, secret: str) -> RamClient:
    """A RAM client for the endpoint."""
    config = open_api_models.Config(
        access_key_id=key_id, access_key_secret=secret, endpoint=endpoint, protocol="http", region_id="cn-hangzhou"
    )
    return RamClient(config)


def test_serves_custom_accounts_into_a_data_file(tmp_path: Path) -> None:
    data = tmp_path / "state.db"
    process, endpoint, banner = start("--data", str(data), "--account", CUSTOM)
    try:
        text = "\n".join(banner)
        assert "3000000000000003" in text and "LTAI5tCustomKey00003" in text
        assert "CustomSecret0003xyz" not in text  # secrets given on the command line are not echoed
        ram = client(endpoint, "LTAI5tCustomKey00003", "CustomSecret0003xyz")
        ram.create_user(ram_models.CreateUserRequest(user_name="kept"))
    finally:
        assert "emulator stopped" in stop(process)
    assert data.exists()  # restarts on the same file are covered in test_emulator_core


def test_demo_accounts_by_default() -> None:
    process, endpoint, banner = start("--latency-ms", "1")
    try:
        text = "\n".join(banner)
        assert "AcmeRootSecret0001demo" in text and "PartnerRootSecret02demo" in text
        assert "latency_ms=1" in text
        ram = client(endpoint, "LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo")
        assert ram.list_users(ram_models.ListUsersRequest()).status_code == 200
    finally:
        stop(process)


def test_bad_options_are_named(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["emulator", "--account", "123:short"])
    assert result.exit_code == 64 and "--account" in result.output
    result = runner.invoke(cli, ["emulator", "--account", "12345:LTAI5tCustomKey00003:CustomSecret0003xyz"])
    assert result.exit_code == 64 and "UID must be 16 digits" in result.output
    result = runner.invoke(cli, ["emulator", "--throttle-rate", "2"])
    assert result.exit_code == 64 and "--throttle-rate" in result.output
    result = runner.invoke(cli, ["emulator", "--data", "no/such/folder/state.db"])
    assert result.exit_code == 64 and "does not exist" in result.output
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("just some text, long enough to not look like an empty database file\n" * 20)
    result = runner.invoke(cli, ["emulator", "--data", str(not_a_database)])
    assert result.exit_code == 64 and "not an emulator state file" in result.output
