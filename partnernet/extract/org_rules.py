"""General rules for organisation names that :mod:`organizations` applies to its candidates.

* **Classes** (``สภาองค์กรชุมชนตำบล``, ``เครือข่ายองค์กรชุมชน``, ``กองทุนสวัสดิการชุมชน`` written
  in general): one entity per class, kept apart from every named organisation (its id has no
  area), flagged ``generic`` and below the review threshold, so that ``extract`` shows that
  the text speaks of them but a plain ``ingest`` writes no node for them.
* **Counters**: a head after a number (``22 กองทุน``, ``5 เครือข่าย``) counts things; it is not
  a name.
* **A name closed by its area**: ``คณะกรรมการสนับสนุนการขับเคลื่อนสวัสดิการชุมชนจังหวัดตรัง`` --
  when the unbroken chunk after a head ends with ``จังหวัด``/``จ.`` and a province, the whole
  chunk is the name, even over words that would otherwise end it (สนับสนุน, โดย ...), unless
  it holds a conjunction (และ, กับ) that joins two names.
* **Known identity**: a name whose core (without a bracketed acronym or legal suffix) or
  whose bracketed acronym is a known national organisation *is* that organisation
  (``สถาบันพัฒนาองค์กรชุมชน (พอช.)`` is CODI, an agency, never an academic institute), and a
  head followed by a known acronym whose name starts with that head (``กระทรวง พม.``,
  ``กรม พช.``) is the known organisation; a national acronym followed by a province
  (``พช.พัทลุง``, ``พม.น่าน``) is that province's office (the office lists the acronym
  among its aliases in ``acronyms.csv``).
* **และ inside an office's name**: ``สำนักพัฒนาองค์ความรู้และสื่อสารองค์กร`` -- in one
  unbroken chunk, และ followed by words that are no organisation goes on with the name.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Final

from partnernet.extract.gazetteer import Candidate, OrgSpec, known_def, name_end, spec_from_def
from partnernet.extract.places import province_at
from partnernet.extract.sentences import Doc, words
from partnernet.foundation.thai import find_thai_dates, normalize_text
from partnernet.graph.model import NodeKind

CLASS_CONFIDENCE: Final = 0.5

# (pattern, kind, type, council level)
_CLASSES: Final = (
    (
        r"สภาองค์กรชุมชน(?:\s?(?:ระดับ)?(?:ตำบล|อำเภอ|จังหวัด))?",
        NodeKind.COUNCIL, None, None,
    ),
    (
        r"(?:เครือข่าย|สหพันธ์|ขบวน)(?:สภา)?องค์กรชุมชน",
        NodeKind.CIVIL_SOCIETY_GROUP, "network", None,
    ),
    (
        r"(?:เครือข่าย)?กองทุนสวัสดิการชุมชน",
        NodeKind.COMMUNITY_ORGANIZATION, "fund", None,
    ),
)  # fmt: skip
_CLASS_RE: Final = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, *_) in enumerate(_CLASSES)))
_LEVELS: Final = (("ตำบล", "subdistrict"), ("อำเภอ", "district"), ("จังหวัด", "provincial"))
_NUMBER_BEFORE: Final = re.compile(
    # a count, not a year: "22 กองทุน", "1,200 กลุ่ม" (but "…2565 กลุ่มจังหวัด…" is a date's end)
    r"(?:(?<![\d,])\d{1,3}(?:,\d{3})*|หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ร้อย|พัน|หลาย|ทุก)\s?$"
)
_JOINS: Final = words("และ กับ ร่วมกับ หรือ ตลอดจน รวมทั้ง")
# "เครือข่ายสลัม 4 ภาค", "…สี่ภาค": the regions a body spans are part of its name
_REGIONS_SPANNED: Final = re.compile(r"\s?(?:\d|สอง|สาม|สี่|ห้า|หก)\s?ภาค")

# "มูลนิธิเพื่อการพัฒนาเด็ก", "ขบวนการประชาชนเพื่อสังคมที่เป็นธรรม": a purpose (เพื่อ + a
# noun) inside an unbroken chunk is part of a civil-society name
PURPOSE: Final = re.compile(
    r"เพื่อ(?=การ|ความ|สังคม|ชุมชน|ผู้|คน|เด็ก|สิทธิ|สุขภาพ|ท้องถิ่น|สันติ|ประชาธิปไตย|สิ่งแวดล้อม|ที่อยู่อาศัย)"
)

PURPOSE_HEADS: Final = frozenset(
    {"เครือข่าย", "ขบวนการ", "มูลนิธิ", "สมาคม", "สหพันธ์", "ชมรม", "สถาบัน", "ศูนย์"}
)

_PURPOSE_STOP: Final = words("ได้ จัด ร่วม ร่วมกับ กล่าว เข้าร่วม ยื่น เสนอ ประกาศ นำ นำโดย ซึ่ง โดย ณ")


def class_candidates(doc: Doc) -> list[Candidate]:
    """Classes of organisations written in general (see the module docstring)."""
    text = doc.text
    out: list[Candidate] = []
    for m in _CLASS_RE.finditer(text):
        start, end = m.span()
        if start > 0 and "\u0e01" <= text[start - 1] <= "\u0e4e" and not doc.is_boundary(start):
            continue
        if counted(doc, start):
            continue
        i = int((m.lastgroup or "c0")[1:])
        _, kind, type_, _level = _CLASSES[i]
        written = normalize_text(m.group())
        # one class however it is written: สภาองค์กรชุมชนระดับจังหวัด = สภาองค์กรชุมชนจังหวัด
        name = written.replace(" ", "").replace("ระดับ", "")
        spec = OrgSpec(name=name, kind=kind, type=type_, generic_class=True)
        if written != name:
            spec.aliases.add(written)
        if kind is NodeKind.COUNCIL:
            spec.level = next((lv for w, lv in _LEVELS if name.endswith(w)), "subdistrict")
        out.append(Candidate(start, end, spec, "class"))
    return out


def counted(doc: Doc, start: int) -> bool:
    """Whether the word at ``start`` follows a number (a counter, not a name); the year that
    ends a date ("3 ก.พ. 67 เครือข่าย…") is no count."""
    before = doc.text[max(0, start - 40) : start]
    m = _NUMBER_BEFORE.search(before)
    if m is None:
        return False
    dates = find_thai_dates(before)
    return not any(s <= m.start() < e for s, e, *_ in dates)


def area_closed_end(doc: Doc, body: int, end: int) -> int:
    """Where a name ends when the unbroken chunk from ``body`` ends with a province."""
    text = doc.text
    chunk_end = body
    while chunk_end < len(text) and not text[chunk_end].isspace() and text[chunk_end] not in "()":
        chunk_end += 1
    if chunk_end <= end or chunk_end - body > 90:
        return end
    for tok in doc.tokens_from(end):
        if tok.start >= chunk_end:
            break
        if tok.text in _JOINS:
            return end
    for marker in ("จังหวัด", "จ."):
        pos = text.rfind(marker, end, chunk_end)
        if pos < 0:
            continue
        found = province_at(doc, pos + len(marker))
        if found is not None and found[0] == chunk_end:
            return chunk_end
    return end


def known_identity(spec: OrgSpec, abbr: str | None = None) -> OrgSpec:
    """The known national organisation this name is, or ``spec`` unchanged."""
    core = re.sub(r"\s?\([^)]*\)$", "", spec.name)
    for surface in (spec.name, core, abbr):
        d = known_def(surface) if surface else None
        if d is not None and d.scope == "national":
            known = spec_from_def(d)
            known.aliases |= {spec.name, *spec.aliases} - {known.name}
            return known
    return spec


def head_with_acronym(doc: Doc, start: int, head: str) -> Candidate | None:
    """``กระทรวง พม.`` / ``กระทรวงพม.``: a head and the acronym of a known organisation
    whose name starts with that head."""
    text = doc.text
    pos = start + len(head)
    if text.startswith(" ", pos):
        pos += 1
    m = re.match(r"[ก-ฮ]{1,6}\.(?:[ก-ฮ]{1,5}\.)*", text[pos:])
    if m is None:
        return None
    d = known_def(m.group())
    if d is None or d.scope != "national" or not d.name_th.startswith(head):
        return None
    spec = spec_from_def(d)
    written = normalize_text(text[start : pos + m.end()])
    spec.aliases |= {written, written.replace(" ", "")}
    return Candidate(start, pos + m.end(), spec, "gazetteer")


def joined_by_and(doc: Doc, end: int, heads: Container[str]) -> int:
    """``สำนักพัฒนาองค์ความรู้และสื่อสารองค์กร``: an office's name that joins two fields with
    และ inside one unbroken chunk goes on over it, unless what follows และ is another
    organisation (a head word or a known acronym) or is cut again by a stop word."""
    text = doc.text
    if not text.startswith("และ", end) or not doc.is_boundary(end + 3):
        return end
    rest = end + 3
    chunk_end = rest
    while chunk_end < len(text) and not text[chunk_end].isspace():
        chunk_end += 1
    if not 2 <= chunk_end - rest <= 40 or name_end(doc, rest) != chunk_end:
        return end
    for tok in doc.tokens_from(rest):
        if tok.start >= chunk_end:
            break
        if any(tok.text.startswith(h) for h in ("สภา", "เครือข่าย")) or tok.text in heads:
            return end
        if known_def(tok.text) is not None:
            return end
    return chunk_end


def after_abbr(text: str, pos: int) -> int:
    """Past one space at ``pos``."""
    return pos + 1 if text.startswith(" ", pos) else pos


def regions_spanned(doc: Doc, end: int) -> int:
    """Past "4 ภาค" / "สี่ภาค" right after a name (when ภาค ends a word)."""
    spanned = _REGIONS_SPANNED.match(doc.text, end)
    if spanned is None or not doc.is_boundary(spanned.end()):
        return end
    return spanned.end()


def purpose_end(doc: Doc, pos: int) -> int:
    """The end of a name going on with its purpose at ``pos``: the unbroken chunk, up to a
    verb that starts the sentence's predicate."""
    text = doc.text
    chunk_end = pos
    while chunk_end < len(text) and not text[chunk_end].isspace() and text[chunk_end] not in "()":
        chunk_end += 1
    for tok in doc.tokens_from(pos + len("เพื่อ")):
        if tok.start >= chunk_end:
            break
        if tok.text in _PURPOSE_STOP:
            return tok.start
    return chunk_end
