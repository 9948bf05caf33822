"""The one in-memory scope (`graph/scoped.cut`) equals both stores' scoped reads on
generated graphs: provinces, issue and ego scopes, node and edge order included."""

from __future__ import annotations

from itertools import product

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store_contract import (
    FORUM,
    HOUSING,
    KK_GOV,
    KK_NET,
    KK_PAO,
    KK_SUB,
    KK_SUB2,
    PERSON,
    PROPOSAL,
    PROVINCE_KK,
    RE_ASSEMBLY,
    RE_NET,
    REPORT,
    tiny_nodes,
)

from partnernet.graph.model import ModelError, NodeKind, Relationship, RelType, check_endpoints
from partnernet.graph.scoped import cut
from partnernet.graph.store import GraphStore, Scope

NODES = {node.id: node for node in tiny_nodes()}
KIND = {node_id: node.kind for node_id, node in NODES.items()}


def _allowed(type_: RelType, source: str, target: str) -> bool:
    if source == target:
        return False
    try:
        check_endpoints(
            Relationship(type=type_, source=source, target=target), KIND[source], KIND[target]
        )
    except ModelError:
        return False
    return True


# Every relationship the schema allows among the tiny graph's nodes: a generated graph is a
# subset of these, so geography, Issue, Source, Person and Event nodes all take part.
CANDIDATES = [
    (type_, source, target)
    for type_, source, target in product(RelType, NODES, NODES)
    if _allowed(type_, source, target)
]
SCOPES = [
    Scope(),
    Scope(provinces=frozenset({"40"})),
    Scope(provinces=frozenset({"40", "45"})),
    Scope(provinces=frozenset({"10"})),
    Scope(issue=HOUSING),
    *(
        Scope(ego=ego, radius=radius)
        for ego in (KK_NET, KK_SUB2, RE_ASSEMBLY, PERSON, HOUSING, "missing:id")
        for radius in (0, 1, 2)
    ),
]


def _as_lists(graph: nx.MultiDiGraph) -> tuple[list[object], list[object]]:
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def test_candidates_cover_every_kind_of_node() -> None:
    ends = {end for _, source, target in CANDIDATES for end in (source, target)}
    assert {KIND[e] for e in ends} >= {
        NodeKind.COUNCIL,
        NodeKind.AGENCY,
        NodeKind.ISSUE,
        NodeKind.SOURCE,
        NodeKind.PROVINCE,
        NodeKind.PERSON,
        NodeKind.EVENT,
        NodeKind.PROPOSAL,
    }
    assert {PROVINCE_KK, REPORT, FORUM, PROPOSAL, KK_GOV, KK_PAO, KK_SUB, RE_NET} <= ends


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(chosen=st.sets(st.sampled_from(range(len(CANDIDATES))), max_size=40))
def test_cut_equals_the_stores_scoped_reads(store: GraphStore, chosen: set[int]) -> None:
    store.clear()
    store.init_schema()
    assert not store.upsert_nodes(list(NODES.values())).rejected
    rels = [
        Relationship(type=type_, source=source, target=target)
        for type_, source, target in (CANDIDATES[i] for i in sorted(chosen))
    ]
    assert not store.upsert_relationships(rels).rejected
    whole = store.subgraph()
    for scope in SCOPES:
        assert _as_lists(store.subgraph(scope)) == _as_lists(cut(whole, scope)), scope


@pytest.mark.parametrize("scope", SCOPES[1:4])
def test_a_province_cut_from_a_larger_read_is_independent(scope: Scope) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node(KK_NET, kind="Council", province_code="40", name_th="x")
    graph.add_node(KK_PAO, kind="Agency", province_code="40", name_th="y")
    graph.add_edge(KK_NET, KK_PAO, key="PARTNERS_WITH", type="PARTNERS_WITH")
    part = cut(graph, scope)
    for node, attrs in part.nodes(data=True):
        attrs["changed"] = True
        assert "changed" not in graph.nodes[node]
