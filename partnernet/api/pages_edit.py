"""The editing pages: an organisation's record (`/organisations/<id>/record`: facts, ties and
changes; `/organisations/<id>` is its figures and downloads, `pages_areas.py`), the forms that
add or edit an organisation and add or edit a tie (ending a partnership is setting its
"until"), the audit trail of an organisation and of a
province, and undoing a change.

Plain HTML forms posted to these routes, so they work without JavaScript (the area picker is a
chain of <select>s that a "show the districts" button refreshes; `edit.js` refreshes it on
change, and suggests organisations for a tie's other end). Every form goes through
`service/edit.py`, which validates with the ingest's own row conversion; an error is shown
beside its field (`aria-describedby`) and the form keeps what the user typed. Viewers get a 403
page; without a session (keys configured) the sign-in page. The session cookie is SameSite
strict, and a POST whose Origin is another site is refused besides.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote, unquote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from partnernet.api import web
from partnernet.api.auth import Role
from partnernet.api.deps import Principal, PrincipalDep, StateDep, audit_context
from partnernet.api.forms import can, foreign_origin
from partnernet.api.pages import _can_read, _common, _locked, _name, _notice
from partnernet.api.state import AppState
from partnernet.foundation import geography
from partnernet.foundation.errors import UserError
from partnernet.foundation.lang import Lang
from partnernet.graph.model import ORGANIZATION_KINDS, PartnershipForm, RelType
from partnernet.service import audit, edit, records
from partnernet.service.audit import AuditEntry

router = APIRouter(include_in_schema=False)
EXTRA_SCRIPTS = ("edit.js",)  # after page.js, in the same element (web.render)
PAGE_SIZE = 20
OrgId = Annotated[str, Path(max_length=400)]


def _refused(state: AppState, principal: Principal, lang: Lang, here: str) -> HTMLResponse | None:
    """The page to show instead of a form to someone who may not edit, or None."""
    _ = web.gettext_for(lang)
    if can(principal, Role.EDITOR):
        return None
    if state.read_only:
        return _notice(state, principal, lang, here, _("This server is read-only"), "refused", 403)
    if principal.role is None:
        return _locked(state, principal, lang, here)
    message = _("Only editors can change the data; your key has the viewer role")
    return _notice(state, principal, lang, here, message, "refused", 403)


def _foreign(state: AppState, principal: Principal, lang: Lang, here: str) -> HTMLResponse:
    _ = web.gettext_for(lang)
    message = _("This form was sent from another site; nothing was changed")
    return _notice(state, principal, lang, here, message, "refused", 403)


def _local(path: str, fallback: str) -> str:
    """A redirect target that stays on this server (a path, not //host or a scheme)."""
    return path if path.startswith("/") and not path.startswith("//") else fallback


def _org_url(org_id: str, lang: Lang, suffix: str = "") -> str:
    return f"/organisations/{quote(org_id, safe=':')}{suffix}?lang={lang}"


def _places(values: dict[str, str], lang: str) -> dict[str, list[dict[str, str]]]:
    """The options of the area picker: every province, the districts of the chosen province
    and the subdistricts of the chosen district."""

    def option(place: Any) -> dict[str, str]:
        return {"code": place.code, "name": _name(lang, place.name_th, place.name_en)}

    province = values.get("province", "")
    district = values.get("district", "")
    try:
        code = geography.resolve_province(province).code if province else ""
    except UserError:
        code = ""
    districts = geography.districts(code) if code else []
    try:
        subs = geography.subdistricts(district, code) if district and code else []
    except UserError:
        subs = []
    return {
        "provinces": [option(p) for p in geography.provinces()],
        "districts": [option(d) for d in districts],
        "subdistricts": [option(s) for s in subs],
    }


def _area_names(values: dict[str, str], lang: str) -> str:
    """The organisation's area as names (province · district · subdistrict)."""
    found = []
    for level, lookup in (
        ("province", geography.province),
        ("district", geography.district),
        ("subdistrict", geography.subdistrict),
    ):
        code = values.get(level)
        if code:
            try:
                place: Any = lookup(code)
            except UserError:
                found.append(code)
            else:
                found.append(_name(lang, place.name_th, place.name_en))
    return " · ".join(found) or "–"


async def _form_values(request: Request, fields: tuple[str, ...]) -> dict[str, str]:
    form = await request.form()
    return {k: str(form.get(k) or "")[:2000] for k in (*fields, "refresh", "next")}


def _entry_rows(entries: list[AuditEntry], can_undo: bool) -> list[dict[str, Any]]:
    import json

    def show(values: dict[str, Any] | None) -> str:
        if values is None:
            return "–"
        return json.dumps(values, ensure_ascii=False, sort_keys=True)

    return [
        {
            "id": e.id,
            "at": e.at[:19].replace("T", " "),
            "who": e.who,
            "source": e.source,
            "action": e.action.value,
            "undoes": e.undoes,
            "record": e.label,
            "org": e.node_id if e.node_id else None,
            "before": show(e.before),
            "after": show(e.after),
            "can_undo": can_undo,
        }
        for e in entries
    ]


def _pager(total: int, page: int) -> dict[str, Any]:
    pages = max(1, -(-total // PAGE_SIZE))
    return {"page": page, "pages": pages, "total": total}


# ----------------------------------------------------------------------------- an organisation


@router.get("/organisations/new", response_class=HTMLResponse)
def new_organisation(state: StateDep, principal: PrincipalDep, lang: Lang = "th") -> Response:
    here = "/organisations/new"
    refused = _refused(state, principal, lang, here)
    if refused is not None:
        return refused
    values = dict.fromkeys(edit.ORG_FIELDS, "")
    return _org_form(state, principal, lang, here, values, {}, org_id=None)


@router.post("/organisations/new", response_class=HTMLResponse)
async def create_organisation(
    request: Request, state: StateDep, principal: PrincipalDep, lang: Lang = "th"
) -> Response:
    here = "/organisations/new"
    refused = _refused(state, principal, lang, here)
    if refused is not None or foreign_origin(request):
        return refused or _foreign(state, principal, lang, here)
    values = await _form_values(request, edit.ORG_FIELDS)
    if values.pop("refresh", ""):
        return _org_form(state, principal, lang, here, values, {}, org_id=None)
    try:
        context = audit_context(principal, here)  # (a plain path: nothing to unquote)
        node = edit.create_organization(state.store, values, context)
    except edit.FieldErrors as exc:
        return _org_form(state, principal, lang, here, values, exc.errors, None, status=422)
    except UserError as exc:
        errors = {"_form": str(exc)}
        return _org_form(state, principal, lang, here, values, errors, None, status=exc.http_status)
    return RedirectResponse(_org_url(node.id, lang, "/record"), status_code=303)


# Editing a tie: before the organisation's `/edit` routes, which `{org_id:path}` would let
# match `<id>/ties/edit` too. The tie is named by its other end, type and direction.
TieOther = Annotated[str, Query(min_length=1, max_length=400)]
TieType = Annotated[str, Query(min_length=1, max_length=40)]
TieDirection = Annotated[Literal["out", "in"], Query()]


def _tie_edit_url(org_id: str, other: str, type_: str, direction: str) -> str:
    query = urlencode({"other": other, "type": type_, "dir": direction})
    return f"/organisations/{quote(org_id, safe=':')}/ties/edit?{query}"


def _ends(org_id: str, other: str, direction: str) -> tuple[str, str]:
    return (other, org_id) if direction == "in" else (org_id, other)


@router.get("/organisations/{org_id:path}/ties/edit", response_class=HTMLResponse)
def edit_tie(
    org_id: OrgId,
    state: StateDep,
    principal: PrincipalDep,
    other: TieOther,
    type: TieType,  # the query parameter names
    dir: TieDirection = "out",
    lang: Lang = "th",
) -> Response:
    here = _tie_edit_url(org_id, other, type, dir)
    refused = _refused(state, principal, lang, here)
    if refused is not None:
        return refused
    rel = edit.get_tie(state.store, type, *_ends(org_id, other, dir))
    values = {**edit.tie_values(rel), "other": other}
    fixed = _fixed_end(state, lang, other, dir)
    return _tie_form(state, principal, lang, here, org_id, values, {}, fixed=fixed)


@router.post("/organisations/{org_id:path}/ties/edit", response_class=HTMLResponse)
async def save_tie(
    org_id: OrgId,
    request: Request,
    state: StateDep,
    principal: PrincipalDep,
    other: TieOther,
    type: TieType,  # the query parameter names
    dir: TieDirection = "out",
    lang: Lang = "th",
) -> Response:
    here = _tie_edit_url(org_id, other, type, dir)
    refused = _refused(state, principal, lang, here)
    if refused is not None or foreign_origin(request):
        return refused or _foreign(state, principal, lang, here)
    values = {**await _form_values(request, edit.TIE_FIELDS), "type": type, "other": other}
    fixed = _fixed_end(state, lang, other, dir)
    source, target = _ends(org_id, other, dir)
    context = audit_context(principal, unquote(here.split("?")[0]))
    try:
        edit.edit_tie(state.store, type, source, target, values, context)
    except edit.FieldErrors as exc:
        errors = exc.errors
        return _tie_form(state, principal, lang, here, org_id, values, errors, 422, fixed)
    except UserError as exc:
        errors = {"_form": str(exc)}
        return _tie_form(
            state, principal, lang, here, org_id, values, errors, exc.http_status, fixed
        )
    return RedirectResponse(_org_url(org_id, lang, "/record"), status_code=303)


def _fixed_end(state: AppState, lang: Lang, other: str, direction: str) -> dict[str, str]:
    node = state.store.get_node(other)
    name = _name(lang, node.name_th, node.name_en) if node else other
    return {"other": name, "direction": direction}


@router.get("/organisations/{org_id:path}/edit", response_class=HTMLResponse)
def edit_organisation(
    org_id: OrgId, state: StateDep, principal: PrincipalDep, lang: Lang = "th"
) -> Response:
    here = f"/organisations/{quote(org_id, safe=':')}/edit"
    refused = _refused(state, principal, lang, here)
    if refused is not None:
        return refused
    node = records.get_node(state.store, org_id, ORGANIZATION_KINDS, "organisation")
    values = edit.form_values(state.store, node)
    return _org_form(state, principal, lang, here, values, {}, org_id=org_id)


@router.post("/organisations/{org_id:path}/edit", response_class=HTMLResponse)
async def save_organisation(
    org_id: OrgId, request: Request, state: StateDep, principal: PrincipalDep, lang: Lang = "th"
) -> Response:
    here = f"/organisations/{quote(org_id, safe=':')}/edit"
    refused = _refused(state, principal, lang, here)
    if refused is not None or foreign_origin(request):
        return refused or _foreign(state, principal, lang, here)
    node = records.get_node(state.store, org_id, ORGANIZATION_KINDS, "organisation")
    values = await _form_values(request, edit.ORG_FIELDS)
    values["kind"] = edit.kind_word(node.kind)
    if values.pop("refresh", ""):
        return _org_form(state, principal, lang, here, values, {}, org_id=org_id)
    try:
        edit.edit_organization(state.store, org_id, values, audit_context(principal, unquote(here)))
    except edit.FieldErrors as exc:
        return _org_form(state, principal, lang, here, values, exc.errors, org_id, status=422)
    except UserError as exc:
        errors = {"_form": str(exc)}
        return _org_form(
            state, principal, lang, here, values, errors, org_id, status=exc.http_status
        )
    return RedirectResponse(_org_url(org_id, lang, "/record"), status_code=303)


def _org_form(
    state: AppState,
    principal: Principal,
    lang: Lang,
    here: str,
    values: dict[str, str],
    errors: dict[str, str],
    org_id: str | None,
    status: int = 200,
) -> HTMLResponse:
    values = {k: values.get(k, "") for k in edit.ORG_FIELDS}
    return web.render(
        "org_form.html",
        lang=lang,
        status=status,
        scripts=EXTRA_SCRIPTS,
        values=values,
        errors=errors,
        org_id=org_id,
        action=here,
        kinds=edit.KIND_CHOICES,
        places=_places(values, lang),
        data={"page": "org_form", "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )


@router.get("/organisations/{org_id:path}/ties/new", response_class=HTMLResponse)
def new_tie(org_id: OrgId, state: StateDep, principal: PrincipalDep, lang: Lang = "th") -> Response:
    here = f"/organisations/{quote(org_id, safe=':')}/ties/new"
    refused = _refused(state, principal, lang, here)
    if refused is not None:
        return refused
    values = dict.fromkeys(edit.TIE_FIELDS, "")
    values["type"] = RelType.PARTNERS_WITH.value
    return _tie_form(state, principal, lang, here, org_id, values, {})


@router.post("/organisations/{org_id:path}/ties/new", response_class=HTMLResponse)
async def create_tie(
    org_id: OrgId, request: Request, state: StateDep, principal: PrincipalDep, lang: Lang = "th"
) -> Response:
    here = f"/organisations/{quote(org_id, safe=':')}/ties/new"
    refused = _refused(state, principal, lang, here)
    if refused is not None or foreign_origin(request):
        return refused or _foreign(state, principal, lang, here)
    values = await _form_values(request, edit.TIE_FIELDS)
    try:
        edit.add_tie(state.store, org_id, values, audit_context(principal, unquote(here)))
    except edit.FieldErrors as exc:
        return _tie_form(state, principal, lang, here, org_id, values, exc.errors, status=422)
    except UserError as exc:
        errors = {"_form": str(exc)}
        return _tie_form(state, principal, lang, here, org_id, values, errors, exc.http_status)
    return RedirectResponse(_org_url(org_id, lang, "/record"), status_code=303)


def _tie_form(
    state: AppState,
    principal: Principal,
    lang: Lang,
    here: str,
    org_id: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
    fixed: dict[str, str] | None = None,
) -> HTMLResponse:
    node = records.get_node(state.store, org_id, ORGANIZATION_KINDS, "organisation")
    return web.render(
        "tie_form.html",
        fixed=fixed,
        lang=lang,
        status=status,
        scripts=EXTRA_SCRIPTS,
        values={k: values.get(k, "") for k in edit.TIE_FIELDS},
        errors=errors,
        org_id=org_id,
        org_name=_name(lang, node.name_th, node.name_en),
        action=here,
        types=[t.value for t in edit.TIE_TYPES],
        forms=[f.value for f in PartnershipForm],
        data={"page": "tie_form", "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )


@router.get("/organisations/{org_id:path}/record", response_class=HTMLResponse)
def organisation_record(
    org_id: OrgId,
    state: StateDep,
    principal: PrincipalDep,
    lang: Lang = "th",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    here = f"/organisations/{quote(org_id, safe=':')}/record"
    if not _can_read(state, principal):
        return _locked(state, principal, lang, here)
    node = records.get_node(state.store, org_id, ORGANIZATION_KINDS, "organisation")
    ties = [
        {
            "type": n.relationship.type.value,
            "direction": n.direction,
            "other_id": n.node.id,
            "other": _name(lang, n.node.name_th, n.node.name_en),
            "is_org": n.node.kind in ORGANIZATION_KINDS,
            "form": n.relationship.form.value if n.relationship.form else "",
            "since": n.relationship.since.isoformat() if n.relationship.since else "",
            "until": n.relationship.until.isoformat() if n.relationship.until else "",
            "edit": _tie_edit_url(org_id, n.node.id, n.relationship.type.value, n.direction)
            if n.node.kind in ORGANIZATION_KINDS and n.relationship.type in edit.TIE_TYPES
            else "",
        }
        for n in records.links(state.store, org_id)
    ]
    can_write = can(principal, Role.EDITOR)
    changes: list[dict[str, Any]] = []
    pager = _pager(0, page)
    if can_write:
        offset = (page - 1) * PAGE_SIZE
        total, entries = audit.list_audit(state.store, org=org_id, offset=offset, limit=PAGE_SIZE)
        changes, pager = _entry_rows(entries, True), _pager(total, page)
    values = edit.form_values(state.store, node)
    province = getattr(node, "province_code", None)
    return web.render(
        "org.html",
        area=_area_names(values, lang),
        lang=lang,
        scripts=EXTRA_SCRIPTS,
        node=node,
        name=_name(lang, node.name_th, node.name_en),
        other_name=_name("en" if lang == "th" else "th", node.name_th, node.name_en),
        values=values,
        province=province,
        ties=ties,
        can_write=can_write,
        changes=changes,
        pager=pager,
        page_url=here,
        data={"page": "organisation", "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )


# ----------------------------------------------------------------------------- the trail


@router.get("/provinces/{province}/changes", response_class=HTMLResponse)
def province_changes(
    province: Annotated[str, Path(max_length=200)],
    state: StateDep,
    principal: PrincipalDep,
    lang: Lang = "th",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    prov = geography.resolve_province(province)
    here = f"/provinces/{prov.code}/changes"
    refused = _refused(state, principal, lang, here)
    if refused is not None:
        return refused
    offset = (page - 1) * PAGE_SIZE
    total, entries = audit.list_audit(
        state.store, province=prov.code, offset=offset, limit=PAGE_SIZE
    )
    return web.render(
        "changes.html",
        lang=lang,
        scripts=EXTRA_SCRIPTS,
        name=_name(lang, prov.name_th, prov.name_en),
        code=prov.code,
        changes=_entry_rows(entries, True),
        pager=_pager(total, page),
        page_url=here,
        data={"page": "changes", "ui": web.ui_data(lang)},
        **_common(state, principal, lang, here),
    )


@router.post("/audit/{entry_id}/undo", response_class=HTMLResponse)
async def undo_change(
    entry_id: Annotated[str, Path(max_length=100)],
    request: Request,
    state: StateDep,
    principal: PrincipalDep,
    lang: Lang = "th",
) -> Response:
    values = await _form_values(request, ())
    back = _local(values.get("next", ""), f"/?lang={lang}")
    refused = _refused(state, principal, lang, back)
    if refused is not None or foreign_origin(request):
        return refused or _foreign(state, principal, lang, back)
    try:
        audit.undo(state.store, entry_id, audit_context(principal, f"undo on {unquote(back)}"))
    except UserError as exc:
        _ = web.gettext_for(lang)
        return web.render(
            "edit_notice.html",
            lang=lang,
            status=exc.http_status,
            message=_("The change was not undone"),
            detail=str(exc),
            back=back,
            data={"page": "undo", "ui": web.ui_data(lang)},
            **_common(state, principal, lang, back),
        )
    return RedirectResponse(back, status_code=303)
