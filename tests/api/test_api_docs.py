"""The offline API reference: every operation with a request example, and the examples work
against the sample data (reads answer 200, the documented writes succeed on a copy)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_support import Keys, auth
from fastapi.testclient import TestClient

from partnernet.api.docs import RequestExample, curl, markdown, request_example

METHODS = ("get", "post", "put", "patch", "delete")
# Not runnable as written: ids only a previous call gives, a key that is only an example,
# Cypher on a SQLite store, a file the reader supplies.
# /audit: an editor's read, and undo needs an entry id made by an earlier write
# (tests/api/test_api_audit.py runs both).
NOT_RUNNABLE = ("/session", "/cypher", "/ingest", "/audit")


def _examples(schema: dict[str, Any]) -> list[RequestExample]:
    return [
        request_example(path, method, op, schema)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in METHODS
    ]


def _send(client: TestClient, example: RequestExample, key: str) -> Any:
    return client.request(
        example.method,
        example.path,
        params=example.query,
        json=example.json_body,
        headers=auth(key) if example.needs_key else {},
    )


def _runnable(example: RequestExample) -> bool:
    return "<" not in example.path and not any(p in example.path for p in NOT_RUNNABLE)


def test_every_operation_has_an_example(shared: TestClient) -> None:
    schema = shared.get("/openapi.json").json()
    page = shared.get("/docs")
    assert page.status_code == 200
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text), "loads from the network"
    operations = sum(len([m for m in ops if m in METHODS]) for ops in schema["paths"].values())
    assert page.text.count('<pre class="pn-example">') == operations
    assert "curl \\\n  -X POST \\\n  http://testserver/api/v1/provinces/40/recommendations" in (
        page.text
    )
    assert "**" not in page.text and "<strong>Access.</strong>" in page.text  # markdown rendered


def test_read_examples_answer_200(shared: TestClient, keys: Keys) -> None:
    examples = [e for e in _examples(shared.get("/openapi.json").json()) if e.method == "GET"]
    ran = 0
    for example in filter(_runnable, examples):
        key = keys.admin if example.path.endswith("/keys") else keys.viewer
        response = _send(shared, example, key)
        assert response.status_code == 200, (example, response.text[:300])
        ran += 1
    assert ran >= 15


def test_write_examples_succeed(api: TestClient, keys: Keys) -> None:
    examples = [e for e in _examples(api.get("/openapi.json").json()) if e.method != "GET"]
    ran = 0
    for example in filter(_runnable, examples):
        if example.method == "DELETE":
            continue
        key = keys.admin if example.path.endswith("/keys") else keys.editor
        response = _send(api, example, key)
        assert response.status_code < 300, (example, response.text[:300])
        ran += 1
    assert ran >= 7


def test_curl_quotes_for_the_shell() -> None:
    example = RequestExample(
        "POST", "/api/v1/x", query=[], json_body={"name": "it's <ok>"}, needs_key=True
    )
    text = curl("http://host:8000/", example)
    assert text.startswith("curl \\\n  -X POST \\\n  http://host:8000/api/v1/x")
    assert """--data '{"name": "it'"'"'s <ok>"}'""" in text


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("<b>**x**</b>", "<p>&lt;b&gt;<strong>x</strong>&lt;/b&gt;</p>"),
        ("a `<script>` b\n\n- one\n- *two*", "<p>a <code>&lt;script&gt;</code> b</p>"
         "<ul><li>one</li><li><em>two</em></li></ul>"),
    ],
)  # fmt: skip
def test_markdown_escapes_first(source: str, html: str) -> None:
    assert str(markdown(source)) == html
