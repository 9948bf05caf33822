"""What a decision means to gaps and suggestions (analysis/decisions.py), on Roi Et's network.

RE_SUB3 (subdistrict 450201, district 4502) lacks a tie to its local government; here its own
SAO (SAO3) and a municipality of its district (MUNI3) are added as candidates for that role.
"""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx
from gap_graphs import RE_SUB1, RE_SUB3, TODAY, rel, roi_et_network

from partnernet.analysis.decisions import DecisionStatus, decision_records
from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.gaps import find_gaps
from partnernet.analysis.recommend import decision_relationship, recommend
from partnernet.graph.model import Agency, AgencyType, RelType

SAO3 = "agency:sao:450201"
MUNI3 = "agency:municipality:45:เทศบาลตำบลเกษตรวิสัย"
UNLINKED = "subdistrict_council_unlinked_local_government"


def _network() -> nx.MultiDiGraph:
    graph = roi_et_network()
    for node in (
        Agency(
            id=SAO3,
            name_th="องค์การบริหารส่วนตำบลเกษตรวิสัย",
            type=AgencyType.SAO,
            province_code="45",
            district_code="4502",
            subdistrict_code="450201",
        ),
        Agency(
            id=MUNI3,
            name_th="เทศบาลตำบลเกษตรวิสัย",
            type=AgencyType.MUNICIPALITY,
            province_code="45",
            district_code="4502",
        ),
    ):
        graph.add_node(node.id, **node.to_props(), kind=node.kind.value)
    return graph


def _decide(
    graph: nx.MultiDiGraph, source: str, target: str, decision: str, on: date = TODAY
) -> nx.MultiDiGraph:
    out = graph.copy()
    props = decision_relationship(source, target, decision, on, score=0.5, role=None).to_props()
    out.add_edge(source, target, key=RelType.RECOMMENDED.value, type="RECOMMENDED", **props)
    return out


def _tie(graph: nx.MultiDiGraph, a: str, b: str, **props: object) -> nx.MultiDiGraph:
    out = graph.copy()
    data = rel(RelType.PARTNERS_WITH, a, b, **props).to_props()
    out.add_edge(a, b, key=RelType.PARTNERS_WITH.value, type="PARTNERS_WITH", **data)
    return out


def _unlinked(report: GapReport) -> list[tuple[str, list[str]]]:
    return [(g.status, g.subjects) for g in report.gaps if g.kind == UNLINKED]


def _suggested(graph: nx.MultiDiGraph, org: str = RE_SUB3) -> list[str]:
    report = recommend(graph, org_id=org, top=50, as_of=TODAY)
    return [r.target for r in report.recommendations]


def test_without_a_decision_both_candidates_are_offered_and_the_gap_is_open() -> None:
    graph = _network()
    assert _unlinked(find_gaps(graph, "45", today=TODAY)) == [("open", [RE_SUB3])]
    assert {SAO3, MUNI3} <= set(_suggested(graph))


def test_accepted_marks_the_gap_planned_and_stops_other_candidates_for_the_role() -> None:
    graph = _decide(_network(), RE_SUB3, SAO3, "accepted")
    report = find_gaps(graph, "45", today=TODAY)
    assert _unlinked(report) == [("planned", [RE_SUB3])]
    planned = next(g for g in report.gaps if g.kind == UNLINKED)
    assert planned.evidence["decisions"][0]["target"] == SAO3
    assert TODAY.isoformat() in planned.explanation_en
    # planned gaps come after every open one
    statuses = [g.status for g in report.gaps]
    assert statuses == sorted(statuses, key=lambda s: s == "planned")
    suggested = _suggested(graph)
    assert SAO3 not in suggested and MUNI3 not in suggested
    accepted = recommend(graph, org_id=RE_SUB3, as_of=TODAY).accepted
    assert [(a.target, a.status) for a in accepted] == [(SAO3, "planned")]


def test_the_real_tie_realises_the_decision_and_closes_the_gap() -> None:
    graph = _tie(_decide(_network(), RE_SUB3, SAO3, "accepted"), RE_SUB3, SAO3, since=TODAY)
    assert _unlinked(find_gaps(graph, "45", today=TODAY)) == []
    [found] = decision_records(graph, TODAY)
    assert found.status == DecisionStatus.REALISED
    assert found.tie == {"type": "PARTNERS_WITH", "since": TODAY.isoformat()}


def test_a_lapsed_tie_reopens_the_gap() -> None:
    decided = TODAY - timedelta(days=100)
    graph = _decide(_network(), RE_SUB3, SAO3, "accepted", on=decided)
    graph = _tie(graph, RE_SUB3, SAO3, since=decided, until=TODAY - timedelta(days=1))
    assert _unlinked(find_gaps(graph, "45", today=TODAY)) == [("open", [RE_SUB3])]
    [found] = decision_records(graph, TODAY)
    assert found.status == DecisionStatus.LAPSED
    assert MUNI3 in _suggested(graph)  # the role is open again


def test_a_tie_that_ended_before_the_decision_is_what_it_plans_to_renew() -> None:
    graph = _tie(_network(), RE_SUB3, SAO3, until=TODAY - timedelta(days=30))
    graph = _decide(graph, RE_SUB3, SAO3, "accepted")
    [found] = decision_records(graph, TODAY)
    assert found.status == DecisionStatus.PLANNED


def test_rejected_is_never_suggested_either_way_and_leaves_the_gap_open() -> None:
    graph = _decide(_network(), SAO3, RE_SUB3, "rejected")
    assert SAO3 not in _suggested(graph)
    assert MUNI3 in _suggested(graph)
    assert _unlinked(find_gaps(graph, "45", today=TODAY)) == [("open", [RE_SUB3])]
    [found] = decision_records(graph, TODAY)
    assert found.status == DecisionStatus.REJECTED


def test_undone_is_as_if_never_decided() -> None:
    graph = _decide(_network(), RE_SUB3, SAO3, "undone")
    assert _unlinked(find_gaps(graph, "45", today=TODAY)) == [("open", [RE_SUB3])]
    assert {SAO3, MUNI3} <= set(_suggested(graph))
    [found] = decision_records(graph, TODAY)
    assert found.status == DecisionStatus.UNDONE


def test_records_filter_by_the_advised_organisations_province() -> None:
    graph = _decide(_decide(_network(), RE_SUB3, SAO3, "accepted"), RE_SUB1, MUNI3, "rejected")
    assert [r.source for r in decision_records(graph, TODAY, province="45")] == [
        RE_SUB1,
        RE_SUB3,
    ]
    assert decision_records(graph, TODAY, province="40") == []
