"""Row types and scales of the synthetic network: one dataclass per tabular template, planted
gaps, the scales, and the id helper the generator modules share.

Each row holds exactly what its template row says (``organizations.csv``,
``relationships.csv``, ``proposals.csv``, ``events.csv``), so that writing the files and
building model objects directly give the same graph. See :mod:`partnernet.synth.generate`.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal, TypeVar

from partnernet.foundation.thai import slug_key
from partnernet.graph.model import (
    NodeKind,
    ParticipationRole,
    PartnershipForm,
    ProposalModel,
    ProposalStatus,
    RelType,
    make_id,
)

T = TypeVar("T")

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
    end_date: date  # the start date for one-day events
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


@dataclass(frozen=True)
class ScaleSpec:
    """What a scale covers and how dense it is."""

    name: str
    description: str
    provinces: tuple[str, ...] | None  # explicit province codes, or
    regions: tuple[str, ...] | None  # region6 codes; both None: all 77 provinces
    cbo_per_council: float
    cbo_ties: float  # mean PARTNERS_WITH ties a community organisation starts
    events_per_province: int
    plants: int  # planted gaps per kind (a few kinds get fewer)


SCALES: dict[str, ScaleSpec] = {
    "S": ScaleSpec(
        "S",
        "4 northeastern provinces (Khon Kaen, Maha Sarakham, Roi Et, Kalasin), 4 member "
        "organisations per council",
        ("40", "44", "45", "46"),
        None,
        4.0,
        1.5,
        8,
        1,
    ),
    "M": ScaleSpec(
        "M",
        "the Northeast (20 provinces), 7 member organisations per council",
        None,
        ("Northeast",),
        7.0,
        2.0,
        12,
        2,
    ),
    "L": ScaleSpec(
        "L",
        "all 77 provinces, 7 member organisations per council",
        None,
        None,
        7.0,
        2.0,
        14,
        4,
    ),
    "national": ScaleSpec(
        "national",
        "all 77 provinces, ~25 member organisations per council",
        None,
        None,
        26.0,
        2.9,
        40,
        6,
    ),
}


def weighted(rng: random.Random, items: Sequence[T], cum: Sequence[float]) -> T:
    return items[bisect(cum, rng.random() * cum[-1])]


@lru_cache(maxsize=65536)
def _slug(part: str) -> str:
    return slug_key(part)


def id_from_parts(kind: NodeKind, parts: Sequence[str], province: str | None) -> str:
    """`make_id(kind, " ".join(parts), province)`, computed from cached slugs of the parts
    (slug_key is costly and names repeat their parts); falls back to make_id for long ids."""
    slug = "-".join(_slug(p) for p in parts)
    if len(slug) > 120:
        return make_id(kind, " ".join(parts), province)
    prefix = make_id(kind, "x", province)[:-1]
    return prefix + slug
