"""Proposal gaps: proposals never sent, never answered, never adopted; councils never heard;
agencies that never respond.

A proposal belongs to a province when its `province_code` is the province's or one of its
proposers is in the province. Each proposal is reported at most once, at the furthest step it
failed:
- `proposal_not_submitted`: no SUBMITTED_TO and status raised, raised N or more days ago (or
  on an unknown date);
- `proposal_unanswered`: submitted, no submission answered (a submission is answered when it
  has `responded_on` or a status past `submitted`; an edge without status takes the proposal's
  status), first sent N or more days ago (or on an unknown date);
- `proposal_not_adopted`: answered, but never ADOPTED_IN a plan and its status is not
  in_plan/funded/implemented, N or more days after the last answer.
Proposals adopted in a plan, or still inside the N-day window, are not gaps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnernet.analysis.gap_index import AGENCY, COUNCIL, PartnershipIndex
from partnernet.analysis.gap_models import Gap
from partnernet.analysis.gap_text import Writer
from partnernet.analysis.template import GapSettings, Severity
from partnernet.graph.model import NodeKind, ProposalStatus, RelType

ANSWERED = frozenset(
    s.value
    for s in (
        ProposalStatus.ACKNOWLEDGED,
        ProposalStatus.IN_PLAN,
        ProposalStatus.FUNDED,
        ProposalStatus.IMPLEMENTED,
        ProposalStatus.REJECTED,
    )
)
ADOPTED = frozenset(
    s.value for s in (ProposalStatus.IN_PLAN, ProposalStatus.FUNDED, ProposalStatus.IMPLEMENTED)
)
PROPOSAL = NodeKind.PROPOSAL.value
_PROPOSED = RelType.PROPOSED.value
_ADOPTED_IN = RelType.ADOPTED_IN.value
_SUBMITTED_TO = RelType.SUBMITTED_TO.value
_RAISED = ProposalStatus.RAISED.value


def as_date(value: object) -> date | None:
    """A date from a date or an ISO string (as stores keep them); anything else is None."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@dataclass
class Submission:
    target: str
    on: date | None
    responded_on: date | None
    status: str | None
    answered: bool


@dataclass
class ProposalState:
    id: str
    status: str
    raised_on: date | None
    proposers: list[str]
    submissions: list[Submission] = field(default_factory=list)
    adopted: bool = False

    @property
    def submitted(self) -> bool:
        return bool(self.submissions) or self.status != _RAISED

    @property
    def answered(self) -> bool:
        return any(s.answered for s in self.submissions) or self.status in ANSWERED

    @property
    def first_sent(self) -> date | None:
        dates = [s.on for s in self.submissions if s.on is not None]
        return min(dates) if dates else self.raised_on

    @property
    def last_answer(self) -> date | None:
        dates = [s.responded_on for s in self.submissions if s.responded_on is not None]
        return max(dates) if dates else self.first_sent


def province_proposals(index: PartnershipIndex, code: str) -> list[ProposalState]:
    graph = index.graph
    states: list[ProposalState] = []
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") != PROPOSAL:
            continue
        proposers = sorted(
            source for source, _, key in graph.in_edges(node, keys=True) if key == _PROPOSED
        )
        if attrs.get("province_code") != code and not any(
            index.place(p).province == code for p in proposers
        ):
            continue
        status = str(attrs.get("status") or _RAISED)
        state = ProposalState(node, status, as_date(attrs.get("raised_on")), proposers)
        for _, target, key, data in graph.out_edges(node, keys=True, data=True):
            if key == _ADOPTED_IN:
                state.adopted = True
            elif key == _SUBMITTED_TO:
                edge_status = data.get("status") or status
                responded = as_date(data.get("responded_on"))
                state.submissions.append(
                    Submission(
                        target,
                        as_date(data.get("on")),
                        responded,
                        edge_status,
                        responded is not None or edge_status in ANSWERED,
                    )
                )
        state.submissions.sort(key=lambda s: s.target)
        states.append(state)
    states.sort(key=lambda s: s.id)
    return states


def _age(today: date, when: date | None) -> int | None:
    return None if when is None else (today - when).days


def _due(age: int | None, days: int) -> bool:
    return age is None or age >= days


def proposal_gaps(
    index: PartnershipIndex,
    code: str,
    writer: Writer,
    today: date,
    days: int,
    settings: GapSettings,
) -> list[Gap]:
    states = province_proposals(index, code)
    gaps = [gap for state in states if (gap := _proposal_gap(state, writer, today, days))]
    gaps += _never_heard(index, code, states, writer, today, days)
    gaps += _never_responds(index, states, writer, today, days, settings)
    return gaps


