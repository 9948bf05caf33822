"""Coordination gaps of one province: what planners should fix first, and why.

`find_gaps(graph, province_code)` takes the province's subgraph (or a larger one: its region,
for comparison with peers; or the province's alone plus its peers' summaries, `peers.py`, as
`gaps_from_index(..., peer_summaries=...)` does for the service) and returns a `GapReport`,
the JSON shape of `partnernet gaps`:

    {"province": {code, name_th, name_en, region}, "coverage": 0..1,
     "gaps": [{"kind", "severity", "subjects", "explanation_th", "explanation_en", "evidence"}],
     "metrics": {...}}

Gap kinds (the partnership template, `template.py`, says what is expected):
- `missing_partner_role`: the provincial council network has no tie to an expected partner
  (one gap per role); for other levels, one gap per role listing the councils without it.
- `subdistrict_council_unlinked_local_government` / `subdistrict_council_unlinked_network`:
  local councils with no tie to their own SAO/municipality, or to the provincial network.
- `no_provincial_network`, `no_district_mechanism` (`missing_mechanism` for other template
  expectations): the province has fewer than expected.
- `proposal_not_submitted`, `proposal_unanswered`, `proposal_not_adopted`: each proposal of the
  province at the furthest step it failed (never sent; sent, no answer after N days; answered
  but not adopted in a plan after N days). Proposals raised or answered within N days are not
  gaps yet.
- `council_never_heard`: a council whose submitted proposals all went unanswered.
- `agency_never_responds`: an agency that received at least `agency_min_received` overdue
  proposals from the province and answered none.
- `issue_without_agency_partner`: an issue councils work on, with no partner agency of theirs
  working on it.
- `single_point_of_failure`: a non-agency organisation whose removal cuts k councils off from
  every agency.
- `isolated_council`, `disconnected_component`: councils with no partner; groups of
  organisations with councils but no path to any agency.
- `below_regional_peers`: partners per council, coverage or the share of local councils tied to
  local government more than `peer_margin` below the median of the regional peers.

Sorted by severity (high first), then kind, then subjects. Pure: no I/O, graph not mutated.

`analyse_province` returns the gaps and the partner suggestions (`recommend.py`) of a province
from one projection of the graph: what a planner's page needs, at half the cost of two calls.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any

import networkx as nx
from pydantic import BaseModel

from partnernet.analysis.decisions import DecisionRecord, planned_for
from partnernet.analysis.gap_index import (
    AGENCY,
    PartnershipIndex,
    ProvinceFacts,
    peer_provinces,
    province_facts,
)
from partnernet.analysis.gap_models import Gap, GapReport, ProvinceInfo, share_severity
from partnernet.analysis.gap_proposals import proposal_gaps
from partnernet.analysis.gap_structure import structure_gaps
from partnernet.analysis.gap_text import Writer
from partnernet.analysis.peers import PeerSummary
from partnernet.analysis.recommend import RecommendationReport, recommend_from_index
from partnernet.analysis.template import (
    MISSING_PARTNER_ROLE,
    GapSettings,
    Role,
    Severity,
    Template,
    load_template,
)
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph.model import CouncilLevel

GAP_KINDS = (
    "missing_partner_role",
    "subdistrict_council_unlinked_local_government",
    "subdistrict_council_unlinked_network",
    "no_provincial_network",
    "no_district_mechanism",
    "missing_mechanism",
    "proposal_not_submitted",
    "proposal_unanswered",
    "proposal_not_adopted",
    "council_never_heard",
    "agency_never_responds",
    "issue_without_agency_partner",
    "single_point_of_failure",
    "isolated_council",
    "disconnected_component",
    "below_regional_peers",
)
PEER_METRICS = ("partners_per_council", "coverage", "local_government_share")


def find_gaps(
    graph: nx.MultiDiGraph,
    province_code: str,
    *,
    template: Template | None = None,
    today: date | None = None,
    unanswered_after_days: int = 90,
    peers: Iterable[str] | None = None,
) -> GapReport:
    """The coordination gaps of a province (code, or any name `resolve_province` accepts);
    ties are counted as of `today` (default: the current date)."""
    index = PartnershipIndex(graph, template or load_template(), as_of=today or date.today())
    return gaps_from_index(
        index,
        province_code,
        today=today,
        unanswered_after_days=unanswered_after_days,
        peers=peers,
    )


class ProvinceAnalysis(BaseModel):
    """Gaps and partner suggestions of one province, from one shared projection."""

    gaps: GapReport
    recommendations: RecommendationReport


def analyse_province(
    graph: nx.MultiDiGraph,
    province_code: str,
    *,
    template: Template | None = None,
    today: date | None = None,
    unanswered_after_days: int = 90,
    top: int = 10,
    peers: Iterable[str] | None = None,
    peer_summaries: Mapping[str, PeerSummary] | None = None,
) -> ProvinceAnalysis:
    """`find_gaps` and `recommend` for a province in one pass over the graph (what a planner's
    page needs; cheaper than calling both, which would project the graph twice). Ties are
    counted as of `today` (default: the current date)."""
    index = PartnershipIndex(graph, template or load_template(), as_of=today or date.today())
    peer_list = None if peers is None else list(peers)
    return ProvinceAnalysis(
        gaps=gaps_from_index(
            index,
            province_code,
            today=today,
            unanswered_after_days=unanswered_after_days,
            peers=peer_list,
            peer_summaries=peer_summaries,
        ),
        recommendations=recommend_from_index(
            index, province_code, top=top, peers=peer_list, peer_summaries=peer_summaries
        ),
    )


@collector_paused()
def gaps_from_index(
    index: PartnershipIndex,
    province_code: str,
    *,
    today: date | None = None,
    unanswered_after_days: int = 90,
    peers: Iterable[str] | None = None,
    peer_summaries: Mapping[str, PeerSummary] | None = None,
) -> GapReport:
    """`find_gaps` on a prepared index (lets gaps and suggestions share one projection).
    With `peer_summaries` (see peers.py) the regional peers are compared through them, so
    the index needs to hold only the province."""
    if unanswered_after_days < 0:
        raise InvalidInput("unanswered_after_days must be >= 0")
    province = geography.resolve_province(province_code)
    code = province.code
    settings = index.template.gaps
    writer = Writer(index, province, settings.max_names)
    facts = province_facts(index, code)

    gaps: list[Gap] = []
    gaps += _role_gaps(index, facts, writer, settings)
    gaps += _expectation_gaps(index, facts, writer)
    gaps += proposal_gaps(
        index, code, writer, today or date.today(), unanswered_after_days, settings
    )
    gaps += _issue_gaps(index, facts, writer)
    gaps += structure_gaps(index, facts, writer, settings)
    peer_gaps, peer_evidence = _peer_gaps(index, facts, writer, settings, peers, peer_summaries)
    gaps += peer_gaps
    # Planned gaps after the open ones: a planner reads what is still to do first.
    gaps.sort(key=lambda g: (g.status == "planned", g.severity.rank, g.kind, g.subjects))

    region = index.region(code)
    return GapReport(
        province=ProvinceInfo(
            code=code, name_th=province.name_th, name_en=province.name_en, region=region
        ),
        coverage=facts.coverage,
        gaps=gaps,
        metrics={
            "councils": len(facts.councils),
            "councils_by_level": {k: len(v) for k, v in sorted(facts.by_level.items())},
            "partners_per_council": facts.partners_per_council,
            "coverage": facts.coverage,
            "local_government_share": facts.local_government_share,
            "coverage_items": facts.coverage_items,
            "peers": peer_evidence,
        },
    )


# --- partner roles and province expectations ----------------------------------------------


def _role_gaps(
    index: PartnershipIndex, facts: ProvinceFacts, writer: Writer, settings: GapSettings
) -> list[Gap]:
    gaps: list[Gap] = []
    plans: dict[str, dict[str, DecisionRecord]] = {}

    def planned(council: str, level: str, role: Role) -> DecisionRecord | None:
        found = plans.get(council)
        if found is None:
            found = plans[council] = planned_for(index, council, index.template.roles_for(level))
        return found.get(role.id)

    for status in facts.roles:
        role, level = status.role, status.level
        if not status.missing:
            continue
        total = len(status.present) + len(status.missing)
        evidence: dict[str, Any] = {
            "role": role.id,
            "role_th": role.name_th,
            "role_en": role.name_en,
            "level": level,
            "weight": role.weight,
            "where": role.where.value,
        }
        # Councils whose planner accepted a partner for this role: listed apart as planned.
        decided = {c: d for c in status.missing if (d := planned(c, level, role)) is not None}
        missing = [c for c in status.missing if c not in decided]
        if decided:
            gaps.append(_planned_gap(role, decided, writer, evidence))
        if not missing:
            continue
        if level == CouncilLevel.PROVINCIAL.value or (
            total == 1 and role.gap_kind == MISSING_PARTNER_ROLE
        ):
            # One gap per council: a provincial network is one organisation, named.
            for council in missing:
                candidates = index.role_candidates(council, role)
                th, en = writer.missing_role(council, role, candidates)
                gaps.append(
                    Gap(
                        kind=role.gap_kind,
                        severity=role.severity,
                        subjects=[council],
                        explanation_th=th,
                        explanation_en=en,
                        evidence={**evidence, "candidates": candidates},
                    )
                )
            continue
        share = len(missing) / total
        th, en = writer.councils_missing_role(level, role, missing, total)
        gaps.append(
            Gap(
                kind=role.gap_kind,
                severity=share_severity(role.severity, share, settings),
                subjects=sorted(missing),
                explanation_th=th,
                explanation_en=en,
                evidence={
                    **evidence,
                    "missing": len(missing),
                    "councils": total,
                    "share": round(share, 4),
                },
            )
        )
    return gaps


def _planned_gap(
    role: Role, decided: Mapping[str, DecisionRecord], writer: Writer, evidence: dict[str, Any]
) -> Gap:
    councils = sorted(decided)
    th, en = writer.planned_role(
        role, [(c, decided[c].target, decided[c].decided_on) for c in councils]
    )
    return Gap(
        kind=role.gap_kind,
        severity=Severity.LOW,
        subjects=councils,
        explanation_th=th,
        explanation_en=en,
        status="planned",
        evidence={
            **evidence,
            "decisions": [
                {
                    "source": c,
                    "target": decided[c].target,
                    "decided_on": decided[c].decided_on,
                    "decided_by": decided[c].decided_by,
                }
                for c in councils
            ],
        },
    )


def _expectation_gaps(index: PartnershipIndex, facts: ProvinceFacts, writer: Writer) -> list[Gap]:
    gaps: list[Gap] = []
    for wanted in index.template.province:
        found = facts.expectations.get(wanted.id, [])
        if len(found) >= wanted.min_count:
            continue
        th, en = writer.missing_expectation(wanted, len(found))
        gaps.append(
            Gap(
                kind=wanted.gap_kind,
                severity=wanted.severity,
                subjects=[f"province:{facts.code}"],
                explanation_th=th,
                explanation_en=en,
                evidence={"expectation": wanted.id, "found": found, "min_count": wanted.min_count},
            )
        )
    return gaps


# --- issues ---------------------------------------------------------------------------------


def _issue_gaps(index: PartnershipIndex, facts: ProvinceFacts, writer: Writer) -> list[Gap]:
    councils_on: dict[str, list[str]] = defaultdict(list)
    for council in facts.councils:
        for issue in index.issues_of(council):
            councils_on[issue].append(council)
    gaps: list[Gap] = []
    for issue in sorted(councils_on):
        councils = sorted(councils_on[issue])
        partnered = any(
            index.kind(partner) == AGENCY and index.works_on(partner, issue)
            for council in councils
            for partner in index.partners(council)
        )
        if partnered:
            continue
        candidates = [
            node
            for node in index.orgs_on_issue(issue)
            if index.kind(node) == AGENCY and index.place(node).province in (facts.code, None)
        ]
        th, en = writer.issue_without_agency(issue, councils, candidates)
        gaps.append(
            Gap(
                kind="issue_without_agency_partner",
                severity=Severity.HIGH if len(councils) >= 3 else Severity.MEDIUM,
                subjects=[issue, *councils],
                explanation_th=th,
                explanation_en=en,
                evidence={"issue": issue, "councils": len(councils), "candidates": candidates},
            )
        )
    return gaps


# --- regional peers -------------------------------------------------------------------------


def _peer_gaps(
    index: PartnershipIndex,
    facts: ProvinceFacts,
    writer: Writer,
    settings: GapSettings,
    peers: Iterable[str] | None,
    summaries: Mapping[str, PeerSummary] | None,
) -> tuple[list[Gap], dict[str, Any]]:
    facts_of: Callable[[str], ProvinceFacts | PeerSummary]
    if summaries is None:
        codes = peer_provinces(index, facts.code, peers, settings.min_peer_councils)
        facts_of = partial(province_facts, index)
    else:
        # Summaries are made from the region's graph, where every peer is held whole.
        wanted = None if peers is None else {str(p) for p in peers}
        codes = sorted(
            code
            for code, summary in summaries.items()
            if code != facts.code
            and (wanted is None or code in wanted)
            and summary.councils >= settings.min_peer_councils
        )
        facts_of = summaries.__getitem__
    evidence: dict[str, Any] = {"provinces": codes}
    if len(codes) < settings.min_peers or not facts.councils:
        return [], evidence
    peer_facts = [facts_of(p) for p in codes]
    try:
        region = geography.region_of(facts.code, index.template.region_system)
    except geography.UnknownPlaceError:
        return [], evidence
    gaps: list[Gap] = []
    for metric in PEER_METRICS:
        value = getattr(facts, metric)
        values = {f.code: getattr(f, metric) for f in peer_facts if getattr(f, metric) is not None}
        if value is None or len(values) < settings.min_peers:
            continue
        median = float(statistics.median(values.values()))
        evidence[metric] = {"value": value, "median": median, "peers": values}
        if median <= 0 or value >= median * (1 - settings.peer_margin):
            continue
        th, en = writer.below_peers(metric, value, median, len(values), region)
        gaps.append(
            Gap(
                kind="below_regional_peers",
                severity=Severity.HIGH if value < 0.5 * median else Severity.MEDIUM,
                subjects=[f"province:{facts.code}"],
                explanation_th=th,
                explanation_en=en,
                evidence={
                    "metric": metric,
                    "value": value,
                    "median": round(median, 4),
                    "peers": values,
                    "margin": settings.peer_margin,
                },
            )
        )
    return gaps, evidence
