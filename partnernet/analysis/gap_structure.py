"""Structural gaps of a province: single points of failure, isolated councils, and groups of
organisations with councils but no path to any agency.

They are read from the partnership ties among the province's organisations and their direct
partners, held as plain adjacency sets: the block-cut tree and the components
are computed here in linear time without building networkx graphs, because a large province
has thousands of member organisations and tens of thousands of ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from partnernet.analysis.gap_index import AGENCY, COUNCIL, PartnershipIndex, ProvinceFacts
from partnernet.analysis.gap_models import Gap, share_severity
from partnernet.analysis.gap_text import Writer
from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES
from partnernet.analysis.template import GapSettings, Severity

Adjacency = Mapping[str, Iterable[str]]

_SINK = "\x00agencies"


def province_adjacency(index: PartnershipIndex, code: str) -> dict[str, set[str]]:
    """Ties among the province's organisations and their direct partners, as adjacency."""
    # The projection's own adjacency dicts: a key-view intersection runs in C, where a
    # comprehension through networkx's views was a quarter of a province's structure gaps.
    adj = index.ties._adj
    nodes: set[str] = set()
    for kind in sorted(ORGANIZATION_KIND_VALUES):
        for node in index.orgs(kind, code):
            nodes.add(node)
            nodes.update(adj[node])
    return {node: adj[node].keys() & nodes for node in sorted(nodes)}


def _blocks(adj: Adjacency, root: str) -> list[set[str]]:
    """The biconnected blocks of the component of `root` (iterative Hopcroft-Tarjan).

    Keeps a stack of vertices, not of edges: a block is the vertices discovered since its
    first one, plus its parent; each vertex is pushed once where an edge stack pushes every
    edge (the block-cut tree of a large province runs once per day of a trend)."""
    disc = {root: 0}
    low = {root: 0}
    blocks: list[set[str]] = []
    found: list[str] = []
    stack: list[tuple[str, str | None, Any]] = [(root, None, iter(adj[root]))]
    counter = 1
    while stack:
        node, parent, children = stack[-1]
        for child in children:
            seen = disc.get(child)
            if seen is None:
                disc[child] = low[child] = counter
                counter += 1
                found.append(child)
                stack.append((child, node, iter(adj[child])))
                break
            if child != parent and seen < low[node]:
                low[node] = seen
        else:
            stack.pop()
            if parent is not None:
                below = low[node]
                if below < low[parent]:
                    low[parent] = below
                if below >= disc[parent]:
                    block = {parent}
                    while True:
                        vertex = found.pop()
                        block.add(vertex)
                        if vertex == node:
                            break
                    blocks.append(block)
    return blocks


def cut_off_councils(
    adjacency: Adjacency, councils: set[str], kinds: Mapping[str, str]
) -> dict[str, list[str]]:
    """For each non-agency node whose removal leaves some of `councils` with no path to any
    agency: those councils (the node itself excluded). Linear time, on the block-cut tree of
    the adjacency plus one sink joined to every agency. `adjacency` maps each node to its neighbours
    (a dict of sets, or a networkx graph)."""
    agencies = [n for n in adjacency if kinds.get(n) == AGENCY]
    if not agencies:
        return {}
    adj: dict[str, Iterable[str]] = {n: adjacency[n] for n in adjacency}
    adj[_SINK] = agencies
    for agency in agencies:
        adj[agency] = [*adjacency[agency], _SINK]
    blocks = _blocks(adj, _SINK)
    seen: set[str] = set()
    cuts: set[str] = set()
    for block in blocks:
        cuts.update(block & seen)
        seen.update(block)
    if not cuts:
        return {}
    # The block-cut tree: blocks and cut vertices, rooted at the sink's block (or the sink).
    tree: dict[tuple[str, Any], list[tuple[str, Any]]] = {}
    own: dict[tuple[str, Any], list[str]] = {}
    root: tuple[str, Any] = ("cut", _SINK)
    for i, block in enumerate(blocks):
        block_node = ("block", i)
        own[block_node] = sorted(n for n in block if n in councils and n not in cuts)
        tree.setdefault(block_node, [])
        for node in sorted(block & cuts):
            tree[block_node].append(("cut", node))
            tree.setdefault(("cut", node), []).append(block_node)
        if _SINK in block and _SINK not in cuts:
            root = block_node
    for node in cuts:
        own[("cut", node)] = [node] if node in councils else []
    order: list[tuple[str, Any]] = []
    parent: dict[tuple[str, Any], tuple[str, Any] | None] = {root: None}
    pending = [root]
    while pending:
        current = pending.pop()
        order.append(current)
        for nxt in reversed(tree.get(current, [])):
            if nxt not in parent:
                parent[nxt] = current
                pending.append(nxt)
    position = {n: i for i, n in enumerate(order)}
    size = dict.fromkeys(order, 1)
    for node in reversed(order):
        up = parent[node]
        if up is not None:
            size[up] += size[node]
    result: dict[str, list[str]] = {}
    for node in cuts:
        key = ("cut", node)
        if node == _SINK or kinds.get(node) == AGENCY or key not in position:
            continue
        start = position[key]
        below = [c for n in order[start + 1 : start + size[key]] for c in own[n]]
        if below:
            result[node] = sorted(below)
    return result


