"""The trend chart: a scope's headline figures per period (PNG/SVG/PDF, Thai or English),
drawn with the Thai font and style of `static.py`. Receives the figures, never a store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from partnernet.visualizations.static import _figure, _save, _style

Lang = Literal["th", "en"]

# (figure field, Thai title, English title, is a share)
PANELS: tuple[tuple[str, str, str, bool], ...] = (
    ("coverage", "ความครอบคลุมตามแม่แบบ", "Coverage of the template", True),
    ("partners_per_council", "ภาคีต่อสภาองค์กรชุมชน", "Partners per council", False),
    ("local_government_share", "สภาตำบลที่ทำงานกับ อบต./เทศบาล", "Councils tied to local gov.", True),
    ("open_gaps", "ช่องว่างที่ยังเปิด", "Open gaps", False),
    ("proposals_answered", "ข้อเสนอที่ได้รับการตอบรับ", "Proposals answered", False),
    ("ties", "คู่ความร่วมมือ", "Partnership ties", False),
)


def period_label(period: str, lang: Lang) -> str:
    """`2023` / `2023-Q1`, or in Thai the Buddhist-Era year (`2566`, `2566 ไตรมาส 1`)."""
    if lang == "en":
        return period
    year, _, quarter = period.partition("-Q")
    be = str(int(year) + 543)
    return f"{be} ไตรมาส {quarter}" if quarter else be


def render_trend(
    periods: Sequence[str],
    figures: Sequence[dict[str, Any]],
    out: Path,
    *,
    title: str,
    lang: Lang = "th",
) -> Path:
    """One small panel per headline figure, periods along the bottom."""
    labels = [period_label(p, lang) for p in periods]
    panels = [p for p in PANELS if any(f.get(p[0]) is not None for f in figures)]
    with _style():
        fig = _figure((11.69, 8.27))
        fig.suptitle(title)
        rows = (len(panels) + 1) // 2
        for number, (name, th, en, share) in enumerate(panels, start=1):
            ax = fig.add_subplot(rows, 2, number)
            values = [f.get(name) for f in figures]
            xs = [i for i, v in enumerate(values) if v is not None]
            ys = [float(v) * (100 if share else 1) for v in values if v is not None]
            ax.plot(xs, ys, marker="o", color="#1f77b4")
            ax.set_title(th if lang == "th" else en, fontsize=10)
            ax.set_xticks(range(len(labels)), labels, rotation=45, fontsize=7)
            if share:
                ax.set_ylim(0, 100)
                ax.set_ylabel("%")
            ax.grid(alpha=0.3)
        fig.subplots_adjust(hspace=0.7, wspace=0.25)
        return _save(fig, out)
