"""The `partnernet` command: parses arguments, calls the library, prints. Nothing else.

Every command takes `--store` (a SQLite path, the default `partnernet.sqlite`, or a
`bolt://`/`neo4j://` URI; also $PARTNERNET_STORE) and most take `--json`. Errors the user can
fix (unknown province, unreadable file, unreachable server) print one line and exit 2;
they never end in a traceback. Anything else is a bug: one line naming a log file that holds
the traceback, exit 1.

Size: over ~600 lines on purpose: one short function per command (options, one service call,
printing), so `partnernet --help` and this file list the same commands in the same order.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer

from partnernet.graph.connect import STORE_ENV, open_store
from partnernet.graph.store import GraphStore
from partnernet.ingest.limits import CLI_LIMITS, Limits, applied
from partnernet.service import analyses, exports, render
from partnernet.service.ingest import ingest_files
from partnernet.visualizations import tables
from partnernet.visualizations.export import FORMATS as EXPORT_FORMATS

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


@app.command()
def gaps(
    province: Annotated[str, typer.Option("--province", "-p", help="Code, Thai or English name.")],
    store: StoreOption = None,
    template: TemplateOption = None,
    unanswered_after: Annotated[
        int,
        typer.Option(
            "--unanswered-after", help="Days before a submitted proposal counts as unanswered."
        ),
    ] = 90,
    lang: LangOption = "th",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Coordination gaps of one province, each with severity and a bilingual explanation."""
    day = _day(as_of)
    with _store(store, as_json=as_json) as graph:
        report = _run(
            lambda: analyses.province_gaps(
                graph,
                province,
                template_path=template,
                unanswered_after_days=unanswered_after,
                as_of=day,
            )
        )
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    if as_csv:
        _emit(tables.gap_rows(report, lang), tables.GAP_COLUMNS, as_csv)
        return
    p = report.province
    rows = tables.gap_rows(report, lang)
    open_rows = [r for r in rows if r["status"] == "open"]
    planned = [r for r in rows if r["status"] == "planned"]
    typer.echo(
        f"{p.name_th} ({p.name_en}, {p.code}) — coverage {report.coverage:.0%}, "
        f"{len(open_rows)} gaps" + (f", {len(planned)} planned" if planned else "")
    )
    _emit(open_rows, tables.GAP_COLUMNS, False, blocks=True)
    if planned:
        # Listed apart: a partner was accepted for these; they close when the tie is recorded.
        typer.echo("\nวางแผนแล้ว / planned (partnernet decisions lists the decisions):")
        _emit(planned, tables.GAP_COLUMNS, False, blocks=True)


