"""/api/v1/organizations: list, filter and search (Thai or English), get, create, update."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Response, status

from partnernet.api.bodies import OrganizationCreate, OrganizationUpdate
from partnernet.api.deps import Editor, StateDep, Viewer, audit_context
from partnernet.api.routers._common import READ, WRITE, IssueQuery, Limit, Offset, ProvinceQuery
from partnernet.api.schemas import (
    NodeOut,
    OrganizationDetail,
    OrgKind,
    Page,
    finite,
    node_out,
    page,
)
from partnernet.graph.model import ORGANIZATION_KINDS, RelType, node_kind
from partnernet.service import records

router = APIRouter(prefix="/organizations", tags=["organisations"], responses=READ)

SearchQuery = Annotated[
    str | None,
    Query(
        max_length=200, description="Search Thai or English names and aliases.", examples=["ขอนแก่น"]
    ),
]


@router.get("", response_model=Page[NodeOut], summary="List, filter or search organisations")
def list_organizations(
    state: StateDep,
    _: Viewer,
    kind: OrgKind | None = None,
    province: ProvinceQuery = None,
    issue: IssueQuery = None,
    q: SearchQuery = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Organisations by kind, province and issue, ordered by id; with `q`, best name matches
    first (exact, prefix, then substring, in Thai or English)."""
    total, nodes = records.list_organizations(
        state.store,
        kind=node_kind(kind.value) if kind else None,
        province=province,
        issue=issue,
        q=q,
        offset=offset,
        limit=limit,
    )
    return page([node_out(n) for n in nodes], total, limit, offset)


@router.get(
    "/{org_id:path}",
    response_model=OrganizationDetail,
    responses={404: WRITE[404]},
    summary="One organisation with its ties",
)
def get_organization(org_id: str, state: StateDep, _: Viewer) -> dict[str, Any]:
    node = records.get_node(state.store, org_id, ORGANIZATION_KINDS, "organisation")
    links = records.links(state.store, org_id)
    issues = sorted(
        str(getattr(n.node, "code", n.node.id))
        for n in links
        if n.relationship.type is RelType.WORKS_ON and n.direction == "out"
    )
    partners = [
        {
            "type": n.relationship.type.value,
            "direction": n.direction,
            "other": node_out(n.node),
            "properties": finite(n.relationship.to_props()),
        }
        for n in links
        if n.node.kind in ORGANIZATION_KINDS
    ]
    located = [n.node.id for n in links if n.relationship.type is RelType.LOCATED_IN]
    return {**node_out(node), "issues": issues, "partners": partners, "located_in": located}


def _row(body: OrganizationCreate) -> dict[str, str]:
    values = body.model_dump(exclude_none=True)
    values["aliases"] = ";".join(body.aliases)
    values["issues"] = ";".join(body.issues)
    return {k: str(v) for k, v in values.items()}


@router.post(
    "",
    response_model=NodeOut,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Create an organisation",
)
def create_organization(
    body: OrganizationCreate, state: StateDep, who: Editor, response: Response
) -> dict[str, Any]:
    """Areas and issues by code or Thai/English name; the id is made deterministically (as in
    a spreadsheet load) unless given. 409 when that id exists already."""
    context = audit_context(who, "POST /api/v1/organizations")
    node = records.create_organization(state.store, _row(body), context)
    response.headers["Location"] = f"/api/v1{router.prefix}/{quote(node.id, safe=':')}"
    return node_out(node)


@router.patch(
    "/{org_id:path}", response_model=NodeOut, responses=WRITE, summary="Update an organisation"
)
def update_organization(
    org_id: str, body: OrganizationUpdate, state: StateDep, who: Editor
) -> dict[str, Any]:
    """Given fields replace the stored ones; aliases and issues are added."""
    changes = body.model_dump(exclude_none=True, exclude={"issues"}, mode="json")
    context = audit_context(who, f"PATCH /api/v1/organizations/{org_id}")
    node = records.update_organization(state.store, org_id, changes, body.issues or (), context)
    return node_out(node)
