"""A graph walked forward from day to day (analysis/day_walk.py) is, on every day, the graph
`graph_as_of` builds for it: the same nodes, relationships and attributes in the same order
(nodes, each node's successors and predecessors, each pair's keys)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import networkx as nx
import pytest
from dated_graphs import P1, PAO, PLAN, dated_graph_with_plan, random_dated_graph

from partnernet.analysis.day_walk import DayWalk
from partnernet.analysis.timeline import dated_days, graph_as_of


def _identical(walked: nx.MultiDiGraph, built: nx.MultiDiGraph) -> None:
    assert list(walked.nodes(data=True)) == list(built.nodes(data=True))
    assert list(walked.edges(keys=True, data=True)) == list(built.edges(keys=True, data=True))
    for node in built:
        assert list(walked._pred[node]) == list(built._pred[node])
        assert list(walked._succ[node]) == list(built._succ[node])
    assert walked.graph == built.graph


def _forward_days(graph: nx.MultiDiGraph, seed: int) -> list[date]:
    """Dated days, their eves and random days in between, in increasing order, with a few
    repeated (a day asked twice) and long jumps (several changes at once)."""
    rng = random.Random(seed)
    found = dated_days(graph)
    days = {d for d in found for d in (d - timedelta(days=1), d) if rng.random() < 0.5}
    days |= {date(2014, 1, 1) + timedelta(days=rng.randint(0, 12 * 365)) for _ in range(15)}
    ordered = sorted(days)
    return sorted(ordered + rng.sample(ordered, 5))


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_every_day_walked_to_is_the_graph_built_for_it(seed: int) -> None:
    graph = random_dated_graph(seed)
    walk = DayWalk(graph)
    days = _forward_days(graph, seed)
    changed = 0
    previous: list[object] | None = None
    for day in days:
        walked = walk.on(day)
        _identical(walked, graph_as_of(graph, day))
        edges = list(walked.edges(keys=True))
        changed += previous is not None and edges != previous
        previous = edges
    assert changed > 10  # the days really differ


def test_the_hand_made_days_and_a_proposal_answered_later() -> None:
    graph = dated_graph_with_plan()
    walk = DayWalk(graph)
    for day in sorted({*dated_days(graph), date(2010, 1, 1), date(2030, 1, 1)}):
        for each in (day - timedelta(days=1), day):
            _identical(walk.on(each), graph_as_of(graph, each))
    # Sent 2022-12-01, answered 2023-09-01: submitted in between, acknowledged after.
    walk = DayWalk(graph)
    assert P1 not in walk.on(date(2022, 10, 1))
    assert walk.on(date(2023, 1, 1)).nodes[P1]["status"] == "submitted"
    assert not walk.on(date(2023, 8, 31)).has_edge(P1, PLAN)
    assert walk.on(date(2023, 9, 1)).nodes[P1]["status"] == "in_plan"
    assert walk.on(date(2023, 9, 1)).has_edge(P1, PLAN)
    assert walk.on(date(2023, 9, 1)).has_edge(P1, PAO)


def test_an_earlier_day_is_built_again() -> None:
    graph = random_dated_graph()
    walk = DayWalk(graph)
    later, earlier = date(2024, 6, 1), date(2018, 3, 1)
    walk.on(later)
    _identical(walk.on(earlier), graph_as_of(graph, earlier))
    _identical(walk.on(later), graph_as_of(graph, later))


def test_the_source_graph_is_never_changed() -> None:
    graph = random_dated_graph()
    before = list(graph.edges(keys=True, data=True)), list(graph.nodes(data=True))
    walk = DayWalk(graph)
    for day in _forward_days(graph, 5):
        walk.on(day).nodes  # noqa: B018 - walked, not kept
    assert (list(graph.edges(keys=True, data=True)), list(graph.nodes(data=True))) == before
