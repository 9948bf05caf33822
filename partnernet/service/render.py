"""Maps and figures from a store: read the scope once, run the analyses a picture annotates,
hand both to the drawing adapters in `visualizations/` (which never see a store and never
compute an analysis). `partnernet render`, the demo, the web pages and the API share these.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.analysis.template import load_template
from partnernet.analysis.timeline import graph_as_of
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.lang import Lang, check_lang
from partnernet.graph.store import GraphStore, Scope
from partnernet.service import analyses
from partnernet.service.reading import province_cut
from partnernet.service.scopes import scope_for

ViewKind = Literal["province", "region", "ego", "issue", "national", "map"]


def render_maps(
    store: GraphStore,
    out: Path,
    *,
    provinces: list[str] | None = None,
    lang: Lang = "th",
    whole: nx.MultiDiGraph | None = None,
) -> list[Path]:
    """The linked offline maps (a view per province, the national overview, the province
    map) for `provinces` (default: every province with an organisation), from one read of
    the whole graph."""
    from partnernet.visualizations.bundle import render_bundle

    if whole is None:
        whole = store.subgraph()
    codes = (
        [geography.resolve_province(p).code for p in provinces]
        if provinces
        else analyses.provinces_with_data(whole)
    )
    found = analyses.provinces_analyses(store, codes, whole=whole)
    known = {code: gaps for code, (gaps, _) in found.items()}
    overview = analyses.provinces_overview(store, whole=whole, known=known)
    return render_bundle(
        whole,
        {code: province_cut(whole, code) for code in codes},
        out,
        rows=overview.rows,
        gaps=known,
        recommendations={code: recs for code, (_, recs) in found.items()},
        lang=lang,
    )


def _province(
    store: GraphStore, code: str, as_of: date | None = None
) -> tuple[nx.MultiDiGraph, GapReport, RecommendationReport]:
    template = load_template()
    today = as_of or date.today()
    reading = analyses.read_province(store, code, template, today, as_of=as_of)
    gaps, recs = analyses.analyse_reading(reading, template, today, top=10)
    return reading.graph, gaps, recs


def render_view(
    store: GraphStore,
    kind: ViewKind,
    target: str | None,
    out: Path,
    *,
    lang: Lang = "th",
    radius: int = 1,
    size_by: str = "degree",
    metric: str = "coverage",
    layout: str = "force",
    as_of: date | None = None,
) -> Path:
    """One view: `.html` interactive and offline, `.png`/`.svg`/`.pdf` for reports.
    `layout` (province, region, ego, issue): force, tiers or district (`layouts.py`);
    `as_of`: the network as it stood that day."""
    from partnernet.visualizations import geo, network
    from partnernet.visualizations.layouts import check_layout, positions_for

    check_layout(layout)
    # Every check comes before the output folder is made: a view of nothing is refused and
    # leaves no empty file or folder behind.
    if kind == "province":
        code = geography.resolve_province(_need(target, kind)).code
        graph, gaps, recs = _province(store, code, as_of)  # NotFound: it holds no organisation
        _ready(out)
        extra = _a4_cut(graph, code, lang) if out.suffix.lower() in (".png", ".svg", ".pdf") else {}
        graph = extra.pop("graph", graph)
        return network.render_province_view(
            graph,
            out,
            code,
            lang=lang,
            size_by=size_by,
            gaps=gaps,
            recommendations=recs,
            positions=positions_for(graph, layout, province=code),
            **extra,
        )
    if kind == "region":
        region = geography.resolve_region(_need(target, kind))
        graph = _read(store, scope_for(region=region.key), as_of)
        if not analyses.provinces_with_data(graph):
            raise NotFound(f"no organisation of the region {region.key} in the store")
        _ready(out)
        return network.render_region_view(
            graph,
            out,
            region.key,
            lang=lang,
            size_by=size_by,
            positions=positions_for(graph, layout),
        )
    if kind == "ego":
        org = _need(target, kind)
        if store.get_node(org) is None:
            raise NotFound(f"no organisation with the id {org!r} in the store")
        graph = _read(store, Scope(ego=org, radius=radius), as_of)
        _ready(out)
        home = graph.nodes[org].get("province_code") if org in graph else None
        return network.render_ego_view(
            graph,
            out,
            org,
            radius=radius,
            lang=lang,
            size_by=size_by,
            positions=positions_for(graph, layout, province=str(home) if home else None),
        )
    if kind == "issue":
        scope = scope_for(issue=_need(target, kind))
        graph = _read(store, scope, as_of)
        code = str(scope.issue).removeprefix("issue:")
        if graph.number_of_nodes() <= 1:
            raise NotFound(f"no organisation works on the issue {code!r}")
        _ready(out)
        return network.render_issue_view(
            graph, out, code, lang=lang, size_by=size_by, positions=positions_for(graph, layout)
        )
    whole = store.subgraph()
    if not analyses.provinces_with_data(whole):
        raise NotFound("the store holds no organisation of any province: nothing to draw")
    overview = analyses.provinces_overview(store, whole=whole, as_of=as_of)
    whole = _as_of(whole, as_of)
    _ready(out)
    if kind == "national":
        return network.render_national_overview(
            whole, out, lang=lang, gaps=overview.reports, link_pattern=None
        )
    return geo.render_province_map(overview.rows, out, metric=metric, lang=lang, link_pattern=None)


def province_network_html(
    store: GraphStore,
    province: str,
    *,
    lang: str = "th",
    gaps: GapReport | None = None,
    recommendations: RecommendationReport | None = None,
) -> str:
    """The interactive network view of one province, as one HTML document."""
    from partnernet.visualizations.network import render_province_view

    code = geography.resolve_province(province).code
    graph = store.subgraph(Scope(provinces=frozenset({code})))
    with tempfile.TemporaryDirectory(prefix="partnernet-view-") as tmp:
        path = Path(tmp) / f"province-{code}.html"
        render_province_view(
            graph, path, code, lang=check_lang(lang), gaps=gaps, recommendations=recommendations
        )
        return path.read_text(encoding="utf-8")


def _ready(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)


def _read(store: GraphStore, scope: Scope, as_of: date | None) -> nx.MultiDiGraph:
    """A scope's graph, as it stood on `as_of` (None: as stored)."""
    return _as_of(store.subgraph(scope), as_of)


