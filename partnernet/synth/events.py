"""Events of the synthetic network: provincial assemblies and forums, district meetings.

Each province gets `events_per_province` events between 2022 and two weeks before the
reference date: provincial ones (assembly of the council network, development-plan forum,
secure-housing forum) with the network (or the PAO) organising, and district ones (civic
forums, council network meetings) organised by the district council where there is one. One
or two provincial agencies or CODI's regional office speak; participants (heavy-tailed
counts, at most 80) are councils, member organisations, civil society, universities and line
offices of the province or district. Taking part is contact, not partnership: the gap
template does not count it as a tie.
"""

from __future__ import annotations

from datetime import date, timedelta

from partnernet.graph.model import AgencyType, NodeKind, ParticipationRole
from partnernet.synth import names
from partnernet.synth.build import BANGKOK, Builder, ProvincePlan
from partnernet.synth.rows import REFERENCE_DATE, EventRow, id_from_parts

_EVENT_FIRST = REFERENCE_DATE.replace(year=2022, month=1, day=1).toordinal()
_EVENT_LAST = (REFERENCE_DATE - timedelta(days=14)).toordinal()
_SPEAKERS = (
    AgencyType.GOVERNOR_OFFICE,
    AgencyType.PAO,
    AgencyType.MSDHS_OFFICE,
    AgencyType.CDD_OFFICE,
)


def add_events(b: Builder) -> dict[str, list[EventRow]]:
    """Write every event into `b.events`; returns each province's assemblies by date (the
    provincial proposals they produced link to them)."""
    ids: set[str] = set()
    return {code: _province_events(b, plan, ids) for code, plan in b.provinces.items()}


def _province_events(b: Builder, plan: ProvincePlan, ids: set[str]) -> list[EventRow]:
    rng = b.rng
    where, p = plan.where(), plan.info
    counters: dict[tuple[str, str], int] = {}
    province_pool = [
        *plan.councils,
        *plan.csos,
        *plan.academics,
        *plan.privates,
        *plan.offices,
        *plan.district_councils.values(),
    ]
    cbos_all = [m for members in plan.cbos.values() for m in members]
    district_pool: dict[str, list[str]] = {}
    for council in plan.councils:
        dcode = plan.council_sub[council].district_code
        district_pool.setdefault(dcode, []).append(council)
        district_pool[dcode].extend(plan.cbos.get(council, ()))
    districts = sorted(district_pool)
    speakers = [plan.agencies[t] for t in _SPEAKERS] + [b.codi_regional[plan.region]]
    found: list[EventRow] = []
    for _ in range(b.spec.events_per_province):
        pattern, _en, level = rng.choice(names.EVENT_KINDS)
        start = date.fromordinal(rng.randrange(_EVENT_FIRST, _EVENT_LAST + 1))
        if level == "district" and districts:
            code = rng.choice(districts)
            d = next(x for x in plan.districts if x.code == code)
            dname = d.name_th if plan.code == BANGKOK else "อำเภอ" + d.name_th
            title = pattern.format(d=dname)
            place = "ที่ว่าการ" + dname if plan.code != BANGKOK else "สำนักงาน" + dname
            pool = district_pool[code]
            organiser = plan.district_councils.get(code) or pool[0]
        else:
            title = pattern.format(p=where)
            place = rng.choice(
                (
                    "ศาลากลาง" + where,
                    "หอประชุม" + b.orgs[plan.agencies[AgencyType.PAO]].name_th,
                    *(b.orgs[a].name_th for a in plan.academics),
                )
            )
            pool = province_pool + rng.sample(cbos_all, min(len(cbos_all), 40))
            organiser = plan.provincial or plan.agencies[AgencyType.PAO]
        year = start.year + 543
        key = (title, str(year))
        counters[key] = counters.get(key, 0) + 1
        title = f"{title} ครั้งที่ {counters[key]}/{year}"
        node_id = id_from_parts(NodeKind.EVENT, (start.isoformat(), *title.split(" ")), p.code)
        while node_id in ids:  # same title and day: next day
            start = start + timedelta(days=1)
            node_id = id_from_parts(NodeKind.EVENT, (start.isoformat(), *title.split(" ")), p.code)
        ids.add(node_id)
        end = start + timedelta(days=1) if rng.random() < 0.3 else start
        size = min(len(pool), int(6 + 6 * rng.paretovariate(2.0)), 80)
        chosen = rng.sample(pool, size)
        participants = {organiser: ParticipationRole.ORGANISER}
        for speaker in rng.sample(speakers, 1 + (rng.random() < 0.5)):
            participants.setdefault(speaker, ParticipationRole.SPEAKER)
        for member in chosen:
            participants.setdefault(member, ParticipationRole.PARTICIPANT)
        row = EventRow(node_id, title, start, end, p.code, place, list(participants.items()))
        b.events.append(row)
        if pattern.startswith("เวทีสมัชชา"):
            found.append(row)
    return sorted(found, key=lambda e: (e.start_date, e.id))
