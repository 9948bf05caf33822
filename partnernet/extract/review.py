"""Facts below the review threshold: what a plain ``ingest`` leaves out.

Every extracted fact carries ``confidence``, the ``rule`` that produced it and ``review``
(confidence below :data:`facts.REVIEW_THRESHOLD`). ``extract`` shows all of them, marked;
``ingest`` writes only the confident ones unless ``--accept-low-confidence`` is given, and
then drops every reference to what it left out (a person's organisation, an event's
organisers, a partnership's ends, a proposal's event), so nothing points at a missing node.
"""

from __future__ import annotations

from partnernet.extract.facts import Extraction


def confident_only(extraction: Extraction) -> tuple[Extraction, list[str]]:
    """A copy of ``extraction`` without the facts marked for review, and what was left out
    (one line each, for the ingest report's warnings)."""
    ex = extraction.model_copy(deep=True)
    skipped: list[str] = []

    def note(what: str, name: str, confidence: float, rule: str | None) -> None:
        skipped.append(
            f"{ex.source_id}: {what} {name!r} not written (confidence {confidence:.2f}, "
            f"{rule or 'rule?'}; below the review threshold, use --accept-low-confidence)"
        )

    for org in ex.organizations:
        if org.review:
            note("organisation", org.name, org.confidence, org.rule)
    for person in ex.people:
        if person.review:
            note("person", person.name, person.confidence, person.rule)
    for event in ex.events:
        if event.review:
            note("event", event.title, event.confidence, event.rule)
    for prop in ex.proposals:
        if prop.review:
            note("proposal", prop.title, prop.confidence, prop.rule)
    orgs = {o.id for o in ex.organizations if not o.review}
    people = {p.id for p in ex.people if not p.review}
    events = {e.id for e in ex.events if not e.review}
    ex.organizations = [o for o in ex.organizations if not o.review]
    for org in ex.organizations:
        if org.parent not in orgs:
            org.parent = None
    ex.people = [p for p in ex.people if not p.review]
    for person in ex.people:
        person.roles = [
            r.model_copy(
                update={"organization": None, "organization_id": None}
                if r.organization_id not in orgs
                else {}
            )
            for r in person.roles
        ]
        if person.organization_id not in orgs:
            person.organization, person.organization_id = None, None
    ex.events = [e for e in ex.events if not e.review]
    for event in ex.events:
        event.organisers = [o for o in event.organisers if o in orgs]
        event.participants = [o for o in event.participants if o in orgs]
        event.speakers = [p for p in event.speakers if p in people]
        event.attendees = [p for p in event.attendees if p in people]
    ex.proposals = [p for p in ex.proposals if not p.review]
    for prop in ex.proposals:
        if prop.event not in events:
            prop.event = None
    ex.partnerships = [
        p for p in ex.partnerships if not p.review and p.source in orgs and p.target in orgs
    ]
    return ex, skipped
