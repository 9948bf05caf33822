"""/api/v1/decisions: the same decisions as the CLI's, with the same meaning (gap planned,
never suggested again, undo), and roles (viewers read, editors write)."""

from __future__ import annotations

from api_support import Keys, auth
from fastapi.testclient import TestClient

V1 = "/api/v1"
NON_THON = "council:subdistrict:400118"
SAO = "agency:sao:400118"
UNLINKED = "subdistrict_council_unlinked_local_government"


def _gap_status(api: TestClient, keys: Keys) -> list[str]:
    gaps = api.get(f"{V1}/provinces/40/gaps", headers=auth(keys.viewer)).json()["gaps"]
    return [g["status"] for g in gaps if g["kind"] == UNLINKED and NON_THON in g["subjects"]]


def test_accept_list_undo(api: TestClient, keys: Keys) -> None:
    editor, viewer = auth(keys.editor), auth(keys.viewer)
    assert _gap_status(api, keys) == ["open"]
    made = api.post(
        f"{V1}/decisions",
        headers=editor,
        json={"source": "สภาองค์กรชุมชนตำบลโนนท่อน", "target": SAO, "decision": "accepted"},
    )
    assert made.status_code == 201, made.text
    found = made.json()
    assert (found["source"], found["target"], found["status"]) == (NON_THON, SAO, "planned")
    assert found["score"] > 0 and found["role"] == "local_government"
    assert found["decided_by"]  # the key's name
    assert _gap_status(api, keys) == ["planned"]
    listed = api.get(f"{V1}/decisions?province=ขอนแก่น", headers=viewer).json()["decisions"]
    assert [(d["source"], d["target"], d["status"]) for d in listed] == [(NON_THON, SAO, "planned")]
    assert api.post(f"{V1}/decisions", headers=viewer, json=made.json()).status_code in (
        403,
        422,
    )
    undone = api.post(
        f"{V1}/decisions/undo", headers=editor, json={"source": SAO, "target": NON_THON}
    )
    assert undone.status_code == 200 and undone.json()["status"] == "undone"
    assert _gap_status(api, keys) == ["open"]
    again = api.post(
        f"{V1}/decisions/undo", headers=editor, json={"source": SAO, "target": NON_THON}
    )
    assert again.status_code == 404


def test_ambiguous_or_unknown_names_are_refused(api: TestClient, keys: Keys) -> None:
    editor = auth(keys.editor)
    for source in ("สภาองค์กรชุมชนตำบล", "no such council"):
        response = api.post(
            f"{V1}/decisions",
            headers=editor,
            json={"source": source, "target": SAO, "decision": "rejected"},
        )
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
