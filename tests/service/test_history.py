"""The network over time from a store (both backends): as-of analyses, diff, trend."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))  # the shared dated network

from dated_graphs import C1, C2, CSO, P1, PAO, SAO1, dated_nodes, dated_relationships

from partnernet.foundation.errors import UserError
from partnernet.graph.model import RelType
from partnernet.graph.store import WHOLE_GRAPH, GraphStore, Scope
from partnernet.service import analyses, history
from partnernet.service.history import parse_day
from partnernet.service.ingest import ingest_files


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


def test_diff_of_a_province_names_what_changed(dated: GraphStore) -> None:
    report = history.diff(dated, date(2022, 1, 1), date(2023, 7, 1), province="ขอนแก่น")
    assert report.scope == "province:40"
    assert report.ties_added == [(C2, CSO)] and report.ties_ended == []
    assert report.ties_renewed == [(SAO1, C1)]
    assert report.councils_with_new_partners == [C2]
    assert report.proposals_submitted == [P1] and report.proposals_answered == []
    assert report.suggestions_realised == [(C2, CSO)]
    assert (report.before.ties, report.after.ties) == (2, 3)
    assert (report.before.partners_per_council, report.after.partners_per_council) == (1.0, 1.5)
    assert report.before.proposals_answered == report.after.proposals_answered == 0
    assert report.summary_th.startswith("ระหว่าง 1 ม.ค. 2565 ถึง 1 ก.ค. 2566 สภาองค์กรชุมชน 1 แห่ง")
    assert "1 community organisation councils gained new partners" in report.summary_en
    # The unanswered proposal is a gap on 2023-07-01 (sent 2022-12-01), not on 2022-01-01.
    assert any(g.kind == "proposal_unanswered" for g in report.gaps_opened)
    later = history.diff(dated, date(2023, 7, 1), date(2023, 12, 31), org=C1)
    assert later.proposals_answered == [P1]
    assert any(
        g.kind == "proposal_unanswered"
        for g in history.diff(
            dated, date(2023, 7, 1), date(2023, 12, 31), province="40"
        ).gaps_closed
    )


def test_trend_by_year(dated: GraphStore) -> None:
    report = history.trend(
        dated, by="year", start=date(2021, 1, 1), end=date(2024, 6, 30), province="40"
    )
    assert report.periods == ["2021", "2022", "2023", "2024"]
    assert [f.day for f in report.figures][-1] == date(2024, 6, 30)
    assert [f.partners_per_council for f in report.figures] == [1.0, 0.5, 1.5, 1.5]
    assert [f.local_government_share for f in report.figures] == [0.5, 0.0, 0.5, 0.5]
    assert [f.proposals for f in report.figures] == [0, 1, 1, 2]
    assert [f.proposals_answered for f in report.figures] == [0, 0, 1, 1]


def test_quarters_and_bad_ranges() -> None:
    assert history.periods(date(2023, 2, 1), date(2023, 8, 15), "quarter") == [
        ("2023-Q1", date(2023, 3, 31)),
        ("2023-Q2", date(2023, 6, 30)),
        ("2023-Q3", date(2023, 8, 15)),
    ]
    with pytest.raises(UserError):
        history.periods(date(2023, 1, 1), date(2024, 1, 1), "month")


def _roster(tmp_path: Path) -> Path:
    """A roster of Khon Kaen listing one tie only (C1 and the PAO, written the other way)."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "source,target,type,form,since,until,weight,source_ref\n"
        f"{PAO},{C1},PARTNERS_WITH,,,,,roster-2567\n",
        encoding="utf-8",
    )
    return path


