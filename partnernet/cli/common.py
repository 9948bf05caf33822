"""What every `partnernet` command shares: the Typer app, the common options, the one error
path, opening the store named by `--store`, and printing.

Errors the user can fix (unknown province, unreadable file, unreachable server) print one line
and exit 2; they never end in a traceback. Anything else is a bug: one line naming a log file
that holds the traceback, exit 1.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from partnernet.graph.connect import STORE_ENV, open_store
from partnernet.graph.store import GraphStore
from partnernet.visualizations import tables

app = typer.Typer(
    name="partnernet",
    help="Map Thailand's community development partnership network (SQLite or Neo4j).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar=STORE_ENV,
        help="SQLite file (default partnernet.sqlite) or bolt:// / neo4j:// URI.",
        show_envvar=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

T = TypeVar("T")


def _user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions whose message is meant for the user: the `UserError` family, pydantic's
    validation errors (always about values given) and the OS's word on a path the user named."""
    from pydantic import ValidationError

    from partnernet.foundation.errors import UserError

    return (
        UserError,
        ValidationError,
        FileNotFoundError,
        IsADirectoryError,
        NotADirectoryError,
        PermissionError,
    )


# Whether the running command prints JSON: its errors are then a JSON object too.
_AS_JSON: ContextVar[bool] = ContextVar("partnernet_cli_json", default=False)


@contextmanager
def _friendly_errors() -> Iterator[None]:
    """Mistakes the user can fix: one line, exit 2. Anything else is a bug: one line naming
    the log file that holds the traceback, exit 1."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt, BrokenPipeError):
        # A closed pipe (`partnernet … | head`) is the reader's choice, not a bug: click
        # ends the run quietly with exit 1, as it does for any command.
        raise
    except _user_errors() as exc:
        message = _one_line(exc)
        if _AS_JSON.get():
            kind = type(exc).__name__
            _print_json({"error": {"type": kind, "message": message, "exit_code": 2}})
        else:
            typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        from partnernet.foundation.errors import write_bug_report

        log = write_bug_report(exc)
        typer.echo(
            f"error: internal error ({type(exc).__name__}), a bug: the traceback is in {log}",
            err=True,
        )
        raise typer.Exit(1) from None


def _one_line(exc: BaseException) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if not errors:
            return str(exc).splitlines()[0]
        where = ".".join(str(part) for part in errors[0]["loc"])
        message = str(errors[0]["msg"])
        return f"{where}: {message}" if where else message
    return " ".join(str(exc).split()) or type(exc).__name__


@contextmanager
def _store(uri: str | None, *, create: bool = False, as_json: bool = False) -> Iterator[GraphStore]:
    """The store `--store` names. Only commands that load data pass `create`: the others
    never create an empty store from a mistyped path (exit 2, naming `partnernet ingest`)."""
    token = _AS_JSON.set(as_json)
    try:
        with _friendly_errors():
            store = open_store(uri, create=create)
            try:
                yield store
            finally:
                store.close()
    finally:
        _AS_JSON.reset(token)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _run(fn: Callable[[], T]) -> T:
    with _friendly_errors():
        return fn()


ProvinceOption = Annotated[
    str | None, typer.Option("--province", "-p", help="Code 40, ขอนแก่น, จ.ขอนแก่น or Khon Kaen.")
]
RegionOption = Annotated[
    str | None, typer.Option("--region", "-r", help="Region: Northeast, อีสาน, region6:North…")
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (opens in Excel).")]
LangOption = Annotated[str, typer.Option("--lang", help="th or en")]
TemplateOption = Annotated[
    Path | None,
    typer.Option("--template", help="Partnership template (YAML/JSON) instead of the shipped one."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="As the network stood that day: 2023-03-22, 2566-03-22, 22 มี.ค. 2566, 22/3/2566.",
    ),
]


def _day(text: str | None) -> Any:
    """The `--as-of` day (a `date`, or None for today's network)."""
    from partnernet.service.history import parse_day

    return _run(lambda: parse_day(text))


def _names(graph: GraphStore, ids: list[str], lang: str) -> tables.Names:
    """Display names for a handful of ids (top-N tables), Thai or English."""
    found: dict[str, str] = {}
    for node_id in ids:
        node = graph.get_node(node_id)
        if node is not None:
            found[node_id] = node.name_en if lang == "en" and node.name_en else node.name_th
    return tables.name_lookup(found)


def _emit(
    rows: list[tables.Row], columns: tuple[str, ...], as_csv: bool, blocks: bool = False
) -> None:
    """CSV, or for the terminal an aligned table — or, for rows whose last column is a long
    explanation, one block per row so the explanation is shown whole."""
    if as_csv:
        tables.write_csv(rows, columns, sys.stdout)
    elif blocks:
        typer.echo(tables.format_blocks(rows, columns[:-1], columns[-1]))
    else:
        typer.echo(tables.format_table(rows, columns))


IssueOption = Annotated[str | None, typer.Option("--issue", help="Issue code: housing, land, …")]
OrgOption = Annotated[str | None, typer.Option("--org", help="One organisation's id.")]


def cli_user() -> str:
    """Who a command's writes are recorded as in the audit trail: `cli:<login name>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (some containers)
        return "cli"
