"""What the Neo4j store runs inside one managed transaction, and the rows it sends and reads.

Every function taking `tx` runs inside a transaction that the driver may replay as a whole
on a transient failure (`Neo4jStore._write` / `_read`), so none keeps state outside it. The
row builders turn model objects into the parameters of `cypher.py`'s statements; the record
readers turn result rows into `GraphRecords`, the common currency of subgraph reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from neo4j import ManagedTransaction

from partnernet.foundation.errors import Conflict, NotFound
from partnernet.graph import cypher
from partnernet.graph.audit import AuditEntry
from partnernet.graph.cypher import Statement
from partnernet.graph.model import (
    ORGANIZATION_LABEL,
    Node,
    NodeKind,
    Relationship,
    RelType,
    node_from_props,
)
from partnernet.graph.store import (
    DATA_VERSION_KEY,
    MERGED_LIST_PROPS,
    GraphRecords,
    RejectedWrite,
    search_keys,
    traversable,
)

KIND_BY_LABEL: dict[str, NodeKind] = {kind.value: kind for kind in NodeKind}
TYPE_BY_NAME: dict[str, RelType] = {type_.value: type_ for type_ in RelType}


def kind_of(labels: Iterable[str]) -> NodeKind | None:
    for name in labels:
        if name != ORGANIZATION_LABEL and name in KIND_BY_LABEL:
            return KIND_BY_LABEL[name]
    return None


def public(props: Mapping[str, Any]) -> dict[str, Any]:
    """A stored node's property map without the internal search keys."""
    return {k: v for k, v in props.items() if k not in cypher.INTERNAL_NODE_PROPS}


def first_key(value: Any) -> str | None:
    keys = search_keys({"name_th": value})
    return keys[0] if keys else None


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


class Unlogged(dict[str, Any]):
    """A parameter map the driver sends as any other but does not spell out. The driver builds
    its DEBUG line for every RUN, the repr of all parameters included, before the logger
    decides whether DEBUG is on: 0.28 s per 60,000 node rows and 0.17 s per 200,000
    relationship rows of a load, spent on a string nobody reads. It also keeps the rows
    (people's names among them) out of a DEBUG log when one is on."""

    def __repr__(self) -> str:
        return f"<{len(self)} parameter(s), not logged>"


def run(tx: ManagedTransaction, statement: Statement, params: Mapping[str, Any]) -> Any:
    # The driver asks for a LiteralString (mypy treats it as str; pyright does not): cypher.py
    # guarantees the text holds no values (labels and types come only from the enums), which
    # is the property LiteralString stands for.
    sent = {k: Unlogged(v) if isinstance(v, dict) else v for k, v in params.items()}
    return tx.run(statement.text, sent)  # type: ignore[arg-type,unused-ignore]


def consume(statement: Statement, **params: Any) -> Callable[[ManagedTransaction], None]:
    def work(tx: ManagedTransaction) -> None:
        run(tx, statement, params).consume()

    return work


def bump_data_version(tx: ManagedTransaction) -> None:
    # Not added to Neo4jStore.counters, which count what the graph writes did.
    run(tx, cypher.BUMP_DATA_VERSION, {"key": DATA_VERSION_KEY}).consume()


def add_counters(counters: Counter[str], summary: Any) -> Any:
    """Add a statement's write counters to `counters`; returns them (SummaryCounters)."""
    done = summary.counters
    for name in (
        "nodes_created",
        "relationships_created",
        "properties_set",
        "labels_added",
        "nodes_deleted",
        "relationships_deleted",
    ):
        counters[name] += int(getattr(done, name))
    return done


def kind_conflict(node: Node, known: NodeKind) -> RejectedWrite:
    return RejectedWrite(
        item=node.id,
        reason=f"id {node.id!r} already belongs to a {known.value}, not a {node.kind.value}",
    )


