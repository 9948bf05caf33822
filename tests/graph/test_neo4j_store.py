"""Neo4j-specific behaviour of Neo4jStore (the shared behaviour is in test_store_contract.py).

Runs against the server started by scripts/neo4j (see tests/conftest.py); the fault test
starts a second, private server of its own so that stopping it disturbs nobody.
"""

from __future__ import annotations

import json
import logging
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase

from partnernet.graph import cypher
from partnernet.graph.model import (
    ENDPOINTS,
    Academic,
    Agency,
    AgencyType,
    CivilSocietyGroup,
    CommunityOrganization,
    Council,
    CouncilLevel,
    Event,
    Issue,
    Node,
    NodeKind,
    Person,
    Plan,
    PrivateSector,
    Proposal,
    Province,
    Region,
    Relationship,
    RelType,
    Source,
)
from partnernet.graph.neo4j_store import Neo4jStore
from partnernet.graph.sqlite_store import SqliteStore
from partnernet.graph.store import GraphStore, Scope, StoreError, WriteReport

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "neo4j"


@pytest.fixture
def neo(neo4j_session_store: GraphStore) -> Iterator[Neo4jStore]:
    store = cast(Neo4jStore, neo4j_session_store)
    store.clear()
    store.init_schema()
    yield store
    store.clear()


@pytest.fixture
def driver(neo4j_instance: dict[str, Any]) -> Iterator[Driver]:
    with GraphDatabase.driver(
        neo4j_instance["uri"], auth=(neo4j_instance["user"], neo4j_instance["password"])
    ) as d:
        yield d


# ---------------------------------------------------------------------------------------------
# A seeded graph of every kind, with valid, dangling and ill-typed relationships.


def seeded_graph(seed: int, size: int = 60) -> tuple[list[Node], list[Relationship]]:
    rng = random.Random(seed)
    provinces = ["40", "45", "10"]
    nodes: list[Node] = [
        Region(id="region:region4:ne", name_th="ภาคตะวันออกเฉียงเหนือ", system="region4", code="ne"),
        *[
            Province(id=f"province:{p}", name_th=f"จังหวัด {p}", code=p, iso=f"TH-{p}")
            for p in provinces
        ],
        *[
            Issue(id=f"issue:{code}", name_th=name, name_en=code.title(), code=code)
            for code, name in [("housing", "ที่อยู่อาศัย"), ("land", "ที่ดิน"), ("welfare", "สวัสดิการ")]
        ],
    ]
    words = ["ขอนแก่น", "ร้อยเอ็ด", "บ้านมั่นคง", "สวัสดิการ", "เครือข่าย", "สภา", "ชุมชน"]
    for i in range(size):
        p = rng.choice(provinces)
        name = f"{rng.choice(words)}{rng.choice(words)} {i}"
        aliases = [f"{rng.choice(words)}-{i}"] if rng.random() < 0.4 else []
        pick = rng.randrange(9)
        node: Node
        if pick == 0:
            node = Council(
                id=f"council:subdistrict:{p}{i:04d}",
                name_th=f"สภาองค์กรชุมชน{name}",
                level=CouncilLevel.SUBDISTRICT,
                province_code=p,
                aliases=aliases,
            )
        elif pick == 1:
            node = Agency(
                id=f"agency:sao:{p}{i:04d}",
                name_th=f"อบต.{name}",
                name_en=f"SAO {i}",
                type=AgencyType.SAO,
                province_code=p,
            )
        elif pick == 2:
            node = CivilSocietyGroup(
                id=f"cso:{p}:{i}",
                name_th=name,
                aliases=aliases,
                province_code=p,
                source_ids=[f"source:{i % 3}"],
            )
        elif pick == 3:
            node = CommunityOrganization(
                id=f"cbo:{p}:{i}", name_th=name, type="savings group", province_code=p
            )
        elif pick == 4:
            node = Proposal(
                id=f"proposal:{p}:{i}",
                name_th=f"ข้อเสนอ {name}",
                raised_on=date(2023, 1 + i % 12, 1),
                province_code=p,
            )
        elif pick == 5:
            node = Event(
                id=f"event:{p}:{i}",
                name_th=f"เวที {name}",
                province_code=p,
                start_date=date(2023, 3, 22),
                end_date=date(2023, 3, 23),
            )
        elif pick == 6:
            node = Person(id=f"person:{i}", name_th=f"นาย {name}", title="นาย")
        elif pick == 7:
            node = Academic(
                id=f"academic:{p}:{i}",
                name_th=f"มหาวิทยาลัย{name}",
                name_en=f"University {i}",
                province_code=p,
            )
        else:
            node = Plan(id=f"plan:{p}:{i}", name_th=f"แผน {name}", province_code=p)
        nodes.append(node)
    nodes += [
        Source(id=f"source:{i}", name_th=f"รายงาน {i}", url=f"https://example.org/{i}")
        for i in range(3)
    ]
    nodes.append(PrivateSector(id="private:40:x", name_th="บริษัท เอ็กซ์", province_code="40"))
    by_kind: dict[NodeKind, list[str]] = {}
    for node in nodes:
        by_kind.setdefault(node.kind, []).append(node.id)
    rels: list[Relationship] = []
    types = list(RelType)
    for _ in range(size * 3):
        type_ = rng.choice(types)
        sources, targets = ENDPOINTS[type_]
        source_ids = [i for k in sorted(sources) for i in by_kind.get(k, [])]
        target_ids = [i for k in sorted(targets) for i in by_kind.get(k, [])]
        if not source_ids or not target_ids:
            continue
        extra: dict[str, Any] = {}
        if type_ is RelType.PARTNERS_WITH:
            extra = {"weight": float(rng.randrange(1, 5)), "form": "mou"}
        if type_ is RelType.HOLDS_ROLE:
            extra = {"role_th": "ประธาน"}
        rels.append(
            Relationship(
                type=type_,
                source=rng.choice(source_ids),
                target=rng.choice(target_ids),
                source_ids=[f"source:{rng.randrange(3)}"] if rng.random() < 0.3 else [],
                **extra,
            )
        )
    # rejected ones: a dangling end and endpoint kinds the schema refuses
    rels.append(Relationship(type=RelType.MEMBER_OF, source=nodes[-1].id, target="council:nope"))
    rels.append(Relationship(type=RelType.WORKS_ON, source=nodes[-1].id, target="source:0"))
    return nodes, rels


