"""Reading single cells: limits, lists, dates, numbers and the words for enum values.

Spreadsheet cells name enum values in many ways: the value itself (``pao``), its label form
(``Council``), other spacing or case (``civil society group``) and the Thai words staff use
(``อบจ.``, ``สภาองค์กรชุมชน``, ``จังหวัดจัดการตนเอง``). Everything here turns one cell into
one typed value or raises :class:`RowError` naming the field and saying what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar, cast

from pydantic import ValidationError

from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.thai import ThaiDateError, normalize_key, normalize_text, parse_thai_date
from partnernet.graph.model import (
    AgencyTier,
    AgencyType,
    CivilSocietyType,
    CouncilLevel,
    ModelError,
    NodeKind,
    ParticipationRole,
    PartnershipForm,
    ProposalModel,
    ProposalStatus,
    RelType,
    node_kind,
    rel_type,
)

__all__ = [
    "AGENCY_WORDS",
    "CSO_WORDS",
    "FORM_WORDS",
    "LEVEL_WORDS",
    "MODEL_WORDS",
    "ROLE_WORDS",
    "STATUS_WORDS",
    "TIER_WORDS",
    "RowError",
    "clean_cells",
    "parse_date_cell",
    "parse_enum",
    "parse_kind",
    "parse_number",
    "parse_rel_type",
    "parse_year",
    "required",
    "split_list",
    "validated",
    "word_key",
]

E = TypeVar("E", bound=StrEnum)


class RowError(InvalidInput):
    """One row cannot be used: ``column`` (a template field) and a reason for the user."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


# ------------------------------------------------------------------------------ cell checks

# Longer values are refused before any lookup (fuzzy matching a 1 MB cell would hang).
_LIMITS = {
    "id": 400,
    "name_th": 500,
    "name_en": 500,
    "title": 500,
    "title_th": 500,
    "title_en": 500,
    "place": 500,
    "text": 100_000,
    "kind": 100,
    "type": 100,
    "level": 100,
    "tier": 100,
    "province": 200,
    "district": 200,
    "subdistrict": 200,
    "status": 100,
    "model": 100,
    "form": 100,
    "role": 100,
    "since": 100,
    "until": 100,
    "start_date": 100,
    "end_date": 100,
    "raised_on": 100,
    "weight": 50,
    "confidence": 50,
    "amount_thb": 50,
    "year": 50,
}
_LIST_LIMIT = 10_000
_ITEM_LIMIT = 500
_MOJIBAKE = re.compile("à¸|à¹")
# Compiled once: split_list runs for every list cell of a load, and `re.split` with a pattern
# string goes through re's compile-cache lookup on every call (3 s of a national load).
_LIST_SEPARATORS = re.compile(r"[;|\n]")


