"""Layouts a planner recognises, besides the force-directed one (`layout.py`).

- `tiers`: concentric rings around the provincial council network: councils of the province
  (grouped by district), then provincial and regional agencies, then local agencies (next to
  their councils' angle), then civil society, academia, private sector and community groups;
  organisations of other provinces and national bodies on the outer ring. Suits a governor's
  office meeting: "who sits how close to the provincial network".
- `district`: one cluster per district (in DOPA code order, on a grid), province-wide bodies in
  a cluster of their own first, outsiders last. Suits district planning: "which districts are
  thin".
- `force`: `layout.layout_positions` (Fruchterman-Reingold): shows who clusters with whom.

Every function returns {node: (x, y)} in the same pixel units as `layout.py` (y grows down),
is deterministic and reads the graph only.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any, Literal

import networkx as nx

from partnernet.foundation.errors import InvalidInput
from partnernet.visualizations.layout import EDGE_LENGTH, NEAREST, layout_positions

LayoutName = Literal["force", "tiers", "district"]
LAYOUTS: tuple[LayoutName, ...] = ("force", "tiers", "district")
Positions = dict[Hashable, tuple[float, float]]

_AGENCY_OUTER = frozenset({"local", "district"})
_GOLDEN = math.pi * (3.0 - math.sqrt(5.0))


def check_layout(name: str) -> LayoutName:
    for known in LAYOUTS:
        if name == known:
            return known
    raise InvalidInput(f"layout must be one of {', '.join(LAYOUTS)}, not {name!r}")


def _home(attrs: Mapping[str, Any], province: str | None) -> bool:
    return province is None or str(attrs.get("province_code") or "") == province


def tier_of(attrs: Mapping[str, Any], province: str | None) -> int:
    """The ring of a node in the tiers layout (0 = centre)."""
    kind = attrs.get("kind")
    home = _home(attrs, province)
    if kind == "Council":
        if not home:
            return 5
        return 0 if attrs.get("level") == "provincial" else 1
    if kind == "Agency":
        if attrs.get("tier") == "national" or (not home and attrs.get("tier") != "regional"):
            return 5
        return 3 if attrs.get("tier") in _AGENCY_OUTER else 2
    if not home:
        return 5
    return 4


def _ring_key(node: Hashable, attrs: Mapping[str, Any]) -> tuple[str, str, str]:
    return (
        str(attrs.get("district_code") or ""),
        str(attrs.get("subdistrict_code") or ""),
        str(node),
    )


def _ring(n: int, radius: float, phase: float = 0.0) -> list[tuple[float, float]]:
    return [
        (
            radius * math.cos(phase + 2 * math.pi * i / n - math.pi / 2),
            radius * math.sin(phase + 2 * math.pi * i / n - math.pi / 2),
        )
        for i in range(n)
    ]


def tiers_positions(graph: nx.MultiDiGraph, province: str | None = None) -> Positions:
    """Concentric rings (see the module docstring); satellites (issues, proposals, events)
    sit just outside their neighbours' mean position."""
    rings: dict[int, list[Hashable]] = {}
    satellites: list[Hashable] = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") in _ORG_KINDS:
            rings.setdefault(tier_of(attrs, province), []).append(node)
        else:
            satellites.append(node)
    positions: Positions = {}
    radius = 0.0
    spacing = NEAREST * 1.6
    for tier in sorted(rings):
        members = sorted(rings[tier], key=lambda m: _ring_key(m, graph.nodes[m]))
        if tier == 0 and len(members) == 1:
            positions[members[0]] = (0.0, 0.0)
            continue
        needed = len(members) * spacing / (2 * math.pi)
        radius = max(radius + EDGE_LENGTH * 1.5, needed)
        for node, xy in zip(members, _ring(len(members), radius, 0.15 * tier), strict=True):
            positions[node] = xy
    _place_satellites(graph, positions, satellites, push=1.12)
    return _rounded(positions)


def district_positions(graph: nx.MultiDiGraph, province: str | None = None) -> Positions:
    """One spiral cluster per district on a grid (see the module docstring)."""
    groups: dict[str, list[Hashable]] = {}
    satellites: list[Hashable] = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") not in _ORG_KINDS:
            satellites.append(node)
            continue
        # "" sorts first (province-wide bodies), "~outside" last
        key = str(attrs.get("district_code") or "") if _home(attrs, province) else "~outside"
        groups.setdefault(key, []).append(node)
    keys = sorted(groups)
    cell = NEAREST * 1.3
    radii = {k: cell * math.sqrt(len(groups[k])) * 0.75 + cell for k in keys}
    side = max(1, math.ceil(math.sqrt(len(keys))))
    pitch = 2 * max(radii.values(), default=cell) + EDGE_LENGTH
    positions: Positions = {}
    for i, key in enumerate(keys):
        cx, cy = (i % side) * pitch, (i // side) * pitch
        members = sorted(groups[key], key=lambda m: _ring_key(m, graph.nodes[m]))
        for j, node in enumerate(members):
            r = cell * math.sqrt(j) * 0.75
            positions[node] = (cx + r * math.cos(j * _GOLDEN), cy + r * math.sin(j * _GOLDEN))
    _place_satellites(graph, positions, satellites, push=1.0)
    return _rounded(positions)


def district_of(attrs: Mapping[str, Any]) -> str:
    return str(attrs.get("district_code") or "")


def _place_satellites(
    graph: nx.MultiDiGraph, positions: Positions, satellites: list[Hashable], push: float
) -> None:
    loose: list[Hashable] = []
    for i, node in enumerate(satellites):
        around = [positions[m] for m in nx.all_neighbors(graph, node) if m in positions]
        if not around:
            loose.append(node)
            continue
        x = sum(p[0] for p in around) / len(around) * push
        y = sum(p[1] for p in around) / len(around) * push
        angle = _GOLDEN * i
        positions[node] = (x + 20.0 * math.cos(angle), y + 20.0 * math.sin(angle))
    if loose:
        bottom = max((p[1] for p in positions.values()), default=0.0) + EDGE_LENGTH
        left = min((p[0] for p in positions.values()), default=0.0)
        for i, node in enumerate(loose):
            positions[node] = (left + 80.0 * (i % 12), bottom + 80.0 * (i // 12))


def _rounded(positions: Positions) -> Positions:
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


def positions_for(
    graph: nx.MultiDiGraph, layout: str, *, province: str | None = None, seed: int = 42
) -> Positions | None:
    """Positions of `layout` for a view; None for `force` (the view's own default layout)."""
    name = check_layout(layout)
    if name == "tiers":
        return tiers_positions(graph, province)
    if name == "district":
        return district_positions(graph, province)
    return None


def force_positions(graph: nx.MultiDiGraph, seed: int = 42) -> Positions:
    """Force-directed positions of the whole graph (for callers that want them explicit)."""
    return dict(layout_positions(list(graph.nodes), graph.edges(), seed=seed))


_ORG_KINDS = frozenset(
    {"Council", "Agency", "CivilSocietyGroup", "Academic", "PrivateSector", "CommunityOrganization"}
)
