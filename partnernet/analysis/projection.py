"""The organisation-to-organisation partnership graph, projected from the full graph.

Every hub, structure, gap and recommendation analysis asks "who works with whom" among
organisations, whatever the evidence: a declared partnership, a membership, funding or support,
taking part in the same events, or one organisation sending proposals to another. This module
turns the full typed graph (`partnernet.graph.store.graph_from_records`: a MultiDiGraph whose
nodes carry `kind` and whose edges carry `type`) into one undirected simple `nx.Graph` with:

- nodes: every organisation node of the input (kinds in `ORGANIZATION_KINDS`), isolated ones
  included, with a copy of its attributes;
- edges: between two distinct organisations, with `weight` (the sum, over the evidence, of the
  mix weight times the relationship's own `weight` property where it has one, else 1) and
  `relations` (evidence type -> count: RelType values for direct relationships, and
  `co_participation`, `proposal_channel`, `holds_role` for the derived ones).

Direct relationships (PARTNERS_WITH, MEMBER_OF, FUNDS, SUPPORTS) count once per relationship,
whatever their direction (A->B and B->A are two pieces of evidence). Derived ones:
- co_participation: both PARTICIPATED_IN the same Event; one per shared event;
- proposal_channel: A PROPOSED a Proposal that was SUBMITTED_TO B; one per proposal;
- holds_role: one Person HOLDS_ROLE in both; one per shared person (weight 0 by default).
A relation whose mix weight is 0 is ignored entirely (no edge, not counted in `relations`).
Given `as_of`, a direct relationship in force on another date is no evidence: one whose
`until` is before `as_of` (a lapsed MOU) or whose `since` is after it (not signed yet).

Pure: the input graph is never mutated; output order is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from partnernet.foundation.errors import InvalidInput
from partnernet.graph.model import ORGANIZATION_KINDS, NodeKind, RelType

ORGANIZATION_KIND_VALUES: frozenset[str] = frozenset(kind.value for kind in ORGANIZATION_KINDS)

CO_PARTICIPATION = "co_participation"
PROPOSAL_CHANNEL = "proposal_channel"
HOLDS_ROLE = "holds_role"

_DIRECT: dict[str, str] = {
    RelType.PARTNERS_WITH.value: "partners_with",
    RelType.MEMBER_OF.value: "member_of",
    RelType.FUNDS.value: "funds",
    RelType.SUPPORTS.value: "supports",
}

# Plain strings for the projection's loop over every edge (an enum's `.value` is a descriptor
# call: 50k of them in a large province).
_PARTICIPATED_IN = RelType.PARTICIPATED_IN.value
_PROPOSED = RelType.PROPOSED.value
_SUBMITTED_TO = RelType.SUBMITTED_TO.value
_HOLDS_ROLE = RelType.HOLDS_ROLE.value
_EVENT = NodeKind.EVENT.value
_PROPOSAL = NodeKind.PROPOSAL.value
_PERSON = NodeKind.PERSON.value


@dataclass(frozen=True)
class RelationshipMix:
    """Which relationships make two organisations partners, and how much each counts."""

    partners_with: float = 1.0
    member_of: float = 1.0
    funds: float = 1.0
    supports: float = 1.0
    co_participation: float = 0.5  # per shared event
    proposal_channel: float = 0.5  # proposer -> addressee via PROPOSED / SUBMITTED_TO
    holds_role: float = 0.0  # per person holding roles in both (people are not organisations)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or value < 0:
                raise InvalidInput(f"mix weight {f.name} must be a number >= 0, got {value!r}")

    def weight_of(self, relation: str) -> float:
        """The mix weight for a relation key (`PARTNERS_WITH`, `co_participation`, …)."""
        name = _DIRECT.get(relation, relation)
        return float(getattr(self, name, 0.0))


DEFAULT_MIX = RelationshipMix()


def is_organisation(attrs: dict[str, Any]) -> bool:
    return attrs.get("kind") in ORGANIZATION_KIND_VALUES


def organisations(graph: nx.Graph) -> list[str]:
    """Ids of the organisation nodes of any graph (by the `kind` attribute), in graph order."""
    return [node for node, attrs in graph.nodes(data=True) if is_organisation(attrs)]


# The relationships that tie two organisations directly.
DIRECT_TYPES: frozenset[str] = frozenset(_DIRECT)


def rel_weight(data: Mapping[str, Any]) -> float:
    """A relationship's own `weight` (1 when it has none)."""
    value = data.get("weight")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1.0
    return float(value)


