"""Exports that open as the same picture elsewhere (GEXF viz:, GraphML label/x/y/color, read
back by networkx and igraph), choropleth bins that never overlap, and decisions kept out of
the relationships."""

from __future__ import annotations

import itertools
import json
import math
import warnings
from pathlib import Path

import igraph
import networkx as nx
import pytest

from partnernet.visualizations import export_viz, palette
from partnernet.visualizations.export import export_graph, read_gexf, read_graphml
from partnernet.visualizations.geo import bin_labels, colour_metric, integer_bins
from partnernet.visualizations.map_view import METRICS


def _with_decision(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, str, str]:
    copy = graph.copy()
    councils = sorted(n for n, k in copy.nodes(data="kind") if k == "Council")
    agencies = sorted(n for n, k in copy.nodes(data="kind") if k == "Agency")
    copy.add_edge(
        councils[0],
        agencies[0],
        key="RECOMMENDED",
        type="RECOMMENDED",
        decision="accepted",
        decided_on="2024-06-01",
    )
    return copy, councils[0], agencies[0]


def test_gexf_carries_labels_positions_colours_and_sizes(
    tmp_path: Path, kk_graph: nx.MultiDiGraph
) -> None:
    (out,) = export_graph(kk_graph, tmp_path / "kk.gexf", "gexf")
    raw = nx.read_gexf(str(out))
    viz = export_viz.viz_attributes(kk_graph)
    for node, attrs in kk_graph.nodes(data=True):
        got = raw.nodes[node]
        assert got["label"] == (
            attrs.get("name_th") or attrs.get("title_th") or attrs.get("title") or node
        )
        position = got["viz"]["position"]
        assert (position["x"], position["y"]) == pytest.approx((viz[node].x, viz[node].y))
        colour = got["viz"]["color"]
        expected = palette.kind_style(attrs.get("kind")).color.lstrip("#")
        assert (colour["r"], colour["g"], colour["b"]) == tuple(
            int(expected[i : i + 2], 16) for i in (0, 2, 4)
        )
        assert got["viz"]["size"] == pytest.approx(viz[node].size)
    xs = {round(raw.nodes[n]["viz"]["position"]["x"]) for n in raw.nodes}
    assert len(xs) > len(raw) // 2  # laid out, not piled on one point
    assert nx.utils.graphs_equal(read_gexf(out), kk_graph) or read_gexf(
        out
    ).number_of_nodes() == len(kk_graph)


def test_graphml_reads_back_in_networkx_and_igraph(
    tmp_path: Path, kk_graph: nx.MultiDiGraph
) -> None:
    (out,) = export_graph(kk_graph, tmp_path / "kk.graphml", "graphml")
    viz = export_viz.viz_attributes(kk_graph)
    raw = nx.read_graphml(str(out))
    for node in kk_graph.nodes:
        got = raw.nodes[node]
        assert got["label"] == viz[node].label
        assert (got["x"], got["y"], got["color"]) == (viz[node].x, viz[node].y, viz[node].color)
    back = read_graphml(out)  # the partnership graph again, without the picture's attributes
    assert dict(back.nodes(data=True)) == dict(kk_graph.nodes(data=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "missing label" or "already an id" warnings
        g = igraph.Graph.Read_GraphML(str(out))
    assert g.vcount() == kk_graph.number_of_nodes()
    by_id = {v["id"]: v for v in g.vs}
    for node in kk_graph.nodes:
        vertex = by_id[node]
        assert vertex["label"] == viz[node].label  # Thai intact
        assert (vertex["x"], vertex["y"], vertex["color"]) == (
            viz[node].x,
            viz[node].y,
            viz[node].color,
        )


def test_decisions_are_never_relationships(tmp_path: Path, kk_graph: nx.MultiDiGraph) -> None:
    graph, source, target = _with_decision(kk_graph)
    for fmt in ("gexf", "graphml"):
        (out,) = export_graph(graph, tmp_path / f"kk.{fmt}", fmt)
        assert "RECOMMENDED" not in out.read_text(encoding="utf-8")
    (js,) = export_graph(graph, tmp_path / "kk.json", "json")
    data = json.loads(js.read_text(encoding="utf-8"))
    assert all(e.get("type") != "RECOMMENDED" for e in data["edges"])
    assert [(d["source"], d["target"], d["decision"]) for d in data["decisions"]] == [
        (source, target, "accepted")
    ]
    written = export_graph(graph, tmp_path / "csv", "gephi-csv")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv", "decisions.csv"]
    assert "RECOMMENDED" not in (tmp_path / "csv" / "edges.csv").read_text(encoding="utf-8")
    from openpyxl import load_workbook

    (xlsx,) = export_graph(graph, tmp_path / "kk.xlsx", "xlsx")
    book = load_workbook(xlsx)
    assert "decisions" in book.sheetnames
    rows = list(book["decisions"].iter_rows(values_only=True))
    assert rows[0][:2] == ("source", "target") and rows[1][:2] == (source, target)
    edges = [r for r in book["edges"].iter_rows(values_only=True)]
    assert all("RECOMMENDED" not in r for r in edges)
    assert graph.number_of_edges() == kk_graph.number_of_edges() + 1  # not modified


def test_large_exports_sit_on_the_map(
    monkeypatch: pytest.MonkeyPatch, kk_graph: nx.MultiDiGraph
) -> None:
    from partnernet.visualizations import overview

    monkeypatch.setattr(export_viz, "FORCE_LIMIT", 0)
    viz = export_viz.viz_attributes(kk_graph)
    cx, cy = overview.project(*overview.province_centroids()["40"])
    home = [n for n, c in kk_graph.nodes(data="province_code") if c == "40"]
    assert all(math.dist((viz[n].x, -viz[n].y), (cx, cy)) < 80 for n in home)


def test_integer_bins_never_overlap() -> None:
    assert integer_bins([3, 12]) == [(3, 4), (5, 6), (7, 8), (9, 10), (11, 12)]
    assert integer_bins([0, 2]) == [(0, 0), (1, 1), (2, 2)]
    ranges = integer_bins([1, 2, 40, 57])
    assert all(b < c for (_, b), (c, _) in itertools.pairwise(ranges))
    assert ranges[0][0] == 1 and ranges[-1][1] == 57


def test_choropleth_legends_say_where_each_value_goes() -> None:
    metric = METRICS["gap_count"]
    values = {"10": 9.0, "40": 11.0, "44": 12.0, "45": 3.0, "46": None}
    fills, legend = colour_metric(metric, values, "en")
    labels = [label for _, label in legend[:-1]]
    assert labels == ["3–4", "5–6", "7–8", "9–10", "11–12"]
    colour_of = dict((label, colour) for colour, label in legend)
    assert fills["10"] == colour_of["9–10"] and fills["40"] == colour_of["11–12"]
    assert fills["46"] == palette.NO_DATA_COLOR
    assert bin_labels(METRICS["coverage"], [0, 0.5, 1.0]) == ["0% – <50%", "50% – 100%"]