def _as_of(graph: nx.MultiDiGraph, as_of: date | None) -> nx.MultiDiGraph:
    return graph if as_of is None else graph_as_of(graph, as_of)


def _need(target: str | None, kind: str) -> str:
    if not target:
        raise InvalidInput(f"`render {kind}` needs what to draw (a code, name or id)")
    return target


def _a4_cut(graph: nx.MultiDiGraph, code: str, lang: str) -> dict[str, Any]:
    """An A4 figure of a province with more organisations than a page can show draws the
    brief's map (`brief.map_graph`: organisations only, community groups left out first) and
    says so in its subtitle; the HTML view keeps everything."""
    from partnernet.service.brief import MAP_MAX, ORG_KINDS, map_counts, map_graph

    if sum(1 for _, k in graph.nodes(data="kind") if k in ORG_KINDS) <= MAP_MAX:
        return {}
    drawn = map_graph(graph, code)
    shown, orgs = map_counts(graph, drawn, code)  # the province's own, not its partners'
    subtitle = (
        f"แสดง {shown:,} จาก {orgs:,} องค์กรของจังหวัด "
        "(ละองค์กรชุมชนและองค์กรนอกจังหวัดไว้ ดูทั้งหมดในไฟล์ HTML)"
        if lang == "th"
        else f"{shown:,} of the province's {orgs:,} organisations shown (community groups "
        "and other provinces' left out; the HTML view has them all)"
    )
    return {"graph": drawn, "subtitle": subtitle}