def test_a_snapshot_ends_the_unlisted_ties_of_its_scope(dated: GraphStore, tmp_path: Path) -> None:
    roster = _roster(tmp_path)
    version = dated.data_version()
    dry = history.ingest_snapshot(dated, [roster], date(2024, 1, 1), "province:40", dry_run=True)
    assert dated.data_version() == version  # a dry run writes nothing
    assert dry.listed == 1
    # The lapsed MOU (C1->SAO1) is not in force that day: nothing to end.
    assert dry.ended == [("PARTNERS_WITH", SAO1, C1), ("PARTNERS_WITH", C2, CSO)]
    done = history.ingest_snapshot(
        dated, [roster], parse_day("1 ม.ค. 2567") or date.min, "province:ขอนแก่น"
    )
    assert done.ended == dry.ended and done.ingest is not None
    renewed = dated.get_relationship(RelType.PARTNERS_WITH, SAO1, C1)
    assert renewed is not None and renewed.until == date(2024, 1, 1)
    kept = dated.get_relationship(RelType.PARTNERS_WITH, C1, PAO)
    assert kept is not None and kept.until is None
    assert history.diff(dated, date(2023, 12, 31), date(2024, 1, 1), province="40").ties_ended == [
        (SAO1, C1),
        (C2, CSO),
    ]


def test_ingest_without_snapshot_never_ends_a_tie(dated: GraphStore, tmp_path: Path) -> None:
    ingest_files(dated, [_roster(tmp_path)])
    for rel in (
        (SAO1, C1),
        (C1, PAO),
        (C2, CSO),
    ):
        found = dated.get_relationship(RelType.PARTNERS_WITH, *rel)
        assert found is not None and found.until is None


