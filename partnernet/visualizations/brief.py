"""The province (region, issue) brief: one A4 document a planner can send as it is.

`Brief` is what the brief shows, already gathered (by `partnernet.service.brief`); this module
only lays it out: `brief_html(brief)` is a self-contained HTML document (inline CSS, the map as
inline SVG with real text, no external resource), and `write_brief(brief, path)` writes it as
`.html`, or prints the same document to `.pdf` with Chromium (`pdf.py`), so that Thai is shaped
on the page and `pdftotext` gives back the strings the store holds.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from partnernet.foundation.lang import Lang
from partnernet.visualizations import palette
from partnernet.visualizations.palette import FONT_STACK
from partnernet.visualizations.palette import text_pair as _pair

_MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


@dataclass(frozen=True)
class Headline:
    """One headline figure against its regional median (None: not measured)."""

    th: str
    en: str
    value: float | None
    median: float | None
    kind: str = "share"  # share (0..1, shown as %), number, or count
    higher_is_better: bool = True
    detail: str = ""  # e.g. "3 of 8"


@dataclass(frozen=True)
class GapLine:
    severity: str
    th: str
    en: str
    subjects: tuple[str, ...]  # display names


@dataclass(frozen=True)
class SuggestionLine:
    source: str
    target: str
    score: float
    th: str
    en: str


@dataclass(frozen=True)
class PartnershipLine:
    source: str
    target: str
    state: str  # planned (an accepted suggestion, no tie yet) or realised (the tie exists)
    decided_on: date | None
    note: str | None = None


@dataclass(frozen=True)
class ProposalLine:
    title: str
    proposed_by: str
    submitted_to: str
    status: str
    raised_on: date | None


@dataclass(frozen=True)
class ProvinceRow:
    """One province's headline figures in a region's or an issue's brief (or their median)."""

    name: str
    coverage: float | None
    partners_per_council: float | None
    local_share: float | None
    answered: float | None
    gaps: int


@dataclass
class Brief:
    scope: str  # province, region or issue
    title_th: str
    title_en: str
    as_of: date
    lang: Lang
    sources: list[tuple[str, int]]  # (source reference, how many records cite it)
    headlines: list[Headline]
    map_svg: str | None
    gaps: list[GapLine]
    suggestions: list[SuggestionLine]
    partnerships: list[PartnershipLine]
    proposals: list[ProposalLine]
    counts: dict[str, int] = field(default_factory=dict)  # organisations, councils, ties
    peers: tuple[str, ...] = ()  # names of the provinces the medians are taken over
    layout: str = "tiers"
    rows: list[ProvinceRow] = field(default_factory=list)  # region/issue: provinces, median last
    notes: list[str] = field(default_factory=list)  # under the provinces' table


MAX_GAPS_SHOWN = 30  # the most severe; the page stays a brief (`partnernet gaps` has all)
MAX_PROPOSALS_SHOWN = 40  # the least advanced first (raised, then submitted, ...)

_T: dict[str, tuple[str, str]] = {
    "brief": _pair("brief", "Partnership network brief"),
    "as_of": _pair("brief", "Data as of"),
    "sources": _pair("brief", "Data sources"),
    "no_sources": _pair("brief", "No source references in the records"),
    "records": _pair("brief", "records"),
    "headlines": _pair("brief", "Headline figures"),
    "measure": _pair("brief", "Measure"),
    "here": _pair("brief", "Here"),
    "median": _pair("brief", "Regional median"),
    "map": _pair("brief", "Network map"),
    "gaps": _pair("brief", "Coordination gaps, by severity"),
    "no_gaps": _pair("brief", "No gaps found"),
    "suggestions": _pair("brief", "Suggested partners, with reasons"),
    "no_suggestions": _pair("brief", "No suggestions"),
    "partnerships": _pair("brief", "Planned and realised partnerships"),
    "no_partnerships": _pair("brief", "No suggestion has been accepted yet"),
    "planned": _pair("brief", "planned"),
    "realised": _pair("brief", "realised"),
    "proposals": _pair("brief", "Proposals and their status"),
    "no_proposals": _pair("brief", "No proposals"),
    "title": _pair("brief", "Proposal"),
    "by": _pair("brief", "Proposed by"),
    "to": _pair("brief", "Submitted to"),
    "status": _pair("brief", "Status"),
    "raised": _pair("brief", "Raised on"),
    "with": _pair("brief", "with"),
    "score": _pair("brief", "score"),
    "decided": _pair("brief", "decided on"),
    "how": _pair("brief", "How to read this"),
    "peers": _pair("brief", "Compared with"),
    "made_by": _pair("brief", "Made with partnernet"),
    "orgs": _pair("brief", "organisations"),
    "councils": _pair("brief", "councils"),
    "more_gaps": _pair("brief", "and {n} less severe ones: partnernet gaps lists them all"),
    "more_proposals": _pair(
        "brief", "and {n} more: partnernet export --format xlsx lists them all"
    ),
    "median_row": _pair("brief", "Median"),
    "median_area": _pair("brief", "Provinces' median"),
    "provinces": _pair("brief", "Headline figures by province"),
    "province": _pair("brief", "Province"),
    "coverage": _pair("brief", "Template coverage"),
    "ppc": _pair("brief", "Partners per council"),
    "local": _pair("brief", "Local councils tied to SAO"),
    "answered": _pair("brief", "Proposals answered"),
    "gap_count": _pair("brief", "Gaps"),
}

