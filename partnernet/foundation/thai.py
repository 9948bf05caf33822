"""Normalisation of Thai text, digits and Buddhist-Era dates.

Thai data reaches partnernet from spreadsheets, web forms, PDFs and narrative reports, and the
same name arrives spelt in ways that look identical on screen but differ in code points: sara am
typed as nikhahit + sara aa, zero-width spaces inserted by word-breaking editors, non-breaking
spaces from word processors, Thai digits, two sara e typed for sara ae. Three levels of
normalisation are offered:

* :func:`normalize_text` -- the display-safe form: the text looks the same as before but has
  one canonical spelling. Store and show this.
* :func:`normalize_key` -- the identity form: additionally case- and punctuation-folded. Every
  id and every lookup goes through it, so two spellings of the same name meet.
* :func:`slug_key` -- :func:`normalize_key` restricted to characters that are safe inside ids.

Dates in Thai documents are written in the Buddhist Era (BE = CE + 543), with full or
abbreviated Thai month names, Thai or Arabic digits and often as ranges. See
:func:`parse_thai_date`, :func:`parse_thai_date_range` and :func:`find_thai_dates`.

All functions are pure: they return new values and never alter or discard the caller's raw text
(callers keep the raw text for provenance). This module is a leaf: it imports nothing from
partnernet and only the standard library.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import MAXYEAR, MINYEAR, date
from typing import Final

from partnernet.foundation.errors import InvalidInput

__all__ = [
    "ThaiDateError",
    "find_thai_dates",
    "normalize_key",
    "normalize_text",
    "parse_thai_date",
    "parse_thai_date_range",
    "slug_key",
]

# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------

# Characters that render as nothing. Word-breaking tools insert U+200B between Thai words and
# copy-paste from the web brings BOMs, soft hyphens and bidi marks; none of them is part of a
# name, and left in place they make equal-looking names compare unequal.
_INVISIBLE: Final = frozenset(
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator (no longer whitespace since Unicode 6.3)
    "\u200b\u200c\u200d"  # zero-width space, non-joiner, joiner
    "\u200e\u200f"  # left-to-right / right-to-left mark
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space / byte-order mark
)
_THAI_DIGITS: Final = {0x0E50 + i: ord("0") + i for i in range(10)}  # ๐-๙ -> 0-9
_TEXT_TABLE: Final[dict[int, int | None]] = {
    **dict.fromkeys(map(ord, _INVISIBLE)),
    **_THAI_DIGITS,
}

_TEXT_CHANGES: Final = re.compile("[" + re.escape("".join(map(chr, _TEXT_TABLE))) + "]")

_TONES: Final = "\u0e48-\u0e4b"  # mai ek, mai tho, mai tri, mai chattawa
# Sara am (U+0E33) is often stored as nikhahit + sara aa, sometimes with the tone mark typed
# between them; the canonical spelling puts the tone mark before a single U+0E33.
_SARA_AM_SPLIT: Final = re.compile(f"\u0e4d([{_TONES}]*)\u0e32")
# Tone mark typed after sara am ("นำ้" for "น้ำ"): renders the same in most fonts. The whole
# run of sara am and tone marks is reordered (tones first) so that the repair is idempotent.
_SARA_AM_TONE_AFTER: Final = re.compile(f"[\u0e33{_TONES}]*\u0e33[\u0e33{_TONES}]*[{_TONES}]")


def _tones_before_sara_am(match: re.Match[str]) -> str:
    run = match.group()
    return run.replace("\u0e33", "") + "\u0e33" * run.count("\u0e33")


_WHITESPACE: Final = re.compile(r"\s+")  # str patterns: all Unicode whitespace incl. NBSP


def normalize_text(text: str) -> str:
    """Return the display-safe canonical form of ``text``.

    * invisible characters (zero-width space/joiners, word joiner, BOM, soft hyphen, bidi
      marks) are dropped;
    * Unicode NFC -- deliberately not NFKC, which would split sara am into nikhahit + sara aa
      and rewrite other compatibility characters the user may want to see;
    * sara am written as nikhahit + sara aa (U+0E4D U+0E32, also with a tone mark between or
      after) becomes U+0E33 with the tone mark before it;
    * two sara e (เเ), a common typing substitute for sara ae (แ), become sara ae;
    * Thai digits ๐-๙ become ASCII 0-9;
    * every whitespace run (spaces, NBSP, tabs, CR/LF, ...) becomes one space, ends stripped.

    Case and everything else are kept.
    """
    # Every cell of a load goes through here (a national load: over 5 million calls), so each
    # step runs only when the characters it changes are there (`str.translate` with a dict
    # table looks up every character); the result is the same. Four cells in five are ASCII
    # (ids, codes, dates, numbers), where only the whitespace rule can change anything:
    # `str.split()` splits on the same whitespace as `\s` in a str pattern.
    if text.isascii():
        return " ".join(text.split())
    if _TEXT_CHANGES.search(text):
        text = text.translate(_TEXT_TABLE)
    text = unicodedata.normalize("NFC", text)
    if "\u0e4d" in text:
        text = _SARA_AM_SPLIT.sub("\\1\u0e33", text)
    while "\u0e33" in text:
        # Moving tone marks may leave combining marks out of canonical order, and reordering
        # them may bring another tone mark next to sara am: repeat until stable. Tone marks
        # only ever move left, so this ends (real text needs one round).
        fixed = _SARA_AM_TONE_AFTER.sub(_tones_before_sara_am, text)
        fixed = unicodedata.normalize("NFC", fixed)
        if fixed == text:
            break
        text = fixed
    text = text.replace("\u0e40\u0e40", "\u0e41")
    return _WHITESPACE.sub(" ", text).strip(" ")


# Punctuation that varies by keyboard, font or word processor without changing identity.
_KEY_TABLE: Final[dict[int, int | str | None]] = {
    **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},  # fullwidth ASCII forms
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63"), "-"),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"), '"'),
}
_KEY_CHANGES: Final = re.compile("[" + re.escape("".join(map(chr, _KEY_TABLE))) + "]")
_THAI_CHAR: Final = "\u0e01-\u0e4e"
# "อบต. บ้านเป็ด" and "อบต.บ้านเป็ด": both spacings after a Thai abbreviation are common.
_THAI_WORD_START: Final = "\u0e01-\u0e2e\u0e40-\u0e44"  # consonants and leading vowels
_SPACE_AFTER_THAI_ABBREV: Final = re.compile(f"(?<=[{_THAI_CHAR}]\\.) (?=[{_THAI_WORD_START}])")
# "ต่าง ๆ" and "ต่างๆ": the Royal Institute spaces mai yamok, most typists do not.
_SPACE_BEFORE_MAI_YAMOK: Final = re.compile(" (?=\u0e46)")


def normalize_key(text: str) -> str:
    """Return the identity key of ``text``: THE function for ids and lookups.

    On top of :func:`normalize_text`:

    * dashes (‐ ‑ ‒ – — ― − and small/fullwidth hyphen-minus) become ``-``; curly, low and
      prime quotes and guillemets become ``'`` or ``"``; fullwidth ASCII becomes ASCII;
    * ``str.casefold`` (not ``lower``): full Unicode case folding, so "STRASSE" and "straße"
      meet and English names match whatever the capitalisation. Thai has no case;
    * NFC again, since case folding can leave decomposed sequences;
    * the space after a dot that ends a Thai abbreviation is removed when a Thai word follows
      ("จ. ขอนแก่น" -> "จ.ขอนแก่น"), and the space before mai yamok (ๆ) is removed.

    Dots are kept: they are part of Thai abbreviations (อบต., จ.) and of ids.
    The result is idempotent: ``normalize_key(normalize_key(x)) == normalize_key(x)``.
    """
    key = normalize_text(text)
    if key.isascii():  # nothing below but case folding applies to ASCII (all rules are Thai)
        return key.lower()
    if _KEY_CHANGES.search(key):
        key = key.translate(_KEY_TABLE)
    key = key.casefold()
    key = unicodedata.normalize("NFC", key)
    if ". " in key:  # as in normalize_text: only when the expression can match
        key = _SPACE_AFTER_THAI_ABBREV.sub("", key)
    if " \u0e46" in key:
        key = _SPACE_BEFORE_MAI_YAMOK.sub("", key)
    return key


def _is_slug_char(ch: str) -> bool:
    # Thai consonants, vowels, tone and other marks, ฯ and ๆ (not ฿, ๏, ๚, ๛); ASCII
    # letters and digits; and - _ .
    return (
        "\u0e01" <= ch <= "\u0e3a"
        or "\u0e40" <= ch <= "\u0e4e"
        or (ch.isascii() and (ch.isalnum() or ch in "-_."))
    )


_HYPHEN_RUN: Final = re.compile("-{2,}")


def slug_key(text: str) -> str:
    """Return :func:`normalize_key` restricted to characters safe inside ids.

    Spaces become ``-``; Latin letters lose their accents (NFD, then the marks are dropped, so
    "Café" -> "cafe"); everything but Thai letters and marks, ASCII letters and digits, ``-``,
    ``_`` and ``.`` is removed; runs of ``-`` become one and ``-`` is stripped from both ends.
    Deterministic; may return ``""`` when nothing usable is left (callers decide what then).
    """
    decomposed = unicodedata.normalize("NFD", normalize_key(text).replace(" ", "-"))
    slug = "".join(ch for ch in decomposed if _is_slug_char(ch))
    # Dropping characters can bring Thai marks together (e.g. a tone mark after sara am), so
    # the result is keyed again; on these characters that only recomposes and repairs Thai.
    return normalize_key(_HYPHEN_RUN.sub("-", slug).strip("-"))


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


class ThaiDateError(InvalidInput):
    """A date could not be read; the message quotes the input and says why."""


# Buddhist Era = Christian Era + 543. Years from 2400 BE (1857 CE) on are read as BE, earlier
# ones as CE: the data concern the present day, CE years never reach 2400 and BE years are all
# in the 2500s, so the two ranges cannot be confused.
_BE_OFFSET: Final = 543
_BE_THRESHOLD: Final = 2400

# Spelt out: calendar.month_name follows the process locale, which may well be Thai.
_ENGLISH_MONTHS: Final = (
    "",  # months are numbered from 1
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ENGLISH_WEEKDAYS: Final = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
# Per month: full name, abbreviation, then variants seen in real documents (short spoken
# forms, the frequent ฏ-for-ฎ misspelling of กรกฎาคม, a dropped karan in กุมภาพันธ์).
_THAI_MONTH_NAMES: Final = (
    ("มกราคม", "ม.ค.", "มกรา"),
    ("กุมภาพันธ์", "ก.พ.", "กุมภา", "กุมภาพันธ"),
    ("มีนาคม", "มี.ค.", "มีนา"),
    ("เมษายน", "เม.ย.", "เมษา"),
    ("พฤษภาคม", "พ.ค.", "พฤษภา"),
    ("มิถุนายน", "มิ.ย.", "มิถุนา"),
    ("กรกฎาคม", "ก.ค.", "กรกฎา", "กรกฏาคม", "กรกฏา"),
    ("สิงหาคม", "ส.ค.", "สิงหา"),
    ("กันยายน", "ก.ย.", "กันยา"),
    ("ตุลาคม", "ต.ค.", "ตุลา"),
    ("พฤศจิกายน", "พ.ย.", "พฤศจิกา"),
    ("ธันวาคม", "ธ.ค.", "ธันวา"),
)
_ENGLISH_MONTH_NAMES: Final = tuple(
    (name, name[:3] + ".", *(("sept.",) if month == 9 else ()))
    for month, name in enumerate(_ENGLISH_MONTHS[1:], start=1)
)


def _lookup_key(token: str) -> str:
    return re.sub(r"[.\s]", "", token).casefold()


# lookup key -> (month, written in English?)
_MONTHS: Final[dict[str, tuple[int, bool]]] = {
    _lookup_key(name): (month, english)
    for english, table in ((False, _THAI_MONTH_NAMES), (True, _ENGLISH_MONTH_NAMES))
    for month, names in enumerate(table, start=1)
    for name in names
}


def _name_pattern(name: str) -> str:
    # "มี.ค." -> มี(?:\.\s*)?ค\.? : dots optional, spaces allowed only after a dot.
    parts = [re.escape(part) for part in name.split(".") if part]
    return r"(?:\.\s*)?".join(parts) + (r"\.?" if name.endswith(".") else "")


_ALL_MONTH_NAMES: Final = sorted(
    {
        name.casefold()
        for table in (_THAI_MONTH_NAMES, _ENGLISH_MONTH_NAMES)
        for row in table
        for name in row
    },
    key=lambda name: (-len(name), name),
)
_MONTH: Final = "(?:" + "|".join(map(_name_pattern, _ALL_MONTH_NAMES)) + ")"

_ERAS: Final = {
    "พศ": "BE",
    "พุทธศักราช": "BE",
    "be": "BE",
    "คศ": "CE",
    "คริสต์ศักราช": "CE",
    "ad": "CE",
    "ce": "CE",
}
_ERA: Final = r"(?:พุทธศักราช|คริสต์ศักราช|พ\.?\s*ศ\.?|ค\.?\s*ศ\.?|b\.?\s*e\.?|a\.?\s*d\.?|c\.?\s*e\.?)"
_WEEKDAY_TH: Final = "(?:อาทิตย์|จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์)"
_WEEKDAY_EN: Final = "(?:" + "|".join(_ENGLISH_WEEKDAYS) + ")"
# "วันที่", "วันศุกร์ที่", "ที่": may stand before a day, also after the dash of a range.
_DAY_PREFIX: Final = rf"(?:วัน{_WEEKDAY_TH}?\s*(?:ที่)?\s*|ที่\s*)?"
_DASH: Final = r"(?:[-‐‑‒–—―−~]|ถึง|to|until|through)"
_NUMBER_START: Final = r"(?<![\d.,:/])"  # not inside a number, decimal, time or fraction
_ORDINAL: Final = r"(?:st|nd|rd|th)?"


def _text_date(n: str) -> str:
    """'22 มีนาคม พ.ศ. 2566' with groups d{n}, m{n}, e{n}, y{n}."""
    return (
        rf"{_NUMBER_START}(?P<d{n}>\d{{1,2}}){_ORDINAL}\s*(?P<m{n}>{_MONTH})\s*,?\s*"
        rf"(?:(?P<e{n}>{_ERA})\s*)?(?P<y{n}>\d{{4}}|\d{{2}})(?!\d)"
    )


def _full_date(n: str) -> str:
    """A complete single date: text form, D/M/Y (groups n*) or ISO Y-M-D (groups i*)."""
    numeric = (
        rf"{_NUMBER_START}(?P<nd{n}>\d{{1,2}})(?P<ns{n}>[/-])(?P<nm{n}>\d{{1,2}})(?P=ns{n})"
        rf"(?P<ny{n}>\d{{4}}|\d{{2}})(?!\d)"
    )
    iso = rf"{_NUMBER_START}(?P<iy{n}>\d{{4}})-(?P<im{n}>\d{{1,2}})-(?P<id{n}>\d{{1,2}})(?!\d)"
    return f"(?:{_text_date(n)}|{numeric}|{iso})"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_BETWEEN: Final = rf"\s*{_DASH}\s*{_DAY_PREFIX}"
_DAY1: Final = rf"{_NUMBER_START}(?P<d1>\d{{1,2}}){_ORDINAL}"
# Tried in this order; the longest forms first.
_RANGE_PATTERNS: Final = (
    ("full", _compile(_full_date("1") + _BETWEEN + _full_date("2"))),  # 30 ธ.ค. 65 - 2 ม.ค. 66
    ("months", _compile(rf"{_DAY1}\s*(?P<m1>{_MONTH}){_BETWEEN}{_text_date('2')}")),
    ("days", _compile(rf"{_DAY1}{_BETWEEN}{_text_date('2')}")),  # 10 – 11 กันยายน 2565
)
_SINGLE_PATTERN: Final = ("single", _compile(_full_date("2")))
_PARSE_PREFIX: Final = _compile(
    rf"\s*(?:(?:เมื่อ|ณ|ระหว่าง|ตั้งแต่)\s*)?{_DAY_PREFIX}(?:{_WEEKDAY_EN}\s*,?\s*)?"
)
_MONTH_RE: Final = _compile(_MONTH)
_LOOSE_DATE: Final = _compile(
    rf"(?P<d>\d+){_ORDINAL}\s*(?P<mid>.*?)\s*,?\s*(?:{_ERA}\s*)?(?P<y>\d+)?"
)

_SCAN_TABLE: Final[dict[int, int | None]] = {**dict.fromkeys(map(ord, _INVISIBLE)), **_THAI_DIGITS}


def _scan_form(text: str) -> tuple[str, list[int] | None]:
    """Text to match dates in, and the index in ``text`` of each of its characters.

    Thai digits become ASCII and invisible characters are dropped; nothing else changes, so
    offsets map back to the original string (``None`` means the identity). No NFC or sara-am
    repair is needed: no month name, era or prefix word contains sara am or a decomposable
    character.
    """
    scan = text.translate(_SCAN_TABLE)
    if len(scan) == len(text):
        return scan, None
    return scan, [i for i, ch in enumerate(text) if ch not in _INVISIBLE]


def _month_of(token: str) -> tuple[int, bool]:
    return _MONTHS[_lookup_key(token)]


def _resolve_year(raw: str, era: str | None, english_month: bool, text: str) -> int:
    """The CE year for a written year. Two-digit years are BE (66 -> 2566) unless the era
    says CE or the month is written in English (then 23 -> 2023)."""
    number = int(raw)
    kind = _ERAS[_lookup_key(era)] if era else None
    if len(raw) == 2:
        if kind == "CE" or (kind is None and english_month):
            return 2000 + number
        return 2500 + number - _BE_OFFSET
    if kind == "BE" and number < _BE_THRESHOLD:
        raise ThaiDateError(
            f"invalid date {text!r}: year {raw} is marked Buddhist Era ({era}) but Buddhist-Era "
            f"years are {_BE_THRESHOLD} or later"
        )
    if kind == "CE" and number >= _BE_THRESHOLD:
        raise ThaiDateError(
            f"invalid date {text!r}: year {raw} is marked Christian Era ({era}) but looks like "
            "a Buddhist-Era year"
        )
    return number - _BE_OFFSET if number >= _BE_THRESHOLD else number


def _make_date(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise ThaiDateError(f"invalid date {text!r}: month {month} is not between 1 and 12")
    if not MINYEAR <= year <= MAXYEAR:
        raise ThaiDateError(f"invalid date {text!r}: year {year} CE is out of range")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ThaiDateError(
            f"impossible date {text!r}: day {day} does not exist in "
            f"{_ENGLISH_MONTHS[month]} {year} CE ({year + _BE_OFFSET} BE), which has {last} days"
        )
    return date(year, month, day)


def _date_from(match: re.Match[str], n: str, text: str) -> date:
    """The date held by the groups of :func:`_full_date` (or :func:`_text_date`) ``n``."""
    groups = match.groupdict()
    if groups.get(f"d{n}") is not None:
        month, english = _month_of(groups[f"m{n}"])
        year = _resolve_year(groups[f"y{n}"], groups[f"e{n}"], english, text)
        return _make_date(year, month, int(groups[f"d{n}"]), text)
    if groups.get(f"nd{n}") is not None:  # D/M/Y, the Thai order
        year = _resolve_year(groups[f"ny{n}"], None, False, text)
        return _make_date(year, int(groups[f"nm{n}"]), int(groups[f"nd{n}"]), text)
    year = _resolve_year(groups[f"iy{n}"], None, False, text)
    return _make_date(year, int(groups[f"im{n}"]), int(groups[f"id{n}"]), text)


def _resolve(match: re.Match[str], kind: str, text: str) -> tuple[date, date]:
    end = _date_from(match, "2", text)
    if kind == "single":
        return end, end
    if kind == "full":
        start = _date_from(match, "1", text)
    elif kind == "months":
        # The year is written once, after the end: "30 ธ.ค. - 2 ม.ค. 2566" starts the year before.
        month, _ = _month_of(match["m1"])
        start = _make_date(end.year, month, int(match["d1"]), text)
        if start > end:
            start = _make_date(end.year - 1, month, int(match["d1"]), text)
    else:  # "days": month and year are written once, after the end
        start = _make_date(end.year, end.month, int(match["d1"]), text)
    if start > end:
        raise ThaiDateError(
            f"invalid date range {text!r}: it ends ({end}) before it starts ({start})"
        )
    return start, end


def _diagnose(text: str, body: str) -> str:
    """Why ``body`` (the scan form of ``text`` without prefix words) is not a date."""
    examples = "e.g. '22 มีนาคม 2566', '๒๒ มี.ค. ๖๖', '22/3/2566' or '2023-03-22'"
    loose = _LOOSE_DATE.fullmatch(body)
    if loose is None:
        if _MONTH_RE.match(body):
            return f"missing day in date {text!r}: expected day, month and year, {examples}"
        return f"unrecognised date {text!r}: expected day, month and year, {examples}"
    mid, year = loose["mid"].strip(" ,"), loose["y"]
    if mid and not re.search(r"[\d/]", mid) and _MONTH_RE.fullmatch(mid) is None:
        return (
            f"unknown month {mid!r} in date {text!r}: expected a Thai or English month name "
            "such as มีนาคม, มี.ค. or March"
        )
    if mid and year is None and _MONTH_RE.fullmatch(mid):
        return f"missing year in date {text!r}: expected day, month and year, {examples}"
    if mid and year is not None and len(year) not in (2, 4):
        return f"invalid year {year!r} in date {text!r}: a year has 2 or 4 digits"
    if len(loose["d"]) > 2:
        return f"invalid day {loose['d']!r} in date {text!r}: a day has 1 or 2 digits"
    return f"unrecognised date {text!r}: expected day, month and year, {examples}"


def _parse(text: str, *, allow_range: bool) -> tuple[date, date]:
    scan, _ = _scan_form(text)
    prefix = _PARSE_PREFIX.match(scan)
    body = scan[prefix.end() if prefix else 0 :].strip()
    if not body:
        raise ThaiDateError(f"empty date {text!r}")
    patterns = (*_RANGE_PATTERNS, _SINGLE_PATTERN) if allow_range else (_SINGLE_PATTERN,)
    for kind, pattern in patterns:
        match = pattern.fullmatch(body)
        if match:
            return _resolve(match, kind, text)
    if not allow_range and any(p.fullmatch(body) for _, p in _RANGE_PATTERNS):
        raise ThaiDateError(
            f"{text!r} is a date range, not a single date (use parse_thai_date_range)"
        )
    raise ThaiDateError(_diagnose(text, body))


def parse_thai_date(text: str) -> date:
    """Read one date written the Thai, English or ISO way.

    Accepted: ``2023-03-22``; ``22 มีนาคม 2566``; ``22 มี.ค. 2566``; ``๒๒ มี.ค. ๖๖``;
    ``วันที่ 22 มีนาคม พ.ศ. 2566`` (also ``วันพุธที่ …``, ``เมื่อ …``); ``22/3/2566`` (``/``
    or ``-``); ``22 March 2023``; ``22 มีนาคม 2023``. The day always comes first. Month names
    are full or abbreviated, with or without dots and spaces (``มี.ค.``, ``มีค``, ``มี. ค.``),
    Thai or English in any case. Four-digit years of 2400 or more are Buddhist Era (minus 543),
    smaller ones Christian Era; an explicit ``พ.ศ.``/``ค.ศ.``/``B.E.``/``A.D.`` must agree.
    Two-digit years are BE (``66`` -> 2566 -> 2023) unless marked CE or the month is English.

    Raises :class:`ThaiDateError` quoting ``text`` and saying what is wrong.
    """
    return _parse(text, allow_range=False)[0]


def parse_thai_date_range(text: str) -> tuple[date, date]:
    """Read a date range, or a single date (then start == end).

    ``10 – 11 กันยายน 2565``, ``10-11 ก.ย. 65``, ``30 กันยายน - 2 ตุลาคม 2565``,
    ``30 ธ.ค. 2565 - 2 ม.ค. 2566``; the separator is any dash, ``~``, ``ถึง`` or ``to``, and may
    be followed by ``วันที่``. When the year is written only after the end and the start month
    comes later in the year ("30 ธ.ค. - 2 ม.ค. 2566"), the start is in the previous year.
    Each date is read as by :func:`parse_thai_date`. Raises :class:`ThaiDateError`, also when
    the range ends before it starts.
    """
    return _parse(text, allow_range=True)


def find_thai_dates(text: str) -> list[tuple[int, int, date, date]]:
    """Every date and date range in running text, as ``(start, end, first_day, last_day)``.

    ``start``/``end`` are offsets into the original ``text``, so ``text[start:end]`` is the
    date phrase as written, from the first digit of the day to the last digit of the year
    (a leading ``วันที่`` is not included). Forms are those of :func:`parse_thai_date_range`;
    a year is required. Where candidates overlap, the earliest and then longest wins.
    Candidates that are not real dates (31 กุมภาพันธ์, ``3/45/2566``) are skipped, not raised:
    running text holds many numbers that only look like dates.
    """
    scan, index = _scan_form(text)
    candidates: list[tuple[int, int, date, date]] = []
    for kind, pattern in (*_RANGE_PATTERNS, _SINGLE_PATTERN):
        for match in pattern.finditer(scan):
            try:
                # Messages quote the match, not the whole (possibly long) report.
                first, last = _resolve(match, kind, match.group())
            except ThaiDateError:
                continue
            candidates.append((match.start(), match.end(), first, last))
    candidates.sort(key=lambda c: (c[0], -c[1]))
    found: list[tuple[int, int, date, date]] = []
    reached = 0
    for start, end, first, last in candidates:
        if start < reached:
            continue
        reached = end
        if index is not None:  # map back over dropped invisible characters
            start, end = index[start], index[end - 1] + 1
        found.append((start, end, first, last))
    return found
