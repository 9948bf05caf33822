"""Issue 22, findings 1-2, replayed against the real Neo4j: every bypass of the old text guard
is refused by the server-parsed plan check, and the server's limits stop a long or greedy
query with a problem document (never a plain 500)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, auth, client
from fastapi.testclient import TestClient

from partnernet.api.cypher_guard import CypherRefused, check_plan

# The attacks of the issue. Each reached the server through the old guard (with an admin key).
BYPASSES = [
    "// hidden\rSHOW USERS",
    "RETURN 1 AS x // hidden\u2028SHOW USERS",
    "\\u0053HOW USERS",
    "SHOW USERS",
    "SHOW DATABASES",
    "SHOW SETTINGS",
    "SHOW TRANSACTIONS",
    "SHOW PROCEDURES",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CALL dbms.listConfig()",
    "CALL `dbms`.`listConfig`()",
    "CALL `dbms.listConfig`()",
    "CALL dbms.showCurrentUser()",
    "CALL dbms.listConnections()",
    "CALL db.ping()",
    "LOAD CSV FROM 'http://127.0.0.1:{port}/x' AS row RETURN row",
    "LOAD CSV FROM 'ftp://127.0.0.1:{port}/x' AS row RETURN row",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "USE system SHOW USERS",
    "USE system MATCH (n) RETURN n",
    "MATCH (n) CALL (n) { RETURN n.id AS i } IN TRANSACTIONS RETURN i",
    "CREATE (n:Council {id: 'w'}) RETURN n",
    "RETURN 1 +",
]


def test_plan_check_on_plans_the_server_gave() -> None:
    """Plan shapes seen from Neo4j 5.26 (see the neo4j-marked tests for the live ones)."""
    read = {
        "operatorType": "ProduceResults@neo4j",
        "args": {"planner": "COST"},
        "children": [
            {
                "operatorType": "ProcedureCall@neo4j",
                "args": {"Details": "db.labels() :: (label :: STRING)"},
            }
        ],
    }
    check_plan(read)
    admin = {"operatorType": "AdministrationCommand@system", "args": {"planner": "ADMINISTRATION"}}
    config = {
        "operatorType": "ProduceResults@neo4j",
        "children": [
            {"operatorType": "ProcedureCall@neo4j", "args": {"Details": "dbms.listConfig() :: …"}}
        ],
    }
    load = {"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "LoadCSV@neo4j"}]}
    other_db = {
        "operatorType": "ProduceResults@neo4j",
        "children": [{"operatorType": "AllNodesScan@other"}],
    }
    for plan in (admin, config, load, other_db, {}):
        with pytest.raises(CypherRefused):
            check_plan(plan)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A local port that accepts connections and never answers (the ftp:// hang of the issue)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


@pytest.fixture
def neo4j_api(neo4j_session_store: Any, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    with client(
        neo4j_session_store, keys, tmp_path, cypher_timeout_seconds=3, cypher_row_limit=50
    ) as c:
        yield c


@pytest.mark.neo4j
@pytest.mark.parametrize("attack", BYPASSES)
def test_every_bypass_is_refused_by_the_real_server(
    neo4j_api: TestClient, keys: Keys, attack: str, silent_port: int
) -> None:
    started = time.monotonic()
    response = neo4j_api.post(
        "/api/v1/cypher",
        json={"query": attack.replace("{port}", str(silent_port))},
        headers=auth(keys.admin),
    )
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert time.monotonic() - started < 10  # never the 120 s hang of the ftp:// port


@pytest.mark.neo4j
def test_the_plan_check_itself_refuses_what_the_text_filter_misses(
    neo4j_session_store: Any,
) -> None:
    """Straight to the store, past the text filter: the server's plan decides alone."""
    for attack in ("// x\rSHOW USERS", "CALL `dbms`.`listConfig`()", "SHOW TRANSACTIONS"):
        with pytest.raises(CypherRefused):
            neo4j_session_store.run_read_only(
                attack, {}, timeout=5, row_limit=5, check_plan=check_plan
            )


@pytest.mark.neo4j
def test_read_queries_still_run(neo4j_api: TestClient, keys: Keys) -> None:
    for query in (
        "MATCH (n) RETURN count(n) AS n",
        "CALL db.labels() YIELD label RETURN label",
        "CALL db.relationshipTypes()",
        "MATCH (a)-[r*1..2]-(b) RETURN count(*) AS paths",
        "MATCH (n) WITH n ORDER BY n.id LIMIT 3 OPTIONAL MATCH (n)--(m) RETURN n.id, count(m)",
        "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN collect(x) AS xs",
        "CALL { MATCH (n) RETURN n LIMIT 2 } RETURN count(n) AS c",
    ):
        response = neo4j_api.post("/api/v1/cypher", json={"query": query}, headers=auth(keys.admin))
        assert response.status_code == 200, (query, response.text)


@pytest.mark.neo4j
def test_a_long_query_stops_at_its_time_limit(neo4j_api: TestClient, keys: Keys) -> None:
    query = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    started = time.monotonic()
    response = neo4j_api.post("/api/v1/cypher", json={"query": query}, headers=auth(keys.admin))
    elapsed = time.monotonic() - started
    assert response.status_code == 413, response.text
    assert "time limit of 3 s" in response.json()["detail"]
    assert elapsed < 3 + 5  # the limit plus planning and a round trip, not minutes


@pytest.mark.neo4j
def test_a_greedy_query_hits_the_memory_limit_as_a_problem(
    neo4j_session_store: Any, tmp_path: Path, keys: Keys
) -> None:
    """The managed server caps one transaction's memory (db.memory.transaction.max, 256m)."""
    query = "UNWIND range(1, 20000000) AS a WITH collect(toString(a)) AS c RETURN size(c) AS n"
    with client(neo4j_session_store, keys, tmp_path, cypher_timeout_seconds=60) as c:
        response = c.post("/api/v1/cypher", json={"query": query}, headers=auth(keys.admin))
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "memory" in response.json()["detail"] and "bolt://" not in response.text
