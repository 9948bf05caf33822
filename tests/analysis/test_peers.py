"""Peer summaries: the counts on a graph worked out by hand, and the promise that gaps and
suggestions computed with summaries equal those computed from the peers' organisations."""

from __future__ import annotations

from datetime import date

import pytest
from gap_graphs import PEER_PROVINCES, TODAY, region_peers, synthetic_region

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.gaps import analyse_province
from partnernet.analysis.peers import region_counts, summarise_provinces, validity
from partnernet.analysis.template import load_template


def test_summary_of_a_peer_province_counts_its_groups_by_hand() -> None:
    # region_peers: in 40 each of three subdistrict councils ties to its own SAO and is a
    # member of the provincial network; the network partners with the PAO and the governor's
    # office and has the three councils as members.
    index = PartnershipIndex(region_peers(), load_template(), as_of=TODAY)
    summary = summarise_provinces(index, ["40"])["40"]
    assert summary.councils == 4
    assert summary.partners_per_council == 2.75
    assert summary.local_government_share == 1.0
    local = summary.group("Council", "subdistrict")
    assert local is not None and local.members == 3
    assert local.signature_counts() == {
        ("Agency", "sao", "same_subdistrict"): 3,
        ("Council", "provincial", "same_province"): 3,
    }
    network = summary.group("Council", "provincial")
    assert network is not None and network.members == 1
    assert network.signature_counts() == {
        ("Agency", "pao", "same_province"): 1,
        ("Agency", "governor_office", "same_province"): 1,
        ("Council", "subdistrict", "same_province"): 1,
    }
    saos = summary.group("Agency", "sao")
    assert saos is not None and saos.members == 3
    summaries = summarise_provinces(index, PEER_PROVINCES)
    assert region_counts(summaries, "Agency", "sao", exclude="45") == 9
    assert region_counts(summaries, "Agency", "pao", exclude=None) == 4


@pytest.mark.parametrize(
    "graph",
    [
        pytest.param(region_peers, id="region_peers"),
        pytest.param(lambda: synthetic_region(seed=3), id="synthetic_region"),
        pytest.param(lambda: synthetic_region(seed=11, p_local=0.4), id="synthetic_weak_local"),
    ],
)
def test_gaps_and_suggestions_with_summaries_equal_those_from_the_peers(graph: object) -> None:
    region = graph()  # type: ignore[operator]
    template = load_template()
    summaries = summarise_provinces(PartnershipIndex(region, template, as_of=TODAY), PEER_PROVINCES)
    for code in PEER_PROVINCES:
        plain = analyse_province(region, code, today=TODAY, peers=PEER_PROVINCES)
        summed = analyse_province(
            region, code, today=TODAY, peers=PEER_PROVINCES, peer_summaries=summaries
        )
        assert summed.model_dump() == plain.model_dump(), code


def test_summaries_stand_in_for_peers_missing_from_the_graph() -> None:
    # The province's own subgraph knows nothing of 40, 44 and 46; their summaries do: 45 is
    # still below its peers, as on the whole region.
    region = region_peers()
    template = load_template()
    summaries = summarise_provinces(PartnershipIndex(region, template, as_of=TODAY), PEER_PROVINCES)
    own = region.subgraph(
        [n for n, a in region.nodes(data=True) if a.get("province_code") == "45"]
    ).copy()
    alone = analyse_province(own, "45", today=TODAY, peers=PEER_PROVINCES)
    assert not [g for g in alone.gaps.gaps if g.kind == "below_regional_peers"]
    summed = analyse_province(
        own, "45", today=TODAY, peers=PEER_PROVINCES, peer_summaries=summaries
    )
    whole = analyse_province(region, "45", today=TODAY, peers=PEER_PROVINCES)

    def below(found: object) -> dict[str, float]:
        return {
            g.evidence["metric"]: g.evidence["median"]
            for g in found.gaps.gaps  # type: ignore[attr-defined]
            if g.kind == "below_regional_peers"
        }

    assert below(summed) == below(whole)
    assert below(summed)["partners_per_council"] == 2.75
    assert below(summed)["local_government_share"] == 1.0
    assert summed.gaps.metrics["peers"] == whole.gaps.metrics["peers"]
    # A council of 45 is told what its peers in 40, 44 and 46 do (9 of 9 work with their SAO).
    peer = [
        r.evidence["peer"]
        for r in summed.recommendations.recommendations
        if (r.source, r.target) == ("council:subdistrict:450101", "agency:sao:450101")
    ]
    assert peer and peer[0]["count"] == 9 and peer[0]["peers"] == 11
    assert summed.recommendations == whole.recommendations


def test_validity_is_the_span_where_no_tie_starts_or_lapses() -> None:
    graph = region_peers()
    assert validity(graph, TODAY) == (None, None)
    graph.add_edge("council:provincial:40", "agency:pao:40", key="X", since="2024-03-01")
    graph.add_edge("council:provincial:44", "agency:pao:44", key="X", until="2024-06-30")
    graph.add_edge("council:provincial:46", "agency:pao:46", key="X", since="2024-09-01")
    graph.add_edge("council:provincial:46", "agency:pao:46", key="Y", until="2023-12-31")
    graph.add_edge("council:provincial:46", "agency:pao:46", key="Z", since="not a date")
    assert validity(graph, TODAY) == (date(2024, 3, 1), date(2024, 6, 30))
