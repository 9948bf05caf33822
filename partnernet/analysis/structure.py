"""Structure of the partnership graph: cohesion, cores, mixing and communities.

`structure_report` takes the undirected organisation graph (`projection.project_partnerships`)
and returns plain data: density, components, isolates, clustering, k-cores, assortativity by
kind, province and region, and seeded Louvain communities with their modularity and how well
they match provinces and regions (adjusted Rand index, normalised mutual information).

Definitions (networkx is the reference; tests compare with it):
- density, components, isolates, `nx.average_clustering` (unweighted, nodes of degree < 2
  count as 0), `nx.transitivity`, `nx.core_number`, `nx.degree_assortativity_coefficient`;
- attribute assortativity: `nx.attribute_assortativity_coefficient`, on the edges whose two
  ends both have the attribute (None when undefined, e.g. a single group);
- communities: `nx.community.louvain_communities(weight="weight", seed=seed)` up to
  `compiled_above` nodes, igraph's multilevel (the same Louvain method, seeded through igraph's
  RNG) above it when python-igraph is installed; numbered by decreasing size, ties by first
  node; modularity by `nx.community.modularity` (igraph's equal value above the threshold);
- ARI (Hubert & Arabie) and NMI (arithmetic normalisation, as scikit-learn's default) are
  computed here, over the nodes that have a province (for regions: whose province is mapped).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import networkx as nx

from partnernet.analysis import fast

COMPILED_ABOVE = 5000


@dataclass(frozen=True)
class PartitionMatch:
    """Agreement between the communities and a reference grouping (provinces, regions)."""

    reference: str
    nodes_compared: int
    groups: int
    adjusted_rand: float
    normalized_mutual_info: float


@dataclass(frozen=True)
class Communities:
    method: Literal["louvain-networkx", "louvain-igraph"]
    seed: int
    resolution: float
    count: int
    sizes: list[int]
    modularity: float
    membership: dict[str, int]  # node -> community number (0 = largest)

    def members(self, community: int) -> list[str]:
        return [node for node, c in self.membership.items() if c == community]


@dataclass(frozen=True)
class StructureReport:
    node_count: int
    edge_count: int
    density: float
    component_count: int
    component_sizes: list[int]  # largest first
    largest_component_share: float
    isolates: list[str]
    average_clustering: float
    transitivity: float
    max_core: int
    core_sizes: dict[int, int]  # k -> nodes whose core number is exactly k
    max_core_members: list[str]
    degree_assortativity: float | None
    assortativity: dict[str, float | None]  # "kind", "province", "region"
    communities: Communities
    matches: dict[str, PartitionMatch]  # "province", "region" (when available)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# Partition agreement


def _comb2(x: int) -> float:
    return x * (x - 1) / 2.0


def _pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[Counter[Any], ...]:
    if len(a) != len(b):
        raise ValueError("the two labelings must have the same length")
    return Counter(zip(a, b, strict=True)), Counter(a), Counter(b)


def adjusted_rand_index(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Hubert–Arabie adjusted Rand index of two labelings of the same items (1 = identical
    partitions, about 0 = chance); 1.0 when both put everything in one group."""
    joint, rows, cols = _pairs(a, b)
    n = len(a)
    if n < 2:
        return 1.0
    index = sum(_comb2(c) for c in joint.values())
    sum_rows = sum(_comb2(c) for c in rows.values())
    sum_cols = sum(_comb2(c) for c in cols.values())
    expected = sum_rows * sum_cols / _comb2(n)
    maximum = (sum_rows + sum_cols) / 2.0
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def normalized_mutual_info(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Mutual information over the arithmetic mean of the entropies (scikit-learn's default);
    1.0 when both labelings are a single group."""
    joint, rows, cols = _pairs(a, b)
    n = len(a)
    if n == 0:
        return 1.0

    def entropy(counts: Counter[Any]) -> float:
        return -sum(c / n * math.log(c / n) for c in counts.values())

    h_a, h_b = entropy(rows), entropy(cols)
    if h_a == 0 and h_b == 0:
        return 1.0
    mutual = sum(c / n * math.log(c * n / (rows[x] * cols[y])) for (x, y), c in joint.items())
    mean = (h_a + h_b) / 2.0
    return max(0.0, min(1.0, mutual / mean)) if mean > 0 else 0.0


def partition_match(
    membership: Mapping[Any, Hashable], reference: Mapping[Any, Hashable | None], name: str
) -> PartitionMatch | None:
    """ARI and NMI between communities and a reference over the nodes both label."""
    nodes = [node for node in membership if reference.get(node) is not None]
    if not nodes:
        return None
    ours = [membership[node] for node in nodes]
    theirs = [reference[node] for node in nodes]
    return PartitionMatch(
        reference=name,
        nodes_compared=len(nodes),
        groups=len(set(theirs)),
        adjusted_rand=adjusted_rand_index(ours, theirs),
        normalized_mutual_info=normalized_mutual_info(ours, theirs),
    )


# ---------------------------------------------------------------------------------------------
# Communities


def _number(groups: Sequence[Sequence[Any]], order: Mapping[Any, int]) -> list[list[Any]]:
    ranked = [sorted(group, key=order.__getitem__) for group in groups if group]
    ranked.sort(key=lambda group: (-len(group), order[group[0]]))
    return ranked


def communities(
    g: nx.Graph,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    weight: str | None = "weight",
    compiled_above: int = COMPILED_ABOVE,
) -> Communities:
    """Seeded Louvain communities with their modularity (see the module docstring)."""
    if g.is_directed():
        raise ValueError("communities takes the undirected partnership graph")
    order = {node: i for i, node in enumerate(g)}
    method: Literal["louvain-networkx", "louvain-igraph"]
    if len(order) > compiled_above and fast.available():
        h = fast.to_igraph(g, weight=weight)
        membership = fast.louvain(h, seed, weighted=weight is not None, resolution=resolution)
        buckets: dict[int, list[Any]] = {}
        for node, label in zip(h.nodes, membership, strict=True):
            buckets.setdefault(label, []).append(node)
        groups = _number(list(buckets.values()), order)
        method = "louvain-igraph"
        quality = fast.modularity(h, membership, weighted=weight is not None, resolution=resolution)
    else:
        found = nx.community.louvain_communities(g, weight=weight, resolution=resolution, seed=seed)
        groups = _number([list(c) for c in found], order)
        method = "louvain-networkx"
        quality = (
            float(nx.community.modularity(g, groups, weight=weight, resolution=resolution))
            if g.number_of_edges()
            else 0.0
        )
    number = {node: i for i, group in enumerate(groups) for node in group}
    return Communities(
        method=method,
        seed=seed,
        resolution=resolution,
        count=len(groups),
        sizes=[len(group) for group in groups],
        modularity=quality,
        membership={node: number[node] for node in g},
    )


# ---------------------------------------------------------------------------------------------
# Assortativity


def attribute_assortativity(g: nx.Graph, labels: Mapping[Any, Hashable | None]) -> float | None:
    """Newman's attribute assortativity over the edges whose two ends are labelled; equals
    `nx.attribute_assortativity_coefficient` when every node is. None when undefined."""
    mixing: Counter[tuple[Hashable, Hashable]] = Counter()
    for u, v in g.edges():
        a, b = labels.get(u), labels.get(v)
        if a is None or b is None:
            continue
        mixing[(a, b)] += 1
        mixing[(b, a)] += 1
    total = sum(mixing.values())
    if total == 0:
        return None
    row: Counter[Hashable] = Counter()
    for (a, _), count in mixing.items():
        row[a] += count
    trace = sum(count for (a, b), count in mixing.items() if a == b) / total
    expected = sum((count / total) ** 2 for count in row.values())
    if expected >= 1.0:
        return None
    return (trace - expected) / (1.0 - expected)


def _degree_assortativity(g: nx.Graph) -> float | None:
    if g.number_of_edges() == 0:
        return None
    degrees = dict(g.degree())
    xs: list[float] = []
    ys: list[float] = []
    for u, v in g.edges():
        if u != v:
            xs.extend((degrees[u], degrees[v]))
            ys.extend((degrees[v], degrees[u]))
    n = len(xs)
    if n == 0:
        return None
    mean = sum(xs) / n
    var = sum((x - mean) ** 2 for x in xs) / n
    if var == 0:
        return None
    cov = sum((x - mean) * (y - mean) for x, y in zip(xs, ys, strict=True)) / n
    return cov / var


# ---------------------------------------------------------------------------------------------
# The report


def structure_report(
    g: nx.Graph,
    *,
    seed: int = 42,
    region_of: Mapping[str, str] | None = None,
    resolution: float = 1.0,
    compiled_above: int = COMPILED_ABOVE,
) -> StructureReport:
    """Structure measures of an undirected graph; `region_of` maps province codes to regions
    (e.g. from `partnernet.foundation.geography`) for the region assortativity and match."""
    if g.is_directed():
        raise ValueError("structure_report takes the undirected partnership graph")
    if g.is_multigraph():
        g = nx.Graph(g)
    simple = g
    if nx.number_of_selfloops(g):
        simple = g.copy()
        simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    n = simple.number_of_nodes()
    m = simple.number_of_edges()
    order = {node: i for i, node in enumerate(simple)}

    compiled = n > compiled_above and fast.available()
    if compiled:
        h = fast.to_igraph(simple)
        comps = fast.components(h)
        clustering = fast.average_clustering(h)
        transitivity = fast.transitivity(h)
        core = dict(zip(h.nodes, fast.coreness(h), strict=True))
    else:
        comps = [list(c) for c in nx.connected_components(simple)]
        clustering = float(nx.average_clustering(simple)) if n else 0.0
        transitivity = float(nx.transitivity(simple))
        core = nx.core_number(simple)
    sizes = sorted((len(c) for c in comps), reverse=True)
    max_core = max(core.values(), default=0)
    core_sizes = dict(sorted(Counter(core.values()).items()))

    provinces: dict[Any, str | None] = dict(simple.nodes(data="province_code"))
    regions: dict[Any, str | None] = (
        {node: region_of.get(code) if code else None for node, code in provinces.items()}
        if region_of is not None
        else {}
    )
    assortativity = {
        "kind": attribute_assortativity(simple, dict(simple.nodes(data="kind"))),
        "province": attribute_assortativity(simple, provinces),
        "region": attribute_assortativity(simple, regions) if region_of is not None else None,
    }
    found = communities(simple, seed=seed, resolution=resolution, compiled_above=compiled_above)
    matches: dict[str, PartitionMatch] = {}
    for name, reference in (("province", provinces), ("region", regions)):
        match = partition_match(found.membership, reference, name)
        if match is not None:
            matches[name] = match

    return StructureReport(
        node_count=n,
        edge_count=m,
        density=float(nx.density(simple)),
        component_count=len(comps),
        component_sizes=sizes,
        largest_component_share=sizes[0] / n if n else 0.0,
        isolates=sorted(nx.isolates(simple), key=order.__getitem__),
        average_clustering=clustering,
        transitivity=transitivity,
        max_core=max_core,
        core_sizes=core_sizes,
        max_core_members=[node for node in simple if core[node] == max_core] if n else [],
        degree_assortativity=_degree_assortativity(simple),
        assortativity=assortativity,
        communities=found,
        matches=matches,
    )
