"""A diff drawn: a province's network on the second day, ties made in the period in one colour
and ties that ended in it in another (`partnernet render diff`). The changes are those of
`partnernet diff` (analysis/timeline.py); the drawing is the province view's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partnernet.analysis.template import load_template
from partnernet.analysis.timeline import diff_drawing, diff_graphs, graph_as_of
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.lang import Lang, check_lang
from partnernet.graph.store import GraphStore
from partnernet.service import analyses, history
from partnernet.visualizations.palette import TIE_ADDED, TIE_ENDED


def render_diff(
    store: GraphStore,
    province: str,
    start: date,
    end: date,
    out: Path,
    *,
    lang: Lang = "th",
    layout: str = "force",
) -> Path:
    """The province's view on `end` with the changes since `start` marked; the gaps are
    those of `end`. `.html` interactive, `.png`/`.svg`/`.pdf` for reports."""
    from partnernet.visualizations import network
    from partnernet.visualizations.layouts import check_layout, positions_for

    if end <= start:
        raise InvalidInput(f"--to ({end}) must be after --from ({start})")
    check_layout(layout)
    lang = check_lang(lang)
    template = load_template()
    read = history.read_scope(store, province=province, template=template)
    code = geography.resolve_province(province).code
    before, after = graph_as_of(read.graph, start), graph_as_of(read.graph, end)
    changes = diff_graphs(before, after, core=read.core, provinces=read.provinces)
    drawn = diff_drawing(before, after, changes, added=TIE_ADDED, ended=TIE_ENDED)
    gaps = analyses.province_gaps(store, code, as_of=end)
    prov = geography.province(code)
    if lang == "th":
        title = (
            f"การเปลี่ยนแปลงของเครือข่ายภาคี จังหวัด{prov.name_th} "
            f"{history.thai_day(start)} – {history.thai_day(end)}"
        )
    else:
        title = f"Partnership network changes: {prov.name_en}, {start} to {end}"
    out.parent.mkdir(parents=True, exist_ok=True)
    return network.render_province_view(
        drawn,
        out,
        code,
        lang=lang,
        title=title,
        gaps=gaps,
        positions=positions_for(drawn, layout, province=code),
    )