def _copy_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    # Containers are copied one level deep so that editing the projection's lists (aliases,
    # source_ids) never reaches the caller's graph.
    return {
        key: (list(value) if isinstance(value, list) else dict(value))
        if isinstance(value, list | dict)
        else value
        for key, value in attrs.items()
    }


class Accumulator:
    """Evidence per unordered pair of organisations: the summed weight and the count of each
    relation, with pairs and relations kept in the order they were first seen."""

    def __init__(self) -> None:
        self.weight: dict[tuple[str, str], float] = {}
        self.relations: dict[tuple[str, str], dict[str, int]] = {}

    def add(self, a: str, b: str, relation: str, weight: float) -> None:
        if a == b:
            return
        pair = (a, b) if a < b else (b, a)
        counts = self.relations.get(pair)
        if counts is None:
            self.weight[pair] = 0.0 + weight  # the same float sum as starting from 0.0
            self.relations[pair] = {relation: 1}
        else:
            self.weight[pair] += weight
            counts[relation] = counts.get(relation, 0) + 1

    def add_groups(self, groups: Iterable[list[str]], relation: str, weight: float) -> None:
        for members in groups:
            for a, b in combinations(sorted(set(members)), 2):
                self.add(a, b, relation, weight)

    def write_edges(self, result: nx.Graph) -> None:
        """Every pair as an edge of `result` (whose nodes are all there), in sorted order.

        Written straight into networkx's adjacency, as `add_edges_from` would write it: for a
        province's 20k pairs that is half the time of the public call, which checks both ends
        and copies every attribute dict. `tests/analysis/test_projection.py` holds the result
        equal, down to iteration order, to the public-API build."""
        adj = result._adj
        relations = self.relations
        for pair in sorted(self.weight):
            a, b = pair
            counts = relations[pair]
            if len(counts) > 1:
                counts = dict(sorted(counts.items()))
            adj[a][b] = adj[b][a] = {"weight": self.weight[pair], "relations": counts}


def in_force(data: Mapping[str, Any], as_of: str) -> bool:
    """Whether a relationship's `since`/`until` (ISO dates, either may be absent) cover the
    ISO date `as_of`; ISO dates compare as strings."""
    since, until = data.get("since"), data.get("until")
    return not (isinstance(until, str) and until < as_of) and not (
        isinstance(since, str) and since > as_of
    )


def project_partnerships(
    graph: nx.MultiDiGraph,
    mix: RelationshipMix = DEFAULT_MIX,
    *,
    as_of: date | None = None,
    node_attrs: bool = True,
) -> nx.Graph:
    """The undirected organisation partnership graph (see the module docstring). With
    `node_attrs=False` its nodes carry no attributes (for callers that look them up in
    `graph`, like the partnership index: copying them is a tenth of its time)."""
    return project_edges(graph, graph.edges(data=True), mix, as_of=as_of, node_attrs=node_attrs)


# The relationship types a projection looks at (the others are never evidence of a tie).
PROJECTED_TYPES: frozenset[str] = frozenset(
    {*_DIRECT, _PARTICIPATED_IN, _PROPOSED, _SUBMITTED_TO, _HOLDS_ROLE}
)


def project_edges(
    graph: nx.MultiDiGraph,
    edges: Iterable[tuple[str, str, dict[str, Any]]],
    mix: RelationshipMix = DEFAULT_MIX,
    *,
    as_of: date | None = None,
    node_attrs: bool = True,
    weighed: Iterable[tuple[str, str, str, float]] = (),
) -> nx.Graph:
    """`project_partnerships` of `graph` from `edges`: its relationships (source, target,
    data) in graph order, of which those whose type is not in `PROJECTED_TYPES` may be left
    out (analysis/day_states.py hands a day's relationships without building its graph's
    edge view).

    `weighed`: the direct ties (`DIRECT_TYPES`) between organisations in force on the day,
    already weighed (source, target, relation, mix weight x own weight), in graph order; then
    `edges` holds no direct tie (day_states.py weighs each once for every day)."""
    day = as_of.isoformat() if as_of is not None else None
    kinds: dict[str, Any] = dict(graph.nodes(data="kind"))
    orgs = {node for node, kind in kinds.items() if kind in ORGANIZATION_KIND_VALUES}
    acc = Accumulator()
    for source, target, rel, weight in weighed:
        acc.add(source, target, rel, weight)
    gather(acc, edges, kinds, orgs, mix, day)
    result = nx.Graph()
    if node_attrs:
        result.add_nodes_from(
            (node, _copy_attrs(attrs)) for node, attrs in graph.nodes(data=True) if node in orgs
        )
    else:
        result.add_nodes_from(node for node in graph if node in orgs)
    acc.write_edges(result)
    return result


def gather(
    acc: Accumulator,
    edges: Iterable[tuple[str, str, Mapping[str, Any]]],
    kinds: Mapping[str, Any],
    orgs: AbstractSet[str],
    mix: RelationshipMix,
    day: str | None,
) -> None:
    """Add to `acc` the evidence in `edges` (graph order): the direct ties as they come, then
    the derived ones, events, persons and proposals each in sorted order. `kinds`: the graph's
    node kinds; `orgs`: its organisations; `day`: the ISO day direct ties must hold on."""
    participants: dict[str, list[str]] = defaultdict(list)  # event -> organisations
    proposers: dict[str, list[str]] = defaultdict(list)  # proposal -> organisations
    addressees: dict[str, list[str]] = defaultdict(list)  # proposal -> organisations
    role_orgs: dict[str, list[str]] = defaultdict(list)  # person -> organisations

    factors = {rel: mix.weight_of(rel) for rel in _DIRECT}
    for source, target, data in edges:
        rel = data.get("type")
        if rel in factors:
            factor = factors[rel]
            if (
                factor > 0
                and source in orgs
                and target in orgs
                and (day is None or in_force(data, day))
            ):
                acc.add(source, target, rel, factor * rel_weight(data))
        elif rel == _PARTICIPATED_IN:
            if source in orgs and kinds.get(target) == _EVENT:
                participants[target].append(source)
        elif rel == _PROPOSED:
            if source in orgs and kinds.get(target) == _PROPOSAL:
                proposers[target].append(source)
        elif rel == _SUBMITTED_TO:
            if target in orgs and kinds.get(source) == _PROPOSAL:
                addressees[source].append(target)
        elif rel == _HOLDS_ROLE and target in orgs and kinds.get(source) == _PERSON:
            role_orgs[source].append(target)

    if mix.co_participation > 0:
        acc.add_groups(
            (participants[e] for e in sorted(participants)),
            CO_PARTICIPATION,
            mix.co_participation,
        )
    if mix.holds_role > 0:
        acc.add_groups((role_orgs[p] for p in sorted(role_orgs)), HOLDS_ROLE, mix.holds_role)
    if mix.proposal_channel > 0:
        for proposal in sorted(proposers.keys() & addressees.keys()):
            for a in sorted(set(proposers[proposal])):
                for b in sorted(set(addressees[proposal])):
                    acc.add(a, b, PROPOSAL_CHANNEL, mix.proposal_channel)
