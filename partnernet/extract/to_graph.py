"""Extractions → model objects with provenance, and writing them to a store.

Every node and relationship made from a report carries the report's Source id in
``source_ids``; every extracted node (organisations, people, events, proposals, and the
provinces, districts, subdistricts and regions the report names) gets a ``MENTIONED_IN``
relationship to the Source with the offset of its first mention. Geography nodes are reference
data: they are written as the tabular ingest writes them (:func:`rows.area_records`) and are
not given the report's source id.

Writing (:func:`ingest_reports`) resolves entities across the reports given (one node per
organisation or person, see :mod:`report_resolve`) and against the store
(:func:`reconcile_with_store`): what the store already holds -- the same id, one organisation
with exactly this name or alias, one event on the same dates, one proposal with this text --
is written *onto* that node: its curated name, kind and fields are kept, the report adds
aliases and provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from partnernet.extract.facts import ExtractedOrganization, Extraction
from partnernet.extract.reports import extract_file
from partnernet.extract.resolve import resolve_across_documents
from partnernet.extract.review import confident_only
from partnernet.extract.sentences import compact_key
from partnernet.foundation import geography as geo
from partnernet.foundation.errors import InvalidInput
from partnernet.foundation.thai import normalize_key
from partnernet.graph.issues import issue_node
from partnernet.graph.model import (
    ORGANIZATION_KINDS,
    Academic,
    Agency,
    AgencyTier,
    AgencyType,
    CivilSocietyGroup,
    CivilSocietyType,
    CommunityOrganization,
    Council,
    CouncilLevel,
    Event,
    Node,
    NodeKind,
    Organization,
    ParticipationRole,
    PartnershipForm,
    Person,
    PrivateSector,
    Proposal,
    ProposalModel,
    Relationship,
    RelType,
    Source,
    make_id,
)
from partnernet.graph.store import GraphStore
from partnernet.ingest.pipeline import IngestReport, ingest_records
from partnernet.ingest.rows import area_records

_FORM_CONFIDENCE = {"mou": 0.9, "co_organised": 0.8}


def source_node(extraction: Extraction, *, url: str | None = None) -> Source:
    return Source(
        id=make_id(NodeKind.SOURCE, extraction.source_id),
        name_th=extraction.title or extraction.source_id,
        title=extraction.title,
        url=url,
        published_on=extraction.published_on,
        sha256=extraction.sha256,
    )


def extraction_to_graph(
    extraction: Extraction, *, source: Source | None = None
) -> tuple[list[Node], list[Relationship]]:
    """Model objects for one extraction, with provenance (see the module docstring).

    ``source`` overrides the Source node built from the extraction (e.g. to give a URL); its
    ``sha256`` should be the report text's."""
    src = source or source_node(extraction)
    sid = [src.id]
    nodes: dict[str, Node] = {src.id: src}
    rels: dict[tuple[str, str, str], Relationship] = {}

    def rel(type_: RelType, a: str, b: str, **props: Any) -> None:
        r = Relationship(type=type_, source=a, target=b, source_ids=sid, **props)
        rels.setdefault(r.key, r)

    def mentioned(node_id: str, offset: int) -> None:
        rel(RelType.MENTIONED_IN, node_id, src.id, offset=offset)

    def add_area(area: geo.Area) -> str:
        area_nodes, area_rels = area_records(area)
        for n in area_nodes:
            nodes.setdefault(n.id, n)
        for r in area_rels:
            rels.setdefault(r.key, r)
        return area_nodes[0].id

    for p in extraction.provinces:
        mentioned(add_area(geo.province(p.code)), p.first_offset)
    for a in extraction.areas:
        area = geo.district(a.code) if a.level == "district" else geo.subdistrict(a.code)
        mentioned(add_area(area), a.first_offset)
    for org in extraction.organizations:
        node = organization_node(org, sid)
        nodes[node.id] = node
        mentioned(node.id, org.first_offset)
        where = _org_area(org)
        if where is not None:
            rel(RelType.LOCATED_IN, node.id, add_area(where))
        if org.parent and org.parent != node.id:
            rel(RelType.MEMBER_OF, node.id, org.parent)
    for person in extraction.people:
        nodes[person.id] = Person(
            id=person.id, name_th=person.name, title=person.title, source_ids=sid
        )
        mentioned(person.id, person.first_offset)
        for held in person.roles:
            if held.organization_id:
                rel(RelType.HOLDS_ROLE, person.id, held.organization_id,
                    role_th=held.role, role_en=held.role_en)  # fmt: skip
    for event in extraction.events:
        nodes[event.id] = Event(
            id=event.id, name_th=event.title, title=event.title, start_date=event.start_date,
            end_date=event.end_date, place=event.place, province_code=event.province,
            source_ids=sid,
        )  # fmt: skip
        mentioned(event.id, event.first_offset)
        roles = [
            *((o, ParticipationRole.ORGANISER) for o in event.organisers),
            *((o, ParticipationRole.PARTICIPANT) for o in event.participants),
            *((p, ParticipationRole.SPEAKER) for p in event.speakers),
            *((p, ParticipationRole.PARTICIPANT) for p in event.attendees),
        ]
        for who, role in roles:
            rel(RelType.PARTICIPATED_IN, who, event.id, role=role)
    for prop in extraction.proposals:
        nodes[prop.id] = Proposal(
            id=prop.id, name_th=prop.title, title_th=prop.title, text=prop.text,
            raised_on=prop.raised_on, model=ProposalModel(prop.model) if prop.model else None,
            source_ids=sid,
        )  # fmt: skip
        mentioned(prop.id, prop.first_offset)
        if prop.event:
            rel(RelType.PRODUCED, prop.event, prop.id)
        for code in prop.issues:
            issue = issue_node(code)
            nodes.setdefault(issue.id, issue)
            rel(RelType.CONCERNS, prop.id, issue.id)
    for region in extraction.regions:
        system, code = region.key.split(":", 1)
        area_nodes = _region_nodes(system, code)
        for n in area_nodes:
            nodes.setdefault(n.id, n)
        mentioned(area_nodes[0].id, region.first_offset)
    for part in extraction.partnerships:
        extra: dict[str, Any] = {}
        if part.type == RelType.PARTNERS_WITH.value:
            extra["form"] = PartnershipForm(part.form or "other")
            extra["confidence"] = _FORM_CONFIDENCE.get(part.form or "", 0.7)
        rel(RelType(part.type), part.source, part.target, **extra)
    return list(nodes.values()), list(rels.values())


