"""docs/cypher.md stays true: its ten queries run, read-only, on the sample and return its tables.

The sample CSVs and both CODI reports are loaded into the harness Neo4j through `Neo4jStore`
(the database is cleared first, after the harness-marker check of `neo4j_session_store`). Each
```cypher block of the page is run with the parameters of the ```json block after it, in a
READ access-mode transaction (the server refuses any write there), and the example table
under it must be the first rows of what the server returns. The schema part of the page is
checked against the server and the enums: every index or constraint it names exists, and it
names every label and relationship type.

Test code talks to the driver directly (the page's queries are the subject here); the
package's own Cypher stays in `partnernet/graph/cypher.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from neo4j import (
    READ_ACCESS,
    Driver,
    GraphDatabase,
    ManagedTransaction,
    NotificationDisabledClassification,
)
from neo4j.exceptions import ClientError

from partnernet.graph import cypher
from partnernet.graph.model import ORGANIZATION_LABEL, NodeKind, RelType
from partnernet.graph.neo4j_store import Neo4jStore
from partnernet.graph.store import GraphStore
from partnernet.service.demo import sample_dir, sample_reports
from partnernet.service.ingest import ingest_files

pytestmark = pytest.mark.neo4j

DOC = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"
QUERIES_HEADING = "## Ten queries"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^### (\d+)\. (.+)$", re.MULTILINE)
_COUNT = re.compile(r"Result on the sample \((?:first (\d+) of (\d+)|all (\d+)) rows?\b")
_INDEX_NAME = re.compile(r"\bpartnernet_[a-z][a-z_]*[a-z]\b")


# ---------------------------------------------------------------------------------------------
# The page, parsed


@dataclass
class DocQuery:
    number: int
    title: str
    text: str
    params: dict[str, Any]
    header: list[str]
    rows: list[list[str]]
    shown: int
    total: int

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def _table(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """The first Markdown table in `lines`: header cells and body rows (cells stripped)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    block: list[str] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        block.append(line)

    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in line.strip().strip("|").split("|")]

    header, rule, *body = block
    assert set(rule.replace("|", "").strip()) <= {"-", ":", " "}, f"bad table rule {rule!r}"
    return cells(header), [cells(line) for line in body]


def _section(number: int, title: str, body: str) -> DocQuery:
    cyphers = [m for m in _FENCE.finditer(body) if m.group(1) == "cypher"]
    assert len(cyphers) == 1, f"query {number} needs exactly one ```cypher block"
    after = body[cyphers[0].end() :]
    params_blocks = [m.group(2) for m in _FENCE.finditer(after) if m.group(1) == "json"]
    params: dict[str, Any] = json.loads(params_blocks[0]) if params_blocks else {}
    count = _COUNT.search(after)
    assert count, f"query {number}: no 'Result on the sample (… rows)' line"
    first, of, whole = count.groups()
    shown, total = (int(first), int(of)) if first else (int(whole), int(whole))
    header, rows = _table(after[count.end() :].splitlines())
    assert len(rows) == shown, f"query {number}: the table has {len(rows)} rows, not {shown}"
    text = cyphers[0].group(2)
    return DocQuery(number, title.strip(), text, params, header, rows, shown, total)


def parse_doc(text: str) -> tuple[str, list[DocQuery]]:
    """The schema part (before the queries) and the queries, in page order."""
    schema, _, queries = text.partition(QUERIES_HEADING)
    assert queries, f"docs/cypher.md has no {QUERIES_HEADING!r} section"
    headings = list(_HEADING.finditer(queries))
    parsed: list[DocQuery] = []
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(queries)
        body = queries[heading.end() : end]
        parsed.append(_section(int(heading.group(1)), heading.group(2), body))
    return schema, parsed


DOC_TEXT = DOC.read_text(encoding="utf-8")
SCHEMA_TEXT, QUERIES = parse_doc(DOC_TEXT)


def cell(value: Any) -> str:
    """How the page writes a value in a table cell."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    return str(value)


def query(title_words: str) -> DocQuery:
    """The page's query whose heading contains `title_words` (case-insensitive)."""
    found = [q for q in QUERIES if title_words.lower() in q.title.lower()]
    assert len(found) == 1, f"expected one query titled with {title_words!r}, got {found}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# The server, loaded with the sample


