"""Thai narrative reports → organisations, people, places, events, proposals, partnerships.

No off-the-shelf Thai NER works offline, so this is a rule-and-gazetteer extractor built on
:mod:`partnernet.foundation.thai` (normalisation, Buddhist-Era dates), the geography tables and
pythainlp's ``newmm`` tokenizer with its bundled dictionary (nothing is ever downloaded; see
:mod:`sentences`). The pieces:

* :mod:`places` -- provinces (names, aliases, old names, run-on lists, ambiguous names only
  in a place context), regions, districts/subdistricts, the dateline;
* :mod:`people` -- titled people, their positions, the byline;
* :mod:`gazetteer`, :mod:`org_rules`, :mod:`organizations` -- organisations from acronyms and
  known names, head-word patterns, positions and "full name (ABBR)" pairs; kinds and areas;
* :mod:`dates`, :mod:`events`, :mod:`units` -- the report's event and its dates, numbered
  proposal lists, partnership cues;
* this module -- one document's extraction (:func:`extract_report`, :func:`extract_file`).

Further along, and not imported from here (they use this module): :mod:`resolve` (one entity
per organisation/person across reports), :mod:`to_graph` (model objects with provenance,
:func:`~partnernet.extract.to_graph.ingest_reports` writes them to a store), :mod:`review`
(the review threshold), :mod:`evaluation` (``partnernet evaluate extract``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from partnernet.extract.dates import event_dates
from partnernet.extract.events import (
    EventFound,
    find_event,
    find_partnerships,
    find_proposals,
)
from partnernet.extract.facts import (
    Conflict,
    Evidence,
    ExtractedArea,
    ExtractedEvent,
    ExtractedOrganization,
    ExtractedPartnership,
    ExtractedPerson,
    ExtractedProposal,
    ExtractedProvince,
    ExtractedRegion,
    Extraction,
    RoleHeld,
)
from partnernet.extract.gazetteer import OrgSpec
from partnernet.extract.org_rules import CLASS_CONFIDENCE
from partnernet.extract.organizations import OrgEntity, OrgMention, find_organizations
from partnernet.extract.people import PersonMention, find_people, role_text
from partnernet.extract.places import (
    Dateline,
    PlaceMention,
    find_areas,
    find_dateline,
    find_provinces,
    find_regions,
    province_at,
)
from partnernet.extract.sentences import Doc
from partnernet.extract.units import assign_units
from partnernet.foundation import geography as geo
from partnernet.foundation.thai import find_thai_dates, slug_key
from partnernet.graph.model import NodeKind, make_id

__all__ = [
    "REPORT_SUFFIXES",
    "Conflict",
    "Evidence",
    "Extraction",
    "extract_file",
    "extract_report",
]

REPORT_SUFFIXES = (".txt", ".md")  # what ``partnernet ingest`` should read as a Thai report


def extract_file(path: str | Path, *, published: date | None = None) -> Extraction:
    """Read a UTF-8 report (a BOM is fine) and extract it. The source id is the file name
    (slugged), or the start of the text's sha256 when the name has nothing usable."""
    p = Path(path)
    text = p.read_bytes().decode("utf-8-sig")
    return extract_report(text, source_id=slug_key(p.stem) or None, published=published)


