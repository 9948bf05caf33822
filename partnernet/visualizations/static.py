"""Static figures for reports: PNG, SVG and PDF of any network view and of the province map,
sized for A4 (landscape for networks, portrait for the map), with a Thai font that renders.

matplotlib (>= 3.11, which shapes text with libraqm, so Thai marks sit where they belong) draws
them headless (Agg). The Thai font is found by `thai_font()`: `$PARTNERNET_THAI_FONT` (a font
file), else the first installed family of `THAI_FAMILIES` that has every Thai glyph we use
(Debian: `fonts-thai-tlwg` gives Loma, Garuda, Laksaman, …; `fonts-noto-core` Noto Sans Thai).
Without one, `ThaiFontError` says what to install instead of drawing boxes. SVGs carry text as
paths, so they read the same on machines without Thai fonts. PDFs are the same figure drawn as
SVG with real text and printed by Chromium (`pdf.py`), which embeds the font and keeps Thai
searchable and copyable (matplotlib's own PDFs copy Thai out garbled).

Labels never overlap: `labels.place_labels` labels the largest nodes first, abbreviates, gives
a number (with a key under the legend) where only a number fits, and leaves the rest
unlabelled (a footnote counts them).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from partnernet.foundation.errors import InvalidInput, Unavailable
from partnernet.foundation.lang import Lang
from partnernet.visualizations import palette
from partnernet.visualizations.map_view import METRICS, MapView
from partnernet.visualizations.palette import SUGGESTED
from partnernet.visualizations.view import NetworkView, short_label

FONT_ENV = "PARTNERNET_THAI_FONT"
THAI_FAMILIES = (
    "Noto Sans Thai UI",
    "Noto Sans Thai",
    "Sarabun",
    "Loma",
    "Garuda",
    "Waree",
    "Laksaman",
    "Umpush",
    "Norasi",
    "Kinnari",
    "Tlwg Typo",
)
# Consonants, vowels above/below, tone marks, sara am and digits: what names are made of.
THAI_SAMPLE = "กขคฆงจฉชซญดตถทธนบปผพฟภมยรลวศษสหฬอฮะัาำิีึืุูเแโใไ็่้๊๋์ๆฯ๐๑๒๓๔๕๖๗๘๙"
A4_LANDSCAPE = (11.69, 8.27)
A4_PORTRAIT = (8.27, 11.69)
PNG_DPI = 200
_MARK_AREA = 120.0


class ThaiFontError(Unavailable):
    """No installed font can draw Thai."""


@dataclass(frozen=True)
class ThaiFont:
    family: str
    path: Path


def has_glyphs(path: Path, text: str = THAI_SAMPLE) -> bool:
    """Whether the font file maps every character of `text` to a real glyph."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text if not ch.isspace())


@cache
def thai_font() -> ThaiFont:
    """The Thai font figures use (see the module docstring); registered with matplotlib."""
    from matplotlib import font_manager

    configured = os.environ.get(FONT_ENV)
    if configured:
        path = Path(configured)
        if not path.is_file() or not has_glyphs(path):
            raise ThaiFontError(f"${FONT_ENV}={configured!r} is not a font file with Thai glyphs")
        font_manager.fontManager.addfont(str(path))
        return ThaiFont(font_manager.FontProperties(fname=str(path)).get_name(), path)
    candidates: dict[str, list[Path]] = {}
    for entry in font_manager.fontManager.ttflist:
        candidates.setdefault(entry.name, []).append(Path(entry.fname))
    if not any(f in candidates for f in THAI_FAMILIES):
        # matplotlib caches its font list: fonts installed after that are found by a scan.
        for fname in font_manager.findSystemFonts():
            try:
                font_manager.fontManager.addfont(fname)
            except (OSError, RuntimeError, ValueError):
                continue
        candidates = {}
        for entry in font_manager.fontManager.ttflist:
            candidates.setdefault(entry.name, []).append(Path(entry.fname))
    for family in THAI_FAMILIES:
        for path in sorted(candidates.get(family, []), key=_regular_first):
            if has_glyphs(path):
                return ThaiFont(family, path)
    raise ThaiFontError(
        "no Thai font found for figures: install one (Debian: apt-get install fonts-thai-tlwg) "
        f"or set {FONT_ENV} to a .ttf/.otf file with Thai glyphs"
    )


def _regular_first(path: Path) -> tuple[int, str]:
    name = path.name.lower()
    styled = any(s in name for s in ("bold", "italic", "oblique", "light", "thin", "black"))
    return (1 if styled else 0, name)


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    font = thai_font()
    rc: Any = {
        "font.family": [font.family, "DejaVu Sans"],
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(rc):
        yield


def _figure(size: tuple[float, float]) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout=None)


