"""Maps and exports from a store: pick the scope, run the analyses a picture annotates
(through `service`), hand both to the drawing adapters in `visualizations/`.

The adapters never see a store and never compute analyses; this module is the glue that
`partnernet render`, `partnernet export`, the demo and the API share.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import networkx as nx

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.analysis.timeline import graph_as_of
from partnernet.foundation import geography
from partnernet.graph.model import issue_id
from partnernet.graph.store import GraphStore, Scope
from partnernet.service import analyses

Lang = Literal["th", "en"]
ViewKind = Literal["province", "region", "ego", "issue", "national", "map"]
EXPORT_FORMATS = ("gexf", "graphml", "gephi-csv", "xlsx", "json", "popolo")


def _analyses(
    store: GraphStore, codes: list[str], as_of: date | None = None
) -> tuple[dict[str, GapReport], dict[str, RecommendationReport]]:
    gaps: dict[str, GapReport] = {}
    recs: dict[str, RecommendationReport] = {}
    for code in codes:
        gaps[code], recs[code] = analyses.province_analysis(store, code, as_of=as_of)
    return gaps, recs


def _read(store: GraphStore, scope: Scope, as_of: date | None) -> nx.MultiDiGraph:
    """A scope's graph, as it stood on `as_of` (None: as stored)."""
    graph = store.subgraph(scope)
    return graph if as_of is None else graph_as_of(graph, as_of)


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
    as_of: date | None = None,
) -> Path:
    """One view: `.html` interactive and offline, `.png`/`.svg`/`.pdf` for reports;
    `as_of`: the network as it stood that day."""
    from partnernet.visualizations import geo, network

    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "province":
        code = geography.resolve_province(_need(target, kind)).code
        gaps, recs = analyses.province_analysis(store, code, as_of=as_of)
        graph = _read(store, Scope(provinces=frozenset({code})), as_of)
        return network.render_province_view(
            graph, out, code, lang=lang, size_by=size_by, gaps=gaps, recommendations=recs
        )
    if kind == "region":
        region = geography.resolve_region(_need(target, kind))
        codes = [p.code for p in geography.region_provinces(region)]
        graph = _read(store, Scope(provinces=frozenset(codes)), as_of)
        return network.render_region_view(graph, out, region.key, lang=lang, size_by=size_by)
    if kind == "ego":
        org = _need(target, kind)
        if store.get_node(org) is None:
            raise ValueError(f"unknown organisation id {org!r}")
        graph = _read(store, Scope(ego=org, radius=radius), as_of)
        return network.render_ego_view(graph, out, org, radius=radius, lang=lang, size_by=size_by)
    if kind == "issue":
        code = _need(target, kind).removeprefix("issue:")
        graph = _read(store, Scope(issue=issue_id(code)), as_of)
        if graph.number_of_nodes() == 0:
            raise ValueError(f"no organisation works on the issue {code!r}")
        return network.render_issue_view(graph, out, code, lang=lang, size_by=size_by)
    whole = _read(store, Scope(), as_of)
    by_province, _ = _analyses(store, analyses.provinces_present(store), as_of)
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
    as_of: date | None = None,
) -> list[Path]:
    """The scoped graph (whole by default) in a format other tools read; XLSX also carries
    hub metrics and, for a province, its gaps; `as_of`: as the network stood that day."""
    from partnernet.visualizations.export import export_graph

    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    graph = _read(store, analyses.scope_for(store, province, region), as_of)
    hubs = gaps = None
    if fmt == "xlsx":
        hubs = analyses.hubs(store, province=province, region=region, as_of=as_of)
        if province:
            gaps = analyses.province_gaps(store, province, as_of=as_of)
    # gephi-csv writes nodes.csv and edges.csv into a folder; the others one file.
    (out if fmt == "gephi-csv" else out.parent).mkdir(parents=True, exist_ok=True)
    return export_graph(graph, out, fmt, hubs=hubs, gaps=gaps)


def _need(target: str | None, kind: str) -> str:
    if not target:
        raise ValueError(f"`render {kind}` needs what to draw (a code, name or id)")
    return target
