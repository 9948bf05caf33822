"""Reading the tabular templates and converting rows (partnernet.ingest.tabular / rows)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from partnernet.graph.model import (
    Agency,
    AgencyType,
    CommunityOrganization,
    Council,
    CouncilLevel,
    Event,
    NodeKind,
    ParticipationRole,
    Proposal,
    ProposalModel,
    RelType,
)
from partnernet.ingest.rows import RowError, convert_row, row_key
from partnernet.ingest.tabular import IngestFileError, TableKind, detect_template, read_tables

FIXTURES = Path(__file__).parent / "fixtures"
NAI_MUEANG = "สภาองค์กรชุมชนตำบลในเมือง"


def one_table(path: Path, encoding: str | None = None):  # type: ignore[no-untyped-def]
    tables = read_tables(path, encoding)
    assert len(tables) == 1
    return tables[0]


# ------------------------------------------------------------------------------ encodings


def test_bom_and_crlf_are_invisible() -> None:
    table = one_table(FIXTURES / "orgs_bom_crlf.csv")
    assert table.template is TableKind.ORGANIZATIONS
    assert table.columns["id"] == "id"  # the BOM did not stick to the first header
    assert [row.line for row in table.rows] == [2, 3]
    first = table.rows[0].values
    assert first["name_th"] == NAI_MUEANG
    assert first["issues"] == "housing"  # no stray \r at the line end
    assert table.warnings == []


def test_cp874_bytes_without_encoding_name_file_line_and_option() -> None:
    path = FIXTURES / "orgs_cp874.csv"
    with pytest.raises(IngestFileError) as err:
        read_tables(path)
    message = str(err.value)
    assert str(path) in message
    assert "line 2" in message
    assert "--encoding cp874" in message


def test_cp874_with_encoding_reads_thai() -> None:
    table = one_table(FIXTURES / "orgs_cp874.csv", encoding="cp874")
    assert table.rows[0].values["name_th"] == NAI_MUEANG
    assert table.rows[0].values["issues"] == "ที่ดิน"


def test_utf8_file_given_cp874_is_not_turned_into_mojibake() -> None:
    table = one_table(FIXTURES / "orgs_bom_crlf.csv", encoding="cp874")
    assert table.rows[0].values["name_th"] == NAI_MUEANG
    assert any("UTF-8" in w for w in table.warnings)


def test_utf16_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "organizations.tsv"
    path.write_bytes("kind\tname_th\r\ncouncil\tสภา\r\n".encode("utf-16"))
    table = one_table(path)
    assert table.rows[0].values == {"kind": "council", "name_th": "สภา"}


def test_unknown_encoding_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes(b"kind,name_th\r\ncouncil,\xca\xc0\r\n")
    with pytest.raises(IngestFileError, match="unknown encoding"):
        read_tables(path, encoding="no-such-codec")


# -------------------------------------------------------------------------------- headers


def test_missing_required_column_lists_missing_and_found() -> None:
    with pytest.raises(IngestFileError) as err:
        read_tables(FIXTURES / "orgs_missing_column.csv")
    message = str(err.value)
    assert "missing required column(s) name_th" in message
    assert "found: id, kind, name_en, province" in message


def test_extra_columns_are_reported_once() -> None:
    table = one_table(FIXTURES / "orgs_extra_columns.csv")
    assert len(table.warnings) == 1
    assert "'phone', 'notes'" in table.warnings[0]
    assert "phone" not in table.rows[0].values
    assert table.rows[0].raw["phone"] == "043-000000"  # kept for the rejects file


def test_headers_are_case_and_space_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(" Name TH ,KIND,Province Code\nสภา,council,40\n", encoding="utf-8")
    table = one_table(path)
    assert table.template is TableKind.ORGANIZATIONS
    assert table.rows[0].values == {"name_th": "สภา", "kind": "council", "province": "40"}


@pytest.mark.parametrize(
    ("headers", "template", "fields"),
    [
        (["Id", "Label", "kind"], TableKind.ORGANIZATIONS, {"id", "name_th", "kind"}),
        (
            ["Source", "Target", "Type", "Weight"],
            TableKind.RELATIONSHIPS,
            {"source", "target", "type", "weight"},
        ),
        (["Label", "Type", "Description"], TableKind.ORGANIZATIONS, {"name_th", "kind"}),
        (["From", "To", "Type"], TableKind.RELATIONSHIPS, {"source", "target", "type"}),
        (
            ["id", "title", "start_date", "participants"],
            TableKind.EVENTS,
            {"id", "title", "start_date", "participants"},
        ),
        (["title_th", "proposed_by"], TableKind.PROPOSALS, {"title_th", "proposed_by"}),
    ],
)
def test_gephi_kumu_and_template_headers(
    headers: list[str], template: TableKind, fields: set[str]
) -> None:
    found, mapping, _ = detect_template(headers, where="t")
    assert found is template
    assert set(mapping.values()) == fields


def test_gephi_relationship_column_wins_over_direction_type() -> None:
    _, mapping, extra = detect_template(["Source", "Target", "Type", "Relationship"])
    assert mapping[3] == "type"
    assert extra == ["Type"]


def test_unrecognisable_headers_list_the_templates() -> None:
    with pytest.raises(IngestFileError, match="cannot tell which template"):
        detect_template(["foo", "bar"], where="x.csv")


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "organizations.csv"
    path.write_text(
        'kind,name_th,aliases\n\ncouncil,"สภา\nสอง",x\ncouncil,สาม,\n', encoding="utf-8"
    )
    table = one_table(path)
    assert [(r.line, r.values["name_th"]) for r in table.rows] == [(3, "สภา\nสอง"), (5, "สาม")]


def test_semicolon_delimited_csv(tmp_path: Path) -> None:
    path = tmp_path / "organizations.csv"
    path.write_text("kind;name_th;aliases\ncouncil;สภา;a;\n", encoding="utf-8")
    assert one_table(path).rows[0].values["name_th"] == "สภา"


# ----------------------------------------------------------------------------- XLSX, JSON


def test_xlsx_sheets_named_after_templates(tmp_path: Path) -> None:
    wb = Workbook()
    orgs = wb.active
    orgs.title = "organizations"
    orgs.append(["id", "kind", "name_th", "province"])
    orgs.append([None, "council", NAI_MUEANG, 40])
    orgs.append([None, None, None, None])
    orgs.append([None, "academic", "มหาวิทยาลัยขอนแก่น", "ขอนแก่น"])
    rels = wb.create_sheet("Relationships")
    rels.append(["source", "target", "since"])
    rels.append(["a", "b", date(2023, 3, 22)])
    notes = wb.create_sheet("notes")
    notes.append(["anything", "else"])
    path = tmp_path / "network.xlsx"
    wb.save(path)

    tables = read_tables(path)
    assert [t.template for t in tables] == [TableKind.ORGANIZATIONS, TableKind.RELATIONSHIPS]
    assert [r.line for r in tables[0].rows] == [2, 4]  # Excel's row numbers
    assert tables[0].rows[0].values["province"] == "40"  # not "40.0"
    assert tables[1].rows[0].values["since"] == "2023-03-22"
    assert any("notes" in w for w in tables[0].warnings)


def test_xlsx_single_sheet_detected_by_headers(tmp_path: Path) -> None:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Sheet1"
    sheet.append(["From", "To", "Type"])
    sheet.append(["a", "b", "member_of"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    (table,) = read_tables(path)
    assert table.template is TableKind.RELATIONSHIPS
    assert table.rows[0].values == {"source": "a", "target": "b", "type": "member_of"}


def test_broken_xlsx_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(IngestFileError, match="cannot read the workbook"):
        read_tables(path)


def test_json_list_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "orgs.json"
    path.write_text(
        '[\n  {"kind": "council", "name_th": "สภา", "aliases": ["a", "b"]},\n'
        '  {"kind": "academic",\n   "name_th": "มข", "province": 40}\n]\n',
        encoding="utf-8",
    )
    (table,) = read_tables(path)
    assert table.template is TableKind.ORGANIZATIONS
    assert [r.line for r in table.rows] == [2, 3]
    assert table.rows[0].values["aliases"] == "a;b"
    assert table.rows[1].values["province"] == "40"


def test_json_object_of_template_lists(tmp_path: Path) -> None:
    data = {
        "meta": {"version": 1},
        "organizations": [{"kind": "council", "name_th": "สภา"}],
        "relationships": [{"source": "a", "target": "b"}],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tables = read_tables(path)
    assert [t.template for t in tables] == [TableKind.ORGANIZATIONS, TableKind.RELATIONSHIPS]
    assert (tables[0].rows[0].line, tables[1].rows[0].line) == (6, 12)


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n {"kind": "council",\n "name_th": }\n]', encoding="utf-8")
    with pytest.raises(IngestFileError, match="line 3"):
        read_tables(path)


# --------------------------------------------------------------------------- conversion


def org(**values: str):  # type: ignore[no-untyped-def]
    return convert_row(TableKind.ORGANIZATIONS, values)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("council", NodeKind.COUNCIL),
        ("Council", NodeKind.COUNCIL),
        ("สภาองค์กรชุมชน", NodeKind.COUNCIL),
        ("หน่วยงานรัฐ", NodeKind.AGENCY),
        ("องค์กรชุมชน", NodeKind.COMMUNITY_ORGANIZATION),
        ("ภาคประชาสังคม", NodeKind.CIVIL_SOCIETY_GROUP),
        ("CivilSocietyGroup", NodeKind.CIVIL_SOCIETY_GROUP),
        ("civil society group", NodeKind.CIVIL_SOCIETY_GROUP),
        ("สถาบันการศึกษา", NodeKind.ACADEMIC),
        ("ภาคเอกชน", NodeKind.PRIVATE_SECTOR),
        ("private_sector", NodeKind.PRIVATE_SECTOR),
    ],
)
def test_kind_names(kind: str, expected: NodeKind) -> None:
    level = "national" if expected is NodeKind.COUNCIL else ""
    node = org(kind=kind, name_th="ชื่อ", level=level).nodes[0]
    assert node.kind is expected


def test_unknown_kind_and_non_organisation_kind() -> None:
    with pytest.raises(RowError) as err:
        org(kind="club", name_th="x")
    assert err.value.column == "kind" and "สภาองค์กรชุมชน" in err.value.reason
    with pytest.raises(RowError, match="not an organisation kind"):
        org(kind="Province", name_th="x")


def test_council_id_from_area_codes_in_thai_digits() -> None:
    out = org(kind="council", name_th=NAI_MUEANG, level="ตำบล", subdistrict="๔๐๐๑๐๑")
    council = out.nodes[0]
    assert isinstance(council, Council)
    assert council.id == "council:subdistrict:400101"
    assert council.level is CouncilLevel.SUBDISTRICT
    assert (council.province_code, council.district_code) == ("40", "4001")
    ids = {n.id for n in out.nodes}
    assert {"subdistrict:400101", "district:4001", "province:40"} <= ids
    assert any(n.kind is NodeKind.REGION for n in out.nodes)
    located = [r for r in out.rels if r.type is RelType.LOCATED_IN]
    assert [(r.source, r.target) for r in located] == [(council.id, "subdistrict:400101")]
    ins = {(r.source, r.target) for r in out.rels if r.type is RelType.IN}
    assert ("subdistrict:400101", "district:4001") in ins
    assert ("district:4001", "province:40") in ins


def test_council_level_defaults_from_the_area() -> None:
    assert org(kind="council", name_th="สภา", province="40").nodes[0].id == "council:provincial:40"


def test_agency_ids_and_types() -> None:
    pao = org(kind="agency", name_th="อบจ.ขอนแก่น", type="อบจ.", province="ขอนแก่น").nodes[0]
    assert isinstance(pao, Agency)
    assert (pao.id, pao.type) == ("agency:pao:40", AgencyType.PAO)
    sao = org(
        kind="agency", name_th="อบต.ในเมือง", type="sao", province="40", district="บ้านไผ่"
    ).nodes[0]
    assert sao.id == "agency:sao:401002"  # the subdistrict read from the SAO's name
    city = org(kind="agency", name_th="เทศบาลนครขอนแก่น", province="40").nodes[0]
    assert city.id == "agency:municipality:40:เทศบาลนครขอนแก่น"  # type read from the name
    other = org(kind="agency", name_th="สำนักงานประมง", province="40").nodes[0]
    assert other.id == "agency:other:40:สำนักงานประมง"
    with pytest.raises(RowError) as err:
        org(kind="agency", name_th="x", type="palace")
    assert err.value.column == "type" and "governor_office" in err.value.reason


def test_type_and_level_are_validated_per_kind() -> None:
    with pytest.raises(RowError, match="council has no type"):
        org(kind="council", name_th="x", type="network", level="national")
    with pytest.raises(RowError) as err:
        org(kind="civil_society_group", name_th="x", type="club")
    assert err.value.column == "type"
    with pytest.raises(RowError) as err:
        org(kind="council", name_th="x", level="galactic")
    assert err.value.column == "level"
    cbo = org(kind="community_organization", name_th="กลุ่มออมทรัพย์", type="savings group")
    assert isinstance(cbo.nodes[0], CommunityOrganization)
    assert cbo.nodes[0].type == "savings group"


def test_issues_by_code_english_thai_and_unknown() -> None:
    out = org(kind="academic", name_th="มข", issues="housing;Land;สิ่งแวดล้อม/ทรัพยากร;บ้านมั่นคง")
    assert sorted(r.target for r in out.rels if r.type is RelType.WORKS_ON) == [
        "issue:environment",
        "issue:housing",
        "issue:land",
    ]
    with pytest.raises(RowError) as err:
        org(kind="academic", name_th="มข", issues="hausing")
    assert err.value.column == "issues" and "did you mean housing" in err.value.reason


def test_unknown_province_reason_has_the_suggestion() -> None:
    with pytest.raises(RowError) as err:
        org(kind="academic", name_th="มข", province="ขอนแก่นน")
    assert err.value.column == "province"
    assert "did you mean ขอนแก่น" in err.value.reason


def test_one_megabyte_cell_is_refused_with_a_reason() -> None:
    with pytest.raises(RowError) as err:
        org(kind="academic", name_th="ก" * 1_000_000)
    assert err.value.column == "name_th"
    assert "1,000,000 characters" in err.value.reason
    with pytest.raises(RowError, match="characters long"):
        org(kind="academic", name_th="x", province="ข" * 1_000_000)


def test_mojibake_is_refused() -> None:
    garbled = NAI_MUEANG.encode("utf-8").decode("cp1252", errors="replace")
    with pytest.raises(RowError, match="garbled Thai"):
        org(kind="council", name_th=garbled, level="national")


def test_relationship_row() -> None:
    out = convert_row(
        TableKind.RELATIONSHIPS,
        {
            "source": "a",
            "target": "b",
            "type": "partners_with",
            "form": "MOU",
            "since": "๒๒ มี.ค. ๖๖",
            "weight": "๒",
            "source_ref": "r1;r2",
        },
    )
    (rel,) = out.rels
    assert rel.type is RelType.PARTNERS_WITH
    assert rel.since == date(2023, 3, 22)
    assert rel.weight == 2.0
    assert rel.source_ids == ["r1", "r2"]
    assert out.refs == {"a": "source", "b": "target"}


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"type": "friends_with"}, "type"),
        ({"since": "32 มีนาคม 2566"}, "since"),
        ({"weight": "heavy"}, "weight"),
        ({"type": "member_of", "form": "mou"}, "form"),
        ({"since": "2023-03-22", "until": "2022-01-01"}, "until"),
        ({"target": ""}, "target"),
    ],
)
def test_relationship_row_errors(values: dict[str, str], column: str) -> None:
    with pytest.raises(RowError) as err:
        convert_row(TableKind.RELATIONSHIPS, {"source": "a", "target": "b", **values})
    assert err.value.column == column


def test_gephi_direction_in_type_means_partners_with() -> None:
    out = convert_row(TableKind.RELATIONSHIPS, {"source": "a", "target": "b", "type": "Undirected"})
    assert out.rels[0].type is RelType.PARTNERS_WITH


def test_proposal_row() -> None:
    out = convert_row(
        TableKind.PROPOSALS,
        {
            "id": "p1",
            "title_th": "ข้อเสนอที่ดิน",
            "proposed_by": "c1",
            "submitted_to": "a1; a2",
            "status": "submitted",
            "raised_on": "22 มีนาคม 2566",
            "issues": "ที่ดิน",
            "model": "จังหวัดจัดการตนเอง",
        },
    )
    proposal = out.nodes[0]
    assert isinstance(proposal, Proposal)
    assert (proposal.name_th, proposal.title_th) == ("ข้อเสนอที่ดิน", "ข้อเสนอที่ดิน")
    assert proposal.raised_on == date(2023, 3, 22)
    assert proposal.model is ProposalModel.SELF_GOVERNING_PROVINCE
    edges = {(r.type, r.source, r.target) for r in out.rels}
    assert edges == {
        (RelType.PROPOSED, "c1", "p1"),
        (RelType.SUBMITTED_TO, "p1", "a1"),
        (RelType.SUBMITTED_TO, "p1", "a2"),
        (RelType.CONCERNS, "p1", "issue:land"),
    }
    assert out.refs == {"c1": "proposed_by", "a1": "submitted_to", "a2": "submitted_to"}


def test_event_row_with_range_and_roles_on_ids_with_colons() -> None:
    out = convert_row(
        TableKind.EVENTS,
        {
            "title": "สมัชชา",
            "start_date": "10-11 ก.ย. 65",
            "province": "ขอนแก่น",
            "participants": "council:provincial:40:organiser;agency:pao:40:วิทยากร;council:x:1",
        },
    )
    event = out.nodes[0]
    assert isinstance(event, Event)
    assert (event.start_date, event.end_date) == (date(2022, 9, 10), date(2022, 9, 11))
    assert event.province_code == "40"
    assert event.id.startswith("event:40:2022-09-10")
    roles = {(r.source, r.role) for r in out.rels}
    assert roles == {
        ("council:provincial:40", ParticipationRole.ORGANISER),
        ("agency:pao:40", ParticipationRole.SPEAKER),
        ("council:x:1", ParticipationRole.PARTICIPANT),
    }


def test_event_end_before_start_is_a_row_error() -> None:
    with pytest.raises(RowError) as err:
        convert_row(
            TableKind.EVENTS, {"title": "x", "start_date": "2023-03-22", "end_date": "2023-03-01"}
        )
    assert err.value.column == "end_date"


def test_row_key_ignores_spelling_variants() -> None:
    a = row_key(TableKind.ORGANIZATIONS, {"name_th": "น้ำ", "province": "40", "id": ""})
    b = row_key(TableKind.ORGANIZATIONS, {"name_th": "น\u0e49\u0e4d\u0e32\u200b", "province": "๔๐"})
    assert a == b


def test_trailing_empty_columns_and_values_under_no_header(tmp_path: Path) -> None:
    path = tmp_path / "organizations.csv"
    path.write_text("kind,name_th,,\ncouncil,สภา,,\ncouncil,สอง,,stray\n", encoding="utf-8")
    table = one_table(path)
    assert table.warnings == []
    assert table.rows[0].raw == {"kind": "council", "name_th": "สภา"}
    assert table.rows[1].raw == {"kind": "council", "name_th": "สอง", "column 4": "stray"}


@pytest.mark.parametrize("headers", [["name", "province"], ["Label", "province"]])
def test_headers_that_fit_two_templates_equally_are_refused(headers: list[str]) -> None:
    with pytest.raises(IngestFileError) as caught:
        detect_template(headers, where="people.xlsx")
    message = str(caught.value)
    assert message.startswith("people.xlsx: the header (")
    assert "organizations (lacks kind)" in message and "events" in message


def test_a_template_name_settles_headers_that_fit_two(tmp_path: Path) -> None:
    found, _, _ = detect_template(["name", "province"], "events", where="events.csv")
    assert found is TableKind.EVENTS
    with pytest.raises(IngestFileError, match=r"missing required column.*kind"):
        detect_template(["name", "province"], "organizations", where="organizations.csv")


def test_an_xlsx_of_names_and_provinces_is_refused_not_taken_as_events(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["name", "province"])
    wb.active.append(["สภาองค์กรชุมชนตำบลโนนท่อน", "ขอนแก่น"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    with pytest.raises(IngestFileError, match="fits several templates"):
        read_tables(path)
