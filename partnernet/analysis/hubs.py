"""Hubs and brokers of the partnership graph: who holds the network together.

`hub_scores` takes the undirected organisation graph (`projection.project_partnerships`) and
returns plain data: per organisation its degree, weighted degree, betweenness, PageRank,
eigenvector centrality, articulation-point flag, Burt's constraint and effective size and its
Gould–Fernandez brokerage roles; for the graph its bridges and articulation points.

Definitions (networkx is the reference; tests compare with it):
- betweenness: normalised, on hops (edge weights are strengths, not distances). Exact when the
  graph has at most `exact_threshold` nodes, else estimated from `samples` source nodes drawn
  as `nx.betweenness_centrality(g, k=samples, seed=seed)` draws them, so both backends give
  the same estimate.
- PageRank (alpha 0.85) and eigenvector centrality (unit Euclidean norm) use `weight`. On a
  disconnected graph eigenvector centrality concentrates on the component with the largest
  eigenvalue and is near 0 elsewhere: `eigenvector_note` says so.
- constraint and effective size: `nx.constraint` / `nx.effective_size` with `weight`, computed
  here from the triangle list in O(edges + triangles) instead of per-node ego networks
  (None for isolates, where networkx gives NaN).
- Gould–Fernandez brokerage: for each broker b and ordered pair (a, c) of its neighbours that
  are not tied to each other, the role given by the groups of a, b, c: coordinator (all one
  group), itinerant (a and c share a group b is not in; "consultant"), representative (a with
  b, c outside), gatekeeper (b with c, a outside), liaison (three groups). The partnership
  graph is undirected, so it is read as its symmetric directed version (every tie both ways):
  each open pair counts once in each direction, so representative == gatekeeper for every
  node. Nodes without the group attribute form one group (None).

With python-igraph installed (`fast.available()`), betweenness, PageRank, eigenvector
centrality, articulation points, bridges and triangles run compiled (`backend="auto"`);
`backend="networkx"` forces the reference implementation. With the compiled backend,
`workers` > 1 splits sampled betweenness among that many forked processes (about 2x faster on
2 cores at national scale); the default 1 starts no process.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import chain
from typing import Any, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt

from partnernet.analysis import fast
from partnernet.foundation.errors import InvalidInput

Backend = Literal["auto", "igraph", "networkx"]
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
_COORD, _ITIN, _REP, _GATE, _LIAISON = range(5)
SORTABLE = (
    "degree",
    "weighted_degree",
    "betweenness",
    "pagerank",
    "eigenvector",
    "constraint",
    "effective_size",
    "brokerage_total",
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class NodeHub:
    """One organisation's hub and broker measures."""

    id: str
    kind: str | None
    province_code: str | None
    degree: int
    weighted_degree: float
    betweenness: float
    pagerank: float
    eigenvector: float | None
    articulation_point: bool
    constraint: float | None
    effective_size: float | None
    brokerage: dict[str, int]

    @property
    def brokerage_total(self) -> int:
        return sum(self.brokerage.values())


