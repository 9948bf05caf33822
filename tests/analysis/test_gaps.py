"""Coordination gaps, one hand-checked tiny graph per gap kind (graphs in gap_graphs.py)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
import yaml
from gap_graphs import (
    CODI_NE,
    FR_CSO,
    FR_SUBS,
    HOUSING,
    MSU,
    P_ACK,
    P_REJECTED,
    P_UNSENT_OLD,
    P_WAIT_120,
    P_WAIT_400,
    RE_CDD,
    RE_GOV,
    RE_MSDHS,
    RE_MUNI,
    RE_NET,
    RE_PAO,
    RE_SAO1,
    RE_SUB1,
    RE_SUB2,
    RE_SUB3,
    TODAY,
    fragmented,
    issue_partners,
    proposals_ledger,
    province_subgraph,
    region_peers,
    roi_et_network,
)
from graphs import BROKER, KK_NET, KK_SUB1, KK_SUB2, KK_SUB3, broker_chain, khon_kaen_star

from partnernet.analysis.gap_index import PartnershipIndex, holds_province
from partnernet.analysis.gap_models import Gap, GapReport, share_severity
from partnernet.analysis.gap_structure import components, cut_off_councils
from partnernet.analysis.gaps import GAP_KINDS, analyse_province, find_gaps, gaps_from_index
from partnernet.analysis.recommend import recommend
from partnernet.analysis.template import GapSettings, Severity, Where, load_template

SHIPPED = Path(__file__).parents[2] / "partnernet" / "data" / "partnership_template.yaml"


def _gaps(report: GapReport, kind: str) -> list[Gap]:
    return [g for g in report.gaps if g.kind == kind]


def _one(report: GapReport, kind: str) -> Gap:
    found = _gaps(report, kind)
    assert len(found) == 1, [g.subjects for g in found]
    return found[0]


# --- report shape ---------------------------------------------------------------------------


def test_report_shape_matches_the_design() -> None:
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    data = report.model_dump(mode="json")
    assert set(data) >= {"province", "coverage", "gaps"}
    assert data["province"] == {
        "code": "45",
        "name_th": "ร้อยเอ็ด",
        "name_en": "Roi Et",
        "region": "Northeast",
    }
    for gap in data["gaps"]:
        assert set(gap) == {
            "kind",
            "severity",
            "subjects",
            "explanation_th",
            "explanation_en",
            "evidence",
            "status",
        }
        assert gap["kind"] in GAP_KINDS
        assert gap["severity"] in ("high", "medium", "low")
        assert gap["status"] == "open"  # no decision in this network


def test_province_may_be_named_in_thai_or_english() -> None:
    graph = roi_et_network()
    by_code = find_gaps(graph, "45", today=TODAY)
    assert find_gaps(graph, "ร้อยเอ็ด", today=TODAY) == by_code
    assert find_gaps(graph, "Roi Et", today=TODAY) == by_code


def test_gaps_are_sorted_by_severity_kind_subjects_and_deterministic() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    keys = [(g.severity.rank, g.kind, g.subjects) for g in report.gaps]
    assert keys == sorted(keys)
    assert find_gaps(proposals_ledger(), "45", today=TODAY) == report


def test_the_graph_is_not_mutated() -> None:
    graph = fragmented()
    before = copy.deepcopy(graph)
    find_gaps(graph, "45", today=TODAY)
    assert nx.utils.graphs_equal(graph, before)
    assert list(graph.edges(keys=True, data=True)) == list(before.edges(keys=True, data=True))


# --- partner roles and coverage ---------------------------------------------------------------


def test_missing_governor_office_for_roi_et() -> None:
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    gap = _one(report, "missing_partner_role")
    assert gap.subjects == [RE_NET]
    assert gap.severity is Severity.HIGH
    assert gap.evidence["role"] == "governor_office"
    assert gap.evidence["candidates"] == [RE_GOV]
    assert gap.explanation_th.startswith(
        "สภาองค์กรชุมชนจังหวัดร้อยเอ็ดยังไม่มีความร่วมมือกับสำนักงานจังหวัด (ผู้ว่าราชการจังหวัด)"
    )
    assert "สำนักงานจังหวัดร้อยเอ็ด" in gap.explanation_th
    assert gap.explanation_en.startswith(
        "Roi Et's provincial council network has no tie to the governor's office"
    )
    assert "Roi Et Provincial Office" in gap.explanation_en  # the candidate's English name


def test_codi_office_and_university_count_anywhere_in_the_region() -> None:
    # CODI's Northeast office is in Khon Kaen (40), the university in Maha Sarakham (44).
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    roles = {g.evidence["role"] for g in _gaps(report, "missing_partner_role")}
    assert "codi_office" not in roles
    assert "university" not in roles
    index = PartnershipIndex(roi_et_network(), load_template())
    assert index.within(RE_NET, CODI_NE, Where.SAME_REGION)
    assert not index.within(RE_NET, CODI_NE, Where.SAME_PROVINCE)
    assert index.tier(RE_NET, MSU) == "same_region"


def test_coverage_is_the_weighted_share_of_expected_ties() -> None:
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    # (4.5 of 5.5 provincial roles + 1.75 x 2/3 of the subdistrict roles + 1.5 of 1.5) / 8.75
    assert report.coverage == pytest.approx((4.5 + 1.75 * 2 / 3 + 1.5) / 8.75, abs=1e-4)
    assert report.metrics["councils"] == 5
    assert report.metrics["local_government_share"] == pytest.approx(2 / 3, abs=1e-4)


def test_subdistrict_council_unlinked_local_government() -> None:
    # RE_SUB2 is tied to a municipality of its district (known only by district): counts.
    # RE_SUB3 is tied only to an SAO of another district: does not.
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    gap = _one(report, "subdistrict_council_unlinked_local_government")
    assert gap.subjects == [RE_SUB3]
    assert gap.evidence["missing"] == 1 and gap.evidence["councils"] == 3
    assert gap.severity is Severity.MEDIUM  # high role, a third of the councils: one step down
    assert gap.explanation_en == (
        "1 of 3 subdistrict councils in Roi Et has no tie to the local SAO or municipality: "
        "สภาองค์กรชุมชนตำบลเกษตรวิสัย"
    )
    assert gap.explanation_th.startswith("สภาองค์กรชุมชนระดับตำบล 1 จาก 3 แห่งในจังหวัดร้อยเอ็ด")
    index = PartnershipIndex(roi_et_network(), load_template())
    assert index.within(RE_SUB2, RE_MUNI, Where.SAME_DISTRICT)
    assert not index.within(RE_SUB3, RE_SAO1, Where.SAME_DISTRICT)


def test_a_lapsed_partnership_is_no_tie() -> None:
    # RE_SUB1's MOU with its own SAO ended before TODAY: it now lacks local government, and
    # the suggestions offer the SAO again. On a day inside the MOU nothing changes.
    graph = roi_et_network()
    graph.edges[RE_SUB1, RE_SAO1, "PARTNERS_WITH"]["until"] = "2020-12-31"
    report = find_gaps(graph, "45", today=TODAY)
    assert _one(report, "subdistrict_council_unlinked_local_government").subjects == [
        RE_SUB1,
        RE_SUB3,
    ]
    before = find_gaps(graph, "45", today=date(2020, 6, 1))
    assert _one(before, "subdistrict_council_unlinked_local_government").subjects == [RE_SUB3]
    suggested = recommend(graph, "45", org_id=RE_SUB1, as_of=TODAY).recommendations
    assert RE_SAO1 in [r.target for r in suggested]
    assert RE_SAO1 not in [
        r.target
        for r in recommend(graph, "45", org_id=RE_SUB1, as_of=date(2020, 6, 1)).recommendations
    ]


def test_subdistrict_council_unlinked_network() -> None:
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    gap = _one(report, "subdistrict_council_unlinked_network")
    assert gap.subjects == [RE_SUB3]
    assert gap.severity is Severity.LOW  # medium role, a third of the councils


def test_network_tie_must_be_membership_or_partnership() -> None:
    # A FUNDS tie between a subdistrict council and the network is a tie, but not the kind the
    # template's `via` asks for.
    graph = roi_et_network()
    graph.add_edge(RE_NET, RE_SUB3, key="FUNDS", type="FUNDS")
    report = find_gaps(graph, "45", today=TODAY)
    assert _one(report, "subdistrict_council_unlinked_network").subjects == [RE_SUB3]


def test_other_roles_of_local_councils_are_summarised_as_missing_partner_role(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["councils"]["subdistrict"] = {
        "roles": [
            {
                "id": "health",
                "name_th": "หน่วยงานสาธารณสุข",
                "name_en": "a health agency",
                "match": {"kind": "Agency", "type": "health"},
                "where": "same_district",
                "severity": "medium",
            }
        ]
    }
    data["councils"].pop("municipal")
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = find_gaps(roi_et_network(), "45", today=TODAY, template=load_template(path))
    summary = [g for g in _gaps(report, "missing_partner_role") if g.evidence["role"] == "health"]
    assert len(summary) == 1
    assert summary[0].subjects == [RE_SUB1, RE_SUB2, RE_SUB3]
    assert summary[0].severity is Severity.MEDIUM
    assert summary[0].explanation_en.startswith(
        "3 of 3 subdistrict councils in Roi Et have no tie to a health agency"
    )


def test_no_district_mechanism_and_no_provincial_network() -> None:
    assert not _gaps(find_gaps(roi_et_network(), "45", today=TODAY), "no_district_mechanism")
    report = find_gaps(issue_partners(), "45", today=TODAY)
    gap = _one(report, "no_district_mechanism")
    assert gap.subjects == ["province:45"]
    assert gap.severity is Severity.MEDIUM
    assert gap.explanation_th == "จังหวัดร้อยเอ็ดยังไม่มีกลไกระดับอำเภอ (สภาองค์กรชุมชนระดับอำเภอ)"
    assert gap.explanation_en == (
        "Roi Et does not have a district-level mechanism (district council)"
    )
    network = _one(report, "no_provincial_network")
    assert network.severity is Severity.HIGH
    # Without a provincial network, its seven roles count as missing in the coverage.
    assert report.coverage == 0.0


# --- proposals --------------------------------------------------------------------------------


def test_proposal_not_submitted() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    gap = _one(report, "proposal_not_submitted")
    assert gap.subjects == [P_UNSENT_OLD]  # the one raised 10 days ago is not a gap yet
    assert gap.evidence["age_days"] == 200
    assert gap.severity is Severity.LOW
    assert "กองทุนสวัสดิการชุมชน" in gap.explanation_th
    assert "(raised 200 days ago)" in gap.explanation_en


def test_proposal_unanswered() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    gaps = {g.subjects[0]: g for g in _gaps(report, "proposal_unanswered")}
    assert set(gaps) == {P_WAIT_120, P_WAIT_400}  # 30 days is inside the window
    assert gaps[P_WAIT_400].severity is Severity.HIGH  # twice the window
    assert gaps[P_WAIT_120].severity is Severity.MEDIUM
    assert gaps[P_WAIT_120].subjects == [P_WAIT_120, RE_PAO]
    assert gaps[P_WAIT_120].evidence["age_days"] == 120
    assert "120 days ago has had no answer" in gaps[P_WAIT_120].explanation_en
    assert "เมื่อ 120 วันก่อน ยังไม่ได้รับคำตอบ" in gaps[P_WAIT_120].explanation_th


def test_unanswered_window_is_a_parameter() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY, unanswered_after_days=365)
    assert [g.subjects[0] for g in _gaps(report, "proposal_unanswered")] == [P_WAIT_400]
    late = find_gaps(proposals_ledger(), "45", today=date(2030, 1, 1))
    assert len(_gaps(late, "proposal_unanswered")) == 3
    with pytest.raises(ValueError):
        find_gaps(proposals_ledger(), "45", today=TODAY, unanswered_after_days=-1)


def test_proposal_not_adopted() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    gaps = {g.subjects[0]: g for g in _gaps(report, "proposal_not_adopted")}
    # in_plan and ADOPTED_IN proposals are fine; acknowledged and rejected ones are not.
    assert set(gaps) == {P_ACK, P_REJECTED}
    assert gaps[P_ACK].severity is Severity.LOW
    assert gaps[P_REJECTED].severity is Severity.MEDIUM
    assert gaps[P_ACK].subjects == [P_ACK, RE_MSDHS]
    assert gaps[P_REJECTED].evidence["answered_by"] == [RE_CDD]
    assert "(rejected) but has not been adopted in any plan" in gaps[P_REJECTED].explanation_en


def test_each_proposal_is_reported_once() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    proposal_kinds = ("proposal_not_submitted", "proposal_unanswered", "proposal_not_adopted")
    firsts = [g.subjects[0] for g in report.gaps if g.kind in proposal_kinds]
    assert len(firsts) == len(set(firsts)) == 5


def test_council_never_heard() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    gap = _one(report, "council_never_heard")
    # RE_SUB2's only proposal is 30 days old; RE_NET had answers.
    assert gap.subjects == [RE_SUB1]
    assert gap.severity is Severity.HIGH
    assert gap.evidence["proposals"] == [P_WAIT_120, P_WAIT_400]
    assert gap.explanation_th == "สภาองค์กรชุมชนตำบลในเมืองยื่นข้อเสนอ 2 เรื่อง แต่ยังไม่เคยได้รับคำตอบเลย"
    assert gap.explanation_en.endswith("submitted 2 proposals and has never had an answer")


def test_agency_never_responds() -> None:
    report = find_gaps(proposals_ledger(), "45", today=TODAY)
    gap = _one(report, "agency_never_responds")
    # The governor's office got 3 proposals but answered two of them.
    assert gap.subjects == [RE_PAO]
    assert gap.evidence["overdue"] == 2 and gap.evidence["answered"] == 0
    assert gap.severity is Severity.MEDIUM
    assert "received 2 proposals from Roi Et (older than 90 days) and has answered none" in (
        gap.explanation_en
    )


# --- issues -----------------------------------------------------------------------------------


def test_issue_without_agency_partner() -> None:
    report = find_gaps(issue_partners(), "45", today=TODAY)
    gap = _one(report, "issue_without_agency_partner")
    # Land: RE_SUB1's partner (the PAO) works on it. Welfare: the national housing authority,
    # RE_SUB3's partner, works on it. Housing: nobody's agency partner does.
    assert gap.subjects == [HOUSING, RE_SUB1, RE_SUB2]
    assert gap.evidence["candidates"] == [RE_MSDHS]
    assert gap.severity is Severity.MEDIUM
    assert gap.explanation_en.startswith("2 councils in Roi Et work on housing")
    assert "ทำงานประเด็นที่อยู่อาศัย" in gap.explanation_th


# --- structure --------------------------------------------------------------------------------


def test_single_point_of_failure_says_how_many_councils() -> None:
    report = find_gaps(fragmented(), "45", today=TODAY)
    gap = _one(report, "single_point_of_failure")
    # FR_SUBS[1] also holds FR_SUBS[2]'s only path, but one council is below the threshold.
    assert gap.subjects == [RE_NET]
    assert gap.evidence["k"] == 3
    assert gap.evidence["councils"] == FR_SUBS[:3]
    assert gap.severity is Severity.MEDIUM  # 3 of 8 councils
    assert "for 3 councils" in gap.explanation_en
    assert "สภาองค์กรชุมชน 3 แห่ง" in gap.explanation_th


def test_single_points_in_the_shared_graphs() -> None:
    star = _one(find_gaps(khon_kaen_star(), "40"), "single_point_of_failure")
    assert star.subjects == [KK_NET]
    assert star.evidence["councils"] == [KK_SUB1, KK_SUB2, KK_SUB3]
    chain = {
        g.subjects[0]: g.evidence["k"]
        for g in _gaps(find_gaps(broker_chain(), "40"), "single_point_of_failure")
    }
    assert chain == {KK_NET: 3, BROKER: 4}


def test_cut_off_councils_never_names_agencies() -> None:
    # c1 - a1 - c2 with a1 an agency: a1 is a cut vertex, but an agency is a destination.
    view = nx.Graph([("c1", "a1"), ("a1", "c2"), ("c3", "b"), ("b", "a2")])
    kinds = {
        "c1": "Council",
        "c2": "Council",
        "c3": "Council",
        "a1": "Agency",
        "a2": "Agency",
        "b": "CivilSocietyGroup",
    }
    assert cut_off_councils(view, {"c1", "c2", "c3"}, kinds) == {"b": ["c3"]}
    assert cut_off_councils(view, {"c1"}, {"c1": "Council"}) == {}


def _cut_off_by_brute_force(
    graph: nx.Graph, councils: set[str], kinds: dict[str, str]
) -> dict[str, list[str]]:
    agencies = {n for n in graph if kinds[n] == "Agency"}

    def reaching(g: nx.Graph) -> set[str]:
        return {
            c for c in councils if c in g and any(nx.has_path(g, c, a) for a in agencies if a in g)
        }

    before = reaching(graph)
    out: dict[str, list[str]] = {}
    for node in graph:
        if kinds[node] == "Agency":
            continue
        rest = graph.copy()
        rest.remove_node(node)
        lost = sorted(before - reaching(rest) - {node})
        if lost:
            out[node] = lost
    return out


@pytest.mark.parametrize("seed", range(12))
def test_cut_off_councils_matches_brute_force(seed: int) -> None:
    graph = nx.gnm_random_graph(18, 22, seed=seed)
    graph = nx.relabel_nodes(graph, {n: f"n{n:02d}" for n in graph})
    kinds = {
        n: ("Agency" if i % 5 == 0 else "Council" if i % 2 else "CivilSocietyGroup")
        for i, n in enumerate(sorted(graph))
    }
    councils = {n for n, k in kinds.items() if k == "Council"}
    view = {n: set(graph.adj[n]) for n in graph}
    assert cut_off_councils(view, councils, kinds) == _cut_off_by_brute_force(
        graph, councils, kinds
    )
    assert components(view) == sorted(
        (sorted(c) for c in nx.connected_components(graph) if len(c) > 1), key=lambda c: c[0]
    )


def test_isolated_council() -> None:
    report = find_gaps(fragmented(), "45", today=TODAY)
    gap = _one(report, "isolated_council")
    assert gap.subjects == FR_SUBS[5:]
    assert gap.severity is Severity.MEDIUM  # 2 of 8 = 25%
    assert gap.explanation_en.startswith("2 of 8 councils in Roi Et have no partner at all")


def test_disconnected_component() -> None:
    report = find_gaps(fragmented(), "45", today=TODAY)
    gap = _one(report, "disconnected_component")
    assert gap.subjects == FR_SUBS[3:5]
    assert gap.evidence["members"] == sorted([*FR_SUBS[3:5], FR_CSO])
    assert gap.evidence["size"] == 3
    assert gap.explanation_en.startswith("A group of 3 organisations with 2 councils")


# --- regional peers ---------------------------------------------------------------------------


def test_below_regional_peers() -> None:
    report = find_gaps(region_peers(), "45", today=TODAY)
    gaps = {g.evidence["metric"]: g for g in _gaps(report, "below_regional_peers")}
    assert set(gaps) == {"partners_per_council", "coverage", "local_government_share"}
    local = gaps["local_government_share"]
    assert local.subjects == ["province:45"]
    assert local.evidence["value"] == 0.0 and local.evidence["median"] == 1.0
    assert local.evidence["peers"] == {"40": 1.0, "44": 1.0, "46": 1.0}
    assert local.severity is Severity.HIGH
    partners = gaps["partners_per_council"]
    assert partners.evidence["value"] == 1.75 and partners.evidence["median"] == 2.75
    assert partners.severity is Severity.MEDIUM  # 1.75 is above half of 2.75
    assert partners.explanation_en == (
        "Roi Et's partners per council (1.75) is below the median of 3 provinces in the "
        "Northeast region (2.75)"
    )
    assert "ภาคตะวันออกเฉียงเหนือ" in partners.explanation_th
    coverage = gaps["coverage"]
    assert coverage.evidence["value"] == pytest.approx(2.75 / 8.75, abs=1e-4)
    assert coverage.evidence["median"] == pytest.approx(4.75 / 8.75, abs=1e-4)


def test_peers_are_never_below_themselves_and_can_be_chosen() -> None:
    assert not _gaps(find_gaps(region_peers(), "40", today=TODAY), "below_regional_peers")
    # One chosen peer is fewer than the template's minimum of two: no comparison.
    only_one = find_gaps(region_peers(), "45", today=TODAY, peers=["40"])
    assert not _gaps(only_one, "below_regional_peers")
    two = find_gaps(region_peers(), "45", today=TODAY, peers=["40", "44"])
    assert two.metrics["peers"]["provinces"] == ["40", "44"]
    assert len(_gaps(two, "below_regional_peers")) == 3


def test_the_fringe_of_a_province_subgraph_is_not_a_peer() -> None:
    # Khon Kaen's three subdistrict councils partner with Roi Et's PAO: Roi Et's subgraph holds
    # them (3 councils of 40, enough by count), but not the province of 40 as a whole.
    graph = region_peers()
    for i in (1, 2, 3):
        graph.add_edge(
            f"council:subdistrict:4001{i:02d}",
            "agency:pao:45",
            key="PARTNERS_WITH",
            type="PARTNERS_WITH",
        )
    fringe = province_subgraph(graph, "45")
    assert (
        len(
            [
                n
                for n, a in fringe.nodes(data=True)
                if a.get("kind") == "Council" and a.get("province_code") == "40"
            ]
        )
        == 3
    )
    index = PartnershipIndex(fringe, load_template())
    assert not holds_province(index, "40", "45", 3)
    assert find_gaps(fringe, "45", today=TODAY).metrics["peers"] == {"provinces": []}
    whole = PartnershipIndex(graph, load_template())
    assert holds_province(whole, "40", "45", 3)
    assert find_gaps(graph, "45", today=TODAY).metrics["peers"]["provinces"] == ["40", "44", "46"]


def test_a_province_subgraph_alone_has_no_peer_comparison() -> None:
    # roi_et_network holds organisations of 40 and 44, but no councils there.
    report = find_gaps(roi_et_network(), "45", today=TODAY)
    assert report.metrics["peers"] == {"provinces": []}


# --- helpers ----------------------------------------------------------------------------------


def test_share_severity() -> None:
    settings = GapSettings()
    assert share_severity(Severity.HIGH, 0.5, settings) is Severity.HIGH
    assert share_severity(Severity.HIGH, 0.2, settings) is Severity.MEDIUM
    assert share_severity(Severity.HIGH, 0.1, settings) is Severity.LOW
    assert share_severity(Severity.MEDIUM, 0.3, settings) is Severity.LOW


def test_analyse_province_gives_both_reports_from_one_projection() -> None:
    both = analyse_province(region_peers(), "ร้อยเอ็ด", today=TODAY, top=3)
    assert both.gaps == find_gaps(region_peers(), "45", today=TODAY)
    assert both.recommendations == recommend(region_peers(), "45", top=3)
    assert set(both.model_dump(mode="json")) == {"gaps", "recommendations"}


def test_index_can_be_shared_between_calls() -> None:
    index = PartnershipIndex(roi_et_network(), load_template())
    assert gaps_from_index(index, "45", today=TODAY) == find_gaps(
        roi_et_network(), "45", today=TODAY
    )


def test_tiers() -> None:
    index = PartnershipIndex(roi_et_network(), load_template())
    assert index.tier(RE_SUB1, RE_SAO1) == "same_subdistrict"
    assert index.tier(RE_SUB2, RE_SAO1) == "same_district"
    assert index.tier(RE_SUB2, RE_MUNI) == "same_district"
    assert index.tier(RE_SUB3, RE_SAO1) == "same_province"
    assert index.tier(RE_NET, CODI_NE) == "same_region"
    assert index.tier(RE_SUB1, RE_NET) == "same_province"