def vanished(
    tx: ManagedTransaction, type_: RelType, rows: list[dict[str, Any]]
) -> list[RejectedWrite]:
    """Rows of a relationship run whose endpoints no longer exist (deleted by someone else
    between the kind check and the write; they were not written)."""
    present = kinds_in(tx, {row["source"] for row in rows} | {row["target"] for row in rows})
    return [
        RejectedWrite(
            item=f"({row['source']})-[:{type_.value}]->({row['target']})",
            reason="unknown node id (deleted during the write)",
        )
        for row in rows
        if row["source"] not in present or row["target"] not in present
    ]


def kinds_in(tx: ManagedTransaction, ids: Iterable[str]) -> dict[str, NodeKind]:
    found: dict[str, NodeKind] = {}
    wanted = list(ids)
    if not wanted:
        return found
    record = run(tx, cypher.KINDS_BY_IDS, {"lookup": {"ids": wanted}}).single(strict=True)
    for node_id, labels in zip(record["ids"], record["labels"], strict=True):
        kind = kind_of(labels)
        if kind is not None:
            found[node_id] = kind
    return found


def node_row(node: Node) -> dict[str, Any]:
    """Parameters of one node for cypher.upsert_nodes."""
    incoming = node.to_props()
    props = {k: v for k, v in incoming.items() if k != "id" and k not in MERGED_LIST_PROPS}
    if "name_th" in incoming:
        props[cypher.SEARCH_NAME_TH] = first_key(incoming["name_th"])
    if incoming.get("name_en"):
        props[cypher.SEARCH_NAME_EN] = first_key(incoming["name_en"])
    row: dict[str, Any] = {
        "id": node.id,
        "props": {k: v for k, v in props.items() if v is not None},
    }
    aliases = unique(incoming.get("aliases") or [])
    if aliases:  # empty lists stay out of the parameters (less to send; Cypher coalesces)
        row["aliases"] = aliases
        row["alias_keys"] = search_keys({"aliases": aliases})
    source_ids = unique(incoming.get("source_ids") or [])
    if source_ids:
        row["source_ids"] = source_ids
    return row


def rel_row(rel: Relationship) -> dict[str, Any]:
    incoming = rel.to_props()
    row: dict[str, Any] = {
        "source": rel.source,
        "target": rel.target,
        "props": {k: v for k, v in incoming.items() if k not in MERGED_LIST_PROPS},
    }
    source_ids = unique(incoming.get("source_ids") or [])
    if source_ids:
        row["source_ids"] = source_ids
    return row


def whole_graph(tx: ManagedTransaction) -> GraphRecords:
    records = GraphRecords()
    for record in run(tx, cypher.WHOLE_GRAPH_NODES, {}):
        kind = kind_of(record["labels"])
        if kind is not None:
            records.nodes[record["id"]] = (kind, public(record["props"]))
    for record in run(tx, cypher.WHOLE_GRAPH_RELATIONSHIPS, {}):
        type_ = TYPE_BY_NAME.get(record["type"])
        if type_ is not None:
            records.edges.append((type_, record["source"], record["target"], record["props"]))
    return records


def records_from_tail(result: Iterable[Any]) -> GraphRecords:
    """Rows of cypher's records tail → GraphRecords with only the induced edges."""
    records = GraphRecords()
    pending: list[tuple[RelType, str, str, dict[str, Any]]] = []
    for record in result:
        kind = kind_of(record["labels"])
        if kind is None:
            continue
        source = record["id"]
        records.nodes[source] = (kind, public(record["props"]))
        for type_name, target, props in record["out"]:
            type_ = TYPE_BY_NAME.get(type_name)
            if type_ is not None:
                pending.append((type_, source, target, props))
    records.edges = [edge for edge in pending if edge[2] in records.nodes]
    return records


def scoped_records(
    tx: ManagedTransaction, statement: Statement, params: Mapping[str, Any]
) -> GraphRecords:
    return records_from_tail(run(tx, statement, params))


