"""Loading tabular files into a store (partnernet.ingest.pipeline) on the bad-input corpus."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from partnernet.graph.model import (
    Council,
    CouncilLevel,
    NodeKind,
    ParticipationRole,
    Relationship,
    RelType,
)
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import IngestReport, ingest_paths, ingest_records
from partnernet.ingest.tabular import IngestFileError

FIXTURES = Path(__file__).parent / "fixtures"
NAI_MUEANG = "สภาองค์กรชุมชนตำบลในเมือง"
ORG_HEAD = "id,kind,name_th,name_en,type,level,province,district,subdistrict,issues,aliases\n"
REL_HEAD = "source,target,type,form,since,until,weight,source_ref\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    graph = SqliteStore(tmp_path / "g.sqlite")
    yield graph
    graph.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the fixtures, so rejects files land in tmp_path."""
    target = tmp_path / "in"
    shutil.copytree(FIXTURES, target)
    return target


def check_invariant(report: IngestReport) -> None:
    assert report.accepted + report.rejected + report.duplicates == report.rows
    assert report.rejected == len(report.rejected_rows)


def read_rejects(path: str | None) -> list[dict[str, str]]:
    assert path is not None
    data = Path(path).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Thai
    return list(csv.DictReader(data.decode("utf-8-sig").splitlines()))


def org_ids(store: SqliteStore) -> list[str]:
    return [n.id for n in store.iter_nodes() if n.kind.is_organization]


# ------------------------------------------------------------------------------ encodings


def test_bom_and_crlf(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "orgs_bom_crlf.csv"])
    check_invariant(report)
    assert (report.rows, report.accepted, report.rejected) == (2, 2, 0)
    assert report.rejects_file is None
    assert not list(corpus.glob("*.rejects.csv"))
    council = store.get_node("council:subdistrict:400101")
    assert council is not None and council.name_th == NAI_MUEANG
    assert store.get_node("agency:pao:40") is not None


def test_cp874_needs_the_option_and_then_reads_thai(store: SqliteStore, corpus: Path) -> None:
    path = corpus / "orgs_cp874.csv"
    with pytest.raises(IngestFileError, match=r"line 2 .*--encoding cp874"):
        ingest_paths(store, [corpus / "orgs_bom_crlf.csv", path])
    assert store.stats().nodes == {}  # a bad file stops the run before anything is written
    report = ingest_paths(store, [path], encoding="cp874")
    assert report.accepted == 1
    council = store.get_node("council:subdistrict:400101")
    assert council is not None and council.name_th == NAI_MUEANG
    assert store.get_relationship(RelType.WORKS_ON, council.id, "issue:land") is not None


def test_zero_width_spaces_sara_am_and_thai_digits(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "orgs_messy_thai.csv"])
    check_invariant(report)
    assert report.accepted == 3
    council = store.get_node("council:subdistrict:400101")
    assert isinstance(council, Council)
    assert council.name_th == NAI_MUEANG  # no zero-width spaces left
    assert council.province_code == "40"
    cbos = list(store.iter_nodes(NodeKind.COMMUNITY_ORGANIZATION))
    assert len(cbos) == 1  # ำ and ํา spellings: one organisation, not two
    assert cbos[0].name_th == "กลุ่มออมทรัพย์บ้านน้ำคำ"
    assert cbos[0].name_en == "Ban Nam Kham savings group"  # merged from the second row


def test_thai_digit_dates(store: SqliteStore, corpus: Path) -> None:
    ingest_paths(store, [corpus / "orgs_bom_crlf.csv", corpus / "relationships_dangling.csv"])
    rel = store.get_relationship(
        RelType.PARTNERS_WITH, "council:subdistrict:400101", "agency:pao:40"
    )
    assert rel is not None
    assert rel.since == date(2023, 3, 22)
    assert rel.weight == 2.0
    assert rel.source_ids == ["report-1"]


# ------------------------------------------------------------------------ columns and rows


def test_missing_column_is_a_file_error(store: SqliteStore, corpus: Path) -> None:
    with pytest.raises(IngestFileError) as err:
        ingest_paths(store, [corpus / "orgs_bom_crlf.csv", corpus / "orgs_missing_column.csv"])
    assert "missing required column(s) name_th" in str(err.value)
    assert "found: id, kind, name_en, province" in str(err.value)
    assert store.stats().nodes == {}


