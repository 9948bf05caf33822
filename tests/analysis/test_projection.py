"""The organisation partnership projection, on the named graphs of tests/analysis/graphs.py."""

from __future__ import annotations

import copy
from datetime import date

import networkx as nx
import pytest
from graphs import (
    FORUM,
    HOUSING,
    KK_CSO,
    KK_GOV,
    KK_NET,
    KK_PAO,
    KK_SUB1,
    KK_SUB2,
    KK_SUB3,
    PERSON,
    PROPOSAL_HOUSING,
    event_and_proposals,
    khon_kaen_star,
    two_provinces,
)

from partnernet.analysis.projection import (
    CO_PARTICIPATION,
    DEFAULT_MIX,
    HOLDS_ROLE,
    PROPOSAL_CHANNEL,
    RelationshipMix,
    in_force,
    organisations,
    project_partnerships,
)


def _edge(g: nx.Graph, a: str, b: str) -> dict[str, object]:
    data: dict[str, object] = g.edges[a, b]
    return data


def test_nodes_are_all_organisations_with_their_attributes() -> None:
    full = event_and_proposals()
    projected = project_partnerships(full)
    assert set(projected) == {KK_NET, KK_SUB1, KK_SUB2, KK_PAO, KK_GOV}
    assert not {FORUM, PROPOSAL_HOUSING, PERSON, HOUSING} & set(projected)
    assert projected.nodes[KK_NET]["kind"] == "Council"
    assert projected.nodes[KK_NET]["province_code"] == "40"
    assert projected.nodes[KK_NET]["level"] == "provincial"
    assert organisations(full) == list(projected)


def test_without_node_attributes_the_same_graph_with_bare_nodes() -> None:
    full = event_and_proposals()
    with_attrs = project_partnerships(full)
    bare = project_partnerships(full, node_attrs=False)
    assert list(bare) == list(with_attrs)
    assert list(bare.edges(data=True)) == list(with_attrs.edges(data=True))
    assert all(not attrs for _, attrs in bare.nodes(data=True))


def test_isolated_organisations_are_kept() -> None:
    full = khon_kaen_star()
    full.remove_edges_from(list(full.in_edges(KK_NET, keys=True)))
    projected = project_partnerships(full)
    assert KK_SUB1 in projected
    assert projected.degree(KK_SUB1) == 0


def test_direct_relationships_and_their_weight_property() -> None:
    projected = project_partnerships(khon_kaen_star())
    assert projected.number_of_edges() == 9
    assert _edge(projected, KK_NET, KK_PAO) == {"weight": 2.0, "relations": {"PARTNERS_WITH": 1}}
    assert _edge(projected, KK_NET, KK_CSO) == {"weight": 1.0, "relations": {"PARTNERS_WITH": 1}}
    assert _edge(projected, KK_SUB3, KK_NET) == {"weight": 1.0, "relations": {"MEMBER_OF": 1}}
    assert isinstance(projected, nx.Graph) and not projected.is_directed()
    assert not projected.is_multigraph()


def test_both_directions_count_as_two_pieces_of_evidence() -> None:
    full = khon_kaen_star()
    full.add_edge(KK_PAO, KK_NET, key="PARTNERS_WITH", type="PARTNERS_WITH")
    edge = _edge(project_partnerships(full), KK_NET, KK_PAO)
    assert edge == {"weight": 3.0, "relations": {"PARTNERS_WITH": 2}}


def test_as_of_drops_lapsed_and_future_ties() -> None:
    full = khon_kaen_star()
    full.edges[KK_NET, KK_PAO, "PARTNERS_WITH"].update(since="2019-10-01", until="2022-09-30")
    full.edges[KK_NET, KK_CSO, "PARTNERS_WITH"]["since"] = "2025-01-01"
    on = project_partnerships(full, as_of=date(2022, 9, 30))  # the last day still counts
    assert on.has_edge(KK_NET, KK_PAO) and not on.has_edge(KK_NET, KK_CSO)
    later = project_partnerships(full, as_of=date(2022, 10, 1))
    assert not later.has_edge(KK_NET, KK_PAO) and not later.has_edge(KK_NET, KK_CSO)
    assert KK_PAO in later  # the organisation stays, untied
    now = project_partnerships(full, as_of=date(2025, 1, 1))
    assert now.has_edge(KK_NET, KK_CSO) and not now.has_edge(KK_NET, KK_PAO)
    undated = project_partnerships(full)  # no date: every tie counts, whatever its dates
    assert undated.has_edge(KK_NET, KK_PAO) and undated.has_edge(KK_NET, KK_CSO)
    assert in_force({}, "2000-01-01")


def test_co_participation_counts_shared_events() -> None:
    projected = project_partnerships(event_and_proposals())
    # KK_NET and KK_SUB1 were at both forums; KK_SUB1 and KK_SUB2 at one.
    assert _edge(projected, KK_NET, KK_SUB1)["relations"] == {CO_PARTICIPATION: 2}
    assert _edge(projected, KK_NET, KK_SUB1)["weight"] == pytest.approx(2 * 0.5)
    assert _edge(projected, KK_SUB1, KK_SUB2) == {
        "weight": 0.5,
        "relations": {CO_PARTICIPATION: 1},
    }


