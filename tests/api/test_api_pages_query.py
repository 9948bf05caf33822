"""The query page: the documented examples and schema one click away, queries run through the
same guard and read-only method as /api/v1/cypher, problems shown beside the box, the SQLite
store said to have no Cypher, admins only, and what a query or its result holds stays text."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import FakeNeo4j, Keys, auth, client, copy_store
from fastapi.testclient import TestClient
from markupsafe import escape

from partnernet.api import cypher_examples

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from viz_payloads import PAYLOADS

DOC = Path(__file__).resolve().parents[2] / "docs" / "cypher.md"


@pytest.fixture
def fake(sample_db: Path, tmp_path: Path, keys: Keys) -> Iterator[TestClient]:
    base = copy_store(sample_db, tmp_path / "store")
    base.close()
    store = FakeNeo4j(base.path)
    store.calls = []
    with client(store, keys, tmp_path, cypher_row_limit=10, cypher_timeout_seconds=3) as c:
        yield c
    store.close()


def _calls(c: TestClient) -> list[dict[str, Any]]:
    return list(c.app.state.partnernet.store.calls)  # type: ignore[attr-defined]


def test_the_examples_are_the_documented_ones() -> None:
    found = cypher_examples.reference()
    assert found is not None
    text = DOC.read_text(encoding="utf-8")
    assert [e.number for e in found.examples] == list(range(1, 11))
    for example in found.examples:
        assert f"### {example.number}. {example.title}" in text
        assert example.text in text
    assert ("RECOMMENDED", "Organization → Organization") in found.schema.relationships
    assert any(label.startswith("Council") for label, _ in found.schema.labels)


def test_sqlite_store_says_it_has_no_cypher(shared: TestClient, keys: Keys) -> None:
    page = shared.get("/query?lang=en", headers=auth(keys.admin))
    assert page.status_code == 200
    assert 'id="pn-no-cypher"' in page.text and "no Cypher" in page.text
    assert 'id="pn-run"' not in page.text
    assert page.text.count('class="pn-example"') == 10  # the examples are still there
    refused = shared.post(
        "/query?lang=en", data={"query": "MATCH (n) RETURN n"}, headers=auth(keys.admin)
    )
    assert refused.status_code == 501 and 'id="pn-problem"' in refused.text


def test_an_example_link_fills_the_box(fake: TestClient, keys: Keys) -> None:
    page = fake.get("/query?lang=en&example=1", headers=auth(keys.admin)).text
    box = re.search(r'<textarea id="pn-cypher"[^>]*>(.*?)</textarea>', page, re.S)
    params = re.search(r'<textarea id="pn-params"[^>]*>(.*?)</textarea>', page, re.S)
    first = cypher_examples.example(1)
    assert box and params and first
    assert html.unescape(box.group(1)) == first.text
    assert html.unescape(params.group(1)) == '{"province": "40"}'
    assert 'id="pn-run"' in page


def test_a_query_runs_and_shows_a_table(fake: TestClient, keys: Keys) -> None:
    form = {"query": "MATCH (n) WHERE n.province_code = $p RETURN n", "params": '{"p": "40"}'}
    page = fake.post("/query?lang=en", data=form, headers=auth(keys.admin))
    assert page.status_code == 200, page.text[:300]
    assert _calls(fake) == [
        {"query": form["query"], "params": {"p": "40"}, "timeout": 3.0, "row_limit": 10,
         "plan_checked": True}
    ]  # fmt: skip
    table = page.text.split('id="pn-result"')[1].split("</table>")[0]
    assert re.findall(r"<th>([^<]*)</th>", table) == ["n", "label", "params"]
    assert table.count("<tr>") == 1 + 10 and "row 9" in table
    assert "cut off at" in page.text


@pytest.mark.parametrize(
    ("form", "status", "words"),
    [
        ({"query": "MATCH (n) DETACH DELETE n"}, 422, "DETACH"),
        ({"query": "CALL dbms.killQuery('1')"}, 422, "dbms"),
        ({"query": "MATCH (n) RETURN n", "params": "{not json"}, 422, "not JSON"),
        ({"query": "MATCH (n) RETURN n", "params": "[1]"}, 422, "JSON object"),
        ({"query": ""}, 422, ""),
    ],
)
def test_problems_show_beside_the_box(
    fake: TestClient, keys: Keys, form: dict[str, str], status: int, words: str
) -> None:
    page = fake.post("/query?lang=en", data=form, headers=auth(keys.admin))
    assert page.status_code == status
    problem = re.search(r'<p class="pn-problem" id="pn-problem" role="alert">(.*?)</p>', page.text)
    assert problem and words in html.unescape(problem.group(1))
    assert str(escape(form["query"])) in page.text  # the box keeps the query
    assert _calls(fake) == []


def test_a_timeout_shows_beside_the_box(
    fake: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's own refusals (here its time limit, as Neo4j's is reported) are problem
    texts beside the box too."""
    from partnernet.foundation.errors import TooLarge

    def stopped(*_: Any, **__: Any) -> Any:
        raise TooLarge("the query was stopped at its time limit of 3 s")

    store = fake.app.state.partnernet.store  # type: ignore[attr-defined]
    monkeypatch.setattr(store, "run_read_only", stopped)
    page = fake.post(
        "/query?lang=en", data={"query": "MATCH (n) RETURN n"}, headers=auth(keys.admin)
    )
    assert page.status_code == 413
    assert "stopped at its time limit of 3 s" in page.text.split('id="pn-problem"')[1]