def _region_nodes(system: str, code: str) -> list[Node]:
    from partnernet.graph.model import Region, region_id

    region = geo.resolve_region(code, system)
    return [
        Region(
            id=region_id(region.system, region.code), name_th=region.name_th,
            name_en=region.name_en or None, system=region.system, code=region.code,
        )
    ]  # fmt: skip


def _org_area(org: ExtractedOrganization) -> geo.Area | None:
    if org.subdistrict:
        return geo.subdistrict(org.subdistrict)
    if org.district:
        return geo.district(org.district)
    if org.province:
        return geo.province(org.province)
    return None


def organization_node(org: ExtractedOrganization, source_ids: list[str]) -> Organization:
    common: dict[str, Any] = {
        "id": org.id,
        "name_th": org.name,
        "name_en": org.name_en,
        "aliases": org.aliases,
        "source_ids": source_ids,
        "province_code": org.province,
        "district_code": org.district,
        "subdistrict_code": org.subdistrict,
    }
    kind = NodeKind(org.kind.title().replace("_", ""))
    if kind is NodeKind.COUNCIL:
        return Council(**common, level=CouncilLevel(org.level or "subdistrict"))
    if kind is NodeKind.AGENCY:
        return Agency(
            **common,
            type=AgencyType(org.type or "other"),
            tier=AgencyTier(org.tier) if org.tier else None,
        )
    if kind is NodeKind.CIVIL_SOCIETY_GROUP:
        cso_type = org.type if org.type in {t.value for t in CivilSocietyType} else None
        return CivilSocietyGroup(**common, type=CivilSocietyType(cso_type) if cso_type else None)
    if kind is NodeKind.ACADEMIC:
        return Academic(**common, type=org.type)
    if kind is NodeKind.PRIVATE_SECTOR:
        return PrivateSector(**common, type=org.type)
    return CommunityOrganization(**common, type=org.type)


# ---------------------------------------------------------------------------- writing


