"""The upload preview: the dry run rejects and plans as the real ingest does, writes nothing,
and confirm writes exactly what it showed (report facts unticked or corrected included)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import partnernet
from partnernet.foundation.errors import Conflict, InvalidInput, NotFound, TooLarge
from partnernet.graph.model import Council, CouncilLevel, NodeKind
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service import ingest_preview as ip
from partnernet.service.demo import sample_dir
from partnernet.service.ingest import ingest_files

REPORT = (
    Path(partnernet.__file__).parent
    / "data"
    / "reports"
    / "2022-09-10-provincial-integration-forum.txt"
)
ROWS = (
    "kind,name_th,province,aliases\n"
    "agency,ศูนย์ทดสอบการพัฒนา,ขอนแก่น,\n"
    "council,สภาผิดจังหวัด,99,\n"
    "agency,ศูนย์ทดสอบการพัฒนา,ขอนแก่น,\n"
    "council,สภาองค์กรชุมชนจังหวัดขอนแก่น,40,สภาฯ ทดสอบ\n"
)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("preview-sample")
    store = SqliteStore(folder / "g.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=folder / "r.csv")
    store.close()
    return folder / "g.sqlite"


def _store(sample: Path, tmp_path: Path, name: str = "copy") -> SqliteStore:
    target = tmp_path / f"{name}.sqlite"
    target.write_bytes(sample.read_bytes())
    return SqliteStore(target)


def _dump(store: SqliteStore) -> tuple[list[dict[str, object]], list[tuple[str, str, str]]]:
    nodes = sorted((n.to_props() | {"kind": n.kind.value} for n in store.iter_nodes()), key=str)
    graph = store.subgraph()
    return nodes, sorted((a, b, str(k)) for a, b, k in graph.edges(keys=True))


def _csv(tmp_path: Path, text: str = ROWS, name: str = "orgs.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _preview(store: SqliteStore, paths: list[Path], owner: str = "key:a") -> ip.Preview:
    read = ip.read_upload(paths, [p.name for p in paths], None)
    return ip.Preview("t" * 32, owner, 1e18, read, {}, ip.plan(store, read, {}))


def test_a_table_preview_is_what_ingest_does_and_writes_nothing(
    sample: Path, tmp_path: Path
) -> None:
    store, twin = _store(sample, tmp_path), _store(sample, tmp_path, "twin")
    before, version = _dump(store), store.data_version()
    preview = _preview(store, [_csv(tmp_path)])
    assert _dump(store) == before and store.data_version() == version  # nothing written
    real = ingest_files(twin, [_csv(tmp_path, name="again.csv")], rejects_path=tmp_path / "r.csv")
    assert preview.plan.report.counts() == real.counts()
    assert [(r.line, r.column, r.reason) for r in preview.plan.report.rejected_rows] == [
        (r.line, r.column, r.reason) for r in real.rejected_rows
    ]
    assert [r.line for r in preview.plan.report.rejected_rows] == [3]
    out = ip.summary(preview)
    assert out["rejects"][0]["file"] == "orgs.csv" and "99" in out["rejects"][0]["reason"]
    assert out["duplicates"] == 1
    created = {c["item"] for c in out["changes"]["node_create"]}
    assert any(i.startswith("agency:") for i in created)
    [changed] = out["changes"]["node_update"]
    assert changed["item"] == "council:provincial:40"
    assert "สภาฯ ทดสอบ" not in changed["before"]["aliases"]
    assert "สภาฯ ทดสอบ" in changed["after"]["aliases"]
    # confirm writes exactly that: the store ends as the real ingest left its twin
    done = ip.confirm(store, preview)
    assert done.counts() == real.counts()
    assert _dump(store) == _dump(twin)


def test_the_rejects_csv_has_no_paths_and_no_formulas(sample: Path, tmp_path: Path) -> None:
    store = _store(sample, tmp_path)
    text = 'kind,name_th,province\ncouncil,=HYPERLINK("x"),99\n'
    preview = _preview(store, [_csv(tmp_path, text)])
    rows = list(csv.reader(io.StringIO(ip.rejects_csv(preview))))
    assert rows[0] == list(ip.REJECT_COLUMNS)
    assert rows[1][0] == "orgs.csv" and rows[1][1] == "2"
    assert str(tmp_path) not in ip.rejects_csv(preview)
    assert all(not cell.startswith("=") for cell in rows[1])


def test_confirm_refuses_when_the_store_changed_what_it_would_do(
    sample: Path, tmp_path: Path
) -> None:
    store = _store(sample, tmp_path)
    rows = "kind,name_th,province\nagency,ศูนย์ทดสอบสอง,40\n"
    preview = _preview(store, [_csv(tmp_path, rows, "a.csv")])
    # an unrelated write moves the version; the plan comes out the same: confirm goes ahead
    other = Council(
        id="council:subdistrict:401001", name_th="สภาทดสอบ", level=CouncilLevel.SUBDISTRICT
    )
    store.upsert_nodes([other])
    assert ip.confirm(store, preview).created == preview.plan.report.created == 2
    # someone else loads the previewed row first: it would now create nothing; refused
    rows = "kind,name_th,province\nagency,ศูนย์ทดสอบสาม,40\n"
    stale = _preview(store, [_csv(tmp_path, rows, "b.csv")])
    ingest_files(store, [_csv(tmp_path, rows, "c.csv")], rejects_path=tmp_path / "r.csv")
    version = store.data_version()
    with pytest.raises(Conflict):
        ip.confirm(store, stale)
    assert store.data_version() == version


@pytest.fixture(scope="module")
def report_upload() -> ip.Upload:
    return ip.read_upload([REPORT], [REPORT.name], None)


def test_report_facts_carry_sentence_confidence_rule_and_review(
    report_upload: ip.Upload,
) -> None:
    facts = ip.facts(report_upload, {})
    assert {f["fact"] for f in facts} >= {"organization", "person", "event", "proposal"}
    for fact in facts:
        assert fact["sentence"] and fact["rule"] and 0 < fact["confidence"] <= 1
        assert fact["keep"] is (not fact["review"])  # review facts start unticked
    assert any(f["review"] for f in facts)


def test_unticked_and_corrected_facts_are_what_confirm_writes(
    sample: Path, tmp_path: Path, report_upload: ip.Upload
) -> None:
    store = _store(sample, tmp_path)
    facts = ip.facts(report_upload, {})
    people = [f for f in facts if f["fact"] == "person" and f["keep"]]
    dropped, corrected = people[0], next(f for f in facts if f["fact"] == "event")
    choices = ip.check_choices(
        report_upload,
        {
            dropped["key"]: ip.FactChoice(keep=False),
            corrected["key"]: ip.FactChoice(name="เวทีที่แก้ชื่อแล้ว", date="2022-09-12"),
        },
    )
    made = ip.plan(store, report_upload, choices)
    assert store.get_node(dropped["key"].split("|person:")[1]) is None
    preview = ip.Preview("t" * 32, "me", 1e18, report_upload, choices, made)
    done = ip.confirm(store, preview)
    assert done.counts() == made.report.counts()
    person_id = dropped["key"].split("|person:")[1]
    assert store.get_node(person_id) is None  # unticked: not written
    kept = [f["key"].split("|person:")[1] for f in people[1:]]
    assert all(store.get_node(p) is not None for p in kept)
    events = [n for n in store.iter_nodes(NodeKind.EVENT) if n.name_th == "เวทีที่แก้ชื่อแล้ว"]
    assert len(events) == 1 and str(events[0].start_date) == "2022-09-12"
    # facts marked for review and not ticked were left out, as `ingest` leaves them out
    review = [f for f in facts if f["review"] and f["fact"] == "organization"]
    assert review
    for fact in review:
        assert store.get_node(fact["key"].split("|organization:")[1]) is None


def test_choices_are_checked(report_upload: ip.Upload) -> None:
    facts = ip.facts(report_upload, {})
    org = next(f for f in facts if f["fact"] == "organization")
    with pytest.raises(InvalidInput):
        ip.check_choices(report_upload, {"nope|organization:x": ip.FactChoice(keep=False)})
    with pytest.raises(InvalidInput):
        ip.check_choices(report_upload, {org["key"]: ip.FactChoice(kind="spaceship")})
    with pytest.raises(InvalidInput):
        ip.check_choices(report_upload, {org["key"]: ip.FactChoice(date="2022-01-01")})
    with pytest.raises(InvalidInput):
        ip.check_choices(report_upload, {org["key"]: ip.FactChoice(name="  ")})


def test_previews_belong_to_their_owner_expire_and_are_bounded(tmp_path: Path) -> None:
    upload = ip.Upload(names=["a.csv"])
    empty = ip.Plan(report=ip.IngestReport(), changes=[], version=0)
    held = ip.Previews(seconds=60, per_owner=2, rows=10)
    first = held.add("key:a", upload, {}, empty)
    assert held.get(first.token, "key:a") is first
    with pytest.raises(NotFound):
        held.get(first.token, "key:b")
    second, third = held.add("key:a", upload, {}, empty), held.add("key:a", upload, {}, empty)
    with pytest.raises(NotFound):  # the owner's oldest gave way
        held.get(first.token, "key:a")
    assert held.get(second.token, "key:a") and held.get(third.token, "key:a")
    big = ip.Upload(names=["b.csv"], records=[ip.Record() for _ in range(11)])
    with pytest.raises(TooLarge):
        held.add("key:a", big, {}, empty)
    gone = ip.Previews(seconds=0)
    token = gone.add("key:a", upload, {}, empty).token
    with pytest.raises(NotFound):
        gone.get(token, "key:a")