def test_only_admins_run_queries(fake: TestClient, keys: Keys) -> None:
    page = fake.get("/query?lang=en", headers=auth(keys.editor)).text
    assert 'id="pn-not-allowed"' in page and 'id="pn-run"' not in page
    refused = fake.post("/query", data={"query": "MATCH (n) RETURN n"}, headers=auth(keys.editor))
    assert refused.status_code == 403 and _calls(fake) == []
    assert fake.get("/query").status_code == 401  # no key: the sign-in page
    assert fake.post("/api/v1/session", json={"key": keys.admin}).status_code == 200
    signed_in = fake.get("/query?lang=en").text
    token = re.findall(r'name="form_token" value="([0-9a-f]{64})"', signed_in)[0]
    assert fake.post("/query", data={"query": "MATCH (n) RETURN n"}).status_code == 403
    ok = fake.post("/query", data={"query": "MATCH (n) RETURN n", "form_token": token})
    assert ok.status_code == 200 and len(_calls(fake)) == 1


def test_payloads_in_the_box_and_the_results_stay_text(fake: TestClient, keys: Keys) -> None:
    """Every payload as the query's parameter comes back in the result table (the fake store
    echoes the parameters) and in the box: only ever as text."""
    for i, payload in enumerate(PAYLOADS):
        form = {"query": "MATCH (n) RETURN n, $x", "params": '{"x": ' + _json(payload) + "}"}
        page = fake.post("/query?lang=en", data=form, headers=auth(keys.admin))
        assert page.status_code == 200, (i, page.text[:300])
        assert "<script" not in page.text.split("<main>")[1].split("</main>")[0], i
        assert page.text.count("<script") == 2, i
        assert "<img" not in page.text and "<svg" not in page.text.lower(), i


def _json(text: str) -> str:
    import json

    return json.dumps(text)


@pytest.mark.neo4j
def test_real_neo4j_runs_an_example_and_shows_its_errors(
    neo4j_session_store: Any, tmp_path: Path, keys: Keys
) -> None:
    """On a real Neo4j: documented example 1 (partners of Khon Kaen's councils) runs from the
    page into the rows docs/cypher.md shows first; a syntax error and a write come back as
    problem texts beside the box."""
    from partnernet.ingest.pipeline import ingest_paths
    from partnernet.service.demo import sample_dir

    neo4j_session_store.clear()
    neo4j_session_store.init_schema()
    ingest_paths(
        neo4j_session_store,
        sorted(sample_dir().glob("*.csv")),
        rejects_path=tmp_path / "rejects.csv",
    )
    first = cypher_examples.example(1)
    assert first is not None
    with client(neo4j_session_store, keys, tmp_path) as c:
        h = auth(keys.admin)
        page = c.get("/query?lang=en", headers=h).text
        assert 'id="pn-no-cypher"' not in page and 'id="pn-run"' in page
        ran = c.post("/query?lang=en", data={"query": first.text, "params": first.params},
                     headers=h)  # fmt: skip
        assert ran.status_code == 200, ran.text[:500]
        table = ran.text.split('id="pn-result"')[1].split("</table>")[0]
        headers = re.findall(r"<th>([^<]*)</th>", table)
        assert headers == ["partner", "kind", "name_th", "councils", "forms"]
        cells = [html.unescape(c) for c in re.findall(r"<td>([^<]*)</td>", table)]
        assert "Academic" in cells and "Council" not in cells[1::5]
        broken = c.post("/query", data={"query": "MATCH (n RETURN n"}, headers=h)
        assert broken.status_code == 422 and "Neo4j refused the query" in broken.text
        write = c.post("/query", data={"query": "CREATE (n:X) RETURN n"}, headers=h)
        assert write.status_code == 422 and "CREATE" in write.text
