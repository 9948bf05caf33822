"""The audit trail and exact restores (graph/audit.py): the same answers from every backend.

Runs on the `store` fixture (SQLite and, with the `neo4j` marker, Neo4j); the answers are
written out by hand, so both backends agree because both match them.
"""

from __future__ import annotations

import pytest

from partnernet.foundation.errors import Conflict, NotFound
from partnernet.graph.audit import AuditAction, AuditEntry, changed_fields
from partnernet.graph.model import Council, CouncilLevel, NodeKind, Relationship, RelType
from partnernet.graph.store import GraphStore
from tests.graph.test_store_contract import KK_NET, KK_PAO, KK_SUB, tiny_nodes, tiny_rels


def _entry(n: int, *, nodes: list[str], provinces: list[str], **kw: object) -> AuditEntry:
    at = f"2026-12-07T10:00:{n:02d}.000000Z"
    fields: dict[str, object] = {
        "id": f"e{n:03d}",
        "at": at,
        "who": "editor-1",
        "source": "/edit/organisation",
        "action": AuditAction.UPDATE,
        "kind": NodeKind.COUNCIL.value,
        "node_id": nodes[0],
        "nodes": nodes,
        "provinces": provinces,
        "before": {"name_en": f"old {n}"},
        "after": {"name_en": f"new {n}", "aliases": ["ก", "'}) DETACH DELETE n //"]},
    }
    fields.update(kw)
    return AuditEntry.model_validate(fields)


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.upsert_nodes(tiny_nodes())
    store.upsert_relationships(tiny_rels())
    return store


def test_entries_round_trip_exactly_and_list_newest_first(store: GraphStore) -> None:
    entries = [
        _entry(1, nodes=[KK_NET], provinces=["40"]),
        _entry(2, nodes=[KK_SUB], provinces=["40"]),
        _entry(3, nodes=["council:provincial:45"], provinces=["45"]),
        _entry(
            4,
            nodes=[KK_SUB, KK_NET],
            provinces=["40"],
            kind=RelType.MEMBER_OF.value,
            node_id=None,
            rel_source=KK_SUB,
            rel_target=KK_NET,
            action=AuditAction.CREATE,
            before=None,
            after={"since": "2020-01-01"},
        ),
    ]
    version = store.data_version()
    store.add_audit(entries)
    assert store.data_version() == version  # the trail is not the graph
    total, page = store.audit_page()
    assert total == 4
    assert [e.id for e in page] == ["e004", "e003", "e002", "e001"]
    assert page[3] == entries[0]  # every field, Thai and the payload included
    assert store.get_audit("e004") == entries[3]
    assert store.get_audit("nope") is None
    # a tie's entry is listed under both its ends, and under both ends' provinces
    assert [e.id for e in store.audit_page(node_id=KK_NET)[1]] == ["e004", "e001"]
    assert [e.id for e in store.audit_page(node_id=KK_SUB)[1]] == ["e004", "e002"]
    across = _entry(5, nodes=[KK_NET, "council:provincial:45"], provinces=["40", "45"])
    store.add_audit([across])
    assert [e.id for e in store.audit_page(province_code="45")[1]] == ["e005", "e003"]
    assert [e.id for e in store.audit_page(province_code="40", limit=2)[1]] == ["e005", "e004"]
    assert store.audit_page(node_id=KK_NET, province_code="45") == (1, [across])


def test_audit_pages_filter_by_node_and_province(store: GraphStore) -> None:
    store.add_audit([_entry(n, nodes=[KK_NET], provinces=["40"]) for n in range(1, 8)])
    store.add_audit([_entry(20, nodes=[KK_SUB], provinces=["40"])])
    store.add_audit([_entry(30, nodes=["council:provincial:45"], provinces=["45"])])
    total, page = store.audit_page(node_id=KK_NET, offset=2, limit=3)
    assert total == 7
    assert [e.id for e in page] == ["e005", "e004", "e003"]
    total, page = store.audit_page(province_code="40", limit=2)
    assert (total, [e.id for e in page]) == (8, ["e020", "e007"])
    total, page = store.audit_page(province_code="45")
    assert (total, [e.id for e in page]) == (1, ["e030"])
    total, page = store.audit_page(node_id=KK_SUB, province_code="45")
    assert (total, page) == (0, [])
    assert store.audit_page(node_id="missing") == (0, [])


