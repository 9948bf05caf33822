"""The query page (issue 18, item 2): read-only Cypher for the role that may run it (admin,
as `/api/v1/cypher`), with a text box, the results as a table, and the schema and the
documented example queries (`docs/cypher.md`) one click away. Clicking an example fills the
box (page.js; without script the example's link opens the page with the box filled).

The query runs through the same route function as `POST /api/v1/cypher` (the guard, the
plan check, the read transaction, the time and row limits); a refusal, a syntax error or a
timeout is shown beside the box as its problem text. The SQLite store has no Cypher: the page
says so and offers no run button.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from partnernet.api import cypher_examples, web
from partnernet.api.auth import Role
from partnernet.api.bodies import CypherIn
from partnernet.api.deps import Principal, PrincipalDep, StateDep
from partnernet.api.errors import ApiError, NotAvailableHere
from partnernet.api.forms import can, check_write, form_token
from partnernet.api.pages import _common, _locked
from partnernet.api.routers.cypher import run_cypher
from partnernet.api.state import AppState
from partnernet.foundation.errors import UserError
from partnernet.foundation.lang import Lang

router = APIRouter(include_in_schema=False)
PAGE_ROWS = 200  # rows a page shows (the API's own row limit still applies)


def _page(
    state: AppState,
    principal: Principal,
    request: Request,
    lang: Lang,
    *,
    query: str = "",
    params: str = "",
    result: dict[str, Any] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    here = request.url.path
    if principal.role is None and not state.read_only:
        return _locked(state, principal, lang, here)
    _ = web.gettext_for(lang)
    allowed = can(principal, Role.ADMIN)
    try:
        state.cypher_runner()
        no_cypher = None
    except NotAvailableHere as error:
        no_cypher = error.detail
    rows = []
    if result is not None:
        rows = [[cypher_examples.cell(v) for v in row] for row in result["rows"]]
    return web.render(
        "query.html",
        lang=lang,
        status=status,
        allowed=allowed,
        no_cypher=no_cypher,
        reference=cypher_examples.reference(),
        query=query,
        params=params,
        result=result,
        rows=rows,
        problem=problem,
        form_token=form_token(request),
        data={"page": "query", "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )


@router.get("/query", response_class=HTMLResponse)
def query_page(
    state: StateDep,
    principal: PrincipalDep,
    request: Request,
    lang: Lang = "th",
    example: Annotated[int | None, Query(ge=1, le=100)] = None,
) -> HTMLResponse:
    """The page; `?example=N` fills the box with the documented query N."""
    chosen = cypher_examples.example(example) if example else None
    return _page(
        state,
        principal,
        request,
        lang,
        query=chosen.text if chosen else "",
        params=chosen.params if chosen else "",
    )


@router.post("/query", response_class=HTMLResponse)
def run_query(
    state: StateDep,
    principal: PrincipalDep,
    request: Request,
    query: Annotated[str, Form(max_length=20_000)] = "",
    params: Annotated[str, Form(max_length=20_000)] = "",
    form_token: Annotated[str, Form(max_length=200)] = "",
    lang: Lang = "th",
) -> HTMLResponse:
    """Run the box's query; the answer is the page with the table or the problem text."""
    query = query.replace("\r\n", "\n")  # a text box sends CRLF; run what the docs show

    def refused(problem: str, status: int) -> HTMLResponse:
        return _page(
            state, principal, request, lang, query=query, params=params, problem=problem,
            status=status,
        )  # fmt: skip

    try:
        check_write(request, state, principal, form_token, Role.ADMIN)
        values = json.loads(params) if params.strip() else {}
        if not isinstance(values, dict):
            raise ApiError("the parameters must be a JSON object", status=422)
        body = CypherIn(query=query, params=values, limit=PAGE_ROWS)
        result = run_cypher(body, state, principal)
    except json.JSONDecodeError as error:
        return refused(f"the parameters are not JSON: {error.msg} (line {error.lineno})", 422)
    except ValidationError as error:
        return refused("; ".join(str(e["msg"]) for e in error.errors()), 422)
    except ApiError as error:
        return refused(error.detail, error.status)
    except UserError as error:
        return refused(str(error), error.http_status)
    return _page(state, principal, request, lang, query=query, params=params, result=result)
