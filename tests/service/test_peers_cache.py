"""Peer summaries kept in the store (both backends): stored on first use, reused while they
hold, recomputed after a write, on another day's ties, with another template or when the
stored entry is unreadable; and the answers never depend on which of those happened."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from partnernet.analysis.template import load_template
from partnernet.foundation import geography
from partnernet.graph.model import Agency, AgencyType, RecommendationDecision
from partnernet.graph.store import WHOLE_GRAPH, GraphStore, Scope
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service import analyses
from partnernet.service.demo import sample_dir
from partnernet.service.peers import (
    StoredSummaries,
    meta_key,
    region_summaries,
    template_fingerprint,
)
from partnernet.service.reading import province_cut

DAY = date(2024, 6, 1)
CHAIYAPHUM = "36"


@pytest.fixture
def loaded(store: GraphStore, tmp_path: Path) -> GraphStore:
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    return store


def _region() -> geography.Region:
    return geography.region_of(CHAIYAPHUM, load_template().region_system)


def _counting_reads(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many provinces each subgraph read asks for."""
    sizes: list[int] = []
    read = store.subgraph

    def counted(scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        sizes.append(len(scope.provinces or ()))
        return read(scope)

    monkeypatch.setattr(store, "subgraph", counted)
    return sizes


def test_first_analysis_stores_summaries_and_the_next_reads_only_the_province(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _counting_reads(loaded, monkeypatch)
    first = analyses.province_gaps(loaded, CHAIYAPHUM, today=DAY)
    region_size = len(geography.region_provinces(_region()))
    assert reads == [region_size]  # the region, once; the province is cut out of it
    raw = loaded.get_meta(meta_key(_region()))
    assert raw is not None
    stored = StoredSummaries.model_validate_json(raw)
    assert stored.data_version == loaded.data_version()
    assert stored.template == template_fingerprint(load_template())
    assert CHAIYAPHUM in stored.provinces and "40" in stored.provinces

    reads.clear()
    again = analyses.province_gaps(loaded, CHAIYAPHUM, today=DAY)
    assert reads == [1]
    assert again == first


def test_a_write_makes_them_stale_and_the_answer_follows_the_data(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    analyses.province_gaps(loaded, CHAIYAPHUM, today=DAY)
    loaded.upsert_nodes(
        [
            Agency(
                id="agency:test:36",
                name_th="หน่วยงานทดสอบ",
                type=AgencyType.OTHER,
                province_code="36",
            )
        ]
    )
    reads = _counting_reads(loaded, monkeypatch)
    analyses.province_gaps(loaded, CHAIYAPHUM, today=DAY)
    assert len(reads) == 1 and reads[0] > 1
    stored = StoredSummaries.model_validate_json(loaded.get_meta(meta_key(_region())) or "")
    assert stored.data_version == loaded.data_version()
    summary = stored.provinces[CHAIYAPHUM]
    other = summary.group("Agency", "other")
    assert other is not None and other.members >= 1


def test_a_planners_decision_keeps_them(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A decision is no tie, so it cannot change a summary: they are carried forward.
    first = analyses.province_analysis(loaded, CHAIYAPHUM)
    suggestion = first[1].recommendations[0]
    before = loaded.data_version()
    analyses.record_decision(
        loaded, suggestion.source, suggestion.target, RecommendationDecision.REJECTED
    )
    assert loaded.data_version() != before
    reads = _counting_reads(loaded, monkeypatch)
    _, after = analyses.province_analysis(loaded, CHAIYAPHUM)
    assert reads == [1]
    assert (suggestion.source, suggestion.target) not in {
        (r.source, r.target) for r in after.recommendations
    }


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"day": date(2021, 1, 1)}, id="a day the lapsed MOU was in force"),
        pytest.param({"entry": ""}, id="unreadable entry"),
        pytest.param({"template": True}, id="another template"),
    ],
)
def test_summaries_that_may_differ_are_recomputed(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch, change: dict[str, Any]
) -> None:
    template = load_template()
    region_summaries(loaded, _region(), template, DAY)
    if "entry" in change:
        loaded.set_meta(meta_key(_region()), change["entry"])
    if change.get("template"):
        template = template.model_copy(
            update={"gaps": template.gaps.model_copy(update={"peer_margin": 0.3})}
        )
    day = change.get("day", DAY)
    assert region_summaries(loaded, _region(), template, day).graph is not None
    # ... and then kept: the same call again reads nothing.
    assert region_summaries(loaded, _region(), template, day).graph is None


def test_the_province_cut_from_the_region_is_the_stores_province_scope(
    loaded: GraphStore,
) -> None:
    codes = frozenset(p.code for p in geography.region_provinces(_region()))
    region = loaded.subgraph(Scope(provinces=codes))
    for code in sorted(codes):
        cut = province_cut(region, code)
        read = loaded.subgraph(Scope(provinces=frozenset({code})))
        assert list(cut.nodes(data=True)) == list(read.nodes(data=True)), code
        assert list(cut.edges(keys=True, data=True)) == list(read.edges(keys=True, data=True))


def test_answers_are_the_same_with_stored_and_recomputed_summaries(loaded: GraphStore) -> None:
    for code in ("36", "40", "45"):
        loaded.set_meta(meta_key(_region()), "")
        fresh = analyses.province_analysis(loaded, code)
        kept = analyses.province_analysis(loaded, code)
        assert kept == fresh, code
