"""Baseline ties of the synthetic network: councils, member organisations, agencies.

Heavy tails come from preferential attachment: a community organisation picks partners from
pools in which every organisation appears once plus once per tie it already has, so the
well-connected get more; 75% of its partners are in its own district, 20% elsewhere in the
province and 5% elsewhere in the region (regional clustering). Agencies (CODI's regional
office, PAOs, governors' offices) become hubs through the councils and groups they fund,
support and work with.

Councils the plants control (`Builder.restricted`) get no baseline ties at all; councils
without a planted tie (`no_lg`, `no_network`) get all the others.
"""

from __future__ import annotations

from collections import defaultdict

from partnernet.graph.model import AgencyType, NodeKind, PartnershipForm, RelType
from partnernet.synth import names
from partnernet.synth.build import Builder, ProvincePlan
from partnernet.synth.rows import OrgRow, id_from_parts, weighted

_CBO_FUNDERS: dict[str, tuple[AgencyType, RelType, float]] = {
    "housing_cooperative": (AgencyType.CODI_OFFICE, RelType.FUNDS, 0.7),
    "welfare_fund": (AgencyType.MSDHS_OFFICE, RelType.SUPPORTS, 0.2),
    "community_enterprise": (AgencyType.CDD_OFFICE, RelType.SUPPORTS, 0.15),
    "savings_group": (AgencyType.CDD_OFFICE, RelType.SUPPORTS, 0.1),
    "elderly_club": (AgencyType.MSDHS_OFFICE, RelType.SUPPORTS, 0.1),
}


class Pools:
    """Preferential-attachment pools by district, province and region."""

    def __init__(self) -> None:
        self.district: dict[str, list[str]] = defaultdict(list)
        self.province: dict[str, list[str]] = defaultdict(list)
        self.region: dict[str, list[str]] = defaultdict(list)
        self.place: dict[str, tuple[str, str, str]] = {}

    def add(self, node: str, district: str, province: str, region: str) -> None:
        self.place[node] = (district, province, region)
        self.district[district].append(node)
        self.province[province].append(node)
        self.region[region].append(node)

    def reward(self, node: str) -> None:
        district, province, region = self.place[node]
        self.district[district].append(node)
        self.province[province].append(node)
        self.region[region].append(node)


def baseline(b: Builder) -> None:
    """Every baseline tie of every province (after the plants are chosen)."""
    for region, codes in b.regions.items():
        regional = b.regional_councils[region]
        codi = b.codi_regional[region]
        region_academics = [a for code in codes for a in b.provinces[code].academics]
        for code in codes:
            plan = b.provinces[code]
            _provincial_network(b, plan, regional, codi, region_academics)
            _district_councils(b, plan)
            _local_councils(b, plan, codi)
            _others(b, plan)
        # Provincial networks of a region know each other.
        networks = [b.provinces[c].provincial for c in codes if b.provinces[c].provincial]
        for i, council in enumerate(networks):
            if council and len(networks) > 1:
                other = networks[(i + 1 + b.rng.randrange(len(networks) - 1)) % len(networks)]
                if other:
                    b.partner(council, other, PartnershipForm.CO_ORGANISED)
    _member_organisations(b)


def _provincial_network(
    b: Builder, plan: ProvincePlan, regional: str, codi: str, region_academics: list[str]
) -> None:
    council = plan.provincial
    if council is None:
        return
    rng, missing = b.rng, b.missing_role.get(plan.code)
    for role, type_, form in (
        ("governor_office", AgencyType.GOVERNOR_OFFICE, PartnershipForm.COMMITTEE),
        ("pao", AgencyType.PAO, PartnershipForm.MOU),
        ("msdhs_office", AgencyType.MSDHS_OFFICE, PartnershipForm.JOINT_PROJECT),
        ("cdd_office", AgencyType.CDD_OFFICE, PartnershipForm.JOINT_PROJECT),
    ):
        if missing != role:
            b.partner(council, plan.agencies[type_], form)
    if missing != "codi_office":
        b.tie(RelType.FUNDS, codi, council)
    if missing != "university" and region_academics:
        own = plan.academics or region_academics
        b.partner(council, rng.choice(own), PartnershipForm.TECHNICAL_SUPPORT)
    if missing != "civil_society":
        for cso in rng.sample(plan.csos, min(2, len(plan.csos))):
            b.partner(council, cso)
    if plan.privates and rng.random() < 0.5:
        b.partner(council, plan.privates[0])
    b.tie(RelType.MEMBER_OF, council, regional)
    if missing != "pao" and rng.random() < 0.5:
        b.tie(RelType.SUPPORTS, plan.agencies[AgencyType.PAO], council)


