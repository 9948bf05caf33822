"""/api/v1/exports/{format}: the graph (or a province, region, issue or one organisation's
neighbourhood) in every format of `partnernet export`, streamed as a download."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from partnernet.api.deps import StateDep, Viewer, identity
from partnernet.api.heavy import charge, weight
from partnernet.api.routers._common import READ, IssueQuery, ProvinceQuery, RegionQuery, problems
from partnernet.service import isolated
from partnernet.visualizations.export import ExportFormat

router = APIRouter(prefix="/exports", tags=["exports"], responses=READ)


MEDIA_TYPES = {
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEPHI_CSV: "application/zip",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
    ExportFormat.POPOLO: "application/json",
}
_SUFFIX = {
    ExportFormat.GEPHI_CSV: "zip",
    ExportFormat.JSON: "json",
    ExportFormat.POPOLO: "popolo.json",
}


@router.get(
    "/{fmt}",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The export file (Gephi CSV: a zip of nodes.csv and edges.csv).",
            "content": {media: {} for media in sorted(set(MEDIA_TYPES.values()))},
        },
        **problems(404, 429, 503),
    },
    summary="Download the graph in GEXF, GraphML, Gephi CSV, XLSX, JSON or Popolo",
)
async def export(
    fmt: ExportFormat,
    request: Request,
    state: StateDep,
    principal: Viewer,
    province: ProvinceQuery = None,
    region: RegionQuery = None,
    issue: IssueQuery = None,
    ego: Annotated[
        str | None, Query(max_length=400, description="An organisation id: its neighbourhood.")
    ] = None,
    radius: Annotated[int, Query(ge=0, le=3, description="Steps around `ego`.")] = 1,
    with_hubs: Annotated[bool, Query(description="Add hub measures to the nodes.")] = False,
) -> FileResponse:
    """At most one of province, region, issue and ego; none exports the whole graph.
    Exports run on the server's heavy-work lane: 429 when this caller already has
    `heavy_per_key` running, 503 when the server is full (both with Retry-After)."""
    caller = identity(request, principal)
    charge(state.limiter, caller, state.settings.heavy_cost * weight("export"))
    folder = Path(tempfile.mkdtemp(prefix="partnernet-export-"))
    try:
        scope = {
            "province": province,
            "region": region,
            "issue": issue,
            "ego": ego,
            "radius": radius,
            "with_hubs": with_hubs,
        }
        child = state.child_store()
        if child is not None:  # the export's Python work off this process (heavy.py)
            path = await state.heavy.run_in_child(
                caller, isolated.export_in_child, *child, fmt.value, folder, scope
            )
        else:
            path = await state.heavy.run(
                caller, isolated.write_export, state.store, fmt.value, folder, scope
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    label = province or region or issue or (ego and "ego") or "national"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in str(label))[:40]
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        filename=f"partnernet-{safe}.{_SUFFIX.get(fmt, fmt.value)}",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
