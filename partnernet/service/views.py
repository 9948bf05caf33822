"""Maps and exports from a store: pick the scope, run the analyses a picture annotates
(through `service`), hand both to the drawing adapters in `visualizations/`.

The adapters never see a store and never compute analyses; this module is the glue that
`partnernet render`, `partnernet export`, the demo and the API share.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.foundation import geography
from partnernet.foundation.errors import NotFound
from partnernet.graph.model import issue_id
from partnernet.graph.store import GraphStore, Scope
from partnernet.service import analyses

Lang = Literal["th", "en"]
ViewKind = Literal["province", "region", "ego", "issue", "national", "map"]
EXPORT_FORMATS = ("gexf", "graphml", "gephi-csv", "xlsx", "json", "popolo")


def _analyses(
    store: GraphStore, codes: list[str]
) -> tuple[dict[str, GapReport], dict[str, RecommendationReport]]:
    gaps: dict[str, GapReport] = {}
    recs: dict[str, RecommendationReport] = {}
    for code in codes:
        gaps[code], recs[code] = analyses.province_analysis(store, code)
    return gaps, recs


def render_maps(
    store: GraphStore, out: Path, *, provinces: list[str] | None = None, lang: Lang = "th"
) -> list[Path]:
    """The linked offline maps (a view per province, the national overview, the province
    map) for `provinces` (default: every province with an organisation)."""
    from partnernet.visualizations.bundle import render_bundle

    codes = (
        [geography.resolve_province(p).code for p in provinces]
        if provinces
        else analyses.provinces_present(store)
    )
    gaps, recs = _analyses(store, codes)
    return render_bundle(store, out, gaps=gaps, recommendations=recs, lang=lang)


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
) -> Path:
    """One view: `.html` interactive and offline, `.png`/`.svg`/`.pdf` for reports."""
    from partnernet.visualizations import geo, network

    # Every check comes before the output folder is made: a view of nothing is refused and
    # leaves no empty file or folder behind.
    if kind == "province":
        code = geography.resolve_province(_need(target, kind)).code
        gaps, recs = analyses.province_analysis(store, code)  # NotFound with no data
        graph = store.subgraph(Scope(provinces=frozenset({code})))
        _ready(out)
        return network.render_province_view(
            graph, out, code, lang=lang, size_by=size_by, gaps=gaps, recommendations=recs
        )
    if kind == "region":
        region = geography.resolve_region(_need(target, kind))
        codes = [p.code for p in geography.region_provinces(region)]
        graph = store.subgraph(Scope(provinces=frozenset(codes)))
        if graph.number_of_nodes() == 0:
            raise NotFound(f"no organisation of the region {region.key} in the store")
        _ready(out)
        return network.render_region_view(graph, out, region.key, lang=lang, size_by=size_by)
    if kind == "ego":
        org = _need(target, kind)
        if store.get_node(org) is None:
            raise NotFound(f"no organisation with the id {org!r} in the store")
        graph = store.subgraph(Scope(ego=org, radius=radius))
        _ready(out)
        return network.render_ego_view(graph, out, org, radius=radius, lang=lang, size_by=size_by)
    if kind == "issue":
        code = _need(target, kind).removeprefix("issue:")
        graph = store.subgraph(Scope(issue=issue_id(code)))
        if graph.number_of_nodes() == 0:
            raise NotFound(f"no organisation works on the issue {code!r}")
        _ready(out)
        return network.render_issue_view(graph, out, code, lang=lang, size_by=size_by)
    present = analyses.provinces_present(store)
    if not present:
        raise NotFound("the store holds no organisation of any province: nothing to draw")
    whole = store.subgraph()
    by_province, _ = _analyses(store, present)
    _ready(out)
    if kind == "national":
        return network.render_national_overview(
            whole, out, lang=lang, gaps=by_province, link_pattern=None
        )
    return geo.render_province_map(
        geo.province_metrics(whole, by_province), out, metric=metric, lang=lang, link_pattern=None
    )


def export(
    store: GraphStore,
    fmt: str,
    out: Path,
    *,
    province: str | None = None,
    region: str | None = None,
) -> list[Path]:
    """The scoped graph (whole by default) in a format other tools read; XLSX also carries
    hub metrics and, for a province, its gaps."""
    from partnernet.visualizations.export import export_graph

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    graph = store.subgraph(analyses.scope_for(store, province, region))
    if graph.number_of_nodes() == 0:
        where = f" of {province or region}" if (province or region) else ""
        raise NotFound(f"nothing{where} in the store to export")
    hubs = gaps = None
    if fmt == "xlsx":
        hubs = analyses.hubs(store, province=province, region=region)
        if province:
            gaps = analyses.province_gaps(store, province)
    # gephi-csv writes nodes.csv and edges.csv into a folder; the others one file.
    (out if fmt == "gephi-csv" else out.parent).mkdir(parents=True, exist_ok=True)
    return export_graph(graph, out, fmt, hubs=hubs, gaps=gaps)


def _ready(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)


def _need(target: str | None, kind: str) -> str:
    if not target:
        raise ValueError(f"`render {kind}` needs what to draw (a code, name or id)")
    return target
