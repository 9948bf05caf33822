"""The server's ceiling: the sampled rows written with the plainest Cypher, per row and batched.

`UNWIND $rows AS row MERGE (n:PartnernetBenchProbe {id: row.id}) SET n += row.props` for
nodes (one uniqueness constraint on the probe label) and `MATCH` both ends + `MERGE (s)-[:
PARTNERNET_BENCH_PROBE]->(t) SET r += row.props` for relationships — no label lookups, no
change detection, no full-text index. Set beside the store's own figures, it tells how much
of a gap to a budget is the store's statements and how much the server and machine. The
probe's nodes and constraint are removed afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from partnernet.graph.model import Node, Relationship

LABEL = "PartnernetBenchProbe"
TYPE = "PARTNERNET_BENCH_PROBE"
CONSTRAINT = "partnernet_bench_probe_id"
NODES = f"UNWIND $rows AS row MERGE (n:{LABEL} {{id: row.id}}) SET n += row.props"
RELS = (
    f"UNWIND $rows AS row MATCH (s:{LABEL} {{id: row.source}}) "
    f"MATCH (t:{LABEL} {{id: row.target}}) MERGE (s)-[r:{TYPE}]->(t) SET r += row.props"
)


def _node_row(node: Node) -> dict[str, Any]:
    props = node.to_props()
    return {"id": props.pop("id"), "props": props}


def _rel_row(rel: Relationship) -> dict[str, Any]:
    return {"source": rel.source, "target": rel.target, "props": rel.to_props()}


def probe(
    instance: dict[str, Any],
    nodes: Sequence[Node],
    rels: Sequence[Relationship],
    batch_size: int,
) -> dict[str, Any]:
    from neo4j import GraphDatabase, ManagedTransaction

    node_rows = [_node_row(n) for n in nodes]
    rel_rows = [_rel_row(r) for r in rels]
    driver = GraphDatabase.driver(instance["uri"], auth=(instance["user"], instance["password"]))
    out: dict[str, Any] = {}
    try:
        with driver.session() as session:

            def write(statement: str, rows: list[dict[str, Any]], size: int) -> float:
                def work(tx: ManagedTransaction, chunk: list[dict[str, Any]]) -> None:
                    tx.run(statement, rows=chunk).consume()

                started = time.perf_counter()
                for i in range(0, len(rows), size):
                    session.execute_write(work, rows[i : i + size])
                return time.perf_counter() - started

            def clean() -> None:
                session.run(
                    f"MATCH (n:{LABEL}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 5000 ROWS"
                ).consume()

            session.run(
                f"CREATE CONSTRAINT {CONSTRAINT} IF NOT EXISTS "
                f"FOR (n:{LABEL}) REQUIRE n.id IS UNIQUE"
            ).consume()
            for mode, size in (("per_row", 1), ("batched", batch_size)):
                clean()
                warm = [{"id": f"warm:{i}", "props": {}} for i in range(2)]
                write(NODES, warm, size)
                write(RELS, [{"source": "warm:0", "target": "warm:1", "props": {}}], size)
                node_time = write(NODES, node_rows, size)
                rel_time = write(RELS, rel_rows, size)
                out[mode] = {
                    "nodes_per_second": round(len(node_rows) / node_time, 1),
                    "relationships_per_second": round(len(rel_rows) / rel_time, 1),
                    "rows_per_second": round(
                        (len(node_rows) + len(rel_rows)) / (node_time + rel_time), 1
                    ),
                }
            clean()
            session.run(f"DROP CONSTRAINT {CONSTRAINT} IF EXISTS").consume()
    finally:
        driver.close()
    out["ratio_same_rows"] = round(
        out["batched"]["rows_per_second"] / out["per_row"]["rows_per_second"], 1
    )
    return out
