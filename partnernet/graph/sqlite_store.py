"""The embedded default store: one SQLite file, transactional, no server.

Nodes and relationships are rows with their properties as JSON; a side table holds the
normalised search keys so Thai and English names are found by the same key function that
builds ids. Each batch is one transaction: a crash loses at most the batch in flight, and a
re-run merges onto what is there. The `meta` table holds derived values (`set_meta`) and, under
`DATA_VERSION_KEY`, the data version, which a batch that changed anything moves on in its own
transaction.

Size: over ~600 lines on purpose: the whole GraphStore protocol for this backend in one file,
method for method beside `neo4j_store.py`, so the two read side by side.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph import sqlite_audit
from partnernet.graph.audit import AuditEntry
from partnernet.graph.model import (
    Node,
    NodeKind,
    Relationship,
    RelType,
    node_from_props,
)
from partnernet.graph.store import (
    DATA_VERSION_KEY,
    WHOLE_GRAPH,
    Direction,
    GraphRecords,
    GraphStats,
    Neighbour,
    RejectedWrite,
    Scope,
    StoreError,
    WriteReport,
    check_meta_key,
    endpoint_problem,
    excluded_from_scoped,
    graph_from_records,
    labels_for_stats,
    merge_props,
    rank_search,
    rel_label,
    scope_core,
    search_keys,
    traversable,
)

# Relationships are clustered by (source, target, type): a node's outgoing edges, properties
# included, sit together in the table itself, so a scoped read walks them without a lookup per
# edge and gets them in the order graphs are built in (a province read is a sixth faster than
# with a rowid table and an index on source). `edges_target` holds (target, source, type),
# which is all an incoming-edge walk needs.
_EDGES_TABLE = """CREATE TABLE IF NOT EXISTS {name} (
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes(id),
    target TEXT NOT NULL REFERENCES nodes(id),
    props TEXT NOT NULL,
    PRIMARY KEY (source, target, type)
) WITHOUT ROWID;"""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    province_code TEXT,
    props TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_kind ON nodes(kind);
CREATE INDEX IF NOT EXISTS nodes_province ON nodes(province_code);
CREATE TABLE IF NOT EXISTS node_keys (
    node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (node_id, key)
);
CREATE INDEX IF NOT EXISTS node_keys_key ON node_keys(key);
{_EDGES_TABLE.format(name="edges")}
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""

# Kinds a scoped read never holds (geography, provenance), as stored in the kind column.
_EXCLUDED_KINDS = [kind.value for kind in NodeKind if excluded_from_scoped(kind)]


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


# SQLite caps the mapping at its compile-time limit (about 2 GiB by default).
_MMAP_BYTES = 1 << 31

log = logging.getLogger(__name__)

# SQLite's default limit on host parameters is 32766 on modern builds; stay well below it.
_CHUNK = 900
# Reads decode many thousands of rows: a dict lookup is cheaper than calling the enum.
_KINDS: dict[str, NodeKind] = {k.value: k for k in NodeKind}
_TYPES: dict[str, RelType] = {t.value: t for t in RelType}


def _props(text: str) -> dict[str, Any]:
    """Stored JSON properties; most relationships have none, so skip the decoder for `{}`."""
    if text == "{}":
        return {}
    found: dict[str, Any] = json.loads(text)
    return found


T = TypeVar("T")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Rows decoded per json.loads call when a read decodes many (bounds the joined text).
_DECODE_CHUNK = 50_000


def _decoded(texts: list[str]) -> list[dict[str, Any]]:
    """Many stored JSON objects at once: joined into one array and parsed in one call, which
    is 3-4x faster than a `json.loads` per row (a province's 25k rows: 0.02 s, not 0.07 s)."""
    found: list[dict[str, Any]] = json.loads("[" + ",".join(texts) + "]")
    return found


def _records(
    nodes: Iterable[tuple[str, str, str]], edges: Iterable[tuple[str, str, str, str]]
) -> GraphRecords:
    """GraphRecords from rows of (id, kind, props) and (type, source, target, props)."""
    records = GraphRecords()
    for chunk in _chunks(nodes, _DECODE_CHUNK):
        decoded = _decoded([row[2] for row in chunk])
        for (node_id, kind, _), props in zip(chunk, decoded, strict=True):
            records.nodes[node_id] = (_KINDS[kind], props)
    for rows in _chunks(edges, _DECODE_CHUNK):
        decoded = _decoded([row[3] for row in rows])
        records.edges.extend(
            (_TYPES[type_], source, target, props)
            for (type_, source, target, _), props in zip(rows, decoded, strict=True)
        )
    return records


def _dumps(props: dict[str, Any]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True)


_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_store_file(path: str | Path, *, create: bool) -> None:
    """Refuse, before SQLite touches it, a path that is not a partnernet store: a file that
    is not SQLite (`notes.txt`), an SQLite database without partnernet's tables (SQLite would
    quietly add them), and - unless `create` - a path where there is no file (SQLite would
    quietly create an empty store, and every read would answer "nothing")."""
    file = Path(path)
    if not file.exists():
        if create:
            return
        raise NotFound(
            f"no partnernet store at {file}: create one with `partnernet ingest FILE... "
            f"--store {file}` (or `partnernet demo`)"
        )
    if file.is_dir():
        raise InvalidInput(f"{file} is a folder, not a partnernet store (an SQLite file)")
    if file.stat().st_size == 0:
        if create:
            return
        raise NotFound(f"{file} is empty: fill it with `partnernet ingest FILE... --store {file}`")
    with file.open("rb") as f:
        if f.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise InvalidInput(f"{file} is not a partnernet store (not an SQLite database)")
    try:
        db = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise InvalidInput(f"{file} is not a readable partnernet store: {exc}") from exc
    if "nodes" not in tables and (tables or not create):
        raise InvalidInput(f"{file} is an SQLite database but not a partnernet store")


class SqliteStore:
    """GraphStore on one SQLite file (`:memory:` for throwaway graphs)."""

    def __init__(self, path: str | Path = "partnernet.sqlite") -> None:
        self.path = str(path)
        self.uri = self.path if self.path == ":memory:" else f"sqlite:///{Path(path).resolve()}"
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite store {self.path}: {exc}") from exc
        # One connection shared by threads (the API); SQLite serialises, we keep it explicit.
        self._lock = threading.RLock()
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        # Reads map the file instead of copying pages through SQLite's 2 MB cache: a national
        # province read is a quarter faster. (A no-op for `:memory:`.)
        self._db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
        # The ids of the scope a subgraph read is collecting (this connection only).
        self._db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS scope_ids (id TEXT PRIMARY KEY) WITHOUT ROWID"
        )
        self.init_schema()

    # -- writer ---------------------------------------------------------------------------

    def init_schema(self) -> None:
        with self._lock:
            self._db.executescript(_SCHEMA)
            self._db.executescript(sqlite_audit.SCHEMA)
            self._cluster_edges()

    def _cluster_edges(self) -> None:
        """Move the relationships of a store written before they were clustered (a rowid table
        keyed by (type, source, target), with an index on source) into the clustered table,
        once. Every query works on both layouts, so a store that cannot be changed (read-only,
        or locked by a writer) is read as it is, only slower."""
        if self._edges_clustered():
            return
        log.info("clustering the relationships of %s by source (once)", self.path)
        try:
            with self._transaction():
                if self._edges_clustered():  # another connection did it while we waited
                    return
                self._db.execute(_EDGES_TABLE.format(name="edges_clustered"))
                self._db.execute(
                    "INSERT INTO edges_clustered (type, source, target, props)"
                    " SELECT type, source, target, props FROM edges ORDER BY source, target, type"
                )
                self._db.execute("DROP TABLE edges")  # and its indexes
                self._db.execute("ALTER TABLE edges_clustered RENAME TO edges")
                self._db.execute("CREATE INDEX edges_target ON edges(target)")
        except sqlite3.Error as exc:
            log.warning(
                "%s keeps its older relationship layout (reads are slower): %s", self.path, exc
            )

    def _edges_clustered(self) -> bool:
        (sql,) = self._db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'edges'"
        ).fetchone()
        return "WITHOUT ROWID" in str(sql).upper()

    def clear(self) -> None:
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM edges")
            self._db.execute("DELETE FROM node_keys")
            self._db.execute("DELETE FROM nodes")
            self._db.execute("DELETE FROM audit_keys")
            self._db.execute("DELETE FROM audit")
            # The version row stays and moves on: restarting it could meet a stamp from before.
            self._db.execute("DELETE FROM meta WHERE key <> ?", (DATA_VERSION_KEY,))
            self._bump_data_version()

    def set_meta(self, key: str, value: str) -> None:
        check_meta_key(key)
        try:
            with self._lock, self._transaction():
                self._db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
                )
        except sqlite3.Error as exc:  # e.g. a read-only file: callers may go on without it
            raise StoreError(f"cannot keep meta key {key!r} in {self.path}: {exc}") from exc

    def _bump_data_version(self) -> None:
        """Move the data version on; call inside the transaction of the change."""
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, '1')"
            " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            (DATA_VERSION_KEY,),
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = 1000) -> WriteReport:
        report = WriteReport()
        for batch in _chunks(nodes, batch_size):
            with self._lock, self._transaction():
                done = self._upsert_node_batch(batch)
                if done.created or done.updated:
                    self._bump_data_version()
            report.add(done)
        return report

    def _upsert_node_batch(self, batch: list[Node]) -> WriteReport:
        report = WriteReport()
        stored = self._fetch_nodes([node.id for node in batch])
        for node in batch:
            incoming = node.to_props()
            existing = stored.get(node.id)
            if existing is None:
                self._db.execute(
                    "INSERT INTO nodes (id, kind, province_code, props) VALUES (?, ?, ?, ?)",
                    (node.id, node.kind.value, incoming.get("province_code"), _dumps(incoming)),
                )
                self._write_keys(node.id, incoming)
                stored[node.id] = (node.kind, incoming)
                report.created += 1
                continue
            kind, props = existing
            if kind is not node.kind:
                report.rejected.append(
                    RejectedWrite(
                        item=node.id,
                        reason=f"id {node.id!r} already belongs to a {kind.value}, "
                        f"not a {node.kind.value}",
                    )
                )
                continue
            merged = merge_props(props, incoming)
            if merged == props:
                report.unchanged += 1
                continue
            self._db.execute(
                "UPDATE nodes SET province_code = ?, props = ? WHERE id = ?",
                (merged.get("province_code"), _dumps(merged), node.id),
            )
            self._db.execute("DELETE FROM node_keys WHERE node_id = ?", (node.id,))
            self._write_keys(node.id, merged)
            stored[node.id] = (kind, merged)
            report.updated += 1
        return report

    def _write_keys(self, node_id: str, props: dict[str, Any]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO node_keys (node_id, key) VALUES (?, ?)",
            [(node_id, key) for key in search_keys(props)],
        )

    def upsert_relationships(
        self, rels: Iterable[Relationship], batch_size: int = 1000
    ) -> WriteReport:
        report = WriteReport()
        for batch in _chunks(rels, batch_size):
            with self._lock, self._transaction():
                done = self._upsert_rel_batch(batch)
                if done.created or done.updated:
                    self._bump_data_version()
            report.add(done)
        return report

    def _upsert_rel_batch(self, batch: list[Relationship]) -> WriteReport:
        report = WriteReport()
        kinds = self.existing_ids({rel.source for rel in batch} | {rel.target for rel in batch})
        stored = self._fetch_edges([rel.key for rel in batch])
        for rel in batch:
            reason = endpoint_problem(rel, kinds)
            if reason:
                report.rejected.append(RejectedWrite(item=rel_label(rel), reason=reason))
                continue
            incoming = rel.to_props()
            props = stored.get(rel.key)
            if props is None:
                self._db.execute(
                    "INSERT INTO edges (type, source, target, props) VALUES (?, ?, ?, ?)",
                    (*rel.key, _dumps(incoming)),
                )
                stored[rel.key] = incoming
                report.created += 1
                continue
            merged = merge_props(props, incoming)
            if merged == props:
                report.unchanged += 1
                continue
            self._db.execute(
                "UPDATE edges SET props = ? WHERE type = ? AND source = ? AND target = ?",
                (_dumps(merged), *rel.key),
            )
            stored[rel.key] = merged
            report.updated += 1
        return report

    def _fetch_edges(
        self, keys: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], dict[str, Any]]:
        """Stored properties of these relationships, one query per chunk of sources."""
        wanted = set(keys)
        found: dict[tuple[str, str, str], dict[str, Any]] = {}
        for chunk in _chunks(sorted({source for _, source, _ in wanted}), _CHUNK):
            marks = ",".join("?" * len(chunk))
            for type_, source, target, props in self._db.execute(
                f"SELECT type, source, target, props FROM edges WHERE source IN ({marks})", chunk
            ):
                if (type_, source, target) in wanted:
                    found[(type_, source, target)] = _props(props)
        return found

    # -- reader ---------------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node | None:
        found = self._fetch_nodes([node_id]).get(node_id)
        return node_from_props(*found) if found else None

    def get_relationship(self, type_: RelType, source: str, target: str) -> Relationship | None:
        with self._lock:
            row = self._db.execute(
                "SELECT props FROM edges WHERE type = ? AND source = ? AND target = ?",
                (type_.value, source, target),
            ).fetchone()
        if row is None:
            return None
        return Relationship.from_props(type_, source, target, json.loads(row[0]))

    def existing_ids(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        found: dict[str, NodeKind] = {}
        with self._lock:
            for chunk in _chunks(ids, _CHUNK):
                marks = ",".join("?" * len(chunk))
                for node_id, kind in self._db.execute(
                    f"SELECT id, kind FROM nodes WHERE id IN ({marks})", chunk
                ):
                    found[node_id] = _KINDS[kind]
        return found

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        with self._lock:
            if kind is None:
                rows = self._db.execute("SELECT kind, props FROM nodes ORDER BY id").fetchall()
            else:
                rows = self._db.execute(
                    "SELECT kind, props FROM nodes WHERE kind = ? ORDER BY id", (kind.value,)
                ).fetchall()
        for row_kind, props in rows:
            yield node_from_props(NodeKind(row_kind), _props(props))

    def nodes_page(
        self,
        kinds: Sequence[NodeKind],
        *,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[Node]]:
        if not kinds:
            return 0, []
        where = f"kind IN ({','.join('?' * len(kinds))})"
        params: list[Any] = [k.value for k in kinds]
        if province_code is not None:
            where += " AND province_code = ?"
            params.append(province_code)
        with self._lock:
            (total,) = self._db.execute(
                f"SELECT count(*) FROM nodes WHERE {where}", params
            ).fetchone()
            rows = self._db.execute(
                f"SELECT kind, props FROM nodes WHERE {where} ORDER BY id LIMIT ? OFFSET ?",
                [*params, max(0, limit), max(0, offset)],
            ).fetchall()
        return int(total), [node_from_props(_KINDS[kind], _props(props)) for kind, props in rows]

    def search(
        self, text: str, kinds: Sequence[NodeKind] | None = None, limit: int = 20
    ) -> list[Node]:
        from partnernet.foundation.thai import normalize_key

        query = normalize_key(text)
        if not query:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT k.node_id, k.key, n.kind FROM node_keys k JOIN nodes n ON n.id = k.node_id"
                " WHERE instr(k.key, ?) > 0",
                (query,),
            ).fetchall()
        wanted = {kind.value for kind in kinds} if kinds else None
        keys: dict[str, list[str]] = {}
        kind_of: dict[str, str] = {}
        for node_id, key, kind in rows:
            if wanted is None or kind in wanted:
                keys.setdefault(node_id, []).append(key)
                kind_of[node_id] = kind
        ids = rank_search(text, keys.items(), kind_of)[:limit]
        found = self._fetch_nodes(ids)
        return [node_from_props(*found[node_id]) for node_id in ids]

    def neighbours(
        self,
        node_id: str,
        rel_types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        rows: list[tuple[str, str, str, str, str]] = []
        with self._lock:
            if direction in ("out", "both"):
                rows += [
                    (t, s, tg, p, "out")
                    for t, s, tg, p in self._db.execute(
                        "SELECT type, source, target, props FROM edges WHERE source = ?",
                        (node_id,),
                    )
                ]
            if direction in ("in", "both"):
                rows += [
                    (t, s, tg, p, "in")
                    for t, s, tg, p in self._db.execute(
                        "SELECT type, source, target, props FROM edges WHERE target = ?",
                        (node_id,),
                    )
                ]
        wanted = {t.value for t in rel_types} if rel_types else None
        rows = [r for r in rows if wanted is None or r[0] in wanted]
        others = self._fetch_nodes([r[2] if r[4] == "out" else r[1] for r in rows])
        result = []
        for type_, source, target, props, side in rows:
            other = target if side == "out" else source
            rel = Relationship.from_props(type_, source, target, _props(props))
            result.append(
                Neighbour(rel, node_from_props(*others[other]), "out" if side == "out" else "in")
            )
        result.sort(key=lambda n: (n.relationship.type.value, n.node.id, n.direction))
        return result

    @collector_paused()
    def subgraph(self, scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        with self._lock:
            if scope.is_whole:
                records = _records(
                    self._db.execute("SELECT id, kind, props FROM nodes"),
                    self._db.execute("SELECT type, source, target, props FROM edges"),
                )
            else:
                self._db.execute("DELETE FROM temp.scope_ids")
                if scope.provinces is not None:
                    self._collect_province_scope(scope.provinces)
                else:
                    ids = (
                        self._ego_ids(scope.ego, scope.radius)
                        if scope.ego is not None
                        else self._issue_scope_ids(scope)
                    )
                    self._db.execute(
                        "INSERT INTO temp.scope_ids SELECT value FROM json_each(?)",
                        (json.dumps(sorted(ids), ensure_ascii=False),),
                    )
                records = self._scope_records()
        return graph_from_records(records)

    def _collect_province_scope(self, provinces: frozenset[str]) -> None:
        """Core and neighbour ids of a province scope into `scope_ids`, in one statement:
        SQLite walks the core's edges by index and keeps the neighbours' ids, never bringing
        them into Python."""
        codes = sorted(provinces)
        excluded = _EXCLUDED_KINDS
        self._db.execute(
            "INSERT INTO temp.scope_ids"
            " WITH core(id) AS (SELECT id FROM nodes"
            f" WHERE province_code IN ({_marks(codes)}) AND kind NOT IN ({_marks(excluded)})),"
            " ring(id) AS (SELECT target FROM edges WHERE source IN core"
            " UNION SELECT source FROM edges WHERE target IN core)"
            " SELECT id FROM core UNION SELECT n.id FROM ring JOIN nodes n ON n.id = ring.id"
            f" WHERE n.kind NOT IN ({_marks(excluded)})",
            [*codes, *excluded, *excluded],
        )

    def _issue_scope_ids(self, scope: Scope) -> set[str]:
        issue = scope.issue or ""
        with self._lock:
            members = {issue} | {
                source
                for (source,) in self._db.execute(
                    "SELECT source FROM edges WHERE target = ? AND type IN (?, ?)",
                    (issue, RelType.WORKS_ON.value, RelType.CONCERNS.value),
                )
            }
        core = {
            node_id
            for node_id, kind in self.existing_ids(members).items()
            if scope_core(scope, kind, {"id": node_id}, members)
        }
        neighbours = self._adjacent_ids(core)
        kinds = self.existing_ids(neighbours)
        return core | {n for n, kind in kinds.items() if not excluded_from_scoped(kind)}

    def _adjacent_ids(self, ids: set[str]) -> set[str]:
        found: set[str] = set()
        wanted = json.dumps(sorted(ids), ensure_ascii=False)
        with self._lock:
            for source, target in self._db.execute(
                "SELECT source, target FROM edges"
                " WHERE source IN (SELECT value FROM json_each(?1)) UNION ALL"
                " SELECT source, target FROM edges"
                " WHERE target IN (SELECT value FROM json_each(?1))",
                (wanted,),
            ):
                found.add(source)
                found.add(target)
        return found

    def _ego_ids(self, ego: str, radius: int) -> set[str]:
        if not self.existing_ids([ego]):
            return set()
        seen = {ego}
        frontier = {ego}
        for _ in range(radius):
            adjacent = self._adjacent_ids(frontier) - seen
            kinds = self.existing_ids(adjacent)
            frontier = {n for n, kind in kinds.items() if traversable(kind)}
            seen |= frontier
            if not frontier:
                break
        return seen

    def _scope_records(self) -> GraphRecords:
        """The nodes in `scope_ids` and the relationships among them (induced): only the
        induced edges are read and decoded, not every edge of a hub in the set."""
        return _records(
            self._db.execute(
                "SELECT n.id, n.kind, n.props FROM temp.scope_ids s JOIN nodes n ON n.id = s.id"
            ),
            # `+target`: walk each node's outgoing edges and test the target against the set;
            # left to itself SQLite walks the incoming edges instead, which for a national hub
            # in the set are thousands of edges from outside (5x slower).
            self._db.execute(
                "SELECT type, source, target, props FROM edges"
                " WHERE source IN temp.scope_ids AND +target IN temp.scope_ids"
            ),
        )

    def stats(self) -> GraphStats:
        nodes: dict[str, int] = {}
        relationships: dict[str, int] = {}
        with self._lock:
            for kind, count in self._db.execute("SELECT kind, count(*) FROM nodes GROUP BY kind"):
                for label in labels_for_stats(_KINDS[kind]):
                    nodes[label] = nodes.get(label, 0) + count
            for type_, count in self._db.execute("SELECT type, count(*) FROM edges GROUP BY type"):
                relationships[type_] = count
        return GraphStats(
            nodes=dict(sorted(nodes.items())), relationships=dict(sorted(relationships.items()))
        )

    def get_meta(self, key: str) -> str | None:
        check_meta_key(key)
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def data_version(self) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM meta WHERE key = ?", (DATA_VERSION_KEY,)
            ).fetchone()
        return 0 if row is None else int(row[0])  # no row yet: nothing was ever written

    # -- audit trail (graph/audit.py; the SQL is in sqlite_audit.py) ----------------------

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        with self._lock, self._transaction():
            sqlite_audit.add(self._db, entries)

    def audit_page(
        self,
        *,
        node_id: str | None = None,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[AuditEntry]]:
        with self._lock:
            return sqlite_audit.page(self._db, node_id, province_code, offset, limit)

    def get_audit(self, entry_id: str) -> AuditEntry | None:
        with self._lock:
            return sqlite_audit.get(self._db, entry_id)

    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        return {i: node_from_props(*found) for i, found in self._fetch_nodes(ids).items()}

    def get_relationships(
        self, keys: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Relationship]:
        with self._lock:
            found = self._fetch_edges(keys)
        return {key: Relationship.from_props(*key, props) for key, props in found.items()}

    def restore_node(self, kind: NodeKind, node_id: str, props: Mapping[str, Any] | None) -> None:
        with self._lock, self._transaction():
            sqlite_audit.restore_node(self._db, kind, node_id, props, self._write_keys)
            self._bump_data_version()

    def restore_relationship(
        self, type_: RelType, source: str, target: str, props: Mapping[str, Any] | None
    ) -> None:
        with self._lock, self._transaction():
            sqlite_audit.restore_relationship(self._db, type_, source, target, props)
            self._bump_data_version()

    # -- internals ------------------------------------------------------------------------

    def _fetch_nodes(self, ids: Sequence[str]) -> dict[str, tuple[NodeKind, dict[str, Any]]]:
        found: dict[str, tuple[NodeKind, dict[str, Any]]] = {}
        with self._lock:
            for chunk in _chunks(ids, _CHUNK):
                marks = ",".join("?" * len(chunk))
                for node_id, kind, props in self._db.execute(
                    f"SELECT id, kind, props FROM nodes WHERE id IN ({marks})", chunk
                ):
                    found[node_id] = (_KINDS[kind], _props(props))
        return found

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK when the block raises (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
