"""The GraphStore protocol: one writer and one read view, shared by every backend.

Both backends (embedded SQLite, Neo4j) are proven to behave the same by one contract test
suite (`tests/graph/test_store_contract.py`), so everything here is specified precisely enough
to be checked: how upserts merge, what a scoped subgraph contains, how search ranks.

Merge rule for an upsert of something that already exists: every property given replaces the
stored one; properties not given are kept; `aliases` and `source_ids` are unions (stored order
first). The outcome is *unchanged* when the merged properties equal the stored ones.

Scoped subgraphs (`Scope`) never contain geography or Source nodes and never walk through
Issue nodes; see `Scope` for the exact rule.

Beside the graph, a store keeps a small key/value area for *derived* data (`set_meta` /
`get_meta`, e.g. peer summaries an analysis computed) and a `data_version` that such data is
stamped with, so that it can tell when the graph changed under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal, Protocol, runtime_checkable

import networkx as nx
from pydantic import BaseModel, Field

from partnernet.foundation.errors import InvalidInput, Unavailable
from partnernet.foundation.thai import normalize_key
from partnernet.graph.audit import GraphAudit
from partnernet.graph.model import (
    NON_TRAVERSABLE_KINDS,
    ORGANIZATION_LABEL,
    ModelError,
    Node,
    NodeKind,
    Relationship,
    RelType,
    check_endpoints,
)

MERGED_LIST_PROPS = ("aliases", "source_ids")

# Backends keep `data_version` in the meta area under this key (one place, which clear() leaves
# alone), so set_meta / get_meta refuse it: a derived value must never overwrite the version.
DATA_VERSION_KEY = "data_version"


class StoreError(Unavailable):
    """A store could not be reached or refused an operation; the message is for users."""


class WriteReport(BaseModel):
    """What a batch of upserts did. `rejected` rows never stop the good ones."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedWrite] = Field(default_factory=list)

    def add(self, other: WriteReport) -> WriteReport:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected.extend(other.rejected)
        return self


class RejectedWrite(BaseModel):
    """One item a store refused, with the item's id or key and the reason."""

    item: str
    reason: str


WriteReport.model_rebuild()


class GraphStats(BaseModel):
    """Counts by label and by relationship type (organisations under both labels)."""

    nodes: dict[str, int]
    relationships: dict[str, int]


@dataclass(frozen=True)
class Scope:
    """Which part of the graph a subgraph read returns.

    - all fields None: the whole graph, every node and relationship.
    - `provinces`: *core* nodes are those (not geography, not Source) whose `province_code`
      is in the set; the subgraph is the core plus their direct neighbours that are neither
      geography nor Source, with every relationship among those nodes.
    - `issue`: core is the Issue node plus every node with WORKS_ON/CONCERNS to it; then as above.
    - `ego` with `radius`: nodes reachable from `ego` in at most `radius` steps, ignoring
      direction, never stepping into or through geography/Issue/Source nodes (except the ego
      itself), with every relationship among them.
    At most one of provinces / issue / ego may be set.
    """

    provinces: frozenset[str] | None = None
    issue: str | None = None
    ego: str | None = None
    radius: int = 1

    def __post_init__(self) -> None:
        chosen = [x for x in (self.provinces, self.issue, self.ego) if x is not None]
        if len(chosen) > 1:
            raise InvalidInput("a Scope takes one of provinces, issue or ego")
        if self.radius < 0:
            raise InvalidInput("radius must be >= 0")

    @property
    def is_whole(self) -> bool:
        return self.provinces is None and self.issue is None and self.ego is None


WHOLE_GRAPH = Scope()

Direction = Literal["out", "in", "both"]


@dataclass(frozen=True)
class Neighbour:
    relationship: Relationship
    node: Node
    direction: Literal["out", "in"]


@runtime_checkable
class GraphWriter(Protocol):
    def init_schema(self) -> None:
        """Create tables / constraints / indexes; safe to call again."""

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = 1000) -> WriteReport:
        """Create or merge nodes, in batches; a node whose id exists with another kind is
        rejected."""

    def upsert_relationships(
        self, rels: Iterable[Relationship], batch_size: int = 1000
    ) -> WriteReport:
        """Create or merge relationships; unknown endpoints or endpoint kinds the schema does
        not allow are rejected, never created."""

    def clear(self) -> None:
        """Delete everything (used by tests and `--fresh` loads), meta keys included, and
        move `data_version` on (to a value it never had before)."""

    def set_meta(self, key: str, value: str) -> None:
        """Keep a derived value (e.g. peer summaries an analysis computed) under `key`,
        replacing any previous one. Not part of the graph: never in subgraph reads, iter_nodes,
        nodes_page, search, stats, neighbours or exports. Does not change `data_version`.
        `clear()` deletes every key. `DATA_VERSION_KEY` is reserved (ValueError); a store that
        cannot keep the value raises StoreError."""

    def close(self) -> None: ...


