"""Data exports for other tools: GEXF and GraphML (Gephi), Gephi node/edge CSV, XLSX,
node-link JSON and Popolo JSON; and readers that bring GEXF, GraphML and Gephi CSV back.

    export_graph(graph, path, "gexf" | "graphml" | "gephi-csv" | "xlsx" | "json" | "popolo",
                 hubs=..., gaps=...) -> list of files written

Attribute conventions (so that the readers give back the same graph):
- list attributes (`aliases`, `source_ids`) are joined with `;` in GEXF/GraphML/CSV/XLSX
  (`;` and `\\` inside an item escaped with `\\`);
  other non-scalar values are written as JSON text; None values are left out;
- GEXF reserves an edge's `type` (directed/undirected) and `label`: the relationship type is
  stored as the attribute `relationship` and as the edge label, the edge key as
  `networkx_key`; nodes get Gephi's `label` (the Thai name) and `viz` position, colour and
  size (`export_viz.py`); GraphML nodes get `label`, `x`, `y`, `color`, `size`;
- decisions on suggestions (RECOMMENDED) are kept out of the edges (their own sheet/table);
- characters XML cannot hold (NUL and other C0 controls but tab, LF, CR) become U+FFFD.

Spreadsheet safety: every CSV/XLSX text cell that starts with `=`, `+`, `-`, `@`, tab, CR, LF
or NUL (which Excel, LibreOffice or Sheets could run as a formula) or with `'` itself is prefixed
with `'`; `read_gephi_csv` removes exactly that prefix again. Numbers stay numbers.

Size: over ~600 lines on purpose: each format's writer beside its reader, so the round-trip
conventions above live in one file.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import networkx as nx

from partnernet.foundation.errors import InvalidInput
from partnernet.graph.model import NodeKind, RelType
from partnernet.visualizations.export_viz import VIZ_KEYS, split_decisions, viz_attributes
from partnernet.visualizations.view import gap_notes


class ExportFormat(StrEnum):
    """The formats partnernet exports to (the one list: the CLI, the API and the pages)."""

    GEXF = "gexf"
    GRAPHML = "graphml"
    GEPHI_CSV = "gephi-csv"
    XLSX = "xlsx"
    JSON = "json"
    POPOLO = "popolo"


FORMATS: tuple[str, ...] = tuple(f.value for f in ExportFormat)
LIST_ATTRS = ("aliases", "source_ids", "issues")
NUMERIC_ATTRS = frozenset(
    {
        "weight",
        "amount_thb",
        "year",
        "confidence",
        "offset",
        "score",
        "degree",
        "in_degree",
        "out_degree",
        "weighted_degree",
        "betweenness",
        "pagerank",
        "eigenvector",
        "constraint",
        "effective_size",
        "brokerage_total",
    }
)
INT_ATTRS = frozenset({"year", "offset", "degree", "in_degree", "out_degree", "brokerage_total"})
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ID_ATTRIBUTE_FLAG = "partnernet_node_id_is_attribute"
_HUB_FIELDS = (
    "degree",
    "weighted_degree",
    "betweenness",
    "pagerank",
    "eigenvector",
    "constraint",
    "effective_size",
    "articulation_point",
)


# ---------------------------------------------------------------------------------------------
# Cell and attribute safety


def neutralise(value: Any) -> Any:
    """A spreadsheet-safe cell: text starting with a formula character (or `'`) gets a `'`."""
    if isinstance(value, str) and value and (value.startswith(DANGEROUS_START) or value[0] == "'"):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise` on text read back from a CSV written by this module."""
    if len(value) >= 2 and value[0] == "'" and (value[1] in DANGEROUS_START or value[1] == "'"):
        return value[1:]
    return value


