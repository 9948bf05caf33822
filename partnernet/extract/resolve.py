"""Entity resolution across reports: the same organisation or person is one node.

Organisations meet when they have the same id, or share a name or alias (acronyms included,
compared with :func:`report_text.compact_key`), *and* are compatible: the same kind, types
that agree (or one of them unknown / ``other``), and provinces that agree (or one unknown).
A shared name between incompatible organisations is reported as a :class:`Conflict` and the
two are kept apart. Within a group the most specific record gives the id (a known type beats
``other``, a province beats none); names become aliases and empty fields are filled in.

People meet by their full name (the id). A title of the other gender (นาย / นาง, นางสาว) keeps
them apart (a conflict); other differences -- title, organisation, role -- are merged and
reported, since roles change between reports.

The extractions are returned rewritten (ids, names and fields harmonised), so that their
graphs can simply be written together.
"""

from __future__ import annotations

from collections.abc import Sequence

from partnernet.extract.facts import (
    Conflict,
    ExtractedOrganization,
    ExtractedPerson,
    Extraction,
)
from partnernet.extract.sentences import compact_key
from partnernet.graph.model import NodeKind, make_id

_GENDER = {"นาย": "m", "นาง": "f", "นางสาว": "f", "น.ส.": "f"}


class _Sets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _keys(org: ExtractedOrganization) -> set[str]:
    return {compact_key(n) for n in (org.name, *org.aliases) if len(n) >= 2}


def _incompatible(a: ExtractedOrganization, b: ExtractedOrganization) -> str | None:
    if a.id == b.id:
        return None
    if a.kind != b.kind:
        return "kind"
    if a.type not in (None, "other") and b.type not in (None, "other") and a.type != b.type:
        return "type"
    if a.province and b.province and a.province != b.province:
        return "province"
    return None


def _specificity(org: ExtractedOrganization) -> tuple[int, int, int]:
    return (org.type not in (None, "other"), org.province is not None, len(org.evidence))


def resolve_across_documents(
    extractions: Sequence[Extraction],
) -> tuple[list[Extraction], list[Conflict]]:
    """One entity per organisation and person across ``extractions`` (see module docstring).

    Returns rewritten copies of the extractions and the conflicts found."""
    docs = [e.model_copy(deep=True) for e in extractions]
    conflicts: list[Conflict] = []
    remap_org = _resolve_orgs(docs, conflicts)
    remap_person = _resolve_people(docs, conflicts)
    for doc in docs:
        _rewrite(doc, remap_org.get(doc.source_id, {}), remap_person.get(doc.source_id, {}))
    return docs, conflicts


def _resolve_orgs(docs: list[Extraction], conflicts: list[Conflict]) -> dict[str, dict[str, str]]:
    items = [(d, o) for d in docs for o in d.organizations]
    sets = _Sets(len(items))
    by_key: dict[str, list[int]] = {}
    for i, (_, org) in enumerate(items):
        for key in {org.id, *_keys(org)}:
            by_key.setdefault(key, []).append(i)
    reported: set[tuple[str, str]] = set()
    for members in by_key.values():
        for j in members[1:]:
            i = members[0]
            (da, a), (db, b) = items[i], items[j]
            why = _incompatible(a, b)
            if why is None:
                sets.union(i, j)
            elif (a.id, b.id) not in reported and da.source_id != db.source_id:
                reported.add((a.id, b.id))
                conflicts.append(_org_conflict(why, a, b, da.source_id, db.source_id))
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(sets.find(i), []).append(i)
    remap: dict[str, dict[str, str]] = {}
    for members in groups.values():
        orgs = [items[i][1] for i in members]
        best = max(orgs, key=_specificity)
        merged = best.model_copy(deep=True)
        for org in orgs:
            for field in ("name_en", "province", "province_name", "district", "subdistrict",
                          "region", "level", "tier", "parent"):  # fmt: skip
                if getattr(merged, field) is None and getattr(org, field) is not None:
                    setattr(merged, field, getattr(org, field))
        names = {a for o in orgs for a in (o.name, *o.aliases)}
        merged.aliases = sorted(n for n in names if n != merged.name)
        for i in members:
            doc, org = items[i]
            remap.setdefault(doc.source_id, {})[org.id] = merged.id
            replacement = merged.model_copy(update={"evidence": org.evidence})
            doc.organizations[doc.organizations.index(org)] = replacement
    return remap


