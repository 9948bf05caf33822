"""The editing pages without a browser: who may see the forms, what a form writes (checked in
the store and its audit trail), errors beside their fields, undo, and the 29 payloads pushed
through the forms coming back only as text."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlencode

from api_support import Keys, auth
from fastapi.testclient import TestClient

from partnernet.graph.model import RelType
from partnernet.service import audit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from viz_payloads import PAYLOADS

ORG = "agency:pao:40"
FORMS = ("/organisations/new", f"/organisations/{ORG}/edit", f"/organisations/{ORG}/ties/new")


def _store(api: TestClient) -> object:
    return api.app.state.partnernet.store  # type: ignore[attr-defined]


def test_only_editors_see_the_forms(api: TestClient, keys: Keys) -> None:
    for path in (*FORMS, "/provinces/40/changes"):
        assert api.get(path).status_code == 401, path  # the sign-in page
        viewer = api.get(path, headers=auth(keys.viewer))
        assert viewer.status_code == 403, path
        assert "viewer" in viewer.text
        thai = api.get(path, headers=auth(keys.viewer)).text
        assert "เฉพาะผู้แก้ไขเท่านั้น" in thai
        assert "Only editors" in api.get(path + "?lang=en", headers=auth(keys.viewer)).text
        assert api.get(path, headers=auth(keys.editor)).status_code == 200, path
    assert (
        api.post(FORMS[0], data={"kind": "council"}, headers=auth(keys.viewer)).status_code == 403
    )
    page = api.get(f"/organisations/{ORG}/record", headers=auth(keys.viewer))
    assert page.status_code == 200 and 'id="pn-edit"' not in page.text
    assert 'id="pn-changes"' not in page.text  # the trail names people: editors only


def test_create_keeps_values_and_shows_errors_beside_fields(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    form = {"kind": "council", "name_th": "สภาทดลอง", "level": "galactic", "province": "40"}
    bad = api.post(FORMS[0], data=form, headers=h)
    assert bad.status_code == 422
    assert re.search(
        r'id="f-level"[^>]*aria-describedby="h-level e-level"[^>]*aria-invalid', bad.text
    )
    assert 'id="e-level"' in bad.text and "galactic" in bad.text
    assert 'value="สภาทดลอง"' in bad.text  # the form keeps what was typed
    assert re.search(r'<option value="40" selected>', bad.text)
    unknown = api.post(FORMS[0], data={**form, "level": "", "district": "nowhere"}, headers=h)
    assert unknown.status_code == 422 and 'id="e-district"' in unknown.text
    refresh = api.post(FORMS[0], data={**form, "refresh": "1"}, headers=h)
    assert refresh.status_code == 200 and "e-level" not in refresh.text
    assert ">เมืองขอนแก่น<" in refresh.text  # the districts of the chosen province

    good = {**form, "level": "", "district": "4001", "aliases": "สภาทด; ทดลอง", "issues": "housing"}
    made = api.post(FORMS[0], data=good, headers=h, follow_redirects=False)
    assert made.status_code == 303, made.text
    org_id = "council:district:4001"
    assert made.headers["location"] == f"/organisations/{org_id}/record?lang=th"
    store = _store(api)
    node = store.get_node(org_id)  # type: ignore[attr-defined]
    assert node.name_th == "สภาทดลอง" and node.aliases == ["สภาทด", "ทดลอง"]
    total, entries = audit.list_audit(store, org=org_id)  # type: ignore[arg-type]
    assert {e.source for e in entries} == {"/organisations/new"}
    assert all(e.who.startswith("test-editor [") for e in entries)
    assert {e.label for e in entries} >= {org_id, f"({org_id})-[:WORKS_ON]->(issue:housing)"}
    page = api.get(f"/organisations/{org_id}/record", headers=h).text
    assert page.count("data-entry=") == total
    assert "ขอนแก่น · เมืองขอนแก่น" in page  # the area by name
    downloads = api.get(f"/organisations/{org_id}?lang=en", headers=h).text  # pages_areas.py
    assert f"/organisations/{org_id}/record?lang=en" in downloads


def test_edit_sets_exactly_the_form_and_undo_restores(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    store = _store(api)
    before = store.get_node(ORG)  # type: ignore[attr-defined]
    form_page = api.get(FORMS[1], headers=h).text
    assert 'value="อบจ.ขอนแก่น"' in form_page and "readonly" in form_page
    values = dict(re.findall(r'id="f-(\w+)" name="\w+"[^>]*value="([^"]*)"', form_page))
    values.update(
        {"province": "40", "name_en": "KK PAO", "aliases": "อบจ.ขก.", "issues": "housing"}
    )
    saved = api.post(FORMS[1], data=values, headers=h, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    node = store.get_node(ORG)  # type: ignore[attr-defined]
    assert node.name_en == "KK PAO" and node.aliases == ["อบจ.ขก."]  # the old alias went
    issues = {n.node.id for n in store.neighbours(ORG, None, "out") if n.node.kind.value == "Issue"}  # type: ignore[attr-defined]
    assert issues == {"issue:housing"}
    _, entries = audit.list_audit(store, org=ORG)  # type: ignore[arg-type]
    update = next(e for e in entries if e.node_id == ORG)
    assert update.before == {"aliases": ["อบจ.ขอนแก่น"], "name_en": before.name_en}

    back = f"/organisations/{ORG}/record?lang=th"
    undone = api.post(
        f"/audit/{update.id}/undo", data={"next": back}, headers=h, follow_redirects=False
    )
    assert undone.status_code == 303 and undone.headers["location"] == back
    node = store.get_node(ORG)  # type: ignore[attr-defined]
    assert node.name_en == before.name_en and node.aliases == before.aliases
    again = api.post(f"/audit/{update.id}/undo", data={"next": back}, headers=h)
    assert again.status_code == 409 and "ยกเลิกการแก้ไขไม่สำเร็จ" in again.text
    assert "changed after" in again.text
    offsite = api.post(
        f"/audit/{update.id}/undo",
        data={"next": "//evil.example/"},
        headers=h,
        follow_redirects=False,
    )
    assert offsite.headers.get("location", "/").startswith("/") and "//evil" not in offsite.text
    foreign = api.post(FORMS[1], data=values, headers={**h, "Origin": "https://evil.example"})
    assert foreign.status_code == 403


def test_tie_form(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    other = "council:provincial:40"
    form = {"type": "PARTNERS_WITH", "other": "ไม่มีองค์กรนี้", "form": "mou", "since": "1/1/2567"}
    bad = api.post(FORMS[2], data=form, headers=h)
    assert bad.status_code == 422 and 'id="e-other"' in bad.text
    assert 'value="1/1/2567"' in bad.text
    dates = api.post(FORMS[2], data={**form, "other": other, "until": "1/1/2560"}, headers=h)
    assert dates.status_code == 422 and 'id="e-until"' in dates.text
    made = api.post(FORMS[2], data={**form, "other": other}, headers=h, follow_redirects=False)
    assert made.status_code == 303, made.text
    rel = _store(api).get_relationship(RelType.PARTNERS_WITH, ORG, other)  # type: ignore[attr-defined]
    assert rel is not None and rel.since.isoformat() == "2024-01-01" and rel.form.value == "mou"
    changes = api.get("/provinces/ขอนแก่น/changes?lang=en", headers=h).text
    assert f"({ORG})-[:PARTNERS_WITH]-&gt;({other})" in changes


def test_changes_are_paginated(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    for i in range(23):
        api.patch(f"/api/v1/organizations/{ORG}", json={"name_en": f"PAO {i}"}, headers=h)
    first = api.get(f"/organisations/{ORG}/record?lang=en", headers=h).text
    assert first.count("data-entry=") == 20 and "page=2" in first and "PAO 22" in first
    second = api.get(f"/organisations/{ORG}/record?lang=en&page=2", headers=h).text
    assert second.count("data-entry=") == 3 and "page=1" in second


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "a", "nav", "span",
    "strong", "div", "button", "main", "p", "section", "table", "thead", "tbody", "tr", "th",
    "td", "script", "form", "input", "select", "option", "label", "fieldset", "legend",
    "datalist", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "href", "id", "type", "autocomplete",
    "placeholder", "aria-label", "role", "data-label", "method", "action", "value", "for",
    "aria-describedby", "aria-invalid", "selected", "readonly", "required", "maxlength",
    "novalidate", "list", "data-refresh", "formnovalidate", "data-entry",
}  # fmt: skip


def _clean(page: str, i: int, payload: str) -> None:
    parsed = _Tags()
    parsed.feed(page)
    assert parsed.tags <= ALLOWED_TAGS, (i, payload, parsed.tags - ALLOWED_TAGS)
    assert parsed.attributes <= ALLOWED_ATTRIBUTES, (
        i,
        payload,
        parsed.attributes - ALLOWED_ATTRIBUTES,
    )
    assert page.count("<script") == 2, i  # the JSON island and the pages' script


def test_payloads_through_the_forms_stay_text(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    created = 0
    for i, payload in enumerate(PAYLOADS):
        form = {
            "kind": "civil_society_group",
            "name_th": f"กลุ่ม{i}{payload}",
            "name_en": payload,
            "aliases": payload.replace(";", ","),
            "province": "40",
            "type": "network",
        }
        made = api.post(FORMS[0], data=form, headers=h, follow_redirects=False)
        assert made.status_code in (303, 422), (i, made.text[:300])
        if made.status_code != 303:
            _clean(made.text, i, payload)
            continue
        created += 1
        org = made.headers["location"].split("?")[0].removesuffix("/record")
        for path in (org + "/record", org + "/edit", org + "/ties/new"):
            page = api.get(path, headers=h)
            assert page.status_code == 200, (i, path)
            _clean(page.text, i, payload)
        tie = {"type": "PARTNERS_WITH", "other": payload, "since": payload}
        refused = api.post(org + "/ties/new", data=tie, headers=h)
        assert refused.status_code == 422
        _clean(refused.text, i, payload)
        # The tie edit form: the payload-named organisation as the fixed other end, and as
        # the values typed (refused, shown back).
        tie = {"type": "PARTNERS_WITH", "other": ORG}
        made = api.post(org + "/ties/new", data=tie, headers=h, follow_redirects=False)
        assert made.status_code == 303, (i, made.text[:300])
        other = unquote(org.removeprefix("/organisations/"))
        query = urlencode({"other": other, "type": "PARTNERS_WITH", "dir": "in"})
        shown = api.get(f"/organisations/{ORG}/ties/edit?{query}", headers=h)
        assert shown.status_code == 200, (i, shown.text[:300])
        _clean(shown.text, i, payload)
        typed = {"form": payload, "since": payload, "until": payload}
        refused = api.post(f"/organisations/{ORG}/ties/edit?{query}", data=typed, headers=h)
        assert refused.status_code == 422
        _clean(refused.text, i, payload)
    assert created >= 25  # most payloads are acceptable names: their pages were checked
    _clean(api.get("/provinces/40/changes", headers=h).text, -1, "changes")


def test_edit_tie_form(api: TestClient, keys: Keys) -> None:
    h = auth(keys.editor)
    other = "council:provincial:40"
    tie = {"type": "PARTNERS_WITH", "other": other, "form": "mou", "since": "1/1/2567"}
    api.post(FORMS[2], data=tie, headers=h, follow_redirects=False)
    record = api.get(f"/organisations/{ORG}/record?lang=en", headers=h).text
    links = re.findall(r'class="pn-tie-edit" href="([^"]+)"', record)
    key = "other=council%3Aprovincial%3A40&amp;type=PARTNERS_WITH&amp;dir=out"
    mine = [u for u in links if key in u]
    assert len(mine) == 1 and "/ties/edit?" in mine[0]
    url = mine[0].replace("&amp;", "&")
    viewer = api.get(f"/organisations/{ORG}/record?lang=en", headers=auth(keys.viewer)).text
    assert "pn-tie-edit" not in viewer
    assert api.get(url, headers=auth(keys.viewer)).status_code == 403
    form = api.get(url, headers=h)
    assert form.status_code == 200 and 'value="2024-01-01"' in form.text
    assert 'id="f-other"' not in form.text and 'id="pn-tie-other"' in form.text
    thai = api.get(url.replace("lang=en", "lang=th"), headers=h).text
    assert "แก้ไขความสัมพันธ์" in thai and "dir=out&amp;lang=en" in thai  # the switch keeps the tie
    values = {"form": "mou", "since": "2024-01-01", "until": "not a date"}
    bad = api.post(url, data=values, headers=h)
    assert bad.status_code == 422 and 'id="e-until"' in bad.text
    assert 'value="not a date"' in bad.text  # what the user typed is kept
    done = api.post(url, data={**values, "until": "30/9/2568"}, headers=h, follow_redirects=False)
    assert done.status_code == 303, done.text
    rel = _store(api).get_relationship(RelType.PARTNERS_WITH, ORG, other)  # type: ignore[attr-defined]
    assert rel.until.isoformat() == "2025-09-30" and rel.since.isoformat() == "2024-01-01"
    # From the other end the same tie is edited as an incoming one.
    back = api.get(f"/organisations/{other}/record?lang=en", headers=h).text
    from_there = re.findall(r'class="pn-tie-edit" href="([^"]+)"', back)
    key = "other=agency%3Apao%3A40&amp;type=PARTNERS_WITH&amp;dir=in"
    assert [u for u in from_there if key in u]
    missing = url.replace("PARTNERS_WITH", "FUNDS")
    assert api.get(missing, headers=h).status_code == 404
