"""Organisations, relationships and proposals: list, filter, search, get, create, update."""

from __future__ import annotations

from urllib.parse import quote

from api_support import GOVERNOR, ORG, PARTNER, PROPOSAL, Keys, auth
from fastapi.testclient import TestClient

V1 = "/api/v1"


def test_list_filters_and_pages(shared: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    everything = shared.get(f"{V1}/organizations?limit=500", headers=h).json()
    assert everything["total"] == 288 and everything["next_offset"] is None
    ids = [o["id"] for o in everything["items"]]
    assert ids == sorted(ids)
    first = shared.get(f"{V1}/organizations?limit=10&offset=5", headers=h).json()
    assert [o["id"] for o in first["items"]] == ids[5:15] and first["next_offset"] == 15
    councils = shared.get(
        f"{V1}/organizations?kind=council&province=ขอนแก่น&limit=500", headers=h
    ).json()
    assert councils["total"] == 10
    assert {o["kind"] for o in councils["items"]} == {"Council"}
    assert {o["properties"]["province_code"] for o in councils["items"]} == {"40"}
    by_english = shared.get(
        f"{V1}/organizations?kind=council&province=Khon Kaen&limit=500", headers=h
    ).json()
    assert by_english["total"] == 10
    housing = shared.get(f"{V1}/organizations?issue=ที่อยู่อาศัย&limit=500", headers=h).json()
    same = shared.get(f"{V1}/organizations?issue=housing&limit=500", headers=h).json()
    assert housing["total"] == same["total"] > 0


def test_search_in_thai_and_english(shared: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    thai = shared.get(
        f"{V1}/organizations", params={"q": "องค์การบริหารส่วนจังหวัดขอนแก่น"}, headers=h
    ).json()
    assert thai["items"][0]["id"] == PARTNER
    english = shared.get(
        f"{V1}/organizations", params={"q": "Khon Kaen Provincial Admin"}, headers=h
    ).json()
    assert english["items"][0]["id"] == PARTNER
    alias = shared.get(f"{V1}/organizations", params={"q": "อบจ.ขอนแก่น"}, headers=h).json()
    assert alias["items"][0]["id"] == PARTNER


def test_unknown_filters_explain_themselves(shared: TestClient, keys: Keys) -> None:
    h = auth(keys.viewer)
    response = shared.get(f"{V1}/organizations?province=Khon Kan", headers=h)
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["suggestions"][0]["code"] == "40"
    issue = shared.get(f"{V1}/organizations?issue=housng", headers=h)
    assert issue.status_code == 422 and issue.json()["suggestions"][0]["code"] == "housing"
    kind = shared.get(f"{V1}/organizations?kind=person", headers=h)
    assert kind.status_code == 422 and kind.json()["errors"][0]["loc"] == ["query", "kind"]


def test_get_organisation_with_ties(shared: TestClient, keys: Keys) -> None:
    found = shared.get(f"{V1}/organizations/{ORG}", headers=auth(keys.viewer)).json()
    assert found["kind"] == "Council" and found["properties"]["level"] == "provincial"
    assert "province:40" in found["located_in"]
    assert any(p["other"]["id"] == GOVERNOR for p in found["partners"])
    missing = shared.get(f"{V1}/organizations/council:nowhere", headers=auth(keys.viewer))
    assert missing.status_code == 404
    proposal = shared.get(f"{V1}/organizations/{PROPOSAL}", headers=auth(keys.viewer))
    assert proposal.status_code == 404  # not an organisation


def test_create_then_update_organisation(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    body = {
        "kind": "ภาคประชาสังคม",
        "name_th": "เครือข่ายป่าชุมชนจังหวัดขอนแก่น",
        "name_en": "Khon Kaen Community Forest Network",
        "type": "network",
        "province": "จ.ขอนแก่น",
        "issues": ["environment", "ที่ดิน"],
        "aliases": ["คปข."],
    }
    created = api.post(f"{V1}/organizations", json=body, headers=h)
    assert created.status_code == 201, created.text
    org = created.json()
    assert org["kind"] == "CivilSocietyGroup" and org["properties"]["province_code"] == "40"
    assert created.headers["location"] == f"{V1}/organizations/{quote(org['id'], safe=':')}"
    detail = api.get(created.headers["location"], headers=h).json()
    assert detail["issues"] == ["environment", "land"]
    again = api.post(f"{V1}/organizations", json=body, headers=h)
    assert again.status_code == 409
    refused = api.patch(
        f"{V1}/organizations/{org['id']}",
        headers=h,
        json={"name_en": "Other name", "issues": ["not-an-issue"]},
    )
    assert refused.status_code == 422 and "not-an-issue" in refused.json()["detail"]
    unchanged = api.get(f"{V1}/organizations/{org['id']}", headers=h).json()
    assert unchanged["name_en"] == "Khon Kaen Community Forest Network"  # nothing written
    updated = api.patch(
        f"{V1}/organizations/{org['id']}",
        headers=h,
        json={"name_en": "KK Forest Network", "aliases": ["เครือข่ายป่า"], "issues": ["housing"]},
    )
    assert updated.status_code == 200, updated.text
    result = api.get(f"{V1}/organizations/{org['id']}", headers=h).json()
    assert result["name_en"] == "KK Forest Network"
    assert result["aliases"] == ["คปข.", "เครือข่ายป่า"]
    assert "housing" in result["issues"]
    search = api.get(f"{V1}/organizations", params={"q": "KK Forest"}, headers=h).json()
    assert search["items"][0]["id"] == org["id"]


def test_invalid_writes_are_422(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    no_place = api.post(
        f"{V1}/organizations",
        headers=h,
        json={"kind": "council", "name_th": "สภาฯ", "province": "Atlantis"},
    )
    assert no_place.status_code == 422 and "province" in no_place.json()["detail"]
    wrong_field = api.patch(f"{V1}/organizations/{PARTNER}", headers=h, json={"level": "district"})
    assert wrong_field.status_code == 422
    extra = api.post(
        f"{V1}/organizations", headers=h, json={"kind": "council", "name_th": "x", "colour": "red"}
    )
    assert extra.status_code == 422 and extra.json()["errors"][0]["loc"][-1] == "colour"
    unknown = api.patch(f"{V1}/organizations/agency:nope", headers=h, json={"name_en": "x"})
    assert unknown.status_code == 404


def test_relationships_list_and_write(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    ties = api.get(
        f"{V1}/relationships",
        params={"node": ORG, "type": ["PARTNERS_WITH"], "limit": 500},
        headers=h,
    ).json()
    assert ties["total"] > 0 and {t["type"] for t in ties["items"]} == {"PARTNERS_WITH"}
    out = api.get(
        f"{V1}/relationships",
        params={"node": ORG, "direction": "out", "other": "province:40"},
        headers=h,
    ).json()
    assert [(t["type"], t["target"]) for t in out["items"]] == [("LOCATED_IN", "province:40")]
    sub = "council:subdistrict:400103"
    body = {
        "type": "PARTNERS_WITH",
        "source": sub,
        "target": GOVERNOR,
        "form": "mou",
        "since": "2023-03-22",
        "weight": 2,
    }
    written = api.post(f"{V1}/relationships", json=body, headers=h)
    assert written.status_code == 201, written.text
    assert written.json()["properties"] == {"form": "mou", "since": "2023-03-22", "weight": 2.0}
    check = api.get(
        f"{V1}/relationships", params={"node": sub, "other": GOVERNOR}, headers=h
    ).json()
    assert any(t["type"] == "PARTNERS_WITH" for t in check["items"])
    bad_kinds = api.post(
        f"{V1}/relationships",
        headers=h,
        json={"type": "WORKS_ON", "source": sub, "target": GOVERNOR},
    )
    assert bad_kinds.status_code == 422 and "cannot join" in bad_kinds.json()["detail"]
    bad_prop = api.post(
        f"{V1}/relationships",
        headers=h,
        json={"type": "MEMBER_OF", "source": sub, "target": ORG, "form": "mou"},
    )
    assert bad_prop.status_code == 422
    unknown = api.post(
        f"{V1}/relationships",
        headers=h,
        json={"type": "PARTNERS_WITH", "source": sub, "target": "x:y"},
    )
    assert unknown.status_code == 422 and "unknown node id" in unknown.json()["detail"]
    missing = api.get(f"{V1}/relationships", params={"node": "x:y"}, headers=h)
    assert missing.status_code == 404


def test_proposals_lifecycle(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    raised = api.get(f"{V1}/proposals", params={"status": "raised", "limit": 500}, headers=h).json()
    assert raised["total"] > 0
    assert {p["properties"]["status"] for p in raised["items"]} == {"raised"}
    detail = api.get(f"{V1}/proposals/{PROPOSAL}", headers=h).json()
    assert detail["proposed_by"] == ["council:national"]
    assert "decentralisation" in detail["issues"]
    body = {
        "title_th": "ข้อเสนอการจัดการที่ดินทำกินของชุมชน",
        "title_en": "Community land",
        "proposed_by": [ORG],
        "submitted_to": [GOVERNOR],
        "status": "submitted",
        "raised_on": "2023-03-22",
        "issues": ["land"],
        "province": "40",
    }
    created = api.post(f"{V1}/proposals", json=body, headers=h)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert api.post(f"{V1}/proposals", json=body, headers=h).status_code == 409
    status = api.post(f"{V1}/proposals/{pid}/status", json={"status": "in_plan"}, headers=h)
    assert status.status_code == 200 and status.json()["properties"]["status"] == "in_plan"
    answer = api.post(
        f"{V1}/proposals/{pid}/responses",
        headers=h,
        json={"organization": GOVERNOR, "status": "acknowledged", "responded_on": "2023-05-01"},
    )
    assert answer.status_code == 200, answer.text
    detail = api.get(f"{V1}/proposals/{pid}", headers=h).json()
    assert detail["submissions"] == [
        {
            "organization": GOVERNOR,
            "on": None,
            "status": "acknowledged",
            "responded_on": "2023-05-01",
        }
    ]
    in_plan = api.get(
        f"{V1}/proposals", params={"status": "in_plan", "province": "40"}, headers=h
    ).json()
    assert pid in [p["id"] for p in in_plan["items"]]
    nobody = api.post(
        f"{V1}/proposals/{pid}/responses",
        headers=h,
        json={"organization": "agency:none", "status": "acknowledged"},
    )
    assert nobody.status_code == 404
    assert (
        api.post(f"{V1}/proposals/nope/status", json={"status": "funded"}, headers=h).status_code
        == 404
    )


def test_search_lands_on_the_council(shared: TestClient, keys: Keys) -> None:
    found = shared.get(
        f"{V1}/organizations", params={"q": "โนนท่อน"}, headers=auth(keys.viewer)
    ).json()
    ids = [item["id"] for item in found["items"]]
    assert ids[0] == "council:subdistrict:400118" and len(ids) >= 3
