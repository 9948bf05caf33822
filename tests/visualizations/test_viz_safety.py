"""Escaping and embedding: no text from data ever reaches the HTML as markup."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from viz_payloads import PAYLOADS, FakeReport, fake_recommendations, xss_graph

from partnernet.foundation import geography
from partnernet.visualizations import _html
from partnernet.visualizations.geo import render_province_map
from partnernet.visualizations.network import render_national_overview, render_network
from partnernet.visualizations.overview import check_link_pattern


def _data_block(html: str) -> str:
    match = re.search(r'<script type="application/json" id="pn-data">(.*?)</script>', html, re.S)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_json_round_trips_and_never_closes_the_script(payload: str) -> None:
    embedded = _html.script_json({"name": payload, "list": [payload]})
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    assert "\u2028" not in embedded and "\u2029" not in embedded
    assert json.loads(embedded) == {"name": payload, "list": [payload]}


def test_script_json_refuses_nan() -> None:
    with pytest.raises(ValueError):
        _html.script_json({"x": float("nan")})


def test_inline_scripts_that_would_end_early_are_refused() -> None:
    with pytest.raises(ValueError):
        _html.check_script("var a = '</script>';")
    with pytest.raises(ValueError):
        _html.check_script("var a = '<!--';")


def test_vendored_vis_network_is_inlined_without_source_map() -> None:
    source = _html.vis_network_js()
    assert "sourceMappingURL" not in source
    assert _html.VIS_NETWORK_VERSION in source[:400]
    _html.check_script(source)


def test_csp_allows_exactly_the_inline_scripts_and_no_network() -> None:
    policy = _html.csp(["a()", "b()"])
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert policy.count("'sha256-") == 2
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "div",
    "aside",
    "header",
    "h1",
    "h2",
    "p",
    "input",
    "ul",
    "ol",
    "section",
    "footer",
    "main",
    "span",
    "script",
    "label",
    "select",
    "option",
    "svg",
    "g",
    "a",
    "path",
    "button",  # the network view's drawer toggle (narrow screens)
}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _assert_no_markup(html: str, scripts: int) -> None:
    """Parsed as a browser would, the page holds only our elements and attributes: no event
    handler, no foreign tag, no scripted link; the scripts are the data block and ours."""
    parser = _Elements()
    parser.feed(html)
    tags = [tag for tag, _ in parser.found]
    assert set(tags) <= ALLOWED_TAGS, set(tags) - ALLOWED_TAGS
    assert tags.count("script") == scripts + 1
    assert tags.count("title") == 1 and tags.count("body") == 1
    for tag, attrs in parser.found:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "srcdoc"):
                assert value is not None and not re.match(r"\s*[a-z][a-z0-9+.-]*:", value, re.I)
    assert isinstance(json.loads(_data_block(html)), dict)


def test_network_page_escapes_every_field(tmp_path: Path) -> None:
    graph = xss_graph()
    out = render_network(
        graph,
        tmp_path / "x.html",
        title=PAYLOADS[16],
        subtitle=PAYLOADS[2],
        gaps=FakeReport(graph),
        recommendations=fake_recommendations(graph),
    )
    html = out.read_text(encoding="utf-8")
    _assert_no_markup(html, scripts=2)
    head = html.split("<body>")[0]
    assert "<title>&lt;/title&gt;&lt;script&gt;" in head
    data = json.loads(_data_block(html))
    names = {n["th"] for n in data["nodes"]}
    assert f"สภา {PAYLOADS[0]}" in names  # the payload survives as text
    assert {g["th"] for g in data["gaps"]} == set(PAYLOADS)


def test_overview_and_map_escape_province_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = geography.provinces()
    fake = [
        geography.Province(
            p.code,
            p.iso,
            PAYLOADS[i % len(PAYLOADS)],
            PAYLOADS[(i + 1) % len(PAYLOADS)],
            p.abbr_th,
            p.abbr_en,
            p.region6,
            p.region4,
        )
        for i, p in enumerate(real)
    ]
    monkeypatch.setattr(geography, "provinces", lambda: list(fake))
    by_code = {p.code: p for p in fake}
    monkeypatch.setattr(geography, "province", lambda code: by_code[str(code)])
    graph = xss_graph(provinces=("40", "45", "10"))
    overview = render_national_overview(graph, tmp_path / "o.html", title=PAYLOADS[3])
    _assert_no_markup(overview.read_text(encoding="utf-8"), scripts=2)
    metrics = {p.code: {"coverage": 0.5, "organizations": 3.0} for p in fake}
    page = render_province_map(
        metrics, tmp_path / "m.html", title=PAYLOADS[17], subtitle=PAYLOADS[0]
    )
    html = page.read_text(encoding="utf-8")
    _assert_no_markup(html, scripts=1)
    assert 'aria-label="&lt;img src=x onerror=' in html


@pytest.mark.parametrize(
    "pattern",
    [
        "javascript:alert(1)//{code}",
        "//evil.example/{code}",
        "https://x/{code}",
        'a{code}"b',
        "no-placeholder.html",
        "JaVaScRiPt:{code}",
        " data:text/html,{code}",
        "a\\{code}",
    ],
)
def test_link_patterns_must_be_relative(pattern: str) -> None:
    with pytest.raises(ValueError):
        check_link_pattern(pattern)


def test_good_link_patterns_pass() -> None:
    assert check_link_pattern("province-{code}.html") == "province-{code}.html"
    assert check_link_pattern("views/{code}/index.html") == "views/{code}/index.html"
    assert check_link_pattern(None) is None


def test_page_js_never_uses_inner_html() -> None:
    for name in ("network.js", "map.js"):
        source = _html.template(name)
        for sink in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            'setTimeout("',
            "srcdoc",
        ):
            assert sink not in source, (name, sink)
