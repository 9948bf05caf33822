"""The national overview: provinces as nodes (or the top hubs) instead of 100k organisations.

`province_overview(graph)` aggregates in one pass over the edges, so it works on the national
graph: one node per province with organisations (placed at the province's centroid from the
boundary file, coloured by region, sized by organisations) and one for national bodies, and an
edge per pair of provinces whose organisations are tied directly (PARTNERS_WITH, MEMBER_OF,
FUNDS, SUPPORTS), its width growing with the number of ties.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.lang import Lang, check_lang
from partnernet.graph.model import ORGANIZATION_KINDS, NodeKind, RelType
from partnernet.visualizations import palette
from partnernet.visualizations.palette import CROSS_PROVINCE, NATIONAL, Style
from partnernet.visualizations.view import (
    HubsLike,
    NetworkView,
    ViewEdge,
    ViewNode,
    centrality,
    scale_sizes,
    search_key,
)

TIE_TYPES = frozenset(
    {
        RelType.PARTNERS_WITH.value,
        RelType.MEMBER_OF.value,
        RelType.FUNDS.value,
        RelType.SUPPORTS.value,
    }
)
_ORG_KINDS = frozenset(k.value for k in ORGANIZATION_KINDS)
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:|^\s*//|\\")
_SCALE = 1400.0  # pixels per radian-ish unit of the projected map


def check_link_pattern(pattern: str | None) -> str | None:
    """A relative link pattern with `{code}` (no scheme, no `//host`, no backslash)."""
    if pattern is None:
        return None
    if "{code}" not in pattern or _SCHEME.search(pattern) or any(c in pattern for c in "<>\"'`"):
        raise ValueError(
            f"link pattern {pattern!r} must be a relative file name containing {{code}}, "
            "e.g. 'province-{code}.html'"
        )
    return pattern


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def province_centroids() -> dict[str, tuple[float, float]]:
    """Province code -> (longitude, latitude) of its largest polygon's centroid."""
    found: dict[str, tuple[float, float]] = {}
    for feature in geography.boundaries_geojson()["features"]:
        code = str(feature["properties"].get("ADM1_PCODE", ""))[2:]
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        best = max((_ring_centroid(p[0]) for p in polygons), key=lambda c: c[2])
        found[code] = (best[0], best[1])
    return found


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection at Thailand's latitude, y down (screen coordinates)."""
    return (lon - 100.5) * math.cos(math.radians(13.0)) * _SCALE / 10, -(lat - 13.0) * _SCALE / 10


def province_overview(
    graph: nx.MultiDiGraph,
    *,
    lang: Lang = "th",
    title: str | None = None,
    gaps: Mapping[str, Any] | None = None,
    link_pattern: str | None = "province-{code}.html",
    zoom: Collection[str] | None = None,
    members: Collection[str] | None = None,
) -> NetworkView:
    """`zoom`: province codes the view frames (a region's, an issue's); the backdrop keeps
    the provinces around them that fall in the frame, and national bodies go in the frame's
    east margin. None: the whole country. `members`: the organisations drawn (default: every
    organisation of `graph`), so that a caller need not copy a subgraph of them."""
    lang = check_lang(lang)
    pattern = check_link_pattern(link_pattern)
    province_of: dict[Any, str] = {}
    orgs: Counter[str] = Counter()
    councils: Counter[str] = Counter()
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") in _ORG_KINDS and (members is None or node in members):
            code = str(attrs.get("province_code") or NATIONAL)
            province_of[node] = code
            orgs[code] += 1
            if attrs.get("kind") == NodeKind.COUNCIL.value:
                councils[code] += 1
    ties: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    inner: Counter[str] = Counter()
    for u, v, rel in graph.edges(data="type"):
        if rel not in TIE_TYPES or u not in province_of or v not in province_of:
            continue
        a, b = province_of[u], province_of[v]
        if a == b:
            inner[a] += 1
        else:
            ties[(min(a, b), max(a, b))][str(rel)] += 1
    centroids = province_centroids()
    backdrop = province_rings()
    extent = None
    if zoom:
        extent = _bounds(province_rings(set(zoom)) or backdrop)
        backdrop = [ring for ring in backdrop if _overlaps(_bounds([ring]), extent)]
    margin = national_position(backdrop if extent is None else [_box(extent)])
    known = {p.code: p for p in geography.provinces()}
    nodes: list[ViewNode] = []
    sizes = scale_sizes({c: float(n) for c, n in orgs.items()}, orgs)
    cross: Counter[str] = Counter()
    for (a, b), counts in ties.items():
        cross[a] += sum(counts.values())
        cross[b] += sum(counts.values())
    for code in sorted(orgs, key=lambda c: (c == NATIONAL, c)):
        prov = known.get(code)
        if prov is not None:
            name_th, name_en = prov.name_th, prov.name_en
            region = prov.region6
        elif code == NATIONAL:
            name_th, name_en = palette.UI["national"]
            region = NATIONAL
        else:
            name_th = name_en = code
            region = NATIONAL
        if code in centroids:
            x, y = project(*centroids[code])
        else:  # national bodies (no province): off the map, in the margin east of it
            x, y = margin
        facts = [
            ("organizations", str(orgs[code])),
            ("councils", str(councils[code])),
            ("cross", str(cross[code])),
        ]
        report = (gaps or {}).get(code)
        if report is not None:
            facts.append(("gaps", str(len(report.gaps))))
            facts.append(("score", f"{float(report.coverage):.0%}"))
        nodes.append(
            ViewNode(
                id=f"province:{code}" if prov is not None else code,
                group=region,
                name_th=name_th,
                name_en=name_en,
                label=(name_th if lang == "th" else name_en),
                x=round(x, 1),
                y=round(y, 1),
                size=sizes[code],
                value=float(orgs[code]),
                partners=len([1 for pair in ties if code in pair]),
                province_code=code if prov is not None else None,
                facts=facts,
                search=tuple(sorted({search_key(name_th), search_key(name_en), code})),
            )
        )
    ids = {n.province_code or n.id: n.id for n in nodes}
    top = max((sum(c.values()) for c in ties.values()), default=1)
    edges = []
    for (a, b), counts in sorted(ties.items()):
        total = sum(counts.values())
        facts = [("count", str(total))] + [
            ("", f"{palette.rel_style(rel).name(lang)}: {n}") for rel, n in sorted(counts.items())
        ]
        width = 1.0 + 7.0 * math.sqrt(total / top)
        edges.append(ViewEdge(ids[a], ids[b], CROSS_PROVINCE, float(total), round(width, 2), facts))
    regions = {r.code: r for r in geography.regions("region6")}
    group_counts = Counter(n.group for n in nodes)
    groups = []
    for key, color in palette.REGION_COLORS.items():
        if group_counts.get(key):
            reg = regions.get(key)
            th, en = (reg.name_th, reg.name_en) if reg else palette.UI["national"]
            groups.append((Style(key, th, en, color), group_counts[key]))
    default = "ภาพรวมเครือข่ายระดับประเทศ: ความร่วมมือข้ามจังหวัด"
    default_en = "National overview: partnerships across provinces"
    subtitle = (
        f"{len(nodes) - (1 if NATIONAL in orgs else 0)} จังหวัด · {sum(orgs.values()):,} องค์กร"
        if lang == "th"
        else f"{len(nodes) - (1 if NATIONAL in orgs else 0)} provinces · "
        f"{sum(orgs.values()):,} organisations"
    )
    return NetworkView(
        title=title or (default if lang == "th" else default_en),
        subtitle=subtitle,
        lang=lang,
        nodes=nodes,
        edges=edges,
        groups=groups,
        rels=[(palette.REL_STYLES[CROSS_PROVINCE], len(edges))] if edges else [],
        size_by="organizations",
        link_pattern=pattern,
        attribution=geography.BOUNDARIES_ATTRIBUTION,
        backdrop=backdrop,
        extent=None if extent is None else _with(extent, margin if NATIONAL in orgs else None),
    )


