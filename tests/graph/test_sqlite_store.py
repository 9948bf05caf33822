"""SQLite-specific behaviour of SqliteStore (the shared behaviour is in test_store_contract.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from partnernet.graph.model import Council, CouncilLevel
from partnernet.graph.sqlite_store import SqliteStore

COUNCIL = Council(id="council:provincial:40", name_th="สภา", level=CouncilLevel.PROVINCIAL)


def test_a_new_store_is_at_data_version_0(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.sqlite")
    assert store.data_version() == 0
    store.upsert_nodes([COUNCIL])
    assert store.data_version() == 1
    store.close()


def test_a_store_file_from_before_meta_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    store = SqliteStore(path)
    store.upsert_nodes([COUNCIL])
    store.close()
    with sqlite3.connect(path) as db:  # as files written before the meta table looked
        db.execute("DROP TABLE meta")
    store = SqliteStore(path)
    assert store.get_node(COUNCIL.id) == COUNCIL
    assert store.get_meta("k") is None
    assert store.data_version() == 0
    store.set_meta("k", "ค่า")
    assert store.get_meta("k") == "ค่า"
    store.close()


def test_the_version_bump_commits_with_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "graph.sqlite")

    def fail() -> None:
        raise RuntimeError("crash between the batch and its version bump")

    monkeypatch.setattr(store, "_bump_data_version", fail)
    with pytest.raises(RuntimeError, match="crash"):
        store.upsert_nodes([COUNCIL])
    monkeypatch.undo()
    assert store.get_node(COUNCIL.id) is None  # rolled back with the bump that failed
    assert store.data_version() == 0
    store.close()
