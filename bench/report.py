"""BENCHMARKS.md from the results of `bench.run`: budget verdicts and one table per section.

Nothing here invents a figure: a section without results says what is missing under
"Not measured yet".
"""

from __future__ import annotations

from typing import Any

from bench.report_analyses import (
    analyses_section,
    not_measured_section,
    province_section,
    recovery_section,
    rendering_section,
)
from bench.report_attack import attack_section
from bench.tables import load_text, ratio, table


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    scales: dict[str, Any] = results.get("scales", {})
    s = results["settings"]
    dirty = " + local changes" if m.get("git_dirty") else ""
    parts = [
        "# partnernet benchmarks",
        "",
        "Every figure below was measured on this machine by one run of",
        "",
        f"    {results['command']}",
        "",
        f"on {m['date']} (git {m.get('git_commit')}{dirty}"
        f"; whole run {results.get('total_seconds', 0):.0f} s). Timings are medians of "
        f"{s['repeat']} runs unless a table says otherwise; ratios compare runs made side by "
        "side in the same run. Regenerate with `make bench` (all scales; Neo4j when "
        "`$PARTNERNET_NEO4J_INSTANCE` is set) or `make bench-quick` (S only, CI).",
        "",
        table(
            ["machine", ""],
            [
                ["CPU", m["cpu"]],
                ["cores", m["cores"]],
                ["RAM", f"{m['ram_gib']} GiB"],
                ["OS", m["os"]],
                ["Python", m["python"]],
                ["Neo4j server", m["neo4j_server"]],
                ["neo4j driver", m["neo4j_driver"]],
                ["networkx", m["networkx"]],
                ["python-igraph", m["igraph"]],
                ["pydantic", m["pydantic"]],
            ],
        ),
        "",
        "Other work on the machine skews timings; the load average (1, 5, 15 min) when each "
        "scale started and ended: "
        + "; ".join(
            f"{scale} {load_text(d.get('load_average_at_start'))} → "
            f"{load_text(d.get('load_average_at_end'))}"
            for scale, d in scales.items()
        )
        + ".",
        "",
        "## Budgets",
        "",
        table(
            ["budget", "target", "measured", "verdict", "note"],
            [
                [b["budget"], b["target"], b["measured"], b["verdict"], b["note"]]
                for b in results.get("budgets", [])
            ],
        ),
        "",
    ]
    parts += _generation(scales)
    parts += _ingest(scales, s)
    parts += _readback(scales)
    parts += analyses_section(scales)
    parts += province_section(scales)
    parts += attack_section(scales)
    parts += recovery_section(scales)
    parts += rendering_section(results)
    parts += not_measured_section(results)
    return "\n".join(parts) + "\n"


