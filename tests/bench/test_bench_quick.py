"""The quick benchmark runs end to end (CI runs it so the benchmark code never rots).

Only the shape of the output is checked, never a timing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import run  # conftest.py puts the repository's bench/ on the path

SECTIONS = (
    "# partnernet benchmarks",
    "## Budgets",
    "## Synthetic data",
    "## Ingest",
    "### Per-row vs batched, same rows",
    "### Re-load",
    "## Read-back into networkx",
    "## Analyses: ours vs plain networkx",
    "## Largest-province gaps + recommendations",
    "## Planted-gap recovery",
    "## A cheap read under attack",
    "## Not measured yet",
)


def _check(out: Path, results_path: Path, stores: list[str]) -> None:
    text = out.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in text, heading
    assert "python -m bench.run --quick" in text
    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert results["settings"]["quick"] is True
    assert results["settings"]["stores"] == stores
    scale = results["scales"]["S"]
    for store in stores:
        ingest = scale["stores"][store]["ingest"]
        assert ingest["reload"]["nodes"]["created"] == 0
        assert ingest["reload"]["relationships"]["created"] == 0
        assert scale["stores"][store]["per_row"]["ratio_same_rows"] > 0
        api = scale["stores"][store]["api"]
        assert [r["endpoint"] for r in api] == ["province gaps", "province recommendations"]
        assert all(r["errors"] == 0 and r["requests"] > 0 for r in api)
        assert scale["stores"][store]["province_gaps"]["cold"]["peer_provinces"] >= 1
        decided = scale["stores"][store]["after_decision"]
        assert "error" not in decided, decided
        # A decision is no tie: the region's stored summaries are kept, not recomputed.
        assert decided["summaries_recomputed"] is False
        assert decided["decision"]["status"] == "planned"
        assert decided["undo"]["status"] == "undone"
        edited = scale["stores"][store]["after_small_edit"]
        assert "error" not in edited, edited
        # A tie recorded: the summaries of the provinces it touched, not the region's.
        assert edited["summaries_recomputed"] == [False]
        assert all(1 <= len(r) <= 2 for r in edited["summaries_refreshed"])
        page = scale["stores"][store]["web_page"]
        assert "error" not in page, page
        assert page["server"]["requests"] > 0
        assert all(p["fits_width"] and p["blocked_requests"] == 0 for p in page["paint"])
        attack = scale["stores"][store]["attack"]
        assert "error" not in attack, attack
        assert attack["attack_reads"] >= 100 and attack["attack_p95_ms"] > 0
        # The exporter was turned away (its share, its tokens), the guesser too.
        assert any(k in attack["codes"] for k in ("export 429", "export 503")), attack["codes"]
        assert attack["codes"].get("wrong key 429", 0) > 0
    assert scale["stores"]["sqlite"]["brief"]["brief_pdf_bytes"] > 0
    assert scale["recovery"]["expected_items"] > 0
    assert {b["budget"] for b in results["budgets"]}
    assert any(b["budget"].startswith("Cheap read under attack") for b in results["budgets"])
    for key in ("cpu", "cores", "ram_gib", "python", "networkx", "neo4j_driver", "date"):
        assert key in results["machine"]


def test_quick_benchmark_sqlite(tmp_path: Path) -> None:
    out, results = tmp_path / "BENCHMARKS.md", tmp_path / "results.json"
    assert run.main(["--quick", "--neo4j", "off", "--out", str(out), "--json", str(results)]) == 0
    _check(out, results, ["sqlite"])
    rendering = json.loads(results.read_text(encoding="utf-8"))["rendering"]
    assert {r["variant"] for r in rendering} == {"ours", "pyvis default (CDN)", "pyvis inline"}
    assert "## Rendering" in out.read_text(encoding="utf-8")


def test_quick_mode_writes_to_a_temp_path_by_default() -> None:
    args = run.parse(["--quick"])
    assert args.out != run.ROOT / "BENCHMARKS.md"
    assert args.json.parent == args.out.parent
    assert args.scales_list == ["S"] and args.repeat == 1


@pytest.mark.neo4j
def test_quick_benchmark_with_neo4j(neo4j_instance: dict[str, object], tmp_path: Path) -> None:
    out, results = tmp_path / "BENCHMARKS.md", tmp_path / "results.json"
    assert (
        run.main(
            [
                "--quick",
                "--neo4j",
                "on",
                "--no-csv",
                "--no-render",
                "--per-row-cap",
                "50",
                "--out",
                str(out),
                "--json",
                str(results),
            ]
        )
        == 0
    )
    _check(out, results, ["sqlite", "neo4j"])
