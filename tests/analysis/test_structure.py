"""Structure measures and scope filters: hand-known answers, networkx as the oracle."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from graphs import (
    KK_NET,
    KK_SUB1,
    RE_SUB1,
    khon_kaen_star,
    path,
    star,
    two_provinces,
    two_triangles,
)

from partnernet.analysis import fast
from partnernet.analysis.projection import project_partnerships
from partnernet.analysis.structure import (
    adjusted_rand_index,
    attribute_assortativity,
    communities,
    normalized_mutual_info,
    partition_match,
    structure_report,
)

needs_igraph = pytest.mark.skipif(not fast.available(), reason="python-igraph not installed")
NORTHEAST = {"40": "Northeast", "45": "Northeast"}


def _provinces_graph(seed: int = 1) -> nx.Graph:
    """Four planted provinces of 30 organisations, dense inside, sparse across."""
    g = nx.random_partition_graph([30, 30, 30, 30], 0.3, 0.01, seed=seed)
    rng = random.Random(seed)
    relabel = {}
    for node in g:
        block = g.nodes[node]["block"]
        relabel[node] = f"org:{node}"
        g.nodes[node]["province_code"] = ("40", "45", "10", "50")[block]
        g.nodes[node]["kind"] = rng.choice(["Council", "Agency"])
    for u, v in g.edges:
        g[u][v]["weight"] = rng.choice([1.0, 2.0])
    out: nx.Graph = nx.relabel_nodes(g, relabel)
    out.add_node("org:lonely", kind="Academic", province_code="10")
    return out


def test_two_provinces_by_hand() -> None:
    report = structure_report(project_partnerships(two_provinces()), region_of=NORTHEAST)
    assert (report.node_count, report.edge_count) == (9, 14)
    assert report.density == pytest.approx(14 / 36)
    assert report.component_count == 1 and report.isolates == []
    assert report.max_core == 3 and report.core_sizes == {1: 1, 3: 8}
    assert RE_SUB1 not in report.max_core_members
    assert report.communities.count == 2 and report.communities.sizes == [5, 4]
    assert report.matches["province"].adjusted_rand == pytest.approx(1.0)
    assert report.matches["province"].normalized_mutual_info == pytest.approx(1.0)
    assert report.assortativity["region"] is None  # one region: undefined
    assert report.assortativity["province"] is not None
    assert report.assortativity["province"] > 0.8


def test_star_and_path_by_hand() -> None:
    s = structure_report(star(5))
    assert s.average_clustering == 0.0 and s.transitivity == 0.0
    assert s.max_core == 1 and s.degree_assortativity == pytest.approx(-1.0)
    p = structure_report(path(4))
    assert p.component_sizes == [4] and p.max_core == 1
    t = structure_report(two_triangles())
    assert t.communities.count == 2
    assert t.assortativity["kind"] == pytest.approx(
        nx.attribute_assortativity_coefficient(two_triangles(), "kind")
    )
    assert t.transitivity == pytest.approx(nx.transitivity(two_triangles()))


def test_components_and_isolates() -> None:
    full = khon_kaen_star()
    full.remove_edges_from(list(full.in_edges(KK_NET, keys=True)))
    report = structure_report(project_partnerships(full))
    assert report.component_count == 4
    assert report.component_sizes == [7, 1, 1, 1]
    assert KK_SUB1 in report.isolates and len(report.isolates) == 3
    assert report.largest_component_share == pytest.approx(0.7)


def test_equals_networkx_on_a_planted_graph() -> None:
    g = _provinces_graph()
    report = structure_report(g, seed=3)
    assert report.average_clustering == pytest.approx(nx.average_clustering(g))
    assert report.transitivity == pytest.approx(nx.transitivity(g))
    assert report.max_core == max(nx.core_number(g).values())
    assert report.density == pytest.approx(nx.density(g))
    assert report.degree_assortativity == pytest.approx(nx.degree_assortativity_coefficient(g))
    assert report.assortativity["kind"] == pytest.approx(
        nx.attribute_assortativity_coefficient(g, "kind")
    )
    assert report.assortativity["province"] == pytest.approx(
        nx.attribute_assortativity_coefficient(g, "province_code")
    )
    assert report.isolates == ["org:lonely"]
    # the planted provinces are found
    assert report.matches["province"].adjusted_rand > 0.9
    assert report.matches["province"].normalized_mutual_info > 0.9
    groups = [set(report.communities.members(c)) for c in range(report.communities.count)]
    assert report.communities.modularity == pytest.approx(
        nx.community.modularity(g, groups, weight="weight")
    )


@needs_igraph
def test_compiled_path_equals_networkx() -> None:
    g = _provinces_graph(2)
    compiled = structure_report(g, seed=3, compiled_above=0)
    reference = structure_report(g, seed=3, compiled_above=10**9)
    assert compiled.communities.method == "louvain-igraph"
    assert reference.communities.method == "louvain-networkx"
    for name in ("average_clustering", "transitivity", "density", "degree_assortativity"):
        assert getattr(compiled, name) == pytest.approx(getattr(reference, name))
    assert (compiled.max_core, compiled.core_sizes) == (reference.max_core, reference.core_sizes)
    assert compiled.component_sizes == reference.component_sizes
    groups = [set(compiled.communities.members(c)) for c in range(compiled.communities.count)]
    assert compiled.communities.modularity == pytest.approx(
        nx.community.modularity(g, groups, weight="weight")
    )
    assert compiled.matches["province"].adjusted_rand > 0.9
    again = structure_report(g, seed=3, compiled_above=0)
    assert again.communities == compiled.communities


def test_communities_are_seeded_and_numbered_by_size() -> None:
    g = _provinces_graph(4)
    first = communities(g, seed=11)
    assert first == communities(g, seed=11)
    assert first.sizes == sorted(first.sizes, reverse=True)
    assert sum(first.sizes) == g.number_of_nodes()
    assert set(first.membership) == set(g)
    with pytest.raises(ValueError, match="undirected"):
        communities(nx.DiGraph(g))


def test_partition_agreement_by_hand() -> None:
    # Known values (the same as scikit-learn's adjusted_rand_score / NMI, arithmetic mean).
    assert adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)
    assert adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    assert normalized_mutual_info([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.8)
    assert normalized_mutual_info([0, 0, 1, 1], ["b", "b", "a", "a"]) == pytest.approx(1.0)
    assert normalized_mutual_info([0, 0, 0, 0], [0, 1, 2, 3]) == pytest.approx(0.0)
    assert normalized_mutual_info([5, 5], [7, 7]) == 1.0
    with pytest.raises(ValueError):
        adjusted_rand_index([0], [0, 1])
    match = partition_match({"a": 0, "b": 0, "c": 1}, {"a": "40", "b": "40", "c": None}, "p")
    assert match is not None and match.nodes_compared == 2
    assert partition_match({"a": 0}, {"a": None}, "p") is None


def test_attribute_assortativity_skips_unlabelled_ends() -> None:
    g = two_triangles()
    labels = dict(g.nodes(data="kind"))
    assert attribute_assortativity(g, labels) == pytest.approx(
        nx.attribute_assortativity_coefficient(g, "kind")
    )
    labels["a1"] = None
    sub = g.copy()
    sub.remove_node("a1")
    assert attribute_assortativity(g, labels) == pytest.approx(
        nx.attribute_assortativity_coefficient(sub, "kind")
    )
    assert attribute_assortativity(nx.Graph(), {}) is None


def test_empty_graph() -> None:
    report = structure_report(nx.Graph())
    assert report.node_count == 0 and report.communities.count == 0
    assert report.matches == {} and report.max_core_members == []
