"""The temporal split: suggestions made as of a day, scored against the ties that really
started after it (the honest test of link prediction, beside `evaluate.py`'s random hiding).

`evaluate_temporal(graph, split)` takes the graph as it stood on `split`
(`timeline.graph_as_of`), asks each method to rank partners for the council end of every
PARTNERS_WITH tie that started after the split between organisations not tied on that day, and
reports hits@k and MRR for partnernet, Adamic-Adar, preferential attachment and random (the
same rankings as `evaluate.py`). Ties with no `since` are "before any dated record": never
new. The random-hiding figure hides ties of the same graph the suggestions were tuned on; on a
synthetic or illustrative sample shaped like the template it partly measures the generator.
This one only sees the past.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from partnernet.analysis.evaluate import EvaluationReport, score_methods
from partnernet.analysis.gap_index import COUNCIL, PartnershipIndex
from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES
from partnernet.analysis.template import Template, load_template
from partnernet.analysis.timeline import graph_as_of, iso, tie_pairs
from partnernet.graph.model import RelType


class TemporalEvaluationReport(EvaluationReport):
    split_date: date


def new_ties(graph: nx.MultiDiGraph, split: date, before: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Council PARTNERS_WITH pairs whose tie started after `split` and that were not tied
    (by any direct tie) on it (sorted pairs, sorted)."""
    day = split.isoformat()
    kinds = dict(graph.nodes(data="kind"))
    tied = set(tie_pairs(before))
    found: set[tuple[str, str]] = set()
    for source, target, key, data in graph.edges(keys=True, data=True):
        if key != RelType.PARTNERS_WITH.value or source == target:
            continue
        since = iso(data.get("since"))
        if since is None or since <= day:
            continue
        if kinds.get(source) not in ORGANIZATION_KIND_VALUES:
            continue
        if kinds.get(target) not in ORGANIZATION_KIND_VALUES:
            continue
        if COUNCIL not in (kinds.get(source), kinds.get(target)):
            continue
        pair = (source, target) if source < target else (target, source)
        if pair not in tied:
            found.add(pair)
    return sorted(found)


def evaluate_temporal(
    graph: nx.MultiDiGraph,
    split: date,
    *,
    seed: int = 42,
    k: int = 10,
    template: Template | None = None,
) -> TemporalEvaluationReport:
    if k < 1:
        raise ValueError("k must be >= 1")
    template = template or load_template()
    before = graph_as_of(graph, split)
    pairs = new_ties(graph, split, before)
    index = PartnershipIndex(before, template, as_of=split)
    sources, methods = score_methods(index, pairs, k=k, seed=seed)
    total = len(pairs)
    return TemporalEvaluationReport(
        k=k,
        seed=seed,
        hide_fraction=0.0,
        eligible=total,
        hidden=total,
        sources=sources,
        split_date=split,
        methods=methods,
    )