def test_extra_columns_warn_once(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "orgs_extra_columns.csv"])
    assert report.accepted == 1
    assert len(report.warnings) == 1 and "'phone', 'notes'" in report.warnings[0]


def test_empty_required_fields(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "orgs_empty_required.csv"])
    check_invariant(report)
    assert (report.accepted, report.rejected) == (1, 2)
    assert [(r.line, r.column) for r in report.rejected_rows] == [(2, "name_th"), (3, "kind")]
    assert all("empty" in r.reason for r in report.rejected_rows)


def test_unknown_province_suggestion_in_the_rejects_file(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "orgs_unknown_province.csv"])
    check_invariant(report)
    assert report.rejects_file == str(corpus / "orgs_unknown_province.rejects.csv")
    rows = read_rejects(report.rejects_file)
    assert [r["column"] for r in rows] == ["province", "issues"]
    assert "did you mean ขอนแก่น" in rows[0]["reason"]
    assert rows[0]["file"] == str(corpus / "orgs_unknown_province.csv")
    assert rows[0]["line"] == "2"
    assert json.loads(rows[0]["raw"])["province"] == "ขอนแก่นน"
    assert "unknown issue 'ไม่มีประเด็นนี้'" in rows[1]["reason"]


def test_dangling_relationship_and_bad_type(
    store: SqliteStore, corpus: Path, tmp_path: Path
) -> None:
    rejects = tmp_path / "out" / "rejects.csv"
    report = ingest_paths(
        store,
        [corpus / "relationships_dangling.csv", corpus / "orgs_bom_crlf.csv"],
        rejects_path=rejects,
    )
    check_invariant(report)
    assert (report.rows, report.accepted, report.rejected) == (5, 3, 2)
    assert report.rejects_file == str(rejects)
    rows = read_rejects(report.rejects_file)
    assert [(r["line"], r["column"]) for r in rows] == [("3", "target"), ("4", "type")]
    assert rows[0]["reason"] == "unknown id 'agency:pao:99' in column target"
    assert "PARTNERS_WITH" in rows[1]["reason"]  # lists the allowed types
    assert json.loads(rows[0]["raw"]) == {
        "source": "council:subdistrict:400101",
        "target": "agency:pao:99",
        "type": "PARTNERS_WITH",
        "form": "",
        "since": "",
        "until": "",
        "weight": "",
        "source_ref": "",
    }
    assert store.existing_ids(["agency:pao:99"]) == {}


def test_duplicate_rows_are_counted_not_written(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "orgs_duplicates.csv"])
    check_invariant(report)
    assert (report.rows, report.accepted, report.duplicates, report.rejected) == (3, 1, 2, 0)
    assert org_ids(store) == ["academic:40:มหาวิทยาลัยขอนแก่น"]
    copy = shutil.copy(corpus / "orgs_duplicates.csv", corpus / "copy.csv")
    again = ingest_paths(store, [corpus / "orgs_duplicates.csv", copy, copy])
    assert again.files == [str(corpus / "orgs_duplicates.csv"), str(copy)]  # a path counts once
    assert (again.duplicates, again.created, again.updated) == (5, 0, 0)


def test_one_megabyte_cell(store: SqliteStore, tmp_path: Path) -> None:
    huge = "ก" * (1 << 20)
    path = tmp_path / "organizations.csv"
    path.write_text(
        ORG_HEAD.rstrip("\n") + ",notes\n"
        f",academic,{huge},,,,40,,,,,\n"
        f",academic,มหาวิทยาลัยขอนแก่น,,,,40,,,,,{huge}\n",
        encoding="utf-8",
    )
    report = ingest_paths(store, [path])
    check_invariant(report)
    assert (report.accepted, report.rejected) == (1, 1)  # a huge ignored cell is harmless
    (row,) = read_rejects(report.rejects_file)
    assert row["column"] == "name_th" and "characters long" in row["reason"]
    assert len(row["raw"]) < 5000  # the rejects file stays readable
    assert "more characters" in json.loads(row["raw"])["name_th"]


# ---------------------------------------------------------------------- other file forms


