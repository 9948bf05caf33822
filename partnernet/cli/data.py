"""Loading and getting data out: `ingest`, `extract`, `stats`, `demo`, `export`, `synth`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from partnernet.cli.common import (
    AsOfOption,
    JsonOption,
    ProvinceOption,
    RegionOption,
    StoreOption,
    _day,
    _friendly_errors,
    _print_json,
    _run,
    _store,
    app,
    cli_user,
)
from partnernet.ingest.limits import CLI_LIMITS, Limits, applied
from partnernet.service import exports
from partnernet.service.ingest import ingest_files
from partnernet.visualizations.export import FORMATS as EXPORT_FORMATS


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
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 5000,
    accept_low_confidence: Annotated[
        bool,
        typer.Option(
            "--accept-low-confidence",
            help="Also write report facts marked for review (below the review threshold).",
        ),
    ] = False,
    as_json: JsonOption = False,
    snapshot: Annotated[
        str | None,
        typer.Option(
            "--snapshot",
            help="The files are ALL the ties of --scope on this day: unlisted ones end on it.",
        ),
    ] = None,
    scope: Annotated[
        str | None, typer.Option("--scope", help="With --snapshot: province:P or region:R.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --snapshot: list what would end, write nothing.")
    ] = False,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help="Stop reading past this many data rows.")
    ] = CLI_LIMITS.max_rows,
    max_cells: Annotated[
        int,
        typer.Option("--max-cells", min=1, help="Refuse a sheet declaring more rows x columns."),
    ] = CLI_LIMITS.max_cells,
) -> None:
    """Load tabular files (CSV/XLSX/JSON) or Thai reports (.txt/.md) into the store; prints
    accepted / rejected / duplicates. Never ends a tie, unless given --snapshot."""
    limits = applied(Limits(max_rows, max_cells))  # counted while reading (issue 22)
    if snapshot is not None or scope is not None or dry_run:
        with limits:
            _ingest_snapshot(paths, store, snapshot, scope, dry_run, encoding, rejects, as_json)
        return
    with _store(store, create=True, as_json=as_json) as graph, limits:
        report = _run(
            lambda: ingest_files(
                graph,
                paths,
                rejects_path=rejects,
                encoding=encoding,
                batch_size=batch_size,
                progress=not as_json and sys.stderr.isatty(),
                accept_low_confidence=accept_low_confidence,
                who=cli_user(),
            )
        )
    if as_json:
        _print_json(report.summary())
        return
    typer.echo(report.describe())


def _ingest_snapshot(
    paths: list[Path],
    store: str | None,
    snapshot: str | None,
    scope: str | None,
    dry_run: bool,
    encoding: str | None,
    rejects: Path | None,
    as_json: bool,
) -> None:
    from partnernet.service import history

    if snapshot is None or scope is None:
        typer.echo("error: --snapshot DATE and --scope province:P go together", err=True)
        raise typer.Exit(2)
    day = _day(snapshot)
    with _store(store) as graph:
        report = _run(
            lambda: history.ingest_snapshot(
                graph,
                paths,
                day,
                scope,
                dry_run=dry_run,
                encoding=encoding,
                rejects_path=rejects,
            )
        )
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    verb = "would end" if dry_run else "ended"
    typer.echo(
        f"snapshot of {report.scope} on {report.day}: {report.listed} ties listed; "
        f"{len(report.ended)} {verb} (until {report.day})"
    )
    for type_, source, target in report.ended:
        typer.echo(f"  {verb}: {type_} {source} -> {target}")
    for type_, source, target, until in report.lapsed_listed:
        typer.echo(
            f"  listed but ended on {until}, not reopened (edit its until by hand): "
            f"{type_} {source} -> {target}"
        )
    if report.ingest is not None:
        typer.echo(json.dumps(report.ingest, ensure_ascii=False))


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Thai narrative reports (UTF-8 text).")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (2024-03-05 or 5 มี.ค. 2567): the year of a day and month "
            "written without one, when the text has no dateline.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Read Thai reports: organisations, people, provinces, events, proposals, partnerships.
    Nothing is stored. Facts below the review threshold are marked (review / ตรวจทาน)."""
    from partnernet.extract.reports import extract_file
    from partnernet.foundation.thai import parse_thai_date

    day = _run(lambda: parse_thai_date(published)) if published else None
    extractions = _run(lambda: [extract_file(path, published=day) for path in files])
    if as_json:
        _print_json([e.to_json() for e in extractions])
        return
    for path, extraction in zip(files, extractions, strict=True):
        data = extraction.to_json()
        typer.echo(f"{path}:")
        for key in ("provinces", "organizations", "people", "events", "proposals", "partnerships"):
            items = data.get(key, [])
            typer.echo(f"  {key}: {len(items)}")
            for item in items:
                review = " [review / ตรวจทาน]" if item.get("review") else ""
                typer.echo(f"    - {_extracted_label(key, item)}{review}")


