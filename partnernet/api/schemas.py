"""Response bodies of the HTTP API (request bodies: `bodies.py`), kept apart from the domain
model so the API can stay stable while the model grows. `node_out`, `relationship_out` and
`finite` translate; nothing here touches a store.
"""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from partnernet.graph.model import Node, Relationship

T = TypeVar("T")


def finite(value: Any) -> Any:
    """JSON-safe copy: NaN and infinities become None, tuples lists, dict keys strings."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [finite(v) for v in value]
    return value


class OrgKind(StrEnum):
    COUNCIL = "council"
    COMMUNITY_ORGANIZATION = "community_organization"
    AGENCY = "agency"
    CIVIL_SOCIETY_GROUP = "civil_society_group"
    ACADEMIC = "academic"
    PRIVATE_SECTOR = "private_sector"


# ----------------------------------------------------------------------------- common


class Problem(BaseModel):
    """An error (RFC 9457 problem details)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    suggestions: list[dict[str, str]] | None = Field(
        default=None, description="Closest places or issues when a name was not found."
    )
    errors: list[dict[str, Any]] | None = Field(default=None, description="Field errors.")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Items matching the filters (all pages).")
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last.")


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}


class Name(BaseModel):
    name_th: str
    name_en: str | None = None


# ----------------------------------------------------------------------------- nodes


class NodeOut(BaseModel):
    id: str
    kind: str = Field(description="Node label, e.g. Council, Agency, Proposal.")
    name_th: str
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(
        default_factory=dict, description="Kind-specific properties (type, level, tier, …)."
    )


_BASE_FIELDS = frozenset({"id", "name_th", "name_en", "aliases"})


def node_out(node: Node) -> dict[str, Any]:
    props = node.to_props()
    return {
        "id": node.id,
        "kind": node.kind.value,
        "name_th": node.name_th,
        "name_en": node.name_en,
        "aliases": list(node.aliases),
        "properties": finite({k: v for k, v in props.items() if k not in _BASE_FIELDS}),
    }


class LinkOut(BaseModel):
    type: str
    direction: Literal["in", "out"]
    other: NodeOut
    properties: dict[str, Any] = Field(default_factory=dict)


class OrganizationDetail(NodeOut):
    issues: list[str] = Field(description="Issue codes the organisation works on.")
    partners: list[LinkOut] = Field(description="Ties to other organisations.")
    located_in: list[str] = Field(description="Area ids (province/district/subdistrict).")


# ----------------------------------------------------------------------------- relationships


class RelationshipOut(BaseModel):
    type: str
    source: str
    target: str
    properties: dict[str, Any] = Field(default_factory=dict)


def relationship_out(rel: Relationship) -> dict[str, Any]:
    return {
        "type": rel.type.value,
        "source": rel.source,
        "target": rel.target,
        "properties": finite(rel.to_props()),
    }


# ----------------------------------------------------------------------------- proposals


class SubmissionOut(BaseModel):
    organization: str
    on: date | None = None
    status: str | None = None
    responded_on: date | None = None


class ProposalDetail(NodeOut):
    proposed_by: list[str]
    submissions: list[SubmissionOut]
    issues: list[str]


# ----------------------------------------------------------------------------- provinces


class ProvinceSummary(BaseModel):
    code: str
    iso: str
    name_th: str
    name_en: str
    region_th: str | None = None
    region_en: str | None = None
    organizations: int
    councils: int
    partners_per_council: float | None = None
    coverage: float | None = Field(
        default=None, description="Share of expected partner roles present."
    )
    gap_count: int | None = None
    high_gaps: int | None = None


class GapOut(BaseModel):
    kind: str
    severity: str
    subjects: list[str]
    explanation_th: str
    explanation_en: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    status: str = Field(default="open", description="open, or planned (a partner accepted)")


class ProvinceInfoOut(BaseModel):
    code: str
    name_th: str
    name_en: str
    region: str | None = None


