"""Shared groundwork for gaps and partner suggestions: ties, places, roles, province facts.

`PartnershipIndex` wraps one typed graph (as `graph_from_records` builds it) with what both
`gaps` and `recommend` ask again and again: who is tied to whom (the partnership projection
with the template's `ties` mix), where each organisation is (subdistrict, district, province,
region), which organisations of a kind sit in a province, and which expected roles a council
fills. `province_facts` sums that up for one province (coverage, partners per council, share of
local councils tied to local government), which is also what regional peers are compared on.

Everything is computed from the graph given; nothing is read or written elsewhere. Costs are
linear in the graph (one projection) plus work proportional to the province asked about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES, project_partnerships
from partnernet.analysis.template import Matcher, Role, Template, Where, matches_any
from partnernet.foundation import geography
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph.model import NodeKind, RelType

COUNCIL = NodeKind.COUNCIL.value
AGENCY = NodeKind.AGENCY.value
ISSUE = NodeKind.ISSUE.value
_WORKS_ON = RelType.WORKS_ON.value

# Relation of a partner's place to an organisation's place, finest first.
SAME_SUBDISTRICT = "same_subdistrict"
SAME_DISTRICT = "same_district"
SAME_PROVINCE = "same_province"
SAME_REGION = "same_region"
NATIONAL = "national"
ELSEWHERE = "elsewhere"
TIERS = (SAME_SUBDISTRICT, SAME_DISTRICT, SAME_PROVINCE, SAME_REGION, NATIONAL, ELSEWHERE)

# The role whose share of local councils is compared with regional peers.
LOCAL_GOVERNMENT_ROLE = "local_government"


@dataclass(frozen=True, slots=True)
class Place:
    subdistrict: str | None
    district: str | None
    province: str | None
    region: str | None


def _code(value: object, digits: int) -> str | None:
    if isinstance(value, str) and len(value) == digits and value.isdigit():
        return value
    return None


def subtype(attrs: Mapping[str, Any]) -> str | None:
    """What narrows an organisation's kind: a council's level, anything else's type."""
    value = attrs.get("level") if attrs.get("kind") == COUNCIL else attrs.get("type")
    return str(value) if value is not None else None


