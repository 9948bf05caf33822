"""Colours, shapes, line styles and bilingual names shared by every view, map and figure.

One table per thing drawn: node kinds (colour, vis-network shape, matplotlib marker), relationship
types (colour, dash pattern, arrow), regions (for the national overview), the choropleth scales
and the user-interface strings in Thai and English (the Thai from the translator's catalog
`partnernet/locale/th/LC_MESSAGES/figures.po`, see `foundation/catalog.py`). The six
organisation kinds use the Okabe–Ito palette (distinguishable under the common colour-vision
deficiencies and in greyscale by lightness); the other node kinds are greys and muted tones
that also differ by marker shape; vermillion is kept for gaps only.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnernet.foundation.catalog import translations
from partnernet.foundation.lang import Lang
from partnernet.graph.model import NodeKind, RelType

DOMAIN = "figures"  # partnernet/locale/<lang>/LC_MESSAGES/figures.po


def text_pair(context: str, english: str) -> tuple[str, str]:
    """(Thai, English) of a text of the figures' catalog: the English is the message id,
    `context` the table it belongs to (a translator sees both; `make messages` finds every
    `_pair` call)."""
    return translations(DOMAIN, "th").pgettext(context, english), english


_pair = text_pair  # the name `make messages` looks for (other modules import it as `_pair`)


GAP_COLOR = "#D55E00"  # Okabe–Ito vermillion: the ring around a node that a gap is about
SUGGESTED_COLOR = "#882255"  # dashed suggested-partner edges (Tol wine, apart from kinds)
SUGGESTED = "SUGGESTED"  # pseudo relationship type of those edges (never stored)
CROSS_PROVINCE = "CROSS_PROVINCE"  # pseudo type of the national overview's aggregated edges
TIE_ADDED = "TIE_ADDED"  # pseudo types of a drawn diff (render diff): ties made in the period
TIE_ENDED = "TIE_ENDED"  # and ties that ended in it (drawn from the first day's graph)
NATIONAL = "national"  # the overview's node for organisations without a province
NO_DATA_COLOR = "#e8e8e8"
FONT_STACK = (
    "'Noto Sans Thai UI', 'Noto Sans Thai', Sarabun, Loma, Garuda, Waree, Tahoma, "
    "'Leelawadee UI', 'DejaVu Sans', Arial, sans-serif"
)


@dataclass(frozen=True)
class Style:
    """How one category (node kind, relationship type or region) looks, with its names."""

    key: str
    th: str
    en: str
    color: str
    shape: str = "dot"  # vis-network node shape
    marker: str = "o"  # matplotlib marker
    dashes: tuple[int, ...] = ()  # edge dash pattern in pixels; () = solid
    arrows: bool = False  # edges: draw an arrow at the target

    def name(self, lang: Lang) -> str:
        return self.th if lang == "th" else self.en


def _kind(
    kind: NodeKind, th: str, en: str, color: str, shape: str = "dot", marker: str = "o"
) -> tuple[str, Style]:
    return kind.value, Style(kind.value, th, en, color, shape, marker)


KIND_STYLES: dict[str, Style] = dict(
    [
        _kind(NodeKind.COUNCIL, *_pair("kind", "Community organisation council"), "#E69F00"),
        _kind(NodeKind.COMMUNITY_ORGANIZATION, *_pair("kind", "Community organisation"), "#F0E442"),
        _kind(NodeKind.AGENCY, *_pair("kind", "Government agency"), "#0072B2"),
        _kind(NodeKind.CIVIL_SOCIETY_GROUP, *_pair("kind", "Civil society"), "#009E73"),
        _kind(NodeKind.ACADEMIC, *_pair("kind", "Academic institution"), "#CC79A7"),
        _kind(NodeKind.PRIVATE_SECTOR, *_pair("kind", "Private sector"), "#56B4E9"),
        _kind(NodeKind.PERSON, *_pair("kind", "Person"), "#ff9da7", "diamond", "D"),
        _kind(NodeKind.PROPOSAL, *_pair("kind", "Proposal"), "#76b7b2", "square", "s"),
        _kind(NodeKind.EVENT, *_pair("kind", "Event"), "#bab0ac", "triangle", "^"),
        _kind(NodeKind.ISSUE, *_pair("kind", "Issue"), "#a0cbe8", "hexagon", "h"),
        _kind(NodeKind.PLAN, *_pair("kind", "Plan"), "#d4a6c8", "triangleDown", "v"),
        _kind(NodeKind.SOURCE, *_pair("kind", "Source"), "#d7b5a6", "star", "*"),
        _kind(NodeKind.REGION, *_pair("kind", "Region"), "#79706e"),
        _kind(NodeKind.PROVINCE, *_pair("kind", "Province"), "#8c8c8c"),
        _kind(NodeKind.DISTRICT, *_pair("kind", "District"), "#a5a5a5"),
        _kind(NodeKind.SUBDISTRICT, *_pair("kind", "Subdistrict"), "#c7c7c7"),
    ]
)
UNKNOWN_KIND = Style("?", *_pair("kind", "Unknown kind"), "#7f7f7f")

_DOT = (2, 4)
_DASH = (10, 6)


def _rel(
    rel: RelType | str,
    th: str,
    en: str,
    color: str,
    dashes: tuple[int, ...] = (),
    arrows: bool = False,
) -> tuple[str, Style]:
    key = rel.value if isinstance(rel, RelType) else rel
    return key, Style(key, th, en, color, dashes=tuple(dashes), arrows=arrows)


REL_STYLES: dict[str, Style] = dict(
    [
        _rel(RelType.PARTNERS_WITH, *_pair("relationship", "Partners with"), "#4d4d4d"),
        _rel(RelType.MEMBER_OF, *_pair("relationship", "Member of"), "#8c6d31", arrows=True),
        _rel(RelType.FUNDS, *_pair("relationship", "Funds"), "#2e7d32", arrows=True),
        _rel(RelType.SUPPORTS, *_pair("relationship", "Supports"), "#7cb342", arrows=True),
        _rel(RelType.HOLDS_ROLE, *_pair("relationship", "Holds a role in"), "#e377c2", arrows=True),
        _rel(RelType.PROPOSED, *_pair("relationship", "Proposed"), "#17becf", arrows=True),
        _rel(RelType.SUBMITTED_TO, *_pair("relationship", "Submitted to"), "#1f77b4", arrows=True),
        _rel(RelType.ADOPTED_IN, *_pair("relationship", "Adopted in"), "#9467bd", arrows=True),
        _rel(RelType.PRODUCED, *_pair("relationship", "Produced"), "#76b7b2", arrows=True),
        _rel(
            RelType.PARTICIPATED_IN, *_pair("relationship", "Took part in"), "#a5a5a5", _DOT, True
        ),
        _rel(RelType.WORKS_ON, *_pair("relationship", "Works on"), "#9ecae1", _DOT, True),
        _rel(RelType.CONCERNS, *_pair("relationship", "Concerns"), "#6baed6", _DOT, True),
        _rel(RelType.LOCATED_IN, *_pair("relationship", "Located in"), "#c7c7c7", _DOT, True),
        _rel(RelType.SERVES, *_pair("relationship", "Serves"), "#bdbdbd", _DOT, True),
        _rel(RelType.IN, *_pair("relationship", "In"), "#d9d9d9", _DOT, True),
        _rel(RelType.MENTIONED_IN, *_pair("relationship", "Mentioned in"), "#d7b5a6", _DOT, True),
        _rel(
            RelType.RECOMMENDED,
            *_pair("relationship", "Planned partnership"),
            "#ad494a",
            (4, 4),
            True,
        ),
        _rel(SUGGESTED, *_pair("relationship", "Suggested partner"), SUGGESTED_COLOR, _DASH, True),
        _rel(CROSS_PROVINCE, *_pair("relationship", "Cross-province ties"), "#4d4d4d"),
        _rel(TIE_ADDED, *_pair("relationship", "Tie made in the period"), "#009988"),
        _rel(TIE_ENDED, *_pair("relationship", "Tie ended in the period"), "#cc3311", _DASH),
    ]
)
UNKNOWN_REL = Style("?", *_pair("relationship", "Other relationship"), "#7f7f7f")

REGION_COLORS: dict[str, str] = {
    "North": "#59a14f",
    "Northeast": "#f28e2b",
    "Central": "#4e79a7",
    "East": "#76b7b2",
    "West": "#b07aa1",
    "South": "#edc948",
    NATIONAL: "#7f7f7f",
}

# Sequential scales for the choropleth, light to dark: green when more is better (coverage),
# red when more is worse (gaps).
GOOD_SCALE = ("#edf8e9", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#005a32")
BAD_SCALE = ("#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#99000d")
NEUTRAL_SCALE = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594")

SUBTYPE_NAMES: dict[str, tuple[str, str]] = {
    # agency types
    "governor_office": _pair("subtype", "Provincial governor's office"),
    "provincial_office": _pair("subtype", "Provincial office"),
    "pao": _pair("subtype", "Provincial administrative organisation"),
    "sao": _pair("subtype", "Subdistrict administrative organisation"),
    "municipality": _pair("subtype", "Municipality"),
    "msdhs_office": _pair("subtype", "Provincial social development office"),
    "cdd_office": _pair("subtype", "Provincial community development office"),
    "codi_office": _pair("subtype", "CODI office"),
    "ministry": _pair("subtype", "Ministry"),
    "committee": _pair("subtype", "Committee"),
    "health": _pair("subtype", "Health agency"),
    "school": _pair("subtype", "School"),
    "other": _pair("subtype", "Other"),
    # council levels
    "subdistrict": _pair("subtype", "Subdistrict level"),
    "municipal": _pair("subtype", "Municipal level"),
    "district": _pair("subtype", "District level"),
    "provincial": _pair("subtype", "Provincial level"),
    "regional": _pair("subtype", "Regional level"),
    "national": _pair("subtype", "National level"),
    # civil society types
    "network": _pair("subtype", "Network"),
    "civic_assembly": _pair("subtype", "Civic assembly"),
    "foundation": _pair("subtype", "Foundation"),
    "ngo": _pair("subtype", "NGO"),
    "media": _pair("subtype", "Media"),
    "university": _pair("subtype", "University"),
}

SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "high": _pair("severity", "high"),
    "medium": _pair("severity", "medium"),
    "low": _pair("severity", "low"),
}

SIZE_MEASURES: dict[str, tuple[str, str]] = {
    "degree": _pair("size", "Degree"),
    "weighted_degree": _pair("size", "Weighted degree"),
    "betweenness": _pair("size", "Betweenness"),
    "pagerank": _pair("size", "PageRank"),
    "eigenvector": _pair("size", "Eigenvector centrality"),
    "organizations": _pair("size", "Organisations"),
    "none": _pair("size", "Uniform"),
}

# Interface strings; the page shows the chosen language and keeps the other for the bilingual
# legend and filter names.
UI: dict[str, tuple[str, str]] = {
    "search": _pair("ui", "Search by name (Thai or English)"),
    "as_of": _pair("ui", "Ties as of a day"),
    "all_days": _pair("ui", "All days (as stored)"),
    "no_match": _pair("ui", "No match"),
    "kinds": _pair("ui", "Node kinds"),
    "rels": _pair("ui", "Relationships"),
    "suggested": _pair("ui", "Show suggested partners (dashed)"),
    "gaps": _pair("ui", "Coordination gaps"),
    "gap_ring": _pair("ui", "Red ring = subject of a gap"),
    "size": _pair("ui", "Node size by"),
    "kind": _pair("ui", "Kind"),
    "province": _pair("ui", "Province"),
    "partners": _pair("ui", "Partners"),
    "centrality": _pair("ui", "Centrality"),
    "aliases": _pair("ui", "Also known as"),
    "id": _pair("ui", "Id"),
    "score": _pair("ui", "Score"),
    "suggestions": _pair("ui", "Suggested partners"),
    "nodes": _pair("ui", "nodes"),
    "edges": _pair("ui", "edges"),
    "shown": _pair("ui", "shown"),
    "all": _pair("ui", "all"),
    "none": _pair("ui", "none"),
    "legend": _pair("ui", "Legend and filters"),
    "open_view": _pair("ui", "Open this province's view"),
    "no_data": _pair("ui", "No data"),
    "hidden": _pair("ui", "(hidden by a filter)"),
    "between": _pair("ui", "Between"),
    "count": _pair("ui", "Count"),
    "form": _pair("ui", "Form"),
    "weight": _pair("ui", "Weight"),
    "metric": _pair("ui", "Metric"),
    "organizations": _pair("ui", "Organisations"),
    "councils": _pair("ui", "Councils"),
    "cross": _pair("ui", "Cross-province ties"),
    "national": _pair("ui", "National (no province)"),
    "region": _pair("ui", "Region"),
    "severity": _pair("ui", "Severity"),
    "help": _pair("ui", "Click a node for details · drag to pan · scroll to zoom"),
    "controls": _pair("ui", "Search and filters"),
    "close": _pair("ui", "Close"),
    "focus_1": _pair("ui", "Focus here (1 hop)"),
    "focus_2": _pair("ui", "2 hops"),
    "expand": _pair("ui", "Expand its partners"),
    "show_all": _pair("ui", "Show everything"),
    "labels": _pair("ui", "Show labels on the graph"),
}


def ui(key: str, lang: Lang) -> str:
    th, en = UI[key]
    return th if lang == "th" else en


def kind_style(kind: object) -> Style:
    return KIND_STYLES.get(str(kind), UNKNOWN_KIND)


def rel_style(rel: object) -> Style:
    return REL_STYLES.get(str(rel), UNKNOWN_REL)


def subtype_name(value: object, lang: Lang) -> str | None:
    """Readable name of an agency type, council level, civil-society type, … (or the value)."""
    if value is None or value == "":
        return None
    names = SUBTYPE_NAMES.get(str(value))
    if names is None:
        return str(value).replace("_", " ")
    return names[0] if lang == "th" else names[1]