_HOW: dict[Lang, list[str]] = {
    "th": [
        "ตัวชี้วัดหลักเทียบกับค่ากลาง (มัธยฐาน) ของจังหวัดอื่นในภาคเดียวกัน: ▲ สูงกว่า ▼ ต่ำกว่า ค่ากลาง",
        "ความครอบคลุมของแม่แบบภาคี คือสัดส่วนของบทบาทภาคีที่ควรมี (เช่น ศาลากลาง อบจ. พมจ. "
        "พอช. มหาวิทยาลัย) ที่สภาองค์กรชุมชนมีความสัมพันธ์อยู่แล้ว",
        "ในแผนภาพ สภาองค์กรชุมชนระดับจังหวัดอยู่กลาง วงถัดไปคือสภาฯ ตำบล หน่วยงานระดับจังหวัด "
        "หน่วยงานท้องถิ่น และภาคประชาสังคม; วงสีส้มแดงคือองค์กรที่มีช่องว่าง เส้นประคือภาคีที่แนะนำ",
        "ภาคีที่แนะนำมาจากเพื่อนของเพื่อน แม่แบบภาคี ประเด็นงานร่วม และจังหวัดใกล้เคียง "
        "เป็นข้อเสนอให้พิจารณา ไม่ใช่ข้อสรุป",
    ],
    "en": [
        "Headline figures are set against the median of the other provinces of the region: "
        "▲ above, ▼ below the median.",
        "Template coverage is the share of the expected partner roles (governor's office, PAO, "
        "MSDHS and CDD offices, CODI, a university, civil society) that councils already have.",
        "On the map the provincial council network sits at the centre, then subdistrict "
        "councils, provincial agencies, local agencies and civil society; a vermillion ring "
        "marks an organisation a gap is about, dashed lines are suggested partners.",
        "Suggestions come from partners of partners, the template, shared issues and peer "
        "provinces: they are leads to weigh, not conclusions.",
    ],
}

# For a region or an issue the map bullet and the medians read differently.
_HOW_AREA: dict[Lang, list[str]] = {
    "th": [
        "ตารางรายจังหวัดแสดงตัวชี้วัดหลักของแต่ละจังหวัด แถวสุดท้ายคือค่ากลาง (มัธยฐาน)",
        _HOW["th"][1],
        "ในแผนภาพ วงกลมแต่ละวงคือจังหวัด ณ ตำแหน่งจริง ขนาดตามจำนวนองค์กร "
        "เส้นคือความสัมพันธ์ระหว่างองค์กรข้ามจังหวัด (ยิ่งหนายิ่งมาก)",
        _HOW["th"][3],
    ],
    "en": [
        "The table by province gives each province's headline figures; its last row is the median.",
        _HOW["en"][1],
        "On the map each circle is a province at its place, sized by its organisations; lines "
        "are relationships between organisations of two provinces (thicker: more).",
        _HOW["en"][3],
    ],
}

_STATUS: dict[str, tuple[str, str]] = {
    "raised": _pair("status", "raised"),
    "submitted": _pair("status", "submitted, awaiting answer"),
    "acknowledged": _pair("status", "acknowledged"),
    "in_plan": _pair("status", "in a plan"),
    "funded": _pair("status", "funded"),
    "implemented": _pair("status", "implemented"),
    "rejected": _pair("status", "rejected"),
}


