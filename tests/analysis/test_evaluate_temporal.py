"""The temporal split on the tiny dated network (dated_graphs.py): the ties that started after
the split are the questions, the graph as of the split the only evidence."""

from __future__ import annotations

from datetime import date

from dated_graphs import C1, C2, CSO, SAO1, dated_graph

from partnernet.analysis.evaluate_temporal import evaluate_temporal, new_ties
from partnernet.analysis.timeline import graph_as_of


def test_new_ties_are_those_started_after_the_split_between_untied_pairs() -> None:
    graph = dated_graph()
    # On 2022-12-01 the MOU has lapsed: its renewal (2023-01-01) is a new tie; C2-CSO too.
    assert new_ties(graph, date(2022, 12, 1), graph_as_of(graph, date(2022, 12, 1))) == [
        (SAO1, C1),
        (C2, CSO),
    ]
    # On 2022-06-01 C1 and the SAO were tied: the renewal is no new partner.
    assert new_ties(graph, date(2022, 6, 1), graph_as_of(graph, date(2022, 6, 1))) == [(C2, CSO)]
    assert new_ties(graph, date(2023, 6, 1), graph_as_of(graph, date(2023, 6, 1))) == []


def test_the_report_scores_every_method_on_the_new_ties() -> None:
    report = evaluate_temporal(dated_graph(), date(2022, 12, 1), k=10)
    assert report.hidden == 2 and report.sources == 2 and report.split_date == date(2022, 12, 1)
    assert [m.method for m in report.methods] == [
        "partnernet",
        "adamic_adar",
        "preferential_attachment",
        "random",
    ]
    # Three organisations at most can be ranked for each council: every answer is in the top 10.
    assert all(m.found == 2 and m.hits_at_k == 1.0 for m in report.methods)
    # partnernet's template asks a subdistrict council for its own SAO: ranked first.
    assert report.score("partnernet").mrr >= 0.5
