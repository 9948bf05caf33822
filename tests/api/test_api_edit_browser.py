"""Editing in headless Chromium, end to end, at 1366x900 and 390x844: add an organisation with
the area picker, see a field's error beside it, edit, undo from the changes list, add a tie,
end it (its until) and undo that; each result checked in the store (through the API). Every
page visited fits the width, has no serious axe-core violation, and the form is walked by
keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

import pytest
from api_support import Keys
from test_api_a11y import _violations
from test_api_browser import Visit, browser, server, signed_in  # noqa: F401  (module-scoped fixtures)
from test_api_phone import _fits, _shoot

pytestmark = pytest.mark.browser

SIZES = [{"width": 1366, "height": 900}, {"width": 390, "height": 844}]


@pytest.fixture(params=SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def editor(browser: Any, server: str, keys: Keys, request: Any) -> Iterator[Visit]:  # noqa: F811
    with signed_in(browser, server, request.param, keys.editor) as visit:
        yield visit


def _check_page(visit: Visit, name: str) -> None:
    page = visit.page
    page.wait_for_load_state("load")
    width = page.viewport_size["width"]
    _fits(page, f"{page.url} at {width}px")
    assert _violations(page) == [], page.url
    _shoot(page, f"{width}-{name}")


def _api(visit: Visit, keys: Keys, path: str) -> Any:
    answer = visit.page.request.get(visit.base + path, headers={"X-API-Key": keys.viewer})
    assert answer.ok, answer.text()
    return answer.json()


def test_add_edit_undo_and_tie(editor: Visit, keys: Keys) -> None:
    page = editor.page
    width = page.viewport_size["width"]
    name = f"เครือข่ายทดสอบ {width}"
    page.goto(f"{editor.base}/provinces/40?lang=en")
    with page.expect_navigation():
        page.click("#pn-edit-links >> text=New organisation")
    _check_page(editor, "org-new")

    # The area picker: choosing a province loads its districts (edit.js submits the refresh).
    page.select_option("#f-kind", "civil_society_group")
    page.fill("#f-name_th", name)
    page.fill("#f-level", "galactic")  # wrong on purpose
    with page.expect_navigation():
        page.select_option("#f-province", "40")
    assert page.input_value("#f-name_th") == name  # the refresh keeps what was typed
    with page.expect_navigation():
        page.select_option("#f-district", "4001")
    assert page.locator("#f-subdistrict option").count() > 5
    page.select_option("#f-subdistrict", "400101")
    page.fill("#f-type", "network")
    page.fill("#f-aliases", "คทด; ทดสอบ")
    page.fill("#f-issues", "housing; ที่ดิน")
    with page.expect_navigation():
        page.click("#pn-save")
    # The error stands beside its field, named by aria-describedby; the values stay.
    error = page.locator("#e-level")
    assert error.is_visible() and "only councils have a level" in error.inner_text()
    assert "e-level" in (page.get_attribute("#f-level", "aria-describedby") or "")
    assert page.get_attribute("#f-level", "aria-invalid") == "true"
    assert page.input_value("#f-name_th") == name
    assert page.input_value("#f-subdistrict") == "400101"
    _check_page(editor, "org-new-error")
    page.fill("#f-level", "")
    with page.expect_navigation():
        page.click("#pn-save")
    assert page.locator("#pn-org-name").inner_text() == name
    org_id = unquote(page.url.split("/organisations/")[1].split("?")[0].removesuffix("/record"))
    stored = _api(editor, keys, f"/api/v1/organizations/{quote(org_id)}")
    assert stored["properties"]["subdistrict_code"] == "400101"
    assert stored["aliases"] == ["คทด", "ทดสอบ"] and stored["issues"] == ["housing", "land"]
    _check_page(editor, "org-page")

    # Edit: the form holds the organisation; dropping an alias removes it.
    with page.expect_navigation():
        page.click("#pn-edit")
    assert page.input_value("#f-aliases") == "คทด; ทดสอบ"
    page.fill("#f-name_en", "Test Network")
    page.fill("#f-aliases", "คทด")
    with page.expect_navigation():
        page.click("#pn-save")
    stored = _api(editor, keys, f"/api/v1/organizations/{quote(org_id)}")
    assert stored["name_en"] == "Test Network" and stored["aliases"] == ["คทด"]

    # Undo the edit from the organisation's changes (newest first).
    newest = page.locator("#pn-audit tbody tr").first
    assert "Test Network" in newest.inner_text()
    with page.expect_navigation():
        newest.locator("button").click()
    stored = _api(editor, keys, f"/api/v1/organizations/{quote(org_id)}")
    assert stored["name_en"] is None and stored["aliases"] == ["คทด", "ทดสอบ"]
    assert "(undo)" in page.locator("#pn-audit tbody tr").first.inner_text()

    # A tie, the other end typed as an id (suggestions come from the API as one types).
    with page.expect_navigation():
        page.click("#pn-add-tie")
    page.fill("#f-other", "สภาองค์กร")
    page.locator("#pn-other-list option").first.wait_for(state="attached", timeout=15_000)
    page.fill("#f-other", "council:provincial:40")
    page.select_option("#f-form", "mou")
    page.fill("#f-since", "1/1/2567")
    _check_page(editor, "tie-new")
    with page.expect_navigation():
        page.click("#pn-save")
    ties = _api(editor, keys, f"/api/v1/relationships?node={quote(org_id)}&type=PARTNERS_WITH")
    assert [(t["target"], t["properties"]["since"]) for t in ties["items"]] == [
        ("council:provincial:40", "2024-01-01")
    ]

    # Ending that tie: its Edit link on the record page, a wrong date first, then until set.
    link = page.locator("#pn-ties a.pn-tie-edit[href*='council%3Aprovincial%3A40']")
    with page.expect_navigation():
        link.click()
    assert page.input_value("#f-since") == "2024-01-01"
    assert "council:provincial:40" not in page.locator("#pn-tie-other").inner_text()  # a name
    page.fill("#f-until", "31/2/2568")
    with page.expect_navigation():
        page.click("#pn-save")
    assert page.locator("#e-until").is_visible()
    assert page.get_attribute("#f-until", "aria-invalid") == "true"
    assert page.input_value("#f-until") == "31/2/2568"
    _check_page(editor, "tie-edit-error")
    page.fill("#f-until", "30/9/2568")
    with page.expect_navigation():
        page.click("#pn-save")
    ties = _api(editor, keys, f"/api/v1/relationships?node={quote(org_id)}&type=PARTNERS_WITH")
    assert [t["properties"].get("until") for t in ties["items"]] == ["2025-09-30"]
    newest = page.locator("#pn-audit tbody tr").first
    with page.expect_navigation():
        newest.locator("button").click()  # undo: the tie lasts again
    ties = _api(editor, keys, f"/api/v1/relationships?node={quote(org_id)}&type=PARTNERS_WITH")
    assert [t["properties"].get("until") for t in ties["items"]] == [None]
    page.goto(f"{editor.base}/provinces/40/changes?lang=th")
    assert page.locator("#pn-audit tbody tr").count() >= 5
    _check_page(editor, "changes")


def test_the_form_by_keyboard(editor: Visit) -> None:
    page = editor.page
    page.goto(f"{editor.base}/organisations/new?lang=en")
    page.focus("#f-kind")
    reached = []
    for _ in range(14):
        reached.append(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    order = ["f-kind", "f-name_th", "f-name_en", "f-type", "f-level", "f-province",
             "f-district", "f-subdistrict", "f-issues", "f-aliases", "pn-save"]  # fmt: skip
    assert [r for r in reached if r in order] == order
    labelled = page.evaluate(
        "Array.from(document.querySelectorAll('#pn-org-form input, #pn-org-form select'))"
        ".filter(e => e.type !== 'hidden' && !e.labels.length).map(e => e.id)"
    )
    assert labelled == []


def test_viewers_get_a_403_page(browser: Any, server: str, keys: Keys) -> None:  # noqa: F811
    visit = Visit(browser, server)
    try:
        visit.page.request.post(
            f"{server}/api/v1/session",
            data={"key": keys.viewer},
            headers={"X-Partnernet-Request": "1"},
        )
        response = visit.page.goto(f"{server}/organisations/new")
        assert response is not None and response.status == 403
        assert "เฉพาะผู้แก้ไข" in visit.page.inner_text("main")
        assert visit.page.locator("#pn-org-form").count() == 0
    finally:
        visit.context.close()