def _save(fig: Any, path: Path) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist")
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        raise InvalidInput(f"static figures are .png, .svg or .pdf, not {target.name!r}")
    if fmt == "pdf":
        # matplotlib's PDF backend maps glyphs, not Thai clusters, to text: its PDFs copy out
        # garbled. Chromium prints the same figure, drawn as SVG with real text (pdf.py).
        from partnernet.visualizations.pdf import html_to_pdf

        title = str(getattr(fig, "_partnernet_title", "partnernet"))
        return html_to_pdf(figure_page(figure_svg(fig), fig.get_size_inches(), title), target)
    metadata = {"Creator": "partnernet"} if fmt == "svg" else None
    with target.open("wb") as handle:
        fig.savefig(handle, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return target


def figure_svg(fig: Any) -> str:
    """The figure as an SVG element with its text as `<text>` (for HTML pages and PDFs),
    without the XML prologue."""
    import io

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "partnernet"}):
        fig.savefig(buffer, format="svg", metadata={"Creator": "partnernet", "Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def figure_page(svg: str, size_in: Any, title: str = "partnernet") -> str:
    """A one-page HTML document that prints `svg` at the figure's own size (A4 sizes as
    `A4` so that the PDF's page is exactly A4)."""
    import html

    w, h = (float(v) for v in size_in)
    page = f"{w}in {h}in"
    if (w, h) == A4_LANDSCAPE:
        page = "A4 landscape"
    elif (w, h) == A4_PORTRAIT:
        page = "A4 portrait"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>"
        f"@page {{ size: {page}; margin: 0 }} html, body {{ margin: 0; padding: 0 }}"
        f" svg {{ display: block; width: {w}in; height: {h}in }}"
        f"</style></head><body>{svg}</body></html>"
    )


def network_figure_svg(view: NetworkView, *, labels: int | None = None) -> str:
    """`save_network_figure` as an inline SVG string with real text (for the brief)."""
    with _style():
        fig = _network_figure(view, labels)
        return figure_svg(fig)


def _header(fig: Any, title: str, subtitle: str, credit: str | None) -> None:
    fig._partnernet_title = title  # the PDF's document title
    fig.text(0.03, 0.965, title, fontsize=15, fontweight="bold", va="top", ha="left")
    if subtitle:
        fig.text(0.03, 0.925, subtitle, fontsize=9.5, color="#555555", va="top", ha="left")
    if credit:
        fig.text(0.03, 0.015, credit, fontsize=7, color="#666666", va="bottom", ha="left")


# ---------------------------------------------------------------------------------------------
# Network views


def _dashes(style: palette.Style) -> Any:
    if not style.dashes:
        return "solid"
    return (0, tuple(max(d / 2.0, 0.5) for d in style.dashes))


def save_network_figure(view: NetworkView, path: Path, *, labels: int | None = None) -> Path:
    """A4 landscape figure of a network view: nodes, edges, gap rings, labels placed without
    overlap by importance (`labels`: at most how many; default as many as fit, a numbered key
    for the nodes that only fit a number), compact legend and title."""
    with _style():
        return _save(_network_figure(view, labels), path)


def _network_figure(view: NetworkView, labels: int | None) -> Any:
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    with _style():
        fig = _figure(A4_LANDSCAPE)
        ax = fig.add_axes((0.02, 0.05, 0.70, 0.84))
        ax.set_axis_off()
        ax.set_aspect("equal")
        index = {n.id: n for n in view.nodes}
        n = max(len(view.nodes), 1)
        shrink = min(1.0, max(0.22, 9.0 / math.sqrt(n)))
        if view.backdrop:  # a map underneath: keep the bubbles from hiding it
            shrink *= 0.55
        if view.backdrop:
            from matplotlib.patches import Polygon

            for ring in view.backdrop:
                pts = list(zip(ring[0::2], [-y for y in ring[1::2]], strict=True))
                ax.add_patch(Polygon(pts, closed=True, fc="#f3f1ec", ec="#c9c4b8", lw=0.4))
        rels = {s.key: s for s, _ in view.rels}
        for key, style in rels.items():
            segments = [
                ((index[e.source].x, -index[e.source].y), (index[e.target].x, -index[e.target].y))
                for e in view.edges
                if e.rel == key
            ]
            widths = [max(0.3, e.width * 0.45 * shrink) for e in view.edges if e.rel == key]
            suggested = key == SUGGESTED
            ax.add_collection(
                LineCollection(
                    segments,
                    colors=style.color,
                    linewidths=widths,
                    linestyles=_dashes(style),
                    alpha=0.9 if suggested else 0.45,
                    zorder=2 if suggested else 1,
                )
            )
        groups = {s.key: s for s, _ in view.groups}
        for key, style in groups.items():
            members = [node for node in view.nodes if node.group == key]
            ax.scatter(
                [m.x for m in members],
                [-m.y for m in members],
                s=[_MARK_AREA * (m.size / 14.0) ** 2 * shrink**2 for m in members],
                c=style.color,
                marker=style.marker,
                edgecolors=[palette.GAP_COLOR if m.gaps else "white" for m in members],
                linewidths=[1.6 if m.gaps else 0.5 for m in members],
                zorder=3,
            )
        ax.autoscale_view()
        ax.margins(0.04)
        if view.extent is not None:  # e.g. a region's provinces: the rest of the map is context
            x0, y0, x1, y1 = view.extent
            pad = 0.04 * max(x1 - x0, y1 - y0, 1.0)
            ax.set_xlim(x0 - pad, x1 + pad)
            ax.set_ylim(-y1 - pad, -y0 + pad)
        lang = view.lang
        handles = [
            Line2D(
                [],
                [],
                marker=s.marker,
                ls="",
                color=s.color,
                markersize=7,
                mec="white",
                label=_both(s, lang, count),
            )
            for s, count in view.groups
        ]
        handles += [
            Line2D([], [], color=s.color, lw=1.6, linestyle=_dashes(s), label=_both(s, lang, count))
            for s, count in view.rels
        ]
        if any(node.gaps for node in view.nodes):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="",
                    color="#cccccc",
                    mec=palette.GAP_COLOR,
                    mew=1.8,
                    markersize=8,
                    label=palette.ui("gap_ring", lang),
                )
            )
        size = palette.SIZE_MEASURES.get(view.size_by, (view.size_by, view.size_by))
        legend = fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.74, 0.89),
            fontsize=6.5,
            frameon=False,
            title=f"{palette.ui('size', lang)}: {size[0] if lang == 'th' else size[1]}",
            title_fontsize=7,
            alignment="left",
            labelspacing=0.35,
            handletextpad=0.4,
        )
        legend.get_title().set_color("#555555")
        _header(fig, view.title, view.subtitle, view.attribution)
        _label_nodes(fig, ax, legend, view, shrink, labels)
        return fig


