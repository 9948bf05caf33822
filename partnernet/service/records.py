"""Reading and editing single records (organisations, proposals, relationships, issues):
plain functions of a `GraphStore`, domain errors only, no FastAPI.
Writes go through the ingest pipeline or the store's upserts, so they follow the same rules
(deterministic ids, reference checks, merge semantics) as a spreadsheet load, and every write
is recorded in the audit trail (`audit.py`) under the caller's `AuditContext`. Each public
write is also `recorded` (`service/peer_changes.py`): it says which provinces it touched, so
that the next analysis recomputes only those provinces' peer summaries, not the region's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from partnernet.foundation import geography
from partnernet.foundation.errors import Conflict, InvalidInput, NotFound
from partnernet.graph.issues import issue_node, resolve_issue
from partnernet.graph.model import (
    ORGANIZATION_KINDS,
    Node,
    NodeKind,
    Proposal,
    ProposalStatus,
    Relationship,
    RelType,
    issue_id,
    node_from_props,
)
from partnernet.graph.store import GraphStore, Neighbour, WriteReport, merge_props
from partnernet.ingest.ids import LookalikeId
from partnernet.ingest.pipeline import IngestReport, Record, write_records
from partnernet.ingest.rows import convert_row
from partnernet.ingest.tabular import TableKind
from partnernet.service.audit import UNNAMED, AuditContext, audited
from partnernet.service.peer_changes import recorded

ORG_KINDS: tuple[NodeKind, ...] = tuple(k for k in NodeKind if k in ORGANIZATION_KINDS)
REPORT_SUFFIXES = (".txt", ".md")
SEARCH_CAP = 2000
# The audit context of writes whose caller did not give one.
SERVICE = AuditContext(who=UNNAMED, source="service")


class UnknownNodeError(NotFound):
    """No node with this id (of the expected kind)."""

    def __init__(self, node_id: str, what: str = "node") -> None:
        super().__init__(f"no {what} with id {node_id!r}")
        self.node_id = node_id


class ExistsError(Conflict):
    """Creating something whose (deterministic) id is already taken."""

    def __init__(self, node_id: str) -> None:
        super().__init__(f"{node_id!r} already exists; update it instead")
        self.node_id = node_id


def _check(report: WriteReport | IngestReport) -> None:
    rejected = report.rejected if isinstance(report, WriteReport) else report.rejected_rows
    if rejected:
        raise InvalidInput(rejected[0].reason)


# ----------------------------------------------------------------------------- reading


def get_node(
    store: GraphStore, node_id: str, kinds: Iterable[NodeKind] | None = None, what: str = "node"
) -> Node:
    node = store.get_node(node_id)
    if node is None or (kinds is not None and node.kind not in set(kinds)):
        raise UnknownNodeError(node_id, what)
    return node


def list_organizations(
    store: GraphStore,
    *,
    kind: NodeKind | None = None,
    province: str | None = None,
    issue: str | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[Node]]:
    """Organisations by kind, province (any name) and issue (code or name); `q` searches Thai
    and English names and aliases (best matches first, at most SEARCH_CAP), otherwise the
    order is by id. Returns (how many match, the page `offset`..`offset + limit`); without
    `q` or `issue` only the page is read from the store."""
    kinds = (kind,) if kind else ORG_KINDS
    if kind is not None and kind not in ORGANIZATION_KINDS:
        raise InvalidInput(f"{kind.value} is not an organisation kind")
    code = geography.resolve_province(province).code if province else None
    if not q and not issue:
        return store.nodes_page(kinds, province_code=code, offset=offset, limit=limit)
    members: dict[str, Node] | None = None
    if issue:
        found = resolve_issue(issue)
        members = {
            n.node.id: n.node
            for n in store.neighbours(issue_id(found.code), [RelType.WORKS_ON], "in")
        }
    nodes: Iterable[Node]
    if q:
        nodes = store.search(q, kinds, limit=SEARCH_CAP)
    else:  # the issue's organisations, as the neighbour read returned them
        assert members is not None
        nodes = sorted((n for n in members.values() if n.kind in kinds), key=lambda n: n.id)
    matching = [
        n
        for n in nodes
        if (code is None or getattr(n, "province_code", None) == code)
        and (members is None or n.id in members)
    ]
    return len(matching), matching[offset : offset + limit]


def links(
    store: GraphStore, node_id: str, types: Sequence[RelType] | None = None, direction: str = "both"
) -> list[Neighbour]:
    get_node(store, node_id)
    if direction not in ("in", "out", "both"):
        raise InvalidInput("direction is in, out or both")
    return store.neighbours(node_id, types or None, direction)  # type: ignore[arg-type]


def get_relationship(store: GraphStore, type_: RelType, source: str, target: str) -> Relationship:
    rel = store.get_relationship(type_, source, target)
    if rel is None:
        raise UnknownNodeError(f"({source})-[:{type_.value}]->({target})", "relationship")
    return rel


def list_proposals(
    store: GraphStore,
    *,
    province: str | None = None,
    status: ProposalStatus | None = None,
    issue: str | None = None,
) -> list[Node]:
    code = geography.resolve_province(province).code if province else None
    members: set[str] | None = None
    if issue:
        found = resolve_issue(issue)
        members = {
            n.node.id for n in store.neighbours(issue_id(found.code), [RelType.CONCERNS], "in")
        }
    return [
        p
        for p in store.iter_nodes(NodeKind.PROPOSAL)
        if isinstance(p, Proposal)
        and (code is None or p.province_code == code)
        and (status is None or p.status == status)
        and (members is None or p.id in members)
    ]


def names(store: GraphStore, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """(Thai, English) display names of a handful of ids."""
    out: dict[str, tuple[str, str | None]] = {}
    for node_id in dict.fromkeys(ids):
        node = store.get_node(node_id)
        if node is not None:
            out[node_id] = (node.name_th, node.name_en)
    return out


# ----------------------------------------------------------------------------- writing


def _write_row(
    store: GraphStore, template: TableKind, values: Mapping[str, str], context: AuditContext
) -> Node:
    try:
        converted = convert_row(template, {k: v for k, v in values.items() if v})
    except LookalikeId as exc:  # a lookalike of a stored id: 409 naming it (issue 22)
        if store.get_node(exc.plain) is not None:
            raise ExistsError(exc.plain) from None
        raise
    node = converted.nodes[0]
    if store.get_node(node.id) is not None:
        raise ExistsError(node.id)
    record = Record(
        nodes=converted.nodes,
        rels=converted.rels,
        refs=converted.refs,
        where=converted.where,
        file="api",
        line=1,
        raw=dict(values),
    )
    _check(write_records(audited(store, context), [record]))
    return get_node(store, node.id)


@recorded
def create_organization(
    store: GraphStore, values: Mapping[str, str], context: AuditContext = SERVICE
) -> Node:
    """A new organisation from the fields of the organisations template (areas and issues by
    code or name, Thai kind words accepted); 409-style `ExistsError` if its id is taken."""
    return _write_row(store, TableKind.ORGANIZATIONS, values, context)


@recorded
def create_proposal(
    store: GraphStore, values: Mapping[str, str], context: AuditContext = SERVICE
) -> Node:
    return _write_row(store, TableKind.PROPOSALS, values, context)


@recorded
def update_node(
    store: GraphStore,
    node_id: str,
    changes: Mapping[str, Any],
    kinds: Iterable[NodeKind] | None = None,
    what: str = "node",
    context: AuditContext = SERVICE,
) -> Node:
    """Merge `changes` into a node (store merge rule: given properties replace, aliases are
    added) after validating the result against the model."""
    node = get_node(store, node_id, kinds, what)
    props = merge_props(node.to_props(), {k: v for k, v in changes.items() if v is not None})
    updated = node_from_props(node.kind, props)
    _check(audited(store, context).upsert_nodes([updated]))
    return get_node(store, node_id)


@recorded
def update_organization(
    store: GraphStore,
    org_id: str,
    changes: Mapping[str, Any],
    issues: Iterable[str] = (),
    context: AuditContext = SERVICE,
) -> Node:
    """`update_node` for an organisation, then its issues added (all checked first)."""
    wanted = [resolve_issue(text).code for text in issues]
    get_node(store, org_id, ORG_KINDS, "organisation")
    node = update_node(store, org_id, changes, ORG_KINDS, "organisation", context)
    if wanted:
        add_issues(store, org_id, wanted, context=context)
    return node


@recorded
def add_issues(
    store: GraphStore,
    node_id: str,
    issues: Iterable[str],
    rel_type: RelType = RelType.WORKS_ON,
    context: AuditContext = SERVICE,
) -> WriteReport:
    nodes = [issue_node(text) for text in issues]
    writer = audited(store, context)
    report = writer.upsert_nodes(nodes)
    _check(report)
    rels = [Relationship(type=rel_type, source=node_id, target=n.id) for n in nodes]
    report.add(writer.upsert_relationships(rels))
    _check(report)
    return report


@recorded
def write_relationship(
    store: GraphStore, rel: Relationship, context: AuditContext = SERVICE
) -> Relationship:
    _check(audited(store, context).upsert_relationships([rel]))
    return get_relationship(store, rel.type, rel.source, rel.target)


@recorded
def set_proposal_status(
    store: GraphStore, proposal_id: str, status: ProposalStatus, context: AuditContext = SERVICE
) -> Node:
    return update_node(
        store, proposal_id, {"status": status.value}, [NodeKind.PROPOSAL], "proposal", context
    )


@recorded
def record_response(
    store: GraphStore,
    proposal_id: str,
    organization: str,
    status: ProposalStatus,
    *,
    responded_on: date | None = None,
    submitted_on: date | None = None,
    context: AuditContext = SERVICE,
) -> Relationship:
    """Record how an organisation answered a proposal (its SUBMITTED_TO relationship)."""
    get_node(store, proposal_id, [NodeKind.PROPOSAL], "proposal")
    get_node(store, organization, ORG_KINDS, "organisation")
    existing = store.get_relationship(RelType.SUBMITTED_TO, proposal_id, organization)
    rel = Relationship(
        type=RelType.SUBMITTED_TO,
        source=proposal_id,
        target=organization,
        status=status,
        on=submitted_on or (existing.on if existing else None),
        responded_on=responded_on or date.today(),
    )
    return write_relationship(store, rel, context)
