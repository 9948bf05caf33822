"""Rendering of the web pages: Jinja2 templates with autoescaping, texts from gettext catalogs.

Templates live in `partnernet/api/templates/*.html`; every `{{ … }}` is HTML-escaped (data is
never trusted), and the few trusted pieces (the page's own CSS and script, the JSON island) are
marked safe here and nowhere else. User-visible text is written in English in the templates
(`{{ _("Coverage") }}`) and translated through `partnernet/api/locale/<lang>/LC_MESSAGES/
messages.po`, which a translator edits with any PO editor (`make messages` refreshes it from
the templates). The `.po` file is read with Babel and compiled in memory at first use, so a
fresh clone needs no build step and nothing is fetched at run time.
"""

from __future__ import annotations

import base64
import gettext
import hashlib
import io
import json
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from partnernet.foundation.lang import Lang

DOMAIN = "messages"
FONT = (
    "'Noto Sans Thai UI', 'Noto Sans Thai', Sarabun, Loma, Garuda, Tahoma, "
    "'Leelawadee UI', 'DejaVu Sans', Arial, sans-serif"
)
# Characters that must not appear raw inside an inline <script> element.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def catalog_path(lang: str) -> Any:
    return resources.files("partnernet.api").joinpath("locale", lang, "LC_MESSAGES", DOMAIN + ".po")


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The language's catalog (English is the source language: no catalog needed)."""
    path = catalog_path(lang)
    if lang == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def script_json(data: Any) -> Markup:
    """JSON safe inside `<script type="application/json">` (no `</script>`, `<!--`)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    for raw, escaped in _JSON_ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)


@cache
def environment(lang: Lang) -> Environment:
    """One environment per language: gettext is installed on the environment, so sharing one
    across requests of different languages would race."""
    env = Environment(
        loader=PackageLoader("partnernet.api", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["script_json"] = script_json
    env.globals["lang"] = lang
    env.globals["other_lang"] = "en" if lang == "th" else "th"
    return env


def gettext_for(lang: Lang) -> Any:
    return translations(lang).gettext


def ui_data(lang: Lang) -> dict[str, str]:
    """The words the pages' script shows while a form is sent, in the page's language."""
    _ = gettext_for(lang)
    return {
        "signing_in": _("Signing in…"),
        "saving": _("Saving…"),
        "saved": _("Saved"),
        "failed": _("Failed"),
    }


@cache
def asset(name: str) -> str:
    return resources.files("partnernet.api.templates").joinpath(name).read_text("utf-8")


def _sha(source: str) -> str:
    return base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def policy(script: str) -> str:
    """The pages' Content-Security-Policy: only the page's own script (by hash, none when the
    page has no script), requests to this server, frames from this server."""
    scripts = f"'sha256-{_sha(script)}'" if script else "'none'"
    return (
        "default-src 'none'; "
        f"script-src {scripts}; style-src 'unsafe-inline'; "
        "connect-src 'self'; frame-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    )


def render(
    template: str,
    *,
    lang: Lang,
    status: int = 200,
    script: str | None = "page.js",
    scripts: tuple[str, ...] = (),
    **context: Any,
) -> HTMLResponse:
    """A page from `templates/<template>` as a no-store response under the strict CSP.
    `scripts` are more of the page's own scripts, after `script`, in the same element."""
    code = "\n".join(asset(name) for name in (script, *scripts) if name)
    css = f":root {{ --pn-font: {FONT}; }}\n" + asset("page.css")
    html = (
        environment(lang)
        .get_template(template)
        .render(css=Markup(css), script=Markup(code), **context)
    )
    return HTMLResponse(
        html,
        status_code=status,
        headers={"Content-Security-Policy": policy(code), "Cache-Control": "no-store"},
    )
