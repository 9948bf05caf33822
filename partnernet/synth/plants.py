"""Planted gaps of the synthetic network, and its ground truth.

`Planter.choose` picks, before any tie is written, which provinces and councils carry a gap:

- province level: a provincial network without one template partner role
  (`missing_partner_role`, roles cycled), a province without a provincial network
  (`no_provincial_network`) or without a district council (`no_district_mechanism`);
- council level: isolated councils, councils not tied to their local government or to the
  provincial network, a district network that is the only link of 2–3 councils to any agency
  (`single_point_of_failure`), a pair of councils tied only to each other
  (`disconnected_component`), councils working on an issue no agency partner works on;
- proposals (written by `synthetic_proposals`): old proposals never submitted, never
  answered, answered but not adopted; a council never heard; the provincial committee
  (ก.บ.จ.) never responding — `choose` only picks the committee's provinces.

Every plant is written to the ground truth, with what it implies (an isolated council is also
unlinked from its local government and its provincial network, ...).
"""

from __future__ import annotations

from collections.abc import Iterator

from partnernet.foundation.errors import InvalidInput
from partnernet.graph.model import (
    AgencyType,
    CivilSocietyType,
    NodeKind,
    PartnershipForm,
    make_id,
)
from partnernet.synth import names
from partnernet.synth.build import (
    BANGKOK,
    Builder,
    ProvincePlan,
    by_district,
)
from partnernet.synth.rows import (
    EventRow,
    OrgRow,
    PlantedGap,
)

ROLES = (
    "governor_office",
    "pao",
    "msdhs_office",
    "cdd_office",
    "codi_office",
    "university",
    "civil_society",
)
LG_KIND = "subdistrict_council_unlinked_local_government"
NET_KIND = "subdistrict_council_unlinked_network"


