"""Compiled backend (python-igraph) for the measures that plain networkx is too slow for.

The analysis functions keep networkx graphs as their API and networkx as the oracle: every
function here returns what the named networkx function returns, up to floating-point noise
(power-iteration tolerance for PageRank), and the tests check that on small graphs. When
igraph is not installed, `available()` is False and callers fall back to networkx.

Nodes are mapped to igraph vertex indices in the networkx graph's node order; results are
lists indexed the same way. Only undirected simple graphs are handled (the partnership
projection); edge weights come from the `weight` attribute (default 1).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import random
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import networkx as nx


@lru_cache(maxsize=1)
def _igraph() -> Any:
    try:
        import igraph  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return igraph


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph draws from a process-wide RNG (Python's `random` by default): give it a private
    seeded one for the duration, then restore the default."""
    ig = _igraph()
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def available() -> bool:
    """Whether the compiled backend can be used."""
    return _igraph() is not None


@dataclass(frozen=True)
class IGraph:
    """An igraph copy of an undirected networkx graph, with the node order it was built in."""

    graph: Any
    nodes: list[Any]
    weights: list[float]


def to_igraph(g: nx.Graph, weight: str | None = "weight") -> IGraph:
    """Copy an undirected simple networkx graph into igraph (self-loops dropped); weight None
    makes every edge weigh 1."""
    if g.is_directed() or g.is_multigraph():
        raise ValueError("the compiled backend takes undirected simple graphs")
    nodes = list(g)
    index = {node: i for i, node in enumerate(nodes)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    for u, v, w in g.edges(data=weight or "weight", default=1.0):
        if u == v:
            continue
        edges.append((index[u], index[v]))
        weights.append(float(w) if weight else 1.0)
    return from_edges(nodes, edges, weights)


def from_edges(
    nodes: list[Any], edges: Sequence[tuple[int, int]], weights: Sequence[float]
) -> IGraph:
    """An igraph graph from vertex-index edges (no self-loops, no duplicates)."""
    ig = _igraph()
    if ig is None:
        raise RuntimeError("igraph is not installed")
    graph = ig.Graph(n=len(nodes), edges=list(edges), directed=False)
    return IGraph(graph=graph, nodes=nodes, weights=list(weights))


def sample_sources(g: nx.Graph, k: int, seed: int) -> list[Any]:
    """The source nodes networkx's `betweenness_centrality(g, k=k, seed=seed)` samples."""
    return random.Random(seed).sample(list(g.nodes()), k)


_SHARED: Any = None  # the graph forked worker processes read (set only around a pool)


def _subset_worker(chunk: list[int]) -> list[float]:
    return [float(b) for b in _SHARED.betweenness(directed=False, sources=chunk)]


def _subset_betweenness(graph: Any, picked: list[int], workers: int) -> list[float]:
    """Betweenness summed over `picked` sources; dependencies add up over sources, so the
    sources may be split among forked processes (igraph holds the GIL, threads do not help).
    """
    if workers <= 1 or len(picked) < 2 * workers or "fork" not in mp.get_all_start_methods():
        return [float(b) for b in graph.betweenness(directed=False, sources=picked)]
    global _SHARED
    _SHARED = graph
    try:
        chunks = [picked[i::workers] for i in range(workers)]
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_subset_worker, chunks)
    finally:
        _SHARED = None
    return [math.fsum(values) for values in zip(*parts, strict=True)]


def betweenness(h: IGraph, sources: Sequence[Any] | None = None, workers: int = 1) -> list[float]:
    """Normalised vertex betweenness, unweighted (hops), as networkx computes it.

    With `sources` (sampled pivots), the estimate is networkx's (3.5+) for `k=len(sources)`:
    dependencies summed over the sources, scaled by 1/(k(n-2)) for non-source nodes and
    1/((k-1)(n-2)) for source nodes (whose own row cannot count). `workers` > 1 splits the
    sources among that many forked processes (same values up to rounding).
    """
    n = len(h.nodes)
    if n <= 2:
        return [0.0] * n
    if sources is None:
        raw = h.graph.betweenness(directed=False)
        scale = 2.0 / ((n - 1) * (n - 2))
        return [float(b) * scale for b in raw]
    index = {node: i for i, node in enumerate(h.nodes)}
    picked = sorted(index[s] for s in sources)
    k = len(picked)
    # igraph's subset betweenness counts each (source, target) path once with weight 1/2
    # relative to networkx's per-source accumulation; hence the factor 2.
    raw = _subset_betweenness(h.graph, picked, workers)
    non_source = 2.0 / (k * (n - 2))
    source = 2.0 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    is_source = set(picked)
    return [float(b) * (source if i in is_source else non_source) for i, b in enumerate(raw)]


