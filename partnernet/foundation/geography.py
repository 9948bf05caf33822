"""Thailand's provinces, districts and subdistricts, and the region systems they belong to.

Provinces come from the package data file ``data/provinces_th.csv`` (DOPA code, ISO 3166-2
code, Thai and English names and abbreviations, one column per built-in region system).
Districts and subdistricts come from the ``geothai`` package; this module wraps it in its own
frozen dataclasses so that nothing else imports ``geothai``. Everything loads on first use
and is cached; ``clear_caches()`` drops the caches.

Region codes. A region is named by its *system* and a *code* unique within that system:
``region6`` (North, Northeast, Central, East, West, South) and ``region4`` (North, Northeast,
Central, South). Codes are ASCII words (``[A-Za-z][A-Za-z0-9_-]*``, e.g. ``Northeast``);
``Region.key`` joins both as ``"region6:Northeast"``, which is what to store when the system
matters. ``resolve_region`` accepts that key, a bare code, the Thai or English name, or an
alias from the data (``NE``, ``Isan``, ``อีสาน``, ``ภาคอีสาน``, ...).

Region systems are data. ``data/regions.csv`` has the columns
``system,code,name_th,name_en,province_code,aliases``: a row with an empty ``province_code``
only names a region, a row with one also puts that province (code or any name
``resolve_province`` accepts) in the region; ``aliases`` is ``;``-separated. Membership in
``region6``/``region4`` comes from the province table's ``region*`` columns. To add a system
(e.g. CODI's office regions) without code changes, add rows to that file, or put them in a CSV
of your own named by the ``PARTNERNET_REGIONS`` environment variable (several paths separated
by ``os.pathsep``) or passed to ``add_region_file()``.

Size: longer than the house's ~600 lines on purpose: provinces, districts, subdistricts and
regions share one resolver (text keys, scopes, suggestions, the messages naming candidates);
split, the region half and the place half would import each other.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, TypeAlias, TypeVar, cast

import geothai

from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.thai import normalize_key

__all__ = [
    "BOUNDARIES_ATTRIBUTION",
    "DEFAULT_REGION_SYSTEM",
    "REGIONS_ENV",
    "AmbiguousPlaceError",
    "Area",
    "District",
    "GeographyDataError",
    "Province",
    "Region",
    "Subdistrict",
    "UnknownPlaceError",
    "add_region_file",
    "boundaries_geojson",
    "clear_caches",
    "describe",
    "district",
    "districts",
    "province",
    "provinces",
    "region_of",
    "region_provinces",
    "region_systems",
    "regions",
    "resolve_area",
    "resolve_district",
    "resolve_province",
    "resolve_region",
    "resolve_subdistrict",
    "subdistrict",
    "subdistricts",
]

DEFAULT_REGION_SYSTEM = "region6"
REGIONS_ENV = "PARTNERNET_REGIONS"
BOUNDARIES_ATTRIBUTION = (
    "Province boundaries: UN OCHA / Royal Thai Survey Department (2019), CC BY-IGO"
)
_PROVINCES_FILE = "data/provinces_th.csv"
_REGIONS_FILE = "data/regions.csv"
_GEOJSON_FILE = "data/th_adm1.geojson"
_BANGKOK = "10"
_MAX_LISTED = 10


@dataclass(frozen=True, slots=True)
class Province:
    level: ClassVar[str] = "province"
    code: str
    iso: str
    name_th: str
    name_en: str
    abbr_th: str
    abbr_en: str
    region6: str
    region4: str

    @property
    def province_code(self) -> str:
        """A province is in itself (lets area-scoped code treat all levels alike)."""
        return self.code


@dataclass(frozen=True, slots=True)
class District:
    level: ClassVar[str] = "district"
    code: str
    province_code: str
    name_th: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Subdistrict:
    level: ClassVar[str] = "subdistrict"
    code: str
    district_code: str
    province_code: str
    name_th: str
    name_en: str
    postal_code: str
    """The first (main) Thailand Post code; ``postal_codes`` has all of them."""
    postal_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Region:
    level: ClassVar[str] = "region"
    system: str
    code: str
    name_th: str
    name_en: str

    @property
    def key(self) -> str:
        """``"<system>:<code>"``, e.g. ``"region6:Northeast"``."""
        return f"{self.system}:{self.code}"


Area: TypeAlias = Province | District | Subdistrict


class UnknownPlaceError(NotFound, ValueError):
    """No place matches the text. ``suggestions`` holds the closest places (at most 3)."""

    def __init__(
        self,
        message: str,
        *,
        query: str = "",
        level: str = "",
        suggestions: Iterable[Area | Region] = (),
    ) -> None:
        super().__init__(message)
        self.query = query
        self.level = level
        self.suggestions: tuple[Area | Region, ...] = tuple(suggestions)


class AmbiguousPlaceError(UnknownPlaceError):
    """Several places match the text; ``candidates`` (= ``suggestions``) lists all of them."""

    @property
    def candidates(self) -> tuple[Area | Region, ...]:
        return self.suggestions


class GeographyDataError(InvalidInput):
    """A geography data file (provinces, regions) is inconsistent."""


# ---------------------------------------------------------------------------- text keys

_MARKS = re.compile(r"[\s.,'’‘()\-ฯ]+")
_MUEANG = re.compile(r"^(?:muang|meuang|mueng)")
_PARENS = re.compile(r"\(([^)]*)\)")
_CODE = re.compile(r"(?:th)?(\d+)")


def _norm(text: str) -> str:
    return normalize_key(text).strip().casefold()


def _compact(text: str) -> str:
    return _MUEANG.sub("mueang", _MARKS.sub("", _norm(text)))


@dataclass(frozen=True)
class _Words:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]


_PROVINCE_WORDS = _Words(
    re.compile(r"^(?:จังหวัด|จ\s?\.|changwat\s|province of\s)\s*"), re.compile(r"\sprovince$")
)
_DISTRICT_WORDS = _Words(
    re.compile(r"^(?:กิ่งอำเภอ|อำเภอ|อ\s?\.|เขต|king amphoe\s|amphoe\s|amphur\s|khet\s)\s*"),
    re.compile(r"\sdistrict$"),
)
_SUBDISTRICT_WORDS = _Words(
    re.compile(r"^(?:ตำบล|แขวง|ต\s?\.|tambon\s|khwaeng\s)\s*"), re.compile(r"\ssub-?district$")
)


def _keys(text: str, words: _Words) -> list[str]:
    """Lookup keys for ``text``: without the level word (``จ.``, ``อำเภอ``...) first, then as is."""
    normal = _norm(text)
    bare = words.suffix.sub("", words.prefix.sub("", normal, count=1))
    keys = [_compact(bare), _compact(normal)]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def _variants(name: str) -> list[str]:
    """A name, and for ``ปอภาร (ปอพาน)`` also each of its two spellings."""
    inner = _PARENS.findall(name)
    return [name, _PARENS.sub("", name), *inner] if inner else [name]


def _code_of(text: str) -> str | None:
    match = _CODE.fullmatch(_compact(text))
    return match.group(1) if match else None


# ---------------------------------------------------------------------------- provinces

# Names people use besides the official ones and the abbreviations in the data file.
_PROVINCE_ALIASES: Mapping[str, tuple[str, ...]] = {
    "10": ("กรุงเทพ", "กรุงเทพฯ", "Krung Thep", "Krung Thep Maha Nakhon"),
    "12": ("นนท์",),
    "13": ("ปทุม",),
    "14": ("อยุธยา", "กรุงศรีอยุธยา", "Ayutthaya", "Ayuthaya", "Ayudhya"),
    "30": ("โคราช", "Korat", "Khorat"),
    "34": ("อุบล", "Ubon"),
    "41": ("อุดร", "Udon"),
    "77": ("ประจวบ", "Prachuap"),
    "80": ("นครศรีฯ", "Nakhon Si"),
    "84": ("สุราษฎร์", "Surat"),
}


def _read_data(name: str) -> str:
    return files("partnernet").joinpath(name).read_text(encoding="utf-8-sig")


def _csv_rows(text: str) -> list[dict[str, str]]:
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for row in csv.DictReader(io.StringIO(text))
    ]


@cache
def _province_rows() -> tuple[dict[str, str], ...]:
    return tuple(_csv_rows(_read_data(_PROVINCES_FILE)))


@cache
def _provinces() -> tuple[Province, ...]:
    out: list[Province] = []
    for row in _province_rows():
        p = Province(
            code=row["dopa_code"],
            iso=row["iso_3166_2"],
            name_th=row["name_th"],
            name_en=row["name_en"],
            abbr_th=row["abbr_th"],
            abbr_en=row["abbr_en"],
            region6=row["region6"],
            region4=row["region4"],
        )
        if not re.fullmatch(r"\d{2}", p.code) or p.iso != f"TH-{p.code}":
            raise GeographyDataError(f"{_PROVINCES_FILE}: bad codes {p.code!r} / {p.iso!r}")
        out.append(p)
    return tuple(sorted(out, key=lambda p: p.code))


@cache
def _province_by_code() -> dict[str, Province]:
    return {p.code: p for p in _provinces()}


@cache
def _province_index() -> dict[str, tuple[Province, ...]]:
    index: dict[str, tuple[Province, ...]] = {}
    for p in _provinces():
        names = (p.name_th, p.name_en, p.abbr_th, p.abbr_en, *_PROVINCE_ALIASES.get(p.code, ()))
        for name in names:
            for key in _keys(name, _PROVINCE_WORDS):
                other = index.setdefault(key, (p,))[0]
                if other != p:
                    raise GeographyDataError(
                        f"province name {name!r} fits both {other.code} and {p.code}"
                    )
    return index


# ---------------------------------------------------------------------------- geothai wrapper


@cache
def _districts() -> tuple[District, ...]:
    return tuple(
        District(code=d.code, province_code=d.province_code, name_th=d.name_th, name_en=d.name_en)
        for p in _provinces()
        for d in geothai.districts(p.code)
    )


@cache
def _subdistricts() -> tuple[Subdistrict, ...]:
    out: list[Subdistrict] = []
    for d in _districts():
        for s in geothai.subdistricts(d.code):
            postal = tuple(s.postal_codes)
            out.append(
                Subdistrict(
                    code=s.code,
                    district_code=s.district_code,
                    province_code=s.province_code,
                    name_th=s.name_th,
                    name_en=s.name_en,
                    postal_code=postal[0] if postal else "",
                    postal_codes=postal,
                )
            )
    return tuple(out)


@cache
def _district_by_code() -> dict[str, District]:
    return {d.code: d for d in _districts()}


@cache
def _subdistrict_by_code() -> dict[str, Subdistrict]:
    return {s.code: s for s in _subdistricts()}


class _Named(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name_th(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def province_code(self) -> str: ...


# Area kinds and, for suggestions, regions: constrained so lists of them fit Area | Region.
_A = TypeVar("_A", Province, District, Subdistrict)
_R = TypeVar("_R", Province, District, Subdistrict, Region)


def _name_index(places: Iterable[_A], words: _Words) -> dict[str, tuple[_A, ...]]:
    grouped: dict[str, list[_A]] = {}
    for place in places:
        keys = {
            k for n in (place.name_th, place.name_en) for v in _variants(n) for k in _keys(v, words)
        }
        for key in sorted(keys):
            grouped.setdefault(key, []).append(place)
    return {k: tuple(v) for k, v in grouped.items()}


@cache
def _district_index() -> dict[str, tuple[District, ...]]:
    index = _name_index(_districts(), _DISTRICT_WORDS)
    # "อ.เมือง" / "Mueang" is the capital district (code XX01); Bangkok has none.
    capitals = tuple(
        d for d in _districts() if d.code.endswith("01") and d.province_code != _BANGKOK
    )
    index["เมือง"] = index["mueang"] = capitals
    return index


@cache
def _subdistrict_index() -> dict[str, tuple[Subdistrict, ...]]:
    return _name_index(_subdistricts(), _SUBDISTRICT_WORDS)


# ---------------------------------------------------------------------------- messages


def describe(place: Area | Region) -> str:
    """One line for messages, e.g. ``ขอนแก่น (Khon Kaen, 40)``,
    ``บ้านไผ่ (Ban Phai, 4010, จ.ขอนแก่น)``, ``ภาคตะวันออกเฉียงเหนือ (Northeast, region6:Northeast)``."""
    if isinstance(place, Region):
        return f"{place.name_th} ({place.name_en}, {place.key})"
    if isinstance(place, Province):
        return f"{place.name_th} ({place.name_en}, {place.code})"
    where = _where(place.province_code)
    if isinstance(place, Subdistrict):
        d = _district_by_code().get(place.district_code)
        if d is not None:
            where = f"{d.name_th if d.province_code == _BANGKOK else 'อ.' + d.name_th} {where}"
    return f"{place.name_th} ({place.name_en}, {place.code}, {where})"


def _where(province_code: str) -> str:
    p = _province_by_code().get(province_code)
    if p is None:
        return province_code
    return p.name_th if p.code == _BANGKOK else f"จ.{p.name_th}"


def _or_list(places: Sequence[Area | Region]) -> str:
    texts = [describe(p) for p in places]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " or " + texts[-1]


def _unknown(
    level: str, query: str, suggestions: Sequence[Area | Region], scope: str = ""
) -> UnknownPlaceError:
    message = f"unknown {level} {query!r}{scope}"
    if suggestions:
        message += f"; did you mean {_or_list(suggestions)}?"
    return UnknownPlaceError(message, query=query, level=level, suggestions=suggestions)


def _ambiguous(
    level: str, query: str, found: Sequence[Area | Region], hint: str
) -> AmbiguousPlaceError:
    listed = "; ".join(describe(p) for p in found[:_MAX_LISTED])
    more = f" and {len(found) - _MAX_LISTED} more" if len(found) > _MAX_LISTED else ""
    return AmbiguousPlaceError(
        f"ambiguous {level} {query!r}: {len(found)} places have this name: {listed}{more}; {hint}",
        query=query,
        level=level,
        suggestions=found,
    )


def _close(
    queries: Sequence[str], index: Mapping[str, Sequence[_R]], n: int = 3
) -> list[tuple[float, _R]]:
    """Up to ``n`` places whose keys are closest to any of the query keys, best first."""
    scored: list[tuple[float, str]] = []
    for query in queries:
        for key in difflib.get_close_matches(query, list(index), n=10, cutoff=0.6):
            scored.append((difflib.SequenceMatcher(None, query, key).ratio(), key))
    out: list[tuple[float, _R]] = []
    for score, key in sorted(scored, key=lambda s: -s[0]):
        for place in index[key]:
            if all(place != seen for _, seen in out):
                out.append((score, place))
    return out[:n]


# ---------------------------------------------------------------------------- resolving


@dataclass(frozen=True)
class _Level(Generic[_A]):
    name: str
    words: _Words
    index: Callable[[], Mapping[str, tuple[_A, ...]]]
    by_code: Callable[[], Mapping[str, _A]]
    digits: int


_HINTS = {
    "province": "use the code",
    "district": "give the province or use the code",
    "subdistrict": "give the district or province, or use the code",
}
_P = _Level("province", _PROVINCE_WORDS, _province_index, _province_by_code, 2)
_D = _Level("district", _DISTRICT_WORDS, _district_index, _district_by_code, 4)
_S = _Level("subdistrict", _SUBDISTRICT_WORDS, _subdistrict_index, _subdistrict_by_code, 6)


@dataclass(frozen=True)
class _Scope:
    province: str | None = None
    district: str | None = None

    def __call__(self, place: _Named) -> bool:
        if self.province is not None and place.province_code != self.province:
            return False
        return self.district is None or getattr(place, "district_code", None) == self.district

    def text(self) -> str:
        if self.district is not None:
            return f" in {describe(_district_by_code()[self.district])}"
        return f" in {_where(self.province)}" if self.province is not None else ""


def _exact(level: _Level[_A], text: str, scope: _Scope) -> tuple[list[_A], list[_A]]:
    """Name matches for the first key that matches: (inside the scope, outside it)."""
    index = level.index()
    for key in _keys(text, level.words):
        found = index.get(key, ())
        if found:
            return [p for p in found if scope(p)], [p for p in found if not scope(p)]
    return [], []


def _suggest(level: _Level[_A], text: str, scope: _Scope) -> list[tuple[float, _A]]:
    index: Mapping[str, Sequence[_A]] = level.index()
    if scope != _Scope():
        index = {k: kept for k, v in index.items() if (kept := [p for p in v if scope(p)])}
    return _close(_keys(text, level.words), index)


def _find(level: _Level[_A], text: str, scope: _Scope) -> _A:
    """One place of ``level`` named or coded ``text`` inside ``scope``, or an error."""
    code = _code_of(text)
    if code is not None:
        place = level.by_code().get(code)
        if place is None:
            note = "" if len(code) == level.digits else f" ({level.digits} digits expected)"
            message = f"unknown {level.name} code {text!r}{note}"
            raise UnknownPlaceError(message, query=text, level=level.name)
        if not scope(place):
            raise _unknown(level.name, text, [place], scope.text())
        return place
    inside, outside = _exact(level, text, scope)
    if len(inside) == 1:
        return inside[0]
    if inside:
        raise _ambiguous(level.name, text, inside, _HINTS[level.name])
    if outside:
        raise _unknown(level.name, text, outside[:3], scope.text())
    raise _unknown(level.name, text, [p for _, p in _suggest(level, text, scope)], scope.text())


def _province_scope(province_code: str | int | None) -> str | None:
    return None if province_code is None else resolve_province(province_code).code


def resolve_province(text: str | int) -> Province:
    """A province from its code (``40``, ``TH-40``, ``๔๐``), Thai or English name (with or
    without ``จ.``/``จังหวัด``, any case and spacing) or abbreviation (``ขก.``, ``กทม``, ``BKK``).

    Raises ``UnknownPlaceError`` naming up to 3 close matches."""
    return _find(_P, str(text), _Scope())


def resolve_district(text: str | int, province_code: str | int | None = None) -> District:
    """A district from its 4-digit code or its name (``อ.``/``อำเภอ``/``เขต`` prefix optional,
    English names too; ``เมือง``/``Mueang`` is the capital district), optionally inside a
    province (code or name). Also reads ``"อ.บ้านไผ่ จ.ขอนแก่น"``.

    Raises ``AmbiguousPlaceError`` (a ``UnknownPlaceError``) when the name is used in several
    provinces and no province narrows it."""
    raw = str(text)
    parts = _address_parts(raw)
    if parts and "district" in parts and "subdistrict" not in parts:
        found = _resolve_parts(parts, _province_scope(province_code))
        if isinstance(found, District):
            return found
    return _find(_D, raw, _Scope(_province_scope(province_code)))


def resolve_subdistrict(
    text: str | int,
    province_code: str | int | None = None,
    district_code: str | int | None = None,
) -> Subdistrict:
    """A subdistrict from its 6-digit code or name (``ต.``/``ตำบล``/``แขวง`` prefix optional),
    optionally inside a province and/or district (codes or names). Also reads full addresses
    such as ``"ต.ในเมือง อ.เมือง จ.ขอนแก่น"``."""
    raw = str(text)
    province = _province_scope(province_code)
    parts = _address_parts(raw)
    if parts and "subdistrict" in parts and district_code is None:
        found = _resolve_parts(parts, province)
        if isinstance(found, Subdistrict):
            return found
    dist = None if district_code is None else resolve_district(district_code, province).code
    return _find(_S, raw, _Scope(province, dist))


def resolve_area(text: str | int, province_code: str | int | None = None) -> Area:
    """A province, district or subdistrict: a code (2, 4 or 6 digits), a name with a level
    word (``จ.``, ``อ.``, ``ต.``...), a full address, or a bare name, which is looked up as a
    province, then a district, then a subdistrict (the first level with a match wins)."""
    raw = str(text)
    province = _province_scope(province_code)
    parts = _address_parts(raw)
    if parts:
        return _resolve_parts(parts, province)
    code = _code_of(raw)
    if code is not None:
        levels: dict[int, _Level[Any]] = {2: _P, 4: _D, 6: _S}
        if len(code) not in levels:
            raise UnknownPlaceError(
                f"unknown area code {raw!r}: provinces have 2 digits, districts 4, subdistricts 6",
                query=raw,
                level="area",
            )
        return cast(Area, _find(levels[len(code)], raw, _Scope(province)))
    normal = _norm(raw)
    candidates: tuple[_Level[Any], ...] = (_P, _D, _S)
    marked = [lv for lv in candidates if lv.words.prefix.match(normal)]
    if len(marked) == 1:
        candidates = (marked[0],)
    scope = _Scope(province)
    for level in candidates:
        inside, _ = _exact(level, raw, scope)
        if len(inside) == 1:
            return cast(Area, inside[0])
        if inside:
            raise _ambiguous(level.name, raw, inside, _HINTS[level.name])
    if len(candidates) == 1:
        return cast(Area, _find(candidates[0], raw, scope))
    scored = [s for lv in candidates for s in _suggest(lv, raw, scope)]
    best = [p for _, p in sorted(scored, key=lambda s: -s[0])[:3]]
    raise _unknown("area", raw, best, scope.text())


# "ต.ในเมือง อ.เมือง จ.ขอนแก่น 40000", "แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพฯ"
_MARKER = re.compile(r"(?:^|(?<=\s))(จังหวัด|จ\s?\.|กิ่งอำเภอ|อำเภอ|อ\s?\.|เขต|ตำบล|ต\s?\.|แขวง)")
_MARKER_LEVEL = {"จ": "province", "ก": "district", "อ": "district", "เ": "district"}


def _address_parts(text: str) -> dict[str, str] | None:
    """Split an address into ``{"subdistrict": ..., "district": ..., "province": ...}``;
    ``None`` unless it names at least two levels."""
    normal = re.sub(r"\s\d{5}$", "", _norm(text))
    marks = list(_MARKER.finditer(normal))
    parts: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(normal)
        body = normal[mark.end() : end].strip(" ,")
        level = _MARKER_LEVEL.get(mark.group(1)[0], "subdistrict")
        if level != "province" and " " in body and "province" not in parts:
            head, tail = body.split(" ", 1)
            if _exact(_P, tail, _Scope())[0]:
                body, parts["province"] = head, tail
        if level in parts or not body:
            return None
        parts[level] = body
    return parts if len(parts) >= 2 else None


def _resolve_parts(parts: Mapping[str, str], province_code: str | None) -> Area:
    province = province_code
    found: Area | None = None
    if "province" in parts:
        found = resolve_province(parts["province"])
        if province is not None and found.code != province:
            raise UnknownPlaceError(
                f"{parts['province']!r} is {describe(found)}, not {_where(province)}",
                query=parts["province"],
                level="province",
                suggestions=[found],
            )
        province = found.code
    district = None
    if "district" in parts:
        found = _find(_D, parts["district"], _Scope(province))
        district = found.code
    if "subdistrict" in parts:
        found = _find(_S, parts["subdistrict"], _Scope(province, district))
    if found is None:
        raise UnknownPlaceError("empty address", query="", level="area")
    return found


# ---------------------------------------------------------------------------- listing


def provinces() -> list[Province]:
    """All 77 provinces, by code."""
    return list(_provinces())


def province(code: str) -> Province:
    """The province with this exact 2-digit DOPA code; ``UnknownPlaceError`` if none."""
    found = _province_by_code().get(str(code).strip())
    if found is None:
        raise UnknownPlaceError(f"unknown province code {code!r}", query=code, level="province")
    return found


def district(code: str) -> District:
    """The district with this exact 4-digit DOPA code; ``UnknownPlaceError`` if none."""
    found = _district_by_code().get(str(code).strip())
    if found is None:
        raise UnknownPlaceError(f"unknown district code {code!r}", query=code, level="district")
    return found


def subdistrict(code: str) -> Subdistrict:
    """The subdistrict with this exact 6-digit DOPA code; ``UnknownPlaceError`` if none."""
    found = _subdistrict_by_code().get(str(code).strip())
    if found is None:
        raise UnknownPlaceError(
            f"unknown subdistrict code {code!r}", query=code, level="subdistrict"
        )
    return found


def districts(province_code: str | int | None = None) -> list[District]:
    """All districts by code, or those of one province (code or any province name)."""
    province = _province_scope(province_code)
    return [d for d in _districts() if province is None or d.province_code == province]


def subdistricts(
    district_code: str | int | None = None, province_code: str | int | None = None
) -> list[Subdistrict]:
    """All subdistricts by code, or those of a district and/or province (codes or names)."""
    province = _province_scope(province_code)
    dist = None if district_code is None else resolve_district(district_code, province).code
    scope = _Scope(province, dist)
    return [s for s in _subdistricts() if scope(s)]


# ---------------------------------------------------------------------------- regions

_SYSTEM_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_extra_region_files: list[Path] = []


@dataclass(frozen=True)
class _RegionData:
    systems: tuple[str, ...]
    regions: Mapping[str, tuple[Region, ...]]
    members: Mapping[tuple[str, str], Region]
    keys: Mapping[str, tuple[Region, ...]]


def _region_key(text: str) -> str:
    key = _compact(text)
    for prefix in ("ภูมิภาค", "ภาค"):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    return key.removesuffix("region") or key


def _region_sources() -> list[tuple[str, str]]:
    sources = [(_REGIONS_FILE, _read_data(_REGIONS_FILE))]
    env = [Path(p) for p in os.environ.get(REGIONS_ENV, "").split(os.pathsep) if p.strip()]
    for path in (*env, *_extra_region_files):
        sources.append((str(path), path.read_text(encoding="utf-8-sig")))
    return sources


@cache
def _region_data() -> _RegionData:
    names: dict[tuple[str, str], dict[str, str]] = {}
    aliases: dict[tuple[str, str], list[str]] = {}
    members: dict[tuple[str, str], str] = {}

    def place(system: str, code: str, province_text: str, where: str) -> None:
        try:
            prov = resolve_province(province_text).code
        except UnknownPlaceError as exc:
            raise GeographyDataError(f"{where}: {exc}") from exc
        old = members.setdefault((system, prov), code)
        if old != code:
            raise GeographyDataError(
                f"{where}: province {prov} is in both {system}:{old} and {system}:{code}"
            )

    for label, text in _region_sources():
        for line, row in enumerate(_csv_rows(text), start=2):
            system, code = row.get("system", ""), row.get("code", "")
            if not system or system.startswith("#"):
                continue
            where = f"{label}:{line}"
            if not (_SYSTEM_RE.fullmatch(system) and _SYSTEM_RE.fullmatch(code)):
                raise GeographyDataError(f"{where}: system and code must be ASCII words")
            entry = names.setdefault((system, code), {})
            for column in ("name_th", "name_en"):
                value = row.get(column, "")
                if value and entry.setdefault(column, value) != value:
                    raise GeographyDataError(
                        f"{where}: {system}:{code} is named {entry[column]!r} and {value!r}"
                    )
            more = [a.strip() for a in row.get("aliases", "").split(";") if a.strip()]
            aliases.setdefault((system, code), []).extend(more)
            if row.get("province_code"):
                place(system, code, row["province_code"], where)
    header = _province_rows()[0] if _province_rows() else {}
    columns = [c for c in header if re.fullmatch(r"region\w+", c)]
    for row in _province_rows():
        for column in columns:
            if (column, row[column]) not in names:
                raise GeographyDataError(
                    f"{_PROVINCES_FILE}: region {column}:{row[column]} has no names in "
                    f"{_REGIONS_FILE}"
                )
            place(column, row[column], row["dopa_code"], _PROVINCES_FILE)

    regions: dict[str, list[Region]] = {}
    keys: dict[str, list[Region]] = {}
    for (system, code), entry in names.items():
        name_th = entry.get("name_th") or entry.get("name_en") or code
        region = Region(system, code, name_th, entry.get("name_en") or code)
        regions.setdefault(system, []).append(region)
        for text in {code, region.name_th, region.name_en, *aliases[(system, code)]}:
            found = keys.setdefault(_region_key(text), [])
            clash = [r for r in found if r.system == system and r != region]
            if clash:
                raise GeographyDataError(
                    f"region name {text!r} fits both {clash[0].key} and {region.key}"
                )
            if region not in found:
                found.append(region)
    by_code = {r.key: r for rs in regions.values() for r in rs}
    return _RegionData(
        systems=tuple(regions),
        regions={s: tuple(rs) for s, rs in regions.items()},
        members={k: by_code[f"{k[0]}:{code}"] for k, code in members.items()},
        keys={k: tuple(rs) for k, rs in keys.items()},
    )


def _system(system: str) -> str:
    data = _region_data()
    if system in data.systems:
        return system
    for known in data.systems:
        if known.casefold() == system.strip().casefold():
            return known
    raise UnknownPlaceError(
        f"unknown region system {system!r}; known: {', '.join(data.systems)}",
        query=system,
        level="region system",
    )


def region_systems() -> list[str]:
    """The region systems, built-in first: ``["region6", "region4", ...]``."""
    return list(_region_data().systems)


def regions(system: str = DEFAULT_REGION_SYSTEM) -> list[Region]:
    """The regions of a system, in the order of the data file."""
    return list(_region_data().regions[_system(system)])


def region_of(province_code: str | int, system: str = DEFAULT_REGION_SYSTEM) -> Region:
    """The region of ``system`` that a province (code or name) is in."""
    prov = resolve_province(province_code)
    found = _region_data().members.get((_system(system), prov.code))
    if found is None:
        raise UnknownPlaceError(
            f"province {describe(prov)} is in no region of {system!r}",
            query=str(province_code),
            level="region",
        )
    return found


def region_provinces(region: Region | str, system: str | None = None) -> list[Province]:
    """The provinces of a region (a ``Region`` or anything ``resolve_region`` accepts)."""
    found = resolve_region(region, system)
    members = _region_data().members
    return [p for p in _provinces() if members.get((found.system, p.code)) == found]


def resolve_region(text: str | Region, system: str | None = None) -> Region:
    """A region from ``"region6:Northeast"``, a code, a Thai or English name or an alias
    (``NE``, ``Isan``, ``อีสาน``, ``ภาคอีสาน``). Without ``system`` the first system in
    ``region_systems()`` order that has the name wins (``region6`` before ``region4``)."""
    data = _region_data()
    if isinstance(text, Region):
        if text not in data.regions.get(text.system, ()):
            raise _unknown("region", text.key, [])
        return text
    raw = str(text)
    head, sep, tail = raw.partition(":")
    if sep and head.strip().casefold() in {s.casefold() for s in data.systems}:
        if system is not None and _system(system) != _system(head):
            raise _unknown("region", raw, [], f" in {system}")
        system, raw_name = head, tail
    else:
        raw_name = raw
    wanted = None if system is None else _system(system)
    found = [r for r in data.keys.get(_region_key(raw_name), ()) if wanted in (None, r.system)]
    if found:
        return found[0]
    elsewhere = list(data.keys.get(_region_key(raw_name), ()))
    if elsewhere:
        raise _unknown("region", raw, elsewhere[:3], f" in {wanted}")
    pool = {
        k: kept
        for k, v in data.keys.items()
        if (kept := [r for r in v if wanted in (None, r.system)])
    }
    close = [r for _, r in _close([_region_key(raw_name)], pool)]
    raise _unknown("region", raw, close, f" in {wanted}" if wanted else "")


# ---------------------------------------------------------------------------- misc


@cache
def _geojson_text() -> str:
    return _read_data(_GEOJSON_FILE)


def boundaries_geojson() -> dict[str, Any]:
    """Simplified province boundaries (77 features keyed by ``ADM1_PCODE`` = ``TH`` + code),
    a fresh copy each call. Show ``BOUNDARIES_ATTRIBUTION`` wherever the map is shown."""
    return cast(dict[str, Any], json.loads(_geojson_text()))


def add_region_file(path: str | os.PathLike[str]) -> None:
    """Add a CSV of regions (same columns as ``data/regions.csv``) for this process."""
    _extra_region_files.append(Path(path))
    clear_caches()


def clear_caches() -> None:
    """Forget every loaded table (after changing data files or ``PARTNERNET_REGIONS``)."""
    for fn in (
        _province_rows,
        _provinces,
        _province_by_code,
        _province_index,
        _districts,
        _subdistricts,
        _district_by_code,
        _subdistrict_by_code,
        _district_index,
        _subdistrict_index,
        _region_data,
        _geojson_text,
    ):
        fn.cache_clear()
