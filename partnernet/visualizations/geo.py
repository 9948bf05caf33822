"""Province maps: a choropleth of Thailand's 77 provinces as one offline HTML file (or a figure).

    metrics = province_metrics(graph, gap_reports)        # code -> {metric: value}
    render_province_map(metrics, path, metric="coverage", link_pattern="province-{code}.html")

The map is plain SVG generated here from `geography.boundaries_geojson()` (equirectangular
projection at 13°N, a few kilobytes), coloured by one metric, with a legend, a tooltip card per
province (every metric), a menu to switch metric, and each province linking to its own view
(`link_pattern`, relative). The OCHA credit (`BOUNDARIES_ATTRIBUTION`) is always shown.
`.png`, `.svg` and `.pdf` paths give a static A4 figure instead (`static.py`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.lang import Lang, check_lang
from partnernet.graph.model import NodeKind
from partnernet.visualizations import _html, palette
from partnernet.visualizations.map_view import METRICS, MapView, Metric, ProvinceShape
from partnernet.visualizations.overview import check_link_pattern
from partnernet.visualizations.static import save_map_figure

_ORG_KINDS = frozenset(k.value for k in NodeKind if k.is_organization)
_BINS = 5


# ---------------------------------------------------------------------------------------------
# Geometry


def _project(lon: float, lat: float) -> tuple[float, float]:
    return lon * math.cos(math.radians(13.0)) * 100.0, -lat * 100.0


def province_shapes() -> list[ProvinceShape]:
    names = {p.code: p for p in geography.provinces()}
    shapes = []
    for feature in geography.boundaries_geojson()["features"]:
        code = str(feature["properties"].get("ADM1_PCODE", ""))[2:]
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [[_project(pt[0], pt[1]) for pt in ring] for poly in polygons for ring in poly]
        prov = names.get(code)
        shapes.append(
            ProvinceShape(
                code=code,
                name_th=prov.name_th if prov else code,
                name_en=prov.name_en if prov else code,
                rings=rings,
            )
        )
    return sorted(shapes, key=lambda s: s.code)


def _bins(metric: Metric, values: list[float]) -> list[float]:
    if metric.kind == "percent":
        return [i / _BINS for i in range(_BINS + 1)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high <= low:
        high = low + 1.0
    step = (high - low) / _BINS
    return [low + step * i for i in range(_BINS + 1)]


def integer_bins(values: list[float], count: int = _BINS) -> list[tuple[int, int]]:
    """At most `count` ranges of whole numbers, inclusive at both ends and never
    overlapping ("9–10", "11–12"), covering min..max of `values`."""
    low = math.floor(min(values)) if values else 0
    high = math.ceil(max(values)) if values else 0
    width = max(1, math.ceil((high - low + 1) / count))
    return [(a, min(a + width - 1, high)) for a in range(low, high + 1, width)]


def bin_labels(metric: Metric, edges: list[float]) -> list[str]:
    """Half-open ranges said as such ("20% – <40%"), the last one closed ("80% – 100%")."""
    last = len(edges) - 2
    return [
        f"{metric.format(edges[i])} – {'' if i == last else '<'}{metric.format(edges[i + 1])}"
        for i in range(len(edges) - 1)
    ]


def _scale(metric: Metric) -> tuple[str, ...]:
    if metric.higher_is_better is None:
        scale = palette.NEUTRAL_SCALE
    else:
        scale = palette.GOOD_SCALE if metric.higher_is_better else palette.BAD_SCALE
    return scale[1:6]


def colour_metric(
    metric: Metric, values: Mapping[str, float | None], lang: Lang
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Fill colour per province and the legend (colour, label) for one metric."""
    present = [v for v in values.values() if v is not None and not math.isnan(v)]
    scale = _scale(metric)
    fills: dict[str, str] = {}
    if metric.kind == "count":
        ranges = integer_bins(present)
        colours = scale if len(ranges) == len(scale) else scale[-len(ranges) :]
        for code, value in values.items():
            if value is None or math.isnan(value):
                fills[code] = palette.NO_DATA_COLOR
                continue
            whole = round(value)
            index = next(
                i for i, (a, b) in enumerate(ranges) if a <= whole <= b or i == len(ranges) - 1
            )
            fills[code] = colours[index]
        legend = [
            (colours[i], f"{a:,}" if a == b else f"{a:,}–{b:,}") for i, (a, b) in enumerate(ranges)
        ]
        legend.append((palette.NO_DATA_COLOR, palette.ui("no_data", lang)))
        return fills, legend
    edges = _bins(metric, present)
    for code, value in values.items():
        if value is None or math.isnan(value):
            fills[code] = palette.NO_DATA_COLOR
            continue
        index = sum(1 for edge in edges[1:-1] if value >= edge)
        fills[code] = scale[index]
    legend = list(zip(scale, bin_labels(metric, edges), strict=True))
    legend.append((palette.NO_DATA_COLOR, palette.ui("no_data", lang)))
    return fills, legend


