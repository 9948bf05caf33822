"""Organisations in Thai reports: known names, head-word patterns, positions, the document's
own acronyms, and one entity per organisation.

Sources of candidates, all on newmm token boundaries:

* known names and acronyms with their area qualifiers (:mod:`report_gazetteer`);
* head words (สภาองค์กรชุมชน…, องค์การบริหารส่วน…, เทศบาล…, สำนักงาน…, สำนัก…, กระทรวง…,
  กรม…, เครือข่าย…, มูลนิธิ…, สมาคม…, ชมรม…, สหกรณ์…, วิสาหกิจชุมชน…, สภา…, มหาวิทยาลัย…,
  สถาบัน…, ...): the name runs until whitespace, punctuation or a stop word (และ, กับ, ที่,
  ใน, โดย, จาก, ได้, ...), may take a region or a full area phrase after one space and a
  legal suffix such as ``(องค์การมหาชน)``; names whose words after the head are all generic
  (``เครือข่ายสภาองค์กรชุมชน``, ``สภาพลเมือง``) are classes, not organisations, and councils
  need their area;
* the organisation inside a person's position (``หัวหน้าสำนักเลขายุทธศาสตร์และขบวนชุมชน
  เข้มแข็ง``), where stop words do not cut, since a position is one phrase;
* "full name (ABBR)" pairs: the acronym becomes an alias and its later mentions resolve;
* finally every name found is looked for again in the whole text.

Overlapping candidates keep the longest. Kind, type, level and province come from the head
and the name (a province, area or region inside it), from a location phrase that follows
(``สภาสาเกตุนคร จ.ร้อยเอ็ด``) and from the dateline (``ขอนแก่น สำนักงาน พอช.ภาคอีสาน /``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from partnernet.extract.gazetteer import (
    Candidate,
    OrgSpec,
    known_candidates,
    name_end,
    org_id,
    region_qualifier,
)
from partnernet.extract.org_rules import (
    PURPOSE,
    PURPOSE_HEADS,
    after_abbr,
    area_closed_end,
    class_candidates,
    counted,
    head_with_acronym,
    joined_by_and,
    known_identity,
    purpose_end,
    regions_spanned,
)
from partnernet.extract.people import PersonMention
from partnernet.extract.places import (
    Dateline,
    area_name_at,
    province_at,
    region_at,
)
from partnernet.extract.sentences import (
    Doc,
    add_dictionary_words,
    add_split_heads,
    compact_key,
    words,
)
from partnernet.foundation import geography as geo
from partnernet.foundation.thai import normalize_text
from partnernet.graph.model import NodeKind

A, C, S, U, P, K = (
    NodeKind.AGENCY,
    NodeKind.COUNCIL,
    NodeKind.CIVIL_SOCIETY_GROUP,
    NodeKind.ACADEMIC,
    NodeKind.PRIVATE_SECTOR,
    NodeKind.COMMUNITY_ORGANIZATION,
)
# head -> (kind, type, tier); the longest head that starts at a token boundary wins.
HEADS: Final[dict[str, tuple[NodeKind, str | None, str | None]]] = {
    "สภาองค์กรชุมชน": (C, None, None),
    "ขบวนองค์กรชุมชน": (S, "network", None),  # the community-organisation movement of an area
    "คณะประสานงาน": (S, "network", None),  # its coordinating body
    "สหพันธ์": (S, "network", None),
    "ขบวนการ": (S, "network", None),  # a people's movement
    "กลุ่มจังหวัด": (A, "other", "regional"),  # a cluster of provinces
    "สำนักข่าว": (S, "media", None),
    "หนังสือพิมพ์": (S, "media", None),
    "สถานีโทรทัศน์": (S, "media", None),
    "สถานีวิทยุ": (S, "media", None),
    "องค์การบริหารส่วนจังหวัด": (A, "pao", "provincial"),
    "องค์การบริหารส่วนตำบล": (A, "sao", "local"),
    "เทศบาลนคร": (A, "municipality", "local"),
    "เทศบาลเมือง": (A, "municipality", "local"),
    "เทศบาลตำบล": (A, "municipality", "local"),
    "เทศบาล": (A, "municipality", "local"),
    "ศาลากลางจังหวัด": (A, "governor_office", "provincial"),
    "สำนักงานจังหวัด": (A, "governor_office", "provincial"),
    "ที่ว่าการอำเภอ": (A, "other", "district"),
    "สำนักงาน": (A, "other", None),
    "สำนัก": (A, "other", None),
    "กระทรวง": (A, "ministry", "national"),
    "กรม": (A, "ministry", "national"),
    "ศูนย์": (A, "other", None),
    "คณะกรรมการ": (A, "committee", None),
    "คณะทำงาน": (A, "committee", None),  # a working group
    "ศูนย์ประสานงาน": (S, "network", None),  # a coordination centre (one dictionary word)
    "กอง": (A, "other", None),  # a division of an agency (กองกิจการสภา…)
    "โรงเรียน": (A, "school", "local"),
    "โรงพยาบาล": (A, "health", None),
    "สภาเกษตรกร": (A, "other", None),
    "มหาวิทยาลัย": (U, "university", None),
    "วิทยาลัย": (U, "college", None),
    "สถาบันการเงินชุมชน": (K, "community_financial_institution", None),
    "สถาบัน": (U, "research_institute", None),
    "เครือข่าย": (S, "network", None),
    "มูลนิธิ": (S, "foundation", None),
    "สมาคม": (S, "ngo", None),
    "สภา": (S, "civic_assembly", None),
    "ชมรม": (K, "club", None),
    "สหกรณ์": (K, "cooperative", None),
    "วิสาหกิจชุมชน": (K, "community_enterprise", None),
    "กองทุน": (K, "fund", None),
    "กลุ่ม": (K, "group", None),
    "บริษัท": (P, "company", None),
    "ธนาคาร": (P, "bank", None),
    "ห้างหุ้นส่วน": (P, "partnership", None),
}
_HEAD_RE: Final = re.compile(
    "|".join(re.escape(h) for h in sorted(HEADS, key=lambda h: (-len(h), h)))
)
# words that say nothing about which organisation is meant
GENERIC: Final = words(
    "ชุมชน องค์กร องค์กรชุมชน สภาองค์กรชุมชน ขบวน ขบวนองค์กรชุมชน ประชาชน ภาคประชาชน "
    "ประชาสังคม ภาคประชาสังคม ภาค ภาคี ภาคีเครือข่าย ต่าง ต่างๆ ๆ ระดับ จังหวัด ตำบล อำเภอ ท้องถิ่น "
    "พื้นที่ หน่วยงาน เครือข่าย พลเมือง การพัฒนา พัฒนา ร่วม ทั้ง ทั้งหมด นี้ ดังกล่าว กลาง หลัก ใหม่ เดิม "
    "การ งาน ทำงาน ภาครัฐ รัฐ เอกชน ภาคเอกชน วิชาการ การศึกษา สถาบันการศึกษา ทุก แต่ละ "
    "เป้าหมาย เฉพาะ ด้าน ฯ ฯลฯ สาขา ภูมิภาค ส่วนกลาง ต่างประเทศ ชุด ชุดใหม่ ชุดแรก ชุดนี้"
)
_NEEDS_AREA: Final = frozenset(
    {"กลุ่ม", "กองทุน", "ศูนย์", "ศูนย์ประสานงาน", "กอง", "โรงเรียน", "โรงพยาบาล"}
)
_LEGAL_SUFFIX: Final = re.compile(
    r"\s?\((?:องค์การมหาชน|มหาชน|ประเทศไทย)\)|\s?จำกัด(?:\s?\(มหาชน\))?(?![ก-๛])"
    r"|แห่งประเทศไทย|แห่งชาติ"  # สมาคม…แห่งประเทศไทย (แห่ง alone counts places: 300 แห่ง)
)
# "ภาคีเครือข่ายป่าชุมชน 60 พื้นที่", "ขบวนองค์กรชุมชน 17 จังหวัด": a name followed by a count
# of areas or bodies speaks of many organisations, a class, not one
_PLURAL_AFTER: Final = re.compile(
    r"\s?\d[\d,]*\s?(?:พื้นที่|แห่ง|จังหวัด|ตำบล|อำเภอ|ชุมชน|หมู่บ้าน|องค์กร|เครือข่าย|กลุ่ม)"
)
# "แต่ละเครือข่าย", "ทุกกลุ่ม": a quantifier before a head speaks of any of them, not one
_QUANTIFIERS: Final = words("แต่ละ ทุก หลาย บาง ทั้ง ทั้งหมด")
# position word -> (name prefix of the office it implies, agency type, English)
_IMPLIED: Final[dict[str, tuple[str, str, str]]] = {
    "ผู้ว่าราชการจังหวัด": ("ศาลากลางจังหวัด", "governor_office", "Provincial Governor's Office"),
    "ผวจ.": ("ศาลากลางจังหวัด", "governor_office", "Provincial Governor's Office"),
    "พัฒนาการจังหวัด": (
        "สำนักงานพัฒนาชุมชนจังหวัด", "cdd_office", "Provincial Community Development Office",
    ),
    "นายกเทศมนตรี": ("เทศบาล", "municipality", "Municipality"),
}  # fmt: skip
_ABBR_DEF: Final = re.compile(r"\s?\((?P<abbr>[ก-ฮ]{1,6}\.(?:[ก-ฮ]{1,5}\.)*|[A-Z]{2,10})\)")
ACRONYM: Final = re.compile(r"[ก-ฮ]{1,6}\.(?:[ก-ฮ]{1,5}\.)*")
_AREA_PHRASE: Final = re.compile(r"(จังหวัด|ตำบล|อำเภอ|เขต|แขวง)")
_CLUSTER_NUMBER: Final = re.compile(r" ?\d{1,2}(?![\d.,])")
_PLACE_IN_NAME: Final = re.compile(r"จังหวัด|ตำบล|อำเภอ|เขต|แขวง|บ้าน|หมู่|ชุมชน\S")
_LOCATION_AFTER: Final = re.compile(r"\s(?:จ\.|จังหวัด)\s?")
# offices whose names join two fields with และ (สำนักพัฒนาองค์ความรู้และสื่อสารองค์กร)
_BUREAU_HEADS: Final = frozenset({"สำนักงาน", "สำนัก", "กอง", "กรม", "กระทรวง", "ศูนย์"})
# "การสร้างเครือข่าย…", "จัดเครือข่ายที่…": a head after such a verb names an activity unless
# the name says where it is
_ACTIVITY_VERBS: Final = words(
    "จัด สร้าง จัดตั้ง ตั้ง ก่อตั้ง พัฒนา ส่งเสริม เชื่อมโยง เชื่อม ขยาย หนุนเสริม ดำเนินการ ทำงาน ร่วม "
    "เข้าร่วม เป็น มี ใช้ ผ่าน ขับเคลื่อน ฟื้นฟู ยกระดับ ศึกษา ออกแบบ แต่งตั้ง"
)

add_dictionary_words(HEADS)
# heads whose dictionary compounds are organisation names, not concepts (สภาพ, สถาบันการศึกษา)
add_split_heads(
    h
    for h in HEADS
    if h not in ("สภา", "สถาบัน", "กรม", "ศูนย์", "กลุ่ม", "กองทุน", "สำนัก", "หนังสือพิมพ์", "กอง")
)


@dataclass
class OrgMention:
    start: int
    end: int
    spec: OrgSpec
    source: str
    id: str = ""


@dataclass
class OrgEntity:
    id: str
    spec: OrgSpec
    mentions: list[OrgMention] = field(default_factory=list)


# ---------------------------------------------------------------------------- patterns


def _head_at(doc: Doc, pos: int, *, strict: bool = True) -> str | None:
    """The longest head word at ``pos`` that starts and ends on token boundaries (in a
    position, ``strict=False``, the position already says where the name starts)."""
    if strict and not doc.is_boundary(pos):
        return None
    heads = sorted((h for h in HEADS if doc.text.startswith(h, pos)), key=len, reverse=True)
    for head in heads:
        if not strict or doc.is_boundary(pos + len(head)):
            return head
    return None


def _specific(doc: Doc, start: int, body: int, end: int) -> bool:
    """Whether the words after the head name one organisation rather than a class."""
    rest = [t for t in doc.tokens_from(body) if t.end <= end]
    if not rest:
        return False
    return any(normalize_text(t.text).replace(" ", "") not in GENERIC for t in rest)


def _classify(doc: Doc, head: str, start: int, end: int, provinces: list[str]) -> OrgSpec:
    kind, type_, tier = HEADS[head]
    name = normalize_text(doc.text[start:end])
    spec = OrgSpec(name=name, kind=kind, type=type_, tier=tier)
    _areas_in_name(doc, start + len(head), end, spec, provinces)
    if kind is NodeKind.COUNCIL:
        spec.level = _council_level(doc, start + len(head), end)
    elif "สภาองค์กรชุมชน" in name and spec.region is not None:
        spec.kind, spec.type, spec.level = NodeKind.COUNCIL, None, "regional"
    if kind is NodeKind.AGENCY and spec.tier is None:
        spec.tier = (
            "local" if spec.subdistrict else "district" if spec.district
            else "provincial" if spec.province else "regional" if spec.region else None
        )  # fmt: skip
    if head == "สภา" and name.startswith(("สภาผู้แทน", "สภานิติบัญญัติ", "สภาพัฒน์")):
        spec.kind, spec.type, spec.tier = NodeKind.AGENCY, "other", "national"
    return spec


def _council_level(doc: Doc, body: int, end: int) -> str | None:
    text = doc.text[body:end]
    for marker, level in (
        ("ตำบล", "subdistrict"), ("แขวง", "subdistrict"), ("ต.", "subdistrict"),
        ("เทศบาล", "municipal"), ("อำเภอ", "district"), ("เขต", "district"),
        ("อ.", "district"), ("จังหวัด", "provincial"), ("จ.", "provincial"),
        ("ภาค", "regional"), ("แห่งชาติ", "national"), ("ระดับชาติ", "national"),
        ("โซน", "district"),  # a zone of a province's councils
    ):  # fmt: skip
        if text.lstrip().startswith(marker):
            return level
    if province_at(doc, body) is not None:
        return "provincial"
    return None


def _areas_in_name(doc: Doc, body: int, end: int, spec: OrgSpec, provinces: list[str]) -> None:
    """Province, district, subdistrict and region written inside a name. The head may end
    with the area word itself (องค์การบริหารส่วนตำบล…, เทศบาลนคร…)."""
    text = doc.text
    head = text[:body]
    if head.endswith(("ตำบล", "เทศบาลเมือง", "เทศบาลนคร", "เทศบาล")):
        _set_area(spec, area_name_at(doc, body, "subdistrict", provinces), end)
    elif head.endswith("อำเภอ"):
        _set_area(spec, area_name_at(doc, body, "district", provinces), end)
    starts = sorted({t.start for t in doc.tokens_from(body) if t.start < end} | {body})
    for pos in starts:
        if spec.region is None and (r := region_at(doc, pos)) is not None and r[0] <= end:
            spec.region = r[1]
        m = _AREA_PHRASE.match(text, pos)
        if m is not None and m.group() != "จังหวัด" and spec.subdistrict is None:
            level = "subdistrict" if m.group() in ("ตำบล", "แขวง") else "district"
            scope = ["10"] if m.group() in ("เขต", "แขวง") else provinces
            _set_area(spec, area_name_at(doc, m.end(), level, scope), end)
            continue
        if m is not None:
            pos = m.end()
        if spec.province is None and (p := province_at(doc, pos)) is not None and p[0] <= end:
            spec.province = p[1]


def _set_area(
    spec: OrgSpec, found: tuple[int, geo.District | geo.Subdistrict] | None, end: int
) -> None:
    if found is None or found[0] > end:
        return
    place = found[1]
    spec.province = place.province_code
    if isinstance(place, geo.Subdistrict):
        spec.subdistrict, spec.district = place.code, place.district_code
    elif spec.district is None:
        spec.district = place.code


def pattern_candidates(
    doc: Doc, provinces: list[str], blocked: Sequence[tuple[int, int]]
) -> list[Candidate]:
    out: list[Candidate] = []
    text = doc.text
    for m in _HEAD_RE.finditer(text):
        start = m.start()
        if any(s <= start < e for s, e in blocked):
            continue
        head = _head_at(doc, start)
        if head is None or counted(doc, start):  # "22 กองทุน" counts funds
            continue
        if (known := head_with_acronym(doc, start, head)) is not None:  # กระทรวง พม.
            out.append(known)
            continue
        body = start + len(head)
        end = body
        acr = ACRONYM.match(text, body + 1) if text.startswith(" ", body) else None
        if head in ("สำนักงาน", "ศูนย์") and acr is not None:  # สำนักงาน พอช.ภาคอีสาน
            end = acr.end()
        end = max(end, name_end(doc, end))
        if head in _BUREAU_HEADS:
            end = joined_by_and(doc, end, HEADS)
        if head in PURPOSE_HEADS and PURPOSE.match(text, end):
            end = purpose_end(doc, end)
        end = regions_spanned(doc, end)
        end = area_closed_end(doc, body, end)
        if head == "กลุ่มจังหวัด" and (n := _CLUSTER_NUMBER.match(text, end)) is not None:
            end = n.end()  # กลุ่มจังหวัดอีสานบน 1
        if (r := region_qualifier(doc, end)) is not None:
            end = r[0]
        elif (
            text[end : end + 1] in (" ", "\n")
            and (a := _AREA_PHRASE.match(text, end + 1)) is not None
            and a.group() in ("จังหวัด", "ตำบล", "อำเภอ")
            and name_end(doc, a.end()) > a.end()
        ):
            end = name_end(doc, a.end())
        elif (
            text.startswith(" จ.", end)
            and not _specific(doc, start, body, end)
            and (p := province_at(doc, after_abbr(text, end + 3)))
        ):
            # เครือข่ายขบวนองค์กรชุมชน จ.สิงห์บุรี: generic words named by their province
            # (a specific name keeps the province as its location: สภาสาเกตุนคร จ.ร้อยเอ็ด)
            end = p[0]
        if (legal := _LEGAL_SUFFIX.match(text, end)) is not None:
            end = legal.end()
        if not _specific(doc, start, body, end):
            continue
        if head in _NEEDS_AREA and not _place_in_name(doc, body, end):
            continue
        spec = _classify(doc, head, start, end, provinces)
        if spec.kind is NodeKind.COUNCIL and spec.level is None:
            continue
        if _councils_of_an_area(doc, spec, body) or _PLURAL_AFTER.match(text, end):
            spec.generic_class = True  # สภาองค์กรชุมชนตำบลจังหวัดเลย: Loei's tambon councils
        before = doc.token_before(start)
        located = spec.province or spec.district or spec.subdistrict or spec.region
        if before is not None and before.text in _ACTIVITY_VERBS and not located:
            continue
        if before is not None and before.end == start and before.text in _QUANTIFIERS:
            continue
        abbr = _ABBR_DEF.match(text, end)
        if abbr is not None:
            spec.aliases.add(abbr.group("abbr"))
        spec = known_identity(spec, abbr.group("abbr") if abbr else None)
        out.append(Candidate(start, end, spec, "pattern"))
    return out


def _councils_of_an_area(doc: Doc, spec: OrgSpec, body: int) -> bool:
    """``สภาองค์กรชุมชนตำบล`` right before a larger area (จังหวัด…, อำเภอ…): the councils of
    that level in the area, a class, not one council."""
    if spec.kind is not NodeKind.COUNCIL or spec.level not in ("subdistrict", "district"):
        return False
    if spec.subdistrict or (spec.level == "district" and spec.district):
        return False
    m = re.match(r"\s?(?:ระดับ)?(?:ตำบล|อำเภอ)\s?(?=จังหวัด|จ\.|อำเภอ|อ\.)", doc.text[body:])
    return m is not None


def _place_in_name(doc: Doc, body: int, end: int) -> bool:
    """A place word starting a word of the name (บ้าน in ชาวบ้าน is no place)."""
    return any(doc.is_boundary(m.start()) for m in _PLACE_IN_NAME.finditer(doc.text, body, end))


def role_candidates(
    doc: Doc, people: Sequence[PersonMention], provinces: list[str]
) -> list[Candidate]:
    """The organisation a position names: everything after the position word is its name."""
    out: list[Candidate] = []
    for person in people:
        if person.position is None or person.org_start is None:
            continue
        if person.head in _IMPLIED:
            implied = _implied_office(doc, person, provinces)
            if implied is not None:
                out.append(implied)
            continue
        pos, end = person.org_start, regions_spanned(doc, person.position[1])
        if doc.text.startswith(" ", pos):
            pos += 1
        head = _head_at(doc, pos, strict=False)
        if head is None or end - pos <= len(head):
            continue
        if not _specific(doc, pos, pos + len(head), end):
            continue
        spec = _classify(doc, head, pos, end, provinces)
        if spec.kind is NodeKind.COUNCIL and spec.level is None:
            continue
        abbr = _ABBR_DEF.search(doc.text, pos, end)
        spec = known_identity(spec, abbr.group("abbr") if abbr else None)
        out.append(Candidate(pos, end, spec, "role"))
    return out


def _implied_office(doc: Doc, person: PersonMention, provinces: list[str]) -> Candidate | None:
    """``ผู้ว่าราชการจังหวัดยโสธร`` -> the governor's office of Yasothon, named as the office
    is named (ศาลากลางจังหวัดยโสธร), with the position phrase as an alias."""
    assert person.position is not None and person.head is not None
    prefix, type_, english = _IMPLIED[person.head]
    start = person.org_start or person.position[0]
    pos = start + len(person.head)
    text = doc.text
    if text.startswith(" ", pos):
        pos += 1
    if text.startswith(("จังหวัด", "จ."), pos) and not person.head.endswith("จังหวัด"):
        pos += 7 if text.startswith("จังหวัด", pos) else 2
    if type_ == "municipality":
        kind = re.match(r"(ตำบล|เมือง|นคร)", text[pos:])
        if kind is None or (end := name_end(doc, pos + kind.end())) <= pos + kind.end():
            return None
        spec = OrgSpec(name=prefix + text[pos:end], kind=A, type=type_, tier="local")
        _set_area(spec, area_name_at(doc, pos + kind.end(), "subdistrict", provinces), end)
    else:
        found = province_at(doc, pos)
        if found is None:
            return None
        end, code = found
        province = geo.province(code)
        spec = OrgSpec(
            name=prefix + province.name_th, kind=A, type=type_, tier="provincial",
            province=code, name_en=f"{province.name_en} {english}",
        )  # fmt: skip
    spec.aliases.add(normalize_text(text[start:end]))
    return Candidate(start, end, spec, "implied")


def _select(candidates: Sequence[Candidate]) -> list[Candidate]:
    # on equal spans the first finding wins over its repetition ("doc")
    rank = {"role": 0, "implied": 0, "gazetteer": 1, "pattern": 2, "class": 3, "doc": 4}
    chosen: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), rank[c.source], c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _doc_candidates(doc: Doc, found: Sequence[Candidate]) -> list[Candidate]:
    """Every name, alias and defined acronym found so far, looked for in the whole text."""
    table: dict[str, Candidate] = {}
    for cand in found:
        if cand.generic or cand.spec.generic_class:
            continue
        for surface in (normalize_text(doc.text[cand.start : cand.end]), *cand.spec.aliases):
            if len(surface) >= 3:
                table.setdefault(surface, cand)
    if not table:
        return []
    pattern = re.compile("|".join(re.escape(s) for s in sorted(table, key=lambda s: (-len(s), s))))
    out: list[Candidate] = []
    for m in pattern.finditer(doc.text):
        start, end = m.span()
        if not (doc.is_boundary(start) or not ("\u0e01" <= doc.text[start - 1] <= "\u0e4e")):
            continue
        if not (m.group().endswith(".") or doc.is_boundary(end)):
            continue
        out.append(Candidate(start, end, replace(table[m.group()].spec), "doc"))
    return out


# ---------------------------------------------------------------------------- entities


def find_organizations(
    doc: Doc,
    people: Sequence[PersonMention],
    provinces: list[str],
    dateline: Dateline | None,
) -> list[OrgEntity]:
    names = [(p.start, p.end) for p in people]
    first = known_candidates(doc, provinces)
    roles = role_candidates(doc, people, provinces)
    blocked = [(c.start, c.end) for c in (*first, *roles) if not c.generic] + names
    patterns = pattern_candidates(doc, provinces, blocked)
    chosen = _select([*first, *roles, *patterns])
    chosen = _select([*chosen, *_doc_candidates(doc, chosen), *class_candidates(doc)])
    mentions = [
        OrgMention(c.start, c.end, c.spec, c.source)
        for c in chosen
        if not c.generic and not any(s <= c.start and c.end <= e for s, e in names)
    ]
    for mention in mentions:
        _locate(doc, mention, dateline)
    return _group(doc, mentions)


def _locate(doc: Doc, mention: OrgMention, dateline: Dateline | None) -> None:
    """A location after the name (``สภาสาเกตุนคร จ.ร้อยเอ็ด``) or the dateline's province."""
    spec = mention.spec
    if spec.national or spec.province is not None or spec.generic_class:
        return
    loc = _LOCATION_AFTER.match(doc.text, mention.end)
    if loc is not None and (p := province_at(doc, loc.end())) is not None:
        spec.province = p[1]
        return
    if dateline is not None and dateline.province and mention.end <= dateline.end:
        spec.province = dateline.province


