"""Known organisations and acronyms (``data/acronyms.csv``), area qualifiers, kinds and ids.

An acronym or known name is matched on token boundaries, then its *qualifier* is read:
organisations that exist once per area (``scope`` province/district/subdistrict in the data
file) must be followed by the area (``อบจ.ขอนแก่น``, ``องค์การบริหารส่วนตำบลบ้านเป็ด``,
``สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดร้อยเอ็ด``); without one they name a class of
organisations and are not extracted. ``class`` rows (อปท., มรภ.) need a qualifier as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final

from partnernet.extract.places import area_name_at, province_at, region_at
from partnernet.extract.sentences import (
    Doc,
    OrgDef,
    add_dictionary_words,
    compact_key,
    org_defs,
    words,
)
from partnernet.foundation import geography as geo
from partnernet.foundation.thai import normalize_text
from partnernet.graph.model import (
    AgencyType,
    CouncilLevel,
    NodeKind,
    agency_id,
    council_id,
    make_id,
    node_kind,
)

_LATIN_ALIAS: Final = re.compile(r"^[A-Za-z][A-Za-z .&-]*$")


@dataclass
class OrgSpec:
    """What is known about one organisation mention; ``org_id`` turns it into an id."""

    name: str
    kind: NodeKind
    type: str | None = None
    level: str | None = None
    tier: str | None = None
    province: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    region: geo.Region | None = None
    name_en: str | None = None
    aliases: set[str] = field(default_factory=set)
    national: bool = False  # a known national organisation: never given an area
    parent: str | None = None
    generic_class: bool = False  # a class written in general (สภาองค์กรชุมชนตำบล), not one


@dataclass
class Candidate:
    start: int
    end: int
    spec: OrgSpec
    source: str  # gazetteer | pattern | role | implied | doc | class
    generic: bool = False  # a class of organisations, not one: blocks the span, not kept


# ---------------------------------------------------------------------------- ids


def _area_code(spec: OrgSpec) -> str | None:
    if spec.type in ("sao", "municipality") or spec.level in ("subdistrict", "municipal"):
        return spec.subdistrict or spec.district or spec.province
    if spec.level == "district" or spec.tier == "district":
        return spec.district or spec.province
    return spec.province


def org_id(spec: OrgSpec) -> str:
    if spec.kind is NodeKind.COUNCIL:
        level = CouncilLevel(spec.level or "subdistrict")
        if level is CouncilLevel.REGIONAL and spec.region is not None:
            return council_id(level, None, spec.name)
        return council_id(level, _area_code(spec), spec.name)
    if spec.kind is NodeKind.AGENCY:
        return agency_id(AgencyType(spec.type or "other"), _area_code(spec), spec.name)
    return make_id(spec.kind, spec.name, None if spec.national else spec.province)


# ---------------------------------------------------------------------------- known names


@cache
def _surfaces() -> dict[str, OrgDef]:
    table: dict[str, OrgDef] = {}
    for d in org_defs():
        for surface in (d.acronym, d.name_th, *d.aliases):
            if surface:
                table.setdefault(surface, d)
                if surface.endswith(".") and surface.count(".") > 1:
                    table.setdefault(surface.replace(".", "") + ".", d)  # ก.บ.จ. / กบจ.
    return table


@cache
def _compact_surfaces() -> dict[str, OrgDef]:
    return {compact_key(k): d for k, d in _surfaces().items()}


@cache
def _provincial_offices() -> dict[str, OrgDef]:
    """A national acronym -> the provincial office that lists it among its aliases."""
    return {a: d for d in org_defs() if d.scope == "province" for a in d.aliases if a.endswith(".")}


def _provincial_office(doc: Doc, end: int, surface: str) -> OrgDef | None:
    """The provincial office a national acronym names when a province follows it."""
    office = _provincial_offices().get(surface)
    if office is None:
        return None
    pos = end + 1 if doc.text.startswith(" ", end) else end
    if doc.text.startswith("จ.", pos):
        pos += 2
    return office if province_at(doc, pos) is not None else None


def known_def(surface: str) -> OrgDef | None:
    """The known organisation (acronyms.csv) written ``surface``, spaces and case ignored."""
    return _compact_surfaces().get(compact_key(surface))


@cache
def _surface_re() -> re.Pattern[str]:
    names = sorted(_surfaces(), key=lambda n: (-len(n), n))
    return re.compile("|".join(_spaced(n) for n in names))


_COMBINING: Final = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def _spaced(surface: str) -> str:
    """A full name also matches written with a space inside it ("สำนักงาน…มนุษย์ จังหวัด",
    "สถาบันพัฒนา องค์กรชุมชน"); acronyms and short names match only as written."""
    if len(surface) < 8 or "." in surface:
        return re.escape(surface)
    parts = [re.escape(surface[0])]
    for ch in surface[1:]:
        parts.append(re.escape(ch) if (_COMBINING.match(ch) or ch == " ") else " ?" + re.escape(ch))
    return "".join(parts)


add_dictionary_words([s for s in _surfaces() if s.endswith(".") or len(s) <= 5])


def spec_from_def(d: OrgDef) -> OrgSpec:
    kind = node_kind(d.kind)
    spec = OrgSpec(
        name=d.name_th,
        kind=kind,
        type=d.type or None,
        tier=d.tier or None,
        province=d.province or None,
        name_en=d.name_en or None,
        aliases={a for a in (d.acronym, *d.aliases) if a},
        national=d.scope == "national" and not d.province,
    )
    if kind is NodeKind.COUNCIL:
        spec.level = d.tier or None
        spec.tier = None
    return spec


def _left_ok(doc: Doc, start: int, surface: str) -> bool:
    text = doc.text
    if _LATIN_ALIAS.match(surface):
        return not (start > 0 and text[start - 1].isalnum())
    return start == 0 or not ("\u0e01" <= text[start - 1] <= "\u0e4e") or doc.is_boundary(start)


def _right_ok(doc: Doc, end: int, surface: str) -> bool:
    text = doc.text
    if _LATIN_ALIAS.match(surface):
        return not (end < len(text) and text[end].isalnum())
    if surface.endswith("."):
        return True
    return end >= len(text) or not ("\u0e01" <= text[end] <= "\u0e4e") or doc.is_boundary(end)


def known_candidates(doc: Doc, provinces: list[str]) -> list[Candidate]:
    """Every acronym or known name in the text, with its qualifier when it needs one."""
    out: list[Candidate] = []
    for m in _surface_re().finditer(doc.text):
        start, end = m.span()
        surface = m.group()
        if not _left_ok(doc, start, surface):
            continue
        d = _surfaces().get(surface) or known_def(surface)
        if d is None:
            continue
        if d.scope == "national" and (office := _provincial_office(doc, end, surface)):
            d = office  # พช.พัทลุง: the department's office of that province
        cand = qualify(doc, start, end, d, provinces, surface)
        if cand is not None:
            out.append(cand)
    return out


def qualify(
    doc: Doc, start: int, end: int, d: OrgDef, provinces: list[str], surface: str
) -> Candidate | None:
    """Read the area after a known name; ``None`` when the match is not a name at all."""
    spec = spec_from_def(d)
    if d.scope == "national":
        return Candidate(start, end, spec, "gazetteer") if _right_ok(doc, end, surface) else None
    glued = end < len(doc.text) and doc.text[end] != " "
    pos = end if glued else end + 1
    qualified: tuple[int, OrgSpec] | None = None
    if d.scope in ("province", "class"):
        qualified = _province_qualifier(doc, pos, spec)
    if qualified is None and d.scope in ("subdistrict", "district", "class"):
        qualified = _area_qualifier(doc, pos, spec, d.scope, provinces, glued=glued)
    if qualified is None:
        if not _right_ok(doc, end, surface):
            return None
        return Candidate(start, end, spec, "gazetteer", generic=True)
    q_end, q_spec = qualified
    written = normalize_text(doc.text[start:q_end])
    q_spec.aliases = {written}
    if d.acronym:
        q_spec.aliases.add(d.acronym + q_spec.name.removeprefix(d.name_th))
    return Candidate(start, q_end, q_spec, "gazetteer")


def _province_qualifier(doc: Doc, pos: int, spec: OrgSpec) -> tuple[int, OrgSpec] | None:
    text = doc.text
    p = pos
    for marker in ("จังหวัด", "จ."):
        if text.startswith(marker, p) and not spec.name.endswith("จังหวัด"):
            p += len(marker)
            break
    found = province_at(doc, p)
    if found is None:
        return None
    q_end, code = found
    province = geo.province(code)
    if spec.name.endswith("จังหวัด") or spec.kind is NodeKind.ACADEMIC:
        name = spec.name + province.name_th
    else:
        name = f"{spec.name}จังหวัด{province.name_th}"
    out = replace(spec, name=name, province=code, aliases=set(), national=False)
    if spec.name_en:
        out.name_en = f"{province.name_en} {spec.name_en}"
    return q_end, out


def _area_qualifier(
    doc: Doc, pos: int, spec: OrgSpec, scope: str, provinces: list[str], *, glued: bool
) -> tuple[int, OrgSpec] | None:
    text = doc.text
    p = pos
    for marker in ("ตำบล", "ต.", "อำเภอ", "อ."):
        if text.startswith(marker, p) and not spec.name.endswith(marker):
            p += len(marker)
            break
    level = "district" if scope == "district" else "subdistrict"
    found = area_name_at(doc, p, level, provinces)
    if found is None:
        end = name_end(doc, p)
        if not glued or end - p < 2 or _surface_re().match(doc.text, p):
            return None
        # a named local body outside the known provinces: kept by name, without a code,
        # unless it is named after its province (เทศบาลนครเชียงใหม่)
        out = replace(spec, name=spec.name + text[p:end], aliases=set(), national=False)
        named_after = province_at(doc, p)
        if named_after is not None and named_after[0] == end:
            out.province = named_after[1]
        return end, out
    q_end, place = found
    out = replace(spec, name=spec.name + place.name_th, aliases=set(), national=False)
    out.province = place.province_code
    if isinstance(place, geo.Subdistrict):
        out.subdistrict, out.district = place.code, place.district_code
    else:
        out.district = place.code
    if spec.name_en and place.name_en:
        out.name_en = f"{place.name_en} {spec.name_en}"
    return q_end, out


# ---------------------------------------------------------------------------- names

STOP_TOKENS: Final = words(
    "และ กับ ที่ ใน โดย จาก ได้ ได้แก่ เป็น มี ให้ ซึ่ง เพื่อ ว่าด้วย เรื่อง ต่อ ถึง เมื่อ ณ นำ นำโดย พร้อม "
    "พร้อมด้วย ทั้ง ระหว่าง หรือ กล่าว เข้าร่วม ร่วมกับ ลงนาม จับมือ ต่าง ต่างๆ ๆ อื่น อื่นๆ แต่ จึง เช่น "
    "คือ รวม รวมถึง ของ จัด จัดทำ จัดงาน สนับสนุน ได้รับ ภายใต้ ตาม ทำ ทำให้ จะ ยัง ก็ ไป มา แล้ว "
    "ด้วย นั้น นี้ ดังกล่าว ทั่ว ทุก แห่ง ซึ่งมี "
    # time, counting and scope words that follow a name (สภาองค์กรชุมชนตำบลปี 2561, …ครั้งที่ 2,
    # …กว่า 7,800 แห่ง, …ทั่วประเทศ, คณะกรรมการชุดใหม่ครั้งแรก)
    "ปี ครั้ง ครั้งแรก ครั้งที่ กว่า ทั่วประเทศ ทั่วไทย ทั้งประเทศ ชุดใหม่ วันที่ วันสุดท้าย "
    # verbs of news headlines that follow the subject's name
    "ประชุม ถก ประกาศ เรียกร้อง ยื่น เสนอ เดินหน้า ระดม เตรียม หนุน ช่วยเหลือ มอบ ส่งมอบ เปิดเผย "
    "ชี้ แนะ ตั้ง ลงพื้นที่ เยี่ยม ย้ำ เผย แถลง"
)
# headline verbs that the tokenizer may glue to their object (ประกาศเจตนารมณ์, ยื่นหนังสือ,
# เรียกร้องให้): a token starting with one of them ends a name like the verb alone
_GLUED_VERBS: Final = tuple(
    sorted(
        words(
            "ประชุม ประกาศ เรียกร้อง ยื่น เสนอ เดินหน้า ระดม เตรียม ช่วยเหลือ ส่งมอบ เปิดเผย ลงพื้นที่ เยี่ยม แถลง ได้"
        )
    )
)
_NOUN_MAKERS: Final = frozenset({"การ", "ความ"})
_PUNCT: Final = set("()“”\"'‘’,/:;[]{}!?")


def name_end(doc: Doc, pos: int, *, lenient: bool = False, limit: int | None = None) -> int:
    """Where a name that continues at ``pos`` ends: at whitespace, punctuation or a stop
    token (only whitespace and punctuation when ``lenient``)."""
    text = doc.text
    end = pos
    hard = len(text) if limit is None else limit
    while end < hard and not text[end].isspace() and text[end] not in _PUNCT:
        end += 1
    if lenient:
        return end
    prev = ""
    for tok in doc.tokens_from(pos):
        if tok.start >= end:
            break
        # "การประชุม", "ความร่วมมือ": a verb made a noun is part of the name
        word = tok.text.replace(" ", "")
        if (
            tok.start >= pos
            and (word in STOP_TOKENS or word.startswith(_GLUED_VERBS))
            and prev not in _NOUN_MAKERS
        ):
            return tok.start
        prev = tok.text
        if tok.start < pos < tok.end and tok.text in STOP_TOKENS:
            return pos
    return end


def region_qualifier(doc: Doc, pos: int) -> tuple[int, geo.Region] | None:
    """A region glued at ``pos`` or after one space (``เครือข่าย… ภาคตะวันออกเฉียงเหนือ``)."""
    text = doc.text
    p = pos + 1 if pos < len(text) and text[pos] == " " else pos
    return region_at(doc, p)