def ego_records(tx: ManagedTransaction, ego: str, radius: int) -> GraphRecords:
    """Breadth-first, one statement per step, never stepping into non-traversable kinds."""
    if not kinds_in(tx, [ego]):
        return GraphRecords()
    seen = {ego}
    frontier = {ego}
    for _ in range(radius):
        step: set[str] = set()
        for record in run(tx, cypher.EGO_STEP, {"lookup": {"ids": sorted(frontier)}}):
            kind = kind_of(record["labels"])
            node_id = record["id"]
            if kind is not None and node_id not in seen and traversable(kind):
                step.add(node_id)
        frontier = step
        seen |= frontier
        if not frontier:
            break
    return records_from_tail(run(tx, cypher.RECORDS_AMONG_IDS, {"lookup": {"ids": sorted(seen)}}))


# -- the audit trail and exact restores (graph/audit.py) ---------------------------------------


def _audit_row(entry: AuditEntry) -> dict[str, Any]:
    if len(entry.nodes) > 2 or len(entry.provinces) > 2:  # a node or a tie: never more
        raise ValueError(f"an audit entry lists at most two nodes and provinces: {entry.id}")
    row: dict[str, Any] = {"id": entry.id, "at": entry.at, "body": entry.model_dump_json()}
    for prefix, values in (("node", entry.nodes), ("province", entry.provinces)):
        for n, value in enumerate(values, start=1):
            row[f"{prefix}{n}"] = value
    return row


def add_audit(tx: ManagedTransaction, entries: list[AuditEntry]) -> None:
    rows = [_audit_row(e) for e in entries]
    run(tx, cypher.ADD_AUDIT, {"batch": {"rows": rows}}).consume()


def audit_page(
    tx: ManagedTransaction, node_id: str | None, province_code: str | None, offset: int, limit: int
) -> tuple[int, list[AuditEntry]]:
    by_node, by_province = node_id is not None, province_code is not None
    where = {"node": node_id, "province": province_code}
    count = cypher.audit_count(by_node, by_province)
    total = int(run(tx, count, {"filter": where}).single(strict=True)["total"])
    params = {"filter": where, "offset": offset, "limit": limit}
    page = cypher.audit_page(by_node, by_province)
    bodies = [record["body"] for record in run(tx, page, params)]
    return total, [AuditEntry.model_validate_json(body) for body in bodies]


def restore_node(
    tx: ManagedTransaction, kind: NodeKind, node_id: str, props: Mapping[str, Any] | None
) -> None:
    known = kinds_in(tx, [node_id]).get(node_id)
    if known is not None and known is not kind:
        raise Conflict(f"id {node_id!r} now belongs to a {known.value}, not a {kind.value}")
    if props is None:
        if known is None:
            return
        ties = int(run(tx, cypher.NODE_TIES, {"id": node_id}).single(strict=True)["ties"])
        if ties:
            raise Conflict(f"{node_id!r} still has {ties} relationship(s); remove them first")
        run(tx, cypher.DELETE_NODE, {"id": node_id}).consume()
    else:
        clean = node_from_props(kind, {**props, "id": node_id}).to_props()
        stored = dict(clean)
        stored[cypher.SEARCH_NAME_TH] = first_key(clean["name_th"])
        if clean.get("name_en"):
            stored[cypher.SEARCH_NAME_EN] = first_key(clean["name_en"])
        if clean.get("aliases"):
            stored[cypher.SEARCH_ALIASES] = search_keys({"aliases": clean["aliases"]})
        run(tx, cypher.restore_node(kind), {"id": node_id, "props": stored}).consume()
    bump_data_version(tx)


def restore_relationship(
    tx: ManagedTransaction,
    type_: RelType,
    source: str,
    target: str,
    props: Mapping[str, Any] | None,
) -> None:
    ends = {"source": source, "target": target}
    if props is None:
        run(tx, cypher.delete_relationship(type_), ends).consume()
    else:
        missing = [end for end in (source, target) if end not in kinds_in(tx, [source, target])]
        if missing:
            raise NotFound("unknown node id " + ", ".join(repr(m) for m in missing))
        clean = Relationship.from_props(type_, source, target, props).to_props()
        run(tx, cypher.restore_relationship(type_), {**ends, "props": clean}).consume()
    bump_data_version(tx)
