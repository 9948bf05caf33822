"""The web pages: a home page with the province map and the provinces by coverage, and a page
per province with its suggested partners (accept/reject), planned partnerships, open proposals,
its figures over the years and the last year's changes (`page_history.py`), gaps grouped by
kind and its network view.

The routes here gather the cached analyses into plain values; the markup is in Jinja2
templates (`templates/*.html`, autoescaped) and the texts in gettext catalogs
(`locale/<lang>/LC_MESSAGES/messages.po`), see `web.py`. Pages are single documents: CSS and
script are inlined (no CDN, works with no internet), and a Content-Security-Policy allows only
the page's own script (by hash) and requests to this server. The map (`/map.html`) and the
network view are the visualisation module's own offline documents, shown in frames. With keys
configured and no open reads, a visitor without a session sees a sign-in form (status 401).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from partnernet.api import cached, pages_decide, web
from partnernet.api.auth import Role
from partnernet.api.deps import CallerDep, PrincipalDep, StateDep
from partnernet.api.errors import RateLimited, Unavailable
from partnernet.api.heavy import Busy
from partnernet.api.page_history import history_section
from partnernet.api.state import AppState
from partnernet.foundation import geography
from partnernet.foundation.lang import Lang
from partnernet.visualizations.export import ExportFormat

router = APIRouter(include_in_schema=False)
# Gap kinds about proposals: shown as the province's open proposals, apart from the others.
PROPOSAL_KINDS = ("proposal_unanswered", "proposal_not_adopted", "proposal_not_submitted")
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# The province page's download buttons (the export service's formats), the planner's first.
EXPORT_ORDER = sorted(
    ExportFormat, key=lambda f: (f is not ExportFormat.XLSX, list(ExportFormat).index(f))
)


def _common(state: AppState, principal: Any, lang: Lang, here: str) -> dict[str, Any]:
    return {"principal": principal, "read_only": state.read_only, "here": here}


def _can_read(state: AppState, principal: Any) -> bool:
    return state.read_only or state.settings.public_reads or principal.role is not None


def _notice(
    state: AppState, principal: Any, lang: Lang, here: str, message: str, page: str, status: int
) -> HTMLResponse:
    return web.render(
        "notice.html",
        lang=lang,
        status=status,
        message=message,
        data={"page": page, "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )


def _locked(state: AppState, principal: Any, lang: Lang, here: str) -> HTMLResponse:
    _ = web.gettext_for(lang)
    message = _("An API key is needed to see the data")
    return _notice(state, principal, lang, here, message, "locked", 401)


def _busy(
    state: AppState, principal: Any, lang: Lang, here: str, status: int = 503
) -> HTMLResponse:
    _ = web.gettext_for(lang)
    message = _("The analysis is still running; reload this page in a moment")
    response = _notice(state, principal, lang, here, message, "busy", status)
    response.headers["Retry-After"] = "5"
    return response


# The server (503) or this caller's share of it (429: its analyses running, its rate limit)
# is full: the page says so, the same way.
_FULL = (Unavailable, Busy, RateLimited)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _name(lang: str, th: str | None, en: str | None) -> str:
    return (en or th or "") if lang == "en" else (th or en or "")


@router.get("/", response_class=HTMLResponse)
async def home(
    state: StateDep, principal: PrincipalDep, caller: CallerDep, lang: Lang = "th"
) -> HTMLResponse:
    if not _can_read(state, principal):
        return _locked(state, principal, lang, "/")
    try:
        found, _ = await cached.overview(state, caller=caller)
    except _FULL as exc:
        return _busy(state, principal, lang, "/", exc.status)
    rows = list(found.rows.values())
    rows.sort(key=lambda r: (r["coverage"] is None, -(r["coverage"] or 0), r["code"]))
    table = [
        {
            "code": r["code"],
            "name": _name(lang, r["name_th"], r["name_en"]),
            "region": _name(lang, r["region_th"], r["region_en"]),
            "coverage": r["coverage"],
            "coverage_text": _pct(r["coverage"]),
            "gap_count": r["gap_count"],
            "high_gaps": r["high_gaps"],
            "organizations": r["organizations"],
            "councils": r["councils"],
        }
        for r in rows
    ]
    return web.render(
        "home.html",
        lang=lang,
        rows=table,
        data={"page": "home", "ui": web.ui_data(lang)},
        **_common(state, principal, lang, "/"),
    )


@router.get("/map.html", response_class=HTMLResponse)
async def map_page(
    state: StateDep,
    principal: PrincipalDep,
    caller: CallerDep,
    lang: Lang = "th",
    metric: str = "coverage",
) -> HTMLResponse:
    from partnernet.visualizations.geo import build_map, map_html
    from partnernet.visualizations.map_view import METRICS

    if not _can_read(state, principal):
        return _locked(state, principal, lang, "/")
    found, _ = await cached.overview(state, caller=caller)
    view = build_map(
        found.metrics,
        metric=metric if metric in METRICS else "coverage",
        lang=lang,
        link_pattern=f"/provinces/{{code}}?lang={lang}",
    )
    return HTMLResponse(
        map_html(view), headers={"Content-Security-Policy": "frame-ancestors 'self'"}
    )


def gap_groups(report: Any, lang: str) -> list[dict[str, Any]]:
    """The gaps grouped by kind, the groups with the worst severity (then the most gaps)
    first, each group's gaps worst first."""
    groups: dict[str, list[dict[str, str]]] = {}
    for gap in report.gaps:
        severity = str(getattr(gap.severity, "value", gap.severity))
        text = gap.explanation_th if lang == "th" else gap.explanation_en
        status = str(getattr(gap, "status", "open"))  # planned: a partner was accepted
        groups.setdefault(str(gap.kind), []).append(
            {"severity": severity, "text": text, "status": status}
        )
    result: list[dict[str, Any]] = []
    for kind, gaps in groups.items():
        gaps.sort(key=lambda g: _SEVERITY_ORDER.get(g["severity"], 3))
        worst = gaps[0]["severity"]
        result.append({"kind": kind, "worst": worst, "gaps": gaps, "open": False})
    result.sort(key=lambda g: (_SEVERITY_ORDER.get(g["worst"], 3), -len(g["gaps"]), g["kind"]))
    if len(result) == 1:
        result[0]["open"] = True
    return result


