"""The dry-run store: upserts answered as SQLite answers them, nothing written, every change
listed once with the stored values as "before"."""

from __future__ import annotations

from pathlib import Path

from partnernet.graph.model import (
    Agency,
    CivilSocietyGroup,
    Council,
    CouncilLevel,
    PartnershipForm,
    Relationship,
    RelType,
)
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.dry_run import DryRun

COUNCIL = Council(id="council:provincial:40", name_th="สภาจังหวัด", level=CouncilLevel.PROVINCIAL)
AGENCY = Agency(id="agency:pao:40", name_th="อบจ.")


def _tie(form: PartnershipForm, since: str | None = None) -> Relationship:
    return Relationship(
        type=RelType.PARTNERS_WITH, source=COUNCIL.id, target=AGENCY.id, form=form, since=since
    )


def test_upserts_answer_as_the_store_does_and_write_nothing(tmp_path: Path) -> None:
    real, twin = SqliteStore(tmp_path / "a.sqlite"), SqliteStore(tmp_path / "b.sqlite")
    for store in (real, twin):
        store.upsert_nodes([COUNCIL, AGENCY])
        store.upsert_relationships([_tie(PartnershipForm.MOU)])
    version = real.data_version()
    dry = DryRun(real)
    renamed = COUNCIL.model_copy(update={"aliases": ["สภาฯ"]})
    clash = CivilSocietyGroup(id=AGENCY.id, name_th="กลุ่ม")
    new = CivilSocietyGroup(id="civil_society_group:40:x", name_th="กลุ่มใหม่")
    nodes = [renamed, clash, new, AGENCY]
    assert dry.upsert_nodes(nodes) == twin.upsert_nodes(nodes)
    ties = [
        _tie(PartnershipForm.MOU, "2024-01-01"),
        Relationship(type=RelType.PARTNERS_WITH, source=new.id, target=COUNCIL.id),
        Relationship(type=RelType.PARTNERS_WITH, source="nobody", target=COUNCIL.id),
    ]
    assert dry.upsert_relationships(ties) == twin.upsert_relationships(ties)
    assert real.data_version() == version and real.get_node(new.id) is None
    # reads see the run's writes
    assert dry.get_node(new.id) == new and dry.existing_ids([new.id]) == {new.id: new.kind}
    changes = {(c.what, c.action, c.item): c for c in dry.changes}
    assert len(changes) == len(dry.changes) == 4
    council = changes[("node", "update", COUNCIL.id)]
    assert council.before == {"aliases": None} and council.after == {"aliases": ["สภาฯ"]}
    tie = next(c for c in dry.changes if c.what == "tie" and c.action == "update")
    assert tie.before == {"since": None} and tie.after["since"] == "2024-01-01"


def test_a_change_made_twice_in_one_run_is_listed_once(tmp_path: Path) -> None:
    real = SqliteStore(tmp_path / "a.sqlite")
    real.upsert_nodes([COUNCIL])
    dry = DryRun(real)
    dry.upsert_nodes([COUNCIL.model_copy(update={"aliases": ["หนึ่ง"]})])
    dry.upsert_nodes([COUNCIL.model_copy(update={"aliases": ["สอง"]})])
    dry.upsert_nodes([AGENCY])
    dry.upsert_nodes([AGENCY.model_copy(update={"name_en": "PAO"})])
    [council, agency] = dry.changes
    assert council.action == "update" and council.before == {"aliases": None}
    assert council.after == {"aliases": ["หนึ่ง", "สอง"]}
    assert agency.action == "create" and agency.before is None
    assert agency.after["name_en"] == "PAO"
