"""The upload page (/upload, editors): drop or pick files, see the preview, untick or correct
report facts, confirm.

The page is a shell (`templates/upload.html`) and a plain-JS module (`templates/upload.js`,
served inline after page.js under the same CSP hash) that calls the JSON API:
POST /api/v1/ingest/preview, /preview/{token}/facts, /confirm and GET the preview's
rejects.csv. Every value from the server is set with textContent or as an input's value.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from partnernet.api import web
from partnernet.api.auth import Role
from partnernet.api.deps import PrincipalDep, StateDep
from partnernet.api.pages import _common, _notice
from partnernet.foundation.lang import Lang
from partnernet.ingest.tabular import SUFFIXES
from partnernet.service.ingest_preview import ORG_KINDS
from partnernet.service.records import REPORT_SUFFIXES

router = APIRouter(include_in_schema=False)


def _ui(lang: Lang) -> dict[str, str]:
    _ = web.gettext_for(lang)
    return {
        **web.ui_data(lang),
        "reading": _("Reading the files…"),
        "choose_first": _("Choose or drop a file first"),
        "previewed": _("Preview ready: nothing has been written yet"),
        "stale": _("You changed the facts: update the preview before confirming"),
        "writing": _("Writing…"),
        "written": _("Written"),
        "created": _("created"),
        "changed": _("changed"),
        "keep": _("Keep"),
        "review": _("review"),
        "name": _("Name"),
        "kind": _("Kind"),
        "role": _("Role"),
        "date": _("Date"),
        "organization": _("Organisation"),
        "person": _("Person"),
        "event": _("Event"),
        "proposal": _("Proposal"),
        "partnership": _("Partnership"),
        "council": _("Council"),
        "agency": _("Agency"),
        "civil_society_group": _("Civil society group"),
        "community_organization": _("Community organisation"),
        "academic": _("Academic institution"),
        "private_sector": _("Private sector"),
        "more": _("and more (see the counts)"),
    }


@router.get("/upload", response_class=HTMLResponse)
async def upload_page(
    state: StateDep, principal: PrincipalDep, request: Request, lang: Lang = "th"
) -> HTMLResponse:
    here = request.url.path
    _ = web.gettext_for(lang)
    if state.read_only:
        message = _("This server is read-only: uploads need an API key with the editor role")
        return _notice(state, principal, lang, here, message, "locked", 401)
    if principal.role is None or not principal.role.allows(Role.EDITOR):
        message = _("Sign in with an editor key to upload data")
        status = 401 if principal.role is None else 403
        return _notice(state, principal, lang, here, message, "locked", status)
    return web.render(
        "upload.html",
        lang=lang,
        scripts=("upload.js",),
        accept=",".join((*SUFFIXES, *REPORT_SUFFIXES)),
        org_kinds=ORG_KINDS,
        max_mb=state.settings.max_upload_bytes // (1024 * 1024),
        max_rows=state.settings.max_upload_rows,
        data={"page": "upload", "ui": _ui(lang), "org_kinds": list(ORG_KINDS)},
        **_common(state, principal, lang, here),
    )
