"""Which organisation each person of a report belongs to, and which offices are units of
which organisation (split from :mod:`organizations`, which finds the organisations)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from partnernet.extract.gazetteer import org_id
from partnernet.extract.organizations import ACRONYM, OrgEntity
from partnernet.extract.people import PersonMention
from partnernet.extract.sentences import Doc
from partnernet.graph.model import NodeKind

_UNIT_HEADS: Final = ("สำนัก", "ฝ่าย", "กอง", "ศูนย์")
# between the leading organisation and นำโดย: nothing, or its Latin or bracketed alias
_ALIAS_GAP: Final = re.compile(r"\s*(?:\(?[A-Za-z][A-Za-z.\-]{1,12}\)?|\([ก-ฮ.]{2,12}\))?\s*")
_LIST_GAP: Final = re.compile(r"\s*(?:,|และ|กับ)?\s*")


def assign_units(doc: Doc, people: Sequence[PersonMention], orgs: list[OrgEntity]) -> None:
    """Link people to organisations. A position names its organisation; people led by an
    organisation (``เจ้าหน้าที่ พอช. นำโดยนาย…``) work for it when their position names none,
    and an office (สำนัก…, ฝ่าย…) in a listed person's position is a unit of it.
    ``สำนักงาน <ACRONYM>…`` is an office of the organisation with that acronym."""
    for unit in orgs:
        acr = ACRONYM.search(unit.spec.name)
        if unit.spec.name.startswith("สำนักงาน") and acr is not None:
            parent = next(
                (e for e in orgs if e is not unit and acr.group() in e.spec.aliases), None
            )
            if parent is not None:
                _make_unit(unit, parent)
    led: dict[int, OrgEntity] = {}
    for cue, members in _led_chains(doc, people):
        leader = next(
            (
                e
                for e in orgs
                for m in e.mentions
                if m.end <= cue and _ALIAS_GAP.fullmatch(doc.text[m.end : cue])
            ),
            None,
        )
        if leader is None:
            continue
        for person in members:
            own = _person_org(person, orgs)
            if own is None:
                led[id(person)] = leader
            elif own is not leader and own.spec.name.startswith(_UNIT_HEADS):
                _make_unit(own, leader)
    for person in people:
        own = _person_org(person, orgs) or led.get(id(person))
        person.org_id = own.id if own is not None else None


def _make_unit(unit: OrgEntity, parent: OrgEntity) -> None:
    unit.spec.parent = parent.id
    if unit.spec.kind is parent.spec.kind is NodeKind.AGENCY and unit.spec.type in (None, "other"):
        unit.spec.type = parent.spec.type
        if unit.spec.tier is None:
            unit.spec.tier = parent.spec.tier
        unit.id = org_id(unit.spec)
        for mention in unit.mentions:
            mention.id = unit.id


def _person_org(person: PersonMention, orgs: Sequence[OrgEntity]) -> OrgEntity | None:
    if person.position is None or person.org_start is None:
        return None
    lo, hi = person.org_start, person.position[1]
    for entity in orgs:
        if entity.spec.generic_class:  # a class is nobody's employer
            continue
        if any(lo <= m.start < hi for m in entity.mentions):
            return entity
    return None


def _led_chains(doc: Doc, people: Sequence[PersonMention]) -> list[tuple[int, list[PersonMention]]]:
    """(where นำโดย begins, the people listed right after it)."""
    out: list[tuple[int, list[PersonMention]]] = []
    text = doc.text
    ordered = sorted(people, key=lambda p: p.start)
    for m in re.finditer(r"\s?นำโดย\s?", text):
        members: list[PersonMention] = []
        pos = m.end()
        for person in ordered:
            if person.start < pos:
                continue
            # a list: "นายก, นายข และ นายค"
            if _LIST_GAP.fullmatch(text[pos : person.start]) is None:
                break
            members.append(person)
            pos = person.position[1] if person.position else person.end
        if members:
            out.append((m.start(), members))
    return out