def _generation(scales: dict[str, Any]) -> list[str]:
    rows = []
    for scale, d in scales.items():
        g = d["generation"]
        rows.append(
            [
                scale,
                g["description"],
                g["provinces"],
                g["nodes"],
                g["relationships"],
                g["generate_median_seconds"],
                g["write_seconds"],
                sum(g["files_mib"].values()),
                d["model_objects"]["seconds"],
            ]
        )
    out = [
        "## Synthetic data (`partnernet.synth.generate`)",
        "",
        table(
            [
                "scale",
                "what",
                "provinces",
                "nodes",
                "relationships",
                "generate (s)",
                "write CSV (s)",
                "files (MiB)",
                "model objects (s)",
            ],
            rows,
        ),
        "",
    ]
    kinds = sorted({k for d in scales.values() for k in d["generation"]["nodes_by_kind"]})
    out += [
        "Nodes by kind:",
        "",
        table(
            ["kind", *scales],
            [
                [k, *(d["generation"]["nodes_by_kind"].get(k) for d in scales.values())]
                for k in kinds
            ],
        ),
        "",
    ]
    types = sorted({k for d in scales.values() for k in d["generation"]["relationships_by_type"]})
    out += [
        "Relationships by type:",
        "",
        table(
            ["type", *scales],
            [
                [t, *(d["generation"]["relationships_by_type"].get(t) for d in scales.values())]
                for t in types
            ],
        ),
        "",
    ]
    tie_rows = [
        [
            scale,
            t["same_district_share"],
            t["same_province_share"],
            t["same_region_share"],
            t["degree"]["median"],
            t["degree"]["p90"],
            t["degree"]["p99"],
            t["degree"]["max"],
        ]
        for scale, d in scales.items()
        if (t := d["generation"].get("ties"))
    ]
    if tie_rows:
        out += [
            "Clustering and tails: the share of partnerships (between organisations with a "
            "place) inside one district / province / region, and the degree distribution over "
            "the ties the gap template counts (partners, members, funding, support):",
            "",
            table(
                [
                    "scale",
                    "same district",
                    "same province",
                    "same region",
                    "median degree",
                    "p90",
                    "p99",
                    "max",
                ],
                tie_rows,
            ),
            "",
        ]
    csv_rows = [
        [
            scale,
            c["rows"],
            c["accepted"],
            c["rejected"],
            c["duplicates"],
            c["seconds"],
            c["rows_per_second"],
            c["peak_rss_mib"],
        ]
        for scale, d in scales.items()
        if (c := d.get("csv_pipeline"))
    ]
    if csv_rows:
        out += [
            "Loading the written CSV templates through the tabular pipeline "
            "(`ingest_paths`, SQLite, one run):",
            "",
            table(
                [
                    "scale",
                    "rows",
                    "accepted",
                    "rejected",
                    "duplicates",
                    "seconds",
                    "rows/s",
                    "peak RSS (MiB)",
                ],
                csv_rows,
            ),
            "",
        ]
    return out


def _ingest(scales: dict[str, Any], settings: dict[str, Any]) -> list[str]:
    rows, ratio_rows, reload_rows = [], [], []
    for scale, d in scales.items():
        for store, s in (d.get("stores") or {}).items():
            i, p = s["ingest"], s["per_row"]
            rows.append(
                [
                    scale,
                    store,
                    i["nodes"],
                    i["relationships"],
                    i["batch_size"],
                    i["load"]["median_seconds"],
                    i["nodes_seconds_median"],
                    i["relationships_seconds_median"],
                    i["rows_per_second"],
                    i["load"]["rss_increase_mib"],
                ]
            )
            ratio_rows.append(
                [
                    scale,
                    store,
                    p["sample_nodes"] + p["sample_relationships"],
                    p["per_row"]["rows_per_second"],
                    p["batched"]["rows_per_second"],
                    ratio(p["ratio_same_rows"]),
                    f"{ratio(p['ratio_same_rows_nodes'])} / "
                    f"{ratio(p['ratio_same_rows_relationships'])}",
                    p["per_row_full_load_seconds_extrapolated"],
                    ratio(p["ratio_full_load"]),
                ]
            )
            r = i["reload"]
            counters = r.get("server_counters")
            reload_rows.append(
                [
                    scale,
                    store,
                    r["seconds"],
                    r["nodes"]["created"] + r["relationships"]["created"],
                    r["nodes"]["updated"] + r["relationships"]["updated"],
                    r["nodes"]["unchanged"] + r["relationships"]["unchanged"],
                    r["nodes"]["rejected"] + r["relationships"]["rejected"],
                    _counter_text(counters),
                ]
            )
    if not rows:
        return []
    return [
        "## Ingest",
        "",
        "Batched load of every node, then every relationship, into a fresh store "
        f"(`upsert_nodes` / `upsert_relationships`; SQLite batch {settings['sqlite_batch']}, "
        f"Neo4j batch {settings['neo4j_batch']}: one transaction per batch). Model objects are "
        "built before the clock starts. Peak RSS is the increase of the process's resident "
        "size during the load.",
        "",
        table(
            [
                "scale",
                "store",
                "nodes",
                "relationships",
                "batch",
                "load (s)",
                "nodes (s)",
                "relationships (s)",
                "rows/s",
                "peak RSS +MiB",
            ],
            rows,
        ),
        "",
        "### Per-row vs batched, same rows",
        "",
        f"A systematic sample (every k-th relationship, at most {settings['per_row_cap']:,}; "
        f"every k-th node up to {settings['per_row_cap']:,} plus the sampled relationships' "
        "endpoints) written into an empty store one row per transaction (`batch_size=1`: for "
        "Neo4j one MERGE per transaction, the same store and statements) and, into another "
        "empty store, batched. Each store first gets a few warm-up rows outside the sample "
        "(one per node kind and relationship shape) so that query planning is not timed; the "
        "two modes alternate, repeated, and the medians are compared. *Per-row full load* "
        "extrapolates the per-row rate to the whole graph (not run: it would take that long).",
        "",
        table(
            [
                "scale",
                "store",
                "sampled rows",
                "per-row rows/s",
                "batched rows/s",
                "ratio (same rows)",
                "nodes / rels ratio",
                "per-row full load (s, extrap.)",
                "ratio (full load)",
            ],
            ratio_rows,
        ),
        "",
        *_probe(scales),
        "### Re-load",
        "",
        "The same rows loaded again into the loaded store.",
        "",
        table(
            [
                "scale",
                "store",
                "seconds",
                "created",
                "updated",
                "unchanged",
                "rejected",
                "Neo4j counters",
            ],
            reload_rows,
        ),
        "",
    ]


