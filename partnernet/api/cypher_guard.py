r"""What the read-only Cypher endpoint lets through.

The decision is the server's parse, not this module's reading of the text (issue 22: a text
guard was bypassed with a `//` comment ended by `\r`, `\uXXXX` escapes in keywords and
backquoted namespaces). A query runs only if:

1. it passes `check_read_only`, a cheap first filter on the text (one statement, no client
   commands, no writing or administrative keyword, no backslash outside strings, procedures
   only from `READ_PROCEDURES`). It keeps obvious refusals fast and readable; it is NOT
   what keeps the endpoint safe;
2. the server's plan of `EXPLAIN <query>` passes `check_plan`: every operator must be on the
   allowlist of read operators `READ_OPERATORS` (an operator Neo4j adds later is refused until
   it is reviewed), every `ProcedureCall` must name a procedure in `READ_PROCEDURES`, and the
   plan must not be an administration command or run on another database. `LoadCSV`,
   `ShowUsers`/`ShowTransactions`/`TerminateTransactions`/`ShowSettings`…, the write operators
   and `TransactionApply` (`CALL … IN TRANSACTIONS`) are simply not on the list. A query the
   server cannot EXPLAIN (a syntax error, `USE` of another database) is refused with its
   message;
3. it then runs in READ access mode with the driver's transaction timeout (the server stops
   it) and the server's per-transaction memory limit (see docs/security.md for the settings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from partnernet.foundation.errors import InvalidInput

MAX_QUERY = 20_000
WRITE_KEYWORDS = frozenset(
    {
        "CREATE",
        "INSERT",
        "MERGE",
        "DELETE",
        "DETACH",
        "SET",
        "REMOVE",
        "DROP",
        "FOREACH",
        "LOAD",
        "USE",
        "SHOW",
        "GRANT",
        "DENY",
        "REVOKE",
        "ALTER",
        "RENAME",
        "START",
        "STOP",
        "TERMINATE",
        "ENABLE",
        "DISABLE",
        "TRANSACTIONS",
        "PERIODIC",
        "IMPORT",
    }
)
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "dbms.components",
        # Full-text search (docs/cypher.md query 9) reads the index; it never writes.
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
    }
)
BLOCKED_NAMESPACES = (
    "apoc",
    "gds",
    "genai",
    "db.create",
    "db.index",
    "dbms.security",
    "tx",
    "dbms.killquery",
    "dbms.setconfigvalue",
)
_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<line>//[^\n\r\u2028\u2029\x85]*)
      |(?P<block>/\*.*?\*/)
      |(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      |(?P<tick>`(?:[^`]|``)*`)
      |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
      |(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      |(?P<param>\$[A-Za-z0-9_]+|\$`(?:[^`]|``)*`)
      |(?P<bad>/\*|['"`\\])
      |(?P<sym>.)""",
    re.VERBOSE | re.DOTALL,
)


class CypherRefused(InvalidInput):
    """The query is not a single read-only query."""


