"""The projection walked forward from day to day (analysis/projection_walk.py) holds, on every
day, the pairs, weights (the same floats) and relation counts a fresh accumulation gives: the
day's direct ties in order, then the day's derived evidence; including pairs whose derived
evidence goes away and ties that end and start again."""

from __future__ import annotations

import random
from datetime import date, timedelta

from partnernet.analysis.projection import Accumulator
from partnernet.analysis.projection_walk import Pieces, ProjectionWalk, Weighed

ORGS = [f"org:{i}" for i in range(7)]
# Weights whose sums depend on their order: 0.1 + 0.2 + 0.7 is not 0.7 + 0.1 + 0.2.
WEIGHTS = (0.1, 0.2, 0.7, 1.0, 0.3)


def _weighed(rng: random.Random) -> list[Weighed]:
    found: list[Weighed] = []
    for _ in range(60):
        a, b = rng.sample(ORGS, 2)
        first = "" if rng.random() < 0.2 else f"{rng.randint(2016, 2024)}-0{rng.randint(1, 9)}-01"
        end = "~" if rng.random() < 0.5 else f"{rng.randint(2017, 2025)}-0{rng.randint(1, 9)}-15"
        rel = rng.choice(["PARTNERS_WITH", "MEMBER_OF", "FUNDS"])
        found.append((first, end, a, b, rel, rng.choice(WEIGHTS)))
    return found


def _derived(rng: random.Random) -> Pieces:
    pieces = Pieces()
    for _ in range(rng.randint(0, 8)):
        a, b = rng.sample(ORGS, 2)
        pieces.add(a, b, rng.choice(["co_participation", "proposal_channel"]), rng.choice(WEIGHTS))
    return pieces


def _fresh(weighed: list[Weighed], derived: Pieces, when: str) -> dict[tuple[str, str], object]:
    acc = Accumulator()
    for first, end, a, b, rel, weight in weighed:
        if first <= when < end:
            acc.add(a, b, rel, weight)
    for (a, b), pieces in derived.pieces.items():
        for rel, weight in pieces:
            acc.add(a, b, rel, weight)
    return {
        pair: (acc.weight[pair], dict(sorted(counts.items())) if len(counts) > 1 else counts)
        for pair, counts in acc.relations.items()
    }


def _held(walk_graph: object) -> dict[tuple[str, str], object]:
    import networkx as nx

    assert isinstance(walk_graph, nx.Graph)
    return {
        (a, b) if a < b else (b, a): (d["weight"], d["relations"])
        for a, b, d in walk_graph.edges(data=True)
    }


def test_every_day_holds_what_a_fresh_projection_holds() -> None:
    for seed in range(8):
        rng = random.Random(seed)
        weighed = _weighed(rng)
        walk = ProjectionWalk(ORGS, weighed)
        day = date(2015, 1, 1)
        days = []
        while day < date(2026, 1, 1):
            days.append(day.isoformat())
            day += timedelta(days=rng.randint(20, 400))
        days += [days[-1], days[2], days[5]]  # asked again; then earlier: starts again
        for when in days:
            derived = _derived(rng)  # derived evidence comes and goes
            graph = walk.on(when, derived)
            assert list(graph.nodes) == ORGS
            assert _held(graph) == _fresh(weighed, derived, when), (seed, when)
