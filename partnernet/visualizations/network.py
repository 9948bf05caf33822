"""Interactive network views: one self-contained, offline HTML file per view.

    render_network(graph, path, title=..., lang="th", size_by="degree",
                   hubs=..., gaps=..., recommendations=..., layout_seed=42)

draws a scoped graph (`store.subgraph(Scope(...))`) with vis-network: colour by node kind, size
by a centrality, edge colour and dash pattern by relationship type, the recommender's
suggested partners as dashed edges that can be switched off, a red ring on every node a gap is
about, a legend whose rows are also the filters (by kind and relationship type, bilingual
names), search by Thai or English name or alias, and a card per node and edge.

The file is the only thing written. vis-network and our script and CSS are inlined; the layout
is computed here (see `layout.py`) and physics is off, so the page makes no network request and
draws at once. The paths `.png`, `.svg` and `.pdf` give a static A4 figure of the same view
instead (`static.py`). The view helpers below only add a title and defaults; they take the
graph already scoped by the caller. We build the page ourselves rather than through pyvis
(whose `from_nx` mutates the graph, whose template loads from a CDN and whose `heading` and
`select_menu` paths insert raw HTML); `to_pyvis` still hands a view to pyvis for notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.lang import Lang
from partnernet.visualizations import _html, palette
from partnernet.visualizations.palette import SUGGESTED, Style
from partnernet.visualizations.view import (
    MAX_SIZE,
    MIN_SIZE,
    GapReportLike,
    HubsLike,
    NetworkView,
    build_view,
)

HTML_SUFFIXES = (".html", ".htm")
STATIC_SUFFIXES = (".png", ".svg", ".pdf")


# ---------------------------------------------------------------------------------------------
# The page


def _style_json(style: Style, count: int, hidden: bool = False) -> dict[str, Any]:
    return {
        "key": style.key,
        "th": style.th,
        "en": style.en,
        "color": style.color,
        "shape": style.shape,
        "dashes": list(style.dashes),
        "arrows": style.arrows,
        "count": count,
        "hidden": hidden,
    }


def view_data(
    view: NetworkView,
    *,
    hidden_groups: Iterable[str] = (),
    hidden_rels: Iterable[str] = (),
    credit: str | None = None,
) -> dict[str, Any]:
    """The JSON the page script reads (compact: edges are index arrays)."""
    index = {node.id: i for i, node in enumerate(view.nodes)}
    hide_g, hide_r = set(hidden_groups), set(hidden_rels)
    rel_index = {style.key: i for i, (style, _) in enumerate(view.rels)}
    gap_index: dict[int, int] = {}
    gaps_json = []
    for gi, gap in enumerate(view.gaps):
        gap_index[id(gap)] = gi
        sev = palette.SEVERITY_NAMES.get(gap.severity, (gap.severity, gap.severity))
        gaps_json.append(
            {
                "kind": gap.kind,
                "sev": gap.severity,
                "sevName": list(sev),
                "th": gap.th,
                "en": gap.en,
                "subjects": [index[s] for s in gap.subjects if s in index],
            }
        )
    nodes_json = []
    for node in view.nodes:
        item: dict[str, Any] = {
            "id": node.id,
            "g": node.group,
            "label": node.label,
            "th": node.name_th,
            "en": node.name_en,
            "x": node.x,
            "y": node.y,
            "s": node.size,
            "v": node.value,
            "p": node.partners,
            "q": list(node.search),
        }
        if node.subtype:
            item["sub"] = node.subtype
        if node.province:
            item["prov"] = node.province
        if node.aliases:
            item["al"] = list(node.aliases)
        if node.gaps:
            item["gaps"] = [gap_index[id(g)] for g in node.gaps if id(g) in gap_index]
        if node.facts:
            item["facts"] = [list(f) for f in node.facts]
        if view.link_pattern and node.province_code:
            item["code"] = node.province_code
        nodes_json.append(item)
    edges_json = [[index[e.source], index[e.target], rel_index[e.rel], e.width] for e in view.edges]
    edge_facts = {str(i): [list(f) for f in e.facts] for i, e in enumerate(view.edges) if e.facts}
    # Dated edges for the date slider: [since, until] (None: open); undated edges hold on
    # every day ("before any dated record", as analysis/timeline.py reads them).
    edge_dates = {
        str(i): [e.since, e.until] for i, e in enumerate(view.edges) if e.since or e.until
    }
    days = sorted(d for pair in edge_dates.values() for d in pair if d)
    size_names = palette.SIZE_MEASURES.get(view.size_by, (view.size_by, view.size_by))
    return {
        "lang": view.lang,
        "ui": {key: list(pair) for key, pair in palette.UI.items()},
        "font": palette.FONT_STACK,
        "gapColor": palette.GAP_COLOR,
        "suggested": SUGGESTED,
        "sizeBy": list(size_names),
        "groups": [_style_json(s, c, s.key in hide_g) for s, c in view.groups],
        "rels": [_style_json(s, c, s.key in hide_r) for s, c in view.rels],
        "nodes": nodes_json,
        "edges": edges_json,
        "edgeFacts": edge_facts,
        "edgeDates": edge_dates,
        "dateRange": [days[0], days[-1]] if days else None,
        "gaps": gaps_json,
        "notes": list(view.notes),
        "linkPattern": view.link_pattern,
        "sizeRange": [MIN_SIZE, MAX_SIZE],
        "backdrop": [list(ring) for ring in view.backdrop],
        "credit": credit or view.attribution,
    }


def view_html(
    view: NetworkView,
    *,
    hidden_groups: Iterable[str] = (),
    hidden_rels: Iterable[str] = (),
) -> str:
    """The complete HTML document of a view."""
    lang = view.lang
    t = _html.text
    body = (
        '<div id="pn-app">\n<aside id="pn-side">\n<header>\n'
        f"<h1>{t(view.title)}</h1>\n"
        + (f'<p class="pn-sub">{t(view.subtitle)}</p>\n' if view.subtitle else "")
        + '<p class="pn-stats" id="pn-stats"></p>\n'
        f'<p class="pn-help">{t(palette.ui("help", lang))}</p>\n</header>\n'
        f'<input id="pn-q" type="search" autocomplete="off" '
        f'placeholder="{t(palette.ui("search", lang))}" '
        f'aria-label="{t(palette.ui("search", lang))}">\n'
        '<ul id="pn-results"></ul>\n'
        f'<section id="pn-legend">\n<h2>{t(palette.ui("legend", lang))}</h2>\n'
        '<div id="pn-groups"></div>\n<div id="pn-rels"></div>\n'
        '<p class="pn-stats" id="pn-size"></p>\n'
        f'<p class="pn-stats" id="pn-gapring"><span class="pn-ring"></span>'
        f"{t(palette.ui('gap_ring', lang))}</p>\n</section>\n"
        f'<section id="pn-time" hidden>\n<h2>{t(palette.ui("as_of", lang))}</h2>\n'
        f'<input id="pn-day" type="range" min="0" max="0" value="0" '
        f'aria-label="{t(palette.ui("as_of", lang))}">\n'
        '<p class="pn-stats" id="pn-dayout" aria-live="polite"></p>\n</section>\n'
        f'<section id="pn-gapsec">\n<h2>{t(palette.ui("gaps", lang))}</h2>\n'
        '<ol id="pn-gaps"></ol>\n</section>\n'
        '<div id="pn-notes"></div>\n<footer id="pn-credit"></footer>\n</aside>\n'
        f'<main id="pn-net" aria-label="{t(view.title)}"></main>\n'
        # On a narrow screen the sidebar is a drawer over the graph, opened by this button.
        f'<button type="button" id="pn-drawer" aria-controls="pn-side" aria-expanded="false" '
        f'data-open="{t(palette.ui("controls", lang))}" '
        f'data-close="{t(palette.ui("close", lang))}">'
        f"{t(palette.ui('controls', lang))}</button>\n</div>\n"
        '<div id="pn-card" hidden></div>'
    )
    css = f":root {{ --pn-font: {palette.FONT_STACK}; }}\n" + _html.template("network.css")
    data = view_data(view, hidden_groups=hidden_groups, hidden_rels=hidden_rels)
    return _html.page(
        lang=lang,
        title=view.title,
        css=css,
        body=body,
        data=data,
        scripts=[_html.vis_network_js(), _html.template("network.js")],
    )


def write_view(
    view: NetworkView,
    path: Path,
    *,
    hidden_groups: Iterable[str] = (),
    hidden_rels: Iterable[str] = (),
) -> Path:
    """Write a view to `path`: interactive HTML, or a static figure for .png/.svg/.pdf."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in STATIC_SUFFIXES:
        from partnernet.visualizations.static import save_network_figure

        return save_network_figure(view, target)
    if suffix not in HTML_SUFFIXES:
        raise InvalidInput(f"cannot render to {target.name!r}: use .html, .png, .svg or .pdf")
    html = view_html(view, hidden_groups=hidden_groups, hidden_rels=hidden_rels)
    return _html.write_exact(target, html)


