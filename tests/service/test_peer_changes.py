"""A small edit refreshes only the provinces it touched (both backends): after random small
edits through the service's write paths, the region's summaries brought forward equal a full
recompute from a read of the region, without that read; a write that does not say what it
touched, a concurrent write or a template with derived ties still recompute the region."""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.peers import PeerSummary, summarise_provinces
from partnernet.analysis.template import Template, load_template
from partnernet.foundation import geography
from partnernet.foundation.errors import Conflict
from partnernet.graph.model import (
    ORGANIZATION_KINDS,
    Agency,
    AgencyType,
    Node,
    Relationship,
    RelType,
)
from partnernet.graph.store import WHOLE_GRAPH, GraphStore, Scope
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service import analyses, audit, edit, peer_changes, records
from partnernet.service.demo import sample_dir
from partnernet.service.peers import StoredSummaries, meta_key, region_summaries

DAY = date(2024, 6, 1)
CONTEXT = audit.AuditContext(who="test", source="tests/service/test_peer_changes.py")
KHON_KAEN = "40"
TIES = (RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.SUPPORTS, RelType.FUNDS)


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    return store


def _region() -> geography.Region:
    return geography.region_of(KHON_KAEN, load_template().region_system)


def _codes() -> tuple[str, ...]:
    return tuple(p.code for p in geography.region_provinces(_region()))


def _full(store: GraphStore, template: Template, day: date = DAY) -> dict[str, PeerSummary]:
    """What a full recompute gives: the summaries from one read of the whole region."""
    graph = store.subgraph(Scope(provinces=frozenset(_codes())))
    return summarise_provinces(PartnershipIndex(graph, template, as_of=day), _codes())


def _stored(store: GraphStore) -> StoredSummaries:
    return StoredSummaries.model_validate_json(store.get_meta(meta_key(_region())) or "")


def _orgs(store: GraphStore) -> list[Node]:
    return [n for kind in sorted(ORGANIZATION_KINDS) for n in store.iter_nodes(kind)]


def _random_edit(store: GraphStore, rng: random.Random, step: int) -> str:
    """One small edit through `service.records`, as the API's POST / PATCH make them."""
    orgs = _orgs(store)
    what = rng.choice(("tie", "tie", "tie", "agency", "retype", "move", "issue", "undo", "form"))
    if what == "tie":
        source, target = rng.sample(orgs, 2)
        since = rng.choice((None, DAY - timedelta(days=400), DAY + timedelta(days=20)))
        until = rng.choice((None, DAY - timedelta(days=5), DAY + timedelta(days=90)))
        if since is not None and until is not None and until < since:
            since = None
        rel = Relationship(
            type=rng.choice(TIES), source=source.id, target=target.id, since=since, until=until
        )
        records.write_relationship(store, rel)
    elif what == "agency":
        code = rng.choice(_codes())
        records.create_organization(
            store,
            {
                "kind": "agency",
                "name_th": f"หน่วยงานทดสอบ {step}",
                "type": "other",
                "province": code,
            },
        )
    elif what == "retype":
        agency = rng.choice([n for n in orgs if isinstance(n, Agency)])
        records.update_organization(store, agency.id, {"type": rng.choice(list(AgencyType))})
    elif what in ("move", "form"):
        # An organisation known only by its province moves to another one of the region.
        movable = [
            n
            for n in orgs
            if getattr(n, "province_code", None)
            and not getattr(n, "district_code", None)
            and not getattr(n, "subdistrict_code", None)
        ]
        node = rng.choice(movable)
        if what == "move":
            records.update_organization(store, node.id, {"province_code": rng.choice(_codes())})
        else:  # the web form: the node set to exactly the form's values (restore_node)
            values = edit.form_values(store, node)
            values["province"] = rng.choice(_codes())
            edit.edit_organization(store, node.id, values, CONTEXT)
    elif what == "undo":  # the audit trail's undo of the newest entry (restore_*)
        _, newest = audit.list_audit(store, limit=1)
        if newest:
            with contextlib.suppress(Conflict):
                audit.undo(store, newest[0].id, CONTEXT)
    else:
        records.update_organization(store, rng.choice(orgs).id, {}, issues=["housing"])
    return what


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_small_edits_refresh_only_their_provinces_and_equal_a_full_recompute(
    loaded: GraphStore, seed: int
) -> None:
    rng = random.Random(seed)
    template = load_template()
    region_summaries(loaded, _region(), template, DAY)  # stored, as the planner's last analysis
    brought_forward = 0
    for step in range(8):
        edits = [_random_edit(loaded, rng, step) for _ in range(rng.choice((1, 1, 2)))]
        found = region_summaries(loaded, _region(), template, DAY)
        assert found.summaries == _full(loaded, template), (step, edits)
        stored = _stored(loaded)
        assert stored.data_version == loaded.data_version()
        assert stored.provinces == found.summaries
        if found.graph is None:  # brought forward: only the touched provinces were read
            brought_forward += 1
            assert len(found.refreshed) * 2 <= len(_codes())
    # Ties and new organisations touch one or two provinces: most edits are brought forward.
    assert brought_forward >= 5


