"""The brief and the province figure of one province, timed end to end on a store.

    python -m bench.brief_bench --store national.sqlite --province 30 [--repeat 3]

What a planner waits for: `write_province_brief` (read, analyses, tiers map, Chromium's PDF)
and `render_view(province, .png)` (read, analyses, layout, labels placed, PNG), each the median
of `repeat` runs on a warm store. `bench.run` calls `run` on the SQLite store of every scale;
the budgets (issue 19) are < 10 s for the brief of the largest national province and < 5 s
for a province figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from partnernet.graph.store import GraphStore

BRIEF_BUDGET_S = 10.0
FIGURE_BUDGET_S = 5.0


def _median_seconds(fn: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        fn()
        runs.append(round(time.perf_counter() - started, 2))
    return round(statistics.median(runs), 2), runs


def run(store: GraphStore, province: str, workdir: Path, *, repeat: int = 1) -> dict[str, Any]:
    """Seconds for the province's brief (PDF) and figure (PNG); see the module docstring."""
    from partnernet.service.brief import write_province_brief
    from partnernet.service.render import render_view

    workdir.mkdir(parents=True, exist_ok=True)
    pdf, png = workdir / f"brief-{province}.pdf", workdir / f"province-{province}.png"
    brief, brief_runs = _median_seconds(lambda: write_province_brief(store, province, pdf), repeat)
    figure, figure_runs = _median_seconds(
        lambda: render_view(store, "province", province, png, layout="tiers"), repeat
    )
    return {
        "province": province,
        "brief_pdf_seconds": brief,
        "brief_runs_seconds": brief_runs,
        "brief_pdf_bytes": pdf.stat().st_size,
        "figure_png_seconds": figure,
        "figure_runs_seconds": figure_runs,
        "figure_png_bytes": png.stat().st_size,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="SQLite file or bolt:// URI")
    parser.add_argument("--province", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the files here")
    args = parser.parse_args(argv)
    from partnernet.graph.connect import open_store

    store = open_store(args.store)
    try:
        with tempfile.TemporaryDirectory(prefix="partnernet-brief-bench-") as tmp:
            found = run(store, args.province, args.out or Path(tmp), repeat=args.repeat)
    finally:
        store.close()
    for key, value in found.items():
        print(f"{key}: {value}")
    ok = found["brief_pdf_seconds"] < BRIEF_BUDGET_S and found["figure_png_seconds"] < (
        FIGURE_BUDGET_S
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