def test_clear_deletes_the_trail(store: GraphStore) -> None:
    store.add_audit([_entry(1, nodes=[KK_NET], provinces=["40"])])
    store.clear()
    assert store.audit_page() == (0, [])


def test_restore_node_replaces_properties_exactly(loaded: GraphStore) -> None:
    before = loaded.get_node(KK_NET)
    assert before is not None and before.aliases == []
    loaded.upsert_nodes(
        [before.model_copy(update={"aliases": ["เครือข่ายขอนแก่น"], "name_en": "Renamed"})]
    )
    version = loaded.data_version()
    loaded.restore_node(NodeKind.COUNCIL, KK_NET, before.to_props())
    assert loaded.data_version() > version
    assert loaded.get_node(KK_NET) == before
    # the removed alias no longer finds it; the name does
    assert loaded.search("เครือข่ายขอนแก่น") == []
    assert [n.id for n in loaded.search("สภาองค์กรชุมชนจังหวัดขอนแก่น")] == [KK_NET]


def test_restore_node_creates_and_deletes(loaded: GraphStore) -> None:
    new = Council(
        id="council:subdistrict:400199",
        name_th="สภาองค์กรชุมชนตำบลใหม่",
        level=CouncilLevel.SUBDISTRICT,
        province_code="40",
    )
    organisations = loaded.stats().nodes["Organization"]
    loaded.restore_node(NodeKind.COUNCIL, new.id, new.to_props())
    assert loaded.get_node(new.id) == new
    assert loaded.stats().nodes["Organization"] == organisations + 1  # that label too
    assert [n.id for n in loaded.search("ตำบลใหม่")] == [new.id]
    loaded.restore_node(NodeKind.COUNCIL, new.id, None)
    assert loaded.get_node(new.id) is None
    with pytest.raises(Conflict, match="relationship"):
        loaded.restore_node(NodeKind.COUNCIL, KK_NET, None)
    assert loaded.get_node(KK_NET) is not None
    with pytest.raises(Conflict):
        loaded.restore_node(NodeKind.AGENCY, KK_NET, {"name_th": "x", "agency_type": "pao"})


def test_restore_relationship(loaded: GraphStore) -> None:
    rel = loaded.get_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO)
    assert rel is not None and rel.form is not None
    loaded.restore_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO, {"since": "2019-05-01"})
    assert loaded.get_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO) == Relationship(
        type=RelType.PARTNERS_WITH, source=KK_NET, target=KK_PAO, since="2019-05-01"
    )
    loaded.restore_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO, None)
    assert loaded.get_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO) is None
    loaded.restore_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO, rel.to_props())
    assert loaded.get_relationship(RelType.PARTNERS_WITH, KK_NET, KK_PAO) == rel
    with pytest.raises(NotFound):
        loaded.restore_relationship(RelType.PARTNERS_WITH, KK_NET, "agency:pao:99", {})


def test_changed_fields() -> None:
    assert changed_fields({"a": 1, "b": 2, "c": [1]}, {"a": 1, "b": 3, "d": "x"}) == (
        {"b": 2, "c": [1]},
        {"b": 3, "d": "x"},
    )


def test_batched_reads_of_what_a_write_will_change(loaded: GraphStore) -> None:
    nodes = loaded.get_nodes([KK_NET, "nope", KK_PAO, KK_NET])
    assert nodes == {KK_NET: loaded.get_node(KK_NET), KK_PAO: loaded.get_node(KK_PAO)}
    assert loaded.get_nodes([]) == {}
    wanted = [
        ("PARTNERS_WITH", KK_NET, KK_PAO),
        ("PARTNERS_WITH", KK_PAO, KK_NET),  # the other direction: none
        ("MEMBER_OF", KK_SUB, KK_NET),
        ("FUNDS", KK_NET, KK_PAO),
    ]
    found = loaded.get_relationships(wanted)
    assert set(found) == {w for w in wanted if loaded.get_relationship(RelType(w[0]), *w[1:])}
    for (type_, source, target), rel in found.items():
        assert rel == loaded.get_relationship(RelType(type_), source, target)
    assert ("PARTNERS_WITH", KK_NET, KK_PAO) in found
    assert loaded.get_relationships([]) == {}
