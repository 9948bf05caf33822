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
        # before both its ends exist ("" : always; see `timeline.born_on`).
        # Direct ties between organisations apart, with the days they hold on: each is
        # weighed once (`_weighed`) and a day only compares its date with their spans.
        born = {n: born_on(a) or "" for n, a in graph.nodes(data=True)}
        self._projected: list[tuple[str, str, str, dict[str, Any]]] = []
        self._direct: list[tuple[str, str, str, str, Mapping[str, Any]]] = []
        for s, t, k, d in graph.edges(keys=True, data=True):
            if k not in PROJECTED_TYPES:
                continue
            first = max(born[s], born[t])
            if k in DIRECT_TYPES:
                if (
                    kinds.get(s) in ORGANIZATION_KIND_VALUES
                    and kinds.get(t) in ORGANIZATION_KIND_VALUES
                ):
                    since, end = in_force_span(d)
                    self._direct.append((max(first, since), end, s, t, d))
            else:
                self._projected.append((s, t, first, d))
        self._weighed: dict[RelationshipMix, list[tuple[str, str, str, str, str, float]]] = {}
        self._kinds = kinds
        self._orgs = {n for n, k in kinds.items() if k in ORGANIZATION_KIND_VALUES}
        self._projections: dict[RelationshipMix, ProjectionWalk] = {}
        # No WORKS_ON dated: every day's issues are the same (PartnershipIndex `issues_too`).
        self._issues_fixed = not any(
            d.get("since") is not None or d.get("until") is not None
            for _, _, k, d in graph.edges(keys=True, data=True)
            if k == _WORKS_ON
        )

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
        """`timeline.tie_pairs(graph_as_of(graph, day), core)`."""
        when = day.isoformat()
        pairs: dict[Pair, set[TieKey]] = {}
        for first, end, pair, key in self._ties:
            if first <= when < end:
                pairs.setdefault(pair, set()).add(key)
        return pairs

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
