"""Load rows into a GraphStore: batching, idempotent upserts, reject files, progress.

Two entry points:

* :func:`ingest_paths` reads tabular files (:mod:`partnernet.ingest.tabular`), converts each
  row (:mod:`partnernet.ingest.rows`) and writes the result;
* :func:`write_records` / :func:`ingest_records` write model objects that other ingesters
  (Thai report extraction, the synthetic generator) produce, with the same counting.

How a run goes. Every row becomes a :class:`Record` (its nodes, relationships and the ids it
refers to). All records are collected first, so a relationships file may come before the
organisations it joins. A row identical to an earlier one (after normalisation) is a
*duplicate*: counted, not written again. A reference that is neither produced in this run nor
in the store is looked up by exact (normalised) name among organisations, and otherwise
rejects its row with ``unknown id '…' in column …``; rejecting a row withdraws its nodes, which
may reject rows that depend on them. Then nodes are merged by id (later rows override earlier
properties, lists are united, as the store merges) and written in batches, then
relationships. Whatever the store refuses (``WriteReport.rejected``) is mapped back to the rows
that produced it: a row is *accepted* only if all its writes were. Always
``accepted + rejected + duplicates == rows``. Writing the same rows again creates and updates
nothing.

Size: over ~600 lines on purpose: one run's stages (collect, de-duplicate, resolve references,
batch, reject, count) share the run's state and are read in order.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from partnernet.foundation.thai import normalize_key
from partnernet.graph.model import (
    ORGANIZATION_KINDS,
    Node,
    NodeKind,
    Relationship,
    node_from_props,
)
from partnernet.graph.store import GraphStore, WriteReport, merge_props, rel_label, search_keys
from partnernet.ingest.rows import convert_row, row_key
from partnernet.ingest.tabular import SUFFIXES, IngestFileError, Table, read_tables

__all__ = [
    "IngestReport",
    "Record",
    "RejectedRow",
    "ingest_paths",
    "ingest_records",
    "read_records",
    "write_records",
    "write_rejects",
]

_PROGRESS_MIN_ROWS = 2000
_WARNINGS_SHOWN = 5  # the terminal summary; --json carries all of them
_RAW_CELL_LIMIT = 1000  # longer cells are cut in the rejects file (Excel shows ≤ 32767)
_LOOKS_LIKE_ID = re.compile(r"^[\w.\-]+:\S*$")
_NAME_KINDS = ORGANIZATION_KINDS | {NodeKind.PERSON}


class RejectedRow(BaseModel):
    """One rejected row, as written to the rejects file."""

    file: str
    line: int
    column: str
    reason: str
    raw: dict[str, Any] = Field(default_factory=dict)


COUNT_FIELDS = ("rows", "accepted", "rejected", "duplicates", "created", "updated", "unchanged")


class IngestReport(BaseModel):
    """What a run did (`partnernet ingest --json` prints :meth:`summary`)."""

    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects_file: str | None = None
    warnings: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)
    _rejects: list[RejectedRow] = PrivateAttr(default_factory=list)

    @property
    def rejected_rows(self) -> list[RejectedRow]:
        """The rejected rows in input order (also in the rejects file)."""
        return self._rejects

    def counts(self) -> dict[str, int]:
        """The row and write counts, by name."""
        return {name: getattr(self, name) for name in COUNT_FIELDS}

    @classmethod
    def combined(cls, parts: Iterable[IngestReport]) -> IngestReport:
        """One report adding up several runs (tabular files and Thai reports of one call), so
        `accepted + rejected + duplicates = rows` still holds; the first rejects file named."""
        total = cls()
        for part in parts:
            for name in COUNT_FIELDS:
                setattr(total, name, getattr(total, name) + getattr(part, name))
            total.warnings.extend(part.warnings)
            total.files.extend(part.files)
            total.rejected_rows.extend(part.rejected_rows)
            total.rejects_file = total.rejects_file or part.rejects_file
        return total

    def summary(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def describe(self) -> str:
        lines = [
            f"{self.rows:,} rows from {len(self.files)} file(s): {self.accepted:,} accepted, "
            f"{self.rejected:,} rejected, {self.duplicates:,} duplicates",
            f"nodes and relationships: {self.created:,} created, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged",
        ]
        if self.rejects_file:
            lines.append(f"rejected rows written to {self.rejects_file}")
        shown = self.warnings[:_WARNINGS_SHOWN]
        lines.extend(f"warning: {w}" for w in shown)
        if len(self.warnings) > len(shown):
            lines.append(f"… and {len(self.warnings) - len(shown)} more warnings (see --json)")
        return "\n".join(lines)


@dataclass(slots=True)
class Record:
    """One input row (or one extracted item) and the model objects it stands for.

    ``refs`` maps ids the record needs but does not create to the field that named them;
    ``where`` maps node ids and relationship labels (``rel_label``) to the field behind them,
    for reject messages. ``columns`` maps fields to the headers the user wrote. A record with
    ``error`` (field, reason) is rejected as is; a ``duplicate`` one is only counted."""

    nodes: list[Node] = field(default_factory=list)
    rels: list[Relationship] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    file: str = ""
    line: int = 0
    raw: Mapping[str, Any] | None = None
    columns: Mapping[str, str] | None = None
    error: tuple[str, str] | None = None
    duplicate: bool = False

    def header(self, name: str) -> str:
        return (self.columns or {}).get(name, name)

    def needs(self) -> Iterator[tuple[str, str]]:
        """(id, field) for every id this record refers to but does not create."""
        own = {node.id for node in self.nodes}
        seen: set[str] = set()
        for ref, column in self.refs.items():
            if ref not in own:
                seen.add(ref)
                yield ref, column
        for rel in self.rels:
            for end, column in ((rel.source, "source"), (rel.target, "target")):
                if end not in own and end not in seen:
                    seen.add(end)
                    yield end, column


# ------------------------------------------------------------------------------- the core


class _Run:
    def __init__(self, store: GraphStore, report: IngestReport, batch_size: int) -> None:
        self.store = store
        self.report = report
        self.batch_size = batch_size
        self.live: list[Record] = []
        self.seq: list[int] = []  # input position of each live record
        self.bad: dict[int, tuple[str, list[str]]] = {}
        self.rejects: list[tuple[int, RejectedRow]] = []
        self.kind_of: dict[str, tuple[NodeKind, Record]] = {}

    # -- rejecting ------------------------------------------------------------------------

    def reject(self, seq: int, rec: Record, column: str, reason: str) -> None:
        row = RejectedRow(
            file=rec.file,
            line=rec.line,
            column=rec.header(column),
            reason=reason,
            raw=_raw(rec),
        )
        self.rejects.append((seq, row))

    def mark(self, i: int, column: str, reason: str) -> None:
        if i in self.bad:
            if reason not in self.bad[i][1]:
                self.bad[i][1].append(reason)
        else:
            self.bad[i] = (column, [reason])

    # -- phase 1: collect -----------------------------------------------------------------

    def collect(self, records: Iterable[Record]) -> None:
        for seq, rec in enumerate(records):
            self.report.rows += 1
            if rec.duplicate:
                self.report.duplicates += 1
                continue
            if rec.error is not None:
                self.reject(seq, rec, *rec.error)
                continue
            conflict = self._kind_conflict(rec)
            if conflict:
                self.reject(seq, rec, "id", conflict)
                continue
            for node in rec.nodes:
                self.kind_of.setdefault(node.id, (node.kind, rec))
            self.live.append(rec)
            self.seq.append(seq)

    def _kind_conflict(self, rec: Record) -> str | None:
        for node in rec.nodes:
            known = self.kind_of.get(node.id)
            if known is not None and known[0] is not node.kind:
                first = known[1]
                at = f" ({first.file} line {first.line})" if first.file else ""
                return (
                    f"id {node.id!r} is already a {known[0].value} in this run{at}, "
                    f"not a {node.kind.value}"
                )
        return None

    # -- phase 2: references --------------------------------------------------------------

    def check_references(self) -> list[bool]:
        produced: Counter[str] = Counter()
        for rec in self.live:
            produced.update({node.id for node in rec.nodes})
        wanted = {ref for rec in self.live for ref, _ in rec.needs() if not produced[ref]}
        in_store = set(self.store.existing_ids(sorted(wanted))) if wanted else set()
        problems = self._resolve_names(wanted - in_store, produced, in_store)
        alive = [True] * len(self.live)
        changed = True
        while changed:
            changed = False
            for i, rec in enumerate(self.live):
                if not alive[i]:
                    continue
                for ref, column in rec.needs():
                    if produced[ref] or ref in in_store:
                        continue
                    reason = problems.get(ref) or (
                        f"unknown id {ref!r} in column {rec.header(column)}"
                    )
                    self.mark(i, column, reason)
                    alive[i] = False
                    produced.subtract({node.id for node in rec.nodes})
                    changed = True
                    break
        return alive

    def _resolve_names(
        self, unknown: set[str], produced: Counter[str], in_store: set[str]
    ) -> dict[str, str]:
        """Rewrite references written as names to ids; return problems for ambiguous ones."""
        if not unknown:
            return {}
        by_name: dict[str, set[str]] = defaultdict(set)
        for rec in self.live:
            for node in rec.nodes:
                if node.kind in _NAME_KINDS:
                    for key in search_keys(node.to_props()):
                        by_name[key].add(node.id)
        found: dict[str, str] = {}
        problems: dict[str, str] = {}
        for text in sorted(unknown):
            key = normalize_key(text)
            ids = set(by_name.get(key, ()))
            if not ids and not _LOOKS_LIKE_ID.match(text):
                hits = self.store.search(text, kinds=sorted(_NAME_KINDS), limit=20)
                ids = {n.id for n in hits if key in search_keys(n.to_props())}
                in_store.update(ids)
            if len(ids) == 1:
                found[text] = ids.pop()
            elif ids:
                listed = ", ".join(sorted(ids)[:5])
                problems[text] = f"{text!r} names several organisations ({listed}); give the id"
        if found:
            for rec in self.live:
                _rewrite(rec, found)
        return problems

    # -- phase 3 and 4: writing -----------------------------------------------------------

    def write(self, alive: list[bool], progress: bool) -> None:
        nodes: dict[str, Node] = {}
        node_rows: dict[str, list[int]] = defaultdict(list)
        for i, rec in enumerate(self.live):
            if alive[i]:
                self._merge_nodes(i, rec, nodes, node_rows, alive)
        report = self.store.upsert_nodes(
            _bar(nodes.values(), progress, len(nodes), "nodes"), self.batch_size
        )
        self._take(report, node_rows, alive, "id")
        rels: dict[tuple[str, str, str], Relationship] = {}
        rel_rows: dict[str, list[int]] = defaultdict(list)
        for i, rec in enumerate(self.live):
            if alive[i]:
                self._merge_rels(i, rec, rels, rel_rows, alive)
        report = self.store.upsert_relationships(
            _bar(rels.values(), progress, len(rels), "relationships"), self.batch_size
        )
        self._take(report, rel_rows, alive, "")

    def _merge_nodes(
        self,
        i: int,
        rec: Record,
        nodes: dict[str, Node],
        rows: dict[str, list[int]],
        alive: list[bool],
    ) -> None:
        for node in rec.nodes:
            prev = nodes.get(node.id)
            if prev is not None and prev is not node and prev != node:
                try:
                    nodes[node.id] = node_from_props(
                        node.kind, merge_props(prev.to_props(), node.to_props())
                    )
                except ValidationError as exc:
                    self.mark(i, rec.where.get(node.id, "id"), _first_error(exc))
                    alive[i] = False
                    return
            elif prev is None:
                nodes[node.id] = node
            if not rows[node.id] or rows[node.id][-1] != i:
                rows[node.id].append(i)

    def _merge_rels(
        self,
        i: int,
        rec: Record,
        rels: dict[tuple[str, str, str], Relationship],
        rows: dict[str, list[int]],
        alive: list[bool],
    ) -> None:
        for rel in rec.rels:
            prev = rels.get(rel.key)
            if prev is not None and prev is not rel and prev != rel:
                try:
                    rels[rel.key] = Relationship.from_props(
                        rel.type,
                        rel.source,
                        rel.target,
                        merge_props(prev.to_props(), rel.to_props()),
                    )
                except ValidationError as exc:
                    self.mark(i, rec.where.get(rel_label(rel), ""), _first_error(exc))
                    alive[i] = False
                    return
            elif prev is None:
                rels[rel.key] = rel
            label = rel_label(rel)
            if not rows[label] or rows[label][-1] != i:
                rows[label].append(i)

    def _take(
        self, report: WriteReport, rows: dict[str, list[int]], alive: list[bool], column: str
    ) -> None:
        self.report.created += report.created
        self.report.updated += report.updated
        self.report.unchanged += report.unchanged
        for refused in report.rejected:
            for i in rows.get(refused.item, ()):
                self.mark(i, self.live[i].where.get(refused.item, column), refused.reason)
                alive[i] = False

    # -- totals ---------------------------------------------------------------------------

    def finish(self) -> None:
        for i, rec in enumerate(self.live):
            if i in self.bad:
                column, reasons = self.bad[i]
                self.reject(self.seq[i], rec, column, "; ".join(reasons))
            else:
                self.report.accepted += 1
        self.rejects.sort(key=lambda item: item[0])
        rows = [row for _, row in self.rejects]
        self.report.rejected = len(rows)
        self.report._rejects.extend(rows)
        r = self.report
        assert r.accepted + r.rejected + r.duplicates == r.rows, r


def _rewrite(rec: Record, found: Mapping[str, str]) -> None:
    if not any(ref in found for ref in rec.refs) and not any(
        rel.source in found or rel.target in found for rel in rec.rels
    ):
        return
    rec.refs = {found.get(ref, ref): column for ref, column in rec.refs.items()}
    rels = []
    for rel in rec.rels:
        label = rel_label(rel)
        new = rel.model_copy(
            update={
                "source": found.get(rel.source, rel.source),
                "target": found.get(rel.target, rel.target),
            }
        )
        if label in rec.where:
            rec.where[rel_label(new)] = rec.where[label]
        rels.append(new)
    rec.rels = rels


def _first_error(exc: ValidationError) -> str:
    return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")


def _raw(rec: Record) -> dict[str, Any]:
    if rec.raw is not None:
        source: Mapping[str, Any] = rec.raw
    else:
        source = {}
        for node in rec.nodes[:1]:
            source = {"kind": node.kind.value, **node.to_props()}
        for rel in rec.rels[:1] if not rec.nodes else ():
            source = {
                "type": rel.type.value,
                "source": rel.source,
                "target": rel.target,
                **rel.to_props(),
            }
    out: dict[str, Any] = {}
    for key, value in source.items():
        if isinstance(value, str) and len(value) > _RAW_CELL_LIMIT:
            value = f"{value[:_RAW_CELL_LIMIT]}…[{len(value) - _RAW_CELL_LIMIT:,} more characters]"
        elif not isinstance(value, str | int | float | bool | None | list | dict):
            value = str(value)
        out[str(key)] = value
    return out


def _bar(items: Iterable[Any], progress: bool, total: int, what: str) -> Iterable[Any]:
    if not progress or total < _PROGRESS_MIN_ROWS:
        return items
    from tqdm import tqdm

    bar: Iterable[Any] = tqdm(
        items, total=total, desc=f"writing {what}", unit=" items", file=sys.stderr, disable=None
    )
    return bar


def write_records(
    store: GraphStore,
    records: Iterable[Record],
    *,
    batch_size: int = 5000,
    progress: bool = False,
    report: IngestReport | None = None,
) -> IngestReport:
    """Write records to ``store`` with the run semantics described in the module docstring.

    ``report`` (e.g. one already holding files and warnings) is filled in and returned."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = report if report is not None else IngestReport()
    run = _Run(store, report, batch_size)
    run.collect(records)
    alive = run.check_references()
    run.write(alive, progress)
    run.finish()
    return report


