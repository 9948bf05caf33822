"""Issue 22, finding 7 with the real Neo4j: when the server goes away under a running API,
reads fail in seconds with a 503 that does not show the bolt address, and `/health` says the
store is unreachable (it said "ok" while reads hung for 120 s)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import Keys, auth, client

from partnernet.graph.connect import open_store


class Proxy:
    """A TCP forwarder to the test Neo4j that can be cut, as if the server went down."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = int(self.server.getsockname()[1])
        self.open: list[socket.socket] = []
        self.cut = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            if self.cut.is_set():
                conn.close()
                return
            upstream = socket.create_connection(self.target)
            self.open += [conn, upstream]
            threading.Thread(target=self._pipe, args=(conn, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, conn), daemon=True).start()

    def stop(self) -> None:
        self.cut.set()
        self.server.close()
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


@pytest.fixture
def proxy(neo4j_instance: dict[str, Any]) -> Iterator[Proxy]:
    uri = str(neo4j_instance.get("uri") or os.environ["PARTNERNET_STORE"])
    host, port = uri.split("://", 1)[1].rsplit(":", 1)
    found = Proxy((host, int(port)))
    yield found
    found.stop()


@pytest.mark.neo4j
def test_neo4j_going_down_is_a_quick_503_and_health_says_so(
    proxy: Proxy, neo4j_session_store: Any, tmp_path: Path, keys: Keys
) -> None:
    uri = f"bolt://127.0.0.1:{proxy.port}"
    store = open_store(uri, connection_timeout=2.0, retry_seconds=3.0)
    try:
        with client(store, keys, tmp_path) as c:
            health = c.get("/api/v1/health")
            assert health.status_code == 200 and health.json()["store_state"] == "ok"
            assert c.get("/api/v1/stats", headers=auth(keys.viewer)).status_code == 200
            proxy.stop()
            time.sleep(2.1)  # past the health result's reuse window
            started = time.monotonic()
            health = c.get("/api/v1/health")
            assert time.monotonic() - started < 3.5
            assert health.status_code == 503 and health.json()["store_state"] == "unreachable"
            started = time.monotonic()
            down = c.get("/api/v1/organizations?limit=5", headers=auth(keys.viewer))
            elapsed = time.monotonic() - started
            assert down.status_code == 503, down.text
            assert elapsed < 15, elapsed  # was 120 s
            assert str(proxy.port) not in down.text and "bolt" not in down.text
    finally:
        store.close()
