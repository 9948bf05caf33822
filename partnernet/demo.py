"""The demo job behind `partnernet demo` / `make demo`.

Sample data (shipped in the package) → store → analyses → files in one output folder.
Running it again on the same store creates nothing new, and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from partnernet.graph.connect import open_store
from partnernet.graph.store import GraphStore
from partnernet.ingest.pipeline import IngestReport, ingest_paths


def sample_dir() -> Path:
    """The hand-built sample dataset shipped with the package (see its PROVENANCE.md)."""
    return Path(str(resources.files("partnernet") / "data" / "sample"))


@dataclass
class DemoResult:
    out: Path
    store_uri: str
    ingest: IngestReport
    stats: dict[str, Any]
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        nodes = self.stats["nodes"]
        rels = self.stats["relationships"]
        lines = [
            f"partnernet demo — store {self.store_uri}",
            "sample data: " + self.ingest.describe().replace("\n", "\n  "),
            f"graph: {sum(v for k, v in nodes.items() if k != 'Organization'):,} nodes "
            f"({nodes.get('Organization', 0):,} organisations), "
            f"{sum(rels.values()):,} relationships",
            *self.notes,
            f"files in {self.out}:",
            *(f"  {path.relative_to(self.out)}" for path in self.files),
        ]
        return "\n".join(lines)


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n",
                    encoding="utf-8")
    return path


def run_demo(out: Path, *, store_uri: str | None = None) -> DemoResult:
    """Load the sample into the store (default: a SQLite file inside `out`) and write the
    demo's reports into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    uri = store_uri or str(out / "partnernet.sqlite")
    store: GraphStore = open_store(uri)
    try:
        sample = sample_dir()
        report = ingest_paths(
            store,
            sorted(sample.glob("*.csv")),
            rejects_path=out / "sample.rejects.csv",
        )
        stats = store.stats().model_dump()
        result = DemoResult(out=out, store_uri=store.uri, ingest=report, stats=stats)
        result.files.append(_write_json(out / "ingest.json", report.summary()))
        result.files.append(_write_json(out / "stats.json", stats))
        if report.rejects_file:
            result.files.append(Path(report.rejects_file))
        return result
    finally:
        store.close()