def national_position(rings: list[tuple[float, ...]]) -> tuple[float, float]:
    """Where the node of national bodies goes: in the margin right of the map, level with its
    top third (east of the Mekong provinces, never over a province or the Gulf)."""
    xs = [x for ring in rings for x in ring[0::2]]
    ys = [y for ring in rings for y in ring[1::2]]
    if not xs:
        return (0.0, 0.0)
    width = max(xs) - min(xs)
    return (round(max(xs) + 0.12 * width, 1), round(min(ys) + 0.15 * (max(ys) - min(ys)), 1))


Bounds = tuple[float, float, float, float]  # x0, y0, x1, y1


def _bounds(rings: list[tuple[float, ...]]) -> Bounds:
    xs = [x for ring in rings for x in ring[0::2]]
    ys = [y for ring in rings for y in ring[1::2]]
    return (min(xs), min(ys), max(xs), max(ys))


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _box(b: Bounds) -> tuple[float, ...]:
    return (b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3])


def _with(b: Bounds, point: tuple[float, float] | None) -> Bounds:
    if point is None:
        return b
    x, y = point
    return (min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y))


def province_rings(codes: Collection[str] | None = None) -> list[tuple[float, ...]]:
    """Every province's outer rings (of `codes` only, if given), projected like the nodes
    (the overview's backdrop)."""
    rings: list[tuple[float, ...]] = []
    for feature in geography.boundaries_geojson()["features"]:
        if codes is not None and str(feature["properties"].get("ADM1_PCODE", ""))[2:] not in codes:
            continue
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            flat: list[float] = []
            for lon, lat, *_ in polygon[0]:
                x, y = project(lon, lat)
                flat.extend((round(x, 1), round(y, 1)))
            rings.append(tuple(flat))
    return rings


def top_hubs_graph(
    graph: nx.MultiDiGraph, *, top: int = 150, by: str = "betweenness", hubs: HubsLike | None
) -> nx.MultiDiGraph:
    """A copy of the subgraph induced by the `top` organisations by a measure."""
    if top < 1:
        raise InvalidInput("top must be at least 1")
    orgs = [n for n, k in graph.nodes(data="kind") if k in _ORG_KINDS]
    if hubs is not None and by not in ("degree", "weighted_degree"):
        values = {n: float(getattr(hubs.nodes[n], by, 0.0) or 0.0) for n in orgs if n in hubs.nodes}
    else:
        org_graph = graph.subgraph(orgs)
        values = centrality(org_graph, by if by in ("degree", "weighted_degree") else "degree")
    chosen = sorted(orgs, key=lambda n: (-values.get(str(n), 0.0), str(n)))[:top]
    return nx.MultiDiGraph(graph.subgraph(chosen))
