"""`bench.brief_bench` times the brief and the figure of a province it really writes (only
the shape is checked, never a timing)."""

from __future__ import annotations

from pathlib import Path

from bench import brief_bench  # conftest.py puts the repository's bench/ on the path
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.ingest.pipeline import ingest_paths
from partnernet.service.demo import sample_dir


def test_brief_bench_writes_and_times_both(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    found = brief_bench.run(store, "40", tmp_path / "out")
    store.close()
    assert (tmp_path / "out" / "brief-40.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "out" / "province-40.png").read_bytes().startswith(b"\x89PNG")
    assert found["brief_pdf_bytes"] > 10_000 and found["figure_png_bytes"] > 10_000
    assert found["brief_pdf_seconds"] > 0 and found["figure_png_seconds"] > 0
    assert len(found["brief_runs_seconds"]) == 1


def test_the_budgets_judge_the_national_brief_and_figure() -> None:
    from bench.budgets import ABSENT, MET, MISSED, budgets
    from bench.tables import table

    def verdicts(results: dict[str, object]) -> dict[str, tuple[str, str]]:
        return {
            b["budget"]: (b["measured"], b["verdict"])
            for b in budgets(results)
            if b["budget"].endswith("national province (PDF)")
            or b["budget"].endswith("national province (PNG)")
        }

    brief = {"brief_pdf_seconds": 8.4, "figure_png_seconds": 5.2}
    reload = {"nodes": {"created": 0}, "relationships": {"created": 0}}
    sqlite = {"brief": brief, "ingest": {"reload": reload}}
    found = verdicts({"scales": {"national": {"stores": {"sqlite": sqlite}}}})
    assert found == {
        "Brief of the largest national province (PDF)": ("8.4 s", MET),
        "Figure of the largest national province (PNG)": ("5.2 s", MISSED),
    }
    # the S scale's brief is no national figure: both say they were not measured
    small = {"scales": {"S": {"stores": {"sqlite": sqlite}}}}
    assert {v for _, v in verdicts(small).values()} == {ABSENT}
    # and BENCHMARKS.md's budget table (bench/report.py) shows them as they are
    rows = [[b["budget"], b["measured"], b["verdict"]] for b in budgets({"scales": {}})]
    assert "Brief of the largest national province (PDF)" in table(["b", "m", "v"], rows)


def test_area_briefs_are_timed_with_their_cpu(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.sqlite")
    ingest_paths(store, sorted(sample_dir().glob("*.csv")), rejects_path=tmp_path / "rej.csv")
    found = brief_bench.area_run(store, tmp_path / "out", issue="welfare")
    store.close()
    assert (tmp_path / "out" / "brief-issue-welfare.pdf").read_bytes().startswith(b"%PDF")
    assert found["area"] == "issue welfare" and found["pdf_bytes"] > 10_000
    assert found["wall_seconds"] > 0 and found["cpu_seconds"] > 0
