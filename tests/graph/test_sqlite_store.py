"""SQLite-specific behaviour of SqliteStore (the shared behaviour is in test_store_contract.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_store_contract import tiny_nodes, tiny_rels

from partnernet.graph.model import Council, CouncilLevel
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import Scope

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


# ------------------------------------------------------------ relationship table layout

_ROWID_EDGES = """
CREATE TABLE edges_rowid (
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes(id),
    target TEXT NOT NULL REFERENCES nodes(id),
    props TEXT NOT NULL,
    PRIMARY KEY (type, source, target)
);
INSERT INTO edges_rowid SELECT type, source, target, props FROM edges;
DROP TABLE edges;
ALTER TABLE edges_rowid RENAME TO edges;
CREATE INDEX edges_source ON edges(source);
CREATE INDEX edges_target ON edges(target);
"""


KHON_KAEN = frozenset({"40"})


def _edges_sql(path: Path) -> str:
    with sqlite3.connect(path) as db:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'edges'").fetchone()
    return str(sql)


def _store_with_rowid_edges(path: Path) -> tuple[Any, int]:
    """A store file laid out as before relationships were clustered; its graph and version."""
    store = SqliteStore(path)
    store.upsert_nodes(tiny_nodes())
    store.upsert_relationships(tiny_rels())
    expected = (_listing(store.subgraph()), _listing(store.subgraph(Scope(provinces=KHON_KAEN))))
    version = store.data_version()
    store.close()
    with sqlite3.connect(path) as db:
        db.executescript(_ROWID_EDGES)
    assert "WITHOUT ROWID" not in _edges_sql(path)
    return expected, version


def _listing(graph: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def test_relationships_are_clustered_by_source(tmp_path: Path) -> None:
    SqliteStore(tmp_path / "graph.sqlite").close()
    assert "PRIMARY KEY (source, target, type)" in _edges_sql(tmp_path / "graph.sqlite")
    assert "WITHOUT ROWID" in _edges_sql(tmp_path / "graph.sqlite")


def test_an_older_store_is_clustered_once_and_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    expected, version = _store_with_rowid_edges(path)
    store = SqliteStore(path)
    assert "WITHOUT ROWID" in _edges_sql(path)
    assert (_listing(store.subgraph()), _listing(store.subgraph(Scope(provinces=KHON_KAEN)))) == (
        expected
    )
    assert store.data_version() == version  # the same data: cached analyses stay valid
    with sqlite3.connect(path) as db:
        indexes = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "edges_source" not in indexes and "edges_target" in indexes
    store.close()


def test_an_older_store_that_cannot_change_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.sqlite"
    expected, version = _store_with_rowid_edges(path)

    def read_only(self: SqliteStore) -> Any:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(SqliteStore, "_transaction", read_only)
    store = SqliteStore(path)
    monkeypatch.undo()
    assert "keeps its older relationship layout" in caplog.text
    assert "WITHOUT ROWID" not in _edges_sql(path)
    assert (_listing(store.subgraph()), _listing(store.subgraph(Scope(provinces=KHON_KAEN)))) == (
        expected
    )
    assert store.data_version() == version
    store.close()


def test_the_move_checks_the_layout_again_once_it_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes opening an older store at once: the second, once it gets the write lock,
    finds the first's work done and does not move the relationships again."""
    path = tmp_path / "old.sqlite"
    _store_with_rowid_edges(path)
    answers = iter([False, True])  # old when opened; clustered by the time the lock is held
    monkeypatch.setattr(SqliteStore, "_edges_clustered", lambda self: next(answers))
    SqliteStore(path).close()
    assert "WITHOUT ROWID" not in _edges_sql(path)  # nothing moved by this connection
