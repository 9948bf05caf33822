"""Past days' peer summaries kept per region (service/past_peers.py): a province's figures and
gaps of a day from its own graph and its peers' summaries are those of the region's graph and
of `gaps --as-of` (on a synthetic dated network), and a trend asks the region only once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import networkx as nx
import pytest

from partnernet.analysis.day_states import DayStates
from partnernet.analysis.template import load_template
from partnernet.analysis.timeline import diff_graphs
from partnernet.foundation import geography
from partnernet.graph.model import Agency, AgencyType
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import WHOLE_GRAPH, GraphStore, Scope
from partnernet.service import analyses, history, past_peers
from partnernet.service.past_peers import PastPeers
from partnernet.synth.generate import generate, model_objects

DAYS = (date(2014, 6, 30), date(2019, 12, 31), date(2024, 3, 31))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path_factory.mktemp("past") / "s.sqlite")
    nodes, relationships = model_objects(generate("S", 1))
    store.upsert_nodes(nodes)
    store.upsert_relationships(relationships)
    yield store
    store.close()


def _largest(store: GraphStore) -> str:
    counts: dict[str, int] = {}
    for _, code in store.subgraph().nodes(data="province_code"):
        if code:
            counts[str(code)] = counts.get(str(code), 0) + 1
    return max(sorted(counts), key=lambda c: counts[c])


def _region_read(store: GraphStore, code: str) -> history.ScopeRead:
    """The province inside its whole region's graph, no kept summaries (the reference)."""
    template = load_template()
    peers = geography.region_provinces(geography.region_of(code, template.region_system))
    codes = tuple(p.code for p in peers)
    graph = store.subgraph(Scope(provinces=frozenset(codes)))
    core = {n for n, p in graph.nodes(data="province_code") if p == code}
    return history.ScopeRead(f"province:{code}", graph, core, {code}, (code,), codes)


def test_a_province_of_a_day_from_kept_summaries_equals_its_region(
    synthetic: SqliteStore,
) -> None:
    template = load_template()
    code = _largest(synthetic)
    own = history.read_scope(synthetic, province=code, template=template)
    whole = _region_read(synthetic, code)
    assert own.graph.number_of_nodes() < whole.graph.number_of_nodes()
    states = {}
    own_days, whole_days = DayStates(own.graph, own.core), DayStates(whole.graph, whole.core)
    for day in DAYS:
        s_own = history._state(own, own_days, template, day)
        s_all = history._state(whole, whole_days, template, day)
        g_own, f_own, gaps_own = s_own.graph, s_own.figures, s_own.gaps
        g_all, f_all, gaps_all = s_all.graph, s_all.figures, s_all.gaps
        assert f_own == f_all
        # The same gaps; their texts are those of `gaps --as-of` (which also reads the
        # province alone: its candidates are the province's, not the whole region's).
        assert [history._gap_key(g) for g in gaps_own] == [history._gap_key(g) for g in gaps_all]
        reference = analyses.province_gaps(synthetic, code, as_of=day).gaps
        assert [(g.kind, g.subjects, g.explanation_th) for g in gaps_own] == [
            (g.kind, g.subjects, g.explanation_th) for g in reference
        ]
        states[day] = (g_own, g_all)
    assert f_all.ties > 0 and f_all.open_gaps is not None
    first, last = DAYS[0], DAYS[-1]
    changes_own = diff_graphs(states[first][0], states[last][0], core=own.core, provinces={code})
    changes_all = diff_graphs(states[first][1], states[last][1], core=whole.core, provinces={code})
    assert changes_own == changes_all
    assert changes_own.ties_added  # the synthetic ties start over the years


def test_a_trend_reads_the_region_only_the_first_time(
    synthetic: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _largest(synthetic)
    sizes: list[int] = []
    read = synthetic.subgraph

    def counted(scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        sizes.append(len(scope.provinces or ()))
        return read(scope)

    monkeypatch.setattr(synthetic, "subgraph", counted)
    args = {"by": "year", "start": date(2016, 1, 1), "end": date(2020, 12, 31), "province": code}
    first = history.trend(synthetic, **args)  # type: ignore[arg-type]
    assert sorted(sizes) == [1, max(sizes)] and max(sizes) > 1  # the province, the region once
    sizes.clear()
    again = history.trend(synthetic, **args)  # type: ignore[arg-type]
    assert sizes == [1]
    assert again == first


def test_kept_days_are_bounded_and_a_write_makes_them_stale(
    synthetic: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(past_peers, "KEPT", 4)
    template = load_template()
    code = _largest(synthetic)
    region = geography.region_of(code, template.region_system)
    past = PastPeers(synthetic, region, template)
    days = [date(2012 + i, 1, 1) for i in range(6)]
    for day in days:
        past.summaries(day)
    assert past.computed == 6
    index = past._index()
    assert len(index.spans) == 4 and len({s.slot for s in index.spans}) == 4
    again = PastPeers(synthetic, region, template)
    again.summaries(days[-1])
    again.summaries(days[2])  # the four last days are kept
    assert again.computed == 0
    again.summaries(days[0])  # the first two were replaced
    assert again.computed == 1
    synthetic.upsert_nodes(
        [Agency(id="agency:sao:test-new", name_th="อบต.ทดสอบ", type=AgencyType.SAO,
                province_code=code)]
    )  # fmt: skip
    after = PastPeers(synthetic, region, template)
    assert after.version != past.version
    after.summaries(days[-1])
    assert after.computed == 1  # a write: kept days no longer hold


def test_a_process_remembers_the_days_it_has_seen(
    synthetic: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day already read or computed is not fetched from the store again (on Neo4j a round
    trip with the region's JSON); another store, another region or a write does not share it."""
    template = load_template()
    code = _largest(synthetic)
    region = geography.region_of(code, template.region_system)
    day = date(2017, 7, 1)
    first = PastPeers(synthetic, region, template).summaries(day)
    fetched: list[str] = []
    get_meta = synthetic.get_meta

    def counted(key: str) -> str | None:
        fetched.append(key)
        return get_meta(key)

    monkeypatch.setattr(synthetic, "get_meta", counted)
    again = PastPeers(synthetic, region, template)
    assert again.summaries(day) == first and fetched == [] and again.computed == 0
    other = next(r for r in geography.regions(template.region_system) if r.key != region.key)
    PastPeers(synthetic, other, template).summaries(day)
    assert fetched  # another region's days are its own
