"""Read-back and analysis benchmarks: ours against plain networkx on the same graph.

- *Read-back*: the whole graph from a store into networkx (`store.subgraph()`).
- *Projection*: `project_partnerships` (default mix), the graph every analysis starts from.
- *Hubs*: `hub_scores` (betweenness exact up to its threshold, else sampled; igraph when
  installed) against plain networkx (`betweenness_centrality` exact where feasible, else with
  the same number of sampled sources; `pagerank`; `eigenvector_centrality_numpy`;
  `articulation_points`; `bridges`), with the Spearman rank correlation of our betweenness
  with exact betweenness (networkx's where feasible, igraph's exact on larger graphs).
- *Structure*: `structure_report` against networkx's default `louvain_communities`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
import numpy as np

from bench.measure import measured, traced
from partnernet.graph.store import GraphStore

NX_EXACT_LIMIT = 5000  # plain networkx exact betweenness above this many nodes: too slow
IGRAPH_EXACT_LIMIT = 30000  # exact reference by igraph up to this many nodes
NX_NATIONAL_SAMPLES = 64  # plain networkx sampled betweenness on the national graph


def rankdata(values: Sequence[float]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Ranks 1..n with ties given their average rank (as scipy.stats.rankdata)."""
    a = np.asarray(values, dtype=float)
    order = np.argsort(a, kind="mergesort")
    ranks = np.empty(len(a), dtype=float)
    sorted_a = a[order]
    i = 0
    while i < len(a):
        j = i
        while j + 1 < len(a) and sorted_a[j + 1] == sorted_a[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    if len(x) < 3:
        return None
    rx, ry = rankdata(x), rankdata(y)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return round(float(np.corrcoef(rx, ry)[0, 1]), 4)


def top_overlap(ours: dict[Any, float], exact: dict[Any, float], k: int = 100) -> float | None:
    if not ours:
        return None
    k = min(k, len(ours))
    a = {n for n, _ in sorted(ours.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]}
    b = {n for n, _ in sorted(exact.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]}
    return round(len(a & b) / k, 4)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def igraph_exact_betweenness(g: nx.Graph) -> dict[Any, float]:
    import igraph  # type: ignore[import-untyped]

    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    h = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges() if u != v])
    return dict(zip(nodes, h.betweenness(directed=False), strict=True))