def extract_report(
    text: str,
    *,
    source_id: str | None = None,
    title: str | None = None,
    published: date | None = None,
) -> Extraction:
    """Extract one report. Pure: nothing is stored, nothing is downloaded. ``published``
    (the publication date, when known) dates a day and month written without a year when
    the text has no dateline."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Doc(text)
    dateline = find_dateline(doc)
    people = find_people(doc)
    person_spans = [(p.start, p.end) for p in people]
    province_mentions = find_provinces(doc, person_spans, dateline)
    codes = sorted({m.code for m in province_mentions})
    orgs = find_organizations(doc, people, codes, dateline)
    assign_units(doc, people, orgs)
    # classes written in general take part in no event or partnership
    mentions = sorted(
        (m for e in orgs if not e.spec.generic_class for m in e.mentions), key=lambda m: m.start
    )
    province_mentions += _provinces_in_org_names(doc, orgs, province_mentions)
    codes = sorted({m.code for m in province_mentions})
    dates, lead = event_dates(doc, dateline.first_day if dateline else None, published)
    event = find_event(doc, mentions, dates, lead)
    extraction = Extraction(
        source_id=source_id or sha[:16],
        sha256=sha,
        text=text,
        dateline=dateline.text if dateline else None,
        published_on=published or (dateline.first_day if dateline else None),
        provinces=_provinces(doc, province_mentions),
        areas=_areas(doc, find_areas(doc, codes, person_spans)),
        regions=_regions(doc, person_spans),
        organizations=[_organization(doc, e) for e in orgs],
    )
    extraction.people = _people(doc, people, extraction)
    if event is not None:
        extraction.events = [_event(doc, event, extraction, dateline_province(dateline, codes))]
    extraction.proposals = _proposals(doc, extraction)
    extraction.partnerships = _partnerships(doc, mentions)
    for event_item in extraction.events:  # "X ร่วมกับ Y จัด…": both organise it
        for part in extraction.partnerships:
            pair = {part.source, part.target}
            if part.form == "co_organised" and pair & set(event_item.organisers):
                event_item.organisers += sorted(pair - set(event_item.organisers))
                event_item.participants = [
                    o for o in event_item.participants if o not in event_item.organisers
                ]
    _rate_the_rest(extraction)
    extraction.title = title or (extraction.events[0].title if extraction.events else None)
    if extraction.title is None:
        extraction.title = doc.text[: doc.line_end(0)][:120] or None
    return extraction


# partnerships by their cue: an MOU is written as such; "ร่วมกับ" may be a joint project
_PARTNERSHIP_CONFIDENCE = {"mou": 0.9, "co_organised": 0.8, "data_sharing": 0.75}


def _rate_the_rest(ex: Extraction) -> None:
    """Confidence and rule of the facts whose rules have no degrees of their own."""
    for province in ex.provinces:
        province.rate(0.95, "place.province_name")
    for area in ex.areas:
        area.rate(0.9, "place.area_with_marker")
    for region in ex.regions:
        region.rate(0.9, "place.region_name")
    for prop in ex.proposals:
        prop.rate(0.85, "proposal.numbered_list_under_proposal_heading")
    for part in ex.partnerships:
        part.rate(
            _PARTNERSHIP_CONFIDENCE.get(part.form or "", 0.7),
            f"partnership.{part.form or part.type.lower()}",
        )


def dateline_province(dateline: Dateline | None, codes: Sequence[str]) -> str | None:
    """The event's province: the dateline's, else the report's only province."""
    if dateline is not None and dateline.province:
        return dateline.province
    return codes[0] if len(codes) == 1 else None


# ---------------------------------------------------------------------------- assembling


def _provinces_in_org_names(
    doc: Doc, orgs: Sequence[OrgEntity], found: Sequence[PlaceMention]
) -> list[PlaceMention]:
    """Province names inside organisation names (``มหาวิทยาลัยราชภัฏเลย``) are mentions too."""
    have = {(m.start, m.end) for m in found}
    extra: list[PlaceMention] = []
    for entity in orgs:
        for m in entity.mentions:
            for pos in range(m.start, m.end):
                hit = province_at(doc, pos)
                if hit is None or hit[0] > m.end or (pos, hit[0]) in have:
                    continue
                if hit[1] == entity.spec.province:
                    extra.append(PlaceMention(pos, hit[0], hit[1]))
                    have.add((pos, hit[0]))
    return extra


def _provinces(doc: Doc, mentions: Sequence[PlaceMention]) -> list[ExtractedProvince]:
    out: dict[str, ExtractedProvince] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        p = geo.province(m.code)
        item = out.setdefault(
            m.code, ExtractedProvince(code=p.code, name_th=p.name_th, name_en=p.name_en)
        )
        item.evidence.append(doc.evidence(m.start, m.end))
    return list(out.values())


def _areas(doc: Doc, mentions: Sequence[PlaceMention]) -> list[ExtractedArea]:
    out: dict[str, ExtractedArea] = {}
    for m in mentions:
        place: geo.District | geo.Subdistrict = (
            geo.district(m.code) if m.level == "district" else geo.subdistrict(m.code)
        )
        item = out.setdefault(
            m.code,
            ExtractedArea(
                level=m.level,
                code=m.code,
                name_th=place.name_th,
                name_en=place.name_en,
                province_code=place.province_code,
            ),
        )
        item.evidence.append(doc.evidence(m.start, m.end))
    return list(out.values())


def _regions(doc: Doc, excluded: list[tuple[int, int]]) -> list[ExtractedRegion]:
    out: dict[str, ExtractedRegion] = {}
    for m in find_regions(doc, excluded):
        r = m.region
        item = out.setdefault(
            r.key, ExtractedRegion(key=r.key, name_th=r.name_th, name_en=r.name_en)
        )
        item.evidence.append(doc.evidence(m.start, m.end))
    return list(out.values())


