"""The generator behind :mod:`partnernet.synth.generate`: organisations and baseline ties.

`Builder` lays the network out province by province on geothai's real units, then
`partnernet.synth.plants` plants the gaps, writes proposals and events, and records
the ground truth. The baseline is built so that, for every gap kind the generator plants, it
has no gap of its own: every local council is tied to its local government and to its
provincial network, every provincial network to each partner role of the template, every issue
a council works on to an agency partner on it, every old proposal is adopted. So every gap of
a planted kind that an analysis finds is either planted (or implied by a plant) or a false
positive.

Determinism: one `random.Random(seed)`, every collection iterated in insertion or sorted
order (never a set), so a seed gives the same rows on every run and machine.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import TypeVar

from partnernet.foundation import geography as geo
from partnernet.graph.issues import issues as issue_vocabulary
from partnernet.graph.model import (
    AgencyType,
    CivilSocietyType,
    CouncilLevel,
    NodeKind,
    PartnershipForm,
    RelType,
    agency_id,
    council_id,
    make_id,
)
from partnernet.synth import names
from partnernet.synth.rows import (
    EventRow,
    OrgRow,
    PlantedGap,
    ProposalRow,
    RelRow,
    ScaleSpec,
    weighted,
)

T = TypeVar("T")

BANGKOK = "10"
# Published: 4,331 councils for 7,455 subdistrict-level areas.
COUNCIL_SHARE = 4331 / 7455
DISTRICT_COUNCIL_SHARE = 0.35
SAO_SHARE = 0.72  # the other subdistricts are governed by a (town/subdistrict) municipality
_SINCE_FIRST = date(2010, 1, 1).toordinal()
_SINCE_LAST = date(2025, 3, 31).toordinal()


@dataclass
class ProvincePlan:
    """Everything the generator placed in one province (ids)."""

    info: geo.Province
    region: str
    districts: list[geo.District]
    subs: dict[str, list[geo.Subdistrict]]  # district code -> subdistricts
    agencies: dict[AgencyType, str] = field(default_factory=dict)  # one per type
    offices: list[str] = field(default_factory=list)  # provincial_office agencies
    lg: dict[str, str] = field(default_factory=dict)  # subdistrict code -> SAO/municipality
    district_office: dict[str, str] = field(default_factory=dict)
    health_centre: dict[str, str] = field(default_factory=dict)  # subdistrict -> health
    school: dict[str, str] = field(default_factory=dict)  # subdistrict -> school
    councils: list[str] = field(default_factory=list)  # local (subdistrict, municipal)
    council_sub: dict[str, geo.Subdistrict] = field(default_factory=dict)
    district_councils: dict[str, str] = field(default_factory=dict)
    provincial: str | None = None
    csos: list[str] = field(default_factory=list)
    academics: list[str] = field(default_factory=list)
    privates: list[str] = field(default_factory=list)
    cbos: dict[str, list[str]] = field(default_factory=dict)  # council -> members

    @property
    def code(self) -> str:
        return self.info.code

    def where(self) -> str:
        """ "จังหวัดขอนแก่น", or "กรุงเทพมหานคร" for Bangkok."""
        return self.info.name_th if self.code == BANGKOK else "จังหวัด" + self.info.name_th


class Builder:
    """Organisations and baseline ties; plants, proposals and events are added by
    `synthetic_plants.plant_and_finish`."""

    def __init__(self, spec: ScaleSpec, seed: int) -> None:
        self.spec = spec
        self.seed = seed
        self.rng = random.Random(f"partnernet-synthetic:{spec.name}:{seed}")
        self.orgs: dict[str, OrgRow] = {}
        self.rels: list[RelRow] = []
        self._rel_keys: set[tuple[str, str, str]] = set()
        self.proposals: list[ProposalRow] = []
        self.events: list[EventRow] = []
        self.gaps: list[PlantedGap] = []
        self.provinces: dict[str, ProvincePlan] = {}
        self.regions: dict[str, list[str]] = {}  # region6 code -> province codes
        self.codi_regional: dict[str, str] = {}
        self.regional_councils: dict[str, str] = {}
        self.national: dict[str, str] = {}
        self.national_council = council_id(CouncilLevel.NATIONAL, None)
        vocabulary = [i.code for i in issue_vocabulary() if i.code not in names.RESERVED_ISSUES]
        self.issue_codes = vocabulary
        self._issue_cum: dict[str, list[float]] = {}
        self._cbo_cum = list(accumulate(t[4] for t in names.CBO_TYPES))
        # Controlled councils: their ties are written by the plants, never by the baseline.
        self.restricted: set[str] = set()
        self.no_lg: set[str] = set()  # local councils not tied to their local government
        self.no_network: set[str] = set()  # local councils not tied to the provincial network
        self.extra_issue: dict[str, str] = {}  # council -> reserved issue (issue-gap plants)
        self.isolated: set[str] = set()  # councils with no tie at all
        self.missing_role: dict[str, str] = {}  # province -> template role left out

    # -- rows ------------------------------------------------------------------------------

    def org(self, row: OrgRow) -> OrgRow:
        if row.id in self.orgs:  # names are made unique before ids; this is a bug guard
            raise AssertionError(f"duplicate synthetic id {row.id}")
        self.orgs[row.id] = row
        return row

    def tie(
        self,
        type_: RelType,
        source: str,
        target: str,
        form: PartnershipForm | None = None,
        weight: float | None = None,
    ) -> bool:
        """Add a relationship once (PARTNERS_WITH counts either direction as the same)."""
        if source == target:
            return False
        if type_ is RelType.PARTNERS_WITH and target < source:
            key = (type_.value, target, source)
        else:
            key = (type_.value, source, target)
        if key in self._rel_keys:
            return False
        self._rel_keys.add(key)
        since = None
        if type_ in (RelType.PARTNERS_WITH, RelType.MEMBER_OF, RelType.FUNDS, RelType.SUPPORTS):
            since = date.fromordinal(
                _SINCE_FIRST + self.rng.randrange(_SINCE_LAST - _SINCE_FIRST + 1)
            )
        if type_ is RelType.PARTNERS_WITH and weight is None:
            weight = float(1 + min(4, int(self.rng.expovariate(0.9))))
        self.rels.append(RelRow(type_, source, target, form, since, weight))
        return True

    def partner(self, a: str, b: str, form: PartnershipForm | None = None) -> bool:
        if form is None:
            form = self.rng.choice(_FORMS)
        return self.tie(RelType.PARTNERS_WITH, a, b, form)

    # -- layout ----------------------------------------------------------------------------

    def selected_provinces(self) -> list[geo.Province]:
        spec = self.spec
        out = []
        for p in geo.provinces():
            if spec.provinces is not None and p.code not in spec.provinces:
                continue
            if spec.regions is not None and p.region6 not in spec.regions:
                continue
            out.append(p)
        return out

    def build(self) -> None:
        for p in self.selected_provinces():
            districts = geo.districts(p.code)
            subs = {d.code: geo.subdistricts(district_code=d.code) for d in districts}
            self.provinces[p.code] = ProvincePlan(p, p.region6, districts, subs)
            self.regions.setdefault(p.region6, []).append(p.code)
        self._national_bodies()
        for region, codes in self.regions.items():
            self._regional_bodies(region, codes)
        for plan in self.provinces.values():
            self._province_bodies(plan)

    def council_issues(self, region: str, n: int = 3) -> list[str]:
        cum = self._issue_cum.get(region)
        if cum is None:
            extra = names.REGION_ISSUE_WEIGHTS.get(region, {})
            cum = list(accumulate(1.0 + extra.get(code, 0.0) for code in self.issue_codes))
            self._issue_cum[region] = cum
        found: list[str] = []
        while len(found) < n:
            code = weighted(self.rng, self.issue_codes, cum)
            if code not in found:
                found.append(code)
        return found

    def provincial_issues(self, region: str) -> list[str]:
        extra = names.REGION_ISSUE_WEIGHTS.get(region, {})
        top = sorted(extra, key=lambda code: (-extra[code], code))[:4]
        return [*top, "decentralisation"] if "decentralisation" not in top else top

    def _national_bodies(self) -> None:
        for type_, th, en, aliases, issues in names.NATIONAL_AGENCIES:
            node = self.org(
                OrgRow(
                    agency_id(type_, None, th),
                    NodeKind.AGENCY,
                    th,
                    en,
                    type_.value,
                    issues=list(issues),
                    aliases=list(aliases),
                )
            )
            self.national.setdefault(type_.value, node.id)
        self.org(
            OrgRow(
                self.national_council,
                NodeKind.COUNCIL,
                "ที่ประชุมสภาองค์กรชุมชนระดับชาติ",
                "National Assembly of Community Organization Councils",
                level=CouncilLevel.NATIONAL.value,
                issues=["decentralisation", "land", "housing", "welfare"],
            )
        )
        codi = self.national[AgencyType.CODI_OFFICE.value]
        ministry = self.national[AgencyType.MINISTRY.value]
        self.tie(RelType.SUPPORTS, ministry, codi)
        for target in (codi, ministry, self.national[AgencyType.HEALTH.value]):
            self.partner(self.national_council, target, PartnershipForm.COMMITTEE)

    def _regional_bodies(self, region: str, codes: list[str]) -> None:
        seat, th, en = names.CODI_REGIONAL_OFFICES[region]
        if seat not in codes:
            seat = codes[0]
        codi_issues = ["housing", "land", "welfare", "economy", "decentralisation", "data"]
        office = self.org(
            OrgRow(
                agency_id(AgencyType.CODI_OFFICE, seat, th),
                NodeKind.AGENCY,
                th,
                en,
                AgencyType.CODI_OFFICE.value,
                province=seat,
                issues=list(codi_issues),
                aliases=["พอช." + th.rsplit(" ", 1)[-1]],
            )
        )
        self.codi_regional[region] = office.id
        self.tie(RelType.FUNDS, self.national[AgencyType.CODI_OFFICE.value], office.id)
        region_info = geo.resolve_region(region, "region6")
        council = self.org(
            OrgRow(
                council_id(CouncilLevel.REGIONAL, region),
                NodeKind.COUNCIL,
                "เครือข่ายสภาองค์กรชุมชน" + region_info.name_th,
                f"{region_info.name_en} Regional Community Organization Council Network",
                level=CouncilLevel.REGIONAL.value,
                issues=codi_issues[:3],
            )
        )
        self.regional_councils[region] = council.id
        self.partner(council.id, office.id, PartnershipForm.JOINT_PROJECT)
        self.tie(RelType.MEMBER_OF, council.id, self.national_council)

    def _province_bodies(self, plan: ProvincePlan) -> None:
        p, where = plan.info, plan.where()
        for type_, prefix, en, issues in names.PROVINCIAL_AGENCIES:
            th = _provincial_name(prefix, p)
            row = self.org(
                OrgRow(
                    agency_id(type_, p.code, th),
                    NodeKind.AGENCY,
                    th,
                    en.format(p=p.name_en),
                    type_.value,
                    province=p.code,
                    issues=list(issues),
                )
            )
            abbreviation = names.AGENCY_ABBREVIATIONS.get(type_)
            if abbreviation:
                row.aliases.append(abbreviation + p.name_th)
            if type_ is AgencyType.PROVINCIAL_OFFICE:
                plan.offices.append(row.id)
            else:
                plan.agencies[type_] = row.id
        if p.code == BANGKOK:  # Bangkok City Hall is its governor's office; BMA is its PAO
            self.orgs[plan.agencies[AgencyType.GOVERNOR_OFFICE]].name_th = "ศาลาว่าการกรุงเทพมหานคร"
            bma = self.orgs[plan.agencies[AgencyType.PAO]]
            bma.name_th, bma.name_en = "กรุงเทพมหานคร", "Bangkok Metropolitan Administration"
            bma.aliases = ["กทม.", "BMA"]
        for type_ in (
            AgencyType.GOVERNOR_OFFICE,
            AgencyType.PAO,
            AgencyType.MSDHS_OFFICE,
            AgencyType.CDD_OFFICE,
        ):
            self.tie(RelType.SERVES, plan.agencies[type_], f"province:{p.code}")
        governor, pao = plan.agencies[AgencyType.GOVERNOR_OFFICE], plan.agencies[AgencyType.PAO]
        provincial_issues = self.provincial_issues(plan.region)
        for agency in (governor, pao):
            _extend(self.orgs[agency].issues, provincial_issues)

        self._local_government(plan)
        self._councils(plan, provincial_issues)
        self._civil_society(plan, where)

    def _local_government(self, plan: ProvincePlan) -> None:
        rng, p = self.rng, plan.info
        for district in plan.districts:
            if p.code == BANGKOK:
                # Each Bangkok district office (สำนักงานเขต) is the local government of its
                # khwaeng: typed as a municipality so the template's local-government role
                # applies to Bangkok's councils as to everyone else's.
                th = "สำนักงาน" + district.name_th
                office = self.org(
                    OrgRow(
                        agency_id(AgencyType.MUNICIPALITY, district.code, th),
                        NodeKind.AGENCY,
                        th,
                        f"{district.name_en} District Office",
                        AgencyType.MUNICIPALITY.value,
                        province=p.code,
                        district=district.code,
                        issues=[],
                    )
                )
                self.tie(RelType.SERVES, office.id, f"district:{district.code}")
                for sub in plan.subs[district.code]:
                    plan.lg[sub.code] = office.id
                continue
            for sub in plan.subs[district.code]:
                base = [rng.choice(("water", "disaster", "education", "health", "elderly"))]
                if sub.code.endswith("0101") and sub.district_code.endswith("01"):
                    kind = "เทศบาลนคร" if p.code in names.CITY_MUNICIPALITIES else "เทศบาลเมือง"
                    th = kind + p.name_th
                    en = ("City" if kind == "เทศบาลนคร" else "Town") + f" of {p.name_en}"
                    sao = False
                elif rng.random() < SAO_SHARE:
                    th, en, sao = "องค์การบริหารส่วนตำบล" + sub.name_th, "", True
                    en = f"{sub.name_en} Subdistrict Administrative Organisation"
                else:
                    th = "เทศบาลตำบล" + sub.name_th
                    en, sao = f"{sub.name_en} Subdistrict Municipality", False
                type_ = AgencyType.SAO if sao else AgencyType.MUNICIPALITY
                row = self.org(
                    OrgRow(
                        agency_id(type_, sub.code, th),
                        NodeKind.AGENCY,
                        th,
                        en,
                        type_.value,
                        province=p.code,
                        district=sub.district_code,
                        subdistrict=sub.code,
                        issues=base,
                        aliases=["อบต." + sub.name_th] if sao else [],
                    )
                )
                plan.lg[sub.code] = row.id
                self.tie(RelType.SERVES, row.id, f"subdistrict:{sub.code}")

    def _councils(self, plan: ProvincePlan, provincial_issues: list[str]) -> None:
        rng, p = self.rng, plan.info
        th = "เครือข่ายสภาองค์กรชุมชน" + plan.where()
        plan.provincial = self.org(
            OrgRow(
                council_id(CouncilLevel.PROVINCIAL, p.code),
                NodeKind.COUNCIL,
                th,
                f"{p.name_en} Provincial Community Organization Council Network",
                level=CouncilLevel.PROVINCIAL.value,
                province=p.code,
                issues=list(provincial_issues),
            )
        ).id
        area_word = "แขวง" if p.code == BANGKOK else "ตำบล"
        for district in plan.districts:
            for sub in plan.subs[district.code]:
                if rng.random() >= COUNCIL_SHARE:
                    continue
                lg = self.orgs[plan.lg[sub.code]]
                municipal = lg.type == AgencyType.MUNICIPALITY.value and p.code != BANGKOK
                level = CouncilLevel.MUNICIPAL if municipal else CouncilLevel.SUBDISTRICT
                th = "สภาองค์กรชุมชน" + (lg.name_th if municipal else area_word + sub.name_th)
                en = (
                    f"{sub.name_en} {'Municipal' if municipal else 'Subdistrict'} Community "
                    "Organization Council"
                )
                row = self.org(
                    OrgRow(
                        council_id(level, sub.code),
                        NodeKind.COUNCIL,
                        th,
                        en,
                        level=level.value,
                        province=p.code,
                        district=sub.district_code,
                        subdistrict=sub.code,
                        issues=self.council_issues(plan.region),
                    )
                )
                plan.councils.append(row.id)
                plan.council_sub[row.id] = sub
                _extend(lg.issues, row.issues)
        # District mechanisms: a district council in about a third of the districts with
        # councils, at least one per province.
        with_councils = sorted({plan.council_sub[c].district_code for c in plan.councils})
        chosen = [d for d in with_councils if rng.random() < DISTRICT_COUNCIL_SHARE]
        if not chosen and with_councils:
            chosen = [rng.choice(with_councils)]
        by_code = {d.code: d for d in plan.districts}
        for code in chosen:
            district = by_code[code]
            dname = district.name_th.removeprefix("เขต")
            issues = self.council_issues(plan.region, 2)
            row = self.org(
                OrgRow(
                    council_id(CouncilLevel.DISTRICT, code),
                    NodeKind.COUNCIL,
                    "สภาองค์กรชุมชนระดับอำเภอ" + dname
                    if p.code != BANGKOK
                    else "สภาองค์กรชุมชนระดับเขต" + dname,
                    f"{district.name_en} District Community Organization Council",
                    level=CouncilLevel.DISTRICT.value,
                    province=p.code,
                    district=code,
                    issues=issues,
                )
            )
            plan.district_councils[code] = row.id
            office = self.district_office(plan, district)
            _extend(self.orgs[office].issues, issues)

    def district_office(self, plan: ProvincePlan, district: geo.District) -> str:
        found = plan.district_office.get(district.code)
        if found is None:
            if plan.code == BANGKOK:
                found = plan.lg[plan.subs[district.code][0].code]
            else:
                th = "ที่ว่าการอำเภอ" + district.name_th
                found = self.org(
                    OrgRow(
                        agency_id(AgencyType.OTHER, district.code, th),
                        NodeKind.AGENCY,
                        th,
                        f"{district.name_en} District Office",
                        AgencyType.OTHER.value,
                        province=plan.code,
                        district=district.code,
                        issues=["decentralisation"],
                    )
                ).id
                self.tie(RelType.SERVES, found, f"district:{district.code}")
            plan.district_office[district.code] = found
        return found

    def _civil_society(self, plan: ProvincePlan, where: str) -> None:
        rng, p = self.rng, plan.info
        count = 4 + rng.randrange(4)
        chosen = sorted(rng.sample(range(len(names.PROVINCIAL_CSOS)), count))
        for i in chosen:
            type_, prefix, en, issues = names.PROVINCIAL_CSOS[i]
            th = prefix + where
            en_name = en.format(p=p.name_en)
            if type_ is CivilSocietyType.CIVIC_ASSEMBLY and p.code in names.NAMED_CIVIC_ASSEMBLIES:
                th, en_name = names.NAMED_CIVIC_ASSEMBLIES[p.code]
            plan.csos.append(
                self.org(
                    OrgRow(
                        make_id(NodeKind.CIVIL_SOCIETY_GROUP, th, p.code),
                        NodeKind.CIVIL_SOCIETY_GROUP,
                        th,
                        en_name,
                        type_.value,
                        province=p.code,
                        issues=list(issues),
                    )
                ).id
            )
        universities = list(names.UNIVERSITIES.get(p.code, ()))
        if not universities and rng.random() < 0.5:
            th, en = names.COMMUNITY_COLLEGE
            universities = [(th + p.name_th, en.format(p=p.name_en))]
        for th, en in universities:
            plan.academics.append(
                self.org(
                    OrgRow(
                        make_id(NodeKind.ACADEMIC, th, p.code),
                        NodeKind.ACADEMIC,
                        th,
                        en,
                        "community_college" if th.startswith("วิทยาลัยชุมชน") else "university",
                        province=p.code,
                        issues=self.council_issues(plan.region, 2),
                    )
                ).id
            )
        for type_code, prefix, en in names.PROVINCIAL_PRIVATE:
            if rng.random() < 0.3 and type_code != "chamber_of_commerce":
                continue
            th = (prefix + p.name_th) if prefix.endswith("จังหวัด") else f"{prefix} {p.name_th}"
            plan.privates.append(
                self.org(
                    OrgRow(
                        make_id(NodeKind.PRIVATE_SECTOR, th, p.code),
                        NodeKind.PRIVATE_SECTOR,
                        th,
                        en.format(p=p.name_en),
                        type_code,
                        province=p.code,
                        issues=["economy"],
                    )
                ).id
            )
        for council in plan.councils:
            sub = plan.council_sub[council]
            if rng.random() < 0.6:
                th = "โรงพยาบาลส่งเสริมสุขภาพตำบล" + sub.name_th
                plan.health_centre[sub.code] = self.org(
                    OrgRow(
                        agency_id(AgencyType.HEALTH, sub.code, th),
                        NodeKind.AGENCY,
                        th,
                        f"{sub.name_en} Subdistrict Health Promoting Hospital",
                        AgencyType.HEALTH.value,
                        province=p.code,
                        district=sub.district_code,
                        subdistrict=sub.code,
                        issues=["health", "elderly"],
                    )
                ).id
            if rng.random() < 0.5:
                th = "โรงเรียนบ้าน" + sub.name_th
                plan.school[sub.code] = self.org(
                    OrgRow(
                        agency_id(AgencyType.SCHOOL, sub.code, th),
                        NodeKind.AGENCY,
                        th,
                        f"Ban {sub.name_en} School",
                        AgencyType.SCHOOL.value,
                        province=p.code,
                        district=sub.district_code,
                        subdistrict=sub.code,
                        issues=["education", "children_youth"],
                    )
                ).id


_FORMS: tuple[PartnershipForm, ...] = (
    PartnershipForm.JOINT_PROJECT,
    PartnershipForm.JOINT_PROJECT,
    PartnershipForm.CO_ORGANISED,
    PartnershipForm.MOU,
    PartnershipForm.DATA_SHARING,
    PartnershipForm.TECHNICAL_SUPPORT,
    PartnershipForm.OTHER,
)


def _provincial_name(prefix: str, p: geo.Province) -> str:
    if p.code == BANGKOK:
        return prefix.removesuffix("จังหวัด") + p.name_th
    return prefix + ("" if prefix.endswith("จังหวัด") else "จังหวัด") + p.name_th


def _extend(target: list[str], items: Sequence[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


def by_district(plan: ProvincePlan, councils: Sequence[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for council in councils:
        grouped[plan.council_sub[council].district_code].append(council)
    return grouped
