"""The query page's schema and example queries, read from `docs/cypher.md` (issue 18, item 2).

docs/cypher.md is the one place the schema and the ten example queries are written down, and
`tests/docs/test_cypher_docs.py` runs every query there against a real Neo4j, so the page shows
that text rather than a copy that could drift. The file is read from the source tree (the
project runs from a checkout or an editable install); where it is absent, the page says where
the examples are instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^### (\d+)\. (.+)$", re.MULTILINE)
_QUERIES = "## Ten queries"


@dataclass(frozen=True)
class Example:
    number: int
    title: str
    text: str
    params: str  # JSON, "" when the query takes none


@dataclass(frozen=True)
class Schema:
    labels: list[tuple[str, str]]  # label, what it is
    relationships: list[tuple[str, str]]  # type, from -> to


@dataclass(frozen=True)
class Reference:
    examples: list[Example]
    schema: Schema


def _table(text: str, heading: str) -> list[list[str]]:
    """The Markdown table right under `heading`: its body rows' cells."""
    after = text.partition(heading)[2]
    rows: list[list[str]] = []
    started = False
    for line in after.splitlines():
        if line.startswith("|"):
            started = True
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif started:
            break
    return rows[2:]  # without the header and its rule


def _plain(cell: str) -> str:
    return cell.replace("`", "").replace("**", "")


def parse(text: str) -> Reference:
    schema_part, _, queries = text.partition(_QUERIES)
    headings = list(_HEADING.finditer(queries))
    examples: list[Example] = []
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(queries)
        body = queries[heading.end() : end]
        fences = list(_FENCE.finditer(body))
        cypher = next((m for m in fences if m.group(1) == "cypher"), None)
        if cypher is None:
            continue
        params = next((m.group(2) for m in fences if m.group(1) == "json"), "")
        if params:
            params = json.dumps(json.loads(params), ensure_ascii=False)
        examples.append(
            Example(int(heading.group(1)), heading.group(2).strip(), cypher.group(2), params)
        )
    labels = [(_plain(r[0]), _plain(r[1])) for r in _table(schema_part, "### Node labels")]
    types = [(_plain(r[0]), _plain(r[1])) for r in _table(schema_part, "### Relationship types")]
    return Reference(examples, Schema(labels, types))


@cache
def reference() -> Reference | None:
    """The parsed docs/cypher.md, or None where the file is not there."""
    if not DOC.is_file():
        return None
    return parse(DOC.read_text(encoding="utf-8"))


def example(number: int) -> Example | None:
    found = reference()
    return next((e for e in found.examples if e.number == number), None) if found else None


def cell(value: Any) -> str:
    """A result value as the table shows it: text as is, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
