"""Persistent emulator state: one SQLite table of JSON entities per (account, kind, key).

The store is deliberately generic. A service module picks a ``kind`` (for example
``"ram_user"``) and a ``key`` unique within the account and kind (for RAM entities the
lower-cased name, which makes names case-insensitive), and stores a JSON object.

SQLite runs in WAL mode on a file so state survives restarts; ``path=None`` keeps it in
memory. A second small table keeps the signature nonces used within the replay window
(:meth:`Store.claim_nonce`), so a signed request does not replay after a restart. One
connection is shared behind a re-entrant lock: :meth:`Store.transaction` holds the lock (and
one SQLite transaction) across a handler's reads and writes, so a check-then-write in a
handler is atomic with respect to other request threads.

Eventual consistency (a fault the emulator can inject) lives here too: when
``consistency_delay`` is set, :class:`StoreView` objects created with ``stale=True`` hide
entities younger than the delay and keep showing deleted entities in lists for the delay.
Ages are emulator time: the store stamps and compares with its :class:`~alicloud_gov.emulator.clock.Clock`
(the emulator's own), so advancing that clock ages every entity at once.

Two more delays use the same stamps: ``linger_delay`` keeps a deleted entity findable through
:meth:`Store.lingering` for that long (a backend answers ``DeleteConflict.*`` for a dependent that just went),
and ``grant_delay`` hides entities of chosen kinds younger than it from :meth:`Store.settled_view` (the
authoriser's view: a grant that is not yet effective).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alicloud_gov.emulator.clock import Clock

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entities (
    account TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (account, kind, key)
);
CREATE INDEX IF NOT EXISTS entities_by_kind_key ON entities (kind, key);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS nonces (
    access_key_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (access_key_id, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (expires);
"""


@dataclass(frozen=True)
class Entity:
    """One stored entity with its coordinates and creation time (epoch seconds)."""

    account: str
    kind: str
    key: str
    data: dict[str, Any]
    created: float


EntityList = list[Entity]
DataList = list[dict[str, Any]]


@dataclass(frozen=True)
class _Tombstone:
    entity: Entity
    deleted: float