def t(key: str, lang: Lang) -> str:
    th, en = _T[key]
    return th if lang == "th" else en


def thai_date(day: date, lang: Lang) -> str:
    """22 มีนาคม 2566 (Buddhist Era) in Thai, 22 March 2023 in English."""
    if lang == "th":
        return f"{day.day} {_MONTHS_TH[day.month - 1]} {day.year + 543}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _fmt(value: float | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "share":
        return f"{value * 100:.0f}%"
    if kind == "count":
        return f"{value:,.0f}"
    return f"{value:.1f}"


def _arrow(h: Headline) -> str:
    if h.value is None or h.median is None or abs(h.value - h.median) < 1e-9:
        return ""
    up = h.value > h.median
    good = up == h.higher_is_better
    css = "good" if good else "bad"
    return f' <span class="{css}">{"▲" if up else "▼"}</span>'


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_CSS = f"""
@page {{ size: A4 portrait; margin: 13mm 13mm 14mm 13mm; }}
html {{ font-family: {FONT_STACK}; font-size: 9.5pt; color: #1a1a1a; }}
body {{ margin: 0; }}
h1 {{ font-size: 17pt; margin: 0 0 1mm 0; }}
h2 {{ font-size: 11.5pt; margin: 5mm 0 1.5mm 0; border-bottom: 0.4mm solid #0072B2;
      padding-bottom: 0.6mm; break-after: avoid; }}
.meta {{ color: #444; font-size: 8.5pt; margin: 0 0 1mm 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.8pt; }}
th, td {{ text-align: left; vertical-align: top; padding: 1mm 1.5mm;
          border-bottom: 0.2mm solid #ddd; }}
th {{ background: #f2f2f2; font-weight: bold; }}
td.num, th.num {{ text-align: right; white-space: nowrap; }}
tr {{ break-inside: avoid; }}
.good {{ color: #009E73; }} .bad {{ color: #D55E00; }}
.how {{ border: 0.3mm solid #0072B2; background: #f4f9fd; padding: 2mm 3mm; margin: 3mm 0;
        font-size: 8.5pt; break-inside: avoid; }}
.how h3 {{ margin: 0 0 1mm 0; font-size: 9.5pt; }}
.how ul {{ margin: 0; padding-left: 4.5mm; }}
.sev {{ display: inline-block; min-width: 11mm; padding: 0.2mm 1mm; border-radius: 0.8mm;
        color: white; font-size: 8pt; text-align: center; }}
.sev-high {{ background: #D55E00; }} .sev-medium {{ background: #E69F00; color: #1a1a1a; }}
.sev-low {{ background: #999999; }}
.subjects {{ color: #555; font-size: 8.2pt; }}
figure {{ margin: 1mm 0; break-inside: avoid; }}
figure svg {{ width: 100%; height: auto; display: block; }}
.foot {{ color: #777; font-size: 7.5pt; margin-top: 4mm; }}
ul.items {{ margin: 0; padding-left: 0; list-style: none; }}
ul.items li {{ padding: 1mm 0; border-bottom: 0.2mm solid #e4e4e4; break-inside: avoid; }}
"""