@runtime_checkable
class GraphReader(Protocol):
    def get_node(self, node_id: str) -> Node | None: ...

    def get_relationship(self, type_: RelType, source: str, target: str) -> Relationship | None: ...

    def existing_ids(self, ids: Iterable[str]) -> dict[str, NodeKind]:
        """Which of these ids exist, with their kind (one round trip per batch)."""

    def iter_nodes(self, kind: NodeKind | None = None) -> Iterator[Node]:
        """Every node (of a kind), ordered by id."""

    def nodes_page(
        self,
        kinds: Sequence[NodeKind],
        *,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[Node]]:
        """One page of the nodes of these kinds (in one province), ordered by id: (how many
        there are in all, the page). Reads only the page's nodes, not every node."""

    def search(
        self, text: str, kinds: Sequence[NodeKind] | None = None, limit: int = 20
    ) -> list[Node]:
        """Nodes whose Thai/English name or alias matches `text` (normalised keys): exact
        matches first, then prefix, then substring; ties by id."""

    def neighbours(
        self,
        node_id: str,
        rel_types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Neighbour]:
        """Adjacent relationships with the node at their other end, ordered by
        (type, other id, direction)."""

    def subgraph(self, scope: Scope = WHOLE_GRAPH) -> nx.MultiDiGraph:
        """The scoped part of the graph as networkx (see `graph_from_records`)."""

    def stats(self) -> GraphStats: ...

    def get_meta(self, key: str) -> str | None:
        """The value `set_meta` kept under `key`, or None (`DATA_VERSION_KEY`: ValueError)."""

    def data_version(self) -> int:
        """A number that changes whenever a write creates or updates a node or relationship (in the
        same transaction as that write, so a crash mid-load never leaves changed data under an old
        version) and on clear(); upserts that change nothing (re-loads) and set_meta leave it as it
        is. Derived values stamped with it know whether they are stale. 0 for a new empty store."""


@runtime_checkable
class GraphStore(GraphWriter, GraphReader, GraphAudit, Protocol):
    """A backend: writer and read view in one object, with the audit trail (`audit.py`)."""

    uri: str


# ---------------------------------------------------------------------------------------------
# Helpers shared by backends, so that both interpret the contract with the same code.


def merge_props(existing: Mapping[str, Any], incoming: Mapping[str, Any]) -> dict[str, Any]:
    """The stored properties after an upsert (see the module docstring)."""
    merged = dict(existing)
    for key, value in incoming.items():
        if key in MERGED_LIST_PROPS:
            current = list(merged.get(key) or [])
            current.extend(v for v in value if v not in current)
            merged[key] = current
        else:
            merged[key] = value
    return merged


def check_meta_key(key: str) -> str:
    """`key` if set_meta / get_meta may use it (see DATA_VERSION_KEY), else ValueError."""
    if key == DATA_VERSION_KEY:
        raise ValueError(f"the meta key {key!r} is reserved for the store's data version")
    return key


def search_keys(props: Mapping[str, Any]) -> list[str]:
    """The normalised keys a node is found by: Thai name, English name, aliases."""
    names = [props.get("name_th"), props.get("name_en"), *(props.get("aliases") or [])]
    keys: dict[str, None] = {}
    for name in names:
        if name:
            keys.setdefault(normalize_key(str(name)), None)
    return list(keys)


def rank_search(
    text: str,
    candidates: Iterable[tuple[str, Sequence[str]]],
    kinds: Mapping[str, str] | None = None,
) -> list[str]:
    """Order candidate ids by match quality (exact, prefix, substring), then by kind in
    `NodeKind` order when `kinds` (id -> kind value) is given, so that a council comes before
    the village groups that carry its place name ("โนนท่อน"), then by id."""
    query = normalize_key(text)
    order = {kind.value: i for i, kind in enumerate(NodeKind)}
    ranked: list[tuple[int, int, str]] = []
    for node_id, keys in candidates:
        best = (
            min(
                (0 if key == query else 1 if key.startswith(query) else 2 if query in key else 3)
                for key in keys
            )
            if keys
            else 3
        )
        if best < 3:
            kind = order.get(kinds.get(node_id, ""), len(order)) if kinds else 0
            ranked.append((best, kind, node_id))
    return [node_id for _, _, node_id in sorted(ranked)]


