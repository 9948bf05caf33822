"""The forms' service: the ingest's validation with errors per field, exact edits, ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnernet.foundation.errors import NotFound
from partnernet.graph.audit import AuditAction
from partnernet.graph.model import RelType
from partnernet.graph.store import GraphStore
from partnernet.service import audit, edit
from partnernet.service.ingest import ingest_files

ME = audit.AuditContext(who="me", source="/organisations/x/edit")
ORGS = """id,kind,name_th,name_en,type,level,province,district,subdistrict,issues,aliases
agency:pao:40,agency,อบจ. ขอนแก่น,Khon Kaen PAO,pao,provincial,40,,,health;elderly,อบจ.ขก
council:provincial:40,council,สภาองค์กรชุมชนจังหวัดขอนแก่น,,,provincial,40,,,,
"""


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    """The `store` fixture (SQLite, and Neo4j under the neo4j marker) with two organisations."""
    (tmp_path / "orgs.csv").write_text(ORGS, encoding="utf-8")
    ingest_files(store, [tmp_path / "orgs.csv"], who=None)
    return store


def test_form_values_round_trip(loaded: GraphStore) -> None:
    store = loaded
    node = store.get_node("agency:pao:40")
    assert node is not None
    values = edit.form_values(store, node)
    assert values["issues"] == "elderly; health" and values["aliases"] == "อบจ.ขก"
    assert values["level"] == "provincial" and values["province"] == "40"
    edit.edit_organization(store, node.id, values, ME)  # saving the form as shown: no change
    assert audit.list_audit(store, org=node.id)[0] == 0


def test_edit_sets_exactly_what_the_form_holds(loaded: GraphStore) -> None:
    store = loaded
    node = store.get_node("agency:pao:40")
    assert node is not None
    values = edit.form_values(store, node)
    values.update({"aliases": "", "issues": "housing", "name_en": ""})
    edit.edit_organization(store, node.id, values, ME)
    after = store.get_node(node.id)
    assert after is not None and after.aliases == [] and after.name_en is None
    issues = {n.node.id for n in store.neighbours(node.id, [RelType.WORKS_ON], "out")}
    assert issues == {"issue:housing"}
    _, entries = audit.list_audit(store, org=node.id)
    deleted = {e.label for e in entries if e.action is AuditAction.DELETE}
    assert deleted == {
        "(agency:pao:40)-[:WORKS_ON]->(issue:health)",
        "(agency:pao:40)-[:WORKS_ON]->(issue:elderly)",
    }
    for entry in entries:  # every step can be taken back, newest first
        audit.undo(store, entry.id, ME)
    assert store.get_node(node.id) == node
    issues = {n.node.id for n in store.neighbours(node.id, [RelType.WORKS_ON], "out")}
    assert issues == {"issue:health", "issue:elderly"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"province": "Atlantis"}, "province"),
        ({"district": "nowhere"}, "district"),
        ({"issues": "not-an-issue"}, "issues"),
        ({"name_th": ""}, "name_th"),
        ({"level": "galactic"}, "level"),
    ],
)
def test_errors_name_their_field(loaded: GraphStore, change: dict[str, str], field: str) -> None:
    store = loaded
    node = store.get_node("agency:pao:40")
    assert node is not None
    values = {**edit.form_values(store, node), **change}
    with pytest.raises(edit.FieldErrors) as raised:
        edit.edit_organization(store, node.id, values, ME)
    assert list(raised.value.errors) == [field]
    assert store.get_node(node.id) == node  # nothing written


def test_create_errors_and_duplicates(loaded: GraphStore) -> None:
    store = loaded
    with pytest.raises(edit.FieldErrors) as raised:
        edit.create_organization(store, {"kind": "xx", "name_th": "x"}, ME)
    assert list(raised.value.errors) == ["kind"]
    row = {"kind": "council", "name_th": "สภาฯ", "level": "provincial", "province": "40"}
    with pytest.raises(edit.FieldErrors) as raised:
        edit.create_organization(store, row, ME)
    assert "already exists" in raised.value.errors["name_th"]


def test_ties(loaded: GraphStore) -> None:
    store = loaded
    values = {"type": "PARTNERS_WITH", "other": "สภาองค์กรชุมชนจังหวัดขอนแก่น", "form": "mou",
              "since": "22 มี.ค. 2566"}  # fmt: skip
    rel = edit.add_tie(store, "agency:pao:40", values, ME)
    assert rel.target == "council:provincial:40" and rel.since is not None
    assert rel.since.isoformat() == "2023-03-22"
    for change, field in [
        ({"other": "ไม่มี"}, "other"),
        ({"type": "IN"}, "type"),
        ({"since": "garbage"}, "since"),
        ({"until": "1/1/2500"}, "until"),
        ({"form": "handshake"}, "form"),
    ]:
        with pytest.raises(edit.FieldErrors) as raised:
            edit.add_tie(store, "agency:pao:40", {**values, **change}, ME)
        assert list(raised.value.errors) == [field], change


def test_edit_tie_ends_it_and_undo_restores(loaded: GraphStore) -> None:
    store = loaded
    org, other = "agency:pao:40", "council:provincial:40"
    values = {"type": "PARTNERS_WITH", "other": other, "form": "mou", "since": "22 มี.ค. 2566"}
    made = edit.add_tie(store, org, values, ME)
    shown = edit.tie_values(made)
    assert shown == {"type": "PARTNERS_WITH", "form": "mou", "since": "2023-03-22", "until": ""}
    # Ending the partnership: until set (a Thai date, through the ingest's conversion).
    ended = edit.edit_tie(store, "PARTNERS_WITH", org, other, {**shown, "until": "1/10/2567"}, ME)
    assert ended.until is not None and ended.until.isoformat() == "2024-10-01"
    assert ended.since == made.since and ended.form == made.form
    _, entries = audit.list_audit(store, org=other)  # listed under both ends
    entry = entries[0]
    assert entry.action is AuditAction.UPDATE and entry.rel_source == org
    assert entry.before == {}  # it had no until
    assert entry.after == {"until": "2024-10-01"}
    # The same checks as adding: errors name their field, nothing is written.
    for change, field in [({"until": "garbage"}, "until"), ({"until": "1/1/2500"}, "until"),
                          ({"form": "handshake"}, "form")]:  # fmt: skip
        with pytest.raises(edit.FieldErrors) as raised:
            edit.edit_tie(store, "PARTNERS_WITH", org, other, {**shown, **change}, ME)
        assert list(raised.value.errors) == [field], change
    assert store.get_relationship(RelType.PARTNERS_WITH, org, other) == ended
    # An emptied field clears the property (an upsert could not).
    cleared = edit.edit_tie(store, "PARTNERS_WITH", org, other, {**shown, "form": ""}, ME)
    assert cleared.form is None and cleared.until is None
    assert audit.list_audit(store, org=org)[1][0].before == {"form": "mou", "until": "2024-10-01"}
    for newer in audit.list_audit(store, org=org)[1][:2]:  # undo both edits, newest first
        audit.undo(store, newer.id, ME)
    assert store.get_relationship(RelType.PARTNERS_WITH, org, other) == made
    with pytest.raises(NotFound):
        edit.edit_tie(store, "LOCATED_IN", org, other, shown, ME)  # not a tie the forms edit
    with pytest.raises(NotFound):
        edit.edit_tie(store, "PARTNERS_WITH", other, org, shown, ME)  # no such tie
