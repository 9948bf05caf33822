"""The read-only Cypher endpoint: the statement allowlist, the plumbing, and (with the harness
Neo4j) read access mode on a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import FakeNeo4j, Keys, auth, client, copy_store
from fastapi.testclient import TestClient

from partnernet.api.cypher_guard import CypherRefused, check_params, check_read_only, jsonable
from partnernet.foundation.errors import InvalidInput

ALLOWED = [
    "MATCH (n:Council) RETURN n.name_th LIMIT 5",
    "MATCH (c:Council)-[:PARTNERS_WITH]-(a:Agency) WHERE c.province_code = $p "
    "RETURN c.id, count(a) AS agencies ORDER BY agencies DESC",
    "OPTIONAL MATCH (n {id: 'x'}) RETURN n",
    "MATCH (n:Delete {set: 1}) RETURN n.create, n.merge",  # names, not clauses
    "MATCH ()-[r:REMOVE]->() RETURN count(r)",
    "RETURN 'CREATE (n)' AS text, \"DELETE\" AS other",  # inside strings
    "MATCH (n) // CREATE (m)\nRETURN count(n)",  # inside a comment
    "MATCH (n) /* SET n.x = 1 */ RETURN n.`set`",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.schema.visualization()",
    "CALL { MATCH (n) RETURN n } RETURN count(n)",
    "UNWIND [1, 2] AS x WITH x WHERE x > 1 RETURN x;",
    "EXPLAIN MATCH (n) RETURN n",
    "MATCH p = shortestPath((a {id: $a})-[*..4]-(b {id: $b})) RETURN p",
]
REFUSED = [
    ("CREATE (n:Council {id: 'x'})", "CREATE"),
    ("MATCH (n) SET n.x = 1", "SET"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("match (n) delete n", "DELETE"),
    ("MERGE (n {id: 1})", "MERGE"),
    ("MATCH (n) REMOVE n:Council", "REMOVE"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.y = x)", "FOREACH"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD"),
    ("DROP INDEX nodes", "DROP"),
    ("SHOW USERS", "SHOW"),
    ("USE system MATCH (n) RETURN n", "USE"),
    ("CALL dbms.security.createUser('x', 'y', false)", "dbms.security.createuser"),
    ("CALL apoc.create.node(['X'], {}) YIELD node RETURN node", "apoc.create.node"),
    ("CALL `db`.`create`.setNodeVectorProperty(n, 'v', [1])", "db.create.setnodevectorproperty"),
    ("MATCH (n) RETURN apoc.cypher.runFirstColumnSingle('CREATE (m) RETURN m', {})", "apoc"),
    ("MATCH (n) RETURN n; MATCH (m) DELETE m", "one statement"),
    ("CALL { CREATE (n) } IN TRANSACTIONS", "CREATE"),
    ("MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS OF 10 ROWS", "SET"),
    (":param x => 1", "client commands"),
    ("MATCH (n) RETURN 'unterminated", "unterminated"),
    ("MATCH (n) /* unterminated comment", "unterminated"),
    ("INSERT (n:Council)", "INSERT"),
    ("", "empty"),
    (";", "empty"),
]


@pytest.mark.parametrize("query", ALLOWED)
def test_read_queries_pass(query: str) -> None:
    assert check_read_only(query)


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_writes_and_procedures_are_refused(query: str, reason: str) -> None:
    with pytest.raises(CypherRefused, match=reason.replace("(", r"\(")):
        check_read_only(query)


def test_params_are_plain_names() -> None:
    assert check_params({"p": "40"}) == {"p": "40"}
    with pytest.raises(CypherRefused):
        check_params({"a b": 1})


def test_jsonable() -> None:
    from datetime import date

    assert jsonable({"d": date(2023, 3, 22), "x": float("nan"), "l": (1, "ก")}) == {
        "d": "2023-03-22",
        "x": None,
        "l": [1, "ก"],
    }


@pytest.fixture
def fake(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    base = copy_store(sample_db, tmp_path / "store")
    base.close()
    store = FakeNeo4j(base.path)
    store.calls = []
    with client(store, keys, tmp_path, cypher_row_limit=10, cypher_timeout_seconds=3) as c:
        yield c
    store.close()


def test_endpoint_runs_through_read_only_method(fake: TestClient, keys: Keys) -> None:
    body = {
        "query": "MATCH (n) WHERE n.province_code = $p RETURN n.id, n.name_th",
        "params": {"p": "40"},
        "limit": 50,
    }
    response = fake.post("/api/v1/cypher", json=body, headers=auth(keys.admin))
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["columns"] == ["n", "label", "params"] and len(data["rows"]) == 10
    assert data["truncated"] is True and data["row_limit"] == 10
    store: FakeNeo4j = fake.app.state.partnernet.store  # type: ignore[attr-defined]
    assert store.calls == [
        {
            "query": body["query"],
            "params": {"p": "40"},
            "timeout": 3.0,
            "row_limit": 10,
            "plan_checked": True,
        }
    ]
    refused = fake.post(
        "/api/v1/cypher", json={"query": "MATCH (n) DETACH DELETE n"}, headers=auth(keys.admin)
    )
    assert refused.status_code == 422 and "DETACH" in refused.json()["detail"]
    assert len(store.calls) == 1
    assert fake.post("/api/v1/cypher", json=body, headers=auth(keys.editor)).status_code == 403


def test_sqlite_store_answers_501(api: TestClient, keys: Keys) -> None:
    response = api.post(
        "/api/v1/cypher", json={"query": "MATCH (n) RETURN n"}, headers=auth(keys.admin)
    )
    assert response.status_code == 501 and "Neo4j" in response.json()["detail"]


@pytest.mark.neo4j
def test_real_neo4j_serves_the_api(
    neo4j_session_store: Any, sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    neo4j_session_store.clear()
    neo4j_session_store.init_schema()
    from partnernet.ingest.pipeline import ingest_paths
    from partnernet.service.demo import sample_dir

    ingest_paths(
        neo4j_session_store,
        sorted(sample_dir().glob("*.csv")),
        rejects_path=tmp_path / "rejects.csv",
    )
    with client(neo4j_session_store, keys, tmp_path, cypher_row_limit=5) as c:
        h = auth(keys.admin)
        ok = c.post(
            "/api/v1/cypher",
            headers=h,
            json={"query": "MATCH (c:Council) RETURN c.id AS id, c ORDER BY id"},
        )
        assert ok.status_code == 200, ok.text
        data = ok.json()
        assert data["columns"] == ["id", "c"] and len(data["rows"]) == 5 and data["truncated"]
        assert "Council" in data["rows"][0][1]["labels"]
        # The rest of the API answers the same on Neo4j as on the embedded store.
        sqlite = copy_store(sample_db, tmp_path / "sqlite")
        with client(sqlite, keys, tmp_path / "sqlite") as s:
            for url in (
                "/api/v1/provinces/40/gaps",
                "/api/v1/provinces/40/recommendations",
                "/api/v1/analysis/hubs?limit=10",
                "/api/v1/organizations?q=ขอนแก่น",
                "/api/v1/proposals?province=40",
            ):
                on_neo4j, on_sqlite = c.get(url, headers=h).json(), s.get(url, headers=h).json()
                on_neo4j.pop("graph_version", None)
                on_sqlite.pop("graph_version", None)
                assert on_neo4j == on_sqlite, url
        sqlite.close()


@pytest.mark.neo4j
def test_real_neo4j_refuses_writes_in_read_mode(neo4j_session_store: Any) -> None:
    with pytest.raises(InvalidInput):
        neo4j_session_store.run_read_only(
            "CREATE (n:Council {id: 'w'}) RETURN n", {}, timeout=5, row_limit=1
        )


def test_fulltext_search_passes_the_guard_and_index_writes_do_not() -> None:
    from partnernet.api.cypher_guard import CypherRefused, check_read_only

    query = "CALL db.index.fulltext.queryNodes('partnernet_names', $q) YIELD node RETURN node"
    assert check_read_only(query) == query
    with pytest.raises(CypherRefused):
        check_read_only("CALL db.index.fulltext.createNodeIndex('x', ['L'], ['p'])")