def _district_councils(b: Builder, plan: ProvincePlan) -> None:
    for district, dc in plan.district_councils.items():
        if plan.provincial:
            b.tie(RelType.MEMBER_OF, dc, plan.provincial)
        b.partner(dc, plan.district_office[district], PartnershipForm.COMMITTEE)


def _local_councils(b: Builder, plan: ProvincePlan, codi: str) -> None:
    rng = b.rng
    pao, msdhs = plan.agencies[AgencyType.PAO], plan.agencies[AgencyType.MSDHS_OFFICE]
    normal = [c for c in plan.councils if c not in b.restricted]
    pool: list[str] = list(normal)
    for council in normal:
        sub = plan.council_sub[council]
        if council not in b.no_lg:
            b.partner(
                council,
                plan.lg[sub.code],
                rng.choice((PartnershipForm.MOU, PartnershipForm.JOINT_PROJECT)),
            )
        if council not in b.no_network and plan.provincial:
            b.tie(RelType.MEMBER_OF, council, plan.provincial)
        dc = plan.district_councils.get(sub.district_code)
        if dc:
            b.tie(RelType.MEMBER_OF, council, dc)
        if council in b.no_lg or rng.random() < 0.4:
            b.tie(RelType.FUNDS, codi, council)
        if rng.random() < 0.15:
            b.tie(RelType.SUPPORTS, pao, council)
        if rng.random() < 0.1:
            b.tie(RelType.SUPPORTS, msdhs, council)
        if rng.random() < 0.25 and plan.csos:
            b.partner(council, rng.choice(plan.csos))
        if rng.random() < 0.06 and plan.academics:
            b.partner(council, rng.choice(plan.academics), PartnershipForm.TECHNICAL_SUPPORT)
        if rng.random() < 0.03 and plan.privates:
            b.partner(council, rng.choice(plan.privates))
        centre = plan.health_centre.get(sub.code)
        if centre and rng.random() < 0.8:
            b.partner(council, centre)
        school = plan.school.get(sub.code)
        if school and rng.random() < 0.6:
            b.partner(council, school)
        # Council-to-council ties, preferential: peers with many ties attract more.
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            other = rng.choice(pool)
            if other != council and b.partner(council, other, PartnershipForm.CO_ORGANISED):
                pool.append(other)
                pool.append(council)
    # Councils not tied to local government keep a peer tie, so that no single council or
    # network stands between them and every agency (that would be a gap of its own).
    for council in plan.councils:
        if council in b.no_lg and council not in b.restricted:
            district = plan.council_sub[council].district_code
            peers = [
                c
                for c in normal
                if c not in b.no_lg and plan.council_sub[c].district_code == district
            ] or [c for c in normal if c not in b.no_lg]
            b.partner(council, rng.choice(peers), PartnershipForm.CO_ORGANISED)


def _others(b: Builder, plan: ProvincePlan) -> None:
    """Civil society, universities and the private sector with agencies and each other."""
    rng = b.rng
    governor = plan.agencies[AgencyType.GOVERNOR_OFFICE]
    pao, msdhs = plan.agencies[AgencyType.PAO], plan.agencies[AgencyType.MSDHS_OFFICE]
    for cso in plan.csos:
        if rng.random() < 0.5:
            b.partner(cso, pao)
        if rng.random() < 0.5:
            b.partner(cso, msdhs)
        if len(plan.csos) > 1:
            b.partner(cso, rng.choice(plan.csos))
        if plan.academics and rng.random() < 0.3:
            b.partner(cso, rng.choice(plan.academics), PartnershipForm.TECHNICAL_SUPPORT)
    for academic in plan.academics:
        if rng.random() < 0.6:
            b.partner(academic, governor, PartnershipForm.TECHNICAL_SUPPORT)
        if rng.random() < 0.3:
            b.partner(academic, pao, PartnershipForm.TECHNICAL_SUPPORT)
    for private in plan.privates:
        if rng.random() < 0.6:
            b.partner(private, governor, PartnershipForm.COMMITTEE)
    for office in plan.offices:
        if rng.random() < 0.5:
            b.partner(office, governor, PartnershipForm.COMMITTEE)