def _tokens(query: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if match is None or match.end() == pos:  # an unterminated string or comment
            raise CypherRefused("unterminated string, comment or name")
        kind = match.lastgroup or "sym"
        if kind == "bad":
            if match.group() == "\\":  # \uXXXX escapes hide keywords from a reader
                raise CypherRefused("a backslash outside a string is not allowed")
            raise CypherRefused("unterminated string, comment or name")
        if kind not in ("ws", "line", "block"):
            out.append((kind, match.group()))
        pos = match.end()
    return out


def _name(token: tuple[str, str]) -> str | None:
    kind, text = token
    if kind == "word":
        return text
    if kind == "tick":
        return text[1:-1].replace("``", "`")
    return None


def _procedure(tokens: list[tuple[str, str]], start: int) -> str:
    parts: list[str] = []
    i = start
    while i < len(tokens):
        name = _name(tokens[i])
        if name is None:
            break
        parts.append(name)
        if i + 1 < len(tokens) and tokens[i + 1] == ("sym", "."):
            i += 2
            continue
        break
    return ".".join(parts).lower()


def _blocked(name: str) -> bool:
    if name in READ_PROCEDURES:
        return False
    return any(name == ns or name.startswith(ns + ".") for ns in BLOCKED_NAMESPACES)


def check_read_only(query: str) -> str:
    """The query, stripped, if it passes the allowlist; `CypherRefused` otherwise."""
    text = query.strip()
    if not text:
        raise CypherRefused("the query is empty")
    if len(text) > MAX_QUERY:
        raise CypherRefused(f"the query is longer than {MAX_QUERY:,} characters")
    if text.startswith(":"):
        raise CypherRefused("client commands (:param, :use, …) are not queries")
    tokens = _tokens(text)
    while tokens and tokens[-1] == ("sym", ";"):
        tokens.pop()
    if not tokens:
        raise CypherRefused("the query is empty")
    for i, (kind, value) in enumerate(tokens):
        before = tokens[i - 1] if i else ("", "")
        after = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if kind == "sym" and value == ";":
            raise CypherRefused("one statement per request")
        if kind != "word" or before in (("sym", "."), ("sym", ":")) or after == ("sym", ":"):
            continue
        word = value.upper()
        if word in WRITE_KEYWORDS:
            raise CypherRefused(f"{word} is not allowed: the endpoint runs read-only queries")
        if word == "CALL" and after != ("sym", "{") and after != ("sym", "("):
            proc = _procedure(tokens, i + 1)
            if proc not in READ_PROCEDURES:
                raise CypherRefused(
                    f"procedure {proc or '?'!r} is not on the read-only list: "
                    + ", ".join(sorted(READ_PROCEDURES))
                )
        if after == ("sym", "."):
            dotted = _procedure(tokens, i)
            if _blocked(dotted):
                raise CypherRefused(
                    f"{dotted!r}: plugin and administration namespaces are not allowed"
                )
    return text


# Operators of Neo4j 5 plans that only read (names as in `EXPLAIN` output, without the
# `@database` suffix). Anything else -- writes, LoadCSV, Show*/Terminate* commands,
# TransactionApply, AdministrationCommand, an operator a later Neo4j adds -- is refused.
READ_OPERATORS = frozenset(
    {
        "ProduceResults", "EmptyResult", "Argument", "ArgumentTracker", "Input",
        "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan",
        "IntersectionNodeByLabelsScan", "SubtractionNodeByLabelsScan", "NodeByIdSeek",
        "NodeByElementIdSeek", "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange", "NodeIndexScan", "NodeIndexContainsScan",
        "NodeIndexEndsWithScan", "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek",
        "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
        "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
        "DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
        "DirectedRelationshipByIdSeek", "UndirectedRelationshipByIdSeek",
        "DirectedRelationshipByElementIdSeek", "UndirectedRelationshipByElementIdSeek",
        "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek",
        "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
        "DirectedRelationshipIndexSeekByRange", "UndirectedRelationshipIndexSeekByRange",
        "DirectedRelationshipIndexContainsScan", "UndirectedRelationshipIndexContainsScan",
        "DirectedRelationshipIndexEndsWithScan", "UndirectedRelationshipIndexEndsWithScan",
        "DirectedRelationshipUniqueIndexSeek", "UndirectedRelationshipUniqueIndexSeek",
        "NodeCountFromCountStore", "RelationshipCountFromCountStore",
        "Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)",
        "VarLengthExpand(All)", "VarLengthExpand(Into)", "VarLengthExpand(Pruning)",
        "VarLengthExpand(Pruning,BFS)", "VarLengthExpand(Pruning,BFS,All)",
        "VarLengthExpand(Pruning,BFS,Into)", "BFSPruningVarLengthExpand(All)",
        "BFSPruningVarLengthExpand(Into)", "ShortestPath", "StatefulShortestPath(All)",
        "StatefulShortestPath(Into)", "Repeat(Trail)", "Repeat(Walk)", "NullifyMetadata",
        "ProjectEndpoints", "Filter", "Projection", "CacheProperties", "Unwind",
        "PartitionedUnwind", "Apply", "SemiApply", "AntiSemiApply", "SelectOrSemiApply",
        "SelectOrAntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "LetSelectOrSemiApply",
        "LetSelectOrAntiSemiApply", "ConditionalApply", "AntiConditionalApply",
        "RollUpApply", "CartesianProduct", "NodeHashJoin", "ValueHashJoin",
        "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin", "Optional", "Anti", "Limit",
        "ExhaustiveLimit", "Skip", "Sort", "PartialSort", "Top", "Top1WithTies", "PartialTop",
        "Distinct", "OrderedDistinct", "Aggregation", "EagerAggregation",
        "OrderedAggregation", "Union", "OrderedUnion", "Eager", "TriadicSelection",
        "TriadicBuild", "TriadicFilter", "AssertSameNode", "AssertSameRelationship",
        "ProcedureCall",  # only for READ_PROCEDURES, checked below
    }
)  # fmt: skip
_PROCEDURE_NAME = re.compile(r"\s*([A-Za-z_`][\w.`]*)\s*\(")


def _operators(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children", ()) or ():
        if isinstance(child, Mapping):
            yield from _operators(child)


def check_plan(plan: Mapping[str, Any]) -> None:
    """Refuse (`CypherRefused`) a plan from the server's `EXPLAIN` that does anything but
    read this database: see the module docstring."""
    args = plan.get("args") or plan.get("arguments") or {}
    if not plan.get("operatorType") or args.get("planner") == "ADMINISTRATION":
        raise CypherRefused("administration commands are not allowed: the endpoint only reads")
    databases: set[str] = set()
    for step in _operators(plan):
        operator, _, database = str(step.get("operatorType", "")).partition("@")
        databases.add(database)
        if operator not in READ_OPERATORS:
            raise CypherRefused(
                f"the query's plan has a {operator or 'nameless'} step, which is not on the "
                "read-only list (no LOAD CSV, SHOW, TERMINATE, writes or IN TRANSACTIONS)"
            )
        if operator == "ProcedureCall":
            step_args = step.get("args") or step.get("arguments") or {}
            found = _PROCEDURE_NAME.match(str(step_args.get("Details", "")))
            name = found.group(1).replace("`", "").lower() if found else ""
            if name not in READ_PROCEDURES:
                raise CypherRefused(
                    f"procedure {name or '?'!r} is not on the read-only list: "
                    + ", ".join(sorted(READ_PROCEDURES))
                )
    if len(databases) != 1 or "system" in databases:
        raise CypherRefused("the query must read this database only (no USE)")


MAX_PARAM_DEPTH = 16


def _depth(value: Any, limit: int) -> int:
    """How deeply lists and maps nest in a value (stops counting past `limit`)."""
    if limit < 0 or not isinstance(value, list | dict):
        return 0
    items = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(v, limit - 1) for v in items), default=0)


