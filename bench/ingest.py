"""Ingest benchmarks: batched loads, a re-load, and per-row vs batched on the same rows.

- *Batched load*: every node, then every relationship, into a fresh store with the store's
  batched upsert (`batch_size`, one transaction per batch), repeated; rows/s and peak RSS.
- *Re-load*: the same rows again into the loaded store: what the store's `WriteReport`
  counts as created/updated/unchanged, and for Neo4j the server's own counters.
- *Per-row vs batched*: a systematic sample (every k-th row) of at most `cap` relationships,
  and of nodes every k-th up to `cap` plus the sampled relationships' endpoints, written into
  an empty store once per row (`batch_size=1`: one MERGE per transaction for Neo4j, one
  transaction per row for SQLite) and, into another empty store, batched; each store first
  gets a few warm-up rows outside the sample (one per node kind and relationship shape) so
  that query planning is not timed; the two modes alternate `repeat` times and the medians
  are compared. Per-row times are extrapolated to the whole graph at the sampled rate (the
  tables say so).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from typing import Any, TypeVar

from bench.measure import Repeated, measured
from bench.stores import Backend
from partnernet.graph.model import Node, Relationship
from partnernet.graph.store import GraphStore, WriteReport

T = TypeVar("T")


def systematic(items: Sequence[T], cap: int) -> tuple[list[T], list[T]]:
    """(every k-th item, at most `cap` of them; the rest), order kept."""
    if len(items) <= cap:
        return list(items), []
    step = len(items) / cap
    chosen = {int(i * step) for i in range(cap)}
    picked = [item for i, item in enumerate(items) if i in chosen]
    rest = [item for i, item in enumerate(items) if i not in chosen]
    return picked, rest


def _report(report: WriteReport) -> dict[str, int]:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": len(report.rejected),
    }


def _delta(after: dict[str, int] | None, before: dict[str, int] | None) -> dict[str, int] | None:
    if after is None:
        return None
    before = before or {}
    return {k: v - before.get(k, 0) for k, v in sorted(after.items())}


def batched_loads(
    backend: Backend,
    label: str,
    nodes: Sequence[Node],
    rels: Sequence[Relationship],
    *,
    repeat: int,
    batch_size: int,
) -> tuple[dict[str, Any], GraphStore]:
    """Repeated batched loads; the store of the last run stays loaded and is returned."""
    timings = Repeated()
    node_seconds: list[float] = []
    rel_seconds: list[float] = []
    first: dict[str, Any] = {}
    store: GraphStore | None = None
    for i in range(max(1, repeat)):
        if store is not None:
            backend.dispose(store)
        store = backend.fresh(f"{label}-batched", batch_size)
        before = backend.counters(store)
        with measured() as sample:
            started = time.perf_counter()
            node_report = store.upsert_nodes(nodes, batch_size)
            middle = time.perf_counter()
            rel_report = store.upsert_relationships(rels, batch_size)
            node_seconds.append(middle - started)
            rel_seconds.append(time.perf_counter() - middle)
        timings.runs.append(sample)
        if i == 0:
            first = {
                "nodes": _report(node_report),
                "relationships": _report(rel_report),
                "server_counters": _delta(backend.counters(store), before),
            }
    assert store is not None
    before = backend.counters(store)
    with measured() as again:
        node_report = store.upsert_nodes(nodes, batch_size)
        rel_report = store.upsert_relationships(rels, batch_size)
    rows = len(nodes) + len(rels)
    result = {
        "batch_size": batch_size,
        "nodes": len(nodes),
        "relationships": len(rels),
        "load": timings.as_dict(),
        "nodes_seconds_median": round(sorted(node_seconds)[len(node_seconds) // 2], 3),
        "relationships_seconds_median": round(sorted(rel_seconds)[len(rel_seconds) // 2], 3),
        "rows_per_second": round(rows / timings.seconds, 1),
        "first_load": first,
        "reload": {
            "seconds": round(again.seconds, 3),
            "nodes": _report(node_report),
            "relationships": _report(rel_report),
            "server_counters": _delta(backend.counters(store), before),
        },
    }
    return result, store


def _timed(
    store: GraphStore, nodes: Sequence[Node], rels: Sequence[Relationship], batch_size: int
) -> tuple[float, float]:
    started = time.perf_counter()
    store.upsert_nodes(nodes, batch_size)
    node_time = time.perf_counter() - started
    started = time.perf_counter()
    store.upsert_relationships(rels, batch_size)
    return node_time, time.perf_counter() - started


def sample_rows(
    nodes: Sequence[Node], rels: Sequence[Relationship], cap: int
) -> tuple[list[Node], list[Relationship]]:
    """A systematic sample of at most `cap` relationships, and of nodes: every k-th node up
    to `cap`, plus every endpoint of the sampled relationships (so that the sample loads into
    an empty store on its own)."""
    rel_sample, _ = systematic(rels, cap)
    node_sample, _ = systematic(nodes, cap)
    wanted = {r.source for r in rel_sample} | {r.target for r in rel_sample}
    wanted -= {n.id for n in node_sample}
    node_sample += [n for n in nodes if n.id in wanted]
    return node_sample, rel_sample


def warmup_rows(
    nodes: Sequence[Node], rels: Sequence[Relationship], avoid: set[str]
) -> tuple[list[Node], list[Relationship]]:
    """A few rows outside the sample that use every statement the sample will: one node of
    each kind, one relationship of each (type, source kind, target kind), and its endpoints.
    Written first into each store, so that query planning is not what is timed."""
    kind_of = {n.id: n.kind for n in nodes}
    chosen: dict[str, Node] = {}
    kinds_seen: set[object] = set()
    for node in nodes:
        if node.id not in avoid and node.kind not in kinds_seen:
            kinds_seen.add(node.kind)
            chosen[node.id] = node
    by_id = {n.id: n for n in nodes}
    warm_rels: list[Relationship] = []
    keys_seen: set[object] = set()
    for rel in rels:
        key = (rel.type, kind_of.get(rel.source), kind_of.get(rel.target))
        if key in keys_seen or rel.source in avoid or rel.target in avoid:
            continue
        keys_seen.add(key)
        warm_rels.append(rel)
        chosen.setdefault(rel.source, by_id[rel.source])
        chosen.setdefault(rel.target, by_id[rel.target])
    return list(chosen.values()), warm_rels


def per_row_vs_batched(
    backend: Backend,
    label: str,
    nodes: Sequence[Node],
    rels: Sequence[Relationship],
    *,
    cap: int,
    batch_size: int,
    full_batched_seconds: float,
    repeat: int = 1,
) -> dict[str, Any]:
    node_sample, rel_sample = sample_rows(nodes, rels, cap)
    warm_nodes, warm_rels = warmup_rows(nodes, rels, {n.id for n in node_sample})
    times: dict[str, list[tuple[float, float]]] = {"per_row": [], "batched": []}
    for _ in range(max(1, repeat)):  # alternate the modes, so both see the same conditions
        for mode, size in (("per_row", 1), ("batched", batch_size)):
            store = backend.fresh(f"{label}-{mode}", batch_size)
            try:
                _timed(store, warm_nodes, warm_rels, size)
                times[mode].append(_timed(store, node_sample, rel_sample, size))
            finally:
                backend.dispose(store)
    results: dict[str, dict[str, Any]] = {}
    for mode, runs in times.items():
        node_time = statistics.median(t[0] for t in runs)
        rel_time = statistics.median(t[1] for t in runs)
        total = statistics.median(t[0] + t[1] for t in runs)
        results[mode] = {
            "nodes_seconds": round(node_time, 4),
            "relationships_seconds": round(rel_time, 4),
            "runs_seconds": [round(t[0] + t[1], 3) for t in runs],
            "nodes_per_second": round(len(node_sample) / node_time, 1),
            "relationships_per_second": round(len(rel_sample) / rel_time, 1),
            "rows_per_second": round((len(node_sample) + len(rel_sample)) / total, 1),
        }
    probe: dict[str, Any] | None = None
    instance = getattr(backend, "instance", None)
    if instance is not None:
        from bench.neo4j_probe import probe as neo4j_probe

        probe = neo4j_probe(instance, node_sample, rel_sample, batch_size)
    per_row, batched = results["per_row"], results["batched"]
    extrapolated = (
        len(nodes) / per_row["nodes_per_second"] + len(rels) / per_row["relationships_per_second"]
    )
    return {
        "sample_nodes": len(node_sample),
        "sample_relationships": len(rel_sample),
        "warmup_rows": len(warm_nodes) + len(warm_rels),
        "sampling": f"every {len(rels) / max(1, len(rel_sample)):.1f}th relationship, "
        f"every {len(nodes) / max(1, cap):.1f}th node and the relationships' "
        "endpoints",
        **results,
        "ratio_same_rows": round(batched["rows_per_second"] / per_row["rows_per_second"], 1),
        "ratio_same_rows_nodes": round(
            batched["nodes_per_second"] / per_row["nodes_per_second"], 1
        ),
        "ratio_same_rows_relationships": round(
            batched["relationships_per_second"] / per_row["relationships_per_second"], 1
        ),
        "per_row_full_load_seconds_extrapolated": round(extrapolated, 1),
        "ratio_full_load": round(extrapolated / full_batched_seconds, 1),
        "minimal_cypher": probe,
    }
