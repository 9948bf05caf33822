"""Read the tabular templates (CSV, XLSX, JSON) into raw rows.

Four templates (see docs/architecture.md): ``organizations``, ``relationships``, ``proposals``
and ``events``. A table's template is told by its headers (case, spacing and punctuation do
not matter; Gephi ``Id/Label/Source/Target/Type/Weight`` and Kumu ``Label/Type/From/To`` forms
and a few Thai headers are accepted), with the file or sheet name as a tie-breaker.

What comes out is :class:`RawRow`: the file, the line number as a user sees it (the header is
line 1; XLSX rows are Excel's row numbers; JSON objects are the line where they start), the
cells by template field, and the original row for the rejects file. Turning rows into model
objects is :mod:`partnernet.ingest.rows`; batching and writing is
:mod:`partnernet.ingest.pipeline`.

Problems with a whole file (undecodable bytes, a missing required column, an unreadable
workbook) raise :class:`IngestFileError`, whose message names the file and says what to do.
Text is never guessed: bytes that are not UTF-8 are refused with a pointer to
``--encoding cp874`` (Thai Excel's Windows-874 / TIS-620) rather than turned into mojibake.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any

from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.thai import normalize_text
from partnernet.ingest import limits
from partnernet.ingest.limits import check_encoding

__all__ = [
    "FIELDS",
    "REQUIRED",
    "SUFFIXES",
    "IngestFileError",
    "RawRow",
    "Table",
    "TableKind",
    "detect_template",
    "iter_rows",
    "read_tables",
]


class IngestFileError(InvalidInput):
    """A whole input file cannot be read; the message names the file and the fix."""


class TableKind(StrEnum):
    """What a table holds (its columns follow one of these layouts). Not to be confused with
    `analysis.template.Template`, the partnership template the gap analysis checks against."""

    ORGANIZATIONS = "organizations"
    RELATIONSHIPS = "relationships"
    PROPOSALS = "proposals"
    EVENTS = "events"


# Per template: field -> accepted header keys (see _header_key), best first. The first field
# listed for a header wins; a second column for an already-filled field is reported as ignored.
FIELDS: dict[TableKind, dict[str, tuple[str, ...]]] = {
    TableKind.ORGANIZATIONS: {
        "id": ("id", "รหัส"),
        "kind": ("kind", "ประเภทองค์กร", "kind_th"),
        "name_th": ("name_th", "label", "name", "ชื่อ", "ชื่อองค์กร", "ชื่อภาษาไทย", "ชื่อไทย"),
        "name_en": ("name_en", "english_name", "ชื่อภาษาอังกฤษ", "ชื่ออังกฤษ"),
        "type": ("type", "ประเภท"),
        "level": ("level", "ระดับ"),
        "tier": ("tier",),
        "province": ("province", "province_code", "จังหวัด"),
        "district": ("district", "district_code", "อำเภอ", "เขต"),
        "subdistrict": ("subdistrict", "subdistrict_code", "ตำบล", "แขวง"),
        "issues": ("issues", "issue", "ประเด็น", "ประเด็นงาน"),
        "aliases": ("aliases", "alias", "ชื่ออื่น", "ชื่อเรียกอื่น"),
        "source_ref": ("source_ref", "source_ids", "แหล่งข้อมูล", "อ้างอิง"),
    },
    TableKind.RELATIONSHIPS: {
        "source": ("source", "from", "จาก", "ต้นทาง"),
        "target": ("target", "to", "ถึง", "ปลายทาง"),
        # Gephi's `Type` is Directed/Undirected; a `relationship` column wins over it.
        "type": ("relationship", "relationship_type", "rel_type", "type", "ความสัมพันธ์"),
        "form": ("form", "รูปแบบ"),
        "since": ("since", "start", "start_date", "ตั้งแต่", "เริ่ม"),
        "until": ("until", "end", "end_date", "สิ้นสุด"),
        "weight": ("weight", "น้ำหนัก"),
        "confidence": ("confidence",),
        "role": ("role", "บทบาท"),
        "amount_thb": ("amount_thb", "amount", "งบประมาณ"),
        "year": ("year", "ปี"),
        "source_ref": ("source_ref", "source_ids", "แหล่งข้อมูล", "อ้างอิง"),
    },
    TableKind.PROPOSALS: {
        "id": ("id", "รหัส"),
        "title_th": ("title_th", "name_th", "ชื่อข้อเสนอ", "ข้อเสนอ"),
        "title_en": ("title_en", "name_en"),
        "text": ("text", "detail", "details", "รายละเอียด"),
        "proposed_by": ("proposed_by", "ผู้เสนอ"),
        "submitted_to": ("submitted_to", "ยื่นต่อ", "เสนอต่อ"),
        "status": ("status", "สถานะ"),
        "raised_on": ("raised_on", "date", "วันที่"),
        "issues": ("issues", "issue", "ประเด็น"),
        "model": ("model", "รูปแบบ"),
        "province": ("province", "province_code", "จังหวัด"),
        "source_ref": ("source_ref", "source_ids", "แหล่งข้อมูล", "อ้างอิง"),
    },
    TableKind.EVENTS: {
        "id": ("id", "รหัส"),
        "title": ("title", "name_th", "label", "name", "ชื่องาน", "ชื่อกิจกรรม"),
        "name_en": ("title_en", "name_en"),
        "start_date": ("start_date", "date", "start", "วันที่", "วันเริ่ม"),
        "end_date": ("end_date", "end", "วันสิ้นสุด"),
        "province": ("province", "province_code", "จังหวัด"),
        "place": ("place", "venue", "location", "สถานที่"),
        "participants": ("participants", "ผู้เข้าร่วม"),
        "source_ref": ("source_ref", "source_ids", "แหล่งข้อมูล", "อ้างอิง"),
    },
}

REQUIRED: dict[TableKind, tuple[str, ...]] = {
    TableKind.ORGANIZATIONS: ("kind", "name_th"),
    TableKind.RELATIONSHIPS: ("source", "target"),
    TableKind.PROPOSALS: ("title_th",),
    TableKind.EVENTS: ("title",),
}

# File and sheet names that say which template a table is in (Gephi/Kumu names included).
_NAME_HINTS: tuple[tuple[TableKind, re.Pattern[str]], ...] = (
    (TableKind.RELATIONSHIPS, re.compile(r"relationship|edge|connection|link|ความสัมพันธ์")),
    (TableKind.PROPOSALS, re.compile(r"proposal|ข้อเสนอ")),
    (TableKind.EVENTS, re.compile(r"event|เวที|กิจกรรม")),
    (TableKind.ORGANIZATIONS, re.compile(r"organi[sz]ation|\borgs?\b|node|element|องค์กร")),
)
# Tie-break order when headers fit two templates equally well.
_PREFERENCE = (
    TableKind.RELATIONSHIPS,
    TableKind.PROPOSALS,
    TableKind.EVENTS,
    TableKind.ORGANIZATIONS,
)

SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".json")
_THAI_SINGLE_BYTE = {"cp874", "tis_620", "iso8859_11"}


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: where it is, its cells by template field, and the row as written."""

    file: str
    line: int
    template: TableKind
    values: Mapping[str, str]  # field -> cell text, as read (not yet normalised)
    raw: Mapping[str, Any]  # original header -> original value, for the rejects file
    columns: Mapping[str, str]  # field -> the header the user wrote for it