# where the year of a day and month written without one came from (see docs/extraction.md)
_BASIS = {
    "dateline": ("dateline", "บรรทัดวันที่ของข่าว"),
    "published": ("publication date", "วันที่เผยแพร่"),
}


def _extracted_label(key: str, item: dict[str, Any]) -> str:
    if key == "people":
        role = " — ".join(x for x in (item.get("role"), item.get("organization")) if x)
        return f"{item.get('title') or ''}{item.get('name')}" + (f" ({role})" if role else "")
    if key == "events":
        basis = item.get("date_basis")
        year = (
            f" (year from the {_BASIS[basis][0]} / ปีจาก{_BASIS[basis][1]})"
            if basis in _BASIS
            else ""
        )
        return f"{item.get('title')} {item.get('start_date')}–{item.get('end_date')}{year}"
    label = item.get("name") or item.get("name_th") or item.get("title") or item.get("text")
    return str(label or "")


@app.command()
def stats(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Count nodes by label and relationships by type."""
    with _store(store, as_json=as_json) as graph:
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
    from partnernet.service.demo import run_demo

    with _friendly_errors():
        result = run_demo(out, store_uri=store)
    typer.echo(result.describe())


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=", ".join(EXPORT_FORMATS))],
    out: Annotated[Path, typer.Option("--out", "-o", help="File (a folder for gephi-csv).")],
    province: ProvinceOption = None,
    region: RegionOption = None,
    store: StoreOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Export the graph (or a province / region) for Gephi, Excel and other tools."""
    day = _day(as_of)
    with _store(store) as graph:
        paths = _run(
            lambda: exports.export(graph, fmt, out, province=province, region=region, as_of=day)
        )
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command()
def synth(
    scale: Annotated[str, typer.Option("--scale", help="S, M, L or national")] = "S",
    seed: Annotated[int, typer.Option("--seed")] = 1,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out/synth"),
    as_json: JsonOption = False,
) -> None:
    """A seeded synthetic network on Thailand's real provinces, districts and subdistricts:
    the four CSV templates plus ground_truth.json with the gaps planted in it."""
    from partnernet.synth import generate as synthetic

    if scale not in synthetic.SCALE_NAMES:
        typer.echo(f"error: --scale is one of {', '.join(synthetic.SCALE_NAMES)}", err=True)
        raise typer.Exit(2)
    summary = _run(lambda: synthetic.synth(scale, seed, out))
    if as_json:
        _print_json(summary)
        return
    typer.echo(
        f"{summary['nodes']:,} nodes, {summary['relationships']:,} relationships in "
        f"{summary['generate_seconds']} s; planted gaps: "
        + ", ".join(f"{k} {v}" for k, v in summary["planted_gaps"].items())
    )
    for path in summary["files"].values():
        typer.echo(f"wrote {path}")
