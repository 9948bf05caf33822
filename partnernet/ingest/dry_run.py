"""A store that writes nothing: what an ingest *would* do, for the upload preview.

`DryRun(store)` answers every read from the real store, and takes upserts as the real backends
do (same merge, `merge_props`; same refusals: a kind clash, `endpoint_problem`) without writing
them: it keeps the nodes and relationships it would have written, so that later reads of the
same run (a relationship to a node created earlier in the run, a report written onto an
organisation the table creates) see them, and lists each change (created, or changed with the
properties before and after). The ingest pipeline runs against it unchanged, so a preview
rejects the same rows with the same reasons as `partnernet ingest`.

Search does not see the planned nodes (a name that only this run defines is resolved by the
pipeline among its own rows, before the store is asked).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from partnernet.graph.audit import AuditEntry
from partnernet.graph.model import Node, NodeKind, Relationship, RelType, node_from_props
from partnernet.graph.store import (
    WHOLE_GRAPH,
    Direction,
    GraphStats,
    GraphStore,
    Neighbour,
    RejectedWrite,
    Scope,
    WriteReport,
    endpoint_problem,
    merge_props,
    rel_label,
)

Action = Literal["create", "update"]


@dataclass(frozen=True, slots=True)
class Change:
    """One node or relationship the run would create or change. `before` is None for a
    creation; for a change it holds only the properties that differ (as does `after`)."""

    what: Literal["node", "tie"]
    action: Action
    item: str  # node id, or the relationship's label "(a)-[:TYPE]->(b)"
    kind: str  # node kind, or relationship type
    name: str  # the node's Thai name, or ""
    before: dict[str, Any] | None
    after: dict[str, Any]


class DryRun:
    """A `GraphStore` over `store` that records writes instead of making them."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.uri = store.uri
        self.nodes: dict[str, Node] = {}  # as this run would leave them
        self.rels: dict[tuple[str, str, str], Relationship] = {}
        self.changes: list[Change] = []
        self._node_change: dict[str, int] = {}
        self._rel_change: dict[tuple[str, str, str], int] = {}
        # properties as this run would leave them, and as stored before it (for "before")
        self._props: dict[str, dict[str, Any]] = {}
        self._rel_props: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._stored_props: dict[str, dict[str, Any]] = {}
        self._stored_rel_props: dict[tuple[str, str, str], dict[str, Any]] = {}

    # -- writes, recorded ------------------------------------------------------------------

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = 1000) -> WriteReport:
        report = WriteReport()
        batch = list(nodes)
        known = self.store.existing_ids([n.id for n in batch if n.id not in self.nodes])
        for node in batch:
            incoming = node.to_props()
            prev = self.nodes.get(node.id)
            props: dict[str, Any] | None = self._props.get(node.id)
            if prev is None and node.id in known:
                prev = self.store.get_node(node.id)
                if prev is not None:
                    props = self._stored_props[node.id] = prev.to_props()
            if prev is None:
                self.nodes[node.id] = node
                self._props[node.id] = incoming
                self._record_node(node, None, incoming)
                report.created += 1
                continue
            if prev.kind is not node.kind:
                report.rejected.append(
                    RejectedWrite(
                        item=node.id,
                        reason=f"id {node.id!r} already belongs to a {prev.kind.value}, "
                        f"not a {node.kind.value}",
                    )
                )
                continue
            props = props if props is not None else prev.to_props()
            merged = merge_props(props, incoming)
            if merged == props:
                report.unchanged += 1
                continue
            after = node_from_props(node.kind, merged)
            self.nodes[node.id] = after
            self._props[node.id] = merged
            self._record_node(after, self._stored_props.get(node.id), merged)
            report.updated += 1
        return report

    def upsert_relationships(
        self, rels: Iterable[Relationship], batch_size: int = 1000
    ) -> WriteReport:
        report = WriteReport()
        batch = list(rels)
        ends = {r.source for r in batch} | {r.target for r in batch}
        kinds = self.store.existing_ids(sorted(e for e in ends if e not in self.nodes))
        kinds.update({i: self.nodes[i].kind for i in ends if i in self.nodes})
        for rel in batch:
            reason = endpoint_problem(rel, kinds)
            if reason:
                report.rejected.append(RejectedWrite(item=rel_label(rel), reason=reason))
                continue
            incoming = rel.to_props()
            props = self._rel_props.get(rel.key)
            if props is None and not self._new(rel.source) and not self._new(rel.target):
                found = self.store.get_relationship(rel.type, rel.source, rel.target)
                if found is not None:
                    props = self._stored_rel_props[rel.key] = found.to_props()
            if props is None:
                self.rels[rel.key] = rel
                self._rel_props[rel.key] = incoming
                self._record_rel(rel, None, incoming)
                report.created += 1
                continue
            merged = merge_props(props, incoming)
            if merged == props:
                report.unchanged += 1
                continue
            self.rels[rel.key] = Relationship.from_props(rel.type, rel.source, rel.target, merged)
            self._rel_props[rel.key] = merged
            self._record_rel(rel, self._stored_rel_props.get(rel.key), merged)
            report.updated += 1
        return report

    def _new(self, node_id: str) -> bool:
        index = self._node_change.get(node_id)
        return index is not None and self.changes[index].action == "create"

    def _record_node(
        self, node: Node, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> None:
        index = self._node_change.get(node.id)
        action: Action = "create" if before is None else "update"
        if index is not None and self.changes[index].action == "create":
            before, action = None, "create"
        change = Change(
            "node", action, node.id, node.kind.value, node.name_th, *_diff(before, after)
        )
        if index is None:
            self._node_change[node.id] = len(self.changes)
            self.changes.append(change)
        else:
            self.changes[index] = change

    def _record_rel(
        self, rel: Relationship, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> None:
        index = self._rel_change.get(rel.key)
        action: Action = "create" if before is None else "update"
        change = Change("tie", action, rel_label(rel), rel.type.value, "", *_diff(before, after))
        if index is None:
            self._rel_change[rel.key] = len(self.changes)
            self.changes.append(change)
        else:
            self.changes[index] = change

    def init_schema(self) -> None:
        """Nothing to create: a dry run writes nothing."""

    def clear(self) -> None:
        raise NotImplementedError("a dry run never clears a store")

    def set_meta(self, key: str, value: str) -> None:
        """Derived values are not kept by a dry run."""

    def close(self) -> None:
        """The real store stays open: its owner closes it."""

    # -- the audit trail: nothing is written, so nothing is recorded ---------------------

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        """A dry run keeps no audit entries (it changed nothing)."""

    def audit_page(
        self,
        *,
        node_id: str | None = None,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[AuditEntry]]:
        return self.store.audit_page(
            node_id=node_id, province_code=province_code, offset=offset, limit=limit
        )

    def get_audit(self, entry_id: str) -> AuditEntry | None:
        return self.store.get_audit(entry_id)

    def restore_node(self, kind: NodeKind, node_id: str, props: Mapping[str, Any] | None) -> None:
        raise NotImplementedError("a dry run never restores a record")

    def restore_relationship(
        self, type_: RelType, source: str, target: str, props: Mapping[str, Any] | None
    ) -> None:
        raise NotImplementedError("a dry run never restores a record")

    # -- reads: the store's, with this run's writes on top ---------------------------------

    def get_node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id) or self.store.get_node(node_id)

    def get_relationship(self, type_: RelType, source: str, target: str) -> Relationship | None:
        planned = self.rels.get((type_.value, source, target))
        return planned or self.store.get_relationship(type_, source, target)

    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        found = self.store.get_nodes([i for i in ids if i not in self.nodes])
        found.update({i: self.nodes[i] for i in ids if i in self.nodes})
        return found

    def get_relationships(
        self, keys: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Relationship]:
        found = self.store.get_relationships([k for k in keys if k not in self.rels])
        found.update({k: self.rels[k] for k in keys if k in self.rels})
        return found

    def existing_ids(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        wanted = list(ids)
        found = self.store.existing_ids([i for i in wanted if i not in self.nodes])
        found.update({i: self.nodes[i].kind for i in wanted if i in self.nodes})
        return found

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        planned = {i: n for i, n in self.nodes.items() if kind is None or n.kind is kind}
        for node in self.store.iter_nodes(kind):
            yield planned.pop(node.id, node)
        yield from (planned[i] for i in sorted(planned))

    def nodes_page(
        self,
        kinds: Sequence[NodeKind],
        *,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[Node]]:
        return self.store.nodes_page(kinds, province_code=province_code, offset=offset, limit=limit)

    def search(
        self, text: str, kinds: Sequence[NodeKind] | None = None, limit: int = 20
    ) -> list[Node]:
        return self.store.search(text, kinds, limit)

    def neighbours(
        self,
        node_id: str,
        rel_types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        return self.store.neighbours(node_id, rel_types, direction)

    def subgraph(self, scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        return self.store.subgraph(scope)

    def stats(self) -> GraphStats:
        return self.store.stats()

    def get_meta(self, key: str) -> str | None:
        return self.store.get_meta(key)

    def data_version(self) -> int:
        return self.store.data_version()


def _diff(
    before: dict[str, Any] | None, after: dict[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """For a change, only the properties whose values differ, on both sides."""
    if before is None:
        return None, {k: v for k, v in after.items() if v not in (None, [], "")}
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
