"""The brief of a region or of an issue: the province brief's sections over many provinces.

A region's brief reads the region once and analyses each of its provinces that has
organisations (`analyses.provinces_analyses`, cut from that one read); an issue's brief reads
the issue's scope (the organisations working on it and their partners) and analyses the
provinces those organisations are in. Both show a table of the provinces' headline figures
with its median row, the provinces on the map of Thailand (one bubble per province, lines for
relationships across provinces: a region or a national issue has too many organisations to
draw one by one on A4), the gaps and suggestions that concern the area's organisations, the
planned and realised partnerships and the proposals.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import networkx as nx

from partnernet.analysis.gap_models import GapReport
from partnernet.analysis.recommend import RecommendationReport
from partnernet.analysis.template import load_template
from partnernet.analysis.timeline import graph_as_of
from partnernet.foundation import geography
from partnernet.foundation.errors import NotFound
from partnernet.foundation.lang import Lang, check_lang
from partnernet.graph.issues import resolve_issue
from partnernet.graph.model import NodeKind, RelType, issue_id
from partnernet.graph.store import GraphStore, Scope
from partnernet.service import analyses
from partnernet.service.brief import (
    ORG_KINDS,
    _name,
    _partnerships,
    _peer,
    _sources,
    answered_shares,
    proposal_lines,
    provinces_proposals,
)
from partnernet.visualizations import brief as drawing

MAX_SUGGESTIONS = 20
ISSUE_PROVINCES = 6  # an issue's brief analyses this many provinces (see issue_brief)


def _province_name(code: str, lang: Lang) -> str:
    found = geography.province(code)
    return found.name_th if lang == "th" else found.name_en


def _rows(
    graph: nx.MultiDiGraph,
    found: dict[str, tuple[GapReport, RecommendationReport]],
    lang: Lang,
) -> list[drawing.ProvinceRow]:
    shares = answered_shares(graph, found)
    rows = []
    for code in sorted(found, key=lambda c: _province_name(c, lang)):
        metrics = found[code][0].metrics
        answered, total = shares.get(code, (0, 0))
        rows.append(
            drawing.ProvinceRow(
                name=_province_name(code, lang),
                coverage=_peer(metrics, "coverage")[0],
                partners_per_council=_peer(metrics, "partners_per_council")[0],
                local_share=_peer(metrics, "local_government_share")[0],
                answered=answered / total if total else None,
                gaps=len(found[code][0].gaps),
            )
        )
    return rows


def median_row(rows: list[drawing.ProvinceRow], label: str) -> drawing.ProvinceRow:
    """The median of each column over the provinces that have a value in it."""

    def med(values: Iterable[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return statistics.median(known) if known else None

    gaps = med(float(r.gaps) for r in rows)
    return drawing.ProvinceRow(
        name=label,
        coverage=med(r.coverage for r in rows),
        partners_per_council=med(r.partners_per_council for r in rows),
        local_share=med(r.local_share for r in rows),
        answered=med(r.answered for r in rows),
        gaps=round(gaps) if gaps is not None else 0,
    )


def _gaps(
    graph: nx.MultiDiGraph,
    found: dict[str, tuple[GapReport, RecommendationReport]],
    keep: Callable[[list[str]], bool],
    lang: Lang,
) -> list[drawing.GapLine]:
    rank = {"high": 0, "medium": 1, "low": 2}
    lines = []
    for code, (report, _) in found.items():
        th, en = _province_name(code, "th"), _province_name(code, "en")
        for gap in report.gaps:
            if not keep(gap.subjects):
                continue
            severity = str(getattr(gap.severity, "value", gap.severity))
            line = drawing.GapLine(
                severity,
                f"{th}: {gap.explanation_th}",
                f"{en}: {gap.explanation_en}",
                tuple(_name(graph, s, lang) for s in gap.subjects),
            )
            lines.append((rank.get(severity, 3), th if lang == "th" else en, line))
    lines.sort(key=lambda t: (t[0], t[1]))
    return [line for *_, line in lines]


def _suggestions(
    graph: nx.MultiDiGraph,
    found: dict[str, tuple[GapReport, RecommendationReport]],
    keep: Callable[[str, str], bool],
    lang: Lang,
) -> list[drawing.SuggestionLine]:
    picked = sorted(
        (r for _, recs in found.values() for r in recs.recommendations if keep(r.source, r.target)),
        key=lambda r: (-float(r.score), r.source, r.target),
    )[:MAX_SUGGESTIONS]
    return [
        drawing.SuggestionLine(
            _name(graph, r.source, lang),
            _name(graph, r.target, lang),
            float(r.score),
            r.explanation_th,
            r.explanation_en,
        )
        for r in picked
    ]


def _map_svg(
    graph: nx.MultiDiGraph, focus: set[str], title: str, lang: Lang, zoom: set[str]
) -> str:
    """The provinces of the area's organisations on the map of Thailand (see the docstring),
    framed on the provinces `zoom` (a region's; an issue's: those its organisations are in)."""
    from partnernet.visualizations import overview, static

    view = overview.province_overview(
        graph, lang=lang, title=title, link_pattern=None, zoom=zoom, members=focus
    )
    return static.network_figure_svg(view)


def _decided(graph: nx.MultiDiGraph, nodes: set[str]) -> nx.MultiDiGraph:
    """What `brief._partnerships` reads about `nodes`: the decisions among them and, for each
    decided pair, their PARTNERS_WITH relationships. Built edge by edge: copying
    `graph.subgraph(nodes)` copies every relationship of a region's or a national issue's
    organisations (~300k-700k), 20-40 s, for the few decided pairs."""
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, graph.nodes[n]) for n in nodes)
    decided = [
        (u, v, k)
        for u, v, k, rel in graph.out_edges(nodes, keys=True, data="type")
        if rel == RelType.RECOMMENDED.value and v in nodes
    ]
    pairs = {(u, v) for u, v, _ in decided} | {(v, u) for u, v, _ in decided}
    out.add_edges_from((u, v, k, graph.edges[u, v, k]) for u, v, k in decided)
    out.add_edges_from(
        (u, v, k, d)
        for u, v in pairs
        for k, d in (graph.get_edge_data(u, v) or {}).items()
        if d.get("type") == RelType.PARTNERS_WITH.value
    )
    return out


def _analyse(
    store: GraphStore,
    codes: Iterable[str],
    today: date,
    as_of: date | None = None,
) -> dict[str, tuple[GapReport, RecommendationReport]]:
    """Each province's gaps and suggestions as of `today` (what `partnernet gaps` and
    `recommend` say), each read on its own with its region's stored peer summaries."""
    template = load_template()
    out = {}
    for code in codes:
        reading = analyses.read_province(store, code, template, today, as_of=as_of)
        out[code] = analyses.analyse_reading(reading, template, today, 10)
    return out