def test_gephi_files(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "gephi_edges.csv", corpus / "gephi_nodes.csv"])
    check_invariant(report)
    assert report.accepted == 3
    rel = store.get_relationship(RelType.PARTNERS_WITH, "cso:40:net", "academic:40:kku")
    assert rel is not None and rel.weight == 3.5
    assert len(report.warnings) == 2  # Id/Label on edges, timeset on nodes


def test_kumu_files_refer_by_name(store: SqliteStore, corpus: Path) -> None:
    report = ingest_paths(store, [corpus / "kumu_connections.csv", corpus / "kumu_elements.csv"])
    check_invariant(report)
    assert report.accepted == 3
    assert org_ids(store) == ["agency:pao:40", "council:provincial:40"]
    assert (
        store.get_relationship(RelType.PARTNERS_WITH, "council:provincial:40", "agency:pao:40")
        is not None
    )


def test_xlsx_workbook(store: SqliteStore, tmp_path: Path) -> None:
    wb = Workbook()
    orgs = wb.active
    orgs.title = "organizations"
    orgs.append(["id", "kind", "name_th", "level", "province", "subdistrict"])
    orgs.append([None, "council", NAI_MUEANG, "subdistrict", 40, 400101])
    orgs.append([None, "agency", "อบจ.ขอนแก่น", None, 40, None])
    orgs.append([None, "agency", "อบจ.ขอนแก่น", None, 40, None])
    rels = wb.create_sheet("relationships")
    rels.append(["source", "target", "type", "since"])
    rels.append(["council:subdistrict:400101", "อบจ.ขอนแก่น", "partners_with", date(2023, 3, 22)])
    rels.append(["council:subdistrict:400101", "agency:pao:41", "partners_with", None])
    path = tmp_path / "network.xlsx"
    wb.save(path)
    report = ingest_paths(store, [path])
    check_invariant(report)
    assert (report.accepted, report.rejected, report.duplicates) == (3, 1, 1)
    (bad,) = report.rejected_rows
    assert (bad.file, bad.line, bad.column) == (f"{path}[relationships]", 3, "target")
    rel = store.get_relationship(
        RelType.PARTNERS_WITH,
        "council:subdistrict:400101",
        "agency:pao:40",  # type from name
    )
    assert rel is not None and rel.since == date(2023, 3, 22)


