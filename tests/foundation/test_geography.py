"""Provinces, districts, subdistricts and regions: tables, counts and name resolution."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import geothai
import pytest

from partnernet.foundation import geography as geo
from partnernet.foundation.geography import (
    AmbiguousPlaceError,
    District,
    GeographyDataError,
    Province,
    Region,
    Subdistrict,
    UnknownPlaceError,
)

# ---------------------------------------------------------------------------- provinces


def test_77_provinces_sorted_with_iso_codes() -> None:
    provinces = geo.provinces()
    assert len(provinces) == 77
    assert [p.code for p in provinces] == sorted(p.code for p in provinces)
    assert all(p.iso == f"TH-{p.code}" for p in provinces)
    assert len({p.abbr_th for p in provinces}) == 77
    assert len({p.abbr_en for p in provinces}) == 77


def test_province_table_agrees_with_geothai() -> None:
    ours = {p.code: (p.name_th, p.name_en) for p in geo.provinces()}
    theirs = {p.code: (p.name_th, p.name_en) for p in geothai.provinces()}
    assert ours == theirs


def test_province_fields() -> None:
    kk = geo.province("40")
    assert kk == Province(
        code="40",
        iso="TH-40",
        name_th="ขอนแก่น",
        name_en="Khon Kaen",
        abbr_th="ขก",
        abbr_en="KKN",
        region6="Northeast",
        region4="Northeast",
    )
    assert kk.province_code == "40"
    assert kk.level == "province"
    with pytest.raises(dataclasses.FrozenInstanceError):
        kk.name_th = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("40", "40"),
        (40, "40"),
        ("TH-40", "40"),
        ("th-40", "40"),
        ("ขอนแก่น", "40"),
        ("จ.ขอนแก่น", "40"),
        ("จ. ขอนแก่น", "40"),
        ("จังหวัดขอนแก่น", "40"),
        ("  ขอนแก่น ", "40"),
        ("Khon Kaen", "40"),
        ("khon kaen", "40"),
        ("KhonKaen", "40"),
        ("KHON  KAEN", "40"),
        ("Khon Kaen Province", "40"),
        ("ขก", "40"),
        ("ขก.", "40"),
        ("KKN", "40"),
        ("๔๐", "40"),
        ("กทม", "10"),
        ("กทม.", "10"),
        ("กรุงเทพฯ", "10"),
        ("กรุงเทพ", "10"),
        ("กรุงเทพมหานคร", "10"),
        ("Bangkok", "10"),
        ("BKK", "10"),
        ("bkk", "10"),
        ("๑๐", "10"),
        ("อยุธยา", "14"),
        ("Ayutthaya", "14"),
        ("โคราช", "30"),
        ("Chiang Mai", "50"),
        ("chiangmai", "50"),
        ("Lopburi", "16"),
        ("Nakhon Si Thammarat", "80"),
    ],
)
def test_resolve_province_spellings(text: str | int, code: str) -> None:
    assert geo.resolve_province(text).code == code


def test_resolve_province_relies_on_normalize_key() -> None:
    # Zero-width characters, decomposed sara am and Thai digits are normalize_key's job.
    assert geo.resolve_province("ขอน\u200bแก่น").code == "40"
    assert geo.resolve_province("ก\u0e4d\u0e32แพงเพชร").code == "62"
    assert geo.resolve_province("TH-๖๒").code == "62"
    assert geo.resolve_province("ขอนเเก่น").code == "40"  # two sara e typed for sara ae


def test_every_province_resolves_by_each_of_its_names() -> None:
    for p in geo.provinces():
        for text in (p.code, p.iso, p.name_th, p.name_en, p.abbr_th, p.abbr_en, f"จ.{p.name_th}"):
            assert geo.resolve_province(text) == p, text


def test_misspelt_province_suggests_the_closest() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        geo.resolve_province("ขอนแกน")  # no mai ek
    assert str(info.value) == "unknown province 'ขอนแกน'; did you mean ขอนแก่น (Khon Kaen, 40)?"
    assert [p.code for p in info.value.suggestions] == ["40"]
    assert info.value.query == "ขอนแกน"
    assert info.value.level == "province"
    assert isinstance(info.value, ValueError)


def test_misspelt_english_province_lists_up_to_three() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        geo.resolve_province("Khon Kean")
    assert 1 <= len(info.value.suggestions) <= 3
    assert info.value.suggestions[0] == geo.province("40")
    assert "did you mean ขอนแก่น (Khon Kaen, 40)" in str(info.value)


@pytest.mark.parametrize("text", ["99", "TH-99", "Atlantis", "", "4010"])
def test_unknown_province(text: str) -> None:
    with pytest.raises(UnknownPlaceError, match="unknown province"):
        geo.resolve_province(text)


def test_province_by_exact_code_only() -> None:
    assert geo.province("10").name_en == "Bangkok"
    with pytest.raises(UnknownPlaceError):
        geo.province("Bangkok")


# ---------------------------------------------------------------------------- regions


def test_region_systems() -> None:
    assert geo.region_systems()[:2] == ["region6", "region4"]


@pytest.mark.parametrize(
    ("system", "counts"),
    [
        (
            "region6",
            {"North": 9, "Northeast": 20, "Central": 22, "East": 7, "West": 5, "South": 14},
        ),
        ("region4", {"North": 17, "Northeast": 20, "Central": 26, "South": 14}),
    ],
)
def test_region_counts(system: str, counts: dict[str, int]) -> None:
    assert [r.code for r in geo.regions(system)] == list(counts)
    assert {r.code: len(geo.region_provinces(r)) for r in geo.regions(system)} == counts
    column = Counter(getattr(p, system) for p in geo.provinces())
    assert dict(column) == counts


def test_region_names_are_bilingual() -> None:
    ne = geo.resolve_region("region6:Northeast")
    assert ne == Region("region6", "Northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast")
    assert ne.key == "region6:Northeast"
    names = {r.code: r.name_th for r in geo.regions("region6")}
    assert names == {
        "North": "ภาคเหนือ",
        "Northeast": "ภาคตะวันออกเฉียงเหนือ",
        "Central": "ภาคกลาง",
        "East": "ภาคตะวันออก",
        "West": "ภาคตะวันตก",
        "South": "ภาคใต้",
    }


@pytest.mark.parametrize(
    "text",
    [
        "อีสาน",
        "ภาคอีสาน",
        "Northeast",
        "NE",
        "ne",
        "North-East",
        "Isan",
        "Isaan",
        "ภาคตะวันออกเฉียงเหนือ",
        "Northeast Region",
    ],
)
def test_resolve_region_northeast(text: str) -> None:
    assert geo.resolve_region(text).key == "region6:Northeast"
    assert geo.resolve_region(text, "region4").key == "region4:Northeast"
    assert geo.resolve_region(f"region6:{text}").key == "region6:Northeast"


@pytest.mark.parametrize(
    ("text", "system", "key"),
    [
        ("ภาคเหนือ", None, "region6:North"),
        ("ภาคใต้", None, "region6:South"),
        ("ใต้", "region4", "region4:South"),
        ("ภาคกลาง", "region4", "region4:Central"),
        ("region4:Central", None, "region4:Central"),
        ("REGION4:central", None, "region4:Central"),
        ("E", None, "region6:East"),
        ("Western", None, "region6:West"),
    ],
)
def test_resolve_region(text: str, system: str | None, key: str) -> None:
    assert geo.resolve_region(text, system).key == key


def test_resolve_region_errors() -> None:
    with pytest.raises(UnknownPlaceError, match="unknown region 'West' in region4") as info:
        geo.resolve_region("West", "region4")
    assert info.value.suggestions == (geo.resolve_region("region6:West"),)
    with pytest.raises(UnknownPlaceError):
        geo.resolve_region("region6:Northeast", "region4")
    with pytest.raises(UnknownPlaceError, match="unknown region system 'nope'"):
        geo.regions("nope")
    with pytest.raises(UnknownPlaceError) as info:
        geo.resolve_region("Nort East")
    assert info.value.suggestions[0] == geo.resolve_region("region6:Northeast")


def test_region_of() -> None:
    assert geo.region_of("40").key == "region6:Northeast"
    assert geo.region_of("นครสวรรค์", "region6").code == "Central"
    assert geo.region_of("60", "region4").code == "North"
    assert geo.region_of("Bangkok", "region4").code == "Central"
    for p in geo.provinces():
        assert geo.region_of(p.code, "region6").code == p.region6
        assert geo.region_of(p.code, "region4").code == p.region4


@pytest.fixture
def fresh_regions(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.setattr(geo, "_extra_region_files", [])
    monkeypatch.delenv(geo.REGIONS_ENV, raising=False)
    geo.clear_caches()
    yield monkeypatch
    monkeypatch.undo()
    geo.clear_caches()


def test_region_system_added_as_data(fresh_regions: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "codi.csv"
    extra.write_text(
        "system,code,name_th,name_en,province_code,aliases\n"
        "codi,Isan,สำนักงานภาคอีสาน,Isan office,40,\n"
        "codi,Isan,,,จ.อุดรธานี,\n"
        "codi,Bangkok,สำนักงานกรุงเทพฯ,Bangkok office,กทม,BKK-office\n",
        encoding="utf-8",
    )
    fresh_regions.setenv(geo.REGIONS_ENV, str(extra))
    geo.clear_caches()
    assert geo.region_systems() == ["region6", "region4", "codi"]
    isan = geo.resolve_region("isan", "codi")
    assert (isan.key, isan.name_th) == ("codi:Isan", "สำนักงานภาคอีสาน")
    assert [p.code for p in geo.region_provinces(isan)] == ["40", "41"]
    assert geo.region_of("41", "codi") == isan
    assert geo.resolve_region("BKK office").key == "codi:Bangkok"
    with pytest.raises(UnknownPlaceError, match="in no region of 'codi'"):
        geo.region_of("50", "codi")


def test_add_region_file(fresh_regions: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "zones.csv"
    extra.write_text("system,code,name_th,name_en,province_code\nzone,A,เขตเอ,Zone A,10\n")
    geo.add_region_file(extra)
    assert geo.region_of("10", "zone").name_en == "Zone A"


def test_inconsistent_region_data_is_an_error(
    fresh_regions: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    extra = tmp_path / "bad.csv"
    extra.write_text(
        "system,code,name_th,name_en,province_code\nx,A,ก,A,40\nx,B,ข,B,ขอนแก่น\n",
        encoding="utf-8",
    )
    geo.add_region_file(extra)
    with pytest.raises(GeographyDataError, match="province 40 is in both x:A and x:B"):
        geo.region_systems()


# ---------------------------------------------------------------------------- districts


def test_district_and_subdistrict_counts() -> None:
    districts, subdistricts = geo.districts(), geo.subdistricts()
    assert len(districts) > 900
    assert len(subdistricts) > 7000
    assert len(districts) == sum(len(geothai.districts(p.code)) for p in geothai.provinces())
    assert len({d.code for d in districts}) == len(districts)
    assert len({s.code for s in subdistricts}) == len(subdistricts)
    assert {d.province_code for d in districts} == {p.code for p in geo.provinces()}
    assert all(s.district_code[:2] == s.province_code for s in subdistricts)


def test_listing_by_area() -> None:
    kk = geo.districts("40")
    assert len(kk) == len(geothai.districts("40")) > 20
    assert all(isinstance(d, District) and d.province_code == "40" for d in kk)
    assert geo.districts("ขอนแก่น") == kk
    ban_phai = geo.subdistricts(district_code="4010")
    assert ban_phai and all(s.district_code == "4010" for s in ban_phai)
    in_kk = geo.subdistricts(province_code="40")
    assert set(ban_phai) < set(in_kk)
    assert geo.subdistricts("บ้านไผ่", province_code="40") == ban_phai


def test_subdistrict_fields() -> None:
    ko_tao = geo.subdistrict("840503")
    assert ko_tao == Subdistrict(
        code="840503",
        district_code="8405",
        province_code="84",
        name_th="เกาะเต่า",
        name_en="Ko Tao",
        postal_code="84360",
        postal_codes=("84360",),
    )
    assert all(s.postal_code == s.postal_codes[0] for s in geo.subdistricts() if s.postal_codes)


@pytest.mark.parametrize(
    ("text", "province", "code"),
    [
        ("4010", None, "4010"),
        ("บ้านไผ่", None, "4010"),
        ("อ.บ้านไผ่", None, "4010"),
        ("อ. บ้านไผ่", None, "4010"),
        ("อำเภอบ้านไผ่", None, "4010"),
        ("Ban Phai", None, "4010"),
        ("Amphoe Ban Phai", None, "4010"),
        ("ban phai district", None, "4010"),
        ("บ้านไผ่", "ขอนแก่น", "4010"),
        ("เขตพระนคร", None, "1001"),
        ("พระนคร", None, "1001"),
        ("Khet Phra Nakhon", None, "1001"),
        ("เมืองขอนแก่น", None, "4001"),
        ("Muang Khon Kaen", None, "4001"),
        ("อ.เมือง", "40", "4001"),
        ("Mueang", "Khon Kaen", "4001"),
        ("อ.เมือง จ.ขอนแก่น", None, "4001"),
        ("เกาะพะงัน", None, "8405"),
        ("Ko Pha-ngan", None, "8405"),
        ("เฉลิมพระเกียรติ", "นครราชสีมา", "3032"),
    ],
)
def test_resolve_district(text: str, province: str | None, code: str) -> None:
    assert geo.resolve_district(text, province).code == code


def test_ambiguous_district_lists_candidates() -> None:
    with pytest.raises(AmbiguousPlaceError) as info:
        geo.resolve_district("อ.เฉลิมพระเกียรติ")
    candidates = info.value.candidates
    assert len(candidates) >= 2
    assert {c.name_th for c in candidates} == {"เฉลิมพระเกียรติ"}
    assert "3032" in [c.code for c in candidates]
    message = str(info.value)
    assert message.startswith("ambiguous district 'อ.เฉลิมพระเกียรติ'")
    assert "จ.นครราชสีมา" in message and "give the province" in message
    assert isinstance(info.value, UnknownPlaceError)


def test_district_outside_the_province_points_to_where_it_is() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        geo.resolve_district("บ้านไผ่", province_code="41")
    assert "in จ.อุดรธานี" in str(info.value)
    assert [d.code for d in info.value.suggestions] == ["4010"]
    with pytest.raises(UnknownPlaceError):
        geo.resolve_district("4010", province_code="41")


def test_misspelt_district_suggests() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        geo.resolve_district("บ้านใผ่", province_code="40")
    assert [d.code for d in info.value.suggestions] == ["4010"]


# ---------------------------------------------------------------------------- subdistricts


@pytest.mark.parametrize(
    ("text", "province", "district", "code"),
    [
        ("840503", None, None, "840503"),
        ("ต.ในเมือง", "40", "4001", "400101"),
        ("ตำบลในเมือง", "ขอนแก่น", "อ.เมือง", "400101"),
        ("Nai Mueang", None, "4001", "400101"),
        ("ต.ในเมือง อ.เมือง จ.ขอนแก่น", None, None, "400101"),
        ("ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น 40000", None, None, "400101"),
        ("แขวงพระบรมมหาราชวัง", None, None, "100101"),
        ("แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพฯ", None, None, "100101"),
        ("เกาะเต่า", "สุราษฎร์ธานี", None, "840503"),
        ("Ko Tao", "84", None, "840503"),
    ],
)
def test_resolve_subdistrict(
    text: str, province: str | None, district: str | None, code: str
) -> None:
    assert geo.resolve_subdistrict(text, province, district).code == code


def test_ambiguous_subdistrict() -> None:
    with pytest.raises(AmbiguousPlaceError) as info:
        geo.resolve_subdistrict("ต.ในเมือง", province_code="40")
    assert all(isinstance(s, Subdistrict) for s in info.value.candidates)
    assert {s.province_code for s in info.value.candidates if isinstance(s, Subdistrict)} == {"40"}
    assert len(info.value.candidates) > 1
    assert "give the district" in str(info.value)


# ---------------------------------------------------------------------------- areas


@pytest.mark.parametrize(
    ("text", "province", "kind", "code"),
    [
        ("40", None, Province, "40"),
        ("TH-40", None, Province, "40"),
        ("4010", None, District, "4010"),
        ("400101", None, Subdistrict, "400101"),
        ("๔๐๐๑๐๑", None, Subdistrict, "400101"),
        ("ขอนแก่น", None, Province, "40"),
        ("จ.ขอนแก่น", None, Province, "40"),
        ("บ้านไผ่", None, District, "4010"),
        ("ต.บ้านไผ่", "40", Subdistrict, "401001"),
        ("เมือง", "40", District, "4001"),
        ("อ.เมือง ขอนแก่น", None, District, "4001"),
        ("ต.ในเมือง อ.เมือง จ.ขอนแก่น", None, Subdistrict, "400101"),
        ("Ko Pha-ngan", None, District, "8405"),
    ],
)
def test_resolve_area(text: str, province: str | None, kind: type, code: str) -> None:
    area = geo.resolve_area(text, province)
    assert isinstance(area, kind)
    assert area.code == code


def test_resolve_area_errors() -> None:
    with pytest.raises(UnknownPlaceError, match="2 digits, districts 4, subdistricts 6"):
        geo.resolve_area("12345")
    with pytest.raises(AmbiguousPlaceError):
        geo.resolve_area("เกาะเต่า")
    with pytest.raises(UnknownPlaceError) as info:
        geo.resolve_area("ขอนแกน")
    assert info.value.suggestions[0] == geo.province("40")


# ---------------------------------------------------------------------------- misc


def test_describe() -> None:
    assert geo.describe(geo.province("40")) == "ขอนแก่น (Khon Kaen, 40)"
    assert geo.describe(geo.district("4010")) == "บ้านไผ่ (Ban Phai, 4010, จ.ขอนแก่น)"
    assert geo.describe(geo.subdistrict("100101")).endswith(
        "(Phra Borom Maha Ratchawang, 100101, เขตพระนคร กรุงเทพมหานคร)"
    )


def test_boundaries_match_the_province_table() -> None:
    data = geo.boundaries_geojson()
    by_code = {f["properties"]["ADM1_PCODE"][2:]: f["properties"] for f in data["features"]}
    assert set(by_code) == {p.code for p in geo.provinces()}
    assert geo.boundaries_geojson() is not data  # a fresh copy each call
    assert "OCHA" in geo.BOUNDARIES_ATTRIBUTION


def test_data_files_ship_with_attribution() -> None:
    data = files("partnernet").joinpath("data")
    credits = data.joinpath("GEO_ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "CC BY-IGO" in credits and "OCHA" in credits
    for name in ("provinces_th.csv", "regions.csv", "th_adm1.geojson"):
        assert data.joinpath(name).is_file()


def test_address_in_another_province_than_asked() -> None:
    with pytest.raises(UnknownPlaceError, match=r"not จ\.อุดรธานี"):
        geo.resolve_area("ต.ในเมือง อ.เมือง จ.ขอนแก่น", province_code="41")