def _brief(
    *,
    scope: str,
    graph: nx.MultiDiGraph,
    found: dict[str, tuple[GapReport, RecommendationReport]],
    focus: set[str],
    title_th: str,
    title_en: str,
    lang: Lang,
    today: date,
    proposals: list[drawing.ProposalLine],
    with_map: bool,
    proposal_ids: Iterable[str] | None = None,
    zoom: Iterable[str] | None = None,
    provinces: int | None = None,
    notes: Iterable[str] = (),
) -> drawing.Brief:
    """`proposal_ids`: the proposals the rows' answered shares count (default: all); `zoom`:
    the provinces the map frames (default: those of the `focus` organisations); `provinces`:
    how many provinces the area has (default: those analysed)."""
    about = set(proposal_ids) if proposal_ids is not None else None
    counted = (
        graph
        if about is None
        else graph.subgraph(
            n for n, k in graph.nodes(data="kind") if k != NodeKind.PROPOSAL.value or n in about
        )
    )
    rows = _rows(counted, found, lang)
    median = median_row(rows, drawing.t("median_row", lang))
    orgs = sorted(focus)
    councils = sum(1 for n in orgs if graph.nodes[n].get("kind") == NodeKind.COUNCIL.value)
    answered = sum(1 for p in proposals if p.status not in ("raised", "submitted"))
    detail = (
        f"ตอบแล้ว {answered} จาก {len(proposals)}"
        if lang == "th"
        else f"{answered} of {len(proposals)} answered"
    )
    headlines = [
        drawing.Headline("จำนวนองค์กร", "Organisations", float(len(orgs)), None, "count"),
        drawing.Headline("จำนวนจังหวัด", "Provinces", float(provinces or len(found)), None, "count"),
        drawing.Headline("สภาองค์กรชุมชน", "Councils", float(councils), None, "count"),
        drawing.Headline(
            "ข้อเสนอที่ได้รับคำตอบ",
            "Proposals answered",
            answered / len(proposals) if proposals else None,
            median.answered,
            detail=detail if proposals else "",
        ),
    ]
    title = title_th if lang == "th" else title_en
    frame = (
        set(zoom)
        if zoom is not None
        else {str(graph.nodes[n].get("province_code") or "") for n in focus} - {""}
    )
    return drawing.Brief(
        scope=scope,
        title_th=title_th,
        title_en=title_en,
        as_of=today,
        lang=lang,
        sources=_sources(graph, orgs),
        headlines=headlines,
        map_svg=_map_svg(graph, focus, title, lang, frame) if with_map else None,
        gaps=_gaps(
            graph,
            found,
            # a region's provinces' gaps are all the region's; an issue's those about its
            # organisations
            (lambda _: True) if scope == "region" else (lambda s: bool(focus.intersection(s))),
            lang,
        ),
        suggestions=_suggestions(graph, found, lambda s, t: s in focus or t in focus, lang),
        partnerships=_partnerships(_decided(graph, focus), lang),
        proposals=proposals,
        counts={"orgs": len(orgs), "councils": councils},
        rows=[*rows, median],
        layout="provinces",
        notes=list(notes),
    )


