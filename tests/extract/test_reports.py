"""Thai report extraction.

* The two real CODI reports (the package's copies in ``partnernet/data/reports``) against
  hand-written expectations (``tests/extract/expected/*.yaml``, written from reading them):
  precision and recall per category are printed (``pytest -s``) and held to floors.
* Every extracted fact points at text that holds it (evidence offsets into the report).
* Small synthetic snippets -- other provinces, other titles and positions, an MOU between a
  university and a PAO, ``1)`` proposal lists, acronym pairs -- show the rules generalise.
* Provenance in the graph, idempotent ingest, resolution across reports, and that pythainlp
  never downloads anything.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import partnernet
from partnernet.extract.facts import Extraction
from partnernet.extract.places import province_names
from partnernet.extract.reports import extract_file, extract_report
from partnernet.extract.resolve import resolve_across_documents
from partnernet.extract.sentences import compact_key
from partnernet.extract.to_graph import extraction_to_graph, ingest_reports
from partnernet.graph.model import Event, NodeKind, RelType, Source
from partnernet.graph.store import GraphStore

# the copies shipped inside the package (partnernet/data/reports): always there, never skipped
REPORTS = Path(partnernet.__file__).parent / "data" / "reports"
EXPECTED = Path(__file__).parent / "expected"
FORUM = "2022-09-10-provincial-integration-forum"
MEETING = "2023-03-22-northeast-integrated-province-meeting"


def _report(stem: str) -> Path:
    path = REPORTS / f"{stem}.txt"
    assert path.is_file(), f"the package's copy of a shipped report is missing: {path}"
    return path


@pytest.fixture(scope="module")
def real() -> dict[str, Extraction]:
    return {stem: extract_file(_report(stem)) for stem in (FORUM, MEETING)}


def _expected(stem: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXPECTED / f"{stem}.yaml").read_text("utf-8"))
    return data


# ---------------------------------------------------------------------------- scoring


def _org_keys(org: Any) -> set[str]:
    return {compact_key(n) for n in (org.name, *org.aliases)}


def _exp_keys(item: dict[str, Any]) -> set[str]:
    return {compact_key(n) for n in (item["name"], *item.get("also", []))}


def _find_org(ex: Extraction, name: str | None) -> Any:
    if name is None:
        return None
    key = compact_key(name)
    return next((o for o in ex.organizations if key in _org_keys(o)), None)


def _pr(
    correct_found: int, found: int, correct_expected: int, expected: int
) -> tuple[float, float]:
    precision = correct_found / found if found else 1.0
    recall = correct_expected / expected if expected else 1.0
    return precision, recall


def score(ex: Extraction, exp: dict[str, Any]) -> dict[str, tuple[int, int, float, float]]:
    """category -> (expected, extracted, precision, recall)."""
    out: dict[str, tuple[int, int, float, float]] = {}
    # provinces
    got = {p.code for p in ex.provinces}
    want = set(exp["provinces"])
    out["provinces"] = (len(want), len(got), *_pr(len(got & want), len(got), len(got & want),
                                                   len(want)))  # fmt: skip

    # organisations: by name or alias; kind/type/province must agree where the list says.
    # Classes written in general (สภาองค์กรชุมชน, ขบวนองค์กรชุมชน) are what the lists call
    # "not organisations": they are extracted apart, flagged ``generic`` and marked for
    # review (test_classes_are_kept_apart_and_marked_for_review), so only named ones count.
    named = [o for o in ex.organizations if not o.generic]

    def org_ok(item: dict[str, Any]) -> bool:
        org = next((o for o in named if _org_keys(o) & _exp_keys(item)), None)
        return org is not None and all(
            getattr(org, f) == item[f] for f in ("kind", "type", "province") if f in item
        )

    exp_orgs = exp["organizations"]
    matched = sum(1 for o in named if any(_org_keys(o) & _exp_keys(i) for i in exp_orgs))
    out["organizations"] = (len(exp_orgs), len(named),
                            *_pr(matched, len(named),
                                 sum(map(org_ok, exp_orgs)), len(exp_orgs)))  # fmt: skip

    # people: name, title, role and organisation all right
    def person_ok(item: dict[str, Any]) -> bool:
        person = next((p for p in ex.people if p.name == item["name"]), None)
        if person is None or person.title != item["title"]:
            return False
        if compact_key(person.role or "") != compact_key(item["role"] or ""):
            return False
        org = _find_org(ex, item.get("organization"))
        return person.organization_id == (org.id if org else None)

    names = {p["name"] for p in exp["people"]}
    out["people"] = (len(names), len(ex.people),
                     *_pr(sum(p.name in names for p in ex.people), len(ex.people),
                          sum(map(person_ok, exp["people"])), len(names)))  # fmt: skip
    # event dates
    ev = exp["event"]
    dates_ok = bool(ex.events) and (ex.events[0].start_date, ex.events[0].end_date) == (
        ev["start_date"], ev["end_date"])  # fmt: skip
    out["event dates"] = (1, len(ex.events), *_pr(int(dates_ok), len(ex.events), int(dates_ok), 1))
    # proposals: the item texts
    want_p = [compact_key(t) for t in exp["proposals"]]
    got_p = [compact_key(p.text) for p in ex.proposals]
    hits = sum(g in want_p for g in got_p)
    out["proposals"] = (len(want_p), len(got_p), *_pr(hits, len(got_p),
                                                      sum(w in got_p for w in want_p),
                                                      len(want_p)))  # fmt: skip
    want_parts = len(exp["partnerships"])
    out["partnerships"] = (want_parts, len(ex.partnerships),
                           1.0 if len(ex.partnerships) == want_parts else 0.0, 1.0)  # fmt: skip
    return out


def _table(name: str, scores: dict[str, tuple[int, int, float, float]]) -> str:
    lines = [
        f"{name}",
        f"  {'category':<14}{'expected':>9}{'found':>7}{'precision':>11}{'recall':>8}",
    ]
    for cat, (n_exp, n_got, p, r) in scores.items():
        lines.append(f"  {cat:<14}{n_exp:>9}{n_got:>7}{p:>11.2f}{r:>8.2f}")
    return "\n".join(lines)


@pytest.mark.parametrize("stem", [FORUM, MEETING])
def test_real_report_against_hand_written_expectations(
    stem: str, real: dict[str, Extraction]
) -> None:
    ex, exp = real[stem], _expected(stem)
    scores = score(ex, exp)
    table = _table(stem, scores)
    print("\n" + table)
    floors = {
        "provinces": (1.0, 1.0),
        "organizations": (0.8, 0.8),
        "people": (0.9, 0.9),
        "event dates": (1.0, 1.0),
        "proposals": (1.0, 1.0),
        "partnerships": (1.0, 1.0),
    }
    for cat, (p_min, r_min) in floors.items():
        _, _, p, r = scores[cat]
        assert p >= p_min and r >= r_min, f"{cat} below its floor\n{table}"
    assert len(ex.proposals) == 6, table


@pytest.mark.parametrize("stem", [FORUM, MEETING])
def test_classes_are_kept_apart_and_marked_for_review(
    stem: str, real: dict[str, Extraction]
) -> None:
    ex = real[stem]
    classes = [o for o in ex.organizations if o.generic]
    assert classes, "both reports speak of councils or the movement in general"
    named_ids = {o.id for o in ex.organizations if not o.generic}
    for org in classes:
        assert org.review and org.rule == "org.class" and org.province is None, org
        assert org.id not in named_ids
    # no named organisation is one of the hand-written "not organisations"
    assert not any(o.name in ("สภาองค์กรชุมชน", "ขบวนองค์กรชุมชน") for o in ex.organizations
                   if not o.generic)  # fmt: skip


@pytest.mark.parametrize("stem", [FORUM, MEETING])
def test_real_report_event_and_proposal_details(stem: str, real: dict[str, Extraction]) -> None:
    ex, exp = real[stem], _expected(stem)["event"]
    event = ex.events[0]
    assert event.province == exp["province"]
    assert exp["title_contains"] in event.title
    assert all(part in (event.place or "") for part in exp["place_contains"])
    assert event.participant_count == exp["participant_count"]
    organisers = {_find_org(ex, name).id for name in exp["organisers"]}
    assert organisers <= set(event.organisers)
    assert [p.number for p in ex.proposals] == [1, 2, 3, 4, 5, 6]
    model = _expected(stem)["proposal_model"]
    assert {p.model for p in ex.proposals} == {model}
    assert all(p.event == event.id and p.raised_on is not None for p in ex.proposals)
    roles = {p["name"]: p["event_role"] for p in _expected(stem)["people"]}
    assert {p.name: p.event_role for p in ex.people} == roles


# ---------------------------------------------------------------------------- evidence


def check_evidence(ex: Extraction) -> None:
    """Every item's evidence is a real slice of the report that holds what was extracted."""
    text = ex.text
    provinces = province_names()

    def slices(item: Any) -> Iterator[str]:
        assert item.evidence, f"no evidence for {item!r}"
        for e in item.evidence:
            assert 0 <= e.start < e.end <= len(text)
            assert text[e.start : e.end] == e.text
            assert compact_key(e.text) in compact_key(e.sentence) or len(e.text) > 200
            yield e.text

    for org in ex.organizations:
        names = _org_keys(org)
        for written in slices(org):
            assert compact_key(written) in names, (written, org.name)
    for person in ex.people:
        for written in slices(person):
            assert all(part in written for part in person.name.split()), written
            if person.title:
                assert written.replace(" ", "").startswith(person.title), written
        for held in person.roles:
            role = "รายงาน" if held.role_en == "Reporter" else held.role
            assert role is None or compact_key(role) in compact_key(text)
    for prov in ex.provinces:
        for written in slices(prov):
            assert provinces[written][0] == prov.code
    for area in ex.areas:
        for written in slices(area):
            assert area.name_th in written
    for region in ex.regions:
        for written in slices(region):
            assert written in (region.name_th, "ภาคอีสาน", "อีสาน")
    for event in ex.events:
        for written in slices(event):
            assert compact_key(written) == compact_key(event.title)
        for fact in (event.place, event.participant_count_text):
            assert fact is None or compact_key(fact) in compact_key(text)
    for proposal in ex.proposals:
        for written in slices(proposal):
            assert compact_key(written) == compact_key(proposal.text)
    for part in ex.partnerships:
        for written in slices(part):
            assert compact_key(part.cue) in compact_key(written)