def brief_html(brief: Brief) -> str:
    """The brief as one self-contained HTML document (see the module docstring)."""
    lang = brief.lang
    title = brief.title_th if lang == "th" else brief.title_en
    other = brief.title_en if lang == "th" else brief.title_th
    parts: list[str] = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(other)}</p>',
        f'<p class="meta">{_e(t("as_of", lang))} {_e(thai_date(brief.as_of, lang))}'
        + "".join(
            f" · {brief.counts[k]:,} {_e(t(k, lang))}"
            for k in ("orgs", "councils")
            if k in brief.counts
        )
        + "</p>",
        _sources(brief),
        _headlines(brief),
        _rows(brief),
        _how(lang, brief.scope),
    ]
    if brief.map_svg:
        parts += [f"<h2>{_e(t('map', lang))}</h2>", f"<figure>{brief.map_svg}</figure>"]
        shown, of = brief.counts.get("mapped"), brief.counts.get("mappable")
        if shown is not None and of is not None and shown < of:
            note = (
                f"แผนภาพแสดง {shown:,} จาก {of:,} องค์กรของจังหวัด: ละองค์กรชุมชน (กองทุน กลุ่ม) "
                "และองค์กรนอกจังหวัดไว้ เพื่อให้อ่านได้บนกระดาษ A4"
                if lang == "th"
                else f"The map shows {shown:,} of the province's {of:,} organisations: community "
                "organisations (funds, groups) and other provinces' are left out to stay "
                "readable on A4"
            )
            parts.append(f'<p class="meta">{_e(note)}</p>')
    parts += [_gaps(brief), _suggestions(brief), _partnerships(brief), _proposals(brief)]
    parts.append(
        f'<p class="foot">{_e(t("made_by", lang))} · {_e(thai_date(brief.as_of, lang))}</p>'
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def _sources(brief: Brief) -> str:
    lang = brief.lang
    if not brief.sources:
        return f'<p class="meta">{_e(t("sources", lang))}: {_e(t("no_sources", lang))}</p>'
    shown = ", ".join(f"{_e(ref)} ({n:,})" for ref, n in brief.sources)
    return f'<p class="meta">{_e(t("sources", lang))} ({_e(t("records", lang))}): {shown}</p>'


def _headlines(brief: Brief) -> str:
    lang = brief.lang
    rows = "".join(
        f"<tr><td>{_e(h.th if lang == 'th' else h.en)}</td>"
        f'<td class="num">{_e(_fmt(h.value, h.kind))}{_arrow(h)}'
        + (f" <span class='subjects'>({_e(h.detail)})</span>" if h.detail else "")
        + f'</td><td class="num">{_e(_fmt(h.median, h.kind))}</td></tr>'
        for h in brief.headlines
    )
    median = "median" if brief.scope == "province" else "median_area"
    peers = (
        f'<p class="meta">{_e(t("peers", lang))}: {_e(", ".join(brief.peers))}</p>'
        if brief.peers
        else ""
    )
    return (
        f"<h2>{_e(t('headlines', lang))}</h2><table><tr><th>{_e(t('measure', lang))}</th>"
        f"<th>{_e(t('here', lang))}</th><th>{_e(t(median, lang))}</th></tr>{rows}</table>" + peers
    )


def _rows(brief: Brief) -> str:
    """A region's or an issue's provinces, one row each, the median last (in bold)."""
    if not brief.rows:
        return ""
    lang = brief.lang
    heads = ("province", "coverage", "ppc", "local", "answered", "gap_count")
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in heads)
    body = []
    for i, row in enumerate(brief.rows):
        cells = [
            _fmt(row.coverage, "share"),
            _fmt(row.partners_per_council, "number"),
            _fmt(row.local_share, "share"),
            _fmt(row.answered, "share"),
            f"{row.gaps:,}",
        ]
        last = i == len(brief.rows) - 1
        tag = "th" if last else "td"
        body.append(
            f"<tr><{tag}>{_e(row.name)}</{tag}>"
            + "".join(f'<{tag} class="num">{_e(c)}</{tag}>' for c in cells)
            + "</tr>"
        )
    notes = "".join(f'<p class="meta">{_e(note)}</p>' for note in brief.notes)
    return (
        f"<h2>{_e(t('provinces', lang))}</h2><table><tr>{head}</tr>{''.join(body)}</table>{notes}"
    )


def _how(lang: Lang, scope: str = "province") -> str:
    lines = _HOW[lang] if scope == "province" else _HOW_AREA[lang]
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return f'<div class="how"><h3>{_e(t("how", lang))}</h3><ul>{items}</ul></div>'


