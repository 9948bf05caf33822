"""Exports: round trips (GEXF, GraphML, Gephi CSV, node-link JSON), spreadsheet safety, Popolo."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from viz_payloads import PAYLOADS, FakeReport, xss_graph

from partnernet.analysis.gaps import find_gaps
from partnernet.analysis.hubs import hub_scores
from partnernet.analysis.projection import project_partnerships
from partnernet.visualizations import export

ROUND_TRIPS: dict[str, tuple[Callable[..., Any], Callable[[Path], nx.MultiDiGraph], str]] = {
    "gexf": (export.write_gexf, export.read_gexf, "g.gexf"),
    "graphml": (export.write_graphml, export.read_graphml, "g.graphml"),
    "gephi-csv": (export.write_gephi_csv, export.read_gephi_csv, "csv"),
    "json": (export.write_node_link_json, export.read_node_link_json, "g.json"),
}


def _comparable(graph: nx.MultiDiGraph) -> tuple[Any, Any]:
    nodes = {str(n): _values(d) for n, d in graph.nodes(data=True)}
    edges = {
        (str(u), str(v), str(k)): _values(d) for u, v, k, d in graph.edges(keys=True, data=True)
    }
    return nodes, edges


def _values(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, str):
            value = value.replace("\x00", "\ufffd")  # XML cannot hold NUL
        if isinstance(value, list):
            value = [v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in value]
        out[key] = value
    return out


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return nx.relabel_nodes(graph, {n: str(n).replace("\x00", "\ufffd") for n in graph})


@pytest.mark.parametrize("fmt", sorted(ROUND_TRIPS))
def test_round_trip_of_the_sample(fmt: str, tmp_path: Path, sample_graph: nx.MultiDiGraph) -> None:
    write, read, name = ROUND_TRIPS[fmt]
    write(sample_graph, tmp_path / name)
    back = read(tmp_path / name)
    assert _comparable(back) == _comparable(sample_graph)


@pytest.mark.parametrize("fmt", sorted(ROUND_TRIPS))
def test_round_trip_of_hostile_text(fmt: str, tmp_path: Path) -> None:
    graph = xss_graph()
    write, read, name = ROUND_TRIPS[fmt]
    write(graph, tmp_path / name)
    back = read(tmp_path / name)
    expected = _xml_safe(graph) if fmt in ("gexf", "graphml") else graph
    assert _comparable(back) == _comparable(expected)


def test_exports_never_mutate_and_write_only_their_paths(
    tmp_path: Path, sample_graph: nx.MultiDiGraph
) -> None:
    before = json.dumps(nx.node_link_data(sample_graph, edges="edges"), sort_keys=True, default=str)
    hubs = hub_scores(project_partnerships(sample_graph))
    written = []
    for fmt in export.FORMATS:
        target = tmp_path / ("out" if fmt == "gephi-csv" else f"out.{fmt}")
        written += export.export_graph(
            sample_graph, target, fmt, hubs=hubs, gaps=find_gaps(sample_graph, "40")
        )
    after = json.dumps(nx.node_link_data(sample_graph, edges="edges"), sort_keys=True, default=str)
    assert before == after
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(tmp_path)) for p in written)
    with pytest.raises(ValueError):
        export.export_graph(sample_graph, tmp_path / "x.bin", "bin")


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "\nx",
        "\0x",
        "'=x",
        '=HYPERLINK("http://x","y")',
    ],
)
def test_neutralise_round_trips(text: str) -> None:
    cell = export.neutralise(text)
    assert cell.startswith("'")
    assert export.unneutralise(cell) == text


def test_plain_text_and_numbers_are_left_alone() -> None:
    assert export.neutralise("ขอนแก่น") == "ขอนแก่น"
    assert export.neutralise(-3.5) == -3.5
    assert export.unneutralise("'plain") == "'plain"


def _formula_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i, text in enumerate(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]):
        graph.add_node(f"n{i}", id=f"n{i}", kind="Council", name_th=text, aliases=[text])
    graph.add_node("=evil", id="=evil", kind="Agency", name_th="ok")
    graph.add_edge(
        "n0", "=evil", key="PARTNERS_WITH", type="PARTNERS_WITH", form="=1+2", weight=-1.0
    )
    return graph


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    export.write_gephi_csv(_formula_graph(), tmp_path)
    for name in ("nodes.csv", "edges.csv"):
        with (tmp_path / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(export.DANGEROUS_START) or _is_number(cell), cell
    back = export.read_gephi_csv(tmp_path)
    assert back.nodes["n0"]["name_th"] == "=cmd|' /C calc'!A0"
    assert back.edges["n0", "=evil", "PARTNERS_WITH"]["weight"] == -1.0


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_xlsx_has_four_safe_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    graph = _formula_graph()
    graph.add_node("x", id="x", kind="Council", name_th=PAYLOADS[-1])  # NUL inside
    path = export.write_xlsx(graph, tmp_path / "g.xlsx", gaps=FakeReport(graph))
    book = load_workbook(path)
    assert book.sheetnames == ["nodes", "edges", "metrics", "gaps"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(export.DANGEROUS_START), cell.value
    names = [c.value for c in book["nodes"]["D"]][1:]
    assert "'=cmd|' /C calc'!A0" in names
    assert book["gaps"].max_row == len(PAYLOADS) + 1


def test_popolo_memberships() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node(
        "council:a",
        kind="Council",
        name_th="สภา ก",
        name_en="Council A",
        aliases=["ก"],
        province_code="40",
    )
    graph.add_node("cso:b", kind="CivilSocietyGroup", name_th="เครือข่าย ข")
    graph.add_node("person:c", kind="Person", name_th="นาย ค", title="นาย")
    graph.add_edge("council:a", "cso:b", key="MEMBER_OF", type="MEMBER_OF", since="2020-01-01")
    graph.add_edge(
        "person:c",
        "council:a",
        key="HOLDS_ROLE",
        type="HOLDS_ROLE",
        role_th="ประธาน",
        role_en="Chair",
    )
    graph.add_edge("council:a", "cso:b", key="PARTNERS_WITH", type="PARTNERS_WITH")
    data = export.popolo(graph)
    assert {o["id"] for o in data["organizations"]} == {"council:a", "cso:b"}
    assert data["persons"][0]["name"] == "นาย ค"
    org_member, role = sorted(data["memberships"], key=lambda m: "person_id" in m)
    assert org_member["member"] == {"@type": "Organization", "id": "council:a"}
    assert org_member["organization_id"] == "cso:b" and org_member["start_date"] == "2020-01-01"
    assert role["person_id"] == "person:c" and role["role"] == "Chair" and role["label"] == "ประธาน"
    council = next(o for o in data["organizations"] if o["id"] == "council:a")
    assert {"name": "Council A", "note": "English name"} in council["other_names"]
    assert council["area_id"] == "province:40"


def test_gexf_is_gephi_shaped(tmp_path: Path, kk_graph: nx.MultiDiGraph) -> None:
    text = export.write_gexf(kk_graph, tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'defaultedgetype="directed"' in text
    assert 'type="PARTNERS_WITH"' not in text  # GEXF's edge type stays directed/undirected
    assert "<viz:color" in text and 'label="เครือข่ายสภาองค์กรชุมชนจังหวัดขอนแก่น"' in text
