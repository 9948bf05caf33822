"""Exploring a province's network view in headless Chromium: search lands on the best match
(a council before the village groups that share its place name), focus on one organisation
with its 1-2 hop partners, expand a node's neighbours, show everything again, hide labels."""

from __future__ import annotations

from typing import Any

import pytest
from test_api_browser import browser, server  # noqa: F401  (module-scoped fixtures)
from test_api_phone import DESKTOP, PHONE, signed_in  # noqa: F401

pytestmark = pytest.mark.browser

COUNCIL = "council:subdistrict:400118"  # สภาองค์กรชุมชนตำบลโนนท่อน
SAVINGS = "cbo:40:กลุ่มออมทรัพย์เพื่อการผลิตตำบลโนนท่อน"


def _open(visit: Any, lang: str = "th") -> Any:
    page = visit.page
    page.goto(f"{visit.base}/api/v1/provinces/40/network.html?lang={lang}")
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    return page


@pytest.mark.parametrize("signed_in", [DESKTOP, PHONE], indirect=True, ids=str)
def test_search_lands_on_the_council(signed_in: Any) -> None:  # noqa: F811
    page = _open(signed_in)
    found = page.evaluate("partnernet.search('โนนท่อน')")
    assert found[0] == COUNCIL and SAVINGS in found  # the savings group is still found
    assert page.evaluate("partnernet.search('Non Thon')")[0] == COUNCIL
    assert page.evaluate("partnernet.search('กลุ่มออมทรัพย์เพื่อการผลิตตำบลโนนท่อน')")[0] == SAVINGS
    if page.locator("#pn-drawer").is_visible():
        page.click("#pn-drawer")
    page.fill("#pn-q", "โนนท่อน")
    page.keyboard.press("Enter")  # Enter takes the first result
    card = page.locator("#pn-card")
    assert card.is_visible() and "สภาองค์กรชุมชนตำบลโนนท่อน" in card.inner_text()


@pytest.mark.parametrize("signed_in", [DESKTOP], indirect=True, ids=str)
def test_focus_expand_and_show_all(signed_in: Any) -> None:  # noqa: F811
    page = _open(signed_in, "en")
    total = page.evaluate("partnernet.visibleNodeCount()")
    page.evaluate(f"partnernet.select({COUNCIL!r})")
    page.locator("#pn-card button[data-tool='focus1']").click()
    one_hop = set(page.evaluate("partnernet.visibleIds()"))
    expected = set(
        page.evaluate(
            """id => {
              const d = JSON.parse(document.getElementById('pn-data').textContent);
              const i = d.nodes.findIndex(n => n.id === id);
              const out = new Set([id]);
              d.edges.forEach(e => {
                if (e[0] === i) { out.add(d.nodes[e[1]].id); }
                if (e[1] === i) { out.add(d.nodes[e[0]].id); }
              });
              return Array.from(out);
            }""",
            COUNCIL,
        )
    )
    assert one_hop == expected
    assert COUNCIL in one_hop and 1 < len(one_hop) < total
    assert page.evaluate("partnernet.visibleNodeCount()") == len(one_hop)
    assert page.locator("#pn-showall").is_visible()
    page.locator("#pn-card button[data-tool='focus2']").click()
    two_hops = set(page.evaluate("partnernet.visibleIds()"))
    assert one_hop < two_hops
    # Expanding a node at the edge of the focus adds its neighbours and keeps the rest.
    outer = sorted(two_hops - one_hop)[0]
    page.evaluate(f"partnernet.select({outer!r})")
    page.locator("#pn-card button[data-tool='expand']").click()
    expanded = set(page.evaluate("partnernet.visibleIds()"))
    assert two_hops <= expanded
    page.click("#pn-showall")
    assert page.evaluate("partnernet.visibleNodeCount()") == total
    assert not page.locator("#pn-showall").is_visible()
    page.uncheck("#pn-labels")
    assert page.evaluate("partnernet.network.body.nodes[0].options.font.color") == "rgba(0,0,0,0)"