def revisions(nodes: list[Node]) -> list[Node]:
    """A second delivery: unchanged nodes, new aliases, a renamed node, a repeated id inside
    the batch, and an id reused with another kind."""
    changed: list[Node] = []
    for i, node in enumerate(nodes):
        if i % 5 == 0:
            changed.append(node.model_copy(update={"aliases": ["ชื่อเล่น", *node.aliases]}))
        elif i % 7 == 0:
            changed.append(node.model_copy(update={"name_th": node.name_th + " ใหม่"}))
        else:
            changed.append(node)
    changed.append(nodes[10].model_copy(update={"source_ids": ["source:9"]}))  # repeat in batch
    changed.append(
        Person(id=nodes[11].id, name_th="คนละชนิด")
        if nodes[11].kind is not NodeKind.PERSON
        else Issue(id=nodes[11].id, name_th="x", code="x")
    )
    return changed


def _key_types(rel: Relationship) -> tuple[RelType, str, str]:
    return (rel.type, rel.source, rel.target)


def _graph_data(graph: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    return list(graph.nodes(data=True)), list(graph.edges(keys=True, data=True))


def _counts(report: WriteReport) -> tuple[int, int, int, list[tuple[str, str]]]:
    return (
        report.created,
        report.updated,
        report.unchanged,
        sorted((r.item, r.reason) for r in report.rejected),
    )


def test_behaves_exactly_like_sqlite_on_a_seeded_graph(neo: Neo4jStore, tmp_path: Path) -> None:
    lite = SqliteStore(tmp_path / "oracle.sqlite")
    nodes, rels = seeded_graph(seed=7)
    for store in (lite, neo):
        assert store.stats().nodes == {}
    # many small batches, then one big one (repeated ids and keys within and across batches)
    first = [store.upsert_nodes(nodes, batch_size=13) for store in (lite, neo)]
    assert _counts(first[0]) == _counts(first[1])
    second = [store.upsert_nodes(revisions(nodes), batch_size=1000) for store in (lite, neo)]
    assert _counts(second[0]) == _counts(second[1])
    assert second[0].updated and second[0].unchanged and second[0].rejected
    rel_reports = [store.upsert_relationships(rels + rels[:5], 13) for store in (lite, neo)]
    assert _counts(rel_reports[0]) == _counts(rel_reports[1])
    assert rel_reports[0].rejected and rel_reports[0].unchanged

    assert lite.stats() == neo.stats()
    assert list(lite.iter_nodes()) == list(neo.iter_nodes())
    for kind in NodeKind:
        assert list(lite.iter_nodes(kind)) == list(neo.iter_nodes(kind))
    ids = [node.id for node in nodes]
    assert lite.existing_ids([*ids, "nope"]) == neo.existing_ids([*ids, "nope"])
    for node_id in ids:
        assert lite.get_node(node_id) == neo.get_node(node_id)
        got = [(n.relationship, n.node, n.direction) for n in lite.neighbours(node_id)]
        assert got == [(n.relationship, n.node, n.direction) for n in neo.neighbours(node_id)]
        for direction in ("in", "out"):
            types = [RelType.PARTNERS_WITH, RelType.WORKS_ON]
            a = lite.neighbours(node_id, rel_types=types, direction=direction)
            b = neo.neighbours(node_id, rel_types=types, direction=direction)
            assert [(x.relationship, x.node.id) for x in a] == [
                (x.relationship, x.node.id) for x in b
            ]
    for rel in rels:
        assert lite.get_relationship(*_key_types(rel)) == neo.get_relationship(*_key_types(rel))
    for text in ["ขอนแก่น", "สภา", "ชุมชน 1", "sao", "University 1", "ชื่อเล่น", "ใหม่", "zz"]:
        assert [n.id for n in lite.search(text)] == [n.id for n in neo.search(text)], text
        kinds = [NodeKind.COUNCIL, NodeKind.AGENCY]
        assert [n.id for n in lite.search(text, kinds, limit=5)] == [
            n.id for n in neo.search(text, kinds, limit=5)
        ]
    scopes = [
        Scope(),
        Scope(provinces=frozenset({"40"})),
        Scope(provinces=frozenset({"40", "45"})),
        Scope(provinces=frozenset()),
        Scope(issue="issue:housing"),
        Scope(issue="issue:none"),
        *[Scope(ego=node_id, radius=r) for node_id in ids[::6] for r in (0, 1, 2, 3)],
    ]
    for scope in scopes:
        assert _graph_data(lite.subgraph(scope)) == _graph_data(neo.subgraph(scope)), scope
    lite.close()


# ---------------------------------------------------------------------------------------------
# Idempotence by Neo4j's own counters


def test_second_load_creates_and_sets_nothing_by_neo4j_counters(neo: Neo4jStore) -> None:
    nodes, rels = seeded_graph(seed=3)
    before = neo.counters.copy()
    neo.upsert_nodes(nodes, batch_size=17)
    neo.upsert_relationships(rels, batch_size=17)
    first = neo.counters - before
    assert first["nodes_created"] == len(nodes)
    assert first["relationships_created"] == len({r.key for r in rels}) - 2  # 2 rejected
    assert first["labels_added"] >= len(nodes)

    before = neo.counters.copy()
    reports = [neo.upsert_nodes(nodes), neo.upsert_relationships(rels)]
    again = neo.counters - before
    assert again["nodes_created"] == 0
    assert again["relationships_created"] == 0
    assert again["properties_set"] == 0  # nothing was even rewritten
    assert again["labels_added"] == 0
    assert reports[0].created == reports[0].updated == 0
    assert reports[1].created == reports[1].updated == 0


# ---------------------------------------------------------------------------------------------
# Connection errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_wrong_password_is_a_clear_store_error(neo4j_instance: dict[str, Any]) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    with pytest.raises(StoreError) as caught:
        Neo4jStore(neo4j_instance["uri"], user=neo4j_instance["user"], password=wrong)
    message = str(caught.value)
    assert neo4j_instance["uri"] in message
    assert "credentials" in message
    assert wrong not in message and neo4j_instance["password"] not in message
    assert caught.value.__cause__ is None  # no driver traceback chained in


def test_closed_port_is_a_clear_store_error(neo4j_instance: dict[str, Any]) -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        Neo4jStore(uri, password=neo4j_instance["password"])
    assert time.monotonic() - started < 30
    message = str(caught.value)
    assert uri in message and "cannot reach" in message
    assert neo4j_instance["password"] not in message


def test_bad_uri_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open"):
        Neo4jStore("postgres://127.0.0.1:1/x", password="x")


def test_is_a_graph_store(neo: Neo4jStore) -> None:
    typed: GraphStore = neo  # mypy checks the protocol structurally here
    assert isinstance(typed, GraphStore)


def test_password_never_shows(neo: Neo4jStore, neo4j_instance: dict[str, Any]) -> None:
    password = neo4j_instance["password"]
    assert password not in repr(neo)
    assert password not in str(vars(neo))
    assert neo.uri == neo4j_instance["uri"]


def test_harness_marker_survives_clear(neo: Neo4jStore, neo4j_instance: dict[str, Any]) -> None:
    nodes, rels = seeded_graph(seed=1, size=20)
    neo.upsert_nodes(nodes)
    neo.upsert_relationships(rels)
    neo.clear()
    assert neo.stats().nodes == {} and neo.stats().relationships == {}
    assert neo.harness_token() == neo4j_instance["token"]


# ---------------------------------------------------------------------------------------------
# Injection and bad data

PAYLOADS = [
    "'}) MATCH (n) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x`) DETACH DELETE n WITH 1 AS x MATCH (m) DETACH DELETE m //",
    "$rows} RETURN 1 //",
    "\\'; MATCH (n) SET n.pwned = true //",
    "row.id}) DETACH DELETE n //",
    "`Organization`|`Council`",
    "*/ MATCH (n) DETACH DELETE n /*",
]


def test_injection_payloads_in_every_text_field_change_nothing_else(
    neo: Neo4jStore, driver: Driver
) -> None:
    nodes, rels = seeded_graph(seed=5, size=30)
    neo.upsert_nodes(nodes)
    neo.upsert_relationships(rels)
    baseline = _graph_data(neo.subgraph())
    stats = neo.stats()
    # Everything in the database, partnernet's or not (the harness marker, anything another
    # test left): the payloads may add their own nodes and nothing else.
    total_before = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]

    hostile: list[Node] = []
    hostile_rels: list[Relationship] = []
    for i, p in enumerate(PAYLOADS):
        common: dict[str, Any] = {"name_th": p, "name_en": p, "aliases": [p], "source_ids": [p]}
        person = Person(id=f"person:{p}", title=p, **common)
        cbo = CommunityOrganization(id=f"cbo:th:{i}{p}", type=p, **common)
        proposal = Proposal(id=f"proposal:{i}{p}", title_th=p, text=p, **common)
        event = Event(id=f"event:{i}{p}", title=p, place=p, **common)
        source = Source(id=f"source:{i}{p}", title=p, url=p, **common)
        plan = Plan(id=f"plan:{i}{p}", period=p, **common)
        region = Region(id=f"region:{i}{p}", system=p, code=p, **common)
        hostile += [person, cbo, proposal, event, source, plan, region]
        hostile_rels += [
            Relationship(
                type=RelType.HOLDS_ROLE,
                source=person.id,
                target=cbo.id,
                role_th=p,
                role_en=p,
                source_ids=[p],
            ),
            Relationship(type=RelType.PROPOSED, source=cbo.id, target=proposal.id),
            Relationship(type=RelType.MENTIONED_IN, source=event.id, target=source.id),
            Relationship(type=RelType.RECOMMENDED, source=cbo.id, target=nodes[-1].id, note=p),
        ]
    assert neo.upsert_nodes(hostile, batch_size=9).created == len(hostile)
    report = neo.upsert_relationships(hostile_rels, batch_size=5)
    assert report.created == len(hostile_rels) and not report.rejected

    for node in hostile:
        assert neo.get_node(node.id) == node
    for rel in hostile_rels:
        assert neo.get_relationship(*_key_types(rel)) == rel
    for p in PAYLOADS:  # reads with hostile input are inert too
        neo.search(p)
        neo.neighbours(p)
        neo.get_relationship(RelType.IN, p, p)
        neo.existing_ids([p])
        neo.subgraph(Scope(ego=p, radius=2))
        neo.subgraph(Scope(issue=p))
        neo.subgraph(Scope(provinces=frozenset({p})))

    # every original node and relationship is exactly as before, and only the new ones exist
    whole = neo.subgraph()
    old_nodes = {n: d for n, d in baseline[0]}
    assert {n: d for n, d in whole.nodes(data=True) if n in old_nodes} == old_nodes
    old_edges = {(u, v, k): d for u, v, k, d in baseline[1]}
    now_edges = {(u, v, k): d for u, v, k, d in whole.edges(keys=True, data=True)}
    assert {e: d for e, d in now_edges.items() if e in old_edges} == old_edges
    after = neo.stats()
    assert sum(after.relationships.values()) == sum(stats.relationships.values()) + len(
        hostile_rels
    )
    total = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert total == total_before + len(hostile)
    pwned = driver.execute_query("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n")
    assert pwned.records[0]["n"] == 0


