"""POST /api/v1/ingest/preview, /preview/{token}/facts, /confirm and the preview's rejects:
nothing written before confirm, confirm writes the preview, previews are the caller's own."""

from __future__ import annotations

import json
from pathlib import Path

from api_support import Keys, auth
from fastapi.testclient import TestClient

import partnernet

V1 = "/api/v1"
ORGS = (
    "id,kind,name_th,name_en,province,issues\n"
    ",civil_society_group,เครือข่ายพรีวิวทดสอบ,Preview Test Network,ขอนแก่น,housing\n"
    ",council,สภาไม่มีจังหวัด,,Atlantis,\n"
)
REPORT = (
    Path(partnernet.__file__).parent
    / "data"
    / "reports"
    / "2022-09-10-provincial-integration-forum.txt"
)


def _files(*items: tuple[str, bytes]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


def _found(api: TestClient, h: dict[str, str], text: str) -> int:
    return int(api.get(f"{V1}/organizations", params={"q": text}, headers=h).json()["total"])


def test_preview_then_confirm_a_table(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    response = api.post(
        f"{V1}/ingest/preview", headers=h, files=_files(("องค์กร.csv", ORGS.encode()))
    )
    assert response.status_code == 200, response.text
    shown = response.json()
    assert (shown["rows"], shown["accepted"], shown["rejected"]) == (2, 1, 1)
    (reject,) = shown["rejects"]
    assert reject["line"] == 3 and "Atlantis" in reject["reason"]
    assert reject["file"] == "องค์กร.csv"
    assert "/tmp" not in json.dumps(shown, ensure_ascii=False)
    assert shown["nodes"]["create"] >= 1
    assert any(c["name"] == "เครือข่ายพรีวิวทดสอบ" for c in shown["changes"]["node_create"])
    assert _found(api, h, "Preview Test Network") == 0  # nothing written yet
    token = shown["token"]
    rejects = api.get(f"{V1}/ingest/preview/{token}/rejects.csv", headers=h)
    assert rejects.status_code == 200 and "Atlantis" in rejects.content.decode("utf-8-sig")
    # another editor's key cannot see or confirm it; a viewer may not preview
    other = auth(keys.admin)
    assert api.get(f"{V1}/ingest/preview/{token}/rejects.csv", headers=other).status_code == 404
    assert api.post(f"{V1}/ingest/confirm", headers=other, json={"token": token}).status_code == 404
    viewer = auth(keys.viewer)
    files = _files(("a.csv", ORGS.encode()))
    assert api.post(f"{V1}/ingest/preview", headers=viewer, files=files).status_code == 403
    done = api.post(f"{V1}/ingest/confirm", headers=h, json={"token": token})
    assert done.status_code == 200, done.text
    assert {k: done.json()[k] for k in ("accepted", "rejected", "created")} == {
        k: shown[k] for k in ("accepted", "rejected", "created")
    }
    assert _found(api, h, "Preview Test Network") == 1
    # the audit trail names the editor and the file, from the web
    created = next(c for c in shown["changes"]["node_create"] if c["name"] == "เครือข่ายพรีวิวทดสอบ")
    store = api.app.state.partnernet.store  # type: ignore[attr-defined]
    total, entries = store.audit_page(node_id=created["item"])
    assert total >= 1 and entries[0].action == "create"
    assert entries[0].source == "องค์กร.csv (web upload)" and "test-editor" in entries[0].who
    # a preview is confirmed once
    assert api.post(f"{V1}/ingest/confirm", headers=h, json={"token": token}).status_code == 404


def test_report_facts_can_be_unticked_before_confirm(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    shown = api.post(
        f"{V1}/ingest/preview", headers=h, files=_files((REPORT.name, REPORT.read_bytes()))
    ).json()
    facts = shown["facts"]
    assert facts and all(f["sentence"] and f["rule"] for f in facts)
    assert all(f["keep"] is not f["review"] for f in facts)
    person = next(f for f in facts if f["fact"] == "person" and f["keep"])
    person_id = person["key"].split("|person:")[1]
    token = shown["token"]
    body = {"facts": {person["key"]: {"keep": False}}}
    chosen = api.post(f"{V1}/ingest/preview/{token}/facts", headers=h, json=body)
    assert chosen.status_code == 200, chosen.text
    again = chosen.json()
    assert next(f for f in again["facts"] if f["key"] == person["key"])["keep"] is False
    assert again["rows"] < shown["rows"]  # the person and its ties are no longer written
    bad = {"facts": {"nope": {"keep": False}}}
    assert api.post(f"{V1}/ingest/preview/{token}/facts", headers=h, json=bad).status_code == 422
    done = api.post(f"{V1}/ingest/confirm", headers=h, json={"token": token})
    assert done.status_code == 200, done.text
    assert done.json()["rows"] == again["rows"]
    store = api.app.state.partnernet.store  # type: ignore[attr-defined]
    assert store.get_node(person_id) is None  # unticked: not written
    kept = [f for f in facts if f["fact"] == "person" and f["keep"] and f is not person]
    assert kept and all(store.get_node(f["key"].split("|person:")[1]) for f in kept)


def test_preview_errors_name_no_server_path(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    bad = api.post(f"{V1}/ingest/preview", headers=h, files=_files(("x.csv", b"foo,bar\n1,2\n")))
    assert bad.status_code == 422
    assert "/tmp" not in bad.text and "x.csv" in bad.text
    wrong = api.post(f"{V1}/ingest/preview", headers=h, files=_files(("x.exe", b"MZ")))
    assert wrong.status_code == 422
    assert api.post(f"{V1}/ingest/confirm", headers=h, json={"token": "x"}).status_code == 422


def test_the_upload_page_is_for_editors(api: TestClient, keys: Keys) -> None:
    assert api.get("/upload?lang=en").status_code == 401
    assert api.get("/upload?lang=en", headers=auth(keys.viewer)).status_code == 403
    page = api.get("/upload?lang=th", headers=auth(keys.editor))
    assert page.status_code == 200 and 'id="pn-upload-form"' in page.text
    assert "อัปโหลดข้อมูล" in page.text  # Thai by default
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    home = api.get("/?lang=en", headers=auth(keys.editor)).text
    assert 'href="/upload?lang=en"' in home  # the header links editors to it
    assert 'href="/upload' not in api.get("/?lang=en", headers=auth(keys.viewer)).text


def test_the_page_stylesheet_has_balanced_braces() -> None:
    """A merge that drops one closing brace puts every later rule inside a media query
    (it happened: the upload page's rules then held on phones only)."""
    from partnernet.api.web import asset

    depth = 0
    for char in asset("page.css"):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_confirm_after_the_data_changed_the_plan_is_refused(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    files = _files(("a.csv", ORGS.encode()))
    token = api.post(f"{V1}/ingest/preview", headers=h, files=files).json()["token"]
    # someone loads the same rows first: the preview's "create" would now create nothing
    assert api.post(f"{V1}/ingest", headers=h, files=_files(("b.csv", ORGS.encode()))).is_success
    refused = api.post(f"{V1}/ingest/confirm", headers=h, json={"token": token})
    assert refused.status_code == 409 and "preview it again" in refused.json()["detail"]
    # the preview is kept (the editor can look again); a new preview shows nothing to create
    assert api.get(f"{V1}/ingest/preview/{token}/rejects.csv", headers=h).status_code == 200
    again = api.post(f"{V1}/ingest/preview", headers=h, files=files).json()
    assert again["created"] == 0 and again["nodes"]["create"] == 0
