"""The emulator's SQLite store: entities, ids, persistence, transactions and the stale (consistency) view."""

from __future__ import annotations

from pathlib import Path

import pytest

from alicloud_gov.emulator.clock import Clock
from alicloud_gov.emulator.server import Emulator
from alicloud_gov.emulator.store import Store


def test_put_get_insert_delete_list() -> None:
    store = Store()
    assert store.insert("1", "user", "alice", {"UserName": "alice"})
    assert not store.insert("1", "user", "alice", {"UserName": "other"})
    store.put("1", "user", "bob", {"UserName": "bob"})
    store.put("2", "user", "carol", {"UserName": "carol"})
    assert store.get("1", "user", "alice") == {"UserName": "alice"}
    assert [item["UserName"] for item in store.list("1", "user")] == ["alice", "bob"]
    assert [item["UserName"] for item in store.list("1", "user", key_prefix="b")] == ["bob"]
    found = store.find("user", "carol")
    assert found is not None and found.account == "2"
    assert store.delete("1", "user", "alice") and not store.delete("1", "user", "alice")
    assert store.get("1", "user", "alice") is None


def test_replace_keeps_creation_time() -> None:
    store = Store()
    store.put("1", "k", "a", {"v": 1})
    first = store.get_entity("1", "k", "a")
    assert first is not None
    created = first.created
    store.put("1", "k", "a", {"v": 2})
    entity = store.get_entity("1", "k", "a")
    assert entity is not None and entity.created == created and entity.data == {"v": 2}


def test_ids_are_unique_and_numeric() -> None:
    store = Store()
    ids = {store.numeric_id("user", lead="26") for _ in range(50)}
    assert len(ids) == 50 and all(len(value) == 16 and value.startswith("26") for value in ids)
    assert store.random_id("rg-").startswith("rg-")


def test_transaction_rolls_back_on_error() -> None:
    store = Store()
    with pytest.raises(RuntimeError), store.transaction():
        store.put("1", "k", "a", {"v": 1})
        raise RuntimeError("boom")
    assert store.get("1", "k", "a") is None


def test_state_persists_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    first = Store(path)
    first.put("1", "k", "a", {"v": 1})
    first.numeric_id("n")
    first.close()
    second = Store(path)
    assert second.get("1", "k", "a") == {"v": 1}
    assert second.numeric_id("n", lead="1", width=4) == "1002"
    second.reset()
    assert second.list("1", "k") == []


def test_stale_view_hides_fresh_entities_and_keeps_deleted_ones_listed() -> None:
    clock = Clock()
    store = Store(clock=clock)
    store.put("1", "k", "old", {"name": "old"})
    store.consistency_delay = 30.0
    clock.advance(30.01)  # entity ages are emulator time: no waiting
    store.put("1", "k", "new", {"name": "new"})
    store.delete("1", "k", "old")
    stale = store.view(stale=True)
    fresh = store.view(stale=False)
    assert stale.get("1", "k", "new") is None and fresh.get("1", "k", "new") == {"name": "new"}
    assert [item["name"] for item in stale.list("1", "k")] == ["old"]
    assert [item["name"] for item in fresh.list("1", "k")] == ["new"]
    clock.advance(30.01)
    assert [item["name"] for item in stale.list("1", "k")] == ["new"]


def test_the_store_stamps_entities_with_its_clock() -> None:
    clock = Clock()
    store = Store(clock=clock)
    clock.advance(3600)
    store.put("1", "k", "a", {})
    entity = store.get_entity("1", "k", "a")
    assert entity is not None and abs(entity.created - clock.now()) < 5
    assert Store().clock is not None  # a store made on its own keeps its own clock


def test_the_emulator_runs_store_and_authentication_on_one_clock() -> None:
    emulator = Emulator()
    try:
        assert emulator.store.clock is emulator.clock
        assert emulator.authenticator.clock is emulator.clock
    finally:
        emulator.close()
