"""The web pages' parts: Jinja2 templates that escape everything from data, texts from the
gettext catalogs (every text of every template translated to Thai), the strict CSP."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from api_support import Keys, auth
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from markupsafe import escape

from partnernet.api import web
from partnernet.visualizations.export import ExportFormat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from viz_payloads import PAYLOADS

API = Path(web.__file__).parent


def _source_messages() -> set[str]:
    method_map = [
        ("templates/**.html", "jinja2.ext:babel_extract"),
        ("**.py", "python"),
    ]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = extract_from_dir(
        str(API), method_map, options_map=options, keywords={"_": None}, comment_tags=()
    )
    return {str(message) for _, _, message, _, _ in found}


def test_every_text_has_a_thai_translation() -> None:
    with web.catalog_path("th").open("rb") as source:
        catalog = read_po(source, locale="th")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    wanted = _source_messages()
    assert len(wanted) >= 40  # the extraction found the templates' texts
    assert wanted - translated == set(), "run `make messages` and translate the new entries"
    assert web.translations("th").gettext("Coverage") == "ความครอบคลุม"
    assert web.translations("en").gettext("Coverage") == "Coverage"


def test_templates_autoescape() -> None:
    env = web.environment("en")
    assert env.autoescape is not False
    page = env.from_string("<p title='{{ x }}'>{{ x }}</p>").render(x="<b onmouseover='a'>&")
    escaped = "&lt;b onmouseover=&#39;a&#39;&gt;&amp;"
    assert page == f"<p title='{escaped}'>{escaped}</p>"


def test_json_island_cannot_end_its_script() -> None:
    text = str(web.script_json({"x": "</script><!--&"}))
    assert "<" not in text and ">" not in text and "&" not in text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_payloads_in_organisation_names_stay_text(api: TestClient, keys: Keys) -> None:
    """Every payload of the visualisation tests, as an organisation's names, renders on the
    province page (the first suggestion's council and reason) in both languages only as
    escaped text: the parsed page has no element or attribute but the template's own."""
    first = api.get("/provinces/40", headers=auth(keys.editor)).text
    target = re.findall(r'<tr data-target="[^"]+" data-source="([^"]+)"', first)[0]
    for i, payload in enumerate(PAYLOADS):
        body = {"name_en": payload, "name_th": f"สภา{payload}", "aliases": [payload]}
        changed = api.patch(f"/api/v1/organizations/{target}", json=body, headers=auth(keys.editor))
        assert changed.status_code == 200, (i, changed.text)
        for lang in ("th", "en"):
            page = api.get(f"/provinces/40?lang={lang}", headers=auth(keys.editor))
            assert page.status_code == 200
            stored = changed.json()["name_en" if lang == "en" else "name_th"]  # normalised
            assert str(escape(stored)) in page.text, i
            parsed = _Tags()
            parsed.feed(page.text)
            assert parsed.tags <= ALLOWED_TAGS, (i, payload, parsed.tags - ALLOWED_TAGS)
            assert parsed.attributes <= ALLOWED_ATTRIBUTES, (i, payload)
            assert page.text.count("<script") == 2, i  # the JSON island and the page's script


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "a", "nav", "span",
    "strong", "div", "button", "main", "p", "section", "table", "thead", "tbody", "tr", "th",
    "td", "details", "summary", "ol", "ul", "li", "iframe", "script", "form", "input",
    "h3", "label", "select", "option",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "href", "id", "type", "autocomplete",
    "placeholder", "aria-label", "role", "data-target", "data-source", "data-label",
    "data-decision", "data-score", "data-kind", "colspan", "src", "title", "style", "open",
    "download", "data-format",
    "method", "action", "value", "for", "maxlength", "data-status", "loading",
    "data-period", "data-figure", "data-count",  # the province page's "over time" section
}  # fmt: skip


def test_pages_keep_the_strict_policy(shared: TestClient, keys: Keys) -> None:
    for path in ("/", "/provinces/40", "/docs"):
        response = shared.get(path, headers=auth(keys.viewer))
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "'unsafe-eval'" not in policy
        scripts = re.findall(r"script-src ([^;]+);", policy)[0]
        assert "'unsafe-inline'" not in scripts
    docs = shared.get("/docs").headers["content-security-policy"]
    assert "script-src 'none'" in docs


def test_province_page_downloads(shared: TestClient, keys: Keys) -> None:
    """One download per export format, each answering with its file for the province."""
    page = shared.get("/provinces/40?lang=en", headers=auth(keys.viewer)).text
    links = re.findall(r'href="(/api/v1/exports/([a-z-]+)\?province=40)" download', page)
    assert links[0][1] == "xlsx"
    assert {fmt for _, fmt in links} == {f.value for f in ExportFormat}
    for href, fmt in links:
        response = shared.get(href, headers=auth(keys.viewer))
        assert response.status_code == 200, fmt
        assert "partnernet-40." in response.headers["content-disposition"]
        assert len(response.content) > 200, fmt