def _group(doc: Doc, mentions: list[OrgMention]) -> list[OrgEntity]:
    by_key: dict[str, OrgEntity] = {}
    alias_of: dict[str, str] = {}
    for mention in mentions:
        spec = mention.spec
        keys = [compact_key(spec.name), *(compact_key(a) for a in spec.aliases)]
        known = next((alias_of[k] for k in keys if k in alias_of), None)
        if known is None:
            known = compact_key(spec.name)
            by_key[known] = OrgEntity("", replace(spec, aliases=set(spec.aliases)))
        entity = by_key[known]
        _merge_spec(entity.spec, spec)
        written = normalize_text(doc.text[mention.start : mention.end])
        if compact_key(written) != compact_key(entity.spec.name):
            entity.spec.aliases.add(written)
        entity.mentions.append(mention)
        for k in keys:
            alias_of.setdefault(k, known)
    _merge_abbreviated(by_key)
    out = []
    for entity in by_key.values():
        entity.spec.aliases.discard(entity.spec.name)
        entity.id = org_id(entity.spec)
        for mention in entity.mentions:
            mention.id = entity.id
        out.append(entity)
    return out


def _merge_abbreviated(by_key: dict[str, OrgEntity]) -> None:
    """``เครือข่ายสลัมฯ`` after ``เครือข่ายสลัม 4 ภาค``: a name cut short with ฯ is the one
    organisation of the text whose name starts with what is written."""
    for key, entity in list(by_key.items()):
        name = entity.spec.name
        if not name.endswith("ฯ") or entity.spec.generic_class:
            continue
        stem = compact_key(name[:-1])
        full = [
            e
            for k, e in by_key.items()
            if k != key
            and not e.spec.name.endswith("ฯ")
            and compact_key(e.spec.name).startswith(stem)
        ]
        if len(full) != 1:
            continue
        full[0].mentions.extend(entity.mentions)
        full[0].spec.aliases.add(name)
        del by_key[key]


def _merge_spec(into: OrgSpec, other: OrgSpec) -> None:
    for attr in ("province", "district", "subdistrict", "region", "name_en", "level", "tier"):
        if getattr(into, attr) is None and getattr(other, attr) is not None:
            setattr(into, attr, getattr(other, attr))
    if into.type in (None, "other") and other.type not in (None, "other"):
        into.type = other.type
    into.aliases |= other.aliases