@dataclass
class Result:
    keys: list[str]
    records: list[dict[str, Any]]

    def column(self, key: str) -> list[Any]:
        return [record[key] for record in self.records]


@pytest.fixture(scope="module")
def loaded(neo4j_session_store: GraphStore) -> Iterator[Neo4jStore]:
    store = cast(Neo4jStore, neo4j_session_store)
    store.clear()
    store.init_schema()
    report = ingest_files(store, [*sorted(sample_dir().glob("*.csv")), *sample_reports()])
    assert report.rejected == 0, report.describe()
    store.fulltext("ขอนแก่น")  # waits until the eventually consistent full-text index caught up
    yield store
    store.clear()


@pytest.fixture(scope="module")
def driver(neo4j_instance: dict[str, Any], loaded: Neo4jStore) -> Iterator[Driver]:
    with GraphDatabase.driver(
        neo4j_instance["uri"],
        auth=(neo4j_instance["user"], neo4j_instance["password"]),
        # `responded_on` and friends are absent from the sample: Neo4j's "unknown property
        # key" warnings are expected here.
        notifications_disabled_classifications=[NotificationDisabledClassification.UNRECOGNIZED],
    ) as d:
        yield d


def run_read(driver: Driver, text: str, params: dict[str, Any]) -> Result:
    """One READ access-mode managed transaction: the server refuses any write in it."""

    def work(tx: ManagedTransaction) -> Result:
        result = tx.run(text, params)
        keys = list(result.keys())
        return Result(keys, [record.data() for record in result])

    with driver.session(default_access_mode=READ_ACCESS) as session:
        return session.execute_read(work)


