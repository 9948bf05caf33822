"""One graph as of a day, moved forward from one day to the next instead of rebuilt.

`trend` asks ten or forty days in order, and `graph_as_of` walks every relationship of the
scope for each of them (a tenth of a second per day on the largest national province). Yet
between two days only what is dated in between changes: a node's presence and a proposal's
status, and a relationship's presence and attributes, depend only on which of their dates are
on or before the day (`timeline.graph_as_of`'s rules):

- a node on its birth day (`born_on`); a proposal also on its submissions' `on` and
  `responded_on` (its status on the day);
- a relationship on its `since`, `until`, `on`, `responded_on`, `decided_on`, the first day of
  a yearly tie's `year`, its two ends' birth days, and an ADOPTED_IN on its proposal's
  status days.

So every node and relationship is filed under those days, and moving from day `a` to a later
day `b` looks again only at what is filed under a day in (a, b]. The graph held is equal to
`graph_as_of(graph, b)` down to the order of nodes, neighbours and keys: the analyses read it
in graph order and their answers must be byte-identical, so a dict that had something
inserted is put back in the order `graph_as_of` gives. Asking an earlier day builds it again.

Like `graph_as_of` it assumes the stores' ISO dates (`dated_days` does too).
tests/analysis/test_day_walk.py holds it equal to `graph_as_of` on random dated graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from datetime import date
from typing import Any

import networkx as nx

from partnernet.analysis.day_events import DayEvents
from partnernet.analysis.timeline import (
    PROPOSAL_STATUS_DAYS,
    born_on,
    day_edge,
    day_nodes,
    graph_as_of,
    iso,
    proposal_status,
)
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph.model import NodeKind, RelType

_ADOPTED_IN = RelType.ADOPTED_IN.value
_SUBMITTED_TO = RelType.SUBMITTED_TO.value
_PROPOSAL = NodeKind.PROPOSAL.value
_YEARLY = frozenset({RelType.FUNDS.value, RelType.SUPPORTS.value})
_EDGE_DAYS = ("since", "until", "on", "responded_on", "decided_on")

Edge = tuple[str, str, str, Mapping[str, Any]]  # source, target, key, the source graph's data


class DayWalk:
    """`graph_as_of(graph, day)` for days asked in increasing order, one graph changed in
    place from each day to the next. The graph `on` returns is the walk's own: it changes at
    the next call (read what you need from it first; never change it yourself)."""

    @collector_paused()
    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.source = graph
        self._order = {node: i for i, node in enumerate(graph)}
        self._born: dict[str, str | None] = {}
        self._nodes: DayEvents[str] = DayEvents()
        self._edges: DayEvents[Edge] = DayEvents()
        status_days: dict[str, set[str]] = {}
        for node, attrs in graph.nodes(data=True):
            born = self._born[node] = born_on(attrs)
            days = set() if born is None else {born}
            if attrs.get("kind") == _PROPOSAL:
                found = status_days[node] = _status_days(graph, node)
                days |= found
            for day in days:
                self._nodes.add(day, node)
        for source, targets in graph._succ.items():
            for target, keyed in targets.items():
                for key, data in keyed.items():
                    days = _edge_days(data)
                    for end in (source, target):
                        if (born := self._born[end]) is not None:
                            days.add(born)
                    if key == _ADOPTED_IN and source in status_days:
                        days |= status_days[source]
                    for day in days:
                        self._edges.add(day, (source, target, key, data))
        self._graph: nx.MultiDiGraph | None = None
        self._when = ""
        self._reverted: set[str] = set()  # proposals whose status the day takes back

    def on(self, day: date) -> nx.MultiDiGraph:
        """The graph as of `day` (`graph_as_of(self.source, day)`)."""
        when = day.isoformat()
        if self._graph is None or when < self._when:
            self._graph = graph_as_of(self.source, day)
            self._reverted = set(day_nodes(self.source, when)[1])
        elif when > self._when:
            self._step(when)
        self._when = when
        return self._graph

    @collector_paused()
    def _step(self, when: str) -> None:
        graph = self._graph
        assert graph is not None
        nodes = dict.fromkeys(self._nodes.between(self._when, when))
        edges = {(s, t, k): d for s, t, k, d in self._edges.between(self._when, when)}
        if nodes:
            self._place(graph, nodes, when)
        succ, pred = graph._succ, graph._pred
        reorder_targets: set[str] = set()
        reorder_sources: set[str] = set()
        reorder_keys: set[tuple[str, str]] = set()
        present = graph._node
        for (source, target, key), data in edges.items():
            kept = (
                day_edge(source, key, data, when, self._reverted)
                if source in present and target in present
                else None
            )
            out = succ.get(source)
            keyed = out.get(target) if out is not None else None
            if kept is None:
                if keyed is not None and key in keyed:
                    del keyed[key]
                    if not keyed:
                        del out[target]
                        del pred[target][source]
                continue
            value = dict(kept) if kept is data else kept  # a copy, as graph_as_of makes
            if keyed is None:
                assert out is not None
                keyed = out[target] = pred[target][source] = graph.edge_key_dict_factory()
                reorder_targets.add(source)
                reorder_sources.add(target)
            elif key not in keyed:
                reorder_keys.add((source, target))
            keyed[key] = value
        original = self.source._succ
        for source in reorder_targets:
            if len(succ[source]) > 1:
                _reorder(succ[source], original[source])
        order = self._order
        for target in reorder_sources:
            if len(pred[target]) > 1:
                _reorder(pred[target], sorted(pred[target], key=order.__getitem__))
        for source, target in reorder_keys:
            _reorder(succ[source][target], original[source][target])

    def _place(self, graph: nx.MultiDiGraph, nodes: Iterable[str], when: str) -> None:
        """Nodes born by `when` join; proposals take the day's status."""
        added = False
        for node in nodes:
            born = self._born[node]
            if born is not None and born > when:
                continue  # filed under a later birth: not yet
            attrs = self.source._node[node]
            status = (
                proposal_status(self.source, node, attrs, when)
                if attrs.get("kind") == _PROPOSAL
                else None
            )
            if status is not None:
                self._reverted.add(node)
                attrs = {**attrs, "status": status}
            else:
                self._reverted.discard(node)
            if node not in graph._node:
                graph._succ[node] = graph.adjlist_inner_dict_factory()
                graph._pred[node] = graph.adjlist_inner_dict_factory()
                added = True
            graph._node[node] = dict(attrs)
        if added:  # put the nodes back in the source graph's order
            for table in (graph._node, graph._succ, graph._pred):
                _reorder(table, self.source._node)


def _status_days(graph: nx.MultiDiGraph, proposal: str) -> set[str]:
    """The days a proposal's status as of a day can change (its submissions' dates)."""
    found: set[str] = set()
    for _, _, key, data in graph.out_edges(proposal, keys=True, data=True):
        if key == _SUBMITTED_TO:
            found |= {d for name in PROPOSAL_STATUS_DAYS if (d := iso(data.get(name)))}
    return found


def _edge_days(data: Mapping[str, Any]) -> set[str]:
    """The days `edge_as_of(data, day)` can change on."""
    found: set[str] = set()
    for name in _EDGE_DAYS:
        value = data.get(name)
        if value is not None and (day := iso(value)) is not None:
            found.add(day)
    year = data.get("year")
    if isinstance(year, int) and data.get("type") in _YEARLY:
        found.add(f"{year:04d}-01-01")
    return found


def _reorder(table: MutableMapping[str, Any], order: Iterable[str]) -> None:
    """`table`'s entries in `order` (which holds every key of it), in place: networkx's
    views keep a reference to the dict itself."""
    items = [(key, table[key]) for key in order if key in table]
    table.clear()
    table.update(items)
