"""One error handler: every failure becomes an RFC 9457 problem document.

Routers raise domain errors (or `ApiError` for HTTP-only conditions) and never build error
responses themselves. `handle_error` maps them through one table:

| error | status |
|---|---|
| `ApiError` (and subclasses) | its own status |
| `UnknownPlaceError`, `UnknownIssueError` | 404 if named in the path, else 422; suggestions |
| `AmbiguousPlaceError` | 422 with the candidates |
| pydantic's `ValidationError`, FastAPI's `RequestValidationError` | 422 with the field errors |
| `StoreError` | 503, without the store's address (that goes to the log) |
| other `UserError`s (`foundation/errors.py`) | the status its class names |
| Starlette's `HTTPException` (404 route, 405 method) | its status |
| `RecursionError` (input nested too deeply for a parser) | 422 |
| anything else (a bug; a plain `ValueError` too) | 500, an `error_id`; traceback in the log |
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from partnernet.foundation.errors import UserError, new_error_id
from partnernet.foundation.geography import AmbiguousPlaceError, UnknownPlaceError
from partnernet.graph.issues import UnknownIssueError
from partnernet.graph.store import StoreError

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    501: "Not implemented",
    503: "Service unavailable",
}


class ApiError(Exception):
    """An HTTP condition with a message for the user."""

    status = 400

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        self.headers = dict(headers or {})
        self.extra = extra


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403


class PayloadTooLarge(ApiError):
    status = 413


class RateLimited(ApiError):
    status = 429

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(
            f"rate limit reached; retry in {seconds} s", headers={"Retry-After": str(seconds)}
        )


class Unavailable(ApiError):
    status = 503


class NotAvailableHere(ApiError):
    """The feature exists but not with this store or build (e.g. Cypher on SQLite)."""

    status = 501


def problem(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(
        body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_TYPE
    )


def _place(place: Any) -> dict[str, Any]:
    out = {
        "level": getattr(place, "level", ""),
        "code": getattr(place, "code", ""),
        "name_th": getattr(place, "name_th", ""),
        "name_en": getattr(place, "name_en", ""),
    }
    return {k: str(v) for k, v in out.items()}


def _from_path(request: Request, query: str) -> bool:
    return bool(query) and query in {str(v) for v in request.path_params.values()}


def _validation_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for err in errors[:20]:
        loc = [str(part) for part in err.get("loc", ())]
        out.append({"loc": loc, "msg": str(err.get("msg", "")), "type": str(err.get("type", ""))})
    return out


def _status_and_extra(request: Request, exc: Exception) -> tuple[int, str, dict[str, Any]]:
    """The mapping table (see the module docstring)."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, ApiError):
        return exc.status, str(exc.detail), exc.extra
    if isinstance(exc, AmbiguousPlaceError):
        return 422, detail, {"suggestions": [_place(p) for p in exc.suggestions]}
    if isinstance(exc, UnknownPlaceError):
        status = 404 if _from_path(request, exc.query) else 422
        return status, detail, {"suggestions": [_place(p) for p in exc.suggestions]}
    if isinstance(exc, UnknownIssueError):
        status = 404 if _from_path(request, exc.query) else 422
        suggestions = [
            {"level": "issue", "code": code, "name_th": "", "name_en": ""}
            for code in exc.suggestions
        ]
        return status, detail, {"suggestions": suggestions}
    if isinstance(exc, StoreError):
        # The message may name the bolt address and the driver's error: for the log only.
        log.warning("store error on %s %s: %s", request.method, request.url.path, detail)
        return 503, "the graph store is not reachable or failed; try again shortly", {}
    if isinstance(exc, RequestValidationError):
        errors = _validation_errors(exc.errors())
        where = ".".join(errors[0]["loc"]) if errors else ""
        message = str(errors[0]["msg"]) if errors else "invalid request"
        return 422, f"{where}: {message}" if where else message, {"errors": errors}
    if isinstance(exc, ValidationError):
        errors = _validation_errors(exc.errors())
        return 422, detail.splitlines()[0], {"errors": errors}
    if isinstance(exc, UserError):
        return exc.http_status, detail, {}
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, str(exc.detail), {}
    if isinstance(exc, RecursionError):  # input nested past what a parser or walker can take
        return 422, "the input is nested too deeply", {}
    error_id = new_error_id()
    log.error("error %s: %s %s", error_id, request.method, request.url.path, exc_info=exc)
    return 500, f"internal error (error id {error_id})", {"error_id": error_id}


async def handle_error(request: Request, exc: Exception) -> JSONResponse:
    """The one error handler."""
    status, detail, extra = _status_and_extra(request, exc)
    headers: dict[str, str] = {}
    if isinstance(exc, ApiError):
        headers.update(exc.headers)
    elif isinstance(exc, StarletteHTTPException) and exc.headers is not None:
        headers.update(dict(exc.headers))
    if status == 503 and "Retry-After" not in headers:
        headers["Retry-After"] = "5"
    if status >= 500:
        log.warning("%s %s -> %s: %s", request.method, request.url.path, status, detail)
    return problem(status, detail, instance=request.url.path, headers=headers, **extra)


HANDLED: tuple[type[Exception], ...] = (
    ApiError,
    UserError,
    RequestValidationError,
    ValidationError,
    StarletteHTTPException,
    Exception,
)


def install_error_handler(app: FastAPI) -> None:
    for exc_type in HANDLED:
        app.add_exception_handler(exc_type, handle_error)