def ingest_records(
    store: GraphStore,
    nodes: Iterable[Node] = (),
    rels: Iterable[Relationship] = (),
    *,
    batch_size: int = 5000,
    progress: bool = False,
    rejects_path: str | Path | None = None,
    source: str = "",
) -> IngestReport:
    """Write plain model objects, each node and each relationship counted as one row (its
    position is its line). Relationships may refer to nodes of this call or of the store.
    Rejects go to ``rejects_path`` when given; ``source`` fills the rejects' file column."""

    def records() -> Iterator[Record]:
        line = 0
        for node in nodes:
            line += 1
            yield Record(nodes=[node], file=source, line=line, where={node.id: "id"})
        for rel in rels:
            line += 1
            yield Record(rels=[rel], file=source, line=line)

    report = write_records(store, records(), batch_size=batch_size, progress=progress)
    if rejects_path is not None and report.rejected_rows:
        report.rejects_file = str(write_rejects(rejects_path, report.rejected_rows))
    return report


# ------------------------------------------------------------------------------- tabular


def _expand(paths: Sequence[str | Path], warnings: list[str]) -> list[Path]:
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            if not found:
                warnings.append(f"{path}: no {', '.join(SUFFIXES)} files in this folder")
            candidates = found
        else:
            candidates = [path]
        for file in candidates:
            if file.name.endswith(".rejects.csv"):
                warnings.append(f"{file}: skipped (a rejects file from an earlier run)")
            elif file not in files:
                files.append(file)
    return files