def test_a_tie_reads_only_its_provinces_and_the_analysis_reuses_that_read(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = analyses.province_analysis(loaded, KHON_KAEN, today=DAY)
    suggestion = before[1].recommendations[0]
    records.write_relationship(
        loaded,
        Relationship(
            type=RelType.PARTNERS_WITH, source=suggestion.source, target=suggestion.target
        ),
    )
    sizes: list[int] = []
    read = loaded.subgraph

    def counted(scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        sizes.append(len(scope.provinces or ()))
        return read(scope)

    monkeypatch.setattr(loaded, "subgraph", counted)
    after = analyses.province_analysis(loaded, KHON_KAEN, today=DAY)
    touched = {
        getattr(loaded.get_node(n), "province_code", None)
        for n in (suggestion.source, suggestion.target)
    } - {None}
    assert sizes == [1] * len(touched)  # each touched province read once, not the region
    monkeypatch.undo()
    loaded.set_meta(meta_key(_region()), "")  # the same analysis after a full recompute
    assert after == analyses.province_analysis(loaded, KHON_KAEN, today=DAY)
    assert after != before  # the tie is in the answer


def test_a_tie_that_starts_later_narrows_the_days_they_hold_for(loaded: GraphStore) -> None:
    template = load_template()
    region_summaries(loaded, _region(), template, DAY)
    starts = DAY + timedelta(days=30)
    records.write_relationship(
        loaded,
        Relationship(
            type=RelType.PARTNERS_WITH,
            source="council:subdistrict:400103",
            target="agency:sao:400105",
            since=starts,
        ),
    )
    assert region_summaries(loaded, _region(), template, DAY).graph is None
    stored = _stored(loaded)
    assert stored.valid_to is not None and stored.valid_to < starts
    # On the day it starts the summaries are recomputed, and count it.
    later = region_summaries(loaded, _region(), template, starts)
    assert later.summaries == _full(loaded, template, starts)


def test_a_write_that_does_not_say_what_it_touched_recomputes_the_region(
    loaded: GraphStore,
) -> None:
    template = load_template()
    region_summaries(loaded, _region(), template, DAY)
    records.write_relationship(
        loaded,
        Relationship(
            type=RelType.SUPPORTS, source="agency:pao:40", target="council:subdistrict:400103"
        ),
    )
    # Straight to the store: a hole in the change log.
    loaded.upsert_nodes(
        [Agency(id="agency:test:40", name_th="ทดสอบ", type=AgencyType.OTHER, province_code="45")]
    )
    found = region_summaries(loaded, _region(), template, DAY)
    assert found.graph is not None and found.summaries == _full(loaded, template)


def test_a_write_between_the_steps_of_a_recorded_one_leaves_no_entry(
    loaded: GraphStore,
) -> None:
    start = loaded.data_version()
    with peer_changes.recording(loaded) as tracked:
        tracked.upsert_relationships(
            [
                Relationship(
                    type=RelType.SUPPORTS, source="agency:pao:40", target="agency:sao:400103"
                )
            ]
        )
        # Another writer (here: the raw store) in the middle of it.
        loaded.upsert_nodes(
            [
                Agency(
                    id="agency:test:45", name_th="ทดสอบ", type=AgencyType.OTHER, province_code="45"
                )
            ]
        )
    assert loaded.data_version() == start + 2
    assert peer_changes.touched_between(loaded, start, loaded.data_version()) is None


def test_recorded_writes_chain_and_nest(loaded: GraphStore) -> None:
    start = loaded.data_version()
    records.write_relationship(
        loaded,
        Relationship(type=RelType.SUPPORTS, source="agency:pao:40", target="agency:sao:400103"),
    )
    # One call writing a node and its issue (nested recorded writes: one entry).
    records.update_organization(loaded, "cso:45:สภาสาเกตุนคร", {}, issues=["land"])
    touched = peer_changes.touched_between(loaded, start, loaded.data_version())
    assert touched == {"40", "45"}  # the council's partners are not touched: it is unchanged
    # The sample's load before them was not recorded: nothing is known from before it.
    assert peer_changes.touched_between(loaded, start - 1, loaded.data_version()) is None


def test_a_template_with_derived_ties_recomputes_the_region(loaded: GraphStore) -> None:
    template = load_template()
    derived = template.model_copy(
        update={"ties": template.ties.model_copy(update={"co_participation": 0.5})}
    )
    region_summaries(loaded, _region(), derived, DAY)
    records.write_relationship(
        loaded,
        Relationship(type=RelType.SUPPORTS, source="agency:pao:40", target="agency:sao:400103"),
    )
    found = region_summaries(loaded, _region(), derived, DAY)
    assert found.graph is not None and found.summaries == _full(loaded, derived)
