"""BENCHMARKS.md's section and budget for issue 22's bar: a cheap read's p95 while one viewer
fires 50 concurrent XLSX exports and a guesser sends 400 wrong keys (`bench/attack_bench.py`,
run by `bench.run` on the S scale's store of each backend)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.tables import load_text, table

BAR_MS = 100.0


def _runs(scales: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (scale, store, s["attack"])
        for scale, data in scales.items()
        for store, s in (data.get("stores") or {}).items()
        if s.get("attack") is not None
    ]


def attack_budgets(add: Callable[..., None], scales: dict[str, Any]) -> None:
    runs = _runs(scales)
    if not runs:
        add(
            "Cheap read under attack (API p95)",
            "< 100 ms",
            None,
            None,
            "not in this run (--no-attack, or no S scale)",
        )
    for scale, store, found in runs:
        name = f"Cheap read under attack: 50 exports + 400 wrong keys ({scale}, {store})"
        p95 = found.get("attack_p95_ms")
        if p95 is None:
            add(name, "< 100 ms (API p95)", None, None, found.get("error", "no reads"))
            continue
        add(
            name,
            "< 100 ms (API p95)",
            f"{p95:.0f} ms",
            p95 < BAR_MS,
            f"GET /api/v1/stats alone p95 {found['baseline_p95_ms']} ms; "
            f"{found['attack_reads']} reads over {found['attack_seconds']} s of attack; "
            f"load average {load_text(found.get('load_average_before'))} before",
        )


def attack_section(scales: dict[str, Any]) -> list[str]:
    runs = [r for r in _runs(scales) if "error" not in r[2]]
    if not runs:
        return []
    rows = []
    for scale, store, f in runs:
        codes = f.get("codes") or {}
        exports = ", ".join(
            f"{n:,} × {k.split()[-1]}" for k, n in codes.items() if k.startswith("export")
        )
        wrong = ", ".join(
            f"{n:,} × {k.split()[-1]}" for k, n in codes.items() if k.startswith("wrong")
        )
        rows.append(
            [
                f"{scale}, {store}",
                f"{f['baseline_p50_ms']} / {f['baseline_p95_ms']}",
                f"{f['attack_p50_ms']} / **{f['attack_p95_ms']}** / {f['attack_max_ms']}",
                f["attack_reads"],
                exports,
                wrong,
                f"{load_text(f.get('load_average_before'))} → "
                f"{load_text(f.get('load_average_after'))}",
            ]
        )
    return [
        "## A cheap read under attack (`bench/attack_bench.py`, issue 22)",
        "",
        "The server in its own process with its default limits; `GET /api/v1/stats` timed "
        "alone, then while one viewer key requests `/api/v1/exports/xlsx` from 50 threads back "
        "to back and a guesser sends 400 wrong keys for the reader's key id. Bar: p95 under "
        "attack < 100 ms.",
        "",
        table(
            [
                "store",
                "alone p50 / p95 ms",
                "under attack p50 / p95 / max ms",
                "reads",
                "exports answered",
                "wrong keys answered",
                "load average",
            ],
            rows,
        ),
        "",
    ]
