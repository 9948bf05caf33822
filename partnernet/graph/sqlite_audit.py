"""The SQLite store's audit trail and exact restores (`graph/audit.GraphAudit`).

`SqliteStore` delegates to these functions, which run on its connection inside its lock and
transactions (the caller holds both). Entries are rows of `audit` (the entry as JSON); the
ids and provinces an entry is listed under are rows of `audit_keys` (`n:<id>`, `p:<code>`),
clustered with the time, so a page of one organisation's or one province's changes is one
index range, however long the trail.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from partnernet.foundation.errors import Conflict, NotFound
from partnernet.graph.audit import AuditEntry
from partnernet.graph.model import NodeKind, Relationship, RelType, node_from_props

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at, id);
CREATE TABLE IF NOT EXISTS audit_keys (
    key TEXT NOT NULL,
    at TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES audit(id) ON DELETE CASCADE,
    PRIMARY KEY (key, at, entry_id)
) WITHOUT ROWID;
"""


def _dumps(props: Mapping[str, Any]) -> str:
    return json.dumps(dict(props), ensure_ascii=False, sort_keys=True)


def add(db: sqlite3.Connection, entries: Sequence[AuditEntry]) -> None:
    db.executemany(
        "INSERT INTO audit (id, at, body) VALUES (?, ?, ?)",
        [(e.id, e.at, e.model_dump_json()) for e in entries],
    )
    db.executemany(
        "INSERT OR IGNORE INTO audit_keys (key, at, entry_id) VALUES (?, ?, ?)",
        [
            (key, e.at, e.id)
            for e in entries
            for key in [f"n:{n}" for n in e.nodes] + [f"p:{p}" for p in e.provinces]
        ],
    )


def page(
    db: sqlite3.Connection,
    node_id: str | None,
    province_code: str | None,
    offset: int,
    limit: int,
) -> tuple[int, list[AuditEntry]]:
    keys = [f"n:{node_id}"] if node_id is not None else []
    keys += [f"p:{province_code}"] if province_code is not None else []
    if not keys:
        (total,) = db.execute("SELECT count(*) FROM audit").fetchone()
        rows = db.execute(
            "SELECT body FROM audit ORDER BY at DESC, id DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
    else:
        # Both filters: the entries listed under both keys.
        match = " INTERSECT ".join("SELECT entry_id FROM audit_keys WHERE key = ?" for _ in keys)
        (total,) = db.execute(f"SELECT count(*) FROM ({match})", keys).fetchone()
        rows = db.execute(
            f"SELECT a.body FROM audit_keys k JOIN audit a ON a.id = k.entry_id "
            f"WHERE k.key = ? AND k.entry_id IN ({match}) "
            "ORDER BY k.at DESC, k.entry_id DESC LIMIT ? OFFSET ?",
            (keys[0], *keys, limit, offset),
        ).fetchall()
    return int(total), [AuditEntry.model_validate_json(body) for (body,) in rows]


def get(db: sqlite3.Connection, entry_id: str) -> AuditEntry | None:
    row = db.execute("SELECT body FROM audit WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else AuditEntry.model_validate_json(row[0])


def restore_node(
    db: sqlite3.Connection,
    kind: NodeKind,
    node_id: str,
    props: Mapping[str, Any] | None,
    write_keys: Callable[[str, dict[str, Any]], None],
) -> None:
    row = db.execute("SELECT kind FROM nodes WHERE id = ?", (node_id,)).fetchone()
    if row is not None and row[0] != kind.value:
        raise Conflict(f"id {node_id!r} now belongs to a {row[0]}, not a {kind.value}")
    if props is None:
        if row is None:
            return
        (ties,) = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM edges WHERE source = ?"
            " UNION ALL SELECT 1 FROM edges WHERE target = ?)",
            (node_id, node_id),
        ).fetchone()
        if ties:
            raise Conflict(f"{node_id!r} still has {ties} relationship(s); remove them first")
        db.execute("DELETE FROM node_keys WHERE node_id = ?", (node_id,))
        db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
        return
    clean = node_from_props(kind, {**props, "id": node_id}).to_props()
    db.execute(
        "INSERT INTO nodes (id, kind, province_code, props) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET province_code = excluded.province_code,"
        " props = excluded.props",
        (node_id, kind.value, clean.get("province_code"), _dumps(clean)),
    )
    db.execute("DELETE FROM node_keys WHERE node_id = ?", (node_id,))
    write_keys(node_id, clean)


def restore_relationship(
    db: sqlite3.Connection,
    type_: RelType,
    source: str,
    target: str,
    props: Mapping[str, Any] | None,
) -> None:
    if props is None:
        db.execute(
            "DELETE FROM edges WHERE type = ? AND source = ? AND target = ?",
            (type_.value, source, target),
        )
        return
    found = {
        node_id
        for (node_id,) in db.execute(
            "SELECT id FROM nodes WHERE id IN (?, ?)", (source, target)
        ).fetchall()
    }
    missing = [end for end in (source, target) if end not in found]
    if missing:
        raise NotFound("unknown node id " + ", ".join(repr(m) for m in missing))
    clean = Relationship.from_props(type_, source, target, props).to_props()
    # Delete and insert: works on both relationship layouts (see SqliteStore._cluster_edges).
    db.execute(
        "DELETE FROM edges WHERE type = ? AND source = ? AND target = ?",
        (type_.value, source, target),
    )
    db.execute(
        "INSERT INTO edges (type, source, target, props) VALUES (?, ?, ?, ?)",
        (type_.value, source, target, _dumps(clean)),
    )