def region_brief(
    store: GraphStore,
    region: str,
    *,
    lang: str = "th",
    as_of: date | None = None,
    with_map: bool = True,
) -> drawing.Brief:
    """The brief of a region (see the module docstring); `NotFound` if it has no data."""
    language = check_lang(lang)
    found_region = geography.resolve_region(region)
    members = [p.code for p in geography.region_provinces(found_region)]
    graph = store.subgraph(Scope(provinces=frozenset(members)))
    if as_of is not None:  # the region as it stood that day
        graph = graph_as_of(graph, as_of)
    codes = [c for c in analyses.provinces_with_data(graph) if c in set(members)]
    if not codes:
        raise NotFound(
            f"no organisation of the region {found_region.name_en} ({found_region.name_th}) "
            "in this store: nothing to brief"
        )
    today = as_of or date.today()
    # Each province is read on its own: with the stored peer summaries, reading a province
    # (~0.6 s nationally) beats cutting it out of the region's graph in memory (~2 s).
    found = _analyse(store, codes, today, as_of)
    focus = {
        str(n)
        for n, a in graph.nodes(data=True)
        if a.get("kind") in ORG_KINDS and str(a.get("province_code") or "") in set(members)
    }
    proposals = proposal_lines(graph, provinces_proposals(graph, set(members)), language)
    return _brief(
        scope="region",
        graph=graph,
        found=found,
        focus=focus,
        title_th=f"{drawing.t('brief', 'th')} {found_region.name_th}",
        title_en=f"{drawing.t('brief', 'en')}: {found_region.name_en}",
        lang=language,
        today=today,
        proposals=proposals,
        with_map=with_map,
        zoom=members,
    )


def issue_brief(
    store: GraphStore,
    issue: str,
    *,
    lang: str = "th",
    as_of: date | None = None,
    with_map: bool = True,
) -> drawing.Brief:
    """The brief of an issue (see the module docstring); `NotFound` if nobody works on it."""
    language = check_lang(lang)
    found_issue = resolve_issue(issue.removeprefix("issue:"))
    node = issue_id(found_issue.code)
    graph = store.subgraph(Scope(issue=node))
    if as_of is not None:
        graph = graph_as_of(graph, as_of)
    # the issue node's own in-edges, not a pass over the scope's (~700k for a national issue)
    into = list(graph.in_edges(node, data="type")) if node in graph else []
    focus = {
        str(u)
        for u, _, rel in into
        if rel == RelType.WORKS_ON.value and graph.nodes[u].get("kind") in ORG_KINDS
    }
    if not focus:
        raise NotFound(
            f"no organisation works on the issue {found_issue.name_en} "
            f"({found_issue.name_th}) in this store: nothing to brief"
        )
    known = {p.code for p in geography.provinces()}
    workers = Counter(str(graph.nodes[n].get("province_code") or "") for n in focus)
    codes = sorted(set(workers) & known, key=lambda c: (-workers[c], c))
    today = as_of or date.today()
    # Each province's analysis is ~1-2 s at national scale: a national issue (every
    # province) would take minutes. The brief analyses the provinces where most of the
    # issue's organisations are and says so; each other province has its own brief.
    analysed = sorted(codes[:ISSUE_PROVINCES])
    found = _analyse(store, analysed, today, as_of)
    notes = []
    if len(analysed) < len(codes):
        notes.append(
            f"ตาราง ช่องว่าง และข้อเสนอแนะ ครอบคลุม {len(analysed)} จังหวัดที่มีองค์กรทำงาน"
            f"ประเด็นนี้มากที่สุด จาก {len(codes)} จังหวัด ดูจังหวัดอื่นได้ในสรุปรายจังหวัด"
            if language == "th"
            else f"The table, the gaps and the suggestions cover the {len(analysed)} provinces "
            f"with the most organisations working on this issue, of {len(codes)}; the others "
            "have their own province briefs."
        )
    concerning = [str(u) for u, _, rel in into if rel == RelType.CONCERNS.value]
    about = sorted(set(concerning))
    proposals = proposal_lines(graph, about, language)
    return _brief(
        scope="issue",
        graph=graph,
        found=found,
        focus=focus,
        title_th=f"{drawing.t('brief', 'th')} ประเด็น{found_issue.name_th}",
        title_en=f"{drawing.t('brief', 'en')}: {found_issue.name_en}",
        lang=language,
        today=today,
        proposals=proposals,
        with_map=with_map,
        proposal_ids=about,
        zoom=codes,
        provinces=len(codes),
        notes=notes,
    )


def write_area_brief(
    store: GraphStore,
    out: Path,
    *,
    region: str | None = None,
    issue: str | None = None,
    lang: str = "th",
    as_of: date | None = None,
) -> Path:
    """`partnernet brief --region R` or `--issue I`."""
    brief = (
        region_brief(store, region, lang=lang, as_of=as_of)
        if region
        else issue_brief(store, str(issue), lang=lang, as_of=as_of)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    return drawing.write_brief(brief, out)
