"""Exporting a scope of the graph for other tools (Gephi, Excel, igraph, Popolo readers): the
one export behind `partnernet export`, the API's export route and the web page's button."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partnernet.analysis.timeline import graph_as_of
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.graph.store import GraphStore
from partnernet.service import analyses
from partnernet.service.scopes import scope_for
from partnernet.visualizations.export import FORMATS

# The file (or, for gephi-csv, folder) name an export gets when the caller names a folder.
DEFAULT_NAMES = {"gephi-csv": "gephi", "json": "graph.json", "popolo": "popolo.json"}


def default_name(fmt: str) -> str:
    return DEFAULT_NAMES.get(fmt, f"graph.{fmt}")


def export(
    store: GraphStore,
    fmt: str,
    out: Path,
    *,
    province: str | None = None,
    region: str | None = None,
    issue: str | None = None,
    ego: str | None = None,
    radius: int = 1,
    with_hubs: bool | None = None,
    as_of: date | None = None,
) -> list[Path]:
    """Write the scope (the whole graph by default) in `fmt` to `out` (a file; a folder for
    gephi-csv); returns the files written. XLSX carries hub metrics (for a province, region or
    the whole graph) and, for a province, its gaps; `as_of`: as the network stood that day."""
    from partnernet.visualizations.export import export_graph

    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    scope = scope_for(province=province, region=region, issue=issue, ego=ego, radius=radius)
    if ego is not None and store.get_node(ego) is None:
        raise NotFound(f"unknown organisation id {ego!r}")
    graph = store.subgraph(scope)
    if graph.number_of_nodes() == 0:  # refused before anything is written
        named = province or region or issue or ego
        where = f" of {named}" if named else ""
        raise NotFound(f"nothing{where} in the store to export")
    if as_of is not None:
        graph = graph_as_of(graph, as_of)
    if with_hubs is None:
        with_hubs = fmt == "xlsx"
    hubs = gaps = None
    if with_hubs and issue is None and ego is None:
        hubs = analyses.hubs(store, province=province, region=region, as_of=as_of)
    if province and fmt == "xlsx":
        gaps = analyses.province_gaps(store, province, as_of=as_of)
    # gephi-csv writes nodes.csv and edges.csv into a folder; the others one file.
    (out if fmt == "gephi-csv" else out.parent).mkdir(parents=True, exist_ok=True)
    return export_graph(graph, out, fmt, hubs=hubs, gaps=gaps)
