"""/api/v1/proposals: list, get, create; status changes and organisations' responses."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Response, status

from partnernet.api.bodies import ProposalCreate, ResponseIn, StatusChange
from partnernet.api.deps import Editor, StateDep, Viewer, audit_context
from partnernet.api.routers._common import READ, WRITE, IssueQuery, Limit, Offset, ProvinceQuery
from partnernet.api.schemas import (
    NodeOut,
    Page,
    ProposalDetail,
    RelationshipOut,
    node_out,
    page,
    relationship_out,
)
from partnernet.graph.model import NodeKind, ProposalStatus, RelType
from partnernet.service import records

router = APIRouter(prefix="/proposals", tags=["proposals"], responses=READ)
_PROPOSAL = (NodeKind.PROPOSAL,)


@router.get("", response_model=Page[NodeOut], summary="List proposals")
def list_proposals(
    state: StateDep,
    _: Viewer,
    province: ProvinceQuery = None,
    status: ProposalStatus | None = None,
    issue: IssueQuery = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    found = records.list_proposals(state.store, province=province, status=status, issue=issue)
    return page([node_out(p) for p in found[offset : offset + limit]], len(found), limit, offset)


@router.post(
    "",
    response_model=NodeOut,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Create a proposal",
)
def create_proposal(
    body: ProposalCreate, state: StateDep, who: Editor, response: Response
) -> dict[str, Any]:
    """`proposed_by` and `submitted_to` are organisation ids (or exact names)."""
    values = body.model_dump(exclude_none=True, mode="json")
    for name in ("proposed_by", "submitted_to", "issues"):
        values[name] = ";".join(getattr(body, name))
    context = audit_context(who, "POST /api/v1/proposals")
    node = records.create_proposal(state.store, {k: str(v) for k, v in values.items()}, context)
    response.headers["Location"] = f"/api/v1{router.prefix}/{quote(node.id, safe=':')}"
    return node_out(node)


@router.post(
    "/{proposal_id:path}/status",
    response_model=NodeOut,
    responses=WRITE,
    summary="Change a proposal's status",
)
def change_status(
    proposal_id: str, body: StatusChange, state: StateDep, who: Editor
) -> dict[str, Any]:
    context = audit_context(who, f"POST /api/v1/proposals/{proposal_id}/status")
    node = records.set_proposal_status(state.store, proposal_id, body.status, context)
    return node_out(node)


@router.post(
    "/{proposal_id:path}/responses",
    response_model=RelationshipOut,
    responses=WRITE,
    summary="Record an organisation's response",
)
def record_response(
    proposal_id: str, body: ResponseIn, state: StateDep, who: Editor
) -> dict[str, Any]:
    """Sets the status and response date on the proposal's SUBMITTED_TO relationship to the
    organisation (creating it when the proposal had not been recorded as submitted there)."""
    rel = records.record_response(
        state.store,
        proposal_id,
        body.organization,
        body.status,
        responded_on=body.responded_on,
        submitted_on=body.submitted_on,
        context=audit_context(who, f"POST /api/v1/proposals/{proposal_id}/responses"),
    )
    return relationship_out(rel)


@router.get(
    "/{proposal_id:path}",
    response_model=ProposalDetail,
    responses={404: WRITE[404]},
    summary="One proposal with who raised it and who answered",
)
def get_proposal(proposal_id: str, state: StateDep, _: Viewer) -> dict[str, Any]:
    node = records.get_node(state.store, proposal_id, _PROPOSAL, "proposal")
    links = records.links(state.store, proposal_id)
    submissions = [
        {
            "organization": n.node.id,
            "on": n.relationship.on,
            "status": n.relationship.status.value if n.relationship.status else None,
            "responded_on": n.relationship.responded_on,
        }
        for n in links
        if n.relationship.type is RelType.SUBMITTED_TO and n.direction == "out"
    ]
    return {
        **node_out(node),
        "proposed_by": [n.node.id for n in links if n.relationship.type is RelType.PROPOSED],
        "submissions": submissions,
        "issues": sorted(
            str(getattr(n.node, "code", n.node.id))
            for n in links
            if n.relationship.type is RelType.CONCERNS
        ),
    }
