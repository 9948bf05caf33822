"""The drawing-independent model of a network view: what the HTML page and the static figure
both draw.

`build_view(graph, ...)` reads a scoped `nx.MultiDiGraph` (nodes with `kind` and properties,
edges with `type`; see `partnernet.graph.store.graph_from_records`) and the optional analysis
results, and returns a `NetworkView`: nodes with positions, sizes, categories and card facts,
edges with their relationship type, suggested-partner edges, the gap list, and the legend
categories. The caller's graph is only read, never changed.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.lang import Lang, check_lang
from partnernet.foundation.thai import normalize_key
from partnernet.graph.model import (
    GEOGRAPHY_KINDS,
    NON_TRAVERSABLE_KINDS,
    ORGANIZATION_KINDS,
    RelType,
)
from partnernet.visualizations import palette
from partnernet.visualizations.layout import layout_positions
from partnernet.visualizations.palette import SIZE_MEASURES, SUGGESTED, Style

MAX_NODES = 20_000
MAX_LABEL = 36
MIN_SIZE, MAX_SIZE = 8.0, 42.0
_ORG_KINDS = frozenset(k.value for k in ORGANIZATION_KINDS)
# Kinds that many actors attach to; laid out after the actors, at their neighbours' centre.
SATELLITE_KINDS = frozenset(k.value for k in (NON_TRAVERSABLE_KINDS | GEOGRAPHY_KINDS))
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


class GapReportLike(Protocol):
    @property
    def gaps(self) -> list[Any]: ...


class HubsLike(Protocol):
    @property
    def nodes(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class GapNote:
    kind: str
    severity: str
    th: str
    en: str
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    source: str
    target: str
    score: float
    th: str
    en: str


@dataclass
class ViewNode:
    id: str
    group: str  # legend/filter category key: a node kind, or a region in the overview
    name_th: str
    name_en: str | None
    label: str  # drawn on the canvas (shortened)
    x: float = 0.0
    y: float = 0.0
    size: float = MIN_SIZE
    value: float | None = None  # the size measure
    partners: int = 0
    subtype: str | None = None
    province_code: str | None = None
    province: str | None = None
    aliases: tuple[str, ...] = ()
    gaps: list[GapNote] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # extra card lines
    search: tuple[str, ...] = ()

    def name(self, lang: Lang) -> str:
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name_th or self.name_en or self.id


@dataclass
class ViewEdge:
    source: str
    target: str
    rel: str
    weight: float | None = None
    width: float = 1.0
    facts: list[tuple[str, str]] = field(default_factory=list)
    # ISO days the relationship holds from / no longer holds on (the view's date slider)
    since: str | None = None
    until: str | None = None


@dataclass
class NetworkView:
    title: str
    lang: Lang
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    groups: list[tuple[Style, int]]  # legend entries with counts, in legend order
    rels: list[tuple[Style, int]]
    size_by: str
    subtitle: str = ""
    gaps: list[GapNote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    link_pattern: str | None = None  # overview: per-province page, e.g. "province-{code}.html"
    attribution: str | None = None
    backdrop: list[tuple[float, ...]] = field(default_factory=list)  # x0, y0, x1, y1, … rings
    # what a static figure frames (x0, y0, x1, y1, view coordinates); None: everything drawn
    extent: tuple[float, float, float, float] | None = None


def search_key(value: str) -> str:
    """Compact matching key: `normalize_key` without spaces, dots, dashes and zero-widths.

    The page script applies the same steps to what the user types (see `network.js`)."""
    key = normalize_key(value).translate(_ZERO_WIDTH)
    key = unicodedata.normalize("NFKC", key)
    return "".join(ch for ch in key if not (ch.isspace() or ch in ".-_()'\"")).replace(
        "\u0e4d\u0e32", "\u0e33"
    )


def short_label(value: str, limit: int = MAX_LABEL) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def province_name(code: object, lang: Lang) -> str | None:
    """The province's name in `lang`, or the raw value when it is not a province code."""
    if code is None or code == "":
        return None
    try:
        found = geography.province(str(code))
    except (ValueError, KeyError):
        return str(code)
    return found.name_th if lang == "th" else found.name_en


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _list(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(str(v) for v in value if v is not None)
    if isinstance(value, str) and value:
        return (value,)
    return ()


def gap_notes(gaps: GapReportLike | Iterable[GapReportLike] | None) -> list[GapNote]:
    """Flatten one gap report, several (a region), or None."""
    if gaps is None:
        return []
    reports: list[Any] = [gaps] if hasattr(gaps, "gaps") else list(gaps)
    notes: list[GapNote] = []
    for report in reports:
        for gap in report.gaps:
            severity = getattr(gap.severity, "value", gap.severity)
            notes.append(
                GapNote(
                    kind=str(gap.kind),
                    severity=str(severity),
                    th=str(gap.explanation_th),
                    en=str(gap.explanation_en),
                    subjects=tuple(str(s) for s in gap.subjects),
                )
            )
    return notes


def suggestions(recommendations: Any) -> list[Suggestion]:
    """Recommendations from a `RecommendationReport`, a list of them, or None."""
    if recommendations is None:
        return []
    items = getattr(recommendations, "recommendations", recommendations)
    return [
        Suggestion(
            str(r.source),
            str(r.target),
            float(r.score),
            str(r.explanation_th),
            str(r.explanation_en),
        )
        for r in items
    ]


def _simple_undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        w = data.get("weight")
        weight = float(w) if isinstance(w, int | float) and not isinstance(w, bool) else 1.0
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def centrality(
    graph: nx.MultiDiGraph, size_by: str, hubs: HubsLike | None = None, seed: int = 42
) -> dict[str, float]:
    """Values of the size measure per node: from the hub report when it has the node, else
    computed on this view's graph (undirected, parallel edges merged)."""
    if size_by not in SIZE_MEASURES:
        raise InvalidInput(f"size_by must be one of {', '.join(SIZE_MEASURES)}, not {size_by!r}")
    if size_by in ("none", "organizations"):
        return {}
    simple = _simple_undirected(graph)
    values: dict[str, float]
    if size_by == "degree":
        values = {str(n): float(d) for n, d in simple.degree()}
    elif size_by == "weighted_degree":
        values = {str(n): float(d) for n, d in simple.degree(weight="weight")}
    elif hubs is not None and any(n in hubs.nodes for n in graph.nodes):
        values = {}
    elif size_by == "betweenness":
        n = simple.number_of_nodes()
        k = None if n <= 2000 else 256
        values = {
            str(a): float(b) for a, b in nx.betweenness_centrality(simple, k=k, seed=seed).items()
        }
    elif size_by == "pagerank":
        values = {str(a): float(b) for a, b in nx.pagerank(simple, weight="weight").items()}
    else:
        try:
            raw = nx.eigenvector_centrality_numpy(simple, weight="weight")
        except (nx.NetworkXException, ArithmeticError, ValueError):
            raw = {}
        values = {str(a): abs(float(b)) for a, b in raw.items()}
    if hubs is not None:
        for node in graph.nodes:
            hub = hubs.nodes.get(node)
            value = getattr(hub, size_by, None) if hub is not None else None
            if isinstance(value, int | float) and not math.isnan(float(value)):
                values[str(node)] = float(value)
    return values


def scale_sizes(values: Mapping[str, float], ids: Iterable[str]) -> dict[str, float]:
    """Radii from MIN_SIZE to MAX_SIZE by the square root of the value (area ~ value)."""
    ids = list(ids)
    present = [values[i] for i in ids if i in values and values[i] > 0]
    top = max(present, default=0.0)
    sizes: dict[str, float] = {}
    for node in ids:
        value = values.get(node, 0.0)
        frac = math.sqrt(value / top) if top > 0 and value > 0 else 0.0
        sizes[node] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * frac, 2)
    return sizes


