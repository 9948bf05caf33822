"""Property-based fuzzing of every operation from the OpenAPI document (Schemathesis).

Each operation gets `PARTNERNET_FUZZ_EXAMPLES` generated cases (200 under CI=true, fewer
locally), sent with an admin key so that every route's code runs, and every response must be:
no server error, a documented status code and content type, and a body that fits the
documented schema. The store is a copy of the sample data; writes land in it as they come.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_support import FakeNeo4j, Keys, auth, copy_store, in_ci, settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from partnernet.api.app import create_app
from partnernet.api.settings import Settings

EXAMPLES = int(os.environ.get("PARTNERNET_FUZZ_EXAMPLES") or (200 if in_ci() else 20))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class _Proxy:
    """The ASGI app Schemathesis talks to: the schema is read at import from an app on an
    empty store; the module fixture points the proxy at an app on the sample data."""

    def __init__(self) -> None:
        self.target: Any = create_app(Settings(store=":memory:", api_keys=None, api_keys_file=None))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":  # the fixture owns the app's life, not each request
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        await self.target(scope, receive, send)


PROXY = _Proxy()
schema = schemathesis.openapi.from_asgi("/openapi.json", PROXY)


@pytest.fixture(scope="module", autouse=True)
def fuzz_app(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory, keys: Keys
) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("fuzz")
    base = copy_store(sample_db, folder / "store")
    base.close()
    store = FakeNeo4j(base.path)
    app = create_app(
        settings(keys, folder, analysis_timeout_seconds=20, auth_failures_per_minute=100_000),
        store=store,
    )
    empty, PROXY.target = PROXY.target, app
    yield app
    PROXY.target = empty
    app.state.partnernet.close()
    store.close()


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation(case: Any, keys: Keys) -> None:
    headers = {**(case.headers or {}), **auth(keys.admin)}
    case.call_and_validate(headers=headers, checks=CHECKS)
