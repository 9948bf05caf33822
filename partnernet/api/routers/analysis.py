"""/api/v1/analysis: structure, hubs and communities of the whole graph, a region or a
province."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from partnernet.analysis.hubs import ROLES, SORTABLE
from partnernet.api import cached
from partnernet.api.deps import CallerDep, StateDep, Viewer
from partnernet.api.routers._common import (
    READ,
    AsOfQuery,
    Limit,
    Offset,
    ProvinceQuery,
    RegionQuery,
    SeedQuery,
)
from partnernet.api.routers.provinces import CACHE_HEADER
from partnernet.api.schemas import CommunitiesOut, HubsOut, StructureOut, page

router = APIRouter(prefix="/analysis", tags=["analysis"], responses=READ)


class HubMeasure(StrEnum):
    """What hubs are ranked by (the analysis' SORTABLE measures and brokerage roles)."""

    DEGREE = "degree"
    WEIGHTED_DEGREE = "weighted_degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"
    CONSTRAINT = "constraint"
    EFFECTIVE_SIZE = "effective_size"
    BROKERAGE_TOTAL = "brokerage_total"
    COORDINATOR = "coordinator"
    ITINERANT = "itinerant"
    REPRESENTATIVE = "representative"
    GATEKEEPER = "gatekeeper"
    LIAISON = "liaison"


assert {m.value for m in HubMeasure} == {*SORTABLE, *ROLES}
Samples = Annotated[
    int, Query(ge=2, le=100_000, description="Betweenness sample size on large graphs.")
]


def _header(response: Response, hit: bool) -> None:
    response.headers[CACHE_HEADER] = "hit" if hit else "miss"


@router.get("/structure", response_model=StructureOut, summary="Network structure")
async def structure(
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    province: ProvinceQuery = None,
    region: RegionQuery = None,
    seed: SeedQuery = 42,
    as_of: AsOfQuery = None,
) -> dict[str, Any]:
    """Density, components, isolates, clustering, k-cores, assortativity and a summary of the
    seeded Louvain communities (members: `/analysis/communities`); `as_of`: as of that day."""
    found, hit = await cached.structure(
        state, province, region, seed, cached.as_of_day(as_of), caller=caller
    )
    _header(response, hit)
    return {**found.data, "graph_version": state.graph_version()}


@router.get("/hubs", response_model=HubsOut, summary="Hubs and brokers")
async def hubs(
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    province: ProvinceQuery = None,
    region: RegionQuery = None,
    by: HubMeasure = HubMeasure.BETWEENNESS,
    limit: Limit = 20,
    offset: Offset = 0,
    samples: Samples = 256,
    seed: SeedQuery = 42,
    as_of: AsOfQuery = None,
) -> dict[str, Any]:
    """Organisations ranked by a measure (`constraint`: lowest first, the strongest brokers);
    betweenness is exact on small graphs and seeded-sampled on large ones; `as_of`: as the
    network stood that day."""
    found, hit = await cached.hubs(
        state, province, region, samples, seed, cached.as_of_day(as_of), caller=caller
    )
    _header(response, hit)
    ranked = found.ranked(by.value)
    items = await cached.hub_items(state, found, ranked[offset : offset + limit], caller=caller)
    data = found.data
    return {
        **{
            k: data[k]
            for k in (
                "node_count",
                "edge_count",
                "betweenness_method",
                "sample_size",
                "seed",
                "backend",
                "notes",
            )
        },
        "articulation_point_count": len(data["articulation_points"]),
        "bridge_count": len(data["bridges"]),
        "by": by.value,
        **page(items, len(ranked), limit, offset),
        "graph_version": state.graph_version(),
    }


@router.get("/communities", response_model=CommunitiesOut, summary="Communities")
async def communities(
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    province: ProvinceQuery = None,
    region: RegionQuery = None,
    seed: SeedQuery = 42,
    limit: Limit = 20,
    offset: Offset = 0,
    members: Annotated[
        int, Query(ge=0, le=10_000, description="Members listed per community.")
    ] = 100,
) -> dict[str, Any]:
    """Seeded Louvain communities, largest first, with their members and provinces, and how
    well they match provinces and regions (ARI, NMI)."""
    found, hit = await cached.structure(state, province, region, seed, caller=caller)
    _header(response, hit)
    count = found.report.communities.count
    items = [
        {
            "number": number,
            "size": len(found.members.get(number, [])),
            "members": found.members.get(number, [])[:members],
            "provinces": found.provinces.get(number, {}),
        }
        for number in range(count)[offset : offset + limit]
    ]
    return {
        "summary": found.data["communities"],
        "matches": found.data["matches"],
        **page(items, count, limit, offset),
        "graph_version": state.graph_version(),
    }