def check_params(params: Mapping[str, Any]) -> dict[str, Any]:
    if len(params) > 100:
        raise CypherRefused("at most 100 parameters")
    for key, value in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", key):
            raise CypherRefused(f"parameter name {key!r} is not a plain name")
        if _depth(value, MAX_PARAM_DEPTH) > MAX_PARAM_DEPTH:
            raise CypherRefused(
                f"parameter {key!r} nests lists or maps more than {MAX_PARAM_DEPTH} deep"
            )
    return dict(params)


def jsonable(value: Any, depth: int = 0) -> Any:
    """A driver value as plain JSON: nodes as {id, labels, properties}, relationships as
    {id, type, start, end, properties}, paths as their nodes and relationships, temporal
    values as ISO text, NaN as null."""
    if depth > 20:
        return None
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if hasattr(value, "iso_format"):
        return str(value.iso_format())
    if hasattr(value, "nodes") and hasattr(value, "relationships") and hasattr(value, "start_node"):
        return {
            "nodes": [jsonable(n, depth + 1) for n in value.nodes],
            "relationships": [jsonable(r, depth + 1) for r in value.relationships],
        }
    if hasattr(value, "labels") and hasattr(value, "element_id"):
        return {
            "id": str(dict(value).get("id", value.element_id)),
            "labels": sorted(value.labels),
            "properties": jsonable(dict(value), depth + 1),
        }
    if hasattr(value, "type") and hasattr(value, "start_node") and hasattr(value, "element_id"):
        start, end = value.start_node, value.end_node
        return {
            "type": str(value.type),
            "start": str(dict(start).get("id", start.element_id)) if start else None,
            "end": str(dict(end).get("id", end.element_id)) if end else None,
            "properties": jsonable(dict(value), depth + 1),
        }
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v, depth + 1) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    return str(value)