@dataclass
class Table:
    """One table of one template: a CSV file, an XLSX sheet or a JSON list."""

    file: str
    template: TableKind
    headers: list[str]
    columns: dict[str, str]  # field -> header
    warnings: list[str] = field(default_factory=list)
    rows: list[RawRow] = field(default_factory=list)


# --------------------------------------------------------------------------------- headers

_HEADER_PUNCT = re.compile(r"[\s\-./()\[\]:]+")


def _header_key(header: str) -> str:
    return _HEADER_PUNCT.sub("_", normalize_text(header).casefold()).strip("_")


def _map_headers(template: TableKind, headers: Sequence[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field for one template, and the headers left over."""
    keys = [_header_key(h) for h in headers]
    mapping: dict[int, str] = {}
    for name, accepted in FIELDS[template].items():
        for alias in accepted:
            idx = next((i for i, k in enumerate(keys) if k == alias and i not in mapping), None)
            if idx is not None:
                mapping[idx] = name
                break
    fields = set(mapping.values())
    if template is TableKind.ORGANIZATIONS and "kind" not in fields and "type" in fields:
        # Kumu elements: `Type` is the element type, our kind (an agency type works too).
        idx = next(i for i, f in mapping.items() if f == "type")
        mapping[idx] = "kind"
    extra = [h for i, h in enumerate(headers) if i not in mapping and h.strip()]
    return mapping, extra


def _name_hint(name: str) -> TableKind | None:
    text = normalize_text(name).casefold()
    for template, pattern in _NAME_HINTS:
        if pattern.search(text):
            return template
    return None


def _template_list() -> str:
    return "; ".join(f"{t.value}: {','.join(FIELDS[t])}" for t in TableKind)


def _lacking(template: TableKind, headers: Sequence[str]) -> list[str]:
    mapping, _ = _map_headers(template, headers)
    return [f for f in REQUIRED[template] if f not in mapping.values()]


def detect_template(
    headers: Sequence[str], name: str = "", where: str = ""
) -> tuple[TableKind, dict[int, str], list[str]]:
    """The template a header row is in, its column mapping and the ignored headers.

    ``name`` (file stem or sheet name) breaks ties; ``where`` names the table in errors.
    Raises :class:`IngestFileError` when no template fits or required columns are missing."""
    hint = _name_hint(name) if name else None
    scored: list[tuple[int, int, int, int]] = []
    for template in TableKind:
        mapping, _ = _map_headers(template, headers)
        fields = set(mapping.values())
        has_required = sum(1 for f in REQUIRED[template] if f in fields)
        scored.append(
            (len(fields), has_required, int(template is hint), -_PREFERENCE.index(template))
        )
    best = max(range(len(scored)), key=lambda i: scored[i])
    template = list(TableKind)[best]
    tied = [t for t, score in zip(TableKind, scored, strict=True) if score[0] == scored[best][0]]
    if scored[best][0] > 0 and len(tied) > 1 and hint not in tied:
        # Headers that fit two templates equally (`name,province`: an organisation without its
        # kind, or an event?) are refused rather than guessed.
        found = ", ".join(h for h in headers if h.strip())
        fits = "; ".join(
            f"{t.value} (lacks {', '.join(_lacking(t, headers)) or 'no required column'})"
            for t in tied
        )
        raise IngestFileError(
            f"{where}: the header ({found}) fits several templates equally: {fits}; closest: "
            f"{template.value}, expected columns {','.join(FIELDS[template])}. Use one "
            "template's headers, or name the file or sheet after it (e.g. organizations.csv)"
        )
    if scored[best][0] == 0 or (scored[best][1] == 0 and hint is not None and hint != template):
        if hint is None:
            found = ", ".join(h for h in headers if h.strip()) or "no headers"
            raise IngestFileError(
                f"{where}: cannot tell which template the headers are in (found: {found}); "
                f"expected one of {_template_list()}"
            )
        template = hint
    mapping, extra = _map_headers(template, headers)
    missing = [f for f in REQUIRED[template] if f not in mapping.values()]
    if missing:
        found = ", ".join(h for h in headers if h.strip()) or "no headers"
        raise IngestFileError(
            f"{where}: missing required column(s) {', '.join(missing)} for the "
            f"{template.value} template (found: {found}; expected columns: "
            f"{','.join(FIELDS[template])})"
        )
    return template, mapping, extra


def _table(file: str, name: str, headers: list[str], where: str) -> tuple[Table, dict[int, str]]:
    template, mapping, extra = detect_template(headers, name, where)
    columns = {f: headers[i] for i, f in mapping.items()}
    table = Table(file=file, template=template, headers=headers, columns=columns)
    if extra:
        listed = ", ".join(repr(h) for h in extra)
        table.warnings.append(
            f"{where}: ignoring column(s) {listed} (not in the {template.value} template)"
        )
    return table, mapping


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for h in headers:
        if not h:
            out.append(h)  # trailing empty header cells (Excel's ",,,") stay unnamed
            continue
        n = seen.get(h, 0) + 1
        seen[h] = n
        out.append(h if n == 1 else f"{h} ({n})")
    return out


def _add_row(table: Table, mapping: dict[int, str], line: int, cells: Sequence[Any]) -> None:
    texts = [_cell_text(c) for c in cells]
    if not any(t.strip() for t in texts):
        return  # blank lines and trailing empty spreadsheet rows are not rows
    raw: dict[str, Any] = {}
    for i, text in enumerate(texts):
        header = table.headers[i] if i < len(table.headers) else ""
        if header:
            raw[header] = cells[i]
        elif text.strip():
            raw[f"column {i + 1}"] = cells[i]  # a value under no header
    values = {f: texts[i] for i, f in mapping.items() if i < len(texts)}
    table.rows.append(RawRow(table.file, line, table.template, values, raw, table.columns))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets hold codes such as 40 as 40.0
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# ------------------------------------------------------------------------------- decoding


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, file: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Text of a file and a warning (or None). UTF-8 (BOM optional) and UTF-16 with a BOM are
    read as such; anything else needs ``encoding``. Never guesses, never makes mojibake."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise IngestFileError(f"{file}: invalid UTF-16 text: {exc.reason}") from None
    try:
        check_encoding(encoding)  # text encodings only (not rot13, hex, zlib...)
        wanted = codecs.lookup(encoding).name.replace("-", "_") if encoding else None
    except (LookupError, InvalidInput):
        raise IngestFileError(f"unknown encoding {encoding!r} (try cp874 or utf-8)") from None
    utf8_error: UnicodeDecodeError | None = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        if wanted is None or wanted in ("utf_8", "utf_8_sig") or text.isascii():
            return text, None
        if wanted in _THAI_SINGLE_BYTE:
            # Real Windows-874 Thai is never valid UTF-8; decoding UTF-8 as cp874 is mojibake.
            return text, f"{file}: the file is UTF-8, so --encoding {encoding} was not applied"
    if wanted is None:
        assert utf8_error is not None
        line = _line_of(data, utf8_error.start)
        byte = data[utf8_error.start]
        raise IngestFileError(
            f"{file}: line {line} is not UTF-8 (byte 0x{byte:02x}); files saved by Thai Excel "
            "are usually Windows-874/TIS-620: run again with --encoding cp874 (or save the "
            "file as 'CSV UTF-8')"
        )
    try:
        return data.decode(wanted), None
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise IngestFileError(
            f"{file}: line {line} cannot be read as {encoding} (byte 0x{data[exc.start]:02x}); "
            "check the file's encoding"
        ) from None


# --------------------------------------------------------------------------------- readers


def _delimiter(text: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_csv(path: Path, file: str, encoding: str | None) -> list[Table]:
    text, note = decode(path.read_bytes(), file, encoding)
    # A 1 MB cell must reach the row checks (which reject it), not crash the reader.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 28))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, path.suffix))
    budget = limits.reading()
    table: Table | None = None
    mapping: dict[int, str] = {}
    start = 1
    try:
        for cells in reader:
            if table is None:
                if not any(c.strip() for c in cells):
                    start = reader.line_num + 1
                    continue
                headers = _unique_headers([c.strip() for c in cells])
                table, mapping = _table(file, path.stem, headers, file)
            else:
                budget.count(f"{file}: line {start}")
                _add_row(table, mapping, start, cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise IngestFileError(f"{file}: line {start}: {exc}") from None
    if table is None:
        raise IngestFileError(f"{file}: the file is empty (expected a header row)")
    if note:
        table.warnings.insert(0, note)
    return [table]


def _read_xlsx(path: Path, file: str) -> list[Table]:
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or non-xlsx file
        raise IngestFileError(
            f"{file}: cannot read the workbook ({type(exc).__name__}: {exc}); "
            "save it as .xlsx or as CSV UTF-8"
        ) from None
    tables: list[Table] = []
    skipped: list[str] = []
    budget = limits.reading()
    try:
        sheets = list(workbook.worksheets)
        for sheet in sheets:
            where = f"{file} [sheet {sheet.title}]"
            budget.check_sheet(sheet.max_row, sheet.max_column, where)  # declared, unread
            rows = sheet.iter_rows(min_row=1, values_only=True)
            table: Table | None = None
            mapping: dict[int, str] = {}
            for number, cells in enumerate(rows, start=1):
                if table is None:
                    if not any(_cell_text(c).strip() for c in cells):
                        continue
                    headers = _unique_headers([_cell_text(c).strip() for c in cells])
                    # Several sheets: only those named after a template or with its headers.
                    try:
                        name = sheet.title if len(sheets) > 1 else path.stem
                        table, mapping = _table(f"{file}[{sheet.title}]", name, headers, where)
                    except IngestFileError:
                        if len(sheets) == 1 or _name_hint(sheet.title) is not None:
                            raise
                        skipped.append(sheet.title)
                        break
                else:
                    budget.count(f"{where}: row {number}")
                    _add_row(table, mapping, number, cells)
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    if not tables:
        raise IngestFileError(
            f"{file}: no sheet holds a template (sheets: {', '.join(skipped) or 'none'}); "
            f"name sheets after a template or use its headers: {_template_list()}"
        )
    if skipped:
        tables[0].warnings.append(
            f"{file}: ignoring sheet(s) {', '.join(skipped)} (no template headers)"
        )
    return tables


_WS = re.compile(r"\s*")


def _json_items(text: str, start: int, file: str) -> Iterator[tuple[int, Any]]:
    """(offset, value) for each element of the JSON array starting at ``text[start]``."""
    decoder = json.JSONDecoder()
    pos = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", pos):
        return
    while True:
        value, end = decoder.raw_decode(text, pos)
        yield pos, value
        pos = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith("]", pos):
            return
        if not text.startswith(",", pos):
            raise json.JSONDecodeError("expected ',' or ']'", text, pos)
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def _json_lists(text: str, file: str) -> list[tuple[str, list[tuple[int, Any]]]]:
    """The lists of a JSON file: one unnamed list, or the template-named lists of an object."""
    decoder = json.JSONDecoder()
    pos = _WS.match(text).end()  # type: ignore[union-attr]
    if text.startswith("[", pos):
        return [("", list(_json_items(text, pos, file)))]
    if not text.startswith("{", pos):
        raise IngestFileError(f"{file}: expected a JSON list of objects or an object of lists")
    parsed = json.loads(text)  # validates the whole document first
    lists: list[tuple[str, list[tuple[int, Any]]]] = []
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    while not text.startswith("}", pos):
        key, end = decoder.raw_decode(text, pos)
        pos = _WS.match(text, end).end() + 1  # type: ignore[union-attr]  # past ':'
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        value, end = decoder.raw_decode(text, pos)
        if isinstance(value, list):
            lists.append((str(key), list(_json_items(text, pos, file))))
        pos = _WS.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    if not lists:
        raise IngestFileError(
            f"{file}: the JSON object has no lists (keys: {', '.join(map(str, parsed))}); "
            f"expected keys {', '.join(t.value for t in TableKind)}"
        )
    return lists


def _read_json(path: Path, file: str, encoding: str | None) -> list[Table]:
    text, note = decode(path.read_bytes(), file, encoding)
    try:
        lists = _json_lists(text, file)
    except json.JSONDecodeError as exc:
        raise IngestFileError(f"{file}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:  # [[[[…]]]] thousands deep: the parser's stack, not a 500
        raise IngestFileError(f"{file}: the JSON is nested too deeply") from None
    tables: list[Table] = []
    for key, items in lists:
        if not items:
            continue
        where = f"{file} [{key}]" if key else file
        headers: dict[str, None] = {}
        for offset, item in items:
            if not isinstance(item, dict):
                line = text.count("\n", 0, offset) + 1
                raise IngestFileError(f"{where}: line {line}: expected an object, not {item!r:.60}")
            headers.update(dict.fromkeys(str(k) for k in item))
        names = list(headers)
        name = key or path.stem
        if key and _name_hint(key) is None:
            continue  # e.g. a "meta" list next to the template lists
        table, mapping = _table(f"{file}[{key}]" if key else file, name, names, where)
        budget = limits.reading()
        for offset, item in items:
            line = text.count("\n", 0, offset) + 1
            budget.count(f"{where}: line {line}")
            _add_row(table, mapping, line, [item.get(h) for h in names])
        tables.append(table)
    if not tables:
        keys = ", ".join(key for key, _ in lists if key)
        raise IngestFileError(
            f"{file}: no rows found"
            + (
                f" in a template list (lists: {keys}; expected "
                f"{', '.join(t.value for t in TableKind)})"
                if keys
                else ""
            )
        )
    if note:
        tables[0].warnings.insert(0, note)
    return tables


def read_tables(path: str | Path, encoding: str | None = None) -> list[Table]:
    """Every template table in one file (CSV/TSV, XLSX or JSON), rows included.

    Raises :class:`IngestFileError` for unreadable files, unknown suffixes, undecodable bytes
    and missing required columns; row-level problems are left to the row converter."""
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise IngestFileError(f"{file}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return _read_csv(path, file, encoding)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, file)
    if suffix == ".json":
        return _read_json(path, file, encoding)
    if suffix == ".xls":
        raise IngestFileError(f"{file}: old .xls workbooks are not read; save as .xlsx or CSV")
    raise IngestFileError(
        f"{file}: unsupported file type {suffix or '(none)'}; expected {', '.join(SUFFIXES)}"
    )


def iter_rows(path: str | Path, encoding: str | None = None) -> Iterator[RawRow]:
    """Every data row of a file, tables in order (see :func:`read_tables`)."""
    for table in read_tables(path, encoding):
        yield from table.rows