class Planter:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.rng = b.rng
        self.truth: list[PlantedGap] = []
        self.used: set[str] = set()
        self.no_network_provinces: list[str] = []
        self.silent: dict[str, str] = {}  # province -> agency that never responds
        self.spof: list[tuple[str, list[str]]] = []  # (province, councils)
        self.component: list[tuple[str, list[str]]] = []
        self.assemblies: dict[str, list[EventRow]] = {}  # province -> assemblies by date

    # -- choosing --------------------------------------------------------------------------

    def choose(self) -> None:
        b, rng, n = self.b, self.rng, self.b.spec.plants
        codes = list(b.provinces)
        rng.shuffle(codes)
        queue = list(codes)
        roles = list(ROLES)
        rng.shuffle(roles)
        for i in range(min(n, len(queue))):
            code = queue.pop(0)
            role = roles[i % len(roles)]
            plan = b.provinces[code]
            b.missing_role[code] = role
            assert plan.provincial
            self.plant(
                "missing_partner_role",
                code,
                [plan.provincial],
                role=role,
                cause=f"the provincial network has no tie to its {role} partner",
            )
        for _ in range(max(1, n // 3)):
            if len(queue) < 2:
                break
            code = queue.pop(0)
            plan = b.provinces[code]
            assert plan.provincial
            del b.orgs[plan.provincial]
            plan.provincial = None
            self.no_network_provinces.append(code)
            self.plant(
                "no_provincial_network",
                code,
                [f"province:{code}"],
                cause="the province has no provincial council network",
            )
        for _ in range(max(1, n // 3)):
            if not queue:
                break
            code = queue.pop(0)
            plan = b.provinces[code]
            for council in plan.district_councils.values():
                del b.orgs[council]
            plan.district_councils = {}
            self.plant(
                "no_district_mechanism",
                code,
                [f"province:{code}"],
                cause="the province has no district council",
            )

        eligible = [
            c
            for c in codes
            if c not in self.no_network_provinces and len(b.provinces[c].councils) >= 12
        ]
        spread = cycle(eligible)
        for _ in range(n):
            self._isolated(b.provinces[next(spread)])
            self._unlinked(b.provinces[next(spread)], lg=True)
            self._unlinked(b.provinces[next(spread)], lg=False)
            self._single_point(b.provinces[next(spread)])
            self._issue(b.provinces[next(spread)])
        for _ in range(max(1, n // 2)):
            self._component(b.provinces[next(spread)])
            code = next(spread)
            self.silent.setdefault(code, b.provinces[code].agencies[AgencyType.COMMITTEE])

    def plant(
        self,
        kind: str,
        province: str,
        subjects: list[str],
        *,
        role: str | None = None,
        planted: bool = True,
        cause: str = "",
    ) -> None:
        self.truth.append(PlantedGap(kind, province, sorted(subjects), role, planted, cause))

    def _free(self, plan: ProvincePlan) -> list[str]:
        return [c for c in plan.councils if c not in self.used]

    def _take(self, plan: ProvincePlan, k: int, same_district: bool = False) -> list[str]:
        free = self._free(plan)
        if same_district:
            groups = [g for _, g in sorted(by_district(plan, free).items()) if len(g) >= k]
            if not groups:
                return []
            free = self.rng.choice(groups)
        if len(free) < k:
            return []
        chosen = sorted(self.rng.sample(free, k))
        self.used.update(chosen)
        return chosen

    def _narrow_issues(self, plan: ProvincePlan, councils: list[str]) -> None:
        """Councils without their own agency ties work only on their network's issues, so
        that no issue gap appears that was not planted."""
        pool = self.b.provincial_issues(plan.region)
        for council in councils:
            self.b.orgs[council].issues = sorted(self.rng.sample(pool, 2), key=pool.index)

    def _isolated(self, plan: ProvincePlan) -> None:
        councils = self._take(plan, 1 + (self.rng.random() < 0.5))
        if councils:
            self.b.isolated.update(councils)
            self.b.restricted.update(councils)
            self._narrow_issues(plan, councils)
            self.plant(
                "isolated_council",
                plan.code,
                councils,
                cause="registered councils with no partner, member or network",
            )

    def _unlinked(self, plan: ProvincePlan, lg: bool) -> None:
        councils = self._take(plan, 2)
        if not councils:
            return
        if lg:
            self.b.no_lg.update(councils)
            self._narrow_issues(plan, councils)
            self.plant(
                LG_KIND,
                plan.code,
                councils,
                cause="councils with no tie to their SAO or municipality",
            )
        else:
            self.b.no_network.update(councils)
            self.plant(
                NET_KIND,
                plan.code,
                councils,
                cause="councils outside the provincial council network",
            )

    def _single_point(self, plan: ProvincePlan) -> None:
        b = self.b
        councils = self._take(plan, 2 + (self.rng.random() < 0.5), same_district=True)
        if not councils:
            return
        district = b.provinces[plan.code].council_sub[councils[0]].district_code
        dname = next(d for d in plan.districts if d.code == district)
        where = dname.name_th if plan.code == BANGKOK else "อำเภอ" + dname.name_th
        th = "เครือข่ายองค์กรชุมชน" + where
        broker = b.org(
            OrgRow(
                make_id(NodeKind.CIVIL_SOCIETY_GROUP, th, plan.code),
                NodeKind.CIVIL_SOCIETY_GROUP,
                th,
                f"{dname.name_en} Community Organisation Network",
                CivilSocietyType.NETWORK.value,
                province=plan.code,
                district=district,
                issues=b.provincial_issues(plan.region)[:2],
            )
        ).id
        b.restricted.update(councils)
        self._narrow_issues(plan, councils)
        b.partner(broker, plan.agencies[AgencyType.PAO], PartnershipForm.JOINT_PROJECT)
        if plan.provincial and b.missing_role.get(plan.code) != "civil_society":
            b.partner(broker, plan.provincial, PartnershipForm.CO_ORGANISED)
        for council in councils:
            b.partner(council, broker, PartnershipForm.JOINT_PROJECT)
        self.spof.append((plan.code, councils))
        self.plant(
            "single_point_of_failure",
            plan.code,
            [broker],
            cause=f"the only link of {', '.join(councils)} to any agency",
        )

    def _component(self, plan: ProvincePlan) -> None:
        councils = self._take(plan, 2, same_district=True)
        if not councils:
            return
        self.b.restricted.update(councils)
        self._narrow_issues(plan, councils)
        self.b.partner(councils[0], councils[1], PartnershipForm.CO_ORGANISED)
        self.component.append((plan.code, councils))
        self.plant(
            "disconnected_component",
            plan.code,
            councils,
            cause="two councils tied to each other and to nobody else",
        )

    def _issue(self, plan: ProvincePlan) -> None:
        councils = self._take(plan, 2 + (self.rng.random() < 0.5))
        if not councils:
            return
        issue = names.RESERVED_ISSUES[0]
        for council in councils:
            self.b.orgs[council].issues.append(issue)
        self.plant(
            "issue_without_agency_partner",
            plan.code,
            [f"issue:{issue}", *councils],
            cause=f"councils work on {issue}; no agency partner of theirs does",
        )

    # -- implied gaps ----------------------------------------------------------------------

    def implied(self) -> None:
        b = self.b
        planted_lg = {c for g in self.truth if g.kind == LG_KIND for c in g.subjects}
        planted_net = {c for g in self.truth if g.kind == NET_KIND for c in g.subjects}
        for code, plan in b.provinces.items():
            lg: list[str] = []
            net: list[str] = []
            for council in plan.councils:
                controlled = council in b.restricted
                if controlled and council not in planted_lg:
                    lg.append(council)
                if (controlled or code in self.no_network_provinces) and council not in planted_net:
                    net.append(council)
            if lg:
                self.plant(
                    LG_KIND,
                    code,
                    lg,
                    planted=False,
                    cause="isolated, cut-off or disconnected councils have no local "
                    "government tie either",
                )
            if net:
                self.plant(
                    NET_KIND,
                    code,
                    net,
                    planted=False,
                    cause="no provincial network to belong to, or a controlled council",
                )


def cycle(items: list[str]) -> Iterator[str]:
    if not items:
        raise InvalidInput("no province can carry the planted gaps at this scale")
    while True:
        yield from items
