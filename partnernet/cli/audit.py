"""`audit`: the audit trail of edits (per province or organisation) and `audit undo ID`.

The same service as the API's /api/v1/audit and the web pages' change lists.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from partnernet.cli.common import (
    JsonOption,
    OrgOption,
    ProvinceOption,
    StoreOption,
    _print_json,
    _run,
    _store,
    app,
    cli_user,
)
from partnernet.service import audit as audit_service
from partnernet.service.audit import AuditContext, AuditEntry
from partnernet.visualizations import tables

audit_app = typer.Typer(
    help="Who changed what, when and from where (pages, API, files); undo a change."
)
app.add_typer(audit_app, name="audit")


def _changes(entry: AuditEntry) -> str:
    def show(values: dict[str, Any] | None) -> str:
        return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else "-"

    return f"{show(entry.before)} -> {show(entry.after)}"


@audit_app.callback(invoke_without_command=True)
def audit(
    ctx: typer.Context,
    province: ProvinceOption = None,
    org: OrgOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500)] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """The audit trail, newest first: of a province, of one organisation (and its ties), or
    all of it."""
    if ctx.invoked_subcommand is not None:
        return
    with _store(store, as_json=as_json) as graph:
        total, entries = _run(
            lambda: audit_service.list_audit(
                graph, org=org, province=province, offset=offset, limit=limit
            )
        )
    if as_json:
        _print_json(
            {
                "total": total,
                "offset": offset,
                "items": [e.model_dump(mode="json") for e in entries],
            }
        )
        return
    rows = [
        {
            "id": e.id,
            "at": e.at,
            "who": e.who,
            "source": e.source,
            "action": e.action.value + (f" (undo {e.undoes})" if e.undoes else ""),
            "record": e.label,
            "changes": _changes(e),
        }
        for e in entries
    ]
    typer.echo(f"{total} change(s); showing {offset + 1}-{offset + len(entries)}")
    if rows:
        columns = ("id", "at", "who", "source", "action", "record", "changes")
        typer.echo(tables.format_blocks(rows, columns[:-1], columns[-1]))


@audit_app.command("undo")
def undo(
    entry_id: Annotated[str, typer.Argument(help="The change's id (`partnernet audit`).")],
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Restore a record as it was before a change (refused if it changed since); the undo is
    itself recorded."""
    context = AuditContext(who=cli_user(), source="partnernet audit undo")
    with _store(store, as_json=as_json) as graph:
        done = _run(lambda: audit_service.undo(graph, entry_id, context))
    if as_json:
        _print_json(done.model_dump(mode="json"))
        return
    typer.echo(f"undone: {done.label} ({done.action.value}); recorded as {done.id}")
