"""Phone-first pages in headless Chromium: no horizontal scrolling at phone and desktop widths
on any page (nor inside the map and network frames), the province page's order (suggestions
first, gaps grouped by kind and collapsible) and the network view's controls in a drawer that
leaves the graph the whole width on a phone.

Set PARTNERNET_SCREENSHOTS=<folder> to keep a full-page screenshot of every page and size.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys
from test_api_browser import Visit, browser, server  # noqa: F401  (module-scoped fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
PAGES = (
    "/?lang=en",
    "/",
    "/provinces/40?lang=en",
    "/provinces/ขอนแก่น",
    "/docs",
    "/map.html?lang=th",
    "/api/v1/provinces/40/network.html?lang=th",
    "/api/v1/provinces/40/network.html?lang=en",
    "/regions/อีสาน",
    "/issues/housing?lang=en",
    "/organisations/council:subdistrict:400118",
    "/query?lang=th&example=2",
    "/organisations/agency:pao:40/record?lang=th",
    "/organisations/agency:pao:40/edit?lang=th",
    "/organisations/agency:pao:40/ties/new?lang=en",
    "/provinces/40/changes?lang=th",
)
FRAMES = ("pn-map-frame", "pn-network-frame")
WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def _shoot(page: Any, name: str) -> None:
    folder = os.environ.get("PARTNERNET_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def signed_in(browser: Any, server: str, keys: Keys, request: Any) -> Iterator[Visit]:  # noqa: F811
    visit = Visit(browser, server)
    visit.context.close()
    viewport = request.param
    visit.context = browser.new_context(viewport=viewport)
    visit.context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server)
            else (visit.blocked.append(route.request.url), route.abort())
        ),
    )
    visit.page = visit.context.new_page()
    visit.page.on("pageerror", lambda e: visit.errors.append(str(e)))
    signed = visit.page.request.post(
        f"{server}/api/v1/session",
        data={"key": keys.editor},
        headers={"X-Partnernet-Request": "1"},
    )
    assert signed.ok, signed.text()
    yield visit
    visit.context.close()
    assert visit.blocked == [], "pages asked for something beyond the server"
    assert visit.errors == [], "script errors"


WIDEST = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' '
                     + Math.round(e.getBoundingClientRect().right))"""


def _fits(page: Any, where: str) -> None:
    scroll, width = page.evaluate(WIDTH)
    assert scroll <= width, f"{where}: {scroll}px wide in a {width}px viewport: " + ", ".join(
        page.evaluate(WIDEST)
    )


@pytest.mark.parametrize("signed_in", [PHONE, SMALL_PHONE, DESKTOP], indirect=True, ids=str)
def test_no_page_scrolls_sideways(signed_in: Visit) -> None:
    page = signed_in.page
    width = page.viewport_size["width"]
    for path in PAGES:
        response = page.goto(signed_in.base + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        _fits(page, f"{path} at {width}px")
        for frame_id in FRAMES:
            if page.locator(f"#{frame_id}").count():
                frame = signed_in.frame(frame_id)
                _fits(frame, f"{path} #{frame_id} at {width}px")
        name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "home"
        _shoot(page, f"{width}-{name}")


@pytest.mark.parametrize("signed_in", [PHONE], indirect=True, ids=str)
def test_province_page_on_a_phone(signed_in: Visit) -> None:
    page = signed_in.page
    page.goto(f"{signed_in.base}/provinces/40?lang=en")
    order = page.evaluate(
        "['pn-suggestions', 'pn-planned', 'pn-history', 'pn-gaps', 'pn-network-frame']"
        ".map(id => document.getElementById(id).getBoundingClientRect().top)"
    )
    assert order == sorted(order), "suggestions first, then planned, over time, gaps, network"
    # The trend's six columns stack into one block per year, inside the screen.
    rows = page.locator("#pn-trend tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.locator("#pn-trend thead").is_hidden()
    groups = page.locator("#pn-gaps details.pn-group")
    assert groups.count() >= 2
    kinds = [groups.nth(i).get_attribute("data-kind") for i in range(groups.count())]
    assert len(kinds) == len(set(kinds)), "one group per kind"
    first = groups.first
    assert first.get_attribute("open") is None
    assert not first.locator("li").first.is_visible()
    first.locator("summary").click()
    assert first.locator("li").first.is_visible()
    # A suggestion reads as a block: the reason gets the screen's width, not a narrow column.
    why = page.locator("#pn-recommendations td.pn-why").first.bounding_box()
    assert why is not None and why["width"] > 0.8 * (390 - 2 * 22)
    button = page.locator("#pn-recommendations button.pn-accept").first.bounding_box()
    assert button is not None and button["height"] >= 36  # big enough for a thumb


@pytest.mark.parametrize("signed_in", [PHONE], indirect=True, ids=str)
def test_network_controls_in_a_drawer_on_a_phone(signed_in: Visit) -> None:
    page = signed_in.page
    page.goto(f"{signed_in.base}/api/v1/provinces/40/network.html?lang=en")
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    graph = page.locator("#pn-net").bounding_box()
    assert graph is not None and graph["width"] == 390
    side, drawer = page.locator("#pn-side"), page.locator("#pn-drawer")
    assert not side.is_visible() and drawer.get_attribute("aria-expanded") == "false"
    drawer.click()
    assert side.is_visible() and drawer.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "pn-q"
    _fits(page, "the open drawer")
    _shoot(page, "390-network-drawer-open")
    page.fill("#pn-q", "Khon Kaen")
    page.keyboard.press("Enter")
    assert not side.is_visible(), "choosing a result closes the drawer to show the node"
    assert page.locator("#pn-card").is_visible()


@pytest.mark.parametrize("signed_in", [DESKTOP], indirect=True, ids=str)
def test_network_sidebar_stays_on_a_desktop(signed_in: Visit) -> None:
    page = signed_in.page
    page.goto(f"{signed_in.base}/api/v1/provinces/40/network.html?lang=en")
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    assert page.locator("#pn-side").is_visible()
    assert not page.locator("#pn-drawer").is_visible()


@pytest.mark.parametrize("signed_in", [PHONE], indirect=True, ids=str)
def test_download_from_the_province_page(signed_in: Visit) -> None:
    page = signed_in.page
    page.goto(f"{signed_in.base}/provinces/40?lang=th")
    button = page.locator("#pn-exports a[data-format='xlsx']")
    assert button.is_visible() and button.inner_text() == "ไฟล์ Excel (XLSX)"
    with page.expect_download(timeout=30_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "partnernet-40.xlsx"
    with open(download.path(), "rb") as workbook:
        assert workbook.read(2) == b"PK"  # an XLSX is a zip


def test_sign_in_page_fits_a_phone(browser: Any, server: str, keys: Keys) -> None:  # noqa: F811
    """Before signing in every page is the sign-in form (401); it fits at 360 px and signing in
    from it works."""
    context = browser.new_context(viewport=SMALL_PHONE)
    try:
        page = context.new_page()
        response = page.goto(f"{server}/provinces/40?lang=en")
        assert response is not None and response.status == 401
        _fits(page, "the sign-in page at 360px")
        _shoot(page, "360-sign-in")
        page.fill("#pn-key", keys.viewer)
        page.click("#pn-signin button[type=submit]")
        page.wait_for_selector("#pn-signout", timeout=15_000)
        _fits(page, "the province page after signing in at 360px")
    finally:
        context.close()