@pytest.mark.parametrize("stem", [FORUM, MEETING])
def test_no_fact_absent_from_the_real_reports(stem: str, real: dict[str, Extraction]) -> None:
    check_evidence(real[stem])


def test_offsets_point_into_the_original_text() -> None:
    # BOM, Thai digits, zero-width spaces and doubled spaces: offsets still index the input
    raw = (
        "\ufeffขอนแก่น / วันที่ ๒๒ มีนาคม ๒๕๖๖  นาย\u200bสยาม  นนท์คำจันทร์ "
        "หัวหน้าสำนักประสานเครือข่ายประชาสังคม จัดประชุม ณ สำนักงาน พอช. ภาคอีสาน"
    )
    ex = extract_report(raw)
    check_evidence(ex)
    assert ex.events[0].start_date == date(2023, 3, 22)
    person = ex.people[0]
    assert person.name == "สยาม นนท์คำจันทร์"
    assert raw[person.evidence[0].start : person.evidence[0].end].startswith("นาย\u200bสยาม")


# ---------------------------------------------------------------------------- generality


def _one(items: list[Any], **where: Any) -> Any:
    found = [i for i in items if all(getattr(i, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, items)
    return found[0]


def test_mou_between_a_university_and_a_pao() -> None:
    ex = extract_report(
        "นครพนม / วันที่ 5 มิถุนายน 2567 มหาวิทยาลัยนครพนมลงนามบันทึกข้อตกลงความร่วมมือ (MOU) "
        "กับองค์การบริหารส่วนจังหวัดนครพนม เพื่อพัฒนาระบบข้อมูลชุมชน "
        "ณ ศาลากลางจังหวัดนครพนม โดยมีผู้เข้าร่วมประมาณ 120 คน"
    )
    check_evidence(ex)
    uni = _one(ex.organizations, kind="academic")
    pao = _one(ex.organizations, type="pao")
    assert (uni.province, pao.id) == ("48", "agency:pao:48")
    mou = _one(ex.partnerships, type="PARTNERS_WITH")
    assert (mou.source, mou.target, mou.form) == (uni.id, pao.id, "mou")
    event = ex.events[0]
    assert (event.start_date, event.province, event.participant_count) == (
        date(2024, 6, 5), "48", 120,
    )  # fmt: skip
    assert [p.code for p in ex.provinces] == ["48"]


def test_titles_ranks_and_positions() -> None:
    ex = extract_report(
        "รศ.ดร.สมชาย ใจดี ผอ.สถาบันวิจัยสังคม มหาวิทยาลัยเชียงใหม่ กล่าวเปิดงาน "
        "ร่วมกับ นต.ประเสริฐ ทองดี นายกองค์การบริหารส่วนตำบลบ้านเป็ด "
        "และนางสาวมาลี ศรีสุข ประธานสภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น "
        "จังหวัดขอนแก่น ส่วนนายกเทศมนตรีนครขอนแก่น ไม่ได้มาร่วม นายจ้างและลูกจ้าง มาร่วมด้วย"
    )
    check_evidence(ex)
    assert {p.name for p in ex.people} == {"สมชาย ใจดี", "ประเสริฐ ทองดี", "มาลี ศรีสุข"}
    somchai = _one(ex.people, name="สมชาย ใจดี")
    assert (somchai.title, somchai.role_en) == ("รศ.ดร.", "Director")
    assert somchai.organization == "สถาบันวิจัยสังคม มหาวิทยาลัยเชียงใหม่"
    assert ex.organization(somchai.organization_id or "").province == "50"  # type: ignore[union-attr]
    prasert = _one(ex.people, name="ประเสริฐ ทองดี")
    assert (prasert.title, prasert.organization_id) == ("นต.", "agency:sao:400115")
    malee = _one(ex.people, name="มาลี ศรีสุข")
    assert (malee.title, malee.organization_id) == ("นางสาว", "council:subdistrict:400115")
    assert {(a.level, a.code) for a in ex.areas} >= {("subdistrict", "400115"),
                                                       ("district", "4001")}  # fmt: skip


def test_provinces_only_in_a_place_context() -> None:
    ex = extract_report(
        "ผู้แทนจากจังหวัดเชียงราย พะเยา น่าน แพร่ ลำปาง และตาก ร่วมประชุม "
        "ชาวบ้านนำข้าวไปตากแดด ไม่เคยเลย ข่าวแพร่ไปทั่ว หนึ่งร้อยเอ็ดคน ที่โคราช "
        "เดินทางไป จ.เลย และกทม. ส่วนสภาสาเกตนครมีบทบาทมาก"
    )
    check_evidence(ex)
    got = {p.code: len(p.evidence) for p in ex.provinces}
    assert got == {"57": 1, "56": 1, "55": 1, "54": 1, "52": 1, "63": 1, "30": 1, "42": 1,
                   "10": 1, "45": 1}  # fmt: skip


def test_numbered_proposals_with_parentheses_and_issue_tags() -> None:
    ex = extract_report(
        "เชียงใหม่ / 3 ก.พ. 67 เครือข่ายบ้านมั่นคงเชียงใหม่จัดสัมมนา “ที่อยู่อาศัยของคนจนเมือง” "
        "วัตถุประสงค์ 1) แลกเปลี่ยน 2) เรียนรู้ "
        "ที่ประชุมมีข้อเสนอต่อจังหวัด ดังนี้ 1) ให้จังหวัดจัดทำแผนที่อยู่อาศัย "
        "2) สนับสนุนกองทุนสวัสดิการชุมชน 3) เชื่อมโยงข้อมูลคนจนเมืองกับเทศบาลนครเชียงใหม่"
    )
    check_evidence(ex)
    assert [p.text for p in ex.proposals] == [
        "ให้จังหวัดจัดทำแผนที่อยู่อาศัย",
        "สนับสนุนกองทุนสวัสดิการชุมชน",
        "เชื่อมโยงข้อมูลคนจนเมืองกับเทศบาลนครเชียงใหม่",
    ]
    assert [p.issues for p in ex.proposals] == [["housing"], ["welfare"], ["data"]]
    assert all(p.raised_on == date(2024, 2, 3) for p in ex.proposals)
    network = _one(ex.organizations, kind="civil_society_group")
    assert (network.name, network.province) == ("เครือข่ายบ้านมั่นคงเชียงใหม่", "50")
    assert ex.events[0].organisers == [network.id]


def test_acronym_pairs_aliases_and_support_direction() -> None:
    ex = extract_report(
        "มูลนิธิชุมชนไท (มชท.) ร่วมกับสำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดลำปาง "
        "จัดเวทีเสวนา ต่อมา มชท. ได้รับการสนับสนุนงบประมาณจาก สสส. "
        "และ อบจ.ลำปาง สนับสนุนเครือข่ายผู้สูงอายุจังหวัดลำปาง"
    )
    check_evidence(ex)
    foundation = _one(ex.organizations, type="foundation")
    assert "มชท." in foundation.aliases
    assert [e.text for e in foundation.evidence] == ["มูลนิธิชุมชนไท", "มชท.", "มชท."]
    msdhs = _one(ex.organizations, id="agency:msdhs_office:52")
    thaihealth = _one(ex.organizations, name="สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ")
    elderly = _one(ex.organizations, kind="civil_society_group", type="network")
    got = {(p.source, p.target, p.type, p.form) for p in ex.partnerships}
    assert got == {
        (foundation.id, msdhs.id, "PARTNERS_WITH", "co_organised"),
        (thaihealth.id, foundation.id, "FUNDS", None),
        ("agency:pao:52", elderly.id, "SUPPORTS", None),
    }


def test_councils_need_their_area() -> None:
    ex = extract_report(
        "สภาองค์กรชุมชนตำบลบ้านเป็ด อำเภอเมืองขอนแก่น และสภาองค์กรชุมชนจังหวัดขอนแก่น "
        "ร่วมกับผู้นำสภาองค์กรชุมชนระดับจังหวัด และเครือข่ายสภาองค์กรชุมชนทั้ง 5 ภาค"
    )
    check_evidence(ex)
    assert sorted(o.id for o in ex.organizations if not o.generic) == [
        "council:provincial:40",
        "council:subdistrict:400115",
    ]
    # the councils in general: classes, apart from the named ones, for review only
    classes = {o.name: o for o in ex.organizations if o.generic}
    assert set(classes) == {"สภาองค์กรชุมชนจังหวัด", "เครือข่ายสภาองค์กรชุมชน"}
    assert all(o.review and o.province is None for o in classes.values())


def test_positions_that_name_an_office_co_organisers_and_bangkok_areas() -> None:
    ex = extract_report(
        "อุดรธานี / วันที่ 15 สิงหาคม 2566 สภาองค์กรชุมชนตำบลหนองบัว อำเภอเมืองอุดรธานี "
        "ร่วมกับเทศบาลตำบลหนองบัว จัดเวทีประชาคม “ธรรมนูญตำบล” ณ ศาลาประชาคมหมู่ 5 "
        "โดยมีนายวิชัย ศรีสวัสดิ์ นายกเทศมนตรีตำบลหนองบัว เป็นประธาน มีผู้เข้าร่วมกว่า 150 คน\n"
        "นางพรทิพย์ จันทร์ดี ผู้ว่าราชการจังหวัดยโสธร มอบนโยบาย ณ อาคารรัฐสภา เขตดุสิต"
    )
    check_evidence(ex)
    council = _one(ex.organizations, kind="council")
    town = _one(ex.organizations, type="municipality")
    assert (council.id, town.subdistrict) == ("council:subdistrict:410104", "410104")
    event = ex.events[0]
    assert sorted(event.organisers) == sorted([council.id, town.id])
    assert event.participant_count == 150
    assert _one(ex.people, name="วิชัย ศรีสวัสดิ์").organization_id == town.id
    governor = _one(ex.people, name="พรทิพย์ จันทร์ดี")
    office = ex.organization(governor.organization_id or "")
    assert office is not None and office.id == "agency:governor_office:35"
    assert "ผู้ว่าราชการจังหวัดยโสธร" in office.aliases
    assert ("district", "1002") in {(a.level, a.code) for a in ex.areas}


def test_only_public_role_holders_are_kept() -> None:
    ex = extract_report(
        "นางสมศรี ใจดี อายุ 60 ปี กล่าวว่าดีใจ ส่วนนายสมชาย ได้กล่าวขอบคุณ "
        "นายสมหมาย รักดี มาร่วมงาน และนายประยุทธ มั่นคง ผู้อำนวยการโรงเรียนบ้านนาดี กล่าวเปิดงาน"
    )
    check_evidence(ex)
    assert [(p.name, p.role) for p in ex.people] == [("ประยุทธ มั่นคง", "ผู้อำนวยการโรงเรียนบ้านนาดี")]


# ---------------------------------------------------------------------------- graph


def test_graph_carries_provenance(real: dict[str, Extraction]) -> None:
    ex = real[MEETING]
    nodes, rels = extraction_to_graph(ex)
    source = next(n for n in nodes if isinstance(n, Source))
    raw = _report(MEETING).read_bytes().decode("utf-8-sig")
    assert source.sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    mentioned = {r.source: r.offset for r in rels if r.type is RelType.MENTIONED_IN}
    for node in nodes:
        if node.kind is NodeKind.SOURCE or (node.kind.is_geography and node.id not in mentioned):
            continue
        if not node.kind.is_geography and node.kind is not NodeKind.ISSUE:
            assert node.source_ids == [source.id], node.id
        assert node.kind is NodeKind.ISSUE or node.id in mentioned, node.id
    assert all(r.source_ids == [source.id] for r in rels if r.type is not RelType.IN)
    assert {"province:" + c for c in _expected(MEETING)["provinces"]} <= set(mentioned)
    kinds = {r.type for r in rels}
    assert {RelType.HOLDS_ROLE, RelType.PARTICIPATED_IN, RelType.PRODUCED,
            RelType.LOCATED_IN, RelType.MEMBER_OF} <= kinds  # fmt: skip


def test_ingest_reports_is_idempotent(store: GraphStore) -> None:
    paths = [_report(FORUM), _report(MEETING)]
    first = ingest_reports(store, paths)
    assert first.rejected == 0 and first.created > 0
    again = ingest_reports(store, paths)
    assert (again.created, again.updated) == (0, 0)
    located = {n.node.id for n in store.neighbours("cso:45:สภาสาเกตุนคร", [RelType.LOCATED_IN])}
    assert located == {"province:45"}
    events = [e for e in store.iter_nodes(NodeKind.EVENT) if isinstance(e, Event)]
    assert sorted(str(e.start_date) for e in events) == ["2022-09-10", "2023-03-22"]
    for event in events:
        produced = store.neighbours(event.id, [RelType.PRODUCED], direction="out")
        assert len(produced) == 6
    codi = "agency:codi_office:th:สถาบันพัฒนาองค์กรชุมชน-องค์การมหาชน"
    assert len(store.get_node(codi).source_ids) == 2  # type: ignore[union-attr]


# ---------------------------------------------------------------------------- resolution


def test_resolution_across_the_real_reports(real: dict[str, Extraction]) -> None:
    resolved, conflicts = resolve_across_documents([real[FORUM], real[MEETING]])
    assert conflicts == []
    ids = [{o.name: o.id for o in ex.organizations} for ex in resolved]
    bureau = "สำนักประสานเครือข่ายสภาองค์กรชุมชน"
    assert ids[0][bureau] == ids[1][bureau] == f"agency:codi_office:th:{bureau}"
    codi = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"
    assert ids[0][codi] == ids[1][codi]
    organiser = resolved[0].events[0].organisers
    assert organiser == [f"agency:codi_office:th:{bureau}"]


def test_resolution_reports_conflicts_instead_of_merging() -> None:
    a = extract_report("มูลนิธิชุมชนไท จ.ลำปาง โดยนายสมปอง ใจดี ประธานมูลนิธิชุมชนไท", source_id="a")
    b = extract_report("มูลนิธิชุมชนไท จ.น่าน โดยนางสมปอง ใจดี ประธานมูลนิธิชุมชนไท", source_id="b")
    resolved, conflicts = resolve_across_documents([a, b])
    assert {(c.kind, c.field, c.resolution) for c in conflicts} == {
        ("organization", "province", "kept_apart"),
        ("person", "title", "kept_apart"),
    }
    assert resolved[0].organizations[0].id != resolved[1].organizations[0].id
    assert resolved[0].people[0].id != resolved[1].people[0].id


def test_extract_json_shape(real: dict[str, Extraction]) -> None:
    data = real[MEETING].to_json()
    assert "text" not in data
    assert {"name", "aliases", "kind"} <= set(data["organizations"][0])
    assert {"name", "title", "role", "organization"} <= set(data["people"][0])
    assert {"code", "name_th"} <= set(data["provinces"][0])
    assert {"title", "start_date", "end_date", "place"} <= set(data["events"][0])
    assert {"start", "end", "sentence"} <= set(data["proposals"][0]["evidence"][0])
    assert data["partnerships"] == []


# ---------------------------------------------------------------------------- offline


def test_pythainlp_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tokenizer and dictionary are rebuilt with every download path made to fail."""
    import socket
    import urllib.request

    import pythainlp.corpus
    import pythainlp.corpus.core

    from partnernet.extract import sentences as report_text

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pythainlp tried to reach the network")

    for module, name in (
        (pythainlp.corpus, "download"),
        (pythainlp.corpus.core, "download"),
        (pythainlp.corpus.core, "_download"),
        (pythainlp.corpus.core, "get_corpus_db"),
        (urllib.request, "urlopen"),
        (socket.socket, "connect"),
        (socket, "create_connection"),
    ):
        monkeypatch.setattr(module, name, refuse)
    report_text._trie.cache_clear()
    try:
        ex = extract_report("ขอนแก่น / วันที่ 22 มีนาคม 2566 นายสยาม นนท์คำจันทร์ ผู้อำนวยการ จัดประชุม")
    finally:
        report_text._trie.cache_clear()
    assert ex.people and ex.provinces
    assert os.environ["PYTHAINLP_OFFLINE"] == "1" and os.environ["PYTHAINLP_READ_ONLY"] == "1"


def test_fresh_process_stays_offline_and_writes_nothing(tmp_path: Path) -> None:
    """A new interpreter with the network blocked before anything is imported: extraction
    works and pythainlp creates no data directory."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise SystemExit('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from partnernet.extract.reports import extract_report\n"
        "ex = extract_report('ขอนแก่น / วันที่ 22 มีนาคม 2566 นายสยาม นนท์คำจันทร์ ผู้อำนวยการ จัดประชุม')\n"
        "assert ex.people and ex.provinces, ex\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")}
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "pythainlp-data").exists()
