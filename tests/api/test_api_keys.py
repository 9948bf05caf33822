"""API keys: generation, hashing, configuration checks at start, the keys file, sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_support import TEST_COST, Keys, auth, client, copy_store, settings
from fastapi.testclient import TestClient
from pydantic import SecretStr

from partnernet.api.app import create_app
from partnernet.api.auth import (
    CSRF_HEADER,
    SESSION_COOKIE,
    KeyConfigError,
    KeyRing,
    Role,
    append_key,
    check_digest,
    generate_key,
    list_keys,
    load_keys,
    parse_entry,
    revoke_key,
)
from partnernet.api.settings import Settings
from partnernet.graph.sqlite_store import SqliteStore

GOOD_PLAIN = "Zq8-u2Lw_r4Tn7Vy1Xb5Kd9Pm3Hs6Jf0"


def test_generated_key_verifies_and_is_stored_only_hashed() -> None:
    plain, entry = generate_key("editor", "field-office", cost=TEST_COST)
    assert plain.startswith("pn_") and plain not in entry
    key = parse_entry(entry)
    assert key.role is Role.EDITOR and key.name == "field-office"
    assert plain.split("_")[1] == key.key_id
    assert check_digest(plain, key.digest)
    assert not check_digest(plain + "x", key.digest)
    ring = KeyRing([key])
    assert ring.verify(plain) == key
    assert ring.verify(plain) == key  # from the cache
    assert ring.verify("pn_" + key.key_id + "_" + "y" * 43) is None
    assert ring.verify("") is None and ring.verify("z" * 600) is None


def test_two_generated_keys_differ_and_salts_differ() -> None:
    (a, ea), (b, eb) = (
        generate_key("viewer", cost=TEST_COST),
        generate_key("viewer", cost=TEST_COST),
    )
    assert a != b
    assert parse_entry(ea).digest.split("$")[4] != parse_entry(eb).digest.split("$")[4]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("editor:changeme", "well-known default"),
        ("admin:partnernet", "well-known default"),
        ("admin:my-example-key-for-the-docs-0001", "well-known default"),
        ("editor:short-key-123", "shorter than"),
        ("editor:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "distinct characters"),
        ("owner:" + GOOD_PLAIN, "unknown role"),
        ("editor", "expected role:key"),
        (f"editor:{GOOD_PLAIN},admin:{GOOD_PLAIN}", "configured twice"),
        ("editor:1a2b3c4d:x:scrypt$broken", "malformed"),
    ],
)
def test_bad_configured_keys_refuse_to_start(raw: str, message: str, tmp_path: Path) -> None:
    store = SqliteStore(":memory:")
    with pytest.raises(KeyConfigError, match=message):
        create_app(settings(None, tmp_path, api_keys=SecretStr(raw)), store=store)


def test_plain_key_from_environment_is_hashed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./partnernet.keys here
    monkeypatch.setenv("PARTNERNET_API_KEYS", f"editor:{GOOD_PLAIN}")
    monkeypatch.setenv("PARTNERNET_KEY_HASH_COST", str(TEST_COST))
    ring = load_keys(Settings())
    (key,) = ring.listing()
    assert key.role is Role.EDITOR and key.source == "env" and GOOD_PLAIN not in key.entry
    assert ring.verify(GOOD_PLAIN) == key
    assert GOOD_PLAIN not in repr(Settings()) and GOOD_PLAIN not in str(Settings().model_dump())


def test_keys_file_holds_only_hashed_entries(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(f"# comment\neditor:{GOOD_PLAIN}\n", encoding="utf-8")
    with pytest.raises(KeyConfigError, match="only hashed entries"):
        load_keys(Settings(api_keys=None, api_keys_file=path, key_hash_cost=TEST_COST))


def test_keys_file_add_list_revoke(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "keys"
    plain, entry = generate_key("admin", cost=TEST_COST)
    append_key(path, entry)
    assert path.stat().st_mode & 0o777 == 0o600
    ring = load_keys(Settings(api_keys=None, api_keys_file=path, key_hash_cost=TEST_COST))
    assert ring.verify(plain) is not None
    new_plain, new_key = ring.add("viewer", "reader")
    assert [k.name for k in list_keys(path)][-1] == "reader"
    assert (
        load_keys(Settings(api_keys=None, api_keys_file=path, key_hash_cost=TEST_COST)).verify(
            new_plain
        )
        is not None
    )
    assert ring.revoke(new_key.key_id) == new_key
    assert ring.verify(new_plain) is None
    assert [k.key_id for k in list_keys(path)] == [parse_entry(entry).key_id]
    assert revoke_key(path, "ffffffff") is False
    with pytest.raises(KeyConfigError, match="last admin"):
        ring.revoke(parse_entry(entry).key_id)


def test_key_management_routes(api: TestClient, keys: Keys) -> None:
    admin = auth(keys.admin)
    listed = api.get("/api/v1/keys", headers=admin).json()
    assert {k["role"] for k in listed} == {"viewer", "editor", "admin"}
    assert all("digest" not in k and "key" not in k for k in listed)
    created = api.post("/api/v1/keys", headers=admin, json={"role": "editor", "name": "ngo"})
    assert created.status_code == 201
    new = created.json()
    assert api.get("/api/v1/session", headers=auth(new["key"])).json()["role"] == "editor"
    assert api.delete(f"/api/v1/keys/{new['key_id']}", headers=admin).status_code == 200
    assert api.get("/api/v1/session", headers=auth(new["key"])).status_code == 401
    assert api.delete(f"/api/v1/keys/{new['key_id']}", headers=admin).status_code == 404


def test_browser_session_cookie_and_csrf_header(api: TestClient, keys: Keys) -> None:
    assert api.post("/api/v1/session", json={"key": "nope-" + "x" * 30}).status_code == 401
    response = api.post("/api/v1/session", json={"key": keys.editor})
    assert response.status_code == 200 and response.json()["role"] == "editor"
    cookie = response.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert api.get("/api/v1/stats").status_code == 200  # the cookie signs the request in
    body = {"name_en": "Khon Kaen council network"}
    url = "/api/v1/organizations/council:provincial:40"
    refused = api.patch(url, json=body)
    assert refused.status_code == 403 and CSRF_HEADER in refused.json()["detail"]
    assert api.patch(url, json=body, headers={CSRF_HEADER: "1"}).status_code == 200
    assert api.delete("/api/v1/session").json()["signed_in"] is False
    api.cookies.clear()
    assert api.get("/api/v1/stats").status_code == 401


def test_stale_session_cookie_is_ignored(api: TestClient) -> None:
    api.cookies.set(SESSION_COOKIE, "pn_00000000_stale-cookie-value-xxxxxxxxx")
    assert api.get("/api/v1/session").json()["signed_in"] is False


def test_failed_key_checks_are_rate_limited(sample_db: Path, tmp_path: Path, keys: Keys) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, auth_failures_per_minute=4) as c:
        assert c.get("/api/v1/stats", headers=auth(keys.viewer)).status_code == 200
        codes = [
            c.get("/api/v1/stats", headers=auth(f"pn_abcdef01_{i:040d}")).status_code
            for i in range(6)
        ]
        assert codes[0] == 401 and codes[-1] == 429
        # A key verified a moment ago still works (from the cache, no hashing); a key not
        # yet seen from this address waits like the guesses (the limit comes before scrypt).
        assert c.get("/api/v1/stats", headers=auth(keys.viewer)).status_code == 200
        assert c.get("/api/v1/stats", headers=auth(keys.editor)).status_code == 429
    store.close()
