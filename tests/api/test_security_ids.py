"""Issue 22, finding 8: lookalike ids. A fullwidth colon, other capitals, a Cyrillic `а` or a
combining accent no longer make a second organisation beside the real one: the first two are
the stored id (409, it exists), the last two are refused with 409 naming the id they imitate;
zero-width and NBSP variants stay refused as before."""

from __future__ import annotations

import pytest
from api_support import Keys, auth
from fastapi.testclient import TestClient

V1 = "/api/v1"
REAL = "civil_society_group:40:forest-net"
BODY = {"kind": "civil_society_group", "name_th": "เครือข่ายป่า", "province": "40"}


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("civil_society_group：40：forest-net", "fullwidth colons"),
        ("CIVIL_SOCIETY_GROUP:40:Forest-Net", "another case"),
        ("civil_society_group:40:forest-n\u0435t", "a Cyrillic e"),
        ("civil_society_group:40:fore\u0301st-net", "a combining accent"),
        ("civil_society_group:40:forest\u200b-net", "a zero-width space"),
        ("civil_society_group:40:forest-net\u00a0", "an NBSP"),
    ],
)
def test_a_lookalike_of_a_stored_id_is_409_naming_it(
    api: TestClient, keys: Keys, given: str, why: str
) -> None:
    h = auth(keys.editor)
    first = api.post(f"{V1}/organizations", json={**BODY, "id": REAL}, headers=h)
    assert first.status_code == 201, first.text
    before = api.get(f"{V1}/organizations?limit=500", headers=h).json()["total"]
    again = api.post(f"{V1}/organizations", json={**BODY, "id": given}, headers=h)
    assert again.status_code == 409, (why, again.text)
    assert REAL in again.json()["detail"], why
    assert api.get(f"{V1}/organizations?limit=500", headers=h).json()["total"] == before


def test_a_lookalike_of_nothing_stored_is_422_and_plain_ids_still_work(
    api: TestClient, keys: Keys
) -> None:
    h = auth(keys.editor)
    fake = api.post(
        f"{V1}/organizations", json={**BODY, "id": "civil_society_group:40:n\u0435w"}, headers=h
    )
    assert fake.status_code == 422 and "civil_society_group:40:new" in fake.json()["detail"]
    arrows = api.post(
        f"{V1}/organizations", json={**BODY, "id": "civil_society_group:40:\u2192x"}, headers=h
    )
    assert arrows.status_code == 422 and "U+2192" in arrows.json()["detail"]
    thai = api.post(
        f"{V1}/organizations", json={**BODY, "id": "Civil_Society_Group:40:ป่าชุมชน"}, headers=h
    )
    assert thai.status_code == 201, thai.text
    assert thai.json()["id"] == "civil_society_group:40:ป่าชุมชน"
