"""Analysis reports as rows: for the terminal (aligned tables that count Thai combining marks
as zero width), for `--csv`, and shared by any other tabular view.

Nothing here computes anything: rows are picked from reports the analysis layer produced.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

from partnernet.analysis.decisions import DecisionRecord
from partnernet.analysis.evaluate import EvaluationReport
from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.hubs import HubReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.analysis.structure import StructureReport

Row = dict[str, Any]
Names = Callable[[str], str]

# Cells that a spreadsheet would run as a formula are prefixed, as in every export.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")


def display_width(text: str) -> int:
    """Terminal columns: Thai vowel and tone marks (category Mn) take none, wide CJK two."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def format_table(rows: Sequence[Row], columns: Sequence[str], max_width: int = 60) -> str:
    """An aligned plain-text table; long cells are cut with an ellipsis."""

    def fit(text: str) -> str:
        if display_width(text) <= max_width:
            return text
        out = ""
        for ch in text:
            if display_width(out + ch) > max_width - 1:
                break
            out += ch
        return out + "…"

    cells = [[fit(_cell(row.get(col))) for col in columns] for row in rows]
    widths = [
        max([display_width(col), *(display_width(r[i]) for r in cells)])
        for i, col in enumerate(columns)
    ]

    def line(values: Sequence[str]) -> str:
        padded = (v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def format_blocks(rows: Sequence[Row], head: Sequence[str], body: str) -> str:
    """One block per row: the `head` columns on a line, then the (long) `body` text in full —
    explanations are the point of gaps and suggestions, so they are never cut."""
    blocks = []
    for row in rows:
        title = " · ".join(_cell(row.get(col)) for col in head if row.get(col) not in (None, ""))
        blocks.append(f"{title}\n    {_cell(row.get(body))}")
    return "\n".join(blocks)


def write_csv(rows: Iterable[Row], columns: Sequence[str], out: IO[str]) -> None:
    """CSV with formula-like cells neutralised (a leading apostrophe), so Excel shows text."""
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        values = [_cell(row.get(col)) for col in columns]
        writer.writerow(["'" + v if v.startswith(_FORMULA_START) else v for v in values])


# -- report → rows ------------------------------------------------------------------------------

GAP_COLUMNS = ("severity", "kind", "status", "subjects", "explanation")


def gap_rows(report: GapReport, lang: str = "th") -> list[Row]:
    return [
        {
            "severity": gap.severity.value,
            "kind": gap.kind,
            "status": gap.status,
            "subjects": gap.subjects,
            "explanation": gap.explanation_th if lang == "th" else gap.explanation_en,
        }
        for gap in report.gaps
    ]


# The ids are what `partnernet decide SOURCE TARGET accepted` takes back.
RECOMMENDATION_COLUMNS = ("score", "source", "source_id", "target", "target_id", "reason")


def recommendation_rows(report: RecommendationReport, names: Names, lang: str = "th") -> list[Row]:
    return [
        {
            "score": rec.score,
            "source": names(rec.source),
            "target": names(rec.target),
            "source_id": rec.source,
            "target_id": rec.target,
            "reason": rec.explanation_th if lang == "th" else rec.explanation_en,
            **{f"component_{k}": v for k, v in rec.components.items()},
        }
        for rec in report.recommendations
    ]


DECISION_COLUMNS = (
    "status",
    "decision",
    "decided_on",
    "decided_by",
    "source_id",
    "source",
    "target_id",
    "target",
    "role",
    "score",
    "note",
)


def decision_rows(records: Sequence[DecisionRecord], names: Names) -> list[Row]:
    return [
        {
            **rec.model_dump(mode="json", exclude={"tie", "gap_kind", "province"}),
            "source_id": rec.source,
            "target_id": rec.target,
            "source": names(rec.source),
            "target": names(rec.target),
        }
        for rec in records
    ]


HUB_COLUMNS = (
    "rank",
    "name",
    "kind",
    "province",
    "degree",
    "weighted_degree",
    "betweenness",
    "pagerank",
    "constraint",
    "brokerage",
    "articulation",
)


def hub_rows(report: HubReport, names: Names, top: int, by: str) -> list[Row]:
    return [
        {
            "rank": rank,
            "id": hub.id,
            "name": names(hub.id),
            "kind": hub.kind,
            "province": hub.province_code,
            "degree": hub.degree,
            "weighted_degree": hub.weighted_degree,
            "betweenness": hub.betweenness,
            "pagerank": hub.pagerank,
            "eigenvector": hub.eigenvector,
            "constraint": hub.constraint,
            "effective_size": hub.effective_size,
            "brokerage": hub.brokerage_total,
            "articulation": "yes" if hub.articulation_point else "",
        }
        for rank, hub in enumerate(report.top(top, by=by), start=1)
    ]


STRUCTURE_COLUMNS = ("measure", "value")


def structure_rows(report: StructureReport) -> list[Row]:
    rows: list[Row] = [
        {"measure": "nodes", "value": report.node_count},
        {"measure": "edges", "value": report.edge_count},
        {"measure": "density", "value": report.density},
        {"measure": "components", "value": report.component_count},
        {"measure": "largest component share", "value": report.largest_component_share},
        {"measure": "isolates", "value": len(report.isolates)},
        {"measure": "average clustering", "value": report.average_clustering},
        {"measure": "transitivity", "value": report.transitivity},
        {"measure": "max k-core", "value": report.max_core},
        {"measure": "degree assortativity", "value": report.degree_assortativity},
    ]
    rows += [
        {"measure": f"assortativity by {key}", "value": value}
        for key, value in report.assortativity.items()
    ]
    communities = report.communities
    rows.append({"measure": "communities (Louvain)", "value": communities.count})
    rows.append({"measure": "modularity", "value": communities.modularity})
    for key, match in report.matches.items():
        rows.append({"measure": f"communities vs {key}: ARI", "value": match.adjusted_rand})
        rows.append(
            {"measure": f"communities vs {key}: NMI", "value": match.normalized_mutual_info}
        )
    return rows


EVALUATION_COLUMNS = ("method", "hits_at_k", "mrr")


def evaluation_rows(report: EvaluationReport) -> list[Row]:
    return [{"method": m.method, "hits_at_k": m.hits_at_k, "mrr": m.mrr} for m in report.methods]


def name_lookup(names: Mapping[str, str]) -> Names:
    return lambda node_id: names.get(node_id, node_id)
