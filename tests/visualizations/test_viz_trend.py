"""The trend chart: a panel per figure that has values, Buddhist-Era labels in Thai, shares in
percent, and the three file formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from partnernet.visualizations.trend import (
    period_label,
    render_trend,
    scope_name,
    trend_figure,
    trend_title,
)

PERIODS = ["2022", "2023", "2024"]
PROVINCE: list[dict[str, Any]] = [
    {"ties": 2, "coverage": 0.25, "partners_per_council": 1.0, "local_government_share": 0.5,
     "open_gaps": 4, "proposals_answered": 0},
    {"ties": 3, "coverage": 0.5, "partners_per_council": 1.5, "local_government_share": 1.0,
     "open_gaps": 2, "proposals_answered": 1},
    {"ties": 3, "coverage": None, "partners_per_council": 1.5, "local_government_share": 1.0,
     "open_gaps": 2, "proposals_answered": 1},
]  # fmt: skip
ISSUE: list[dict[str, Any]] = [
    {"ties": 1, "coverage": None, "open_gaps": None, "proposals_answered": 0},
    {"ties": 4, "coverage": None, "open_gaps": None, "proposals_answered": 2},
]


def test_periods_in_thai_are_buddhist_era_years() -> None:
    assert period_label("2023", "th") == "2566"
    assert period_label("2023-Q1", "th") == "2566 ไตรมาส 1"
    assert period_label("2023-Q4", "en") == "2023-Q4"


def test_scope_names_and_titles_in_both_languages() -> None:
    assert scope_name("province:40", "th") == "จังหวัดขอนแก่น"
    assert scope_name("province:40", "en") == "Khon Kaen"
    assert scope_name("region:region6:Northeast", "th") == "ภาคตะวันออกเฉียงเหนือ"
    assert scope_name("national", "en") == "the whole country"
    assert trend_title("province:40", "quarter", "th").endswith("จังหวัดขอนแก่น รายไตรมาส")
    assert trend_title("province:40", "year", "en") == (
        "Partnership network trend, Khon Kaen, by year"
    )


def test_one_panel_per_figure_with_values() -> None:
    fig = trend_figure(PERIODS, PROVINCE, title="t", lang="en")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "Coverage of the template",
        "Partners per council",
        "Councils tied to local gov.",
        "Open gaps",
        "Proposals answered",
        "Partnership ties",
    ]
    coverage = fig.axes[0].lines[0]
    # Shares in percent; a period without a value is left out, not drawn as zero.
    assert list(coverage.get_xdata()) == [0, 1]
    assert list(coverage.get_ydata()) == [25.0, 50.0]
    assert fig.axes[0].get_ylim() == (0.0, 100.0)
    assert list(fig.axes[3].lines[0].get_ydata()) == [4.0, 2.0, 2.0]
    # Counts are ticked in whole numbers only (no "3.5 open gaps"); decimals keep theirs.
    fig.canvas.draw()
    for ax in (fig.axes[3], fig.axes[4], fig.axes[5]):
        assert all(float(t).is_integer() for t in ax.get_yticks()), ax.get_title()
    assert not all(float(t).is_integer() for t in fig.axes[1].get_yticks())


def test_an_issue_scope_has_no_province_panels_and_thai_labels() -> None:
    fig = trend_figure(PERIODS[:2], ISSUE, title="t", lang="th")
    assert [ax.get_title() for ax in fig.axes] == ["ข้อเสนอที่ได้รับการตอบรับ", "คู่ความร่วมมือ"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2565", "2566"]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_written_in_each_format(tmp_path: Path, suffix: str) -> None:
    out = render_trend(PERIODS, PROVINCE, tmp_path / f"trend{suffix}", title="แนวโน้ม", lang="th")
    head = out.read_bytes()[:200]
    magic = {".png": b"\x89PNG", ".svg": b"<svg", ".pdf": b"%PDF"}[suffix]
    assert magic in head
