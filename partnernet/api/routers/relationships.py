"""/api/v1/relationships: a node's relationships, and writing one."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status

from partnernet.api.bodies import RelationshipCreate
from partnernet.api.deps import Editor, StateDep, Viewer, audit_context
from partnernet.api.routers._common import READ, WRITE, Limit, Offset
from partnernet.api.schemas import Page, RelationshipOut, page, relationship_out
from partnernet.graph.model import Relationship, RelType
from partnernet.service import records

router = APIRouter(prefix="/relationships", tags=["relationships"], responses=READ)


@router.get(
    "",
    response_model=Page[RelationshipOut],
    responses={404: WRITE[404]},
    summary="Relationships of a node",
)
def list_relationships(
    state: StateDep,
    _: Viewer,
    node: Annotated[
        str,
        Query(
            min_length=1,
            max_length=400,
            description="A node id.",
            examples=["council:provincial:40"],
        ),
    ],
    type: Annotated[list[RelType] | None, Query(description="Only these types.")] = None,
    direction: Literal["in", "out", "both"] = "both",
    other: Annotated[
        str | None, Query(max_length=400, description="Only those with this node at the other end.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    links = records.links(state.store, node, type, direction)
    if other:
        links = [n for n in links if n.node.id == other]
    items = [relationship_out(n.relationship) for n in links[offset : offset + limit]]
    return page(items, len(links), limit, offset)


@router.post(
    "",
    response_model=RelationshipOut,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Create or update a relationship",
)
def write_relationship(body: RelationshipCreate, state: StateDep, who: Editor) -> dict[str, Any]:
    """Identity is (type, source, target): writing it again merges the properties. Both ends
    must exist and be of kinds the schema allows for the type."""
    data = body.model_dump(exclude_none=True)
    data["type"] = RelType(body.type.value)
    if not data.get("source_ids"):
        data.pop("source_ids", None)
    rel = Relationship.model_validate(data)
    context = audit_context(who, "POST /api/v1/relationships")
    written = records.write_relationship(state.store, rel, context)
    return relationship_out(written)
