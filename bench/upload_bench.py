"""The upload preview of a 10k-row file (issue #18's budget: < 10 s), on SQLite.

`python -m bench.upload_bench [--rows 10000] [--seed 1]` prints JSON. The files are the
synthetic generator's (scale M, whose templates are the first to hold 10k rows each):

- `organisations`: the first 10k rows of organizations.csv previewed on an empty store
  (every row creates its organisation, its areas and its LOCATED_IN ties), then confirmed,
  then previewed again (every row now unchanged: the stored nodes are read and compared);
- `ties`: the first 10k rows of relationships.csv previewed on a store holding all the
  organisations (each tie's ends are looked up in the store).

A preview is what POST /api/v1/ingest/preview does after saving the upload: read and check
the file under the server's upload limits (`read_upload`) and plan it against a dry run of
the store (`plan`); wall and CPU seconds, one run each, with the load average beside them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SCALE = "M"


def _head(source: Path, target: Path, rows: int) -> int:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = lines[1 : rows + 1]
    target.write_text(lines[0] + "".join(kept), encoding="utf-8")
    return len(kept)


def _preview(store: Any, path: Path) -> tuple[float, float, Any]:
    from partnernet.api.settings import Settings
    from partnernet.ingest.limits import Limits, applied
    from partnernet.service import ingest_preview as ip

    settings = Settings()
    limits = Limits(max_rows=settings.max_upload_rows, max_cells=settings.max_upload_cells)
    started, cpu = time.perf_counter(), time.process_time()
    with applied(limits):
        upload = ip.read_upload([path], [path.name], None)
    made = ip.plan(store, upload, {})
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    return took, cpu, ip.Preview("bench", "bench", float("inf"), upload, {}, made)


def run(workdir: Path, seed: int = 1, rows: int = 10_000, scale: str = SCALE) -> dict[str, Any]:
    from bench.measure import load_average
    from partnernet.graph.sqlite_store import SqliteStore
    from partnernet.ingest.pipeline import ingest_paths
    from partnernet.service import ingest_preview as ip
    from partnernet.synth import generate as syn

    files = syn.write_templates(syn.generate(scale, seed), workdir / "upload-synth")
    out: dict[str, Any] = {"scale": scale, "seed": seed, "budget_seconds": 10.0}

    orgs = workdir / "organizations-10k.csv"
    count = _head(files["organizations"], orgs, rows)
    store = SqliteStore(workdir / "upload-orgs.sqlite")
    took, cpu, preview = _preview(store, orgs)
    report = preview.plan.report
    started = time.perf_counter()
    done = ip.confirm(store, preview)
    confirm_seconds = time.perf_counter() - started
    again, again_cpu, repeat = _preview(store, orgs)
    out["organisations"] = {
        "rows": count,
        "preview_seconds": round(took, 2),
        "preview_cpu_seconds": round(cpu, 2),
        "accepted": report.accepted,
        "rejected": report.rejected,
        "changes": len(preview.plan.changes),
        "confirm_seconds": round(confirm_seconds, 2),
        "confirm_same_as_preview": done.counts() == report.counts(),
        "preview_again_seconds": round(again, 2),
        "preview_again_cpu_seconds": round(again_cpu, 2),
        "again_unchanged": repeat.plan.report.unchanged,
    }
    store.close()

    ties = workdir / "relationships-10k.csv"
    count = _head(files["relationships"], ties, rows)
    store = SqliteStore(workdir / "upload-ties.sqlite")
    ingest_paths(store, [files["organizations"]], rejects_path=workdir / "orgs.rejects.csv")
    took, cpu, preview = _preview(store, ties)
    out["ties"] = {
        "rows": count,
        "preview_seconds": round(took, 2),
        "preview_cpu_seconds": round(cpu, 2),
        "accepted": preview.plan.report.accepted,
        "rejected": preview.plan.report.rejected,
        "changes": len(preview.plan.changes),
    }
    store.close()
    # wall time is what a user waits; CPU time shows the cost apart from other work on the
    # machine (the load average is kept beside it)
    out["load_average"] = load_average()
    out["worst_preview_seconds"] = max(
        out["organisations"]["preview_seconds"],
        out["organisations"]["preview_again_seconds"],
        out["ties"]["preview_seconds"],
    )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="partnernet-upload-bench-") as tmp:
        print(json.dumps(run(Path(tmp), args.seed, args.rows), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
