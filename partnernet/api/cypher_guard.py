"""The statement allowlist of the read-only Cypher endpoint.

Defence in depth: the query runs in a READ access-mode transaction (optionally as a read-only
database user) with a server-side time limit and a row limit, and before that it must pass
this check, which refuses anything that is not a single read query:

- one statement (a `;` may only end it); no client commands (`:param`, `:use`);
- no clause that writes or administers: CREATE, INSERT, MERGE, DELETE, DETACH, SET, REMOVE,
  DROP, FOREACH, LOAD CSV, USE, SHOW, GRANT, DENY, REVOKE, ALTER, RENAME, START, STOP,
  TERMINATE, ENABLE, DISABLE, `IN TRANSACTIONS`, PERIODIC COMMIT;
- `CALL proc(...)` only for the read-only procedures in `READ_PROCEDURES` (`CALL { … }`
  subqueries are checked like the rest of the query); no plugin namespaces (apoc, gds, …).

Keywords are recognised outside string literals, comments and backquoted names, and not
where they are names: after `.` (`n.set`), after `:` (labels, types) or before `:` (map
keys), so `MATCH (n:Delete {set: 1}) RETURN n.create` passes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
      |(?P<line>//[^\n]*)
      |(?P<block>/\*.*?\*/)
      |(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      |(?P<tick>`(?:[^`]|``)*`)
      |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
      |(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      |(?P<param>\$[A-Za-z0-9_]+|\$`(?:[^`]|``)*`)
      |(?P<bad>/\*|['"`])
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


def check_params(params: Mapping[str, Any]) -> dict[str, Any]:
    if len(params) > 100:
        raise CypherRefused("at most 100 parameters")
    for key in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", key):
            raise CypherRefused(f"parameter name {key!r} is not a plain name")
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
