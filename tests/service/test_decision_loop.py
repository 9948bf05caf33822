"""The planner's loop end to end, on both stores (the `store` fixture: SQLite, and Neo4j under
the `neo4j` marker): ingest -> recommend -> accept -> gap planned, no alternative candidates ->
ingest the real tie -> gap gone, decision realised -> the tie lapses -> gap open again;
reject -> never suggested, never exported as a tie; undo -> as before. Also: names for ids,
ambiguity, and that a decision does not cost the region's peer summaries."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest

from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.graph.model import RelType
from partnernet.graph.store import WHOLE_GRAPH, GraphStore, Scope
from partnernet.service import analyses, decisions, exports
from partnernet.service.demo import sample_dir
from partnernet.service.ingest import ingest_files

NON_THON = "council:subdistrict:400118"
SAO = "agency:sao:400118"  # Non Thon's own SAO: the closest candidate for local government
BAN_PET_MUNI = "agency:municipality:400115:เทศบาลตำบลบ้านเป็ด"  # same district: farther fit
UNLINKED = "subdistrict_council_unlinked_local_government"
TODAY = date.today()


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    ingest_files(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    return store


def _ingest_tie(store: GraphStore, tmp_path: Path, since: date, until: date | None) -> None:
    path = tmp_path / f"tie-{until}.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target", "type", "form", "since", "until"])
        writer.writerow([NON_THON, SAO, "PARTNERS_WITH", "mou", since.isoformat(), until or ""])
    report = ingest_files(store, [path])
    assert report.rejected == 0


def _gap_status(store: GraphStore) -> list[str]:
    report = analyses.province_gaps(store, "40")
    return [g.status for g in report.gaps if g.kind == UNLINKED and NON_THON in g.subjects]


def _suggested(store: GraphStore) -> list[str]:
    report = analyses.recommendations(store, org_id=NON_THON, top=50)
    return [r.target for r in report.recommendations]


def _status(store: GraphStore) -> str:
    [found] = [d for d in decisions.list_decisions(store, "40") if d.target == SAO]
    return found.status.value


def test_the_planners_loop(loaded: GraphStore, tmp_path: Path) -> None:
    assert _gap_status(loaded) == ["open"]
    suggested = _suggested(loaded)
    assert suggested[0] == SAO and BAN_PET_MUNI in suggested

    decided_on = TODAY - timedelta(days=30)
    found = decisions.decide(
        loaded, NON_THON, SAO, "accepted", decided_by="planner", decided_on=decided_on
    )
    assert found.status.value == "planned"
    assert found.role == "local_government" and found.gap_kind == UNLINKED
    assert found.score is not None and found.score > 0  # the CLI's decision carries the score
    assert _gap_status(loaded) == ["planned"]
    suggested = _suggested(loaded)
    assert SAO not in suggested and BAN_PET_MUNI not in suggested

    _ingest_tie(loaded, tmp_path, since=decided_on + timedelta(days=10), until=None)
    assert _gap_status(loaded) == []
    assert _status(loaded) == "realised"

    _ingest_tie(
        loaded, tmp_path, since=decided_on + timedelta(days=10), until=TODAY - timedelta(days=1)
    )
    assert _gap_status(loaded) == ["open"]
    assert _status(loaded) == "lapsed"


def test_reject_is_never_suggested_nor_exported_and_undo_restores(
    loaded: GraphStore, tmp_path: Path
) -> None:
    found = decisions.decide(loaded, NON_THON, SAO, "rejected", note="ไม่สะดวก")
    assert found.status.value == "rejected"
    assert SAO not in _suggested(loaded)
    assert _gap_status(loaded) == ["open"]
    for fmt in ("gexf", "graphml"):
        [path] = exports.export(loaded, fmt, tmp_path / f"kk.{fmt}", province="40")
        read = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
        assert RelType.RECOMMENDED.value not in {
            str(d.get("type")) for *_, d in read.edges(data=True)
        }
        assert read.nodes[NON_THON]["rejected_partners"] == SAO
    [book] = exports.export(loaded, "xlsx", tmp_path / "kk.xlsx", province="40")
    from openpyxl import load_workbook

    sheets = load_workbook(book)
    assert "RECOMMENDED" not in {row[2] for row in sheets["edges"].iter_rows(values_only=True)}
    assert [r[:2] for r in sheets["decisions"].iter_rows(min_row=2, values_only=True)] == [
        (NON_THON, SAO)
    ]

    undone = decisions.decide(loaded, SAO, NON_THON, "undo", decided_by="planner")
    assert undone.status.value == "undone"
    assert (undone.source, undone.target) == (NON_THON, SAO)  # the stored pair, either way
    assert _suggested(loaded)[0] == SAO
    assert [(d.decision, d.status.value) for d in decisions.list_decisions(loaded)] == [
        ("undone", "undone")
    ]


def test_names_stand_for_ids_and_ambiguity_lists_the_candidates(loaded: GraphStore) -> None:
    found = decisions.decide(
        loaded, "สภาองค์กรชุมชนตำบลโนนท่อน", "องค์การบริหารส่วนตำบลโนนท่อน", "accepted"
    )
    assert (found.source, found.target) == (NON_THON, SAO)
    with pytest.raises(InvalidInput, match=r"council:subdistrict:\d+ \("):
        decisions.decide(loaded, "สภาองค์กรชุมชนตำบล", SAO, "accepted")
    with pytest.raises(decisions.UnknownOrganisation):
        decisions.decide(loaded, "no such organisation", SAO, "accepted")
    with pytest.raises(NotFound, match="no decision to undo"):
        decisions.decide(loaded, NON_THON, BAN_PET_MUNI, "undo")
    with pytest.raises(InvalidInput):
        decisions.decide(loaded, NON_THON, SAO, "maybe")


def test_a_decision_does_not_recompute_the_regions_peer_summaries(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    analyses.province_analysis(loaded, "40")  # summaries computed and kept
    decisions.decide(loaded, NON_THON, SAO, "accepted")
    decisions.decide(loaded, NON_THON, BAN_PET_MUNI, "rejected")
    decisions.decide(loaded, NON_THON, BAN_PET_MUNI, "undo")
    reads: list[int] = []
    read = loaded.subgraph

    def counted(scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        reads.append(len(scope.provinces or ()))
        return read(scope)

    monkeypatch.setattr(loaded, "subgraph", counted)
    gaps, _ = analyses.province_analysis(loaded, "40")
    assert reads == [1]  # the province alone: the region's summaries were carried forward
    assert [g.status for g in gaps.gaps if g.kind == UNLINKED] == ["planned"]
