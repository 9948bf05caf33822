"""Every Cypher statement partnernet sends to Neo4j, named and parameterised.

Rules enforced here (and checked by tests/graph/test_cypher.py):

- Values only ever travel as parameters (`$batch.rows`, `$lookup.ids`, …); no value is
  formatted into a statement's text.
- Labels and relationship types reach a statement only through the builders below, which take
  a `NodeKind` / `RelType` member (or the `ORGANIZATION_LABEL` constant) and refuse anything
  else with a `ModelError`. Plain strings, even ones spelled like a label, are refused.
- Names are backtick-quoted and additionally checked to be plain identifiers.
- List parameters travel inside a map (`$batch.rows`, `$lookup.ids`): Neo4j 5 caches one plan
  per size bucket of every top-level list parameter (1, 2-10, 11-100, 101-1000, ...), and
  planning one of the upserts costs 100-300 ms on a two-core machine; behind a map the
  planner sees no size, so each statement is planned once (the plans are index seeks either
  way).

Node properties. A node holds exactly the property map its model's `to_props()` gives, plus
three derived, internal properties used by `search` (stripped again on every read):
`_search_name_th`, `_search_name_en` (the normalised key of each name) and `_search_aliases`
(the normalised keys of the aliases). They follow the same merge rule as the fields they are
derived from (names replace, aliases union), so they can be maintained inside the upsert
statement without reading the node first, and their union is exactly `store.search_keys` of
the stored properties.

Upserts implement the merge rule of `partnernet.graph.store`: every property given replaces
the stored one, properties not given are kept, `aliases` / `source_ids` are unions with the
stored order first. Each statement first decides per row whether the row is *new*, would
*change* something, or is already contained in what is stored; only new or changing rows are
written (so a second load writes nothing at all, by Neo4j's own counters), and the statement
returns one row with how many rows it was given, created and updated.

Size: over ~600 lines on purpose: the rule is that every statement lives here, and the audit
trail's statements (`graph/audit.py`) joined them at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from partnernet.graph.audit import AuditLabel
from partnernet.graph.model import (
    ENDPOINTS,
    GEOGRAPHY_KINDS,
    ORGANIZATION_KINDS,
    ORGANIZATION_LABEL,
    ModelError,
    NodeKind,
    RelType,
)

# Internal node properties (see the module docstring); never part of a node's model props.
SEARCH_NAME_TH = "_search_name_th"
SEARCH_NAME_EN = "_search_name_en"
SEARCH_ALIASES = "_search_aliases"
INTERNAL_NODE_PROPS: frozenset[str] = frozenset({SEARCH_NAME_TH, SEARCH_NAME_EN, SEARCH_ALIASES})

# The marker node scripts/neo4j creates in a database it started (tests refuse to wipe others).
HARNESS_LABEL = "PartnernetTestHarness"

# Derived values partnernet keeps beside the graph (`GraphStore.set_meta`) and the data version:
# `(:PartnernetMeta {key, value})`, the version as the node whose key is store.DATA_VERSION_KEY
# (an integer value). The label is in no NodeKind, so every read (they all match ALL_NODES or
# a kind's label), stats and CLEAR pass these nodes by; they have no relationships.
META_LABEL = "PartnernetMeta"
META_KEY_CONSTRAINT = "partnernet_meta_key"

# Full-text index for researchers (`CALL db.index.fulltext.queryNodes('partnernet_names', …)`).
# Thai is written without spaces between words, so an analyzer that splits on whitespace or
# punctuation ('standard', 'standard-no-stop-words', 'simple') indexes a whole Thai phrase as
# one term and a search for one word inside it finds nothing; 'cjk' only bigrams Chinese,
# Japanese and Korean scripts, not Thai. Lucene's 'thai' analyzer segments Thai into words with
# the JDK's dictionary-based Thai BreakIterator and still lower-cases and splits Latin text, so
# both `ชุมชน` and `khon` find `สภาองค์กรชุมชน…` / `Khon Kaen …`. It filters a short list of
# Thai stop words, which do not occur on their own in organisation names. The index is
# eventually consistent (updated just after commit, off the write path of bulk loads);
# FULLTEXT_REFRESH waits for it.
FULLTEXT_INDEX = "partnernet_names"
FULLTEXT_ANALYZER = "thai"

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Statement:
    """One named Cypher statement. `text` holds no values: they go in parameters."""

    name: str
    text: str

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------------------------
# Names: the only way a label or a relationship type reaches a statement.


def _quote(name: str) -> str:
    if not _IDENTIFIER.match(name):  # enum values are plain identifiers; belt and braces
        raise ModelError(f"refusing to put {name!r} into Cypher")
    return f"`{name}`"


def label(kind: NodeKind) -> str:
    """The backtick-quoted label of a node kind; anything but a NodeKind member is refused."""
    if not isinstance(kind, NodeKind):
        raise ModelError(f"not a node kind: {kind!r}; labels come only from NodeKind")
    return _quote(kind.value)


def audit_label(which: AuditLabel) -> str:
    """The backtick-quoted label of audit entries; anything but an AuditLabel is refused."""
    if not isinstance(which, AuditLabel):
        raise ModelError(f"not an audit label: {which!r}; it comes only from AuditLabel")
    return _quote(which.value)


def organization_label() -> str:
    return _quote(ORGANIZATION_LABEL)


def rel_type(type_: RelType) -> str:
    """The backtick-quoted relationship type; anything but a RelType member is refused."""
    if not isinstance(type_, RelType):
        raise ModelError(f"not a relationship type: {type_!r}; types come only from RelType")
    return _quote(type_.value)


def _kinds(kinds: Iterable[NodeKind]) -> list[NodeKind]:
    checked = list(kinds)
    for kind in checked:
        label(kind)  # refuses non-members
    return sorted(set(checked), key=lambda k: k.value)


def _label_expression(kinds: Iterable[NodeKind]) -> str:
    """`Organization|Person|…`: a label disjunction; org kinds collapse into Organization when
    all of them are wanted (the planner then seeks one index instead of six)."""
    chosen = _kinds(kinds)
    if not chosen:
        raise ModelError("a label expression needs at least one node kind")
    parts: list[str] = []
    if set(chosen) >= ORGANIZATION_KINDS:
        parts.append(organization_label())
        chosen = [k for k in chosen if not k.is_organization]
    parts.extend(label(k) for k in chosen)
    return "|".join(parts)


def _has_any_label(var: str, kinds: Iterable[NodeKind]) -> str:
    """`(x:`A` OR x:`B`)`: a predicate, for WHERE clauses."""
    if not _IDENTIFIER.match(var):
        raise ModelError(f"bad variable name {var!r}")
    return "(" + " OR ".join(f"{var}:{label(k)}" for k in _kinds(kinds)) + ")"


ALL_NODES = _label_expression(NodeKind)
# Kinds that scoped subgraphs never contain (geography and provenance).
_EXCLUDED_FROM_SCOPED = GEOGRAPHY_KINDS | {NodeKind.SOURCE}
_SCOPE_CORE_KINDS = frozenset(NodeKind) - _EXCLUDED_FROM_SCOPED


# ---------------------------------------------------------------------------------------------
# Schema


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _unique_id(name: str) -> Statement:
    quoted = _quote(name)
    index = f"partnernet_{_snake(name)}_id"
    return Statement(
        index, f"CREATE CONSTRAINT {index} IF NOT EXISTS FOR (n:{quoted}) REQUIRE n.id IS UNIQUE"
    )


def _range_index(name: str, prop: str) -> Statement:
    quoted = _quote(name)
    index = f"partnernet_{_snake(name)}_{prop}"
    return Statement(
        index, f"CREATE INDEX {index} IF NOT EXISTS FOR (n:{quoted}) ON (n.{_quote(prop)})"
    )


def schema_statements() -> list[Statement]:
    """Constraints and indexes; every statement is `IF NOT EXISTS` and named after what it
    creates, so `init_schema` can skip the ones already there."""
    statements = [_unique_id(kind.value) for kind in NodeKind]
    statements.append(_unique_id(ORGANIZATION_LABEL))
    # Organisations are indexed once, under Organization (their kind label adds nothing here).
    indexed = [ORGANIZATION_LABEL] + [k.value for k in NodeKind if not k.is_organization]
    for name in indexed:
        for prop in ("province_code", "name_th", "name_en"):
            statements.append(_range_index(name, prop))
    every_kind = "|".join(label(k) for k in NodeKind)
    # One node per meta key: the constraint makes MERGE on `key` safe against concurrent
    # set_meta / version bumps (and is the index their lookups seek on).
    statements.append(
        Statement(
            META_KEY_CONSTRAINT,
            f"CREATE CONSTRAINT {META_KEY_CONSTRAINT} IF NOT EXISTS "
            f"FOR (n:{_quote(META_LABEL)}) REQUIRE n.key IS UNIQUE",
        )
    )
    statements.append(_unique_id(AuditLabel.ENTRY.value))
    for prop in ("at", *AUDIT_KEYS):
        statements.append(_range_index(AuditLabel.ENTRY.value, prop))
    statements.append(
        Statement(
            FULLTEXT_INDEX,
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{every_kind}) "
            "ON EACH [n.name_th, n.name_en, n.aliases] "
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}', "
            "`fulltext.eventually_consistent`: true}}",
        )
    )
    return statements


INDEX_NAMES = Statement("index_names", "SHOW INDEXES YIELD name RETURN name")
CONSTRAINT_NAMES = Statement("constraint_names", "SHOW CONSTRAINTS YIELD name RETURN name")
AWAIT_INDEXES = Statement("await_indexes", "CALL db.awaitIndexes($timeout_seconds)")

# ---------------------------------------------------------------------------------------------
# Writes

_SEARCH_KEYS_EXPR = (
    f"[k IN [n.{SEARCH_NAME_TH}, n.{SEARCH_NAME_EN}] WHERE k IS NOT NULL]"
    f" + coalesce(n.{SEARCH_ALIASES}, [])"
)


def _union(target: str, prop: str, incoming: str) -> str:
    """`target.prop` := stored list + the incoming values it lacks (stored order first); a
    missing or empty incoming list leaves the property as it is (never writes an empty list)."""
    stored = f"coalesce({target}.{prop}, [])"
    return (
        f"{target}.{prop} = CASE WHEN size(coalesce({incoming}, [])) = 0 THEN {target}.{prop} "
        f"ELSE {stored} + [x IN {incoming} WHERE NOT x IN {stored}] END"
    )


def _contained(old: str, prop: str, incoming: str) -> str:
    return f"all(x IN coalesce({incoming}, []) WHERE x IN coalesce({old}.{prop}, []))"


def _props_equal(old: str) -> str:
    return f"all(k IN keys(row.props) WHERE coalesce({old}[k] = row.props[k], false))"


def _set_lists(target: str, lists: Sequence[tuple[str, str]]) -> str:
    """Merged list properties of a just-created entity: the incoming list as it is (a missing
    list sets nothing, as `_union` would)."""
    return ", ".join(f"{target}.{prop} = {incoming}" for prop, incoming in lists)


_NODE_LISTS = (
    ("aliases", "row.aliases"),
    ("source_ids", "row.source_ids"),
    (SEARCH_ALIASES, "row.alias_keys"),
)
_REL_LISTS = (("source_ids", "row.source_ids"),)


def _unchanged(var: str, lists: Sequence[tuple[str, str]]) -> str:
    """True when writing the row would change nothing: every incoming property equal to the
    stored one and every incoming list item already stored."""
    return " AND ".join([_props_equal(var)] + [_contained(var, p, i) for p, i in lists])


def upsert_nodes(kind: NodeKind) -> Statement:
    """Batched node upsert for one label.

    `$batch.rows`: `[{id, props, aliases?, source_ids?, alias_keys?}]` with ids unique within the
    batch; `props` excludes `id`, `aliases` and `source_ids` and includes the name search
    keys. A node MERGE creates gets the row as it is (ON CREATE), so it then reads as
    unchanged; an existing node is written only when the row would change it. Returns one
    row: `updated`, the existing nodes written. Neo4j's own `nodes_created` counter says how
    many were created; the rest of the rows were unchanged.
    """
    node_label = label(kind)
    extra_label = f", n:{organization_label()}" if kind.is_organization else ""
    text = f"""UNWIND $batch.rows AS row
