"""Static figures for reports: PNG, SVG and PDF of any network view and of the province map,
sized for A4 (landscape for networks, portrait for the map), with a Thai font that renders.

matplotlib (>= 3.11, which shapes text with libraqm, so Thai marks sit where they belong) draws
them headless (Agg). The Thai font is found by `thai_font()`: `$PARTNERNET_THAI_FONT` (a font
file), else the first installed family of `THAI_FAMILIES` that has every Thai glyph we use
(Debian: `fonts-thai-tlwg` gives Loma, Garuda, Laksaman, …; `fonts-noto-core` Noto Sans Thai).
Without one, `ThaiFontError` says what to install instead of drawing boxes. PDFs embed the font
(TrueType), SVGs carry text as paths, so both read the same on machines without Thai fonts.
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
from partnernet.visualizations.geo import METRICS, MapView
from partnernet.visualizations.palette import SUGGESTED
from partnernet.visualizations.view import NetworkView

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
    metadata = {"Creator": "partnernet"} if fmt in ("pdf", "svg") else None
    with target.open("wb") as handle:
        fig.savefig(handle, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return target


def _header(fig: Any, title: str, subtitle: str, credit: str | None) -> None:
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
    """A4 landscape figure of a network view: nodes, edges, gap rings, labels of the largest
    nodes (`labels`: how many; default all up to 40 nodes, else 30), legend and title."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patheffects import withStroke

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
        limit = labels if labels is not None else (len(view.nodes) if n <= 40 else 30)
        stroke = [withStroke(linewidth=2.2, foreground="white")]
        for node in sorted(view.nodes, key=lambda m: (-m.size, m.id))[:limit]:
            ax.annotate(
                node.label,
                (node.x, -node.y),
                xytext=(0, -4 - 4 * shrink * node.size / 14.0),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=6.5 if n > 40 else 7.5,
                path_effects=stroke,
                zorder=4,
            )
        ax.autoscale_view()
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
            fontsize=7,
            frameon=False,
            title=f"{palette.ui('size', lang)}: {size[0] if lang == 'th' else size[1]}",
            title_fontsize=7.5,
            alignment="left",
        )
        legend.get_title().set_color("#555555")
        _header(fig, view.title, view.subtitle, view.attribution)
        return _save(fig, path)


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
    from matplotlib.patheffects import withStroke

    with _style():
        fig = _figure(A4_PORTRAIT)
        ax = fig.add_axes((0.04, 0.05, 0.92, 0.84))
        ax.set_axis_off()
        ax.set_aspect("equal")
        fills = view.fills[view.metric]
        stroke = [withStroke(linewidth=2.0, foreground="white")]
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
                    path_effects=stroke,
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
