"""Proposals of the synthetic network: a baseline with no gap, and the planted proposal gaps.

Baseline: most councils raise 0–3 proposals on their own issues, addressed to the agency the
topic belongs to (and often their own SAO or municipality); provincial networks raise a few
to the governor's office, the provincial committee and ministries. Old proposals (raised
150–1,400 days before the reference date) are adopted (in plan, funded, implemented); recent
ones (under 75 days) may still be raised, submitted or acknowledged — not due yet, so no gap.

Plants (each in the ground truth): an old proposal never answered (by a council that has had
answers, to agencies that answer others), one never submitted, one answered but never adopted;
a council whose only proposals went unanswered (`council_never_heard`); the provincial
committee receiving several proposals and answering none (`agency_never_responds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from partnernet.graph.model import AgencyType, NodeKind, ProposalModel, ProposalStatus, RelType
from partnernet.synth import names
from partnernet.synth.build import BANGKOK, ProvincePlan
from partnernet.synth.plants import Planter, cycle
from partnernet.synth.rows import REFERENCE_DATE, ProposalRow, id_from_parts

_ANSWERED = (
    ProposalStatus.ACKNOWLEDGED,
    ProposalStatus.IN_PLAN,
    ProposalStatus.FUNDED,
    ProposalStatus.IMPLEMENTED,
)


@dataclass
class _Answered:
    agencies: dict[str, None]
    councils: dict[str, None]
    silent_free: list[str]  # councils with no proposal at all


class ProposalWriter:
    """Writes every proposal (after the plants are chosen and the events written)."""

    def __init__(self, planter: Planter) -> None:
        self.planter = planter
        self.b = planter.b
        self.rng = planter.rng
        self.silent = planter.silent
        self.used = planter.used
        self.assemblies = planter.assemblies
        self.answered: dict[str, _Answered] = {}
        self.proposal_ids: set[str] = set()

    def write(self) -> None:
        b, rng = self.b, self.rng
        for plan in b.provinces.values():
            state = _Answered({}, {}, [])
            self.answered[plan.code] = state
            silent = self.silent.get(plan.code)
            normal = [c for c in plan.councils if c not in b.restricted]
            for council in normal:
                count = _pick_count(rng.random())
                if count == 0 and council not in self.used:
                    state.silent_free.append(council)
                for _ in range(count):
                    issue = rng.choice(
                        [i for i in b.orgs[council].issues if i not in names.RESERVED_ISSUES]
                    )
                    targets = [self._addressee(plan, issue)]
                    if rng.random() < 0.4:
                        targets.insert(0, plan.lg[plan.council_sub[council].code])
                    self._baseline_proposal(plan, [council], targets, issue, state, None)
            if plan.provincial:
                for _ in range(2 + rng.randrange(3)):
                    issue = rng.choice(b.orgs[plan.provincial].issues)
                    targets = [plan.agencies[AgencyType.GOVERNOR_OFFICE]]
                    if silent is None and rng.random() < 0.6:
                        targets.append(plan.agencies[AgencyType.COMMITTEE])
                    if rng.random() < 0.2:
                        targets.append(b.national[AgencyType.MINISTRY.value])
                    model = (
                        rng.choice(
                            (
                                ProposalModel.INTEGRATED_PROVINCE,
                                ProposalModel.SELF_GOVERNING_PROVINCE,
                            )
                        )
                        if issue == "decentralisation"
                        else None
                    )
                    self._baseline_proposal(plan, [plan.provincial], targets, issue, state, model)
        self._planted_proposals()

    def _addressee(self, plan: ProvincePlan, issue: str) -> str:
        type_ = names.PROPOSAL_TOPICS[issue][2][0]
        if type_ is AgencyType.PROVINCIAL_OFFICE:
            for office in plan.offices:
                if issue in self.b.orgs[office].issues:
                    return office
            return plan.agencies[AgencyType.GOVERNOR_OFFICE]
        return plan.agencies[type_]

    def _baseline_proposal(
        self,
        plan: ProvincePlan,
        proposers: list[str],
        targets: list[str],
        issue: str,
        state: _Answered,
        model: ProposalModel | None,
    ) -> None:
        rng = self.rng
        if rng.random() < 0.8:
            raised = REFERENCE_DATE - timedelta(days=150 + rng.randrange(1250))
            status = rng.choice(
                (
                    ProposalStatus.IN_PLAN,
                    ProposalStatus.IN_PLAN,
                    ProposalStatus.FUNDED,
                    ProposalStatus.IMPLEMENTED,
                )
            )
        else:  # recent: not due for an answer yet, whatever its status
            raised = REFERENCE_DATE - timedelta(days=3 + rng.randrange(70))
            status = rng.choice(
                (
                    ProposalStatus.RAISED,
                    ProposalStatus.SUBMITTED,
                    ProposalStatus.SUBMITTED,
                    ProposalStatus.ACKNOWLEDGED,
                )
            )
        if status is ProposalStatus.RAISED:
            targets = []
        row = self._proposal(plan, proposers, targets, issue, status, raised, model)
        if status in _ANSWERED:
            state.agencies.update(dict.fromkeys(row.submitted_to))
            state.councils.update(dict.fromkeys(row.proposed_by))

    def _proposal(
        self,
        plan: ProvincePlan,
        proposers: list[str],
        targets: list[str],
        issue: str,
        status: ProposalStatus,
        raised: date,
        model: ProposalModel | None,
    ) -> ProposalRow:
        b = self.b
        topic_th, topic_en, _ = names.PROPOSAL_TOPICS[issue]
        first = b.orgs[proposers[0]]
        if first.subdistrict:
            sub = plan.council_sub.get(first.id)
            area_th = ("แขวง" if plan.code == BANGKOK else "ตำบล") + (
                sub.name_th if sub else first.name_th
            )
            area_en = sub.name_en if sub else first.name_en or ""
        else:
            area_th, area_en = plan.where(), plan.info.name_en
        year = str(raised.year + 543)
        parts = [topic_th, area_th, "ปี", year]
        node_id = id_from_parts(NodeKind.PROPOSAL, parts, plan.code)
        n = 1
        while node_id in self.proposal_ids:
            n += 1
            parts = [topic_th, area_th, "ปี", year, "ฉบับที่", str(n)]
            node_id = id_from_parts(NodeKind.PROPOSAL, parts, plan.code)
        self.proposal_ids.add(node_id)
        row = ProposalRow(
            node_id,
            " ".join(parts),
            f"{topic_en}, {area_en} ({raised.year})" + (f" #{n}" if n > 1 else ""),
            list(proposers),
            list(dict.fromkeys(targets)),
            status,
            raised,
            [issue],
            model,
            plan.code,
        )
        b.proposals.append(row)
        if plan.provincial in proposers and self.assemblies.get(plan.code):
            events = [e for e in self.assemblies[plan.code] if e.start_date <= raised]
            if events and self.rng.random() < 0.5:
                b.tie(RelType.PRODUCED, events[-1].id, node_id)
        return row

    def _old(self) -> date:
        return REFERENCE_DATE - timedelta(days=200 + self.rng.randrange(700))

    def _planted_proposals(self) -> None:
        b, rng, n = self.b, self.rng, self.b.spec.plants
        with_answers = [
            c for c in b.provinces if self.answered[c].agencies and self.answered[c].councils
        ]
        spread = cycle(with_answers)

        def issue_of(council: str) -> str:
            return rng.choice([i for i in b.orgs[council].issues if i not in names.RESERVED_ISSUES])

        for _ in range(n):
            plan = b.provinces[next(spread)]
            state = self.answered[plan.code]
            council = rng.choice(list(state.councils))
            targets = sorted(rng.sample(list(state.agencies), min(2, len(state.agencies))))
            row = self._proposal(
                plan,
                [council],
                targets,
                issue_of(council),
                ProposalStatus.SUBMITTED,
                self._old(),
                None,
            )
            self.planter.plant(
                "proposal_unanswered",
                plan.code,
                [row.id, *targets],
                cause="submitted long ago, no answer",
            )
            plan = b.provinces[next(spread)]
            council = rng.choice([c for c in plan.councils if c not in b.restricted])
            row = self._proposal(
                plan, [council], [], issue_of(council), ProposalStatus.RAISED, self._old(), None
            )
            self.planter.plant(
                "proposal_not_submitted",
                plan.code,
                [row.id],
                cause="raised long ago, never sent to anyone",
            )
            plan = b.provinces[next(spread)]
            council = rng.choice([c for c in plan.councils if c not in b.restricted])
            target = plan.agencies[AgencyType.GOVERNOR_OFFICE]
            status = rng.choice((ProposalStatus.ACKNOWLEDGED, ProposalStatus.REJECTED))
            row = self._proposal(
                plan, [council], [target], issue_of(council), status, self._old(), None
            )
            self.planter.plant(
                "proposal_not_adopted",
                plan.code,
                [row.id, target],
                cause=f"{status.value}, never adopted in a plan",
            )
        for _ in range(max(1, n // 2)):
            plan = b.provinces[next(spread)]
            state = self.answered[plan.code]
            quiet = [c for c in state.silent_free if c not in self.used]
            if not quiet:
                continue
            council = rng.choice(quiet)
            self.used.add(council)
            for _ in range(1 + (rng.random() < 0.5)):
                target = rng.choice(list(state.agencies))
                row = self._proposal(
                    plan,
                    [council],
                    [target],
                    issue_of(council),
                    ProposalStatus.SUBMITTED,
                    self._old(),
                    None,
                )
                self.planter.plant(
                    "proposal_unanswered",
                    plan.code,
                    [row.id, target],
                    planted=False,
                    cause="a proposal of a council that is never heard",
                )
            self.planter.plant(
                "council_never_heard",
                plan.code,
                [council],
                cause="every proposal it submitted went unanswered",
            )
        for code, agency in self.silent.items():
            plan, state = b.provinces[code], self.answered[code]
            if not state.councils:
                continue
            for _ in range(2 + (rng.random() < 0.5)):
                council = rng.choice(list(state.councils))
                row = self._proposal(
                    plan,
                    [council],
                    [agency],
                    issue_of(council),
                    ProposalStatus.SUBMITTED,
                    self._old(),
                    None,
                )
                self.planter.plant(
                    "proposal_unanswered",
                    code,
                    [row.id, agency],
                    planted=False,
                    cause="sent to an agency that never responds",
                )
            self.planter.plant(
                "agency_never_responds",
                code,
                [agency],
                cause="received several proposals, answered none",
            )


def _pick_count(u: float) -> int:
    return 0 if u < 0.3 else 1 if u < 0.65 else 2 if u < 0.87 else 3
