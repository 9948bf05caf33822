"""Upload with a preview: what an ingest would do, shown before anything is written, and
then exactly that written on "confirm".

`read_upload` reads the files as `partnernet ingest` does (tables through the tabular
pipeline, `.txt`/`.md` reports through the extractor) and keeps the result: the tables' row
records and the reports' extractions. `plan` runs the very ingest code (`write_records`,
`write_extractions`) against a `DryRun` of the store, so the rows rejected, their reasons and
the nodes and ties created or changed are what a real run would give. For a report, every
extracted fact is listed with its sentence, confidence and rule; the editor may untick or
correct facts (`FactChoice`), facts marked for review start unticked (as `ingest` without
`--accept-low-confidence` skips them), and each change of choices is planned again.
`confirm` writes the last plan's input. If the store changed since the plan (its
`data_version` moved), the plan is made again and the write is refused (`Conflict`) unless
it comes out the same.

`Previews` holds previews in memory under random tokens: per user, with an expiry, and
bounded in number and rows (one process; a restart forgets them, the user previews again).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from partnernet.extract.facts import Extraction
from partnernet.extract.review import FACT_KINDS, fact_key, leave_out
from partnernet.extract.to_graph import read_reports, write_extractions
from partnernet.foundation.errors import Conflict, InvalidInput, NotFound, TooLarge
from partnernet.graph.store import GraphStore
from partnernet.ingest.dry_run import Change, DryRun
from partnernet.ingest.pipeline import IngestReport, Record, RejectedRow, read_records
from partnernet.ingest.pipeline import write_records as write_rows
from partnernet.service.audit import AuditContext, audited
from partnernet.service.ingest import file_kind
from partnernet.visualizations.tables import write_csv

SHOWN = 50  # rows of each list a preview answer carries (the counts cover all)
ORG_KINDS = (
    "council",
    "agency",
    "civil_society_group",
    "community_organization",
    "academic",
    "private_sector",
)
REJECT_COLUMNS = ("file", "line", "column", "reason", "raw")
_NAME_MAX = 300


class FactChoice(BaseModel):
    """The editor's say on one report fact: keep it or not, and corrections. A field left
    out keeps the extracted value; only the fields the fact has may be corrected (name: all;
    kind: organisations; role: people with an organisation; date: events, proposals)."""

    model_config = ConfigDict(extra="forbid")

    keep: bool = True
    name: str | None = Field(default=None, max_length=_NAME_MAX)
    kind: str | None = Field(default=None, max_length=40)
    role: str | None = Field(default=None, max_length=200)
    date: dt.date | None = None


@dataclass
class Upload:
    """What was read from the files, kept for planning and writing."""

    names: list[str]  # the files as the user named them
    tables: IngestReport | None = None  # files and warnings of the tables
    records: list[Record] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # report file names with facts
    extractions: list[Extraction] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # reports without a fact

    @property
    def rows(self) -> int:
        return len(self.records) + len(self.extractions)


@dataclass
class Plan:
    """What writing the upload with these choices would do, against one store version."""

    report: IngestReport
    changes: list[Change]
    version: int

    def signature(self) -> tuple[Any, ...]:
        """What must be the same for a confirm to write what the user saw."""
        rejects = tuple((r.file, r.line, r.reason) for r in self.report.rejected_rows)
        changes = tuple(
            (c.what, c.action, c.item, json.dumps(c.after, sort_keys=True, default=str))
            for c in self.changes
        )
        return (tuple(self.report.counts().items()), rejects, changes)


@dataclass
class Preview:
    token: str
    owner: str
    expires: float
    upload: Upload
    choices: dict[str, FactChoice]
    plan: Plan


def read_upload(paths: Sequence[Path], names: Sequence[str], encoding: str | None) -> Upload:
    """Read and check every file (nothing is written). `names` are the names to show."""
    upload = Upload(names=list(names))
    kinds = [file_kind(p.name) for p in paths]
    tables = [p for p, k in zip(paths, kinds, strict=True) if k == "tabular"]
    reports = [p for p, k in zip(paths, kinds, strict=True) if k == "report"]
    if not paths:
        raise InvalidInput("no files to preview")
    if tables:
        upload.tables, upload.records = read_records(tables, encoding)
        _show_names(upload, {str(p): n for p, n in zip(paths, names, strict=True)})
    if reports:
        files, upload.extractions, upload.empty = read_reports(reports)
        upload.reports = [f.name for f in files]
    return upload


def _show_names(upload: Upload, names: dict[str, str]) -> None:
    """The files as the user named them, in rows, warnings and reasons: never the server's
    upload folder."""

    def shown(text: str) -> str:
        for path, name in names.items():
            text = text.replace(path, name)
        return text

    for rec in upload.records:
        rec.file = shown(rec.file)
    if upload.tables is not None:
        upload.tables.files = [shown(f) for f in upload.tables.files]
        upload.tables.warnings = [shown(w) for w in upload.tables.warnings]


def _write(
    store: GraphStore, upload: Upload, choices: dict[str, FactChoice], batch_size: int = 5000
) -> IngestReport:
    """The ingest of this upload with these choices, into `store` (a `DryRun` for a plan)."""
    parts: list[IngestReport] = []
    if upload.tables is not None:
        report = IngestReport(
            files=list(upload.tables.files), warnings=list(upload.tables.warnings)
        )
        parts.append(write_rows(store, upload.records, batch_size=batch_size, report=report))
    if upload.extractions:
        chosen = [chosen_facts(e, choices) for e in upload.extractions]
        report = write_extractions(store, chosen, source=", ".join(upload.reports))
        report.files = list(upload.reports)
        report.warnings[:0] = [
            f"{n}: no fact found in the text; nothing stored" for n in upload.empty
        ]
        parts.append(report)
    return parts[0] if len(parts) == 1 else IngestReport.combined(parts)


def plan(store: GraphStore, upload: Upload, choices: dict[str, FactChoice]) -> Plan:
    """What confirming would do now: the ingest run against a dry run of `store`."""
    version = store.data_version()
    dry = DryRun(store)
    report = _write(dry, upload, choices)
    return Plan(report=report, changes=dry.changes, version=version)


def confirm(
    store: GraphStore, preview: Preview, context: AuditContext | None = None
) -> IngestReport:
    """Write what the preview showed. If the store changed since, the plan is made again
    and must come out the same (`Conflict` otherwise: preview again). With `context`, every
    node and tie created or changed is recorded in the audit trail (who, and the files)."""
    if store.data_version() != preview.plan.version:
        fresh = plan(store, preview.upload, preview.choices)
        if fresh.signature() != preview.plan.signature():
            raise Conflict(
                "the data changed since this preview and the upload would now do something "
                "else; preview it again"
            )
    target = audited(store, context) if context is not None else store
    return _write(target, preview.upload, preview.choices)


def web_upload_source(preview: Preview) -> str:
    """The audit trail's source of a confirmed upload: its files, from the web."""
    return f"{', '.join(preview.upload.names)} (web upload)"


