"""Province, region and kind filters for analysis graphs (pure: graph in, new graph out).

A region is a set of province codes: the caller maps it (e.g. with
`partnernet.foundation.geography.region_provinces`) and passes the codes, so the analysis layer
needs no geography tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

import networkx as nx


def _values(items: Iterable[str | Enum] | None) -> frozenset[str] | None:
    if items is None:
        return None
    return frozenset(str(item.value) if isinstance(item, Enum) else str(item) for item in items)


def filter_graph(
    g: nx.Graph,
    provinces: Iterable[str] | None = None,
    kinds: Iterable[str | Enum] | None = None,
    *,
    include_neighbours: bool = False,
) -> nx.Graph:
    """The subgraph of nodes whose `province_code` is in `provinces` and whose `kind` is in
    `kinds` (None: no filter on that), as an independent copy of the same graph class.

    With `include_neighbours`, the direct neighbours of those nodes are kept too (matching
    `kinds` when given), like a store's province scope: ties that leave the province stay
    visible. Node and edge attributes are copied; the input is never modified.
    """
    wanted_provinces = _values(provinces)
    wanted_kinds = _values(kinds)

    def kind_ok(attrs: dict[str, Any]) -> bool:
        return wanted_kinds is None or attrs.get("kind") in wanted_kinds

    core = [
        node
        for node, attrs in g.nodes(data=True)
        if kind_ok(attrs)
        and (wanted_provinces is None or attrs.get("province_code") in wanted_provinces)
    ]
    keep = set(core)
    if include_neighbours:
        for node in core:
            for other in nx.all_neighbors(g, node):
                if kind_ok(g.nodes[other]):
                    keep.add(other)
    ordered = [node for node in g if node in keep]
    sub: nx.Graph = g.subgraph(ordered).copy()
    return sub


def province_codes(g: nx.Graph) -> list[str]:
    """The distinct province codes of a graph's nodes, sorted."""
    return sorted({code for _, code in g.nodes(data="province_code") if code})