MERGE (n:{node_label} {{id: row.id}})
ON CREATE SET n += row.props{extra_label}, {_set_lists("n", _NODE_LISTS)}
WITH n, row WHERE NOT ({_unchanged("n", _NODE_LISTS)})
SET n += row.props,
    {_union("n", "aliases", "row.aliases")},
    {_union("n", "source_ids", "row.source_ids")},
    {_union("n", SEARCH_ALIASES, "row.alias_keys")}
RETURN count(n) AS updated"""
    return Statement(f"upsert_nodes_{kind.value}", text)


def upsert_relationships(type_: RelType, source: NodeKind, target: NodeKind) -> Statement:
    """Batched relationship upsert for one (type, source kind, target kind), keyed on
    (type, source, target).

    The caller knows each endpoint's kind (it checked them against `model.ENDPOINTS` in the
    same transaction), so each end is one unique-index seek on its kind's label.
    `$batch.rows`: `[{source, target, props, source_ids?}]`, keys unique within the batch;
    `props` excludes `source_ids`. As for nodes: created relationships get the row as it is;
    existing ones are written only when the row changes them. Returns one row: `matched`,
    the rows whose endpoints were found (the others were deleted since the check and are not
    written), and `updated`; Neo4j's `relationships_created` counter gives the created.
    """
    rel = rel_type(type_)  # refuses anything but a RelType first
    sources, targets = ENDPOINTS[type_]
    if source not in sources or target not in targets:
        raise ModelError(f"{type_.value} does not go from {source} to {target}")
    text = f"""UNWIND $batch.rows AS row
