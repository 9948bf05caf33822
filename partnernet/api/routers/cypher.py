"""/api/v1/cypher: read-only Cypher for researchers (admin keys, Neo4j stores only).

The query must pass `cypher_guard.check_read_only` (a first filter on the text), then the
store's `run_read_only(query, params, timeout=…, row_limit=…, check_plan=…)` has the server
plan it (`EXPLAIN`) and `cypher_guard.check_plan` judge the plan before it runs, in READ access
mode with a server-side timeout, fetching at most `row_limit` rows. With `PARTNERNET_CYPHER_USER` /
`PARTNERNET_CYPHER_PASSWORD` set, it runs as that (read-only) database user instead of the
store's own.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter

from partnernet.api.bodies import CypherIn
from partnernet.api.cypher_guard import check_params, check_plan, check_read_only, jsonable
from partnernet.api.deps import Admin, StateDep
from partnernet.api.routers._common import WRITE, problems
from partnernet.api.schemas import CypherOut

router = APIRouter(prefix="/cypher", tags=["cypher"], responses=WRITE)


@router.post(
    "", response_model=CypherOut, responses=problems(501), summary="Run a read-only Cypher query"
)
def run_cypher(body: CypherIn, state: StateDep, _: Admin) -> dict[str, Any]:
    """One read query (no writes, no writing or administrative procedures), run in a read
    transaction with a time limit; at most `limit` (and the server's row limit) rows."""
    query = check_read_only(body.query)
    params = check_params(body.params)
    runner = state.cypher_runner()
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
