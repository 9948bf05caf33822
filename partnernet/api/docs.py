"""An offline API reference at /docs, built from the OpenAPI document (Swagger UI and ReDoc
load their scripts from a CDN, which planners' offices often cannot reach). The markup is the
`docs.html` template (autoescaped); the page has no script."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from partnernet.api import web

router = APIRouter(include_in_schema=False)
_METHODS = ("get", "post", "put", "patch", "delete")


def _operation(path: str, method: str, op: dict[str, Any]) -> dict[str, Any]:
    return {
        "method": method.upper(),
        "path": path,
        "summary": op.get("summary", ""),
        "description": op.get("description", ""),
        "parameters": [
            {
                "name": p.get("name"),
                "where": p.get("in"),
                "required": bool(p.get("required")),
                "description": p.get("description", ""),
            }
            for p in op.get("parameters", [])
        ],
        "body": ", ".join(op.get("requestBody", {}).get("content", {})),
        "responses": ", ".join(sorted(op.get("responses", {}))),
    }


def sections(schema: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The operations grouped by their first tag, in the document's order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path, operations in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in operations:
                op = operations[method]
                tag = (op.get("tags") or ["other"])[0]
                found.setdefault(tag, []).append(_operation(path, method, op))
    return list(found.items())


@router.get("/docs", response_class=HTMLResponse)
def reference(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    info = schema.get("info", {})
    return web.render(
        "docs.html",
        lang="en",
        script=None,
        title=info.get("title", ""),
        version=info.get("version", ""),
        description=info.get("description", ""),
        sections=sections(schema),
    )