# ------------------------------------------------------------------------------ report facts


def _key(extraction: Extraction, kind: str, item: Any) -> str:
    return f"{extraction.source_id}|{fact_key(kind, item)}"


def _items(extraction: Extraction) -> Iterable[tuple[str, Any]]:
    groups: tuple[list[Any], ...] = (
        extraction.organizations,
        extraction.people,
        extraction.events,
        extraction.proposals,
        extraction.partnerships,
    )
    for kind, items in zip(FACT_KINDS, groups, strict=True):
        for item in items:
            yield kind, item


def _fact_name(extraction: Extraction, kind: str, item: Any) -> str:
    if kind == "partnership":
        names = {o.id: o.name for o in extraction.organizations}
        return f"{names.get(item.source, item.source)} — {names.get(item.target, item.target)}"
    return str(getattr(item, "name", None) or getattr(item, "title", ""))


def _editable(kind: str, item: Any) -> list[str]:
    if kind == "person":
        return ["name", "role"] if item.organization_id else ["name"]
    fields = {
        "organization": ["name", "kind"],
        "event": ["name", "date"],
        "proposal": ["name", "date"],
    }
    return fields.get(kind, [])


def _fact_date(kind: str, item: Any) -> dt.date | None:
    value = item.start_date if kind == "event" else getattr(item, "raised_on", None)
    return value if isinstance(value, dt.date) else None


