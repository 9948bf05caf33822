"""/api/v1/ingest/preview and /confirm: upload, see what would happen, then write exactly that.

Thin: the files are saved, read under the upload limits and forgotten; the reading, the dry
run, the report facts and the write are `service/ingest_preview.py`. A preview belongs to the
key that made it (another key gets 404) and lasts 30 minutes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response

from partnernet.api.bodies import ChoicesIn, ConfirmIn
from partnernet.api.deps import Editor, StateDep, audit_context, identity
from partnernet.api.routers._common import WRITE, problems
from partnernet.api.routers.ingest import charged, received, upload_limits
from partnernet.api.state import AppState
from partnernet.ingest.limits import applied
from partnernet.service import ingest_preview as previews

router = APIRouter(prefix="/ingest", tags=["ingest"], responses=WRITE)
Token = Annotated[str, PathParam(pattern=r"^[A-Za-z0-9_-]{32}$")]


@router.post(
    "/preview",
    responses=problems(413, 429, 503),
    summary="Upload files and see what loading them would do (nothing is written)",
)
def preview(
    request: Request,
    state: StateDep,
    principal: Editor,
    files: Annotated[list[UploadFile], File(description="CSV/TSV, XLSX, JSON or .txt/.md.")],
    encoding: Annotated[
        str | None, Form(max_length=40, description="e.g. cp874 for Thai Excel CSV.")
    ] = None,
) -> dict[str, Any]:
    """Rows accepted and rejected (line and reason, as `partnernet ingest` gives them), nodes
    and ties that would be created or changed (counts, the first 50 with before → after),
    and for a Thai report every extracted fact with its sentence, confidence and rule.
    `POST /ingest/confirm` with the answer's `token` writes exactly this."""
    caller = charged(request, state, principal)
    with state.heavy.slot(caller):
        return _preview(state, identity(request, principal), files, encoding)


def _preview(
    state: AppState, owner: str, files: list[UploadFile], encoding: str | None
) -> dict[str, Any]:
    # Everything needed is read into memory: the files themselves are not kept.
    with received(state, files, encoding, keep=False) as upload:
        with applied(upload_limits(state.settings)):
            read = previews.read_upload(upload.paths, upload.names, encoding)
        made = previews.plan(state.store, read, {})
    return previews.summary(state.previews.add(owner, read, {}, made))


@router.post(
    "/preview/{token}/facts",
    responses=problems(404, 429, 503),
    summary="Untick or correct report facts and see the preview again",
)
def choose(
    token: Token,
    request: Request,
    state: StateDep,
    principal: Editor,
    body: Annotated[ChoicesIn, Body()],
) -> dict[str, Any]:
    """Replaces the preview's choices and plans it again; confirm then writes this plan."""
    held = state.previews.get(token, identity(request, principal))
    choices = previews.check_choices(held.upload, body.facts)
    caller = charged(request, state, principal)
    with state.heavy.slot(caller):
        made = previews.plan(state.store, held.upload, choices)
    held.choices, held.plan = choices, made
    return previews.summary(held)


@router.post(
    "/confirm",
    responses=problems(404, 409, 429, 503),
    summary="Write what a preview showed",
)
def confirm(
    request: Request, state: StateDep, principal: Editor, body: Annotated[ConfirmIn, Body()]
) -> dict[str, Any]:
    """Writes the preview's rows and chosen facts. 409 if the data changed since the preview
    in a way that changes what it would do (preview again); the preview is then kept."""
    owner = identity(request, principal)
    held = state.previews.get(body.token, owner)
    caller = charged(request, state, principal)
    context = audit_context(principal, previews.web_upload_source(held))
    with state.heavy.slot(caller):
        report = previews.confirm(state.store, held, context)
    state.previews.drop(body.token)
    return {
        **report.counts(),
        "files": list(held.upload.names),
        "graph_version": state.graph_version(),
    }


@router.get(
    "/preview/{token}/rejects.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "Rejected rows."},
        **problems(404),
    },
    summary="The rows a preview rejects (CSV, opens in Excel)",
)
def preview_rejects(token: Token, request: Request, state: StateDep, principal: Editor) -> Response:
    held = state.previews.get(token, identity(request, principal))
    return Response(
        ("\ufeff" + previews.rejects_csv(held)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="rejects-preview.csv"'},
    )