class Store:
    """Thread-safe SQLite-backed entity store."""

    def __init__(self, path: str | Path | None = None, *, clock: Clock | None = None) -> None:
        self.path = str(path) if path is not None else ":memory:"
        self.clock = clock if clock is not None else Clock()
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._depth = 0
        self.generation = 0  # bumped on every write; lets readers cache views of the state
        self.consistency_delay = 0.0
        self.transition_delay = 0.0  # seconds a backend's transitional state lasts (FaultConfig.transition_delay_ms)
        self.linger_delay = 0.0  # seconds a deleted entity still counts as a dependent (FaultConfig.linger_delay_ms)
        self.grant_delay = 0.0  # seconds before a new grant is seen by settled views (FaultConfig.grant_delay_ms)
        self.last_write = 0.0  # emulator time of the latest write (settled views change until grant_delay after)
        self._tombstones: dict[tuple[str, str, str], _Tombstone] = {}

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Hold the store lock and one SQLite transaction; roll back if the block raises."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                    self.generation += 1
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """Hold the store lock (no SQLite transaction) so several reads see one state; keep the block short."""
        with self._lock:
            yield self

    # -- entity access ------------------------------------------------------------------------

    def get(self, account: str, kind: str, key: str) -> dict[str, Any] | None:
        """The entity's data, or None."""
        entity = self.get_entity(account, kind, key)
        return entity.data if entity else None

    def get_entity(self, account: str, kind: str, key: str) -> Entity | None:
        """The entity with its creation time, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT data, created FROM entities WHERE account=? AND kind=? AND key=?", (account, kind, key)
            ).fetchone()
        return Entity(account, kind, key, json.loads(row[0]), row[1]) if row else None

    def find(self, kind: str, key: str) -> Entity | None:
        """The entity of this kind and key in any account (for globally unique keys such as AccessKey ids)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT account, data, created FROM entities WHERE kind=? AND key=? LIMIT 1", (kind, key)
            ).fetchone()
        return Entity(row[0], kind, key, json.loads(row[1]), row[2]) if row else None

    def put(self, account: str, kind: str, key: str, data: dict[str, Any]) -> None:
        """Insert or replace the entity, keeping its original creation time on replace."""
        payload = json.dumps(data, separators=(",", ":"), sort_keys=True)
        with self._lock:
            self._conn.execute(
                "INSERT INTO entities (account, kind, key, data, created) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (account, kind, key) DO UPDATE SET data=excluded.data",
                (account, kind, key, payload, self.clock.now()),
            )
            self.generation += 1
            self.last_write = self.clock.now()
            self._tombstones.pop((account, kind, key), None)

    def insert(self, account: str, kind: str, key: str, data: dict[str, Any]) -> bool:
        """Insert the entity unless it exists; True when inserted."""
        with self.transaction():
            if self.get_entity(account, kind, key) is not None:
                return False
            self.put(account, kind, key, data)
            return True

    def delete(self, account: str, kind: str, key: str) -> bool:
        """Delete the entity; True when it existed."""
        with self._lock:
            row = self._conn.execute(
                "DELETE FROM entities WHERE account=? AND kind=? AND key=? RETURNING data, created",
                (account, kind, key),
            ).fetchone()
            if row is not None and (self.consistency_delay > 0 or self.linger_delay > 0):
                entity = Entity(account, kind, key, json.loads(row[0]), row[1])
                self._tombstones[(account, kind, key)] = _Tombstone(entity, self.clock.now())
            self.generation += 1
            self.last_write = self.clock.now()
            return row is not None

    def list(self, account: str, kind: str, *, key_prefix: str = "") -> DataList:
        """All entities of a kind in an account (optionally by key prefix), oldest first."""
        return [entity.data for entity in self.list_entities(account, kind, key_prefix=key_prefix)]

    def count(self, account: str, kind: str) -> int:
        """How many entities of a kind an account holds."""
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM entities WHERE account=? AND kind=?", (account, kind)
            ).fetchone()
        return int(row[0])

    def list_entities(self, account: str | None, kind: str, *, key_prefix: str = "") -> EntityList:
        """Entities of a kind in one account (or every account when None), ordered by creation then key."""
        sql = "SELECT account, key, data, created FROM entities WHERE kind=?"
        args: list[Any] = [kind]
        if account is not None:
            sql += " AND account=?"
            args.append(account)
        if key_prefix:
            sql += " AND substr(key, 1, ?)=?"
            args.extend([len(key_prefix), key_prefix])
        sql += " ORDER BY created, key"
        with self._lock:
            rows = self._conn.execute(sql, args).fetchall()
        return [Entity(row[0], kind, row[1], json.loads(row[2]), row[3]) for row in rows]

    # -- ids ------------------------------------------------------------------------------------

    def next_counter(self, name: str) -> int:
        """A persistent counter: 1, 2, 3, ... per name."""
        with self._lock:
            row = self._conn.execute(
                "INSERT INTO counters (name, value) VALUES (?, 1) "
                "ON CONFLICT (name) DO UPDATE SET value=value+1 RETURNING value",
                (name,),
            ).fetchone()
        return int(row[0])

    def numeric_id(self, name: str, *, lead: str = "2", width: int = 16) -> str:
        """A unique numeric id of ``width`` digits, e.g. RAM UserId/RoleId style."""
        number = self.next_counter(name)
        return lead + str(number).rjust(width - len(lead), "0")

    @staticmethod
    def random_id(prefix: str, length: int = 20) -> str:
        """A random lower-case alphanumeric id with a prefix (e.g. ``rg-...``)."""
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        return prefix + "".join(secrets.choice(alphabet) for _ in range(length))

    # -- signature nonces -------------------------------------------------------------------------

    def claim_nonce(self, access_key_id: str, nonce: str, expires: float, now: float) -> bool:
        """Record a signature nonce until ``expires``; False when it is held unexpired (a replay).

        Nonces live in their own table, outside the entities: claiming one is not a state change
        (``generation`` stays). Called outside a transaction, as authentication is, it commits at once,
        whether or not the request then succeeds.
        """
        with self._lock:
            cursor = self._conn.execute(
                "INSERT INTO nonces (access_key_id, nonce, expires) VALUES (?, ?, ?) "
                "ON CONFLICT (access_key_id, nonce) DO UPDATE SET expires=excluded.expires WHERE nonces.expires<=?",
                (access_key_id, nonce, expires, now),
            )
            return cursor.rowcount > 0

    def purge_nonces(self, now: float) -> None:
        """Forget nonces that expired by ``now``."""
        with self._lock:
            self._conn.execute("DELETE FROM nonces WHERE expires<=?", (now,))

    def clear_nonces(self) -> None:
        """Forget every nonce."""
        with self._lock:
            self._conn.execute("DELETE FROM nonces")

    # -- maintenance ------------------------------------------------------------------------------

    def reset(self) -> None:
        """Delete every entity and counter."""
        with self._lock:
            self._conn.execute("DELETE FROM entities")
            self._conn.execute("DELETE FROM counters")
            self._tombstones.clear()
            self.generation += 1

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def view(self, *, stale: bool) -> StoreView:
        """A view for one request; ``stale`` views honour the consistency delay."""
        return StoreView(self, stale=stale and self.consistency_delay > 0)

    def settled_view(self, kinds: frozenset[str]) -> StoreView:
        """A view hiding entities of ``kinds`` younger than the grant delay (deleted ones are gone at once)."""
        return StoreView(self, stale=self.grant_delay > 0, delay=self.grant_delay, kinds=kinds, tombstones=False)

    def settled(self, since: float) -> bool:
        """Whether settled views read at emulator time ``since`` stay right until the next write."""
        return self.grant_delay <= 0 or since >= self.last_write + self.grant_delay

    def lingering(self, account: str, kind: str, *, key_prefix: str = "") -> DataList:
        """Entities of a kind deleted less than the linger delay ago (dependents that are still going away)."""
        if self.linger_delay <= 0:
            return []
        with self._lock:
            stones = self._recent_tombstones(account, kind, key_prefix, self.clock.now(), self.linger_delay)
        return [entity.data for entity in stones]

    def _recent_tombstones(
        self, account: str | None, kind: str, key_prefix: str, now: float, delay: float | None = None
    ) -> EntityList:
        kept = now - max(self.consistency_delay, self.linger_delay)
        expired = [coords for coords, stone in self._tombstones.items() if stone.deleted < kept]
        for coords in expired:
            del self._tombstones[coords]
        horizon = now - (self.consistency_delay if delay is None else delay)
        return [
            stone.entity
            for (acc, knd, key), stone in self._tombstones.items()
            if knd == kind
            and (account is None or acc == account)
            and key.startswith(key_prefix)
            and stone.deleted >= horizon
        ]


