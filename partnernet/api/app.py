"""The FastAPI application: `create_app(settings, store)` and `serve(host, port)`.

    from partnernet.api.app import create_app, serve
    app = create_app()                      # settings from PARTNERNET_* variables
    serve("127.0.0.1", 8000)                # what `partnernet serve` runs

Layout: thin routers under `/api/v1` (one per resource, see `routers/`), the web pages at `/`,
`/provinces/{province}` and `/map.html`, OpenAPI at `/openapi.json` with an offline reference
page at `/docs`. Around them: the body-size limit (413 before parsing), security headers, and
one error handler (`errors.py`) that turns every failure into a problem document.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi

from partnernet import __version__
from partnernet.api import (
    docs,
    pages,
    pages_areas,
    pages_decide,
    pages_edit,
    pages_query,
    pages_upload,
)
from partnernet.api.auth import load_keys
from partnernet.api.deps import over_limit
from partnernet.api.errors import install_error_handler
from partnernet.api.limits import BodyLimitMiddleware, FloodGuard, SecurityHeadersMiddleware
from partnernet.api.routers import (
    admin,
    analysis,
    audit,
    cypher,
    decisions,
    exports,
    figures,
    ingest,
    ingest_preview,
    organizations,
    proposals,
    provinces,
    relationships,
    timeline,
)
from partnernet.api.settings import Settings
from partnernet.api.state import AppState
from partnernet.graph.connect import open_store
from partnernet.graph.store import GraphStore

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DESCRIPTION = """\
The partnership network of Thailand's community development movement: Community Organization
Councils (สภาองค์กรชุมชน), the agencies and groups they work with, and their proposals.

**Access.** Send an API key in the `X-API-Key` header. Roles: *viewer* reads, *editor* also
writes and uploads, *admin* also manages keys and runs Cypher. A server with no keys
configured is read-only: reads are open and every write answers 401.

**Errors** are problem documents (`application/problem+json`) with `status`, `title` and
`detail`; unknown places and issues come with `suggestions`.

**Places** are accepted as code (`40`), Thai (`ขอนแก่น`, `จ.ขอนแก่น`) or English (`Khon Kaen`).
"""
TAGS = [
    {"name": "organisations", "description": "Councils, agencies, civil society, academia."},
    {"name": "relationships", "description": "Partnerships, memberships, funding, …"},
    {"name": "proposals", "description": "Proposals, their status and the responses."},
    {"name": "provinces", "description": "Coverage, gaps, suggested partners, network views."},
    {"name": "analysis", "description": "Structure, hubs and communities."},
    {"name": "exports", "description": "The graph in GEXF, GraphML, Gephi CSV, XLSX, JSON…"},
    {"name": "ingest", "description": "Upload spreadsheets or Thai reports."},
    {"name": "audit", "description": "Who changed what, when and from where; undo."},
    {"name": "cypher", "description": "Read-only Cypher for researchers (Neo4j, admin)."},
    {"name": "server", "description": "Health, stats, sessions and keys."},
]
_ROUTERS = (
    organizations,
    relationships,
    proposals,
    provinces,
    timeline,
    decisions,
    analysis,
    exports,
    figures,
    ingest_preview,
    ingest,
    audit,
    cypher,
    admin,
)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The application. Keys are loaded and checked here (`KeyConfigError` refuses a weak or
    default key); without `store`, the settings' store is opened and closed at shutdown."""
    settings = settings or Settings()
    keys = load_keys(settings)
    owns_store = store is None
    if store is None:
        store = open_store(
            settings.store,
            connection_timeout=settings.store_connect_timeout_seconds,
            retry_seconds=settings.store_retry_seconds,
        )
    state = AppState.build(settings, store, owns_store, keys)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="partnernet",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.partnernet = state
    install_error_handler(app)
    api = APIRouter(prefix=API_PREFIX)
    for module in _ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(pages.router)
    app.include_router(pages_decide.router)
    # Before pages_areas: its /organisations/{org_id} would take /organisations/new.
    app.include_router(pages_edit.router)
    app.include_router(pages_areas.router)
    app.include_router(pages_query.router)
    app.include_router(pages_upload.router)
    app.include_router(docs.router)
    app.add_middleware(
        FloodGuard,
        over_limit=lambda scope: over_limit(state, scope),
        prefix=f"{API_PREFIX}/",
        skip=(f"{API_PREFIX}/health",),
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_body_bytes,
        upload_limit=settings.max_upload_bytes + 64 * 1024,  # multipart framing
        upload_prefixes=(f"{API_PREFIX}/ingest",),
    )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with every error response as a problem document (422 included)."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    problem = {"$ref": "#/components/schemas/Problem"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for code, response in operation.get("responses", {}).items():
                if not code.isdigit() or int(code) < 400:
                    continue
                response["content"] = {"application/problem+json": {"schema": problem}}
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    settings: Settings | None = None,
    store_uri: str | None = None,
    log_level: str = "info",
) -> None:
    """Run the server with uvicorn until interrupted. `store_uri` overrides the settings'
    store. Serving beyond loopback without keys is allowed (read-only) but warned about."""
    import uvicorn

    settings = settings or Settings()
    if store_uri:
        settings = settings.model_copy(update={"store": store_uri})
    app = create_app(settings)
    state: AppState = app.state.partnernet
    if not _loopback(host) and state.read_only:
        log.warning(
            "serving on %s with no API keys: read-only and open to anyone who can reach it", host
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
    )
