"""Planners' decisions on suggested partners, read back from the graph (pure: no store).

A decision is stored as a `RECOMMENDED` relationship (the organisation advised -> the suggested
partner) with `decision` (accepted / rejected / undone), `decided_on`, `decided_by`, `note`,
`score` (the suggestion's score when it was decided) and `answers_role` / `answers_gap` (the
template role and gap kind the suggestion answered). Being an ordinary relationship it lives in
either store and survives re-ingest; being no tie (the projection ignores it), it changes no
partnership count, centrality or peer summary.

What a decision means today (`status`) also depends on the ties recorded between the pair:
- `planned`: accepted, no tie yet. The gap it answers is listed as planned, and no other
  candidate for that role of that organisation is suggested;
- `realised`: accepted and the real tie is now recorded (any ingest or edit): the gap is gone;
- `lapsed`: accepted, the tie was recorded after the decision and has since ended (`until`
  passed): the gap is open again and other candidates may be suggested;
- `rejected`: the pair is never suggested again, never drawn or exported as a tie;
- `undone`: taken back; the pair is as if never decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from typing import Any

import networkx as nx
from pydantic import BaseModel

from partnernet.analysis.gap_index import PartnershipIndex
from partnernet.analysis.projection import in_force
from partnernet.analysis.template import Role
from partnernet.graph.model import RecommendationDecision, RelType

_RECOMMENDED = RelType.RECOMMENDED.value
_ACCEPTED = RecommendationDecision.ACCEPTED.value
_REJECTED = RecommendationDecision.REJECTED.value
_UNDONE = RecommendationDecision.UNDONE.value
# Relationships that are a real tie between two organisations (the projection's direct ones).
TIE_TYPES = frozenset(
    {
        RelType.PARTNERS_WITH.value,
        RelType.MEMBER_OF.value,
        RelType.FUNDS.value,
        RelType.SUPPORTS.value,
    }
)


class DecisionStatus(StrEnum):
    PLANNED = "planned"
    REALISED = "realised"
    LAPSED = "lapsed"
    REJECTED = "rejected"
    UNDONE = "undone"


class DecisionRecord(BaseModel):
    """One decision as `partnernet decisions` lists it."""

    source: str
    target: str
    decision: str
    status: DecisionStatus
    decided_on: str | None = None
    decided_by: str | None = None
    note: str | None = None
    score: float | None = None
    role: str | None = None
    gap_kind: str | None = None
    province: str | None = None
    # The tie that realised it (or that lapsed): its type and dates.
    tie: dict[str, Any] | None = None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _ties_between(graph: nx.MultiDiGraph, a: str, b: str) -> Iterator[dict[str, Any]]:
    for source, target in ((a, b), (b, a)):
        if source in graph and target in graph.adj[source]:
            for key, data in graph.adj[source][target].items():
                if key in TIE_TYPES:
                    yield {"type": key, **data}


def status_of(
    graph: nx.MultiDiGraph, source: str, target: str, data: dict[str, Any], as_of: date
) -> tuple[DecisionStatus, dict[str, Any] | None]:
    """What the decision `data` between `source` and `target` means on `as_of`."""
    decision = str(data.get("decision") or "")
    if decision == _REJECTED:
        return DecisionStatus.REJECTED, None
    if decision != _ACCEPTED:
        return DecisionStatus.UNDONE, None
    day = as_of.isoformat()
    decided = str(data.get("decided_on") or "")
    lapsed: dict[str, Any] | None = None
    for tie in _ties_between(graph, source, target):
        summary = {k: tie[k] for k in ("type", "since", "until") if tie.get(k) is not None}
        if in_force(tie, day):
            return DecisionStatus.REALISED, summary
        until = tie.get("until")
        # A tie that ended before the decision was taken is what the decision plans to renew.
        if isinstance(until, str) and until >= decided and lapsed is None:
            lapsed = summary
    if lapsed is not None:
        return DecisionStatus.LAPSED, lapsed
    return DecisionStatus.PLANNED, None


def record(
    graph: nx.MultiDiGraph, source: str, target: str, data: dict[str, Any], as_of: date
) -> DecisionRecord:
    status, tie = status_of(graph, source, target, data, as_of)
    decision = str(data.get("decision") or "")
    score = data.get("score")
    attrs = graph.nodes[source] if source in graph else {}
    return DecisionRecord(
        source=source,
        target=target,
        decision=decision,
        status=status,
        decided_on=_text(data.get("decided_on")),
        decided_by=_text(data.get("decided_by")),
        note=_text(data.get("note")),
        score=float(score) if isinstance(score, int | float) else None,
        role=_text(data.get("answers_role")),
        gap_kind=_text(data.get("answers_gap")),
        province=_text(attrs.get("province_code")),
        tie=tie,
    )


def decision_records(
    graph: nx.MultiDiGraph, as_of: date, *, province: str | None = None
) -> list[DecisionRecord]:
    """Every decision in `graph` (those whose advised organisation is in `province`, if
    given), by province, source, target."""
    found: list[DecisionRecord] = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        if key != _RECOMMENDED:
            continue
        if province is not None and graph.nodes[source].get("province_code") != province:
            continue
        found.append(record(graph, source, target, data, as_of))
    found.sort(key=lambda r: (r.province or "", r.source, r.target))
    return found


def decisions_of(graph: nx.MultiDiGraph, node: str) -> dict[str, dict[str, Any]]:
    """Decisions that involve `node` (either direction): the other end -> the stored
    properties. With one each way, a rejection wins (never suggest a pair either side
    refused), else the later one."""
    out: dict[str, dict[str, Any]] = {}
    if node not in graph:
        return out
    edges = [
        (t, d) for _, t, k, d in graph.out_edges(node, keys=True, data=True) if k == _RECOMMENDED
    ] + [(s, d) for s, _, k, d in graph.in_edges(node, keys=True, data=True) if k == _RECOMMENDED]
    for other, data in edges:
        old = out.get(other)
        if old is None or _rank(data) > _rank(old):
            out[other] = dict(data)
    return out


def _rank(data: dict[str, Any]) -> tuple[int, str]:
    return (1 if data.get("decision") == _REJECTED else 0, str(data.get("decided_on") or ""))


def planned_for(
    index: PartnershipIndex, council: str, roles: Iterable[Role]
) -> dict[str, DecisionRecord]:
    """Role id -> the planned (accepted, not yet realised) decision of `council` that answers
    it: the decision names the role, or its partner is of the kind and place the role asks."""
    as_of = index.as_of or date.today()
    planned: list[DecisionRecord] = []
    for other, data in sorted(decisions_of(index.graph, council).items()):
        if data.get("decision") != _ACCEPTED or other not in index.graph:
            continue
        found = record(index.graph, council, other, data, as_of)
        if found.status == DecisionStatus.PLANNED:
            planned.append(found.model_copy(update={"source": council, "target": other}))
    out: dict[str, DecisionRecord] = {}
    for role in roles:
        for found in planned:
            if found.role == role.id or index.fills(council, found.target, role):
                out.setdefault(role.id, found)
    return out