# how sure each source of organisation names is (see docs/extraction.md)
_ORG_RULES: dict[str, tuple[float, str]] = {
    "gazetteer": (0.95, "org.gazetteer"),
    "gazetteer_unplaced": (0.55, "org.acronym_glued_to_unknown_place"),
    "role": (0.85, "org.in_position"),
    "pattern": (0.8, "org.head_pattern"),
    "doc": (0.8, "org.repeated_name"),
    "implied": (0.7, "org.implied_by_position"),
    "class": (CLASS_CONFIDENCE, "org.class"),
}


def _org_confidence(entity: OrgEntity) -> tuple[float, str]:
    if entity.spec.generic_class:
        return _ORG_RULES["class"]
    best = max((_ORG_RULES[m.source] for m in entity.mentions), key=lambda r: r[0])
    if best[1] == "org.head_pattern" and entity.spec.kind in (
        NodeKind.COMMUNITY_ORGANIZATION,
        NodeKind.CIVIL_SOCIETY_GROUP,
    ):
        located = entity.spec.province or entity.spec.region or entity.spec.subdistrict
        return (0.75, best[1]) if located else (0.65, "org.head_pattern_unlocated")
    return best


def _organization(doc: Doc, entity: OrgEntity) -> ExtractedOrganization:
    spec = entity.spec
    province = geo.province(spec.province) if spec.province else None
    org = _extracted_org(doc, entity, spec, province)
    org.rate(*_org_confidence(entity))
    return org


def _extracted_org(
    doc: Doc, entity: OrgEntity, spec: OrgSpec, province: geo.Province | None
) -> ExtractedOrganization:
    return ExtractedOrganization(
        id=entity.id,
        name=spec.name,
        name_en=spec.name_en,
        aliases=sorted(spec.aliases),
        kind=_snake(spec.kind),
        type=spec.type,
        level=spec.level,
        tier=spec.tier,
        province=spec.province,
        province_name=province.name_th if province else None,
        district=spec.district,
        subdistrict=spec.subdistrict,
        region=spec.region.key if spec.region else None,
        parent=spec.parent,
        generic=spec.generic_class,
        evidence=[doc.evidence(m.start, m.end) for m in entity.mentions],
    )


def _snake(kind: NodeKind) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", kind.value).lower()


def _people(
    doc: Doc, mentions: Sequence[PersonMention], extraction: Extraction
) -> list[ExtractedPerson]:
    out: dict[str, ExtractedPerson] = {}
    for m in mentions:
        pid = make_id(NodeKind.PERSON, m.name)
        person = out.setdefault(pid, ExtractedPerson(id=pid, name=m.name, title=m.title))
        if m.title and (person.title is None or len(m.title) > len(person.title)):
            person.title = m.title
        person.evidence.append(doc.evidence(m.start, m.end))
        role = role_text(doc, m)
        org = extraction.organization(m.org_id) if m.org_id else None
        if role or org:
            _add_role(person, RoleHeld(
                role=role, role_en=m.role_en, organization=org.name if org else None,
                organization_id=org.id if org else None,
            ))  # fmt: skip
        if not m.byline:
            rank = {"speaker": 2, "participant": 1}
            new_role = "speaker" if m.speaker else "participant"
            if rank.get(person.event_role or "", 0) < rank[new_role]:
                person.event_role = new_role
    # only public role holders: a position, an organisation or a talk at the event
    public = {
        pid
        for pid, person in out.items()
        if (person.roles or person.event_role == "speaker")
        and not all(m.private for m in mentions if make_id(NodeKind.PERSON, m.name) == pid)
    }
    out = {pid: person for pid, person in out.items() if pid in public}
    for pid, person in out.items():
        own = [m for m in mentions if make_id(NodeKind.PERSON, m.name) == pid]
        person.rate(*max(_person_confidence(m) for m in own))
    for person in out.values():
        if person.roles:
            main = max(
                person.roles, key=lambda r: (r.organization_id is not None, len(r.role or ""))
            )
            person.role, person.role_en = main.role, main.role_en
            person.organization, person.organization_id = main.organization, main.organization_id
    return list(out.values())


def _person_confidence(m: PersonMention) -> tuple[float, str]:
    """How sure a person is a public role holder, and the rule that says so."""
    if m.short == "quoted":
        return 0.65, "person.quoted_role_abbreviation"
    if m.short == "given_only":
        return 0.7, "person.title+given_name+role"
    base = 0.9 if m.title else 0.7
    if m.byline:
        return 0.7, "person.byline"
    if m.role_source == "before":
        return base - 0.05, "person.title+role_before"
    if m.role_source == "shared":
        return base - 0.15, "person.title+shared_role"
    if m.position is not None:
        return base, "person.title+role_after"
    if m.org_id is not None and not m.speaker:
        return base - 0.2, "person.title+organisation"  # affiliated or led by (นำโดย)
    return base - 0.2, "person.title+speaker"