def clean_cells(values: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in values.items():
        limit = _LIMITS.get(name, _LIST_LIMIT)
        if len(value) > limit:
            raise RowError(name, f"value is {len(value):,} characters long; at most {limit:,}")
        text = normalize_text(value)
        if _MOJIBAKE.search(text):
            raise RowError(
                name,
                f"{text[:40]!r} looks like garbled Thai (UTF-8 read as Windows-1252); "
                "re-export the file as 'CSV UTF-8'",
            )
        if text:
            out[name] = text
    return out


def required(v: Mapping[str, str], name: str) -> str:
    value = v.get(name)
    if not value:
        raise RowError(name, "required value is empty")
    return value


def split_list(text: str | None, name: str) -> list[str]:
    items = [normalize_text(x) for x in _LIST_SEPARATORS.split(text or "")]
    for item in items:
        if len(item) > _ITEM_LIMIT:
            raise RowError(name, f"an item is {len(item):,} characters long; at most {_ITEM_LIMIT}")
    return list(dict.fromkeys(x for x in items if x))


@lru_cache(maxsize=65536)
def word_key(text: str) -> str:
    """A cell's word in comparison form: identity key without spaces, dots, dashes, `_`."""
    return re.sub(r"[\s._\-]+", "", normalize_key(text))


_ENUM_TABLES: dict[tuple[type[StrEnum], int], dict[str, StrEnum]] = {}


def _enum_table(cls: type[StrEnum], words: Mapping[str, StrEnum] | None) -> dict[str, StrEnum]:
    key = (cls, id(words))
    table = _ENUM_TABLES.get(key)
    if table is None:
        table = {word_key(word): member for word, member in (words or {}).items()}
        table.update({word_key(member.value): member for member in cls})  # values win
        _ENUM_TABLES[key] = table
    return table


def parse_enum(cls: type[E], text: str, name: str, words: Mapping[str, E] | None = None) -> E:
    """The member of ``cls`` a cell names: its value in any case/spacing, or a word of
    ``words`` (a module-level constant: tables are cached by its identity)."""
    found = _enum_table(cls, words).get(word_key(text))
    if found is not None:
        return cast(E, found)
    allowed = ", ".join(m.value for m in cls)
    raise RowError(name, f"unknown {name} {text!r}; expected one of {allowed}")


def parse_date_cell(v: Mapping[str, str], name: str) -> date | None:
    text = v.get(name)
    if not text:
        return None
    try:
        return parse_thai_date(text)
    except ThaiDateError as exc:
        raise RowError(name, str(exc)) from None


def parse_number(v: Mapping[str, str], name: str) -> float | None:
    text = v.get(name)
    if not text:
        return None
    try:
        value = float(re.sub(r"[,_\s]", "", text))
    except ValueError:
        raise RowError(name, f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise RowError(name, f"{text!r} is not a finite number")
    return value


def parse_year(v: Mapping[str, str], name: str) -> int | None:
    value = parse_number(v, name)
    if value is None:
        return None
    if not value.is_integer():
        raise RowError(name, f"{v[name]!r} is not a year")
    year = int(value)
    return year - 543 if year >= 2400 else year  # Buddhist Era


_FIELD_IN_MESSAGE = re.compile(r"\b([a-z_]+)\b")


def validated(build: Callable[[], Any], names: Iterable[str], default: str) -> Any:
    """Run a pydantic constructor, turning its first error into a RowError on a field."""
    try:
        return build()
    except ValidationError as exc:
        error = exc.errors()[0]
        reason = str(error["msg"]).removeprefix("Value error, ")
        known = set(names)
        loc = [str(x) for x in error["loc"] if str(x) in known]
        column = (
            loc[0]
            if loc
            else next((w for w in _FIELD_IN_MESSAGE.findall(reason) if w in known), default)
        )
        raise RowError(column, reason) from None


# ------------------------------------------------------------------------------ vocabulary

_KIND_WORDS: dict[str, NodeKind] = {
    word_key(w): k
    for k, words in {
        NodeKind.COUNCIL: ("สภาองค์กรชุมชน", "สภาองค์กรชุมชนตำบล", "สภา", "coc"),
        NodeKind.AGENCY: ("หน่วยงานรัฐ", "หน่วยงานภาครัฐ", "ภาครัฐ", "รัฐ", "government"),
        NodeKind.COMMUNITY_ORGANIZATION: (
            "องค์กรชุมชน",
            "กลุ่มชุมชน",
            "community organisation",
            "cbo",
            "community group",
        ),
        NodeKind.CIVIL_SOCIETY_GROUP: ("ภาคประชาสังคม", "ประชาสังคม", "civil society", "cso"),
        NodeKind.ACADEMIC: (
            "สถาบันการศึกษา",
            "สถาบันวิชาการ",
            "วิชาการ",
            "มหาวิทยาลัย",
            "academia",
            "university",
        ),
        NodeKind.PRIVATE_SECTOR: ("ภาคเอกชน", "เอกชน", "private", "business", "company"),
    }.items()
    for w in words
}
AGENCY_WORDS: dict[str, AgencyType] = {
    "ศาลากลางจังหวัด": AgencyType.GOVERNOR_OFFICE,
    "ผู้ว่าราชการจังหวัด": AgencyType.GOVERNOR_OFFICE,
    "สำนักงานจังหวัด": AgencyType.PROVINCIAL_OFFICE,
    "อบจ": AgencyType.PAO,
    "องค์การบริหารส่วนจังหวัด": AgencyType.PAO,
    "อบต": AgencyType.SAO,
    "องค์การบริหารส่วนตำบล": AgencyType.SAO,
    "เทศบาล": AgencyType.MUNICIPALITY,
    "พมจ": AgencyType.MSDHS_OFFICE,
    "พม": AgencyType.MSDHS_OFFICE,
    "พัฒนาการจังหวัด": AgencyType.CDD_OFFICE,
    "พช": AgencyType.CDD_OFFICE,
    "สำนักงานพัฒนาชุมชนจังหวัด": AgencyType.CDD_OFFICE,
    "พอช": AgencyType.CODI_OFFICE,
    "สถาบันพัฒนาองค์กรชุมชน": AgencyType.CODI_OFFICE,
    "codi": AgencyType.CODI_OFFICE,
    "กระทรวง": AgencyType.MINISTRY,
    "คณะกรรมการ": AgencyType.COMMITTEE,
    "กบจ": AgencyType.COMMITTEE,
    "ครม": AgencyType.COMMITTEE,
    "สาธารณสุข": AgencyType.HEALTH,
    "โรงพยาบาล": AgencyType.HEALTH,
    "รพสต": AgencyType.HEALTH,
    "โรงเรียน": AgencyType.SCHOOL,
    "อื่นๆ": AgencyType.OTHER,
    "อื่น": AgencyType.OTHER,
}
CSO_WORDS: dict[str, CivilSocietyType] = {
    "เครือข่าย": CivilSocietyType.NETWORK,
    "สมัชชา": CivilSocietyType.CIVIC_ASSEMBLY,
    "สภาพลเมือง": CivilSocietyType.CIVIC_ASSEMBLY,
    "มูลนิธิ": CivilSocietyType.FOUNDATION,
    "องค์กรพัฒนาเอกชน": CivilSocietyType.NGO,
    "สื่อ": CivilSocietyType.MEDIA,
}
LEVEL_WORDS: dict[str, CouncilLevel] = {
    "ตำบล": CouncilLevel.SUBDISTRICT,
    "เทศบาล": CouncilLevel.MUNICIPAL,
    "เมือง": CouncilLevel.MUNICIPAL,
    "อำเภอ": CouncilLevel.DISTRICT,
    "จังหวัด": CouncilLevel.PROVINCIAL,
    "ภาค": CouncilLevel.REGIONAL,
    "ภูมิภาค": CouncilLevel.REGIONAL,
    "ชาติ": CouncilLevel.NATIONAL,
    "ประเทศ": CouncilLevel.NATIONAL,
}
TIER_WORDS: dict[str, AgencyTier] = {
    "ส่วนกลาง": AgencyTier.NATIONAL,
    "ชาติ": AgencyTier.NATIONAL,
    "ภูมิภาค": AgencyTier.REGIONAL,
    "ภาค": AgencyTier.REGIONAL,
    "จังหวัด": AgencyTier.PROVINCIAL,
    "อำเภอ": AgencyTier.DISTRICT,
    "ท้องถิ่น": AgencyTier.LOCAL,
}
STATUS_WORDS: dict[str, ProposalStatus] = {
    "เสนอ": ProposalStatus.RAISED,
    "ยกร่าง": ProposalStatus.RAISED,
    "ยื่น": ProposalStatus.SUBMITTED,
    "ยื่นแล้ว": ProposalStatus.SUBMITTED,
    "ส่งแล้ว": ProposalStatus.SUBMITTED,
    "รับทราบ": ProposalStatus.ACKNOWLEDGED,
    "บรรจุในแผน": ProposalStatus.IN_PLAN,
    "อยู่ในแผน": ProposalStatus.IN_PLAN,
    "ได้รับงบประมาณ": ProposalStatus.FUNDED,
    "ได้รับงบ": ProposalStatus.FUNDED,
    "ดำเนินการแล้ว": ProposalStatus.IMPLEMENTED,
    "ไม่รับ": ProposalStatus.REJECTED,
    "ปฏิเสธ": ProposalStatus.REJECTED,
    "ตกไป": ProposalStatus.REJECTED,
}
MODEL_WORDS: dict[str, ProposalModel] = {
    "จังหวัดบูรณาการ": ProposalModel.INTEGRATED_PROVINCE,
    "จังหวัดจัดการตนเอง": ProposalModel.SELF_GOVERNING_PROVINCE,
    "อื่นๆ": ProposalModel.OTHER,
}
FORM_WORDS: dict[str, PartnershipForm] = {
    "บันทึกข้อตกลง": PartnershipForm.MOU,
    "บันทึกความร่วมมือ": PartnershipForm.MOU,
    "โครงการร่วม": PartnershipForm.JOINT_PROJECT,
    "คณะกรรมการ": PartnershipForm.COMMITTEE,
    "จัดร่วม": PartnershipForm.CO_ORGANISED,
    "co_organized": PartnershipForm.CO_ORGANISED,
    "แลกเปลี่ยนข้อมูล": PartnershipForm.DATA_SHARING,
    "สนับสนุนวิชาการ": PartnershipForm.TECHNICAL_SUPPORT,
    "อื่นๆ": PartnershipForm.OTHER,
}
ROLE_WORDS: dict[str, ParticipationRole] = {
    "organizer": ParticipationRole.ORGANISER,
    "ผู้จัด": ParticipationRole.ORGANISER,
    "เจ้าภาพ": ParticipationRole.ORGANISER,
    "ผู้เข้าร่วม": ParticipationRole.PARTICIPANT,
    "วิทยากร": ParticipationRole.SPEAKER,
    "ผู้บรรยาย": ParticipationRole.SPEAKER,
}
_REL_WORDS: dict[str, RelType] = {
    "partner": RelType.PARTNERS_WITH,
    "partners": RelType.PARTNERS_WITH,
    "partnership": RelType.PARTNERS_WITH,
    "ภาคี": RelType.PARTNERS_WITH,
    "ความร่วมมือ": RelType.PARTNERS_WITH,
    "member": RelType.MEMBER_OF,
    "สมาชิก": RelType.MEMBER_OF,
    "fund": RelType.FUNDS,
    "funding": RelType.FUNDS,
    "support": RelType.SUPPORTS,
    "สนับสนุน": RelType.SUPPORTS,
}
_REL_KEYS = {word_key(word): member for word, member in _REL_WORDS.items()}
# Gephi's edge `Type`: a direction, not a relationship type.
_DIRECTIONS = frozenset({"directed", "undirected", "mutual"})


@lru_cache(maxsize=1024)
def parse_kind(text: str, name: str) -> tuple[NodeKind, str | None]:
    """The organisation kind of a `kind` cell, and a type it implies (`pao` → Agency)."""
    key = word_key(text)
    if key in _KIND_WORDS:
        return _KIND_WORDS[key], None
    try:
        kind = node_kind(re.sub(r"[\s\-]+", "_", normalize_key(text)))
    except ModelError:
        kind = None
    if kind is not None:
        if not kind.is_organization:
            raise RowError(
                name, f"{text!r} is not an organisation kind; expected one of {_kind_choices()}"
            )
        return kind, None
    for cls, words, target in (
        (AgencyType, AGENCY_WORDS, NodeKind.AGENCY),
        (CivilSocietyType, CSO_WORDS, NodeKind.CIVIL_SOCIETY_GROUP),
    ):
        try:
            parse_enum(cls, text, name, words)
        except RowError:
            continue
        return target, text
    raise RowError(name, f"unknown kind {text!r}; expected one of {_kind_choices()}")


def _kind_choices() -> str:
    return ", ".join(
        f"{k.value.lower()}/{th}"
        for k, th in (
            (NodeKind.COUNCIL, "สภาองค์กรชุมชน"),
            (NodeKind.AGENCY, "หน่วยงานรัฐ"),
            (NodeKind.COMMUNITY_ORGANIZATION, "องค์กรชุมชน"),
            (NodeKind.CIVIL_SOCIETY_GROUP, "ภาคประชาสังคม"),
            (NodeKind.ACADEMIC, "สถาบันการศึกษา"),
            (NodeKind.PRIVATE_SECTOR, "ภาคเอกชน"),
        )
    )


@lru_cache(maxsize=1024)
def parse_rel_type(text: str | None) -> RelType:
    """A relationship type; empty or a Gephi direction (Directed/Undirected) → PARTNERS_WITH."""
    if not text or text.casefold() in _DIRECTIONS:
        return RelType.PARTNERS_WITH
    found = _REL_KEYS.get(word_key(text))
    if found is not None:
        return found
    try:
        return rel_type(re.sub(r"[\s\-]+", "_", text))
    except ModelError as exc:
        raise RowError("type", str(exc)) from None