class StoreView:
    """The store as one request sees it: strongly consistent, or stale under the consistency fault.

    Service handlers use the same methods as on :class:`Store`; writes always go straight through.
    """

    def __init__(
        self,
        store: Store,
        *,
        stale: bool,
        delay: float | None = None,
        kinds: frozenset[str] | None = None,
        tombstones: bool = True,
    ) -> None:
        self.store = store
        self.stale = stale
        self._delay = delay  # None: the store's consistency delay
        self._kinds = kinds  # None: every kind lags
        self._tombstones = tombstones

    def _fresh(self, entity: Entity, now: float) -> bool:
        if self._kinds is not None and entity.kind not in self._kinds:
            return False
        delay = self.store.consistency_delay if self._delay is None else self._delay
        return entity.created > now - delay

    def get(self, account: str, kind: str, key: str) -> dict[str, Any] | None:
        """The entity's data, hidden while younger than the consistency delay in stale views."""
        entity = self.store.get_entity(account, kind, key)
        if entity is None or (self.stale and self._fresh(entity, self.store.clock.now())):
            return None
        return entity.data

    def get_entity(self, account: str, kind: str, key: str) -> Entity | None:
        """Like :meth:`get` but with the entity's coordinates."""
        entity = self.store.get_entity(account, kind, key)
        if entity is None or (self.stale and self._fresh(entity, self.store.clock.now())):
            return None
        return entity

    def find(self, kind: str, key: str) -> Entity | None:
        """Global lookup by kind and key (always consistent)."""
        return self.store.find(kind, key)

    def list(self, account: str, kind: str, *, key_prefix: str = "") -> DataList:
        """Entities' data; stale views omit fresh ones and still show recently deleted ones."""
        return [entity.data for entity in self.list_entities(account, kind, key_prefix=key_prefix)]

    def list_entities(self, account: str | None, kind: str, *, key_prefix: str = "") -> EntityList:
        """Entities with coordinates; stale views as in :meth:`list`."""
        entities = self.store.list_entities(account, kind, key_prefix=key_prefix)
        if not self.stale:
            return entities
        now = self.store.clock.now()
        visible = [entity for entity in entities if not self._fresh(entity, now)]
        if not self._tombstones:
            return visible
        with self.store._lock:
            visible.extend(self.store._recent_tombstones(account, kind, key_prefix, now))
        visible.sort(key=lambda entity: (entity.created, entity.key))
        return visible

    def put(self, account: str, kind: str, key: str, data: dict[str, Any]) -> None:
        """Insert or replace."""
        self.store.put(account, kind, key, data)

    def insert(self, account: str, kind: str, key: str, data: dict[str, Any]) -> bool:
        """Insert unless present."""
        return self.store.insert(account, kind, key, data)

    def delete(self, account: str, kind: str, key: str) -> bool:
        """Delete; True when it existed."""
        return self.store.delete(account, kind, key)

    def numeric_id(self, name: str, *, lead: str = "2", width: int = 16) -> str:
        """See :meth:`Store.numeric_id`."""
        return self.store.numeric_id(name, lead=lead, width=width)

    def random_id(self, prefix: str, length: int = 20) -> str:
        """See :meth:`Store.random_id`."""
        return self.store.random_id(prefix, length)
