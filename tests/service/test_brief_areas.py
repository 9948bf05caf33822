"""The brief of a region and of an issue on the sample data: the provinces' table against the
analyses of each province, the gaps and proposals that belong to the area, the PDF read back
with `pdftotext` (exact Thai, no overlapping words) and the refusals."""

from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnernet.cli import app
from partnernet.foundation import geography
from partnernet.foundation.errors import NotFound
from partnernet.graph.model import NodeKind, RelType
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service import analyses
from partnernet.service.brief_areas import issue_brief, region_brief, write_area_brief
from partnernet.service.demo import sample_dir
from partnernet.service.scopes import scope_for
from partnernet.visualizations.brief import MAX_GAPS_SHOWN

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from pdf_text import overlapping, pdf_text, pdf_words


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    folder = tmp_path_factory.mktemp("areas")
    store = SqliteStore(folder / "sample.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=folder / "rej.csv")
    yield store
    store.close()


def _org_kinds() -> set[str]:
    return {"Council", "Agency", "CivilSocietyGroup", "Academic", "PrivateSector"} | {
        NodeKind.COMMUNITY_ORGANIZATION.value
    }


def test_region_rows_are_each_provinces_own_figures(sample: SqliteStore) -> None:
    brief = region_brief(sample, "อีสาน", with_map=False)
    region = geography.resolve_region("อีสาน")
    graph = sample.subgraph(scope_for(region=region.key))
    members = {p.code for p in geography.region_provinces(region)}
    codes = [c for c in analyses.provinces_with_data(graph) if c in members]
    assert len(codes) > 3
    *rows, median = brief.rows
    names = {geography.province(c).name_th: c for c in codes}
    assert sorted(r.name for r in rows) == sorted(names)
    for row in rows:
        gaps = analyses.province_gaps(sample, names[row.name])
        assert row.coverage == pytest.approx(gaps.metrics["peers"]["coverage"]["value"])
        assert row.gaps == len(gaps.gaps)
    assert median.coverage == pytest.approx(statistics.median(r.coverage for r in rows))
    assert median.partners_per_council == pytest.approx(
        statistics.median(r.partners_per_council for r in rows)
    )
    assert brief.counts["orgs"] == sum(
        1
        for _, a in graph.nodes(data=True)
        if a.get("kind") in _org_kinds() and str(a.get("province_code")) in members
    )
    # the most severe gaps first, each named with its province
    ranks = [{"high": 0, "medium": 1, "low": 2}[g.severity] for g in brief.gaps]
    assert ranks == sorted(ranks) and ranks
    thai_names = tuple(f"{n}: " for n in names)
    assert all(g.th.startswith(thai_names) for g in brief.gaps)
    # every proposal of a province of the region, once
    titles = {
        str(a.get("title_th") or a.get("title"))
        for n, a in graph.nodes(data=True)
        if a.get("kind") == NodeKind.PROPOSAL.value
        and (
            str(a.get("province_code") or "") in members
            or any(
                str(graph.nodes[u].get("province_code") or "") in members
                for u, _, d in graph.in_edges(n, data=True)
                if d.get("type") == RelType.PROPOSED.value
            )
        )
    }
    assert sorted(p.title for p in brief.proposals) == sorted(titles)


def test_issue_brief_is_about_who_works_on_it(sample: SqliteStore) -> None:
    brief = issue_brief(sample, "welfare", with_map=False)
    graph = sample.subgraph(scope_for(issue="welfare"))
    workers = {
        u
        for u, v, d in graph.edges(data=True)
        if v == "issue:welfare" and d.get("type") == RelType.WORKS_ON.value
    }
    assert brief.counts["orgs"] == len(workers) > 0
    assert brief.title_th.endswith("ประเด็นสวัสดิการ")
    names = {
        graph.nodes[n].get("name_th") for n in workers
    }  # gaps and suggestions touch the issue's organisations
    assert brief.gaps and all(set(g.subjects) & names for g in brief.gaps)
    assert all(s.source in names or s.target in names for s in brief.suggestions)
    concerning = {
        u
        for u, v, d in graph.edges(data=True)
        if v == "issue:welfare" and d.get("type") == RelType.CONCERNS.value
    }
    assert len(brief.proposals) == len(concerning)


def test_region_pdf_gives_back_the_exact_thai(sample: SqliteStore, tmp_path: Path) -> None:
    out = tmp_path / "ne.pdf"
    brief = region_brief(sample, "Northeast", as_of=date(2024, 6, 1))
    from partnernet.visualizations.brief import write_brief

    write_brief(brief, out)
    text = pdf_text(out)
    assert "สรุปเครือข่ายภาคีความร่วมมือ ภาคตะวันออกเฉียงเหนือ" in text
    assert "1 มิถุนายน 2567" in text
    squeezed = re.sub(r"\s+", "", text)
    for row in brief.rows:
        assert row.name in text
    assert len(brief.gaps) > MAX_GAPS_SHOWN  # the page keeps the most severe
    for gap in brief.gaps[:MAX_GAPS_SHOWN]:
        assert re.sub(r"\s+", "", gap.th) in squeezed
    assert f"และอีก {len(brief.gaps) - MAX_GAPS_SHOWN} รายการ" in text
    assert overlapping(pdf_words(out)) == []


def test_unknown_or_empty_areas_are_refused(sample: SqliteStore, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="North"):
        region_brief(sample, "ภาคเหนือ")
    with pytest.raises(NotFound):
        issue_brief(sample, "no such issue at all")
    with pytest.raises(NotFound):
        write_area_brief(sample, tmp_path / "x.html", region="South")


def test_cli_brief_region_and_one_scope_only(sample: SqliteStore, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "ne.html"
    done = runner.invoke(
        app,
        [
            "brief",
            "--region",
            "Northeast",
            "--lang",
            "en",
            "-o",
            str(out),
            "--store",
            str(sample.path),
        ],
    )
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert "Headline figures by province" in page and "<svg" in page
    both = runner.invoke(
        app,
        [
            "brief",
            "--region",
            "NE",
            "--province",
            "40",
            "-o",
            str(out),
            "--store",
            str(sample.path),
        ],
    )
    assert both.exit_code == 2
    bad_date = runner.invoke(
        app,
        [
            "brief",
            "--province",
            "40",
            "--as-of",
            "2024-13-01",
            "-o",
            str(out),
            "--store",
            str(sample.path),
        ],
    )
    assert bad_date.exit_code == 2 and "2024-13-01" in bad_date.output


def test_area_maps_are_framed_on_the_area(
    sample: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnernet.visualizations import overview

    framed: list[set[str]] = []
    real = overview.province_overview

    def spy(graph: object, **kwargs: object) -> object:
        framed.append(set(kwargs["zoom"]))  # type: ignore[call-overload]
        return real(graph, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(overview, "province_overview", spy)
    region = geography.resolve_region("อีสาน")
    brief = region_brief(sample, region.key)
    assert framed.pop() == {p.code for p in geography.region_provinces(region)}
    assert brief.map_svg
    issue_brief(sample, "welfare")
    graph = sample.subgraph(scope_for(issue="welfare"))
    workers = {
        str(graph.nodes[u].get("province_code"))
        for u, v, d in graph.edges(data=True)
        if v == "issue:welfare" and d.get("type") == RelType.WORKS_ON.value
    } - {"None", ""}
    assert framed.pop() == workers and workers


def test_a_wide_issue_analyses_its_busiest_provinces_and_says_so(
    sample: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections import Counter

    from partnernet.service import brief_areas

    graph = sample.subgraph(scope_for(issue="welfare"))
    workers = Counter(
        str(graph.nodes[u].get("province_code"))
        for u, v, d in graph.edges(data=True)
        if v == "issue:welfare"
        and d.get("type") == RelType.WORKS_ON.value
        and graph.nodes[u].get("province_code")  # not national bodies
    )
    assert len(workers) > 1
    busiest = min(workers, key=lambda c: (-workers[c], c))
    monkeypatch.setattr(brief_areas, "ISSUE_PROVINCES", len(workers))
    whole = issue_brief(sample, "welfare", lang="en", with_map=False)
    assert whole.notes == [] and len(whole.rows) == len(workers) + 1
    monkeypatch.setattr(brief_areas, "ISSUE_PROVINCES", 1)
    brief = issue_brief(sample, "welfare", lang="en", with_map=False)
    assert [r.name for r in brief.rows[:-1]] == [geography.province(busiest).name_en]
    assert brief.headlines[1].value == len(workers)  # the issue's provinces, all of them
    assert brief.notes and "cover the 1 provinces" in brief.notes[0]
    assert f"of {len(workers)}" in brief.notes[0]


def test_a_region_s_decisions_show_as_planned_then_realised(tmp_path: Path) -> None:
    from partnernet.graph.model import RecommendationDecision, Relationship

    store = SqliteStore(tmp_path / "s.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    recs = analyses.recommendations(store, "40").recommendations
    first, second = recs[0], recs[1]
    analyses.record_decision(
        store, first.source, first.target, RecommendationDecision.ACCEPTED, note="ประชุม ก.บ.จ."
    )
    analyses.record_decision(store, second.source, second.target, RecommendationDecision.REJECTED)
    brief = region_brief(store, "อีสาน", with_map=False)
    assert [(p.state, p.note) for p in brief.partnerships] == [("planned", "ประชุม ก.บ.จ.")]
    store.upsert_relationships(
        [Relationship(type=RelType.PARTNERS_WITH, source=first.source, target=first.target)]
    )
    again = region_brief(store, "อีสาน", with_map=False)
    assert [p.state for p in again.partnerships] == ["realised"]
    store.close()
