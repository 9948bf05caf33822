"""Accessibility: axe-core (vendored for the tests only, tests/api/vendor/axe-core) run in
headless Chromium on every page, signed in as an editor (so the decision buttons are there)
and signed out (the sign-in form), at desktop and phone widths; no serious or critical
violation may remain. The map and the network view are checked as the documents they are
(they are shown in frames)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys
from test_api_browser import Visit, browser, server  # noqa: F401  (module-scoped fixtures)

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SIGNED_IN_PAGES = (
    "/?lang=th",
    "/?lang=en",
    "/provinces/40?lang=th",
    "/provinces/40?lang=en",
    "/map.html?lang=th",
    "/api/v1/provinces/40/network.html?lang=th",
    "/api/v1/provinces/40/network.html?lang=en",
    "/docs",
    "/regions/Northeast?lang=th",
    "/issues/housing?lang=en",
    "/organisations/council:subdistrict:400118?lang=th",
    "/query?lang=en&example=1",
    "/organisations/agency:pao:40/record?lang=th",
    "/organisations/agency:pao:40/edit?lang=en",
    "/organisations/new?lang=th",
    "/organisations/agency:pao:40/ties/new?lang=th",
    "/provinces/40/changes?lang=en",
)
SIGN_IN_PAGES = ("/?lang=th", "/provinces/40?lang=en")  # keys on, no session: the sign-in page
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' -- '
               + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' '
                                         + (n.any[0] ? n.any[0].message : '')).join(' | '));
}"""


def _violations(page: Any) -> list[str]:
    page.wait_for_load_state("load")
    # Evaluated through the DevTools protocol, not a <script> tag: the page's strict
    # Content-Security-Policy stays on while axe looks at it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(RUN)
    return found


@pytest.fixture(params=[{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=str)
def visit(browser: Any, server: str, request: Any) -> Iterator[Visit]:  # noqa: F811
    opened = Visit(browser, server)
    opened.page.set_viewport_size(request.param)
    yield opened
    opened.context.close()
    assert opened.blocked == [], "pages asked for something beyond the server"
    assert opened.errors == [], "script errors"


def test_axe_finds_a_planted_violation(visit: Visit) -> None:
    """The check can fail: an unlabelled field and an image without text are reported."""
    visit.page.set_content(
        '<html lang="en"><body><main><input type="text"><img src="x.png"></main></body></html>'
    )
    found = " ".join(_violations(visit.page))
    assert "label" in found and "image-alt" in found


def test_signed_in_pages_have_no_serious_violation(visit: Visit, keys: Keys) -> None:
    signed = visit.page.request.post(
        f"{visit.base}/api/v1/session",
        data={"key": keys.editor},
        headers={"X-Partnernet-Request": "1"},
    )
    assert signed.ok, signed.text()
    problems = {}
    for path in SIGNED_IN_PAGES:
        response = visit.page.goto(visit.base + path)
        assert response is not None and response.status == 200, path
        found = _violations(visit.page)
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {v}" for p, vs in problems.items() for v in vs)


def test_sign_in_pages_have_no_serious_violation(visit: Visit) -> None:
    problems = {}
    for path in SIGN_IN_PAGES:
        response = visit.page.goto(visit.base + path)
        assert response is not None and response.status == 401, path
        assert visit.page.locator("#pn-signin").count() == 1
        found = _violations(visit.page)
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {v}" for p, vs in problems.items() for v in vs)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const labelled = (e.getAttribute('aria-label') || (e.labels && e.labels[0]
    && e.labels[0].textContent) || e.textContent || e.getAttribute('title') || '').trim();
  const r = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, name: labelled,
          decision: e.getAttribute('data-decision'), format: e.getAttribute('data-format'),
          shown: r.width > 0 && r.height > 0};
}"""


def test_province_page_by_keyboard(visit: Visit, keys: Keys) -> None:
    """Tab alone reaches sign-out, the decision buttons, every gap group (and Enter opens
    one) and the downloads; every stop is visible and has a name."""
    page = visit.page
    page.goto(f"{visit.base}/provinces/40?lang=en")
    page.fill("#pn-key", keys.editor)
    page.keyboard.press("Enter")  # the sign-in form submits from the key field
    page.wait_for_selector("#pn-signout", timeout=15_000)
    page.wait_for_load_state("load")
    stops = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None or stop in stops[:1]:
            break
        stops.append(stop)
    assert stops, "nothing takes the focus"
    nameless = [s for s in stops if not s["name"]]
    hidden = [s for s in stops if not s["shown"]]
    assert nameless == [] and hidden == []
    assert any(s["id"] == "pn-signout" for s in stops)
    assert {"accepted", "rejected"} <= {s["decision"] for s in stops}
    assert any(s["format"] == "xlsx" for s in stops)
    summaries = [s for s in stops if s["tag"] == "summary"]
    assert len(summaries) == page.locator("details.pn-group").count() >= 2
    page.locator("#pn-gaps details.pn-group summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#pn-gaps details.pn-group").first.get_attribute("open") is not None
