"""The web pages: a home page with the province map and the provinces by coverage, and a page
per province with its gaps, suggested partners (accept/reject) and network view.

Pages are built here from the cached analyses, in Thai or English (`?lang=th|en`), as single
documents: CSS and script are inlined (no CDN, works with no internet), data-derived text is
escaped, and a Content-Security-Policy allows only the page's own script (by hash) and requests
to this server. The map (`/map.html`) and the network view are the visualisation module's own
offline documents, shown in frames. With keys configured and no open reads, a visitor without a
session sees a sign-in form (status 401).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from partnernet.api import cached
from partnernet.api.auth import Role
from partnernet.api.deps import PrincipalDep, StateDep
from partnernet.api.errors import Unavailable
from partnernet.api.state import AppState
from partnernet.foundation import geography
from partnernet.foundation.lang import Lang

router = APIRouter(include_in_schema=False)
FONT = (
    "'Noto Sans Thai UI', 'Noto Sans Thai', Sarabun, Loma, Garuda, Tahoma, "
    "'Leelawadee UI', 'DejaVu Sans', Arial, sans-serif"
)

UI: dict[str, tuple[str, str]] = {
    "title": ("แผนที่ภาคีความร่วมมือขบวนองค์กรชุมชน", "Community development partnership map"),
    "provinces": ("จังหวัดตามความครอบคลุมของภาคี", "Provinces by partner coverage"),
    "map": ("แผนที่จังหวัด", "Province map"),
    "province": ("จังหวัด", "Province"),
    "region": ("ภาค", "Region"),
    "coverage": ("ความครอบคลุม", "Coverage"),
    "gaps": ("ช่องว่างการประสานงาน", "Coordination gaps"),
    "high": ("ระดับสูง", "high"),
    "organizations": ("องค์กร", "Organisations"),
    "councils": ("สภาองค์กรชุมชน", "Councils"),
    "no_data": ("ยังไม่มีข้อมูล", "no data yet"),
    "recommendations": ("ภาคีที่ควรชวนร่วมมือ", "Partners to approach next"),
    "for": ("สำหรับ", "For"),
    "partner": ("ภาคีที่แนะนำ", "Suggested partner"),
    "score": ("คะแนน", "Score"),
    "why": ("เหตุผล", "Why"),
    "accept": ("ยอมรับ", "Accept"),
    "reject": ("ไม่รับ", "Reject"),
    "accepted": ("ข้อเสนอแนะที่ยอมรับแล้ว", "Accepted suggestions"),
    "none": ("ไม่มี", "None"),
    "network": ("เครือข่ายภาคี", "Partnership network"),
    "back": ("กลับหน้าแรก", "All provinces"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "key": ("รหัส API", "API key"),
    "signed_in_as": ("เข้าระบบเป็น", "Signed in as"),
    "read_only": ("เซิร์ฟเวอร์นี้อ่านได้อย่างเดียว", "This server is read-only"),
    "need_key": ("ต้องใช้รหัส API เพื่อดูข้อมูล", "An API key is needed to see the data"),
    "sign_in_to_decide": (
        "เข้าระบบด้วยรหัสของบรรณาธิการเพื่อบันทึกการตัดสินใจ",
        "Sign in with an editor key to record decisions",
    ),
    "signing_in": ("กำลังเข้าสู่ระบบ…", "Signing in…"),
    "saving": ("กำลังบันทึก…", "Saving…"),
    "saved": ("บันทึกแล้ว", "Saved"),
    "failed": ("ไม่สำเร็จ", "Failed"),
    "computing": (
        "กำลังวิเคราะห์ข้อมูล โปรดโหลดหน้านี้อีกครั้งในอีกสักครู่",
        "The analysis is still running; reload this page in a moment",
    ),
    "api": ("เอกสาร API", "API docs"),
    "sev_high": ("สูง", "high"),
    "sev_medium": ("กลาง", "medium"),
    "sev_low": ("ต่ำ", "low"),
}


def t(key: str, lang: str) -> str:
    pair = UI[key]
    return pair[0] if lang == "th" else pair[1]


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files("partnernet.api.templates").joinpath(name).read_text("utf-8")


def _sha(source: str) -> str:
    return base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _json_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def document(
    *, lang: str, title: str, body: str, data: dict[str, Any], status: int = 200
) -> HTMLResponse:
    script = _asset("page.js")
    css = f":root {{ --pn-font: {FONT}; }}\n" + _asset("page.css")
    policy = (
        "default-src 'none'; "
        f"script-src 'sha256-{_sha(script)}'; style-src 'unsafe-inline'; "
        "connect-src 'self'; frame-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        f'<script type="application/json" id="pn-page">{_json_script(data)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
    return HTMLResponse(
        page,
        status_code=status,
        headers={"Content-Security-Policy": policy, "Cache-Control": "no-store"},
    )


def _ui_data(lang: str) -> dict[str, str]:
    return {k: t(k, lang) for k in ("signing_in", "saving", "saved", "failed")}


def _header(state: AppState, principal: Any, lang: str, here: str) -> str:
    other = "en" if lang == "th" else "th"
    switch = (
        f'<span class="pn-lang"><strong>{lang.upper()}</strong>'
        f'<a href="{esc(here)}?lang={other}" lang="{other}">{other.upper()}</a></span>'
    )
    if principal.role is not None:
        auth = (
            f"<span>{esc(t('signed_in_as', lang))} <strong>{esc(principal.name)}</strong> "
            f"({esc(principal.role.value)})</span>"
            f'<button type="button" id="pn-signout">{esc(t("sign_out", lang))}</button>'
        )
    elif state.read_only:
        auth = f'<span class="pn-muted">{esc(t("read_only", lang))}</span>'
    else:
        auth = (
            f'<form id="pn-signin" class="pn-auth"><input id="pn-key" type="password" '
            f'autocomplete="off" placeholder="{esc(t("key", lang))}" '
            f'aria-label="{esc(t("key", lang))}">'
            f'<button type="submit">{esc(t("sign_in", lang))}</button></form>'
        )
    return (
        f'<header class="pn-top"><h1><a href="/?lang={lang}">{esc(t("title", lang))}</a></h1>'
        f'{switch}<a href="/docs">{esc(t("api", lang))}</a>'
        f'<div class="pn-auth">{auth}<span id="pn-auth-status" class="pn-status"></span></div>'
        "</header>"
    )


def _can_read(state: AppState, principal: Any) -> bool:
    return state.read_only or state.settings.public_reads or principal.role is not None


def _locked(state: AppState, principal: Any, lang: str, here: str) -> HTMLResponse:
    body = (
        _header(state, principal, lang, here)
        + f'<main><p class="pn-notice">{esc(t("need_key", lang))}</p></main>'
    )
    return document(
        lang=lang,
        title=t("title", lang),
        body=body,
        data={"page": "locked", "ui": _ui_data(lang)},
        status=401,
    )


def _busy(state: AppState, principal: Any, lang: str, here: str) -> HTMLResponse:
    body = (
        _header(state, principal, lang, here)
        + f'<main><p class="pn-notice">{esc(t("computing", lang))}</p></main>'
    )
    response = document(
        lang=lang,
        title=t("title", lang),
        body=body,
        data={"page": "busy", "ui": _ui_data(lang)},
        status=503,
    )
    response.headers["Retry-After"] = "5"
    return response


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _name(lang: str, th: str | None, en: str | None) -> str:
    return (en or th or "") if lang == "en" else (th or en or "")


@router.get("/", response_class=HTMLResponse)
async def home(state: StateDep, principal: PrincipalDep, lang: Lang = "th") -> HTMLResponse:
    code = lang
    if not _can_read(state, principal):
        return _locked(state, principal, code, "/")
    try:
        found, _ = await cached.overview(state)
    except Unavailable:
        return _busy(state, principal, code, "/")
    rows = list(found.rows.values())
    rows.sort(key=lambda r: (r["coverage"] is None, -(r["coverage"] or 0), r["code"]))
    table = []
    for r in rows:
        name = _name(code, r["name_th"], r["name_en"])
        region = _name(code, r["region_th"], r["region_en"])
        width = round((r["coverage"] or 0) * 80)
        bar = f'<span class="pn-bar" style="width:{width}px"></span> ' if r["coverage"] else ""
        gaps = (
            "–"
            if r["gap_count"] is None
            else f"{r['gap_count']} ({r['high_gaps']} {esc(t('high', code))})"
        )
        table.append(
            f'<tr data-code="{esc(r["code"])}"><td><a href="/provinces/{esc(r["code"])}'
            f'?lang={code}">{esc(name)}</a></td><td>{esc(region)}</td>'
            f'<td class="pn-num">{bar}{_pct(r["coverage"])}</td><td class="pn-num">{gaps}</td>'
            f'<td class="pn-num">{r["organizations"]}</td><td class="pn-num">{r["councils"]}'
            "</td></tr>"
        )
    head = "".join(
        f"<th{' class=pn-num' if i > 1 else ''}>{esc(t(k, code))}</th>"
        for i, k in enumerate(
            ("province", "region", "coverage", "gaps", "organizations", "councils")
        )
    )
    body = (
        _header(state, principal, code, "/") + '<main><div class="pn-grid">'
        f'<section class="pn-card"><h2>{esc(t("map", code))}</h2>'
        f'<iframe id="pn-map-frame" class="pn-frame pn-map" src="/map.html?lang={code}" '
        f'title="{esc(t("map", code))}"></iframe></section>'
        f'<section class="pn-card"><h2>{esc(t("provinces", code))}</h2>'
        f'<table class="pn-table" id="pn-provinces"><thead><tr>{head}</tr></thead><tbody>'
        + "".join(table)
        + "</tbody></table></section></div></main>"
    )
    return document(
        lang=code, title=t("title", code), body=body, data={"page": "home", "ui": _ui_data(code)}
    )


@router.get("/map.html", response_class=HTMLResponse)
async def map_page(
    state: StateDep, principal: PrincipalDep, lang: Lang = "th", metric: str = "coverage"
) -> HTMLResponse:
    from partnernet.visualizations.geo import METRICS, build_map, map_html

    code = lang
    if not _can_read(state, principal):
        return _locked(state, principal, code, "/")
    found, _ = await cached.overview(state)
    view = build_map(
        found.metrics,
        metric=metric if metric in METRICS else "coverage",
        lang="en" if code == "en" else "th",
        link_pattern=f"/provinces/{{code}}?lang={code}",
    )
    return HTMLResponse(
        map_html(view), headers={"Content-Security-Policy": "frame-ancestors 'self'"}
    )


def _gap_items(report: Any, lang: str) -> str:
    items = []
    for gap in report.gaps:
        severity = str(getattr(gap.severity, "value", gap.severity))
        text = gap.explanation_th if lang == "th" else gap.explanation_en
        label = t(f"sev_{severity}", lang) if f"sev_{severity}" in UI else severity
        items.append(
            f'<li><span class="pn-sev pn-sev-{esc(severity)}">{esc(label)}</span> {esc(text)}</li>'
        )
    return "".join(items) or f"<li>{esc(t('none', lang))}</li>"


def _suggestion_rows(found: Any, lang: str, can_write: bool) -> str:
    def label(node_id: str) -> str:
        th, en = found.names.get(node_id, (node_id, None))
        return esc(_name(lang, th, en))

    rows = []
    for rec in found.report.recommendations:
        why = rec.explanation_th if lang == "th" else rec.explanation_en
        attrs = (
            f'data-source="{esc(rec.source)}" data-target="{esc(rec.target)}" '
            f'data-score="{rec.score}"'
        )
        buttons = (
            (
                f'<button type="button" class="pn-accept" data-decision="accepted" {attrs}>'
                f"{esc(t('accept', lang))}</button> "
                f'<button type="button" class="pn-reject" data-decision="rejected" {attrs}>'
                f"{esc(t('reject', lang))}</button>"
            )
            if can_write
            else ""
        )
        rows.append(
            f'<tr data-target="{esc(rec.target)}" data-source="{esc(rec.source)}">'
            f"<td>{label(rec.source)}</td><td>{label(rec.target)}</td>"
            f'<td class="pn-num">{rec.score:.2f}</td><td>{esc(why)}</td><td>{buttons}</td></tr>'
        )
    return "".join(rows)


@router.get("/provinces/{province}", response_class=HTMLResponse)
async def province_page(
    province: Annotated[str, Path(max_length=200)],
    state: StateDep,
    principal: PrincipalDep,
    request: Request,
    lang: Lang = "th",
) -> HTMLResponse:
    code = lang
    here = request.url.path
    if not _can_read(state, principal):
        return _locked(state, principal, code, here)
    prov = geography.resolve_province(province)
    try:
        report = (await cached.gaps(state, prov.code))[0].report
        found, _ = await cached.recommendations(state, prov.code, 10)
    except Unavailable:
        return _busy(state, principal, code, here)
    can_write = principal.role is not None and principal.role.allows(Role.EDITOR)
    name = prov.name_th if code == "th" else prov.name_en
    heads = "".join(f"<th>{esc(t(k, code))}</th>" for k in ("for", "partner", "score", "why"))
    accepted = (
        "".join(
            f'<tr class="pn-accepted" data-source="{esc(a.source)}" data-target="{esc(a.target)}">'
            f"<td>{esc(_name(code, *found.names.get(a.source, (a.source, None))))}</td>"
            f"<td>{esc(_name(code, *found.names.get(a.target, (a.target, None))))}</td>"
            f"<td>{esc(a.decided_on)}</td></tr>"
            for a in found.report.accepted
        )
        or f'<tr><td colspan="3">{esc(t("none", code))}</td></tr>'
    )
    hint = (
        ""
        if can_write or state.read_only
        else f'<p class="pn-muted">{esc(t("sign_in_to_decide", code))}</p>'
    )
    body = (
        _header(state, principal, code, here)
        + f'<main><p><a href="/?lang={code}">← {esc(t("back", code))}</a></p>'
        f'<h1>{esc(name)} <span class="pn-muted">({esc(prov.code)})</span></h1>'
        f'<p>{esc(t("coverage", code))}: <strong id="pn-coverage">'
        f"{_pct(report.coverage)}</strong> · {esc(t('gaps', code))}: {len(report.gaps)}</p>"
        '<div class="pn-grid">'
        f'<section class="pn-card"><h2>{esc(t("gaps", code))}</h2><ol class="pn-gaps" '
        f'id="pn-gaps">{_gap_items(report, code)}</ol></section>'
        f'<section class="pn-card"><h2>{esc(t("recommendations", code))}</h2>{hint}'
        f'<table class="pn-table" id="pn-recommendations"><thead><tr>{heads}<th></th></tr>'
        f"</thead><tbody>{_suggestion_rows(found, code, can_write)}</tbody></table>"
        '<p id="pn-decision-status" class="pn-status"></p>'
        f'<h2>{esc(t("accepted", code))}</h2><table class="pn-table" id="pn-accepted">'
        f"<tbody>{accepted}</tbody></table></section></div>"
        f'<section class="pn-card"><h2>{esc(t("network", code))}</h2>'
        f'<iframe id="pn-network-frame" class="pn-frame pn-network" '
        f'src="/api/v1/provinces/{esc(prov.code)}/network.html?lang={code}" '
        f'title="{esc(t("network", code))}"></iframe></section></main>'
    )
    return document(
        lang=code,
        title=f"{name} — {t('title', code)}",
        body=body,
        data={"page": "province", "province": prov.code, "ui": _ui_data(code)},
    )
