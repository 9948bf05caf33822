"""The audit trail through the service's write paths: forms/API (records), file loads, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnernet.foundation.errors import Conflict, NotFound
from partnernet.graph.audit import AuditAction
from partnernet.graph.model import PartnershipForm, Relationship, RelType
from partnernet.graph.store import GraphStore
from partnernet.service import audit, records
from partnernet.service.ingest import ingest_files

ALICE = audit.AuditContext(who="alice", source="/edit/organisation")
BOB = audit.AuditContext(who="bob", source="/api/v1/audit")

ORGS = """id,kind,name_th,name_en,type,level,province,district,subdistrict,issues,aliases
council:provincial:40,council,สภาองค์กรชุมชนจังหวัดขอนแก่น,Khon Kaen PCOC,,provincial,40,,,,
agency:pao:40,agency,องค์การบริหารส่วนจังหวัดขอนแก่น,Khon Kaen PAO,pao,provincial,40,,,,
"""


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    """The `store` fixture (SQLite, and Neo4j under the neo4j marker) with two organisations."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "orgs.csv").write_text(ORGS, encoding="utf-8")
    ingest_files(store, [folder / "orgs.csv"], who="loader")
    return store


def test_a_file_load_records_one_entry_per_record_created(
    loaded: GraphStore, tmp_path: Path
) -> None:
    store = loaded
    total, entries = audit.list_audit(store)
    # the two organisations, their LOCATED_IN ties, and the places created for them
    assert {e.label for e in entries} == {
        "agency:pao:40",
        "council:provincial:40",
        "province:40",
        "region:region4:northeast",
        "region:region6:northeast",
        "(agency:pao:40)-[:LOCATED_IN]->(province:40)",
        "(council:provincial:40)-[:LOCATED_IN]->(province:40)",
        "(province:40)-[:IN]->(region:region4:northeast)",
        "(province:40)-[:IN]->(region:region6:northeast)",
    }
    assert total == 9
    assert {e.source for e in entries} == {"orgs.csv"}
    assert {e.who for e in entries} == {"loader"}
    assert {e.action for e in entries} == {AuditAction.CREATE}
    org = next(e for e in entries if e.node_id == "agency:pao:40")
    assert org.before is None and org.after is not None
    assert org.after["name_en"] == "Khon Kaen PAO" and org.provinces == ["40"]
    # a second load of the same file changes nothing and records nothing
    ingest_files(store, [tmp_path / "in" / "orgs.csv"], who="loader")
    assert audit.list_audit(store)[0] == 9


def test_update_records_the_changed_fields_and_undo_restores_them(loaded: GraphStore) -> None:
    store = loaded
    records.update_organization(
        store, "agency:pao:40", {"name_en": "PAO", "aliases": ["อบจ.ขก."]}, context=ALICE
    )
    total, (entry, *_) = audit.list_audit(store, org="agency:pao:40")
    assert total == 3  # created, its LOCATED_IN tie, updated
    assert entry.who == "alice" and entry.source == "/edit/organisation"
    assert entry.before == {"name_en": "Khon Kaen PAO"}
    assert entry.after == {"aliases": ["อบจ.ขก."], "name_en": "PAO"}
    version = store.data_version()
    undone = audit.undo(store, entry.id, BOB)
    assert store.data_version() > version
    node = store.get_node("agency:pao:40")
    assert node is not None and node.name_en == "Khon Kaen PAO" and node.aliases == []
    assert store.search("อบจ.ขก.") == []
    assert undone.undoes == entry.id and undone.who == "bob"
    assert undone.before == entry.after and undone.after == entry.before
    assert audit.list_audit(store, province="ขอนแก่น")[0] == 7 + 2  # the regions: no province
    # the same entry again: the record no longer holds its "after"
    with pytest.raises(Conflict, match="changed after"):
        audit.undo(store, entry.id, BOB)
    # undoing the undo redoes the change
    audit.undo(store, undone.id, ALICE)
    node = store.get_node("agency:pao:40")
    assert node is not None and node.name_en == "PAO" and node.aliases == ["อบจ.ขก."]


def test_undo_is_refused_when_the_record_changed_since(loaded: GraphStore) -> None:
    store = loaded
    records.update_organization(store, "agency:pao:40", {"name_en": "First"}, context=ALICE)
    first = audit.list_audit(store, org="agency:pao:40")[1][0]
    records.update_organization(store, "agency:pao:40", {"name_en": "Second"}, context=BOB)
    with pytest.raises(Conflict):
        audit.undo(store, first.id, ALICE)
    node = store.get_node("agency:pao:40")
    assert node is not None and node.name_en == "Second"


def test_ties_are_recorded_under_both_ends_and_undone(loaded: GraphStore) -> None:
    store = loaded
    rel = Relationship(
        type=RelType.PARTNERS_WITH,
        source="council:provincial:40",
        target="agency:pao:40",
        form=PartnershipForm.MOU,
        since="2024-01-01",
    )
    records.write_relationship(store, rel, ALICE)
    _, (entry, *_) = audit.list_audit(store, org="agency:pao:40")
    assert entry.kind == "PARTNERS_WITH" and entry.action is AuditAction.CREATE
    assert entry.nodes == ["council:provincial:40", "agency:pao:40"]
    assert entry.provinces == ["40"]
    assert audit.list_audit(store, org="council:provincial:40")[1][0] == entry
    records.write_relationship(store, rel.model_copy(update={"until": date(2025, 1, 1)}), BOB)
    later = audit.list_audit(store, org="agency:pao:40")[1][0]
    assert later.action is AuditAction.UPDATE
    assert (later.before, later.after) == ({}, {"until": "2025-01-01"})
    with pytest.raises(Conflict):
        audit.undo(store, entry.id, ALICE)  # the tie changed since it was made
    audit.undo(store, later.id, ALICE)
    audit.undo(store, entry.id, ALICE)
    assert store.get_relationship(RelType.PARTNERS_WITH, rel.source, rel.target) is None


def test_undoing_a_created_organisation_needs_its_ties_undone_first(loaded: GraphStore) -> None:
    store = loaded
    node = records.create_organization(
        store, {"kind": "agency", "name_th": "สำนักงานใหม่", "type": "pao", "province": "45"}, ALICE
    )
    _, entries = audit.list_audit(store, org=node.id)
    created = next(e for e in entries if e.node_id == node.id)
    tie = next(e for e in entries if e.node_id is None)
    with pytest.raises(Conflict, match="relationship"):
        audit.undo(store, created.id, BOB)
    audit.undo(store, tie.id, BOB)
    deleted = audit.undo(store, created.id, BOB)
    assert deleted.action is AuditAction.DELETE and store.get_node(node.id) is None
    audit.undo(store, deleted.id, BOB)  # and back
    assert store.get_node(node.id) == node


def test_unknown_entry_and_bad_pages(loaded: GraphStore) -> None:
    store = loaded
    with pytest.raises(NotFound):
        audit.undo(store, "nope", BOB)
    with pytest.raises(Exception, match="limit"):
        audit.list_audit(store, limit=0)