@router.get("/provinces/{province}", response_class=HTMLResponse)
async def province_page(
    province: Annotated[str, Path(max_length=200)],
    state: StateDep,
    principal: PrincipalDep,
    caller: CallerDep,
    request: Request,
    lang: Lang = "th",
) -> HTMLResponse:
    here = request.url.path
    if not _can_read(state, principal):
        return _locked(state, principal, lang, here)
    prov = geography.resolve_province(province)
    try:
        report = (await cached.gaps(state, prov.code, caller=caller))[0].report
        found, _ = await cached.recommendations(state, prov.code, 10, caller=caller)
    except _FULL as exc:
        return _busy(state, principal, lang, here, exc.status)
    can_write = principal.role is not None and principal.role.allows(Role.EDITOR)

    def label(node_id: str) -> str:
        return _name(lang, *found.names.get(node_id, (node_id, None)))

    suggestions = [
        {
            "source": rec.source,
            "target": rec.target,
            "source_name": label(rec.source),
            "target_name": label(rec.target),
            "score": rec.score,
            "why": rec.explanation_th if lang == "th" else rec.explanation_en,
        }
        for rec in found.report.recommendations
    ]
    accepted = [
        {
            "source": a.source,
            "target": a.target,
            "source_name": label(a.source),
            "target_name": label(a.target),
            "decided_on": a.decided_on,
        }
        for a in found.report.accepted
    ]
    groups = gap_groups(report, lang)
    decided = await pages_decide.province_decisions(state, prov.code, lang, caller=caller)
    name = prov.name_th if lang == "th" else prov.name_en
    over_time = await history_section(state, prov.code, lang, caller)
    return web.render(
        "province.html",
        lang=lang,
        name=name,
        code=prov.code,
        coverage=_pct(report.coverage),
        gap_count=len(report.gaps),
        high_count=sum(1 for g in report.gaps if str(getattr(g.severity, "value", "")) == "high"),
        suggestions=suggestions,
        accepted=accepted,
        can_write=can_write,
        show_sign_in_hint=not (can_write or state.read_only),
        proposal_groups=[g for g in groups if g["kind"] in PROPOSAL_KINDS],
        gap_groups=[g for g in groups if g["kind"] not in PROPOSAL_KINDS],
        export_formats=[fmt.value for fmt in EXPORT_ORDER],
        decisions=decided,
        panel=pages_decide.panel("province", prov.code, lang),
        over_time=over_time,
        **pages_decide.page_context(request, principal),
        region=pages_decide.region_link(prov.code, lang),
        data={"page": "province", "province": prov.code, "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )
