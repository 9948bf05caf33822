"""The network over time: the graph as it stood on a day, and what changed between two days.

`graph_as_of(graph, day)` is the one place that decides what "as of a day" means; every
dated answer (gaps, suggestions, hubs, structure, maps, exports, diff, trend) goes through it:

- a relationship is in force on `day` when `since <= day < until` (`until` is the first day
  it no longer holds: a roster snapshot that no longer lists a tie on 2567-01-01 ends it with
  `until = 2567-01-01`). An unknown `since` means "before any dated record": the tie is in
  force on every day before its `until`; an unknown `until` means it still holds;
- FUNDS/SUPPORTS with a `year` after the day's year have not happened yet;
- a proposal raised after the day, an event that starts after it and a source published after
  it do not exist yet (with their relationships); a proposal's SUBMITTED_TO sent (`on`) after
  the day is not there yet, and one answered (`responded_on`) after the day is, on that day,
  only submitted: the proposal's status goes back to `submitted` (or `raised` when nothing
  was sent yet) and its ADOPTED_IN links, which cannot precede the answer, are left out;
- a planner's RECOMMENDED decision taken (`decided_on`) after the day is not there yet;
- organisations have no founding date in the model: every organisation exists on every day
  (one that had no tie yet is simply isolated). `organisations_appeared` in a diff counts
  those that had no tie at the start and have one at the end.

Pure: the input graph is never changed; attributes are shared with it except where the day
changes them (those are copied).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from partnernet.analysis.gap_proposals import ADOPTED, ANSWERED
from partnernet.analysis.projection import ORGANIZATION_KIND_VALUES
from partnernet.foundation.gc_pause import collector_paused
from partnernet.graph.model import NodeKind, ProposalStatus, RecommendationDecision, RelType

# Relationships that tie two organisations directly (what "a partner" means in a diff).
TIE_TYPES: frozenset[str] = frozenset(
    t.value for t in (RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS)
)
_SUBMITTED_TO = RelType.SUBMITTED_TO.value
_ADOPTED_IN = RelType.ADOPTED_IN.value
_PROPOSED = RelType.PROPOSED.value
_RECOMMENDED = RelType.RECOMMENDED.value
_DATED_TYPES = frozenset({_SUBMITTED_TO, _RECOMMENDED})
_YEARLY = frozenset({RelType.FUNDS.value, RelType.SUPPORTS.value})
_PROPOSAL = NodeKind.PROPOSAL.value
_RAISED = ProposalStatus.RAISED.value
_SUBMITTED = ProposalStatus.SUBMITTED.value
_ACCEPTED = RecommendationDecision.ACCEPTED.value
# The date a node starts to exist, per kind.
_BORN: dict[str, str] = {
    NodeKind.PROPOSAL.value: "raised_on",
    NodeKind.EVENT.value: "start_date",
    NodeKind.SOURCE.value: "published_on",
}


def iso(value: object) -> str | None:
    """A stored date as an ISO string (stores keep ISO strings; hand-made graphs may hold
    `date`s); anything else is None (unknown)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) >= 10:
        return value[:10]
    return None


def in_force(data: Mapping[str, Any], day: str) -> bool:
    """Whether a relationship holds on the ISO `day` (see the module docstring)."""
    # Stores keep plain ISO dates, which compare as strings; this runs once per relationship
    # of a region, so the common case avoids any conversion.
    since = data.get("since")
    if since is not None and (since if type(since) is str else iso(since) or "") > day:
        return False
    until = data.get("until")
    if until is not None and (until if type(until) is str else iso(until) or "9") <= day:
        return False
    year = data.get("year")
    if year is not None and isinstance(year, int) and data.get("type") in _YEARLY:
        return year <= int(day[:4])
    return True


def in_force_span(data: Mapping[str, Any]) -> tuple[str, str]:
    """The ISO days a relationship holds on, as `in_force` decides: exactly the days `day`
    with `first <= day < end` ("" : from always; "~": still holds). Lets a caller that asks
    many days compare two strings instead of reading the relationship each time."""
    since = data.get("since")
    first = "" if since is None else (since if type(since) is str else iso(since) or "")
    until = data.get("until")
    end = "~" if until is None else (until if type(until) is str else iso(until) or "9")
    year = data.get("year")
    if year is not None and isinstance(year, int) and data.get("type") in _YEARLY:
        # `year <= int(day[:4])` is `day >= "YYYY-01-01"` for the model's four-digit years.
        first = max(first, f"{year:04d}-01-01")
    return first, end


def edge_as_of(data: Mapping[str, Any], day: str) -> Mapping[str, Any] | None:
    """The relationship as it stood on `day`, None when it did not hold."""
    if not in_force(data, day):
        return None
    rel = data.get("type")
    if rel not in _DATED_TYPES:
        return data
    if rel == _SUBMITTED_TO:
        sent = iso(data.get("on"))
        if sent is not None and sent > day:
            return None
        answered = iso(data.get("responded_on"))
        if answered is not None and answered > day:
            copy = {k: v for k, v in data.items() if k != "responded_on"}
            copy["status"] = _SUBMITTED
            return copy
    elif rel == _RECOMMENDED:
        decided = iso(data.get("decided_on"))
        if decided is not None and decided > day:
            return None
    return data


def proposal_status(
    graph: nx.MultiDiGraph, node: str, attrs: Mapping[str, Any], day: str
) -> str | None:
    """The proposal's status on `day` when its dated submissions say it differs from the
    stored one (sent or answered only later), else None (the stored status holds)."""
    status = str(attrs.get("status") or _RAISED)
    if status == _RAISED:
        return None
    subs = [d for _, _, k, d in graph.out_edges(node, keys=True, data=True) if k == _SUBMITTED_TO]
    if not subs:
        return None
    sent = [iso(d.get("on")) for d in subs]
    if all(s is not None and s > day for s in sent):
        return _RAISED  # every submission is dated after the day: nothing was sent yet
    answers = [iso(d.get("responded_on")) for d in subs]
    dated = [a for a in answers if a is not None]
    if status != _SUBMITTED and dated and len(dated) == len(answers) and min(dated) > day:
        return _SUBMITTED  # answered, but every answer came after the day
    return None


# The dates of a proposal's SUBMITTED_TO on which its status as of a day can change.
PROPOSAL_STATUS_DAYS = ("on", "responded_on")


def born_on(attrs: Mapping[str, Any]) -> str | None:
    """The ISO day a node starts to exist (None: it always has); `graph_as_of` leaves it out
    on the days before."""
    field_name = _BORN.get(str(attrs.get("kind")))
    return iso(attrs.get(field_name)) if field_name is not None else None


def day_nodes(graph: nx.MultiDiGraph, when: str) -> tuple[set[str], dict[str, str]]:
    """On the ISO day `when`: the nodes not born yet, and the proposals whose status the day
    takes back (node -> its status that day; from the submissions as stored)."""
    gone: set[str] = set()
    reverted: dict[str, str] = {}
    for node, attrs in graph.nodes(data=True):
        born = born_on(attrs)
        if born is not None and born > when:
            gone.add(node)
        elif attrs.get("kind") == _PROPOSAL:
            status = proposal_status(graph, node, attrs, when)
            if status is not None:
                reverted[node] = status
    return gone, reverted


def day_edge(
    source: str, key: str, data: Mapping[str, Any], when: str, reverted: Container[str]
) -> Mapping[str, Any] | None:
    """`edge_as_of`, and an ADOPTED_IN of a proposal not answered yet that day is left out."""
    return None if key == _ADOPTED_IN and source in reverted else edge_as_of(data, when)


@collector_paused()  # it allocates a dict per relationship: no cycles to find, only pauses
def graph_as_of(graph: nx.MultiDiGraph, day: date) -> nx.MultiDiGraph:
    """The graph as it stood on `day` (rules in the module docstring)."""
    when = day.isoformat()
    result = nx.MultiDiGraph()
    result.graph.update(graph.graph)
    gone, reverted = day_nodes(graph, when)
    result.add_nodes_from(
        (node, {**attrs, "status": reverted[node]} if node in reverted else attrs)
        for node, attrs in graph.nodes(data=True)
        if node not in gone
    )
    # Filled adjacency by hand: `add_edges_from` re-checks every node and copies every
    # attribute dict, a third of the time on a region of 100k relationships.
    succ, pred = result._succ, result._pred
    for source, targets in graph._succ.items():
        if source in gone:
            continue
        out = succ[source]
        for target, keyed in targets.items():
            if target in gone:
                continue
            for key, data in keyed.items():
                kept = day_edge(source, key, data, when, reverted)
                if kept is None:
                    continue
                if target not in out:
                    out[target] = pred[target][source] = result.edge_key_dict_factory()
                # A copy: the result is a graph of its own (views may annotate its edges).
                out[target][key] = dict(kept) if kept is data else kept
    return result