MATCH (s:{label(source)} {{id: row.source}})
MATCH (t:{label(target)} {{id: row.target}})
MERGE (s)-[r:{rel}]->(t)
ON CREATE SET r += row.props, {_set_lists("r", _REL_LISTS)}
WITH r, row, NOT ({_unchanged("r", _REL_LISTS)}) AS changed
CALL (r, row, changed) {{
  WITH r, row WHERE changed
  SET r += row.props, {_union("r", "source_ids", "row.source_ids")}
}}
RETURN count(r) AS matched, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated"""
    return Statement(f"upsert_{type_.value}_{source.value}_{target.value}", text)


CLEAR_BATCH_ROWS = 5000
# Deletes only what carries a partnernet label (the harness marker survives): relationships
# first, then nodes, CLEAR_BATCH_ROWS per transaction. Relationships go first because a
# DETACH DELETE of 5,000 nodes that include national hubs deletes hundreds of thousands of
# relationships in one transaction, past the server's transaction memory limit. Both must run
# as auto-commit queries (session.run), as CALL … IN TRANSACTIONS requires.
CLEAR_RELATIONSHIPS = Statement(
    "clear_relationships",
    f"MATCH (:{ALL_NODES})-[r]->() CALL (r) {{ DELETE r }} "
    f"IN TRANSACTIONS OF {CLEAR_BATCH_ROWS} ROWS",
)
CLEAR = Statement(
    "clear",
    f"MATCH (n:{ALL_NODES}) CALL (n) {{ DETACH DELETE n }} "
    f"IN TRANSACTIONS OF {CLEAR_BATCH_ROWS} ROWS",
)

# ---------------------------------------------------------------------------------------------
# Meta: derived values and the data version (see META_LABEL), one key per statement.

GET_META = Statement(
    "get_meta",
    f"MATCH (m:{_quote(META_LABEL)} {{key: $key}}) RETURN m.value AS value",
)
SET_META = Statement(
    "set_meta",
    f"MERGE (m:{_quote(META_LABEL)} {{key: $key}}) SET m.value = $value",
)
# Run inside the transaction of a write that changed the graph (and by clear), with
# `$key` = store.DATA_VERSION_KEY; a store without the node counts from 0.
BUMP_DATA_VERSION = Statement(
    "bump_data_version",
    f"MERGE (m:{_quote(META_LABEL)} {{key: $key}}) SET m.value = coalesce(m.value, 0) + 1",
)
# Meta keys go with the graph; the version node stays (`$version_key`), so the version moves
# on from where it was rather than restarting at a value derived data may still carry.
CLEAR_META = Statement(
    "clear_meta",
    f"MATCH (m:{_quote(META_LABEL)}) WHERE m.key <> $version_key DELETE m",
)

# ---------------------------------------------------------------------------------------------
# Reads. Nodes come back as (id, labels, props); callers strip INTERNAL_NODE_PROPS.

# One row with two parallel lists (far cheaper to stream than one record per node).
KINDS_BY_IDS = Statement(
    "kinds_by_ids",
    f"MATCH (n:{ALL_NODES}) WHERE n.id IN $lookup.ids "
    "RETURN collect(n.id) AS ids, collect(labels(n)) AS labels",
)
NODES_BY_IDS = Statement(
    "nodes_by_ids",
    f"MATCH (n:{ALL_NODES}) WHERE n.id IN $lookup.ids "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
)


def iter_nodes(kind: NodeKind | None = None) -> Statement:
    """Every node (of a kind); the caller sorts by id (Python's order, like SQLite's)."""
    expression = ALL_NODES if kind is None else label(kind)
    name = "iter_nodes" if kind is None else f"iter_nodes_{kind.value}"
    return Statement(
        name,
        f"MATCH (n:{expression}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
    )


def node_ids(kinds: Sequence[NodeKind], *, in_province: bool) -> Statement:
    """The ids of the nodes of these kinds (with `in_province`, those whose `province_code` is
    `$province`, through its index), as one list; the caller sorts and pages them."""
    where = " WHERE n.province_code = $province" if in_province else ""
    name = "node_ids_" + "_".join(k.value for k in _kinds(kinds))
    return Statement(
        name + ("_in_province" if in_province else ""),
        f"MATCH (n:{_label_expression(kinds)}){where} RETURN collect(n.id) AS ids",
    )


def search_candidates(kinds: Sequence[NodeKind] | None = None) -> Statement:
    """Nodes with a search key containing `$query` (already normalised), with all their keys;
    ranking happens in Python with `store.rank_search`."""
    expression = ALL_NODES if not kinds else _label_expression(kinds)
    name = "search" if not kinds else "search_" + "_".join(k.value for k in _kinds(kinds))
    return Statement(
        name,
        f"MATCH (n:{expression}) WITH n, {_SEARCH_KEYS_EXPR} AS keys "
        "WHERE any(k IN keys WHERE k CONTAINS $query) "
        "RETURN n.id AS id, labels(n) AS labels, keys",
    )


def get_relationship(type_: RelType) -> Statement:
    rel = rel_type(type_)
    return Statement(
        f"get_{type_.value}",
        f"MATCH (s:{ALL_NODES}) WHERE s.id = $source "
        f"MATCH (s)-[r:{rel}]->(t) WHERE t.id = $target "
        "RETURN properties(r) AS props LIMIT 1",
    )


NEIGHBOURS = Statement(
    "neighbours",
    f"""MATCH (n:{ALL_NODES}) WHERE n.id = $id
