"""The audit trail of edits: recording every write, listing, and undoing (CLI, API and pages).

Every write path of the service layer (`records.py`: the forms and the JSON API; `ingest.py`:
a loaded file) writes through `audited(store, context)`, a store whose upserts also record one
`AuditEntry` per node or relationship they created or changed: who, when, from where (a page,
an API route, a command, a file name), and the changed fields before and after. Unchanged
rows and rejected rows record nothing.

The entry is written right after the batch it describes (not in the same transaction: the
store's upserts know no audit); a crash between the two loses the entries of one batch.

Undo restores an entry's `before` exactly (`GraphAudit.restore_node` / `restore_relationship`)
and is refused (`Conflict`) when the record changed since the entry (its changed fields no
longer hold the entry's `after`). An undo is itself an entry (`undoes` names the one undone),
so it can be undone in turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any, TypeVar

from partnernet.foundation import geography
from partnernet.foundation.errors import Conflict, InvalidInput, NotFound
from partnernet.graph.audit import (
    AuditAction,
    AuditEntry,
    changed_fields,
    new_entry_id,
    now_iso,
)
from partnernet.graph.model import Node, Relationship, node_from_props
from partnernet.graph.store import GraphStore, WriteReport, merge_props, rel_label
from partnernet.service.peer_changes import recorded

__all__ = [
    "AuditContext",
    "AuditEntry",
    "AuditedStore",
    "audited",
    "list_audit",
    "undo",
]

T = TypeVar("T")
# The optional fields of an entry (model_construct fills in no defaults of its own).
_ENTRY_DEFAULTS: dict[str, Any] = {
    "node_id": None,
    "rel_source": None,
    "rel_target": None,
    "nodes": [],
    "provinces": [],
    "before": None,
    "after": None,
    "undoes": None,
}


# Writes made without saying who (scripts calling the service directly).
UNNAMED = "partnernet"


@dataclass(frozen=True)
class AuditContext:
    """Who writes, and from where (a page path, an API route, a command, a file name)."""

    who: str
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "who", self.who[:200] or "unknown")
        object.__setattr__(self, "source", self.source[:500] or "unknown")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, max(size, 1))):
        yield chunk


class AuditedStore:
    """A store whose upserts record what they did (see the module docstring); every other
    call goes to the store as it is."""

    def __init__(self, store: GraphStore, context: AuditContext) -> None:
        self.store = store
        self.context = context
        # Province codes of the nodes this writer has seen: a load writes its nodes before
        # its ties, so most tie ends are known without a read.
        self._provinces: dict[str, str | None] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def _entry(self, action: AuditAction, kind: str, **fields: Any) -> AuditEntry:
        at = now_iso()
        # Built from values made here (not user input): constructed without re-validation,
        # a third of a load's audit cost.
        values: dict[str, Any] = dict(_ENTRY_DEFAULTS)
        values.update(fields)
        return AuditEntry.model_construct(
            id=new_entry_id(at),
            at=at,
            who=self.context.who,
            source=self.context.source,
            action=action,
            kind=kind,
            **values,
        )

    def _province(self, node_id: str, cache: dict[str, str | None]) -> str | None:
        if node_id not in cache:
            node = self.store.get_node(node_id)
            cache[node_id] = getattr(node, "province_code", None) if node else None
        return cache[node_id]

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = 1000) -> WriteReport:
        report = WriteReport()
        for batch in _chunks(nodes, batch_size):
            stored = self.store.get_nodes([node.id for node in batch])  # one read a batch
            state = {node_id: found.to_props() for node_id, found in stored.items()}
            done = self.store.upsert_nodes(batch, len(batch))
            refused = {r.item for r in done.rejected}
            entries: list[AuditEntry] = []
            for node in batch:
                if node.id in refused:
                    continue
                incoming = node.to_props()
                before = state.get(node.id)
                after = incoming if before is None else merge_props(before, incoming)
                state[node.id] = after
                province = after.get("province_code")
                self._provinces[node.id] = province
                listed = {"nodes": [node.id], "provinces": [province] if province else []}
                if before is None:
                    entries.append(
                        self._entry(
                            AuditAction.CREATE,
                            node.kind.value,
                            node_id=node.id,
                            after=after,
                            **listed,
                        )
                    )
                elif after != before:
                    old, new = changed_fields(before, after)
                    entries.append(
                        self._entry(
                            AuditAction.UPDATE,
                            node.kind.value,
                            node_id=node.id,
                            before=old,
                            after=new,
                            **listed,
                        )
                    )
            if entries:
                self.store.add_audit(entries)
            report.add(done)
        return report

    def upsert_relationships(
        self, rels: Iterable[Relationship], batch_size: int = 1000
    ) -> WriteReport:
        report = WriteReport()
        provinces = self._provinces
        for batch in _chunks(rels, batch_size):
            stored = self.store.get_relationships([rel.key for rel in batch])
            state: dict[tuple[str, str, str], dict[str, Any] | None] = {
                key: found.to_props() for key, found in stored.items()
            }
            unseen = {end for rel in batch for end in (rel.source, rel.target)} - set(provinces)
            for node_id, node in self.store.get_nodes(sorted(unseen)).items():
                provinces[node_id] = getattr(node, "province_code", None)
            done = self.store.upsert_relationships(batch, len(batch))
            refused = {r.item for r in done.rejected}
            entries: list[AuditEntry] = []
            for rel in batch:
                if rel_label(rel) in refused:
                    continue
                incoming = rel.to_props()
                before = state.get(rel.key)
                after = incoming if before is None else merge_props(before, incoming)
                state[rel.key] = after
                if before is not None and after == before:
                    continue
                ends = [rel.source, rel.target]
                codes = [self._province(end, provinces) for end in ends]
                old, new = (None, after) if before is None else changed_fields(before, after)
                entries.append(
                    self._entry(
                        AuditAction.CREATE if before is None else AuditAction.UPDATE,
                        rel.type.value,
                        rel_source=rel.source,
                        rel_target=rel.target,
                        nodes=list(dict.fromkeys(ends)),
                        provinces=sorted({c for c in codes if c}),
                        before=old,
                        after=new,
                    )
                )
            if entries:
                self.store.add_audit(entries)
            report.add(done)
        return report


def audited(store: GraphStore, context: AuditContext) -> GraphStore:
    """`store`, recording its writes under `context` (already audited: the new context)."""
    base = store.store if isinstance(store, AuditedStore) else store
    wrapped: GraphStore = AuditedStore(base, context)
    return wrapped


def with_source(store: GraphStore, source: str) -> GraphStore:
    """The same auditing with another source (e.g. each file of a load)."""
    if isinstance(store, AuditedStore):
        return audited(store.store, replace(store.context, source=source))
    return store


# ----------------------------------------------------------------------------- reading


def list_audit(
    store: GraphStore,
    *,
    org: str | None = None,
    province: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[int, list[AuditEntry]]:
    """(how many entries, one page), newest first: of one record (`org`: a node id), of a
    province (any of its names or its code), or all."""
    if offset < 0 or not 1 <= limit <= 500:
        raise InvalidInput("offset must be >= 0 and limit between 1 and 500")
    code = geography.resolve_province(province).code if province else None
    return store.audit_page(node_id=org or None, province_code=code, offset=offset, limit=limit)


def get_entry(store: GraphStore, entry_id: str) -> AuditEntry:
    entry = store.get_audit(entry_id)
    if entry is None:
        raise NotFound(f"no audit entry with id {entry_id!r}")
    return entry


# ----------------------------------------------------------------------------- undoing


def _current(store: GraphStore, entry: AuditEntry) -> dict[str, Any] | None:
    if entry.node_id is not None:
        node = store.get_node(entry.node_id)
        return node.to_props() if node else None
    assert entry.rel_source is not None and entry.rel_target is not None
    rel = store.get_relationship(entry.rel_type, entry.rel_source, entry.rel_target)
    return rel.to_props() if rel else None


def _changed_since(entry: AuditEntry, current: Mapping[str, Any] | None) -> bool:
    if entry.after is None:  # deleted: still absent?
        return current is not None
    if current is None:
        return True
    keys = set(entry.after) | set(entry.before or {})
    if entry.action is AuditAction.CREATE:
        keys = set(entry.after) | set(current)  # created: exactly as created
    return any(current.get(k) != entry.after.get(k) for k in keys)


@recorded  # says which provinces it touched (service/peer_changes.py)
def undo(store: GraphStore, entry_id: str, context: AuditContext) -> AuditEntry:
    """Restore what `entry_id` changed to how it was before; returns the new entry recording
    the undo. `Conflict` when the record changed since the entry."""
    entry = get_entry(store, entry_id)
    current = _current(store, entry)
    if _changed_since(entry, current):
        raise Conflict(
            f"{entry.label} changed after this entry ({entry.at}); undo the later changes "
            "first, or edit it by hand"
        )
    if entry.action is AuditAction.CREATE:
        restored: dict[str, Any] | None = None
    elif entry.action is AuditAction.DELETE:
        restored = dict(entry.before or {})
    else:
        assert current is not None
        restored = dict(current)
        for key in set(entry.after or {}) | set(entry.before or {}):
            if entry.before is not None and key in entry.before:
                restored[key] = entry.before[key]
            else:
                restored.pop(key, None)
    if entry.node_id is not None:
        if restored is not None:  # validate before writing anything
            node_from_props(entry.node_kind, {**restored, "id": entry.node_id})
        try:
            store.restore_node(entry.node_kind, entry.node_id, restored)
        except Conflict as exc:
            raise Conflict(f"{exc} (undo the changes that made them first)") from None
    else:
        assert entry.rel_source is not None and entry.rel_target is not None
        if restored is not None:
            Relationship.from_props(entry.rel_type, entry.rel_source, entry.rel_target, restored)
        store.restore_relationship(entry.rel_type, entry.rel_source, entry.rel_target, restored)
    if restored is None:
        action, before, after = AuditAction.DELETE, current, None
    elif current is None:
        action, before, after = AuditAction.CREATE, None, restored
    else:
        action = AuditAction.UPDATE
        before, after = changed_fields(current, restored)
    at = now_iso()
    done = AuditEntry(
        id=new_entry_id(at),
        at=at,
        who=context.who,
        source=context.source,
        action=action,
        kind=entry.kind,
        node_id=entry.node_id,
        rel_source=entry.rel_source,
        rel_target=entry.rel_target,
        nodes=entry.nodes,
        provinces=entry.provinces,
        before=before,
        after=after,
        undoes=entry.id,
    )
    store.add_audit([done])
    return done
