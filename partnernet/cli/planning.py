"""A planner's questions: `gaps`, `recommend`, `decide`, `decisions`, `hubs`, `structure`."""

from __future__ import annotations

from typing import Annotated

import typer

from partnernet.cli.common import (
    AsOfOption,
    CsvOption,
    JsonOption,
    LangOption,
    ProvinceOption,
    RegionOption,
    StoreOption,
    TemplateOption,
    _day,
    _emit,
    _names,
    _print_json,
    _run,
    _store,
    app,
)
from partnernet.service import analyses
from partnernet.visualizations import tables


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
