"""/api/v1/audit: the trail of the API's writes, filtered per organisation and province; undo."""

from __future__ import annotations

from api_support import GOVERNOR, Keys, auth
from fastapi.testclient import TestClient

V1 = "/api/v1"


def test_writes_are_listed_and_undone(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    before = api.get(f"{V1}/organizations/{GOVERNOR}", headers=h).json()
    patched = api.patch(
        f"{V1}/organizations/{GOVERNOR}", headers=h, json={"name_en": "<b>Renamed</b>"}
    )
    assert patched.status_code == 200, patched.text
    listed = api.get(f"{V1}/audit", params={"org": GOVERNOR}, headers=h)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 1
    entry = body["items"][0]
    assert entry["who"].startswith("test-editor [") and entry["action"] == "update"
    assert entry["source"] == f"PATCH /api/v1/organizations/{GOVERNOR}"
    assert entry["before"] == {"name_en": before["name_en"]}
    assert entry["after"] == {"name_en": "<b>Renamed</b>"}
    province = api.get(f"{V1}/audit", params={"province": "ขอนแก่น"}, headers=h).json()
    assert entry["id"] in {e["id"] for e in province["items"]}
    elsewhere = api.get(f"{V1}/audit", params={"province": "45"}, headers=h).json()
    assert entry["id"] not in {e["id"] for e in elsewhere["items"]}

    undone = api.post(f"{V1}/audit/{entry['id']}/undo", headers=h)
    assert undone.status_code == 200, undone.text
    assert undone.json()["undoes"] == entry["id"]
    now = api.get(f"{V1}/organizations/{GOVERNOR}", headers=h).json()
    assert now["name_en"] == before["name_en"]
    again = api.post(f"{V1}/audit/{entry['id']}/undo", headers=h)
    assert again.status_code == 409 and "changed after" in again.json()["detail"]
    assert api.post(f"{V1}/audit/nope/undo", headers=h).status_code == 404
    assert api.get(f"{V1}/audit", params={"org": GOVERNOR}, headers=h).json()["total"] == 2


def test_a_new_tie_is_listed_under_both_ends(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    sub = "council:subdistrict:400103"
    body = {"type": "PARTNERS_WITH", "source": sub, "target": GOVERNOR, "form": "mou"}
    assert api.post(f"{V1}/relationships", json=body, headers=h).status_code == 201
    for end in (sub, GOVERNOR):
        items = api.get(f"{V1}/audit", params={"org": end}, headers=h).json()["items"]
        assert [(e["kind"], e["action"], e["rel_source"]) for e in items] == [
            ("PARTNERS_WITH", "create", sub)
        ]


def test_the_trail_is_for_editors(api: TestClient, keys: Keys) -> None:
    assert api.get(f"{V1}/audit", headers=auth(keys.viewer)).status_code == 403
    assert api.get(f"{V1}/audit").status_code == 401
    assert api.post(f"{V1}/audit/x/undo", headers=auth(keys.viewer)).status_code == 403
    assert api.get(f"{V1}/audit", headers=auth(keys.admin)).status_code == 200
