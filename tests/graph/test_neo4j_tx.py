"""Parameters reach the driver unchanged in content but are never spelled out in its logs."""

from __future__ import annotations

from typing import Any

from neo4j._codec.packstream.v1 import Packer

from partnernet.graph import cypher, neo4j_tx


class _Buffer:
    def __init__(self) -> None:
        self.data = b""

    def write(self, chunk: bytes) -> None:
        self.data += chunk


def _packed(value: Any) -> bytes:
    out = _Buffer()
    Packer(out).pack(value)
    return out.data


class _RecordingTx:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def run(self, text: str, params: dict[str, Any]) -> None:
        self.calls.append((text, params))


ROWS = {"rows": [{"id": "council:40:บ้านค้อ", "props": {"name_th": "สภาองค์กรชุมชนบ้านค้อ"}}]}


def test_the_driver_packs_unlogged_parameters_as_the_plain_map() -> None:
    assert _packed({"batch": neo4j_tx.Unlogged(ROWS)}) == _packed({"batch": ROWS})


def test_run_hides_parameter_maps_from_the_driver_s_debug_line() -> None:
    tx = _RecordingTx()
    neo4j_tx.run(tx, cypher.CONNECTIVITY, {"batch": ROWS, "key": "data_version"})  # type: ignore[arg-type]
    [(text, sent)] = tx.calls
    assert text == cypher.CONNECTIVITY.text
    assert sent == {"batch": ROWS, "key": "data_version"}
    assert isinstance(sent["batch"], neo4j_tx.Unlogged)
    shown = " ".join(map(repr, (text, sent)))  # what the driver formats for its DEBUG line
    assert "บ้านค้อ" not in shown
    assert "'key': 'data_version'" in shown
