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
from partnernet.ingest.pipeline import IngestReport
from partnernet.service import analyses, render
from partnernet.service.ingest import ingest_files
from partnernet.visualizations import tables

# The provinces the sample covers: the eight of CODI's 2023 Northeast meeting.
DEMO_PROVINCES = ("40", "45", "44", "46", "36", "47", "49", "35")


def sample_dir() -> Path:
    """The hand-built sample dataset shipped with the package (see its PROVENANCE.md)."""
    return Path(str(resources.files("partnernet") / "data" / "sample"))


def sample_reports() -> list[Path]:
    """The two real CODI reports shipped with the package (unchanged copies)."""
    return sorted(Path(str(resources.files("partnernet") / "data" / "reports")).glob("*.txt"))


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
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return path


def run_demo(out: Path, *, store_uri: str | None = None) -> DemoResult:
    """Load the sample into the store (default: a SQLite file inside `out`) and write the
    demo's reports into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    uri = store_uri or str(out / "partnernet.sqlite")
    store: GraphStore = open_store(uri)
    try:
        report = ingest_files(
            store,
            [*sorted(sample_dir().glob("*.csv")), *sample_reports()],
            rejects_path=out / "sample.rejects.csv",
            who=None,  # a generated sample: no audit trail
        )
        stats = store.stats().model_dump()
        result = DemoResult(out=out, store_uri=store.uri, ingest=report, stats=stats)
        result.files.append(_write_json(out / "ingest.json", report.summary()))
        result.files.append(_write_json(out / "stats.json", stats))
        if report.rejects_file:
            result.files.append(Path(report.rejects_file))
        _analyses(store, out, result)
        return result
    finally:
        store.close()


def _analyses(store: GraphStore, out: Path, result: DemoResult) -> None:
    """Gaps and suggestions per province, national hubs and structure, as JSON and a
    readable Markdown report in Thai and English."""
    folder = out / "provinces"
    folder.mkdir(exist_ok=True)
    lines = ["# partnernet demo report", ""]
    whole = store.subgraph()  # the one read of the whole graph every step below shares
    found = analyses.provinces_analyses(store, DEMO_PROVINCES, top=5, whole=whole)
    for code in DEMO_PROVINCES:
        gaps, recs = found[code]
        data = {
            "gaps": gaps.model_dump(mode="json"),
            "recommendations": recs.model_dump(mode="json"),
        }
        result.files.append(_write_json(folder / f"{code}.json", data))
        p = gaps.province
        lines += [
            f"## {p.name_th} ({p.name_en}, {p.code})",
            "",
            f"coverage {gaps.coverage:.0%}, {len(gaps.gaps)} gaps",
            "",
        ]
        lines += [
            f"- **{g.severity.value}** {g.explanation_th}  \n  {g.explanation_en}"
            for g in gaps.gaps
            if g.severity.value != "low"
        ]
        lines += ["", "Suggested partners:", ""]
        lines += [
            f"- ({r.score:.2f}) {r.explanation_th}  \n  {r.explanation_en}"
            for r in recs.recommendations
        ]
        lines.append("")
    hubs = analyses.hubs(store, whole=whole)
    rows = tables.hub_rows(hubs, tables.name_lookup({}), 20, "betweenness")
    with (out / "hubs.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        tables.write_csv(rows, (*tables.HUB_COLUMNS, "id"), fh)
    result.files.append(out / "hubs.csv")
    result.files.append(
        _write_json(out / "structure.json", analyses.structure(store, whole=whole).as_dict())
    )
    report = out / "report.md"
    report.write_text("\n".join(lines), encoding="utf-8")
    result.files.append(report)
    result.notes.append(f"analysed {len(DEMO_PROVINCES)} provinces: see {report}")
    maps = render.render_maps(store, out / "maps", provinces=list(DEMO_PROVINCES), whole=whole)
    result.files += maps
    result.notes.append(f"open {out / 'maps' / 'map.html'} in a browser (works offline)")
    result.notes.append(
        f"or serve it: partnernet serve --store {out / 'partnernet.sqlite'}  "
        "then open http://127.0.0.1:8000/"
    )
