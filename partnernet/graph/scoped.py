"""A scope taken from a graph already in memory: the one in-memory implementation of
`Scope` (`graph/store.py` states the rule; both stores implement it in SQL and Cypher).

The service cuts a province out of its region's graph with it instead of reading the store
again, and the contract tests hold both stores' `subgraph(scope)` equal to
`cut(store.subgraph(), scope)` on generated graphs, so the three implementations cannot drift.
The result is built like a store's read (nodes by id, relationships by source, target, type)
and shares no attribute dict with the input.
"""

from __future__ import annotations

import networkx as nx

from partnernet.graph.model import NodeKind, RelType
from partnernet.graph.store import Scope, excluded_from_scoped, scope_core, traversable

_ISSUE_MEMBERSHIP = (RelType.WORKS_ON.value, RelType.CONCERNS.value)


def _kind(graph: nx.MultiDiGraph, node: str) -> NodeKind:
    return NodeKind(graph.nodes[node]["kind"])


def _neighbours(graph: nx.MultiDiGraph, node: str) -> set[str]:
    return set(graph.succ[node]) | set(graph.pred[node])


def _ids(graph: nx.MultiDiGraph, scope: Scope) -> set[str]:
    if scope.is_whole:
        return set(graph)
    if scope.ego is not None:
        if scope.ego not in graph:
            return set()
        seen = {scope.ego}
        frontier = {scope.ego}
        for _ in range(scope.radius):
            adjacent = set().union(*(_neighbours(graph, n) for n in frontier)) - seen
            frontier = {n for n in adjacent if traversable(_kind(graph, n))}
            seen |= frontier
            if not frontier:
                break
        return seen
    members: set[str] = set()
    if scope.issue is not None and scope.issue in graph:
        members = {scope.issue} | {
            source
            for source, keyed in graph.pred[scope.issue].items()
            if any(key in _ISSUE_MEMBERSHIP for key in keyed)
        }
    nodes = graph.nodes(data=True)
    if scope.provinces is not None:
        # A node outside the provinces is never core (scope_core's first test for them):
        # skipping it here saves building its props for the many-province cuts of a region.
        nodes = ((n, a) for n, a in nodes if a.get("province_code") in scope.provinces)
    core = {
        node
        for node, attrs in nodes
        if scope_core(scope, NodeKind(attrs["kind"]), {"id": node, **attrs}, members)
    }
    ring = set().union(*(_neighbours(graph, n) for n in core)) if core else set()
    return core | {n for n in ring - core if not excluded_from_scoped(_kind(graph, n))}


def cut(graph: nx.MultiDiGraph, scope: Scope) -> nx.MultiDiGraph:
    """The part of `graph` that `scope` selects, as a store's `subgraph(scope)` returns it when
    `graph` holds at least that part and its ring of neighbours (the whole graph, or a region's
    read for one of its provinces)."""
    keep = _ids(graph, scope)
    out = nx.MultiDiGraph()
    out.add_nodes_from((node, dict(graph.nodes[node])) for node in sorted(keep))
    edges = sorted(
        (source, target, key)
        for source in keep
        for target, keyed in graph.adj[source].items()
        if target in keep
        for key in keyed
    )
    out.add_edges_from(
        (source, target, key, dict(graph.adj[source][target][key])) for source, target, key in edges
    )
    return out
