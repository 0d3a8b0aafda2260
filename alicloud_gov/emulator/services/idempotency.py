"""ClientToken idempotency: a repeated write with the same token (same caller account and API) returns the
first call's result without acting again. Results are kept in the store kind ``client_token`` (key
``<version>|<api>|<token>`` in the caller's account)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from alicloud_gov.emulator.registry import RequestContext
from alicloud_gov.emulator.store import Store, StoreView

KIND_CLIENT_TOKEN = "client_token"

Handler = Callable[[RequestContext], dict[str, Any]]


class ClientTokenBackend:
    """The stored first results of token-carrying writes of one account."""

    def __init__(self, store: Store | StoreView, account: str) -> None:
        self.store = store
        self.account = account

    @staticmethod
    def key(version: str, api: str, token: str) -> str:
        """Store key of one API's ClientToken."""
        return f"{version}|{api}|{token}"

    def result(self, key: str) -> dict[str, Any] | None:
        """The first result recorded under ``key`` (strongly consistent), or None."""
        raw = self.store.store if isinstance(self.store, StoreView) else self.store
        stored = raw.get(self.account, KIND_CLIENT_TOKEN, key)
        return dict(stored["Response"]) if stored is not None else None

    def record(self, key: str, body: dict[str, Any]) -> None:
        """Remember the result of the first call under ``key``."""
        self.store.put(self.account, KIND_CLIENT_TOKEN, key, {"Response": body})


def idempotent(handler: Handler) -> Handler:
    """Replay the stored result of an earlier call with the same ClientToken (per account and API)."""

    @functools.wraps(handler)
    def wrapped(ctx: RequestContext) -> dict[str, Any]:
        token = ctx.params.get_str("ClientToken")
        if token is None or ctx.params.get_bool("DryRun"):
            return handler(ctx)
        tokens = ClientTokenBackend(ctx.store, ctx.account_id)
        key = tokens.key(ctx.spec.version, ctx.spec.name, token)
        stored = tokens.result(key)
        if stored is not None:
            return stored
        body = handler(ctx)
        tokens.record(key, body)
        return body

    return wrapped
