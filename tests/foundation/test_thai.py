"""Thai text normalisation and Buddhist-Era dates (partnernet.foundation.thai)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from partnernet.foundation import thai
from partnernet.foundation.thai import (
    ThaiDateError,
    find_thai_dates,
    normalize_key,
    normalize_text,
    parse_thai_date,
    parse_thai_date_range,
    slug_key,
)

NAM = "น\u0e49\u0e33"  # น้ำ, canonical: tone mark then sara am


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "น\u0e49\u0e4d\u0e32",  # tone, nikhahit, sara aa
        "น\u0e4d\u0e49\u0e32",  # nikhahit, tone, sara aa (the usual mis-order)
        "น\u0e33\u0e49",  # sara am, then tone
    ],
)
def test_sara_am_spellings_meet(variant: str) -> None:
    assert normalize_text(variant) == NAM
    assert normalize_key(variant) == normalize_key(NAM)
    assert slug_key(variant) == slug_key(NAM)


def test_sara_am_without_tone() -> None:
    assert normalize_text("ก\u0e4d\u0e32แพง") == "ก\u0e33แพง"  # กำแพง
    assert normalize_key("ชุมชนก\u0e4d\u0e32แพง") == normalize_key("ชุมชนกำแพง")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("สภา\u200bองค์กร\u200bชุมชน", "สภาองค์กรชุมชน"),  # zero-width space
        ("\ufeffสภาองค์กรชุมชน", "สภาองค์กรชุมชน"),  # BOM
        ("ขอน\u00adแก่น", "ขอนแก่น"),  # soft hyphen
        ("ขอน\u200c\u200d\u2060แก่น", "ขอนแก่น"),  # ZWNJ, ZWJ, word joiner
        ("สภา\u00a0องค์กร", "สภา องค์กร"),  # NBSP
        ("  สภา \t\t องค์กร\r\nชุมชน\n", "สภา องค์กร ชุมชน"),  # tabs, CRLF, newlines
        ("หมู่ ๑๒ ปี ๒๕๖๖", "หมู่ 12 ปี 2566"),  # Thai digits
        ("เเม่ฮ่องสอน", "แม่ฮ่องสอน"),  # two sara e typed for sara ae
        ("Khon Kaen – UPPER", "Khon Kaen – UPPER"),  # case and dashes kept
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khon Kaen", "KHON  KAEN"),
        ("Roi Et – Network", "roi et - network"),
        ("“Saket Nakhon”", '"saket nakhon"'),
        ("อบต. บ้านเป็ด", "อบต.บ้านเป็ด"),
        ("จ. ขอนแก่น", "จ.ขอนแก่น"),
        ("ต่าง ๆ", "ต่างๆ"),
        ("ＣＯＤＩ", "codi"),
        ("สภา\u200bองค์กรชุมชน ตำบล ๑", "สภาองค์กรชุมชน ต\u0e4d\u0e32บล 1"),
    ],
)
def test_normalize_key_folds_identity_neutral_variants(a: str, b: str) -> None:
    assert normalize_key(a) == normalize_key(b)


def test_normalize_key_keeps_distinct_names_apart() -> None:
    assert normalize_key("บ้านเป็ด") != normalize_key("บ้านเปิด")
    assert normalize_key("ตำบล 1") != normalize_key("ตำบล 11")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("สภาองค์กรชุมชน ตำบล บ้านเป็ด", "สภาองค์กรชุมชน-ตำบล-บ้านเป็ด"),
        ("  Khon Kaen  (City) ", "khon-kaen-city"),
        ("Café – อบต. บ้านเป็ด", "cafe-อบต.บ้านเป็ด"),
        ("กรุงเทพฯ", "กรุงเทพฯ"),
        ("a_b.c", "a_b.c"),
        ("!!!", ""),
    ],
)
def test_slug_key(raw: str, expected: str) -> None:
    assert slug_key(raw) == expected
    assert slug_key(slug_key(raw)) == slug_key(raw)


# Thai-heavy alphabet so that the properties meet the Thai rules, plus arbitrary text.
_TRICKY = "กนมเแำัิี่้๊๋ําๆฯ.  \u00a0\t\r\n\u200b\u200d\ufeff\u00ad๐๑๙–—“”ＡａİßǰΣς\u0301\u0345"
_texts = st.one_of(st.text(), st.text(alphabet=st.sampled_from(_TRICKY)))


@given(_texts)
@example("ำำ่")  # a run of sara am before a tone mark
@example("ำ\u0300ำ่")  # canonical reordering brings a tone mark next to sara am
def test_normalize_key_is_idempotent(text: str) -> None:
    key = normalize_key(text)
    assert normalize_key(key) == key
    assert normalize_key(normalize_text(text)) == key


@given(_texts)
@example("ำ\x1b่")  # slug_key drops the control character between sara am and the tone
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert slug_key(slug_key(text)) == slug_key(text)


# --- single dates --------------------------------------------------------------------------

THAI_MONTHS = [
    (1, "มกราคม", "ม.ค."),
    (2, "กุมภาพันธ์", "ก.พ."),
    (3, "มีนาคม", "มี.ค."),
    (4, "เมษายน", "เม.ย."),
    (5, "พฤษภาคม", "พ.ค."),
    (6, "มิถุนายน", "มิ.ย."),
    (7, "กรกฎาคม", "ก.ค."),
    (8, "สิงหาคม", "ส.ค."),
    (9, "กันยายน", "ก.ย."),
    (10, "ตุลาคม", "ต.ค."),
    (11, "พฤศจิกายน", "พ.ย."),
    (12, "ธันวาคม", "ธ.ค."),
]
ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@pytest.mark.parametrize(("month", "full", "abbr"), THAI_MONTHS)
def test_every_thai_month(month: int, full: str, abbr: str) -> None:
    expected = date(2023, month, 5)
    undotted = abbr.replace(".", "")
    spaced = abbr.replace(".", ". ").strip()
    for written in (full, abbr, undotted, spaced):
        assert parse_thai_date(f"5 {written} 2566") == expected, written
        assert parse_thai_date(f"๕ {written} ๖๖") == expected, written


@pytest.mark.parametrize(("month", "name"), list(enumerate(ENGLISH_MONTHS, start=1)))
def test_every_english_month(month: int, name: str) -> None:
    expected = date(2023, month, 5)
    assert parse_thai_date(f"5 {name} 2023") == expected
    assert parse_thai_date(f"5 {name.upper()} 2566") == expected
    assert parse_thai_date(f"5 {name[:3]}. 2023") == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023-03-22",
        "22 มีนาคม 2566",
        "๒๒ มี.ค. ๖๖",
        "22 มี.ค. 2566",
        "22 มี.ค.2566",
        "22มีนาคม2566",
        "วันที่ 22 มีนาคม พ.ศ. 2566",
        "วันพุธที่ ๒๒ มีนาคม ๒๕๖๖",
        "22/3/2566",
        "22/03/66",
        "22 March 2023",
        "Wednesday, 22nd March, 2023",
        "22 มีนาคม 2023",
        "22 มีนาคม ค.ศ. 2023",
        "22 มีนา 66",
        " 22\u00a0มีนาคม\u200b 2566 ",
    ],
)
def test_parse_thai_date(text: str) -> None:
    assert parse_thai_date(text) == date(2023, 3, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 ม.ค. 00", date(1957, 1, 1)),  # 2-digit years are BE: 2500
        ("1 ม.ค. 99", date(2056, 1, 1)),  # 2599 BE
        ("1 Jan 24", date(2024, 1, 1)),  # English month: 2-digit CE
        ("1 มกราคม 2399", date(2399, 1, 1)),  # below the BE threshold: CE
        ("1 มกราคม 2400", date(1857, 1, 1)),  # at the threshold: BE
        ("29 ก.พ. 2567", date(2024, 2, 29)),  # leap year
    ],
)
def test_year_rules(text: str, expected: date) -> None:
    assert parse_thai_date(text) == expected


# --- ranges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("10 – 11 กันยายน 2565", date(2022, 9, 10), date(2022, 9, 11)),
        ("10-11 ก.ย. 65", date(2022, 9, 10), date(2022, 9, 11)),
        ("๑๐ ถึง ๑๑ กันยายน ๒๕๖๕", date(2022, 9, 10), date(2022, 9, 11)),
        ("30 กันยายน - 2 ตุลาคม 2565", date(2022, 9, 30), date(2022, 10, 2)),
        ("วันที่ 30 ก.ย. – วันที่ 2 ต.ค. 65", date(2022, 9, 30), date(2022, 10, 2)),
        ("30 ธ.ค. 2565 - 2 ม.ค. 2566", date(2022, 12, 30), date(2023, 1, 2)),
        ("30 ธ.ค. - 2 ม.ค. 2566", date(2022, 12, 30), date(2023, 1, 2)),
        ("1/9/2565 - 3/9/2565", date(2022, 9, 1), date(2022, 9, 3)),
        ("22 มีนาคม 2566", date(2023, 3, 22), date(2023, 3, 22)),
        ("2023-03-22", date(2023, 3, 22), date(2023, 3, 22)),
    ],
)
def test_parse_thai_date_range(text: str, start: date, end: date) -> None:
    assert parse_thai_date_range(text) == (start, end)


# --- dates in running text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        (
            "เมื่อวันที่ 10 – 11 กันยายน 2565 ณ โรงแรมเจริญธานี จังหวัดขอนแก่น",
            [("10 – 11 กันยายน 2565", date(2022, 9, 10), date(2022, 9, 11))],
        ),
        (
            "ประชุมวันที่ ๒๒ มี.ค. ๖๖ เวลา 13.00-16.30 น. และ 30 ธ.ค. 2565 - 2 ม.ค. 2566 ต่อ",
            [
                ("๒๒ มี.ค. ๖๖", date(2023, 3, 22), date(2023, 3, 22)),
                ("30 ธ.ค. 2565 - 2 ม.ค. 2566", date(2022, 12, 30), date(2023, 1, 2)),
            ],
        ),
        (
            "สภา\u200bองค์กรชุมชน\u200b ประชุม 5\u200bมีนาคม 2566\r\nเสนอ ก.บ.จ. 7/4/2566",
            [
                ("5\u200bมีนาคม 2566", date(2023, 3, 5), date(2023, 3, 5)),
                ("7/4/2566", date(2023, 4, 7), date(2023, 4, 7)),
            ],
        ),
        ("ไม่มีวันที่ 31 ก.พ. 2566 ในปฏิทิน โทร 081-234-5678 มี 25 คน", []),
    ],
)
def test_find_thai_dates(text: str, phrases: list[tuple[str, date, date]]) -> None:
    found = find_thai_dates(text)
    assert [(text[s:e], first, last) for s, e, first, last in found] == phrases


def test_find_thai_dates_offsets_are_into_the_original() -> None:
    text = "ก\u200b\u200bข 1 ม.ค. 2566"
    [(start, end, first, _)] = find_thai_dates(text)
    assert (start, end, first) == (5, len(text), date(2023, 1, 1))


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31 กุมภาพันธ์ 2566", "day 31 does not exist in February 2023"),
        ("29 ก.พ. 2566", "day 29 does not exist"),
        ("22 มีนาคาม 2566", "unknown month 'มีนาคาม'"),
        ("22 Marchh 2023", "unknown month 'Marchh'"),
        ("22 มีนาคม", "missing year"),
        ("มีนาคม 2566", "missing day"),
        ("22 มีนาคม 256", "2 or 4 digits"),
        ("13/13/2566", "month 13"),
        ("22 มีนาคม ค.ศ. 2566", "Christian Era"),
        ("", "empty"),
        ("hello", "unrecognised"),
        ("10 – 11 กันยายน 2565", "date range"),
    ],
)
def test_parse_errors_quote_input_and_say_why(text: str, why: str) -> None:
    with pytest.raises(ThaiDateError) as info:
        parse_thai_date(text)
    assert why in str(info.value)
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("11-10 ก.ย. 65", "ends"),
        ("2 ต.ค. 2565 - 30 ก.ย. 2565", "ends"),
        ("30 - 31 กันยายน 2565", "day 31 does not exist in September"),
    ],
)
def test_parse_range_errors(text: str, why: str) -> None:
    with pytest.raises(ThaiDateError, match=why):
        parse_thai_date_range(text)


# -- the ASCII shortcut: four cells in five are ASCII and skip the Thai rules ----------------


def test_no_thai_rule_touches_ascii() -> None:
    # What makes the shortcut exact: every character the tables rewrite lies outside ASCII.
    assert all(code >= 128 for code in thai._TEXT_TABLE)
    assert all(code >= 128 for code in thai._KEY_TABLE)


def test_split_whitespace_is_the_pattern_s_whitespace_for_every_ascii_character() -> None:
    for code in range(128):
        text = f" a{chr(code)}{chr(code)}b "
        assert " ".join(text.split()) == thai._WHITESPACE.sub(" ", text).strip(" "), code


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_is_only_respaced(text: str) -> None:
    assert normalize_text(text) == thai._WHITESPACE.sub(" ", text).strip(" ")
    assert normalize_key(text) == normalize_text(text).casefold()


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_ascii_and_thai_together_take_the_full_path(text: str) -> None:
    # One Thai character turns the shortcut off: the sara am rule still applies around ASCII.
    mixed = f"{text} น\u0e4d\u0e32 {text}"
    assert "\u0e33" in normalize_text(mixed)
    assert normalize_key(mixed) == normalize_key(normalize_key(mixed))
