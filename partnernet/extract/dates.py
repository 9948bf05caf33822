"""Dates in Thai news: which date is the event's, and a year for dates written without one.

* Full dates and ranges (also across months, Thai digits, two-digit BE years, ``วันที่``,
  ``เมื่อวันที่``, weekday names) are read by :func:`thai.find_thai_dates`.
* A day and month without a year (``วันที่ 21 ธ.ค.``, ``13 เมษายนที่ผ่านมา``) takes its year
  from an *anchor*: the text's dateline (``ขอนแก่น / 22 มี.ค. 66``, or a line holding only a
  date near the top) or else the publication date given to ``extract --published``. The year
  chosen puts the date closest to the anchor, and the date says which anchor it used
  (``basis``: ``written`` | ``dateline`` | ``published``). With no anchor it is not a date.
* A date in reported speech (after ``กล่าวว่า``, ``เปิดเผยว่า`` ... in the same line) tells
  the speaker's story (the day of a flood), not the report's event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from partnernet.extract.sentences import Doc
from partnernet.foundation.thai import find_thai_dates

_MONTHS: Final = (
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
)  # fmt: skip
_MONTH_OF: Final = {name: i for i, names in enumerate(_MONTHS, start=1) for name in names}
_MONTH_RE: Final = "|".join(re.escape(n) for n in sorted(_MONTH_OF, key=len, reverse=True))
_WEEKDAY: Final = "(?:อาทิตย์|จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์)"
# a day and month written with วันที่ (or a weekday), and no year after them
_YEARLESS: Final = re.compile(
    rf"(?:วันที่|วัน{_WEEKDAY}(?:ที่)?|วันนี้\s?\()\s?(?P<d>\d{{1,2}})\s?(?P<m>{_MONTH_RE})"
    rf"(?!\s?,?\s?(?:พ\.?\s?ศ\.?\s?|ค\.?\s?ศ\.?\s?)?\d)"
)
_SPEECH: Final = re.compile(r"(?:กล่าว|เปิดเผย|ระบุ|เผย|บอก|เล่า|ชี้แจง|อธิบาย)(?:ด้วย)?ว่า")
_DATE_LINE_REST: Final = re.compile(
    # the rest of a line that holds only a date (and perhaps its time: "เวลา 06:43 น.")
    r"^[\s()\[\]/,.:|–-]*(?:วันที่|วัน\S{0,12}ที่|เมื่อ)?\s?"
    r"(?:เวลา\s?\d{1,2}[.:]\d{2}\s?(?:น\.)?)?\s?$"
)
_TOP_LINES: Final = 3


@dataclass(frozen=True)
class DateFound:
    start: int
    end: int
    first: date
    last: date
    basis: str  # written | dateline | published


# "กรุงเทพฯ/12 มีนาคม 68": a dateline's slash glued to the day (a slash between digits is a
# fraction or a house number, and stays one)
_GLUED_SLASH: Final = re.compile(r"(?<=[ก-๛])/(?=\d)")


def find_dates(text: str) -> list[tuple[int, int, date, date]]:
    """:func:`thai.find_thai_dates`, also after a dateline's glued slash (same offsets)."""
    return find_thai_dates(_GLUED_SLASH.sub(" ", text))


def full_dates(doc: Doc) -> list[DateFound]:
    return [DateFound(s, e, f, last, "written") for s, e, f, last in find_dates(doc.text)]


def lead_date(doc: Doc, dates: list[DateFound]) -> DateFound | None:
    """A date standing alone on one of the first lines (the news item's date)."""
    text = doc.text
    line_starts = [0]
    while len(line_starts) < _TOP_LINES:
        nxt = text.find("\n", line_starts[-1])
        if nxt < 0:
            break
        line_starts.append(nxt + 1)
    top_end = doc.line_end(line_starts[-1])
    for d in dates:
        if d.start >= top_end:
            break
        ls, le = doc.line_start(d.start), doc.line_end(d.start)
        if _DATE_LINE_REST.match(text[ls : d.start]) and _DATE_LINE_REST.match(text[d.end : le]):
            return d
    return None


def yearless_dates(doc: Doc, anchor: date | None, basis: str) -> list[DateFound]:
    """Days and months without a year, dated by ``anchor`` (none without one)."""
    if anchor is None:
        return []
    out: list[DateFound] = []
    for m in _YEARLESS.finditer(doc.text):
        day, month = int(m["d"]), _MONTH_OF[m["m"]]
        best: date | None = None
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                cand = date(year, month, day)
            except ValueError:
                continue
            if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
                best = cand
        if best is not None:
            out.append(DateFound(m.start("d"), m.end("m"), best, best, basis))
    return out


def in_speech(doc: Doc, pos: int) -> bool:
    """Whether ``pos`` is inside reported speech: a speaking verb + ว่า earlier in its line."""
    return _SPEECH.search(doc.text, doc.line_start(pos), pos) is not None


def event_dates(
    doc: Doc, dateline: date | None, published: date | None
) -> tuple[list[DateFound], DateFound | None]:
    """Every date of the text in order (yearless ones anchored), and the lead date."""
    written = full_dates(doc)
    lead = lead_date(doc, written)
    anchor: date | None
    if dateline is not None:
        anchor, basis = dateline, "dateline"
    elif lead is not None:
        anchor, basis = lead.first, "dateline"
    else:
        anchor, basis = published, "published"
    taken = [(d.start, d.end) for d in written]
    extra = [
        d
        for d in yearless_dates(doc, anchor, basis)
        if all(d.end <= s or d.start >= e for s, e in taken)
    ]
    return sorted([*written, *extra], key=lambda d: d.start), lead
