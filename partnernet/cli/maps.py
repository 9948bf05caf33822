"""Pictures and documents: `render …` (views, maps, figures, the diff view) and `brief`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from partnernet.cli.common import (
    AsOfOption,
    LangOption,
    ProvinceOption,
    RegionOption,
    StoreOption,
    _day,
    _run,
    _store,
    app,
)
from partnernet.service import render

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
