"""Hub and broker measures: hand-known answers on named graphs, networkx as the oracle."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
from graphs import (
    BROKER,
    KK_NET,
    KK_SUB1,
    broker_chain,
    gf_chain,
    khon_kaen_star,
    path,
    star,
    two_provinces,
    two_triangles,
)

from partnernet.analysis import fast
from partnernet.analysis.hubs import (
    ROLES,
    Backend,
    brokerage_roles,
    hub_scores,
    structural_holes,
)
from partnernet.analysis.projection import project_partnerships

BACKENDS: list[Backend] = ["networkx"] + (["igraph"] if fast.available() else [])
needs_igraph = pytest.mark.skipif(not fast.available(), reason="python-igraph not installed")


def _random_graph(n: int = 120, seed: int = 3) -> nx.Graph:
    """A clustered weighted graph with an isolate, a dyad and a triangle off to the side."""
    g = nx.powerlaw_cluster_graph(n, 3, 0.4, seed=seed)
    g.add_node(1000)
    g.add_edge(2000, 2001)
    g.add_edges_from([(3000, 3001), (3001, 3002), (3002, 3000)])
    rng = random.Random(seed)
    for u, v in g.edges:
        g[u][v]["weight"] = rng.uniform(0.5, 3.0)
    for v in g:
        g.nodes[v]["kind"] = rng.choice(["Council", "Agency", "Academic"])
    return g


@pytest.mark.parametrize("backend", BACKENDS)
def test_star_centre_is_the_hub(backend: Backend) -> None:
    report = hub_scores(star(5), backend=backend)
    centre = report.nodes["c"]
    assert centre.betweenness == pytest.approx(1.0)
    assert centre.degree == 5 and centre.weighted_degree == 5.0
    assert centre.articulation_point
    assert report.articulation_points == ["c"]
    assert len(report.bridges) == 5
    assert all(report.nodes[f"l{i}"].betweenness == 0 for i in range(5))
    assert report.top(1)[0].id == "c"
    assert report.top(1, by="pagerank")[0].id == "c"
    assert report.betweenness_method == "exact" and report.sample_size == 6
    # Burt: the centre of a star of 5 has effective size 5 and constraint 5 * (1/5)^2.
    assert centre.effective_size == pytest.approx(5.0)
    assert centre.constraint == pytest.approx(0.2)
    assert report.nodes["l0"].constraint == pytest.approx(1.0)
    assert report.nodes["l0"].effective_size == pytest.approx(1.0)
    assert report.top(1, by="constraint")[0].id == "c"


@pytest.mark.parametrize("backend", BACKENDS)
def test_path_every_edge_is_a_bridge(backend: Backend) -> None:
    report = hub_scores(path(4), backend=backend)
    assert report.bridges == [("p0", "p1"), ("p1", "p2"), ("p2", "p3")]
    assert report.articulation_points == ["p1", "p2"]
    # p1 lies on (p0,p2), (p0,p3): 2 of the 3 pairs not involving it.
    assert report.nodes["p1"].betweenness == pytest.approx(2 / 3)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_triangles_bridge_and_brokers(backend: Backend) -> None:
    report = hub_scores(two_triangles(), backend=backend)
    assert report.bridges == [("a3", "b1")]
    assert report.articulation_points == ["a3", "b1"]
    assert [hub.id for hub in report.top(2)] == ["a3", "b1"]
    # a3 (a Council) sits between its own triangle and b1 (an Agency): the open pairs
    # (a1,b1) and (a2,b1) in both directions make it representative and gatekeeper twice each.
    assert report.nodes["a3"].brokerage == {
        "coordinator": 0,
        "itinerant": 0,
        "representative": 2,
        "gatekeeper": 2,
        "liaison": 0,
    }
    assert report.nodes["a1"].brokerage_total == 0
    by_province = hub_scores(two_triangles(), attribute_for_brokerage="province_code")
    assert by_province.nodes["b1"].brokerage["representative"] == 2
    assert by_province.brokerage_attribute == "province_code"


@pytest.mark.parametrize(
    ("groups", "role", "count"),
    [
        (("A", "A", "A"), "coordinator", 2),
        (("B", "A", "B"), "itinerant", 2),
        (("A", "A", "B"), "representative", 1),
        (("A", "A", "B"), "gatekeeper", 1),
        (("A", "B", "C"), "liaison", 2),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
def test_gould_fernandez_roles_on_a_chain(
    groups: tuple[str, str, str], role: str, count: int, backend: Backend
) -> None:
    roles = brokerage_roles(gf_chain(groups), "kind", backend=backend)
    assert roles["y"][role] == count
    assert sum(roles["y"].values()) == 2  # x->y->z and z->y->x
    assert sum(roles["x"].values()) == sum(roles["z"].values()) == 0


def test_brokerage_by_explicit_groups_and_closed_triads() -> None:
    g = gf_chain(("A", "A", "A"))
    regions = {"x": "Northeast", "y": "Central", "z": "North"}
    assert brokerage_roles(g, groups=regions)["y"]["liaison"] == 2
    g.add_edge("x", "z")  # a closed triad brokers nothing
    assert all(sum(r.values()) == 0 for r in brokerage_roles(g).values())


@pytest.mark.parametrize("backend", BACKENDS)
def test_brokerage_equals_brute_force(backend: Backend) -> None:
    g = _random_graph()
    expected: dict[object, dict[str, int]] = {}
    for b in g:
        counts = dict.fromkeys(ROLES, 0)
        for a in g[b]:
            for c in g[b]:
                if a == c or g.has_edge(a, c):
                    continue
                ga, gb, gc = (g.nodes[x]["kind"] for x in (a, b, c))
                if ga == gb == gc:
                    counts["coordinator"] += 1
                elif ga == gc:
                    counts["itinerant"] += 1
                elif ga == gb:
                    counts["representative"] += 1
                elif gb == gc:
                    counts["gatekeeper"] += 1
                else:
                    counts["liaison"] += 1
        expected[b] = counts
    assert brokerage_roles(g, backend=backend) == expected


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("weight", ["weight", None])
def test_structural_holes_equal_networkx(backend: Backend, weight: str | None) -> None:
    g = _random_graph(60)
    if weight is None:
        for _, _, data in g.edges(data=True):
            del data["weight"]
    ours = structural_holes(g, backend=backend)
    constraint = nx.constraint(g, weight=weight)
    # networkx's all-nodes sparse shortcut for weighted effective size normalises by the wrong
    # node's maximum (it disagrees with its own per-node definition); asking for explicit
    # nodes runs the definition itself, which is the oracle.
    effective = nx.effective_size(g, nodes=list(g), weight=weight)
    for node in g:
        if math.isnan(constraint[node]):
            assert ours[node] == (None, None)
            continue
        assert ours[node][0] == pytest.approx(constraint[node], abs=1e-12)
        assert ours[node][1] == pytest.approx(effective[node], abs=1e-12)


@needs_igraph
def test_compiled_backend_equals_networkx() -> None:
    g = _random_graph(200)
    compiled = hub_scores(g, backend="igraph")
    reference = hub_scores(g, backend="networkx")
    exact = nx.betweenness_centrality(g)
    pagerank = nx.pagerank(g, weight="weight")
    for node in g:
        ours, ref = compiled.nodes[node], reference.nodes[node]
        assert ours.betweenness == pytest.approx(exact[node], abs=1e-12)
        assert ref.betweenness == pytest.approx(exact[node], abs=1e-12)
        assert ours.pagerank == pytest.approx(pagerank[node], abs=1e-5)
        assert ours.eigenvector == pytest.approx(ref.eigenvector, abs=1e-4)
        assert ours.constraint == pytest.approx(ref.constraint, abs=1e-12)
        assert ours.effective_size == pytest.approx(ref.effective_size, abs=1e-12)
        assert ours.brokerage == ref.brokerage
    assert compiled.articulation_points == reference.articulation_points
    assert compiled.bridges == reference.bridges
    assert compiled.eigenvector_note is not None  # the graph is disconnected


@needs_igraph
def test_sampled_betweenness_is_networkx_estimate_for_the_same_seed() -> None:
    g = _random_graph(300)
    compiled = hub_scores(g, exact_threshold=100, samples=40, seed=7, backend="igraph")
    reference = hub_scores(g, exact_threshold=100, samples=40, seed=7, backend="networkx")
    oracle = nx.betweenness_centrality(g, k=40, seed=7)
    assert compiled.betweenness_method == reference.betweenness_method == "sampled"
    assert compiled.sample_size == 40
    for node in g:
        assert compiled.nodes[node].betweenness == pytest.approx(oracle[node], abs=1e-12)
        assert reference.nodes[node].betweenness == pytest.approx(oracle[node], abs=1e-12)


@needs_igraph
def test_forked_workers_give_the_same_estimate() -> None:
    g = _random_graph(300)
    one = hub_scores(g, exact_threshold=100, samples=40, seed=7, workers=1)
    two = hub_scores(g, exact_threshold=100, samples=40, seed=7, workers=2)
    for node in g:
        assert two.nodes[node].betweenness == pytest.approx(one.nodes[node].betweenness, abs=1e-12)
    assert one.notes and "40 of" in one.notes[0]
    with pytest.raises(ValueError, match="samples"):
        hub_scores(g, samples=1)


@pytest.mark.parametrize("backend", BACKENDS)
def test_on_projected_named_graphs(backend: Backend) -> None:
    kk = hub_scores(project_partnerships(khon_kaen_star()), backend=backend)
    assert kk.articulation_points == [KK_NET]
    assert kk.nodes[KK_NET].betweenness == pytest.approx(1.0)
    assert kk.nodes[KK_NET].kind == "Council" and kk.nodes[KK_NET].province_code == "40"
    assert len(kk.bridges) == 9

    chain = hub_scores(project_partnerships(broker_chain()), backend=backend)
    assert set(chain.articulation_points) == {KK_NET, BROKER}
    assert chain.nodes[BROKER].brokerage["liaison"] > 0
    assert (KK_SUB1, KK_NET) in chain.bridges or (KK_NET, KK_SUB1) in chain.bridges

    two = hub_scores(project_partnerships(two_provinces()), backend=backend)
    assert len(two.bridges) == 2  # the crossing tie and the Roi Et subdistrict council's tie


@pytest.mark.parametrize("backend", BACKENDS)
def test_degenerate_graphs(backend: Backend) -> None:
    empty = hub_scores(nx.Graph(), backend=backend)
    assert empty.nodes == {} and empty.bridges == []
    lonely = nx.Graph()
    lonely.add_nodes_from(["a", "b"], kind="Council")
    report = hub_scores(lonely, backend=backend)
    assert report.nodes["a"].degree == 0
    assert report.nodes["a"].constraint is None and report.nodes["a"].effective_size is None
    assert report.nodes["a"].pagerank == pytest.approx(0.5)
    assert report.nodes["a"].eigenvector == 0.0
    assert report.top(1, by="constraint")[0].id == "a"  # no values: ties by id


def test_deterministic_plain_data_and_errors() -> None:
    g = _random_graph(150)
    first = hub_scores(g, exact_threshold=50, samples=30, seed=5)
    second = hub_scores(g, exact_threshold=50, samples=30, seed=5)
    assert first.as_dict() == second.as_dict()
    data = first.as_dict()
    assert data["betweenness_method"] == "sampled" and data["sample_size"] == 30
    assert isinstance(data["bridges"][0], list)
    with pytest.raises(ValueError, match="rank"):
        first.top(3, by="nonsense")
    with pytest.raises(ValueError, match="undirected"):
        hub_scores(nx.DiGraph(g))
    assert [h.id for h in first.top(3, by="liaison")] == [
        h.id
        for h in sorted(first.nodes.values(), key=lambda h: (-h.brokerage["liaison"], str(h.id)))
    ][:3]
