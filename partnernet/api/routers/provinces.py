"""/api/v1/provinces: coverage and gap counts, a province's gaps, suggested partners with
accept/reject feedback, and its interactive network view."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import HTMLResponse

from partnernet.api import cached
from partnernet.api.bodies import DecisionIn
from partnernet.api.deps import CallerDep, Editor, StateDep, Viewer
from partnernet.api.routers._common import READ, WRITE, AsOfQuery, problems
from partnernet.api.schemas import (
    DecisionOut,
    GapReportOut,
    Page,
    ProvinceSummary,
    RecommendationReportOut,
    page,
)
from partnernet.foundation.lang import Lang
from partnernet.service import decisions

router = APIRouter(prefix="/provinces", tags=["provinces"], responses=READ)
CACHE_HEADER = "X-Partnernet-Cache"
NOT_FOUND = problems(404)

ProvincePath = Annotated[
    str,
    Path(max_length=200, description="Code 40, ขอนแก่น, จ.ขอนแก่น or Khon Kaen.", examples=["40"]),
]
SortKey = Literal["code", "name", "coverage", "gaps", "organizations"]


def _cache_header(response: Response, hit: bool) -> None:
    response.headers[CACHE_HEADER] = "hit" if hit else "miss"


_SORTS: dict[str, str] = {
    "name": "name_en",
    "coverage": "coverage",
    "gaps": "gap_count",
    "organizations": "organizations",
    "code": "code",
}


@router.get(
    "", response_model=Page[ProvinceSummary], summary="Provinces with coverage and gap counts"
)
async def list_provinces(
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    sort: SortKey = "code",
    descending: bool = False,
    with_data: Annotated[bool, Query(description="Only provinces with organisations.")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> dict[str, Any]:
    """All 77 provinces (or those with data). Coverage is the share of the partnership
    template's expected partner roles that the province's councils have; provinces without
    organisations have no coverage or gap counts. Missing values sort last."""
    found, hit = await cached.overview(state, caller=caller)
    _cache_header(response, hit)
    rows = list(found.rows.values())
    if with_data:
        rows = [r for r in rows if r["organizations"]]
    key = _SORTS[sort]
    present = sorted(
        (r for r in rows if r[key] is not None),
        key=lambda r: (r[key], r["code"]),
        reverse=descending,
    )
    rows = present + [r for r in rows if r[key] is None]
    return page(rows[offset : offset + limit], len(rows), limit, offset)


@router.get(
    "/{province}",
    response_model=ProvinceSummary,
    responses=NOT_FOUND,
    summary="One province's coverage and gap counts",
)
async def get_province(
    province: ProvincePath, state: StateDep, _: Viewer, caller: CallerDep, response: Response
) -> dict[str, Any]:
    code = cached.province_code(province)
    found, hit = await cached.overview(state, caller=caller)
    _cache_header(response, hit)
    return found.rows[code]


@router.get(
    "/{province}/gaps",
    response_model=GapReportOut,
    responses=NOT_FOUND,
    summary="Coordination gaps of a province",
)
async def province_gaps(
    province: ProvincePath,
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    as_of: AsOfQuery = None,
) -> dict[str, Any]:
    """Each gap with its kind, severity, subjects (ids) and a Thai and English explanation;
    `as_of`: as the network stood that day."""
    found, hit = await cached.gaps(
        state, cached.province_code(province), cached.as_of_day(as_of), caller=caller
    )
    _cache_header(response, hit)
    return {**found.payload, "graph_version": state.graph_version()}


@router.get(
    "/{province}/recommendations",
    response_model=RecommendationReportOut,
    responses=NOT_FOUND,
    summary="Partners a province's councils should approach",
)
async def province_recommendations(
    province: ProvincePath,
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    top: Annotated[int, Query(ge=1, le=50)] = 10,
    as_of: AsOfQuery = None,
) -> dict[str, Any]:
    """Scored suggestions with their components and a bilingual reason, and the suggestions
    already accepted (rejected ones are not suggested again); `as_of`: as of that day."""
    found, hit = await cached.recommendations(
        state, cached.province_code(province), top, cached.as_of_day(as_of), caller=caller
    )
    _cache_header(response, hit)
    return {**found.payload, "graph_version": state.graph_version()}


@router.post(
    "/{province}/recommendations/feedback",
    response_model=DecisionOut,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Accept or reject a suggested partner",
)
def recommendation_feedback(
    province: ProvincePath, body: DecisionIn, state: StateDep, who: Editor
) -> dict[str, Any]:
    """Stored as a RECOMMENDED relationship (see /decisions); accepted suggestions are listed
    as accepted and mark their gap planned, rejected ones are not suggested again."""
    cached.province_code(province)
    today = date.today()
    decisions.decide(
        state.store,
        body.source,
        body.target,
        body.decision,
        note=body.note,
        score=body.score,
        decided_by=who.name,
        decided_on=today,
    )
    version = state.graph_version()
    return {
        "source": body.source,
        "target": body.target,
        "decision": body.decision.value,
        "decided_on": today,
        "graph_version": version,
    }


@router.get(
    "/{province}/network.html",
    response_class=HTMLResponse,
    responses=NOT_FOUND,
    summary="Interactive network view (one offline HTML file)",
)
async def province_network(
    province: ProvincePath, state: StateDep, _: Viewer, caller: CallerDep, lang: Lang = "th"
) -> HTMLResponse:
    """Organisations and ties of the province, with gap rings and suggested partners as dashed
    edges; works offline (everything inlined)."""
    html, hit = await cached.network_html(
        state, cached.province_code(province), lang, caller=caller
    )
    return HTMLResponse(
        html,
        headers={
            CACHE_HEADER: "hit" if hit else "miss",
            "Content-Security-Policy": "frame-ancestors 'self'",
        },
    )
