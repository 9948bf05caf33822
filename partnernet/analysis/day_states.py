"""One scope's graph asked about many days, without one full analysis per day.

`diff` asks two days and `trend` ten or forty; each day used to cost a full analysis: the
graph as of the day, the tie pairs of the scope's organisations (a walk over every
relationship), a partnership index (every organisation placed and bucketed) and the gaps.
Most of that does not depend on the day:

- the scope's organisation ties are gathered once with their dates (`tie_pairs` of a day is
  then a filter over that list, not a walk over the graph);
- organisations exist on every day with the same attributes (analysis/timeline.py), so the
  partnership index's places and kind/type buckets are built once and shared by every day's
  index (`PartnershipIndex(nodes_from=...)`); only the ties and issues are the day's;
- the graph of a day is the same on every day between two consecutive dated records
  (`dated_days`): days in one such span share one graph;
- days asked in increasing order (a trend) need not build a graph each: with `walk=True` one
  graph is moved forward from each day to the next (analysis/day_walk.py).

Every answer is the one the per-day path gives (`graph_as_of`, `tie_pairs`,
`PartnershipIndex` of that day): tests/analysis/test_day_states.py compares both on hand-made
dated graphs and on random ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from partnernet.analysis.day_events import DayEvents
from partnernet.analysis.day_walk import DayWalk
from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.projection import (
    DIRECT_TYPES,
    ORGANIZATION_KIND_VALUES,
    PROJECTED_TYPES,
    RelationshipMix,
    gather,
    project_edges,
    rel_weight,
)
from partnernet.analysis.projection_walk import Pieces, ProjectionWalk
from partnernet.analysis.template import Template
from partnernet.analysis.timeline import (
    TIE_TYPES,
    Pair,
    TieKey,
    born_on,
    dated_days,
    edge_as_of,
    graph_as_of,
    in_force_span,
)
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph.model import RelType

_WORKS_ON = RelType.WORKS_ON.value
_KEPT_GRAPHS = 4  # graphs of spans kept: a diff's two days and a little more


class DayStates:
    """Days of one graph (a scope read once); `core` as in `timeline.tie_pairs`.

    `walk`: for days asked in increasing order, one graph moved forward from day to day
    (`DayWalk`); each `graph_on` then changes the graph the previous one returned."""

    @collector_paused()
    def __init__(
        self, graph: nx.MultiDiGraph, core: set[str] | None = None, *, walk: bool = False
    ) -> None:
        self.graph = graph
        self.core = core
        self._walk = DayWalk(graph) if walk else None
        self._dated: list[str] | None = None  # `dated_days`, when first asked
        self._graphs: dict[int, nx.MultiDiGraph] = {}
        self._index: PartnershipIndex | None = None
        # The same relationships, in the same order, as `timeline.tie_pairs` walks them.
        kinds = dict(graph.nodes(data="kind"))
        succ, pred = graph._succ, graph._pred
        starts = succ if core is None else {n: succ[n] for n in core if n in succ}
        edges = [
            (s, t, k, d)
            for s, targets in starts.items()
            for t, keyed in targets.items()
            for k, d in keyed.items()
        ]
        if core is not None:
            edges += [
                (s, t, k, d)
                for t in core
                if t in pred
                for s, keyed in pred[t].items()
                if s not in core
                for k, d in keyed.items()
            ]
        # Each with the days it holds on (`in_force_span`): a day compares two strings.
        self._ties: list[tuple[str, str, Pair, TieKey]] = [
            (*in_force_span(d), (s, t) if s < t else (t, s), (k, s, t))
            for s, t, k, d in edges
            if k in TIE_TYPES
            and s != t
            and kinds.get(s) in ORGANIZATION_KIND_VALUES
            and kinds.get(t) in ORGANIZATION_KIND_VALUES
        ]
        # The relationships a projection looks at, in graph order, each with the last day
        # before both its ends exist ("" : always; see `timeline.born_on`). Direct ties
        # between organisations apart, with the days they hold on: each is weighed once
        # (`_weighed`) and a day only compares its date with their spans. One pass over the
        # adjacency (networkx's edge view costs as much again), which also finds whether any
        # WORKS_ON is dated (if none, every day's issues are the same: `issues_too`).
        born = {n: born_on(a) or "" for n, a in graph.nodes(data=True)}
        self._projected: list[tuple[str, str, str, dict[str, Any]]] = []
        self._direct: list[tuple[str, str, str, str, Mapping[str, Any]]] = []
        self._issues_fixed = True
        for s, targets in succ.items():
            for t, keyed in targets.items():
                for k, d in keyed.items():
                    if k == _WORKS_ON:
                        if d.get("since") is not None or d.get("until") is not None:
                            self._issues_fixed = False
                        continue
                    if k not in PROJECTED_TYPES:
                        continue
                    first = max(born[s], born[t])
                    if k not in DIRECT_TYPES:
                        self._projected.append((s, t, first, d))
                    elif (
                        kinds.get(s) in ORGANIZATION_KIND_VALUES
                        and kinds.get(t) in ORGANIZATION_KIND_VALUES
                    ):
                        since, end = in_force_span(d)
                        self._direct.append((max(first, since), end, s, t, d))
        self._weighed: dict[RelationshipMix, list[tuple[str, str, str, str, str, float]]] = {}
        self._kinds = kinds
        self._orgs = {n for n, k in kinds.items() if k in ORGANIZATION_KIND_VALUES}
        self._projections: dict[RelationshipMix, ProjectionWalk] = {}
        # Walking: the last day's tie pairs, moved forward (`tie_pairs`).
        self._pairs: dict[Pair, set[TieKey]] | None = None
        self._pairs_on = ""
        self._tie_days: DayEvents[int] | None = None

    def _dated_days(self) -> list[str]:
        if self._dated is None:
            self._dated = [d.isoformat() for d in dated_days(self.graph)]
        return self._dated

    def days(self) -> list[date]:
        """`dated_days(graph)`."""
        return [date.fromisoformat(d) for d in self._dated_days()]

    def span(self, day: date) -> int:
        """Which span of unchanged days `day` falls in (equal spans: equal graphs)."""
        return bisect_right(self._dated_days(), day.isoformat())

    def graph_on(self, day: date) -> nx.MultiDiGraph:
        """`graph_as_of(graph, day)`, shared by the days of one span (do not change it)."""
        if self._walk is not None:
            return self._walk.on(day)
        key = self.span(day)
        found = self._graphs.get(key)
        if found is None:
            if len(self._graphs) >= _KEPT_GRAPHS:
                del self._graphs[next(iter(self._graphs))]
            found = self._graphs[key] = graph_as_of(self.graph, day)
        return found

    @collector_paused()
    def tie_pairs(self, day: date) -> dict[Pair, set[TieKey]]:
        """`timeline.tie_pairs(graph_as_of(graph, day), core)` (walking: the walk's own dict,
        changed by the next call)."""
        when = day.isoformat()
        if self._walk is not None and self._pairs is not None and when >= self._pairs_on:
            self._move_pairs(self._pairs, when)
            return self._pairs
        pairs: dict[Pair, set[TieKey]] = {}
        for first, end, pair, key in self._ties:
            if first <= when < end:
                pairs.setdefault(pair, set()).add(key)
        if self._walk is not None:
            self._pairs, self._pairs_on = pairs, when
        return pairs

    def _move_pairs(self, pairs: dict[Pair, set[TieKey]], when: str) -> None:
        """`pairs` of the day `_pairs_on` made those of the later day `when`: only the ties
        that start or end in between are looked at."""
        if self._tie_days is None:
            self._tie_days = DayEvents()
            for i, (first, end, _, _) in enumerate(self._ties):
                if first:
                    self._tie_days.add(first, i)
                self._tie_days.add(end, i)
        for i in self._tie_days.between(self._pairs_on, when):
            first, end, pair, key = self._ties[i]
            keys = pairs.get(pair)
            if first <= when < end:
                if keys is None:
                    keys = pairs[pair] = set()
                keys.add(key)
            elif keys is not None:
                keys.discard(key)
                if not keys:
                    del pairs[pair]
        self._pairs_on = when

    def _weighed_by(self, mix: RelationshipMix) -> list[tuple[str, str, str, str, str, float]]:
        """The direct ties a projection with `mix` counts, weighed: (first day, end, source,
        target, relation, weight) in graph order (a relation weighed 0 is no evidence)."""
        found = self._weighed.get(mix)
        if found is None:
            found = self._weighed[mix] = [
                (first, end, s, t, rel, factor * rel_weight(d))
                for first, end, s, t, d in self._direct
                if (factor := mix.weight_of(rel := str(d.get("type")))) > 0
            ]
        return found

    def index(self, day: date, template: Template) -> PartnershipIndex:
        """`PartnershipIndex(graph_as_of(graph, day), template, as_of=day)`, its
        organisations' places and buckets built once for every day."""
        base = self._index if self._index is not None and self._index.template is template else None
        graph = self.graph_on(day)
        when = day.isoformat()
        # The day's relationships without a walk over its graph's edge view; a relationship
        # as `graph_as_of` gives it (the projection reads only the weight and dates of the
        # direct ties, which it does not change).
        edges = (
            (s, t, d)
            for s, t, born, d in self._projected
            if born <= when and edge_as_of(d, when) is not None
        )
        mix = template.ties.mix()
        if self._walk is not None:
            # Days in increasing order: only the pairs whose evidence changed are redone.
            derived = Pieces()
            gather(derived, edges, self._kinds, self._orgs, mix, when)
            walk = self._projections.get(mix)
            if walk is None:
                orgs = (n for n in self.graph if n in self._orgs)
                walk = self._projections[mix] = ProjectionWalk(orgs, self._weighed_by(mix))
            ties = walk.on(when, derived)
        else:
            weighed = (
                (s, t, rel, weight)
                for first, end, s, t, rel, weight in self._weighed_by(mix)
                if first <= when < end
            )
            ties = project_edges(graph, edges, mix, as_of=day, node_attrs=False, weighed=weighed)
        index = PartnershipIndex(
            graph,
            template,
            as_of=day,
            nodes_from=base,
            issues_too=self._issues_fixed,
            ties=ties,
        )
        if base is None:
            self._index = index
        return index
