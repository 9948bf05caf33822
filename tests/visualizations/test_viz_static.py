"""Static figures: A4 sizes, the three formats, and Thai that renders as Thai (not boxes)."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from partnernet.analysis.provinces import province_table
from partnernet.visualizations import static
from partnernet.visualizations.geo import render_province_map
from partnernet.visualizations.network import render_national_overview, render_province_view

THAI_WORDS = "สภาองค์กรชุมชน ที่ดิน ผู้สูงอายุ น้ำ"


def _render_text(text: str, family: list[str]) -> np.ndarray:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": family}):
        fig = Figure(figsize=(4, 0.6), dpi=100)
        canvas = FigureCanvasAgg(fig)
        fig.text(0.02, 0.3, text, fontsize=20)
        canvas.draw()  # type: ignore[no-untyped-call]
        return np.asarray(canvas.buffer_rgba())[:, :, 0].copy()  # type: ignore[no-untyped-call]


@pytest.fixture(scope="module")
def font() -> static.ThaiFont:
    try:
        return static.thai_font()
    except static.ThaiFontError as exc:
        pytest.fail(f"{exc} (the set-up must install a Thai font)")


def test_the_thai_font_has_every_thai_glyph(font: static.ThaiFont) -> None:
    assert static.has_glyphs(font.path)
    assert not static.has_glyphs(font.path, "\ue000")  # a private-use character: no glyph


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_thai_text_is_not_tofu(font: static.ThaiFont) -> None:
    ours = _render_text(THAI_WORDS, [font.family])
    tofu = _render_text(THAI_WORDS, ["DejaVu Sans"])  # DejaVu Sans has no Thai: boxes
    assert (ours < 128).any(), "nothing was drawn"
    assert not np.array_equal(ours, tofu)
    # Each Thai letter draws differently; .notdef boxes would all look the same.
    letters = [_render_text(ch, [font.family]) for ch in "กขคง"]
    missing = _render_text("\ue000", [font.family])
    for i, image in enumerate(letters):
        assert not np.array_equal(image, missing)
        for other in letters[i + 1 :]:
            assert not np.array_equal(image, other)


def test_network_figure_in_three_formats_is_a4(
    tmp_path: Path, kk_graph: nx.MultiDiGraph, font: static.ThaiFont
) -> None:
    png = render_province_view(kk_graph, tmp_path / "kk.png", "40")
    svg = render_province_view(kk_graph, tmp_path / "kk.svg", "40", lang="en")
    pdf = render_province_view(kk_graph, tmp_path / "kk.pdf", "40")
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (2338, 1654)
    head = svg.read_text(encoding="utf-8")[:2000]
    assert 'width="841.68pt"' in head and 'height="595.44pt"' in head
    data = pdf.read_bytes()
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None  # A4 landscape (Chromium rounds the page to its pixel grid)
    assert abs(float(box[1]) - 841.89) < 0.5 and abs(float(box[2]) - 595.28) < 0.5
    assert b"/FontFile2" in data  # the Thai font is embedded as TrueType
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kk.pdf", "kk.png", "kk.svg"]


def test_map_and_overview_figures(
    tmp_path: Path, sample_graph: nx.MultiDiGraph, font: static.ThaiFont
) -> None:
    from PIL import Image

    out = render_province_map(
        province_table(sample_graph, {}), tmp_path / "map.png", metric="organizations"
    )
    with Image.open(out) as image:
        assert image.size == (1654, 2338)  # A4 portrait
        pixels = np.asarray(image.convert("L"))
    assert (pixels < 250).mean() > 0.05  # the country is drawn
    overview = render_national_overview(sample_graph, tmp_path / "nat.pdf")
    assert overview.read_bytes().startswith(b"%PDF")


def test_font_override_must_have_thai(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import matplotlib

    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    monkeypatch.setenv(static.FONT_ENV, str(dejavu))
    static.thai_font.cache_clear()
    try:
        with pytest.raises(static.ThaiFontError):
            static.thai_font()
    finally:
        monkeypatch.delenv(static.FONT_ENV)
        static.thai_font.cache_clear()
