"""/api/v1/cypher: read-only Cypher for researchers (admin keys, Neo4j stores only).

The query must pass `cypher_guard.check_read_only` (a first filter on the text), then the
store's `run_read_only(query, params, timeout=…, row_limit=…, check_plan=…)` has the server
plan it (`EXPLAIN`) and `cypher_guard.check_plan` judge the plan before it runs, in READ access
mode with a server-side timeout, fetching at most `row_limit` rows. With `PARTNERNET_CYPHER_USER` /
`PARTNERNET_CYPHER_PASSWORD` set, it runs as that (read-only) database user instead of the
store's own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter

from partnernet.api.bodies import CypherIn
from partnernet.api.cypher_guard import check_params, check_plan, check_read_only, jsonable
from partnernet.api.deps import Admin, StateDep
from partnernet.api.errors import NotAvailableHere
from partnernet.api.routers._common import WRITE, problems
from partnernet.api.schemas import CypherOut
from partnernet.api.state import AppState
from partnernet.graph.connect import is_neo4j_uri

router = APIRouter(prefix="/cypher", tags=["cypher"], responses=WRITE)
_lock = threading.Lock()


@runtime_checkable
class ReadOnlyCypher(Protocol):
    """What a store offers for the endpoint (Neo4jStore)."""

    def run_read_only(
        self,
        query: str,
        params: dict[str, Any],
        *,
        timeout: float,
        row_limit: int,
        check_plan: Callable[[Mapping[str, Any]], None] | None = None,
    ) -> tuple[list[str], list[list[Any]], bool]: ...


def _runner(state: AppState) -> ReadOnlyCypher:
    store: object = state.store
    neo4j = is_neo4j_uri(state.store.uri)
    settings = state.settings
    if neo4j and settings.cypher_user:
        with _lock:
            if state.cypher_store is None:
                from partnernet.graph.neo4j_store import Neo4jStore

                password = settings.cypher_password
                state.cypher_store = Neo4jStore(
                    state.store.uri,
                    user=settings.cypher_user,
                    password=password.get_secret_value() if password else "",
                    database=getattr(state.store, "database", None),
                )
            store = state.cypher_store
    if not isinstance(store, ReadOnlyCypher):
        if neo4j:
            raise NotAvailableHere("this Neo4j store has no read-only query method")
        raise NotAvailableHere(
            "the Cypher endpoint needs a Neo4j store; this server uses the embedded SQLite store"
        )
    return store


@router.post(
    "", response_model=CypherOut, responses=problems(501), summary="Run a read-only Cypher query"
)
def run_cypher(body: CypherIn, state: StateDep, _: Admin) -> dict[str, Any]:
    """One read query (no writes, no writing or administrative procedures), run in a read
    transaction with a time limit; at most `limit` (and the server's row limit) rows."""
    query = check_read_only(body.query)
    params = check_params(body.params)
    runner = _runner(state)
    settings = state.settings
    row_limit = min(body.limit or settings.cypher_row_limit, settings.cypher_row_limit)
    started = time.perf_counter()
    columns, rows, truncated = runner.run_read_only(
        query,
        params,
        timeout=settings.cypher_timeout_seconds,
        row_limit=row_limit,
        check_plan=check_plan,
    )
    return {
        "columns": [str(c) for c in columns],
        "rows": [[jsonable(v) for v in row] for row in rows],
        "truncated": bool(truncated),
        "row_limit": row_limit,
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