def graph_for(extractions: Sequence[Extraction]) -> tuple[list[Node], list[Relationship]]:
    """Nodes and relationships of several (already resolved) extractions, each once."""
    nodes: dict[str, Node] = {}
    rels: dict[tuple[str, str, str], Relationship] = {}
    for extraction in extractions:
        ns, rs = extraction_to_graph(extraction)
        for n in ns:
            old = nodes.get(n.id)
            nodes[n.id] = n if old is None else _merged(old, n)
        for r in rs:
            old_r = rels.get(r.key)
            if old_r is None:
                rels[r.key] = r
            else:
                ids = list(dict.fromkeys([*old_r.source_ids, *r.source_ids]))
                rels[r.key] = old_r.model_copy(update={"source_ids": ids})
    return list(nodes.values()), list(rels.values())


def _merged(kept: Node, extra: Node) -> Node:
    """``kept`` with ``extra``'s names as aliases, its provenance, and its values for the
    fields ``kept`` leaves empty."""
    update: dict[str, Any] = {
        "aliases": [
            *kept.aliases,
            *(a for a in (extra.name_th, *extra.aliases) if a != kept.name_th),
        ],
        "source_ids": [*kept.source_ids, *extra.source_ids],
    }
    if type(kept) is type(extra):
        for name in type(kept).model_fields:
            if getattr(kept, name) is None and getattr(extra, name) is not None:
                update[name] = getattr(extra, name)
    return type(kept).model_validate({**kept.model_dump(), **update})


def reconcile_with_store(
    store: GraphStore, nodes: list[Node], rels: list[Relationship]
) -> tuple[list[Node], list[Relationship], list[str]]:
    """Write report entities onto what the store already holds: the same id; else one stored
    organisation with exactly this name or alias (in a compatible province), one stored event
    on the same dates (in a compatible province), one stored proposal with this text. The
    stored node keeps its id, names and fields; the report adds aliases and provenance."""
    notes: list[str] = []
    remap: dict[str, str] = {}
    out: list[Node] = []
    events: list[Node] | None = None
    for node in nodes:
        existing = store.get_node(node.id)
        match: Node | None = None
        if existing is None and node.kind in ORGANIZATION_KINDS:
            match = _stored_match(store, node)
        elif existing is None and isinstance(node, Event):
            if events is None:
                events = list(store.iter_nodes(NodeKind.EVENT))
            match = _stored_event(events, node)
        elif existing is None and isinstance(node, Proposal):
            match = _stored_proposal(store, node)
        if existing is None and match is not None:
            remap[node.id] = match.id
            notes.append(f"{node.name_th!r} ({node.id}) is stored as {match.id}")
            existing = match
        same_kind = existing is not None and (
            existing.kind is node.kind
            or (existing.kind in ORGANIZATION_KINDS and node.kind in ORGANIZATION_KINDS)
        )
        reference = node.kind is NodeKind.SOURCE or node.kind.is_geography
        if existing is not None and same_kind and not reference:
            out.append(_merged(existing, node))
            continue
        out.append(node)
    if remap:
        moved: dict[tuple[str, str, str], Relationship] = {}
        for r in rels:
            a, b = remap.get(r.source, r.source), remap.get(r.target, r.target)
            if a == b:
                continue
            r2 = r.model_copy(update={"source": a, "target": b})
            moved.setdefault(r2.key, r2)
        rels = list(moved.values())
    return out, [_onto_stored(store, r) for r in rels], notes


def _onto_stored(store: GraphStore, rel: Relationship) -> Relationship:
    """A relationship the store already holds keeps its stored fields (curated data wins, as
    for nodes); the report only adds its provenance. Otherwise a tabular re-load and a report
    re-load would overwrite each other's values on every run."""
    stored = store.get_relationship(rel.type, rel.source, rel.target)
    if stored is None:
        return rel
    return stored.model_copy(
        update={
            "source_ids": [
                *stored.source_ids,
                *(s for s in rel.source_ids if s not in stored.source_ids),
            ]
        }
    )


def _stored_event(events: Sequence[Node], node: Event) -> Node | None:
    """The one stored event on the same dates in a compatible province, if there is one."""
    found = [
        e
        for e in events
        if isinstance(e, Event)
        and node.start_date is not None
        and e.start_date == node.start_date
        and (e.end_date is None or node.end_date is None or e.end_date == node.end_date)
        and (e.province_code is None or node.province_code in (None, e.province_code))
    ]
    return found[0] if len(found) == 1 else None


