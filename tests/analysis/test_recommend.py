"""Partner suggestions: every score component by hand, constraints and planners' decisions."""

from __future__ import annotations

import math
from datetime import date

import pytest
from gap_graphs import (
    CBO,
    MINISTRY,
    RE_MSDHS,
    RE_SAO1,
    RE_SUB1,
    RE_SUB2,
    TODAY,
    issue_partners,
    kind_pairs,
    region_peers,
    with_decisions,
)
from graphs import (
    KK_GOV,
    KK_NET,
    KK_PAO,
    KK_SUB1,
    KK_SUB2,
    broker_chain,
    event_and_proposals,
    khon_kaen_star,
    typed_graph,
)

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.recommend import (
    COMPONENTS,
    Recommendation,
    RecommendationReport,
    Scorer,
    decision_relationship,
    rank_candidates,
    recommend,
    recommend_from_index,
)
from partnernet.analysis.template import load_template
from partnernet.foundation.errors import NotFound
from partnernet.graph.model import (
    Agency,
    AgencyType,
    Council,
    CouncilLevel,
    Issue,
    RecommendationDecision,
    Relationship,
    RelType,
)

SUB_450101 = "council:subdistrict:450101"
SAO_450101 = "agency:sao:450101"
SAO_450102 = "agency:sao:450102"


def _pair(report: RecommendationReport, source: str, target: str) -> Recommendation:
    for rec in report.recommendations:
        if (rec.source, rec.target) == (source, target):
            return rec
    raise AssertionError(f"{source} -> {target} not suggested: {report.recommendations}")


def _targets(report: RecommendationReport) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in report.recommendations}


# --- shape and score --------------------------------------------------------------------------


def test_report_shape_matches_the_design() -> None:
    data = recommend(region_peers(), "45").model_dump(mode="json")
    assert "recommendations" in data
    for rec in data["recommendations"]:
        assert set(rec) >= {
            "source",
            "target",
            "score",
            "components",
            "explanation_th",
            "explanation_en",
        }
        assert set(rec["components"]) == set(COMPONENTS)
        assert all(0.0 <= v <= 1.0 for v in rec["components"].values())


def test_score_is_the_weighted_mean_of_the_components() -> None:
    weights = load_template().recommend.weights.as_dict()
    for rec in recommend(region_peers(), "45", top=20).recommendations:
        expected = sum(weights[c] * v for c, v in rec.components.items()) / sum(weights.values())
        assert rec.score == pytest.approx(expected, abs=1e-4)


def test_suggestions_are_sorted_and_deterministic() -> None:
    report = recommend(region_peers(), "45", top=20)
    keys = [(-r.score, r.source, r.target) for r in report.recommendations]
    assert keys == sorted(keys)
    assert recommend(region_peers(), "45", top=20) == report
    assert len(recommend(region_peers(), "45", top=2).recommendations) == 2


# --- components, one by one -------------------------------------------------------------------


def test_template_role_component() -> None:
    # broker_chain: the network lacks the governor's office (weight 1.0 of the largest 1.0).
    rec = _pair(recommend(broker_chain(), org_id=KK_NET), KK_NET, KK_GOV)
    assert rec.components["template_role"] == 1.0
    assert rec.evidence["role"]["id"] == "governor_office"
    assert "expects a provincial council to work with the governor's office" in (rec.explanation_en)
    # event_and_proposals: KK_SUB2 lacks the provincial network (0.75 of the largest 1.0).
    sub = _pair(recommend(event_and_proposals(), org_id=KK_SUB2), KK_SUB2, KK_NET)
    assert sub.components["template_role"] == 0.75


def test_peer_practice_component() -> None:
    # 9 of the 11 other subdistrict councils of the region tie to the SAO of their own
    # subdistrict (all of 40, 44 and 46; none of 45's).
    rec = _pair(recommend(region_peers(), org_id=SUB_450101), SUB_450101, SAO_450101)
    assert rec.components["peer_practice"] == pytest.approx(9 / 11, abs=1e-4)
    assert rec.evidence["peer"]["count"] == 9 and rec.evidence["peer"]["peers"] == 11
    assert (
        "9 of 11 peer subdistrict councils in the region work with an SAO in their own "
        "subdistrict" in rec.explanation_en
    )
    assert "9 จาก 11 สภาองค์กรชุมชนระดับตำบลในภาคเดียวกัน" in rec.explanation_th
    # Another SAO of the district is not what peers do (their own subdistrict's): 0.
    other = _pair(recommend(region_peers(), org_id=SUB_450101), SUB_450101, SAO_450102)
    assert other.components["peer_practice"] == 0.0