def _member_organisations(b: Builder) -> None:
    """Community organisations: members of their council, partners of each other."""
    spec, rng = b.spec, b.rng
    pools = Pools()
    types = names.CBO_TYPES
    members: list[tuple[str, str, str, ProvincePlan]] = []  # (cbo, council, type, plan)
    for plan in b.provinces.values():
        area_word = "แขวง" if plan.code == "10" else "ตำบล"
        used: set[str] = set()
        for council in plan.councils:
            if council in b.isolated:
                continue
            sub = plan.council_sub[council]
            count = max(2, round(rng.gammavariate(4.0, spec.cbo_per_council / 4.0)))
            place = area_word + sub.name_th
            plan.cbos[council] = []
            for _ in range(count):
                type_code, type_th, type_en, issues, _w = weighted(rng, types, b._cbo_cum)
                village_th, village_en = rng.choice(names.VILLAGES)
                moo = 1 + rng.randrange(15)
                while True:
                    parts = (type_th, "บ้าน" + village_th, "หมู่", str(moo), place)
                    node_id = id_from_parts(NodeKind.COMMUNITY_ORGANIZATION, parts, plan.code)
                    if node_id not in used:
                        break
                    moo += 1
                used.add(node_id)
                extra = [rng.choice(b.issue_codes)] if rng.random() < 0.3 else []
                b.org(
                    OrgRow(
                        node_id,
                        NodeKind.COMMUNITY_ORGANIZATION,
                        " ".join(parts),
                        f"{type_en}, Ban {village_en} Moo {moo}, {sub.name_en}",
                        type_code,
                        province=plan.code,
                        district=sub.district_code,
                        subdistrict=sub.code,
                        issues=[*issues, *(e for e in extra if e not in issues)],
                    )
                )
                b.tie(RelType.MEMBER_OF, node_id, council)
                plan.cbos[council].append(node_id)
                members.append((node_id, council, type_code, plan))
                if council not in b.restricted:
                    pools.add(node_id, sub.district_code, plan.code, plan.region)
    # Partnerships, in creation order so that early organisations accumulate ties.
    for cbo, council, type_code, plan in members:
        sub = plan.council_sub[council]
        if council in b.restricted:
            group = plan.cbos[council]
            if len(group) > 1 and rng.random() < 0.5:
                b.partner(cbo, rng.choice(group))
            continue
        for _ in range(_count(rng.random(), spec.cbo_ties)):
            r = rng.random()
            pool = (
                pools.district[sub.district_code]
                if r < 0.75
                else pools.province[plan.code]
                if r < 0.95
                else pools.region[plan.region]
            )
            other = rng.choice(pool)
            if other != cbo and b.partner(cbo, other):
                pools.reward(cbo)
                pools.reward(other)
        if rng.random() < 0.12:
            b.partner(cbo, plan.lg[sub.code])
        funder = _CBO_FUNDERS.get(type_code)
        if funder and rng.random() < funder[2]:
            agency = (
                b.codi_regional[plan.region]
                if funder[0] is AgencyType.CODI_OFFICE
                else plan.agencies[funder[0]]
            )
            b.tie(funder[1], agency, cbo)
        if type_code == "health_volunteers" and sub.code in plan.health_centre:
            b.partner(cbo, plan.health_centre[sub.code])
        if type_code == "youth_group" and sub.code in plan.school:
            b.partner(cbo, plan.school[sub.code])
        if rng.random() < 0.04 and plan.csos:
            b.partner(cbo, rng.choice(plan.csos))


def _count(u: float, mean: float) -> int:
    """A small heavy-ish count with the given mean (geometric)."""
    p = 1.0 / (1.0 + mean)
    n = 0
    threshold = 1.0 - p
    acc = threshold
    while u < acc and n < 50:
        n += 1
        acc *= threshold
    return n
