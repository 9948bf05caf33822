"""The network over time, from a store: what changed between two days (`diff`), headline
figures per period (`trend`), rosters read as snapshots (`ingest --snapshot`).

All the time logic is in `analysis.timeline` (pure, on graphs), so both stores answer the same
without any store method of their own: this module reads a scope once and asks the graph of
each day from `timeline.graph_as_of`.

A province is read alone; its peers stand in as their summaries of each day, kept per region
by `service/past_peers.py` (the region is read only for days not summarised yet). A region is
read whole and indexed once per day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
from pydantic import BaseModel

from partnernet.analysis.day_states import DayStates
from partnernet.analysis.gaps import gaps_from_index
from partnernet.analysis.template import Template, load_template
from partnernet.analysis.timeline import Pair, TieKey, diff_graphs, proposal_states
from partnernet.foundation import geography
from partnernet.foundation.errors import InvalidInput, NotFound
from partnernet.foundation.gc_pause import collector_paused
from partnernet.foundation.thai import parse_thai_date
from partnernet.graph.model import NodeKind, RelType, issue_id
from partnernet.graph.store import GraphStore, Scope
from partnernet.ingest import snapshot
from partnernet.service.ingest import ingest_files
from partnernet.service.past_peers import PastPeers
from partnernet.service.peers import region_provinces

log = logging.getLogger(__name__)


def parse_day(text: str | None) -> date | None:
    """A day given by a user: ISO (`2023-03-22`, or with a Buddhist-Era year `2566-03-22`)
    or Thai (`22 มี.ค. 2566`, `22/3/2566`); None stays None."""
    if text is None or not text.strip():
        return None
    return parse_thai_date(text)  # a bad date is a ThaiDateError, an InvalidInput


# --------------------------------------------------------------------------------------------
# Headline figures of a day, what changed between two days, figures per period


class Figures(BaseModel):
    """A scope's headline figures on one day (province or region scopes; the others have
    only the counts: gaps and coverage are province measures)."""

    day: date
    councils: int
    ties: int  # organisation pairs tied directly (partners, members, funds, support)
    coverage: float | None = None
    partners_per_council: float | None = None
    local_government_share: float | None = None  # subdistrict councils tied to their SAO
    open_gaps: int | None = None
    proposals: int
    proposals_answered: int


class GapRef(BaseModel):
    province: str
    kind: str
    # What a gap of its kind is about, when a province can have several of one kind: the
    # template role, the peer metric, the expectation or the issue (from its evidence).
    about: str | None = None
    subjects: list[str]
    explanation_th: str
    explanation_en: str


class DiffReport(BaseModel):
    scope: str
    start: date
    end: date
    ties_added: list[tuple[str, str]]
    ties_ended: list[tuple[str, str]]
    ties_renewed: list[tuple[str, str]]
    organisations_appeared: list[str]
    councils_with_new_partners: list[str]
    proposals_raised: list[str]
    proposals_submitted: list[str]
    proposals_answered: list[str]
    proposals_adopted: list[str]
    suggestions_realised: list[tuple[str, str]]
    gaps_opened: list[GapRef]
    gaps_closed: list[GapRef]
    before: Figures
    after: Figures
    summary_th: str
    summary_en: str


class TrendReport(BaseModel):
    scope: str
    by: str
    periods: list[str]  # 2023 / 2023-Q1 (Christian Era; tables and charts in Thai add BE)
    figures: list[Figures]


@dataclass(frozen=True)
class ScopeRead:
    """A scope read once: its graph (a province's is its region's, for the peers), the
    organisations it is about (None: all) and the provinces whose figures it reports."""

    label: str
    graph: nx.MultiDiGraph
    core: set[str] | None
    provinces: set[str] | None
    figure_codes: tuple[str, ...]
    peers: tuple[str, ...]
    past: PastPeers | None = None  # a province's: its peers' summaries of each day


def read_scope(
    store: GraphStore,
    *,
    province: str | None = None,
    region: str | None = None,
    issue: str | None = None,
    org: str | None = None,
    template: Template,
) -> ScopeRead:
    given = [x for x in (province, region, issue, org) if x]
    if len(given) > 1:
        raise InvalidInput("give one of --province, --region, --issue, --org (or none: national)")
    if province:
        # The province's own graph, its peers as kept summaries of each day (past_peers.py):
        # the region is read only for days no run has summarised yet.
        found = geography.resolve_province(province)
        area = geography.region_of(found.code, template.region_system)
        past = PastPeers(store, area, template)
        graph = store.subgraph(Scope(provinces=frozenset({found.code})))
        core = {n for n, p in graph.nodes(data="province_code") if p == found.code}
        codes: tuple[str, ...] = (found.code,)
        return ScopeRead(
            f"province:{found.code}", graph, core, {found.code}, codes, past.peers, past
        )
    if region:
        area = geography.resolve_region(str(region))
        codes = region_provinces(area)
        graph = store.subgraph(Scope(provinces=frozenset(codes)))
        wanted = set(codes)
        core = {n for n, p in graph.nodes(data="province_code") if p in wanted}
        return ScopeRead(f"region:{area.key}", graph, core, wanted, codes, codes)
    if issue:
        code = issue.removeprefix("issue:")
        graph = store.subgraph(Scope(issue=issue_id(code)))
        core = {s for s, t, k in graph.edges(keys=True) if k == RelType.WORKS_ON.value}
        return ScopeRead(f"issue:{code}", graph, core, None, (), ())
    if org:
        if store.get_node(org) is None:
            raise NotFound(f"unknown organisation id {org!r}")
        graph = store.subgraph(Scope(ego=org, radius=1))
        return ScopeRead(f"org:{org}", graph, {org}, None, (), ())
    return ScopeRead("national", store.subgraph(), None, None, (), ())


@dataclass(frozen=True)
class DayState:
    graph: nx.MultiDiGraph  # the scope's graph on the day (shared: do not change it)
    pairs: dict[Pair, set[TieKey]]  # its tie pairs (`timeline.tie_pairs`)
    figures: Figures
    gaps: list[GapRef]


@collector_paused()  # a day's analysis allocates a dict per tie and per pair: no cycles
def _state(
    read: ScopeRead, states: DayStates, template: Template, day: date, *, gaps: bool = True
) -> DayState:
    """The scope's graph on `day`, its figures and open gaps (`states`: the days of
    `read.graph`, which share what does not depend on the day; see analysis/day_states.py).
    `gaps=False`: only their number, in the figures (a trend)."""
    graph = states.graph_on(day)
    pairs = states.tie_pairs(day)
    proposals = proposal_states(graph, read.core, read.provinces)
    answered = sum(1 for s in proposals.values() if s.answered)
    kinds = dict(graph.nodes(data="kind"))
    councils = [
        n
        for n, k in kinds.items()
        if k == NodeKind.COUNCIL.value and (read.core is None or n in read.core)
    ]
    figures = Figures(
        day=day,
        councils=len(councils),
        ties=len(pairs),
        proposals=len(proposals),
        proposals_answered=answered,
    )
    if not read.figure_codes:
        return DayState(graph, pairs, figures, [])
    # A region: one index over it answers every province of it at once. A province: an index
    # over its own graph, its peers standing in as their summaries of the day.
    index = states.index(day, template)
    summaries = read.past.summaries(day) if read.past is not None else None
    reports = [
        gaps_from_index(index, code, today=day, peers=read.peers, peer_summaries=summaries)
        for code in read.figure_codes
    ]
    # The province facts each gap report was made from (its metrics), not computed again.
    facts = [r.metrics for r in reports]
    weights = [int(f["councils"]) for f in facts]
    total = sum(weights)
    local = [f["local_government_share"] for f in facts if f["local_government_share"] is not None]
    figures = figures.model_copy(
        update={
            "coverage": round(sum(f["coverage"] for f in facts) / len(facts), 4),
            "partners_per_council": (
                round(
                    sum(f["partners_per_council"] * w for f, w in zip(facts, weights, strict=True))
                    / total,
                    4,
                )
                if total
                else None
            ),
            "local_government_share": round(sum(local) / len(local), 4) if local else None,
            "open_gaps": sum(len(r.gaps) for r in reports),
        }
    )
    if not gaps:
        return DayState(graph, pairs, figures, [])
    refs = [
        GapRef(
            province=r.province.code,
            kind=g.kind,
            about=_about(g.evidence),
            subjects=g.subjects,
            explanation_th=g.explanation_th,
            explanation_en=g.explanation_en,
        )
        for r in reports
        for g in r.gaps
    ]
    return DayState(graph, pairs, figures, refs)


def _about(evidence: dict[str, Any]) -> str | None:
    for field in ("role", "metric", "expectation", "issue"):
        if isinstance(evidence.get(field), str):
            return str(evidence[field])
    return None


def _gap_key(gap: GapRef) -> tuple[str, str, str | None, tuple[str, ...]]:
    return (gap.province, gap.kind, gap.about, tuple(gap.subjects))


def diff(
    store: GraphStore,
    start: date,
    end: date,
    *,
    province: str | None = None,
    region: str | None = None,
    issue: str | None = None,
    org: str | None = None,
    template_path: Path | None = None,
) -> DiffReport:
    """What changed in a scope from `start` to `end` (see analysis/timeline.py)."""
    if end <= start:
        raise InvalidInput(f"--to ({end}) must be after --from ({start})")
    template = load_template(template_path) if template_path else load_template()
    read = read_scope(
        store, province=province, region=region, issue=issue, org=org, template=template
    )
    states = DayStates(read.graph, read.core)
    first, last = _state(read, states, template, start), _state(read, states, template, end)
    before, after, gaps_before, gaps_after = first.figures, last.figures, first.gaps, last.gaps
    after_graph = last.graph
    changes = diff_graphs(
        first.graph,
        after_graph,
        core=read.core,
        provinces=read.provinces,
        pairs=(first.pairs, last.pairs),
    )
    old = {_gap_key(g) for g in gaps_before}
    new = {_gap_key(g) for g in gaps_after}
    kinds = dict(after_graph.nodes(data="kind"))
    councils = [n for n in changes.organisations_with_new_partners if kinds.get(n) == "Council"]
    report = DiffReport(
        scope=read.label,
        start=start,
        end=end,
        ties_added=changes.ties_added,
        ties_ended=changes.ties_ended,
        ties_renewed=changes.ties_renewed,
        organisations_appeared=changes.organisations_appeared,
        councils_with_new_partners=councils,
        proposals_raised=changes.proposals_raised,
        proposals_submitted=changes.proposals_submitted,
        proposals_answered=changes.proposals_answered,
        proposals_adopted=changes.proposals_adopted,
        suggestions_realised=changes.suggestions_realised,
        gaps_opened=[g for g in gaps_after if _gap_key(g) not in old],
        gaps_closed=[g for g in gaps_before if _gap_key(g) not in new],
        before=before,
        after=after,
        summary_th="",
        summary_en="",
    )
    th, en = summarise(report)
    return report.model_copy(update={"summary_th": th, "summary_en": en})


def thai_day(day: date) -> str:
    return f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {day.year + 543}"


THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def summarise(report: DiffReport) -> tuple[str, str]:
    """A paragraph in Thai and in English a planner can paste into a report."""
    b, a = report.before, report.after
    th = [
        f"ระหว่าง {thai_day(report.start)} ถึง {thai_day(report.end)} "
        f"สภาองค์กรชุมชน {len(report.councils_with_new_partners)} แห่งได้ภาคีใหม่ "
        f"ความร่วมมือเกิดขึ้นใหม่ {len(report.ties_added)} คู่ สิ้นสุดลง {len(report.ties_ended)} คู่ "
        f"ต่ออายุ {len(report.ties_renewed)} คู่ "
        f"มีองค์กรเข้าร่วมเครือข่ายใหม่ {len(report.organisations_appeared)} แห่ง",
        f"ข้อเสนอใหม่ {len(report.proposals_raised)} เรื่อง ยื่นแล้ว {len(report.proposals_submitted)} "
        f"ได้รับการตอบรับ {len(report.proposals_answered)} "
        f"บรรจุในแผน {len(report.proposals_adopted)} เรื่อง",
        f"ข้อแนะนำที่ยอมรับแล้วเกิดเป็นความร่วมมือจริง {len(report.suggestions_realised)} คู่",
    ]
    en = [
        f"Between {report.start.isoformat()} and {report.end.isoformat()}, "
        f"{len(report.councils_with_new_partners)} community organisation councils gained new "
        f"partners; {len(report.ties_added)} ties were made, {len(report.ties_ended)} ended and "
        f"{len(report.ties_renewed)} renewed; {len(report.organisations_appeared)} organisations "
        "joined the network.",
        f"Proposals: {len(report.proposals_raised)} new, {len(report.proposals_submitted)} "
        f"submitted, {len(report.proposals_answered)} answered, "
        f"{len(report.proposals_adopted)} adopted in a plan.",
        f"Accepted suggestions that became real ties: {len(report.suggestions_realised)}.",
    ]
    if a.open_gaps is not None and b.open_gaps is not None:
        th.append(
            f"ช่องว่างปิดลง {len(report.gaps_closed)} เกิดใหม่ {len(report.gaps_opened)} "
            f"(จาก {b.open_gaps} เป็น {a.open_gaps}) "
            f"ความครอบคลุม {_pct(b.coverage)} → {_pct(a.coverage)} "
            f"ภาคีต่อสภา {b.partners_per_council or 0:.1f} → {a.partners_per_council or 0:.1f} "
            f"สภาตำบลที่ทำงานกับ อบต./เทศบาล {_pct(b.local_government_share)} → "
            f"{_pct(a.local_government_share)}"
        )
        en.append(
            f"Gaps: {len(report.gaps_closed)} closed, {len(report.gaps_opened)} opened "
            f"({b.open_gaps} -> {a.open_gaps}); coverage {_pct(b.coverage)} -> "
            f"{_pct(a.coverage)}; partners per council {b.partners_per_council or 0:.1f} -> "
            f"{a.partners_per_council or 0:.1f}; subdistrict councils tied to their local "
            f"government {_pct(b.local_government_share)} -> {_pct(a.local_government_share)}."
        )
    return " ".join(s.strip() for s in th), " ".join(en)


def periods(start: date, end: date, by: str) -> list[tuple[str, date]]:
    """(label, last day) of every year or quarter from `start`'s to `end`'s; the last period
    ends on `end` when that comes first."""
    if by not in ("year", "quarter"):
        raise InvalidInput("--by is year or quarter")
    found: list[tuple[str, date]] = []
    year, quarter = start.year, (start.month - 1) // 3
    while True:
        if by == "year":
            label, last = str(year), date(year, 12, 31)
        else:
            label = f"{year}-Q{quarter + 1}"
            nxt = date(year + 1, 1, 1) if quarter == 3 else date(year, 3 * quarter + 4, 1)
            last = date.fromordinal(nxt.toordinal() - 1)
        found.append((label, min(last, end)))
        if last >= end:
            return found
        if by == "year" or quarter == 3:
            year, quarter = year + 1, 0
        else:
            quarter += 1


# The collector paused over the whole trend, not each day: the scope's graph and every day's
# partnership index and projection are allocated in bulk, and on a national store the
# collections that interrupted them (each re-scanning the scope's graph) were a fifth of a
# trend's time. What the days leave is collected once, after.
@collector_paused()
def trend(
    store: GraphStore,
    *,
    by: str = "year",
    start: date | None = None,
    end: date | None = None,
    province: str | None = None,
    region: str | None = None,
    issue: str | None = None,
    org: str | None = None,
    template_path: Path | None = None,
) -> TrendReport:
    """The headline figures at the end of every period (default: the last ten years, from
    the first dated record if later, to today)."""
    template = load_template(template_path) if template_path else load_template()
    read = read_scope(
        store, province=province, region=region, issue=issue, org=org, template=template
    )
    end = end or date.today()
    states = DayStates(read.graph, read.core, walk=True)  # the periods come in order
    if start is None:
        days = [d for d in states.days() if d <= end]
        ten_years = date(end.year - 9, 1, 1)
        start = max(days[0], ten_years) if days else ten_years
    if end < start:
        raise InvalidInput(f"--to ({end}) is before --from ({start})")
    labels, figures = [], []
    for label, last in periods(start, end, by):
        labels.append(label)
        figures.append(_state(read, states, template, last, gaps=False).figures)
    return TrendReport(scope=read.label, by=by, periods=labels, figures=figures)


# --------------------------------------------------------------------------------------------
# Snapshots from rosters (ingest --snapshot)


class SnapshotReport(BaseModel):
    scope: str
    day: date
    dry_run: bool
    listed: int  # ties the files list
    ended: list[tuple[str, str, str]]  # (type, source, target) given until = day
    # Listed ties that had ended before the day: not reopened (type, source, target, until).
    lapsed_listed: list[tuple[str, str, str, str]] = []
    ingest: dict[str, Any] | None = None  # the ingest's summary (None in a dry run)


def ingest_snapshot(
    store: GraphStore,
    paths: list[Path],
    day: date,
    scope: str,
    *,
    dry_run: bool = False,
    encoding: str | None = None,
    rejects_path: Path | None = None,
    batch_size: int = 5000,
) -> SnapshotReport:
    """Ingest files that are the full state of `scope`'s ties (`province:P` or `region:R`) on
    `day`: the scope's ties they do not list end on `day` (see ingest/snapshot.py). A dry run
    reads the files and the store and writes nothing."""
    kind, _, name = scope.partition(":")
    if kind == "province" and name:
        codes: tuple[str, ...] = (geography.resolve_province(name).code,)
        label = f"province:{codes[0]}"
    elif kind == "region" and name:
        area = geography.resolve_region(name)
        codes, label = region_provinces(area), f"region:{area.key}"
    else:
        raise InvalidInput(f"--scope is province:P or region:R, not {scope!r}")
    listed = snapshot.listed_ties(paths, encoding)
    graph = store.subgraph(Scope(provinces=frozenset(codes)))
    core = {n for n, p in graph.nodes(data="province_code") if p in set(codes)}
    ended = snapshot.ties_to_end(graph, core, day, listed)
    lapsed = snapshot.lapsed_but_listed(graph, core, day, listed)
    summary: dict[str, Any] | None = None
    if not dry_run:
        report = ingest_files(
            store, paths, rejects_path=rejects_path, encoding=encoding, batch_size=batch_size
        )
        summary = report.summary()
        if ended:
            written = store.upsert_relationships(ended)
            if written.rejected:
                raise InvalidInput(written.rejected[0].reason)
    return SnapshotReport(
        scope=label,
        day=day,
        dry_run=dry_run,
        listed=len(listed),
        ended=[(r.type.value, r.source, r.target) for r in ended],
        lapsed_listed=lapsed,
        ingest=summary,
    )
