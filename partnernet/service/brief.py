"""What a province brief shows, gathered from a store through the service functions.

`province_brief(store, province)` reads the province's scope once, takes its gaps and
suggestions from `analyses` (the same as `partnernet gaps` / `recommend`), the headline
figures and their regional medians from the gap report's peer comparison, the proposals and
the planners' decisions from the scope, and draws the map; `visualizations.brief` lays it out.
`write_province_brief` is what `partnernet brief` calls.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.template import load_template
from partnernet.analysis.timeline import graph_as_of
from partnernet.foundation import geography
from partnernet.foundation.errors import NotFound
from partnernet.foundation.lang import Lang, check_lang
from partnernet.graph.model import NodeKind, ProposalStatus, RelType
from partnernet.graph.store import GraphStore, Scope
from partnernet.service import analyses
from partnernet.visualizations import brief as drawing

ORG_KINDS = frozenset(
    {"Council", "Agency", "CivilSocietyGroup", "Academic", "PrivateSector", "CommunityOrganization"}
)
OPEN_STATUSES = frozenset({ProposalStatus.RAISED.value, ProposalStatus.SUBMITTED.value})
MAX_SOURCES = 8


@dataclass(frozen=True)
class Decision:
    """A planner's accept/reject of a suggestion, as the brief needs it."""

    source: str
    target: str
    decision: str  # accepted or rejected
    decided_on: date | None
    note: str | None


def decisions_in(graph: nx.MultiDiGraph) -> list[Decision]:
    """The decisions in a scope. Today they are stored as RECOMMENDED relationships with a
    `decision`; this is the one place the brief reads them, so that a new decision store only
    changes this function."""
    found: list[Decision] = []
    for u, v, data in graph.edges(data=True):
        if data.get("type") != RelType.RECOMMENDED.value:
            continue
        decided = data.get("decided_on")
        if isinstance(decided, str):
            decided = date.fromisoformat(decided[:10])
        found.append(
            Decision(
                str(u),
                str(v),
                str(data.get("decision") or ""),
                decided if isinstance(decided, date) else None,
                str(data["note"]) if data.get("note") else None,
            )
        )
    return sorted(found, key=lambda d: (d.decided_on or date.min, d.source, d.target))


def _name(graph: nx.MultiDiGraph, node: str, lang: Lang) -> str:
    if node.startswith("province:") and node not in graph:
        try:
            return _province_name(node.removeprefix("province:"), lang)
        except (KeyError, ValueError):
            return node
    attrs = graph.nodes[node] if node in graph else {}
    if lang == "en" and attrs.get("name_en"):
        return str(attrs["name_en"])
    for key in ("name_th", "title_th", "title", "name_en"):
        if attrs.get(key):
            return str(attrs[key])
    return node


def _home_orgs(graph: nx.MultiDiGraph, code: str) -> list[str]:
    return [
        str(n)
        for n, a in graph.nodes(data=True)
        if a.get("kind") in ORG_KINDS and str(a.get("province_code") or "") == code
    ]


def _peer(metrics: Mapping[str, Any], key: str) -> tuple[float | None, float | None]:
    entry = metrics.get("peers", {}).get(key)
    if isinstance(entry, Mapping):
        value, median = entry.get("value"), entry.get("median")
        return (
            float(value) if isinstance(value, int | float) else None,
            float(median) if isinstance(median, int | float) else None,
        )
    value = metrics.get(key)
    return (float(value) if isinstance(value, int | float) else None, None)


def proposal_provinces(graph: nx.MultiDiGraph, node: Any) -> set[str]:
    """The provinces a proposal belongs to: its own, else its proposers' (a joint proposal
    of several provincial networks counts for each)."""
    own = graph.nodes[node].get("province_code")
    if own:
        return {str(own)}
    return {
        str(graph.nodes[u].get("province_code"))
        for u, _, d in graph.in_edges(node, data=True)
        if d.get("type") == RelType.PROPOSED.value and graph.nodes[u].get("province_code")
    }


