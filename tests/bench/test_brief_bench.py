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
