"""Issue 22, findings 5-6: authentication cost before the limiter, equal cost for known and
unknown key ids, keys changed from the CLI reaching a running server, server-side sessions."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from api_support import TEST_COST, Keys, auth, client, copy_store
from fastapi.testclient import TestClient

from partnernet.api import auth as auth_module
from partnernet.api.auth import (
    RELOAD_SECONDS,
    SESSION_COOKIE,
    append_key,
    generate_key,
    load_keys,
    revoke_key,
)
from partnernet.api.settings import Settings


def test_wrong_keys_over_the_limit_cost_no_hashing(
    sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    calls = 0
    real = auth_module.check_digest

    def counting(plain: str, digest: str) -> bool:
        nonlocal calls
        calls += 1
        return real(plain, digest)

    with (
        client(store, keys, tmp_path, auth_failures_per_minute=4) as c,
        mock.patch.object(auth_module, "check_digest", counting),
    ):
        known_id = keys.viewer.split("_")[1]
        codes = [
            c.get("/api/v1/stats", headers=auth(f"pn_{known_id}_{i:043d}")).status_code
            for i in range(40)
        ]
    store.close()
    assert codes.count(401) == 2 and codes.count(429) == 38  # burst = per_minute // 2
    assert calls == 2  # one scrypt per admitted attempt, none for the 38 refused


def test_known_and_unknown_key_ids_cost_the_same() -> None:
    plain, entry = generate_key("viewer", "v", cost=2**12)
    ring = load_keys(Settings(api_keys=entry, api_keys_file=None, key_hash_cost=2**12))
    known_id = plain.split("_")[1]
    unknown_id = "0" * 8 if known_id != "0" * 8 else "1" * 8

    def timed(key_id: str, n: int) -> float:
        times = []
        for i in range(n):
            started = time.perf_counter()
            assert ring.verify(f"pn_{key_id}_{'x' * 30}{i:013d}") is None
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    known, unknown = timed(known_id, 15), timed(unknown_id, 15)
    assert 0.5 < known / unknown < 2.0, (known, unknown)  # was ~0 for unknown ids (no scrypt)


def test_verified_keys_are_cached_briefly() -> None:
    plain, entry = generate_key("viewer", "v", cost=TEST_COST)
    ring = load_keys(Settings(api_keys=entry, api_keys_file=None, key_hash_cost=TEST_COST))
    with mock.patch.object(auth_module, "check_digest", wraps=auth_module.check_digest) as spy:
        assert ring.verify(plain) is not None and ring.verify(plain) is not None
        assert spy.call_count == 1
        later = time.monotonic() + auth_module.VERIFIED_SECONDS + 1
        with mock.patch.object(auth_module.time, "monotonic", return_value=later):
            assert ring.verify(plain) is not None
        assert spy.call_count == 2


def _wait_reload() -> None:
    time.sleep(RELOAD_SECONDS + 0.1)


def test_keys_file_changes_reach_a_running_server(
    sample_db: Path, tmp_path: Path, keys: Keys
) -> None:
    """`partnernet keys add|revoke` edit the file; the server picks it up without restart."""
    keys_file = tmp_path / "server.keys"
    admin_plain, admin_entry = generate_key("admin", "boss", cost=TEST_COST)
    append_key(keys_file, admin_entry)
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, None, tmp_path, api_keys=None, api_keys_file=keys_file) as c:
        assert c.get("/api/v1/keys", headers=auth(admin_plain)).status_code == 200
        plain, entry = generate_key("editor", "field", cost=TEST_COST)
        assert c.get("/api/v1/session", headers=auth(plain)).status_code == 401
        append_key(keys_file, entry)  # what `partnernet keys add` does
        _wait_reload()
        assert c.get("/api/v1/session", headers=auth(plain)).json()["role"] == "editor"
        revoke_key(keys_file, entry.split(":")[1])  # what `partnernet keys revoke` does
        _wait_reload()
        assert c.get("/api/v1/session", headers=auth(plain)).status_code == 401
        keys_file.write_text("not an entry\n", encoding="utf-8")  # a broken edit
        _wait_reload()
        assert c.get("/api/v1/keys", headers=auth(admin_plain)).status_code == 200
    store.close()


class _Later:
    """The `time` module as seen `ahead` seconds from now (expiry without sleeping, so a
    loaded machine cannot expire a session before the test looks at it)."""

    def __init__(self, ahead: float) -> None:
        self.ahead = ahead

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    def monotonic(self) -> float:
        return time.monotonic() + self.ahead


def test_browser_session_is_server_side_and_ends(
    sample_db: Path, tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path, session_seconds=60) as c:
        response = c.post("/api/v1/session", json={"key": keys.editor})
        cookie = response.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
        session_id = c.cookies[SESSION_COOKIE]
        assert keys.editor not in cookie and keys.editor.split("_")[2] not in session_id
        assert c.get("/api/v1/session").json()["role"] == "editor"
        c.delete("/api/v1/session")
        # The old cookie value, replayed after sign-out, signs nothing in.
        c.cookies.set(SESSION_COOKIE, session_id)
        assert c.get("/api/v1/session").json()["signed_in"] is False
        c.cookies.clear()
        c.post("/api/v1/session", json={"key": keys.viewer})
        assert c.get("/api/v1/session").json()["role"] == "viewer"
        monkeypatch.setattr("partnernet.api.auth.time", _Later(61))
        assert c.get("/api/v1/session").json()["signed_in"] is False  # expired
    store.close()


def test_revoking_a_key_ends_its_sessions(sample_db: Path, tmp_path: Path, keys: Keys) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path) as c:
        created = c.post(
            "/api/v1/keys", headers=auth(keys.admin), json={"role": "editor", "name": "tmp"}
        ).json()
        browser = TestClient(c.app)
        browser.post("/api/v1/session", json={"key": created["key"]})
        assert browser.get("/api/v1/session").json()["role"] == "editor"
        c.delete(f"/api/v1/keys/{created['key_id']}", headers=auth(keys.admin))
        assert browser.get("/api/v1/session").json()["signed_in"] is False
    store.close()


def test_cookie_is_secure_over_https(sample_db: Path, tmp_path: Path, keys: Keys) -> None:
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path) as c:
        https = TestClient(c.app, base_url="https://testserver")
        cookie = https.post("/api/v1/session", json={"key": keys.viewer}).headers["set-cookie"]
        assert "Secure" in cookie
    with client(store, keys, tmp_path / "2", secure_cookies=True) as c:
        cookie = c.post("/api/v1/session", json={"key": keys.viewer}).headers["set-cookie"]
        assert "Secure" in cookie
    store.close()