class _Unstorable(CivilSocietyGroup):
    """A node whose property map holds a nested map, which Neo4j cannot store."""

    def to_props(self) -> dict[str, Any]:
        return {**super().to_props(), "address": {"street": "ถนนมิตรภาพ"}}


class _UnstorableRel(Relationship):
    def to_props(self) -> dict[str, Any]:
        return {**super().to_props(), "evidence": {"page": 3}}


def test_a_row_the_server_refuses_is_rejected_and_the_others_land(neo: Neo4jStore) -> None:
    good = [CivilSocietyGroup(id=f"cso:40:{i}", name_th=f"กลุ่ม {i}") for i in range(40)]
    bad = _Unstorable(id="cso:40:bad", name_th="กลุ่มเสีย")
    batch: list[Node] = [*good[:23], bad, *good[23:]]
    report = neo.upsert_nodes(batch, batch_size=20)
    assert report.created == 40
    assert [r.item for r in report.rejected] == ["cso:40:bad"]
    assert "Neo.ClientError" in report.rejected[0].reason
    assert "Property values can only be of primitive types" in report.rejected[0].reason
    assert neo.get_node("cso:40:bad") is None
    assert neo.stats().nodes["CivilSocietyGroup"] == 40

    rels: list[Relationship] = [
        Relationship(type=RelType.PARTNERS_WITH, source=a.id, target=b.id)
        for a, b in pairwise(good)
    ]
    rels.insert(7, _UnstorableRel(type=RelType.MEMBER_OF, source=good[0].id, target=good[1].id))
    report = neo.upsert_relationships(rels, batch_size=16)
    assert report.created == 39
    assert len(report.rejected) == 1
    assert report.rejected[0].item == f"({good[0].id})-[:MEMBER_OF]->({good[1].id})"
    assert neo.stats().relationships == {"PARTNERS_WITH": 39}


