"""Emulated Alibaba Cloud accounts: UID, alias and the root AccessKey pair."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alicloud_gov.spec.names import ACCOUNT_UID_LENGTH, is_account_uid

_ALIAS = re.compile(r"^[a-z0-9][a-z0-9.-]{0,49}$")


@dataclass(frozen=True)
class Account:
    """One emulated account: its 16-digit UID, alias and root AccessKey."""

    uid: str
    access_key_id: str
    access_key_secret: str
    alias: str

    def __repr__(self) -> str:
        return f"Account(uid={self.uid!r}, alias={self.alias!r}, access_key_id={self.access_key_id!r})"


DEMO_ACCOUNTS: tuple[Account, ...] = (
    Account("1000000000000001", "LTAI5tAcmeRootKey0001", "AcmeRootSecret0001demo", "acme"),
    Account("2000000000000002", "LTAI5tPartnerRootKey02", "PartnerRootSecret02demo", "partner"),
)


def parse_account_spec(spec: str) -> Account:
    """Parse ``UID:ACCESS_KEY_ID:ACCESS_KEY_SECRET[:ALIAS]``; raise ValueError naming the bad field."""
    parts = spec.split(":")
    if len(parts) not in (3, 4):
        raise ValueError(f"account {spec.split(':')[0]!r}: expected UID:ACCESS_KEY_ID:ACCESS_KEY_SECRET[:ALIAS]")
    uid, key_id, secret = parts[0], parts[1], parts[2]
    alias = parts[3] if len(parts) == 4 else f"account{uid[-4:]}"
    if not is_account_uid(uid):
        raise ValueError(f"account {uid!r}: UID must be {ACCOUNT_UID_LENGTH} digits")
    if not re.match(r"^[A-Za-z0-9]{8,64}$", key_id):
        raise ValueError(f"account {uid}: ACCESS_KEY_ID must be 8-64 letters or digits")
    if len(secret) < 8:
        raise ValueError(f"account {uid}: ACCESS_KEY_SECRET must be at least 8 characters")
    if not _ALIAS.match(alias):
        raise ValueError(f"account {uid}: ALIAS {alias!r} must be lower-case letters, digits, '.' or '-'")
    return Account(uid, key_id, secret, alias)


def validate_accounts(accounts: tuple[Account, ...] | list[Account]) -> None:
    """Reject duplicate UIDs, aliases or AccessKey ids."""
    for attr in ("uid", "alias", "access_key_id"):
        values = [getattr(account, attr) for account in accounts]
        duplicates = {value for value in values if values.count(value) > 1}
        if duplicates:
            raise ValueError(f"accounts: duplicate {attr} {sorted(duplicates)[0]!r}")