def answered_shares(graph: nx.MultiDiGraph, codes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(answered, all) proposals per province of `codes`: answered is any status past
    `submitted` (acknowledged, in a plan, funded, implemented or rejected)."""
    wanted = set(codes)
    counts: dict[str, list[int]] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") != NodeKind.PROPOSAL.value:
            continue
        status = str(attrs.get("status") or ProposalStatus.RAISED.value)
        for code in proposal_provinces(graph, node) & wanted:
            entry = counts.setdefault(code, [0, 0])
            entry[1] += 1
            entry[0] += status not in OPEN_STATUSES
    return {code: (a, n) for code, (a, n) in counts.items()}


def _headlines(
    store: GraphStore,
    gaps: GapReport,
    code: str,
    peers: tuple[str, ...],
    lang: Lang,
    as_of: date | None = None,
) -> list[drawing.Headline]:
    m = gaps.metrics
    coverage, coverage_median = _peer(m, "coverage")
    ppc, ppc_median = _peer(m, "partners_per_council")
    local, local_median = _peer(m, "local_government_share")
    region = store.subgraph(Scope(provinces=frozenset((code, *peers))))
    if as_of is not None:
        region = graph_as_of(region, as_of)
    shares = answered_shares(region, (code, *peers))
    answered, total = shares.get(code, (0, 0))
    peer_shares = [a / n for p, (a, n) in shares.items() if p != code and n]
    open_count = total - answered
    detail = (
        f"ตอบแล้ว {answered} จาก {total} · ค้าง {open_count}"
        if lang == "th"
        else f"{answered} of {total} answered · {open_count} open"
    )
    return [
        drawing.Headline(
            "ความครอบคลุมของแม่แบบภาคี", "Partnership template coverage", coverage, coverage_median
        ),
        drawing.Headline(
            "จำนวนภาคีต่อสภาองค์กรชุมชน", "Partners per council", ppc, ppc_median, "number"
        ),
        drawing.Headline(
            "สภาฯ ตำบลที่เชื่อมกับ อบต./เทศบาล",
            "Local councils tied to their SAO or municipality",
            local,
            local_median,
        ),
        drawing.Headline(
            "ข้อเสนอที่ได้รับคำตอบ",
            "Proposals answered",
            answered / total if total else None,
            statistics.median(peer_shares) if peer_shares else None,
            detail=detail if total else "",
        ),
    ]


def _sources(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    keep = set(nodes)
    for node in keep:
        counts.update(str(s) for s in graph.nodes[node].get("source_ids") or ())
    # one attribute per edge, not its data dict: a national issue's scope has ~700k edges
    for u, v, ids in graph.edges(data="source_ids"):
        if ids and (u in keep or v in keep):
            counts.update(str(s) for s in ids)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SOURCES]


def _proposals(graph: nx.MultiDiGraph, code: str, lang: Lang) -> list[drawing.ProposalLine]:
    return proposal_lines(graph, provinces_proposals(graph, {code}), lang)


def provinces_proposals(graph: nx.MultiDiGraph, codes: set[str]) -> list[str]:
    """The proposals of the graph that belong to any of `codes` (`proposal_provinces`)."""
    return [
        str(node)
        for node, kind in graph.nodes(data="kind")
        if kind == NodeKind.PROPOSAL.value and proposal_provinces(graph, node) & codes
    ]


def proposal_lines(
    graph: nx.MultiDiGraph, proposals: Iterable[str], lang: Lang
) -> list[drawing.ProposalLine]:
    """The brief's lines of `proposals`: by status, then date raised."""
    lines = []
    for node in proposals:
        attrs = graph.nodes[node]
        by = [
            _name(graph, u, lang)
            for u, _, d in graph.in_edges(node, data=True)
            if d.get("type") == RelType.PROPOSED.value
        ]
        to = [
            _name(graph, v, lang)
            for _, v, d in graph.out_edges(node, data=True)
            if d.get("type") == RelType.SUBMITTED_TO.value
        ]
        raised = attrs.get("raised_on")
        if isinstance(raised, str):
            try:
                raised = date.fromisoformat(raised[:10])
            except ValueError:
                raised = None
        lines.append(
            drawing.ProposalLine(
                title=_name(graph, node, lang),
                proposed_by=", ".join(sorted(set(by))) or "–",
                submitted_to=", ".join(sorted(set(to))) or "–",
                status=str(attrs.get("status") or "raised"),
                raised_on=raised if isinstance(raised, date) else None,
            )
        )
    order = {s.value: i for i, s in enumerate(ProposalStatus)}
    return sorted(lines, key=lambda p: (order.get(p.status, 9), p.raised_on or date.min, p.title))


def _partnerships(graph: nx.MultiDiGraph, lang: Lang) -> list[drawing.PartnershipLine]:
    tied = {
        frozenset((str(u), str(v)))
        for u, v, d in graph.edges(data=True)
        if d.get("type") == RelType.PARTNERS_WITH.value
    }
    return [
        drawing.PartnershipLine(
            _name(graph, d.source, lang),
            _name(graph, d.target, lang),
            "realised" if frozenset((d.source, d.target)) in tied else "planned",
            d.decided_on,
            d.note,
        )
        for d in decisions_in(graph)
        if d.decision == "accepted"
    ]


MAP_MAX = 400  # organisations on the A4 map; more are an unreadable knot


def map_graph(graph: nx.MultiDiGraph, code: str | None = None) -> nx.MultiDiGraph:
    """The brief's map: organisations and the relationships among them (issues, events and
    proposals are in the tables; drawn, they would crowd the page). Over `MAP_MAX`, community
    organisations (funds, groups: counted in the figures) are left out first, then the
    organisations of other provinces, then the least connected."""
    keep = [n for n, k in graph.nodes(data="kind") if k in ORG_KINDS]
    if len(keep) > MAP_MAX:
        keep = [n for n in keep if graph.nodes[n].get("kind") != "CommunityOrganization"]
    if len(keep) > MAP_MAX and code is not None:
        keep = [
            n
            for n in keep
            if str(graph.nodes[n].get("province_code") or "") == code
            or not graph.nodes[n].get("province_code")
        ]
    if len(keep) > MAP_MAX:
        sub = graph.subgraph(keep)
        keep = sorted(keep, key=lambda n: (-sub.degree(n), str(n)))[:MAP_MAX]
    return nx.MultiDiGraph(graph.subgraph(keep))


def map_counts(graph: nx.MultiDiGraph, drawn: nx.MultiDiGraph, code: str) -> tuple[int, int]:
    """(shown, of): the province's own organisations on the map and in the scope. The scope
    also holds other provinces' partners and national bodies; "400 of N" counts neither, so
    N is the number the brief's headline gives for the province."""
    own = [n for n in drawn if str(drawn.nodes[n].get("province_code") or "") == code]
    shown = sum(1 for n in own if drawn.nodes[n].get("kind") in ORG_KINDS)
    return shown, len(_home_orgs(graph, code))


def province_brief(
    store: GraphStore,
    province: str,
    *,
    lang: str = "th",
    as_of: date | None = None,
    layout: str = "tiers",
    with_map: bool = True,
) -> drawing.Brief:
    """The brief of one province (see the module docstring). A province without any
    organisation in the store is refused (`NotFound`)."""
    from partnernet.visualizations import static
    from partnernet.visualizations.layouts import positions_for
    from partnernet.visualizations.view import build_view

    language = check_lang(lang)
    found = geography.resolve_province(province)
    code = found.code
    today = as_of or date.today()
    template = load_template()
    # One read of the province (and its region's peer summaries) for the analyses and the
    # brief alike: the same gaps and suggestions as `partnernet gaps` / `recommend`;
    # with `as_of`, the province and its peers as they stood that day.
    reading = analyses.read_province(store, code, template, today, as_of=as_of)
    graph = reading.graph
    home = _home_orgs(graph, code)
    if not home:
        raise NotFound(
            f"no organisation of {found.name_en} ({found.name_th}, {code}) in this store: "
            "nothing to brief"
        )
    gaps, recs = analyses.analyse_reading(reading, template, today, 10)
    peers = tuple(p for p in gaps.metrics.get("peers", {}).get("provinces", ()) if p != code)
    title_th = f"{drawing.t('brief', 'th')} จังหวัด{found.name_th}"
    title_en = f"{drawing.t('brief', 'en')}: {found.name_en} province"
    map_svg = None
    mapped: dict[str, int] = {}
    if with_map:
        drawn = map_graph(graph, code)
        shown, mappable = map_counts(graph, drawn, code)
        mapped = {"mapped": shown, "mappable": mappable}
        view = build_view(
            drawn,
            title=title_th if language == "th" else title_en,
            lang=language,
            gaps=gaps,
            recommendations=recs,
            positions=positions_for(drawn, layout, province=code),
        )
        map_svg = static.network_figure_svg(view)
    councils = sum(1 for n in home if graph.nodes[n].get("kind") == NodeKind.COUNCIL.value)
    return drawing.Brief(
        scope="province",
        title_th=title_th,
        title_en=title_en,
        as_of=today,
        lang=language,
        sources=_sources(graph, home),
        headlines=_headlines(store, gaps, code, peers, language, as_of),
        map_svg=map_svg,
        gaps=[
            drawing.GapLine(
                str(getattr(g.severity, "value", g.severity)),
                g.explanation_th,
                g.explanation_en,
                tuple(_name(graph, s, language) for s in g.subjects),
            )
            for g in gaps.gaps
        ],
        suggestions=[
            drawing.SuggestionLine(
                _name(graph, r.source, language),
                _name(graph, r.target, language),
                float(r.score),
                r.explanation_th,
                r.explanation_en,
            )
            for r in recs.recommendations
        ],
        partnerships=_partnerships(graph, language),
        proposals=_proposals(graph, code, language),
        counts={"orgs": len(home), "councils": councils, **mapped},
        peers=tuple(_province_name(p, language) for p in peers),
        layout=layout,
    )


def _province_name(code: str, lang: Lang) -> str:
    found = geography.province(code)
    return found.name_th if lang == "th" else found.name_en


def write_province_brief(
    store: GraphStore,
    province: str,
    out: Path,
    *,
    lang: str = "th",
    as_of: date | None = None,
    layout: str = "tiers",
) -> Path:
    """`partnernet brief --province P -o FILE.pdf|.html`."""
    brief = province_brief(store, province, lang=lang, as_of=as_of, layout=layout)
    out.parent.mkdir(parents=True, exist_ok=True)
    return drawing.write_brief(brief, out)
