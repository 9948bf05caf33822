"""The audit trail: who changed which record, when, from where, and what it was before.

An `AuditEntry` is written by the service layer for every node or relationship a write path
created or changed (the web forms, the JSON API, the CLI, an ingested file). The store only
keeps entries and lists them (`GraphAudit`); it never builds them, so both backends hold the
very same entries and the contract suite can compare them field for field.

`before` / `after` hold only the changed properties (a property absent on one side did not
exist there): a created record has `before = None`, a deleted one `after = None`. Undoing an
entry restores `before` through `GraphAudit.restore_node` / `restore_relationship`, which
replace a record's properties exactly (an upsert could not remove a property or an alias).

Entries are ordered newest first: by `at` (an ISO UTC timestamp with microseconds, so string
order is time order), then by `id`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from partnernet.graph.model import Node, NodeKind, Relationship, RelType


class AuditLabel(StrEnum):
    """The store label of audit entries (Neo4j: a node label in no `NodeKind`, so graph reads,
    stats and exports pass them by)."""

    ENTRY = "PartnernetAudit"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class AuditEntry(BaseModel):
    """One change of one record."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100)
    at: str = Field(description="when, ISO 8601 UTC with microseconds")
    who: str = Field(max_length=200)
    source: str = Field(max_length=500, description="the page, API route, command or file")
    action: AuditAction
    kind: str = Field(description="the node kind, or the relationship type")
    node_id: str | None = None
    rel_source: str | None = None
    rel_target: str | None = None
    nodes: list[str] = Field(default_factory=list, description="ids it is listed under")
    provinces: list[str] = Field(default_factory=list, description="province codes likewise")
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    undoes: str | None = Field(default=None, description="the entry this one undid")

    @property
    def is_relationship(self) -> bool:
        return self.node_id is None

    @property
    def rel_type(self) -> RelType:
        return RelType(self.kind)

    @property
    def node_kind(self) -> NodeKind:
        return NodeKind(self.kind)

    @property
    def label(self) -> str:
        if self.node_id is not None:
            return self.node_id
        return f"({self.rel_source})-[:{self.kind}]->({self.rel_target})"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_NOT_DIGITS = str.maketrans("", "", "-:.TZ")


def new_entry_id(at: str) -> str:
    """Sortable by time, unique without a counter (two writers may add at once)."""
    return f"{at.translate(_NOT_DIGITS)}-{secrets.token_hex(4)}"


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) restricted to the properties that differ; a property missing on a side
    is missing from that side's dict."""
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return (
        {k: before[k] for k in keys if k in before},
        {k: after[k] for k in keys if k in after},
    )


@runtime_checkable
class GraphAudit(Protocol):
    """What a store keeps of the audit trail, and the exact writes an undo needs."""

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Keep these entries (ids are unique; the caller builds them). Not part of the graph:
        does not move `data_version`; `clear()` deletes them."""

    def audit_page(
        self,
        *,
        node_id: str | None = None,
        province_code: str | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, list[AuditEntry]]:
        """(how many entries match, one page of them), newest first (`at`, then `id`,
        descending); `node_id` / `province_code` keep entries listing it in `nodes` /
        `provinces`."""

    def get_audit(self, entry_id: str) -> AuditEntry | None: ...

    def get_nodes(self, ids: Sequence[str]) -> dict[str, Node]:
        """The nodes with these ids that exist (one round trip per batch): what a write is
        about to change, read before it, so its audit entry can say what it was."""

    def get_relationships(
        self, keys: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Relationship]:
        """The relationships with these `(type, source, target)` keys that exist, likewise."""

    def restore_node(self, kind: NodeKind, node_id: str, props: Mapping[str, Any] | None) -> None:
        """Give the node exactly `props` (created if missing), or delete it when `props` is
        None; a node that still has relationships is not deleted (`Conflict`). Moves
        `data_version` on."""

    def restore_relationship(
        self, type_: RelType, source: str, target: str, props: Mapping[str, Any] | None
    ) -> None:
        """Give the relationship exactly `props` (created if missing; both ends must exist,
        else `NotFound`), or delete it when `props` is None. Moves `data_version` on."""