def labels_for_stats(kind: NodeKind) -> tuple[str, ...]:
    return (kind.value, ORGANIZATION_LABEL) if kind.is_organization else (kind.value,)


@dataclass
class GraphRecords:
    """Nodes and relationships as plain rows, the common currency of subgraph reads."""

    nodes: dict[str, tuple[NodeKind, dict[str, Any]]] = field(default_factory=dict)
    edges: list[tuple[RelType, str, str, dict[str, Any]]] = field(default_factory=list)


# (source, target, type): itemgetter sorts a province's 30k edges twice as fast as a lambda.
_EDGE_ORDER = itemgetter(1, 2, 0)


def graph_from_records(records: GraphRecords) -> nx.MultiDiGraph:
    """Build the networkx graph every analysis receives.

    Nodes carry their properties plus `kind` (label value); edges are keyed by relationship
    type and carry their properties plus `type`. Nodes and edges are added in sorted order so
    that both backends produce identical graphs, down to iteration order.

    The records' property dicts become the graph's attribute dicts (the records are built for
    this call and not used after it). The graph is written straight into networkx's adjacency
    dicts, as `MultiDiGraph.add_node`/`add_edge` would write them: for a province (6.5k nodes,
    34k edges) that takes half the time of the public calls, which copy every attribute dict
    and check every endpoint once per edge. `tests/graph/test_store.py` holds it equal to the
    public-API build, attributes and iteration order included, so a networkx that changed its
    layout would fail there.
    """
    graph = nx.MultiDiGraph()
    attrs, succ, pred = graph._node, graph._succ, graph._pred
    nodes = records.nodes
    for node_id in sorted(nodes):
        kind, props = nodes[node_id]
        # str() of a StrEnum is its value as a plain str, without the enum's slower `.value`.
        props["kind"] = str(kind)
        attrs[node_id] = props
        succ[node_id] = {}
        pred[node_id] = {}
    # Each id as one string object: the node's. The records carry a new, equal string for
    # every mention of an id; keyed on the node's own object, the analyses' adjacency and
    # attribute lookups match by identity instead of comparing strings (a tenth of a large
    # province's index, gaps and suggestions).
    same = {node_id: node_id for node_id in attrs}
    for type_, source, target, props in sorted(records.edges, key=_EDGE_ORDER):
        name = str(type_)
        props["type"] = name
        if source not in same or target not in same:
            for end in (source, target):  # an endpoint without a node row: added bare
                same.setdefault(end, end)
                attrs.setdefault(end, {})
                succ.setdefault(end, {})
                pred.setdefault(end, {})
        source, target = same[source], same[target]
        # One key dict per (source, target), shared by both directions, as add_edge keeps it.
        keys = succ[source].get(target)
        if keys is None:
            succ[source][target] = pred[target][source] = {name: props}
        elif name in keys:
            keys[name].update(props)
        else:
            keys[name] = props
    return graph


def scope_core(
    scope: Scope, kind: NodeKind, props: Mapping[str, Any], issue_members: set[str]
) -> bool:
    """Whether a node belongs to a scope's core (provinces and issue scopes)."""
    if kind.is_geography or kind is NodeKind.SOURCE:
        return False
    if scope.provinces is not None:
        return props.get("province_code") in scope.provinces
    if scope.issue is not None:
        return props.get("id") in issue_members
    return True


def excluded_from_scoped(kind: NodeKind) -> bool:
    """Geography and provenance never appear in a scoped subgraph."""
    return kind.is_geography or kind is NodeKind.SOURCE


def traversable(kind: NodeKind) -> bool:
    return kind not in NON_TRAVERSABLE_KINDS


def rel_label(rel: Relationship) -> str:
    return f"({rel.source})-[:{rel.type.value}]->({rel.target})"


def endpoint_problem(rel: Relationship, kinds: dict[str, NodeKind]) -> str | None:
    """Why a relationship cannot be written, or None. Shared wording for every backend."""
    missing = [end for end in (rel.source, rel.target) if end not in kinds]
    if missing:
        return "unknown node id " + ", ".join(repr(m) for m in missing)
    try:
        check_endpoints(rel, kinds[rel.source], kinds[rel.target])
    except ModelError as exc:
        return str(exc)
    return None
