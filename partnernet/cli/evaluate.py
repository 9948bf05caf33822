"""`evaluate recommend` and `evaluate extract`: partnernet measured against baselines and labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnernet.cli.common import (
    CsvOption,
    JsonOption,
    StoreOption,
    _day,
    _emit,
    _print_json,
    _run,
    _store,
    app,
)
from partnernet.service import analyses
from partnernet.visualizations import tables

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