def test_past_peer_summaries_are_kept_for_the_span_of_days_they_hold(
    dated: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = analyses.province_gaps(dated, "40", as_of=date(2023, 7, 1))
    reads: list[int] = []
    read = dated.subgraph

    def counted(scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        reads.append(len(scope.provinces or ()))
        return read(scope)

    monkeypatch.setattr(dated, "subgraph", counted)
    # 2023-07-15: no dated record between 2023-06-01 and 2023-09-01, the same graph.
    again = analyses.province_gaps(dated, "40", as_of=date(2023, 7, 15))
    assert reads == [1]  # only the province
    assert [g.kind for g in again.gaps] == [g.kind for g in first.gaps]
    # 2023-09-01: the answer arrived, another graph: the region is read again.
    answered = analyses.province_gaps(dated, "40", as_of=date(2023, 9, 1))
    assert len(reads) == 2 and reads[1] > 1
    assert "proposal_unanswered" not in {g.kind for g in answered.gaps}


def test_a_brief_as_of_a_day_shows_that_days_network(dated: GraphStore) -> None:
    from partnernet.service.brief import province_brief

    def brief(day: date) -> tuple[set[tuple[str, str]], float | None]:
        found = province_brief(dated, "40", lang="th", as_of=day, with_map=False)
        answered = next(h for h in found.headlines if h.en == "Proposals answered")
        return {(s.source, s.target) for s in found.suggestions}, answered.value

    # 2022-12-01: the MOU with the SAO has lapsed (suggested again), P1 sent, unanswered.
    suggestions, answered = brief(date(2022, 12, 1))
    assert ("สภาองค์กรชุมชนตำบลหนึ่ง", "อบต.หนึ่ง") in suggestions
    assert answered == 0.0
    # 2023-12-31: renewed (no longer suggested), P1 answered on 2023-09-01.
    suggestions, answered = brief(date(2023, 12, 31))
    assert ("สภาองค์กรชุมชนตำบลหนึ่ง", "อบต.หนึ่ง") not in suggestions
    assert answered == 1.0


def test_gaps_opened_and_closed_add_up_to_the_counts(store: GraphStore, tmp_path: Path) -> None:
    """On the sample, a province has several gaps of one kind (template roles, peer metrics):
    each is its own entry, so before - closed + opened = after."""
    from partnernet.service.demo import sample_dir

    ingest_files(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    for scope in ({"province": "36"}, {"region": "Northeast"}):
        report = history.diff(store, date(2019, 1, 1), date(2022, 10, 1), **scope)  # type: ignore[arg-type]
        keys = [history._gap_key(g) for g in report.gaps_closed + report.gaps_opened]
        assert len(keys) == len(set(keys))
        before, after = report.before.open_gaps, report.after.open_gaps
        assert before is not None and after is not None and before != after
        assert before - len(report.gaps_closed) + len(report.gaps_opened) == after


def test_a_snapshot_says_which_listed_ties_had_lapsed(dated: GraphStore, tmp_path: Path) -> None:
    roster = tmp_path / "roster-2565.csv"
    roster.write_text(
        "source,target,type,form,since,until,weight,source_ref\n"
        f"{C1},{SAO1},PARTNERS_WITH,,,,,roster-2565\n",
        encoding="utf-8",
    )
    # 2022-12-01: the MOU ended on 2022-10-01 and the renewal (SAO1 -> C1) starts only on
    # 2023-01-01; on 2023-02-01 the renewal holds, so nothing is reported.
    early = history.ingest_snapshot(dated, [roster], date(2022, 12, 1), "province:40", dry_run=True)
    assert early.lapsed_listed == [("PARTNERS_WITH", C1, SAO1, "2022-10-01")]
    later = history.ingest_snapshot(dated, [roster], date(2023, 2, 1), "province:40", dry_run=True)
    assert later.lapsed_listed == []


def test_trend_and_diff_equal_one_full_analysis_per_day(store: GraphStore) -> None:
    """The trend and diff share what does not depend on the day (analysis/day_states.py);
    each figure must still be what the day's own analysis gives: the province's graph as of
    the day, its tie pairs and partnership index, and `gaps --as-of` of that day."""
    from dated_graphs import random_dated_region

    from partnernet.analysis.gap_index import PartnershipIndex, province_facts
    from partnernet.analysis.template import load_template
    from partnernet.analysis.timeline import diff_graphs, graph_as_of, proposal_states, tie_pairs

    nodes, rels = random_dated_region(seed=5)
    store.upsert_nodes(nodes)
    store.upsert_relationships(rels)
    code, template = "40", load_template()
    graph = store.subgraph(Scope(provinces=frozenset({code})))
    core = {n for n, p in graph.nodes(data="province_code") if p == code}

    def gap_keys(day: date) -> list[tuple[str, str | None, tuple[str, ...]]]:
        report = analyses.province_gaps(store, code, as_of=day)
        return sorted((g.kind, history._about(g.evidence), tuple(g.subjects)) for g in report.gaps)

    report = history.trend(store, by="year", start=date(2016, 1, 1), end=date(2024, 12, 31),
                           province=code)  # fmt: skip
    assert len(report.figures) == 9
    for figures in report.figures:
        day = figures.day
        own = graph_as_of(graph, day)
        facts = province_facts(PartnershipIndex(own, template, as_of=day), code)
        proposals = proposal_states(own, core, {code})
        assert figures.ties == len(tie_pairs(own, core))
        assert figures.coverage == facts.coverage
        assert figures.partners_per_council == facts.partners_per_council
        assert figures.local_government_share == facts.local_government_share
        assert figures.open_gaps == len(gap_keys(day))
        assert figures.proposals == len(proposals)
        assert figures.proposals_answered == sum(s.answered for s in proposals.values())
    assert len({f.ties for f in report.figures}) > 5  # the years really differ

    start, end = date(2019, 3, 1), date(2023, 3, 1)
    changes = history.diff(store, start, end, province=code)
    expected = diff_graphs(graph_as_of(graph, start), graph_as_of(graph, end), core=core,
                           provinces={code})  # fmt: skip
    assert changes.ties_added == expected.ties_added and changes.ties_added
    assert changes.ties_ended == expected.ties_ended and changes.ties_ended
    assert changes.proposals_answered == expected.proposals_answered
    assert changes.suggestions_realised == expected.suggestions_realised
    before, after = set(gap_keys(start)), set(gap_keys(end))
    assert {(g.kind, g.about, tuple(g.subjects)) for g in changes.gaps_opened} == after - before
    assert {(g.kind, g.about, tuple(g.subjects)) for g in changes.gaps_closed} == before - after
    assert changes.gaps_opened or changes.gaps_closed
