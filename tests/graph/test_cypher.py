"""Unit tests of partnernet.graph.cypher (no server): names only from the enums, values only
in parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from partnernet.graph import cypher
from partnernet.graph.audit import AuditLabel
from partnernet.graph.model import (
    ENDPOINTS,
    GEOGRAPHY_KINDS,
    ORGANIZATION_KINDS,
    ORGANIZATION_LABEL,
    ModelError,
    NodeKind,
    RelType,
)

ALLOWED_NAMES = (
    {k.value for k in NodeKind}
    | {t.value for t in RelType}
    | {ORGANIZATION_LABEL, cypher.HARNESS_LABEL, cypher.META_LABEL}
    | {"fulltext.analyzer", "fulltext.eventually_consistent"}  # index option keys
    | {"province_code", "name_th", "name_en", "at", *cypher.AUDIT_KEYS}  # indexed properties
    | {label.value for label in AuditLabel}
)
# The only string literals a statement may contain: label / type names (stats rows are
# tagged with them) and the full-text analyzer's name.
ALLOWED_STRINGS = {k.value for k in NodeKind} | {t.value for t in RelType}
ALLOWED_STRINGS |= {ORGANIZATION_LABEL, cypher.FULLTEXT_ANALYZER}

PAYLOADS = [
    "'}) DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x`) DETACH DELETE n //",
    "$rows} RETURN 1 //",
    "สภาองค์กรชุมชน",
]


def every_statement() -> Iterator[cypher.Statement]:
    yield from cypher.all_static_statements()
    yield from cypher.schema_statements()
    for kind in NodeKind:
        yield cypher.upsert_nodes(kind)
        yield cypher.iter_nodes(kind)
        yield cypher.search_candidates([kind])
    yield cypher.iter_nodes(None)
    for in_province in (False, True):
        yield cypher.node_ids([NodeKind.COUNCIL], in_province=in_province)
        yield cypher.node_ids(sorted(ORGANIZATION_KINDS), in_province=in_province)
    yield cypher.search_candidates(None)
    yield cypher.search_candidates([NodeKind.AGENCY, NodeKind.COUNCIL, NodeKind.PERSON])
    yield cypher.search_candidates(sorted(NodeKind))
    for kind in NodeKind:
        yield cypher.restore_node(kind)
    for by_node in (False, True):
        for by_province in (False, True):
            yield cypher.audit_count(by_node, by_province)
            yield cypher.audit_page(by_node, by_province)
    for type_ in RelType:
        yield cypher.get_relationship(type_)
        yield cypher.restore_relationship(type_)
        yield cypher.delete_relationship(type_)
        sources, targets = ENDPOINTS[type_]
        for source in sorted(sources):
            for target in sorted(targets):
                yield cypher.upsert_relationships(type_, source, target)


STATEMENTS = list(every_statement())


def test_statement_names_are_unique() -> None:
    texts_by_name: dict[str, str] = {}
    for statement in STATEMENTS:
        assert texts_by_name.setdefault(statement.name, statement.text) == statement.text


@pytest.mark.parametrize("bad", ["Council", "council", "Organization", "x`) DETACH DELETE n", 1])
def test_label_builder_refuses_anything_but_a_node_kind(bad: object) -> None:
    with pytest.raises(ModelError, match="NodeKind"):
        cypher.label(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.upsert_nodes(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.iter_nodes(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.restore_node(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.audit_label(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.search_candidates([NodeKind.COUNCIL, bad])  # type: ignore[list-item]


@pytest.mark.parametrize("bad", ["PARTNERS_WITH", "partners_with", NodeKind.COUNCIL, "X]->() //"])
def test_type_builder_refuses_anything_but_a_rel_type(bad: object) -> None:
    with pytest.raises(ModelError, match="RelType"):
        cypher.rel_type(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.get_relationship(bad)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.upsert_relationships(bad, NodeKind.COUNCIL, NodeKind.AGENCY)  # type: ignore[arg-type]


def test_a_node_kind_is_not_a_rel_type_and_vice_versa() -> None:
    with pytest.raises(ModelError):
        cypher.label(RelType.IN)  # type: ignore[arg-type]
    with pytest.raises(ModelError):
        cypher.rel_type(NodeKind.ISSUE)  # type: ignore[arg-type]


def test_quoting_refuses_non_identifiers() -> None:
    for bad in ["a b", "a`b", "", "1abc", "a-b", "ก"]:
        with pytest.raises(ModelError):
            cypher._quote(bad)


def test_every_quoted_name_comes_from_the_enums() -> None:
    for statement in STATEMENTS:
        for name in re.findall(r"`([^`]*)`", statement.text):
            assert name in ALLOWED_NAMES, (statement.name, name)


def test_labels_and_types_in_patterns_are_always_quoted() -> None:
    # `(n:Label`, `[r:TYPE`, `|Label` and `WHERE x:Label` must all go through the builders,
    # which always backtick-quote; an unquoted name after ':' in a pattern means a hand-written
    # label slipped in.
    pattern = re.compile(r"[(\[]\s*\w*:(?!`)\w|\|(?!`)\w|\b\w+:(?!`)[A-Z]")
    for hand_written in ("MATCH (n:Council)", "(n:`A`|B)", "-[:IN]->", "WHERE m:Source"):
        assert pattern.search(hand_written), hand_written
    for statement in STATEMENTS:
        if statement.name.startswith("partnernet_"):  # schema: checked just below
            continue
        assert not pattern.search(statement.text), statement.name
    for statement in cypher.schema_statements():
        assert re.search(r"FOR \(n:`", statement.text), statement.name


def _string_literals(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = re.findall(r"'([^']*)'|\"([^\"]*)\"", text)
    return found


def test_no_value_is_ever_inside_a_statement() -> None:
    for statement in STATEMENTS:
        for single, double in _string_literals(statement.text):
            assert (single or double) in ALLOWED_STRINGS, (statement.name, single or double)
        for payload in PAYLOADS:
            assert payload not in statement.text
        # numbers: only structural constants (batch size of clear, `[1]`, `size(x) = 0`)
        for number in re.findall(r"(?<![\w.$`])\d+(?![\w`])", statement.text):
            assert number in {"0", "1", str(cypher.CLEAR_BATCH_ROWS)}, (statement.name, number)


def test_list_parameters_hide_inside_maps() -> None:
    # a top-level list parameter would make Neo4j plan the statement once per size bucket
    for statement in STATEMENTS:
        for name in re.findall(r"\$([\w.]+)", statement.text):
            assert name not in {"rows", "ids", "codes", "types"}, (statement.name, name)


def test_values_travel_as_parameters() -> None:
    expected = {
        "kinds_by_ids": {"lookup.ids"},
        "nodes_by_ids": {"lookup.ids"},
        "neighbours": {"id", "lookup.types", "outgoing", "incoming"},
        "province_subgraph": {"lookup.codes"},
        "issue_subgraph": {"issue"},
        "ego_step": {"lookup.ids"},
        "records_among_ids": {"lookup.ids"},
        "await_indexes": {"timeout_seconds"},
        "clear": set(),
        "clear_relationships": set(),
        "harness_token": set(),
        "fulltext_search": {"index", "query", "limit"},
        "clear_meta": {"version_key"},
        "get_meta": {"key"},
        "set_meta": {"key", "value"},
        "bump_data_version": {"key"},
        "add_audit": {"batch.rows"},
        "audit_count_00": set(),
        "audit_count_11": {"filter.node", "filter.province"},
        "audit_page_10": {"filter.node", "offset", "limit"},
        "audit_page_01": {"filter.province", "offset", "limit"},
        "get_audit": {"id"},
        "clear_audit": set(),
        "node_ties": {"id"},
        "delete_node": {"id"},
        "restore_Council": {"id", "props"},
        "restore_PARTNERS_WITH": {"source", "target", "props"},
        "delete_PARTNERS_WITH": {"source", "target"},
    }
    by_name = {s.name: s for s in STATEMENTS}
    for name, params in expected.items():
        assert set(re.findall(r"\$([\w.]+)", by_name[name].text)) == params, name
    assert set(re.findall(r"\$([\w.]+)", cypher.upsert_nodes(NodeKind.COUNCIL).text)) == {
        "batch.rows"
    }
    rel = cypher.upsert_relationships(
        RelType.MEMBER_OF, NodeKind.COMMUNITY_ORGANIZATION, NodeKind.COUNCIL
    )
    assert set(re.findall(r"\$([\w.]+)", rel.text)) == {"batch.rows"}
    assert set(re.findall(r"\$([\w.]+)", cypher.search_candidates(None).text)) == {"query"}
    get = cypher.get_relationship(RelType.IN)
    assert set(re.findall(r"\$([\w.]+)", get.text)) == {"source", "target"}


def test_schema_covers_every_label() -> None:
    texts = [s.text for s in cypher.schema_statements()]
    for name in [*(k.value for k in NodeKind), ORGANIZATION_LABEL]:
        assert any(f"(n:`{name}`) REQUIRE n.id IS UNIQUE" in t for t in texts), (
            f"no uniqueness constraint for {name}"
        )
    for prop in ("province_code", "name_th", "name_en"):
        assert any(f"(n:`{ORGANIZATION_LABEL}`) ON (n.`{prop}`)" in t for t in texts)
    fulltext = [t for t in texts if "FULLTEXT" in t]
    assert len(fulltext) == 1
    assert "'thai'" in fulltext[0]
    assert "[n.name_th, n.name_en, n.aliases]" in fulltext[0]
    assert all("IF NOT EXISTS" in t for t in texts)
    names = [s.name for s in cypher.schema_statements()]
    assert len(names) == len(set(names))


def test_organisation_upserts_add_the_organization_label() -> None:
    assert "n:`Organization`" in cypher.upsert_nodes(NodeKind.COUNCIL).text
    assert "Organization" not in cypher.upsert_nodes(NodeKind.PERSON).text


def test_clear_only_touches_partnernet_labels_in_batches() -> None:
    text = cypher.CLEAR.text
    assert "IN TRANSACTIONS OF" in text
    assert cypher.HARNESS_LABEL not in text
    assert re.match(r"MATCH \(n:[`\w|]+\)", text)  # a label expression, never a bare (n)
    for kind in NodeKind:
        if not kind.is_organization:
            assert f"`{kind.value}`" in text
    assert f"`{ORGANIZATION_LABEL}`" in text
    rels = cypher.CLEAR_RELATIONSHIPS.text
    assert "IN TRANSACTIONS OF" in rels and cypher.HARNESS_LABEL not in rels
    assert re.match(r"MATCH \(:[`\w|]+\)-\[r\]->\(\)", rels)


def test_scoped_reads_exclude_geography_and_sources() -> None:
    for statement in (cypher.PROVINCE_SUBGRAPH, cypher.ISSUE_SUBGRAPH):
        for kind in (*sorted(GEOGRAPHY_KINDS), NodeKind.SOURCE):
            assert f"m:`{kind.value}`" in statement.text
    core_match = cypher.PROVINCE_SUBGRAPH.text.splitlines()[0]
    for kind in (*GEOGRAPHY_KINDS, NodeKind.SOURCE):
        assert f"`{kind.value}`" not in core_match


def test_label_expression_collapses_organisations() -> None:
    assert cypher.ALL_NODES.startswith("`Organization`|")
    for kind in NodeKind:
        if kind.is_organization:
            assert f"`{kind.value}`" not in cypher.ALL_NODES
    partial = cypher.search_candidates([NodeKind.COUNCIL, NodeKind.AGENCY]).text
    assert "`Agency`|`Council`" in partial and "Organization" not in partial


META_STATEMENTS = {"clear_meta", "get_meta", "set_meta", "bump_data_version", "partnernet_meta_key"}


def test_meta_nodes_stay_out_of_every_graph_statement() -> None:
    # Meta nodes carry only META_LABEL, so a statement that never names it (every read matches
    # ALL_NODES or a kind's label; stats count the kind labels) never sees them.
    assert cypher.META_LABEL not in cypher.ALL_NODES
    assert cypher.META_LABEL not in cypher.COUNTED_LABELS
    named = {s.name for s in STATEMENTS if cypher.META_LABEL in s.text}
    assert named == META_STATEMENTS
    for statement in STATEMENTS:
        if statement.name in META_STATEMENTS:
            labels = set(re.findall(r":`([^`]*)`", statement.text))
            assert labels == {cypher.META_LABEL}, statement.name


def test_clear_meta_keeps_the_version_and_the_harness_marker() -> None:
    text = cypher.CLEAR_META.text
    assert "m.key <> $version_key" in text
    assert cypher.HARNESS_LABEL not in text
    for statement in (cypher.CLEAR, cypher.CLEAR_RELATIONSHIPS):
        assert cypher.META_LABEL not in statement.text