def _xml_safe(value: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", value)


def _flat(value: Any) -> Any:
    """A scalar for file formats without lists: lists joined by `;`, dicts as JSON."""
    if isinstance(value, list | tuple | set | frozenset):
        return join_list(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def join_list(items: Iterable[Any]) -> str:
    """`a;b;c`; a `;` or `\\` inside an item is escaped with `\\` (rare in names)."""
    return ";".join(str(v).replace("\\", "\\\\").replace(";", "\\;") for v in items)


def split_list(text: str) -> list[str]:
    """The inverse of `join_list` (empty items dropped)."""
    items, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item for item in items if item]


def _split(key: str, value: Any) -> Any:
    if key in LIST_ATTRS and isinstance(value, str):
        return split_list(value)
    return value


def _hub_attrs(hubs: Any, node: Any) -> dict[str, Any]:
    if hubs is None or node not in hubs.nodes:
        return {}
    hub = hubs.nodes[node]
    found = {f: getattr(hub, f, None) for f in _HUB_FIELDS}
    return {k: v for k, v in found.items() if v is not None}


def flat_graph(graph: nx.MultiDiGraph, *, hubs: Any = None, xml: bool = False) -> nx.MultiDiGraph:
    """A copy with scalar attributes only (see the module docstring); hub measures added.

    Attributes whose values mix types across nodes (or edges) become text throughout, since
    GEXF and GraphML declare one type per attribute."""
    out = nx.MultiDiGraph()

    def clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
        row = {str(k): _flat(v) for k, v in attrs.items()}
        row = {k: v for k, v in row.items() if v is not None}
        if xml:
            row = {k: _xml_safe(v) if isinstance(v, str) else v for k, v in row.items()}
        return row

    for node, attrs in graph.nodes(data=True):
        name = _xml_safe(str(node)) if xml else node
        out.add_node(name, **clean({**attrs, **_hub_attrs(hubs, node)}))
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        uu, vv = (_xml_safe(str(u)), _xml_safe(str(v))) if xml else (u, v)
        out.add_edge(uu, vv, key=key, **clean(attrs))
    _unify_types(out.nodes.values())
    _unify_types(d for *_, d in out.edges(keys=True, data=True))
    return out


def _unify_types(rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    types: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            kind = (
                float
                if isinstance(value, int | float) and not isinstance(value, bool)
                else type(value)
            )
            types.setdefault(key, set()).add(kind)
    mixed = {k for k, ts in types.items() if len(ts) > 1}
    numeric = {k for k, ts in types.items() if ts == {float}}
    for row in rows:
        for key in mixed & row.keys():
            row[key] = str(row[key])
        for key in numeric & row.keys():
            if isinstance(row[key], int):
                row[key] = float(row[key])


# ---------------------------------------------------------------------------------------------
# GEXF and GraphML


def _rgb(hex_color: str) -> dict[str, int | float]:
    value = hex_color.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": 1.0}


def write_gexf(graph: nx.MultiDiGraph, path: Path, *, hubs: Any = None) -> Path:
    """GEXF 1.2 for Gephi (see the module docstring for the attribute mapping); `viz:`
    position, colour and size from `export_viz`, so Gephi opens the views' picture."""
    flat = flat_graph(graph, hubs=hubs, xml=True)
    viz = {_xml_safe(str(n)): v for n, v in viz_attributes(graph).items()}
    for node, attrs in flat.nodes(data=True):
        if "id" in attrs:  # GEXF's own node id; kept under another name
            attrs["pn_id"] = attrs.pop("id")
        look = viz[node]
        attrs["label"] = _xml_safe(look.label)
        attrs["viz"] = {
            "color": _rgb(look.color),
            "size": look.size,
            "position": {"x": look.x, "y": look.y, "z": 0.0},
        }
    for *_, attrs in flat.edges(keys=True, data=True):
        if "type" in attrs:
            attrs["relationship"] = attrs.pop("type")
            attrs["label"] = attrs["relationship"]
    nx.write_gexf(flat, str(path), encoding="utf-8", prettyprint=True)
    return Path(path)


def read_gexf(path: Path) -> nx.MultiDiGraph:
    """A GEXF file written by `write_gexf` back as the partnership graph."""
    raw = nx.read_gexf(str(path))
    graph = nx.MultiDiGraph()
    for node, attrs in raw.nodes(data=True):
        kept = {k: _split(k, v) for k, v in attrs.items() if k not in ("label", "viz", "pn_id")}
        if "pn_id" in attrs:
            kept["id"] = attrs["pn_id"]
        graph.add_node(node, **kept)
    if raw.is_multigraph():
        rows = list(raw.edges(keys=True, data=True))
    else:  # networkx reads a file without parallel edges as a DiGraph
        rows = [
            (u, v, d.get("networkx_key", d.get("relationship")), d)
            for u, v, d in raw.edges(data=True)
        ]
    for u, v, key, attrs in rows:
        drop = ("id", "label", "relationship", "networkx_key")
        kept = {k: v2 for k, v2 in attrs.items() if k not in drop}
        if "relationship" in attrs:
            kept["type"] = attrs["relationship"]
        graph.add_edge(u, v, key=key, **{k: _split(k, x) for k, x in kept.items()})
    return graph


def write_graphml(graph: nx.MultiDiGraph, path: Path, *, hubs: Any = None) -> Path:
    """GraphML (edge keys as edge ids; lists joined with `;`); nodes also carry `label`,
    `x`, `y`, `color` (#rrggbb) and `size` for yEd, Cytoscape, igraph and Gephi."""
    flat = flat_graph(graph, hubs=hubs, xml=True)
    viz = {_xml_safe(str(n)): v for n, v in viz_attributes(graph).items()}
    same_id = all(attrs.get("id") == node for node, attrs in flat.nodes(data=True))
    for node, attrs in flat.nodes(data=True):
        look = viz[node]
        attrs.update(label=_xml_safe(look.label), x=look.x, y=look.y, color=look.color)
        attrs["size"] = look.size
        if same_id:  # the GraphML node id already says it (igraph refuses a second `id`)
            attrs.pop("id", None)
    if same_id and len(flat):
        flat.graph[ID_ATTRIBUTE_FLAG] = True
    nx.write_graphml(flat, str(path), encoding="utf-8")
    return Path(path)


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """A GraphML file written by `write_graphml` back as the partnership graph (the picture's
    attributes, `VIZ_KEYS`, left out)."""
    raw = nx.read_graphml(str(path), force_multigraph=True)
    graph = nx.MultiDiGraph()
    same_id = bool(raw.graph.get(ID_ATTRIBUTE_FLAG))
    for node, attrs in raw.nodes(data=True):
        kept = {k: _split(k, v) for k, v in attrs.items() if k not in VIZ_KEYS}
        if same_id:
            kept["id"] = node
        graph.add_node(node, **kept)
    for u, v, key, attrs in raw.edges(keys=True, data=True):
        graph.add_edge(u, v, key=key, **{k: _split(k, x) for k, x in attrs.items()})
    return graph


# ---------------------------------------------------------------------------------------------
# Gephi CSV


_NODE_FIRST = ("Id", "Label", "kind", "name_th", "name_en")
_EDGE_FIRST = ("Source", "Target", "Type", "Id", "Label", "Weight", "relationship")


def _columns(rows: Iterable[Mapping[str, Any]], first: Iterable[str]) -> list[str]:
    seen = dict.fromkeys(first)
    for row in rows:
        for key in row:
            seen.setdefault(key)
    return list(seen)


def _node_rows(graph: nx.MultiDiGraph, hubs: Any) -> list[dict[str, Any]]:
    rows = []
    for node, attrs in graph.nodes(data=True):
        row: dict[str, Any] = {"Id": str(node), "Label": attrs.get("name_th") or str(node)}
        for key, value in {**attrs, **_hub_attrs(hubs, node)}.items():
            if key in ("Id", "Label"):
                continue
            row[key] = _flat(value)
        rows.append({k: v for k, v in row.items() if v is not None})
    return rows


def _edge_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    rows = []
    for i, (u, v, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        rel = attrs.get("type", key)
        row: dict[str, Any] = {
            "Source": str(u),
            "Target": str(v),
            "Type": "Directed",
            "Id": i,
            "Label": str(rel),
            "relationship": str(rel),
            "key": str(key),
        }
        for name, value in attrs.items():
            if name == "type":
                continue
            row["Weight" if name == "weight" else name] = _flat(value)
        rows.append({k: x for k, x in row.items() if x is not None})
    return rows


def _write_csv(path: Path, rows: list[dict[str, Any]], first: Iterable[str]) -> Path:
    columns = _columns(rows, first)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell_text(neutralise(row.get(c))) for c in columns])
    return path


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return repr(value)
    return str(value)


def write_gephi_csv(graph: nx.MultiDiGraph, folder: Path, *, hubs: Any = None) -> list[Path]:
    """`nodes.csv` and `edges.csv` in `folder` (created if missing), in Gephi's spreadsheet
    form: `Id,Label,…` and `Source,Target,Type,Id,Label,Weight,relationship,…`."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [
        _write_csv(target / "nodes.csv", _node_rows(graph, hubs), _NODE_FIRST),
        _write_csv(target / "edges.csv", _edge_rows(graph), _EDGE_FIRST),
    ]


def _typed(key: str, text: str) -> Any:
    value = unneutralise(text)
    if key in NUMERIC_ATTRS:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if key in INT_ATTRS and number.is_integer() else number
    if value in ("true", "false") and key in ("articulation_point",):
        return value == "true"
    return _split(key, value)


def read_gephi_csv(folder: Path) -> nx.MultiDiGraph:
    """The graph from a folder written by `write_gephi_csv` (also reads other Gephi CSVs with
    `Id`/`Source`/`Target` columns: edge keys then come from `relationship` or `Label`)."""
    base = Path(folder)
    graph = nx.MultiDiGraph()
    with (base / "nodes.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            node = unneutralise(row.pop("Id"))
            row.pop("Label", None)
            attrs = {k: _typed(k, v) for k, v in row.items() if v != ""}
            graph.add_node(node, **attrs)
    with (base / "edges.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            source, target = unneutralise(row.pop("Source")), unneutralise(row.pop("Target"))
            rel = unneutralise(row.pop("relationship", "") or row.get("Label", ""))
            key = unneutralise(row.pop("key", "") or rel)
            for gephi in ("Type", "Id", "Label"):
                row.pop(gephi, None)
            if "Weight" in row:
                row["weight"] = row.pop("Weight")
            attrs = {k: _typed(k, v) for k, v in row.items() if v != ""}
            graph.add_edge(source, target, key=key, **attrs, type=rel)
    return graph


# ---------------------------------------------------------------------------------------------
# XLSX


def _xlsx_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = neutralise(_flat(value))
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _metric_rows(graph: nx.MultiDiGraph, hubs: Any) -> list[dict[str, Any]]:
    rows = []
    for node, attrs in graph.nodes(data=True):
        row: dict[str, Any] = {
            "id": str(node),
            "name_th": attrs.get("name_th"),
            "kind": attrs.get("kind"),
            "province_code": attrs.get("province_code"),
            "in_degree": graph.in_degree(node),
            "out_degree": graph.out_degree(node),
        }
        hub = _hub_attrs(hubs, node)
        row.update(hub if hub else {"degree": graph.degree(node)})
        if hubs is not None and node in hubs.nodes:
            brokerage = getattr(hubs.nodes[node], "brokerage", {}) or {}
            row.update({f"brokerage_{k}": v for k, v in brokerage.items()})
        rows.append(row)
    return rows


def _gap_rows(gaps: Any) -> list[dict[str, Any]]:
    if gaps is None:
        return []
    reports = list(gaps.values()) if isinstance(gaps, Mapping) else gaps
    reports = [reports] if hasattr(reports, "gaps") else list(reports)
    rows = []
    for report in reports:
        province = getattr(report, "province", None)
        for note in gap_notes(report):
            rows.append(
                {
                    "province_code": getattr(province, "code", None),
                    "province": getattr(province, "name_th", None),
                    "kind": note.kind,
                    "severity": note.severity,
                    "subjects": list(note.subjects),
                    "explanation_th": note.th,
                    "explanation_en": note.en,
                }
            )
    return rows


def write_xlsx(
    graph: nx.MultiDiGraph,
    path: Path,
    *,
    hubs: Any = None,
    gaps: Any = None,
    decisions: list[dict[str, Any]] | None = None,
) -> Path:
    """One workbook, sheets `nodes`, `edges`, `metrics` (hub measures when `hubs` is given,
    else degrees) and `gaps` (`gaps`: a GapReport, several, or code -> GapReport), and
    `decisions` when there are any."""
    from openpyxl import Workbook

    book = Workbook()
    sheets = [
        ("nodes", _node_rows(graph, None), _NODE_FIRST),
        ("edges", _edge_rows(graph), _EDGE_FIRST),
        ("metrics", _metric_rows(graph, hubs), ("id", "name_th", "kind", "province_code")),
        ("gaps", _gap_rows(gaps), ("province_code", "province", "kind", "severity")),
    ]
    if decisions:
        sheets.append(("decisions", decisions, ("source", "target", "decision", "decided_on")))
    first = True
    for title, rows, head in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        columns = _columns(rows, head)
        sheet.append(columns)
        for row in rows:
            sheet.append([_xlsx_cell(row.get(c)) for c in columns])
        sheet.freeze_panes = "A2"
    book.save(str(path))
    return Path(path)


# ---------------------------------------------------------------------------------------------
# JSON


def write_node_link_json(
    graph: nx.MultiDiGraph, path: Path, *, decisions: list[dict[str, Any]] | None = None
) -> Path:
    """networkx node-link JSON (`nodes`, `edges` with `key`), UTF-8, lists kept as lists;
    planners' decisions, if any, under `decisions`."""
    data = nx.node_link_data(graph, edges="edges")
    if decisions:
        data["decisions"] = decisions
    if all(attrs.get("id") == node for node, attrs in graph.nodes(data=True)):
        # node-link keeps the node id under "id": say that it is also an attribute
        data["graph"] = {**data.get("graph", {}), ID_ATTRIBUTE_FLAG: True}
    Path(path).write_text(
        json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )
    return Path(path)


def read_node_link_json(path: Path) -> nx.MultiDiGraph:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.pop("decisions", None)
    flag = bool(data.get("graph", {}).pop(ID_ATTRIBUTE_FLAG, False))
    graph: nx.MultiDiGraph = nx.node_link_graph(data, edges="edges")
    if flag:
        for node, attrs in graph.nodes(data=True):
            attrs["id"] = node
    return graph


def popolo(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Popolo (popoloproject.com) organisations, persons and memberships: MEMBER_OF gives an
    organisation's membership of another, HOLDS_ROLE a person's role in an organisation."""
    orgs, persons, memberships = [], [], []
    kinds = {NodeKind(k).value for k in NodeKind if NodeKind(k).is_organization}
    for node, attrs in graph.nodes(data=True):
        kind = attrs.get("kind")
        other = [{"name": attrs["name_en"], "note": "English name"}] if attrs.get("name_en") else []
        other += [{"name": str(a), "note": "alias"} for a in attrs.get("aliases") or []]
        item: dict[str, Any] = {"id": str(node), "name": attrs.get("name_th") or str(node)}
        if other:
            item["other_names"] = other
        if kind in kinds:
            item["classification"] = kind
            if attrs.get("province_code"):
                item["area_id"] = f"province:{attrs['province_code']}"
            item["identifiers"] = [{"scheme": "partnernet", "identifier": str(node)}]
            orgs.append(item)
        elif kind == NodeKind.PERSON.value:
            if attrs.get("title"):
                item["honorific_prefix"] = attrs["title"]
            persons.append(item)
    for u, v, _key, attrs in graph.edges(keys=True, data=True):
        rel = attrs.get("type")
        if rel == RelType.MEMBER_OF.value:
            member: dict[str, Any] = {
                "member": {"@type": "Organization", "id": str(u)},
                "organization_id": str(v),
            }
        elif rel == RelType.HOLDS_ROLE.value:
            member = {"person_id": str(u), "organization_id": str(v)}
            role = attrs.get("role_en") or attrs.get("role_th")
            if role:
                member["role"] = role
            if attrs.get("role_th"):
                member["label"] = attrs["role_th"]
        else:
            continue
        member["id"] = f"membership:{rel.lower()}:{u}:{v}"
        if attrs.get("since"):
            member["start_date"] = attrs["since"]
        if attrs.get("until"):
            member["end_date"] = attrs["until"]
        memberships.append(member)
    return {"organizations": orgs, "persons": persons, "memberships": memberships}


def write_popolo(graph: nx.MultiDiGraph, path: Path) -> Path:
    Path(path).write_text(
        json.dumps(popolo(graph), ensure_ascii=False, indent=1, default=str) + "\n",
        encoding="utf-8",
    )
    return Path(path)


# ---------------------------------------------------------------------------------------------
# One entry point


def export_graph(
    graph: nx.MultiDiGraph,
    path: Path,
    fmt: str,
    *,
    hubs: Any = None,
    gaps: Any = None,
) -> list[Path]:
    """Write `graph` in `fmt` (one of `FORMATS`) to `path` (a folder for `gephi-csv`);
    returns the files written. The graph is not modified. Decisions on suggestions
    (RECOMMENDED) are never edges: `gephi-csv` writes them to `decisions.csv`, XLSX to a
    `decisions` sheet, JSON under `decisions`; GEXF, GraphML and Popolo leave them out."""
    target = Path(path)
    graph, decisions = split_decisions(graph)
    if fmt == "gephi-csv":
        written = write_gephi_csv(graph, target, hubs=hubs)
        if decisions:
            written.append(_write_csv(target / "decisions.csv", decisions, ("source", "target")))
        return written
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)!r} does not exist")
    if fmt == "gexf":
        return [write_gexf(graph, target, hubs=hubs)]
    if fmt == "graphml":
        return [write_graphml(graph, target, hubs=hubs)]
    if fmt == "xlsx":
        return [write_xlsx(graph, target, hubs=hubs, gaps=gaps, decisions=decisions)]
    if fmt == "json":
        return [write_node_link_json(graph, target, decisions=decisions)]
    if fmt == "popolo":
        return [write_popolo(graph, target)]
    raise InvalidInput(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
