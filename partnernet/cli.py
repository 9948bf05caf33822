"""The `partnernet` command: parses arguments, calls the library, prints. Nothing else.

Every command takes `--store` (a SQLite path, the default `partnernet.sqlite`, or a
`bolt://`/`neo4j://` URI; also $PARTNERNET_STORE) and most take `--json`. Errors the user can
fix (unknown province, unreadable file, unreachable server) print one line and exit 2;
they never end in a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from partnernet.graph.connect import STORE_ENV, open_store
from partnernet.graph.store import GraphStore

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
    """Exceptions whose message is meant for the user (imported lazily, cheap)."""
    from partnernet.graph.model import ModelError
    from partnernet.graph.store import StoreError

    errors: list[type[BaseException]] = [ModelError, StoreError, FileNotFoundError]
    try:
        from partnernet.graph.geography import UnknownPlaceError

        errors.append(UnknownPlaceError)
    except ImportError:  # pragma: no cover - geography ships with the package
        pass
    try:
        from partnernet.ingest.tabular import IngestFileError

        errors.append(IngestFileError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


@contextmanager
def _friendly_errors() -> Iterator[None]:
    try:
        yield
    except _user_errors() as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _store(uri: str | None) -> Iterator[GraphStore]:
    with _friendly_errors():
        store = open_store(uri)
        try:
            yield store
        finally:
            store.close()


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _run(fn: Callable[[], T]) -> T:
    with _friendly_errors():
        return fn()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="CSV, XLSX or JSON files in the templates.")],
    store: StoreOption = None,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Where to write rejected rows (CSV).")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Input encoding, e.g. cp874 for Thai Excel.")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 1000,
    as_json: JsonOption = False,
) -> None:
    """Load tabular files into the store; prints accepted / rejected / duplicates."""
    from partnernet.ingest.pipeline import ingest_paths

    with _store(store) as graph:
        report = _run(
            lambda: ingest_paths(
                graph,
                paths,
                rejects_path=rejects,
                encoding=encoding,
                batch_size=batch_size,
                progress=not as_json and sys.stderr.isatty(),
            )
        )
    if as_json:
        _print_json(report.summary())
        return
    typer.echo(report.describe())


@app.command()
def stats(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Count nodes by label and relationships by type."""
    with _store(store) as graph:
        result = graph.stats()
    if as_json:
        _print_json(result.model_dump())
        return
    typer.echo(f"store: {graph.uri}")
    typer.echo("nodes:")
    for label, count in result.nodes.items():
        typer.echo(f"  {label:<24}{count:>10,}")
    typer.echo("relationships:")
    for type_, count in result.relationships.items():
        typer.echo(f"  {type_:<24}{count:>10,}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo's outputs.")] = Path(
        "out/demo"
    ),
    store: StoreOption = None,
) -> None:
    """Sample data -> store -> analyses -> reports, all in --out."""
    from partnernet.demo import run_demo

    with _friendly_errors():
        result = run_demo(out, store_uri=store)
    typer.echo(result.describe())


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
