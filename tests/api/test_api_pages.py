"""The web pages (Thai and English, offline, locked without a key) and the OpenAPI document."""

from __future__ import annotations

import re

import pytest
from api_support import Keys, auth
from fastapi.testclient import TestClient


def _offline(html: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "loads from the network"


def test_home_page_thai_and_english(shared: TestClient, keys: Keys) -> None:
    th = shared.get("/", headers=auth(keys.viewer))
    assert th.status_code == 200 and '<html lang="th">' in th.text
    assert "จังหวัดตามความครอบคลุมของภาคี" in th.text and "ขอนแก่น" in th.text
    assert 'src="/map.html?lang=th"' in th.text and 'href="/provinces/40?lang=th"' in th.text
    policy = th.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
    _offline(th.text)
    en = shared.get("/?lang=en", headers=auth(keys.viewer))
    assert '<html lang="en">' in en.text and "Provinces by partner coverage" in en.text
    rows = re.findall(r'<tr data-code="(\d\d)">', en.text)
    assert len(rows) == 77 and rows[0] == "45"  # highest coverage first


def test_map_document(shared: TestClient, keys: Keys) -> None:
    response = shared.get("/map.html?lang=en", headers=auth(keys.viewer))
    assert response.status_code == 200 and 'data-code="40"' in response.text
    assert 'href="/provinces/40?lang=en"' in response.text
    _offline(response.text)


def test_province_page(shared: TestClient, keys: Keys) -> None:
    viewer = shared.get("/provinces/ขอนแก่น", headers=auth(keys.viewer))
    assert viewer.status_code == 200
    html = viewer.text
    assert 'id="pn-gaps"' in html and 'id="pn-recommendations"' in html
    assert 'src="/api/v1/provinces/40/network.html?lang=th"' in html
    assert 'data-decision="' not in html  # a viewer cannot decide
    editor = shared.get("/provinces/40?lang=en", headers=auth(keys.editor))
    assert editor.text.count('data-decision="accepted"') >= 1
    assert "Partners to approach next" in editor.text
    _offline(editor.text)
    assert shared.get("/provinces/Atlantis", headers=auth(keys.viewer)).status_code == 404


def test_pages_are_locked_without_a_key(shared: TestClient) -> None:
    response = shared.get("/provinces/40")
    assert response.status_code == 401 and 'id="pn-signin"' in response.text
    assert "ขอนแก่น" not in response.text.split("<main>")[1]


def test_page_text_is_escaped(api: TestClient, keys: Keys) -> None:
    evil = "<script>alert(1)</script>\"'&"
    body = {"name_en": evil}
    assert (
        api.patch(
            "/api/v1/organizations/council:subdistrict:400103", json=body, headers=auth(keys.editor)
        ).status_code
        == 200
    )
    page = api.get("/provinces/40?lang=en", headers=auth(keys.editor)).text
    assert "<script>alert(1)</script>" not in page


def test_docs_page_works_offline(shared: TestClient) -> None:
    response = shared.get("/docs")
    assert response.status_code == 200 and "/api/v1/provinces/{province}/gaps" in response.text
    _offline(response.text)


@pytest.fixture(scope="module")
def schema(shared: TestClient) -> dict:  # type: ignore[type-arg]
    document: dict = shared.get("/openapi.json").json()  # type: ignore[type-arg]
    return document


def test_openapi_documents_problems_and_examples(schema: dict) -> None:  # type: ignore[type-arg]
    assert schema["openapi"].startswith("3.")
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    security = schema["components"]["securitySchemes"]
    assert security["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": security["ApiKey"]["description"],
    }
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op.get("summary"), (method, path)
            for code, response in op["responses"].items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (path, code)
            if path != "/api/v1/health" and not path.startswith("/api/v1/session"):
                assert {"401", "429"} <= set(op["responses"]), (method, path)
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                ref = body["schema"]["$ref"].rsplit("/", 1)[1]
                assert schema["components"]["schemas"][ref].get("examples"), ref
    gaps = schema["paths"]["/api/v1/provinces/{province}/gaps"]["get"]
    assert "404" in gaps["responses"]
    param = gaps["parameters"][0]
    assert param["name"] == "province"
    assert param.get("examples") or param["schema"].get("examples")


def test_unknown_routes_and_methods_are_problems(shared: TestClient, keys: Keys) -> None:
    missing = shared.get("/api/v1/nothing-here", headers=auth(keys.viewer))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    method = shared.put("/api/v1/provinces", headers=auth(keys.viewer))
    assert method.status_code == 405 and method.json()["title"] == "Method not allowed"
    assert "GET" in method.headers["allow"]


def test_security_headers(shared: TestClient) -> None:
    response = shared.get("/api/v1/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert response.headers["referrer-policy"] == "no-referrer"
