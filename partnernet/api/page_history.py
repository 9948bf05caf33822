"""The province page's "over time" section: the trend by year and what changed over the last
twelve months, as plain values for `templates/province.html`.

Both come from `service/history.py` through the analysis cache under the same keys as
/provinces/{p}/trend and /changes (routers/timeline.py), so the page and the API share one
computation. A province's first trend needs its region's peer summaries of every year's last
day (service/past_peers.py): when that takes longer than a request may wait, the section says
so and the page shows everything else; the work goes on and the next visit has it. The page
waits at most `WAIT_SECONDS` for it: the rest of the page is what a planner came for.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partnernet.api.errors import RateLimited, Unavailable
from partnernet.api.heavy import Busy
from partnernet.api.state import AppState
from partnernet.foundation.lang import Lang
from partnernet.service import history

WAIT_SECONDS = 3.0


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _day(day: date, lang: Lang) -> str:
    return history.thai_day(day) if lang == "th" else day.isoformat()


async def history_section(state: AppState, code: str, lang: Lang, caller: str) -> dict[str, Any]:
    """{"ready": False} while the figures are being computed, else the trend's rows (latest
    first) and the last twelve months' changes."""
    today = date.today()
    first = year_before(today)
    try:
        trend, _ = await state.cached(
            "trend",
            (code, "year", None, None),
            lambda: history.trend(state.store, by="year", province=code),
            caller=caller,
            timeout=WAIT_SECONDS,
        )
        changes, _ = await state.cached(
            "changes",
            (code, first, today),
            lambda: history.diff(state.store, first, today, province=code),
            caller=caller,
            timeout=WAIT_SECONDS,
        )
    except (Unavailable, Busy, RateLimited):  # not now: the rest of the page is shown
        return {"ready": False}
    rows = [
        {
            # A Thai reader counts years in the Buddhist Era.
            "period": str(int(label) + 543) if lang == "th" else label,
            "coverage": _pct(f.coverage),
            "partners_per_council": "–"
            if f.partners_per_council is None
            else f"{f.partners_per_council:.1f}",
            "local_government": _pct(f.local_government_share),
            "open_gaps": "–" if f.open_gaps is None else str(f.open_gaps),
            "answered": f"{f.proposals_answered} / {f.proposals}",
        }
        for label, f in zip(trend.periods, trend.figures, strict=True)
    ]
    rows.reverse()  # the latest year first: what a planner looks at
    return {
        "ready": True,
        "rows": rows,
        "from": _day(changes.start, lang),
        "to": _day(changes.end, lang),
        "summary": changes.summary_th if lang == "th" else changes.summary_en,
        "counts": {
            "ties_added": len(changes.ties_added),
            "ties_ended": len(changes.ties_ended),
            "councils": len(changes.councils_with_new_partners),
            "gaps_closed": len(changes.gaps_closed),
            "gaps_opened": len(changes.gaps_opened),
        },
    }
