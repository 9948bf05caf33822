"""/api/v1/ingest: upload spreadsheets (CSV/TSV, XLSX, JSON) or Thai reports (.txt/.md), get the
ingest report and a link to the rejected rows."""

from __future__ import annotations

import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import Response

from partnernet.api.deps import Editor, StateDep, identity
from partnernet.api.errors import NotFound, PayloadTooLarge
from partnernet.api.heavy import charge, weight
from partnernet.api.routers._common import WRITE, problems
from partnernet.api.schemas import IngestOut
from partnernet.api.settings import Settings
from partnernet.api.state import AppState
from partnernet.foundation.errors import InvalidInput, UserError
from partnernet.ingest.limits import Limits, applied, check_encoding
from partnernet.ingest.tabular import IngestFileError
from partnernet.service.ingest import count_rows, file_kind, ingest_files

router = APIRouter(prefix="/ingest", tags=["ingest"], responses=WRITE)

_UNSAFE = re.compile(r"[^\w\u0E00-\u0E7F. \-]+")
_CHUNK = 1024 * 1024
_KEEP_SECONDS = 24 * 3600
_SHOWN_REJECTS = 50
UploadId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]


def _safe_name(name: str | None) -> str:
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    clean = _UNSAFE.sub("_", base).strip(" .")[-120:]
    if not clean:
        raise InvalidInput("every uploaded file needs a file name (with its suffix)")
    file_kind(clean)
    return clean


def _save(upload: UploadFile, target: Path, budget: int) -> int:
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            written += len(chunk)
            if written > budget:
                raise PayloadTooLarge("the uploaded files are larger than the upload limit")
            out.write(chunk)
    return written


def _prune(root: Path) -> None:
    """Forget uploads (and their rejects files) older than a day."""
    cutoff = time.time() - _KEEP_SECONDS
    for folder in root.iterdir():
        if (
            folder.is_dir()
            and re.fullmatch(r"[0-9a-f]{32}", folder.name)
            and folder.stat().st_mtime < cutoff
        ):
            shutil.rmtree(folder, ignore_errors=True)


def upload_limits(settings: Settings) -> Limits:
    """The row and cell limits of one upload (ingest and preview alike)."""
    return Limits(
        max_rows=settings.max_upload_rows,
        max_cells=settings.max_upload_cells,
        option="the server's PARTNERNET_MAX_UPLOAD_ROWS / PARTNERNET_MAX_UPLOAD_CELLS",
    )


def _scrubber(folder: Path) -> re.Pattern[str]:
    return re.compile(re.escape(str(folder)) + r"[/\\]\d+[/\\]|" + re.escape(str(folder)))


def charged(request: Request, state: AppState, principal: Any) -> str:
    """The caller, charged an upload's weight in rate-limit tokens (429 when over)."""
    caller = identity(request, principal)
    charge(state.limiter, caller, state.settings.heavy_cost * weight("ingest"))
    return caller


@dataclass(frozen=True)
class Received:
    upload_id: str
    folder: Path
    scrub: re.Pattern[str]  # takes the server's folder out of a message
    paths: list[Path]
    names: list[str]


@contextmanager
def received(
    state: AppState, files: list[UploadFile], encoding: str | None, *, keep: bool
) -> Iterator[Received]:
    """The uploaded files saved in a new folder of the server's upload root, after the
    checks every upload gets (number of files, a text encoding, the byte budget, safe
    names). A file-level or user error raised inside comes out with the server's folder taken
    out of its message. `keep`: the folder stays (for the rejects CSV); else it is removed."""
    settings = state.settings
    if len(files) > settings.max_upload_files:
        raise PayloadTooLarge(f"at most {settings.max_upload_files} files per upload")
    check_encoding(encoding)  # text encodings only: rot13, hex, zlib are 422, not 500
    _prune(state.upload_root)
    upload_id = uuid.uuid4().hex
    folder = state.upload_root / upload_id
    scrub = _scrubber(folder)
    try:
        budget = settings.max_upload_bytes
        paths: list[Path] = []
        names: list[str] = []
        for number, upload in enumerate(files):
            name = _safe_name(upload.filename)
            target = folder / str(number) / name
            target.parent.mkdir(parents=True)
            budget -= _save(upload, target, budget)
            paths.append(target)
            names.append(name)
        yield Received(upload_id, folder, scrub, paths, names)
    except IngestFileError as exc:
        raise InvalidInput(scrub.sub("", str(exc))) from None
    except UserError as exc:  # the same error (and status), without the server's upload folder
        exc.args = (scrub.sub("", str(exc)),)
        raise exc from None
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


@router.post(
    "",
    response_model=IngestOut,
    responses=problems(413, 429, 503),
    summary="Upload files to load into the graph",
)
def ingest(
    request: Request,
    state: StateDep,
    principal: Editor,
    files: Annotated[list[UploadFile], File(description="CSV/TSV, XLSX, JSON or .txt/.md.")],
    encoding: Annotated[
        str | None, Form(max_length=40, description="e.g. cp874 for Thai Excel CSV.")
    ] = None,
) -> dict[str, Any]:
    """Files are read and checked before anything is written (a file-level problem leaves the
    store as it was); rows are then merged as by `partnernet ingest`. Rejected rows are listed
    (the first 50) and all of them are in the CSV at `rejects_url`."""
    caller = charged(request, state, principal)
    with state.heavy.slot(caller):  # 429/503 at once when this caller or the server is full
        return _ingest(state, files, encoding)


def _ingest(state: AppState, files: list[UploadFile], encoding: str | None) -> dict[str, Any]:
    limit = upload_limits(state.settings)
    with received(state, files, encoding, keep=True) as upload:
        # Counted while streaming and stopped at the limit (declared XLSX sizes before any
        # row): nothing is written unless the whole upload is within the limits.
        with applied(limit):
            count_rows(upload.paths, encoding)
        with applied(limit):
            rejects_path = upload.folder / "rejects.csv"
            report = ingest_files(
                state.store, upload.paths, rejects_path=rejects_path, encoding=encoding
            )
    scrub, upload_id = upload.scrub, upload.upload_id
    version = state.graph_version()
    rejects = [
        {
            "file": scrub.sub("", r.file),
            "line": r.line,
            "column": r.column,
            "reason": scrub.sub("", r.reason),
        }
        for r in report.rejected_rows[:_SHOWN_REJECTS]
    ]
    return {
        "upload_id": upload_id,
        **report.counts(),
        "files": [Path(f).name for f in report.files],
        "warnings": [scrub.sub("", w) for w in report.warnings],
        "rejects": rejects,
        "rejects_url": f"/api/v1/ingest/{upload_id}/rejects.csv" if report.rejects_file else None,
        "graph_version": version,
    }


@router.get(
    "/{upload_id}/rejects.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "Rejected rows."},
        **problems(404),
    },
    summary="The rejected rows of an upload (CSV, opens in Excel)",
)
def rejects_file(upload_id: UploadId, state: StateDep, _: Editor) -> Response:
    """The CSV as written, with the server's upload folder taken out of every file name."""
    folder = state.upload_root / upload_id
    path = folder / "rejects.csv"
    if not path.is_file():
        raise NotFound(
            f"upload {upload_id} has no rejects file (no rows were rejected, or it "
            "is older than a day)"
        )
    text = _scrubber(folder).sub("", path.read_text(encoding="utf-8-sig"))
    return Response(
        ("\ufeff" + text).encode("utf-8"),  # the BOM Excel needs to read UTF-8
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="rejects-{upload_id[:8]}.csv"'},
    )