class Results:
    """Each page query run once (in READ mode) and remembered for the tests that look closer."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self._done: dict[int, Result] = {}

    def of(self, q: DocQuery) -> Result:
        if q.number not in self._done:
            self._done[q.number] = run_read(self.driver, q.text, q.params)
        return self._done[q.number]

    def titled(self, title_words: str) -> Result:
        return self.of(query(title_words))


@pytest.fixture(scope="module")
def results(driver: Driver) -> Results:
    return Results(driver)


# ---------------------------------------------------------------------------------------------
# The page's shape


def test_the_page_has_exactly_ten_queries_numbered_in_order() -> None:
    assert [q.number for q in QUERIES] == list(range(1, 11))
    blocks = [lang for lang, _ in _FENCE.findall(DOC_TEXT) if lang == "cypher"]
    assert len(blocks) == 10, "every ```cypher block must be one of the ten queries"


def test_parameters_in_the_query_are_the_ones_given() -> None:
    for q in QUERIES:
        used = set(re.findall(r"\$(\w+)", q.text))
        assert used == set(q.params), f"query {q}: uses {sorted(used)}, gives {sorted(q.params)}"


# ---------------------------------------------------------------------------------------------
# Every query runs read-only and returns its table


@pytest.mark.parametrize("q", QUERIES, ids=[f"q{q.number}" for q in QUERIES])
def test_query_runs_read_only_and_returns_its_example(q: DocQuery, results: Results) -> None:
    result = results.of(q)
    assert result.records, f"query {q} returned no rows on the sample"
    assert len(result.records) == q.total, f"query {q}: the page says {q.total} rows"
    missing = [name for name in q.header if name not in result.keys]
    assert not missing, f"query {q}: table columns {missing} are not returned ({result.keys})"
    got = [[cell(record[name]) for name in q.header] for record in result.records[: q.shown]]
    assert got == q.rows, f"query {q}: the example table is not what the query returns"


def test_a_write_in_the_same_read_mode_is_refused(driver: Driver) -> None:
    """The guard the queries run under is real: the server refuses writes in READ mode."""
    with pytest.raises(ClientError) as refused:
        run_read(driver, "CREATE (:PartnernetDocsProbe {at: $at}) RETURN 1 AS one", {"at": 1})
    assert "AccessMode" in str(refused.value.code)
    probe = run_read(driver, "MATCH (n:PartnernetDocsProbe) RETURN count(n) AS n", {})
    assert probe.records == [{"n": 0}]


# ---------------------------------------------------------------------------------------------
# Answers checked against what the sample says


def test_unanswered_proposals_include_roi_ets_debt_relief(results: Results) -> None:
    result = results.titled("never answered")
    rows = {r["proposal"]: r for r in result.records}
    debt = rows["proposal:45:household-debt-relief"]
    assert debt["addressee"] == "agency:msdhs_office:45"
    assert debt["proposed_by"] == ["council:provincial:45"]
    # answered ones (acknowledged, in plan, funded, …) are not listed
    assert "proposal:45:household-data-system" not in rows
    assert "proposal:40:welfare-fund-matching" not in rows


def test_councils_without_their_local_government(results: Results) -> None:
    result = results.titled("SAO or municipality")
    rows = {r["council"]: r["local_government"] for r in result.records}
    assert rows["council:subdistrict:400118"] == ["agency:sao:400118"]
    assert "council:subdistrict:400103" not in rows  # partners with agency:sao:400103


def test_the_civic_assembly_is_the_first_broker_outside_government(
    results: Results,
) -> None:
    result = results.titled("brokers")
    outside = [r for r in result.records if r["kind"] != "Agency"]
    assert outside[0]["broker"] == "cso:45:สภาสาเกตุนคร"
    assert all(r["kind"] != "Council" for r in result.records)


def test_cross_province_ties_join_khon_kaen_and_roi_et(results: Results) -> None:
    result = results.titled("cross province")
    pairs = {(r["organisation_a"], r["organisation_b"]) for r in result.records}
    assert ("council:provincial:40", "council:provincial:45") in pairs
    assert all(r["province_a"] != r["province_b"] for r in result.records)


def test_the_roi_et_assembly_produced_the_debt_relief_plan(results: Results) -> None:
    result = results.titled("took part in an event")
    parts = {(r["part"], r["id"]) for r in result.records}
    assert ("produced", "proposal:45:household-debt-relief") in parts
    assert ("organiser", "cso:45:สภาสาเกตุนคร") in parts


def test_thai_search_finds_the_civic_assembly_first(results: Results) -> None:
    result = results.titled("by name")
    best: dict[str, str] = {}
    for record in result.records:
        best.setdefault(record["query"], record["id"])
    assert best == {
        "สภาสาเกตุนคร": "cso:45:สภาสาเกตุนคร",
        "Khon Kaen University": "academic:40:มหาวิทยาลัยขอนแก่น",
    }


def test_codi_is_mentioned_in_both_reports(results: Results) -> None:
    result = results.titled("reports mention")
    assert result.column("source") == [
        "source:2022-09-10-provincial-integration-forum",
        "source:2023-03-22-northeast-integrated-province-meeting",
    ]


# ---------------------------------------------------------------------------------------------
# The schema part of the page matches the server and the enums


def test_every_index_and_constraint_the_page_names_exists(driver: Driver) -> None:
    indexes = set(run_read(driver, "SHOW INDEXES YIELD name RETURN name", {}).column("name"))
    constraints = set(
        run_read(driver, "SHOW CONSTRAINTS YIELD name RETURN name", {}).column("name")
    )
    named = set(_INDEX_NAME.findall(SCHEMA_TEXT))
    assert cypher.FULLTEXT_INDEX in named
    assert named - indexes - constraints == set()
    # every uniqueness constraint is listed by name
    assert {name for name in constraints if name.startswith("partnernet_")} <= named


def test_the_page_names_every_label_type_and_internal_property() -> None:
    for name in [ORGANIZATION_LABEL, *(kind.value for kind in NodeKind)]:
        assert f"`{name}`" in SCHEMA_TEXT, f"label {name} is not described"
    for type_ in RelType:
        assert f"`{type_.value}`" in SCHEMA_TEXT, f"relationship type {type_.value} is missing"
    for prop in cypher.INTERNAL_NODE_PROPS:
        assert f"`{prop}`" in SCHEMA_TEXT, f"internal property {prop} is not named"
    assert f"`{cypher.FULLTEXT_ANALYZER}`" in SCHEMA_TEXT
    assert f"`{cypher.HARNESS_LABEL}`" in SCHEMA_TEXT
