"""Places in Thai reports: provinces, regions, districts and subdistricts, and the dateline.

Provinces are found by their official Thai names and the aliases of
``data/place_aliases.csv`` (old names such as สาเกตนคร for Roi Et, short forms such as
กทม./กรุงเทพฯ/โคราช). A name must start and end on a newmm token boundary, so that it is not
part of a longer word. Names that are also ordinary words (เลย, แพร่, ตาก, ...; ``context =
place`` in the data file) count only in a place context: after จังหวัด / จ. / ชาว / เมือง, in
the dateline, or in a run-on list with another province (``จังหวัดขอนแก่น ร้อยเอ็ด มหาสารคาม``).
Districts and subdistricts need their marker (อำเภอ/อ./เขต, ตำบล/ต./แขวง) and are kept only
when the name is unambiguous among the provinces the report names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final

from partnernet.extract.dates import find_dates
from partnernet.extract.sentences import Doc, add_dictionary_words, place_aliases
from partnernet.foundation import geography as geo
from partnernet.foundation.thai import normalize_text

_PLACE_PREFIX: Final = re.compile(r"(?:จังหวัด|จ\.\s?|ชาว|เมือง|ณ\s)$")
_NUMBER_WORD: Final = re.compile(
    r"(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่|ร้อย|พัน|หมื่น|แสน|ล้าน|\d)\s?$"
)
_LIST_GAP: Final = re.compile(r"^[\s,、]*(?:(?:และ|หรือ|กับ)\s*)?(?:จังหวัด|จ\.\s?)?$")
_BANGKOK: Final = "10"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    code: str  # province code, or district / subdistrict code
    level: str = "province"


@dataclass(frozen=True, slots=True)
class RegionMention:
    start: int
    end: int
    region: geo.Region


@dataclass(frozen=True, slots=True)
class Dateline:
    start: int
    end: int
    text: str
    province: str | None
    first_day: date | None
    last_day: date | None


# ---------------------------------------------------------------------------- name tables


@cache
def province_names() -> dict[str, tuple[str, str]]:
    """Thai name or alias -> (province code, context rule)."""
    names: dict[str, tuple[str, str]] = {}
    for p in geo.provinces():
        names[normalize_text(p.name_th)] = (p.code, "")
    for alias in place_aliases():
        names[alias.alias] = (alias.province_code, alias.context)
    return names


@cache
def _province_re() -> re.Pattern[str]:
    names = sorted(province_names(), key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in names))


@cache
def _region_names() -> dict[str, geo.Region]:
    names: dict[str, geo.Region] = {}
    for region in geo.regions("region6"):
        names[normalize_text(region.name_th)] = region
    # the usual Thai ways of writing the regions in running text
    for alias, code in (("ภาคอีสาน", "Northeast"), ("อีสาน", "Northeast")):
        names[alias] = geo.resolve_region(code, "region6")
    return names


@cache
def _region_re() -> re.Pattern[str]:
    names = sorted(_region_names(), key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in names))


@cache
def _area_names() -> tuple[
    dict[str, tuple[geo.District, ...]], dict[str, tuple[geo.Subdistrict, ...]]
]:
    # Bangkok's units are named with their marker ("เขตดุสิต"): index them without it too
    dist: dict[str, list[geo.District]] = {}
    for d in geo.districts():
        for key in _area_keys(d.name_th):
            dist.setdefault(key, []).append(d)
    sub: dict[str, list[geo.Subdistrict]] = {}
    for s in geo.subdistricts():
        for key in _area_keys(s.name_th):
            sub.setdefault(key, []).append(s)
    return (
        {k: tuple(v) for k, v in dist.items()},
        {k: tuple(v) for k, v in sub.items()},
    )


def _area_keys(name: str) -> list[str]:
    name = normalize_text(name)
    for marker in ("เขต", "แขวง"):
        if name.startswith(marker) and len(name) > len(marker) + 1:
            return [name, name[len(marker) :]]
    return [name]


def dictionary_words() -> list[str]:
    return [*province_names(), *_region_names()]


add_dictionary_words(dictionary_words())


# ---------------------------------------------------------------------------- provinces


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _word_edges(doc: Doc, start: int, end: int) -> bool:
    text = doc.text
    left = start == 0 or not ("\u0e01" <= text[start - 1] <= "\u0e4e") or doc.is_boundary(start)
    right = end >= len(text) or not ("\u0e01" <= text[end] <= "\u0e4e") or doc.is_boundary(end)
    return left and right


def province_at(doc: Doc, start: int) -> tuple[int, str] | None:
    """A province name (or alias) beginning exactly at ``start``: (end, code). No context
    check: callers use it for qualifiers of organisation names (``อบจ.ขอนแก่น``)."""
    m = _province_re().match(doc.text, start)
    if m is None or not _word_edges(doc, start, m.end()):
        return None
    return m.end(), province_names()[m.group()][0]


def find_provinces(
    doc: Doc, excluded: Sequence[tuple[int, int]] = (), dateline: Dateline | None = None
) -> list[PlaceMention]:
    text = doc.text
    found: list[tuple[int, int, str, bool]] = []  # start, end, code, strong
    for m in _province_re().finditer(text):
        start, end = m.span()
        if _inside(excluded, start, end):
            continue
        before = text[max(0, start - 12) : start]
        if before.endswith("ภาค"):  # ภาคกรุงเทพ…: a region named after its capital
            continue
        prefixed = bool(_PLACE_PREFIX.search(before))
        if not prefixed and not _word_edges(doc, start, end):
            continue
        code, context = province_names()[m.group()]
        if context == "not_after_number" and _NUMBER_WORD.search(before):
            continue
        in_dateline = dateline is not None and dateline.start <= start < dateline.end
        strong = context != "place" or prefixed or in_dateline
        found.append((start, end, code, strong))
    # run-on lists: a weak name next to another province (with only spaces, commas, และ
    # between) is in a place context
    accepted: list[PlaceMention] = []
    groups: list[list[tuple[int, int, str, bool]]] = []
    for item in found:
        if groups and _LIST_GAP.match(text[groups[-1][-1][1] : item[0]]):
            groups[-1].append(item)
        else:
            groups.append([item])
    for group in groups:
        listed = len(group) >= 2 and any(strong for *_, strong in group)
        for start, end, code, strong in group:
            if strong or listed:
                accepted.append(PlaceMention(start, end, code))
    return accepted


# ---------------------------------------------------------------------------- regions


def find_regions(doc: Doc, excluded: Sequence[tuple[int, int]] = ()) -> list[RegionMention]:
    out: list[RegionMention] = []
    for m in _region_re().finditer(doc.text):
        start, end = m.span()
        if _inside(excluded, start, end) or not _word_edges(doc, start, end):
            continue
        out.append(RegionMention(start, end, _region_names()[m.group()]))
    return out


def region_at(doc: Doc, start: int) -> tuple[int, geo.Region] | None:
    m = _region_re().match(doc.text, start)
    if m is None or not _word_edges(doc, start, m.end()):
        return None
    return m.end(), _region_names()[m.group()]


# ---------------------------------------------------------------------------- areas

_AREA_MARKER: Final = re.compile(r"(อำเภอ|อ\.\s?|เขต|ตำบล|ต\.\s?|แขวง)")
_MAX_AREA_NAME: Final = 30


def area_name_at(
    doc: Doc, start: int, level: str, provinces: Iterable[str] = ()
) -> tuple[int, geo.District | geo.Subdistrict] | None:
    """The district or subdistrict whose name begins at ``start`` and is unambiguous in the
    given provinces (or nationally when none are given)."""
    districts, subdistricts = _area_names()
    table: dict[str, tuple[geo.District, ...]] | dict[str, tuple[geo.Subdistrict, ...]]
    table = districts if level == "district" else subdistricts
    text = doc.text
    stop = start
    while stop < len(text) and stop - start < _MAX_AREA_NAME and not text[stop].isspace():
        stop += 1
    scope = set(provinces)
    for end in range(stop, start + 1, -1):
        places = table.get(text[start:end])
        if not places or not (end == stop or doc.is_boundary(end)):
            continue
        chosen = [p for p in places if not scope or p.province_code in scope]
        if len(chosen) == 1:
            return end, chosen[0]
        return None
    return None


def find_areas(
    doc: Doc, provinces: Iterable[str], excluded: Sequence[tuple[int, int]] = ()
) -> list[PlaceMention]:
    scope = sorted(set(provinces))
    out: list[PlaceMention] = []
    for m in _AREA_MARKER.finditer(doc.text):
        start = m.start()
        if start > 0 and doc.text[start - 1] == ".":
            continue  # inside a rank such as พ.ต.อ.
        if not doc.is_boundary(start) or _inside(excluded, start, m.end()):
            continue
        marker = m.group(1).strip()
        level = "district" if marker in ("อำเภอ", "อ.", "เขต") else "subdistrict"
        bangkok_only = marker in ("เขต", "แขวง")
        found = area_name_at(doc, m.end(), level, [_BANGKOK] if bangkok_only else scope)
        if found is None:
            continue
        end, place = found
        out.append(PlaceMention(start, end, place.code, level))
    return out


# ---------------------------------------------------------------------------- dateline

_DATELINE_SPLIT: Final = re.compile(r"\s[/|–-]\s|\s/|/\s|(?<=[ก-๛])/(?=\d)")


def find_dateline(doc: Doc) -> Dateline | None:
    """``กรุงเทพ / วันที่ 10 – 11 กันยายน 2565 ...``: the place before the slash and the date
    after it, on the first line of the report."""
    first = doc.text[: doc.line_end(0)]
    split = _DATELINE_SPLIT.search(first[:160])
    if split is None:
        return None
    place = first[: split.start()].strip()
    if not place or len(place) > 120:
        return None
    dates = [d for d in find_dates(first) if d[0] >= split.end() and d[0] - split.end() < 20]
    first_day, last_day = (dates[0][2], dates[0][3]) if dates else (None, None)
    province = None
    for m in _province_re().finditer(place):
        province = province_names()[m.group()][0]
        break
    return Dateline(0, len(place), place, province, first_day, last_day)
