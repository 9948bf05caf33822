"""The brief and the A4 figure of the largest province of a synthetic L network (issue 19's
quality bar): exact Thai back from `pdftotext`, no two words overlapping on any page.

Only that province's organisations, their relationships and the other ends are loaded (the
province's scope reads nothing else), which keeps the test to seconds."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from partnernet.graph.sqlite_store import SqliteStore
from partnernet.service.brief import province_brief
from partnernet.service.render import render_view
from partnernet.synth import generate as syn
from partnernet.visualizations.brief import MAX_GAPS_SHOWN, MAX_PROPOSALS_SHOWN, write_brief

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from pdf_text import overlapping, pdf_text, pdf_words


@pytest.fixture(scope="module")
def largest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqliteStore, str]]:
    network = syn.generate("L", 1)
    councils = Counter(
        o.province for o in network.organizations if o.kind.value == "Council" and o.province
    )
    code = sorted(councils.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    nodes, rels = syn.model_objects(network)
    home = {n.id for n in nodes if getattr(n, "province_code", None) == code}
    kept_rels = [r for r in rels if r.source in home or r.target in home]
    ends = home | {r.source for r in kept_rels} | {r.target for r in kept_rels}
    store = SqliteStore(tmp_path_factory.mktemp("synth-l") / "l.sqlite")
    store.upsert_nodes([n for n in nodes if n.id in ends])
    report = store.upsert_relationships(kept_rels)
    assert not report.rejected
    yield store, code
    store.close()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_largest_l_province_brief_reads_back_exactly(
    largest: tuple[SqliteStore, str], tmp_path: Path
) -> None:
    store, code = largest
    brief = province_brief(store, code)
    assert brief.counts["councils"] > 100
    out = write_brief(brief, tmp_path / "brief.pdf")
    text = _squeeze(pdf_text(out))
    strings = [s.source for s in brief.suggestions] + [s.target for s in brief.suggestions]
    rank = {"high": 0, "medium": 1, "low": 2}
    gaps = sorted(brief.gaps, key=lambda g: rank.get(g.severity, 3))[:MAX_GAPS_SHOWN]
    strings += [g.th for g in gaps] + [p.title for p in brief.proposals[:MAX_PROPOSALS_SHOWN]]
    assert sum("ตำบล" in s for s in strings) > 10
    assert [s for s in strings if _squeeze(s) not in text] == []
    assert overlapping(pdf_words(out)) == []


@pytest.mark.parametrize("layout", ["tiers", "district"])
def test_largest_l_province_figure_has_no_overlapping_words(
    largest: tuple[SqliteStore, str], tmp_path: Path, layout: str
) -> None:
    store, code = largest
    out = render_view(store, "province", code, tmp_path / "figure.pdf", layout=layout)
    words = pdf_words(out)
    assert len(words) > 100
    assert overlapping(words) == []
    assert "เครือข่ายภาคีความร่วมมือ" in pdf_text(out)
