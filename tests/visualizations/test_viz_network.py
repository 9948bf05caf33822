"""Network views: what they contain, what they write, and that they leave the graph alone."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from viz_payloads import FakeReport, fake_recommendations, xss_graph

from partnernet.analysis.gaps import find_gaps
from partnernet.analysis.hubs import hub_scores
from partnernet.analysis.projection import project_partnerships
from partnernet.analysis.recommend import recommend
from partnernet.visualizations import network
from partnernet.visualizations.layout import layout_positions
from partnernet.visualizations.overview import province_overview, top_hubs_graph
from partnernet.visualizations.view import build_view, search_key


def _snapshot(graph: nx.MultiDiGraph) -> Any:
    return (
        copy.deepcopy(dict(graph.graph)),
        [(n, copy.deepcopy(d)) for n, d in graph.nodes(data=True)],
        [(u, v, k, copy.deepcopy(d)) for u, v, k, d in graph.edges(keys=True, data=True)],
    )


def _data(path: Path) -> dict[str, Any]:
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="pn-data">(.*?)</script>', html, re.S)
    assert match
    result: dict[str, Any] = json.loads(match.group(1))
    return result


def test_province_view_holds_the_graph_gaps_and_suggestions(
    tmp_path: Path, sample_graph: nx.MultiDiGraph, kk_graph: nx.MultiDiGraph
) -> None:
    gaps = find_gaps(sample_graph, "40")
    recs = recommend(sample_graph, "40")
    out = network.render_province_view(
        kk_graph, tmp_path / "kk.html", "40", gaps=gaps, recommendations=recs
    )
    data = _data(out)
    assert len(data["nodes"]) == kk_graph.number_of_nodes()
    suggested = [e for e in data["edges"] if data["rels"][e[2]]["key"] == "SUGGESTED"]
    drawn = [r for r in recs.recommendations if r.source in kk_graph and r.target in kk_graph]
    assert len(suggested) == len(drawn) > 0
    assert len(data["edges"]) == kk_graph.number_of_edges() + len(drawn)
    assert len(data["gaps"]) == len(gaps.gaps)
    ringed = {data["nodes"][i]["id"] for g in data["gaps"] for i in g["subjects"]}
    subjects = {s for g in gaps.gaps for s in g.subjects if s in kk_graph}
    assert ringed == subjects
    assert {g["key"] for g in data["groups"]} == set(dict(kk_graph.nodes(data="kind")).values())
    assert data["lang"] == "th"
    assert "จังหวัดขอนแก่น" in out.read_text(encoding="utf-8").split("<body>")[0]


def test_rendering_never_mutates_the_graph_and_writes_only_the_path(
    tmp_path: Path, kk_graph: nx.MultiDiGraph, sample_graph: nx.MultiDiGraph
) -> None:
    graph = kk_graph.copy()
    before = _snapshot(graph)
    whole = _snapshot(sample_graph)
    hubs = hub_scores(project_partnerships(sample_graph))
    target = tmp_path / "only.html"
    for size_by in ("degree", "betweenness", "pagerank", "eigenvector", "none"):
        network.render_network(
            graph,
            target,
            title="t",
            size_by=size_by,
            hubs=hubs,
            gaps=find_gaps(sample_graph, "40"),
            recommendations=recommend(sample_graph, "40"),
        )
    network.render_national_overview(sample_graph, tmp_path / "nat.html")
    network.render_national_overview(sample_graph, tmp_path / "hubs.html", mode="hubs", hubs=hubs)
    assert _snapshot(graph) == before
    assert _snapshot(sample_graph) == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hubs.html", "nat.html", "only.html"]


def test_render_refuses_unknown_suffix_and_missing_folder(
    tmp_path: Path, kk_graph: nx.MultiDiGraph
) -> None:
    with pytest.raises(ValueError):
        network.render_network(kk_graph, tmp_path / "x.txt", title="t")
    with pytest.raises(FileNotFoundError):
        network.render_network(kk_graph, tmp_path / "missing" / "x.html", title="t")
    with pytest.raises(ValueError):
        network.render_network(kk_graph, tmp_path / "x.html", title="t", size_by="magic")
    assert list(tmp_path.iterdir()) == []


def test_english_labels_and_hidden_filters(tmp_path: Path, kk_graph: nx.MultiDiGraph) -> None:
    out = network.render_network(
        kk_graph,
        tmp_path / "en.html",
        title="KK",
        lang="en",
        hidden_kinds=["Issue"],
        hidden_rels=["WORKS_ON"],
    )
    data = _data(out)
    assert data["lang"] == "en"
    assert '<html lang="en">' in out.read_text(encoding="utf-8")
    council = next(n for n in data["nodes"] if n["id"] == "council:provincial:40")
    assert council["label"][:20] == kk_graph.nodes["council:provincial:40"]["name_en"][:20]
    assert {g["key"] for g in data["groups"] if g["hidden"]} == {"Issue"}
    assert {r["key"] for r in data["rels"] if r["hidden"]} == {"WORKS_ON"}


def test_sizes_follow_the_measure(kk_graph: nx.MultiDiGraph) -> None:
    view = build_view(kk_graph, title="t", size_by="degree")
    by_id = {n.id: n for n in view.nodes}
    degree = dict(nx.Graph(kk_graph.to_undirected()).degree())
    top = max(degree, key=lambda n: (degree[n], n))
    assert by_id[top].size == max(n.size for n in view.nodes)
    assert all(8.0 <= n.size <= 42.0 for n in view.nodes)


def test_layout_is_seeded_and_spreads_nodes(kk_graph: nx.MultiDiGraph) -> None:
    nodes = list(kk_graph.nodes)
    first = layout_positions(nodes, kk_graph.edges(), seed=7)
    assert first == layout_positions(nodes, kk_graph.edges(), seed=7)
    assert set(first) == set(nodes)
    assert len({p for p in first.values()}) == len(nodes)


def test_layout_handles_empty_isolated_and_pairs() -> None:
    assert layout_positions([], []) == {}
    pos = layout_positions(["a", "b", "c", "d"], [("a", "b")])
    assert set(pos) == {"a", "b", "c", "d"} and len(set(pos.values())) == 4


def test_numpy_layout_backend_works_without_igraph() -> None:
    graph = nx.barabasi_albert_graph(60, 2, seed=1)
    pos = layout_positions(list(graph), graph.edges(), backend="numpy")
    assert len(set(pos.values())) == 60


def test_search_keys_match_thai_and_english(kk_graph: nx.MultiDiGraph) -> None:
    view = build_view(kk_graph, title="t")
    key = search_key("ขอนแก่น")
    hits = [n.id for n in view.nodes if any(key in k for k in n.search)]
    assert "academic:40:มหาวิทยาลัยขอนแก่น" in hits
    assert any(search_key("khon kaen university") in k for n in view.nodes for k in n.search)
    assert search_key("จ. ขอนแก่น") == search_key("จ.ขอนแก่น")
    assert search_key("KKU") == "kku"


def test_national_overview_aggregates_provinces(sample_graph: nx.MultiDiGraph) -> None:
    view = province_overview(sample_graph, lang="en")
    orgs = [
        d
        for _, d in sample_graph.nodes(data=True)
        if d.get("kind")
        in {
            "Council",
            "Agency",
            "CommunityOrganization",
            "CivilSocietyGroup",
            "Academic",
            "PrivateSector",
        }
    ]
    provinces = {d.get("province_code") or "national" for d in orgs}
    assert len(view.nodes) == len(provinces)
    total = sum(float(n.value or 0) for n in view.nodes)
    assert total == len(orgs)
    assert view.edges and all(e.rel == "CROSS_PROVINCE" for e in view.edges)
    kk = next(n for n in view.nodes if n.province_code == "40")
    assert kk.name_en == "Khon Kaen" and kk.group == "Northeast"
    assert view.backdrop and view.attribution


def test_top_hubs_graph_is_a_copy(sample_graph: nx.MultiDiGraph) -> None:
    sub = top_hubs_graph(sample_graph, top=20, by="degree", hubs=None)
    assert sub.number_of_nodes() == 20
    sub.nodes[next(iter(sub))]["name_th"] = "changed"
    assert "changed" not in {d.get("name_th") for _, d in sample_graph.nodes(data=True)}


def test_xss_graph_renders(tmp_path: Path) -> None:
    graph = xss_graph()
    out = network.render_network(
        graph,
        tmp_path / "x.html",
        title="x",
        gaps=FakeReport(graph),
        recommendations=fake_recommendations(graph),
    )
    data = _data(out)
    assert len(data["nodes"]) == graph.number_of_nodes()


def test_too_big_views_are_refused() -> None:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(20_001))
    with pytest.raises(ValueError, match="national overview"):
        build_view(graph, title="t")


def test_to_pyvis_copies_the_view(kk_graph: nx.MultiDiGraph) -> None:
    pytest.importorskip("pyvis")
    before = _snapshot(kk_graph)
    view = build_view(kk_graph, title="t")
    net = network.to_pyvis(view)
    assert len(net.nodes) == kk_graph.number_of_nodes()
    assert _snapshot(kk_graph) == before


def test_empty_and_tiny_graphs_render(tmp_path: Path) -> None:
    empty = nx.MultiDiGraph()
    data = _data(network.render_network(empty, tmp_path / "e.html", title="empty"))
    assert data["nodes"] == [] and data["edges"] == []
    one = nx.MultiDiGraph()
    one.add_node("a", kind="Council", name_th="สภา")
    data = _data(network.render_network(one, tmp_path / "one.html", title="one", lang="en"))
    assert [n["label"] for n in data["nodes"]] == ["สภา"]


def test_decisions_are_drawn_as_planned_or_not_at_all() -> None:
    from partnernet.visualizations.view import build_view

    graph = nx.MultiDiGraph()
    for node in ("a", "b", "c", "d"):
        graph.add_node(node, kind="Council", name_th=node)
    graph.add_edge("a", "b", key="PARTNERS_WITH", type="PARTNERS_WITH")
    graph.add_edge("a", "c", key="RECOMMENDED", type="RECOMMENDED", decision="accepted")
    graph.add_edge("a", "d", key="RECOMMENDED", type="RECOMMENDED", decision="rejected")
    graph.add_edge("b", "d", key="RECOMMENDED", type="RECOMMENDED", decision="undone")
    view = build_view(graph, title="t", lang="en")
    drawn = {(e.source, e.target, e.rel) for e in view.edges}
    assert drawn == {("a", "b", "PARTNERS_WITH"), ("a", "c", "RECOMMENDED")}
    nodes = {n.id: n for n in view.nodes}
    assert nodes["d"].partners == 0  # a rejected pair is no partner
