"""The national table: one row per province (all 77, those without data included), for the
home page, the API's province list and the province map.

Counts (organisations, councils) come from the graph; everything that needs the analysis's
rules (coverage of the template, partners per council counted with tie dates, gap counts)
comes from the province's gap report, so the table and the province page never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import networkx as nx

from partnernet.analysis.gap_models import GapReport
from partnernet.foundation import geography
from partnernet.graph.model import NodeKind

# One province's row: organizations, councils, partners_per_council, coverage, gap_count,
# high_gaps; None where the province has no data (drawn grey on the map).
ProvinceRow = dict[str, float | None]

_ORG_KINDS = frozenset(k.value for k in NodeKind if k.is_organization)


def province_table(
    graph: nx.MultiDiGraph, reports: Mapping[str, GapReport]
) -> dict[str, ProvinceRow]:
    """Rows for every province, by code in code order."""
    orgs: Counter[str] = Counter()
    councils: Counter[str] = Counter()
    for _, attrs in graph.nodes(data=True):
        code = attrs.get("province_code")
        kind = attrs.get("kind")
        if code and kind in _ORG_KINDS:
            orgs[str(code)] += 1
            if kind == NodeKind.COUNCIL.value:
                councils[str(code)] += 1
    rows: dict[str, ProvinceRow] = {}
    for province in geography.provinces():
        code = province.code
        row: ProvinceRow = {
            "organizations": float(orgs[code]) if orgs[code] else None,
            "councils": float(councils[code]) if councils[code] else None,
            "partners_per_council": None,
            "coverage": None,
            "gap_count": None,
            "high_gaps": None,
        }
        report = reports.get(code)
        if report is not None:
            reported = report.metrics.get("partners_per_council")
            row["partners_per_council"] = (
                float(reported) if isinstance(reported, int | float) else None
            )
            row["coverage"] = float(report.coverage)
            row["gap_count"] = float(len(report.gaps))
            row["high_gaps"] = float(sum(g.severity.value == "high" for g in report.gaps))
        rows[code] = row
    return rows