def readback(
    store: GraphStore, repeat: int, trace: bool = True
) -> tuple[dict[str, Any], nx.MultiDiGraph]:
    """Whole-graph reads, timed `repeat` times, then one more traced by tracemalloc."""
    runs = []
    for _ in range(max(1, repeat)):
        with measured() as sample:
            store.subgraph()
        runs.append(sample)
    traced_mib: float | None = None
    if trace:
        traced_mib, graph = traced(store.subgraph)
    else:
        graph = store.subgraph()
    seconds = sorted(s.seconds for s in runs)
    peaks = sorted(s.rss_increase_mib or 0.0 for s in runs)
    return {
        "median_seconds": round(seconds[len(seconds) // 2], 3),
        "runs_seconds": [round(s.seconds, 3) for s in runs],
        "rss_increase_mib": peaks[len(peaks) // 2],
        "peak_rss_mib": runs[-1].peak_rss_mib,
        "traced_peak_mib": traced_mib,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }, graph


def analyses(graph: nx.MultiDiGraph, scale: str, *, quick: bool) -> dict[str, Any]:
    from partnernet.analysis.projection import project_partnerships

    out: dict[str, Any] = {}
    with measured() as sample:
        proj = project_partnerships(graph)
    n, m = proj.number_of_nodes(), proj.number_of_edges()
    out["projection"] = {
        "seconds": round(sample.seconds, 3),
        "nodes": n,
        "edges": m,
        "rss_increase_mib": sample.rss_increase_mib,
    }
    out["hubs"] = _hubs(proj, scale, quick=quick)
    out["hubs"]["with_projection_seconds"] = round(
        sample.seconds + out["hubs"]["ours"]["seconds"], 3
    )
    out["structure"] = _structure(proj, quick=quick)
    return out


def _hubs(proj: nx.Graph, scale: str, *, quick: bool) -> dict[str, Any]:
    from partnernet.analysis.hubs import hub_scores

    with measured() as sample:
        report = hub_scores(proj)
    ours = {node: hub.betweenness for node, hub in report.nodes.items()}
    result: dict[str, Any] = {
        "ours": {
            "seconds": round(sample.seconds, 3),
            "rss_increase_mib": sample.rss_increase_mib,
            "betweenness": report.betweenness_method,
            "sample_size": report.sample_size,
            "backend": report.backend,
        }
    }
    n = proj.number_of_nodes()
    plain: dict[str, Any] = {}
    exact_nx = n <= NX_EXACT_LIMIT and not quick
    k = (
        None
        if exact_nx
        else (
            report.sample_size
            if scale != "national"
            else min(report.sample_size, NX_NATIONAL_SAMPLES)
        )
    )
    if k is not None and k >= n:
        k = None
    seconds, nx_bc = timed(lambda: nx.betweenness_centrality(proj, k=k, seed=report.seed))
    plain["betweenness"] = {
        "seconds": round(seconds, 3),
        "method": "exact" if k is None else f"sampled k={k}",
    }
    if k is not None and k != report.sample_size:
        plain["betweenness"]["extrapolated_seconds_at_our_k"] = round(
            seconds * report.sample_size / k, 1
        )
    for name, fn in (
        ("pagerank", lambda: nx.pagerank(proj)),
        ("eigenvector", lambda: _eigen(proj)),
        ("articulation_points", lambda: list(nx.articulation_points(proj))),
        ("bridges", lambda: list(nx.bridges(proj))),
    ):
        seconds, _ = timed(fn)
        plain[name] = {"seconds": round(seconds, 3)}
    plain["total_seconds"] = round(sum(v["seconds"] for v in plain.values()), 3)
    result["networkx"] = plain
    result["speedup"] = round(plain["total_seconds"] / max(result["ours"]["seconds"], 1e-9), 1)

    exact: dict[Any, float] | None = None
    source = None
    if k is None:
        exact, source = nx_bc, "networkx exact"
    elif n <= IGRAPH_EXACT_LIMIT:
        seconds, exact = timed(lambda: igraph_exact_betweenness(proj))
        source = f"igraph exact ({seconds:.1f} s)"
    if exact is not None:
        nodes = list(proj)
        result["rank_correlation"] = {
            "reference": source,
            "spearman": spearman([ours[v] for v in nodes], [exact[v] for v in nodes]),
            "top100_overlap": top_overlap(ours, exact),
        }
    else:
        result["rank_correlation"] = {
            "reference": None,
            "note": f"exact betweenness on {n:,} nodes not run (too slow)",
        }
    if k is not None and k == report.sample_size:
        diff = max((abs(ours[v] - nx_bc[v]) for v in proj), default=0.0)
        result["same_sources_max_abs_difference"] = float(f"{diff:.3g}")
    return result


def _eigen(g: nx.Graph) -> Any:
    try:
        return nx.eigenvector_centrality(g, max_iter=1000, weight="weight")
    except nx.PowerIterationFailedConvergence:
        return None


def _structure(proj: nx.Graph, *, quick: bool) -> dict[str, Any]:
    try:
        from partnernet.analysis.structure import structure_report
    except ImportError:
        return {"not_measured": "partnernet.analysis.structure is not there yet"}
    from partnernet.foundation import geography

    regions = {p.code: p.region6 for p in geography.provinces()}
    with measured() as sample:
        report = structure_report(proj, region_of=regions)
    ours: dict[str, Any] = {
        "seconds": round(sample.seconds, 3),
        "rss_increase_mib": sample.rss_increase_mib,
    }
    communities = getattr(report, "communities", None)
    if communities is not None:
        ours["communities"] = getattr(communities, "count", None)
        ours["modularity"] = getattr(communities, "modularity", None)
    seconds, parts = timed(lambda: nx.community.louvain_communities(proj, seed=42))
    plain = {
        "louvain_seconds": round(seconds, 3),
        "communities": len(parts),
        "modularity": round(float(nx.community.modularity(proj, parts)), 4),
    }
    return {
        "ours": ours,
        "networkx": plain,
        "speedup": round(seconds / max(sample.seconds, 1e-9), 1),
    }
