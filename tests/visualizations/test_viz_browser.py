"""The views in headless Chromium, with every non-file request blocked and counted."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from viz_browser_support import Opened
from viz_payloads import PAYLOADS, FakeReport, fake_recommendations, xss_graph

from partnernet.analysis.gaps import find_gaps
from partnernet.analysis.provinces import province_table
from partnernet.analysis.recommend import recommend
from partnernet.foundation import geography
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import Scope
from partnernet.visualizations import network
from partnernet.visualizations.geo import render_province_map

pytestmark = pytest.mark.browser
Open = Callable[..., Opened]
KKU = "academic:40:มหาวิทยาลัยขอนแก่น"


@pytest.fixture(scope="module")
def views(
    tmp_path_factory: pytest.TempPathFactory,
    sample_store: SqliteStore,
    sample_graph: nx.MultiDiGraph,
) -> dict[str, tuple[Path, int]]:
    """Each view with the number of nodes it must draw."""
    out = tmp_path_factory.mktemp("views")
    kk = sample_store.subgraph(Scope(provinces=frozenset({"40"})))
    region = [p.code for p in geography.region_provinces("Northeast")]
    ne = sample_store.subgraph(Scope(provinces=frozenset(region)))
    ego = sample_store.subgraph(Scope(ego="council:provincial:40", radius=1))
    issue = sample_store.subgraph(Scope(issue="issue:housing"))
    made = {
        "province": (
            network.render_province_view(
                kk,
                out / "province-40.html",
                "40",
                gaps=find_gaps(sample_graph, "40"),
                recommendations=recommend(sample_graph, "40"),
            ),
            kk.number_of_nodes(),
        ),
        "region": (
            network.render_region_view(ne, out / "ne.html", "Northeast", lang="en"),
            ne.number_of_nodes(),
        ),
        "ego": (
            network.render_ego_view(ego, out / "ego.html", "council:provincial:40"),
            ego.number_of_nodes(),
        ),
        "issue": (
            network.render_issue_view(issue, out / "issue.html", "housing"),
            issue.number_of_nodes(),
        ),
        "national": (network.render_national_overview(sample_graph, out / "national.html"), 10),
        "hubs": (
            network.render_national_overview(sample_graph, out / "hubs.html", mode="hubs", top=40),
            40,
        ),
    }
    return made


def _canvas_ink(page: Any) -> int:
    """How many sampled canvas pixels are not background."""
    return int(
        page.evaluate(
            """() => {
              const c = document.querySelector('#pn-net canvas');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let ink = 0;
              for (let i = 0; i < d.length; i += 4 * 7) {
                if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++;
              }
              return ink;
            }"""
        )
    )


@pytest.mark.parametrize("name", ["province", "region", "ego", "issue", "national", "hubs"])
def test_each_view_loads_offline_and_draws_every_node(
    name: str, views: dict[str, tuple[Path, int]], open_page: Open
) -> None:
    path, expected = views[name]
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("partnernet.visibleNodeCount()") == expected
    assert page.evaluate("partnernet.nodes.length") == expected
    assert _canvas_ink(page) > 200
    assert page.evaluate("typeof window.__pnFirstPaint") == "number"
    assert opened.blocked == [] and opened.errors == [] and opened.dialogs == []


def test_search_finds_thai_and_english_names(
    views: dict[str, tuple[Path, int]], open_page: Open
) -> None:
    page = open_page(views["province"][0]).page
    assert KKU in page.evaluate("partnernet.search('มหาวิทยาลัยขอนแก่น')")
    assert KKU in page.evaluate("partnernet.search('khon kaen university')")
    assert KKU in page.evaluate("partnernet.search('มข.')")  # an alias
    page.fill("#pn-q", "มหาวิทยาลัยขอนแก่น")
    hits = page.locator("#pn-results .pn-hit")
    assert hits.count() >= 1
    assert hits.first.text_content() == "มหาวิทยาลัยขอนแก่น"
    page.press("#pn-q", "Enter")
    card = page.locator("#pn-card")
    assert card.is_visible()
    text = card.text_content() or ""
    assert "มหาวิทยาลัยขอนแก่น" in text and "Khon Kaen University" in text
    assert "สถาบันการศึกษา" in text and "ขอนแก่น" in text
    page.fill("#pn-q", "ไม่มีชื่อนี้แน่นอน")
    assert page.locator("#pn-results .pn-none").count() == 1


def test_legend_filters_by_kind_relationship_and_suggestions(
    views: dict[str, tuple[Path, int]], kk_graph: nx.MultiDiGraph, open_page: Open
) -> None:
    page = open_page(views["province"][0]).page
    nodes = page.evaluate("partnernet.visibleNodeCount()")
    edges = page.evaluate("partnernet.visibleEdgeCount()")
    councils = sum(1 for _, k in kk_graph.nodes(data="kind") if k == "Council")
    page.uncheck('input[data-key="group:Council"]')
    assert page.evaluate("partnernet.visibleNodeCount()") == nodes - councils
    assert page.evaluate("partnernet.visibleEdgeCount()") < edges
    page.check('input[data-key="group:Council"]')
    assert page.evaluate("partnernet.visibleNodeCount()") == nodes
    assert page.evaluate("partnernet.visibleEdgeCount()") == edges
    works_on = sum(1 for *_, t in kk_graph.edges(data="type") if t == "WORKS_ON")
    page.uncheck('input[data-key="rel:WORKS_ON"]')
    assert page.evaluate("partnernet.visibleEdgeCount()") == edges - works_on
    page.check('input[data-key="rel:WORKS_ON"]')
    suggested = page.evaluate(
        "partnernet.edges.get().filter(e => Array.isArray(e.dashes) && e.width === 2.5).length"
    )
    assert suggested > 0
    page.uncheck('input[data-key="suggested"]')
    assert page.evaluate("partnernet.visibleEdgeCount()") == edges - suggested
    labels = page.locator("#pn-groups .pn-row").all_text_contents()
    assert any("สภาองค์กรชุมชน" in t and "Community organisation council" in t for t in labels)


def test_hovering_a_node_shows_its_card(
    views: dict[str, tuple[Path, int]], open_page: Open
) -> None:
    page = open_page(views["province"][0]).page
    point = page.evaluate(
        """() => {
          const net = partnernet.network;
          const id = partnernet.nodes.getIds().find(
            i => partnernet.nodes.get(i).label.startsWith('มหาวิทยาลัยขอนแก่น'));
          net.moveTo({position: net.getPosition(id), scale: 1.5, animation: false});
          const dom = net.canvasToDOM(net.getPosition(id));
          const box = document.getElementById('pn-net').getBoundingClientRect();
          return {x: dom.x + box.left, y: dom.y + box.top};
        }"""
    )
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#pn-card:not([hidden])")
    assert "มหาวิทยาลัยขอนแก่น" in (page.locator("#pn-card").text_content() or "")


def test_gap_list_selects_its_subjects(views: dict[str, tuple[Path, int]], open_page: Open) -> None:
    page = open_page(views["province"][0]).page
    items = page.locator("#pn-gaps li")
    assert items.count() > 0
    items.last.click()
    assert page.evaluate("partnernet.network.getSelectedNodes().length") >= 1


def test_map_loads_offline_shows_cards_and_links(
    tmp_path: Path, sample_graph: nx.MultiDiGraph, open_page: Open
) -> None:
    (tmp_path / "province-40.html").write_text("<p>kk</p>", encoding="utf-8")
    path = render_province_map(
        province_table(sample_graph, {}), tmp_path / "map.html", metric="organizations"
    )
    opened = open_page(path)
    page = opened.page
    assert page.locator("#pn-provinces path").count() == 77
    assert page.locator("#pn-legend .pn-legend-row").count() == 6
    page.hover('path[data-code="40"]')
    tip = page.locator("#pn-tip")
    assert tip.is_visible() and "ขอนแก่น" in (tip.text_content() or "")
    page.select_option("#pn-metric", "partners_per_council")
    assert "ภาคีต่อสภาองค์กรชุมชน" in (page.locator("#pn-legend").text_content() or "")
    assert "UN OCHA" in (page.locator(".pn-credit").text_content() or "")
    page.click('path[data-code="40"]')
    page.wait_for_url(re.compile(r".*/province-40\.html$"))
    assert opened.blocked == [] and opened.errors == []


# ---------------------------------------------------------------------------------------------
# XSS


def _without_csp(path: Path) -> Path:
    html = path.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html)
    assert stripped != html
    target = path.with_name("nocsp-" + path.name)
    target.write_text(stripped, encoding="utf-8")
    return target


def _poke_network(page: Any) -> None:
    """Use every data-driven part of a view: search each payload, open every card (nodes and
    edges), click every gap, toggle every filter."""
    for payload in PAYLOADS:
        page.fill("#pn-q", payload.replace("\x00", ""))
    page.evaluate(
        """() => {
          const data = JSON.parse(document.getElementById('pn-data').textContent);
          data.nodes.forEach(n => partnernet.select(n.id));
        }"""
    )
    for index in range(min(page.locator("#pn-gaps li").count(), 30)):
        page.locator("#pn-gaps li").nth(index).click()
    boxes = page.locator("#pn-side input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).click()
        boxes.nth(index).click()
    page.evaluate(
        """() => partnernet.edges.getIds().slice(0, 60).forEach(id => {
          partnernet.network.selectEdges([id]);
          const pointer = {DOM: {x: 5, y: 5}};
          partnernet.network.body.emitter.emit('hoverEdge', {edge: id, pointer: pointer});
        })"""
    )


def _assert_inert(opened: Opened) -> None:
    page = opened.page
    page.wait_for_timeout(300)
    assert opened.xss_count() == 0
    assert opened.dialogs == []
    assert opened.blocked == []
    assert opened.errors == []


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-only"])
def test_xss_payloads_stay_inert_in_network_views(
    csp: bool, tmp_path: Path, open_page: Open
) -> None:
    graph = xss_graph()
    path = network.render_network(
        graph,
        tmp_path / "x.html",
        title=PAYLOADS[16],
        subtitle=PAYLOADS[2],
        gaps=FakeReport(graph),
        recommendations=fake_recommendations(graph),
    )
    opened = open_page(path if csp else _without_csp(path))
    page = opened.page
    assert page.evaluate("partnernet.visibleNodeCount()") == graph.number_of_nodes()
    _poke_network(page)
    page.evaluate("partnernet.select(" + repr(next(iter(graph.nodes))) + ")")
    card = page.locator("#pn-card").text_content() or ""
    assert PAYLOADS[0] in card  # shown as text
    assert page.title() == PAYLOADS[16]
    _assert_inert(opened)


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-only"])
def test_xss_payloads_stay_inert_in_overview_and_map(
    csp: bool, tmp_path: Path, open_page: Open, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = geography.provinces()
    fake = [
        geography.Province(
            p.code,
            p.iso,
            PAYLOADS[i % len(PAYLOADS)],
            PAYLOADS[(i + 5) % len(PAYLOADS)],
            p.abbr_th,
            p.abbr_en,
            p.region6,
            p.region4,
        )
        for i, p in enumerate(real)
    ]
    by_code = {p.code: p for p in fake}
    monkeypatch.setattr(geography, "provinces", lambda: list(fake))
    monkeypatch.setattr(geography, "province", lambda code: by_code[str(code)])
    graph = xss_graph(provinces=("40", "45", "10"))
    overview = network.render_national_overview(graph, tmp_path / "o.html", title=PAYLOADS[1])
    metrics = {p.code: {"coverage": 0.3, "organizations": 2.0} for p in fake}
    themap = render_province_map(
        metrics, tmp_path / "m.html", title=PAYLOADS[17], subtitle=PAYLOADS[5]
    )
    opened = open_page(overview if csp else _without_csp(overview))
    _poke_network(opened.page)
    _assert_inert(opened)
    opened = open_page(themap if csp else _without_csp(themap))
    page = opened.page
    for code in ("10", "40", "45", "50", "90"):
        page.hover(f'path[data-code="{code}"]')
    page.select_option("#pn-metric", "organizations")
    _assert_inert(opened)


def test_two_thousand_node_view_draws_everything(tmp_path: Path, open_page: Open) -> None:
    base = nx.barabasi_albert_graph(2000, 2, seed=3)
    graph = nx.MultiDiGraph()
    kinds = ["Council", "Agency", "CommunityOrganization", "CivilSocietyGroup"]
    for n in base:
        graph.add_node(f"n{n}", kind=kinds[n % 4], name_th=f"องค์กร {n}", name_en=f"Org {n}")
    for u, v in base.edges():
        graph.add_edge(f"n{u}", f"n{v}", key="PARTNERS_WITH", type="PARTNERS_WITH")
    path = network.render_network(graph, tmp_path / "big.html", title="2,000")
    assert path.stat().st_size < 5 * 1024 * 1024
    page = open_page(path).page
    assert page.evaluate("partnernet.visibleNodeCount()") == 2000
    assert page.evaluate("partnernet.search('องค์กร 1999')")[0] == "n1999"
