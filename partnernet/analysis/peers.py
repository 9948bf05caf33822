"""Peer summaries: what a province's regional peers contribute to its analysis, in a few KB.

Gaps compare a province with its regional peers (partners per council, coverage, the share of
local councils tied to local government) and suggestions weigh what peer organisations do
("9 of 11 peer councils work with their own SAO"). Computed from the region's graph that
needs every organisation of twenty provinces; summed up per province it needs only:

- the province's facts (`province_facts`): councils, the three peer metrics;
- per group of organisations (kind and type/level): how many there are, and how many of them
  have a partner of each *signature* (partner kind, type/level, and where the partner is
  relative to them: own subdistrict, district, province, region, national, elsewhere).

`summarise_provinces(index, codes)` computes them from an index over the region;
`gaps_from_index(..., peer_summaries=...)` and `recommend_from_index(..., peer_summaries=...)`
use them instead of the peers' organisations, so a province's analysis needs only its own
subgraph. Given the same region index, both ways give the same result (tested).

A summary counts ties as of one day; `validity` says for which days the ties it counted are
the same (no tie in the graph starts or lapses in between).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import networkx as nx
from pydantic import BaseModel

from partnernet.analysis.gap_index import PartnershipIndex, province_facts

Signature = tuple[str, str | None, str]  # partner kind, type/level, place relative to the org


class GroupSummary(BaseModel):
    """Organisations of one kind and type/level in a province, and their partners' kinds."""

    kind: str
    sub: str | None
    members: int
    # (partner kind, partner type/level, tier, how many members have such a partner)
    counts: list[tuple[str, str | None, str, int]]

    def signature_counts(self) -> dict[Signature, int]:
        return {(kind, sub, tier): count for kind, sub, tier, count in self.counts}


class PeerSummary(BaseModel):
    """One province as its regional peers see it (see the module docstring)."""

    code: str
    councils: int
    partners_per_council: float
    coverage: float
    local_government_share: float | None
    groups: list[GroupSummary]

    def group(self, kind: str, sub: str | None) -> GroupSummary | None:
        for group in self.groups:
            if group.kind == kind and group.sub == sub:
                return group
        return None


def signature(index: PartnershipIndex, org: str, partner: str) -> Signature:
    """What kind of partner `partner` is for `org`: kind, type/level, place relative to it."""
    return (str(index.kind(partner)), index.subtype(partner), index.tier(org, partner))


def group_counts(index: PartnershipIndex, members: Iterable[str]) -> dict[Signature, int]:
    """How many of `members` have at least one partner of each signature."""
    counts: dict[Signature, int] = defaultdict(int)
    for member in members:
        partners = index.ties.adj[member] if member in index.ties else {}
        for sig in {signature(index, member, p) for p in partners}:
            counts[sig] += 1
    return dict(counts)


def summarise_province(index: PartnershipIndex, code: str) -> PeerSummary:
    facts = province_facts(index, code)
    groups: list[GroupSummary] = []
    for (kind, sub, province), members in sorted(
        index.subtype_buckets(), key=lambda item: (item[0][0], str(item[0][1]))
    ):
        if province != code or not members:
            continue
        counts = group_counts(index, members)
        groups.append(
            GroupSummary(
                kind=kind,
                sub=sub,
                members=len(members),
                counts=sorted((k, s, t, n) for (k, s, t), n in counts.items()),
            )
        )
    return PeerSummary(
        code=code,
        councils=len(facts.councils),
        partners_per_council=facts.partners_per_council,
        coverage=facts.coverage,
        local_government_share=facts.local_government_share,
        groups=groups,
    )


def summarise_provinces(index: PartnershipIndex, codes: Iterable[str]) -> dict[str, PeerSummary]:
    """Summaries of these provinces, from an index over (at least) their region."""
    return {code: summarise_province(index, code) for code in sorted(set(codes))}


def validity(graph: nx.MultiDiGraph, as_of: date) -> tuple[date | None, date | None]:
    """The days [first, last] on which every relationship of `graph` is in force or not
    exactly as on `as_of` (None: unbounded), so a summary made on `as_of` holds for them."""
    day = as_of.isoformat()
    first: date | None = None
    last: date | None = None
    for _, _, data in graph.edges(data=True):
        since, until = data.get("since"), data.get("until")
        for value, starts in ((since, True), (until, False)):
            if not isinstance(value, str):
                continue
            try:
                when = date.fromisoformat(value[:10])
            except ValueError:
                continue
            # `since` S: in force from S on; `until` U: in force up to U, lapsed from U+1.
            change = when if starts else when + timedelta(days=1)
            if change.isoformat() > day:
                end = change - timedelta(days=1)  # the last day before the change
                last = end if last is None else min(last, end)
            else:
                first = change if first is None else max(first, change)
    return first, last


def region_counts(
    summaries: Mapping[str, PeerSummary], kind: str, sub: str | None, exclude: str | None
) -> int:
    """How many organisations of a kind and type/level the summarised provinces hold (but
    `exclude`)."""
    total = 0
    for code, summary in summaries.items():
        found = summary.group(kind, sub) if code != exclude else None
        total += found.members if found else 0
    return total