# ---------------------------------------------------------------------------------------------
# Views


def render_network(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    title: str,
    lang: Lang = "th",
    size_by: str = "degree",
    hubs: HubsLike | None = None,
    gaps: GapReportLike | Iterable[GapReportLike] | None = None,
    recommendations: Any = None,
    layout_seed: int = 42,
    subtitle: str | None = None,
    hidden_kinds: Iterable[str] = (),
    hidden_rels: Iterable[str] = (),
    positions: Mapping[Any, tuple[float, float]] | None = None,
) -> Path:
    """Render a scoped graph to `path` (.html interactive; .png/.svg/.pdf static A4).

    `size_by`: degree · weighted_degree · betweenness · pagerank · eigenvector · none (taken
    from `hubs`, a `HubReport`, where it has the node, else computed on this graph). `gaps`: a
    `GapReport` or several; `recommendations`: a `RecommendationReport` or a list of
    `Recommendation`. `hidden_kinds` / `hidden_rels` start unticked in the filters.
    `positions`: the initial layout (`layouts.positions_for`: tiers, district); default
    force-directed.
    Returns `path`; nothing else is written and `graph` is not modified.
    """
    view = build_view(
        graph,
        title=title,
        lang=lang,
        size_by=size_by,
        hubs=hubs,
        gaps=gaps,
        recommendations=recommendations,
        layout_seed=layout_seed,
        subtitle=subtitle if subtitle is not None else _counts(graph, lang),
        positions=positions,
    )
    return write_view(view, path, hidden_groups=hidden_kinds, hidden_rels=hidden_rels)