def facts(upload: Upload, choices: dict[str, FactChoice]) -> list[dict[str, Any]]:
    """Every fact of every report: what it says, the sentence it came from, how sure the
    extractor is and by which rule, whether it is ticked, and the editor's corrections."""
    out: list[dict[str, Any]] = []
    for extraction in upload.extractions:
        for kind, item in _items(extraction):
            key = _key(extraction, kind, item)
            choice = choices.get(key)
            evidence = item.evidence[0] if item.evidence else None
            out.append(
                {
                    "key": key,
                    "source": extraction.source_id,
                    "fact": kind,
                    "name": _fact_name(extraction, kind, item),
                    "org_kind": getattr(item, "kind", None) if kind == "organization" else None,
                    "role": getattr(item, "role", None) if kind == "person" else None,
                    "date": _fact_date(kind, item),
                    "mention": evidence.text if evidence else "",
                    "sentence": evidence.sentence if evidence else "",
                    "confidence": item.confidence,
                    "rule": item.rule,
                    "review": item.review,
                    "keep": choice.keep if choice else not item.review,
                    "editable": _editable(kind, item),
                    "correction": choice.model_dump(exclude={"keep"}, exclude_none=True)
                    if choice
                    else {},
                }
            )
    return out


def check_choices(upload: Upload, choices: dict[str, FactChoice]) -> dict[str, FactChoice]:
    """Choices naming facts of this upload and correcting only what those facts have."""
    known = {
        _key(e, kind, item): (kind, item) for e in upload.extractions for kind, item in _items(e)
    }
    for key, choice in choices.items():
        if key not in known:
            raise InvalidInput(f"no fact {key!r} in this preview")
        kind, item = known[key]
        allowed = _editable(kind, item)
        for name in ("name", "kind", "role", "date"):
            value = getattr(choice, name)
            if value is None:
                continue
            if name not in allowed:
                raise InvalidInput(f"{key}: the {name} of a {kind} cannot be corrected here")
            if isinstance(value, str) and not value.strip():
                raise InvalidInput(f"{key}: the {name} is empty")
        if choice.kind is not None and choice.kind not in ORG_KINDS:
            raise InvalidInput(f"{key}: kind must be one of {', '.join(ORG_KINDS)}")
    return dict(choices)


def chosen_facts(extraction: Extraction, choices: dict[str, FactChoice]) -> Extraction:
    """The extraction with the editor's corrections and without the unticked facts (facts
    without a choice: kept unless marked for review)."""
    ex = extraction.model_copy(deep=True)
    for kind, item in _items(ex):
        choice = choices.get(_key(extraction, kind, item))
        if choice is not None:
            _correct(kind, item, choice)

    def unwanted(kind: str, item: Any) -> bool:
        choice = choices.get(_key(extraction, kind, item))
        return not choice.keep if choice is not None else bool(item.review)

    return leave_out(ex, unwanted)[0]


def _correct(kind: str, item: Any, choice: FactChoice) -> None:
    if choice.name:
        if kind in ("organization", "person"):
            item.name = choice.name.strip()
        else:
            item.title = choice.name.strip()
    if choice.kind and kind == "organization" and choice.kind != item.kind:
        # the old kind's type/level/tier mean nothing for the new kind
        item.kind, item.type, item.level, item.tier = choice.kind, None, None, None
    if choice.role and kind == "person":
        item.role, item.role_en = choice.role.strip(), None
        item.roles = [
            r.model_copy(update={"role": item.role, "role_en": None})
            if r.organization_id == item.organization_id
            else r
            for r in item.roles
        ]
    if choice.date is not None and kind == "event":
        item.start_date = choice.date
        if item.end_date is not None and item.end_date < choice.date:
            item.end_date = choice.date
    elif choice.date is not None and kind == "proposal":
        item.raised_on = choice.date


