"""PDF figures read back as text: the Thai names come out exactly as stored, and no two words
on the page overlap (labels placed by `labels.place_labels`)."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from pdf_text import overlapping, pdf_text, pdf_words

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import Scope
from partnernet.visualizations import static
from partnernet.visualizations.labels import Candidate, overlaps, place_labels
from partnernet.visualizations.layouts import positions_for
from partnernet.visualizations.view import build_view

SAMPLE_PROVINCES = ("10", "35", "36", "40", "44", "45", "46", "47", "49")


def _view(store: SqliteStore, code: str, layout: str = "force") -> object:
    graph = store.subgraph(Scope(provinces=frozenset({code})))
    return build_view(
        graph,
        title=f"เครือข่ายภาคีความร่วมมือ จังหวัดรหัส {code}",
        positions=positions_for(graph, layout, province=code),
    )


def test_place_labels_never_overlaps_and_numbers_what_does_not_fit() -> None:
    # 80 nodes scattered in a small box: names (60 wide) and abbreviations (30) soon run out
    # of room; numbers (4 wide) still fit, up to max_numbers; the rest stay unlabelled.
    rng = random.Random(3)
    crowd = [
        Candidate(f"n{i}", rng.uniform(0, 200), rng.uniform(0, 200), 1.0, ("N" * 12, "n" * 6))
        for i in range(80)
    ]
    placed = place_labels(
        crowd,
        lambda t: (5.0 * len(t), 10.0),
        (-20, -20, 220, 220),
        max_numbers=3,
        number_measure=lambda t: (4.0, 6.0),
        pad=1.0,
    )
    boxes = [p.box for p in placed]
    assert not any(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(b[0] >= -20 and b[2] <= 220 and b[1] >= -20 and b[3] <= 220 for b in boxes)
    assert [p.text for p in placed if p.numbered] == ["1", "2", "3"]
    assert {len(p.text) for p in placed if not p.numbered} == {12, 6}
    assert len(placed) < 80  # the rest stay unlabelled
    assert placed[0].key == "n0"  # importance order: the first candidate is served first


@pytest.mark.parametrize("layout", ["force", "tiers", "district"])
def test_khon_kaen_pdf_gives_back_exact_thai_and_no_overlaps(
    sample_store: SqliteStore, tmp_path: Path, layout: str
) -> None:
    view = _view(sample_store, "40", layout)
    placed = static.placed_labels(view)  # type: ignore[arg-type]
    out = static.save_network_figure(view, tmp_path / "kk.pdf")  # type: ignore[arg-type]
    text = pdf_text(out)
    names = {n.name_th for n in view.nodes}  # type: ignore[attr-defined]
    full = [p.text for p in placed if not p.numbered and not p.text.endswith("…")]
    assert full and all(name in names for name in full)
    for label in placed:
        if not label.numbered:
            assert label.text in text, label.text  # byte for byte, ำ and tone marks intact
    for expected in ("สภาองค์กรชุมชนตำบลบ้านเป็ด", "ศาลากลางจังหวัดขอนแก่น"):
        assert expected in names
    assert "เครือข่ายภาคีความร่วมมือ" in text  # the title
    assert overlapping(pdf_words(out)) == []


@pytest.mark.parametrize("code", SAMPLE_PROVINCES)
def test_every_sample_province_figure_has_no_overlapping_words(
    sample_store: SqliteStore, tmp_path: Path, code: str
) -> None:
    out = static.save_network_figure(_view(sample_store, code), tmp_path / f"{code}.pdf")  # type: ignore[arg-type]
    words = pdf_words(out)
    assert len(words) > 10
    assert overlapping(words) == []


def test_placed_labels_are_the_largest_nodes_first(sample_graph: nx.MultiDiGraph) -> None:
    view = build_view(sample_graph, title="t")
    placed = static.placed_labels(view)
    by_id = {n.id: n for n in view.nodes}
    biggest = max(view.nodes, key=lambda n: n.size)
    assert placed[0].key == biggest.id
    assert len({p.key for p in placed}) == len(placed)
    assert all(p.key in by_id for p in placed)