def _counter_text(counters: dict[str, int] | None) -> str:
    if counters is None:
        return "–"
    keys = ("nodes_created", "relationships_created", "properties_set", "labels_added")
    return ", ".join(f"{k} {counters.get(k, 0)}" for k in keys)


def _readback(scales: dict[str, Any]) -> list[str]:
    rows = [
        [
            scale,
            store,
            s["readback"]["nodes"],
            s["readback"]["edges"],
            s["readback"]["median_seconds"],
            s["readback"]["rss_increase_mib"],
            s["readback"].get("traced_peak_mib"),
        ]
        for scale, d in scales.items()
        for store, s in (d.get("stores") or {}).items()
    ]
    if not rows:
        return []
    return [
        "## Read-back into networkx",
        "",
        "`store.subgraph()` of the whole graph (the `MultiDiGraph` every analysis gets). "
        "Memory: the increase of the resident size during the read (median run), and the "
        "peak of Python allocations during one more, traced (tracemalloc) read.",
        "",
        table(
            ["scale", "store", "nodes", "edges", "seconds", "peak RSS +MiB", "traced peak (MiB)"],
            rows,
        ),
        "",
    ]


def _probe(scales: dict[str, Any]) -> list[str]:
    rows = []
    for scale, d in scales.items():
        p = (d.get("stores") or {}).get("neo4j", {}).get("per_row", {}).get("minimal_cypher")
        store = (d.get("stores") or {}).get("neo4j", {}).get("per_row")
        if p and store:
            rows.append(
                [
                    scale,
                    store["per_row"]["rows_per_second"],
                    p["per_row"]["rows_per_second"],
                    store["batched"]["rows_per_second"],
                    p["batched"]["rows_per_second"],
                    ratio(store["ratio_same_rows"]),
                    ratio(p["ratio_same_rows"]),
                ]
            )
    if not rows:
        return []
    return [
        "The server's ceiling on the same sampled rows: the plainest Cypher (`UNWIND $rows "
        "MERGE (n:Probe {id}) SET n += props`; `MATCH` both ends, `MERGE` the relationship) "
        "with one uniqueness constraint and no label lookup, change detection or full-text "
        "index, per row and batched (one run, after the store's runs):",
        "",
        table(
            [
                "scale",
                "store per-row rows/s",
                "plain per-row rows/s",
                "store batched rows/s",
                "plain batched rows/s",
                "store ratio",
                "plain ratio",
            ],
            rows,
        ),
        "",
    ]