def pagerank(h: IGraph, alpha: float = 0.85, weighted: bool = True) -> list[float]:
    """PageRank (PRPACK), dangling nodes spread uniformly, as networkx does."""
    if not h.nodes:
        return []
    weights = h.weights if weighted and h.weights else None
    return [float(x) for x in h.graph.pagerank(damping=alpha, weights=weights, directed=False)]


def eigenvector(h: IGraph, weighted: bool = True) -> list[float]:
    """Eigenvector centrality scaled to unit Euclidean norm (networkx's scaling)."""
    if not h.nodes:
        return []
    if h.graph.ecount() == 0:
        return [0.0] * len(h.nodes)
    weights = h.weights if weighted else None
    with warnings.catch_warnings(), _seeded(0):
        # igraph warns on disconnected graphs; callers report that themselves. ARPACK's start
        # vector comes from igraph's RNG: seeded, so that repeated runs agree to the last bit.
        warnings.simplefilter("ignore", RuntimeWarning)
        raw = h.graph.eigenvector_centrality(scale=True, weights=weights)
    values = [abs(float(x)) for x in raw]
    norm = sum(x * x for x in values) ** 0.5
    return [x / norm for x in values] if norm > 0 else values


def articulation_points(h: IGraph) -> list[Any]:
    return [h.nodes[i] for i in sorted(h.graph.articulation_points())]


def bridges(h: IGraph) -> list[tuple[Any, Any]]:
    edges = h.graph.get_edgelist()
    return [(h.nodes[edges[e][0]], h.nodes[edges[e][1]]) for e in sorted(h.graph.bridges())]


def triangles(h: IGraph) -> list[tuple[int, int, int]]:
    """Every triangle once, as vertex-index triples."""
    found: list[tuple[int, int, int]] = h.graph.list_triangles()
    return found


def coreness(h: IGraph) -> list[int]:
    return [int(c) for c in h.graph.coreness()]


def louvain(h: IGraph, seed: int, weighted: bool = True, resolution: float = 1.0) -> list[int]:
    """Multilevel (Louvain) membership, seeded; igraph's global RNG is restored afterwards."""
    weights = h.weights if weighted and h.weights else None
    with _seeded(seed):
        clustering = h.graph.community_multilevel(weights=weights, resolution=resolution)
    return [int(m) for m in clustering.membership]


def modularity(
    h: IGraph, membership: Sequence[int], weighted: bool = True, resolution: float = 1.0
) -> float:
    """Newman modularity of a membership list (equals `nx.community.modularity`)."""
    if h.graph.ecount() == 0:
        return 0.0
    weights = h.weights if weighted else None
    return float(h.graph.modularity(list(membership), weights=weights, resolution=resolution))


def components(h: IGraph) -> list[list[Any]]:
    """Connected components as lists of nodes."""
    return [[h.nodes[i] for i in comp] for comp in h.graph.connected_components()]


def average_clustering(h: IGraph) -> float:
    """`nx.average_clustering` (unweighted; nodes of degree < 2 count as 0)."""
    if not h.nodes:
        return 0.0
    local = h.graph.transitivity_local_undirected(mode="zero")
    return float(sum(local) / len(local))


def transitivity(h: IGraph) -> float:
    """`nx.transitivity`: 3 x triangles / connected triples (0 when there are none)."""
    value = float(h.graph.transitivity_undirected(mode="zero"))
    return 0.0 if math.isnan(value) else value
