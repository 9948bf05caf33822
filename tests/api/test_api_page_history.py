"""The province page's "over time" section in headless Chromium, on the tiny dated network
of tests/analysis/dated_graphs.py whose figures are known by hand: a row per year (Buddhist
Era in Thai) with that year's partners per council, and the last twelve months' changes in
the planner's words."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from api_support import Keys, settings
from test_api_browser import _free_port, browser  # noqa: F401  (module-scoped fixture)

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))  # the shared dated network

from dated_graphs import dated_nodes, dated_relationships

from partnernet.api.app import create_app
from partnernet.graph.sqlite_store import SqliteStore

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dated_server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("page-history")
    store = SqliteStore(folder / "dated.sqlite")
    store.upsert_nodes(dated_nodes())
    store.upsert_relationships(dated_relationships())
    app = create_app(settings(keys, folder), store=store)
    port = _free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)
    store.close()


def _page(browser: Any, base: str, path: str, keys: Keys) -> Any:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    signed = page.request.post(
        f"{base}/api/v1/session", data={"key": keys.viewer}, headers={"X-Partnernet-Request": "1"}
    )
    assert signed.ok, signed.text()
    response = page.goto(base + path)
    assert response is not None and response.status == 200
    return page


def _figures(page: Any) -> dict[str, str]:
    """Year -> partners per council, as the page shows them."""
    rows = page.locator("#pn-trend tbody tr")
    return {
        rows.nth(i).get_attribute("data-period"): rows.nth(i)
        .locator("[data-figure='partners_per_council']")
        .inner_text()
        for i in range(rows.count())
    }


def test_the_province_page_shows_each_years_figures(
    browser: Any,  # noqa: F811
    dated_server: str,
    keys: Keys,
) -> None:
    page = _page(browser, dated_server, "/provinces/40?lang=en", keys)
    figures = _figures(page)
    # By hand (dated_graphs.py): C1 tied to the PAO throughout and to its SAO from 2020 to
    # 2022-10-01 and again from 2023; C2 to the foundation from 2023-06-01. Two councils.
    assert figures["2020"] == "1.0" and figures["2021"] == "1.0"
    assert figures["2022"] == "0.5"  # the MOU with the SAO lapsed in October
    assert figures["2023"] == "1.5"
    this_year = str(date.today().year)
    assert figures[this_year] == "1.5"
    periods = list(figures)
    assert periods[0] == this_year and periods == sorted(periods, reverse=True)
    answered = page.locator("#pn-trend tr[data-period='2023'] [data-figure='answered']")
    assert answered.inner_text() == "1 / 1"  # P1 answered on 2023-09-01; P2 raised in 2024
    # Nothing was dated in the last twelve months: no tie made or ended.
    assert page.locator("#pn-changes [data-count='ties_added']").inner_text() == "0"
    assert page.locator("#pn-changes-summary").inner_text().startswith("Between ")
    page.context.close()


def test_in_thai_the_years_are_buddhist_era(
    browser: Any,  # noqa: F811
    dated_server: str,
    keys: Keys,
) -> None:
    page = _page(browser, dated_server, "/provinces/ขอนแก่น", keys)
    figures = _figures(page)
    assert figures["2565"] == "0.5" and figures["2566"] == "1.5"
    assert page.locator("#pn-history h2").inner_text() == "ความเปลี่ยนแปลงตามช่วงเวลา"
    assert page.locator("#pn-changes-summary").inner_text().startswith("ระหว่าง ")
    page.context.close()
