"""The pages' decisions and downloads (issue 18, items 5 and 6):

- on the province page, each suggestion has an accept / reject form with an optional note, and
  the planned, realised and rejected partnerships are listed with their date, who and note,
  each with an undo form. The forms post here (`POST /provinces/{p}/decisions`) and work with
  no script: the answer is a redirect back to the page (303). page.js sends the same form with
  fetch and the `X-Partnernet-Request` header, and shows a refusal beside the form. Both go
  through `service/decisions.py`, as `partnernet decide` and the API do;
- a download panel (`export_panel.html`) on the province page and on small pages for a region,
  an issue and one organisation: the brief (PDF/HTML), the map (PNG/SVG) and the data
  (XLSX, GEXF, GraphML, CSV), all links to the JSON API's download routes.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from partnernet.api import web
from partnernet.api.auth import CSRF_HEADER, Role
from partnernet.api.deps import Principal, PrincipalDep, StateDep
from partnernet.api.errors import ApiError
from partnernet.api.forms import can, check_write, form_token
from partnernet.api.state import AppState
from partnernet.foundation import geography
from partnernet.foundation.errors import UserError
from partnernet.foundation.lang import Lang
from partnernet.service import decisions, records
from partnernet.visualizations.export import ExportFormat

router = APIRouter(include_in_schema=False)
# The order the province page lists decisions in: what is still to do first.
_STATUS_ORDER = {"planned": 0, "lapsed": 1, "realised": 2, "rejected": 3}
# The download panel's data formats, the planner's first (as the province page had them).
_EXPORTS = sorted(
    ExportFormat, key=lambda f: (f is not ExportFormat.XLSX, list(ExportFormat).index(f))
)


def _name(lang: str, names: tuple[str, str | None] | None, fallback: str) -> str:
    th, en = names or (None, None)
    found = (en or th) if lang == "en" else (th or en)
    return found or fallback


async def province_decisions(
    state: AppState, code: str, lang: Lang, *, caller: str
) -> list[dict[str, Any]]:
    """The province's decisions that still stand (not undone), to do first, with names."""
    found, _ = await state.cached(
        "page-decisions",
        (code,),
        lambda: decisions.list_decisions(state.store, code),
        caller=caller,
    )
    standing = [r for r in found if r.status.value in _STATUS_ORDER]
    ids = sorted({i for r in standing for i in (r.source, r.target)})
    names, _ = await state.cached(
        "names", tuple(ids), lambda: records.names(state.store, ids), caller=caller
    )
    standing.sort(
        key=lambda r: (_STATUS_ORDER[r.status.value], r.decided_on or "", r.source, r.target)
    )
    return [
        {
            "source": r.source,
            "target": r.target,
            "source_name": _name(lang, names.get(r.source), r.source),
            "target_name": _name(lang, names.get(r.target), r.target),
            "status": r.status.value,
            "decided_on": r.decided_on or "",
            "decided_by": r.decided_by or "",
            "note": r.note or "",
        }
        for r in standing
    ]


def page_context(request: Request, principal: Principal) -> dict[str, Any]:
    """What the province page's forms need."""
    return {"form_token": form_token(request), "can_decide": can(principal, Role.EDITOR)}


def region_link(code: str, lang: Lang) -> tuple[str, str]:
    """The province's region page (its downloads), as (href, name)."""
    region = geography.resolve_region(f"region6:{geography.province(code).region6}")
    name = region.name_th if lang == "th" else region.name_en
    return f"/regions/{quote(region.key)}?lang={lang}", name


def _refused(
    state: AppState, principal: Principal, lang: Lang, here: str, error: Exception
) -> HTMLResponse:
    """A refusal as a page (a form posted without script), with a way back."""
    status = error.status if isinstance(error, ApiError) else getattr(error, "http_status", 400)
    return web.render(
        "notice.html",
        lang=lang,
        status=int(status),
        message=str(getattr(error, "detail", None) or error),
        back=here,
        data={"page": "notice", "ui": web.ui_data(lang)},
        principal=principal,
        read_only=state.read_only,
        here=here,
    )


@router.post("/provinces/{province}/decisions", response_model=None)
def decide_form(
    province: Annotated[str, Path(max_length=200)],
    request: Request,
    state: StateDep,
    principal: PrincipalDep,
    source: Annotated[str, Form(min_length=1, max_length=400)],
    target: Annotated[str, Form(min_length=1, max_length=400)],
    decision: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=2000)] = "",
    form_token: Annotated[str, Form(max_length=200)] = "",
    lang: Lang = "th",
) -> Response:
    """Accept, reject or undo (`decision` = accepted / rejected / undo) from the page."""
    code = geography.resolve_province(province).code
    page = f"/provinces/{code}"
    scripted = bool(request.headers.get(CSRF_HEADER))
    try:
        check_write(request, state, principal, form_token, Role.EDITOR)
        if decision not in ("accepted", "rejected", decisions.UNDO):
            raise ApiError(f"decision is accepted, rejected or undo, not {decision!r}", status=422)
        found = decisions.decide(
            state.store,
            source,
            target,
            decision,
            note=note.strip() or None,
            decided_by=principal.name,
            decided_on=state.today(),
        )
    except (UserError, ApiError) as error:
        if scripted:
            raise  # the one error handler: a problem document page.js shows beside the form
        return _refused(state, principal, lang, f"{page}?lang={lang}", error)
    if scripted:
        return JSONResponse({**found.model_dump(mode="json"), "page": page})
    return RedirectResponse(f"{page}?lang={lang}#pn-planned", status_code=303)


def panel(kind: str, value: str, lang: Lang) -> dict[str, list[tuple[str, str]]]:
    """The download panel's links for one scope: kind is province, region, issue or org."""
    scope = urlencode({kind: value})
    data_scope = urlencode({"ego" if kind == "org" else kind: value})
    brief = (
        []
        if kind == "org"
        else [(fmt, f"/api/v1/brief?{scope}&lang={lang}&format={fmt}") for fmt in ("pdf", "html")]
    )
    return {
        "brief": brief,
        # The map is a small GET form (a layout to choose, then PNG or SVG): it works
        # without script and downloads like a link.
        "figure_scope": [(kind, value), ("lang", lang)],
        "figure": [(fmt, "") for fmt in ("png", "svg")],
        "data": [(fmt.value, f"/api/v1/exports/{fmt.value}?{data_scope}") for fmt in _EXPORTS],
    }
