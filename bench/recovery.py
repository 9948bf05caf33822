"""Planted-gap recovery: precision and recall of `find_gaps` against ground_truth.json.

Both sides become *items* ``(kind, province, role, subject)``: one per subject of a gap (a
council, a broker, a proposal and each of its addressees, an issue and each of its councils,
``province:XX``), with the template role for `missing_partner_role` (else ""). An item found
by `find_gaps` is a true positive when the ground truth has it. Precision is computed over the
gap kinds the generator plants (other kinds, e.g. `below_regional_peers`, compare a province
with its peers and have no planted truth: they are counted and listed, not scored).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import networkx as nx

Item = tuple[str, str, str, str]


def truth_items(truth: Mapping[str, Any], planted_only: bool = False) -> set[Item]:
    items: set[Item] = set()
    for gap in truth["gaps"]:
        if planted_only and not gap["planted"]:
            continue
        role = gap.get("role") or ""
        for subject in gap["subjects"]:
            items.add((gap["kind"], gap["province"], role, subject))
    return items


def found_items(province: str, gaps: Iterable[Any]) -> set[Item]:
    items: set[Item] = set()
    for gap in gaps:
        role = ""
        if gap.kind == "missing_partner_role":
            role = str(gap.evidence.get("role") or "")
        for subject in gap.subjects:
            items.add((gap.kind, province, role, subject))
    return items


def detect(
    graph: nx.MultiDiGraph, provinces: Sequence[str], today: date, after_days: int
) -> tuple[set[Item], float]:
    """Run the gap analysis for every province on one shared index; (items, seconds)."""
    from partnernet.analysis.gap_index import PartnershipIndex
    from partnernet.analysis.gaps import gaps_from_index
    from partnernet.analysis.template import load_template

    started = time.perf_counter()
    index = PartnershipIndex(graph, load_template(), as_of=today)
    items: set[Item] = set()
    for code in provinces:
        report = gaps_from_index(index, code, today=today, unanswered_after_days=after_days)
        items |= found_items(code, report.gaps)
    return items, time.perf_counter() - started


def score(truth: Mapping[str, Any], found: set[Item]) -> dict[str, Any]:
    expected = truth_items(truth)
    planted = truth_items(truth, planted_only=True)
    kinds = sorted({item[0] for item in expected})
    scored = {item for item in found if item[0] in kinds}
    unscored = Counter(item[0] for item in found if item[0] not in kinds)
    per_kind: dict[str, dict[str, Any]] = {}
    by_kind_expected: dict[str, set[Item]] = defaultdict(set)
    by_kind_found: dict[str, set[Item]] = defaultdict(set)
    for item in expected:
        by_kind_expected[item[0]].add(item)
    for item in scored:
        by_kind_found[item[0]].add(item)
    for kind in kinds:
        e, f = by_kind_expected[kind], by_kind_found[kind]
        tp = len(e & f)
        per_kind[kind] = {
            "expected": len(e),
            "found": len(f),
            "true_positives": tp,
            "precision": _ratio(tp, len(f)),
            "recall": _ratio(tp, len(e)),
            "missed": sorted(e - f)[:5],
            "false_positives": sorted(f - e)[:5],
        }
    tp = len(expected & scored)
    return {
        "expected_items": len(expected),
        "planted_items": len(planted),
        "found_items": len(scored),
        "true_positives": tp,
        "precision": _ratio(tp, len(scored)),
        "recall": _ratio(tp, len(expected)),
        "recall_planted": _ratio(len(planted & scored), len(planted)),
        "per_kind": per_kind,
        "unscored_kinds": dict(sorted(unscored.items())),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None