def _add_role(person: ExtractedPerson, held: RoleHeld) -> None:
    for i, old in enumerate(person.roles):
        same_org = old.organization_id == held.organization_id
        if same_org or (old.organization_id is None and old.role == held.role):
            better = held if len(held.role or "") > len(old.role or "") else old
            person.roles[i] = RoleHeld(
                role=better.role,
                role_en=better.role_en or old.role_en,
                organization=held.organization or old.organization,
                organization_id=held.organization_id or old.organization_id,
            )
            return
    person.roles.append(held)


def _event(
    doc: Doc, found: EventFound, extraction: Extraction, province: str | None
) -> ExtractedEvent:
    if province is None and found.place_span is not None:
        lo, hi = doc.raw_span(*found.place_span)
        province = next(
            (p.code for p in extraction.provinces for e in p.evidence if lo <= e.start < hi),
            None,
        )
    key = f"{found.first_day.isoformat() if found.first_day else ''} {found.title}"
    event = ExtractedEvent(
        id=make_id(NodeKind.EVENT, key, province),
        title=found.title,
        start_date=found.first_day,
        end_date=found.last_day,
        place=found.place,
        province=province,
        organisers=list(dict.fromkeys(m.id for m in found.organisers)),
        participants=list(dict.fromkeys(m.id for m in found.participants)),
        participant_count=found.count,
        participant_count_text=found.count_text,
        date_basis=found.date_basis if found.first_day else None,
        evidence=[doc.evidence(found.start, found.end)],
    )
    event.rate(*_event_confidence(found))
    for person in extraction.people:
        if person.event_role == "speaker":
            event.speakers.append(person.id)
        elif person.event_role == "participant":
            event.attendees.append(person.id)
    return event


def _event_confidence(found: EventFound) -> tuple[float, str]:
    """A date in the event's sentence is surest; a lead date above it, then a year taken
    from the dateline or from the publication date given."""
    if found.date_basis == "published":
        return 0.6, "event.date_year_from_published"
    if found.date_basis == "dateline":
        return 0.7, "event.date_year_from_dateline"
    if not found.date_in_line:
        return 0.8, "event.lead_date"
    return 0.9, "event.date_in_sentence"


def _proposals(doc: Doc, extraction: Extraction) -> list[ExtractedProposal]:
    event = extraction.events[0] if extraction.events else None
    dates = find_thai_dates(doc.text)
    out: list[ExtractedProposal] = []
    for found in find_proposals(doc):
        raised: date | None = event.start_date if event else None
        # a dated heading before the list (a day of a longer event) is the day it was raised
        for start, _end, first, last in dates:
            if (
                start < found.start
                and event is not None
                and event.start_date is not None
                and event.end_date is not None
                and event.start_date <= first == last <= event.end_date
            ):
                raised = first
        title = _short_title(found.text)
        key = f"{raised.isoformat() if raised else extraction.source_id} {found.text}"
        out.append(
            ExtractedProposal(
                id=make_id(NodeKind.PROPOSAL, key),
                number=found.number,
                title=title,
                text=found.text,
                heading=found.heading,
                model=found.model,
                issues=found.issues,
                event=event.id if event else None,
                raised_on=raised,
                evidence=[doc.evidence(found.start, found.end)],
            )
        )
    return out


def _short_title(text: str, minimum: int = 12, maximum: int = 120) -> str:
    cut = text.find(" ", minimum)
    title = text if cut < 0 else text[:cut]
    return title if len(title) <= maximum else title[:maximum].rstrip() + "…"


def _partnerships(doc: Doc, mentions: Sequence[OrgMention]) -> list[ExtractedPartnership]:
    out: dict[tuple[str, str, str], ExtractedPartnership] = {}
    for p in find_partnerships(doc, mentions):
        key = (p.source.id, p.target.id, p.type)
        lo, hi = min(p.source.start, p.target.start, p.cue_start), max(p.source.end, p.target.end)
        item = out.get(key)
        if item is None:
            out[key] = ExtractedPartnership(
                source=p.source.id,
                target=p.target.id,
                type=p.type,
                form=p.form,
                cue=p.cue,
                evidence=[doc.evidence(lo, hi)],
            )
        elif item.form in (None, "joint_project") and p.form == "mou":
            item.form = "mou"
    return list(out.values())