def _partner_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    kinds = dict(graph.nodes(data="kind"))
    counts: dict[str, int] = {}
    for node in graph.nodes:
        neighbours = set(graph.successors(node)) | set(graph.predecessors(node))
        counts[str(node)] = sum(1 for m in neighbours if m != node and kinds.get(m) in _ORG_KINDS)
    return counts


def _layout(graph: nx.MultiDiGraph, seed: int) -> dict[Any, tuple[float, float]]:
    """Lay out the actors; then put each satellite (issues, places, sources: nodes that many
    actors point at) at the centre of its neighbours, so that it does not pull them together."""
    kinds = dict(graph.nodes(data="kind"))
    actors = [n for n in graph.nodes if kinds.get(n) not in SATELLITE_KINDS]
    satellites = [n for n in graph.nodes if kinds.get(n) in SATELLITE_KINDS]
    if not actors:
        actors, satellites = satellites, []
    actor_set = set(actors)
    positions: dict[Any, tuple[float, float]] = dict(
        layout_positions(
            actors,
            ((u, v) for u, v in graph.edges() if u in actor_set and v in actor_set),
            seed=seed,
        )
    )
    loose: list[Any] = []
    for i, node in enumerate(satellites):
        around = [positions[m] for m in nx.all_neighbors(graph, node) if m in positions]
        if not around:
            loose.append(node)
            continue
        angle = 2.399963 * i  # golden angle: satellites sharing a centre spread out
        x = sum(p[0] for p in around) / len(around) + 25.0 * math.cos(angle)
        y = sum(p[1] for p in around) / len(around) + 25.0 * math.sin(angle)
        positions[node] = (round(x, 1), round(y, 1))
    if loose:
        bottom = max((p[1] for p in positions.values()), default=0.0) + 120.0
        left = min((p[0] for p in positions.values()), default=0.0)
        for i, node in enumerate(loose):
            positions[node] = (left + 80.0 * (i % 12), bottom + 80.0 * (i // 12))
    return positions


def view_node(node_id: Any, attrs: Mapping[str, Any], lang: Lang) -> ViewNode:
    """A view node from a graph node's attributes (names, kind, province, search keys)."""
    node = str(node_id)
    name_th = _text(attrs.get("name_th")) or _text(attrs.get("title_th"))
    name_th = name_th or _text(attrs.get("title")) or _text(attrs.get("name")) or node
    name_en = _text(attrs.get("name_en"))
    aliases = _list(attrs.get("aliases"))
    kind = str(attrs.get("kind") or "?")
    sub = attrs.get("level") or attrs.get("type")
    code = _text(attrs.get("province_code"))
    keys = {search_key(s) for s in (name_th, name_en, *aliases, node) if s}
    result = ViewNode(
        id=node,
        group=kind,
        name_th=name_th,
        name_en=name_en,
        label="",
        subtype=palette.subtype_name(sub, lang) if kind != "Issue" else None,
        province_code=code,
        province=province_name(code, lang),
        aliases=aliases,
        search=tuple(sorted(k for k in keys if k)),
    )
    result.label = short_label(result.name(lang))
    return result


def _day(value: object) -> str | None:
    """An ISO day from a stored date (a date or its ISO text), else None."""
    text = value.isoformat() if hasattr(value, "isoformat") else value
    return text[:10] if isinstance(text, str) and len(text) >= 10 else None


def legend(
    counts: Counter[str], styles: Mapping[str, Style], unknown: Style
) -> list[tuple[Style, int]]:
    order = list(styles)
    known = [(styles[k], counts[k]) for k in order if counts.get(k)]
    other = sorted(k for k in counts if k not in styles)
    return known + [
        (Style(k, k, k, unknown.color, unknown.shape, unknown.marker), counts[k]) for k in other
    ]


def _without_undecided(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A decision is no tie: an accepted one is drawn as a planned partnership, a rejected or
    undone one not at all (nor counted in sizes, partners or the layout)."""
    dropped = {
        (u, v, k)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if k == _RECOMMENDED and d.get("decision") != "accepted"
    }
    if not dropped:
        return graph
    view: nx.MultiDiGraph = nx.subgraph_view(
        graph, filter_edge=lambda u, v, k: (u, v, k) not in dropped
    )
    return view


_RECOMMENDED = RelType.RECOMMENDED.value


def build_view(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    lang: Lang = "th",
    size_by: str = "degree",
    hubs: HubsLike | None = None,
    gaps: GapReportLike | Iterable[GapReportLike] | None = None,
    recommendations: Any = None,
    layout_seed: int = 42,
    subtitle: str = "",
    positions: Mapping[Any, tuple[float, float]] | None = None,
) -> NetworkView:
    """The view of a scoped graph (see the module docstring)."""
    lang = check_lang(lang)
    if graph.number_of_nodes() > MAX_NODES:
        raise ValueError(
            f"{graph.number_of_nodes():,} nodes is too many for one interactive view (limit "
            f"{MAX_NODES:,}); use the national overview or a narrower scope"
        )
    graph = _without_undecided(graph)
    values = centrality(graph, size_by, hubs, layout_seed)
    ids = [str(n) for n in graph.nodes]
    sizes = scale_sizes(values, ids) if values else dict.fromkeys(ids, 14.0)
    partners = _partner_counts(graph)
    if positions is None:
        positions = _layout(graph, layout_seed)
    notes_by_subject: dict[str, list[GapNote]] = {}
    all_gaps = gap_notes(gaps)
    for note in all_gaps:
        for subject in note.subjects:
            notes_by_subject.setdefault(subject, []).append(note)

    nodes: list[ViewNode] = []
    for node_id, attrs in graph.nodes(data=True):
        vn = view_node(node_id, attrs, lang)
        x, y = positions.get(node_id, (0.0, 0.0))
        vn.x, vn.y = float(x), float(y)
        vn.size = sizes[vn.id]
        vn.value = values.get(vn.id) if values else None
        vn.partners = partners[vn.id]
        vn.gaps = notes_by_subject.get(vn.id, [])
        nodes.append(vn)

    edges: list[ViewEdge] = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel = str(data.get("type") or key)
        weight = data.get("weight")
        w = (
            float(weight)
            if isinstance(weight, int | float) and not isinstance(weight, bool)
            else None
        )
        facts: list[tuple[str, str]] = []
        if data.get("form"):
            facts.append(("form", palette.subtype_name(data["form"], lang) or ""))
        if w is not None:
            facts.append(("weight", f"{w:g}"))
        width = 1.0 + min(w or 0.0, 5.0) * 0.6 if rel == "PARTNERS_WITH" else 1.0
        edge = ViewEdge(str(u), str(v), rel, w, round(width, 2), facts)
        edge.since, edge.until = _day(data.get("since")), _day(data.get("until"))
        edges.append(edge)

    present = set(ids)
    skipped = 0
    for s in suggestions(recommendations):
        if s.source in present and s.target in present:
            facts = [("score", f"{s.score:.2f}"), ("", s.th if lang == "th" else s.en)]
            edges.append(ViewEdge(s.source, s.target, SUGGESTED, s.score, 2.5, facts))
        else:
            skipped += 1
    notes = []
    if skipped:
        notes.append(
            f"{skipped} suggested partner(s) not drawn: one end is outside this view"
            if lang == "en"
            else f"ไม่ได้แสดงภาคีที่แนะนำ {skipped} รายการ เพราะอยู่นอกขอบเขตแผนภาพนี้"
        )
    return NetworkView(
        title=title,
        subtitle=subtitle,
        lang=lang,
        nodes=nodes,
        edges=edges,
        groups=legend(Counter(n.group for n in nodes), palette.KIND_STYLES, palette.UNKNOWN_KIND),
        rels=legend(Counter(e.rel for e in edges), palette.REL_STYLES, palette.UNKNOWN_REL),
        size_by=size_by,
        gaps=all_gaps,
        notes=notes,
    )