def test_proposal_channel_runs_from_proposer_to_addressee() -> None:
    projected = project_partnerships(event_and_proposals())
    # PROPOSAL_LAND: KK_SUB2 -> KK_PAO, and both were at FORUM.
    assert _edge(projected, KK_SUB2, KK_PAO)["relations"] == {
        CO_PARTICIPATION: 1,
        PROPOSAL_CHANNEL: 1,
    }
    # PROPOSAL_HOUSING: {KK_NET, KK_SUB1} x {KK_PAO, KK_GOV}; co-proposers are not tied by it.
    for proposer in (KK_NET, KK_SUB1):
        for addressee in (KK_PAO, KK_GOV):
            assert _edge(projected, proposer, addressee)["relations"][PROPOSAL_CHANNEL] == 1
    # KK_NET-KK_PAO: PARTNERS_WITH weight 3, one shared event, one proposal.
    assert _edge(projected, KK_NET, KK_PAO) == {
        "weight": 3.0 + 0.5 + 0.5,
        "relations": {"PARTNERS_WITH": 1, CO_PARTICIPATION: 1, PROPOSAL_CHANNEL: 1},
    }
    # FUNDS to an organisation is a tie; SUPPORTS to a proposal is not.
    assert _edge(projected, KK_PAO, KK_SUB1)["relations"]["FUNDS"] == 1
    assert "SUPPORTS" not in str(projected.edges(data=True))


def test_mix_weights_scale_and_zero_drops_a_relation() -> None:
    full = event_and_proposals()
    only_partners = RelationshipMix(co_participation=0, proposal_channel=0, funds=0)
    projected = project_partnerships(full, only_partners)
    assert list(projected.edges(data=True)) == [
        (KK_PAO, KK_NET, {"weight": 3.0, "relations": {"PARTNERS_WITH": 1}})
    ]
    assert projected.number_of_nodes() == 5

    heavy = project_partnerships(full, RelationshipMix(co_participation=2.0, partners_with=0.5))
    assert _edge(heavy, KK_NET, KK_SUB1)["weight"] == pytest.approx(4.0)
    assert _edge(heavy, KK_NET, KK_PAO)["weight"] == pytest.approx(0.5 * 3 + 2.0 + 0.5)


def test_holds_role_is_off_by_default_and_ties_when_weighed() -> None:
    full = event_and_proposals()
    assert DEFAULT_MIX.holds_role == 0
    assert HOLDS_ROLE not in _edge(project_partnerships(full), KK_NET, KK_SUB1)["relations"]
    weighed = project_partnerships(full, RelationshipMix(holds_role=1.0))
    assert _edge(weighed, KK_NET, KK_SUB1) == {
        "weight": 2.0,
        "relations": {CO_PARTICIPATION: 2, HOLDS_ROLE: 1},
    }


def test_negative_mix_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="funds"):
        RelationshipMix(funds=-1.0)


def test_input_is_not_mutated_and_attributes_are_copies() -> None:
    full = event_and_proposals()
    before = copy.deepcopy(full)
    projected = project_partnerships(full)
    assert nx.utils.graphs_equal(full, before)
    assert list(full.edges(keys=True, data=True)) == list(before.edges(keys=True, data=True))
    projected.nodes[KK_NET]["name_th"] = "changed"
    projected.nodes[KK_PAO].setdefault("aliases", []).append("x")
    assert full.nodes[KK_NET]["name_th"] != "changed"
    assert "x" not in full.nodes[KK_PAO].get("aliases", [])


def test_deterministic_and_cross_province_tie() -> None:
    first = project_partnerships(two_provinces())
    second = project_partnerships(two_provinces())
    assert list(first.edges(data=True)) == list(second.edges(data=True))
    assert first.number_of_edges() == 6 + 6 + 1 + 1
    crossing = [
        (a, b)
        for a, b in first.edges
        if first.nodes[a]["province_code"] != first.nodes[b]["province_code"]
    ]
    assert len(crossing) == 1


def test_edges_written_directly_equal_the_public_api_build() -> None:
    """`project_partnerships` writes its edges straight into networkx's adjacency; the graph
    must be the one `add_edges_from` builds, iteration order included, in every mix."""
    for graph in (khon_kaen_star(), event_and_proposals(), two_provinces()):
        for mix in (DEFAULT_MIX, RelationshipMix(holds_role=1.0, co_participation=2.0)):
            built = project_partnerships(graph, mix, as_of=date(2025, 1, 1))
            reference = nx.Graph()
            reference.add_nodes_from(built.nodes(data=True))
            reference.add_edges_from(
                (a, b, {"weight": d["weight"], "relations": dict(sorted(d["relations"].items()))})
                for a, b, d in sorted(built.edges(data=True), key=lambda e: tuple(sorted(e[:2])))
            )
            assert list(built.edges(data=True)) == list(reference.edges(data=True))
            assert {n: list(built.adj[n]) for n in built} == {
                n: list(reference.adj[n]) for n in reference
            }
            assert all(built._adj[a][b] is built._adj[b][a] for a, b in built.edges)
