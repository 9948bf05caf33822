"""The GraphStore contract: every backend must pass every test here, unchanged.

The `store` fixture (tests/conftest.py) is parametrised over the SQLite and Neo4j backends.
The tiny graph below is small enough that every expected answer is known by hand.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from partnernet.graph.model import (
    Agency,
    AgencyType,
    CivilSocietyGroup,
    Council,
    CouncilLevel,
    Event,
    Issue,
    Node,
    NodeKind,
    ParticipationRole,
    PartnershipForm,
    Person,
    Proposal,
    ProposalStatus,
    Province,
    Relationship,
    RelType,
    Source,
)
from partnernet.graph.store import GraphStore, Scope

KK_NET = "council:provincial:40"
KK_SUB = "council:subdistrict:400101"
KK_SUB2 = "council:subdistrict:400102"
KK_PAO = "agency:pao:40"
KK_GOV = "agency:governor_office:40"
RE_NET = "council:provincial:45"
RE_ASSEMBLY = "cso:45:สภาสาเกตุนคร"
HOUSING = "issue:housing"
PROPOSAL = "proposal:40:ข้อเสนอ-บ้านมั่นคง"
FORUM = "event:10:เวที"
PERSON = "person:ทองใบ-สิงสีทา"
REPORT = "source:report-1"
PROVINCE_KK = "province:40"


def tiny_nodes() -> list[Node]:
    return [
        Province(id=PROVINCE_KK, name_th="ขอนแก่น", name_en="Khon Kaen", code="40", iso="TH-40"),
        Council(
            id=KK_NET,
            name_th="สภาองค์กรชุมชนจังหวัดขอนแก่น",
            name_en="Khon Kaen Provincial Community Organization Council",
            level=CouncilLevel.PROVINCIAL,
            province_code="40",
        ),
        Council(
            id=KK_SUB,
            name_th="สภาองค์กรชุมชนตำบลในเมือง",
            level=CouncilLevel.SUBDISTRICT,
            province_code="40",
            subdistrict_code="400101",
        ),
        Council(
            id=KK_SUB2,
            name_th="สภาองค์กรชุมชนตำบลสำราญ",
            level=CouncilLevel.SUBDISTRICT,
            province_code="40",
        ),
        Agency(
            id=KK_PAO,
            name_th="องค์การบริหารส่วนจังหวัดขอนแก่น",
            name_en="Khon Kaen PAO",
            aliases=["อบจ.ขอนแก่น"],
            type=AgencyType.PAO,
            province_code="40",
        ),
        Agency(
            id=KK_GOV,
            name_th="สำนักงานจังหวัดขอนแก่น",
            type=AgencyType.GOVERNOR_OFFICE,
            province_code="40",
        ),
        Council(
            id=RE_NET,
            name_th="สภาองค์กรชุมชนจังหวัดร้อยเอ็ด",
            level=CouncilLevel.PROVINCIAL,
            province_code="45",
        ),
        CivilSocietyGroup(id=RE_ASSEMBLY, name_th="สภาสาเกตุนคร", province_code="45"),
        Issue(id=HOUSING, name_th="ที่อยู่อาศัย", name_en="Housing", code="housing"),
        Proposal(
            id=PROPOSAL,
            name_th="ข้อเสนอบ้านมั่นคง",
            status=ProposalStatus.SUBMITTED,
            raised_on=date(2023, 3, 22),
            province_code="40",
        ),
        Event(
            id=FORUM,
            name_th="เวทีจังหวัดบูรณาการ",
            start_date=date(2023, 3, 22),
            end_date=date(2023, 3, 22),
            province_code="40",
        ),
        Person(id=PERSON, name_th="ทองใบ สิงสีทา", title="นาย"),
        Source(id=REPORT, name_th="รายงานการประชุม"),
    ]


def tiny_rels() -> list[Relationship]:
    return [
        Relationship(
            type=RelType.PARTNERS_WITH,
            source=KK_NET,
            target=KK_PAO,
            form=PartnershipForm.MOU,
            weight=2.0,
            since=date(2022, 1, 1),
        ),
        Relationship(type=RelType.PARTNERS_WITH, source=KK_NET, target=KK_GOV),
        Relationship(type=RelType.MEMBER_OF, source=KK_SUB, target=KK_NET),
        Relationship(type=RelType.MEMBER_OF, source=KK_SUB2, target=KK_NET),
        Relationship(type=RelType.PARTNERS_WITH, source=KK_NET, target=RE_NET),
        Relationship(type=RelType.PARTNERS_WITH, source=RE_NET, target=RE_ASSEMBLY),
        Relationship(type=RelType.WORKS_ON, source=KK_NET, target=HOUSING),
        Relationship(type=RelType.WORKS_ON, source=RE_ASSEMBLY, target=HOUSING),
        Relationship(type=RelType.PROPOSED, source=KK_NET, target=PROPOSAL),
        Relationship(
            type=RelType.SUBMITTED_TO,
            source=PROPOSAL,
            target=KK_PAO,
            on=date(2023, 4, 1),
            status=ProposalStatus.SUBMITTED,
        ),
        Relationship(
            type=RelType.PARTICIPATED_IN,
            source=KK_NET,
            target=FORUM,
            role=ParticipationRole.ORGANISER,
        ),
        Relationship(type=RelType.PRODUCED, source=FORUM, target=PROPOSAL),
        Relationship(
            type=RelType.HOLDS_ROLE, source=PERSON, target=KK_NET, role_th="ประธาน", role_en="Chair"
        ),
        Relationship(type=RelType.LOCATED_IN, source=KK_NET, target=PROVINCE_KK),
        Relationship(type=RelType.MENTIONED_IN, source=KK_NET, target=REPORT, offset=12),
    ]


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    assert store.upsert_nodes(tiny_nodes()).created == len(tiny_nodes())
    assert store.upsert_relationships(tiny_rels()).created == len(tiny_rels())
    return store


# -- writing ----------------------------------------------------------------------------------


def test_round_trip_keeps_every_property(loaded: GraphStore) -> None:
    for node in tiny_nodes():
        assert loaded.get_node(node.id) == node
    for rel in tiny_rels():
        assert loaded.get_relationship(rel.type, rel.source, rel.target) == rel


def test_thai_text_round_trips_exactly(store: GraphStore) -> None:
    name = "สภาองค์กรชุมชนตำบลน้ำพอง ๑๒"  # Thai digits are normalised in names
    store.upsert_nodes([Council(id="c:1", name_th=name, level=CouncilLevel.SUBDISTRICT)])
    got = store.get_node("c:1")
    assert got is not None
    assert got.name_th == "สภาองค์กรชุมชนตำบลน้ำพอง 12"


def test_second_load_changes_nothing(loaded: GraphStore) -> None:
    nodes = loaded.upsert_nodes(tiny_nodes())
    rels = loaded.upsert_relationships(tiny_rels())
    assert (nodes.created, nodes.updated, nodes.unchanged) == (0, 0, len(tiny_nodes()))
    assert (rels.created, rels.updated, rels.unchanged) == (0, 0, len(tiny_rels()))
    assert loaded.stats().nodes["Organization"] == 7


def test_upsert_merges_properties_and_unions_lists(loaded: GraphStore) -> None:
    update = Agency(
        id=KK_PAO,
        name_th="องค์การบริหารส่วนจังหวัดขอนแก่น",
        aliases=["อบจ.ขก.", "อบจ.ขอนแก่น"],
        source_ids=["source:report-2"],
        type=AgencyType.PAO,
    )
    report = loaded.upsert_nodes([update])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    got = loaded.get_node(KK_PAO)
    assert isinstance(got, Agency)
    assert got.aliases == ["อบจ.ขอนแก่น", "อบจ.ขก."]
    assert got.name_en == "Khon Kaen PAO"  # not given again: kept
    assert got.province_code == "40"
    assert got.source_ids == ["source:report-2"]


def test_relationship_update_is_counted(loaded: GraphStore) -> None:
    changed = Relationship(type=RelType.PARTNERS_WITH, source=KK_NET, target=KK_PAO, weight=5.0)
    report = loaded.upsert_relationships([changed])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    rel = loaded.get_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO)
    assert rel is not None
    assert rel.weight == 5.0
    assert rel.form is PartnershipForm.MOU


def test_kind_clash_is_rejected_not_overwritten(loaded: GraphStore) -> None:
    clash = Council(id=KK_PAO, name_th="ผิด", level=CouncilLevel.SUBDISTRICT)
    report = loaded.upsert_nodes([clash])
    assert report.created == report.updated == 0
    assert len(report.rejected) == 1
    assert "Agency" in report.rejected[0].reason
    assert isinstance(loaded.get_node(KK_PAO), Agency)


def test_dangling_and_ill_typed_relationships_are_rejected(loaded: GraphStore) -> None:
    report = loaded.upsert_relationships(
        [
            Relationship(type=RelType.PARTNERS_WITH, source=KK_NET, target="agency:nope"),
            Relationship(type=RelType.WORKS_ON, source=KK_NET, target=KK_PAO),
            Relationship(type=RelType.PARTNERS_WITH, source=KK_SUB, target=KK_PAO),
        ]
    )
    assert report.created == 1
    reasons = sorted(r.reason for r in report.rejected)
    assert len(reasons) == 2
    assert "unknown node id 'agency:nope'" in reasons[1]
    assert "WORKS_ON cannot join" in reasons[0]
    assert loaded.get_relationship(RelType.WORKS_ON, KK_NET, KK_PAO) is None


def test_batches_smaller_than_input(store: GraphStore) -> None:
    councils = [
        Council(
            id=f"council:subdistrict:4001{i:02d}",
            name_th=f"สภา {i}",
            level=CouncilLevel.SUBDISTRICT,
            province_code="40",
        )
        for i in range(25)
    ]
    assert store.upsert_nodes(councils, batch_size=7).created == 25
    rels = [
        Relationship(type=RelType.PARTNERS_WITH, source=a.id, target=b.id)
        for a, b in pairwise(councils)
    ]
    assert store.upsert_relationships(rels, batch_size=4).created == 24
    assert store.stats().relationships == {"PARTNERS_WITH": 24}


def test_injection_payloads_are_stored_as_text(store: GraphStore) -> None:
    payloads = [
        "'}) DETACH DELETE n //",
        '"}) MATCH (n) DETACH DELETE n //',
        "x`) DETACH DELETE n //",
        "'; DROP TABLE nodes; --",
        "$props} RETURN 1 //",
    ]
    nodes = [
        CivilSocietyGroup(id=f"cso:th:{i}{p}", name_th=p, name_en=p, aliases=[p])
        for i, p in enumerate(payloads)
    ]
    store.upsert_nodes(nodes)
    for node in nodes:
        assert store.get_node(node.id) == node
    assert store.stats().nodes["CivilSocietyGroup"] == len(payloads)


def test_clear_empties_the_store(loaded: GraphStore) -> None:
    loaded.clear()
    assert loaded.stats().nodes == {}
    assert loaded.stats().relationships == {}


# -- reading ----------------------------------------------------------------------------------


def test_stats_counts_organisations_under_both_labels(loaded: GraphStore) -> None:
    stats = loaded.stats()
    assert stats.nodes == {
        "Agency": 2,
        "CivilSocietyGroup": 1,
        "Council": 4,
        "Event": 1,
        "Issue": 1,
        "Organization": 7,
        "Person": 1,
        "Proposal": 1,
        "Province": 1,
        "Source": 1,
    }
    assert stats.relationships["PARTNERS_WITH"] == 4
    assert sum(stats.relationships.values()) == len(tiny_rels())


def test_missing_things_are_none(loaded: GraphStore) -> None:
    assert loaded.get_node("nope") is None
    assert loaded.get_relationship(RelType.MEMBER_OF, KK_NET, KK_SUB) is None


def test_existing_ids(loaded: GraphStore) -> None:
    assert loaded.existing_ids([KK_NET, "nope", HOUSING]) == {
        KK_NET: NodeKind.COUNCIL,
        HOUSING: NodeKind.ISSUE,
    }


def test_iter_nodes_is_ordered_and_filtered(loaded: GraphStore) -> None:
    councils = [n.id for n in loaded.iter_nodes(NodeKind.COUNCIL)]
    assert councils == sorted([KK_NET, KK_SUB, KK_SUB2, RE_NET])
    assert len(list(loaded.iter_nodes())) == len(tiny_nodes())


def test_nodes_page_counts_all_and_reads_one_page(loaded: GraphStore) -> None:
    orgs = [k for k in NodeKind if k.is_organization]
    every = sorted(n.id for n in loaded.iter_nodes() if n.kind in orgs)
    total, first = loaded.nodes_page(orgs, limit=3)
    assert total == len(every) and [n.id for n in first] == every[:3]
    total, rest = loaded.nodes_page(orgs, offset=3, limit=100)
    assert [n.id for n in rest] == every[3:]
    assert loaded.nodes_page(orgs, offset=len(every), limit=5) == (len(every), [])
    in_kk = sorted(
        n.id
        for n in loaded.iter_nodes()
        if n.kind in orgs and getattr(n, "province_code", None) == "40"
    )
    total, page = loaded.nodes_page(orgs, province_code="40", offset=1, limit=2)
    assert total == len(in_kk) > 3 and [n.id for n in page] == in_kk[1:3]
    councils = loaded.nodes_page([NodeKind.COUNCIL], limit=10)
    assert councils == (4, list(loaded.iter_nodes(NodeKind.COUNCIL)))
    assert loaded.nodes_page([], limit=10) == (0, [])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # equal matches: councils first, then by kind (NodeKind order), then by id
        ("ขอนแก่น", [PROVINCE_KK, KK_NET, KK_GOV, KK_PAO]),
        ("อบจ.ขอนแก่น", [KK_PAO]),
        ("khon kaen", [PROVINCE_KK, KK_NET, KK_PAO]),
        ("KHON KAEN PAO", [KK_PAO]),
        ("สภาสาเกตุนคร", [RE_ASSEMBLY]),
        ("สภาองค์กรชุมชนตําบล", [KK_SUB, KK_SUB2]),  # sara am typed as nikhahit + sara aa
        ("ไม่มีชื่อนี้", []),
    ],
)
def test_search_thai_and_english(loaded: GraphStore, query: str, expected: list[str]) -> None:
    assert [n.id for n in loaded.search(query)] == expected


def test_search_filters_kinds_and_limits(loaded: GraphStore) -> None:
    assert [n.id for n in loaded.search("ขอนแก่น", kinds=[NodeKind.AGENCY])] == [KK_GOV, KK_PAO]
    assert len(loaded.search("สภา", limit=2)) == 2


def test_neighbours(loaded: GraphStore) -> None:
    got = [(n.relationship.type.value, n.node.id, n.direction) for n in loaded.neighbours(KK_PAO)]
    assert got == [
        ("PARTNERS_WITH", KK_NET, "in"),
        ("SUBMITTED_TO", PROPOSAL, "in"),
    ]
    out = loaded.neighbours(KK_NET, rel_types=[RelType.MEMBER_OF], direction="in")
    assert [n.node.id for n in out] == [KK_SUB, KK_SUB2]
    types = [n.relationship.type.value for n in loaded.neighbours(KK_NET, direction="out")]
    assert types == sorted(types)


def _edges(graph: object) -> set[tuple[str, str, str]]:
    import networkx as nx

    assert isinstance(graph, nx.MultiDiGraph)
    return {(u, v, k) for u, v, k in graph.edges(keys=True)}


def test_whole_graph(loaded: GraphStore) -> None:
    graph = loaded.subgraph()
    assert graph.number_of_nodes() == len(tiny_nodes())
    assert graph.number_of_edges() == len(tiny_rels())
    assert graph.nodes[KK_NET]["kind"] == "Council"
    assert graph.nodes[KK_NET]["level"] == "provincial"
    edge = graph.edges[KK_NET, KK_PAO, "PARTNERS_WITH"]
    assert edge["form"] == "mou"
    assert edge["type"] == "PARTNERS_WITH"
    assert edge["since"] == "2022-01-01"


def test_province_subgraph(loaded: GraphStore) -> None:
    graph = loaded.subgraph(Scope(provinces=frozenset({"40"})))
    # core: Khon Kaen's organisations, proposal and event; plus neighbours that are not
    # geography or sources: Roi Et's network, the issue, the person.
    assert set(graph.nodes) == {
        KK_NET,
        KK_SUB,
        KK_SUB2,
        KK_PAO,
        KK_GOV,
        PROPOSAL,
        FORUM,
        RE_NET,
        HOUSING,
        PERSON,
    }
    assert (RE_NET, RE_ASSEMBLY, "PARTNERS_WITH") not in _edges(graph)
    assert (KK_NET, RE_NET, "PARTNERS_WITH") in _edges(graph)
    assert graph.number_of_edges() == 11


def test_region_style_subgraph_with_two_provinces(loaded: GraphStore) -> None:
    graph = loaded.subgraph(Scope(provinces=frozenset({"40", "45"})))
    assert RE_ASSEMBLY in graph
    assert (RE_ASSEMBLY, HOUSING, "WORKS_ON") in _edges(graph)


def test_issue_subgraph(loaded: GraphStore) -> None:
    graph = loaded.subgraph(Scope(issue=HOUSING))
    assert set(graph.nodes) == {
        HOUSING,
        KK_NET,
        RE_ASSEMBLY,  # core
        KK_SUB,
        KK_SUB2,
        KK_PAO,
        KK_GOV,
        RE_NET,
        PROPOSAL,
        FORUM,
        PERSON,  # their neighbours
    }


@pytest.mark.parametrize(
    ("ego", "radius", "expected"),
    [
        (KK_SUB, 0, {KK_SUB}),
        (KK_SUB, 1, {KK_SUB, KK_NET}),
        (KK_SUB, 2, {KK_SUB, KK_NET, KK_SUB2, KK_PAO, KK_GOV, RE_NET, PROPOSAL, FORUM, PERSON}),
        (RE_ASSEMBLY, 1, {RE_ASSEMBLY, RE_NET}),  # never through the Issue node
        ("nope", 2, set()),
    ],
)
def test_ego_subgraph(loaded: GraphStore, ego: str, radius: int, expected: set[str]) -> None:
    graph = loaded.subgraph(Scope(ego=ego, radius=radius))
    assert set(graph.nodes) == expected


def test_subgraphs_are_identical_in_order(loaded: GraphStore) -> None:
    graph = loaded.subgraph()
    assert list(graph.nodes) == sorted(graph.nodes)


# -- meta: derived values and the data version ------------------------------------------------


def test_meta_round_trips_and_replaces(store: GraphStore) -> None:
    assert store.get_meta("peer_summaries:region6:Northeast") is None
    thai = '{"จังหวัด": "ขอนแก่น", "สรุป": "ภาคีเครือข่าย ๑๒ แห่ง"}'
    store.set_meta("peer_summaries:region6:Northeast", thai)
    assert store.get_meta("peer_summaries:region6:Northeast") == thai
    store.set_meta("peer_summaries:region6:Northeast", "")
    assert store.get_meta("peer_summaries:region6:Northeast") == ""
    store.set_meta("คีย์ภาษาไทย", "ค่า")
    assert store.get_meta("คีย์ภาษาไทย") == "ค่า"
    assert store.get_meta("peer_summaries:region6:Northeast") == ""
    assert store.get_meta("peer_summaries") is None  # keys match exactly, never by prefix


def test_meta_keeps_large_json_exactly(store: GraphStore) -> None:
    import json

    value = json.dumps(
        {
            f"province:{i}": {"ชื่อ": f"สภาองค์กรชุมชนจังหวัด {i}", "ties": list(range(40))}
            for i in range(500)
        },
        ensure_ascii=False,
    )
    assert len(value) > 100_000
    store.set_meta("big", value)
    assert store.get_meta("big") == value


def test_data_version_key_is_reserved(store: GraphStore) -> None:
    from partnernet.graph.store import DATA_VERSION_KEY

    before = store.data_version()
    with pytest.raises(ValueError, match="reserved"):
        store.set_meta(DATA_VERSION_KEY, "0")
    with pytest.raises(ValueError, match="reserved"):
        store.get_meta(DATA_VERSION_KEY)
    assert store.data_version() == before


def test_data_version_moves_only_when_the_graph_changes(store: GraphStore) -> None:
    seen = [store.data_version()]

    def changed() -> bool:
        now = store.data_version()
        moved = now != seen[-1]
        if moved:
            assert now not in seen  # never back to a value a stamp may carry
            seen.append(now)
        return moved

    assert store.upsert_nodes(tiny_nodes()).created == len(tiny_nodes())
    assert changed()
    assert store.upsert_relationships(tiny_rels()).created == len(tiny_rels())
    assert changed()
    store.upsert_nodes(tiny_nodes())  # a re-load: nothing changes
    store.upsert_relationships(tiny_rels())
    assert not changed()
    store.set_meta("peer_summaries:x", "{}")
    assert not changed()
    # rejected-only batches change nothing either
    store.upsert_nodes([Council(id=KK_PAO, name_th="ผิด", level=CouncilLevel.SUBDISTRICT)])
    store.upsert_relationships(
        [Relationship(type=RelType.PARTNERS_WITH, source=KK_NET, target="agency:nope")]
    )
    assert not changed()
    store.upsert_nodes([Person(id=PERSON, name_th="ทองใบ สิงสีทา", title="นาย", aliases=["ทองใบ"])])
    assert changed()
    store.upsert_relationships(
        [Relationship(type=RelType.PARTNERS_WITH, source=KK_NET, target=KK_PAO, weight=3.0)]
    )
    assert changed()
    # one new node among unchanged ones, in small batches
    more = [*tiny_nodes(), Issue(id="issue:land", name_th="ที่ดิน", code="land")]
    assert store.upsert_nodes(more, batch_size=3).created == 1
    assert changed()

    store.clear()
    assert changed()
    assert store.get_meta("peer_summaries:x") is None
    cleared = store.data_version()
    store.clear()  # clearing an empty store still moves it: derived data must not survive
    assert changed()
    assert store.data_version() != cleared


def test_meta_is_not_part_of_the_graph(loaded: GraphStore) -> None:
    orgs = [k for k in NodeKind if k.is_organization]

    def reads() -> tuple[object, ...]:
        return (
            loaded.stats(),
            list(loaded.iter_nodes()),
            loaded.nodes_page(orgs, limit=100),
            loaded.search("ขอนแก่น"),
            loaded.neighbours(KK_NET),
            loaded.existing_ids([KK_NET, "data_version"]),
        )

    before = reads()
    scopes = [
        Scope(),
        Scope(provinces=frozenset({"40", "45"})),
        Scope(issue=HOUSING),
        Scope(ego=KK_NET, radius=2),
    ]
    graphs = [loaded.subgraph(scope) for scope in scopes]
    # keys spelled like node ids and values that look like nodes, in the searched words
    loaded.set_meta(KK_NET, '{"id": "council:provincial:40", "name_th": "ขอนแก่น"}')
    loaded.set_meta("ขอนแก่น", "ขอนแก่น")
    loaded.set_meta("province:40", "Khon Kaen")
    assert reads() == before
    assert [n.id for n in loaded.search("Khon Kaen")] == [PROVINCE_KK, KK_NET, KK_PAO]
    assert loaded.get_node("ขอนแก่น") is None
    for scope, graph in zip(scopes, graphs, strict=True):
        again = loaded.subgraph(scope)
        assert list(again.nodes(data=True)) == list(graph.nodes(data=True)), scope
        assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True)), (
            scope
        )
    assert len(list(loaded.iter_nodes())) == len(tiny_nodes())
