"""The trend chart: a scope's headline figures per period (PNG/SVG/PDF, Thai or English),
drawn with the Thai font and style of `static.py`. Receives the figures, never a store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from partnernet.foundation import geography
from partnernet.foundation.lang import Lang
from partnernet.visualizations.static import _figure, _save, _style

SHARE, COUNT, DECIMAL = "share", "count", "decimal"
# (figure field, Thai title, English title, what it is: a share is drawn in percent, a count
# with whole-number ticks only)
PANELS: tuple[tuple[str, str, str, str], ...] = (
    ("coverage", "ความครอบคลุมตามแม่แบบ", "Coverage of the template", SHARE),
    ("partners_per_council", "ภาคีต่อสภาองค์กรชุมชน", "Partners per council", DECIMAL),
    ("local_government_share", "สภาตำบลที่ทำงานกับ อบต./เทศบาล", "Councils tied to local gov.", SHARE),
    ("open_gaps", "ช่องว่างที่ยังเปิด", "Open gaps", COUNT),
    ("proposals_answered", "ข้อเสนอที่ได้รับการตอบรับ", "Proposals answered", COUNT),
    ("ties", "คู่ความร่วมมือ", "Partnership ties", COUNT),
)


def period_label(period: str, lang: Lang) -> str:
    """`2023` / `2023-Q1`, or in Thai the Buddhist-Era year (`2566`, `2566 ไตรมาส 1`)."""
    if lang == "en":
        return period
    year, _, quarter = period.partition("-Q")
    be = str(int(year) + 543)
    return f"{be} ไตรมาส {quarter}" if quarter else be


def scope_name(scope: str, lang: Lang) -> str:
    """A report's scope label (`province:40`, `region:region6:Northeast`, `issue:land`,
    `org:ID`, `national`) in words."""
    kind, _, name = scope.partition(":")
    th = lang == "th"
    if kind == "province":
        prov = geography.province(name)
        return f"จังหวัด{prov.name_th}" if th else prov.name_en
    if kind == "region":
        region = geography.resolve_region(name)
        return region.name_th if th else region.name_en
    if kind == "issue":
        return f"ประเด็น {name}" if th else f"issue {name}"
    if kind == "org":
        return f"องค์กร {name}" if th else f"organisation {name}"
    return "ทั้งประเทศ" if th else "the whole country"


def trend_title(scope: str, by: str, lang: Lang) -> str:
    if lang == "th":
        per = "รายปี" if by == "year" else "รายไตรมาส"
        return f"แนวโน้มเครือข่ายความร่วมมือ {scope_name(scope, lang)} {per}"
    return f"Partnership network trend, {scope_name(scope, lang)}, by {by}"


def trend_figure(
    periods: Sequence[str],
    figures: Sequence[dict[str, Any]],
    *,
    title: str,
    lang: Lang = "th",
) -> Any:
    """The chart as a matplotlib Figure: one small panel per headline figure that has a
    value in some period (an issue's or an organisation's scope has no coverage or gaps),
    periods along the bottom; shares drawn in percent on 0-100."""
    from matplotlib.ticker import MaxNLocator  # matplotlib loads only when a chart is drawn

    labels = [period_label(p, lang) for p in periods]
    panels = [p for p in PANELS if any(f.get(p[0]) is not None for f in figures)]
    fig = _figure((11.69, 8.27))
    fig.suptitle(title)
    rows = (len(panels) + 1) // 2
    for number, (name, th, en, kind) in enumerate(panels, start=1):
        ax = fig.add_subplot(rows, 2, number)
        values = [f.get(name) for f in figures]
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [float(v) * (100 if kind == SHARE else 1) for v in values if v is not None]
        ax.plot(xs, ys, marker="o", color="#1f77b4")
        ax.set_title(th if lang == "th" else en, fontsize=10)
        ax.set_xticks(range(len(labels)), labels, rotation=45, fontsize=7)
        if kind == SHARE:
            ax.set_ylim(0, 100)
            ax.set_ylabel("%")
        elif kind == COUNT:  # no "3.5 open gaps" on the axis
            ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
        ax.grid(alpha=0.3)
    fig.subplots_adjust(hspace=0.7, wspace=0.25)
    return fig


def render_trend(
    periods: Sequence[str],
    figures: Sequence[dict[str, Any]],
    out: Path,
    *,
    title: str,
    lang: Lang = "th",
) -> Path:
    """The chart written to `out` (.png, .svg or .pdf), with the Thai font."""
    with _style():
        return _save(trend_figure(periods, figures, title=title, lang=lang), out)
