"""Small pages for a region, an issue and one organisation: a few headline figures and the
download panel (`export_panel.html`: brief, map, data), so that what the province page offers
can be had for the other scopes too (issue 18, item 6). The figures come from the cached
province overview (a region) or one read of the scope (an issue, an organisation's
neighbourhood); the downloads are the JSON API's routes.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from partnernet.api import cached, pages_decide, web
from partnernet.api.deps import CallerDep, Principal, PrincipalDep, StateDep
from partnernet.api.errors import RateLimited, Unavailable
from partnernet.api.heavy import Busy
from partnernet.api.pages import _busy, _can_read, _common, _locked, _name, _pct
from partnernet.api.state import AppState
from partnernet.foundation import geography
from partnernet.foundation.errors import NotFound
from partnernet.foundation.lang import Lang
from partnernet.graph.issues import resolve_issue
from partnernet.graph.store import Scope
from partnernet.service.scopes import scope_for

router = APIRouter(include_in_schema=False)
# Kinds of node that are organisations, as the store names them, in the order shown.
_ORG_KINDS = (
    "Council",
    "Agency",
    "CivilSocietyGroup",
    "CommunityOrganization",
    "Academic",
    "PrivateSector",
)


def _kind_names(lang: Lang) -> dict[str, str]:
    _ = web.gettext_for(lang)
    return {
        "Council": _("Community organisation councils"),
        "Agency": _("Agencies"),
        "CivilSocietyGroup": _("Civil society groups"),
        "CommunityOrganization": _("Community organisations"),
        "Academic": _("Academic institutions"),
        "PrivateSector": _("Private sector"),
    }


def _page(
    state: AppState,
    principal: Principal,
    request: Request,
    lang: Lang,
    *,
    kind: str,
    value: str,
    title: str,
    figures: list[tuple[str, str]],
    links: list[tuple[str, str]] | None = None,
) -> HTMLResponse:
    return web.render(
        "area.html",
        lang=lang,
        name=title,
        figures=figures,
        links=links or [],
        panel=pages_decide.panel(kind, value, lang),
        data={"page": kind, "ui": web.ui_data(lang)},
        **_common(state, principal, lang, request.url.path),
    )


def _refuse(
    state: AppState, principal: Principal, request: Request, lang: Lang
) -> HTMLResponse | None:
    """The sign-in page when the data needs a key (as the province page does)."""
    if not _can_read(state, principal):
        return _locked(state, principal, lang, request.url.path)
    return None


@router.get("/regions/{region}", response_class=HTMLResponse)
async def region_page(
    region: Annotated[str, Path(max_length=200)],
    state: StateDep,
    principal: PrincipalDep,
    caller: CallerDep,
    request: Request,
    lang: Lang = "th",
) -> HTMLResponse:
    refused = _refuse(state, principal, request, lang)
    if refused is not None:
        return refused
    found = geography.resolve_region(region)
    codes = {p.code for p in geography.region_provinces(found)}
    try:
        overview, _ = await cached.overview(state, caller=caller)
    except (Unavailable, Busy, RateLimited) as exc:
        return _busy(state, principal, lang, request.url.path, exc.status)
    rows = [r for code, r in overview.rows.items() if code in codes and r["organizations"]]
    if not rows:
        raise NotFound(f"no organisation of the region {found.key} in the store")
    _ = web.gettext_for(lang)
    coverage = [r["coverage"] for r in rows if r["coverage"] is not None]
    figures = [
        (_("Provinces with data"), f"{len(rows)} / {len(codes)}"),
        (_("Organisations"), f"{sum(r['organizations'] for r in rows):,}"),
        (_("Councils"), f"{sum(r['councils'] for r in rows):,}"),
        (_("Median coverage"), _pct(statistics.median(coverage) if coverage else None)),
        (_("Coordination gaps"), f"{sum(r['gap_count'] for r in rows):,}"),
    ]
    rows.sort(key=lambda r: (r["coverage"] is None, r["coverage"] or 0, r["code"]))
    links = [
        (f"/provinces/{r['code']}?lang={lang}", f"{_name(lang, r['name_th'], r['name_en'])} "
         f"({_pct(r['coverage'])})")
        for r in rows
    ]  # fmt: skip
    title = _name(lang, found.name_th, found.name_en)
    return _page(
        state, principal, request, lang, kind="region", value=found.key, title=title,
        figures=figures, links=links,
    )  # fmt: skip


def _counts(graph: Any) -> Counter[str]:
    return Counter(str(kind) for _, kind in graph.nodes(data="kind") if kind in _ORG_KINDS)


@router.get("/issues/{issue}", response_class=HTMLResponse)
async def issue_page(
    issue: Annotated[str, Path(max_length=200)],
    state: StateDep,
    principal: PrincipalDep,
    caller: CallerDep,
    request: Request,
    lang: Lang = "th",
) -> HTMLResponse:
    refused = _refuse(state, principal, request, lang)
    if refused is not None:
        return refused
    found = resolve_issue(issue)
    graph, _ = await state.cached(
        "page-issue",
        (found.code,),
        lambda: state.store.subgraph(scope_for(issue=found.code)),
        caller=caller,
    )
    counts = _counts(graph)
    if not counts:
        raise NotFound(f"no organisation works on the issue {found.code!r}")
    _ = web.gettext_for(lang)
    provinces = {
        str(p) for _, p in graph.nodes(data="province_code") if p and str(p) in _known_codes()
    }
    names = _kind_names(lang)
    figures = [(_("Organisations"), f"{sum(counts.values()):,}")]
    figures += [(names[k], f"{counts[k]:,}") for k in _ORG_KINDS if counts[k]]
    figures.append((_("Provinces"), f"{len(provinces):,}"))
    title = _name(lang, found.name_th, found.name_en)
    return _page(
        state, principal, request, lang, kind="issue", value=found.code, title=title,
        figures=figures,
    )  # fmt: skip


def _known_codes() -> set[str]:
    return {p.code for p in geography.provinces()}


@router.get("/organisations/{org_id}", response_class=HTMLResponse)
async def organisation_page(
    org_id: Annotated[str, Path(max_length=400)],
    state: StateDep,
    principal: PrincipalDep,
    caller: CallerDep,
    request: Request,
    lang: Lang = "th",
) -> HTMLResponse:
    refused = _refuse(state, principal, request, lang)
    if refused is not None:
        return refused
    node = state.store.get_node(org_id)
    if node is None:
        raise NotFound(f"no organisation with the id {org_id!r}")
    graph, _ = await state.cached(
        "page-ego",
        (org_id,),
        lambda: state.store.subgraph(Scope(ego=org_id, radius=1)),
        caller=caller,
    )
    _ = web.gettext_for(lang)
    names = _kind_names(lang)
    partners = _counts(graph)
    partners[str(node.kind.value)] -= 1  # the organisation itself
    figures = [
        (_("Kind"), names.get(node.kind.value, node.kind.value)),
        (_("Id"), node.id),
        (_("Partners and ties one step away"), f"{sum(partners.values()):,}"),
    ]
    home = getattr(node, "province_code", None)  # organisations have one; Node in general not
    if home:
        province = geography.province(str(home))
        figures.append((_("Province"), _name(lang, province.name_th, province.name_en)))
    links = [(f"/provinces/{home}?lang={lang}", _("The province page"))] if home else []
    # Its facts, ties and changes, with the edit forms (pages_edit.py).
    record = quote(org_id, safe=":")
    links.append((f"/organisations/{record}/record?lang={lang}", _("Facts, ties and changes")))
    title = _name(lang, node.name_th, node.name_en)
    return _page(
        state, principal, request, lang, kind="org", value=node.id, title=title,
        figures=figures, links=links,
    )  # fmt: skip