class PartnershipIndex:
    """One graph, prepared for province-level questions (see the module docstring)."""

    # Built by `_index_nodes` or shared by `_share_nodes`; `_index_issues` or shared.
    _subtypes: dict[str, str | None]
    _places: dict[str, Place]
    _regions: dict[str, str | None]
    _by_kind_province: dict[tuple[str, str | None], list[str]]
    _by_subtype: dict[tuple[str, str | None, str | None], list[str]]
    _by_district: dict[tuple[str, str | None, str], list[str]]
    _no_district: dict[tuple[str, str | None, str | None], list[str]]
    _by_subdistrict: dict[str, list[str]]
    _in_subdistrict: dict[tuple[str, str | None, str], int]
    _issues: dict[str, set[str]]
    _issue_orgs: dict[str, list[str]]
    _issue_area: dict[tuple[str, str | None, str], list[str]]
    _issue_district: dict[tuple[str, str], list[str]]

    @collector_paused()
    def __init__(
        self,
        graph: nx.MultiDiGraph,
        template: Template,
        *,
        as_of: date | None = None,
        nodes_from: PartnershipIndex | None = None,
        issues_too: bool = False,
        ties: nx.Graph | None = None,
    ) -> None:
        """`as_of`: the day ties are counted on (a partnership whose `until` is before it has
        lapsed and is no tie); None counts every tie whatever its dates.

        `nodes_from`: an index of another day of the same graph (same template), whose
        organisations' places and kind/type buckets are taken as they are instead of built
        again (organisations exist on every day with the same attributes, see
        analysis/timeline.py; only the ties and the WORKS_ON issues are the day's);
        `issues_too`: its issues as well (the caller knows no WORKS_ON is dated). `ties`: the
        projection of `graph` (`project_partnerships(graph, mix, as_of=as_of,
        node_attrs=False)`) when the caller has it."""
        self.graph = graph
        self.template = template
        self.as_of = as_of
        self.ties: nx.Graph = (
            ties
            if ties is not None
            else project_partnerships(graph, template.ties.mix(), as_of=as_of, node_attrs=False)
        )
        self._attrs: dict[str, dict[str, Any]] = dict(graph.nodes(data=True))
        self._kinds: dict[str, str] = {
            n: a["kind"] for n, a in self._attrs.items() if isinstance(a.get("kind"), str)
        }
        # Gaps (role coverage) and suggestions (lacking roles) ask the same council and role.
        self._role_partners: dict[tuple[str, str], tuple[str, ...]] = {}
        # Per role (by identity: the roles of `template`, which the index holds), whether an
        # organisation fills it for a council; shared by `_share_nodes`.
        self._fills: dict[int, dict[tuple[str, str], bool]] = {}
        if nodes_from is not None and nodes_from.template is template:
            self._share_nodes(nodes_from)
        else:
            self._index_nodes()
        if nodes_from is not None and issues_too and nodes_from.template is template:
            self._issues = nodes_from._issues
            self._issue_orgs = nodes_from._issue_orgs
            self._issue_area = nodes_from._issue_area
            self._issue_district = nodes_from._issue_district
        else:
            self._index_issues()

    def _share_nodes(self, other: PartnershipIndex) -> None:
        # Sorted lists never changed after they are built, read only through `.get`: shared.
        self._subtypes = other._subtypes
        self._fills = other._fills
        self._regions = dict(other._regions)
        # Only the organisations' places: another node (a proposal not raised yet on one
        # day) may have been placed from that day's graph.
        self._places = {n: other._places[n] for n in other._subtypes if n in other._places}
        self._by_kind_province = other._by_kind_province
        self._by_subtype = other._by_subtype
        self._by_district = other._by_district
        self._no_district = other._no_district
        self._by_subdistrict = other._by_subdistrict
        self._in_subdistrict = other._in_subdistrict

    def _index_nodes(self) -> None:
        self._subtypes = {}
        self._places = {}
        self._regions = {}
        self._by_kind_province = defaultdict(list)
        self._by_subtype = defaultdict(list)
        self._by_district = defaultdict(list)
        self._no_district = defaultdict(list)
        self._by_subdistrict = defaultdict(list)
        self._in_subdistrict = defaultdict(int)
        for node, attrs in self._attrs.items():
            kind = attrs.get("kind")
            if kind not in ORGANIZATION_KIND_VALUES:
                continue
            sub = self._subtypes[node] = subtype(attrs)
            province = _code(attrs.get("province_code"), 2)
            place = self.place(node)
            self._by_kind_province[(kind, province)].append(node)
            self._by_subtype[(kind, sub, province)].append(node)
            if place.subdistrict is not None:
                self._by_subdistrict[place.subdistrict].append(node)
                self._in_subdistrict[(kind, sub, place.subdistrict)] += 1
            if place.district is not None:
                self._by_district[(kind, sub, place.district)].append(node)
            else:
                self._no_district[(kind, sub, province)].append(node)
        for group in (
            self._by_kind_province,
            self._by_subtype,
            self._by_district,
            self._no_district,
            self._by_subdistrict,
        ):
            for nodes in group.values():
                nodes.sort()

    def _index_issues(self) -> None:
        self._issues = defaultdict(set)
        self._issue_orgs = defaultdict(list)
        self._issue_area = defaultdict(list)
        self._issue_district = defaultdict(list)
        kinds = self._kinds
        for source, target, rel in self.graph.edges(keys=True):
            if rel != _WORKS_ON or kinds.get(target) != ISSUE or source not in self._subtypes:
                continue
            self._issues[source].add(target)
            self._issue_orgs[target].append(source)
            place = self.place(source)
            if place.district is not None:
                self._issue_district[(target, place.district)].append(source)
            else:
                self._issue_area[(target, place.province, kinds[source])].append(source)
        for group in (self._issue_orgs, self._issue_area, self._issue_district):
            for nodes in group.values():
                nodes.sort()

    # --- nodes ---------------------------------------------------------------------------

    def attrs(self, node: str) -> Mapping[str, Any]:
        return self._attrs[node]

    def kind(self, node: str) -> str | None:
        return self._kinds.get(node)

    def subtype(self, node: str) -> str | None:
        """An organisation's type (level for councils); None for other nodes."""
        return self._subtypes.get(node)

    def name(self, node: str, lang: str = "th") -> str:
        attrs = self.graph.nodes[node] if node in self.graph else {}
        if lang == "en" and attrs.get("name_en"):
            return str(attrs["name_en"])
        return str(attrs.get("name_th") or attrs.get("name_en") or node)

    def has_name_en(self, node: str) -> bool:
        return bool(node in self.graph and self.graph.nodes[node].get("name_en"))

    def orgs(self, kind: str, province: str | None) -> list[str]:
        """Organisations of a kind whose `province_code` is `province` (None: national)."""
        return self._by_kind_province.get((kind, province), [])

    def orgs_of(self, kind: str, sub: str | None, province: str | None) -> list[str]:
        """Organisations of a kind and type (level for councils) in a province."""
        return self._by_subtype.get((kind, sub, province), [])

    def councils(self, province: str) -> list[str]:
        return self.orgs(COUNCIL, province)

    def subtype_buckets(self) -> Iterable[tuple[tuple[str, str | None, str | None], list[str]]]:
        """(kind, type/level, province) -> organisations, for every triple present."""
        return self._by_subtype.items()

    def buckets(self) -> Iterable[tuple[tuple[str, str | None], list[str]]]:
        """(kind, province) -> organisations, for every pair present."""
        return self._by_kind_province.items()

    def provinces_with_kind(self, kind: str) -> list[str]:
        """Provinces with at least one organisation of `kind` in the graph, by code."""
        return sorted(
            p
            for (k, p), nodes in self._by_kind_province.items()
            if k == kind and p is not None and nodes
        )

    def provinces_with_councils(self) -> list[str]:
        return self.provinces_with_kind(COUNCIL)

    def issues_of(self, node: str) -> set[str]:
        """The issues an organisation WORKS_ON (a copy)."""
        return set(self._issues.get(node, ()))

    def works_on(self, node: str, issue: str) -> bool:
        """Whether an organisation WORKS_ON `issue` (without copying its issues)."""
        return issue in self._issues.get(node, ())

    def count_in_subdistrict(self, kind: str, sub: str | None, subdistrict: str) -> int:
        """How many organisations of a kind and type are known to be in a subdistrict."""
        return self._in_subdistrict.get((kind, sub, subdistrict), 0)

    def orgs_on_issue(self, issue: str) -> list[str]:
        return self._issue_orgs.get(issue, [])

    def orgs_on_issue_in(self, issue: str, province: str | None, kind: str) -> list[str]:
        """Organisations of a kind working on an issue that serve a whole province (no
        district code) or, with `province` None, the whole country."""
        return self._issue_area.get((issue, province, kind), [])

    def orgs_on_issue_near(self, issue: str, district: str) -> list[str]:
        """Organisations known to be in a district working on an issue."""
        return self._issue_district.get((issue, district), [])

    def orgs_in_subdistrict(self, subdistrict: str) -> list[str]:
        """Organisations of every kind known to be in a subdistrict."""
        return self._by_subdistrict.get(subdistrict, [])

    def orgs_in_district(self, kind: str, sub: str | None, district: str) -> list[str]:
        """Organisations of a kind and type (level for councils) known to be in a district."""
        return self._by_district.get((kind, sub, district), [])

    # --- places --------------------------------------------------------------------------

    def region(self, province: str | None) -> str | None:
        if province is None:
            return None
        if province not in self._regions:
            try:
                found: str | None = geography.region_of(province, self.template.region_system).code
            except (geography.UnknownPlaceError, ValueError):
                found = None
            self._regions[province] = found
        return self._regions[province]

    def place(self, node: str) -> Place:
        found = self._places.get(node)
        if found is None:
            attrs = self.graph.nodes[node] if node in self.graph else {}
            sub = _code(attrs.get("subdistrict_code"), 6)
            dist = _code(attrs.get("district_code"), 4) or (sub[:4] if sub else None)
            prov = _code(attrs.get("province_code"), 2) or (dist[:2] if dist else None)
            found = Place(sub, dist, prov, self.region(prov))
            self._places[node] = found
        return found

    def tier(self, source: str, target: str) -> str:
        """The finest level at which `target` is known to share `source`'s place (TIERS):
        national bodies (no province) are `national`."""
        places = self._places  # most calls hit the cache: skip the method call for those
        a = places.get(source) or self.place(source)
        b = places.get(target) or self.place(target)
        if b.province is None:
            return NATIONAL
        if a.province is None:
            return ELSEWHERE
        if a.province != b.province:
            return SAME_REGION if a.region is not None and a.region == b.region else ELSEWHERE
        if a.subdistrict is not None and a.subdistrict == b.subdistrict:
            return SAME_SUBDISTRICT
        if a.district is not None and a.district == b.district:
            return SAME_DISTRICT
        return SAME_PROVINCE

    def within(self, source: str, target: str, where: Where) -> bool:
        """Whether `target` may be `where` relative to `source`. Province and region must be
        known; a district or subdistrict code unknown on either side does not count against
        (a municipality known only by its province may be any council's own)."""
        if where is Where.ANYWHERE:
            return True
        a, b = self.place(source), self.place(target)
        if a.province is None or b.province is None:
            return False
        if where is Where.SAME_REGION:
            return a.province == b.province or (a.region is not None and a.region == b.region)
        if a.province != b.province:
            return False
        if where is Where.SAME_PROVINCE:
            return True
        if a.district is not None and b.district is not None and a.district != b.district:
            return False
        if where is Where.SAME_DISTRICT:
            return True
        return a.subdistrict is None or b.subdistrict is None or a.subdistrict == b.subdistrict

    def nearby(self, source: str, matcher: Matcher, where: Where) -> Iterator[str]:
        """Organisations `matcher` picks that may be `where` relative to `source` (the source
        itself excluded), read from the kind/type buckets rather than the whole graph."""
        kind = matcher.kind.value
        place = self.place(source)
        if where is Where.ANYWHERE or place.province is None:
            provinces: list[str | None] = [*self.provinces_with_kind(kind), None]
        elif where is Where.SAME_REGION:
            provinces = [
                p
                for p in self.provinces_with_kind(kind)
                if p == place.province or (place.region and self.region(p) == place.region)
            ]
        else:
            provinces = [place.province]
        subs: Iterable[str | None]
        if matcher.type is not None:
            subs = matcher.type
        elif matcher.level is not None:
            subs = [level.value for level in matcher.level]
        else:
            subs = sorted(
                {sub for (k, sub, _) in self._by_subtype if k == kind}, key=lambda x: str(x)
            )
        local = where in (Where.SAME_SUBDISTRICT, Where.SAME_DISTRICT) and place.district
        for province in provinces:
            for sub in subs:
                pool = (
                    [
                        *self._by_district.get((kind, sub, str(place.district)), []),
                        *self._no_district.get((kind, sub, province), []),
                    ]
                    if local
                    else self.orgs_of(kind, sub, province)
                )
                for node in pool:
                    if (
                        node != source
                        and matcher.matches(self.attrs(node))
                        and self.within(source, node, where)
                    ):
                        yield node

    # --- ties ----------------------------------------------------------------------------

    def partners(self, node: str) -> list[str]:
        return sorted(self.ties.adj[node]) if node in self.ties else []

    def degree(self, node: str) -> int:
        return len(self.ties.adj[node]) if node in self.ties else 0

    def tied(self, a: str, b: str, via: Iterable[RelType] | None = None) -> bool:
        if a not in self.ties or b not in self.ties.adj[a]:
            return False
        if via is None:
            return True
        # The adjacency, not `ties.edges`: that view would hold the graph in a reference
        # cycle, left for the cyclic collector instead of freed with the index (a trend
        # makes one projection a day).
        relations: Mapping[str, int] = self.ties._adj[a][b].get("relations", {})
        return any(rel.value in relations for rel in via)

    def fills(self, council: str, partner: str, role: Role) -> bool:
        """Whether `partner` (tied or not) is of the kind and place `role` asks for."""
        return matches_any(role.match, self.attrs(partner)) and self.within(
            council, partner, role.where
        )

    def role_partners(self, council: str, role: Role) -> tuple[str, ...]:
        """Partners of `council` that fill `role` (through the role's `via` ties)."""
        key = (council, role.id)
        found = self._role_partners.get(key)
        if found is None:
            # Whether a partner fills the role depends on the two organisations' attributes
            # only, the same on every day: kept per role in `_fills`, which the indexes of
            # one graph's days share (`nodes_from`); a trend asks the same pairs each day.
            fills = self._fills.get(id(role))
            if fills is None:
                fills = self._fills[id(role)] = {}
            partners: list[str] = []
            for p in self.partners(council):
                filled = fills.get((council, p))
                if filled is None:
                    filled = fills[(council, p)] = self.fills(council, p, role)
                if filled and self.tied(council, p, role.via):
                    partners.append(p)
            found = self._role_partners[key] = tuple(partners)
        return found

    def role_candidates(self, council: str, role: Role) -> list[str]:
        """Organisations that could fill `role` for `council` and are not tied to it."""
        found: set[str] = set()
        for matcher in role.match:
            for node in self.nearby(council, matcher, role.where):
                if not self.tied(council, node, role.via):
                    found.add(node)
        return sorted(found)