@collector_paused()
def keep_as_of(graph: nx.MultiDiGraph, day: date) -> nx.MultiDiGraph:
    """`graph_as_of(graph, day)` made of `graph` itself, for a graph read only to be asked
    about that day (a province's `gaps --as-of`): what the day does not have is taken out and
    what it changes replaced, without copying the rest (`graph_as_of` copies every
    relationship, a tenth of such a question). The same nodes, relationships, attributes and
    order as `graph_as_of`, but each node's predecessors keep the graph's own order. Returns
    `graph`, changed."""
    when = day.isoformat()
    gone, reverted = day_nodes(graph, when)
    graph.remove_nodes_from(gone)
    for node, status in reverted.items():
        graph._node[node] = {**graph._node[node], "status": status}
    pred = graph._pred
    for source, targets in graph._succ.items():
        for target, keyed in list(targets.items()):
            for key, data in list(keyed.items()):
                kept = day_edge(source, key, data, when, reverted)
                if kept is None:
                    del keyed[key]
                elif kept is not data:
                    keyed[key] = dict(kept)
            if not keyed:
                del targets[target]
                del pred[target][source]
    return graph


def dated_days(graph: nx.MultiDiGraph) -> list[date]:
    """Every distinct date on which `graph_as_of` can change (sorted): the graph is the same
    on all days between two consecutive ones."""
    found: set[str] = set()
    for _, attrs in graph.nodes(data=True):
        born_field = _BORN.get(str(attrs.get("kind")))
        if born_field is not None and (value := iso(attrs.get(born_field))):
            found.add(value)
    for _, _, data in graph.edges(data=True):
        for name in ("since", "until", "on", "responded_on", "decided_on"):
            if (value := iso(data.get(name))) is not None:
                found.add(value)
        year = data.get("year")
        if isinstance(year, int) and data.get("type") in _YEARLY:
            found.add(f"{year:04d}-01-01")  # funding of a year counts from its first day
    days: list[date] = []
    for value in found:
        try:
            days.append(date.fromisoformat(value))
        except ValueError:
            continue
    return sorted(days)


# --------------------------------------------------------------------------------------------
# What changed between two days


Pair = tuple[str, str]
TieKey = tuple[str, str, str]  # type, source, target


def tie_pairs(graph: nx.MultiDiGraph, core: set[str] | None = None) -> dict[Pair, set[TieKey]]:
    """Organisation pairs tied directly (sorted pair -> the relationships that tie them, as
    (type, source, target)), keeping pairs with at least one end in `core` (None: all)."""
    kinds = dict(graph.nodes(data="kind"))
    pairs: dict[Pair, set[TieKey]] = {}
    succ, pred = graph._succ, graph._pred
    # With a core (a province in its region's graph) only the core's relationships are
    # looked at, a tenth of the region's.
    starts = succ if core is None else {n: succ[n] for n in core if n in succ}
    edges = [
        (s, t, k) for s, targets in starts.items() for t, keyed in targets.items() for k in keyed
    ]
    if core is not None:
        edges += [
            (s, t, k)
            for t in core
            if t in pred
            for s, keyed in pred[t].items()
            if s not in core
            for k in keyed
        ]
    for source, target, key in edges:
        if key not in TIE_TYPES or source == target:
            continue
        if kinds.get(source) not in ORGANIZATION_KIND_VALUES:
            continue
        if kinds.get(target) not in ORGANIZATION_KIND_VALUES:
            continue
        pair = (source, target) if source < target else (target, source)
        pairs.setdefault(pair, set()).add((key, source, target))
    return pairs


@dataclass(frozen=True)
class ProposalState:
    """What a proposal had reached on a day."""

    submitted: bool
    answered: bool
    adopted: bool


def proposal_states(
    graph: nx.MultiDiGraph, core: set[str] | None = None, provinces: set[str] | None = None
) -> dict[str, ProposalState]:
    """Each proposal of the scope (proposed by a `core` organisation, or of one of
    `provinces`; both None: every proposal) and the step it had reached in `graph`."""
    states: dict[str, ProposalState] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") != _PROPOSAL:
            continue
        if core is not None or provinces is not None:
            proposers = {s for s, _, k in graph.in_edges(node, keys=True) if k == _PROPOSED}
            mine = bool(core and proposers & core) or bool(
                provinces and attrs.get("province_code") in provinces
            )
            if not mine:
                continue
        status = str(attrs.get("status") or _RAISED)
        subs = [
            d for _, _, k, d in graph.out_edges(node, keys=True, data=True) if k == _SUBMITTED_TO
        ]
        adopted_in = any(k == _ADOPTED_IN for _, _, k in graph.out_edges(node, keys=True))
        answered = status in ANSWERED or any(
            d.get("responded_on") is not None or d.get("status") in ANSWERED for d in subs
        )
        states[node] = ProposalState(
            submitted=bool(subs) or status != _RAISED,
            answered=answered,
            adopted=adopted_in or status in ADOPTED,
        )
    return states


