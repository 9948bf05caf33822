"""The hold-out evaluation of partner suggestions against link-prediction baselines."""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from gap_graphs import region_peers, synthetic_region

from partnernet.analysis.evaluate import METHODS, evaluate_recommendations, hideable_pairs


def _synthetic() -> nx.MultiDiGraph:
    # 4 Northeast provinces x 4 districts x 6 subdistricts, seeded: 258 nodes, 516 ties.
    return synthetic_region(districts=4, subdistricts=6, seed=7)


def test_partnernet_clearly_beats_adamic_adar_on_the_synthetic_region() -> None:
    report = evaluate_recommendations(_synthetic(), hide_fraction=0.1, seed=42, k=10)
    assert [m.method for m in report.methods] == list(METHODS)
    assert report.hidden == round(0.1 * report.eligible) > 10
    ours, aa = report.score("partnernet"), report.score("adamic_adar")
    assert ours.hits_at_k >= 0.6
    assert ours.hits_at_k >= aa.hits_at_k + 0.4
    assert ours.mrr >= 2 * aa.mrr
    for baseline in ("preferential_attachment", "random"):
        assert ours.hits_at_k > report.score(baseline).hits_at_k


def test_other_seeds_agree() -> None:
    for seed in (1, 2):
        report = evaluate_recommendations(_synthetic(), seed=seed)
        assert report.score("partnernet").hits_at_k > report.score("adamic_adar").hits_at_k
        assert report.score("partnernet").mrr > report.score("adamic_adar").mrr


def test_evaluation_is_deterministic_and_pure() -> None:
    graph = _synthetic()
    before = copy.deepcopy(graph)
    first = evaluate_recommendations(graph)
    assert evaluate_recommendations(graph) == first
    assert nx.utils.graphs_equal(graph, before)
    assert graph.number_of_edges() == before.number_of_edges()


def test_hideable_pairs_are_council_partnerships_with_no_other_tie() -> None:
    # region_peers: 4 networks - PAO, 3 networks - governor, 9 councils - own SAO; the
    # MEMBER_OF ties between councils and networks are never hidden.
    pairs = hideable_pairs(region_peers())
    assert len(pairs) == 16
    assert ("agency:pao:45", "council:provincial:45") in pairs
    assert all(
        not (a.startswith("council:subdistrict") and b.startswith("council:provincial"))
        for a, b in pairs
    )
    graph = region_peers()
    graph.add_edge("council:provincial:45", "agency:pao:45", key="FUNDS", type="FUNDS")
    assert ("agency:pao:45", "council:provincial:45") not in hideable_pairs(graph)


def test_measures_are_shares() -> None:
    report = evaluate_recommendations(region_peers(), hide_fraction=0.25, seed=3, k=5)
    assert report.hidden == 4 and report.k == 5
    for method in report.methods:
        assert 0.0 <= method.hits_at_k <= 1.0
        assert 0.0 <= method.mrr <= 1.0
        assert method.found == round(method.hits_at_k * report.hidden)


@pytest.mark.parametrize("kwargs", [{"hide_fraction": 0.0}, {"hide_fraction": 1.0}, {"k": 0}])
def test_bad_arguments(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        evaluate_recommendations(region_peers(), **kwargs)  # type: ignore[arg-type]
