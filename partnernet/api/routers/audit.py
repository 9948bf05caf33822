"""/api/v1/audit: the audit trail of edits (per organisation or province) and undoing an entry.

The same service as `partnernet audit` and the web pages' change lists (`service/audit.py`).
Editors only: the trail names who changed what.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from partnernet.api.deps import Editor, StateDep, audit_context
from partnernet.api.routers._common import READ, WRITE, Limit, Offset, ProvinceQuery
from partnernet.api.schemas import Page, page
from partnernet.service import audit
from partnernet.service.audit import AuditEntry

router = APIRouter(prefix="/audit", tags=["audit"], responses=READ)


@router.get("", response_model=Page[AuditEntry], summary="The audit trail, newest first")
def list_audit(
    state: StateDep,
    _: Editor,
    org: Annotated[
        str | None,
        Query(
            max_length=400,
            description="Only the changes of this record (an organisation's id; its ties too).",
            examples=["council:provincial:40"],
        ),
    ] = None,
    province: ProvinceQuery = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Who changed what, when, from which page, route or file, with the changed fields before
    and after."""
    total, entries = audit.list_audit(
        state.store, org=org, province=province, offset=offset, limit=limit
    )
    return page([e.model_dump(mode="json") for e in entries], total, limit, offset)


@router.post(
    "/{entry_id}/undo",
    response_model=AuditEntry,
    responses=WRITE,
    summary="Undo one change",
)
def undo_entry(entry_id: str, state: StateDep, who: Editor) -> dict[str, Any]:
    """Restores the record as it was before the entry; 409 when it changed since. The undo
    is itself an entry (`undoes` names the one undone), returned here."""
    done = audit.undo(state.store, entry_id, audit_context(who, f"/api/v1/audit/{entry_id}/undo"))
    return done.model_dump(mode="json")