def build_map(
    metrics: Mapping[str, Mapping[str, float | None]],
    *,
    metric: str = "coverage",
    title: str | None = None,
    subtitle: str | None = None,
    lang: Lang = "th",
    link_pattern: str | None = "province-{code}.html",
    linked: Iterable[str] | None = None,
) -> MapView:
    lang = check_lang(lang)
    if metric not in METRICS:
        raise InvalidInput(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    shapes = province_shapes()
    values = {s.code: dict(metrics.get(s.code, {})) for s in shapes}
    keys = [k for k in METRICS if k == metric or any(k in row for row in values.values())]
    xs = [x for s in shapes for ring in s.rings for x, _ in ring]
    ys = [y for s in shapes for ring in s.rings for _, y in ring]
    chosen = METRICS[metric]
    if subtitle is None:
        with_data = sum(1 for row in values.values() if row.get(metric) is not None)
        subtitle = (
            f"มีข้อมูล {with_data} จาก {len(shapes)} จังหวัด"
            + (" · คลิกจังหวัดเพื่อเปิดแผนภาพเครือข่าย" if link_pattern else "")
            if lang == "th"
            else f"{with_data} of {len(shapes)} provinces with data"
            + (" · click a province to open its network view" if link_pattern else "")
        )
    view = MapView(
        title=title or (f"แผนที่จังหวัด: {chosen.th}" if lang == "th" else f"Provinces: {chosen.en}"),
        subtitle=subtitle,
        lang=lang,
        metric=metric,
        shapes=shapes,
        values=values,
        bbox=(min(xs), min(ys), max(xs), max(ys)),
        link_pattern=check_link_pattern(link_pattern),
        linked=None if linked is None else frozenset(str(c) for c in linked),
    )
    for key in keys:
        column = {code: row.get(key) for code, row in values.items()}
        view.fills[key], view.legends[key] = colour_metric(METRICS[key], column, lang)
    return view


# ---------------------------------------------------------------------------------------------
# HTML


def _link(pattern: str, code: str) -> str:
    return pattern.replace("{code}", code)


def map_html(view: MapView) -> str:
    t = _html.text
    lang = view.lang
    x0, y0, x1, y1 = view.bbox
    pad = 10.0
    box = f"{x0 - pad:.1f} {y0 - pad:.1f} {x1 - x0 + 2 * pad:.1f} {y1 - y0 + 2 * pad:.1f}"
    fills = view.fills[view.metric]
    paths = []
    for shape in view.shapes:
        name = shape.name_th if lang == "th" else shape.name_en
        path = (
            f'<path d="{shape.path()}" fill="{t(fills.get(shape.code, palette.NO_DATA_COLOR))}" '
            f'data-code="{t(shape.code)}"></path>'
        )
        wanted = view.linked is None or shape.code in view.linked
        if view.link_pattern and wanted and shape.code.isdigit():
            href = t(_link(view.link_pattern, shape.code))
            paths.append(f'<a href="{href}" aria-label="{t(name)}">{path}</a>')
        else:
            paths.append(f'<g aria-label="{t(name)}">{path}</g>')
    options = "".join(
        f'<option value="{t(k)}"{" selected" if k == view.metric else ""}>'
        f"{t(METRICS[k].th if lang == 'th' else METRICS[k].en)}</option>"
        for k in view.legends
    )
    body = (
        '<div id="pn-map-app">\n<header>\n'
        f"<h1>{t(view.title)}</h1>\n"
        + (f'<p class="pn-sub">{t(view.subtitle)}</p>\n' if view.subtitle else "")
        + f'<label class="pn-metric">{t(palette.ui("metric", lang))} '
        f'<select id="pn-metric">{options}</select></label>\n</header>\n'
        '<div id="pn-mapwrap">\n'
        f'<svg id="pn-map" viewBox="{box}" role="group" aria-label="{t(view.title)}" '
        'xmlns="http://www.w3.org/2000/svg">\n<g id="pn-provinces">'
        + "\n".join(paths)
        + "</g>\n</svg>\n"
        '<div id="pn-legend"></div>\n</div>\n'
        f'<footer class="pn-credit">{t(view.attribution)}</footer>\n</div>\n'
        '<div id="pn-tip" hidden></div>'
    )
    metrics_json = {
        k: {"th": METRICS[k].th, "en": METRICS[k].en, "legend": view.legends[k]}
        for k in view.legends
    }
    data = {
        "lang": lang,
        "ui": {key: list(pair) for key, pair in palette.UI.items()},
        "metric": view.metric,
        "metrics": metrics_json,
        "fills": view.fills,
        "provinces": {
            s.code: {
                "th": s.name_th,
                "en": s.name_en,
                "values": {k: METRICS[k].format(view.values[s.code].get(k)) for k in view.legends},
                "region": _region_names(s.code),
                "link": bool(view.link_pattern) and (view.linked is None or s.code in view.linked),
            }
            for s in view.shapes
        },
    }
    css = f":root {{ --pn-font: {palette.FONT_STACK}; }}\n" + _html.template("map.css")
    return _html.page(
        lang=lang,
        title=view.title,
        css=css,
        body=body,
        data=data,
        scripts=[_html.template("map.js")],
    )


def _region_names(code: str) -> list[str]:
    try:
        region = geography.region_of(code)
    except (ValueError, KeyError):
        return ["", ""]
    return [region.name_th, region.name_en]


def render_province_map(
    metrics: Mapping[str, Mapping[str, float | None]],
    path: Path,
    *,
    metric: str = "coverage",
    title: str | None = None,
    subtitle: str | None = None,
    lang: Lang = "th",
    link_pattern: str | None = "province-{code}.html",
    linked: Iterable[str] | None = None,
) -> Path:
    """Write the choropleth to `path` (.html interactive; .png/.svg/.pdf static A4).

    `metrics`: province code -> {metric key: value or None} (`province_metrics` makes it);
    `metric`: the one coloured first (see `METRICS`); `link_pattern`: relative file name with
    `{code}` that clicking a province opens, or None; `linked`: the province codes that get
    the link (default all)."""
    view = build_map(
        metrics,
        metric=metric,
        title=title,
        subtitle=subtitle,
        lang=lang,
        link_pattern=link_pattern,
        linked=linked,
    )
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in (".png", ".svg", ".pdf"):
        return save_map_figure(view, target)
    if suffix not in (".html", ".htm"):
        raise InvalidInput(f"cannot render a map to {target.name!r}: use .html, .png, .svg or .pdf")
    return _html.write_exact(target, map_html(view))
