"""What makes an export open as the same picture elsewhere, and what keeps decisions apart.

- `viz_attributes(graph)`: per node a label (the Thai name), a position, a colour (the node
  kind's, as in every view) and a size (by degree, as in the views). Positions are the views'
  force-directed layout up to `FORCE_LIMIT` nodes; above that (a national export) each node sits
  at its province's centroid on the map projection of the national view, spread on a small
  golden-angle spiral, national bodies in the margin east of the map, so that Gephi opens a
  recognisable map at once instead of a hairball that takes minutes to lay out.
- `split_decisions(graph)`: planners' decisions on suggestions (RECOMMENDED relationships)
  are not partnerships: exports carry them in a table of their own, never among the edges.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from partnernet.graph.model import RelType
from partnernet.visualizations import palette

FORCE_LIMIT = 5_000
VIZ_KEYS = ("label", "x", "y", "color", "size")  # what GraphML carries for the picture
_SPREAD = 6.0  # pixels between nodes of one province on the national map
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))


@dataclass(frozen=True)
class Viz:
    label: str
    x: float
    y: float
    color: str  # #rrggbb
    size: float


def node_label(attrs: dict[str, Any], node: Any) -> str:
    for key in ("name_th", "title_th", "title", "name_en", "name"):
        if attrs.get(key):
            return str(attrs[key])
    return str(node)


def split_decisions(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, list[dict[str, Any]]]:
    """(the graph without RECOMMENDED relationships, one row per decision)."""
    decided = [
        (u, v, k, d)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d.get("type") == RelType.RECOMMENDED.value
    ]
    if not decided:
        return graph, []
    kept = graph.copy()
    kept.remove_edges_from((u, v, k) for u, v, k, _ in decided)
    rows = [
        {
            "source": str(u),
            "target": str(v),
            "source_name": node_label(graph.nodes[u], u),
            "target_name": node_label(graph.nodes[v], v),
            **{
                key: (str(value) if not isinstance(value, int | float) else value)
                for key, value in d.items()
                if key != "type" and value is not None
            },
        }
        for u, v, _, d in decided
    ]
    # Each organisation keeps its standing decisions as node attributes (ids, `;`-separated),
    # so GEXF/GraphML readers see them without a RECOMMENDED edge counted in degree.
    for attr, decision in (("planned_partners", "accepted"), ("rejected_partners", "rejected")):
        found: dict[str, list[str]] = {}
        for row in rows:
            if row.get("decision") == decision:
                found.setdefault(str(row["source"]), []).append(str(row["target"]))
        for node, targets in found.items():
            kept.nodes[node][attr] = ";".join(sorted(targets))
    return kept, rows


def _geographic(graph: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    from partnernet.visualizations import overview

    centroids = overview.province_centroids()
    margin = overview.national_position(overview.province_rings())
    seen: Counter[tuple[float, float]] = Counter()
    positions: dict[Any, tuple[float, float]] = {}
    for node in sorted(graph.nodes, key=str):
        code = graph.nodes[node].get("province_code")
        if code and str(code) in centroids:
            cx, cy = overview.project(*centroids[str(code)])
        else:
            cx, cy = margin
        i = seen[(cx, cy)]
        seen[(cx, cy)] += 1
        r = _SPREAD * math.sqrt(i)
        positions[node] = (cx + r * math.cos(i * _GOLDEN), cy + r * math.sin(i * _GOLDEN))
    return positions


def viz_attributes(graph: nx.MultiDiGraph, seed: int = 42) -> dict[Any, Viz]:
    """Label, position, colour and size of every node (see the module docstring)."""
    from partnernet.visualizations.view import _layout, scale_sizes

    if graph.number_of_nodes() <= FORCE_LIMIT:
        positions = _layout(graph, seed)
    else:
        positions = _geographic(graph)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    degrees = {str(n): float(d) for n, d in simple.degree()}
    sizes = scale_sizes(degrees, degrees)
    out: dict[Any, Viz] = {}
    for node, attrs in graph.nodes(data=True):
        x, y = positions.get(node, (0.0, 0.0))
        out[node] = Viz(
            label=node_label(attrs, node),
            x=round(float(x), 2),
            y=round(-float(y), 2),  # views draw y down; Gephi and GraphML tools y up
            color=palette.kind_style(attrs.get("kind")).color,
            size=sizes[str(node)],
        )
    return out