def _counts(graph: nx.MultiDiGraph, lang: Lang) -> str:
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    if lang == "th":
        return f"{n:,} โหนด · {m:,} ความสัมพันธ์"
    return f"{n:,} nodes · {m:,} relationships"


def _pick(lang: Lang, th: str, en: str) -> str:
    return th if lang == "th" else en


def render_province_view(
    graph: nx.MultiDiGraph,
    path: Path,
    province: str,
    *,
    lang: Lang = "th",
    title: str | None = None,
    **options: Any,
) -> Path:
    """A province's view (graph = `store.subgraph(Scope(provinces={code}))`)."""
    prov = geography.resolve_province(province)
    default = _pick(
        lang,
        f"เครือข่ายภาคีความร่วมมือ จังหวัด{prov.name_th}",
        f"Partnership network: {prov.name_en} province",
    )
    return render_network(graph, path, title=title or default, lang=lang, **options)


def render_region_view(
    graph: nx.MultiDiGraph,
    path: Path,
    region: str,
    *,
    lang: Lang = "th",
    title: str | None = None,
    **options: Any,
) -> Path:
    """A region's view (graph scoped to the region's provinces, `region_provinces`)."""
    found = geography.resolve_region(region)
    default = _pick(
        lang,
        f"เครือข่ายภาคีความร่วมมือ {found.name_th}",
        f"Partnership network: {found.name_en} region",
    )
    return render_network(graph, path, title=title or default, lang=lang, **options)


def render_ego_view(
    graph: nx.MultiDiGraph,
    path: Path,
    org_id: str,
    *,
    radius: int = 1,
    lang: Lang = "th",
    title: str | None = None,
    **options: Any,
) -> Path:
    """One organisation's ego network (graph = `Scope(ego=org_id, radius=k)`)."""
    attrs = graph.nodes[org_id] if org_id in graph else {}
    name = str((attrs.get("name_en") if lang == "en" else None) or attrs.get("name_th") or org_id)
    default = _pick(
        lang, f"เครือข่ายของ {name} (รัศมี {radius})", f"Network of {name} (radius {radius})"
    )
    return render_network(graph, path, title=title or default, lang=lang, **options)