CALL (n) {{
  MATCH (n)-[r]->(m) WHERE $outgoing AND ($lookup.types IS NULL OR type(r) IN $lookup.types)
  RETURN r, m, true AS out
  UNION ALL
  MATCH (n)<-[r]-(m) WHERE $incoming AND ($lookup.types IS NULL OR type(r) IN $lookup.types)
  RETURN r, m, false AS out
}}
RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target,
       properties(r) AS rel_props, m.id AS id, labels(m) AS labels, properties(m) AS props, out""",
)


# Counts come from Neo4j's count store (one lookup per label / type, never a scan), in the
# order of these tuples.
COUNTED_LABELS: tuple[str, ...] = (ORGANIZATION_LABEL, *(k.value for k in NodeKind))
COUNTED_TYPES: tuple[RelType, ...] = tuple(RelType)
NODE_COUNTS = Statement(
    "node_counts",
    "RETURN ["
    + ", ".join(f"COUNT {{ MATCH (:{_quote(name)}) }}" for name in COUNTED_LABELS)
    + "] AS counts",
)
RELATIONSHIP_COUNTS = Statement(
    "relationship_counts",
    "RETURN ["
    + ", ".join(f"COUNT {{ MATCH ()-[:{rel_type(t)}]->() }}" for t in COUNTED_TYPES)
    + "] AS counts",
)

# -- subgraphs: nodes and relationships in bulk, one statement per read ------------------------

WHOLE_GRAPH_NODES = Statement(
    "whole_graph_nodes",
    f"MATCH (n:{ALL_NODES}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
)
WHOLE_GRAPH_RELATIONSHIPS = Statement(
    "whole_graph_relationships",
    f"MATCH (a:{ALL_NODES})-[r]->(b:{ALL_NODES}) "
    "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props",
)


def _records_tail(never_in_set: frozenset[NodeKind] = frozenset()) -> str:
    """The common tail of scoped reads: given the node list `nodes`, every node with its
    outgoing relationships (type, target id, props); the caller keeps those whose target is
    in the set (a Python set is cheaper than `b IN nodes` on a list, which Neo4j rebuilds per
    row). Targets of the kinds `never_in_set` are left out by label here already (for a
    province scope, every node's LOCATED_IN: a fifth of the relationships sent).

    Each node's relationships come from a COLLECT subquery rather than a grouping `collect`:
    grouping is eager (the server builds every row before sending the first), the subquery
    is not, so rows stream out while the driver decodes the earlier ones (the largest
    province: 0.36 -> 0.20 s in the server, 0.48 -> 0.21 s to the last record)."""
    where = f" WHERE NOT {_has_any_label('b', never_in_set)}" if never_in_set else ""
    return f"""UNWIND nodes AS a
WITH DISTINCT a
RETURN a.id AS id, labels(a) AS labels, properties(a) AS props,
       COLLECT {{ MATCH (a)-[r]->(b){where} RETURN [type(r), b.id, properties(r)] }} AS out"""


# Direct neighbours of `core` that are neither geography nor Source, then the records of
# core + those neighbours.
_CORE_AND_NEIGHBOURS = f"""CALL (core) {{
  UNWIND core AS c
  MATCH (c)--(m)
  WHERE NOT {_has_any_label("m", _EXCLUDED_FROM_SCOPED)}
  RETURN collect(DISTINCT m) AS near
}}
WITH core + near AS nodes
{_records_tail(_EXCLUDED_FROM_SCOPED)}"""

PROVINCE_SUBGRAPH = Statement(
    "province_subgraph",
    f"""MATCH (c:{_label_expression(_SCOPE_CORE_KINDS)}) WHERE c.province_code IN $lookup.codes
WITH collect(DISTINCT c) AS core
{_CORE_AND_NEIGHBOURS}""",
)

ISSUE_SUBGRAPH = Statement(
    "issue_subgraph",
    f"""MATCH (i:{ALL_NODES}) WHERE i.id = $issue
OPTIONAL MATCH (m)-[:{rel_type(RelType.WORKS_ON)}|{rel_type(RelType.CONCERNS)}]->(i)
WITH i, collect(DISTINCT m) AS members
WITH [x IN [i] + members WHERE NOT {_has_any_label("x", _EXCLUDED_FROM_SCOPED)}] AS core
{_CORE_AND_NEIGHBOURS}""",
)

# One breadth-first step of an ego read: every node adjacent to the frontier `$lookup.ids`, with its
# labels; the caller decides which are traversable (store.traversable) and loops `radius`
# times inside one read transaction.
EGO_STEP = Statement(
    "ego_step",
    f"MATCH (f:{ALL_NODES}) WHERE f.id IN $lookup.ids MATCH (f)--(m) "
    "RETURN DISTINCT m.id AS id, labels(m) AS labels",
)

RECORDS_AMONG_IDS = Statement(
    "records_among_ids",
    f"""MATCH (n:{ALL_NODES}) WHERE n.id IN $lookup.ids
WITH collect(n) AS nodes
{_records_tail()}""",
)

# Researchers' word search over names and aliases (Lucene syntax in `$query`), best first.
FULLTEXT_SEARCH = Statement(
    "fulltext_search",
    "CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score "
    "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit",
)

# The full-text index is eventually consistent (updated after commit, off the write path, so
# that bulk loads do not pay for Lucene in every transaction); this waits until it caught up.
FULLTEXT_REFRESH = Statement(
    "fulltext_refresh", "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"
)

HARNESS_TOKEN = Statement(
    "harness_token",
    f"MATCH (m:{_quote(HARNESS_LABEL)}) RETURN m.token AS token ORDER BY token LIMIT 1",
)

CONNECTIVITY = Statement("connectivity", "RETURN 1 AS ok")


# ---------------------------------------------------------------------------------------------
# The audit trail (graph/audit.py): `(:PartnernetAudit {id, at, body, nodes, provinces})`, the
# entry as JSON in `body`; like the meta nodes, no graph read, stats or CLEAR sees them.

_AUDIT = audit_label(AuditLabel.ENTRY)
ADD_AUDIT = Statement("add_audit", f"UNWIND $batch.rows AS row CREATE (a:{_AUDIT}) SET a = row")
# Each entry is listed under at most two nodes (a tie's ends) and two provinces, kept as the
# scalar properties node1/node2 and province1/province2, each range-indexed: a list property
# (`$x IN a.nodes`) has no index in Neo4j 5, and one organisation's page would scan the trail.
AUDIT_KEYS = ("node1", "node2", "province1", "province2")


def _audit_match(by_node: bool, by_province: bool) -> str:
    where = []
    if by_node:
        where.append("(a.node1 = $filter.node OR a.node2 = $filter.node)")
    if by_province:
        where.append("(a.province1 = $filter.province OR a.province2 = $filter.province)")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f"MATCH (a:{_AUDIT}){clause}"


def audit_count(by_node: bool, by_province: bool) -> Statement:
    """How many entries list `$filter.node` and/or `$filter.province` (all of them: neither)."""
    return Statement(
        f"audit_count_{int(by_node)}{int(by_province)}",
        f"{_audit_match(by_node, by_province)} RETURN count(a) AS total",
    )


def audit_page(by_node: bool, by_province: bool) -> Statement:
    """One page of those entries, newest first (`$offset`, `$limit`)."""
    return Statement(
        f"audit_page_{int(by_node)}{int(by_province)}",
        f"{_audit_match(by_node, by_province)} "
        "RETURN a.body AS body ORDER BY a.at DESC, a.id DESC SKIP $offset LIMIT $limit",
    )


GET_AUDIT = Statement("get_audit", f"MATCH (a:{_AUDIT} {{id: $id}}) RETURN a.body AS body")
CLEAR_AUDIT = Statement(
    "clear_audit",
    f"MATCH (a:{_AUDIT}) CALL (a) {{ DELETE a }} IN TRANSACTIONS OF {CLEAR_BATCH_ROWS} ROWS",
)
# What a write is about to change, read before it for its audit entry (one statement a batch).
RELATIONSHIPS_BY_KEYS = Statement(
    "relationships_by_keys",
    f"UNWIND $lookup.keys AS key MATCH (s:{ALL_NODES}) WHERE s.id = key.source "
    "MATCH (s)-[r]->(t) WHERE t.id = key.target AND type(r) = key.type "
    "RETURN key.type AS type, key.source AS source, key.target AS target, "
    "properties(r) AS props",
)
# Exact restores for an undo: a record gets exactly the properties given (`SET x = $props`).
NODE_TIES = Statement(
    "node_ties", f"MATCH (n:{ALL_NODES}) WHERE n.id = $id RETURN COUNT {{ (n)--() }} AS ties"
)
DELETE_NODE = Statement("delete_node", f"MATCH (n:{ALL_NODES}) WHERE n.id = $id DELETE n")


def restore_node(kind: NodeKind) -> Statement:
    """`$props`: the node's whole property map, `id` and the internal search keys included."""
    node_label = label(kind)  # refuses anything but a NodeKind first
    extra_label = f" ON CREATE SET n:{organization_label()}" if kind.is_organization else ""
    return Statement(
        f"restore_{kind.value}",
        f"MERGE (n:{node_label} {{id: $id}}){extra_label} SET n = $props",
    )


def restore_relationship(type_: RelType) -> Statement:
    rel = rel_type(type_)
    return Statement(
        f"restore_{type_.value}",
        f"MATCH (s:{ALL_NODES}) WHERE s.id = $source "
        f"MATCH (t:{ALL_NODES}) WHERE t.id = $target "
        f"MERGE (s)-[r:{rel}]->(t) SET r = $props",
    )


def delete_relationship(type_: RelType) -> Statement:
    rel = rel_type(type_)
    return Statement(
        f"delete_{type_.value}",
        f"MATCH (s:{ALL_NODES}) WHERE s.id = $source "
        f"MATCH (s)-[r:{rel}]->(t) WHERE t.id = $target DELETE r",
    )


def all_static_statements() -> list[Statement]:
    """Every statement that takes no builder argument (for tests and documentation)."""
    return [
        INDEX_NAMES,
        CONSTRAINT_NAMES,
        AWAIT_INDEXES,
        CLEAR_RELATIONSHIPS,
        CLEAR,
        CLEAR_META,
        GET_META,
        SET_META,
        BUMP_DATA_VERSION,
        KINDS_BY_IDS,
        NODES_BY_IDS,
        NEIGHBOURS,
        NODE_COUNTS,
        RELATIONSHIP_COUNTS,
        WHOLE_GRAPH_NODES,
        WHOLE_GRAPH_RELATIONSHIPS,
        PROVINCE_SUBGRAPH,
        ISSUE_SUBGRAPH,
        EGO_STEP,
        RECORDS_AMONG_IDS,
        FULLTEXT_SEARCH,
        FULLTEXT_REFRESH,
        HARNESS_TOKEN,
        CONNECTIVITY,
        ADD_AUDIT,
        GET_AUDIT,
        CLEAR_AUDIT,
        RELATIONSHIPS_BY_KEYS,
        NODE_TIES,
        DELETE_NODE,
    ]


# A documented example for researchers (the API's Cypher endpoint shows it in its schema, with
# the parameter p = "40").
EXAMPLE_QUERY = (
    "MATCH (c:Council)-[:PARTNERS_WITH]-(a:Agency) "
    "WHERE c.province_code = $p "
    "RETURN c.name_th AS council, count(a) AS agencies ORDER BY agencies"
)