def test_peer_practice_is_spread_over_the_options() -> None:
    # In 40, 44 and 46 every subdistrict council also partners with the two other councils of
    # its district: 9 of 11 peers work with "a subdistrict council of their own district", and
    # 450101 has 2 such to choose from, so each gets 9/11 / 2.
    graph = region_peers()
    for p in ("40", "44", "46"):
        for a, b in (("01", "02"), ("01", "03"), ("02", "03")):
            graph.add_edge(
                f"council:subdistrict:{p}01{a}",
                f"council:subdistrict:{p}01{b}",
                key="PARTNERS_WITH",
                type="PARTNERS_WITH",
            )
    scorer = Scorer(PartnershipIndex(graph, load_template()))
    assert scorer.options(SUB_450101, ("Council", "subdistrict", "same_district")) == 2
    assert scorer.options(SUB_450101, ("Agency", "sao", "same_subdistrict")) == 1
    assert scorer.options(SUB_450101, ("Agency", "sao", "same_district")) == 2
    assert scorer.options(SUB_450101, ("Agency", "pao", "same_province")) == 1
    assert scorer.options(SUB_450101, ("Agency", "pao", "same_region")) == 3
    rec = _pair(
        recommend(graph, org_id=SUB_450101, top=20), SUB_450101, "council:subdistrict:450102"
    )
    assert rec.components["peer_practice"] == pytest.approx(9 / 11 / 2, abs=1e-4)
    assert rec.evidence["peer"]["options"] == 2
    assert "(this is one of 2)" in rec.explanation_en


def test_peer_practice_with_chosen_peer_provinces() -> None:
    # Peers from 40 only (3 councils, all tied) plus 45's two others (untied): 3 of 5.
    rec = _pair(recommend(region_peers(), org_id=SUB_450101, peers=["40"]), SUB_450101, SAO_450101)
    assert rec.components["peer_practice"] == pytest.approx(3 / 5, abs=1e-4)


def test_peer_practice_needs_enough_peers() -> None:
    # khon_kaen_star has 2 other subdistrict councils: below min_peers = 3.
    for rec in recommend(khon_kaen_star(), "40", top=50).recommendations:
        assert rec.components["peer_practice"] == 0.0


def test_common_neighbours_component_is_adamic_adar() -> None:
    # KK_SUB1 and KK_SUB2 share KK_NET, which has 9 partners: AA = 1 / ln 9.
    rec = _pair(recommend(khon_kaen_star(), org_id=KK_SUB1), KK_SUB1, KK_SUB2)
    assert rec.components["common_neighbours"] == pytest.approx(
        1 - math.exp(-1 / math.log(9)), abs=1e-4
    )
    assert rec.evidence["common_partners"] == [KK_NET]
    assert "you share 1 partner with it" in rec.explanation_en


def test_shared_issues_component() -> None:
    # RE_SUB1 works on housing and land; the MSDHS office on housing: 1 of 2.
    rec = _pair(recommend(issue_partners(), org_id=RE_SUB1), RE_SUB1, RE_MSDHS)
    assert rec.components["shared_issues"] == 0.5
    assert rec.evidence["shared_issues"] == ["issue:housing"]
    assert "it works on 1 of your 2 issues (housing)" in rec.explanation_en
    only = _pair(recommend(issue_partners(), org_id=RE_SUB2), RE_SUB2, RE_MSDHS)
    assert only.components["shared_issues"] == 1.0


def test_proximity_component() -> None:
    report = recommend(region_peers(), org_id=SUB_450101, top=10)
    assert _pair(report, SUB_450101, SAO_450101).components["proximity"] == 1.0
    assert _pair(report, SUB_450101, SAO_450102).components["proximity"] == 0.8
    assert _pair(report, SUB_450101, SAO_450101).evidence["tier"] == "same_subdistrict"
    # The template allows any SAO of the district, but the council's own fits best.
    assert _pair(report, SUB_450101, SAO_450101).components["template_role"] == 1.0
    assert _pair(report, SUB_450101, SAO_450102).components["template_role"] == 0.5
    # A national body (no province) is 0.2 away from everyone; here found by a shared issue.
    nodes = [
        Council(
            id=KK_NET,
            name_th="สภาองค์กรชุมชนจังหวัดขอนแก่น",
            level=CouncilLevel.PROVINCIAL,
            province_code="40",
        ),
        Agency(id="agency:th:codi", name_th="สถาบันพัฒนาองค์กรชุมชน", type=AgencyType.CODI_OFFICE),
        Issue(id="issue:housing", name_th="ที่อยู่อาศัย", name_en="housing", code="housing"),
    ]
    rels = [
        Relationship(type=RelType.WORKS_ON, source=KK_NET, target="issue:housing"),
        Relationship(type=RelType.WORKS_ON, source="agency:th:codi", target="issue:housing"),
    ]
    rec = _pair(recommend(typed_graph(nodes, rels), org_id=KK_NET), KK_NET, "agency:th:codi")
    assert rec.components["proximity"] == 0.2
    assert rec.evidence["tier"] == "national"
    # CODI's head office is not the *regional* office the template asks for.
    assert rec.components["template_role"] == 0.0
    assert rec.components["shared_issues"] == 1.0
    assert "a national body" in rec.explanation_en