def accepted_suggestions(graph: nx.MultiDiGraph, core: set[str] | None = None) -> set[Pair]:
    """Pairs a planner accepted as a suggestion (RECOMMENDED, decision accepted)."""
    found: set[Pair] = set()
    for source, target, key, data in graph.edges(keys=True, data=True):
        if key != _RECOMMENDED or data.get("decision") != _ACCEPTED:
            continue
        if core is not None and source not in core and target not in core:
            continue
        found.add((source, target) if source < target else (target, source))
    return found


@dataclass
class GraphDiff:
    """The changes between the graphs of two days (sorted lists of ids / pairs)."""

    ties_added: list[Pair] = field(default_factory=list)
    ties_ended: list[Pair] = field(default_factory=list)
    # Tied on both days, but by other relationships: the tie of the start lapsed and a new
    # one was made (a renewed MOU).
    ties_renewed: list[Pair] = field(default_factory=list)
    organisations_appeared: list[str] = field(default_factory=list)
    organisations_with_new_partners: list[str] = field(default_factory=list)
    proposals_raised: list[str] = field(default_factory=list)
    proposals_submitted: list[str] = field(default_factory=list)
    proposals_answered: list[str] = field(default_factory=list)
    proposals_adopted: list[str] = field(default_factory=list)
    suggestions_realised: list[Pair] = field(default_factory=list)


def diff_graphs(
    before: nx.MultiDiGraph,
    after: nx.MultiDiGraph,
    *,
    core: set[str] | None = None,
    provinces: set[str] | None = None,
    pairs: tuple[dict[Pair, set[TieKey]], dict[Pair, set[TieKey]]] | None = None,
) -> GraphDiff:
    """What changed from `before` to `after` (two `graph_as_of` of the same graph), for the
    organisations in `core` (None: all) and the proposals of `provinces`; `pairs`: their
    `tie_pairs` when the caller has them already."""
    old, new = pairs if pairs is not None else (tie_pairs(before, core), tie_pairs(after, core))
    added = sorted(new.keys() - old.keys())
    ended = sorted(old.keys() - new.keys())
    renewed = sorted(p for p in old.keys() & new.keys() if not old[p] & new[p])

    def tied(pairs: Iterable[Pair]) -> set[str]:
        return {node for pair in pairs for node in pair}

    had, has = tied(old), tied(new)
    kinds = dict(after.nodes(data="kind"))
    orgs = {n for n, k in kinds.items() if k in ORGANIZATION_KIND_VALUES}
    scope = orgs if core is None else orgs & core
    appeared = sorted((has - had) & scope)
    gained = sorted(tied(added) & scope)

    ps_old = proposal_states(before, core, provinces)
    ps_new = proposal_states(after, core, provinces)
    none = ProposalState(False, False, False)

    def reached(step: str) -> list[str]:
        return sorted(
            p
            for p, state in ps_new.items()
            if getattr(state, step) and not getattr(ps_old.get(p, none), step)
        )

    realised = sorted(accepted_suggestions(after, core) & set(added))
    return GraphDiff(
        ties_added=added,
        ties_ended=ended,
        ties_renewed=renewed,
        organisations_appeared=appeared,
        organisations_with_new_partners=gained,
        proposals_raised=sorted(ps_new.keys() - ps_old.keys()),
        proposals_submitted=reached("submitted"),
        proposals_answered=reached("answered"),
        proposals_adopted=reached("adopted"),
        suggestions_realised=realised,
    )


def diff_drawing(
    before: nx.MultiDiGraph,
    after: nx.MultiDiGraph,
    changes: GraphDiff,
    *,
    added: str,
    ended: str,
) -> nx.MultiDiGraph:
    """The second day's graph with the period's changes marked for drawing: the ties of a
    pair tied in the period retyped `added`, and one `ended` edge per pair whose ties ended
    (from the first day's graph, so an ended tie is still seen)."""
    drawn = nx.MultiDiGraph(after)  # a copy: `after` stays as it is
    for a, b in changes.ties_added:
        for source, target in ((a, b), (b, a)):
            keyed = drawn.get_edge_data(source, target) or {}
            for key in [k for k in keyed if k in TIE_TYPES]:
                data = dict(keyed[key])
                drawn.remove_edge(source, target, key)
                drawn.add_edge(source, target, key=added, **{**data, "type": added})
    for a, b in changes.ties_ended:
        for node in (a, b):
            if node not in drawn and node in before:
                drawn.add_node(node, **before.nodes[node])
        drawn.add_edge(a, b, key=ended, type=ended)
    return drawn
