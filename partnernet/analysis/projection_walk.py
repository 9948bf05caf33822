"""The partnership projection of days asked in increasing order, one graph changed in place.

A trend projects the scope's ties once a day (`projection.project_edges`): every pair of
organisations summed and written again, though from one year to the next a tenth of the
direct ties start or end. Here the direct ties are filed under the days they start and end
(`DayStates._weighed_by`: weighed once), and moving to a later day recomputes only the pairs
whose ties changed, plus the pairs the derived evidence (events, proposals, persons: a few
thousand relationships, gathered afresh each day) touches on either day. A pair's weight is
summed in the order `project_edges` sums it (its direct ties in graph order, then the derived
evidence), so every weight is the same float.

What differs from `project_edges`: a pair that appears after the first day is appended to its
organisations' adjacency instead of sorted in. Nothing that reads the projection depends on
that order (neighbours are sorted where it matters); tests/analysis/test_day_states.py holds
the indexes of every day equal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from partnernet.analysis.day_events import DayEvents
from partnernet.analysis.projection import Accumulator

Pair = tuple[str, str]
Piece = tuple[str, float]  # relation, weight
# first day, end, source, target, relation, weight (`DayStates._weighed_by`)
Weighed = tuple[str, str, str, str, str, float]


class Pieces(Accumulator):
    """An accumulator that keeps each piece of evidence per pair, in the order added."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: dict[Pair, list[Piece]] = {}

    def add(self, a: str, b: str, relation: str, weight: float) -> None:
        if a == b:
            return
        pair = (a, b) if a < b else (b, a)
        found = self.pieces.get(pair)
        if found is None:
            self.pieces[pair] = [(relation, weight)]
        else:
            found.append((relation, weight))


class ProjectionWalk:
    """`project_edges` of one scope's days, asked in increasing order; `on` returns the
    walk's own graph, changed by the next call. An earlier day starts again."""

    def __init__(self, organisations: Iterable[str], weighed: list[Weighed]) -> None:
        self._organisations = list(organisations)
        self._weighed = weighed
        self._by_pair: dict[Pair, list[int]] = defaultdict(list)
        self._events: DayEvents[Pair] = DayEvents()
        for i, (first, end, source, target, _, _) in enumerate(weighed):
            if source == target:
                continue  # no evidence (`Accumulator.add`)
            pair = (source, target) if source < target else (target, source)
            self._by_pair[pair].append(i)
            if first:
                self._events.add(first, pair)
            self._events.add(end, pair)  # "~": never reached by a day
        self._graph: nx.Graph | None = None
        self._when = ""
        self._direct: dict[Pair, list[Piece]] = {}
        self._written: dict[Pair, list[Piece]] = {}  # every pair's pieces in the graph
        self._grouped: set[Pair] = set()  # pairs with derived evidence on the last day

    def on(self, when: str, derived: Pieces) -> nx.Graph:
        """The projection on the ISO day `when`, given the day's derived evidence."""
        if self._graph is None or when < self._when:
            self._graph = nx.Graph()
            self._graph.add_nodes_from(self._organisations)
            self._direct, self._written, self._grouped = {}, {}, set()
            changed: Iterable[Pair] = self._by_pair
        else:
            changed = set(self._events.between(self._when, when))
        for pair in changed:
            pieces = [
                (rel, weight)
                for first_day, end, _, _, rel, weight in map(
                    self._weighed.__getitem__, self._by_pair[pair]
                )
                if first_day <= when < end
            ]
            if pieces:
                self._direct[pair] = pieces
            else:
                self._direct.pop(pair, None)
        # Pairs with derived evidence yesterday or today, besides those whose ties changed.
        touched = {*changed, *derived.pieces, *self._grouped}
        self._grouped = set(derived.pieces)
        self._write(sorted(touched), derived.pieces)
        self._when = when
        return self._graph

    def _write(self, pairs: list[Pair], derived: dict[Pair, list[Piece]]) -> None:
        adj = self._graph._adj  # type: ignore[union-attr]
        written = self._written
        for pair in pairs:
            pieces = self._direct.get(pair, []) + derived.get(pair, [])
            if written.get(pair, []) == pieces:
                continue
            a, b = pair
            if not pieces:
                del adj[a][b], adj[b][a], written[pair]
                continue
            written[pair] = pieces
            weight = 0.0  # summed as `Accumulator.add` sums: from 0.0, in order
            counts: dict[str, int] = {}
            for rel, value in pieces:
                weight += value
                counts[rel] = counts.get(rel, 0) + 1
            if len(counts) > 1:
                counts = dict(sorted(counts.items()))
            adj[a][b] = adj[b][a] = {"weight": weight, "relations": counts}