# ------------------------------------------------------------------------------ answers


def _change_out(change: Change) -> dict[str, Any]:
    return {
        "what": change.what,
        "action": change.action,
        "item": change.item,
        "kind": change.kind,
        "name": change.name,
        "before": change.before,
        "after": change.after,
    }


def _reject_out(row: RejectedRow) -> dict[str, Any]:
    return {
        "file": Path(row.file).name,
        "line": row.line,
        "column": row.column,
        "reason": row.reason,
    }


def summary(preview: Preview, shown: int = SHOWN) -> dict[str, Any]:
    """The preview as the API answers it and the page shows it."""
    report = preview.plan.report
    changes = preview.plan.changes
    counts: dict[str, dict[str, int]] = {
        what: {"create": 0, "update": 0} for what in ("node", "tie")
    }
    for change in changes:
        counts[change.what][change.action] += 1
    lists = {
        f"{what}_{action}": [
            _change_out(c) for c in changes if c.what == what and c.action == action
        ][:shown]
        for what in ("node", "tie")
        for action in ("create", "update")
    }
    return {
        "token": preview.token,
        "expires_in": max(0, int(preview.expires - time.time())),
        "files": list(preview.upload.names),
        **report.counts(),
        "nodes": counts["node"],
        "ties": counts["tie"],
        "changes": lists,
        "rejects": [_reject_out(r) for r in report.rejected_rows[:shown]],
        "warnings": list(report.warnings),
        "facts": facts(preview.upload, preview.choices),
    }


def rejects_csv(preview: Preview) -> str:
    """Every rejected row of the plan as CSV (file names only; cells a spreadsheet would
    run as formulas are neutralised, as in every export)."""
    out = io.StringIO()
    rows = [
        {
            **_reject_out(r),
            "raw": json.dumps(r.raw, ensure_ascii=False, default=str),
        }
        for r in preview.plan.report.rejected_rows
    ]
    write_csv(rows, REJECT_COLUMNS, out)
    return out.getvalue()


# ------------------------------------------------------------------------------ holding


class Previews:
    """Previews in memory, each under a random token, for its owner only, until it expires.
    At most `per_owner` per owner and `rows` rows in all: the oldest give way."""

    def __init__(self, *, seconds: float = 1800, per_owner: int = 2, rows: int = 400_000) -> None:
        self.seconds = seconds
        self.per_owner = per_owner
        self.rows = rows
        self._held: OrderedDict[str, Preview] = OrderedDict()
        self._lock = threading.Lock()

    def add(
        self, owner: str, upload: Upload, choices: dict[str, FactChoice], made: Plan
    ) -> Preview:
        if upload.rows > self.rows:
            raise TooLarge(f"a preview holds at most {self.rows:,} rows; upload fewer at a time")
        preview = Preview(
            token=secrets.token_urlsafe(24),
            owner=owner,
            expires=time.time() + self.seconds,
            upload=upload,
            choices=choices,
            plan=made,
        )
        with self._lock:
            self._expire()
            mine = [t for t, p in self._held.items() if p.owner == owner]
            for token in mine[: max(0, len(mine) - self.per_owner + 1)]:
                del self._held[token]
            while self._held and self._total() + upload.rows > self.rows:
                self._held.popitem(last=False)
            self._held[preview.token] = preview
        return preview

    def get(self, token: str, owner: str) -> Preview:
        """The owner's preview; `NotFound` for another's, an expired or an unknown one."""
        with self._lock:
            self._expire()
            found = self._held.get(token)
        if found is None or not secrets.compare_digest(found.owner, owner):
            raise NotFound(
                f"no such preview (previews last {self.seconds / 60:.0f} minutes); "
                "upload the file again"
            )
        return found

    def drop(self, token: str) -> None:
        with self._lock:
            self._held.pop(token, None)

    def _total(self) -> int:
        return sum(p.upload.rows for p in self._held.values())

    def _expire(self) -> None:
        now = time.time()
        for token in [t for t, p in self._held.items() if p.expires <= now]:
            del self._held[token]
