"""Layouts planners recognise (tiers, district) and the national view's geography."""

from __future__ import annotations

import itertools
import math
from typing import Any

import networkx as nx
import pytest

from partnernet.foundation.errors import InvalidInput
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import Scope
from partnernet.visualizations import overview
from partnernet.visualizations.layouts import (
    check_layout,
    district_positions,
    positions_for,
    tier_of,
    tiers_positions,
)


def _kk(store: SqliteStore) -> nx.MultiDiGraph:
    return store.subgraph(Scope(provinces=frozenset({"40"})))


def test_tiers_put_the_provincial_council_at_the_centre_and_outsiders_outside(
    sample_store: SqliteStore,
) -> None:
    graph = _kk(sample_store)
    pos = tiers_positions(graph, "40")
    assert pos["council:provincial:40"] == (0.0, 0.0)
    radius = {n: math.hypot(*pos[n]) for n in pos}
    tiers: dict[int, list[float]] = {}
    for node, attrs in graph.nodes(data=True):
        if node in pos and attrs.get("kind") in ("Council", "Agency", "CivilSocietyGroup"):
            tiers.setdefault(tier_of(attrs, "40"), []).append(radius[node])
    ordered = [tiers[t] for t in sorted(tiers)]
    for inner, outer in itertools.pairwise(ordered):
        assert max(inner) < min(outer)  # rings never interleave
    assert tier_of(graph.nodes["council:provincial:35"], "40") == 5  # another province's
    assert tier_of(graph.nodes["agency:sao:400103"], "40") == 3  # local agency
    assert tier_of(graph.nodes["agency:pao:40"], "40") == 2
    assert set(pos) == set(graph.nodes)


def test_district_layout_keeps_each_district_together(sample_store: SqliteStore) -> None:
    graph = _kk(sample_store)
    pos = district_positions(graph, "40")
    by_district: dict[str, list[tuple[float, float]]] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") == "Council" and attrs.get("province_code") == "40":
            by_district.setdefault(str(attrs.get("district_code") or ""), []).append(pos[node])
    centres = {
        d: (sum(p[0] for p in ps) / len(ps), sum(p[1] for p in ps) / len(ps))
        for d, ps in by_district.items()
    }
    assert len(centres) >= 2
    for district, points in by_district.items():
        own = centres[district]
        for point in points:  # every council is nearer its own district's centre
            near = min(centres.values(), key=lambda c: math.dist(c, point))
            assert near == own


def test_layout_names_are_checked(sample_store: SqliteStore) -> None:
    assert positions_for(_kk(sample_store), "force") is None
    assert check_layout("tiers") == "tiers"
    with pytest.raises(InvalidInput, match="tiers"):
        check_layout("circle")


def test_national_bodies_sit_in_the_margin_not_in_the_gulf(sample_graph: nx.MultiDiGraph) -> None:
    view = overview.province_overview(sample_graph)
    rings = overview.province_rings()
    right = max(x for ring in rings for x in ring[0::2])
    national = next(n for n in view.nodes if n.group == "national")
    assert national.x > right  # east of every province's outline
    kk = next(n for n in view.nodes if n.province_code == "40")
    lon, lat = overview.province_centroids()["40"]
    assert (kk.x, kk.y) == pytest.approx(overview.project(lon, lat), abs=0.1)


def _limits(view: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    """The map area a static figure of `view` frames, in view coordinates (y down)."""
    import matplotlib.pyplot as plt

    from partnernet.visualizations import static

    fig = static._network_figure(view, None)
    try:
        ax = fig.axes[0]
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        return (x0, x1), (-y1, -y0)
    finally:
        plt.close(fig)


def test_a_region_s_map_is_framed_on_the_region(sample_graph: nx.MultiDiGraph) -> None:
    from partnernet.foundation import geography

    region = geography.resolve_region("อีสาน")
    members = {p.code for p in geography.region_provinces(region)}
    isan = sample_graph.subgraph(
        n for n, code in sample_graph.nodes(data="province_code") if code in members
    )
    whole = _limits(overview.province_overview(nx.MultiDiGraph(isan)))
    view = overview.province_overview(nx.MultiDiGraph(isan), zoom=members)
    (x0, x1), (y0, y1) = framed = _limits(view)
    assert view.extent is not None and framed != whole
    centroids = overview.province_centroids()
    for code in members:  # every province of the region is in the frame ...
        x, y = overview.project(*centroids[code])
        assert x0 < x < x1 and y0 < y < y1
    for code in ("10", "96", "50"):  # ... Bangkok, Narathiwat, Chiang Mai are not
        x, y = overview.project(*centroids[code])
        assert not (x0 < x < x1 and y0 < y < y1)
    # zoomed in: the frame is a fraction of the country's
    assert (x1 - x0) * (y1 - y0) < 0.5 * (whole[0][1] - whole[0][0]) * (whole[1][1] - whole[1][0])
    # the backdrop keeps only the provinces in or next to the frame
    assert 0 < len(view.backdrop) < len(overview.province_rings())
