"""The province choropleth: metrics, SVG, legend, links and credit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from partnernet.analysis.gaps import find_gaps
from partnernet.analysis.provinces import province_table
from partnernet.foundation.geography import BOUNDARIES_ATTRIBUTION
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.visualizations.geo import (
    METRICS,
    build_map,
    colour_metric,
    render_province_map,
)


@pytest.fixture(scope="module")
def metrics(sample_graph: nx.MultiDiGraph) -> dict[str, dict[str, float | None]]:
    codes = sorted({str(p) for _, p in sample_graph.nodes(data="province_code") if p})
    reports = {code: find_gaps(sample_graph, code) for code in codes}
    return province_table(sample_graph, reports)


def test_metrics_cover_every_province(
    metrics: dict[str, dict[str, float | None]], sample_graph: nx.MultiDiGraph
) -> None:
    assert len(metrics) == 77
    kk = metrics["40"]
    report = find_gaps(sample_graph, "40")
    assert kk["coverage"] == pytest.approx(report.coverage)
    assert kk["gap_count"] == len(report.gaps)
    assert kk["organizations"] and kk["organizations"] > 0
    assert metrics["50"]["organizations"] is None  # Chiang Mai: not in the sample


def test_map_html_has_77_linked_provinces_and_the_credit(
    tmp_path: Path, metrics: dict[str, dict[str, float | None]]
) -> None:
    out = render_province_map(metrics, tmp_path / "map.html", metric="gap_count")
    html = out.read_text(encoding="utf-8")
    assert html.count("<path ") == 77
    assert html.count('href="province-') == 77
    assert 'href="province-40.html"' in html
    assert BOUNDARIES_ATTRIBUTION in html
    assert '<select id="pn-metric">' in html and "selected>" in html
    assert list(tmp_path.iterdir()) == [out]


def test_map_without_links(tmp_path: Path, metrics: dict[str, dict[str, float | None]]) -> None:
    html = render_province_map(metrics, tmp_path / "m.html", link_pattern=None).read_text(
        encoding="utf-8"
    )
    assert "href=" not in html


def test_colours_follow_direction_and_missing_data() -> None:
    good, legend = colour_metric(METRICS["coverage"], {"10": 0.1, "40": 0.95, "50": None}, "en")
    assert good["50"] == "#e8e8e8"
    assert good["10"] != good["40"]
    assert legend[-1][1] == "No data" and len(legend) == 6
    bad, _ = colour_metric(METRICS["gap_count"], {"10": 1.0, "40": 9.0}, "en")
    assert bad["40"] != good["40"]


def test_build_map_projects_all_shapes(metrics: dict[str, dict[str, float | None]]) -> None:
    view = build_map(metrics, lang="en")
    assert len(view.shapes) == 77
    x0, y0, x1, y1 = view.bbox
    assert x1 > x0 and y1 > y0
    assert view.title.startswith("Provinces:")
    with pytest.raises(ValueError):
        build_map(metrics, metric="nope")


def test_map_data_block_is_valid_json(
    tmp_path: Path, metrics: dict[str, dict[str, float | None]]
) -> None:
    html = render_province_map(metrics, tmp_path / "m.html").read_text(encoding="utf-8")
    block = re.search(r'id="pn-data">(.*?)</script>', html, re.S)
    assert block
    data = json.loads(block.group(1))
    assert set(data["provinces"]) >= {"40", "10"}
    assert data["provinces"]["40"]["values"]["coverage"].endswith("%")


def test_bundle_links_views_together(tmp_path: Path, sample_store: SqliteStore) -> None:
    from partnernet.service.render import render_maps

    files = render_maps(sample_store, tmp_path / "maps", provinces=["40", "45"])
    names = sorted(f.name for f in files)
    assert names == ["map.html", "national.html", "province-40.html", "province-45.html"]
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == names
    html = (tmp_path / "maps" / "map.html").read_text(encoding="utf-8")
    assert html.count('href="province-') == 2
