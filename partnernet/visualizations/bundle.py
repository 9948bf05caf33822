"""A linked set of maps in one folder, for `partnernet demo` and for sharing a whole picture:

    province-<code>.html   each province's view, with its gaps and suggested partners
    national.html          the national overview (cards link to the province views)
    map.html               the province map coloured by coverage (provinces link to the views)

Every file opens offline on its own; the links between them are relative.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.graph.store import GraphReader, Scope
from partnernet.visualizations.geo import province_metrics, render_province_map
from partnernet.visualizations.network import render_national_overview, render_province_view
from partnernet.visualizations.palette import Lang

PROVINCE_PATTERN = "province-{code}.html"


def render_bundle(
    reader: GraphReader,
    out: Path,
    *,
    gaps: Mapping[str, GapReport],
    recommendations: Mapping[str, RecommendationReport] | None = None,
    lang: Lang = "th",
) -> list[Path]:
    """Write the linked views into `out` (created if missing); returns the files written.

    One province view per code in `gaps` (the analyses come from the caller — this module
    only draws them), with its suggested partners when `recommendations` has them."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    whole = reader.subgraph()
    codes = sorted(gaps)
    reports = dict(gaps)
    suggestions = recommendations or {}
    written: list[Path] = []
    for code in codes:
        scoped = reader.subgraph(Scope(provinces=frozenset({code})))
        written.append(
            render_province_view(
                scoped,
                folder / PROVINCE_PATTERN.format(code=code),
                code,
                lang=lang,
                gaps=reports[code],
                recommendations=suggestions.get(code),
            )
        )
    linked = PROVINCE_PATTERN if codes else None
    written.append(
        render_national_overview(
            whole, folder / "national.html", lang=lang, gaps=reports, link_pattern=linked
        )
    )
    written.append(
        render_province_map(
            province_metrics(whole, reports),
            folder / "map.html",
            lang=lang,
            link_pattern=linked,
            linked=codes,
        )
    )
    return written
