"""The upload page in headless Chromium, at 1366x900 and 390x844: upload → preview (a rejected
row shown with its line) → untick a report fact → confirm → the store holds exactly the
confirmed facts; the rejects download; no sideways scrolling; axe-core finds no serious
violation; the page works by keyboard; the XSS payloads in uploaded names stay text."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, copy_store, settings
from test_api_a11y import FOCUSED
from test_api_browser import Visit, browser, running, signed_in  # noqa: F401  (module-scoped fixtures)
from test_api_phone import _fits, _shoot

import partnernet
from partnernet.api.app import create_app
from partnernet.graph.sqlite_store import SqliteStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from viz_payloads import PAYLOADS

pytestmark = pytest.mark.browser

VIEWPORTS = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]
REPORT = (
    Path(partnernet.__file__).parent
    / "data"
    / "reports"
    / "2023-03-22-northeast-integrated-province-meeting.txt"
)
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


STORES: dict[str, SqliteStore] = {}


@pytest.fixture(scope="module")
def server(sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("upload-browser")
    store = copy_store(sample_db, folder / "store")
    with running(create_app(settings(keys, folder), store=store)) as base:
        STORES[base] = store
        yield base
    store.close()


def _store(server: str) -> SqliteStore:
    """The store the server writes to (the module's own copy of the sample)."""
    return STORES[server]


@pytest.fixture(params=VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def editor(browser: Any, server: str, keys: Keys, request: Any) -> Iterator[Visit]:  # noqa: F811
    with signed_in(browser, server, request.param, keys.editor) as visit:
        yield visit


def _rows(width: int) -> str:
    return (
        "kind,name_th,province\n"
        f"civil_society_group,เครือข่ายอัปโหลดเบราว์เซอร์{width},ขอนแก่น\n"
        "council,สภาที่ไม่มีจังหวัด,Atlantis\n"
    )


def _preview(page: Any, files: list[dict[str, Any]]) -> None:
    page.set_input_files("#pn-upload-file", files)
    page.click("#pn-upload-preview")
    page.wait_for_selector("#pn-preview:not([hidden])", timeout=60_000)


def test_upload_preview_untick_confirm_and_download(editor: Visit, server: str, keys: Keys) -> None:
    page = editor.page
    width = page.viewport_size["width"]
    response = page.goto(f"{server}/upload?lang=en")
    assert response is not None and response.status == 200
    _fits(page, "upload page")
    name = f"เครือข่ายอัปโหลดเบราว์เซอร์{width}"
    table = {"name": "orgs.csv", "mimeType": "text/csv", "buffer": _rows(width).encode()}
    _preview(page, [table])
    rejected = page.locator("#pn-rejects tbody tr")
    assert rejected.count() == 1
    assert rejected.first.get_attribute("data-line") == "3"
    assert "Atlantis" in rejected.first.inner_text()
    assert page.locator("[data-count=rejected]").inner_text() == "1"
    assert name in page.locator("table[data-list=node_create]").inner_text()
    _fits(page, "table preview")
    # the rejects download: a CSV with the line and the reason, no server path
    with page.expect_download() as fetched:
        page.click("#pn-rejects-download")
    text = Path(fetched.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["file"], r["line"]) for r in rows] == [("orgs.csv", "3")]
    assert "/tmp" not in text
    store = _store(server)
    assert not store.search(name)  # nothing written by the preview
    page.click("#pn-confirm")
    page.wait_for_function(
        "() => document.getElementById('pn-confirm-status').textContent.startsWith('Written')"
    )
    assert [n.name_th for n in store.search(name)] == [name]

    # a report: untick one person, correct an organisation's name, confirm
    page.goto(f"{server}/upload?lang=th")
    report = {"name": REPORT.name, "mimeType": "text/plain", "buffer": REPORT.read_bytes()}
    _preview(page, [report])
    facts = page.locator("#pn-facts tbody tr")
    assert facts.count() > 5
    assert page.locator("#pn-rejects-download").is_hidden()  # no rejects: nothing to download
    border = "getComputedStyle(document.getElementById('pn-drop')).borderTopStyle"
    assert page.evaluate(border) == "dashed"  # the page's own styles hold at every width
    people = page.locator("#pn-facts tbody tr[data-fact=person]")
    ticked = [
        people.nth(i).get_attribute("data-key")
        for i in range(people.count())
        if people.nth(i).locator("input[type=checkbox]").is_checked()
    ]
    assert len(ticked) >= 2
    dropped = ticked[0]
    review = page.locator("#pn-facts tbody tr.pn-review input[type=checkbox]")
    assert all(not review.nth(i).is_checked() for i in range(review.count()))
    row = page.locator(f"#pn-facts tbody tr[data-key='{dropped}']")
    row.locator("input[type=checkbox]").uncheck()
    assert page.locator("#pn-confirm").is_disabled()  # the preview is out of date
    _fits(page, "report facts")
    _shoot(page, f"upload-preview-{width}")
    page.click("#pn-replan")
    page.wait_for_function("() => !document.getElementById('pn-confirm').disabled")
    again = page.locator(f"#pn-facts tbody tr[data-key='{dropped}'] input[type=checkbox]")
    assert not again.is_checked()
    kept = ticked[1:]
    page.click("#pn-confirm")
    page.wait_for_function(
        "() => document.getElementById('pn-confirm-status').textContent.startsWith('บันทึกแล้ว')"
    )
    person = dropped.split("|person:")[1]
    assert store.get_node(person) is None  # unticked: not written
    for key in kept:
        assert store.get_node(key.split("|person:")[1]) is not None
    if width < 500:
        _fits(page, "after confirm")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}")