def _org_conflict(
    why: str, a: ExtractedOrganization, b: ExtractedOrganization, sa: str, sb: str
) -> Conflict:
    values = {
        "kind": (a.kind, b.kind),
        "type": (a.type, b.type),
        "province": (a.province, b.province),
    }[why]
    return Conflict(
        kind="organization",
        field=why,
        ids=[a.id, b.id],
        names=[a.name, b.name],
        values=list(values),
        sources=[sa, sb],
        resolution="kept_apart",
        message=(
            f"{a.name!r} ({sa}) and {b.name!r} ({sb}) share a name but differ in {why} "
            f"({values[0]} / {values[1]}): kept as two organisations"
        ),
    )


def _resolve_people(docs: list[Extraction], conflicts: list[Conflict]) -> dict[str, dict[str, str]]:
    remap: dict[str, dict[str, str]] = {}
    first: dict[str, tuple[Extraction, int]] = {}
    for doc in docs:
        for idx, person in enumerate(doc.people):
            seen = first.get(person.id)
            if seen is None:
                first[person.id] = (doc, idx)
                continue
            other_doc, other_idx = seen
            other = other_doc.people[other_idx]
            g1, g2 = _GENDER.get(other.title or ""), _GENDER.get(person.title or "")
            if g1 and g2 and g1 != g2:
                new_id = make_id(NodeKind.PERSON, f"{person.name} {doc.source_id}")
                remap.setdefault(doc.source_id, {})[person.id] = new_id
                conflicts.append(_person_conflict("title", other, person, other_doc, doc,
                                                  "kept_apart"))  # fmt: skip
                continue
            if other.title != person.title and other.title and person.title:
                conflicts.append(_person_conflict("title", other, person, other_doc, doc,
                                                  "merged"))  # fmt: skip
            if (
                other.organization_id
                and person.organization_id
                and other.organization_id != person.organization_id
            ):
                conflicts.append(_person_conflict("organization", other, person, other_doc,
                                                  doc, "merged"))  # fmt: skip
    return remap


def _person_conflict(
    field: str,
    a: ExtractedPerson,
    b: ExtractedPerson,
    da: Extraction,
    db: Extraction,
    resolution: str,
) -> Conflict:
    va, vb = getattr(a, field), getattr(b, field)
    what = "kept as two people" if resolution == "kept_apart" else "merged into one person"
    return Conflict(
        kind="person",
        field=field,
        ids=[a.id, b.id],
        names=[a.name, b.name],
        values=[va, vb],
        sources=[da.source_id, db.source_id],
        resolution=resolution,
        message=f"{a.name!r} has {field} {va!r} in {da.source_id} and {vb!r} in "
        f"{db.source_id}: {what}",
    )


def _rewrite(doc: Extraction, orgs: dict[str, str], people: dict[str, str]) -> None:
    def o(i: str | None) -> str | None:
        return orgs.get(i, i) if i else i

    for person in doc.people:
        person.organization_id = o(person.organization_id)
        for held in person.roles:
            held.organization_id = o(held.organization_id)
        person.id = people.get(person.id, person.id)
    for org in doc.organizations:
        org.parent = o(org.parent)
    for event in doc.events:
        event.organisers = [orgs.get(i, i) for i in event.organisers]
        event.participants = [orgs.get(i, i) for i in event.participants]
        event.speakers = [people.get(i, i) for i in event.speakers]
        event.attendees = [people.get(i, i) for i in event.attendees]
    for part in doc.partnerships:
        part.source, part.target = (
            orgs.get(part.source, part.source),
            orgs.get(part.target, part.target),
        )
    # one entry per id (two extracted names may have become one organisation)
    seen: dict[str, ExtractedOrganization] = {}
    for org in doc.organizations:
        if org.id in seen:
            seen[org.id].evidence.extend(org.evidence)
        else:
            seen[org.id] = org
    doc.organizations = list(seen.values())
