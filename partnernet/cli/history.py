"""The network over time: `diff` (what changed between two days), `trend` (per period)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from partnernet.cli.common import (
    CsvOption,
    IssueOption,
    JsonOption,
    LangOption,
    OrgOption,
    ProvinceOption,
    RegionOption,
    StoreOption,
    TemplateOption,
    _day,
    _emit,
    _print_json,
    _run,
    _store,
    app,
)
from partnernet.visualizations import tables


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
