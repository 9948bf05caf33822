"""/api/v1/provinces/{province}/trend and /changes: a province over time (what the province
page shows: the trend, and what changed over the last year), through the analysis cache."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from partnernet.api import cached
from partnernet.api.deps import CallerDep, StateDep, Viewer
from partnernet.api.routers._common import READ, problems
from partnernet.foundation.errors import InvalidInput
from partnernet.service import history

router = APIRouter(prefix="/provinces", tags=["provinces"], responses=READ)

ProvincePath = Annotated[
    str,
    Path(max_length=200, description="Code 40, ขอนแก่น, จ.ขอนแก่น or Khon Kaen.", examples=["40"]),
]
DayQuery = Annotated[
    str | None,
    Query(max_length=60, description="A day: 2023-03-22, 2566-03-22 or 22 มี.ค. 2566."),
]


def _header(response: Response, hit: bool) -> None:
    response.headers["X-Partnernet-Cache"] = "hit" if hit else "miss"


@router.get("/{province}/trend", responses=problems(404), summary="A province's figures per period")
async def province_trend(
    province: ProvincePath,
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    by: Literal["year", "quarter"] = "year",
    start: Annotated[DayQuery, Query(alias="from")] = None,
    end: Annotated[DayQuery, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Coverage, partners per council, councils tied to local government, open gaps and
    proposals answered at the end of every year or quarter (default: the last ten years)."""
    code = cached.province_code(province)
    first, last = cached.as_of_day(start), cached.as_of_day(end)
    report, hit = await state.cached(
        "trend",
        (code, by, first, last),
        lambda: history.trend(state.store, by=by, start=first, end=last, province=code),
        caller=caller,
    )
    _header(response, hit)
    return {**report.model_dump(mode="json"), "graph_version": state.graph_version()}


@router.get(
    "/{province}/changes",
    responses=problems(404),
    summary="What changed in a province between two days",
)
async def province_changes(
    province: ProvincePath,
    state: StateDep,
    _: Viewer,
    caller: CallerDep,
    response: Response,
    start: Annotated[DayQuery, Query(alias="from")] = None,
    end: Annotated[DayQuery, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Ties made, ended and renewed, organisations that joined, proposals, gaps opened and
    closed, suggestions realised, the figures before and after and a summary in Thai and
    English (default: the year up to today)."""
    code = cached.province_code(province)
    last = cached.as_of_day(end) or date.today()
    first = cached.as_of_day(start) or _year_before(last)
    if last <= first:
        raise InvalidInput(f"`to` ({last}) must be after `from` ({first})")
    report, hit = await state.cached(
        "changes",
        (code, first, last),
        lambda: history.diff(state.store, first, last, province=code),
        caller=caller,
    )
    _header(response, hit)
    return {**report.model_dump(mode="json"), "graph_version": state.graph_version()}


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