# --- province facts ----------------------------------------------------------------------


@dataclass
class RoleStatus:
    """One expected role across the councils of one level in a province."""

    level: str
    role: Role
    present: list[str] = field(default_factory=list)  # councils that fill it
    missing: list[str] = field(default_factory=list)  # councils that do not

    @property
    def share(self) -> float:
        total = len(self.present) + len(self.missing)
        return len(self.present) / total if total else 0.0


@dataclass
class ProvinceFacts:
    code: str
    councils: list[str]
    by_level: dict[str, list[str]]
    roles: list[RoleStatus]
    expectations: dict[str, list[str]]  # province expectation id -> matching organisations
    coverage: float
    coverage_items: list[dict[str, Any]]
    partners_per_council: float
    local_government_share: float | None


def province_facts(index: PartnershipIndex, code: str) -> ProvinceFacts:
    """Coverage and size-normalised measures of one province (see the module docstring)."""
    template = index.template
    councils = index.councils(code)
    by_level: dict[str, list[str]] = defaultdict(list)
    for council in councils:
        by_level[str(index.attrs(council).get("level"))].append(council)

    roles: list[RoleStatus] = []
    items: list[dict[str, Any]] = []
    for level, expectation in template.councils.items():
        members = by_level.get(level.value, [])
        if not members and not expectation.required:
            continue
        for role in expectation.roles:
            status = RoleStatus(level.value, role)
            for council in members:
                (status.present if index.role_partners(council, role) else status.missing).append(
                    council
                )
            roles.append(status)
            items.append(
                {
                    "item": f"{level.value}:{role.id}",
                    "weight": role.weight,
                    "share": status.share,
                    "councils": len(members),
                }
            )

    expectations: dict[str, list[str]] = {}
    for wanted in template.province:
        found = sorted(
            {
                node
                for matcher in wanted.match
                for node in index.orgs(matcher.kind.value, code)
                if matcher.matches(index.attrs(node))
            }
        )
        expectations[wanted.id] = found
        items.append(
            {
                "item": f"province:{wanted.id}",
                "weight": wanted.weight,
                "share": min(1.0, len(found) / wanted.min_count),
                "councils": None,
            }
        )

    total = sum(item["weight"] for item in items)
    coverage = sum(item["weight"] * item["share"] for item in items) / total if total else 1.0
    partners = sum(index.degree(c) for c in councils) / len(councils) if councils else 0.0

    local = [s for s in roles if s.role.id == LOCAL_GOVERNMENT_ROLE]
    local_total = sum(len(s.present) + len(s.missing) for s in local)
    local_share = sum(len(s.present) for s in local) / local_total if local_total else None
    return ProvinceFacts(
        code=code,
        councils=councils,
        by_level=dict(by_level),
        roles=roles,
        expectations=expectations,
        coverage=round(coverage, 4),
        coverage_items=items,
        partners_per_council=round(partners, 4),
        local_government_share=None if local_share is None else round(local_share, 4),
    )


