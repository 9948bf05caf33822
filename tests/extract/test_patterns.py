"""One test per pattern family of issue 20 (people, organisations, dates), on the project's
own short sentences written for these tests -- invented names, real places and agencies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnernet.extract.facts import REVIEW_THRESHOLD, Extraction
from partnernet.extract.reports import extract_report


def _people(ex: Extraction) -> dict[str, Any]:
    return {p.name: p for p in ex.people}


def _org_names(ex: Extraction, *, generic: bool = False) -> set[str]:
    return {o.name for o in ex.organizations if o.generic == generic}


# ---------------------------------------------------------------------------- people


@pytest.mark.parametrize(
    ("text", "title", "name"),
    [
        ("ดร.วันเพ็ญ ศรีสว่าง ผู้อำนวยการสำนักงานภาคใต้ กล่าวเปิด", "ดร.", "วันเพ็ญ ศรีสว่าง"),
        ("ศ.ดร.ประพันธ์ ใจเย็น ประธานมูลนิธิชุมชนน่าอยู่ กล่าว", "ศ.ดร.", "ประพันธ์ ใจเย็น"),
        ("รศ.กิตติ พรหมมา อาจารย์มหาวิทยาลัยขอนแก่น บรรยาย", "รศ.", "กิตติ พรหมมา"),
        ("ผศ.ดร.สุดา ชื่นใจ นักวิจัย เป็นวิทยากร", "ผศ.ดร.", "สุดา ชื่นใจ"),
        ("พล.อ.ชาติชาย ศักดิ์ดี ที่ปรึกษามูลนิธิ กล่าว", "พล.อ.", "ชาติชาย ศักดิ์ดี"),
        ("ร.ต.อ.ธงชัย ปกป้อง หัวหน้าสถานีตำรวจ กล่าว", "ร.ต.อ.", "ธงชัย ปกป้อง"),
        ("ว่าที่ ร.ต.อนันต์ ใฝ่ดี ปลัดอำเภอ ร่วมงาน", "ว่าที่ร.ต.", "อนันต์ ใฝ่ดี"),
        ("นต.สมหวัง ทะเลงาม นายกเทศมนตรีตำบลบางปู กล่าว", "นต.", "สมหวัง ทะเลงาม"),
        ("อาจารย์ปรีชา ดวงดี ผู้ทรงคุณวุฒิ ให้ความเห็น", "อาจารย์", "ปรีชา ดวงดี"),
    ],
)
def test_academic_military_and_police_titles(text: str, title: str, name: str) -> None:
    person = _people(extract_report(text))[name]
    assert person.title == title
    assert person.role and person.confidence >= REVIEW_THRESHOLD


def test_role_before_the_name_with_or_without_area() -> None:
    ex = extract_report(
        "ในงานนี้ผู้ว่าราชการจังหวัดน่าน นายบุญมา รักถิ่น เป็นประธานเปิดงาน โดยมีนายอำเภอ นายวีรพล มั่นคง มาร่วมด้วย"
    )
    people = _people(ex)
    assert people["บุญมา รักถิ่น"].role == "ผู้ว่าราชการจังหวัดน่าน"
    assert people["บุญมา รักถิ่น"].rule == "person.title+role_before"
    assert people["วีรพล มั่นคง"].role == "นายอำเภอ"


def test_role_after_the_name_with_a_comma_and_abbreviated_roles() -> None:
    ex = extract_report(
        "นายชัยวัฒน์ ดีงาม ผอ.พอช. และนางรัตนา ใจสู้ รมว.พม. "
        "พร้อมด้วยนายเกษม ทองแท้ เลขาฯ สภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น ร่วมประชุม"
    )
    people = _people(ex)
    codi = people["ชัยวัฒน์ ดีงาม"]
    assert codi.role == "ผอ.พอช." and codi.organization_id is not None
    assert "พัฒนาองค์กรชุมชน" in (codi.organization or "")
    minister = people["รัตนา ใจสู้"]
    assert minister.role == "รมว.พม." and minister.role_en == "Minister"
    assert "พัฒนาสังคม" in (minister.organization or "")
    assert people["เกษม ทองแท้"].organization_id == "council:subdistrict:400115"


def test_several_people_in_one_sentence_share_the_role_after_them() -> None:
    ex = extract_report(
        "ที่ประชุมมีนายสมปอง นาดี นางมะลิ ใจงาม และนายเอก ชัยชนะ คณะทำงานระดับจังหวัด ร่วมพิจารณา"
    )
    people = _people(ex)
    assert set(people) == {"สมปอง นาดี", "มะลิ ใจงาม", "เอก ชัยชนะ"}
    assert {p.role for p in people.values()} == {"คณะทำงานระดับจังหวัด"}
    assert people["สมปอง นาดี"].rule == "person.title+shared_role"


def test_first_name_and_quoted_later_mentions_are_the_same_person() -> None:
    ex = extract_report(
        "นายประเสริฐ บุญมาก ประธานเครือข่ายบ้านมั่นคงจังหวัดพะเยา เล่าว่า ชุมชนเริ่มออมทรัพย์ "
        "ต่อมา ‘ประเสริฐ’ ประธานเครือข่าย ย้ำว่าจะทำต่อ และนายประเสริฐ กล่าวปิดท้าย"
    )
    assert [p.name for p in ex.people] == ["ประเสริฐ บุญมาก"]
    assert len(ex.people[0].evidence) == 3


def test_a_quoted_role_abbreviation_with_a_given_name() -> None:
    ex = extract_report("เครือข่ายชาวนาจังหวัดยโสธรยื่นหนังสือถึง ‘รมว.สุนทร’ ขอให้แก้หนี้")
    person = _people(ex)["สุนทร"]
    assert person.role == "รมว." and person.title is None
    assert person.rule == "person.quoted_role_abbreviation"


def test_a_role_is_never_a_person() -> None:
    ex = extract_report("นายวิชัย ทองดี อาจารย์สมศรี ใจดี นายกสมาคมผู้สูงอายุ และนายอำเภอเมืองตรัง ร่วมงาน")
    people = _people(ex)
    assert "วิชัย ทองดี" in people and people["วิชัย ทองดี"].role != "อาจารย์สมศรี"
    assert all(not n.startswith(("อำเภอ", "กสมาคม")) for n in people)


# ---------------------------------------------------------------------------- organisations


def test_movements_and_coordinating_bodies_named_with_a_place() -> None:
    ex = extract_report(
        "คณะประสานงานขบวนองค์กรชุมชนจังหวัดสุรินทร์ ร่วมกับขบวนองค์กรชุมชนจังหวัดศรีสะเกษ "
        "และคณะกรรมการพัฒนาคุณภาพชีวิตระดับอำเภอจังหวัดสุรินทร์ จัดเวทีแลกเปลี่ยน"
    )
    names = _org_names(ex)
    assert "คณะประสานงานขบวนองค์กรชุมชนจังหวัดสุรินทร์" in names
    assert "ขบวนองค์กรชุมชนจังหวัดศรีสะเกษ" in names
    assert "คณะกรรมการพัฒนาคุณภาพชีวิตระดับอำเภอจังหวัดสุรินทร์" in names


def test_networks_federations_foundations_cooperatives_and_media() -> None:
    ex = extract_report(
        "มูลนิธิพัฒนาชนบทอีสาน สหกรณ์ออมทรัพย์บ้านหนองแวง จังหวัดขอนแก่น "
        "และเครือข่ายป่าชุมชนจังหวัดน่าน แถลงข่าวร่วมกับสำนักข่าวชุมชนไท "
        "โดยไทยพีบีเอสถ่ายทอดสด"
    )
    kinds = {o.name: (o.kind, o.type) for o in ex.organizations}
    assert kinds["มูลนิธิพัฒนาชนบทอีสาน"] == ("civil_society_group", "foundation")
    assert kinds["เครือข่ายป่าชุมชนจังหวัดน่าน"] == ("civil_society_group", "network")
    assert kinds["สำนักข่าวชุมชนไท"] == ("civil_society_group", "media")
    assert any(t == ("community_organization", "cooperative") for t in kinds.values())
    thaipbs = [o for o in ex.organizations if "ไทยพีบีเอส" in o.aliases]
    assert thaipbs and thaipbs[0].type == "media"


def test_zones_of_a_council_and_a_province_cluster() -> None:
    ex = extract_report("นายสมชาย ดีใจ ประธานสภาองค์กรชุมชนโซนเหนือ และกลุ่มจังหวัดภาคกลางตอนบน 2 ร่วมประชุม")
    names = _org_names(ex)
    assert "สภาองค์กรชุมชนโซนเหนือ" in names
    assert "กลุ่มจังหวัดภาคกลางตอนบน 2" in names


def test_a_name_ends_where_the_name_ends() -> None:
    ex = extract_report(
        "สภาองค์กรชุมชนตำบลปี 2566 มีมากกว่าเดิม สภาองค์กรชุมชนตำบลกว่า 300 แห่ง "
        "สภาองค์กรชุมชนตำบลทั่วประเทศ ประชุมใหญ่ สภาองค์กรชุมชนภาคเหนือถกกันที่เชียงใหม่ "
        "เครือข่ายสลัมสี่ภาคประกาศเจตนารมณ์ คณะกรรมการชุดใหม่ครั้งแรก และสภาฯปีนี้"
    )
    for org in ex.organizations:
        assert not org.name.endswith(("ปี", "กว่า", "ทั่วประเทศ", "ครั้งแรก", "ชุดใหม่")), org.name
        assert "ถก" not in org.name and "ประกาศ" not in org.name, org.name
    assert "สภาองค์กรชุมชนภาคเหนือ" in _org_names(ex)
    assert "เครือข่ายสลัมสี่ภาค" in _org_names(ex)
    assert _org_names(ex, generic=True) == {"สภาองค์กรชุมชนตำบล"}


def test_a_name_written_with_a_line_break_or_extra_spaces() -> None:
    ex = extract_report(
        "ผู้แทนสภาองค์กรชุมชน\nตำบลบ้านเป็ด อำเภอเมืองขอนแก่น และสถาบันพัฒนาองค์กรชุมชน\n"
        "(องค์การมหาชน)  ร่วมกับ สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์   จังหวัดขอนแก่น"
    )
    ids = {o.id for o in ex.organizations}
    assert "council:subdistrict:400115" in ids
    assert "agency:msdhs_office:40" in ids
    assert "agency:codi_office:th:สถาบันพัฒนาองค์กรชุมชน-องค์การมหาชน" in ids


def test_counters_after_a_number_are_not_names() -> None:
    ex = extract_report("มอบเงินให้ 15 กองทุน จังหวัดสตูล และ 3 เครือข่าย จังหวัดสตูล")
    assert not [o for o in ex.organizations if not o.generic]


def test_codi_and_ministries_are_what_they_are() -> None:
    ex = extract_report(
        "สถาบันพัฒนาองค์กรชุมชน (พอช.) ร่วมกับกระทรวง พม. และกระทรวงการพัฒนาสังคม "
        "ลงพื้นที่กับสถาบันพัฒนาองค์กรชุมชน(องค์การมหาชน)"
    )
    named = [o for o in ex.organizations if not o.generic]
    assert sorted(o.id for o in named) == [
        "agency:codi_office:th:สถาบันพัฒนาองค์กรชุมชน-องค์การมหาชน",
        "agency:ministry:th:กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
    ]
    assert all(o.kind == "agency" for o in named)


def test_offices_named_with_and_divisions_working_groups_and_centres() -> None:
    ex = extract_report(
        "เวทีครั้งนี้จัดโดยสำนักพัฒนาศักยภาพและสื่อสารชุมชน ร่วมกับสำนักงานภาคใต้และเครือข่ายบ้านมั่นคง"
        "จังหวัดสงขลา\nนายสมพร ใจดี ผู้อำนวยการกองสวัสดิการสังคมองค์การบริหารส่วนจังหวัดน่าน "
        "นางสาวจันทร์ ใสดี ประธานคณะทำงานขับเคลื่อนที่ดินชุมชนจังหวัดน่าน กล่าวต้อนรับ "
        "ศูนย์ประสานงานองค์กรชุมชนจังหวัดน่าน และสมาคมผู้สูงอายุแห่งประเทศไทย ร่วมจัดนิทรรศการ"
    )
    names = _org_names(ex)
    assert "สำนักพัฒนาศักยภาพและสื่อสารชุมชน" in names
    # และ before another organisation's head still joins two organisations
    assert not any("เครือข่าย" in n and "สำนักงาน" in n for n in names)
    assert "กองสวัสดิการสังคมองค์การบริหารส่วนจังหวัดน่าน" in names
    assert "คณะทำงานขับเคลื่อนที่ดินชุมชนจังหวัดน่าน" in names
    assert "ศูนย์ประสานงานองค์กรชุมชนจังหวัดน่าน" in names
    assert "สมาคมผู้สูงอายุแห่งประเทศไทย" in names


def test_a_name_followed_by_a_count_of_areas_is_a_class() -> None:
    ex = extract_report("ภาคีเครือข่ายป่าชุมชน 40 พื้นที่ เข้าร่วมเวทีกว่า 90 คน")
    assert _org_names(ex) == set()
    assert all(o.confidence < REVIEW_THRESHOLD for o in ex.organizations)


def test_a_department_acronym_before_a_province_is_its_provincial_office() -> None:
    ex = extract_report("พช.น่าน ร่วมกับ พม.น่าน และ พช. จัดอบรมอาชีพ")
    ids = {o.id for o in ex.organizations}
    assert "agency:cdd_office:55" in ids
    assert "agency:msdhs_office:55" in ids
    assert any(o.name == "กรมการพัฒนาชุมชน" for o in ex.organizations)  # พช. alone


def test_regions_spanned_are_in_the_name_and_a_cut_name_is_the_same_body() -> None:
    ex = extract_report(
        "นายสมหมาย ทองดี ประธานเครือข่ายคนไร้บ้าน 4 ภาค กล่าวว่า เครือข่ายคนไร้บ้านฯ จะจัดกิจกรรม"
    )
    named = [o for o in ex.organizations if not o.generic]
    assert [o.name for o in named] == ["เครือข่ายคนไร้บ้าน 4 ภาค"]
    assert len(named[0].evidence) == 2
    assert _people(ex)["สมหมาย ทองดี"].organization_id == named[0].id


def test_a_purpose_is_part_of_a_civil_society_name() -> None:
    ex = extract_report("ขบวนการชาวนาเพื่อความเป็นธรรม จัดเวที และมูลนิธิดวงใจเพื่อเด็กยากไร้ได้มอบทุนการศึกษา")
    names = _org_names(ex)
    assert "ขบวนการชาวนาเพื่อความเป็นธรรม" in names
    assert "มูลนิธิดวงใจเพื่อเด็กยากไร้" in names


def test_any_of_them_and_bodies_still_to_be_appointed_are_not_organisations() -> None:
    ex = extract_report("ผู้แทนแต่ละเครือข่ายเข้าประชุม และเสนอให้แต่งตั้งคณะกรรมการร่วมแก้ไขปัญหาที่ดิน")
    assert _org_names(ex) == set()


def test_generic_words_named_by_their_province_are_a_named_body() -> None:
    ex = extract_report("เครือข่ายขบวนองค์กรชุมชน จ.สิงห์บุรี ช่วยผู้ประสบภัยน้ำท่วม")
    named = [o for o in ex.organizations if not o.generic]
    assert len(named) == 1 and "สิงห์บุรี" in named[0].name and named[0].province == "17"


def test_people_listed_after_led_by_belong_to_the_leading_body() -> None:
    ex = extract_report(
        "เครือข่ายเกษตรกรจังหวัดน่าน นำโดย นายหนึ่ง ใจดี, นายสอง ใจงาม และ นางสาม ใจเย็น "
        "ยื่นหนังสือต่อผู้ว่าราชการจังหวัด"
    )
    people = _people(ex)
    assert set(people) == {"หนึ่ง ใจดี", "สอง ใจงาม", "สาม ใจเย็น"}
    assert len({p.organization_id for p in people.values()}) == 1
    assert "เกษตรกร" in (people["สาม ใจเย็น"].organization or "")


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("เมื่อวันที่ ๑๕ มีนาคม ๒๕๖๗ เครือข่ายบ้านมั่นคงจัดประชุม", date(2024, 3, 15), None),
        ("เมื่อวันศุกร์ที่ 7 มิ.ย. 67 สภาองค์กรชุมชนจัดเวทีประชาคม", date(2024, 6, 7), None),
        (
            "ระหว่างวันที่ 30 กันยายน – 2 ตุลาคม 2565 มูลนิธิชุมชนไทจัดอบรม",
            date(2022, 9, 30),
            date(2022, 10, 2),
        ),
        ("ลำพูน / วันที่ 9 ส.ค. 2566 เครือข่ายป่าชุมชนจัดเวที", date(2023, 8, 9), None),
        ("เชียงราย/5 มกราคม 67 เครือข่ายป่าชุมชนจัดเวทีประชุม", date(2024, 1, 5), None),
        ("นายอำเภอ เป็นประธานจัดกิจกรรม วันที่๓ มีนาคม ๒๕๖๖ ณ ที่ว่าการอำเภอ", date(2023, 3, 3), None),
    ],
)
def test_written_dates(text: str, start: date, end: date | None) -> None:
    event = extract_report(text).events[0]
    assert (event.start_date, event.end_date) == (start, end or start)
    assert event.date_basis == "written" and event.rule == "event.date_in_sentence"


def test_a_date_on_its_own_line_dates_the_story_below_it() -> None:
    ex = extract_report(
        "ชาวบ้านร่วมใจสร้างบ้าน\nวันที่ 12 พ.ย. 2566\n\nที่ศาลาประชาคม สภาองค์กรชุมชนตำบลบ้านเป็ด "
        "อำเภอเมืองขอนแก่น จัดพิธีมอบบ้านให้ผู้ยากไร้"
    )
    event = ex.events[0]
    assert event.start_date == date(2023, 11, 12) and event.rule == "event.lead_date"


def test_a_day_and_month_without_a_year_take_the_dateline_or_the_publication_date() -> None:
    text = "เมื่อวันที่ 20 ธ.ค. ที่ผ่านมา สภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น จัดประชุม"
    assert extract_report(text).events == []  # no year anywhere: no date
    event = extract_report(text, published=date(2024, 1, 8)).events[0]
    assert (event.start_date, event.date_basis) == (date(2023, 12, 20), "published")
    assert event.review is False and event.confidence < 0.9
    dated = extract_report("ขอนแก่น / 3 มกราคม 2567\n" + text).events[0]
    assert (dated.start_date, dated.date_basis) == (date(2023, 12, 20), "dateline")


def test_a_date_in_reported_speech_is_not_the_event() -> None:
    ex = extract_report(
        "นางสมใจ รักดี ประธานสภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น กล่าวว่า "
        "เมื่อวันที่ 3 กันยายน 2567 น้ำท่วมหนัก ชาวบ้านจึงร่วมกันจัดประชุม"
    )
    assert ex.events == []


def test_a_publication_line_with_its_time_anchors_today_in_brackets() -> None:
    ex = extract_report(
        "เกษตรกรยื่นข้อเรียกร้อง\nวันที่ 07 ต.ค. 2556 เวลา 06:43 น.\n"
        "เครือข่ายชาวนาจังหวัดยโสธรชุมนุมหน้าศาลากลางในวันนี้ (7 ตุลาคม) เพื่อยื่นข้อเรียกร้อง"
    )
    assert ex.events and ex.events[0].start_date == date(2013, 10, 7)
