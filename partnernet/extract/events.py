"""Events, proposals and partnerships in Thai reports.

* **Event**: the report's event is named on the first line with a full date (usually the
  dateline): an event word (เวที, ประชุม, สัมมนา, อบรม, เสวนา, สมัชชา, ลงนาม, ...), preferably
  after จัด/เข้าร่วม/ร่วม, with its quoted title; the place is the phrase after ``ณ``; the
  participant count is read from ``มีผู้เข้าร่วม(กว่า|ประมาณ…) N คน``; organisers are the
  organisations that ``จัด`` it (or host it at their office), participants the other
  organisations of that paragraph.
* **Proposals**: numbered lists (``1. … 2. …`` or ``1) … 2) …``, numbers in sequence, on one
  or several lines) whose heading has a proposal word (ข้อเสนอ, แนวทาง, สังเคราะห์, มติ, ...)
  as its last cue word (not วัตถุประสงค์, กำหนดการ, รายชื่อ ...).
* **Partnerships**: cue words with organisations on either side, in one line: MOU / ลงนาม
  (บันทึก)ความร่วมมือ → ``mou``; จับมือ, ความร่วมมือ, ร่วมกับ → ``joint_project`` (or
  ``co_organised`` when they organise something together); data sharing; technical support;
  ``สนับสนุน`` → SUPPORTS (FUNDS with งบประมาณ/ทุน), direction from the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from partnernet.extract.dates import DateFound, full_dates, in_speech
from partnernet.extract.organizations import OrgMention
from partnernet.extract.sentences import Doc, add_dictionary_words, words
from partnernet.foundation.thai import normalize_text
from partnernet.graph.issues import issues

_EVENT_WORDS: Final = (
    "ประชุมเชิงปฏิบัติการ", "ประชุม", "สัมมนา", "เวที", "ฝึกอบรม", "อบรม", "เสวนา", "มหกรรม",
    "สมัชชา", "ลงนาม", "ศึกษาดูงาน", "แถลงข่าว", "พิธี", "ลงพื้นที่", "ประชุมหารือ",
    "เปิดโครงการ", "เปิดงาน", "พิธีเปิด", "ส่งมอบ", "มอบ", "ประกาศเจตนารมณ์", "ยื่นหนังสือ",
    "เยี่ยมชม", "จัดงาน", "ระดมทุน", "รับฟังความคิดเห็น", "กิจกรรม", "จัดกิจกรรม", "ชุมนุม", "รณรงค์",
    "ยื่นข้อเรียกร้อง", "ยื่นข้อเสนอ", "จัดขึ้น",
)  # fmt: skip
add_dictionary_words(_EVENT_WORDS)  # "เปิดโครงการ" stays one word (not โครง|การบ้าน)
_LEAD_CHARS: Final = 800  # the event's date is in the lead of a news text
_LEAD_LINES: Final = 3  # a leading date's event may be this many lines further
_LEAD_REACH: Final = 600
_EVENT_RE: Final = re.compile(
    "(?:การ)?(?:" + "|".join(re.escape(w) for w in sorted(_EVENT_WORDS, key=len)[::-1]) + ")"
)
_ORGANISING: Final = re.compile(r"(?:จัด|เข้าร่วม|ร่วม|เปิด|ร่วมกันจัด)(?:การ)?$")
_PLACE_STOP: Final = words(
    "มี เป็น ได้ เพื่อ โดย ซึ่ง จัด เข้าร่วม หารือ กล่าว นำเสนอ ประชุม เวที วันที่ ระหว่าง เมื่อ ทั้งนี้ โดยมี "
    "ร่วม ได้แก่ สัมมนา อบรม"
)
_PLACE_MAX: Final = 160
_COUNT: Final = re.compile(
    r"(?:มี)?ผู้เข้าร่วม(?:ประชุม|งาน|กิจกรรม|เวที|สัมมนา|อบรม)?\s?"
    r"(?P<qual>ทั้งสิ้น|ทั้งหมด|รวม|จำนวน|ประมาณ|มากกว่า|กว่า|เกือบ|ราว|ราวๆ|ราว ๆ)?\s?"
    r"(?P<n>\d[\d,]*)\s?(?:คน|ราย|ท่าน)"
    r"|(?P<n2>\d[\d,]*)\s?(?:คน|ราย|ท่าน)\s?(?:เข้าร่วม)"
)
_ORGANISED_BY: Final = re.compile(r"\s?(?:ได้)?(?:ร่วมกัน)?(?:ร่วม)?จัด")
_ORGANISED_BY_AFTER: Final = re.compile(r"(?:จัดโดย|เจ้าภาพโดย)\s?$")


@dataclass
class EventFound:
    title: str
    start: int
    end: int
    first_day: date | None
    last_day: date | None
    place: str | None = None
    place_span: tuple[int, int] | None = None
    count: int | None = None
    count_text: str | None = None
    paragraph: tuple[int, int] = (0, 0)
    date_basis: str = "written"
    date_in_line: bool = True  # the date is written in the event's own line
    organisers: list[OrgMention] = field(default_factory=list)
    participants: list[OrgMention] = field(default_factory=list)


def find_event(
    doc: Doc,
    orgs: Sequence[OrgMention],
    dates: Sequence[DateFound] | None = None,
    lead: DateFound | None = None,
) -> EventFound | None:
    """The report's event: the first date of the lead (not in reported speech) with an event
    word in its line or the next; a date that leads the text (a dateline, a line of its own)
    may have its event a few lines further down."""
    text = doc.text
    if dates is None:
        dates = full_dates(doc)
    horizon = max(_LEAD_CHARS, len(text) // 3)
    chosen: tuple[DateFound, tuple[int, int], int, int] | None = None
    for d in dates:
        if d.start > horizon:
            break
        if in_speech(doc, d.start):
            continue
        ls, le = doc.line_start(d.start), doc.line_end(d.start)
        lines = [(ls, le)]
        reach = _LEAD_LINES if (d == lead or d.start - ls < 15) else 1
        pos = le
        while len(lines) <= reach and pos < len(text) and pos - le < _LEAD_REACH:
            nxt = (pos + 1, doc.line_end(pos + 1))
            lines.append(nxt)
            pos = nxt[1]
        for lo, hi in lines:
            if lo > le and any(lo <= o.start < hi for o in dates if not in_speech(doc, o.start)):
                break  # a line further down with a date of its own: that date is its event's
            word = _event_word(doc, lo, hi)
            if word is not None:
                chosen = (d, word, lo, hi)
                break
        if chosen is not None:
            break
    if chosen is None:
        return None
    first, (w_start, w_end), ls, le = chosen
    title_end = _title_end(doc, w_start)
    event = EventFound(
        title=normalize_text(text[w_start:title_end]),
        start=w_start,
        end=title_end,
        first_day=first.first,
        last_day=first.last,
        paragraph=(ls, le),
        date_basis=first.basis,
        date_in_line=doc.line_start(first.start) == ls,
    )
    place = _place(doc, w_end, le) or _place(doc, ls, le)
    if place is not None:
        event.place_span = place
        event.place = normalize_text(text[place[0] : place[1]])
    count = _COUNT.search(text, ls, le)
    if count is not None:
        raw_n = count.group("n") or count.group("n2")
        event.count = int(raw_n.replace(",", ""))
        event.count_text = normalize_text(count.group())
    event.paragraph = (ls, _sentence_end(doc, title_end, le))
    _roles(doc, event, orgs)
    return event


def _sentence_end(doc: Doc, pos: int, le: int) -> int:
    """Roughly where the event's sentence ends: a little after the title, and before a
    numbered list."""
    end = min(le, pos + 150)
    marker = _MARKER.search(doc.text, pos, end)
    return marker.start() if marker else end


def _event_word(doc: Doc, ls: int, le: int) -> tuple[int, int] | None:
    if le <= ls:
        return None
    found: list[tuple[int, int, bool]] = []
    for m in _EVENT_RE.finditer(doc.text, ls, le):
        if not (doc.is_boundary(m.start()) and doc.is_boundary(m.end())):
            continue
        before = doc.text[max(ls, m.start() - 12) : m.start()].rstrip()
        found.append((m.start(), m.end(), bool(_ORGANISING.search(before))))
    if not found:
        return None
    preferred = [f for f in found if f[2]] or found
    return preferred[0][0], preferred[0][1]


def _title_end(doc: Doc, start: int) -> int:
    text = doc.text
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    rest = text[end : end + 3]
    if rest[:1] == " " and rest[1:2] in ("“", '"'):
        close = text.find("”" if rest[1] == "“" else '"', end + 2, end + 300)
        if close > 0:
            return close + 1
    quote = text.find("“", start, end)
    if quote >= 0:
        close = text.find("”", quote, quote + 300)
        if close > 0:
            return close + 1
    return end


def _place(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    text = doc.text
    m = re.compile(r"(?:^|(?<=\s))ณ\s?(?=[^\s\d])").search(text, lo, hi)
    if m is None:
        return None
    start = m.end()
    end = start
    pos = start
    while pos < hi and end - start < _PLACE_MAX:
        chunk_end = pos
        while chunk_end < hi and not text[chunk_end].isspace():
            chunk_end += 1
        words = [t.text for t in doc.tokens_from(pos) if t.end <= chunk_end]
        if pos > start and any(w in _PLACE_STOP for w in words):
            break
        if any(w in _PLACE_STOP for w in words[1:]):
            stop = next(t.start for t in doc.tokens_from(pos) if t.text in _PLACE_STOP)
            end = max(end, stop)
            break
        end = chunk_end
        pos = chunk_end + 1
    return (start, end) if end > start else None


def _roles(doc: Doc, event: EventFound, orgs: Sequence[OrgMention]) -> None:
    text = doc.text
    ls, le = event.paragraph
    in_para = [m for m in orgs if ls <= m.start < le]
    organisers: dict[str, OrgMention] = {}
    for m in in_para:
        if _ORGANISED_BY.match(text, m.end) or _ORGANISED_BY_AFTER.search(
            text[max(ls, m.start - 12) : m.start]
        ):
            organisers.setdefault(m.id, m)
    venue = event.place_span
    at_venue = [m for m in in_para if venue and venue[0] <= m.start < venue[1]]
    if not organisers:
        for m in at_venue:
            organisers.setdefault(m.id, m)
    event.organisers = list(organisers.values())
    venue_ids = {m.id for m in at_venue}
    seen = set(organisers) | venue_ids
    for m in in_para:
        if m.id not in seen:
            seen.add(m.id)
            event.participants.append(m)


# ---------------------------------------------------------------------------- proposals

_MARKER: Final = re.compile(r"(?:^|(?<=\s))(?P<n>\d{1,2})\s?[.)]\s?(?=[^\d\s.)])", re.M)
_CUES: Final = re.compile(
    r"(?P<pro>ข้อเสนอแนะ|ข้อเสนอ|เสนอ|ข้อเรียกร้อง|เรียกร้อง|แนวทาง|สังเคราะห์|ข้อสรุป|มติ|"
    r"ข้อตกลง|ข้อคิดเห็น)|(?P<anti>วัตถุประสงค์|กำหนดการ|รายชื่อ|ผู้เข้าร่วม|ผู้ร่วม)"
)
# an item names its model outright; a heading may just speak of บูรณาการ / จัดการตนเอง
_ITEM_MODELS: Final = (
    ("integrated_province", re.compile(r"จังหวัดบูรณาการ")),
    ("self_governing_province", re.compile(r"จังหวัดจัดการตนเอง")),
)
_HEADING_MODELS: Final = (
    ("integrated_province", re.compile(r"บูรณาการ")),
    ("self_governing_province", re.compile(r"จัดการตนเอง")),
)
_MAX_GAP: Final = 1500


@dataclass
class ProposalFound:
    number: int
    start: int
    end: int
    text: str
    heading: str
    model: str | None
    issues: list[str]


def find_proposals(doc: Doc) -> list[ProposalFound]:
    text = doc.text
    marks = list(_MARKER.finditer(text))
    lists: list[list[re.Match[str]]] = []
    for m in marks:
        n = int(m.group("n"))
        current = lists[-1] if lists else None
        if (
            current
            and n == int(current[-1].group("n")) + 1
            and m.start() - current[-1].end() < _MAX_GAP
        ):
            current.append(m)
        elif n == 1:
            lists.append([m])
    out: list[ProposalFound] = []
    for items in lists:
        if len(items) < 2:
            continue
        heading = _heading(doc, items[0].start())
        if not _is_proposal_heading(heading):
            continue
        list_model = _model(heading)
        for i, m in enumerate(items):
            end = items[i + 1].start() if i + 1 < len(items) else doc.line_end(m.end())
            body = text[m.end() : end].strip()
            if not body:
                continue
            stop = m.end() + len(text[m.end() : end].rstrip())
            out.append(
                ProposalFound(
                    number=int(m.group("n")),
                    start=m.end(),
                    end=stop,
                    text=normalize_text(body),
                    heading=heading,
                    model=_item_model(body) or list_model,
                    issues=_issues_in(doc, m.end(), stop),
                )
            )
    return out


def _heading(doc: Doc, first: int) -> str:
    ls = doc.line_start(first)
    lo = ls if first - ls > 3 else doc.line_start(max(0, ls - 1))
    return normalize_text(doc.text[max(lo, first - 400) : first])


def _is_proposal_heading(heading: str) -> bool:
    cues = list(_CUES.finditer(heading))
    return bool(cues) and cues[-1].group("pro") is not None


def _model(
    text: str, models: Sequence[tuple[str, re.Pattern[str]]] = _HEADING_MODELS
) -> str | None:
    """The one model the text speaks of (None when it names none or both)."""
    found = [name for name, rx in models if rx.search(text)]
    return found[0] if len(found) == 1 else None


def _item_model(text: str) -> str | None:
    return _model(text, _ITEM_MODELS)


def _issues_in(doc: Doc, start: int, end: int) -> list[str]:
    text = doc.text
    codes: list[str] = []
    for issue in issues():
        for name in (issue.name_th, *issue.aliases):
            if len(name) < 4 or not re.search(r"[\u0e01-\u0e4e]", name):
                continue
            for m in re.finditer(re.escape(name), text[start:end]):
                s, e = start + m.start(), start + m.end()
                if doc.is_boundary(s) and doc.is_boundary(e):
                    if issue.code not in codes:
                        codes.append(issue.code)
                    break
    return codes


# ---------------------------------------------------------------------------- partnerships

_PARTNER_CUES: Final = re.compile(
    r"(?P<mou>ลงนาม(?:ใน)?(?:บันทึก)?(?:ข้อตกลง)?(?:ความ)?(?:ร่วมมือ|เข้าใจ)?|"
    r"บันทึกข้อตกลง(?:ความร่วมมือ)?|บันทึกความ(?:ร่วมมือ|เข้าใจ)|\bMO[Uu]\b|M\.O\.U\.)"
    r"|(?P<data>แลกเปลี่ยนข้อมูล|เชื่อมโยงข้อมูล|ใช้ข้อมูลร่วมกัน|แบ่งปันข้อมูล)"
    r"|(?P<tech>สนับสนุนทางวิชาการ|สนับสนุนด้านวิชาการ|สนับสนุนวิชาการ|ให้คำปรึกษา)"
    r"|(?P<received>ได้รับ(?:การ)?สนับสนุน(?:งบประมาณ|ทุน)?(?:จาก)?)"
    r"|(?P<support>สนับสนุน(?:งบประมาณ|ทุน)?)"
    r"|(?P<joint>จับมือ(?:กับ)?|ความร่วมมือ(?:ระหว่าง|กับ)|ร่วมมือกับ)"
    r"|(?P<with>ร่วมกับ)"
)
_LEFT: Final = 100
_RIGHT: Final = 60


@dataclass
class PartnershipFound:
    source: OrgMention
    target: OrgMention
    type: str
    form: str | None
    cue_start: int
    cue_end: int
    cue: str


def find_partnerships(doc: Doc, orgs: Sequence[OrgMention]) -> list[PartnershipFound]:
    text = doc.text
    out: list[PartnershipFound] = []
    for m in _PARTNER_CUES.finditer(text):
        cue = m.lastgroup or ""
        ls, le = doc.line_start(m.start()), doc.line_end(m.start())
        left = sorted(
            (o for o in orgs if max(ls, m.start() - _LEFT) <= o.start and o.end <= m.start()),
            key=lambda o: -o.end,
        )[:2]
        right = sorted(
            (o for o in orgs if m.end() <= o.start < min(le, m.end() + _RIGHT)),
            key=lambda o: o.start,
        )[:2]
        pairs: list[tuple[OrgMention, OrgMention]] = []
        if left and right:
            pairs = [(left[0], right[0])]
            if cue in ("mou", "joint") and len(left) == 2 and _joined(text, left[1], left[0]):
                pairs.append((left[1], right[0]))
            if (
                cue in ("mou", "joint", "with")
                and len(right) == 2
                and _joined(text, right[0], right[1])
            ):
                pairs.append((left[0], right[1]))
        elif cue in ("mou", "joint", "data") and len(right) == 2:
            pairs = [(right[0], right[1])]
        elif cue in ("mou", "joint", "data") and len(left) == 2:
            pairs = [(left[1], left[0])]
        after = text[m.end() : min(le, m.end() + 60)]
        for a, b in pairs:
            if a.id == b.id:
                continue
            type_, form = "PARTNERS_WITH", None
            if cue == "mou":
                form = "mou"
            elif cue == "data":
                form = "data_sharing"
            elif cue == "tech":
                form = "technical_support"
            elif cue == "joint":
                form = "joint_project"
            elif cue == "with":
                form = (
                    "co_organised"
                    if re.match(r"\s?(?:ได้)?(?:ร่วมกัน)?จัด", after)
                    or (re.search(r"จัด", text[b.end : b.end + 20]))
                    else "joint_project"
                )
            elif cue in ("support", "received"):
                funds = bool(re.search(r"งบประมาณ|ทุน|เงิน", m.group() + after[:20]))
                type_ = "FUNDS" if funds else "SUPPORTS"
                if cue == "received":
                    a, b = b, a
            out.append(
                PartnershipFound(a, b, type_, form, m.start(), m.end(), normalize_text(m.group()))
            )
    return out


def _joined(text: str, first: OrgMention, second: OrgMention) -> bool:
    return re.fullmatch(r"\s?(?:และ|กับ|,)?\s?", text[first.end : second.start]) is not None