def _records(tables: Sequence[Table]) -> Iterator[Record]:
    seen: set[tuple[str, ...]] = set()
    for table in tables:
        for row in table.rows:
            common: dict[str, Any] = {
                "file": row.file,
                "line": row.line,
                "raw": row.raw,
                "columns": row.columns,
            }
            key = row_key(row.template, row.values)
            if key in seen:
                yield Record(duplicate=True, **common)
                continue
            seen.add(key)
            try:
                converted = convert_row(row.template, row.values)
            except ValueError as exc:  # RowError, UnknownPlaceError, ValidationError, ModelError
                column = getattr(exc, "column", "")
                reason = getattr(exc, "reason", None) or str(exc)
                yield Record(error=(column, reason), **common)
                continue
            yield Record(
                nodes=converted.nodes,
                rels=converted.rels,
                refs=converted.refs,
                where=converted.where,
                **common,
            )


def ingest_paths(
    store: GraphStore,
    paths: Sequence[str | Path],
    *,
    rejects_path: str | Path | None = None,
    encoding: str | None = None,
    batch_size: int = 5000,
    progress: bool = False,
) -> IngestReport:
    """Read tabular files (CSV/TSV, XLSX, JSON; folders are searched) and write them.

    Every file is read before anything is written, so a file-level problem
    (:class:`IngestFileError`: undecodable bytes, missing columns, ...) leaves the store as
    it was. Rejected rows go to ``rejects_path`` (default ``<first input>.rejects.csv`` next
    to it), written only when there are any."""
    report = IngestReport()
    files, tables = _read(paths, encoding, report)
    total = sum(len(t.rows) for t in tables)
    records: Iterable[Record] = _records(tables)
    if progress and total >= _PROGRESS_MIN_ROWS:
        from tqdm import tqdm

        records = tqdm(
            records, total=total, desc="reading rows", unit=" rows", file=sys.stderr, disable=None
        )
    write_records(store, records, batch_size=batch_size, progress=progress, report=report)
    if report.rejected_rows:
        target = Path(rejects_path) if rejects_path else _default_rejects(files[0])
        report.rejects_file = str(write_rejects(target, report.rejected_rows))
    return report


