"""The network as of a day and what changed between two days, on the tiny dated network of
dated_graphs.py whose answers are known by hand."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from dated_graphs import C1, C2, CSO, FORUM, P1, P2, PAO, SAO1, dated_graph
from gap_graphs import synthetic_region

from partnernet.analysis.gap_index import PartnershipIndex, province_facts
from partnernet.analysis.template import load_template
from partnernet.analysis.timeline import (
    dated_days,
    diff_drawing,
    diff_graphs,
    graph_as_of,
    tie_pairs,
)


def _pairs(day: date) -> set[tuple[str, str]]:
    return set(tie_pairs(graph_as_of(dated_graph(), day)))


def test_a_tie_holds_from_since_up_to_the_day_before_until() -> None:
    assert _pairs(date(2019, 12, 31)) == {(PAO, C1)}  # only the undated tie
    assert _pairs(date(2020, 1, 1)) == {(PAO, C1), (SAO1, C1)}
    assert _pairs(date(2022, 9, 30)) == {(PAO, C1), (SAO1, C1)}
    assert _pairs(date(2022, 10, 1)) == {(PAO, C1)}  # until: the first day it no longer holds
    assert _pairs(date(2023, 1, 1)) == {(PAO, C1), (SAO1, C1)}  # renewed
    assert _pairs(date(2023, 6, 1)) == {(PAO, C1), (SAO1, C1), (C2, CSO)}


def test_proposals_events_and_decisions_exist_from_their_dates() -> None:
    early = graph_as_of(dated_graph(), date(2022, 10, 31))
    assert P1 not in early and FORUM not in early and P2 not in early
    assert not early.has_edge(C2, CSO, key="RECOMMENDED")
    later = graph_as_of(dated_graph(), date(2023, 3, 22))
    assert P1 in later and FORUM in later and P2 not in later
    assert later.has_edge(C2, CSO, key="RECOMMENDED")
    # Every organisation exists on every day (the model has no founding date).
    assert {C1, C2, SAO1, PAO, CSO} <= set(early)


def test_a_proposal_answered_later_is_only_submitted_before_the_answer() -> None:
    before_sent = graph_as_of(dated_graph(), date(2022, 11, 15))
    assert before_sent.nodes[P1]["status"] == "raised"
    assert not before_sent.has_edge(P1, PAO)
    waiting = graph_as_of(dated_graph(), date(2023, 8, 31))
    assert waiting.nodes[P1]["status"] == "submitted"
    edge = waiting.edges[P1, PAO, "SUBMITTED_TO"]
    assert edge["status"] == "submitted" and "responded_on" not in edge
    answered = graph_as_of(dated_graph(), date(2023, 9, 1))
    assert answered.nodes[P1]["status"] == "acknowledged"
    assert answered.edges[P1, PAO, "SUBMITTED_TO"]["responded_on"] == "2023-09-01"


def test_graph_as_of_leaves_its_input_alone() -> None:
    graph = dated_graph()
    before = (
        sorted(graph.nodes(data=True), key=str),
        sorted(graph.edges(keys=True, data=True), key=str),
    )
    graph_as_of(graph, date(2023, 1, 1))
    after = (
        sorted(graph.nodes(data=True), key=str),
        sorted(graph.edges(keys=True, data=True), key=str),
    )
    assert before == after


def test_figures_as_of_a_day_count_only_that_days_ties() -> None:
    template = load_template()
    graph = dated_graph()
    expected = {  # partners per council, share of subdistrict councils tied to their SAO
        date(2021, 12, 31): (1.0, 0.5),
        date(2022, 12, 31): (0.5, 0.0),
        date(2023, 12, 31): (1.5, 0.5),
    }
    for day, (per_council, local) in expected.items():
        index = PartnershipIndex(graph_as_of(graph, day), template, as_of=day)
        facts = province_facts(index, "40")
        assert (facts.partners_per_council, facts.local_government_share) == (per_council, local)


def test_diff_over_a_lapse_and_renewal() -> None:
    graph = dated_graph()
    core = {C1, C2, SAO1, PAO, CSO}
    before = graph_as_of(graph, date(2022, 1, 1))
    after = graph_as_of(graph, date(2023, 7, 1))
    diff = diff_graphs(before, after, core=core, provinces={"40"})
    assert diff.ties_added == [(C2, CSO)]
    assert diff.ties_ended == []
    assert diff.ties_renewed == [(SAO1, C1)]
    assert diff.organisations_appeared == [C2, CSO]
    assert diff.proposals_raised == [P1]
    assert diff.proposals_submitted == [P1]
    assert diff.proposals_answered == []  # answered after the period
    assert diff.suggestions_realised == [(C2, CSO)]
    # Across the lapse only: the tie ended.
    lapse = diff_graphs(before, graph_as_of(graph, date(2022, 12, 1)), core=core)
    assert lapse.ties_ended == [(SAO1, C1)] and lapse.ties_added == []
    answered = diff_graphs(after, graph_as_of(graph, date(2023, 12, 31)), core=core)
    assert answered.proposals_answered == [P1] and answered.ties_added == []


def test_dated_days_are_where_the_graph_can_change() -> None:
    days = dated_days(dated_graph())
    assert date(2022, 10, 1) in days and date(2023, 9, 1) in days and date(2024, 1, 15) in days
    for a, b in pairwise(days):
        mid = date.fromordinal((a.toordinal() + b.toordinal()) // 2)
        assert tie_pairs(graph_as_of(dated_graph(), mid)) == tie_pairs(
            graph_as_of(dated_graph(), a)
        )


def test_tie_pairs_of_a_core_are_the_pairs_touching_it() -> None:
    graph = synthetic_region()
    every = tie_pairs(graph)
    assert every
    for code in ("40", "45"):
        core = {n for n, p in graph.nodes(data="province_code") if p == code}
        expected = {p: keys for p, keys in every.items() if p[0] in core or p[1] in core}
        assert tie_pairs(graph, core) == expected


def test_a_diff_drawn_marks_the_ties_made_and_ended() -> None:
    graph = dated_graph()
    core = {C1, C2, SAO1, PAO, CSO}
    before = graph_as_of(graph, date(2022, 1, 1))
    after = graph_as_of(graph, date(2023, 7, 1))
    changes = diff_graphs(before, after, core=core)
    edges = after.number_of_edges()
    drawn = diff_drawing(before, after, changes, added="ADD", ended="END")
    assert after.number_of_edges() == edges  # the day's graph is left alone
    # The new tie is retyped; the planner's decision on the pair is no tie and stays.
    assert set(drawn[C2][CSO]) == {"ADD", "RECOMMENDED"}
    assert drawn[C2][CSO]["ADD"]["type"] == "ADD"
    assert [(s, t) for s, t, k in drawn.edges(keys=True) if k == "ADD"] == [(C2, CSO)]
    # The renewed pair (ended and made again) is neither; nothing ended in this period.
    assert "END" not in {k for _, _, k in drawn.edges(keys=True)}
    assert set(drawn[SAO1][C1]) == {"PARTNERS_WITH"}
    lapse_after = graph_as_of(graph, date(2022, 12, 1))
    lapse = diff_graphs(before, lapse_after, core=core)
    drawn = diff_drawing(before, lapse_after, lapse, added="ADD", ended="END")
    ended = [(s, t) for s, t, k in drawn.edges(keys=True) if k == "END"]
    assert ended == [(SAO1, C1)]
    assert drawn.number_of_edges() == lapse_after.number_of_edges() + 1


def test_a_day_taken_in_place_is_the_day_built() -> None:
    """`keep_as_of` (a graph changed into its day, for a province's `gaps --as-of`) holds what
    `graph_as_of` builds: nodes, relationships, attributes, successor order; and the gaps of
    the day are the same."""
    import copy
    import random
    from datetime import timedelta

    from dated_graphs import dated_graph_with_plan, random_dated_graph

    from partnernet.analysis.gaps import gaps_from_index
    from partnernet.analysis.timeline import keep_as_of

    rng = random.Random(7)
    template = load_template()
    graph = dated_graph_with_plan()  # a proposal adopted in a plan, answered after some days
    days = [d for day in dated_days(graph) for d in (day - timedelta(days=1), day)]
    random_graph = random_dated_graph(seed=7)
    days_of = [(graph, day) for day in days] + [
        (random_graph, day)
        for day in [*rng.sample(dated_days(random_graph), 12), date(2010, 1, 1), date(2030, 1, 1)]
    ]
    for graph, day in days_of:
        built = graph_as_of(graph, day)
        kept = keep_as_of(copy.deepcopy(graph), day)
        assert list(kept.nodes(data=True)) == list(built.nodes(data=True))
        assert list(kept.edges(keys=True, data=True)) == list(built.edges(keys=True, data=True))
        assert sorted(kept.in_edges(keys=True)) == sorted(built.in_edges(keys=True))
        report = gaps_from_index(PartnershipIndex(kept, template, as_of=day), "40", today=day)
        assert report == gaps_from_index(
            PartnershipIndex(built, template, as_of=day), "40", today=day
        )
