"""Decide, download and query in headless Chromium at a desktop (1366x900) and a phone
(390x844) size, each flow end to end with its result checked in the store (through the API):

- accept a suggestion with a note -> it is listed as planned with the note -> undo it;
- every download of the province page's panel arrives as its kind of file, and the brief's
  PDF text (pdftotext) holds the province's Thai names;
- on the query page, an example fills the box and runs into a results table (a stand-in
  store answers Cypher's read-only method, as in test_api_cypher.py).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from api_support import FakeNeo4j, Keys, copy_store, settings
from test_api_browser import (  # noqa: F401  (browser, server: module-scoped fixtures)
    Visit,
    _free_port,
    browser,
    open_signed_in,
    server,
    signed_in,
)
from test_api_phone import _fits

from partnernet.api.app import create_app

pytestmark = pytest.mark.browser

VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]
# What each download starts with (a zip for XLSX and the Gephi tables).
MAGIC = {
    "pdf": b"%PDF",
    "png": b"\x89PNG",
    "xlsx": b"PK",
    "gephi-csv": b"PK",
}


@pytest.fixture(params=VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def editor(browser: Any, server: str, keys: Keys, request: Any) -> Iterator[Visit]:  # noqa: F811
    with signed_in(browser, server, request.param, keys.editor) as visit:
        yield visit


def _decisions(visit: Visit, keys: Keys) -> dict[tuple[str, str], dict[str, Any]]:
    found = visit.page.request.get(
        f"{visit.base}/api/v1/decisions?province=40", headers={"X-API-Key": keys.viewer}
    ).json()["decisions"]
    return {(d["source"], d["target"]): d for d in found}


def test_accept_with_a_note_then_undo(editor: Visit, keys: Keys) -> None:
    page = editor.page
    page.goto(f"{editor.base}/provinces/40?lang=en")
    row = page.locator("#pn-recommendations tbody tr").first
    source, target = row.get_attribute("data-source"), row.get_attribute("data-target")
    assert source and target
    note = f"agreed at the March meeting ({page.viewport_size['width']}px)"
    row.locator("input[name=note]").fill(note)
    with page.expect_navigation(timeout=30_000):
        row.locator("button.pn-accept").click()
    planned = page.locator(f'#pn-accepted tr[data-target="{target}"][data-status="planned"]')
    planned.wait_for(timeout=30_000)
    assert note in planned.inner_text() and "test-editor" in planned.inner_text()
    assert page.locator("#pn-gaps .pn-tag-planned").count() >= 1  # its gap is planned now
    stored = _decisions(editor, keys)[(source, target)]
    assert (stored["status"], stored["note"], stored["decided_by"]) == (
        "planned",
        note,
        "test-editor",
    )
    _fits(page, "the province page with a planned partnership")

    with page.expect_navigation(timeout=30_000):
        planned.locator("button.pn-undo").click()
    page.wait_for_load_state("load")
    assert page.locator(f'#pn-accepted tr[data-target="{target}"]').count() == 0
    assert _decisions(editor, keys)[(source, target)]["status"] == "undone"
    assert page.locator(f'#pn-recommendations tr[data-target="{target}"]').count() == 1


def _council_names(visit: Visit, keys: Keys) -> list[str]:
    found = visit.page.request.get(
        f"{visit.base}/api/v1/organizations?province=40&kind=council&limit=100",
        headers={"X-API-Key": keys.viewer},
    ).json()["items"]
    return [str(o["name_th"]) for o in found]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_every_download_of_the_province_page(editor: Visit, keys: Keys, tmp_path: Path) -> None:
    page = editor.page
    page.goto(f"{editor.base}/provinces/40?lang=th")
    links = page.locator("#pn-exports a[download], #pn-exports button[data-format]")
    formats = [links.nth(i).get_attribute("data-format") for i in range(links.count())]
    assert {"pdf", "html", "png", "svg", "xlsx", "gexf", "graphml", "gephi-csv"} <= set(formats)
    page.select_option("#pn-layout", "district")  # the map's layout, for PNG and SVG
    for fmt in formats:
        link = page.locator(f"#pn-exports [data-format='{fmt}']")
        assert link.is_visible(), fmt
        with page.expect_download(timeout=60_000) as info:
            link.click()
        if fmt in ("png", "svg"):
            assert "layout=district" in info.value.url and f"format={fmt}" in info.value.url
        path = Path(info.value.path())
        data = path.read_bytes()
        assert data.startswith(MAGIC.get(str(fmt), b"")), fmt
        if fmt == "svg":
            assert b"<svg" in data[:400]
        if fmt in ("gexf", "graphml"):
            assert data.lstrip().startswith(b"<?xml"), fmt
        if fmt == "gephi-csv":
            assert {"nodes.csv", "edges.csv"} <= set(zipfile.ZipFile(path).namelist())
        if fmt == "pdf":
            assert info.value.suggested_filename == "partnernet-brief-province-40.pdf"
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "จังหวัดขอนแก่น" in text
            names = _council_names(editor, keys)
            assert names and [n for n in names if n in text], "no council's Thai name"


@pytest.fixture(scope="module")
def cypher_server(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[tuple[str, FakeNeo4j]]:
    folder = tmp_path_factory.mktemp("browser-cypher")
    base = copy_store(sample_db, folder / "store")
    base.close()
    store = FakeNeo4j(base.path)
    store.calls = []
    app = create_app(settings(keys, folder, cypher_row_limit=5), store=store)
    port = _free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    running.should_exit = True
    thread.join(10)
    store.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_run_an_example_query(
    browser: Any,  # noqa: F811
    cypher_server: tuple[str, FakeNeo4j],
    keys: Keys,
    viewport: dict[str, int],
) -> None:
    base, store = cypher_server
    visit = open_signed_in(browser, base, viewport, keys.admin)
    try:
        page = visit.page
        page.goto(f"{base}/?lang=en")
        page.click("a[href^='/query']")  # the header's link, for admins
        page.wait_for_selector("#pn-cypher")
        assert page.locator("#pn-cypher").input_value() == ""
        example = page.locator("a.pn-example").nth(1)
        expected = example.get_attribute("data-query")
        example.click()
        assert page.url.endswith("/query?lang=en"), "filled in place, no page load"
        assert page.locator("#pn-cypher").input_value() == expected
        assert page.locator("#pn-params").input_value() == '{"province": null}'
        with page.expect_navigation(timeout=30_000):
            page.click("#pn-run")
        table = page.locator("#pn-result")
        assert table.locator("thead th").all_inner_texts() == ["n", "label", "params"]
        assert table.locator("tbody tr").count() == 5
        assert expected and store.calls[-1]["query"] == expected.strip()  # the guard strips
        assert store.calls[-1]["plan_checked"]
        assert store.calls[-1]["params"] == {"province": None}
        _fits(page, "the query page with results")
        page.fill("#pn-cypher", "MATCH (n) DETACH DELETE n")
        with page.expect_navigation(timeout=30_000):
            page.click("#pn-run")
        assert "DETACH" in page.locator("#pn-problem").inner_text()
        page.locator("#pn-schema summary").click()
        assert page.locator("#pn-schema code", has_text="RECOMMENDED").is_visible()
    finally:
        visit.context.close()
    assert visit.blocked == [] and visit.errors == []
