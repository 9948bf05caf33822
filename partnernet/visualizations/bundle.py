"""A linked set of maps in one folder, for `partnernet demo` and for sharing a whole picture:

    province-<code>.html   each province's view, with its gaps and suggested partners
    national.html          the national overview (cards link to the province views)
    map.html               the province map coloured by coverage (provinces link to the views)

Every file opens offline on its own; the links between them are relative.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.provinces import ProvinceRow
from partnernet.analysis.recommend import RecommendationReport
from partnernet.foundation.lang import Lang
from partnernet.visualizations.geo import render_province_map
from partnernet.visualizations.network import render_national_overview, render_province_view

PROVINCE_PATTERN = "province-{code}.html"


def render_bundle(
    whole: nx.MultiDiGraph,
    provinces: Mapping[str, nx.MultiDiGraph],
    out: Path,
    *,
    rows: Mapping[str, ProvinceRow],
    gaps: Mapping[str, GapReport],
    recommendations: Mapping[str, RecommendationReport] | None = None,
    lang: Lang = "th",
) -> list[Path]:
    """Write the linked views into `out` (created if missing); returns the files written.

    One province view per graph in `provinces` (each with its gaps and, when given, its
    suggested partners); the national overview of `whole`; the province map of `rows` (the
    national table). Graphs and analyses come from the caller: this module only draws."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    codes = sorted(provinces)
    suggestions = recommendations or {}
    written: list[Path] = []
    for code in codes:
        written.append(
            render_province_view(
                provinces[code],
                folder / PROVINCE_PATTERN.format(code=code),
                code,
                lang=lang,
                gaps=gaps[code],
                recommendations=suggestions.get(code),
            )
        )
    linked = PROVINCE_PATTERN if codes else None
    written.append(
        render_national_overview(
            whole, folder / "national.html", lang=lang, gaps=dict(gaps), link_pattern=linked
        )
    )
    written.append(
        render_province_map(
            dict(rows), folder / "map.html", lang=lang, link_pattern=linked, linked=codes
        )
    )
    return written
