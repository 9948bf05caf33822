"""/api/v1/brief and /api/v1/figure: the brief (PDF or HTML) of a province, a region or an
issue, and the map (PNG or SVG) of one of those or of one organisation's neighbourhood, as
downloads. The same service functions as `partnernet brief` and `partnernet render`; like the
exports they run on the heavy-work lane (`api/heavy.py`): 429 when this caller already has
its share running, 503 when the server is full, both with Retry-After.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from partnernet.api.deps import StateDep, Viewer, identity
from partnernet.api.heavy import charge, weight
from partnernet.api.routers._common import READ, IssueQuery, ProvinceQuery, RegionQuery, problems
from partnernet.api.state import AppState
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.lang import Lang
from partnernet.service import brief as briefs
from partnernet.service import brief_areas, render

router = APIRouter(tags=["exports"], responses=READ)

BriefFormat = Literal["pdf", "html"]
FigureFormat = Literal["png", "svg"]
Layout = Literal["tiers", "district", "force"]
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
}
_VIEWS: dict[str, render.ViewKind] = {
    "province": "province",
    "region": "region",
    "issue": "issue",
    "org": "ego",
}
LayoutQuery = Annotated[
    Layout,
    Query(
        description="Map layout: tiers (provincial council at the centre), district (grouped "
        "by district) or force (force-directed)."
    ),
]
LangQuery = Annotated[Lang, Query(description="Language of the texts: th or en.")]
OrgQuery = Annotated[
    str | None,
    Query(max_length=400, description="An organisation id: its neighbourhood (figures only)."),
]


def _one_scope(**given: str | None) -> tuple[str, str]:
    named = [(kind, value) for kind, value in given.items() if value]
    if len(named) != 1:
        raise InvalidInput(f"give exactly one of {', '.join(given)}")
    return named[0]


def _file_name(kind: str, value: str, suffix: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in value)[:40]
    return f"partnernet-{kind}-{safe}.{suffix}"


def suffix_kind(suffix: str) -> str:
    """The cost kind of a download (heavy.COST_WEIGHTS): a brief or a figure."""
    return "brief" if suffix in ("pdf", "html") else "figure"


async def _download(
    request: Request,
    state: AppState,
    principal: Any,
    work: Any,
    name: str,
    suffix: str,
) -> FileResponse:
    """Run `work(folder)` (which returns the file it wrote) on the heavy lane; the file is
    sent and its folder removed after the response."""
    caller = identity(request, principal)
    charge(state.limiter, caller, state.settings.heavy_cost * weight(suffix_kind(suffix)))
    folder = Path(tempfile.mkdtemp(prefix="partnernet-figure-"))
    try:
        path = await state.heavy.run(caller, work, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[suffix],
        filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get(
    "/brief",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The A4 brief (PDF with extractable Thai, or offline HTML).",
            "content": {"application/pdf": {}, "text/html": {}},
        },
        **problems(404, 429, 503),
    },
    summary="Download the brief of a province, a region or an issue (PDF or HTML)",
)
async def brief(
    request: Request,
    state: StateDep,
    principal: Viewer,
    province: ProvinceQuery = None,
    region: RegionQuery = None,
    issue: IssueQuery = None,
    lang: LangQuery = "th",
    format: Annotated[BriefFormat, Query(description="pdf (A4) or html.")] = "pdf",
    layout: LayoutQuery = "tiers",
) -> FileResponse:
    """Exactly one of province, region and issue. What `partnernet brief` writes: headline
    figures against the regional median, the map, the gaps, the suggestions, planned and
    realised partnerships and the proposals."""
    kind, value = _one_scope(province=province, region=region, issue=issue)
    store = state.store

    def work(folder: Path) -> Path:
        out = folder / f"brief.{format}"
        if kind == "province":
            return briefs.write_province_brief(store, value, out, lang=lang, layout=layout)
        if kind == "region":
            return brief_areas.write_area_brief(store, out, region=value, lang=lang)
        return brief_areas.write_area_brief(store, out, issue=value, lang=lang)

    name = _file_name(f"brief-{kind}", value, format)
    return await _download(request, state, principal, work, name, format)


@router.get(
    "/figure",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The network map as an image for a report.",
            "content": {"image/png": {}, "image/svg+xml": {}},
        },
        **problems(404, 429, 503),
    },
    summary="Download the network map of a province, region, issue or organisation (PNG/SVG)",
)
async def figure(
    request: Request,
    state: StateDep,
    principal: Viewer,
    province: ProvinceQuery = None,
    format: Annotated[FigureFormat, Query(description="png or svg.")] = "png",
    region: RegionQuery = None,
    issue: IssueQuery = None,
    org: OrgQuery = None,
    layout: LayoutQuery = "tiers",
    lang: LangQuery = "th",
) -> FileResponse:
    """Exactly one of province, region, issue and org. What `partnernet render` draws: labels
    that do not overlap, a colour-blind-safe palette, the chosen layout."""
    kind, value = _one_scope(province=province, region=region, issue=issue, org=org)
    store = state.store
    view = _VIEWS[kind]

    def work(folder: Path) -> Path:
        out = folder / f"figure.{format}"
        return render.render_view(store, view, value, out, lang=lang, layout=layout)

    name = _file_name(f"map-{kind}", value, format)
    return await _download(request, state, principal, work, name, format)