class GapReportOut(BaseModel):
    province: ProvinceInfoOut
    coverage: float | None
    gaps: list[GapOut]
    metrics: dict[str, Any] = Field(default_factory=dict)
    graph_version: str


class RecommendationOut(BaseModel):
    source: str
    target: str
    score: float | None
    components: dict[str, float | None]
    explanation_th: str
    explanation_en: str
    evidence: dict[str, Any] = Field(default_factory=dict)


class DecidedOut(BaseModel):
    source: str
    target: str
    decision: str
    decided_on: str | None = None
    note: str | None = None
    status: str | None = None
    decided_by: str | None = None
    role: str | None = None


class RecommendationReportOut(BaseModel):
    recommendations: list[RecommendationOut]
    accepted: list[DecidedOut]
    names: dict[str, Name] = Field(description="Display names of every id above.")
    graph_version: str


class DecisionOut(BaseModel):
    source: str
    target: str
    decision: str
    decided_on: date
    graph_version: str


# ----------------------------------------------------------------------------- analysis


class HubOut(BaseModel):
    id: str
    name_th: str | None = None
    name_en: str | None = None
    kind: str | None = None
    province_code: str | None = None
    degree: int
    weighted_degree: float | None
    betweenness: float | None
    pagerank: float | None
    eigenvector: float | None
    articulation_point: bool
    constraint: float | None
    effective_size: float | None
    brokerage: dict[str, int]


class HubsOut(BaseModel):
    node_count: int
    edge_count: int
    betweenness_method: str
    sample_size: int
    seed: int
    backend: str
    articulation_point_count: int = Field(
        description="Organisations whose removal splits the network (each item says if it is "
        "one; all of them: exports with hubs)."
    )
    bridge_count: int
    notes: list[str]
    by: str
    items: list[HubOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None
    graph_version: str


class CommunitiesSummary(BaseModel):
    method: str
    seed: int
    resolution: float | None
    count: int
    sizes: list[int]
    modularity: float | None


class StructureOut(BaseModel):
    node_count: int
    edge_count: int
    density: float | None
    component_count: int
    component_sizes: list[int]
    largest_component_share: float | None
    isolates: list[str]
    average_clustering: float | None
    transitivity: float | None
    max_core: int
    core_sizes: dict[str, int]
    max_core_members: list[str]
    degree_assortativity: float | None
    assortativity: dict[str, float | None]
    communities: CommunitiesSummary
    matches: dict[str, dict[str, Any]]
    graph_version: str


class CommunityOut(BaseModel):
    number: int
    size: int
    members: list[str]
    provinces: dict[str, int] = Field(description="Members per province code.")


class CommunitiesOut(BaseModel):
    summary: CommunitiesSummary
    matches: dict[str, dict[str, Any]]
    items: list[CommunityOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None
    graph_version: str


class StatsOut(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]
    graph_version: str
    store: str = Field(description="sqlite or neo4j")


# ----------------------------------------------------------------------------- ingest, admin


class RejectOut(BaseModel):
    file: str
    line: int
    column: str
    reason: str


class IngestOut(BaseModel):
    upload_id: str
    rows: int
    accepted: int
    rejected: int
    duplicates: int
    created: int
    updated: int
    unchanged: int
    files: list[str]
    warnings: list[str]
    rejects: list[RejectOut] = Field(description="The first rejected rows (all in the file).")
    rejects_url: str | None = Field(description="CSV of every rejected row, when any.")
    graph_version: str


class CypherOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    row_limit: int
    elapsed_ms: float


class KeyOut(BaseModel):
    key_id: str
    role: str
    name: str
    source: str


class KeyCreated(KeyOut):
    key: str = Field(description="The key itself; shown only this once.")


class SessionOut(BaseModel):
    signed_in: bool
    role: str | None
    name: str | None
    read_only_server: bool = Field(description="No keys are configured: nobody can write.")
    can_write: bool


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    store: str
    store_state: Literal["ok", "unreachable"] = "ok"
    store_check_ms: float = 0.0
    graph_version: str
    cache: dict[str, int]