def components(adjacency: Adjacency) -> list[list[str]]:
    """Connected components with at least two nodes, each sorted, in order of first node."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for start in adjacency:
        if start in seen:
            continue
        seen.add(start)
        members = [start]
        frontier = [start]
        while frontier:
            node = frontier.pop()
            for other in adjacency[node]:
                if other not in seen:
                    seen.add(other)
                    members.append(other)
                    frontier.append(other)
        if len(members) > 1:
            out.append(sorted(members))
    return out


def structure_gaps(
    index: PartnershipIndex, facts: ProvinceFacts, writer: Writer, settings: GapSettings
) -> list[Gap]:
    gaps: list[Gap] = []
    councils = set(facts.councils)
    total = len(councils)
    if not total:
        return gaps
    adjacency = province_adjacency(index, facts.code)
    kinds = {n: str(index.kind(n)) for n in adjacency}

    for broker, cut in sorted(cut_off_councils(adjacency, councils, kinds).items()):
        if len(cut) < settings.single_point_min_councils:
            continue
        th, en = writer.single_point(broker, cut)
        gaps.append(
            Gap(
                kind="single_point_of_failure",
                severity=share_severity(Severity.HIGH, len(cut) / total, settings),
                subjects=[broker],
                explanation_th=th,
                explanation_en=en,
                evidence={
                    "broker": broker,
                    "broker_kind": kinds.get(broker),
                    "k": len(cut),
                    "councils": cut,
                    "share": round(len(cut) / total, 4),
                },
            )
        )

    isolated = sorted(c for c in councils if index.degree(c) == 0)
    if isolated:
        th, en = writer.isolated(isolated, total)
        gaps.append(
            Gap(
                kind="isolated_council",
                severity=share_severity(Severity.HIGH, len(isolated) / total, settings),
                subjects=isolated,
                explanation_th=th,
                explanation_en=en,
                evidence={
                    "isolated": len(isolated),
                    "councils": total,
                    "share": round(len(isolated) / total, 4),
                },
            )
        )

    for members in components(adjacency):
        if any(kinds.get(n) == AGENCY for n in members):
            continue
        in_province = [n for n in members if n in councils]
        if not in_province:
            continue
        th, en = writer.component(members, in_province)
        gaps.append(
            Gap(
                kind="disconnected_component",
                severity=share_severity(Severity.HIGH, len(in_province) / total, settings),
                subjects=in_province,
                explanation_th=th,
                explanation_en=en,
                evidence={
                    "members": members,
                    "size": len(members),
                    "councils": len(in_province),
                    "other_councils": [
                        n for n in members if kinds.get(n) == COUNCIL and n not in councils
                    ],
                },
            )
        )
    return gaps