def _read(
    paths: Sequence[str | Path], encoding: str | None, report: IngestReport
) -> tuple[list[Path], list[Table]]:
    files = _expand(paths, report.warnings)
    if not files:
        raise IngestFileError("no input files")
    tables: list[Table] = []
    for file in files:
        found = read_tables(file, encoding)
        tables.extend(found)
        report.files.append(str(file))
        for table in found:
            report.warnings.extend(table.warnings)
    return files, tables


def read_records(
    paths: Sequence[str | Path], encoding: str | None = None
) -> tuple[IngestReport, list[Record]]:
    """What :func:`ingest_paths` would write, read and converted but not written: a report
    holding the files and warnings, and every row's record (for a preview that
    :func:`write_records` later writes, or runs against a dry-run store)."""
    report = IngestReport()
    _files, tables = _read(paths, encoding, report)
    return report, list(_records(tables))


def _default_rejects(first: Path) -> Path:
    return first.with_name(f"{first.stem}.rejects.csv")


def write_rejects(path: str | Path, rows: Iterable[RejectedRow]) -> Path:
    """The rejects CSV: ``file,line,column,reason,raw`` (raw = the row as JSON), UTF-8 with a
    BOM so that Excel shows Thai."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "line", "column", "reason", "raw"])
        for row in rows:
            writer.writerow(
                [
                    row.file,
                    row.line,
                    row.column,
                    row.reason,
                    json.dumps(row.raw, ensure_ascii=False, default=str),
                ]
            )
    return path
