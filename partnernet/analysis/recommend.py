"""Missing partners: who each council (or one organisation) should approach next, and why.

`recommend(graph, province_code)` suggests partners for the province's councils;
`recommend(graph, org_id=...)` for one organisation. The JSON shape of `partnernet recommend`:

    {"recommendations": [{"source", "target", "score", "components": {...},
                          "explanation_th", "explanation_en", "evidence": {...}}],
     "accepted": [{"source", "target", "decided_on", "note"}]}

Candidates for a source: its 2-hop neighbourhood in the partnership projection (not through
hubs with more than `hub_degree` partners), organisations that would fill an expected role it
lacks (partnership template), every organisation of its subdistrict, organisations working on
its issues within its reach (its district, province-wide bodies of its province, national
bodies), and local organisations of the kinds most of its peers work with. Only pairs the
template's `allowed_pairs` allow are kept; existing partners never appear; a RECOMMENDED
relationship between the pair (either direction) with decision `rejected` suppresses it, and
one with `accepted` moves it to `accepted`; while an accepted one is `planned` (decisions.py),
no other candidate is offered for the role it answers; an `undone` one counts for nothing.
In province mode a pair of the province's own councils is suggested once.

Score = weighted mean (template `recommend.weights`) of components, each in 0..1:
- `template_role`: weight of the heaviest lacking role the candidate fills / the level's
  largest role weight, times its fit: 1 for the closest candidates of that role (the council's
  own SAO, its province's PAO), 0.5 for others the template also allows (another SAO of the
  district);
- `peer_practice`: share of the source's peers (same kind and level/type, in its region or the
  given `peers` provinces) tied to a partner like the candidate (same kind, type/level and
  place relative to them: their own subdistrict, district, province, the region, national),
  divided by how many such organisations the source has to choose from ("9 of 11 peers work
  with the SAO of their subdistrict" backs that one SAO; "most peers work with some council
  of their province" backs each of a hundred councils very little); 0 with fewer than
  `min_peers` peers;
- `common_neighbours`: 1 - exp(-Adamic-Adar) over shared partners;
- `shared_issues`: share of the source's issues (WORKS_ON) the candidate also works on;
- `proximity`: by the template's table (same subdistrict 1.0 ... elsewhere 0).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from pydantic import BaseModel, Field

from partnernet.analysis.decisions import DecisionRecord, decisions_of, planned_for, record
from partnernet.analysis.gap_index import (
    COUNCIL,
    NATIONAL,
    SAME_DISTRICT,
    SAME_PROVINCE,
    SAME_REGION,
    SAME_SUBDISTRICT,
    TIERS,
    PartnershipIndex,
    subtype,
)
from partnernet.analysis.peers import PeerSummary, Signature, region_counts, signature
from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES
from partnernet.analysis.recommend_text import explain
from partnernet.analysis.template import Matcher, Role, Template, load_template, matches_any
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph.model import NodeKind, RecommendationDecision, Relationship, RelType

COMPONENTS = ("template_role", "peer_practice", "common_neighbours", "shared_issues", "proximity")
_LOCAL_TIERS = frozenset({SAME_SUBDISTRICT, SAME_DISTRICT, SAME_PROVINCE})
# Local peer practices worth at least this much per candidate bring in their candidates
# (most peers work with their own SAO: the SAO; not every council of the province).
_PEER_CANDIDATE_SHARE = 0.25
# Kinds that share issues with everyone nearby: only suggested on an issue within a district.
_GRASSROOTS = frozenset({NodeKind.COUNCIL.value, NodeKind.COMMUNITY_ORGANIZATION.value})
_NOT_GRASSROOTS = tuple(sorted(ORGANIZATION_KIND_VALUES - _GRASSROOTS))
_ACCEPTED = RecommendationDecision.ACCEPTED.value
_UNDONE = RecommendationDecision.UNDONE.value
_TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}
# Template-role credit for a candidate that fills the role but is not among the closest.
_FARTHER_FIT = 0.5


class Recommendation(BaseModel):
    source: str
    target: str
    score: float
    components: dict[str, float]
    explanation_th: str
    explanation_en: str
    evidence: dict[str, Any] = Field(default_factory=dict)


class DecidedSuggestion(BaseModel):
    source: str
    target: str
    decision: str
    decided_on: str | None = None
    note: str | None = None
    status: str | None = None  # planned / realised / lapsed (see decisions.py)
    decided_by: str | None = None
    role: str | None = None


class RecommendationReport(BaseModel):
    recommendations: list[Recommendation]
    accepted: list[DecidedSuggestion] = Field(default_factory=list)


def decision_relationship(
    source: str,
    target: str,
    decision: RecommendationDecision | str,
    decided_on: date | str,
    score: float | None = None,
    note: str | None = None,
    *,
    decided_by: str | None = None,
    role: str | None = None,
    gap_kind: str | None = None,
    undone: RecommendationDecision | str | None = None,
) -> Relationship:
    """The RECOMMENDED relationship that records a planner's decision on a suggestion
    (write it with the store's `upsert_relationships`; later runs respect it; see
    decisions.py for what it means)."""
    return Relationship(
        type=RelType.RECOMMENDED,
        source=source,
        target=target,
        decision=RecommendationDecision(decision),
        decided_on=date.fromisoformat(decided_on) if isinstance(decided_on, str) else decided_on,
        score=score,
        note=note,
        decided_by=decided_by,
        answers_role=role,
        answers_gap=gap_kind,
        undone_decision=None if undone is None else RecommendationDecision(undone),
    )


# --- scoring context ------------------------------------------------------------------------


@dataclass
class PeerGroup:
    size: int  # organisations in the group, the source included if it is one
    signatures: dict[str, frozenset[Signature]]  # of the members known here
    counts: dict[Signature, int]


@dataclass
class Scorer:
    """Per-call caches over one index: partner sets, issues, peer groups, allowed kinds."""

    index: PartnershipIndex
    peers: frozenset[str] | None = None
    # Peer provinces' groups from their summaries rather than from `index` (see peers.py).
    summaries: Mapping[str, PeerSummary] | None = None
    _partners: dict[str, frozenset[str]] = field(default_factory=dict)
    _issues: dict[str, frozenset[str]] = field(default_factory=dict)
    _groups: dict[tuple[str, str | None, str | None], PeerGroup] = field(default_factory=dict)
    _allowed: dict[tuple[str | None, ...], bool] = field(default_factory=dict)
    _log_degree: dict[str, float] = field(default_factory=dict)
    _options: dict[
        tuple[str | None, str | None, str | None, tuple[str, str | None], Signature], int
    ] = field(default_factory=dict)
    _decisions: dict[str, dict[str, tuple[str, dict[str, Any]]]] = field(default_factory=dict)

    @property
    def template(self) -> Template:
        return self.index.template

    def partners(self, node: str) -> frozenset[str]:
        found = self._partners.get(node)
        if found is None:
            found = frozenset(self.index.ties.adj[node]) if node in self.index.ties else frozenset()
            self._partners[node] = found
        return found

    def aa_weight(self, node: str) -> float:
        """Adamic-Adar weight of a shared partner: 1 / ln(degree), 0 for degree 1."""
        found = self._log_degree.get(node)
        if found is None:
            degree = len(self.partners(node))
            found = 1.0 / math.log(degree) if degree > 1 else 0.0
            self._log_degree[node] = found
        return found

    def issues(self, node: str) -> frozenset[str]:
        found = self._issues.get(node)
        if found is None:
            found = frozenset(self.index.issues_of(node))
            self._issues[node] = found
        return found

    def allowed(self, source: str, target: str) -> bool:
        """Whether the template's `allowed_pairs` let `target` be suggested to `source`
        (cached by kind and type/level of both)."""
        index = self.index
        key = (
            index.kind(source),
            index.subtype(source),
            index.kind(target),
            index.subtype(target),
        )
        found = self._allowed.get(key)
        if found is None:
            matchers = self.template.allowed_targets(index.attrs(source))
            found = matches_any(matchers, index.attrs(target))
            self._allowed[key] = found
        return found

    def signature(self, org: str, partner: str) -> Signature:
        return signature(self.index, org, partner)

    def group(self, source: str) -> PeerGroup:
        """Organisations like `source` (kind and level/type) in its region or the peers;
        with `summaries`, those of other provinces are counted from their summaries."""
        attrs = self.index.attrs(source)
        kind, sub = str(attrs.get("kind")), subtype(attrs)
        home = self.index.place(source).province
        region = self.index.region(home)
        key = (kind, sub, region if self.peers is None else home)
        found = self._groups.get(key)
        if found is not None:
            return found
        if self.summaries is not None:
            provinces: list[str] = [home] if home else []
        elif self.peers is not None:
            provinces = sorted(self.peers | ({home} if home else set()))
        else:
            provinces = [
                p
                for p in self.index.provinces_with_kind(kind)
                if p == home or (region is not None and self.index.region(p) == region)
            ]
        members = [node for p in provinces for node in self.index.orgs_of(kind, sub, p)]
        signatures = {m: frozenset(self.signature(m, p) for p in self.partners(m)) for m in members}
        counts: dict[Signature, int] = defaultdict(int)
        for sigs in signatures.values():
            for sig in sigs:
                counts[sig] += 1
        size = len(members)
        for code, summary in sorted((self.summaries or {}).items()):
            if code == home or (self.peers is not None and code not in self.peers):
                continue
            peer_group = summary.group(kind, sub)
            if peer_group is not None:
                size += peer_group.members
                for sig, count in peer_group.signature_counts().items():
                    counts[sig] += count
        found = PeerGroup(size, signatures, dict(counts))
        self._groups[key] = found
        return found

    def options(self, source: str, sig: Signature) -> int:
        """How many organisations stand in relation `sig` to `source` (at least 1): peer
        practice is spread over them ("most peers work with a council of their province" says
        little about any one of a hundred councils; "with their PAO" says much about one)."""
        index = self.index
        kind, sub, tier = sig
        place = index.place(source)
        source_attrs = index.attrs(source)
        own = (str(source_attrs.get("kind")), subtype(source_attrs))
        key = (place.subdistrict, place.district, place.province, own, sig)
        found = self._options.get(key)
        if found is not None:
            return found
        in_district = len(index.orgs_in_district(kind, sub, place.district or ""))
        in_subdistrict = index.count_in_subdistrict(kind, sub, place.subdistrict or "")
        if tier == SAME_SUBDISTRICT:
            count = in_subdistrict
        elif tier == SAME_DISTRICT:
            count = in_district - in_subdistrict
        elif tier == SAME_PROVINCE:
            count = len(index.orgs_of(kind, sub, place.province)) - in_district
        elif tier == SAME_REGION and self.summaries is not None:
            count = region_counts(self.summaries, kind, sub, exclude=place.province)
        elif tier == SAME_REGION:
            count = sum(
                len(index.orgs_of(kind, sub, p))
                for p in index.provinces_with_kind(kind)
                if p != place.province and index.region(p) == place.region
            )
        elif tier == NATIONAL:
            count = len(index.orgs_of(kind, sub, None))
        else:
            count = sum(
                len(index.orgs_of(kind, sub, p))
                for p in index.provinces_with_kind(kind)
                if index.region(p) != place.region
            )
        if own == (kind, sub) and index.tier(source, source) == tier:
            count -= 1  # the source itself
        found = max(1, count)
        self._options[key] = found
        return found

    def decisions(self, source: str) -> dict[str, tuple[str, dict[str, Any]]]:
        """Targets with a standing decision for `source` (either direction; an undone one is
        as if never taken): decision, props."""
        found = self._decisions.get(source)
        if found is None:
            found = self._decisions[source] = {
                other: (str(data.get("decision")), data)
                for other, data in decisions_of(self.index.graph, source).items()
                if data.get("decision") != _UNDONE
            }
        return found

    def planned_roles(self, source: str, roles: list[Role]) -> dict[str, DecisionRecord]:
        """Lacking roles of `source` for which a planner accepted a partner (not yet tied)."""
        if not any(d == _ACCEPTED for d, _ in self.decisions(source).values()):
            return {}
        return planned_for(self.index, source, roles)


@dataclass
class Scored:
    target: str
    score: float
    components: dict[str, float]
    evidence: dict[str, Any]


def _lacking_roles(scorer: Scorer, source: str) -> list[Role]:
    index = scorer.index
    if index.kind(source) != COUNCIL:
        return []
    return [
        role
        for role in index.template.roles_for(index.attrs(source).get("level"))
        if not index.role_partners(source, role)
    ]


def _role_fits(scorer: Scorer, source: str, lacking: list[Role]) -> dict[str, tuple[Role, float]]:
    """Candidate -> (the heaviest lacking role it fills, fit). Fit is 1 for the closest
    candidates of a role (your own SAO, your province's PAO) and `_FARTHER_FIT` for others
    the template also allows (another SAO of the district)."""
    index = scorer.index
    fits: dict[str, tuple[Role, float]] = {}
    for role in sorted(lacking, key=lambda r: (-r.weight, r.id)):
        candidates = index.role_candidates(source, role)
        if not candidates:
            continue
        ranks = {c: _TIER_RANK[index.tier(source, c)] for c in candidates}
        best = min(ranks.values())
        for candidate, rank in ranks.items():
            fit = 1.0 if rank == best else _FARTHER_FIT
            old = fits.get(candidate)
            if old is None or role.weight * fit > old[0].weight * old[1]:
                fits[candidate] = (role, fit)
    return fits


def _candidates(
    scorer: Scorer, source: str, roles: Mapping[str, object], peer_shares: Mapping[Signature, float]
) -> set[str]:
    """Who to score for `source` (see the module docstring); a superset, filtered later."""
    index = scorer.index
    hub = scorer.template.recommend.hub_degree
    pool: set[str] = set(roles)
    for middle in scorer.partners(source):
        # Shared partners that everyone has (the provincial network) add little evidence and
        # would make every member a candidate of every other: they still count in Adamic-Adar.
        if len(scorer.partners(middle)) <= hub:
            pool.update(scorer.partners(middle))
    place = index.place(source)
    home = place.province
    if place.subdistrict is not None:
        # Neighbours in the same subdistrict: few, and the first a council should know.
        pool.update(index.orgs_in_subdistrict(place.subdistrict))
    for issue in scorer.issues(source):
        # Organisations that work on the same issue at the source's reach: those of its
        # district, province-wide bodies of its province (no councils or community groups,
        # who share issues with everyone) and national bodies.
        for kind in _NOT_GRASSROOTS:
            pool.update(index.orgs_on_issue_in(issue, home, kind))
            pool.update(index.orgs_on_issue_in(issue, None, kind))
        if place.district is not None:
            pool.update(index.orgs_on_issue_near(issue, place.district))
    if home is not None:
        for (kind, sub, tier), share in peer_shares.items():
            if tier not in _LOCAL_TIERS or (
                share / scorer.options(source, (kind, sub, tier)) < _PEER_CANDIDATE_SHARE
            ):
                continue
            if tier == SAME_PROVINCE:
                nearby = index.orgs_of(kind, sub, home)
            elif place.district is not None:
                nearby = index.orgs_in_district(kind, sub, place.district)
            else:
                continue
            pool.update(node for node in nearby if index.tier(source, node) == tier)
    return pool


def rank_candidates(
    scorer: Scorer, source: str, *, include_decided: bool = False, limit: int | None = None
) -> list[Scored]:
    """Every allowed candidate for `source` (the best `limit` if given), best first, ties by
    id; score > 0 only."""
    index, template = scorer.index, scorer.template
    source_attrs = index.attrs(source)
    allowed: tuple[Matcher, ...] = template.allowed_targets(source_attrs)
    if not allowed:
        return []
    existing = scorer.partners(source)
    decided = {} if include_decided else scorer.decisions(source)
    lacking = _lacking_roles(scorer, source)
    planned = {} if include_decided else scorer.planned_roles(source, lacking)
    # A role with a planned partner is being filled: nobody else is offered for it.
    taken: set[str] = set()
    for wanted in lacking:
        if wanted.id in planned:
            taken.update(index.role_candidates(source, wanted))
    fits = _role_fits(scorer, source, [r for r in lacking if r.id not in planned])
    max_role = max((r.weight for r in template.roles_for(source_attrs.get("level"))), default=1.0)

    group = scorer.group(source)
    own = group.signatures.get(source, frozenset())
    n_peers = group.size - (1 if source in group.signatures else 0)
    peer_shares: dict[Signature, float] = {}
    if n_peers >= template.recommend.min_peers:
        for sig, count in group.counts.items():
            peer_shares[sig] = (count - (1 if sig in own else 0)) / n_peers

    weights = template.recommend.weights.as_dict()
    w_role, w_peer, w_common, w_issue, w_near = (weights[c] for c in COMPONENTS)
    total_weight = sum(weights.values())
    proximity = template.recommend.proximity.model_dump()
    source_issues = scorer.issues(source)
    spread: dict[Signature, int] = {}
    raw: list[tuple[float, str, Signature, tuple[float, ...], float]] = []
    kinds = {m.kind.value for m in allowed}
    kind_of = index.kind
    for target in _candidates(scorer, source, fits, peer_shares):
        if kind_of(target) not in kinds or target in existing or target == source:
            continue
        if target in decided or target in taken or not scorer.allowed(source, target):
            continue
        role, fit = fits.get(target, (None, 0.0))
        c_role = role.weight / max_role * fit if role else 0.0
        sig = scorer.signature(source, target)
        share = peer_shares.get(sig, 0.0)
        c_peer = 0.0
        if share > 0:
            options = spread.get(sig, 0)
            if not options:
                options = spread[sig] = scorer.options(source, sig)
            c_peer = share / options
        common = existing & scorer.partners(target)
        aa = sum(scorer.aa_weight(z) for z in common) if common else 0.0
        c_common = 1.0 - math.exp(-aa)
        c_issue = (
            len(source_issues & scorer.issues(target)) / len(source_issues)
            if source_issues
            else 0.0
        )
        c_near = float(proximity.get(sig[2], 0.0))
        score = (
            w_role * c_role
            + w_peer * c_peer
            + w_common * c_common
            + w_issue * c_issue
            + w_near * c_near
        ) / total_weight
        if score > 0:
            raw.append(
                (round(score, 4), target, sig, (c_role, c_peer, c_common, c_issue, c_near), aa)
            )
    raw.sort(key=lambda r: (-r[0], r[1]))
    out: list[Scored] = []
    for score, target, sig, values, aa in raw[:limit]:
        components = dict(zip(COMPONENTS, values, strict=True))
        evidence: dict[str, Any] = {"tier": sig[2]}
        role, _ = fits.get(target, (None, 0.0))
        if role is not None:
            evidence["role"] = {"id": role.id, "name_th": role.name_th, "name_en": role.name_en}
        if components["peer_practice"] > 0:
            evidence["peer"] = {
                "count": round(peer_shares[sig] * n_peers),
                "peers": n_peers,
                "options": spread[sig],
                "partner": list(sig),
                "group": [str(source_attrs.get("kind")), subtype(source_attrs)],
            }
        common = existing & scorer.partners(target)
        if common:
            evidence["common_partners"] = sorted(common)
            evidence["adamic_adar"] = round(aa, 4)
        shared = source_issues & scorer.issues(target)
        if shared:
            evidence["shared_issues"] = sorted(shared)
            evidence["source_issues"] = len(source_issues)
        out.append(Scored(target, score, components, evidence))
    return out


def _recommendation(scorer: Scorer, source: str, scored: Scored) -> Recommendation:
    weights = scorer.template.recommend.weights.as_dict()
    contributions = {c: weights[c] * v for c, v in scored.components.items()}
    th, en = explain(scorer.index, source, scored.target, contributions, scored.evidence)
    return Recommendation(
        source=source,
        target=scored.target,
        score=scored.score,
        components={c: round(v, 4) for c, v in scored.components.items()},
        explanation_th=th,
        explanation_en=en,
        evidence=scored.evidence,
    )


def recommend(
    graph: nx.MultiDiGraph,
    province_code: str | None = None,
    *,
    org_id: str | None = None,
    top: int = 10,
    template: Template | None = None,
    peers: Iterable[str] | None = None,
    as_of: date | None = None,
) -> RecommendationReport:
    """Partner suggestions for a province's councils, or for one organisation (`org_id`).
    Ties are counted as of `as_of` (default: the current date): a lapsed partnership is no
    tie, so its partner can be suggested again."""
    index = PartnershipIndex(graph, template or load_template(), as_of=as_of or date.today())
    return recommend_from_index(index, province_code, org_id=org_id, top=top, peers=peers)


@collector_paused()
def recommend_from_index(
    index: PartnershipIndex,
    province_code: str | None = None,
    *,
    org_id: str | None = None,
    top: int = 10,
    peers: Iterable[str] | None = None,
    peer_summaries: Mapping[str, PeerSummary] | None = None,
) -> RecommendationReport:
    """`recommend` on a prepared index (lets gaps and suggestions share one projection).
    With `peer_summaries` (see peers.py), other provinces' peers come from them, not from
    the index, which then needs to hold only the source's province."""
    if top < 1:
        raise InvalidInput("top must be >= 1")
    if org_id is not None:
        if org_id not in index.ties:
            raise NotFound(f"unknown organisation {org_id!r}")
        sources = [org_id]
    elif province_code is not None:
        sources = index.councils(geography.resolve_province(province_code).code)
    else:
        raise InvalidInput("give a province or an organisation id")
    scorer = Scorer(
        index, None if peers is None else frozenset(str(p) for p in peers), peer_summaries
    )
    best: list[tuple[str, Scored]] = []
    accepted: list[DecidedSuggestion] = []
    for source in sources:
        best.extend((source, s) for s in rank_candidates(scorer, source, limit=top))
        for target, (decision, data) in sorted(scorer.decisions(source).items()):
            if decision == _ACCEPTED and not any(
                {a.source, a.target} == {source, target} for a in accepted
            ):
                found = record(index.graph, source, target, data, index.as_of or date.today())
                accepted.append(
                    DecidedSuggestion(
                        source=source,
                        target=target,
                        decision=decision,
                        decided_on=found.decided_on,
                        note=found.note,
                        status=found.status.value,
                        decided_by=found.decided_by,
                        role=found.role,
                    )
                )
    best.sort(key=lambda item: (-item[1].score, item[0], item[1].target))
    # Partnerships are mutual: between two of the province's councils, suggest the pair once.
    chosen: list[tuple[str, Scored]] = []
    seen: set[frozenset[str]] = set()
    for source, scored in best:
        pair = frozenset((source, scored.target))
        if pair not in seen:
            seen.add(pair)
            chosen.append((source, scored))
    return RecommendationReport(
        recommendations=[_recommendation(scorer, s, scored) for s, scored in chosen[:top]],
        accepted=accepted,
    )