def _gaps(brief: Brief) -> str:
    lang = brief.lang
    if not brief.gaps:
        return f"<h2>{_e(t('gaps', lang))}</h2><p>{_e(t('no_gaps', lang))}</p>"
    rank = {"high": 0, "medium": 1, "low": 2}
    items = []
    ranked = sorted(brief.gaps, key=lambda g: rank.get(g.severity, 3))
    for gap in ranked[:MAX_GAPS_SHOWN]:
        names = palette.SEVERITY_NAMES.get(gap.severity, (gap.severity, gap.severity))
        subjects = ", ".join(gap.subjects[:6]) + (" …" if len(gap.subjects) > 6 else "")
        items.append(
            f'<li><span class="sev sev-{_e(gap.severity)}">'
            f"{_e(names[0] if lang == 'th' else names[1])}</span> "
            f"{_e(gap.th if lang == 'th' else gap.en)}"
            + (f'<br><span class="subjects">{_e(subjects)}</span>' if subjects else "")
            + "</li>"
        )
    more = len(ranked) - MAX_GAPS_SHOWN
    if more > 0:
        items.append(f'<li class="subjects">{_e(t("more_gaps", lang).format(n=f"{more:,}"))}</li>')
    return f'<h2>{_e(t("gaps", lang))}</h2><ul class="items">{"".join(items)}</ul>'


# Lists rather than tables: names run across the page's width, so a copied name is never
# interleaved with a neighbouring column's words.
def _suggestions(brief: Brief) -> str:
    lang = brief.lang
    if not brief.suggestions:
        return f"<h2>{_e(t('suggestions', lang))}</h2><p>{_e(t('no_suggestions', lang))}</p>"
    items = "".join(
        f"<li><b>{_e(s.source)}</b> → <b>{_e(s.target)}</b>"
        f' <span class="subjects">({_e(t("score", lang))} {s.score:.2f})</span>'
        f"<br>{_e(s.th if lang == 'th' else s.en)}</li>"
        for s in brief.suggestions
    )
    return f'<h2>{_e(t("suggestions", lang))}</h2><ul class="items">{items}</ul>'


def _partnerships(brief: Brief) -> str:
    lang = brief.lang
    if not brief.partnerships:
        return f"<h2>{_e(t('partnerships', lang))}</h2><p>{_e(t('no_partnerships', lang))}</p>"
    items = "".join(
        f"<li><b>{_e(p.source)}</b> — <b>{_e(p.target)}</b>: {_e(t(p.state, lang))}"
        + (
            f" ({_e(t('decided', lang))} {_e(thai_date(p.decided_on, lang))})"
            if p.decided_on
            else ""
        )
        + (f"<br><span class='subjects'>{_e(p.note)}</span>" if p.note else "")
        + "</li>"
        for p in brief.partnerships
    )
    return f'<h2>{_e(t("partnerships", lang))}</h2><ul class="items">{items}</ul>'


def _proposals(brief: Brief) -> str:
    lang = brief.lang
    if not brief.proposals:
        return f"<h2>{_e(t('proposals', lang))}</h2><p>{_e(t('no_proposals', lang))}</p>"
    counts: dict[str, int] = {}
    for p in brief.proposals:
        counts[p.status] = counts.get(p.status, 0) + 1
    summary = " · ".join(f"{_e(_status(k, lang))} {n:,}" for k, n in counts.items())
    items = "".join(
        f"<li><b>{_e(p.title)}</b> · {_e(t('status', lang))}: {_e(_status(p.status, lang))}"
        + (f" · {_e(t('raised', lang))} {_e(thai_date(p.raised_on, lang))}" if p.raised_on else "")
        + f'<br><span class="subjects">{_e(t("by", lang))}: {_e(p.proposed_by)}'
        f" · {_e(t('to', lang))}: {_e(p.submitted_to)}</span></li>"
        for p in brief.proposals[:MAX_PROPOSALS_SHOWN]
    )
    more = len(brief.proposals) - MAX_PROPOSALS_SHOWN
    if more > 0:
        note = t("more_proposals", lang).format(n=f"{more:,}")
        items += f'<li class="subjects">{_e(note)}</li>'
    return (
        f'<h2>{_e(t("proposals", lang))}</h2><p class="meta">{summary}</p>'
        f'<ul class="items">{items}</ul>'
    )


def _status(status: str, lang: Lang) -> str:
    names = _STATUS.get(status, (status, status))
    return names[0] if lang == "th" else names[1]


def write_brief(brief: Brief, path: Path) -> Path:
    """Write the brief as `.html` or `.pdf` (the same document, printed by Chromium)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        from partnernet.foundation.errors import InvalidInput

        raise InvalidInput(f"a brief is .pdf or .html, not {target.name!r}")
    document = brief_html(brief)
    if suffix == ".pdf":
        from partnernet.visualizations.pdf import html_to_pdf

        return html_to_pdf(document, target)
    target.write_text(document, encoding="utf-8")
    return target