def test_upload_page_has_no_serious_axe_violation(
    browser: Any,  # noqa: F811
    server: str,
    keys: Keys,
    viewport: dict[str, int],
) -> None:
    visit = Visit(browser, server)
    page = visit.page
    page.set_viewport_size(viewport)
    page.request.post(
        f"{server}/api/v1/session", data={"key": keys.editor}, headers={"X-Partnernet-Request": "1"}
    )
    page.goto(f"{server}/upload?lang=th")
    report = {"name": REPORT.name, "mimeType": "text/plain", "buffer": REPORT.read_bytes()}
    table = {"name": "orgs.csv", "mimeType": "text/csv", "buffer": _rows(1).encode()}
    _preview(page, [table, report])
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => v.id + ': '
                       + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""
    )
    visit.context.close()
    assert found == []
    assert visit.errors == [] and visit.blocked == []


def test_payloads_in_an_upload_stay_text(browser: Any, server: str, keys: Keys) -> None:  # noqa: F811
    visit = Visit(browser, server)
    page = visit.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.request.post(
        f"{server}/api/v1/session", data={"key": keys.editor}, headers={"X-Partnernet-Request": "1"}
    )
    page.goto(f"{server}/upload?lang=en")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "name_th", "name_en", "province"])
    for i, payload in enumerate(PAYLOADS):
        writer.writerow(["civil_society_group", f"กลุ่ม{i}{payload}", payload, "ขอนแก่น"])
        writer.writerow(["council", payload, payload, payload])  # rejected: the reason quotes it
    body = {"name": "x<img src=x onerror=alert(1)>.csv", "mimeType": "text/csv"}
    _preview(page, [{**body, "buffer": out.getvalue().encode()}])
    assert page.locator("#pn-rejects tbody tr").count() > 0
    text = page.locator("#pn-preview").inner_text()
    assert PAYLOADS[0] in text  # shown as text
    injected = page.evaluate(
        "document.querySelectorAll('#pn-preview img, #pn-preview script, #pn-preview svg,"
        " #pn-preview iframe').length"
    )
    assert injected == 0
    assert page.evaluate("window.__xss || 0") == 0
    assert dialogs == []
    visit.context.close()
    assert visit.errors == [] and visit.blocked == []


def test_upload_page_by_keyboard(browser: Any, server: str, keys: Keys) -> None:  # noqa: F811
    """Tab alone reaches the file picker, the preview button, every fact's tick box and
    correction, the rejects download and confirm; every stop is visible and named; Space
    unticks a fact."""
    visit = Visit(browser, server)
    page = visit.page
    page.request.post(
        f"{server}/api/v1/session", data={"key": keys.editor}, headers={"X-Partnernet-Request": "1"}
    )
    page.goto(f"{server}/upload?lang=th")
    report = {"name": REPORT.name, "mimeType": "text/plain", "buffer": REPORT.read_bytes()}
    table = {"name": "orgs.csv", "mimeType": "text/csv", "buffer": _rows(2).encode()}
    _preview(page, [table, report])
    page.locator("#pn-upload-file").focus()
    stops = []
    for _ in range(600):
        stop = page.evaluate(FOCUSED)
        if stop is None or stop in stops[:1]:
            break
        stops.append(stop)
        page.keyboard.press("Tab")
    assert [s for s in stops if not s["name"]] == [] and [s for s in stops if not s["shown"]] == []
    ids = {s["id"] for s in stops}
    assert {"pn-upload-file", "pn-upload-encoding", "pn-upload-preview"} <= ids
    assert {"pn-rejects-download", "pn-confirm"} <= ids
    boxes = page.locator("#pn-facts tbody input[type=checkbox]").count()
    assert len([s for s in stops if s["id"].endswith("-keep")]) == boxes > 0
    assert any(s["id"].endswith("-name") for s in stops)
    first = page.locator("#pn-facts tbody tr:not(.pn-review) input[type=checkbox]").first
    first.focus()
    page.keyboard.press("Space")
    assert not first.is_checked() and page.locator("#pn-replan").is_enabled()
    visit.context.close()
    assert visit.errors == [] and visit.blocked == []
