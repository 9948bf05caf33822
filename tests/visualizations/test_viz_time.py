"""The interactive view's date slider on the tiny dated network (tests/analysis/dated_graphs.py):
the data it reads, and in headless Chromium the ties of each day (browser marker)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from viz_browser_support import Opened

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))  # the shared dated network

from dated_graphs import C1, C2, CSO, SAO1, dated_graph

from partnernet.visualizations import network
from partnernet.visualizations.view import build_view

Open = Callable[..., Opened]


def test_view_data_dates_the_dated_edges_only() -> None:
    view = build_view(dated_graph(), title="t", lang="en")
    data = network.view_data(view)
    dated = {
        (view.edges[int(i)].source, view.edges[int(i)].target): pair
        for i, pair in data["edgeDates"].items()
    }
    assert dated[(C1, SAO1)] == ["2020-01-01", "2022-10-01"]
    assert dated[(SAO1, C1)] == ["2023-01-01", None]
    assert dated[(C2, CSO)] == ["2023-06-01", None]
    assert len(dated) == 3  # the others carry no since/until: shown on every day
    assert data["dateRange"] == ["2020-01-01", "2023-06-01"]
    # A view without any dated relationship has no slider.
    plain = dated_graph()
    for _, _, attrs in plain.edges(data=True):
        attrs.pop("since", None)
        attrs.pop("until", None)
    assert network.view_data(build_view(plain, title="t"))["dateRange"] is None


@pytest.mark.browser
def test_the_slider_shows_the_ties_of_each_day(tmp_path: Path, open_page: Open) -> None:
    path = network.render_province_view(dated_graph(), tmp_path / "dated.html", "40", lang="th")
    opened = open_page(path)
    page = opened.page
    total = page.evaluate("partnernet.visibleEdgeCount()")
    assert total == dated_graph().number_of_edges()
    assert page.locator("#pn-time").is_visible()
    assert page.locator("#pn-dayout").text_content() == "ทุกช่วงเวลา (ตามข้อมูลล่าสุด)"
    # Dated relationships only: undated ones and dated nodes (proposals, the forum) stay.
    dated_only = {"2021-01-01": 1, "2022-12-01": 0, "2023-07-01": 2}
    for day, in_force in dated_only.items():
        page.evaluate(f"partnernet.setDay('{day}')")
        assert page.evaluate("partnernet.visibleEdgeCount()") == total - 3 + in_force
    # The slider itself: step 0 is the first dated day, in the Buddhist Era in Thai.
    page.evaluate(
        "(() => { const s = document.getElementById('pn-day'); s.value = '0';"
        " s.dispatchEvent(new Event('input')); })()"
    )
    assert page.locator("#pn-dayout").text_content() == "2563-01-01"
    assert page.evaluate("partnernet.visibleEdgeCount()") == total - 3 + 1
    assert opened.blocked == [] and opened.errors == []
