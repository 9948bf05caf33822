"""A folder of reports into one store: one node per real organisation, no organisation named
after the words that followed it, nothing below the review threshold without
``--accept-low-confidence``. The snippets are the project's own sentences, written for these
tests in the style of Thai community news (not copied from any published text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnernet.extract.reports import extract_report
from partnernet.extract.to_graph import ingest_reports
from partnernet.graph.model import ORGANIZATION_KINDS, Agency, NodeKind, RelType
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import GraphStore

SNIPPETS = {
    "a": (
        "ลำปาง / วันที่ 4 ก.พ. 2567 สภาองค์กรชุมชนตำบลปี 2567 ของจังหวัดลำปาง ประชุมร่วมกับ"
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) และกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ "
        "โดยมีนายสมศักดิ์ ทองคำดี ผู้อำนวยการสถาบันพัฒนาองค์กรชุมชน (พอช.) เป็นประธาน"
    ),
    "b": (
        "พอช.จับมือกระทรวง พม. หนุนสภาองค์กรชุมชนตำบลกว่า 200 แห่งทั่วประเทศ "
        "นางสาวอรุณี แสงทอง รมว.พม. กล่าวว่า สถาบันพัฒนาองค์กรชุมชน(องค์การมหาชน) จะร่วมกับ"
        "กระทรวงมหาดไทย ดูแลที่อยู่อาศัย"
    ),
    "c": (
        "สภาองค์กรชุมชนภาคตะวันตกถกกันที่นครปฐม เรื่องข้อเสนอต่อกระทรวงการพัฒนาสังคม "
        "คณะกรรมการชุดใหม่ครั้งแรก ของสภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น "
        "ประชุมที่ มท. ร่วมกับสถาบันพัฒนาองค์กรชุมชน (พอช.)"
    ),
}
CODI = "agency:codi_office:th:สถาบันพัฒนาองค์กรชุมชน-องค์การมหาชน"
MSDHS = "agency:ministry:th:กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
INTERIOR = "agency:ministry:th:กระทรวงมหาดไทย"
FOLLOWING_WORDS = ("ปี", "กว่า", "ทั่วประเทศ", "ถก", "ครั้งแรก", "ชุดใหม่", "ครั้ง")


@pytest.fixture
def folder(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in SNIPPETS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _orgs(store: GraphStore) -> list[tuple[str, str]]:
    return [(n.id, n.name_th) for k in ORGANIZATION_KINDS for n in store.iter_nodes(k)]


def test_one_node_per_organisation_across_reports(store: GraphStore, folder: list[Path]) -> None:
    report = ingest_reports(store, folder)
    assert report.rejected == 0
    orgs = _orgs(store)
    ids = [i for i, _ in orgs]
    # CODI in four spellings, the ministry in four, the interior ministry in two: one node each
    assert ids.count(CODI) == 1 and ids.count(MSDHS) == 1 and ids.count(INTERIOR) == 1
    assert not [i for i in ids if "พัฒนาองค์กรชุมชน" in i and i != CODI], ids
    assert not [i for i in ids if "กระทรวง" in i and i not in (MSDHS, INTERIOR)], ids
    codi = store.get_node(CODI)
    assert isinstance(codi, Agency) and codi.kind is NodeKind.AGENCY  # never academic
    assert {"พอช.", "สถาบันพัฒนาองค์กรชุมชน"} <= set(codi.aliases)
    assert len(codi.source_ids) == 3
    # no organisation is named after the words that followed its name
    for _, name in orgs:
        assert not name.endswith(FOLLOWING_WORDS), name
        assert "ถก" not in name and "ประชุม" not in name, name
    # the named council is there, the councils in general are not written by a plain ingest
    councils = {i for i in ids if i.startswith("council:")}
    assert councils == {"council:subdistrict:400115", "council:regional:สภาองค์กรชุมชนภาคตะวันตก"}
    assert any("review threshold" in w for w in report.warnings)
    # people hold their roles at the one ministry / the one CODI
    holders = {n.node.id for n in store.neighbours(MSDHS, [RelType.HOLDS_ROLE])}
    assert holders == {"person:อรุณี-แสงทอง"}, holders


def test_accept_low_confidence_writes_classes_apart(tmp_path: Path, folder: list[Path]) -> None:
    store = SqliteStore(tmp_path / "all.sqlite")
    try:
        ingest_reports(store, folder, accept_low_confidence=True)
        ids = [i for i, _ in _orgs(store)]
    finally:
        store.close()
    classes = [i for i in ids if i.startswith("council:") and i != "council:subdistrict:400115"]
    # "สภาองค์กรชุมชนตำบล" in general is one node of its own, apart from the named council
    assert "council:subdistrict:สภาองค์กรชุมชนตำบล" in classes
    assert ids.count("council:subdistrict:400115") == 1


def test_a_stored_organisation_gets_no_second_node(store: GraphStore, folder: list[Path]) -> None:
    curated = Agency(
        id="agency:codi_office:10:codi",
        name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        aliases=["พอช.", "CODI"],
        type="codi_office",
        province_code="10",
    )
    store.upsert_nodes([curated])
    ingest_reports(store, folder)
    ids = [i for i, _ in _orgs(store)]
    assert "agency:codi_office:10:codi" in ids and CODI not in ids
    stored = store.get_node("agency:codi_office:10:codi")
    assert stored is not None and stored.name_th == curated.name_th and stored.source_ids


def test_class_mentions_are_kept_apart_in_one_text() -> None:
    ex = extract_report(SNIPPETS["c"])
    named = {o.id for o in ex.organizations if not o.generic}
    classes = [o for o in ex.organizations if o.generic]
    assert "council:subdistrict:400115" in named
    assert all(o.review and o.id not in named for o in classes)
    assert "สภาองค์กรชุมชนภาคตะวันตก" in {o.name for o in ex.organizations}