# ---------------------------------------------------------------------------------------------
# Meta nodes and the data version


def test_a_refused_batch_leaves_the_data_version(neo: Neo4jStore) -> None:
    before = neo.data_version()
    report = neo.upsert_nodes([_Unstorable(id="cso:40:bad", name_th="กลุ่มเสีย")])
    assert report.created == 0 and len(report.rejected) == 1
    assert neo.data_version() == before


def test_the_version_bump_commits_with_the_batch(
    neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnernet.graph import neo4j_tx

    neo.upsert_nodes([CivilSocietyGroup(id="cso:40:a", name_th="ก")])
    before = neo.data_version()

    def fail(tx: Any) -> None:
        raise RuntimeError("crash between the batch and its version bump")

    monkeypatch.setattr(neo4j_tx, "bump_data_version", fail)
    with pytest.raises(RuntimeError, match="crash"):
        neo.upsert_nodes([CivilSocietyGroup(id="cso:40:b", name_th="ข")])
    with pytest.raises(RuntimeError, match="crash"):
        neo.upsert_relationships(
            [Relationship(type=RelType.PARTNERS_WITH, source="cso:40:a", target="cso:40:a")]
        )
    monkeypatch.undo()
    assert neo.get_node("cso:40:b") is None  # rolled back with the bump that failed
    assert neo.stats().relationships == {}
    assert neo.data_version() == before


def test_meta_nodes_on_the_server(neo: Neo4jStore, driver: Driver) -> None:
    def meta_nodes() -> dict[str, Any]:
        rows = driver.execute_query(
            f"MATCH (m:{cypher.META_LABEL}) RETURN m.key AS key, m.value AS value, "
            "labels(m) AS labels, COUNT { (m)--() } AS degree"
        ).records
        assert all(r["labels"] == [cypher.META_LABEL] and r["degree"] == 0 for r in rows)
        return {r["key"]: r["value"] for r in rows}

    constraints = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records
    assert cypher.META_KEY_CONSTRAINT in {r["name"] for r in constraints}
    # a database that has never had a version node (a new one) starts at 0
    driver.execute_query(f"MATCH (m:{cypher.META_LABEL}) DELETE m")
    assert neo.data_version() == 0
    neo.upsert_nodes([CivilSocietyGroup(id="cso:40:a", name_th="ก")])
    assert neo.data_version() == 1
    neo.set_meta("peer_summaries:x", "สรุป")
    neo.set_meta("peer_summaries:x", "สรุปใหม่")
    assert meta_nodes() == {"data_version": 1, "peer_summaries:x": "สรุปใหม่"}
    neo.clear()
    assert meta_nodes() == {"data_version": 3}  # bumped before and after the deletes


# ---------------------------------------------------------------------------------------------
# Search internals and the full-text index


def test_search_keys_are_stored_but_never_returned(neo: Neo4jStore, driver: Driver) -> None:
    node = Agency(
        id="agency:pao:40",
        name_th="องค์การบริหารส่วนจังหวัดขอนแก่น",
        name_en="Khon Kaen PAO",
        aliases=["อบจ.ขอนแก่น"],
        type=AgencyType.PAO,
    )
    neo.upsert_nodes([node])
    raw = driver.execute_query(
        "MATCH (n:Agency:Organization {id: $id}) RETURN properties(n) AS p", id=node.id
    ).records[0]["p"]
    assert raw[cypher.SEARCH_NAME_EN] == "khon kaen pao"
    assert set(raw) - set(node.to_props()) == cypher.INTERNAL_NODE_PROPS
    assert neo.get_node(node.id) == node
    assert neo.subgraph().nodes[node.id].keys() == {*node.to_props(), "kind"}
    # renaming replaces the name key; aliases accumulate theirs
    neo.upsert_nodes([node.model_copy(update={"name_en": "PAO of Khon Kaen", "aliases": ["x"]})])
    assert [n.id for n in neo.search("khon kaen pao")] == []
    assert [n.id for n in neo.search("pao of")] == [node.id]
    assert [n.id for n in neo.search("อบจ.ขอนแก่น")] == [node.id]


def test_fulltext_index_finds_thai_words_inside_names(neo: Neo4jStore) -> None:
    neo.upsert_nodes(
        [
            Council(
                id="council:subdistrict:400101",
                name_th="สภาองค์กรชุมชนตำบลในเมือง",
                level=CouncilLevel.SUBDISTRICT,
            ),
            Agency(
                id="agency:pao:40",
                name_th="องค์การบริหารส่วนจังหวัดขอนแก่น",
                name_en="Khon Kaen PAO",
                type=AgencyType.PAO,
            ),
        ]
    )
    assert [i for i, _ in neo.fulltext("ชุมชน")] == ["council:subdistrict:400101"]
    assert [i for i, _ in neo.fulltext("ขอนแก่น")] == ["agency:pao:40"]
    assert [i for i, _ in neo.fulltext("khon")] == ["agency:pao:40"]


# ---------------------------------------------------------------------------------------------
# Fault tolerance: the server stops and restarts in the middle of a load
#
# The restarted server is a private one (its own state dir under tmp), so that stopping it
# neither breaks nor cools the plan cache of the harness server the other tests use. It boots
# in the background while this module's other tests run, which hides most of its start time.

FAULT_TEST = "test_load_survives_a_server_restart"


def _script_cmd(command: str, state: Path) -> list[str]:
    return [str(SCRIPT), command, "--dir", str(state)]


def _script_env() -> dict[str, str]:
    return {**os.environ, "PYTHON": sys.executable}


def _script(command: str, state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _script_cmd(command, state),
        env=_script_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _instance(state: Path) -> dict[str, Any]:
    info: dict[str, Any] = json.loads((state / "instance.json").read_text(encoding="utf-8"))
    return info


@pytest.fixture(scope="module", autouse=True)
def _private_server_boot(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, subprocess.Popen[bytes]] | None]:
    """Start booting the fault test's private server as soon as this module starts."""
    wanted = any(item.name == FAULT_TEST for item in request.session.items)
    if not wanted or not os.environ.get("PARTNERNET_NEO4J_INSTANCE"):
        yield None
        return
    state = tmp_path_factory.mktemp("private-neo4j") / "neo4j"
    state.mkdir()
    with open(state.parent / "start.log", "wb") as log:
        boot = subprocess.Popen(
            _script_cmd("start", state), env=_script_env(), stdout=log, stderr=log
        )
    try:
        yield state, boot
    finally:
        boot.wait(300)
        _script("stop", state)
        shutil.rmtree(state / "data", ignore_errors=True)  # preallocated tx logs are big


@pytest.fixture
def private_server(
    neo4j_instance: dict[str, Any],  # skips (or fails under CI) without the harness
    _private_server_boot: tuple[Path, subprocess.Popen[bytes]] | None,
) -> Path:
    if _private_server_boot is None:
        pytest.skip("the private server was not started")
    state, boot = _private_server_boot
    if boot.wait(300) != 0:
        log = (state.parent / "start.log").read_text(errors="replace")
        pytest.fail(f"scripts/neo4j start failed for the private server:\n{log[-3000:]}")
    return state


N_NODES = 10_000  # and as many relationships: 20k rows in 40 batches of 500


def _fault_nodes() -> Iterator[Node]:
    for i in range(N_NODES):
        yield Council(
            id=f"council:subdistrict:{i:06d}",
            name_th=f"สภาองค์กรชุมชนตำบล {i}",
            level=CouncilLevel.SUBDISTRICT,
            province_code=f"{10 + i % 80:02d}",
        )


def _fault_rels(reached: threading.Event) -> Iterator[Relationship]:
    for i in range(1, N_NODES):
        if i == N_NODES // 3:  # the restart hits the relationship phase a third of the way in
            reached.set()
        yield Relationship(
            type=RelType.PARTNERS_WITH,
            source=f"council:subdistrict:{i:06d}",
            target=f"council:subdistrict:{i // 2:06d}",
        )


def test_load_survives_a_server_restart(
    private_server: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Stop and restart the server (scripts/neo4j, same state dir) while 10k nodes and 10k
    relationships load in batches of 500: the load rides it out and every row is there once."""
    state = private_server
    before = _instance(state)
    store = Neo4jStore(
        before["uri"], user=before["user"], password=before["password"], batch_size=500
    )
    assert store.harness_token() == before["token"]
    reached = threading.Event()
    outcome: dict[str, Any] = {}

    def load() -> None:
        try:
            outcome["nodes"] = store.upsert_nodes(_fault_nodes())
            outcome["rels"] = store.upsert_relationships(_fault_rels(reached))
        except BaseException as exc:  # reported by the main thread
            outcome["error"] = exc

    caplog.set_level(logging.WARNING, logger="partnernet.graph.neo4j_store")
    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    try:
        assert reached.wait(120), "the load never got going"
        stopped = _script("stop", state)
        assert stopped.returncode == 0, stopped.stderr
        started = _script("start", state)
        assert started.returncode == 0, started.stderr
        after = _instance(state)
        assert after["uri"] == before["uri"], (
            f"scripts/neo4j restarted the server at {after['uri']} instead of {before['uri']}: "
            "a client cannot reconnect to it"
        )
        same_password = after["password"] == before["password"]  # never print passwords
        assert same_password, "scripts/neo4j restarted the server with another password"
        loader.join(150)
        assert not loader.is_alive(), "the load did not finish after the restart"
        assert "error" not in outcome, outcome.get("error")
        nodes, rels = cast(WriteReport, outcome["nodes"]), cast(WriteReport, outcome["rels"])
        assert not nodes.rejected and not rels.rejected
        # a batch replayed after an unknown commit outcome counts as unchanged, not created
        assert nodes.created + nodes.updated + nodes.unchanged == N_NODES
        assert rels.created + rels.updated + rels.unchanged == N_NODES - 1
        assert any("retrying" in r.getMessage() for r in caplog.records), "no fault was hit"
        stats = store.stats()
        assert stats.nodes == {"Council": N_NODES, "Organization": N_NODES}
        assert stats.relationships == {"PARTNERS_WITH": N_NODES - 1}
        assert len({n.id for n in store.iter_nodes(NodeKind.COUNCIL)}) == N_NODES
        graph = store.subgraph()
        assert graph.number_of_nodes() == N_NODES
        assert graph.number_of_edges() == len(set(graph.edges(keys=True))) == N_NODES - 1
        assert store.harness_token() == before["token"]
    finally:
        loader.join(1)
        store.close()