def _stored_proposal(store: GraphStore, node: Proposal) -> Node | None:
    """The one stored proposal whose title or text is this proposal's text or title."""
    keys = {compact_key(t) for t in (node.name_th, node.title_th, node.text) if t}
    found: dict[str, Node] = {}
    for query in {node.name_th, node.text or node.name_th}:
        for cand in store.search(query[:200], kinds=[NodeKind.PROPOSAL], limit=10):
            texts = (cand.name_th, getattr(cand, "title_th", None), getattr(cand, "text", None))
            if keys & {compact_key(t) for t in texts if t}:
                found[cand.id] = cand
    return next(iter(found.values())) if len(found) == 1 else None


def _stored_match(store: GraphStore, node: Node) -> Node | None:
    keys = {compact_key(n) for n in (node.name_th, *node.aliases)}
    province = getattr(node, "province_code", None)
    found: dict[str, Node] = {}
    for name in (node.name_th, *node.aliases):
        for cand in store.search(name, kinds=sorted(ORGANIZATION_KINDS), limit=10):
            cand_keys = {compact_key(n) for n in (cand.name_th, *cand.aliases)}
            if cand_keys & keys and normalize_key(name):
                other = getattr(cand, "province_code", None)
                if province and other and province != other:
                    continue
                found[cand.id] = cand
    return next(iter(found.values())) if len(found) == 1 else None


def _has_facts(found: Extraction) -> bool:
    return bool(
        found.organizations or found.people or found.events or found.proposals or found.partnerships
    )


def read_reports(paths: Iterable[str | Path]) -> tuple[list[Path], list[Extraction], list[str]]:
    """Extract each report: the files with facts, their extractions, and the names of those
    without any. A text with no fact (`notes.txt` saying "hello") is no report: it creates
    nothing, not even a Source node; if no file holds a fact, the ingest is refused."""
    files = [Path(p) for p in paths]
    extractions = [extract_file(p) for p in files]
    empty = [f.name for f, e in zip(files, extractions, strict=True) if not _has_facts(e)]
    if empty and len(empty) == len(files):
        raise InvalidInput(
            f"{', '.join(empty)}: no organisation, person, event, proposal or partnership "
            "found in the text; nothing stored"
        )
    with_facts = [(f, e) for f, e in zip(files, extractions, strict=True) if _has_facts(e)]
    return [f for f, _ in with_facts], [e for _, e in with_facts], empty


def write_extractions(
    store: GraphStore,
    extractions: Sequence[Extraction],
    *,
    source: str,
    rejects_path: str | Path | None = None,
    batch_size: int = 1000,
    progress: bool = False,
) -> IngestReport:
    """Resolve the extractions' entities across them and against the store and write them
    with provenance (every fact given is written: leave out what should not be first).
    Conflicts and store matches are listed in ``warnings``; ``source`` names the files."""
    resolved, conflicts = resolve_across_documents(list(extractions))
    nodes, rels = graph_for(resolved)
    nodes, rels, notes = reconcile_with_store(store, nodes, rels)
    report = ingest_records(
        store,
        nodes,
        rels,
        batch_size=batch_size,
        progress=progress,
        rejects_path=rejects_path,
        source=source,
    )
    report.warnings.extend(c.message for c in conflicts)
    report.warnings.extend(notes)
    for e in resolved:
        report.warnings.extend(f"{e.source_id}: {w}" for w in e.warnings)
    return report


def ingest_reports(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    rejects_path: str | Path | None = None,
    batch_size: int = 1000,
    progress: bool = False,
    accept_low_confidence: bool = False,
) -> IngestReport:
    """Extract Thai reports, resolve their entities across them and against the store, and
    write them with provenance. Counts as ``partnernet ingest`` prints them; conflicts and
    store matches are listed in ``warnings``. Facts marked for review (below the review
    threshold) are left out, and listed in ``warnings``, unless ``accept_low_confidence``."""
    files, extractions, empty = read_reports(paths)
    skipped: list[str] = []
    if not accept_low_confidence:
        kept = [confident_only(e) for e in extractions]
        extractions = [e for e, _ in kept]
        skipped = [line for _, lines in kept for line in lines]
    report = write_extractions(
        store,
        extractions,
        source=", ".join(p.name for p in files),
        rejects_path=rejects_path,
        batch_size=batch_size,
        progress=progress,
    )
    # warnings in the order they always had: empty files, skipped facts, then the write's
    report.warnings[:0] = [
        *(f"{name}: no fact found in the text; nothing stored" for name in empty),
        *skipped,
    ]
    report.files = [str(p) for p in files]
    return report
