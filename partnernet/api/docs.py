"""An offline API reference at /docs, built from the OpenAPI document (Swagger UI and ReDoc
load their scripts from a CDN, which planners' offices often cannot reach)."""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
_METHODS = ("get", "post", "put", "patch", "delete")
_CSS = (
    "body{font-family:'Noto Sans Thai',Tahoma,'DejaVu Sans',sans-serif;margin:0 auto;"
    "max-width:1000px;padding:16px;line-height:1.5;color:#1a1a1a}"
    "code{background:#f2f4f7;padding:1px 4px;border-radius:3px}"
    ".op{border:1px solid #dde1e6;border-radius:6px;padding:8px 12px;margin:10px 0}"
    ".m{font-weight:bold;text-transform:uppercase;margin-right:8px}"
    "table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;"
    "border-bottom:1px solid #eee;vertical-align:top}.d{white-space:pre-wrap;color:#444}"
)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    params = "".join(
        f"<tr><td><code>{_e(p.get('name'))}</code></td><td>{_e(p.get('in'))}</td>"
        f"<td>{'required' if p.get('required') else ''}</td>"
        f"<td>{_e(p.get('description', ''))}</td></tr>"
        for p in op.get("parameters", [])
    )
    body = op.get("requestBody", {}).get("content", {})
    codes = ", ".join(sorted(op.get("responses", {})))
    return (
        f'<div class="op"><span class="m">{method}</span><code>{_e(path)}</code> — '
        f"{_e(op.get('summary', ''))}"
        f'<div class="d">{_e(op.get("description", ""))}</div>'
        + (f"<table>{params}</table>" if params else "")
        + (f"<p>Body: {_e(', '.join(body))}</p>" if body else "")
        + f"<p>Responses: {_e(codes)}</p></div>"
    )


@router.get("/docs", response_class=HTMLResponse)
def reference(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    sections: dict[str, list[str]] = {}
    for path, operations in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in operations:
                op = operations[method]
                tag = (op.get("tags") or ["other"])[0]
                sections.setdefault(tag, []).append(_operation(path, method, op))
    info = schema.get("info", {})
    parts = [
        f"<h1>{_e(info.get('title'))} API {_e(info.get('version'))}</h1>",
        f'<div class="d">{_e(info.get("description", ""))}</div>',
        '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>',
    ]
    for tag, ops in sections.items():
        parts.append(f"<h2>{_e(tag)}</h2>" + "".join(ops))
    page = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>partnernet API'
        f"</title><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )
    return HTMLResponse(
        page, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    )
