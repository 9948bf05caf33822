"""Many days of one graph (analysis/day_states.py) answer what one full analysis per day
answers: the graph as of the day, its tie pairs, its partnership index, gaps and facts; on
the hand-made dated network and on a random dated region, days asked in any order."""

from __future__ import annotations

import random
from datetime import date, timedelta

import networkx as nx
import pytest
from dated_graphs import C1, C2, CSO, PAO, SAO1, dated_graph, random_dated_graph

from partnernet.analysis.day_states import DayStates
from partnernet.analysis.gap_index import PartnershipIndex, province_facts
from partnernet.analysis.gaps import gaps_from_index
from partnernet.analysis.template import Ties, load_template
from partnernet.analysis.timeline import dated_days, graph_as_of, tie_pairs


def _core(graph: nx.MultiDiGraph, code: str) -> set[str]:
    return {n for n, p in graph.nodes(data="province_code") if p == code}


def _days(graph: nx.MultiDiGraph, count: int, seed: int) -> list[date]:
    """Every dated day's eve, the day itself, and random days: in a shuffled order."""
    rng = random.Random(seed)
    found = dated_days(graph)
    days = [d for d in found for d in (d - timedelta(days=1), d)]
    days = rng.sample(days, min(count, len(days)))
    days += [date(2015, 1, 1) + timedelta(days=rng.randint(0, 11 * 365)) for _ in range(10)]
    rng.shuffle(days)
    return days


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(
        b.edges(keys=True, data=True), key=repr
    )


def _same_index(fast: PartnershipIndex, slow: PartnershipIndex) -> None:
    assert sorted(fast.ties.edges(data=True)) == sorted(slow.ties.edges(data=True))
    assert list(fast.ties.nodes) == list(slow.ties.nodes)
    assert dict(fast.buckets()) == dict(slow.buckets())
    assert dict(fast.subtype_buckets()) == dict(slow.subtype_buckets())
    for node in slow.graph:
        assert fast.issues_of(node) == slow.issues_of(node)
        assert fast.place(node) == slow.place(node)
        assert fast.kind(node) == slow.kind(node)


def test_the_hand_made_days_have_their_known_ties() -> None:
    states = DayStates(dated_graph())
    assert set(states.tie_pairs(date(2019, 12, 31))) == {(PAO, C1)}
    assert set(states.tie_pairs(date(2022, 10, 1))) == {(PAO, C1)}  # lapsed on its until
    renewed = states.tie_pairs(date(2023, 6, 1))
    assert set(renewed) == {(PAO, C1), (SAO1, C1), (C2, CSO)}
    # Renewed: on 2023-06-01 the pair is tied by the second relationship, not the first.
    assert renewed[(SAO1, C1)] == {("PARTNERS_WITH", SAO1, C1)}
    assert states.tie_pairs(date(2021, 1, 1))[(SAO1, C1)] == {("PARTNERS_WITH", C1, SAO1)}


@pytest.mark.parametrize("name", ["hand-made", "random"])
@pytest.mark.parametrize("mix", ["shipped", "events and proposals count"])
@pytest.mark.parametrize("walk", [False, True], ids=["any order", "walked forward"])
def test_every_day_answers_as_its_own_full_analysis(name: str, mix: str, walk: bool) -> None:
    graph = dated_graph() if name == "hand-made" else random_dated_graph()
    code = "40"
    core = _core(graph, code)
    template = load_template()
    if mix != "shipped":  # forums and proposals exist from their days: ties through them too
        ties = Ties(co_participation=0.5, proposal_channel=0.5)
        template = template.model_copy(update={"ties": ties})
    states = DayStates(graph, core, walk=walk)
    days = _days(graph, 40, seed=3)
    if walk:  # a trend's days: increasing, one asked twice; then earlier ones start again
        days = [*sorted(days), max(days), *days[:3]]
    assert len(set(days)) > 20 if name == "random" else len(set(days)) > 10
    changed = 0
    previous: dict[tuple[str, str], set[tuple[str, str, str]]] | None = None
    for day in days:
        slow_graph = graph_as_of(graph, day)
        _same_graph(states.graph_on(day), slow_graph)
        pairs = states.tie_pairs(day)
        assert pairs == tie_pairs(slow_graph, core)
        changed += previous is not None and pairs != previous
        previous = {pair: set(keys) for pair, keys in pairs.items()}  # walking: changes
        fast = states.index(day, template)
        slow = PartnershipIndex(slow_graph, template, as_of=day)
        _same_index(fast, slow)
        assert province_facts(fast, code) == province_facts(slow, code)
        peers = ("40", "44", "45", "46")
        assert gaps_from_index(fast, code, today=day, peers=peers) == gaps_from_index(
            slow, code, today=day, peers=peers
        )
    assert changed > 5  # the days really differ
    assert states.days() == dated_days(graph)


def test_the_days_of_one_span_share_one_graph() -> None:
    graph = random_dated_graph()
    states = DayStates(graph)
    days = dated_days(graph)
    first, nxt = days[3], days[4]
    inside = first + (nxt - first) // 2
    assert states.span(first) == states.span(inside) != states.span(nxt)
    assert states.graph_on(first) is states.graph_on(inside)
    _same_graph(states.graph_on(inside), graph_as_of(graph, inside))
