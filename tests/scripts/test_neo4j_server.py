"""The Neo4j server that scripts/neo4j starts for the test suite.

Run with the server up and its environment exported:
    scripts/neo4j start && eval "$(scripts/neo4j env)" && pytest -m neo4j tests/scripts
"""

from __future__ import annotations

import ipaddress
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

neo4j = pytest.importorskip("neo4j")

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def instance() -> dict[str, Any]:
    path = os.environ.get("PARTNERNET_NEO4J_INSTANCE")
    if not path or not Path(path).is_file():
        message = (
            "no harness Neo4j: $PARTNERNET_NEO4J_INSTANCE is not set or missing "
            '(scripts/neo4j start; eval "$(scripts/neo4j env)")'
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    info: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    info["path"] = Path(path)
    return info


@pytest.fixture(scope="module")
def driver(instance: dict[str, Any]) -> Iterator[Any]:
    with neo4j.GraphDatabase.driver(
        instance["uri"], auth=(instance["user"], instance["password"])
    ) as d:
        yield d


def test_instance_file_is_private_and_complete(instance: dict[str, Any]) -> None:
    assert stat.S_IMODE(instance["path"].stat().st_mode) == 0o600
    assert {"uri", "user", "password", "pid", "token"} <= instance.keys()
    assert instance["uri"].startswith("bolt://127.0.0.1:")
    assert os.environ.get("PARTNERNET_STORE", instance["uri"]) == instance["uri"]


def test_marker_node_proves_the_harness_started_this_database(
    driver: Any, instance: dict[str, Any]
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (m:PartnernetTestHarness {token: $token}) RETURN count(m) AS n",
        token=instance["token"],
    )
    assert records[0]["n"] == 1


def test_server_is_neo4j_5_26_community(driver: Any) -> None:
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition")
    assert records[0]["edition"] == "community"
    assert records[0]["versions"][0].startswith("5.26.")


def test_bolt_listens_on_loopback_only(driver: Any, instance: dict[str, Any]) -> None:
    records, _, _ = driver.execute_query(
        "SHOW SETTINGS YIELD name, value "
        "WHERE name IN ['server.bolt.listen_address', 'server.http.enabled', "
        "'server.https.enabled'] RETURN name, value"
    )
    settings = {r["name"]: r["value"] for r in records}
    port = urlsplit(instance["uri"]).port
    assert settings["server.bolt.listen_address"] == f"127.0.0.1:{port}"
    assert settings["server.http.enabled"] == "false"
    assert settings["server.https.enabled"] == "false"
    # And the kernel agrees: every socket listening on the Bolt port is bound to loopback.
    listening = _listening_addresses(port)
    if listening is None:
        pytest.skip("no /proc/net/tcp on this platform")
    assert listening, f"nothing listens on port {port}"
    assert all(a.is_loopback for a in listening), listening


def _listening_addresses(port: int | None) -> list[ipaddress.IPv4Address] | None:
    """Local addresses of the LISTEN sockets on ``port`` (IPv4-mapped IPv6 folded to IPv4)."""
    found: list[Any] = []
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not any(t.exists() for t in tables):
        return None
    for table in tables:
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            hex_addr, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(hex_addr)
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            addr = ipaddress.ip_address(raw)
            if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
                addr = addr.ipv4_mapped
            found.append(addr)
    return found
