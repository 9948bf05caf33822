"""The web pages in headless Chromium against a real server on loopback: the home page's map
and table, a province page's network view, accepting a suggestion and seeing it persist.
Every request that is not to the test server is blocked and counted (the pages must work with
no internet)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from api_support import Keys, copy_store, in_ci, settings

from partnernet.api.app import create_app

pytestmark = pytest.mark.browser

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable, reason = None, "the playwright Python package is not installed"
    else:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
    if executable is None:
        if in_ci():
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    store = copy_store(sample_db, folder / "store")
    with running(create_app(settings(keys, folder), store=store)) as base:
        yield base
    store.close()


@contextmanager
def running(app: Any) -> Iterator[str]:
    """The app served on a free loopback port while the block runs; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(10)


class Visit:
    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.base = base

        def route(route: Any) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def frame(self, element_id: str) -> Any:
        handle = self.page.wait_for_selector(f"#{element_id}", state="attached")
        handle.scroll_into_view_if_needed()  # the network frame loads lazily, when seen
        frame = handle.content_frame()
        frame.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
        return frame


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    opened = Visit(browser, server)
    yield opened
    opened.context.close()
    assert opened.blocked == [], "pages asked for something beyond the server"
    assert opened.errors == [], "script errors"


def open_signed_in(browser: Any, base: str, viewport: dict[str, int], key: str) -> Visit:
    """A page at `viewport` signed in with `key` through the session route (not the form)."""
    visit = Visit(browser, base)
    visit.page.set_viewport_size(viewport)
    signed = visit.page.request.post(
        f"{base}/api/v1/session", data={"key": key}, headers={"X-Partnernet-Request": "1"}
    )
    assert signed.ok, signed.text()
    return visit


@contextmanager
def signed_in(browser: Any, base: str, viewport: dict[str, int], key: str) -> Iterator[Visit]:
    """`open_signed_in` for one test: closed after it, which must not have asked for anything
    beyond the server nor thrown a script error."""
    visit = open_signed_in(browser, base, viewport, key)
    yield visit
    visit.context.close()
    assert visit.blocked == [], "pages asked for something beyond the server"
    assert visit.errors == [], "script errors"


def _sign_in(visit: Visit, key: str) -> None:
    page = visit.page
    page.fill("#pn-key", key)
    page.click("#pn-signin button[type=submit]")
    page.wait_for_selector("#pn-signout", timeout=15_000)


def test_home_page_map_and_table(visit: Visit, keys: Keys) -> None:
    page = visit.page
    response = page.goto(f"{visit.base}/?lang=en")
    assert response is not None and response.status == 401  # keys configured: sign in first
    _sign_in(visit, keys.viewer)
    assert page.locator("#pn-provinces tbody tr").count() == 77
    assert page.locator("#pn-provinces tbody tr").first.get_attribute("data-code") == "45"
    mapped = visit.frame("pn-map-frame")
    assert mapped.locator("#pn-provinces path").count() == 77
    page.wait_for_function(
        "document.getElementById('pn-map-frame').contentDocument"
        ".querySelector('a[href]').getAttribute('target') === '_top'"
    )
    mapped.locator('path[data-code="40"]').click()  # a province on the map opens its page
    page.wait_for_url("**/provinces/40?lang=en", timeout=15_000)
    assert page.locator("h1").nth(1).inner_text().startswith("Khon Kaen")


def test_province_page_accept_a_suggestion(visit: Visit, keys: Keys, server: str) -> None:
    page = visit.page
    page.goto(f"{visit.base}/provinces/40?lang=en")
    _sign_in(visit, keys.editor)
    network = visit.frame("pn-network-frame")
    assert network.locator("canvas").count() >= 1
    assert network.evaluate("window.partnernet !== undefined")
    assert page.locator("#pn-gaps li").count() >= 1
    first = page.locator("#pn-recommendations tbody tr").first
    source, target = first.get_attribute("data-source"), first.get_attribute("data-target")
    with page.expect_navigation(timeout=30_000):
        first.locator("button.pn-accept").click()
    accepted = page.locator(f'#pn-accepted tr[data-target="{target}"]')
    accepted.wait_for(timeout=30_000)
    assert accepted.get_attribute("data-source") == source
    page.reload()
    assert page.locator(f'#pn-accepted tr[data-target="{target}"]').count() == 1
    assert (
        page.locator(
            f'#pn-recommendations tr[data-target="{target}"][data-source="{source}"]'
        ).count()
        == 0
    )
    found = page.request.get(
        f"{server}/api/v1/provinces/40/recommendations", headers={"X-API-Key": keys.viewer}
    ).json()
    assert (source, target) in {(a["source"], a["target"]) for a in found["accepted"]}


def test_thai_page(visit: Visit, keys: Keys) -> None:
    page = visit.page
    page.goto(f"{visit.base}/provinces/ขอนแก่น")
    _sign_in(visit, keys.viewer)
    assert page.locator("html").get_attribute("lang") == "th"
    assert "ช่องว่างการประสานงาน" in page.content()
    visit.frame("pn-network-frame")