def test_own_sao_ranks_first() -> None:
    ranked = rank_candidates(Scorer(PartnershipIndex(region_peers(), load_template())), SUB_450101)
    assert ranked[0].target == SAO_450101


# --- constraints ------------------------------------------------------------------------------


def test_existing_partners_are_never_suggested() -> None:
    for graph, province in (
        (region_peers(), "40"),
        (khon_kaen_star(), "40"),
        (event_and_proposals(), "40"),
    ):
        index = PartnershipIndex(graph, load_template())
        for rec in recommend(graph, province, top=100).recommendations:
            assert rec.target not in index.ties.adj[rec.source]
            assert rec.target != rec.source


def test_kind_pairs_are_respected() -> None:
    # The ministry is two hops from the savings group, but a CBO is not pointed at a ministry;
    # its SAO is allowed.
    report = recommend(kind_pairs(), org_id=CBO)
    assert _targets(report) == {(CBO, RE_SAO1)}
    assert MINISTRY not in {r.target for r in report.recommendations}
    # Agencies are not advised at all by the shipped template.
    assert recommend(kind_pairs(), org_id=RE_SAO1).recommendations == []


def test_a_pair_of_the_provinces_councils_is_suggested_once() -> None:
    report = recommend(khon_kaen_star(), "40", top=100)
    pairs = [frozenset((r.source, r.target)) for r in report.recommendations]
    assert len(pairs) == len(set(pairs))


# --- decisions --------------------------------------------------------------------------------


def test_rejected_suggestions_are_suppressed_in_both_directions() -> None:
    base = recommend(region_peers(), org_id=SUB_450101, top=50)
    assert (SUB_450101, SAO_450101) in _targets(base)
    rejected = with_decisions(
        region_peers(), [(SUB_450101, SAO_450101, RecommendationDecision.REJECTED)]
    )
    assert (SUB_450101, SAO_450101) not in _targets(recommend(rejected, org_id=SUB_450101, top=50))
    # Recorded the other way round, the pair is suppressed too.
    reverse = with_decisions(
        region_peers(), [(SAO_450101, SUB_450101, RecommendationDecision.REJECTED)]
    )
    assert (SUB_450101, SAO_450101) not in _targets(recommend(reverse, org_id=SUB_450101, top=50))


def test_accepted_suggestions_are_reported_not_suggested_again() -> None:
    graph = with_decisions(
        region_peers(), [(SUB_450101, SAO_450101, RecommendationDecision.ACCEPTED)]
    )
    report = recommend(graph, "45", top=50)
    assert (SUB_450101, SAO_450101) not in _targets(report)
    assert [(a.source, a.target, a.decision, a.decided_on) for a in report.accepted] == [
        (SUB_450101, SAO_450101, "accepted", TODAY.isoformat())
    ]


def test_decision_relationship_round_trips_through_a_graph() -> None:
    rel = decision_relationship(
        SUB_450101, SAO_450101, "rejected", "2024-06-01", score=0.61, note="ไม่สะดวก"
    )
    assert rel.type is RelType.RECOMMENDED
    assert rel.decision is RecommendationDecision.REJECTED
    assert rel.decided_on == date(2024, 6, 1)
    assert rel.to_props() == {
        "decision": "rejected",
        "decided_on": "2024-06-01",
        "score": 0.61,
        "note": "ไม่สะดวก",
    }
    graph = region_peers()
    graph.add_edge(
        rel.source, rel.target, key=rel.type.value, **rel.to_props(), type=rel.type.value
    )
    assert (SUB_450101, SAO_450101) not in _targets(recommend(graph, org_id=SUB_450101))
    with pytest.raises(ValueError):
        decision_relationship(SUB_450101, SAO_450101, "maybe", date(2024, 6, 1))


# --- arguments --------------------------------------------------------------------------------


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="province or an organisation"):
        recommend(region_peers())
    with pytest.raises(NotFound, match="unknown organisation"):
        recommend(region_peers(), org_id="council:nowhere")
    with pytest.raises(ValueError, match="top"):
        recommend(region_peers(), "45", top=0)


def test_index_can_be_shared_with_gaps() -> None:
    index = PartnershipIndex(broker_chain(), load_template())
    assert recommend_from_index(index, "ขอนแก่น") == recommend(broker_chain(), "40")
    assert (KK_NET, KK_PAO) in _targets(recommend_from_index(index, "40"))
