"""How well do partner suggestions find partnerships we know exist? A hold-out evaluation.

`evaluate_recommendations(graph)` hides a seeded share of the PARTNERS_WITH ties that involve
a council (only pairs tied by nothing else, so that hiding them really unties the pair), asks
each method to rank partners for the council end of every hidden tie, and reports hits@k (the
share of hidden ties whose partner is in the top k) and MRR (mean reciprocal rank; 0 when the
partner is not ranked), side by side, for:

- `partnernet`: `recommend.rank_candidates` (its own candidates, best first), then every other
  admissible organisation in a seeded random order;
- `adamic_adar`: sum over shared partners of 1 / ln(degree) in the partnership projection;
- `preferential_attachment`: the candidate's degree (the source's degree is a constant);
- `random`: a seeded shuffle.

Every method ranks the same universe per source: the organisations the template allows to be
suggested to it and that are not already its partners, ties broken by one seeded random order
shared by all methods. Pure and deterministic for a given graph, template and seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence

import networkx as nx
from pydantic import BaseModel

from partnernet.analysis.gap_index import COUNCIL, PartnershipIndex
from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES
from partnernet.analysis.recommend import Scorer, rank_candidates
from partnernet.analysis.template import Template, load_template
from partnernet.foundation.errors import InvalidInput
from partnernet.graph.model import RelType

METHODS = ("partnernet", "adamic_adar", "preferential_attachment", "random")
_OTHER_TIES = frozenset({RelType.MEMBER_OF.value, RelType.FUNDS.value, RelType.SUPPORTS.value})


class MethodScore(BaseModel):
    method: str
    hits_at_k: float
    mrr: float
    found: int  # hidden ties whose partner was in the top k


class EvaluationReport(BaseModel):
    k: int
    seed: int
    hide_fraction: float
    eligible: int  # council PARTNERS_WITH pairs that could be hidden
    hidden: int  # pairs hidden and asked about
    sources: int  # organisations asked about
    methods: list[MethodScore]

    def score(self, method: str) -> MethodScore:
        for entry in self.methods:
            if entry.method == method:
                return entry
        raise KeyError(method)


def hideable_pairs(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Organisation pairs with a PARTNERS_WITH tie, at least one a council, and no other direct
    tie between them (sorted pairs, sorted)."""
    kinds = dict(graph.nodes(data="kind"))
    partnered: set[tuple[str, str]] = set()
    other: set[tuple[str, str]] = set()
    for source, target, key in graph.edges(keys=True):
        if source == target:
            continue
        pair = (source, target) if source < target else (target, source)
        if key == RelType.PARTNERS_WITH.value:
            if (
                kinds.get(source) in ORGANIZATION_KIND_VALUES
                and kinds.get(target) in ORGANIZATION_KIND_VALUES
                and COUNCIL in (kinds.get(source), kinds.get(target))
            ):
                partnered.add(pair)
        elif key in _OTHER_TIES:
            other.add(pair)
    return sorted(partnered - other)


def _without(graph: nx.MultiDiGraph, pairs: list[tuple[str, str]]) -> nx.MultiDiGraph:
    reduced = graph.copy()
    for a, b in pairs:
        for u, v in ((a, b), (b, a)):
            if reduced.has_edge(u, v, key=RelType.PARTNERS_WITH.value):
                reduced.remove_edge(u, v, key=RelType.PARTNERS_WITH.value)
    return reduced


def evaluate_recommendations(
    graph: nx.MultiDiGraph,
    *,
    hide_fraction: float = 0.1,
    seed: int = 42,
    k: int = 10,
    template: Template | None = None,
) -> EvaluationReport:
    """Hits@k and MRR of partnernet's suggestions and three baselines (module docstring)."""
    if not 0 < hide_fraction < 1:
        raise InvalidInput("hide_fraction must be between 0 and 1")
    if k < 1:
        raise InvalidInput("k must be >= 1")
    template = template or load_template()
    eligible = hideable_pairs(graph)
    rng = random.Random(seed)
    count = min(len(eligible), max(1, round(hide_fraction * len(eligible)))) if eligible else 0
    hidden = sorted(rng.sample(eligible, count))
    index = PartnershipIndex(_without(graph, hidden), template)
    sources, methods = score_methods(index, hidden, k=k, seed=seed)
    return EvaluationReport(
        k=k,
        seed=seed,
        hide_fraction=hide_fraction,
        eligible=len(eligible),
        hidden=len(hidden),
        sources=sources,
        methods=methods,
    )


def score_methods(
    index: PartnershipIndex, pairs: Sequence[tuple[str, str]], *, k: int, seed: int
) -> tuple[int, list[MethodScore]]:
    """Rank, for each pair's council, the other end under every method: (councils asked,
    hits@k and MRR per method). The random hold-out and the temporal split both score so."""
    scorer = Scorer(index)
    queries: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        source, target = (a, b) if index.kind(a) == COUNCIL else (b, a)
        queries[source].append(target)
    found = dict.fromkeys(METHODS, 0)
    reciprocal = dict.fromkeys(METHODS, 0.0)
    for source in sorted(queries):
        rankings = _rankings(index, scorer, source, random.Random(f"{seed}:{source}"))
        for target in queries[source]:
            for method, ranking in rankings.items():
                rank = ranking.get(target)
                if rank is not None:
                    reciprocal[method] += 1.0 / rank
                    found[method] += rank <= k
    total = len(pairs)
    return len(queries), [
        MethodScore(
            method=method,
            hits_at_k=round(found[method] / total, 4) if total else 0.0,
            mrr=round(reciprocal[method] / total, 4) if total else 0.0,
            found=found[method],
        )
        for method in METHODS
    ]


def _rankings(
    index: PartnershipIndex, scorer: Scorer, source: str, rng: random.Random
) -> dict[str, dict[str, int]]:
    """For each method, target -> 1-based rank over the source's admissible universe."""
    existing = scorer.partners(source)
    universe = [
        node
        for node in sorted(index.ties.nodes)
        if node != source and node not in existing and scorer.allowed(source, node)
    ]
    tiebreak = {node: rng.random() for node in universe}

    def ranked(score: Callable[[str], float]) -> dict[str, int]:
        order = sorted(universe, key=lambda n: (-score(n), tiebreak[n]))
        return {node: i for i, node in enumerate(order, start=1)}

    suggested = [s.target for s in rank_candidates(scorer, source, include_decided=True)]
    first = {node: len(suggested) - i for i, node in enumerate(suggested)}

    def adamic_adar(node: str) -> float:
        return sum(scorer.aa_weight(z) for z in existing & scorer.partners(node))

    return {
        "partnernet": ranked(lambda n: float(first.get(n, 0))),
        "adamic_adar": ranked(adamic_adar),
        "preferential_attachment": ranked(lambda n: float(len(scorer.partners(n)))),
        "random": ranked(lambda n: 0.0),
    }