@dataclass(frozen=True)
class HubReport:
    nodes: dict[str, NodeHub]
    bridges: list[tuple[str, str]]
    articulation_points: list[str]
    betweenness_method: Literal["exact", "sampled"]
    sample_size: int  # source nodes used for betweenness (= number of nodes when exact)
    seed: int
    brokerage_attribute: str
    backend: Literal["igraph", "networkx"]
    eigenvector_note: str | None = None
    node_count: int = 0
    edge_count: int = 0
    notes: list[str] = field(default_factory=list)

    def top(self, n: int = 10, by: str = "betweenness") -> list[NodeHub]:
        """The n highest by a measure (`constraint`: the n lowest, i.e. the best brokers);
        ties by id. Nodes without a value (isolates for constraint) come last."""
        if by not in SORTABLE and by not in ROLES:
            raise InvalidInput(f"cannot rank by {by!r}; choose one of {SORTABLE + ROLES}")
        sign = 1.0 if by == "constraint" else -1.0

        def key(hub: NodeHub) -> tuple[int, float, str]:
            value = hub.brokerage.get(by, 0) if by in ROLES else getattr(hub, by)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return (1, 0.0, hub.id)
            return (0, sign * float(value), hub.id)

        return sorted(self.nodes.values(), key=key)[:n]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready plain data."""
        data = asdict(self)
        data["bridges"] = [list(edge) for edge in self.bridges]
        return data


# ---------------------------------------------------------------------------------------------
# Indexing and triangles


@dataclass(frozen=True)
class _Indexed:
    nodes: list[Any]
    eu: IntArray  # undirected edges, eu < ev never assumed, no self-loops
    ev: IntArray
    ew: FloatArray


def _index(g: nx.Graph, weight: str) -> _Indexed:
    nodes = list(g)
    pos = {node: i for i, node in enumerate(nodes)}
    us: list[int] = []
    vs: list[int] = []
    ws: list[float] = []
    for u, v, w in g.edges(data=weight, default=1.0):
        if u != v:
            us.append(pos[u])
            vs.append(pos[v])
            ws.append(float(w))
    return _Indexed(
        nodes,
        np.asarray(us, dtype=np.int64),
        np.asarray(vs, dtype=np.int64),
        np.asarray(ws, dtype=np.float64),
    )


def _triangles_python(ix: _Indexed) -> IntArray:
    adj: list[set[int]] = [set() for _ in ix.nodes]
    for u, v in zip(ix.eu.tolist(), ix.ev.tolist(), strict=True):
        adj[u].add(v)
        adj[v].add(u)
    found: list[tuple[int, int, int]] = []
    for u, nbrs in enumerate(adj):
        for v in nbrs:
            if v > u:
                found.extend((u, v, w) for w in nbrs & adj[v] if w > v)
    return np.asarray(found, dtype=np.int64).reshape(-1, 3)


class _Edges:
    """Undirected edges sorted by packed key lo*n + hi, and each triangle's three edge ids.

    Directed edge ids: e (lo -> hi) and e + m (hi -> lo) for undirected edge e.
    """

    def __init__(self, ix: _Indexed, tri: IntArray) -> None:
        n = len(ix.nodes)
        lo, hi = np.minimum(ix.eu, ix.ev), np.maximum(ix.eu, ix.ev)
        keys = lo * n + hi
        order = np.argsort(keys, kind="stable")
        self.n, self.m = n, len(keys)
        self.keys, self.lo, self.hi, self.w = keys[order], lo[order], hi[order], ix.ew[order]
        t = np.sort(tri, axis=1)  # x < y < z in every row: three lookups per triangle
        self.x, self.y, self.z = t[:, 0], t[:, 1], t[:, 2]
        self.xy = self._find(self.x, self.y)
        self.xz = self._find(self.x, self.z)
        self.yz = self._find(self.y, self.z)

    def _find(self, lo: IntArray, hi: IntArray) -> IntArray:
        found: IntArray = np.searchsorted(self.keys, lo * self.n + hi).astype(np.int64)
        return found

    def directed(self) -> tuple[IntArray, FloatArray]:
        """(source, weight) of every directed edge, indexed by directed id."""
        return np.concatenate([self.lo, self.hi]), np.concatenate([self.w, self.w])

    def orderings(self) -> list[tuple[IntArray, ...]]:
        """The 6 (ego, u, w) orderings of every triangle, with the undirected edge ids of
        (ego, u), (ego, w) and (u, w)."""
        x, y, z, xy, xz, yz = self.x, self.y, self.z, self.xy, self.xz, self.yz
        return [
            (x, y, z, xy, xz, yz),
            (x, z, y, xz, xy, yz),
            (y, x, z, xy, yz, xz),
            (y, z, x, yz, xy, xz),
            (z, x, y, xz, yz, xy),
            (z, y, x, yz, xz, xy),
        ]

    def directed_id(self, a: IntArray, b: IntArray, edge: IntArray) -> IntArray:
        out: IntArray = edge + np.where(a < b, 0, self.m)
        return out


def _ordered_triangle_roles(tri: IntArray) -> list[tuple[IntArray, IntArray, IntArray]]:
    """For every triangle, the 6 (ego, first, second) orderings."""
    x, y, z = tri[:, 0], tri[:, 1], tri[:, 2]
    return [(x, y, z), (x, z, y), (y, x, z), (y, z, x), (z, x, y), (z, y, x)]


# ---------------------------------------------------------------------------------------------
# Structural holes (Burt) and brokerage (Gould–Fernandez)


def _structural_holes(ix: _Indexed, tri: IntArray) -> tuple[list[float | None], list[float | None]]:
    n = len(ix.nodes)
    edges = _Edges(ix, tri)
    src, weights = edges.directed()
    strength = np.bincount(src, weights=weights, minlength=n)
    biggest = np.zeros(n)
    np.maximum.at(biggest, src, weights)
    degree = np.bincount(src, minlength=n).astype(np.float64)
    indirect = np.zeros(2 * edges.m)
    redundancy = np.zeros(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_edge = weights / strength[src]  # p(src, dst): share of src's tie strength
        for ego, u, w, e_ego_u, e_ego_w, e_u_w in edges.orderings():
            w_uw = edges.w[e_u_w]
            p_ego_w = edges.w[e_ego_w] / strength[ego]
            # constraint: indirect share of ego's tie to u through w: p(ego, w) * p(w, u)
            indirect += np.bincount(
                edges.directed_id(ego, u, e_ego_u),
                weights=p_ego_w * (w_uw / strength[w]),
                minlength=2 * edges.m,
            )
            # effective size: u's redundancy through w: p(ego, w) * m(u, w), m by u's maximum
            redundancy += np.bincount(ego, weights=p_ego_w * (w_uw / biggest[u]), minlength=n)
    constraint = np.bincount(src, weights=(p_edge + indirect) ** 2, minlength=n)
    effective = degree - redundancy
    isolated = degree == 0
    return (
        [None if isolated[i] else float(constraint[i]) for i in range(n)],
        [None if isolated[i] else float(effective[i]) for i in range(n)],
    )


def _group_codes(nodes: Sequence[Any], labels: Mapping[Any, Hashable]) -> IntArray:
    codes: dict[Hashable, int] = {}
    return np.asarray(
        [codes.setdefault(labels.get(node), len(codes)) for node in nodes], dtype=np.int64
    ).reshape(-1)


def _role(ga: IntArray, gb: IntArray, gc: IntArray) -> IntArray:
    role = np.full(ga.shape, _LIAISON, dtype=np.int64)
    role[(ga == gb) & (gb != gc)] = _REP
    role[(gb == gc) & (ga != gb)] = _GATE
    role[(ga == gc) & (ga != gb)] = _ITIN
    role[(ga == gb) & (gb == gc)] = _COORD
    return role


def _brokerage(ix: _Indexed, tri: IntArray, groups: IntArray) -> list[dict[str, int]]:
    n = len(ix.nodes)
    src = np.concatenate([ix.eu, ix.ev])
    dst = np.concatenate([ix.ev, ix.eu])
    degree = np.bincount(src, minlength=n)
    same = np.bincount(src[groups[src] == groups[dst]], minlength=n)
    # neighbours per (node, group): sum of squares without a dense node x group table
    pair_keys = src * (int(groups.max(initial=0)) + 1) + groups[dst]
    uniq, counts = np.unique(pair_keys, return_counts=True)
    squares = np.bincount(uniq // (int(groups.max(initial=0)) + 1), weights=counts**2, minlength=n)
    squares = squares.astype(np.int64)
    other = degree - same
    totals = np.zeros((n, 5), dtype=np.int64)
    totals[:, _COORD] = same * (same - 1)
    totals[:, _REP] = same * other
    totals[:, _GATE] = same * other
    totals[:, _ITIN] = (squares - same**2) - other
    totals[:, _LIAISON] = other**2 - (squares - same**2)
    closed = np.zeros(n * 5, dtype=np.int64)
    for ego, a, c in _ordered_triangle_roles(tri):
        role = _role(groups[a], groups[ego], groups[c])
        closed += np.bincount(ego * 5 + role, minlength=n * 5)
    totals -= closed.reshape(n, 5)
    return [dict(zip(ROLES, row, strict=True)) for row in totals.tolist()]


def brokerage_roles(
    g: nx.Graph,
    attribute: str = "kind",
    *,
    groups: Mapping[Any, Hashable] | None = None,
    backend: Backend = "auto",
) -> dict[Any, dict[str, int]]:
    """Gould–Fernandez role counts per node (see the module docstring); `groups` (node ->
    group label, e.g. province -> region already applied) overrides `attribute`."""
    ix = _index(nx.Graph(g) if g.is_multigraph() else g, "weight")
    tri = _triangles(ix, _use_igraph(backend))
    labels = groups if groups is not None else dict(g.nodes(data=attribute))
    roles = _brokerage(ix, tri, _group_codes(ix.nodes, labels))
    return dict(zip(ix.nodes, roles, strict=True))


def structural_holes(
    g: nx.Graph, weight: str = "weight", *, backend: Backend = "auto"
) -> dict[Any, tuple[float | None, float | None]]:
    """Burt's (constraint, effective size) per node, equal to nx.constraint/nx.effective_size
    with `weight` (None where networkx gives NaN)."""
    ix = _index(g, weight)
    constraint, effective = _structural_holes(ix, _triangles(ix, _use_igraph(backend)))
    return {node: (constraint[i], effective[i]) for i, node in enumerate(ix.nodes)}


# ---------------------------------------------------------------------------------------------
# The report


def _use_igraph(backend: Backend) -> bool:
    if backend == "igraph" and not fast.available():
        raise RuntimeError("backend='igraph' asked for, but python-igraph is not installed")
    return backend == "igraph" or (backend == "auto" and fast.available())


def _triangle_array(found: list[tuple[int, int, int]]) -> IntArray:
    flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
    return flat.reshape(-1, 3)


def _triangles(ix: _Indexed, compiled: bool) -> IntArray:
    if compiled:
        h = fast.from_edges(ix.nodes, list(zip(ix.eu.tolist(), ix.ev.tolist(), strict=True)), [])
        return _triangle_array(fast.triangles(h))
    return _triangles_python(ix)


def _eigenvector_nx(g: nx.Graph) -> tuple[dict[Any, float] | None, str | None]:
    try:
        values: dict[Any, float] = nx.eigenvector_centrality(
            g, max_iter=1000, tol=1e-8, weight="weight"
        )
        return values, None
    except nx.PowerIterationFailedConvergence:
        pass
    try:
        values = nx.eigenvector_centrality_numpy(g, weight="weight")
        return values, None
    except (nx.NetworkXException, ArithmeticError) as exc:
        return None, f"eigenvector centrality not computed: {exc}"


def hub_scores(
    g: nx.Graph,
    *,
    exact_threshold: int = 2000,
    samples: int = 256,
    seed: int = 42,
    attribute_for_brokerage: str = "kind",
    brokerage_groups: Mapping[Any, Hashable] | None = None,
    backend: Backend = "auto",
    workers: int = 1,
) -> HubReport:
    """Hub and broker measures for every node of an undirected graph (module docstring)."""
    if g.is_directed():
        raise ValueError("hub_scores takes the undirected partnership graph")
    if g.is_multigraph():
        g = nx.Graph(g)
    if samples < 2:
        raise InvalidInput("samples must be at least 2 (one source cannot estimate betweenness)")
    compiled = _use_igraph(backend)
    ix = _index(g, "weight")
    n = len(ix.nodes)
    exact = n <= exact_threshold or samples >= n
    k = n if exact else samples
    notes: list[str] = []
    sources = None if exact else fast.sample_sources(g, k, seed)
    if not exact:
        notes.append(
            f"betweenness estimated from {k} of {n} source nodes (seed {seed}); exact above "
            f"{exact_threshold} nodes would take about {n / k:.0f}x longer"
        )

    if compiled:
        h = fast.from_edges(
            ix.nodes, list(zip(ix.eu.tolist(), ix.ev.tolist(), strict=True)), ix.ew.tolist()
        )
        betweenness = dict(zip(ix.nodes, fast.betweenness(h, sources, workers), strict=True))
        pagerank = dict(zip(ix.nodes, fast.pagerank(h), strict=True))
        eigen_list = fast.eigenvector(h)
        eigenvector: dict[Any, float] | None = dict(zip(ix.nodes, eigen_list, strict=True))
        eigen_note = None
        cut_nodes = fast.articulation_points(h)
        bridge_edges = fast.bridges(h)
        tri = _triangle_array(fast.triangles(h))
        disconnected = n > 1 and not h.graph.is_connected()
    else:
        betweenness = nx.betweenness_centrality(g, k=None if exact else k, seed=seed)
        pagerank = nx.pagerank(g, weight="weight") if n else {}
        eigenvector, eigen_note = _eigenvector_nx(g) if g.number_of_edges() else (None, None)
        if eigenvector is None and eigen_note is None:
            eigenvector = dict.fromkeys(ix.nodes, 0.0)
        cut_nodes = list(nx.articulation_points(g))
        bridge_edges = list(nx.bridges(g))
        tri = _triangles_python(ix)
        disconnected = n > 1 and not nx.is_connected(g)

    if disconnected and g.number_of_edges():
        eigen_note = eigen_note or (
            "the graph is disconnected: eigenvector centrality concentrates on the component "
            "with the largest eigenvalue and is near 0 elsewhere"
        )
    constraint, effective = _structural_holes(ix, tri)
    labels = (
        brokerage_groups
        if brokerage_groups is not None
        else dict(g.nodes(data=attribute_for_brokerage))
    )
    roles = _brokerage(ix, tri, _group_codes(ix.nodes, labels))
    degree = np.bincount(np.concatenate([ix.eu, ix.ev]), minlength=n)
    strength = np.bincount(
        np.concatenate([ix.eu, ix.ev]), weights=np.concatenate([ix.ew, ix.ew]), minlength=n
    )
    cut_set = set(cut_nodes)
    order = {node: i for i, node in enumerate(ix.nodes)}
    nodes: dict[str, NodeHub] = {}
    for i, node in enumerate(ix.nodes):
        attrs = g.nodes[node]
        nodes[node] = NodeHub(
            id=node,
            kind=attrs.get("kind"),
            province_code=attrs.get("province_code"),
            degree=int(degree[i]),
            weighted_degree=float(strength[i]),
            betweenness=float(betweenness[node]),
            pagerank=float(pagerank[node]),
            eigenvector=None if eigenvector is None else float(eigenvector[node]),
            articulation_point=node in cut_set,
            constraint=constraint[i],
            effective_size=effective[i],
            brokerage=roles[i],
        )
    bridges_sorted = sorted(
        ((u, v) if order[u] <= order[v] else (v, u) for u, v in bridge_edges),
        key=lambda e: (order[e[0]], order[e[1]]),
    )
    return HubReport(
        nodes=nodes,
        bridges=bridges_sorted,
        articulation_points=sorted(cut_set, key=order.__getitem__),
        betweenness_method="exact" if exact else "sampled",
        sample_size=k,
        seed=seed,
        brokerage_attribute="groups" if brokerage_groups is not None else attribute_for_brokerage,
        backend="igraph" if compiled else "networkx",
        eigenvector_note=eigen_note,
        node_count=n,
        edge_count=len(ix.eu),
        notes=notes,
    )
