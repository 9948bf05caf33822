"""Every route × no key / viewer / editor / admin, on a server with keys, on a read-only server
(no keys) and with public reads. The table must list every route the app has."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from api_support import (
    GOVERNOR,
    ORG,
    PARTNER,
    PROPOSAL,
    SUBDISTRICT_COUNCIL,
    Keys,
    auth,
    client,
    copy_store,
)
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from partnernet.api import docs, pages

WHO = ("none", "viewer", "editor", "admin")
_n = itertools.count()
Build = Callable[[TestClient, str], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    method: str
    route: str  # the app's route path
    need: str  # open · viewer · editor · admin · page · session
    build: Build
    ok: int = 200


def get(url: str) -> Build:
    return lambda c, who: {"url": url}


def body(url: str, make: Callable[[str], dict[str, Any]]) -> Build:
    return lambda c, who: {"url": url, "json": make(f"{who}-{next(_n)}")}


def _upload(c: TestClient, who: str) -> dict[str, Any]:
    csv = f"id,kind,name_th,province\n,civil_society_group,เครือข่ายทดสอบ {who} {next(_n)},ขอนแก่น\n"
    return {
        "url": "/api/v1/ingest",
        "files": [("files", ("organizations.csv", csv.encode(), "text/csv"))],
    }


def _undo(c: TestClient, who: str) -> dict[str, Any]:
    """A decision to take back, recorded first (the route answers 404 when there is none)."""
    from partnernet.service import decisions

    decisions.decide(c.app.state.partnernet.store, ORG, PARTNER, "accepted")  # type: ignore[attr-defined]
    return {"url": "/api/v1/decisions/undo", "json": {"source": ORG, "target": PARTNER}}


def _undo_change(c: TestClient, who: str) -> dict[str, Any]:
    """An audit entry to undo: a change made first (the route answers 404 without one)."""
    from partnernet.service import audit, records

    store = c.app.state.partnernet.store  # type: ignore[attr-defined]
    records.update_node(store, PARTNER, {"name_en": f"PAO {who} {next(_n)}"})
    entry = audit.list_audit(store, org=PARTNER, limit=1)[1][0]
    return {"url": f"/api/v1/audit/{entry.id}/undo"}


_rejects_url: dict[int, str] = {}


def _rejects(c: TestClient, who: str) -> dict[str, Any]:
    if c.app.state.partnernet.read_only:  # type: ignore[attr-defined]
        return {"url": f"/api/v1/ingest/{'0' * 32}/rejects.csv"}
    if id(c) not in _rejects_url:
        csv = "source,target,type\nno:such,node:here,PARTNERS_WITH\n"
        keys: Keys = c.app_keys  # type: ignore[attr-defined]
        response = c.post(
            "/api/v1/ingest",
            headers=auth(keys.admin),
            files=[("files", ("relationships.csv", csv.encode(), "text/csv"))],
        )
        assert response.status_code == 200, response.text
        _rejects_url[id(c)] = response.json()["rejects_url"]
    return {"url": _rejects_url[id(c)]}


def _preview(c: TestClient, who: str) -> dict[str, Any]:
    return {**_upload(c, who), "url": "/api/v1/ingest/preview"}


def _token(c: TestClient, who: str) -> str:
    """A preview of `who`'s own (previews belong to the caller who made them); a made-up one
    where `who` may not preview (the route refuses before it looks the token up)."""
    keys: Keys = c.app_keys  # type: ignore[attr-defined]
    key = keys.of(who)
    if c.app.state.partnernet.read_only or who not in ("editor", "admin") or key is None:  # type: ignore[attr-defined]
        return "0" * 32
    made = c.post("/api/v1/ingest/preview", headers=auth(key), files=_upload(c, who)["files"])
    assert made.status_code == 200, made.text
    return str(made.json()["token"])


def _choose(c: TestClient, who: str) -> dict[str, Any]:
    return {"url": f"/api/v1/ingest/preview/{_token(c, who)}/facts", "json": {"facts": {}}}


def _confirm(c: TestClient, who: str) -> dict[str, Any]:
    return {"url": "/api/v1/ingest/confirm", "json": {"token": _token(c, who)}}


def _preview_rejects(c: TestClient, who: str) -> dict[str, Any]:
    return {"url": f"/api/v1/ingest/preview/{_token(c, who)}/rejects.csv"}


def _revoke(c: TestClient, who: str) -> dict[str, Any]:
    if c.app.state.partnernet.read_only:  # type: ignore[attr-defined]
        return {"url": "/api/v1/keys/0123abcd"}
    _, key = c.app.state.partnernet.keys.add("viewer")  # type: ignore[attr-defined]
    return {"url": f"/api/v1/keys/{key.key_id}"}


def _session(c: TestClient, who: str) -> dict[str, Any]:
    keys: Keys = c.app_keys  # type: ignore[attr-defined]
    return {"url": "/api/v1/session", "json": {"key": keys.of(who) or "not-a-key-" + "x" * 20}}


V1 = "/api/v1"
CASES = [
    Case("GET", f"{V1}/health", "open", get(f"{V1}/health")),
    Case("GET", f"{V1}/stats", "viewer", get(f"{V1}/stats")),
    Case("GET", f"{V1}/session", "open", get(f"{V1}/session")),
    Case("POST", f"{V1}/session", "session", _session),
    Case("DELETE", f"{V1}/session", "open", get(f"{V1}/session")),
    Case("GET", f"{V1}/keys", "admin", get(f"{V1}/keys")),
    Case("POST", f"{V1}/keys", "admin", body(f"{V1}/keys", lambda n: {"role": "viewer"}), 201),
    Case("DELETE", f"{V1}/keys/{{key_id}}", "admin", _revoke),
    Case("GET", f"{V1}/organizations", "viewer", get(f"{V1}/organizations?province=40")),
    Case("GET", f"{V1}/organizations/{{org_id:path}}", "viewer", get(f"{V1}/organizations/{ORG}")),
    Case(
        "POST",
        f"{V1}/organizations",
        "editor",
        body(
            f"{V1}/organizations",
            lambda n: {"kind": "civil_society_group", "name_th": f"เครือข่าย {n}", "province": "40"},
        ),
        201,
    ),
    Case(
        "PATCH",
        f"{V1}/organizations/{{org_id:path}}",
        "editor",
        body(f"{V1}/organizations/{ORG}", lambda n: {"name_en": "KK council network"}),
    ),
    Case("GET", f"{V1}/relationships", "viewer", get(f"{V1}/relationships?node={ORG}")),
    Case(
        "POST",
        f"{V1}/relationships",
        "editor",
        body(
            f"{V1}/relationships",
            lambda n: {"type": "PARTNERS_WITH", "source": ORG, "target": PARTNER, "form": "mou"},
        ),
        201,
    ),
    Case("GET", f"{V1}/proposals", "viewer", get(f"{V1}/proposals")),
    Case(
        "GET", f"{V1}/proposals/{{proposal_id:path}}", "viewer", get(f"{V1}/proposals/{PROPOSAL}")
    ),
    Case(
        "POST",
        f"{V1}/proposals",
        "editor",
        body(
            f"{V1}/proposals",
            lambda n: {"title_th": f"ข้อเสนอทดสอบ {n}", "proposed_by": [ORG], "province": "40"},
        ),
        201,
    ),
    Case(
        "POST",
        f"{V1}/proposals/{{proposal_id:path}}/status",
        "editor",
        body(f"{V1}/proposals/{PROPOSAL}/status", lambda n: {"status": "submitted"}),
    ),
    Case(
        "POST",
        f"{V1}/proposals/{{proposal_id:path}}/responses",
        "editor",
        body(
            f"{V1}/proposals/{PROPOSAL}/responses",
            lambda n: {"organization": GOVERNOR, "status": "acknowledged"},
        ),
    ),
    Case("GET", f"{V1}/provinces", "viewer", get(f"{V1}/provinces")),
    Case("GET", f"{V1}/provinces/{{province}}", "viewer", get(f"{V1}/provinces/40")),
    Case("GET", f"{V1}/provinces/{{province}}/gaps", "viewer", get(f"{V1}/provinces/40/gaps")),
    Case("GET", f"{V1}/provinces/{{province}}/trend", "viewer", get(f"{V1}/provinces/40/trend")),
    Case(
        "GET",
        f"{V1}/provinces/{{province}}/changes",
        "viewer",
        get(f"{V1}/provinces/40/changes"),
    ),
    Case(
        "GET",
        f"{V1}/provinces/{{province}}/recommendations",
        "viewer",
        get(f"{V1}/provinces/40/recommendations"),
    ),
    Case(
        "POST",
        f"{V1}/provinces/{{province}}/recommendations/feedback",
        "editor",
        body(
            f"{V1}/provinces/40/recommendations/feedback",
            lambda n: {"source": SUBDISTRICT_COUNCIL, "target": PARTNER, "decision": "accepted"},
        ),
        201,
    ),
    Case("GET", f"{V1}/decisions", "viewer", get(f"{V1}/decisions?province=40")),
    Case(
        "POST",
        f"{V1}/decisions",
        "editor",
        body(
            f"{V1}/decisions",
            lambda n: {"source": SUBDISTRICT_COUNCIL, "target": PARTNER, "decision": "rejected"},
        ),
        201,
    ),
    Case("POST", f"{V1}/decisions/undo", "editor", _undo),
    Case("GET", f"{V1}/audit", "editor", get(f"{V1}/audit?province=40")),
    Case("POST", f"{V1}/audit/{{entry_id}}/undo", "editor", _undo_change),
    Case(
        "GET",
        f"{V1}/provinces/{{province}}/network.html",
        "viewer",
        get(f"{V1}/provinces/40/network.html"),
    ),
    Case("GET", f"{V1}/analysis/structure", "viewer", get(f"{V1}/analysis/structure")),
    Case("GET", f"{V1}/analysis/hubs", "viewer", get(f"{V1}/analysis/hubs")),
    Case("GET", f"{V1}/analysis/communities", "viewer", get(f"{V1}/analysis/communities")),
    Case("GET", f"{V1}/exports/{{fmt}}", "viewer", get(f"{V1}/exports/json?province=40")),
    Case("GET", f"{V1}/brief", "viewer", get(f"{V1}/brief?province=40&format=html")),
    Case("GET", f"{V1}/figure", "viewer", get(f"{V1}/figure?org={ORG}&format=svg")),
    Case("POST", f"{V1}/ingest", "editor", _upload),
    Case("GET", f"{V1}/ingest/{{upload_id}}/rejects.csv", "editor", _rejects),
    Case("POST", f"{V1}/ingest/preview", "editor", _preview),
    Case("POST", f"{V1}/ingest/preview/{{token}}/facts", "editor", _choose),
    Case("POST", f"{V1}/ingest/confirm", "editor", _confirm),
    Case("GET", f"{V1}/ingest/preview/{{token}}/rejects.csv", "editor", _preview_rejects),
    Case(
        "POST",
        f"{V1}/cypher",
        "admin",
        body(f"{V1}/cypher", lambda n: {"query": "MATCH (n) RETURN count(n)"}),
        501,
    ),
    Case("GET", "/", "page", get("/")),
    Case("GET", "/map.html", "page", get("/map.html")),
    Case("GET", "/provinces/{province}", "page", get("/provinces/40")),
    Case("GET", "/docs", "open", get("/docs")),
]


def _expected(case: Case, who: str, *, keys_configured: bool, public_reads: bool) -> int:
    if case.need == "open":
        return case.ok
    if case.need == "session":
        return 200 if who != "none" else 401
    reads_open = not keys_configured or public_reads
    if case.need in ("viewer", "page"):
        return case.ok if who != "none" or reads_open else 401
    if not keys_configured or who == "none":
        return 401
    rank = {"viewer": 1, "editor": 2, "admin": 3}
    return case.ok if rank[who] >= rank[case.need] else 403


def _client(
    sample_db: Path, folder: Path, keys: Keys, configured: bool, **overrides: Any
) -> Iterator[TestClient]:
    store = copy_store(sample_db, folder / "store")
    with client(store, keys if configured else None, folder, **overrides) as test_client:
        test_client.app_keys = keys  # type: ignore[attr-defined]
        yield test_client
    store.close()


@pytest.fixture(scope="module")
def with_keys(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[TestClient]:
    yield from _client(sample_db, tmp_path_factory.mktemp("matrix-keys"), keys, True)


@pytest.fixture(scope="module")
def read_only(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[TestClient]:
    yield from _client(sample_db, tmp_path_factory.mktemp("matrix-ro"), keys, False)


@pytest.fixture(scope="module")
def public(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[TestClient]:
    yield from _client(
        sample_db, tmp_path_factory.mktemp("matrix-public"), keys, True, public_reads=True
    )


def test_the_table_lists_every_route(with_keys: TestClient) -> None:
    """Every operation of the OpenAPI document, and every page (pages are not in it)."""
    schema = with_keys.get("/openapi.json").json()
    routes = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    routes |= {
        (method, route.path)
        for route in [*pages.router.routes, *docs.router.routes]
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    listed = {(case.method, case.route.replace(":path", "")) for case in CASES}
    assert routes == listed


def _call(c: TestClient, case: Case, who: str, key: str | None) -> Any:
    request = case.build(c, who)
    url = request.pop("url")
    c.cookies.clear()
    return c.request(case.method, url, headers=auth(key), **request)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
def test_keys_configured(with_keys: TestClient, keys: Keys, case: Case, who: str) -> None:
    response = _call(with_keys, case, who, keys.of(who))
    expected = _expected(case, who, keys_configured=True, public_reads=False)
    assert response.status_code == expected, response.text[:500]
    if expected in (401, 403) and case.need != "page":
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
def test_read_only_server(read_only: TestClient, case: Case) -> None:
    """No keys configured: reads are open, every write answers 401."""
    response = _call(read_only, case, "none", None)
    expected = _expected(case, "none", keys_configured=False, public_reads=False)
    assert response.status_code == expected, response.text[:500]
    if expected == 401:
        assert "read-only" in response.json()["detail"]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
def test_public_reads(public: TestClient, keys: Keys, case: Case, who: str) -> None:
    """PARTNERNET_PUBLIC_READS: every read and page answers without a key, every write still
    needs an editor key (none: 401, a viewer's: 403) and Cypher and keys still the admin's."""
    response = _call(public, case, who, keys.of(who))
    expected = _expected(case, who, keys_configured=True, public_reads=True)
    assert response.status_code == expected, response.text[:500]
    if expected in (401, 403):
        assert response.headers["content-type"].startswith("application/problem+json")


def test_public_pages_offer_sign_in_and_hide_editing(public: TestClient, keys: Keys) -> None:
    """Public pages show the data to anyone, with the sign-in form in the header; signing in
    as an editor brings the decision buttons and a sign-out button."""
    public.cookies.clear()
    for url in ("/?lang=en", "/provinces/40?lang=en", "/map.html"):
        response = public.get(url)
        assert response.status_code == 200, url
    page = public.get("/provinces/40?lang=en").text
    assert 'id="pn-signin"' in page and 'id="pn-signout"' not in page
    assert 'data-decision="' not in page and "Partners to approach next" in page
    signed = public.post(
        "/api/v1/session", json={"key": keys.editor}, headers={"X-Partnernet-Request": "1"}
    )
    assert signed.status_code == 200, signed.text
    page = public.get("/provinces/40?lang=en").text
    assert 'id="pn-signout"' in page and 'id="pn-signin"' not in page
    assert 'data-decision="accepted"' in page
    signed_out = public.delete("/api/v1/session", headers={"X-Partnernet-Request": "1"})
    assert signed_out.status_code == 200
    assert 'id="pn-signin"' in public.get("/provinces/40?lang=en").text
    public.cookies.clear()


def test_without_public_reads_pages_are_locked(with_keys: TestClient) -> None:
    with_keys.cookies.clear()
    for url in ("/?lang=en", "/provinces/40?lang=en", "/map.html"):
        response = with_keys.get(url)
        assert response.status_code == 401, url
        assert 'id="pn-signin"' in response.text and "Khon Kaen" not in response.text


def test_an_invalid_key_is_refused_even_for_open_reads(read_only: TestClient) -> None:
    response = read_only.get("/api/v1/stats", headers=auth("pn_00000000_" + "x" * 40))
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("ApiKey")


def test_bearer_header_works(with_keys: TestClient, keys: Keys) -> None:
    response = with_keys.get("/api/v1/session", headers={"Authorization": f"Bearer {keys.editor}"})
    assert response.json()["role"] == "editor"
