"""Facts below the review threshold: what a plain ``ingest`` leaves out.

Every extracted fact carries ``confidence``, the ``rule`` that produced it and ``review``
(confidence below :data:`facts.REVIEW_THRESHOLD`). ``extract`` shows all of them, marked;
``ingest`` writes only the confident ones unless ``--accept-low-confidence`` is given, and
then drops every reference to what it left out (a person's organisation, an event's
organisers, a partnership's ends, a proposal's event), so nothing points at a missing node.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from partnernet.extract.facts import Extraction

# The kinds of fact an editor reviews (what `leave_out` may drop), as `fact_key` names them.
FACT_KINDS = ("organization", "person", "event", "proposal", "partnership")


def fact_key(kind: str, item: Any) -> str:
    """A fact's stable name within its extraction: ``organization:<id>``, ...,
    ``partnership:<source>><type>><target>``."""
    if kind == "partnership":
        return f"partnership:{item.source}>{item.type}>{item.target}"
    return f"{kind}:{item.id}"


def leave_out(
    extraction: Extraction, unwanted: Callable[[str, Any], bool]
) -> tuple[Extraction, list[tuple[str, Any]]]:
    """A copy of ``extraction`` without the facts ``unwanted(kind, item)`` names, and without
    every reference to them (a person's organisation, an event's organisers, a partnership's
    ends, a proposal's event), so nothing points at a missing node. Also returns what was
    left out, as (kind, item) in the extraction's order."""
    ex = extraction.model_copy(deep=True)
    dropped: list[tuple[str, Any]] = []

    def keep(kind: str, items: list[Any]) -> list[Any]:
        out = []
        for item in items:
            if unwanted(kind, item):
                dropped.append((kind, item))
            else:
                out.append(item)
        return out

    ex.organizations = keep("organization", ex.organizations)
    ex.people = keep("person", ex.people)
    ex.events = keep("event", ex.events)
    ex.proposals = keep("proposal", ex.proposals)
    orgs = {o.id for o in ex.organizations}
    people = {p.id for p in ex.people}
    events = {e.id for e in ex.events}
    for org in ex.organizations:
        if org.parent not in orgs:
            org.parent = None
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
    for event in ex.events:
        event.organisers = [o for o in event.organisers if o in orgs]
        event.participants = [o for o in event.participants if o in orgs]
        event.speakers = [p for p in event.speakers if p in people]
        event.attendees = [p for p in event.attendees if p in people]
    for prop in ex.proposals:
        if prop.event not in events:
            prop.event = None
    ex.partnerships = keep(
        "partnership",
        [p for p in ex.partnerships if p.source in orgs and p.target in orgs],
    )
    return ex, dropped


def confident_only(extraction: Extraction) -> tuple[Extraction, list[str]]:
    """A copy of ``extraction`` without the facts marked for review, and what was left out
    (one line each, for the ingest report's warnings)."""
    ex, dropped = leave_out(extraction, lambda _kind, item: bool(item.review))
    what = {"organization": "organisation"}
    skipped = [
        f"{ex.source_id}: {what.get(kind, kind)} "
        f"{getattr(item, 'name', None) or item.title!r} not written "
        f"(confidence {item.confidence:.2f}, {item.rule or 'rule?'}; below the review "
        "threshold, use --accept-low-confidence)"
        for kind, item in dropped
        if kind != "partnership"
    ]
    return ex, skipped
