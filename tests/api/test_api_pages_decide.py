"""Decisions on the province page without script: the accept / reject / undo forms post to
`/provinces/{p}/decisions`, the answer is a redirect back, and the page shows what the store
now holds (planned with date, who and note; the gap planned; the role's other candidates
gone). Cookie sessions need the form token; viewers get no forms; notes stay text."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, auth
from fastapi.testclient import TestClient
from markupsafe import escape

from partnernet.service import decisions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "visualizations"))
from test_api_web import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, _Tags
from viz_payloads import PAYLOADS

COUNCIL = "council:subdistrict:400118"
SAO = "agency:sao:400118"


def _suggestions(api: TestClient, keys: Keys) -> list[dict[str, Any]]:
    found = api.get("/api/v1/provinces/40/recommendations?top=50", headers=auth(keys.viewer))
    return list(found.json()["recommendations"])


def _role(rec: dict[str, Any]) -> str | None:
    return (rec.get("evidence") or {}).get("role", {}).get("id")


def _post(api: TestClient, key: str | None, **form: str) -> Any:
    return api.post(
        "/provinces/40/decisions?lang=en",
        data=form,
        headers=auth(key),
        follow_redirects=False,
    )


def test_accept_with_a_note_then_undo(api: TestClient, keys: Keys) -> None:
    before = _suggestions(api, keys)
    first = next(r for r in before if r["source"] == COUNCIL and r["target"] == SAO)
    rivals = {
        r["target"] for r in before if r["source"] == COUNCIL and _role(r) == _role(first)
    } - {SAO}
    assert rivals, "the sample has other candidates for that role"
    page = api.get("/provinces/40?lang=en", headers=auth(keys.editor)).text
    assert f'name="target" value="{SAO}"' in page and 'name="note"' in page

    answer = _post(api, keys.editor, source=COUNCIL, target=SAO, decision="accepted",
                   note="agreed at the March meeting")  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/provinces/40?lang=en#pn-planned"
    stored = decisions.list_decisions(api.app.state.partnernet.store, "40")  # type: ignore[attr-defined]
    mine = [d for d in stored if (d.source, d.target) == (COUNCIL, SAO)]
    assert [(d.status.value, d.note, d.decided_by) for d in mine] == [
        ("planned", "agreed at the March meeting", "test-editor")
    ]
    page = api.get("/provinces/40?lang=en", headers=auth(keys.editor)).text
    pattern = (
        rf'<tr class="[^"]*pn-accepted[^"]*" data-source="{COUNCIL}" '
        rf'data-target="{SAO}" data-status="planned">(.*?)</tr>'
    )
    row = re.search(pattern, page, re.S)
    assert row is not None
    assert "agreed at the March meeting" in row.group(1) and "test-editor" in row.group(1)
    assert 'value="undo"' in row.group(1)
    assert "pn-tag-planned" in page.split('id="pn-gaps"')[1]  # the gap shows as planned
    after = _suggestions(api, keys)
    assert not rivals & {r["target"] for r in after if r["source"] == COUNCIL}

    answer = _post(api, keys.editor, source=COUNCIL, target=SAO, decision="undo")
    assert answer.status_code == 303
    page = api.get("/provinces/40?lang=en", headers=auth(keys.editor)).text
    assert f'data-target="{SAO}" data-status=' not in page
    assert rivals & {r["target"] for r in _suggestions(api, keys) if r["source"] == COUNCIL}


def test_reject_is_listed_and_never_suggested(api: TestClient, keys: Keys) -> None:
    first = _suggestions(api, keys)[0]
    answer = _post(api, keys.editor, source=first["source"], target=first["target"],
                   decision="rejected")  # fmt: skip
    assert answer.status_code == 303
    page = api.get("/provinces/40?lang=en", headers=auth(keys.editor)).text
    assert f'data-target="{first["target"]}" data-status="rejected"' in page
    pairs = {(r["source"], r["target"]) for r in _suggestions(api, keys)}
    assert (first["source"], first["target"]) not in pairs


def test_viewer_sees_the_list_without_forms(api: TestClient, keys: Keys) -> None:
    decisions.decide(api.app.state.partnernet.store, COUNCIL, SAO, "accepted", note="n")  # type: ignore[attr-defined]
    page = api.get("/provinces/40?lang=en", headers=auth(keys.viewer)).text
    assert f'data-target="{SAO}" data-status="planned"' in page
    assert '<form class="pn-decide"' not in page and 'value="undo"' not in page
    refused = _post(api, keys.viewer, source=COUNCIL, target=SAO, decision="undo")
    assert refused.status_code == 403
    assert "editor" in refused.text and 'href="/provinces/40?lang=en"' in refused.text


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"source": COUNCIL, "target": SAO, "decision": "maybe"}, 422),
        ({"source": COUNCIL, "target": COUNCIL, "decision": "accepted"}, 422),
        ({"source": COUNCIL, "target": "no such organisation", "decision": "accepted"}, 422),
        ({"source": COUNCIL, "target": SAO, "decision": "undo"}, 404),  # nothing to undo
    ],
)
def test_refusals_are_pages_or_problems(
    api: TestClient, keys: Keys, form: dict[str, str], status: int
) -> None:
    page = _post(api, keys.editor, **form)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")  # no script: a page
    scripted = api.post(
        "/provinces/40/decisions",
        data=form,
        headers={**auth(keys.editor), "X-Partnernet-Request": "1"},
    )
    assert scripted.status_code == status
    assert scripted.headers["content-type"].startswith("application/problem+json")


def test_a_session_needs_the_form_token(api: TestClient, keys: Keys) -> None:
    assert api.post("/api/v1/session", json={"key": keys.editor}).status_code == 200
    page = api.get("/provinces/40?lang=en").text
    token = re.findall(r'name="form_token" value="([0-9a-f]{64})"', page)
    assert token, "a signed-in page carries the token"
    form = {"source": COUNCIL, "target": SAO, "decision": "accepted"}
    assert _post(api, None, **form, form_token="0" * 64).status_code == 403
    assert _post(api, None, **form).status_code == 403
    assert _post(api, None, **form, form_token=token[0]).status_code == 303
    api.cookies.clear()
    assert _post(api, None, **form, form_token=token[0]).status_code == 401


def test_a_form_sent_from_another_site_is_refused(api: TestClient, keys: Keys) -> None:
    """The decide form shares the edit forms' check (api/forms.py): a post whose Origin is
    another site, or that the browser marks cross-site, changes nothing, even with a key."""
    form = {"source": COUNCIL, "target": SAO, "decision": "accepted"}
    for foreign in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        refused = api.post(
            "/provinces/40/decisions?lang=en",
            data=form,
            headers={**auth(keys.editor), **foreign},
            follow_redirects=False,
        )
        assert refused.status_code == 403
        assert "another site" in refused.text
    store = api.app.state.partnernet.store  # type: ignore[attr-defined]
    assert not [d for d in decisions.list_decisions(store, "40") if d.target == SAO]


def test_payloads_in_notes_stay_text(api: TestClient, keys: Keys) -> None:
    """Every payload, as a decision's note, shows on the province page only as text."""
    for i, payload in enumerate(PAYLOADS):
        decision = "accepted" if i % 2 == 0 else "rejected"
        answer = _post(api, keys.editor, source=COUNCIL, target=SAO, decision=decision,
                       note=payload)  # fmt: skip
        assert answer.status_code == 303, (i, answer.text[:200])
        page = api.get("/provinces/40?lang=th", headers=auth(keys.editor)).text
        stored = decisions.list_decisions(api.app.state.partnernet.store, "40")  # type: ignore[attr-defined]
        note = next(d.note for d in stored if (d.source, d.target) == (COUNCIL, SAO))
        assert note and str(escape(note)) in page, i
        parsed = _Tags()
        parsed.feed(page)
        assert parsed.tags <= ALLOWED_TAGS, (i, payload, parsed.tags - ALLOWED_TAGS)
        assert parsed.attributes <= ALLOWED_ATTRIBUTES, (i, payload)
        assert page.count("<script") == 2, i


def test_page_css_blocks_are_closed() -> None:
    """A merge once dropped the brace closing an @media block, and every rule after it
    applied on phones only: the stylesheet's braces must balance, never going below zero."""
    from partnernet.api import web

    css = re.sub(r"/\*.*?\*/", "", web.asset("page.css"), flags=re.S)
    depth = 0
    for ch in css:
        depth += (ch == "{") - (ch == "}")
        assert depth >= 0
    assert depth == 0
