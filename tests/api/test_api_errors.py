"""The API's one error handler: user errors by their class's status, anything else a 500
whose body carries an error id that the server log repeats with the traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from api_support import Keys, auth, client, copy_store, settings
from fastapi.testclient import TestClient

from partnernet.api.app import create_app
from partnernet.foundation.errors import Conflict
from partnernet.service import analyses

V1 = "/api/v1"


def test_a_bug_is_500_with_an_error_id_in_the_log(
    sample_db: Path,
    tmp_path: Path,
    keys: Keys,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("not the user's fault")

    monkeypatch.setattr(analyses, "province_gaps", broken)
    store = copy_store(sample_db, tmp_path / "store")
    app = create_app(settings(keys, tmp_path), store=store)
    app_client = TestClient(app, raise_server_exceptions=False)
    with app_client as api, caplog.at_level(logging.ERROR, logger="partnernet.api.errors"):
        response = api.get(f"{V1}/provinces/40/gaps", headers=auth(keys.viewer))
    store.close()
    assert response.status_code == 500
    body = response.json()
    assert body["error_id"] and body["error_id"] in body["detail"]
    assert "not the user's fault" not in response.text
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_a_user_error_takes_its_class_status(
    sample_db: Path, tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clash(*args: object, **kwargs: object) -> object:
        raise Conflict("that id is taken")

    monkeypatch.setattr(analyses, "province_gaps", clash)
    store = copy_store(sample_db, tmp_path / "store")
    with client(store, keys, tmp_path) as api:
        response = api.get(f"{V1}/provinces/40/gaps", headers=auth(keys.viewer))
    store.close()
    assert response.status_code == 409 and response.json()["detail"] == "that id is taken"