def test_json_bundle(store: SqliteStore, tmp_path: Path) -> None:
    data = {
        "relationships": [{"source": "c", "target": "u", "type": "member_of"}],
        "organizations": [
            {"id": "c", "kind": "council", "name_th": "สภา", "level": "national"},
            {
                "id": "u",
                "kind": "civil_society_group",
                "name_th": "เครือข่าย",
                "type": "network",
                "issues": ["health", "สิทธิชุมชน"],
            },
        ],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    report = ingest_paths(store, [path])
    check_invariant(report)
    assert report.accepted == 3
    assert store.get_relationship(RelType.MEMBER_OF, "c", "u") is not None
    assert store.get_relationship(RelType.WORKS_ON, "u", "issue:community_rights") is not None


def test_proposals_and_events(store: SqliteStore, corpus: Path, tmp_path: Path) -> None:
    extra = tmp_path / "more_organizations.csv"
    extra.write_text(
        ORG_HEAD + ",agency,ศาลากลางจังหวัดขอนแก่น,,governor_office,,40,,,,\n", encoding="utf-8"
    )
    report = ingest_paths(
        store,
        [
            corpus / "events.csv",
            corpus / "proposals.csv",
            corpus / "kumu_elements.csv",
            corpus / "orgs_bom_crlf.csv",
            extra,
        ],
    )
    check_invariant(report)
    assert report.rejected == 0, report.rejected_rows
    assert store.get_relationship(RelType.PROPOSED, "council:provincial:40", "p1") is not None
    assert (
        store.get_relationship(RelType.SUBMITTED_TO, "p1", "agency:governor_office:40") is not None
    )
    assert store.get_relationship(RelType.CONCERNS, "p1", "issue:housing") is not None
    speaker = store.get_relationship(RelType.PARTICIPATED_IN, "agency:pao:40", "e1")
    assert speaker is not None and speaker.role is ParticipationRole.SPEAKER


# ------------------------------------------------------------------------- run semantics


def test_relationships_before_organizations_and_rerun(store: SqliteStore, corpus: Path) -> None:
    files = [corpus / "relationships_dangling.csv", corpus / "orgs_bom_crlf.csv"]
    first = ingest_paths(store, files)
    assert first.created > 0
    second = ingest_paths(store, files)
    check_invariant(second)
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created
    assert (second.accepted, second.rejected) == (first.accepted, first.rejected)


def test_rejecting_a_row_withdraws_what_depends_on_it(store: SqliteStore, tmp_path: Path) -> None:
    orgs = tmp_path / "organizations.csv"
    orgs.write_text(
        ORG_HEAD + "x,academic,มข,,,,ขอนแก่นน,,,,\ny,academic,มมส,,,,44,,,,\n", encoding="utf-8"
    )
    rels = tmp_path / "relationships.csv"
    rels.write_text(REL_HEAD + "y,x,,,,,,\n", encoding="utf-8")
    report = ingest_paths(store, [orgs, rels])
    check_invariant(report)
    assert [(r.line, r.column) for r in report.rejected_rows] == [(2, "province"), (2, "target")]
    assert org_ids(store) == ["y"]


def test_store_rejections_map_back_to_rows(store: SqliteStore, tmp_path: Path) -> None:
    store.upsert_nodes([Council(id="taken", name_th="สภา", level=CouncilLevel.NATIONAL)])
    path = tmp_path / "organizations.csv"
    path.write_text(
        ORG_HEAD + "taken,academic,มข,,,,40,,,,\nfine,academic,มมส,,,,44,,,,\n", encoding="utf-8"
    )
    rels = tmp_path / "relationships.csv"
    rels.write_text(REL_HEAD + "fine,province:44,,,,,,\n", encoding="utf-8")
    report = ingest_paths(store, [path, rels])
    check_invariant(report)
    assert report.accepted == 1
    reasons = {(r.line, r.column): r.reason for r in report.rejected_rows}
    assert "already belongs to a Council" in reasons[(2, "id")]
    assert "PARTNERS_WITH cannot join" in reasons[(2, "type")]


def test_conflicting_kinds_in_one_run(store: SqliteStore, tmp_path: Path) -> None:
    path = tmp_path / "organizations.csv"
    path.write_text(
        ORG_HEAD + "same,academic,มข,,,,,,,,\nsame,private_sector,บริษัท,,,,,,,,\n", encoding="utf-8"
    )
    report = ingest_paths(store, [path])
    check_invariant(report)
    assert report.accepted == 1
    assert "already a Academic in this run" in report.rejected_rows[0].reason


def test_rejects_files_from_earlier_runs_are_skipped(store: SqliteStore, corpus: Path) -> None:
    first = ingest_paths(store, [corpus / "orgs_unknown_province.csv"])
    assert first.rejects_file is not None
    report = ingest_paths(store, [corpus / "orgs_bom_crlf.csv", Path(first.rejects_file)])
    assert report.files == [str(corpus / "orgs_bom_crlf.csv")]
    assert any("rejects file" in w for w in report.warnings)


def test_folder_input_and_unsupported_files(store: SqliteStore, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / "orgs_bom_crlf.csv", folder / "a.csv")
    report = ingest_paths(store, [folder])
    assert report.accepted == 2
    with pytest.raises(IngestFileError, match="unsupported file type"):
        ingest_paths(store, [FIXTURES / ".gitattributes"])


def test_progress_on_a_large_input(store: SqliteStore, tmp_path: Path) -> None:
    path = tmp_path / "organizations.csv"
    body = "".join(f",academic,สถาบัน {i},,,,40,,,,\n" for i in range(2500))
    path.write_text(ORG_HEAD + body, encoding="utf-8")
    report = ingest_paths(store, [path], progress=True, batch_size=500)
    assert report.accepted == 2500
    assert store.stats().nodes["Academic"] == 2500


def test_ingest_records_for_other_ingesters(store: SqliteStore, tmp_path: Path) -> None:
    council = Council(id="c1", name_th="สภา", level=CouncilLevel.NATIONAL)
    rels = [
        Relationship(type=RelType.MEMBER_OF, source="c1", target="c1"),
        Relationship(type=RelType.PARTNERS_WITH, source="c1", target="ghost"),
    ]
    report = ingest_records(
        store, [council, council], rels, source="synthetic", rejects_path=tmp_path / "r.csv"
    )
    check_invariant(report)
    assert (report.rows, report.accepted, report.rejected, report.created) == (4, 3, 1, 2)
    (row,) = read_rejects(report.rejects_file)
    assert (row["file"], row["line"], row["column"]) == ("synthetic", "4", "target")
    assert row["reason"] == "unknown id 'ghost' in column target"
    again = ingest_records(store, [council], rels[:1])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_summary_has_the_documented_fields(store: SqliteStore, corpus: Path) -> None:
    summary = ingest_paths(store, [corpus / "orgs_bom_crlf.csv"]).summary()
    for key in (
        "rows",
        "accepted",
        "rejected",
        "duplicates",
        "created",
        "updated",
        "unchanged",
        "rejects_file",
    ):
        assert key in summary
    json.dumps(summary)


# ------------------------------------------------------------------- the invariant, fuzzed

_ROW_POOL = [
    ",academic,มหาวิทยาลัยขอนแก่น,,,,40,,,,",
    ",academic,มหาวิทยาลัยขอนแก่น,KKU,,,40,,,,",
    ",council,สภาองค์กรชุมชนตำบลในเมือง,,,subdistrict,40,,400101,housing,",
    ",council,,,,,40,,,,",
    ",academic,x,,,,ขอนแก่นน,,,,",
    ",academic,y,,,,40,,,no-such-issue,",
    "dup,private_sector,บริษัท,,,,,,,,",
    "dup,academic,บริษัท,,,,,,,,",
]
_REL_POOL = [
    "council:subdistrict:400101,academic:40:มหาวิทยาลัยขอนแก่น,,,,,,",
    "council:subdistrict:400101,nowhere,,,,,,",
    "dup,council:subdistrict:400101,member_of,,,,,",
    "academic:40:มหาวิทยาลัยขอนแก่น,issue:housing,,,,,,",
    "a,b,bogus,,,,,",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    orgs=st.lists(st.sampled_from(_ROW_POOL), max_size=8),
    rels=st.lists(st.sampled_from(_REL_POOL), max_size=6),
    rels_first=st.booleans(),
)
def test_invariant_holds_for_any_mix(orgs: list[str], rels: list[str], rels_first: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        org_file = folder / "organizations.csv"
        rel_file = folder / "relationships.csv"
        org_file.write_text(ORG_HEAD + "".join(r + "\n" for r in orgs), encoding="utf-8")
        rel_file.write_text(REL_HEAD + "".join(r + "\n" for r in rels), encoding="utf-8")
        graph = SqliteStore(folder / "g.sqlite")
        try:
            files = [rel_file, org_file] if rels_first else [org_file, rel_file]
            report = ingest_paths(graph, files)
            check_invariant(report)
            assert report.rows == len(orgs) + len(rels)
            if report.rejected:
                assert len(read_rejects(report.rejects_file)) == report.rejected
            again = ingest_paths(graph, files)
            check_invariant(again)
            assert (again.created, again.updated) == (0, 0)
        finally:
            graph.close()


def test_references_by_name_in_the_run_and_in_the_store(store: SqliteStore, tmp_path: Path) -> None:
    orgs = tmp_path / "organizations.csv"
    orgs.write_text(
        ORG_HEAD + ",academic,มหาวิทยาลัยราชภัฏ,,,,40,,,,\n"
        ",academic,มหาวิทยาลัยราชภัฏ,,,,44,,,,\n"
        ",civil_society_group,เครือข่ายสุขภาพ,Health Network,,,40,,,,\n",
        encoding="utf-8",
    )
    ingest_paths(store, [orgs])
    rels = tmp_path / "relationships.csv"
    rels.write_text(
        REL_HEAD + "health network,มหาวิทยาลัยราชภัฏ,,,,,,\n"
        "health network,academic:44:มหาวิทยาลัยราชภัฏ,,,,,,\n",
        encoding="utf-8",
    )
    report = ingest_paths(store, [rels])
    check_invariant(report)
    assert report.accepted == 1
    (bad,) = report.rejected_rows
    assert bad.column == "target" and "names several organisations" in bad.reason
    assert (
        store.get_relationship(
            RelType.PARTNERS_WITH, "cso:40:เครือข่ายสุขภาพ", "academic:44:มหาวิทยาลัยราชภัฏ"
        )
        is not None
    )
