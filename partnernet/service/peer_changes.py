"""Which provinces a write touched, so that a small edit refreshes only their peer summaries.

The region's peer summaries (`service/peers.py`) are stamped with the store's `data_version`;
any write moves it on, and the next analysis in the region used to read the whole region again
(seconds at national scale) after adding one tie. A province's summary depends only on its own
organisations (`province_code`), their ties and those partners' kind, type and place
(`analysis/peers.py`), so a write changes the summaries of:

- a node written: its province before and after, and (if it existed and the write changes it
  by the store's merge rule: its kind, type or place may change) the provinces of every node
  it is related to;
- a relationship written: the provinces of both ends;
- a node or relationship set back or deleted (`restore_node` / `restore_relationship`, what
  the edit form and the audit trail's undo do): the same.

The service's write paths (`records.py`, `ingest.py`, `edit.py`, `audit.undo`) run inside
`recording(store)`, which hands them the store wrapped so that it sees every node and
relationship they write, and afterwards keeps in the store's meta area a change-log entry
"versions (before, after] touched these provinces". `peers.region_summaries` then recomputes
only those provinces of a region and carries the others forward (`touched_between`).

An entry is kept only when it is known to be exact: every upsert of the write was small enough
to be one batch (one version step each, see `GraphStore.data_version`), none was partly
rejected, and the version moved on by exactly the steps of this write (no other writer came in
between). Anything else (a whole-file ingest, a concurrent write, a write path that does not
record) leaves a hole in the log, and a hole means the region is recomputed as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from pydantic import BaseModel, ValidationError

from partnernet.graph.model import Node, NodeKind, Relationship, RelType
from partnernet.graph.store import GraphStore, StoreError, WriteReport, merge_props

log = logging.getLogger(__name__)

LOG_KEY = "peer_changes"
LOG_FORMAT = 1
KEEP_ENTRIES = 200  # older ones are dropped; summaries that old are recomputed in full
# Upserts of more items than this are not tracked (a store may split them into several
# batches, each a version step of its own); a small edit is far below it.
SMALL_WRITE = 200

P = ParamSpec("P")
R = TypeVar("R")


class ChangeLog(BaseModel):
    """(version before, version after, provinces touched) of recent recorded writes."""

    format: int = LOG_FORMAT
    entries: list[tuple[int, int, list[str]]] = []


def _load(store: GraphStore) -> ChangeLog | None:
    raw = store.get_meta(LOG_KEY)
    if raw is None:
        return None
    try:
        found = ChangeLog.model_validate_json(raw)
    except ValidationError:
        return None  # written by another version of partnernet: as if there were no log
    return found if found.format == LOG_FORMAT else None


def log_change(store: GraphStore, before: int, after: int, provinces: Iterable[str]) -> None:
    """Keep "the writes from `before` to `after` touched `provinces`" (the caller has made sure
    that no other write came in between)."""
    if after <= before:
        return
    found = _load(store) or ChangeLog()
    entries = [e for e in found.entries if e[0] != before][-(KEEP_ENTRIES - 1) :]
    entries.append((before, after, sorted(set(provinces))))
    try:
        store.set_meta(LOG_KEY, ChangeLog(entries=entries).model_dump_json())
    except StoreError as exc:  # e.g. a read-only store: a hole, so a full recompute later
        log.info("peer change log not kept in %s: %s", store.uri, exc)


def touched_between(store: GraphStore, start: int, end: int) -> frozenset[str] | None:
    """The provinces the writes from version `start` to `end` touched, or None if some of
    those writes are not in the log (then nothing is known about them)."""
    if end < start:
        return None
    found = _load(store)
    steps = (
        {before: (after, provinces) for before, after, provinces in found.entries} if found else {}
    )
    touched: set[str] = set()
    current = start
    while current < end:
        step = steps.get(current)
        if step is None:
            return None
        current, provinces = step[0], step[1]
        touched.update(provinces)
    return frozenset(touched) if current == end else None


class _Recorder:
    """A store as a write path sees it inside `recording`: reads and other calls go to the
    store, upserts are also noted (which provinces, how many version steps)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.provinces: set[str] = set()
        self.steps = 0
        self.exact = True
        self._written: dict[str, str | None] = {}  # node id -> province, as this write left it

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _province_of(self, node_id: str) -> str | None:
        if node_id not in self._written:
            node = self._store.get_node(node_id)
            self._written[node_id] = _province(node) if node is not None else None
        return self._written[node_id]

    def _small(self, count: int, batch_size: int | None) -> bool:
        return count <= SMALL_WRITE and (batch_size is None or count <= batch_size)

    def _count(self, report: WriteReport) -> None:
        if report.rejected:
            # A store may write a partly refused batch in several transactions (Neo4j bisects
            # it to find the bad rows): its version steps are not known.
            self.exact = False
        elif report.created or report.updated:
            self.steps += 1

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int | None = None) -> WriteReport:
        batch = list(nodes)
        if self.exact and self._small(len(batch), batch_size):
            for node in batch:
                old = self._store.get_node(node.id)
                if old is not None:
                    self.provinces.update(_known(_province(old)))
                    stored = old.to_props()
                    if merge_props(stored, node.to_props()) != stored:
                        # Its kind, type or place may change: its partners count it by those.
                        for neighbour in self._store.neighbours(node.id):
                            self.provinces.update(_known(_province(neighbour.node)))
                self._written[node.id] = _province(node)
                self.provinces.update(_known(_province(node)))
        else:
            self.exact = False
        kwargs = {} if batch_size is None else {"batch_size": batch_size}
        report = self._store.upsert_nodes(batch, **kwargs)
        self._count(report)
        return report

    def upsert_relationships(
        self, rels: Iterable[Relationship], batch_size: int | None = None
    ) -> WriteReport:
        batch = list(rels)
        if self.exact and self._small(len(batch), batch_size):
            for rel in batch:
                for end in (rel.source, rel.target):
                    self.provinces.update(_known(self._province_of(end)))
        else:
            self.exact = False
        kwargs = {} if batch_size is None else {"batch_size": batch_size}
        report = self._store.upsert_relationships(batch, **kwargs)
        self._count(report)
        return report

    def restore_node(self, kind: NodeKind, node_id: str, props: Mapping[str, Any] | None) -> None:
        """Set a node to exactly `props` (or delete it): one version step when it succeeds."""
        if self.exact:
            old = self._store.get_node(node_id)
            if old is not None:
                self.provinces.update(_known(_province(old)))
                for neighbour in self._store.neighbours(node_id):
                    self.provinces.update(_known(_province(neighbour.node)))
            new = (props or {}).get("province_code")
            self._written[node_id] = new if isinstance(new, str) else None
            self.provinces.update(_known(self._written[node_id]))
        self._store.restore_node(kind, node_id, props)
        self.steps += 1

    def restore_relationship(
        self, type_: RelType, source: str, target: str, props: Mapping[str, Any] | None
    ) -> None:
        """Set a relationship to exactly `props` (or delete it): one version step."""
        if self.exact:
            for end in (source, target):
                self.provinces.update(_known(self._province_of(end)))
        self._store.restore_relationship(type_, source, target, props)
        self.steps += 1


def _province(node: Node) -> str | None:
    value = getattr(node, "province_code", None)
    return value if isinstance(value, str) else None


def _known(province: str | None) -> tuple[str, ...]:
    return () if province is None else (province,)


@contextmanager
def recording(store: GraphStore) -> Iterator[GraphStore]:
    """Run a write path on the store this yields; afterwards the provinces it touched are in
    the change log if they are known exactly (see the module docstring). Nested: the outer
    recording covers the inner one."""
    if isinstance(store, _Recorder):
        yield cast(GraphStore, store)
        return
    recorder = _Recorder(store)
    before = store.data_version()
    try:
        yield cast(GraphStore, recorder)
    finally:
        # Also after a failure: what was written is exactly known or the entry is not kept.
        if recorder.steps and recorder.exact:
            after = store.data_version()
            if after == before + recorder.steps:
                log_change(store, before, after, recorder.provinces)


def recorded(
    write: Callable[Concatenate[GraphStore, P], R],
) -> Callable[Concatenate[GraphStore, P], R]:
    """A write path (store first) run inside `recording`."""

    @wraps(write)
    def run(store: GraphStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with recording(store) as tracked:
            return write(tracked, *args, **kwargs)

    return run