def render_issue_view(
    graph: nx.MultiDiGraph,
    path: Path,
    issue: str,
    *,
    lang: Lang = "th",
    title: str | None = None,
    **options: Any,
) -> Path:
    """One issue's network (graph = `Scope(issue="issue:<code>")`)."""
    node = issue if issue in graph else f"issue:{issue}"
    attrs = graph.nodes[node] if node in graph else {}
    name = str(attrs.get("name_en" if lang == "en" else "name_th") or issue)
    default = _pick(lang, f"เครือข่ายประเด็น {name}", f"Issue network: {name}")
    return render_network(graph, path, title=title or default, lang=lang, **options)


def render_national_overview(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    mode: str = "provinces",
    lang: Lang = "th",
    title: str | None = None,
    top: int = 150,
    hubs: HubsLike | None = None,
    size_by: str | None = None,
    gaps: Any = None,
    link_pattern: str | None = "province-{code}.html",
    layout_seed: int = 42,
) -> Path:
    """The national picture without drawing every node.

    `mode="provinces"`: one node per province (placed at its centroid, coloured by region,
    sized by organisations) plus one for national bodies; an edge's width is the number of
    organisation-to-organisation relationships between two provinces; cards link to
    `link_pattern` (e.g. `province-{code}.html`, relative; None for no links). `gaps`: a
    mapping province code -> `GapReport` adds coverage and gap counts to the cards.
    `mode="hubs"`: the `top` organisations by `size_by` (default betweenness from `hubs`, else
    degree) and the relationships among them.
    """
    from partnernet.visualizations import overview

    if mode == "provinces":
        view = overview.province_overview(
            graph, lang=lang, title=title, gaps=gaps, link_pattern=link_pattern
        )
    elif mode == "hubs":
        measure = size_by or ("betweenness" if hubs is not None else "degree")
        sub = overview.top_hubs_graph(graph, top=top, by=measure, hubs=hubs)
        default = _pick(lang, f"{top} องค์กรศูนย์กลางของเครือข่าย", f"The network's top {top} hubs")
        view = build_view(
            sub,
            title=title or default,
            lang=lang,
            size_by=measure,
            hubs=hubs,
            layout_seed=layout_seed,
            subtitle=_counts(sub, lang),
        )
    else:
        raise InvalidInput(f"mode must be 'provinces' or 'hubs', not {mode!r}")
    return write_view(view, path)


# ---------------------------------------------------------------------------------------------
# pyvis, for notebooks


def to_pyvis(view: NetworkView, **network_options: Any) -> Any:
    """A `pyvis.network.Network` holding a copy of the view (positions fixed, physics off).

    For notebooks and other pyvis tooling; the files this package writes never go through
    pyvis. pyvis is imported here only, so it is needed only when this is called.
    """
    from pyvis.network import Network  # type: ignore[import-untyped]

    net = Network(directed=True, **network_options)
    groups = {style.key: style for style, _ in view.groups}
    rels = {style.key: style for style, _ in view.rels}
    for node in view.nodes:
        style = groups.get(node.group, palette.UNKNOWN_KIND)
        net.add_node(
            node.id,
            label=node.label,
            x=node.x,
            y=node.y,
            size=node.size,
            shape=style.shape,
            color=style.color,
            physics=False,
        )
    for edge in view.edges:
        rel = rels.get(edge.rel, palette.UNKNOWN_REL)
        net.add_edge(
            edge.source,
            edge.target,
            color=rel.color,
            dashes=bool(rel.dashes),
            width=edge.width,
            arrows="to" if rel.arrows else "",
        )
    net.toggle_physics(False)
    return net


__all__: Sequence[str] = (
    "render_ego_view",
    "render_issue_view",
    "render_national_overview",
    "render_network",
    "render_province_view",
    "render_region_view",
    "to_pyvis",
    "view_html",
    "write_view",
)
