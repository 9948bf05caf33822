"""What the web forms do: add or edit an organisation, add or edit a tie; errors per form field.

Every value goes through the ingest's own row conversion (`ingest.rows.convert_row`, the code a
spreadsheet row goes through), so a form accepts exactly what a file would (Thai kind words,
areas by code or any name, issues by code or name, Thai dates) and refuses it with the same
reasons; a `RowError` names the template field, which the page shows beside that field.

Creating goes through `records.create_organization`. Editing sets the organisation to exactly
what the form holds (a removed alias or issue goes, a changed area moves the LOCATED_IN tie),
which an upsert cannot do (it only adds): the node is restored to the new properties and the
ties that no longer hold are deleted, each change recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from partnernet.foundation.errors import Conflict, InvalidInput, NotFound
from partnernet.graph.audit import AuditAction, changed_fields, new_entry_id, now_iso
from partnernet.graph.audit import AuditEntry as _Entry
from partnernet.graph.model import (
    ORGANIZATION_KINDS,
    Node,
    NodeKind,
    Relationship,
    RelType,
)
from partnernet.graph.store import GraphStore
from partnernet.ingest.cells import RowError
from partnernet.ingest.rows import convert_row
from partnernet.ingest.tabular import FIELDS, TableKind
from partnernet.service import records
from partnernet.service.audit import AuditContext, audited
from partnernet.service.peer_changes import recorded

# The form's fields: the organisations template's columns but the id (the page gives it), the
# tier and the source reference (not asked in a form), in the template's order.
ORG_FIELDS = tuple(
    f for f in FIELDS[TableKind.ORGANIZATIONS] if f not in ("id", "tier", "source_ref")
)
TIE_FIELDS = ("type", "other", "form", "since", "until")
# What editing a tie changes (its ends and type are its identity).
_TIE_EDITABLE = ("form", "since", "until")
# Ties between organisations a planner records by hand.
TIE_TYPES = (RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS)
# The ties an organisation's own row makes (area and issues): the edit form owns them.
_ROW_TIES = (RelType.LOCATED_IN, RelType.WORKS_ON)
_KIND_WORDS = {
    NodeKind.COUNCIL: "council",
    NodeKind.COMMUNITY_ORGANIZATION: "community_organization",
    NodeKind.AGENCY: "agency",
    NodeKind.CIVIL_SOCIETY_GROUP: "civil_society_group",
    NodeKind.ACADEMIC: "academic",
    NodeKind.PRIVATE_SECTOR: "private_sector",
}
KIND_CHOICES = tuple(_KIND_WORDS.values())


class FieldErrors(InvalidInput):
    """What is wrong with a form, by field (the form's field names)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def _field(column: str, fields: tuple[str, ...]) -> str:
    if column == "tier":  # an agency's tier is given in the level field
        return "level"
    if column in ("source", "target"):
        return "other"
    return column if column in fields else "_form"


def _clean(values: Mapping[str, str], fields: tuple[str, ...]) -> dict[str, str]:
    return {k: str(values.get(k) or "").strip() for k in fields}


def kind_word(kind: NodeKind) -> str:
    return _KIND_WORDS[kind]


def form_values(store: GraphStore, node: Node) -> dict[str, str]:
    """An organisation as its edit form shows it (the template's fields)."""
    props = node.to_props()
    ties = store.neighbours(node.id, [RelType.WORKS_ON], "out")
    level = props.get("level") or props.get("tier") or ""
    return {
        "kind": kind_word(node.kind),
        "name_th": node.name_th,
        "name_en": node.name_en or "",
        "type": str(props.get("type") or ""),
        "level": str(level),
        "province": str(props.get("province_code") or ""),
        "district": str(props.get("district_code") or ""),
        "subdistrict": str(props.get("subdistrict_code") or ""),
        "issues": "; ".join(str(getattr(t.node, "code", t.node.id)) for t in ties),
        "aliases": "; ".join(node.aliases),
    }


def create_organization(
    store: GraphStore, values: Mapping[str, str], context: AuditContext
) -> Node:
    row = _clean(values, ORG_FIELDS)
    try:
        return records.create_organization(store, row, context)
    except RowError as exc:
        raise FieldErrors({_field(exc.column, ORG_FIELDS): exc.reason}) from None
    except records.ExistsError as exc:
        raise FieldErrors({"name_th": str(exc)}) from None


def _audit_entry(context: AuditContext, action: AuditAction, kind: str, **fields: Any) -> _Entry:
    at = now_iso()
    return _Entry(
        id=new_entry_id(at),
        at=at,
        who=context.who,
        source=context.source,
        action=action,
        kind=kind,
        **fields,
    )


@recorded  # says which provinces it touched (service/peer_changes.py)
def edit_organization(
    store: GraphStore, org_id: str, values: Mapping[str, str], context: AuditContext
) -> Node:
    """Set an organisation to exactly what its form holds (see the module docstring)."""
    node = records.get_node(store, org_id, ORGANIZATION_KINDS, "organisation")
    row = _clean(values, ORG_FIELDS)
    row["kind"] = kind_word(node.kind)  # the kind is part of the id: it is not edited
    row["id"] = org_id
    try:
        converted = convert_row(TableKind.ORGANIZATIONS, {k: v for k, v in row.items() if v})
    except RowError as exc:
        raise FieldErrors({_field(exc.column, ORG_FIELDS): exc.reason}) from None
    new = next(n for n in converted.nodes if n.id == org_id)
    if new.kind is not node.kind:
        raise Conflict(f"{org_id!r} is a {node.kind.value}")
    before = node.to_props()
    after = new.to_props()
    if node.source_ids:
        after["source_ids"] = node.source_ids  # provenance is not the form's to change
    entries: list[_Entry] = []
    province = after.get("province_code") or before.get("province_code")
    listed = {"nodes": [org_id], "provinces": [province] if province else []}
    if after != before:
        store.restore_node(node.kind, org_id, after)
        old, changed = changed_fields(before, after)
        entries.append(
            _audit_entry(
                context,
                AuditAction.UPDATE,
                node.kind.value,
                node_id=org_id,
                before=old,
                after=changed,
                **listed,
            )
        )
    # The places and issues the row names (created if new), and its ties to them.
    writer = audited(store, context)
    others = [n for n in converted.nodes if n.id != org_id]
    problems = writer.upsert_nodes(others).rejected
    problems += writer.upsert_relationships(converted.rels).rejected
    if problems:
        raise InvalidInput(problems[0].reason)
    wanted = {rel.key for rel in converted.rels}
    for tie in store.neighbours(org_id, list(_ROW_TIES), "out"):
        rel = tie.relationship
        if rel.key in wanted:
            continue
        store.restore_relationship(rel.type, rel.source, rel.target, None)
        entries.append(
            _audit_entry(
                context,
                AuditAction.DELETE,
                rel.type.value,
                rel_source=rel.source,
                rel_target=rel.target,
                before=rel.to_props(),
                nodes=[rel.source, rel.target],  # under both ends, as every tie entry
                provinces=listed["provinces"],
            )
        )
    if entries:
        store.add_audit(entries)
    return records.get_node(store, org_id)


def add_tie(
    store: GraphStore, org_id: str, values: Mapping[str, str], context: AuditContext
) -> Relationship:
    """A tie from the organisation to the one `other` names (an id, or a name matching one
    organisation), checked as a relationships row would be."""
    from partnernet.service.decisions import resolve_organisation

    records.get_node(store, org_id, ORGANIZATION_KINDS, "organisation")
    form = _clean(values, TIE_FIELDS)
    if not form["other"]:
        raise FieldErrors({"other": "choose the organisation at the other end"})
    try:
        other = resolve_organisation(store, form["other"])
    except InvalidInput as exc:
        raise FieldErrors({"other": str(exc)}) from None
    if form["type"] not in {t.value for t in TIE_TYPES}:
        choices = ", ".join(t.value for t in TIE_TYPES)
        raise FieldErrors({"type": f"choose one of {choices}"})
    rel = _tie_row(org_id, other, form)
    try:
        return records.write_relationship(store, rel, context)
    except InvalidInput as exc:
        raise FieldErrors({"type": str(exc)}) from None


def _tie_row(source: str, target: str, form: Mapping[str, str]) -> Relationship:
    """The tie a relationships row with the form's values would make (its checks, its errors)."""
    row = {"source": source, "target": target}
    row.update({k: form[k] for k in ("type", *_TIE_EDITABLE)})
    try:
        converted = convert_row(TableKind.RELATIONSHIPS, {k: v for k, v in row.items() if v})
    except RowError as exc:
        raise FieldErrors({_field(exc.column, TIE_FIELDS): exc.reason}) from None
    return next(r for r in converted.rels if r.type.value == form["type"])


def tie_values(rel: Relationship) -> dict[str, str]:
    """A tie as its edit form shows it (the other end and the type are fixed)."""
    props = rel.to_props()
    return {"type": rel.type.value, **{k: str(props.get(k) or "") for k in _TIE_EDITABLE}}


def get_tie(store: GraphStore, type_: str, source: str, target: str) -> Relationship:
    """A tie the forms may edit (`NotFound` otherwise)."""
    if type_ not in {t.value for t in TIE_TYPES}:
        raise NotFound(f"no editable tie of type {type_!r}")
    return records.get_relationship(store, RelType(type_), source, target)


@recorded  # says which provinces it touched (service/peer_changes.py)
def edit_tie(
    store: GraphStore,
    type_: str,
    source: str,
    target: str,
    values: Mapping[str, str],
    context: AuditContext,
) -> Relationship:
    """Set a tie's form, since and until to exactly what the form holds (an empty field
    clears it; ending a partnership is setting `until`), checked as add_tie checks them; its
    other properties (provenance, notes) stay. One audit entry, before/after, undoable."""
    current = get_tie(store, type_, source, target)
    form = {**_clean(values, TIE_FIELDS), "type": type_}
    new = _tie_row(source, target, form).to_props()
    before = current.to_props()
    after = {k: v for k, v in before.items() if k not in _TIE_EDITABLE}
    after.update({k: v for k, v in new.items() if k in _TIE_EDITABLE})
    if after != before:
        store.restore_relationship(current.type, source, target, after)
        old, changed = changed_fields(before, after)
        codes = [getattr(store.get_node(end), "province_code", None) for end in (source, target)]
        store.add_audit(
            [
                _audit_entry(
                    context,
                    AuditAction.UPDATE,
                    current.type.value,
                    rel_source=source,
                    rel_target=target,
                    before=old,
                    after=changed,
                    nodes=list(dict.fromkeys((source, target))),
                    provinces=sorted({c for c in codes if c}),
                )
            ]
        )
    return records.get_relationship(store, current.type, source, target)