def peer_provinces(
    index: PartnershipIndex, code: str, peers: Iterable[str] | None = None, min_councils: int = 1
) -> list[str]:
    """Provinces to compare `code` with: `peers` if given, else the other provinces of its
    region; either way only provinces the graph really holds (see `holds_province`)."""
    present = set(index.provinces_with_councils())
    if peers is not None:
        wanted = {str(p) for p in peers}
    else:
        region = index.region(code)
        wanted = {p for p in present if region is not None and index.region(p) == region}
    return sorted(
        p for p in (wanted & present) - {code} if holds_province(index, p, code, min_councils)
    )


_HELD_SAMPLE = 60


def holds_province(
    index: PartnershipIndex, province: str, seen_from: str, min_councils: int
) -> bool:
    """Whether the graph holds `province` as a whole rather than as the fringe of
    `seen_from`'s subgraph. A province's subgraph also holds every organisation of another
    province that is tied to it (all the councils CODI's regional office works with, say);
    such fringe organisations all touch `seen_from`, while most organisations of a province
    held in full do not. So: at least `min_councils` councils, and fewer than half of (a fixed
    sample of) its organisations with a relationship to a node of `seen_from`."""
    if len(index.councils(province)) < min_councils:
        return False
    orgs = sorted(node for (kind, p), nodes in index.buckets() if p == province for node in nodes)
    step = max(1, len(orgs) // _HELD_SAMPLE)
    sample = orgs[::step][:_HELD_SAMPLE]
    graph = index.graph
    touching = sum(
        1
        for node in sample
        if any(
            graph.nodes[other].get("province_code") == seen_from
            for other in (*graph.successors(node), *graph.predecessors(node))
        )
    )
    return touching * 2 < len(sample)
