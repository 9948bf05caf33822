"""The network over time from a store (both backends): as-of analyses, diff, trend."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))  # the shared dated network

from dated_graphs import C1, C2, CSO, P1, SAO1, dated_nodes, dated_relationships

from partnernet.foundation.errors import UserError
from partnernet.graph.store import GraphStore
from partnernet.service import analyses
from partnernet.service.history import parse_day


@pytest.fixture
def dated(store: GraphStore) -> GraphStore:
    store.upsert_nodes(dated_nodes())
    store.upsert_relationships(dated_relationships())
    return store


def test_days_are_read_in_iso_buddhist_era_and_thai() -> None:
    assert parse_day("2566-03-22") == date(2023, 3, 22)
    assert parse_day("2023-03-22") == date(2023, 3, 22)
    assert parse_day("22 มี.ค. 2566") == date(2023, 3, 22)
    assert parse_day(None) is None
    with pytest.raises(UserError):
        parse_day("last year")


def test_hubs_as_of_count_that_days_ties(dated: GraphStore) -> None:
    counts = {
        day: analyses.hubs(dated, province="40", as_of=day).edge_count
        for day in (date(2021, 1, 1), date(2022, 12, 1), date(2023, 7, 1))
    }
    # 2023-07-01: the three ties in force, and C1-C2 through the 2023-03-22 forum (hubs count
    # co-participation); on 2022-12-01 the MOU has lapsed and the forum has not happened.
    assert counts == {date(2021, 1, 1): 2, date(2022, 12, 1): 1, date(2023, 7, 1): 4}


def test_gaps_as_of_see_the_proposal_unanswered_until_its_answer(dated: GraphStore) -> None:
    def unanswered(day: date) -> bool:
        report = analyses.province_gaps(dated, "40", as_of=day)
        return any(g.kind == "proposal_unanswered" and P1 in g.subjects for g in report.gaps)

    assert unanswered(parse_day("31 ส.ค. 2566") or date.min)
    assert not unanswered(date(2023, 9, 1))


def test_suggestions_as_of_a_day_before_the_tie(dated: GraphStore) -> None:
    before = analyses.recommendations(dated, "40", as_of=date(2022, 12, 1))
    assert (C1, SAO1) in {(r.source, r.target) for r in before.recommendations}
    after = analyses.recommendations(dated, "40", as_of=date(2023, 7, 1))
    assert (C1, SAO1) not in {(r.source, r.target) for r in after.recommendations}
    assert (C2, CSO) in {(a.source, a.target) for a in after.accepted}
