"""/api/v1/decisions: planners' decisions on suggested partners (list, record, undo).

The same service as `partnernet decide` / `partnernet decisions`: an accepted partner marks
the gap it answers as planned; a rejected one is never suggested again; an undone one is as if
never taken. Viewers read; editors write (the key's name is kept as who decided, unless the
body names someone).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from partnernet.api.deps import Editor, StateDep, Viewer
from partnernet.api.routers._common import READ, WRITE, ProvinceQuery
from partnernet.service import decisions

router = APIRouter(prefix="/decisions", tags=["provinces"], responses=READ)


_COUNCIL = "council:subdistrict:400118"
_SAO = "agency:sao:400118"


class DecisionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": _COUNCIL,
                    "target": _SAO,
                    "decision": "accepted",
                    "note": "agreed at the March meeting",
                }
            ]
        },
    )

    source: str = Field(min_length=1, max_length=400, description="The organisation advised.")
    target: str = Field(min_length=1, max_length=400, description="The suggested partner.")
    decision: Literal["accepted", "rejected"]
    note: str | None = Field(default=None, max_length=2000)
    decided_by: str | None = Field(default=None, max_length=200)
    score: float | None = Field(
        default=None, ge=-1e9, le=1e9, description="Default: the suggestion's current score."
    )


class DecisionUndo(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"source": _COUNCIL, "target": _SAO}]}
    )

    source: str = Field(min_length=1, max_length=400)
    target: str = Field(min_length=1, max_length=400)
    note: str | None = Field(default=None, max_length=2000)
    decided_by: str | None = Field(default=None, max_length=200)


class DecisionRecordOut(BaseModel):
    source: str
    target: str
    decision: str
    status: str = Field(description="planned · realised · lapsed · rejected · undone")
    decided_on: str | None = None
    decided_by: str | None = None
    note: str | None = None
    score: float | None = None
    role: str | None = None
    gap_kind: str | None = None
    province: str | None = None
    tie: dict[str, Any] | None = None
    graph_version: str | None = None


class DecisionList(BaseModel):
    decisions: list[DecisionRecordOut]
    graph_version: str


@router.get("", response_model=DecisionList, summary="Decisions, with what they mean today")
def list_decisions(state: StateDep, _: Viewer, province: ProvinceQuery = None) -> dict[str, Any]:
    found = decisions.list_decisions(state.store, province)
    return {
        "decisions": [r.model_dump(mode="json") for r in found],
        "graph_version": state.graph_version(),
    }


@router.post(
    "",
    response_model=DecisionRecordOut,
    status_code=status.HTTP_201_CREATED,
    responses=WRITE,
    summary="Accept or reject a suggested partner",
)
def create_decision(body: DecisionCreate, state: StateDep, who: Editor) -> dict[str, Any]:
    found = decisions.decide(
        state.store,
        body.source,
        body.target,
        body.decision,
        note=body.note,
        decided_by=body.decided_by or who.name,
        score=body.score,
        decided_on=state.today(),
    )
    return {**found.model_dump(mode="json"), "graph_version": state.graph_version()}


@router.post(
    "/undo",
    response_model=DecisionRecordOut,
    responses=WRITE,
    summary="Take a decision back",
)
def undo_decision(body: DecisionUndo, state: StateDep, who: Editor) -> dict[str, Any]:
    found = decisions.decide(
        state.store,
        body.source,
        body.target,
        decisions.UNDO,
        note=body.note,
        decided_by=body.decided_by or who.name,
        decided_on=state.today(),
    )
    return {**found.model_dump(mode="json"), "graph_version": state.graph_version()}
