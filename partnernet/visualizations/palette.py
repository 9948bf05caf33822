"""Colours, shapes, line styles and bilingual names shared by every view, map and figure.

One table per thing drawn: node kinds (colour, vis-network shape, matplotlib marker), relationship
types (colour, dash pattern, arrow), regions (for the national overview), the choropleth scales
and the user-interface strings in Thai and English. The six organisation kinds use the
Okabe–Ito palette (distinguishable under the common colour-vision deficiencies and in
greyscale by lightness); the other node kinds are greys and muted tones that also differ by
marker shape; vermillion is kept for gaps only.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnernet.foundation.lang import Lang
from partnernet.graph.model import NodeKind, RelType

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
        _kind(NodeKind.COUNCIL, "สภาองค์กรชุมชน", "Community organisation council", "#E69F00"),
        _kind(NodeKind.COMMUNITY_ORGANIZATION, "องค์กรชุมชน", "Community organisation", "#F0E442"),
        _kind(NodeKind.AGENCY, "หน่วยงานรัฐ", "Government agency", "#0072B2"),
        _kind(NodeKind.CIVIL_SOCIETY_GROUP, "ภาคประชาสังคม", "Civil society", "#009E73"),
        _kind(NodeKind.ACADEMIC, "สถาบันการศึกษา", "Academic institution", "#CC79A7"),
        _kind(NodeKind.PRIVATE_SECTOR, "ภาคเอกชน", "Private sector", "#56B4E9"),
        _kind(NodeKind.PERSON, "บุคคล", "Person", "#ff9da7", "diamond", "D"),
        _kind(NodeKind.PROPOSAL, "ข้อเสนอ", "Proposal", "#76b7b2", "square", "s"),
        _kind(NodeKind.EVENT, "เวที/กิจกรรม", "Event", "#bab0ac", "triangle", "^"),
        _kind(NodeKind.ISSUE, "ประเด็นงาน", "Issue", "#a0cbe8", "hexagon", "h"),
        _kind(NodeKind.PLAN, "แผน", "Plan", "#d4a6c8", "triangleDown", "v"),
        _kind(NodeKind.SOURCE, "แหล่งข้อมูล", "Source", "#d7b5a6", "star", "*"),
        _kind(NodeKind.REGION, "ภาค", "Region", "#79706e"),
        _kind(NodeKind.PROVINCE, "จังหวัด", "Province", "#8c8c8c"),
        _kind(NodeKind.DISTRICT, "อำเภอ", "District", "#a5a5a5"),
        _kind(NodeKind.SUBDISTRICT, "ตำบล", "Subdistrict", "#c7c7c7"),
    ]
)
UNKNOWN_KIND = Style("?", "ไม่ทราบประเภท", "Unknown kind", "#7f7f7f")

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
        _rel(RelType.PARTNERS_WITH, "เป็นภาคีกับ", "Partners with", "#4d4d4d"),
        _rel(RelType.MEMBER_OF, "เป็นสมาชิกของ", "Member of", "#8c6d31", arrows=True),
        _rel(RelType.FUNDS, "สนับสนุนงบประมาณ", "Funds", "#2e7d32", arrows=True),
        _rel(RelType.SUPPORTS, "สนับสนุน", "Supports", "#7cb342", arrows=True),
        _rel(RelType.HOLDS_ROLE, "ดำรงตำแหน่งใน", "Holds a role in", "#e377c2", arrows=True),
        _rel(RelType.PROPOSED, "เสนอ", "Proposed", "#17becf", arrows=True),
        _rel(RelType.SUBMITTED_TO, "ยื่นข้อเสนอถึง", "Submitted to", "#1f77b4", arrows=True),
        _rel(RelType.ADOPTED_IN, "บรรจุในแผน", "Adopted in", "#9467bd", arrows=True),
        _rel(RelType.PRODUCED, "ได้ข้อเสนอ", "Produced", "#76b7b2", arrows=True),
        _rel(RelType.PARTICIPATED_IN, "เข้าร่วม", "Took part in", "#a5a5a5", _DOT, True),
        _rel(RelType.WORKS_ON, "ทำงานประเด็น", "Works on", "#9ecae1", _DOT, True),
        _rel(RelType.CONCERNS, "เกี่ยวกับประเด็น", "Concerns", "#6baed6", _DOT, True),
        _rel(RelType.LOCATED_IN, "ตั้งอยู่ใน", "Located in", "#c7c7c7", _DOT, True),
        _rel(RelType.SERVES, "ดูแลพื้นที่", "Serves", "#bdbdbd", _DOT, True),
        _rel(RelType.IN, "อยู่ใน", "In", "#d9d9d9", _DOT, True),
        _rel(RelType.MENTIONED_IN, "ถูกกล่าวถึงใน", "Mentioned in", "#d7b5a6", _DOT, True),
        _rel(
            RelType.RECOMMENDED,
            "ความร่วมมือที่วางแผนไว้",
            "Planned partnership",
            "#ad494a",
            (4, 4),
            True,
        ),
        _rel(SUGGESTED, "ภาคีที่แนะนำ", "Suggested partner", SUGGESTED_COLOR, _DASH, True),
        _rel(CROSS_PROVINCE, "ความร่วมมือข้ามจังหวัด", "Cross-province ties", "#4d4d4d"),
        _rel(TIE_ADDED, "ความร่วมมือใหม่ในช่วงนี้", "Tie made in the period", "#009988"),
        _rel(TIE_ENDED, "ความร่วมมือที่สิ้นสุดในช่วงนี้", "Tie ended in the period", "#cc3311", _DASH),
    ]
)
UNKNOWN_REL = Style("?", "ความสัมพันธ์อื่น", "Other relationship", "#7f7f7f")

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
    "governor_office": ("ศาลากลางจังหวัด", "Provincial governor's office"),
    "provincial_office": ("สำนักงานจังหวัด", "Provincial office"),
    "pao": ("องค์การบริหารส่วนจังหวัด (อบจ.)", "Provincial administrative organisation"),
    "sao": ("องค์การบริหารส่วนตำบล (อบต.)", "Subdistrict administrative organisation"),
    "municipality": ("เทศบาล", "Municipality"),
    "msdhs_office": ("สำนักงานพัฒนาสังคมฯ (พมจ.)", "Provincial social development office"),
    "cdd_office": ("สำนักงานพัฒนาชุมชนจังหวัด", "Provincial community development office"),
    "codi_office": ("พอช.", "CODI office"),
    "ministry": ("กระทรวง", "Ministry"),
    "committee": ("คณะกรรมการ", "Committee"),
    "health": ("หน่วยงานสาธารณสุข", "Health agency"),
    "school": ("โรงเรียน", "School"),
    "other": ("อื่น ๆ", "Other"),
    # council levels
    "subdistrict": ("ระดับตำบล", "Subdistrict level"),
    "municipal": ("ระดับเทศบาล", "Municipal level"),
    "district": ("ระดับอำเภอ", "District level"),
    "provincial": ("ระดับจังหวัด", "Provincial level"),
    "regional": ("ระดับภาค", "Regional level"),
    "national": ("ระดับชาติ", "National level"),
    # civil society types
    "network": ("เครือข่าย", "Network"),
    "civic_assembly": ("สภาพลเมือง", "Civic assembly"),
    "foundation": ("มูลนิธิ", "Foundation"),
    "ngo": ("องค์กรพัฒนาเอกชน", "NGO"),
    "media": ("สื่อ", "Media"),
    "university": ("มหาวิทยาลัย", "University"),
}

SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "high": ("สูง", "high"),
    "medium": ("กลาง", "medium"),
    "low": ("ต่ำ", "low"),
}

SIZE_MEASURES: dict[str, tuple[str, str]] = {
    "degree": ("จำนวนความสัมพันธ์", "Degree"),
    "weighted_degree": ("ความสัมพันธ์ถ่วงน้ำหนัก", "Weighted degree"),
    "betweenness": ("ความเป็นตัวกลาง", "Betweenness"),
    "pagerank": ("PageRank", "PageRank"),
    "eigenvector": ("ความสำคัญเชิงเครือข่าย (eigenvector)", "Eigenvector centrality"),
    "organizations": ("จำนวนองค์กร", "Organisations"),
    "none": ("ขนาดเท่ากัน", "Uniform"),
}

# Interface strings; the page shows the chosen language and keeps the other for the bilingual
# legend and filter names.
UI: dict[str, tuple[str, str]] = {
    "search": ("ค้นหาชื่อ (ไทยหรืออังกฤษ)", "Search by name (Thai or English)"),
    "as_of": ("ความร่วมมือ ณ วันที่", "Ties as of a day"),
    "all_days": ("ทุกช่วงเวลา (ตามข้อมูลล่าสุด)", "All days (as stored)"),
    "no_match": ("ไม่พบชื่อนี้", "No match"),
    "kinds": ("ประเภทองค์กร/โหนด", "Node kinds"),
    "rels": ("ความสัมพันธ์", "Relationships"),
    "suggested": ("แสดงภาคีที่แนะนำ (เส้นประ)", "Show suggested partners (dashed)"),
    "gaps": ("ช่องว่างการประสานงาน", "Coordination gaps"),
    "gap_ring": ("วงแดง = มีช่องว่างที่เกี่ยวข้อง", "Red ring = subject of a gap"),
    "size": ("ขนาดโหนดตาม", "Node size by"),
    "kind": ("ประเภท", "Kind"),
    "province": ("จังหวัด", "Province"),
    "partners": ("จำนวนภาคี", "Partners"),
    "centrality": ("ค่าความเป็นศูนย์กลาง", "Centrality"),
    "aliases": ("ชื่ออื่น", "Also known as"),
    "id": ("รหัส", "Id"),
    "score": ("คะแนน", "Score"),
    "suggestions": ("ภาคีที่แนะนำ", "Suggested partners"),
    "nodes": ("โหนด", "nodes"),
    "edges": ("เส้นความสัมพันธ์", "edges"),
    "shown": ("แสดงอยู่", "shown"),
    "all": ("ทั้งหมด", "all"),
    "none": ("ไม่เลือก", "none"),
    "legend": ("คำอธิบายสัญลักษณ์และตัวกรอง", "Legend and filters"),
    "open_view": ("เปิดแผนภาพจังหวัดนี้", "Open this province's view"),
    "no_data": ("ไม่มีข้อมูล", "No data"),
    "hidden": ("(ถูกซ่อนโดยตัวกรอง)", "(hidden by a filter)"),
    "between": ("ระหว่าง", "Between"),
    "count": ("จำนวน", "Count"),
    "form": ("รูปแบบ", "Form"),
    "weight": ("น้ำหนัก", "Weight"),
    "metric": ("ตัวชี้วัด", "Metric"),
    "organizations": ("องค์กร", "Organisations"),
    "councils": ("สภาองค์กรชุมชน", "Councils"),
    "cross": ("ความร่วมมือข้ามจังหวัด", "Cross-province ties"),
    "national": ("ระดับชาติ (ไม่สังกัดจังหวัด)", "National (no province)"),
    "region": ("ภาค", "Region"),
    "severity": ("ระดับความรุนแรง", "Severity"),
    "help": (
        "คลิกโหนดเพื่อดูรายละเอียด · ลากเพื่อเลื่อน · หมุนล้อเมาส์เพื่อซูม",
        "Click a node for details · drag to pan · scroll to zoom",
    ),
    "controls": ("ค้นหาและตัวกรอง", "Search and filters"),
    "close": ("ปิด", "Close"),
    "focus_1": ("เน้นองค์กรนี้ (1 ขั้น)", "Focus here (1 hop)"),
    "focus_2": ("2 ขั้น", "2 hops"),
    "expand": ("ขยายภาคีของโหนดนี้", "Expand its partners"),
    "show_all": ("แสดงทั้งหมด", "Show everything"),
    "labels": ("แสดงชื่อบนแผนภาพ", "Show labels on the graph"),
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