@app.command()
def recommend(
    province: ProvinceOption = None,
    org: Annotated[str | None, typer.Option("--org", help="One organisation's id.")] = None,
    top: Annotated[int, typer.Option("--top", min=1)] = 10,
    store: StoreOption = None,
    template: TemplateOption = None,
    lang: LangOption = "th",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Missing partners to approach next, with a score, its components and the reason."""
    if province is None and org is None:
        typer.echo("error: give --province or --org", err=True)
        raise typer.Exit(2)
    day = _day(as_of)
    with _store(store, as_json=as_json) as graph:
        report = _run(
            lambda: analyses.recommendations(
                graph, province, org_id=org, top=top, template_path=template, as_of=day
            )
        )
        ids = [r.source for r in report.recommendations] + [
            r.target for r in report.recommendations
        ]
        names = _names(graph, ids, lang)
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    _emit(
        tables.recommendation_rows(report, names, lang),
        tables.RECOMMENDATION_COLUMNS,
        as_csv,
        blocks=True,
    )


@app.command()
def decide(
    source: Annotated[
        str, typer.Argument(help="The organisation the suggestion was for (id or name).")
    ],
    target: Annotated[str, typer.Argument(help="The suggested partner (id or name).")],
    decision: Annotated[str, typer.Argument(help="accepted, rejected or undo")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who decided (name or role).")] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day it was decided (default today), e.g. from minutes."),
    ] = None,
    store: StoreOption = None,
    template: TemplateOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a planner's accept/reject of a suggestion, or take it back (undo): an accepted
    partner marks the gap it answers as planned; a rejected one is never suggested again."""
    from partnernet.service import decisions

    day = _day(on)
    with _store(store, as_json=as_json) as graph:
        found = _run(
            lambda: decisions.decide(
                graph,
                source,
                target,
                decision,
                note=note,
                decided_by=by,
                decided_on=day,
                template_path=template,
            )
        )
    if as_json:
        _print_json(found.model_dump(mode="json"))
        return
    score = f", score {found.score}" if found.score is not None else ""
    typer.echo(
        f"recorded: {found.source} -> {found.target}: {found.decision} ({found.status.value}"
        f"{score}, {found.decided_on})"
    )


@app.command("decisions")
def list_decisions(
    province: ProvinceOption = None,
    store: StoreOption = None,
    lang: LangOption = "th",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Planners' decisions (of one province's organisations) with what they mean today:
    planned, realised, lapsed, rejected or undone."""
    from partnernet.service import decisions

    with _store(store, as_json=as_json) as graph:
        found = _run(lambda: decisions.list_decisions(graph, province))
        names = _names(graph, sorted({r.source for r in found} | {r.target for r in found}), lang)
    if as_json:
        _print_json({"decisions": [r.model_dump(mode="json") for r in found]})
        return
    if not found and not as_csv:
        typer.echo("no decisions recorded" + (f" in {province}" if province else ""))
        return
    _emit(tables.decision_rows(found, names), tables.DECISION_COLUMNS, as_csv)


@app.command()
def hubs(
    province: ProvinceOption = None,
    region: RegionOption = None,
    top: Annotated[int, typer.Option("--top", min=1)] = 20,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="betweenness, pagerank, degree, weighted_degree, eigenvector, constraint, …",
        ),
    ] = "betweenness",
    samples: Annotated[
        int,
        typer.Option("--samples", min=2, help="Betweenness sample size above the exact threshold."),
    ] = 256,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    store: StoreOption = None,
    lang: LangOption = "th",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Hubs and brokers of the partnership graph (national, a region or a province)."""
    day = _day(as_of)
    with _store(store, as_json=as_json) as graph:
        report = _run(
            lambda: analyses.hubs(
                graph, province=province, region=region, samples=samples, seed=seed, as_of=day
            )
        )
        rows_top = _run(lambda: report.top(top, by=by))
        names = _names(graph, [h.id for h in rows_top], lang)
    if as_json:
        _print_json(report.as_dict())
        return
    if not as_csv:
        typer.echo(
            f"{report.node_count:,} organisations, {report.edge_count:,} ties; "
            f"betweenness {report.betweenness_method} (sample {report.sample_size:,}, "
            f"seed {report.seed}); {len(report.articulation_points)} articulation points, "
            f"{len(report.bridges)} bridges"
        )
    _emit(tables.hub_rows(report, names, top, by), tables.HUB_COLUMNS, as_csv)


@app.command()
def structure(
    province: ProvinceOption = None,
    region: RegionOption = None,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Density, components, clustering, k-core, assortativity and Louvain communities."""
    day = _day(as_of)
    with _store(store, as_json=as_json) as graph:
        report = _run(
            lambda: analyses.structure(
                graph, province=province, region=region, seed=seed, as_of=day
            )
        )
    if as_json:
        _print_json(report.as_dict())
        return
    _emit(tables.structure_rows(report), tables.STRUCTURE_COLUMNS, as_csv)


render_app = typer.Typer(
    help="Draw a partnership map: .html (interactive, offline) or .png/.svg/.pdf (A4).",
    no_args_is_help=True,
)
app.add_typer(render_app, name="render")
OutOption = Annotated[Path, typer.Option("--out", "-o", help="FILE.html, .png, .svg or .pdf")]
SizeByOption = Annotated[
    str, typer.Option("--size-by", help="degree, weighted_degree, betweenness, pagerank, none")
]
LayoutOption = Annotated[
    str,
    typer.Option(
        "--layout",
        help="force (who clusters), tiers (rings around the provincial council), "
        "district (a cluster per district)",
    ),
]


def _render(
    kind: render.ViewKind,
    target: str | None,
    out: Path,
    store: str | None,
    lang: str,
    **options: Any,
) -> None:
    if lang not in ("th", "en"):
        typer.echo("error: --lang is th or en", err=True)
        raise typer.Exit(2)
    options["as_of"] = _day(options.get("as_of"))
    with _store(store) as graph:
        path = _run(
            lambda: render.render_view(
                graph, kind, target, out, lang="en" if lang == "en" else "th", **options
            )
        )
    typer.echo(f"wrote {path}")


@render_app.command("province")
def render_province(
    province: Annotated[str, typer.Argument(help="Code, Thai or English name.")],
    out: OutOption,
    store: StoreOption = None,
    lang: LangOption = "th",
    size_by: SizeByOption = "degree",
    layout: LayoutOption = "force",
    as_of: AsOfOption = None,
) -> None:
    """A province's partners, with its gaps highlighted and suggested partners dashed."""
    _render("province", province, out, store, lang, size_by=size_by, layout=layout, as_of=as_of)


@render_app.command("region")
def render_region(
    region: Annotated[str, typer.Argument(help="Northeast, อีสาน, region4:North, …")],
    out: OutOption,
    store: StoreOption = None,
    lang: LangOption = "th",
    size_by: SizeByOption = "degree",
    layout: LayoutOption = "force",
    as_of: AsOfOption = None,
) -> None:
    """All provinces of a region."""
    _render("region", region, out, store, lang, size_by=size_by, layout=layout, as_of=as_of)


@render_app.command("ego")
def render_ego(
    org_id: Annotated[str, typer.Argument(help="An organisation's id.")],
    out: OutOption,
    radius: Annotated[int, typer.Option("--radius", min=1, max=4)] = 1,
    store: StoreOption = None,
    lang: LangOption = "th",
    size_by: SizeByOption = "degree",
    layout: LayoutOption = "force",
    as_of: AsOfOption = None,
) -> None:
    """One organisation and its partners up to --radius steps away."""
    _render(
        "ego", org_id, out, store, lang, radius=radius, size_by=size_by, layout=layout, as_of=as_of
    )


@render_app.command("issue")
def render_issue(
    code: Annotated[str, typer.Argument(help="Issue code: housing, land, welfare, …")],
    out: OutOption,
    store: StoreOption = None,
    lang: LangOption = "th",
    size_by: SizeByOption = "degree",
    layout: LayoutOption = "force",
    as_of: AsOfOption = None,
) -> None:
    """Everyone working on one issue, and their partners."""
    _render("issue", code, out, store, lang, size_by=size_by, layout=layout, as_of=as_of)


@render_app.command("national")
def render_national(
    out: OutOption, store: StoreOption = None, lang: LangOption = "th", as_of: AsOfOption = None
) -> None:
    """Provinces as nodes, cross-province partnerships as edges (never 100k nodes)."""
    _render("national", None, out, store, lang, as_of=as_of)


@render_app.command("map")
def render_map(
    out: OutOption,
    store: StoreOption = None,
    lang: LangOption = "th",
    metric: Annotated[
        str,
        typer.Option("--metric", help="coverage, gap_count, high_gaps, partners_per_council, …"),
    ] = "coverage",
    as_of: AsOfOption = None,
) -> None:
    """A choropleth of Thailand's provinces."""
    _render("map", None, out, store, lang, metric=metric, as_of=as_of)


@render_app.command("diff")
def render_diff(
    out: OutOption,
    province: Annotated[str, typer.Option("--province", "-p", help="Code, Thai or English name.")],
    start: Annotated[str, typer.Option("--from", help="First day (ISO, 2566-03-22, Thai).")],
    end: Annotated[str, typer.Option("--to", help="Last day.")],
    store: StoreOption = None,
    lang: LangOption = "th",
    layout: LayoutOption = "force",
) -> None:
    """A province on --to with the ties made since --from in green and those ended in red."""
    from partnernet.foundation.lang import check_lang
    from partnernet.service.render_time import render_diff as draw

    first, last = _day(start), _day(end)
    with _store(store) as graph:
        path = _run(
            lambda: draw(graph, province, first, last, out, lang=check_lang(lang), layout=layout)
        )
    typer.echo(f"wrote {path}")


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


IssueOption = Annotated[str | None, typer.Option("--issue", help="Issue code: housing, land, …")]
OrgOption = Annotated[str | None, typer.Option("--org", help="One organisation's id.")]


@app.command()
def diff(
    start: Annotated[str, typer.Option("--from", help="First day (ISO, 2566-03-22, Thai).")],
    end: Annotated[str, typer.Option("--to", help="Last day.")],
    province: ProvinceOption = None,
    region: RegionOption = None,
    issue: IssueOption = None,
    org: OrgOption = None,
    store: StoreOption = None,
    template: TemplateOption = None,
    lang: LangOption = "th",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """What changed between two days: ties made and ended, organisations that joined,
    proposals, gaps opened and closed, suggestions realised, headline figures before/after."""
    from partnernet.service import history

    first, last = _day(start), _day(end)
    with _store(store) as graph:
        report = _run(
            lambda: history.diff(
                graph,
                first,
                last,
                province=province,
                region=region,
                issue=issue,
                org=org,
                template_path=template,
            )
        )
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    _emit_diff(report, lang, as_csv)


def _emit_diff(report: Any, lang: str, as_csv: bool) -> None:
    rows: list[tables.Row] = []
    for change in ("ties_added", "ties_ended", "ties_renewed", "suggestions_realised"):
        rows += [{"change": change, "subject": f"{a} — {b}"} for a, b in getattr(report, change)]
    for change in (
        "organisations_appeared",
        "proposals_raised",
        "proposals_submitted",
        "proposals_answered",
        "proposals_adopted",
    ):
        rows += [{"change": change, "subject": item} for item in getattr(report, change)]
    for change in ("gaps_opened", "gaps_closed"):
        rows += [
            {"change": change, "subject": g.explanation_th if lang == "th" else g.explanation_en}
            for g in getattr(report, change)
        ]
    if as_csv:
        tables.write_csv(rows, ("change", "subject"), sys.stdout)
        return
    typer.echo(report.summary_th if lang == "th" else report.summary_en)
    typer.echo("")
    before, after = report.before.model_dump(), report.after.model_dump()
    figure_rows: list[tables.Row] = [
        {"figure": k, str(report.start): before[k], str(report.end): after[k]}
        for k in before
        if k != "day"
    ]
    typer.echo(tables.format_table(figure_rows, ("figure", str(report.start), str(report.end))))
    typer.echo("")
    typer.echo(tables.format_table(rows, ("change", "subject")))


@app.command()
def trend(
    by: Annotated[str, typer.Option("--by", help="year or quarter")] = "year",
    start: Annotated[str | None, typer.Option("--from", help="First day.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default today).")] = None,
    province: ProvinceOption = None,
    region: RegionOption = None,
    issue: IssueOption = None,
    org: OrgOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also draw a chart: .png, .svg or .pdf")
    ] = None,
    store: StoreOption = None,
    template: TemplateOption = None,
    lang: LangOption = "th",
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Headline figures at the end of every year or quarter: coverage, partners per council,
    councils tied to local government, open gaps, proposals answered."""
    from partnernet.service import history

    first, last = _day(start), _day(end)
    with _store(store) as graph:
        report = _run(
            lambda: history.trend(
                graph,
                by=by,
                start=first,
                end=last,
                province=province,
                region=region,
                issue=issue,
                org=org,
                template_path=template,
            )
        )
    if out is not None:
        from partnernet.visualizations.trend import render_trend, trend_title

        chart_lang: Literal["th", "en"] = "en" if lang == "en" else "th"
        path = _run(
            lambda: render_trend(
                report.periods,
                [f.model_dump() for f in report.figures],
                out,
                title=trend_title(report.scope, report.by, chart_lang),
                lang=chart_lang,
            )
        )
        typer.echo(f"wrote {path}", err=True)
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    from partnernet.visualizations.trend import period_label

    columns = ("period", *[k for k in report.figures[0].model_dump() if k != "day"])
    rows: list[tables.Row] = [
        {"period": period_label(p, "en" if lang == "en" else "th"), **f.model_dump()}
        for p, f in zip(report.periods, report.figures, strict=True)
    ]
    _emit(rows, columns, as_csv)


@app.command()
def brief(
    out: Annotated[Path, typer.Option("--out", "-o", help="FILE.pdf or FILE.html (A4).")],
    province: ProvinceOption = None,
    region: RegionOption = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="An issue: code, Thai or English name.")
    ] = None,
    store: StoreOption = None,
    lang: LangOption = "th",
    as_of: AsOfOption = None,
    layout: Annotated[str, typer.Option("--layout", help="Map layout: tiers, district, force")] = (
        "tiers"
    ),
) -> None:
    """A partnership brief (A4 PDF or offline HTML) of a province, a region or an issue:
    headline figures against the median, the map, gaps, suggestions, planned partnerships and
    proposals."""
    from partnernet.service import brief as briefs
    from partnernet.service import brief_areas

    if sum(1 for v in (province, region, issue) if v) != 1:
        typer.echo("error: give one of --province, --region, --issue", err=True)
        raise typer.Exit(2)
    with _store(store) as graph:
        path = _run(
            lambda: (
                briefs.write_province_brief(
                    graph, province, out, lang=lang, as_of=_day(as_of), layout=layout
                )
                if province
                else brief_areas.write_area_brief(
                    graph, out, region=region, issue=issue, lang=lang, as_of=_day(as_of)
                )
            )
        )
    typer.echo(f"wrote {path}")


evaluate_app = typer.Typer(help="Measure partnernet against baselines.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


@evaluate_app.command("recommend")
def evaluate_recommend(
    hide: Annotated[float, typer.Option("--hide", help="Share of partnerships hidden.")] = 0.1,
    k: Annotated[int, typer.Option("--k", min=1)] = 10,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    split_date: Annotated[
        str | None,
        typer.Option(
            "--split-date",
            help="Temporal split: suggest as of this day, score against ties started after it.",
        ),
    ] = None,
) -> None:
    """Hide a seeded share of partnerships (or, with --split-date, look only at the past),
    recommend, report hits@k and MRR vs baselines."""
    split = _day(split_date)
    with _store(store, as_json=as_json) as graph:
        report = _run(
            lambda: analyses.evaluate(graph, hide_fraction=hide, seed=seed, k=k, split_date=split)
        )
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    if split is not None and not as_csv:
        typer.echo(
            f"{report.hidden} council partnerships started after {split} between "
            f"organisations not tied on it; {report.sources} organisations asked; k = {report.k}"
        )
    elif not as_csv:
        typer.echo(
            f"hidden {report.hidden} of {report.eligible} council partnerships "
            f"(seed {report.seed}); {report.sources} organisations asked; k = {report.k}"
        )
    _emit(tables.evaluation_rows(report), tables.EVALUATION_COLUMNS, as_csv)


@evaluate_app.command("extract")
def evaluate_extract(
    directory: Annotated[Path, typer.Argument(help="Folder of labelled Thai texts.")],
    labels: Annotated[
        Path | None, typer.Option("--labels", help="Labels file (default DIR/labels.json).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Precision and recall of `extract` per field on labelled texts, with every miss and
    every extra (file and sentence). Nothing is stored."""
    from partnernet.extract.evaluation import evaluate_extraction

    result = _run(lambda: evaluate_extraction(directory, labels))
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    typer.echo(result.describe())


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


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    store: StoreOption = None,
) -> None:
    """The HTTP API (/api/v1, OpenAPI at /docs) and the web pages, with uvicorn. Without API
    keys it serves read-only; add keys with `partnernet keys add`."""
    from partnernet.api.app import serve as run_server

    typer.echo(f"partnernet on http://{host}:{port}/  (API: http://{host}:{port}/docs)")
    with _friendly_errors():
        run_server(host, port, store_uri=store)


keys_app = typer.Typer(
    help="API keys: viewer (read), editor (write, ingest), admin.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")
KeysFileOption = Annotated[
    Path | None,
    typer.Option(
        "--file", help="Keys file (default $PARTNERNET_API_KEYS_FILE or ./partnernet.keys)."
    ),
]


def _keys_file(path: Path | None) -> Path:
    from partnernet.api.settings import Settings

    found = path or Settings().api_keys_file
    if found is None:
        typer.echo("error: no keys file configured; pass --file", err=True)
        raise typer.Exit(2)
    return found


@keys_app.command("add")
def keys_add(
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin")],
    name: Annotated[str | None, typer.Option("--name")] = None,
    file: KeysFileOption = None,
) -> None:
    """Create a key; it is printed once, only its hash is stored."""
    from partnernet.api.auth import append_key, generate_key

    target = _keys_file(file)
    plain, entry = _run(lambda: generate_key(role, name))
    _run(lambda: append_key(target, entry))
    typer.echo(plain)
    typer.echo(f"stored the hash in {target}; the key is not shown again", err=True)


@keys_app.command("list")
def keys_list(file: KeysFileOption = None) -> None:
    """The keys in the file (ids, roles, names; never the keys)."""
    from partnernet.api.auth import list_keys

    for key in _run(lambda: list_keys(_keys_file(file))):
        typer.echo(f"{key.key_id}  {key.role.value:<7} {key.name}")


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument()], file: KeysFileOption = None) -> None:
    """Remove a key from the file."""
    from partnernet.api.auth import revoke_key

    if not _run(lambda: revoke_key(_keys_file(file), key_id)):
        typer.echo(f"error: no key {key_id!r}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked {key_id}")


def main() -> None:
    with _friendly_errors():
        app()


if __name__ == "__main__":  # pragma: no cover
    main()