_LABEL_BOX = {"boxstyle": "square,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.75}
_KEY_FONT = 6.0


def placed_labels(view: NetworkView, *, labels: int | None = None) -> list[Any]:
    """The labels `save_network_figure` draws for `view` (`labels.Placed`, in order)."""
    with _style():
        fig = _network_figure(view, labels)
    return list(getattr(fig, "_partnernet_labels", []))


def _label_nodes(
    fig: Any, ax: Any, legend: Any, view: NetworkView, shrink: float, limit: int | None
) -> None:
    """Labels that never overlap (`labels.place_labels`), largest nodes first, and the
    numbered key of the nodes that only had room for a number, under the legend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from partnernet.visualizations.labels import Candidate, place_labels

    canvas: Any = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    ax.apply_aspect()
    n = max(len(view.nodes), 1)
    font = 6.5 if n > 40 else 7.5
    cache: dict[tuple[str, float], tuple[float, float]] = {}
    probe = fig.text(0, 0, "", fontsize=font)

    def measure_at(size: float) -> Any:
        def measure(text: str) -> tuple[float, float]:
            got = cache.get((text, size))
            if got is None:
                probe.set_text(text)
                probe.set_fontsize(size)
                extent = probe.get_window_extent(renderer)
                pad = 2 * 0.08 * size * fig.dpi / 72.0
                got = cache[(text, size)] = (extent.width + pad, extent.height + pad)
            return got

        return measure

    to_px = fig.dpi / 72.0
    order = sorted(view.nodes, key=lambda m: (-m.size, _KIND_RANK.get(m.group, 9), m.id))
    if limit is not None:
        order = order[:limit]

    def mark(node: Any) -> tuple[float, float, float]:
        x, y = ax.transData.transform((node.x, -node.y))
        area = _MARK_AREA * (node.size / 14.0) ** 2 * shrink**2
        return float(x), float(y), math.sqrt(area) / 2 * to_px

    # Every node's marker is kept clear too: a label never hides another node.
    markers = [(x - r, y - r, x + r, y + r) for x, y, r in map(mark, view.nodes)]
    candidates = []
    for node in order:
        x, y, radius = mark(node)
        full = short_label(node.name(view.lang), 30)
        texts = tuple(dict.fromkeys((full, short_label(full, 14))))
        candidates.append(Candidate(node.id, float(x), float(y), radius, texts))
    box = ax.get_window_extent(renderer)
    legend_box = legend.get_window_extent(renderer)
    line = measure_at(_KEY_FONT)("กข 9")[1] + 1.0
    bottom = fig.bbox.height * 0.04
    room = int((legend_box.y0 - 10.0 - bottom) // line) - 2  # a title line and a footnote
    placed = place_labels(
        candidates,
        measure_at(font),
        (box.x0, box.y0, box.x1, box.y1),
        max_numbers=max(0, min(room, 60)),
        number_measure=measure_at(5.5),
        pad=1.5,
        reserved=markers,
    )
    probe.remove()
    fig._partnernet_labels = placed
    numbered: list[tuple[str, str]] = []
    names = {node.id: node.name(view.lang) for node in view.nodes}
    width, height = fig.bbox.width, fig.bbox.height
    for label in placed:
        fig.text(
            label.box[0] / width + 0.08 * (5.5 if label.numbered else font) * to_px / width,
            label.box[1] / height + 0.08 * (5.5 if label.numbered else font) * to_px / height,
            label.text,
            fontsize=5.5 if label.numbered else font,
            fontweight="bold" if label.numbered else "normal",
            color="#222222",
            ha="left",
            va="bottom",
            bbox=_LABEL_BOX,
            zorder=5,
        )
        if label.numbered:
            numbered.append((label.text, names[label.key]))
    unlabelled = len(view.nodes) - len(placed)
    x = 0.74
    y = (legend_box.y0 - 10.0) / height
    step = line / height
    if numbered:
        title = "หมายเลขบนแผนภาพ" if view.lang == "th" else "Numbers on the map"
        fig.text(x, y, title, fontsize=_KEY_FONT + 0.5, color="#555555", va="top")
        for number, name in numbered:
            y -= step
            fig.text(x, y, f"{number}  {short_label(name, 44)}", fontsize=_KEY_FONT, va="top")
    if unlabelled:
        y -= step
        note = (
            f"ไม่แสดงชื่อ {unlabelled} โหนดขนาดเล็ก (ดูในไฟล์ HTML)"
            if view.lang == "th"
            else f"{unlabelled} small nodes unlabelled (see the HTML view)"
        )
        fig.text(x, y, note, fontsize=_KEY_FONT, color="#777777", va="top")


_KIND_RANK = {"Council": 0, "Agency": 1, "CivilSocietyGroup": 2, "Academic": 3}


def _both(style: palette.Style, lang: Lang, count: int) -> str:
    first, second = (style.th, style.en) if lang == "th" else (style.en, style.th)
    return f"{first} · {second} ({count})" if first != second else f"{first} ({count})"


# ---------------------------------------------------------------------------------------------
# Province map


def save_map_figure(view: MapView, path: Path) -> Path:
    """A4 portrait choropleth of the provinces with legend, names of provinces with data, and
    the OCHA credit."""
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    with _style():
        fig = _figure(A4_PORTRAIT)
        ax = fig.add_axes((0.04, 0.05, 0.92, 0.84))
        ax.set_axis_off()
        ax.set_aspect("equal")
        fills = view.fills[view.metric]
        for shape in view.shapes:
            verts: list[tuple[float, float]] = []
            codes: list[Any] = []
            for ring in shape.rings:
                pts = [(x, -y) for x, y in ring]
                verts.extend([*pts, pts[0]])
                codes.extend(
                    [MplPath.MOVETO] + [MplPath.LINETO] * (len(pts) - 1) + [MplPath.CLOSEPOLY]
                )
            ax.add_patch(
                PathPatch(
                    MplPath(verts, codes),
                    fc=fills.get(shape.code, palette.NO_DATA_COLOR),
                    ec="white",
                    lw=0.5,
                )
            )
            value = view.values.get(shape.code, {}).get(view.metric)
            if value is not None:
                outer = shape.rings[0]
                cx = sum(x for x, _ in outer) / len(outer)
                cy = sum(-y for _, y in outer) / len(outer)
                name = shape.name_th if view.lang == "th" else shape.name_en
                ax.text(
                    cx,
                    cy,
                    f"{name}\n{METRICS[view.metric].format(value)}",
                    fontsize=6,
                    ha="center",
                    va="center",
                    bbox=_LABEL_BOX,  # not a path effect: that turns text into paths
                )
        ax.autoscale_view()
        metric = METRICS[view.metric]
        first, second = (metric.th, metric.en) if view.lang == "th" else (metric.en, metric.th)
        lx, ly = 0.66, 0.30
        fig.text(lx, ly + 0.03, first, fontsize=9, fontweight="bold")
        fig.text(lx, ly + 0.012, second, fontsize=7.5, color="#666666")
        for i, (colour, label) in enumerate(view.legends[view.metric]):
            y = ly - 0.025 * (i + 1)
            fig.add_artist(
                Rectangle(
                    (lx, y), 0.03, 0.016, transform=fig.transFigure, fc=colour, ec="#999999", lw=0.5
                )
            )
            fig.text(lx + 0.04, y + 0.003, label, fontsize=8)
        _header(fig, view.title, view.subtitle, view.attribution)
        return _save(fig, path)
