"""Loading files into a store: the one ingest entry that the CLI, the API's upload, the demo
and the benchmarks call.

Tables (CSV/TSV/XLSX/JSON) go through the tabular pipeline (`ingest/`), Thai narrative
reports (`.txt`/`.md`) through the report extractor (`extract/`); the caller gets one report
whose counts add up (`accepted + rejected + duplicates = rows`) and one rejects file holding
the rejected rows of both, at the path it asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from partnernet.extract.reports import REPORT_SUFFIXES
from partnernet.extract.to_graph import ingest_reports
from partnernet.foundation.errors import InvalidInput
from partnernet.graph.store import GraphStore
from partnernet.ingest.pipeline import IngestReport, ingest_paths, write_rejects
from partnernet.ingest.tabular import SUFFIXES, read_tables
from partnernet.service.audit import UNNAMED, AuditContext, audited
from partnernet.service.peer_changes import recorded

FileKind = Literal["tabular", "report"]


def file_kind(name: str) -> FileKind:
    """What a file is by its name's suffix; `InvalidInput` for anything partnernet cannot read."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return "tabular"
    if suffix in REPORT_SUFFIXES:
        return "report"
    raise InvalidInput(
        f"{name!r}: unsupported file type; expected {', '.join(SUFFIXES + REPORT_SUFFIXES)}"
    )


def count_rows(paths: Sequence[Path], encoding: str | None = None) -> int:
    """Rows the files hold (a report counts as one); reads and checks every table."""
    total = 0
    for path in paths:
        if file_kind(path.name) == "report":
            total += 1
        else:
            total += sum(len(t.rows) for t in read_tables(path, encoding))
    return total


@recorded  # a small file says which provinces it touched (see service/peer_changes.py)
def ingest_files(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    rejects_path: Path | None = None,
    encoding: str | None = None,
    batch_size: int = 5000,
    progress: bool = False,
    accept_low_confidence: bool = False,
    who: str | None = UNNAMED,
) -> IngestReport:
    """Ingest tables and Thai reports in one call. Rejected rows of both land in
    `rejects_path` (default: `<first file>.rejects.csv` beside the first file). Report facts
    below the review threshold are written only with `accept_low_confidence`.

    Every node and tie created or changed is recorded in the audit trail by `who`, with the
    file names as the source; `who=None` records nothing (the demo's and the benchmarks'
    bulk loads of generated data, which nobody will undo row by row)."""
    # A folder is read as tables (`ingest_paths` takes its CSV/XLSX/JSON files, not its notes).
    kinds: dict[Path, FileKind] = {
        path: "tabular" if path.is_dir() else file_kind(path.name) for path in paths
    }
    tabular = [p for p in paths if kinds[p] == "tabular"]
    reports = [p for p in paths if kinds[p] == "report"]
    if not paths:
        raise InvalidInput("no files to ingest")
    if who is not None:
        store = audited(store, AuditContext(who=who, source=", ".join(p.name for p in paths)))
    parts: list[IngestReport] = []
    if tabular:
        parts.append(
            ingest_paths(
                store,
                tabular,
                rejects_path=rejects_path,
                encoding=encoding,
                batch_size=batch_size,
                progress=progress,
            )
        )
    if reports:
        parts.append(
            ingest_reports(
                store,
                reports,
                rejects_path=rejects_path,
                batch_size=batch_size,
                progress=progress,
                accept_low_confidence=accept_low_confidence,
            )
        )
    total = parts[0] if len(parts) == 1 else IngestReport.combined(parts)
    if len(parts) > 1 and total.rejected_rows:
        # Each part wrote its own rejects to the same path; one file holds them all.
        target = Path(total.rejects_file) if total.rejects_file else rejects_path
        if target is not None:
            total.rejects_file = str(write_rejects(target, total.rejected_rows))
    return total
