"""The brief and the province figure of one province, timed end to end on a store.

    python -m bench.brief_bench --store national.sqlite --province 30 [--repeat 3]
    python -m bench.brief_bench --store national.sqlite --region Northeast --issue housing

What a planner waits for: `write_province_brief` (read, analyses, tiers map, Chromium's PDF)
and `render_view(province, .png)` (read, analyses, layout, labels placed, PNG), each the median
of `repeat` runs on a warm store. `bench.run` calls `run` on the SQLite store of every scale;
the budgets (issue 19) are < 10 s for the brief of the largest national province and < 5 s
for a province figure. `--region` / `--issue` time those briefs too (`area_run`), with the CPU
time of the process and its children (Chromium) beside the wall time: on a shared machine the
CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import resource
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


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def area_run(
    store: GraphStore, workdir: Path, *, region: str | None = None, issue: str | None = None
) -> dict[str, Any]:
    """Wall and CPU seconds of one region's or issue's brief (PDF)."""
    from partnernet.service.brief_areas import write_area_brief

    workdir.mkdir(parents=True, exist_ok=True)
    pdf = workdir / f"brief-{'region' if region else 'issue'}-{region or issue}.pdf"
    wall, cpu = time.perf_counter(), _cpu_seconds()
    write_area_brief(store, pdf, region=region, issue=issue)
    return {
        "area": f"region {region}" if region else f"issue {issue}",
        "wall_seconds": round(time.perf_counter() - wall, 2),
        "cpu_seconds": round(_cpu_seconds() - cpu, 2),
        "pdf_bytes": pdf.stat().st_size,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="SQLite file or bolt:// URI")
    parser.add_argument("--province", default=None)
    parser.add_argument("--region", default=None, help="also time this region's brief")
    parser.add_argument("--issue", default=None, help="also time this issue's brief")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the files here")
    args = parser.parse_args(argv)
    from partnernet.graph.connect import open_store

    store = open_store(args.store)
    found: dict[str, Any] = {}
    areas = []
    try:
        with tempfile.TemporaryDirectory(prefix="partnernet-brief-bench-") as tmp:
            out = args.out or Path(tmp)
            if args.province:
                found = run(store, args.province, out, repeat=args.repeat)
            if args.region:
                areas.append(area_run(store, out, region=args.region))
            if args.issue:
                areas.append(area_run(store, out, issue=args.issue))
    finally:
        store.close()
    for key, value in found.items():
        print(f"{key}: {value}")
    for area in areas:
        print(", ".join(f"{key}: {value}" for key, value in area.items()))
    ok = not found or (
        found["brief_pdf_seconds"] < BRIEF_BUDGET_S
        and found["figure_png_seconds"] < FIGURE_BUDGET_S
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
