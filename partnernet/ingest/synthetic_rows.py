"""Row types of the synthetic network: one dataclass per tabular template, plus planted gaps.

Each row holds exactly what its template row says (``organizations.csv``,
``relationships.csv``, ``proposals.csv``, ``events.csv``), so that writing the files and
building model objects directly give the same graph. See :mod:`partnernet.ingest.synthetic`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from partnernet.graph.model import (
    NodeKind,
    ParticipationRole,
    PartnershipForm,
    ProposalModel,
    ProposalStatus,
    RelType,
)

Scale = Literal["S", "M", "L", "national"]
SCALE_NAMES: tuple[Scale, ...] = ("S", "M", "L", "national")

# The day the synthetic world is observed: proposal ages and gap windows count from here.
REFERENCE_DATE = date(2025, 6, 30)
# Proposals are overdue after this many days (what `find_gaps(unanswered_after_days=...)`
# must be given, with `today=REFERENCE_DATE`, to recover the planted proposal gaps).
UNANSWERED_AFTER_DAYS = 90


@dataclass(slots=True)
class OrgRow:
    """One row of organizations.csv (areas as DOPA codes, issues as codes)."""

    id: str
    kind: NodeKind
    name_th: str
    name_en: str | None = None
    type: str | None = None
    level: str | None = None
    province: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    issues: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class RelRow:
    """One row of relationships.csv."""

    type: RelType
    source: str
    target: str
    form: PartnershipForm | None = None
    since: date | None = None
    weight: float | None = None


@dataclass(slots=True)
class ProposalRow:
    """One row of proposals.csv. `province` is the proposers' province: it is not a template
    column (the analyses place a proposal by its proposers), only the generator's record."""

    id: str
    title_th: str
    title_en: str
    proposed_by: list[str]
    submitted_to: list[str]
    status: ProposalStatus
    raised_on: date
    issues: list[str]
    model: ProposalModel | None
    province: str


@dataclass(slots=True)
class EventRow:
    """One row of events.csv; participants as (id, role)."""

    id: str
    title: str
    start_date: date
    end_date: date | None
    province: str
    place: str
    participants: list[tuple[str, ParticipationRole]]


@dataclass(slots=True)
class PlantedGap:
    """A gap the generator put there on purpose (`planted`) or one that a plant implies
    (`planted=False`, e.g. an isolated council is also not tied to its local government).

    `kind` is a gap kind of `partnernet.analysis.gaps`; `subjects` are what that analysis
    reports as the gap's subjects (council, broker, proposal and its addressees, issue and its
    councils, `province:XX`); `role` is the template role of a `missing_partner_role`."""

    kind: str
    province: str
    subjects: list[str]
    role: str | None = None
    planted: bool = True
    cause: str = ""