def _proposal_gap(state: ProposalState, writer: Writer, today: date, days: int) -> Gap | None:
    if state.adopted or state.status in ADOPTED:
        return None
    evidence: dict[str, Any] = {
        "proposal": state.id,
        "status": state.status,
        "proposers": state.proposers,
        "raised_on": state.raised_on.isoformat() if state.raised_on else None,
    }
    if not state.submitted:
        age = _age(today, state.raised_on)
        if not _due(age, days):
            return None
        th, en = writer.not_submitted(state.id, state.proposers, age)
        return Gap(
            kind="proposal_not_submitted",
            severity=Severity.LOW,
            subjects=[state.id],
            explanation_th=th,
            explanation_en=en,
            evidence={**evidence, "age_days": age},
        )
    targets = [s.target for s in state.submissions]
    if not state.answered:
        age = _age(today, state.first_sent)
        if not _due(age, days):
            return None
        th, en = writer.unanswered(state.id, state.proposers, targets, age)
        severity = Severity.HIGH if age is not None and age >= 2 * days else Severity.MEDIUM
        return Gap(
            kind="proposal_unanswered",
            severity=severity,
            subjects=[state.id, *targets],
            explanation_th=th,
            explanation_en=en,
            evidence={**evidence, "submitted_to": targets, "age_days": age, "after_days": days},
        )
    age = _age(today, state.last_answer)
    if not _due(age, days):
        return None
    answered = [s for s in state.submissions if s.answered]
    rejected = state.status == ProposalStatus.REJECTED.value or (
        bool(answered) and all(s.status == ProposalStatus.REJECTED.value for s in answered)
    )
    status = ProposalStatus.REJECTED.value if rejected else state.status
    th, en = writer.not_adopted(state.id, state.proposers, status)
    return Gap(
        kind="proposal_not_adopted",
        severity=Severity.MEDIUM if rejected else Severity.LOW,
        subjects=[state.id, *targets],
        explanation_th=th,
        explanation_en=en,
        evidence={
            **evidence,
            "submitted_to": targets,
            "answered_by": [s.target for s in answered],
            "days_since_answer": age,
        },
    )


def _never_heard(
    index: PartnershipIndex,
    code: str,
    states: list[ProposalState],
    writer: Writer,
    today: date,
    days: int,
) -> list[Gap]:
    by_council: dict[str, list[ProposalState]] = defaultdict(list)
    for state in states:
        if state.submitted:
            for proposer in state.proposers:
                if index.kind(proposer) == COUNCIL and index.place(proposer).province == code:
                    by_council[proposer].append(state)
    gaps: list[Gap] = []
    for council in sorted(by_council):
        sent = by_council[council]
        if any(s.answered for s in sent):
            continue
        if not any(_due(_age(today, s.first_sent), days) for s in sent):
            continue
        th, en = writer.never_heard(council, len(sent))
        gaps.append(
            Gap(
                kind="council_never_heard",
                severity=Severity.HIGH if len(sent) >= 2 else Severity.MEDIUM,
                subjects=[council],
                explanation_th=th,
                explanation_en=en,
                evidence={"proposals": [s.id for s in sent], "submitted": len(sent), "answered": 0},
            )
        )
    return gaps


def _never_responds(
    index: PartnershipIndex,
    states: list[ProposalState],
    writer: Writer,
    today: date,
    days: int,
    settings: GapSettings,
) -> list[Gap]:
    received: dict[str, list[tuple[str, Submission]]] = defaultdict(list)
    for state in states:
        for sub in state.submissions:
            if index.kind(sub.target) == AGENCY:
                received[sub.target].append((state.id, sub))
    gaps: list[Gap] = []
    for agency in sorted(received):
        subs = received[agency]
        if any(sub.answered for _, sub in subs):
            continue
        overdue = [
            pid for pid, sub in subs if _due(_age(today, sub.on or _raised(states, pid)), days)
        ]
        if len(overdue) < settings.agency_min_received:
            continue
        th, en = writer.never_responds(agency, len(overdue), days)
        gaps.append(
            Gap(
                kind="agency_never_responds",
                severity=Severity.HIGH
                if len(overdue) >= 2 * settings.agency_min_received
                else Severity.MEDIUM,
                subjects=[agency],
                explanation_th=th,
                explanation_en=en,
                evidence={
                    "received": len(subs),
                    "overdue": len(overdue),
                    "answered": 0,
                    "proposals": sorted(overdue),
                    "after_days": days,
                },
            )
        )
    return gaps


def _raised(states: list[ProposalState], proposal: str) -> date | None:
    for state in states:
        if state.id == proposal:
            return state.raised_on
    return None
