"""The province brief on the sample data: what it gathers (headlines against the regional
median, gaps, suggestions, decisions, proposals), the offline HTML, the PDF read back with
`pdftotext` (exact Thai), and the refusal of a province without data."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from partnernet.foundation.errors import NotFound, UserError
from partnernet.graph.model import RecommendationDecision, Relationship, RelType
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service import analyses
from partnernet.service.brief import decisions_in, province_brief, write_province_brief
from partnernet.service.demo import sample_dir
from partnernet.service.scopes import scope_for
from partnernet.visualizations.brief import brief_html

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from pdf_text import overlapping, pdf_text, pdf_words

KHON_KAEN = "40"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    folder = tmp_path_factory.mktemp("brief")
    store = SqliteStore(folder / "sample.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=folder / "rej.csv")
    yield store
    store.close()


def _squeeze(text: str) -> str:
    """Text without whitespace: table cells wrap long names over lines."""
    return re.sub(r"\s+", "", text)


def test_brief_gathers_what_the_analyses_say(sample: SqliteStore) -> None:
    brief = province_brief(sample, "ขอนแก่น", with_map=False)
    gaps, recs = analyses.province_analysis(sample, KHON_KAEN)
    assert brief.title_th.endswith("จังหวัดขอนแก่น")
    assert len(brief.gaps) == len(gaps.gaps) > 0
    assert [g.th for g in brief.gaps] == [g.explanation_th for g in gaps.gaps]
    assert [s.th for s in brief.suggestions] == [r.explanation_th for r in recs.recommendations]
    coverage = brief.headlines[0]
    peers = gaps.metrics["peers"]["coverage"]
    assert coverage.value == pytest.approx(peers["value"])
    assert coverage.median == pytest.approx(peers["median"])
    assert brief.counts["orgs"] > 0 and brief.peers  # compared with the region's provinces
    assert brief.proposals and all(p.status for p in brief.proposals)
    assert "province:40" not in {s for g in brief.gaps for s in g.subjects}  # names, not ids


def test_accepted_decisions_show_as_planned_then_realised(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    recs = analyses.recommendations(store, KHON_KAEN)
    first, second = recs.recommendations[0], recs.recommendations[1]
    analyses.record_decision(
        store, first.source, first.target, RecommendationDecision.ACCEPTED, note="ประชุม ก.บ.จ."
    )
    analyses.record_decision(store, second.source, second.target, RecommendationDecision.REJECTED)
    brief = province_brief(store, KHON_KAEN, with_map=False)
    assert [(p.state, p.note) for p in brief.partnerships] == [("planned", "ประชุม ก.บ.จ.")]
    store.upsert_relationships(
        [Relationship(type=RelType.PARTNERS_WITH, source=first.source, target=first.target)]
    )
    graph = store.subgraph()
    assert {d.decision for d in decisions_in(graph)} == {"accepted", "rejected"}
    again = province_brief(store, KHON_KAEN, with_map=False)
    assert [p.state for p in again.partnerships] == ["realised"]
    store.close()


def test_html_brief_is_offline_and_bilingual(sample: SqliteStore, tmp_path: Path) -> None:
    out = write_province_brief(sample, "Khon Kaen", tmp_path / "kk.html", lang="en")
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "Partnership network brief: Khon Kaen province" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "How to read this" in page and "Regional median" in page


def test_pdf_brief_gives_back_the_exact_thai(sample: SqliteStore, tmp_path: Path) -> None:
    brief = province_brief(sample, KHON_KAEN, as_of=date(2024, 6, 1))
    out = tmp_path / "kk.pdf"
    from partnernet.visualizations.brief import write_brief

    write_brief(brief, out)
    text = pdf_text(out)
    assert out.read_bytes().startswith(b"%PDF")
    assert "สรุปเครือข่ายภาคีความร่วมมือ จังหวัดขอนแก่น" in text  # exactly, one line
    assert "1 มิถุนายน 2567" in text  # the as-of date in the Buddhist Era
    squeezed = _squeeze(text)
    names = {s.source for s in brief.suggestions} | {s.target for s in brief.suggestions}
    names |= {name for g in brief.gaps for name in g.subjects[:6]}
    names |= {p.proposed_by for p in brief.proposals} | {p.title for p in brief.proposals}
    assert any("ตำบล" in n for n in names)  # sara am: what WeasyPrint would have lost
    missing = [n for n in names if _squeeze(n) not in squeezed]
    assert missing == []
    for gap in brief.gaps:
        assert _squeeze(gap.th) in squeezed
    # no two words on any page overlap: the text, and the map's labels in it
    words = pdf_words(out)
    assert len(words) > 200
    assert overlapping(words) == []


def test_a_province_without_data_is_refused(sample: SqliteStore, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="Chiang Mai"):
        province_brief(sample, "เชียงใหม่")
    with pytest.raises(UserError):
        write_province_brief(sample, KHON_KAEN, tmp_path / "kk.docx")


def test_brief_html_escapes_what_it_shows(sample: SqliteStore) -> None:
    brief = province_brief(sample, KHON_KAEN, with_map=False)
    brief.title_th = "<script>alert(1)</script>"
    assert "<script>alert" not in brief_html(brief)


def test_a_crowded_map_keeps_the_province_s_own_network(
    sample: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnernet.service import brief as module

    graph = sample.subgraph(scope_for(province=KHON_KAEN))
    orgs = [n for n, k in graph.nodes(data="kind") if k in module.ORG_KINDS]
    cbos = [n for n in orgs if graph.nodes[n]["kind"] == "CommunityOrganization"]
    home = [n for n in orgs if n not in cbos and graph.nodes[n].get("province_code") == KHON_KAEN]
    assert cbos and len(home) > 20
    monkeypatch.setattr(module, "MAP_MAX", len(orgs) - 1)  # community groups go first
    kept = set(module.map_graph(graph, KHON_KAEN))
    assert kept == set(orgs) - set(cbos)
    national = [n for n in orgs if n not in cbos and not graph.nodes[n].get("province_code")]
    monkeypatch.setattr(module, "MAP_MAX", len(home) + len(national))  # then other provinces'
    kept = set(module.map_graph(graph, KHON_KAEN))
    assert kept == set(home) | set(national)
    monkeypatch.setattr(module, "MAP_MAX", 20)  # then the least connected
    kept = set(module.map_graph(graph, KHON_KAEN))
    assert len(kept) == 20 and "council:provincial:40" in kept
    brief = province_brief(sample, KHON_KAEN, lang="en")
    # "N of M": the province's own organisations, not its partners elsewhere nor national ones
    own = {n for n in orgs if graph.nodes[n].get("province_code") == KHON_KAEN}
    assert len(own) < len(orgs)
    assert brief.counts["mappable"] == brief.counts["orgs"] == len(own)
    assert brief.counts["mapped"] == len(kept & own) < 20
    mapped, of = brief.counts["mapped"], brief.counts["mappable"]
    said = html.unescape(brief_html(brief))
    assert f"The map shows {mapped} of the province's {of} organisations" in said


def test_a_crowded_province_figure_draws_the_brief_s_map(
    sample: SqliteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnernet.service import brief as module
    from partnernet.service.render import render_view

    monkeypatch.setattr(module, "MAP_MAX", 30)
    svg = render_view(sample, "province", KHON_KAEN, tmp_path / "kk.svg", lang="en")
    text = svg.read_text(encoding="utf-8")
    graph = sample.subgraph(scope_for(province=KHON_KAEN))
    drawn = module.map_graph(graph, KHON_KAEN)
    own = {
        n
        for n, a in graph.nodes(data=True)
        if a.get("kind") in module.ORG_KINDS and a.get("province_code") == KHON_KAEN
    }
    shown = len(own & set(drawn))
    assert shown < 30  # the map's other 30 - shown are national bodies
    assert f"{shown} of the province's {len(own)} organisations shown" in text
    assert "the HTML view has them all" in text
    html = render_view(sample, "province", KHON_KAEN, tmp_path / "kk.html", lang="en")
    assert "the HTML view has them all" not in html.read_text(encoding="utf-8")


def test_a_long_list_of_proposals_is_summed_up(sample: SqliteStore) -> None:
    from dataclasses import replace

    from partnernet.visualizations.brief import MAX_PROPOSALS_SHOWN

    brief = province_brief(sample, KHON_KAEN, lang="en", with_map=False)
    one = brief.proposals[0]
    brief.proposals = [replace(one, title=f"P{i:03d}") for i in range(MAX_PROPOSALS_SHOWN + 7)]
    page = brief_html(brief)
    assert f"P{MAX_PROPOSALS_SHOWN - 1:03d}" in page and f"P{MAX_PROPOSALS_SHOWN:03d}" not in page
    assert "and 7 more" in page
    assert f"{MAX_PROPOSALS_SHOWN + 7:,}" in page  # the count by status covers them all
