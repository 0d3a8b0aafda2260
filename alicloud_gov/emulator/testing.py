"""Run the emulator inside a test process: ``start_emulator`` and the RunningEmulator handle.

Usage::

    with start_emulator() as cloud:          # demo accounts, in-memory state, random port
        config = cloud.root_config("1000000000000001")   # alibabacloud_tea_openapi Config
        ...
        cloud.reset()                        # forget all state between tests

The ``emulator`` pytest fixture in tests/conftest.py resets one session-wide instance per test.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alicloud_gov.emulator.accounts import DEMO_ACCOUNTS, Account
from alicloud_gov.emulator.faults import FaultConfig
from alicloud_gov.emulator.server import READ_TIMEOUT_SECONDS, Emulator, EmulatorHTTPServer, serve_in_thread


@dataclass
class RunningEmulator:
    """A live emulator serving HTTP on 127.0.0.1 in a background thread."""

    emulator: Emulator
    server: EmulatorHTTPServer
    accounts: tuple[Account, ...] = field(default_factory=tuple)

    @property
    def port(self) -> int:
        """The TCP port."""
        return self.server.port

    @property
    def endpoint(self) -> str:
        """``127.0.0.1:PORT``: the SDK endpoint (use protocol ``http``)."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self.endpoint}"

    def reset(self) -> None:
        """Forget every entity, fault, nonce and clock offset; the accounts stay."""
        self.emulator.reset()

    def set_faults(self, config: FaultConfig | None = None, **values: Any) -> FaultConfig:
        """Replace the fault configuration (a FaultConfig, or field values over the defaults)."""
        new = config if config is not None else FaultConfig.from_mapping(values)
        self.emulator.set_faults(new)
        return new

    def advance_clock(self, seconds: float) -> None:
        """Move emulator time forward: STS tokens expire and entities age past the consistency delay without
        sleeping (signed requests keep using real time)."""
        self.emulator.clock.advance(seconds)

    def account(self, uid_or_alias: str) -> Account:
        """An account by UID or alias."""
        for account in self.accounts:
            if uid_or_alias in (account.uid, account.alias):
                return account
        raise KeyError(f"emulator has no account {uid_or_alias!r}")

    def config(
        self,
        access_key_id: str,
        access_key_secret: str,
        security_token: str | None = None,
        *,
        region: str = "cn-hangzhou",
    ) -> Any:
        """An ``alibabacloud_tea_openapi.models.Config`` pointing at this emulator."""
        from alibabacloud_tea_openapi import models as open_api_models

        return open_api_models.Config(
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            endpoint=self.endpoint,
            protocol="http",
            region_id=region,
        )

    def root_config(self, uid_or_alias: str, *, region: str = "cn-hangzhou") -> Any:
        """A Config signed with an account's root AccessKey."""
        account = self.account(uid_or_alias)
        return self.config(account.access_key_id, account.access_key_secret, region=region)


@contextmanager
def start_emulator(
    data_path: str | Path | None = None,
    accounts: Sequence[Account] | None = None,
    faults: FaultConfig | None = None,
    *,
    authz: bool = True,
    port: int = 0,
    read_timeout: float = READ_TIMEOUT_SECONDS,
) -> Iterator[RunningEmulator]:
    """Serve an emulator on 127.0.0.1 (random port by default) for the duration of the block.

    ``read_timeout``: seconds the front end waits for a request to arrive in full before it answers 408.
    """
    chosen = tuple(accounts or DEMO_ACCOUNTS)
    emulator = Emulator(chosen, data_path, authz=authz, faults=faults)
    server, thread = serve_in_thread(emulator, port=port, read_timeout=read_timeout)
    try:
        yield RunningEmulator(emulator, server, chosen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        emulator.close()
