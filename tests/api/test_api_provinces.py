"""Provinces: coverage table, gaps, suggestions with feedback, network view; the cache."""

from __future__ import annotations

import re
from datetime import date

from api_support import PARTNER, Keys, auth
from fastapi.testclient import TestClient

V1 = "/api/v1"
CACHE = "x-partnernet-cache"


def test_provinces_table(shared: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    everything = shared.get(f"{V1}/provinces", headers=h).json()
    assert everything["total"] == 77 and len(everything["items"]) == 77
    with_data = shared.get(
        f"{V1}/provinces?with_data=true&sort=coverage&descending=true", headers=h
    ).json()
    rows = with_data["items"]
    assert {r["code"] for r in rows} == {"10", "35", "36", "40", "44", "45", "46", "47", "49"}
    coverage = [r["coverage"] for r in rows]
    assert coverage == sorted(coverage, reverse=True)
    assert all(r["gap_count"] is not None and r["organizations"] > 0 for r in rows)
    empty = next(r for r in everything["items"] if r["code"] == "50")
    assert empty["coverage"] is None and empty["organizations"] == 0
    by_gaps = shared.get(f"{V1}/provinces?sort=gaps&limit=3", headers=h).json()["items"]
    assert [r["gap_count"] for r in by_gaps] == sorted(r["gap_count"] for r in by_gaps)
    kk = shared.get(f"{V1}/provinces/Khon Kaen", headers=h).json()
    assert kk["code"] == "40" and kk["region_en"] == "Northeast" and kk["name_th"] == "ขอนแก่น"


def test_gaps_are_cached_per_graph_version(api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    first = api.get(f"{V1}/provinces/40/gaps", headers=h)
    assert first.status_code == 200 and first.headers[CACHE] == "miss"
    report = first.json()
    assert report["province"]["code"] == "40" and 0 <= report["coverage"] <= 1
    gap = report["gaps"][0]
    assert gap["severity"] in ("high", "medium", "low")
    assert gap["explanation_th"] and gap["explanation_en"] and gap["subjects"]
    for name in ("ขอนแก่น", "จ.ขอนแก่น", "Khon Kaen", "40"):
        again = api.get(f"{V1}/provinces/{name}/gaps", headers=h)
        assert again.headers[CACHE] == "hit" and again.json() == report
    body = {"name_en": "Khon Kaen council network (renamed)"}
    assert (
        api.patch(
            f"{V1}/organizations/council:provincial:40", json=body, headers=auth(keys.editor)
        ).status_code
        == 200
    )
    after = api.get(f"{V1}/provinces/40/gaps", headers=h)
    assert after.headers[CACHE] == "miss"
    assert after.json()["graph_version"] != report["graph_version"]


def test_cached_gaps_hold_for_one_day(api: TestClient, keys: Keys) -> None:
    # Gaps count unanswered proposals and lapsed ties as of today: a server running past
    # midnight computes them again, with nothing written in between.
    h = auth(keys.viewer)
    state = api.app.state.partnernet  # type: ignore[attr-defined]
    state.today = lambda: date(2026, 11, 22)
    assert api.get(f"{V1}/provinces/40/gaps", headers=h).headers[CACHE] == "miss"
    assert api.get(f"{V1}/provinces/40/gaps", headers=h).headers[CACHE] == "hit"
    state.today = lambda: date(2026, 11, 23)
    assert api.get(f"{V1}/provinces/40/gaps", headers=h).headers[CACHE] == "miss"
    assert api.get(f"{V1}/provinces/40/gaps", headers=h).headers[CACHE] == "hit"


def test_overview_fills_the_gap_cache(api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    assert api.get(f"{V1}/provinces", headers=h).headers[CACHE] == "miss"
    assert api.get(f"{V1}/provinces/45/gaps", headers=h).headers[CACHE] == "hit"


def test_unknown_province_is_404_with_suggestions(shared: TestClient, keys: Keys) -> None:
    response = shared.get(f"{V1}/provinces/Khon Kan/gaps", headers=auth(keys.viewer))
    assert response.status_code == 404
    problem = response.json()
    assert problem["status"] == 404 and "Khon Kan" in problem["detail"]
    assert problem["suggestions"][0] == {
        "level": "province",
        "code": "40",
        "name_th": "ขอนแก่น",
        "name_en": "Khon Kaen",
    }


def test_accept_and_reject_suggestions(api: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    report = api.get(f"{V1}/provinces/40/recommendations?top=5", headers=h).json()
    recs = report["recommendations"]
    assert 0 < len(recs) <= 5
    first, second = recs[0], recs[1]
    assert set(first["components"]) >= {"template_role", "peer_practice"}
    assert first["explanation_th"] and first["explanation_en"]
    assert first["source"] in report["names"] and first["target"] in report["names"]
    editor = auth(keys.editor)
    url = f"{V1}/provinces/40/recommendations/feedback"
    accepted = api.post(
        url,
        headers=editor,
        json={
            "source": first["source"],
            "target": first["target"],
            "decision": "accepted",
            "note": "met",
        },
    )
    assert accepted.status_code == 201 and accepted.json()["decision"] == "accepted"
    rejected = api.post(
        url,
        headers=editor,
        json={"source": second["source"], "target": second["target"], "decision": "rejected"},
    )
    assert rejected.status_code == 201
    after = api.get(f"{V1}/provinces/40/recommendations?top=5", headers=h).json()
    pairs = {(r["source"], r["target"]) for r in after["recommendations"]}
    assert (first["source"], first["target"]) not in pairs
    assert (second["source"], second["target"]) not in pairs
    assert [(a["source"], a["target"], a["note"]) for a in after["accepted"]] == [
        (first["source"], first["target"], "met")
    ]
    bad = api.post(
        url,
        headers=editor,
        json={"source": first["source"], "target": "x:y", "decision": "accepted"},
    )
    assert bad.status_code == 422
    wrong = api.post(
        url,
        headers=editor,
        json={"source": first["source"], "target": PARTNER, "decision": "maybe"},
    )
    assert wrong.status_code == 422


def test_network_view_is_offline_html(shared: TestClient, keys: Keys) -> None:
    response = shared.get(f"{V1}/provinces/ขอนแก่น/network.html?lang=en", headers=auth(keys.viewer))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<html" in html and "Khon Kaen" in html and "Content-Security-Policy" in html
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"https?:", html)
    assert response.headers["content-security-policy"] == "frame-ancestors 'self'"


def test_overview_gaps_equal_the_service_reports(shared: TestClient) -> None:
    from partnernet.service import analyses

    store = shared.app.state.partnernet.store  # type: ignore[attr-defined]
    together = analyses.provinces_analyses(store, ["40", "45", "10"], top=None)
    whole = analyses.provinces_analyses(store, ["40", "10"], whole=store.subgraph())
    for code, (report, _) in together.items():
        assert report == analyses.province_gaps(store, code)
    for code, (report, suggestions) in whole.items():
        assert (report, suggestions) == analyses.province_analysis(store, code)
