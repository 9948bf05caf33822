"""`graph_from_records` writes networkx's adjacency directly; it must equal the public-API build."""

from __future__ import annotations

import copy
from typing import Any

import networkx as nx

from partnernet.graph.model import NodeKind, RelType
from partnernet.graph.store import GraphRecords, graph_from_records

COUNCIL = "council:40:บ้านค้อ"
SAO = "agency:sao:400101"
PAO = "agency:pao:40"
ISSUE = "issue:ที่ดิน"
NO_ROW = "community:40:ไม่มีแถว"


def _records() -> GraphRecords:
    """Unsorted rows with parallel edges of two types, a self-loop, the same (type, source,
    target) twice (the later properties win, as add_edge updates) and an endpoint with no node
    row."""
    records = GraphRecords()
    records.nodes[SAO] = (NodeKind.AGENCY, {"id": SAO, "name_th": "อบต.บ้านค้อ"})
    records.nodes[COUNCIL] = (NodeKind.COUNCIL, {"id": COUNCIL, "level": "subdistrict"})
    records.nodes[ISSUE] = (NodeKind.ISSUE, {"id": ISSUE})
    records.nodes[PAO] = (NodeKind.AGENCY, {"id": PAO})
    records.edges += [
        (RelType.WORKS_ON, COUNCIL, ISSUE, {}),
        (RelType.SUPPORTS, SAO, COUNCIL, {"since": "2024-01-01"}),
        (RelType.PARTNERS_WITH, SAO, COUNCIL, {"weight": 2.0}),
        (RelType.PARTNERS_WITH, COUNCIL, PAO, {"weight": 1.0, "form": "mou"}),
        (RelType.PARTNERS_WITH, COUNCIL, PAO, {"weight": 3.0}),
        (RelType.PARTNERS_WITH, PAO, PAO, {}),
        (RelType.MEMBER_OF, NO_ROW, COUNCIL, {}),
    ]
    return records


def _public_build(records: GraphRecords) -> nx.MultiDiGraph:
    """The reference: the same order and attributes through add_node / add_edge."""
    graph = nx.MultiDiGraph()
    for node_id in sorted(records.nodes):
        kind, props = records.nodes[node_id]
        graph.add_node(node_id, **props, kind=kind.value)
    for type_, source, target, props in sorted(records.edges, key=lambda e: (e[1], e[2], e[0])):
        graph.add_edge(source, target, key=type_.value, **props, type=type_.value)
    return graph


def _listing(graph: nx.MultiDiGraph) -> dict[str, Any]:
    return {
        "nodes": list(graph.nodes(data=True)),
        "edges": list(graph.edges(keys=True, data=True)),
        "in_edges": list(graph.in_edges(keys=True, data=True)),
        "succ": {u: list(graph.succ[u]) for u in graph},
        "pred": {u: list(graph.pred[u]) for u in graph},
    }


def test_equals_the_public_api_build_down_to_order() -> None:
    built = graph_from_records(_records())
    reference = _public_build(_records())
    assert _listing(built) == _listing(reference)
    assert built.edges[COUNCIL, PAO, "PARTNERS_WITH"] == {"weight": 3.0, "form": "mou"} | {
        "type": "PARTNERS_WITH"
    }
    assert built.nodes[NO_ROW] == {}


def test_both_directions_share_one_key_dict_so_later_edits_stay_consistent() -> None:
    built = graph_from_records(_records())
    assert built._succ[SAO][COUNCIL] is built._pred[COUNCIL][SAO]
    built.add_edge(SAO, COUNCIL, key="FUNDS", type="FUNDS")
    assert set(built.pred[COUNCIL][SAO]) == {"SUPPORTS", "PARTNERS_WITH", "FUNDS"}
    built.remove_node(COUNCIL)
    reference = _public_build(_records())
    reference.add_edge(SAO, COUNCIL, key="FUNDS", type="FUNDS")
    reference.remove_node(COUNCIL)
    assert _listing(built) == _listing(reference)


def test_analyses_see_the_same_answers() -> None:
    built = graph_from_records(_records())
    reference = _public_build(copy.deepcopy(_records()))
    assert nx.pagerank(built) == nx.pagerank(reference)
    assert list(nx.weakly_connected_components(built)) == list(
        nx.weakly_connected_components(reference)
    )


def _copy_of(text: str) -> str:
    """An equal string that is a different object (as a driver decodes every mention)."""
    return "".join(list(text))


def test_every_mention_of_an_id_is_the_node_s_own_string() -> None:
    records = _records()
    records.edges = [
        (type_, _copy_of(source), _copy_of(target), props)
        for type_, source, target, props in records.edges
    ]
    assert all(edge[1] is not COUNCIL for edge in records.edges)
    graph = graph_from_records(records)
    own = {node: node for node in graph}
    for source, target in graph.edges():
        assert source is own[source]
        assert target is own[target]
    for node in graph:
        assert all(other is own[other] for other in graph._succ[node])
        assert all(other is own[other] for other in graph._pred[node])
    assert _listing(graph) == _listing(_public_build(_records()))
